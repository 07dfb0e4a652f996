"""A person's corrections: edit a milestone, add one the extractor missed.

An edited field is listed in the milestone's ``edited_fields`` so re-extraction keeps it
(tracker/save.py); an added milestone has ``source='manual'`` and is never removed by
re-extraction. Both are logged in the audit log (``edit`` and ``add`` events) with the old
and new values, and both re-resolve the contract's relative deadlines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from models import Milestone
from tracker import lifecycle, schedule
from tracker.queries import NotFound
from tracker.save import MILESTONE_FIELDS, milestone_row, now
from tracker.store import insert_row, transaction

AUTO = "auto"  # ``--due auto``: drop the person's date and derive it from the rule again
_CURRENCY = re.compile(r"^[A-Z]{3}$")


class EditError(Exception):
    """An edit that cannot be applied (nothing to change, a bad value)."""


@dataclass(frozen=True)
class EditResult:
    milestone_id: int
    changes: dict  # field -> [old, new]
    event_id: int
    resolutions: tuple[schedule.Resolution, ...] = ()


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _validate(row: dict, name, kind, amount, currency) -> None:
    if name is not None and not name.strip():
        raise EditError("--name is empty: give the milestone's new name")
    if kind is not None:
        try:
            lifecycle.check_kind(kind)
        except lifecycle.LifecycleError as e:
            raise EditError(str(e)) from None
        if row and row["status"] not in lifecycle.KIND_PATHS[kind] + lifecycle.ENDINGS:
            raise EditError(
                f"milestone {row['id']} is {row['status']}, a status a {kind} milestone does not "
                f"have: reopen it first (`contracts reopen {row['id']}`)"
            )
    if amount is not None and amount < 0:
        raise EditError(f"--amount must be zero or more, got {amount}")
    if amount is not None and row:
        floor = max(row["paid_amount"] or 0.0, row["invoiced_amount"] or 0.0)
        if amount < floor - lifecycle.CENT:
            raise EditError(
                f"milestone {row['id']} already has {floor:,.2f} invoiced or paid: its amount "
                f"cannot go below that (--amount {amount:,.2f}). Money recorded is never "
                "changed by an edit; correct the payment first if it was wrong"
            )
    if currency is not None and not _CURRENCY.match(currency):
        raise EditError(f"--currency must be an ISO 4217 code like USD, got {currency!r}")


def edit_milestone(
    db: sqlite_utils.Database,
    milestone_id: int,
    *,
    name: str | None = None,
    kind: str | None = None,
    due: date | str | None = None,
    amount: float | None = None,
    currency: str | None = None,
    done_on: date | None = None,
    note: str | None = None,
    by: str | None = None,
    today: date | None = None,
    holidays: frozenset[date] | None = None,
) -> EditResult:
    """Change the given fields; ``due=AUTO`` returns the due date to its rule.

    ``done_on`` corrects the date the milestone reached its current status (for instance the
    real approval date): relative deadlines hanging on it move, and the log says so.
    """
    if all(v is None for v in (name, kind, due, amount, currency, done_on)):
        raise EditError("nothing to change: give --name, --kind, --due, --amount, --currency "
                        "or --done-on")  # fmt: skip
    today = today or date.today()
    actor = lifecycle.actor_name(by)
    with transaction(db):
        row = lifecycle.milestone_row(db, milestone_id)
        _validate(row, name, kind, amount, currency)
        edited = list(json.loads(row["edited_fields"] or "[]"))
        sets: dict = {}
        changes: dict = {}
        for column, value in (("name", name), ("kind", kind), ("amount", amount),
                              ("currency", currency)):  # fmt: skip
            if value is not None and value != row[column]:
                sets[column], changes[column] = value, [row[column], value]
        if due is not None:
            _edit_due(row, due, sets, changes, edited)
        if done_on is not None:
            _edit_done_on(row, done_on, today, sets, changes)
        for column in changes:
            person_set = not (column == "due_date" and due == AUTO)
            if column in MILESTONE_FIELDS and column not in edited and person_set:
                edited.append(column)
        if not changes:
            raise EditError(f"milestone {milestone_id} already has these values: nothing changed")
        sets.update(edited_fields=json.dumps(edited), updated_at=now())
        columns = ", ".join(f"[{key}] = ?" for key in sets)
        db.execute(f"UPDATE milestones SET {columns} WHERE id = ?", [*sets.values(), row["id"]])
        event_id = insert_row(db, "events", {
            "contract_id": row["contract_id"],
            "milestone_id": row["id"],
            "action": "edit",
            "occurred_on": today.isoformat(),
            "recorded_at": now(),
            "actor": actor,
            "note": note,
            "details": json.dumps({"changes": changes}),
        })  # fmt: skip
        resolutions = schedule.resolve_contract(
            db, row["contract_id"], actor=actor, cause=f"edit of milestone {row['id']}",
            on=today, holidays=holidays,
        )  # fmt: skip
    return EditResult(row["id"], changes, event_id, tuple(resolutions))


def _edit_due(row: dict, due, sets: dict, changes: dict, edited: list) -> None:
    if due == AUTO:
        if row["rule_offset"] is None:
            raise EditError(f"milestone {row['id']} has no rule to derive its due date from: "
                            "give a date (--due 2025-06-30)")  # fmt: skip
        if "due_date" in edited:
            edited.remove("due_date")
        # Leave the date to resolution, which runs right after in the same transaction.
        sets["due_date"], sets["resolved_from"] = None, None
        changes["due_date"] = [row["due_date"], AUTO]
        return
    if not isinstance(due, date):
        raise EditError(f"--due must be a date like 2025-06-30 or 'auto', got {due!r}")
    if due.isoformat() != row["due_date"] or row["resolved_from"] is not None:
        sets["due_date"], sets["resolved_from"] = due.isoformat(), None
        changes["due_date"] = [row["due_date"], due.isoformat()]


def _edit_done_on(row: dict, done_on: date, today: date, sets: dict, changes: dict) -> None:
    status = row["status"]
    if status == "pending":
        raise EditError(f"milestone {row['id']} is pending: there is no step date to correct")
    if done_on > today:
        raise EditError(f"--done-on {done_on.isoformat()} is in the future")
    column = lifecycle.STEP_COLUMNS.get(status)
    if column and row[column] != done_on.isoformat():
        sets[column] = done_on.isoformat()
        changes[column] = [row[column], done_on.isoformat()]
    if row["status_date"] != done_on.isoformat():
        sets["status_date"] = done_on.isoformat()
        changes.setdefault("status_date", [row["status_date"], done_on.isoformat()])


def parse_rule(text: str):
    """A DueRule from "30 business days after acceptance"; EditError when none is found."""
    from extractor import parse_due_rule

    rule = parse_due_rule(text)
    if rule is None:
        raise EditError(f"no deadline found in --rule {text!r}: write it like "
                        "'within 30 days after acceptance' or '10 business days after invoice'")
    return rule


def add_milestone(
    db: sqlite_utils.Database,
    contract_id: int,
    *,
    name: str,
    kind: str = "other",
    due: date | None = None,
    rule: str | None = None,
    amount: float | None = None,
    currency: str | None = None,
    note: str | None = None,
    by: str | None = None,
    today: date | None = None,
    holidays: frozenset[date] | None = None,
) -> EditResult:
    """Add a milestone by hand (``source='manual'``); a ``rule`` resolves like extracted ones."""
    _validate({}, name, kind, amount, currency)
    due_rule = parse_rule(rule) if rule else None
    today = today or date.today()
    actor = lifecycle.actor_name(by)
    with transaction(db):
        found = db.execute(
            "SELECT currency, (SELECT coalesce(max(seq), -1) + 1 FROM milestones "
            "WHERE contract_id = c.id) FROM contracts c WHERE id = ?",
            [contract_id],
        ).fetchone()
        if found is None:
            raise NotFound(f"no contract {contract_id} in the store (see `contracts list`)")
        milestone = Milestone(name=name.strip(), kind=kind, due_date=due, due_rule=due_rule,
                              amount=amount, currency=currency or found[0],
                              confidence=1.0)  # fmt: skip
        stamp = now()
        row = {"contract_id": contract_id, "seq": found[1], **milestone_row(milestone),
               "source": "manual", "created_at": stamp, "updated_at": stamp}  # fmt: skip
        milestone_id = insert_row(db, "milestones", row)
        details = {key: _iso(value) for key, value in milestone.to_dict().items()
                   if value is not None and key != "confidence"}  # fmt: skip
        event_id = insert_row(db, "events", {
            "contract_id": contract_id,
            "milestone_id": milestone_id,
            "action": "add",
            "occurred_on": today.isoformat(),
            "recorded_at": stamp,
            "actor": actor,
            "note": note,
            "amount": amount,
            "details": json.dumps(details),
        })  # fmt: skip
        resolutions = schedule.resolve_contract(
            db, contract_id, actor=actor, cause=f"add of milestone {milestone_id}", on=today,
            holidays=holidays,
        )  # fmt: skip
    return EditResult(milestone_id, {}, event_id, tuple(resolutions))


# --- history ---------------------------------------------------------------------------------
def history(db: sqlite_utils.Database, contract_id: int | None = None,
            milestone_id: int | None = None) -> list[dict]:  # fmt: skip
    """The audit log of a contract (its own events and its milestones') or of one milestone."""
    if milestone_id is not None:
        lifecycle.milestone_row(db, milestone_id)
        where, params = "e.milestone_id = ?", [milestone_id]
    else:
        if db.execute("SELECT 1 FROM contracts WHERE id = ?", [contract_id]).fetchone() is None:
            raise NotFound(f"no contract {contract_id} in the store (see `contracts list`)")
        where = ("(e.contract_id = ? OR e.milestone_id IN "
                 "(SELECT id FROM milestones WHERE contract_id = ?))")  # fmt: skip
        params = [contract_id, contract_id]
    return list(db.query(
        "SELECT e.*, m.name AS milestone FROM events e LEFT JOIN milestones m "
        f"ON m.id = e.milestone_id WHERE {where} ORDER BY e.id",
        params,
    ))  # fmt: skip
