"""Typed records that flow between the stages.

A reply is read into a :class:`Reply`, its request into a :class:`Request`; the
segmenter yields one :class:`Answer` per question, the coder and the value
extractors turn each into a :class:`CodedAnswer`, which the writers serialise in
the "Coded answers" format of formats.md.  Every span keeps character offsets
into ``Reply.text`` (the reply text as read), so evidence can be shown in place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Question:
    """One question of a request. ``id`` is the request's own label ("1", "4a", "b")."""

    id: str
    text: str
    parent: str | None = None  # "4" for "4a": sub-parts are kept inside their number


@dataclass(slots=True)
class Request:
    """The request sent to every authority of a round robin."""

    id: str
    questions: list[Question]
    title: str = ""
    preamble: str = ""

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "questions": [{"id": q.id, "text": q.text} for q in self.questions],
        }


@dataclass(slots=True)
class Reply:
    """One reply as read: its text, where it came from, and why it failed if it did.

    ``source`` names the file (and row, for tables) so every message can point at it.
    ``request`` is set when the reply carries its own questions (a table row).
    """

    id: str
    text: str
    source: str = ""
    authority: str | None = None
    request: Request | None = None
    error: str | None = None
    gold: dict[str, Any] | None = None  # gold codes where the input carries them


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of the reply text with its offsets; ``label`` says what it is."""

    start: int
    end: int
    text: str
    label: str = ""


@dataclass(slots=True)
class Answer:
    """The passage of a reply that answers one question.

    ``start``/``end`` are ``None`` when no passage was found (``text`` is then "").
    ``method`` records how the segmenter found it: "label", "answer_label", "question"
    (restated), "table", "heading", "prose" (a mention), "aligned" (sentences matched
    to the question's words), "shared" (the request quoted back, then one answer),
    "general" (a passage before the per-question answers), "whole" (the reply answers
    as a whole), "restated" (the question restated with nothing under it) or "none".
    It feeds the classifier and the review policy.
    """

    question_id: str
    text: str = ""
    start: int | None = None
    end: int | None = None
    method: str = "none"
    shared_with: tuple[str, ...] = ()  # other questions answered by the same passage
    refers_to: str | None = None  # "See above" / "As question 2": the question referred to

    @property
    def found(self) -> bool:
        return self.start is not None


@dataclass(frozen=True, slots=True)
class Value:
    """One extracted value with the offsets of the text it came from."""

    key: str
    value: Any
    start: int
    end: int
    text: str


@dataclass(slots=True)
class CodedAnswer:
    """One line of the coded table (formats.md, "Coded answers")."""

    reply_id: str
    question_id: str
    code: str
    confidence: float
    answer: str = ""
    start: int | None = None
    end: int | None = None
    authority: str | None = None
    values: dict[str, Any] = field(default_factory=dict)
    review: bool = False
    evidence: list[str] = field(default_factory=list)
    evidence_spans: list[Span] = field(default_factory=list)
    value_spans: list[Value] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)  # why review is flagged
    method: str = ""  # how the segmenter found the answer (see Answer.method)
    source: str = ""
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The formats.md line, extended with offsets of evidence and values."""
        out: dict[str, Any] = {
            "reply_id": self.reply_id,
            "authority": self.authority,
            "question_id": self.question_id,
            "code": self.code,
            "confidence": round(float(self.confidence), 4),
            "answer": self.answer,
            "start": self.start,
            "end": self.end,
            "values": self.values,
            "review": bool(self.review),
            "evidence": list(self.evidence),
        }
        if self.evidence_spans:
            out["evidence_offsets"] = [[s.start, s.end] for s in self.evidence_spans]
        if self.value_spans:
            out["value_offsets"] = [
                {"key": v.key, "start": v.start, "end": v.end, "text": v.text}
                for v in self.value_spans
            ]
        if self.reasons:
            out["review_reasons"] = list(self.reasons)
        if self.method:
            out["method"] = self.method
        if self.source:
            out["source"] = self.source
        if self.error:
            out["error"] = self.error
        return out
