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
    KeyDate,
    Milestone,
    MilestoneRecord,
    Page,
    Party,
    Period,
    RenewalTerm,
    Table,
)

# Which contracts count in views and totals: a contract counts once. The `agreements` view
# leaves out other files of a contract and amendments (their changes are applied to the parent).
# The review queue and the web views (tracker/web/sql.py) use it.
COUNTED_CONTRACTS = "SELECT id FROM agreements"


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
        jurisdiction=row["jurisdiction"],
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
    contract = contract.with_(milestones=tuple(m.milestone for m in milestones),
                              **_stored_values(db, contract_id, row["path"]))  # fmt: skip
    return ContractRecord(
        id=row["id"],
        document_id=row["document_id"],
        contract=contract,
        ingested_at=row["ingested_at"],
        milestones=milestones,
        edited_fields=tuple(json.loads(row["edited_fields"])),
    )


def _stored_values(db: sqlite_utils.Database, contract_id: int, file: str) -> dict:
    """Parties and key dates as the store holds them (a person's review included)."""

    def evidence(row):
        return Evidence(page=row["page"], text=row["evidence"] or "", file=file) \
            if row["page"] else None  # fmt: skip

    parties = tuple(
        Party(r["name"], r["role"], evidence(r), r["confidence"], bool(r["needs_review"]))
        for r in db.query("SELECT * FROM parties WHERE contract_id = ? ORDER BY id", [contract_id])
    )
    key_dates = tuple(
        KeyDate(r["kind"], _date(r["date"]), evidence(r),
                DueRule.from_dict(json.loads(r["rule"])) if r["rule"] else None,
                bool(r["approximate"]), r["confidence"], bool(r["needs_review"]))
        for r in db.query("SELECT * FROM key_dates WHERE contract_id = ? ORDER BY id",
                          [contract_id])
    )  # fmt: skip
    return {"parties": parties, "key_dates": key_dates}


LIST_SQL = """
SELECT c.id, c.title, d.path, d.format, d.pages, c.agreement_date, c.effective_date,
       c.expiration_date, c.currency, c.total_value, d.needs_ocr,
       COALESCE((SELECT group_concat(name, '; ') FROM parties p WHERE p.contract_id = c.id),
                (SELECT group_concat(json_extract(value, '$.name'), '; ')  -- an amendment's
                 FROM json_each(c.extraction, '$.parties'))) AS parties,
       (SELECT count(*) FROM milestones m WHERE m.contract_id = c.id) AS milestones,
       (SELECT min(due_date) FROM milestones m WHERE m.contract_id = c.id
          AND m.status NOT IN ('paid', 'waived', 'cancelled', 'approved')
          AND m.due_date IS NOT NULL) AS next_due,
       c.family_role, c.parent_id, c.link_note, c.suggested_parent_id,
       (SELECT count(*) FROM contracts k WHERE k.parent_id = c.id AND k.family_role = 'copy')
           AS copies,
       (SELECT count(*) FROM contracts k WHERE k.parent_id = c.id
          AND k.family_role = 'amendment') AS amendments,
       (SELECT count(*) FROM contracts k WHERE k.parent_id = c.id AND k.family_role = 'sow')
           AS sows
FROM contracts c JOIN documents d ON d.id = c.document_id
WHERE c.family_role IS NOT 'copy'  -- another file of a listed contract (tracker/families.py)
ORDER BY COALESCE(CASE WHEN c.family_role IN ('amendment', 'sow') THEN c.parent_id END, c.id),
         c.family_role IS NOT NULL, c.id
"""


# The columns of LIST_SQL, in its order: the fields of `list --json` and the `list --csv` headers.
LIST_FIELDS = [
    "id", "title", "path", "format", "pages", "agreement_date", "effective_date",
    "expiration_date", "currency", "total_value", "needs_ocr", "parties", "milestones", "next_due",
    "family_role", "parent_id", "link_note", "suggested_parent_id", "copies", "amendments", "sows",
]  # fmt: skip


def list_contracts(db: sqlite_utils.Database) -> list[dict]:
    """One summary row per contract, each family together: a contract, then its amendments and
    SOWs; other files of a contract are counted in ``copies``, not listed."""
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
