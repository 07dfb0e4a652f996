"""The ``contracts`` command line: a thin layer over the library.

Exit codes: 0 success; 1 an error the user can act on (a file failed to ingest, a missing
contract, an illegal status change); 2 a usage error (Click's own).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import time
from pathlib import Path

import click

from extractor.errors import ExtractError
from extractor.loaders import load_document
from extractor.pipeline import extract
from models import ExtractionSettings
from tracker import ingest as ingest_lib
from tracker.output import echo_err, table, to_json
from tracker.queries import NotFound, get_contract, list_contracts, list_errors
from tracker.render import checklist_markdown, show_text
from tracker.store import StoreError, default_db_path, open_store


def db_option(func):
    """The shared ``--db`` option; the CONTRACTS_DB environment variable sets its default."""

    @click.option(
        "--db",
        "db_path",
        type=click.Path(dir_okay=False),
        default=None,
        help="SQLite store (default: $CONTRACTS_DB or ./contracts.db).",
    )
    @functools.wraps(func)
    def wrapper(*args, db_path=None, **kwargs):
        try:
            db = open_store(db_path or default_db_path())
        except StoreError as e:
            raise click.ClickException(str(e)) from e
        try:
            return func(*args, db=db, **kwargs)
        except NotFound as e:
            raise click.ClickException(str(e)) from e
        finally:
            db.conn.close()

    return wrapper


def json_option(func):
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")(func)


def settings_options(func):
    @click.option("--dayfirst", is_flag=True, help="Read 3/4/2025 as 3 April (default: March 4).")
    @click.option("--strict", is_flag=True, help="Stop on a clause that cannot be parsed.")
    @functools.wraps(func)
    def wrapper(*args, dayfirst=False, strict=False, **kwargs):
        return func(*args, settings=ExtractionSettings(dayfirst=dayfirst, strict=strict), **kwargs)

    return wrapper


@click.group()
@click.version_option(package_name="contracts")
@click.option("--verbose", "-v", is_flag=True, help="Log what the extractor warns about.")
def cli(verbose):
    """Turn signed contracts into tracked obligations.

    \b
    Example:
        $ contracts ingest fixtures/
        $ contracts list
        $ contracts show 1
    """
    # Document warnings are stored and shown by `show`; logging them too would garble the bar.
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR, format="%(levelname)s: %(message)s"
    )


class Progress:
    """Files done, docs/s and the current file on stderr; silent when stderr is not a terminal."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.done = total, enabled, 0
        self.started = time.perf_counter()

    def __call__(self, outcome: ingest_lib.Outcome) -> None:
        self.done += 1
        if not self.enabled:
            return
        rate = self.done / max(time.perf_counter() - self.started, 1e-6)
        total = max(self.total, self.done)
        width = 30
        filled = int(width * self.done / total)
        bar = "#" * filled + "-" * (width - filled)
        name = outcome.path[-40:]
        sys.stderr.write(
            f"\rIngesting {total} files [{bar}] {self.done}/{total} ({rate:.0f} docs/s) {name:<40}"
        )
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            sys.stderr.write("\n")


def estimate_inputs(paths) -> int:
    """A quick count of files for the progress bar (archives count their members)."""
    import zipfile

    count = 0
    for raw in paths:
        path = Path(raw)
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            if file.suffix.lower() == ".zip":
                try:
                    with zipfile.ZipFile(file) as archive:
                        count += sum(1 for i in archive.infolist() if not i.is_dir())
                    continue
                except (zipfile.BadZipFile, OSError):
                    pass
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
        rate = f" in {summary.seconds:.1f}s ({summary.pages / summary.seconds:.0f} pages/s)"
    return " · ".join(parts) + rate


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--reextract", is_flag=True, help="Re-run extraction on every stored document.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes for extraction.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False),
              help="Write one row per input file to FILE.json or FILE.csv.")
@settings_options
@db_option
def ingest(db, paths, reextract, jobs, quiet, report_path, settings):
    """Read contracts from files, folders and .zip archives into the store.

    Identical content (same SHA-256, any name) is stored once. Each document is saved in its
    own transaction: an interrupted batch keeps every finished document. Exit code 0 when every
    file was stored or already present, 1 when any failed (`contracts errors` says why).

    \b
    Example:
        $ contracts ingest ~/signed/ archive-2023.zip nda.docx
        $ contracts ingest --reextract
    """
    if not paths and not reextract:
        raise click.UsageError("give at least one file, folder or .zip (or --reextract)")
    progress = Progress(
        estimate_inputs(paths) if paths else 0, enabled=not quiet and sys.stderr.isatty()
    )
    try:
        if reextract and not paths:
            summary = ingest_lib.reextract_stored(db, settings, on_outcome=progress)
        else:
            summary = ingest_lib.ingest(db, paths, settings, jobs=jobs, on_outcome=progress)
    finally:
        progress.close()
    for outcome in summary.failed:
        echo_err(f"failed: {outcome.error}")
    if report_path:
        write_report(report_path, summary)
    echo_err(summary_line(summary))
    if summary.failed:
        sys.exit(1)


def write_report(path: str, summary: ingest_lib.IngestSummary) -> None:
    from tracker.output import to_csv

    headers = ["path", "sha256", "status", "pages", "seconds", "error"]
    rows = [
        [o.path, o.sha256, o.status, o.pages, round(o.seconds, 3), o.error]
        for o in summary.outcomes
    ]
    if path.endswith(".json"):
        text = to_json([dict(zip(headers, row)) for row in rows])
    else:
        text = to_csv(rows, headers)
    Path(path).write_text(text, encoding="utf-8")


@cli.command(name="list")
@json_option
@db_option
def list_(db, as_json):
    """List the contracts in the store.

    \b
    Example:
        $ contracts list
        $ contracts list --json
    """
    rows = list_contracts(db)
    if as_json:
        click.echo(to_json(rows))
        return
    if not rows:
        echo_err("The store is empty: run `contracts ingest PATH` first.")
        return
    headers = ["id", "title", "parties", "effective", "value", "milestones", "next due", "file"]
    body = [
        [
            r["id"],
            r["title"],
            r["parties"],
            r["effective_date"] or r["agreement_date"],
            f"{r['currency'] or ''} {r['total_value']:,.2f}".strip() if r["total_value"] else "",
            r["milestones"],
            r["next_due"],
            os.path.basename(r["path"]),
        ]
        for r in rows
    ]
    click.echo(table(body, headers, max_width=40))


@cli.command()
@click.argument("contract_id", type=int)
@json_option
@db_option
def show(db, contract_id, as_json):
    """Show one contract: parties, key dates, milestones and payment terms with evidence.

    \b
    Example:
        $ contracts show 1
    """
    record = get_contract(db, contract_id)
    if as_json:
        data = record.contract.to_dict()
        data["id"] = record.id
        for entry, milestone in zip(data["milestones"], record.milestones):
            entry.update(id=milestone.id, status=milestone.status,
                         paid_amount=milestone.paid_amount, source=milestone.source)
        click.echo(to_json(data))
        return
    click.echo(show_text(record.contract, record.milestones, record.id))


@cli.command()
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


@cli.command(name="extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="json",
              show_default=True, help="JSON for machines, a Markdown checklist for people.")
@settings_options
def extract_cmd(files, fmt, settings):
    """Print what extraction finds in FILES, without touching the store.

    \b
    Example:
        $ contracts extract fixtures/consulting-agreement.pdf --format md
    """
    results = []
    for file in files:
        try:
            contract = extract(load_document(file), settings)
        except ExtractError as e:
            raise click.ClickException(str(e)) from e
        results.append(contract)
    if fmt == "md":
        click.echo("\n".join(checklist_markdown(c) for c in results), nl=False)
    else:
        data = [c.to_dict() for c in results]
        click.echo(json.dumps(data[0] if len(data) == 1 else data, indent=2, ensure_ascii=False))


def main():  # pragma: no cover
    cli()


# The tracker's commands register themselves on ``cli``.
from tracker import cli_track  # noqa: F401
