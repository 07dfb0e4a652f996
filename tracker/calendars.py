"""Public-holiday calendars: listed dates plus country and region calendars.

``$CONTRACTS_HOLIDAYS`` (or a contract's jurisdiction) names them: a file of ISO dates, a
comma-separated list of dates, or country and region codes resolved with the ``holidays``
package (``US``, ``US-NY``, ``GB-ENG``, ``DE-BY``); items may be mixed
(``GB-ENG,2025-12-24``). A :class:`Calendar` is a frozenset of the listed dates that also
answers ``day in calendar`` for the named regions, year by year, as they are asked about.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

CODE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{1,4}))?$")


class CalendarError(Exception):
    """A holiday code the holidays package does not know."""


@lru_cache(maxsize=64)
def _region(code: str):
    import holidays  # imported on first use: commands that never count business days skip it

    match = CODE.match(code)
    if not match:
        raise CalendarError(f"{code!r} is not a country or region code like US, GB-ENG, DE-BY")
    country, subdivision = match.group(1).upper(), match.group(2)
    try:
        return holidays.country_holidays(country, subdiv=subdivision.upper() if subdivision
                                         else None)  # fmt: skip
    except NotImplementedError as e:
        raise CalendarError(f"unknown holiday calendar {code!r} ({e}): use a country code like "
                            "US or a region like GB-ENG, DE-BY, US-NY") from None  # fmt: skip


@lru_cache(maxsize=1024)
def _year(code: str, year: int) -> frozenset:
    """One region's holidays of one year, as a set (the holidays package is slow to ask)."""
    return frozenset(day for day in _region(code).__class__(years=year, **_options(code)))


def _options(code: str) -> dict:
    match = CODE.match(code)
    return {"subdiv": match.group(2).upper()} if match.group(2) else {}


def is_code(text: str) -> bool:
    return bool(CODE.match(text.strip()))


def check_code(code: str) -> str:
    """The normalised code ("gb-eng" -> "GB-ENG"); CalendarError when it is not known."""
    _region(code.strip().upper())
    return code.strip().upper()


class Calendar(frozenset):
    """Holidays: the listed dates (the frozenset itself) and the named regions' calendars."""

    codes: tuple[str, ...]

    def __new__(cls, dates=(), codes: tuple[str, ...] = ()):
        self = super().__new__(cls, dates)
        self.codes = tuple(dict.fromkeys(c.upper() for c in codes))
        self._years = {}  # year -> every holiday of that year, listed and regional
        return self

    def __contains__(self, day) -> bool:
        if not self.codes:
            return frozenset.__contains__(self, day)
        return day in self.of_year(day.year)

    def of_year(self, year: int) -> frozenset:
        """Every holiday of ``year``: the listed dates and the regions'."""
        days = self._years.get(year)
        if days is None:
            days = self._years[year] = frozenset(self).union(
                *(_year(code, year) for code in self.codes))
        return days

    def __bool__(self) -> bool:
        return bool(self.codes) or len(self) > 0

    def __eq__(self, other) -> bool:
        return frozenset.__eq__(self, other) and getattr(other, "codes", ()) == self.codes

    def __hash__(self) -> int:
        return hash((frozenset(self), self.codes))

    def __reduce__(self):  # pickled for worker processes
        return (Calendar, (tuple(self), self.codes))

    def with_region(self, code: str | None) -> Calendar:
        """This calendar plus a contract's own jurisdiction (ignored when unknown)."""
        if not code or code.upper() in self.codes:
            return self
        try:
            _region(code.upper())
        except CalendarError:
            return self
        return Calendar(self, (*self.codes, code))

    def name_of(self, day: date) -> str | None:
        for code in self.codes:
            name = _region(code).get(day)
            if name:
                return f"{name} ({code})"
        return "listed holiday" if frozenset.__contains__(self, day) else None


def fingerprint(holidays) -> str:
    """A short text that changes when the calendar does (for caches keyed on it)."""
    dates = ",".join(sorted(d.isoformat() for d in frozenset(holidays)))
    return dates + "|" + ",".join(getattr(holidays, "codes", ()))


def region(code: str | None, base: frozenset[date] | None = None) -> frozenset[date]:
    """``base`` (the $CONTRACTS_HOLIDAYS calendar) plus a contract's jurisdiction."""
    base = base if base is not None else frozenset()
    calendar = base if isinstance(base, Calendar) else Calendar(base)
    return calendar.with_region(code)

