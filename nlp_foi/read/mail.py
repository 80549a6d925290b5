"""E-mail replies (.eml): the text body, then the readable attachments."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from nlp_foi.config import DEFAULT, Config
from nlp_foi.read.base import ReadError, decode_text, load_file, normalise_newlines, size_error, slug
from nlp_foi.read.documents import READERS, with_attachments
from nlp_foi.read.webpage import read_html
from nlp_foi.records import Reply

log = logging.getLogger(__name__)

# Attachments sent without a usable file name are known by their type.
SUFFIX_BY_TYPE = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
    "text/html": ".html",
}


def _text(part: EmailMessage, config: Config) -> str:
    try:
        return part.get_content()
    except (LookupError, UnicodeError):  # unknown or wrong charset: try ours
        return decode_text(part.get_payload(decode=True) or b"", config.encodings)


def _authority(msg: EmailMessage) -> str | None:
    try:
        addresses = msg["From"].addresses if msg["From"] else ()
    except (AttributeError, IndexError, ValueError):  # a From header too broken to parse
        return None
    name = addresses[0].display_name.strip() if addresses else ""
    return name or None


def _attachments(msg: EmailMessage, config: Config) -> Iterator[tuple[str, Callable[[], bytes]]]:
    for n, part in enumerate(msg.iter_attachments(), 1):
        name = Path(part.get_filename() or f"attachment-{n}").name
        if Path(name).suffix.lower() not in READERS:
            name += SUFFIX_BY_TYPE.get(part.get_content_type(), "")

        def load(part: EmailMessage = part) -> bytes:
            data = part.get_payload(decode=True) or b""
            if len(data) > config.max_file_bytes:
                raise size_error(len(data), config)
            return data

        yield name, load


def _body(msg: EmailMessage, config: Config) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = _text(part, config)
    if part.get_content_subtype() == "html":
        try:
            return read_html(text, config=config)
        except ReadError:
            return ""
    return normalise_newlines(text)


def read_mail(path: Path, *, config: Config = DEFAULT) -> Reply:
    """One reply from an .eml file; ``authority`` from the sender's display name.

    The body is the text/plain part, else the html part as text; pdf, docx, txt
    and html attachments follow, each after "----- Attachment: <name> -----".
    A file that cannot be read gives a reply with ``error`` set.
    """
    reply = Reply(id=slug(path.stem), text="", source=str(path))
    try:
        data = load_file(path, config)
        if not data.strip():
            raise ReadError("is empty; check the message was saved completely")
        msg = BytesParser(policy=policy.default).parsebytes(data)
        reply.authority = _authority(msg)
        text, problems = with_attachments(_body(msg, config), _attachments(msg, config), config=config)
    except ReadError as exc:
        reply.error = f"{path} {exc}"
        return reply
    if not text.strip():
        detail = "; ".join(problems) or "no text body and no pdf, docx, txt or html attachment"
        reply.error = f"{path} has no readable text: {detail}"
        return reply
    for problem in problems:
        log.warning("%s: %s", path, problem)
    reply.text = text
    return reply
