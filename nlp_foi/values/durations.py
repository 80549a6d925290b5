"""Lengths of time: "log retention is 30 days" -> ``{"n": 30, "unit": "day"}``.

Working, business and school days keep their kind in the unit ("working day"),
since 20 working days is not 20 days.  Ages ("5 years old") are not durations.
"""

from __future__ import annotations

from functools import lru_cache

from nlp_foi.patterns import DURATION_UNITS, RE_DURATION, word_to_number
from nlp_foi.records import Value


def find_durations(text: str, *, question: str = "") -> list[Value]:
    """Every length of time in ``text``; ``Value.value`` is ``{"n": number, "unit": str}``."""
    return [Value(v.key, dict(v.value), v.start, v.end, v.text) for v in _find_durations(text)]


@lru_cache(maxsize=256)
def _find_durations(text: str) -> tuple[Value, ...]:
    """:func:`find_durations`, remembered for the last few answers: :func:`~nlp_foi.values.counts.find_counts`
    looks for lengths of time (not counts) in the answer :func:`~nlp_foi.values.extract_values` codes.
    The cached values' dicts are never handed out (a caller may change its copy)."""
    out: list[Value] = []
    for m in RE_DURATION.finditer(text):
        raw = m.group("n")
        n: float | int | None
        if raw[0].isdigit():
            n = float(raw) if "." in raw else int(raw)
        else:
            n = word_to_number(raw)
        if n is None:
            continue
        unit = m.group("unit").lower().rstrip("s")
        unit = DURATION_UNITS.get(unit, unit)
        kind = (m.group("kind") or "").strip().lower()
        if kind in ("working", "business", "school") and unit == "day":
            unit = f"{kind} day"
        out.append(Value("durations", {"n": n, "unit": unit}, m.start(), m.end(), m.group(0)))
    return tuple(out)
