"""Lengths of time."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_foi.values.durations import find_durations


def durations(text):
    found = find_durations(text)
    for v in found:
        assert v.key == "durations"
        assert text[v.start : v.end] == v.text
    return [v.value for v in found]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Unknown - log retention is 30 days.", [{"n": 30, "unit": "day"}]),
        ("Logs are kept for 12 months", [{"n": 12, "unit": "month"}]),
        ("6 weeks", [{"n": 6, "unit": "week"}]),
        ("retained for 2 years", [{"n": 2, "unit": "year"}]),
        ("six weeks", [{"n": 6, "unit": "week"}]),
        ("a 12-month contract", [{"n": 12, "unit": "month"}]),
        ("within 20 working days", [{"n": 20, "unit": "working day"}]),
        ("24 hours", [{"n": 24, "unit": "hour"}]),
        ("twenty-one days", [{"n": 21, "unit": "day"}]),
        ("1.5 hours", [{"n": 1.5, "unit": "hour"}]),
    ],
)
def test_durations(text, expected):
    assert durations(text) == expected


@pytest.mark.parametrize("text", ["5 years old", "a 10-year-old pupil", "on a day-to-day basis", "Year 7", "2019", ""])
def test_not_durations(text):
    assert durations(text) == []


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_never_raises_and_offsets_within(text):
    for v in find_durations(text):
        assert 0 <= v.start <= v.end <= len(text)
        assert text[v.start : v.end] == v.text


def test_each_call_gets_its_own_values():
    """find_durations remembers its last answers (find_counts asks again); a caller's change stays its own."""
    first = find_durations("Logs are kept for 30 days.")
    first[0].value["n"] = 99
    assert find_durations("Logs are kept for 30 days.")[0].value == {"n": 30, "unit": "day"}
