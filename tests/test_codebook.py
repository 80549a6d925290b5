from __future__ import annotations

import pytest

from nlp_foi.codebook import CodebookError, load_codebook


def test_default_codebook_matches_codebook_md():
    book = load_codebook()
    assert book.ids == ["disclosed", "not_held", "cost_limit", "exempt", "not_applicable", "attached", "no_answer"]
    assert book.missing == "no_answer"
    assert book.group("cost_limit") == book.group("not_held") == "unknown/capacity"


def test_users_own_codebook(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\nmissing: skipped\ncodes: [yes, no_info, skipped]\n".replace("yes", "'yes'"))
    assert load_codebook(path).ids == ["yes", "no_info", "skipped"]


@pytest.mark.parametrize(
    "content,message",
    [("codes: []", r"non-empty 'codes' list"), ("codes: [a, b]\nmissing: c", r"'missing' is 'c'"), ("[1, 2", r"not valid YAML")],
)
def test_bad_codebooks(tmp_path, content, message):
    path = tmp_path / "book.yaml"
    path.write_text(content)
    with pytest.raises(CodebookError, match=message):
        load_codebook(path)
