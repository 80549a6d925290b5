"""Writing chunk by chunk: the same bytes as writing at once, and a crash anywhere loses nothing on --resume."""

from __future__ import annotations

import csv
import errno
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_foi import write
from nlp_foi.records import CodedAnswer
from nlp_foi.write import ChunkWriter, OutputError, progress_path, write_coded

JOB = {"source": "/replies.jsonl", "coder": "foi-coder-v1@abc"}


def line(i: int, q: str = "1", *, error: str | None = None) -> CodedAnswer:
    return CodedAnswer(
        reply_id=f"r{i}", question_id=q, code="not_held" if i % 3 else "disclosed", confidence=0.5 + i % 5 / 10,
        answer=f"Réponse {i}, \"quoted\", line\nbreak", start=i, end=i + 10, values={"total": i} if i % 2 else {},
        review=bool(i % 4 == 0), evidence=["not held"] if i % 3 else [], error=error,
    )


def replies(n: int) -> list[list[CodedAnswer]]:
    """n replies of two lines each; every fifth could not be read."""
    return [[line(i, q, error="broken" if i % 5 == 4 else None) for q in ("1", "2")] for i in range(n)]


def chunked(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def write_chunks(path: Path, parts: list[list[list[CodedAnswer]]], *, resume: bool = False) -> ChunkWriter:
    w = ChunkWriter(path, job=JOB, resume=resume)
    for part in parts[done_chunks(w, parts):]:
        w.write([x for reply in part for x in reply], len(part))
    w.finish()
    return w


def done_chunks(w: ChunkWriter, parts: list[list]) -> int:
    """How many of ``parts`` the writer already holds (a resumed run skips whole chunks)."""
    done, n = w.done, 0
    while done > 0:
        done -= len(parts[n])
        n += 1
    assert done == 0, "resumed in the middle of a chunk"
    return n


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_chunks_make_the_same_file_as_writing_at_once(tmp_path, suffix):
    data = replies(23)
    list(write_coded([x for r in data for x in r], tmp_path / f"once{suffix}"))
    w = write_chunks(tmp_path / f"chunks{suffix}", chunked(data, 4))
    assert (tmp_path / f"chunks{suffix}").read_bytes() == (tmp_path / f"once{suffix}").read_bytes()
    assert not progress_path(tmp_path / f"chunks{suffix}").exists()
    assert (w.tally.replies, w.tally.lines, w.tally.failed) == (23, 46, 4)
    assert sum(w.tally.codes.values()) == 46


def test_xlsx_is_written_at_the_end(tmp_path):
    import pandas as pd

    write_chunks(tmp_path / "coded.xlsx", chunked(replies(5), 2))
    sheets = pd.read_excel(tmp_path / "coded.xlsx", sheet_name=None)
    assert len(sheets["long"]) == 10 and len(sheets["wide"]) == 5


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n=st.integers(1, 12), size=st.integers(1, 5), suffix=st.sampled_from([".jsonl", ".csv"]),
    crash_after=st.integers(0, 12), torn=st.binary(max_size=40), torn_log=st.binary(max_size=20),
)
def test_a_crash_anywhere_then_resume_gives_the_uninterrupted_file(tmp_path_factory, n, size, suffix, crash_after,
                                                                   torn, torn_log):
    tmp = tmp_path_factory.mktemp("crash")
    parts = chunked(replies(n), size)
    write_chunks(tmp / f"clean{suffix}", parts)

    out = tmp / f"out{suffix}"
    w = ChunkWriter(out, job=JOB)
    for part in parts[:crash_after]:
        w.write([x for reply in part for x in reply], len(part))
    w.close()  # the process dies here: then a torn write of the next chunk, and of its progress record
    with out.open("ab") as fh:
        fh.write(torn)
    with progress_path(out).open("ab") as fh:
        fh.write(torn_log.replace(b"\n", b" "))

    resumed = write_chunks(out, parts, resume=True)
    assert out.read_bytes() == (tmp / f"clean{suffix}").read_bytes()
    assert resumed.tally.replies == n and resumed.tally.failed == sum(1 for i in range(n) if i % 5 == 4)


def test_a_full_disk_names_the_file_and_says_resume(tmp_path, monkeypatch):
    parts = chunked(replies(6), 2)
    real = write._write_all
    calls = {"n": 0}

    def full(fd, data):
        calls["n"] += 1
        if calls["n"] == 5:  # the third chunk: half of it lands, then the disk is full
            real(fd, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(write, "_write_all", full)
    out = tmp_path / "coded.jsonl"
    with pytest.raises(OutputError, match=r"coded.jsonl could not be written \(No space left on device\); .* --resume"):
        write_chunks(out, parts)
    monkeypatch.setattr(write, "_write_all", real)
    w = write_chunks(out, parts, resume=True)
    assert w.tally.replies == 6 and [json.loads(x)["reply_id"] for x in out.read_text().splitlines()] == [
        f"r{i}" for i in range(6) for _ in (1, 2)]


def test_resume_with_nothing_there_starts_afresh(tmp_path):
    write_chunks(tmp_path / "coded.csv", chunked(replies(3), 2), resume=True)
    rows = list(csv.DictReader((tmp_path / "coded.csv").open(encoding="utf-8", newline="")))
    assert len(rows) == 6


@pytest.mark.parametrize(
    "setup, message",
    [
        ("finished", r"coded.jsonl: there is no coded.jsonl.progress beside it, so the run that wrote it finished"),
        ("other job", r"coded.jsonl.progress: that run was another job \(coder differ\); run the same command"),
        ("shortened", r"coded.jsonl: shorter than coded.jsonl.progress says it should be"),
        ("xlsx", r"coded.xlsx: --resume needs a .jsonl or .csv output"),
    ],
)
def test_what_cannot_be_resumed_is_refused(tmp_path, setup, message):
    out = tmp_path / ("coded.xlsx" if setup == "xlsx" else "coded.jsonl")
    parts = chunked(replies(4), 2)
    if setup == "finished":
        write_chunks(out, parts)
    elif setup in ("other job", "shortened"):
        w = ChunkWriter(out, job=JOB)
        w.write([x for r in parts[0] for x in r], 2)
        w.close()
        if setup == "shortened":
            out.write_bytes(out.read_bytes()[:10])
    job = {**JOB, "coder": "rules"} if setup == "other job" else JOB
    with pytest.raises(OutputError, match=message):
        ChunkWriter(out, job=job, resume=True)
