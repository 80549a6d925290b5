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
        ("Please state whether or not the council has a cyber insurance policy.", True),
        ("Please confirm if the council has paid a ransom.", True),
        ("I would like to know whether the college uses facial recognition.", True),
        ("Please provide the number of pupils and advise whether any were excluded.", True),
        ("Please tell me if the trust monitors staff email.", True),
        ("Please provide a copy of the policy, if held.", False),
        ("Please state the name of the supplier.", False),
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
        # past a sub-part label, a restated question, table cells or the Welsh of a bilingual answer
        ("a. No", "no"),
        ("2a\tYes", "yes"),
        ("Question 2 - No.", "no"),
        ("Ransom paid? (Yes/No)\nNo.", "no"),
        ("2(a). Ransom paid | No", "no"),
        ("Na / No.", "no"),
        ("Do / Yes – once, in 2019.", "yes"),
        # a yes or no that closes the sentence
        ("As in our answer to question 1 - no.", "no"),
        ("A ransom was paid once, in 2019, so yes.", "yes"),
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


STATE = "Please state whether or not the council has paid a ransom in the last five years."
INCLUDED = "Is cyber security training included in staff induction?"


@pytest.mark.parametrize(
    "text,question,expected",
    [
        ("No, the council did not pay a ransom.", STATE, "no"),
        ("Yes", "Please confirm if the council has paid a ransom.", "yes"),
        ("The answer to your first question is 'no'.", STATE, "no"),
        ("The answer to question 2 is yes.", STATE, "yes"),
        ("We can confirm that the council has not paid any ransom.", STATE, "no"),
        ("This is currently included in the induction programme.", INCLUDED, "yes"),
        ("It is included for all new starters.", INCLUDED, "yes"),
        ("This is not included in induction.", INCLUDED, "no"),
        # not an answer
        ("We can confirm that the council has not retained this information.", STATE, None),
        ("The council is reviewing its induction programme.", INCLUDED, None),
        ("The answer is set out in the attached document.", STATE, None),
        ("This is included in the annual report.", "How many staff completed training?", None),
    ],
)
def test_whether_questions_and_restated_answers(text, question, expected):
    found = find_yes_no(text, question=question)
    for v in found:
        assert text[v.start : v.end] == v.text
    assert [v.value for v in found] == ([] if expected is None else [expected])


@pytest.mark.parametrize(
    "text",
    [
        "We do not hold this information.",
        "No information is held.",
        "Not applicable",
        "Not known",
        "Yesterday the board met.",
        "Notes of the meeting are attached.",
        "a. Not known",
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
@given(st.text(), st.sampled_from([RANSOM, VISIT, LOCKDOWN, STATE, INCLUDED, ""]))
def test_never_raises_and_offsets_within(text, question):
    for v in find_yes_no(text, question=question):
        assert 0 <= v.start <= v.end <= len(text)
        assert text[v.start : v.end] == v.text
        assert v.value in ("yes", "no")


@pytest.mark.parametrize(
    "answer,expected",
    [("We can confirm that Northshire County Council has not paid for any such advice.", "no"),
     ("Westford Police has never used this technology.", "no")],
)
def test_named_body_denies(answer, expected):
    assert [v.value for v in find_yes_no(answer, question="Could the authority confirm whether it has used or paid for this?")] == [expected]


def test_question_work_is_remembered_per_question():
    """Whether a question asks yes/no, and its verb's forms, are worked out once per question."""
    from nlp_foi.values.yes_no import _asks_yes_no, _restatements

    question = "Does the university use monitoring software?"
    for _ in range(3):
        assert [v.value for v in find_yes_no("The University uses Health Assured.", question=question)] == ["yes"]
    assert _asks_yes_no.cache_info().hits >= 2 and _restatements.cache_info().hits >= 2
    assert find_yes_no("The University uses Health Assured.", question="Which software?") == []


EXTRACTION = "Does your force use mobile phone extraction tools, either self-service kiosks or laboratory tools? (Yes/No)"
DPIA = "Has a data protection impact assessment (DPIA) been carried out for the system? If so, please provide a copy."
COMPLETED = "Has your force completed a Data Protection Impact Assessment (DPIA) covering the extraction of data? (Yes/No)"
LOGS = "Are logs of the filtering (the sites visited, or the sites blocked) kept? (Yes/No)"


@pytest.mark.parametrize(
    "text,question,expected",
    [
        # a named body restates the verb at the start of the answer
        ("Cheshire Constabulary uses both self-service kiosks and laboratory tools.", EXTRACTION, "yes"),
        ("Durham Constabulary does use extraction tools.", EXTRACTION, "yes"),
        # ... but a name inside the sentence is not its subject
        ("To find out which of the schools in Northern Ireland use kiosks would exceed the limit.", EXTRACTION, None),
        # a passive answer, with another verb for having done an assessment
        ("A DPIA was completed in 2021.", DPIA, "yes"),
        ("A Data Protection Impact Assessment has been completed.", COMPLETED, "yes"),
        ("A DPIA is being drafted, so one has not yet been completed.", COMPLETED, None),
        # the question's participle after an aside in brackets
        ("Logs are kept for 60 days.", LOGS, "yes"),
    ],
)
def test_named_and_passive_restatements(text, question, expected):
    found = [v.value for v in find_yes_no(text, question=question)]
    assert found == ([] if expected is None else [expected])
