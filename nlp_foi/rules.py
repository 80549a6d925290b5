"""FOI language as spaCy rules: what an answer says it is doing.

A ``spacy.blank("en")`` pipeline with a sentencizer and a ``span_ruler`` loaded from
the FOI phrasing lexicon (``data/lexicons/foi_phrases.yaml``).  The hits land in
``doc.spans["foi"]`` with the lexicon's categories as labels (not_held, cost_limit,
exempt, not_applicable, attached, s21, zero, courtesy, cross_reference, other_act, yes, no).
They are signals for the coder and the evidence shown to a reviewer, not codes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
import yaml
from spacy.language import Language
from spacy.tokens import Doc

from .config import LEXICONS_DIR
from .records import Span

SPANS_KEY = "foi"
CATEGORIES = (
    "not_held", "cost_limit", "exempt", "not_applicable", "attached", "s21",
    "zero", "courtesy", "cross_reference", "other_act", "yes", "no",
)


def load_phrases(path: Path | None = None) -> dict:
    path = path or LEXICONS_DIR / "foi_phrases.yaml"
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@lru_cache(maxsize=4)
def build_nlp(path: str | None = None) -> Language:
    """The rule pipeline: tokenizer, sentencizer, span_ruler with the FOI lexicon."""
    lexicon = load_phrases(Path(path) if path else None)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe(
        "span_ruler",
        config={"spans_key": SPANS_KEY, "phrase_matcher_attr": "LOWER", "overwrite": True},
    )
    patterns = []
    for label, entry in lexicon.items():
        for phrase in entry.get("phrases", []) or []:
            patterns.append({"label": label, "pattern": str(phrase)})
        for pattern in entry.get("patterns", []) or []:
            patterns.append({"label": label, "pattern": pattern})
    ruler.add_patterns(patterns)
    return nlp


RE_CITATION = re.compile(r"^(?:sections?|ss?\.?|sec\.?|regulations?|reg\.?)\s*\d", re.I)
RE_OF_ACT_GAP = re.compile(r"^[\s\d()a-zA-Z]{0,12}?(?:of\s+(?:the\s+)?|,\s*|\(|under\s+the\s+)?$")


def hits(doc: Doc, *, offset: int = 0) -> list[Span]:
    """The rule hits of ``doc`` as records with character offsets (shifted by ``offset``).

    A citation followed by another Act ("section 26 of the Counter-Terrorism and
    Security Act 2015", "s.175 Education Act 2002") is relabelled ``other_act``: it is
    not a reason for withholding (codebook edge rule 5).
    """
    spans = list(doc.spans.get(SPANS_KEY, []))
    acts = [s for s in spans if s.label_ == "other_act"]
    out = []
    for s in spans:
        label = s.label_
        if label in ("exempt", "cost_limit", "not_held", "attached", "s21") and RE_CITATION.match(s.text):
            for act in acts:
                if act.start_char >= s.end_char and RE_OF_ACT_GAP.match(doc.text[s.end_char:act.start_char]):
                    label = "other_act"
                    break
        out.append(Span(s.start_char + offset, s.end_char + offset, s.text, label))
    return out


def find(text: str, *, offset: int = 0, nlp: Language | None = None) -> list[Span]:
    """Rule hits in one text."""
    nlp = nlp or build_nlp()
    return hits(nlp(text), offset=offset)


_CACHE: dict[str, list[Span]] = {}
_CACHE_SIZE = 4096


def find_many(texts: Iterable[str], *, nlp: Language | None = None, batch_size: int = 64) -> Iterator[list[Span]]:
    """Rule hits for many texts, batched through ``nlp.pipe``.

    The default pipeline's results are remembered for the last few thousand texts: the
    classifier's features and the evidence shown to reviewers ask for the same answers.
    """
    if nlp is not None:
        for doc in nlp.pipe(texts, batch_size=batch_size):
            yield hits(doc)
        return
    texts = list(texts)
    todo = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    if todo:
        if len(_CACHE) + len(todo) > _CACHE_SIZE:
            _CACHE.clear()
        for text, doc in zip(todo, build_nlp().pipe(todo, batch_size=batch_size)):
            _CACHE[text] = hits(doc)
    for text in texts:
        yield list(_CACHE[text]) if text in _CACHE else find(text)


def counts(spans: Iterable[Span]) -> Counter:
    return Counter(s.label for s in spans)
