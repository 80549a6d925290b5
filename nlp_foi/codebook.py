"""The codebook is data: codes, their descriptions and coarse groups, from YAML or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import RESOURCES_DIR

DEFAULT_CODEBOOK = RESOURCES_DIR / "codebook.yaml"


class CodebookError(ValueError):
    """A codebook file that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    description: str = ""
    group: str = ""


@dataclass(frozen=True, slots=True)
class Codebook:
    name: str
    codes: tuple[Code, ...]
    missing: str = "no_answer"

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.codes]

    def group(self, code: str) -> str:
        return next((c.group or c.id for c in self.codes if c.id == code), code)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "missing": self.missing,
            "codes": [{"id": c.id, "group": c.group, "description": c.description} for c in self.codes],
        }


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read a codebook; ``None`` gives the default codebook of codebook.md."""
    path = Path(path) if path else DEFAULT_CODEBOOK
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CodebookError(f"{path}: no such codebook; give a YAML or JSON file with a 'codes' list") from exc
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else yaml.safe_load(raw)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise CodebookError(f"{path}: not valid {path.suffix[1:].upper() or 'YAML'} ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list) or not data["codes"]:
        raise CodebookError(f"{path}: expected a mapping with a non-empty 'codes' list (see nlp_foi/resources/codebook.yaml)")
    codes = []
    for n, item in enumerate(data["codes"], start=1):
        if isinstance(item, str):
            item = {"id": item}
        if not isinstance(item, dict) or not item.get("id"):
            raise CodebookError(f"{path}: code {n} needs an 'id'")
        codes.append(Code(id=str(item["id"]), description=str(item.get("description", "")).strip(), group=str(item.get("group", ""))))
    ids = [c.id for c in codes]
    missing = str(data.get("missing", "no_answer"))
    if missing not in ids:
        raise CodebookError(f"{path}: 'missing' is {missing!r}, which is not one of the codes {ids}")
    return Codebook(name=str(data.get("name", path.stem)), codes=tuple(codes), missing=missing)
