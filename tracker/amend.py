"""Apply what amendments state to their parent contract, each change an entry of the audit log.

For one parent, the changes of every linked amendment (``Contract.family.changes``, read by
extractor.nlp.amendments) are replayed in the amendments' order — their date, then number, then
file — so the result does not depend on the order the files arrived in. Each change resolves to
a target: a milestone's due date or amount, the contract's expiration date (and its expiration
milestone) or total value, or a milestone the amendment adds. Only the final value of each
target is written, with an ``amend`` event that quotes the amendment (file, page, sentence).

``applied_changes`` is the ledger: per amendment change and target, its status — ``applied``,
``superseded`` (a later amendment changed the same thing), ``conflict`` (a person edited that
field: their value stays, and the event says what the amendment would have set), ``unmatched``
(no milestone of that name) or ``reverted`` (the amendment was unlinked: the value it replaced
is put back unless someone changed it since). Replaying is idempotent: a change already in
force writes nothing and logs nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from models import Change, Contract
from tracker.save import milestone_row, now
from tracker.store import insert_row

_WORD = re.compile(r"[a-z0-9]+")
# Words that do not tell one milestone from another in an amendment's wording.
TARGET_STOPWORDS = frozenset({"the", "of", "for", "a", "an", "and", "to", "on", "upon", "due",
                              "payment", "fee", "fees", "milestone", "amount", "date"})  # fmt: skip
MATCH_THRESHOLD = 0.6
DATE_FIELDS = ("due_date", "expiration_date")


@dataclass
class Step:
    """One change of one amendment, resolved against the parent."""

    amendment: dict
    index: int
    change: Change
    target: str  # "m12:due_date", "m12:amount", "contract:expiration_date", "add:7:0", ...
    field: str
    value: object
    milestone_id: int | None = None

    @property
    def key(self) -> tuple:
        return (self.amendment["id"], self.index, self.target)


def _words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").lower())) - TARGET_STOPWORDS


def match_milestone(target: str, milestones: list[dict]) -> dict | None:
    """The milestone an amendment names: same name, else the one sharing the most distinctive
    words ("Milestone 2 (Beta Release)" -> "Milestone 2 (Beta Release)"; numbers count)."""
    live = [m for m in milestones if m["status"] not in ("cancelled", "waived")] or milestones
    plain = " ".join(_WORD.findall(target.lower()))
    for milestone in live:
        if " ".join(_WORD.findall(milestone["name"].lower())) == plain:
            return milestone
    want = _words(target)
    if not want:
        return None
    scored = sorted(((len(want & _words(m["name"])) / len(want), m["id"], m) for m in live),
                    key=lambda item: (-item[0], item[1]))  # fmt: skip
    if not scored or scored[0][0] < MATCH_THRESHOLD:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # two milestones fit as well: a person decides
    return scored[0][2]


# --- reading the parent and its amendments -----------------------------------------------------
def _amendments(db: sqlite_utils.Database, parent_id: int) -> list[dict]:
    from tracker.families import in_force

    rows = list(db.query(
        "SELECT c.id, c.title, d.path FROM contracts c JOIN documents d ON d.id = c.document_id "
        "WHERE c.parent_id = ? AND c.family_role = 'amendment'", [parent_id]
    ))  # fmt: skip
    for row in rows:
        contract = in_force(db, row["id"])
        row["reading"] = contract
        row["date"] = contract.effective_date or contract.agreement_date
        row["number"] = contract.family.number if contract.family else None
        row["label"] = _label(row, contract)
    return sorted(rows, key=lambda r: (r["date"] or date.max, r["number"] or 0, r["path"]))


def _label(row: dict, contract: Contract) -> str:
    title = (row["title"] or "amendment").strip()
    return f"contract {row['id']} ({title})"


def _changes(contract: Contract) -> tuple[Change, ...]:
    return contract.family.changes if contract.family else ()


def _ledger(db, parent_id: int) -> dict[tuple, dict]:
    return {(r["amendment_id"], r["change_index"], r["target"]): r for r in db.query(
        "SELECT * FROM applied_changes WHERE parent_id = ?", [parent_id])}  # fmt: skip


class Parent:
    """The parent's current values, read once and kept in step with what is written."""

    def __init__(self, db: sqlite_utils.Database, parent_id: int) -> None:
        self.db, self.id = db, parent_id
        self.row = dict(next(db.query("SELECT * FROM contracts WHERE id = ?", [parent_id])))
        self.milestones = list(db.query(
            "SELECT * FROM milestones WHERE contract_id = ? ORDER BY seq, id", [parent_id]))  # fmt: skip
        self.by_id = {m["id"]: m for m in self.milestones}

    def current(self, target: str):
        owner, _, name = target.partition(":")
        if owner == "contract":
            return self.row[name]
        if owner.startswith("m"):
            return self.by_id[int(owner[1:])][name]
        return None

    def edited(self, target: str) -> bool:
        owner, _, name = target.partition(":")
        if owner == "contract":
            return name in json.loads(self.row["edited_fields"] or "[]")
        if owner.startswith("m"):
            return name in json.loads(self.by_id[int(owner[1:])]["edited_fields"] or "[]")
        return False

    def write(self, target: str, value) -> None:
        owner, _, name = target.partition(":")
        stamp = now()
        if owner == "contract":
            self.db.execute(f"UPDATE contracts SET [{name}] = ?, updated_at = ? WHERE id = ?",
                            [value, stamp, self.id])  # fmt: skip
            if name == "expiration_date":
                self.db.execute("UPDATE key_dates SET date = ? WHERE contract_id = ? "
                                "AND kind = 'expiration_date'", [value, self.id])  # fmt: skip
            self.row[name] = value
            return
        milestone_id = int(owner[1:])
        self.db.execute(f"UPDATE milestones SET [{name}] = ?, updated_at = ? WHERE id = ?",
                        [value, stamp, milestone_id])  # fmt: skip
        self.by_id[milestone_id][name] = value


# --- resolving changes to targets --------------------------------------------------------------
def _steps(parent: Parent, amendment: dict, index: int, change: Change,
           state: dict, baseline) -> list[Step] | str:  # fmt: skip
    """The targets of one change, or why it has none."""
    def step(target, name, value, milestone_id=None):
        return Step(amendment, index, change, target, name, value, milestone_id)

    if change.kind in ("due_date", "amount"):
        milestone = match_milestone(change.target or "", parent.milestones) if change.target \
            else None  # fmt: skip
        if change.kind == "amount" and change.target is None:
            return [step("contract:total_value", "total_value", change.amount)]
        if milestone is None:
            return f"no milestone of contract {parent.id} matches {change.target!r}"
        if change.kind == "due_date":
            return [step(f"m{milestone['id']}:due_date", "due_date", change.new_date.isoformat(),
                         milestone["id"])]
        return [step(f"m{milestone['id']}:amount", "amount", change.amount, milestone["id"])]
    if change.kind in ("expiration", "term"):
        target = "contract:expiration_date"
        if change.kind == "expiration":
            new = change.new_date
        else:
            from tracker.schedule import add_offset

            end = state.get(target, baseline(target))
            if not end:
                return f"the term of contract {parent.id} has no end date to extend"
            new = add_offset(date.fromisoformat(end), change.period.value, change.period.unit)
        steps = [step(target, "expiration_date", new.isoformat())]
        for milestone in parent.milestones:
            if milestone["kind"] == "expiration" and milestone["status"] != "cancelled":
                steps.append(step(f"m{milestone['id']}:due_date", "due_date", new.isoformat(),
                                  milestone["id"]))
                break
        return steps
    if change.kind == "add_milestone":
        return [step(f"add:{amendment['id']}:{index}", "added",
                     change.new_date.isoformat() if change.new_date else change.amount)]
    return f"unknown change {change.kind}"


# --- applying ----------------------------------------------------------------------------------
def apply_amendments(db: sqlite_utils.Database, parent_id: int, actor: str) -> list[dict]:
    """Replay the parent's amendments in the caller's transaction; returns what was written."""
    parent = Parent(db, parent_id)
    ledger = _ledger(db, parent_id)

    def baseline(target: str):
        current = parent.current(target)
        for row in ledger.values():
            if row["target"] == target and row["status"] == "applied" \
                    and json.loads(row["new"]) == current:  # fmt: skip
                return json.loads(row["old"])
        return current

    state: dict = {}
    by_target: dict[str, list[Step]] = {}
    seen: set[tuple] = set()
    written: list[dict] = []
    for amendment in _amendments(db, parent_id):
        for index, change in enumerate(_changes(amendment["reading"])):
            steps = _steps(parent, amendment, index, change, state, baseline)
            if isinstance(steps, str):
                key = (amendment["id"], index, f"?{index}")
                seen.add(key)
                _unmatched(db, parent, ledger.get(key), amendment, index, change, steps, actor)
                continue
            for item in steps:
                state[item.target] = item.value
                by_target.setdefault(item.target, []).append(item)
                seen.add(item.key)
    for target, items in by_target.items():
        for earlier in items[:-1]:
            _record(db, parent, earlier, ledger.get(earlier.key), "superseded", None, None)
        last = items[-1]
        if target.startswith("add:"):
            written += _add(db, parent, last, ledger.get(last.key), actor)
        else:
            written += _set(db, parent, last, ledger.get(last.key), baseline(target), actor)
    for key, row in ledger.items():
        if key not in seen and row["status"] in ("applied", "conflict"):
            written += _revert(db, parent, row, state, actor)
    return written


def _set(db, parent: Parent, step: Step, previous: dict | None, base, actor: str) -> list[dict]:
    current = parent.current(step.target)
    if parent.edited(step.target):
        if previous and previous["status"] == "conflict" and json.loads(previous["new"]) == step.value:
            return []
        event = _event(db, parent, step, current, step.value, actor, "amend-conflict",
                       prefix="not applied: a person's edit stays")  # fmt: skip
        _record(db, parent, step, previous, "conflict", base, event)
        return []
    logged = previous is not None and previous["status"] == "applied" \
        and json.loads(previous["new"]) == step.value  # fmt: skip
    if current == step.value or logged:
        # Already in force, or already logged and since reset by a new reading of the parent
        # (`ingest --reextract`, a better version): set again without a second entry.
        if current != step.value:
            parent.write(step.target, step.value)
        _record(db, parent, step, previous, "applied", base,
                previous["event_id"] if previous else None)  # fmt: skip
        return []
    parent.write(step.target, step.value)
    event = _event(db, parent, step, current, step.value, actor, "amend")
    _record(db, parent, step, previous, "applied", base, event)
    return [{"target": step.target, "field": step.field, "old": current, "new": step.value,
             "milestone_id": step.milestone_id, "amendment_id": step.amendment["id"]}]  # fmt: skip


def _add(db, parent: Parent, step: Step, previous: dict | None, actor: str) -> list[dict]:
    milestone_id = previous["milestone_id"] if previous else None
    existing = parent.by_id.get(milestone_id) if milestone_id else None
    if existing is not None:
        if existing["status"] == "cancelled" and previous["status"] == "reverted":
            db.execute("UPDATE milestones SET status = 'pending', status_date = NULL, "
                       "updated_at = ? WHERE id = ?", [now(), milestone_id])  # fmt: skip
            event = _event(db, parent, step, None, step.value, actor, "amend",
                           milestone_id=milestone_id, prefix="added again")  # fmt: skip
            _record(db, parent, step, previous, "applied", None, event, milestone_id)
            return [{"target": step.target, "field": "added", "old": None, "new": step.value,
                     "milestone_id": milestone_id, "amendment_id": step.amendment["id"]}]
        return []
    milestone = step.change.milestone
    if milestone.currency is None and parent.row["currency"]:
        from dataclasses import replace

        milestone = replace(milestone, currency=parent.row["currency"])
    stamp = now()
    seq = max((m["seq"] for m in parent.milestones), default=-1) + 1
    milestone_id = insert_row(db, "milestones", {
        "contract_id": parent.id, "seq": seq, **milestone_row(milestone), "source": "amendment",
        "created_at": stamp, "updated_at": stamp,
    })  # fmt: skip
    added = dict(next(db.query("SELECT * FROM milestones WHERE id = ?", [milestone_id])))
    parent.milestones.append(added)
    parent.by_id[milestone_id] = added
    event = _event(db, parent, step, None, step.value, actor, "amend", milestone_id=milestone_id)
    _record(db, parent, step, previous, "applied", None, event, milestone_id)
    return [{"target": step.target, "field": "added", "old": None, "new": step.value,
             "milestone_id": milestone_id, "amendment_id": step.amendment["id"]}]


def _revert(db, parent: Parent, row: dict, state: dict, actor: str) -> list[dict]:
    """An amendment no longer linked: put back what it replaced, unless changed since."""
    target = row["target"]
    stamp = now()
    db.execute("UPDATE applied_changes SET status = 'reverted', recorded_at = ? WHERE id = ?",
               [stamp, row["id"]])  # fmt: skip
    note = f"taken back: contract {row['amendment_id']} is no longer an amendment of this contract"
    if target.startswith("add:"):
        milestone = parent.by_id.get(row["milestone_id"])
        if milestone is None or milestone["status"] != "pending":
            return []  # work has started on it: a person decides
        db.execute("UPDATE milestones SET status = 'cancelled', status_date = ?, updated_at = ? "
                   "WHERE id = ?", [date.today().isoformat(), stamp, milestone["id"]])  # fmt: skip
        milestone["status"] = "cancelled"
        _log(db, parent.id, milestone["id"], "amend-revert", actor, note,
             {"field": "added", "old": json.loads(row["new"]), "new": None,
              "amendment_id": row["amendment_id"]}, from_status="pending", to_status="cancelled")
        return [{"target": target, "field": "added", "old": json.loads(row["new"]), "new": None}]
    if target in state or target.startswith("?") or row["status"] != "applied":
        return []
    new, old = json.loads(row["new"]), json.loads(row["old"])
    if parent.current(target) != new or parent.edited(target):
        return []
    parent.write(target, old)
    milestone_id = int(target.split(":")[0][1:]) if target.startswith("m") else None
    _log(db, parent.id, milestone_id, "amend-revert", actor, note,
         {"field": row["field"], "old": new, "new": old, "amendment_id": row["amendment_id"]})
    return [{"target": target, "field": row["field"], "old": new, "new": old}]


def _unmatched(db, parent: Parent, previous: dict | None, amendment: dict, index: int,
               change: Change, why: str, actor: str) -> None:  # fmt: skip
    if previous is not None:
        return
    step = Step(amendment, index, change, f"?{index}", change.kind, None)
    event = _event(db, parent, step, None, None, actor, "amend-unmatched",
                   prefix=f"not applied: {why}; apply it with `contracts edit` or `contracts add`")
    _record(db, parent, step, None, "unmatched", None, event)


def _record(db, parent: Parent, step: Step, previous: dict | None, status: str, base,
            event_id, milestone_id: int | None = None) -> None:  # fmt: skip
    values = {"milestone_id": milestone_id or step.milestone_id, "field": step.field,
              "old": json.dumps(base), "new": json.dumps(step.value), "status": status,
              "event_id": event_id, "recorded_at": now()}  # fmt: skip
    if previous is None:
        insert_row(db, "applied_changes", {"amendment_id": step.amendment["id"],
                                           "parent_id": parent.id, "change_index": step.index,
                                           "target": step.target, **values})  # fmt: skip
        return
    if previous["status"] == status and json.loads(previous["new"]) == step.value \
            and previous["event_id"] == event_id:  # fmt: skip
        return
    sets = ", ".join(f"[{k}] = ?" for k in values)
    db.execute(f"UPDATE applied_changes SET {sets} WHERE id = ?", [*values.values(), previous["id"]])


# --- the audit log -----------------------------------------------------------------------------
FIELD_NAMES = {"due_date": "due date", "amount": "amount", "expiration_date": "expiration date",
               "total_value": "total value", "added": "added milestone"}  # fmt: skip


def _event(db, parent: Parent, step: Step, old, new, actor: str, action: str,
           milestone_id: int | None = None, prefix: str | None = None) -> int:  # fmt: skip
    evidence = step.change.evidence
    amendment = step.amendment
    what = FIELD_NAMES.get(step.field, step.field)
    target = step.change.target
    head = f"{amendment['label']}: {what}"
    if target and step.field != "added":
        head += f" of {target!r}"
    elif step.field == "added":
        head += f" {target!r}"
    if prefix:
        head = f"{head} ({prefix})"
    where = f"{amendment['path']}, p. {evidence.page}" if evidence else amendment["path"]
    quote = f": “{evidence.text}”" if evidence else ""
    details = {"field": step.field, "old": old, "new": new, "amendment_id": amendment["id"],
               "change": step.index, "file": amendment["path"],
               "page": evidence.page if evidence else None,
               "quote": evidence.text if evidence else None, "target": target}  # fmt: skip
    return _log(db, parent.id, milestone_id or step.milestone_id, action, actor,
                f"{head} — {where}{quote}", details, occurred_on=amendment["date"])


def _log(db, contract_id: int, milestone_id: int | None, action: str, actor: str, note: str,
         details: dict, occurred_on: date | None = None, from_status: str | None = None,
         to_status: str | None = None) -> int:  # fmt: skip
    return insert_row(db, "events", {
        "contract_id": contract_id, "milestone_id": milestone_id, "action": action,
        "from_status": from_status, "to_status": to_status,
        "occurred_on": (occurred_on or date.today()).isoformat(), "recorded_at": now(),
        "actor": actor, "note": note, "details": json.dumps(details),
    })  # fmt: skip


def changes_of(db: sqlite_utils.Database, parent_id: int,
               amendment_id: int | None = None) -> list[dict]:  # fmt: skip
    """The ledger of a parent (or of one amendment on it), oldest first, with milestone names."""
    where = "a.parent_id = ?" + (" AND a.amendment_id = ?" if amendment_id else "")
    params = [parent_id] + ([amendment_id] if amendment_id else [])
    return [dict(r, old=json.loads(r["old"]) if r["old"] else None,
                 new=json.loads(r["new"]) if r["new"] else None)
            for r in db.query(
                "SELECT a.*, m.name AS milestone, e.note, e.occurred_on FROM applied_changes a "
                "LEFT JOIN milestones m ON m.id = a.milestone_id "
                f"LEFT JOIN events e ON e.id = a.event_id WHERE {where} "
                "ORDER BY e.occurred_on, a.amendment_id, a.change_index, a.id", params)]  # fmt: skip
