"""Word replies (.docx): paragraphs and tables in document order."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING

from nlp_foi.config import DEFAULT, Config
from nlp_foi.read.base import ReadError, check_archive, join_cells, squeeze_blank_lines

if TYPE_CHECKING:  # python-docx is imported when a Word file comes: a batch without one never pays for it
    from docx.document import Document
    from lxml import etree


def _blocks(doc: Document, parent: etree._Element) -> Iterator[str]:
    """Lines of paragraphs and table rows under ``parent``, in document order."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, doc).text
        elif child.tag == qn("w:tbl"):
            for row in Table(child, doc).rows:
                cells, previous = [], None
                for cell in row.cells:
                    # python-docx repeats a merged cell once per grid column it spans.
                    if cell._tc is not previous:
                        cells.append(cell.text)
                    previous = cell._tc
                yield join_cells(cells)
        elif child.tag == qn("w:sdt"):
            # Content controls (form fields) hold ordinary paragraphs and tables.
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _blocks(doc, content)


def read_docx(data: bytes, *, config: Config = DEFAULT) -> str:
    """The text of a .docx file: paragraphs, and table rows as "a | b" lines.

    Raises :class:`ReadError` for a file that is not a Word document, or one
    whose unpacked size is over ``config.max_unpacked_bytes``.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_archive(zf.infolist(), config)
            if "word/document.xml" not in zf.namelist():
                raise ReadError("is not a readable Word file: it has no word/document.xml")
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ReadError(
            "is not a readable Word file: not a .docx (zip) file; "
            "if it is an old .doc, save it as .docx"
        ) from exc
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
        lines = list(_blocks(doc, doc.element.body))
    except Exception as exc:  # lxml and python-docx raise many kinds; all mean "cannot read"
        raise ReadError(f"is not a readable Word file: {exc or type(exc).__name__}") from exc
    return squeeze_blank_lines("\n".join(lines))
