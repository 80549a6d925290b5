"""Score coded answers against gold (formats.md): codes, segmentation and values.

A prediction of any of a gold answer's ``also`` codes counts as right.  Segmentation is
scored as SQuAD-style token F1 between the predicted and the gold answer text (both
empty: 1).  Values are scored per key present in the gold: the prediction must give the
same value (lists compared as sets, names case-insensitively, money to the penny).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score, f1_score, precision_recall_fscore_support

from .codebook import load_codebook
from .config import DEFAULT, Config
from .gold import GoldReply, read_gold
from .review import coverage_curve

RE_TOKEN = re.compile(r"\w+")


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


def _norm_name(s: Any) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(s).lower()).strip()


def value_matches(key: str, pred: Any, gold: Any) -> bool:
    """Whether a predicted value equals the gold one, up to notation."""
    if pred is None:
        return False
    if key == "products":
        return {_norm_name(x) for x in pred} == {_norm_name(x) for x in gold}
    if key == "sections":
        return {int(x) for x in pred} == {int(x) for x in gold}
    if key == "money":
        return sorted(round(float(x), 2) for x in pred) == sorted(round(float(x), 2) for x in gold)
    if key == "periods":
        return {str(k): str(v) for k, v in dict(pred).items()} == {str(k): str(v) for k, v in dict(gold).items()}
    if key == "total":
        try:
            return float(pred) == float(gold)
        except (TypeError, ValueError):
            return False
    return str(pred).lower() == str(gold).lower()


def score(golds: list[GoldReply], predicted: dict[tuple[str, str], dict], *, codebook=None) -> dict[str, Any]:
    """All the figures for predictions keyed by (reply_id, question_id)."""
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
                p = {"code": codebook.missing, "answer": "", "confidence": 0.0, "review": True, "values": {}}
            code = p["code"]
            ok = ga.accepts(code)
            y_true.append(ga.code)
            # for agreement statistics an accepted alternative counts as the gold code
            y_pred.append(ga.code if ok else code)
            correct.append(ok)
            conf.append(float(p.get("confidence", 0.0)))
            review.append(bool(p.get("review", False)))
            seg.append(token_f1(p.get("answer"), ga.answer))
            for key, gv in ga.values.items():
                value_total[key] += 1
                value_hits[key] += value_matches(key, (p.get("values") or {}).get(key), gv)
    correct_a = np.asarray(correct, dtype=bool)
    review_a = np.asarray(review, dtype=bool)
    labels = [c for c in codebook.ids if c in set(y_true) | set(y_pred)]
    prec, rec, f1, support = precision_recall_fscore_support(y_true, y_pred, labels=labels, zero_division=0)
    coarse = [codebook.group(t) == codebook.group(p) for t, p in zip(y_true, y_pred)]
    unflagged = ~review_a
    n = len(y_true)
    return {
        "answers": n,
        "replies": len(golds),
        "missing_predictions": missing,
        "accuracy": float(correct_a.mean()) if n else 0.0,
        "coarse_accuracy": float(np.mean(coarse)) if n else 0.0,
        "macro_f1": float(f1_score(y_true, y_pred, labels=[c for c in labels if c in set(y_true)], average="macro", zero_division=0)) if n else 0.0,
        "kappa": float(cohen_kappa_score(y_true, y_pred)) if n and len(set(y_true) | set(y_pred)) > 1 else 1.0,
        "per_code": {
            c: {"precision": float(p_), "recall": float(r_), "f1": float(f_), "support": int(s_)}
            for c, p_, r_, f_, s_ in zip(labels, prec, rec, f1, support)
        },
        "segmentation_f1": float(np.mean(seg)) if seg else 0.0,
        "values_exact": {k: value_hits[k] / value_total[k] for k in sorted(value_total)},
        "values_exact_overall": (sum(value_hits.values()) / sum(value_total.values())) if value_total else None,
        "unflagged_share": float(unflagged.mean()) if n else 0.0,
        "unflagged_accuracy": float(correct_a[unflagged].mean()) if unflagged.any() else None,
        "coverage_curve": coverage_curve(np.asarray(conf), correct_a),
        "confusion": _confusion(y_true, y_pred, labels),
    }


def _confusion(y_true: list[str], y_pred: list[str], labels: list[str]) -> dict[str, dict[str, int]]:
    table = {t: {p: 0 for p in labels} for t in labels}
    for t, p in zip(y_true, y_pred):
        if t in table and p in table[t]:
            table[t][p] += 1
    return table


def read_predictions(path: str | Path) -> dict[tuple[str, str], dict]:
    out = {}
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out[(str(row["reply_id"]), str(row["question_id"]))] = row
            except (json.JSONDecodeError, KeyError) as exc:
                raise ValueError(f"{path}:{n}: not a coded answer line ({exc}); see formats.md, 'Coded answers'") from exc
    return out


def predict_gold(golds: Iterable[GoldReply], *, config: Config = DEFAULT, coder=None) -> dict[tuple[str, str], dict]:
    """Code the gold replies now, each against its own questions."""
    from .pipeline import code_replies

    replies = [g.reply for g in golds]
    return {(c.reply_id, c.question_id): c.to_dict() for c in code_replies(replies, None, config=config, coder=coder)}


def evaluate_files(gold_path: str | Path, pred_path: str | Path | None = None, *, config: Config = DEFAULT) -> dict[str, Any]:
    golds = list(read_gold(gold_path))
    predicted = read_predictions(pred_path) if pred_path else predict_gold(golds, config=config)
    report = score(golds, predicted, codebook=load_codebook(config.codebook))
    report["gold"] = str(gold_path)
    report["pred"] = str(pred_path) if pred_path else "coded now"
    return report


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"{report['answers']} answers in {report['replies']} replies ({report.get('pred', '')})",
        f"accuracy        {report['accuracy']:.3f}   coarse {report['coarse_accuracy']:.3f}",
        f"macro-F1        {report['macro_f1']:.3f}   kappa  {report['kappa']:.3f}",
        f"segmentation F1 {report['segmentation_f1']:.3f}",
    ]
    if report.get("values_exact_overall") is not None:
        parts = ", ".join(f"{k} {v:.2f}" for k, v in report["values_exact"].items())
        lines.append(f"values exact    {report['values_exact_overall']:.3f}   ({parts})")
    if report.get("unflagged_accuracy") is not None:
        lines.append(f"unflagged       {report['unflagged_share']:.1%} of answers, right {report['unflagged_accuracy']:.1%}")
    lines.append("per code         prec   rec    F1     n")
    for code, m in report["per_code"].items():
        lines.append(f"  {code:<14} {m['precision']:.2f}   {m['recall']:.2f}   {m['f1']:.2f}  {m['support']:4d}")
    return "\n".join(lines)
