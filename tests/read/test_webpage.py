import socket
from pathlib import Path

import pytest

from nlp_foi.read import read_replies
from nlp_foi.read.base import ReadError
from nlp_foi.read.webpage import read_html

PAGE = """<!DOCTYPE html>
<html><head><title>Reply</title><style>p {color: red}</style></head>
<body>
<nav><a href="/">Home</a></nav>
<script>alert("no")</script>
<img src="http://example.org/track.gif">
<h1>Response to your request</h1>
<p>Dear   Ms Smith,
   thank you for your request.<br>We hold the following.</p>
<table>
  <tr><th>Year</th><th>Alerts</th></tr>
  <tr><td>2019/20</td><td>12</td></tr>
</table>
<ul><li>Smoothwall</li><li>Impero</li></ul>
<!-- a comment -->
<form><input name="q"><label>Search</label></form>
<footer>Copyright</footer>
</body></html>"""

WDTK_PAGE = """<html><body>
<div id="left_column">
<div class="outgoing correspondence" id="outgoing-1">
  <div class="correspondence__header">Jane Smith</div>
  <div class="correspondence_text"><p>Dear College,<br>1. Which product do you use?</p></div>
</div>
<div class="incoming correspondence" id="incoming-2">
  <div class="correspondence__header">Example College</div>
  <div class="correspondence_text"><p>Dear Ms Smith,</p><p>1. We use Smoothwall.</p>
  <script>track()</script></div>
  <ul class="list-of-attachments"><li>response.pdf</li></ul>
</div>
<div class="outgoing correspondence" id="outgoing-3">
  <div class="correspondence_text"><p>Thank you, please review.</p></div>
</div>
<div class="incoming correspondence" id="incoming-4">
  <div class="correspondence_text"><p>Internal review: we uphold our answer.</p></div>
</div>
</div></body></html>"""


def test_page_text() -> None:
    assert read_html(PAGE.encode()) == (
        "Response to your request\n\n"
        "Dear Ms Smith, thank you for your request.\nWe hold the following.\n\n"
        "Year | Alerts\n2019/20 | 12\n\n"
        "Smoothwall\nImpero"
    )


@pytest.mark.parametrize("dropped", ["alert", "color", "Home", "Search", "Copyright", "a comment", "Reply"])
def test_drops_non_text(dropped: str) -> None:
    assert dropped not in read_html(PAGE.encode())


def test_wdtk_page_keeps_incoming_messages_in_order() -> None:
    text = read_html(WDTK_PAGE)
    assert text == "Dear Ms Smith,\n\n1. We use Smoothwall.\n\nInternal review: we uphold our answer."


def test_wdtk_page_with_only_the_request() -> None:
    page = WDTK_PAGE.split('<div class="incoming')[0] + "</div></body></html>"
    with pytest.raises(ReadError, match="WhatDoTheyKnow page with no message from the authority"):
        read_html(page)


@pytest.mark.parametrize("data", [b"", b"  \n "])
def test_empty(data: bytes) -> None:
    with pytest.raises(ReadError, match="is empty"):
        read_html(data)


def test_never_fetches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the reader opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    (tmp_path / "reply.html").write_text(PAGE, encoding="utf-8")
    [reply] = read_replies(tmp_path / "reply.html")
    assert reply.error is None and "Smoothwall" in reply.text


def test_htm_and_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 \x96 not held</p></body></html>'
    (tmp_path / "reply.htm").write_bytes(page.encode("latin-1"))
    [reply] = read_replies(tmp_path / "reply.htm")
    assert reply.text == "Café – not held"
