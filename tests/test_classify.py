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
