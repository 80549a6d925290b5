"""Code each answer with the codebook: rule signals feeding a calibrated scikit-learn model.

Model card
----------
*Input*: one row per (reply, question): the answer passage found by the segmenter, the
question's text and how the passage was found (``method``).
*Features*: word 1-2-grams and character 2-5-grams of the answer (TF-IDF), words of
the question, the segmenter's method, and :class:`RuleFeatures`: counts of the FOI
phrasing rules of :mod:`nlp_foi.rules` (not held, cost limit, exemption citations with
other Acts discounted, attached/links, zero counts, courtesy openers, yes/no openings),
the question's type (how many, which product, yes/no, a copy, a follow-up) and the
shape of the answer (numbers, money, years, length).
*Estimator*: logistic regression, probabilities calibrated by cross-validation
(:class:`~sklearn.calibration.CalibratedClassifierCV`), so ``confidence`` can set the
review policy.  Trained on the project's own corpus in ``data/corpus`` (see
``nlp-foi train``); scores in ``models/<name>/meta.json`` and the README.
*Known limits*: the model sees one answer at a time; edge rules that need the rest of
the reply (cross references, follow-ups after a "no") are applied afterwards by
:func:`apply_edge_rules`.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.utils.validation import check_is_fitted

from . import rules
from .records import Span

COLUMNS = ("answer", "question", "method")
METHODS = ("label", "answer_label", "question", "table", "heading", "prose", "aligned", "shared", "general", "whole",
           "restated", "none")

RE_NUMBER = re.compile(r"(?<![\w/.])\d[\d,]*(?:\.\d+)?(?![\w/])")
RE_MONEY = re.compile(r"£\s?\d|\b\d[\d,.]*\s?(?:pounds|k\b|m\b)", re.I)
RE_YEAR = re.compile(r"\b(?:19|20)\d{2}(?:[/-]\d{2,4})?\b|\b\d{2}/\d{2}\b")
RE_PERCENT = re.compile(r"\d\s?%")
RE_Q_HOW_MANY = re.compile(r"\bhow many\b|\bnumber of\b|\bhow much\b|\btotal\b|\bfigures?\b|\bstatistics\b", re.I)
RE_Q_WHICH = re.compile(r"\b(?:which|what|who|name of)\b[^?]{0,60}\b(?:company|product|software|system|supplier|provider|manufacturer|vendor|brand|contractor|tool|platform)", re.I)
RE_Q_YES_NO = re.compile(r"(?:^|[.?:;]\s+|\(\w\)\s*)(?:is|are|do|does|did|has|have|was|were|can|will|would)\b|\bwhether\b|\bconfirm (?:if|whether)\b", re.I)
RE_Q_COPY = re.compile(r"\b(?:copy|copies|policy|policies|procedure|document|guidance|minutes|report)\b", re.I)
RE_Q_FOLLOWUP = re.compile(r"\bif (?:yes|so|applicable|any|the answer)\b|\bif you (?:do|have|use)\b", re.I)
RE_Q_MONEY = re.compile(r"\b(?:cost|spend|spent|budget|amount|paid|price|value|fee|fees|expenditure)\b", re.I)
RE_OPEN_YES = re.compile(r"\s*(?:yes|correct|we do|we have|it is|they are)\b", re.I)
RE_OPEN_NO = re.compile(r"\s*(?:no|none|nil|we do not|we don't|there (?:are|were|have been) no|not)\b", re.I)

RULE_CATEGORIES = rules.CATEGORIES
QUESTION_FLAGS = ("q_how_many", "q_which", "q_yes_no", "q_copy", "q_followup", "q_money")
SHAPE_FLAGS = ("has_number", "has_money", "has_year", "has_percent", "open_yes", "open_no", "log_len", "empty", "n_lines")
FEATURE_NAMES = tuple(f"rule_{c}" for c in RULE_CATEGORIES) + QUESTION_FLAGS + SHAPE_FLAGS + ("citation_other_act",)


def feature_signature() -> dict:
    """What a trained model's rule features depend on: the names, and the lexicon's hash."""
    import hashlib

    from .config import LEXICONS_DIR

    lexicon = (LEXICONS_DIR / "foi_phrases.yaml").read_bytes()
    return {"rule_features": list(FEATURE_NAMES), "lexicon_sha256": hashlib.sha256(lexicon).hexdigest()}


def question_flags(question: str) -> dict[str, float]:
    return {
        "q_how_many": float(bool(RE_Q_HOW_MANY.search(question))),
        "q_which": float(bool(RE_Q_WHICH.search(question))),
        "q_yes_no": float(bool(RE_Q_YES_NO.search(question))),
        "q_copy": float(bool(RE_Q_COPY.search(question))),
        "q_followup": float(bool(RE_Q_FOLLOWUP.search(question))),
        "q_money": float(bool(RE_Q_MONEY.search(question))),
    }


def shape_flags(answer: str) -> dict[str, float]:
    return {
        "has_number": float(len(RE_NUMBER.findall(answer)) > 0),
        "has_money": float(bool(RE_MONEY.search(answer))),
        "has_year": float(bool(RE_YEAR.search(answer))),
        "has_percent": float(bool(RE_PERCENT.search(answer))),
        "open_yes": float(bool(RE_OPEN_YES.match(answer))),
        "open_no": float(bool(RE_OPEN_NO.match(answer))),
        "log_len": math.log1p(len(answer)),
        "empty": float(not answer.strip()),
        "n_lines": math.log1p(answer.count("\n")),
    }


class RuleFeatures(BaseEstimator, TransformerMixin):
    """Rule hits, question type and answer shape as a dense matrix (a stateless transformer)."""

    def __init__(self, batch_size: int = 64):
        self.batch_size = batch_size

    def fit(self, X, y=None):
        self.n_features_out_ = len(FEATURE_NAMES)
        return self

    def transform(self, X):
        frame = _as_frame(X)
        answers = frame["answer"].tolist()
        out = np.zeros((len(frame), len(FEATURE_NAMES)), dtype=float)
        for i, (spans, answer, question) in enumerate(
            zip(rules.find_many(answers, batch_size=self.batch_size), answers, frame["question"].tolist())
        ):
            out[i] = feature_vector(answer, question, spans)
        return out

    def get_feature_names_out(self, input_features=None):
        return np.asarray(FEATURE_NAMES, dtype=object)


def without_citations(answer: str, spans: list[Span]) -> str:
    """The answer with cited provisions blanked, so "section 43" is not taken for a figure."""
    chars = list(answer)
    for s in spans:
        if RE_NUMBER.search(s.text) and s.label in ("exempt", "cost_limit", "not_held", "attached", "other_act"):
            for i in range(max(0, s.start), min(len(chars), s.end)):
                chars[i] = " "
    return "".join(chars)


def feature_vector(answer: str, question: str, spans: list[Span]) -> np.ndarray:
    counts = rules.counts(spans)
    row = [math.log1p(counts.get(c, 0)) for c in RULE_CATEGORIES]
    row += list(question_flags(question).values())
    row += list(shape_flags(without_citations(answer, spans)).values())
    row.append(float(counts.get("other_act", 0) > 0 and counts.get("exempt", 0) == 0))
    return np.asarray(row, dtype=float)


def _as_frame(X) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        missing = [c for c in COLUMNS if c not in X.columns]
        if missing:
            raise ValueError(f"columns {missing} missing; a frame with columns {list(COLUMNS)} expected")
        return X
    if isinstance(X, str):
        raise ValueError("a table of answers expected (columns answer, question, method), a string received")
    return pd.DataFrame(list(X), columns=list(COLUMNS))


def make_pipeline(*, C: float = 4.0, rule_weight: float = 1.0, max_iter: int = 2000, random_state: int = 0) -> Pipeline:
    """The unfitted feature + logistic regression pipeline; ``rule_weight`` scales the rule features."""
    features = ColumnTransformer(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=40000), "answer"),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True, max_features=60000), "answer"),
            ("question", TfidfVectorizer(ngram_range=(1, 1), min_df=2, sublinear_tf=True, max_features=5000), "question"),
            ("method", OneHotEncoder(categories=[list(METHODS)], handle_unknown="ignore"), ["method"]),
            ("rules", Pipeline([("rules", RuleFeatures()), ("scale", StandardScaler())]), list(COLUMNS)),
        ],
        transformer_weights={"rules": rule_weight},
    )
    clf = LogisticRegression(C=C, max_iter=max_iter, class_weight="balanced", random_state=random_state)
    return Pipeline([("features", features), ("clf", clf)])


class AnswerClassifier(ClassifierMixin, BaseEstimator):
    """Codes answers: a calibrated logistic regression over text and rule features.

    ``fit(X, y)`` takes a frame with columns ``answer``, ``question``, ``method`` and
    the codes; ``predict_proba`` gives calibrated probabilities over ``classes_``.
    """

    def __init__(self, *, C: float = 4.0, rule_weight: float = 1.0, calibration: str = "sigmoid", cv: int = 3,
                 random_state: int = 0):
        self.C = C
        self.rule_weight = rule_weight
        self.calibration = calibration
        self.cv = cv
        self.random_state = random_state

    def fit(self, X, y):
        frame = _as_frame(X)
        y = np.asarray(y)
        if len(frame) != len(y):
            raise ValueError(f"{len(frame)} answers but {len(y)} codes; one code per answer expected")
        base = make_pipeline(C=self.C, rule_weight=self.rule_weight, random_state=self.random_state)
        _, counts = np.unique(y, return_counts=True)
        cv = min(self.cv, int(counts.min())) if len(counts) > 1 else 0
        if cv >= 2:
            # ensemble=False: one classifier fit on all the data, calibrated on out-of-fold predictions,
            # so predicting computes the features once, not once per fold
            self.model_ = CalibratedClassifierCV(base, method=self.calibration, cv=cv, ensemble=False)
        else:  # too few examples of a code to calibrate: plain probabilities
            self.model_ = base
        self.model_.fit(frame, y)
        self.classes_ = np.asarray(self.model_.classes_)
        return self

    def predict_proba(self, X):
        check_is_fitted(self, "model_")
        return self.model_.predict_proba(_as_frame(X))

    def predict(self, X):
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]


class RuleCoder(ClassifierMixin, BaseEstimator):
    """The coder from rules alone: used when no trained model is available, and as a baseline."""

    def __init__(self, *, classes: tuple[str, ...] = ("disclosed", "not_held", "cost_limit", "exempt", "not_applicable", "attached", "no_answer")):
        self.classes = classes

    def fit(self, X=None, y=None):
        self.classes_ = np.asarray(self.classes)
        return self

    def predict_proba(self, X):
        check_is_fitted(self, "classes_")
        frame = _as_frame(X)
        out = np.zeros((len(frame), len(self.classes_)))
        index = {c: i for i, c in enumerate(self.classes_)}
        for i, (spans, row) in enumerate(zip(rules.find_many(frame["answer"].tolist()), frame.itertuples())):
            code, conf = rule_code(row.answer, row.question, spans)
            if code not in index:
                code = self.classes_[0]
            rest = (1 - conf) / max(1, len(self.classes_) - 1)
            out[i, :] = rest
            out[i, index[code]] = conf
        return out

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def rule_code(answer: str, question: str, spans: list[Span]) -> tuple[str, float]:
    """A code and a rough confidence from the rule hits alone."""
    if not answer.strip():
        return "no_answer", 0.6
    c = rules.counts(spans)
    shape = shape_flags(without_citations(answer, spans))
    q = question_flags(question)
    if c["cost_limit"]:
        return "cost_limit", 0.7
    if c["exempt"] and not shape["has_number"]:
        return "exempt", 0.65
    if c["not_held"] and not c["zero"]:
        return "not_held", 0.65
    if c["not_applicable"] and not q["q_yes_no"]:
        return "not_applicable", 0.6
    if c["attached"] and not shape["has_number"]:
        return "attached", 0.65
    return "disclosed", 0.55
