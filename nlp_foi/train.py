"""Build the training table from gold, cross-validate grouped by request, fit and save.

Training rows are what the coder will see at run time: each gold reply is split by the
segmenter, and where the segmenter's passage agrees with the gold answer (token F1 of
at least 0.5) that passage is the row's text; otherwise the gold answer itself is.  So
the model learns from realistic passages without learning from segmentation mistakes.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import GroupKFold

from .classify import AnswerClassifier, feature_signature
from .codebook import load_codebook
from .config import MODELS_DIR, PACKAGE_DIR
from .evaluate import score, token_f1
from .gold import GoldReply, read_gold
from .model import save_model, shipped_models
from .pipeline import Coder, code_replies
from .review import TARGET_ACCURACY, choose_threshold, choose_thresholds, coverage_curve, method_group
from .segment import segment

log = logging.getLogger(__name__)
CORPUS_DIR = PACKAGE_DIR.parent / "data" / "corpus"


def gold_files(data: str | Path | None = None) -> list[Path]:
    folder = Path(data) if data else CORPUS_DIR
    if folder.is_file():
        return [folder]
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise FileNotFoundError(f"{folder}: no gold .jsonl files; the corpus lives in data/corpus (formats.md, Gold)")
    return files


def training_table(golds: list[GoldReply]) -> pd.DataFrame:
    """One row per gold answer: answer, question, method, code, group (the request) and reply id."""
    rows = []
    for g in golds:
        questions = {q.id: q.text for q in g.request.questions}
        try:
            found = {a.question_id: a for a in segment(g.reply.text, g.request)}
        except Exception:  # a reply the segmenter cannot handle still trains on its gold answers
            log.exception("%s: segmenting failed", g.reply.id)
            found = {}
        for qid, ga in g.answers.items():
            a = found.get(qid)
            if a is not None and a.found and token_f1(a.text, ga.answer) >= 0.5:
                text, method = a.text, a.method
            else:
                text, method = ga.answer or "", (a.method if a is not None and ga.answer else "none")
            rows.append({
                "answer": text, "question": questions.get(qid, ""), "method": method, "code": ga.code,
                "also": list(ga.also), "group": g.campaign, "reply_id": g.reply.id, "question_id": qid,
            })
    return pd.DataFrame(rows)


def data_hash(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in sorted(files):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def grouped_cv(table: pd.DataFrame, golds: list[GoldReply] | None = None, *, n_splits: int = 5, codebook=None,
               **params) -> dict[str, Any]:
    """Out-of-fold scores with folds grouped by request: how the coder does on a request it never saw.

    Two figures per fold: the classifier alone on the training rows (passages the segmenter
    agrees on with the gold), and, with ``golds``, the whole pipeline on the held-out replies
    (segmenter, classifier, edge rules, values), scored as ``nlp-foi evaluate`` scores.  The
    review thresholds are chosen on the whole-pipeline answers, one per segmentation method group.
    """
    groups = table["group"].to_numpy()
    n_splits = min(n_splits, len(set(groups)))
    if n_splits < 2:
        raise ValueError("cross-validation grouped by request needs gold from at least 2 requests")
    book = codebook or load_codebook()
    y = table["code"].to_numpy()
    pred = np.empty(len(table), dtype=object)
    conf = np.zeros(len(table))
    predicted: dict[tuple[str, str], dict] = {}
    for train_idx, test_idx in GroupKFold(n_splits=n_splits).split(table, y, groups):
        model = AnswerClassifier(**params).fit(table.iloc[train_idx], y[train_idx])
        proba = model.predict_proba(table.iloc[test_idx])
        pred[test_idx] = model.classes_[proba.argmax(axis=1)]
        conf[test_idx] = proba.max(axis=1)
        if golds:
            held_out = set(groups[test_idx])
            coder = Coder(model, book, {"name": "cv"}, threshold=0.0)
            replies = [g.reply for g in golds if g.campaign in held_out]
            predicted.update({(c.reply_id, c.question_id): c.to_dict() for c in code_replies(replies, None, coder=coder)})
    also = table["also"].tolist()
    correct = np.array([p == t or p in a for p, t, a in zip(pred, y, also)])
    credited = np.where(correct, y, pred)
    labels = sorted(set(y))
    per_code = {}
    for code in labels:
        tp = int(((credited == code) & (y == code)).sum())
        fp = int(((credited == code) & (y != code)).sum())
        fn = int(((credited != code) & (y == code)).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        per_code[code] = {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "support": int((y == code).sum())}
    out: dict[str, Any] = {
        "folds": n_splits,
        "grouped_by": "request",
        "accuracy": float(correct.mean()),
        "strict_accuracy": float(accuracy_score(y, pred)),
        "macro_f1": float(f1_score(y, credited, labels=labels, average="macro", zero_division=0)),
        "per_code": per_code,
        "coverage_curve": coverage_curve(conf, correct),
    }
    threshold = choose_threshold(conf, correct, target=TARGET_ACCURACY)
    keep = conf >= threshold
    out["review"] = {"threshold": threshold, "coverage": float(keep.mean()),
                     "accuracy": float(correct[keep].mean()) if keep.any() else None, "target": TARGET_ACCURACY}
    if golds:
        e2e = score(golds, predicted, codebook=book)
        out["end_to_end"] = {k: v for k, v in e2e.items() if k not in ("coverage_curve",)}
        out["review"] = review_policy(golds, predicted)
    return out


def review_policy(golds: list[GoldReply], predicted: dict[tuple[str, str], dict]) -> dict[str, Any]:
    """Thresholds per segmentation method group so that unflagged answers, all groups together, are right
    >= TARGET_ACCURACY (:func:`nlp_foi.review.choose_thresholds`)."""
    rows = []
    for g in golds:
        for qid, ga in g.answers.items():
            p = predicted.get((g.reply.id, qid))
            if p is not None:
                rows.append((method_group(p.get("method", "none")), float(p["confidence"]), ga.accepts(p["code"])))
    names = [r[0] for r in rows]
    conf_all = np.array([r[1] for r in rows])
    correct_all = np.array([r[2] for r in rows], dtype=bool)
    thresholds = choose_thresholds(names, conf_all, correct_all, target=TARGET_ACCURACY)
    group_accuracy = {g: round(float(correct_all[[n == g for n in names]].mean()), 4) for g in thresholds}
    keep_all = np.array([c >= thresholds[g] for g, c in zip(names, conf_all)], dtype=bool)
    return {
        "thresholds": thresholds,
        "group_accuracy": group_accuracy,
        "threshold": max(thresholds.values()) if thresholds else 1.0,
        "coverage": float(keep_all.mean()) if len(keep_all) else 0.0,
        "accuracy": float(correct_all[keep_all].mean()) if keep_all.any() else None,
        "target": TARGET_ACCURACY,
        "chosen_on": "whole-pipeline answers out of fold (grouped by request)",
    }


def next_model_dir(name: str, out: str | Path | None = None) -> Path:
    root = Path(out) if out else MODELS_DIR
    existing = [p for p in shipped_models(root) if p.name.startswith(f"{name}-v")]
    n = max((int(p.name.rsplit("-v", 1)[1]) for p in existing), default=0) + 1
    return root / f"{name}-v{n}"


def split_reviewed(base: list[GoldReply], reviewed: list[GoldReply], *, holdout: float,
                   seed: int = 0) -> tuple[list[GoldReply], list[GoldReply]]:
    """Reviewed replies to train on and to hold out; a reply's answers stay together.

    Replies that are also in ``base`` (same id or text) are never held out: the model saw them.
    At least one reply is held out and one kept whenever there are two or more to split.
    """
    if not 0 < holdout < 1:
        raise ValueError(f"holdout is {holdout}; give the share of reviewed replies to hold out, between 0 and 1")
    seen_ids = {g.reply.id for g in base}
    seen_texts = {g.reply.text for g in base}
    ids = sorted({g.reply.id for g in reviewed if g.reply.id not in seen_ids and g.reply.text not in seen_texts})
    if len(ids) < 2:
        return reviewed, []
    rng = np.random.default_rng(seed)
    n = min(len(ids) - 1, max(1, round(holdout * len(ids))))
    held = set(rng.permutation(ids)[:n].tolist())
    return [g for g in reviewed if g.reply.id not in held], [g for g in reviewed if g.reply.id in held]


def before_after(base: list[GoldReply], reviewed: list[GoldReply], *, holdout: float = 0.2, seed: int = 0,
                 codebook=None, base_table: pd.DataFrame | None = None, **params) -> dict[str, Any]:
    """What the reviewed answers change, on reviewed replies the models did not train on.

    A share ``holdout`` of the reviewed replies is set aside; "before" is the coder trained on ``base``
    alone, "after" the coder trained on ``base`` plus the other reviewed replies (same parameters).  Both
    code the held-out replies end to end (segmenter, classifier, edge rules), scored as ``nlp-foi
    evaluate`` scores; ``fixed``/``broken`` count the answers one got right and the other wrong.
    """
    book = codebook or load_codebook()
    train_part, held = split_reviewed(base, reviewed, holdout=holdout, seed=seed)
    out: dict[str, Any] = {"holdout": holdout, "seed": seed, "reviewed_replies": len({g.reply.id for g in reviewed})}
    if not held:
        out["skipped"] = "fewer than 2 reviewed replies the base data does not already hold: nothing to hold out"
        return out
    base_table = training_table(base) if base_table is None else base_table
    after_table = pd.concat([base_table, training_table(train_part)], ignore_index=True)
    before = AnswerClassifier(**params).fit(base_table, base_table["code"].to_numpy())
    after = AnswerClassifier(**params).fit(after_table, after_table["code"].to_numpy())
    replies = [g.reply for g in held]
    predicted = {}
    for name, model in (("before", before), ("after", after)):
        coder = Coder(model, book, {"name": name}, threshold=0.0)
        predicted[name] = {(c.reply_id, c.question_id): c.to_dict() for c in code_replies(replies, None, coder=coder)}
        scores = score(held, predicted[name], codebook=book)
        out[name] = {k: scores[k] for k in ("answers", "accuracy", "coarse_accuracy", "macro_f1", "kappa", "per_code")}
    fixed = broken = 0
    for g in held:
        for qid, ga in g.answers.items():
            was = ga.accepts(predicted["before"].get((g.reply.id, qid), {}).get("code", book.missing))
            now = ga.accepts(predicted["after"].get((g.reply.id, qid), {}).get("code", book.missing))
            fixed += now and not was
            broken += was and not now
    out.update({
        "held_out": {"replies": len(held), "answers": sum(len(g.answers) for g in held),
                     "ids": sorted({g.reply.id for g in held})},
        "trained_on": {"replies": len({g.reply.id for g in train_part}), "answers": sum(len(g.answers) for g in train_part)},
        "fixed": int(fixed), "broken": int(broken),
    })
    return out


def train_and_save(*, data: str | Path | None = None, extra_gold: list[str] | None = None, name: str = "foi-coder",
                   out: str | Path | None = None, codebook: str | None = None,
                   cross_validate: bool = True, folder: str | Path | None = None, holdout: float = 0.0,
                   seed: int = 0, **params) -> tuple[Path, dict]:
    """Train on ``data`` (default data/corpus) plus ``extra_gold``; save as ``models/<name>-v<N>``.

    With ``extra_gold`` (reviewed answers, ``nlp-foi review import``) and ``holdout`` > 0, a share of the
    reviewed replies is first held out to compare the coder before and after them (:func:`before_after`,
    in ``meta["reviewed"]``); the saved model then trains on all of them.
    """
    if not 0 <= holdout < 1:
        raise ValueError(f"holdout is {holdout}; give the share of reviewed replies to hold out, from 0 up to 1")
    base_files = gold_files(data)
    extra_files = [Path(p) for p in (extra_gold or [])]
    files = base_files + extra_files
    base = [g for f in base_files for g in read_gold(f)]
    extra = [g for f in extra_files for g in read_gold(f)]
    golds = base + extra
    book = load_codebook(codebook)
    base_table = training_table(base)
    table = pd.concat([base_table, training_table(extra)], ignore_index=True) if extra else base_table
    unknown = sorted(set(table["code"]) - set(book.ids))
    if unknown:
        raise ValueError(f"gold codes {unknown} are not in the codebook {book.name!r}; pass --codebook")
    meta: dict[str, Any] = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "features": feature_signature(),
        "codebook": book.to_dict(),
        "labels": sorted(set(table["code"])),
        "params": params,
        "data": {
            "files": [str(f.name) for f in files],
            "sha256": data_hash(files),
            "replies": len(golds),
            "answers": len(table),
            "requests": sorted(set(table["group"])),
            "per_code": {k: int(v) for k, v in table["code"].value_counts().items()},
        },
    }
    if extra:
        meta["data"]["reviewed"] = {"files": [str(f) for f in extra_files], "replies": len(extra),
                                    "answers": sum(len(g.answers) for g in extra)}
        if holdout > 0:
            meta["reviewed"] = before_after(base, extra, holdout=holdout, seed=seed, codebook=book,
                                            base_table=base_table, **params)
    if cross_validate:
        cv = grouped_cv(table, golds, codebook=book, **params)
        meta["cv"] = cv
        meta["review"] = cv["review"]
    model = AnswerClassifier(**params).fit(table, table["code"].to_numpy())
    target = Path(folder) if folder else next_model_dir(name, out)
    save_model(model, target, meta)
    return target, meta
