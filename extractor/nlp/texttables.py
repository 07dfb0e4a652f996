"""Tables laid out as text columns: a header line ("Milestone    Due Date    Amount") and the
rows under it, cells separated by runs of spaces.

Plain-text contracts, pdftotext output and e-mailed order forms write their payment schedules
this way; the loaders find no table there. ``text_tables(text, page)`` returns each such table
as a ``models.Table`` plus where each of its rows sits in the page text, so the rows are read
as a schedule and the prose reader skips them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.nlp.tables import header_columns
from models import Table

_LINE = re.compile(r"^[^\n]*", re.MULTILINE)
_SEGMENT = re.compile(r"\S+(?: \S+)*")  # words joined by single spaces: one cell
_GAP = re.compile(r"\S(?: {2,}|\t)\S")
_RULE_LINE = re.compile(r"^[\s\-=_+|.:]+$")
_SENTENCE_END = re.compile(r"[.;:]$")
MAX_HEADER_CELL = 45
MAX_ROWS = 40
PROSE_CHARS = 70  # a one-cell line this long at the left margin is prose: the table ended
ALIGN_SLACK = 2  # a cell may start this many chars left of its column


@dataclass(frozen=True)
class TextTable:
    table: Table
    spans: tuple[tuple[int, int], ...]  # (start, end) in the page text of each table row


def text_tables(text: str, page: int) -> list[TextTable]:
    """Column-aligned tables of a page whose header names a schedule's columns."""
    if "  " not in text:
        return []
    lines = [(m.start(), m.group(0)) for m in _LINE.finditer(text)]
    found, index = [], 0
    while index < len(lines):
        columns = _header(lines[index][1])
        if columns is None:
            index += 1
            continue
        table, used = _rows(lines, index, columns, page)
        if table:
            found.append(table)
        index += max(used, 1)
    return found


def _header(line: str) -> list[int] | None:
    """Start columns of a header line, or None when the line is no schedule header."""
    if " | " in line or not _GAP.search(line):
        return None
    segments = list(_SEGMENT.finditer(line))
    if len(segments) < 2 or any(len(s.group(0)) > MAX_HEADER_CELL for s in segments):
        return None
    if _SENTENCE_END.search(line.rstrip()):
        return None
    if header_columns([s.group(0) for s in segments]) is None:
        return None
    return [s.start() for s in segments]


def _rows(lines, index: int, columns: list[int], page: int):
    """The rows under the header at ``lines[index]``: (TextTable or None, lines consumed)."""
    header_start, header = lines[index]
    rows: list[list[str]] = [_cells(header, columns)]
    spans: list[list[int]] = [[header_start, header_start + len(header)]]
    position = index + 1
    while position < len(lines) and len(rows) <= MAX_ROWS:
        start, line = lines[position]
        if not line.strip():
            break
        if _RULE_LINE.match(line):
            position += 1
            continue
        if " | " in line:
            break
        segments = list(_SEGMENT.finditer(line))
        first = segments[0].start()
        if len(segments) == 1 and first < ALIGN_SLACK + columns[0] and len(line) > PROSE_CHARS:
            break  # a paragraph at the margin
        if len(segments) == 1 and len(rows) > 1 and first > columns[0] + ALIGN_SLACK:
            column = _column_of(first, columns)  # a wrapped cell continues the row above
            rows[-1][column] = f"{rows[-1][column]} {segments[0].group(0)}".strip()
            spans[-1][1] = start + len(line)
            position += 1
            continue
        if len(segments) == 1 and len(rows) > 1 and _SENTENCE_END.search(line.rstrip()):
            break  # a sentence after the table
        rows.append(_cells(line, columns))
        spans.append([start, start + len(line)])
        position += 1
    if len(rows) < 2:
        return None, position - index
    table = Table(rows=tuple(tuple(row) for row in rows), page=page)
    return TextTable(table, tuple((s, e) for s, e in spans)), position - index


def _cells(line: str, columns: list[int]) -> list[str]:
    """The line cut into the header's columns: runs of 2+ spaces separate cells, and a cell
    that runs into the next column's start (one space apart) is cut there."""
    cells = [""] * len(columns)
    for segment in _SEGMENT.finditer(line):
        for part_start, part in _split_at_columns(segment.start(), segment.group(0), columns):
            column = _column_of(part_start, columns)
            cells[column] = f"{cells[column]} {part}".strip()
    return cells


def _split_at_columns(start: int, text: str, columns: list[int]) -> list[tuple[int, str]]:
    parts, offset = [], 0
    for column in columns:
        cut = column - start
        if offset < cut < len(text) and text[cut - 1] == " " and text[cut] != " ":
            parts.append((start + offset, text[offset : cut - 1]))
            offset = cut
    parts.append((start + offset, text[offset:]))
    return parts


def _column_of(position: int, columns: list[int]) -> int:
    column = 0
    for index, start in enumerate(columns):
        if start <= position + ALIGN_SLACK:
            column = index
    return column
