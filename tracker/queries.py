"""Read contracts, milestones and errors back from the store as model objects."""

from __future__ import annotations

import json
from datetime import date

import sqlite_utils

from models import (
    Contract,
    ContractRecord,
    Document,
    DueRule,
    Evidence,
    IngestError,
    Milestone,
    MilestoneRecord,
    Page,
    Period,
    RenewalTerm,
    Table,
)


class NotFound(Exception):
    """No such contract or milestone in the store."""


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def milestone_record(row: dict, file: str = "") -> MilestoneRecord:
    rule = None
    if row["rule_offset"] is not None:
        rule = DueRule(
            text=row["rule_text"] or "",
            offset=row["rule_offset"],
            unit=row["rule_unit"] or "days",
            direction=row["rule_direction"] or "after",
            anchor=row["rule_anchor"] or "effective_date",
        )
    evidence = None
    if row["page"]:
        evidence = Evidence(
            page=row["page"], text=row["evidence"] or "", file=file, ocr=bool(row["ocr"])
        )
    milestone = Milestone(
        name=row["name"],
        kind=row["kind"],
        due_date=_date(row["due_date"]),
        due_rule=rule,
        amount=row["amount"],
        currency=row["currency"],
        percent=row["percent"],
        evidence=evidence,
        confidence=row["confidence"],
        approximate=bool(row["approximate"]),
        acceptance_days=row["acceptance_days"],
        deemed_acceptance=bool(row["deemed_acceptance"]),
        needs_review=bool(row["needs_review"]),
        series=row["series"],
    )
    return MilestoneRecord(
        id=row["id"],
        contract_id=row["contract_id"],
        milestone=milestone,
        status=row["status"],
        paid_amount=row["paid_amount"] or 0.0,
        invoiced_amount=row["invoiced_amount"],
        status_date=_date(row["status_date"]),
        completed_on=_date(row["completed_on"]),
        source=row["source"],
        edited_fields=tuple(json.loads(row["edited_fields"])),
    )


def get_contract(db: sqlite_utils.Database, contract_id: int) -> ContractRecord:
    """The stored contract: the extraction as last saved, overlaid with the store's values."""
    rows = list(
        db.query(
            "SELECT c.*, d.path, d.ingested_at, d.sha256, d.format, d.pages AS page_count, "
            "d.needs_ocr, d.warnings FROM contracts c JOIN documents d ON d.id = c.document_id "
            "WHERE c.id = ?",
            [contract_id],
        )
    )
    if not rows:
        raise NotFound(f"no contract {contract_id} in the store (see `contracts list`)")
    row = rows[0]
    extraction = Contract.from_dict(json.loads(row["extraction"]))
    # Columns may hold a person's corrections: they win over the saved extraction.
    contract = extraction.with_(
        file=row["path"],
        title=row["title"],
        agreement_date=_date(row["agreement_date"]),
        effective_date=_date(row["effective_date"]),
        expiration_date=_date(row["expiration_date"]),
        term=row["term"],
        renewal=row["renewal"],
        renewal_term=RenewalTerm.from_dict(row["renewal_term"]),
        notice_period=Period.from_dict(row["notice_period"]),
        governing_law=row["governing_law"],
        currency=row["currency"],
        total_value=row["total_value"],
        milestones=(),
    )
    milestones = tuple(
        milestone_record(m, row["path"])
        for m in db.query(
            "SELECT * FROM milestones WHERE contract_id = ? "
            "ORDER BY due_date IS NULL, due_date, seq, id",
            [contract_id],
        )
    )
    contract = contract.with_(milestones=tuple(m.milestone for m in milestones))
    return ContractRecord(
        id=row["id"],
        document_id=row["document_id"],
        contract=contract,
        ingested_at=row["ingested_at"],
        milestones=milestones,
        edited_fields=tuple(json.loads(row["edited_fields"])),
    )


LIST_SQL = """
SELECT c.id, c.title, d.path, d.format, d.pages, c.agreement_date, c.effective_date,
       c.expiration_date, c.currency, c.total_value, d.needs_ocr,
       (SELECT group_concat(name, '; ') FROM parties p WHERE p.contract_id = c.id) AS parties,
       (SELECT count(*) FROM milestones m WHERE m.contract_id = c.id) AS milestones,
       (SELECT min(due_date) FROM milestones m WHERE m.contract_id = c.id
          AND m.status NOT IN ('paid', 'waived', 'cancelled', 'approved')
          AND m.due_date IS NOT NULL) AS next_due
FROM contracts c JOIN documents d ON d.id = c.document_id
ORDER BY c.id
"""


LIST_FIELDS = [
    "id", "title", "path", "format", "pages", "agreement_date", "effective_date",
    "expiration_date", "currency", "total_value", "needs_ocr", "parties", "milestones", "next_due",
]  # fmt: skip  (the columns of LIST_SQL, in its order: `list --csv` headers)


def list_contracts(db: sqlite_utils.Database) -> list[dict]:
    """One summary row per contract (a listing, so plain rows are what the table shows)."""
    return list(db.query(LIST_SQL))


def list_errors(db: sqlite_utils.Database) -> list[IngestError]:
    return [
        IngestError(r["id"], r["path"], r["reason"], r["occurred_at"], r["sha256"])
        for r in db.query("SELECT * FROM ingest_errors ORDER BY id")
    ]


def stored_document(db: sqlite_utils.Database, document_id: int) -> Document:
    """Rebuild a Document from the store (pages from the text, tables from JSON)."""
    row = next(db.query("SELECT * FROM documents WHERE id = ?", [document_id]), None)
    if row is None:
        raise NotFound(f"no document {document_id} in the store")
    tables: dict[int, list[Table]] = {}
    for table in json.loads(row["tables"]):
        rows = tuple(tuple(cell for cell in r) for r in table["rows"])
        tables.setdefault(table["page"], []).append(Table(rows=rows, page=table["page"]))
    ocr_pages = set(json.loads(row["ocr_pages"]))
    pages = tuple(
        Page(number=i, text=text, tables=tuple(tables.get(i, ())), ocr=i in ocr_pages)
        for i, text in enumerate(row["text"].split("\f"), start=1)
    )
    return Document(
        path=row["path"],
        sha256=row["sha256"],
        format=row["format"],
        pages=pages,
        size=row["size"],
        needs_ocr=bool(row["needs_ocr"]),
    )
