"""The review queue from the command line: list, accept, correct, reject, export.

An ITEM is an id printed by `contracts review`: p12 (a party), k5 (a key date), m7 (a
milestone), w3.1 (the first warning of contract 3).
"""

from __future__ import annotations

import functools
from pathlib import Path

import click

from tracker import edits, review, schedule
from tracker.cli_common import errors_as_messages, json_option
from tracker.output import echo_err, table, to_json
from tracker.queries import NotFound
from tracker.store import StoreError, default_db_path, open_store

commands = click.Group()  # gathered into ``contracts`` by tracker/cli.py


review_errors = errors_as_messages(review.ReviewError, edits.EditError,
                                   schedule.ScheduleError)


def _short(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _open(db_path: str | None):
    try:
        return open_store(db_path or default_db_path())
    except StoreError as e:
        raise click.ClickException(str(e)) from e


@commands.group(name="review", invoke_without_command=True)
@click.option("--contract", "contract_id", type=int, help="Only this contract's items.")
@json_option
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
              help="SQLite store (default: $CONTRACTS_DB or ./contracts.db).")
@click.pass_context
def review_group(ctx, contract_id, as_json, db_path):
    """The review queue: extracted values to confirm or correct, and document warnings.

    Each item is a value the extractor was not sure of (value, confidence, the quoted
    sentence and its page) or a warning. Accepting, correcting or rejecting one is logged in
    the audit log (`contracts history`) and survives `contracts ingest --reextract`.

    \b
    Example:
        $ contracts review --contract 3
        $ contracts review accept p12
        $ contracts review correct k5 --value 2025-03-01
        $ contracts review correct m7 --value "30 days after acceptance"
        $ contracts review reject m9 --note "a recital, not an obligation"
        $ contracts review export --format jsonl -o corrections.jsonl
    """
    ctx.meta["contracts.review.db"] = db_path  # `review --db x.db accept p1` uses x.db too
    if ctx.invoked_subcommand is not None:
        return
    db = _open(db_path)
    try:
        items = review.list_items(db, contract_id)
    finally:
        db.conn.close()
    if as_json:
        click.echo(to_json([item.to_dict() for item in items]))
        return
    if not items:
        echo_err("Nothing to review.")
        return
    rows = [[i.item, f"{i.contract_id} {i.title or ''}".strip(), i.field.replace("_", " "),
             i.value, "" if i.confidence is None else f"{i.confidence:.2f}", i.page or "",
             _short(i.quote, 60)] for i in items]  # fmt: skip
    click.echo(table(rows, ["item", "contract", "field", "value", "conf.", "page", "quote"],
                     max_width=48))  # fmt: skip
    echo_err(f"{len(items)} item(s): `contracts review accept ITEM`, `correct ITEM --value ...` "
             "or `reject ITEM`")  # fmt: skip


def _store(func):
    """--by and --note, and the store, for a review step."""
    func = click.option("--note", help="Why (kept in the audit log).")(func)
    return _db(click.option("--by", help="Who (default: your login name).")(func))


def _db(func):
    """--db, given here or before the subcommand (`review --db x.db accept p1`)."""

    @click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
                  help="SQLite store (default: $CONTRACTS_DB or ./contracts.db).")
    @functools.wraps(func)
    def wrapper(*args, db_path=None, **kwargs):
        db = _open(db_path or click.get_current_context().meta.get("contracts.review.db"))
        try:
            return review_errors(func)(*args, db=db, **kwargs)
        except NotFound as e:
            raise click.ClickException(str(e)) from e
        finally:
            db.conn.close()

    return wrapper


@review_group.command()
@click.argument("item")
@_store
def accept(db, item, by, note):
    """Confirm an item: the value is right (a warning: it has been dealt with).

    \b
    Example:
        $ contracts review accept p12
        $ contracts review accept w3.1 --note "amount agreed by email"
    """
    echo_err(review.accept(db, item, by=by, note=note))


@review_group.command()
@click.argument("item")
@click.option("--value", required=True,
              help="The right value: a name, a date (2025-03-01), an amount (12000) or a due "
                   "rule ('30 days after acceptance').")  # fmt: skip
@click.option("--field", type=click.Choice(["name", "role", *review.MILESTONE_FIELDS]),
              help="Which value of a milestone (default: guessed from --value) or of a party "
                   "(name or role).")  # fmt: skip
@_store
def correct(db, item, value, field, by, note):
    """Correct an item's value. A milestone's --value is read as a due date, an amount, a due
    rule or a name from its shape; --field says which when that is ambiguous.

    \b
    Example:
        $ contracts review correct p12 --value "Northwind Health Systems, Inc."
        $ contracts review correct k5 --value 2025-03-01
        $ contracts review correct m7 --value 12000
        $ contracts review correct m7 --value "within 30 days after acceptance"
    """
    echo_err(review.correct(db, item, value, field=field, by=by, note=note,
                            holidays=schedule.load_holidays()))  # fmt: skip


@review_group.command()
@click.argument("item")
@_store
def reject(db, item, by, note):
    """Drop a wrongly extracted milestone, party or key date (re-extraction keeps it out).

    \b
    Example:
        $ contracts review reject m9 --note "a recital, not an obligation"
    """
    echo_err(review.reject(db, item, by=by, note=note, holidays=schedule.load_holidays()))


@review_group.command(name="export")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl",
              show_default=True, help="JSON lines in the evaluation harness' gold format.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Write to FILE.")
@_db
def export_cmd(db, fmt, out):
    """Write the confirmed and corrected values as labelled data, one document a line.

    Score the current extractor on them with `python -m extractor.evaluate --gold FILE`.

    \b
    Example:
        $ contracts review export --format jsonl -o corrections.jsonl
        $ python -m extractor.evaluate --gold corrections.jsonl
    """
    text = review.gold_jsonl(db)
    if out is None:
        click.echo(text, nl=False)
    else:
        try:
            Path(out).write_text(text, encoding="utf-8")
        except OSError as e:
            raise click.ClickException(f"cannot write {out}: {e.strerror or e}") from e
        echo_err(f"wrote {text.count(chr(10))} document(s) with reviewed values to {out}")
