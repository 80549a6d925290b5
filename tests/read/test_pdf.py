import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from fpdf import FPDF

from nlp_foi.config import Config
from nlp_foi.read import read_replies
from nlp_foi.read.base import ReadError
from nlp_foi.read.pdf import read_pdf

TABLE = [["Year", "Alerts"], ["2019/20", "12"], ["2020/21", "30"]]


def test_text_and_table_in_order(pdf_bytes: Callable) -> None:
    text = read_pdf(pdf_bytes(["Dear Ms Smith, we hold the following.", TABLE, "Yours sincerely, FOI Team"]))
    assert text == (
        "Dear Ms Smith, we hold the following.\n"
        "Year | Alerts\n2019/20 | 12\n2020/21 | 30\n"
        "Yours sincerely, FOI Team"
    )
    assert text.count("2019/20") == 1  # the table's own text is not repeated


def _pages(n: int) -> bytes:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for i in range(1, n + 1):
        pdf.add_page()
        pdf.cell(0, 10, f"Page {i} text")
    return bytes(pdf.output())


def test_pages_joined_and_cut(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert read_pdf(_pages(3)) == "Page 1 text\n\nPage 2 text\n\nPage 3 text"
    (tmp_path / "long.pdf").write_bytes(_pages(3))
    with caplog.at_level(logging.WARNING):
        [reply] = read_replies(tmp_path / "long.pdf", config=Config(max_pdf_pages=2))
    assert reply.text == "Page 1 text\n\nPage 2 text" and reply.error is None
    assert "long.pdf: read the first 2 of 3 pages (Config.max_pdf_pages)" in caplog.text


def test_scanned() -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # an image-like page: marks, no text
    with pytest.raises(ReadError, match=r"has no text layer \(scanned\?\); OCR it first"):
        read_pdf(bytes(pdf.output()))


@pytest.mark.parametrize("data", [b"%PDF-1.4 garbage", b"not a pdf at all", b""])
def test_broken(data: bytes) -> None:
    with pytest.raises(ReadError, match="is not a readable PDF: "):
        read_pdf(data)


def test_error_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4 garbage")
    [reply] = read_replies(tmp_path / "scan.pdf")
    assert reply.id == "scan" and reply.text == ""
    assert reply.error.startswith(f"{tmp_path / 'scan.pdf'} is not a readable PDF: ")
