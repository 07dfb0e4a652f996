"""Parties and their roles from preambles and signature blocks, through the real pipeline."""

from __future__ import annotations

import pytest

from extractor.parties import clean_name, find_parties, role_of
from extractor.pipeline import extract
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
