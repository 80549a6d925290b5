import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest

from nlp_foi.config import Config
from nlp_foi.read import read_replies
from nlp_foi.read.base import ReadError
from nlp_foi.read.word import read_docx


def test_paragraphs_and_tables_in_document_order(docx_bytes: Callable) -> None:
    data = docx_bytes(["Dear Ms Smith,", [["Year", "Alerts"], ["2019/20", "12"]], "Yours sincerely"])
    assert read_docx(data) == "Dear Ms Smith,\nYear | Alerts\n2019/20 | 12\nYours sincerely"


def test_merged_cells_once_per_row() -> None:
    doc = docx.Document()
    table = doc.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Alerts by year"
    table.cell(0, 2).text = "Total"
    for c, value in enumerate(["2019/20", "2020/21", "42"]):
        table.cell(1, c).text = value
    out = io.BytesIO()
    doc.save(out)
    assert read_docx(out.getvalue()) == "Alerts by year | Total\n2019/20 | 2020/21 | 42"


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"Just some text, not a Word file", r"is not a readable Word file: not a \.docx \(zip\) file"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old .doc", "if it is an old .doc, save it as .docx"),
        (_zip({"readme.txt": b"hello"}), "is not a readable Word file: it has no word/document.xml"),
        (_zip({"word/document.xml": b"<not xml", "[Content_Types].xml": b"<x/>"}), "is not a readable Word file: "),
    ],
    ids=["text", "doc", "no-document-xml", "broken-xml"],
)
def test_broken(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_docx(data)


def test_zip_bomb_refused_before_parsing(docx_bytes: Callable) -> None:
    with pytest.raises(ReadError, match=r"unpacks to .* over the 1 kB limit \(Config.max_unpacked_bytes\)"):
        read_docx(docx_bytes(["Dear Ms Smith,"]), config=Config(max_unpacked_bytes=1000))


def test_error_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "reply.docx").write_bytes(b"not a zip")
    [reply] = read_replies(tmp_path / "reply.docx")
    assert reply.error.startswith(f"{tmp_path / 'reply.docx'} is not a readable Word file")
