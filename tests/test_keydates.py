"""Agreement, effective, signing and expiration dates, term, renewal and notice period."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.nlp.keydates import notice_period, readable
from extractor.nlp.pipeline import extract
from models import Period, RenewalTerm
from tests.conftest import make_document

PARTIES = "by and between Acme Inc., a Delaware corporation (“Acme”), and Beta LLC (“Beta”)."


@pytest.mark.parametrize(
    ("opening", "agreement", "effective"),
    [
        ("This Agreement is made and entered into as of May 1, 2016 ", date(2016, 5, 1),
         date(2016, 5, 1)),
        ("This Agreement, effective as of March 20, 2020 (the “Effective Date”), is made ",
         date(2020, 3, 20), date(2020, 3, 20)),
        (("This Agreement is entered on this 9th day of October, 2001 and is deemed effective as of "
         "October 1, 2001 (the \"Effective Date\"), "), date(2001, 10, 9), date(2001, 10, 1)),
        ("This Agreement is made and entered into this first (1st) day of January, 1996, ",
         date(1996, 1, 1), date(1996, 1, 1)),
        ("This Agreement is made the 20 March day of 1998 ", date(1998, 3, 20), date(1998, 3, 20)),
        ("This Agreement is entered into as of June 12, 2019 (the “Execution Date”) ",
         date(2019, 6, 12), date(2019, 6, 12)),
        ("THIS AGREEMENT dated as of [•], 2020 is made ", None, None),
        ("This Agreement, effective as of June , 2010 (the “Effective Date”), is entered into ",
         None, None),
        ("This Agreement is made and entered into this ___ day of ______, 20__ ", None, None),
    ],
)
def test_preamble_dates(opening, agreement, effective):
    contract = extract(make_document(opening + PARTIES))
    assert contract.agreement_date == agreement
    assert contract.effective_date == effective
    if agreement is None:
        assert any("blank" in w for w in contract.warnings)


@pytest.mark.parametrize(
    ("term", "expiration", "length"),
    [
        (("The initial term of this Agreement shall commence on the Effective Date and shall "
         "continue for a period of five (5) years (the “Term”)."), date(2021, 5, 1), "5 years"),
        (("The term of this Agreement shall commence on the Effective Date and end on November 30, "
         "2024 (the “Initial Term”)."), date(2024, 11, 30), "until 2024-11-30"),
        ("This Agreement shall remain in effect for sixty (60) months from the Effective Date.",
         date(2021, 5, 1), "60 months"),
        (("The initial term of this Agreement shall commence on the Effective Date and shall "
         "continue until the fifth (5th) anniversary of the Effective Date."), date(2021, 5, 1), "5 years"),
        (("This Agreement shall be effective from the date first above written and shall continue "
         "indefinitely until terminated by either Party."), None, None),
    ],
)
def test_expiration_from_the_term(term, expiration, length):
    text = ("This Agreement is made as of May 1, 2016 (the “Effective Date”) " + PARTIES
            + "\nNOW, THEREFORE, the parties agree as follows:\n1. Term. " + term)
    contract = extract(make_document(text))
    assert contract.expiration_date == expiration
    assert contract.term == length
    rules = [k.rule for k in contract.key_dates if k.kind == "expiration_date" and k.rule]
    if length and length.endswith("years") and expiration:
        assert rules and rules[0].anchor == "effective_date"


# One synthetic contract per phrasing pattern met on held-out CUAD contracts:
# (text, agreement date, effective date, expiration date).
SIGNED = "\nIN WITNESS WHEREOF the parties sign.\nBy: /s/ A. Person\n"
DATE_PATTERNS = [
    # an ordinal split by a space in the extracted text
    ("This Agreement is made this 10t h day of May, 2016 " + PARTIES, date(2016, 5, 10), date(2016, 5, 10), None),
    # no date in the preamble: "This Agreement is dated ..." above the signatures
    ("This Agreement is made " + PARTIES + "\n1. Sales.\nThis Agreement is dated April 29, 2010." + SIGNED,
     date(2010, 4, 29), date(2010, 4, 29), None),
    # no preamble: the date is in the IN WITNESS sentence ("as of this 4th day of ...", "on ...")
    (("SUPPLY AGREEMENT\nWHEREAS, Acme Inc. (the “Company”) and Beta LLC (“Beta”) wish to agree.\n"
     "1. Sales.\nIN WITNESS WHEREOF, the parties hereto have executed this Agreement as of this 4th "
     "day of April, 2003.\nACME INC.\nBy: /s/ A\n"), date(2003, 4, 4), date(2003, 4, 4), None),
    ("This Agreement is made " + PARTIES + "\nIN WITNESS WHEREOF, the parties have signed this "
     "Agreement on May 5, 2012.\nBy: /s/ A\n", date(2012, 5, 5), date(2012, 5, 5), None),
    # the date of the amended agreement is not this one's
    ("This Amendment No. 1 amends that certain Supply Agreement between Acme and Beta dated as of March "
     "1, 2015, and is made as of June 2, 2017 " + PARTIES, date(2017, 6, 2), date(2017, 6, 2), None),
    # "(the “Second Amendment Effective Date”)" names this document's effective date
    ("This Second Amendment is made as of June 2, 2017 (the “Second Amendment Effective Date”) " + PARTIES,
     date(2017, 6, 2), date(2017, 6, 2), None),
    # the document's own short name: This Statement of Work No. 4 ("SOW") ... "SOW Effective Date"
    ("This Statement of Work No. 4 (\"SOW\") is entered into as of April 14, 2025 (the \"SOW\n"
     "Effective Date\") " + PARTIES + "\n2. Consultant shall commence the Services on April 21, 2025 "
     "(the \"Start Date\").\n", date(2025, 4, 14), date(2025, 4, 14), None),
    # an unquoted "(Effective Date)"
    ("This Agreement is made on June 2, 2017, effective July 1, 2017 (Effective Date) " + PARTIES,
     date(2017, 6, 2), date(2017, 7, 1), None),
    # effective on an event: unknown; on the signing: the date it was made
    ("This Agreement is made as of June 2, 2017 " + PARTIES + "\n9. This Agreement shall become "
     "effective upon approval by the board of Beta.\n", date(2017, 6, 2), None, None),
    ("This Agreement is made as of June 2, 2017 " + PARTIES + "\n9. This Agreement shall take effect "
     "upon the signatures of both Parties.\n", date(2017, 6, 2), date(2017, 6, 2), None),
    # a signature table flattened with the dates before their labels
    ("This Agreement is made " + PARTIES + "\nIN WITNESS WHEREOF the parties sign.\nBy: /s/ A By: /s/ B\n"
     "4/24/2018 04/25/2018 Date Date\n", date(2018, 4, 25), date(2018, 4, 25), None),
    # term to the end of the calendar year
    ("This Agreement is made as of May 8, 2014 " + PARTIES + "\n2. Term. This Agreement shall continue "
     "until the end of the current calendar year.\n", date(2014, 5, 8), date(2014, 5, 8), date(2014, 12, 31)),
    # term for a period defined elsewhere
    ("This Agreement is made as of May 8, 2014 " + PARTIES + "\n1. “Service Period” means the period from "
     "the Effective Date through June 30, 2016.\n5. Term. This Agreement shall remain in effect for the "
     "Service Period.\n", date(2014, 5, 8), date(2014, 5, 8), date(2016, 6, 30)),
    # the agreement's period defined, with no term clause
    ("This Agreement is made as of January 1, 2000 " + PARTIES + "\n1. Definitions. (a) “Contract Period” "
     "shall mean that period commencing on January 1, 2000 and concluding December 31, 2003.\n"
     "(b) “Contract Year” shall mean each 12-month period.\n", date(2000, 1, 1), date(2000, 1, 1),
     date(2003, 12, 31)),
    # lengths written "two (2) year(s)", "twelve (12) full calendar months", OCR "one (I) year"
    ("This Agreement is made as of May 1, 2016 " + PARTIES + "\n2. Term. The term of this Agreement shall "
     "be two (2) year(s) from the Effective Date.\n", date(2016, 5, 1), date(2016, 5, 1), date(2018, 5, 1)),
    ("This Agreement is made as of May 1, 2016 " + PARTIES + "\n2. Term. This Agreement shall remain in "
     "force for twelve (12) full calendar months from the Effective Date.\n", date(2016, 5, 1),
     date(2016, 5, 1), date(2017, 5, 1)),
    ("This Agreement is made as of May 1, 2016 " + PARTIES + "\n2. Term. This Agreement shall remain in "
     "force for one (I) year from the Effective Date.\n", date(2016, 5, 1), date(2016, 5, 1), date(2017, 5, 1)),
    # an amendment's own term
    ("This Amendment is made as of May 1, 2016 " + PARTIES + "\n2. This Amendment shall expire on April "
     "30, 2019.\n", date(2016, 5, 1), date(2016, 5, 1), date(2019, 4, 30)),
    # "for an initial term of", "the later of (i) ...", "from the date of its execution"
    ("This Agreement is made as of May 1, 2016 " + PARTIES + "\n2. The parties agree to work together "
     "for an initial term of three (3) years from the Effective Date.\n", date(2016, 5, 1),
     date(2016, 5, 1), date(2019, 5, 1)),
    ("This Agreement is made as of May 1, 2016 " + PARTIES + "\n2. Term. The term of this Agreement shall "
     "end on the later of (i) five (5) years after the Effective Date or (ii) the last delivery.\n",
     date(2016, 5, 1), date(2016, 5, 1), date(2021, 5, 1)),
    ("This Agreement is made " + PARTIES + "\n2. Term. This Agreement shall remain in force for three (3) "
     "years from the date of its execution." + SIGNED + "Date: 5/1/2016\n", date(2016, 5, 1),
     date(2016, 5, 1), date(2019, 5, 1)),
]


@pytest.mark.parametrize(("text", "agreement", "effective", "expiration"), DATE_PATTERNS)
def test_date_phrasing_patterns(text, agreement, effective, expiration):
    contract = extract(make_document(text))
    assert (contract.agreement_date, contract.effective_date, contract.expiration_date) == (
        agreement, effective, expiration)


def test_renewal_and_notice():
    text = (
        "This Agreement is made as of May 1, 2016 " + PARTIES + "\nNOW, THEREFORE, the parties "
        "agree:\n2. Term. The initial term of this Agreement shall commence on the Effective Date "
        "and shall continue for a period of five (5) years. The term shall be automatically "
        "extended for successive one (1) year periods unless either Party notifies the other not "
        "less than six (6) months before the end of the then current term."
    )
    contract = extract(make_document(text))
    assert contract.renewal == "automatic, successive 1 year"
    assert contract.renewal_term == RenewalTerm(automatic=True, value=1, unit="years")
    assert contract.notice_period == Period(6, "months")
    data = contract.to_dict()
    renewal, notice = data["renewal_term"], data["notice_period"]
    assert {k: renewal[k] for k in ("automatic", "value", "unit")} == {"automatic": True, "value": 1, "unit": "years"}
    assert {k: notice[k] for k in ("value", "unit")} == {"value": 6, "unit": "months"}
    assert 0.0 <= renewal["confidence"] <= 1.0 and 0.0 <= notice["confidence"] <= 1.0  # the models chose them


def test_effective_date_is_the_last_signature():
    text = (
        "THIS AGREEMENT is effective as of the last date provided for on the signature page and "
        "is entered into " + PARTIES + "\nIN WITNESS WHEREOF the parties sign below.\n"
        "By: /s/ A. Person By: /s/ B. Person\nName: A. Person Name: B. Person\n"
        "Date: 4/26/2017 Date: 4/28/2017\n"
    )
    contract = extract(make_document(text))
    assert contract.effective_date == date(2017, 4, 28)
    assert contract.agreement_date == date(2017, 4, 28)
    signed = sorted(k.value for k in contract.key_dates if k.kind == "signing_date")
    assert signed == [date(2017, 4, 26), date(2017, 4, 28)]


def test_effective_date_defined_as_an_event_is_unknown():
    text = ("This Agreement is made as of May 1, 2016 " + PARTIES + "\n1. Definitions\n"
            "“Effective Date” means the first business day after the HSR clearance date.\n")
    contract = extract(make_document(text))
    assert contract.agreement_date == date(2016, 5, 1)
    assert contract.effective_date is None


def test_effective_date_defined_in_the_body():
    text = ("This Agreement is made as of the Effective Date " + PARTIES + "\n1. Definitions\n"
            "“Effective Date” means October 31, 2019.\n")
    assert extract(make_document(text)).effective_date == date(2019, 10, 31)


def test_evidence_quotes_the_sentence():
    contract = extract(make_document("This Agreement is made as of May 1, 2016 " + PARTIES))
    evidence = next(k.evidence for k in contract.key_dates if k.kind == "agreement_date")
    assert evidence.page == 1 and "May 1, 2016" in evidence.text


def test_readable_keeps_offsets():
    text = "made this first (1st) day of January, 1996 and the 20 March day of 1998"
    assert len(readable(text)) == len(text)


@pytest.mark.parametrize(
    ("sentence", "notice"),
    [
        (("unless either party gives written notice at least 60 days prior to the end of the Initial "
         "Term"), Period(60, "days")),
        ("renews for one year unless terminated", None),
    ],
)
def test_notice_period(sentence, notice):
    assert notice_period(sentence) == notice


def _key_dates(text: str):
    """The key dates component alone on a blank pipeline: {kind: date}, term, renewal."""
    import spacy

    from extractor.nlp.keydates import KeyDatesComponent

    doc = KeyDatesComponent()(spacy.blank("en").make_doc(text))
    found = {k.kind: k.value for k in doc._.key_dates if k.kind != "signing_date"}
    return found, doc._.term, doc._.renewal


UK_PARTIES = '\n\nBETWEEN:\n\n(1) ALPHA LIMITED (the "Customer"); and\n(2) BETA LTD (the "Supplier").\n\n'


# The only date of this contract is its start: the rules leave the agreement date empty, and so
# does the learned model (it was right at that score less often than its bar), with a warning
# that names the one date there is
# (test_a_date_the_rules_did_not_give_is_left_empty_or_flagged_for_review).
STATE_CONTRACT_AGREEMENT = None

# One synthetic text per drafting tradition: (text, agreement, effective, expiration).
TRADITION_DATES = [
    # UK: made on one date, takes effect on a "Commencement Date" defined in the definitions
    (('THIS AGREEMENT is made on 15th March 2025' + UK_PARTIES + '1. DEFINITIONS\n"Commencement Date" '
      'means 1st April 2025;\n"Initial Term" means the period of two (2) years from the Commencement Date;'
      '\n2. This Agreement shall take effect on the Commencement Date.'),
     date(2025, 3, 15), date(2025, 4, 1), date(2027, 4, 1)),
    # Australia: "THIS SUBCONTRACT is dated ..." above a "PARTIES" heading
    (('THIS SUBCONTRACT is dated 15 July 2025\n\nPARTIES\n\nALPHA PTY LTD (ACN 123 456 789) (the '
      '"Contractor")\n\nBETA PTY LTD (ACN 987 654 321) (the "Subcontractor")\n\nBACKGROUND\n'),
     date(2025, 7, 15), date(2025, 7, 15), None),
    # grant: start date named in a sentence, "Grant Period" running until an end date
    (('This Grant Agreement is dated 14 May 2025 and is made between:\n(1) ALPHA TRUST (the "Trust"); '
      'and\n(2) BETA UNIVERSITY (the "Institution").\n\n2. GRANT PERIOD\n2.1 The Project shall start '
      'on 1 June 2025 (the "Start Date") and the Grant Period shall run from the Start Date until 31 May '
      '2027 (the "End Date").'),
     date(2025, 5, 14), date(2025, 6, 1), date(2027, 5, 31)),
    # order form: "Order Date:" field, effective on the order date, subscription end date field
    (('ORDER FORM\nCustomer: Beta Corp.\nOrder Date: March 17, 2025\nOrder Form Effective Date: the Order '
      'Date\n\nThis Order Form is entered into between Alpha, Inc. ("Provider") and Beta Corp. '
      '("Customer") and is governed by the Master Subscription Agreement between the parties dated '
      'January 9, 2024.\n\nSubscription Start Date: April 1, 2025\nSubscription End Date: March 31, 2027\n'
      'Subscription Term: Twenty-four (24) months\n'),
     date(2025, 3, 17), date(2025, 3, 17), date(2027, 3, 31)),
    # purchase order: "PO Date:", "effective on the PO Date", "Period of Performance: X through Y"
    (('PURCHASE ORDER\nPO Number: 17\nPO Date: May 12, 2025\n\nVENDOR\nGamma Inc.\n\nPeriod of '
      'Performance: June 2, 2025 through December 31, 2025\n\nThis Purchase Order ("PO") is issued by '
      'the City of Elm (the "City") to the vendor named above (the "Vendor") in accordance with the '
      'Vendor\'s proposal dated March 14, 2025. This PO is effective on the PO Date.\n'),
     date(2025, 5, 12), date(2025, 5, 12), date(2025, 12, 31)),
    # letter agreement: the letter's date, a "Start Date" and an end date in the body
    (('ALPHA INC.\n1 Main Street\n\nSeptember 8, 2025\n\nMs. Jo Park\n\nRe: Letter Agreement\n\nDear Jo,'
      '\n\nThis letter will form a binding agreement between us.\n\n2. Term\nYour engagement will commence '
      'on September 15, 2025 (the "Start Date") and will end on December 31, 2025.\n'),
     date(2025, 9, 8), date(2025, 9, 15), date(2025, 12, 31)),
    # US government: a "Contract Period" field with a dash; "the term of this Contract begins on"
    (('CONTRACT\nContract Period: July 1, 2025 – June 30, 2026\n\nThis Contract is entered into by and '
      'between the State of Ohio ("State") and Acme Paving, Inc. ("Contractor").\n'), None, None, date(2026, 6, 30)),
    (('This Contract is entered into by and between the State of Ohio ("State") and Acme Paving, Inc., an '
      'Ohio corporation with offices at 1 Main Street, Columbus ("Contractor").\n\n1. TERM. The term of this Contract begins on July 1, 2025 and ends on June 30, 2026.'),
     STATE_CONTRACT_AGREEMENT, date(2025, 7, 1), date(2026, 6, 30)),
    # UK key-details schedule: "Commencement Date:" and "Initial Term:" fields
    (('THIS AGREEMENT is dated 3 February 2025' + UK_PARTIES + 'KEY DETAILS\nCommencement Date: 1 March '
      '2025\nInitial Term: 3 years from the Commencement Date\n'), date(2025, 2, 3), date(2025, 3, 1), date(2028, 3, 1)),
    # a start date stated in a sentence, no quotes
    (('This Memorandum of Agreement is made this 2nd day of June 2025 between Alpha Ltd ("A") and Beta Ltd '
      '("B").\n\nThe Service Start Date is 1 July 2025. This Agreement shall continue for an Initial Term of '
      'two (2) years from the Service Start Date.'), date(2025, 6, 2), date(2025, 7, 1), date(2027, 7, 1)),
    # statement of work: "SOW Effective Date:" field, services "performed from X to Y"
    (('STATEMENT OF WORK\nSOW Effective Date: May 5, 2025\nThis SOW is entered into by Alpha Inc. ("Client") '
      'and Beta LLC ("Vendor").\nThe services will be performed from May 5, 2025 to August 29, 2025.'),
     date(2025, 5, 5), date(2025, 5, 5), date(2025, 8, 29)),
    # an initial term counted from a named commencement date that is not the effective date
    (('This Services Agreement is entered into as of April 7, 2025 (the "Effective Date") by and between '
      'Alpha, Inc. ("Client") and Beta LLC ("Provider").\n\n1. "Service Commencement Date" means May 1, '
      '2025.\n\n2. The Agreement shall have an Initial Term of two (2) years from the Service '
      'Commencement Date.'),
     date(2025, 4, 7), date(2025, 4, 7), date(2027, 5, 1)),
    # a details table: "| Item 2 | Effective Date | 10 March 2025 |", signed on 7 March
    (("AGREEMENT DETAILS\n| Item 1 | Date of Agreement | 7 March 2025 |\n| Item 2 | Effective Date "
      "| 10 March 2025 |\n| Item 3 | Developer | Pixel Pty Ltd |\n\n1. Services.\n" + SIGNED
      + "Date: 7 March 2025\n"), date(2025, 3, 7), date(2025, 3, 10), None),
    # a statement of work that expires on its own date
    (('This Statement of Work No. 4 is entered into as of April 14, 2025 by and between Alpha, Inc. '
      '("Consultant") and Beta LLC ("Client").\n\n3. Unless terminated earlier in accordance with '
      "the MSA, this SOW shall expire on October 31, 2025."),
     date(2025, 4, 14), date(2025, 4, 14), date(2025, 10, 31)),
]


@pytest.mark.parametrize(("text", "agreement", "effective", "expiration"), TRADITION_DATES)
def test_key_dates_drafting_traditions(text, agreement, effective, expiration):
    found, _term, _renewal = _key_dates(text)
    assert found.get("agreement_date") == agreement
    assert found.get("effective_date") == effective
    assert found.get("expiration_date") == expiration


@pytest.mark.parametrize(
    ("clause", "renewal"),
    [
        # deadlines extended by written agreement: not a renewal of the agreement
        (("6.3 Dates in this Section may be extended by written agreement of the parties' project "
          "managers, by no more than ten (10) business days each."), None),
        (("Unless either party gives notice of non-renewal at least sixty (60) days before the "
          "Subscription End Date, the subscription will renew for successive twelve (12) month terms."),
         "automatic, successive 12 months"),
        ("The Customer may renew this Agreement for a further period of twelve (12) months.",
         "optional 12 months"),
    ],
)
def test_renewal_is_the_agreements(clause, renewal):
    text = 'This Agreement is made on 1 May 2025 between Alpha Inc. ("A") and Beta LLC ("B").\n\n' + clause
    assert _key_dates(text)[2] == renewal


def test_order_date_in_a_numbered_form_box_is_the_agreement_date():
    """Government order forms put each value under a numbered box label."""
    text = (
        "ORDER FOR SUPPLIES AND SERVICES\n\nPAGE 1 OF 1 PAGE(S)\n\n1. DATE OF ORDER\n07/10/2020\n\n"
        "2. ORDER NUMBER\n47QPCA20F0019\n\n19. PAYMENT/DISCOUNT TERMS\nNET 30 DAYS\n"
    )
    contract = extract(make_document(text))
    assert contract.agreement_date == date(2020, 7, 10)
