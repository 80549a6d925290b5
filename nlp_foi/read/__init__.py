"""Reading: files, folders and tables of FOI replies to :class:`~nlp_foi.records.Reply` records.

``read_replies`` is the stage's one entry point.  Each format has its module:
``plain`` (.txt), ``mail`` (.eml), ``webpage`` (.html), ``pdf``, ``word``
(.docx), ``wdtk`` (WhatDoTheyKnow downloads) and ``table`` (.jsonl, .csv).
A file that cannot be read never stops a batch: it gives a reply with empty
text and an ``error`` that names the file and says what to do.
"""

from __future__ import annotations

import logging
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from nlp_foi.config import DEFAULT, Config
from nlp_foi.read.base import ReadError, load_file, slug
from nlp_foi.read.documents import READERS, read_document
from nlp_foi.read.mail import read_mail
from nlp_foi.read.table import read_table
from nlp_foi.read.wdtk import CORRESPONDENCE, read_wdtk
from nlp_foi.records import Reply

__all__ = ["read_replies", "ReadError", "SUPPORTED"]

log = logging.getLogger(__name__)

TABLES = (".jsonl", ".csv")
SUPPORTED = (*READERS, ".eml", ".zip", *TABLES)


class _Ids:
    """Makes ids unique within one call: a second "reply" becomes "reply-2"."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.next: dict[str, int] = {}

    def take(self, rid: str) -> str:
        if rid in self.seen:
            n = self.next.get(rid, 2)
            while f"{rid}-{n}" in self.seen:
                n += 1
            self.next[rid] = n + 1
            rid = f"{rid}-{n}"
        self.seen.add(rid)
        return rid


def _skipped(name: str) -> bool:
    # Hidden files and Office lock files ("~$reply.docx") are never replies.
    return name.startswith((".", "~$"))


def _walk(folder: Path, unsupported: Counter[str]) -> Iterator[Path]:
    """Supported files and request folders under ``folder``, sorted by path."""
    if (folder / CORRESPONDENCE).is_file():
        yield folder
        return
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if _skipped(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):  # symlinked folders could loop
            yield from _walk(Path(entry.path), unsupported)
        elif Path(entry.name).suffix.lower() in SUPPORTED:
            yield Path(entry.path)
        else:
            unsupported[Path(entry.name).suffix.lower() or "(no extension)"] += 1


def _read_document(path: Path, config: Config) -> Reply:
    reply = Reply(id=slug(path.stem), text="", source=str(path))
    try:
        reply.text = read_document(path.name, load_file(path, config), config=config)
    except ReadError as exc:
        reply.error = f"{path} {exc}"
    return reply


def _read_path(path: Path, config: Config) -> Iterator[Reply]:
    """The replies of one file or request folder; never raises for a bad file."""
    suffix = path.suffix.lower()
    try:
        if path.is_dir() or suffix == ".zip":
            yield from read_wdtk(path, config=config)
        elif suffix in TABLES:
            yield from read_table(path, config=config)
        elif suffix == ".eml":
            yield read_mail(path, config=config)
        else:
            yield _read_document(path, config)
    except OSError as exc:
        yield Reply(
            id=slug(path.stem), text="", source=str(path),
            error=f"{path} could not be opened ({exc.strerror or exc}); check it exists and can be read",
        )
    except Exception as exc:  # a bug or a library failure must not stop a batch
        log.debug("unexpected failure reading %s", path, exc_info=True)
        yield Reply(
            id=slug(path.stem), text="", source=str(path),
            error=f"{path} could not be read ({type(exc).__name__}: {exc}); "
            "please report this with the file",
        )


def _finish(reply: Reply, ids: _Ids, config: Config) -> Reply:
    reply.id = ids.take(reply.id)
    if reply.error is None and not reply.text.strip():
        reply.text = ""
        reply.error = f"{reply.source} has no readable text; check it opens and shows the reply"
    if len(reply.text) > config.max_text_chars:
        log.warning(
            "%s: text cut at %d of %d characters (Config.max_text_chars)",
            reply.source, config.max_text_chars, len(reply.text),
        )
        reply.text = reply.text[: config.max_text_chars]
    return reply


@dataclass(frozen=True, slots=True)
class Unread:
    """A document that makes one reply, left to be read by the process that codes it; ``id`` is final."""

    path: str
    id: str


def read_unread(item: Unread, *, config: Config = DEFAULT) -> Reply:
    """The reply of an :class:`Unread` document, as :func:`read_replies` would have given it."""
    reply = _finish(next(_read_path(Path(item.path), config)), _Ids(), config)
    reply.id = item.id
    return reply


def _iter(path: Path, config: Config, *, defer: bool = False) -> Iterator[Reply | Unread]:
    ids = _Ids()
    unsupported: Counter[str] = Counter()
    found = False
    for item in _walk(path, unsupported) if path.is_dir() else [path]:
        found = True
        if defer and item.is_file() and item.suffix.lower() in (*READERS, ".eml"):
            yield Unread(str(item), ids.take(slug(item.stem)))
            continue
        for reply in _read_path(item, config):
            yield _finish(reply, ids, config)
    if not found:
        seen = ", ".join(f"{s} ({n})" for s, n in unsupported.most_common()) or "nothing"
        raise ValueError(
            f"{path} has no files nlp_foi can read (found: {seen}); "
            f"give replies as {', '.join(SUPPORTED)}"
        )


def read_replies(source: str | os.PathLike[str], *, config: Config = DEFAULT,
                 defer_documents: bool = False) -> Iterator[Reply]:
    """The replies in ``source``, read lazily, one :class:`Reply` at a time.

    ``source`` is a folder (every supported file inside, sorted by path; a
    folder holding ``correspondence.txt`` is one WhatDoTheyKnow request), a
    single reply file, or a table (.jsonl, .csv: one reply per row).  A file
    that cannot be read gives a reply with ``error`` set; ids are unique.

    Raises ``FileNotFoundError`` if ``source`` does not exist and ``ValueError``
    if it is not a kind nlp_foi reads (also raised, on iteration, for a folder
    holding no readable file).  With ``defer_documents``, files that make one reply
    each (.txt, .pdf, .docx, .html, .eml) come as :class:`Unread` paths with their
    final ids, for another process to read with :func:`read_unread`.
    """
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} does not exist; give a folder of replies, a reply file or a table (.jsonl, .csv)"
        )
    if not path.is_dir() and path.suffix.lower() not in SUPPORTED:
        hint = "; save Word 97 .doc files as .docx" if path.suffix.lower() == ".doc" else ""
        raise ValueError(
            f"{path} is a {path.suffix or 'extensionless'} file, which nlp_foi cannot read; "
            f"give replies as {', '.join(SUPPORTED)}{hint}"
        )
    return _iter(path, config, defer=defer_documents)
