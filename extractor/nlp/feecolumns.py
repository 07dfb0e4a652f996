"""Fees in a table whose column header names their period: "Monthly Fee (USD) – Commencement
Date – 2020" above rows that state only "$10,109". The row's amount is a monthly fee; when the
column is for one calendar year, the fee runs to that year's end (or its own stated term, if
shorter)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extractor.nlp.dates import find_dates
from extractor.nlp.rules import money as rules

_I = re.IGNORECASE
_COLUMN = re.compile(rules.FEE_COLUMN_RE, _I)
_COLUMN_WORDS = re.compile(rules.COLUMN_WORDS_RE, _I)
_YEAR = re.compile(rules.COLUMN_YEAR_RE)
_START = re.compile(rules.COLUMN_START_RE)
DATE_REACH = 40  # chars before a date's definition where the date is
HEADER_REACH = 2500  # chars above a row where its table's header is looked for
WORDS_REACH = 120
BLOCK_GAP = 40  # chars between two fee column headers of one header row  # chars before a header where the other column words are
PERIODS = {"monthly": "monthly", "quarterly": "quarterly", "annual": "annual", "yearly": "annual"}


@dataclass(frozen=True)
class FeeColumn:
    period: str
    until: date | None  # the end of the year the column is for
    start: date | None = None  # the date the column's header counts from, as defined


def fee_column(text: str, start: int) -> FeeColumn | None:
    """The fee column header nearest above ``start`` (an amount in a table row), if any."""
    headers = list(_COLUMN.finditer(text, max(0, start - HEADER_REACH), start))
    if not headers:
        return None
    index = len(headers) - 1  # a row's first amount is in the block's first fee column
    while index and headers[index].start() - headers[index - 1].end() <= BLOCK_GAP:
        index -= 1
    found = headers[index]
    if not _COLUMN_WORDS.search(text, max(0, found.start() - WORDS_REACH), found.start()):
        return None
    tail = re.sub(r"\s+", " ", found.group("tail"))
    year = _YEAR.search(tail)
    until = date(int(year.group("year")), 12, 31) if year else None
    start = _START.search(tail)
    begins = defined_date(text, start.group("name")) if start else None
    return FeeColumn(PERIODS[found.group("period").lower()], until, begins)


def defined_date(text: str, name: str) -> date | None:
    """The date right before the definition of ``name`` ('February 4, 2020 (the
    "Commencement Date")'), when the contract gives one."""
    pattern = re.compile(rules.DEFINED_DATE_RE.format(name=re.escape(name)), _I)
    for match in pattern.finditer(text):
        dates = find_dates(text[max(0, match.start() - DATE_REACH) : match.start()])
        if dates:
            return dates[-1][2].value
    return None
