import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from nlp_foi.read.mail import read_mail

BODY = "Dear Ms Smith,\n\nWe hold the information — café £5.\nPlease see the attached."


def _write(tmp_path: Path, data: bytes, name: str = "reply.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_body_then_attachments(tmp_path: Path, eml_bytes: Callable, docx_bytes: Callable, cte: str) -> None:
    attachments = [
        ("response.docx", docx_bytes(["1. We use Smoothwall.", [["Year", "Alerts"], ["2019/20", "12"]]])),
        ("notes.txt", b"2. Not held."),
        ("logo.png", b"\x89PNG not read"),
    ]
    reply = read_mail(_write(tmp_path, eml_bytes(BODY, attachments=attachments, cte=cte)))
    assert reply.error is None
    assert reply.id == "reply" and reply.authority == "Example Council FOI Team"
    assert reply.text == (
        BODY
        + "\n\n----- Attachment: response.docx -----\n1. We use Smoothwall.\nYear | Alerts\n2019/20 | 12"
        + "\n\n----- Attachment: notes.txt -----\n2. Not held."
    )


def test_html_body_when_no_plain_part(tmp_path: Path, eml_bytes: Callable) -> None:
    html = "<html><body><p>Dear Ms Smith,</p><p>1. Not held.</p><script>x()</script></body></html>"
    reply = read_mail(_write(tmp_path, eml_bytes("", html=html)))
    assert reply.text == "Dear Ms Smith,\n\n1. Not held."


def test_plain_preferred_over_html(tmp_path: Path, eml_bytes: Callable) -> None:
    reply = read_mail(_write(tmp_path, eml_bytes("Plain text.", html="<p>HTML text.</p>")))
    assert reply.text.strip() == "Plain text."


@pytest.mark.parametrize(
    "sender, authority",
    [
        ("Example Council FOI Team <foi@example.gov.uk>", "Example Council FOI Team"),
        ("foi@example.gov.uk", None),
    ],
)
def test_authority_from_display_name(tmp_path: Path, eml_bytes: Callable, sender: str, authority) -> None:
    assert read_mail(_write(tmp_path, eml_bytes(BODY, sender=sender))).authority == authority


def test_bad_attachment_does_not_lose_the_body(
    tmp_path: Path, eml_bytes: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    data = eml_bytes(BODY, attachments=[("scan.pdf", b"%PDF-1.4 garbage")])
    with caplog.at_level(logging.WARNING):
        reply = read_mail(_write(tmp_path, data))
    assert reply.error is None and reply.text.startswith(BODY)
    assert "attachment scan.pdf is not a readable PDF" in caplog.text


def test_nothing_readable(tmp_path: Path, eml_bytes: Callable) -> None:
    reply = read_mail(_write(tmp_path, eml_bytes("", attachments=[("scan.pdf", b"%PDF-1.4 garbage")])))
    assert reply.text == ""
    assert reply.error.startswith(f"{tmp_path / 'reply.eml'} has no readable text: attachment scan.pdf is not a readable PDF")


def test_empty(tmp_path: Path) -> None:
    reply = read_mail(_write(tmp_path, b""))
    assert reply.error == f"{tmp_path / 'reply.eml'} is empty; check the message was saved completely"


def test_crlf_and_unknown_charset(tmp_path: Path) -> None:
    data = (
        b"From: FOI <foi@example.gov.uk>\r\nSubject: RE: FOI\r\n"
        b"Content-Type: text/plain; charset=x-unknown\r\n\r\n1. Yes\r\n2. Caf\xe9\r\n"
    )
    assert read_mail(_write(tmp_path, data)).text == "1. Yes\n2. Café"
