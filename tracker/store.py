"""The SQLite store: one file, its shape, its migrations, and open/close.

``open_store(path)`` returns a sqlite_utils Database with foreign keys on, WAL mode, a busy
timeout, and the schema brought up to date by forward migrations.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

DEFAULT_DB = "contracts.db"
ENV_DB = "CONTRACTS_DB"
BUSY_TIMEOUT_MS = 30_000


class StoreError(Exception):
    """The store cannot be opened or is not a contracts store."""


def default_db_path() -> str:
    return os.environ.get(ENV_DB) or DEFAULT_DB


def _migration_1(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            pages INTEGER NOT NULL DEFAULT 0,
            size INTEGER NOT NULL DEFAULT 0,
            ingested_at TEXT NOT NULL,
            extractor_version TEXT NOT NULL,
            needs_ocr INTEGER NOT NULL DEFAULT 0,
            warnings TEXT NOT NULL DEFAULT '[]',
            ocr_pages TEXT NOT NULL DEFAULT '[]',
            tables TEXT NOT NULL DEFAULT '[]',
            text TEXT NOT NULL DEFAULT ''
        )"""
    )
    db.execute(
        """CREATE TABLE contracts (
            id INTEGER PRIMARY KEY,
            document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id),
            title TEXT,
            agreement_date TEXT,
            effective_date TEXT,
            expiration_date TEXT,
            term TEXT,
            renewal TEXT,
            notice_period TEXT,
            currency TEXT,
            total_value REAL,
            extraction TEXT NOT NULL,
            edited_fields TEXT NOT NULL DEFAULT '[]',
            extracted_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE parties (
            id INTEGER PRIMARY KEY,
            contract_id INTEGER NOT NULL REFERENCES contracts(id),
            name TEXT NOT NULL,
            role TEXT,
            page INTEGER,
            evidence TEXT,
            source TEXT NOT NULL DEFAULT 'extracted'
        )"""
    )
    db.execute(
        """CREATE TABLE key_dates (
            id INTEGER PRIMARY KEY,
            contract_id INTEGER NOT NULL REFERENCES contracts(id),
            kind TEXT NOT NULL,
            date TEXT,
            approximate INTEGER NOT NULL DEFAULT 0,
            rule TEXT,
            page INTEGER,
            evidence TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE milestones (
            id INTEGER PRIMARY KEY,
            contract_id INTEGER NOT NULL REFERENCES contracts(id),
            seq INTEGER NOT NULL DEFAULT 0,
            name TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'other',
            due_date TEXT,
            approximate INTEGER NOT NULL DEFAULT 0,
            rule_text TEXT,
            rule_offset INTEGER,
            rule_unit TEXT,
            rule_direction TEXT,
            rule_anchor TEXT,
            amount REAL,
            currency TEXT,
            percent REAL,
            acceptance_days INTEGER,
            deemed_acceptance INTEGER NOT NULL DEFAULT 0,
            page INTEGER,
            evidence TEXT,
            ocr INTEGER NOT NULL DEFAULT 0,
            confidence REAL NOT NULL DEFAULT 0.5,
            status TEXT NOT NULL DEFAULT 'pending',
            paid_amount REAL NOT NULL DEFAULT 0,
            invoiced_amount REAL,
            status_date TEXT,
            completed_on TEXT,
            source TEXT NOT NULL DEFAULT 'extracted',
            edited_fields TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE payment_terms (
            id INTEGER PRIMARY KEY,
            contract_id INTEGER NOT NULL REFERENCES contracts(id),
            kind TEXT NOT NULL,
            text TEXT,
            amount REAL,
            currency TEXT,
            percent REAL,
            days INTEGER,
            period TEXT,
            page INTEGER,
            evidence TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            contract_id INTEGER REFERENCES contracts(id),
            milestone_id INTEGER REFERENCES milestones(id),
            action TEXT NOT NULL,
            from_status TEXT,
            to_status TEXT,
            occurred_on TEXT,
            recorded_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            note TEXT,
            amount REAL,
            ref TEXT,
            details TEXT
        )"""
    )
    # The audit log is append-only: the database itself refuses to change or delete an entry.
    db.execute(
        """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"""
    )
    db.execute(
        """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
           BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"""
    )
    db.execute(
        """CREATE TABLE ingest_errors (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            sha256 TEXT,
            reason TEXT NOT NULL,
            occurred_at TEXT NOT NULL
        )"""
    )
    for table, column in [
        ("contracts", "document_id"),
        ("parties", "contract_id"),
        ("key_dates", "contract_id"),
        ("milestones", "contract_id"),
        ("milestones", "due_date"),
        ("milestones", "status"),
        ("payment_terms", "contract_id"),
        ("events", "contract_id"),
        ("events", "milestone_id"),
    ]:
        db.execute(f"CREATE INDEX idx_{table}_{column} ON {table}({column})")
    db.execute(
        """CREATE VIRTUAL TABLE documents_fts USING fts5(
            path, text, content='documents', content_rowid='id', tokenize='porter')"""
    )
    db.execute(
        """CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
            INSERT INTO documents_fts (rowid, path, text) VALUES (new.id, new.path, new.text);
        END"""
    )
    db.execute(
        """CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, path, text)
            VALUES ('delete', old.id, old.path, old.text);
        END"""
    )
    db.execute(
        """CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, path, text)
            VALUES ('delete', old.id, old.path, old.text);
            INSERT INTO documents_fts (rowid, path, text) VALUES (new.id, new.path, new.text);
        END"""
    )


def _migration_2(db: sqlite_utils.Database) -> None:
    """The tracker's lifecycle: the date each step was reached, and derived due dates.

    ``resolved_from`` is JSON saying how a due date was derived from its rule (anchor, anchor
    date, which milestone or event); NULL when the date was extracted or entered by a person.
    """
    for column in ("approved_on", "invoiced_on", "paid_on", "resolved_from"):
        db.execute(f"ALTER TABLE milestones ADD COLUMN {column} TEXT")
    db.execute("CREATE INDEX idx_events_action ON events(action, occurred_on)")


def _migration_3(db: sqlite_utils.Database) -> None:
    """Structured renewal and governing law; confidence and the review flag on extracted values.

    ``contracts.notice_period`` now holds JSON (``{"value": 90, "unit": "days"}``); the free text
    of older rows is still read (models.Period.from_dict). ``milestones.series`` groups the
    dated instalments of one recurring fee.
    """
    for table, column, kind in [
        ("contracts", "renewal_term", "TEXT"),
        ("contracts", "governing_law", "TEXT"),
        ("parties", "confidence", "REAL"),
        ("parties", "needs_review", "INTEGER NOT NULL DEFAULT 0"),
        ("key_dates", "confidence", "REAL"),
        ("key_dates", "needs_review", "INTEGER NOT NULL DEFAULT 0"),
        ("milestones", "needs_review", "INTEGER NOT NULL DEFAULT 0"),
        ("milestones", "series", "TEXT"),
    ]:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")


def _migration_review(db: sqlite_utils.Database) -> None:
    """A person's review of extracted values (``contracts review``, the web review queue).

    ``review`` is NULL (not reviewed), 'confirmed' or 'corrected'; a reviewed party or key date
    is kept by re-extraction like an edited milestone field. ``parties.extracted_name`` keeps
    the name the extractor gave a corrected party, so re-extraction knows it is the same one.
    """
    for table in ("parties", "key_dates", "milestones"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN review TEXT")
    db.execute("ALTER TABLE parties ADD COLUMN extracted_name TEXT")


def _migration_monitoring(db: sqlite_utils.Database) -> None:
    """Renewals, jurisdictions and schedule findings (issue 12).

    ``contracts.term_number`` counts the renewals rolled so far (0: the initial term);
    ``terminated_on`` is set by `contracts terminate`; ``jurisdiction`` is the holidays code
    ("US-NY", "GB-ENG") read from the governing-law clause. ``finding_dismissals`` keeps the
    findings a person silenced; ``findings`` is the last `contracts check` result, for views.
    """
    for table, column, kind in [
        ("contracts", "jurisdiction", "TEXT"),
        ("contracts", "term_number", "INTEGER NOT NULL DEFAULT 0"),
        ("contracts", "terminated_on", "TEXT"),
    ]:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.execute(
        """CREATE TABLE finding_dismissals (
            finding TEXT PRIMARY KEY,
            contract_id INTEGER REFERENCES contracts(id),
            dismissed_at TEXT NOT NULL,
            actor TEXT NOT NULL,
            note TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE findings (
            id TEXT PRIMARY KEY,
            contract_id INTEGER NOT NULL REFERENCES contracts(id),
            code TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            milestones TEXT NOT NULL DEFAULT '[]',
            page INTEGER,
            evidence TEXT,
            names TEXT NOT NULL DEFAULT '[]',
            dismissed INTEGER NOT NULL DEFAULT 0,
            checked_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX idx_findings_contract_id ON findings(contract_id)")
    # A counter of every change the checks depend on: the findings of the whole store are
    # kept (``findings``) and reused while it has not moved.
    db.execute("CREATE TABLE store_state (key TEXT PRIMARY KEY, value TEXT)")
    db.execute("INSERT INTO store_state VALUES ('changes', '0')")
    for table in ("contracts", "milestones", "payment_terms", "documents", "finding_dismissals"):
        for event in ("INSERT", "UPDATE", "DELETE"):
            db.execute(
                f"""CREATE TRIGGER {table}_changes_{event.lower()} AFTER {event} ON {table}
                BEGIN UPDATE store_state SET value = value + 1 WHERE key = 'changes'; END"""
            )
    db.execute("CREATE INDEX idx_events_contract_action ON events(contract_id, action)")
def _migration_families(db: sqlite_utils.Database) -> None:
    """Contract families (issue 11): another file of a contract, amendments, SOWs.

    A contract row's ``family_role`` says how it hangs on ``parent_id``: NULL (an agreement on
    its own or a master), 'sow' (ordered under the parent: keeps its own milestones), 'copy'
    (another file of the parent: no parties, key dates, terms or milestones of its own) or
    'amendment' (its changes are applied to the parent: no milestones of its own).
    ``documents.reading`` is each file's own extraction; ``contracts.values_from`` the version
    whose reading is in force. ``applied_changes`` records each amendment change applied to a
    parent. The ``agreements`` view is what counts once. Duplicates already stored are merged.
    """
    for table, column, kind in [
        ("contracts", "family_role", "TEXT"),
        ("contracts", "parent_id", "INTEGER REFERENCES contracts(id)"),
        ("contracts", "link_source", "TEXT"),
        ("contracts", "link_score", "REAL"),
        ("contracts", "link_note", "TEXT"),
        ("contracts", "suggested_parent_id", "INTEGER REFERENCES contracts(id)"),
        ("contracts", "values_from", "INTEGER REFERENCES contracts(id)"),
        ("contracts", "family_hint", "TEXT"),
        ("documents", "fingerprint", "BLOB"),
        ("documents", "reading", "TEXT"),
        ("documents", "signed", "INTEGER"),
        ("documents", "draft", "INTEGER"),
    ]:
        db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
    db.execute("CREATE INDEX idx_contracts_parent_id ON contracts(parent_id)")
    db.execute(
        """CREATE TABLE fingerprint_bands (
            band INTEGER NOT NULL,
            contract_id INTEGER NOT NULL REFERENCES contracts(id)
        )"""
    )
    db.execute("CREATE INDEX idx_fingerprint_bands_band ON fingerprint_bands(band)")
    db.execute("CREATE INDEX idx_fingerprint_bands_contract ON fingerprint_bands(contract_id)")
    db.execute(
        """CREATE TABLE applied_changes (
            id INTEGER PRIMARY KEY,
            amendment_id INTEGER NOT NULL REFERENCES contracts(id),
            parent_id INTEGER NOT NULL REFERENCES contracts(id),
            change_index INTEGER NOT NULL,
            target TEXT NOT NULL,
            milestone_id INTEGER REFERENCES milestones(id),
            field TEXT NOT NULL,
            old TEXT,
            new TEXT,
            status TEXT NOT NULL,
            event_id INTEGER REFERENCES events(id),
            recorded_at TEXT NOT NULL,
            UNIQUE (amendment_id, change_index, parent_id, target)
        )"""
    )
    db.execute("CREATE INDEX idx_applied_changes_parent ON applied_changes(parent_id)")
    db.execute(
        "CREATE VIEW agreements AS SELECT * FROM contracts "
        "WHERE family_role IS NULL OR family_role = 'sow'"
    )
    # Filling the new columns must not rewrite the full-text index of every document.
    db.execute("DROP TRIGGER documents_au")
    db.execute(
        """CREATE TRIGGER documents_au AFTER UPDATE OF path, text ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, path, text)
            VALUES ('delete', old.id, old.path, old.text);
            INSERT INTO documents_fts (rowid, path, text) VALUES (new.id, new.path, new.text);
        END"""
    )
    from tracker.families import migrate_store

    migrate_store(db)


def _migration_read_speed(db: sqlite_utils.Database) -> None:
    """Indexes for the digest, the checks and the web pages of a big store; findings kept per
    contract.

    ``idx_milestones_open`` lists the milestones not paid, waived or cancelled by due date,
    with what the overdue and due lists test, so those lists read no table row (a query uses
    it when it says ``status NOT IN ('paid', 'waived', 'cancelled')``). The ``needs_review``
    indexes hold only the flagged values; ``idx_milestones_contract_kind`` answers "has this
    contract a notice (expiration) milestone" for renewals. ``findings_stale`` names the contracts whose kept
    findings must be computed again: triggers add a contract when anything the checks read of
    it changes (its row, milestones, payment terms, document, dismissals). It replaces the
    store-wide change counter, after which every contract was checked again.
    """
    db.execute(
        "CREATE INDEX idx_milestones_open ON milestones(due_date, kind, status, contract_id, "
        "seq, amount) WHERE status NOT IN ('paid', 'waived', 'cancelled')"
    )
    db.execute("CREATE INDEX idx_milestones_contract_kind ON milestones(contract_id, kind)")
    for table in ("parties", "key_dates", "milestones"):
        db.execute(f"CREATE INDEX idx_{table}_review ON {table}(contract_id) WHERE needs_review")
    for table in ("contracts", "milestones", "payment_terms", "documents", "finding_dismissals"):
        for event in ("insert", "update", "delete"):
            db.execute(f"DROP TRIGGER {table}_changes_{event}")
    db.execute("DELETE FROM store_state WHERE key IN ('changes', 'findings')")
    db.execute("CREATE TABLE findings_stale (contract_id INTEGER PRIMARY KEY)")
    mark = "INSERT OR IGNORE INTO findings_stale SELECT {row}.%s WHERE {row}.%s IS NOT NULL;"
    marks = {  # table: the statements that mark the contract of row NEW or OLD
        "contracts": mark % ("id", "id"),
        "milestones": mark % ("contract_id", "contract_id"),
        "payment_terms": mark % ("contract_id", "contract_id"),
        "documents": "INSERT OR IGNORE INTO findings_stale SELECT id FROM contracts "
                     "WHERE document_id = {row}.id;",
        # A dismissal names its contract; one that does not makes every finding stale.
        "finding_dismissals": mark % ("contract_id", "contract_id") + " DELETE FROM "
                              "store_state WHERE key = 'findings' AND {row}.contract_id IS NULL;",
    }  # fmt: skip
    for table, body in marks.items():
        for event, rows in (("insert", ("NEW",)), ("update", ("OLD", "NEW")),
                            ("delete", ("OLD",))):  # fmt: skip
            statements = " ".join(body.format(row=row) for row in rows)
            db.execute(f"CREATE TRIGGER {table}_stale_{event} AFTER {event.upper()} ON {table} "
                       f"BEGIN {statements} END")  # fmt: skip


# Forward migrations: index i brings the schema from version i to i + 1. Append, never edit.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_review,
    _migration_monitoring,
    _migration_families,
    _migration_read_speed,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def _known_version(db: sqlite_utils.Database) -> int:
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{db.conn.execute('PRAGMA database_list').fetchone()[2]} has schema version "
            f"{version}, newer than this contracts ({SCHEMA_VERSION}): upgrade contracts"
        )
    return version


def ensure_db_shape(db: sqlite_utils.Database) -> None:
    """Apply the migrations this store has not seen yet, each in its own transaction.

    The version is read again once the write lock is held: processes opening a new store at
    once queue on the lock, and the first one's migration is seen by the others, not re-run.
    """
    while _known_version(db) < SCHEMA_VERSION:
        with transaction(db):
            version = _known_version(db)
            if version < SCHEMA_VERSION:
                MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any exception (Ctrl-C included).

    Writes inside must use ``db.execute``/``insert_row``: sqlite-utils' own write methods
    commit on their own and would split the transaction. Inside another transaction it joins
    it: the outer one commits or rolls back the whole.
    """
    if db.conn.in_transaction:
        yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def insert_row(db: sqlite_utils.Database, table: str, row: dict) -> int:
    """INSERT one row inside the caller's transaction; returns its id."""
    columns = ", ".join(f"[{name}]" for name in row)
    marks = ", ".join("?" for _ in row)
    cursor = db.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({marks})", list(row.values()))
    return cursor.lastrowid


def _use_wal(conn: sqlite3.Connection) -> None:
    """WAL mode, which stays set in the file. Switching to it needs an exclusive lock that SQLite
    does not wait for (no busy handler), so processes opening a new store at once retry."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def open_store(path: str | Path | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) the store at ``path``, or ``:memory:``."""
    path = str(path or default_db_path())
    if path != ":memory:":
        parent = Path(path).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(f"cannot create store {path}: folder {parent} does not exist")
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            _use_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        db = sqlite_utils.Database(conn)
        ensure_db_shape(db)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"cannot open store {path}: {e} (is it a contracts database?)") from e
    return db
