"""All extractors together, offsets into a longer reply, and the values dict."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_foi.records import Value
from nlp_foi.values import extract_values, to_dict

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "digital-monitoring-chesterfield-college.txt"
REQUESTS = Path(__file__).resolve().parents[2] / "data" / "requests"

Q1 = "Which company and product you use for this (for example Impero, NetSupport DNA, Smoothwall etc)"
Q5 = ("Confirm how many referrals for how many children in total were made (from your pupils on roll) to the "
      "Prevent programme (annual totals).")
Q8 = ("How many staff or others currently, have access to the information generated about pupils from the system "
      "(ie 5, two DSLs, 2 network staff, 1 Head plus x number of the company staff can view the alerts generated).")
RANSOM = "(a) Has the authority ever paid a ransom following a ransomware attack? (yes/no) (b) If yes, how much was paid in total?"


@pytest.mark.parametrize(
    "text,question,expected",
    [
        ("Answer: Smoothwall", Q1, {"products": ["Smoothwall"]}),
        ("Answer listed per academic year: 15/16- 1; 16/17- 2; 17/18 - 3; 18/19 – 1; 19/20 - 4", Q5,
         {"periods": {"2015/16": 1, "2016/17": 2, "2017/18": 3, "2018/19": 1, "2019/20": 4}}),
        ("2 DSL’s and 2 Safeguarding Officers have access. In addition, 6 members of the IT network team have access.", Q8,
         {"total": 10, "counts": [{"n": 2, "role": "DSL’s"}, {"n": 2, "role": "Safeguarding Officers"},
                                  {"n": 6, "role": "IT network team"}]}),
        ("Yes. The council paid £25,000 in 2021.", RANSOM, {"money": [25000.0], "yes_no": "yes"}),
        ("No, the council does not pay ransoms.", RANSOM, {"yes_no": "no"}),
        ("This is exempt under sections 31(1)(a) and 24(1) and again under section 31.", "Which firewall vendor do you use?",
         {"sections": [31, 24]}),
        ("Unknown - log retention is 30 days.", "How many alerts in total were generated annually?",
         {"durations": [{"n": 30, "unit": "day"}]}),
        ("Policy attached.", "Please provide a current copy of the policy.", {}),
        ("3 / 5 / 0 / 2", "How many exclusions were there for each calendar year 2019, 2020, 2021 and 2022?",
         {"periods": {"2019": 3, "2020": 5, "2021": 0, "2022": 2}}),
        ("14", "b) have no school place:", {"total": 14}),
        ("The Council does not incur any costs in respect of interpreters.", "What did the council spend on interpreters?",
         {"money": [0.0]}),
        ("Smoothwall - £24,000 per annum", "What is the annual cost of your web filtering?",
         {"products": ["Smoothwall"], "money": [24000.0]}),
        ("", Q1, {}),
    ],
)
def test_values_dict(text, question, expected):
    assert to_dict(extract_values(text, question=question)) == expected


def test_offset_points_into_the_reply():
    reply = "Dear requester,\n\n1. Which product? Answer: We use Smoothwall; it cost £1,200 for 12 months.\n"
    start = reply.index("We use")
    answer = reply[start : reply.index("\n", start)]
    values = extract_values(answer, question="Which product do you use?", offset=start)
    assert {v.key for v in values} == {"products", "money", "durations"}
    for v in values:
        assert reply[v.start : v.end] == v.text


def test_to_dict_deduplicates_keeping_order():
    values = [
        Value("products", "Smoothwall", 0, 10, "Smoothwall"),
        Value("products", "Impero", 20, 26, "Impero"),
        Value("products", "smoothwall", 30, 40, "smoothwall"),
        Value("sections", 40, 50, 55, "s.40"),
        Value("sections", 12, 60, 65, "s.12"),
        Value("sections", 40, 70, 75, "s.40"),
        Value("periods", ("2019", 3), 80, 87, "2019: 3"),
        Value("periods", ("2019", 4), 90, 97, "2019: 4"),
    ]
    assert to_dict(values) == {"products": ["Smoothwall", "Impero"], "sections": [40, 12], "periods": {"2019": 3}}


def test_rejects_non_text():
    with pytest.raises(TypeError, match="expects the answer as a str, got bytes"):
        extract_values(b"Smoothwall")


@pytest.mark.skipif(not SEED.is_file(), reason="../shared/seed is not present")
def test_seed_reply_answers():
    reply = SEED.read_text(encoding="utf-8")
    questions = {q["id"]: q["text"] for q in json.loads((REQUESTS / "digital-monitoring.json").read_text())["questions"]}

    def answer(marker, question_id):
        start = reply.index(marker)
        end = reply.find("\n", start)
        end = len(reply) if end < 0 else end
        values = extract_values(reply[start:end], question=questions[question_id], offset=start)
        for v in values:
            assert reply[v.start : v.end] == v.text
        return to_dict(values)

    assert answer("Answer: Smoothwall", "1") == {"products": ["Smoothwall"]}
    assert answer("Answer listed per academic year", "5")["periods"] == {
        "2015/16": 1, "2016/17": 2, "2017/18": 3, "2018/19": 1, "2019/20": 4}
    assert answer("Answer: 2 DSL", "8")["total"] == 10


@settings(max_examples=80, deadline=None)
@given(st.text(), st.sampled_from([Q1, Q5, Q8, RANSOM, ""]), st.integers(min_value=0, max_value=10_000))
def test_never_raises_and_offsets_within(text, question, offset):
    values = extract_values(text, question=question, offset=offset)
    for v in values:
        assert offset <= v.start <= v.end <= offset + len(text)
        assert text[v.start - offset : v.end - offset] == v.text
    to_dict(values)


def test_remembered_values_are_each_callers_own_and_offset():
    """extract_values remembers its last answers (replies to one request repeat short answers)."""
    from nlp_foi.values import _values_of, extract_values

    text, question = "2 DSLs and 30 days' retention; exempt under s.40(2). £1,200.", "How many staff?"
    _values_of.cache_clear()
    fresh = extract_values(text, question=question, offset=10)
    again = extract_values(text, question=question, offset=10)
    assert _values_of.cache_info().hits == 1 and again == fresh
    for v in again:
        if isinstance(v.value, dict):
            v.value["n"] = -1  # a caller's copy
    assert extract_values(text, question=question, offset=10) == fresh
    at_zero = extract_values(text, question=question)
    assert [(v.start + 10, v.end + 10) for v in at_zero] == [(v.start, v.end) for v in fresh]
    assert all(text[v.start : v.end] == v.text for v in at_zero)
