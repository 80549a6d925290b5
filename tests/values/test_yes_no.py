"""The answer to a yes/no question."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_foi.values.yes_no import find_yes_no, is_yes_no_question

RANSOM = "(a) Has the authority ever paid a ransom following a ransomware attack? (yes/no)"
VISIT = "Does the authority visit, or offer a visit to, every home-educating family at least once a year? A yes or no answer is fine."
LOCKDOWN = ("Please confirm (a) whether or not such monitoring has been operational on digital activity while pupils "
            "are at home in lockdown and (b) numbers of alerts if known separately for the lockdown periods versus not.")


@pytest.mark.parametrize(
    "question,expected",
    [
        (RANSOM, True),
        (VISIT, True),
        (LOCKDOWN, True),
        ("Is the same software used to log subject access requests? (Yes/No)", True),
        ("Are staff trained in Prevent?", True),
        ("Could you please confirm whether the council uses Smoothwall?", True),
        ("How many staff work in cyber security at the authority?", False),
        ("Which company and product you use for this", False),
        ("Can you provide a copy of the policy?", False),
        ("Please provide a copy of your current Freedom of Information policy.", False),
        ("", False),
    ],
)
def test_is_yes_no_question(question, expected):
    assert is_yes_no_question(question) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Yes", "yes"),
        ("Yes - the council paid once in 2019.", "yes"),
        ("Answer: No", "no"),
        ("No.", "no"),
        ("No, we do not.", "no"),
        ("Correct", "yes"),
        ("The council does not pay ransoms.", "no"),
        ("We do not pay ransoms.", "no"),
        ("The authority has never paid a ransom.", "no"),
        ("We don't.", "no"),
        ("The Authority does visit every family.", "yes"),
        ("(a) The monitoring is of the college network, we do not monitor students’ digital activity on their home network. (b) N/A", "no"),
    ],
)
def test_answers(text, expected):
    found = find_yes_no(text, question=RANSOM)
    assert [v.value for v in found] == [expected]
    (v,) = found
    assert text[v.start : v.end] == v.text


PROVIDER = ("(a) Does the university use a third-party provider to deliver any part of its student mental health "
            "support (for example Health Assured, Spectrum.Life, Togetherall (formerly Big White Wall), Kooth or Validium)? Yes/No.")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The University uses Health Assured.", "yes"),
        ("We use Togetherall and Kooth.", "yes"),
        ("The university does not use a third-party provider.", "no"),
        ("We previously used Kooth but no longer do.", None),
        ("Health Assured", None),
    ],
)
def test_answer_repeats_the_question_verb(text, expected):
    found = [v.value for v in find_yes_no(text, question=PROVIDER)]
    assert found == ([] if expected is None else [expected])


@pytest.mark.parametrize(
    "text",
    [
        "We do not hold this information.",
        "No information is held.",
        "Not applicable",
        "Not known",
        "Yesterday the board met.",
        "Please see the attached policy.",
        "",
    ],
)
def test_not_a_yes_no_answer(text):
    assert find_yes_no(text, question=RANSOM) == []


@pytest.mark.parametrize("question", ["How many ransomware attacks?", "Which firewall do you use?", ""])
def test_only_for_yes_no_questions(question):
    assert find_yes_no("Yes", question=question) == []


@settings(max_examples=150, deadline=None)
@given(st.text(), st.sampled_from([RANSOM, VISIT, LOCKDOWN, ""]))
def test_never_raises_and_offsets_within(text, question):
    for v in find_yes_no(text, question=question):
        assert 0 <= v.start <= v.end <= len(text)
        assert text[v.start : v.end] == v.text
        assert v.value in ("yes", "no")
