"""Review exchange: coded answers out to the tools reviewers use, their decisions back as gold.

:func:`export_review` writes the answers of a coded JSONL file, the least certain first
(flagged answers, then by rising confidence), as one of

- ``xlsx``: a ``review`` sheet (one row per answer, a ``reviewed_code`` drop-down of the
  codebook's codes, ``reviewer`` and ``notes`` columns), a ``codebook`` sheet and a hidden
  ``replies`` sheet holding the reply texts and questions, so the workbook imports alone;
- ``csv``: the columns of the ``review`` sheet (the import then needs ``--replies``);
- ``labelstudio``: a JSON list of tasks with ``data`` and ``predictions``, and the labeling
  config written beside it (same name, ``.xml``);
- ``prodigy``: JSONL tasks for the ``choice`` interface (``text``, ``options``, ``accept``, ``meta``);
- ``doccano``: JSONL with ``text`` and ``label`` (text classification).

:func:`import_review` reads what reviewers did (an edited workbook or CSV, a Label Studio
JSON export, Prodigy ``db-out``, a doccano export; several files for several reviewers) and
writes gold (formats.md, "Gold"): one reply per line with its questions and text, and for
each reviewed answer the reviewer's code, the passage and its offsets.  Answers nobody
reviewed are left out.  Where several reviewers coded the same answer, their agreement is
measured (Cohen's kappa for two, the mean pairwise kappa for more) and the gold code is the
majority's, the other codes they gave kept in ``also``.  Values are not carried over:
reviewers check codes, not values.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import json
import os
import re
import warnings
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from .codebook import Codebook, load_codebook
from .config import DEFAULT, Config
from .pipeline import request_for
from .records import Request

__all__ = [
    "FORMATS", "ReviewError", "ReviewItem", "ExportResult", "ImportResult",
    "review_items", "export_review", "import_review", "agreement",
]

FORMATS = ("xlsx", "csv", "labelstudio", "prodigy", "doccano")
SUFFIXES = {"xlsx": ".xlsx", "csv": ".csv", "labelstudio": ".json", "prodigy": ".jsonl", "doccano": ".jsonl"}
COLUMNS = [
    "reply_id", "authority", "question_id", "question", "answer", "suggested_code", "confidence", "flagged",
    "evidence", "values", "reviewed_code", "reviewer", "notes", "reviewed_answer", "start", "end",
]
REQUIRED_COLUMNS = ("reply_id", "question_id", "suggested_code", "reviewed_code")
WIDTHS = {
    "reply_id": 24, "authority": 26, "question_id": 9, "question": 45, "answer": 70, "suggested_code": 16,
    "confidence": 11, "flagged": 28, "evidence": 30, "values": 30, "reviewed_code": 17, "reviewer": 14,
    "notes": 36, "reviewed_answer": 36, "start": 8, "end": 8,
}
WRAPPED = {"question", "answer", "flagged", "evidence", "values", "notes", "reviewed_answer"}
NO_PASSAGE = "(no passage found)"  # shown where the segmenter found no answer; tools reject empty text
CELL_LIMIT = 32_000  # an xlsx cell holds at most 32,767 characters
RE_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
RE_FORMULA_START = re.compile(r"^[=+\-@\t\r]")


class ReviewError(ValueError):
    """A review file that cannot be used; the message names the file, the row and what to do."""


@dataclass(slots=True)
class ReplyContext:
    """What a gold line needs besides the codes: the reply text, its authority and questions."""

    reply_id: str
    text: str
    authority: str | None
    questions: list[dict[str, str]]
    request_id: str

    def question(self, qid: str) -> str:
        return next((q["text"] for q in self.questions if q["id"] == qid), "")


@dataclass(slots=True)
class ReviewItem:
    """One coded answer as shown to reviewers."""

    reply: ReplyContext
    question_id: str
    question: str
    answer: str
    start: int | None
    end: int | None
    code: str
    confidence: float
    flagged: bool = False
    reasons: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    authority: str | None = None

    @property
    def reply_id(self) -> str:
        return self.reply.reply_id

    def row(self) -> dict[str, Any]:
        """The cells of the ``review`` sheet (and the CSV)."""
        return {
            "reply_id": self.reply_id, "authority": self.authority or "", "question_id": self.question_id,
            "question": self.question, "answer": self.answer, "suggested_code": self.code,
            "confidence": round(self.confidence, 4), "flagged": "; ".join(self.reasons) if self.flagged else "",
            "evidence": json.dumps(self.evidence, ensure_ascii=False) if self.evidence else "",
            "values": json.dumps(self.values, ensure_ascii=False) if self.values else "",
            "reviewed_code": "", "reviewer": "", "notes": "", "reviewed_answer": "",
            "start": self.start, "end": self.end,
        }

    def fields(self) -> dict[str, Any]:
        """The fields the JSON tools carry: ids, texts, suggestion, offsets, the reply and its questions."""
        return {
            "answer": self.answer or NO_PASSAGE, "question": self.question, "reply": self.reply.text,
            "reply_id": self.reply_id, "question_id": self.question_id, "authority": self.authority or "",
            "suggested_code": self.code, "confidence": round(self.confidence, 4), "flagged": self.flagged,
            "start": self.start, "end": self.end, "request_id": self.reply.request_id,
            "questions": self.reply.questions,
        }


@dataclass(slots=True)
class ExportResult:
    paths: list[Path]
    items: int
    flagged: int
    replies: int
    skipped: int  # lines of replies that could not be read: nothing to review

    def summary(self) -> str:
        where = " and ".join(str(p) for p in self.paths)
        skipped = f"; {self.skipped} answers of unreadable replies left out" if self.skipped else ""
        return (f"exported {self.items} answers of {self.replies} replies ({self.flagged} flagged for review) "
                f"to {where}, the least certain first{skipped}")


@dataclass(slots=True)
class Decision:
    """One reviewer's code for one answer, with where it was read (for messages)."""

    reply_id: str
    question_id: str
    code: str
    suggested: str
    reviewer: str
    where: str
    start: int | None = None
    end: int | None = None
    notes: str = ""
    answer: str | None = None  # a passage the reviewer gave instead of the suggested one


@dataclass(slots=True)
class ImportResult:
    path: Path
    files: list[str]
    seen: int  # items in the files, reviewed or not
    reviewed: int  # answers with at least one reviewer's code
    changed: int  # answers whose gold code differs from the suggestion
    changes: Counter
    replies: int
    reviewers: list[str]
    agreement: dict[str, Any]
    no_passage: int = 0  # reviewed answers with a code but no passage

    @property
    def disagreements(self) -> list[dict[str, Any]]:
        return self.agreement.get("disagreements", [])

    def summary(self) -> str:
        """One paragraph: what was reviewed, what changed, how far reviewers agreed."""
        files = f"{len(self.files)} file{'s' if len(self.files) != 1 else ''}"
        parts = [f"Read {files} ({self.seen} items): {self.reviewed} answers reviewed"
                 f"{f' by {len(self.reviewers)} reviewers' if len(self.reviewers) > 1 else ''}"
                 f", in {self.replies} replies."]
        if not self.reviewed:
            parts.append("Nothing was reviewed: no item has a reviewer's code (xlsx/csv: reviewed_code; Label Studio: a "
                         "submitted annotation; Prodigy: accept; doccano: a label).")
        else:
            top = ", ".join(f"{a} to {b} {n}" for (a, b), n in self.changes.most_common(5))
            share = self.changed / self.reviewed
            parts.append(f"{self.changed} ({share:.0%}) changed from the suggested code" + (f" ({top})." if top else ".")
                         + f" {self.reviewed - self.changed} accepted.")
        a = self.agreement
        if a.get("items"):
            kappa = "undefined (one code throughout)" if a["kappa"] is None else f"{a['kappa']:.3f}"
            parts.append(f"{a['items']} answers were coded by more than one reviewer: {a['statistic']} {kappa}, "
                         f"observed agreement {a['observed']:.0%}, {len(a['disagreements'])} disagreements"
                         f"{' (listed below)' if a['disagreements'] else ''}; the majority's code is gold, "
                         "the others are kept in 'also'.")
        elif len(self.reviewers) > 1:
            parts.append("No answer was coded by more than one reviewer, so agreement cannot be measured.")
        if self.no_passage:
            parts.append(f"{self.no_passage} reviewed answers have a code but no passage "
                         "(give the passage in reviewed_answer to train on them).")
        parts.append(f"Wrote gold for {self.replies} replies to {self.path}.")
        return " ".join(parts)


# -- export ---------------------------------------------------------------------------------------------


def read_coded(path: str | Path) -> list[tuple[int, dict[str, Any]]]:
    """The lines of a coded JSONL file (formats.md, "Coded answers") with their line numbers."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist; give the coded .jsonl that nlp-foi code wrote")
    out = []
    for n, row in _jsonl(path, "give the coded .jsonl that nlp-foi code wrote"):
        missing = [k for k in ("reply_id", "question_id", "code", "confidence") if k not in row]
        if missing:
            raise ReviewError(f"{path}, line {n}: no {', '.join(missing)}; a coded answer line is expected (formats.md, 'Coded answers')")
        out.append((n, row))
    if not out:
        raise ReviewError(f"{path}: no coded answers; give the coded .jsonl that nlp-foi code wrote")
    return out


def reply_contexts(replies: str | Path, request: Request | None = None, *,
                   config: Config = DEFAULT) -> dict[str, ReplyContext]:
    """The replies under ``replies`` (read as ``nlp-foi code`` reads them) with their questions."""
    from .read import read_replies  # the readers pull in pdf/docx/html libraries

    out = {}
    for reply in read_replies(replies, config=config):
        req = request_for(reply, request)
        out[reply.id] = ReplyContext(
            reply_id=reply.id, text=reply.text, authority=reply.authority,
            questions=[{"id": q.id, "text": q.text} for q in req.questions] if req else [],
            request_id=req.id if req else "",
        )
    return out


def review_items(pred: str | Path, replies: str | Path, *, request: Request | None = None,
                 codebook: Codebook | None = None, config: Config = DEFAULT) -> tuple[list[ReviewItem], int]:
    """The coded answers of ``pred`` with their replies, the least certain first; and how many were skipped.

    Lines of replies that could not be read (``error``) are skipped: there is nothing to review.
    """
    book = codebook or load_codebook(config.codebook)
    contexts = reply_contexts(replies, request, config=config)
    order = {rid: i for i, rid in enumerate(contexts)}
    items, skipped = [], 0
    for n, row in read_coded(pred):
        where = f"{pred}, line {n}"
        if row.get("error"):
            skipped += 1
            continue
        rid, qid, code = str(row["reply_id"]), str(row["question_id"]), str(row["code"])
        ctx = contexts.get(rid)
        if ctx is None:
            raise ReviewError(f"{where}: reply {rid!r} is not among the replies in {replies}; "
                              "pass the replies that were coded (--replies)")
        if not ctx.questions:
            raise ReviewError(f"{where}: no questions for reply {rid!r}; pass the request the replies answer (--request)")
        if code not in book.ids:
            raise ReviewError(f"{where}: code {code!r} is not in the codebook {book.name!r} ({', '.join(book.ids)}); "
                              "pass the codebook the answers were coded with (--codebook)")
        question = ctx.question(qid)
        if not question:
            raise ReviewError(f"{where}: question {qid!r} is not in the request of reply {rid!r} "
                              f"({', '.join(q['id'] for q in ctx.questions)}); pass the request the replies were coded with")
        start, end, answer = row.get("start"), row.get("end"), row.get("answer") or ""
        if start is not None and (not isinstance(start, int) or not isinstance(end, int)
                                  or ctx.text[start:end] != answer):
            raise ReviewError(f"{where}: the answer is not at {start}:{end} of reply {rid!r} as read now; "
                              "pass the same replies (and --request) that were coded")
        items.append(ReviewItem(
            reply=ctx, question_id=qid, question=question, answer=answer, start=start, end=end, code=code,
            confidence=float(row["confidence"]), flagged=bool(row.get("review")),
            reasons=list(row.get("review_reasons") or []), evidence=list(row.get("evidence") or []),
            values=dict(row.get("values") or {}), authority=row.get("authority") or ctx.authority,
        ))
    qorder = {(c.reply_id, q["id"]): i for c in contexts.values() for i, q in enumerate(c.questions)}
    items.sort(key=lambda it: (not it.flagged, it.confidence, order[it.reply_id], qorder.get((it.reply_id, it.question_id), 0)))
    return items, skipped


def export_review(pred: str | Path, out: str | Path, *, replies: str | Path, fmt: str | None = None,
                  request: Request | None = None, codebook: Codebook | None = None,
                  model_version: str | None = None, config: Config = DEFAULT) -> ExportResult:
    """Write the answers of ``pred`` for review in ``fmt`` (default: from the suffix of ``out``)."""
    out = Path(out)
    fmt = _format_of(out, fmt, writing=True)
    if fmt == "labelstudio" and out.suffix.lower() == ".xml":
        raise ReviewError(f"{out}: the labeling config is written beside the tasks as .xml; name the tasks file *.json")
    book = codebook or load_codebook(config.codebook)
    items, skipped = review_items(pred, replies, request=request, codebook=book, config=config)
    out.parent.mkdir(parents=True, exist_ok=True)
    paths = [out]
    if fmt == "xlsx":
        _write_xlsx(items, book, out)
    elif fmt == "csv":
        _write_csv(items, out)
    elif fmt == "labelstudio":
        version = model_version or f"nlp-foi/{Path(pred).stem}"
        out.write_text(json.dumps([_labelstudio_task(it, version) for it in items], ensure_ascii=False, indent=1) + "\n",
                       encoding="utf-8")
        config_path = out.with_suffix(".xml")
        config_path.write_text(labelstudio_config(book), encoding="utf-8")
        paths.append(config_path)
    elif fmt == "prodigy":
        _write_jsonl(out, (_prodigy_task(it, book) for it in items))
    else:
        _write_jsonl(out, (_doccano_task(it) for it in items))
    return ExportResult(paths=paths, items=len(items), flagged=sum(it.flagged for it in items),
                        replies=len({it.reply_id for it in items}), skipped=skipped)


def _format_of(path: Path, fmt: str | None, *, writing: bool) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ReviewError(f"unknown review format {fmt!r}; use one of {', '.join(FORMATS)}")
        return fmt
    by_suffix = {".xlsx": "xlsx", ".csv": "csv", ".json": "labelstudio"}
    found = by_suffix.get(path.suffix.lower())
    if found is None:
        verb = "write" if writing else "read"
        raise ReviewError(f"{path}: cannot tell which review format to {verb} from {path.suffix or 'no suffix'!r}; "
                          f"pass --format ({', '.join(FORMATS)})")
    return found


def _write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _cell(value: Any, *, limit: int = CELL_LIMIT) -> Any:
    """A value a worksheet cell can hold: no control characters, within the cell limit."""
    if not isinstance(value, str):
        return value
    value = RE_ILLEGAL_XLSX.sub(" ", value)
    return value if len(value) <= limit else value[: limit - 1] + "\u2026"


def _write_xlsx(items: list[ReviewItem], book: Codebook, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "review"
    ws.append(COLUMNS)
    for item in items:
        row = item.row()
        ws.append([_cell(row[c]) for c in COLUMNS])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # an answer such as "=5" is text, not a formula
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    todo = PatternFill("solid", fgColor="FFF2CC")
    for i, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = WIDTHS[name]
        ws.cell(row=1, column=i).font = bold
        for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
            cell.alignment = wrap if name in WRAPPED else top
            if name in ("reviewed_code", "reviewer", "notes"):
                cell.fill = todo
            if name == "confidence":
                cell.number_format = "0.00"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"

    codes = wb.create_sheet("codebook")
    codes.append(["code", "group", "description"])
    for c in book.codes:
        codes.append([c.id, c.group or c.id, _cell(c.description)])
    for cell in codes[1]:
        cell.font = bold
    for letter, width in zip("ABC", (18, 18, 100)):
        codes.column_dimensions[letter].width = width
    for row in codes.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = wrap

    column = get_column_letter(COLUMNS.index("reviewed_code") + 1)
    dv = DataValidation(type="list", formula1=f"codebook!$A$2:$A${len(book.codes) + 1}", allow_blank=True,
                        showErrorMessage=True, errorTitle="Not a code",
                        error="Pick a code of the codebook from the list (see the codebook sheet).",
                        showInputMessage=True, promptTitle="reviewed_code",
                        prompt="The right code for this answer: the suggestion if it is right, else another.")
    ws.add_data_validation(dv)
    dv.add(f"{column}2:{column}{max(len(items) + 1, 2)}")

    # The reply texts and questions, so the workbook imports back to gold on its own; JSON keeps
    # control characters (form feeds from PDFs) that a cell cannot hold, and long texts span cells.
    texts = wb.create_sheet("replies")
    texts.sheet_state = "hidden"
    texts.append(["reply_id", "authority", "request_id", "questions", "text"])
    seen: set[str] = set()
    for item in items:
        ctx = item.reply
        if ctx.reply_id in seen:
            continue
        seen.add(ctx.reply_id)
        encoded = json.dumps(ctx.text, ensure_ascii=False)
        chunks = [encoded[i:i + CELL_LIMIT] for i in range(0, len(encoded), CELL_LIMIT)] or ['""']
        questions = json.dumps(ctx.questions, ensure_ascii=False)
        texts.append([ctx.reply_id, ctx.authority or "", ctx.request_id, questions, *chunks])
        for cell in texts[texts.max_row]:
            cell.data_type = "s"
    wb.save(path)


def _write_csv(items: list[ReviewItem], path: Path) -> None:
    # utf-8-sig so that Excel reads the accents; cells that Excel would run as formulas get a quote
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        for item in items:
            row = item.row()
            for key in ("authority", "question", "answer", "evidence", "values", "flagged"):
                if isinstance(row[key], str) and RE_FORMULA_START.match(row[key]):
                    row[key] = "'" + row[key]
            writer.writerow(row)


def _labelstudio_task(item: ReviewItem, version: str) -> dict[str, Any]:
    return {
        "data": item.fields(),
        "predictions": [{
            "model_version": version,
            "score": round(item.confidence, 4),
            "result": [{"from_name": "code", "to_name": "answer", "type": "choices",
                        "value": {"choices": [item.code]}}],
        }],
    }


def labelstudio_config(book: Codebook) -> str:
    """The Label Studio labeling config for the exported tasks: the question, the answer, one code."""
    choices = "\n".join(
        f"    <Choice value={quoteattr(c.id)}" + (f" hint={quoteattr(c.description)}" if c.description else "") + "/>"
        for c in book.codes
    )
    return f"""<View>
  <Header value="Question $question_id"/>
  <Text name="question" value="$question"/>
  <Header value="Answer of $authority (reply $reply_id)"/>
  <Text name="answer" value="$answer"/>
  <Choices name="code" toName="answer" choice="single" showInline="true" required="true">
{choices}
  </Choices>
  <TextArea name="notes" toName="answer" placeholder="Notes (optional)" maxSubmissions="1" editable="true"/>
  <Collapse>
    <Panel value="The whole reply">
      <Text name="reply" value="$reply"/>
    </Panel>
  </Collapse>
</View>
"""


def _hash32(*parts: str) -> int:
    """A stable signed 32-bit hash, as Prodigy's ``_input_hash``/``_task_hash`` are."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def _prodigy_task(item: ReviewItem, book: Codebook) -> dict[str, Any]:
    fields = item.fields()
    return {
        "text": fields.pop("answer"),
        "options": [{"id": c, "text": c} for c in book.ids],
        "accept": [item.code],
        "meta": {"reply_id": item.reply_id, "question_id": item.question_id, "question": item.question,
                 "confidence": round(item.confidence, 4), "authority": item.authority or ""},
        **{k: v for k, v in fields.items() if k not in ("question", "confidence", "authority")},
        # Prodigy skips tasks whose hashes it has seen; answers such as "Not held." repeat across
        # replies, so the hashes are of the reply and question, not of the text.
        "_input_hash": _hash32(item.reply_id, item.question_id),
        "_task_hash": _hash32(item.reply_id, item.question_id, "nlp-foi review"),
    }


def _doccano_task(item: ReviewItem) -> dict[str, Any]:
    fields = item.fields()
    return {"text": fields.pop("answer"), "label": [item.code], **fields}


# -- import ---------------------------------------------------------------------------------------------


def _str(value: Any) -> str:
    """A cell as text: ``3`` and ``3.0`` (a re-saved sheet) both read as "3"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _int(value: Any, where: str, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not number.is_integer():
        raise ReviewError(f"{where}: {name} {value!r} is not a character offset; leave the {name} column as exported")
    return int(number)


def _code(value: Any, book: Codebook, where: str, hint: str, *, column: str = "") -> str:
    """A reviewer's code matched to the codebook ("Not held" and "not-held" read as not_held)."""
    raw = _str(value)
    wanted = re.sub(r"[\s\-]+", "_", raw.lower())
    for code in book.ids:
        if code == raw or code.lower() == wanted:
            return code
    what = f"{column} {raw!r}" if column else repr(raw)
    raise ReviewError(f"{where}: {what} is not a code of the codebook ({', '.join(book.ids)}); {hint}")


def _context(fields: dict[str, Any], where: str) -> ReplyContext | None:
    """The reply carried by an exported item, if it carries one."""
    text = fields.get("reply")
    if not isinstance(text, str):
        return None
    questions = fields.get("questions")
    if isinstance(questions, str):
        try:
            questions = json.loads(questions)
        except json.JSONDecodeError:
            questions = None
    if not isinstance(questions, list) or not all(isinstance(q, dict) and "id" in q and "text" in q for q in questions):
        raise ReviewError(f"{where}: 'questions' is not a list of {{'id', 'text'}}; keep the fields as exported")
    return ReplyContext(
        reply_id=_str(fields.get("reply_id")), text=text, authority=fields.get("authority") or None,
        questions=[{"id": str(q["id"]), "text": str(q["text"])} for q in questions],
        request_id=_str(fields.get("request_id")),
    )


@dataclass(slots=True)
class _Read:
    decisions: list[Decision] = field(default_factory=list)
    contexts: dict[str, ReplyContext] = field(default_factory=dict)
    seen: int = 0


def _ids(fields: dict[str, Any], where: str) -> tuple[str, str]:
    rid, qid = _str(fields.get("reply_id")), _str(fields.get("question_id"))
    if not rid or not qid:
        missing = " and ".join(k for k, v in (("reply_id", rid), ("question_id", qid)) if not v)
        raise ReviewError(f"{where}: no {missing}; keep the fields of the exported tasks")
    return rid, qid


def _read_rows(path: Path, rows: Iterable[tuple[int, dict[str, Any]]], book: Codebook, reviewer: str) -> _Read:
    """Rows of the ``review`` sheet or the CSV: those with a ``reviewed_code`` are decisions."""
    out = _Read()
    for n, row in rows:
        where = f"{path}, row {n}"
        if not any(_str(v) for v in row.values()):
            continue
        out.seen += 1
        if not _str(row.get("reviewed_code")):
            continue
        rid, qid = _ids(row, where)
        hint = "pick one from the drop-down (the codebook sheet lists them)"
        out.decisions.append(Decision(
            reply_id=rid, question_id=qid,
            code=_code(row.get("reviewed_code"), book, where, hint, column="reviewed_code"),
            suggested=_code(row.get("suggested_code"), book, where, "leave it as exported", column="suggested_code"),
            reviewer=_str(row.get("reviewer")) or reviewer, where=where,
            start=_int(row.get("start"), where, "start"), end=_int(row.get("end"), where, "end"),
            notes=_str(row.get("notes")), answer=_str(row.get("reviewed_answer")) or None,
        ))
    return out


def _header(path: Path, header: list[str], what: str) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ReviewError(f"{path}: {what} has no {', '.join(repr(c) for c in missing)} column; "
                          "use a file made by nlp-foi review export")


def _read_xlsx(path: Path, book: Codebook) -> _Read:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise ReviewError(f"{path}: not an .xlsx workbook ({exc}); give the workbook nlp-foi review export wrote") from exc
    try:
        if "review" not in wb.sheetnames:
            raise ReviewError(f"{path}: no sheet 'review' (found {', '.join(wb.sheetnames)}); "
                              "use a workbook made by nlp-foi review export --format xlsx")
        rows = wb["review"].iter_rows(values_only=True)
        header = [_str(c) for c in next(rows, ())]
        _header(path, header, "sheet 'review'")
        body = ((n, dict(zip(header, values))) for n, values in enumerate(rows, start=2))
        out = _read_rows(path, body, book, reviewer=path.stem)
        if "replies" in wb.sheetnames:
            for n, values in enumerate(wb["replies"].iter_rows(min_row=2, values_only=True), start=2):
                if not values or not _str(values[0]):
                    continue
                where = f"{path}, sheet 'replies', row {n}"
                try:
                    text = json.loads("".join(v for v in values[4:] if isinstance(v, str)) or '""')
                    questions = json.loads(values[3] or "[]")
                except json.JSONDecodeError as exc:
                    raise ReviewError(f"{where}: the stored reply text is damaged ({exc.msg}); "
                                      "pass --replies (and --request) instead") from exc
                ctx = _context({"reply": text, "questions": questions, "reply_id": values[0],
                                "authority": values[1], "request_id": values[2]}, where)
                out.contexts[ctx.reply_id] = ctx
        return out
    finally:
        wb.close()


def _read_csv(path: Path, book: Codebook) -> _Read:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            _header(path, [_str(h) for h in reader.fieldnames or []], "the header")
            rows = [(n, {_str(k): v for k, v in row.items() if k is not None}) for n, row in enumerate(reader, start=2)]
    except UnicodeDecodeError as exc:
        raise ReviewError(f"{path}: not UTF-8 text ({exc.reason}); save the sheet as CSV UTF-8") from exc
    return _read_rows(path, rows, book, reviewer=path.stem)


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ReviewError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}); "
                          "export the tasks from Label Studio as JSON") from exc


def _jsonl(path: Path, what: str) -> Iterable[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ReviewError(f"{path}, line {n}: not valid JSON ({exc.msg}, column {exc.colno}); {what}") from exc
            if not isinstance(row, dict):
                raise ReviewError(f"{path}, line {n}: expected a JSON object, got {type(row).__name__}; {what}")
            yield n, row


def _reviewer_of(annotation: dict[str, Any], fallback: str) -> str:
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        return str(who.get("email") or who.get("username") or who.get("id") or fallback)
    if annotation.get("created_username"):
        return str(annotation["created_username"]).split(",")[0].strip()
    if who is not None:
        return f"annotator {who}"
    return fallback


def _read_labelstudio(path: Path, book: Codebook) -> _Read:
    tasks = _load_json(path)
    if not isinstance(tasks, list):
        raise ReviewError(f"{path}: expected a JSON list of tasks, got {type(tasks).__name__}; "
                          "export the tasks from Label Studio as JSON")
    out = _Read()
    hint = "use the labeling config written by nlp-foi review export"
    for n, task in enumerate(tasks, start=1):
        where = f"{path}, task {n}"
        if not isinstance(task, dict):
            raise ReviewError(f"{where}: expected an object, got {type(task).__name__}; export the tasks as JSON")
        out.seen += 1
        if "data" not in task and "reply_id" in task:  # the JSON-MIN export: fields and choices flat
            data, annotations = task, _min_annotations(task)
        else:
            data, annotations = task.get("data"), task.get("annotations") or []
            if not isinstance(data, dict):
                raise ReviewError(f"{where}: no 'data'; export the tasks from Label Studio as JSON")
        rid, qid = _ids(data, where)
        ctx = _context(data, where)
        if ctx is not None:
            out.contexts[rid] = ctx
        suggested = _code(data.get("suggested_code"), book, where, "keep the task data as exported")
        for k, ann in enumerate(annotations, start=1):
            if not isinstance(ann, dict) or ann.get("was_cancelled"):
                continue
            codes, notes = [], []
            for r in ann.get("result") or []:
                value = r.get("value") or {}
                if r.get("type") == "choices" or "choices" in value:
                    codes.extend(value.get("choices") or [])
                elif r.get("type") == "textarea" or "text" in value:
                    notes.extend(value.get("text") or [])
            if not codes:
                continue  # skipped, or only notes: not a decision
            if len(set(codes)) > 1:
                raise ReviewError(f"{where}, annotation {k}: several codes ({', '.join(codes)}); "
                                  "one code per answer (choice=\"single\")")
            out.decisions.append(Decision(
                reply_id=rid, question_id=qid, code=_code(codes[0], book, f"{where}, annotation {k}", hint),
                suggested=suggested, reviewer=_reviewer_of(ann, f"annotation {ann.get('id', k)}"),
                where=f"{where}, annotation {k}", start=_int(data.get("start"), where, "start"),
                end=_int(data.get("end"), where, "end"), notes=" ".join(map(str, notes)),
            ))
    return out


def _min_annotations(task: dict[str, Any]) -> list[dict[str, Any]]:
    code = task.get("code")
    if isinstance(code, dict):
        code = (code.get("choices") or [None])[0]
    if not code:
        return []
    notes = task.get("notes")
    result = [{"type": "choices", "value": {"choices": [code]}}]
    if notes:
        result.append({"type": "textarea", "value": {"text": [notes] if isinstance(notes, str) else list(notes)}})
    return [{"result": result, "created_username": task.get("annotator"), "id": task.get("annotation_id")}]


def _read_prodigy(path: Path, book: Codebook) -> _Read:
    out = _Read()
    what = "give the output of prodigy db-out"
    for n, task in _jsonl(path, what):
        where = f"{path}, line {n}"
        out.seen += 1
        fields = {**task, **(task.get("meta") or {})}
        rid, qid = _ids(fields, where)
        ctx = _context(fields, where)
        if ctx is not None:
            out.contexts[rid] = ctx
        if task.get("answer") != "accept":
            continue  # rejected, ignored or not yet answered
        accepted = task.get("accept") or []
        if not accepted:
            continue
        if len(set(accepted)) > 1:
            raise ReviewError(f"{where}: several codes accepted ({', '.join(map(str, accepted))}); "
                              "one code per answer (choice_style single)")
        reviewer = str(task.get("_annotator_id") or task.get("_session_id") or path.stem)
        out.decisions.append(_task_decision(fields, accepted[0], book, where, reviewer, "use the options as exported"))
    return out


def _task_decision(fields: dict[str, Any], code: Any, book: Codebook, where: str, reviewer: str, hint: str) -> Decision:
    """A reviewer's code for a task exported with its ids, suggestion and offsets (Prodigy, doccano)."""
    rid, qid = _ids(fields, where)
    return Decision(
        reply_id=rid, question_id=qid, code=_code(code, book, where, hint),
        suggested=_code(fields.get("suggested_code"), book, where, "keep the fields of the exported tasks"),
        reviewer=reviewer, where=where,
        start=_int(fields.get("start"), where, "start"), end=_int(fields.get("end"), where, "end"),
    )


def _read_doccano(path: Path, book: Codebook) -> _Read:
    out = _Read()
    what = "give the JSONL that doccano exported"
    for n, task in _jsonl(path, what):
        where = f"{path}, line {n}"
        out.seen += 1
        fields = {**(task.get("meta") if isinstance(task.get("meta"), dict) else {}), **task}
        rid, qid = _ids(fields, where)
        ctx = _context(fields, where)
        if ctx is not None:
            out.contexts[rid] = ctx
        labels = task.get("label", task.get("labels")) or []
        if isinstance(labels, str):
            labels = [labels]
        labels = [x for x in labels if isinstance(x, str)]
        if not labels:
            continue
        if len(set(labels)) > 1:
            raise ReviewError(f"{where}: several codes ({', '.join(labels)}); one code per answer "
                              "(a single-label project; export each annotator's labels to their own file)")
        reviewer = str(fields.get("annotator") or path.stem)
        out.decisions.append(_task_decision(fields, labels[0], book, where, reviewer, "use the labels of the codebook"))
    return out


READERS: dict[str, Callable[[Path, Codebook], _Read]] = {
    "xlsx": _read_xlsx, "csv": _read_csv, "labelstudio": _read_labelstudio,
    "prodigy": _read_prodigy, "doccano": _read_doccano,
}


def agreement(labels: dict[tuple[str, str], dict[str, str]]) -> dict[str, Any]:
    """Agreement between reviewers on the answers more than one of them coded.

    ``labels`` maps an answer to {reviewer: code}.  Two reviewers: Cohen's kappa; more: the mean of
    the pairwise kappas (Light's kappa) over pairs that share answers.  A pair that used one and the
    same code throughout has no kappa (it is 0/0); it counts in the observed agreement only.
    """
    from sklearn.metrics import cohen_kappa_score

    shared = {key: codes for key, codes in labels.items() if len(codes) > 1}
    reviewers = sorted({r for codes in shared.values() for r in codes})
    pairs = []
    for a, b in itertools.combinations(reviewers, 2):
        both = [(codes[a], codes[b]) for codes in shared.values() if a in codes and b in codes]
        if not both:
            continue
        x, y = zip(*both)
        kappa = None
        if len(set(x) | set(y)) > 1:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = float(cohen_kappa_score(list(x), list(y)))
            kappa = None if value != value else value  # NaN when a reviewer's codes make chance agreement 1
        pairs.append({"reviewers": [a, b], "items": len(both), "kappa": kappa,
                      "observed": sum(p == q for p, q in both) / len(both)})
    kappas = [p["kappa"] for p in pairs if p["kappa"] is not None]
    agree = [len(set(codes.values())) == 1 for codes in shared.values()]
    return {
        "items": len(shared),
        "reviewers": reviewers,
        "statistic": "Cohen's kappa" if len(reviewers) == 2 else "mean pairwise Cohen's kappa",
        "kappa": (sum(kappas) / len(kappas)) if kappas else None,
        "observed": (sum(agree) / len(agree)) if agree else None,
        "pairs": pairs,
        "disagreements": [
            {"reply_id": key[0], "question_id": key[1], "codes": dict(sorted(codes.items()))}
            for key, codes in shared.items() if len(set(codes.values())) > 1
        ],
    }


def _resolve(decisions: list[Decision]) -> tuple[str, list[str]]:
    """The gold code (the majority's; a tie goes to the suggestion, else to the first reviewer) and the others."""
    counts = Counter(d.code for d in decisions)
    best = max(counts.values())
    tied = [c for c in dict.fromkeys(d.code for d in sorted(decisions, key=lambda d: d.reviewer)) if counts[c] == best]
    code = decisions[0].suggested if decisions[0].suggested in tied else tied[0]
    return code, [c for c in counts if c != code]


def _passage(chosen: list[Decision], ctx: ReplyContext, missing: str, code: str) -> tuple[str | None, int | None, int | None]:
    """The gold answer and its offsets: a passage a reviewer gave, else the suggested one."""
    if code == missing:
        return None, None, None
    for d in chosen:
        if d.answer:
            found = [m.start() for m in re.finditer(re.escape(d.answer), ctx.text)]
            if not found:
                raise ReviewError(f"{d.where}: reviewed_answer is not in the text of reply {d.reply_id!r}; "
                                  "copy the passage exactly as it is in the reply")
            near = d.start or 0
            start = min(found, key=lambda s: abs(s - near))
            return d.answer, start, start + len(d.answer)
    d = chosen[0]
    if d.start is None or d.end is None or d.start == d.end:
        return None, None, None
    if not 0 <= d.start <= d.end <= len(ctx.text):
        raise ReviewError(f"{d.where}: start/end {d.start}:{d.end} fall outside reply {d.reply_id!r} "
                          f"({len(ctx.text)} characters); pass the replies that were exported (--replies)")
    return ctx.text[d.start:d.end], d.start, d.end


def import_review(files: str | Path | list[str | Path], out: str | Path, *, fmt: str | None = None,
                  replies: str | Path | None = None, request: Request | None = None,
                  codebook: Codebook | None = None, config: Config = DEFAULT) -> ImportResult:
    """Write gold to ``out`` from reviewed ``files`` (one format, or each by its suffix)."""
    paths = [Path(f) for f in ([files] if isinstance(files, (str, os.PathLike)) else files)]
    out = Path(out)
    if out.suffix.lower() != ".jsonl":
        raise ReviewError(f"{out}: gold is written as .jsonl (formats.md, Gold); name the output *.jsonl")
    book = codebook or load_codebook(config.codebook)
    decisions: list[Decision] = []
    contexts: dict[str, ReplyContext] = {}
    seen = 0
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path} does not exist; give the file the reviewers returned")
        read = READERS[_format_of(path, fmt, writing=False)](path, book)
        decisions.extend(read.decisions)
        for rid, ctx in read.contexts.items():
            contexts.setdefault(rid, ctx)
        seen += read.seen
    needed = {d.reply_id for d in decisions} - set(contexts)
    if needed and replies is not None:
        for rid, ctx in reply_contexts(replies, request, config=config).items():
            contexts.setdefault(rid, ctx)
    for d in decisions:
        ctx = contexts.get(d.reply_id)
        if ctx is None or not ctx.text:
            if replies is None:
                raise ReviewError(f"{d.where}: the file does not carry the text of reply {d.reply_id!r}; "
                                  "pass --replies (and --request) as given to nlp-foi review export")
            raise ReviewError(f"{d.where}: reply {d.reply_id!r} is not among the replies in {replies}; "
                              "pass the replies that were exported")
        if not ctx.questions:
            raise ReviewError(f"{d.where}: no questions for reply {d.reply_id!r}; pass the request (--request)")

    by_item: dict[tuple[str, str], dict[str, Decision]] = defaultdict(dict)
    for d in decisions:
        by_item[(d.reply_id, d.question_id)][d.reviewer] = d  # a reviewer's later decision wins
    agree = agreement({key: {r: d.code for r, d in ds.items()} for key, ds in by_item.items()})
    for item in agree["disagreements"]:
        item["suggested"] = next(iter(by_item[(item["reply_id"], item["question_id"])].values())).suggested

    gold: dict[str, dict[str, Any]] = {}
    changes: Counter = Counter()
    no_passage = 0
    for (rid, qid), ds in by_item.items():
        ctx = contexts[rid]
        chosen = sorted(ds.values(), key=lambda d: d.reviewer)
        code, also = _resolve(chosen)
        answer, start, end = _passage([d for d in chosen if d.code == code] + chosen, ctx, book.missing, code)
        if answer is None and code != book.missing:
            no_passage += 1
        suggested = chosen[0].suggested
        if code != suggested:
            changes[(suggested, code)] += 1
        entry: dict[str, Any] = {"code": code}
        if also:
            entry["also"] = also
        entry.update({"answer": answer, "start": start, "end": end, "suggested": suggested,
                      "reviewers": {d.reviewer: d.code for d in chosen}})
        notes = "; ".join(d.notes for d in chosen if d.notes)
        if notes:
            entry["notes"] = notes
        line = gold.setdefault(rid, {
            "id": rid, "authority": ctx.authority, "campaign": ctx.request_id or None,
            "questions": ctx.questions, "text": ctx.text, "gold": {},
        })
        line["gold"][qid] = entry
    for line in gold.values():
        order = {q["id"]: i for i, q in enumerate(line["questions"])}
        line["gold"] = dict(sorted(line["gold"].items(), key=lambda kv: order.get(kv[0], len(order))))
        if not line["campaign"]:
            del line["campaign"]

    out.parent.mkdir(parents=True, exist_ok=True)
    _write_jsonl(out, gold.values())
    return ImportResult(
        path=out, files=[str(p) for p in paths], seen=seen, reviewed=len(by_item), changed=sum(changes.values()),
        changes=changes, replies=len(gold), reviewers=sorted({d.reviewer for d in decisions}), agreement=agree,
        no_passage=no_passage,
    )
