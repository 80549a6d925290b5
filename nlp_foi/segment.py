"""Split a reply into one answer per question of the request.

Candidate *markers* are found where an answer may begin: a label at the start of a
line (``1.``, ``Q1``, ``Question 1 -``, ``1 & 2.``, ``Questions 2-4:``, ``a)``), an
answer label (``Answer to Question 1:``, ``A1:``), the question's own words restated
(matched by wording, so unlabelled and ``>``-quoted questions count), a prose mention
("In response to your first question", "(question eight)") and table rows.  A
weighted longest-increasing-subsequence picks the markers that follow the request's
order, which discards numbered lists inside an answer.  Each answer runs from the end
of its marker (past the restated question and any ``Answer:`` label) to the next
marker or the first folded span (signature, boilerplate, quoted thread).  A reply
with no markers, or one that only restates the request before a single answer,
gives every question the passage that carries the decision.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from .clean import RE_HEADER_BLOCK, RE_ORIGINAL, RE_WROTE, fold, paragraphs
from .config import DEFAULT, Config
from .records import Answer, Request, Span

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}
_NUM = r"(?:\d{1,2}(?:\s?\(?[a-h](?=\)|\b)|\.\(?[a-h](?=\)))?)"  # 4, 4a, 4 (a), 4.a) - the separator takes the ")"
_WORDNUM = "|".join(list(CARDINALS))
_ID_LIST = rf"{_NUM}\.?(?:\s*(?:,|&|and|to|-|–)\s*(?:Q|Question\s*)?{_NUM}\.?)*"

# "1.", "1)", "(1)", "Q1", "Q1:", "Question 1 -", "Question Number 1:", "1 & 2.", "Questions 2-4:", "3.-5."
RE_LINE_LABEL = re.compile(
    rf"^(?P<lead>[ \t>*•\-]*)(?:(?P<qword>Q(?:uestions?)?\.?\s*(?:no\.?\s*|number\s*)?)(?P<qids>{_ID_LIST})"
    rf"|\(?(?P<ids>{_ID_LIST}))(?P<sep>\s*[.):\-–]+|\s*$|(?(qword)\s+|(?!)))[ \t]*",
    re.I,
)
RE_LETTER_LABEL = re.compile(r"^(?P<lead>[ \t>*•\-]*)\(?(?P<letter>[a-h])[.)]\s+", re.I)
RE_ANSWER_LABEL_LINE = re.compile(
    rf"^[ \t>*]*(?:Answer|Response|Reply)s?\s+(?:to\s+)?(?:Q(?:uestion)?\.?\s*(?:no\.?\s*|number\s*)?)(?P<ids>{_ID_LIST})\s*[.:\-–]*[ \t]*"
    rf"|^[ \t>*]*A(?P<aid>\d{{1,2}}(?:\s*\(?[a-h]\))?)\s*[.:\-–][ \t]*",
    re.I,
)
_CY_LABEL = r"(?:Ymateb|Ateb)"  # Welsh, alone or beside the English ("Ymateb / Response:")
RE_ANSWER_LABEL = re.compile(
    rf"(?:^|(?<=[\s?.)]))(?:{_CY_LABEL}\s*/\s*)?(?:Answer|Response|Reply|Our response|Information provided|Ans|A|{_CY_LABEL})"
    rf"(?:\s*/\s*{_CY_LABEL})?\s*(?:listed[^:\n]{{0,40}})?[:\-–]\s*",
    re.I,
)
RE_LINE_ANSWER_LABEL = re.compile(
    rf"[ \t>*]*(?:{_CY_LABEL}\s*/\s*)?(?:Answer|Response|Reply|Our response|Information provided|{_CY_LABEL})"
    rf"(?:\s*/\s*{_CY_LABEL})?\s*[:\-–][ \t]*(?=\S)",
    re.I,
)
"""An answer label that opens a line: what comes before it under a question's label is the question."""
_PN = rf"(?:\d{{1,2}}(?:\s?\([a-h]\)|[a-h])?|{_WORDNUM})"  # "4", "4a", "4(a)", "four"
RE_PROSE_MENTION = re.compile(
    rf"\b(?:(?:your|the)\s+(?P<ord>{'|'.join(ORDINALS)})\s+(?:question|point)"
    rf"|(?:questions?\s+|Q\.?\s?(?=\d))(?P<list>{_PN}(?:\s*(?:,|and|&|to|-|–)\s*(?:Q\.?\s?)?{_PN}(?![,.]?\d))*))(?![,.]?\d)(?:(?<=\))|\b)(?!\s+(?:and\s+)?onwards?\b)",
    re.I,
)
RE_CROSS_REF = re.compile(
    rf"\b(?:see|as|refer to|same as|per)\s+(?:(?:our|my|the)\s+)?(?:(?:response|answer|reply)s?\s+(?:to|at|for)\s+)?"
    rf"(?:(?:question|Q)\.?\s*(?P<num>\d{{1,2}}[a-h]?|{_WORDNUM})|(?P<above>above|previous(?:ly)?|before))"
    # a bare number after "see" or "same as" ("Same as 3.", "See 4a"), when nothing follows it
    rf"|^\W*(?:see|same as|as per|as for|refer to)\s+(?P<bare>\d{{1,2}}[a-h]?)\s*[.)]?\s*$",
    re.I,
)
RE_WORD = re.compile(r"[a-z0-9]+")
# What a passage says when it decides for a question: a refusal, a citation, a pointer to an attachment.
_DECIDING = (
    r"not held|do(?:es)? not hold|exceed\w*|appropriate (?:\W*cost\W*)?limit|section \d|s\.?\s?\d{2}|regulation \d|"
    r"exempt\w*|withh[eo]ld\w*|neither confirm nor deny|vexatious|refus\w*|attached|enclosed|spreadsheet|"
    r"not a public authority|will not be (?:providing|responding)|(?:not|unable) (?:be )?(?:able |obliged )?to (?:provide|comply|disclose)"
)
# ... and what else marks the passage that answers a reply as a whole: zeros, links, confirmations.
RE_DECISION = re.compile(
    rf"\b(?:{_DECIDING}|no (?:recorded )?information|cost limit|please (?:find|see)|published|available (?:on|at|from|via)|"
    r"https?://|www\.|the answer|we (?:can )?confirm|none|nil|zero|not applicable|n/a|"
    r"(?:do|does|did)(?: not|n't) (?:use|have|hold|record|keep|collect|operate)|no such|contained (?:in|on|within))\b",
    re.I,
)
# A passage before the per-question answers that answers all the others ("... set out below" does not).
RE_GENERAL = re.compile(rf"\b(?:{_DECIDING})\b(?![^.\n]{{0,40}}\bbelow\b)", re.I)
RE_GREETING_LINE = re.compile(r"[ \t]*(?:dear|hi|hello|good (?:morning|afternoon|evening))\b[^\n]{0,60}[,.!]?[ \t]*$", re.I)
RE_SIGNOFF_LINE = re.compile(
    r"[ \t]*(?:regards|kind regards|best wishes|many thanks|thanks|thank you|yours (?:sincerely|faithfully)|cheers)\b[^\n]{0,60}$",
    re.I,
)
RE_ACK = re.compile(r"\b(?:is being (?:dealt with|considered|processed)|(?:is|are) (?:still )?(?:collating|gathering)|will (?:respond|reply|be in touch|write to you)|still (?:gathering|collating|considering)|will (?:send|provide|write|respond)\b[^.\n]{0,40}\b(?:separately|shortly|in due course|as soon as|again)|within 20 working days|acknowledge)", re.I)
RE_COURTESY = re.compile(
    r"\s*(?:thank you for your\b[^.\n]{0,80}?\b(?:request|e-?mail|letter|enquiry)|further to your|we (?:are|write) (?:pleased|writing)|"
    r"i (?:am )?writ|your request (?:was|has been) (?:received|considered)|dear\b|request for information under|"
    r"(?:i|we) refer to your\b|(?:i|we) (?:have|will) (?:set out|answer(?:ed)?|respond(?:ed)?|dealt with)\b[^.\n]{0,40}\b(?:below|order|questions)|"
    r"(?:please find|set out) (?:below )?(?:our|the) (?:response|answers?|reply))",
    re.I,
)

STOPWORDS = frozenset(
    "a an the of to in for and or on at by with from as is are was were be been being this that these those it its "
    "you your yours we our us i me my they their them he she his her which what who whom how many much do does did "
    "please can could would will may if so such any all each per eg e g ie i e etc x about into than then there here "
    "have has had not no yes".split()
)


GROUP = "group:"  # a number whose sub-parts are the request's questions ("4." above "a)", "b)")
RE_ROMAN_LABEL = re.compile(r"^(?P<lead>[ \t>*•\-]*)\(?(?P<roman>(?:i{1,3}|iv|vi{0,3}|ix|x))[.)]\s+", re.I)
RE_ASKS = re.compile(
    r"[^\n]*\?|\s*(?:how|what|which|who|when|where|why|whether|is|are|do|does|did|has|have|can|could|will|would|"
    r"please|provide|confirm|list|state|give|tell|if|for (?:each|how|which|what|all)|of th(?:ese|ose)|in (?:each|relation)|"
    r"any)\b"
    # a request written as a noun phrase ("Information on the number of ...", "The total cost of ..."),
    # so long as the line does not go on to state something ("The number of cameras is 140")
    r"|\s*(?:the |a |an )?(?:total |overall |annual )?(?:number|amount|names?|cost|spend|value|dates?|details?|copy|"
    r"copies|list|breakdown|percentage|proportion|information)s?\b(?![^\n]*\b(?:is|are|was|were|has|have)\b)",
    re.I,
)
# An answer opens as a statement; a restated question does not.
RE_DECLARATIVE = re.compile(
    r"\s*(?:we|our|I|the (?:council|school|trust|university|college|force|authority|academy|board)\b[^?\n]{0,40}"
    r"\b(?:has|have|is|are|was|were|does|did|do|holds?|uses?|made|received)|there (?:is|are|was|were|have been|has been)|"
    r"this (?:is|information)|it is|all\b|none\b|nil\b|unknown|not (?:held|known|recorded|applicable)|(?:yes|no)(?=\s*[.,;:–-]))\b",
    re.I,
)
DECLARATIVE_RESTATED_F1 = 0.9
RE_NEGATED = re.compile(r"\b(?:is|are|was|were|has|have|had|do|does|did|can|could|would|will)(?:\s+not|n['’]t)\b|\bcannot\b", re.I)
"""A negated verb makes a line a statement ("Legal costs are not coded separately"), not a question restated."""
RE_ANSWER_OPENING = re.compile(r"\s*(?:yes|no|none|nil|zero|n/?a|not applicable|not held|\d|£)\b", re.I)


@dataclass(slots=True)
class Marker:
    start: int  # where the marker (label, restated question) begins
    body: int  # where the answer text begins
    qids: tuple[str, ...]
    kind: str
    score: float
    end: int | None = None  # a fixed end (table rows), else the next marker


def segment(text: str, request: Request, *, folded: list[Span] | None = None, config: Config = DEFAULT) -> list[Answer]:
    """One :class:`Answer` per question of ``request``, in request order."""
    original = request.ids
    if not original:
        return []
    # Labels are matched case-blind ("IV." answers question "iv"); ids go back as the request wrote them.
    ids = [i.lower() for i in original] if len({i.lower() for i in original}) == len(original) else list(original)
    back = dict(zip(ids, original))
    folded = fold(text) if folded is None else folded
    index = {qid: i for i, qid in enumerate(ids)}
    qtokens = [_content(q.text) for q in request.questions]
    markers = _markers(text, ids, qtokens, folded, config, [_figures(q.text) for q in request.questions])
    path = _best_path(markers, index, text)
    path = _past_the_request_quoted(text, markers, path, index, qtokens)
    path = _glued_labels(text, path, ids, index)
    if len(path) == 1 and path[0].kind in ("prose", "heading") and len(ids) > 1 and not _decides_for(text, path[0]):
        path = []  # one weak marker is too little to stand for the reply's structure
    if not path:
        # "The answers are shown after each question in your email below": the thread holds them
        unthreaded = _answered_thread(text, folded)
        if unthreaded is not None:
            inline_markers = _markers(text, ids, qtokens, unthreaded, config, [_figures(q.text) for q in request.questions])
            inline_path = _best_path(inline_markers, index, text)
            inline = _regions(text, inline_path, ids, unthreaded)
            if sum(1 for a in inline.values() if a.found) >= THREAD_ANSWERED_SHARE * len(ids):
                folded, markers, path = unthreaded, inline_markers, inline_path
    answers = _regions(text, path, ids, folded)
    # sentences are aligned to questions by their words, and by the initials replies use for them
    atokens = [t | _acronyms(q.text) for t, q in zip(qtokens, request.questions)]
    if not path:
        _align_unlabelled(text, answers, atokens, folded)
        _best_sentence_for_the_rest(text, answers, atokens, folded)
    else:
        _leading_clause(text, answers, path, ids, index)
        _split_gaps(text, answers, atokens, folded, path)
        _split_prose_tails(text, answers, atokens, folded)
        _markers_out_of_order(text, answers, markers, path, folded)
        _table_columns(text, answers, atokens)
    _topic_titles(text, answers, atokens)
    _joint_sub_labels(text, answers)
    _resolve_whole(text, answers, folded, path)
    for ans in answers.values():
        if ans.found:
            ref = cross_reference(ans.text, ids, ans.question_id)
            ans.refers_to = back.get(ref) if ref else None
        ans.question_id = back[ans.question_id]
        ans.shared_with = tuple(back.get(q, q) for q in ans.shared_with)
    return [answers[qid] for qid in ids]


# -- markers ---------------------------------------------------------------------------------


def _markers(text: str, ids: list[str], qtokens: list[set[str]], folded: list[Span], config: Config,
             qfigures: list[frozenset[str]] | None = None) -> list[Marker]:
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*", text) if m.start() < len(text) or m.end() > m.start()]
    lines = [(s, e) for s, e in lines if e > s]
    idset = set(ids)
    groups = _sub_groups(ids)
    markers: list[Marker] = []
    zone = _Zones(folded)
    answered_quotes = _quotes_with_answers(text, lines, zone)
    weight = _weights(qtokens)
    current_number: str | None = None
    for li, (s, e) in enumerate(lines):
        line = text[s:e]
        if not line.strip():
            continue
        hard = zone.label(s)  # thread/signoff/boilerplate: no markers at all; quoted: question text only
        if hard in ("thread", "signoff", "boilerplate"):
            continue
        quoted = hard == "quoted"
        if quoted and li not in answered_quotes:
            continue  # a quoted thread below the reply, not questions answered in line

        # Table row: "1 | Which company ... | Smoothwall" or tab separated.
        if ("|" in line or "\t" in line.strip()) and not quoted:
            m = _table_marker(text, s, e, ids, qtokens, config)
            if m:
                markers.append(m)
                continue

        label = None if quoted else _line_label(line, idset, groups, current_number)
        if label:
            qids, label_end, kind = label
            if qids[0].startswith(GROUP):
                current_number = qids[0][len(GROUP):]
                markers.append(Marker(s, e, qids, "group", 0.5))
                markers.extend(_group_line(text, s + label_end, e, current_number, groups[current_number], idset))
                continue
            if len(qids) == 1 and qids[0].isdigit():
                current_number = qids[0]
            elif qids and qids[0][:-1].isdigit() and not qids[0].isdigit():
                current_number = qids[0][:-1]
            body = s + label_end
            score = 1.0 if kind == "label" else 1.2
            q_end = None
            if kind == "label" and not RE_ANSWER_OPENING.match(text, body, e):
                q_end = _question_end(text, body, e, lines, li, qtokens, [ids.index(q) for q in qids], config)
            if q_end is not None:
                body, score = q_end, score + 1.0
            markers.append(Marker(s, body, qids, kind, score))
            markers.extend(_inline_parts(text, body, e, qids, idset))
            continue

        if _header_cell(line) and any(
            all(0 <= k < len(lines) and _header_cell(text[slice(*lines[k])])
                and (k == first or lines[k][0] == lines[k - 1][1] + 1) for k in range(first, first + 3))
            for first in (li - 2, li - 1, li)  # three such lines in a row, no blank line between
        ):
            continue  # three such lines: a table's header, one cell per line ("Financial year / Agency spend / Shifts")

        parts = _answer_parts(text, s, e, current_number, groups, idset)
        if parts:
            markers.extend(parts)
            continue

        # The question's own words restated (with or without its label, possibly "> " quoted).
        best = _best_question_window(text, lines, li, qtokens, config)
        if (RE_DECLARATIVE.match(line.lstrip(" \t>")) or (RE_NEGATED.search(line) and not line.rstrip().endswith("?")
                                                          and not RE_ASKS.match(RE_LEADING_LABEL.sub("", line.lstrip(" \t>"), count=1)))) and (
            best is None or best[1] < DECLARATIVE_RESTATED_F1 or len(qtokens[best[0]]) < RESTATED_MIN_WORDS
        ):
            continue  # a statement answers; it does not restate a question (unless it is a long one word for word)
        said = _strip_answer_part(text[s : best[2]]) if best else ""  # the window, without an answer on its last line
        if best and qfigures is not None and not said.rstrip().endswith("?") and (
            _figures(RE_LEADING_LABEL.sub("", said, count=1)) - qfigures[best[0]]
        ):
            best = None  # figures the question does not have: an answer in the question's words, not the question
        if best:
            qi, f1, w_end = best
            body = _body_after_question(text, s, w_end, qtokens[qi])
            markers.append(Marker(s, body, (ids[qi],), "question", 0.5 + 1.5 * f1))
        elif quoted:
            # a numbered question quoted back in its own words ("> 2. If so, which tools ...?"), the answer under it
            lead = len(line) - len(line.lstrip(" \t>"))
            label = _line_label(line[lead:], idset, groups, current_number)
            if label and not label[0][0].startswith(GROUP) and line.rstrip().endswith("?"):
                markers.append(Marker(s, e, label[0], "question", QUOTED_LABEL_SCORE))
        else:
            m = _heading_marker(text, s, e, ids, qtokens, weight)
            if m:
                markers.append(m)

    if sum(1 for m in markers if m.kind in ("label", "answer_label", "group")) < 2:
        markers.extend(_bare_numbers(text, lines, idset, groups, zone))
    markers.extend(_prose_markers(text, ids, folded, markers))
    markers.sort(key=lambda m: (m.start, -m.score))
    _prefer_totals(text, markers)
    _inner_lists(text, markers, len({q for q in ids if q.isdigit()} | set(groups)))
    # A marker with nothing under it before the next one is likely the request quoted back, not an answer:
    # prefer, where the request order allows, the restatement that has an answer under it.
    starts = [m.start for m in markers]
    for m in markers:
        if m.end is None and m.kind in ("question", "label"):
            k = next((i for i, st in enumerate(starts) if st >= m.body and st > m.start), None)
            nxt = starts[k] if k is not None else len(text)
            if not text[m.body:nxt].strip():
                m.score -= EMPTY_PENALTY
    return markers


EMPTY_PENALTY = 0.6


RE_NOT_HEADING = re.compile(r"\b(?:request|freedom of information|FOI|FOISA|ref(?:erence)?|dear|subject|re:)\b|@|\d{3,}", re.I)
RE_HEADING = re.compile(r"[ \t]*(?P<head>[^\n.?!]{3,80}?)[ \t]*(?::[ \t]*(?P<rest>[^\n]*))?$")


def _heading_marker(text: str, s: int, e: int, ids: list[str], qtokens: list[set[str]],
                    weight: dict[str, float], *, min_weight: float = 1.5) -> Marker | None:
    """A short heading naming a question's subject ("Costs", "Number resulting in a charge, per year:")."""
    m = RE_HEADING.fullmatch(text, s, e)
    if not m or len(m.group("head").split()) > 8 or RE_NOT_HEADING.search(m.group("head")):
        return None
    words = _content(m.group("head"))
    scores = sorted(((_weighed(words & q, weight), i) for i, q in enumerate(qtokens)), reverse=True)
    if not scores or scores[0][0] < min_weight or (len(scores) > 1 and scores[1][0] > 0.7 * scores[0][0]):
        return None
    body = m.start("rest") if m.group("rest") else e
    return Marker(s, body, (ids[scores[0][1]],), "heading", 0.7)


QUOTED_LABEL_SCORE = 1.0


def _quotes_with_answers(text: str, lines: list[tuple[int, int]], zone: "_Zones") -> set[int]:
    """Indexes of quoted lines whose quoted block is followed by an unquoted line (an inline answer)."""
    allowed: set[int] = set()
    block: list[int] = []
    for li, (s, e) in enumerate(lines + [(len(text), len(text))]):
        line = text[s:e]
        label = zone.label(s) if s < len(text) else None
        if label == "quoted" or (block and not line.strip()):
            if label == "quoted":
                block.append(li)
            continue
        if block:
            if s < len(text) and line.strip() and label is None:
                allowed.update(block)
            block = []
    return allowed


class _Zones:
    def __init__(self, folded: list[Span]):
        self.folded = folded

    def label(self, pos: int) -> str | None:
        for sp in self.folded:
            if sp.start <= pos < sp.end:
                return sp.label
            if sp.start > pos:
                break
        return None


RE_TOTAL_HEADING = re.compile(
    r"[ \t]*(?:(?:the |our )?(?:trust|board|council|force|service|authority|university|organisation|overall|grand|combined)[ \t]+)?"
    r"(?:totals?|overall|all (?:sites|hospitals|areas|divisions|units))\b[^\n\d]{0,30}$",
    re.I,
)
TOTAL_BONUS = 1.0


def _prefer_totals(text: str, markers: list[Marker]) -> None:
    """The request's numbering repeated under sub-headings (a block per hospital, area or unit):
    the block headed "Trust total" ("Overall", "All sites") answers for the whole body."""
    labelled: dict[tuple[str, ...], int] = {}
    for m in markers:
        if m.kind == "label":
            labelled[m.qids] = labelled.get(m.qids, 0) + 1
    for m in markers:
        if m.kind != "label" or labelled[m.qids] < 2:
            continue
        para = text.rfind("\n\n", 0, m.start)
        head_start = para + 2 if para != -1 else 0
        head_end = text.find("\n", head_start)
        if head_end != -1 and head_end < m.start and RE_TOTAL_HEADING.fullmatch(text, head_start, head_end):
            m.score += TOTAL_BONUS


INNER_LIST_PENALTY = 1.5


def _inner_lists(text: str, markers: list[Marker], numbers: int) -> None:
    """A list that starts again at 1 under a line ending in ":" is part of an answer, its numbers not
    the request's, when the reply has already begun answering questions ("In relation to your second
    question ... the totals by type are as follows:") or when the line introduces things, not answers
    ("The products currently in use are:") and the list is shorter than the request's numbering
    (``numbers`` top-level questions).  Its labels are made too weak to choose."""
    labels = [m for m in markers if m.kind in ("label", "group")]
    for k, m in enumerate(labels):
        before = text[: m.start].rstrip()
        if m.kind != "label" or not before.endswith(":") \
                or not re.match(r"[ \t>*•\-]*\(?(?:Q(?:uestion)?\s*)?1\b", text[m.start:m.body]):
            continue
        run = [m]
        for o in labels[k + 1:]:
            if o.start < run[-1].body:
                continue  # a marker inside the last item's line (its sub-parts)
            gap = text[run[-1].body:o.start]
            if gap.count("\n") > 2 or "\n\n" in gap.strip(" \t"):
                break
            run.append(o)
        intro = text.rfind("\n", 0, len(before)) + 1  # the line that introduces the list
        answering = any(o.start < m.start and o.kind in ("label", "prose", "question", "answer_label", "heading")
                        and (o.start < intro or m.qids[0] not in o.qids) for o in markers)
        things = not RE_REPLY_INTRO.search(text, intro, len(before)) and len(run) < INNER_LIST_SHARE * numbers
        if not (answering or things):
            continue  # "Our answers are as follows:" ("answers to questions 1 and 2 now:") above the reply's own numbering
        for o in markers:  # the list's labels, and the sub-parts its numbers stood for
            if o.kind in ("group", "label") and run[0].start <= o.start <= run[-1].body:
                o.score -= INNER_LIST_PENALTY


RE_REPLY_INTRO = re.compile(
    r"\b(?:answers?|respon(?:se|ses|d)|repl(?:y|ies)|questions?|request(?:ed)?|information|below|follows|following)\b", re.I
)
"""A line that introduces the reply's own answers ("Please find our response below:")."""
INNER_LIST_SHARE = 0.8


RE_BARE_NUMBER = re.compile(r"[ \t]*(?P<num>\d{1,2})[ \t]+(?=[^\s\d]|\d{4}\b)")
BARE_SHARE = 0.6


def _bare_numbers(text: str, lines: list[tuple[int, int]], idset: set[str], groups: dict[str, list[str]],
                  zone: "_Zones") -> list[Marker]:
    """Numbers with no stop after them ("1 Yes", "2 Cellebrite, MSAB"), a list whose numbering lost
    its punctuation on the way: labels only as a run 1, 2, 3 ... in order over most of the request."""
    numbers = sorted({int(q) for q in idset if q.isdigit()} | {int(n) for n in groups})
    found = []
    for s, e in lines:
        m = RE_BARE_NUMBER.match(text, s, e)
        if m and zone.label(s) is None and int(m.group("num")) in numbers:
            found.append((int(m.group("num")), s, m.end()))
    run: list[tuple[int, int, int]] = []
    for n, s, body in found:
        if (not run and n == numbers[0]) or (run and run[-1][0] < n <= run[-1][0] + 2):  # one may be missing
            run.append((n, s, body))
    if len(run) < max(3, BARE_SHARE * len(numbers)):
        return []
    out = []
    for n, s, body in run:
        qids = (str(n),) if str(n) in idset else tuple(groups[str(n)])
        out.append(Marker(s, body, qids, "label", 1.0))
    return out


def _sub_groups(ids: list[str]) -> dict[str, list[str]]:
    """'4' -> ['4a', '4b', ...] where the request numbers sub-parts as ids."""
    groups: dict[str, list[str]] = {}
    for qid in ids:
        m = re.fullmatch(r"(\d+)\(?([a-z])\)?", qid)
        if m:
            groups.setdefault(m.group(1), []).append(qid)
    return groups


def _expand_ids(raw: str, idset: set[str], groups: dict[str, list[str]]) -> tuple[str, ...]:
    """'1 & 2' -> ('1','2'); 'Questions 2-4' -> ('2','3','4'); '3.-5.' -> ('3','4','5')."""
    raw = raw.strip()
    parts = re.split(r"\s*(,|&|and|to|-|–)\s*", raw, flags=re.I)
    nums: list[str] = []
    pending_range = False
    for part in parts:
        p = part.strip().lower().rstrip(".").replace("question", "").replace("q", "").strip()
        if not p:
            continue
        if p in {"-", "–", "to"}:
            pending_range = True
            continue
        if p in {",", "&", "and"}:
            continue
        p = re.sub(r"[\s().]", "", p)
        if pending_range and nums and nums[-1].isdigit() and p.isdigit():
            nums.extend(str(n) for n in range(int(nums[-1]) + 1, int(p) + 1))
        else:
            nums.append(p)
        pending_range = False
    out: list[str] = []
    for n in nums:
        if n in idset:
            out.append(n)
        elif n in groups:
            out.append(GROUP + n)
    if len(out) > 1:  # "6 & 7" where 7 has sub-parts: the answer serves all of them
        out = [c for q in out for c in (groups[q[len(GROUP):]] if q.startswith(GROUP) else [q])]
    return tuple(dict.fromkeys(out))


RE_INLINE_LETTER = re.compile(r"(?:(?<=\s)|^)\(?(?P<letter>[a-h])\)\s*")


def _group_line(text: str, body: int, end: int, number: str, children: list[str], idset: set[str]) -> list[Marker]:
    """After "5." whose sub-parts are questions: inline "(a) ... (b) ..." answers, or one answer for them all."""
    rest = text[body:end]
    if not rest.strip():
        # "Question 2" alone: its sub-parts' answers follow, labelled ("a)") or not; unlabelled,
        # the lines under it answer them together (weaker than labels, which win where they come)
        return [Marker(end, end, tuple(children), "label", 0.4)]
    out = []
    for m in RE_INLINE_LETTER.finditer(rest):
        qid = f"{number}{m.group('letter').lower()}"
        if qid in idset:
            out.append(Marker(body + m.start(), body + m.end(), (qid,), "label", 1.0))
    if rest.rstrip().endswith("?"):
        # the sub-questions restated ("5. (a) Does the trust ...? (b) If not, who ...?"): answers below
        if len(out) == 1:
            return [Marker(out[0].start, end, out[0].qids, "label", 1.0)]
        return [Marker(end, end, tuple(children), "label", 0.4)]
    if out:
        return out
    return [Marker(body - 1, body, tuple(children), "label", 0.9)]


def _answer_parts(text: str, s: int, e: int, number: str | None, groups: dict[str, list[str]], idset: set[str]) -> list[Marker]:
    """An answer line that answers sub-parts in turn: "Response: (a) 20,516; (b) 3,877"."""
    m = RE_LINE_ANSWER_LABEL.match(text, s, e)
    if m is None or number is None or number not in groups:
        return []
    out = []
    for im in RE_INLINE_LETTER.finditer(text, m.end(), e):
        qid = f"{number}{im.group('letter').lower()}"
        if qid in idset and all(qid not in o.qids for o in out):
            out.append(Marker(im.start(), im.end(), (qid,), "answer_label", 1.2))
    return out if len(out) >= 2 else []


def _inline_parts(text: str, body: int, end: int, qids: tuple[str, ...], idset: set[str]) -> list[Marker]:
    """Later sub-parts answered on the same line as the first: "(a) No. (b) Not applicable."."""
    m = re.fullmatch(r"(\d{1,2})([a-h])", qids[0]) if len(qids) == 1 else None
    if m is None:
        return []
    number, last = m.group(1), m.group(2)
    out = []
    for im in RE_INLINE_LETTER.finditer(text, body, end):
        letter = im.group("letter").lower()
        qid = f"{number}{letter}"
        if im.start() > body and letter > last and qid in idset:
            out.append(Marker(im.start(), im.end(), (qid,), "label", 1.0))
            last = letter
    return out


def _line_label(line: str, idset: set[str], groups: dict[str, list[str]], current_number: str | None):
    m = RE_ANSWER_LABEL_LINE.match(line)
    if m:
        qids = _expand_ids(m.group("ids") or m.group("aid"), idset, groups)
        if qids:
            return qids, m.end(), "answer_label"
    m = RE_LINE_LABEL.match(line)
    if m:
        raw = m.group("qids") or m.group("ids")
        if raw and not re.match(r"\d{1,2}[/.]\d", line[len(m.group("lead")):].lstrip("(")):  # "15/16", "2.5"
            qids = _expand_ids(raw, idset, groups)
            if qids:
                return qids, m.end(), "label"
    m = RE_ROMAN_LABEL.match(line)
    if m and m.group("roman").lower() in idset:
        return (m.group("roman").lower(),), m.end(), "label"
    m = RE_LETTER_LABEL.match(line)
    if m:
        letter = m.group("letter").lower()
        if letter in idset:
            return (letter,), m.end(), "label"
        if current_number and f"{current_number}{letter}" in idset:
            return (f"{current_number}{letter}",), m.end(), "label"
    return None


RE_LEADING_LABEL = re.compile(r"^[\s>*•\-–]*(?:(?:Q|Question)\s*)?\(?\d{1,2}\s*\(?[a-h]?\)?[.):\-–]?\s+", re.I)
_RE_FIGURE = re.compile(rf"\d[\d,]*(?:\.\d+)?|\b(?:{_WORDNUM})\b", re.I)


def _figures(text: str) -> frozenset[str]:
    """The figures written in ``text`` ("7,318", "590", "2023", "four" as "4"), without thousands commas."""
    return frozenset(
        str(CARDINALS[m.group().lower()]) if m.group()[0].isalpha() else m.group().replace(",", "").rstrip(".")
        for m in _RE_FIGURE.finditer(text)
    )


@lru_cache(maxsize=8192)
def _content(text: str) -> frozenset[str]:
    """Content words, stemmed; numbers left out, since answers repeat the question's years.  Remembered:
    the same lines are read for several windows, and a batch asks the same questions of every reply."""
    return frozenset(_stem(w) for w in RE_WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1 and not w[0].isdigit())


_RE_NAME_WORD = re.compile(r"[A-Za-z][a-z]*")
_ACRONYM_SKIP = frozenset({"and", "of", "the", "for", "in", "on", "at", "to"})


def _acronyms(text: str) -> set[str]:
    """Initials of runs of two to five content words ("Education, Health and Care Plan" -> "ehcp",
    "school attendance orders" -> "sao"), at least three letters; "and", "of", "the" are skipped
    inside a run, as replies skip them ("full-time equivalent" -> "fte")."""
    words = _RE_NAME_WORD.findall(text)
    out: set[str] = set()
    run: list[str] = []
    for w in words + [""]:
        low = w.lower()
        if low and low in _ACRONYM_SKIP and run:
            continue
        if low and low not in STOPWORDS and len(low) > 1:
            run.append(low)
            continue
        for i in range(len(run)):
            for k in range(i + 3, min(i + 5, len(run)) + 1):
                out.add("".join(x[0] for x in run[i:k]))
        run = []
    return out


_SAME_AS = {"expenditure": "spend", "spent": "spend", "spending": "spend"}
"""Words replies use for a question's word: "expenditure on agency staff" answers "spend on agency staff"."""


def _stem(word: str) -> str:
    word = _SAME_AS.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


def _f1(window: set[str], question: set[str]) -> float:
    if not window or not question:
        return 0.0
    overlap = len(window & question)
    if overlap < min(3, len(question)):
        return 0.0
    p, r = overlap / len(window), overlap / len(question)
    return 2 * p * r / (p + r)


def _best_question_window(text, lines, li, qtokens, config):
    """(question index, F1, window end offset) of the best restatement starting at line ``li``."""
    best = None
    tokens: set[str] = set()
    first: set[str] = set()
    cells = True  # so far, short lines without punctuation: a table's header cells one per line, not a question
    for j in range(li, min(len(lines), li + config.max_question_window_lines)):
        s, e = lines[j]
        seg = text[s:e]
        cells = cells and len(seg.split()) <= CELL_WORDS and not re.search(r"[?.,;:]", seg)
        if j > li and (RE_LINE_LABEL.match(seg) or RE_LETTER_LABEL.match(seg) or RE_DECLARATIVE.match(seg)
                       or "|" in seg or "\t" in seg.strip()):
            break  # the next label, the answer's first statement, or a table
        words = _content(_strip_answer_part(seg))
        if j == li:
            first = words
            if not first or not any(len(first & q) >= 0.5 * len(first) for q in qtokens):
                return None  # a restatement starts with a question's words: no question's, no restatement
        tokens = tokens | words
        for qi, q in enumerate(qtokens):
            if not first or len(first & q) < 0.5 * len(first):
                continue  # a restatement starts with the question's words, not with an answer
            f1 = _f1(tokens, q)
            if j > li and cells:
                continue
            if f1 >= config.question_match_threshold and (best is None or f1 > best[1] + 1e-9):
                best = (qi, f1, e)
        if RE_ANSWER_LABEL.search(seg) or seg.rstrip().endswith("?"):
            break  # the restated question ends here
    return best


CELL_WORDS = 4
_RE_NOT_CELL = re.compile(r"[\d?.,;:!]")


def _header_cell(line: str) -> bool:
    """A short line of words alone (no figures, no sentence): a table's header cell."""
    return 0 < len(line.split()) <= CELL_WORDS and not _RE_NOT_CELL.search(line)


def _strip_answer_part(line: str) -> str:
    m = RE_ANSWER_LABEL.search(line)
    return line[: m.start()] if m and m.start() > 0 else line


def _question_end(text, body, line_end, lines, li, qtokens, qis, config):
    """Where the restated question after a label ends, if the label is followed by the question."""
    rest = _content(_strip_answer_part(text[body:line_end]))
    if not qis or RE_DECLARATIVE.match(text, body, line_end):
        return None
    q = set().union(*(qtokens[i] for i in qis))
    if not rest or len(rest & q) < min(3, len(q)) or len(rest & q) / len(rest) < 0.5:
        return None
    colon = text.find(":", body, line_end)
    while colon != -1 and text[colon + 1 : line_end].strip():
        # "c) electively home educated: 1": the question's words, a colon, the answer on the same line
        head = _content(text[body:colon])
        if head and len(head & q) >= RESTATED_SHARE * max(len(head), len(q)):
            return colon + 1 + len(text[colon + 1 : line_end]) - len(text[colon + 1 : line_end].lstrip())
        colon = text.find(":", colon + 1, line_end)
    if not RE_ASKS.match(text, body, line_end) and len(rest & q) < max(RESTATED_MIN_WORDS, RESTATED_SHARE * len(q)):
        # an answer repeats some of the question's words; a restated question reads as one, or
        # ("Information on the number of ...", "Details of ...") carries nearly all of a long question's words
        return None
    best = _best_question_window(text, lines, li, [q], config.replace(question_match_threshold=0.4))
    if best is None:
        return None
    w_end = best[2]
    return _body_after_question(text, body, w_end, q)


RESTATED_SHARE = 0.8
RESTATED_MIN_WORDS = 6


def _body_after_question(text: str, start: int, w_end: int, q: set[str]) -> int:
    """The answer starts after an ``Answer:`` label, after a '?' that ends the question, or after the window."""
    window = text[start:w_end]
    m = None
    for m in RE_ANSWER_LABEL.finditer(window):
        if m.start() > 0 and (window[m.start() - 1] in " \t\n?.)" ):
            return start + m.end()
    # "Do you publish? Yes", "b) have no school place: 0", "... to families. Attached": the rest of
    # the last line after the punctuation that ends the question, when it is not the question's words.
    last_nl = window.rfind("\n") + 1
    last_line = window[last_nl:]
    for m in reversed(list(re.finditer(r"[?:.](?=\s)", last_line))):
        tail = last_line[m.end():]
        if not tail.strip() or tail.lstrip().startswith("("):
            continue
        words = _content(tail)
        if words and len(words & q) / len(words) >= 0.5:
            break  # still the question
        if m.group() == "." and not _content(last_line[: m.start()]) & q:
            break
        return start + last_nl + m.end()
    # "b. How many were complied with within 40 days / 1105 / 989": the first cell after the question's
    cell = re.search(r"(?<=\s)[/|](?=\s)|\t", last_line)
    if cell and _content(last_line[: cell.start()]) & q and not _content(last_line[cell.end():]) & q \
            and "?" not in last_line[cell.end():]:
        return start + last_nl + cell.end()
    return w_end


def _table_marker(text, s, e, ids, qtokens, config) -> Marker | None:
    line = text[s:e]
    cells = [(m.start(), m.end()) for m in re.finditer(r"[^|\t]+", line) if line[m.start():m.end()].strip()]
    if len(cells) < 2:
        return None
    first = line[cells[0][0]:cells[0][1]].strip()
    qi = None
    # "1", "Q1", "4(a).", or a label with the topic after it: "7. Code of practice"
    m = re.match(r"(?:Q(?:uestion)?\s*)?(\d{1,2})\s?\(?([a-h])?\)?[.):]?(?:\s|$)", first, re.I)
    if m:
        label = m.group(1) + (m.group(2) or "").lower()
        qi = ids.index(label) if label in ids else None
    answer_cells = cells[1:] if qi is not None else cells
    # a cell that restates the question is not the answer
    best_q, best_f = None, 0.0
    kept = []
    for cs, ce in answer_cells:
        toks = _content(line[cs:ce])
        f = max(((i, _f1(toks, q)) for i, q in enumerate(qtokens)), key=lambda t: t[1], default=(None, 0.0))
        if f[1] >= config.question_match_threshold:
            best_q, best_f = (f[0], f[1]) if f[1] > best_f else (best_q, best_f)
        else:
            kept.append((cs, ce))
    if qi is None:
        qi = best_q
        kept = kept[-1:]  # "topic | answer" rows: the last cell answers
    if qi is None or not kept:
        return None
    body_start = s + kept[0][0]
    body_start += len(line[kept[0][0]:]) - len(line[kept[0][0]:].lstrip())
    end = s + kept[-1][1]
    return Marker(s, body_start, (ids[qi],), "table", 2.0 + best_f, end=end)


def _decides_for(text: str, m: Marker) -> bool:
    """A prose mention in a sentence that decides for its question ("this letter is a refusal notice
    for question 6"): it stands alone, the rest of the reply answering the other questions."""
    if m.kind != "prose" or _RE_WHOLE_REQUEST.search(text):
        return False
    end = _RE_SENTENCE_END.search(text, m.start)
    end = end.end() if end else len(text)
    return RE_GENERAL.search(text, m.start, end) is not None or _RE_DO_NOT_APPLY.search(text, m.start, end) is not None


# "Questions 2 to 6 therefore do not apply": a sentence that decides for the questions it names
_RE_DO_NOT_APPLY = re.compile(r"\b(?:do(?:es)?\s+not|don['’]t|doesn['’]t)\s+apply\b|\bnot\s+applicable\b|\bN/A\b", re.I)
_RE_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")
_RE_WHOLE_REQUEST = re.compile(r"\b(?:(?:your|the|this) request (?:(?:has been|was|is) (?:considered|treated|refused|dealt with) )?as a whole|(?:the |your )?(?:whole|entire) request|all (?:parts )?of your request)\b", re.I)


def _prose_markers(text: str, ids: list[str], folded: list[Span], earlier: list[Marker]) -> list[Marker]:
    """Questions named in prose ("In response to your third question", "Questions 2 to 4 ..."); the
    questions that ``earlier`` markers and these name are what "the remaining questions" leave."""
    out: list[Marker] = []
    zone = _Zones(folded)
    idset = set(ids)
    groups = _sub_groups(ids)
    for m in RE_PROSE_MENTION.finditer(text):
        if zone.label(m.start()) or _is_reference(text, m.start()) or _asks_back(text, m.start()):
            continue
        if m.group("ord"):
            raw = str(ORDINALS[m.group("ord").lower()])
        else:
            raw = re.sub(rf"\b(?:{_WORDNUM})\b", lambda w: str(CARDINALS[w.group().lower()]), m.group("list"), flags=re.I)
            raw = re.sub(r"(\d)\s?\(([a-h])\)", r"\1\2", raw)  # "4(a)" is question 4a
        nums = list(_expand_ids(raw, idset, groups))
        qids = tuple(n for n in nums if n in idset)
        if not qids:
            continue
        start = _sentence_start(text, m.start())
        line_start = text.rfind("\n", 0, m.start()) + 1
        if start == line_start and RE_LINE_LABEL.match(text[line_start:m.end() + 2]):
            continue  # a line label, handled already
        out.append(_clause_marker(text, start, m.start(), qids, out))
    # "the remaining questions", "all other parts", "questions 3 onwards": the questions no mention before named
    for m in RE_PROSE_REST.finditer(text):
        if zone.label(m.start()) or _is_reference(text, m.start()):
            continue
        end = _RE_SENTENCE_END.search(text, m.end())
        if RE_ACK.search(text, m.start(), end.end() if end else len(text)):
            continue  # "we are still gathering the information for the remaining questions": answered later
        named = {q for mk in earlier + out if mk.start < m.start() for q in mk.qids}
        if m.group("from"):
            raw = re.sub(rf"\b(?:{_WORDNUM})\b", lambda w: str(CARDINALS[w.group().lower()]), m.group("from"), flags=re.I)
            if raw not in idset:
                continue
            rest = tuple(ids[ids.index(raw):])
        elif named:
            rest = tuple(q for q in ids if q not in named)
        else:
            continue  # "the other questions" with none named before: nothing to be other than
        if rest:
            out.append(_clause_marker(text, _sentence_start(text, m.start()), m.start(), rest, out))
    return out


RE_PROSE_REST = re.compile(
    rf"\b(?:(?:the|your|all(?:\s+(?:the|your))?)\s+(?:remaining|other|subsequent|following)|the\s+rest\s+of\s+(?:the|your))"
    rf"\s+(?:questions|parts|points|requests)\b(?!\s+(?:below|as follows))"
    rf"|\bquestions?\s+(?P<from>\d{{1,2}}|{_WORDNUM})\s+(?:and\s+)?onwards?\b",
    re.I,
)
"""Questions named by what they are not ("the remaining questions", "all other parts of your request")."""
RE_CLAUSE = re.compile(r"(?:;|,?\s+(?:and so|and therefore|so|but|whereas|while)\b|,\s+and\b)\s+", re.I)


def _clause_marker(text: str, start: int, pos: int, qids: tuple[str, ...], before: list[Marker]) -> Marker:
    """A prose mention's marker: from its sentence's start, or, when a mention before it already
    starts that sentence ("Your first question: no, and so the remaining ones do not apply"),
    from the clause that names it, the joining words left to neither."""
    if any(mk.start <= start < mk.body or mk.body == start for mk in before if mk.body <= pos):
        joints = [j for j in RE_CLAUSE.finditer(text, start, pos)]
        if joints:
            return Marker(joints[-1].start(), joints[-1].end(), qids, "prose", 0.9)
    return Marker(start, start, qids, "prose", 0.9)


RE_ASKS_BACK = re.compile(
    r"\b(?:please (?:could you |can you )?(?:confirm|clarify|explain)|(?:could|can) you (?:please )?(?:confirm|clarify|explain)|"
    r"if you (?:could|would|can) (?:please )?(?:confirm|clarify|explain)|"
    r"clarification|what you mean by)\b",
    re.I,
)


def _asks_back(text: str, pos: int) -> bool:
    """A mention in a paragraph that asks the requester to clarify the question ("In question 2 you
    ask ... Please could you confirm whether ..."): nothing is answered there yet."""
    start = text.rfind("\n\n", 0, pos)
    end = text.find("\n\n", pos)
    if RE_ASKS_BACK.search(text, start + 1 if start != -1 else 0, end if end != -1 else len(text)) is not None:
        return True
    # "- In question 5, should 'spend' include staff costs, or only ...?": a question put back, in a list
    # under "... if you could clarify the following:"
    close = _RE_SENTENCE_END.search(text, pos)
    if close is None or text[close.start()] != "?":
        return False
    intro = text.rfind(":", 0, pos)
    return intro != -1 and RE_ASKS_BACK.search(text, max(0, text.rfind("\n", 0, intro) + 1), intro + 1) is not None


def _is_reference(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40):pos].lower()
    return bool(re.search(
        r"(?:\bsee|\bas|\bper|refer to|same as)\s+(?:(?:our|my|the)\s+)?(?:(?:response|answer|reply)s?\s+(?:to|at|for|in)\s+)?$"
        r"|\b(?:set out|given|provided|stated|explained|shown|described|included|answered|covered|contained|as)\s+"
        r"(?:(?:above|below|earlier|previously)\s+)?in\s+(?:(?:our|my|the)\s+)?(?:(?:response|answer|reply)s?\s+to\s+)?$", before))


def _sentence_start(text: str, pos: int) -> int:
    i = pos
    while i > 0:
        c = text[i - 1]
        if c == "\n" or (c in ".!?" and i < len(text) and text[i].isspace()):
            break
        i -= 1
    while i < pos and text[i].isspace():
        i += 1
    return i


# -- unlabelled prose ------------------------------------------------------------------------

RE_SENTENCE = re.compile(r"[^\n]+?(?:[.!?](?=\s)|$)", re.M)


RE_SUBJECT_LINE = re.compile(
    r"[ \t]*(?:(?:our|your|foi|eir)?[ \t]*ref(?:erence)?\b|re:|subject:|request\s+(?:for\s+information|reference)\b|"
    r"(?:freedom\s+of\s+information|FOI|FOIA|FOISA|EIR)\b|[A-Z]{2,}[A-Z0-9]*\s?[-/]\s?[A-Z0-9]*\d)",
    re.I,
)
"""A letter's subject or reference line, which restates the request's topic without answering it."""


def _units(text: str, start: int, end: int, zone: "_Zones") -> list[tuple[int, int, set[str]]]:
    """Sentences (or lines) of the unfolded text between ``start`` and ``end`` with their content words."""
    units = []
    for ps, pe in paragraphs(text):
        ps, pe = max(ps, start), min(pe, end)
        if ps >= pe or zone.label(ps) is not None or RE_GREETING_LINE.match(text, ps, pe):
            continue
        if "\n" not in text[ps:pe] and RE_SUBJECT_LINE.match(text, ps, pe) and not re.search(r"[.!?]\s", text[ps:pe]):
            continue  # the letter's subject line ("FOI/24/293 – Algorithms and AI in children's social care")
        for m in RE_SENTENCE.finditer(text, ps, pe):
            if m.group().strip():
                a, b = m.start() + len(m.group()) - len(m.group().lstrip()), m.end()
                units.append((a, b, _content(text[a:b])))
    return units


def _weighed(words: frozenset[str] | set[str], weight: dict[str, float]) -> float:
    """The weight of ``words``, summed exactly (``math.fsum``): a plain sum over a set of strings depends
    on the set's order, which changes from process to process with the string hash, and a last-bit
    difference can break a tie the other way (a cluster's workers then split a reply differently)."""
    return math.fsum(weight.get(t, 0.0) for t in words)


def _weights(qtokens: list[set[str]]) -> dict[str, float]:
    df: dict[str, int] = {}
    for q in qtokens:
        for t in q:
            df[t] = df.get(t, 0) + 1
    return {t: math.log(1 + len(qtokens) / d) for t, d in df.items()}


SKIP_COST = 1.0
"""What passing over a question costs an alignment, in distinctive-word weight: letters answer the
questions in order, so a sentence must share clearly more words with a later question to skip one."""


def _align(units, qtokens: list[set[str]], qis: list[int], weight: dict[str, float], *, min_weight: float = 1.0,
           first: int | None = None, skip_cost: float = SKIP_COST) -> dict[int, list[int]]:
    """Monotone alignment of ``units`` to the questions ``qis`` (in order): question -> unit indexes.

    Each question takes a run of consecutive sentences that opens with one sharing at
    least ``min_weight`` of its distinctive words; each question passed over costs
    ``skip_cost``; with ``first``, the first sentence belongs to that question (the
    answer a marker already started).
    """
    NEG = float("-inf")
    score = [[_weighed(u[2] & qtokens[q], weight) for q in qis] for u in units]
    best: dict[int, float] = {-1: 0.0} if first is None else {}
    back: list[dict[int, int]] = []
    for i in range(len(units)):
        new: dict[int, float] = {}
        choice: dict[int, int] = {}
        if -1 in best:
            new[-1], choice[-1] = best[-1], -1
        for j in range(len(qis)):
            cands = []
            if j in best:
                cands.append((best[j] + score[i][j], j))
            if i == 0 and first is not None and qis[j] == first:
                cands.append((score[i][j], -1))
            elif score[i][j] >= min_weight:
                prev = max(((v - skip_cost * (j - k - 1), k) for k, v in best.items() if k < j), default=(NEG, -1))
                if prev[0] > NEG:
                    cands.append((prev[0] + score[i][j], prev[1]))
            if cands:
                new[j], choice[j] = max(cands)
        back.append(choice)
        best = new
    if not best:
        return {}
    j = max(best, key=best.get)
    assign = [0] * len(units)
    for i in range(len(units) - 1, -1, -1):
        assign[i] = j
        j = back[i].get(j, -1)
    runs: dict[int, list[int]] = {}
    for i, j in enumerate(assign):
        if j >= 0:
            runs.setdefault(qis[j], []).append(i)
    return runs


def _align_unlabelled(text: str, answers: dict[str, Answer], qtokens: list[set[str]], folded: list[Span],
                      *, min_share: float = 0.6) -> None:
    """Answers written in order without labels: align sentences to questions by their distinctive words.

    Kept only when at least ``min_share`` of the questions get a sentence of their own;
    otherwise the reply is taken as a whole.
    """
    zone = _Zones(folded)
    units = [u for u in _units(text, 0, len(text), zone) if not RE_COURTESY.match(text, u[0], u[1])]
    nq = len(qtokens)
    if len(units) < 2 or nq < 2:
        return
    weight = _weights(qtokens)
    runs = _align(units, qtokens, list(range(nq)), weight)
    # a decision about "the information you requested" may answer the reply as a whole; one about a
    # subject ("we do not hold ransomware figures") answers its own question only
    decides_as_whole = any(RE_GENERAL.search(text, u[0], u[1]) and RE_WHOLE_SCOPE.search(text, u[0], u[1]) for u in units)
    if len(runs) < min_share * nq:
        # a letter may answer by topic, out of the request's order ("Rather than follow the order of
        # your questions ..."): each sentence that clearly names one question's subject answers it
        topical = _topic_runs(text, units, qtokens, weight)
        if len(topical) >= min_share * nq:
            runs = topical
    if len(runs) < 2 or (decides_as_whole and len(runs) < min_share * nq):
        return
    if any(RE_GENERAL.search(text, s, e) and _RE_WHOLE_REQUEST.search(text, s, e)
           for s, e in paragraphs(text) if zone.label(s) is None):
        return  # "we have applied section 12 to the request as a whole": the reasons are not answers
    _apply_runs(text, answers, runs, units, folded, "aligned")


RE_WHOLE_SCOPE = re.compile(
    r"\b(?:your|the|this) request\b|\binformation (?:that )?(?:you (?:have )?)?(?:requested|asked for|seek)\b|\ball of (?:the|your)\b",
    re.I,
)
_RE_JOINT_SUB_LABELS = re.compile(
    r"[\s\[(]*\(?(?P<a>[a-h])\)?(?:\s*(?:,|and|&)\s*\(?(?P<b>[a-h])\)?)+\s*(?:[–—:-]|\s(?=[A-Za-z]))", re.I)


def _joint_sub_labels(text: str, answers: dict[str, Answer]) -> None:
    """"a) and b) – none in any of the three years" under the last sub-part: the sub-parts it names that
    have no answer of their own share it."""
    for qid, a in list(answers.items()):
        m = re.fullmatch(r"(\d{1,2})([a-h])", qid)
        if not a.found or m is None:
            continue
        joint = _RE_JOINT_SUB_LABELS.match(text, a.start, a.end)
        if joint is None:
            continue
        letters = re.findall(r"(?<![A-Za-z])([a-h])(?![A-Za-z])", joint.group().lower())
        named = [f"{m.group(1)}{x}" for x in letters]
        if m.group(2) not in letters or len(named) < 2:
            continue
        for other in named:
            o = answers.get(other)
            if o is not None and other != qid and not o.found:
                o.start, o.end, o.text, o.method = a.start, a.end, a.text, a.method
                o.shared_with = tuple(q for q in named if q != other and q in answers)


_RE_NOT_A_TITLE = re.compile(r"\b(?:yes|no|none|nil|n/?a|not|held|attached|see|zero)\b|\d|[.!?;]$", re.I)
MAX_TITLE_WORDS = 5


def _topic_titles(text: str, answers: dict[str, Answer], qtokens: list[set[str]]) -> None:
    """"Question 5 – CCTV", a blank line, then the answer: the words after a label, on its line, that only
    name the question's topic (every word in the question, no figure, no yes or no) are a title."""
    for qi, (qid, a) in enumerate(answers.items()):
        if not a.found or a.method not in ("label", "heading"):
            continue
        nl = text.find("\n", a.start, a.end)
        if nl < 0 or not text[nl : a.end].strip() or not re.match(r"\n[ \t]*\n", text[nl : a.end]):
            continue  # a title stands apart: a blank line under it (not a table's header row, nor "We use:")
        line = text[a.start : nl].strip()
        if line.endswith(":") or "|" in line or "\t" in line:
            continue
        words = _content(line)
        if not words or len(line.split()) > MAX_TITLE_WORDS or _RE_NOT_A_TITLE.search(line) or not words <= qtokens[qi]:
            continue
        start = nl + len(text[nl : a.end]) - len(text[nl : a.end].lstrip())
        a.start, a.text = start, text[start : a.end]


_RE_CLAUSE_THEN = re.compile(
    r"\s*(?:[,;:–—]|\s-)\s*(?:and\s+)?(?:so|therefore|thus|hence|consequently|as\s+such|which\s+means(?:\s+that)?)?\s*,?\s*$", re.I)


def _leading_clause(text: str, answers: dict[str, Answer], path: list[Marker], ids: list[str], index: dict[str, int]) -> None:
    """"We do not use any such tools, so questions 2-6 do not apply.": the clause before a prose
    mention answers the one question before those it names, when nothing else answers it; the
    named questions keep the clause that names them."""
    named = {q for m in path for q in m.qids}
    for m in path:
        if m.kind != "prose" or not m.qids:
            continue
        first = min(index[q] for q in m.qids)
        before = [q for q in ids[:first] if not answers[q].found and q not in named]
        if not first or before != [ids[first - 1]]:
            continue
        end = _RE_SENTENCE_END.search(text, m.body)
        mention = RE_PROSE_MENTION.search(text, m.body, end.start() if end else len(text))
        if mention is None or mention.start() <= m.body:
            continue
        sep = _RE_CLAUSE_THEN.search(text, m.body, mention.start())
        if sep is None or sep.start() <= m.body or RE_COURTESY.match(text, m.body, mention.start()):
            continue
        if len(RE_WORD.findall(text[m.body : sep.start()].lower())) < 3:
            continue
        prev = answers[before[0]]
        prev.start, prev.end, prev.text, prev.method = m.body, sep.start(), text[m.body : sep.start()], "prose"
        for q in m.qids:
            a = answers[q]
            if a.start == m.body:
                a.start, a.text = mention.start(), text[mention.start() : a.end]


def _best_sentence_for_the_rest(text: str, answers: dict[str, Answer], qtokens: list[set[str]], folded: list[Span]) -> None:
    """After a prose reply is aligned, a question left without a sentence takes the one that names its
    subject most clearly (even one aligned to another question: "Our unit uses MSAB XRY and examined
    2,967 devices" answers both), rather than the reply's first paragraph."""
    ids = list(answers)
    if not any(a.method == "aligned" for a in answers.values()):
        return
    zone = _Zones(folded)
    units = [u for u in _units(text, 0, len(text), zone) if not RE_COURTESY.match(text, u[0], u[1])]
    weight = _weights(qtokens)
    for qi, qid in enumerate(ids):
        if answers[qid].found:
            continue
        scores = [_weighed(u[2] & qtokens[qi], weight) for u in units]
        if not scores or max(scores) < TOPIC_MIN_WEIGHT:
            continue
        best = units[scores.index(max(scores))]
        others = [_weighed(best[2] & qtokens[k], weight) for k in range(len(ids)) if k != qi]
        # a sentence that already answers another question and names this one's subject too ("there is no
        # expenditure to report, no children have been flagged and no staff have been trained") answers both
        shared = any(a.found and a.start <= best[0] and best[1] <= a.end for a in answers.values())
        if others and max(scores) < TOPIC_MARGIN * max(others) and not shared:
            continue  # as much about another question: no clear answer
        s, e = _trim(text, best[0], best[1], folded)
        if e > s:
            a = answers[qid]
            a.start, a.end, a.text, a.method = s, e, text[s:e], "aligned"


TOPIC_MIN_WEIGHT = 3.0
TOPIC_MARGIN = 1.5


def _topic_runs(text: str, units, qtokens: list[set[str]], weight: dict[str, float]) -> dict[int, list[int]]:
    """Sentences assigned to questions in any order: a sentence goes to the question whose distinctive
    words it shares most, when that is at least TOPIC_MIN_WEIGHT and TOPIC_MARGIN times the next best;
    the sentences after it in its paragraph follow it.  Each question keeps its best block of sentences."""
    para = [text.count("\n\n", 0, u[0]) for u in units]
    scores = [[_weighed(u[2] & q, weight) for q in qtokens] for u in units]
    assign = [-1] * len(units)
    for i, sc in enumerate(scores):
        order = sorted(range(len(sc)), key=lambda j: -sc[j])
        top, second = sc[order[0]], (sc[order[1]] if len(sc) > 1 else 0.0)
        if top >= TOPIC_MIN_WEIGHT and top >= TOPIC_MARGIN * second:
            assign[i] = order[0]
        elif i and para[i] == para[i - 1]:
            assign[i] = assign[i - 1]
    runs: dict[int, list[int]] = {}
    for q in set(assign) - {-1}:
        best = max((i for i, a in enumerate(assign) if a == q), key=lambda i: scores[i][q])
        lo = hi = best
        while lo > 0 and assign[lo - 1] == q:
            lo -= 1
        while hi + 1 < len(units) and assign[hi + 1] == q:
            hi += 1
        runs[q] = list(range(lo, hi + 1))
    return runs


def _split_gaps(text: str, answers: dict[str, Answer], qtokens: list[set[str]], folded: list[Span],
                path: list[Marker]) -> None:
    """Questions skipped between two answers: look for their sentences inside the answer before them."""
    ids = list(answers)
    zone = _Zones(folded)
    weight = _weights(qtokens)
    first = min(path, key=lambda m: m.start)
    lead = min(ids.index(q) for q in first.qids if q in answers) if not first.qids[0].startswith(GROUP) else 0
    before = [k for k in range(lead) if answers[ids[k]].method == "none"]
    if before:
        # questions before the first marker, never restated: their answers may be prose above it
        units = [u for u in _units(text, 0, first.start, zone) if not RE_COURTESY.match(text, u[0], u[1])]
        if units:
            runs = _align(units, qtokens, before, weight)
            _apply_runs(text, answers, runs, units, folded, "aligned")
    i = 0
    while i < len(ids):
        if answers[ids[i]].found or i == 0:
            i += 1
            continue
        j = i
        while j < len(ids) and not answers[ids[j]].found:
            j += 1
        prev = answers[ids[i - 1]]
        if prev.found and not prev.shared_with and prev.method not in ("table", "whole", "general"):
            units = _units(text, prev.start, prev.end, zone)
            if len(units) >= 2:
                runs = _align(units, qtokens, list(range(i - 1, j)), weight, first=i - 1)
                if len(runs) > 1:
                    _apply_runs(text, answers, runs, units, folded, "aligned", keep_method_for=i - 1)
        i = j


OUT_OF_ORDER_KINDS = ("label", "answer_label", "question", "heading", "table", "prose")


def _markers_out_of_order(text: str, answers: dict[str, Answer], markers: list[Marker], path: list[Marker],
                          folded: list[Span]) -> None:
    """A question nobody answered whose own marker the request order passed over (a reply set out under
    headings in its own order: "Costs" before "Households"): the marker's passage, up to the next marker
    kept, when no answer holds any of it."""
    kept = sorted({m.start for m in path})
    hard_stops = sorted(sp.start for sp in folded if sp.label in ("thread", "signoff", "boilerplate"))
    # the surest first, and of those a sentence that decides ("... would exceed the appropriate limit")
    # before one that only names the questions ("I can answer most of your questions, but not 2 and 3")
    def deciding(mk: Marker) -> bool:
        close = _RE_SENTENCE_END.search(text, mk.body)
        return RE_GENERAL.search(text, mk.body, close.end() if close else len(text)) is not None

    for m in sorted(markers, key=lambda mk: (-mk.score, not deciding(mk), mk.start)):
        if m in path or m.kind not in OUT_OF_ORDER_KINDS or not m.qids or any(q not in answers for q in m.qids):
            continue
        if m.score <= 0 and not re.match(r"[ \t]*Q", text[m.start : m.start + 4]) and any(
                a.found and a.start < m.start < a.end for a in answers.values()):
            continue  # a list's own numbering inside an answer ("Attached:\n1. CCTV Policy"), not a question's label
        if len(m.qids) > 1 and m.kind not in ("prose", "label"):
            continue  # several questions at once as a label or a sentence names them ("Questions 3, 4(a) and 4(b) ...")
        if m.kind == "prose":
            close = _RE_SENTENCE_END.search(text, m.body)
            if RE_ACK.search(text, m.body, close.end() if close else len(text)):
                continue  # "we are still collating the information for questions 2 to 5": answered later
        if any(answers[q].found for q in m.qids):
            continue
        nxt = next((k for k in kept if k > m.start), len(text))
        end = m.end if m.end is not None else nxt
        end = min([end] + [h for h in hard_stops if m.body <= h < end])
        if m.kind == "prose":  # a sentence naming questions out of turn answers them in its paragraph
            para = text.find("\n\n", m.body, end)
            end = end if para == -1 else para
        start, end = _trim(text, m.body, end, folded)
        if end <= start:
            continue
        # an answer that runs on past this marker (to the next marker kept, or the letter's end) stops here
        for other in answers.values():
            if other.found and other.start < m.start < other.end:
                cut_start, cut_end = _trim(text, other.start, m.start, folded)
                if cut_end > cut_start:
                    other.end, other.text = cut_end, text[cut_start:cut_end]
                    other.start = cut_start
        taken = [(o.start, o.end) for o in answers.values() if o.found]
        if any(s < end and start < e for s, e in taken):
            continue
        for q in m.qids:
            a = answers[q]
            a.start, a.end, a.text, a.method = start, end, text[start:end], m.kind
            a.shared_with = tuple(o for o in m.qids if o != q)


_RE_TABLE_HEADER = re.compile(r"^[^\n]*(?:\|[^\n]*){2,}$|^[^\n]*(?:\t[^\n]*){2,}$", re.M)


def _table_columns(text: str, answers: dict[str, Answer], qtokens: list[set[str]]) -> None:
    """A question nobody answered whose subject heads a column of a table another answer holds
    ("31 March | All households | With children | Outside Edinburgh" for "How many included
    children?"): it shares that answer; the values read its column."""
    ids = list(answers)
    for i, qid in enumerate(ids):
        if answers[qid].found:
            continue
        best = None
        for other in answers.values():
            if not other.found or other.question_id == qid:
                continue
            header = _RE_TABLE_HEADER.search(text, other.start, other.end)
            if header is None:
                continue
            cells = [c for c in re.split(r"\s*[|\t]\s*", header.group()) if c.strip()][1:]
            for cell in cells:
                words = _content(cell)
                shared = len(words & qtokens[i])
                # most of the header's words are the question's ("With children"), and no other question's more so
                if words and shared >= max(1, TABLE_COLUMN_SHARE * len(words)) and all(
                    len(words & qtokens[j]) <= shared for j in range(len(ids)) if j != i
                ):
                    if best is None or shared > best[0]:
                        best = (shared, other)
        if best is not None:
            other = best[1]
            a = answers[qid]
            a.start, a.end, a.text, a.method = other.start, other.end, other.text, "table"
            a.shared_with = (other.question_id,)


TABLE_COLUMN_SHARE = 0.5


def _split_prose_tails(text: str, answers: dict[str, Answer], qtokens: list[set[str]], folded: list[Span]) -> None:
    """A prose answer ("We are unable to answer questions 2 and 3 ...") runs to the next marker, which may
    be the end of the letter; the paragraphs after its first may answer questions nobody has answered
    ("Recorded fly-tipping incidents were 7,318 ..."): align them to those questions, in order, and end
    the prose answer (and those sharing it) where the first of them begins."""
    ids = list(answers)
    zone = _Zones(folded)
    weight = _weights(qtokens)
    for qid in ids:
        a = answers[qid]
        missing = [i for i, q in enumerate(ids) if not answers[q].found]
        if not missing or not a.found or a.method != "prose":
            continue
        first_end = text.find("\n\n", a.start, a.end)
        if first_end == -1:
            continue
        units = [u for u in _units(text, first_end, a.end, zone) if not RE_COURTESY.match(text, u[0], u[1])]
        runs = _align(units, qtokens, missing, weight) if units else {}
        if not runs:
            continue
        cut = min(units[idx[0]][0] for idx in runs.values())
        old = (a.start, a.end)
        start, end = _trim(text, a.start, cut, folded)
        for other in answers.values():
            if other.found and (other.start, other.end) == old:
                other.start, other.end, other.text = start, end, text[start:end]
        _apply_runs(text, answers, runs, units, folded, "aligned")


def _apply_runs(text, answers, runs, units, folded, method, *, keep_method_for: int | None = None) -> None:
    ids = list(answers)
    for q, idx in runs.items():
        start, end = _trim(text, units[idx[0]][0], units[idx[-1]][1], folded)
        a = answers[ids[q]]
        a.start, a.end, a.text = start, end, text[start:end]
        if q != keep_method_for:
            a.method = method


# -- choosing markers ------------------------------------------------------------------------


def _run_end(positions: list[float]) -> float:
    """The last of the consecutive positions from the first: [0, 1, 2, 4] -> 2."""
    end = positions[0]
    for p in positions[1:]:
        if p != end + 1:
            break
        end = p
    return end


def _best_path(markers: list[Marker], index: dict[str, int], text: str) -> list[Marker]:
    """The highest-scoring chain of markers whose questions follow the request order."""
    n = len(markers)
    if n == 0:
        return []
    def pos(qid: str) -> float:
        if qid.startswith(GROUP):
            children = [i for q, i in index.items() if re.fullmatch(re.escape(qid[len(GROUP):]) + r"\(?[a-z]\)?", q)]
            return min(children) - 0.5
        return float(index[qid])

    lo = [min(pos(q) for q in m.qids) for m in markers]
    # a shared answer naming questions out of a run ("Questions 1, 2, 3 and 5:") may be followed by the
    # questions it skipped (4): it is ordered by the run its first question starts
    hi = [_run_end(sorted(pos(q) for q in m.qids)) for m in markers]
    best = [m.score for m in markers]
    prev = [-1] * n
    for j in range(n):
        for i in range(max(0, j - 400), j):
            a, b = markers[i], markers[j]
            if b.start < a.body and not (a.end is not None and b.start >= a.end):
                continue
            # The same question twice in a row only as "Question 1 ... / Answer to question 1:" or a
            # bare label with the question restated on the next line.
            same = a.qids == b.qids and a.kind in ("label", "question") and (
                b.kind == "answer_label" or (b.kind == "question" and not text[a.body:b.start].strip())
            )
            ok = lo[j] > hi[i] or same
            if ok and best[i] + b.score > best[j]:
                best[j], prev[j] = best[i] + b.score, i
    j = max(range(n), key=lambda k: best[k])
    if best[j] <= 0:
        return []  # only markers too weak to choose (a list inside an answer)
    path = []
    while j != -1:
        path.append(markers[j])
        j = prev[j]
    return path[::-1]


THREAD_ANSWERED_SHARE = 0.5
RE_ANSWERS_BELOW = re.compile(
    r"\b(?:(?:answers?|responses?|replies)\b[^.\n]{0,60}\b(?:below|beneath|in (?:red|blue|bold)|inline|after each|under each|against each)"
    r"|(?:in (?:red|blue|bold)|inline)\b[^.\n]{0,40}\b(?:below|beneath))",
    re.I,
)


def _answered_thread(text: str, folded: list[Span]) -> list[Span] | None:
    """The folds with the thread below the reply unfolded, when the answers were typed into it: the
    reply says so ("the answers are shown after each question in your email below") or the thread
    holds two or more "Answer:" lines.  None when there is no such thread."""
    hidden = [sp for sp in folded if sp.label in ("thread", "signoff")]
    starts = [m.start() for rx in (RE_ORIGINAL, RE_HEADER_BLOCK, RE_WROTE) for m in rx.finditer(text)
              if text[: m.start()].strip() and any(sp.start <= m.start() < sp.end for sp in hidden)]
    if not starts:
        return None
    top = min(starts)
    labels = sum(1 for m in re.finditer(r"^[^\n]*", text[top:], re.M) if RE_LINE_ANSWER_LABEL.match(m.group()))
    if labels < 2 and not RE_ANSWERS_BELOW.search(text, 0, top):
        return None
    above = [sp if sp.end <= top else Span(sp.start, top, text[sp.start:top], sp.label) for sp in folded if sp.start < top]
    wrote = RE_WROTE.match(text, top)
    if wrote is not None:  # "On ... wrote:" is one line; the quoted message follows it
        body = wrote.end() + 1 if text.startswith("\n", wrote.end()) else wrote.end()
    else:
        gap = re.compile(r"\n[ \t]*\n").search(text, top)  # the separator and header lines end at a blank line
        body = gap.end() if gap else len(text)
    header = Span(top, body, text[top:body], "thread")
    below = [Span(sp.start + body, sp.end + body, sp.text, sp.label) for sp in fold(text[body:])]
    quoted = [sp for sp in below if sp.label == "quoted"]
    if quoted and not any(RE_BARE_LABEL.match(sp.text.lstrip("> \t")) for sp in quoted):
        # the questions are not the quoted lines: the answers are, typed in as ">> No." under each
        below = [sp for sp in below if sp.label != "quoted"]
    return above + [header] + below


QUOTED_REQUEST_EMPTY_SHARE = 0.6
RELABELLED_SHARE = 0.5


def _past_the_request_quoted(text: str, markers: list[Marker], path: list[Marker], index: dict[str, int],
                             qtokens: list[set[str]]) -> list[Marker]:
    """The request quoted at the top, its questions with nothing under them, then answers labelled
    again ("Q1: No.", "Q2b and Q5: ..."): the labels after the quoted request are the reply's structure.
    Taken when most markers of the best path hold nothing but their question's own words and the
    markers after its last one name at least half the questions."""
    steps = [m for m in path if m.kind != "group"]
    if len(steps) < 3:
        return path
    empty = 0
    for m, nxt in zip(path, path[1:]):
        if m.kind == "group":
            continue
        asked = set().union(*(qtokens[index[q]] for q in m.qids if q in index))
        if _content(text[m.body : nxt.start]) <= asked:
            empty += 1
    if empty < QUOTED_REQUEST_EMPTY_SHARE * len(steps):
        return path
    later = [m for m in markers if m.start >= steps[-1].body and m.kind in ("label", "answer_label", "group")]
    alt = _best_path(later, index, text) if later else []
    named = {q for m in alt if m.kind != "group" for q in m.qids}
    if len(named) < RELABELLED_SHARE * len(index):
        return path
    return alt


def _glued_labels(text: str, path: list[Marker], ids: list[str], index: dict[str, int]) -> list[Marker]:
    """Labels a PDF's text layer ran into the line before ("... the team.b) Housing Team",
    "2306" then "3." read as "23063."): looked for only where the path lacks one question between
    its neighbours, inside the answer before it, so an ordinary "13." or "(b)" is not taken."""
    out = list(path)
    for a, b in zip(path, path[1:]):
        if len(a.qids) != 1 or len(b.qids) != 1 or a.kind not in ("label", "answer_label") or b.kind != a.kind:
            continue
        ia, ib = index.get(a.qids[0]), index.get(b.qids[0])
        if ia is None or ib is None or ib - ia != 2:
            continue
        missing = ids[ia + 1]
        m = re.fullmatch(r"(\d{1,2})([a-h]?)", missing)
        if m is None:
            continue
        number, letter = m.groups()
        if letter:  # a sub-part: its letter after a sentence's end, "(b)" or "b)"
            rx = rf"(?<=[.;:!?])\(?{letter}\)[ \t]+(?=\S)"
        else:  # a number at the end of a line, or after a sentence's end
            rx = rf"(?<=\S){number}[.)][ \t]*(?=\n)|(?<=[.;:!?]){number}[.)][ \t]+(?=\S)"
        hits = list(re.finditer(rx, text[a.body:b.start]))
        if len(hits) == 1 and text[a.body + hits[0].end():b.start].strip():
            g = hits[0]
            out.append(Marker(a.body + g.start(), a.body + g.end(), (missing,), a.kind, a.score))
    return sorted(out, key=lambda m: m.start)


# -- regions ---------------------------------------------------------------------------------


def _regions(text: str, path: list[Marker], ids: list[str], folded: list[Span]) -> dict[str, Answer]:
    answers = {qid: Answer(question_id=qid) for qid in ids}
    hard_stops = sorted(sp.start for sp in folded if sp.label in ("thread", "signoff", "boilerplate"))
    for k, m in enumerate(path):
        if m.kind == "group":
            continue
        # markers at the same place (one prose mention naming several questions) share what follows
        nxt = next((p.start for p in path[k + 1 :] if p.start > m.start), len(text))
        end = m.end if m.end is not None else nxt
        end = min([end] + [h for h in hard_stops if m.body <= h < end])
        start, end = _trim(text, m.body, end, folded)
        if not RE_LINE_ANSWER_LABEL.match(text, m.body + len(text[m.body:start]) - len(text[m.body:start].lstrip()), end):
            start = _after_answer_label(text, start, end, folded)  # unless the answer's label was first
        held_later = k + 1 < len(path) and path[k + 1].qids == m.qids
        if start >= end and m.kind == "question" and k > 0 and path[k - 1].qids == m.qids and not held_later:
            # "Question 2" then a sentence in the question's words and nothing after it: that
            # sentence is the answer echoing the question ("On 1 April, 6 cameras were out of service")
            start, end = _trim(text, m.start, end, folded)
        if held_later and start >= end:
            continue  # "Question 1: ..." followed by "Answer to question 1:": the later marker holds it
        for qid in m.qids:
            ans = answers[qid]
            if ans.found and ans.end - ans.start >= end - start:
                continue
            ans.start, ans.end = (start, end) if end > start else (None, None)
            ans.text = text[start:end] if end > start else ""
            ans.method = m.kind if end > start else "restated"
            ans.shared_with = tuple(q for q in m.qids if q != qid)
    _follow_up_shares(text, answers, path, ids)
    return answers


RE_FOLLOWS_ON = re.compile(r"\b(?:with reference to|further to|following (?:on )?from|if (?:yes|so)\b|"
                           r"(?:your|the) (?:answer|response|reply) to)\b", re.I)


def _follow_up_shares(text: str, answers: dict[str, Answer], path: list[Marker], ids: list[str]) -> None:
    """A question restated with nothing under it, then its follow-up restated ("3. Does TfL own
    ...?" "4. With reference to your response to Q3, ...?") and one answer: it answers both."""
    order = [m for m in path if m.kind in ("label", "question") and len(m.qids) == 1]
    for a, b in zip(order, order[1:]):
        qa, qb = a.qids[0], b.qids[0]
        first, second = answers[qa], answers[qb]
        if first.method != "restated" or ids.index(qb) != ids.index(qa) + 1 or not second.found:
            continue
        if second.method not in ("label", "question") or second.shared_with or b.body <= b.start:
            continue
        asked = text[b.start:b.body]
        named = any(qa in mk.qids for mk in _prose_markers(asked, ids, [], []))
        if not (named or RE_FOLLOWS_ON.search(asked)):
            continue
        first.start, first.end, first.text, first.method = second.start, second.end, second.text, second.method
        first.shared_with, second.shared_with = (qb,), (qa,)


RE_BARE_LABEL = re.compile(r"[ \t]*(?:(?:Q|Question)\s*\d{1,2}(?:[a-h]|\s?\([a-h]\))?[.):]?|\(?\d{1,2}[a-h]?[.)])[ \t]*(?:[–—-][ \t]*)?", re.I)
RE_LEADING_JUNK = re.compile(
    rf"(?:[\s:\-–—.)/|]+|(?:{_CY_LABEL}\s*/\s*)?(?:Answer|Response|Reply|Our response|Information provided|Ans|A|{_CY_LABEL})"
    rf"(?:\s*/\s*{_CY_LABEL})?\s*[:\-–]\s*)+",
    re.I,
)
LABELLED_LINES = 3
"""How many lines under a question's label may come before an "Answer:" line (the question restated, a heading)."""


def _after_answer_label(text: str, start: int, end: int, folded: list[Span]) -> int:
    """Where the answer starts when one of the first lines under a label opens with "Answer:" or
    "Our response:" (the lines above it restate or name the question, in words this reply chose)."""
    pos = start
    for _ in range(LABELLED_LINES):
        nl = text.find("\n", pos, end)
        if nl == -1:
            return start
        pos = nl + 1
        while pos < end and text[pos] == "\n":
            pos += 1
        m = RE_LINE_ANSWER_LABEL.match(text, pos, end)
        if m:
            return _trim(text, m.end(), end, folded)[0]
    return start


# a line that answers on its own ("Yes", "Not held"), never a heading for what follows
_RE_SHORT_ANSWER = re.compile(r"[ \t]*(?:yes|no|none|nil|n/?a|zero|not\s+(?:held|applicable|known|recorded)|attached|enclosed)\b", re.I)


def _is_page_line(folded: list[Span], pos: int) -> bool:
    """Whether ``pos`` is in a pdf's page furniture ("Page 2 of 3 | OFFICIAL", the running header)."""
    return _Zones(folded).label(pos) == "page"


def _is_quoted(folded: list[Span], pos: int) -> bool:
    """Whether the quoted ("> ") line at ``pos`` is a quote (folded so by :func:`fold`), not an answer typed
    with quoting marks (">> No." under each question) or a line of the thread that holds the answers."""
    return _Zones(folded).label(pos) == "quoted"


def _trim(text: str, start: int, end: int, folded: list[Span]) -> tuple[int, int]:
    """Drop leading labels and punctuation, quoted lines at the edges, and surrounding space."""
    while start < end:
        m = RE_LEADING_JUNK.match(text, start, end)
        if m and m.end() > start:
            start = m.end()
            continue
        # a quoted ("> ") line at the start is the question, not the answer (unless the answers are the quoted lines)
        quoted = text.startswith(">", start) or (text[start] in " \t" and text[start:end].lstrip(" \t").startswith(">"))
        if quoted and _is_quoted(folded, start):
            nl = text.find("\n", start, end)
            start = end if nl == -1 else nl + 1
            continue
        if quoted:  # an answer typed as a quoted line: its marks are not part of it
            start = re.compile(r"[ \t]*>+[ \t]*").match(text, start, end).end()
            continue
        if text[start] not in " \t\n" and _is_page_line(folded, start):  # "Page 2 of 3", the running header
            nl = text.find("\n", start, end)
            start = end if nl == -1 else nl + 1
            continue
        if text[start] in " \t\n":
            lead = start + len(text[start:end]) - len(text[start:end].lstrip())
            if lead < end and _is_page_line(folded, lead):
                start = lead
                continue
        break
    while end > start and text[end - 1].isspace():
        end -= 1
    # quoted lines, bare labels ("5)", "Q7 –") and a heading after a blank line ("Your right to request
    # a review", "BUILDING CONTROL") at the end belong to what follows
    while end > start:
        ls = max(start, text.rfind("\n", start, end) + 1)
        heading = ls > start and text[start:ls].rstrip(" \t").endswith("\n\n") and _is_heading(text[ls:end].strip()) \
            and not re.search(r"[\d£$%]", text[ls:end]) and not _RE_SHORT_ANSWER.match(text, ls, end)
        quoted = text[ls:end].lstrip().startswith(">") and _is_quoted(folded, ls + len(text[ls:end]) - len(text[ls:end].lstrip()))
        page = _is_page_line(folded, ls + len(text[ls:end]) - len(text[ls:end].lstrip()))
        if ls > start and (quoted or page or RE_BARE_LABEL.fullmatch(text, ls, end) or heading):
            end = ls
            while end > start and text[end - 1].isspace():
                end -= 1
        else:
            break
    # an answer typed into the request in square brackets ("[Not applicable.]")
    if end - start > 2 and text[start] == "[" and text[end - 1] == "]" and "[" not in text[start + 1 : end - 1]:
        start, end = start + 1, end - 1
    return start, end


def _resolve_whole(text: str, answers: dict[str, Answer], folded: list[Span], path: list[Marker]) -> None:
    """Give unanswered questions the passage that answers the reply as a whole, where there is one.

    - no marker at all: the reply answers as a whole (a refusal, "see attached");
    - the request restated with nothing under its questions, then one answer: that answer;
    - otherwise a decisive passage before the first marker ("Please see our response
      attached", "this is a refusal notice") serves the questions not answered one by one.
    """
    found = [a for a in answers.values() if a.found]
    missing = [a for a in answers.values() if not a.found]
    if not missing:
        return
    if len(found) == 1 and len(answers) > 1:
        only = found[0]
        restated = [a for a in missing if a.method == "restated"]
        if only.question_id == list(answers)[-1] and len(restated) == len(missing):
            s, e = decisive_passage(text, folded, within=(only.start, only.end)) or (only.start, only.end)
            for a in answers.values():
                a.start, a.end, a.text, a.method = s, e, text[s:e], "shared"
            return
    if not path:
        if is_holding_reply(text, folded):
            return  # an acknowledgement, a request for clarification, an extension: nothing answered yet
        span, method = decisive_passage(text, folded), "whole"
    else:
        first = min(m.start for m in path)
        span, method = decisive_passage(text, folded, within=(0, first), strict=True, rx=RE_GENERAL), "general"
    if span is None:
        return
    s, e = span
    for a in missing:
        a.start, a.end, a.text, a.method = s, e, text[s:e], method


RE_HOLDING = re.compile(
    r"\b(?:is (?:being|still being) (?:considered|dealt with|processed)|(?:is )?still considering|"
    r"(?:you will|you should) receive (?:a|our) response|we (?:will )?aim to (?:respond|reply|send)|"
    r"(?:we )?(?:now )?expect to (?:respond|reply)|(?:need|require) (?:some |further )?clarification|"
    r"(?:please|could you) (?:clarify|confirm what you mean)|not obliged to (?:respond|comply)[^.]{0,40}\buntil|"
    r"section 1\(3\)|section 10\(3\)|extend the time|treat (?:the|your) request as withdrawn|"
    r"acknowledge (?:receipt|your request))",
    re.I,
)


def is_holding_reply(text: str, folded: list[Span]) -> bool:
    """A reply that answers nothing yet: an acknowledgement, a clarification request, an extension."""
    zone = _Zones(folded)
    body = [(s, e) for s, e in paragraphs(text) if zone.label(s) is None]
    holding = sum(1 for s, e in body if RE_HOLDING.search(text, s, e))
    deciding = sum(
        1 for s, e in body
        if not RE_HOLDING.search(text, s, e) and RE_GENERAL.search(text, s, e) and not RE_LAW_EXPLAINED.match(text, s, e)
    )
    return holding > 0 and deciding == 0


def reply_decisions(text: str, folded: list[Span] | None = None) -> list[tuple[int, int]]:
    """The unfolded paragraphs of a reply that decide something (refuse, cite, point to an attachment)."""
    folded = fold(text) if folded is None else folded
    zone = _Zones(folded)
    return [(s, e) for s, e in paragraphs(text) if zone.label(s) is None and RE_GENERAL.search(text, s, e)]


def decisive_passage(
    text: str, folded: list[Span], *, within: tuple[int, int] | None = None, strict: bool = False,
    rx: re.Pattern = RE_DECISION,
) -> tuple[int, int] | None:
    """The paragraph that carries a whole-reply answer (past any heading above it)."""
    zone = _Zones(folded)
    lo, hi = within or (0, len(text))
    paras = [(max(s, lo), min(e, hi)) for s, e in paragraphs(text) if zone.label(s) is None and e > lo and s < hi]
    if not paras:
        return None
    def courtesy(s: int, e: int) -> bool:
        return bool(RE_COURTESY.match(text, s, e)) and not RE_GENERAL.search(text, s, e) and e - s < 200

    hits = [i for i, (s, e) in enumerate(paras)
            if rx.search(text, s, e) and not courtesy(s, e) and not RE_REQUESTER.search(text, s, e)]
    if not hits and strict:
        return None
    if not hits:
        hits = [i for i, (s, e) in enumerate(paras)
                if not courtesy(s, e) and not RE_ACK.search(text, s, e) and not RE_REQUESTER.search(text, s, e)]
        if not hits:
            return None  # only courtesies and acknowledgements: nothing answers
    # a refusal, a citation or a pointer outweighs a weaker cue ("None of this is brought together
    # centrally" before "... the cost of answering the request as a whole would exceed that amount")
    if rx is RE_DECISION:
        strong = [i for i in hits if RE_GENERAL.search(text, *paras[i])
                  and (not RE_LAW_EXPLAINED.match(text, *paras[i]) or RE_DECIDED.search(text, *paras[i]))]
        if strong and _RE_WHOLE_REQUEST.search(text, *paras[strong[0]]):
            hits = strong
    # the first paragraph that decides, passing over one that only explains the law
    first = next((i for i in hits if not RE_LAW_EXPLAINED.match(text, *paras[i]) or RE_DECIDED.search(text, *paras[i])), hits[0])
    last = first
    # a heading ("Our response", "Section 12 of the FOIA") carries nothing alone
    while last + 1 < len(paras) and _is_heading(text[paras[last][0]:paras[last][1]]):
        last += 1
        first = last
    # a bare decision ("Information withheld.", "Not held.") is read with the reasons that follow it
    if len(RE_WORD.findall(text[paras[last][0]:paras[last][1]].lower())) <= SHORT_DECISION_WORDS and last + 1 < len(paras):
        nxt = paras[last + 1]
        if not RE_COURTESY.match(text, *nxt) and not _is_heading(text[nxt[0]:nxt[1]]):
            last += 1
    start, end = _trim_lines(text, paras[first][0], paras[last][1])
    if end - start > LONG_PARAGRAPH or RE_COURTESY.match(text, start, end):
        start, end = _deciding_sentences(text, start, end, rx)
    return start, end


# The requester's own words quoted back ("can you please answer the first four bullet points"): not an answer
RE_REQUESTER = re.compile(
    r"\b(?:can|could|would)\s+you\s+(?:please\s+)?(?:answer|provide|tell|send|confirm|let\s+me\s+know)\b|"
    r"\bI\s+would\s+(?:like\s+(?:to\s+(?:request|know|ask|see)|the\s+following|a\s+copy)|be\s+grateful\s+if)\b|"
    r"\bplease\s+(?:can|could)\s+you\b",
    re.I,
)
LONG_PARAGRAPH = 300
SHORT_DECISION_WORDS = 4


def _deciding_sentences(text: str, start: int, end: int, rx: re.Pattern) -> tuple[int, int]:
    """In a long paragraph, the sentences from the first that decides to the last that does."""
    sentences = [(m.start(), m.end()) for m in re.finditer(r"\S[^.!?]*(?:[.!?]+(?=\s|$)|$)", text[start:end])]
    hits = [i for i, (a, b) in enumerate(sentences) if rx.search(text, start + a, start + b)]
    if not hits:
        return start, end
    return start + sentences[hits[0]][0], start + sentences[hits[-1]][1]


RE_DECIDED = re.compile(
    r"\b(?:(?:has|have)\s+decided|(?:is|are)\s+(?:therefore\s+)?(?:withholding|refusing|relying)|"
    r"(?:is|are)\s+(?:therefore\s+)?(?:being\s+)?(?:withheld|refused)|will\s+not\s+(?:be\s+)?(?:provid|disclos|releas)\w*|"
    r"not\s+(?:obliged|required)\s+to\s+(?:comply|provide|respond)|serves?\s+as\s+a\s+refusal\s+notice)\b",
    re.I,
)
"""A paragraph that explains the law and also decides ("... the Council has decided to withhold ...")."""
RE_LAW_EXPLAINED = re.compile(r"\s*(?:section|regulation|s\.)\s*\d+[^.]{0,40}\b(?:of the|provides|allows|states|says|is an?)\b", re.I)


def _trim_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop greeting lines at the top of a passage and sign-off lines at its foot."""
    while True:
        nl = text.find("\n", start, end)
        if nl == -1 or not RE_GREETING_LINE.match(text, start, nl):
            break
        start = nl + 1
    while True:
        nl = text.rfind("\n", start, end)
        if nl == -1 or not RE_SIGNOFF_LINE.match(text, nl + 1, end):
            break
        end = nl
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_heading(para: str) -> bool:
    return len(para) < 60 and "\n" not in para and not re.search(r"[.!?:]\s*$", para)


def cross_reference(answer: str, ids: list[str], qid: str) -> str | None:
    """The question an answer points to ("See above", "As question 2"), if it is only a pointer."""
    m = RE_CROSS_REF.search(answer)
    if not m or m.start() > 60:
        return None
    if RE_DECISION.search(answer, 0, m.start()):
        return None  # "Not applicable – see question 1": the answer decides; the pointer gives the reason
    if m.group("num") or m.group("bare"):
        n = (m.group("num") or m.group("bare")).lower()
        n = str(CARDINALS.get(n, n))
        return n if n in ids and n != qid else None
    i = ids.index(qid)
    return ids[i - 1] if i > 0 else None
