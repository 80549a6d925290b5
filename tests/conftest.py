"""Shared fixtures: small documents built by hand, never downloaded."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from email.message import EmailMessage

import pytest

Block = str | Sequence[Sequence[str]]  # a paragraph, or a table as rows of cells

REQUEST_MESSAGE = """\
From: Jane Smith
To: Example College
Date: 3 March 2021

Dear Example College,

1. Which company and product do you use for monitoring?
2. How many alerts were generated annually?

Yours faithfully,
Jane Smith"""

REPLY_MESSAGE = """\
From: Example College
To: Jane Smith
Date: 24 March 2021

Dear Ms Smith,

1. We use Smoothwall Monitor.
2. We do not hold this information."""

SEPARATOR = "\n\n-------------------------------------------------------------------\n\n"


def _docx(blocks: Sequence[Block]) -> bytes:
    import docx

    doc = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            doc.add_paragraph(block)
        else:
            table = doc.add_table(rows=len(block), cols=len(block[0]))
            for r, row in enumerate(block):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _pdf(blocks: Sequence[Block]) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for block in blocks:
        if isinstance(block, str):
            pdf.multi_cell(0, 8, block, new_x="LMARGIN", new_y="NEXT")
        else:
            with pdf.table() as table:
                for values in block:
                    row = table.row()
                    for value in values:
                        row.cell(value)
        pdf.ln(4)
    return bytes(pdf.output())


def _eml(
    body: str = "Dear Ms Smith,\n\nPlease find our response attached.",
    *,
    sender: str = "Example Council FOI Team <foi@example.gov.uk>",
    attachments: Sequence[tuple[str, bytes]] = (),
    html: str | None = None,
    cte: str = "quoted-printable",
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "jane@example.org"
    msg["Subject"] = "RE: Freedom of Information request"
    if body:
        msg.set_content(body, cte=cte)
    if html is not None:
        if body:
            msg.add_alternative(html, subtype="html")
        else:
            msg.set_content(html, subtype="html")
    types = {".pdf": ("application", "pdf"), ".txt": ("text", "plain"), ".html": ("text", "html")}
    docx_type = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
    for name, data in attachments:
        maintype, subtype = types.get(name[name.rfind("."):], docx_type)
        if maintype == "text":
            msg.add_attachment(data.decode(), subtype=subtype, filename=name)
        else:
            msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return msg.as_bytes()


def _zip(members: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def docx_bytes() -> Callable[[Sequence[Block]], bytes]:
    """A .docx of paragraphs and tables, in the order given."""
    return _docx


@pytest.fixture
def pdf_bytes() -> Callable[[Sequence[Block]], bytes]:
    """A one-page PDF with a text layer: paragraphs and ruled tables, in order."""
    return _pdf


@pytest.fixture
def eml_bytes() -> Callable[..., bytes]:
    """A multipart e-mail: a quoted-printable text body, optional html and attachments."""
    return _eml


@pytest.fixture
def zip_bytes() -> Callable[[dict[str, bytes | str]], bytes]:
    """A zip of the given members (name -> content), names taken as given."""
    return _zip


@pytest.fixture
def correspondence() -> str:
    """A WhatDoTheyKnow correspondence.txt: the request, then the authority's reply."""
    return "FOI request: Digital monitoring\n\n" + REQUEST_MESSAGE + SEPARATOR + REPLY_MESSAGE + SEPARATOR


# -- shared/ (the project's shared folder) is present for developers and CI, absent in a user's clone --
import pathlib as _pathlib

SHARED = _pathlib.Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture
def shared_dir():
    if not SHARED.is_dir():
        pytest.skip("../shared/ is not here (a fresh clone): nothing to check against")
    return SHARED


@pytest.fixture
def seed_reply(shared_dir):
    """The seed's request text and the reply text (split where the college's reply starts)."""
    path = shared_dir / "seed" / "digital-monitoring-chesterfield-college.txt"
    if not path.exists():
        pytest.skip("seed reply not present")
    text = path.read_text(encoding="utf-8")
    marker = "Below is the list of questions"
    cut = text.index(marker)
    return text[:cut], text[cut:]
