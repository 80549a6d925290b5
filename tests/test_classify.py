"""The answer classifier: overfit a handful, save, reload, identical predictions (spaCy's textcat test)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from nlp_foi.classify import AnswerClassifier, RuleCoder, RuleFeatures, rule_code
from nlp_foi.model import load_model, save_model
from nlp_foi.rules import find

ROWS = [
    ("Smoothwall", "Which company and product do you use?", "disclosed"),
    ("We use Impero EdProtect.", "Which product do you use?", "disclosed"),
    ("15/16: 1; 16/17: 2", "How many referrals were made?", "disclosed"),
    ("No referrals were made.", "How many referrals were made?", "disclosed"),
    ("This information is not held.", "How many alerts were generated?", "not_held"),
    ("We do not record this.", "How many children?", "not_held"),
    ("Unknown - logs are kept for 30 days.", "How many alerts?", "not_held"),
    ("This would exceed the appropriate limit under section 12.", "How many alerts?", "cost_limit"),
    ("It would need a manual review of every file, beyond the cost limit.", "How many?", "cost_limit"),
    ("Exempt under section 40(2), personal data.", "How many referrals?", "exempt"),
    ("We neither confirm nor deny holding this (section 24).", "Which product?", "exempt"),
    ("Not applicable.", "For how many children was a photograph taken?", "not_applicable"),
    ("N/A", "If yes, which product?", "not_applicable"),
    ("Policy attached.", "Please provide a copy of the policy.", "attached"),
    ("Please see our website at https://example.org/policy", "Please provide the policy.", "attached"),
    ("", "How many staff have access?", "no_answer"),
] * 3


@pytest.fixture
def frame():
    return pd.DataFrame([{"answer": a, "question": q, "method": "label"} for a, q, _ in ROWS])


@pytest.fixture
def codes():
    return np.array([c for _, _, c in ROWS])


def test_overfit_save_reload_identical(tmp_path, frame, codes):
    model = AnswerClassifier(C=50.0).fit(frame, codes)
    assert (model.predict(frame) == codes).mean() == 1.0
    save_model(model, tmp_path / "m-v1", {"labels": sorted(set(codes))})
    loaded, meta = load_model(tmp_path / "m-v1")
    assert meta["labels"] == sorted(set(codes)) and meta["versions"]["scikit-learn"]
    np.testing.assert_allclose(loaded.predict_proba(frame), model.predict_proba(frame))


def test_batch_prediction_equals_one_by_one(frame, codes):
    model = AnswerClassifier(C=50.0).fit(frame, codes)
    batch = model.predict_proba(frame.iloc[:6])
    single = np.vstack([model.predict_proba(frame.iloc[[i]]) for i in range(6)])
    np.testing.assert_allclose(batch, single)


def test_probabilities_are_calibrated_distributions(frame, codes):
    proba = AnswerClassifier().fit(frame, codes).predict_proba(frame)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert ((proba >= 0) & (proba <= 1)).all()


def test_unfitted_model_refuses_to_predict(frame):
    with pytest.raises(NotFittedError):
        AnswerClassifier().predict(frame)


@pytest.mark.parametrize(
    "bad,message",
    [("just a string", "a string received"), (pd.DataFrame({"answer": ["x"]}), r"columns \['question', 'method'\] missing")],
)
def test_bad_input_messages(bad, message):
    with pytest.raises(ValueError, match=message):
        RuleFeatures().fit(None).transform(bad)


def test_length_mismatch_message(frame, codes):
    with pytest.raises(ValueError, match=r"48 answers but 3 codes"):
        AnswerClassifier().fit(frame, codes[:3])


@pytest.mark.parametrize(
    "answer,question,code",
    [
        ("We are pleased to respond in full. We do not hold the information.", "How many alerts?", "not_held"),
        ("No referrals were made.", "How many referrals?", "disclosed"),
        ("Exceeds the appropriate limit (section 12).", "How many?", "cost_limit"),
        ("Exempt under section 43.", "What is the cost?", "exempt"),
        ("Policy attached.", "Please provide the policy.", "attached"),
        ("", "How many?", "no_answer"),
    ],
)
def test_rule_coder(answer, question, code):
    assert rule_code(answer, question, find(answer))[0] == code
    frame = pd.DataFrame([{"answer": answer, "question": question, "method": "label"}])
    assert RuleCoder().fit().predict(frame)[0] == code


# -- counting n-grams faster (CachedTfidfVectorizer) must not change a feature --------------------

TEXTS = [
    "This information is not held.",
    "Exempt under section 40(2), personal data. Exempt under section 40(2)!",
    "  Leading and trailing spaces\t\tand tabs\n\nand blank lines  ",
    "ÉCOLE Straße naïve café — “quotes” and ‘more’",
    "non\u00a0breaking\u2028line\u2029separators\x1cand\x1dothers",
    "",
    " ",
    "a",
    "2019/20: 14; 2020/21: 3; £1,200.50 https://example.org/x?y=1",
    "x" * 120,
    "This information is not held.",  # the same text twice in a batch
]


@pytest.mark.parametrize(
    "params",
    [
        {"analyzer": "char_wb", "ngram_range": (2, 5)},
        {"analyzer": "char_wb", "ngram_range": (1, 3), "lowercase": False},
        {"analyzer": "word", "ngram_range": (1, 2)},
        {"analyzer": "char", "ngram_range": (2, 4)},
        {"analyzer": "word", "ngram_range": (1, 1), "sublinear_tf": True},
    ],
)
def test_cached_vectorizer_gives_the_same_matrix(params):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from nlp_foi.classify import CachedTfidfVectorizer

    plain = TfidfVectorizer(**params).fit([t for t in TEXTS if t.strip()] + ["section 40 exempt not held"])
    cached = pickle_copy(plain)
    cached.__class__ = CachedTfidfVectorizer
    for batch in (TEXTS, TEXTS[::-1], TEXTS[:1], ["zzz unseen"], TEXTS):  # the last one: words remembered
        want, got = plain.transform(batch), cached.transform(batch)
        assert type(got) is type(want) and got.shape == want.shape
        for attr in ("data", "indices", "indptr"):
            assert getattr(got, attr).dtype == getattr(want, attr).dtype
            np.testing.assert_array_equal(getattr(got, attr), getattr(want, attr))


def pickle_copy(obj):
    import pickle

    return pickle.loads(pickle.dumps(obj))


def test_cache_vectorizers_keeps_predictions_identical(frame, codes):
    from nlp_foi.classify import CachedTfidfVectorizer, cache_vectorizers

    model = AnswerClassifier(C=50.0).fit(frame, codes)
    before = model.predict_proba(frame)
    assert cache_vectorizers(model) >= 3  # words, characters, question (and the unfitted template's)
    assert cache_vectorizers(model) == 0  # already done
    assert sum(isinstance(v, CachedTfidfVectorizer) for v in _walk(model)) == 3
    np.testing.assert_array_equal(model.predict_proba(frame), before)
    np.testing.assert_array_equal(model.predict_proba(frame.iloc[::-1]), before[::-1])
    copy = pickle_copy(model)  # the word cache is not pickled
    vectorizers = [v for v in _walk(copy) if isinstance(v, CachedTfidfVectorizer)]
    assert len(vectorizers) == 3 and not any("_word_counts" in vars(v) for v in vectorizers)
    np.testing.assert_array_equal(copy.predict_proba(frame), before)


def _walk(model):
    ct = model.model_.calibrated_classifiers_[0].estimator.named_steps["features"]
    return [t for _, t, _ in ct.transformers_]


def test_rule_features_equal_row_by_row(frame):
    from nlp_foi.classify import FEATURE_NAMES, feature_vector, question_flags

    X = RuleFeatures().fit(frame).transform(frame)
    assert X.shape == (len(frame), len(FEATURE_NAMES))
    for i, row in enumerate(frame.itertuples()):
        np.testing.assert_array_equal(X[i], feature_vector(row.answer, row.question, find(row.answer)))
    q = "If yes, how many did you spend on the software?"
    assert question_flags(q) == {"q_how_many": 1.0, "q_which": 0.0, "q_yes_no": 0.0, "q_copy": 0.0,
                                 "q_followup": 1.0, "q_money": 1.0}
    flags = question_flags(q)
    flags["q_money"] = 0.0  # a caller's copy: the remembered flags do not change
    assert question_flags(q)["q_money"] == 1.0


def test_word_cache_starts_again_when_full():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from nlp_foi.classify import CachedTfidfVectorizer

    plain = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)).fit(TEXTS)
    cached = pickle_copy(plain)
    cached.__class__ = CachedTfidfVectorizer
    cached.word_cache_size = 5  # fewer than the words of one batch
    for batch in (TEXTS, TEXTS[2:], TEXTS):
        np.testing.assert_array_equal(cached.transform(batch).toarray(), plain.transform(batch).toarray())
        assert len(vars(cached)["_word_counts"]) <= max(5, len(" ".join(batch).lower().split()))


def test_sentence_shares_tell_a_refusal_from_a_partial_disclosure():
    from nlp_foi import rules
    from nlp_foi.classify import sentence_shares

    def shares(text):
        return sentence_shares(text, rules.find(text))

    refusing, pointing, plain = shares("This information is exempt under section 43(2) of the Act.")
    assert (refusing, pointing, plain) == (1.0, 0.0, 0.0)
    refusing, pointing, plain = shares("We have 14 cameras. Their locations are exempt under section 31(1)(a).")
    assert refusing == 0.5 and plain > 0
    assert shares("Please find our policy attached.")[1] == 1.0
    assert shares("") == (0.0, 0.0, 0.0)
    # a courtesy opener counts for neither side (codebook edge rule 4)
    assert shares("We are pleased to respond in full. However, we do not hold this information.")[0] == 1.0


@pytest.mark.parametrize("question,expected", [
    ("If yes, which supplier?", True),
    ("If a single provider is used, please give the total paid.", True),
    ("If multiple advisers are used, please list them.", True),
    ("How many staff work on FOI?", False),
    ("Please state if the council has a policy.", False),
])
def test_follow_up_questions(question, expected):
    from nlp_foi.classify import RE_Q_FOLLOWUP

    assert bool(RE_Q_FOLLOWUP.search(question)) is expected


def test_a_courtesy_opener_changes_neither_the_ngrams_nor_the_rule_features():
    from nlp_foi import rules
    from nlp_foi.classify import feature_vector, text_for_ngrams

    plain = "We do not hold the information you asked for."
    polite = "We are pleased to respond in full to your request. " + plain
    assert text_for_ngrams(polite).strip() == text_for_ngrams(plain)
    assert text_for_ngrams("Thank you for your request.") == "thank you for your request."  # nothing else left
    question = "How many alerts were generated?"
    assert list(feature_vector(polite, question, rules.find(polite))) == list(feature_vector(plain, question, rules.find(plain)))


def test_what_the_answer_opens_with_is_counted_apart():
    from nlp_foi import rules
    from nlp_foi.classify import LEAD_CATEGORIES, lead_hits

    answer = ("Prevent\nThe Trust can neither confirm nor deny whether it holds the information. Confirming it "
              "would reveal where referrals are made, and the figures are not held centrally either.")
    lead = dict(zip(LEAD_CATEGORIES, lead_hits(answer, rules.find(answer))))
    assert lead["exempt"] > 0 and lead["not_held"] == 0  # the heading is passed over; the second sentence is not the lead
    assert not any(lead_hits("Smoothwall.", rules.find("Smoothwall.")))
