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
        ("N/A. The Act does not extend to Scotland.", "not_applicable"),  # spaCy reads "A." as one token
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


# -- the token patterns' word conditions as lexeme flags (a speed-up that must not change a hit) --

VARIED = [
    "Exempt under section 40(2) and s.43(2); see also sections 12 and 14(1) of the Act.",
    "S17 notice: we do not hold it. Regulation 12(4)(a) of the EIR applies. Reg. 12(4)(b) too.",
    "The appropriate limit is £450 (or £ 600 for central government) - appropriate, cost limits apply.",
    "Section 21 applies: it is at https://example.org/a. Section 25 of FOISA, s.25 of the Act.",
    "0\n\nYes. Correct, we do.\nNo, we do not.\nno.\nYES, since 2019.",
    "SECTION 31(1)(a), Sec. 22, ss.23, SS. 24(2), sec 44 and s.45 (not an exemption).",
    "",
    "   \n\t ",
    "Café naïve — ÉCOLE — straße; section\u00a040(2).",
]


def _without_flags():
    """The rule pipeline as it was built before the flags: the lexicon's token patterns as written."""
    import spacy

    from nlp_foi.rules import SPANS_KEY, load_phrases

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("span_ruler", config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "overwrite": True})
    patterns = []
    for label, entry in load_phrases().items():
        patterns += [{"label": label, "pattern": str(p)} for p in entry.get("phrases", []) or []]
        patterns += [{"label": label, "pattern": p} for p in entry.get("patterns", []) or []]
    ruler.add_patterns(patterns)
    return nlp


def test_word_flags_give_the_same_hits_as_the_patterns_as_written():
    from nlp_foi.rules import hits

    reference = _without_flags()
    texts = VARIED + [" ".join(VARIED)]
    assert [hits(d) for d in build_nlp().pipe(texts)] == [hits(d) for d in reference.pipe(texts)]


def test_word_flags_replace_regex_and_in_conditions_only():
    import spacy

    from nlp_foi.rules import with_word_flags

    vocab = spacy.blank("en").vocab
    flags: dict = {}
    pattern = [
        {"LOWER": {"IN": ["section", "s"]}},
        {"TEXT": {"REGEX": "^(40)(\\(|$)"}, "OP": "?"},
        {"IS_SENT_START": True, "LOWER": "yes"},
        {"NORM": {"IN": ["a"]}},
        {"LENGTH": {">=": 2}},
    ]
    out = with_word_flags(pattern, vocab, flags)
    assert len(flags) == 2 and all(19 <= f < 64 for f in flags.values())
    assert out[0] == {flags[next(iter(flags))]: True}
    assert out[1]["OP"] == "?" and "TEXT" not in out[1]
    assert out[2:] == pattern[2:]  # other attributes and operators are left to spaCy
    assert with_word_flags([{"LOWER": {"IN": ["section", "s"]}}], vocab, flags) == [out[0]]  # one flag per condition
    assert pattern[0] == {"LOWER": {"IN": ["section", "s"]}}  # the lexicon's patterns are not changed


def test_word_flags_are_set_on_words_the_vocab_meets_later():
    from nlp_foi.rules import hits

    nlp, reference = build_nlp(), _without_flags()
    texts = ["Withheld under s.29(1) and S.36(2)(b)(ii) qzx17.", "sec.33(3) applies; ss.41zz does not; Regs 12(4)(a)"]
    assert not any(w in nlp.vocab.strings for w in ("qzx17", "ss.41zz"))  # new words: flags set as they come
    assert [hits(d) for d in nlp.pipe(texts)] == [hits(d) for d in reference.pipe(texts)]


@pytest.mark.parametrize("text,label", [
    ("Nid yw'r wybodaeth hon yn cael ei chadw.", "not_held"),
    ("Nid yw'r Cyngor yn cadw'r wybodaeth hon.", "not_held"),
    ("Amherthnasol / Not applicable", "not_applicable"),
    ("Mae'r polisi ynghlwm.", "attached"),
    ("Mae'r wybodaeth wedi'i heithrio.", "exempt"),
    ("Byddai'n fwy na'r terfyn priodol.", "cost_limit"),
])
def test_welsh_phrasing(text, label):
    assert label in {s.label for s in find(text)}
