"""Which coded answers a person should look at, and why.

The threshold comes from the model's ``meta.json``: it is chosen at training time, on
answers the model did not train on, as the lowest confidence at which unflagged answers
are right at least 97% of the time (see :func:`choose_threshold`).
"""

from __future__ import annotations

import numpy as np

from .records import Answer, CodedAnswer

TARGET_ACCURACY = 0.97

# How the segmenter found an answer says how far its passage can be trusted; each group has its own threshold.
METHOD_GROUPS = {
    "label": "marked", "answer_label": "marked", "question": "marked", "table": "marked", "heading": "inferred",
    "prose": "inferred", "aligned": "inferred", "shared": "inferred", "general": "inferred", "whole": "whole",
    "none": "missing", "restated": "missing",
}


def method_group(method: str) -> str:
    return METHOD_GROUPS.get(method, "inferred")


def review_reasons(line: CodedAnswer, answer: Answer, *, threshold: float,
                   thresholds: dict[str, float] | None = None) -> list[str]:
    """Reasons to flag ``line``; empty when it can be trusted as it is.

    ``thresholds`` (by method group, from the model's meta.json) take precedence over ``threshold``.
    """
    reasons = list(line.reasons)
    if line.error:
        reasons.append("input could not be read")
    group = method_group(answer.method)
    t = (thresholds or {}).get(group, threshold)
    if line.confidence < t:
        how = f" for answers found by {group} passages" if thresholds else ""
        reasons.append(f"confidence {line.confidence:.2f} below {t:.2f}{how}")
    return reasons


def choose_threshold(confidence: np.ndarray, correct: np.ndarray, *, target: float = TARGET_ACCURACY,
                     min_support: int = 30) -> float:
    """The lowest threshold whose unflagged answers (confidence >= threshold) reach ``target`` accuracy.

    Answers are sorted by confidence; the threshold is the smallest confidence such that
    every set of the most confident answers from there up is right at least ``target`` of
    the time (so the chosen set is not a lucky dip in the middle of the curve).
    """
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    if len(confidence) == 0:
        return 1.0
    order = np.argsort(-confidence)
    acc = np.cumsum(correct[order]) / np.arange(1, len(order) + 1)
    ok = acc >= target
    ok[: min_support - 1] = True  # too few to judge: do not let the first few decide
    # largest k such that all prefixes of length >= min_support up to k meet the target
    bad = np.flatnonzero(~ok)
    k = (bad[0] if len(bad) else len(order))
    if k < min_support:
        return 1.0
    return float(confidence[order][k - 1])


def coverage_curve(confidence: np.ndarray, correct: np.ndarray, thresholds=None) -> list[dict]:
    """Share of answers at or above each threshold and their accuracy."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    thresholds = np.round(np.linspace(0, 1, 21), 2) if thresholds is None else thresholds
    out = []
    for t in thresholds:
        keep = confidence >= t
        out.append({
            "threshold": round(float(t), 3),
            "coverage": float(keep.mean()) if len(keep) else 0.0,
            "accuracy": float(correct[keep].mean()) if keep.any() else None,
        })
    return out
