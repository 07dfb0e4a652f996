"""The working list of milestones: filtered, sorted by due date, with days late or left.

Whether a milestone is overdue or due soon is derived here from its due date and the as-of
date (never stored): overdue = its due date has passed and it has not reached the status the
date is for (completed; approved for an approval; paid for a payment), and it was not waived
or cancelled. An expiration is never overdue: once its date is past it has "passed". Due dates
still unresolved but hanging on a contract date are computed on the fly
(``schedule.fill_static_dues``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlite_utils

from tracker import lifecycle, schedule

DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class Filters:
    """What ``contracts milestones`` shows. Overdue and due-within combine with OR."""

    overdue: bool = False
    due_within: int | None = None  # days from the as-of date
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    contract_id: int | None = None
    party: str | None = None
    include_closed: bool = False  # default: only milestones that still need something
    milestone_ids: tuple[int, ...] = field(default=())


def milestone_sql() -> str:
    """Every milestone with its contract, parties, effective due date and derived flags."""
    return f"""
SELECT m.id, m.contract_id, m.seq, m.name, m.kind, m.status, m.amount, m.paid_amount,
       m.invoiced_amount, COALESCE(m.currency, c.currency) AS currency, m.percent, m.page,
       m.evidence, m.confidence, m.rule_text, m.rule_offset, m.rule_unit, m.rule_direction,
       m.rule_anchor, COALESCE(m.due_date, f.due) AS due_date, m.due_date AS stored_due,
       m.resolved_from, m.approximate, m.source, m.edited_fields, m.status_date,
       m.completed_on, m.approved_on, m.invoiced_on, m.paid_on, m.updated_at,
       c.title, d.path, d.sha256,
       (SELECT group_concat(p.name, '; ') FROM parties p WHERE p.contract_id = m.contract_id)
           AS parties,
       {lifecycle.reached_sql()} AS reached,
       {lifecycle.target_on_sql()} AS target_on,
       {lifecycle.closed_sql()} AS closed
FROM milestones m
JOIN contracts c ON c.id = m.contract_id
JOIN documents d ON d.id = c.document_id
LEFT JOIN {schedule.FILL_TABLE} f ON f.milestone_id = m.id
"""


def _where(filters: Filters, as_of: date) -> tuple[str, list]:
    clauses, params = [], []
    due = "COALESCE(m.due_date, f.due)"
    live = f"NOT {lifecycle.reached_sql()} AND m.status NOT IN ('waived', 'cancelled')"
    timing = []
    if filters.overdue:
        timing.append(f"({live} AND {lifecycle.can_be_late_sql()} AND {due} < ?)")
        params.append(as_of.isoformat())
    if filters.due_within is not None:
        timing.append(f"({live} AND {due} >= ? AND {due} <= ?)")
        params += [as_of.isoformat(), (as_of + timedelta(days=filters.due_within)).isoformat()]
    if timing:
        clauses.append("(" + " OR ".join(timing) + ")")
    if filters.statuses:
        clauses.append(f"m.status IN ({', '.join('?' for _ in filters.statuses)})")
        params += list(filters.statuses)
    elif not filters.include_closed:
        clauses.append(f"NOT {lifecycle.closed_sql()}")
    if filters.kinds:
        clauses.append(f"m.kind IN ({', '.join('?' for _ in filters.kinds)})")
        params += list(filters.kinds)
    if filters.contract_id is not None:
        clauses.append("m.contract_id = ?")
        params.append(filters.contract_id)
    if filters.milestone_ids:
        clauses.append(f"m.id IN ({', '.join('?' for _ in filters.milestone_ids)})")
        params += list(filters.milestone_ids)
    if filters.party:
        clauses.append("EXISTS (SELECT 1 FROM parties p WHERE p.contract_id = m.contract_id "
                       "AND p.name LIKE ? ESCAPE '\\')")  # fmt: skip
        escaped = filters.party.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def list_milestones(
    db: sqlite_utils.Database,
    filters: Filters | None = None,
    as_of: date | None = None,
    holidays: frozenset[date] | None = None,
) -> list[dict]:
    """The working list, sorted by due date (undated last), each row with derived fields."""
    filters = filters or Filters()
    as_of = as_of or date.today()
    schedule.fill_static_dues(db, holidays)
    where, params = _where(filters, as_of)
    due = "COALESCE(m.due_date, f.due)"
    order = f" ORDER BY {due} IS NULL, {due}, m.contract_id, m.seq, m.id"
    return [derive(row, as_of) for row in db.query(milestone_sql() + where + order, params)]


def derive(row: dict, as_of: date) -> dict:
    """Add timing (state, days late/left), balance and display status to a milestone row."""
    row = dict(row)
    row["reached"], row["closed"] = bool(row["reached"]), bool(row["closed"])
    row["due_derived"] = row["due_date"] is not None and (
        row["stored_due"] is None or row["resolved_from"] is not None
    )
    row["edited_fields"] = json.loads(row["edited_fields"] or "[]")
    due = date.fromisoformat(row["due_date"]) if row["due_date"] else None
    row["days_late"] = row["days_left"] = None
    if row["status"] in lifecycle.ENDINGS:
        state = row["status"]
    elif row["reached"]:
        state = "done"
        done_on = row["target_on"]
        if due and done_on:
            late = (date.fromisoformat(done_on) - due).days
            row["days_late"] = max(late, 0)
            state = "done late" if late > 0 else "done on time"
    elif due is None:
        state = "undated"
    elif due < as_of and row["kind"] in lifecycle.SELF_EVENTS:
        state = "passed"
    elif due < as_of:
        state, row["days_late"] = "overdue", (as_of - due).days
    else:
        row["days_left"] = (due - as_of).days
        state = "due soon" if row["days_left"] <= DUE_SOON_DAYS else "upcoming"
    row["state"] = state
    due_amount = row["invoiced_amount"] if row["invoiced_amount"] is not None else row["amount"]
    row["outstanding"] = (
        round(max(due_amount - (row["paid_amount"] or 0.0), 0.0), 2)
        if due_amount is not None and row["status"] not in lifecycle.ENDINGS
        else None
    )
    row["status_label"] = lifecycle.status_label(row["status"], row["paid_amount"])
    return row


def timing_text(row: dict) -> str:
    """"5 days late", "due today", "12 days left", "done on time", "done 3 days late"."""
    state = row["state"]
    if state == "overdue":
        return _days(row["days_late"]) + " late"
    if state in ("due soon", "upcoming"):
        return "due today" if row["days_left"] == 0 else _days(row["days_left"]) + " left"
    if state == "done late":
        return f"done {_days(row['days_late'])} late"
    return state


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


# Columns of the list for people, CSV and JSON.
HEADERS = ["id", "due", "when", "contract", "party", "milestone", "kind", "status", "amount",
           "outstanding"]  # fmt: skip
JSON_FIELDS = (
    "id", "contract_id", "title", "parties", "name", "kind", "status", "status_label",
    "due_date", "due_derived", "state", "days_late", "days_left", "amount", "currency",
    "invoiced_amount", "paid_amount", "outstanding", "rule_text", "page", "source",
)  # fmt: skip


def table_rows(rows: list[dict]) -> list[list]:
    from tracker.output import money

    out = []
    for row in rows:
        due = row["due_date"] or ""
        if due and row["due_derived"]:
            due += "*"
        contract = f"{row['contract_id']} {row['title'] or ''}".strip()
        show_balance = row["outstanding"] is not None and (
            row["paid_amount"] or row["invoiced_amount"] is not None
        )
        out.append([
            row["id"], due, timing_text(row), contract, row["parties"] or "", row["name"],
            row["kind"], row["status_label"], money(row["amount"], row["currency"]),
            money(row["outstanding"], row["currency"]) if show_balance else "",
        ])  # fmt: skip
    return out


def json_rows(rows: list[dict]) -> list[dict]:
    return [{key: row[key] for key in JSON_FIELDS} for row in rows]


def plain(value):
    """A CSV value scripts and Excel both read: 5000.00 (no thousands separator), true/false."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    return value


def csv_rows(rows: list[dict]) -> list[list]:
    return [[plain(row[key]) for key in JSON_FIELDS] for row in rows]
