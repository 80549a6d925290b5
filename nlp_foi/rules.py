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
from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

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
    flags: dict[tuple, int] = {}
    for label, entry in lexicon.items():
        for phrase in entry.get("phrases", []) or []:
            patterns.append({"label": label, "pattern": str(phrase)})
        for pattern in entry.get("patterns", []) or []:
            patterns.append({"label": label, "pattern": with_word_flags(pattern, nlp.vocab, flags)})
    ruler.add_patterns(patterns)
    return nlp


# Custom lexeme flags: the bits spaCy leaves free for them (attrs FLAG19 .. FLAG63).
_FLAG_BITS = range(19, 64)
_WORD_ATTRS = {"TEXT": ORTH, "ORTH": ORTH, "LOWER": LOWER}


def with_word_flags(pattern: list[dict], vocab: Vocab, flags: dict[tuple, int]) -> list[dict]:
    """``pattern`` with its REGEX and IN conditions on a token's text or lower case turned into word flags.

    Why: spaCy's Matcher calls Python for each such condition on every token, which made it
    most of the rule pipeline's time; a flag is a bit of the word's lexeme, set once per
    distinct word and checked in C.  The conditions only look at the word (the lexeme), so
    the matches are the same.  ``flags`` maps each condition to its flag, shared by the
    patterns of one vocab; a condition of another kind, or one past the free bits, is kept.
    """
    out = []
    for spec in pattern:
        spec = dict(spec)
        for key, cond in list(spec.items()):
            attr = _WORD_ATTRS.get(key.upper()) if isinstance(key, str) else None
            if attr is None or not isinstance(cond, dict) or len(cond) != 1:
                continue
            (op, value), = cond.items()
            if op == "REGEX" and isinstance(value, str):
                test = _regex_test(re.compile(value), attr, vocab)
            elif op == "IN" and isinstance(value, list) and all(isinstance(v, str) for v in value):
                test = _set_test(frozenset(value), attr, vocab)
            else:
                continue
            ident = (attr, op, repr(value))
            if ident not in flags:
                free = [b for b in _FLAG_BITS if b not in vocab.lex_attr_getters]
                if not free:
                    continue
                flags[ident] = vocab.add_flag(test, flag_id=free[0])
            del spec[key]
            spec[flags[ident]] = True
        out.append(spec)
    return out


def _word_form(attr: int, vocab: Vocab):
    """The form of a word the condition looks at: itself, or its lower case as the vocab makes it."""
    return (lambda word: word) if attr == ORTH else vocab.lex_attr_getters[LOWER]


def _regex_test(rx: re.Pattern, attr: int, vocab: Vocab):
    form = _word_form(attr, vocab)
    return lambda word: rx.search(form(word)) is not None  # as spaCy's REGEX: a search


def _set_test(values: frozenset[str], attr: int, vocab: Vocab):
    form = _word_form(attr, vocab)
    return lambda word: form(word) in values


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
