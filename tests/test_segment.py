"""Every answer shape of the foundation issue, on small replies written by hand."""

from __future__ import annotations

import pytest

from nlp_foi.questions import parse_request
from nlp_foi.records import Question, Request
from nlp_foi.segment import cross_reference, segment

REQUEST = Request(
    id="monitoring",
    questions=[
        Question("1", "Which company and product do you use for web monitoring (for example Impero, Smoothwall)?"),
        Question("2", "How many alerts in total were generated annually by the monitoring system?"),
        Question("3", "For how many children in total were the alerts created?"),
        Question("4", "For how many children was a photograph taken by the device webcam?"),
        Question("5", "Please provide a current copy of the policy that explains the system to families."),
    ],
)


def answers(text: str, request: Request = REQUEST) -> dict[str, str]:
    found = segment(text, request)
    for a in found:
        if a.found:
            assert text[a.start:a.end] == a.text  # offsets always refer to the text as read
    return {a.question_id: a.text for a in found}


@pytest.mark.parametrize(
    "text,expected",
    [
        (  # the question repeated, then "Answer:"
            "1. Which company and product do you use for web monitoring (for example Impero, Smoothwall)?\n"
            "Answer: Securly\n\n"
            "2. How many alerts in total were generated annually by the monitoring system?\nAnswer: 412\n\n"
            "3. For how many children in total were the alerts created?\nAnswer: Not recorded\n\n"
            "4. For how many children was a photograph taken by the device webcam?\nAnswer: None\n\n"
            "5. Please provide a current copy of the policy that explains the system to families.\nAnswer: Attached.",
            {"1": "Securly", "2": "412", "3": "Not recorded", "4": "None", "5": "Attached."},
        ),
        (  # the question and the answer on one line
            "1. Which company and product do you use for web monitoring? Response: Smoothwall Monitor\n"
            "2. How many alerts in total were generated annually by the monitoring system? Response: 2019: 12; 2020: 30\n"
            "3. For how many children in total were the alerts created? Response: Unknown\n"
            "4. For how many children was a photograph taken by the device webcam? Response: N/A\n"
            "5. Please provide a current copy of the policy that explains the system to families. Response: see website",
            {"1": "Smoothwall Monitor", "2": "2019: 12; 2020: 30", "3": "Unknown", "4": "N/A", "5": "see website"},
        ),
        (  # a bare numbered list
            "Dear Ms Smith,\n\nPlease see our answers below.\n\n1. Impero\n2. 1,204\n3. 310\n4. None\n5. Policy attached\n\n"
            "Kind regards\nJo Bloggs\nBusiness Manager",
            {"1": "Impero", "2": "1,204", "3": "310", "4": "None", "5": "Policy attached"},
        ),
        (  # Q1 labels, "1)" labels and "Question 1 -"
            "Q1 Senso\nQ2) 88 alerts\nQuestion 3 - not held\nQ4: n/a\nQuestion 5 - attached",
            {"1": "Senso", "2": "88 alerts", "3": "not held", "4": "n/a", "5": "attached"},
        ),
        (  # A1: labels
            "A1: Lightspeed Systems\nA2: 56\nA3: 40\nA4: No photographs are taken.\nA5: Please see the enclosed policy.",
            {"1": "Lightspeed Systems", "2": "56", "3": "40", "4": "No photographs are taken.", "5": "Please see the enclosed policy."},
        ),
        (  # one answer for several questions
            "1. Smoothwall\n2 & 3. Not held - logs are kept for 30 days.\n4. N/A\n5. Attached",
            {"1": "Smoothwall", "2": "Not held - logs are kept for 30 days.", "3": "Not held - logs are kept for 30 days.", "4": "N/A", "5": "Attached"},
        ),
        (  # "1. & 2." and a range "3.-5."
            "1. & 2. We do not use any monitoring software.\n3.-5. Not applicable",
            {"1": "We do not use any monitoring software.", "2": "We do not use any monitoring software.",
             "3": "Not applicable", "4": "Not applicable", "5": "Not applicable"},
        ),
        (  # "Questions 2-4:"
            "Question 1: NetSupport DNA\nQuestions 2-4: This information is not held by the school.\nQuestion 5: attached",
            {"1": "NetSupport DNA", "2": "This information is not held by the school.", "3": "This information is not held by the school.",
             "4": "This information is not held by the school.", "5": "attached"},
        ),
        (  # a table flattened with pipes
            "No. | Question | Response\n"
            "1 | Which company and product do you use for web monitoring? | Fortinet FortiGate\n"
            "2 | How many alerts in total were generated annually? | 2020: 7\n"
            "3 | For how many children in total were the alerts created? | 5\n"
            "4 | For how many children was a photograph taken? | None\n"
            "5 | Please provide a current copy of the policy | See attached",
            {"1": "Fortinet FortiGate", "2": "2020: 7", "3": "5", "4": "None", "5": "See attached"},
        ),
        (  # a table with tabs
            "1\tWhich company and product do you use for web monitoring?\tCensornet\n"
            "2\tHow many alerts in total were generated annually?\tNot recorded\n"
            "3\tFor how many children in total were the alerts created?\tNot recorded\n"
            "4\tFor how many children was a photograph taken?\tn/a\n"
            "5\tPlease provide a current copy of the policy\tAttached",
            {"1": "Censornet", "2": "Not recorded", "3": "Not recorded", "4": "n/a", "5": "Attached"},
        ),
        (  # email style: questions quoted, answers below
            "> 1. Which company and product do you use for web monitoring (for example Impero, Smoothwall)?\nWe use Impero.\n"
            "> 2. How many alerts in total were generated annually by the monitoring system?\nAbout 300 a year.\n"
            "> 3. For how many children in total were the alerts created?\nWe do not record this.\n"
            "> 4. For how many children was a photograph taken by the device webcam?\nNone.\n"
            "> 5. Please provide a current copy of the policy that explains the system to families.\nIt is on our website.",
            {"1": "We use Impero.", "2": "About 300 a year.", "3": "We do not record this.", "4": "None.", "5": "It is on our website."},
        ),
        (  # unlabelled questions restated, the answer on the next lines
            "Which company and product do you use for web monitoring?\nWe use Smoothwall.\n\n"
            "How many alerts in total were generated annually by the monitoring system?\nWe do not keep annual totals.\n\n"
            "For how many children in total were the alerts created?\nAs above.\n\n"
            "For how many children was a photograph taken by the device webcam?\nThe system has no camera function.\n\n"
            "Please provide a current copy of the policy that explains the system to families.\nPlease find it attached.",
            {"1": "We use Smoothwall.", "2": "We do not keep annual totals.", "3": "As above.",
             "4": "The system has no camera function.", "5": "Please find it attached."},
        ),
    ],
    ids=["repeated-answer", "inline-response", "bare-numbers", "q-labels", "a-labels", "shared-amp", "shared-range",
         "questions-range", "table-pipe", "table-tab", "quoted-email", "unlabelled-restated"],
)
def test_shapes(text, expected):
    assert answers(text) == expected


def test_prose_letter():
    text = (
        "Dear Mr Khan,\n\n"
        "In response to your first question, the academy uses Smoothwall Monitor.\n\n"
        "With regard to question two, 1,120 alerts were raised in 2020/21.\n\n"
        "Regarding your third question, we do not record how many pupils the alerts concerned.\n\n"
        "Our system has no webcam capture (question four), so no photographs are taken.\n\n"
        "Finally, with regard to question five, the policy is attached.\n\nYours sincerely\nA Head"
    )
    got = answers(text)
    assert "Smoothwall Monitor" in got["1"] and "1,120" in got["2"] and "do not record" in got["3"]
    assert "no photographs" in got["4"] and "attached" in got["5"]
    assert "Yours sincerely" not in got["5"]


@pytest.mark.parametrize(
    "text,expected_passage",
    [
        ("Dear Sir,\n\nThank you for your request.\n\nWe estimate that complying with your request would exceed the "
         "appropriate limit of £450 under section 12 of the Freedom of Information Act.\n\nIf you are dissatisfied "
         "with this response you may ask for an internal review.\n\nYours faithfully",
         "We estimate that complying with your request would exceed the appropriate limit of £450 under section 12 of the Freedom of Information Act."),
        ("Hello,\n\nPlease see the attached document which answers your questions.\n\nRegards\nOffice",
         "Please see the attached document which answers your questions."),
    ],
    ids=["s12-refusal", "attached-only"],
)
def test_whole_reply_answer_serves_every_question(text, expected_passage):
    got = answers(text)
    assert set(got.values()) == {expected_passage}


def test_request_restated_then_one_answer():
    text = (
        "You asked:\n1. Which company and product do you use for web monitoring (for example Impero, Smoothwall)?\n"
        "2. How many alerts in total were generated annually by the monitoring system?\n"
        "3. For how many children in total were the alerts created?\n"
        "4. For how many children was a photograph taken by the device webcam?\n"
        "5. Please provide a current copy of the policy that explains the system to families.\n\n"
        "Our response\n\nThe information you request is exempt under section 31(1)(a) of the Act, because its release "
        "would prejudice the prevention of crime.\n"
    )
    got = answers(text)
    assert all(v.startswith("The information you request is exempt") for v in got.values())


def test_numbered_list_inside_an_answer_is_not_taken_for_labels():
    text = (
        "1. We use the following products:\n1. Smoothwall Filter\n2. Smoothwall Monitor\n\n"
        "2. How many alerts in total were generated annually by the monitoring system?\n14\n"
        "3. For how many children in total were the alerts created? 9\n"
        "4. For how many children was a photograph taken by the device webcam? None\n"
        "5. Please provide a current copy of the policy that explains the system to families. Attached"
    )
    got = answers(text)
    assert "Smoothwall Monitor" in got["1"]
    assert got["2"] == "14" and got["3"] == "9" and got["4"] == "None" and got["5"] == "Attached"


def test_quoted_thread_below_is_not_an_answer():
    text = (
        "1. Smoothwall\n2. 30\n3. 12\n4. None\n5. Attached\n\nThanks\nSue\n\n"
        "On 3 May 2021, at 10:14, A Researcher wrote:\n\n"
        "> 1. Which company and product do you use for web monitoring (for example Impero, Smoothwall)?\n"
        "> 2. How many alerts in total were generated annually by the monitoring system?\n"
    )
    assert answers(text) == {"1": "Smoothwall", "2": "30", "3": "12", "4": "None", "5": "Attached"}


def test_lettered_sub_questions_under_a_number():
    request = Request(id="r", questions=[
        Question("1", "How many cameras do you operate?"),
        Question("2a", "What was the annual spend on maintenance?"),
        Question("2b", "When does the maintenance contract expire?"),
    ])
    text = "1. 140 cameras\n2. For each contract:\na) £12,400\nb) March 2026"
    assert answers(text, request) == {"1": "140 cameras", "2a": "£12,400", "2b": "March 2026"}


def test_roman_numeral_labels():
    request = Request(id="r", questions=[Question("i", "How many pupils?"), Question("ii", "How many staff?")])
    assert answers("i. 293\nii. 41", request) == {"i": "293", "ii": "41"}


def test_unlabelled_prose_answers_in_order():
    text = (
        "Good morning,\n\nWe use Impero for web monitoring on all school laptops. Alerts are not totalled annually "
        "and we could not give a figure without reviewing every log. No photographs are ever taken, as the webcam "
        "function is switched off. The policy for families is attached.\n\nRegards"
    )
    got = answers(text)
    assert "Impero" in got["1"]
    assert "photographs" in got["4"]
    assert "policy" in got["5"].lower()


@pytest.mark.parametrize(
    "answer,qid,expected",
    [("See above", "3", "2"), ("As above.", "2", "1"), ("See our response to Q1", "4", "1"),
     ("As question 2", "5", "2"), ("Smoothwall", "2", None), ("We use the system described above.", "3", None),
     ("Same as 3.", "4", "3"), ("See 2", "3", "2"), ("See 3 officers below.", "4", None),
     # the answer decides, the pointer gives the reason: not a cross reference to take the code from
     ("Not applicable – see question 1.", "3", None), ("N/A - please refer to the answer to question 1.", "4", None),
     ("Not held, see above.", "2", None), ("Please see the answer to question 1.", "3", "1")],
)
def test_cross_reference(answer, qid, expected):
    assert cross_reference(answer, REQUEST.ids, qid) == expected


def test_empty_request_gives_nothing():
    assert segment("1. Yes", Request(id="r", questions=[])) == []


def test_seed_reply_when_shared_is_present(seed_reply):
    request_text, reply_text = seed_reply
    request = parse_request(request_text)
    got = answers(reply_text, request)
    assert got["1"] == "Smoothwall"
    assert got["4"] == "The system does not take photographs."
    assert got["5"].startswith("15/16- 1")
    assert got["7"] == "Policy attached."
    assert got["8"].startswith("2 DSL")


def test_number_and_letter_labels():
    request = Request(id="r", questions=[Question("1a", "How many staff?"), Question("1b", "Which team?"), Question("2", "Policy?")])
    assert answers("1.a) Four\n1.b) The EHE team\n2. Attached", request) == {"1a": "Four", "1b": "The EHE team", "2": "Attached"}


from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

_PIECES = st.sampled_from([
    "1.", "2)", "Q3", "Question 4 -", "1 & 2.", "3.-5.", "a)", "(b)", "> ", "\n", "\n\n", " ", "Answer:", "N/A",
    "Not held.", "See above.", "section 12", "Which company", "How many alerts", "photograph", "policy", "|", "\t",
    "2019/20: 4", "£1,200", "Yours sincerely", "On 3 May 2021, A wrote:", "-----Original Message-----", "Dear Sir,",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40))
def test_segmenter_never_fails_and_keeps_offsets(pieces):
    text = "".join(pieces)
    found = segment(text, REQUEST)
    assert [a.question_id for a in found] == REQUEST.ids
    for a in found:
        if a.found:
            assert 0 <= a.start <= a.end <= len(text) and text[a.start:a.end] == a.text


def test_a_bare_label_at_the_end_belongs_to_the_next_question_but_a_count_stays():
    request = Request(id="r", questions=[Question("1", "Do you use CCTV?"), Question("2", "How many cameras?")])
    assert answers("1. N/A\n\n2)\n14", request) == {"1": "N/A", "2": "14"}
    assert answers("1. Yes\n2. Cameras in use:\n14", request)["2"] == "Cameras in use:\n14"


EHE = Request(
    id="ehe",
    questions=[
        Question("1", "How many children were electively home educated on your census date in each year?"),
        Question("2", "Of those children, how many had an Education, Health and Care Plan?"),
        Question("3", "How many School Attendance Orders did the authority issue in each year?"),
        Question("4", "Please provide a copy of your policy on home education."),
    ],
)


def test_prose_answers_use_the_questions_initials():
    # replies write "EHE", "EHCP", "SAOs" for what the questions spell out; no sentence here shares
    # enough words with questions 2 and 3 without them
    text = (
        "Dear Ms Rowe,\n\nThe EHE register held 412 children in January 2023. Of these, 37 had an EHCP. "
        "We issued 4 SAOs in 2023. Our policy is published on the council website.\n\nKind regards"
    )
    got = answers(text, EHE)
    assert got["1"].startswith("The EHE register")
    assert got["2"] == "Of these, 37 had an EHCP."
    assert got["3"] == "We issued 4 SAOs in 2023."
    assert "policy" in got["4"]


def test_an_answer_in_the_questions_words_under_its_label():
    text = (
        "Question 1\nSmoothwall Monitor.\n\n"
        "Question 2\nThe monitoring system generated 214 alerts annually in total.\n\n"
        "Question 3\nNot recorded."
    )
    got = answers(text)
    assert got["2"] == "The monitoring system generated 214 alerts annually in total."
    assert got["3"] == "Not recorded."


PARTS = Request(
    id="parts",
    questions=[
        Question("1", "How many ransomware attacks did the council suffer?"),
        Question("2a", "Did the council pay a ransom?"),
        Question("2b", "If so, how much was paid?"),
        Question("3", "Which antivirus product do you use?"),
    ],
)


@pytest.mark.parametrize(
    "text",
    [
        "A1. None.\nA2(a). No.\nA2(b). Not applicable.\nA3. Sophos Intercept X.",
        "Question 1\nNone.\n\nQuestion 2\n(a) No. (b) Not applicable.\n\nQuestion 3\nSophos Intercept X.",
    ],
)
def test_sub_parts_labelled_as_answers_or_inline(text):
    got = answers(text, PARTS)
    assert got == {"1": "None.", "2a": "No.", "2b": "Not applicable.", "3": "Sophos Intercept X."}


def test_one_question_refused_in_prose_the_others_answered_by_the_general_passage():
    request = Request("drones", [Question("1", "How many drones does the force own?"),
                                 Question("2", "Which models are they?"),
                                 Question("3", "How many covert drone flights were made?")])
    text = ("Please see our response attached.\n\n"
            "This letter is a refusal notice for question 3. We neither confirm nor deny that information about "
            "covert flights is held, by virtue of section 23(5) and section 24(2).\n\nYours sincerely")
    got = answers(text, request)
    assert got["1"] == got["2"] == "Please see our response attached."
    assert got["3"].startswith("This letter is a refusal notice for question 3.")


def test_questions_named_in_prose_include_their_sub_parts():
    text = ("Dear Sir,\n\nWe do not hold any information falling within questions 1 to 2 of your request, and this "
            "letter is a notice under section 17 that it is not held.\n\nIn response to question 3, all council "
            "laptops run Sophos Intercept X.\n\nRegards")
    got = answers(text, PARTS)
    assert got["2a"] == got["2b"] == got["1"]
    assert got["1"].startswith("We do not hold any information")
    assert "Sophos" in got["3"] and "section 17" not in got["3"]


def test_a_bare_decision_is_read_with_its_reasons():
    text = ("Information withheld.\n\n"
            "The information you asked for is exempt under section 31(1)(a), as its release would be likely to "
            "prejudice the prevention of crime.\n\nYours sincerely")
    got = answers(text)
    assert got["1"].startswith("Information withheld.") and got["1"].endswith("prevention of crime.")


def test_a_letter_answering_by_topic_out_of_the_requests_order():
    request = Request("drones", [
        Question("1", "What are the makes and models of your drones?"),
        Question("2", "How many staff hold a Civil Aviation Authority remote pilot qualification?"),
        Question("3", "For what purposes have the drones been used?"),
        Question("4", "Please provide a copy of your drone operations policy."),
    ])
    text = (
        "Dear Mr Lee,\n\nWe have grouped our answers by topic. Parts of the information are withheld under "
        "section 31(1)(a), as explained below.\n\n"
        "Our drone operations policy is withheld under section 31(1)(a), as it sets out tactics.\n\n"
        "Eleven officers are qualified remote pilots (GVC).\n\n"
        "The purposes the drones are used for are missing person searches, public order and crime scene imaging.\n\n"
        "The makes and models in the fleet are DJI Matrice 30T and DJI Mavic 3 Enterprise.\n\nYours sincerely"
    )
    got = answers(text, request)
    assert got["1"].startswith("The makes and models in the fleet")
    assert got["2"].startswith("Eleven officers")
    assert got["3"].startswith("The purposes the drones are used for")
    assert got["4"].startswith("Our drone operations policy")


def test_the_ico_address_is_boilerplate_but_a_house_of_that_name_is_not():
    from nlp_foi.clean import fold

    letter = ("Wycliffe House is an independent school; it is not a public authority under the Act.\n\n"
              "Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow SK9 5AF")
    labels = [(s.label, letter[s.start:s.start + 20]) for s in fold(letter)]
    assert labels == [("boilerplate", "Information Commissi")]


def test_a_paragraph_that_explains_the_law_and_decides_is_the_answer():
    text = ("Dear Sir,\n\nSection 31(1)(a) of the Act provides that information is exempt if its disclosure would "
            "prejudice the prevention of crime. Having considered your request, the Council has decided to withhold "
            "all of the information you asked for under section 31(1)(a).\n\n"
            "This letter acts as a refusal notice under section 17 of the Act.\n\nYours faithfully")
    got = answers(text)
    assert got["1"].startswith("Section 31(1)(a) of the Act provides")


def test_prose_naming_a_list_of_ranges():
    request = Request("r", [Question(str(i), f"Question number {i} about topic {i}?") for i in range(1, 7)])
    text = ("In answer to Q1, we use Smoothwall.\n"
            "For Q2-Q3, Q4 the answer is not applicable.\n"
            "As regards Q5-Q6, no referrals were made.")
    got = answers(text, request)
    assert got["1"] == "In answer to Q1, we use Smoothwall."
    assert got["2"] == got["3"] == got["4"] == "For Q2-Q3, Q4 the answer is not applicable."
    assert got["5"] == got["6"] == "As regards Q5-Q6, no referrals were made."


def test_a_long_question_restated_as_a_noun_phrase_after_its_label():
    request = Request("cctv", [
        Question("1", "Information on the number of CCTV cameras operated by the council in public spaces."),
        Question("2", "Information on the number of cameras that are faulty or non-operational across your area, "
                      "broken down by year for 2024 and 2025."),
    ])
    text = ("1. Information on the number of CCTV cameras operated by the council in public spaces.\n"
            "We operate 41 cameras.\n"
            "2. Information on the number of cameras that are faulty or non-operational across your area, broken "
            "down by year for 2024 and 2025.\n  • 2024 - 7\n  • 2025 - 3")
    got = answers(text, request)
    assert got["1"] == "We operate 41 cameras."
    assert got["2"] == "• 2024 - 7\n  • 2025 - 3"


def test_a_sub_part_restated_with_its_answer_after_a_colon():
    request = Request("ehe", [Question("1a", "a) on roll at a school:"), Question("1b", "b) electively home educated:")])
    got = answers("a) on roll at a school: 4\nb) electively home educated: 1", request)
    assert got == {"1a": "4", "1b": "1"}


def test_a_question_restated_word_for_word_even_when_it_reads_as_a_statement():
    request = Request("r", [Question("1", "All documents giving guidance to school crossing patrol officers since 2020."),
                            Question("2", "The number of school crossing patrol officers currently employed.")])
    text = ("All documents giving guidance to school crossing patrol officers since 2020.\n\n"
            "Please find the handbook attached.\n\n"
            "The number of school crossing patrol officers currently employed.\n\n"
            "We employ 48 patrol officers.")
    got = answers(text, request)
    assert got["1"] == "Please find the handbook attached."
    assert got["2"] == "We employ 48 patrol officers."


def test_paragraphs_after_a_prose_refusal_answer_the_questions_left():
    request = Request("fly", [
        Question("1", "How many fly-tipping incidents did the council record in each year?"),
        Question("2", "How many fixed penalty notices for fly-tipping did the council issue?"),
        Question("3", "How much did the council spend on clearing fly-tipped waste?"),
        Question("4", "Please provide a copy of the council's enforcement policy."),
    ])
    text = ("Dear Sir,\n\nWe are unable to answer question 2 within the appropriate limit under section 12, as "
            "penalty notices are not recorded by offence.\n\n"
            "Recorded fly-tipping incidents were 7,318 in 2022/23 and 7,942 in 2023/24.\n\n"
            "Clearing fly-tipped waste cost the council £590k and £640k in those years.\n\n"
            "Our enforcement policy is on our website.\n\nYours sincerely")
    got = answers(text, request)
    assert got["2"].startswith("We are unable to answer question 2") and got["2"].endswith("recorded by offence.")
    assert got["1"].startswith("Recorded fly-tipping incidents")
    assert got["3"].startswith("Clearing fly-tipped waste")
    assert got["4"] == "Our enforcement policy is on our website."


def test_a_shared_answer_naming_questions_out_of_a_run():
    request = Request("r", [Question(str(i), f"Question number {i} about topic {i}?") for i in range(1, 6)])
    text = ("Questions 1, 2 and 4:\nYear | Incidents | Notices | Prosecutions\n2023/24 | 1,204 | 98 | 3\n\n"
            "Question 3: Not held.\nQuestion 5: Please see our website.")
    got = answers(text, request)
    assert got["1"] == got["2"] == got["4"] and got["1"].startswith("Year | Incidents")
    assert got["3"] == "Not held." and got["5"] == "Please see our website."


def test_headings_out_of_the_requests_order_and_table_columns():
    request = Request("ta", [
        Question("1", "How many households were in temporary accommodation on 31 March each year?"),
        Question("2", "Of those households, how many included children?"),
        Question("3", "What was the council's gross expenditure on temporary accommodation?"),
    ])
    text = ("Dear Sir,\n\nOur response is set out under headings.\n\n"
            "Gross expenditure on temporary accommodation\n2022/23 - £47.6m\n2023/24 - £56.0m\n\n"
            "Households in temporary accommodation\n"
            "31 March | All households | With children\n2023 | 3,518 | 1,046\n2024 | 3,642 | 1,101\n\n"
            "Yours faithfully")
    got = answers(text, request)
    assert got["3"] == "2022/23 - £47.6m\n2023/24 - £56.0m"
    assert got["1"].startswith("31 March | All households")
    assert got["2"] == got["1"]


def test_the_requesters_own_words_quoted_back_are_not_the_answer():
    request = Request("r", [Question("1", "How many pupils were excluded from primary schools in 2023?"),
                            Question("2", "How many pupils were excluded from secondary schools in 2023?")])
    text = ("- How many pupils were excluded from primary schools in 2023?\n\n"
            "- How many pupils were excluded from secondary schools in 2023?\n\n"
            "If this goes over the cost limit, could you please answer the first question only.\n\n"
            "Exclusions are decided by head teachers; the local authority does not keep these figures.")
    got = answers(text, request)
    assert got["1"] == got["2"] == "Exclusions are decided by head teachers; the local authority does not keep these figures."


def test_labels_a_pdf_ran_into_the_line_before():
    request = Request("r", [
        Question("1a", "Which team deals with elective home education?"),
        Question("1b", "What is the name of the team's manager post?"),
        Question("2", "How many children were known to be home educated in each year?"),
        Question("3", "How many of them had an education, health and care plan?"),
        Question("4", "How many school attendance orders were issued?"),
    ])
    text = ("1.a) The Inclusion Service deals with it.b) Inclusion Manager\n"
            "2. 2022-23: 640\n2023-24: 7153.\n"
            "Year Total\n2022-23 38\n2023-24 41\n"
            "4. None were issued in either year.")
    got = answers(text, request)
    assert got["1a"] == "The Inclusion Service deals with it."
    assert got["1b"] == "Inclusion Manager"
    assert got["2"] == "2022-23: 640\n2023-24: 715"
    assert got["3"] == "Year Total\n2022-23 38\n2023-24 41"


def test_a_number_at_a_line_end_is_a_label_only_where_one_is_missing():
    request = Request("r", [Question(str(i), f"Question number {i} about topic {i}?") for i in range(1, 4)])
    text = "1. We hold 13.\nThat is all.\n2. Twelve.\n3. None."
    assert answers(text, request) == {"1": "We hold 13.\nThat is all.", "2": "Twelve.", "3": "None."}


@pytest.mark.parametrize(
    "text,first,rest",
    [
        ("Dear Sir,\n\nYour first question: we do not operate drones, and so the remaining questions do not apply.\n\n"
         "Yours faithfully", "Your first question: we do not operate drones", "the remaining questions do not apply."),
        ("Question 1 - No.\n\nAll other parts of your request are not applicable.", "No.",
         "All other parts of your request are not applicable."),
        ("With regard to question one, the service has no drones. Questions 2 onwards therefore do not apply.",
         "With regard to question one, the service has no drones.", "Questions 2 onwards therefore do not apply."),
    ],
)
def test_the_remaining_questions_named_by_what_they_are_not(text, first, rest):
    request = Request("r", [Question("1", "Does the fire service operate drones?")] + [
        Question(str(i), f"Question number {i} about drone topic {i}?") for i in range(2, 6)])
    got = answers(text, request)
    assert got["1"] == first
    assert got["2"] == got["3"] == got["4"] == got["5"] == rest


def test_a_promise_to_answer_the_remaining_questions_later_answers_none():
    request = Request("r", [Question(str(i), f"Question number {i} about topic {i}?") for i in range(1, 5)])
    text = ("1. Not held.\n2. 14\n\nWe are still gathering the information for the remaining questions and will "
            "write to you again.\n\nKind regards")
    got = answers(text, request)
    assert got["3"] == got["4"] == ""


def test_a_refusal_about_one_subject_does_not_make_a_prose_reply_one_answer():
    request = Request("cyber", [
        Question("1", "How many ransomware attacks did the council suffer in each year from 2019 to 2023?"),
        Question("2", "Which endpoint protection product does the council use?"),
        Question("3", "Which company supplies the council's firewalls?"),
        Question("4", "How many staff work in the council's cyber security team?"),
        Question("5", "When does the council's main cyber security contract expire?"),
    ])
    text = ("Dear Ms Lowe,\n\nWe keep security logs for 90 days only, so we do not hold ransomware attack figures "
            "for 2019 to 2023.\n\nOur endpoint protection product is Sophos Intercept X.\n\n"
            "The firewalls are supplied by Palo Alto Networks.\n\n"
            "Four staff work in the cyber security team.\n\nYours sincerely")
    got = answers(text, request)
    assert got["1"].endswith("ransomware attack figures for 2019 to 2023.")
    assert got["2"] == "Our endpoint protection product is Sophos Intercept X."
    assert got["4"] == "Four staff work in the cyber security team."


def test_an_answer_label_under_a_label_and_a_heading_opens_the_answer():
    request = Request("foi", [
        Question("1", "How many FOI requests did you receive in each of the last four years?"),
        Question("2", "Do you use the same software for subject access requests?"),
    ])
    text = ("1. Requests received.\nOur response: 2022/23: 741; 2023/24: 810.\n\n"
            "2. SARs\nYmateb / Response: Yes.")
    assert answers(text, request) == {"1": "2022/23: 741; 2023/24: 810.", "2": "Yes."}


def test_an_answer_label_first_under_a_restated_question_keeps_its_answer():
    request = Request("d", [
        Question("1", "How many drones does your organisation currently own or lease?"),
        Question("2", "What are the makes and models of these drones (for example DJI Mavic 3, DJI Matrice 300)?"),
    ])
    text = ("Your request: How many drones does your organisation currently own or lease?\n"
            "Response: The Council owns two drones.\n\n"
            "Your request: What are the makes and models?\nResponse: DJI Mavic 3 and DJI Matrice 300.")
    got = answers(text, request)
    assert got["1"] == "The Council owns two drones."


def test_a_restated_question_in_a_table_row_ends_at_its_first_cell():
    request = Request("sar", [
        Question("1", "The number of subject access requests received annually."),
        Question("1a", "How many were complied with within the 21 day guideline"),
        Question("1b", "How many were complied with within the 40 day statutory timescale"),
    ])
    text = ("2022 / 2023\n1) The number of subject access requests received annually. / 1168 / 1103\n"
            "a. How many were complied with within the 21 day guideline / 585 / 581\n"
            "b. How many were complied with within the 40 day statutory timescale / 1105 / 989")
    assert answers(text, request) == {"1": "1168 / 1103", "1a": "585 / 581", "1b": "1105 / 989"}


def test_a_number_alone_above_unlabelled_answers_to_its_sub_parts():
    request = Request("staff", [
        Question("1", "Which e-rostering system does the trust use?"),
        Question("2a", "How many agency shifts were filled in 2023/24 for nursing and midwifery staff?"),
        Question("2b", "How many agency shifts were filled in 2023/24 for medical and dental staff?"),
        Question("3a", "Does the trust run an in-house staff bank?"),
        Question("3b", "If not, which organisation runs it?"),
    ])
    text = ("Question 1\nHealthRoster.\n\nQuestion 2\nNursing and midwifery agency shifts 2023/24: 9,120\n"
            "Medical and dental agency shifts 2023/24: 1,406\n\nQuestion 3\nYes. The bank is run by the trust.")
    got = answers(text, request)
    assert got["2a"].startswith("Nursing and midwifery agency shifts 2023/24: 9,120")
    assert got["2b"].endswith("1,406")
    assert got["3a"].startswith("Yes.")


def test_table_header_cells_one_per_line_do_not_restate_a_question():
    request = Request("spend", [
        Question("1", "What was the total spend on agency staff in each financial year?"),
        Question("2", "How many shifts were filled off-framework in each financial year?"),
    ])
    text = ("Questions 1 and 2\nFinancial Year\nAgency spend (£)\nOff-framework shifts\n"
            "2022/23\n4,118,200\n312\n2023/24\n3,902,650\n287")
    got = answers(text, request)
    assert got["1"] == got["2"] and got["2"].startswith("Financial Year\nAgency spend")


def test_a_numbered_list_that_lost_its_stops():
    text = "Please see below.\n\n1 Securly\n2 2023 - 412\n3 Not recorded\n4 None\n5 Attached\n\nRegards"
    assert answers(text) == {"1": "Securly", "2": "2023 - 412", "3": "Not recorded", "4": "None", "5": "Attached"}


def test_a_line_opening_with_a_count_is_not_a_label():
    request = Request("r", [Question("1", "How many officers are trained?"), Question("2", "Which product do you use?")])
    text = "We have trained:\n2 sergeants\n1 inspector\n\nThe product is Cellebrite UFED."
    got = answers(text, request)
    assert "2 sergeants\n1 inspector" in got["1"]


@pytest.mark.parametrize("intro,answer_label", [
    ("Thank you for your request. The answers are shown after each question in your email below.", ""),
    ("Thank you for your request.", "ANSWER: "),
])
def test_answers_typed_into_the_request_quoted_below(intro, answer_label):
    text = (f"Dear Ms Shaw\n\n{intro}\n\nKind regards\nInformation Governance\n\n"
            "-----Original Message-----\nFrom: J Shaw\nSent: 08 April 2024 09:14\nTo: FOI\nSubject: Monitoring\n\n"
            "1. Which company and product do you use for web monitoring (for example Impero, Smoothwall)?\n"
            f"{answer_label}Securus\n\n"
            "2. How many alerts in total were generated annually by the monitoring system?\n"
            f"{answer_label}About 300\n\n"
            "3. For how many children in total were the alerts created?\n"
            f"{answer_label}Not recorded\n\nYours faithfully,\nJ Shaw")
    got = answers(text)
    assert got["1"] == "Securus" and got["2"] == "About 300" and got["3"] == "Not recorded"


def test_a_request_quoted_below_without_answers_stays_folded():
    text = ("Dear Ms Shaw\n\nWe do not hold any of the information you asked for.\n\nKind regards\n\n"
            "-----Original Message-----\nFrom: J Shaw\nSent: 08 April 2024 09:14\nTo: FOI\nSubject: Monitoring\n\n"
            "1. Which company and product do you use for web monitoring (for example Impero, Smoothwall)?\n"
            "2. How many alerts in total were generated annually by the monitoring system?\n")
    got = answers(text)
    assert got["1"] == got["2"] == "We do not hold any of the information you asked for."


def test_sub_questions_restated_inline_then_answered_in_turn():
    request = Request("staff", [
        Question("1", "Which e-rostering system does the trust use?"),
        Question("2a", "How many agency shifts were filled for nursing and midwifery?"),
        Question("2b", "How many agency shifts were filled for medical and dental staff?"),
    ])
    text = ("Question 1 – Which e-rostering system does the trust use?\nResponse: HealthRoster.\n\n"
            "Question 2 – How many agency shifts were filled for (a) nursing and midwifery (b) medical and dental staff?\n"
            "Response: (a) 20,516; (b) 3,877")
    got = answers(text, request)
    assert got["1"] == "HealthRoster."
    assert got["2a"].startswith("20,516") and got["2b"] == "3,877"


def test_a_list_inside_an_answer_restarts_its_own_numbering():
    request = Request("enf", [
        Question("1", "How many planning enforcement complaints were received in each year?"),
        Question("2", "How many enforcement notices were issued in each year?"),
        Question("3", "How many building control notices were served in each year?"),
        Question("4", "Which software system is used to manage enforcement cases?"),
    ])
    text = ("The team received 642 complaints in 2021 and 598 in 2022.\n\n"
            "In relation to your second question, 10 enforcement notices were issued in 2021 and 8 in 2022. "
            "The totals by type are as follows:\n1. Enforcement notices – 18\n2. Stop notices – 2\n3. Breach of "
            "condition notices – 9\n\nWith regard to your third question, no notices were served.\n\n"
            "Enforcement cases are managed in Idox Uniform.")
    got = answers(text, request)
    assert got["2"].startswith("In relation to your second question") and "Breach of condition notices – 9" in got["2"]
    assert got["3"] == "With regard to your third question, no notices were served."


def test_a_list_introduced_as_the_answers_to_some_questions_is_their_numbering():
    text = ("I can provide answers to questions 1 and 2 now:\n\n1. Impero.\n2. 412 alerts.\n\n"
            "We will write to you again about the remaining questions.")
    got = answers(text)
    assert got["1"] == "Impero." and got["2"] == "412 alerts."


def test_a_list_of_things_in_a_prose_reply_is_not_the_requests_numbering():
    request = Request("ext", [
        Question("1", "Does the force use mobile phone extraction tools?"),
        Question("2", "Which products or suppliers does the force use?"),
        Question("3", "How many devices were examined in each year?"),
        Question("4", "How much was spent on licences in each year?"),
        Question("5", "How many staff are trained to use these tools?"),
    ])
    text = ("We do use extraction tools at our custody suites. The products currently in use are:\n"
            "1. Cellebrite UFED\n2. MSAB XRY\n3. Magnet AXIOM\n\n"
            "The unit examined 1,902 devices in 2022 and 2,115 in 2023.\n\n"
            "We have 12 forensic examiners and 150 kiosk-trained officers.")
    got = answers(text, request)
    assert "1. Cellebrite UFED\n2. MSAB XRY\n3. Magnet AXIOM" in got["2"]
    assert got["3"] == "The unit examined 1,902 devices in 2022 and 2,115 in 2023."


def test_a_refusal_that_names_the_questions_it_covers_in_prose():
    request = Request("ext", [Question(str(i), f"Question number {i} about extraction topic {i}?") for i in range(1, 6)])
    text = ("The force does use mobile phone extraction.\n\n"
            "The information you ask for in questions 2 to 4 is held by Hertfordshire Constabulary, not by us.\n\n"
            "As regards question 5, we received no complaints in 2023.")
    got = answers(text, request)
    assert got["2"] == got["3"] == got["4"] and got["2"].startswith("The information you ask for in questions 2 to 4")
    assert got["5"] == "As regards question 5, we received no complaints in 2023."


def test_a_request_for_clarification_answers_no_question():
    request = Request("r", [Question(str(i), f"Question number {i} about topic {i}?") for i in range(1, 4)])
    text = ("Before we can process your request we need clarification. In question 2 you ask how many offences "
            "involved each platform. Please could you confirm what you mean by platform?\n\n"
            "Under section 1(3) we are not obliged to comply with the request until we hear from you.")
    got = answers(text, request)
    assert got["2"] == ""


def test_a_prose_reply_whose_preamble_names_the_subject():
    request = Request("agency", [
        Question("1", "What was the total spend on agency staff in each financial year?"),
        Question("2", "How many agency shifts were filled for nursing and midwifery staff?"),
        Question("3", "Does the trust operate an in-house staff bank?"),
    ])
    text = ("I refer to your email of 8 May in which you asked about agency and bank staff.\n\n"
            "Expenditure on agency nursing and medical staff was £18.6m in 2022/23 and £24.3m in 2023/24.\n\n"
            "Agency nurses and midwives filled 38,604 shifts.\n\n"
            "The Board operates its own in-house staff bank.")
    got = answers(text, request)
    assert got["1"].startswith("Expenditure on agency nursing")
    assert got["2"] == "Agency nurses and midwives filled 38,604 shifts."


def test_a_refusal_of_the_request_as_a_whole_is_not_split_by_its_reasons():
    request = Request("enf", [
        Question("1", "How many planning enforcement complaints were received in each year?"),
        Question("2", "How many enforcement notices were issued in each year?"),
        Question("3", "How much was spent on legal costs for enforcement appeals?"),
    ])
    text = ("I regret that the Council is unable to provide the information you have requested under section 12. "
            "Your request has been considered as a whole.\n\n"
            "Planning enforcement complaints are held with other enquiries and each would have to be read.\n\n"
            "Legal costs for enforcement appeals are not coded separately in the ledger.")
    got = answers(text, request)
    assert got["1"] == got["2"] == got["3"] and got["1"].startswith("I regret that the Council is unable")


def test_numbering_repeated_per_site_takes_the_total_block():
    request = Request("agency", [
        Question("1", "What was the total spend on agency staff in each financial year?"),
        Question("2", "How many agency shifts were filled in 2023/24?"),
        Question("3", "Which e-rostering system does the trust use?"),
    ])
    text = ("Figures are given for each hospital, then for the Trust.\n\n"
            "Royal Infirmary\n1. 2022/23 £9.8m; 2023/24 £10.1m\n2. 9,114\n\n"
            "General Hospital\n1. 2022/23 £8.2m; 2023/24 £9.9m\n2. 7,360\n\n"
            "Trust total\n1. 2022/23 £18.0m; 2023/24 £20.0m\n2. 16,474\n\n3. HealthRoster.")
    got = answers(text, request)
    assert got["1"] == "2022/23 £18.0m; 2023/24 £20.0m" and got["2"] == "16,474" and got["3"] == "HealthRoster."


def test_a_question_and_its_follow_up_restated_then_one_answer():
    request = Request("cctv", [
        Question("1", "How many CCTV cameras does the council operate?"),
        Question("2", "Does the council own any cameras made by Hikvision or Dahua?"),
        Question("3", "With reference to your response to Q2, how many such cameras does the council own?"),
    ])
    text = ("1. How many CCTV cameras does the council operate?\nAbout 400.\n\n"
            "2. Does the council own any cameras made by Hikvision or Dahua?\n\n"
            "3. With reference to your response to Q2, how many such cameras does the council own?\n\n"
            "We neither confirm nor deny whether we hold this information, under section 24(2).")
    got = answers(text, request)
    assert got["2"] == got["3"] == "We neither confirm nor deny whether we hold this information, under section 24(2)."


def test_a_question_restated_with_nothing_under_it_before_an_unrelated_one_stays_unanswered():
    request = Request("cctv", [
        Question("1", "How many CCTV cameras does the council operate?"),
        Question("2", "Which company maintains the cameras?"),
        Question("3", "When does the maintenance contract expire?"),
    ])
    text = ("1. How many CCTV cameras does the council operate?\n\n"
            "2. Which company maintains the cameras?\nWatchGuard Ltd.\n\n"
            "3. When does the maintenance contract expire?\nMarch 2026.")
    got = answers(text, request)
    assert got["1"] == "" and got["2"] == "WatchGuard Ltd."


def test_a_heading_or_a_bare_label_at_the_end_of_an_answer_belongs_to_what_follows():
    request = Request("r", [Question("1", "How many complaints were received?"),
                            Question("2", "Please provide a copy of the enforcement policy.")])
    text = ("1. We received 312 complaints.\n\n2. The policy is attached.\n\nYour right to request a review\n\n"
            "If you are unhappy with this response you may ask for an internal review.")
    assert answers(text, request) == {"1": "We received 312 complaints.", "2": "The policy is attached."}
    text = "Q1 – We received 312 complaints.\nQ2 –\nThe policy is attached."
    assert answers(text, request)["1"] == "We received 312 complaints."


def test_figures_at_the_end_of_an_answer_are_not_a_heading():
    request = Request("r", [Question("1", "How many requests were received each month?"),
                            Question("2", "Please provide a copy of your policy.")])
    text = "1. Please see below:\n\nApril 2021 = 76\n\nMay 2021 = 78\n\n2. Attached."
    assert answers(text, request)["1"] == "Please see below:\n\nApril 2021 = 76\n\nMay 2021 = 78"


def test_a_question_left_over_after_alignment_takes_the_sentence_that_names_its_subject():
    request = Request("fly", [
        Question("1", "How many fly-tipping incidents did the council record in each year?"),
        Question("2", "How many fixed penalty notices for fly-tipping did the council issue?"),
        Question("3", "How many prosecutions for fly-tipping offences did the council bring in magistrates courts?"),
        Question("4", "How much did the council spend on clearing fly-tipped waste?"),
        Question("5", "Please provide a copy of the council's enforcement policy."),
    ])
    text = ("Dear Ms Shaw,\n\nThe Council recorded 2,870 fly-tipping incidents in 2022/23.\n\n"
            "In relation to fixed penalty notices, the Council issued 644 notices in 2022/23.\n\n"
            "Clearing fly-tipped waste cost £410,000 in 2022/23.\n\n"
            "Our enforcement policy can be viewed on our website.\n\n"
            "Offences taken to the magistrates courts numbered 61 in 2022/23.\n\nYours sincerely")
    got = answers(text, request)
    assert got["3"] == "Offences taken to the magistrates courts numbered 61 in 2022/23."


def test_splitting_does_not_depend_on_the_string_hash():
    """Workers of a cluster run with other hash seeds: the same reply must be split the same way."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    corpus = Path(__file__).resolve().parents[1] / "data" / "corpus"
    script = (
        "import json, sys\n"
        "from nlp_foi.gold import read_gold\n"
        "from nlp_foi.segment import segment\n"
        "out = []\n"
        "for name in sys.argv[1:]:\n"
        "    for g in read_gold(name, strict=False):\n"
        "        out.append([(a.question_id, a.start, a.end, a.method) for a in segment(g.reply.text, g.request)])\n"
        "print(json.dumps(out))\n"
    )
    files = [str(corpus / f"{name}.jsonl") for name in ("nhs-agency-staffing", "council-fly-tipping", "nhs-interpreting")]
    runs = [subprocess.run([sys.executable, "-c", script, *files], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "10", "11")]
    assert runs[0] and all(r == runs[0] for r in runs[1:])


@pytest.mark.parametrize(
    "reply,first,rest",
    [
        ("Dear Ms Lee,\n\nWe do not use any such system, so questions 2-5 do not apply.\n\nKind regards\n",
         "We do not use any such system", "questions 2-5 do not apply."),
        ("Dear Ms Lee,\n\nNil return – the school does not monitor pupils' devices, therefore questions 2 to 5 are "
         "not applicable.\n\nRegards\n",
         "Nil return – the school does not monitor pupils' devices", "questions 2 to 5 are not applicable."),
        # the mention opens its sentence: nothing before it answers question 1
        ("Dear Ms Lee,\n\nWe have never used monitoring software.\n\nQuestions 2 to 5 therefore do not apply.\n\nRegards\n",
         "We have never used monitoring software.", "do not apply."),
    ],
)
def test_a_clause_before_questions_that_do_not_apply_answers_the_question_before(reply, first, rest):
    """"We do not use X, so questions 2-5 do not apply": the first clause answers question 1."""
    got = answers(reply)
    assert got["1"] == first
    assert all(got[q].endswith(rest) for q in ("2", "3", "4", "5"))


Q1 = "1. Which company and product do you use for web monitoring (for example Impero, Smoothwall)?"
Q2 = "2. How many alerts in total were generated annually by the monitoring system?"
Q3 = "3. For how many children in total were the alerts created?"


def test_answers_typed_between_the_quoted_lines_of_the_request():
    """Quoted questions ("> 1. ...") with the answers typed unquoted under them, after "On ... wrote:"."""
    text = (f"Dear Ms Shaw\n\nAnswers are in blue in the body of your email below.\n\nRegards\nMark\n\n"
            f"On Mon, 9 Sept 2024 at 10:14, J Shaw wrote:\n> Dear Headteacher,\n>\n> {Q1}\nSecurus\n>\n"
            f"> {Q2}\nAbout 300\n>\n> {Q3}\nNot recorded\n>\n> Yours faithfully,\n> J Shaw")
    got = answers(text)
    assert (got["1"], got["2"], got["3"]) == ("Securus", "About 300", "Not recorded")


def test_answers_typed_as_quoted_lines_under_the_request():
    """The request unquoted in the thread, and each answer typed as a quoted line (">> No.")."""
    text = (f"Good afternoon,\n\nPlease see the school's responses in red beneath your questions below.\n\n"
            f"Many thanks,\nMrs Bevan\n\n________________________________\nFrom: J Shaw\nSent: Monday 10:14 AM\n"
            f"To: Office\nSubject: Monitoring\n\nDear Headteacher,\n\n{Q1}\n>> Securus\n\n{Q2}\n>> About 300\n\n"
            f"{Q3}\n>> Not recorded\n\nYours faithfully,\nJ Shaw")
    got = answers(text)
    assert (got["1"], got["2"], got["3"]) == ("Securus", "About 300", "Not recorded")


def test_a_topic_title_on_the_label_line_is_not_the_answer():
    text = ("Question 1 – Company and product\n\nWe use Smoothwall.\n\n"
            "Question 2 – Yes\n\nThe system raised 40 alerts.\n\n"  # not a title: a yes or no is an answer
            "Question 3 – Children\nChildren | Number\nAll | 40\n\n"  # no blank line: a table's header row
            "Question 4 – Photograph\n\nNone were taken.\n\nQuestion 5 – Policy\n\nAttached.")
    got = answers(text)
    assert got["1"] == "We use Smoothwall."
    assert got["2"].startswith("Yes")
    assert answers("Question 1 – Company\n\nSmoothwall\n\nQuestion 2 – Alerts\n\nNo\n\nQuestion 3 - Children\n\nNot held")["2"] == "No"
    assert got["3"].startswith("Children\n")
    assert got["4"] == "None were taken."
    assert got["5"] == "Attached."


def test_labels_after_the_request_quoted_at_the_top():
    """The whole request quoted first, its questions with nothing under them, then "Q1: ...", "Q2 and Q3: ..."."""
    text = ("REQUEST\n\n"
            "1. Which company and product do you use for web monitoring (for example Impero, Smoothwall)?\n\n"
            "2. How many alerts in total were generated annually by the monitoring system?\n\n"
            "3. For how many children in total were the alerts created?\n\n"
            "4. For how many children was a photograph taken by the device webcam?\n\n"
            "5. Please provide a current copy of the policy that explains the system to families.\n\n"
            "RESPONSE\n\nQ1: Smoothwall Monitor.\n\nQ2 and Q3: Not held.\n\nQ4: None.\n\nQ5: Attached.\n")
    got = answers(text)
    assert got == {"1": "Smoothwall Monitor.", "2": "Not held.", "3": "Not held.", "4": "None.", "5": "Attached."}


SUBPARTS = Request("subparts", [
    Question("1", "Does your force use live facial recognition? (Yes/No)"),
    Question("2", "Which supplier or product does your force use for facial recognition?"),
    Question("3a", "How many arrests resulted from live facial recognition alerts?"),
    Question("3b", "How many false alerts were recorded?"),
])


def test_a_sub_part_named_with_brackets_in_prose():
    text = ("We can confirm the following.\n\nThe force does not use live facial recognition, so questions 3(a) "
            "and 3(b) are not applicable.\n\nThe product used is the PND facial search.")
    got = answers(text, SUBPARTS)
    assert got["3a"] == got["3b"] and "not applicable" in got["3a"]


def test_questions_put_back_to_the_requester_answer_nothing():
    text = ("Before we can progress your request, we would be grateful if you could clarify the following:\n\n"
            "- In question 2, do you mean tools used for any purpose, or only those used against custody images?\n"
            "- In question 3(a), should arrests include voluntary attendance?\n\n"
            "We are not obliged to comply with your request until we receive this information.")
    got = answers(text, SUBPARTS)
    assert got["2"] == got["3a"] == ""


def test_a_bare_sub_part_label_at_the_end_belongs_to_what_follows():
    text = ("Question 1\nNo.\n\nQuestion 2\nThe PND facial search.\n\nQuestion 3(a)\nNot applicable.\n\n"
            "Question 3(b)\nNot applicable.")
    got = answers(text, SUBPARTS)
    assert got["2"] == "The PND facial search." and got["3a"] == "Not applicable."


def test_questions_named_inside_an_earlier_answer():
    """"1. We do not use LFR. Questions 3(a) and 3(b) are not applicable as a result." then "2. ...":
    the sentence answers the questions it names, out of turn, and the first answer stops before it."""
    text = ("1. The force does not use live facial recognition. Questions 3(a) and 3(b) are not applicable as a "
            "result.\n\n2. The PND facial search.\n")
    got = answers(text, SUBPARTS)
    assert got["1"] == "The force does not use live facial recognition."
    assert got["3a"] == got["3b"] == "Questions 3(a) and 3(b) are not applicable as a result."


def test_a_promise_to_answer_questions_later_answers_nothing_out_of_turn():
    text = ("We can answer questions 1 and 2 now. We are still collating the information for questions 3(a) and "
            "3(b) and will write to you again.\n\n1. No.\n\n2. The PND facial search.\n")
    got = answers(text, SUBPARTS)
    assert got["3a"] == got["3b"] == ""
    assert got["1"] == "No."


def test_page_furniture_is_not_part_of_an_answer():
    text = ("1. Securus.\n\n2. About 300 alerts a year.\n\nPage 1 of 2 | OFFICIAL\n\nOakfield Academy | FOI Response\n\n"
            "3. Not recorded.\n\n4. None.\n\nPage 2 of 2 | OFFICIAL\n\nOakfield Academy | FOI Response\n\n5. Attached.")
    got = answers(text)
    assert got["2"] == "About 300 alerts a year." and got["4"] == "None." and got["5"] == "Attached."


def test_one_sentence_that_names_several_questions_subjects_answers_them():
    """A sentence aligned to one question that names other questions' subjects too answers them as well."""
    request = Request("ai", [
        Question("1", "Does the council use any risk-scoring tool in children's services? (Yes/No)"),
        Question("2", "How many children or families were flagged by the tool in 2023/24?"),
        Question("3", "Has a data protection impact assessment been carried out for the tool? (Yes/No)"),
        Question("4", "How many staff have been trained to use the tool?"),
    ])
    sentence = ("As no such tool is in use, no children or families have been flagged, no data protection impact "
                "assessment has been needed and no staff have been trained.")
    text = ("Dear Ms Lee,\n\nThe council does not use any risk-scoring tool in children's services. Decisions are "
            f"taken by qualified social workers.\n\n{sentence}\n\nYours sincerely\n")
    got = answers(text, request)
    assert got["2"] == got["3"] == got["4"] == sentence


def test_the_letters_subject_line_is_not_an_answer():
    request = Request("ai", [
        Question("1", "Does the council use any artificial intelligence tool in children's social care? (Yes/No)"),
        Question("2", "How many staff have been trained to use the tool?"),
    ])
    text = ("Dear Ms Lee\n\nFOI/WT/24/293 – Algorithms and AI in children's social care\n\n"
            "I refer to your request received on 8 July 2024.\n\n"
            "The Trust's children's social care directorate has not deployed any artificial intelligence tool.\n\n"
            "No staff have been trained, as there is no tool to train them on.\n\nYours sincerely\n")
    got = answers(text, request)
    assert got["1"].startswith("The Trust's children's social care directorate has not deployed")


def test_a_list_inside_an_answer_does_not_take_a_question_out_of_turn():
    text = ("Q2 – 412 alerts.\n\nQ3 – Not recorded.\n\nQ4 – None.\n\nQ5 – The following are attached:\n"
            "1. Online Safety Policy\n2. Acceptable Use Agreement\n")
    got = answers(text)
    assert got["1"] == "" and got["5"].startswith("The following are attached:\n1. Online Safety Policy\n2.")


def test_a_refusal_of_the_request_as_a_whole_outweighs_a_weaker_cue_before_it():
    text = ("Dear Ms Lee,\n\nThank you for your request.\n\nThe council has 29 secondary schools. None of this "
            "information is brought together centrally.\n\nSection 12(1) of the Act provides that an authority need "
            "not comply where the cost would exceed the appropriate limit. Because the cost of answering the request "
            "as a whole would exceed that limit, the council is not obliged to comply with it.\n\nYours sincerely\n")
    got = answers(text)
    assert all("not obliged to comply" in got[q] for q in ("1", "2", "3", "4", "5"))


def test_answers_typed_with_quoting_marks_under_each_question():
    text = ("Our answers are shown after each question (>>).\n\n" + Q1 + "\n>> Securus\n\n" + Q2 + "\n>> About 300\n\n"
            + Q3 + "\n>> Not recorded\n")
    got = answers(text)
    assert (got["1"], got["2"], got["3"]) == ("Securus", "About 300", "Not recorded")


def test_answers_in_square_brackets_under_the_request_quoted_back():
    request = Request("ripa", [
        Question("1", "Does the council monitor social media about individual residents? (Yes/No)"),
        Question("2", "If so, which tools or companies does the council use for this (for example Brandwatch, "
                      "Meltwater or Hootsuite), and do officers use covert profiles?"),
        Question("3a", "How many times did the council authorise directed surveillance in each financial year?"),
        Question("3b", "How many of those authorisations involved online or social media research?"),
    ])
    text = ("Dear Ms Morrow,\n\nWe have added our answers to your email in square brackets.\n\n"
            "> 1. Does the council monitor social media about individual residents? (Yes/No)\n[No.]\n\n"
            "> 2. If so, which tools or companies does the council use for this ...?\n[Not applicable.]\n\n"
            "> 3. a) How many times did the council authorise directed surveillance in each financial year?\n"
            "> b) How many of those authorisations involved online or social media research?\n"
            "[a) and b) – none in any of the three years.]\n\nMany thanks\n")
    got = answers(text, request)
    assert got["1"] == "No." and got["2"] == "Not applicable."
    assert got["3a"] == got["3b"] == "a) and b) – none in any of the three years."
