"""OCR of page images, by one of two engines: Tesseract (``extractor/read/tesseract.py``, the
Debian program when installed) or RapidOCR (``extractor/read/rapid.py``, PP-OCRv6 ONNX models
shipped inside its wheel, ``pip install 'contracts[ocr]'``). ``auto`` takes RapidOCR, the more
accurate, when it is installed and Tesseract otherwise. Without any, ``available()`` is False and callers keep the page flagged for OCR with
``INSTALL_HINT`` as the warning; nothing here raises ExtractError.

The engine is built once per process (worker processes build their own); nothing is ever
downloaded. Reading one page is one call (``read_pdf_page``), so a per-document timeout can stop
a long scan between pages.

The engine returns boxes of text; the rest puts them back in reading order:

- the page skew is estimated from the boxes and rotated away (boxes and image alike);
- ruled tables are found in the image (long horizontal and vertical strokes: rows of the same
  columns, at least 2x2 cells); boxes inside a cell become its text, and the table is written
  into the page text one row a line, cells joined by " | " (as the DOCX loader writes tables);
- on forms (ruled boxes that are no table) the text of each box stays together, boxes read
  left to right and top to bottom, and a label box ("GRAND TOTAL") joins the value beside it;
- other boxes that overlap vertically form a line, read left to right; a wide vertical gap
  starts a new paragraph (a blank line, which the sentencizer treats as a boundary);
- spaces the recogniser drops in a few unambiguous places are put back (``REPAIRS``, and
  capitals glued together when both words occur on the page).
"""

from __future__ import annotations

import logging
import math
import re
import statistics
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import pairwise

import numpy as np
import pypdfium2 as pdfium
from PIL import Image

log = logging.getLogger(__name__)

INSTALL_HINT = "OCR is not installed: pip install 'contracts[ocr]'"
ENGINES = ("auto", "rapidocr", "tesseract")
# auto: RapidOCR when installed, Tesseract otherwise. Tesseract is 2-3x faster (0.42 vs 0.18 pages
# per CPU second) in a third of the memory at word recall 0.990 vs 0.995 (bench/ocr_bench.py),
# but loses answers on the scanned fixtures (effective date, table cells: F1 0.986 vs 1.000),
# so it is not the default.
AUTO_ORDER = ("rapidocr", "tesseract")
OCR_DPI = 200  # small print on forms needs it; recognition time does not grow with resolution
MAX_RENDER_SIDE = 2400  # pixels: bigger sheets (A3, posters) are scaled down to bound memory
MAX_OCR_PAGES = 20  # per document: ~3-5 CPU-seconds a page keeps one document near 100 s
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# Spaces the recogniser drops on small print, put back where no real text lacks one.
REPAIRS = (
    (re.compile(r"(\b\d{1,2}),(\d{4})\b"), r"\1, \2"),  # "March 17,2025" (never 1,000s)
    (re.compile(r",(?=[A-Za-z])"), ", "),  # "Inc.,a Delaware"
    (re.compile(r"%(?=[A-Za-z])"), "% "),  # "1%per month"
    (re.compile(rf"\b(?:{_MONTHS})(?=\d)"), r"\g<0> "),  # "June13, 2025"
    (re.compile(rf"(?:(?<=\b\d)|(?<=\b\d\d))(?=(?:{_MONTHS})\b)"), " "),  # "13June 2025"
    (re.compile(r"^(\d{1,2}(?:\.\d{1,3})*\.|\d{1,2}(?:\.\d{1,3})+)(?=[A-Z])"), r"\1 "),  # "1.TERM"
    (re.compile(r"(?<=[a-z]{2}[.;:])(?=[A-Z][a-z])"), " "),  # "services.The" (not "U.S.A")
    (re.compile(r"(?<=[A-Za-z]:)(?=[0-9$£€])"), " "),  # "Date:15 March" (not "10:30")
    (re.compile(r"\b(?:at|of|in|on|by|to|for|per|than|within|until|from)(?=\d)"),
     r"\g<0> "),  # "at4% per annum"
    (re.compile(r"(?<=[a-z])(?=[\"“(][A-Z0-9])"), " "),  # 'the"Final', "thirty(30)"
)
WORD = re.compile(r"[A-Za-z]{3,}")
GLUED_CAPITALS = re.compile(r"\b[A-Z]{8,}\b")
MIN_PART = 3  # letters in each half of a split capitalised word
MAX_SKEW = math.radians(5)  # beyond this the estimate is noise (a rotated stamp), not skew
SKEW_MIN_ASPECT = 3.0  # only boxes this many times wider than tall say which way lines run
SAME_LINE_OVERLAP = 0.5  # share of the smaller height two boxes must overlap vertically
LOOKBACK_LINES = 4  # a box joins one of the last few lines (sorted by height on the page)
PARAGRAPH_GAP = 1.0  # blank space over this many line heights between lines: a new paragraph
# Ruled tables, in inches so they hold at any resolution.
INK_LEVEL = 160  # grey levels below this are ink (rules are thin and come out grey)
H_RULE_MIN = 0.4  # a horizontal stroke at least this long is a rule, not a letter
V_RULE_MIN = 0.2  # taller than any letter of body text
RULE_FILL = 0.85  # share of ink along a stroke: rules on scans have gaps
RULE_TOLERANCE = 0.1  # rules this close meet (corners), or are one (thick, double)
MIN_RULES = 3  # 3 horizontal and 3 vertical rules: 2x2 cells, like the PDF table reader
LABEL = re.compile(r"[^\d]+")
VALUE = re.compile(r"[\d$£€]")
MAX_LABEL_WORDS = 4

Quad = Sequence[Sequence[float]]  # 4 corners: top-left, top-right, bottom-right, bottom-left
Rows = list[list[str]]


class OcrUnavailable(RuntimeError):
    """The OCR engine is not installed or cannot start; ``str(e)`` says how to fix it."""


@dataclass(frozen=True)
class OcrPage:
    """What OCR read on one page: its text in reading order and its ruled tables."""

    text: str
    tables: tuple[Rows, ...] = ()


@dataclass(frozen=True)
class Box:
    """A piece of text the engine found, in deskewed pixel coordinates (y grows downwards)."""

    left: float
    top: float
    right: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


@dataclass
class Line:
    """Boxes on one line; or (``fixed`` set) a table row or the text of a form's box, placed
    in the page's reading order by its ``span`` (top, bottom) and ``left``."""

    boxes: list[Box] = field(default_factory=list)
    fixed: str | None = None
    span: tuple[float, float] = (0.0, 0.0)
    left: float = 0.0
    right: float = 0.0
    block: bool = False  # the text of a box: blank lines around it

    @property
    def x(self) -> float:
        return self.left if self.fixed is not None else min(b.left for b in self.boxes)

    @property
    def top(self) -> float:
        return self.span[0] if self.fixed is not None else statistics.median(
            b.top for b in self.boxes)

    @property
    def bottom(self) -> float:
        return self.span[1] if self.fixed is not None else statistics.median(
            b.bottom for b in self.boxes)

    def accepts(self, box: Box) -> bool:
        overlap = min(self.bottom, box.bottom) - max(self.top, box.top)
        return overlap >= SAME_LINE_OVERLAP * min(self.bottom - self.top, box.height)

    def text(self) -> str:
        if self.fixed is not None:
            return self.fixed
        return " ".join(b.text for b in sorted(self.boxes, key=lambda b: b.left))


@dataclass(frozen=True)
class Grid:
    """A ruled table: the x of its column rules and the y of its row rules, in order."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]

    def holds(self, box: Box) -> bool:
        return self.xs[0] <= box.centre <= self.xs[-1] and self.ys[0] <= box.middle <= self.ys[-1]

    def rows(self, boxes: Sequence[Box]) -> list[tuple[int, list[str]]]:
        """(row index, cell texts) of the rows that hold text; a cell's lines are joined."""
        cells: dict[tuple[int, int], list[Box]] = {}
        for box in boxes:
            cells.setdefault((band(self.ys, box.middle), band(self.xs, box.centre)), []).append(box)
        rows = []
        for r in range(len(self.ys) - 1):
            row = [" ".join(assemble_lines(cells.get((r, c), ())).split())
                   for c in range(len(self.xs) - 1)]
            if any(row):
                rows.append((r, row))
        used = [c for c in range(len(self.xs) - 1) if any(row[c] for _, row in rows)]
        return [(r, [row[c] for c in used]) for r, row in rows]  # no gaps of double borders


def band(edges: Sequence[float], value: float) -> int:
    """Index of the band between consecutive ``edges`` that holds ``value``."""
    for index, edge in enumerate(edges[1:-1]):
        if value < edge:
            return index
    return len(edges) - 2


def available(engine: str = "auto") -> bool:
    try:
        get_engine(engine)
    except OcrUnavailable:
        return False
    return True


def read_pdf_page(page: pdfium.PdfPage, dpi: int = OCR_DPI, engine: str = "auto") -> OcrPage:
    """Text and tables of one PDF page, read from its rendering. Raises OcrUnavailable."""
    width, height = page.get_size()  # points
    scale = min(dpi / 72, MAX_RENDER_SIDE / max(width, height, 1.0))
    image = page.render(scale=scale, grayscale=True, may_draw_forms=True).to_pil()
    return read_image(image, dpi=scale * 72, engine=engine)


def read_image(image: Image.Image, dpi: float = OCR_DPI, engine: str = "auto") -> OcrPage:
    """Text of a page image in reading order, and its ruled tables."""
    quads, texts = get_engine(engine)(image)
    angle = page_skew(quads)
    centre = (image.width / 2, image.height / 2)
    boxes = boxes_from_quads(quads, [repair(t) for t in texts], angle, centre)
    rules = find_rules(deskewed_ink(image, angle), dpi) if boxes else Rules()
    return layout(boxes, rules)


def repair(text: str) -> str:
    for pattern, replacement in REPAIRS:
        text = pattern.sub(replacement, text)
    return text


def layout(boxes: Sequence[Box], rules: Rules) -> OcrPage:
    """Page text in reading order, and the tables: a table is written row by row where it
    stands; the text of each ruled box of a form (a label and its value) is kept together,
    between blank lines; the rest is read line by line."""
    tables: list[Rows] = []
    rows_as_lines: list[Line] = []
    rest = list(boxes)
    for grid in rules.grids():
        rows = grid.rows([b for b in rest if grid.holds(b)])
        if len(rows) < 2 or max(sum(bool(c) for c in row) for _, row in rows) < 2:
            continue  # a box around a clause: its text stays ordinary lines
        rest = [b for b in rest if not grid.holds(b)]
        tables.append([row for _, row in rows])
        rows_as_lines += [
            Line(fixed=" | ".join(c for c in row if c), span=(grid.ys[r], grid.ys[r + 1]))
            for r, row in rows
        ]
    free, blocks = form_boxes(rest, rules)
    lines = reading_order(group_lines(free) + rows_as_lines + join_labels(blocks))
    return OcrPage(split_glued_capitals(join_lines(lines)), tuple(tables))


def form_boxes(boxes: Sequence[Box], rules: Rules) -> tuple[list[Box], list[Line]]:
    """The boxes outside any ruled box, and the text of each ruled box as one block."""
    cells: dict[tuple[float, float, float, float], list[Box]] = {}
    free = []
    for box in boxes:
        if cell := rules.cell(box):
            cells.setdefault(cell, []).append(box)
        else:
            free.append(box)
    blocks = [
        Line(fixed=assemble_lines(inside), span=(top, bottom), left=left, right=right,
             block=True)
        for (left, top, right, bottom), inside in cells.items()
    ]
    return free, blocks


def join_labels(blocks: list[Line]) -> list[Line]:
    """A form's label box ("GRAND TOTAL") and the value box right of it ("$1,360,064.27") read
    as one line: a label is a few words without digits, a value starts with a digit or a
    currency sign."""
    by_place = {(b.left, b.span): b for b in blocks}
    kept = []
    for block in blocks:
        value = by_place.get((block.right, block.span))
        text = block.fixed or ""
        if (value and value.fixed and LABEL.fullmatch(text) and VALUE.match(value.fixed)
                and len(text.split()) <= MAX_LABEL_WORDS):
            value.fixed = f"{' '.join(text.split())} {value.fixed}"
            value.left = block.left
        else:
            kept.append(block)
    return kept


def reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; lines starting at the same height (boxes of a form's row) left to right."""
    tolerance = SAME_LINE_OVERLAP * line_height(lines)
    ordered: list[Line] = []
    row: list[Line] = []
    for line in sorted(lines, key=lambda line: line.top):
        if row and line.top - row[0].top > tolerance:
            ordered += sorted(row, key=lambda line: line.x)
            row = []
        row.append(line)
    return ordered + sorted(row, key=lambda line: line.x)


def line_height(lines: Sequence[Line]) -> float:
    """Median height of the lines of text (not of table rows or boxes); 0 without any."""
    heights = [line.bottom - line.top for line in lines if line.fixed is None]
    return statistics.median(heights) if heights else 0.0


def split_glued_capitals(text: str) -> str:
    """ "PROFESSIONALSERVICES" -> "PROFESSIONAL SERVICES" when both words occur on the page on
    their own (wide capitals in titles lose their spaces); only one way to split, or none."""
    vocabulary = {word.lower() for word in WORD.findall(text)}

    def split(match: re.Match) -> str:
        word = match.group()
        splits = [
            (word[:i], word[i:]) for i in range(MIN_PART, len(word) - MIN_PART + 1)
            if word[:i].lower() in vocabulary and word[i:].lower() in vocabulary
        ]
        return " ".join(splits[0]) if len(splits) == 1 else word

    return GLUED_CAPITALS.sub(split, text)


def boxes_from_quads(
    quads: Sequence[Quad],
    texts: Sequence[str],
    angle: float = 0.0,
    centre: tuple[float, float] = (0.0, 0.0),
) -> list[Box]:
    """Boxes with the page turned by ``-angle`` about ``centre``, so tilted lines run level."""
    cos, sin = math.cos(angle), math.sin(angle)
    cx, cy = centre
    boxes = []
    for quad, text in zip(quads, texts, strict=True):
        if not text.strip():
            continue
        xs = [cx + (x - cx) * cos + (y - cy) * sin for x, y in quad]
        ys = [cy + (y - cy) * cos - (x - cx) * sin for x, y in quad]
        boxes.append(Box(min(xs), min(ys), max(xs), max(ys), text.strip()))
    return boxes


def page_skew(quads: Sequence[Quad]) -> float:
    """Median slope (radians, y down) of the top edges of long boxes; 0 when unsure."""
    angles = []
    for (x0, y0), (x1, y1), _, (x3, y3) in quads:
        width, height = math.hypot(x1 - x0, y1 - y0), math.hypot(x3 - x0, y3 - y0)
        if width >= SKEW_MIN_ASPECT * max(height, 1.0):
            angles.append(math.atan2(y1 - y0, x1 - x0))
    if not angles:
        return 0.0
    angle = statistics.median(angles)
    return angle if abs(angle) <= MAX_SKEW else 0.0


def assemble_lines(boxes: Sequence[Box]) -> str:
    """Group boxes into lines by vertical overlap, read each left to right, top to bottom."""
    return join_lines(sorted(group_lines(boxes), key=lambda line: line.top + line.bottom))


def group_lines(boxes: Sequence[Box]) -> list[Line]:
    lines: list[Line] = []
    for box in sorted(boxes, key=lambda b: b.middle):
        recent = lines[-LOOKBACK_LINES:]
        line = next((line for line in reversed(recent) if line.accepts(box)), None)
        if line is None:
            lines.append(Line([box]))
        else:
            line.boxes.append(box)
    return lines


def join_lines(lines: list[Line]) -> str:
    """One line each; a blank line at a wide gap (a paragraph) and around a form's box."""
    if not lines:
        return ""
    height = line_height(lines)
    parts = [lines[0].text()]
    for previous, line in pairwise(lines):
        gap = line.top - previous.bottom
        paragraph = previous.block or line.block or (height and gap > PARAGRAPH_GAP * height)
        parts.append("\n\n" if paragraph else "\n")
        parts.append(line.text())
    return "".join(parts)


# -- ruled tables -------------------------------------------------------------------------

def deskewed_ink(image: Image.Image, angle: float) -> np.ndarray:
    """Ink mask of the page turned by ``-angle`` about its centre (as ``boxes_from_quads``)."""
    gray = image.convert("L")
    if angle:
        # PIL turns counter-clockwise on screen; a slope of +angle (y down) is clockwise.
        gray = gray.rotate(math.degrees(angle), resample=Image.Resampling.BILINEAR, fillcolor=255)
    return np.asarray(gray) < INK_LEVEL


Stroke = tuple[float, float, float]  # horizontal: (y, x0, x1); vertical: (x, y0, y1)


@dataclass
class Rules:
    """The long strokes drawn on a page (table and form rules), in deskewed pixels."""

    horizontal: tuple[Stroke, ...] = ()
    vertical: tuple[Stroke, ...] = ()
    tolerance: float = 0.0

    def grids(self) -> list[Grid]:
        """Ruled tables: in each group of crossing strokes, runs of >= 2 consecutive row bands
        crossed by the same >= 3 column rules. Forms whose boxes differ from band to band hold
        no table; a header or total row with merged cells joins the run next to it."""
        tolerance = self.tolerance
        grids = []
        for hs, vs in connected(self.horizontal, self.vertical, tolerance):
            bands = [
                (top, bottom, merge([x for x, y0, y1 in vs
                                     if y0 - tolerance <= top and bottom <= y1 + tolerance],
                                    tolerance))
                for top, bottom in pairwise(merge([y for y, _, _ in hs], tolerance))
            ]
            grids += [grid for run in same_columns(bands, tolerance, self.closes(hs))
                      if (grid := run_grid(run))]
        return grids

    def closes(self, hs: list[Stroke]) -> Callable[[float, float, float], bool]:
        """Whether the rules at height y run from x0 to x1 unbroken: between two rows of a
        table they do; under a box that spans rows (a form's address box) they do not."""
        def closed(y: float, x0: float, x1: float) -> bool:
            reach = x0
            for _, a, b in sorted((r for r in hs if abs(r[0] - y) <= self.tolerance),
                                  key=lambda r: r[1]):
                if a > reach + self.tolerance:
                    break
                reach = max(reach, b)
            return reach >= x1 - self.tolerance

        return closed

    def cell(self, box: Box) -> tuple[float, float, float, float] | None:
        """(left, top, right, bottom) of the ruled box around ``box``'s centre, with the lines
        of a double border taken as one: None when it is not closed on all four sides."""
        x, y = box.centre, box.middle
        across = [r for r in self.horizontal if r[1] <= x <= r[2]]
        down = [r for r in self.vertical if r[1] <= y <= r[2]]
        above = [r[0] for r in across if r[0] < y]
        below = [r[0] for r in across if r[0] > y]
        left = [r[0] for r in down if r[0] < x]
        right = [r[0] for r in down if r[0] > x]
        if not (above and below and left and right):
            return None
        xs, ys = self.positions
        return (snap(xs, max(left)), snap(ys, max(above)), snap(xs, min(right)),
                snap(ys, min(below)))

    @cached_property
    def positions(self) -> tuple[list[float], list[float]]:
        """Where vertical and horizontal rules stand, near ones (double borders) merged."""
        return (merge([r[0] for r in self.vertical], self.tolerance),
                merge([r[0] for r in self.horizontal], self.tolerance))


def find_rules(ink: np.ndarray, dpi: float) -> Rules:
    tolerance = RULE_TOLERANCE * dpi
    return Rules(
        tuple(strokes(ink, round(H_RULE_MIN * dpi), tolerance)),
        tuple(strokes(ink.T, round(V_RULE_MIN * dpi), tolerance)),
        tolerance,
    )


def find_grids(ink: np.ndarray, dpi: float) -> list[Grid]:
    return find_rules(ink, dpi).grids()


Band = tuple[float, float, list[float]]  # top, bottom, x of the rules crossing it


def same_columns(
    bands: list[Band], tolerance: float, closed: Callable[[float, float, float], bool]
) -> list[list[Band]]:
    """Runs of consecutive bands with the same column rules and a rule right across between
    them; a neighbouring band whose rules are a subset (merged cells, same outer edges, one
    inner rule at least) joins the run."""
    def same(a: list[float], b: list[float]) -> bool:
        return len(a) == len(b) and all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))

    def within(sub: list[float], full: list[float]) -> bool:
        return (len(sub) >= MIN_RULES and same([sub[0], sub[-1]], [full[0], full[-1]])
                and all(any(abs(x - y) <= tolerance for y in full) for x in sub))

    def across(band: Band, columns: list[float]) -> bool:
        return closed(band[0], columns[0], columns[-1])

    runs: list[list[Band]] = []
    for band in bands:
        if runs and same(runs[-1][-1][2], band[2]) and across(band, band[2]):
            runs[-1].append(band)
        else:
            runs.append([band])
    tables = [run for run in runs if len(run) >= 2 and len(run[0][2]) >= MIN_RULES]
    for run in tables:
        index = bands.index(run[0])
        if index > 0 and within(bands[index - 1][2], run[0][2]) and across(run[0], run[0][2]):
            run.insert(0, bands[index - 1])
        index = bands.index(run[-1])
        after = bands[index + 1] if index + 1 < len(bands) else None
        if after and within(after[2], run[-1][2]) and across(after, run[-1][2]):
            run.append(after)
    return tables


def run_grid(run: list[Band]) -> Grid | None:
    columns = max((band[2] for band in run), key=len)
    ys = (run[0][0], *(band[1] for band in run))
    return Grid(tuple(columns), ys) if len(columns) >= MIN_RULES else None


def strokes(ink: np.ndarray, length: int, tolerance: float) -> list[tuple[float, float, float]]:
    """Horizontal strokes of at least ``length`` pixels as (y, x0, x1); thick ones count once."""
    if length < 2 or ink.shape[1] < length:
        return []
    rows = maybe_strokes(ink, length)
    sums = np.cumsum(ink[rows], axis=1, dtype=np.int32)
    window = sums[:, length - 1:] - np.pad(sums, ((0, 0), (1, 0)))[:, : sums.shape[1] - length + 1]
    found: list[tuple[float, float, float]] = []
    for row in np.flatnonzero((window >= RULE_FILL * length).any(axis=1)):
        y = rows[row]
        starts = np.flatnonzero(window[row] >= RULE_FILL * length)
        for run in np.split(starts, np.flatnonzero(np.diff(starts) > length // 2) + 1):
            x0, x1 = float(run[0]), float(run[-1] + length)
            last = next((s for s in reversed(found[-8:]) if y - s[0] <= tolerance
                         and min(x1, s[2]) > max(x0, s[1])), None)
            if last is None:
                found.append((float(y), x0, x1))
            else:  # the next pixel row of a thick rule
                found[found.index(last)] = (last[0], min(x0, last[1]), max(x1, last[2]))
    return found


def maybe_strokes(ink: np.ndarray, length: int) -> np.ndarray:
    """Indexes of the rows that may hold a stroke of ``length`` pixels, found cheaply: such a
    stroke lies within a few consecutive chunks of a quarter of its length, so their ink adds
    up to as much as the stroke's. Rows of text rarely pass; the exact search reads only those
    that do (the same strokes, in a fraction of the time)."""
    chunk = max(length // 4, 1)
    span = -(-length // chunk) + 1  # chunks a window of ``length`` pixels can touch
    width = ink.shape[1] // chunk * chunk
    chunks = np.zeros((ink.shape[0], width // chunk + 1), dtype=np.int32)
    chunks[:, :-1] = ink[:, :width].reshape(ink.shape[0], -1, chunk).sum(axis=2, dtype=np.int32)
    chunks[:, -1] = ink[:, width:].sum(axis=1, dtype=np.int32)
    sums = np.cumsum(np.pad(chunks, ((0, 0), (1, 0))), axis=1)
    spans = sums[:, span:] - sums[:, :-span] if sums.shape[1] > span else sums[:, -1:]
    return np.flatnonzero((spans >= RULE_FILL * length).any(axis=1))


def connected(horizontal, vertical, tolerance: float):
    """Groups of horizontal and vertical strokes that touch (union-find over crossings)."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (y, x0, x1) in enumerate(horizontal):
        for j, (x, y0, y1) in enumerate(vertical):
            if x0 - tolerance <= x <= x1 + tolerance and y0 - tolerance <= y <= y1 + tolerance:
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, stroke in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(stroke)
    for j, stroke in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(stroke)
    return [(hs, vs) for hs, vs in groups.values() if hs and vs]


def snap(merged: list[float], position: float) -> float:
    """The first of ``merged`` (sorted, from ``merge``) at or before ``position``."""
    return merged[max(bisect_right(merged, position) - 1, 0)]


def merge(positions: list[float], tolerance: float) -> list[float]:
    """Sorted positions, those within ``tolerance`` of the previous one dropped."""
    merged: list[float] = []
    for position in sorted(positions):
        if not merged or position - merged[-1] > tolerance:
            merged.append(position)
    return merged


# -- the engines --------------------------------------------------------------------------

def get_engine(name: str = "auto") -> Callable[[Image.Image], tuple[list[Quad], list[str]]]:
    """The process's OCR engine ``name`` (auto: the first of AUTO_ORDER installed), built on
    first use. Raises OcrUnavailable (every call) saying how to install it."""
    if name not in ENGINES:
        raise ValueError(f"OCR engine must be one of {ENGINES}, got {name!r}")
    reasons = []
    for candidate in AUTO_ORDER if name == "auto" else (name,):
        engine, reason = _load_engine(candidate)
        if engine is not None:
            return engine
        reasons.append(reason)
    raise OcrUnavailable(reasons[-1] if name != "auto" else INSTALL_HINT)


def engine_name(name: str = "auto") -> str:
    """Which engine ``name`` stands for here (auto: the first of AUTO_ORDER that starts)."""
    for candidate in AUTO_ORDER if name == "auto" else (name,):
        if _load_engine(candidate)[0] is not None:
            return candidate
    raise OcrUnavailable(INSTALL_HINT)


@cache
def _load_engine(name: str) -> tuple[Callable | None, str]:
    """(engine, "") or (None, why not): tried once per process."""
    if name == "tesseract":
        from extractor.read import tesseract as module
    else:
        from extractor.read import rapid as module
    try:
        return module.build(), ""
    except OcrUnavailable as error:
        log.debug("OCR engine %s unavailable: %s", name, error)
        return None, str(error)
