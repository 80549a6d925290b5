"""Plain text replies (.txt)."""

from __future__ import annotations

from nlp_foi.config import DEFAULT, Config
from nlp_foi.read.base import ReadError, decode_text, normalise_newlines


def read_plain(data: bytes, *, config: Config = DEFAULT) -> str:
    """The text of a .txt file: decoded with ``config.encodings``, newlines normalised.

    Nothing else is touched, so offsets downstream point into the text as read.
    Raises :class:`ReadError` for an empty or binary file.
    """
    if not data:
        raise ReadError("is empty; check the file was saved or downloaded completely")
    return normalise_newlines(decode_text(data, config.encodings))
