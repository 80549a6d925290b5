"""Code each answer with the codebook: rule signals feeding a calibrated scikit-learn model.

Model card
----------
*Input*: one row per (reply, question): the answer passage found by the segmenter, the
question's text and how the passage was found (``method``).
*Features*: word 1-2-grams and character 2-5-grams of the answer (TF-IDF; courtesy
sentences such as "We are pleased to respond in full" left out, codebook edge rule 4),
words of the question, the segmenter's method, and :class:`RuleFeatures`: counts of the
FOI phrasing rules of :mod:`nlp_foi.rules` (not held, cost limit, exemption citations
with other Acts discounted, attached/links, zero counts, yes/no openings; English and
Welsh), the question's type (how many, which product, yes/no, a copy, a follow-up,
including "If a single provider is used ..."), the shape of the answer (numbers, money,
years, length), the share of its sentences that refuse or point to a document (a
refusal alone vs. a partial disclosure, edge rule 2), and the rule hits of its first
sentence again (what it opens with, past a heading and any courtesy).
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
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
try:  # what CountVectorizer hands back in the scikit-learn this was written against; see cache_vectorizers
    from sklearn.utils._sparse import _align_api_if_sparse
except ImportError:  # pragma: no cover - another scikit-learn: the vectorizers are left as they are
    _align_api_if_sparse = None
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
RE_Q_IF_NOT = re.compile(r"^\W*(?:\(?[a-z0-9]{1,2}[.)]\s*)?if (?:not|no)\b", re.I)
"""A follow-up whose premise is a "no" ("If not, which organisation runs the bank?"): a "yes" before rules it out."""
RE_Q_FOLLOWUP = re.compile(
    r"\bif (?:yes|so|applicable|any|the answer)\b|\bif you (?:do|have|use)\b|"
    # "If a single provider is used, ...", "If multiple advisers are used, ...": the premise is another answer's
    r"^\W*if (?:a|an|the|any|one|multiple|more than one|several|such|these|this|it|they)\b[^?.]{0,60}?"
    r"\b(?:is|are|was|were|has|have|had|exists?|applies|apply|used|held|made|paid)\b",
    re.I,
)
RE_Q_MONEY = re.compile(r"\b(?:cost|spend|spent|budget|amount|paid|price|value|fee|fees|expenditure)\b", re.I)
RE_OPEN_YES = re.compile(r"\s*(?:yes|correct|we do|we have|it is|they are)\b", re.I)
RE_OPEN_NO = re.compile(r"\s*(?:no|none|nil|we do not|we don't|there (?:are|were|have been) no|not)\b", re.I)

# A sentence that only opens or closes a letter politely ("We are pleased to respond in full to your
# request."): it says nothing of the code (codebook edge rule 4), so the n-grams leave it out.
RE_COURTESY_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))[ \t]*(?:(?:we|i)\s+(?:are|am)\s+(?:pleased|happy|writing)\b|thank\s+you\s+for\s+your\b|"
    r"further\s+to\s+your\b|(?:we|i)\s+(?:write|have\s+(?:now\s+)?(?:considered|completed))\b)[^.!?\n]*[.!?]?",
    re.I,
)


def text_for_ngrams(answer: str) -> str:
    """The answer as the word and character n-grams see it: lower case, courtesy sentences left out
    (unless nothing else is left)."""
    kept = RE_COURTESY_SENTENCE.sub(" ", answer)
    return (kept if kept.strip() else answer).lower()


RULE_CATEGORIES = rules.CATEGORIES
QUESTION_FLAGS = ("q_how_many", "q_which", "q_yes_no", "q_copy", "q_followup", "q_money")
SHAPE_FLAGS = ("has_number", "has_money", "has_year", "has_percent", "open_yes", "open_no", "log_len", "empty", "n_lines")
SENTENCE_FLAGS = ("sentences_refusing", "sentences_pointing", "sentences_plain")
LEAD_CATEGORIES = ("not_held", "cost_limit", "exempt", "not_applicable", "attached", "s21", "zero", "yes", "no")
"""Rule hits counted again in the answer's first sentence (past a heading line): what it opens with decides
more than the reasons that follow ("The Trust can neither confirm nor deny ..." then a page of harm test)."""
FEATURE_NAMES = (
    tuple(f"rule_{c}" for c in RULE_CATEGORIES) + QUESTION_FLAGS + SHAPE_FLAGS + ("citation_other_act",) + SENTENCE_FLAGS
    + tuple(f"lead_{c}" for c in LEAD_CATEGORIES)
)


def feature_signature() -> dict:
    """What a trained model's rule features depend on: the names, and the lexicon's hash."""
    import hashlib

    from .config import LEXICONS_DIR

    lexicon = (LEXICONS_DIR / "foi_phrases.yaml").read_bytes()
    return {"rule_features": list(FEATURE_NAMES), "lexicon_sha256": hashlib.sha256(lexicon).hexdigest()}


def question_flags(question: str) -> dict[str, float]:
    return dict(zip(QUESTION_FLAGS, _question_row(question)))


@lru_cache(maxsize=1024)
def _question_row(question: str) -> tuple[float, ...]:
    """The values of :func:`question_flags`, in ``QUESTION_FLAGS`` order; worked out once per question,
    not once per answer (a batch asks the same few questions of every reply)."""
    return (
        float(bool(RE_Q_HOW_MANY.search(question))),
        float(bool(RE_Q_WHICH.search(question))),
        float(bool(RE_Q_YES_NO.search(question))),
        float(bool(RE_Q_COPY.search(question))),
        float(bool(RE_Q_FOLLOWUP.search(question))),
        float(bool(RE_Q_MONEY.search(question))),
    )


def shape_flags(answer: str) -> dict[str, float]:
    return {
        "has_number": float(RE_NUMBER.search(answer) is not None),
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
        # a passage shared by several questions (a reply answered as a whole) is looked at once
        by_answer: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {}
        for i, (spans, answer, question) in enumerate(
            zip(rules.find_many(answers, batch_size=self.batch_size), answers, frame["question"].tolist())
        ):
            if answer not in by_answer:
                by_answer[answer] = _answer_rows(answer, spans)
            out[i] = _row(by_answer[answer], question)
        return out

    def get_feature_names_out(self, input_features=None):
        return np.asarray(FEATURE_NAMES, dtype=object)


def without_citations(answer: str, spans: list[Span]) -> str:
    """The answer with cited provisions blanked, so "section 43" is not taken for a figure."""
    cited = [s for s in spans if s.label in _CITING and RE_NUMBER.search(s.text)]
    if not cited:
        return answer
    chars = list(answer)
    for s in cited:
        for i in range(max(0, s.start), min(len(chars), s.end)):
            chars[i] = " "
    return "".join(chars)


_CITING = ("exempt", "cost_limit", "not_held", "attached", "other_act")


def feature_vector(answer: str, question: str, spans: list[Span]) -> np.ndarray:
    return _row(_answer_rows(answer, spans), question)


def _answer_rows(answer: str, spans: list[Span]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The features of the answer alone: those before the question's flags, and those after."""
    counts = rules.counts(spans)
    # courtesies ("pleased to respond in full") say nothing of the code: neither their hits nor their length count
    before = tuple(math.log1p(counts.get(c, 0)) if c != "courtesy" else 0.0 for c in RULE_CATEGORIES)
    plain = without_citations(answer, spans)
    core = RE_COURTESY_SENTENCE.sub(" ", plain).strip()
    after = (*shape_flags(core or plain).values(),
             float(counts.get("other_act", 0) > 0 and counts.get("exempt", 0) == 0),
             *sentence_shares(answer, spans),
             *lead_hits(answer, spans))
    return before, after


_RE_LEAD_HEADING = re.compile(r"[ \t]*[^\n.!?:]{1,60}\n(?=[ \t]*\S)")
_RE_LEAD_END = re.compile(r"[.!?](?=\s)|\n\s*\n")
LEAD_MAX_CHARS = 300


def lead_hits(answer: str, spans: list[Span]) -> tuple[float, ...]:
    """:data:`LEAD_CATEGORIES` counted (log) in the answer's first sentence, past a heading on a line of its
    own ("Prevent referrals") and any courtesy ("We are pleased to respond in full"), at most
    :data:`LEAD_MAX_CHARS` characters."""
    heading = _RE_LEAD_HEADING.match(answer)
    start = heading.end() if heading else 0
    start += len(answer[start:]) - len(answer[start:].lstrip())
    while (courtesy := RE_COURTESY_SENTENCE.match(answer, start)) is not None and courtesy.end() > start:
        start = courtesy.end() + len(answer[courtesy.end():]) - len(answer[courtesy.end():].lstrip())  # edge rule 4
    end = _RE_LEAD_END.search(answer, start)
    end = min(end.end() if end else len(answer), start + LEAD_MAX_CHARS)
    counts: dict[str, int] = {}
    for sp in spans:
        if start <= sp.start < end:
            counts[sp.label] = counts.get(sp.label, 0) + 1
    return tuple(math.log1p(counts.get(c, 0)) for c in LEAD_CATEGORIES)


_REFUSING = frozenset({"exempt", "cost_limit", "not_held", "s21"})
_POINTING = frozenset({"attached"})
_RE_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)


def sentence_shares(answer: str, spans: list[Span]) -> tuple[float, float, float]:
    """Of the answer's sentences: the share that refuse (a rule hit of a refusal), the share that point
    to a document, and how many say something else (log).  "exempt under section 43(2)" alone is a
    refusal; the same sentence beside a figure is a partial disclosure (codebook edge rule 2)."""
    sentences = [(m.start(), m.end()) for m in _RE_SENTENCE.finditer(answer) if m.group().strip()]
    if not sentences:
        return 0.0, 0.0, 0.0
    refusing = pointing = plain = 0
    for s, e in sentences:
        labels = {sp.label for sp in spans if s <= sp.start < e}
        if labels & _REFUSING:
            refusing += 1
        elif labels & _POINTING:
            pointing += 1
        elif "courtesy" not in labels:
            plain += 1
    n = refusing + pointing + plain  # a courtesy ("We are pleased to respond in full") says nothing either way
    if not n:
        return 0.0, 0.0, 0.0
    return refusing / n, pointing / n, math.log1p(plain)


def _row(answer_rows: tuple[tuple[float, ...], tuple[float, ...]], question: str) -> np.ndarray:
    """A row of ``FEATURE_NAMES``: the answer's features around the question's flags."""
    before, after = answer_rows
    return np.asarray((*before, *_question_row(question), *after), dtype=float)


def _as_frame(X) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        missing = [c for c in COLUMNS if c not in X.columns]
        if missing:
            raise ValueError(f"columns {missing} missing; a frame with columns {list(COLUMNS)} expected")
        return X
    if isinstance(X, str):
        raise ValueError("a table of answers expected (columns answer, question, method), a string received")
    return pd.DataFrame(list(X), columns=list(COLUMNS))


class CachedTfidfVectorizer(TfidfVectorizer):
    """A :class:`~sklearn.feature_extraction.text.TfidfVectorizer` that counts n-grams faster.

    ``transform`` gives the very same matrix: it counts each distinct text of a batch once (a
    reply answered as a whole gives every question the same passage) and, with
    ``analyzer="char_wb"``, whose n-grams never cross a space, it counts each distinct word once
    per process and adds up the counts of a text's words (counting n-grams one by one was the
    costliest step of coding).  Fitting is TfidfVectorizer's own.  :func:`cache_vectorizers`
    turns the vectorizers of a loaded model into these.
    """

    word_cache_size = 50_000
    """Distinct words whose counts are remembered (some 0.3 MB a thousand); the cache starts again when full."""

    def __getstate__(self):
        state = super().__getstate__()  # may be the object's own __dict__: leave that alone
        return {k: v for k, v in state.items() if k != "_word_counts"}  # a cache, not the fitted model

    def _count_vocab(self, raw_documents, fixed_vocab):
        if not fixed_vocab or self.analyzer not in ("word", "char", "char_wb"):
            return super()._count_vocab(raw_documents, fixed_vocab)
        docs = list(raw_documents)
        distinct = list(dict.fromkeys(docs))
        if self.analyzer == "char_wb":
            counts = self._char_wb_counts(distinct)
        else:
            counts = self._counts(distinct)
        # one row per text again, in order; what CountVectorizer._count_vocab returns (float counts,
        # int32 indices sorted within each row)
        row = {doc: i for i, doc in enumerate(distinct)}
        X = counts[[row[doc] for doc in docs]] if len(distinct) < len(docs) else counts
        X = sp.csr_array(X, dtype=self.dtype)
        X.indices = X.indices.astype(np.int32, copy=False)
        X.indptr = X.indptr.astype(np.int32, copy=False)
        X.sort_indices()
        return self.vocabulary_, _align_api_if_sparse(X)

    def _counts(self, docs: list) -> sp.csr_array:
        """The n-gram counts of ``docs`` (distinct texts), counted as CountVectorizer counts them."""
        return super()._count_vocab(docs, fixed_vocab=True)[1]

    def _char_wb_counts(self, docs: list) -> sp.csr_array:
        """:meth:`_counts` for ``char_wb``: (texts x words) @ (words x n-grams).

        ``_char_wb_ngrams`` pads and cuts each whitespace-separated word on its own, so the
        n-grams of a text are those of its words, one word after another: a text's counts are
        the sum of its words' counts.  Each word's are counted once per process (remembered in
        ``_word_counts``), and a sparse product adds them up (exactly: they are small integers).
        """
        preprocess = self.build_preprocessor()
        words: list[str] = []  # every word of every text, in order
        indptr = [0]
        for doc in docs:
            words += self._white_spaces.sub(" ", preprocess(self.decode(doc))).split()
            indptr.append(len(words))
        distinct = list(dict.fromkeys(words))
        column = {word: j for j, word in enumerate(distinct)}
        columns = np.fromiter(map(column.__getitem__, words), dtype=np.int64, count=len(words))
        by_word = sp.csr_array((np.ones(len(words)), columns, np.asarray(indptr, dtype=np.int64)),
                               shape=(len(docs), len(distinct)))
        by_word.sum_duplicates()  # a word's occurrences in a text, added up
        return by_word @ self._word_matrix(distinct)

    def _word_matrix(self, words: list[str]) -> sp.csr_array:
        """The ``char_wb`` n-gram counts of single ``words``, one row each; remembered per word."""
        cache = self.__dict__.setdefault("_word_counts", {})
        if len(cache) + len(words) > self.word_cache_size:
            cache.clear()
        indices: list[int] = []
        data: list[int] = []
        indptr = [0]
        vocabulary = self.vocabulary_
        for word in words:
            found = cache.get(word)
            if found is None:
                counter: dict[int, int] = {}
                for gram in self._char_wb_ngrams(word):
                    idx = vocabulary.get(gram)
                    if idx is not None:
                        counter[idx] = counter.get(idx, 0) + 1
                found = cache[word] = (tuple(counter), tuple(counter.values()))
            indices.extend(found[0])
            data.extend(found[1])
            indptr.append(len(indices))
        return sp.csr_array((np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64),
                             np.asarray(indptr, dtype=np.int64)), shape=(len(words), len(vocabulary)))


def cache_vectorizers(estimator) -> int:
    """Make every fitted ``TfidfVectorizer`` inside ``estimator`` a :class:`CachedTfidfVectorizer`, in place.

    The same objects with the same fitted state; only how ``transform`` counts changes, not what
    it returns.  In place, because a shipped model is a pickle whose hash is checked: its classes
    cannot be changed on disk.  Returns how many vectorizers were changed.
    """
    if _align_api_if_sparse is None:
        return 0  # CachedTfidfVectorizer relies on CountVectorizer internals (written against scikit-learn 1.9)
    seen: set[int] = set()
    changed = 0
    atoms = (str, bytes, int, float, np.ndarray, np.generic)  # nothing inside (a vocabulary's many values)

    def visit(obj) -> None:
        nonlocal changed
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if type(obj) is TfidfVectorizer:
            obj.__class__ = CachedTfidfVectorizer
            changed += 1
            return
        if isinstance(obj, (list, tuple)):
            items = obj
        elif isinstance(obj, dict):
            items = obj.values()
        elif hasattr(obj, "__dict__") and type(obj).__module__.startswith(("sklearn", "nlp_foi")):
            items = vars(obj).values()
        else:
            return
        for item in items:
            if not isinstance(item, atoms):
                visit(item)

    visit(estimator)
    return changed


def make_pipeline(*, C: float = 4.0, rule_weight: float = 1.0, max_iter: int = 2000, random_state: int = 0) -> Pipeline:
    """The unfitted feature + logistic regression pipeline; ``rule_weight`` scales the rule features."""
    features = ColumnTransformer(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=40000,
                                      preprocessor=text_for_ngrams), "answer"),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=3, sublinear_tf=True,
                                      max_features=60000, preprocessor=text_for_ngrams), "answer"),
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
