"""Worker processes for ``ingest --jobs N``: they read and extract, this process writes.

Why a pool of our own and not concurrent.futures: a document that makes a parser spin inside
C code (PDFium, pdfminer) cannot be interrupted from Python, and ProcessPoolExecutor can
neither kill one task nor survive a worker that dies (one segfault breaks the whole pool). Here
each worker is a process with its own pipe; a worker past its document's time limit is killed
and replaced, a worker that crashes is reported and replaced, and the batch goes on.

The time limit is CPU time (RLIMIT_CPU, set afresh before each document: the kernel sends
SIGXCPU, which kills even inside C code), so a busy machine does not fail documents that are
merely waiting for a core. A worker that uses no CPU but does not finish (a hung network drive)
is killed by the clock after WALL_FACTOR times the limit.

Protocol on each worker's pipe (one document at a time):
    worker -> main  ("ready", None)           once, when started: deadlines count from here
    main -> worker  InputItem                 a document to read; None: exit
    worker -> main  ("hash", sha256)          asked before any parsing ...
    main -> worker  bool                      ... already in the store? then it is not parsed
    worker -> main  ("done", Outcome)         the extraction, written by this process

Memory: each worker holds one document at a time and is replaced after ``RECYCLE_AFTER``
documents (spaCy's string store grows with every new word it sees); this process holds at most
one item per worker plus the one being walked. Items on disk travel as paths, archive members as
their bytes (at most ArchiveLimits.max_member_bytes each; the walker already holds them).
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import resource
import signal
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from extractor import InputItem
from models import ExtractionSettings

log = logging.getLogger(__name__)

RECYCLE_AFTER = 200  # documents per worker before it is replaced by a fresh one
STOP_GRACE = 2.0  # seconds a worker gets to exit after being told to stop
START_GRACE = 60.0  # seconds a new worker may take to start (spawn imports spaCy) on top
WALL_FACTOR = 3.0  # wall-clock backstop: this many times the CPU time limit


@dataclass(frozen=True)
class Job:
    """What every worker needs to read a document: the same for the whole batch."""

    settings: ExtractionSettings
    ocr: str = "auto"
    timeout: float | None = None  # CPU seconds per document; None: no limit
    memory_limit: int | None = None  # bytes of address space per worker; None: no limit
    ocr_engine: str = "auto"  # auto (rapidocr, else tesseract), rapidocr, tesseract


def start_method() -> str:
    """fork on Linux (workers inherit the warm spaCy pipeline); spawn elsewhere (macOS)."""
    return "fork" if sys.platform.startswith("linux") else "spawn"


class Worker:
    """One worker process, its pipe, and the document it is reading."""

    def __init__(self, context, job: Job, others: list[Connection], process_item) -> None:
        self.conn, child = context.Pipe(duplex=True)
        # Under fork the child inherits every pipe end this process holds; it closes them so it
        # sees end-of-file when this process dies (kill -9) instead of waiting forever.
        inherited = [*others, self.conn] if context.get_start_method() == "fork" else []
        self.process = context.Process(
            target=worker_main,
            args=(child, inherited, job, process_item),
            daemon=True,
            name="contracts-reader",
        )
        self.process.start()
        child.close()
        self.index: int | None = None
        self.item: InputItem | None = None
        self.sha: str | None = None
        self.deadline: float | None = None
        self.started = 0.0
        self.count = 0
        self.ready = False
        self.timeout: float | None = None

    @property
    def busy(self) -> bool:
        return self.index is not None

    def give(self, index: int, item: InputItem, timeout: float | None) -> None:
        self.index, self.item, self.sha = index, item, None
        self.timeout = timeout
        self.begin()
        if self.deadline is not None and not self.ready:
            self.deadline += START_GRACE
        self.count += 1
        self.conn.send(item)

    def begin(self) -> None:
        self.started = time.monotonic()
        self.deadline = self.started + self.timeout * WALL_FACTOR if self.timeout else None

    def finish(self) -> tuple[int, InputItem, str | None, float]:
        done = (self.index, self.item, self.sha, time.monotonic() - self.started)
        self.index = self.item = self.sha = self.deadline = None
        return done

    def stop(self) -> None:
        """Ask an idle worker to exit; kill it if it does not."""
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(STOP_GRACE)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class Pool:
    """Up to ``jobs`` workers, started when there is work for them."""

    def __init__(self, jobs: int, job: Job, process_item, is_known: Callable[[str], bool]):
        self.jobs, self.job = jobs, job
        self.process_item, self.is_known = process_item, is_known
        self.context = multiprocessing.get_context(start_method())
        self.workers: list[Worker] = []

    @property
    def busy(self) -> list[Worker]:
        return [w for w in self.workers if w.busy]

    def has_room(self) -> bool:
        return len(self.busy) < self.jobs

    def submit(self, index: int, item: InputItem) -> None:
        worker = next((w for w in self.workers if not w.busy), None)
        if worker is None:
            others = [w.conn for w in self.workers]
            worker = Worker(self.context, self.job, others, self.process_item)
            self.workers.append(worker)
        try:
            worker.give(index, item, self.job.timeout)
        except OSError:  # died while idle: replace it and try again
            self.retire(worker, kill=True)
            self.submit(index, item)

    def retire(self, worker: Worker, kill: bool = False) -> None:
        self.workers.remove(worker)
        worker.kill() if kill else worker.stop()

    def results(self) -> Iterator[tuple[int, object]]:
        """Wait for the next results: (index, Outcome) or (index, Failure) for a killed worker."""
        busy = self.busy
        deadlines = [w.deadline for w in busy if w.deadline is not None]
        wait_for = max(min(deadlines) - time.monotonic(), 0) if deadlines else None
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait_for))
        for worker in busy:
            if worker.conn in ready or worker.process.sentinel in ready:
                yield from self.read(worker)
            elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                index, item, sha, seconds = worker.finish()
                self.retire(worker, kill=True)
                yield index, Failure(item, sha, seconds, timed_out=True)

    def read(self, worker: Worker) -> Iterator[tuple[int, object]]:
        try:
            message = worker.conn.recv() if worker.conn.poll() else None
        except (EOFError, OSError):
            message = None
        if message is None:  # the process died: a crash in C code, or the OOM killer
            index, item, sha, seconds = worker.finish()
            self.retire(worker, kill=True)
            code = worker.process.exitcode
            if code == -signal.SIGXCPU:  # its CPU time limit
                yield index, Failure(item, sha, self.job.timeout or 0, timed_out=True, cpu=True)
                return
            if code is not None and code > 0:  # Python itself failed: not this document's fault
                raise WorkerError(
                    f"a reader process exited with code {code} while reading "
                    f"{item.display_path} (its error is above)"
                )
            yield index, Failure(item, sha, seconds, exitcode=code,
                                 memory_limit=self.job.memory_limit)
            return
        kind, value = message
        if kind == "ready":
            worker.ready = True
            if worker.busy:
                worker.begin()  # its document's time starts now, not while it was starting
            return
        if kind == "hash":
            worker.sha = value
            worker.conn.send(bool(self.is_known(value)))
            return
        if kind == "raise":
            raise WorkerError(value)
        index, *_ = worker.finish()
        if worker.count >= RECYCLE_AFTER:
            self.retire(worker)
        yield index, value

    def close(self) -> None:
        for worker in list(self.workers):
            self.retire(worker, kill=worker.busy)


class WorkerError(Exception):
    """A worker failed in Python (strict settings, or a bug): the batch stops."""


@dataclass(frozen=True)
class Failure:
    """A worker that did not come back with an Outcome: killed at its deadline, or crashed."""

    item: InputItem
    sha256: str | None
    seconds: float
    timed_out: bool = False
    cpu: bool = False  # timed out on CPU time (else by the clock)
    exitcode: int | None = None
    memory_limit: int | None = None

    @property
    def reason(self) -> str:
        name = self.item.display_path
        if self.timed_out:
            return timeout_reason(name, self.seconds, cpu=self.cpu)
        code = self.exitcode
        how = f"exit code {code}"
        if code is not None and code < 0:
            try:
                how = f"killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"killed by signal {-code}"
        cap = f" {self.memory_limit // 2**20:,} MB" if self.memory_limit else ""
        return (
            f"{name} crashed the reader process ({how}): the file is damaged, or reading it "
            f"needs more than the{cap} memory a reader may use"
        )


def timeout_reason(name: str, seconds: float, cpu: bool = True) -> str:
    spent = f"{seconds:g} s of CPU time" if cpu else f"{seconds:.0f} s (wall clock)"
    return (
        f"{name} timed out after {spent} and was stopped "
        "(a pathological file? raise --timeout to give it longer)"
    )


def run_pool(
    items: Iterable[tuple[int, InputItem]],
    jobs: int,
    job: Job,
    process_item,
    is_known: Callable[[str], bool],
    on_result: Callable[[int, object], None],
) -> None:
    """Feed ``items`` to at most ``jobs`` workers and hand each result to ``on_result``, in
    this process, as it arrives (not in input order)."""
    pool = Pool(jobs, job, process_item, is_known)
    source = iter(items)
    more = True

    def fill() -> None:
        nonlocal more
        while more and pool.has_room():
            entry = next(source, None)
            if entry is None:
                more = False
            else:
                pool.submit(*entry)

    try:
        while True:
            fill()
            if not pool.busy:
                break
            finished = list(pool.results())
            fill()  # workers get their next document before this process writes the last ones
            for index, result in finished:
                on_result(index, result)
    finally:
        pool.close()


def worker_main(conn: Connection, inherited: list[Connection], job: Job, process_item) -> None:
    """A worker's life: read documents from the pipe until told to stop or orphaned."""
    for other in inherited:
        other.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the main process to handle
    if job.memory_limit:
        limit_memory(job.memory_limit)
    no_core_files()
    from extractor import warm_up

    warm_up()  # inherited ready under fork; built here under spawn
    conn.send(("ready", None))

    def is_known(sha: str) -> bool:
        conn.send(("hash", sha))
        return conn.recv()

    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the main process is gone
            return
        if task is None:
            return
        item = task
        if job.timeout:
            limit_cpu(job.timeout)
        try:
            message = ("done", process_item(item, job.settings, ocr=job.ocr,
                                           ocr_engine=job.ocr_engine, is_known=is_known))
        except Exception as error:  # noqa: BLE001 - strict mode: the main process re-raises it
            message = ("raise", f"{item.display_path}: {error!r}")
        try:
            conn.send(message)
        except (EOFError, OSError):
            return
        except Exception as error:  # noqa: BLE001 - an outcome that cannot be pickled
            conn.send(("raise", f"{item.display_path}: result not sendable: {error!r}"))


def limit_cpu(seconds: float) -> None:
    """SIGXCPU once this process has used ``seconds`` more CPU time (whole seconds, rounded
    up): the kernel stops a parser wherever it spins, Python code or C."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def no_core_files() -> None:
    """A worker killed by SIGXCPU or crashing in C must not leave a core file in the folder."""
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        pass


def limit_memory(limit: int) -> None:
    """Cap this process's address space: a runaway allocation fails here, not on the machine."""
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError) as error:  # not allowed here: run without a cap
        log.info("could not cap worker memory at %d bytes: %s", limit, error)


def default_jobs() -> int:
    return os.cpu_count() or 1
