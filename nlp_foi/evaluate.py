"""Score coded answers against gold (formats.md): codes, segmentation and values.

A prediction of any of a gold answer's ``also`` codes counts as right, and for the
agreement statistics (Cohen's kappa, Krippendorff's alpha, per-code precision and
recall, the confusion matrix) such a prediction counts as the gold code.  Segmentation
is scored as SQuAD-style token F1 between the predicted and the gold answer text (both
empty: 1).  Values are scored per key present in the gold: the prediction must give
the same value (lists compared as sets, names case-insensitively, money to the penny).

:func:`evaluate_files` scores a coded file (or codes the gold now);
:func:`evaluate_cv` codes the gold out of fold, by cross-validation grouped by request.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from .codebook import Codebook, load_codebook
from .config import DEFAULT, Config
from .gold import GoldReply, read_gold
from .review import coverage_curve

log = logging.getLogger(__name__)

RE_TOKEN = re.compile(r"\w+")

SUSPECT_CONFIDENCE = 0.9
"""``--suspects``: gold answers the model contradicts at or above this confidence."""
FOUND_F1 = 0.5
"""A predicted passage with at least this token F1 against the gold answer counts as found."""
CODED_KEYS = ("reply_id", "question_id", "code")
CURVE_THRESHOLDS = np.round(np.linspace(0, 1, 21), 2)
"""Confidence thresholds of the coverage-accuracy curve (rounded: 0.7 must keep a confidence of 0.7)."""


class PredictionError(ValueError):
    """A coded-answer line that breaks formats.md; the message names the file and line."""


def token_f1(pred: str | None, gold: str | None) -> float:
    p = RE_TOKEN.findall((pred or "").lower())
    g = RE_TOKEN.findall((gold or "").lower())
    if not p and not g:
        return 1.0
    if not p or not g:
        return 0.0
    common = sum((Counter(p) & Counter(g)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(p), common / len(g)
    return 2 * precision * recall / (precision + recall)


def krippendorff_alpha(units: Iterable[Sequence[Hashable | None]]) -> float:
    """Krippendorff's alpha for nominal data.

    ``units`` holds, for each coded unit, the values the coders gave it (``None`` where a
    coder gave none).  Units with fewer than two values are not pairable and are left out.
    Alpha is 1 - D_o / D_e from the coincidence matrix: observed disagreement is the share
    of pairable values paired with a different value within their unit, expected
    disagreement the same share had the values been paired at random.  With a single
    value throughout there is nothing to disagree on and alpha is 1.
    """
    coincidence: Counter = Counter()
    for unit in units:
        values = [v for v in unit if v is not None]
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        for c, nc in counts.items():
            for k, nk in counts.items():
                pairs = nc * (nk - 1) if c == k else nc * nk
                coincidence[c, k] += pairs / (m - 1)
    n_c: Counter = Counter()
    for (c, _), o in coincidence.items():
        n_c[c] += o
    n = sum(n_c.values())
    if n <= 1:
        return 1.0
    observed = sum(o for (c, k), o in coincidence.items() if c != k)
    expected = (n * n - sum(v * v for v in n_c.values())) / (n - 1)
    if expected == 0:
        return 1.0
    return float(1.0 - observed / expected)


def _norm_name(s: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(s).lower()).strip()


def value_matches(key: str, pred: Any, gold: Any) -> bool:
    """Whether a predicted value equals the gold one, up to notation."""
    if pred is None:
        return False
    try:
        if key == "products":
            return {_norm_name(x) for x in pred} == {_norm_name(x) for x in gold}
        if key == "sections":
            return {int(x) for x in pred} == {int(x) for x in gold}
        if key == "money":
            return sorted(round(float(x), 2) for x in pred) == sorted(round(float(x), 2) for x in gold)
        if key == "periods":
            return {str(k): str(v) for k, v in dict(pred).items()} == {str(k): str(v) for k, v in dict(gold).items()}
        if key == "total":
            return float(pred) == float(gold)
    except (TypeError, ValueError):  # a value of the wrong shape does not match
        return False
    return str(pred).lower() == str(gold).lower()


def _missing_line(codebook: Codebook) -> dict[str, Any]:
    return {"code": codebook.missing, "answer": "", "confidence": 0.0, "review": True, "values": {}}


def score(golds: list[GoldReply], predicted: dict[tuple[str, str], dict], *, codebook=None) -> dict[str, Any]:
    """All the figures for predictions keyed by (reply_id, question_id); JSON-serialisable."""
    codebook = codebook or load_codebook()
    y_true, y_pred, correct, conf, review, seg = [], [], [], [], [], []
    value_hits: Counter = Counter()
    value_total: Counter = Counter()
    missing = 0
    for g in golds:
        for qid, ga in g.answers.items():
            p = predicted.get((g.reply.id, qid))
            if p is None:
                missing += 1
                p = _missing_line(codebook)
            code = p["code"]
            ok = ga.accepts(code)
            y_true.append(ga.code)
            # for agreement statistics an accepted alternative counts as the gold code
            y_pred.append(ga.code if ok else code)
            correct.append(ok)
            conf.append(float(p.get("confidence") or 0.0))
            review.append(bool(p.get("review", False)))
            seg.append(token_f1(p.get("answer"), ga.answer))
            for key, gv in ga.values.items():
                value_total[key] += 1
                value_hits[key] += value_matches(key, (p.get("values") or {}).get(key), gv)
    correct_a = np.asarray(correct, dtype=bool)
    review_a = np.asarray(review, dtype=bool)
    found_a = np.asarray(seg, dtype=float) >= FOUND_F1
    seen = set(y_true) | set(y_pred)
    labels = [c for c in codebook.ids if c in seen] + sorted(seen - set(codebook.ids))
    prec, rec, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    coarse = [codebook.group(t) == codebook.group(p) for t, p in zip(y_true, y_pred)]
    unflagged = ~review_a
    n = len(y_true)
    one_label = len(seen) <= 1
    return {
        "answers": n,
        "replies": len(golds),
        "missing_predictions": missing,
        "accuracy": float(correct_a.mean()) if n else 0.0,
        "coarse_accuracy": float(np.mean(coarse)) if n else 0.0,
        "macro_f1": float(f1_score(y_true, y_pred, labels=[c for c in labels if c in set(y_true)], average="macro", zero_division=0)) if n else 0.0,
        "kappa": 1.0 if one_label else float(cohen_kappa_score(y_true, y_pred)),
        "alpha": 1.0 if one_label else krippendorff_alpha(zip(y_true, y_pred)),
        "per_code": {
            c: {"precision": float(p_), "recall": float(r_), "f1": float(f_), "support": int(s_)}
            for c, p_, r_, f_, s_ in zip(labels, prec, rec, f1, support)
        },
        "segmentation_f1": float(np.mean(seg)) if seg else 0.0,
        "accuracy_by_segmentation": {
            "found": _share(correct_a[found_a]),
            "missed": _share(correct_a[~found_a]),
            "found_f1": FOUND_F1,
        },
        "values_exact": {k: value_hits[k] / value_total[k] for k in sorted(value_total)},
        "values_counted": {k: value_total[k] for k in sorted(value_total)},
        "values_exact_overall": (sum(value_hits.values()) / sum(value_total.values())) if value_total else None,
        "unflagged_share": float(unflagged.mean()) if n else 0.0,
        "unflagged_accuracy": float(correct_a[unflagged].mean()) if unflagged.any() else None,
        "coverage_curve": coverage_curve(np.asarray(conf), correct_a, CURVE_THRESHOLDS),
        "confusion": _confusion(y_true, y_pred, labels),
    }


def _share(ok: np.ndarray) -> dict[str, Any]:
    return {"answers": int(len(ok)), "accuracy": float(ok.mean()) if len(ok) else None}


def _confusion(y_true: list[str], y_pred: list[str], labels: list[str]) -> dict[str, dict[str, int]]:
    table = {t: {p: 0 for p in labels} for t in labels}
    for t, p in zip(y_true, y_pred):
        if t in table and p in table[t]:
            table[t][p] += 1
    return table


def disagreements(golds: list[GoldReply], predicted: dict[tuple[str, str], dict], *, min_confidence: float = 0.0,
                  codebook=None) -> list[dict[str, Any]]:
    """Gold answers whose prediction is wrong at ``min_confidence`` or above, the most confident first.

    With out-of-fold predictions and a high ``min_confidence`` (``SUSPECT_CONFIDENCE``) these are
    the likely label errors: answers the model, never trained on them, contradicts with confidence.
    """
    codebook = codebook or load_codebook()
    rows = []
    for g in golds:
        questions = {q.id: q.text for q in g.request.questions}
        for qid, ga in g.answers.items():
            p = predicted.get((g.reply.id, qid)) or _missing_line(codebook)
            confidence = float(p.get("confidence") or 0.0)
            if ga.accepts(p["code"]) or confidence < min_confidence:
                continue
            rows.append({
                "reply_id": g.reply.id, "authority": g.reply.authority, "question_id": qid,
                "question": questions.get(qid, ""), "gold": ga.code, "also": list(ga.also),
                "predicted": p["code"], "confidence": round(confidence, 4), "answer": ga.answer,
                "predicted_answer": p.get("answer") or "",
                "passage_f1": round(token_f1(p.get("answer"), ga.answer), 3),
            })
    rows.sort(key=lambda r: (-r["confidence"], r["reply_id"], r["question_id"]))
    return rows


def read_predictions(path: str | Path, *, codebook: Codebook | None = None) -> dict[tuple[str, str], dict]:
    """Coded answers (formats.md) keyed by (reply_id, question_id); a bad line raises naming ``file:line``."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such coded file; give the .jsonl written by nlp-foi code -o (formats.md, 'Coded answers')")
    out: dict[tuple[str, str], dict] = {}
    first: dict[tuple[str, str], int] = {}
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise PredictionError(f"{where}: not JSON ({exc.msg} at column {exc.colno}); "
                                      "each line is one coded answer (formats.md, 'Coded answers')") from exc
            if not isinstance(row, dict):
                raise PredictionError(f"{where}: expected a JSON object, got {type(row).__name__}; "
                                      "each line is one coded answer (formats.md, 'Coded answers')")
            lacking = [k for k in CODED_KEYS if row.get(k) in (None, "")]
            if lacking:
                raise PredictionError(f"{where}: no {', '.join(map(repr, lacking))}; each line needs "
                                      "'reply_id', 'question_id' and 'code' (formats.md, 'Coded answers')")
            conf = row.get("confidence", 0.0)
            if conf is not None and (isinstance(conf, bool) or not isinstance(conf, (int, float)) or not 0 <= conf <= 1):
                raise PredictionError(f"{where}: 'confidence' is {conf!r}; expected a number from 0 to 1")
            if codebook is not None and row["code"] not in codebook.ids:
                raise PredictionError(f"{where}: code {row['code']!r} is not in the codebook {codebook.name!r} "
                                      f"({', '.join(codebook.ids)}); pass the codebook it was coded with (--codebook)")
            key = (str(row["reply_id"]), str(row["question_id"]))
            if key in first:
                raise PredictionError(f"{where}: a second line for reply {key[0]!r} question {key[1]!r} "
                                      f"(the first is line {first[key]}); keep one line per reply and question")
            first[key] = n
            out[key] = row
    return out


def read_golds(path: str | Path) -> list[GoldReply]:
    """Every gold reply in a gold JSONL file, or in the ``.jsonl`` files of a folder."""
    path = Path(path)
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
        if not files:
            raise FileNotFoundError(f"{path}: no gold .jsonl files in this folder (formats.md, Gold)")
    elif path.is_file():
        files = [path]
    else:
        raise FileNotFoundError(f"{path}: no such gold file; give a gold .jsonl or a folder of them (formats.md, Gold)")
    golds = [g for f in files for g in read_gold(f)]
    if not golds:
        raise ValueError(f"{path}: no gold replies in it (formats.md, Gold)")
    return golds


def predict_gold(golds: Iterable[GoldReply], *, config: Config = DEFAULT, coder=None) -> dict[tuple[str, str], dict]:
    """Code the gold replies now, each against its own questions."""
    from .pipeline import code_replies

    replies = [g.reply for g in golds]
    return {(c.reply_id, c.question_id): c.to_dict() for c in code_replies(replies, None, config=config, coder=coder)}


def cross_validated_predictions(golds: list[GoldReply], *, n_splits: int = 5, config: Config = DEFAULT,
                                **params) -> tuple[dict[tuple[str, str], dict], dict[str, Any]]:
    """Every gold reply coded by the whole pipeline with a coder that never saw its request.

    Folds are those of :func:`nlp_foi.train.grouped_cv` (``GroupKFold`` over the rows of
    :func:`nlp_foi.train.training_table`, grouped by request).  Answers are flagged for review
    with the thresholds of the model in force (``config.model``, else the newest shipped one),
    so the unflagged figures say what that review policy would do on unseen requests.
    Returns the predictions and a description of the folds.
    """
    from sklearn.model_selection import GroupKFold

    from .classify import AnswerClassifier
    from .pipeline import Coder, code_replies
    from .train import training_table

    book = load_codebook(config.codebook)
    table = training_table(golds)
    unknown = sorted(set(table["code"]) - set(book.ids))
    if unknown:
        raise ValueError(f"gold codes {unknown} are not in the codebook {book.name!r}; pass --codebook")
    groups = table["group"].to_numpy()
    n_groups = len(set(groups))
    n_splits = min(n_splits, n_groups)
    if n_splits < 2:
        raise ValueError("cross-validation grouped by request needs gold from at least 2 requests "
                         "(a gold line's request is its 'campaign', else its questions' request id)")
    threshold, thresholds = _review_policy(config)
    y = table["code"].to_numpy()
    predicted: dict[tuple[str, str], dict] = {}
    for fold, (train_idx, test_idx) in enumerate(GroupKFold(n_splits=n_splits).split(table, y, groups), start=1):
        held_out = set(groups[test_idx])
        log.info("fold %d/%d: training on %d answers, coding %d requests", fold, n_splits, len(train_idx), len(held_out))
        model = AnswerClassifier(**params).fit(table.iloc[train_idx], y[train_idx])
        coder = Coder(model, book, {"name": f"cv-fold-{fold}"}, threshold=threshold, thresholds=thresholds)
        replies = [g.reply for g in golds if g.campaign in held_out]
        predicted.update({(c.reply_id, c.question_id): c.to_dict() for c in code_replies(replies, None, config=config, coder=coder)})
    folds = {"folds": n_splits, "grouped_by": "request", "requests": n_groups,
             "review_thresholds": thresholds or {"all": threshold}}
    return predicted, folds


def _review_policy(config: Config) -> tuple[float, dict[str, float]]:
    """The review threshold(s) of the model in force, read from its meta.json (nothing unpickled)."""
    from .model import ModelError, default_model_dir, read_meta

    folder = Path(config.model) if config.model else default_model_dir()
    if folder is None:
        return config.review_threshold, {}
    try:
        review = read_meta(folder).get("review", {})
    except ModelError:
        return config.review_threshold, {}
    return float(review.get("threshold", config.review_threshold)), {k: float(v) for k, v in review.get("thresholds", {}).items()}


def suspects_among(wrong: list[dict[str, Any]], *, min_confidence: float = SUSPECT_CONFIDENCE) -> list[dict[str, Any]]:
    """The likely label errors among wrongly coded answers (rows of :func:`disagreements`).

    Those coded at ``min_confidence`` or above from the gold passage itself (token F1 of at
    least ``FOUND_F1``), or from a passage where the gold says there is no answer.  A
    confident code for a passage the segmenter got wrong says nothing about the label.
    """
    return [r for r in wrong if r["confidence"] >= min_confidence and (r["passage_f1"] >= FOUND_F1 or r["answer"] is None)]


def _finish(report: dict[str, Any], golds, predicted, book, *, suspects: bool, min_confidence: float) -> dict[str, Any]:
    report["wrong"] = disagreements(golds, predicted, codebook=book)
    if suspects:
        report["suspects"] = suspects_among(report["wrong"], min_confidence=min_confidence)
        report["suspect_confidence"] = min_confidence
    return report


def evaluate_files(gold_path: str | Path, pred_path: str | Path | None = None, *, config: Config = DEFAULT,
                   suspects: bool = False, min_confidence: float = SUSPECT_CONFIDENCE) -> dict[str, Any]:
    """Score ``pred_path`` (or the gold replies coded now) against ``gold_path``.

    The report holds the figures of :func:`score`, ``wrong`` (every answer coded wrong) and,
    with ``suspects``, those coded wrong at ``min_confidence`` or above.
    """
    book = load_codebook(config.codebook)
    golds = read_golds(gold_path)
    predicted = read_predictions(pred_path, codebook=book) if pred_path else predict_gold(golds, config=config)
    report = score(golds, predicted, codebook=book)
    report["gold"] = str(gold_path)
    report["pred"] = str(pred_path) if pred_path else "coded now"
    return _finish(report, golds, predicted, book, suspects=suspects, min_confidence=min_confidence)


def evaluate_cv(gold_path: str | Path, *, config: Config = DEFAULT, n_splits: int = 5, suspects: bool = False,
                min_confidence: float = SUSPECT_CONFIDENCE, **params) -> dict[str, Any]:
    """Score the out-of-fold predictions of :func:`cross_validated_predictions` on ``gold_path``."""
    book = load_codebook(config.codebook)
    golds = read_golds(gold_path)
    predicted, folds = cross_validated_predictions(golds, n_splits=n_splits, config=config, **params)
    report = score(golds, predicted, codebook=book)
    report["gold"] = str(gold_path)
    report["pred"] = f"out of fold, {folds['folds']} folds grouped by request"
    report["cv"] = folds
    return _finish(report, golds, predicted, book, suspects=suspects, min_confidence=min_confidence)


def format_report(report: dict[str, Any]) -> str:
    """The report as plain text for the terminal."""
    lines = [
        f"{report['answers']} answers in {report['replies']} replies ({report.get('pred', '')})",
        f"accuracy        {report['accuracy']:.3f}   coarse {report['coarse_accuracy']:.3f}",
        f"macro-F1        {report['macro_f1']:.3f}   kappa  {report['kappa']:.3f}   alpha {report['alpha']:.3f}",
        f"segmentation F1 {report['segmentation_f1']:.3f}",
    ]
    by_seg = report.get("accuracy_by_segmentation", {})
    found, missed = by_seg.get("found", {}), by_seg.get("missed", {})
    if found.get("answers") and missed.get("answers"):
        lines.append(f"  passage found  {found['answers']} answers, right {found['accuracy']:.1%}; "
                     f"missed {missed['answers']}, right {missed['accuracy']:.1%}")
    if report.get("missing_predictions"):
        lines.append(f"missing         {report['missing_predictions']} gold answers have no predicted line (scored as unanswered)")
    if report.get("values_exact_overall") is not None:
        parts = ", ".join(f"{k} {v:.2f}" for k, v in report["values_exact"].items())
        lines.append(f"values exact    {report['values_exact_overall']:.3f}   ({parts})")
    if report.get("unflagged_accuracy") is not None:
        lines.append(f"unflagged       {report['unflagged_share']:.1%} of answers, right {report['unflagged_accuracy']:.1%}")
    lines.append("per code         prec   rec    F1     n")
    for code, m in report["per_code"].items():
        lines.append(f"  {code:<14} {m['precision']:.2f}   {m['recall']:.2f}   {m['f1']:.2f}  {m['support']:4d}")
    if "suspects" in report:
        sus = report["suspects"]
        lines.append(f"suspects        {len(sus)} gold answers contradicted with confidence >= {report['suspect_confidence']:.2f} "
                     "on the gold passage")
        for r in sus:
            answer = " ".join((r["answer"] or "(no answer)").split())
            answer = answer if len(answer) <= 100 else answer[:99] + "…"
            lines.append(f"  {r['reply_id']} Q{r['question_id']}: gold {r['gold']}, predicted {r['predicted']} "
                         f"({r['confidence']:.2f}): {answer}")
    return "\n".join(lines)
