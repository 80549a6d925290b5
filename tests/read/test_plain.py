import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_foi.read import read_replies
from nlp_foi.read.base import ReadError
from nlp_foi.read.plain import read_plain


@pytest.mark.parametrize(
    "data, text",
    [
        (b"We hold no information.", "We hold no information."),
        ("Le café est fermé.".encode("utf-8"), "Le café est fermé."),
        ("Le café est fermé.".encode("latin-1"), "Le café est fermé."),
        ("\u201cNot held\u201d \u2013 s.40".encode("cp1252"), "\u201cNot held\u201d \u2013 s.40"),
        (b"\xef\xbb\xbfQ1. Yes", "Q1. Yes"),  # the UTF-8 BOM is not text
        ("Q1. Oui, café".encode("utf-16"), "Q1. Oui, café"),
    ],
    ids=["ascii", "utf-8", "latin-1", "cp1252", "utf-8-bom", "utf-16"],
)
def test_decodes(data: bytes, text: str) -> None:
    assert read_plain(data) == text


@pytest.mark.parametrize(
    "data, text",
    [
        (b"1. Yes\r\n2. No\r\n", "1. Yes\n2. No\n"),
        (b"1. Yes\r2. No", "1. Yes\n2. No"),
        (b"  1.\tYes  \n\n\n2. No ", "  1.\tYes  \n\n\n2. No "),  # nothing else changes
    ],
)
def test_normalises_newlines_only(data: bytes, text: str) -> None:
    assert read_plain(data) == text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "is empty"),
        (random.Random(0).randbytes(2048), "looks like a binary file, not text"),
        (b"PK\x03\x04\x00\x00binary", "looks like a binary file, not text"),
        (bytes(range(1, 32)) * 10, "looks like a binary file, not text"),
    ],
    ids=["empty", "random", "nul", "controls"],
)
def test_errors(data: bytes, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_plain(data)


def test_error_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    [reply] = read_replies(tmp_path / "empty.txt")
    assert reply.text == ""
    assert reply.error.startswith(str(tmp_path / "empty.txt") + " is empty")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=500))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    try:
        text = read_plain(data)
    except ReadError:
        return
    assert "\r" not in text
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "reply.txt")
        path.write_bytes(data)
        [reply] = read_replies(path)
    assert (reply.error is None) == bool(reply.text)
