"""The answer to a yes/no question: "yes" or "no".

Only for a question (or a clause of one) that asks yes or no ("Does the
authority ...?", "Please confirm whether ...", "Please state whether or not ...",
"(Yes/No)"), and only when the answer opens with yes or no ("Yes - ...", "No, we
do not", "Correct", "The answer to your first question is 'no'"), its first
sentence clearly denies ("The council does not pay ransoms", "We can confirm that
the council has not paid ..."), or it restates the question's verb without a
negation ("Does X use ...?" - "X uses ..."; "Is X included ...?" - "This is
currently included in ...").  A denial of holding information ("we do not hold
this") is not a "no": it is not held.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nlp_foi.patterns import (
    RE_AFFIRMED_STATEMENT,
    RE_ANY_NEGATION,
    RE_ANSWER_PREFIX,
    RE_CONFIRM_YES,
    RE_NEGATED_STATEMENT,
    RE_QUESTION_PARTICIPLE,
    RE_QUESTION_VERB,
    RE_YES_NO_OPEN,
    RE_YES_NO_QUESTION,
)
from nlp_foi.records import Value

_NO_WORDS = frozenset({"no", "nope", "incorrect", "negative"})
RE_SENTENCE_END = re.compile(r"(?<!\b[A-Za-z])(?<!\be\.g)(?<!\bi\.e)[.!?](?:\s|$)|\n")


# what may stand before the yes or no: a sub-part label ("a.", "4a", "4(a).", "Question 4 -"), the
# Welsh word of a bilingual answer ("Ydy / Yes", "Na / No"), the question restated on its own line,
# or the first cells of a table row ("Facial recognition | No")
_RE_LABEL = re.compile(r"(?:(?:Q(?:uestion)?\s*)?[0-9]{1,2}\s*\(?[a-h]?\)?|\(?[a-h]\)?)\s*[.):\-–\t][ \t]*|(?:Q(?:uestion)?\s*)?[0-9]{1,2}[a-h]\s+", re.I)
_RE_WELSH = re.compile(r"(?:ydy|ydw|ydyn|oes|do|ie|na|nac\s+oes|nac\s+ydy|naddo)\s*/\s*", re.I)
_RE_RESTATED_LINE = re.compile(r"[^\n]{3,200}?(?:\?|\(\s*yes\s*/\s*no\s*\))[ \t]*\n\s*", re.I)
_RE_CELLS = re.compile(r"[^\n|\t]{1,120}(?:[ \t]*\|[ \t]*|\t+)(?=(?:yes|no)\b)", re.I)
_RE_CLOSING_WORD = re.compile(r"(?:[-–—,:]|\bso)\s*(?P<word>yes|no)[ \t]*[.!]?[ \t]*$", re.I)


def _past_lead(text: str, pos: int) -> int:
    """Where the yes or no would start, past labels, a Welsh word, a restated question or table cells."""
    for rx in (_RE_LABEL, _RE_RESTATED_LINE, _RE_LABEL, _RE_CELLS, _RE_WELSH):
        m = rx.match(text, pos)
        if m is not None and m.end() > pos:
            pos = m.end()
    return pos


def is_yes_no_question(question: str) -> bool:
    """True when ``question`` (or one of its clauses) asks yes or no."""
    return bool(question) and _asks_yes_no(question)


@lru_cache(maxsize=256)
def _asks_yes_no(question: str) -> bool:
    """:func:`is_yes_no_question` of a non-empty question, worked out once per question, not per answer."""
    return RE_YES_NO_QUESTION.search(question) is not None


def find_yes_no(text: str, *, question: str = "") -> list[Value]:
    """One "yes"/"no" Value when ``question`` asks yes/no and ``text`` answers it; else []."""
    if not text or not is_yes_no_question(question):
        return []
    prefix = RE_ANSWER_PREFIX.match(text)
    pos = prefix.end() if prefix else 0
    pos += len(text[pos:]) - len(text[pos:].lstrip(" \t\r\n\"'“‘"))
    pos = _past_lead(text, pos)
    m = RE_YES_NO_OPEN.match(text, pos)
    if m is not None:
        word = re.sub(r"\s+", " ", m.group("word").lower())
        negative = word in _NO_WORDS or " not " in f" {word} "
        return [Value("yes_no", "no" if negative else "yes", m.start(), m.end(), m.group(0))]
    end_m = RE_SENTENCE_END.search(text, pos)
    end = end_m.start() if end_m else len(text)
    sentence = text[pos:end]
    last = _RE_CLOSING_WORD.search(sentence)
    if last is not None:  # "We offer every family an annual visit - yes."; "As Q1 - no."
        word = last.group("word").lower()
        s, e = pos + last.start("word"), pos + last.end("word")
        return [Value("yes_no", "no" if word == "no" else "yes", s, e, text[s:e])]
    neg = RE_NEGATED_STATEMENT.search(sentence)
    if neg is not None:
        s = pos + neg.start("subj")
        e = pos + neg.end("neg")
        return [Value("yes_no", "no", s, e, text[s:e])]
    yes = RE_CONFIRM_YES.match(sentence) or RE_AFFIRMED_STATEMENT.match(sentence)
    if yes is not None:
        s, e = pos + yes.start(), pos + yes.end()
        return [Value("yes_no", "yes", s, e, text[s:e])]
    # the answer restates the question's verb: "Does the university use ...?" - "The University
    # uses Health Assured."; "Is X included ...?" - "This is currently included in ..."
    if RE_ANY_NEGATION.search(sentence):
        return []
    for pattern in _restatements(question):
        hit = pattern.search(sentence)
        if hit is not None:
            s, e = pos + hit.start(), pos + hit.end()
            return [Value("yes_no", "yes", s, e, text[s:e])]
    return []


_RE_ASIDE = re.compile(r"\s*\([^()]*\)")
# verbs that say an assessment, a review or a piece of work was done: an answer may use another of them
_DONE = ("carried out", "completed", "undertaken", "conducted", "performed", "done")
_DONE_VERBS = {"carry": _DONE, "carried": _DONE, "complete": _DONE, "completed": _DONE, "undertake": _DONE,
               "undertaken": _DONE, "conduct": _DONE, "conducted": _DONE, "perform": _DONE, "performed": _DONE}
_ADVERBS = r"(?:currently\s+|also\s+|already\s+|still\s+|now\s+|all\s+|recently\s+|fully\s+|jointly\s+)?"
# who does it: a pronoun, "the/our ...", or a name as written opening the sentence or after "that"
# ("Cheshire Constabulary uses ...", "I confirm that NHS Lothian operates ...")
_SUBJECT = (r"(?:\b(?:we|i|they|it|(?:the|our)\s+[\w-]+(?:\s+[\w-]+){0,2}?)"
            r"|(?:^\W*|(?<=\bthat\s))(?-i:[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,4}))")


@lru_cache(maxsize=256)
def _restatements(question: str) -> tuple[re.Pattern[str], ...]:
    """Patterns for an answer restating ``question``'s verb or participle; built once per question.
    Asides in brackets ("(DPIA)", "(the sites visited)", "(Yes/No)") are read past."""
    question = _RE_ASIDE.sub("", question)
    patterns = []
    if (verb := RE_QUESTION_VERB.search(question)) is not None:
        patterns.append(_verb_forms(verb.group("verb")))
    if (part := RE_QUESTION_PARTICIPLE.search(question)) is not None:
        patterns.append(_participle_forms(part.group("part")))
    return tuple(patterns)


def _participle_forms(part: str) -> re.Pattern[str]:
    """A pattern for a passive answer with the question's participle ("it is included", "staff are trained")."""
    done = _DONE_VERBS.get(part.lower())
    parts = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in done) if done else re.escape(part.lower())
    return re.compile(rf"\b(?:is|are|was|were|has\s+been|have\s+been|will\s+be)\s+{_ADVERBS}(?:{parts})\b", re.I)


def _verb_forms(verb: str) -> re.Pattern[str]:
    """A pattern for the forms of a question's verb an affirmative answer would use, active ("the force
    uses ...", "Durham Constabulary does use ...") or passive ("A DPIA has been completed")."""
    v = re.escape(verb.lower())
    stem = re.escape(verb.lower()[:-1]) if verb.lower().endswith(("e", "y")) else v
    forms = rf"{v}|{v}s|{v}es|{v}d|{v}ed|{stem}ies|{stem}ied|{stem}ing"
    done = _DONE_VERBS.get(verb.lower())
    participles = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in done) if done else rf"{v}d|{v}ed|{stem}ied"
    if done:
        forms += "|" + participles
    return re.compile(
        rf"{_SUBJECT}\s+{_ADVERBS}(?:do\s+|does\s+|did\s+|have\s+|has\s+)?(?:{forms})\b"
        rf"|\b(?:is|are|was|were|has\s+been|have\s+been)\s+{_ADVERBS}(?:{participles})\b",
        re.I,
    )
