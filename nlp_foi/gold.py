"""Read and check gold files (formats.md, "Gold")."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .questions import RequestError, request_from_dict
from .records import Reply, Request


class GoldError(ValueError):
    """A gold line that breaks formats.md; the message names the file and line."""


@dataclass(slots=True)
class GoldAnswer:
    code: str
    answer: str | None = None
    also: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)

    def accepts(self, code: str) -> bool:
        return code == self.code or code in self.also


@dataclass(slots=True)
class GoldReply:
    reply: Reply
    request: Request
    answers: dict[str, GoldAnswer]
    campaign: str = ""


def read_gold(path: str | Path, *, strict: bool = True) -> Iterator[GoldReply]:
    """Each line of a gold JSONL file as a :class:`GoldReply`.

    With ``strict``, a line that breaks formats.md raises :class:`GoldError` naming
    ``file:line``; otherwise such lines are skipped.
    """
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield gold_from_dict(json.loads(line), where=f"{path}:{n}")
            except (json.JSONDecodeError, GoldError, RequestError) as exc:
                if strict:
                    raise GoldError(f"{path}:{n}: {exc}") from exc


def gold_from_dict(row: dict[str, Any], *, where: str = "gold") -> GoldReply:
    if not isinstance(row, dict) or "text" not in row or "gold" not in row:
        raise GoldError("each line needs 'id', 'text' and 'gold' (formats.md, Gold)")
    rid = str(row.get("id", ""))
    request = request_from_dict(row, source=where, default_id=str(row.get("campaign", rid)))
    text = row["text"]
    answers: dict[str, GoldAnswer] = {}
    for qid, g in row["gold"].items():
        ans = g.get("answer")
        if ans is not None and ans not in text:
            raise GoldError(f"reply {rid!r} question {qid}: 'answer' is not a substring of 'text'")
        answers[str(qid)] = GoldAnswer(
            code=g["code"], answer=ans, also=tuple(g.get("also") or ()), values=dict(g.get("values") or {})
        )
    reply = Reply(id=rid, text=text, source=where, authority=row.get("authority"), request=request, gold=row["gold"])
    return GoldReply(reply=reply, request=request, answers=answers, campaign=str(row.get("campaign", request.id)))
