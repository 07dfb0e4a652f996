"""Ingest files, folders and zip archives: load, extract, store, one transaction a document.

``process_item`` does the reading and extraction (no store access, so it can run in a worker
process); ``ingest`` writes each outcome through the one connection it is given.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import sqlite_utils

from extractor.errors import ExtractError
from extractor.inputs import InputItem, InputProblem, iter_inputs
from extractor.loaders import load_document, read_bytes
from extractor.pipeline import extract
from models import Contract, Document, ExtractionSettings
from tracker.queries import stored_document
from tracker.save import clear_error, document_exists, record_error, reextract, save_document

log = logging.getLogger(__name__)

STATUSES = ("stored", "needs_ocr", "duplicate", "reextracted", "failed", "skipped")


@dataclass(frozen=True)
class Outcome:
    """What happened to one input file; ``contract_id`` is set once it is in the store."""

    path: str
    status: str
    sha256: str | None = None
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None
    contract_id: int | None = None
    document: Document | None = field(default=None, repr=False)
    contract: Contract | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"outcome status must be one of {STATUSES}, got {self.status!r}")


@dataclass
class IngestSummary:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def counts(self) -> Counter:
        return Counter(o.status for o in self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def pages(self) -> int:
        return sum(o.pages for o in self.outcomes if o.status in ("stored", "needs_ocr"))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_item(item: InputItem) -> bytes:
    return item.data if item.data is not None else read_bytes(item.path, item.display_path)


def process_item(item: InputItem, settings: ExtractionSettings, known: bool = False) -> Outcome:
    """Read and extract one input. Never raises for a bad file: the Outcome says what failed."""
    started = time.perf_counter()
    sha = None
    try:
        data = read_item(item)
        sha = sha256_of(data)
        if known:
            return Outcome(item.display_path, "duplicate", sha)
        document = load_document(item.path or item.display_path, display_path=item.display_path,
                                 data=data)
        contract = extract(document, settings)
    except ExtractError as e:
        return Outcome(item.display_path, "failed", sha, error=str(e),
                       seconds=time.perf_counter() - started)
    except Exception as e:  # a bug or a hostile file must not stop the batch
        if settings.strict:
            raise
        log.exception("extraction of %s failed", item.display_path)
        return Outcome(item.display_path, "failed", sha, error=f"extraction failed: {e!r}",
                       seconds=time.perf_counter() - started)
    status = "needs_ocr" if document.needs_ocr else "stored"
    return Outcome(item.display_path, status, sha, pages=document.page_count,
                   seconds=time.perf_counter() - started, document=document, contract=contract)


def write_outcome(db: sqlite_utils.Database, outcome: Outcome) -> Outcome:
    """Store what ``process_item`` produced; a document stored meanwhile becomes a duplicate."""
    if outcome.status == "failed":
        record_error(db, outcome.path, outcome.error or "failed", outcome.sha256)
        return outcome
    if outcome.document is None:
        return outcome
    existing = document_exists(db, outcome.document.sha256)
    if existing:
        return Outcome(outcome.path, "duplicate", outcome.sha256, seconds=outcome.seconds)
    contract_id = save_document(db, outcome.document, outcome.contract)
    clear_error(db, outcome.path)
    return Outcome(outcome.path, outcome.status, outcome.sha256, outcome.pages, outcome.seconds,
                   contract_id=contract_id)


def _items(paths: Iterable[str]) -> Iterator[InputItem | InputProblem]:
    yield from iter_inputs(paths)


def ingest(
    db: sqlite_utils.Database,
    paths: Iterable[str],
    settings: ExtractionSettings | None = None,
    *,
    jobs: int = 1,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestSummary:
    """Ingest every readable file under ``paths``. Identical content is stored once."""
    settings = settings or ExtractionSettings()
    summary = IngestSummary()
    started = time.perf_counter()

    def done(outcome: Outcome) -> None:
        summary.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)

    def problems_and_items():
        for entry in _items(paths):
            if isinstance(entry, InputProblem):
                status = "skipped" if entry.skipped else "failed"
                outcome = Outcome(entry.display_path, status, error=entry.reason)
                if status == "failed":
                    record_error(db, entry.display_path, entry.reason)
                done(outcome)
            else:
                yield entry

    if jobs <= 1:
        for item in problems_and_items():
            done(write_outcome(db, process_item(item, settings, _known(db, item))))
    else:
        _ingest_parallel(db, problems_and_items(), settings, jobs, done)
    summary.seconds = time.perf_counter() - started
    return summary


def _known(db: sqlite_utils.Database, item: InputItem) -> bool:
    """Skip already-stored content by hash before any parsing."""
    try:
        return document_exists(db, sha256_of(read_item(item))) is not None
    except ExtractError:
        return False


def _ingest_parallel(db, items, settings, jobs: int, done) -> None:
    """Workers read and extract; this process is the single writer. At most 2*jobs in flight."""
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: list = []
        for item in items:
            pending.append(pool.submit(process_item, item, settings, _known(db, item)))
            while len(pending) >= 2 * jobs:
                done(write_outcome(db, pending.pop(0).result()))
        for future in pending:
            done(write_outcome(db, future.result()))


def reextract_stored(
    db: sqlite_utils.Database,
    settings: ExtractionSettings | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestSummary:
    """Re-run extraction on every stored document, keeping what people set or corrected."""
    settings = settings or ExtractionSettings()
    summary = IngestSummary()
    started = time.perf_counter()
    rows = list(db.query("SELECT c.id AS contract_id, c.document_id FROM contracts c ORDER BY c.id"))
    for row in rows:
        t0 = time.perf_counter()
        document = stored_document(db, row["document_id"])
        try:
            contract = extract(document, settings)
        except Exception as e:
            if settings.strict:
                raise
            outcome = Outcome(document.path, "failed", document.sha256, error=f"extraction failed: {e!r}")
        else:
            reextract(db, row["contract_id"], contract)
            outcome = Outcome(document.path, "reextracted", document.sha256, document.page_count,
                              time.perf_counter() - t0, contract_id=row["contract_id"])
        summary.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    summary.seconds = time.perf_counter() - started
    return summary
