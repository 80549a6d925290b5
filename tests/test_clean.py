"""Folding what is not an answer: the thread below, quoted mail, sign-offs, boilerplate."""

import pytest

from nlp_foi.clean import fold

REPLY = "Dear Ms Lee,\n\nThe council does not use any such tool, so questions 2 to 6 do not apply.\n\n"
REQUEST = "Dear FOI Officer,\n\n1. Does the council use any risk-scoring tool?\n2. Which supplier?\n"


def thread_start(text):
    spans = [s for s in fold(text) if s.label == "thread"]
    return spans[0].start if spans else None


@pytest.mark.parametrize(
    "separator",
    [
        "-----Original Message-----\n",
        "----- Neges wreiddiol / Original message -----\n",
        "---------- Forwarded message ---------\n",
        "From: Ann Lee\nSent: 08 July 2024 10:21\nTo: FOI\nSubject: Request\n",
        "Oddi wrth / From: Ann Lee\nAnfonwyd / Sent: 08 Gorffennaf 2024 10:21\nPwnc / Subject: Request\n",
    ],
)
def test_the_thread_below_is_folded_from_its_separator(separator):
    text = REPLY + separator + "\n" + REQUEST
    assert thread_start(text) == len(REPLY)


def test_a_line_of_dashes_inside_an_answer_is_not_a_thread():
    text = REPLY + "----- Figures for 2023 -----\n12 alerts\n"
    assert thread_start(text) is None


def test_a_rule_of_underscores_is_a_thread_only_above_a_from_line():
    """Outlook's separator is a rule of underscores above "From:"; in a pdf's text a rule ends a page."""
    rule = "_" * 32 + "\n"
    assert thread_start(REPLY + rule + "From: Ann Lee\nSent: 08 July 2024\nTo: FOI\nSubject: Request\n\n" + REQUEST) == len(REPLY)
    assert thread_start(REPLY + "Page 1 of 2\n" + rule + "Question 5 - CCTV\n\nNo cameras cover the toilets.\n") is None


def test_page_furniture_of_a_pdf_is_folded():
    text = ("1. Answer one.\n\nPage 1 of 3 | OFFICIAL\n\nNorth Yorkshire Council | FOI Response\n\n2. Answer two.\n\n"
            "Page 2 of 3 | OFFICIAL\n\nNorth Yorkshire Council | FOI Response\n\n3. Answer three.\n")
    pages = [s.text for s in fold(text) if s.label == "page"]
    assert pages == ["Page 1 of 3 | OFFICIAL", "North Yorkshire Council | FOI Response",
                     "Page 2 of 3 | OFFICIAL", "North Yorkshire Council | FOI Response"]
    # no page numbers, no furniture: a line of dashes or a repeated line is the reply's own
    assert not [s for s in fold("Figures\n----------\n12\n\nFigures\n----------\n14\n") if s.label == "page"]


def test_answers_typed_as_quoted_lines_are_not_quotes():
    text = ("I have reproduced your questions with our answers after each one (>>).\n\n"
            "1. Does the council monitor social media? (Yes/No)\n>> Yes, for investigations.\n\n"
            "2. Which tools?\n>> Brandwatch and Orlo.\n>> Officers do not use fake profiles.\n\n"
            "> 3. How much was spent?\n>> A quoted question and what follows it stay quoted.\n")
    quoted = [s.text for s in fold(text) if s.label == "quoted"]
    assert quoted == ["> 3. How much was spent?", ">> A quoted question and what follows it stay quoted."]
