"""Company and product names."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp_foi.rules import build_nlp
from nlp_foi.values.products import asks_product, find_products, lexicon, load_vendors

MONITORING = "Which company and product you use for this (for example Impero, NetSupport DNA, Smoothwall etc)"
FOI_SYSTEM = ("What software or system do you use to log and track FOI requests (for example Datix, Ulysses, "
              "iCasework, Verint, Civica, Respond, Microsoft Excel, SharePoint or an in-house system)?")
FIREWALL = "Which vendor supplies the authority's main firewall(s) (for example Fortinet, Palo Alto Networks, Check Point, Cisco)?"
PROVIDER = "(b) If yes, which provider(s), and what is the annual contract value?"
TREES = "Which software do you use to manage your tree stock?"


def products(text, question=""):
    found = find_products(text, question=question)
    for v in found:
        assert v.key == "products"
        assert text[v.start : v.end] == v.text
    return [v.value for v in found]


def test_lexicon_is_large_and_well_formed():
    vendors = load_vendors()
    assert len(vendors) >= 200
    names = [v.name.lower() for v in vendors]
    assert len(names) == len(set(names))
    assert all(v.company and v.category for v in vendors)
    for must in ("Smoothwall", "Impero", "NetSupport DNA", "CPOMS", "Hikvision", "Niche RMS", "Health Assured", "Ezytreev"):
        assert must.lower() in names


@pytest.mark.parametrize(
    "question,expected",
    [
        (MONITORING, True),
        (FOI_SYSTEM, True),
        (FIREWALL, True),
        (PROVIDER, True),
        ("Which endpoint protection / antivirus product does the authority currently use?", True),
        ("Please name the providers used.", True),
        ("Please list the spend on licences for each year, broken down by supplier.", True),
        ("The names of the company(ies) that made the payments.", True),
        ("What is the annual cost of that software (licence, hosting and support)?", False),
        ("How many alerts in total were generated annually?", False),
        ("", False),
    ],
)
def test_asks_product(question, expected):
    assert asks_product(question) is expected


@pytest.mark.parametrize(
    "text,question,expected",
    [
        ("Answer: Smoothwall", MONITORING, ["Smoothwall"]),
        ("smoothwall", MONITORING, ["smoothwall"]),
        ("We use Smothwall for filtering and NetSupport DNA for monitoring.", MONITORING, ["Smothwall", "NetSupport DNA"]),
        ("Imperio", MONITORING, ["Imperio"]),
        ("The school uses Netsweaper.", MONITORING, ["Netsweaper"]),
        ("The system is supplied by Freedom Communications (IUK) Ltd.", MONITORING, ["Freedom Communications (IUK) Ltd."]),
        ("Filtering is provided by Acme Web Guard Limited", MONITORING, ["Acme Web Guard Limited"]),
        ("We use iBoss.", MONITORING, ["iBoss"]),
        ("We use SafeNetix", MONITORING, ["SafeNetix"]),
        ("We currently use Gorilla Shield for web filtering.", MONITORING, ["Gorilla Shield"]),
        ("Gorilla Shield", MONITORING, ["Gorilla Shield"]),
        ("Microsoft Excel spreadsheet", FOI_SYSTEM, ["Microsoft Excel"]),
        ("The Council uses an in-house system built on SharePoint.", FOI_SYSTEM, ["SharePoint"]),
        ("iCasework", FOI_SYSTEM, ["iCasework"]),
        ("Our firewall vendor is Fortinet (FortiGate 600E).", FIREWALL, ["Fortinet", "FortiGate 600E"]),
        # the model or edition written after a known name is part of it; what kind of thing it is, is not
        ("Two DJI Matrice 350 RTK and a DJI Mavic 3 Enterprise for training.", "Which drone models do you use?",
         ["DJI Matrice 350 RTK", "DJI Mavic 3 Enterprise"]),
        ("The cameras record to a Synology NVR.", "Which video management software?", ["Synology"]),
        ("Manufacturers: Axis and Bosch. Software: Genetec Security Center 5.", "Who manufactures the cameras?",
         ["Axis", "Bosch", "Genetec Security Center 5"]),
        ("We bought Hikvision in 2019.", "Which manufacturer?", ["Hikvision"]),
        ("Palo Alto Networks", FIREWALL, ["Palo Alto Networks"]),
        ("Health Assured provides our student assistance programme; we also refer to Togetherall.", PROVIDER,
         ["Health Assured", "Togetherall"]),
        ("Spectrum.Life", PROVIDER, ["Spectrum.Life"]),
        ("We use Confirm for tree records.", TREES, ["Confirm"]),
        ("Hikvision and Dahua cameras; body worn video from Reveal Media.", "Which manufacturer supplies your CCTV?",
         ["Hikvision", "Dahua", "Reveal Media"]),
        ("214 pupils. Providers used: Foundry College, The Bridge AP Academy and Acme Tutoring Ltd.",
         "How many pupils are placed in alternative provision? Please name the providers used.",
         ["Foundry College", "Bridge AP Academy", "Acme Tutoring Ltd."]),
    ],
)
def test_products(text, question, expected):
    assert products(text, question) == expected


@pytest.mark.parametrize(
    "text,question",
    [
        ("Not held", MONITORING),
        ("Unknown", MONITORING),
        ("N/A", MONITORING),
        ("Not applicable", MONITORING),
        ("Refused", MONITORING),
        ("Various", MONITORING),
        ("Your request was made through WhatDoTheyKnow.", MONITORING),
        ("Please contact Mr McDonald.", MONITORING),
        ("Please confirm the details. Storm damage was reported.", TREES),  # "Storm" opening a sentence
        ("We confirm that the trees are inspected.", TREES),  # "confirm" the verb
        ("Securely storing data matters to us.", MONITORING),  # a word close to "Securly"
        ("Progress has been made.", MONITORING),  # a word close to "Progresso"
        ("Smoothwall", "How many alerts in total were generated annually?"),  # not a product question
        ("", MONITORING),
    ],
)
def test_not_products(text, question):
    assert products(text, question) == []


@pytest.mark.parametrize(
    "text,question,expected",
    [
        # a lexicon product opening a short answer, whatever the question's wording
        ("Smoothwall - £24,000 per annum", "What is the annual cost of your web filtering?", ["Smoothwall"]),
        ("Microsoft Access", "How are FOI requests logged?", ["Microsoft Access"]),
        ("Smoothwall: £24,000 in total", "What is the total annual cost of web filtering?", ["Smoothwall"]),
        ("Arbor in 2024, before that SIMS", "Please state the MIS in use and since when.", ["Arbor"]),
        ("Arbor in 2024, before that SIMS", "Which MIS software does the school use?", ["Arbor", "SIMS"]),
        # a list of names, one a line, answering a supplier / company question
        ("1) Camwey Technology\n2) Specialist Computer Centres\n3) Insight Direct (UK) Ltd.",
         "Which companies supplied laptops to the council in 2023?",
         ["Camwey Technology", "Specialist Computer Centres", "Insight Direct (UK) Ltd."]),
        ("• Northgate Cleaning Services\n• Brightway Facilities (UK) Ltd.", "Who are your cleaning contractors?",
         ["Northgate Cleaning Services", "Brightway Facilities (UK) Ltd."]),
        ("Insight Direct (UK) Ltd.", "Please state the supplier used for laptops.", ["Insight Direct (UK) Ltd."]),
    ],
)
def test_products_whatever_the_question(text, question, expected):
    assert products(text, question) == expected


@pytest.mark.parametrize(
    "text,question",
    [
        ("Storm damage was recorded on 12 sites.", "Please describe your tree works."),  # a word opening a sentence
        ("Confirm that the trees are inspected.", "Please describe your tree works."),
        ("The filtering is done by Smoothwall.", "What is the annual cost of your web filtering?"),  # not at the start
        ("Smoothwall", "How many alerts were generated?"),  # a number was asked
        ("1) Camwey Technology\n2) Specialist Computer Centres", "Please describe your procurement process."),
        ("1. Not held\n2. Not applicable", "Which companies supplied laptops to the council?"),
        ("a) Yes\nb) No", "Which companies supplied laptops to the council?"),
        ("4347", "Which company supplies your firewall?"),
    ],
)
def test_not_products_whatever_the_question(text, question):
    assert products(text, question) == []


def test_without_question_only_lexicon_names():
    assert products("We use Smoothwall and SafeNetix from Acme Filtering Ltd.") == ["Smoothwall"]


def test_value_is_name_as_written_trimmed():
    text = "Answer:   NetSupport DNA  "
    (v,) = find_products(text, question=MONITORING)
    assert v.value == v.text == "NetSupport DNA"
    assert text[v.start : v.end] == "NetSupport DNA"


@settings(max_examples=100, deadline=None)
@given(st.text(), st.sampled_from([MONITORING, "", "What is the annual cost?", "Which companies supplied laptops?"]))
def test_never_raises_and_offsets_within(text, question):
    for v in find_products(text, question=question):
        assert 0 <= v.start <= v.end <= len(text)
        assert text[v.start : v.end] == v.text


def test_a_listed_name_without_its_note_or_its_number():
    text = "The products in use are:\n1. Camwey Vision Pro (kiosks)\n2. Insight Direct (UK) Ltd\n3. Acme Forensic Suite (laboratory)"
    assert products(text, "Which products or suppliers does the force use?") == [
        "Camwey Vision Pro", "Insight Direct (UK) Ltd", "Acme Forensic Suite"]


def test_the_lexicon_tokenizes_with_the_rule_pipeline():
    """Answers are tokenized once into one vocabulary: the rules' (their words are made once, not twice)."""
    assert lexicon().nlp is build_nlp()
    assert lexicon().matcher.vocab is build_nlp().vocab


def test_product_names_that_are_ordinary_words_only_as_written():
    question = "Which e-rostering or bank system does the trust use?"
    assert products("There is a feedback loop and a patchwork of local arrangements.", question) == []
    assert products("Bank shifts are booked on Patchwork and Loop.", question) == ["Patchwork", "Loop"]


def test_a_pointer_to_another_answer_names_no_product():
    question = "If not, which company runs the staff bank on its behalf?"
    assert products("See 5a", question) == []
    assert products("Refer to Q2.", question) == []
    assert products("Bankwise Staffing", question) == ["Bankwise Staffing"]


def test_kinds_of_thing_written_in_intercaps_are_not_products():
    question = "Which filtering product is used on the public computers and the public wifi?"
    assert products("The public WiFi is filtered with Fortiguard, and the eRostering module is separate.", question) == ["Fortiguard"]
    assert products("We use NetSweeperPro on the WiFi.", question) == ["NetSweeperPro"]


def test_a_product_the_answer_says_is_not_used_is_not_its_product():
    question = "Which supplier or product does your force use for facial recognition?"
    text = "The PND facial search. North Yorkshire Police does not use Clearview AI and has no contract with that company."
    assert "Clearview AI" not in products(text, question)
    assert products("We do not use Smoothwall but use Impero.", MONITORING) == ["Impero"]
    assert products("We have never used Impero.", MONITORING) == []


def test_a_name_that_is_a_word_counts_in_a_table_cell_but_not_in_prose():
    question = "Which company supplied the sensors and which product is used?"
    assert products("The steel beam was replaced and the halo effect noted.", question) == []
    assert "Triton" in products("School | Sensors | Product\nAshby | Yes | Triton\nCoombe | No | -", question)
    assert "Triton" in products("Academy\nProduct\nAshby\nTriton\n6", question)
    assert "Triton" in products("Triton at Heartlands Academy; Zeptive at Orchards Academy.", question)


def test_a_company_in_brackets_after_its_product():
    assert products("NetSupport DNA (NetSupport Ltd). Filtering is by Smoothwall.", MONITORING) == [
        "NetSupport DNA", "NetSupport Ltd", "Smoothwall"]
    assert products("Insight Direct (UK) Ltd supplies it.", MONITORING) == ["Insight Direct (UK) Ltd"]
