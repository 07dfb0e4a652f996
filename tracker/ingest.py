"""Ingest files, folders and zip archives: read, hash, extract, store, one transaction a document.

``process_item`` reads one input, hashes it and, unless the store already holds that content,
loads and extracts it. It never touches the store (it asks ``is_known``), so it runs in worker
processes too (tracker/batch.py). ``ingest`` walks the inputs and is the single writer: every
outcome is written through the one connection it is given, each document in its own
transaction, so an interrupted batch (Ctrl-C, kill -9, power loss) keeps every finished document
and no half-written one, and running the same command again skips what is stored by its hash.
"""

from __future__ import annotations

import hashlib
import logging
import signal
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

import sqlite_utils

import extractor
from extractor import (
    ArchiveLimits,
    ExtractError,
    InputItem,
    iter_inputs,
    size_phrase,
)
from models import Contract, Document, ExtractionSettings
from tracker import families
from tracker.batch import WALL_FACTOR, Failure, Job, run_pool, timeout_reason
from tracker.queries import stored_document
from tracker.save import clear_error, document_exists, record_error
from tracker.store import transaction

log = logging.getLogger(__name__)


STATUSES = ("stored", "needs_ocr", "duplicate", "reextracted", "failed", "skipped")
# CPU seconds per document. A text PDF of 100 pages takes ~1 s; OCR ~5 s a page, 20 pages at most.
DEFAULT_TIMEOUT = 120.0
MAX_DOCUMENT_BYTES = ArchiveLimits().max_member_bytes  # a file on disk, like an archive member
# Address space per worker process (a forked worker starts at ~300 MB of it, ~100 MB resident):
# a document that makes a parser allocate without end fails alone instead of taking the machine.
# With OCR a worker peaks near 2 GB of address space (~1 GB resident): the ONNX runtime.
WORKER_MEMORY_LIMIT = 4096 * 2**20


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
    cpu_seconds: float = 0.0  # of the process that read it: unlike seconds, no other load in it
    fingerprint: bytes | None = field(default=None, repr=False)  # tells another file of a contract

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"outcome status must be one of {STATUSES}, got {self.status!r}")


@dataclass
class IngestSummary:
    """Counts, pages and failures of a batch, and its wall time.

    ``outcomes`` (every input, in input order once ``ingest`` returns) is kept only when
    ``keep_outcomes``: a batch of a million files should not hold a million rows in memory
    (the CLI streams them to --report instead). Failures are always kept.
    """

    keep_outcomes: bool = True
    outcomes: list[Outcome] = field(default_factory=list)
    failed: list[Outcome] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    pages: int = 0  # of documents read and stored
    seconds: float = 0.0
    order: list[int] = field(default_factory=list, repr=False)

    def add(self, index: int, outcome: Outcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status in ("stored", "needs_ocr"):
            self.pages += outcome.pages
        elif outcome.status == "failed":
            self.failed.append(outcome)
        if self.keep_outcomes:
            self.outcomes.append(outcome)
            self.order.append(index)

    def sort(self) -> None:
        """Input order: workers finish in any order."""
        pairs = sorted(zip(self.order, self.outcomes), key=lambda pair: pair[0])
        self.order = [index for index, _ in pairs]
        self.outcomes = [outcome for _, outcome in pairs]


class DocumentTimeout(BaseException):
    """Raised by the timers of ``time_limit``. A BaseException, so that a loader's broad
    ``except Exception`` cannot swallow it and keep going. args: (seconds, cpu)."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Interrupt the block with DocumentTimeout after ``seconds`` of CPU time (SIGPROF), or
    WALL_FACTOR times as long by the clock (SIGALRM). Main thread only.

    This is the in-process limit of ``--jobs 1``: it stops Python code, but a parser stuck
    inside one C call only sees it when the call returns. Worker processes are killed instead.
    """
    usable = (
        seconds
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def expire(signum, frame):
        if signum == signal.SIGPROF:
            raise DocumentTimeout(seconds, True)
        raise DocumentTimeout(seconds * WALL_FACTOR, False)

    timers = {signal.SIGPROF: signal.ITIMER_PROF, signal.SIGALRM: signal.ITIMER_REAL}
    previous = {signum: signal.signal(signum, expire) for signum in timers}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)
    try:
        yield
    finally:
        for signum, timer in timers.items():
            signal.setitimer(timer, 0)
            signal.signal(signum, previous[signum])


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_document(*args, **kwargs) -> Document:
    """``extractor.load_document``, imported on first use: the PDF and OCR readers are heavy
    and commands that only read the store never need them."""
    return extractor.load_document(*args, **kwargs)


def read_item(item: InputItem) -> bytes:
    """The item's bytes; a file on disk over MAX_DOCUMENT_BYTES is refused before reading."""
    if item.data is not None:
        return item.data
    try:
        size = item.path.stat().st_size
    except OSError:
        size = 0  # read_bytes says why
    if size > MAX_DOCUMENT_BYTES:
        raise ExtractError(
            f"{item.display_path} is {size_phrase(size)}, over the "
            f"{size_phrase(MAX_DOCUMENT_BYTES)} limit for one document: split it and ingest "
            "the parts"
        )
    return extractor.read_bytes(item.path, item.display_path)  # the loaders: on first use


def process_item(
    item: InputItem,
    settings: ExtractionSettings,
    *,
    ocr: str = "auto",
    ocr_engine: str = "auto",
    is_known: Callable[[str], bool] | None = None,
) -> Outcome:
    """Read, hash and (unless ``is_known(sha256)``) load and extract one input.

    Reads the file once; the hash is checked before any parsing. Never raises for a bad file
    (the Outcome says what failed) unless ``settings.strict``.
    """
    started, cpu = time.perf_counter(), time.process_time()
    name = item.display_path
    sha = None

    def outcome(status: str, **values) -> Outcome:
        return Outcome(name, status, sha, seconds=time.perf_counter() - started,
                       cpu_seconds=time.process_time() - cpu, **values)

    try:
        data = read_item(item)
        sha = sha256_of(data)
        if is_known is not None and is_known(sha):
            return outcome("duplicate")
        document = load_document(
            item.path or name, display_path=name, data=data, ocr=ocr, ocr_engine=ocr_engine)
        del data
        contract = extractor.extract(document, settings)
        fingerprint = extractor.fingerprint(document.text)  # here, where the text is
    except ExtractError as e:
        return outcome("failed", error=str(e))
    except DocumentTimeout as e:
        return outcome("failed", error=timeout_reason(name, *e.args))
    except (Exception, RecursionError) as e:  # a bug or a hostile file must not stop the batch
        if settings.strict:
            raise
        log.exception("extraction of %s failed", name)
        return outcome("failed", error=f"{name}: extraction failed: {e!r}")
    status = "needs_ocr" if document.needs_ocr else "stored"
    return outcome(status, pages=document.page_count, document=document, contract=contract,
                   fingerprint=fingerprint)


def write_outcome(db: sqlite_utils.Database, outcome: Outcome) -> Outcome:
    """Store what ``process_item`` produced. Content stored meanwhile (by another worker or by
    another ``contracts ingest`` on the same store) becomes a duplicate, not a failure.
    Raises sqlite3.OperationalError when the store itself fails (locked, disk full): the batch
    stops there and a rerun continues."""
    if outcome.status == "failed":
        record_error(db, outcome.path, outcome.error or "failed", outcome.sha256)
        return outcome
    if outcome.document is None:
        return outcome
    slim = replace(outcome, document=None, contract=None, fingerprint=None)
    duplicate = replace(slim, status="duplicate", pages=0)
    if document_exists(db, outcome.document.sha256):
        return duplicate
    try:
        contract_id = families.save_with_family(db, outcome.document, outcome.contract,
                                                outcome.fingerprint)
    except sqlite3.IntegrityError as e:
        return duplicate if "documents.sha256" in str(e) else _store_failed(db, slim, e)
    except sqlite3.OperationalError:
        raise
    except Exception as e:  # noqa: BLE001 - text the store refuses must not stop the batch
        return _store_failed(db, slim, e)
    clear_error(db, outcome.path)
    return replace(slim, contract_id=contract_id)


def _store_failed(db: sqlite_utils.Database, outcome: Outcome, error: Exception) -> Outcome:
    log.exception("storing %s failed", outcome.path)
    reason = f"{outcome.path} could not be stored: {error!r}"
    record_error(db, outcome.path, reason, outcome.sha256)
    return replace(outcome, status="failed", pages=0, error=reason)


def ingest(
    db: sqlite_utils.Database,
    paths: Iterable[str],
    settings: ExtractionSettings | None = None,
    *,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
    ocr: str = "auto",
    ocr_engine: str = "auto",
    memory_limit: int | None = WORKER_MEMORY_LIMIT,
    limits: ArchiveLimits | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    summary: IngestSummary | None = None,
) -> IngestSummary:
    """Ingest every readable file under ``paths``. Identical content is stored once.

    ``jobs`` > 1 reads documents in that many worker processes (this process stays the only
    writer); 1 reads them here. ``timeout``: CPU seconds per document (None: no limit), and
    WALL_FACTOR times as long by the clock; the document is reported failed, the batch goes on. ``memory_limit``: bytes of address space per
    worker. Pass ``summary`` to keep what was done if the batch is interrupted.
    """
    settings = settings or ExtractionSettings()
    summary = summary if summary is not None else IngestSummary()
    started = time.perf_counter()

    def done(index: int, outcome: Outcome) -> None:
        summary.add(index, outcome)
        if on_outcome:
            on_outcome(outcome)

    def items() -> Iterator[tuple[int, InputItem]]:
        for index, entry in enumerate(iter_inputs(paths, limits=limits or ArchiveLimits())):
            if isinstance(entry, InputItem):
                yield index, entry
                continue
            status = "skipped" if entry.skipped else "failed"
            if status == "failed":
                record_error(db, entry.display_path, entry.reason)
            done(index, Outcome(entry.display_path, status, error=entry.reason))

    def is_known(sha: str) -> bool:
        return document_exists(db, sha) is not None

    try:
        if jobs <= 1:
            for index, item in items():
                outcome = _process_here(item, settings, (ocr, ocr_engine), is_known, timeout)
                done(index, write_outcome(db, outcome))
        else:
            extractor.warm_up()  # forked workers inherit the pipeline ready to use

            def on_result(index: int, result: Outcome | Failure) -> None:
                if isinstance(result, Failure):
                    result = Outcome(result.item.display_path, "failed", result.sha256,
                                     seconds=result.seconds, error=result.reason)
                done(index, write_outcome(db, result))

            job = Job(settings, ocr, timeout, memory_limit, ocr_engine=ocr_engine)
            run_pool(items(), jobs, job, process_item, is_known, on_result)
    finally:
        summary.seconds = time.perf_counter() - started
        summary.sort()
    return summary


def _process_here(item, settings, ocr, is_known, timeout) -> Outcome:
    mode, engine = ocr
    try:
        with time_limit(timeout):
            return process_item(item, settings, ocr=mode, ocr_engine=engine, is_known=is_known)
    except DocumentTimeout as e:  # the timer rang just as the document finished
        name = item.display_path
        return Outcome(name, "failed", error=timeout_reason(name, *e.args))


def reextract_stored(
    db: sqlite_utils.Database,
    settings: ExtractionSettings | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> IngestSummary:
    """Re-run extraction on every stored document, keeping what people set or corrected; each
    contract then takes its values from its best version again (tracker/families.py)."""
    settings = settings or ExtractionSettings()
    summary = IngestSummary()
    started = time.perf_counter()
    rows = list(db.query("SELECT c.id AS contract_id, c.document_id FROM contracts c ORDER BY c.id"))
    for index, row in enumerate(rows):
        t0 = time.perf_counter()
        document = stored_document(db, row["document_id"])
        try:
            contract = extractor.extract(document, settings)
        except Exception as e:
            if settings.strict:
                raise
            outcome = Outcome(document.path, "failed", document.sha256, error=f"extraction failed: {e!r}")
        else:
            with transaction(db):
                families.reextracted(db, row["contract_id"], contract)
            outcome = Outcome(document.path, "reextracted", document.sha256, document.page_count,
                              time.perf_counter() - t0, contract_id=row["contract_id"])
        summary.add(index, outcome)
        if on_outcome:
            on_outcome(outcome)
    summary.seconds = time.perf_counter() - started
    return summary
