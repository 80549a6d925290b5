"""Legal provisions cited as the reason for not providing."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_foi.values.sections import find_sections


def sections(text):
    found = find_sections(text)
    for v in found:
        assert v.key == "sections"
        assert text[v.start : v.end] == v.text
    return [v.value for v in found]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("The information is exempt under section 40(2).", [40]),
        ("s.40(5B) applies", [40]),
        ("we rely on s40", [40]),
        ("exempt under sec. 31(1)(a)", [31]),
        ("sections 40 and 43 apply", [40, 43]),
        ("sections 24(1) and 31(1)(a) of the FOIA", [24, 31]),
        ("Section 12(1) of the FOIA", [12]),
        ("the exemption at s.36(2)(b)(ii)", [36]),
        ("exceeds the appropriate limit (section 12)", [12]),
        ("The request is vexatious under section 14(1) of the Freedom of Information Act 2000.", [14]),
        ("Section 43 (Commercial interests) of the Freedom of Information Act 2000", [43]),
        ("section 40(2) and (3) FOIA", [40]),
        ("s.12 and s.14", [12, 14]),
        ("S.21 - information reasonably accessible", [21]),
        ("section 24 national security applies", [24]),
        # spaces before sub-section brackets, "S43", "the FOI Act"
        ("The figures are withheld under section 31 (1) (a) of the FOI Act.", [31]),
        ("Commercial interests - section 43 (2)", [43]),
        ("we rely on S43 of the Freedom of Information Act", [43]),
        ("Exempt: S.40(2)", [40]),
        ("we have applied the exemption at section 36 (2) (b) (ii)", [36]),
        ("As set out in the FOI Act 2000 section 41 (1), this is confidential", [41]),
        ("sections 31 (1) (a) and 43 (2)", [31, 43]),
        # FOISA
        ("section 17 of the Freedom of Information (Scotland) Act 2002", [17]),
        ("In accordance with section 17 of FOISA, the information is not held.", [17]),
        ("section 30 of the Freedom of Information (Scotland) Act 2002", [30]),
        ("We are issuing a notice under section 17 of the Act. (Scottish Information Commissioner)", [17]),
        # EIR
        ("regulation 12(4)(b)", [12]),
        ("reg. 13", [13]),
        ("regulation 12(5)(e) of the Environmental Information Regulations 2004", [12]),
        ("Regulations 12(4)(b) and 13", [12, 13]),
    ],
)
def test_citations(text, expected):
    assert sections(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "section 175 of the Education Act 2002",
        "our duty under section 26 of the Counter-Terrorism and Security Act 2015",
        "s.47 Children Act 1989",
        "enquiries under section 47 of the Children Act 1989",
        "section 15A Sexual Offences Act 2003",
        "Section 11 of the Children Act 2004",
        "section 45 of the Data Protection Act 2018",
        "exempt under section 40 of the DPA",
        "section 1 of the FOIA requires us to confirm",
        "section 16 FOIA: advice and assistance",
        "this is a refusal notice under section 17 FOIA",
        "please see section 3 of our policy",
        "see section 31.2 of our retention schedule",
        "section 47 (1) (b) of the Children Act 1989",
        "S31 (1) of the Local Government Act 1972",
        "its sections",
        "",
    ],
)
def test_not_a_reason(text):
    assert sections(text) == []


def test_citation_text_kept():
    text = "withheld under sections 24(1) and 31(1)(a)"
    assert [v.text for v in find_sections(text)] == ["sections 24(1)", "31(1)(a)"]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_never_raises_and_offsets_within(text):
    for v in find_sections(text):
        assert 0 <= v.start <= v.end <= len(text)
        assert text[v.start : v.end] == v.text
        assert isinstance(v.value, int)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["section ", "s.", "40", "(2)", "(a)", " and ", " of the ", "Education Act 2002", "FOIA", "(", ")", "regulation ", "12"]), max_size=20).map("".join))
def test_never_raises_on_citation_like_text(text):
    for v in find_sections(text):
        assert text[v.start : v.end] == v.text


def test_remembered_sections_are_each_callers_own():
    """find_sections remembers its last answers (one passage may answer several questions)."""
    text = "Exempt under section 40(2) and section 43(2) of the Act."
    first = find_sections(text)
    first.clear()
    assert [v.value for v in find_sections(text, question="Which?")] == [40, 43]


def test_sections_glossed_in_brackets():
    text = ("relying on sections 24(2) (national security), 31(3) (law enforcement) and 43(3) "
            "(commercial interests) of the Act.")
    assert [v.value for v in find_sections(text)] == [24, 31, 43]
    assert [v.value for v in find_sections("sections 31(1)(a) and (b) of the Act")] == [31]
