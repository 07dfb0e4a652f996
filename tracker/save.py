"""Write documents and their extraction into the store, keeping what people changed.

A first ingest inserts everything. Re-extraction (``save_extraction`` on a contract that is
already stored) refreshes extracted values but never touches a field a person edited, a
milestone a person added, or any milestone's status and history.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import sqlite_utils

from extractor import EXTRACTOR_VERSION
from models import Contract, Document, Milestone
from tracker.store import insert_row, transaction

# Milestone columns filled from extraction; a person's edit of one of these is kept.
MILESTONE_FIELDS = (
    "name",
    "kind",
    "due_date",
    "approximate",
    "rule_text",
    "rule_offset",
    "rule_unit",
    "rule_direction",
    "rule_anchor",
    "amount",
    "currency",
    "percent",
    "acceptance_days",
    "deemed_acceptance",
    "page",
    "evidence",
    "ocr",
    "confidence",
    "needs_review",
    "series",
)
CONTRACT_FIELDS = (
    "title",
    "agreement_date",
    "effective_date",
    "expiration_date",
    "term",
    "renewal",
    "renewal_term",
    "notice_period",
    "governing_law",
    "jurisdiction",
    "currency",
    "total_value",
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def milestone_row(milestone: Milestone) -> dict:
    rule, evidence = milestone.due_rule, milestone.evidence
    return {
        "name": milestone.name,
        "kind": milestone.kind,
        "due_date": milestone.due_date.isoformat() if milestone.due_date else None,
        "approximate": int(milestone.approximate),
        "rule_text": rule.text if rule else None,
        "rule_offset": rule.offset if rule else None,
        "rule_unit": rule.unit if rule else None,
        "rule_direction": rule.direction if rule else None,
        "rule_anchor": rule.anchor if rule else None,
        "amount": milestone.amount,
        "currency": milestone.currency,
        "percent": milestone.percent,
        "acceptance_days": milestone.acceptance_days,
        "deemed_acceptance": int(milestone.deemed_acceptance),
        "page": evidence.page if evidence else None,
        "evidence": evidence.text if evidence else None,
        "ocr": int(bool(evidence and evidence.ocr)),
        "confidence": milestone.confidence,
        "needs_review": int(milestone.needs_review),
        "series": milestone.series,
    }


def contract_row(contract: Contract) -> dict:
    def iso(value):
        return value.isoformat() if value else None

    return {
        "title": contract.title,
        "agreement_date": iso(contract.agreement_date),
        "effective_date": iso(contract.effective_date),
        "expiration_date": iso(contract.expiration_date),
        "term": contract.term,
        "renewal": contract.renewal,
        "renewal_term": _json(contract.renewal_term),
        "notice_period": _json(contract.notice_period),
        "governing_law": contract.governing_law,
        "jurisdiction": contract.jurisdiction,
        "currency": contract.currency,
        "total_value": contract.total_value,
    }


def _json(value) -> str | None:
    return json.dumps(value.to_dict()) if value is not None else None


def document_exists(db: sqlite_utils.Database, sha256: str) -> int | None:
    row = db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def save_document(db: sqlite_utils.Database, document: Document, contract: Contract) -> int:
    """Store a new document and its extraction in one transaction; returns the contract id."""
    with transaction(db):
        return insert_document(db, document, contract)


def insert_document(db: sqlite_utils.Database, document: Document, contract: Contract, *,
                    children: bool = True) -> int:  # fmt: skip
    """Insert the document, its contract and (``children``) the contract's parties, key dates,
    payment terms and milestones, in the caller's transaction; returns the contract id.

    Without ``children`` only the document and the contract row are written: another file of a
    stored contract, or an amendment, whose reading stays in ``documents.reading``
    (tracker/families.py)."""
    reading = json.dumps(contract.to_dict())
    document_id = insert_row(
        db,
        "documents",
        {
            "sha256": document.sha256,
            "path": document.path,
            "format": document.format,
            "pages": document.page_count,
            "size": document.size,
            "ingested_at": now(),
            "extractor_version": EXTRACTOR_VERSION,
            "needs_ocr": int(document.needs_ocr),
            "warnings": json.dumps(list(contract.warnings)),
            "ocr_pages": json.dumps([p.number for p in document.pages if p.ocr]),
            "tables": json.dumps(
                [{"page": t.page, "rows": t.rows} for p in document.pages for t in p.tables]
            ),
            "text": document.text,
            "reading": reading,
        },
    )
    stamp = now()
    contract_id = insert_row(
        db,
        "contracts",
        {
            "document_id": document_id,
            **contract_row(contract),
            "extraction": reading,
            "extracted_at": stamp,
            "updated_at": stamp,
        },
    )
    if children:
        insert_children(db, contract_id, contract, stamp)
    return contract_id


def insert_children(db: sqlite_utils.Database, contract_id: int, contract: Contract,
                    stamp: str | None = None) -> None:  # fmt: skip
    """The contract's parties, key dates, payment terms and milestones."""
    stamp = stamp or now()
    _insert_children(db, contract_id, contract)
    for seq, milestone in enumerate(contract.milestones):
        _insert_milestone(db, contract_id, seq, milestone, stamp)


def _insert_milestone(db, contract_id: int, seq: int, milestone: Milestone, stamp: str) -> int:
    row = {"contract_id": contract_id, "seq": seq, **milestone_row(milestone)}
    return insert_row(db, "milestones", {**row, "created_at": stamp, "updated_at": stamp})


def _insert_children(db: sqlite_utils.Database, contract_id: int, contract: Contract,
                     kept: dict | None = None) -> None:  # fmt: skip
    """Parties, key dates and payment terms, derived from extraction; ``kept`` names the
    parties and key date kinds a person reviewed or rejected, which are not inserted again."""
    kept = kept or {"parties": set(), "key_dates": set()}
    for party in contract.parties:
        if _norm_name(party.name) in kept["parties"]:
            continue
        evidence = party.evidence
        insert_row(
            db,
            "parties",
            {
                "contract_id": contract_id,
                "name": party.name,
                "role": party.role,
                "page": evidence.page if evidence else None,
                "evidence": evidence.text if evidence else None,
                "confidence": party.confidence,
                "needs_review": int(party.needs_review),
            },
        )
    for key_date in contract.key_dates:
        if key_date.kind in kept["key_dates"]:
            continue
        evidence = key_date.evidence
        insert_row(
            db,
            "key_dates",
            {
                "contract_id": contract_id,
                "kind": key_date.kind,
                "date": key_date.value.isoformat() if key_date.value else None,
                "approximate": int(key_date.approximate),
                "rule": json.dumps(key_date.rule.to_dict()) if key_date.rule else None,
                "page": evidence.page if evidence else None,
                "evidence": evidence.text if evidence else None,
                "confidence": key_date.confidence,
                "needs_review": int(key_date.needs_review),
            },
        )
    for term in contract.payment_terms:
        evidence = term.evidence
        insert_row(
            db,
            "payment_terms",
            {
                "contract_id": contract_id,
                "kind": term.kind,
                "text": term.text,
                "amount": term.amount,
                "currency": term.currency,
                "percent": term.percent,
                "days": term.days,
                "period": term.period,
                "page": evidence.page if evidence else None,
                "evidence": evidence.text if evidence else None,
            },
        )


def _norm_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def reviewed(db: sqlite_utils.Database, contract_id: int) -> dict:
    """What a person settled in review: parties (normalised names) and key date kinds that
    were confirmed, corrected or rejected, and the keys of rejected milestones."""
    kept: dict[str, set] = {"parties": set(), "key_dates": set(), "milestones": set()}
    for name, extracted in db.execute("SELECT name, extracted_name FROM parties WHERE "
                                      "contract_id = ? AND review IS NOT NULL", [contract_id]):
        kept["parties"] |= {_norm_name(n) for n in (name, extracted) if n}
    kept["key_dates"] |= {kind for (kind,) in db.execute(
        "SELECT kind FROM key_dates WHERE contract_id = ? AND review IS NOT NULL", [contract_id])}
    for (details,) in db.execute("SELECT details FROM events WHERE contract_id = ? AND "
                                 "action = 'reject'", [contract_id]):
        details = json.loads(details or "{}")
        if details.get("target") == "party":
            kept["parties"].add(_norm_name(details["name"]))
        elif details.get("target") == "key_date":
            kept["key_dates"].add(details["kind"])
        elif details.get("target") == "milestone":
            kept["milestones"].add(details["key"])
    return kept  # fmt: skip


def milestone_key(name: str, kind: str) -> str:
    """Identity of a milestone across extractions: its kind and normalised name."""
    return kind + ":" + re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _is_touched(row: dict, has_events: bool) -> bool:
    return (
        has_events
        or row["source"] != "extracted"
        or row["status"] != "pending"
        or json.loads(row["edited_fields"])
    )


def reextract(db: sqlite_utils.Database, contract_id: int, contract: Contract) -> dict:
    """Refresh a stored contract from a new extraction, keeping every human change.

    Returns counts: milestones updated, added, removed (only untouched extracted ones).
    """
    with transaction(db):
        return refresh_rows(db, contract_id, contract)


def refresh_rows(db: sqlite_utils.Database, contract_id: int, contract: Contract) -> dict:
    """``reextract`` in the caller's transaction."""
    counts = {"updated": 0, "added": 0, "removed": 0, "kept": 0}
    stamp = now()
    stored = db.execute("SELECT * FROM contracts WHERE id = ?", [contract_id]).fetchone()
    columns = [d[0] for d in db.execute("SELECT * FROM contracts LIMIT 0").description]
    edited = set(json.loads(dict(zip(columns, stored))["edited_fields"]))
    fresh = {k: v for k, v in contract_row(contract).items() if k not in edited}
    sets = ", ".join(f"[{k}] = ?" for k in fresh)
    db.execute(
        f"UPDATE contracts SET {sets}, extraction = ?, extracted_at = ?, updated_at = ? "
        "WHERE id = ?",
        [*fresh.values(), json.dumps(contract.to_dict()), stamp, stamp, contract_id],
    )
    kept = reviewed(db, contract_id)
    for table in ("parties", "key_dates"):  # a person's reviewed values stay
        db.execute(f"DELETE FROM {table} WHERE contract_id = ? AND review IS NULL",
                   [contract_id])  # fmt: skip
    db.execute("DELETE FROM payment_terms WHERE contract_id = ?", [contract_id])
    _insert_children(db, contract_id, contract, kept)
    milestones = [m for m in contract.milestones
                  if milestone_key(m.name, m.kind) not in kept["milestones"]]  # fmt: skip
    _merge_milestones(db, contract_id, milestones, stamp, counts)
    return counts


def _merge_milestones(db, contract_id: int, milestones, stamp: str, counts: dict) -> None:
    rows = [
        dict(r)
        for r in db.query("SELECT * FROM milestones WHERE contract_id = ?", [contract_id])
    ]
    with_events = {
        r[0]
        for r in db.execute(
            "SELECT DISTINCT milestone_id FROM events WHERE contract_id = ? OR milestone_id IN "
            "(SELECT id FROM milestones WHERE contract_id = ?)",
            [contract_id, contract_id],
        )
    }
    by_key = {milestone_key(r["name"], r["kind"]): r for r in rows if r["source"] == "extracted"}
    matched = set()
    for seq, milestone in enumerate(milestones):
        key = milestone_key(milestone.name, milestone.kind)
        row = by_key.get(key)
        if row is None or row["id"] in matched:
            _insert_milestone(db, contract_id, seq, milestone, stamp)
            counts["added"] += 1
            continue
        matched.add(row["id"])
        edited = set(json.loads(row["edited_fields"]))
        if row.get("resolved_from"):  # a due date the tracker derived from its anchor's date
            edited.add("due_date")
        if row["paid_amount"] or row["invoiced_amount"] is not None:
            edited.update(("amount", "currency"))  # money was recorded against this amount
        fresh = {k: v for k, v in milestone_row(milestone).items() if k not in edited}
        sets = ", ".join(f"[{k}] = ?" for k in fresh)
        db.execute(
            f"UPDATE milestones SET {sets}, seq = ?, updated_at = ? WHERE id = ?",
            [*fresh.values(), seq, stamp, row["id"]],
        )
        counts["updated"] += 1
    for row in rows:
        if row["id"] in matched:
            continue
        if _is_touched(row, row["id"] in with_events):
            counts["kept"] += 1
        else:
            db.execute("DELETE FROM milestones WHERE id = ?", [row["id"]])
            counts["removed"] += 1


def record_error(db: sqlite_utils.Database, path: str, reason: str, sha256: str | None = None):
    """Remember why ``path`` failed; a later failure of the same path replaces it."""
    with transaction(db):
        db.execute(
            "INSERT OR REPLACE INTO ingest_errors (path, sha256, reason, occurred_at) "
            "VALUES (?, ?, ?, ?)",
            [path, sha256, reason, now()],
        )


def clear_error(db: sqlite_utils.Database, path: str) -> None:
    db.execute("DELETE FROM ingest_errors WHERE path = ?", [path])
