"""Agreement, effective, signing and expiration dates, term, renewal and notice period."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.keydates import notice_period, readable
from extractor.pipeline import extract
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
    assert contract.notice_period == "6 months before end of term"


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
         "Term"), "60 days before end of term"),
        ("renews for one year unless terminated", None),
    ],
)
def test_notice_period(sentence, notice):
    assert notice_period(sentence) == notice
