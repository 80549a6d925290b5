"""The total answering a "how many" question, and its parts."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_foi.values.counts import asks_number, find_counts

STAFF = ("How many staff or others currently, have access to the information generated about pupils from the "
         "system (ie 5, two DSLs, 2 network staff, 1 Head plus x number of the company staff can view the alerts generated).")
FOI_STAFF = "How many staff (whole time equivalent) work on handling FOI requests, and what are their job roles and Agenda for Change bands?"
REFERRALS = "How many referrals did the university make under the Prevent duty in each of the academic years 2021/22, 2022/23 and 2023/24?"
ATTACKS = "How many ransomware attacks did the authority experience in each calendar year from 2019 to 2023?"
SEED = ("2 DSL’s and 2 Safeguarding Officers have access to the web filtering reports, which are monitored on a daily "
        "basis. In addition, 6 members of the IT network team have access to the system in order to manage reporting "
        "and provide technical support to the Safeguarding team, when required; IT staff do not actively monitor web "
        "filtering reports.")


def counts(text, question):
    found = find_counts(text, question=question)
    for v in found:
        assert v.key in ("total", "count")
        assert text[v.start : v.end] == v.text
    total = [v.value for v in found if v.key == "total"]
    parts = [v.value for v in found if v.key == "count"]
    assert len(total) <= 1
    return (total[0] if total else None), parts


@pytest.mark.parametrize(
    "question,expected",
    [
        (STAFF, True),
        ("What is the total number of alerts?", True),
        ("Please give the number of officers.", True),
        ("Please give the full-time equivalent (FTE).", True),
        ("Which company and product you use for this", False),
        ("Please provide a copy of the policy.", False),
        ("", False),
    ],
)
def test_asks_number(question, expected):
    assert asks_number(question) is expected


@pytest.mark.parametrize(
    "text,question,total,parts",
    [
        (SEED, STAFF, 10, [{"n": 2, "role": "DSL’s"}, {"n": 2, "role": "Safeguarding Officers"},
                           {"n": 6, "role": "IT network team"}]),
        ("two DSLs, 2 network staff, 1 Head", STAFF, 5,
         [{"n": 2, "role": "DSLs"}, {"n": 2, "role": "network staff"}, {"n": 1, "role": "Head"}]),
        ("1 x Band 7 FOI Lead, 2 x Band 4 officers", FOI_STAFF, 3,
         [{"n": 1, "role": "Band 7 FOI Lead"}, {"n": 2, "role": "Band 4 officers"}]),
        ("The answer is zero", ATTACKS, 0, []),
        ("None", ATTACKS, 0, []),
        ("nil", ATTACKS, 0, []),
        ("No referrals were made.", REFERRALS, 0, []),
        ("Approximately 250,000 people", "How many people use the service?", 250000, [{"n": 250000, "role": "people"}]),
        ("4347", "How many requests did you receive?", 4347, []),
        ("2 officers", "How many officers work on elective home education?", 2, [{"n": 2, "role": "officers"}]),
        ("Answer: 12", "How many alerts?", 12, []),
        ("3.5 FTE", FOI_STAFF, 3.5, []),
        ("0.5 FTE", FOI_STAFF, 0.5, []),
        ("2.5 FTE counsellors and 1 FTE mental health adviser", FOI_STAFF, 3.5,
         [{"n": 2.5, "role": "counsellors"}, {"n": 1, "role": "mental health adviser"}]),
        ("We have 2 counsellors (1.5 FTE) and 3 mental health advisers.", "How many counsellors and mental health advisers?",
         5, [{"n": 2, "role": "counsellors"}, {"n": 3, "role": "mental health advisers"}]),
        ("We received 350 requests of which 20 were refused.", "How many requests?", 350, [{"n": 350, "role": "requests"}]),
        ("Please call 01234 567890 quoting reference FOI 12345. We have 3 analysts.", "How many staff work in cyber security?",
         3, [{"n": 3, "role": "analysts"}]),
        ("There were 12 attacks on 14 February 2020.", ATTACKS, 12, [{"n": 12, "role": "attacks"}]),
        ("2021/22: 3\n2022/23: 5\nTotal: 8", REFERRALS, 8, []),
        ("A total of 14 referrals were made over the three years.", REFERRALS, 14, []),
        ("The team consists of 3 officers (2.6 FTE): an EHE Coordinator and two EHE Officers.", "How many officers work on EHE?",
         3, [{"n": 3, "role": "officers"}, {"n": 2, "role": "EHE Officers"}]),
        ("There are currently 214 pupils placed in alternative provision.", "How many pupils are currently placed?",
         214, [{"n": 214, "role": "pupils"}]),
        ("We have one FOI Officer and one Information Governance Manager.", FOI_STAFF,
         2, [{"n": 1, "role": "FOI Officer"}, {"n": 1, "role": "Information Governance Manager"}]),
        # the role written before its number
        ("Information Governance Manager x1, Records Officer x2", FOI_STAFF,
         3, [{"n": 1, "role": "Information Governance Manager"}, {"n": 2, "role": "Records Officer"}]),
        ("FOI Lead (1), Disclosure Officers (3).", FOI_STAFF,
         4, [{"n": 1, "role": "FOI Lead"}, {"n": 3, "role": "Disclosure Officers"}]),
        ("Counsellors: 4 (3.2 FTE). Wellbeing Advisers: 2 (1.5 FTE).", "How many counsellors and advisers?",
         6, [{"n": 4, "role": "Counsellors"}, {"n": 2, "role": "Wellbeing Advisers"}]),
        # a total the reply states, in any of its forms
        ("Data Protection Officer – 1\nFOI Officer – 2\nTotal 3", FOI_STAFF,
         3, [{"n": 1, "role": "Data Protection Officer"}, {"n": 2, "role": "FOI Officer"}]),
        ("Cyber Lead (1), Analysts (2), Engineer (1) = 4", FOI_STAFF,
         4, [{"n": 1, "role": "Cyber Lead"}, {"n": 2, "role": "Analysts"}, {"n": 1, "role": "Engineer"}]),
        ("A head of service, two FOI officers and an assistant, four people in all.", FOI_STAFF,
         4, [{"n": 2, "role": "FOI officers"}]),
        ("Two – an Information Security Manager and a Cyber Security Engineer.", FOI_STAFF, 2, []),
        ("Sixty-one cameras. Town centre, the bus station and the market.", "How many cameras do you operate?",
         61, [{"n": 61, "role": "cameras"}]),
        # an FTE total is not a headcount
        ("1 FOI Lead (full-time), 3 FOI Officers (2 full-time, 1 at 0.6 FTE), total 3.6 FTE", FOI_STAFF,
         4, [{"n": 1, "role": "FOI Lead"}, {"n": 3, "role": "FOI Officers"}]),
    ],
)
def test_totals(text, question, total, parts):
    assert counts(text, question) == (total, parts)


@pytest.mark.parametrize(
    "text,question,total",
    [
        # figures alone answer whatever the (fragment) question says
        ("14", "b) have no school place:", 14),
        ("0", "c) are awaiting assessment", 0),
        ("Answer: 1", "Pupils with an EHCP", 1),
        ("1,204", "Requests received in the period", 1204),
        # a zero stated in words, answering a how-many question
        ("No schools in the borough use facial recognition.", "How many schools use facial recognition?", 0),
        ("None of our schools have a counsellor.", "How many schools have a counsellor?", 0),
        ("There are currently no pupils on a reduced timetable.", "How many pupils are on a reduced timetable?", 0),
        ("There are no vacancies.", "How many vacancies are there?", 0),
        ("We have no agency staff.", "How many agency staff do you employ?", 0),
        ("The council has not experienced any ransomware attacks.", ATTACKS, 0),
        ("The Fire and Rescue Service has not been subject to a successful attack in that time.", ATTACKS, 0),
        ("The University has made no referrals.", REFERRALS, 0),
        ("No-one outside the safeguarding team has access.", STAFF, 0),
        ("No referrals from any of our colleges in that period.", REFERRALS, 0),
    ],
)
def test_total_whatever_the_question(text, question, total):
    assert counts(text, question) == (total, [])


@pytest.mark.parametrize(
    "text,question",
    [
        ("None", "Please provide a copy of the policy."),  # a word, not figures: "no such thing"
        ("24000", "What is the annual cost of the contract?"),  # an amount
        ("2026", "b) contract end date"),  # a year
        ("4347", "Which company supplies your firewall?"),  # a name was asked
        ("14 schools", "Please describe the service."),  # figures with words, question not asking a number
        ("No records are kept.", "How many pupils are on a reduced timetable?"),  # not held, not zero
        ("None of the information is held.", "How many pupils are on a reduced timetable?"),
        ("No, we do not.", "How many pupils are on a reduced timetable?"),
        ("No schools in the borough use it.", "Which system do schools use?"),
        ("3 / 5 / 0 / 2", "How many exclusions were there for each calendar year 2019, 2020, 2021 and 2022?"),  # periods
        ("2019\nNo referrals", REFERRALS),
    ],
)
def test_no_total_whatever_the_question(text, question):
    assert counts(text, question) == (None, [])


def test_bare_number_without_a_question():
    assert counts("4347", "") == (4347, [])
    assert counts("None", "") == (0, [])


@pytest.mark.parametrize(
    "text,question",
    [
        ("2021/22: 3\n2022/23: 5", REFERRALS),  # per-year counts only: periods, not a total
        ("15/16- 1; 16/17- 2; 17/18 - 3", REFERRALS),
        ("98% were answered within 20 working days", "How many requests were answered in time?"),
        ("The cost was £3,500", "How many?"),
        ("Logs are kept for 30 days.", "How many alerts?"),
        ("Exempt under section 40(2).", "How many alerts?"),
        ("1. Not held\n2. Not held", "How many alerts?"),
        ("We do not hold this information.", "How many alerts?"),
        ("4347", "Which company and product you use for this"),  # not a number question
        ("2025", "When does the contract expire?"),
        ("2 DSLs", "Please provide a copy of the policy."),
        ("In 2019 the policy was reviewed.", "How many alerts?"),
        ("Please see Appendix 1 and Table 2.", "How many alerts?"),
        ("Severity levels, i.e. 750 high level alerts", "How many alerts?"),
        ("We have not received any information about attacks.", ATTACKS),  # a denial, not a zero
        ("Yes - see the attached list.", "How many alerts?"),
        ("", STAFF),
    ],
)
def test_no_total(text, question):
    assert counts(text, question) == (None, [])


@settings(max_examples=150, deadline=None)
@given(st.text(), st.sampled_from([STAFF, REFERRALS, "", "b) have no school place:", "What is the annual cost?"]))
def test_never_raises_and_offsets_within(text, question):
    for v in find_counts(text, question=question):
        assert 0 <= v.start <= v.end <= len(text)
        assert text[v.start : v.end] == v.text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["2", "two", " DSLs", " x ", "Band 7", " and ", ", ", "2019/20", ": ", "£", "%",
                                 " staff", "\n", "1.", " members of the ", "IT team", "section 40", "total "]), max_size=20).map("".join))
def test_never_raises_on_count_like_text(text):
    for v in find_counts(text, question=STAFF):
        assert text[v.start : v.end] == v.text


def test_labelled_counts_under_sub_headings_are_summed():
    text = ("Digital Forensics Unit:\n- Digital Forensic Investigators: 64\n- Kiosk-trained officers: 1,315\n"
            "Cyber Crime Unit:\n- Cyber Crime Investigators: 19")
    total, parts = counts(text, "How many staff are trained to use these tools?")
    assert total == 1398 and [p["n"] for p in parts] == [64, 1315, 19]


def test_a_count_with_a_colon_before_its_breakdown_is_the_whole():
    assert counts("12 staff: 4 Counsellors and 8 Advisers", "How many staff work in the service?")[0] == 12


def test_a_number_word_before_a_role_that_starts_with_of():
    """"four officers": the role's first letters are not the word "of" ("one of the ...")."""
    question = "How many staff have access to the information generated by the system?"
    found = {v.key: v.value for v in find_counts("The ICT Service has four officers with access to the console.", question=question)}
    assert found["total"] == 4
    assert find_counts("One of the officers has access.", question=question) == []


def test_the_number_in_a_product_name_is_not_a_count():
    question = "How many staff have been trained to use the tool?"
    found = {v.key: v.value for v in find_counts("Magic Notes – 238 staff; Microsoft 365 Copilot – 60 staff.", question=question)}
    assert found["total"] == 298


SOCIAL_CARE = "How many referrals to children's social care were made in 2023/24?"


@pytest.mark.parametrize(
    "text,question,total",
    [
        ("6 aelod o staff / 6 members of staff", "How many staff have access to such tools?", 6),  # Welsh / English
        ("Fewer than 5. The exact figure is withheld under section 40(2).", SOCIAL_CARE, "<5"),
        ("Referrals to the local authority's children's services in 2023/24: 14", SOCIAL_CARE, 14),
    ],
)
def test_bilingual_suppressed_and_single_year_totals(text, question, total):
    found = {v.key: v.value for v in find_counts(text, question=question)}
    assert found.get("total") == total


def test_a_long_answer_is_not_read_as_a_bilingual_pair():
    """The bilingual reading compares the figures either side of each line break: only for a short answer
    (a long one would be compared at every line, and read once anyway)."""
    from nlp_foi.values.counts import MAX_BILINGUAL_CHARS, _bilingual_half

    assert _bilingual_half("6 aelod o staff / 6 members of staff", 0) is not None
    long = "2 officers\n" * (MAX_BILINGUAL_CHARS // 10)
    assert _bilingual_half(long, 0) is None
