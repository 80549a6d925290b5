"""The whole job on small replies: every question gets a line, and the codebook's edge rules hold."""

from __future__ import annotations

import pytest

from nlp_foi.pipeline import code_replies, load_coder
from nlp_foi.records import Question, Reply, Request

REQUEST = Request(
    id="prevent",
    questions=[
        Question("1", "Do you use web monitoring software in the school?"),
        Question("2", "If yes, which company supplies it?"),
        Question("3", "How many referrals to the Prevent programme did the school make in each year since 2018/19?"),
        Question("4", "Please provide a copy of your safeguarding policy."),
    ],
)


@pytest.fixture(scope="module")
def coder():
    return load_coder()


def code(text: str, coder, request: Request = REQUEST) -> dict[str, dict]:
    lines = list(code_replies([Reply(id="r", text=text, source="test")], request, coder=coder))
    assert [line.question_id for line in lines] == request.ids  # every question, in order
    return {line.question_id: line.to_dict() for line in lines}


def test_edge_rule_1_see_above_takes_the_code_referred_to(coder):
    got = code("1. Yes\n2. Smoothwall\n3. This information is not held.\n4. See above.", coder)
    assert got["4"]["code"] == got["3"]["code"] == "not_held"


def test_edge_rule_2_value_beside_a_refusal_is_disclosed(coder):
    got = code("3. 2018/19: 2; 2019/20: 1. The names of the pupils are exempt under section 40(2).", coder)
    assert got["3"]["code"] == "disclosed"
    assert got["3"]["values"]["periods"] == {"2018/19": 2, "2019/20": 1}


@pytest.mark.parametrize(
    "answer,expected",
    [("3. We have not made any referrals to Prevent since 2018.", "disclosed"),
     ("3. We do not hold information on referrals to Prevent.", "not_held")],
)
def test_edge_rule_3_none_made_is_zero_not_held_is_not(coder, answer, expected):
    assert code(answer, coder)["3"]["code"] == expected


def test_edge_rule_4_courtesy_opener_is_not_a_disclosure(coder):
    got = code("3. We are pleased to respond in full to your request. However, we do not hold the information you asked for.", coder)
    assert got["3"]["code"] == "not_held"


def test_edge_rule_5_a_section_of_another_act_is_not_an_exemption(coder):
    got = code("3. The school meets its duty under section 26 of the Counter-Terrorism and Security Act 2015 and made "
               "one referral in 2019/20.", coder)
    assert got["3"]["code"] == "disclosed"
    assert 26 not in got["3"]["values"].get("sections", [])


@pytest.mark.parametrize(
    "answer,expected",
    [("3. The school does not record referrals by year.", "not_held"),
     ("3. To answer this we would have to manually review every safeguarding file, which would exceed the appropriate "
      "limit under section 12.", "cost_limit")],
)
def test_edge_rule_6_not_recorded_versus_disproportionate_search(coder, answer, expected):
    assert code(answer, coder)["3"]["code"] == expected


@pytest.mark.parametrize(
    "answer,expected",
    [("4. This is exempt under section 21 as it is available at https://school.example.org/policies", "attached"),
     ("4. This information is exempt under section 21 as it is reasonably accessible to you by other means.", "exempt")],
)
def test_edge_rule_7_section_21_with_and_without_a_pointer(coder, answer, expected):
    assert code(answer, coder)["4"]["code"] == expected


def test_edge_rule_8_one_answer_for_several_questions(coder):
    got = code("1 & 2. Not held.\n3. None.\n4. Attached.", coder)
    assert got["1"]["code"] == got["2"]["code"] == "not_held"
    assert got["1"]["answer"] == got["2"]["answer"] == "Not held."


def test_edge_rule_9_no_to_a_yes_no_question_is_disclosed(coder):
    got = code("1. No.\n2. N/A\n3. 0\n4. Attached", coder)
    assert got["1"]["code"] == "disclosed" and got["1"]["values"].get("yes_no") == "no"
    assert got["2"]["code"] == "not_applicable"


def test_edge_rule_10_follow_up_after_a_no_is_not_applicable_other_gaps_no_answer(coder):
    got = code("1. No, the school does not use any monitoring software.\n4. Our policy is attached.", coder)
    assert got["2"]["code"] == "not_applicable"  # passed over, premise ruled out
    assert got["3"]["code"] == "no_answer"  # passed over, nothing ruled it out
    assert got["3"]["answer"] == "" and got["3"]["start"] is None


@pytest.mark.parametrize("answer", ["3. Refused.", "3. The school is not a public authority under the Act."])
def test_edge_rule_11_refusal_naming_no_provision_is_exempt(coder, answer):
    assert code(answer, coder)["3"]["code"] == "exempt"


def test_unreadable_reply_still_yields_its_lines(coder):
    lines = list(code_replies([Reply(id="bad", text="", source="x.pdf", error="x.pdf is not a readable PDF: broken")],
                              REQUEST, coder=coder))
    assert [line.question_id for line in lines] == REQUEST.ids
    assert all(line.code == "no_answer" and line.error and line.review for line in lines)


def test_reply_without_a_request_is_an_error_line(coder):
    lines = list(code_replies([Reply(id="lonely", text="1. Yes", source="lonely.txt")], None, coder=coder))
    assert len(lines) == 1 and "pass the request with --request" in lines[0].error


def test_evidence_and_value_offsets_point_into_the_reply(coder):
    text = "1. Yes\n2. We use Smoothwall.\n3. 2018/19: 1; 2019/20: 0\n4. The policy is attached."
    lines = list(code_replies([Reply(id="r", text=text)], REQUEST, coder=coder))
    for line in lines:
        for s in line.evidence_spans:
            assert text[s.start:s.end] == s.text
        for v in line.value_spans:
            assert text[v.start:v.end] == v.text


def test_batches_equal_one_by_one(coder):
    texts = ["1. Yes\n2. Impero\n3. 4\n4. Attached", "Refused under section 14(1).", "1 & 2. No\n3. Nil\n4. N/A"]
    replies = [Reply(id=str(i), text=t) for i, t in enumerate(texts)]
    together = [line.to_dict() for line in code_replies(replies, REQUEST, coder=coder)]
    apart = [line.to_dict() for r in replies for line in code_replies([r], REQUEST, coder=coder)]
    assert together == apart


def test_answers_that_sit_in_an_attachment(coder, tmp_path, eml_bytes, docx_bytes):
    from nlp_foi.read import read_replies

    letter = docx_bytes(["Response to your request", [["No.", "Response"], ["1", "Yes"], ["2", "Impero"],
                                                      ["3", "2018/19: 1; 2019/20: 0"], ["4", "Policy attached"]]])
    (tmp_path / "reply.eml").write_bytes(eml_bytes("Dear Ms Smith,\n\nPlease find our response attached.\n\nFOI Team",
                                                   attachments=[("response.docx", letter)]))
    (reply,) = read_replies(tmp_path)
    got = {line.question_id: line for line in code_replies([reply], REQUEST, coder=coder)}
    assert got["2"].answer == "Impero" and got["2"].start > reply.text.index("Attachment: response.docx")
    assert got["3"].values["periods"] == {"2018/19": 1, "2019/20": 0}


def test_edge_rule_10_follow_up_sharing_the_passage_that_said_no(coder):
    got = code("We can confirm that the school does not use any web monitoring software.", coder,
               Request(id="r", questions=REQUEST.questions[:2]))
    assert got["1"]["code"] == "disclosed" and got["1"]["values"].get("yes_no") == "no"
    assert got["2"]["code"] == "not_applicable"


def test_edge_rule_10_an_if_not_follow_up_after_a_yes_is_not_applicable(coder):
    request = Request(id="bank", questions=[Question("1", "Does the trust operate an in-house staff bank? (Yes/No)"),
                                            Question("2", "If not, which organisation runs the trust's bank?"),
                                            Question("3", "Please provide a copy of the staffing policy.")])
    got = code("1. Yes.\n3. Please see the attached policy.", coder, request)
    assert got["2"]["code"] == "not_applicable"
    got = code("1. No.\n3. Please see the attached policy.", coder, request)
    assert got["2"]["code"] == "no_answer"


@pytest.mark.parametrize("answer", ["N/A", "n/a.", "Not applicable.", "Amherthnasol / Not applicable"])
def test_an_answer_that_is_only_not_applicable(coder, answer):
    """Even to a yes/no question, whose words pull the model towards "disclosed"."""
    request = Request("dpia", [Question("1", "Does the council use a risk-scoring tool? (Yes/No)"),
                               Question("2", "Has a data protection impact assessment been carried out for the tool? (Yes/No)")])
    got = code(f"1. No\n2. {answer}", coder, request)
    assert got["2"]["code"] == "not_applicable" and got["2"]["confidence"] >= 0.9
    assert code("1. No\n2. Na / No.", coder, request)["2"]["code"] == "disclosed"  # Welsh "na" is "no"
