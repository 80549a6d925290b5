"""PDF replies: the text layer page by page, tables as "a | b" lines."""

from __future__ import annotations

import io
import logging
from typing import TYPE_CHECKING

from nlp_foi.config import DEFAULT, Config
from nlp_foi.read.base import ReadError, join_cells

if TYPE_CHECKING:
    from pdfplumber.page import Page

log = logging.getLogger(__name__)


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _page_text(page: Page) -> str:
    """The page's text, with each table's rows in place of the table's own text."""
    tables = page.find_tables()
    if not tables:
        return page.extract_text() or ""
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    # Lines and tables are put back in reading order by their top edge.
    items = [(line["top"], line["text"]) for line in outside.extract_text_lines()]
    for table in tables:
        rows = [join_cells(row) for row in table.extract() if any(row)]
        items.append((table.bbox[1], "\n".join(rows)))
    return "\n".join(text for _, text in sorted(items, key=lambda item: item[0]))


def _reason(exc: Exception) -> str:
    # pdfplumber wraps pdfminer's errors; the inner one says what is wrong.
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(inner).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError"):
        return "it is password-protected; ask the authority for an unprotected copy"
    return str(inner) or name


def read_pdf(data: bytes, *, config: Config = DEFAULT, name: str = "PDF") -> str:
    """The text of a PDF, pages joined by a blank line, at most ``config.max_pdf_pages``.

    ``name`` names the file in the warning logged when pages are left unread.
    Raises :class:`ReadError` for a broken PDF or one with no text layer.
    """
    import pdfplumber  # imported when a PDF comes: a batch without one never pays for it

    pages: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as doc:
            total = len(doc.pages)
            for page in doc.pages[: config.max_pdf_pages]:
                pages.append(_page_text(page))
                page.close()  # frees the page's cached objects: long PDFs stay small
    except Exception as exc:  # pdfminer raises many kinds; all mean "cannot read"
        raise ReadError(f"is not a readable PDF: {_reason(exc)}") from exc
    if total > config.max_pdf_pages:
        log.warning(
            "%s: read the first %d of %d pages (Config.max_pdf_pages)", name, config.max_pdf_pages, total
        )
    if total == 0:
        raise ReadError("is not a readable PDF: it has no pages")
    if not any(p.strip() for p in pages):
        if total > config.max_pdf_pages:
            raise ReadError(
                f"has no text layer in its first {config.max_pdf_pages} pages (Config.max_pdf_pages); "
                "OCR it first or raise the limit"
            )
        raise ReadError("has no text layer (scanned?); OCR it first")
    return "\n\n".join(pages)
