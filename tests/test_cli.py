"""The command line, run in-process; errors are one exact line and exit status 1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from nlp_foi.cli import COMMANDS, build_parser, main
from nlp_foi.config import EXAMPLE_DIR

README = Path(__file__).resolve().parents[1] / "README.md"


def run(capsys, *args):
    code = main(list(map(str, args)))
    out, err = capsys.readouterr()
    return code, out, err


def test_questions_of_the_example_request(capsys):
    code, out, _ = run(capsys, "questions", EXAMPLE_DIR / "request.txt")
    assert code == 0 and out.startswith("8 questions in")


def test_questions_as_json(capsys):
    code, out, _ = run(capsys, "questions", EXAMPLE_DIR / "request.txt", "--json")
    data = json.loads(out)
    assert [q["id"] for q in data["questions"]] == [str(n) for n in range(1, 9)]


def test_code_without_arguments_codes_the_bundled_example(capsys):
    code, out, _ = run(capsys, "code")
    assert code == 0
    assert re.match(r"12 replies, 96 answers coded with \S+; \d+ flagged for review; 0 replies could not be read", out)


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".xlsx"])
def test_code_writes_every_format(capsys, tmp_path, suffix):
    out_path = tmp_path / f"coded{suffix}"
    code, _, _ = run(capsys, "code", EXAMPLE_DIR / "replies", "--request", EXAMPLE_DIR / "request.txt", "-o", out_path, "-q")
    assert code == 0 and out_path.exists()
    if suffix == ".jsonl":
        rows = [json.loads(line) for line in out_path.read_text().splitlines()]
        assert len(rows) == 96
        assert {"reply_id", "question_id", "code", "confidence", "answer", "start", "end", "values", "review", "evidence"} <= set(rows[0])
    elif suffix == ".csv":
        assert len(pd.read_csv(out_path)) == 96
    else:
        sheets = pd.read_excel(out_path, sheet_name=None)
        assert set(sheets) == {"long", "wide"}
        assert len(sheets["long"]) == 96 and len(sheets["wide"]) == 12
        assert "Q8 code" in sheets["wide"].columns


def test_offsets_refer_to_the_text_as_read(capsys, tmp_path):
    from nlp_foi.read import read_replies

    out_path = tmp_path / "coded.jsonl"
    run(capsys, "code", EXAMPLE_DIR / "replies", "-r", EXAMPLE_DIR / "request.txt", "-o", out_path, "-q")
    texts = {r.id: r.text for r in read_replies(EXAMPLE_DIR / "replies")}
    for line in out_path.read_text().splitlines():
        row = json.loads(line)
        if row["start"] is not None:
            assert texts[row["reply_id"]][row["start"]:row["end"]] == row["answer"]


def test_a_table_that_carries_its_own_questions(capsys, tmp_path):
    table = tmp_path / "replies.jsonl"
    rows = [
        {"id": "a", "text": "1. Yes\n2. Not held.", "questions": [{"id": "1", "text": "Do you use CCTV?"}, {"id": "2", "text": "How many cameras?"}]},
        {"id": "b", "text": "Refused under section 14.", "request": "1. Do you use CCTV?\n2. How many cameras?"},
    ]
    table.write_text("\n".join(json.dumps(r) for r in rows))
    code, out, _ = run(capsys, "code", table, "-q")
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 0 and [(x["reply_id"], x["question_id"]) for x in lines] == [("a", "1"), ("a", "2"), ("b", "1"), ("b", "2")]


def test_unreadable_files_are_accounted_for(capsys, tmp_path):
    folder = tmp_path / "replies"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / "good.txt").write_text("1. Smoothwall\n2. 40\n3. Not held\n4. N/A\n5. 0\n6. No\n7. Attached\n8. 3")
    out_path = tmp_path / "coded.jsonl"
    code, _, err = run(capsys, "code", folder, "-r", EXAMPLE_DIR / "request.txt", "-o", out_path)
    rows = [json.loads(x) for x in out_path.read_text().splitlines()]
    assert code == 3
    assert len(rows) == 24 and {r["reply_id"] for r in rows} == {"empty", "random", "good"}
    errors = {r["reply_id"]: r["error"] for r in rows if r.get("error")}
    assert "is empty" in errors["empty"] and "is not a readable PDF" in errors["random"]
    assert "2 replies could not be read" in err


@pytest.mark.parametrize(
    "args,message",
    [
        (["questions", "nope.txt"], "Error: nope.txt: no such request file; give a .txt, .json or .yaml request (formats.md)\n"),
        (["code", "-o", "coded.txt"], "Error: coded.txt: unknown output format '.txt'; use one of .jsonl, .csv, .xlsx\n"),
        (["code", "missing-folder"], "Error: missing-folder does not exist; give a folder of replies, a reply file or a table (.jsonl, .csv)\n"),
        (["code", "--model", "no-such-model"], "Error: no-such-model: no meta.json; a model folder holds model.joblib and meta.json (nlp-foi train)\n"),
    ],
)
def test_errors_are_one_line(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, *args)
    assert code == 1 and err == message


def test_every_command_has_help_and_is_in_the_readme():
    parser = build_parser()
    readme = README.read_text(encoding="utf-8")
    for name in COMMANDS:
        assert parser._subparsers._group_actions[0].choices[name].format_help()
        assert f"nlp-foi {name}" in readme, f"README.md does not show `nlp-foi {name}`"
