"""The store: its shape, its guarantees, and re-extraction that keeps people's changes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import date

import pytest

from models import Contract, DueRule, Evidence, Milestone, Party, Period, RenewalTerm
from tests.conftest import ROOT, make_document
from tracker.queries import get_contract, stored_document
from tracker.save import reextract, save_document
from tracker.store import SCHEMA_VERSION, StoreError, open_store, schema_version, transaction


def sample_contract(document, milestones=None) -> Contract:
    return Contract(
        file=document.path,
        sha256=document.sha256,
        format=document.format,
        pages=document.page_count,
        title="CONSULTING AGREEMENT",
        parties=(Party("Acme Corp.", "Client", Evidence(1, "Acme Corp. (\"Client\")")),),
        effective_date=date(2025, 3, 3),
        currency="USD",
        total_value=100000.0,
        milestones=tuple(
            milestones
            or [
                Milestone("Kick-off", "kickoff", due_date=date(2025, 3, 17), amount=20000.0,
                          currency="USD", evidence=Evidence(1, "Kick-off on March 17, 2025.")),
                Milestone("Final payment", "payment", amount=80000.0, currency="USD",
                          due_rule=DueRule("within 30 days after acceptance", 30,
                                           anchor="acceptance")),
            ]
        ),
    )


def test_new_store_has_current_schema_and_wal(tmp_path):
    db = open_store(tmp_path / "c.db")
    assert schema_version(db) == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "c.db"
    open_store(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer than this contracts"):
        open_store(path)


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError, match="is it a contracts database"):
        open_store(path)


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO milestones (contract_id, name, created_at, updated_at) "
            "VALUES (999, 'x', '', '')"
        )


def test_audit_log_is_append_only(db):
    document = make_document("Agreement text")
    contract_id = save_document(db, document, sample_contract(document))
    db.execute(
        "INSERT INTO events (contract_id, action, recorded_at, actor) VALUES (?, 'note', 'now', 'me')",
        [contract_id],
    )
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("UPDATE events SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM events")


def test_saved_contract_reads_back_with_milestones_and_evidence(db):
    document = make_document("Kick-off on March 17, 2025.")
    contract_id = save_document(db, document, sample_contract(document))
    record = get_contract(db, contract_id)
    assert record.contract.title == "CONSULTING AGREEMENT"
    assert [p.name for p in record.contract.parties] == ["Acme Corp."]
    kickoff, final = record.milestones
    assert kickoff.milestone.due_date == date(2025, 3, 17)
    assert kickoff.milestone.evidence.page == 1
    assert final.milestone.due_rule.anchor == "acceptance"
    assert final.status == "pending"


def test_full_text_search_finds_document(db):
    document = make_document("The Consultant shall deliver the interim report.")
    save_document(db, document, sample_contract(document))
    hits = db.execute(
        "SELECT path FROM documents_fts WHERE documents_fts MATCH 'interim'"
    ).fetchall()
    assert hits == [("sample.txt",)]


def test_failed_write_leaves_nothing_half_stored(db):
    document = make_document("text")
    with pytest.raises(RuntimeError), transaction(db):
        db.execute(
            "INSERT INTO documents (sha256, path, format, ingested_at, extractor_version) "
            "VALUES (?, 'x', 'txt', 'now', '0')",
            [document.sha256],
        )
        raise RuntimeError("interrupted")
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


def test_stored_document_round_trips_pages(db):
    document = make_document("", pages=["page one", "page two"])
    contract_id = save_document(db, document, sample_contract(document))
    again = stored_document(db, get_contract(db, contract_id).document_id)
    assert [p.text for p in again.pages] == ["page one", "page two"]
    assert again.sha256 == document.sha256


def test_reextract_keeps_edits_status_and_manual_milestones(db):
    document = make_document("text")
    contract_id = save_document(db, document, sample_contract(document))
    kickoff_id, final_id = [r.id for r in get_contract(db, contract_id).milestones]
    # A person corrected the kick-off date, moved the final payment on, added a milestone.
    db.execute(
        "UPDATE milestones SET due_date = '2025-04-01', edited_fields = ? WHERE id = ?",
        [json.dumps(["due_date"]), kickoff_id],
    )
    db.execute("UPDATE milestones SET status = 'invoiced' WHERE id = ?", [final_id])
    db.execute(
        "INSERT INTO milestones (contract_id, name, kind, source, created_at, updated_at) "
        "VALUES (?, 'Board review', 'other', 'manual', 'now', 'now')",
        [contract_id],
    )
    db.execute(
        "UPDATE contracts SET title = 'Consulting Agreement (amended)', edited_fields = ? "
        "WHERE id = ?",
        [json.dumps(["title"]), contract_id],
    )
    # The new extraction finds a different kick-off date, loses the final payment.
    new = sample_contract(
        document,
        [Milestone("Kick-off", "kickoff", due_date=date(2025, 3, 20), amount=25000.0)],
    )
    counts = reextract(db, contract_id, new)
    record = get_contract(db, contract_id)
    by_name = {r.milestone.name: r for r in record.milestones}
    assert by_name["Kick-off"].milestone.due_date == date(2025, 4, 1)  # the person's date
    assert by_name["Kick-off"].milestone.amount == 25000.0  # refreshed from extraction
    assert by_name["Final payment"].status == "invoiced"
    assert by_name["Board review"].source == "manual"
    assert record.contract.title == "Consulting Agreement (amended)"
    assert counts == {"updated": 1, "added": 0, "removed": 0, "kept": 2}


def test_reextract_drops_untouched_milestones_the_extractor_no_longer_finds(db):
    document = make_document("text")
    contract_id = save_document(db, document, sample_contract(document))
    counts = reextract(db, contract_id, sample_contract(document, [Milestone("Kick-off", "kickoff")]))
    assert counts["removed"] == 1
    assert [r.milestone.name for r in get_contract(db, contract_id).milestones] == ["Kick-off"]


def test_renewal_notice_law_and_review_flags_round_trip(tmp_path):
    db = open_store(tmp_path / "c.db")
    document = make_document("CONSULTING AGREEMENT between Acme Corp. and Beta LLC.")
    contract = sample_contract(document).with_(
        renewal="automatic, successive 1 year",
        renewal_term=RenewalTerm(automatic=True, value=1, unit="years"),
        notice_period=Period(60, "days"),
        governing_law="Delaware",
        parties=(Party("Acme Corp.", "Client", confidence=0.42, needs_review=True),),
        milestones=(Milestone("Month 1 fee", "payment", amount=5000.0, currency="USD",
                              due_date=date(2025, 4, 1), needs_review=True, series="monthly fee"),),
    )
    contract_id = save_document(db, document, contract)
    stored = get_contract(db, contract_id).contract
    assert stored.renewal_term == RenewalTerm(True, 1, "years")
    assert stored.notice_period == Period(60, "days")
    assert stored.governing_law == "Delaware"
    assert stored.milestones[0].needs_review and stored.milestones[0].series == "monthly fee"
    party = db.execute("SELECT confidence, needs_review FROM parties").fetchone()
    assert party == (0.42, 1)


@pytest.mark.parametrize(
    ("stored", "period"),
    [
        ('{"value": 90, "unit": "days"}', Period(90, "days")),
        ("6 months before end of term", Period(6, "months")),  # written before migration 3
        ("10 business days before end of term", Period(10, "business_days")),
        ("at the end of the term", None),
    ],
)
def test_notice_period_of_older_stores_is_still_read(stored, period):
    assert Period.from_dict(stored) == period


# Each process imports the CLI once, then for every round waits at a barrier (a file) and runs
# `contracts list --db <new store>`: all of them open the same store that does not exist yet.
OPEN_AT_ONCE = """
import os, sys, time
import click
from tracker.cli import cli
folder, me, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
failures = 0
for n in range(rounds):
    open(os.path.join(folder, f"ready-{n}-{me}"), "w").close()
    while not os.path.exists(os.path.join(folder, f"go-{n}")):
        time.sleep(0.0005)
    try:
        cli.main(["list", "--db", os.path.join(folder, f"new-{n}.db")], standalone_mode=False)
    except click.ClickException as error:
        failures += 1
        print(f"round {n}: {error.format_message()}", flush=True)
sys.exit(1 if failures else 0)
"""


def test_processes_opening_a_new_store_at_once_all_succeed(tmp_path):
    """The first-open race: each process read the schema version before taking the write lock,
    so two of them ran the first migration ("table documents already exists")."""
    processes, rounds = 8, 6
    workers = [
        subprocess.Popen([sys.executable, "-c", OPEN_AT_ONCE, str(tmp_path), str(i), str(rounds)],
                         cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(processes)
    ]
    try:
        for n in range(rounds):
            deadline = time.monotonic() + 60
            while len(list(tmp_path.glob(f"ready-{n}-*"))) < processes:
                assert time.monotonic() < deadline, "the processes did not start"
                assert all(w.poll() is None for w in workers), "a process ended early"
                time.sleep(0.005)
            (tmp_path / f"go-{n}").touch()
        outputs = [w.communicate(timeout=120) for w in workers]
    finally:
        for worker in workers:
            worker.kill()
    failures = [out + err for out, err in outputs if out or "Error" in err]
    assert not failures, failures
    assert [w.returncode for w in workers] == [0] * processes
    for n in range(rounds):
        db = open_store(tmp_path / f"new-{n}.db")
        assert schema_version(db) == SCHEMA_VERSION
        assert db["documents"].exists() and db["milestones"].exists()


# --- the shape every query relies on ----------------------------------------------------------
# (column, declared type, NOT NULL, default) of the columns the code reads: a subset, so that a
# later migration may add columns and tables without editing this list.
SHAPE = {
    "documents": [("sha256", "TEXT", 1, None), ("path", "TEXT", 1, None),
                  ("pages", "INTEGER", 1, "0"), ("needs_ocr", "INTEGER", 1, "0"),
                  ("warnings", "TEXT", 1, "'[]'"), ("text", "TEXT", 1, "''")],
    "contracts": [("document_id", "INTEGER", 1, None), ("total_value", "REAL", 0, None),
                  ("edited_fields", "TEXT", 1, "'[]'"), ("renewal_term", "TEXT", 0, None),
                  ("governing_law", "TEXT", 0, None)],
    "parties": [("name", "TEXT", 1, None), ("source", "TEXT", 1, "'extracted'"),
                ("confidence", "REAL", 0, None), ("needs_review", "INTEGER", 1, "0")],
    "key_dates": [("kind", "TEXT", 1, None), ("approximate", "INTEGER", 1, "0"),
                  ("confidence", "REAL", 0, None), ("needs_review", "INTEGER", 1, "0")],
    "milestones": [("kind", "TEXT", 1, "'other'"), ("confidence", "REAL", 1, "0.5"),
                   ("status", "TEXT", 1, "'pending'"), ("paid_amount", "REAL", 1, "0"),
                   ("source", "TEXT", 1, "'extracted'"), ("approved_on", "TEXT", 0, None),
                   ("invoiced_on", "TEXT", 0, None), ("paid_on", "TEXT", 0, None),
                   ("resolved_from", "TEXT", 0, None), ("needs_review", "INTEGER", 1, "0"),
                   ("series", "TEXT", 0, None)],
    "events": [("action", "TEXT", 1, None), ("recorded_at", "TEXT", 1, None),
               ("actor", "TEXT", 1, None), ("amount", "REAL", 0, None)],
    "ingest_errors": [("path", "TEXT", 1, None), ("reason", "TEXT", 1, None)],
}  # fmt: skip
# The columns and tables of the later migrations: review, monitoring (renewals, findings, the
# change counter), families (links between contracts, the fingerprint of each file).
SHAPE["parties"] += [("review", "TEXT", 0, None), ("extracted_name", "TEXT", 0, None)]
SHAPE["key_dates"] += [("review", "TEXT", 0, None)]
SHAPE["milestones"] += [("review", "TEXT", 0, None)]
SHAPE["contracts"] += [
    ("jurisdiction", "TEXT", 0, None), ("term_number", "INTEGER", 1, "0"),
    ("terminated_on", "TEXT", 0, None), ("family_role", "TEXT", 0, None),
    ("parent_id", "INTEGER", 0, None), ("link_source", "TEXT", 0, None),
    ("link_score", "REAL", 0, None), ("link_note", "TEXT", 0, None),
    ("suggested_parent_id", "INTEGER", 0, None), ("values_from", "INTEGER", 0, None),
    ("family_hint", "TEXT", 0, None),
]  # fmt: skip
SHAPE["documents"] += [("fingerprint", "BLOB", 0, None), ("reading", "TEXT", 0, None),
                       ("signed", "INTEGER", 0, None), ("draft", "INTEGER", 0, None)]  # fmt: skip
SHAPE.update({
    "finding_dismissals": [("finding", "TEXT", 0, None), ("contract_id", "INTEGER", 0, None),
                           ("dismissed_at", "TEXT", 1, None), ("actor", "TEXT", 1, None)],
    "findings": [("id", "TEXT", 0, None), ("code", "TEXT", 1, None),
                 ("milestones", "TEXT", 1, "'[]'"), ("names", "TEXT", 1, "'[]'"),
                 ("dismissed", "INTEGER", 1, "0"), ("checked_at", "TEXT", 1, None)],
    "store_state": [("key", "TEXT", 0, None), ("value", "TEXT", 0, None)],
    "findings_stale": [("contract_id", "INTEGER", 0, None)],
    "fingerprint_bands": [("band", "INTEGER", 1, None), ("contract_id", "INTEGER", 1, None)],
    "applied_changes": [("amendment_id", "INTEGER", 1, None), ("parent_id", "INTEGER", 1, None),
                        ("change_index", "INTEGER", 1, None), ("status", "TEXT", 1, None)],
})  # fmt: skip
# Index and trigger names are compared in lower case: SQLite reads them in any case.
INDEXES = {"idx_events_action", "idx_milestones_due_date", "idx_milestones_status",
           "idx_milestones_contract_id", "idx_events_milestone_id", "idx_contracts_document_id",
           "idx_parties_contract_id", "idx_key_dates_contract_id", "idx_payment_terms_contract_id",
           "idx_events_contract_id", "idx_findings_contract_id", "idx_events_contract_action",
           "idx_contracts_parent_id", "idx_fingerprint_bands_band",
           "idx_fingerprint_bands_contract", "idx_applied_changes_parent", "idx_milestones_open",
           "idx_milestones_contract_kind", "idx_parties_review", "idx_key_dates_review",
           "idx_milestones_review"}  # fmt: skip
TRIGGERS = {"events_no_update", "events_no_delete", "documents_ai", "documents_ad", "documents_au",
            *(f"{table}_stale_{event}" for table in ("contracts", "milestones", "payment_terms",
                                                       "documents", "finding_dismissals")
              for event in ("insert", "update", "delete"))}  # fmt: skip


def store_shape(db) -> tuple[dict, set, set]:
    columns = {table: [tuple(c[1:5]) for c in db.execute(f"PRAGMA table_info([{table}])")]
               for table in SHAPE}  # fmt: skip
    names = {kind: {r[0].lower() for r in db.execute("SELECT name FROM sqlite_master WHERE type = ?",
                                             [kind])} for kind in ("index", "trigger")}  # fmt: skip
    return columns, names["index"], names["trigger"]


def assert_current_shape(db) -> None:
    columns, indexes, triggers = store_shape(db)
    for table, expected in SHAPE.items():
        missing = [column for column in expected if column not in columns[table]]
        assert not missing, (table, missing)
    assert INDEXES <= indexes and TRIGGERS <= triggers


def test_a_new_store_has_the_shape_the_queries_rely_on(tmp_path):
    assert_current_shape(open_store(tmp_path / "new.db"))


def test_an_older_store_is_brought_up_to_date_when_opened(tmp_path):
    import sqlite_utils

    from tracker import store

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    store.MIGRATIONS[0](old)  # a store written by the first release
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO documents (sha256, path, format, ingested_at, extractor_version) "
                "VALUES ('abc', 'old.pdf', 'pdf', '2024-01-01', '0.1')")  # fmt: skip
    old.conn.close()
    db = open_store(path)
    assert schema_version(db) == SCHEMA_VERSION
    assert_current_shape(db)
    assert db.execute("SELECT path FROM documents").fetchall() == [("old.pdf",)]  # data kept


def test_a_change_to_a_contract_makes_its_findings_stale(tmp_path):
    """`contracts check` keeps each contract's findings until something it reads of that
    contract changes: its document, its row, its milestones (findings_stale names it)."""
    db = open_store(tmp_path / "s.db")

    def stale() -> list[int]:
        return [r[0] for r in db.execute("SELECT contract_id FROM findings_stale ORDER BY 1")]

    for n in (1, 2):
        db.execute("INSERT INTO documents (sha256, path, format, ingested_at, extractor_version) "
                   "VALUES (?, ?, 'pdf', '2025-01-01', '1')", [f"h{n}", f"c{n}.pdf"])  # fmt: skip
        db.execute("INSERT INTO contracts (id, document_id, extraction, extracted_at, updated_at) "
                   "VALUES (?, ?, '{}', '2025-01-01', '2025-01-01')", [n, n])  # fmt: skip
    assert stale() == [1, 2]
    db.execute("DELETE FROM findings_stale")
    db.execute("UPDATE documents SET pages = 3 WHERE id = 2")
    assert stale() == [2]
    db.execute("DELETE FROM findings_stale")
    db.execute("INSERT INTO milestones (contract_id, seq, name, created_at, updated_at) "
               "VALUES (1, 1, 'Payment', '2025-01-01', '2025-01-01')")
    assert stale() == [1]
    db.execute("DELETE FROM findings_stale")
    db.execute("INSERT INTO finding_dismissals (finding, contract_id, dismissed_at, actor) "
               "VALUES ('late:2', 2, '2025-01-02', 'alice')")  # a person silenced a finding
    assert stale() == [2]


def test_the_agreements_view_counts_masters_and_sows_not_copies_or_amendments(tmp_path):
    db = open_store(tmp_path / "s.db")
    for n, role in enumerate([None, "sow", "copy", "amendment"], 1):
        db.execute("INSERT INTO documents (sha256, path, format, ingested_at, extractor_version) "
                   "VALUES (?, ?, 'pdf', '2025-01-01', '1')", [f"h{n}", f"c{n}.pdf"])  # fmt: skip
        db.execute("INSERT INTO contracts (id, document_id, family_role, extraction, "
                   "extracted_at, updated_at) VALUES (?, ?, ?, '{}', '2025-01-01', '2025-01-01')",
                   [n, n, role])  # fmt: skip
    assert [r[0] for r in db.execute("SELECT id FROM agreements ORDER BY id")] == [1, 2]


def test_a_store_in_a_folder_that_does_not_exist_names_the_folder(tmp_path):
    missing = tmp_path / "no-such-folder"
    with pytest.raises(StoreError) as refused:
        open_store(missing / "c.db")
    assert str(refused.value) == (f"cannot create store {missing / 'c.db'}: folder {missing} "
                                  "does not exist")  # fmt: skip


def test_the_default_store_and_the_environment_variable(monkeypatch):
    from tracker.store import default_db_path

    monkeypatch.delenv("CONTRACTS_DB", raising=False)
    assert default_db_path() == "contracts.db"
    monkeypatch.setenv("CONTRACTS_DB", "/data/deals.db")
    assert default_db_path() == "/data/deals.db"


def test_statements_commit_on_their_own_unless_a_transaction_is_opened(tmp_path):
    db = open_store(tmp_path / "c.db")
    assert db.conn.isolation_level is None  # no hidden transaction around a write
    db.execute("INSERT INTO ingest_errors (path, reason, occurred_at) VALUES ('a', 'b', 'c')")
    assert not db.conn.in_transaction


# --- the switch to WAL waits for the lock ------------------------------------------------------
class LockedConnection:
    """A connection whose first ``locked`` switches to WAL fail as under a concurrent opener."""

    def __init__(self, locked: int, mode: str = "delete", error: str = "database is locked"):
        self.locked, self.mode, self.error, self.statements = locked, mode, error, []

    def execute(self, sql):
        self.statements.append(sql)
        if sql == "PRAGMA journal_mode = WAL":
            if self.locked:
                self.locked -= 1
                raise sqlite3.OperationalError(self.error)
            self.mode = "wal"
        return type("Cursor", (), {"fetchone": lambda _: (self.mode,)})()


def test_switching_to_wal_retries_while_another_process_holds_the_lock(monkeypatch):
    from tracker import store

    sleeps = []
    monkeypatch.setattr(store.time, "sleep", sleeps.append)
    conn = LockedConnection(locked=3)
    store._use_wal(conn)
    assert conn.mode == "wal" and sleeps == [0.01, 0.01, 0.01]
    already = LockedConnection(locked=0, mode="wal")
    store._use_wal(already)
    assert already.statements == ["PRAGMA journal_mode"]  # nothing to switch


def test_switching_to_wal_gives_up_at_the_busy_timeout_and_on_other_errors(monkeypatch):
    from tracker import store

    clock = iter([100.0, 129.98, 130.0, 130.01])  # start, then three failed attempts
    monkeypatch.setattr(store.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(store.time, "sleep", lambda _: None)
    conn = LockedConnection(locked=99)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        store._use_wal(conn)
    assert conn.statements.count("PRAGMA journal_mode = WAL") == 3  # 30 s after the start
    monkeypatch.setattr(store.time, "monotonic", lambda: 0.0)
    broken = LockedConnection(locked=1, error="disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
        store._use_wal(broken)
