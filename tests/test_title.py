"""The contract title: the heading above the preamble, or the preamble's own words."""

from __future__ import annotations

import pytest

from extractor.nlp.pipeline import extract
from extractor.nlp.title import find_title
from tests.conftest import make_document

CASES = [
    (("Exhibit 10.1\nSUPPLY AGREEMENT\nThis Supply Agreement is made by and between A Inc. (“A”) "
     "and B LLC (“B”)."), "SUPPLY AGREEMENT"),
    (("Exhibit 10.31\nACCURAY INCORPORATED\nMULTIPLE LINAC AND MULTI-MODALITY\nDISTRIBUTOR AGREEMENT\n"
     "This Agreement is entered into by and between X Inc. (“X”) and Y AG (“Y”)."),
     "MULTIPLE LINAC AND MULTI-MODALITY DISTRIBUTOR AGREEMENT"),
    (("Mobility Network General Agreement\nTABLE OF CONTENTS\n2.3 Agreement 2\n"
     "Software License and Maintenance Agreement\nThis Agreement is made between A Inc. (“A”) and "
     "B Corp. (“B”)."), "Software License and Maintenance Agreement"),
    (("This Master Services Agreement (the “Agreement”) is made between A Inc. (“A”) and B Corp. "
     "(“B”)."), "Master Services Agreement"),
    ("Payment is due within 30 days.", None),
]


# Layouts met on held-out CUAD contracts.
PATTERN_CASES = [
    # line breaks lost: the heading is set off by runs of spaces
    (('Exhibit 10.4   INTELLECTUAL PROPERTY AGREEMENT   This INTELLECTUAL PROPERTY AGREEMENT (this '
     '"Agreement") is made among A Inc. ("A") and B LLC ("B").'), "INTELLECTUAL PROPERTY AGREEMENT"),
    # line breaks lost entirely: the heading runs into the preamble
    (('Exhibit 10.1 MANUFACTURING AND SUPPLY AGREEMENT This MANUFACTURING AND SUPPLY AGREEMENT (this '
     '"Agreement") is entered into by and between A Inc. ("A") and B LLC ("B").'),
     "MANUFACTURING AND SUPPLY AGREEMENT"),
    # a form filed as an exhibit keeps "FORM OF"
    (('FORM OF SUB-RESELLER AGREEMENT\nThis Sub-Reseller Agreement is made between A Inc. ("A") and '
     'B LLC ("B").'), "FORM OF SUB-RESELLER AGREEMENT"),
    # the title in capitals opens the preamble
    ('SPONSORSHIP AGREEMENT between A Inc. ("A") and B LLC ("B") dated May 1, 2020.', "SPONSORSHIP AGREEMENT"),
    # a running header repeated on every page is not the title
    (("Acme Supply Contract Copy\nDISTRIBUTION AGREEMENT\n\fAcme Supply Contract Copy\nContents\n"
     "\fAcme Supply Contract Copy\nThis Agreement is made between A Inc. (\"A\") and B LLC (\"B\")."),
     "DISTRIBUTION AGREEMENT"),
]


@pytest.mark.parametrize(("text", "title"), PATTERN_CASES)
def test_title_layout_patterns(text, title):
    assert find_title(text) == title


@pytest.mark.parametrize(("text", "title"), CASES)
def test_find_title(text, title):
    assert find_title(text) == title


def test_title_through_the_pipeline():
    contract = extract(make_document(CASES[0][0]))
    assert contract.title == "SUPPLY AGREEMENT"


# Titles in drafting traditions other than SEC filings.
TRADITION_CASES = [
    # a letter agreement: the "Re:" line above the salutation names it
    (("ACME LTD.\n1 King Street\n\nMarch 3, 2025\n\nMs. Jo Park\n\nRe: Letter Agreement – Advisory "
      "Services\n\nDear Jo,\n\nThis letter sets out the agreement between us."),
     "Letter Agreement – Advisory Services"),
    (("Dear Mr. Smith:\n\nWe are pleased to confirm our engagement.\n\nRE: not a subject\n"), None),
    # a purchase order: the heading above its fields, not a later attachment's heading
    (("COUNTY OF ELM\nPROCUREMENT DIVISION\n\nPURCHASE ORDER\n\nPO Number: PO-1\nPO Date: May 1, 2025\n"
      "Contract Title: Road Salt Supply\n\nVENDOR\nSaltCo, Inc.\n\nThis Purchase Order (\"PO\") is "
      "issued by the County of Elm (the \"County\") to the vendor named above (the \"Vendor\").\n\n"
      "SPECIAL TERMS AND CONDITIONS – PO-1\nThis PO, including these terms, is the entire agreement "
      "between the County and the Vendor."), "PURCHASE ORDER"),
    # UK: a back sheet names the parties above the title, then "THIS AGREEMENT is made on"
    (("DATED 1st May 2025\n\n(1) ALPHA LIMITED\n\nand\n\n(2) BETA LTD\n\nAGREEMENT FOR THE SUPPLY OF "
      "CATERING SERVICES\n\nTHIS AGREEMENT is made on 1st May 2025\n\nBETWEEN:\n\n(1) ALPHA LIMITED "
      "(the \"Customer\"); and\n(2) BETA LTD (the \"Supplier\")."),
     "AGREEMENT FOR THE SUPPLY OF CATERING SERVICES"),
]


@pytest.mark.parametrize(("text", "title"), TRADITION_CASES)
def test_title_drafting_traditions(text, title):
    assert find_title(text) == title


# Lines under a title that name it without being it (a layout common outside SEC filings).
REFERENCE_LINE_CASES = [
    (('SERVICES CONTRACT\nContract No. GHP-FM-2025-03\n\nTHIS SERVICES CONTRACT is made as of '
      'March 14, 2025 between A Ltd. ("Owner") and B Inc. ("Contractor").'), "SERVICES CONTRACT"),
    (('STATEMENT OF WORK NO. 4\nMSA Reference: KAG-2022-01\n\nThis Statement of Work No. 4 ("SOW") is '
      'entered into as of April 14, 2025 by and between A Inc. ("Consultant") and B Co. ("Client").'),
     "STATEMENT OF WORK NO. 4"),
    (('WEB DEVELOPMENT AGREEMENT\n(Fixed Price)\n\nAGREEMENT DETAILS\n| Item 1 | Date of Agreement | '
      '7 March 2025 |\n\nThis Agreement is made between A Pty Ltd ("Client") and B Pty Ltd '
      '("Developer").'), "WEB DEVELOPMENT AGREEMENT"),
]


@pytest.mark.parametrize(("text", "title"), REFERENCE_LINE_CASES)
def test_reference_lines_and_section_headings_are_not_the_title(text, title):
    assert find_title(text) == title
