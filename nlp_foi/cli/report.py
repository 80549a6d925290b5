"""Summarise a coded batch per question: how many replies got each code, the products named,
per-year counts summed across authorities, totals, sections cited, yes/no, and how many
answers are flagged for review. As HTML with plots (self-contained), as an .xlsx workbook
with one sheet per table, or as text on standard output.
"""

from __future__ import annotations

HELP = "summarise a coded batch (.html with plots, or .xlsx)"


def add_arguments(p) -> None:
    p.add_argument("coded", help="coded answers as .jsonl (nlp-foi code -o coded.jsonl; formats.md, 'Coded answers')")
    p.add_argument("--output", "-o", help="write .html or .xlsx here (default: text on standard output)")
    p.add_argument("--request", "-r", help="the request (.txt, .json, .yaml), to show the questions' words")
    p.add_argument("--codebook", help="a codebook YAML/JSON (default: codebook.md's codes)")


def run(args) -> int:
    from ..codebook import load_codebook
    from ..questions import read_request
    from ..report import SUMMARY_FORMATS, check_report_path, format_summary, summarise_file, write_summary

    if args.output:
        check_report_path(args.output, SUMMARY_FORMATS)
    request = read_request(args.request) if args.request else None
    summary = summarise_file(args.coded, request=request, codebook=load_codebook(args.codebook))
    if args.output:
        write_summary(summary, args.output)
        o = summary.overview
        print(f"{o['replies']} replies, {o['answers']} answers summarised -> {args.output}")
    else:
        print(format_summary(summary))
    return 0
