"""One document by its extension, and attachments appended after a reply's body.

Mail and WhatDoTheyKnow downloads carry documents inside them; they read each
with the same readers as a file on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import PurePath

from nlp_foi.config import DEFAULT, Config
from nlp_foi.read.base import ReadError, normalise_newlines
from nlp_foi.read.pdf import read_pdf
from nlp_foi.read.plain import read_plain
from nlp_foi.read.webpage import read_html
from nlp_foi.read.word import read_docx

log = logging.getLogger(__name__)

READERS: dict[str, Callable[..., str]] = {
    ".txt": read_plain,
    ".html": read_html,
    ".htm": read_html,
    ".pdf": read_pdf,
    ".docx": read_docx,
}

ATTACHMENT_SEPARATOR = "----- Attachment: {name} -----\n"


def read_document(name: str, data: bytes, *, config: Config = DEFAULT) -> str:
    """The text of one document, chosen by the extension of ``name``; raises ReadError."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in READERS:
        raise ReadError(f"is a {suffix or 'extensionless'} file, which nlp_foi cannot read")
    if suffix == ".pdf":  # the one reader that warns (pages left unread): it names the file
        return normalise_newlines(read_pdf(data, config=config, name=name))
    return normalise_newlines(READERS[suffix](data, config=config))


def with_attachments(
    body: str,
    attachments: Iterable[tuple[str, Callable[[], bytes]]],
    *,
    config: Config = DEFAULT,
) -> tuple[str, list[str]]:
    """``body``, then each readable attachment after its separator line.

    ``attachments`` gives (file name, loader) pairs; a loader may raise
    ReadError (a member over the size limit). Attachments of other kinds are
    skipped. Returns the text and the problems met ("attachment x.pdf has no
    text layer ..."), for the caller to report.
    """
    parts = [body.rstrip()] if body.strip() else []
    problems: list[str] = []
    for name, load in attachments:
        if PurePath(name).suffix.lower() not in READERS:
            log.debug("skipped attachment %s: not a kind nlp_foi reads", name)
            continue
        try:
            text = read_document(name, load(), config=config)
        except ReadError as exc:
            problems.append(f"attachment {name} {exc}")
            continue
        except Exception as exc:  # one bad attachment must not lose the rest of the reply
            problems.append(f"attachment {name} could not be read ({type(exc).__name__}: {exc})")
            continue
        parts.append(ATTACHMENT_SEPARATOR.format(name=name) + text.rstrip())
    return "\n\n".join(parts), problems
