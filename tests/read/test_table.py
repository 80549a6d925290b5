import json
from pathlib import Path

import pytest

from nlp_foi.read import read_replies
from nlp_foi.records import Question, Request

GOLD = {"1": {"code": "disclosed", "answer": "Smoothwall", "values": {"products": ["Smoothwall"]}}}


def _jsonl(tmp_path: Path, lines: list, name: str = "data.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_rows(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [
        {"id": "r001", "text": "1. We use Smoothwall.", "authority": "Example College",
         "questions": [{"id": "1", "text": "Which product?"}, {"id": "1a", "text": "Since when?", "parent": "1"}],
         "gold": GOLD},
        {"id": 2, "text": "Not held.", "request": "1. Which product do you use?"},
        {"text": "No id here."},
    ])
    a, b, c = read_replies(path)
    assert (a.id, a.text, a.authority, a.source, a.error) == ("r001", "1. We use Smoothwall.", "Example College", f"{path}:1", None)
    assert a.request == Request(id="r001", questions=[Question("1", "Which product?"), Question("1a", "Since when?", "1")])
    assert a.gold == GOLD
    assert b.id == "2" and b.request == Request(id="2", questions=[], preamble="1. Which product do you use?")
    assert (c.id, c.error, c.request) == ("row-3", None, None)


def test_malformed_line_among_good_ones(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [{"id": "a", "text": "One."}, '{"id": "b" "text": "Two."}', "", '["a list"]', {"id": "c", "text": "Three."}])
    replies = list(read_replies(path))
    assert [r.id for r in replies] == ["a", "row-2", "row-4", "c"]
    assert [r.text for r in replies] == ["One.", "", "", "Three."]
    assert replies[1].error == f"{path}:2: not valid JSON (Expecting ',' delimiter); each line must be one JSON object"
    assert replies[2].error == f"{path}:4: a JSON list, not an object; each line must be one JSON object"
    assert replies[1].source == f"{path}:2"


@pytest.mark.parametrize(
    "row, message",
    [
        ({"id": "x"}, "no 'text' field (found: id); every row needs 'id' and 'text'"),
        ({"id": "x", "text": "  "}, "'text' is empty or not a string"),
        ({"id": "x", "text": 5}, "'text' is empty or not a string"),
        ({"id": "x", "text": "t", "questions": "{oops"}, "'questions' is not valid JSON"),
        ({"id": "x", "text": "t", "questions": {"1": "q"}}, "'questions' must be a list"),
        ({"id": "x", "text": "t", "gold": ["disclosed"]}, "'gold' must be an object"),
    ],
)
def test_bad_rows(tmp_path: Path, row: dict, message: str) -> None:
    path = _jsonl(tmp_path, [row])
    [reply] = read_replies(path)
    assert reply.text == "" and reply.id == "x"
    assert reply.error == f"{path}:1: {message}" or reply.error.startswith(f"{path}:1: {message}")


def test_table_text_is_kept_as_given(tmp_path: Path) -> None:
    # Gold answers are substrings of the text as given: a table's text is not touched.
    [reply] = read_replies(_jsonl(tmp_path, [{"id": "x", "text": "1. Yes\r\n2. No"}]))
    assert reply.text == "1. Yes\r\n2. No"


def test_csv(tmp_path: Path) -> None:
    questions = json.dumps([{"id": "1", "text": "Which product?"}])
    path = tmp_path / "data.csv"
    path.write_text(
        "ID,Text,Authority,questions,gold\n"
        f'r1,"1. We use Smoothwall.\nThat is all.",Example College,"{questions.replace(chr(34), 2 * chr(34))}",'
        f'"{json.dumps(GOLD).replace(chr(34), 2 * chr(34))}"\n'
        "r2,,,,\n"
        ",No id.,,,\n",
        encoding="utf-8-sig",
    )
    a, b, c = read_replies(path)
    assert a.text == "1. We use Smoothwall.\nThat is all." and a.authority == "Example College"
    assert a.request.questions == [Question("1", "Which product?")] and a.gold == GOLD
    assert b.error == f"{path}:4: 'text' is empty or not a string; every row needs the reply's text"
    assert (c.id, c.text, c.source) == ("row-5", "No id.", f"{path}:5")


@pytest.mark.parametrize(
    "content, encoding",
    [("id;text\nr1;Caf\u00e9 not held\n", "cp1252"), ("id\ttext\nr1\tCaf\u00e9 not held\n", "utf-8")],
    ids=["semicolon-cp1252", "tab-utf8"],
)
def test_csv_dialects(tmp_path: Path, content: str, encoding: str) -> None:
    path = tmp_path / "data.csv"
    path.write_bytes(content.encode(encoding))
    [reply] = read_replies(path)
    assert (reply.id, reply.text) == ("r1", "Café not held")


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("id,body\nr1,Not held.\nr2,Held.\n", encoding="utf-8")
    errors = [r.error for r in read_replies(path)]
    assert errors == [
        f"{path}:{n}: no 'text' column (found: id, body); every row needs 'id' and 'text'" for n in (2, 3)
    ]


@pytest.mark.parametrize("name, content", [("data.jsonl", "\n\n"), ("data.csv", "id,text\n")])
def test_empty_table(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / name).write_text(content, encoding="utf-8")
    [reply] = read_replies(tmp_path / name)
    assert reply.error == f"{tmp_path / name} has no rows; a table needs a row per reply with 'id' and 'text'"


def test_duplicate_ids_made_unique(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, [{"id": "a", "text": "x"}] * 3)
    assert [r.id for r in read_replies(path)] == ["a", "a-2", "a-3"]
