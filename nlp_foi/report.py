"""Reports a person opens: how accurate the coding is, and what a coded batch says.

:func:`evaluation_html` renders the figures of :func:`nlp_foi.evaluate.score` (``nlp-foi
evaluate --report``); :func:`summarise_coded` counts a coded batch (formats.md, "Coded
answers") per question: codes, products named, per-year counts summed across authorities,
totals, sections, yes/no and the answers flagged for review, which :func:`write_summary`
writes as HTML or as an ``.xlsx`` workbook with one sheet per table (``nlp-foi report``).

An HTML report is one self-contained file: the CSS is inline and every plot is a PNG
drawn by matplotlib's Agg canvas and embedded as a base64 data URI, so it opens offline,
can be mailed, and fetches nothing.
"""

from __future__ import annotations

import base64
import html
import io
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from .codebook import Codebook, load_codebook
from .records import Request

HTML_SUFFIXES = (".html", ".htm")
SUMMARY_FORMATS = (".html", ".htm", ".xlsx")
TOP_PRODUCTS = 15
"""Products shown per question in the summary's bar chart (the table lists them all)."""

# One colour per default code, in the sense researchers read them: green given, greys for nothing to give.
CODE_COLOURS = {
    "disclosed": "#2e7d32", "not_held": "#8d6e63", "cost_limit": "#ef6c00", "exempt": "#c62828",
    "not_applicable": "#b0bec5", "attached": "#1565c0", "no_answer": "#546e7a",
}
OTHER_COLOURS = ("#6a1b9a", "#00838f", "#9e9d24", "#ad1457", "#4e342e", "#283593", "#f9a825")

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1f2933;
       max-width: 1180px; margin: 24px auto; padding: 0 24px; line-height: 1.45; background: #fff; }
h1 { font-size: 1.7em; margin-bottom: 0.1em; }
h2 { font-size: 1.25em; border-bottom: 2px solid #e4e7eb; padding-bottom: 4px; margin-top: 2em; }
h3 { font-size: 1.05em; margin: 1.2em 0 0.4em; }
p.sub { color: #52606d; margin-top: 0; }
p.note { color: #52606d; font-size: 0.92em; max-width: 60em; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.92em; }
th, td { border: 1px solid #d9dee3; padding: 4px 9px; vertical-align: top; }
th { background: #f0f3f6; text-align: left; font-weight: 600; }
tr:nth-child(even) td { background: #fafbfc; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.text { max-width: 34em; }
td.hi { background: #e3f2e5 !important; font-weight: 600; }
td.bad { background: #fdecea !important; }
.row { display: flex; flex-wrap: wrap; gap: 28px; align-items: flex-start; }
.row > * { flex: 0 1 auto; }
figure { margin: 8px 0 16px; }
figure img { max-width: 100%; height: auto; border: 1px solid #e4e7eb; }
figcaption { color: #52606d; font-size: 0.88em; max-width: 46em; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0 4px; }
.kpi { border: 1px solid #d9dee3; border-radius: 6px; padding: 8px 14px; min-width: 120px; background: #f8fafb; }
.kpi b { display: block; font-size: 1.5em; }
.kpi span { color: #52606d; font-size: 0.85em; }
details summary { cursor: pointer; color: #1565c0; margin: 6px 0; }
footer { color: #7b8794; font-size: 0.85em; margin: 3em 0 1em; }
"""


class ReportError(ValueError):
    """A report that cannot be written as asked; the message names the file and the fix."""


# -- plotting ---------------------------------------------------------------------------------

def _figure(width: float, height: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)  # render with Agg whatever backend pyplot may have chosen
    return fig


def png_data_uri(fig) -> str:
    """The figure as a ``data:image/png;base64,...`` URI."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight", facecolor="white")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def code_colours(codes: Sequence[str]) -> dict[str, str]:
    out, spare = {}, iter(OTHER_COLOURS * 4)
    for c in codes:
        out[c] = CODE_COLOURS.get(c) or next(spare, "#9aa5b1")
    return out


def _ink(colour: str) -> str:
    """Dark or white text, whichever reads on ``colour`` (a #rrggbb fill)."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return "#1f2933" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.6 else "white"


def plot_confusion(confusion: dict[str, dict[str, int]]):
    """Heat map of gold (rows) against predicted (columns); colour is the share of the row."""
    import numpy as np

    labels = list(confusion)
    counts = np.array([[confusion[t].get(p, 0) for p in labels] for t in labels], dtype=float)
    rows = counts.sum(axis=1, keepdims=True)
    share = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    size = 1.2 + 0.6 * len(labels)
    fig = _figure(size + 1.6, size)
    ax = fig.add_subplot()
    im = ax.imshow(share, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=35, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i in range(len(labels)):
        for j in range(len(labels)):
            if counts[i, j]:
                ax.text(j, i, f"{int(counts[i, j])}", ha="center", va="center", fontsize=10,
                        color="white" if share[i, j] > 0.55 else "#1f2933")
    fig.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label="share of the gold code's answers")
    ax.set_title("Confusion matrix (counts; colour: share of row)")
    return fig


def plot_coverage(curve: list[dict], *, unflagged: tuple[float, float] | None = None, target: float | None = None):
    """Accuracy of the answers kept against the share kept, one point per confidence threshold."""
    pts = [(p["coverage"], p["accuracy"], p["threshold"]) for p in curve if p["accuracy"] is not None]
    fig = _figure(6.4, 4.4)
    ax = fig.add_subplot()
    if pts:
        xs, ys, ts = zip(*pts)
        ax.plot(xs, ys, marker="o", markersize=4, color="#1565c0", label="answers with confidence ≥ threshold")
        shown = set()
        for x, y, t in reversed(pts):  # where thresholds keep the same answers, label the highest
            if round(t * 10) == t * 10 and (round(x, 2), round(y, 2)) not in shown:  # label 0.1, 0.2, ...
                shown.add((round(x, 2), round(y, 2)))
                ax.annotate(f"{t:.1f}", (x, y), textcoords="offset points", xytext=(4, 5), fontsize=8, color="#52606d")
    if unflagged is not None:
        ax.plot([unflagged[0]], [unflagged[1]], marker="*", markersize=14, color="#c62828", linestyle="none",
                label="answers not flagged for review")
    if target is not None:
        ax.axhline(target, color="#7b8794", linestyle="--", linewidth=1, label=f"target {target:.0%}")
    lows = [y for _, y, _ in pts] + ([unflagged[1]] if unflagged else []) + ([target] if target else [])
    ax.set_xlim(0, 1.02)
    ax.set_ylim(max(0.0, min(lows, default=0.0) - 0.05), 1.01)
    ax.set_xlabel("coverage (share of answers kept)")
    ax.set_ylabel("accuracy of the answers kept")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower left", fontsize=8)
    ax.set_title("Coverage against accuracy (labels: confidence threshold)")
    return fig


def plot_per_code_f1(per_code: dict[str, dict[str, float]]):
    """Horizontal F1 bars per code, with precision and recall as ticks and the support in the label."""
    codes = list(per_code)[::-1]
    fig = _figure(4.6, 0.5 * len(codes) + 1.2)
    ax = fig.add_subplot()
    colours = code_colours(list(per_code))
    f1 = [per_code[c]["f1"] for c in codes]
    ax.barh(range(len(codes)), f1, color=[colours[c] for c in codes], alpha=0.85, label="F1")
    ax.scatter([per_code[c]["precision"] for c in codes], range(len(codes)), marker="|", s=220, color="#1f2933",
               label="precision", zorder=3)
    ax.scatter([per_code[c]["recall"] for c in codes], range(len(codes)), marker="x", s=40, color="#1f2933",
               label="recall", zorder=3)
    for i, v in enumerate(f1):  # inside the bar, clear of the precision and recall marks
        if v >= 0.12:
            ax.text(0.02, i, f"F1 {v:.2f}", va="center", ha="left", fontsize=9, color=_ink(colours[codes[i]]), fontweight="bold")
        else:
            ax.text(v + 0.02, i, f"F1 {v:.2f}", va="center", ha="left", fontsize=9)
    ax.set_yticks(range(len(codes)), [f"{c} (n={per_code[c]['support']})" for c in codes])
    ax.set_xlim(0, 1.05)
    ax.set_xlabel("score")
    ax.legend(loc="lower right", fontsize=8, ncols=3, bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_title("F1 per code", loc="left")
    ax.grid(True, axis="x", alpha=0.3)
    return fig


def plot_code_counts(codes: pd.DataFrame, labels: dict[str, str], code_ids: Sequence[str]):
    """One stacked horizontal bar per question: how many replies got each code."""
    from matplotlib.ticker import MaxNLocator

    questions = list(codes.index)[::-1]
    fig = _figure(8.6, 0.5 * len(questions) + 1.8)
    ax = fig.add_subplot()
    colours = code_colours(code_ids)
    left = [0.0] * len(questions)
    totals = [float(codes.loc[q, code_ids].sum()) for q in questions]
    for code in code_ids:
        vals = [float(codes.loc[q, code]) for q in questions]
        if not any(vals):
            continue
        ax.barh(range(len(questions)), vals, left=left, color=colours[code], label=code, edgecolor="white", linewidth=0.6)
        for i, v in enumerate(vals):
            if v and totals[i] and v / totals[i] >= 0.06:
                ax.text(left[i] + v / 2, i, f"{int(v)}", ha="center", va="center", fontsize=8,
                        color=_ink(colours[code]))
        left = [a + b for a, b in zip(left, vals)]
    ax.set_yticks(range(len(questions)), [_short(labels.get(q, f"Q{q}"), 48) for q in questions])
    ax.set_xlabel("replies")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncols=4, fontsize=8, frameon=False)
    ax.grid(True, axis="x", alpha=0.3)
    return fig


def plot_bars(names: Sequence[str], values: Sequence[float], *, title: str, xlabel: str, colour: str = "#1565c0",
              vertical: bool = False):
    """A plain bar chart (horizontal for names, vertical for periods)."""
    from matplotlib.ticker import MaxNLocator

    if vertical:
        fig = _figure(max(4.5, 0.6 * len(names) + 1.5), 3.6)
        ax = fig.add_subplot()
        ax.bar(range(len(names)), values, color=colour)
        ax.set_xticks(range(len(names)), names, rotation=35 if len(names) > 6 else 0, ha="right" if len(names) > 6 else "center")
        ax.set_ylabel(xlabel)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        for i, v in enumerate(values):
            ax.text(i, v, f"{v:g}", ha="center", va="bottom", fontsize=8)
        ax.grid(True, axis="y", alpha=0.3)
    else:
        fig = _figure(6.4, 0.32 * len(names) + 1.1)
        ax = fig.add_subplot()
        ax.barh(range(len(names))[::-1], values, color=colour)
        ax.set_yticks(range(len(names))[::-1], [_short(n, 40) for n in names])
        ax.set_xlabel(xlabel)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, max(values, default=1) * 1.12 or 1)
        for i, v in zip(range(len(names))[::-1], values):
            ax.text(v, i, f" {v:g}", va="center", fontsize=8)
        ax.grid(True, axis="x", alpha=0.3)
    ax.set_title(title, loc="left")
    return fig


# -- HTML -------------------------------------------------------------------------------------

def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _esc(x: Any) -> str:
    return html.escape("" if x is None else str(x))


def _fmt(x: Any, kind: str = "") -> tuple[str, str]:
    """Cell text and class for a value; ``kind`` is "pct", "3" or "2" (decimals) or "" (as it is)."""
    if x is None or (isinstance(x, float) and x != x):
        return "–", "num"
    if isinstance(x, bool):
        return ("yes" if x else "no"), ""
    if isinstance(x, (int, float)):
        if kind == "pct":
            return f"{x:.1%}", "num"
        if kind in ("2", "3"):
            return f"{x:,.{kind}f}", "num"
        return (f"{int(x):,}" if float(x).is_integer() else f"{x:,.2f}"), "num"
    return _esc(x), "text"


def html_table(rows: Iterable[Sequence[Any]], header: Sequence[str], *, kinds: Sequence[str] = (),
               classes: Sequence[Sequence[str]] | None = None) -> str:
    """Rows of values as an HTML table; ``kinds`` per column: "pct", "3", "2" or "" (as is)."""
    out = ["<table><thead><tr>", *(f"<th>{_esc(h)}</th>" for h in header), "</tr></thead><tbody>"]
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, value in enumerate(row):
            text, cls = _fmt(value, kinds[c] if c < len(kinds) else "")
            extra = classes[r][c] if classes is not None else ""
            cls = " ".join(x for x in (cls, extra) if x)
            out.append(f'<td class="{cls}">{text}</td>' if cls else f"<td>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def frame_table(df: pd.DataFrame, *, index: bool = True, kinds: dict[str, str] | None = None) -> str:
    kinds = kinds or {}
    header = ([df.index.name or ""] if index else []) + [str(c) for c in df.columns]
    col_kinds = ([""] if index else []) + [kinds.get(str(c), "") for c in df.columns]
    rows = []
    for idx, rec in zip(df.index, df.itertuples(index=False)):
        vals = [_py(v) for v in rec]
        rows.append(([idx] if index else []) + vals)
    return html_table(rows, header, kinds=col_kinds)


def _py(v: Any) -> Any:
    """numpy scalars as Python ones, so formatting treats them alike."""
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        try:
            return v.item()
        except (ValueError, AttributeError):
            return v
    return v


def _img(uri: str, alt: str, caption: str = "") -> str:
    cap = f"<figcaption>{_esc(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="{uri}" alt="{_esc(alt)}">{cap}</figure>'


def _page(title: str, subtitle: str, body: Iterable[str]) -> str:
    made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(title)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_esc(title)}</h1>", f'<p class="sub">{_esc(subtitle)}</p>',
        *body,
        f"<footer>Made by nlp-foi on {made}. Self-contained: the plots are embedded images.</footer>",
        "</body></html>",
    ])


def _kpis(items: Iterable[tuple[str, str]]) -> str:
    return '<div class="kpis">' + "".join(f'<div class="kpi"><b>{_esc(v)}</b><span>{_esc(k)}</span></div>' for k, v in items) + "</div>"


# -- the evaluation report ------------------------------------------------------------------------

def evaluation_html(report: dict[str, Any], *, title: str = "How accurate is the coding?") -> str:
    """The evaluation report (figures of :func:`nlp_foi.evaluate.score`) as one HTML page."""
    from .review import TARGET_ACCURACY

    n = report["answers"]
    sub = f"{n} answers in {report['replies']} replies of {report.get('gold', 'gold')}; predictions: {report.get('pred', '')}"
    body: list[str] = []
    pct = lambda x: "–" if x is None else f"{x:.1%}"  # noqa: E731
    body.append(_kpis([
        ("accuracy", pct(report["accuracy"])), ("Cohen's kappa", f"{report['kappa']:.3f}"),
        ("Krippendorff's alpha", f"{report['alpha']:.3f}"), ("macro-F1", f"{report['macro_f1']:.3f}"),
        ("segmentation token-F1", f"{report['segmentation_f1']:.3f}"),
        ("unflagged / right among them", f"{pct(report['unflagged_share'])} / {pct(report['unflagged_accuracy'])}"),
    ]))
    if report.get("cv"):
        cv = report["cv"]
        body.append(f'<p class="note">Cross-validation: {cv["folds"]} folds grouped by request ({cv["requests"]} requests); '
                    "each reply was coded by the whole pipeline with a coder trained without its request. Review flags use the "
                    f"thresholds of the model in force ({_esc(', '.join(f'{k} {v:.2f}' for k, v in cv['review_thresholds'].items()))}).</p>")

    body.append("<h2>Figures</h2>")
    seg = report.get("accuracy_by_segmentation", {})
    rows = [
        ("accuracy", report["accuracy"], "share of answers coded right (a gold answer's 'also' codes count as right)"),
        ("coarse-group accuracy", report["coarse_accuracy"], "right up to the codebook's coarse groups"),
        ("macro-F1", report["macro_f1"], "mean F1 over the gold codes, each code weighted alike"),
        ("Cohen's kappa", report["kappa"], "agreement with the gold beyond chance"),
        ("Krippendorff's alpha (nominal)", report["alpha"], "agreement with the gold beyond chance, pooled disagreement"),
        ("segmentation token-F1", report["segmentation_f1"], "overlap of the predicted passage with the gold answer"),
        ("value exact match", report.get("values_exact_overall"), "share of gold values (per key) given exactly"),
        ("answers unflagged", report["unflagged_share"], "share not flagged for review"),
        ("accuracy of unflagged answers", report["unflagged_accuracy"], "how far unflagged answers can be trusted"),
    ]
    for key, label in (("found", "accuracy where the passage was found"), ("missed", "accuracy where the passage was missed")):
        part = seg.get(key) or {}
        if part.get("answers"):
            rows.append((f"{label} ({part['answers']} answers)", part["accuracy"],
                         f"token-F1 {'at least' if key == 'found' else 'below'} {seg.get('found_f1', 0.5)} against the gold answer"))
    if report.get("missing_predictions"):
        rows.append(("gold answers without a predicted line", report["missing_predictions"], "scored as unanswered"))
    body.append(html_table([(a, b if isinstance(b, int) else b, c) for a, b, c in rows], ["figure", "value", "what it says"],
                           kinds=["", "3", ""]))

    body.append("<h2>Per code</h2>")
    per_code = report["per_code"]
    body.append('<div class="row">')
    body.append(html_table([(c, m["precision"], m["recall"], m["f1"], m["support"]) for c, m in per_code.items()],
                           ["code", "precision", "recall", "F1", "gold answers"], kinds=["", "3", "3", "3", ""]))
    if per_code:
        body.append(_img(png_data_uri(plot_per_code_f1(per_code)), "F1 per code",
                         "Bars: F1; ticks: precision (|) and recall (x)."))
    body.append("</div>")

    body.append("<h2>Confusion matrix</h2>")
    confusion = report["confusion"]
    labels = list(confusion)
    if labels:
        body.append(_img(png_data_uri(plot_confusion(confusion)), "confusion matrix heat map",
                         "Rows: the gold code; columns: the predicted code. A prediction of an 'also' code is counted as the gold code."))
        classes = [[""] + [("hi" if t == p else "bad" if confusion[t][p] else "") for p in labels] + [""] for t in labels]
        body.append(html_table([[t] + [confusion[t][p] for p in labels] + [sum(confusion[t].values())] for t in labels],
                               ["gold \\ predicted", *labels, "total"], classes=classes))

    body.append("<h2>Coverage and accuracy</h2>")
    curve = report.get("coverage_curve") or []
    unflagged = (report["unflagged_share"], report["unflagged_accuracy"]) if report.get("unflagged_accuracy") is not None else None
    body.append('<div class="row">')
    body.append(_img(png_data_uri(plot_coverage(curve, unflagged=unflagged, target=TARGET_ACCURACY)), "coverage-accuracy curve",
                     "Keeping only the answers coded at or above a confidence threshold: how many are kept and how many of "
                     "them are right. The star is the review policy in force (answers not flagged)."))
    body.append(html_table([(p["threshold"], round(p["coverage"] * n), p["coverage"], p["accuracy"]) for p in curve],
                           ["confidence ≥", "answers", "coverage", "accuracy"], kinds=["2", "", "pct", "pct"]))
    body.append("</div>")

    if report.get("values_exact"):
        body.append("<h2>Values</h2>")
        counted = report.get("values_counted", {})
        body.append(html_table([(k, counted.get(k), v) for k, v in report["values_exact"].items()],
                               ["key", "gold answers with it", "exact match"], kinds=["", "", "pct"]))

    if "suspects" in report:
        sus = report["suspects"]
        body.append(f"<h2>Suspects: gold answers contradicted with confidence ≥ {report['suspect_confidence']:.2f}</h2>")
        body.append(f'<p class="note">{len(sus)} gold answers the model, coding them {"out of fold" if report.get("cv") else "here"}, '
                    "contradicts with high confidence although it coded the gold passage (token-F1 at least "
                    f"{report.get('accuracy_by_segmentation', {}).get('found_f1', 0.5)}) or a passage where the gold has none: "
                    "likely label errors, worth a second look. Confident contradictions on another passage are segmentation "
                    "misses; they are among the answers coded wrong below.</p>")
        body.append(_answers_table(sus, question=True))

    wrong = report.get("wrong") or []
    if wrong:
        body.append("<h2>Answers coded wrong</h2>")
        body.append(f"<details><summary>{len(wrong)} answers, the most confident first</summary>{_answers_table(wrong)}</details>")
    return _page(title, sub, body)


def _answers_table(rows: list[dict], *, question: bool = False) -> str:
    header = ["reply", "Q"] + (["question"] if question else []) + ["gold", "predicted", "confidence", "passage F1", "gold answer"]
    out = []
    for r in rows:
        gold = r["gold"] + (f" (also {', '.join(r['also'])})" if r.get("also") else "")
        out.append([r["reply_id"], r["question_id"]] + ([_short(r.get("question", ""), 160)] if question else [])
                   + [gold, r["predicted"], r["confidence"], r.get("passage_f1"), _answer_cell(r)])
    kinds = ["", ""] + ([""] if question else []) + ["", "", "2", "2", ""]
    return html_table(out, header, kinds=kinds)


def _answer_cell(r: dict) -> str:
    if r.get("answer") is not None:
        return _short(r["answer"], 300)
    coded = r.get("predicted_answer") or ""
    return "(none)" + (f"; coded passage: {_short(coded, 260)}" if coded else "")


def check_report_path(path: str | Path, formats: Sequence[str] = HTML_SUFFIXES) -> Path:
    path = Path(path)
    if path.suffix.lower() not in formats:
        raise ReportError(f"{path}: unknown report format {path.suffix or '(none)'!r}; use one of {', '.join(formats)}")
    return path


def write_evaluation_report(report: dict[str, Any], path: str | Path) -> Path:
    """Write :func:`evaluation_html` to ``path`` (.html)."""
    path = check_report_path(path)
    path.write_text(evaluation_html(report), encoding="utf-8")
    return path


# -- the summary of a coded batch ---------------------------------------------------------------------

def _qkey(qid: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.findall(r"\d+|\D+", str(qid)))


@dataclass(slots=True)
class CodedSummary:
    """What a coded batch says, as tables (one per sheet of the workbook) and headline counts."""

    tables: dict[str, pd.DataFrame]
    overview: dict[str, Any]
    code_ids: list[str]
    labels: dict[str, str] = field(default_factory=dict)  # question id -> "Q1: text"


def _number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str) and re.fullmatch(r"\s*-?\d+(?:\.\d+)?\s*", v.replace(",", "")):
        return float(v.replace(",", ""))
    return None


def summarise_coded(rows: Iterable[dict], *, request: Request | None = None, codebook: Codebook | None = None,
                    source: str = "") -> CodedSummary:
    """Count a coded batch per question (formats.md, "Coded answers")."""
    from .evaluate import _norm_name

    book = codebook or load_codebook()
    rows = list(rows)
    questions = sorted({str(r["question_id"]) for r in rows}, key=_qkey)
    texts = {q.id: q.text for q in request.questions} if request else {}
    labels = {q: f"Q{q}: {texts[q]}" if q in texts else f"Q{q}" for q in questions}
    seen_codes = {r["code"] for r in rows}
    code_ids = list(book.ids) + sorted(seen_codes - set(book.ids))

    codes = pd.DataFrame(0, index=pd.Index(questions, name="question"), columns=code_ids, dtype=int)
    products: dict[str, Counter] = defaultdict(Counter)
    spellings: dict[tuple[str, str], Counter] = defaultdict(Counter)
    periods: dict[tuple[str, str], list] = defaultdict(lambda: [0.0, 0, 0])  # sum, authorities, suppressed
    totals: dict[str, list[float]] = defaultdict(list)
    money: dict[str, list[float]] = defaultdict(list)
    sections: dict[str, Counter] = defaultdict(Counter)
    yes_no: dict[str, Counter] = defaultdict(Counter)
    review: dict[str, Counter] = defaultdict(Counter)
    unreadable = set()
    for r in rows:
        q = str(r["question_id"])
        codes.loc[q, r["code"]] += 1
        review[q]["answers"] += 1
        review[q]["flagged"] += bool(r.get("review"))
        review[q]["confidence"] += float(r.get("confidence") or 0.0)
        if r.get("error"):
            unreadable.add(r["reply_id"])
        values = r.get("values") or {}
        for name in {_norm_name(p): p for p in values.get("products") or []}.values():
            key = _norm_name(name)
            products[q][key] += 1
            spellings[q, key][str(name)] += 1
        for period, v in (values.get("periods") or {}).items():
            cell = periods[q, str(period)]
            num = _number(v)
            if num is None:
                cell[2] += 1
            else:
                cell[0] += num
                cell[1] += 1
        if (t := _number(values.get("total"))) is not None:
            totals[q].append(t)
        amounts = [a for a in (_number(x) for x in values.get("money") or []) if a is not None]
        if amounts:
            money[q].append(sum(amounts))
        for s in set(values.get("sections") or []):
            sections[q][str(s)] += 1
        if values.get("yes_no"):
            yes_no[q][str(values["yes_no"]).lower()] += 1

    codes["replies"] = codes[code_ids].sum(axis=1)
    product_rows = [
        (q, spellings[q, key].most_common(1)[0][0], n)
        for q in questions for key, n in sorted(products[q].items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    period_rows = [(q, p, _int(s), a, sup) for (q, p), (s, a, sup) in sorted(periods.items(), key=lambda kv: (_qkey(kv[0][0]), kv[0][1]))]
    def stats(qs: dict[str, list[float]]):
        return [(q, len(v), _int(sum(v)), _int(statistics.median(v)), _int(min(v)), _int(max(v))) for q in questions if (v := qs.get(q))]
    tables = {
        "codes": codes,
        "products": pd.DataFrame(product_rows, columns=["question", "product", "replies"]),
        "periods": pd.DataFrame(period_rows, columns=["question", "period", "sum", "authorities", "suppressed"]),
        "totals": pd.DataFrame(stats(totals), columns=["question", "answers", "sum", "median", "min", "max"]),
        "money": pd.DataFrame(stats(money), columns=["question", "answers", "sum", "median", "min", "max"]),
        "sections": pd.DataFrame([(q, s, n) for q in questions for s, n in sorted(sections[q].items(), key=lambda kv: (-kv[1], _qkey(kv[0])))],
                                 columns=["question", "section", "replies"]),
        "yes_no": pd.DataFrame([(q, yes_no[q].get("yes", 0), yes_no[q].get("no", 0)) for q in questions if yes_no[q]],
                               columns=["question", "yes", "no"]),
        "review": pd.DataFrame([(q, review[q]["answers"], review[q]["flagged"], review[q]["flagged"] / review[q]["answers"],
                                 review[q]["confidence"] / review[q]["answers"]) for q in questions],
                               columns=["question", "answers", "flagged", "flagged share", "mean confidence"]),
    }
    if texts:
        tables["questions"] = pd.DataFrame([(q, texts.get(q, "")) for q in questions], columns=["question", "text"])
    flagged = sum(c["flagged"] for c in review.values())
    overview = {
        "source": source, "replies": len({r["reply_id"] for r in rows}), "answers": len(rows), "questions": len(questions),
        "flagged": flagged, "flagged_share": flagged / len(rows) if rows else 0.0, "unreadable_replies": len(unreadable),
    }
    return CodedSummary(tables=tables, overview=overview, code_ids=code_ids, labels=labels)


def _int(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(float(x), 2)


def summarise_file(path: str | Path, *, request: Request | None = None, codebook: Codebook | None = None) -> CodedSummary:
    """:func:`summarise_coded` over a coded ``.jsonl`` file, checked line by line."""
    from .evaluate import read_predictions

    path = Path(path)
    if path.is_file() and path.suffix.lower() != ".jsonl":
        raise ReportError(f"{path}: expected coded answers as .jsonl (nlp-foi code -o coded.jsonl; formats.md, 'Coded answers')")
    rows = read_predictions(path, codebook=codebook).values()
    if not rows:
        raise ReportError(f"{path}: no coded answers in it (formats.md, 'Coded answers')")
    return summarise_coded(rows, request=request, codebook=codebook, source=str(path))


def summary_html(summary: CodedSummary, *, title: str = "What the replies say") -> str:
    """The summary of a coded batch as one HTML page with its plots inline."""
    o, t, labels = summary.overview, summary.tables, summary.labels
    sub = f"{o['replies']} replies, {o['answers']} answers to {o['questions']} questions" + (f" ({o['source']})" if o["source"] else "")
    body = [_kpis([
        ("replies", f"{o['replies']:,}"), ("answers", f"{o['answers']:,}"),
        ("flagged for review", f"{o['flagged']:,} ({o['flagged_share']:.1%})"),
        ("replies that could not be read", f"{o['unreadable_replies']:,}"),
    ])]
    if "questions" in t:
        body.append("<h2>Questions</h2>" + frame_table(t["questions"], index=False))

    body.append("<h2>Codes per question</h2>")
    codes = t["codes"]
    used = [c for c in summary.code_ids if codes[c].sum()]
    if len(codes):
        body.append(_img(png_data_uri(plot_code_counts(codes, labels, used)), "codes per question",
                         "How many replies got each code, per question."))
    body.append(frame_table(codes[used + ["replies"]]))

    body.append("<h2>Products named</h2>")
    products = t["products"]
    if len(products):
        for q, part in products.groupby("question", sort=False):
            top = part.head(TOP_PRODUCTS)
            body.append(f"<h3>{_esc(labels.get(q, q))}</h3>")
            body.append('<div class="row">')
            body.append(_img(png_data_uri(plot_bars(top["product"].tolist(), top["replies"].tolist(),
                                                    title=f"Q{q}: products named (top {len(top)})", xlabel="replies naming it")),
                             f"products named for question {q}"))
            body.append(frame_table(part[["product", "replies"]], index=False))
            body.append("</div>")
    else:
        body.append('<p class="note">No product names were extracted.</p>')

    body.append("<h2>Counts per year, summed across authorities</h2>")
    periods = t["periods"]
    if len(periods):
        body.append('<p class="note">The sum of each year\'s figure over the authorities that gave one; suppressed figures '
                    "(\"&lt;5\") are not summed but counted.</p>")
        for q, part in periods.groupby("question", sort=False):
            body.append(f"<h3>{_esc(labels.get(q, q))}</h3>")
            body.append('<div class="row">')
            body.append(_img(png_data_uri(plot_bars(part["period"].tolist(), part["sum"].tolist(), title=f"Q{q}: sum per year",
                                                    xlabel="sum across authorities", colour="#2e7d32", vertical=True)),
                             f"counts per year for question {q}"))
            body.append(frame_table(part[["period", "sum", "authorities", "suppressed"]], index=False))
            body.append("</div>")
    else:
        body.append('<p class="note">No counts per year were extracted.</p>')

    for key, heading, empty in (("totals", "Totals", "No totals were extracted."),
                                ("money", "Money (£, per answer)", "No amounts of money were extracted."),
                                ("sections", "Sections cited", "No sections were cited."),
                                ("yes_no", "Yes / no", "No yes/no answers were extracted.")):
        body.append(f"<h2>{_esc(heading)}</h2>")
        body.append(frame_table(t[key], index=False) if len(t[key]) else f'<p class="note">{empty}</p>')

    body.append("<h2>Flagged for review</h2>")
    body.append(frame_table(t["review"], index=False, kinds={"flagged share": "pct", "mean confidence": "2"}))
    return _page(title, sub, body)


def format_summary(summary: CodedSummary) -> str:
    """The summary as plain text for the terminal."""
    o, t = summary.overview, summary.tables
    used = [c for c in summary.code_ids if t["codes"][c].sum()]
    lines = [f"{o['replies']} replies, {o['answers']} answers, {o['flagged']} flagged for review ({o['flagged_share']:.1%}), "
             f"{o['unreadable_replies']} replies could not be read", "", t["codes"][used + ["replies"]].to_string()]
    for key in ("products", "periods", "totals", "money", "sections", "yes_no"):
        if len(t[key]):
            lines += ["", f"{key}:", t[key].to_string(index=False)]
    return "\n".join(lines)


def write_summary(summary: CodedSummary, path: str | Path) -> Path:
    """Write the summary as ``.html`` or ``.xlsx`` (one sheet per table, with an overview sheet)."""
    path = check_report_path(path, SUMMARY_FORMATS)
    if path.suffix.lower() == ".xlsx":
        overview = pd.DataFrame(list(summary.overview.items()), columns=["figure", "value"])
        with pd.ExcelWriter(path, engine="openpyxl") as xl:
            overview.to_excel(xl, sheet_name="overview", index=False)
            for name, df in summary.tables.items():
                df.to_excel(xl, sheet_name=name, index=(name == "codes"))
            for ws in xl.book.worksheets:
                for col in ws.columns:
                    width = max(len(str(c.value)) if c.value is not None else 0 for c in col)
                    ws.column_dimensions[col[0].column_letter].width = min(60, max(9, width + 2))
    else:
        path.write_text(summary_html(summary), encoding="utf-8")
    return path
