"""Show the questions found in a request (``--json``: the formats.md request file)."""

from __future__ import annotations

import json

from ..questions import read_request

HELP = "show the questions found in a request"


def add_arguments(p) -> None:
    p.add_argument("request", help="the request: .txt as sent, or .json/.yaml (formats.md)")
    p.add_argument("--json", action="store_true", help="print the request as formats.md JSON")


def run(args) -> int:
    request = read_request(args.request)
    if args.json:
        print(json.dumps(request.to_dict(), ensure_ascii=False, indent=2))
        return 0
    print(f"{len(request.questions)} questions in {args.request}")
    for q in request.questions:
        print(f"{q.id:>4}  {q.text}")
    return 0
