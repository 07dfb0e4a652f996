"""Recurring fees: how often, how many times, from when; and their expansion into one dated
payment milestone per instalment (all sharing a ``series`` label).

``recurrence_in(before, after, clause, ...)`` reads the period ("per month", "an annual fee
of", "in quarterly instalments of"), the count ("for the first three (3) months", "five (5)
equal installments", "for a period of 12 months", a list of dates, the contract's term when the
fee runs "during the Term") and the start ("beginning on March 15, 2005", "commencing with the
execution of ...", else the effective date). ``expand`` turns a counted recurrence into
milestones; an open-ended fee (no count) stays a payment term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from extractor.nlp.dates import find_dates
from extractor.nlp.duerules import add_offset, find_due_rules
from extractor.nlp.numbers import parse_number_words
from extractor.nlp.rules import money as rules
from models import DueRule, Evidence, Milestone, Recurrence

_I = re.IGNORECASE
_PERIOD_AFTER = [(re.compile(p, _I), period) for p, period in rules.PERIOD_AFTER]
_PERIOD_BEFORE = [(re.compile(p, _I), period) for p, period in rules.PERIOD_BEFORE]
_COUNT = [(re.compile(p.format(num=rules.COUNT_NUMBER_RE), _I), unit) for p, unit in rules.COUNT_PATTERNS]
_DURING_TERM = re.compile(rules.DURING_TERM_RE, _I)
_START = re.compile(rules.START_RE, _I)
_EACH_OF_DATES = re.compile(rules.LISTED_DATES_RE, _I)
_TERM = re.compile(r"^(\d+)\s+(months?|years?)$")
STEP = {"weekly": (1, "weeks"), "monthly": (1, "months"), "quarterly": (3, "months"),
        "semiannual": (6, "months"), "annual": (1, "years")}  # fmt: skip
PER_YEAR = {"weekly": 52, "monthly": 12, "quarterly": 4, "semiannual": 2, "annual": 1}
MAX_INSTALMENTS = 240  # 20 years of monthly payments; more is a misreading


@dataclass(frozen=True)
class Term:
    """What the contract says of its own length: "3 years", its start and its end."""

    months: int | None = None
    effective: date | None = None
    expiration: date | None = None

    @classmethod
    def of(cls, length: str | None, effective: date | None, expiration: date | None) -> Term:
        months = term_months(length)
        if months is None and effective and expiration and expiration > effective:
            months = months_between(effective, expiration)
        return cls(months, effective, expiration)


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to the day after ``end`` (June 1, 1998 - May 31, 2001: 36)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day >= start.day - 1 else 0)


def period_of(before: str, after: str) -> str | None:
    for pattern, period in _PERIOD_AFTER:
        if pattern.match(after):
            return period
    for pattern, period in _PERIOD_BEFORE:
        if pattern.search(before):
            return period
    return None


def term_months(length: str | None) -> int | None:
    """"3 years" -> 36, "18 months" -> 18; None for "until 2014-11-30" or "perpetual"."""
    match = _TERM.match((length or "").strip())
    if not match:
        return None
    value = int(match.group(1))
    return value * 12 if match.group(2).startswith("year") else value


def count_in(clause: str, period: str, term: Term, start: date | None = None) -> int | None:
    """The number of payments a clause states for a fee paid every ``period``."""
    for pattern, unit in _COUNT:
        match = pattern.search(clause)
        if not match:
            continue
        value = _number(match.group("num"))
        if not value:
            continue
        if unit == "payments":
            return value
        months = value * (12 if unit == "years" else 3 if unit == "quarters" else 1)
        return _per(months, period)
    if _DURING_TERM.search(clause):
        if start and term.expiration and term.expiration > start:
            return _until(start, term.expiration, period)
        if term.months:
            return _per(term.months, period)
    return None


def _until(start: date, end: date, period: str) -> int | None:
    """Payments every ``period`` from ``start`` up to ``end`` (inclusive)."""
    step, unit = STEP[period]
    count = 0
    while count < MAX_INSTALMENTS and add_offset(start, count * step, unit) <= end:
        count += 1
    return count or None


def _per(months: int, period: str) -> int | None:
    count = months * PER_YEAR[period] // 12
    return count if 0 < count <= MAX_INSTALMENTS else None


def _number(text: str) -> int | None:
    digits = re.findall(r"\d+", text)
    if digits:
        return int(digits[-1])
    value = parse_number_words(text)
    return int(value) if value else None


def listed_dates(clause: str, dayfirst: bool) -> list[date]:
    """"on each of December 1, 2011, March 1, 2012 ...": the payment dates a clause lists."""
    match = _EACH_OF_DATES.search(clause)
    if not match:
        return []
    return [parsed.value for _, _, parsed in find_dates(clause[match.start():], dayfirst=dayfirst)
            if not parsed.approximate]  # fmt: skip


def start_in(clause: str, dayfirst: bool) -> tuple[date | None, DueRule | None]:
    """When the first payment falls: a date or an event after "beginning", "commencing", "first
    payment due"."""
    match = _START.search(clause)
    if not match:
        return None, None
    rest = clause[match.end() : match.end() + 120]
    dates = find_dates(rest, dayfirst=dayfirst)
    if dates and dates[0][0] < 40 and not dates[0][2].approximate:
        return dates[0][2].value, None
    rules_found = find_due_rules(match.group(0)[-12:] + rest)
    if rules_found:
        return None, rules_found[0][2]
    return None, None


def recurrence_in(before: str, after: str, clause: str, term: Term,
                  dayfirst: bool) -> Recurrence | None:  # fmt: skip
    period = period_of(before, after)
    if period is None:
        return None
    dates = listed_dates(clause, dayfirst)
    if len(dates) >= 2:
        return Recurrence(period, len(dates), dates[0])
    start, rule = start_in(clause, dayfirst)
    count = count_in(clause, period, term, start)
    if start is None and rule is None:
        rule = DueRule("from the effective date", 0, STEP[period][1], "after", "effective_date")
    return Recurrence(period, count, start, rule)


def expand(recurrence: Recurrence, amount: float, currency: str, name: str, evidence: Evidence,
           clause: str, dayfirst: bool, confidence: float) -> list[Milestone]:  # fmt: skip
    """One payment milestone per instalment of a counted recurrence (none when open-ended)."""
    if not recurrence.count:
        return []
    dates = listed_dates(clause, dayfirst)
    step, unit = STEP[recurrence.period]
    out = []
    for index in range(recurrence.count):
        due_date, rule = None, None
        if len(dates) == recurrence.count:
            due_date = dates[index]
        elif recurrence.start:
            due_date = add_offset(recurrence.start, index * step, unit)
        elif recurrence.start_rule:
            base = recurrence.start_rule
            offset = base.offset + index * step if base.unit == unit else index * step
            rule = DueRule(f"{_ordinal(index)} {recurrence.period} payment", offset, unit,
                           base.direction, base.anchor)  # fmt: skip
        out.append(Milestone(
            name=f"{name} {index + 1} of {recurrence.count}", kind="payment", due_date=due_date,
            due_rule=rule, amount=amount, currency=currency, evidence=evidence,
            confidence=confidence, series=name,
        ))  # fmt: skip
    return out


def _ordinal(index: int) -> str:
    return f"{index + 1}{'st' if index == 0 else 'nd' if index == 1 else 'rd' if index == 2 else 'th'}"
