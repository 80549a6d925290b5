"""The ``nlp-foi`` command: a thin layer over the library, one module per command.

Each command parses its options, calls one library function and prints; a library
exception becomes one ``Error: ...`` line on stderr and exit status 1.  Exit status 3
means the run finished but some inputs could not be read (their lines carry ``error``).
"""

from __future__ import annotations

import argparse
import logging
import sys

from .. import __version__
from ..codebook import CodebookError
from ..gold import GoldError
from ..model import ModelError
from ..questions import RequestError
from ..write import OutputError
from . import code, evaluate, questions, report, review, train

COMMANDS = {"code": code, "questions": questions, "train": train, "evaluate": evaluate, "report": report, "review": review}
USER_ERRORS = (RequestError, CodebookError, ModelError, OutputError, GoldError, FileNotFoundError, ValueError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nlp-foi",
        description="Split, code and extract values from replies to Freedom of Information round robins.",
    )
    parser.add_argument("--version", action="version", version=f"nlp-foi {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        p = sub.add_parser(name, help=module.HELP, description=module.__doc__)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s: %(message)s")
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except USER_ERRORS as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Error: interrupted", file=sys.stderr)
        return 130


def entry() -> None:
    sys.exit(main())
