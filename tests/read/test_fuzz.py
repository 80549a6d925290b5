"""Arbitrary bytes never crash a reader: each gives text or a ReadError, and a file always gives a reply."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp_foi.config import Config
from nlp_foi.read import SUPPORTED, read_replies
from nlp_foi.read.base import ReadError
from nlp_foi.read.pdf import read_pdf
from nlp_foi.read.plain import read_plain
from nlp_foi.read.webpage import read_html
from nlp_foi.read.word import read_docx

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = Config(max_unpacked_bytes=1_000_000, max_pdf_pages=5)

PDF_HEAD = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
NAMES = st.sampled_from(["word/document.xml", "[Content_Types].xml", "correspondence.txt", "1_2_reply.pdf",
                         "../evil.txt", "/etc/passwd", "a/correspondence.txt", "a/3_1_annex.docx", "x.txt"])


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


# Bytes that look like each format at first (a header, a zip of plausible members), then anything.
ANY = st.binary(max_size=3000)
PDF_LIKE = st.builds(lambda tail: PDF_HEAD + tail, ANY)
ZIP_LIKE = st.dictionaries(NAMES, ANY, max_size=4).map(_zip)
HTML_LIKE = st.lists(st.sampled_from(["<p>", "</p>", "<div class='correspondence incoming'>", "<table><tr><td>",
                                      "<script>", "</script>", "<!--", "<pre>", "&amp;", "\x00", "1. Not held."]),
                     max_size=40).map("".join)


def _text_or_read_error(reader, data, **kwargs) -> None:
    try:
        text = reader(data, config=SMALL, **kwargs)
    except ReadError as exc:
        assert str(exc)  # says why
    else:
        assert isinstance(text, str)


@FUZZ
@given(data=ANY)
def test_plain(data):
    _text_or_read_error(read_plain, data)


@FUZZ
@given(data=st.one_of(ANY, HTML_LIKE.map(str.encode), HTML_LIKE))
def test_html(data):
    _text_or_read_error(read_html, data)


@FUZZ
@given(data=st.one_of(ANY, PDF_LIKE))
def test_pdf(data):
    _text_or_read_error(read_pdf, data)


@FUZZ
@given(data=st.one_of(ANY, ZIP_LIKE))
def test_docx(data):
    _text_or_read_error(read_docx, data)


@FUZZ
@given(suffix=st.sampled_from(sorted(SUPPORTED)), data=st.one_of(ANY, PDF_LIKE, ZIP_LIKE, HTML_LIKE.map(str.encode)))
def test_any_file_gives_replies_with_text_or_an_error(suffix, data):
    """Every kind of file, tables and mail and WhatDoTheyKnow zips included, through the one entry point."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"reply{suffix}"
        path.write_bytes(data)
        replies = list(read_replies(path, config=SMALL))
    assert replies, "a file gives at least one reply"
    for reply in replies:
        assert reply.id and reply.source.startswith(str(path))
        assert (reply.text.strip() != "") != (reply.error is not None), reply
        if reply.error:
            assert str(path) in reply.error and "please report this" not in reply.error, reply.error


@pytest.mark.parametrize("members", [{"correspondence.txt": b"From: a\nTo: b\n\nhi"}, {"../x/correspondence.txt": b""}])
def test_zip_members_never_leave_the_archive(tmp_path, members):
    """Archives are read in memory: nothing is written beside them, whatever the member names."""
    path = tmp_path / "download.zip"
    path.write_bytes(_zip(members))
    list(read_replies(path))
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["download.zip"]
