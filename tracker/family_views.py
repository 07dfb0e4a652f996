"""What people see of contract families: the family column of `list`, the family part of `show`,
the review list of `family --review`, and the roll-up of `report --by master`."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import date

import sqlite_utils

from models import Contract
from tracker import amend, families, reports, schedule
from tracker.output import money, table
from tracker.save import milestone_key

FIELD_LABELS = {"agreement_date": "agreement date", "effective_date": "effective date",
                "expiration_date": "expiration date", "total_value": "total value",
                "currency": "currency", "title": "title"}  # fmt: skip


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def family_label(row: dict) -> str:
    """The family column of `list`: "+2 files, 2 amendments", "amends 3", "SOW of 6"."""
    role = row.get("family_role")
    if role in ("amendment", "sow"):
        what = "amends" if role == "amendment" else "SOW of"
        if row.get("parent_id"):
            return f"{what} {row['parent_id']}"
        if row.get("suggested_parent_id"):
            return f"{what} {row['suggested_parent_id']}? (confirm)"
        return f"{role}: parent not found"
    parts = []
    if row.get("copies"):
        parts.append(f"+{_plural(row['copies'], 'file')}")
    if row.get("amendments"):
        parts.append(_plural(row["amendments"], "amendment"))
    if row.get("sows"):
        parts.append(_plural(row["sows"], "SOW"))
    return ", ".join(parts)


def list_title(row: dict) -> str:
    title = row.get("title") or ""
    if not title and row.get("family_role") in ("amendment", "sow"):
        title = f"({row['family_role']}, untitled)"
    return ("└ " + title) if row.get("family_role") in ("amendment", "sow") and \
        row.get("parent_id") else title  # fmt: skip


def lead_of(db: sqlite_utils.Database, contract_id: int) -> int:
    """The contract a copy is a file of; any other contract is its own (NotFound if none)."""
    families.contract_row(db, contract_id)
    return families.root_of(db, contract_id)


def as_amended(contract: Contract) -> Contract:
    """The contract as `show` prints it: its expiration key date and term say the expiration in
    force (an amendment may have moved it) rather than what the file says."""
    end = contract.expiration_date
    key_dates = tuple(replace(k, value=end) if k.kind == "expiration_date" and end
                      and k.value and k.value != end else k for k in contract.key_dates)  # fmt: skip
    term = contract.term
    if end and term and term.startswith("until ") and term != f"until {end.isoformat()}":
        term = f"until {end.isoformat()} (amended)"
    return contract.with_(key_dates=key_dates, term=term)


# --- money of one contract ---------------------------------------------------------------------
MONEY_SQL = """
SELECT COALESCE(m.currency, c.currency, '') AS currency,
       sum(CASE WHEN m.status NOT IN ('waived', 'cancelled') THEN m.amount END) AS contracted,
       sum(m.paid_amount) AS paid, count(*) AS milestones
FROM milestones m JOIN contracts c ON c.id = m.contract_id
WHERE m.contract_id = ? AND (m.kind = 'payment' OR m.amount > 0 OR m.invoiced_amount IS NOT NULL
      OR m.paid_amount > 0)
GROUP BY 1 ORDER BY 1
"""


def contracted(db: sqlite_utils.Database, contract_id: int) -> dict[str, float]:
    """Money a contract's own milestones hold, by currency (as `report` counts it)."""
    return {r["currency"] or "?": round(r["contracted"] or 0.0, 2)
            for r in db.query(MONEY_SQL, [contract_id])}  # fmt: skip


def _money_text(amounts: dict[str, float]) -> str:
    return "; ".join(money(value, currency) for currency, value in sorted(amounts.items())) or "-"


# --- show --------------------------------------------------------------------------------------
def show_lines(db: sqlite_utils.Database, contract_id: int) -> list[str]:
    """The family part of `contracts show`: files, versions that disagree, parent, children,
    amendments and what they changed."""
    row = families.contract_row(db, contract_id)
    lines: list[str] = []
    if row["family_role"] == "copy":
        return [f"Contract {contract_id} is another file of contract {row['parent_id']}."]
    lines += _files(db, contract_id)
    lines += _parent(db, row)
    if row["family_role"] == "amendment":
        lines += _stated(db, row)
        return lines
    lines += _children(db, contract_id)
    lines += _applied(db, contract_id)
    return lines


def _files(db, lead: int) -> list[str]:
    ranked = families.versions(db, lead)
    if len(ranked) < 2:
        return []
    lines = ["", f"Files ({len(ranked)}), the first one's values in force:"]
    rows = []
    for index, version in enumerate(ranked):
        how = "lead (first stored)" if version["id"] == lead else \
            f"copy {version['id']}, similarity {_score(db, version['id']):.2f}"  # fmt: skip
        rows.append([os.path.basename(version["path"]), families.version_label(version), how])
    lines.append(table(rows, ["file", "state", "stored as"]))
    lines += [f"Warning: {text}" for text in differences(ranked)]
    return lines


def _score(db, contract_id: int) -> float:
    value = db.execute("SELECT link_score FROM contracts WHERE id = ?", [contract_id]).fetchone()
    return value[0] or 0.0


def differences(ranked: list[dict]) -> list[str]:
    """Where the other files disagree with the one whose values are in force."""
    best, out = ranked[0], []
    name = os.path.basename(best["path"])
    for other in ranked[1:]:
        other_name = os.path.basename(other["path"])
        for what, used, theirs in _diff(best["reading"], other["reading"]):
            out.append(f"the files disagree on {what}: {used} in {name} "
                       f"({families.version_label(best)}, used), {theirs} in {other_name}")
    return out


def _diff(used: Contract, other: Contract) -> list[tuple[str, object, object]]:
    found = []
    for key, label in FIELD_LABELS.items():
        if key == "title":
            continue
        a, b = getattr(used, key), getattr(other, key)
        if a is not None and b is not None and a != b:
            found.append((label, _plain(a), _plain(b)))
    theirs = {milestone_key(m.name, m.kind): m for m in other.milestones}
    for milestone in used.milestones:
        twin = theirs.get(milestone_key(milestone.name, milestone.kind))
        if twin is None:
            continue
        for attribute, label in (("due_date", "due date"), ("amount", "amount")):
            a, b = getattr(milestone, attribute), getattr(twin, attribute)
            if a is not None and b is not None and a != b:
                found.append((f"the {label} of {milestone.name!r}", _plain(a), _plain(b)))
    return found


def _plain(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _parent(db, row: dict) -> list[str]:
    role = row["family_role"]
    if role not in ("amendment", "sow"):
        return []
    what = "Amendment" if role == "amendment" else "Statement of work"
    if row["parent_id"] is None:
        note = row["link_note"] or "parent not found"
        hint = f"; link it with `contracts link {row['id']} PARENT --as {role}`"
        return ["", f"{what}: {note}{hint}"]
    parent = families.contract_row(db, row["parent_id"])
    how = "by a person" if row["link_source"] == "person" else \
        f"automatically (score {row['link_score'] or 0:.2f})"  # fmt: skip
    return ["", f"{what} of contract {parent['id']} ({parent['title'] or 'untitled'}), linked {how}"]


def _stated(db, row: dict) -> list[str]:
    contract = families.in_force(db, row["id"])
    changes = contract.family.changes if contract.family else ()
    if not changes:
        return [("No changes read from it (changes written as replaced clauses are applied by "
                 "hand: `contracts edit`).")]
    ledger = {}
    if row["parent_id"]:
        for entry in amend.changes_of(db, row["parent_id"], row["id"]):
            ledger.setdefault(entry["change_index"], entry["status"])
    rows = [[index + 1, change_text(change), ledger.get(index, "waiting for its parent"
                                                           if not row["parent_id"] else "-"),
             change.evidence.page if change.evidence else ""]
            for index, change in enumerate(changes)]  # fmt: skip
    return ["", "Changes it states:", table(rows, ["#", "change", "status", "page"], max_width=70)]


def change_text(change) -> str:
    target = f" of {change.target}" if change.target else ""
    if change.kind == "due_date":
        was = f"{change.old_date.isoformat()} -> " if change.old_date else ""
        return f"due date{target}: {was}{change.new_date.isoformat()}"
    if change.kind == "amount":
        was = f"{money(change.old_amount, change.currency)} -> " if change.old_amount else ""
        return f"{'amount' + target if change.target else 'total value'}: {was}" \
               f"{money(change.amount, change.currency)}"  # fmt: skip
    if change.kind == "expiration":
        return f"expiration date: {change.new_date.isoformat()}"
    if change.kind == "term":
        return f"term extended by {change.period}"
    due = f", due {change.new_date.isoformat()}" if change.new_date else ""
    amount = f", {money(change.amount, change.currency)}" if change.amount else ""
    return f"added milestone {change.target!r}{due}{amount}"


def _children(db, parent_id: int) -> list[str]:
    lines = []
    sows = list(db.query("SELECT id, title FROM contracts WHERE parent_id = ? "
                         "AND family_role = 'sow' ORDER BY id", [parent_id]))  # fmt: skip
    if sows:
        totals: dict[str, float] = dict(contracted(db, parent_id))
        rows = []
        for sow in sows:
            amounts = contracted(db, sow["id"])
            for currency, value in amounts.items():
                totals[currency] = round(totals.get(currency, 0.0) + value, 2)
            count = db.execute("SELECT count(*) FROM milestones WHERE contract_id = ?",
                               [sow["id"]]).fetchone()[0]  # fmt: skip
            rows.append([sow["id"], sow["title"] or "", count, _money_text(amounts)])
        lines += ["", "Statements of work:",
                  table(rows, ["id", "title", "milestones", "contracted"], max_width=50),
                  f"Total with its SOWs: {_money_text(totals)}"]  # fmt: skip
    amendments = list(db.query(
        "SELECT id, title, effective_date, agreement_date FROM contracts WHERE parent_id = ? "
        "AND family_role = 'amendment' ORDER BY COALESCE(effective_date, agreement_date), id",
        [parent_id]))  # fmt: skip
    if amendments:
        rows = []
        for item in amendments:
            ledger = amend.changes_of(db, parent_id, item["id"])
            applied = sum(1 for e in ledger if e["status"] == "applied")
            rows.append([item["id"], item["effective_date"] or item["agreement_date"] or "",
                         item["title"] or "(untitled)", applied])
        lines += ["", "Amendments:", table(rows, ["id", "dated", "title", "changes in force"],
                                           max_width=50)]  # fmt: skip
    return lines


def _applied(db, parent_id: int) -> list[str]:
    ledger = [e for e in amend.changes_of(db, parent_id) if e["status"] != "superseded"]
    if not ledger:
        return []
    rows = []
    for entry in ledger:
        what = amend.FIELD_NAMES.get(entry["field"], entry["field"])
        target = entry["milestone"] or ("contract" if entry["target"].startswith("contract")
                                        else "")  # fmt: skip
        change = f"{_plain(entry['old']) if entry['old'] is not None else '-'} -> " \
                 f"{_plain(entry['new']) if entry['new'] is not None else '-'}"  # fmt: skip
        rows.append([entry["occurred_on"] or "", entry["amendment_id"], target, what, change,
                     entry["status"]])
    lines = ["", "Changed by its amendments (each an entry of `contracts history`):",
             table(rows, ["dated", "amendment", "milestone", "field", "change", "status"],
                   max_width=40)]  # fmt: skip
    conflicts = [e for e in ledger if e["status"] == "conflict"]
    for entry in conflicts:
        lines.append(f"Warning: amendment {entry['amendment_id']} sets the "
                     f"{amend.FIELD_NAMES.get(entry['field'], entry['field'])} of "
                     f"{entry['milestone'] or 'the contract'} to {_plain(entry['new'])}, but a "
                     "person's edit keeps its own value")
    return lines


def show_json(db: sqlite_utils.Database, contract_id: int) -> dict:
    """The ``family`` object of `contracts show --json`."""
    row = families.contract_row(db, contract_id)
    lead = families.root_of(db, contract_id)
    ranked = families.versions(db, lead)
    return {
        "role": row["family_role"],
        "parent_id": row["parent_id"],
        "link_source": row["link_source"],
        "link_score": row["link_score"],
        "link_note": row["link_note"],
        "suggested_parent_id": row["suggested_parent_id"],
        "files": [{"contract_id": v["id"], "path": v["path"], "signed": bool(v["signed"]),
                   "draft": bool(v["draft"]), "ocr": v["ocr"]} for v in ranked],
        "values_from": ranked[0]["path"],
        "differences": differences(ranked),
        "children": [dict(r) for r in db.query(
            "SELECT id, family_role AS role, title FROM contracts WHERE parent_id = ? "
            "ORDER BY id", [lead])],
        "changes": amend.changes_of(db, lead),
    }


# --- review ------------------------------------------------------------------------------------
def review_rows(db: sqlite_utils.Database) -> list[dict]:
    """Amendments and SOWs without a parent: not found yet, or a match for a person to confirm."""
    return [dict(r) for r in db.query(
        "SELECT c.id, c.family_role AS role, c.title, d.path, c.link_note AS note, "
        "c.suggested_parent_id, c.link_source FROM contracts c JOIN documents d "
        "ON d.id = c.document_id WHERE c.family_role IN ('amendment', 'sow') "
        "AND c.parent_id IS NULL ORDER BY c.suggested_parent_id IS NULL, c.id")]  # fmt: skip


# --- report --by master ------------------------------------------------------------------------
def master_rollup(db: sqlite_utils.Database, as_of: date | None = None,
                  holidays: frozenset[date] | None = None) -> list[dict]:  # fmt: skip
    """Per master agreement (or agreement on its own), with its SOWs: milestones, what is
    overdue, and money by currency (one row per currency; a master without money has one row).
    Amendments are already applied to their parents; copies hold nothing."""
    as_of = as_of or date.today()
    schedule.fill_static_dues(db, holidays)
    p = reports._sql_parts()
    master = "COALESCE(CASE WHEN c.family_role = 'sow' THEN c.parent_id END, c.id)"
    rows = list(db.query(
        f"SELECT {master} AS master, CASE WHEN {p['money']} THEN {p['cur']} END AS currency, "
        "count(*) AS milestones, "
        f"sum(CASE WHEN {p['money']} AND m.status NOT IN ('waived', 'cancelled') "
        "THEN m.amount END) AS contracted, sum(m.paid_amount) AS paid, "
        f"sum({p['late']} AND {p['due']} < :d) AS overdue "
        f"{reports.FROM} GROUP BY 1, 2 ORDER BY 1, 2 IS NULL, 2", {"d": as_of.isoformat()}))  # fmt: skip
    titles = {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT id, title, (SELECT count(*) FROM contracts k WHERE k.parent_id = c.id "
        "AND k.family_role = 'sow') FROM contracts c")}  # fmt: skip
    out: list[dict] = []
    by_master: dict[int, list[dict]] = {}
    for row in rows:
        by_master.setdefault(row["master"], []).append(row)
    for master_id, group in by_master.items():
        title, sows = titles.get(master_id, ("", 0))
        counts = {"milestones": sum(r["milestones"] for r in group),
                  "overdue": sum(r["overdue"] or 0 for r in group)}  # fmt: skip
        money_rows = [r for r in group if r["currency"] is not None] or [group[0]]
        for index, row in enumerate(money_rows):
            contracted_value = round(row["contracted"] or 0.0, 2)
            paid = round(row["paid"] or 0.0, 2) if row["currency"] is not None else 0.0
            out.append({"master": master_id, "title": title, "sows": sows,
                        "currency": row["currency"] or None,
                        "milestones": counts["milestones"] if index == 0 else None,
                        "overdue": counts["overdue"] if index == 0 else None,
                        "contracted": contracted_value, "paid": paid,
                        "outstanding": round(contracted_value - paid, 2)})  # fmt: skip
    return out


def rollup_text(rows: list[dict], as_of: date) -> str:
    body = [[r["master"], r["title"] or "", r["sows"], r["milestones"], r["overdue"],
             r["currency"] or "", money(r["contracted"]), money(r["paid"]),
             money(r["outstanding"])] for r in rows]  # fmt: skip
    headers = ["master", "title", "SOWs", "milestones", "overdue", "currency", "contracted",
               "paid", "outstanding"]  # fmt: skip
    return (f"By master agreement as of {as_of.isoformat()} (each with its statements of work)\n"
            + table(body, headers, max_width=40))
