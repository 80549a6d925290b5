"""Value extractors: the values an answer states, each with its character offsets.

One module per kind of value, each with one function
``find_<kind>(text, *, question="") -> list[Value]``:

========== ===================== =====================================================
key        module                ``Value.value``
========== ===================== =====================================================
periods    :mod:`.periods`       ``("2015/16", 1)``: a year key and its count
money      :mod:`.money`         ``1200.5``: pounds
total      :mod:`.counts`        ``10``: the number answering "how many"
count      :mod:`.counts`        ``{"n": 2, "role": "DSLs"}``: one part of the total
sections   :mod:`.sections`      ``40``: a FOIA/FOISA section or EIR regulation
yes_no     :mod:`.yes_no`        ``"yes"`` or ``"no"``
durations  :mod:`.durations`     ``{"n": 30, "unit": "day"}``
products   :mod:`.products`      ``"Smoothwall"``: a company or product name as written
========== ===================== =====================================================

:func:`extract_values` runs them all; :func:`to_dict` builds the ``values`` dict
of the coded-answers format (formats.md).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Iterable

from nlp_foi.records import Value
from nlp_foi.values.counts import find_counts
from nlp_foi.values.durations import find_durations
from nlp_foi.values.money import find_money
from nlp_foi.values.periods import find_periods
from nlp_foi.values.products import find_products
from nlp_foi.values.sections import find_sections
from nlp_foi.values.yes_no import find_yes_no

__all__ = [
    "EXTRACTORS",
    "extract_values",
    "find_counts",
    "find_durations",
    "find_money",
    "find_periods",
    "find_products",
    "find_sections",
    "find_yes_no",
    "to_dict",
]

EXTRACTORS: tuple[Callable[..., list[Value]], ...] = (
    find_products,
    find_periods,
    find_counts,
    find_sections,
    find_money,
    find_yes_no,
    find_durations,
)
"""Every extractor, in the order their keys appear in the values dict."""


def extract_values(text: str, *, question: str = "", offset: int = 0) -> list[Value]:
    """All values in ``text`` (an answer), with ``offset`` added to every start and end.

    Pass the answer's slice of a longer reply and its start as ``offset`` to get
    offsets into the reply.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_values expects the answer as a str, got {type(text).__name__}.")
    # copies: the remembered values are never handed out (a dict value could be changed by a caller)
    return [Value(v.key, dict(v.value) if isinstance(v.value, dict) else v.value, v.start + offset, v.end + offset,
                  v.text) for v in _values_of(text, question)]


@lru_cache(maxsize=1024)
def _values_of(text: str, question: str) -> tuple[Value, ...]:
    """Every extractor's values for ``text`` (offsets into it), remembered for the last thousand or so
    answers: replies to one request give the same short answers ("Nil", "Not held") to the same question."""
    return tuple(v for extractor in EXTRACTORS for v in extractor(text, question=question))


def _unique(items: Iterable[Any], key: Callable[[Any], Any] = lambda x: x) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def to_dict(values: Iterable[Value]) -> dict[str, Any]:
    """The formats.md ``values`` dict; keys with nothing are left out.

    products: list, de-duplicated (case-insensitively), order kept; periods:
    {key: count}, the first count of a key wins; total: int; counts: list of
    {"n", "role"}; sections: list of ints, de-duplicated; money: list of floats;
    yes_no: "yes"/"no"; durations: list of {"n", "unit"}.
    """
    by_key: dict[str, list[Value]] = {}
    for v in values:
        by_key.setdefault(v.key, []).append(v)
    out: dict[str, Any] = {}
    if by_key.get("products"):
        out["products"] = _unique((v.value for v in by_key["products"]), key=lambda s: s.casefold())
    if by_key.get("periods"):
        periods: dict[str, Any] = {}
        for v in by_key["periods"]:
            key, count = v.value
            periods.setdefault(key, count)
        out["periods"] = periods
    if by_key.get("total"):
        out["total"] = by_key["total"][0].value
    if by_key.get("count"):
        out["counts"] = [dict(v.value) for v in by_key["count"]]
    if by_key.get("sections"):
        out["sections"] = _unique(v.value for v in by_key["sections"])
    if by_key.get("money"):
        out["money"] = [float(v.value) for v in by_key["money"]]
    if by_key.get("yes_no"):
        out["yes_no"] = by_key["yes_no"][0].value
    if by_key.get("durations"):
        out["durations"] = [dict(v.value) for v in by_key["durations"]]
    return out
