"""Code a batch of replies: one line per (reply, question), written as .jsonl, .csv or .xlsx.

With no arguments, codes the bundled example (the Digital monitoring request and a dozen
replies in the shapes real replies take) and prints a summary.
"""

from __future__ import annotations

import json
import sys
from collections import Counter

from tqdm import tqdm

from ..config import DEFAULT, EXAMPLE_DIR
from ..pipeline import code_batch, load_coder
from ..questions import read_request
from ..write import check_output, write_coded

HELP = "code a batch of replies"


def add_arguments(p) -> None:
    p.add_argument("replies", nargs="?", help="a folder, a file, or a .jsonl/.csv table (default: the bundled example)")
    p.add_argument("--request", "-r", help="the request (.txt, .json, .yaml); tables may carry their own questions")
    p.add_argument("--output", "-o", help="write .jsonl, .csv or .xlsx here (default: JSONL on stdout, or a summary for the example)")
    p.add_argument("--codebook", help="a codebook YAML/JSON (default: codebook.md's codes)")
    p.add_argument("--model", help="a model folder (default: the newest shipped model)")
    p.add_argument("--trust-model", action="store_true", help="load a model whose hash this project did not record (joblib files are pickles: only your own)")
    p.add_argument("--batch-size", type=int, default=DEFAULT.batch_size, help="replies coded together (default: %(default)s)")
    p.add_argument("--max-file-mb", type=float, default=DEFAULT.max_file_bytes / 1e6, help="skip files larger than this, with an error line (default: %(default)s)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar or summary")


def run(args) -> int:
    config = DEFAULT.replace(
        codebook=args.codebook, model=args.model, trust_model=args.trust_model, batch_size=args.batch_size,
        max_file_bytes=int(args.max_file_mb * 1e6), quiet=args.quiet,
    )
    source, request_path = args.replies, args.request
    example = source is None
    if example:
        source, request_path = EXAMPLE_DIR / "replies", request_path or EXAMPLE_DIR / "request.txt"
    if args.output:
        check_output(args.output)
    request = read_request(request_path, config=config) if request_path else None
    coder = load_coder(config=config)
    lines = code_batch(source, request, config=config, coder=coder)
    show_progress = not args.quiet and sys.stderr.isatty()
    lines = tqdm(lines, desc="coding", unit=" answers", disable=not show_progress, file=sys.stderr)

    stats = Counter()
    codes = Counter()
    replies, failed = set(), set()
    if args.output:
        lines = write_coded(lines, args.output)
    for line in lines:
        stats["lines"] += 1
        codes[line.code] += 1
        stats["review"] += line.review
        replies.add(line.reply_id)
        if line.error:
            failed.add(line.reply_id)
        if not args.output and not example:
            print(json.dumps(line.to_dict(), ensure_ascii=False))
    if not args.quiet or example:
        out = sys.stdout if example and not args.output else sys.stderr
        where = f" -> {args.output}" if args.output else ""
        print(
            f"{len(replies)} replies, {stats['lines']} answers coded with {coder.name}{where}; "
            f"{stats['review']} flagged for review; {len(failed)} replies could not be read",
            file=out,
        )
        for code, n in codes.most_common():
            print(f"  {code:<15} {n}", file=out)
    return 3 if failed else 0
