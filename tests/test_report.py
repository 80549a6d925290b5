"""Reports: self-contained HTML with the plots inline, the summary's counts, the workbook's sheets, a real browser."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from nlp_foi.cli import main
from nlp_foi.evaluate import score
from nlp_foi.gold import gold_from_dict
from nlp_foi.report import evaluation_html, summarise_coded, summary_html, write_summary

QUESTIONS = [{"id": "1", "text": "Which monitoring product do you use?"},
             {"id": "2", "text": "How many alerts were generated each year?"},
             {"id": "10", "text": "How many staff can see the alerts?"}]


def coded(reply: str, q: str, code: str, values: dict | None = None, *, review: bool = False, conf: float = 0.9) -> dict:
    return {"reply_id": reply, "authority": reply.title(), "question_id": q, "code": code, "confidence": conf,
            "answer": "", "start": None, "end": None, "values": values or {}, "review": review, "evidence": []}


CODED = [
    coded("a", "1", "disclosed", {"products": ["Smoothwall", "Impero"]}),
    coded("a", "2", "disclosed", {"periods": {"2021/22": 40, "2022/23": 35}, "total": 75}),
    coded("a", "10", "disclosed", {"total": 3}),
    coded("b", "1", "disclosed", {"products": ["smoothwall"]}),
    coded("b", "2", "disclosed", {"periods": {"2021/22": 10, "2022/23": "<5"}}, review=True, conf=0.5),
    coded("b", "10", "exempt", {"sections": [40]}),
    coded("c", "1", "not_held", review=True, conf=0.4),
    coded("c", "2", "cost_limit", {"sections": [12]}),
    coded("c", "10", "disclosed", {"total": 8, "yes_no": "yes"}),
]

RE_REMOTE = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.I)
RE_DATA_PNG = re.compile(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def assert_self_contained(page: str, *, plots: int) -> None:
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert not RE_REMOTE.search(page), "the report must fetch nothing"
    assert "<link" not in page and "<script" not in page and "@import" not in page
    images = RE_DATA_PNG.findall(page)
    assert len(images) >= plots
    for b64 in images:
        assert base64.b64decode(b64)[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(re.findall(r"<img ", page)) == len(images)  # every image is inline


@pytest.fixture
def evaluation() -> dict:
    text = "1. Smoothwall\n2. Not held.\n10. Refused under section 40."
    row = {"id": "r1", "questions": QUESTIONS, "text": text,
           "gold": {"1": {"code": "disclosed", "answer": "Smoothwall"}, "2": {"code": "not_held", "answer": "Not held."},
                    "10": {"code": "exempt", "answer": "Refused under section 40.", "values": {"sections": [40]}}}}
    pred = {("r1", "1"): {"code": "disclosed", "confidence": 0.95, "answer": "Smoothwall"},
            ("r1", "2"): {"code": "cost_limit", "confidence": 0.92, "answer": "Not held."},
            ("r1", "10"): {"code": "exempt", "confidence": 0.7, "answer": "Refused", "review": True, "values": {"sections": [40]}}}
    golds = [gold_from_dict(row)]
    report = score(golds, pred)
    from nlp_foi.evaluate import disagreements

    report["wrong"] = disagreements(golds, pred)
    report["suspects"], report["suspect_confidence"] = report["wrong"], 0.9
    return report


def test_evaluation_html_is_self_contained_with_its_plots(evaluation):
    page = evaluation_html(evaluation)
    assert_self_contained(page, plots=3)
    for alt in ("F1 per code", "confusion matrix heat map", "coverage-accuracy curve"):
        assert f'alt="{alt}"' in page
    assert "Krippendorff" in page and "Cohen" in page and "Suspects" in page


def test_text_from_replies_is_escaped(evaluation):
    evaluation["wrong"][0]["answer"] = '<script src="https://example.org/x.js"></script> see https://example.org'
    page = evaluation_html(evaluation)
    assert "<script" not in page and "&lt;script src=&quot;https://example.org/x.js&quot;&gt;" in page
    assert not RE_REMOTE.search(page)


def test_summary_counts():
    s = summarise_coded(CODED)
    t = s.tables
    assert list(t["codes"].index) == ["1", "2", "10"]  # question order, not string order
    assert t["codes"].loc["1", "disclosed"] == 2 and t["codes"].loc["1", "not_held"] == 1 and t["codes"].loc["2", "replies"] == 3
    # products merged case-insensitively, counted once per reply, spelled as most replies spell them
    assert t["products"][["product", "replies"]].values.tolist() == [["Smoothwall", 2], ["Impero", 1]]
    periods = t["periods"].set_index("period")
    assert periods.loc["2021/22", "sum"] == 50 and periods.loc["2021/22", "authorities"] == 2
    assert periods.loc["2022/23", "sum"] == 35 and periods.loc["2022/23", "suppressed"] == 1
    totals = t["totals"].set_index("question")
    assert totals.loc["10", "sum"] == 11 and totals.loc["10", "median"] == 5.5 and totals.loc["2", "answers"] == 1
    assert t["sections"][["question", "section", "replies"]].values.tolist() == [["2", "12", 1], ["10", "40", 1]]
    assert t["yes_no"].values.tolist() == [["10", 1, 0]]
    assert s.overview["flagged"] == 2 and s.overview["replies"] == 3 and s.overview["answers"] == 9
    assert t["review"].set_index("question").loc["2", "flagged"] == 1


def test_summary_html_is_self_contained_with_its_plots():
    page = summary_html(summarise_coded(CODED))
    assert_self_contained(page, plots=3)  # codes per question, products, periods
    assert 'alt="codes per question"' in page and "Smoothwall" in page


def test_summary_workbook_has_the_tables_as_sheets(tmp_path):
    path = write_summary(summarise_coded(CODED), tmp_path / "summary.xlsx")
    sheets = pd.read_excel(path, sheet_name=None)
    assert {"overview", "codes", "products", "periods", "totals", "money", "sections", "yes_no", "review"} <= set(sheets)
    assert sheets["codes"].set_index("question").loc[1, "disclosed"] == 2
    assert sheets["products"]["product"].tolist() == ["Smoothwall", "Impero"]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("suffix", [".html", ".xlsx"])
def test_report_command_writes_html_and_xlsx(capsys, tmp_path, suffix):
    source = tmp_path / "coded.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in CODED), encoding="utf-8")
    request = tmp_path / "request.json"
    request.write_text(json.dumps({"id": "monitoring", "questions": QUESTIONS}), encoding="utf-8")
    out_path = tmp_path / f"summary{suffix}"
    code, out, _ = run(capsys, "report", source, "-o", out_path, "--request", request)
    assert code == 0 and out == f"3 replies, 9 answers summarised -> {out_path}\n"
    if suffix == ".html":
        page = out_path.read_text(encoding="utf-8")
        assert_self_contained(page, plots=3)
        assert "How many staff can see the alerts?" in page
    else:
        assert "questions" in pd.read_excel(out_path, sheet_name=None)


def test_report_command_prints_text_without_output(capsys, tmp_path):
    source = tmp_path / "coded.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in CODED), encoding="utf-8")
    code, out, _ = run(capsys, "report", source)
    assert code == 0 and out.startswith("3 replies, 9 answers, 2 flagged for review (22.2%), 0 replies could not be read")


@pytest.mark.parametrize(
    "args,message",
    [
        (["report", "coded.jsonl", "-o", "summary.pdf"], "Error: summary.pdf: unknown report format '.pdf'; use one of .html, .htm, .xlsx\n"),
        (["report", "coded.csv"], "Error: coded.csv: expected coded answers as .jsonl (nlp-foi code -o coded.jsonl; formats.md, 'Coded answers')\n"),
        (["report", "missing.jsonl"], "Error: missing.jsonl: no such coded file; give the .jsonl written by nlp-foi code -o (formats.md, 'Coded answers')\n"),
        (["report", "empty.jsonl"], "Error: empty.jsonl: no coded answers in it (formats.md, 'Coded answers')\n"),
        (["report", "broken.jsonl"], "Error: broken.jsonl:1: no 'code'; each line needs 'reply_id', 'question_id' and 'code' (formats.md, 'Coded answers')\n"),
    ],
)
def test_report_errors_are_one_line(capsys, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "coded.jsonl").write_text(json.dumps(CODED[0]) + "\n", encoding="utf-8")
    (tmp_path / "coded.csv").write_text("reply_id,question_id,code\n", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    (tmp_path / "broken.jsonl").write_text('{"reply_id": "a", "question_id": "1"}\n', encoding="utf-8")
    code, _, err = run(capsys, *args)
    assert code == 1 and err == message


def screenshot(page: Path, png: Path, tmp_path: Path, *, height: int = 2400) -> None:
    chromium = shutil.which("chromium")
    profile = tmp_path / "chromium-profile"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         f"--screenshot={png}", f"--window-size=1280,{height}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )


@pytest.mark.skipif(not shutil.which("chromium"), reason="chromium is not installed (apt-get install chromium)")
@pytest.mark.parametrize("kind", ["evaluation", "summary"])
def test_the_report_renders_in_a_real_browser(tmp_path, evaluation, kind):
    from matplotlib.image import imread

    page = tmp_path / "report.html"
    page.write_text(evaluation_html(evaluation) if kind == "evaluation" else summary_html(summarise_coded(CODED)), encoding="utf-8")
    png = tmp_path / "report.png"
    screenshot(page, png, tmp_path)
    assert png.exists() and png.stat().st_size > 20_000
    pixels = imread(png)[..., :3]
    assert pixels.shape[:2] == (2400, 1280)
    assert pixels.std() > 0.05  # not a blank page
    # the plots drew in colour: a fair number of strongly coloured (not grey) pixels
    saturation = pixels.max(axis=2) - pixels.min(axis=2)
    assert (saturation > 0.3).mean() > 0.01
