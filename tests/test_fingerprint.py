"""The text fingerprint that tells another file of the same contract (issue 11): copies score
above COPY_THRESHOLD, different contracts from one template below it, and the store finds the
candidates through band keys."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from extractor import load_document
from extractor.nlp.fingerprint import (
    BANDS,
    COPY_THRESHOLD,
    OCR_COPY_THRESHOLD,
    PERMUTATIONS,
    band_keys,
    fingerprint,
    similarity,
    words,
)
from tests.conftest import FIXTURES, ROOT

FAMILIES = FIXTURES / "families"


def text_of(path) -> str:
    return load_document(str(path)).text


def test_words_drop_case_punctuation_and_page_furniture():
    text = "Page 1 of 3\nThe FEE is $12,500.00.\n- 2 -\nPayable net 30.\fPage 2 of 3\n3"
    assert words(text) == ["the", "fee", "is", "12", "500", "00", "payable", "net", "30"]


def test_fingerprint_has_its_size_and_is_none_for_too_little_text():
    signature = fingerprint(text_of(FIXTURES / "consulting-agreement.pdf"))
    assert len(signature) == PERMUTATIONS * 4
    assert fingerprint("") is None
    assert fingerprint("Signature page\n\nBy: ______") is None


def test_fingerprint_is_the_same_in_another_process():
    """Stored fingerprints are compared with ones made later by other processes."""
    text = text_of(FIXTURES / "consulting-agreement.docx")
    code = ("import sys; from extractor.nlp.fingerprint import fingerprint; "
            "sys.stdout.write(fingerprint(sys.stdin.read()).hex())")
    other = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True,
                           text=True, check=True, cwd=ROOT).stdout  # fmt: skip
    assert other == fingerprint(text).hex()


@pytest.mark.parametrize("slug", ["consulting-agreement", "construction-retainage",
                                  "uk-fit-out-retention", "research-agreement-eur"])
def test_the_pdf_and_the_word_file_of_a_contract_are_copies(slug):
    pdf, docx = (fingerprint(text_of(FIXTURES / f"{slug}.{ext}")) for ext in ("pdf", "docx"))
    assert similarity(pdf, docx) >= 0.95


def misread(tokens: list[str], rate: float, seed: int) -> str:
    """OCR noise: the last letter of a share of the longer words read as "l"."""
    rng = random.Random(seed)
    return " ".join(t[:-1] + "l" if len(t) > 3 and rng.random() < rate else t for t in tokens)


@pytest.mark.parametrize(("rate", "threshold"), [(0.03, COPY_THRESHOLD),
                                                 (0.10, OCR_COPY_THRESHOLD)])  # fmt: skip
def test_ocr_noise_keeps_a_copy_above_the_threshold(rate, threshold):
    """A good scan (3% of the words misread) stays above the threshold for text; a poor one
    (10%) above the threshold for documents read by OCR."""
    tokens = text_of(FIXTURES / "software-development-acceptance.pdf").split()
    clean = fingerprint(" ".join(tokens))
    assert min(similarity(clean, fingerprint(misread(tokens, rate, seed)))
               for seed in range(5)) >= threshold


def test_different_contracts_from_one_template_are_not_copies():
    sow1, sow2 = (fingerprint(text_of(FAMILIES / name))
                  for name in ("harborview-sow-1.pdf", "harborview-sow-2.docx"))  # fmt: skip
    first, second = (fingerprint(text_of(FAMILIES / name))
                     for name in ("atlas-amendment-1.pdf", "atlas-amendment-2.docx"))  # fmt: skip
    assert similarity(sow1, sow2) < COPY_THRESHOLD
    assert similarity(first, second) < COPY_THRESHOLD


def test_unrelated_contracts_score_low():
    scores = [similarity(fingerprint(text_of(a)), fingerprint(text_of(b))) for a, b in
              [(FIXTURES / "consulting-agreement.pdf", FIXTURES / "uk-consultancy-gbp.pdf"),
               (FIXTURES / "maintenance-support-monthly.pdf",
                FIXTURES / "software-license-milestones.pdf")]]  # fmt: skip
    assert max(scores) < 0.2


def test_copies_share_band_keys_and_strangers_do_not():
    pdf = fingerprint(text_of(FIXTURES / "consulting-agreement.pdf"))
    docx = fingerprint(text_of(FIXTURES / "consulting-agreement.docx"))
    other = fingerprint(text_of(FIXTURES / "event-services-deposit.pdf"))
    assert len(band_keys(pdf)) == BANDS
    assert set(band_keys(pdf)) & set(band_keys(docx))
    assert not set(band_keys(pdf)) & set(band_keys(other))
    assert all(0 <= key < 2**63 for key in band_keys(pdf))
