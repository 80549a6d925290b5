"""Throughput of the whole job: replies per second, against spaCy merely tokenizing the same texts.

    python benchmarks/throughput.py --replies 3000 --jobs 1 2
    python benchmarks/throughput.py --replies 1000 --profile     # where the time goes (cProfile, in process)

Builds a table of N replies (.jsonl: id, authority, text, questions) by cycling the project's
own corpus (data/corpus: real-looking replies in every shape, each with its own questions),
and codes it with the command a user runs, ``nlp-foi code table.jsonl -o coded.jsonl``, with
the default settings, once per ``--jobs`` value: a fresh process each time, so start-up
(imports, loading the model and the rule pipeline, starting the workers) is included.  Prints
replies per second, the ratio to ``spacy.blank("en").pipe`` tokenizing the same texts in this
run, and peak memory (sampled every 0.1 s): of the whole process tree and of its largest
process.  It also times ``nlp-foi code`` on one reply (start-up: imports, the model, the rule
pipeline) and gives the ratio again with that start-up taken off, the rate of the coding itself.

The tree's memory is given two ways.  The sum of RSS counts every page a process maps
once per process that maps it: the shared libraries of numpy, scipy, spaCy and
scikit-learn, and the pages workers forked from the parent still share with it (copy on
write), are counted two or three times.  The sum of PSS (proportional set size,
``Pss:`` in ``/proc/PID/smaps_rollup``) counts a page shared by k processes as 1/k in each,
so it adds up to what the tree really takes from the machine; it is the figure to compare
between ways of running the workers.  RSS is what ``top`` shows and what a per-process
limit looks at.

The corpus has 560 replies: beyond that the texts repeat (each copy starts with its own
reference line), so caches keyed by an answer's text hit more often than in a real batch.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def corpus() -> list[dict]:
    rows = []
    for f in sorted((ROOT / "data" / "corpus").glob("*.jsonl")):
        with f.open(encoding="utf-8") as fh:
            rows.extend(json.loads(line) for line in fh if line.strip())
    return rows


def rows(n: int):
    """N table rows: the corpus cycled, each copy with its own id and reference line."""
    for i, g in enumerate(itertools.islice(itertools.cycle(corpus()), n)):
        text = f"Our reference: FOI/{2024 + i % 3}/{i:06d}\n\n{g['text']}"
        yield {"id": f"{g['id']}-{i}", "authority": g.get("authority"), "text": text, "questions": g["questions"]}


def write_table(path: Path, n: int) -> tuple[int, list[str]]:
    """Write the table; returns its characters and the texts (for the tokenizer's run)."""
    texts = []
    with path.open("w", encoding="utf-8") as fh:
        for row in rows(n):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            texts.append(row["text"])
    return sum(map(len, texts)), texts


def tokenizer_rate(texts: list[str]) -> float:
    import spacy

    t0 = time.perf_counter()
    nlp = spacy.blank("en")
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return len(texts) / (time.perf_counter() - t0)


def _pss(pid: int) -> int:
    """Proportional set size of one process, in bytes: each page it shares with k processes counts 1/k."""
    with open(f"/proc/{pid}/smaps_rollup") as fh:
        for line in fh:
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    raise ValueError(f"no Pss in /proc/{pid}/smaps_rollup")


def _tree_memory(pid: int) -> tuple[int, int, int]:
    """Memory of ``pid`` and its descendants (Linux /proc), in bytes: the sum of their RSS, the sum
    of their PSS (0 where smaps_rollup is missing: kernels before 4.14) and the largest RSS."""
    rss_sum, pss_sum, largest, todo = 0, 0, 0, [pid]
    page = os.sysconf("SC_PAGE_SIZE")
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/statm") as fh:
                rss = int(fh.read().split()[1]) * page
            try:
                pss = _pss(p)
            except FileNotFoundError:
                pss = 0
            rss_sum, pss_sum, largest = rss_sum + rss, pss_sum + pss, max(largest, rss)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError):
            continue
    return rss_sum, pss_sum, largest


def run_cli(table: Path, out: Path, jobs: int, extra: list[str]) -> dict:
    """``nlp-foi code`` in a fresh process: wall time, peak memory of the tree (RSS and PSS) and of its largest process."""
    cmd = [sys.executable, "-m", "nlp_foi", "code", str(table), "-o", str(out), "--jobs", str(jobs), "-q", *extra]
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    peak_rss = peak_pss = peak_one = 0
    while proc.poll() is None:
        rss, pss, one = _tree_memory(proc.pid)
        peak_rss, peak_pss, peak_one = max(peak_rss, rss), max(peak_pss, pss), max(peak_one, one)
        time.sleep(0.1)
    secs = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)  # the workers' too, once reaped
    if proc.returncode not in (0, 3):
        raise SystemExit(f"nlp-foi code failed with exit status {proc.returncode}: {' '.join(cmd)}")
    return {"secs": secs, "cpu": cpu, "peak_rss_mb": peak_rss / 1e6, "peak_pss_mb": peak_pss / 1e6,
            "largest_mb": peak_one / 1e6}


STAGES = [  # (stage, file under nlp_foi/ or site-packages, function): cumulative time of each, from one cProfile run
    ("read (table rows)", "nlp_foi/read/table.py", "read_table"),
    ("fold (clean.py)", "nlp_foi/clean.py", "fold"),
    ("segment (segment.py)", "nlp_foi/segment.py", "segment"),
    ("classify: predict_proba", "nlp_foi/classify.py", "predict_proba"),
    ("  rule features", "nlp_foi/classify.py", "transform"),
    ("  n-gram counts", "nlp_foi/classify.py", "_count_vocab"),  # CachedTfidfVectorizer (sklearn's inside)
    ("rules.find_many (all callers)", "nlp_foi/rules.py", "find_many"),
    ("values (values/)", "nlp_foi/values/__init__.py", "extract_values"),
    ("  periods", "nlp_foi/values/periods.py", "find_periods"),
    ("  counts", "nlp_foi/values/counts.py", "find_counts"),
    ("  products", "nlp_foi/values/products.py", "find_products"),
    ("  money", "nlp_foi/values/money.py", "find_money"),
    ("  sections", "nlp_foi/values/sections.py", "find_sections"),
    ("  durations", "nlp_foi/values/durations.py", "find_durations"),
    ("whole-reply sections", "nlp_foi/pipeline.py", "_add_reply_sections"),
    ("edge rules", "nlp_foi/pipeline.py", "apply_edge_rules"),
    ("review (review.py)", "nlp_foi/review.py", "review_reasons"),
    ("write (encode .jsonl)", "nlp_foi/write.py", "encode_jsonl"),
    ("load the model (joblib)", "nlp_foi/model.py", "load_model"),
]


def profile(table: Path, n: int, extra: list[str]) -> None:
    """cProfile one in-process run of the CLI; time by stage, then the top functions."""
    import cProfile
    import pstats

    from nlp_foi.cli import main

    out = table.with_name("profiled.jsonl")
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    main(["code", str(table), "-o", str(out), "--jobs", "1", "-q", *extra])
    prof.disable()
    wall = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    print(f"\nprofile of one process coding {n} replies ({wall:.1f} s under cProfile, start-up included)")
    for stage, file, func in STAGES:
        ct = sum(v[3] for (f, _, name), v in stats.stats.items()
                 if f.replace(os.sep, "/").endswith(file) and name == func)
        print(f"  {stage:<28} {ct:7.1f} s  {ct / wall:6.1%}")
    stats.sort_stats("tottime").print_stats(25)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=3000, help="N replies (default: %(default)s)")
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="--jobs values to run (default: 1 2)")
    parser.add_argument("--model", help="a model folder (default: the newest shipped model)")
    parser.add_argument("--profile", action="store_true", help="profile one in-process run instead")
    args = parser.parse_args(argv)
    extra = ["--model", args.model] if args.model else []

    with tempfile.TemporaryDirectory(prefix="nlp-foi-bench-") as tmp:
        table = Path(tmp) / "replies.jsonl"
        chars, texts = write_table(table, args.replies)
        print(f"replies            {args.replies} ({chars / args.replies:.0f} characters on average), {os.cpu_count()} cores")
        if args.profile:
            profile(table, args.replies, extra)
            return 0
        tok = tokenizer_rate(texts)
        del texts
        print(f"tokenizer only     {tok:8.1f} replies/s  (spacy.blank('en').pipe, same texts)")
        one = Path(tmp) / "one.jsonl"
        write_table(one, 1)
        start = min(run_cli(one, Path(tmp) / "one-coded.jsonl", 1, extra)["secs"] for _ in range(2))
        print(f"start-up           {start:8.2f} s         (nlp-foi code on one reply, best of 2: imports, model, rules);"
              f" half the tokenizer's rate allows {args.replies / (0.5 * tok):.2f} s for all {args.replies} replies")
        base = None
        for jobs in args.jobs:
            out = Path(tmp) / f"coded-{jobs}.jsonl"
            r = run_cli(table, out, jobs, extra)
            rate = args.replies / r["secs"]
            base = base or rate
            with out.open("rb") as fh:
                lines = sum(1 for _ in fh)
            print(f"--jobs {jobs:<11} {rate:8.1f} replies/s  ({r['secs']:.1f} s, start-up included; {r['cpu']:.1f} s CPU; {lines} answers)"
                  f"  ratio {rate / tok:.3f} ({args.replies / max(r['secs'] - start, 1e-9) / tok:.3f} after start-up)"
                  f"  speed-up {rate / base:.2f}x"
                  f"  peak memory of all processes {r['peak_rss_mb']:.0f} MB RSS, {r['peak_pss_mb']:.0f} MB PSS;"
                  f" largest process {r['largest_mb']:.0f} MB")
            out.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
