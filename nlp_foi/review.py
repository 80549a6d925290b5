"""Which coded answers a person should look at, and why.

The threshold comes from the model's ``meta.json``: it is chosen at training time, on
answers the model did not train on, as the lowest confidence at which unflagged answers
are right at least 97% of the time (see :func:`choose_threshold`).
"""

from __future__ import annotations

import numpy as np

from .records import Answer, CodedAnswer

TARGET_ACCURACY = 0.97
REVIEW_CONFIDENCE = 0.95
"""How sure the review policy must be that unflagged answers reach TARGET_ACCURACY (one-sided Wilson bound)."""

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


def wilson_lower(right: np.ndarray, n: np.ndarray, *, level: float = REVIEW_CONFIDENCE) -> np.ndarray:
    """One-sided lower bound of the Wilson score interval for ``right`` successes in ``n`` trials."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(level)
    n = np.asarray(n, dtype=float)
    p = np.asarray(right, dtype=float) / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def choose_threshold(confidence: np.ndarray, correct: np.ndarray, *, target: float = TARGET_ACCURACY,
                     min_support: int = 30, level: float | None = REVIEW_CONFIDENCE) -> float:
    """The lowest threshold whose unflagged answers (confidence >= threshold) reach ``target`` accuracy.

    Answers are sorted by confidence.  Every set of the most confident answers from the
    top down to the threshold must be right at least ``target`` of the time (so the chosen
    set is not a lucky dip in the middle of the curve), and, with ``level``, the set at the
    threshold must reach ``target`` at the lower end of its one-sided Wilson interval: the
    figure has to hold on answers not seen yet, not only on these.
    """
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    if len(confidence) == 0:
        return 1.0
    order = np.argsort(-confidence)
    n = np.arange(1, len(order) + 1)
    right = np.cumsum(correct[order])
    ok = right / n >= target
    ok[: min_support - 1] = True  # too few to judge: do not let the first few decide
    # largest k such that all prefixes of length >= min_support up to k meet the target
    bad = np.flatnonzero(~ok)
    k = (bad[0] if len(bad) else len(order))
    if level is not None and k >= min_support:
        sure = np.flatnonzero(wilson_lower(right[:k], n[:k], level=level) >= target)
        k = int(sure[-1]) + 1 if len(sure) else 0
    if k < min_support:
        return 1.0
    return float(confidence[order][k - 1])


def choose_thresholds(groups, confidence, correct, *, target: float = TARGET_ACCURACY, min_support: int = 30,
                      level: float | None = REVIEW_CONFIDENCE) -> dict[str, float]:
    """One threshold per group (segmentation method group) so that the answers left unflagged,
    all groups together, are right at least ``target`` of the time, and as many as possible.

    Within each group, how often an answer is right is estimated from its confidence by isotonic
    regression (more confident, never less likely right).  Answers are then taken in order of that
    estimate, whatever their group, for as long as every set taken so far (of ``min_support`` or
    more) is right ``target`` of the time and, with ``level``, the set taken reaches ``target`` at
    the lower end of its one-sided Wilson interval.  A group's threshold is the lowest confidence
    taken in it (1.0: flag the whole group).  So a group whose answers are right 99% of the time can
    carry a few from one right 93% of the time, which thresholds chosen one group at a time cannot.
    """
    from sklearn.isotonic import IsotonicRegression

    groups = np.asarray(groups, dtype=object)
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=bool)
    names = sorted(set(groups.tolist()))
    if len(confidence) == 0:
        return {}
    estimate = np.zeros(len(confidence))
    for name in names:
        mask = groups == name
        iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
        estimate[mask] = iso.fit(confidence[mask], correct[mask].astype(float)).predict(confidence[mask])
    best_cut = None
    for cut in np.unique(estimate)[::-1]:  # from the surest answers down, a whole block of equal estimates at a time
        taken = estimate >= cut
        n, right = int(taken.sum()), int(correct[taken].sum())
        if n < min_support:
            continue
        if right / n < target:
            break  # a set further down would be a lucky dip below a failing one
        if level is None or wilson_lower(np.array([right]), np.array([n]), level=level)[0] >= target:
            best_cut = cut
    out = {}
    for name in names:
        mask = (groups == name) & (estimate >= best_cut) if best_cut is not None else np.zeros(len(groups), bool)
        out[name] = float(confidence[mask].min()) if mask.any() else 1.0
    return out


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
