"""WhatDoTheyKnow downloads: a request's correspondence.txt and its attachments.

A download (.zip) or a folder of the batch export holds ``correspondence.txt``,
the messages one after another, each starting with ``From:``, ``To:`` and
``Date:`` lines and parted from the next by a line of dashes or equals signs,
and the authority's attachments, named ``{message}_{part}_{filename}``.  The
first message is the request; the reply is what came from the authority.
Archives are read in memory, never extracted.
"""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from nlp_foi.config import DEFAULT, Config
from nlp_foi.read.base import ReadError, check_archive, load_file, size_error, slug
from nlp_foi.read.documents import with_attachments
from nlp_foi.read.plain import read_plain
from nlp_foi.records import Reply

log = logging.getLogger(__name__)

RE_SEPARATOR = re.compile(r"^([ \t]*(?:-{5,}|={5,})[ \t]*)$", re.M)
RE_HEADER = re.compile(r"(From|To|Date):[ \t]*(.*)", re.I)
RE_ATTACHMENT = re.compile(r"(\d+)_(\d+)_(.+)")
RE_DRIVE = re.compile(r"[A-Za-z]:")

CORRESPONDENCE = "correspondence.txt"
SHOWN_HEADERS = ("from", "date")

Loader = Callable[[], bytes]


@dataclass(slots=True)
class Message:
    headers: dict[str, str]  # lower-case name -> value
    header_lines: list[str]  # as read
    raw: str  # what follows the header lines, as read up to the next message

    @property
    def body(self) -> str:
        return self.raw.strip("\n")

    def show(self) -> str:
        """The message as put in the reply: its From/Date lines as read, then the body."""
        lines = [line for line in self.header_lines if line.split(":", 1)[0].lower() in SHOWN_HEADERS]
        return "\n".join(lines) + "\n\n" + self.body


def _parse(lines: list[str], start: int) -> Message | None:
    """The message whose header lines begin at ``lines[start]``, if they do."""
    headers, header_lines, i = {}, [], start
    while i < len(lines) and (m := RE_HEADER.fullmatch(lines[i].strip())):
        headers[m[1].lower()] = m[2].strip()
        header_lines.append(lines[i])
        i += 1
    # One "From:" line alone is as likely to be quoted text as a message start.
    if len(header_lines) < 2:
        return None
    return Message(headers, header_lines, "\n".join(lines[i:]))


def split_messages(text: str) -> list[Message]:
    """The messages of a correspondence.txt, in order."""
    pieces = RE_SEPARATOR.split(text)  # block, separator, block, ...
    messages: list[Message] = []
    for n in range(0, len(pieces), 2):
        lines = pieces[n].split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
        message = _parse(lines, first)
        if message is None and not messages:
            # Before the first message there may be a title; the message starts below it.
            message = next(filter(None, (_parse(lines, i) for i in range(first, len(lines)))), None)
        if message is not None:
            messages.append(message)
        elif messages and pieces[n].strip():
            # A dashed line inside a message (a quoted table, a signature): keep it there.
            messages[-1].raw += pieces[n - 1] + pieces[n]
    return messages


def _is_incoming(message: Message, request: Message) -> bool:
    requester = request.headers.get("from", "").casefold()
    if "from" in message.headers:
        return message.headers["from"].casefold() != requester
    return message.headers.get("to", "").casefold() == requester


def _attachments(files: dict[str, Loader]) -> list[tuple[str, Loader]]:
    """The attachments among a request's files, by message then part number."""
    found = [(m, name, load) for name, load in files.items() if (m := RE_ATTACHMENT.fullmatch(name))]
    found.sort(key=lambda item: (int(item[0][1]), int(item[0][2]), item[0][3]))
    return [(name, load) for _, name, load in found]


def _read_request(
    rid: str, source: str, files: dict[str, Loader], config: Config, note: str = ""
) -> Reply:
    """One reply from a request's files (name -> loader), correspondence.txt among them."""
    reply = Reply(id=rid, text="", source=source)
    try:
        messages = split_messages(read_plain(files[CORRESPONDENCE](), config=config))
    except ReadError as exc:
        reply.error = f"{source} {CORRESPONDENCE} {exc}{note}"
        return reply
    incoming = [m for m in messages[1:] if _is_incoming(m, messages[0])]
    # The request is addressed to the authority by its name; a reply may be
    # signed by a team ("FOI Officer"), so the request's To: comes first.
    names = [messages[0].headers.get("to")] if messages else []
    names += [incoming[0].headers.get("from")] if incoming else []
    reply.authority = next(filter(None, names), None)
    body = "\n\n".join(m.show() for m in incoming)
    text, problems = with_attachments(body, _attachments(files), config=config)
    if not text.strip():
        if not messages:
            reason = (
                f"has no messages in {CORRESPONDENCE} (no From:, To:, Date: lines); "
                "is it a WhatDoTheyKnow download?"
            )
        else:
            reason = "has no message from the authority, only the request; nothing to code yet"
        reply.error = f"{source} {'; '.join([reason, *problems])}{note}"
        return reply
    for problem in problems:
        log.warning("%s: %s", source, problem)
    reply.text = text
    return reply


def _unsafe(name: str) -> bool:
    name = name.replace("\\", "/")
    return name.startswith("/") or bool(RE_DRIVE.match(name)) or ".." in name.split("/")


def _member_loader(zf: zipfile.ZipFile, info: zipfile.ZipInfo, config: Config) -> Loader:
    def load() -> bytes:
        if info.file_size > config.max_file_bytes:
            raise size_error(info.file_size, config)
        try:
            return zf.read(info)
        # Encrypted (RuntimeError), unknown compression (NotImplementedError), bad CRC, truncated.
        except (
            zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, zlib.error
        ) as exc:
            raise ReadError(f"could not be unpacked: {exc}") from exc

    return load


def _read_zip(path: Path, config: Config) -> Iterator[Reply]:
    rid, source = slug(path.stem), str(path)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        error = f"{source} is not a readable zip archive: {exc}"
        yield Reply(id=rid, text="", source=source, error=error)
        return
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        try:
            check_archive(infos, config)
        except ReadError as exc:
            yield Reply(id=rid, text="", source=source, error=f"{source} {exc}")
            return
        unsafe = [i.filename for i in infos if _unsafe(i.filename)]
        note = (
            f"; skipped {len(unsafe)} unsafe member(s) ({', '.join(unsafe[:3])}): "
            "absolute paths and '..' are never read"
            if unsafe else ""
        )
        by_folder: dict[str, dict[str, Loader]] = {}
        for info in infos:
            name = info.filename.replace("\\", "/")
            if not _unsafe(name):
                folder, base = posixpath.split(name)
                by_folder.setdefault(folder, {})[base] = _member_loader(zf, info, config)
        requests = sorted(folder for folder, files in by_folder.items() if CORRESPONDENCE in files)
        if not requests:
            yield Reply(
                id=rid, text="", source=source,
                error=f"{source} has no {CORRESPONDENCE}, so it is not a WhatDoTheyKnow download; "
                f"unzip it and read the folder instead{note}",
            )
            return
        for folder in requests:
            if not folder:
                yield _read_request(rid, source, by_folder[folder], config, note)
            else:  # a batch export holds one folder per request: the folder names the reply
                name = slug(posixpath.basename(folder))
                yield _read_request(name, f"{source}/{folder}", by_folder[folder], config, note)


def read_wdtk(path: Path, *, config: Config = DEFAULT) -> Iterator[Reply]:
    """Replies from a WhatDoTheyKnow download: a .zip, or a request folder of the batch export.

    One reply per request (a batch-export zip holds several); its text is the
    authority's messages with their From/Date lines, then the attachments.
    """
    if not path.is_dir():
        yield from _read_zip(path, config)
        return
    files = {p.name: (lambda p=p: load_file(p, config)) for p in sorted(path.iterdir()) if p.is_file()}
    yield _read_request(slug(path.name), str(path), files, config)
