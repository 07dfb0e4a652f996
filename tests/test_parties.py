"""Parties and their roles from preambles and signature blocks, through the real pipeline."""

from __future__ import annotations

import pytest

from extractor.nlp.parties import clean_name, find_parties, role_of
from extractor.nlp.pipeline import extract
from tests.conftest import make_document

PREAMBLES = [
    (
        ('This Supply Agreement (the "Agreement") is made as of March 3, 2021 by and between '
        'Acme Widgets, Inc., a Delaware corporation with offices at 1 Main St, Boston, MA ("Acme"), '
        'and Beta Foods LLC, a Texas limited liability company ("Buyer").'),
        [("Acme Widgets, Inc.", "Acme"), ("Beta Foods LLC", "Buyer")],
    ),
    (
        ("THIS CONSULTING AGREEMENT is entered into on June 1, 2020 between Global Tech, Ltd "
        "(hereinafter the “Company”) and Jane Smith, an individual residing in Austin, Texas "
        "(the “Consultant”) (each a “Party”, together the “Parties”)."),
        [("Global Tech, Ltd", "Company"), ("Jane Smith", "Consultant")],
    ),
    (
        ("THIS AGREEMENT is made on 26 September 2019\nBETWEEN:\n(1) NORTHWIND LIMITED a company "
        "incorporated in England (the “Company”); and\n(2) JOHN DOE of 1 High Street, London (the ‘‘Employee”)."),
        [("NORTHWIND LIMITED", "Company"), ("JOHN DOE", "Employee")],
    ),
    (
        ("This Agreement is dated as of January 5, 2022 between Sekisui Diagnostics, LLC and its "
        "Affiliates, a Delaware limited liability company (“Sekisui”), and Qualigen, Inc. "
        "(“Qualigen” and together with Sekisui, each a “Party” and together the “Parties”)."),
        [("Sekisui Diagnostics, LLC and its Affiliates", "Sekisui"), ("Qualigen, Inc.", "Qualigen")],
    ),
    (
        "This License Agreement is made between Alpha Bio Corp. and Omega Labs GmbH.",
        [("Alpha Bio Corp.", None), ("Omega Labs GmbH", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PREAMBLES)
def test_preamble_parties_through_the_pipeline(text, expected):
    contract = extract(make_document(text))
    assert [(p.name, p.role) for p in contract.parties] == expected
    assert all(p.evidence and p.evidence.page == 1 for p in contract.parties)


@pytest.mark.parametrize(
    ("parenthetical", "role"),
    [
        ('the "Company"', "Company"),
        ("hereinafter referred to as “Licensee”", "Licensee"),
        ("hereinafter referred to as Party A", "Party A"),
        ("“Qualigen” and together with Sekisui, each a “Party”", "Qualigen"),
        ('the "Agreement"', None),
        ("the “Effective Date”", None),
        ("individually a “Party” and collectively the “Parties”", None),
        ('together, Blackwell and Munksgaard shall be referred to as "the Publishers"', None),
        ("the “Build Addendum”", None),
        ("USA", None),
    ],
)
def test_role_of_parenthetical(parenthetical, role):
    assert role_of(parenthetical) == role


@pytest.mark.parametrize(
    ("chunk", "name"),
    [
        (", and Beta LLC, a Texas limited liability company ", "Beta LLC"),
        ("Consolidated Artists Inc., Sommerville House, Phillips Street, Jersey ", "Consolidated Artists Inc."),
        ("), a Delaware corporation with its address at 5 Elm St, and Gamma Co. ", "Gamma Co."),
        ("), a member institution of The University of Texas System ", None),
        ("Mellon Investor Services LLC (operating as BNY Mellon) ", "Mellon Investor Services LLC"),
        ("ACCURAY INCORPORATED, a Delaware corporation ", "ACCURAY INCORPORATED"),
    ],
)
def test_clean_name(chunk, name):
    assert clean_name(chunk) == name


# One synthetic preamble per phrasing pattern met on held-out CUAD contracts.
PATTERN_PREAMBLES = [
    # a title in capitals opens the preamble itself, no "This"
    (('SUPPORT AGREEMENT dated as of May 1, 2020 between Acme Widgets, Inc., a Delaware corporation '
     '("Acme"), and Beta Foods LLC ("Beta").'), [("Acme Widgets, Inc.", "Acme"), ("Beta Foods LLC", "Beta")]),
    # a mixed-case "Whereas" line ends the preamble: names in the recitals are not parties
    (('This Agreement is made between Acme Widgets, Inc. ("Acme") and Beta Foods LLC ("Beta")\n'
     'Whereas Acme makes widgets and Gamma Corp. ("Gamma") sells them.'),
     [("Acme Widgets, Inc.", "Acme"), ("Beta Foods LLC", "Beta")]),
    # bullets before each party
    (('This Agreement is made by and between:\n• Acme Widgets, Inc. ("Acme"); and\n'
     '• Beta Foods LLC ("Beta").'), [("Acme Widgets, Inc.", "Acme"), ("Beta Foods LLC", "Beta")]),
    # "Party A (Role):" labels before each party
    (('This Agreement is made by and between:\nParty A (Shipper): Acme Logistics Co., Ltd. ("Acme")\n'
     'Party B (Carrier): Beta Freight LLC ("Beta")'),
     [("Acme Logistics Co., Ltd.", "Acme"), ("Beta Freight LLC", "Beta")]),
    # "on behalf of itself and its affiliates" is not part of the name
    (('This Services Agreement is made between Acme Widgets, Inc. ("Acme") and Gamma Energy, Inc., on '
     'behalf of itself and its affiliates (collectively, "Gamma").'),
     [("Acme Widgets, Inc.", "Acme"), ("Gamma Energy, Inc.", "Gamma")]),
    # the preamble points at the signature page: the parties are read there
    (('This Agreement is entered into by the parties listed on the signature page.\n'
     'IN WITNESS WHEREOF the parties sign.\nACME WIDGETS, INC.\nBy: /s/ A\nBETA FOODS LLC\nBy: /s/ B\n'),
     [("ACME WIDGETS, INC.", None), ("BETA FOODS LLC", None)]),
    # a parenthesised place inside the name
    (('This Agreement is made between Acme Trading (Hong Kong) Co., Ltd. ("Acme") and Beta Foods LLC '
     '("Beta").'), [("Acme Trading (Hong Kong) Co., Ltd.", "Acme"), ("Beta Foods LLC", "Beta")]),
    # the suffix is followed by a street address with no comma
    (('This Agreement is made between Acme Widgets, Inc. 1200 Main Street, Boston ("Acme") and Beta '
     'Foods LLC ("Beta").'), [("Acme Widgets, Inc.", "Acme"), ("Beta Foods LLC", "Beta")]),
    # the suffix is followed by "a Nevada corporation" with no comma
    (('This Agreement is made between ACME WIDGETS INC a Nevada corporation ("Acme") and Beta Foods '
     'LLC ("Beta").'), [("ACME WIDGETS INC", "Acme"), ("Beta Foods LLC", "Beta")]),
    # a lowercase brand name
    (('This Reseller Agreement is made between salesforce.com, inc., a Delaware corporation ("SFDC"), '
     'and Beta Foods LLC ("Reseller").'), [("salesforce.com, inc.", "SFDC"), ("Beta Foods LLC", "Reseller")]),
    # a regulator with a defined term is not a party
    (('This Agreement is made between Acme Widgets, Inc. ("Acme"), the U.S. Securities and Exchange '
     'Commission (the "SEC") notwithstanding, and Beta Foods LLC ("Beta").'),
     [("Acme Widgets, Inc.", "Acme"), ("Beta Foods LLC", "Beta")]),
    # the last party has no defined term, only an address
    (('This Agreement is made by and between Acme Widgets, Inc. ("Acme"), and Beta Foods LLC 780 Main '
     'Expressway, San Jose.'), [("Acme Widgets, Inc.", "Acme"), ("Beta Foods LLC", None)]),
    # "its Reseller, Schoolpop, Inc.": the role word before the name is dropped
    (('This Agreement is made between its Reseller, Schoolpop, Inc. ("Schoolpop") and Beta Foods LLC '
     '("Beta").'), [("Schoolpop, Inc.", "Schoolpop"), ("Beta Foods LLC", "Beta")]),
    # "Party A: name" fields: the value ends at the next field label
    (('Party A: Acme Technology Co., Ltd. Legal Representative: Wang Wei\nParty B: Beta Communication '
     'Co., Ltd. Authorized Representative: Li Na\nThis Agreement is made by Party A and Party B.'),
     [("Acme Technology Co., Ltd.", "Party A"), ("Beta Communication Co., Ltd.", "Party B")]),
    (('This Agreement is made between:\nParty A: Acme Technology (Shenzhen) Co., Ltd.  Registration '
     'Address: 1 Road\nParty B: Beta Communication Co., Ltd. Address: 2 Road\nIN WITNESS WHEREOF\n'
     'Party A: Acme Technology (Shenzhen) Co., Ltd. Legal Representative/Authorized Representative: Seal:\n'),
     [("Acme Technology (Shenzhen) Co., Ltd.", "Party A"), ("Beta Communication Co., Ltd.", "Party B")]),
]


@pytest.mark.parametrize(("text", "expected"), PATTERN_PREAMBLES)
def test_preamble_phrasing_patterns(text, expected):
    assert [(p.name, p.role) for p in find_parties(text)] == expected


def test_signature_blocks_name_the_signatories():
    text = (
        "THIS AGREEMENT, made this 18th day of April 2000, between and among the Parties "
        "signatory hereto (hereinafter collectively called “Parties”).\nWITNESSETH: ...\n"
        "IN WITNESS WHEREOF, the Parties have subscribed these presents.\n"
        "For and on behalf of\nKorea Telecom\nBy:\nFor and on behalf of\nedge2net Inc.\nBy:\n"
        "For and on behalf of\nTelia AB (publ)\nBy:\n"
    )
    assert [p.name for p in find_parties(text)] == ["Korea Telecom", "edge2net Inc.", "Telia AB (publ)"]


def test_no_preamble_warns():
    contract = extract(make_document("Payment is due within 30 days of invoice."))
    assert contract.parties == ()
    assert any("no parties found" in w for w in contract.warnings)


# One synthetic text per drafting tradition met on contracts written outside SEC filings.
TRADITION_PREAMBLES = [
    # UK: "THIS AGREEMENT is made on ..." then "BETWEEN:" on its own line, registration numbers
    (('THIS AGREEMENT is made on 3rd February 2025\n\nBETWEEN:\n\n(1) HARBOUR LIGHT FOODS LIMITED '
      '(company number 04567890) whose registered office is at 2 Quay Street, Bristol BS1 4DJ (the '
      '"Supplier"); and\n\n(2) ORCHARD RETAIL PLC, a company incorporated in England and Wales '
      '(registered number 01234567) (the "Customer").\n\nIT IS AGREED as follows:'),
     [("HARBOUR LIGHT FOODS LIMITED", "Supplier"), ("ORCHARD RETAIL PLC", "Customer")]),
    # Australia: "PARTIES" heading, (ACN ...)/(ABN ...) and "of Level 12, ..." after the name
    (('THIS DEED is dated 1 March 2025\n\nPARTIES\n\nBLUEGUM PROPERTY PTY LTD (ACN 111 222 333) of '
      'Level 12, 1 Collins Street, Melbourne VIC 3000 (the "Owner")\n\nSOUTHERN CROSS BUILDERS PTY LTD '
      '(ABN 12 345 678 901) of 5 Smith Road, Geelong VIC 3220 (the "Builder")\n\nBACKGROUND\n'),
     [("BLUEGUM PROPERTY PTY LTD", "Owner"), ("SOUTHERN CROSS BUILDERS PTY LTD", "Builder")]),
    # Singapore: (UEN ...) after the name; Canada: "- and -" between the parties
    (('THIS AGREEMENT is dated 3 November 2025\n\nBETWEEN\n\n(1) LION CITY TRADING PTE. LTD. (UEN '
      '201912345A), a company incorporated in Singapore (the "Buyer"); and\n\n(2) MAPLE LEAF '
      'MACHINERY INC., a corporation existing under the laws of Canada\n\n(the "Seller")\n\nWHEREAS'),
     [("LION CITY TRADING PTE. LTD.", "Buyer"), ("MAPLE LEAF MACHINERY INC.", "Seller")]),
    # Germany: name on its own line, address and register lines, "- hereinafter the "X" -"
    (('This Software Licence Agreement (the "Agreement") is concluded on 17 February 2025\n\nbetween'
      '\n\n  Rheinwerk Datensysteme GmbH\n  Kaiserstraße 45, 60329 Frankfurt am Main, Germany\n'
      '  registered in the commercial register under HRB 112233\n\n  - hereinafter the "Licensor" -'
      '\n\nand\n\n  Baltic Freight Logistics AG\n  Am Sandtorkai 62, 20457 Hamburg\n\n'
      '  - hereinafter the "Licensee" -\n\n§ 1 Subject Matter\n'),
     [("Rheinwerk Datensysteme GmbH", "Licensor"), ("Baltic Freight Logistics AG", "Licensee")]),
    # US government purchase order: "issued by the City of ..., <State>" to "the vendor named above"
    (('CITY OF SPRINGFIELD\nPURCHASE ORDER\nPO Number: 2025-118\n\nVENDOR\nAcme Supplies, Inc.\n'
      '1 Main Street\n\nThis Purchase Order (the "PO") is issued by the City of Springfield, Illinois '
      '(the "City") to the vendor named above (the "Vendor") for the goods below.'),
     [("City of Springfield", "City"), ("Acme Supplies, Inc.", "Vendor")]),
    (('PURCHASE ORDER\nVendor: Delta Parts LLC\nShip To: Warehouse 2\n\nThis Purchase Order is issued '
      'by the County of Clark, Nevada (the "County") to the Vendor named above (the "Contractor").'),
     [("County of Clark", "County"), ("Delta Parts LLC", "Contractor")]),
    # order form with no preamble sentence: the header's role fields name the parties
    (('ORDER FORM\nProvider:   Nimbus Ledger, Inc.\n            55 Second Street\nCustomer:   Osterfeld '
      'Freight Corp.\n\nOrder Date: March 17, 2025\nThis Order Form is governed by the Master Agreement.'),
     [("Nimbus Ledger, Inc.", "Provider"), ("Osterfeld Freight Corp.", "Customer")]),
    # a SOW under a master agreement "between Consultant and Client ... (the "MSA")": no third party
    (('This Statement of Work No. 4 ("SOW") is entered into as of April 14, 2025 by and between '
      'Kestrel Analytics Group, Inc. ("Consultant"), and Dunmore Mutual Insurance Company ("Client"), '
      'and is issued under the Master Services Agreement between Consultant and Client dated '
      'September 9, 2022 (the "MSA").\n\n1. BACKGROUND\n'),
     [("Kestrel Analytics Group, Inc.", "Consultant"), ("Dunmore Mutual Insurance Company", "Client")]),
    # a details table: "| Item 3 | Developer | <name> (ABN ...) |"
    (('AGREEMENT DETAILS\n| Item 1 | Date of Agreement | 7 March 2025 |\n| Item 3 | Developer | '
      'Pixel & Pine Studio Pty Ltd (ABN 41 622 907 315) |\n|        |           | Level 2, 88 Hardware '
      'Lane |\n| Item 4 | Customer | Coastal Harvest Co-operative Limited |\n\nGENERAL TERMS\n'),
     [("Pixel & Pine Studio Pty Ltd", "Developer"), ("Coastal Harvest Co-operative Limited", "Customer")]),
    # ... but a person in a role field is the procurement officer, not a party
    ('PURCHASE ORDER\nBuyer: Jan Lee, CPPB\nVendor: Delta Parts LLC\nThe order is subject to the terms.', []),
    # letter agreement: the writer signs "for and on behalf of", the addressee under "Accepted and agreed"
    (('NORTHSTAR MEDIA LTD.\n12 King Street, Toronto\n\nJanuary 6, 2025\n\nMr. Samuel Ortiz\n'
      '44 Elm Road\n\nRe: Consulting Letter Agreement\n\nDear Sam,\n\nThis letter confirms that Northstar '
      'Media Ltd. ("Northstar", "we" or "us") engages you, Samuel Ortiz ("you" or the "Advisor"), on '
      'the terms below.\n\n1. Services. You will advise us.\n\nYours sincerely,\n\n/s/ Ann Lee\nAnn Lee\n'
      'for and on behalf of Northstar Media Ltd.\n\nACCEPTED AND AGREED:\n\n/s/ Samuel Ortiz\n'
      'Samuel Ortiz\nDate: January 8, 2025\n'),
     [("Northstar Media Ltd.", "Northstar"), ("Samuel Ortiz", "Advisor")]),
    (('Dear Ms. Park:\n\nRe: Engagement\n\nThis letter sets out the terms on which Beacon Advisory '
      'LLC will help you.\n\nVery truly yours,\n\nBEACON ADVISORY LLC\nBy: /s/ Tom Hale\nName: Tom Hale\n\n'
      'Agreed and accepted:\n\nPARK FAMILY FOODS, INC.\nBy: /s/ June Park\nName: June Park\n'),
     [("BEACON ADVISORY LLC", None), ("PARK FAMILY FOODS, INC.", None)]),
]


@pytest.mark.parametrize(("text", "expected"), TRADITION_PREAMBLES)
def test_drafting_traditions(text, expected):
    assert [(p.name, p.role) for p in find_parties(text)] == expected


@pytest.mark.parametrize(
    ("chunk", "name"),
    [
        ("COASTLINE BUILDERS PTY LTD (ACN 123 456 789) of Level 9, 200 Queen Street ", "COASTLINE BUILDERS PTY LTD"),
        ("KESTREL DIGITAL LTD (company number 09876543) whose registered office is ", "KESTREL DIGITAL LTD"),
        ("VELMORA B.V. (KvK 71234567), a private company ", "VELMORA B.V."),
        ("ACME TRADING LIMITED of The Old Mill, Stroud ", "ACME TRADING LIMITED"),
        ("the Board of Education of the City of Chicago ", "Board of Education of the City of Chicago"),
        ("Acme Trading (Hong Kong) Co., Ltd. ", "Acme Trading (Hong Kong) Co., Ltd."),
    ],
)
def test_registration_numbers_and_addresses_end_the_name(chunk, name):
    assert clean_name(chunk) == name


@pytest.mark.parametrize(
    ("parenthetical", "role"),
    [('"you" or the "Consultant"', "Consultant"), ('"we" or "us"', "we"), ('"L&B", "we" or "us"', "L&B")],
)
def test_pronoun_terms_yield_to_named_roles(parenthetical, role):
    assert role_of(parenthetical) == role
