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
from dataclasses import dataclass, replace
from datetime import date, timedelta

from extractor.nlp.dates import find_dates
from extractor.nlp.duerules import add_offset, find_due_rules
from extractor.nlp.numbers import parse_number_words
from extractor.nlp.rules import money as rules
from extractor.nlp.yearfees import month_days
from models import DueRule, Evidence, Milestone, Recurrence

_I = re.IGNORECASE
_PERIOD_AFTER = [(re.compile(p, _I), period) for p, period in rules.PERIOD_AFTER]
_PERIOD_BEFORE = [(re.compile(p, _I), period) for p, period in rules.PERIOD_BEFORE]
_PERIOD_IN_CLAUSE = [(re.compile(p, _I), period) for p, period in rules.PERIOD_IN_CLAUSE]
_INSTALMENT_OF = re.compile(rules.INSTALMENT_OF_BEFORE_RE, _I)
_EACH_YEAR = re.compile(rules.EACH_YEAR_RE, _I)
_SALES_THRESHOLD = re.compile(rules.SALES_THRESHOLD_RE, _I)
_MONTH_RANGE = re.compile(rules.MONTH_RANGE_RE, _I)
_MONTH_SPAN = re.compile(rules.MONTH_SPAN_RE, _I)
_COUNT = [(re.compile(p.format(num=rules.COUNT_NUMBER_RE), _I), unit) for p, unit in rules.COUNT_PATTERNS]
_DURING_TERM = re.compile(rules.DURING_TERM_RE, _I)
_START = re.compile(rules.START_RE, _I)
_END = re.compile(rules.END_RE, _I)
_ARREARS = re.compile(r"\bin\s+arrears?\b", _I)
_PRORATED = re.compile(r"\bpro-?rat(?:ed|a)\b", _I)
_CALENDAR = re.compile(rules.CALENDAR_ALIGNED_RE, _I)
_EACH_OF_DATES = re.compile(rules.LISTED_DATES_RE, _I)
_MONTH_DAY_YEAR = re.compile(rules.MONTH_DAY_YEAR_RE, _I)
_MONTH_NUMBERS = {m: i + 1 for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
_TERM = re.compile(r"^(\d+)\s+(months?|years?)$")
_CONDITIONAL = re.compile(rules.CONDITIONAL_FEE_RE, _I)
_QUARTER_DAY = re.compile(rules.QUARTER_DAY_RE, _I)
_NEXT_MONTH_DAY = re.compile(rules.NEXT_MONTH_DAY_RE.format(num=rules.COUNT_NUMBER_RE), _I)
STEP = {"weekly": (1, "weeks"), "monthly": (1, "months"), "quarterly": (3, "months"),
        "semiannual": (6, "months"), "annual": (1, "years")}  # fmt: skip
PER_YEAR = {"weekly": 52, "monthly": 12, "quarterly": 4, "semiannual": 2, "annual": 1}
TERM_COUNTS = True  # a fee per period with no count of its own runs for the contract's term
MAX_INSTALMENTS = 240  # 20 years of monthly payments; more is a misreading
THRESHOLD_REACH = 200  # chars before a fee where the sales milestone it follows is read


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


def period_of(before: str, after: str, clause: str = "") -> str | None:
    """The period of a fee: right after the amount ("per month"), right before it ("a monthly
    fee of"), else the instalment of a year split on listed days ("installments of $5,000 ... on
    the first day of February, May, August and November in each Contract Year"), else
    instalments the clause times by period ("installments of $250,000 on March 15th of each
    year")."""
    for pattern, period in _PERIOD_AFTER:
        if pattern.match(after):
            return period
    for pattern, period in _PERIOD_BEFORE:
        if pattern.search(before):
            return period
    if _INSTALMENT_OF.search(before) and _EACH_YEAR.search(clause):
        listed = rules.PERIOD_OF_DAYS_PER_YEAR.get(len(month_days(clause)))
        if listed:  # "installments of $5,000 ... on the 1st day of February, May, August and
            return listed  # November in each Contract Year": quarterly
    for pattern, period in _PERIOD_IN_CLAUSE:
        if pattern.search(clause):
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


def until_count(start: date, end: date, period: str) -> int | None:
    """Payments every ``period`` from ``start`` up to ``end`` (inclusive)."""
    return _until(start, end, period)


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


def count_number(text: str) -> int | None:
    """"ten (10)" -> 10, "twelve" -> 12, "24" -> 24."""
    return _number(text)


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
    rest = clause[match.start() :]
    found = [parsed.value for _, _, parsed in find_dates(rest, dayfirst=dayfirst)
             if not parsed.approximate]  # fmt: skip
    shared = year_shared_dates(rest)
    return shared if len(shared) > len(found) else found


def year_shared_dates(text: str) -> list[date]:
    """"on November 29 and December 29, 1999 and January 29 and February 29, 2000": a month and
    day without a year takes the year of the next date that has one."""
    items = [(m.group("month"), int(m.group("day")), m.group("year"))
             for m in _MONTH_DAY_YEAR.finditer(text)]  # fmt: skip
    out: list[date] = []
    year = None
    for month, day, stated in reversed(items):
        year = int(stated) if stated else year
        if year is None:
            return []
        try:
            out.append(date(year, _MONTH_NUMBERS[month[:3].lower()], day))
        except ValueError:
            return []
    return list(reversed(out))


def month_range(clause: str) -> Recurrence | None:
    """"on the last day of each of the 1st through 12th months after the Launch Date": 12
    monthly payments, the first one month after the event."""
    match = _MONTH_RANGE.search(clause)
    if not match:
        return None
    first, last = int(match.group("first")), int(match.group("last"))
    if not 0 < first <= last <= MAX_INSTALMENTS:
        return None
    event = re.sub(r"^the\s+", "", match.group("event"), flags=_I)
    return Recurrence("monthly", last - first + 1, None,
                      DueRule(match.group(0), first, "months", "after", f"milestone:{event}"))


def month_span(clause: str) -> Recurrence | None:
    """"$7,500 per month for months four through six": three payments from the fourth month."""
    match = _MONTH_SPAN.search(clause)
    if not match:
        return None
    first, last = _number(match.group("first")), _number(match.group("last"))
    if not first or not last or not 0 < first <= last <= MAX_INSTALMENTS:
        return None
    return Recurrence("monthly", last - first + 1, None,
                      DueRule(match.group(0), first - 1, "months", "after", "effective_date"))


def end_in(clause: str, dayfirst: bool) -> date | None:
    """"through 19 August 2020", "until December 31, 2020": the last day a fee runs."""
    match = _END.search(clause)
    if not match:
        return None
    dates = find_dates(clause[match.end() : match.end() + 40], dayfirst=dayfirst)
    return dates[0][2].value if dates and dates[0][0] < 5 and not dates[0][2].approximate else None


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
                  dayfirst: bool) -> tuple[Recurrence | None, bool]:  # fmt: skip
    """The recurrence of a fee, and whether its count was inferred from the contract's term
    (the clause states none, but the fee is not optional or conditional)."""
    period = period_of(before, after, clause)
    if period is None:
        return None, False
    ranged = month_range(clause) or month_span(clause)
    if ranged and period == "monthly":
        return ranged, False
    dates = listed_dates(clause, dayfirst)
    start, rule = start_in(clause, dayfirst)
    count = count_in(clause, period, term, start)
    per_year = _per_year_count(clause, period, count)
    if per_year:  # "four (4) equal installments ... in each Contract Year": four a year, for the term
        count = _term_count(term, period, start, rule)
        return Recurrence(period, count, start, rule or _from_effective(period)), count is not None
    if len(dates) >= 2 and count in (None, len(dates)):
        return Recurrence(period, len(dates), dates[0]), False
    inferred = False
    end = end_in(clause, dayfirst) if count is None else None
    if end:  # "through 19 August 2020": from the start (or the effective date) to that day
        first = start or (term.effective if rule is None else None)
        count = _until(first, end, period) if first and end > first else None
    elif count is None and TERM_COUNTS and not _CONDITIONAL.search(clause):
        count = _term_count(term, period, start, rule)
        inferred = count is not None
    if start is None and rule is None:
        rule = _from_effective(period)
    return Recurrence(period, count, start, rule), inferred


def threshold_start(recurrence: Recurrence, before: str) -> Recurrence:
    """A fee with no start of its own under a sales milestone ("Annual Worldwide Net Sales over
    U.S.$500 Million for single agent Collaboration Product / U.S.$10 Million per year for first
    five years"): its payments count from that event, not from the effective date. ``before``
    is the text right before the amount (up to THRESHOLD_REACH characters)."""
    rule = recurrence.start_rule
    if recurrence.start or (rule and rule.text != _from_effective(recurrence.period).text):
        return recurrence
    match = None
    for match in _SALES_THRESHOLD.finditer(before):
        pass
    if match is None:
        return recurrence
    lo = before.rfind("\n", 0, match.start()) + 1
    row_end = before.rfind("\n")
    event = " ".join(before[lo : row_end if row_end > match.end() else len(before)].split())[:120]
    unit = STEP[recurrence.period][1]
    return replace(recurrence, start_rule=DueRule(event, 0, unit, "after", f"milestone:{event}"))


def _from_effective(period: str) -> DueRule:
    return DueRule("from the effective date", 0, STEP[period][1], "after", "effective_date")


def _per_year_count(clause: str, period: str, count: int | None) -> bool:
    """Whether a stated count is that of each year, on listed days ("four (4) equal installments
    ... on the first day of February, May, August and November in each Contract Year")."""
    if period == "annual" or not count or count != PER_YEAR[period] or not _EACH_YEAR.search(clause):
        return False
    return len(month_days(clause)) == count


def _term_count(term: Term, period: str, start: date | None, rule: DueRule | None) -> int | None:
    """Payments that fall within the term: from the start up to (not on) its end."""
    if start and term.expiration and term.expiration > start:
        return _until(start, term.expiration - timedelta(days=1), period)
    if not term.months:
        return None
    months = term.months
    if rule and rule.anchor == "effective_date" and rule.unit in ("months", "years"):
        months -= rule.offset * (12 if rule.unit == "years" else 1)  # "beginning on the first
    return _per(months, period) if months > 0 else None  # anniversary" of a 5-year term: 4


def expand(recurrence: Recurrence, amount: float, currency: str, name: str, evidence: Evidence,
           clause: str, dayfirst: bool, confidence: float,
           term: Term | None = None) -> list[Milestone]:  # fmt: skip
    """One payment milestone per instalment of a counted recurrence (none when open-ended).

    Instalments fall every period from the start; "in arrears" moves each to the end of its
    period; "on the first day of each calendar quarter" puts them on calendar period starts
    (a first, partial period paid on the start day)."""
    if not recurrence.count:
        return []
    term = term or Term()
    dues = _dues(recurrence, clause, dayfirst, term)
    shares = _prorated(dues, recurrence.period, term) if _PRORATED.search(clause) else {}
    out = []
    for index, (due_date, rule) in enumerate(dues):
        out.append(Milestone(
            name=f"{name} {index + 1} of {len(dues)}", kind="payment", due_date=due_date,
            due_rule=rule, amount=round(amount * shares.get(index, 1.0), 2), currency=currency,
            evidence=evidence, confidence=confidence, series=name,
        ))  # fmt: skip
    return out


def _prorated(dues: list[tuple], period: str, term: Term) -> dict[int, float]:
    """"prorated for partial quarters": the share of a full period the first and last
    calendar-aligned instalments cover (in months when they start on the 1st)."""
    dates = [d for d, _ in dues]
    step, unit = STEP[period]
    if unit != "months" or len(dates) < 2 or None in dates:
        return {}
    shares = {}
    first_gap = (dates[1].year - dates[0].year) * 12 + dates[1].month - dates[0].month
    if dates[0].day == 1 and 0 < first_gap < step:
        shares[0] = first_gap / step
    end = add_offset(term.effective, term.months, "months") if term.effective and term.months else None
    if end and end.day == 1:
        last_gap = (end.year - dates[-1].year) * 12 + end.month - dates[-1].month
        if 0 < last_gap < step:
            shares[len(dates) - 1] = last_gap / step
    return shares


def _dues(rec: Recurrence, clause: str, dayfirst: bool, term: Term) -> list[tuple]:
    count = rec.count or 0
    dates = listed_dates(clause, dayfirst)
    if len(dates) == count:
        return [(d, None) for d in dates]
    step, unit = STEP[rec.period]
    shift = 1 if _ARREARS.search(clause) else 0
    start = rec.start
    rule = rec.start_rule
    if start is None and rule and rule.anchor in ("effective_date", "agreement_date") and term.effective:
        start = add_offset(term.effective, rule.offset, rule.unit, rule.direction)
    if start and unit == "months" and _CALENDAR.search(clause):
        return [(d, None) for d in _calendar_dates(start, step, count, term)]
    days = month_days(clause)
    if start and len(days) == PER_YEAR[rec.period]:  # "on the 1st day of February, May, ..."
        return [(d, None) for d in _month_day_dates(start, days, count)]
    if start and rec.period == "quarterly" and (match := _QUARTER_DAY.search(clause)):
        return [(d, None) for d in _quarter_days(start, int(match.group("nth")), count)]
    if start and unit == "months" and (day := next_month_day(clause)):
        return [(_day_after_period(start, i, step, day), None) for i in range(count)]
    if start:
        return [(add_offset(start, (i + shift) * step, unit), None) for i in range(count)]
    out = []
    for index in range(count):
        offset = (index + shift) * step
        if rule.unit == unit:
            offset += rule.offset
        out.append((None, DueRule(f"{_ordinal(index)} {rec.period} payment", offset, unit,
                                  rule.direction, rule.anchor)))  # fmt: skip
    return out


def next_month_day(clause: str) -> int | None:
    """"paid within the first five days of the following calendar month": 5."""
    match = _NEXT_MONTH_DAY.search(clause)
    if not match:
        return None
    day = _number(match.group("within") or match.group("nth"))
    return day if day and 1 <= day <= 28 else None


def _quarter_days(start: date, day: int, count: int) -> list[date]:
    """The ``day`` of each calendar quarter's first month, from the first on or after ``start``."""
    if not 1 <= day <= 28:
        return []
    quarter = date(start.year, start.month - (start.month - 1) % 3, day)
    if quarter < start:
        quarter = add_offset(quarter, 3, "months")
    return [add_offset(quarter, 3 * i, "months") for i in range(count)]


def _day_after_period(start: date, index: int, step: int, day: int) -> date:
    """The ``day`` of the month after the one the ``index``-th period (from ``start``) ends in."""
    end = add_offset(start, (index + 1) * step, "months") - timedelta(days=1)
    following = add_offset(end.replace(day=1), 1, "months")
    return following.replace(day=day)


def _month_day_dates(start: date, days: tuple[tuple[int, int], ...], count: int) -> list[date]:
    """The next ``count`` of the listed (month, day)s on or after ``start``."""
    out: list[date] = []
    year = start.year
    while len(out) < count and year <= start.year + MAX_INSTALMENTS // len(days) + 1:
        for month, day in sorted(days):
            try:
                when = date(year, month, day)
            except ValueError:
                continue
            if when >= start and len(out) < count:
                out.append(when)
        year += 1
    return out


def _calendar_dates(start: date, step: int, count: int, term: Term) -> list[date]:
    """Payments on the first day of each calendar month or quarter from ``start``; a start
    inside a period pays that partial period on the start day."""
    end = add_offset(term.effective, term.months, "months") if term.effective and term.months else None
    out = [start]
    month = start.month - 1
    boundary = start.replace(day=1)
    boundary = add_offset(boundary, (step - month % step) % step or step, "months")
    if start.day == 1 and month % step == 0:
        boundary = add_offset(start, step, "months")
    while (end and boundary < end) or (not end and len(out) < count):
        out.append(boundary)
        boundary = add_offset(boundary, step, "months")
        if len(out) >= MAX_INSTALMENTS:
            break
    return out


def _ordinal(index: int) -> str:
    return f"{index + 1}{'st' if index == 0 else 'nd' if index == 1 else 'rd' if index == 2 else 'th'}"
