"""The contract title: the heading above the preamble, or the preamble's own words."""

from __future__ import annotations

import pytest

from extractor.pipeline import extract
from extractor.title import find_title
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


@pytest.mark.parametrize(("text", "title"), CASES)
def test_find_title(text, title):
    assert find_title(text) == title


def test_title_through_the_pipeline():
    contract = extract(make_document(CASES[0][0]))
    assert contract.title == "SUPPLY AGREEMENT"
