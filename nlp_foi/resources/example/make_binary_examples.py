"""Regenerate the binary example replies from the text held here.

    python nlp_foi/resources/example/make_binary_examples.py

writes, in ``replies/`` beside this script:

- ``lakeside-school.docx``: a Word letter with a No. | Question | Response table;
- ``moorland-college.pdf``: a text-based PDF letter with numbered paragraphs;
- ``northgate-trust.eml``: an RFC 822 email, multipart/mixed, whose text/plain body is
  quoted-printable and quotes the request under "> " lines, with a small PDF attached.

Dates, identifiers and zip timestamps are fixed, so running the script twice gives the
same bytes (for the same versions of python-docx and fpdf2).  Needs python-docx and fpdf2.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import io
import sys
import zipfile
from email.message import EmailMessage
from pathlib import Path

from docx import Document
from docx.shared import Cm, Pt
from fpdf import FPDF

HERE = Path(__file__).resolve().parent
REPLIES = HERE / "replies"
REQUEST = HERE / "request.txt"
FIXED_TIME = dt.datetime(2021, 6, 9, 10, 0, 0, tzinfo=dt.timezone.utc)


def request_questions() -> list[str]:
    """The eight questions of request.txt, label included ("1. Which company ...")."""
    return [line for line in REQUEST.read_text(encoding="utf-8").splitlines() if line[:1].isdigit()]


# --------------------------------------------------------------------------- Lakeside (.docx)

LAKESIDE_HEAD = [
    "Lakeside School",
    "Mere Lane, Ashwater AW3 2PL  |  Tel: 01632 960412",
    "",
    "Our ref: LS/FOI/21/009",
    "3 June 2021",
    "",
    "Dear A. Researcher,",
]
LAKESIDE_TITLE = "Freedom of Information request - digital monitoring"
LAKESIDE_OPENING = (
    "Thank you for your request of 12 May 2021. Lakeside School has considered it under the "
    "Freedom of Information Act 2000 and holds most of the information you asked for. Our "
    "response to each of your questions is given in the table below."
)
LAKESIDE_RESPONSES = [
    "We use Forensic Monitor, supplied by Forensic Software Ltd, on all school computers and "
    "laptops. Internet filtering is part of our broadband service.",
    "2018/2019: 640; 2019/2020: 512; 2020/2021 (to 31 May 2021): 455. Forensic Monitor sorts "
    "alerts into categories but does not grade them by severity. In 2020/2021 the main "
    "categories were offensive language (212), adult content (88), bullying (97) and self-harm "
    "(41); the remaining 17 fell into other categories.",
    "We do not record the number of individual pupils.",
    "Forensic Monitor saves a screenshot when a word or phrase is flagged. It does not use "
    "webcams, so no photographs of pupils have been taken.",
    "2017/2018 - 1, 2019/2020 - 1 (two different pupils). There were no referrals in the "
    "other years.",
    "(a) Yes, on school laptops lent to pupils for remote learning. (b) Between 4 January and "
    "8 March 2021, 118 alerts were raised on these laptops.",
    "A copy of our Online Safety Policy is enclosed with this letter.",
    "2 DSLs, 1 deputy head and 3 IT technicians. Staff at Forensic Software cannot view our "
    "alerts.",
]
LAKESIDE_CLOSING = (
    "If you are unhappy with our response you may ask for an internal review by writing to the "
    "Chair of Governors at the school address. If you remain dissatisfied after the review, you "
    "may complain to the Information Commissioner's Office."
)
LAKESIDE_SIGNATURE = ["Yours sincerely,", "", "A. Patel", "School Business Manager", "Lakeside School"]


def lakeside_docx_bytes() -> bytes:
    doc = Document()
    doc.core_properties.author = "Lakeside School"
    doc.core_properties.title = LAKESIDE_TITLE
    doc.core_properties.created = FIXED_TIME.replace(tzinfo=None)
    doc.core_properties.modified = FIXED_TIME.replace(tzinfo=None)
    doc.core_properties.last_modified_by = "Lakeside School"
    doc.core_properties.revision = 1
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)

    for i, line in enumerate(LAKESIDE_HEAD):
        run = doc.add_paragraph().add_run(line)
        run.bold = i == 0
    doc.add_paragraph().add_run(LAKESIDE_TITLE).bold = True
    doc.add_paragraph(LAKESIDE_OPENING)

    questions = request_questions()
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, head in zip(table.rows[0].cells, ("No.", "Question", "Response")):
        cell.text = ""
        cell.paragraphs[0].add_run(head).bold = True
    for question, response in zip(questions, LAKESIDE_RESPONSES, strict=True):
        number, _, text = question.partition(". ")
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = number, text, response
    for row in table.rows:
        for cell, width in zip(row.cells, (Cm(1.2), Cm(7.3), Cm(8.0))):
            cell.width = width

    doc.add_paragraph()
    doc.add_paragraph(LAKESIDE_CLOSING)
    for line in LAKESIDE_SIGNATURE:
        doc.add_paragraph(line)

    buffer = io.BytesIO()
    doc.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every member dated FIXED_TIME, so the .docx bytes are reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- Moorland (.pdf)

MOORLAND_HEAD = [
    "Moorland College",
    "Information Governance, Moor Road, Hexley HX9 4RE",
    "",
    "9 June 2021",
    "Ref: MC-FOI-2021-031",
    "",
    "Dear A. Researcher",
]
MOORLAND_TITLE = "Freedom of Information Act 2000 request: Digital monitoring"
MOORLAND_OPENING = (
    "Thank you for your request received on 12 May 2021. Please find the college's response "
    "below; the paragraph numbers match the numbers of your questions."
)
MOORLAND_ANSWERS = [
    "The college uses Censornet Web Security to filter internet access on the college network "
    "and on college-owned devices. Safeguarding alerts are generated by the same service.",
    "Censornet was installed in August 2019, so there are no figures for earlier years. Alerts "
    "by academic year: 2019 to 2020 - 276; 2020 to 2021 (to 31 May) - 214. Alerts are not "
    "graded by severity. By category, most alerts related to adult content, violence and "
    "self-harm searches.",
    "This is not recorded.",
    "Not applicable. Censornet has no access to device webcams.",
    "The college does not disclose figures on Prevent referrals. We consider this information "
    "exempt under section 24(1) (national security) and section 31(1)(a) (the prevention or "
    "detection of crime) of the Act, and that the public interest in maintaining these "
    "exemptions outweighs the public interest in disclosure.",
    "(a) No. Monitoring applies to the college network and to college devices on site; "
    "students' home internet use is not monitored. (b) Not applicable.",
    "Our Safeguarding Policy and our Student IT Acceptable Use Policy are published on the "
    "college website at www.moorland-college.example.ac.uk/about/policies.",
    "Seven members of staff: the Designated Safeguarding Lead, four Deputy Safeguarding Leads "
    "and two members of the IT Services team.",
]
MOORLAND_CLOSING = (
    "If you are dissatisfied with the handling of your request, you have the right to ask for "
    "an internal review. Please write to the Information Governance Manager within 40 working "
    "days. If you remain dissatisfied after the review, you may complain to the Information "
    "Commissioner's Office."
)
MOORLAND_SIGNATURE = ["Yours sincerely,", "", "Helen Brook", "Information Governance Manager", "Moorland College"]


def _pdf(title: str, author: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_TIME)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    return pdf


def _para(pdf: FPDF, text: str, *, style: str = "", size: int = 11, gap: float = 2.0) -> None:
    pdf.set_font("Helvetica", style, size)
    if text:
        pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap if text else 5.5)


def moorland_pdf_bytes() -> bytes:
    pdf = _pdf(MOORLAND_TITLE, "Moorland College")
    _para(pdf, MOORLAND_HEAD[0], style="B", size=14, gap=0)
    for line in MOORLAND_HEAD[1:]:
        _para(pdf, line, gap=0)
    pdf.ln(3)
    _para(pdf, MOORLAND_TITLE, style="B")
    _para(pdf, MOORLAND_OPENING)
    for number, answer in enumerate(MOORLAND_ANSWERS, start=1):
        _para(pdf, f"{number}. {answer}")
    _para(pdf, MOORLAND_CLOSING)
    for line in MOORLAND_SIGNATURE:
        _para(pdf, line, gap=0)
    return bytes(pdf.output())


# --------------------------------------------------------------------------- Northgate (.eml)

NORTHGATE_BODY = """\
Dear A. Researcher,

Thank you for your request for information, which Northgate Learning Trust received on 12 May 2021. The Trust has answered on behalf of its five academies. Our responses follow.

Question 1 - Securly. All five academies use Securly Filter, with Securly Aware for safeguarding alerts, on trust Chromebooks and on the trust network.

Question 2 - Our figures are kept by calendar year, from the start of our Securly contract: 2019 - 2,406; 2020 - 3,118; 2021 (to 31 May) - 1,377. Securly Aware does not grade alerts by severity, and we do not produce totals by category.

Question 3 - To find out how many individual pupils these alerts concern, we would have to export each academy's alert log and match every entry to a pupil by hand. We estimate that this would take well over 18 hours, so under section 12 of the Freedom of Information Act we are not obliged to provide this information.

Question 4 - Securly has no webcam or photograph feature.

Question 5 - 2015/16: 0; 2016/17: 0; 2017/18: fewer than 5; 2018/19: fewer than 5; 2019/20: fewer than 5; 2020/21: 0. Where a figure is below five we have withheld the exact number under section 40(2) of the Act, because with such small numbers the pupils concerned could be identified.

Question 6 - (a) Yes. Securly applies to trust Chromebooks wherever they are used, so monitoring continued while pupils were learning at home during the lockdowns. (b) We do not hold alert totals for the lockdown periods separately.

Question 7 - Please see the attached Trust Online Safety and Acceptable Use Policy.

Question 8 - 13: two DSLs in each of our five academies, the Trust Safeguarding Lead and 2 members of the central IT team.

If you are unhappy with this response, you may ask for an internal review by replying to this email within 40 working days. You also have the right to complain to the Information Commissioner's Office.

Kind regards,

Tom Ashby
Governance and Compliance Officer
Northgate Learning Trust
"""
NORTHGATE_ATTACHMENT = "Northgate-Online-Safety-and-AUP-Policy.pdf"
NORTHGATE_POLICY = [
    "Northgate Learning Trust",
    "Online Safety and Acceptable Use Policy (extract)",
    "Trust devices and the trust network are filtered and monitored to keep pupils safe. "
    "Searches and typed text that suggest a pupil may be at risk raise an alert, which is "
    "reviewed by the academy's Designated Safeguarding Lead.",
    "Monitoring applies to trust-owned devices wherever they are used, including at home. "
    "Pupils and parents are told about monitoring when a device is issued.",
]


def northgate_request_quote() -> str:
    """The request as the trust received it, quoted with "> " under an attribution line."""
    text = REQUEST.read_text(encoding="utf-8").replace("Dear Sir or Madam,", "Dear Northgate Learning Trust,", 1)
    quoted = "\n".join(f"> {line}" if line else ">" for line in text.rstrip("\n").splitlines())
    return f"On 12 May 2021, at 09:30, A. Researcher wrote:\n{quoted}\n"


def northgate_policy_pdf() -> bytes:
    pdf = _pdf(NORTHGATE_POLICY[1], "Northgate Learning Trust")
    _para(pdf, NORTHGATE_POLICY[0], style="B", size=14)
    _para(pdf, NORTHGATE_POLICY[1], style="B")
    for text in NORTHGATE_POLICY[2:]:
        _para(pdf, text)
    return bytes(pdf.output())


def northgate_eml_bytes() -> bytes:
    msg = EmailMessage(policy=email.policy.default)
    msg["From"] = "Northgate Learning Trust Governance <governance@northgate-trust.example.org.uk>"
    msg["To"] = "A. Researcher <a.researcher@example.org>"
    msg["Subject"] = "RE: Freedom of Information request - Digital monitoring"
    msg["Date"] = "Thu, 10 Jun 2021 15:42:17 +0100"
    msg["Message-ID"] = "<20210610154217.4471@northgate-trust.example.org.uk>"
    msg["In-Reply-To"] = "<20210512093000.1187@example.org>"
    msg["References"] = "<20210512093000.1187@example.org>"
    msg.set_content(NORTHGATE_BODY + "\n" + northgate_request_quote(), subtype="plain",
                    charset="utf-8", cte="quoted-printable")
    msg.add_attachment(northgate_policy_pdf(), maintype="application", subtype="pdf",
                       filename=NORTHGATE_ATTACHMENT)
    msg.set_boundary("=_northgate_foi_0412")
    return msg.as_bytes(policy=email.policy.default)


def main() -> int:
    REPLIES.mkdir(exist_ok=True)
    for name, build in (
        ("lakeside-school.docx", lakeside_docx_bytes),
        ("moorland-college.pdf", moorland_pdf_bytes),
        ("northgate-trust.eml", northgate_eml_bytes),
    ):
        (REPLIES / name).write_bytes(build())
        print(f"wrote {REPLIES / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
