"""The milestone lifecycle: which status may follow which, and recording a step.

Every milestone walks a path of statuses that depends on its kind (``KIND_PATHS``). A step may
skip forward along the path (a deliverable can be completed straight from pending); ``waived``
and ``cancelled`` end it; ``reopen`` moves it back. ``TRANSITIONS`` is the one table of what
may follow what; ``record_step`` checks it, updates the milestone, appends an event to the
audit log and re-resolves the relative deadlines that hang on this step, in one transaction.

Partial payments: ``pay`` with an amount below the balance leaves the milestone ``invoiced``
with ``paid_amount`` raised; it shows as "invoiced (part paid)" with its outstanding balance.
Reopening never changes recorded money (a refund is not modelled).

Money always adds up: a milestone without an amount cannot be invoiced for an amount or paid;
an invoice never exceeds the milestone's amount, a payment never exceeds what is outstanding
(``overpay=True`` applies the outstanding balance and records the excess as a ``credit`` event
on the contract), so what is collected on a milestone never exceeds what it is worth.

Implied steps: a step that skips forward (paying a pending deliverable) implies the skipped
steps that carry a date (completed, approved, invoiced). Each is logged as its own event, on
the same date, with the note "implied by pay", before the step itself; relative deadlines that
hang on them (a payment due 30 days after acceptance) are dated from that day.

"Overdue" and "due soon" are never stored: they follow from the due date, the as-of date and
whether the milestone has reached the status its due date is for (``DUE_TARGET``).
"""

from __future__ import annotations

import getpass
import json
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from models import MILESTONE_KINDS
from tracker import schedule
from tracker.queries import NotFound
from tracker.save import now
from tracker.store import insert_row, transaction

PATH = ("pending", "in_progress", "completed", "approved", "invoiced", "paid")
ENDINGS = ("waived", "cancelled")
STATUS_RANK = {status: rank for rank, status in enumerate(PATH)}

# The steps each kind goes through, in order. A signing is just done; money comes last.
KIND_PATHS: dict[str, tuple[str, ...]] = {
    "signing": PATH[:3],
    "kickoff": PATH[:3],
    "expiration": PATH[:3],
    "notice": PATH[:3],
    "approval": PATH[:4],
    "deliverable": PATH,
    "payment": PATH,
    "other": PATH,
}
# The status a due date is for: not reached by the due date = overdue. Others: completed.
DUE_TARGET = {"approval": "approved", "payment": "paid"}
# Kinds that happen by themselves on their date (a term expires): never overdue, just passed.
SELF_EVENTS = ("expiration",)
# Where a milestone needs nothing more when it carries no amount (with an amount: paid).
DONE_WITHOUT_AMOUNT = {"deliverable": "approved", "other": "completed"}

ACTIONS = {
    "start": "in_progress",
    "complete": "completed",
    "approve": "approved",
    "invoice": "invoiced",
    "pay": "paid",
    "waive": "waived",
    "cancel": "cancelled",
}
ACTION_OF = {status: action for action, status in ACTIONS.items()}
# The column holding the date each step was reached.
STEP_COLUMNS = {
    "completed": "completed_on",
    "approved": "approved_on",
    "invoiced": "invoiced_on",
    "paid": "paid_on",
}
CENT = 0.005
# The skipped steps a forward step implies (and logs). A payment is invoiced, never delivered
# or accepted: only its invoice is implied.
IMPLIED_STEPS = {"payment": ("invoiced",)}


def _transitions() -> dict[str, dict[str, tuple[str, ...]]]:
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind, path in KIND_PATHS.items():
        rows = {}
        for index, status in enumerate(path):
            rows[status] = path[index + 1 :] + (ENDINGS if status != path[-1] else ())
        rows.update({ending: () for ending in ENDINGS})
        table[kind] = rows
    return table


# TRANSITIONS[kind][status]: the statuses that may follow (forward skips included).
# ``reopen`` is allowed from every status but pending and is not part of this table.
TRANSITIONS = _transitions()


class LifecycleError(Exception):
    """A step that the lifecycle does not allow, or an amount that does not add up."""


def due_target(kind: str) -> str:
    return DUE_TARGET.get(kind, "completed")


def done_status(kind: str, has_amount: bool) -> str:
    """The status from which a milestone needs nothing more."""
    if kind in DONE_WITHOUT_AMOUNT and not has_amount:
        return DONE_WITHOUT_AMOUNT[kind]
    return KIND_PATHS[kind][-1]


def is_closed(kind: str, status: str, has_amount: bool) -> bool:
    if status in ENDINGS:
        return True
    return STATUS_RANK[status] >= STATUS_RANK[done_status(kind, has_amount)]


def allowed_actions(kind: str, status: str) -> list[str]:
    """The commands that may be run next on a milestone of this kind and status."""
    actions = [ACTION_OF[s] for s in TRANSITIONS[kind].get(status, ())]
    if status != "pending":
        actions.append("reopen")
    return actions


def reopen_targets(kind: str, status: str) -> tuple[str, ...]:
    path = KIND_PATHS[kind]
    if status in ENDINGS:
        return path
    return path[: path.index(status)] if status in path else ()


def status_label(status: str, paid_amount: float | None) -> str:
    if status == "invoiced" and paid_amount:
        return "invoiced (part paid)"
    return status


def actor_name(by: str | None) -> str:
    if by:
        return by
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (containers without a passwd entry)
        return "unknown"


@dataclass(frozen=True)
class Step:
    """What ``record_step`` did to one milestone."""

    milestone_id: int
    contract_id: int
    name: str
    action: str
    from_status: str
    to_status: str
    occurred_on: date
    event_id: int
    amount: float | None = None
    paid_amount: float = 0.0
    due_amount: float | None = None  # what the milestone is worth (invoiced, else contracted)
    currency: str | None = None
    resolutions: tuple[schedule.Resolution, ...] = ()
    implied: tuple[str, ...] = ()  # statuses the step implied, each logged as its own event
    credit: float | None = None  # the excess of an --overpay, credited to the contract

    @property
    def outstanding(self) -> float | None:
        if self.due_amount is None:
            return None
        return round(max(self.due_amount - self.paid_amount, 0.0), 2)

    @property
    def partial(self) -> bool:
        return self.action == "pay" and self.to_status != "paid"


def milestone_row(db: sqlite_utils.Database, milestone_id: int) -> dict:
    rows = list(db.query("SELECT * FROM milestones WHERE id = ?", [milestone_id]))
    if not rows:
        raise NotFound(f"no milestone {milestone_id} in the store (see `contracts milestones`)")
    return rows[0]


def record_step(
    db: sqlite_utils.Database,
    milestone_id: int,
    action: str,
    *,
    on: date | None = None,
    by: str | None = None,
    note: str | None = None,
    amount: float | None = None,
    ref: str | None = None,
    to: str | None = None,
    today: date | None = None,
    holidays: frozenset[date] | None = None,
    overpay: bool = False,
) -> Step:
    """Apply ``action`` (start, complete, ..., reopen) to a milestone and log it.

    ``on`` is when it happened (default today), ``to`` the status a reopen goes back to;
    ``overpay`` lets a payment above the balance credit the excess to the contract.
    Raises LifecycleError for a step the table does not allow, NotFound for a missing id.
    """
    today = today or date.today()
    on = on or today
    if on > today:
        raise LifecycleError(f"--on {on.isoformat()} is in the future: record a step once it "
                             "has happened")
    if action != "reopen" and action not in ACTIONS:
        raise LifecycleError(f"unknown action {action!r}: use one of "
                             f"{', '.join([*ACTIONS, 'reopen'])}")
    actor = actor_name(by)
    with transaction(db):
        row = milestone_row(db, milestone_id)
        if action == "reopen":
            change = _reopen(db, row, to)
        elif action == "pay":
            change = _pay(db, row, amount, overpay)
        else:
            change = _forward(db, row, action, amount)
        _apply(db, row, change, on)
        base = {"contract_id": row["contract_id"], "milestone_id": row["id"],
                "occurred_on": on.isoformat(), "recorded_at": now(), "actor": actor}
        implied = implied_statuses(row["kind"], row["status"], action, change["status"])
        before = row["status"]
        for status in implied:
            invoiced = change.get("invoiced_amount", row["invoiced_amount"])
            insert_row(db, "events", {
                **base, "action": ACTION_OF[status], "from_status": before, "to_status": status,
                "note": f"implied by {action}", "ref": ref,
                "amount": invoiced if status == "invoiced" else None,
                "details": json.dumps({"implied_by": action}),
            })
            before = status
        event_id = insert_row(db, "events", {
            **base,
            "action": action,
            "from_status": before,
            "to_status": change["status"],
            "note": note,
            "amount": change.get("event_amount", amount),
            "ref": ref,
            "details": json.dumps(change["details"]) if change.get("details") else None,
        })  # fmt: skip
        if change.get("credit"):
            insert_row(db, "events", {
                **base, "action": "credit", "amount": change["credit"], "ref": ref,
                "note": f"overpayment of milestone {row['id']} credited to the contract",
                "details": json.dumps({"currency": row["currency"]}),
            })  # fmt: skip
        resolutions = schedule.resolve_contract(
            db, row["contract_id"], actor=actor, on=on, holidays=holidays,
            cause=f"{action} of milestone {row['id']}",
        )  # fmt: skip
    return Step(
        milestone_id=row["id"],
        contract_id=row["contract_id"],
        name=row["name"],
        action=action,
        from_status=row["status"],
        to_status=change["status"],
        occurred_on=on,
        event_id=event_id,
        amount=change.get("event_amount", amount),
        paid_amount=change.get("paid_amount", row["paid_amount"] or 0.0),
        due_amount=_due_amount(row, change),
        currency=row["currency"],
        resolutions=tuple(resolutions),
        implied=tuple(implied),
        credit=change.get("credit"),
    )


def implied_statuses(kind: str, status: str, action: str, target: str) -> list[str]:
    """The dated steps a forward step skips over: paying a pending deliverable implies its
    completion, approval and invoice (in_progress carries no date and is not implied)."""
    if action in ("reopen", "waive", "cancel"):
        return []
    path = KIND_PATHS[kind]
    end = "paid" if action == "pay" else target
    if status not in path or end not in path:
        return []
    skipped = path[path.index(status) + 1 : path.index(end)]
    return [s for s in skipped if s in IMPLIED_STEPS.get(kind, STEP_COLUMNS)]


def _label(row: dict) -> str:
    return f"milestone {row['id']} ({row['name']}, {row['kind']})"


def _refuse(row: dict, verb: str) -> LifecycleError:
    allowed = allowed_actions(row["kind"], row["status"])
    nexts = ", ".join(allowed) if allowed else "none"
    return LifecycleError(
        f"{_label(row)} is {row['status']}: it cannot be {verb}. Allowed next steps: {nexts}"
    )


VERBS = {
    "start": "started",
    "complete": "completed",
    "approve": "approved",
    "invoice": "invoiced",
    "pay": "paid",
    "waive": "waived",
    "cancel": "cancelled",
}


def _check(row: dict, action: str) -> str:
    target = ACTIONS[action]
    if target not in TRANSITIONS[row["kind"]].get(row["status"], ()):
        raise _refuse(row, VERBS[action])
    return target


def _forward(db: sqlite_utils.Database, row: dict, action: str, amount: float | None) -> dict:
    target = _check(row, action)
    change: dict = {"status": target}
    if action == "invoice":
        if amount is not None and amount <= 0:
            raise LifecycleError(f"invoice amount must be positive, got {amount}")
        if amount is not None and row["amount"] is None:
            raise _no_amount(db, row, "invoiced for an amount")
        if amount is not None and amount > row["amount"] + CENT:
            raise LifecycleError(
                f"an invoice of {amount:,.2f} exceeds the amount of {_label(row)} "
                f"({row['amount']:,.2f}): invoice at most that, or correct the milestone first "
                f"with `contracts edit {row['id']} --amount N`"
            )
        invoiced = amount if amount is not None else row["amount"]
        change["invoiced_amount"] = invoiced
        change["event_amount"] = invoiced
    return change


def _due_amount(row: dict, change: dict | None = None) -> float | None:
    change = change or {}
    invoiced = change.get("invoiced_amount", row["invoiced_amount"])
    return invoiced if invoiced is not None else row["amount"]


def _pay(db: sqlite_utils.Database, row: dict, amount: float | None, overpay: bool) -> dict:
    _check(row, "pay")
    if amount is not None and amount <= 0:
        raise LifecycleError(f"payment amount must be positive, got {amount}")
    due = _due_amount(row)
    if due is None:
        raise _no_amount(db, row, "paid")
    paid = row["paid_amount"] or 0.0
    balance = round(max(due - paid, 0.0), 2)
    if amount is None:
        amount = balance
    credit = None
    if amount > balance + CENT:
        if not overpay:
            raise LifecycleError(
                f"a payment of {amount:,.2f} exceeds the outstanding {balance:,.2f} on "
                f"{_label(row)}: record the amount actually owed, correct the milestone with "
                f"`contracts edit {row['id']} --amount N`, or add --overpay to credit the "
                "excess to the contract"
            )
        credit, amount = round(amount - balance, 2), balance
    new_paid = round(paid + amount, 2)
    full = new_paid >= due - CENT
    change = {"status": "paid" if full else "invoiced", "paid_amount": new_paid,
              "event_amount": amount, "credit": credit}  # fmt: skip
    change["details"] = {"paid_amount": new_paid, "outstanding": round(due - new_paid, 2)}
    if row["invoiced_amount"] is None:
        # paid without an invoice amount on record: the payment stands for the invoice, and
        # the event says so, so the audit log alone still gives the invoiced amount
        change["invoiced_amount"] = change["details"]["invoiced_amount"] = round(due, 2)
    if credit:
        change["details"]["credit"] = credit
    return change


def _no_amount(db: sqlite_utils.Database, row: dict, verb: str) -> LifecycleError:
    """A milestone without an amount cannot take money: say where the money goes instead."""
    money = db.execute(
        "SELECT id, name, amount, currency, status FROM milestones WHERE contract_id = ? "
        "AND amount IS NOT NULL AND id != ? ORDER BY seq, id",
        [row["contract_id"], row["id"]],
    ).fetchall()
    head = f"{_label(row)} carries no amount: it cannot be {verb}. "
    fix = f"give it an amount first with `contracts edit {row['id']} --amount N`"
    if not money:
        return LifecycleError(
            head + f"Contract {row['contract_id']} has no milestone with an amount: {fix}, or "
            f"add the payment with `contracts add {row['contract_id']} --kind payment "
            "--amount N --name ...`"
        )
    listed = "; ".join(
        f"{mid} {name} ({(currency + ' ') if currency else ''}{amount:,.2f}, {status})"
        for mid, name, amount, currency, status in money
    )
    return LifecycleError(
        head + f"The payment milestones of contract {row['contract_id']} are: {listed}. "
        f"Record the payment on one of those (`contracts pay ID`), or {fix}"
    )


def _reopen(db: sqlite_utils.Database, row: dict, to: str | None) -> dict:
    kind, status = row["kind"], row["status"]
    targets = reopen_targets(kind, status)
    if status == "pending" or not targets:
        raise _refuse(row, "reopened")
    if to is None:
        to = _previous_status(db, row) if status in ENDINGS else targets[-1]
    if to not in targets:
        raise LifecycleError(
            f"{_label(row)} is {status}: it can be reopened to {', '.join(targets)}, not {to}"
        )
    return {"status": to, "clear_after": to}


def _previous_status(db: sqlite_utils.Database, row: dict) -> str:
    """The status a waived or cancelled milestone had before it ended."""
    found = db.execute(
        "SELECT from_status FROM events WHERE milestone_id = ? AND to_status = ? "
        "ORDER BY id DESC LIMIT 1",
        [row["id"], row["status"]],
    ).fetchone()
    if found and found[0] in KIND_PATHS[row["kind"]]:
        return found[0]
    return "pending"


def _apply(db: sqlite_utils.Database, row: dict, change: dict, on: date) -> None:
    target = change["status"]
    sets: dict = {"status": target, "status_date": on.isoformat(), "updated_at": now()}
    path = KIND_PATHS[row["kind"]]
    if "clear_after" in change:
        rank = STATUS_RANK[change["clear_after"]]
        for status, column in STEP_COLUMNS.items():
            if STATUS_RANK[status] > rank:
                sets[column] = None
    elif target in path:
        # Reaching a step implies the skipped ones: they get the same date if they had none.
        for status in path[1 : path.index(target) + 1]:
            column = STEP_COLUMNS.get(status)
            if column and row[column] is None:
                sets[column] = on.isoformat()
    for key in ("paid_amount", "invoiced_amount"):
        if key in change:
            sets[key] = change[key]
    columns = ", ".join(f"[{key}] = ?" for key in sets)
    db.execute(f"UPDATE milestones SET {columns} WHERE id = ?", [*sets.values(), row["id"]])


def check_kind(kind: str) -> None:
    if kind not in MILESTONE_KINDS:
        raise LifecycleError(f"unknown kind {kind!r}: use one of {', '.join(MILESTONE_KINDS)}")


# --- SQL forms of the tables, for views and reports ----------------------------------------
def _case(column: str, mapping: dict, default) -> str:
    whens = " ".join(f"WHEN '{key}' THEN {value}" for key, value in mapping.items())
    return f"CASE {column} {whens} ELSE {default} END"


def status_rank_sql(alias: str = "m") -> str:
    return _case(f"{alias}.status", STATUS_RANK, -1)


def target_rank_sql(alias: str = "m") -> str:
    ranks = {kind: STATUS_RANK[due_target(kind)] for kind in KIND_PATHS}
    return _case(f"{alias}.kind", ranks, STATUS_RANK["completed"])


def reached_sql(alias: str = "m") -> str:
    """True when the milestone has reached the status its due date is for."""
    return f"({status_rank_sql(alias)} >= {target_rank_sql(alias)})"


def can_be_late_sql(alias: str = "m") -> str:
    return f"{alias}.kind NOT IN ({', '.join(repr(k) for k in SELF_EVENTS)})"


def target_on_sql(alias: str = "m") -> str:
    """The date the milestone reached its due target."""
    columns = {kind: f"{alias}.{STEP_COLUMNS[due_target(kind)]}" for kind in KIND_PATHS}
    return _case(f"{alias}.kind", columns, f"{alias}.completed_on")


def closed_sql(alias: str = "m") -> str:
    ends = ", ".join(f"'{s}'" for s in ENDINGS)
    ranks = []
    for kind in KIND_PATHS:
        with_amount = STATUS_RANK[done_status(kind, True)]
        without = STATUS_RANK[done_status(kind, False)]
        ranks.append(
            f"WHEN '{kind}' THEN CASE WHEN {alias}.amount IS NULL THEN {without} "
            f"ELSE {with_amount} END"
        )
    done_rank = f"CASE {alias}.kind {' '.join(ranks)} ELSE 5 END"
    return f"({alias}.status IN ({ends}) OR {status_rank_sql(alias)} >= {done_rank})"
