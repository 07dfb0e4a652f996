"""Fees stated per contract year ("Year 1 (2019/20): $150,000 ... Year 4: $163,900") and the
rule that splits each year's fee into instalments ("payable in four (4) equal instalments on
the first day of each calendar quarter"; "half ... due on or before March 1 and September 1 of
each Contract Year").

``year_of(label)`` reads the contract year a row names; ``instalment_rule(text)`` finds how an
annual fee is paid; ``year_instalments`` dates the instalments of one year's fee.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extractor.nlp.duerules import add_offset
from extractor.nlp.numbers import parse_number_words
from extractor.nlp.rules import money as rules
from extractor.nlp.rules.entities import ORDINALS
from models import DueRule, Evidence, Milestone

_I = re.IGNORECASE
_YEAR_LABEL = re.compile(rules.YEAR_LABEL_RE, _I)
_SPLIT_SENTENCE = re.compile(r"[^.;]*\b(?:install?ments|one-half|half)\b[^.;]*", _I)
_ANNUAL = re.compile(rules.ANNUAL_FEE_RE, _I)
_PAID = re.compile(r"\b(?:payable|paid|due|invoiced)\b", _I)
_PARTS = re.compile(rules.SPLIT_PARTS_RE, _I)
_HALF = re.compile(r"\b(?:one-)?half\b", _I)
_CALENDAR_QUARTERS = re.compile(r"\bfirst\s+(?:business\s+)?day\s+of\s+each\s+calendar\s+quarter\b", _I)
_MONTH_DAYS = re.compile(rules.MONTH_DAYS_RE, _I)
_DAY_OF_MONTHS = re.compile(rules.DAY_OF_MONTHS_RE, _I)
_MONTH_NAME = re.compile(rules.MONTH_NAME_RE, _I)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
SPLIT_REACH = 2000  # chars around a table of yearly fees where the rule that splits them is read


@dataclass(frozen=True)
class Split:
    """How a year's fee is paid: ``parts`` equal instalments, on calendar quarter starts, on
    given (month, day)s of each year, or evenly through the year."""

    parts: int
    calendar_quarters: bool = False
    month_days: tuple[tuple[int, int], ...] = ()


def year_of(label: str) -> int | None:
    """1 for "Year 1 (2019/20)", "Contract Year 1", "First Contract Year"."""
    match = _YEAR_LABEL.search(label)
    if not match:
        return None
    if match.group("n"):
        digits = match.group("n")
        value = int(digits) if digits.isdigit() else parse_number_words(digits)
    else:
        value = ORDINALS.get(match.group("ord").lower())
    return value if value and 0 < value <= 30 else None


def instalment_rule(text: str) -> Split | None:
    """The sentence that splits an annual fee into instalments, if the text has one."""
    match = next((m for m in _SPLIT_SENTENCE.finditer(text)
                  if _ANNUAL.search(m.group(0)) and _PAID.search(m.group(0))), None)  # fmt: skip
    if not match:
        return None
    sentence = match.group(0)
    days = month_days(sentence)
    if _CALENDAR_QUARTERS.search(sentence):
        return Split(4, calendar_quarters=True)
    if len(days) >= 2:
        return Split(len(days), month_days=days)
    parts_of = _PARTS.search(sentence)
    parts = _parts(parts_of.group("parts")) if parts_of else (2 if _HALF.search(sentence) else None)
    return Split(parts) if parts else None


def _parts(text: str) -> int | None:
    low = text.lower()
    if "quarter" in low:
        return 4
    if "semi" in low or "half" in low:
        return 2
    if "month" in low:
        return 12
    digits = re.findall(r"\d+", low)
    if digits:
        return int(digits[-1])
    words = re.findall(r"[a-z]+", low)
    value = parse_number_words(words[0]) if words else None
    return value if value and 1 < value <= 12 else None


def month_days(text: str) -> tuple[tuple[int, int], ...]:
    """(month, day)s a clause names: "on or before March 1 and September 1"; "on the first (1st)
    day of February, May, August and November"."""
    listed = _DAY_OF_MONTHS.search(text)
    if listed:
        day = _day_number(listed.group("nth"))
        months = [_MONTHS.index(m[:3].lower()) + 1 for m in _MONTH_NAME.findall(listed.group("months"))]
        return tuple(sorted({(month, day) for month in months})) if day else ()
    days = (_month_day(m) for m in _MONTH_DAYS.finditer(text))
    return tuple(sorted({d for d in days if d}))


def _day_number(text: str) -> int | None:
    digits = re.findall(r"\d+", text)
    if digits:
        return int(digits[0])
    return ORDINALS.get(text.lower())


def _month_day(match: re.Match) -> tuple[int, int] | None:
    month = _MONTHS.index(match.group("month")[:3].lower()) + 1
    day = int(match.group("day"))
    return (month, day) if 1 <= day <= 31 else None


def year_instalments(year: int, amount: float, currency: str, split: Split | None,
                     effective: date | None, evidence: Evidence,
                     confidence: float) -> list[Milestone]:  # fmt: skip
    """The dated (or ruled) instalments of the fee of contract year ``year``."""
    split = split or Split(1)
    share = round(amount / split.parts, 2)
    name = f"Annual fee year {year}"
    if effective is None:
        step = 12 // split.parts if 12 % split.parts == 0 else 12
        dues = [(None, DueRule(f"contract year {year}, instalment {i + 1}", (year - 1) * 12 + i * step,
                               "months", "after", "effective_date")) for i in range(split.parts)]  # fmt: skip
    else:
        start = add_offset(effective, year - 1, "years")
        dues = [(d, None) for d in _dates(start, split)]
    return [Milestone(name=f"{name}, {i + 1} of {len(dues)}", kind="payment", due_date=due,
                      due_rule=rule, amount=share, currency=currency, evidence=evidence,
                      confidence=confidence, series=name) for i, (due, rule) in enumerate(dues)]  # fmt: skip


def _dates(start: date, split: Split) -> list[date]:
    end = add_offset(start, 1, "years")
    if split.calendar_quarters:
        out, month = [], start.replace(day=1)
        if start.day != 1 or (start.month - 1) % 3:
            out.append(start)
        while month < end:
            if (month.month - 1) % 3 == 0 and month >= start:
                out.append(month)
            month = add_offset(month, 1, "months")
        return sorted(set(out))[: split.parts] if len(out) > split.parts else out
    if split.month_days:
        found = []
        for year in (start.year, start.year + 1):
            for month, day in split.month_days:
                try:
                    when = date(year, month, day)
                except ValueError:
                    continue
                if start <= when < end:
                    found.append(when)
        return sorted(found)
    step = 12 // split.parts if 12 % split.parts == 0 else 12
    return [add_offset(start, i * step, "months") for i in range(split.parts)]


def split_near(text: str, start: int, end: int) -> Split | None:
    """The instalment rule stated near a table of yearly fees (before or after it)."""
    return instalment_rule(text[max(0, start - SPLIT_REACH) : end + SPLIT_REACH])
