"""Batch import (issue 5): worker processes and one writer, resume after kill -9, per-document
time limit, progress and report, hostile archives, and two processes on one store.

Hostile files are made by tests/make_hostile_files.py; a few (a symbolic link loop, a file name
that is not UTF-8) are made here in tmp_path because they cannot live in git.
"""

from __future__ import annotations

import csv
import faulthandler
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extractor.nlp.pipeline import extract as pipeline_extract
from extractor.read import ocr
from tests.conftest import FIXTURES, ROOT, TEST_FILES
from tracker import cli_store
from tracker import ingest as ingest_module
from tracker.cli import cli
from tracker.ingest import Outcome, ingest
from tracker.store import open_store

HOSTILE = TEST_FILES / "hostile"
CONSULTING = FIXTURES / "consulting-agreement.pdf"
CONTRACTS = [sys.executable, "-c", "from tracker.cli import cli; cli()"]


SLOW_CLAUSE = (
    "4.2 Client shall pay Provider Twenty-Five Thousand Dollars ($25,000.00) within thirty (30) "
    "days after acceptance of Deliverable 3 on or before March 15, 2025. "
)


@pytest.fixture(scope="module")
def spinning_pdf(tmp_path_factory) -> Path:
    """A 1.9 MB contract whose extraction takes ~10 CPU seconds: a document that keeps a
    worker busy far past a 1 s limit (a stand-in for a pathological file)."""
    path = tmp_path_factory.mktemp("slow") / "slow_contract.txt"
    path.write_text(SLOW_CLAUSE * (1_900_000 // len(SLOW_CLAUSE)), encoding="utf-8")
    return path


def run(runner, *args):
    return runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def unique_copies(folder: Path, count: int) -> list[Path]:
    """Copies of the fixture contracts, each made unique by bytes after %%EOF (still valid)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(FIXTURES.glob("*.pdf"))
    made = []
    for n in range(count):
        source = sources[n % len(sources)]
        target = folder / f"{n:03d}-{source.name}"
        target.write_bytes(source.read_bytes() + f"\n% copy {n}\n".encode())
        made.append(target)
    return made


def report_rows(path: Path) -> dict[str, dict]:
    return {row["path"]: row for row in json.loads(path.read_text())}


def count(db_path: Path, sql: str) -> int:
    with sqlite3.connect(db_path, timeout=30) as conn:
        return conn.execute(sql).fetchone()[0]


def spawn(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [*CONTRACTS, *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, **kwargs,
    )


# --- workers and the single writer ---------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_workers_store_every_document_once_and_report_each_input(runner, db_path, tmp_path, jobs):
    files = unique_copies(tmp_path / "in", 5)
    (tmp_path / "in" / "same-as-000.pdf").write_bytes(files[0].read_bytes())
    (tmp_path / "in" / "notes.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "in" / "empty.pdf").write_bytes(b"")
    report = tmp_path / "import.json"
    result = run(runner, "ingest", "--jobs", jobs, "--report", report, tmp_path / "in")
    assert result.exit_code == 1  # the empty file
    assert "Ingested 5 · already in the store 1 · skipped 1" in result.stderr
    assert "failed 1 (see `contracts errors`)" in result.stderr
    rows = json.loads(report.read_text())  # in the order documents finished
    assert sorted(Path(r["path"]).name for r in rows) == sorted(
        p.name for p in (tmp_path / "in").iterdir()
    )
    statuses = {Path(r["path"]).name: r["status"] for r in rows}
    assert statuses["same-as-000.pdf"] in ("duplicate", "stored")  # whichever finished second
    assert statuses["notes.xlsx"] == "skipped" and statuses["empty.pdf"] == "failed"
    stored = [r for r in rows if r["status"] == "stored"]
    assert all(len(r["sha256"]) == 64 and r["pages"] >= 1 and r["seconds"] > 0 for r in stored)
    assert count(db_path, "SELECT count(*) FROM documents") == 5
    assert count(db_path, "SELECT count(*) FROM contracts") == 5


def test_csv_report_has_one_row_per_input(runner, db_path, tmp_path):
    report = tmp_path / "import.csv"
    run(runner, "ingest", "--jobs", 2, "--ocr", "never", "--report", report, CONSULTING,
        TEST_FILES / "scanned.pdf", TEST_FILES / "empty.pdf")
    rows = list(csv.DictReader(io.StringIO(report.read_text())))
    assert list(rows[0]) == ["path", "sha256", "status", "pages", "seconds", "cpu_seconds",
                             "error"]
    statuses = {Path(r["path"]).name: (r["status"], r["pages"]) for r in rows}
    assert statuses == {
        "consulting-agreement.pdf": ("stored", "3"),
        "scanned.pdf": ("needs_ocr", "3"),
        "empty.pdf": ("failed", "0"),
    }
    assert any("is empty (0 bytes)" in r["error"] for r in rows)


def test_a_long_list_of_failures_is_cut_short_on_screen(runner, db_path, tmp_path):
    for n in range(23):
        (tmp_path / f"empty-{n:02d}.pdf").write_bytes(b"")
    result = run(runner, "ingest", "--jobs", 1, tmp_path)
    assert result.stderr.count("failed: ") == 20
    assert "... and 3 more failures: `contracts errors` lists them all" in result.stderr
    assert len(json.loads(run(runner, "errors", "--json").stdout)) == 23


@pytest.mark.parametrize("jobs", [1, 2])
def test_stored_content_is_skipped_by_hash_before_any_parsing(db_path, tmp_path, monkeypatch,
                                                              jobs):
    files = unique_copies(tmp_path / "in", 3)
    parsed = tmp_path / "parsed.log"  # workers are other processes: they append to a file
    real = ingest_module.load_document

    def spy(path, **kwargs):
        with parsed.open("a") as log:
            log.write(f"{kwargs['display_path']}\n")
        return real(path, **kwargs)

    monkeypatch.setattr(ingest_module, "load_document", spy)
    db = open_store(db_path)
    first = ingest(db, [tmp_path / "in"], jobs=jobs)
    assert first.counts["stored"] == 3 and len(parsed.read_text().split()) == 3
    files[0].with_name("renamed.pdf").write_bytes(files[0].read_bytes())
    again = ingest(db, [tmp_path / "in"], jobs=jobs)
    assert again.counts["duplicate"] == 4
    assert len(parsed.read_text().split()) == 3  # nothing parsed the second time


def test_content_stored_by_another_process_meanwhile_is_a_duplicate(db_path, monkeypatch):
    db = open_store(db_path)
    document = ingest_module.load_document(CONSULTING)
    contract = pipeline_extract(document, ingest_module.ExtractionSettings())
    first = Outcome("a.pdf", "stored", document.sha256, 3, document=document, contract=contract)
    second = Outcome("b.pdf", "stored", document.sha256, 3, document=document, contract=contract)
    assert ingest_module.write_outcome(db, first).status == "stored"
    # Another process stored it between our check and our insert: UNIQUE(sha256) decides.
    monkeypatch.setattr(ingest_module, "document_exists", lambda db, sha: None)
    assert ingest_module.write_outcome(db, second).status == "duplicate"
    assert count(db_path, "SELECT count(*) FROM documents") == 1


# --- time limit and crashes ----------------------------------------------------------------


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_that_makes_the_parser_spin_is_stopped_and_the_batch_goes_on(
    runner, db_path, tmp_path, spinning_pdf, jobs
):
    # No clock here: the message below is written only by the time limit that stopped it.
    report = tmp_path / "r.json"
    result = run(runner, "ingest", "--jobs", jobs, "--timeout", 1, "--report", report,
                 spinning_pdf, CONSULTING)
    assert result.exit_code == 1
    rows = report_rows(report)
    slow = rows[str(spinning_pdf)]
    assert slow["status"] == "failed" and len(slow["sha256"]) == 64
    # 1 s of CPU time; on a machine too busy to give it that, 3 s by the clock stop it first.
    assert re.search(r"slow_contract.txt timed out after (1 s of CPU time|3 s \(wall clock\)) and "
                     r"was stopped", slow["error"]), slow["error"]
    assert rows[str(CONSULTING)]["status"] == "stored"
    [error] = json.loads(run(runner, "errors", "--json").stdout)
    assert error["reason"] == slow["error"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_that_hangs_without_using_cpu_is_stopped_by_the_clock(
    db_path, tmp_path, monkeypatch, jobs
):
    files = unique_copies(tmp_path / "in", 2)
    real = ingest_module.load_document

    def hang_on_000(path, **kwargs):
        if "000-" in kwargs["display_path"]:
            time.sleep(60)  # a network drive that stopped answering: no CPU used
        return real(path, **kwargs)

    monkeypatch.setattr(ingest_module, "load_document", hang_on_000)
    # No clock here: without the limit the sleep ends and the file is stored, not failed.
    summary = ingest(open_store(db_path), [tmp_path / "in"], jobs=jobs, timeout=0.5)
    assert [o.status for o in summary.outcomes] == ["failed", "stored"]
    assert summary.failed[0].error.startswith(f"{files[0]} timed out after ")
    assert "s (wall clock) and was stopped" in summary.failed[0].error


def test_a_reader_that_crashes_is_reported_and_replaced(db_path, tmp_path, monkeypatch):
    files = unique_copies(tmp_path / "in", 3)
    real = ingest_module.load_document

    def segfault_on_001(path, **kwargs):
        if "001-" in kwargs["display_path"]:
            faulthandler.disable()  # pytest's handler would print a traceback for this crash
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(path, **kwargs)

    monkeypatch.setattr(ingest_module, "load_document", segfault_on_001)
    summary = ingest(open_store(db_path), [tmp_path / "in"], jobs=2)
    assert [o.status for o in summary.outcomes] == ["stored", "failed", "stored"]
    assert f"{files[1]} crashed the reader process (killed by SIGSEGV)" in summary.failed[0].error


def test_memory_cap_stops_a_decompression_bomb_pdf_alone(db_path, monkeypatch):
    # 100 KB that PDFium inflates to 100 MB: under a 400 MB address-space cap it fails alone.
    real = ingest_module.load_document

    def quiet_abort(path, **kwargs):
        faulthandler.disable()  # PDFium aborts when out of memory: no pytest traceback for it
        return real(path, **kwargs)

    monkeypatch.setattr(ingest_module, "load_document", quiet_abort)
    db = open_store(db_path)
    summary = ingest(db, [HOSTILE / "stream_bomb.pdf", CONSULTING], jobs=2,
                     memory_limit=400 * 2**20)
    assert [o.status for o in summary.outcomes] == ["failed", "stored"]
    assert "400 MB memory a reader may use" in summary.outcomes[0].error
    relaxed = ingest(db, [HOSTILE / "stream_bomb.pdf"], jobs=2)  # the default cap: 2 GB
    assert relaxed.outcomes[0].status == "stored"


# --- resume after kill -9 and Ctrl-C --------------------------------------------------------


def children_of(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found.update(int(c) for c in task.read_text().split())
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def wait_for_documents(process: subprocess.Popen, db_path: Path, at_least: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if db_path.exists():
            try:
                stored = count(db_path, "SELECT count(*) FROM documents")
            except sqlite3.OperationalError:  # the store is being created
                stored = 0
            if stored >= at_least:
                return stored
        time.sleep(0.02)
    pytest.fail(f"the import ended or stalled before storing {at_least} documents")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_kill_9_mid_batch_then_the_same_command_continues(tmp_path):
    files = unique_copies(tmp_path / "in", 24)
    db = tmp_path / "store.db"
    command = ("ingest", "--db", db, "--jobs", 2, tmp_path / "in")
    first = spawn(*command, "--report", tmp_path / "first.csv")
    stored_before = wait_for_documents(first, db, at_least=3)
    workers = children_of(first.pid)
    first.kill()  # SIGKILL to the writer only, as `kill -9 PID` would
    first.wait()
    at_kill = count(db, "SELECT count(*) FROM documents")
    assert stored_before <= at_kill < len(files), "kill came too late to test anything"
    deadline = time.monotonic() + 5
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(w) for w in workers), "orphaned workers kept running"
    # No half-stored document: every document has its contract, the store is intact.
    assert count(db, "SELECT count(*) FROM contracts") == at_kill
    assert count(db, "PRAGMA integrity_check") == "ok"
    rows = list(csv.DictReader(io.StringIO((tmp_path / "first.csv").read_text())))
    assert at_kill - 1 <= len(rows) <= at_kill  # the report kept up, row by row

    second = spawn(*command)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert f"Ingested {len(files) - at_kill} · already in the store {at_kill}" in err
    assert count(db, "SELECT count(*) FROM documents") == len(files)
    assert count(db, "SELECT count(DISTINCT sha256) FROM documents") == len(files)
    assert count(db, "SELECT count(*) FROM contracts") == len(files)


# `contracts ingest` whose writer, once the first document is stored and its report row written,
# touches a marker file and waits: Ctrl-C then lands at a known point of a batch still running
# (the workers go on reading), however busy the machine is.
PAUSED_INGEST = """
import pathlib, signal, sys, time
# Ctrl-C as a terminal delivers it. A Python started with SIGINT ignored leaves it ignored, and
# a test run started in the background by a non-interactive shell (`pytest &`) ignores SIGINT:
# this child then slept through the signal.
signal.signal(signal.SIGINT, signal.default_int_handler)
from tracker import cli_store
from tracker.cli import cli
marker = pathlib.Path(sys.argv[1])
write_row = cli_store.ReportWriter.__call__

def write_then_wait(self, outcome):
    write_row(self, outcome)
    if outcome.status == "stored" and not marker.exists():
        marker.touch()
        time.sleep(120)

cli_store.ReportWriter.__call__ = write_then_wait
cli(sys.argv[2:])
"""


def test_ctrl_c_stops_cleanly_and_says_how_to_continue(tmp_path):
    unique_copies(tmp_path / "in", 8)
    db, report, marker = tmp_path / "store.db", tmp_path / "partial.json", tmp_path / "stored-one"
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSED_INGEST, str(marker), "ingest", "--db", str(db),
         "--jobs", "2", "--report", str(report), str(tmp_path / "in")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "no document was stored within a minute"
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the whole process group
    _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "Interrupted: every document finished so far is stored; run the same command again " \
           "to continue." in err
    assert "Ingested 1 · already in the store 0 · failed 0" in err
    assert count(db, "SELECT count(*) FROM documents") == 1
    assert count(db, "SELECT count(*) FROM contracts") == 1
    assert count(db, "PRAGMA integrity_check") == "ok"
    [row] = json.loads(report.read_text())  # still valid JSON: the one finished input
    assert row["status"] == "stored" and row["path"].startswith(str(tmp_path / "in"))


# --- two processes on one store --------------------------------------------------------------


def test_two_imports_of_the_same_files_at_once_store_each_document_once(tmp_path):
    files = unique_copies(tmp_path / "in", 10)
    db = tmp_path / "store.db"
    open_store(db).conn.close()  # both start on an existing store, as on the second day
    reports = [tmp_path / "a.json", tmp_path / "b.json"]
    processes = [
        spawn("ingest", "--db", db, "--jobs", jobs, "--report", r, tmp_path / "in")
        for jobs, r in zip((1, 2), reports)
    ]
    for process in processes:
        _, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    assert count(db, "PRAGMA integrity_check") == "ok"
    assert count(db, "SELECT count(*) FROM documents") == len(files)
    assert count(db, "SELECT count(*) FROM contracts") == len(files)
    statuses = [r["status"] for report in reports for r in json.loads(report.read_text())]
    assert statuses.count("stored") == len(files)
    assert statuses.count("duplicate") == len(files)


def test_the_store_answers_other_commands_while_an_import_runs(tmp_path, spinning_pdf):
    unique_copies(tmp_path / "in", 12)
    db = tmp_path / "store.db"
    # The spinning PDF keeps one worker busy, so the import outlives the readers.
    importing = spawn("ingest", "--db", db, "--jobs", 2, "--timeout", 60,
                      spinning_pdf, tmp_path / "in", start_new_session=True)
    try:
        wait_for_documents(importing, db, at_least=1)
        readers = [
            subprocess.Popen([*CONTRACTS, *command, "--db", str(db)], cwd=ROOT, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for command in (["list", "--json"], ["milestones", "--json"], ["report", "--json"])
        ]
        for reader in readers:
            out, err = reader.communicate(timeout=20)
            assert reader.returncode == 0, err
            json.loads(out)
        assert importing.poll() is None, "the import finished before the readers ran"
    finally:
        os.killpg(importing.pid, signal.SIGKILL)
        importing.communicate()
    assert count(db, "PRAGMA integrity_check") == "ok"


# --- hostile inputs --------------------------------------------------------------------------

HOSTILE_EXPECTED = {
    "hostile/symlink_member.zip!passwd.txt": (
        "failed", "is a symbolic link inside the archive: not followed, not read"),
    "hostile/symlink_member.zip!contract.txt": ("stored", None),
    "hostile/duplicate_names.zip!deal/contract.txt": ("stored", None),
    "hostile/duplicate_names.zip!deal/contract (2).txt": ("stored", None),
    "hostile/legacy_names.zip!Vertrag_Müller.txt": ("stored", None),
    "hostile/legacy_names.zip!Contrat_été.txt": ("stored", None),
    "hostile/legacy_names.zip!î_û±Åæ_2019.txt": ("stored", None),  # Shift-JIS: undecidable
    "hostile/legacy_names.zip!?[2J?[31mred?line.txt": ("stored", None),
    "hostile/bad_utf8_names.zip": ("failed", "member names are marked UTF-8 but are not"),
    "hostile/many_pages.pdf": ("stored", None),
    "hostile/huge_page.pdf": ("stored", None),
    "hostile/stream_bomb.pdf": ("stored", None),
    "traversal.zip!../evil.txt": ("failed", "unsafe path in the archive"),
    "traversal.zip!/etc/evil.txt": ("failed", "unsafe path in the archive"),
    "bomb.zip!zeros.txt": ("failed", "refusing a possible zip bomb"),
    "nested_deep.zip!level2.zip!level3.zip!level4.zip": ("failed", "nested more than 3 deep"),
    "encrypted_member.zip!secret.txt": ("failed", "is encrypted in the zip"),
    "entity_bomb.docx": ("failed", "refusing a possible entity bomb"),
}


def test_hostile_inputs_fail_alone_with_a_reason_and_nothing_is_written_outside(
    runner, db_path, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    loop = tmp_path / "loop"
    (loop / "deeper").mkdir(parents=True)
    (loop / "deeper" / "up").symlink_to(loop)  # loop/deeper/up/deeper/up/...
    (loop / "contract.txt").write_text("SERVICES AGREEMENT between Acme Corp. and Widget LLC.")
    odd = os.fsdecode(b"contrat-\xe9t\xe9.txt")  # Latin-1 bytes in a file name: not UTF-8
    (loop / odd).write_text("CONSULTING AGREEMENT between Zenith Inc. and Widget LLC.")
    before = sorted(p.relative_to(TEST_FILES) for p in TEST_FILES.rglob("*"))
    report = tmp_path / "r.json"
    names = [n.split("!")[0] for n in HOSTILE_EXPECTED]
    result = run(runner, "ingest", "--jobs", 2, "--report", report,
                 *dict.fromkeys(TEST_FILES / n for n in names), HOSTILE / "huge_scan.pdf", loop)
    assert result.exit_code == 1
    rows = report_rows(report)
    for name, (status, reason) in HOSTILE_EXPECTED.items():
        row = rows[str(TEST_FILES / name)]
        assert row["status"] in ((status, "duplicate") if status == "stored" else (status,)), name
        assert reason is None or reason in row["error"], (name, row["error"])
    assert rows[str(HOSTILE / "many_pages.pdf")]["pages"] == 3000
    # A page 200 inches square: OCR reads it at a capped resolution (stored); without the OCR
    # extra it is kept and flagged. Never a failure, never a 60,000-pixel bitmap.
    huge = rows[str(HOSTILE / "huge_scan.pdf")]
    assert (huge["status"], huge["pages"]) == ("stored" if ocr.available() else "needs_ocr", 1)
    assert rows[f"{loop}/contract.txt"]["status"] == "stored"
    assert rows[f"{loop}/contrat-\ufffdt\ufffd.txt"]["status"] == "stored"
    assert "symbolic link loop" in rows[f"{loop}/deeper/up"]["error"]
    assert "\x1b" not in result.stderr  # escape codes in member names never reach the terminal
    # Nothing unpacked to disk: the current folder holds the store and the report only.
    written = {p.name for p in tmp_path.iterdir()} - {"contracts.db-shm", "contracts.db-wal"}
    assert written == {"contracts.db", "loop", "r.json"}
    assert sorted(p.relative_to(TEST_FILES) for p in TEST_FILES.rglob("*")) == before
    assert not Path("/etc/evil.txt").exists()


def test_a_file_too_large_for_one_document_is_refused_before_reading(db_path, tmp_path,
                                                                     monkeypatch):
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * 2048)
    monkeypatch.setattr(ingest_module, "MAX_DOCUMENT_BYTES", 1024)
    [outcome] = ingest(open_store(db_path), [big], jobs=1).outcomes
    assert outcome.status == "failed"
    assert outcome.error == (f"{big} is 2,057 bytes, over the 1,024 bytes limit for one "
                             "document: split it and ingest the parts")


# --- what the user sees ----------------------------------------------------------------------


def test_progress_line_shows_done_total_rate_and_eta(monkeypatch):
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setenv("COLUMNS", "120")
    progress = cli_store.Progress(total=10, enabled=True)
    progress.started -= 4.0  # 4 s ago
    for _ in range(4):
        progress.drawn = 0.0
        progress(Outcome("archive.zip!deal/\x1b[2Jmsa.pdf", "stored"))
    progress.close()
    last = err.getvalue().rstrip("\n").split("\r")[-1]
    assert last.startswith("Ingesting [#########---------------] 4/10 1.0 docs/s ETA 0:06")
    assert "deal/?[2Jmsa.pdf" in last
    monkeypatch.setenv("COLUMNS", "40")  # a narrow terminal: cut, never wrapped
    assert len(progress.line(4.0, "x.pdf")) == 39


def test_no_progress_bar_when_stderr_is_not_a_terminal_or_with_quiet(runner, db_path):
    for extra in ([], ["--quiet"]):
        result = run(runner, "ingest", *extra, CONSULTING)
        assert "Ingesting [" not in result.stderr
        assert result.stderr.startswith("Ingested 1 ") or "already in the store 1" in result.stderr


def test_ingest_help_documents_jobs_timeout_and_ocr(runner):
    text = run(runner, "ingest", "--help").stdout
    assert "--jobs" in text and "number of CPUs" in text
    assert "--timeout" in text and "120" in text
    assert "--ocr [auto|always|never]" in text


@pytest.mark.parametrize("mode", ["auto", "always", "never"])
def test_ocr_mode_reaches_the_loader(runner, db_path, tmp_path, monkeypatch, mode):
    seen = []
    real = ingest_module.load_document

    def spy(path, **kwargs):
        seen.append(kwargs["ocr"])
        return real(path, **kwargs)

    monkeypatch.setattr(ingest_module, "load_document", spy)
    (tmp_path / "nda.txt").write_text("NON-DISCLOSURE AGREEMENT between Acme Corp. and Beta LLC.")
    assert run(runner, "ingest", "--jobs", 1, "--ocr", mode, tmp_path / "nda.txt").exit_code == 0
    assert seen == [mode]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("contract.pdf", "contract.pdf"),
        ("Vertrag_Müller.pdf", "Vertrag_Müller.pdf"),
        (os.fsdecode(b"caf\xe9.pdf"), "caf\ufffd.pdf"),  # Latin-1 byte in a Linux file name
        ("\x1b[31mred.pdf", "?[31mred.pdf"),
        ("two\nlines.pdf", "two?lines.pdf"),
        ("invoice\u202efdp.exe", "invoice?fdp.exe"),  # right-to-left override hides .exe
    ],
)
def test_names_are_made_fit_to_show_and_store(name, shown):
    from extractor.read.inputs import readable_name

    assert readable_name(name) == shown


def test_duplicate_member_names_keep_their_extension_and_never_collide():
    from collections import Counter

    from extractor.read.inputs import numbered

    taken = Counter({"deal/contract.pdf": 2, "deal/contract (2).pdf": 1})
    assert numbered("deal/contract.pdf", 2, taken) == "deal/contract (3).pdf"
    assert numbered("v1.0/README", 2, taken) == "v1.0/README (2)"
