"""Save, find and load trained coders: a joblib file with a ``meta.json`` beside it.

joblib files are pickles: loading one runs code.  A model folder is only loaded when
the SHA-256 of its ``model.joblib`` equals the hash recorded in its ``meta.json`` and
the library versions match, unless the caller passes ``trust=True`` (``--trust-model``)
for a model they made themselves elsewhere.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
from pathlib import Path
from typing import Any

import joblib
import sklearn
import spacy

from . import __version__
from .config import MODELS_DIR

MODEL_FILE = "model.joblib"
META_FILE = "meta.json"


class ModelError(RuntimeError):
    """A model folder that cannot be loaded; the message says why and what to do."""


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def versions() -> dict[str, str]:
    return {
        "nlp_foi": __version__,
        "scikit-learn": sklearn.__version__,
        "spacy": spacy.__version__,
        "joblib": joblib.__version__,
        "python": platform.python_version(),
    }


def save_model(estimator: Any, folder: str | Path, meta: dict[str, Any]) -> Path:
    """Write ``model.joblib`` and ``meta.json`` (versions and the file's hash added)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / MODEL_FILE
    joblib.dump(estimator, path, compress=3)
    full = {"name": folder.name, **meta, "versions": versions(), "sha256": file_sha256(path)}
    (folder / META_FILE).write_text(json.dumps(full, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return folder


def read_meta(folder: str | Path) -> dict[str, Any]:
    folder = Path(folder)
    try:
        return json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ModelError(f"{folder}: no {META_FILE}; a model folder holds {MODEL_FILE} and {META_FILE} (nlp-foi train)") from exc
    except json.JSONDecodeError as exc:
        raise ModelError(f"{folder / META_FILE}: not valid JSON ({exc}); retrain with nlp-foi train") from exc


def load_model(folder: str | Path, *, trust: bool = False) -> tuple[Any, dict[str, Any]]:
    """The estimator and its metadata, after the hash and version checks."""
    folder = Path(folder)
    meta = read_meta(folder)
    path = folder / MODEL_FILE
    if not path.exists():
        raise ModelError(f"{folder}: no {MODEL_FILE}; retrain with nlp-foi train")
    if not trust:
        digest = file_sha256(path)
        if digest != meta.get("sha256"):
            raise ModelError(
                f"{path}: its SHA-256 does not match {META_FILE}; the file was changed or comes from elsewhere. "
                "joblib files are pickles and run code when loaded: retrain with nlp-foi train, "
                "or pass --trust-model if you made it yourself"
            )
        saved = meta.get("versions", {}).get("scikit-learn")
        if saved and saved.split(".")[:2] != sklearn.__version__.split(".")[:2]:
            raise ModelError(
                f"{folder}: trained with scikit-learn {saved}, this is {sklearn.__version__}; "
                "retrain with nlp-foi train (or pass --trust-model to try anyway)"
            )
    return joblib.load(path), meta


def shipped_models(root: str | Path = MODELS_DIR) -> list[Path]:
    """Model folders under ``root``, newest version last (``<name>-v<N>``)."""
    root = Path(root)
    if not root.is_dir():
        return []
    folders = [p for p in root.iterdir() if (p / META_FILE).exists() and (p / MODEL_FILE).exists()]

    def version(p: Path) -> tuple[str, int]:
        m = re.match(r"(.*)-v(\d+)$", p.name)
        return (m.group(1), int(m.group(2))) if m else (p.name, 0)

    return sorted(folders, key=version)


def default_model_dir() -> Path | None:
    found = shipped_models()
    return found[-1] if found else None
