"""Choosing the OCR engine: Tesseract's word boxes, ``--ocr-engine`` on the command line."""

from __future__ import annotations

import json
import math
import shutil

import pytest
from click.testing import CliRunner
from PIL import Image

from extractor.read import ocr, tesseract
from tests.conftest import FIXTURES
from tracker.cli import cli

SCANNED = FIXTURES / "scanned"
needs_tesseract = pytest.mark.skipif(not ocr.available("tesseract"),
                                     reason=tesseract.INSTALL_HINT)

TSV = (
    "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
    "1\t1\t0\t0\t0\t0\t0\t0\t1700\t2200\t-1\t\n"
    "4\t1\t1\t1\t1\t0\t100\t100\t900\t40\t-1\t\n"
    # One line tilted down to the right by 0.01 (about 0.6 degree): 3 words.
    "5\t1\t1\t1\t1\t1\t100\t100\t300\t30\t96.1\tPayment\n"
    "5\t1\t1\t1\t1\t2\t450\t103\t200\t30\t95.0\tis\n"
    "5\t1\t1\t1\t1\t3\t700\t106\t300\t30\t94.2\tdue\n"
    "5\t1\t1\t1\t1\t4\t1050\t108\t10\t30\t-1\t \n"  # an empty word is dropped
)


def test_tesseract_words_come_back_on_the_slope_of_their_line():
    words = tesseract.parse_tsv(TSV)
    assert [w.text for w in words] == ["Payment", "is", "due"]
    assert tesseract.page_slope(words) == pytest.approx(0.01)
    quads, texts = tesseract.word_quads(words)
    assert texts == ["Payment", "is", "due"]
    assert ocr.page_skew(quads) == pytest.approx(math.atan(0.01), abs=1e-3)


def test_tesseract_words_read_on_a_smaller_page_come_back_in_the_page_pixels():
    words = tesseract.scaled(tesseract.parse_tsv(TSV), 1 / 0.75)
    first = words[0]
    assert (first.left, first.top, first.right, first.bottom) == (133, 133, 533, 173)
    assert [w.line for w in words] == [(1, 1, 1)] * 3


@pytest.mark.parametrize(("settings", "message"), [
    ({"psm": 1}, "psm must be one of"), ({"scale": 1.5}, "scale must be between"),
])
def test_tesseract_settings_are_checked(settings, message):
    with pytest.raises(ValueError, match=message):
        tesseract.TesseractSettings(**settings)


def test_rapidocr_gives_memory_back_after_every_page_even_one_that_fails():
    from extractor.read import rapid

    trims = []

    def failing(_pixels):
        raise RuntimeError("bad page")

    run = rapid._wrap(failing, lambda: trims.append(1))
    with pytest.raises(RuntimeError):
        run(Image.new("L", (40, 10), 255))
    assert trims == [1]


def test_an_engine_asked_for_by_name_that_is_missing_stops_with_how_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "")  # no tesseract program to be found
    ocr._load_engine.cache_clear()
    try:
        result = CliRunner().invoke(
            cli, ["extract", "--ocr-engine", "tesseract", str(SCANNED / "consulting-agreement.pdf")])
    finally:
        ocr._load_engine.cache_clear()
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: --ocr-engine tesseract: Tesseract is not installed: apt-get install tesseract-ocr")


def test_an_unknown_engine_is_a_usage_error():
    result = CliRunner().invoke(cli, ["extract", "--ocr-engine", "abbyy", "x.pdf"])
    assert result.exit_code == 2
    assert "'abbyy' is not one of 'auto', 'rapidocr', 'tesseract'" in result.output


@needs_tesseract
def test_tesseract_reads_a_scanned_contract_from_the_cli():
    result = CliRunner().invoke(
        cli, ["extract", "--ocr-engine", "tesseract", str(SCANNED / "consulting-agreement.pdf")])
    assert result.exit_code == 0, result.output
    contract = json.loads(result.output)
    gold = json.loads((SCANNED / "consulting-agreement.expected.json").read_text())
    assert contract["effective_date"] == gold["effective_date"]
    assert contract["needs_ocr"] is False
    assert shutil.which("tesseract")


@pytest.mark.parametrize(
    ("installed", "expected"),
    [({"rapidocr", "tesseract"}, "rapidocr"), ({"tesseract"}, "tesseract"),
     ({"rapidocr"}, "rapidocr")],
)
def test_auto_takes_rapidocr_when_installed_else_tesseract(monkeypatch, installed, expected):
    """RapidOCR keeps the scanned fixtures' answers; Tesseract is faster but loses a few."""
    engines = {name: object() for name in installed}
    monkeypatch.setattr(ocr, "_load_engine", lambda name: (engines.get(name), "missing"))
    assert ocr.engine_name("auto") == expected
    assert ocr.get_engine("auto") is engines[expected]


def test_without_any_engine_auto_says_how_to_install(monkeypatch):
    monkeypatch.setattr(ocr, "_load_engine", lambda name: (None, "missing"))
    with pytest.raises(ocr.OcrUnavailable, match=r"pip install 'contracts\[ocr\]'"):
        ocr.get_engine("auto")
