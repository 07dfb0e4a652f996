"""CUAD scoring: the gold parsing conventions, and a floor under the scores on the corpus."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.cuad import (
    date_correct,
    gold_parties,
    normal_name,
    party_matches,
    score_corpus,
    title_matches,
)
from tests.conftest import CORPUS, needs_corpus

# The scores reached on the 52 CUAD contracts, less a little slack for loader changes.
FLOORS = {"agreement_date": 0.94, "effective_date": 0.92, "expiration_date": 0.88, "title": 0.94}
PARTIES_F1_FLOOR = 0.95


@pytest.mark.parametrize(
    ("predicted", "answer", "correct"),
    [
        (date(2016, 5, 1), "5/1/16", True),
        (date(1998, 9, 2), "9/2/98", True),
        (None, "[]/[]/2020", True),
        (None, "perpetual", True),
        (None, "", True),
        (date(2020, 1, 1), "", False),
        (None, "07/31/2000; 07/[]/2000", False),
        (date(2000, 7, 31), "07/31/2000; 07/[]/2000", True),
    ],
)
def test_date_correct(predicted, answer, correct):
    assert date_correct(predicted, answer) is correct


def test_gold_parties_drop_collective_entries():
    answer = (
        'Microgenics Corporation ("Microgenics"); Achaogen Inc. ("Achaogen"); (individually '
        '"Party" and collectively "Parties"); Stryker and Conformis ("Parties")'
    )
    gold = gold_parties(answer)
    assert [(g.name, g.roles) for g in gold] == [
        ("Microgenics Corporation", ("Microgenics",)),
        ("Achaogen Inc.", ("Achaogen",)),
    ]


def test_party_matching():
    gold = gold_parties('Howmedica Ostenonics Corp. ("Stryker")')[0]
    assert party_matches("Howmedica Osteonics Corp.", None, gold)  # CUAD's typo
    assert party_matches("Stryker Orthopaedics", "Stryker", gold)
    assert not party_matches("Conformis, Inc.", "Conformis", gold)
    assert normal_name("Sekisui Diagnostics, LLC and its Affiliates") == "sekisui diagnostics"


def test_title_matching():
    assert title_matches("SUPPLY AGREEMENT", "Supply Agreement")
    assert title_matches("OUTSOURCING AGREEMENT", "ASP and Outsourcing Agreement Order Form")
    assert not title_matches(None, "Supply Agreement")


@needs_corpus
def test_cuad_scores_stay_above_the_floor():
    report = score_corpus(CORPUS)
    assert report.contracts == 52
    for field, floor in FLOORS.items():
        assert report.accuracy(field) >= floor, (field, report.accuracy(field))
    assert report.f1 >= PARTIES_F1_FLOOR
