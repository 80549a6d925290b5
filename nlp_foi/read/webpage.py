"""Web pages (.html, .htm), including WhatDoTheyKnow request pages.

On a WhatDoTheyKnow page each message is a ``div.correspondence`` marked
``incoming`` (from the authority) or ``outgoing`` (from the requester), with its
text in ``div.correspondence_text``; only the incoming messages are the reply.
Nothing the page refers to is ever fetched.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nlp_foi.config import DEFAULT, Config
from nlp_foi.read.base import ReadError, join_cells

if TYPE_CHECKING:  # Beautiful Soup is imported when a page comes: a batch without one never pays for it
    from bs4 import Tag

RE_SPACE = re.compile(r"\s+")
# Breaks are marked with two control characters (\s, so the source's own are
# already spaces) and resolved once the text is out: a blank line or a line break.
PARA, LINE = "\x1e", "\x1f"
RE_BREAKS = re.compile(r"\s*[\x1e\x1f]\s*")

DROPPED = ("script", "style", "noscript", "template", "head", "nav", "footer", "form")
# Paragraph-like blocks get a blank line around them, the others a line break.
PARAGRAPHS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "pre", "ul", "ol")
LINES = (
    "div", "li", "br", "hr", "section", "article", "main", "header", "aside",
    "address", "dl", "dt", "dd", "figure", "figcaption", "caption",
)


def _classes(tag: Tag) -> list[str]:
    return list(tag.get("class") or [])


def _layout(root: Tag) -> str:
    """Text of ``root`` with blocks on their own lines and table rows as "a | b"."""
    from bs4.element import NavigableString, PreformattedString

    for s in root.find_all(string=True):
        if isinstance(s, PreformattedString):  # comments, doctype, CDATA
            s.extract()
        elif not s.find_parent("pre"):
            # Whitespace in HTML source is layout, not text.
            s.replace_with(RE_SPACE.sub(" ", s))
    # Innermost rows first, so a table nested in a cell ends up inside its row.
    for row in reversed(root.find_all("tr")):
        cells = [c.get_text(" ") for c in row.find_all(["td", "th"], recursive=False)]
        row.replace_with(NavigableString(LINE + join_cells(cells) + LINE))
    for tag in root.find_all(PARAGRAPHS + LINES):
        mark = PARA if tag.name in PARAGRAPHS else LINE
        tag.insert_before(mark)
        tag.insert_after(mark)
    # Marks meeting (a row in a cell in a div) make one break: the widest wins.
    text = RE_BREAKS.sub(lambda m: "\n\n" if PARA in m[0] else "\n", root.get_text())
    return text.strip()


def read_html(data: bytes | str, *, config: Config = DEFAULT) -> str:
    """The text of a web page; on a WhatDoTheyKnow page, the authority's messages.

    Raises :class:`ReadError` for an empty page or a request page with no reply.
    """
    if not data or not data.strip():
        raise ReadError("is empty; check the page was saved completely")
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "html.parser")
    for tag in soup.find_all(DROPPED):
        tag.decompose()
    messages = soup.find_all("div", class_="correspondence")
    if any({"incoming", "outgoing"} & set(_classes(d)) for d in messages):
        texts = []
        for div in messages:
            if "incoming" in _classes(div):
                texts.append(_layout(div.find("div", class_="correspondence_text") or div))
        if not any(texts):
            raise ReadError(
                "is a WhatDoTheyKnow page with no message from the authority, only the request; "
                "nothing to code yet"
            )
        return "\n\n".join(t for t in texts if t)
    return _layout(soup.body or soup)
