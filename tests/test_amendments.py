"""The family reader (``contract_family``, extractor/nlp/amendments.py): the kind of document,
the parent it names, signed or draft, and the changes an amendment states. Rules on strings;
real amendments from ../shared where it is there."""

from __future__ import annotations

import datetime

import pytest

from extractor import load_document
from extractor.nlp.amendments import document_kind, parent_reference, signed_state
from extractor.nlp.pipeline import extract
from tests.conftest import ROOT, make_document

D = datetime.date
CUAD_TRAIN = ROOT.parent / "shared" / "cuad-train" / "pdf"
needs_cuad_train = pytest.mark.skipif(not CUAD_TRAIN.exists(),
                                      reason="../shared/cuad-train is not here")  # fmt: skip


@pytest.mark.parametrize(("heading", "kind", "number"), [
    ("FIRST AMENDMENT TO SOFTWARE DEVELOPMENT AGREEMENT", "amendment", 1),
    ("AMENDMENT NO. 2 TO STREMICK'S HERITAGE FOODS MANUFACTURING AGREEMENT", "amendment", 2),
    ("AMENDMENT 1 TO DEVELOPMENT AGREEMENT", "amendment", 1),
    ("ENDORSEMENT AGREEMENT ADDENDUM I", "amendment", 1),
    ("CHANGE ORDER NO. 3", "amendment", 3),
    ("SECOND AMENDMENT\nTO\nCO-BRANDING AGREEMENT", "amendment", 2),
    ("STATEMENT OF WORK NO. 4", "sow", 4),
    ("WORK ORDER #12", "sow", 12),
    ("MASTER SERVICES AGREEMENT", "agreement", None),
    ("AMENDED AND RESTATED LICENSE AGREEMENT", "agreement", None),
    ("EXHIBIT 10.1\nCONSULTING AGREEMENT", "agreement", None),
])  # fmt: skip
def test_kind_and_number_from_the_heading(heading, kind, number):
    found = document_kind(heading + "\nThis document is made between A Corp. and B LLC.", None)
    assert (found.kind, found.number) == (kind, number)


def test_the_kind_is_decided_by_the_first_line_that_names_one():
    text = ("PROFESSIONAL SERVICES AGREEMENT\nThis Agreement ...\n\f"
            "EXHIBIT A - STATEMENT OF WORK NO. 1")
    assert document_kind(text, None).kind == "agreement"


@pytest.mark.parametrize(("text", "title", "when"), [
    (("This Amendment amends that certain Manufacturing Agreement between Heritage and Premier "
     "dated July 1, 2017 (\"Agreement\")."), "Manufacturing Agreement", D(2017, 7, 1)),
    (("This SOW is entered into under the Master\nServices Agreement dated as of February 3, 2025 "
     "between A and B."), "Master Services Agreement", D(2025, 2, 3)),
    (("Licensor and Licensee are parties to that certain Distributor Agreement dated as of "
     "January 1, 1996 (the \"Distributor Agreement\")."), "Distributor Agreement", D(1996, 1, 1)),
    (("This is the First Amendment to the Development Agreement (\"Development Agreement\") "
     "entered into on April 15, 2010, by and between Cargill and BioAmber."),
     "Development Agreement", D(2010, 4, 15)),
    (("Reference is hereby made to that certain fully executed Wireless Content License "
     "Agreement Number 12965 dated as of December 16, 2004."),
     "Wireless Content License Agreement", D(2004, 12, 16)),
])  # fmt: skip
def test_the_parent_named_in_the_opening(text, title, when):
    ref, _start, _end = parent_reference(text)
    assert (ref.title, ref.date) == (title, when)


def test_no_parent_when_only_the_agreement_is_named():
    assert parent_reference("The parties agree to amend the Agreement as follows.") is None


@pytest.mark.parametrize(("text", "signing", "expected"), [
    ("By: /s/ Laura Kim\nName: Laura Kim", False, (True, False)),
    ("By: __________\nName: Nora Whitcomb\nDate: __________", False, (False, False)),
    ("DRAFT - FOR DISCUSSION ONLY\nMARKETING SERVICES AGREEMENT", False, (False, True)),
    ("FORM OF\nCONTENT LICENSE AGREEMENT", False, (False, True)),
    ("SUPPLY AGREEMENT\n... Date: March 3, 2025", True, (True, False)),
    ("The drafting of this Agreement is shared.", False, (False, False)),
])  # fmt: skip
def test_signed_or_draft(text, signing, expected):
    assert signed_state(text, signing) == expected


def family_of(text: str):
    return extract(make_document(text)).family


AMENDMENT = ("FIRST AMENDMENT TO SERVICES AGREEMENT\n"
             "This First Amendment is made as of July 1, 2025 between Acme Corp. (\"Client\") and "
             "Beta LLC (\"Provider\") and amends the Services Agreement dated as of April 7, 2025 "
             "between them.\n\n{body}\n\nBy: /s/ A. Person")


@pytest.mark.parametrize(("body", "expected"), [
    (("1. The due date of Milestone 2 (Beta Release) is changed from August 29, 2025 to "
     "September 26, 2025."),
     {"kind": "due_date", "target": "Milestone 2 (Beta Release)", "old_date": "2025-08-29",
      "new_date": "2025-09-26"}),
    ("1. The deadline for the Final Report is extended to October 15, 2025.",
     {"kind": "due_date", "target": "Final Report", "new_date": "2025-10-15"}),
    (("1. The payment for Milestone 3 (Final Acceptance) is increased from $30,000.00 to "
     "$36,000.00."),
     {"kind": "amount", "target": "Milestone 3 (Final Acceptance)", "old_amount": 30000.0,
      "amount": 36000.0}),
    ("2. The Contract Price is increased from $50,000.00 to $58,000.00.",
     {"kind": "amount", "target": None, "old_amount": 50000.0, "amount": 58000.0}),
    ("2. The term of the Agreement is extended until June 30, 2026.",
     {"kind": "expiration", "new_date": "2026-06-30"}),
    ("2. The Term is extended by twelve (12) months.",
     {"kind": "term", "period": {"value": 12, "unit": "months"}}),
    (("1. The following milestone is added to the payment schedule: Data migration, due "
     "September 30, 2025, $12,000.00."),
     {"kind": "add_milestone", "target": "Data migration", "new_date": "2025-09-30",
      "amount": 12000.0}),
])  # fmt: skip
def test_changes_an_amendment_states(body, expected):
    family = family_of(AMENDMENT.format(body=body))
    assert family.kind == "amendment" and family.number == 1
    assert family.parent.title == "Services Agreement" and family.parent.date == D(2025, 4, 7)
    assert len(family.changes) == 1
    change = family.changes[0].to_dict()
    assert {key: change.get(key) for key in expected} == expected
    assert family.changes[0].evidence.page == 1


def test_an_amendments_own_term_is_not_a_change_of_its_parent():
    body = "1. This Second Amendment shall expire on December 31, 2021."
    assert family_of(AMENDMENT.format(body=body)).changes == ()


def test_an_agreement_states_no_changes_even_when_it_mentions_them():
    text = ("SERVICES AGREEMENT\nThis Agreement is made on March 3, 2025 between A Corp. and "
            "B LLC.\n\nThe fee for Phase 2 is increased from $10,000 to $12,000 if the scope "
            "grows.")
    family = family_of(text)
    assert (family.kind, family.changes, family.parent) == ("agreement", (), None)


def test_a_change_order_without_a_title_takes_its_heading():
    text = ("CHANGE ORDER NO. 1\nThis Change Order No. 1 is issued under the Equipment "
            "Installation Agreement dated May 5, 2025 between A LLC and B Inc.")
    contract = extract(make_document(text))
    assert contract.title == "CHANGE ORDER NO. 1"
    assert contract.family.parent.title == "Equipment Installation Agreement"


@needs_cuad_train
@pytest.mark.parametrize(("name", "number", "title", "when"), [
    ("BIOAMBERINC_04_10_2013-EX-10.34-DEVELOPMENT AGREEMENT - First Amendment.pdf", 1,
     "Development Agreement", D(2010, 4, 15)),
    (("FEDERATEDGOVERNMENTINCOMESECURITIESINC_04_28_2020-EX-99.SERV AGREE-SERVICES "
     "AGREEMENT_SECONDAMENDMENT.pdf"), 2, "Services Agreement", D(2004, 1, 1)),
    ("BellringBrandsInc_20190920_S-1_EX-10.12_11817081_EX-10.12_Manufacturing Agreement3.pdf",
     2, "Manufacturing Agreement", D(2017, 7, 1)),
])  # fmt: skip
def test_real_amendments_name_their_parent(name, number, title, when):
    family = extract(load_document(str(CUAD_TRAIN / name))).family
    assert (family.kind, family.number) == ("amendment", number)
    assert (family.parent.title, family.parent.date) == (title, when)
    assert family.signed

