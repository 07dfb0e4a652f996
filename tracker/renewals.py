"""Renewals and notice windows: the current term, the last day to give notice, the next renewal.

From a contract's term end (``expiration_date``), its ``renewal_term`` and ``notice_period``,
the terms follow one another: term 0 ends on the expiration date, renewal term k ends k
renewal periods later (counted from the first end, so 31 January stays the 31st). The notice
deadline of a term is its end minus the notice period, in business days where the contract
counts them (weekends and the contract's holidays skipped).

What is shown for an as-of date is computed (:func:`renewals`), never stored. What has
happened is written (:func:`roll`): when today passes a term's end with no termination and no
notice of non-renewal recorded, the contract has renewed. Each renewal is a ``renew`` event in
the audit log; the ended term's expiration milestone is completed on its date, its missed
notice deadline is waived, and the new term gets its own expiration and notice milestones
(``source='renewal'``, kept by re-extraction). Rolls never go past today, so a what-if
``--as-of`` in the future writes nothing.

A notice milestone completed during a term (``contracts complete``) means notice was given:
the contract ends with that term. ``terminate`` records an end date: the contract leaves the
renewal list and its later milestones are cancelled, each cancellation logged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import sqlite_utils

from models import Period, RenewalTerm
from tracker import lifecycle, schedule
from tracker.queries import NotFound
from tracker.save import now
from tracker.store import insert_row, transaction

WITHIN_DAYS = 90
ROLLER = "contracts"  # the actor of what the tracker records by itself


class RenewalError(Exception):
    """A termination that cannot be recorded."""


@dataclass(frozen=True)
class Term:
    number: int  # 0: the initial term; k: the k-th renewal term
    end: date
    notice_deadline: date | None
    start: date | None = None  # the previous term's end (None for the initial term)


@dataclass(frozen=True)
class Renewal:
    """Where one contract stands on an as-of date."""

    contract_id: int
    title: str | None
    parties: str
    automatic: bool
    renewal_period: Period | None
    notice_period: Period | None
    term: Term  # the term running on the as-of date (or the last one, once expired)
    state: str  # notice open | notice closed | notice given | expires | expired | terminated
    days_to_notice: int | None
    days_to_end: int
    next_end: date | None  # end of the renewal term that follows, when it renews
    terminated_on: date | None = None
    page: int | None = None  # evidence page of the notice (or expiration) clause
    evidence: str | None = None
    stored_term: int = 0  # renewals already rolled in the store
    # the renewal term, the notice period: chosen with low confidence (a person should check them)
    renewal_review: bool = False
    notice_review: bool = False

    @property
    def needs_review(self) -> bool:
        return self.renewal_review or self.notice_review

    @property
    def key_date(self) -> date:
        """The date that matters: the notice deadline while it is open, else the term's end."""
        if self.state == "notice open" and self.term.notice_deadline is not None:
            return self.term.notice_deadline
        if self.state == "terminated" and self.terminated_on:
            return self.terminated_on
        return self.term.end

    def to_dict(self) -> dict:
        return {
            "contract_id": self.contract_id,
            "title": self.title,
            "parties": self.parties,
            "automatic": self.automatic,
            "renewal_period": str(self.renewal_period) if self.renewal_period else None,
            "notice_period": str(self.notice_period) if self.notice_period else None,
            "term": self.term.number,
            "term_start": _iso(self.term.start),
            "term_end": self.term.end.isoformat(),
            "notice_deadline": _iso(self.term.notice_deadline),
            "state": self.state,
            "days_to_notice": self.days_to_notice,
            "days_to_end": self.days_to_end,
            "renews_on": self.term.end.isoformat() if self.next_end else None,
            "next_term_end": _iso(self.next_end),
            "terminated_on": _iso(self.terminated_on),
            "page": self.page,
            "evidence": self.evidence,
            "needs_review": self.needs_review,
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- the arithmetic of terms -----------------------------------------------------------------
def term_end(first_end: date, number: int, period: Period | None) -> date:
    """The end of term ``number``: the first end plus ``number`` renewal periods."""
    if number == 0 or period is None:
        return first_end
    unit = period.unit
    if unit in ("months", "years"):
        months = period.value * number * (12 if unit == "years" else 1)
        return schedule.add_months(first_end, months)
    days = period.value * number * (7 if unit == "weeks" else 1)
    return first_end + timedelta(days=days)


def notice_deadline(end: date, notice: Period | None, holidays: frozenset[date]) -> date | None:
    """The last day to give notice: ``notice`` before ``end`` (business days skip holidays)."""
    if notice is None:
        return None
    return schedule.add_offset(end, notice.value, notice.unit, "before", holidays)


def renews(renewal: RenewalTerm | None) -> bool:
    return bool(renewal and renewal.automatic and renewal.period and renewal.period.value > 0)


def term_on(first_end: date, renewal: RenewalTerm | None, day: date) -> int:
    """The number of the term running on ``day`` (the last one for a contract that does not
    renew): the first term whose end is on or after it."""
    if not renews(renewal):
        return 0
    period = renewal.period
    # A first guess from the period's length in days, then exact steps (months vary in length).
    length = {"days": 1, "business_days": 1, "weeks": 7, "months": 30, "years": 365}
    guess = max(0, (day - first_end).days // (period.value * length[period.unit]) - 1)
    number = guess
    while term_end(first_end, number, period) < day:
        number += 1
    while number > 0 and term_end(first_end, number - 1, period) >= day:
        number -= 1
    return number


def make_term(first_end: date, number: int, renewal: RenewalTerm | None, notice: Period | None,
              holidays: frozenset[date]) -> Term:  # fmt: skip
    period = renewal.period if renewals_known(renewal) else None
    end = term_end(first_end, number, period)
    start = term_end(first_end, number - 1, period) if number > 0 else None
    return Term(number, end, notice_deadline(end, notice, holidays) if renews(renewal) else None,
                start)  # fmt: skip


def renewals_known(renewal: RenewalTerm | None) -> bool:
    return bool(renewal and renewal.period)


# --- reading the store -----------------------------------------------------------------------
CONTRACTS_SQL = """
SELECT c.id, c.title, c.expiration_date, c.renewal_term, c.notice_period, c.term_number,
       c.terminated_on, c.jurisdiction,
       (SELECT max(m.completed_on) FROM milestones m WHERE m.contract_id = c.id
          AND m.kind = 'notice' AND m.status IN ('completed')) AS notice_given_on,
       EXISTS (SELECT 1 FROM milestones m WHERE m.contract_id = c.id
          AND m.kind = 'expiration') AS has_expiration,
       EXISTS (SELECT 1 FROM milestones m WHERE m.contract_id = c.id
          AND m.kind = 'notice') AS has_notice
FROM agreements c WHERE c.expiration_date IS NOT NULL {where} ORDER BY c.id
"""


@dataclass
class _Facts:
    row: dict
    first_end: date
    renewal: RenewalTerm | None
    notice: Period | None
    holidays: frozenset[date] = field(default_factory=frozenset)


RENEWS = "json_extract(c.renewal_term, '$.automatic')"
# Term ends in SQL, to choose the contracts Python then computes exactly. SQLite adds months
# without stopping at the month's end (31 January + 1 month = 3 March, where term_end() says
# 28 February): its ends are up to 3 days late, and the tests below allow for that. Where a
# value cannot be read in SQL (free text, a null), a test is NULL: the contract is kept.
_UNIT = "json_extract(c.renewal_term, '$.unit')"
_MONTHLY = f"{_UNIT} IN ('months', 'years')"
_PERIOD = (f"(CASE WHEN json_type(c.renewal_term, '$.value') = 'integer' THEN "
           f"json_extract(c.renewal_term, '$.value') END * "
           f"CASE {_UNIT} WHEN 'years' THEN 12 WHEN 'weeks' THEN 7 ELSE 1 END)")  # fmt: skip


def _end_sql(number: str) -> str:
    """The end of term ``number`` (an SQL expression), up to 3 days late."""
    return (f"date(c.expiration_date, '+' || (({number}) * {_PERIOD}) || "
            f"CASE WHEN {_MONTHLY} THEN ' months' ELSE ' days' END)")  # fmt: skip


# The stored term has ended by :day (a renewal to record), and notice was not given during it
# (then the contract ended with it). Its end is up to 3 days late.
_GIVEN = ("NULLIF((SELECT max(m.completed_on) FROM milestones m WHERE m.contract_id = c.id "
          "AND m.kind = 'notice' AND m.status IN ('completed')), '')")  # fmt: skip
_ROLL_DUE = f"""COALESCE({_end_sql('c.term_number')} < date(:day, '+3 days'), 1)
    AND NOT COALESCE({_GIVEN} <= date({_end_sql('c.term_number')}, '-3 days')
        AND (c.term_number = 0 OR {_GIVEN} > {_end_sql('c.term_number - 1')}), 0)"""
# Contracts roll() has something to do for: renewing ones whose stored term has ended, and
# initial terms whose expiration or notice milestone is missing.
TO_ROLL = f"""AND c.terminated_on IS NULL AND (({RENEWS} AND {_ROLL_DUE})
    OR (c.term_number = 0 AND (
    NOT EXISTS (SELECT 1 FROM milestones m WHERE m.contract_id = c.id AND m.kind = 'expiration')
    OR (c.notice_period IS NOT NULL AND {RENEWS} AND NOT EXISTS (SELECT 1 FROM milestones m
        WHERE m.contract_id = c.id AND m.kind = 'notice')))))"""


def _facts(db: sqlite_utils.Database, contract_id: int | None,
           holidays: frozenset[date] | None, where: str = "",
           params: dict | None = None) -> list[_Facts]:  # fmt: skip
    holidays = schedule.load_holidays() if holidays is None else holidays
    params = dict(params or {})
    if contract_id is not None:
        where, params["id"] = where + " AND c.id = :id", contract_id
    out, regional = [], {}
    for row in db.query(CONTRACTS_SQL.format(where=where), params):
        code = row["jurisdiction"]
        if code not in regional:
            regional[code] = schedule.calendars.region(code, holidays)
        out.append(_Facts(row, date.fromisoformat(row["expiration_date"]),
                          RenewalTerm.from_dict(row["renewal_term"]),
                          Period.from_dict(row["notice_period"]), regional[code]))  # fmt: skip
    return out


DETAILS_SQL = """
SELECT c.id,
       (SELECT group_concat(p.name, '; ') FROM parties p WHERE p.contract_id = c.id) AS parties,
       (SELECT m.page || '|' || COALESCE(m.evidence, '') FROM milestones m
          WHERE m.contract_id = c.id AND m.kind IN ('notice', 'expiration') AND m.page IS NOT NULL
          ORDER BY m.kind = 'expiration', m.id LIMIT 1) AS evidence
FROM contracts c WHERE c.id IN (SELECT value FROM json_each(?))
"""


def _add_details(db, chosen: list[_Facts]) -> None:
    """Parties and the evidence of the renewal clause, read only for the contracts shown."""
    ids = json.dumps([facts.row["id"] for facts in chosen])
    details = {row[0]: row[1:] for row in db.execute(DETAILS_SQL, [ids])}
    for facts in chosen:
        facts.row["parties"], facts.row["evidence"] = details.get(facts.row["id"], (None, None))


def _notice_given(facts: _Facts, term: Term) -> bool:
    given = facts.row["notice_given_on"]
    if not given:
        return False
    given = date.fromisoformat(given)
    return given <= term.end and (term.start is None or given > term.start)


def _notice_days(notice: Period | None) -> int:
    """The most calendar days a notice period can span (business days skip weekends and
    holidays)."""
    if notice is None:
        return 0
    per_unit = {"days": 1, "business_days": 2, "weeks": 7, "months": 31, "years": 366}
    return notice.value * per_unit[notice.unit] + (14 if notice.unit == "business_days" else 0)


def _outside(facts: _Facts, as_of: date, within: int) -> bool:
    """Cheap test that a contract cannot be in the window (before its notice deadline is
    counted in business days): its term has ended, or ends long after the window."""
    number = term_on(facts.first_end, facts.renewal, as_of)
    end = term_end(facts.first_end, number, facts.renewal.period if facts.renewal else None)
    if end < as_of and not renews(facts.renewal):
        return True
    return end - timedelta(days=_notice_days(facts.notice)) > as_of + timedelta(days=within)


LEAN_SQL = f"""SELECT c.id, c.expiration_date, c.renewal_term, c.notice_period, c.terminated_on
FROM agreements c WHERE c.expiration_date IS NOT NULL
AND ({RENEWS} OR c.expiration_date BETWEEN :start AND :end)"""


@lru_cache(maxsize=4096)
def _renewal_term(text: str | None) -> RenewalTerm | None:
    return RenewalTerm.from_dict(text)


@lru_cache(maxsize=4096)
def _period(text: str | None) -> Period | None:
    return Period.from_dict(text)


def _may_be_within(db, as_of: date, within: int, contract_id: int | None) -> list[int]:
    """The contracts that may be in the window: a contract that does not renew shows only
    near its end, one that does when its running term ends soon enough (:func:`_outside`).
    Read from lean rows (a renewal term and notice period are parsed once each); a terminated
    contract is never listed."""
    params = {"start": as_of.isoformat(), "end": (as_of + timedelta(within)).isoformat()}
    sql = LEAN_SQL + (" AND c.id = :id" if contract_id is not None else "")
    found = []
    for cid, end, renewal, notice, terminated in db.execute(sql, {**params, "id": contract_id}):
        facts = _Facts({}, date.fromisoformat(end), _renewal_term(renewal), _period(notice))
        if not terminated and _may_list(facts, as_of, within):
            found.append(cid)
    return found


def _may_list(facts: _Facts, as_of: date, within: int) -> bool:
    """Not :func:`_outside`, and the date renewals() lists (the notice deadline while it is
    open, else the term's end) may fall in the window: a notice deadline counted without
    holidays is never earlier than with them."""
    if _outside(facts, as_of, within):
        return False
    renewal, notice, last = facts.renewal, facts.notice, as_of + timedelta(days=within)
    number = term_on(facts.first_end, renewal, as_of)
    end = term_end(facts.first_end, number, renewal.period if renewal else None)
    if end <= last:
        return True
    if not renews(renewal) or notice is None:
        return False
    deadline = notice_deadline(end, notice, frozenset())
    return deadline >= as_of and (notice.unit == "business_days" or deadline <= last)


def standing(facts: _Facts, as_of: date) -> Renewal:
    """Where one contract stands on ``as_of`` (pure: nothing is read or written)."""
    row, renewal = facts.row, facts.renewal
    automatic = renews(renewal)
    number = term_on(facts.first_end, renewal, as_of)
    term = make_term(facts.first_end, number, renewal, facts.notice, facts.holidays)
    terminated = date.fromisoformat(row["terminated_on"]) if row["terminated_on"] else None
    given = automatic and _notice_given(facts, term)
    if terminated is not None:
        state = "terminated"
    elif not automatic:
        state = "expires" if term.end >= as_of else "expired"
    elif given:
        state = "notice given" if term.end >= as_of else "expired"
    elif term.notice_deadline is not None and term.notice_deadline >= as_of:
        state = "notice open"
    else:
        state = "notice closed"
    renewing = automatic and state in ("notice open", "notice closed")
    next_end = (term_end(facts.first_end, number + 1, renewal.period) if renewing else None)
    page, evidence = None, None
    if row.get("evidence"):
        page_text, evidence = row["evidence"].split("|", 1)
        page = int(page_text)
    return Renewal(
        contract_id=row["id"], title=row["title"], parties=row.get("parties") or "",
        automatic=automatic, renewal_period=renewal.period if renewal else None,
        notice_period=facts.notice, term=term, state=state,
        days_to_notice=((term.notice_deadline - as_of).days
                        if renewing and term.notice_deadline else None),
        days_to_end=(term.end - as_of).days, next_end=next_end, terminated_on=terminated,
        page=page, evidence=evidence or None, stored_term=row["term_number"] or 0,
        renewal_review=bool(renewal and renewal.needs_review),
        notice_review=bool(facts.notice and facts.notice.needs_review),
    )  # fmt: skip


def renewals(
    db: sqlite_utils.Database,
    as_of: date | None = None,
    within: int | None = WITHIN_DAYS,
    holidays: frozenset[date] | None = None,
    contract_id: int | None = None,
) -> list[Renewal]:
    """Contracts whose notice deadline or term end falls within ``within`` days of ``as_of``
    (all contracts with a known term end when ``within`` is None), soonest first. Terminated
    contracts and terms already over are left out."""
    as_of = as_of or date.today()
    out = []
    where, params = "", {}
    if within is not None:  # only the contracts that may be in the window are read in full
        where = "AND c.id IN (SELECT value FROM json_each(:ids))"
        params = {"ids": json.dumps(_may_be_within(db, as_of, within, contract_id))}
    chosen = _facts(db, contract_id, holidays, where, params)
    _add_details(db, chosen)
    for facts in chosen:
        item = standing(facts, as_of)
        if item.state in ("terminated", "expired"):
            continue
        if within is not None and not (as_of <= item.key_date <= as_of + timedelta(within)):
            continue
        out.append(item)
    return sorted(out, key=lambda r: (r.key_date, r.contract_id))


def automatic_without_end(db: sqlite_utils.Database) -> int:
    """Contracts that renew automatically but whose term end is not known (not tracked)."""
    return db.execute(
        "SELECT count(*) FROM agreements WHERE expiration_date IS NULL "
        "AND json_extract(renewal_term, '$.automatic')"
    ).fetchone()[0]


# --- writing what has happened ---------------------------------------------------------------
@dataclass(frozen=True)
class Roll:
    """One renewal recorded: the term that ended and the one that began."""

    contract_id: int
    title: str | None
    number: int  # the new term's number
    ended: date
    end: date
    notice_deadline: date | None
    event_id: int

    def text(self) -> str:
        notice = (f", notice deadline {self.notice_deadline.isoformat()}"
                  if self.notice_deadline else "")  # fmt: skip
        return (f"contract {self.contract_id} ({self.title or 'untitled'}): renewed on "
                f"{self.ended.isoformat()} for term {self.number}, until "
                f"{self.end.isoformat()}{notice}")  # fmt: skip


def roll(
    db: sqlite_utils.Database,
    as_of: date | None = None,
    *,
    today: date | None = None,
    holidays: frozenset[date] | None = None,
    contract_id: int | None = None,
) -> list[Roll]:
    """Record the renewals that happened by ``min(as_of, today)``, and give each tracked term
    its expiration and notice milestones. Returns the renewals recorded (one per term)."""
    today = today or date.today()
    day = min(as_of or today, today)
    done: list[Roll] = []
    with transaction(db):
        for facts in _facts(db, contract_id, holidays, TO_ROLL, {"day": day.isoformat()}):
            done += _roll_one(db, facts, day, today)
    return done


def _roll_one(db: sqlite_utils.Database, facts: _Facts, day: date, today: date) -> list[Roll]:
    row = facts.row
    stored = row["term_number"] or 0
    if row["terminated_on"]:
        return []
    if stored == 0 and not (row["has_expiration"] and (row["has_notice"] or not (
            renews(facts.renewal) and facts.notice))):  # fmt: skip
        current = make_term(facts.first_end, 0, facts.renewal, facts.notice, facts.holidays)
        _ensure_milestones(db, facts, current, day)
    if not renews(facts.renewal):
        return []
    target = term_on(facts.first_end, facts.renewal, day)
    if target <= stored:
        return []
    current = make_term(facts.first_end, stored, facts.renewal, facts.notice, facts.holidays)
    if _notice_given(facts, current):
        return []
    rolls = []
    for number in range(stored + 1, target + 1):
        term = make_term(facts.first_end, number, facts.renewal, facts.notice, facts.holidays)
        rolls.append(_record_roll(db, facts, term, target))
    _close_term(db, row["id"], current.end, term_end(facts.first_end, target - 1,
                                                     facts.renewal.period), today)  # fmt: skip
    last = make_term(facts.first_end, target, facts.renewal, facts.notice, facts.holidays)
    _add_term_milestones(db, facts, last)
    db.execute("UPDATE contracts SET term_number = ?, updated_at = ? WHERE id = ?",
               [target, now(), row["id"]])  # fmt: skip
    return rolls


def _record_roll(db, facts: _Facts, term: Term, target: int) -> Roll:
    row = facts.row
    notice = term.notice_deadline
    note = (f"term {term.number - 1} ended on {term.start.isoformat()} with no notice of "
            f"non-renewal recorded: renewed for {facts.renewal.period}, until "
            f"{term.end.isoformat()}")  # fmt: skip
    if notice:
        note += f"; notice deadline {notice.isoformat()}"
    event_id = insert_row(db, "events", {
        "contract_id": row["id"], "action": "renew", "occurred_on": term.start.isoformat(),
        "recorded_at": now(), "actor": ROLLER, "note": note,
        "details": json.dumps({"term": term.number, "start": term.start.isoformat(),
                               "end": term.end.isoformat(), "notice_deadline": _iso(notice)}),
    })  # fmt: skip
    return Roll(row["id"], row["title"], term.number, term.start, term.end, notice, event_id)


def _close_term(db, contract_id: int, first: date, last: date, today: date) -> None:
    """The ended terms' milestones: expirations completed on their date, missed notice
    deadlines waived (the contract renewed), each logged by the lifecycle."""
    rows = db.execute(
        "SELECT id, kind, due_date, status FROM milestones WHERE contract_id = ? "
        "AND kind IN ('notice', 'expiration') AND status IN ('pending', 'in_progress') "
        "AND (due_date IS NULL OR due_date <= ?) ORDER BY id",
        [contract_id, last.isoformat()],
    ).fetchall()
    for milestone_id, kind, due, _status in rows:
        if kind == "expiration":
            on = min(date.fromisoformat(due) if due else first, today)
            lifecycle.record_step(db, milestone_id, "complete", on=on, by=ROLLER, today=today,
                                  note="the term ended and the contract renewed")  # fmt: skip
        else:
            on = min(date.fromisoformat(due) if due else first, today)
            lifecycle.record_step(db, milestone_id, "waive", on=on, by=ROLLER, today=today,
                                  note="no notice of non-renewal was recorded by the deadline: "
                                       "the contract renewed")  # fmt: skip


def _ensure_milestones(db, facts: _Facts, term: Term, on: date) -> None:
    """The initial term's expiration and notice deadline, when extraction did not find them."""
    kinds = {kind for (kind,) in db.execute(
        "SELECT DISTINCT kind FROM milestones WHERE contract_id = ? "
        "AND kind IN ('notice', 'expiration')", [facts.row["id"]])}  # fmt: skip
    wanted = []
    if "expiration" not in kinds:
        wanted.append(("Expiration of term", "expiration", term.end))
    if "notice" not in kinds and term.notice_deadline is not None:
        wanted.append(("Non-renewal notice deadline", "notice", term.notice_deadline))
    for name, kind, due in wanted:
        _add(db, facts.row["id"], name, kind, due, on, "the contract's term (renewal tracking)")


def _add_term_milestones(db, facts: _Facts, term: Term) -> None:
    label = f"renewal term {term.number}"
    _add(db, facts.row["id"], f"Expiration of {label}", "expiration", term.end, term.start, label)
    if term.notice_deadline is not None:
        _add(db, facts.row["id"], f"Non-renewal notice deadline ({label})", "notice",
             term.notice_deadline, term.start, label)  # fmt: skip


def _add(db, contract_id: int, name: str, kind: str, due: date, on: date, why: str) -> int:
    stamp = now()
    seq = db.execute("SELECT coalesce(max(seq), -1) + 1 FROM milestones WHERE contract_id = ?",
                     [contract_id]).fetchone()[0]  # fmt: skip
    milestone_id = insert_row(db, "milestones", {
        "contract_id": contract_id, "seq": seq, "name": name, "kind": kind,
        "due_date": due.isoformat(), "confidence": 1.0, "source": "renewal",
        "created_at": stamp, "updated_at": stamp,
    })  # fmt: skip
    insert_row(db, "events", {
        "contract_id": contract_id, "milestone_id": milestone_id, "action": "add",
        "occurred_on": on.isoformat(), "recorded_at": stamp,
        "actor": ROLLER, "note": why,
        "details": json.dumps({"name": name, "kind": kind, "due_date": due.isoformat()}),
    })  # fmt: skip
    return milestone_id


# --- termination -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Termination:
    contract_id: int
    on: date
    event_id: int
    cancelled: tuple[lifecycle.Step, ...]
    left_open: tuple[tuple[int, str], ...]  # undated open milestones: a person decides


def terminate(
    db: sqlite_utils.Database,
    contract_id: int,
    on: date,
    *,
    note: str | None = None,
    by: str | None = None,
    today: date | None = None,
) -> Termination:
    """Record that the contract ends on ``on`` (a termination, or the end of the term after a
    notice of non-renewal). Open milestones due after that day, and open notice deadlines,
    are cancelled, each logged."""
    today = today or date.today()
    actor = lifecycle.actor_name(by)
    with transaction(db):
        row = db.execute("SELECT terminated_on FROM contracts WHERE id = ?",
                         [contract_id]).fetchone()  # fmt: skip
        if row is None:
            raise NotFound(f"no contract {contract_id} in the store (see `contracts list`)")
        if row[0]:
            raise RenewalError(f"contract {contract_id} was already terminated on {row[0]} "
                               f"(see `contracts history {contract_id}`)")  # fmt: skip
        db.execute("UPDATE contracts SET terminated_on = ?, updated_at = ? WHERE id = ?",
                   [on.isoformat(), now(), contract_id])  # fmt: skip
        event_id = insert_row(db, "events", {
            "contract_id": contract_id, "action": "terminate", "occurred_on":
            min(on, today).isoformat(), "recorded_at": now(), "actor": actor, "note": note,
            "details": json.dumps({"terminated_on": on.isoformat()}),
        })  # fmt: skip
        schedule.fill_static_dues(db)
        open_rows = db.execute(
            "SELECT m.id, m.name, COALESCE(m.due_date, f.due), m.kind FROM milestones m "
            f"LEFT JOIN {schedule.FILL_TABLE} f ON f.milestone_id = m.id "
            f"WHERE m.contract_id = ? AND NOT {lifecycle.closed_sql()} ORDER BY m.seq, m.id",
            [contract_id],
        ).fetchall()
        cancelled, left_open = [], []
        why = f"contract terminated on {on.isoformat()}" + (f": {note}" if note else "")
        for milestone_id, name, due, kind in open_rows:
            # A notice of non-renewal is moot once the contract ends, whatever its date.
            if kind != "notice" and due is None:
                left_open.append((milestone_id, name))
            elif kind == "notice" or date.fromisoformat(due) > on:
                cancelled.append(lifecycle.record_step(
                    db, milestone_id, "cancel", on=min(on, today), by=actor, note=why,
                    today=today))  # fmt: skip
    return Termination(contract_id, on, event_id, tuple(cancelled), tuple(left_open))
