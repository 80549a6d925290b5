"""The review policy: which answers a person should look at."""

import numpy as np
import pytest

from nlp_foi.records import Answer, CodedAnswer
from nlp_foi.review import choose_threshold, method_group, review_reasons, wilson_lower


def test_wilson_lower_bound_is_below_the_rate_and_tightens_with_n():
    lb = wilson_lower(np.array([97, 970, 9700]), np.array([100, 1000, 10000]))
    assert np.all(lb < 0.97)
    assert lb[0] < lb[1] < lb[2]
    assert lb[2] == pytest.approx(0.967, abs=0.002)


def _curve(n_right_high, n_wrong_high, n_low, *, shuffle=True):
    """Confident answers (0.99 .. 0.9), a few of them wrong, then less confident wrong ones (0.5 .. 0.3)."""
    conf = np.concatenate([np.linspace(0.99, 0.9, n_right_high + n_wrong_high), np.linspace(0.5, 0.3, n_low)])
    head = np.array([True] * n_right_high + [False] * n_wrong_high)
    if shuffle:
        head = np.random.default_rng(0).permutation(head)
    return conf, np.concatenate([head, np.zeros(n_low, dtype=bool)])


def test_threshold_keeps_the_confident_answers_and_flags_the_rest():
    conf, right = _curve(990, 5, 300)
    t = choose_threshold(conf, right, level=None)
    assert 0.3 < t <= 0.9 + 1e-9
    assert right[conf >= t].mean() >= 0.97
    assert right[conf >= t - 0.01].mean() < 0.97  # the lowest such threshold


def test_a_bound_on_unseen_answers_needs_more_than_the_point_estimate():
    conf, right = _curve(292, 8, 100, shuffle=False)
    loose, sure = choose_threshold(conf, right, level=None), choose_threshold(conf, right, level=0.95)
    assert loose < sure < 1.0
    kept = right[conf >= sure]
    assert wilson_lower(np.array([kept.sum()]), np.array([len(kept)]))[0] >= 0.97


def test_too_few_answers_to_judge_flags_everything():
    conf, right = _curve(20, 0, 5)
    assert choose_threshold(conf, right) == 1.0
    assert choose_threshold(np.array([]), np.array([], dtype=bool)) == 1.0


def test_review_reasons_use_the_threshold_of_the_answers_method_group():
    line = CodedAnswer(reply_id="r", authority="A", question_id="1", code="disclosed", confidence=0.8)
    marked = Answer(question_id="1", start=0, end=5, text="Yes.", method="label")
    whole = Answer(question_id="1", start=0, end=5, text="Yes.", method="whole")
    thresholds = {"marked": 0.7, "whole": 0.9}
    assert method_group("label") == "marked" and method_group("whole") == "whole"
    assert review_reasons(line, marked, threshold=1.0, thresholds=thresholds) == []
    assert review_reasons(line, whole, threshold=1.0, thresholds=thresholds) == [
        "confidence 0.80 below 0.90 for answers found by whole passages"]


def test_thresholds_chosen_together_let_a_sure_group_carry_a_less_sure_one():
    from nlp_foi.review import choose_thresholds

    rng = np.random.default_rng(1)
    # "marked": 1,000 answers right 99.5% of the time; "whole": 300 answers right 93% of the time
    marked_conf = rng.uniform(0.6, 1.0, 1000)
    marked_ok = rng.random(1000) < 0.995
    whole_conf = rng.uniform(0.6, 1.0, 300)
    whole_ok = rng.random(300) < np.where(whole_conf > 0.9, 0.97, 0.85)
    groups = ["marked"] * 1000 + ["whole"] * 300
    conf = np.concatenate([marked_conf, whole_conf])
    ok = np.concatenate([marked_ok, whole_ok])
    alone = choose_threshold(whole_conf, whole_ok)
    together = choose_thresholds(groups, conf, ok)
    assert together["marked"] <= 0.61
    assert together["whole"] < alone  # more of the less sure group is left unflagged
    keep = conf >= np.array([together[g] for g in groups])
    assert ok[keep].mean() >= 0.97
    assert wilson_lower(np.array([ok[keep].sum()]), np.array([keep.sum()]))[0] >= 0.97


def test_thresholds_flag_everything_when_the_target_cannot_be_reached():
    from nlp_foi.review import choose_thresholds

    conf = np.linspace(0.5, 1.0, 200)
    ok = np.arange(200) % 10 != 0  # 90% right at every confidence
    assert choose_thresholds(["whole"] * 200, conf, ok) == {"whole": 1.0}
    assert choose_thresholds([], [], []) == {}
