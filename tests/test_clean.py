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
