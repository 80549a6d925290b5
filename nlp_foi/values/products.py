"""Company and product names given as the answer ("Smoothwall", "NetSupport DNA").

Three sources, in order of trust; a later one never overlaps an earlier one:

1. the lexicon ``vendors.tsv`` (columns ``name``, ``aliases``, ``company``,
   ``category``), matched with a spaCy ``PhraseMatcher`` on lower case.  A name
   that is also an ordinary word ("Confirm", "Storm", "Mind") or very short
   ("BT", "MS") must be written as in the lexicon and not open a sentence;
2. misspellings of lexicon names (rapidfuzz ratio >= 90 over windows of 1-3
   tokens, at least 5 characters, same first letter, written capitalised,
   never an ordinary English word);
3. names the lexicon lacks, from how they are written: "... Ltd/Limited/plc/LLP/
   Inc", CamelCase ("NetSupport", "iBoss"), a capitalised name after "we use" /
   "provided by" / "the system is", or an answer that is only such a name.

Products are looked for when the question asks which product, company,
software, system, supplier, provider or manufacturer; there a list with one
capitalised name a line ("1) Camwey Technology") gives each name.  Whatever else
the question asks (bar "how many"), a lexicon name that opens a short answer is
its product ("Smoothwall - £24,000 per annum").  A company name written in full
("Insight Direct (UK) Ltd.") wins over the lexicon's shorter one.  With
``question=""`` only lexicon names (1 and 2) are returned.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from nlp_foi.config import LEXICONS_DIR
from nlp_foi.patterns import (
    CAMELCASE_NOT_PRODUCTS,
    COMMON_WORDS,
    GENERIC_NAME_WORDS,
    MODEL_NOT_NAME,
    NAME_LEADING_NOISE,
    RE_AFTER_LEADING_NAME,
    RE_ANSWER_PREFIX,
    RE_ASKS_MONEY,
    RE_ASKS_NUMBER,
    RE_ASKS_PRODUCT,
    RE_CAMELCASE,
    RE_CAPITALISED_NAME,
    RE_COMPANY_SUFFIX,
    RE_LISTED_NAME,
    RE_MODEL_TOKEN,
    RE_NAME_LIST_JOIN,
    RE_PRODUCT_CUE,
)
from nlp_foi.records import Value

FUZZY_MIN_SCORE = 90.0
FUZZY_MIN_CHARS = 5
FUZZY_MAX_TOKENS = 3
MAX_NAME_WORDS = 4
MAX_LIST_NAMES = 8
MAX_LISTED_NAME_WORDS = 6
MAX_SHORT_ANSWER_WORDS = 20
MAX_MODEL_WORDS = 4

RE_NOT_PRODUCT_ASK = re.compile(r"\b(?:cost|costs|spend|spent|price|value|paid|expire|expiry|much|many|when|date)\b", re.I)
RE_TRAILING_NOTE = re.compile(r"\s*\((?=[a-z])[^()]*\)$")
RE_PERSON_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Cllr)\.?\s*$")
RE_POINTER = re.compile(r"(?:see|refer|as per|same as|as for|please|answered)\b", re.I)
"""An answer that points elsewhere ("See 5a", "Refer to Q2"): no name however it is written."""
RE_SENTENCE_OPEN = re.compile(r"(?:^|[.!?:;\n•*]|^\s*[0-9a-z]{1,2}[.)])\s*[\"'“‘(]*$")


@dataclass(frozen=True, slots=True)
class Vendor:
    """One row of ``vendors.tsv``."""

    name: str
    aliases: tuple[str, ...]
    company: str
    category: str


@dataclass(slots=True)
class _Lexicon:
    vendors: list[Vendor]
    nlp: object
    matcher: object
    terms: list[str]  # match id -> the term as written in the lexicon
    strict: set[int]  # terms that must match as written
    fuzzy_terms: list[str]  # lower-cased names and aliases open to fuzzy matching
    fuzzy_by_initial: dict[str, list[str]]


def load_vendors(path=None) -> list[Vendor]:
    """The rows of the vendors lexicon (default: ``LEXICONS_DIR/vendors.tsv``)."""
    path = path or (LEXICONS_DIR / "vendors.tsv")
    vendors: list[Vendor] = []
    if not path.is_file():
        return vendors
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in reader:
            name = (row.get("name") or "").strip()
            if not name:
                continue
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split(";") if a.strip())
            vendors.append(Vendor(name, aliases, (row.get("company") or "").strip(), (row.get("category") or "").strip()))
    return vendors


def _is_strict(term: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    low = term.lower()
    if " " in term.strip():
        return False
    return low in COMMON_WORDS or low in STOP_WORDS or len(term) <= 3


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The vendors lexicon compiled into a PhraseMatcher and fuzzy tables, built once.

    It tokenizes with the rule pipeline's tokenizer (:func:`nlp_foi.rules.build_nlp`, a
    ``spacy.blank("en")`` too, so the tokens are the same): the coder runs the rules over
    the very answers whose products are looked for here, so their words are already in its
    vocabulary and its tokenizer's cache, instead of being made again in a second one.
    """
    from spacy.matcher import PhraseMatcher

    from nlp_foi.rules import build_nlp

    vendors = load_vendors()
    nlp = build_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    terms: list[str] = []
    strict: set[int] = set()
    seen: set[str] = set()
    fuzzy: dict[str, None] = {}  # an ordered set
    for v in vendors:
        for term in (v.name, *v.aliases):
            if term in seen:
                continue
            seen.add(term)
            idx = len(terms)
            terms.append(term)
            if _is_strict(term):
                strict.add(idx)
            matcher.add(str(idx), [nlp.make_doc(term)])
            low = term.lower()
            if len(term) >= FUZZY_MIN_CHARS and not _is_strict(term) and low not in COMMON_WORDS:
                fuzzy[low] = None
    by_initial: dict[str, list[str]] = {}
    for t in fuzzy:
        by_initial.setdefault(t[0], []).append(t)
    return _Lexicon(vendors, nlp, matcher, terms, strict, list(fuzzy), by_initial)


def asks_product(question: str) -> bool:
    """True when ``question`` asks which product, company, system, supplier or provider."""
    for m in RE_ASKS_PRODUCT.finditer(question or ""):
        if not RE_NOT_PRODUCT_ASK.search(m.group(0)):
            return True
    return False


def _overlaps(s: int, e: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < e and s < b for a, b in taken)


def _opens_sentence(text: str, start: int) -> bool:
    return RE_SENTENCE_OPEN.search(text[max(0, start - 12) : start]) is not None


def _lexicon_matches(text: str, doc, lex: _Lexicon, lead: int = -1) -> list[tuple[int, int]]:
    """Lexicon names in ``doc``; ``lead`` is where the answer starts, where a name that is also a word
    may open the answer when what follows is not a sentence's ("Arbor in 2024", not "Storm damage")."""
    import spacy

    short_answer = len(doc) <= 3
    spans = []
    for match_id, start, end in lex.matcher(doc):
        idx = int(lex.nlp.vocab.strings[match_id])
        span = doc[start:end]
        if idx in lex.strict:
            if span.text != lex.terms[idx]:
                continue
            # a name that is also a word may open the answer, or follow a label ("Manufacturers: Axis and Bosch"),
            # when what follows is not a sentence's
            labelled = text[: span.start_char].rstrip().endswith(":")
            leading = (span.start_char == lead or labelled) and RE_AFTER_LEADING_NAME.match(text, span.end_char)
            if not short_answer and not leading and not _fills_cell(text, span.start_char, span.end_char) \
                    and _opens_sentence(text, span.start_char):
                continue
        spans.append(span)
    return [(s.start_char, s.end_char) for s in spacy.util.filter_spans(spans)]


_RE_CELL_EDGE = re.compile(r"[ \t]*(?:$|[|\t])")


def _fills_cell(text: str, start: int, end: int) -> bool:
    """Whether a name is all of its line or of its table cell ("Yes | Triton | 6", a Word table's cell on
    a line of its own): it is given as a value, not opening a sentence."""
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    le = len(text) if le < 0 else le
    before = text[ls:start].rstrip(" \t")
    return (not before or before.endswith(("|", "\t"))) and _RE_CELL_EDGE.match(text, end, le) is not None


def _is_name_token(tok) -> bool:
    t = tok.text
    return bool(t) and t[0].isalpha() and (t[0].isupper() or any(c.isupper() for c in t[1:]))


def _fuzzy_matches(text: str, doc, lex: _Lexicon, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    from spacy.lang.en.stop_words import STOP_WORDS

    found: list[tuple[int, int]] = []
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        if not _is_name_token(tok) or tok.text.lower() in COMMON_WORDS or tok.text.lower() in STOP_WORDS:
            i += 1
            continue
        choices = lex.fuzzy_by_initial.get(tok.text[0].lower())
        best = None
        if choices:
            for size in range(FUZZY_MAX_TOKENS, 0, -1):
                j = i + size
                if j > n:
                    continue
                window = doc[i:j]
                if any(not (t.text[:1].isalnum()) for t in window):
                    continue
                last = window[-1].text.lower()
                if size > 1 and (last in STOP_WORDS or last in COMMON_WORDS):
                    continue
                s, e = window.start_char, window.end_char
                cand = text[s:e]
                low = cand.lower()
                if len(cand) < FUZZY_MIN_CHARS or low in COMMON_WORDS or _overlaps(s, e, taken):
                    continue
                hit = process.extractOne(low, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE)
                if hit is not None and (best is None or hit[1] > best[2]):
                    best = (s, e, hit[1], j)
        if best is not None:
            found.append((best[0], best[1]))
            i = best[3]
        else:
            i += 1
    return found


def _with_model(text: str, s: int, e: int) -> tuple[int, int]:
    """Extend a name found at ``text[s:e]`` over the model or edition written right after it
    ("DJI Matrice" -> "DJI Matrice 300 RTK", "Milestone XProtect" -> "Milestone XProtect Professional+"):
    up to four capitalised or alphanumeric words on the same line, never an ordinary word ("In"),
    a year, or a word that says what kind of thing it is ("VMS", "NVR").  A bare number only counts
    when another model word or the end of the phrase follows it ("Synergy 3", not "Axis 12 cameras")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    while e > s and text[e - 1] in "/,;:-":
        e -= 1
    end = e
    for _ in range(MAX_MODEL_WORDS):
        m = RE_MODEL_TOKEN.match(text, end)
        if m is None:
            break
        tok = m.group("tok")
        low = tok.lower()
        if tok in MODEL_NOT_NAME or low in STOP_WORDS or low in COMMON_WORDS and not any(c.isdigit() for c in tok):
            break
        if tok.isdigit():
            if len(tok) == 4 and 1950 <= int(tok) <= 2049:
                break
            nxt = text[m.end() : m.end() + 2]
            if re.match(r"[ \t][a-z]", nxt):
                break  # "Axis 12 cameras": a count, not a model
        end = m.end()
    return s, end


def _trim_name(text: str, s: int, e: int, max_words: int = MAX_NAME_WORDS) -> tuple[int, int] | None:
    """Drop noise words ("The") at either end of a capitalised run; None if no name is left."""
    words = [(m.start() + s, m.end() + s) for m in re.finditer(r"\S+", text[s:e])]
    while words and text[words[0][0] : words[0][1]].strip(".,;:()") in NAME_LEADING_NOISE:
        words.pop(0)
    while words and text[words[-1][0] : words[-1][1]].strip(".,;:()") in NAME_LEADING_NOISE:
        words.pop()
    if not words or len(words) > max_words:
        return None
    s, e = words[0][0], words[-1][1]
    while e > s and text[e - 1] in ".,;:":
        e -= 1
    note = RE_TRAILING_NOTE.search(text, s, e)
    if note and note.start() > s:
        e = note.start()  # "Cellebrite UFED 4PC (laboratory)": where it is used, not part of the name
    name_words = [w.strip(".,;:()") for w in text[s:e].split()]
    if e - s < 2 or all(w in GENERIC_NAME_WORDS or w.lower() in COMMON_WORDS for w in name_words):
        return None
    if not re.search(r"[A-Za-z]", text[s:e]):
        return None  # a figure ("4347") is not a name
    return s, e


def _company_spans(text: str, lo: int) -> list[tuple[int, int]]:
    """Names ending in Ltd / Limited / plc / LLP / Inc, without leading generic words ("The")."""
    out = []
    for m in RE_COMPANY_SUFFIX.finditer(text, lo):
        words = list(re.finditer(r"\S+", m.group(0)))
        k = 0
        while k < len(words) - 1 and (words[k].group(0) in NAME_LEADING_NOISE or re.fullmatch(r"\(?\d{1,2}[.)]", words[k].group(0))):
            k += 1
        start = m.start() + words[k].start()
        name = text[start : m.end()]
        if name.count("(") > name.count(")"):
            # "NetSupport DNA (NetSupport Ltd)": the company is what the open bracket holds
            start += name.rindex("(") + 1
        out.append((start, m.end()))
    return out


def _listed_names(text: str, lo: int) -> list[tuple[int, int]]:
    """The names of a list with one name a line ("1) Camwey Technology\n2) Insight Direct (UK) Ltd")."""
    items = [m.span("name") for m in RE_LISTED_NAME.finditer(text, text.rfind("\n", 0, lo) + 1)]
    if len(items) < 2:
        return []
    return [span for s, e in items if (span := _trim_name(text, s, e, MAX_LISTED_NAME_WORDS))]


def _written_names(text: str, lo: int) -> list[tuple[int, int]]:
    """Names recognised by how they are written, in order of trust."""
    out = _company_spans(text, lo)
    for m in RE_CAMELCASE.finditer(text, lo):
        if RE_PERSON_TITLE.search(text[max(0, m.start() - 6) : m.start()]) or m.group(0) in CAMELCASE_NOT_PRODUCTS:
            continue
        out.append(m.span())
    for m in RE_PRODUCT_CUE.finditer(text, lo):
        pos = m.end()
        for _ in range(MAX_LIST_NAMES):
            n = RE_CAPITALISED_NAME.match(text, pos)
            if n is None or not text[n.start() : n.start() + 1].isupper():
                break
            span = _trim_name(text, n.start(), n.end())
            if span is not None:
                out.append(span)
            join = RE_NAME_LIST_JOIN.match(text, n.end())
            if join is None or join.end() == n.end():
                break
            pos = join.end()
    out += _listed_names(text, lo)
    # an answer that is nothing but a name
    body = text[lo:].strip()
    if body and len(body) <= 60 and "\n" not in body and not RE_POINTER.match(body):
        bs = lo + text[lo:].index(body[0])
        n = RE_CAPITALISED_NAME.fullmatch(body.rstrip("."))
        if n is not None:
            span = _trim_name(text, bs, bs + len(body.rstrip(".")))
            if span is not None:
                out.append(span)
    return out


def _merge_adjacent(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Spans that overlap, or touch across one space, become one name ("Hikvision" + "HikCentral")."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        touching = s - out[-1][1] == 1 and text[out[-1][1]] == " " and text[out[-1][1] - 1].isalnum() if out else False
        if out and (s < out[-1][1] or touching):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


_RE_DENIED = re.compile(
    r"\b(?:(?:does|do|did|has|have|had|is|are|was|were)\s+not|doesn['’]t|don['’]t|didn['’]t|hasn['’]t|haven['’]t|never|no\s+longer)"
    r"\s+(?:\w+\s+){0,2}?(?:use[sd]?|using|procure[sd]?|deploy(?:s|ed)?|purchase[sd]?|licen[cs]e[sd]?|contract(?:s|ed)?\s+with|"
    r"trial(?:l?ed)?|hold|have)\b[^.;:\n]*$|\bno\s+(?:licen[cs]e|contract|agreement)\s+(?:with|for)\s+[^.;:\n]*$",
    re.I,
)
_RE_TURN = re.compile(r"\b(?:but|however|instead|although|though|whereas)\b", re.I)


def _denied(text: str, start: int) -> bool:
    """Whether the name at ``start`` is what the sentence says is not used ("North Yorkshire Police does not
    use Clearview AI", "GMP has never used ..."); "does not use X but uses Y" denies X only."""
    lo = max(0, start - 80)
    stop = max(text.rfind(c, lo, start) for c in ".;:\n")
    before = text[stop + 1 if stop >= 0 else lo : start]
    m = _RE_DENIED.search(before)
    return m is not None and not _RE_TURN.search(before, m.start())


def find_products(text: str, *, question: str = "") -> list[Value]:
    """Company and product names in ``text``; ``Value.value`` is the name as written."""
    if not text or not text.strip():
        return []
    asked = not question or asks_product(question)
    if not asked and RE_ASKS_NUMBER.search(question) and not RE_ASKS_MONEY.search(question):
        return []  # a count was asked ("How many alerts?"); a total cost may come with its product
    prefix = RE_ANSWER_PREFIX.match(text)
    lo = prefix.end() if prefix else 0
    lead = lo + len(text[lo:]) - len(text[lo:].lstrip())
    lex = lexicon()
    doc = lex.nlp.make_doc(text)
    taken = _lexicon_matches(text, doc, lex, lead)
    if asked:
        taken += _fuzzy_matches(text, doc, lex, taken)
    else:
        # whatever was asked, a product that opens a short answer is the answer ("Smoothwall - £24,000 per annum")
        short = len(text[lo:].split()) <= MAX_SHORT_ANSWER_WORDS
        taken = [t for t in taken if short and t[0] == lead][:1]
        if not taken:
            return []
    if question:
        # "Freedom Communications (IUK) Ltd." written in full, or a listed name, wins over the lexicon's shorter name
        for cs, ce in _company_spans(text, lo) + (_listed_names(text, lo) if asked else []):
            inner = [t for t in taken if cs <= t[0] and t[1] <= ce]
            outer = [t for t in taken if t not in inner and _overlaps(*t, [(cs, ce)])]
            if inner and not outer:
                taken = [t for t in taken if t not in inner] + [(cs, ce)]
        for s, e in _written_names(text, lo) if asked else ():
            if not _overlaps(s, e, taken):
                taken.append((s, e))
    taken = _merge_adjacent([_with_model(text, s, e) for s, e in sorted(taken)], text)
    taken = [(s, e) for s, e in taken if not _denied(text, s)]
    out = []
    for s, e in taken:
        raw = text[s:e]
        name = raw.strip().rstrip("/,;:")
        if not name:
            continue
        s += len(raw) - len(raw.lstrip())
        e = s + len(name)
        out.append(Value("products", name, s, e, name))
    return out
