"""Counts per year: every notation of a year, every layout of the count."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_foi.values.periods import find_periods, question_years


def periods(text):
    found = find_periods(text)
    for v in found:
        assert v.key == "periods"
        assert text[v.start : v.end] == v.text
    return {k: c for k, c in (v.value for v in found)}


@pytest.mark.parametrize(
    "text,expected",
    [
        # notations of the year
        ("Answer listed per academic year: 15/16- 1; 16/17- 2; 17/18 - 3; 18/19 – 1; 19/20 - 4",
         {"2015/16": 1, "2016/17": 2, "2017/18": 3, "2018/19": 1, "2019/20": 4}),
        ("2015/16: 7", {"2015/16": 7}),
        ("2015-16: 7", {"2015/16": 7}),
        ("2015-2016: 7", {"2015/16": 7}),
        ("2015/2016 - 7", {"2015/16": 7}),
        ("2019 to 2020: 8", {"2019/20": 8}),
        ("AY 2022-23: 5", {"2022/23": 5}),
        ("academic year ending 2020: 7", {"2019/20": 7}),
        ("Year ending July 2020 - 7", {"2019/20": 7}),
        ("Sept 2018 - July 2019: 3", {"2018/19": 3}),
        ("September 2018 to August 2019: 3", {"2018/19": 3}),
        ("FY 2021/22: 10", {"2021/22": 10}),
        ("financial year 2021-22: 9", {"2021/22": 9}),
        ("April 2021 - March 2022: 4", {"2021/22": 4}),
        ("2019: 3", {"2019": 3}),
        ("calendar year 2019: 6", {"2019": 6}),
        ("There were 3 in 2019.", {"2019": 3}),
        ("1999/00: 2", {"1999/00": 2}),
        # layouts of the count
        ("2019 - 3\n2020 - 5", {"2019": 3, "2020": 5}),
        ("3 referrals in 2019 and 5 in 2020.", {"2019": 3, "2020": 5}),
        ("2019/20 | 12\n2020/21 | 15", {"2019/20": 12, "2020/21": 15}),
        ("2019/20\t12\n2020/21\t15", {"2019/20": 12, "2020/21": 15}),
        ("2021-22: 18\n2022-23: 23\n2023-24: 24", {"2021/22": 18, "2022/23": 23, "2023/24": 24}),
        ("Year | 2019/20 | 2020/21 | 2021/22\nExclusions | 12 | 15 | 18",
         {"2019/20": 12, "2020/21": 15, "2021/22": 18}),
        ("2019/20\t2020/21\n4\t6", {"2019/20": 4, "2020/21": 6}),
        ("Year | 2019/20 | 2020/21 | Total\nReferrals | 4 | 6 | 10", {"2019/20": 4, "2020/21": 6}),
        ("Academic year\t2019/20\t2020/21\nYear 7\t4\t6", {"2019/20": 4, "2020/21": 6}),
        ("2019/20\n2020/21\n12\n15", {"2019/20": 12, "2020/21": 15}),
        ("2019/20\n12\n", {"2019/20": 12}),
        ("In 2019 there were 12 referrals.", {"2019": 12}),
        ("12 (2019/20)", {"2019/20": 12}),
        ("2019/20 academic year: 5", {"2019/20": 5}),
        # counts in words, zeros, suppressed figures
        ("2019: none; 2020: two; 2021: nil; 2022: zero", {"2019": 0, "2020": 2, "2021": 0, "2022": 0}),
        ("2019 – no referrals", {"2019": 0}),
        ("2019: fewer than 5; 2020: less than 5; 2021: <5; 2022: < 5",
         {"2019": "<5", "2020": "<5", "2021": "<5", "2022": "<5"}),
        ("2019/20: fewer than 10", {"2019/20": "<10"}),
        ("2019: *; 2020: suppressed", {"2019": "*", "2020": "*"}),
        ("2019: 5 or fewer", {"2019": "<=5"}),
        # a qualifier between the year and its count
        ("2023-2024 180\n2024-2025 (up to 24/03/2025) 191", {"2023/24": 180, "2024/25": 191}),
        ("2024-2025, as of March 25: 2306", {"2024/25": 2306}),
        ("2022/23: 11\n2023/24 (to date): 14", {"2022/23": 11, "2023/24": 14}),
        ("2021 - 6\n2022 (provisional) - 8", {"2021": 6, "2022": 8}),
        ("2024/25 as at 1 March - 5", {"2024/25": 5}),
        ("Academic Year Total\n2022/2023 201\n2023/2024 229", {"2022/23": 201, "2023/24": 229}),
        # vertical: each year on its line, its count(s) on the next non-blank line(s)
        ("2019\n5\n\n2020\n\n7", {"2019": 5, "2020": 7}),
        ("2020/21\n\n12\n3\n\n2021/22\n\n15\n4", {"2020/21": 12, "2021/22": 15}),
        ("2019/20\nReferrals: 5\nChildren: 7\n2020/21\nReferrals: 8\nChildren: 9", {"2019/20": 5, "2020/21": 8}),
        ("2023/24 (to date)\n\n14", {"2023/24": 14}),
        ("2019\n3 (50%)\n2020\n3 (50%)", {"2019": 3, "2020": 3}),
    ],
)
def test_period_notations_and_layouts(text, expected):
    assert periods(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "On 14 February 2020 we received 3 requests.",
        "From 2019 to 2023 there were 4 attacks.",
        "2019/20 to 2023/24: 4",
        "2019: 98%",
        "2019: £3,000",
        "the Freedom of Information Act 2000 3 days",
        "Data Protection Act 2018 2 officers",
        "since 2015 (the most recent 5 years)",
        "2019-03-14: 5",
        "The figures for 2019 and 2020 are shown in the table below.\n5 tables follow",
        "14/02/2020 5",
        "In 2019 one of our officers left.",
        "2019 - 3 months",
        "answered within 20 working days in 2022/23",
        "We have no records.",
        "2023/24 (to date) - figures to follow",
        "2024-2025, as of March 25",
        "2019\n\nThe figures are not held.",
        "2019\nNo information is held",
        "2019\n2020 figures are in the attached table",
        "",
    ],
)
def test_not_a_period(text):
    assert periods(text) == {}


@pytest.mark.parametrize(
    "question,expected",
    [
        ("How many referrals were made for each calendar year 2019, 2020, 2021 and 2022?", ["2019", "2020", "2021", "2022"]),
        ("How many, each year from 2019 to 2022?", ["2019", "2020", "2021", "2022"]),
        ("for 2019/20, 2020/21 and 2021/22", ["2019/20", "2020/21", "2021/22"]),
        ("in each academic year between 2020/21 and 2022/23", ["2020/21", "2021/22", "2022/23"]),
        ("under the Freedom of Information Act 2000, in 2020 and 2021", ["2020", "2021"]),
        ("each year since 2019", []),
        ("between 1 April 2019 and 31 March 2022", []),
        ("How many referrals?", []),
    ],
)
def test_question_years(question, expected):
    assert question_years(question) == expected


ASK_CAL = "How many exclusions were there for each calendar year 2019, 2020, 2021 and 2022?"
ASK_RANGE = "How many pupils were referred each year from 2019 to 2022?"
ASK_AY = "Please give the number of referrals for 2019/20, 2020/21 and 2021/22."


@pytest.mark.parametrize(
    "text,question,expected",
    [
        ("3 / 5 / 0 / 2", ASK_CAL, {"2019": 3, "2020": 5, "2021": 0, "2022": 2}),
        ("4, 1, 0 and 6", ASK_RANGE, {"2019": 4, "2020": 1, "2021": 0, "2022": 6}),
        ("Answer: 9\n11\n<5", ASK_AY, {"2019/20": 9, "2020/21": 11, "2021/22": "<5"}),
        ("3 (50%)\n2 (33%)\n1 (17%)", ASK_AY, {"2019/20": 3, "2020/21": 2, "2021/22": 1}),
        ("1,204 / 980 / 1,010 / 1,150.", ASK_CAL, {"2019": 1204, "2020": 980, "2021": 1010, "2022": 1150}),
        # not as many counts as years, counts with words, no years asked, years in the answer
        ("3, 5 and 0", ASK_CAL, {}),
        ("3 referrals, 5, 0, 2", ASK_CAL, {}),
        ("3 / 5 / 0 / 2", "How many exclusions were there by school?", {}),
        ("3 / 5 / 0 / 2", "", {}),
        ("2019 - 3, 2020 - 5", ASK_CAL, {"2019": 3, "2020": 5}),
        # one figure for every year asked
        ("The council has not had any exclusions in any year from 2019 to 2022.", ASK_CAL,
         {"2019": 0, "2020": 0, "2021": 0, "2022": 0}),
        ("0 in each year", ASK_RANGE, {"2019": 0, "2020": 0, "2021": 0, "2022": 0}),
        ("Nil - no pupils were referred in 2019, 2020, 2021 or 2022.", ASK_RANGE,
         {"2019": 0, "2020": 0, "2021": 0, "2022": 0}),
        ("The number was fewer than five in each academic year.", ASK_AY, {"2019/20": "<5", "2020/21": "<5", "2021/22": "<5"}),
        # "None." to a question about each year answers each year (a longer answer must say so)
        ("None.", ASK_CAL, {"2019": 0, "2020": 0, "2021": 0, "2022": 0}),
        ("None were excluded because of the policy.", ASK_CAL, {}),
        ("No referrals were made in 2018.", ASK_AY, {"2018": 0}),  # a year not asked about: only that year
        # a month and year opening a line, then its count (a census date)
        ("October 2019 – 1,392\nOctober 2020 – 1,811", ASK_RANGE, {"2019": 1392, "2020": 1811}),
        ("Since October 2019 – the start of the scheme – 12 pupils", ASK_RANGE, {}),
    ],
)
def test_counts_paired_with_the_question_years(text, question, expected):
    found = find_periods(text, question=question)
    for v in found:
        assert text[v.start : v.end] == v.text
    assert {k: c for k, c in (v.value for v in found)} == expected


def test_first_count_of_a_year_kept_in_order():
    found = find_periods("2019: 3. Later: 2019: 4")
    assert [v.value for v in found] == [("2019", 3), ("2019", 4)]


@settings(max_examples=150, deadline=None)
@given(st.text(), st.sampled_from(["", ASK_CAL, ASK_AY]))
def test_never_raises_and_offsets_within(text, question):
    for v in find_periods(text, question=question):
        assert 0 <= v.start <= v.end <= len(text)
        assert text[v.start : v.end] == v.text


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["2019/20", "15/16", "2019", ": ", " - ", "3", "fewer than 5", "\n", "|", "\t", " in ", "£", "%", "*",
                                 " (to date)", ", as of March 25", "(50%)", " / ", " and ", "\n\n"]), max_size=25).map("".join))
def test_never_raises_on_year_like_text(text):
    for question in ("", ASK_CAL):
        for v in find_periods(text, question=question):
            assert text[v.start : v.end] == v.text


def test_remembered_answers_come_back_the_same_and_apart():
    """find_periods remembers its last answers (find_counts asks again): each call gets its own list."""
    from nlp_foi.values.periods import _find_periods, _years_of

    text = "2019/20: 3\n2020/21: 5\nIn 2019 - 3 months."
    first = find_periods(text, question=ASK_AY)
    first.append("changed by the caller")
    again = find_periods(text, question=ASK_AY)
    assert again == first[:-1] and again is not first
    asked = question_years(ASK_CAL)
    asked.clear()
    assert question_years(ASK_CAL) == ["2019", "2020", "2021", "2022"]  # not the caller's list
    # one passage for several questions (a reply answered as a whole): the years found once, marked afresh
    remembered = [find_periods(text, question=q) for q in ("", ASK_CAL, ASK_AY, ASK_RANGE)]
    _find_periods.cache_clear()
    _years_of.cache_clear()
    assert remembered == [find_periods(text, question=q) for q in ("", ASK_CAL, ASK_AY, ASK_RANGE)]
    bare = "3 / 5 / 0 / 2"
    assert {k: c for k, c in (v.value for v in find_periods(bare, question=ASK_CAL))} == {
        "2019": 3, "2020": 5, "2021": 0, "2022": 2}
    assert find_periods(bare, question="") == []


def test_a_row_table_whose_columns_the_question_does_not_name_gives_its_total():
    text = "Year | Kiosk | Laboratory | Total\n2022 | 3,966 | 1,180 | 5,146\n2023 | 4,105 | 1,247 | 5,352"
    found = find_periods(text, question="How many devices were examined in each of the calendar years 2022 and 2023?")
    assert {k: c for k, c in (v.value for v in found)} == {"2022": 5146, "2023": 5352}


def test_counts_separated_by_a_spaced_slash():
    """" / " between pairs is a separator (a table row pasted on one line); "430/1329" stays a fraction."""
    assert periods("2021/22 – 5,566 / 2022/23 – 6,118 / 2023/24 – 6,344") == {
        "2021/22": 5566, "2022/23": 6118, "2023/24": 6344}
    assert periods("2012: 430/1329") == {}


def test_the_head_of_a_series_with_a_long_noun_phrase():
    text = "The team issued 88 fixed penalty notices for fly-tipping in 2021/22, 121 in 2022/23 and 102 in 2023/24."
    assert periods(text) == {"2021/22": 88, "2022/23": 121, "2023/24": 102}
    # a count in an earlier clause is not the series' head
    assert periods("We hold 3 registers. Complaints about breaches of control in 2021, 611 in 2022 and 548 in 2023.") == {
        "2022": 611, "2023": 548}


def test_none_in_the_other_years_gives_zero_for_the_years_asked():
    question = "How many internal reviews were requested in each of the financial years 2020/21, 2021/22, 2022/23 and 2023/24?"
    found = {k: c for k, c in (v.value for v in find_periods("b) 2021/22 - 1, 2023/24 - 2. None in the other years.", question=question))}
    assert found == {"2020/21": 0, "2021/22": 1, "2022/23": 0, "2023/24": 2}
    # without such words the years not given stay unknown
    found = {k: c for k, c in (v.value for v in find_periods("b) 2021/22 - 1, 2023/24 - 2.", question=question))}
    assert found == {"2021/22": 1, "2023/24": 2}


def test_a_markdown_table_gives_the_column_the_question_names():
    table = ("| Calendar year | LFR deployments | Arrests following an alert | False alerts |\n|---|---|---|---|\n"
             "| 2022 | 0 | 0 | 0 |\n| 2023 | 4 | 2 | 0 |\n| 2024 | 7 | 9 | 1 |")

    def column(question):
        return {k: c for k, c in (v.value for v in find_periods(table, question=question))}

    assert column("How many arrests resulted from LFR alerts in each of those years?") == {"2022": 0, "2023": 2, "2024": 9}
    assert column("How many false alerts were recorded in each of those years?") == {"2022": 0, "2023": 0, "2024": 1}
    assert column("How many times did the force deploy LFR in 2022, 2023 and 2024?") == {"2022": 0, "2023": 4, "2024": 7}


def test_a_table_flattened_one_cell_a_line():
    table = "Calendar year\nDeployments\nAlerts generated\nArrests\n2022\n6\n12\n8\n2023\n23\n104\n71\n2024\n178\n893\n517"

    def column(question):
        return {k: c for k, c in (v.value for v in find_periods(table, question=question))}

    assert column("How many arrests resulted from the alerts in each of those years?") == {"2022": 8, "2023": 71, "2024": 517}
    assert column("How many times did the force deploy it in each year?") == {"2022": 6, "2023": 23, "2024": 178}


PREVENT = ("How many referrals did the school make to the Prevent programme in each of the academic years "
           "2021/22, 2022/23 and 2023/24?")


@pytest.mark.parametrize("text", ["Nil in all three years", "None", "Dim / None in each of the three years.",
                                  "We made no referrals to Prevent in any of the three years."])
def test_none_for_every_year_asked(text):
    found = {k: c for k, c in (v.value for v in find_periods(text, question=PREVENT))}
    assert found == {"2021/22": 0, "2022/23": 0, "2023/24": 0}


@pytest.mark.parametrize("text", ["None held.", "Not held", "None of the information is recorded."])
def test_nothing_held_is_not_zero(text):
    assert find_periods(text, question=PREVENT) == []
