"""PDF pages: text from PDFium (fast), tables from pdfplumber on the few pages that have rules.

pdfplumber lays out every character (~13 pages/s), so it only sees pages whose drawing
operations look like a ruled table: PDFium counts thin horizontal and vertical strokes and
cell-sized rectangles for free while it reads the text. On the corpus this picks 71 of 1,902
pages and misses none of the 46 pages where pdfplumber finds a table of 2x2 cells or more.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.errors import CorruptFile, EncryptedFile
from extractor.text import is_table, normalise
from models import Page, Table

log = logging.getLogger(__name__)

MIN_ALNUM = 20  # fewer letters and digits than this on a page that shows something: no text layer
VECTOR_TEXT_PATHS = 100  # text drawn as outlines shows up as hundreds of path objects
MIN_IMAGE_SHARE = 0.05  # an image covering at least this share of the page counts as content
SCAN_IMAGE_SHARE = 0.5  # a page mostly covered by an image ...
SCAN_MAX_ALNUM = 200  # ... with only a stamp or caption of text: a scanned exhibit
GARBAGE_SHARE = 0.5  # share of unprintable glyphs that marks a text layer as garbage
MAX_OBJECTS = 5000  # stop counting drawing objects after this many (speed on vector-art pages)
RULE_THICKNESS = 3.0  # points: thinner than this is a stroke, not a box
MIN_RULE_LENGTH = 8.0
TABLE_RULES = 2  # horizontal and vertical strokes each, or ...
TABLE_CELLS = 4  # ... this many cell-sized rectangles
GRID_EDGES = 3  # 2 columns need 3 vertical edges (2 rows, 3 horizontal ones)
WHITESPACE = re.compile(r"\s")
# Controls (PDFium's hyphen marker U+FFFE is text), private-use code points, U+FFFD, U+FFFF.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd\uffff]")


@dataclass
class PageScan:
    """What PDFium saw on one page: its raw text, character counts and drawing counts."""

    text: str = ""
    alnum: int = 0  # letters and digits
    glyphs: int = 0  # characters other than whitespace
    unprintable: int = 0  # control and private-use characters: glyphs with no Unicode meaning
    paths: int = 0
    h_rules: int = 0
    v_rules: int = 0
    cells: int = 0
    image_share: float = 0.0
    edges_x: set[int] = field(default_factory=set)  # where vertical edges sit (2-point bins)
    edges_y: set[int] = field(default_factory=set)
    error: str = ""

    @classmethod
    def of_text(cls, text: str) -> PageScan:
        return cls(
            text=text,
            alnum=sum(char.isalnum() for char in text),
            glyphs=len(text) - len(WHITESPACE.findall(text)),
            unprintable=len(UNPRINTABLE.findall(text)),
        )

    @property
    def garbage(self) -> bool:
        return self.glyphs >= MIN_ALNUM and self.unprintable > GARBAGE_SHARE * self.glyphs

    @property
    def no_text_layer(self) -> bool:
        # A redacted table ("*** ***") draws many paths but has glyphs: it has a text layer.
        image = self.alnum < MIN_ALNUM and self.image_share >= MIN_IMAGE_SHARE
        outlines = self.glyphs < MIN_ALNUM and self.paths >= VECTOR_TEXT_PATHS
        return image or outlines

    @property
    def scanned_image(self) -> bool:
        return MIN_ALNUM <= self.alnum < SCAN_MAX_ALNUM and self.image_share >= SCAN_IMAGE_SHARE

    @property
    def ruled(self) -> bool:
        """Enough strokes or boxes, and their edges form a grid of at least 2x2 cells."""
        lines = self.h_rules >= TABLE_RULES and self.v_rules >= TABLE_RULES
        grid = len(self.edges_x) >= GRID_EDGES and len(self.edges_y) >= GRID_EDGES
        return (lines or self.cells >= TABLE_CELLS) and grid


def load_pdf(data: bytes, name: str) -> tuple[tuple[Page, ...], bool, list[str]]:
    """(pages, needs_ocr, warnings) for a PDF held in ``data``."""
    scans = scan_pages(data, name)
    warnings = [
        f"page {n} could not be read ({s.error})" for n, s in enumerate(scans, 1) if s.error
    ]
    no_layer = [n for n, s in enumerate(scans, 1) if s.no_text_layer]
    images = [n for n, s in enumerate(scans, 1) if s.scanned_image]
    garbage = [n for n, s in enumerate(scans, 1) if s.garbage and n not in no_layer]
    if no_layer:
        warnings.append(f"{pages_phrase(no_layer)} no text layer (scanned?): run OCR")
    if images:
        warnings.append(
            f"{pages_phrase(images)} little text over a large image (a scanned exhibit?): run OCR"
        )
    if garbage:
        warnings.append(
            f"{pages_phrase(garbage)} unreadable text (a font without a Unicode map?): run OCR"
        )
    unreadable = set(no_layer) | set(garbage)
    candidates = [n for n, s in enumerate(scans, 1) if s.ruled and n not in unreadable]
    tables, table_warnings = read_tables(data, candidates, name)
    pages = tuple(
        Page(number=n, text=normalise(scan.text), tables=tables.get(n, ()))
        for n, scan in enumerate(scans, 1)
    )
    return pages, bool(unreadable or images), warnings + table_warnings


def open_pdf(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedFile(
                f"{name} is password-protected: remove the password "
                "(e.g. qpdf --decrypt) and ingest again"
            ) from None
        if error.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise EncryptedFile(
                f"{name} uses an unsupported encryption scheme: "
                "save an unprotected copy and ingest it"
            ) from None
        reason = str(error).removeprefix("Failed to load document ").strip(".")
        hint = "re-export it from the program that made it"
        if b"%%EOF" not in data[-2048:]:
            hint = (
                "it does not end with %%EOF, so it is probably truncated: download or copy it again"
            )
        raise CorruptFile(f"{name} is not a readable PDF {reason}: {hint}") from None


def scan_pages(data: bytes, name: str) -> list[PageScan]:
    pdf = open_pdf(data, name)
    try:
        count = len(pdf)
        if count == 0:
            raise CorruptFile(f"{name} has no pages: the file is damaged, export it again")
        forms = pdf.get_formtype() != pdfium_c.FORMTYPE_NONE
        if forms:
            pdf.init_forms()  # must come before the first page is loaded
        return [scan_page(pdf, index, forms) for index in range(count)]
    finally:
        pdf.close()


def scan_page(pdf: pdfium.PdfDocument, index: int, forms: bool) -> PageScan:
    try:
        page = pdf[index]
        if forms and page.flatten() == pdfium_c.FLATTEN_SUCCESS:
            page.close()  # typed-in form values join the page content after a reload
            page = pdf[index]
    except pdfium.PdfiumError as error:
        return PageScan(error=str(error))
    try:
        textpage = page.get_textpage()
        try:
            scan = PageScan.of_text(textpage.get_text_range())
        finally:
            textpage.close()
        count_objects(page, scan)
        return scan
    finally:
        page.close()


def count_objects(page: pdfium.PdfPage, scan: PageScan) -> None:
    """Fill in the drawing counts the table and no-text-layer heuristics need."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    kinds = [pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE]
    image_area = 0.0
    for seen, obj in enumerate(page.get_objects(filter=kinds, max_depth=4)):
        if seen >= MAX_OBJECTS:
            break
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            image_area += w * h
            continue
        scan.paths += 1
        if h < RULE_THICKNESS and w >= MIN_RULE_LENGTH:
            scan.h_rules += 1
            scan.edges_y.add(round((bottom + top) / 4))
        elif w < RULE_THICKNESS and h >= MIN_RULE_LENGTH:
            scan.v_rules += 1
            scan.edges_x.add(round((left + right) / 4))
        elif w >= MIN_RULE_LENGTH and h >= MIN_RULE_LENGTH and w * h < area / 2:
            scan.cells += 1  # page-sized boxes are borders and backgrounds, not cells
            scan.edges_x.update((round(left / 2), round(right / 2)))
            scan.edges_y.update((round(bottom / 2), round(top / 2)))
    scan.image_share = min(image_area / area, 1.0)


def read_tables(
    data: bytes, page_numbers: list[int], name: str
) -> tuple[dict[int, tuple[Table, ...]], list[str]]:
    """Ruled tables on the given pages. Tables are a bonus: failures become a warning."""
    found: dict[int, tuple[Table, ...]] = {}
    if not page_numbers:
        return found, []
    try:
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for number in page_numbers:
                if number > len(plumber.pages):
                    break
                page = plumber.pages[number - 1]
                try:
                    tables = [to_table(t.extract(), number) for t in page.find_tables()]
                finally:
                    page.close()
                if kept := tuple(t for t in tables if t is not None):
                    found[number] = kept
    except Exception as error:  # noqa: BLE001 - pdfminer raises many types on odd files
        log.warning("%s: tables not read: %r", name, error)
        return found, [f"tables could not be read ({type(error).__name__}); the text is complete"]
    return found, []


def to_table(rows: list[list[str | None]], page: int) -> Table | None:
    """Cells as single-line strings; None for a box that is not a table (under 2x2 with text)."""
    cleaned = []
    for row in rows:
        cells = tuple(" ".join(normalise(cell or "").split()) for cell in row)
        if any(cells):
            cleaned.append(cells)
    return Table(rows=tuple(cleaned), page=page) if is_table(cleaned) else None


def pages_phrase(numbers: list[int]) -> str:
    """ "page 3 has", "pages 1-2, 5 have": runs of consecutive pages are written as ranges."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    text = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
    return f"page {text} has" if len(numbers) == 1 else f"pages {text} have"
