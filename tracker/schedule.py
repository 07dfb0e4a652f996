"""Relative deadlines: turn "30 days after acceptance" into a date once acceptance happens.

A rule's anchor gets its date from the contract or from a step recorded on a milestone:

=================  ===========================================================================
anchor             date
=================  ===========================================================================
effective_date     the contract's effective date (else its agreement date)
agreement_date     the contract's agreement date (else its effective date)
expiration         the contract's expiration date
signing            completion of a signing milestone; else the contract's signing date, agreement
                   date or effective date (a stored contract is a signed one)
kickoff            completion of a kickoff milestone; the effective date when the contract has
                   no kickoff milestone
delivery           completion of the linked deliverable, else of the milestone itself
acceptance         approval of the linked deliverable/approval milestone, else of the milestone
                   itself
invoice            the milestone's own invoice
milestone:<name>   completion of the milestone of that name
=================  ===========================================================================

The linked milestones are those of a matching kind whose names share the most distinctive words
with the dependant's name and rule ("Milestone 2 payment" -> "Milestone 2 delivery", "Payment
on acceptance of the Final Report" -> "Final Report"), else the nearest one before it in the
contract; the earliest of their steps counts. Other anchors (free text) stay unresolved.

A date written by resolution is marked derived (``milestones.resolved_from``) so that it moves
when its anchor moves; a person's ``edit --due`` (``due_date`` in ``edited_fields``) always wins,
and so does a date the extractor read from the text. Each change is logged as a ``resolve``
event. Business days skip weekends and the public holidays configured with
``$CONTRACTS_HOLIDAYS``: a file of ISO dates (one a line, ``#`` comments) or a comma-separated
list of dates.
"""

from __future__ import annotations

import calendar
import json
import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import sqlite_utils

from tracker import calendars
from tracker.save import now
from tracker.store import insert_row, transaction

ENV_HOLIDAYS = "CONTRACTS_HOLIDAYS"
STATIC_ANCHORS = {
    "effective_date": ("effective_date", "agreement_date"),
    "agreement_date": ("agreement_date", "effective_date"),
    "expiration": ("expiration_date",),
}
# Anchors dated by a step of a milestone: (kinds of the linked milestone, step column).
EVENT_ANCHORS = {
    "signing": (("signing",), "completed_on"),
    "kickoff": (("kickoff",), "completed_on"),
    "delivery": (("deliverable",), "completed_on"),
    "acceptance": (("deliverable", "approval"), "approved_on"),
    "invoice": ((), "invoiced_on"),
}
_WORD = re.compile(r"[a-z0-9]+")
# Words that do not tell one milestone from another when linking a rule to its anchor.
LINK_STOPWORDS = frozenset({
    "a", "an", "the", "of", "on", "upon", "for", "to", "by", "and", "or", "in", "at", "from",
    "its", "all", "any", "each", "such", "this", "milestone", "payment", "payments", "pay",
    "installment", "fee", "fees", "due", "delivery", "deliverable", "deliverables", "deliver",
    "acceptance", "accepted", "approval", "approved", "invoice", "receipt", "completion",
    "within", "after", "before", "following", "prior", "days", "day", "business", "weeks",
    "week", "months", "month", "years", "year", "no", "later", "than", "calendar", "client",
    "customer", "written",
})  # fmt: skip


class ScheduleError(Exception):
    """A holiday calendar that cannot be read."""


@dataclass(frozen=True)
class Resolution:
    """A due date set, moved or cleared because its anchor got (or lost) a date."""

    milestone_id: int
    name: str
    old: date | None
    new: date | None
    anchor: str
    anchor_date: date | None
    via: str
    event_id: int | None = None

    def text(self) -> str:
        if self.new is None:
            return (f"milestone {self.milestone_id} ({self.name}): due date cleared, "
                    f"{self.anchor} has no date any more")  # fmt: skip
        moved = f"moved {self.old.isoformat()} -> " if self.old else ""
        return (f"milestone {self.milestone_id} ({self.name}): due {moved}"
                f"{self.new.isoformat()} ({self.via})")  # fmt: skip


# --- holidays and date arithmetic ------------------------------------------------------------
def load_holidays(spec: str | None = None) -> frozenset[date]:
    """Holidays from ``spec`` or ``$CONTRACTS_HOLIDAYS``: a file path, "2025-12-25,2026-01-01",
    or country and region codes ("US", "GB-ENG", "DE-BY"), mixed as needed (a file may list
    codes too). Returns a :class:`tracker.calendars.Calendar` (a frozenset of the listed dates
    that also knows the named regions' holidays)."""
    spec = spec if spec is not None else os.environ.get(ENV_HOLIDAYS, "")
    if not spec.strip():
        return calendars.Calendar()
    path = Path(spec).expanduser()
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        items = [line.split("#", 1)[0].strip() for line in lines]
        where = f"holiday file {path}"
    else:
        items = [item.strip() for item in spec.split(",")]
        where = f"${ENV_HOLIDAYS}"
    days, codes = set(), []
    for number, item in enumerate(items, start=1):
        if not item:
            continue
        token = item.split()[0]
        if calendars.is_code(token):
            try:
                codes.append(calendars.check_code(token))
            except calendars.CalendarError as e:
                raise ScheduleError(f"{where}: entry {number}: {e}") from None
            continue
        try:
            days.add(date.fromisoformat(token))
        except ValueError:
            raise ScheduleError(
                f"{where}: entry {number} ({token!r}) is not an ISO date like 2025-12-25 "
                "(nor a holiday calendar code like US, GB-ENG, DE-BY)"
            ) from None
    return calendars.Calendar(days, tuple(codes))


def add_offset(
    day: date, offset: int, unit: str, direction: str = "after",
    holidays: frozenset[date] = frozenset(),
) -> date:  # fmt: skip
    """``day`` moved ``offset`` units; months clamp to the month's end (31 Jan + 1 month =
    28 Feb)."""
    sign = -1 if direction == "before" else 1
    if unit == "days":
        return day + timedelta(days=sign * offset)
    if unit == "weeks":
        return day + timedelta(weeks=sign * offset)
    if unit == "business_days":
        return add_business_days(day, sign * offset, holidays)
    if unit in ("months", "years"):
        return add_months(day, sign * offset * (12 if unit == "years" else 1))
    raise ValueError(f"unknown rule unit {unit!r}")


def add_business_days(day: date, count: int, holidays: frozenset[date] = frozenset()) -> date:
    """Counting starts the next business day: 1 business day after a Friday is Monday.

    Weekdays are counted by arithmetic; each holiday on a weekday passed over then costs one
    weekday more (the same day as stepping one day at a time, in a few steps)."""
    step = 1 if count >= 0 else -1
    end = add_weekdays(day, count)
    if not holidays:
        return end
    if not isinstance(holidays, (set, frozenset)):  # only asked ``day in holidays``
        return step_business_days(day, count, holidays)
    start = day
    while True:
        low, high = (start, end) if step > 0 else (end, start)
        extra = sum(1 for h in holidays_between(holidays, low, high)
                    if h.weekday() < 5 and h != start)  # fmt: skip
        if not extra:
            return end
        start, end = end, add_weekdays(end, step * extra)


def step_business_days(day: date, count: int, holidays=frozenset()) -> date:
    """:func:`add_business_days` one day at a time."""
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if day.weekday() < 5 and day not in holidays:
            remaining -= 1
    return day


def add_weekdays(day: date, count: int) -> date:
    """``count`` weekdays after (before, when negative) ``day``, which may be a weekend day."""
    if count == 0:
        return day
    sign = 1 if count > 0 else -1
    # From a weekend day, counting starts as from the Friday before it (forwards) or the
    # Monday after it (backwards).
    weekday = day.weekday()
    if weekday >= 5:
        moved = (4 - weekday) if sign > 0 else (7 - weekday)
        day, weekday = day + timedelta(days=moved), 4 if sign > 0 else 0
    weeks, rest = divmod(abs(count), 5)
    days = 7 * weeks + rest
    if (sign > 0 and weekday + rest > 4) or (sign < 0 and weekday - rest < 0):  # a weekend
        days += 2
    return day + timedelta(days=sign * days)


def holidays_between(holidays, low: date, high: date) -> list[date]:
    """The holidays from ``low`` to ``high`` (both included)."""
    if isinstance(holidays, calendars.Calendar) and holidays.codes:
        days = frozenset().union(*(holidays.of_year(y) for y in range(low.year, high.year + 1)))
    else:
        days = holidays
    # What ``day in holidays`` could match: dates (a datetime never equals a date).
    return [h for h in days if type(h) is date and low <= h <= high]


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


# --- anchors --------------------------------------------------------------------------------
def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def contract_dates(db: sqlite_utils.Database, contract_id: int) -> dict[str, date | None]:
    row = db.execute(
        "SELECT effective_date, agreement_date, expiration_date, "
        "(SELECT min(date) FROM key_dates k WHERE k.contract_id = c.id "
        "AND k.kind = 'signing_date') FROM contracts c WHERE id = ?",
        [contract_id],
    ).fetchone()
    if row is None:
        return {}
    keys = ("effective_date", "agreement_date", "expiration_date", "signing_date")
    return {key: _date(value) for key, value in zip(keys, row)}


def contract_jurisdiction(db: sqlite_utils.Database, contract_id: int) -> str | None:
    """The contract's own holiday calendar code (from its governing law), if any."""
    row = db.execute("SELECT jurisdiction FROM contracts WHERE id = ?", [contract_id]).fetchone()
    return row[0] if row else None


def contract_holidays(db: sqlite_utils.Database, contract_id: int,
                      holidays: frozenset[date] | None = None) -> frozenset[date]:  # fmt: skip
    """$CONTRACTS_HOLIDAYS (or ``holidays``) plus the contract's jurisdiction's holidays."""
    holidays = load_holidays() if holidays is None else holidays
    return calendars.region(contract_jurisdiction(db, contract_id), holidays)


def _first(dates: dict, keys) -> tuple[date | None, str]:
    for key in keys:
        if dates.get(key):
            return dates[key], f"the contract's {key.replace('_', ' ')}"
    return None, ""


def name_words(milestone: dict) -> set[str]:
    """The words that tell milestones apart: "Milestone 2 payment" -> {"2"}; numbers in the
    rule text ("30 days") do not count."""
    words = set(_WORD.findall(milestone["name"].lower()))
    rule = milestone.get("rule_text") or ""
    words |= {w for w in _WORD.findall(rule.lower()) if not w.isdigit()}
    return words - LINK_STOPWORDS


def linked_milestones(milestone: dict, siblings: list[dict], kinds: tuple[str, ...]) -> list[dict]:
    """The milestones a dependant's anchor refers to (see the module docstring)."""
    candidates = [s for s in siblings if s["kind"] in kinds and s["id"] != milestone["id"]]
    if not candidates:
        return []
    wanted = name_words(milestone)
    scores = {c["id"]: len(name_words(c) & wanted) for c in candidates}
    best = max(scores.values())
    if best > 0:
        return [c for c in candidates if scores[c["id"]] == best]
    before = [c for c in candidates if (c["seq"], c["id"]) < (milestone["seq"], milestone["id"])]
    return [max(before, key=lambda c: (c["seq"], c["id"]))] if before else []


def _step_of(milestone: dict, column: str) -> tuple[date | None, str]:
    value = _date(milestone.get(column))
    step = column.removesuffix("_on").replace("invoiced", "invoice")
    label = {"completed": "completion", "approved": "approval"}.get(step, step)
    return value, f"{label} of milestone {milestone['id']} ({milestone['name']})"


def anchor_date(
    milestone: dict, siblings: list[dict], dates: dict[str, date | None]
) -> tuple[date | None, str]:
    """The anchor's date for ``milestone`` and a phrase saying where it came from."""
    anchor = milestone["rule_anchor"] or "effective_date"
    if anchor in STATIC_ANCHORS:
        return _first(dates, STATIC_ANCHORS[anchor])
    if anchor.startswith("milestone:"):
        wanted = _normal(anchor.split(":", 1)[1])
        for sibling in siblings:
            if sibling["id"] != milestone["id"] and _normal(sibling["name"]).startswith(wanted):
                return _step_of(sibling, "completed_on")
        return None, ""
    if anchor not in EVENT_ANCHORS:
        return None, ""
    kinds, column = EVENT_ANCHORS[anchor]
    if anchor in ("signing", "kickoff"):
        done = [s for s in siblings if s["kind"] in kinds and s.get(column)]
        if done:
            return _step_of(min(done, key=lambda s: s[column]), column)
        if anchor == "signing":
            return _first(dates, ("signing_date", "agreement_date", "effective_date"))
        if not any(s["kind"] in kinds for s in siblings):
            return _first(dates, ("effective_date", "agreement_date"))
        return None, ""
    linked = [s for s in linked_milestones(milestone, siblings, kinds) if s.get(column)]
    if linked:
        return _step_of(min(linked, key=lambda s: (s[column], s["seq"])), column)
    if milestone.get(column):
        return _step_of(milestone, column)
    return None, ""


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def rule_phrase(milestone: dict) -> str:
    unit = (milestone["rule_unit"] or "days").replace("_", " ")
    direction = milestone["rule_direction"] or "after"
    return f"{milestone['rule_offset']} {unit} {direction} {milestone['rule_anchor']}"


def derivable(milestone: dict) -> bool:
    """May resolution (re)write this milestone's due date?"""
    if milestone["rule_offset"] is None or milestone["status"] in ("waived", "cancelled"):
        return False
    # An extracted date under a rule is the contract's plan ("15 days after delivery" of a
    # report due May 30): once the anchor really happens, the rule gives the date. Only a
    # person's own date is final.
    return "due_date" not in json.loads(milestone["edited_fields"] or "[]")


def resolve_contract(
    db: sqlite_utils.Database,
    contract_id: int,
    *,
    actor: str,
    cause: str,
    on: date | None = None,
    holidays: frozenset[date] | None = None,
) -> list[Resolution]:
    """(Re)resolve every derivable due date of one contract; runs in the caller's transaction."""
    holidays = load_holidays() if holidays is None else holidays
    holidays = calendars.region(contract_jurisdiction(db, contract_id), holidays)
    dates = contract_dates(db, contract_id)
    siblings = list(db.query(
        "SELECT * FROM milestones WHERE contract_id = ? ORDER BY seq, id", [contract_id]
    ))  # fmt: skip
    done = []
    for milestone in siblings:
        if not derivable(milestone):
            continue
        base, via = anchor_date(milestone, siblings, dates)
        if base is None and milestone["resolved_from"] is None:
            continue  # the anchor has not happened: the extracted plan date stands
        new = None
        if base is not None:
            new = add_offset(base, milestone["rule_offset"], milestone["rule_unit"] or "days",
                             milestone["rule_direction"] or "after", holidays)  # fmt: skip
        old = _date(milestone["due_date"])
        if new == old:
            continue
        resolution = Resolution(
            milestone["id"], milestone["name"], old, new, milestone["rule_anchor"], base,
            f"{rule_phrase(milestone)}: {via} on {base.isoformat()}" if base else "",
        )  # fmt: skip
        done.append(_write(db, milestone, resolution, actor, cause, on))
    return done


def _write(db, milestone: dict, resolution: Resolution, actor: str, cause: str,
           on: date | None) -> Resolution:  # fmt: skip
    source = None
    if resolution.new is not None:
        source = json.dumps({
            "anchor": resolution.anchor,
            "anchor_date": resolution.anchor_date.isoformat(),
            "via": resolution.via,
        })  # fmt: skip
    new = resolution.new.isoformat() if resolution.new else None
    db.execute(
        "UPDATE milestones SET due_date = ?, resolved_from = ?, updated_at = ? WHERE id = ?",
        [new, source, now(), milestone["id"]],
    )
    old = resolution.old.isoformat() if resolution.old else None
    event_id = insert_row(db, "events", {
        "contract_id": milestone["contract_id"],
        "milestone_id": milestone["id"],
        "action": "resolve",
        "occurred_on": (on or date.today()).isoformat(),
        "recorded_at": now(),
        "actor": actor,
        "note": resolution.text(),
        "details": json.dumps({"field": "due_date", "old": old, "new": new,
                               "anchor": resolution.anchor, "cause": cause}),
    })  # fmt: skip
    return Resolution(**{**resolution.__dict__, "event_id": event_id})


def resolve_store(
    db: sqlite_utils.Database,
    contract_ids: list[int] | None = None,
    *,
    actor: str = "contracts",
    cause: str = "resolve",
    holidays: frozenset[date] | None = None,
) -> list[Resolution]:
    """Resolve the given contracts (default: every contract) in one transaction.

    Call it after ingest or re-extraction, or after changing the holiday calendar.
    """
    holidays = load_holidays() if holidays is None else holidays
    if contract_ids is None:
        contract_ids = [
            row[0]
            for row in db.execute(
                "SELECT DISTINCT contract_id FROM milestones WHERE rule_offset IS NOT NULL"
            )
        ]
    done: list[Resolution] = []
    with transaction(db):
        for contract_id in contract_ids:
            done += resolve_contract(db, contract_id, actor=actor, cause=cause, holidays=holidays)
    return done


# --- dates derived on the fly, for reads -----------------------------------------------------
FILL_TABLE = "temp.due_fill"


def fill_static_dues(db: sqlite_utils.Database, holidays: frozenset[date] | None = None) -> None:
    """Compute, in a TEMP table (nothing is written to the store), the due dates of milestones
    whose rule hangs on a contract date but that were never resolved.

    Queries then read ``COALESCE(m.due_date, f.due)`` with ``LEFT JOIN temp.due_fill f``.
    """
    holidays = load_holidays() if holidays is None else holidays
    # Nothing written since the last fill on this connection (by it or another): keep it.
    key = (db.conn.total_changes, db.execute("PRAGMA data_version").fetchone()[0], holidays)
    if getattr(db, "_due_fill_key", None) == key:
        return
    db.execute("CREATE TEMP TABLE IF NOT EXISTS due_fill "
               "(milestone_id INTEGER PRIMARY KEY, due TEXT)")  # fmt: skip
    db.execute(f"DELETE FROM {FILL_TABLE}")
    anchors = ", ".join(f"'{a}'" for a in STATIC_ANCHORS)
    rows = db.execute(
        "SELECT m.id, m.rule_offset, m.rule_unit, m.rule_direction, m.rule_anchor, "
        "c.effective_date, c.agreement_date, c.expiration_date, c.jurisdiction FROM milestones m "
        "JOIN contracts c ON c.id = m.contract_id WHERE m.due_date IS NULL "
        f"AND m.rule_offset IS NOT NULL AND m.rule_anchor IN ({anchors}) "
        "AND m.status NOT IN ('waived', 'cancelled')"
    ).fetchall()
    fills, regional, done = [], {}, {}
    for mid, offset, unit, direction, anchor, effective, agreement, expiration, where in rows:
        dates = {"effective_date": effective, "agreement_date": agreement,
                 "expiration_date": expiration}  # fmt: skip
        base = next((dates[k] for k in STATIC_ANCHORS[anchor] if dates[k]), None)
        if base:
            # The milestones of a contract (and of contracts signed the same day) share dates.
            rule = (base, offset, unit, direction, where)
            due = done.get(rule)
            if due is None:
                if where not in regional:
                    regional[where] = calendars.region(where, holidays)
                due = done[rule] = add_offset(date.fromisoformat(base), offset, unit or "days",
                                             direction or "after", regional[where]).isoformat()
            fills.append((mid, due))
    if fills:
        # One savepoint: row by row, autocommit would make each insert its own transaction.
        db.execute("SAVEPOINT due_fill")
        db.conn.executemany(f"INSERT INTO {FILL_TABLE} VALUES (?, ?)", fills)
        db.execute("RELEASE due_fill")
    db._due_fill_key = (db.conn.total_changes, key[1], holidays)
