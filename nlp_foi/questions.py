"""Find the questions of a request.

A request is either its text as sent (numbered ``1.``, ``1)``, ``Q1``, ``Question 1``;
lettered ``a)``, ``(a)``; unlabelled question paragraphs numbered in order) or a
JSON/YAML file in the formats.md shape.  Lettered sub-parts that sit under a
number stay inside that question; preambles and sign-offs are not questions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .config import DEFAULT, Config
from .records import Question, Request

# A label at the start of a line: "1.", "1)", "(1)", "Q1", "Q1.", "Question 1:", "5.Confirm".
RE_NUMBER_LABEL = re.compile(
    r"^[ \t>*•\-]*(?:\(?(?P<num>\d{1,2})(?:[.):]|\s*[-–]\s)|(?:Q|Question)\s*(?:no\.?\s*|number\s*)?(?P<qnum>\d{1,2})\b[.):]?)\s*",
    re.IGNORECASE,
)
# A lettered label: "a)", "(a)", "a." followed by text.
RE_LETTER_LABEL = re.compile(r"^[ \t>*•\-]*\(?(?P<letter>[a-hA-H])[.)]\s+(?=\S)")
RE_BULLET = re.compile(r"^[ \t]*(?:[-•*▪●◦·]|\u2013)\s+(?=\S)")
RE_GREETING = re.compile(r"^\s*(?:dear\b|to whom it may concern|hello\b|hi\b|good (?:morning|afternoon))", re.I)
RE_SIGNOFF = re.compile(
    r"^\s*(?:yours (?:sincerely|faithfully|truly)|sincerely|kind regards|best regards|regards|many thanks|"
    r"thank you(?: (?:for|in advance)[^\n]*)?[.!,]?\s*$|thanks(?: in advance)?[.!,]?\s*$)",
    re.I,
)
RE_QUESTIONISH = re.compile(
    r"\?\s*$|^\s*(?:how|what|which|who|when|where|why|whether|is|are|do|does|did|has|have|can|could|will|would|"
    r"please (?:provide|confirm|state|tell|supply|send|list|give|include|also)|provide|confirm|list|"
    r"(?:the )?(?:number|total|details|copy|copies|amount|name|names) of)\b",
    re.I,
)


class RequestError(ValueError):
    """A request file that cannot be used; the message names the file and the fix."""


def read_request(path: str | Path, *, config: Config = DEFAULT) -> Request:
    """Read a request from a ``.txt`` (questions parsed), ``.json`` or ``.yaml`` file."""
    path = Path(path)
    if not path.exists():
        raise RequestError(f"{path}: no such request file; give a .txt, .json or .yaml request (formats.md)")
    suffix = path.suffix.lower()
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if suffix in {".json", ".yaml", ".yml"}:
        try:
            data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
        except (json.JSONDecodeError, yaml.YAMLError) as exc:
            raise RequestError(f"{path}: not valid {suffix[1:].upper()} ({exc}); see formats.md, 'A request'") from exc
        return request_from_dict(data, source=str(path), default_id=path.stem)
    request = parse_request(text, request_id=path.stem, config=config)
    if not request.questions:
        raise RequestError(
            f"{path}: no questions found; number them (1., 2., ...) or give a JSON request file (formats.md)"
        )
    return request


def request_from_dict(data: object, *, source: str = "request", default_id: str = "request") -> Request:
    """A :class:`Request` from the formats.md JSON shape (``questions`` list, or ``request`` text)."""
    if not isinstance(data, dict):
        raise RequestError(f"{source}: expected an object with 'questions', got {type(data).__name__}")
    if "questions" not in data and isinstance(data.get("request"), str):
        parsed = parse_request(data["request"], request_id=str(data.get("id", default_id)))
        parsed.title = str(data.get("title", parsed.title))
        return parsed
    items = data.get("questions")
    if not isinstance(items, list) or not items:
        raise RequestError(f"{source}: 'questions' must be a non-empty list of {{'id', 'text'}} objects")
    questions = []
    for n, item in enumerate(items, start=1):
        if isinstance(item, str):
            questions.append(Question(id=str(n), text=item))
        elif isinstance(item, dict) and "text" in item:
            questions.append(Question(id=str(item.get("id", n)), text=str(item["text"])))
        else:
            raise RequestError(f"{source}: question {n} must be an object with 'id' and 'text'")
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise RequestError(f"{source}: question ids repeat ({', '.join(ids)}); each question needs its own id")
    return Request(id=str(data.get("id", default_id)), title=str(data.get("title", "")), questions=questions)


def parse_request(text: str, *, request_id: str = "request", config: Config = DEFAULT) -> Request:
    """Parse the questions out of a request's text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body_start, body_end = _body_bounds(lines)
    body = lines[body_start:body_end]
    title = next((ln.strip() for ln in lines[:body_start] if ln.strip()), "")

    numbered = _labelled(body, numbered=True)
    if numbered:
        questions = numbered
    else:
        lettered = _labelled(body, numbered=False)
        questions = lettered or _unlabelled(body, config=config)
    preamble = "\n".join(body[: _first_label_line(body)]).strip() if questions else ""
    return Request(id=request_id, questions=questions, title=title, preamble=preamble)


def _body_bounds(lines: list[str]) -> tuple[int, int]:
    """Lines between the greeting (exclusive) and the first sign-off (exclusive)."""
    start = 0
    for i, line in enumerate(lines):
        if RE_GREETING.match(line):
            start = i + 1
            break
    end = len(lines)
    for i in range(start, len(lines)):
        if RE_SIGNOFF.match(lines[i]):
            end = i
            break
    return start, end


def _first_label_line(body: list[str]) -> int:
    for i, line in enumerate(body):
        if RE_NUMBER_LABEL.match(line) or RE_LETTER_LABEL.match(line) or RE_BULLET.match(line):
            return i
    return 0


def _labelled(body: list[str], *, numbered: bool) -> list[Question]:
    """Questions from labelled lines; continuation lines and lettered sub-parts stay inside."""
    found: list[tuple[str, list[str]]] = []
    blank_run = 0
    for line in body:
        m = RE_NUMBER_LABEL.match(line) if numbered else RE_LETTER_LABEL.match(line)
        label = None
        if m:
            label = (m.group("num") or m.group("qnum")) if numbered else m.group("letter").lower()
        if label is not None and line[m.end():].strip() and not (numbered and _is_list_of_years(line)):
            found.append((label, [line[m.end():].strip()]))
            blank_run = 0
        elif found and line.strip():
            # Continuation of the current question: sub-parts, wrapped lines, or a
            # paragraph between two labelled questions.  A paragraph after a blank
            # line is only kept if another label follows (checked below).
            found[-1][1].append(("\n" if blank_run else "") + line.strip())
            blank_run = 0
        else:
            blank_run += 1
    if not found:
        return []
    # Trailing unlabelled paragraphs after the last question are closing remarks.
    last_label, last_lines = found[-1]
    kept = [last_lines[0]]
    for extra in last_lines[1:]:
        if extra.startswith("\n"):
            break
        kept.append(extra)
    found[-1] = (last_label, kept)
    # Keep labels in first-seen order; a label seen again (a list inside a question) is text.
    questions: list[Question] = []
    seen: set[str] = set()
    for label, parts in found:
        text = " ".join(p.strip() for p in parts).strip()
        if label in seen:
            prev = questions[-1]
            questions[-1] = Question(id=prev.id, text=f"{prev.text} {label}. {text}")
            continue
        seen.add(label)
        questions.append(Question(id=label, text=text))
    if numbered and not _plausible_numbering([q.id for q in questions]):
        return []
    return questions


def _plausible_numbering(ids: list[str]) -> bool:
    nums = [int(i) for i in ids]
    return nums[0] <= 2 and all(b > a for a, b in zip(nums, nums[1:]))


def _is_list_of_years(line: str) -> bool:
    return bool(re.match(r"^\s*\d{1,2}/\d{2}", line))


def _unlabelled(body: list[str], *, config: Config) -> list[Question]:
    """Unlabelled question paragraphs or bullets, numbered 1, 2, 3 in order."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in body + [""]:
        if RE_BULLET.match(line):
            if current:
                paragraphs.append(" ".join(current))
            current = [RE_BULLET.sub("", line, count=1).strip()]
        elif line.strip():
            current.append(line.strip())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    candidates = [p for p in paragraphs if len(p) >= config.min_question_chars and RE_QUESTIONISH.search(p)]
    return [Question(id=str(n), text=p) for n, p in enumerate(candidates, start=1)]


_RE_SUB_ID = re.compile(r"^(?P<num>\d+)\s*\(?(?P<letter>[a-z])\)?$", re.I)
_RE_FIRST_PART = re.compile(r"(?:^|\n|\s)\(?a[.)]\s", re.I)


_RE_YEARS_REFERRED = re.compile(
    r"\b(?:(?:each|any|all)\s+of\s+)?(?:those|these|the\s+same)\s+(?:(?:two|three|four|five|six)\s+)?"
    r"(?:(?:academic|financial|calendar|school)\s+)?(?:years|sessions|periods)\b", re.I)
_RE_YEAR_TOKEN = re.compile(r"\b(?:19|20)\d{2}(?:\s?[/-]\s?\d{2,4})?\b")


def _with_years_referred_to(request: Request, q: Question) -> str:
    """"... in each of those three academic years?": the question with the years of the nearest question
    before it that names them, for reading a per-year answer ("None in any of the three years")."""
    if not _RE_YEARS_REFERRED.search(q.text) or _RE_YEAR_TOKEN.search(q.text):
        return q.text
    before = request.questions[: next(i for i, x in enumerate(request.questions) if x is q)]
    for prev in reversed(before):
        years = _RE_YEAR_TOKEN.findall(prev.text)
        if years:
            return f"{q.text}\n(the years of question {prev.id}: {', '.join(years)})"
    return q.text


def question_context(request: Request, question_id: str) -> str:
    """The question's text with the stem it depends on, for reading its answer's values.

    A lettered sub-part listed as its own question ("3c": "c) electively home educated:") often
    leaves the stem ("Please provide the number of children ... that are:") to its first sibling or
    to its parent; the stem is put before the sub-part's text.  Any other question is its own text.
    """
    by_id = {q.id: q for q in request.questions}
    q = by_id.get(question_id)
    if q is None:
        return ""
    text = _with_years_referred_to(request, q)
    if text != q.text:
        return text
    m = _RE_SUB_ID.match(q.id)
    parent_id = q.parent or (m.group("num") if m else None)
    if parent_id is None:
        return q.text
    stem = ""
    first = by_id.get(f"{parent_id}a") or by_id.get(f"{parent_id}A")
    if first is not None and first.id != q.id:
        cut = _RE_FIRST_PART.search(first.text)
        if cut is not None and cut.start() > 0:
            stem = first.text[: cut.start()].strip()
    if not stem and parent_id in by_id:
        stem = by_id[parent_id].text.strip()
    return f"{stem}\n{q.text}" if stem else q.text
