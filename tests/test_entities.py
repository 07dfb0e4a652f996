"""contract_entities: DATE, MONEY, PERCENT, DURATION spans with values, on spacy.blank("en")."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy

from extractor.nlp import entities  # noqa: F401  (registers the factory)
from extractor.nlp.dates import ParsedDate
from extractor.nlp.numbers import Duration, Money
from models import ExtractionSettings

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("contract_entities")
    return nlp


def ents(nlp, text, settings=None):
    doc = nlp.make_doc(text)
    doc._.settings = settings
    doc = nlp.get_pipe("contract_entities")(doc)
    return [(e.label_, e.text, e._.value) for e in doc.ents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "This Agreement is dated March 15, 2025.",
            [("DATE", "March 15, 2025", date(2025, 3, 15))],
        ),
        (
            "The Client shall pay Twenty-Five Thousand Dollars ($25,000.00) on signing.",
            [("MONEY", "Twenty-Five Thousand Dollars ($25,000.00)", 25000.0)],
        ),
        ("Interest accrues at 1.5% per month.", [("PERCENT", "1.5%", 1.5)]),
        ("late fee of ten percent (10%)", [("PERCENT", "ten percent (10%)", 10.0)]),
        ("within thirty (30) days of invoice", [("DURATION", "thirty (30) days", (30, "days"))]),
        ("a 90-day cure period", [("DURATION", "90-day", (90, "days"))]),
        (
            "on the 5th day of January, 2025, for EUR 12.500,00",
            [
                ("DATE", "5th day of January, 2025", date(2025, 1, 5)),
                ("MONEY", "EUR 12.500,00", 12500.0),
            ],
        ),
        ("Section 3.15 of the $25 fee schedule, item 30", [("MONEY", "$25", 25.0)]),
        ("a total of 1,000,000 units", []),
        ("[***] Dollars ($[***]) payable", []),
    ],
)
def test_entities(nlp, text, expected):
    found = []
    for label, span_text, value in ents(nlp, text):
        if isinstance(value, ParsedDate):
            value = value.value
        elif isinstance(value, Money):
            value = value.amount
        elif isinstance(value, Duration):
            value = (value.amount, value.unit)
        found.append((label, span_text, value))
    assert found == expected


def test_approximate_date_flag(nlp):
    doc = nlp("Beta delivery is expected in Q3 2025 and launch on March 1, 2026.")
    flags = [(e.text, e._.approximate) for e in doc.ents]
    assert flags == [("Q3 2025", True), ("March 1, 2026", False)]
    assert doc.ents[0]._.value.value == date(2025, 7, 1)


def test_settings_dayfirst_and_currency(nlp):
    text = "Payment of $500 is due 3/4/2025."
    [(_, _, money), (_, _, parsed)] = ents(nlp, text, ExtractionSettings(dayfirst=True,
                                                                          default_currency="CAD"))
    assert money.currency == "CAD"
    assert parsed.value == date(2025, 4, 3)
    [(_, _, money), (_, _, parsed)] = ents(nlp, text, None)
    assert (money.currency, parsed.value) == ("USD", date(2025, 3, 4))


def test_overlap_keeps_longest(nlp):
    found = ents(nlp, "a fee of $25,000 (Twenty-Five Thousand Dollars) within ninety (90) days")
    assert [(label, text) for label, text, _ in found] == [
        ("MONEY", "$25,000 (Twenty-Five Thousand Dollars)"),
        ("DURATION", "ninety (90) days"),
    ]


def test_spans_align_to_tokens(nlp):
    doc = nlp("Fees:$5,000/month from 2025-01-01.")
    assert [e.label_ for e in doc.ents] == ["MONEY", "DATE"]
    assert all(e.start < e.end for e in doc.ents)


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not available")
def test_corpus_contract_has_effective_date(nlp):
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(CORPUS / "cuad-accuray-distributor-agreement-2010.pdf")
    doc = nlp(pdf[0].get_textpage().get_text_range())
    dates = [e._.value.value for e in doc.ents if e.label_ == "DATE"]
    assert date(2010, 6, 8) in dates
