"""Fold what is not an answer: quoted mail, the thread below, sign-offs and boilerplate.

Nothing is deleted: :func:`fold` returns labelled spans over the reply text so that
later stages skip them while every offset still refers to the text as read.
"""

from __future__ import annotations

import re

from .records import Span

RE_QUOTED_LINE = re.compile(r"^[ \t]*>.*$", re.M)
RE_WROTE = re.compile(r"^[ \t]*On\b[^\n]{3,200}?\bwrote:[ \t]*$", re.M | re.I)
# "-----Original Message-----", also with the words of another language beside them
# ("----- Neges wreiddiol / Original message -----")
# A rule of underscores is Outlook's separator only when a "From:" line follows it; in a pdf it is a page's rule.
RE_ORIGINAL = re.compile(
    r"^[ \t]*(?:-{2,}[^\n]{0,40}?(?:Original Message|Forwarded message)[^\n]{0,40}?-{2,}|Begin forwarded message:|"
    r"_{10,}(?=[ \t]*\n\s*(?:[^\n:/]{1,25}/[ \t]*)?From:))[ \t]*$",
    re.M | re.I,
)
# An Outlook-style header block: "From: ..." with "Sent:"/"Date:" and "To:" within the next lines; a
# bilingual one puts the other language's word first ("Oddi wrth / From:", "Anfonwyd / Sent:")
_OTHER = r"(?:[^\n:/]{1,25}/[ \t]*)?"
RE_HEADER_BLOCK = re.compile(
    rf"^[ \t]*{_OTHER}From:[^\n]*\n(?:[^\n]*\n){{0,3}}?[ \t]*{_OTHER}(?:Sent|Date):[^\n]*\n(?:[^\n]*\n){{0,3}}?"
    rf"[ \t]*{_OTHER}(?:To|Subject):",
    re.M | re.I,
)
# A pdf's page furniture, on a line of its own: "Page 2 of 3" (with whatever shares its line: the running
# header, "| OFFICIAL"), a protective marking, a page number between dashes, a rule.
RE_PAGE_LINE = re.compile(
    r"^[ \t]*(?:[^\n]*\bPage[ \t]+\d{1,3}[ \t]+of[ \t]+\d{1,3}\b[^\n]*|(?:OFFICIAL|OFFICIAL[ \t]*[-–:][ \t]*SENSITIVE|"
    r"NOT PROTECTIVELY MARKED|UNCLASSIFIED)|-[ \t]*\d{1,3}[ \t]*-|[-_=]{10,})[ \t]*$",
    re.M,
)
RE_ATTACHMENT_SEPARATOR = re.compile(r"^-{3,} Attachment: [^\n]* -{3,}$", re.M)
RE_SIGNOFF = re.compile(
    r"^[ \t]*(?:(?:Yours (?:sincerely|faithfully|truly)|Yn gywir|Kind regards|Best regards|Warm regards|Many thanks|"
    r"Regards|With (?:best|kind) (?:wishes|regards)|Best wishes)(?:[,.][^\n]{0,60})?|Thanks|Thank you|Cheers)[,.!]?[ \t]*$",
    re.M | re.I,
)
# Paragraphs of the rights-and-re-use boilerplate that follows the answers.
RE_BOILERPLATE = re.compile(
    r"(?:if you are (?:dissatisfied|unhappy|not satisfied|not content)|"
    r"(?:you (?:may|can|have the right to)|to) (?:ask|request|apply) for (?:an )?internal review|"
    r"right (?:to|of) (?:appeal|complain)|wycliffe house,?\s+water lane|\bwilmslow\b|\bSK9\s?5AF\b|kingsgate house|"
    r"re-?use (?:of )?(?:the |this )?information|copyright (?:in|of|owner|holder)|open government licen[cs]e|crown copyright|"
    r"this (?:e-?mail|message) (?:and any|is) (?:files|attachments|confidential|intended)|"
    r"intended (?:solely|only) for the (?:use of the )?(?:individual|addressee)|"
    r"please consider the environment|you are free to use any information|any other (?:type of )?re-?use|"
    r"permission of the copyright (?:owner|holder))",
    re.I,
)


def fold(text: str) -> list[Span]:
    """Spans of ``text`` that are not answers, labelled quoted/thread/signoff/boilerplate.

    The thread below an answer (``-----Original Message-----``, an Outlook header
    block, ``On ... wrote:``) is folded up to the next attachment separator, since
    an attachment read into the reply starts a new document.
    """
    spans: list[Span] = []
    seps = [m.start() for m in RE_ATTACHMENT_SEPARATOR.finditer(text)]

    def until_next_document(pos: int) -> int:
        return next((s for s in seps if s > pos), len(text))

    for m in _quoted_lines(text):
        spans.append(Span(m.start(), m.end(), m.group(), "quoted"))
    for rx in (RE_ORIGINAL, RE_HEADER_BLOCK):
        for m in rx.finditer(text):
            if not text[: m.start()].strip():  # a header at the very top is this message's own header
                continue
            end = until_next_document(m.start())
            spans.append(Span(m.start(), end, text[m.start():end], "thread"))
    for m in RE_WROTE.finditer(text):
        spans.append(Span(m.start(), m.end(), m.group(), "thread"))
    for m in RE_SIGNOFF.finditer(text):
        end = until_next_document(m.start())
        spans.append(Span(m.start(), end, text[m.start():end], "signoff"))
    spans += _page_furniture(text)
    for start, end in paragraphs(text):
        m = RE_BOILERPLATE.search(text, start, end)
        if m:
            # from the line that starts the boilerplate: a text with no blank lines (a pdf) is one "paragraph"
            begin = max(start, text.rfind("\n", start, m.start()) + 1)
            spans.append(Span(begin, end, text[begin:end], "boilerplate"))
    return _merge(spans)


RE_QUESTION_LINE = re.compile(r"[ \t]*(?:(?:Q(?:uestion)?\s*)?\d{1,2}[a-h]?[.):]|\(?[a-h]\))[ \t]|[^\n]*\?[ \t]*(?:\([^)\n]{0,20}\))?[ \t]*$", re.I)


def _quoted_lines(text: str) -> list[re.Match]:
    """The quoted ("> ") lines, less those typed as answers under an unquoted question (">> Yes."):
    a quoted line right under a line that asks or is numbered, and the quoted lines that go on from it."""
    out = []
    prev_line = ""
    answering = False
    for line in re.finditer(r"[^\n]*", text):
        body = line.group()
        if not body.strip():
            continue
        quoted = RE_QUOTED_LINE.fullmatch(body) is not None
        if quoted:
            asks = RE_QUESTION_LINE.match(body.lstrip(" \t>"))  # a question quoted back is a quote
            answering = not asks and (answering or bool(
                prev_line and not prev_line.lstrip().startswith(">") and RE_QUESTION_LINE.match(prev_line)))
            if not answering:
                out.append(RE_QUOTED_LINE.match(text, line.start(), line.end()))
        else:
            answering = False
        prev_line = body
    return out


def _page_furniture(text: str) -> list[Span]:
    """The page lines of a pdf's text (:data:`RE_PAGE_LINE`), and the running header: a line that
    comes again right after a page line (within two lines), each time it appears."""
    pages = list(RE_PAGE_LINE.finditer(text))
    if not any("Page" in m.group() for m in pages):
        return []  # no page numbers: a rule or a marking alone does not make a pdf
    spans = [Span(m.start(), m.end(), m.group(), "page") for m in pages]
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    where: dict[str, list[re.Match]] = {}
    for m in lines:
        where.setdefault(m.group().strip(), []).append(m)
    page_ends = {m.end() for m in pages}
    for i, m in enumerate(lines):
        follows_page = any(lines[j].end() in page_ends for j in range(max(0, i - 2), i))
        if not follows_page or RE_PAGE_LINE.fullmatch(m.group()) or len(where[m.group().strip()]) < 2:
            continue
        spans += [Span(o.start(), o.end(), o.group(), "page") for o in where[m.group().strip()]]
    return spans


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each blank-line separated paragraph, whitespace trimmed."""
    out = []
    for m in re.finditer(r"\S(?:.|\n(?![ \t]*\n))*", text):
        out.append((m.start(), m.end()))
    return out


def _merge(spans: list[Span]) -> list[Span]:
    """Sort and drop spans contained in an earlier one (the outer label wins)."""
    spans.sort(key=lambda s: (s.start, -s.end))
    out: list[Span] = []
    for s in spans:
        if out and s.end <= out[-1].end:
            continue
        out.append(s)
    return out


def is_folded(spans: list[Span], pos: int, *, labels: tuple[str, ...] = ()) -> bool:
    """Whether ``pos`` falls in a folded span (of one of ``labels``, if given)."""
    for s in spans:
        if s.start <= pos < s.end and (not labels or s.label in labels):
            return True
        if s.start > pos:
            break
    return False
