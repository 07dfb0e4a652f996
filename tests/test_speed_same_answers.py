"""The speed-ups of issue 15 (text PDFs) give exactly what the slower code gave."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import spacy
from spacy.attrs import NORM, ORTH, SPACY

from extractor import load_document
from extractor.nlp import pipeline, scans
from extractor.nlp.dates import find_dates
from extractor.nlp.numbers import find_durations, find_money
from extractor.read.pdf import DRAWN, FORM_DEPTH, PageScan, drawn_objects
from extractor.read.text import normalise
from models import ExtractionSettings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PDFS = sorted(FIXTURES.glob("*.pdf")) + sorted((FIXTURES / "families").glob("*.pdf"))


def test_warmed_tokeniser_gives_spacys_own_tokens():
    plain = spacy.blank("en")
    for path in PDFS[:6]:
        document = load_document(path)
        for _ in range(2):  # the second time every chunk comes from the cache
            doc = pipeline.make_doc(document, ExtractionSettings())
            expected = plain.make_doc(pipeline.PAGE_SEPARATOR.join(p.text for p in document.pages))
            assert [t.text_with_ws for t in doc] == [t.text_with_ws for t in expected]
            assert (doc.to_array([ORTH, SPACY, NORM]) == expected.to_array([ORTH, SPACY, NORM])).all()


def test_special_cases_keep_their_tokens_after_warming():
    text = "Acme Inc. and Beta Co. don't pay e.g. $5 (Inc.) 'tis"
    pipeline.warm_tokenizer(pipeline.build_nlp(), text)
    assert [t.text for t in pipeline.build_nlp().make_doc(text)] == [
        t.text for t in spacy.blank("en").make_doc(text)]


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_drawn_objects_are_pypdfium2s_paths_and_images(path):
    pdf = pdfium.PdfDocument(path)
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            expected = [(o.type, o.get_bounds()) for o in page.get_objects(filter=DRAWN, max_depth=FORM_DEPTH)]
            got = [(kind, pdfium.PdfObject(raw, page=page).get_bounds())
                   for kind, raw in drawn_objects(page)]
            assert got == expected
            page.close()
    finally:
        pdf.close()


def test_page_counts_agree_with_str_methods():
    text = "Fee ١٢ ½ x_y Ⅻ ² naïve\u00a0\ufb01 \ue000 $5,000.00\n\tend"
    scan = PageScan.of_text(text)
    assert scan.alnum == sum(char.isalnum() for char in text)
    assert scan.glyphs == sum(not char.isspace() for char in text)


@pytest.mark.parametrize("raw, expected", [
    ("non\ufffeexclusive \ufb01rst", "non-exclusive first"),
    ("plain text, nothing to replace", "plain text, nothing to replace"),
])
def test_normalise_replaces_only_when_needed(raw, expected):
    assert normalise(raw) == expected


def test_shared_scans_return_what_the_finders_return_as_new_lists():
    text = load_document(FIXTURES / "consulting-agreement.pdf").text
    first = scans.money_in(text, "USD")
    assert first == find_money(text, "USD") and first
    first.clear()  # a caller changing its list does not change the next caller's
    assert scans.money_in(text, "USD") == find_money(text, "USD")
    assert scans.dates_in(text, False) == find_dates(text, dayfirst=False)
    assert scans.durations_in(text) == find_durations(text)
