"""The speed-ups of issue 15 (text PDFs) give exactly what the slower code gave."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import spacy

from extractor import load_document
from extractor.nlp import clauses, pipeline, scans, sentences, tokens
from extractor.nlp.dates import find_dates
from extractor.nlp.extensions import doc_text
from extractor.nlp.numbers import find_durations, find_money
from extractor.read.pdf import DRAWN, FORM_DEPTH, PageScan, drawn_objects
from extractor.read.text import normalise
from models import ExtractionSettings

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PDFS = sorted(FIXTURES.glob("*.pdf")) + sorted((FIXTURES / "families").glob("*.pdf"))


def spacy_tokens(text: str) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t)) for t in spacy.blank("en").make_doc(text)]


def our_tokens(text: str) -> list[tuple[int, int]]:
    found = tokens.tokenize(text, pipeline._token_offsets)
    return [(start, found.end(i)) for i, start in enumerate(found.starts)]


def test_token_starts_and_ends_are_spacys_on_real_documents():
    for path in PDFS + sorted(FIXTURES.glob("*.docx")):
        document = load_document(path)
        text = pipeline.PAGE_SEPARATOR.join(p.text for p in document.pages)
        for _ in range(2):  # the second time every chunk comes from the cache
            assert our_tokens(text) == spacy_tokens(text), path.name


@pytest.mark.parametrize("text", [
    "", " ", "  a", " a", "a ", "a  ", "a \n", "\n", "\n\n x", "a\u00a0 b", " \t x  y\n\n z ",
    "Acme Inc. and Beta Co. don't pay e.g. $5 (Inc.) 'tis", "cannot  Dont.\n\n(a) $5,000",
    "x\u2003\u2003y\u3000z\x1c", "US$5,000.00), 10am-12pm; ref. 4.2(a)(iii)",
])
def test_token_starts_and_ends_are_spacys_on_edge_cases(text):
    assert our_tokens(text) == spacy_tokens(text)


def test_space_codes_are_pythons_whitespace():
    assert tokens.SPACE_CODES.tolist() == [c for c in range(0x110000) if chr(c).isspace()]


@pytest.mark.parametrize("text", [
    "Payment: the payments, PAYMENT-fees and $5 or US$5 (the \"Fee\") netting 5% paid.",
    "İstanbul fee; the Fee's FEES \u212a payable",  # 'İ' lowers to two chars: the slow path
])
def test_trigger_words_are_the_tokens_spacy_lowers_to_them(text):
    words = frozenset({"payment", "payments", "fee", "fees", "$", "us$", "%", "paid", "net",
                       "payable", "k"})
    expected = [t.idx for t in spacy.blank("en").make_doc(text) if t.lower_ in words]
    found = tokens.tokenize(text, pipeline._token_offsets)
    assert found.words_at(words) == expected


def test_sentences_on_our_doc_are_the_spacy_docs_sentences():
    nlp = spacy.blank("en")
    nlp.add_pipe("clause_sentencizer")
    for path in PDFS[:8]:
        document = load_document(path)
        doc = pipeline.make_doc(document, ExtractionSettings())
        sentences.set_sentences(doc)
        expected = nlp(doc_text(doc))
        assert clauses.sentence_bounds(doc) == [(s.start_char, s.end_char) for s in expected.sents]


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
