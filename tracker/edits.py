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

from models import Milestone, Period, RenewalTerm
from tracker import lifecycle, schedule
from tracker.queries import NotFound
from tracker.save import MILESTONE_FIELDS, milestone_key, milestone_row, now
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
    rule: str | None = None,
    note: str | None = None,
    by: str | None = None,
    today: date | None = None,
    holidays: frozenset[date] | None = None,
    review: bool = False,
) -> EditResult:
    """Change the given fields; ``due=AUTO`` returns the due date to its rule.

    ``done_on`` corrects the date the milestone reached its current status (for instance the
    real approval date): relative deadlines hanging on it move, and the log says so. ``rule``
    replaces the relative deadline ("30 days after acceptance"). ``review`` marks the milestone
    corrected in review: it leaves the review queue and keeps its values on re-extraction.
    """
    if all(v is None for v in (name, kind, due, amount, currency, done_on, rule)):
        raise EditError("nothing to change: give --name, --kind, --due, --rule, --amount, "
                        "--currency or --done-on")  # fmt: skip
    due_rule = parse_rule(rule) if rule is not None else None
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
        if due_rule is not None:
            _edit_rule(row, due_rule, sets, changes, edited)
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
        if review:
            sets.update(review="corrected", needs_review=0)
            edited += [f for f in ("needs_review",) if f not in edited]
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
            "details": json.dumps({"changes": changes, **({"review": True} if review else {})}),
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


RULE_COLUMNS = ("rule_text", "rule_offset", "rule_unit", "rule_direction", "rule_anchor")


def _edit_rule(row: dict, rule, sets: dict, changes: dict, edited: list) -> None:
    new = {"rule_text": rule.text, "rule_offset": rule.offset, "rule_unit": rule.unit,
           "rule_direction": rule.direction, "rule_anchor": rule.anchor}  # fmt: skip
    if all(row[column] == value for column, value in new.items()):
        return
    sets.update(new)
    changes["due_rule"] = [row["rule_text"], rule.text]
    edited += [column for column in RULE_COLUMNS if column not in edited]
    if "due_date" not in edited:  # the date now follows the new rule (resolved right after)
        sets["due_date"], sets["resolved_from"] = None, None


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


# --- parties and key dates; confirming and rejecting extracted values ------------------------
# The contract column a key date of each kind fills (a signing date has none).
KEY_DATE_COLUMNS = {"agreement_date": "agreement_date", "effective_date": "effective_date",
                    "expiration_date": "expiration_date"}  # fmt: skip
VALUE_TABLES = {"party": "parties", "key_date": "key_dates", "milestone": "milestones"}


@dataclass(frozen=True)
class ValueEdit:
    """What a correction, confirmation or rejection of one extracted value did."""

    target: str  # party, key_date, milestone
    row_id: int
    contract_id: int
    action: str  # edit, confirm, reject
    changes: dict  # field -> [old, new]
    event_id: int
    resolutions: tuple[schedule.Resolution, ...] = ()


def _value_row(db: sqlite_utils.Database, target: str, row_id: int) -> dict:
    if target not in VALUE_TABLES:
        raise EditError(f"cannot review a {target}: only parties, key dates and milestones")
    rows = list(db.query(f"SELECT * FROM {VALUE_TABLES[target]} WHERE id = ?", [row_id]))
    if not rows:
        noun = target.replace("_", " ")
        raise NotFound(f"no {noun} {row_id} in the store (see `contracts review`)")
    return rows[0]


def _log(db, row: dict, target: str, action: str, actor: str, today: date, note: str | None,
         details: dict) -> int:  # fmt: skip
    return insert_row(db, "events", {
        "contract_id": row["contract_id"],
        "milestone_id": row["id"] if target == "milestone" and action != "reject" else None,
        "action": action,
        "occurred_on": today.isoformat(),
        "recorded_at": now(),
        "actor": actor,
        "note": note,
        "details": json.dumps({"target": target, "id": row["id"], **details}),
    })  # fmt: skip


def _set_contract_date(db, contract_id: int, kind: str, value: str | None) -> list:
    """Mirror a key date on its contract column, marked edited so re-extraction keeps it."""
    column = KEY_DATE_COLUMNS.get(kind)
    if column is None:
        return []
    old, edited = db.execute(f"SELECT [{column}], edited_fields FROM contracts WHERE id = ?",
                             [contract_id]).fetchone()  # fmt: skip
    edited = list(json.loads(edited or "[]"))
    if column not in edited:
        edited.append(column)
    db.execute(f"UPDATE contracts SET [{column}] = ?, edited_fields = ?, updated_at = ? "
               "WHERE id = ?", [value, json.dumps(edited), now(), contract_id])  # fmt: skip
    return [old, value]


def edit_party(db: sqlite_utils.Database, party_id: int, *, name: str | None = None,
               role: str | None = None, note: str | None = None, by: str | None = None,
               today: date | None = None) -> ValueEdit:  # fmt: skip
    """Correct a party's name or role; the party is then kept by re-extraction."""
    if name is not None and not name.strip():
        raise EditError("the party's name is empty: give its name as the contract writes it")
    today, actor = today or date.today(), lifecycle.actor_name(by)
    with transaction(db):
        row = _value_row(db, "party", party_id)
        changes = {key: [row[key], value.strip()] for key, value in (("name", name), ("role", role))
                   if value is not None and value.strip() != row[key]}  # fmt: skip
        if not changes:
            raise EditError(f"party {party_id} already has these values: nothing changed")
        db.execute(
            "UPDATE parties SET name = ?, role = ?, review = 'corrected', needs_review = 0, "
            "extracted_name = COALESCE(extracted_name, ?) WHERE id = ?",
            [changes.get("name", [0, row["name"]])[1], changes.get("role", [0, row["role"]])[1],
             row["name"], party_id],
        )  # fmt: skip
        event_id = _log(db, row, "party", "edit", actor, today, note, {"changes": changes})
    return ValueEdit("party", party_id, row["contract_id"], "edit", changes, event_id)


def edit_key_date(db: sqlite_utils.Database, key_date_id: int, value: date, *,
                  note: str | None = None, by: str | None = None, today: date | None = None,
                  holidays: frozenset[date] | None = None) -> ValueEdit:  # fmt: skip
    """Correct a key date (and its contract column); deadlines that hang on it move."""
    if not isinstance(value, date):
        raise EditError(f"a key date must be a date like 2025-06-30, got {value!r}")
    today, actor = today or date.today(), lifecycle.actor_name(by)
    with transaction(db):
        row = _value_row(db, "key_date", key_date_id)
        if row["date"] == value.isoformat():
            raise EditError(f"key date {key_date_id} is already {value.isoformat()}: nothing "
                            "changed (accept it instead)")  # fmt: skip
        db.execute("UPDATE key_dates SET date = ?, approximate = 0, review = 'corrected', "
                   "needs_review = 0 WHERE id = ?", [value.isoformat(), key_date_id])  # fmt: skip
        changes = {row["kind"]: [row["date"], value.isoformat()]}
        _set_contract_date(db, row["contract_id"], row["kind"], value.isoformat())
        event_id = _log(db, row, "key_date", "edit", actor, today, note, {"changes": changes})
        resolutions = schedule.resolve_contract(
            db, row["contract_id"], actor=actor, cause=f"correction of {row['kind']}", on=today,
            holidays=holidays,
        )  # fmt: skip
    return ValueEdit("key_date", key_date_id, row["contract_id"], "edit", changes, event_id,
                     tuple(resolutions))  # fmt: skip


def _milestone_value_fields(row: dict) -> list[str]:
    fields = [f for f in ("name", "kind", "amount", "currency", "percent") if row[f] is not None]
    if row["due_date"] is not None and row["resolved_from"] is None:
        fields.append("due_date")
    if row["rule_offset"] is not None:
        fields += list(RULE_COLUMNS)
    return fields + ["needs_review"]


def confirm_value(db: sqlite_utils.Database, target: str, row_id: int, *,
                  note: str | None = None, by: str | None = None,
                  today: date | None = None) -> ValueEdit:  # fmt: skip
    """A person confirms an extracted value: it leaves the review queue and re-extraction
    keeps it as it is."""
    today, actor = today or date.today(), lifecycle.actor_name(by)
    with transaction(db):
        row = _value_row(db, target, row_id)
        table = VALUE_TABLES[target]
        sets = {"review": "confirmed", "needs_review": 0}
        if target == "milestone":
            edited = list(json.loads(row["edited_fields"] or "[]"))
            edited += [f for f in _milestone_value_fields(row) if f not in edited]
            sets.update(edited_fields=json.dumps(edited), updated_at=now())
        elif target == "key_date" and row["date"]:
            _set_contract_date(db, row["contract_id"], row["kind"], row["date"])
        columns = ", ".join(f"[{key}] = ?" for key in sets)
        db.execute(f"UPDATE {table} SET {columns} WHERE id = ?", [*sets.values(), row_id])
        value = _shown_value(target, row)
        event_id = _log(db, row, target, "confirm", actor, today, note, {"value": value})
    return ValueEdit(target, row_id, row["contract_id"], "confirm", {"value": [value, value]},
                     event_id)  # fmt: skip


def confirm_warning(db: sqlite_utils.Database, contract_id: int, warning: str, *,
                    note: str | None = None, by: str | None = None,
                    today: date | None = None) -> int:  # fmt: skip
    """A person has seen a document warning and dealt with it; returns the event id."""
    today, actor = today or date.today(), lifecycle.actor_name(by)
    with transaction(db):
        return insert_row(db, "events", {
            "contract_id": contract_id, "action": "confirm", "occurred_on": today.isoformat(),
            "recorded_at": now(), "actor": actor, "note": note,
            "details": json.dumps({"target": "warning", "warning": warning}),
        })  # fmt: skip


def reject_value(db: sqlite_utils.Database, target: str, row_id: int, *,
                 note: str | None = None, by: str | None = None, today: date | None = None,
                 holidays: frozenset[date] | None = None) -> ValueEdit:  # fmt: skip
    """Drop a wrongly extracted value; re-extraction will not bring it back.

    Only a milestone nobody has worked on can be dropped: one with steps or corrections is
    cancelled or edited instead.
    """
    today, actor = today or date.today(), lifecycle.actor_name(by)
    with transaction(db):
        row = _value_row(db, target, row_id)
        details: dict = {"value": _shown_value(target, row)}
        drop = "delete"
        if target == "milestone":
            drop = _drop_mode(db, row)
            details["key"] = milestone_key(row["name"], row["kind"])
            details["milestone"] = {k: row[k] for k in (*MILESTONE_FIELDS, "status")}
        elif target == "party":
            details["name"] = row["extracted_name"] or row["name"]
        else:
            details["kind"] = row["kind"]
        if drop == "delete":
            event_id = _log(db, row, target, "reject", actor, today, note, details)
            db.execute(f"DELETE FROM {VALUE_TABLES[target]} WHERE id = ?", [row_id])
        else:
            db.execute("UPDATE milestones SET status = 'cancelled', status_date = ?, "
                       "review = 'rejected', needs_review = 0, updated_at = ? WHERE id = ?",
                       [today.isoformat(), now(), row_id])  # fmt: skip
            event_id = insert_row(db, "events", {
                "contract_id": row["contract_id"], "milestone_id": row_id, "action": "reject",
                "from_status": row["status"], "to_status": "cancelled",
                "occurred_on": today.isoformat(), "recorded_at": now(), "actor": actor,
                "note": note, "details": json.dumps({"target": target, "id": row_id, **details}),
            })  # fmt: skip
        if target == "key_date" and not db.execute(
            "SELECT 1 FROM key_dates WHERE contract_id = ? AND kind = ?",
            [row["contract_id"], row["kind"]],
        ).fetchone():
            _set_contract_date(db, row["contract_id"], row["kind"], None)
        resolutions = schedule.resolve_contract(
            db, row["contract_id"], actor=actor, cause=f"rejection of {target} {row_id}",
            on=today, holidays=holidays,
        )  # fmt: skip
    return ValueEdit(target, row_id, row["contract_id"], "reject",
                     {"value": [details["value"], None]}, event_id, tuple(resolutions))  # fmt: skip


def _drop_mode(db, row: dict) -> str:
    """'delete' for a milestone no event refers to; 'cancel' when only automatic entries
    (rescheduling) refer to it, since the audit log keeps its rows."""
    if row["source"] != "extracted":
        raise EditError(f"milestone {row['id']} was added by a person: cancel it instead "
                        f"(`contracts cancel {row['id']}`)")  # fmt: skip
    actions = {a for (a,) in db.execute(
        "SELECT DISTINCT action FROM events WHERE milestone_id = ?", [row["id"]])}  # fmt: skip
    if row["status"] != "pending" or actions - {"resolve"}:
        raise EditError(f"milestone {row['id']} has recorded steps, corrections or a review: "
                        f"cancel it instead (`contracts cancel {row['id']}`)")  # fmt: skip
    return "cancel" if actions else "delete"


def _shown_value(target: str, row: dict) -> str:
    if target == "party":
        return row["name"] + (f" ({row['role']})" if row["role"] else "")
    if target == "key_date":
        return row["date"] or ""
    parts = [row["name"], row["kind"], row["due_date"] or row["rule_text"] or "undated"]
    if row["amount"] is not None:
        parts.append(f"{row['currency'] or ''} {row['amount']:,.2f}".strip())
    return " · ".join(parts)


# --- renewal term and notice period (contract columns) ---------------------------------------
# review target -> (the JSON column, the free-text column shown beside it)
CONTRACT_VALUES = {"renewal": ("renewal_term", "renewal"), "notice": ("notice_period", None)}
_RENEWAL = re.compile(r"^(?:(automatic(?:ally)?|auto|optional)\b[\s,]*)?(?:(\d+)\s*([a-z ]+?))?\s*$",
                      re.IGNORECASE)


def parse_renewal(text: str) -> RenewalTerm | None:
    """'automatic, 1 year', '2 years' (automatic), 'optional 1 year', 'automatic', 'none'."""
    text = text.strip().lower()
    if text in ("none", "no", "no renewal"):
        return None
    match = _RENEWAL.match(text)
    if not match or not (match.group(1) or match.group(2)):
        raise EditError(f"{text!r} is not a renewal like 'automatic, 1 year', 'optional 2 years', "
                        "'automatic' or 'none'")  # fmt: skip
    how = (match.group(1) or "automatic").lower()
    if match.group(2) is None:
        return RenewalTerm(how != "optional")
    period = parse_period(f"{match.group(2)} {match.group(3)}")
    return RenewalTerm(how != "optional", period.value, period.unit)


def parse_period(text: str) -> Period:
    """'60 days', '3 months', '10 business days'."""
    match = re.fullmatch(r"(\d+)\s*(business days?|days?|weeks?|months?|years?)", text.strip().lower())
    if not match:
        raise EditError(f"{text!r} is not a period like '60 days', '3 months' or '1 year'")
    unit = match.group(2) if match.group(2).endswith("s") else match.group(2) + "s"
    return Period(int(match.group(1)), unit.replace(" ", "_"))


def _contract_value(db: sqlite_utils.Database, target: str, contract_id: int) -> dict:
    column, _text = CONTRACT_VALUES[target]
    rows = list(db.query(f"SELECT id, [{column}] AS value, renewal, edited_fields FROM contracts "
                         "WHERE id = ?", [contract_id]))  # fmt: skip
    if not rows:
        raise NotFound(f"no contract {contract_id} in the store (see `contracts list`)")
    return rows[0]


def _shown_contract_value(target: str, data: str | None) -> str:
    value = (RenewalTerm if target == "renewal" else Period).from_dict(data)
    return str(value) if value is not None else "none"


def review_contract_value(db: sqlite_utils.Database, target: str, contract_id: int, action: str,
                          value: str | None = None, *, note: str | None = None,
                          by: str | None = None, today: date | None = None) -> ValueEdit:  # fmt: skip
    """Confirm, correct (``value``: 'automatic, 1 year', '60 days', 'none') or reject a
    contract's renewal term or notice period. Either way it leaves the review queue and
    re-extraction keeps it (the column is listed in ``edited_fields``); renewals, notice
    deadlines and the digest follow it."""
    today, actor = today or date.today(), lifecycle.actor_name(by)
    column, text_column = CONTRACT_VALUES[target]
    with transaction(db):
        row = _contract_value(db, target, contract_id)
        old = _shown_contract_value(target, row["value"])
        if action == "confirm":
            if not row["value"]:
                raise EditError(f"contract {contract_id} has no {target} to confirm")
            data = json.loads(row["value"])
            data.pop("needs_review", None)
            new_value = data
        elif action == "reject":
            new_value = None
        else:
            parsed = parse_renewal(value or "") if target == "renewal" else (
                None if (value or "").strip().lower() in ("none", "no") else parse_period(value or ""))
            new_value = parsed.to_dict() if parsed is not None else None
        new_json = json.dumps(new_value) if new_value is not None else None
        new = _shown_contract_value(target, new_json)
        if action == "edit" and new == old:
            raise EditError(f"contract {contract_id}'s {target} is already {old}: nothing changed "
                            "(accept it instead)")  # fmt: skip
        edited = list(json.loads(row["edited_fields"] or "[]"))
        edited += [c for c in (column, text_column) if c and c not in edited]
        sets = {column: new_json, "edited_fields": json.dumps(edited), "updated_at": now()}
        if text_column and action != "confirm":
            sets[text_column] = None if new_value is None else new
        db.execute(f"UPDATE contracts SET {', '.join(f'[{k}] = ?' for k in sets)} WHERE id = ?",
                   [*sets.values(), contract_id])  # fmt: skip
        details = {"target": target, "id": contract_id,
                   **({"value": old} if action == "confirm" else {"changes": {target: [old, new]}})}
        event_id = insert_row(db, "events", {
            "contract_id": contract_id, "milestone_id": None, "action": action,
            "occurred_on": today.isoformat(), "recorded_at": now(), "actor": actor, "note": note,
            "details": json.dumps(details),
        })  # fmt: skip
    return ValueEdit(target, contract_id, contract_id, action, {"value": [old, new]}, event_id)


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
