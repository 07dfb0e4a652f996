"""Ruled tables from PDFium's drawing: pdfplumber's "lines" table finder without pdfminer.

pdfplumber lays out every character of a page through pdfminer before it looks for tables. The
grid only needs the page's path objects and the text only the characters inside it, which PDFium
(already open for the page text) hands over for a few milliseconds. The steps and tolerances are
pdfplumber's defaults (``TableFinder``, lines strategy; ``Table.extract``), so both read the
same tables (bench/pdftables_bench.py compares them):

1. edges: every straight horizontal or vertical piece of a path, as pdfminer sees paths (a
   closed 4-sided axis-aligned path is a rectangle and gives its four sides, so the thin filled
   boxes Word draws as rules give two edges that snap together);
2. snap edges whose positions are within 3 pt (chained) to their mean, join collinear edges
   with gaps up to 3 pt, drop edges under 3 pt;
3. intersections of horizontal and vertical edges (3 pt tolerance);
4. cells: from each intersection, the nearest rectangle whose corners are intersections joined
   by edges; tables: cells connected through shared corners (a lone cell is a box, not a table);
5. rows and columns: the distinct tops and lefts of the cells, a merged cell's text in its first
   slot and None in the others; a char belongs to the cell holding the centre of its box,
   cell text is pdfplumber's extract_text (lines by top within 3 pt, words split at spaces and
   at gaps over 3 pt).

Coordinates are pdfplumber's: x to the right, y ("top") downwards, after the page's /Rotate.
"""

from __future__ import annotations

import ctypes
import logging
import math
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby, pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.read.text import to_table
from models import Table

log = logging.getLogger(__name__)

SNAP = 3.0  # pdfplumber snap_tolerance
JOIN = 3.0  # join_tolerance
MIN_EDGE = 3.0  # edge_min_length, after joining
MIN_PIECE = 1.0  # edge_min_length_prefilter, before joining
CROSS = 3.0  # intersection_tolerance
MAX_PATHS = 5000  # vector art, not a table: stop reading paths after this many
MAX_DEPTH = 4  # nested form XObjects followed
MAX_CROSSINGS = 10_000  # a 100 x 100 grid; finding cells is quadratic in the crossings
BOX_SEGMENTS = 5  # a rectangle: move, 3 lines, the line that closes it
SMALL_PATH = 24.0  # points: a many-piece path inside a box this size is a glyph or an icon
MOVETO = pdfium_c.FPDF_SEGMENT_MOVETO
BEZIERTO = pdfium_c.FPDF_SEGMENT_BEZIERTO

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass
class Edge:
    """A horizontal edge at ``pos`` (its top) from ``start`` to ``end`` along x, or a vertical
    one at ``pos`` (its x) from ``start`` to ``end`` along y (downwards)."""

    pos: float
    start: float
    end: float


def find_tables(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, page_number: int
) -> tuple[Table, ...]:
    """The ruled tables of a page (``textpage`` is the page's), as pdfplumber's
    ``page.find_tables()`` + ``text.to_table`` read them: tables under 2 rows or without a
    row of 2 filled cells are left out."""
    grids = read_grids(page, textpage, at_least=2)
    tables = (to_table(grid, page_number) for grid in grids)
    return tuple(table for table in tables if table is not None)


def read_grids(
    page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, at_least: int = 1
) -> list[list[list[str | None]]]:
    """Every grid of 2 cells or more as pdfplumber's ``Table.extract()`` gives it: raw cell
    text, None in the slots a merged cell covers. With ``at_least=2`` grids of one row or one
    column are skipped unread (they cannot make a table)."""
    view = View.of(page)
    horizontal, vertical = page_edges(page, view)
    if not horizontal or not vertical:
        return []
    groups = group_cells(find_cells(merge(horizontal), merge(vertical)))
    groups = [group for group in groups if min(shape(group)) >= at_least]
    if not groups:
        return []
    chars = page_chars(textpage, view, bounds([bounds(group) for group in groups]))
    return [read_rows(group, chars) for group in groups]


def shape(cells: list[Cell]) -> tuple[int, int]:
    """(rows, columns): the distinct tops and lefts of the cells."""
    return len({cell[1] for cell in cells}), len({cell[0] for cell in cells})


@dataclass(frozen=True)
class View:
    """pdfplumber's page coordinates: PDF user space turned by /Rotate, y downwards."""

    rotation: int
    matrix: Matrix  # user space -> (x, top)

    @classmethod
    def of(cls, page: pdfium.PdfPage) -> View:
        x0, y0, x1, y1 = page.get_mediabox()
        rotation = page.get_rotation() % 360
        turn = {  # pdfminer's page matrix for each /Rotate
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        height = (x1 - x0) if rotation in (90, 270) else (y1 - y0)
        return cls(rotation, multiply(turn, (1.0, 0.0, 0.0, -1.0, 0.0, height)))

    def point(self, x: float, y: float) -> Point:
        a, b, c, d, e, f = self.matrix
        return a * x + c * y + e, b * x + d * y + f

    def user_box(self, box: Cell) -> Cell:
        """(left, top, right, bottom) in page coordinates -> (left, bottom, right, top) in
        user space."""
        a, b, c, d, e, f = self.matrix
        det = a * d - b * c
        xs, ys = [], []
        for x, y in ((box[0], box[1]), (box[2], box[3])):
            x, y = x - e, y - f
            xs.append((d * x - c * y) / det)
            ys.append((a * y - b * x) / det)
        return min(xs), min(ys), max(xs), max(ys)


# --- 1. edges from path objects ------------------------------------------------------------


def page_edges(page: pdfium.PdfPage, view: View) -> tuple[list[Edge], list[Edge]]:
    horizontal: list[Edge] = []
    vertical: list[Edge] = []
    for points in page_paths(page):
        add_edges([view.point(x, y) for x, y in points], horizontal, vertical)
    return horizontal, vertical


def page_paths(page: pdfium.PdfPage) -> Iterator[list[Point]]:
    """Every subpath of the page's path objects (form XObjects followed) in user space."""
    budget = [MAX_PATHS]
    count = pdfium_c.FPDFPage_CountObjects(page)
    objects = [pdfium_c.FPDFPage_GetObject(page, i) for i in range(count)]
    yield from walk(objects, IDENTITY, 0, budget)


def walk(objects: list, outer: Matrix, depth: int, budget: list[int]) -> Iterator[list[Point]]:
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            budget[0] -= 1
            if budget[0] < 0:
                return
            count = pdfium_c.FPDFPath_CountSegments(obj)
            if count > 2 * BOX_SEGMENTS and is_small(obj, outer):
                continue
            yield from subpaths(obj, count, multiply(object_matrix(obj), outer))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_DEPTH:
            count = pdfium_c.FPDFFormObj_CountObjects(obj)
            inner = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count)]
            yield from walk(inner, multiply(object_matrix(obj), outer), depth + 1, budget)


def is_small(obj, outer: Matrix) -> bool:
    """A path of many pieces inside a small box: a glyph drawn as outlines, an icon or a logo.
    Reading its pieces costs more than the rest of the page, and any cells its straight bits
    make are a few points wide and hold no text."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return False
    scale = max(abs(outer[0]) + abs(outer[2]), abs(outer[1]) + abs(outer[3]))
    size = max(right.value - left.value, top.value - bottom.value) * scale
    return size < SMALL_PATH


def object_matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def multiply(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` then ``outer``."""
    if outer == IDENTITY:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def subpaths(obj, count: int, matrix: Matrix) -> list[list[Point]]:
    """The end points of each subpath's pieces in user space, as pdfminer lists them: Bezier
    control points left out. (PDFium has already added the point that closes a subpath.)"""
    a, b, c, d, e, f = matrix
    x = ctypes.c_float()
    y = ctypes.c_float()
    xp, yp = ctypes.byref(x), ctypes.byref(y)
    get_segment = pdfium_c.FPDFPath_GetPathSegment
    get_type = pdfium_c.FPDFPathSegment_GetType
    get_point = pdfium_c.FPDFPathSegment_GetPoint
    found: list[list[Point]] = []
    points: list[Point] = []
    bezier = 0
    for i in range(count):
        segment = get_segment(obj, i)
        kind = get_type(segment)
        if kind == BEZIERTO:
            bezier += 1
            if bezier % 3:  # two control points, then the end point
                continue
        else:
            bezier = 0
        get_point(segment, xp, yp)
        px, py = x.value, y.value
        point = (a * px + c * py + e, b * px + d * py + f)
        if kind == MOVETO:
            if len(points) > 1:
                found.append(points)
            points = [point]
        else:
            points.append(point)
    if len(points) > 1:
        found.append(points)
    return found


def add_edges(points: list[Point], horizontal: list[Edge], vertical: list[Edge]) -> None:
    """pdfminer's shapes: 2 points a line, 5 closing on an axis-aligned box a rectangle (its
    four sides), anything else a curve whose straight axis-aligned pieces count."""
    if len(points) == 3 and points[2] == points[0]:
        points = points[:2]  # "m l h": a line
    if len(points) == 5 and points[4] == points[0] and is_box(points):
        (left, top), (right, bottom) = points[0], points[2]
        left, right = min(left, right), max(left, right)
        top, bottom = min(top, bottom), max(top, bottom)
        for pos in (top, bottom):
            add_piece(horizontal, pos, left, right)
        for pos in (left, right):
            add_piece(vertical, pos, top, bottom)
        return
    for (x0, y0), (x1, y1) in pairwise(points):
        if y0 == y1:
            add_piece(horizontal, y0, min(x0, x1), max(x0, x1))
        elif x0 == x1:
            add_piece(vertical, x0, min(y0, y1), max(y0, y1))


def is_box(points: list[Point]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


def add_piece(edges: list[Edge], pos: float, start: float, end: float) -> None:
    if end - start >= MIN_PIECE:
        edges.append(Edge(pos, start, end))


# --- 2. snap and join ----------------------------------------------------------------------


def merge(edges: list[Edge]) -> list[Edge]:
    """Snap positions within SNAP of each other (chained, as pdfplumber clusters) to their mean,
    then join pieces on one line whose gap is at most JOIN, and drop the short ones."""
    if not edges:
        return []
    edges.sort(key=lambda edge: edge.pos)
    cluster = [edges[0]]
    for edge in edges[1:]:
        if edge.pos <= cluster[-1].pos + SNAP:
            cluster.append(edge)
        else:
            snap(cluster)
            cluster = [edge]
    snap(cluster)
    edges.sort(key=lambda edge: (edge.pos, edge.start))
    joined: list[Edge] = []
    for edge in edges:
        last = joined[-1] if joined else None
        if last is not None and last.pos == edge.pos and edge.start <= last.end + JOIN:
            last.end = max(last.end, edge.end)
        else:
            joined.append(Edge(edge.pos, edge.start, edge.end))
    return [edge for edge in joined if edge.end - edge.start >= MIN_EDGE]


def snap(cluster: list[Edge]) -> None:
    mean = sum(edge.pos for edge in cluster) / len(cluster)
    for edge in cluster:
        edge.pos = mean


# --- 3. and 4. intersections, cells, tables ------------------------------------------------

Cell = tuple[float, float, float, float]  # left, top, right, bottom


def find_cells(horizontal: list[Edge], vertical: list[Edge]) -> list[Cell]:
    """pdfplumber's intersections_to_cells: from each intersection (in x, then y order) the
    nearest point below and then to the right that close a rectangle of edges."""
    horizontal.sort(key=lambda edge: edge.pos)
    tops = [edge.pos for edge in horizontal]
    crossings: dict[Point, tuple[set[int], set[int]]] = {}
    for v_id, v in enumerate(vertical):
        first = bisect_left(tops, v.start - CROSS)
        last = bisect_right(tops, v.end + CROSS)
        for h_id in range(first, last):
            h = horizontal[h_id]
            if h.start - CROSS <= v.pos <= h.end + CROSS:
                v_ids, h_ids = crossings.setdefault((v.pos, h.pos), (set(), set()))
                v_ids.add(v_id)
                h_ids.add(h_id)
        if len(crossings) > MAX_CROSSINGS:
            log.info("%d rule crossings and more: graph paper, not a table", MAX_CROSSINGS)
            return []
    by_x: dict[float, list[Point]] = {}
    by_y: dict[float, list[Point]] = {}
    for point in sorted(crossings):
        by_x.setdefault(point[0], []).append(point)
        by_y.setdefault(point[1], []).append(point)

    def on_vertical(p: Point, q: Point) -> bool:
        return not crossings[p][0].isdisjoint(crossings[q][0])

    def on_horizontal(p: Point, q: Point) -> bool:
        return not crossings[p][1].isdisjoint(crossings[q][1])

    cells = []
    for point in sorted(crossings):
        below = [p for p in by_x[point[0]] if p[1] > point[1]]
        right = [p for p in by_y[point[1]] if p[0] > point[0]]
        cell = smallest_cell(point, below, right, crossings, on_vertical, on_horizontal)
        if cell:
            cells.append(cell)
    return cells


def smallest_cell(point, below, right, crossings, on_vertical, on_horizontal) -> Cell | None:
    for down in below:
        if not on_vertical(point, down):
            continue
        for across in right:
            if not on_horizontal(point, across):
                continue
            corner = (across[0], down[1])
            if corner in crossings and on_vertical(corner, across) and on_horizontal(corner, down):
                return (point[0], point[1], corner[0], corner[1])
    return None


def group_cells(cells: list[Cell]) -> list[list[Cell]]:
    """Cells sharing corners form a table (pdfplumber's cells_to_tables): top to bottom, then
    left to right; a table of one cell is a box, not a table."""
    owner: dict[Point, int] = {}
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (left, top, right, bottom) in enumerate(cells):
        for corner in ((left, top), (left, bottom), (right, top), (right, bottom)):
            j = owner.setdefault(corner, i)
            parent[root(j)] = root(i)
    groups: dict[int, list[Cell]] = {}
    for i, cell in enumerate(cells):
        groups.setdefault(root(i), []).append(cell)
    tables = [group for group in groups.values() if len(group) > 1]
    return sorted(tables, key=lambda group: min((cell[1], cell[0]) for cell in group))


# --- 5. rows and text ----------------------------------------------------------------------

LINE = 3.0  # pdfplumber's y_tolerance: chars whose tops differ by this much share a line
GAP = 3.0  # x_tolerance: a wider gap between two chars starts a new word
HYPHEN_MARK = 0x02  # PDFium's code for a hyphen that ends a line
SPACE = 0x20
QUARTER_TURN = 1e-4  # radians: pdfminer's upright test is exact, PDFium's angle a float
SPACE_WIDTH = 0.15  # em: narrower gaps at a PDFium space are kerning, not a space glyph


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    upright: bool = True  # pdfminer's "upright": not turned a quarter on the displayed page


def read_rows(cells: list[Cell], chars: list[Char]) -> list[list[str | None]]:
    texts = cell_texts(cells, chars)
    lefts = sorted({cell[0] for cell in cells})
    tops = sorted({cell[1] for cell in cells})
    rows = []
    for top in tops:
        rows.append([texts.get((left, top)) for left in lefts])
    return rows


def bounds(cells: list[Cell]) -> Cell:
    """The box around cells (or around boxes)."""
    return (
        min(cell[0] for cell in cells),
        min(cell[1] for cell in cells),
        max(cell[2] for cell in cells),
        max(cell[3] for cell in cells),
    )


def page_chars(textpage: pdfium.PdfTextPage, view: View, area: Cell) -> list[Char]:
    """The page's characters whose centre lies in ``area``, in content order. Boxes are PDFium's
    loose ones (advance width by font ascent to descent), the closest to pdfminer's."""
    left, bottom, right, top = view.user_box(area)  # a quick test before the exact one
    a, b, c, d, e, f = view.matrix
    rotation = math.radians(view.rotation)
    handle = textpage.raw
    box = pdfium_c.FS_RECTF()
    box_p = ctypes.byref(box)
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_angle = pdfium_c.FPDFText_GetCharAngle
    chars: list[Char] = []
    last: Char | None = None  # the char before, when it is in the area
    space = False  # PDFium has a box-less space after it
    for i in range(pdfium_c.FPDFText_CountChars(handle)):
        get_box(handle, i, box_p)
        x0, x1, y0, y1 = box.left, box.right, box.bottom, box.top
        if x0 == x1 and y0 == y1:
            # PDFium makes the page's spaces, and the gaps it reads as spaces, box-less chars.
            space = space or (last is not None and get_unicode(handle, i) == SPACE)
            continue
        if not (left <= (x0 + x1) / 2 <= right and bottom <= (y0 + y1) / 2 <= top):
            last = None
            space = False
            continue
        p0, q0 = a * x0 + c * y0 + e, b * x0 + d * y0 + f
        p1, q1 = a * x1 + c * y1 + e, b * x1 + d * y1 + f
        code = get_unicode(handle, i)
        turn = (get_angle(handle, i) + rotation) % math.pi
        char = Char(
            chr(code) if HYPHEN_MARK < code <= sys.maxunicode else character(code),
            min(p1, p0),
            max(p0, p1),
            min(q1, q0),
            max(q0, q1),
            abs(turn - math.pi / 2) > QUARTER_TURN,
        )
        if space and last is not None and spaced(last, char):
            pause = Char(" ", last.x1, last.x1, last.top, last.bottom, last.upright)
            add_char(chars, pause, area)
        add_char(chars, char, area)
        last = char
        space = False
    return chars


def character(code: int) -> str:
    """The few codes ``chr`` cannot take as they are."""
    if code == HYPHEN_MARK:
        return "-"
    return chr(code) if code <= sys.maxunicode else "\ufffd"


def spaced(last: Char, char: Char) -> bool:
    """Whether PDFium's space between two chars on a line stands for a space glyph that splits
    a word for pdfplumber: gaps over GAP split words anyway, and gaps under a fraction of an em
    are kerning."""
    gap = char.x0 - last.x1
    size = last.bottom - last.top
    return abs(char.top - last.top) <= LINE and SPACE_WIDTH * size <= gap <= GAP


def add_char(chars: list[Char], char: Char, area: Cell) -> None:
    left, top, right, bottom = area
    if left <= (char.x0 + char.x1) / 2 < right and top <= (char.top + char.bottom) / 2 < bottom:
        chars.append(char)


def cell_texts(cells: list[Cell], chars: list[Char]) -> dict[Point, str]:
    """Each cell's text keyed by its top-left corner; a char belongs to the cells holding its
    centre (left and top edges inclusive, as pdfplumber decides)."""
    xs = sorted({x for cell in cells for x in (cell[0], cell[2])})
    ys = sorted({y for cell in cells for y in (cell[1], cell[3])})
    owners: dict[tuple[int, int], list[int]] = {}
    for n, (left, top, right, bottom) in enumerate(cells):
        for i in range(xs.index(left), xs.index(right)):
            for j in range(ys.index(top), ys.index(bottom)):
                owners.setdefault((i, j), []).append(n)
    inside: list[list[Char]] = [[] for _ in cells]
    for char in chars:
        i = bisect_right(xs, (char.x0 + char.x1) / 2) - 1
        j = bisect_right(ys, (char.top + char.bottom) / 2) - 1
        for n in owners.get((i, j), ()):
            inside[n].append(char)
    return {(cell[0], cell[1]): chars_text(inside[n]) for n, cell in enumerate(cells)}


def chars_text(chars: list[Char]) -> str:
    """pdfplumber's extract_text: each run of upright (or of sideways) chars is clustered into
    lines, sorted along the line and split into words at spaces and gaps; then all the words
    are clustered into lines by their tops."""
    words: list[tuple[str, float]] = []  # text, top
    for upright, run in groupby(chars, key=lambda char: char.upright):
        run_chars = list(run)
        if upright:
            lines = cluster(run_chars, lambda char: char.top)
            order = [sorted(line, key=lambda char: char.x0) for line in lines]
        else:  # pdfplumber reads sideways text top to bottom, columns left to right
            lines = cluster(run_chars, lambda char: char.x0)
            order = [sorted(line, key=lambda char: (char.top, char.bottom)) for line in lines]
        for line in order:
            split_words(line, words, new_word if upright else new_word_down)
    lines = cluster(words, lambda word: word[1])
    return "\n".join(" ".join(word[0] for word in line) for line in lines)


def split_words(line: list[Char], words: list[tuple[str, float]], starts_word) -> None:
    word: list[Char] = []
    for char in line:
        if char.text.isspace():
            add_word(words, word)
            word = []
        elif word and starts_word(word[-1], char):
            add_word(words, word)
            word = [char]
        else:
            word.append(char)
    add_word(words, word)


def new_word(last: Char, char: Char) -> bool:
    return char.x0 < last.x0 or char.x0 > last.x1 + GAP or abs(char.top - last.top) > LINE


def new_word_down(last: Char, char: Char) -> bool:
    return char.top < last.top or char.top > last.bottom + LINE or abs(char.x0 - last.x0) > GAP


def add_word(words: list[tuple[str, float]], chars: list[Char]) -> None:
    if chars:
        words.append(("".join(char.text for char in chars), min(char.top for char in chars)))


def cluster(items: list, key) -> list[list]:
    """pdfplumber's cluster_objects: distinct key values chained while each is within LINE of
    the previous one; items keep their order inside a cluster."""
    values = sorted({key(item) for item in items})
    index: dict[float, int] = {}
    group = 0
    for n, value in enumerate(values):
        if n and value > values[n - 1] + LINE:
            group += 1
        index[value] = group
    groups: list[list] = [[] for _ in range(group + 1)] if values else []
    for item in items:
        groups[index[key(item)]].append(item)
    return groups
