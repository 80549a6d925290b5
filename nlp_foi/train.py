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

from .classify import AnswerClassifier
from .codebook import load_codebook
from .config import MODELS_DIR, PACKAGE_DIR
from .evaluate import token_f1
from .gold import GoldReply, read_gold
from .model import save_model, shipped_models
from .review import TARGET_ACCURACY, choose_threshold, coverage_curve
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


def grouped_cv(table: pd.DataFrame, *, n_splits: int = 5, **params) -> dict[str, Any]:
    """Out-of-fold scores with folds grouped by request: how the coder does on a request it never saw."""
    groups = table["group"].to_numpy()
    n_splits = min(n_splits, len(set(groups)))
    if n_splits < 2:
        raise ValueError("cross-validation grouped by request needs gold from at least 2 requests")
    y = table["code"].to_numpy()
    pred = np.empty(len(table), dtype=object)
    conf = np.zeros(len(table))
    for train_idx, test_idx in GroupKFold(n_splits=n_splits).split(table, y, groups):
        model = AnswerClassifier(**params).fit(table.iloc[train_idx], y[train_idx])
        proba = model.predict_proba(table.iloc[test_idx])
        pred[test_idx] = model.classes_[proba.argmax(axis=1)]
        conf[test_idx] = proba.max(axis=1)
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
    threshold = choose_threshold(conf, correct, target=TARGET_ACCURACY)
    keep = conf >= threshold
    return {
        "folds": n_splits,
        "grouped_by": "request",
        "accuracy": float(correct.mean()),
        "strict_accuracy": float(accuracy_score(y, pred)),
        "macro_f1": float(f1_score(y, credited, labels=labels, average="macro", zero_division=0)),
        "per_code": per_code,
        "review": {
            "threshold": threshold,
            "coverage": float(keep.mean()),
            "accuracy": float(correct[keep].mean()) if keep.any() else None,
            "target": TARGET_ACCURACY,
        },
        "coverage_curve": coverage_curve(conf, correct),
    }


def next_model_dir(name: str, out: str | Path | None = None) -> Path:
    root = Path(out) if out else MODELS_DIR
    existing = [p for p in shipped_models(root) if p.name.startswith(f"{name}-v")]
    n = max((int(p.name.rsplit("-v", 1)[1]) for p in existing), default=0) + 1
    return root / f"{name}-v{n}"


def train_and_save(*, data: str | Path | None = None, extra_gold: list[str] | None = None, name: str = "foi-coder",
                   out: str | Path | None = None, codebook: str | None = None,
                   cross_validate: bool = True, folder: str | Path | None = None, **params) -> tuple[Path, dict]:
    """Train on ``data`` (default data/corpus) plus ``extra_gold``; save as ``models/<name>-v<N>``."""
    files = gold_files(data) + [Path(p) for p in (extra_gold or [])]
    golds = [g for f in files for g in read_gold(f)]
    book = load_codebook(codebook)
    table = training_table(golds)
    unknown = sorted(set(table["code"]) - set(book.ids))
    if unknown:
        raise ValueError(f"gold codes {unknown} are not in the codebook {book.name!r}; pass --codebook")
    meta: dict[str, Any] = {
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
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
    if cross_validate:
        cv = grouped_cv(table, **params)
        meta["cv"] = cv
        meta["review"] = cv["review"]
    model = AnswerClassifier(**params).fit(table, table["code"].to_numpy())
    target = Path(folder) if folder else next_model_dir(name, out)
    save_model(model, target, meta)
    return target, meta
