"""Review exports and imports (nlp_foi/exchange.py), and retraining on reviewed answers."""

from __future__ import annotations

import csv
import itertools
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sklearn.metrics import cohen_kappa_score
from threadpoolctl import threadpool_limits

from nlp_foi.cli import main
from nlp_foi.codebook import load_codebook
from nlp_foi.config import DEFAULT, EXAMPLE_DIR
from nlp_foi.exchange import ReviewError, agreement, export_review, import_review
from nlp_foi.gold import read_gold
from nlp_foi.pipeline import code_batch, load_coder
from nlp_foi.questions import read_request, request_from_dict
from nlp_foi.read import read_replies
from nlp_foi.write import write_coded

REPLIES = EXAMPLE_DIR / "replies"
REQUEST = EXAMPLE_DIR / "request.txt"
BOOK = load_codebook()
CODES = ", ".join(BOOK.ids)


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> Path:
    """The bundled example coded by the shipped model."""
    path = tmp_path_factory.mktemp("coded") / "coded.jsonl"
    list(write_coded(code_batch(REPLIES, read_request(REQUEST)), path))
    return path


@pytest.fixture(scope="module")
def lines(coded) -> dict[tuple[str, str], dict]:
    rows = [json.loads(x) for x in coded.read_text(encoding="utf-8").splitlines()]
    return {(r["reply_id"], r["question_id"]): r for r in rows}


def export(coded, path: Path, fmt: str):
    return export_review(coded, path, replies=REPLIES, request=read_request(REQUEST), fmt=fmt)


def gold_codes(path: Path) -> dict[tuple[str, str], str]:
    return {(g.reply.id, qid): a.code for g in read_gold(path) for qid, a in g.answers.items()}


def sheet(path: Path):
    wb = load_workbook(path)
    ws = wb["review"]
    col = {c.value: c.column for c in ws[1]}
    return wb, ws, col


# -- export -----------------------------------------------------------------------------------------------


def test_the_least_certain_come_first(coded, tmp_path):
    result = export(coded, tmp_path / "review.xlsx", "xlsx")
    _, ws, col = sheet(tmp_path / "review.xlsx")
    rows = [(bool(ws.cell(r, col["flagged"]).value), ws.cell(r, col["confidence"]).value) for r in range(2, ws.max_row + 1)]
    assert len(rows) == result.items == 96 and result.flagged == sum(f for f, _ in rows) > 0
    assert rows == sorted(rows, key=lambda fc: (not fc[0], fc[1]))


def test_the_workbook_has_a_drop_down_of_the_codes_and_a_codebook_sheet(coded, tmp_path):
    export(coded, tmp_path / "review.xlsx", "xlsx")
    wb, ws, col = sheet(tmp_path / "review.xlsx")
    assert list(col)[:5] == ["reply_id", "authority", "question_id", "question", "answer"]
    assert {"suggested_code", "confidence", "evidence", "values", "reviewed_code", "reviewer", "notes"} <= set(col)
    assert ws.freeze_panes == "A2"
    assert ws.cell(2, col["answer"]).alignment.wrap_text
    assert ws.column_dimensions["E"].width == 70
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and dv.formula1 == f"codebook!$A$2:$A${len(BOOK.ids) + 1}"
    letter = ws.cell(1, col["reviewed_code"]).column_letter
    assert str(dv.sqref) == f"{letter}2:{letter}97"
    codebook = wb["codebook"]
    assert [r[0] for r in codebook.iter_rows(min_row=2, values_only=True)] == BOOK.ids
    assert [c.value for c in codebook[1]] == ["code", "group", "description"]
    assert wb["replies"].sheet_state == "hidden" and wb["replies"].max_row == 13


def test_label_studio_tasks_and_config(coded, lines, tmp_path):
    result = export(coded, tmp_path / "tasks.json", "labelstudio")
    assert result.paths == [tmp_path / "tasks.json", tmp_path / "tasks.xml"]
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    task = tasks[0]
    assert {"answer", "question", "reply", "reply_id", "question_id", "authority"} <= set(task["data"])
    (pred,) = task["predictions"]
    line = lines[(task["data"]["reply_id"], task["data"]["question_id"])]
    assert pred["model_version"] == "nlp-foi/coded" and pred["score"] == line["confidence"]
    assert pred["result"] == [{"from_name": "code", "to_name": "answer", "type": "choices", "value": {"choices": [line["code"]]}}]
    view = ET.fromstring((tmp_path / "tasks.xml").read_text(encoding="utf-8"))
    assert view.tag == "View"
    texts = {t.get("name"): t.get("value") for t in view.iter("Text")}
    assert texts["question"] == "$question" and texts["answer"] == "$answer"
    (choices,) = view.iter("Choices")
    assert (choices.get("name"), choices.get("toName"), choices.get("choice")) == ("code", "answer", "single")
    assert [c.get("value") for c in choices] == BOOK.ids


def test_prodigy_and_doccano_tasks(coded, lines, tmp_path):
    export(coded, tmp_path / "prodigy.jsonl", "prodigy")
    export(coded, tmp_path / "doccano.jsonl", "doccano")
    prodigy = [json.loads(x) for x in (tmp_path / "prodigy.jsonl").read_text(encoding="utf-8").splitlines()]
    doccano = [json.loads(x) for x in (tmp_path / "doccano.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(prodigy) == len(doccano) == 96
    for p, d in zip(prodigy, doccano):
        line = lines[(p["meta"]["reply_id"], p["meta"]["question_id"])]
        assert p["text"] == d["text"] == (line["answer"] or "(no passage found)")
        assert p["options"] == [{"id": c, "text": c} for c in BOOK.ids] and p["accept"] == [line["code"]]
        assert p["meta"]["question"] and p["meta"]["confidence"] == line["confidence"]
        assert d["label"] == [line["code"]] and (d["reply_id"], d["question_id"]) == (line["reply_id"], line["question_id"])
    # answers such as "Not applicable" repeat across replies: Prodigy must not take them for duplicates
    assert len({p["_task_hash"] for p in prodigy}) == 96


# -- import: round trips ----------------------------------------------------------------------------------


def test_label_studio_every_suggestion_accepted_imports_as_the_suggestions(coded, lines, tmp_path):
    export(coded, tmp_path / "tasks.json", "labelstudio")
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    for n, task in enumerate(tasks, start=1):  # what Label Studio's JSON export gives after review
        task["id"] = n
        result = [dict(r, id=f"r{n}", origin="prediction") for r in task["predictions"][0]["result"]]
        task["annotations"] = [{
            "id": 100 + n, "completed_by": 1, "result": result, "was_cancelled": False, "ground_truth": False,
            "created_at": "2024-10-01T10:00:00.000000Z", "lead_time": 4.2, "task": n,
        }]
    other = next(c for c in BOOK.ids if c != tasks[0]["predictions"][0]["result"][0]["value"]["choices"][0])
    tasks[0]["annotations"].append({"id": 99, "completed_by": 2, "was_cancelled": True,  # a skip: no decision
                                    "result": [{"type": "choices", "value": {"choices": [other]}}]})
    (tmp_path / "export.json").write_text(json.dumps(tasks), encoding="utf-8")
    result = import_review(tmp_path / "export.json", tmp_path / "gold.jsonl")
    assert gold_codes(tmp_path / "gold.jsonl") == {key: line["code"] for key, line in lines.items()}
    assert (result.reviewed, result.changed, result.replies, result.agreement["items"]) == (96, 0, 12, 0)
    for g in read_gold(tmp_path / "gold.jsonl"):
        for qid, a in g.answers.items():
            line = lines[(g.reply.id, qid)]
            if a.code != "no_answer" and line["start"] is not None:
                assert a.answer == line["answer"] == g.reply.text[line["start"]:line["end"]]


def test_label_studio_json_min_export(coded, lines, tmp_path):
    export(coded, tmp_path / "tasks.json", "labelstudio")
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    flat = [{**t["data"], "id": n, "annotator": "ann@example.org", "annotation_id": n,
             "code": t["predictions"][0]["result"][0]["value"]["choices"][0]} for n, t in enumerate(tasks[:5], start=1)]
    (tmp_path / "min.json").write_text(json.dumps(flat), encoding="utf-8")
    result = import_review(tmp_path / "min.json", tmp_path / "gold.jsonl")
    assert result.reviewed == 5 and result.reviewers == ["ann@example.org"]


def test_xlsx_edited_with_openpyxl_round_trip(coded, lines, tmp_path):
    export(coded, tmp_path / "review.xlsx", "xlsx")
    wb, ws, col = sheet(tmp_path / "review.xlsx")
    expected = {}
    for r in range(2, 12):  # ten rows reviewed: nine accepted, one changed
        key = (ws.cell(r, col["reply_id"]).value, ws.cell(r, col["question_id"]).value)
        suggested = ws.cell(r, col["suggested_code"]).value
        code = suggested if r != 3 else next(c for c in BOOK.ids if c not in (suggested, "no_answer"))
        ws.cell(r, col["reviewed_code"]).value = code
        expected[key] = code
    ws.cell(3, col["notes"]).value = "the reply says so in its last paragraph"
    wb.save(tmp_path / "review.xlsx")
    result = import_review(tmp_path / "review.xlsx", tmp_path / "gold.jsonl")
    assert gold_codes(tmp_path / "gold.jsonl") == expected
    assert (result.seen, result.reviewed, result.changed) == (96, 10, 1)
    assert result.reviewers == ["review"]  # the file's name where the reviewer column is empty
    rows = [json.loads(x) for x in (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    changed = [a for row in rows for a in row["gold"].values() if a["code"] != a["suggested"]]
    assert len(changed) == 1 and changed[0]["notes"] == "the reply says so in its last paragraph"
    assert all(len(row["questions"]) == 8 for row in rows)  # every question, so the segmenter sees the request
    assert "10 answers reviewed" in result.summary() and "1 (10%) changed" in result.summary()


def test_the_workbook_gives_back_the_reply_texts_exactly(coded, tmp_path):
    export(coded, tmp_path / "review.xlsx", "xlsx")
    wb, ws, col = sheet(tmp_path / "review.xlsx")
    for r in range(2, ws.max_row + 1):
        ws.cell(r, col["reviewed_code"]).value = ws.cell(r, col["suggested_code"]).value
    wb.save(tmp_path / "review.xlsx")
    import_review(tmp_path / "review.xlsx", tmp_path / "gold.jsonl")
    texts = {r.id: r.text for r in read_replies(REPLIES)}
    assert {g.reply.id: g.reply.text for g in read_gold(tmp_path / "gold.jsonl")} == texts


def test_control_characters_and_long_replies_survive_the_workbook(tmp_path):
    questions = [{"id": "1", "text": "How many cameras do you operate?"}, {"id": "2", "text": "Who maintains them?"}]
    rows = [
        {"id": "formfeed", "text": "1. 40 cameras.\x0c\n2. =Acme Ltd maintains them.\x07", "questions": questions},
        {"id": "long", "text": "1. Not held.\n2. Acme Ltd.\n\n" + "Rights of appeal. " * 4000, "questions": questions},
    ]
    table = tmp_path / "replies.jsonl"
    table.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    list(write_coded(code_batch(table), tmp_path / "coded.jsonl"))
    export_review(tmp_path / "coded.jsonl", tmp_path / "review.xlsx", replies=table)
    wb, ws, col = sheet(tmp_path / "review.xlsx")
    for r in range(2, ws.max_row + 1):
        ws.cell(r, col["reviewed_code"]).value = ws.cell(r, col["suggested_code"]).value
    wb.save(tmp_path / "review.xlsx")
    import_review(tmp_path / "review.xlsx", tmp_path / "gold.jsonl")
    assert {g.reply.id: g.reply.text for g in read_gold(tmp_path / "gold.jsonl")} == {r["id"]: r["text"] for r in rows}


def test_a_passage_given_by_the_reviewer_replaces_the_suggested_one(coded, tmp_path):
    export(coded, tmp_path / "review.xlsx", "xlsx")
    wb, ws, col = sheet(tmp_path / "review.xlsx")
    rid = ws.cell(2, col["reply_id"]).value
    passage = next(r.text for r in read_replies(REPLIES) if r.id == rid)[10:40].strip()  # the importer trims the cell, as a reviewer would expect
    ws.cell(2, col["reviewed_code"]).value = "disclosed"
    ws.cell(2, col["reviewed_answer"]).value = passage
    wb.save(tmp_path / "review.xlsx")
    import_review(tmp_path / "review.xlsx", tmp_path / "gold.jsonl")
    (g,) = read_gold(tmp_path / "gold.jsonl")
    (answer,) = g.answers.values()
    assert answer.answer == passage and answer.code == "disclosed"


def test_csv_round_trip_takes_the_texts_from_the_replies(coded, lines, tmp_path):
    export(coded, tmp_path / "review.csv", "csv")
    text = (tmp_path / "review.csv").read_text(encoding="utf-8-sig").splitlines()
    header = text[0].split(",")
    rows = list(csv.DictReader(text))
    for row in rows[:4]:
        row["reviewed_code"] = row["suggested_code"]
    with (tmp_path / "review.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    where = f"{tmp_path / 'review.csv'}, row 2"
    message = (f"{where}: the file does not carry the text of reply {rows[0]['reply_id']!r}; "
               "pass --replies (and --request) as given to nlp-foi review export")
    with pytest.raises(ReviewError, match=f"^{re.escape(message)}$"):
        import_review(tmp_path / "review.csv", tmp_path / "gold.jsonl")
    import_review(tmp_path / "review.csv", tmp_path / "gold.jsonl", replies=REPLIES, request=read_request(REQUEST))
    assert gold_codes(tmp_path / "gold.jsonl") == {(r["reply_id"], r["question_id"]): r["suggested_code"] for r in rows[:4]}


def test_prodigy_round_trip(coded, tmp_path):
    export(coded, tmp_path / "tasks.jsonl", "prodigy")
    tasks = [json.loads(x) for x in (tmp_path / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    expected = {}
    for n, task in enumerate(tasks[:12]):  # what `prodigy db-out` gives
        task.update({"_view_id": "choice", "_annotator_id": "foi-alice", "_session_id": "foi-alice", "_timestamp": 1700000000 + n})
        key = (task["meta"]["reply_id"], task["meta"]["question_id"])
        if n == 0:
            task["accept"] = ["exempt" if task["accept"] != ["exempt"] else "not_held"]
        task["answer"] = {10: "reject", 11: "ignore"}.get(n, "accept")
        if task["answer"] == "accept":
            expected[key] = task["accept"][0]
    (tmp_path / "db-out.jsonl").write_text("\n".join(json.dumps(t) for t in tasks[:12]), encoding="utf-8")
    result = import_review(tmp_path / "db-out.jsonl", tmp_path / "gold.jsonl", fmt="prodigy")
    assert gold_codes(tmp_path / "gold.jsonl") == expected
    assert (result.reviewed, result.changed, result.reviewers) == (10, 1, ["foi-alice"])


def test_doccano_round_trip(coded, tmp_path):
    export(coded, tmp_path / "tasks.jsonl", "doccano")
    tasks = [json.loads(x) for x in (tmp_path / "tasks.jsonl").read_text(encoding="utf-8").splitlines()]
    exported, expected = [], {}
    for n, task in enumerate(tasks[:10], start=1):  # doccano's export: its own id, the text, labels, the rest as given
        row = {"id": n, **task, "Comments": []}
        if n == 2:
            row["label"] = ["attached" if task["label"] != ["attached"] else "exempt"]
        if n == 3:
            row["label"] = []
        exported.append(row)
        if row["label"]:
            expected[(task["reply_id"], task["question_id"])] = row["label"][0]
    (tmp_path / "all.jsonl").write_text("\n".join(json.dumps(t) for t in exported), encoding="utf-8")
    result = import_review(tmp_path / "all.jsonl", tmp_path / "gold.jsonl", fmt="doccano")
    assert gold_codes(tmp_path / "gold.jsonl") == expected and (result.reviewed, result.changed) == (9, 1)


# -- several reviewers ------------------------------------------------------------------------------------


def test_two_reviewers_kappa_equals_sklearns(coded, tmp_path):
    export(coded, tmp_path / "review.xlsx", "xlsx")
    codes = {}
    for who, flips in (("alice", {2, 5, 9, 14}), ("bob", {5, 7, 20, 21, 30})):
        wb, ws, col = sheet(tmp_path / "review.xlsx")
        codes[who] = []
        for r in range(2, 42):
            suggested = ws.cell(r, col["suggested_code"]).value
            code = suggested if r not in flips else BOOK.ids[(BOOK.ids.index(suggested) + (1 if who == "alice" else 2)) % 7]
            ws.cell(r, col["reviewed_code"]).value = code
            codes[who].append(code)
        wb.save(tmp_path / f"{who}.xlsx")
    result = import_review([tmp_path / "alice.xlsx", tmp_path / "bob.xlsx"], tmp_path / "gold.jsonl")
    a = result.agreement
    assert a["statistic"] == "Cohen's kappa" and a["items"] == 40
    assert a["kappa"] == pytest.approx(cohen_kappa_score(codes["alice"], codes["bob"]))
    assert len(a["disagreements"]) == sum(x != y for x, y in zip(codes["alice"], codes["bob"])) == 8
    assert result.reviewers == ["alice", "bob"]
    # a tie goes to the suggestion where one of them kept it; the other code is kept in `also`
    rows = [json.loads(x) for x in (tmp_path / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    tied = [g for row in rows for g in row["gold"].values() if len(set(g["reviewers"].values())) > 1]
    assert tied and all(g["code"] in g["reviewers"].values() and g["also"] for g in tied)
    assert all(g["code"] == g["suggested"] for g in tied if g["suggested"] in g["reviewers"].values())
    assert "Cohen's kappa" in result.summary() and "8 disagreements" in result.summary()


def test_three_reviewers_mean_pairwise_kappa():
    items = [(f"r{i}", "1") for i in range(12)]
    a = ["disclosed"] * 6 + ["not_held"] * 6
    b = ["disclosed"] * 5 + ["not_held"] * 7
    c = ["disclosed"] * 7 + ["exempt"] + ["not_held"] * 4
    labels = {k: {"a": x, "b": y, "c": z} for k, x, y, z in zip(items, a, b, c)}
    result = agreement(labels)
    expected = [cohen_kappa_score(a, b), cohen_kappa_score(a, c), cohen_kappa_score(b, c)]
    assert result["statistic"] == "mean pairwise Cohen's kappa"
    assert result["kappa"] == pytest.approx(sum(expected) / 3)


def test_label_studio_annotations_of_several_reviewers(coded, tmp_path):
    export(coded, tmp_path / "tasks.json", "labelstudio")
    tasks = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))[:20]
    x, y = [], []
    for n, task in enumerate(tasks, start=1):
        suggested = task["predictions"][0]["result"][0]["value"]["choices"][0]
        other = "not_held" if suggested != "not_held" else "disclosed"
        first, second = suggested, (other if n % 4 == 0 else suggested)
        task["annotations"] = [
            {"id": 2 * n, "completed_by": {"id": 1, "email": "ann@example.org"}, "was_cancelled": False,
             "result": [{"from_name": "code", "to_name": "answer", "type": "choices", "value": {"choices": [first]}}]},
            {"id": 2 * n + 1, "completed_by": {"id": 2, "email": "ben@example.org"}, "was_cancelled": False,
             "result": [{"from_name": "code", "to_name": "answer", "type": "choices", "value": {"choices": [second]}},
                        {"from_name": "notes", "to_name": "answer", "type": "textarea", "value": {"text": ["checked"]}}]},
        ]
        x.append(first)
        y.append(second)
    (tmp_path / "export.json").write_text(json.dumps(tasks), encoding="utf-8")
    result = import_review(tmp_path / "export.json", tmp_path / "gold.jsonl")
    assert result.reviewers == ["ann@example.org", "ben@example.org"] and result.agreement["items"] == 20
    assert result.agreement["kappa"] == pytest.approx(cohen_kappa_score(x, y))
    assert len(result.disagreements) == 5 and result.changed == 0  # ties go to the suggestion


# -- malformed files: one message naming the file and row -------------------------------------------------


def test_a_code_not_in_the_codebook(coded, tmp_path):
    export(coded, tmp_path / "review.xlsx", "xlsx")
    wb, ws, col = sheet(tmp_path / "review.xlsx")
    ws.cell(2, col["reviewed_code"]).value = "disclosed"
    ws.cell(5, col["reviewed_code"]).value = "notheld"
    wb.save(tmp_path / "review.xlsx")
    message = (f"{tmp_path / 'review.xlsx'}, row 5: reviewed_code 'notheld' is not a code of the codebook ({CODES}); "
               "pick one from the drop-down (the codebook sheet lists them)")
    with pytest.raises(ReviewError, match=f"^{re.escape(message)}$"):
        import_review(tmp_path / "review.xlsx", tmp_path / "gold.jsonl")


def test_codes_are_read_leniently(coded, tmp_path):
    export(coded, tmp_path / "review.xlsx", "xlsx")
    wb, ws, col = sheet(tmp_path / "review.xlsx")
    ws.cell(2, col["reviewed_code"]).value = " Not held "
    ws.cell(3, col["reviewed_code"]).value = "cost-limit"
    wb.save(tmp_path / "review.xlsx")
    import_review(tmp_path / "review.xlsx", tmp_path / "gold.jsonl")
    assert sorted(gold_codes(tmp_path / "gold.jsonl").values()) == ["cost_limit", "not_held"]


@pytest.mark.parametrize(
    "fmt,name,content,message",
    [
        ("prodigy", "db-out.jsonl", '{"text": "x", "answer": "ignore", "meta": {"reply_id": "a", "question_id": "1"}}\n'
         '{"text": "Not held.", "answer": "acc',
         "{path}, line 2: not valid JSON (Unterminated string starting at, column 33); give the output of prodigy db-out"),
        ("prodigy", "db-out.jsonl", '{"text": "Not held.", "answer": "accept", "accept": ["not_held"], "meta": {"question_id": "2"}}\n',
         "{path}, line 1: no reply_id; keep the fields of the exported tasks"),
        ("labelstudio", "export.json", '[{"data": {"reply_id": "a"',
         "{path}: not valid JSON (Expecting ',' delimiter at line 1, column 27); export the tasks from Label Studio as JSON"),
        ("labelstudio", "export.json", '{"tasks": []}',
         "{path}: expected a JSON list of tasks, got dict; export the tasks from Label Studio as JSON"),
        ("labelstudio", "export.json", '[{"data": {"reply_id": "a", "question_id": "1", "suggested_code": "disclosed"}}, 7]',
         "{path}, task 2: expected an object, got int; export the tasks as JSON"),
        ("doccano", "all.jsonl",
         '{"id": 1, "text": "N/A", "label": ["not_applicable", "not_held"], "reply_id": "a", "question_id": "3", "suggested_code": "not_held"}\n',
         "{path}, line 1: several codes (not_applicable, not_held); one code per answer (a single-label project; "
         "export each annotator's labels to their own file)"),
        ("csv", "review.csv", "reply_id,question_id,reviewed_code\na,1,disclosed\n",
         "{path}: the header has no 'suggested_code' column; use a file made by nlp-foi review export"),
        ("xlsx", "review.xlsx", "not a workbook",
         "{path}: not an .xlsx workbook (File is not a zip file); give the workbook nlp-foi review export wrote"),
    ],
)
def test_malformed_files(tmp_path, fmt, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    message = message.format(path=path)
    with pytest.raises(ReviewError, match=f"^{re.escape(message)}$"):
        import_review(path, tmp_path / "gold.jsonl", fmt=fmt)


def test_export_errors_name_the_line(coded, tmp_path):
    bad = tmp_path / "coded.jsonl"
    rows = coded.read_text(encoding="utf-8").splitlines()
    row = json.loads(rows[3])
    row["reply_id"] = "nobody"
    bad.write_text("\n".join(rows[:3] + [json.dumps(row)]), encoding="utf-8")
    message = (f"{bad}, line 4: reply 'nobody' is not among the replies in {REPLIES}; "
               "pass the replies that were coded (--replies)")
    with pytest.raises(ReviewError, match=f"^{re.escape(message)}$"):
        export(bad, tmp_path / "review.xlsx", "xlsx")
    with pytest.raises(ReviewError, match=r"cannot tell which review format to write from '\.txt'"):
        export_review(coded, tmp_path / "review.txt", replies=REPLIES)


# -- the command line -------------------------------------------------------------------------------------


def test_review_commands(coded, tmp_path, capsys):
    out = tmp_path / "review.xlsx"
    assert main(["review", "export", str(coded), "--replies", str(REPLIES), "-r", str(REQUEST), "-o", str(out)]) == 0
    assert capsys.readouterr().out.startswith("exported 96 answers of 12 replies (")
    shutil.copy(out, tmp_path / "bob.xlsx")
    for who, change in (("review", False), ("bob", True)):
        wb, ws, col = sheet(tmp_path / f"{who}.xlsx")
        for r in range(2, 6):
            suggested = ws.cell(r, col["suggested_code"]).value
            ws.cell(r, col["reviewed_code"]).value = ("exempt" if suggested != "exempt" else "disclosed") if change and r == 2 else suggested
        wb.save(tmp_path / f"{who}.xlsx")
    code = main(["review", "import", str(out), str(tmp_path / "bob.xlsx"), "-o", str(tmp_path / "gold.jsonl")])
    printed = capsys.readouterr().out
    assert code == 0 and printed.startswith("Read 2 files (192 items): 4 answers reviewed by 2 reviewers, in ")
    assert "1 disagreements (listed below)" in printed and re.search(r"\n  \S+ question \S+: bob \w+, review \w+ \(suggested \w+\)\n", printed)
    assert main(["review"]) == 2
    assert main(["review", "import", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "g.jsonl")]) == 1
    assert capsys.readouterr().err == f"Error: {tmp_path / 'missing.xlsx'} does not exist; give the file the reviewers returned\n"


# -- retraining on reviewed answers -----------------------------------------------------------------------

# Families of answers that mean "not held" in phrasings the corpus does not have: Welsh-only replies,
# and an English idiom.  The test uses the first one the shipped model gets (mostly) wrong.
FAMILIES = {
    "welsh": {
        "subjects": ["y Cyngor", "yr Ysgol", "yr Awdurdod", "y Bwrdd Iechyd", "yr Heddlu", "y Brifysgol"],
        "forms": ["Nid yw {s} yn cadw'r wybodaeth hon.", "Nid yw {s} yn dal y wybodaeth y gofynnwyd amdani.",
                  "Nid yw {s} yn cofnodi'r wybodaeth hon.", "Nid oes gan {s} y wybodaeth hon."],
        "reply": "Annwyl Syr/Madam\n\n1. {answer}\n\n2. Roedd {n} camera yn ddiffygiol.\n\nYn gywir\nSwyddog Rhyddid Gwybodaeth",
    },
    "nothing-on-file": {
        "subjects": ["The Council", "The School", "The Trust", "The Force", "The University", "The Board"],
        "forms": ["{s} holds nothing answering this description.", "{s} has nothing on file for this.",
                  "{s} keeps nothing of this kind.", "There is nothing on file at {s} for this."],
        "reply": "Dear Requester\n\n1. {answer}\n\n2. {n} cameras were faulty on that date.\n\nYours sincerely\nFOI Officer",
    },
}
QUESTIONS = [{"id": "1", "text": "How many CCTV cameras does the council operate?"},
             {"id": "2", "text": "How many of these cameras were faulty on 1 April 2024?"}]


def family_replies(name: str) -> list[dict]:
    fam = FAMILIES[name]
    answers = [f.format(s=s) for s, f in itertools.product(fam["subjects"], fam["forms"])]
    answers = [a[0].upper() + a[1:] for a in answers]
    return [{"id": f"{name}-{i:02d}", "authority": "Cyngor Sir Enghraifft", "text": fam["reply"].format(answer=a, n=i + 3)}
            for i, a in enumerate(answers)]


def write_table(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def coded_by(table: Path, coder) -> dict[tuple[str, str], str]:
    request = request_from_dict({"id": "cctv", "questions": QUESTIONS})
    return {(c.reply_id, c.question_id): c.code for c in code_batch(table, request, coder=coder)}


def test_reviewed_corrections_fix_a_systematic_mistake_on_answers_not_trained_on(tmp_path):
    from nlp_foi.train import train_and_save

    shipped = load_coder()
    request = request_from_dict({"id": "cctv", "questions": QUESTIONS})
    for name in FAMILIES:  # probe: a family of not-held answers the shipped model codes otherwise
        rows = family_replies(name)
        table = write_table(tmp_path / f"{name}.jsonl", rows)
        before = coded_by(table, shipped)
        wrong = [r["id"] for r in rows if before[(r["id"], "1")] != "not_held"]
        if len(wrong) >= 0.75 * len(rows):
            break
    else:
        pytest.skip("the shipped model already codes every probe family right")
    reviewed_ids = set(wrong[::3][:8])  # a reviewer corrects 8 of them; the rest are never seen in training
    reviewed = [r for r in rows if r["id"] in reviewed_ids]
    held_out = [r for r in rows if r["id"] in wrong and r["id"] not in reviewed_ids]
    assert len(held_out) >= 8 and not {r["text"] for r in held_out} & {r["text"] for r in reviewed}

    # the review loop: code, export, correct question 1 (accept question 2), import
    reviewed_table = write_table(tmp_path / "reviewed-replies.jsonl", reviewed)
    list(write_coded(code_batch(reviewed_table, request, coder=shipped), tmp_path / "coded.jsonl"))
    export_review(tmp_path / "coded.jsonl", tmp_path / "review.xlsx", replies=reviewed_table, request=request)
    wb, ws, col = sheet(tmp_path / "review.xlsx")
    for r in range(2, ws.max_row + 1):
        q = ws.cell(r, col["question_id"]).value
        ws.cell(r, col["reviewed_code"]).value = "not_held" if q == "1" else "disclosed"
    wb.save(tmp_path / "review.xlsx")
    result = import_review(tmp_path / "review.xlsx", tmp_path / "reviewed.jsonl")
    assert result.reviewed == 16 and result.changed >= 8

    with threadpool_limits(1):  # one BLAS thread: on a busy machine more threads only contend
        folder, meta = train_and_save(extra_gold=[str(tmp_path / "reviewed.jsonl")], out=tmp_path / "models",
                                      cross_validate=False)
    assert meta["data"]["reviewed"]["replies"] == 8
    after = coded_by(write_table(tmp_path / "held-out.jsonl", held_out),
                     load_coder(config=DEFAULT.replace(model=str(folder))))
    before = coded_by(tmp_path / "held-out.jsonl", shipped)
    fixed = [r["id"] for r in held_out if after[(r["id"], "1")] == "not_held"]
    assert len(fixed) >= 0.9 * len(held_out), f"{name}: fixed {len(fixed)} of {len(held_out)} held-out answers"
    # question 2 (a count) was right before and stays right: the model learnt the phrasing, not the language
    assert [after[(r["id"], "2")] for r in held_out] == [before[(r["id"], "2")] for r in held_out] == ["disclosed"] * len(held_out)


def test_train_with_reviewed_gold_reports_before_and_after(tmp_path, capsys):
    """`nlp-foi train --gold`: a share of the reviewed replies is held out and scored before and after."""
    rows = family_replies("welsh")[:10]
    gold = [{"id": r["id"], "authority": r["authority"], "campaign": "cctv", "questions": QUESTIONS, "text": r["text"],
             "gold": {"1": {"code": "not_held", "answer": r["text"].split("\n\n")[1][3:]},
                      "2": {"code": "disclosed", "answer": r["text"].split("\n\n")[2][3:]}}} for r in rows]
    write_table(tmp_path / "reviewed.jsonl", gold)
    with threadpool_limits(1):
        code = main(["train", "--data", str(EXAMPLE_DIR / "gold.jsonl"), "--gold", str(tmp_path / "reviewed.jsonl"),
                     "--no-cv", "--out", str(tmp_path / "models"), "--holdout", "0.3"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "reviewed answers not trained on: 6 answers in 3 held-out reviewed replies (of 10; --holdout 0.3)" in out
    assert re.search(r"\n  before  accuracy [\d.]+, macro-F1 [\d.]+, kappa [-\d.]+   \(trained on the data alone\)\n", out)
    assert re.search(r"\n  after   accuracy [\d.]+, macro-F1 [\d.]+, kappa [-\d.]+   \(plus 7 reviewed replies, 14 answers\)\n", out)
    meta = json.loads((tmp_path / "models" / "foi-coder-v1" / "meta.json").read_text())
    assert meta["reviewed"]["after"]["accuracy"] >= meta["reviewed"]["before"]["accuracy"]
    assert meta["data"]["replies"] == 12 + 10  # the saved model trained on every reviewed reply
    assert main(["train", "--gold", str(tmp_path / "reviewed.jsonl"), "--holdout", "1.5", "--no-cv"]) == 1
    assert capsys.readouterr().err == "Error: holdout is 1.5; give the share of reviewed replies to hold out, from 0 up to 1\n"
