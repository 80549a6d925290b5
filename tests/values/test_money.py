"""Amounts in pounds."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_foi.values.money import find_money


def money(text):
    found = find_money(text)
    for v in found:
        assert v.key == "money"
        assert text[v.start : v.end] == v.text
    return [v.value for v in found]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The cost was £1,200.", [1200.0]),
        ("£1,200.50 per year", [1200.5]),
        ("£1.2k", [1200.0]),
        ("a budget of £2.5m", [2500000.0]),
        ("£230m over ten years", [230000000.0]),
        ("£3,500 per annum", [3500.0]),
        ("£200 for the pair", [200.0]),
        ("approximately £45,000 (ex VAT)", [45000.0]),
        ("1,200 pounds", [1200.0]),
        ("GBP 1200", [1200.0]),
        ("£21, 984.00", [21984.0]),
        ("£5 million", [5000000.0]),
        ("£1bn", [1000000000.0]),
        ("£12,345,678.90 in total", [12345678.9]),
        ("£200, 300 people", [200.0]),
        ("£1,000 in 2021/22 and £2,000 in 2022/23", [1000.0, 2000.0]),
    ],
)
def test_amounts(text, expected):
    assert money(text) == expected


@pytest.mark.parametrize("text", ["98%", "1,200 staff", "2019/20", "section 12", "$500", "5 pence", ""])
def test_not_money(text):
    assert money(text) == []


@pytest.mark.parametrize(
    "text,question,expected",
    [
        ("The Council does not incur any costs in respect of this service.", "What is the annual cost of the service?", [0.0]),
        ("There is no cost to the authority.", "How much does the authority spend on translation?", [0.0]),
        ("Nil cost", "What was the spend in 2023?", [0.0]),
        ("£0", "What was the spend in 2023?", [0.0]),
        ("The licence is provided free of charge.", "What is the licence fee?", [0.0]),
        ("£1,200; no other costs", "What is the annual cost?", [1200.0]),
        # no amount stated, or no amount asked
        ("We hold no cost information.", "What is the annual cost?", []),
        ("No cost breakdown is held.", "What is the annual cost?", []),
        ("There is no cost to the authority.", "Which supplier provides translation?", []),
        ("We do not hold this information.", "What is the annual cost?", []),
    ],
)
def test_zero_cost(text, question, expected):
    found = find_money(text, question=question)
    for v in found:
        assert text[v.start : v.end] == v.text
    assert [v.value for v in found] == expected


def test_value_text_is_the_amount():
    (v,) = find_money("Spend: approximately £45,000 (ex VAT).")
    assert v.text == "£45,000"


@settings(max_examples=150, deadline=None)
@given(st.text(), st.sampled_from(["", "What is the annual cost?"]))
def test_never_raises_and_offsets_within(text, question):
    for v in find_money(text, question=question):
        assert 0 <= v.start <= v.end <= len(text)
        assert text[v.start : v.end] == v.text
        assert isinstance(v.value, float)


def test_remembered_amounts_depend_on_the_question():
    """find_money remembers its last answers (find_counts asks again), per question."""
    text = "The council does not incur any costs in respect of this."
    assert find_money(text) == []
    assert [v.value for v in find_money(text, question="What was the cost of the software?")] == [0.0]
    assert find_money(text) == []
    found = find_money("It cost £1,200.")
    found.clear()
    assert [v.value for v in find_money("It cost £1,200.")] == [1200.0]
