"""Legal provisions cited as the reason for not providing information.

FOIA 2000 ss.12, 14 and 21-44; FOISA 2002 ss.12, 14, 17 (information not held),
18 (neither confirm nor deny) and 25-41; EIR 2004 regulations 12 and 13.
``Value.value`` is the section number (40 for "s.40(2)", 12 for "regulation
12(4)(b)"); ``Value.text`` keeps the citation as written.  A section of another
Act ("section 175 of the Education Act 2002", "s.47 Children Act 1989") is not
returned, nor FOIA s.1 (the duty to confirm) or ss.16-17 (advice and the refusal
notice), which are procedure rather than reasons.  An unnamed Act is taken for
FOI: FOISA where the reply is Scottish, the EIR for a "regulation".  Sub-sections
may be spaced ("section 31 (1) (a)"); "the FOI Act" is FOIA.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp_foi.patterns import (
    RE_EIR_ACT,
    RE_FOI_ACT,
    RE_SCOTLAND_ACT,
    RE_SCOTLAND_CONTEXT,
    RE_SECTION,
    RE_SECTION_ACT_AFTER,
    RE_SECTION_ACT_BEFORE,
    RE_SECTION_ITEM,
)
from nlp_foi.records import Value

VALID: dict[str, frozenset[int]] = {
    "foi": frozenset({12, 14, *range(21, 45)}),
    "foisa": frozenset({12, 14, 17, 18, *range(25, 42)}),
    "eir": frozenset({12, 13}),
}
"""Sections (or regulations) that are a reason for not providing, per law."""


def _law_of(act: str) -> str:
    """'foi', 'foisa', 'eir' or 'other' for the name of an Act as cited."""
    act = act.strip()
    if RE_EIR_ACT.search(act):
        return "eir"
    if RE_FOI_ACT.search(act):
        return "foisa" if RE_SCOTLAND_ACT.search(act) else "foi"
    if RE_SCOTLAND_ACT.search(act) and "information" in act.lower():
        return "foisa"
    return "other"


def _law(text: str, start: int, end: int, *, is_reg: bool, scottish: bool) -> str:
    after = RE_SECTION_ACT_AFTER.match(text[end : end + 160])
    if after is not None:
        law = _law_of(after.group("act"))
        if law == "foi" and scottish and after.group("act").strip().lower() in ("act", "the act"):
            law = "foisa"
        return law
    before = RE_SECTION_ACT_BEFORE.search(text[max(0, start - 80) : start])
    if before is not None:
        return _law_of(before.group("act"))
    if is_reg:
        return "eir"
    return "foisa" if scottish else "foi"


def find_sections(text: str, *, question: str = "") -> list[Value]:
    """Sections of FOIA / FOISA / the EIR cited in ``text``; ``Value.value`` is an int."""
    if not text:
        return []
    return list(_find_sections(text))


@lru_cache(maxsize=256)
def _find_sections(text: str) -> tuple[Value, ...]:
    """:func:`find_sections` of a non-empty ``text``, remembered for the last few answers: a reply
    answered as a whole gives every question the same passage (and the question plays no part)."""
    scottish = bool(RE_SCOTLAND_CONTEXT.search(text))
    out: list[Value] = []
    for m in RE_SECTION.finditer(text):
        kw = m.group("kw").lower()
        is_reg = kw.startswith("reg") or kw.startswith("r.")
        law = _law(text, m.start(), m.end(), is_reg=is_reg, scottish=scottish)
        if law == "other":
            continue
        items: list[tuple[int, int, int, bool]] = []  # start, end, number, regulation?
        first_s, first_e = m.span("first")
        num = re.match(r"[0-9]+", m.group("first"))
        items.append((m.start(), first_e, int(num.group(0)), is_reg))
        rest_s, rest_e = m.span("rest")
        prev = first_e
        for it in RE_SECTION_ITEM.finditer(text, rest_s, rest_e):
            if it.group("num") is None:
                continue  # "(3)" in "40(2) and (3)": a sub-section of the one before
            between = text[prev : it.start()].lower()
            reg = ("reg" in between) or (is_reg and "sect" not in between and not re.search(r"\bs", between))
            kw_m = re.search(r"(?:sections?|ss?\.|s|regulations?|regs?\.?)\s?$", text[prev : it.start()], re.I)
            start = prev + kw_m.start() if kw_m else it.start()
            items.append((start, it.end(), int(re.match(r"[0-9]+", it.group("num")).group(0)), reg))
            prev = it.end()
        for s, e, n, reg in items:
            valid = VALID["eir"] if (reg or law == "eir") else VALID[law]
            if n in valid:
                out.append(Value("sections", n, s, e, text[s:e]))
    return tuple(out)
