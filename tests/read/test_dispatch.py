import logging
from collections.abc import Callable
from pathlib import Path

import pytest

import nlp_foi.read as read
from nlp_foi.config import Config
from nlp_foi.read import read_replies
from nlp_foi.read.base import human_size, slug


def _tree(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def test_folder_sorted_recursive_one_reply_per_file(tmp_path: Path, docx_bytes: Callable) -> None:
    _tree(tmp_path, {
        "b.txt": b"B",
        "a/z.html": b"<p>Z</p>",
        "a/y.docx": docx_bytes(["Y"]),
        "c.xlsx": b"skipped silently",
        ".DS_Store": b"\0\0",
        "a/~$y.docx": b"lock file",
        "d.txt": b"",
    })
    replies = list(read_replies(tmp_path))
    assert [(r.id, r.text) for r in replies] == [("y", "Y"), ("z", "Z"), ("b", "B"), ("d", "")]
    assert replies[3].error == f"{tmp_path / 'd.txt'} is empty; check the file was saved or downloaded completely"


def test_request_folder_is_one_reply(tmp_path: Path, correspondence: str) -> None:
    (tmp_path / "correspondence.txt").write_text(correspondence, encoding="utf-8")
    (tmp_path / "3_2_annex.txt").write_text("Annex", encoding="utf-8")
    [reply] = read_replies(tmp_path)
    assert reply.id == slug(tmp_path.name) and "Smoothwall" in reply.text and reply.text.endswith("Annex")


@pytest.mark.parametrize(
    "name, rid",
    [
        ("Reply from Example Council (final).txt", "Reply-from-Example-Council-final"),
        ("café_reply.v2.txt", "café_reply.v2"),
        ("cafe\u0301.txt", "café"),  # decomposed, as macOS writes names
        ("!!!.txt", "reply"),
    ],
)
def test_ids_are_slugs(tmp_path: Path, name: str, rid: str) -> None:
    (tmp_path / name).write_text("Not held.", encoding="utf-8")
    assert [r.id for r in read_replies(tmp_path / name)] == [rid]


def test_ids_unique_within_a_call(tmp_path: Path) -> None:
    _tree(tmp_path, {"1/reply.txt": b"a", "2/reply.txt": b"b", "3/reply.html": b"<p>c</p>", "reply-2.txt": b"d"})
    assert [r.id for r in read_replies(tmp_path)] == ["reply", "reply-2", "reply-3", "reply-2-2"]


def test_missing_source(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere does not exist; give a folder of replies"):
        read_replies(tmp_path / "nowhere")


@pytest.mark.parametrize(
    "name, message",
    [("reply.doc", r"is a \.doc file, which nlp_foi cannot read; .*save Word 97 \.doc files as \.docx"),
     ("reply.xlsx", r"is a \.xlsx file, which nlp_foi cannot read; give replies as \.txt, \.html")],
)
def test_unsupported_file(tmp_path: Path, name: str, message: str) -> None:
    (tmp_path / name).write_bytes(b"x")
    with pytest.raises(ValueError, match=message):
        read_replies(tmp_path / name)


def test_folder_with_nothing_readable(tmp_path: Path) -> None:
    _tree(tmp_path, {"a.xlsx": b"x", "b.xlsx": b"x", "c.doc": b"x"})
    replies = read_replies(tmp_path)
    with pytest.raises(ValueError, match=r"has no files nlp_foi can read \(found: \.xlsx \(2\), \.doc \(1\)\)"):
        next(replies)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"x" * 31_200)
    [reply] = read_replies(tmp_path / "big.txt", config=Config(max_file_bytes=25_000))
    assert reply.error == (
        f"{tmp_path / 'big.txt'} is 31.2 kB, over the 25 kB limit (Config.max_file_bytes); "
        "raise the limit with --max-file-mb"
    )


@pytest.mark.parametrize("n, text", [(31_200_000, "31.2 MB"), (25_000_000, "25 MB"), (1_500, "1.5 kB"), (12, "12 bytes")])
def test_human_size(n: int, text: str) -> None:
    assert human_size(n) == text


def test_long_text_cut_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "long.txt").write_text("x" * 500, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        [reply] = read_replies(tmp_path / "long.txt", config=Config(max_text_chars=100))
    assert reply.text == "x" * 100 and reply.error is None
    assert "text cut at 100 of 500 characters (Config.max_text_chars)" in caplog.text


def test_lazy(tmp_path: Path) -> None:
    _tree(tmp_path, {"a.txt": b"A", "b.txt": b"B"})
    replies = read_replies(tmp_path)
    assert next(replies).text == "A"
    (tmp_path / "b.txt").unlink()  # not read yet, so its loss shows as that file's error
    assert "b.txt could not be opened" in next(replies).error


def test_unexpected_failure_is_an_error_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(read, "read_document", boom)
    _tree(tmp_path, {"a.txt": b"A", "b.txt": b"B"})
    replies = list(read_replies(tmp_path))
    assert [r.error for r in replies] == [
        f"{tmp_path / n} could not be read (RuntimeError: boom); please report this with the file" for n in ("a.txt", "b.txt")
    ]


def test_every_kind_in_one_folder(
    tmp_path: Path, docx_bytes: Callable, pdf_bytes: Callable, eml_bytes: Callable, zip_bytes: Callable, correspondence: str
) -> None:
    _tree(tmp_path, {
        "1.txt": b"Plain",
        "2.html": b"<p>Page</p>",
        "3.pdf": pdf_bytes(["Portable"]),
        "4.docx": docx_bytes(["Word"]),
        "5.eml": eml_bytes("Mail"),
        "6.zip": zip_bytes({"correspondence.txt": correspondence}),
        "7.jsonl": b'{"id": "t1", "text": "Row one"}\n{"id": "t2", "text": "Row two"}\n',
        "8.csv": b"id,text\nc1,Cell\n",
        "9.txt": b"\0binary",
    })
    replies = list(read_replies(tmp_path))
    assert [r.id for r in replies] == ["1", "2", "3", "4", "5", "6", "t1", "t2", "c1", "9"]
    assert all((r.error is None) == bool(r.text) for r in replies)
    assert all(r.error.startswith(r.source) for r in replies if r.error)
    assert replies[-1].error.endswith("looks like a binary file, not text; check it is the reply and has the right extension")
