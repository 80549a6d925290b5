"""Large batches: --jobs, --resume after a kill or Ctrl-C, a loopback Dask cluster, and a folder of bad input.

Every run is compared byte for byte with one clean run in this process (``--jobs 1``).
"""

from __future__ import annotations

import gc
import json
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nlp_foi import batch
from nlp_foi.batch import _CAN_FORK, BatchError, BatchJob, Unread, chunks, iter_items, map_chunks
from nlp_foi.classify import RuleCoder
from nlp_foi.cli import main
from nlp_foi.codebook import load_codebook
from nlp_foi.config import DEFAULT, EXAMPLE_DIR
from nlp_foi.pipeline import Coder, code_replies, load_coder
from nlp_foi.questions import read_request
from nlp_foi.read import read_replies
from nlp_foi.write import progress_path, write_coded

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"
REQUEST = EXAMPLE_DIR / "request.txt"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def cli(*args) -> int:
    return main([str(a) for a in args])


@pytest.fixture(scope="module")
def table(tmp_path_factory) -> Path:
    """120 corpus replies with their own questions, and two rows that cannot be read."""
    rows = [json.loads(line) for f in sorted(CORPUS.glob("*.jsonl")) for line in f.open(encoding="utf-8")]
    path = tmp_path_factory.mktemp("table") / "replies.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, row in enumerate(rows[::4][:120]):
            keep = {k: row[k] for k in ("id", "authority", "text", "questions") if k in row}
            fh.write(json.dumps(keep, ensure_ascii=False) + "\n")
            if i == 30:
                fh.write('{"id": "broken", "text": \n')
            if i == 70:
                fh.write('{"id": "no-text", "authority": "Nowhere Council"}\n')
    return path


@pytest.fixture(scope="module")
def clean(table, tmp_path_factory) -> bytes:
    """The table coded in this process, uninterrupted: the file every other run must equal."""
    out = tmp_path_factory.mktemp("clean") / "coded.jsonl"
    assert cli("code", table, "-o", out, "--jobs", "1", "--batch-size", "7", "-q") == 3  # two rows are broken
    return out.read_bytes()


def test_the_clean_run_is_what_code_replies_writes(table, clean, tmp_path):
    """Chunked, deferred reading and writing change nothing: the pipeline's own output."""
    list(write_coded(code_replies(read_replies(table), None, coder=load_coder()), tmp_path / "ref.jsonl"))
    assert (tmp_path / "ref.jsonl").read_bytes() == clean
    lines = [json.loads(x) for x in clean.decode("utf-8").splitlines()]
    assert len({x["reply_id"] for x in lines}) == 122
    assert {x["reply_id"] for x in lines if x.get("error")} == {"row-32", "no-text"}


def test_jobs_2_writes_the_same_file_as_jobs_1(table, clean, tmp_path):
    assert cli("code", table, "-o", tmp_path / "coded.jsonl", "--jobs", "2", "--batch-size", "5", "-q") == 3
    assert (tmp_path / "coded.jsonl").read_bytes() == clean


def test_jobs_2_on_a_folder_reads_documents_in_the_workers(tmp_path):
    folder = EXAMPLE_DIR / "replies"
    items = list(iter_items(folder))
    assert {Path(i.path).suffix for i in items if isinstance(i, Unread)} >= {".pdf", ".docx", ".eml", ".html", ".txt"}
    for jobs in ("1", "2"):
        assert cli("code", folder, "-r", REQUEST, "-o", tmp_path / f"{jobs}.csv", "--jobs", jobs, "--batch-size", "3", "-q") == 0
    list(write_coded(code_replies(read_replies(folder), read_request(REQUEST)), tmp_path / "ref.csv"))
    assert (tmp_path / "1.csv").read_bytes() == (tmp_path / "2.csv").read_bytes() == (tmp_path / "ref.csv").read_bytes()


def test_chunks_are_written_as_they_finish(table, tmp_path):
    out = tmp_path / "coded.jsonl"
    job = BatchJob(table, output=out, config=DEFAULT.replace(batch_size=10))
    first = next(iter(job))
    assert first.replies == 10 and out.read_bytes() == first.data and first.lines is None
    assert len(first.data.splitlines()) == first.tally.lines
    assert progress_path(out).exists()


@pytest.mark.skipif(not _CAN_FORK, reason="workers are forked only where the OS can fork")
def test_forked_workers_code_with_the_coder_loaded_here(table, monkeypatch):
    """--jobs 2 forks the workers from this process: they use the coder in its cache (here a stand-in
    that codes with rules alone), not one each loads again, and the collector is left as it was."""
    config = DEFAULT.replace(jobs=2)
    codebook = load_codebook(config.codebook)
    stand_in = Coder(RuleCoder(classes=tuple(codebook.ids)).fit(), codebook, {"name": "forked-stand-in"})
    monkeypatch.setitem(batch._CODERS, batch._coder_key(config), stand_in)
    frozen = gc.get_freeze_count()
    results = list(map_chunks(chunks(iter_items(table), 10), config=config))
    assert len(results) == 13 and [r.index for r in results] == list(range(13))
    assert {r.coder for r in results} == {"forked-stand-in"}
    assert gc.get_freeze_count() == frozen


def _start(table: Path, out: Path, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "nlp_foi", "code", str(table), "-o", str(out), "--batch-size", "2", "-q", *extra]
    return subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _first_chunk(proc: subprocess.Popen, out: Path, timeout: float = 60) -> None:
    """Wait until a chunk is written and recorded (the header line of the progress file, then one per chunk)."""
    progress, deadline = progress_path(out), time.monotonic() + timeout
    while not (progress.exists() and progress.read_bytes().count(b"\n") >= 2):
        assert proc.poll() is None, f"the run ended before writing anything: {proc.communicate()}"
        assert time.monotonic() < deadline, "no chunk written in time"
        time.sleep(0.005)


@pytest.mark.parametrize("how", ["kill -9", "Ctrl-C"])
def test_an_interrupted_run_resumes_to_the_same_file(table, clean, tmp_path, capsys, how):
    out = tmp_path / "coded.jsonl"
    # Ctrl-C while two worker processes code; kill -9 of a run in one process.
    proc = _start(table, out, "--jobs", "2" if how == "Ctrl-C" else "1")
    try:
        _first_chunk(proc, out)
        proc.send_signal(signal.SIGINT if how == "Ctrl-C" else signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    if how == "Ctrl-C":
        assert proc.returncode == 130 and "run the same command with --resume" in err, err
    else:
        assert proc.returncode == -signal.SIGKILL
    assert progress_path(out).exists(), "the run finished before it was interrupted"
    assert 0 < len(out.read_bytes()) < len(clean)
    with out.open("ab") as fh:  # as if the process died half way through writing a chunk
        fh.write(b'{"reply_id": "torn')

    assert cli("code", table, "-o", out, "--batch-size", "2", "--jobs", "1", "--resume") == 3
    assert out.read_bytes() == clean
    assert not progress_path(out).exists()
    summary = capsys.readouterr().err
    assert summary.startswith("122 replies, ") and "of them by the interrupted run" in summary
    assert "; 2 replies could not be read" in summary


def test_resume_refuses_an_input_that_changed(table, tmp_path):
    out, replies = tmp_path / "coded.jsonl", tmp_path / "replies.jsonl"
    rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
    replies.write_text("".join(rows), encoding="utf-8")
    config = DEFAULT.replace(batch_size=4)
    run = iter(BatchJob(replies, output=out, config=config))
    next(run)
    run.close()  # interrupted after the first chunk
    replies.write_text("".join(rows[1:]), encoding="utf-8")  # a row went missing: every later one moved up
    with pytest.raises(BatchError, match=r"the input changed since the interrupted run: reply 4 was '.+', now reply 4 "
                                         r"is '.+'; run without --resume to code it all again"):
        for _ in BatchJob(replies, output=out, resume=True, config=config):
            pass


@pytest.mark.parametrize(
    "args, message",
    [
        (["-o", "coded.xlsx", "--resume"], "Error: coded.xlsx: --resume needs a .jsonl or .csv output; a .xlsx "
         "workbook is only written at the end. Code to .jsonl or .csv with --resume instead\n"),
        (["--resume"], "Error: --resume needs the output of the interrupted run: give it with -o\n"),
        (["--batch-size", "0"], None),
    ],
)
def test_resume_and_batch_size_usage(table, tmp_path, capsys, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    if message is None:
        with pytest.raises(SystemExit) as exc:
            cli("code", table, *args)
        assert exc.value.code == 2 and "--batch-size: invalid int value: '0'" in capsys.readouterr().err
        return
    assert cli("code", table, *args) == 1
    assert capsys.readouterr().err == message


def test_chunks_of_zero_are_refused():
    with pytest.raises(BatchError, match="batch size must be at least 1, not 0"):
        list(chunks([], 0))


# -- a Dask cluster on loopback ------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    """`dask scheduler` and `dask worker` (one worker, two threads) on 127.0.0.1, as the README shows."""
    distributed = pytest.importorskip("distributed")
    tmp = tmp_path_factory.mktemp("dask")
    info = tmp / "scheduler.json"
    common = ["--no-dashboard"]
    procs = [subprocess.Popen(
        [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0", "--scheduler-file", str(info),
         *common], cwd=tmp, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not info.exists() or not info.read_text().strip():
            assert time.monotonic() < deadline and procs[0].poll() is None, "the Dask scheduler did not start"
            time.sleep(0.1)
        address = json.loads(info.read_text())["address"]
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "dask", "worker", address, "--nthreads", "2", "--no-nanny",
             "--local-directory", str(tmp), *common], cwd=tmp, env=ENV, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL))
        with distributed.Client(address, timeout="30s") as client:
            client.wait_for_workers(1, timeout=60)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in reversed(procs):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_a_dask_cluster_writes_the_same_file_as_a_local_run(table, clean, tmp_path, dask_cluster):
    assert dask_cluster.startswith("tcp://127.0.0.1:")
    out = tmp_path / "coded.jsonl"
    assert cli("code", table, "-o", out, "--scheduler", dask_cluster, "--batch-size", "9", "-q") == 3
    assert out.read_bytes() == clean


def test_a_dask_cluster_codes_a_folder_read_here(tmp_path, dask_cluster):
    folder = EXAMPLE_DIR / "replies"
    assert cli("code", folder, "-r", REQUEST, "-o", tmp_path / "dask.jsonl", "--scheduler", dask_cluster,
               "--batch-size", "4", "-q") == 0
    list(write_coded(code_replies(read_replies(folder), read_request(REQUEST)), tmp_path / "ref.jsonl"))
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "ref.jsonl").read_bytes()


# -- bad input ------------------------------------------------------------------------------------

GOOD = """Dear Ms Smith,

Thank you for your request for information.

1. We use Smoothwall Monitor, supplied by Smoothwall Ltd.
2. 2021/22: 120 alerts; 2022/23: 95 alerts.
3. We do not hold this information.
4. No.
5. Please see the attached policy.
6. Not applicable.
7. The Designated Safeguarding Lead reviews alerts.
8. We do not hold this information.

Yours sincerely,
Data Protection Officer"""

SCRIPT_PAGE = b"""<!doctype html><html><head><script src="http://127.0.0.1:9/x.js"></script>
<link rel="stylesheet" href="http://127.0.0.1:9/s.css"></head><body>
<script>document.write('EVIL'); fetch('http://127.0.0.1:9/steal');</script>
<img src="http://127.0.0.1:9/pixel.png"><iframe src="http://127.0.0.1:9/frame"></iframe>
<p>1. We use Impero Education Pro.</p><p>2. We do not hold this information.</p></body></html>"""


def _bad_folder(root: Path) -> dict[str, bool]:
    """The issue's folder; returns file name -> whether it should come out with an error."""
    rng = random.Random(5)
    block = "".join(" ".join(rng.choice(GOOD.split()) for _ in range(14)) + ".\n" for _ in range(1500))
    files = {
        "empty.txt": (b"", True),
        "random bytes.txt": (rng.randbytes(4096), True),
        "latin1.txt": (GOOD.replace("Dear", "Chère Mme Smith, réponse à votre").encode("latin-1"), False),
        "broken.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R", True),
        "broken.docx": (b"PK\x03\x04" + rng.randbytes(300), True),
        "ten-megabytes.txt": ((block * (10_000_000 // len(block) + 1)).encode("utf-8"), False),
        "page.html": (SCRIPT_PAGE, False),
        "Réponse de l'école n° 2 (final).txt": (GOOD.encode("utf-8"), False),
        "good-reply.txt": (GOOD.encode("utf-8"), False),
    }
    for name, (data, _) in files.items():
        (root / name).write_bytes(data)
    assert (root / "ten-megabytes.txt").stat().st_size >= 10_000_000
    return {name: bad for name, (_, bad) in files.items()}


def test_a_folder_of_bad_input_codes_without_a_crash(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "replies"
    folder.mkdir()
    expected = _bad_folder(folder)

    def no_network(*args, **kwargs):
        raise AssertionError(f"an input tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    out = tmp_path / "coded.jsonl"
    assert cli("code", folder, "-r", REQUEST, "-o", out, "--jobs", "1") == 3
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    by_file: dict[str, list[dict]] = {}
    for line in lines:
        by_file.setdefault(Path(line["source"]).name, []).append(line)
    assert set(by_file) == set(expected)  # every file is in the output
    for name, bad in expected.items():
        assert [x["question_id"] for x in by_file[name]] == [str(q) for q in range(1, 9)], name
        assert all(bool(x.get("error")) == bad for x in by_file[name]), name
        if bad:
            assert all(x["code"] == "no_answer" and name in x["error"] for x in by_file[name])
    good = {x["question_id"]: x for x in by_file["good-reply.txt"]}
    assert good["1"]["code"] == "disclosed" and good["3"]["code"] == "not_held"
    assert good["2"]["values"]["periods"] == {"2021/22": 120, "2022/23": 95}
    assert by_file["Réponse de l'école n° 2 (final).txt"][0]["reply_id"] == "Réponse-de-l-école-n-2-final"
    assert not any("EVIL" in x["answer"] for x in by_file["page.html"])
    summary = capsys.readouterr().err.splitlines()
    assert summary[0].endswith(" 4 replies could not be read") and summary[0].startswith("9 replies, 72 answers")


def test_limits_are_options(tmp_path, capsys, zip_bytes, pdf_bytes):
    folder = tmp_path / "replies"
    folder.mkdir()
    (folder / "long.pdf").write_bytes(pdf_bytes(["1. Not held."]))
    (folder / "bomb.zip").write_bytes(zip_bytes({"correspondence.txt": "x" * 3_000, "a.txt": "y" * 3_000}))
    out = tmp_path / "coded.jsonl"
    code = cli("code", folder, "-r", REQUEST, "-o", out, "--jobs", "1", "-q", "--max-unpacked-mb", "0.004",
               "--max-archive-members", "5", "--max-pdf-pages", "1", "--max-file-mb", "1")
    assert code == 3
    errors = {json.loads(x)["reply_id"]: json.loads(x).get("error") for x in out.read_text().splitlines()}
    assert "unpacks to 6 kB, over the 4 kB limit" in errors["bomb"]
    assert errors["long"] is None
