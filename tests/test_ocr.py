"""OCR of PDF pages without a text layer: line assembly, page selection, the real engine.

The wiring tests use a fake engine and run everywhere; the tests marked ``needs_engine`` run the
real one (``pip install 'contracts[ocr]'``) and skip cleanly without it. The real engine reads
a page in ~5 CPU seconds, so only three pages are OCRed here.
"""

from __future__ import annotations

import io
import json
import math

import pypdfium2 as pdfium
import pytest

from extractor.nlp.evidence import evidence_for
from extractor.nlp.extensions import doc_text
from extractor.nlp.pipeline import extract, run
from extractor.read import ocr
from extractor.read.load import load_document
from extractor.read.pdf import PageScan, load_pdf
from models import Document, Page
from tests.conftest import CORPUS, FIXTURES, TEST_FILES, needs_corpus

SCANNED = FIXTURES / "scanned"
AWARD = CORPUS / "18f-tdrs-software-development-fully-executed-base-award-2020.pdf"

needs_engine = pytest.mark.skipif(not ocr.available(), reason=ocr.INSTALL_HINT)


def box(left, top, right, bottom, text):
    return ocr.Box(left, top, right, bottom, text)


# -- reading order -------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("boxes", "expected"),
    [
        ([], ""),
        # Boxes of one line arrive in any order and read left to right.
        ([box(300, 10, 400, 30, "Corp."), box(0, 12, 280, 31, "between Acme")],
         "between Acme Corp."),
        # A taller box (a bold heading word) still joins the line it overlaps.
        ([box(0, 50, 100, 70, "Net"), box(110, 46, 200, 74, "30"), box(0, 10, 200, 30, "Pay")],
         "Pay\nNet 30"),
        # Touching lines (overlap under half a line) stay apart.
        ([box(0, 10, 200, 30, "first"), box(0, 27, 200, 47, "second")], "first\nsecond"),
        # A gap of more than a line height starts a paragraph: a blank line.
        ([box(0, 10, 200, 30, "end."), box(0, 80, 200, 100, "1. TERM")], "end.\n\n1. TERM"),
        # Two columns of a form on the same baseline read as one line, left first.
        ([box(600, 10, 900, 30, "2. ORDER NUMBER"), box(0, 10, 280, 30, "1. DATE OF ORDER")],
         "1. DATE OF ORDER 2. ORDER NUMBER"),
    ],
)
def test_boxes_are_assembled_in_reading_order(boxes, expected):
    assert ocr.assemble_lines(boxes) == expected


def tilted(x, y, width, height, angle):
    """The quad of a width x height box at (x, y), turned by ``angle`` radians about (0, 0)."""
    cos, sin = math.cos(angle), math.sin(angle)
    corners = [(x, y), (x + width, y), (x + width, y + height), (x, y + height)]
    return [(cx * cos - cy * sin, cx * sin + cy * cos) for cx, cy in corners]


@pytest.mark.parametrize("degrees", [-1.0, -0.4, 0.0, 0.6, 1.0])
def test_a_tilted_page_keeps_its_lines(degrees):
    # At 1 degree a box 1,000 px to the right sits 17 px lower: most of a 24 px line.
    angle = math.radians(degrees)
    quads = [tilted(1000, 100, 600, 24, angle), tilted(0, 100, 900, 24, angle),
             tilted(0, 134, 900, 24, angle)]
    boxes = ocr.boxes_from_quads(quads, ["Corp.", "between Acme", "and Widget LLC"])
    assert ocr.page_skew(quads) == pytest.approx(angle)
    assert ocr.assemble_lines(boxes) == "between Acme Corp.\nand Widget LLC"


def test_skew_ignores_short_boxes_and_implausible_angles():
    assert ocr.page_skew([tilted(0, 0, 40, 30, 0.3)]) == 0.0  # a checkbox says nothing
    assert ocr.page_skew([tilted(0, 0, 600, 20, math.radians(30))]) == 0.0  # a stamp


# -- ruled tables --------------------------------------------------------------------------

SCHEDULE = [["Milestone", "Due date", "Amount"],
            ["Contract signing", "March 3, 2025", "$24,000.00"],
            ["Delivery of Phase 1", "April 30, 2025", "$36,000.00"]]
COLUMNS = (100, 700, 1100, 1500)  # x of the column rules at 200 dpi
ROWS = (300, 360, 420, 480)


def scanned_table(degrees: float):
    """A 200 dpi page holding a ruled 3x3 table, the prose line under it, turned by
    ``degrees`` as a scanner would; and the quads the engine would return for its text."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1700, 800), 255)
    draw = ImageDraw.Draw(image)
    for x in COLUMNS:
        draw.line([(x, ROWS[0]), (x, ROWS[-1])], fill=0, width=2)
    for y in ROWS:
        draw.line([(COLUMNS[0], y), (COLUMNS[-1], y)], fill=0, width=2)
    texts = [cell for row in SCHEDULE for cell in row] + ["Payment is due net 30."]
    boxes = [(COLUMNS[c] + 10, ROWS[r] + 15, COLUMNS[c] + 300, ROWS[r] + 45)
             for r in range(3) for c in range(3)] + [(100, 520, 900, 550)]
    # The scanner turns the page clockwise on screen by ``degrees`` about its centre.
    angle = math.radians(degrees)
    cx, cy = image.width / 2, image.height / 2
    image = image.rotate(-degrees, resample=Image.Resampling.BILINEAR, fillcolor=255)

    def turn(x, y):
        dx, dy = x - cx, y - cy
        return (cx + dx * math.cos(angle) - dy * math.sin(angle),
                cy + dx * math.sin(angle) + dy * math.cos(angle))

    quads = [[turn(x0, y0), turn(x1, y0), turn(x1, y1), turn(x0, y1)]
             for x0, y0, x1, y1 in boxes]
    return image, quads, texts


@pytest.mark.parametrize("degrees", [0.0, 0.8, -1.0])
def test_a_ruled_table_is_read_cell_by_cell(monkeypatch, degrees):
    image, quads, texts = scanned_table(degrees)
    monkeypatch.setattr(ocr, "get_engine", lambda _name="auto": lambda _image: (quads, texts))
    page = ocr.read_image(image, dpi=200)
    assert page.tables == (SCHEDULE,)
    assert page.text == (
        "Milestone | Due date | Amount\n"
        "Contract signing | March 3, 2025 | $24,000.00\n"
        "Delivery of Phase 1 | April 30, 2025 | $36,000.00\n\n"  # more than a line's gap
        "Payment is due net 30."
    )


def test_a_form_reads_box_by_box_and_a_label_joins_its_value(monkeypatch):
    """A form's row of boxes: each box's text stays together, left to right; a label box
    ("GRAND TOTAL") and the value box next to it read as one line."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (1700, 600), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle([(100, 100), (1600, 300)], outline=0, width=2)
    for x in (600, 1100, 1300):
        draw.line([(x, 100), (x, 300)], fill=0, width=2)
    boxes = [
        (110, 110, 500, 140, "18. DELIVERY ON OR"), (110, 150, 400, 180, "BEFORE 07/12/2021"),
        (610, 110, 1000, 140, "19. PAYMENT TERMS"), (610, 150, 900, 180, "NET 30 DAYS"),
        (1110, 110, 1250, 140, "GRAND"), (1110, 150, 1250, 180, "TOTAL"),
        (1310, 130, 1550, 160, "$1,360,064.27"), (100, 400, 900, 430, "Free text below."),
    ]
    quads = [[(x0, y0), (x1, y0), (x1, y1), (x0, y1)] for x0, y0, x1, y1, _ in boxes]
    texts = [box[4] for box in boxes]
    monkeypatch.setattr(ocr, "get_engine", lambda _name="auto": lambda _image: (quads, texts))
    page = ocr.read_image(image, dpi=200)
    assert page.tables == ()
    assert page.text == (
        "18. DELIVERY ON OR\nBEFORE 07/12/2021\n\n19. PAYMENT TERMS\nNET 30 DAYS\n\n"
        "GRAND TOTAL $1,360,064.27\n\nFree text below."
    )


def test_strokes_of_text_are_no_table():
    from PIL import Image, ImageDraw

    image = Image.new("L", (1700, 800), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(100, 700), (800, 700)], fill=0, width=2)  # a signature line
    draw.rectangle([(100, 100), (1500, 400)], outline=0, width=2)  # a box around a clause
    assert ocr.find_grids(ocr.deskewed_ink(image, 0.0), 200) == []


def brute_force_stroke_rows(ink, length):
    """Rows with a window of ``length`` pixels at least RULE_FILL inked: what strokes() looks
    for, the slow way."""
    rows = set()
    for y, row in enumerate(ink):
        for x in range(ink.shape[1] - length + 1):
            if row[x:x + length].sum() >= ocr.RULE_FILL * length:
                rows.add(y)
                break
    return rows


@pytest.mark.parametrize("length", [5, 8, 13, 40])
def test_the_quick_row_filter_never_drops_a_row_holding_a_stroke(length):
    """strokes() reads only the rows maybe_strokes() keeps: a row it dropped would lose a rule."""
    import numpy as np

    rng = np.random.default_rng(length)
    ink = rng.random((300, 97)) < rng.random((300, 1))  # rows from blank to solid ink
    for y in range(0, 300, 7):  # and strokes with gaps, at every offset, reaching the edge
        x = y % (97 - length + 1)
        ink[y, x:x + length] = rng.random(length) < 0.9
    kept = set(ocr.maybe_strokes(ink, length).tolist())
    assert brute_force_stroke_rows(ink, length) <= kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("June13, 2025", "June 13, 2025"),
        ("13June 2025", "13 June 2025"),
        ("March 17,2025", "March 17, 2025"),
        ("$1,360,064.27", "$1,360,064.27"),
        ("1%per month", "1% per month"),
        ("1.SUBSCRIPTION", "1. SUBSCRIPTION"),
        ("2.1The Client", "2.1 The Client"),
        ("9A. EMPLOYER'S", "9A. EMPLOYER'S"),
        ("the services.The Client", "the services. The Client"),
        ("U.S.A. Inc.", "U.S.A. Inc."),
        ('the"Final Report"', 'the "Final Report"'),
        ("thirty(30) days", "thirty (30) days"),
        ("Acme Corp.,a Delaware", "Acme Corp., a Delaware"),
    ],
)
def test_dropped_spaces_are_put_back(text, expected):
    assert ocr.repair(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PROFESSIONALSERVICES AGREEMENT\nThis Professional Services Agreement",
         "PROFESSIONAL SERVICES AGREEMENT\nThis Professional Services Agreement"),
        ("HEREINAFTER called", "HEREINAFTER called"),  # "herein" and "after" not on the page
        ("CONFIDENTIALITY of confidential data", "CONFIDENTIALITY of confidential data"),
    ],
)
def test_glued_capitals_split_on_words_of_the_page(text, expected):
    assert ocr.split_glued_capitals(text) == expected


# -- which pages are read, and what the document says about it ------------------------------

class FakeEngine:
    """Stands in for RapidOCR: one line of text per call, naming the call."""

    def __init__(self, fail_on: int | None = None) -> None:
        self.calls = 0
        self.fail_on = fail_on

    def __call__(self, image):
        self.calls += 1
        if self.calls == self.fail_on:
            raise RuntimeError("engine crashed")
        return [tilted(10, 10, 500, 20, 0.0)], [f"Read by OCR call {self.calls}."]


@pytest.fixture
def fake_engine(monkeypatch):
    engine = FakeEngine()
    monkeypatch.setattr(ocr, "get_engine", lambda _name="auto": engine)
    return engine


def unavailable(_name="auto"):
    raise ocr.OcrUnavailable(ocr.INSTALL_HINT)


def load_scanned(mode: str = "auto", **kwargs) -> Document:
    """tests/files/scanned.pdf: pages 1-2 are images only, page 3 has a text layer."""
    return load_document(TEST_FILES / "scanned.pdf", ocr=mode, **kwargs)


def test_auto_reads_the_pages_without_text_and_leaves_the_others(fake_engine):
    document = load_scanned("auto")
    assert [(p.text, p.ocr) for p in document.pages[:2]] == [
        ("Read by OCR call 1.", True), ("Read by OCR call 2.", True)]
    assert not document.pages[2].ocr
    assert document.pages[2].text.startswith("Statement of Work: the Provider delivers")
    assert document.needs_ocr is False
    assert document.warnings == ("pages 1-2 were read by OCR",)


def test_always_reads_every_page(fake_engine):
    document = load_scanned("always")
    assert [p.ocr for p in document.pages] == [True, True, True]
    assert document.pages[2].text == "Read by OCR call 3."
    assert (document.needs_ocr, document.warnings) == (False, ("pages 1-3 were read by OCR",))


def test_never_leaves_the_pages_flagged(fake_engine):
    document = load_scanned("never")
    assert fake_engine.calls == 0
    assert not any(p.ocr for p in document.pages)
    assert document.needs_ocr is True
    assert document.warnings == ("pages 1-2 have no text layer (scanned?): run OCR",)


def test_a_text_pdf_is_not_touched_in_auto(fake_engine):
    document = load_document(FIXTURES / "consulting-agreement.pdf")
    assert fake_engine.calls == 0
    assert not any(p.ocr for p in document.pages)


@pytest.mark.parametrize("mode", ["auto", "always"])
def test_without_the_engine_the_document_is_kept_and_flagged(monkeypatch, mode):
    monkeypatch.setattr(ocr, "get_engine", unavailable)
    document = load_scanned(mode)
    assert document.needs_ocr is True
    assert "OCR is not installed: pip install 'contracts[ocr]'" in document.warnings
    assert document.pages[2].text.startswith("Statement of Work")


def test_a_page_the_engine_fails_on_stays_flagged(monkeypatch):
    engine = FakeEngine(fail_on=2)
    monkeypatch.setattr(ocr, "get_engine", lambda _name="auto": engine)
    document = load_scanned()
    assert [p.ocr for p in document.pages] == [True, False, False]
    assert document.needs_ocr is True
    assert document.warnings == (
        "page 2 has no text layer (scanned?): run OCR",
        "page 1 was read by OCR",
        "OCR of page 2 failed (RuntimeError)",
    )


def test_pages_past_the_cap_are_left_for_later(fake_engine):
    data = (TEST_FILES / "scanned.pdf").read_bytes()
    pages, needs_ocr, warnings = load_pdf(data, "scanned.pdf", "auto", max_ocr_pages=1)
    assert [p.ocr for p in pages] == [True, False, False] and needs_ocr
    assert "page 2 was not read by OCR (the limit is 1 page per document)" in warnings


def test_evidence_from_an_ocr_page_says_so():
    document = Document(
        path="mixed.pdf", sha256="0" * 64, format="pdf",
        pages=(Page(1, "Text layer page."), Page(2, "Scanned page.", ocr=True)),
    )
    doc = run(document)
    second = doc_text(doc).index("Scanned")
    assert evidence_for(doc, 0, 4).ocr is False
    evidence = evidence_for(doc, second, second + 7)
    assert (evidence.page, evidence.text, evidence.ocr) == (2, "Scanned", True)


# -- the real engine ------------------------------------------------------------------------

def test_scanned_fixtures_carry_the_same_gold_as_their_text_versions():
    scans = sorted(SCANNED.glob("*.pdf"))
    assert len(scans) >= 4
    for scan in scans:
        gold = SCANNED / f"{scan.stem}.expected.json"
        assert json.loads(gold.read_text()) == json.loads(
            (FIXTURES / gold.name).read_text()), gold.name
        assert scan.stat().st_size < 300_000
        with pdfium.PdfDocument(scan) as pdf:
            assert all(not pdf[i].get_textpage().get_text_range().strip()
                       for i in range(len(pdf)))


def first_page(path) -> bytes:
    src = pdfium.PdfDocument(path)
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [0])
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def scanned_consulting():
    """Page 1 of the consulting agreement scanned at 150 dpi (the lowest), read in auto mode."""
    data = first_page(SCANNED / "consulting-agreement.pdf")
    return load_document("consulting-scan.pdf", data=data)


@needs_engine
def test_ocr_recovers_the_key_strings_of_a_scanned_page(scanned_consulting):
    page = scanned_consulting.pages[0]
    assert page.ocr and not scanned_consulting.needs_ocr
    assert scanned_consulting.warnings == ("page 1 was read by OCR",)
    for key in ("CONSULTING AGREEMENT", "5th day of January, 2025",
                "Northwind Health Systems, Inc.", "Elena Marquez",
                "effective as of January 13, 2025", "no later than March 14, 2025"):
        assert key in page.text.replace("\n", " "), key


@needs_engine
def test_extraction_from_a_scanned_page_carries_ocr_evidence(scanned_consulting):
    contract = extract(scanned_consulting)
    assert contract.agreement_date.isoformat() == "2025-01-05"
    assert {p.name for p in contract.parties} >= {"Northwind Health Systems, Inc.",
                                                  "Elena Marquez"}
    evidence = [kd.evidence for kd in contract.key_dates if kd.evidence]
    assert evidence and all(e.ocr and e.page == 1 for e in evidence)
    assert contract.to_dict()["key_dates"][0]["evidence"]["ocr"] is True


@needs_corpus
@needs_engine
def test_award_order_form_is_read_by_ocr():
    """18F award: pages 1-2 are a GSA Form 300 drawn as vector outlines (no text layer)."""
    document = load_document(AWARD)
    assert [p.number for p in document.pages if p.ocr] == [1, 2]
    assert not document.needs_ocr
    assert "pages 1-2 were read by OCR" in document.warnings
    form = " ".join((document.pages[0].text + "\n" + document.pages[1].text).split())
    for value in ("NET 30 DAYS", "07/12/2021", "$1,360,064.27", "07/10/2020", "47QTCA18D003V"):
        assert value in form, value
    contract = extract(document).to_dict()
    terms = {term["kind"]: term for term in contract["payment_terms"]["terms"]}
    assert contract["payment_terms"]["net_days"] == 30
    assert terms["net_days"]["evidence"]["page"] == 1 and terms["net_days"]["evidence"]["ocr"]
    # "GRAND | TOTAL" (a label box) reads with the amount in the box beside it.
    assert contract["total_value"] == 1360064.27
    assert terms["total_value"]["evidence"]["text"] == "GRAND TOTAL $1,360,064.27"


# -- which pages have no usable text layer --------------------------------------------------

def shifted(text: str) -> str:
    """Text as a font with a private encoding leaves it: every letter moved by 29 code points."""
    return "".join(chr(ord(c) - 29) if c.isalpha() else c for c in text)


CLAUSE = "The Provider shall deliver the software and the Client shall pay each invoice. " * 8


@pytest.mark.parametrize(
    ("text", "garbage"),
    [
        (CLAUSE, False),
        (shifted(CLAUSE), True),  # "7KH 3URYLGHU VKDOO ...": printable, and meaningless
        ("\ue001\ue002\ue003 " * 30, True),  # private-use glyphs
        ("Item Qty Price " * 10, False),  # a short price list: too few words to judge
    ],
)
def test_text_without_meaning_counts_as_no_text_layer(text, garbage):
    assert PageScan.of_text(text).garbage is garbage


def test_milestones_read_from_an_ocr_page_carry_a_lower_confidence():
    import hashlib

    from extractor.nlp.pipeline import extract
    from models import Document, Page

    text = (
        "SERVICES AGREEMENT\nThis Services Agreement is made as of March 3, 2025 between Acme "
        'Corp. ("Client") and Widget LLC ("Provider").\n\n4.1 Client shall pay Provider '
        "$10,000.00 within thirty (30) days after acceptance of the Final Report."
    )

    def confidences(ocr: bool) -> list[tuple[bool, float]]:
        sha = hashlib.sha256(f"{ocr}{text}".encode()).hexdigest()
        document = Document("x.pdf", sha, "pdf", (Page(1, text, ocr=ocr),))
        return [(m.evidence.ocr, m.confidence) for m in extract(document).milestones]

    text_layer, scanned = confidences(False), confidences(True)
    assert text_layer and len(text_layer) == len(scanned)
    for (_, plain), (from_ocr, lowered) in zip(text_layer, scanned, strict=True):
        assert from_ocr and lowered == round(plain * 0.8, 2)
