"""Code a batch of replies: one line per (reply, question), written as .jsonl, .csv or .xlsx.

With no arguments, codes the bundled example (the Digital monitoring request and a dozen
replies in the shapes real replies take) and prints a summary.

Large batches stream through in chunks of --batch-size replies, coded on every core
(--jobs) or on a Dask cluster (--scheduler), each chunk written as it finishes; after an
interrupted run, the same command with --resume goes on where it stopped.
"""

from __future__ import annotations

import sys

from tqdm import tqdm

from ..batch import BatchJob, resolve_jobs
from ..config import DEFAULT, EXAMPLE_DIR
from ..questions import read_request
from ..write import check_output, progress_path

HELP = "code a batch of replies"


def _positive(kind):
    def parse(text: str):
        value = kind(text)
        if value <= 0:
            raise ValueError(text)
        return value

    parse.__name__ = kind.__name__  # argparse names the type in "invalid int value"
    return parse


def add_arguments(p) -> None:
    p.add_argument("replies", nargs="?", help="a folder, a file, or a .jsonl/.csv table (default: the bundled example)")
    p.add_argument("--request", "-r", help="the request (.txt, .json, .yaml); tables may carry their own questions")
    p.add_argument("--output", "-o", help="write .jsonl, .csv or .xlsx here (default: JSONL on stdout, or a summary for the example)")
    p.add_argument("--codebook", help="a codebook YAML/JSON (default: codebook.md's codes)")
    p.add_argument("--model", help="a model folder (default: the newest shipped model)")
    p.add_argument("--trust-model", action="store_true", help="load a model whose hash this project did not record (joblib files are pickles: only your own)")
    run = p.add_argument_group("large batches")
    run.add_argument("--jobs", "-j", type=int, default=0, help="processes coding in parallel; 1 codes in this process (default: one per core)")
    run.add_argument("--batch-size", type=_positive(int), default=DEFAULT.batch_size, help="replies coded and written together (default: %(default)s)")
    run.add_argument("--resume", action="store_true", help="go on with an interrupted run into the same -o .jsonl or .csv file")
    run.add_argument("--scheduler", metavar="ADDRESS", help="code on an existing Dask cluster, e.g. tcp://host:8786 (pip install 'nlp-foi[dask]')")
    limits = p.add_argument_group("limits on inputs")
    limits.add_argument("--max-file-mb", type=_positive(float), default=DEFAULT.max_file_bytes / 1e6, help="skip files larger than this, with an error line (default: %(default)s)")
    limits.add_argument("--max-pdf-pages", type=_positive(int), default=DEFAULT.max_pdf_pages, help="read at most this many pages of a PDF (default: %(default)s)")
    limits.add_argument("--max-unpacked-mb", type=_positive(float), default=DEFAULT.max_unpacked_bytes / 1e6, help="refuse a .zip or .docx that unpacks to more (zip bombs; default: %(default)s)")
    limits.add_argument("--max-archive-members", type=_positive(int), default=DEFAULT.max_archive_members, help="refuse a .zip or .docx with more files inside (default: %(default)s)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")


def run(args) -> int:
    config = DEFAULT.replace(
        codebook=args.codebook, model=args.model, trust_model=args.trust_model, batch_size=args.batch_size,
        max_file_bytes=int(args.max_file_mb * 1e6), max_pdf_pages=args.max_pdf_pages,
        max_unpacked_bytes=int(args.max_unpacked_mb * 1e6), max_archive_members=args.max_archive_members,
        jobs=resolve_jobs(args.jobs), scheduler=args.scheduler, quiet=args.quiet,
    )
    source, request_path = args.replies, args.request
    example = source is None
    if example:
        source, request_path = EXAMPLE_DIR / "replies", request_path or EXAMPLE_DIR / "request.txt"
    if args.output:
        check_output(args.output)
    request = read_request(request_path, config=config) if request_path else None
    to_stdout = not args.output and not example
    job = BatchJob(source, request, output=args.output, resume=args.resume, config=config,
                   encoding=".jsonl" if to_stdout else None)

    show_progress = not args.quiet and sys.stderr.isatty()
    bar = tqdm(desc="coding", unit=" replies", initial=job.resumed, disable=not show_progress, file=sys.stderr)
    try:
        for result in job:
            if to_stdout:
                sys.stdout.write(result.data.decode("utf-8"))
                sys.stdout.flush()
            bar.update(result.replies)
    except KeyboardInterrupt:
        bar.close()
        if args.output:
            print(f"Error: interrupted after {job.tally.replies} replies; run the same command with --resume "
                  f"to go on ({progress_path(args.output).name} records where it stopped)", file=sys.stderr)
            return 130
        raise
    bar.close()

    tally = job.tally
    if not args.quiet or example:
        out = sys.stdout if example and not args.output else sys.stderr
        where = f" -> {args.output}" if args.output else ""
        resumed = f" ({job.resumed} of them by the interrupted run)" if job.resumed else ""
        print(
            f"{tally.replies} replies, {tally.lines} answers coded with {job.coder.name}{where}{resumed}; "
            f"{tally.review} flagged for review; {tally.failed} replies could not be read",
            file=out,
        )
        for code, n in tally.codes.most_common():
            print(f"  {code:<15} {n}", file=out)
    return 3 if tally.failed else 0

