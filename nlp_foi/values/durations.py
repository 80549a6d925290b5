"""Lengths of time: "log retention is 30 days" -> ``{"n": 30, "unit": "day"}``.

Working, business and school days keep their kind in the unit ("working day"),
since 20 working days is not 20 days.  Ages ("5 years old") are not durations.
"""

from __future__ import annotations

from nlp_foi.patterns import DURATION_UNITS, RE_DURATION, word_to_number
from nlp_foi.records import Value


def find_durations(text: str, *, question: str = "") -> list[Value]:
    """Every length of time in ``text``; ``Value.value`` is ``{"n": number, "unit": str}``."""
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
    return out
