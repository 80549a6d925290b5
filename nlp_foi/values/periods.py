"""Counts per year: ``{"2015/16": 1, "2016/17": 2}``.

Years are found in every notation (2015/16, 15/16, 2015-2016, "AY 2022-23",
"year ending July 2020", "Sept 2018 - July 2019", "FY 2021/22", "2019") and
normalised to ``YYYY/YY`` or ``YYYY``; each is paired with the count written
beside it ("15/16- 1", "2019: 3", "3 in 2019", "2019/20 | 12"), also past a
qualifier ("2023/24 (to date): 14", "2024-25, as of March 25: 2306"), or below
it: under a header row of years, or on the next non-blank line under a year that
stands alone on its line (the first count, when a year has several).  A year
inside a date, an Act's title or a range ("from 2019 to 2023") is not a period.
A suppressed figure stays a string ("<5", "*").

An answer with no years that is only a series of counts ("3 / 5 / 0 / 2", one a
line) takes, in order, the years the question names ("for each calendar year
2019, 2020, 2021 and 2022", "each year from 2019 to 2022"), when there are as many
counts as years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp_foi.patterns import (
    RE_ANSWER_PREFIX,
    RE_COUNT,
    RE_DATE_BEFORE_YEAR,
    RE_PAREN_CLOSE,
    RE_PERIOD,
    RE_PERIOD_AFTER,
    RE_PERIOD_BEFORE,
    RE_PERIOD_PAREN_BEFORE,
    RE_PERIOD_QUALIFIER,
    RE_COUNT_LINE,
    RE_NOT_ASKED_YEAR,
    RE_RANGE_JOIN,
    RE_SERIES_ITEM,
    RE_SERIES_SEP,
    RE_SPAN_OPEN,
    RE_TABLE_SEP,
    RE_TIME_UNIT_AFTER,
    word_to_number,
)
from nlp_foi.records import Value

_LOOKBACK = 80
_MAX_HEADER_WORDS = 5
_MAX_ASKED_YEARS = 15
_CACHE_SIZE = 256
"""Answers whose periods are remembered: :func:`~nlp_foi.values.counts.find_counts` asks again for
the periods :func:`~nlp_foi.values.extract_values` has just found, and a reply answered as a whole
gives every question the same passage."""


@dataclass(slots=True)
class _Year:
    start: int
    end: int
    key: str | None  # None: not a period (a range end, a date, an Act)
    kind: str
    used: bool = False


def parse_count(m: re.Match) -> int | str | None:
    """The value of a ``COUNT`` match: an int, a suppression string ("<5", "<=5", "*"), or None."""
    g = m.groupdict()
    if g.get("supp"):
        for name in ("b1", "b2", "b3"):
            if g.get(name):
                return f"<{int(g[name])}"
        for name in ("le1", "le2"):
            if g.get(name):
                return f"<={int(g[name])}"
        return "*"
    if g.get("num"):
        return int(g["num"].replace(",", ""))
    if g.get("word"):
        return word_to_number(g["word"])
    if g.get("no"):
        return 0
    return None


def _count_span(m: re.Match) -> tuple[int, int]:
    g = m.groupdict()
    for name in ("supp", "num", "word", "no"):
        if g.get(name):
            return m.span(name)
    return m.span()


def _short_key(y1: int, y2: int) -> str | None:
    """'2015/16' for consecutive years, else None."""
    if (y1 + 1) % 100 != y2 % 100:
        return None
    return f"{y1}/{y2 % 100:02d}"


def _key(m: re.Match) -> tuple[str | None, str]:
    g = m.groupdict()
    if g["months"]:
        y1, y2 = int(g["m1"]), int(g["m2"])
        if y2 == y1:
            return str(y1), "months"
        return (_short_key(y1, y2) if y2 == y1 + 1 else None), "months"
    if g["ending"]:
        e = int(g["e"])
        month = (g["emonth"] or "").lower()
        if month.startswith("dec"):
            return str(e), "ending"
        return _short_key(e - 1, e), "ending"
    if g["pair"]:
        y1 = int(g["p1"])
        second = g["p2a"] or g["p2b"] or g["p2c"] or g["p2d"]
        y2 = int(second)
        if len(second) == 4 and y2 != y1 + 1:
            return None, "range"
        return _short_key(y1, y2), "pair"
    if g["shortp"] or g["short"]:
        a, b = (g["q1"], g["q2"]) if g["shortp"] else (g["s1"], g["s2"])
        y1 = int(a)
        # two-digit years are this century, except a 1990s start ("99/00")
        full = 1900 + y1 if y1 >= 90 else 2000 + y1
        return _short_key(full, int(b)), "short"
    year = int(g["c"])
    return str(year), "cal"


def _find_years(text: str) -> list[_Year]:
    """Every year in ``text``, fresh objects each call (the extractor marks them ``used``)."""
    return [_Year(*y) for y in _years_of(text)]


@lru_cache(maxsize=_CACHE_SIZE)
def _years_of(text: str) -> tuple[tuple[int, int, str | None, str], ...]:
    """The years of ``text`` as ``(start, end, key, kind)``; remembered, since scanning for them is slow."""
    years: list[_Year] = []
    for m in RE_PERIOD.finditer(text):
        key, kind = _key(m)
        if kind == "cal" and key is not None:
            before = text[max(0, m.start() - 30) : m.start()]
            if RE_DATE_BEFORE_YEAR.search(before):
                key = None
        years.append(_Year(m.start(), m.end(), key, kind))
    # both ends of a range ("2019/20 to 2023/24") are not periods
    for a, b in zip(years, years[1:]):
        if a.key and b.key and a.key != b.key and RE_RANGE_JOIN.match(text[a.end : b.start]):
            a.key = b.key = None
    return tuple((y.start, y.end, y.key, y.kind) for y in years)


def _overlaps(start: int, end: int, years: list[_Year]) -> bool:
    return any(y.start < end and start < y.end for y in years)


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, pos) + 1
    e = text.find("\n", pos)
    return s, (len(text) if e < 0 else e)


def _counts_in(text: str, start: int, end: int, years: list[_Year]) -> list[tuple[int, int, int | str]]:
    """Counts in ``text[start:end]`` that are not themselves years, in order."""
    out = []
    for m in RE_COUNT.finditer(text, start, end):
        if m.group("no"):
            continue
        s, e = _count_span(m)
        if _overlaps(s, e, years):
            continue
        val = parse_count(m)
        if val is None:
            continue
        out.append((s, e, val))
    return out


def _header_tables(text: str, years: list[_Year], out: list[Value]) -> None:
    """A line of >= 2 years and nothing else numeric, then a row of as many counts below it."""
    by_line: dict[int, list[_Year]] = {}
    for y in years:
        if y.key and not y.used:
            ls, _ = _line_bounds(text, y.start)
            by_line.setdefault(ls, []).append(y)
    for ls, row in by_line.items():
        if len(row) < 2:
            continue
        _, le = _line_bounds(text, ls)
        residue = text[ls:le]
        for y in reversed(row):
            residue = residue[: y.start - ls] + " " * (y.end - y.start) + residue[y.end - ls :]
        if re.search(r"[0-9]", residue) or len(re.findall(r"[A-Za-z]+", residue)) > _MAX_HEADER_WORDS:
            continue  # a sentence that mentions years, not a header row
        total_column = re.search(r"\btotal\b", text[row[-1].end : le], re.I) is not None
        # the first following line that holds counts
        pos = le + 1
        for _ in range(3):
            if pos > len(text):
                break
            ns, ne = _line_bounds(text, pos)
            counts = _counts_in(text, ns, ne, years)
            if counts:
                if len(counts) == len(row) + 1:
                    # one count too many: a "Total" column at the end, else a figure in the row's label
                    counts = counts[:-1] if total_column else counts[1:]
                if len(counts) == len(row):
                    for y, (cs, ce, val) in zip(row, counts):
                        y.used = True
                        out.append(Value("periods", (y.key, val), y.start, ce, text[y.start : ce]))
                break
            if text[ns:ne].strip() and _overlaps(ns, ne, years):
                break
            pos = ne + 1


def _vertical_runs(text: str, years: list[_Year], out: list[Value]) -> None:
    """Years one per line, then as many counts one per line below them."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    starts = {y.start: y for y in years if y.key and not y.used}
    i = 0
    while i < len(lines):
        run = []
        j = i
        while j < len(lines):
            s, e = lines[j]
            stripped = text[s:e].strip()
            if not stripped:
                j += 1
                continue
            lead = s + (len(text[s:e]) - len(text[s:e].lstrip()))
            y = starts.get(lead)
            if y is not None and text[y.end : e].strip(" \t|:") == "":
                run.append(y)
                j += 1
            else:
                break
        if len(run) >= 2:
            counts = []
            k = j
            while k < len(lines) and len(counts) < len(run):
                s, e = lines[k]
                if not text[s:e].strip():
                    k += 1
                    continue
                found = _counts_in(text, s, e, years)
                if len(found) == 1 and RE_TABLE_SEP.match(text[s : found[0][0]]) and RE_TABLE_SEP.match(text[found[0][1] : e]):
                    counts.append(found[0])
                    k += 1
                else:
                    break
            if len(counts) == len(run):
                for y, (cs, ce, val) in zip(run, counts):
                    y.used = True
                    out.append(Value("periods", (y.key, val), y.start, ce, text[y.start : ce]))
            i = max(j, i + 1)
        else:
            i += 1


def _pair_after(text: str, y: _Year, years: list[_Year]) -> Value | None:
    _, le = _line_bounds(text, y.end)
    m = RE_PERIOD_AFTER.match(text, y.end, le)
    if m is None:
        return _count_below(text, y, le, years)
    s, e = _count_span(m)
    if _overlaps(s, e, years):
        return None
    # "2019 - 3 months": a length of time, not a count
    if RE_TIME_UNIT_AFTER.match(text, e):
        return None
    val = parse_count(m)
    if val is None:
        return None
    return Value("periods", (y.key, val), y.start, e, text[y.start : e])


def _count_below(text: str, y: _Year, le: int, years: list[_Year]) -> Value | None:
    """The year alone on its line (bar a qualifier), its count on the next non-blank line.

    Blank lines may come between; when a year has several counts below it (two measures),
    the first is its count.
    """
    q = RE_PERIOD_QUALIFIER.match(text, y.end, le)
    if text[q.end() if q else y.end : le].strip(" \t|:") != "":
        return None
    pos = le + 1
    while pos < len(text):
        ns, ne = _line_bounds(text, pos)
        if text[ns:ne].strip():
            break
        pos = ne + 1
    else:
        return None
    m = RE_COUNT_LINE.match(text, ns, ne)
    if m is None or m.group("no"):
        return None
    s, e = _count_span(m)
    val = parse_count(m)
    if val is None or _overlaps(s, e, years):
        return None
    return Value("periods", (y.key, val), y.start, e, text[y.start : e])


def _pair_before(text: str, y: _Year, years: list[_Year]) -> Value | None:
    lo = max(0, y.start - _LOOKBACK)
    window = text[lo : y.start]
    m = RE_PERIOD_BEFORE.search(window)
    end = y.end
    if m is None:
        close = RE_PAREN_CLOSE.match(text, y.end)
        if close is None:
            return None
        m = RE_PERIOD_PAREN_BEFORE.search(window)
        end = close.end()
    if m is None:
        return None
    s, e = (p + lo for p in _count_span(m))
    if _overlaps(s, e, years) or RE_TIME_UNIT_AFTER.match(text, e):
        return None
    if s > 0 and text[s - 1] in "0123456789.,£$€/" and m.group("num"):
        return None
    val = parse_count(m)
    if val is None:
        return None
    return Value("periods", (y.key, val), s, end, text[s:end])


def _span(first: str, last: str) -> list[str] | None:
    """The keys from ``first`` to ``last`` of one notation ("2019" .. "2022"); None if not a span."""
    if ("/" in first) != ("/" in last):
        return None
    a, b = int(first[:4]), int(last[:4])
    if not 0 < b - a < _MAX_ASKED_YEARS:
        return None
    if "/" in first:
        return [f"{y}/{(y + 1) % 100:02d}" for y in range(a, b + 1)]
    return [str(y) for y in range(a, b + 1)]


def question_years(question: str) -> list[str]:
    """The year keys a question asks counts for, in order; a span ("each year from 2019 to 2022") is spelled out."""
    return list(_question_years(question))


@lru_cache(maxsize=_CACHE_SIZE)
def _question_years(question: str) -> tuple[str, ...]:
    """:func:`question_years`, worked out once per question rather than once per answer."""
    keys: list[str] = []
    prev: re.Match | None = None
    for m in RE_PERIOD.finditer(question):
        before = question[max(0, m.start() - 30) : m.start()]
        if RE_NOT_ASKED_YEAR.search(before):
            continue
        key, kind = _key(m)
        second = m.group("p2c") or m.group("p2d")
        if second and (kind == "range" or RE_SPAN_OPEN.search(before)):
            # "2019-2022", "from 2019 to 2020": calendar years, not one academic year
            keys += _span(m.group("p1"), second) or []
            prev = None
            continue
        if key is None:
            continue
        spanned = False
        if prev is not None and keys:
            join = question[prev.end() : m.start()]
            # "2019/20 to 2021/22", "between 2019 and 2021"
            spanned = bool(RE_RANGE_JOIN.match(join)) or (
                join.strip().lower() == "and" and RE_SPAN_OPEN.search(question[max(0, prev.start() - 30) : prev.start()]) is not None
            )
        span = _span(keys[-1], key) if spanned else None
        keys += span[1:] if span else [key]
        prev = m
    return tuple(dict.fromkeys(keys))


def _series(text: str) -> list[tuple[int, int, int | str]] | None:
    """The counts of an answer that is nothing but a series of counts ("3 / 5 / 0 / 2"); else None."""
    prefix = RE_ANSWER_PREFIX.match(text)
    pos = prefix.end() if prefix else 0
    items = []
    while True:
        m = RE_SERIES_ITEM.match(text, pos)
        if m is None:
            return None
        val = parse_count(m)
        if val is None:
            return None
        items.append((*_count_span(m), val))
        pos = m.end()
        if text[pos:].strip(" \t\r\n.") == "":
            return items
        sep = RE_SERIES_SEP.match(text, pos)
        if sep is None or sep.end() == pos:
            return None
        pos = sep.end()


def _asked_years(text: str, question: str) -> list[Value]:
    """Counts of a bare series paired in order with the years the question names, when equally many."""
    keys = question_years(question) if question else []
    if len(keys) < 2:
        return []
    counts = _series(text)
    if counts is None or len(counts) != len(keys):
        return []
    return [Value("periods", (k, val), s, e, text[s:e]) for k, (s, e, val) in zip(keys, counts)]


def find_periods(text: str, *, question: str = "") -> list[Value]:
    """Year/count pairs in ``text``; ``Value.value`` is ``(key, count)``, in order of the text.

    An answer without years that is a bare series of counts takes the years ``question`` names.
    """
    if not text:
        return []
    return list(_find_periods(text, question))


@lru_cache(maxsize=_CACHE_SIZE)
def _find_periods(text: str, question: str) -> tuple[Value, ...]:
    """:func:`find_periods` of a non-empty ``text``, remembered for the last few answers (see ``_CACHE_SIZE``)."""
    years = _find_years(text)
    if not any(y.key for y in years):
        return tuple(_asked_years(text, question))
    out: list[Value] = []
    _header_tables(text, years, out)
    _vertical_runs(text, years, out)
    for y in years:
        if y.key is None or y.used:
            continue
        v = _pair_after(text, y, years) or _pair_before(text, y, years)
        if v is not None:
            y.used = True
            out.append(v)
    out.sort(key=lambda v: v.start)
    return tuple(out)
