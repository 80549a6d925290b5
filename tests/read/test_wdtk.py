from collections.abc import Callable
from pathlib import Path

import pytest

from nlp_foi.config import Config
from nlp_foi.read import read_replies
from nlp_foi.read.wdtk import read_wdtk, split_messages

SEP = "\n\n-------------------------------------------------------------------\n\n"
REPLY_TEXT = (
    "From: Example College\nDate: 24 March 2021\n\n"
    "Dear Ms Smith,\n\n1. We use Smoothwall Monitor.\n2. We do not hold this information."
)


def _write(tmp_path: Path, data: bytes, name: str = "digital-monitoring-example-college.zip") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_split_messages(correspondence: str) -> None:
    request, reply = split_messages(correspondence)
    assert request.headers == {"from": "Jane Smith", "to": "Example College", "date": "3 March 2021"}
    assert request.body.startswith("Dear Example College,")
    assert reply.headers["from"] == "Example College"
    assert reply.body.endswith("2. We do not hold this information.")


def test_dashed_line_inside_a_message_stays_there() -> None:
    text = "From: A\nTo: B\n\nrequest" + SEP + "From: B\nTo: A\n\nYear  Alerts\n" + SEP + "2019  12"
    assert split_messages(text)[1].body == (
        "Year  Alerts\n\n\n-------------------------------------------------------------------\n\n2019  12"
    )


def test_download(tmp_path: Path, zip_bytes: Callable, pdf_bytes: Callable, correspondence: str) -> None:
    data = zip_bytes({
        "correspondence.txt": correspondence,
        "3_2_response.pdf": pdf_bytes(["Annex A", [["Year", "Alerts"], ["2019/20", "12"]]]),
        "3_3_logo.png": b"\x89PNG",
    })
    [reply] = read_replies(_write(tmp_path, data))
    assert reply.error is None
    assert reply.id == "digital-monitoring-example-college"
    assert reply.authority == "Example College"
    assert reply.text == REPLY_TEXT + "\n\n----- Attachment: 3_2_response.pdf -----\nAnnex A\nYear | Alerts\n2019/20 | 12"
    assert "Which company" not in reply.text  # the request is not the reply


def test_attachments_by_message_then_part(tmp_path: Path, zip_bytes: Callable, correspondence: str) -> None:
    data = zip_bytes({
        "correspondence.txt": correspondence,
        "3_10_b.txt": "ten",
        "3_2_a.txt": "two",
        "12_1_c.txt": "twelve",
    })
    [reply] = read_replies(_write(tmp_path, data))
    assert reply.text.index("two") < reply.text.index("ten") < reply.text.index("twelve")


def test_batch_export_zip(tmp_path: Path, zip_bytes: Callable, correspondence: str) -> None:
    data = zip_bytes({
        "college-a/correspondence.txt": correspondence,
        "college-b/correspondence.txt": correspondence.replace("Smoothwall", "Impero"),
        "college-b/4_2_annex.txt": "Annex",
    })
    replies = list(read_replies(_write(tmp_path, data, "batch.zip")))
    assert [r.id for r in replies] == ["college-a", "college-b"]
    assert "Impero" in replies[1].text and replies[1].text.endswith("----- Attachment: 4_2_annex.txt -----\nAnnex")
    assert replies[1].source == f"{tmp_path / 'batch.zip'}/college-b"


def test_batch_export_folder(tmp_path: Path, correspondence: str) -> None:
    folder = tmp_path / "export" / "example-college"
    folder.mkdir(parents=True)
    (folder / "correspondence.txt").write_text(correspondence, encoding="utf-8")
    (folder / "3_2_response.txt").write_text("Annex", encoding="utf-8")
    [reply] = read_replies(tmp_path / "export")
    assert reply.id == "example-college" and reply.source == str(folder)
    assert reply.text == REPLY_TEXT + "\n\n----- Attachment: 3_2_response.txt -----\nAnnex"


@pytest.mark.parametrize("evil", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt"])
def test_unsafe_members_skipped(tmp_path: Path, zip_bytes: Callable, correspondence: str, evil: str) -> None:
    data = zip_bytes({"correspondence.txt": correspondence, evil: "From: X\nTo: Jane Smith\n\nEVIL"})
    [reply] = read_replies(_write(tmp_path, data))
    assert reply.error is None and "EVIL" not in reply.text


@pytest.mark.parametrize(
    "evil", ["../correspondence.txt", "/correspondence.txt", "C:/correspondence.txt", "a/../../correspondence.txt"]
)
def test_only_unsafe_members(tmp_path: Path, zip_bytes: Callable, correspondence: str, evil: str) -> None:
    [reply] = read_replies(_write(tmp_path, zip_bytes({evil: correspondence})))
    assert reply.text == ""
    assert "has no correspondence.txt" in reply.error
    assert f"skipped 1 unsafe member(s) ({evil}): absolute paths and '..' are never read" in reply.error


@pytest.mark.parametrize(
    "members, config, message",
    [
        ({"correspondence.txt": "x", "big.txt": b"\0" * 1_000_000}, Config(max_unpacked_bytes=10_000),
         r"unpacks to 1 MB, over the 10 kB limit \(Config.max_unpacked_bytes\)"),
        ({"a.txt": "a", "b.txt": "b", "c.txt": "c"}, Config(max_archive_members=2),
         r"has 3 members, over the 2 limit \(Config.max_archive_members\)"),
        ({"reply.pdf": b"%PDF"}, Config(),
         "has no correspondence.txt, so it is not a WhatDoTheyKnow download; unzip it and read the folder"),
    ],
    ids=["zip-bomb", "members", "not-wdtk"],
)
def test_archive_refused(tmp_path: Path, zip_bytes: Callable, members: dict, config: Config, message: str) -> None:
    [reply] = read_replies(_write(tmp_path, zip_bytes(members)), config=config)
    assert reply.text == ""
    with pytest.raises(AssertionError, match=message):
        raise AssertionError(reply.error)


def test_not_a_zip(tmp_path: Path) -> None:
    [reply] = read_replies(_write(tmp_path, b"PK but not really"))
    assert reply.error.startswith(f"{tmp_path / 'digital-monitoring-example-college.zip'} is not a readable zip archive")


def test_only_the_request(tmp_path: Path, zip_bytes: Callable, correspondence: str) -> None:
    request_only = correspondence.split("From: Example College")[0]
    [reply] = read_replies(_write(tmp_path, zip_bytes({"correspondence.txt": request_only})))
    assert "has no message from the authority, only the request" in reply.error


def test_attachment_over_the_file_limit(tmp_path: Path, zip_bytes: Callable, correspondence: str) -> None:
    data = zip_bytes({"correspondence.txt": correspondence, "3_2_big.txt": "x" * 5000})
    [reply] = read_wdtk(_write(tmp_path, data), config=Config(max_file_bytes=2000))
    assert reply.text == REPLY_TEXT  # the body is kept; the big attachment is left out
