"""The project's compiled patterns, kept in one place.

Every regular expression the value extractors use is a module-level ``RE_*``
constant compiled once at import, beside the small tables they rely on (number
words, month names, cue words).  Digits are written ``[0-9]`` rather than
``\\d`` so that other scripts' digits never reach ``int()``; no pattern lowers
the text first, so character offsets always point into the text as given.
"""

from __future__ import annotations

import re

# -- number words ---------------------------------------------------------------

NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "nil": 0, "none": 0, "nought": 0,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a dozen": 12, "a hundred": 100,
}
"""Words read as numbers (lower case); compounds such as "twenty-one" are added up."""

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SIMPLE = (
    "zero|nil|none|nought|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    "twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
)
WORD_NUMBER = rf"(?:(?:{_TENS})(?:[- ](?:{_UNITS}))?|{_SIMPLE}|a\s+dozen|a\s+hundred)"
"""A number written in words, as a pattern fragment (use with re.IGNORECASE)."""



def word_to_number(word: str) -> int | None:
    """The value of a number word ("twenty-one" -> 21, "nil" -> 0); None if not one."""
    w = re.sub(r"\s+", " ", word.strip().lower())
    if w in NUMBER_WORDS:
        return NUMBER_WORDS[w]
    parts = re.split(r"[- ]", w)
    if len(parts) == 2 and parts[0] in NUMBER_WORDS and parts[1] in NUMBER_WORDS:
        tens, unit = NUMBER_WORDS[parts[0]], NUMBER_WORDS[parts[1]]
        if tens >= 20 and tens % 10 == 0 and 1 <= unit <= 9:
            return tens + unit
    return None


# -- shared fragments -----------------------------------------------------------

MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
YEAR4 = r"(?:19[5-9][0-9]|20[0-9][0-9])"
INT = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
"""An integer, with or without thousands commas."""


# -- counts (a figure, a number word, a suppressed cell, "no referrals") --------

COUNT = rf"""
(?P<supp>
    (?:fewer|less)\s+than\s+(?P<b1>[0-9]+|three|five|ten)\b
  | under\s+(?P<b2>[0-9]+)
  | <\s?(?P<b3>[0-9]+)
  | (?:≤|<=|=<)\s?(?P<le1>[0-9]+)
  | (?P<le2>[0-9]+)\s+or\s+(?:fewer|less)
  | \*+(?![\w*])
  | \b(?:suppressed|redacted)\b
)
| (?<![0-9£$€.,])(?P<num>{INT})(?![0-9]|[.,][0-9]|\s*(?:%|per\s?cent|percent)|/\s*[0-9]|[A-Za-z]|\s*(?:pounds|GBP)\b)
| (?P<word>\b{WORD_NUMBER}\b(?![-/])(?!\s+of\b))
| (?P<no>\bno\s+(?!(?:data|information|info|records?|figures?|details?|longer|more|later|specific|such|
        response|answer|change|need|reason|further|breakdown|central|way|other|one|access|cost)\b)[a-z]+)
"""
"""A count in a per-year breakdown, as a verbose pattern fragment (re.X | re.I)."""

RE_COUNT = re.compile(COUNT, re.X | re.I)

# -- periods (years) ------------------------------------------------------------

_PREFIX = (
    r"(?:(?:AY|FY|A/Y|F/Y)\s*:?\s*|(?:(?:the\s+)?(?:academic|financial|fiscal|school|tax)\s+years?)\s*:?\s*)"
)

RE_PERIOD = re.compile(
    rf"""
    (?P<months>\b{MONTH}\s+(?P<m1>{YEAR4})\s*(?:[-–—]|\bto\b|\buntil\b|\bthrough\b)\s*(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\s+)?{MONTH}\s+(?P<m2>{YEAR4})(?![0-9]))
  | (?P<ending>\b(?:(?:academic|financial|school|fiscal)\s+)?year\s+end(?:ing|ed)\s+(?:(?:on\s+)?(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\s+)?(?P<emonth>{MONTH})\s+)?(?P<e>{YEAR4})(?![0-9]))
  | (?P<pair>(?<![0-9/.£$,])(?:\b{_PREFIX})?(?P<p1>{YEAR4})
        (?:\s?/\s?(?P<p2a>[0-9]{{2}}(?:[0-9]{{2}})?)|[-–](?P<p2b>[0-9]{{2}})|\s*[-–—]\s*(?P<p2c>{YEAR4})|\s+to\s+(?P<p2d>{YEAR4}))
        (?![0-9]|[/.][0-9]|-[0-9]))
  | (?P<shortp>\b{_PREFIX}(?P<q1>[0-9]{{2}})\s?[-–/]\s?(?P<q2>[0-9]{{2}})(?![0-9]|[/.][0-9]))
  | (?P<short>(?<![0-9/.£$,:\w])(?P<s1>[0-9]{{2}})\s?/\s?(?P<s2>[0-9]{{2}})(?![0-9]|[/.][0-9]))
  | (?P<cal>(?<![0-9/.£$,:\-\w])(?:\b(?:calendar\s+)?year\s+)?(?P<c>{YEAR4})(?![0-9]|\s*%|[,.][0-9]|/[0-9]|-[0-9]|[A-Za-z]))
    """,
    re.X | re.I,
)
"""Every notation of a year; the extractor validates and normalises the groups."""

RE_DATE_BEFORE_YEAR = re.compile(
    rf"(?:\b{MONTH},?\s+(?:[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+)?|\b(?:Act|Acts|Regulations|Order|Rules|Code|"
    rf"DPA|GDPR|ISO|Measure|Directive|Bill)\s+|\b(?:since|from|until|till|before|after|between|to|by|"
    rf"prior\s+to|up\s+to|end\s+of|start\s+of|beginning\s+of|as\s+(?:of|at)|(?:[0-9]{{1,2}}(?:st|nd|rd|th)?\s+)?of)\s+|\(Scotland\)\s+Act\s+)$",
    re.I,
)
"""What, just before a calendar year, makes it a date, an Act, or the end of a range."""

RE_RANGE_JOIN = re.compile(r"^\s*(?:to|until|till|through|[-–—])\s*$", re.I)

PERIOD_QUALIFIER = r"""
(?:[ \t]*\([ \t]*[A-Za-z][^()\n]{0,40}\)
  | ,?[ \t]*(?:as[ \t]+(?:of|at)|up[ \t]+to|to[ \t]+date|so[ \t]+far|until|till|ytd|year[ \t]+to[ \t]+date|provisional)\b
    [^:=|\t\n]{0,25}?(?=[ \t]*(?:[:=|\t]|[-–—][ \t])))"""
"""A qualifier between a year and its count: "2023/24 (to date): 14", "2024-25, as of March 25: 2306".
It opens with a word, so "2019 (3)" keeps its count; without brackets it must end at a separator, so
the figures of a date inside it ("as of March 25") are never taken for the count."""

RE_PERIOD_QUALIFIER = re.compile(PERIOD_QUALIFIER, re.X | re.I)

RE_PERIOD_AFTER = re.compile(
    rf"""(?:[ \t]*\(?(?:academic|financial|calendar|school)[ \t]+year\)?)?
    (?:{PERIOD_QUALIFIER})?
    [ \t]*(?:[:=|\t\-–—]+[ \t]*)*
    (?:,?[ \t]*(?:there[ \t]+(?:were|was|have[ \t]+been|had[ \t]+been)|we[ \t]+(?:made|received|had|issued|recorded|dealt[ \t]+with|processed)|
        the[ \t]+(?:figure|number|total|count)[ \t]+(?:was|is))[ \t]+)?
    (?:{COUNT})""",
    re.X | re.I,
)
"""The count written after its year on the same line ("2019: 3", "15/16- 1", "2019/20 | 12")."""

RE_PERIOD_BEFORE = re.compile(
    rf"""(?:{COUNT})(?:[ \t]+(?!(?:in|during|for)\b)[A-Za-z][\w'’-]*){{0,4}}[ \t]+(?:in|during|for)[ \t]+(?:the[ \t]+)?
    (?:(?:academic|financial|calendar|school)[ \t]+)?(?:years?[ \t]+)?$""",
    re.X | re.I,
)
"""A count written before its year ("3 in 2019", "5 referrals during 2020/21")."""

RE_PERIOD_PAREN_BEFORE = re.compile(rf"(?:{COUNT})[ \t]*\([ \t]*(?:in[ \t]+)?$", re.X | re.I)
RE_PAREN_CLOSE = re.compile(r"[ \t]*\)")


RE_TABLE_SEP = re.compile(r"^[\s|:;,\-–—]*$")

_PERCENT_AFTER = r"(?:[ \t]*\([ \t]*[0-9]+(?:\.[0-9]+)?[ \t]*%[ \t]*\))?"
"""A share written after a count, "3 (50%)": part of the count's cell, never a count itself."""

RE_SERIES_ITEM = re.compile(
    rf"""[ \t]*(?:[-•*][ \t]+)?(?:(?P<supp><[ \t]?(?P<b3>[0-9]+)|\*+)|(?P<num>{INT})|(?P<word>\b{WORD_NUMBER}\b)){_PERCENT_AFTER}""",
    re.X | re.I,
)
"""One count of a bare series ("3 / 5 / 0 / 2", "3, 5, 0 and 2"), optionally with its share ("3 (50%)")."""

RE_SERIES_SEP = re.compile(r"[ \t]*(?:(?:[,;/|&\t]|\band\b|\r?\n)[ \t]*)+", re.I)
"""What separates the counts of a bare series: commas, slashes, "and", tabs, line breaks."""

RE_SPAN_OPEN = re.compile(r"\b(?:from|between)\s+(?:the\s+)?(?:(?:academic|financial|calendar|school)\s+)?(?:years?\s+)?$", re.I)
"""What opens a span of years in a question: "from 2019 to 2022", "between 2019/20 and 2021/22"."""

RE_NOT_ASKED_YEAR = re.compile(
    rf"(?:\b{MONTH},?\s+(?:[0-9]{{1,2}}(?:st|nd|rd|th)?,?\s+)?|\b(?:Act|Acts|Regulations|Order|Rules|Code|DPA|GDPR|"
    rf"ISO|Measure|Directive|Bill|since|before|after|prior\s+to)\s+|\(Scotland\)\s+Act\s+)$",
    re.I,
)
"""What, before a year in a question, makes it a date, an Act or an open start rather than a year asked about."""

RE_COUNT_LINE = re.compile(
    rf"""[ \t|:\-–]*(?:[A-Za-z][A-Za-z ]{{0,40}}?[ \t]*(?::|\t|[-–][ \t])[ \t]*)?(?:{COUNT}){_PERCENT_AFTER}[ \t|.]*$""",
    re.X | re.I,
)
"""A line that holds one count, perhaps labelled ("Referrals: 5") or with a share ("5 (50%)"), for a year above it."""

# -- money ----------------------------------------------------------------------

_AMOUNT = r"(?:[0-9]{1,3}(?:,[0-9]{3}|,\s[0-9]{3}(?=(?:,\s?[0-9]{3})*\.[0-9]{2}(?![0-9])))+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)"
_SCALE = r"(?:\s?(?P<scale>k|m|bn|million|billion|thousand|mn)(?![A-Za-z]))"

RE_MONEY = re.compile(
    rf"""
    (?:£|\bGBP\s?)\s?(?P<a1>{_AMOUNT}){_SCALE}?
  | (?<![0-9.,£])(?P<a2>{_AMOUNT})\s?(?:pounds?(?:\s+sterling)?|GBP|sterling)\b
    """,
    re.X | re.I,
)
"""An amount in pounds: "£1,200.50", "£2.5m", "GBP 1200", "1,200 pounds", "£21, 984.00"."""

RE_ASKS_MONEY = re.compile(r"\b(?:cost|costs|costing|spend|spent|spending|expenditure|price|paid|pay|payments?|budget|fees?|charges?|how\s+much)\b|£", re.I)
"""A question that asks for an amount of money."""

RE_ZERO_COST = re.compile(
    r"""\b(?:(?:does|do|did|has|have|had)\s+not\s+(?:incur(?:red)?|spen[dt]|pa(?:y|id))\s+any(?:thing|\s+(?:costs?|money|fees?|charges?))?
    |(?:at\s+)?(?:no|nil|zero)\s+(?:additional\s+|extra\s+)?(?:costs?|charges?|spend|expenditure|fees?)\b(?!\s+(?:information|data|records?|details?|breakdown)\b)
    |free\s+of\s+charge
    |(?:cost|spend|expenditure|charge)\s+(?:is|was|has\s+been|were)\s+(?:nil|zero|none|nothing)\b)""",
    re.X | re.I,
)
"""A statement that nothing was spent ("The Council does not incur any costs", "no cost", "nil cost")."""

MONEY_SCALES: dict[str, float] = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9,
}

# -- durations ------------------------------------------------------------------

RE_DURATION = re.compile(
    rf"""(?<![0-9£$.,\w])(?P<n>[0-9]+(?:\.[0-9]+)?|{WORD_NUMBER})
    (?:\s*-\s*|\s+)(?P<kind>(?:calendar|working|business|school|clear)\s+)?
    (?P<unit>seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)\b
    (?![-\s]*olds?\b)(?!-to-)(?!\s+old\b)""",
    re.X | re.I,
)
"""A length of time: "30 days", "12-month", "six weeks", "20 working days"."""

DURATION_UNITS: dict[str, str] = {
    "second": "second", "minute": "minute", "min": "minute", "hour": "hour", "hr": "hour",
    "day": "day", "week": "week", "month": "month", "year": "year", "yr": "year",
}

# -- counts (totals answering "how many") ---------------------------------------

RE_ASKS_NUMBER = re.compile(
    r"\bhow\s+many\b|\b(?:the\s+|total\s+)?numbers?\s+of\b|\btotal\b|\bheadcount\b|\bFTE\b|"
    r"\bfull[- ]time\s+equivalent\b|\bhow\s+much\s+(?:staff|time|resource)\b|\bcount\s+of\b|\bquantity\b",
    re.I,
)
"""A question that asks for a number."""

RE_ASKS_PEOPLE = re.compile(
    r"\b(?:staff|officers?|people|persons?|employees?|personnel|roles?|FTE|members?|counsellors?|advisers?|"
    r"advisors?|practitioners?|workers?|posts?|team|who)\b|full[- ]time equivalent",
    re.I,
)

RE_ANSWER_PREFIX = re.compile(
    r"^[\s>*•\-–]*(?:(?:Q(?:uestion)?\s*)?[0-9]{1,2}[a-z]?\s*[.):](?=\s)\s*)?(?:\(?[a-h]\)\s*)?"
    r"(?:(?:answer|response|reply|a)\s*[:\-–]\s*)?",
    re.I,
)
"""Labels that open an answer ("Answer:", "(a)", "Q5:") and are skipped."""

RE_BARE_NUMBER = re.compile(
    rf"""^(?:the\s+answer\s+is|there\s+(?:are|were|is|was|have\s+been)|approx(?:imately|\.)?|around|about|
        circa|c\.|in\s+total\s*[:,]?|total\s*[:\-–]?|we\s+have|we\s+had)?\s*
    (?P<n>{INT}(?:\.[0-9]+)?|{WORD_NUMBER})
    (?P<rest>(?:[ \t]+[A-Za-z][\w'’-]*){{0,3}})\s*[.!]?\s*$""",
    re.X | re.I,
)
"""An answer that is only a number, with at most a short noun after it ("4347", "2 officers")."""

_NOT_COUNTED = (
    r"(?:information|info|data|records?|figures?|details?|statistics|reports?|documents?|response|answer|breakdown|"
    r"central|specific|such|further|formal|separate|longer|more|other|one|way|access|cost|costs|charge|policy|policies|system)\b"
)
"""Nouns after "no" that deny holding or an answer ("no records", "no breakdown"), not a count of zero."""

RE_ZERO_ANSWER = re.compile(
    rf"""^(?:(?:none|nil|zero|nobody|no[-\s]one|0|dim(?=\s*[/–—-]))\b(?![.,][0-9])(?!\s+of\b|\s+(?:information|data|records?|held|recorded|kept|available)\b)
    |none\s+of\s+(?:our|the|its|their|your|these|those)\s+(?!{_NOT_COUNTED})[a-z]+
    |the\s+(?:answer|number|figure|total)\s+(?:is|was)\s+(?:zero|nil|none|0)\b
    |there\s+(?:are|were|is|was|have\s+been|has\s+been)\s+(?:currently\s+|presently\s+)?(?:no|none|zero|0)\b(?!\s+(?:information|data|records?|figures?)\b)
    |no\s+(?!{_NOT_COUNTED})[a-z]+(?:\s+[a-z]+)?\s+(?:were|was|have\s+been|has\s+been|had\s+been)\s+(?:made|issued|received|recorded|reported|identified|raised|generated|submitted|paid|taken)
    |no\s+(?!{_NOT_COUNTED})[a-z]+\s+(?:in|at|within|across|from|by|during|over|since|currently|use|uses|used|are|were|have|has|had|do|did|receive|received)\b
    |(?:we|it|they|the\s+[\w&'’-]+(?:\s+[\w()&'’-]+){{0,6}}?|[\w&'’-]+)\s+(?:have|has|had)\s+(?:(?:made|received|recorded|issued|had|identified|seen)\s+)?no\s+(?!{_NOT_COUNTED})[a-z]+
    |(?:we|the\s+\w+)\s+(?:have|has|had|did)\s+not\s+(?:made|make|issued|issue|received|receive|had|have)\s+any\b(?!\s+{_NOT_COUNTED})
    |(?:we|the\s+\w+)\s+(?:made|received|recorded|issued|identified)\s+no\s+(?!{_NOT_COUNTED})[a-z]+
    |(?:we|it|they|the\s+[\w&'’-]+(?:\s+[\w()&'’-]+){{0,6}}?)\s+(?:have|has|had|did)\s+not\s+(?:been\s+)?(?:[a-z]+\s+){{1,3}}?(?:any|a\s+single|a)\s+(?!{_NOT_COUNTED})[a-z]+)""",
    re.X | re.I,
)
"""An answer that states zero ("None", "nil", "No-one", "The answer is zero", "No referrals were made",
"No schools in X use ...", "None of our schools ...", "There are currently no ...", "The trust has
not experienced any attacks")."""

RE_ASKS_NOT_A_COUNT = re.compile(
    r"\b(?:cost|costs|spend|spent|price|paid|pay|budget|value|fees?|how\s+much|when|dates?|expire|expiry|renewal|"
    r"version|telephone|phone|reference)\b",
    re.I,
)
"""A question whose bare-number answer is an amount, a date or a reference, not a count."""

RE_TOTAL_STATED = re.compile(
    rf"""\b(?:a\s+)?total(?:\s+of|\s+number(?:\s+of\s+\w+)?\s*(?:is|was|:)|\s+(?:is|was)|\s*[:=\-–|]|\t|\s+(?=[0-9]))\s*(?P<n1>{INT}|{WORD_NUMBER})\b(?![/%]|[.,](?!0+\b)[0-9])
    |\b(?P<n2>{INT}|{WORD_NUMBER})\s+(?:[A-Za-z]+\s+){{0,3}}in\s+(?:total|all)\b
    |(?<![=<>!])=[ \t]*(?P<n3>{INT})(?![0-9]|[/%]|[.,][0-9])(?=[ \t]*(?:[A-Za-z]+[ \t]*)?(?:[.;)]|$))""",
    re.X | re.I | re.M,
)
"""A total the reply states itself ("a total of 12", "Total: 12", "Total 12", "12 staff in total",
"twelve people in all", "Lead (1), Analysts (2) = 3")."""

RE_LEADING_TOTAL = re.compile(
    rf"""^(?P<n>{INT}|{WORD_NUMBER})(?:[ \t]*[:–—]|[ \t]+-(?![ \t]*[0-9]))[ \t]*(?=\S)(?=[^\n]*(?:,|\band\b|&|;))""",
    re.X | re.I,
)
"""A number that opens the answer and is then broken down ("6 – the Head, the DSL and 4 technicians")."""

RE_ROLE_BEFORE = re.compile(
    r"""^[ \t]*(?:[-–—•*·][ \t]*)?(?:(?:and|&|plus)[ \t]+)?(?P<role>[A-Za-z][A-Za-z'’&/. -]*?[A-Za-z)])[ \t]*
    (?:[x×][ \t]*|[–—-][ \t]*|:[ \t]*|\([ \t]*)$""",
    re.X,
)
"""A role written before its number ("Records Officer x2", "Analysts (3)", "FOI Lead – 1", "Assistants: 2")."""

ROLE_BEFORE_NOT_ROLES = frozenset(
    """total totals answer answers response responses number numbers figure figures count yes no approximately
    approx around about circa estimate estimated question q note please see in of for from at by on""".split()
)
"""First words of the text before a number that make it a label, not a role ("Total: 5", "Answer - 2")."""

RE_COUNT_MENTION = re.compile(
    rf"""(?:(?<=[ \t][x×])|(?<![0-9£$€.,/:\w-]))(?P<n>{INT}(?:\.[0-9]+)?)(?P<x>\s?[x×](?=\s))?(?![0-9]|[.,:/][0-9]|[A-Za-z%])
    |(?P<w>\b{WORD_NUMBER}\b)(?![-/])""",
    re.X | re.I,
)
"""A candidate count in a "how many" answer, to be screened by the extractor."""

RE_NOT_COUNT_BEFORE = re.compile(
    r"(?:\b(?:sections?|secs?|s|ss|regs?|regulations?|paragraphs?|paras?|schedules?|articles?|questions?|q|"
    r"parts?|clauses?|pages?|pp?|bands?|levels?|years?|stages?|key\s+stage|ks|tiers?|grades?|versions?|v|options?|"
    r"points?|items?|steps?|phases?|no|nos|number|ref|reference|room|floor|chapter|annex|appendix|tables?|"
    r"figures?|fig|lines?|rows?|columns?|cols?|weeks?|act|acts|top|tel|telephone|phone|mobile|fax|ext|"
    r"extension|unit|units|route|flat|house|box|po\s+box|case|request|requests|foi|eir|sar|id|issue|"
    r"release|windows|office|microsoft|iso|covid|aged?|ages)\.?\s*(?:no\.?\s*)?|[£$€#@~^&+=<>*]\s?|"
    r"\b(?:i\.?\s?e|e\.?\s?g)\.?,?\s*|\bfor\s+(?:example|instance),?\s*|\bsuch\s+as\s*)$",
    re.I,
)
"""What, just before a number, makes it a label, a reference or an amount, not a count."""

RE_NOT_COUNT_AFTER = re.compile(
    r"^(?:\s*(?:%|per\s?cent|percent|pounds?|GBP|k\b|m\b|bn\b|million|billion|pence|p\b)|"
    r"\s*(?:-\s*)?(?:(?:calendar|working|business|school|clear)\s+)?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|"
    r"weeks?|months?|years?|yrs?|am|pm|o'clock|noon|midnight)\b|\s*(?:st|nd|rd|th)\b|\s*[-–]\s*[0-9]|"
    r"\s*(?:of\s+(?:the\s+)?(?:act|foia|regulations?))\b|\s*/\s*[0-9])",
    re.I,
)
"""What, just after a number, makes it an amount, a time, an ordinal or part of a range."""

RE_LIST_MARKER = re.compile(r"(?m)^[ \t]*\(?[0-9]{1,2}[.)](?=\s)")
RE_PHONE = re.compile(r"(?:\+44\s?\(?0?\)?\s?|\b0)[0-9]{2,4}[\s-]?[0-9]{3,4}[\s-]?[0-9]{3,4}\b")
RE_REFERENCE = re.compile(
    r"\b(?:ref(?:erence)?|our\s+ref|your\s+ref|case|request|FOI|FOIR|EIR|SAR|IR|CRM)\b\.?[\s:#-]*(?:no\.?|number)?[\s:#-]*"
    r"[A-Z]{0,6}[-/]?[0-9][0-9A-Z/-]*",
    re.I,
)
RE_ALNUM_TOKEN = re.compile(r"\b(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*\b")
RE_DAY_MONTH = re.compile(rf"\b[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?![a-z])|\b{MONTH}\s+[0-9]{{1,2}}(?:st|nd|rd|th)?\b", re.I)
RE_NUMERIC_DATE = re.compile(r"\b[0-9]{1,4}[/.\-][0-9]{1,2}[/.\-][0-9]{2,4}\b")
RE_TIME = re.compile(r"\b[0-9]{1,2}[:.][0-9]{2}\s*(?:am|pm)?\b|\b[0-9]{1,2}\s*(?:am|pm)\b", re.I)

RE_ROLE_LEAD = re.compile(
    r"[ \t]*(?:[x×][ \t]+)?(?:(?:full[- ]time|part[- ]time|FTE|WTE|permanent|temporary|fixed[- ]term|additional|"
    r"further|other|current|qualified|trained|dedicated|members?[ \t]+of[ \t]+(?:the[ \t]+|our[ \t]+)?|"
    r"staff[ \t]+(?:in|from)[ \t]+(?:the[ \t]+|our[ \t]+)?)[ \t]*)*",
    re.I,
)
RE_ROLE_WORD = re.compile(r"[ \t]*(?:[A-Za-z][\w'’&/.-]*|[0-9]+(?=[ \t]+[A-Za-z]))")
RE_SUBSET_CUE = re.compile(
    r"\b(?:of\s+(?:which|whom|these|those|them)|including|includes|include|out\s+of|comprising|comprised\s+of|"
    r"made\s+up\s+of|consisting\s+of|consists\s+of|of\s+the)\b|:",
    re.I,
)
RE_LIST_JOIN = re.compile(r"^[\s,;&|+/]*(?:(?:and|plus|with|also|as\s+well\s+as|in\s+addition,?)[\s,;]*)*$", re.I)

ROLE_STOPWORDS = frozenset(
    """a an the and or but nor with to in on at for from by of as per plus who whom which that these those this
    have has had having are is was were be been being do does did can could will would shall should may might must
    also who's currently each all any both either every only who’s it its their our your we they he she his her
    access view see use using used work works working manage managed monitor monitors monitoring provide provides
    review reviews reviewed receive receives received handle handles handled deal deals dealt support supports
    respond responds not no there here when where while if then than so such full part time equivalent""".split()
)
"""Words that end the noun phrase naming the role after a number."""

# -- legal sections ---------------------------------------------------------------

_SUB = r"(?:\s?\((?:[0-9]{1,2}[A-Z]?|[a-z]{1,2}|[ivx]{1,5}|[A-Z])\))*"
_SECNUM = rf"[0-9]{{1,3}}(?![0-9]|\.[0-9])[A-Z]?{_SUB}"
_GLOSS = r"(?:\s*\((?!(?:[0-9]{1,2}[A-Z]?|[a-z]{1,2})\))[A-Za-z][A-Za-z ,'’-]{2,40}\))"
"""What a cited section is, in brackets, before the next one ("24(2) (national security), 31(3) (law enforcement)")."""

RE_SECTION = re.compile(
    rf"""(?P<kw>\b(?:sections?|sect?s?\.|secs?|ss?\.|regulations?|regs?\.?|r\.)\s?|(?<![\w.])[sS](?=[0-9])|§\s?)
    (?P<first>{_SECNUM})
    (?P<rest>(?:{_GLOSS}?\s*(?:,|and|&|or|/|\band/or\b)\s*(?:(?:sections?|ss?\.|s(?=[0-9])|regulations?|regs?\.?)\s?)?(?:{_SECNUM}|\((?:[0-9]{{1,2}}[A-Z]?|[a-z]{{1,2}})\){_SUB}))*)""",
    re.X | re.I,
)
"""A citation of one or more sections or regulations ("s.40(2)", "sections 24(1) and 31(1)(a)")."""

RE_SECTION_ITEM = re.compile(rf"(?P<num>[0-9]{{1,3}}[A-Z]?){_SUB}|\((?:[0-9]{{1,2}}[A-Z]?|[a-z]{{1,2}})\){_SUB}")

OTHER_ACT_ACRONYMS = "DPA|UK\\s?GDPR|GDPR|PACE|RIPA|RIP\\(S\\)A|RIPSA|CTSA|HRA|IPA|SOA|CDA|LGA|EA|CA|MHA|CJA"
"""Acts, other than FOI and the EIR, that replies cite by their initials."""

_ACT_NAME = r"(?:[A-Z][\w'’()-]*(?:\s+(?:[A-Z(][\w'’()-]*|and|of|for|on|the|in|to|&))*\s+(?:Act|Regulations|Order|Rules)(?:\s+[0-9]{4})?)"
RE_SECTION_ACT_AFTER = re.compile(
    rf"""^(?:\s*\([^()\n]{{0,80}}\))*\s*,?\s*(?:(?:of|under|in|from|to|within)\s+)?(?:the\s+)?
    (?P<act>{_ACT_NAME}|FOI\(S\)A|FOISA|FOIA|FOI|EIRs?|Act\b|(?:{OTHER_ACT_ACRONYMS})\b(?:\s+[0-9]{{4}})?)""",
    re.X,
)
"""The Act named just after a citation ("... of the Education Act 2002", "... FOIA")."""

RE_SECTION_ACT_BEFORE = re.compile(
    rf"(?P<act>{_ACT_NAME}|FOI\(S\)A|FOISA|FOIA|EIRs?|DPA\s?(?:2018)?|UK\s?GDPR|GDPR)\s*,?\s*(?:at\s+|under\s+)?$"
)
RE_FOI_ACT = re.compile(r"freedom\s+of\s+information|^FOI(?:A|\(S\)A|SA)?(?:\s+Act)?(?:\s+[0-9]{4})?$|^the\s+act$|^act$", re.I)
"""The FOI Act as cited; "the FOI Act" is read as FOIA like "FOIA" itself."""
RE_SCOTLAND_ACT = re.compile(r"scotland|FOISA|FOI\(S\)A", re.I)
RE_EIR_ACT = re.compile(r"environmental\s+information|^EIRs?$", re.I)
RE_SCOTLAND_CONTEXT = re.compile(r"\(Scotland\)|FOISA|FOI\(S\)A|Scottish\s+Information\s+Commissioner", re.I)

# -- yes / no -------------------------------------------------------------------

RE_YES_NO_QUESTION = re.compile(
    r"(?:^|[.?!;:\n]\s*|\(\s*[a-z0-9]{1,2}\s*\)\s*|\b[a-z0-9]{1,2}\)\s*|\b(?:and|or|if\s+so,?|also)\s+)"
    r"(?:(?:please\s+)?(?:can|could|would)\s+you\s+(?:please\s+)?confirm\s+(?:whether|if)\b|"
    r"(?:please\s+)?confirm\s+(?:whether|if)\b|whether\b|"
    r"(?!(?:can|could|would|will)\s+you\b)(?:is|are|do|does|did|has|have|was|were|can|will|would|could|should|"
    r"had)\s+(?:the|your|you|it|this|that|there|any|a|an|all|each|staff|pupils|students|children|[A-Z]\w*)\b)"
    r"|\(?\byes\s*/\s*no\b\)?|\ba\s+yes\s+or\s+no\s+answer\b"
    # "Please state whether or not ...", "I would like to know if ...": a request to say yes or no
    r"|\bwhether\s+or\s+not\b|\b(?:state|confirm|advise|tell\s+(?:me|us)|inform\s+(?:me|us)|indicate|clarify|specify|"
    r"know|say|let\s+(?:me|us)\s+know)\s+(?:to\s+(?:me|us)\s+)?(?:whether|if)\b",
    re.I,
)
"""A question, or a clause of one, that asks yes or no."""

RE_YES_NO_OPEN = re.compile(
    r"(?:the\s+answer\s+(?:to\s+[^.\n]{0,50}?\s+)?is\s+[\"'‘“]?)?"  # "The answer to your first question is 'no'"
    r"(?P<word>yes|yeah|yep|correct|that\s+is\s+correct|confirmed|affirmative|no|nope|incorrect|that\s+is\s+not\s+correct|negative)\b"
    r"(?!\s+(?:information|data|records?|figures?|details?|such\s+information|specific|central|response|answer|breakdown|documents?|policy\s+is\s+held)\b)"
    r"(?![-/])",
    re.I,
)
"""An answer that opens with yes or no."""

RE_NEGATED_STATEMENT = re.compile(
    r"(?:^|[.;:,]\s+|\band\s+|\bbut\s+|\bthat\s+)(?P<subj>we|i|it|they|this|there|(?:the\s+|[A-Z][A-Za-z]+\s+)(?:[A-Za-z]+\s+){0,3}?(?:council|authority|university|trust|"
    r"college|school|force|board|organisation|organization|department|service|academy|body|company|team|"
    r"ministry|office|commission|agency|practice|police|constabulary)|our\s+\w+)\s+"
    r"(?P<neg>(?:do|does|did|has|have|had|is|are|was|were|will|would|can|could)\s*(?:not\b|n['’]t\b|never\b)|never\b|(?:cannot|can['’]t|won['’]t)\b)"
    r"(?!\s+(?:be\s+)?(?:hold|held|record|recorded|retain|retained|keep|kept|collect|collected|capture|captured|know|known|"
    r"maintain|maintained|log|logged|store|stored|possess|confirm|provide|disclose|release|identify|establish|"
    r"have\s+(?:any\s+)?(?:information|data|records?|details|this|that|the\s+information|access\s+to\s+(?:this|that|the)\s+information)|"
    r"able\s+to|in\s+a\s+position|required\s+to|obliged|possible|exist|apply|applicable|relevant)\b)",
    re.I,
)
"""A clause that denies, e.g. "The council does not pay ..."; denials of holding information are left out."""

RE_AFFIRMED_STATEMENT = re.compile(
    r"^(?:we\s+can\s+confirm\s+that\s+|i\s+can\s+confirm\s+that\s+|it\s+is\s+confirmed\s+that\s+)?"
    r"(?:we|the\s+(?:[A-Za-z]+\s+){0,3}?(?:council|authority|university|trust|college|school|force|board|organisation|"
    r"organization|department|service|academy|body))\s+(?:do|does|did)\s+(?!not\b|n['’]t\b)[a-z]+",
    re.I,
)
"""An emphatic affirmative ("The authority does visit ...")."""

RE_CONFIRM_YES = re.compile(r"^(?:we|i)\s+(?:can\s+)?confirm\s+that\s+(?:this|that|it|we|they)\s+(?:is|are|does|do|did|has|have|was|were)\b(?!\s*(?:not|n['’]t|never)\b)", re.I)

# -- products -------------------------------------------------------------------

RE_ASKS_PRODUCT = re.compile(
    r"\b(?:which|what|names?\s+(?:of\s+)?(?:the|your|any)?|who)\b[^?.]{0,60}?\b(?:products?|company|companies|software|systems?|"
    r"suppliers?|providers?|manufacturers?|vendors?|brands?|tools?|platforms?|contractors?|solutions?|applications?|"
    r"apps?|packages?|firms?|makes?|models?|services?|supplies)\b|\bname\s+the\s+(?:providers?|suppliers?|companies|"
    r"company|products?|systems?|software)\b|\bsupplied\s+by\b|\bprovided\s+by\b|"
    r"\b(?:broken\s+down|split|listed|itemised|itemized|analysed)\s+by\s+(?:\w+\s+)?(?:suppliers?|providers?|vendors?|"
    r"compan(?:y|ies)|contractors?|manufacturers?)\b|\bwho\s+(?:manufactures|makes|supplies|provides|maintains|"
    r"installed|installs|hosts|develops|developed)\b",
    re.I,
)
"""A question that asks which product, company, system, supplier or provider."""

RE_COMPANY_SUFFIX = re.compile(
    r"(?<![\w&])(?:[A-Z0-9][\w&'’.-]*)(?:[ \t]+(?:[A-Z0-9(][\w&'’().-]*|&|of|for)){0,6}[ \t]+"
    r"(?:Ltd\.?|Limited|plc|PLC|Plc|LLP|Inc\.?|LLC|GmbH|Pty|S\.A\.)(?![\w])"
)
"""A company name ending in Ltd / Limited / plc / LLP / Inc."""

RE_CAMELCASE = re.compile(r"(?<![\w@./:-])(?:[a-z]{1,2}[A-Z][A-Za-z]+|[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+[A-Z]?)(?![\w@-]|\.[a-z])")
"""An InterCaps or CamelCase token ("NetSupport", "iBoss", "eSafe"): a written product name."""

RE_PRODUCT_CUE = re.compile(
    r"\b(?:we\s+(?:currently\s+|now\s+|also\s+)?(?:use|used|are\s+using|have\s+been\s+using|utilise|utilize|employ|procure|contract\s+with|subscribe\s+to)|"
    r"(?:provided|supplied|delivered|manufactured|made|developed|hosted|run)\s+by|the\s+(?:system|product|software|supplier|"
    r"provider|company|vendor|manufacturer|contractor|platform|solution|tool)\s+(?:used\s+)?(?:is|was)|is\s+called|known\s+as|"
    r"called|(?:providers?|suppliers?|companies|products?|systems?|vendors?|manufacturers?|contractors?)"
    r"(?:\s+(?:used|are|is|were|was|include|includes))?\s*[:\-–])\s+(?:the\s+|a\s+|an\s+)?",
    re.I,
)
RE_NAME_LIST_JOIN = re.compile(r"\s*(?:,|;|&|\band\b|\bor\b)\s*(?:(?:and|or)\s+)?(?:the\s+)?", re.I)
"""What joins the names of a list after a cue ("Foundry College, The Bridge and Acme Ltd")."""
RE_LISTED_NAME = re.compile(
    r"(?m)^[ \t]*(?:\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|[•*\-–])[ \t]+"
    r"(?P<name>[A-Z][\w&'’.+-]*(?:[ \t]+(?:[A-Z0-9(][\w&'’().+-]*|&|of|for|and)){0,7})[ \t]*[,;]?[ \t]*$"
)
"""An item of a numbered or bulleted list that is nothing but a capitalised name ("2) Specialist Computer Centres")."""

RE_AFTER_LEADING_NAME = re.compile(r"[ \t]*(?:$|\n|[-–—:,.;(/£]|[0-9]|(?:in|at|on|across|via|since|from|until|and|for|is\s+used|are\s+used)\b)")
"""What may follow a name that is also a word when it opens the answer: "Arbor in 2024", "Smoothwall - £24,000"."""

_NAME_WORD = r"[A-Z0-9](?:[\w&'’+!-]|\.(?=\w))*"  # "Spectrum.Life", "Remark!"; a full stop before a space ends the name
_ORG_HEAD = r"(?:Service|Services|Centre|Center|Society|Agency|Association|Trust|Partnership|Foundation|Institute|Network|Group|Unit|Alliance)"
RE_CAPITALISED_NAME = re.compile(
    rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|&|(?:and|of|for)(?=(?:[ \t]+{_NAME_WORD}){{1,3}}[ \t]+{_ORG_HEAD}\b)|"
    rf"(?:and|of|for)(?=[ \t]+{_ORG_HEAD}\b))){{0,8}}"
)
"""A run of capitalised words: a name as written.  "and", "of" and "for" join only inside an
organisation's name ("Wales Interpretation and Translation Service", "Deaf and Hard of Hearing Centre"),
never two names ("Hikvision and Axis")."""

COMMON_WORDS = frozenset(
    """access account action active advance advice alert alerts align all alliance apple arbor archive area
    assist assure assured athena atlas axis balance beacon bridge brightly capita care central centre change
    check civic clarity clear cloud compass complete confirm connect contact control core cornerstone counsel
    cover data defender delta direct discover echo edge element elements enable engage engine equal essential
    evolve excel express facts family fast field filter first focus forensic forensics forward foundation frontier
    fusion gateway general global guard guardian harbour haven health help horizon hub impact infinity insight
    inspire integral intelligence journey key kinetic landmark lens level life light lighthouse link live local
    matrix mentor merit mosaic motion my native navigate network nexus note notice office omega one open optima
    origin outlook pace partner pathway pinnacle pioneer planet point portal premier prime prism progress project
    protect pulse quest radar rapid reach ready reveal respond response rise safe safeguard safety secure sense
    sentinel shield signal simple smart solo source spark spectrum sphere spirit stream storm summit support
    surf synergy system systems talk target team teams the think thrive titan total track trust unity unknown
    valid vantage vector venture verify view vision vista vital voice watch wave wise word words zone answer
    none not applicable held policy attached yes no unknown council college school university trust authority
    we our this that they the it please see above below information freedom request section act mind calm box
    canvas shout every sentry evolve advanced objective phoenix channel gamma daisy oracle zoom uniform horizons
    alloy mystic norton titanium papyrus bark nightline milestone niche umbrella checkpoint sensor securely
    capital eclipse tribal pronto bytes gaggle parrot canon insight dell samaritans liberty advance janet
    loop patchwork epic workday whitespace squid copilot beam halo triton gemini tapestry firefly seesaw
    snowflake envoy babble cleric colt concerto scape limbic looker ruckus alma primo insta cera doro immix
    progressive respondent connected confirmed stormy guardians refused exempt withheld redacted enclosed
    various multiple several other others bespoke internal manual paper spreadsheet tbc tba n/a na nothing
    unable declined pending ongoing closed open n.a. in-house inhouse""".split()
)
"""Ordinary English words that some product names share: matched only as written, never fuzzily."""

GENERIC_NAME_WORDS = frozenset(
    """The This That These Those We Our It Its They Their A An In On At For From By Of And Or But Council
    Authority Trust University College School Academy Board Service Services Department Team Office Force
    Police Government County City Borough District Please Yes No None Not N/A Unknown Answer Response Question
    Information Freedom Act Section Regulation Data Protection FOI FOIA EIR Dear Sir Madam Kind Regards Yours
    Thank Thanks If When Where Which What Who How Why All Any Each Some Currently Also However Further Local
    Education Children Safeguarding Designated Lead Head Teacher Manager Officer Staff IT Network System
    Software Product Supplier Provider Company Contract Policy Appendix Annex Table Page Schedule""".split()
)
"""Capitalised words that, alone, are not a product or company name."""

NAME_LEADING_NOISE = frozenset(
    "The This That These We Our Their Its It Answer Response Reply By From And Both Yes No A An Currently".split()
)
"""Capitalised words that may open a run before a company name ("The Acme Ltd") and are not part of it."""

RE_TIME_UNIT_AFTER = re.compile(
    r"[ \t]*(?:-[ \t]*)?(?:(?:calendar|working|business|school|clear)[ \t]+)?"
    r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)\b",
    re.I,
)
"""A unit of time right after a number: the number is a duration, not a count."""

CAMELCASE_NOT_PRODUCTS = frozenset({
    "WhatDoTheyKnow", "LinkedIn", "YouTube", "McDonald", "MacDonald", "McKenzie", "FoI", "PhD",
    "WiFi", "eLearning", "eRostering", "eHealth", "eSafety", "eMail", "eForms", "eCommerce", "eBook", "eBooks",
})
"""CamelCase words that are not an answer's product: the site a request came through, surnames, and
kinds of thing written in InterCaps ("WiFi", "eLearning", "eRostering")."""

RE_QUESTION_VERB = re.compile(
    r"\b(?:does|do|did|has|have)\s+(?:the\s+(?:[a-z-]+\s+)?(?:council|authority|university|trust|college|school|force|"
    r"board|organisation|organization|service|department|academy|body)|your\s+(?:[a-z-]+\s+)?(?:council|authority|"
    r"university|trust|college|school|force|board|organisation|organization|service|department|academy)|you|it|they)\s+"
    r"(?:ever\s+|currently\s+|still\s+|routinely\s+|also\s+|now\s+)?(?P<verb>[a-z]{3,})\b",
    re.I,
)
"""The main verb of a yes/no question ("Does the university *use* ..."), to find it affirmed in the answer."""

RE_QUESTION_PARTICIPLE = re.compile(
    r"\b(?:(?:is|are|was|were)\s+(?:(?!\w+ed\b)[\w'’/-]+\s+){1,6}?|been\s+)(?P<part>[a-z]{3,}ed|given|held|kept|made|paid|done|"
    r"sent|shown|taken|built|known|seen|written|run|set|sold|bought|told|found|brought)\b",
    re.I,
)
"""The participle of a passive yes/no question ("Is maintenance *included* in the contract?")."""

RE_ANY_NEGATION = re.compile(r"\b(?:not|never|no|none|neither|nor)\b|n['’]t\b", re.I)

RE_MODEL_TOKEN = re.compile(r"[ \t]+(?P<tok>[A-Z0-9][\w.+-]*[\w+]|[A-Z0-9])(?=$|[\s,;:.()/]|\.\s)", re.M)
"""A word that may continue a product's name: its model, edition or version ("Matrice 300 RTK", "XProtect
Professional+", "Synergy 3")."""

MODEL_NOT_NAME = frozenset(
    """VMS NVR DVR CCTV PTZ IP ANPR ALPR UK GB EU PC PCs IT ICT AI API PDF HD 4K RAM SSD USB NHS FOI FOIA EIR
    CEO CIO CTO DPO DSL DSLs SIRO IG MIS LA LEA MAT HR GDPR BWV BWC UAV UAS RPAS FTE WTE Ltd Limited plc PLC LLP Inc""".split()
)
"""Capitalised words after a product's name that say what it is, not which one ("Milestone VMS", "Synology NVR")."""
