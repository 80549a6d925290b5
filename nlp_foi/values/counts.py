"""The ``total`` answering a "how many" question, with the counts it is made of.

Runs when the question asks for a number ("how many", "number of", "total",
"FTE") or the answer is a bare number ("4347", "None", "2 officers"); figures
alone ("14") answer any question, even a fragment ("b) have no school place:"),
unless it asks for an amount, a date or a name.  A zero may be said in words
("None of our schools ...", "No schools in X use ...", "There are currently no ...").
Counts by role are summed ("2 DSLs and 2 Safeguarding Officers ... 6 members of
the IT network team" -> 10); roles come from ``roles.txt`` in the lexicons
folder, else from the noun phrase after the number.  Years, dates, times,
section numbers, money, percentages, durations, phone and reference numbers,
list markers and figures inside a per-year breakdown are not counts; an answer
that gives only per-year figures (or a series paired with the question's years)
has no total unless it states one.

Returns one Value with key ``total`` (an int; a float when the parts are FTEs
such as 2.5) and one Value with key ``count`` per part, ``{"n": 2, "role": "DSLs"}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp_foi.config import LEXICONS_DIR
from nlp_foi.patterns import (
    RE_ALNUM_TOKEN,
    RE_ANSWER_PREFIX,
    RE_ASKS_NOT_A_COUNT,
    RE_ASKS_NUMBER,
    RE_ASKS_PRODUCT,
    RE_ASKS_PEOPLE,
    RE_BARE_NUMBER,
    RE_COUNT,
    RE_COUNT_MENTION,
    RE_DAY_MONTH,
    RE_LIST_JOIN,
    RE_LEADING_TOTAL,
    RE_LIST_MARKER,
    RE_NOT_COUNT_AFTER,
    RE_NOT_COUNT_BEFORE,
    RE_NUMERIC_DATE,
    RE_PHONE,
    RE_REFERENCE,
    RE_ROLE_BEFORE,
    RE_ROLE_LEAD,
    RE_ROLE_WORD,
    RE_SECTION,
    RE_SUBSET_CUE,
    RE_TIME,
    RE_TOTAL_STATED,
    RE_ZERO_ANSWER,
    ROLE_BEFORE_NOT_ROLES,
    ROLE_STOPWORDS,
    word_to_number,
)
from nlp_foi.records import Value
from nlp_foi.values.durations import find_durations
from nlp_foi.values.money import find_money
from nlp_foi.values.periods import find_periods, parse_count, question_years

_MAX_ROLE_WORDS = 4
_RE_ROLE_CUT = re.compile(r"[\n,;•|\t]|[.)](?=[ \t])")
_RE_ASIDE = re.compile(r"\([^()\n]*\)")
_NUMBERED_WORDS = frozenset({"band", "grade", "level", "tier", "scale", "step", "spine", "afc"})


@lru_cache(maxsize=1)
def role_pattern() -> re.Pattern[str]:
    """The roles lexicon as one pattern (longest first, plurals allowed), loaded once."""
    path = LEXICONS_DIR / "roles.txt"
    roles: list[str] = []
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                roles.append(line)
    if not roles:
        return re.compile(r"(?!x)x")
    roles.sort(key=len, reverse=True)
    alts = "|".join(r"\s+".join(re.escape(w) for w in role.split()) for role in roles)
    return re.compile(rf"(?:{alts})(?:es|s|['’]s|s['’])?(?![\w])", re.I)


def asks_number(question: str) -> bool:
    """True when ``question`` asks for a number."""
    return bool(question) and RE_ASKS_NUMBER.search(question) is not None


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    n: int | float
    role: str | None
    role_end: int
    role_start: int = -1  # where a role written before the number starts ("Analysts (3)")

    @property
    def span(self) -> tuple[int, int]:
        """The number with its role, whichever side the role is on."""
        start = self.role_start if 0 <= self.role_start < self.start else self.start
        return start, max(self.end, self.role_end)


def _number(raw: str) -> int | float | None:
    raw = raw.strip()
    if raw and raw[0].isdigit():
        raw = raw.replace(",", "")
        try:
            return float(raw) if "." in raw else int(raw)
        except ValueError:
            return None
    return word_to_number(raw)


def _role(text: str, pos: int) -> tuple[str | None, int]:
    """The role named right after a number at ``pos``: (role as written, end) or (None, pos)."""
    lead = RE_ROLE_LEAD.match(text, pos)
    p = lead.end() if lead else pos
    lex = role_pattern().match(text, p)
    if lex is not None:
        return text[lex.start() : lex.end()], lex.end()
    words: list[tuple[int, int]] = []
    q = p
    while len(words) < _MAX_ROLE_WORDS:
        w = RE_ROLE_WORD.match(text, q)
        if w is None:
            break
        token = w.group(0).strip()
        start = w.end() - len(token)
        if token[0].isdigit():
            if not words or text[words[-1][0] : words[-1][1]].lower() not in _NUMBERED_WORDS:
                break
        else:
            token = token.rstrip(".")
            if token.lower() in ROLE_STOPWORDS and not (token.isupper() and len(token) > 1):
                break
            if words and token.islower() and len(token) > 4 and token.endswith("ed"):
                break  # "214 pupils placed in ...": a verb, not part of the role
        if not token:
            break
        words.append((start, start + len(token)))
        q = start + len(token)
    if not words:
        return None, pos
    return text[words[0][0] : words[-1][1]], words[-1][1]


def _role_before(text: str, pos: int) -> tuple[str | None, int]:
    """The role written just before a number at ``pos`` ("Records Officer x2", "Analysts (3)",
    "FOI Lead – 1"): (role, its start) or (None, -1).  Only the text since the last line break,
    comma, semicolon, cell or sentence end is looked at, and it must end in a joiner (x, a dash, a
    colon, a bracket)."""
    lo = max(0, pos - 120)
    cut = lo - 1
    for m in _RE_ROLE_CUT.finditer(text, lo, pos):
        cut = m.start()
    m = RE_ROLE_BEFORE.match(text[cut + 1 : pos])
    if m is None:
        return None, -1
    role = m.group("role").strip()
    words = role.split()
    if not 1 <= len(words) <= 6 or words[0].lower().strip(".") in ROLE_BEFORE_NOT_ROLES:
        return None, -1
    if all(w.lower() in ROLE_STOPWORDS for w in words):
        return None, -1
    return role, cut + 1 + m.start("role")


def _excluded_spans(text: str, question: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for finder in (find_money, find_durations):
        spans += [(v.start, v.end) for v in finder(text, question=question)]
    for rx in (RE_PHONE, RE_REFERENCE, RE_DAY_MONTH, RE_NUMERIC_DATE, RE_TIME, RE_LIST_MARKER, RE_SECTION):
        spans += [m.span() for m in rx.finditer(text)]
    spans += [m.span() for m in RE_ALNUM_TOKEN.finditer(text) if not re.fullmatch(r"[0-9]+[xX]|[xX][0-9]+", m.group(0))]
    return spans


def _inside(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in spans)


def _in_parentheses(text: str, pos: int) -> bool:
    ls = text.rfind("\n", 0, pos) + 1
    before = text[ls:pos]
    return before.count("(") > before.count(")")


def _mentions(text: str, lo: int, hi: int, excluded: list[tuple[int, int]]) -> list[_Mention]:
    out: list[_Mention] = []
    for m in RE_COUNT_MENTION.finditer(text, lo, hi):
        s, e = m.span("n") if m.group("n") else m.span("w")
        if _inside(s, e, excluded):
            continue
        raw = m.group("n") or m.group("w")
        if m.group("n") and len(raw) == 4 and raw.isdigit() and 1950 <= int(raw) <= 2049:
            continue  # a year
        if RE_NOT_COUNT_BEFORE.search(text[max(0, s - 25) : s]):
            continue
        if RE_NOT_COUNT_AFTER.match(text[e : e + 25]):
            continue
        n = _number(raw)
        if n is None:
            continue
        role, role_end = _role(text, m.end())
        role_start = -1
        if role is None and m.group("n"):
            role, role_start = _role_before(text, s)
            role_end = e + (text[e : e + 1] == ")" and text[role_start:s].rstrip().endswith("(")) if role else role_end
        if m.group("w"):
            # a number word counts only when it names what it counts ("two DSLs")
            if role is None or raw.lower() in ("none", "nil", "zero", "nought"):
                continue
            if re.match(r"\s+of\b", text[e : e + 4], re.I):
                continue  # "one of the ...", not "four officers"
        out.append(_Mention(s, e, n, role, role_end, role_start))
    return out


def _joined(text: str, a: _Mention, b: _Mention) -> bool:
    """Whether two counts are items of one list: only joiners between them ("and", commas), asides
    in brackets aside; labelled items ("Counsellors: 5 (4.5 FTE). Advisers: 2") may end in a full stop."""
    between = _RE_ASIDE.sub(" ", text[a.span[1] : b.span[0]])
    if a.role_start >= 0 and b.role_start >= 0:
        between = between.replace(".", " ")
    return RE_LIST_JOIN.match(between) is not None


def _subset(text: str, counts: list[_Mention]) -> bool:
    """Whether the first count is a whole the others break down ("12 staff, of whom 4 ...",
    "12 staff: 4 X and 8 Y"); the colons of labelled counts ("Investigators: 64") are not such."""
    first, last = counts[0], counts[-1]
    cue = RE_SUBSET_CUE.search(text, first.span[1], last.span[0])
    while cue is not None and cue.group() == ":":
        if first.role_start < 0 and cue.start() < counts[1].span[0] and not text.startswith("\n", cue.end()):
            return True  # "12 staff: 4 X and 8 Y"
        cue = RE_SUBSET_CUE.search(text, cue.end(), last.span[0])
    return cue is not None


def _total(ns: list[int | float]) -> int | float:
    total = sum(ns)
    if isinstance(total, float):
        return int(total) if total.is_integer() and all(isinstance(n, int) for n in ns) else round(total, 2)
    return total


def _values(text: str, total: int | float, span: tuple[int, int], parts: list[_Mention]) -> list[Value]:
    s, e = span
    out = [Value("total", total, s, e, text[s:e])]
    for p in parts:
        if p.role:
            ps, pe = p.span
            out.append(Value("count", {"n": p.n, "role": p.role}, ps, pe, text[ps:pe]))
    return out


_RE_SUPPRESSED_ANSWER = re.compile(
    r"(?:(?:fewer|less)\s+than\s+(?:[0-9]+|three|five|ten)|<\s?[0-9]+|under\s+[0-9]+)\b\s*(?:[.;,:)(–—-]|$)", re.I)
MAX_BILINGUAL_CHARS = 600
_RE_BILINGUAL_SPLIT = re.compile(r"[ \t]+/[ \t]+|\n")
_RE_FIGURE = re.compile(r"\d[\d,.]*")


def _bilingual_half(text: str, pos: int) -> int | None:
    """Where the second half of a bilingual answer starts ("6 aelod o staff / 6 members of staff", Welsh then
    English on one line or two), when both halves give the same figures; None otherwise."""
    body = text[pos:]
    if len(body) > MAX_BILINGUAL_CHARS:
        return None  # a short answer given twice; a long one is read as it is (and never twice over)
    figures = [(m.start(), m.group()) for m in _RE_FIGURE.finditer(body)]
    for m in _RE_BILINGUAL_SPLIT.finditer(body):
        a = [f for at, f in figures if at < m.start()]
        b = [f for at, f in figures if at >= m.end()]
        if a and a == b and body[: m.start()].strip() != body[m.end() :].strip():
            return pos + m.end()
    return None


def find_counts(text: str, *, question: str = "") -> list[Value]:
    """The total (and its parts) answering a "how many" question; [] when there is none."""
    if not text or not text.strip():
        return []
    asks = asks_number(question)
    prefix = RE_ANSWER_PREFIX.match(text)
    pos = prefix.end() if prefix else 0
    pos += len(text[pos:]) - len(text[pos:].lstrip())
    body = text[pos:].rstrip()
    if not body:
        return []
    zero = RE_ZERO_ANSWER.match(body) if asks or not question else None
    if zero is not None:
        return [Value("total", 0, pos, pos + zero.end(), text[pos : pos + zero.end()])]
    suppressed = _RE_SUPPRESSED_ANSWER.match(body) if asks else None
    if suppressed is not None:  # "Fewer than 5. The exact figure is withheld ...": a suppressed figure stays a string
        found = next(m for m in RE_COUNT.finditer(body) if m.group("supp"))
        return [Value("total", parse_count(found), pos + found.start(), pos + found.end(), found.group())]
    half = _bilingual_half(text, pos)
    if half is not None:  # "6 aelod o staff / 6 members of staff": the figures once, in the English half
        return [Value(v.key, v.value, v.start + half, v.end + half, v.text) for v in find_counts(text[half:], question=question)]
    bare = RE_BARE_NUMBER.match(body)
    # figures alone answer whatever was asked ("b) have no school place:" - "14"), unless
    # the question asks for an amount, a date or a name; "None" there may mean no such thing
    if bare is not None and question and not asks:
        alone = bare.group("n")[0].isdigit() and not bare.group("rest").strip()
        if not alone or RE_ASKS_NOT_A_COUNT.search(question) or RE_ASKS_PRODUCT.search(question):
            bare = None
    if bare is not None:
        raw = bare.group("n")
        n = _number(raw)
        year_like = raw.isdigit() and len(raw) == 4 and 1950 <= int(raw) <= 2049
        if n is not None and not (year_like and not asks) and not body.startswith(("£", "$")):
            s, e = pos + bare.start("n"), pos + bare.end("n")
            role, role_end = _role(text, e)
            if role and RE_NOT_COUNT_AFTER.match(text[e : e + 25]):
                return []
            return _values(text, n, (s, e), [_Mention(s, e, n, role, role_end)])
    if not asks:
        return []

    excluded = _excluded_spans(text, question)
    periods = find_periods(text, question=question)
    stated = None
    for m in RE_TOTAL_STATED.finditer(text, pos):
        name = next(g for g in ("n1", "n2", "n3") if m.group(g))
        s, e = m.span(name)
        if _inside(s, e, excluded):
            continue
        n = _number(m.group(name))
        if n is not None:
            stated = (n, s, e)
            break
    lead = RE_LEADING_TOTAL.match(body) if stated is None else None
    if lead is not None:
        raw = lead.group("n")
        n = _number(raw)
        if n is not None and not (raw.isdigit() and len(raw) == 4 and 1950 <= int(raw) <= 2049):
            stated = (n, pos + lead.start("n"), pos + lead.end("n"))
    excluded += [(v.start, v.end) for v in periods]
    mentions = _mentions(text, pos, len(text), excluded)
    if stated is not None:
        n, s, e = stated
        return _values(text, n, (s, e), [mm for mm in mentions if not (mm.start == s and mm.end == e)])
    if periods:
        # "Referrals to children's services in 2023/24: 14" for a question about 2023/24 alone: its total
        asked = question_years(question)
        if len(periods) == 1 and len(asked) == 1 and periods[0].value[0] == asked[0] and isinstance(periods[0].value[1], int):
            only = periods[0]
            return [Value("total", only.value[1], only.start, only.end, only.text)]
        return []
    if not mentions:
        return []
    outside = [mm for mm in mentions if not _in_parentheses(text, mm.start)]
    if outside:
        mentions = outside
    with_role = [mm for mm in mentions if mm.role]
    if not with_role:
        first = mentions[0]
        return _values(text, first.n, (first.start, first.end), [])
    if len(with_role) == 1:
        one = with_role[0]
        return _values(text, one.n, (one.start, one.end), with_role)
    first, last = with_role[0], with_role[-1]
    span = (first.span[0], last.span[1])
    if _subset(text, with_role):
        return _values(text, first.n, (first.start, first.end), with_role)
    joined = all(_joined(text, a, b) for a, b in zip(with_role, with_role[1:]))
    if joined or RE_ASKS_PEOPLE.search(question or ""):
        return _values(text, _total([mm.n for mm in with_role]), span, with_role)
    return _values(text, first.n, (first.start, first.end), [first])
