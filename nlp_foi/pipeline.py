"""The whole job: read, fold, segment, classify, extract, flag for review.

:func:`code_replies` streams :class:`~nlp_foi.records.CodedAnswer` lines for an
iterable of replies, chunk by chunk (the classifier and the rule pipeline work on a
chunk at once); :func:`code_batch` is the same from a path, and :func:`code_frame`
returns a pandas DataFrame.  Every reply yields one line per question of its request,
even when it cannot be read.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import rules
from .classify import FEATURE_NAMES, RE_Q_FOLLOWUP, RE_Q_IF_NOT, RuleCoder, cache_vectorizers, feature_signature
from .clean import fold
from .codebook import Codebook, load_codebook
from .config import DEFAULT, Config
from .model import ModelError, default_model_dir, load_model
from .questions import parse_request, question_context
from .records import Answer, CodedAnswer, Reply, Request, Span, Value
from .review import review_reasons
from .segment import reply_decisions, segment
from .values import extract_values, to_dict
from .values.sections import find_sections

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Coder:
    """A fitted estimator with its codebook, metadata and review threshold."""

    estimator: Any
    codebook: Codebook
    meta: dict[str, Any] = field(default_factory=dict)
    threshold: float = DEFAULT.review_threshold
    thresholds: dict[str, float] = field(default_factory=dict)  # by method group (review.METHOD_GROUPS)

    @property
    def name(self) -> str:
        return str(self.meta.get("name", "rules"))


def load_coder(*, config: Config = DEFAULT) -> Coder:
    """The coder named by ``config.model``, else the newest shipped model, else rules alone."""
    codebook = load_codebook(config.codebook)
    folder = Path(config.model) if config.model else default_model_dir()
    if folder is None:
        log.warning("no trained model found; coding with rules alone (nlp-foi train builds one)")
        return Coder(RuleCoder(classes=tuple(codebook.ids)).fit(), codebook, {"name": "rules"}, config.review_threshold)
    estimator, meta = load_model(folder, trust=config.trust_model)
    saved = meta.get("features", {}).get("rule_features")
    if saved is not None and saved != list(FEATURE_NAMES):
        raise ModelError(
            f"{folder}: trained with other rule features than this version computes; retrain with nlp-foi train"
        )
    if meta.get("features", {}).get("lexicon_sha256") not in (None, feature_signature()["lexicon_sha256"]):
        log.warning("%s: the FOI phrasing lexicon changed since this model was trained; retrain with nlp-foi train", folder)
    unknown = sorted(set(map(str, estimator.classes_)) - set(codebook.ids))
    if unknown:
        raise ModelError(
            f"{folder}: the model codes {unknown}, which the codebook {codebook.name!r} lacks; "
            "pass the codebook it was trained with (--codebook) or retrain"
        )
    cache_vectorizers(estimator)  # the same features, counted faster
    review = meta.get("review", {})
    threshold = float(review.get("threshold", config.review_threshold))
    return Coder(estimator, codebook, meta, threshold, {k: float(v) for k, v in review.get("thresholds", {}).items()})


def code_batch(source: str | Path, request: Request | None = None, *, config: Config = DEFAULT,
               coder: Coder | None = None) -> Iterator[CodedAnswer]:
    """Code every reply under ``source`` (a folder, a file or a table), in input order.

    Chunks run where ``config`` says (``jobs``, ``scheduler``: see :mod:`nlp_foi.batch`);
    ``coder`` is used in this process only, other processes load the one ``config`` names.
    """
    from .batch import code_chunks  # the readers pull in pdf/docx/html libraries; load them when used

    coder = coder or load_coder(config=config)
    for result in code_chunks(source, request, config=config, coder=coder):
        yield from result.lines


def code_frame(source: str | Path, request: Request | None = None, *, config: Config = DEFAULT) -> pd.DataFrame:
    """:func:`code_batch` as a DataFrame, one row per (reply, question)."""
    return pd.DataFrame([c.to_dict() for c in code_batch(source, request, config=config)])


def code_replies(replies: Iterable[Reply], request: Request | None = None, *, config: Config = DEFAULT,
                 coder: Coder | None = None) -> Iterator[CodedAnswer]:
    """Code replies chunk by chunk; yields the lines of each reply in order."""
    coder = coder or load_coder(config=config)
    it = iter(replies)
    while chunk := list(itertools.islice(it, config.batch_size)):
        yield from _code_chunk(chunk, request, coder, config)


def request_for(reply: Reply, request: Request | None) -> Request | None:
    """The questions a reply is coded against: its own (a table row's), else the batch's request."""
    own = reply.request
    if own is not None and not own.questions and own.preamble:
        own = parse_request(own.preamble, request_id=own.id)
    return own if own is not None and own.questions else request


def _code_chunk(chunk: list[Reply], request: Request | None, coder: Coder, config: Config) -> Iterator[CodedAnswer]:
    prepared: list[tuple[Reply, Request | None, list[Answer], list[Span]]] = []
    rows: list[dict[str, str]] = []
    for reply in chunk:
        req = request_for(reply, request)
        if req is None or reply.error:
            prepared.append((reply, req, [], []))
            continue
        try:
            folded = fold(reply.text)
            answers = segment(reply.text, req, folded=folded, config=config)
        except Exception as exc:  # one bad reply never stops a batch
            log.exception("%s: segmenting failed", reply.source or reply.id)
            reply.error = f"{reply.source or reply.id}: could not be split into answers ({type(exc).__name__}: {exc})"
            prepared.append((reply, req, [], []))
            continue
        prepared.append((reply, req, answers, folded))
        qtext = {q.id: q.text for q in req.questions}
        rows.extend({"answer": a.text, "question": qtext[a.question_id], "method": a.method} for a in answers)

    proba = coder.estimator.predict_proba(pd.DataFrame(rows, columns=["answer", "question", "method"])) if rows else np.zeros((0, 0))
    classes = [str(c) for c in coder.estimator.classes_]
    hit_lists = list(rules.find_many([r["answer"] for r in rows], batch_size=config.batch_size)) if rows else []
    k = 0
    for reply, req, answers, folded in prepared:
        if not answers:
            yield from _error_lines(reply, req, coder)
            continue
        coded = []
        reply_sections = None
        for a in answers:
            p = proba[k]
            best = int(np.argmax(p))
            spans = [Span(s.start + (a.start or 0), s.end + (a.start or 0), s.text, s.label) for s in hit_lists[k]]
            k += 1
            line = _line(reply, a, question_context(req, a.question_id), classes[best], float(p[best]), spans)
            if a.method == "whole" and line.code in REFUSALS:
                if reply_sections is None:
                    reply_sections = _reply_sections(reply.text, folded)
                if reply_sections:
                    line.value_spans = [v for v in line.value_spans if v.key != "sections"] + reply_sections
                    line.values = to_dict(line.value_spans)
            coded.append(line)
        apply_edge_rules(coded, answers, req, coder.codebook,
                         missing_confidence=float(coder.meta.get("review", {}).get("group_accuracy", {}).get("missing", 0.5)))
        for line, a in zip(coded, answers):
            line.reasons = review_reasons(line, a, threshold=coder.threshold, thresholds=coder.thresholds)
            line.review = bool(line.reasons)
        yield from coded


def _line(reply: Reply, a: Answer, question: str, code: str, confidence: float, spans: list[Span]) -> CodedAnswer:
    values = extract_values(a.text, question=question, offset=a.start or 0) if a.found else []
    evidence_spans = [s for s in spans if s.label not in ("courtesy",)] or []
    if not evidence_spans and values:
        evidence_spans = [Span(v.start, v.end, v.text, v.key) for v in values[:3]]
    return CodedAnswer(
        reply_id=reply.id,
        authority=reply.authority,
        question_id=a.question_id,
        code=code,
        confidence=confidence,
        answer=a.text,
        start=a.start,
        end=a.end,
        values=to_dict(values),
        evidence=[s.text for s in evidence_spans],
        evidence_spans=evidence_spans,
        value_spans=values,
        method=a.method,
        source=reply.source,
    )


REFUSALS = ("exempt", "cost_limit", "not_held", "attached")


def _reply_sections(text: str, folded: list[Span]) -> list[Value]:
    """A reply that answers as a whole gives its reasons across the letter: every section it cites for them."""
    return [
        Value(v.key, v.value, v.start + s, v.end + s, v.text)
        for s, e in reply_decisions(text, folded) for v in find_sections(text[s:e])
    ]


RE_ONLY_NOT_APPLICABLE = re.compile(
    r"[\W_]*(?:(?:n\s?/\s?a|not\s+applicable|amherthnasol|ddim\s+yn\s+berthnasol)[\W_]*)+", re.I)
"""An answer that says only "N/A" ("n/a.", "Not applicable", "Amherthnasol / Not applicable")."""
NOT_APPLICABLE_ONLY_CONFIDENCE = 0.9


def apply_edge_rules(coded: list[CodedAnswer], answers: list[Answer], request: Request, codebook: Codebook,
                     *, missing_confidence: float = 0.5) -> None:
    """Codebook edge rules the model cannot see alone (1: "See above"; 7: section 21; 10: follow-ups, "If yes,
    ..." after a "no" and "If not, ..." after a "yes")."""
    by_id = {c.question_id: c for c in coded}
    questions = {q.id: q.text for q in request.questions}
    for i, (line, a) in enumerate(zip(coded, answers)):
        if a.refers_to and a.refers_to in by_id and by_id[a.refers_to] is not line:
            target = by_id[a.refers_to]
            line.code, line.confidence = target.code, min(line.confidence, target.confidence)
            line.reasons.append(f"cross reference to question {a.refers_to}")
        if a.found and "not_applicable" in codebook.ids and RE_ONLY_NOT_APPLICABLE.fullmatch(a.text):
            # "N/A" and nothing else is "not applicable" whatever was asked: the model, weighing a yes/no
            # question's words, may not say so (in Welsh replies "Na" is "no", and word n-grams drop "n/a")
            agreed = line.confidence if line.code == "not_applicable" else 0.0
            line.code, line.confidence = "not_applicable", max(agreed, NOT_APPLICABLE_ONLY_CONFIDENCE)
            line.reasons.append("the answer is only 'not applicable'")
        substance = {"total", "periods", "money", "products", "yes_no"} & set(line.values)
        if {"attached", "exempt"} <= set(codebook.ids) and (
            line.code in ("attached", "exempt") or (line.code == "disclosed" and not substance)
        ):
            labels = {s.label for s in line.evidence_spans}
            if "s21" in labels:  # rule 7: a section 21 refusal is "attached" only with a visible pointer
                line.code = "attached" if "attached" in labels else "exempt"
        prev = coded[i - 1] if i > 0 else None
        asked = questions.get(a.question_id, "")
        if_not = bool(RE_Q_IF_NOT.search(asked))
        follow_up = if_not or bool(RE_Q_FOLLOWUP.search(asked))
        premise_ruled_out = prev is not None and (
            prev.values.get("yes_no") == "yes" if if_not else
            prev.code == "not_applicable" or prev.values.get("yes_no") == "no" or prev.values.get("total") == 0
        )
        if not a.found and "not_applicable" in codebook.ids:
            line.code = "not_applicable" if follow_up and premise_ruled_out else codebook.missing
            # the model is sure an empty passage answers nothing; how sure we are that nothing was missed is
            # how often such lines were right out of fold (meta.json), else even odds
            line.confidence = missing_confidence
        elif follow_up and premise_ruled_out and "not_applicable" in codebook.ids and (
            a.start == answers[i - 1].start and a.end == answers[i - 1].end
        ):
            # rule 10 again: the passage that said "no" to the question before serves this follow-up too
            line.code = "not_applicable"
            line.values = {}


def _error_lines(reply: Reply, req: Request | None, coder: Coder) -> Iterator[CodedAnswer]:
    error = reply.error or f"{reply.source or reply.id}: no questions to code against; pass the request with --request"
    qids = req.ids if req is not None else [""]
    for qid in qids:
        yield CodedAnswer(
            reply_id=reply.id, authority=reply.authority, question_id=qid, code=coder.codebook.missing,
            confidence=0.0, review=True, reasons=["input could not be read"], source=reply.source, error=error,
        )
