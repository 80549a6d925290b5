"""The FOI phrasing rules (spaCy span_ruler)."""

from __future__ import annotations

import pytest

from nlp_foi.rules import build_nlp, counts, find, find_many


@pytest.mark.parametrize(
    "text,label",
    [
        ("The information is not held by the council.", "not_held"),
        ("We do not record this.", "not_held"),
        ("This would exceed the appropriate limit under section 12.", "cost_limit"),
        ("It would require a manual review of every file.", "cost_limit"),
        ("We can neither confirm nor deny that we hold it.", "exempt"),
        ("The names are exempt under section 40(2).", "exempt"),
        ("Withheld under s.31(1)(a).", "exempt"),
        ("The policy is attached.", "attached"),
        ("It is published at https://example.org/policy", "attached"),
        ("Not applicable.", "not_applicable"),
        ("There were no referrals in that period.", "zero"),
        ("Nil", "zero"),
        ("See above.", "cross_reference"),
        ("Yes, since 2019.", "yes"),
        ("No.", "no"),
    ],
)
def test_categories(text, label):
    assert label in {h.label for h in find(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Schools have a duty under section 175 of the Education Act 2002.",
        "The duty in section 26 of the Counter-Terrorism and Security Act 2015 applies.",
    ],
)
def test_sections_of_other_acts_are_not_exemptions(text):
    labels = [h.label for h in find(text)]
    assert "exempt" not in labels and "other_act" in labels


def test_offsets_point_into_the_text():
    text = "Answer: we do not hold this. Section 43 applies."
    for h in find(text, offset=0):
        assert text[h.start:h.end] == h.text


def test_batch_equals_one_by_one():
    texts = ["Not held.", "Exempt under section 40(2).", "See attached."]
    assert list(find_many(texts)) == [find(t) for t in texts]


def test_courtesy_is_seen_beside_not_held():
    c = counts(find("We are pleased to respond in full. We do not hold the information."))
    assert c["courtesy"] and c["not_held"]


def test_pipeline_is_blank_english_with_rules():
    nlp = build_nlp()
    assert nlp.lang == "en" and nlp.pipe_names == ["sentencizer", "span_ruler"]
