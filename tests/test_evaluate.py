"""Scores against gold: checked against an independent computation on hand-made files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sklearn.metrics import accuracy_score, cohen_kappa_score, f1_score

from nlp_foi.cli import main
from nlp_foi.codebook import load_codebook
from nlp_foi.evaluate import PredictionError, krippendorff_alpha, read_predictions, score, token_f1
from nlp_foi.gold import gold_from_dict

QUESTIONS = [
    {"id": "1", "text": "Which company and product do you use for monitoring?"},
    {"id": "2", "text": "How many alerts were generated annually?"},
    {"id": "3", "text": "If yes, how many referrals were made to Prevent?"},
]

# (reply id, campaign, {question: (gold code, also, answer)}, {question: (predicted code, confidence)})
CASES = [
    ("r1", "monitoring", {"1": ("disclosed", (), "Smoothwall"), "2": ("not_held", (), "Not held."),
                          "3": ("not_applicable", (), "N/A")},
     {"1": ("disclosed", 0.97), "2": ("not_held", 0.91), "3": ("not_applicable", 0.88)}),
    ("r2", "monitoring", {"1": ("disclosed", (), "Impero"), "2": ("cost_limit", (), "Section 12 applies."),
                          "3": ("exempt", (), "Exempt under section 31.")},
     {"1": ("disclosed", 0.95), "2": ("not_held", 0.55), "3": ("exempt", 0.93)}),
    ("r3", "monitoring", {"1": ("attached", (), "Please see the attached policy."),
                          "2": ("not_held", ("no_answer",), "We cannot answer."), "3": ("no_answer", (), None)},
     {"1": ("attached", 0.99), "2": ("no_answer", 0.62), "3": ("no_answer", 0.99)}),
    ("r4", "exclusions", {"1": ("disclosed", (), "Senso"), "2": ("disclosed", (), "2021: 40"),
                          "3": ("not_applicable", ("disclosed",), "None.")},
     {"1": ("not_held", 0.94), "2": ("disclosed", 0.81), "3": ("disclosed", 0.77)}),
    ("r5", "exclusions", {"1": ("exempt", (), "Refused under section 43."), "2": ("not_held", (), "Unknown."),
                          "3": ("disclosed", (), "Three referrals.")},
     {"1": ("exempt", 0.9), "2": ("cost_limit", 0.6), "3": ("disclosed", 0.86)}),
]


def gold_rows() -> list[dict]:
    rows = []
    for rid, campaign, gold, _ in CASES:
        text = "\n".join(f"{q}. {a}" for q, (_, _, a) in gold.items() if a)
        entry = {}
        for q, (code, also, answer) in gold.items():
            entry[q] = {"code": code, "answer": answer, **({"also": list(also)} if also else {})}
        rows.append({"id": rid, "campaign": campaign, "authority": f"Authority {rid}", "questions": QUESTIONS,
                     "text": text, "gold": entry})
    return rows


def pred_rows() -> list[dict]:
    rows = []
    for rid, _, gold, pred in CASES:
        for q, (code, conf) in pred.items():
            answer = gold[q][2] or ""
            rows.append({"reply_id": rid, "authority": f"Authority {rid}", "question_id": q, "code": code,
                         "confidence": conf, "answer": answer, "start": None, "end": None, "values": {},
                         "review": conf < 0.8, "evidence": []})
    return rows


def write_jsonl(path: Path, rows: list) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    return write_jsonl(tmp_path / "gold.jsonl", gold_rows()), write_jsonl(tmp_path / "pred.jsonl", pred_rows())


def independent(golds: list[dict], preds: list[dict]):
    """Gold and credited predicted codes, computed here without nlp_foi."""
    by_key = {(p["reply_id"], p["question_id"]): p["code"] for p in preds}
    y_true, y_pred = [], []
    for g in golds:
        for q, ga in g["gold"].items():
            p = by_key[(g["id"], q)]
            y_true.append(ga["code"])
            y_pred.append(ga["code"] if p == ga["code"] or p in ga.get("also", []) else p)
    return y_true, y_pred


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_accuracy_kappa_and_f1_agree_with_sklearn(capsys, files):
    gold, pred = files
    code, out, _ = run(capsys, "evaluate", gold, pred, "--json")
    report = json.loads(out)
    y_true, y_pred = independent(gold_rows(), pred_rows())
    assert code == 0
    assert report["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    assert report["kappa"] == pytest.approx(cohen_kappa_score(y_true, y_pred))
    assert report["macro_f1"] == pytest.approx(f1_score(y_true, y_pred, labels=sorted(set(y_true)), average="macro"))
    assert report["answers"] == 15 and report["replies"] == 5 and report["missing_predictions"] == 0


def test_json_is_one_object_with_the_figures_at_its_top(capsys, files):
    code, out, _ = run(capsys, "evaluate", *files, "--json")
    report = json.loads(out)  # one object, nothing else on stdout
    assert isinstance(report["accuracy"], float) and isinstance(report["kappa"], float)
    assert {"alpha", "coarse_accuracy", "per_code", "confusion", "segmentation_f1", "values_exact",
            "coverage_curve", "unflagged_share", "unflagged_accuracy"} <= set(report)
    assert set(report["per_code"]["disclosed"]) == {"precision", "recall", "f1", "support"}
    assert all({"threshold", "coverage", "accuracy"} == set(p) for p in report["coverage_curve"])


def test_an_also_code_counts_as_right(files):
    golds = [gold_from_dict(r) for r in gold_rows()]
    pred = read_predictions(files[1])
    report = score(golds, pred)
    # r3 Q2 (not_held, also no_answer) predicted no_answer and r4 Q3 (not_applicable, also disclosed) predicted
    # disclosed are right, and count as their gold code in the confusion matrix
    assert report["confusion"]["not_held"]["not_held"] == 2 and report["confusion"]["not_held"]["no_answer"] == 0
    assert report["confusion"]["not_applicable"]["not_applicable"] == 2
    # 4 wrong of 15: r2 Q2, r4 Q1, r5 Q2 (the two also codes count as right)
    assert report["accuracy"] == pytest.approx(12 / 15)
    strict = {(p["reply_id"], p["question_id"]): p for p in pred.values()}
    strict[("r3", "2")] = {**strict[("r3", "2")], "code": "exempt"}
    assert score(golds, strict)["accuracy"] == pytest.approx(11 / 15)


def test_alpha_on_a_hand_computed_two_coder_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", example A. By hand: 10 units, 2 coders;
    # coincidences o00 = 10, o11 = 2, o01 = o10 = 4; n0 = 14, n1 = 6, n = 20.
    # alpha = 1 - (n - 1) * (o01 + o10) / (2 * n0 * n1) = 1 - 19 * 8 / 168 = 0.0952
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(zip(a, b)) == pytest.approx(1 - 19 * 8 / 168)
    assert round(krippendorff_alpha(zip(a, b)), 3) == 0.095


def test_alpha_on_the_textbook_example_with_missing_values():
    # Krippendorff (2011), example C: 4 coders, 12 units, missing values; nominal alpha = 0.743
    n = None
    coders = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, n, n, n],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, n, 3],
        [n, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, n],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, n],
    ]
    assert round(krippendorff_alpha(zip(*coders)), 3) == 0.743


@pytest.mark.parametrize("units,expected", [
    ([("a", "a"), ("b", "b"), ("c", "c")], 1.0),  # perfect agreement
    ([("a", "a"), ("a", "a")], 1.0),  # one value throughout: nothing to disagree on
    ([("a", None), ("b", None)], 1.0),  # nothing pairable
    ([("a", "b"), ("b", "a")], pytest.approx(1 - 3 * 4 / 8)),  # systematic disagreement is below zero
])
def test_alpha_edge_cases(units, expected):
    assert krippendorff_alpha(units) == expected


def test_report_alpha_is_alpha_of_gold_against_credited_predictions(capsys, files):
    _, out, _ = run(capsys, "evaluate", *files, "--json")
    y_true, y_pred = independent(gold_rows(), pred_rows())
    assert json.loads(out)["alpha"] == pytest.approx(krippendorff_alpha(zip(y_true, y_pred)))


def test_coverage_curve_and_unflagged_figures(files):
    golds = [gold_from_dict(r) for r in gold_rows()]
    report = score(golds, read_predictions(files[1]))
    point = next(p for p in report["coverage_curve"] if p["threshold"] == 0.9)
    # confidence >= 0.9: r1 Q1 Q2, r2 Q1 Q3, r3 Q1 Q3, r4 Q1 (wrong), r5 Q1 -> 8 answers, 7 right
    assert point["coverage"] == pytest.approx(8 / 15) and point["accuracy"] == pytest.approx(7 / 8)
    # review is flagged below 0.8 in pred_rows: 4 answers flagged (r2 Q2, r3 Q2, r4 Q3, r5 Q2), 11 kept, 10 right
    assert report["unflagged_share"] == pytest.approx(11 / 15)
    assert report["unflagged_accuracy"] == pytest.approx(10 / 11)


def test_segmentation_and_values(tmp_path):
    row = {"id": "v1", "questions": QUESTIONS, "text": "1. Smoothwall Monitor\n2. 2021: 40; 2022: 35\n3. Nil.",
           "gold": {"1": {"code": "disclosed", "answer": "Smoothwall Monitor", "values": {"products": ["Smoothwall Monitor"]}},
                    "2": {"code": "disclosed", "answer": "2021: 40; 2022: 35", "values": {"periods": {"2021": 40, "2022": 35}, "total": 75}},
                    "3": {"code": "disclosed", "answer": "Nil.", "values": {"total": 0}}}}
    pred = {("v1", "1"): {"code": "disclosed", "answer": "Smoothwall Monitor", "values": {"products": ["smoothwall monitor"]}},
            ("v1", "2"): {"code": "disclosed", "answer": "2021: 40", "values": {"periods": {"2021": 40}, "total": 75}},
            ("v1", "3"): {"code": "disclosed", "answer": "", "values": {}}}
    report = score([gold_from_dict(row)], pred)
    assert report["values_exact"] == {"periods": 0.0, "products": 1.0, "total": 0.5}
    assert report["segmentation_f1"] == pytest.approx((1 + token_f1("2021: 40", "2021: 40; 2022: 35") + 0) / 3)
    assert report["accuracy_by_segmentation"]["found"]["answers"] == 2


def test_missing_predictions_count_as_unanswered(tmp_path, capsys):
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_rows())
    pred = write_jsonl(tmp_path / "pred.jsonl", [p for p in pred_rows() if p["reply_id"] != "r1"])
    _, out, _ = run(capsys, "evaluate", gold, pred, "--json")
    report = json.loads(out)
    assert report["missing_predictions"] == 3
    assert report["confusion"]["disclosed"]["no_answer"] == 1


def test_suspects_are_confident_contradictions(capsys, files):
    _, out, _ = run(capsys, "evaluate", *files, "--json", "--suspects")
    report = json.loads(out)
    # wrong: r2 Q2 (0.55), r4 Q1 (0.94), r5 Q2 (0.60); only r4 Q1 is at 0.9 or above
    assert [(s["reply_id"], s["question_id"], s["gold"], s["predicted"]) for s in report["suspects"]] == [
        ("r4", "1", "disclosed", "not_held")]
    s = report["suspects"][0]
    assert s["question"] == QUESTIONS[0]["text"] and s["answer"] == "Senso" and s["confidence"] == 0.94
    assert len(report["wrong"]) == 3


def test_a_confident_code_for_another_passage_is_no_suspect(tmp_path, capsys):
    """A segmentation miss coded with confidence says nothing about the gold label."""
    gold = write_jsonl(tmp_path / "gold.jsonl", gold_rows())
    rows = pred_rows()
    for r in rows:
        if (r["reply_id"], r["question_id"]) == ("r4", "1"):
            r["answer"] = "Refused under section 43."
    pred = write_jsonl(tmp_path / "pred.jsonl", rows)
    _, out, _ = run(capsys, "evaluate", gold, pred, "--json", "--suspects")
    report = json.loads(out)
    assert report["suspects"] == [] and ("r4", "1") in {(w["reply_id"], w["question_id"]) for w in report["wrong"]}


def test_suspects_in_the_text_report(capsys, files):
    code, out, _ = run(capsys, "evaluate", *files, "--suspects", "--suspect-confidence", "0.5")
    assert code == 0
    assert "suspects        3 gold answers contradicted with confidence >= 0.50 on the gold passage" in out
    assert "  r4 Q1: gold disclosed, predicted not_held (0.94): Senso" in out


def test_report_option_writes_html(capsys, files, tmp_path):
    out_path = tmp_path / "eval.html"
    code, out, _ = run(capsys, "evaluate", *files, "--report", out_path)
    assert code == 0 and out.endswith(f"report -> {out_path}\n")
    assert "data:image/png;base64," in out_path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "line,message",
    [
        ("{not json", "pred.jsonl:2: not JSON (Expecting property name enclosed in double quotes at column 2); "
                      "each line is one coded answer (formats.md, 'Coded answers')"),
        ("[1, 2]", "pred.jsonl:2: expected a JSON object, got list; each line is one coded answer (formats.md, 'Coded answers')"),
        ('{"question_id": "1", "code": "disclosed"}',
         "pred.jsonl:2: no 'reply_id'; each line needs 'reply_id', 'question_id' and 'code' (formats.md, 'Coded answers')"),
        ('{"reply_id": "r1", "question_id": "2", "code": "disclosed", "confidence": "high"}',
         "pred.jsonl:2: 'confidence' is 'high'; expected a number from 0 to 1"),
        ('{"reply_id": "r1", "question_id": "2", "code": "refused"}',
         "pred.jsonl:2: code 'refused' is not in the codebook 'default' (disclosed, not_held, cost_limit, exempt, "
         "not_applicable, attached, no_answer); pass the codebook it was coded with (--codebook)"),
        ('{"reply_id": "r1", "question_id": "1", "code": "disclosed"}',
         "pred.jsonl:2: a second line for reply 'r1' question '1' (the first is line 1); keep one line per reply and question"),
    ],
)
def test_a_malformed_pred_line_is_named(capsys, tmp_path, monkeypatch, line, message):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "gold.jsonl", gold_rows())
    first = json.dumps(pred_rows()[0])
    (tmp_path / "pred.jsonl").write_text(f"{first}\n{line}\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", "gold.jsonl", "pred.jsonl")
    assert code == 1 and out == "" and err == f"Error: {message}\n"
    with pytest.raises(PredictionError, match="^pred.jsonl:2: "):
        read_predictions("pred.jsonl", codebook=load_codebook())


@pytest.mark.parametrize(
    "args,message,status",
    [
        (["evaluate", "nope.jsonl"], "Error: nope.jsonl: no such gold file; give a gold .jsonl or a folder of them (formats.md, Gold)\n", 1),
        (["evaluate", "gold.jsonl", "nope.jsonl"],
         "Error: nope.jsonl: no such coded file; give the .jsonl written by nlp-foi code -o (formats.md, 'Coded answers')\n", 1),
        (["evaluate", "gold.jsonl", "--report", "eval.pdf"], "Error: eval.pdf: unknown report format '.pdf'; use one of .html, .htm\n", 1),
        (["evaluate", "gold.jsonl", "pred.jsonl", "--cv"], "Error: --cv codes the gold itself; give either PRED or --cv, not both\n", 2),
    ],
)
def test_usage_errors(capsys, tmp_path, monkeypatch, args, message, status):
    monkeypatch.chdir(tmp_path)
    write_jsonl(tmp_path / "gold.jsonl", gold_rows())
    write_jsonl(tmp_path / "pred.jsonl", pred_rows())
    code, _, err = run(capsys, *args)
    assert code == status and err == message


def test_cv_needs_two_requests(capsys, tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", [dict(r, campaign="one") for r in gold_rows()])
    code, _, err = run(capsys, "evaluate", "--cv", gold)
    assert code == 1 and err.startswith("Error: cross-validation grouped by request needs gold from at least 2 requests")


CORPUS = Path(__file__).resolve().parents[1] / "data" / "corpus"


def test_cv_codes_every_reply_with_a_coder_that_never_saw_its_request(tmp_path, monkeypatch):
    """Out of fold: each fold's coder is trained without the requests whose replies it codes."""
    import nlp_foi.classify as classify
    import nlp_foi.pipeline as pipeline
    from nlp_foi.evaluate import evaluate_cv

    files = sorted(CORPUS.glob("*.jsonl"))[:3]
    rows = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines()[:8]]
    gold = write_jsonl(tmp_path / "gold.jsonl", rows)
    campaign = {r["id"]: r["campaign"] for r in rows}

    trained_on: list[set] = []
    coded: list[set] = []
    real_fit, real_code = classify.AnswerClassifier.fit, pipeline.code_replies

    def fit(self, X, y):
        trained_on.append(set(X["group"]))
        return real_fit(self, X, y)

    def code_replies(replies, request=None, **kw):
        replies = list(replies)
        coded.append({campaign[r.id] for r in replies})
        return real_code(replies, request, **kw)

    monkeypatch.setattr(classify.AnswerClassifier, "fit", fit)
    monkeypatch.setattr(pipeline, "code_replies", code_replies)
    report = evaluate_cv(gold, n_splits=3, suspects=True)
    assert report["cv"]["folds"] == 3 and report["cv"]["requests"] == 3
    assert len(trained_on) == len(coded) == 3
    assert all(not (seen & held) for seen, held in zip(trained_on, coded))
    assert set().union(*coded) == set(campaign.values())
    assert report["missing_predictions"] == 0 and report["answers"] == sum(len(r["gold"]) for r in rows)
    assert 0 <= report["accuracy"] <= 1 and all(s["confidence"] >= 0.9 for s in report["suspects"])


def test_dev_set_figures_agree_with_sklearn(shared_dir, tmp_path, capsys):
    """On the real replies: code them, then score the written file, and check against sklearn."""
    gold = shared_dir / "foi-dev" / "dev.jsonl"
    if not gold.exists():
        pytest.skip("foi-dev/dev.jsonl not present")
    coded = tmp_path / "coded.jsonl"
    assert main(["code", str(gold), "-o", str(coded), "-q"]) in (0, 3)
    capsys.readouterr()
    code, out, _ = run(capsys, "evaluate", gold, coded, "--json")
    report = json.loads(out)
    golds = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    preds = [json.loads(line) for line in coded.read_text(encoding="utf-8").splitlines()]
    y_true, y_pred = independent(golds, preds)
    assert code == 0 and report["missing_predictions"] == 0
    assert report["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    assert report["kappa"] == pytest.approx(cohen_kappa_score(y_true, y_pred))
