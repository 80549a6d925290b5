"""Tables of replies (.jsonl, .csv): one reply per row.

Columns: ``id`` and ``text``; optionally ``authority``; ``questions`` (a list of
{"id", "text"}, or that list as a JSON string) or ``request`` (the request's
text) to give the row its own request; ``gold`` (formats.md, "Gold").
Both formats are streamed, so a table may hold any number of rows.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nlp_foi.config import DEFAULT, Config
from nlp_foi.read.base import ReadError, pick_encoding, slug
from nlp_foi.records import Question, Reply, Request

# A row is its number (line for .jsonl, first line of the record for .csv) and
# either its fields or what is wrong with it.
Row = tuple[int, dict[str, Any] | str]

SAMPLE_BYTES = 1 << 16
DELIMITERS = (",", ";", "\t")
# Replies are long; csv's default field limit (128 kB) would refuse some.
CSV_FIELD_LIMIT = 2**31 - 1


def _jsonl_rows(path: Path) -> Iterator[Row]:
    with path.open("rb") as f:
        for n, line in enumerate(f, 1):
            if n == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield n, f"not valid JSON ({exc.msg}); each line must be one JSON object"
                continue
            except UnicodeDecodeError:
                yield n, "not UTF-8 text; save the file as UTF-8"
                continue
            if not isinstance(obj, dict):
                yield n, f"a JSON {type(obj).__name__}, not an object; each line must be one JSON object"
                continue
            yield n, obj


def _csv_rows(path: Path, config: Config) -> Iterator[Row]:
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE_BYTES)
    encoding = pick_encoding(sample, config.encodings)
    first_line = sample.split(b"\n", 1)[0].decode(encoding, errors="replace")
    delimiter = max(DELIMITERS, key=first_line.count)
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    # The encoding was chosen on the first 64 kB; a stray byte later must not stop the table.
    with path.open(encoding=encoding, errors="replace", newline="") as f:
        reader = csv.reader(f, delimiter=delimiter)
        header: list[str] | None = None
        line = 0
        while True:
            start = line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                line = reader.line_num
                yield start, f"not a valid CSV row ({exc})"
                continue
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().lower() for c in cells]
                continue
            yield start, {k: v for k, v in zip(header, cells) if k}


def _json_field(value: Any, name: str) -> Any:
    """A field that may come as a JSON string (always, in .csv)."""
    if not isinstance(value, str):
        return value
    if not value.strip():
        return None
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise ReadError(f"'{name}' is not valid JSON ({exc.msg})") from exc


def _questions(value: Any) -> list[Question]:
    if not isinstance(value, list):
        raise ReadError("'questions' must be a list of {\"id\", \"text\"}")
    questions = []
    for n, q in enumerate(value, 1):
        if isinstance(q, str):  # a bare list of question texts: numbered in order
            q = {"id": n, "text": q}
        if not isinstance(q, dict) or "text" not in q:
            raise ReadError(f"question {n} must be an object with \"id\" and \"text\"")
        parent = None if q.get("parent") is None else str(q["parent"])
        questions.append(Question(str(q.get("id", n)), str(q["text"]), parent))
    return questions


def _request(row: dict[str, Any], rid: str) -> Request | None:
    """The row's own request, from ``questions`` or the ``request`` text; None if neither."""
    questions = _json_field(row.get("questions"), "questions")
    text = row.get("request") or ""
    if not isinstance(text, str):
        raise ReadError("'request' must be the request's text")
    if questions is not None:
        title = str(row.get("title") or "")
        return Request(id=rid, questions=_questions(questions), title=title, preamble=text)
    # The questions are left in the preamble for the question parser to read later.
    return Request(id=rid, questions=[], preamble=text) if text.strip() else None


def _row_id(row: dict[str, Any] | str, n: int) -> str:
    value = row.get("id") if isinstance(row, dict) else None
    return ("" if value is None else str(value).strip()) or f"row-{n}"


def _reply(path: Path, n: int, row: dict[str, Any] | str) -> Reply:
    source = f"{path}:{n}"
    reply = Reply(id=_row_id(row, n), text="", source=source)
    try:
        if isinstance(row, str):
            raise ReadError(row)
        if "text" not in row:
            kind = "column" if path.suffix.lower() == ".csv" else "field"
            raise ReadError(
                f"no 'text' {kind} (found: {', '.join(row) or 'nothing'}); "
                "every row needs 'id' and 'text'"
            )
        text = row["text"]
        if not isinstance(text, str) or not text.strip():
            raise ReadError("'text' is empty or not a string; every row needs the reply's text")
        request = _request(row, reply.id)
        gold = _json_field(row.get("gold"), "gold")
        if gold is not None and not isinstance(gold, dict):
            raise ReadError("'gold' must be an object of question id -> {\"code\", ...}")
    except ReadError as exc:
        reply.error = f"{source}: {exc}"
        return reply
    # The text is kept exactly as given: gold answers are substrings of it.
    reply.text, reply.request, reply.gold = text, request, gold
    authority = str(row.get("authority") or "").strip()
    reply.authority = authority or None
    return reply


def read_table(path: Path, *, config: Config = DEFAULT) -> Iterator[Reply]:
    """One reply per row of a .jsonl or .csv table; a bad row gives a reply with ``error``.

    ``source`` is "<file>:<row>", so every message points at the row.
    """
    rows = _jsonl_rows(path) if path.suffix.lower() == ".jsonl" else _csv_rows(path, config)
    empty = True
    for n, row in rows:
        empty = False
        yield _reply(path, n, row)
    if empty:
        yield Reply(
            id=slug(path.stem), text="", source=str(path),
            error=f"{path} has no rows; a table needs a row per reply with 'id' and 'text'",
        )
