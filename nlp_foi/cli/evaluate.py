"""Measure coding against gold: accuracy, kappa and alpha, per-code precision/recall/F1, the confusion
matrix, segmentation token-F1, value exact match and the coverage-accuracy curve.

Scores a coded file (PRED), or codes the gold replies now with the model in force, or
(--cv) trains and codes them by cross-validation grouped by request. --report writes the
same as one self-contained HTML page with plots.
"""

from __future__ import annotations

import json
import sys

HELP = "score coded answers (or the model itself) against gold"


def add_arguments(p) -> None:
    from ..evaluate import SUSPECT_CONFIDENCE

    p.add_argument("gold", help="gold JSONL (formats.md, Gold), or a folder of them")
    p.add_argument("pred", nargs="?", help="coded JSONL to score; default: code the gold replies now")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--report", metavar="FILE.html", help="also write an HTML report with plots (self-contained)")
    p.add_argument("--cv", action="store_true", help="train and code the gold by cross-validation grouped by request")
    p.add_argument("--folds", type=int, default=5, help="folds for --cv (default: %(default)s)")
    p.add_argument("--suspects", action="store_true",
                   help="list gold answers the model contradicts with high confidence (out of fold with --cv): likely label errors")
    p.add_argument("--suspect-confidence", type=float, default=SUSPECT_CONFIDENCE, metavar="P",
                   help="confidence at or above which a contradiction is a suspect (default: %(default)s)")
    p.add_argument("--model", help="a model folder (default: the newest shipped model)")
    p.add_argument("--codebook", help="a codebook YAML/JSON (default: codebook.md's codes)")


def run(args) -> int:
    from ..config import DEFAULT
    from ..evaluate import evaluate_cv, evaluate_files, format_report
    from ..report import check_report_path, write_evaluation_report

    if args.cv and args.pred:
        print("Error: --cv codes the gold itself; give either PRED or --cv, not both", file=sys.stderr)
        return 2
    if args.folds < 2:
        print(f"Error: --folds is {args.folds}; cross-validation needs at least 2", file=sys.stderr)
        return 2
    if args.report:
        check_report_path(args.report)  # before a long run, not after it
    config = DEFAULT.replace(model=args.model, codebook=args.codebook)
    options = {"config": config, "suspects": args.suspects, "min_confidence": args.suspect_confidence}
    if args.cv:
        report = evaluate_cv(args.gold, n_splits=args.folds, **options)
    else:
        report = evaluate_files(args.gold, args.pred, **options)
    if args.report:
        write_evaluation_report(report, args.report)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
        if args.report:
            print(f"report -> {args.report}")
    return 0
