"""Finding the questions of a request."""

from __future__ import annotations

import json

import pytest

from nlp_foi.questions import RequestError, parse_request, read_request, request_from_dict

LETTERED = """Dear Council,

Please tell me:
a) How many public-space CCTV cameras do you operate?
b) Which company maintains them?
(c) What did maintenance cost in 2022/23?
d) Do any cameras use facial recognition?
e) Please send your CCTV code of practice.

Thank you,
Sam
"""

NUMBERED_WITH_SUB_PARTS = """Dear Sir or Madam,

Under the Freedom of Information Act 2000 I would like to know:

1. How many pupils were permanently excluded in each year since 2019/20?
2. How many fixed-term suspensions were given in each of those years?
3. What was the cost of alternative provision?
4. For each permanent exclusion:
   a) the reason recorded
   b) whether the pupil had an EHCP
5. Please send your policy on managed moves.

Yours faithfully,
Alex
"""

UNLABELLED = """Dear School,

I am researching school devices.

How many laptops did the school buy in 2022?

Which supplier provided them?

Thank you for your help.
"""


def test_seed_request_has_eight_questions(seed_reply):
    request_text, _ = seed_reply
    request = parse_request(request_text)
    assert request.ids == [str(n) for n in range(1, 9)]
    assert "(a) severity" in request.questions[1].text  # sub-parts stay inside their number
    assert request.questions[4].text.startswith("Confirm how many referrals")  # "5.Confirm" with no space


def test_lettered_request():
    assert parse_request(LETTERED).ids == ["a", "b", "c", "d", "e"]


def test_numbered_request_keeps_sub_parts_inside():
    request = parse_request(NUMBERED_WITH_SUB_PARTS)
    assert request.ids == ["1", "2", "3", "4", "5"]
    assert "a) the reason recorded" in request.questions[3].text
    assert "Yours faithfully" not in request.questions[-1].text


def test_unlabelled_paragraphs_numbered_in_order():
    request = parse_request(UNLABELLED)
    assert [q.text for q in request.questions] == ["How many laptops did the school buy in 2022?", "Which supplier provided them?"]
    assert request.ids == ["1", "2"]


@pytest.mark.parametrize("label", ["1.", "1)", "Q1", "Question 1:", "(1)"])
def test_number_label_styles(label):
    text = f"Dear X,\n{label} How many staff?\n{label.replace('1', '2')} Which system?\nThanks"
    assert parse_request(text).ids == ["1", "2"]


def test_bundled_example_request():
    from nlp_foi.config import EXAMPLE_DIR

    assert read_request(EXAMPLE_DIR / "request.txt").ids == [str(n) for n in range(1, 9)]


def test_json_and_yaml_requests(tmp_path):
    data = {"id": "dm", "title": "Digital monitoring", "questions": [{"id": "1", "text": "Which product?"}, {"id": "6", "text": "Whether?"}]}
    (tmp_path / "r.json").write_text(json.dumps(data))
    (tmp_path / "r.yaml").write_text("id: dm\nquestions:\n  - {id: '1', text: 'Which product?'}\n  - {id: '6', text: 'Whether?'}\n")
    assert read_request(tmp_path / "r.json").ids == ["1", "6"]
    assert read_request(tmp_path / "r.yaml").ids == ["1", "6"]


@pytest.mark.parametrize(
    "content,name,message",
    [
        ("{not json", "r.json", r"r\.json: not valid JSON"),
        ('{"questions": []}', "r.json", r"'questions' must be a non-empty list"),
        ('{"questions": [{"id": "1", "text": "a"}, {"id": "1", "text": "b"}]}', "r.json", r"question ids repeat"),
        ("Dear Sir, thank you.", "r.txt", r"r\.txt: no questions found; number them"),
    ],
)
def test_bad_request_files(tmp_path, content, name, message):
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(RequestError, match=message):
        read_request(path)


def test_missing_request_file(tmp_path):
    with pytest.raises(RequestError, match=r"no such request file"):
        read_request(tmp_path / "nope.txt")


def test_request_text_inside_a_row():
    request = request_from_dict({"id": "x", "request": "1. How many?\n2. Which?"})
    assert request.ids == ["1", "2"]


def test_question_context_puts_the_stem_before_a_sub_part():
    from nlp_foi.questions import question_context
    from nlp_foi.records import Question, Request

    req = Request("r", [
        Question("1", "How many pupils were excluded?"),
        Question("2a", "Please give the number of pupils who are:\na) on a reduced timetable"),
        Question("2b", "b) educated at home"),
        Question("3", "Which provider do you use?"),
        Question("3a", "If so, since when?"),
    ])
    assert question_context(req, "2b") == "Please give the number of pupils who are:\nb) educated at home"
    assert question_context(req, "2a") == req.questions[1].text  # the stem is already there
    assert question_context(req, "3a") == "Which provider do you use?\nIf so, since when?"
    assert question_context(req, "1") == "How many pupils were excluded?"
    assert question_context(req, "9") == ""


def test_a_question_about_those_years_reads_with_the_years_named_before():
    from nlp_foi.questions import question_context
    from nlp_foi.records import Question, Request
    from nlp_foi.values.periods import question_years

    request = Request("x", [Question("3", "How many concerns were logged in each of the academic years 2021/22, 2022/23 and 2023/24?"),
                            Question("5", "How many referrals were made to Prevent in each of those three academic years?")])
    assert question_years(question_context(request, "5")) == ["2021/22", "2022/23", "2023/24"]
    assert question_context(request, "3") == request.questions[0].text
