"""Ruled tables read from PDFium's drawing (extractor.read.pdftables) match pdfplumber's find_tables."""

from __future__ import annotations

import io

import pdfplumber
import pypdfium2 as pdfium
import pytest

from extractor.read.pdftables import find_tables
from extractor.read.text import to_table
from models import Table
from tests.conftest import CORPUS, FIXTURES, TEST_FILES, needs_corpus

# --- a PDF of one page from a content stream (Helvetica as F1) ---------------------------------


def make_pdf(content: str, rotate: int = 0, width: int = 612, height: int = 792) -> bytes:
    stream = content.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Rotate {rotate} "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return out


def text(x: float, y: float, words: str, size: int = 10) -> str:
    return f"BT /F1 {size} Tf {x} {y} Td ({words}) Tj ET\n"


def line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0} {y0} m {x1} {y1} l S\n"


def grid(left: float, top: float, widths: list[float], heights: list[float]) -> str:
    """Stroked rules around and between cells of the given widths and heights."""
    right, bottom = left + sum(widths), top - sum(heights)
    ys = [top - sum(heights[:i]) for i in range(len(heights) + 1)]
    xs = [left + sum(widths[:i]) for i in range(len(widths) + 1)]
    return (
        "0.6 w\n"
        + "".join(line(left, y, right, y) for y in ys)
        + "".join(line(x, top, x, bottom) for x in xs)
    )


def cell_texts(left: float, top: float, widths, heights, rows: list[list[str]]) -> str:
    out = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value:
                x = left + sum(widths[:c]) + 4
                y = top - sum(heights[:r]) - 14
                out.append(text(x, y, value))
    return "".join(out)


WIDTHS = [120.0, 100.0, 90.0]
HEIGHTS = [20.0, 20.0, 20.0]
ROWS = [
    ["Milestone", "Due date", "Amount"],
    ["Kick-off", "March 15, 2024", "$10,000"],
    ["Final acceptance", "June 30, 2024", "$25,000"],
]
SIMPLE = grid(72, 700, WIDTHS, HEIGHTS) + cell_texts(72, 700, WIDTHS, HEIGHTS, ROWS)

# Word draws rules as thin filled rectangles, not strokes.
THIN_BOXES = (
    "".join(f"{x} {700 - sum(HEIGHTS)} 0.5 {sum(HEIGHTS)} re f\n" for x in (72, 192, 292, 382))
    + "".join(f"72 {y} 310 0.5 re f\n" for y in (700, 680, 660, 640))
    + cell_texts(72, 700, WIDTHS, HEIGHTS, ROWS)
)

# A title cell across the three columns, then a 2x3 grid.
MERGED = (
    "0.6 w\n"
    + line(72, 700, 382, 700)
    + line(72, 680, 382, 680)
    + line(72, 660, 382, 660)
    + line(72, 640, 382, 640)
    + line(72, 700, 72, 640)
    + line(382, 700, 382, 640)
    + line(192, 680, 192, 640)
    + line(292, 680, 292, 640)
    + text(76, 686, "Payment schedule")
    + cell_texts(72, 680, WIDTHS, [20.0, 20.0], ROWS[1:])
)

# A stage cell down two rows.
MERGED_DOWN = (
    "0.6 w\n"
    + line(72, 700, 292, 700)
    + line(72, 680, 292, 680)
    + line(192, 660, 292, 660)
    + line(72, 640, 292, 640)
    + "".join(line(x, 700, x, 640) for x in (72, 192, 292))
    + cell_texts(72, 700, [120.0, 100.0], HEIGHTS, [["Stage", "Amount"], ["Phase 1", "$10,000"]])
    + text(196, 646, "$5,000")
)

# A clause in a box: one cell, not a table.
BOXED_CLAUSE = "0.6 w 72 600 400 60 re S\n" + text(80, 640, "THE SERVICES ARE PROVIDED AS IS.")

# A landscape page as Word saves it: /Rotate 90 and content turned back, so it reads upright.
LANDSCAPE = f"q 0 1 -1 0 612 0 cm\n{SIMPLE}Q\n"

# Column headers written bottom to top.
SIDEWAYS = (
    grid(72, 700, [60.0, 60.0], [70.0, 20.0])
    + "BT /F1 10 Tf 0 1 -1 0 100 635 Tm (Amount) Tj ET\n"
    + "BT /F1 10 Tf 0 1 -1 0 160 635 Tm (Due date) Tj ET\n"
    + cell_texts(72, 630, [60.0, 60.0], [20.0], [["$10,000", "May 1"]])
)

PLAIN = text(72, 700, "This Agreement is made on March 1, 2024.") + text(72, 680, "1. Services")


def read(data: bytes, page_number: int = 1) -> tuple[Table, ...]:
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[page_number - 1]
        textpage = page.get_textpage()
        try:
            return find_tables(page, textpage, page_number)
        finally:
            textpage.close()
            page.close()
    finally:
        pdf.close()


def plumber(data: bytes, page_number: int = 1) -> tuple[Table, ...]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        found = (
            to_table(t.extract(), page_number) for t in pdf.pages[page_number - 1].find_tables()
        )
        return tuple(t for t in found if t is not None)


# --- what the tables say ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "rows"),
    [
        (SIMPLE, ROWS),
        (THIN_BOXES, ROWS),
        (MERGED, [["Payment schedule", "", ""], *ROWS[1:]]),
        (MERGED_DOWN, [["Stage", "Amount"], ["Phase 1", "$10,000"], ["", "$5,000"]]),
    ],
    ids=["strokes", "thin-filled-boxes", "merged-across", "merged-down"],
)
def test_ruled_grid_is_read_cell_by_cell(content, rows):
    tables = read(make_pdf(content))
    assert tables == (Table(rows=tuple(tuple(row) for row in rows), page=1),)


@pytest.mark.parametrize(("content"), [PLAIN, BOXED_CLAUSE], ids=["no-rules", "boxed-clause"])
def test_no_table(content):
    assert read(make_pdf(content)) == ()


def test_landscape_page_reads_upright():
    tables = read(make_pdf(LANDSCAPE, rotate=90))
    assert tables == (Table(rows=tuple(tuple(row) for row in ROWS), page=1),)


def test_turned_page_reads_as_displayed():
    # /Rotate 90 over upright content: rows and columns as the reader sees them, text sideways.
    tables = read(make_pdf(SIMPLE, rotate=90))
    assert tables[0].rows[0] == ("Final acceptance", "Kick-off", "Milestone")


def test_table_keeps_its_page_number():
    pdf = pdfium.PdfDocument(make_pdf(SIMPLE))
    page = pdf[0]
    assert find_tables(page, page.get_textpage(), 7)[0].page == 7


@pytest.mark.parametrize(
    "content",
    [SIMPLE, THIN_BOXES, MERGED, MERGED_DOWN, LANDSCAPE, SIDEWAYS, BOXED_CLAUSE, PLAIN],
    ids=["strokes", "thin-boxes", "across", "down", "landscape", "sideways", "boxed", "no-rules"],
)
@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_same_as_pdfplumber(content, rotate):
    data = make_pdf(content, rotate=rotate)
    assert read(data) == plumber(data)


# --- the fixtures' payment schedules (golden files) ----------------------------------------------

FIXTURE_TABLES = [
    ("creative-services-redacted.pdf", 2, (5, 4), ("Phase", "Deliverable", "Due date", "Fee")),
    (
        "data-migration-services.pdf",
        2,
        (5, 4),
        ("Milestone", "Deliverable or event", "Due", "Amount"),
    ),
    (
        "event-services-deposit.pdf",
        2,
        (4, 2),
        ("Notice of cancellation received", "Cancellation fee"),
    ),
    ("maintenance-support-monthly.pdf", 2, (4, 3), ("Service", "Fee", "Billing")),
    ("professional-services-sow.pdf", 3, (5, 4), ("Milestone", "Due date", "% of fees", "Amount")),
    ("research-agreement-eur.pdf", 2, (4, 4), ("Instalment", "Trigger", "Due", "Amount")),
    ("saas-subscription-annual.pdf", 2, (4, 4), ("Item", "Quantity", "Fee", "Payment due")),
    ("software-development-acceptance.pdf", 3, (5, 4), ("No.", "Milestone", "Due", "Payment")),
    (
        "uk-fit-out-retention.pdf",
        2,
        (5, 5),
        ("Stage", "Description", "Date", "% of Contract Sum", "Amount"),
    ),
]


@pytest.mark.parametrize(("name", "page", "shape", "header"), FIXTURE_TABLES)
def test_fixture_schedule(name, page, shape, header):
    data = (FIXTURES / name).read_bytes()
    tables = read(data, page)
    assert len(tables) == 1
    assert (len(tables[0].rows), len(tables[0].rows[0])) == shape
    assert tables[0].rows[0] == header
    assert tables == plumber(data, page)


def test_fixture_rows_exact():
    tables = read((FIXTURES / "data-migration-services.pdf").read_bytes(), 2)
    assert tables[0].rows[1] == (
        "Project kick-off",
        "Kick-off workshop and migration plan",
        "Within ten (10) business days after the Effective Date",
        "USD 14,400 (15%)",
    )
    assert tables[0].rows[-1][-1] == "USD 19,200 (20%)"


def test_table_pdf():
    assert read((TEST_FILES / "table.pdf").read_bytes(), 2) == (
        Table(
            rows=(
                ("Milestone", "Due date", "Amount"),
                ("Kick-off", "March 15, 2024", "$10,000"),
                ("Beta delivery", "June 30, 2024", "$25,000"),
                ("Final acceptance", "September 30, 2024", "$15,000"),
            ),
            page=2,
        ),
    )


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.pdf")))
def test_fixture_text_pages_have_no_table(name):
    data = (FIXTURES / name).read_bytes()
    table_pages = {n for fixture, n, _, _ in FIXTURE_TABLES if fixture == name}
    pdf = pdfium.PdfDocument(data)
    for number in range(1, len(pdf) + 1):
        if number not in table_pages:
            assert read(data, number) == (), f"{name} page {number}"


# --- real contracts: same tables as pdfplumber ------------------------------------------------------

CORPUS_PAGES = [
    ("cuad-adaptimmunetherapeutics-strategic-alliance-agreement-2017.pdf", 45),  # superscripts
    ("cuad-microgenics-collaborative-development-and-commercialization-agreement.pdf", 55),
    ("18f-tdrs-software-development-fully-executed-base-award-2020.pdf", 51),  # spaces, hyphens
    ("cuad-diversinet-reseller-agreement-2012.pdf", 12),  # two tables
    ("cuad-bioamber-development-agreement-1-2013.pdf", 14),  # descenders over the rules
    ("cuad-array-biopharma-license-development-and-commercialization-agreement.pdf", 106),
]


@needs_corpus
@pytest.mark.parametrize(("name", "page"), CORPUS_PAGES)
def test_corpus_page_same_as_pdfplumber(name, page):
    data = (CORPUS / name).read_bytes()
    tables = read(data, page)
    assert tables
    assert tables == plumber(data, page)


def test_graph_paper_is_not_a_table():
    # 180 x 180 rules (32,400 crossings): pdfplumber spends ~20 s on such a page, we give up.
    rules = "".join(line(10, 10 + 4 * i, 726, 10 + 4 * i) for i in range(180))
    rules += "".join(line(10 + 4 * i, 10, 10 + 4 * i, 726) for i in range(180))
    page = rules + text(20, 20, "Sheet 1") + text(60, 20, "Sheet 2") + text(20, 60, "Sheet 3")
    assert read(make_pdf(page, width=736, height=736)) == ()
