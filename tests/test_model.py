"""Model folders: hashes and versions are checked before a pickle is loaded."""

from __future__ import annotations

import json

import pytest

from nlp_foi.model import ModelError, load_model, read_meta, save_model, shipped_models


def test_changed_model_file_is_refused(tmp_path):
    folder = save_model({"any": "object"}, tmp_path / "m-v1", {})
    (folder / "model.joblib").write_bytes(b"tampered")
    with pytest.raises(ModelError, match=r"SHA-256 does not match meta\.json.*--trust-model"):
        load_model(folder)


def test_trust_skips_the_hash_check(tmp_path):
    folder = save_model([1, 2, 3], tmp_path / "m-v1", {})
    meta = json.loads((folder / "meta.json").read_text())
    meta["sha256"] = "0" * 64
    (folder / "meta.json").write_text(json.dumps(meta))
    assert load_model(folder, trust=True)[0] == [1, 2, 3]


def test_other_sklearn_version_is_refused(tmp_path):
    folder = save_model([1], tmp_path / "m-v1", {})
    meta = json.loads((folder / "meta.json").read_text())
    meta["versions"]["scikit-learn"] = "0.1.0"
    (folder / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"trained with scikit-learn 0\.1\.0"):
        load_model(folder)


def test_missing_meta(tmp_path):
    with pytest.raises(ModelError, match=r"no meta\.json"):
        read_meta(tmp_path)


def test_newest_version_last(tmp_path):
    for n in (1, 10, 2):
        save_model([n], tmp_path / f"coder-v{n}", {})
    assert [p.name for p in shipped_models(tmp_path)] == ["coder-v1", "coder-v2", "coder-v10"]
