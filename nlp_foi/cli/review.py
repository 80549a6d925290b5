"""Send coded answers to reviewers and bring their codes back as gold.

``nlp-foi review export CODED --replies REPLIES --format xlsx|csv|labelstudio|prodigy|doccano -o FILE``
writes the answers, the least certain first; ``nlp-foi review import FILE... --format ... -o reviewed.jsonl``
writes gold from the answers reviewers coded and reports their agreement.  Retrain with
``nlp-foi train --gold reviewed.jsonl``.
"""

from __future__ import annotations

import argparse

HELP = "export answers for review (xlsx, csv, Label Studio, Prodigy, doccano) and import the reviewed codes as gold"


def add_arguments(p) -> None:
    from ..exchange import FORMATS

    sub = p.add_subparsers(dest="action", metavar="ACTION")
    e = sub.add_parser(
        "export", help="write coded answers for reviewers, the least certain first",
        description="Write the answers of a coded JSONL file for review, flagged and least confident first. "
        "xlsx: a sheet with a reviewed_code drop-down; labelstudio: tasks (.json) and the labeling config (.xml) "
        "beside them; prodigy and doccano: JSONL tasks; csv: the columns of the xlsx sheet.",
    )
    e.add_argument("pred", help="the coded JSONL (nlp-foi code ... -o coded.jsonl)")
    e.add_argument("--replies", required=True, help="the replies that were coded (folder, file or table)")
    e.add_argument("--request", "-r", help="the request (.txt, .json, .yaml); tables may carry their own questions")
    e.add_argument("--format", "-f", choices=FORMATS, help="default: from the suffix of -o (.xlsx, .csv, .json)")
    e.add_argument("--output", "-o", required=True, help="the file to write")
    e.add_argument("--codebook", help="a codebook YAML/JSON (default: codebook.md's codes)")
    e.add_argument("--model-version", help="Label Studio's model_version of the suggestions (default: nlp-foi/<PRED name>)")
    i = sub.add_parser(
        "import", help="write gold from what reviewers did, and their agreement",
        description="Write gold (formats.md) from reviewed files: only answers a reviewer coded, with the "
        "reviewer's code. Several files (one per reviewer) or several Label Studio annotations of the same "
        "answer give the agreement between reviewers (Cohen's kappa) and the list of disagreements.",
    )
    i.add_argument("files", nargs="+", help="the reviewed file(s)")
    i.add_argument("--format", "-f", choices=FORMATS, help="default: from the suffix (.xlsx, .csv, .json)")
    i.add_argument("--output", "-o", required=True, help="the gold .jsonl to write")
    i.add_argument("--replies", help="the replies, where the file does not carry their text (csv)")
    i.add_argument("--request", "-r", help="the request, with --replies")
    i.add_argument("--codebook", help="a codebook YAML/JSON (default: codebook.md's codes)")
    p.set_defaults(review_help=p.format_help)


def run(args: argparse.Namespace) -> int:
    from ..codebook import load_codebook
    from ..config import DEFAULT
    from ..exchange import export_review, import_review
    from ..questions import read_request

    if args.action is None:
        print(args.review_help())
        return 2
    config = DEFAULT.replace(codebook=args.codebook)
    book = load_codebook(config.codebook)
    request = read_request(args.request, config=config) if args.request else None
    if args.action == "export":
        result = export_review(args.pred, args.output, replies=args.replies, fmt=args.format, request=request,
                               codebook=book, model_version=args.model_version, config=config)
        print(result.summary())
        return 0
    result = import_review(args.files, args.output, fmt=args.format, replies=args.replies, request=request,
                           codebook=book, config=config)
    print(result.summary())
    for d in result.disagreements:
        codes = ", ".join(f"{who} {code}" for who, code in d["codes"].items())
        print(f"  {d['reply_id']} question {d['question_id']}: {codes} (suggested {d['suggested']})")
    return 0
