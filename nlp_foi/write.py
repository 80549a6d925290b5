"""Write coded answers: ``.jsonl`` (formats.md), ``.csv``, or ``.xlsx`` (long and wide sheets).

JSONL and CSV are written as the lines arrive (a batch of any size streams through);
the workbook needs the whole table, so it is built at the end.

:class:`ChunkWriter` writes a batch chunk by chunk for :mod:`nlp_foi.batch`: each chunk of
JSONL or CSV is appended with one write, flushed to disk (``fsync``), and then recorded in
a progress file beside the output (``coded.jsonl.progress``).  After a crash, a killed
process or a full disk the output is cut back to the last recorded chunk and the run goes
on from there (``--resume``): no line lost, none written twice.  The progress file is
removed when the run finishes.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .records import CodedAnswer

FORMATS = (".jsonl", ".csv", ".xlsx")
RESUMABLE = (".jsonl", ".csv")
PROGRESS_SUFFIX = ".progress"
PROGRESS_VERSION = 1
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


def encode_jsonl(lines: Iterable[CodedAnswer]) -> bytes:
    """Lines as JSONL bytes, exactly as :func:`write_coded` writes them."""
    return "".join(json.dumps(line.to_dict(), ensure_ascii=False) + "\n" for line in lines).encode("utf-8")


def encode_csv(lines: Iterable[CodedAnswer], *, header: bool = False) -> bytes:
    """Lines as CSV bytes (with the header row first if ``header``), as :func:`write_coded` writes them."""
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=LONG_COLUMNS, extrasaction="ignore")
    if header:
        writer.writeheader()
    for line in lines:
        writer.writerow(flat_row(line))
    return buf.getvalue().encode("utf-8")


def encode(lines: Iterable[CodedAnswer], suffix: str) -> bytes:
    """Lines as the bytes a chunk adds to a ``.jsonl`` or ``.csv`` output."""
    if suffix == ".jsonl":
        return encode_jsonl(lines)
    if suffix == ".csv":
        return encode_csv(lines)
    raise OutputError(f"{suffix} output is not written chunk by chunk; use one of {', '.join(RESUMABLE)}")


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


# -- chunk by chunk, resumable ---------------------------------------------------------------


@dataclass(slots=True)
class Tally:
    """What a batch wrote so far: the counts its summary shows."""

    replies: int = 0
    lines: int = 0
    review: int = 0
    failed: int = 0
    """Replies that could not be read (their lines carry ``error``)."""
    codes: Counter = field(default_factory=Counter)

    @classmethod
    def of(cls, lines: Iterable[CodedAnswer], replies: int) -> "Tally":
        t = cls(replies=replies)
        failed = set()
        for line in lines:
            t.lines += 1
            t.review += bool(line.review)
            t.codes[line.code] += 1
            if line.error:
                failed.add(line.reply_id)
        t.failed = len(failed)
        return t

    def add(self, other: "Tally") -> None:
        self.replies += other.replies
        self.lines += other.lines
        self.review += other.review
        self.failed += other.failed
        self.codes.update(other.codes)

    def to_dict(self) -> dict[str, Any]:
        return {"replies": self.replies, "lines": self.lines, "review": self.review, "failed": self.failed,
                "codes": dict(self.codes)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Tally":
        return cls(int(d["replies"]), int(d["lines"]), int(d["review"]), int(d["failed"]), Counter(d.get("codes", {})))


def progress_path(path: str | Path) -> Path:
    """The progress file kept beside ``path`` while a batch writes it."""
    path = Path(path)
    return path.with_name(path.name + PROGRESS_SUFFIX)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _differences(saved: dict[str, Any], job: dict[str, Any]) -> list[str]:
    keys = sorted(set(saved) | set(job))
    return [k for k in keys if saved.get(k) != job.get(k)]


class ChunkWriter:
    """Appends coded lines to ``path`` one chunk at a time; each chunk is written whole or not at all.

    ``job`` describes the run (source, request, model, settings); ``resume=True`` goes on
    from the last chunk a run of the same job recorded, after cutting off anything written
    after it.  ``done`` and ``tally`` then say how many replies are already in the file.
    ``.xlsx`` is built at :meth:`finish` and cannot be resumed.
    """

    def __init__(self, path: str | Path, *, job: dict[str, Any] | None = None, resume: bool = False) -> None:
        self.path = check_output(path)
        self.suffix = self.path.suffix.lower()
        self.progress = progress_path(self.path)
        self.job = json.loads(json.dumps(job or {}, default=str))  # as it reads back from the file
        self.tally = Tally()
        self.last = ""
        """The id of the last reply written (when resuming: by the interrupted run)."""
        self._end = 0
        self._rows: list[dict] = []  # .xlsx only
        self._out: int | None = None
        self._log: int | None = None
        if self.suffix not in RESUMABLE:
            if resume:
                raise OutputError(
                    f"{self.path}: --resume needs a .jsonl or .csv output; a .xlsx workbook is only written at the "
                    "end. Code to .jsonl or .csv with --resume instead"
                )
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if resume and self._recover():
                return
            self._start()
        except OSError as exc:
            self.close()
            raise self._os_error(exc, "could not be opened for writing") from exc

    @property
    def done(self) -> int:
        """Replies already in the output (from an earlier run, when resuming)."""
        return self.tally.replies

    # -- starting and recovering ------------------------------------------------------------

    def _start(self) -> None:
        header = encode_csv([], header=True) if self.suffix == ".csv" else b""
        self._out = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        _write_all(self._out, header)
        os.fsync(self._out)
        self._end = len(header)
        record = {"progress": PROGRESS_VERSION, "output": self.path.name, "start": self._end, "job": self.job}
        self._rewrite_progress([record])

    def _recover(self) -> bool:
        """Go on from the progress file; False when there is nothing to resume (start afresh)."""
        if not self.progress.exists():
            if self.path.exists() and self.path.stat().st_size > 0:
                raise OutputError(
                    f"{self.path}: there is no {self.progress.name} beside it, so the run that wrote it finished "
                    "(or it was not written by nlp-foi code); nothing to resume: run without --resume to code again"
                )
            return False
        records = []
        for raw in self.progress.read_bytes().split(b"\n"):
            try:
                records.append(json.loads(raw))
            except (json.JSONDecodeError, UnicodeDecodeError):
                break  # a record cut short by the crash: the chunk it was for is done again
        head = records[0] if records and isinstance(records[0], dict) else {}
        if head.get("progress") != PROGRESS_VERSION:
            raise OutputError(
                f"{self.progress}: not a progress file this version of nlp-foi wrote; "
                "run without --resume to start again"
            )
        saved = head.get("job", {})
        changed = _differences(saved, self.job)
        if changed:
            raise OutputError(
                f"{self.progress}: that run was another job ({', '.join(changed)} differ); "
                "run the same command to resume it, or without --resume to start again"
            )
        chunks = [r for r in records[1:] if isinstance(r, dict) and "end" in r]
        end = chunks[-1]["end"] if chunks else int(head.get("start", 0))
        if not self.path.exists() and end == 0:
            self._start()
            return True
        size = self.path.stat().st_size if self.path.exists() else 0
        if size < end:
            raise OutputError(
                f"{self.path}: shorter than {self.progress.name} says it should be ({size} of {end} bytes); "
                "it was changed since: run without --resume to start again"
            )
        if not chunks and self.suffix == ".csv":
            self._start()  # not even the header is known to be complete
            return True
        self._out = os.open(self.path, os.O_WRONLY)
        os.ftruncate(self._out, end)  # drop a chunk cut short, or written but not recorded
        os.fsync(self._out)
        os.lseek(self._out, end, os.SEEK_SET)
        self._end = end
        for r in chunks:
            self.tally.add(Tally.from_dict(r))
            self.last = str(r.get("last", ""))
        self._rewrite_progress([head, *chunks])
        return True

    def _rewrite_progress(self, records: list[dict]) -> None:
        """Replace the progress file whole (write a copy, fsync, rename), then keep it open for appending."""
        tmp = self.progress.with_name(self.progress.name + ".tmp")
        tmp.write_bytes(b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in records))
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.progress)
        if self._log is not None:
            os.close(self._log)
        self._log = os.open(self.progress, os.O_WRONLY | os.O_APPEND)

    # -- writing ----------------------------------------------------------------------------

    @property
    def encoding(self) -> str | None:
        """The suffix to :func:`encode` chunks for :meth:`write_data` (None: .xlsx takes lines)."""
        return self.suffix if self.suffix in RESUMABLE else None

    def write(self, lines: list[CodedAnswer], replies: int, *, last: str = "") -> Tally:
        """Write one chunk (``replies`` replies, their ``lines``); returns its tally.

        ``last`` is the id of the chunk's last reply: a resumed run checks its input still has it there.
        """
        tally = Tally.of(lines, replies)
        if self.suffix == ".xlsx":
            self._rows.extend(flat_row(line) for line in lines)
            self.tally.add(tally)
            return tally
        return self.write_data(encode(lines, self.suffix), tally, last=last)

    def write_data(self, data: bytes, tally: Tally, *, last: str = "") -> Tally:
        """Write one chunk already encoded (by :func:`encode`, maybe in another process)."""
        try:
            _write_all(self._out, data)
            os.fsync(self._out)
            # Only once the chunk is on disk is it recorded: a crash in between means it is written again.
            record = {"end": self._end + len(data), "last": last, **tally.to_dict()}
            _write_all(self._log, json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
            os.fsync(self._log)
        except OSError as exc:
            raise self._os_error(exc, "could not be written") from exc
        self._end += len(data)
        self.last = last
        self.tally.add(tally)
        return tally

    def finish(self) -> None:
        """Close the output; for .xlsx, build the workbook now. The progress file goes."""
        if self.suffix == ".xlsx":
            tmp = self.path.with_name(f".{self.path.name}.tmp.xlsx")
            write_workbook(pd.DataFrame(self._rows, columns=LONG_COLUMNS), tmp)
            os.replace(tmp, self.path)
            self._rows = []
            return
        self.close()
        self.progress.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the files, leaving the progress file for ``--resume``."""
        for fd in (self._out, self._log):
            if fd is not None:
                os.close(fd)
        self._out = self._log = None

    def __enter__(self) -> "ChunkWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _os_error(self, exc: OSError, what: str) -> OutputError:
        return OutputError(
            f"{self.path} {what} ({exc.strerror or exc}); "
            "fix that (free some disk space?) and run the same command with --resume to go on"
        )
