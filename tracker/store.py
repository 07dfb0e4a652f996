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


# Forward migrations: index i brings the schema from version i to i + 1. Append, never edit.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
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
    commit on their own and would split the transaction.
    """
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
