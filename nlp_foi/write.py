"""Write coded answers: ``.jsonl`` (formats.md), ``.csv``, or ``.xlsx`` (long and wide sheets).

JSONL and CSV are written as the lines arrive (a batch of any size streams through);
the workbook needs the whole table, so it is built at the end.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from .records import CodedAnswer

FORMATS = (".jsonl", ".csv", ".xlsx")
LONG_COLUMNS = [
    "reply_id", "authority", "question_id", "code", "confidence", "answer", "start", "end",
    "values", "review", "review_reasons", "evidence", "source", "error",
]


class OutputError(ValueError):
    """An output path the writers cannot serve."""


def check_output(path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise OutputError(f"{path}: unknown output format {path.suffix or '(none)'!r}; use one of {', '.join(FORMATS)}")
    return path


def write_coded(lines: Iterable[CodedAnswer], path: str | Path) -> Iterator[CodedAnswer]:
    """Write ``lines`` to ``path`` by its extension, yielding each line once written."""
    path = check_output(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for line in lines:
                fh.write(json.dumps(line.to_dict(), ensure_ascii=False) + "\n")
                yield line
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=LONG_COLUMNS, extrasaction="ignore")
            writer.writeheader()
            for line in lines:
                writer.writerow(flat_row(line))
                yield line
    else:
        rows = []
        for line in lines:
            rows.append(flat_row(line))
            yield line
        write_workbook(pd.DataFrame(rows, columns=LONG_COLUMNS), path)


def flat_row(line: CodedAnswer) -> dict:
    """One line as flat cells: values and evidence as JSON text."""
    d = line.to_dict()
    d["values"] = json.dumps(d["values"], ensure_ascii=False) if d["values"] else ""
    d["evidence"] = json.dumps(d["evidence"], ensure_ascii=False) if d["evidence"] else ""
    d["review_reasons"] = "; ".join(d.get("review_reasons", []))
    return d


def wide(long: pd.DataFrame) -> pd.DataFrame:
    """One row per reply: a code, answer and values column per question."""
    if long.empty:
        return pd.DataFrame(columns=["reply_id", "authority"])
    qids = list(dict.fromkeys(long["question_id"]))
    out = []
    for rid, group in long.groupby("reply_id", sort=False):
        row = {"reply_id": rid, "authority": group["authority"].iloc[0], "review": bool(group["review"].any())}
        by_q = {r.question_id: r for r in group.itertuples()}
        for q in qids:
            r = by_q.get(q)
            row[f"Q{q} code"] = r.code if r is not None else ""
            row[f"Q{q} answer"] = r.answer if r is not None else ""
            row[f"Q{q} values"] = r.values if r is not None else ""
        out.append(row)
    return pd.DataFrame(out)


def write_workbook(long: pd.DataFrame, path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        long.to_excel(xl, sheet_name="long", index=False)
        wide(long).to_excel(xl, sheet_name="wide", index=False)
