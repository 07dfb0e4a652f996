"""Whole-text scans shared by the components: the entities component, the money reader and the
key-date decisions each scanned the same document text for amounts, dates and periods.

Each finder keeps its results for the last few texts; a caller gets a new list of the same
(frozen) values, exactly what the finder itself returns.
"""

from __future__ import annotations

from functools import lru_cache

from extractor.nlp.dates import ParsedDate, find_dates
from extractor.nlp.numbers import Duration, Money, find_durations, find_money

TEXTS = 2  # the document text and its footer-blanked or rewritten reading


@lru_cache(maxsize=TEXTS)
def _money(text: str, currency: str) -> tuple[tuple[int, int, Money], ...]:
    return tuple(find_money(text, currency))


@lru_cache(maxsize=TEXTS)
def _dates(text: str, dayfirst: bool) -> tuple[tuple[int, int, ParsedDate], ...]:
    return tuple(find_dates(text, dayfirst=dayfirst))


@lru_cache(maxsize=TEXTS)
def _durations(text: str) -> tuple[tuple[int, int, Duration], ...]:
    return tuple(find_durations(text))


def money_in(text: str, currency: str = "USD") -> list[tuple[int, int, Money]]:
    """``numbers.find_money`` of ``text``, scanned once."""
    return list(_money(text, currency))


def dates_in(text: str, dayfirst: bool = False) -> list[tuple[int, int, ParsedDate]]:
    """``dates.find_dates`` of ``text``, scanned once."""
    return list(_dates(text, bool(dayfirst)))


def durations_in(text: str) -> list[tuple[int, int, Duration]]:
    """``numbers.find_durations`` of ``text``, scanned once."""
    return list(_durations(text))
