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
    MONTH,
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
    RE_ZERO_ANSWER,
    word_to_number,
)
from nlp_foi.records import Value

_LOOKBACK = 80
_MAX_HEADER_WORDS = 5
_MAX_ASKED_YEARS = 15
# "October 2019 – 1,392": a month and year opening a line, then a count, is that year's figure
_RE_MONTH_ROW = re.compile(rf"(?:^|\n|[;|]|,[ \t])[ \t•*-]*{MONTH}[ \t]+$", re.I)
_RE_YEAR_LIST_JOIN = re.compile(r"[ \t]*(?:,|,?[ \t]+(?:and|or|&))[ \t]*")
_RE_COUNT_NEXT = re.compile(r"[ \t]*[:–—-][ \t]*[0-9]")
# one figure for every year asked: "0 in each year", "none in any of the years", "in the period 2019 to 2023"
_RE_EVERY_YEAR = re.compile(
    r"\b(?:in|for|during|across|over)\s+(?:each|every|all|any|both)\s+(?:of\s+(?:the|these|those)\s+)?(?:\w+\s+)?"
    r"(?:years?|periods?)\b|\beach\s+(?:\w+\s+)?year\b|\ball\s+(?:the\s+|\w+\s+)?years\b|"
    r"\b(?:in|during|over)\s+(?:the|that)\s+(?:\w+\s+)?(?:period|years?)\b|\bthe\s+years\s+you\s+asked\b",
    re.I,
)
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
                bound = g[name]
                return f"<{int(bound) if bound.isdigit() else word_to_number(bound)}"
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
            if RE_DATE_BEFORE_YEAR.search(before) and not (
                _RE_MONTH_ROW.search(before) and _RE_COUNT_NEXT.match(text, m.end())
            ):
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


_RE_CELL_SPLIT = re.compile(r"[ \t]*\|[ \t]*|\t+")
_RE_HEADER_WORD = re.compile(r"[A-Za-z]+")
_HEADER_STOP = frozenset("the of and or in on for to a an with by no number total year years".split())


def _norm(word: str) -> str:
    """A crude stem, enough to match a header with a question ("deployments" / "deployed")."""
    for suffix in ("ments", "ment", "ions", "ion", "ings", "ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def _words(text: str) -> set[str]:
    """Words of a header or question, stemmed, with the initials of each run of words
    ("School Attendance Orders" -> "sao"), as table headers abbreviate.  What a question
    excludes ("excluding training flights") is left out."""
    text = _RE_EXCLUDED.sub(" ", text)
    words = [w.lower() for w in _RE_HEADER_WORD.findall(text)]
    run = [w for w in words if w not in _HEADER_STOP]
    out = {_norm(w) for w in run}
    for i in range(len(run)):
        for k in range(i + 2, min(i + 5, len(run)) + 1):
            out.add("".join(x[0] for x in run[i:k]))
    return out


_RE_EXCLUDED = re.compile(r"\b(?:excluding|except(?:\s+for)?|other\s+than|not\s+including|apart\s+from)\b[^.;,?)]*", re.I)


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of a ``|`` or tab separated line, as (start, end)."""
    out, pos = [], start
    line = text[start:end]
    if line.startswith("|"):
        pos += 1
        while pos < end and text[pos] in " \t":
            pos += 1  # "| 2022 | 14 |": the cell is "2022"
    for m in _RE_CELL_SPLIT.finditer(text, pos, end):
        if m.start() > pos or out:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return [(a, b) for a, b in out if b >= a]


_RE_TOTAL_CELL = re.compile(r"(?:grand |overall )?total(?:s| \(all\))?|all", re.I)


_RE_RULE_CELL = re.compile(r"[ \t]*:?-{2,}:?[ \t]*")


def _row_tables(text: str, years: list[_Year], question: str, out: list[Value]) -> None:
    """A table with a year per row and several count columns ("Year | EHE | Statement/IDP | SAOs"):
    the column whose header shares the question's words (or initials) gives the counts; "Total" when
    the question asks for a total and no column matches better."""
    if not question:
        return
    asked = _words(question)
    starts = {y.start: y for y in years if y.key and not y.used}
    lines = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1
    for i, (hs, he) in enumerate(lines):
        if "|" not in text[hs:he] and "\t" not in text[hs:he].strip():
            continue
        header = _cells(text, hs, he)
        if len(header) < 3 or any(k in starts for k in range(hs, he)):
            continue
        # the share of a header's words the question uses: "Total suspensions" over "Pupils with one
        # or more suspensions" for "How many suspensions were issued?"
        scores = []
        for a, b in header[1:]:
            words = [_norm(w.lower()) for w in _RE_HEADER_WORD.findall(text[a:b]) if w.lower() not in _HEADER_STOP]
            scores.append(round(sum(w in asked for w in words) / len(words), 3) if words else 0.0)
        best = max(scores)
        totals = [k for k, (a, b) in enumerate(header[1:]) if _RE_TOTAL_CELL.fullmatch(text[a:b].strip())]
        if best == 0 and len(totals) == 1:
            col = 1 + totals[0]  # no column the question names: the row's total
        elif best == 0 or scores.count(best) > 1:
            continue
        else:
            col = 1 + scores.index(best)
        for rs, re_ in lines[i + 1 :]:
            cells = _cells(text, rs, re_)
            if all(_RE_RULE_CELL.fullmatch(text, a, b) for a, b in cells):
                continue  # the rule under a Markdown table's header ("|---|---|")
            if len(cells) != len(header):
                break
            y = starts.get(cells[0][0])
            if y is None or y.used or y.end > cells[0][1]:
                break
            cs, ce = cells[col]
            m = RE_COUNT.fullmatch(text, cs, ce) or RE_COUNT.match(text, cs, ce)
            val = parse_count(m) if m is not None and not m.group("no") else None
            if val is None:
                continue
            y.used = True
            out.append(Value("periods", (y.key, val), y.start, ce, text[y.start : ce]))


_MAX_HEADER_CELLS = 8


def _cell_line_tables(text: str, years: list[_Year], question: str, out: list[Value]) -> None:
    """A table flattened one cell a line, as Word and pdf text layers give it: k header cells
    ("Calendar year", "Deployments", "Arrests", "False alerts"), then rows of k cells, each opening
    with a year.  The column whose header the question names gives the counts, as in
    :func:`_row_tables`."""
    if not question:
        return
    asked = _words(question)
    cells = []  # the non-blank lines, as (start, end) of their text
    pos = 0
    for raw in text.split("\n"):
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            cells.append((pos + lead, pos + len(raw.rstrip())))
        pos += len(raw) + 1
    starts = {y.start: y for y in years if y.key and not y.used}
    i = 0
    while i < len(cells):
        y = starts.get(cells[i][0])
        if y is None or y.end != cells[i][1]:
            i += 1
            continue
        # the header: the run of cells without a figure just above the first year
        h = i
        while h > 0 and i - h < _MAX_HEADER_CELLS and not re.search(r"[0-9]", text[cells[h - 1][0] : cells[h - 1][1]]):
            h -= 1
        k = i - h
        if k < 3:
            i += 1
            continue
        header = cells[h:i]
        scores = []
        for a, b in header[1:]:
            words = [_norm(w.lower()) for w in _RE_HEADER_WORD.findall(text[a:b]) if w.lower() not in _HEADER_STOP]
            scores.append(round(sum(w in asked for w in words) / len(words), 3) if words else 0.0)
        best = max(scores)
        if best == 0 or scores.count(best) > 1:
            i += 1
            continue
        col = 1 + scores.index(best)
        row = i
        found = []
        while row + k <= len(cells):
            ry = starts.get(cells[row][0])
            if ry is None or ry.end != cells[row][1] or ry.used:
                break
            cs, ce = cells[row + col]
            m = RE_COUNT.fullmatch(text, cs, ce)
            if m is None or m.group("no") or any(starts.get(c[0]) for c in cells[row + 1 : row + k]):
                break
            found.append((ry, cs, ce, parse_count(m)))
            row += k
        if len(found) >= 2:
            for ry, cs, ce, val in found:
                if val is not None:
                    ry.used = True
                    out.append(Value("periods", (ry.key, val), ry.start, ce, text[ry.start : ce]))
            i = row
        else:
            i += 1


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
    pos = 0
    while True:
        # the nearest count that qualifies: "one referral in 2017/18 and one in 2019/20" pairs the
        # second "one", not the "18" of the year before it
        m = RE_PERIOD_BEFORE.search(window, pos)
        end = y.end
        if m is None and pos == 0:
            close = RE_PAREN_CLOSE.match(text, y.end)
            if close is None:
                return None
            m = RE_PERIOD_PAREN_BEFORE.search(window)
            end = close.end()
        if m is None:
            return None
        pos = m.start() + 1
        s, e = (p + lo for p in _count_span(m))
        if _overlaps(s, e, years) or RE_TIME_UNIT_AFTER.match(text, e):
            continue
        if s > 0 and text[s - 1] in "0123456789.,£$€/" and m.group("num"):
            continue
        val = parse_count(m)
        if val is None:
            continue
        return Value("periods", (y.key, val), s, end, text[s:end])


_SERIES_LOOKBACK = 200
_RE_CLAUSE_STOP = re.compile(r"[.;:!?\n](?:\s|$)")


def _series_head(text: str, years: list[_Year], out: list[Value]) -> None:
    """The first figure of a series written "88 notices for fly-tipping in 2021/22, 121 in 2022/23 and
    102 in 2023/24": its noun phrase is too long for :data:`RE_PERIOD_BEFORE`, but the years after it
    were each paired with the count just before them, and only a list join (", ", " and ") comes
    between the first year and the next count.  Its figure is the last count of the same clause
    before the first year, not inside another year, and not a length of time."""
    by_start = {v.start: v for v in out}
    keyed = [y for y in years if y.key]
    for y, nxt in zip(keyed, keyed[1:]):
        if y.used:
            continue
        v = next((v for v in out if v.end == nxt.end and v.start < nxt.start), None)
        if v is None or not _RE_YEAR_LIST_JOIN.fullmatch(text, y.end, v.start):
            continue
        lo = max(0, y.start - _SERIES_LOOKBACK)
        stops = list(_RE_CLAUSE_STOP.finditer(text, lo, y.start))
        lo = stops[-1].end() if stops else lo
        if any(o.key and lo <= o.start < y.start for o in years):
            continue  # another year in between: not the head of this series
        counts = [c for c in _counts_in(text, lo, y.start, years) if not RE_TIME_UNIT_AFTER.match(text, c[1])]
        if not counts:
            continue
        cs, _, val = counts[-1]
        if cs in by_start:
            continue
        y.used = True
        out.append(Value("periods", (y.key, val), cs, y.end, text[cs : y.end]))


_RE_REST_NONE = re.compile(
    r"\b(?:none|nil|no(?:ne|\s+\w+)?|zero|0)\s+(?:\w+\s+){0,2}(?:in|for|during)\s+(?:any\s+of\s+|each\s+of\s+|all\s+)?"
    r"the\s+(?:other|remaining)\s+(?:\w+\s+)?(?:years?|periods?)\b"
    r"|\b(?:all|the)\s+(?:other|remaining)\s+(?:\w+\s+)?years?\s+(?:were|was|are|is)\s+(?:nil|none|zero|0)\b",
    re.I,
)


def _rest_none(text: str, question: str, out: list[Value]) -> None:
    """ "2021/22 - 1, 2023/24 - 2. None in the other years.": each year the question asks that the
    answer gave no figure for is 0 (at the words that say so)."""
    if not out or not question:
        return
    m = _RE_REST_NONE.search(text)
    if m is None:
        return
    asked = question_years(question)
    given = {v.value[0] for v in out}
    if not given <= set(asked):
        return  # the answer's years are not the question's: which are "the other years" is unclear
    for key in asked:
        if key not in given:
            out.append(Value("periods", (key, 0), m.start(), m.end(), m.group(0)))


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


_BARE_ZERO_WORDS = 3
"""An answer of at most this many words that says none ("None", "Nil.", "None made") to a question about
several years is 0 for each of them."""


def _every_year(text: str, question: str, years: list[_Year]) -> list[Value]:
    """One figure for every year the question asks ("The council has not been attacked in any year from
    2019 to 2023", "0 in each year", "fewer than five in each academic year"): that figure for each."""
    keys = question_years(question) if question else []
    if len(keys) < 2:
        return []
    if any(y.key and y.key not in keys for y in years):
        return []  # years the question did not ask about: not a blanket answer
    prefix = RE_ANSWER_PREFIX.match(text)
    body = text[prefix.end() if prefix else 0 :].strip()
    said_years = any(y.key for y in years) or any(y.kind == "range" for y in years)
    every = [m.span() for m in _RE_EVERY_YEAR.finditer(body)]
    bare_zero = RE_ZERO_ANSWER.match(body) is not None and len(body.split()) <= _BARE_ZERO_WORDS
    if not (said_years or every or bare_zero):
        return []
    counts = [m for m in RE_COUNT.finditer(body) if not m.group("no") and not _overlaps(*_count_span(m), [])]
    # "in all three years", "in each of the two years": the number of years, not a count
    counts = [m for m in counts if not any(a <= m.start() < b for a, b in every)]
    counts = [m for m in counts if not re.fullmatch(r"(?:19|20)[0-9]{2}", m.group(0).strip())]
    zero = RE_ZERO_ANSWER.match(body)
    if zero is not None and not [m for m in counts if parse_count(m) not in (0, None)]:
        value: int | str = 0
        s = text.index(body[:1]) if body else 0
        e = s + zero.end()
    elif len(counts) == 1 and isinstance(parse_count(counts[0]), str) and _RE_EVERY_YEAR.search(body):
        value = parse_count(counts[0])  # "fewer than five in each year"
        off = text.index(body[:1])
        s, e = off + counts[0].start(), off + counts[0].end()
    else:
        return []
    return [Value("periods", (k, value), s, e, text[s:e]) for k in keys]


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
        return tuple(_asked_years(text, question) or _every_year(text, question, years))
    out: list[Value] = []
    _row_tables(text, years, question, out)
    _cell_line_tables(text, years, question, out)
    _header_tables(text, years, out)
    _vertical_runs(text, years, out)
    shared: Value | None = None  # "zero for 2015-16, 2016-17 and 2017-18": the count before a list of years
    prev_end = -1
    for y in years:
        if y.key is None or y.used:
            prev_end = y.end if y.key is None else prev_end
            continue
        v = _pair_after(text, y, years)
        if v is None:
            v = _pair_before(text, y, years)
            if v is None and shared is not None and _RE_YEAR_LIST_JOIN.fullmatch(text, prev_end, y.start):
                v = Value("periods", (y.key, shared.value[1]), y.start, y.end, text[y.start : y.end])
            shared = v
        else:
            shared = None
        prev_end = y.end
        if v is not None:
            y.used = True
            out.append(v)
    _series_head(text, years, out)
    _rest_none(text, question, out)
    out.sort(key=lambda v: v.start)
    if not out or {v.value[1] for v in out} == {0}:
        # nothing paired, or only zeros: a blanket "none in 2019, 2020 or 2021" gives every year asked
        every = _every_year(text, question, years)
        if len(every) > len(out):
            return tuple(every)
    return tuple(out)
