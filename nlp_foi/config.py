"""One configuration with every default.

Every stage takes a :class:`Config` (keyword ``config=``); nothing else holds a
tunable number.  The CLI builds one from its options with :meth:`Config.replace`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Config:
    # -- reading ----------------------------------------------------------------
    max_file_bytes: int = 25_000_000
    """Files larger than this are not read; they get an error line."""
    max_pdf_pages: int = 200
    max_unpacked_bytes: int = 200_000_000
    """Total unpacked size allowed for a .zip or .docx (zip bombs)."""
    max_archive_members: int = 5_000
    max_text_chars: int = 1_000_000
    """Text beyond this many characters is cut (with a warning).  At most spaCy's ``nlp.max_length``
    (1,000,000), or the rule pipeline refuses the reply's longest answers."""
    encodings: tuple[str, ...] = ("utf-8", "utf-8-sig", "cp1252", "latin-1")

    # -- questions --------------------------------------------------------------
    min_question_chars: int = 12
    """An unlabelled paragraph shorter than this is not taken for a question."""

    # -- segmenting -------------------------------------------------------------
    question_match_threshold: float = 0.55
    """Token F1 a reply passage needs to count as the question restated."""
    max_question_window_lines: int = 6

    # -- coding -----------------------------------------------------------------
    codebook: str | None = None
    """Path of a codebook (YAML/JSON); None: the default codebook of codebook.md."""
    model: str | None = None
    """Path of a model folder; None: the newest shipped model, else rules only."""
    trust_model: bool = False
    """Load a model whose hash is not the one recorded by this project (joblib is pickle)."""
    review_threshold: float = 0.80
    """Answers coded below this confidence are flagged for review (set by the model's meta)."""

    # -- batching ---------------------------------------------------------------
    batch_size: int = 64
    """Replies coded together: a chunk, written to the output at once (and the unit of --resume)."""
    jobs: int = 1
    """Processes coding chunks in parallel (joblib); 0: one per core.  The CLI's default is 0."""
    scheduler: str | None = None
    """Address of a Dask scheduler (``tcp://host:8786``) to code on instead of this machine."""
    quiet: bool = False

    def replace(self, **changes) -> "Config":
        """A copy with ``changes`` applied; unknown names raise ``TypeError``."""
        return dataclasses.replace(self, **changes)


DEFAULT = Config()

PACKAGE_DIR = Path(__file__).resolve().parent
RESOURCES_DIR = PACKAGE_DIR / "resources"


def _shipped_dir(installed: str, checkout: str) -> Path:
    """A folder shipped with the package: inside it once installed, at the top of a checkout otherwise."""
    inside = PACKAGE_DIR / installed
    return inside if inside.is_dir() else PACKAGE_DIR.parent / checkout


LEXICONS_DIR = _shipped_dir("lexicons", "data/lexicons")
MODELS_DIR = _shipped_dir("models", "models")
EXAMPLE_DIR = RESOURCES_DIR / "example"
