"""The review queue: extracted values a person should confirm or correct.

An item is a party, key date, milestone, renewal term or notice period the extractor marked
``needs_review`` (its confidence is below the review threshold), or a warning its document
carries. Item ids say what they point at: ``p12`` (party 12), ``k5`` (key date 5), ``m7``
(milestone 7), ``r3`` and ``n3`` (contract 3's renewal term and notice period), ``w3.1`` (the
first warning of contract 3).

Accepting, correcting and rejecting write through tracker/edits.py, like ``contracts edit``:
each is an audit event (who, when, the old and the new value), and re-extraction keeps what a
person settled (tracker/save.py). The confirmed and corrected values are also labelled data:
``gold_lines`` writes them in the evaluation harness' format (``python -m extractor.evaluate
--gold``).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import date

import sqlite_utils

from tracker import edits, schedule
from tracker.queries import COUNTED_CONTRACTS, NotFound

# The one SQL of the queue: the CLI, the web page and the `review_queue` canned query share it.
# :contract is a contract id or '' for all.
COUNTED = COUNTED_CONTRACTS
ITEMS_SQL = f"""
SELECT * FROM (
SELECT 'p' || p.id AS item, p.contract_id, c.title, 'party' AS target, 'party' AS field,
       p.name || COALESCE(' (' || p.role || ')', '') AS value, p.confidence, p.evidence AS quote,
       p.page, 'low confidence' AS reason, c.document_id, 1 AS rank
FROM parties p JOIN contracts c ON c.id = p.contract_id
WHERE p.needs_review AND p.review IS NULL
UNION ALL
SELECT 'k' || k.id, k.contract_id, c.title, 'key_date', k.kind, COALESCE(k.date, '?'),
       k.confidence, k.evidence, k.page, 'low confidence', c.document_id, 2
FROM key_dates k JOIN contracts c ON c.id = k.contract_id
WHERE k.needs_review AND k.review IS NULL
UNION ALL
SELECT 'm' || m.id, m.contract_id, c.title, 'milestone', m.kind,
       m.name || ' · ' || COALESCE(m.due_date, m.rule_text, 'undated')
           || CASE WHEN m.amount IS NOT NULL THEN ' · ' || COALESCE(m.currency, c.currency, '')
                   || ' ' || printf('%,d', CAST(round(m.amount, 2) AS INTEGER))
                   || substr(printf('%.2f', round(m.amount, 2) - CAST(round(m.amount, 2)
                                                                      AS INTEGER)), 2)
                   ELSE '' END,
       m.confidence, m.evidence, m.page, 'low confidence', c.document_id, 3
FROM milestones m JOIN contracts c ON c.id = m.contract_id
WHERE m.needs_review AND m.review IS NULL AND m.status NOT IN ('waived', 'cancelled')
UNION ALL
SELECT 'r' || c.id, c.id, c.title, 'renewal', 'renewal_term',
       CASE WHEN json_extract(c.renewal_term, '$.automatic') THEN 'automatic' ELSE 'optional' END
           || COALESCE(', ' || json_extract(c.renewal_term, '$.value') || ' '
                       || json_extract(c.renewal_term, '$.unit'), ''),
       json_extract(c.renewal_term, '$.confidence'), c.renewal, NULL, 'low confidence',
       c.document_id, 4
FROM contracts c
WHERE json_extract(c.renewal_term, '$.needs_review')
  AND NOT EXISTS (SELECT 1 FROM json_each(c.edited_fields) e WHERE e.value = 'renewal_term')
UNION ALL
SELECT 'n' || c.id, c.id, c.title, 'notice', 'notice_period',
       json_extract(c.notice_period, '$.value') || ' ' || json_extract(c.notice_period, '$.unit'),
       json_extract(c.notice_period, '$.confidence'), c.renewal, NULL, 'low confidence',
       c.document_id, 5
FROM contracts c
WHERE json_extract(c.notice_period, '$.needs_review')
  AND NOT EXISTS (SELECT 1 FROM json_each(c.edited_fields) e WHERE e.value = 'notice_period')
UNION ALL
SELECT 'w' || c.id || '.' || (w.key + 1), c.id, c.title, 'warning', 'warning', w.value, NULL,
       NULL, CAST(substr(w.value, instr(w.value, 'page ') + 5) AS INTEGER), 'warning',
       c.document_id, 6
FROM contracts c JOIN documents d ON d.id = c.document_id, json_each(d.warnings) w
WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.contract_id = c.id AND e.action = 'confirm'
                  AND json_extract(e.details, '$.warning') = w.value)
) AS items
WHERE contract_id IN ({COUNTED}) AND (:contract = '' OR contract_id = CAST(:contract AS INTEGER))
ORDER BY contract_id, rank, item
"""
_ITEM = re.compile(r"^\s*([pkmwrn])(\d+)(?:\.(\d+))?\s*$", re.IGNORECASE)
TARGETS = {"p": "party", "k": "key_date", "m": "milestone", "w": "warning", "r": "renewal",
           "n": "notice"}
# What `review correct` may change on a milestone, and how a value's shape picks one.
MILESTONE_FIELDS = ("name", "due", "rule", "amount", "kind")
_MONEY = re.compile(r"^\s*(?:[A-Z]{3}\s*)?[$€£]?\s*(\d[\d,]*(?:\.\d+)?)\s*(?:[A-Z]{3})?\s*$")


class ReviewError(Exception):
    """An item id or a corrected value that cannot be used."""


@dataclass(frozen=True)
class Item:
    item: str
    contract_id: int
    title: str | None
    target: str  # party, key_date, milestone, renewal, notice, warning
    field: str  # the key date kind, the milestone kind, 'party' or 'warning'
    value: str
    confidence: float | None
    quote: str | None
    page: int | None
    reason: str
    document_id: int

    def to_dict(self) -> dict:
        return asdict(self)


def list_items(db: sqlite_utils.Database, contract_id: int | None = None) -> list[Item]:
    params = {"contract": "" if contract_id is None else str(contract_id)}
    items = []
    for row in db.query(ITEMS_SQL, params):
        row.pop("rank")
        row["page"] = row["page"] or None
        items.append(Item(**row))
    return items


def parse_item(text: str) -> tuple[str, int, int | None]:
    """'m12' -> ('milestone', 12, None); 'w3.2' -> ('warning', 3, 2)."""
    match = _ITEM.match(text or "")
    if not match or (match.group(1).lower() == "w") != bool(match.group(3)):
        raise ReviewError(f"{text!r} is not a review item like p12, k5, m7, r3, n3 or w3.1 "
                          "(see `contracts review`)")  # fmt: skip
    number = int(match.group(3)) if match.group(3) else None
    return TARGETS[match.group(1).lower()], int(match.group(2)), number


def _warning(db: sqlite_utils.Database, contract_id: int, number: int) -> str:
    row = db.execute("SELECT d.warnings FROM contracts c JOIN documents d ON d.id = c.document_id "
                     "WHERE c.id = ?", [contract_id]).fetchone()  # fmt: skip
    if row is None:
        raise NotFound(f"no contract {contract_id} in the store (see `contracts list`)")
    warnings = json.loads(row[0] or "[]")
    if not 1 <= number <= len(warnings):
        raise NotFound(f"contract {contract_id} has no warning {number} (see `contracts review`)")
    return warnings[number - 1]


def accept(db: sqlite_utils.Database, item: str, *, by: str | None = None,
           note: str | None = None, today: date | None = None) -> str:  # fmt: skip
    """Confirm an item; returns a line saying what was done."""
    target, number, sub = parse_item(item)
    if target == "warning":
        warning = _warning(db, number, sub)
        edits.confirm_warning(db, number, warning, note=note, by=by, today=today)
        return f"{item}: warning noted: {warning}"
    if target in edits.CONTRACT_VALUES:
        result = edits.review_contract_value(db, target, number, "confirm", note=note, by=by,
                                             today=today)  # fmt: skip
    else:
        result = edits.confirm_value(db, target, number, note=note, by=by, today=today)
    return f"{item}: confirmed {result.changes['value'][0]}"


def correct(db: sqlite_utils.Database, item: str, value: str, *, field: str | None = None,
            by: str | None = None, note: str | None = None, today: date | None = None,
            holidays: frozenset[date] | None = None) -> str:  # fmt: skip
    """Correct an item's value: a party's name (or role, ``field='role'``), a key date, or a
    milestone's name, due date, due rule, amount or kind (guessed from the value's shape when
    ``field`` is not given)."""
    target, number, _sub = parse_item(item)
    value = (value or "").strip()
    if not value:
        raise ReviewError("--value is empty: give the right value")
    if target == "warning":
        raise ReviewError(f"{item} is a warning, not a value: correct the values it is about "
                          f"and accept it (`contracts review accept {item}`)")  # fmt: skip
    if target == "party":
        if field not in (None, "name", "role"):
            raise ReviewError(f"a party's --field is name or role, not {field!r}")
        result = edits.edit_party(db, number, **{field or "name": value}, by=by, note=note,
                                  today=today)  # fmt: skip
    elif target in edits.CONTRACT_VALUES:
        result = edits.review_contract_value(db, target, number, "edit", value, note=note, by=by,
                                             today=today)  # fmt: skip
        old, new = result.changes["value"]
        return f"{item}: corrected {target}: {old} -> {new}"
    elif target == "key_date":
        result = edits.edit_key_date(db, number, _date(value), by=by, note=note, today=today,
                                     holidays=holidays)  # fmt: skip
    else:
        field = field or guess_field(value)
        kwargs = milestone_change(field, value)
        result = edits.edit_milestone(db, number, **kwargs, by=by, note=note, today=today,
                                      holidays=holidays, review=True)  # fmt: skip
    changed = "; ".join(f"{k}: {v[0]} -> {v[1]}" for k, v in result.changes.items())
    return f"{item}: corrected {changed}"


def reject(db: sqlite_utils.Database, item: str, *, by: str | None = None,
           note: str | None = None, today: date | None = None,
           holidays: frozenset[date] | None = None) -> str:  # fmt: skip
    """Drop a wrongly extracted value; re-extraction will not bring it back."""
    target, number, _sub = parse_item(item)
    if target == "warning":
        raise ReviewError(f"{item} is a warning: accept it once handled "
                          f"(`contracts review accept {item}`)")  # fmt: skip
    if target in edits.CONTRACT_VALUES:
        result = edits.review_contract_value(db, target, number, "reject", note=note, by=by,
                                             today=today)  # fmt: skip
        return f"{item}: rejected {target} {result.changes['value'][0]}"
    result = edits.reject_value(db, target, number, by=by, note=note, today=today,
                                holidays=holidays)  # fmt: skip
    return f"{item}: rejected {result.changes['value'][0]}"


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ReviewError(f"{value!r} is not a date like 2025-06-30") from None


def guess_field(value: str) -> str:
    """What a corrected milestone value is: a date, an amount, a due rule, else a name."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "due"
    if _MONEY.match(value):
        return "amount"
    if re.search(r"\b\d+\s+(?:business\s+)?(?:day|week|month|year)s?\b", value, re.IGNORECASE) and \
            re.search(r"\b(?:after|before|from|following|of)\b", value, re.IGNORECASE):  # fmt: skip
        return "rule"
    return "name"


def milestone_change(field: str, value: str) -> dict:
    """The ``edits.edit_milestone`` keyword for a corrected milestone value."""
    if field == "due":
        return {"due": _date(value)}
    if field == "amount":
        match = _MONEY.match(value)
        if not match:
            raise ReviewError(f"{value!r} is not an amount like 12000 or USD 12,000.00")
        return {"amount": float(match.group(1).replace(",", ""))}
    if field in ("name", "rule", "kind"):
        return {field: value}
    raise ReviewError(f"a milestone's --field is one of {', '.join(MILESTONE_FIELDS)}, "
                      f"not {field!r}")  # fmt: skip


# --- corrections as labelled data ------------------------------------------------------------
def _milestone_gold(row: dict) -> dict:
    gold = {"name": row["name"], "kind": row["kind"], "due_date": row["due_date"],
            "amount": row["amount"], "currency": row["currency"], "percent": row["percent"]}
    if row["rule_offset"] is not None:
        gold["due_rule"] = {"offset": row["rule_offset"], "unit": row["rule_unit"],
                            "direction": row["rule_direction"], "anchor": row["rule_anchor"]}
    if row.get("resolved_from") and row["rule_anchor"] not in schedule.STATIC_ANCHORS:
        gold["due_date"] = None  # dated by what happened (an acceptance), not by the text
    if row["page"]:
        gold["evidence"] = {"page": row["page"]}
    return {key: value for key, value in gold.items() if value is not None}  # fmt: skip


def gold_lines(db: sqlite_utils.Database) -> list[dict]:
    """One object per document with reviewed values, in the shape of an ``expected.json``.

    ``partial`` tells the scorer that the lists hold only the reviewed parties and milestones
    (an extracted one nobody reviewed is not counted wrong); ``rejected`` lists the values a
    person dropped, which count as wrong if the extractor finds them again.
    """
    out = []
    for contract in db.query(
        "SELECT c.id, d.path, d.sha256, d.format FROM contracts c JOIN documents d "
        f"ON d.id = c.document_id WHERE c.id IN ({COUNTED}) ORDER BY c.id"
    ):
        cid = contract["id"]
        line: dict = {"file": contract["path"], "sha256": contract["sha256"], "partial": True}
        for row in db.query("SELECT kind, date FROM key_dates WHERE contract_id = ? AND "
                            "review IS NOT NULL ORDER BY id", [cid]):  # fmt: skip
            if row["kind"] in edits.KEY_DATE_COLUMNS:
                line[row["kind"]] = row["date"]
        parties = [{"name": r["name"], "role": r["role"]} for r in db.query(
            "SELECT name, role FROM parties WHERE contract_id = ? AND review IS NOT NULL "
            "ORDER BY id", [cid])]  # fmt: skip
        milestones = [_milestone_gold(r) for r in db.query(
            "SELECT * FROM milestones WHERE contract_id = ? AND review IN "
            "('confirmed', 'corrected') ORDER BY seq, id", [cid])]  # fmt: skip
        rejected = _rejected(db, cid, line)
        if parties:
            line["parties"] = parties
        if milestones:
            line["milestones"] = milestones
        if rejected:
            line["rejected"] = rejected
        if len(line) > 3:
            out.append(line)
    return out


def _rejected(db, contract_id: int, line: dict) -> dict:
    rejected: dict[str, list] = {}
    for (details,) in db.execute("SELECT details FROM events WHERE contract_id = ? AND "
                                 "action = 'reject' ORDER BY id", [contract_id]):  # fmt: skip
        details = json.loads(details or "{}")
        if details.get("target") == "party":
            rejected.setdefault("parties", []).append({"name": details["name"]})
        elif details.get("target") == "milestone":
            rejected.setdefault("milestones", []).append(_milestone_gold(details["milestone"]))
        elif details.get("target") == "key_date" and details["kind"] in edits.KEY_DATE_COLUMNS:
            line.setdefault(details["kind"], None)  # "the contract has none"
    return rejected


def gold_jsonl(db: sqlite_utils.Database) -> str:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in gold_lines(db))
