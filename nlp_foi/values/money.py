"""Amounts in pounds: "£1,200.50", "£2.5m", "GBP 1200", "1,200 pounds" -> float pounds.

An answer to a cost or spend question that states nothing was spent ("The Council does not
incur any costs in respect of ...", "no cost", "nil cost") gives 0.0.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp_foi.patterns import MONEY_SCALES, RE_ASKS_MONEY, RE_MONEY, RE_ZERO_COST
from nlp_foi.records import Value


def _amount(raw: str) -> float | None:
    digits = re.sub(r"[,\s]", "", raw)
    try:
        return float(digits)
    except ValueError:
        return None


def find_money(text: str, *, question: str = "") -> list[Value]:
    """Every amount in pounds in ``text``; ``Value.value`` is a float (pounds)."""
    return list(_find_money(text, question))


@lru_cache(maxsize=256)
def _find_money(text: str, question: str) -> tuple[Value, ...]:
    """:func:`find_money`, remembered for the last few answers: :func:`~nlp_foi.values.counts.find_counts`
    looks for amounts (not counts) in the answer :func:`~nlp_foi.values.extract_values` codes."""
    out: list[Value] = []
    for m in RE_MONEY.finditer(text):
        raw = m.group("a1") or m.group("a2")
        amount = _amount(raw)
        if amount is None:
            continue
        scale = m.group("scale")
        if scale:
            amount *= MONEY_SCALES[scale.lower()]
        out.append(Value("money", round(amount, 2), m.start(), m.end(), m.group(0)))
    if not out and question and RE_ASKS_MONEY.search(question):
        zero = RE_ZERO_COST.search(text)
        if zero is not None:
            out.append(Value("money", 0.0, zero.start(), zero.end(), zero.group(0)))
    return tuple(out)
