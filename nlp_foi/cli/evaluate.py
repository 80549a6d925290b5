"""Measure coding against gold: accuracy, macro-F1, kappa, segmentation token-F1, value exact match."""

from __future__ import annotations

import json

HELP = "score coded answers (or the model itself) against gold"


def add_arguments(p) -> None:
    p.add_argument("gold", help="gold JSONL (formats.md, Gold)")
    p.add_argument("pred", nargs="?", help="coded JSONL to score; default: code the gold replies now")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--model", help="a model folder (default: the newest shipped model)")


def run(args) -> int:
    from ..config import DEFAULT
    from ..evaluate import evaluate_files, format_report

    config = DEFAULT.replace(model=args.model)
    report = evaluate_files(args.gold, args.pred, config=config)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0
