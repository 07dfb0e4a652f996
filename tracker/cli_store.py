"""Commands that fill and read the store: ingest, list, show, errors, and extract (no store)."""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import click

from extractor import ExtractError
from tracker import batch, family_views
from tracker import ingest as ingest_lib
from tracker.cli_common import db_option, json_option, printable, settings_options
from tracker.output import echo_err, table, to_csv, to_json
from tracker.queries import LIST_FIELDS, get_contract, list_contracts, list_errors
from tracker.render import checklist_markdown, show_text

commands = click.Group()  # gathered into ``contracts`` by tracker/cli.py
OCR_ENGINES = ("auto", "rapidocr", "tesseract")  # extractor.read.ocr.ENGINES, not imported here


def ocr_engine_option(func):
    return click.option(
        "--ocr-engine", type=click.Choice(OCR_ENGINES), default="auto", show_default=True,
        help="Engine for pages read by OCR: auto takes rapidocr (the more accurate) when "
             "installed, else tesseract (2-3x faster).")(func)


def check_ocr_engine(name: str) -> None:
    """An engine asked for by name must be there: say how to install it, before any file."""
    if name == "auto":
        return
    from extractor.read import ocr  # the engine itself starts only here

    try:
        ocr.get_engine(name)
    except ocr.OcrUnavailable as error:
        raise click.ClickException(f"--ocr-engine {name}: {error}") from None


class Progress:
    """Files done/total, docs/s and ETA on stderr; silent when stderr is not a terminal."""

    REDRAW = 0.1  # seconds between redraws: a fast batch must not spend its time drawing

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.done = total, enabled, 0
        self.started = time.perf_counter()
        self.drawn = 0.0
        if enabled and total:
            sys.stderr.write("\r" + self.line(0.0, ""))
            sys.stderr.flush()

    def __call__(self, outcome: ingest_lib.Outcome) -> None:
        self.done += 1
        now = time.perf_counter()
        if not self.enabled or (now - self.drawn < self.REDRAW and self.done != self.total):
            return
        self.drawn = now
        sys.stderr.write("\r" + self.line(now - self.started, outcome.path))
        sys.stderr.flush()

    def line(self, elapsed: float, path: str) -> str:
        total = max(self.total, self.done)
        rate = self.done / max(elapsed, 1e-6)
        width = 24
        filled = int(width * self.done / max(total, 1))
        bar = "#" * filled + "-" * (width - filled)
        eta = clock((total - self.done) / rate) if rate > 0 else "-:--"
        name = printable(path)[-32:]
        text = f"Ingesting [{bar}] {self.done}/{total} {rate:.1f} docs/s ETA {eta} {name:<32}"
        return text[: shutil.get_terminal_size().columns - 1]  # a wrapped line cannot be redrawn

    def close(self) -> None:
        if self.enabled and self.done:
            sys.stderr.write("\n")


def clock(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def estimate_inputs(paths) -> int:
    """A quick count of files for the progress bar (archives count their members)."""
    import zipfile

    count = 0
    for raw in paths:
        path = Path(raw)
        try:
            files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        except OSError:
            files = [path]
        for file in files:
            if file.suffix.lower() == ".zip":
                try:
                    with zipfile.ZipFile(file) as archive:
                        count += sum(1 for i in archive.infolist() if not i.is_dir())
                    continue
                except (zipfile.BadZipFile, ValueError, OSError):
                    pass  # the walker reports it
            count += 1
    return count


def summary_line(summary: ingest_lib.IngestSummary) -> str:
    c = summary.counts
    parts = [f"Ingested {c['stored'] + c['needs_ocr']}"]
    if c["needs_ocr"]:
        parts[0] += f" ({c['needs_ocr']} need OCR)"
    if c["reextracted"]:
        parts.append(f"re-extracted {c['reextracted']}")
    parts.append(f"already in the store {c['duplicate']}")
    if c["skipped"]:
        parts.append(f"skipped {c['skipped']} (not a contract file type)")
    failed = f"failed {c['failed']}"
    if c["failed"]:
        failed += " (see `contracts errors`)"
    parts.append(failed)
    rate = ""
    if summary.seconds > 0 and summary.pages:
        docs = c["stored"] + c["needs_ocr"]
        rate = (
            f" in {summary.seconds:.1f}s ({summary.pages / summary.seconds:.0f} pages/s, "
            f"{docs / summary.seconds:.1f} docs/s)"
        )
    return " · ".join(parts) + rate


@commands.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--reextract", is_flag=True, help="Re-run extraction on every stored document.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=batch.default_jobs,
              show_default="number of CPUs",
              help="Worker processes reading documents. 1 reads them in this process, where "
                   "--timeout cannot stop a parser stuck inside C code.")
@click.option("--timeout", type=click.FloatRange(min=0), default=ingest_lib.DEFAULT_TIMEOUT,
              show_default=True,
              help="CPU seconds one document may use before it is stopped and reported failed "
                   f"(0: no limit); it is also stopped after {batch.WALL_FACTOR:g} times as long "
                   "by the clock.")
@click.option("--ocr", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True,
              help="OCR pages without a text layer (auto), every page (always), or none.")
@ocr_engine_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              help="Write one row per input file to FILE.json or FILE.csv: path, sha256, "
                   "status (stored, needs_ocr, duplicate, failed, skipped), pages, seconds, "
                   "cpu_seconds, error.")
@settings_options
@db_option
def ingest(db, paths, reextract, jobs, timeout, ocr, ocr_engine, quiet, report_path, settings):
    """Read contracts from files, folders and .zip archives into the store.

    Identical content (same SHA-256, any name) is stored once, and is recognised by its hash
    before it is parsed. Each document is saved in its own transaction: an interrupted batch
    (Ctrl-C, a killed process) keeps every finished document, and running the same command
    again continues where it stopped. Documents are read in --jobs worker processes; this
    process is the only one writing to the store. A document using more than --timeout CPU
    seconds is stopped and reported failed; the batch goes on.

    Exit code 0 when every file was stored or already present, 1 when any failed
    (`contracts errors` says why), 130 when interrupted.

    \b
    Example:
        $ contracts ingest ~/signed/ archive-2023.zip nda.docx
        $ contracts ingest --jobs 4 --report import.csv /mnt/archive/
        $ contracts ingest --reextract
    """
    if not paths and not reextract:
        raise click.UsageError("give at least one file, folder or .zip (or --reextract)")
    if ocr != "never":
        check_ocr_engine(ocr_engine)
    show = not quiet and sys.stderr.isatty()
    progress = Progress(estimate_inputs(paths) if show and paths else 0, enabled=show)
    try:
        report = ReportWriter(report_path) if report_path else None
    except OSError as error:
        raise click.BadParameter(f"cannot write {report_path}: {error.strerror}",
                                 param_hint="--report") from None

    def on_outcome(outcome: ingest_lib.Outcome) -> None:
        progress(outcome)
        if report:
            report(outcome)

    summary = ingest_lib.IngestSummary(keep_outcomes=False)
    stopped = None
    try:
        if reextract and not paths:
            summary = ingest_lib.reextract_stored(db, settings, on_outcome=on_outcome)
        else:
            ingest_lib.ingest(db, paths, settings, jobs=jobs, timeout=timeout or None, ocr=ocr,
                              ocr_engine=ocr_engine, on_outcome=on_outcome, summary=summary)
    except KeyboardInterrupt:
        stopped = "Interrupted"
    except sqlite3.OperationalError as error:  # the store itself failed: locked, disk full
        stopped = f"The store failed ({error})"
    finally:
        progress.close()
        if report:
            report.close()
    report_failures(summary.failed)
    echo_err(printable(summary_line(summary)))
    if stopped:
        echo_err(f"{stopped}: every document finished so far is stored; "
                 "run the same command again to continue.")
        sys.exit(130 if stopped == "Interrupted" else 1)
    if summary.failed:
        sys.exit(1)


SHOWN_FAILURES = 20


def report_failures(failed: list[ingest_lib.Outcome]) -> None:
    for outcome in failed[:SHOWN_FAILURES]:
        echo_err(printable(f"failed: {outcome.error}"))
    if len(failed) > SHOWN_FAILURES:
        echo_err(f"... and {len(failed) - SHOWN_FAILURES} more failures: "
                 "`contracts errors` lists them all")


REPORT_COLUMNS = ["path", "sha256", "status", "pages", "seconds", "cpu_seconds", "error"]


class ReportWriter:
    """``--report FILE.json|csv``: one row per input, written as each one is done (in the order
    documents finish), so a batch of any size is never held in memory. Ctrl-C leaves a complete,
    valid file; after kill -9 the rows written so far are there (a JSON file lacks its "]").

    ``seconds`` is the wall time spent on the file, ``cpu_seconds`` the CPU time of the process
    that read it (the difference is time the machine gave to something else)."""

    def __init__(self, path: str) -> None:
        from tracker.output import safe_csv_cell

        self.file = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()
        self.json = path.lower().endswith(".json")
        self.rows = 0
        if self.json:
            self.file.write("[")
        else:
            import csv

            self.csv = csv.writer(self.file, lineterminator="\r\n")
            self.csv.writerow(REPORT_COLUMNS)
            self.cell = safe_csv_cell

    def __call__(self, o: ingest_lib.Outcome) -> None:
        row = [o.path, o.sha256, o.status, o.pages, round(o.seconds, 3), round(o.cpu_seconds, 3),
               o.error]
        if self.json:
            text = json.dumps(dict(zip(REPORT_COLUMNS, row)), ensure_ascii=False)
            self.file.write(("\n  " if not self.rows else ",\n  ") + text)
        else:
            self.csv.writerow([self.cell(value) for value in row])
        self.rows += 1
        self.file.flush()  # a killed batch keeps the rows of what it did

    def close(self) -> None:
        if self.json:
            self.file.write("\n]\n" if self.rows else "]\n")
        self.file.close()


@commands.command(name="list")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (the fields of --json).")
@json_option
@db_option
def list_(db, as_csv, as_json):
    """List the contracts in the store, each family together.

    Another file of a contract (its PDF and Word versions, a scan) is not listed again: the
    family column counts it ("+1 file"), with the contract's amendments and SOWs, which are
    listed under it.

    \b
    Example:
        $ contracts list
        $ contracts list --json
        $ contracts list --csv > contracts.csv
    """
    rows = list_contracts(db)
    if as_json:
        click.echo(to_json(rows))
        return
    if as_csv:
        from tracker.views import plain

        body = [[plain(r[field]) for field in LIST_FIELDS] for r in rows]
        click.echo(to_csv(body, LIST_FIELDS), nl=False)
        return
    if not rows:
        echo_err("The store is empty: run `contracts ingest PATH` first.")
        return
    headers = ["id", "title", "parties", "effective", "value", "milestones", "next due",
               "family", "file"]  # fmt: skip
    body = [
        [
            r["id"],
            family_views.list_title(r),
            r["parties"],
            r["effective_date"] or r["agreement_date"],
            f"{r['currency'] or ''} {r['total_value']:,.2f}".strip()
            if r["total_value"] and r["family_role"] != "amendment" else "",
            r["milestones"],
            r["next_due"],
            family_views.family_label(r),
            os.path.basename(r["path"]),
        ]
        for r in rows
    ]
    click.echo(table(body, headers, max_width=40))


@commands.command()
@click.argument("contract_id", type=int)
@json_option
@db_option
def show(db, contract_id, as_json):
    """Show one contract: parties, key dates, milestones and payment terms with evidence, and
    its family: its other files (and where they disagree), its amendments and what they
    changed, its SOWs with their totals, or the parent it belongs to.

    \b
    Example:
        $ contracts show 1
    """
    from tracker import checks

    lead = family_views.lead_of(db, contract_id)
    if lead != contract_id:  # another file of a contract: the contract is what counts
        echo_err(f"contract {contract_id} is another file of contract {lead}; showing {lead}")
        contract_id = lead
    record = get_contract(db, contract_id)
    contract = family_views.as_amended(record.contract)
    findings = checks.check_store(db, contract_id)
    if as_json:
        data = contract.to_dict()
        data["id"] = record.id
        for entry, milestone in zip(data["milestones"], record.milestones):
            entry.update(id=milestone.id, status=milestone.status,
                         paid_amount=milestone.paid_amount, source=milestone.source)
        data["family_links"] = family_views.show_json(db, contract_id)
        data["findings"] = [f.to_dict() for f in findings]
        click.echo(to_json(data))
        return
    lines = family_views.show_lines(db, contract_id)
    click.echo("\n".join([show_text(contract, record.milestones, record.id), *lines]))
    if findings:
        click.echo("\nFindings (`contracts check " + str(contract_id) + "`):")
        click.echo("\n".join("  " + line for line in checks.finding_lines(findings)))


@commands.command()
@json_option
@db_option
def errors(db, as_json):
    """List files that failed to ingest, with the reason.

    \b
    Example:
        $ contracts errors
    """
    rows = list_errors(db)
    if as_json:
        click.echo(to_json([e.__dict__ for e in rows]))
        return
    if not rows:
        echo_err("No ingest errors.")
        return
    click.echo(table([[e.path, e.reason] for e in rows], ["file", "reason"], max_width=100))


@commands.command(name="extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="json",
              show_default=True, help="JSON for machines, a Markdown checklist for people.")
@ocr_engine_option
@settings_options
def extract_cmd(files, fmt, ocr_engine, settings):
    """Print what extraction finds in FILES, without touching the store.

    \b
    Example:
        $ contracts extract fixtures/consulting-agreement.pdf --format md
    """
    from extractor import extract, load_document  # spaCy, PDF and OCR: only where needed

    check_ocr_engine(ocr_engine)
    results, failed = [], 0
    for file in files:
        try:
            results.append(extract(load_document(file, ocr_engine=ocr_engine), settings))
        except ExtractError as e:
            failed += 1
            echo_err(f"Error: {e}")
        except Exception as e:  # one bad file must not hide the others' results
            if settings.strict:
                raise
            failed += 1
            logging.getLogger(__name__).exception("%s: extraction failed", file)
            echo_err(f"Error: {printable(file)}: extraction failed ({type(e).__name__}: {e})")
    if results and fmt == "md":
        click.echo("\n".join(checklist_markdown(c) for c in results), nl=False)
    elif results:
        data = [c.to_dict() for c in results]
        click.echo(json.dumps(data[0] if len(files) == 1 else data, indent=2, ensure_ascii=False))
    if failed:
        raise SystemExit(1)
