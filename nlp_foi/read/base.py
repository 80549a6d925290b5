"""What the readers share: the error they raise, decoding, ids and limits.

A reader that cannot read a document raises :class:`ReadError` whose message
completes the sentence "<file> ..." ("is empty; ..."), so the caller can put
the file's name in front and every message names the file and the next step.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path

from nlp_foi.config import Config

RE_NEWLINE = re.compile(r"\r\n?")
RE_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
# C0/C1 control characters other than the whitespace ones text files use.
RE_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
RE_UNSAFE_ID = re.compile(r"[^\w.-]+")

# Share of control characters above which decoded bytes are taken for binary.
BINARY_CONTROL_SHARE = 0.05


class ReadError(Exception):
    """A document that cannot be read; the message follows its name ("is empty; ...")."""


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` to ``\\n``; nothing else changes, so offsets stay true."""
    return RE_NEWLINE.sub("\n", text)


def squeeze_blank_lines(text: str) -> str:
    """Runs of blank lines to one blank line (for text we lay out ourselves)."""
    return RE_BLANK_RUN.sub("\n\n", text).strip("\n")


def join_cells(cells: Iterable[str | None]) -> str:
    """One table row as one line: cells on one line each, joined by " | "."""
    return " | ".join(" ".join((c or "").split()) for c in cells)


def human_size(n: int) -> str:
    """``31_200_000`` -> "31.2 MB" (decimal units, as the limits are written)."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def size_error(size: int, config: Config) -> ReadError:
    return ReadError(
        f"is {human_size(size)}, over the {human_size(config.max_file_bytes)} limit "
        "(Config.max_file_bytes); raise the limit with --max-file-mb"
    )


def load_file(path: Path, config: Config) -> bytes:
    """The bytes of ``path``, refused before reading when over ``max_file_bytes``."""
    size = path.stat().st_size
    if size > config.max_file_bytes:
        raise size_error(size, config)
    return path.read_bytes()


def _codec(encoding: str, data: bytes) -> str:
    # utf-8 decodes a byte-order mark into U+FEFF; it is not part of the text,
    # and leaving it in would shift every offset by one.
    if codecs.lookup(encoding).name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return encoding


def decode_text(data: bytes, encodings: Iterable[str]) -> str:
    """Bytes to text with the first encoding that fits; binary raises ReadError."""
    # Notepad's "Unicode" is UTF-16 with a BOM: full of NUL bytes, yet text.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    binary = ReadError(
        "looks like a binary file, not text; check it is the reply and has the right extension"
    )
    if b"\x00" in data:
        raise binary
    for encoding in encodings:
        try:
            text = data.decode(_codec(encoding, data))
        except (UnicodeDecodeError, LookupError):
            continue
        if len(RE_CONTROL.findall(text)) > BINARY_CONTROL_SHARE * len(text):
            raise binary
        return text
    raise ReadError(
        f"is not text in any of the encodings tried ({', '.join(encodings)}); "
        "save it as UTF-8 or add its encoding to Config.encodings"
    )


def pick_encoding(sample: bytes, encodings: Iterable[str]) -> str:
    """The first encoding that decodes ``sample`` (the start of a longer file)."""
    for encoding in encodings:
        encoding = _codec(encoding, sample)
        try:
            # final=False: the sample may end inside a multi-byte character.
            codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
        except (UnicodeDecodeError, LookupError):
            continue
        return encoding
    return "latin-1"


def slug(name: str) -> str:
    """A file name made safe for an id: letters, digits, ``-``, ``_`` and ``.``."""
    # macOS writes names decomposed ("e" + accent); compose so accents stay letters.
    name = unicodedata.normalize("NFC", name)
    return RE_UNSAFE_ID.sub("-", name).strip("-.") or "reply"


def check_archive(infos: list[zipfile.ZipInfo], config: Config) -> None:
    """Refuse an archive with too many members or too much unpacked data (zip bombs)."""
    if len(infos) > config.max_archive_members:
        raise ReadError(
            f"has {len(infos)} members, over the {config.max_archive_members} limit "
            "(Config.max_archive_members); unzip it and read the folder instead"
        )
    # zipfile stops reading a member at its declared size, so the sum is a true bound.
    unpacked = sum(i.file_size for i in infos)
    if unpacked > config.max_unpacked_bytes:
        raise ReadError(
            f"unpacks to {human_size(unpacked)}, over the {human_size(config.max_unpacked_bytes)} "
            "limit (Config.max_unpacked_bytes); check it is not a zip bomb, then raise the limit"
        )
