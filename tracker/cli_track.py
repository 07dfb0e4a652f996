"""Tracker commands: the milestone lifecycle, history, corrections, views, report, exports.

A MILESTONE argument is its id (``12``, or ``m12`` as printed by `contracts history`); a
CONTRACT argument is the contract id of `contracts list`. Dates are ISO (2025-03-05) or
``today``. Data goes to stdout, messages to stderr. Exit codes: 0 success, 1 an error the user
can act on (unknown id, illegal step, unreadable file), 2 a usage error.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import click

from models import MILESTONE_KINDS, STATUSES
from tracker import checklist as checklist_lib
from tracker import edits, exports, family_views, lifecycle, reports, schedule, views
from tracker.cli_common import (
    DATE,
    DAYS,
    MILESTONE,
    as_of_option,
    db_option,
    errors_as_messages,
    json_option,
    settings_options,
)
from tracker.output import echo_err, money, table, to_csv, to_json, use_colour
from tracker.queries import NotFound, get_contract
from tracker.store import StoreError, default_db_path, open_store

commands = click.Group()  # gathered into ``contracts`` by tracker/cli.py


library_errors = errors_as_messages(lifecycle.LifecycleError, edits.EditError,
                                    schedule.ScheduleError)


def _holidays():
    return schedule.load_holidays()


def _resolution_lines(resolutions) -> None:
    for resolution in resolutions:
        echo_err(f"  due date: {resolution.text()}")


# --- the lifecycle ---------------------------------------------------------------------------
STEP_HELP = {
    "start": "Mark a milestone as started (in progress).",
    "complete": "Mark a milestone as completed (a deliverable delivered, a signing done).",
    "approve": "Record the client's approval (acceptance) of a milestone.",
    "invoice": "Record the invoice of a milestone (--amount: the invoiced amount).",
    "pay": "Record a payment; --amount less than the balance leaves it part paid.",
    "waive": "Waive a milestone: it is no longer required.",
    "cancel": "Cancel a milestone.",
    "reopen": "Move a milestone back (default: the step before; --to a status).",
}
STEP_EXAMPLE = {
    "invoice": "contracts invoice 12 --ref INV-2025-031 --on 2025-03-10",
    "pay": "contracts pay 12 --amount 2500 --ref 'wire 7781' --on 2025-04-02",
    "approve": "contracts approve 12 --by 'Dana (client)' --ref 'sign-off email 2025-03-05'",
    "reopen": "contracts reopen 12 --to in_progress --note 'client rejected the draft'",
}


def step_text(step: lifecycle.Step) -> str:
    head = f"milestone {step.milestone_id} ({step.name}): "
    when = f" on {step.occurred_on.isoformat()}"
    if step.action == "pay" and step.amount is not None:
        paid = money(step.amount, step.currency)
        if step.partial:
            text = (f"{head}paid {paid}{when}; outstanding "
                    f"{money(step.outstanding, step.currency)} (invoiced, part paid)")  # fmt: skip
        else:
            text = f"{head}{step.from_status} -> paid{when} ({paid})"
    else:
        text = f"{head}{step.from_status} -> {step.to_status}{when}"
        if step.action == "invoice" and step.amount is not None:
            text += f" ({money(step.amount, step.currency)})"
    if step.implied:
        text += f"\n  implied, each logged: {', '.join(step.implied)} on {step.occurred_on}"
    if step.credit:
        text += (f"\n  credit: {money(step.credit, step.currency)} above the balance credited "
                 f"to contract {step.contract_id}")  # fmt: skip
    return text


def _make_step_command(action: str) -> None:
    example = STEP_EXAMPLE.get(action, f"contracts {action} 12 --on 2025-03-05 --note 'done'")
    doc = (f"{STEP_HELP[action]}\n\nEach step is appended to the audit log (`contracts history "
           f"m12`) with who did it (--by, default your login), when it happened (--on, default "
           f"today), a note and a reference.\n\n\b\nExample:\n    $ {example}")  # fmt: skip

    @click.option("--on", type=DATE, help="When it happened (default: today).")
    @click.option("--by", help="Who did it (default: your login name).")
    @click.option("--note", help="Free text kept in the audit log.")
    @click.option("--amount", type=float, help="Amount (invoiced or paid).")
    @click.option("--ref", help="Reference: sign-off email, invoice number, bank transfer.")
    @json_option
    @db_option
    @library_errors
    def command(db, milestone, on, by, note, amount, ref, as_json, to=None, overpay=False):
        step = lifecycle.record_step(db, milestone, action, on=on, by=by, note=note,
                                     amount=amount, ref=ref, to=to, overpay=overpay,
                                     holidays=_holidays())  # fmt: skip
        if as_json:
            data = {k: v for k, v in step.__dict__.items() if k != "resolutions"}
            data["outstanding"] = step.outstanding
            data["resolutions"] = [r.__dict__ for r in step.resolutions]
            click.echo(to_json(data))
        echo_err(step_text(step))
        _resolution_lines(step.resolutions)

    command.__doc__ = doc
    command = click.argument("milestone", type=MILESTONE)(command)
    if action == "reopen":
        command = click.option("--to", type=click.Choice(lifecycle.PATH),
                               help="Status to go back to.")(command)  # fmt: skip
    if action == "pay":
        command = click.option("--overpay", is_flag=True,
                               help="Accept an amount above the balance: the excess is "
                                    "credited to the contract.")(command)  # fmt: skip
    commands.command(name=action)(command)


for _action in STEP_HELP:
    _make_step_command(_action)


# --- history ---------------------------------------------------------------------------------
def _change_text(event: dict) -> str:
    if event["from_status"] or event["to_status"]:
        if event["from_status"] == event["to_status"]:
            return event["to_status"] or ""
        return f"{event['from_status'] or ''} -> {event['to_status'] or ''}"
    details = json.loads(event["details"] or "{}")
    if event["action"] == "edit":
        return "; ".join(f"{k}: {v[0]} -> {v[1]}" for k, v in details.get("changes", {}).items())
    if event["action"] in ("confirm", "reject"):  # review (tracker/review.py)
        return f"{event['action']}ed: {details.get('value') or details.get('warning') or ''}"
    if event["action"] == "resolve":
        return f"due: {details.get('old') or '-'} -> {details.get('new') or '-'}"
    if "field" in details:  # amendments (tracker/amend.py)
        return f"{details['field']}: {details.get('old') or '-'} -> {details.get('new') or '-'}"
    return ""


@commands.command()
@click.argument("target", required=False)
@click.option("-m", "--milestone", "milestone_id", type=MILESTONE,
              help="Show one milestone's history instead of a contract's.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@json_option
@db_option
def history(db, target, milestone_id, as_csv, as_json):
    """Show the audit log of a contract or of one milestone.

    TARGET is a contract id (3) or a milestone id written m12 (or use -m 12). Nothing is ever
    deleted from the log: corrections, reopenings and rescheduled due dates are entries too.

    \b
    Example:
        $ contracts history 3
        $ contracts history m12
        $ contracts history -m 12 --json
    """
    if target and milestone_id is None and target.lower().startswith("m"):
        milestone_id = MILESTONE.convert(target, None, None)
        target = None
    if milestone_id is None:
        if not target or not target.isdigit():
            raise click.UsageError("give a contract id (3) or a milestone (m12 or -m 12)")
        events = edits.history(db, contract_id=int(target))
    else:
        events = edits.history(db, milestone_id=milestone_id)
    if as_json:
        click.echo(to_json(events))
        return
    headers = ["id", "on", "recorded", "by", "milestone", "action", "change", "amount", "ref",
               "note"]  # fmt: skip
    rows = [[e["id"], e["occurred_on"], (e["recorded_at"] or "")[:16].replace("T", " "),
             e["actor"], f"m{e['milestone_id']} {e['milestone'] or ''}" if e["milestone_id"]
             else "", e["action"], _change_text(e), e["amount"], e["ref"], e["note"]]
            for e in events]  # fmt: skip
    if as_csv:
        click.echo(to_csv([[views.plain(v) for v in r] for r in rows], headers), nl=False)
    elif not rows:
        echo_err("No events recorded yet.")
    else:
        click.echo(table(rows, headers, max_width=50))


# --- corrections -----------------------------------------------------------------------------
def _due_value(ctx, param, value):
    if value is None or value == edits.AUTO:
        return value
    return DATE.convert(value, param, ctx)


@commands.command()
@click.argument("milestone", type=MILESTONE)
@click.option("--name", help="New name.")
@click.option("--kind", type=click.Choice(MILESTONE_KINDS), help="New kind.")
@click.option("--due", callback=_due_value,
              help="New due date, or 'auto' to derive it from its rule again.")
@click.option("--rule", help="New relative deadline: '30 days after acceptance'.")
@click.option("--amount", type=float, help="New amount.")
@click.option("--currency", help="New currency (ISO code, e.g. EUR).")
@click.option("--done-on", type=DATE,
              help="Correct the date its current status was reached (e.g. the real approval "
                   "date); deadlines that hang on it move.")
@click.option("--note", help="Why (kept in the audit log).")
@click.option("--by", help="Who (default: your login name).")
@db_option
@library_errors
def edit(db, milestone, name, kind, due, rule, amount, currency, done_on, note, by):
    """Correct a milestone. Edited fields are kept when the contract is re-extracted.

    \b
    Example:
        $ contracts edit 12 --due 2025-07-15 --note "extension agreed by email"
        $ contracts edit 12 --done-on 2025-03-03   # approval really happened on the 3rd
    """
    result = edits.edit_milestone(db, milestone, name=name, kind=kind, due=due, amount=amount,
                                  currency=currency, done_on=done_on, rule=rule, note=note,
                                  by=by, holidays=_holidays())  # fmt: skip
    changed = "; ".join(f"{k}: {v[0]} -> {v[1]}" for k, v in result.changes.items())
    echo_err(f"milestone {milestone}: {changed}")
    _resolution_lines(result.resolutions)


@commands.command()
@click.argument("contract_id", metavar="CONTRACT", type=int)
@click.option("--name", required=True, help="What has to happen.")
@click.option("--kind", type=click.Choice(MILESTONE_KINDS), default="other", show_default=True)
@click.option("--due", type=DATE, help="Due date.")
@click.option("--rule", help="A relative deadline instead: '30 days after acceptance'.")
@click.option("--amount", type=float, help="Amount (for a payment).")
@click.option("--currency", help="Currency (default: the contract's).")
@click.option("--note", help="Why (kept in the audit log).")
@click.option("--by", help="Who (default: your login name).")
@db_option
@library_errors
def add(db, contract_id, name, kind, due, rule, amount, currency, note, by):
    """Add a milestone the extractor missed (kept on re-extraction).

    \b
    Example:
        $ contracts add 3 --name "Final payment" --kind payment --amount 12000 \\
              --rule "within 30 days after acceptance"
    """
    if due and rule:
        raise click.UsageError("give --due or --rule, not both")
    result = edits.add_milestone(db, contract_id, name=name, kind=kind, due=due, rule=rule,
                                 amount=amount, currency=currency, note=note, by=by,
                                 holidays=_holidays())  # fmt: skip
    click.echo(result.milestone_id)
    echo_err(f"added milestone {result.milestone_id} ({name}) to contract {contract_id}")
    _resolution_lines(result.resolutions)


@commands.command()
@click.option("--contract", "contract_id", type=int, help="Only this contract.")
@db_option
@library_errors
def resolve(db, contract_id):
    """Re-resolve relative deadlines (after changing $CONTRACTS_HOLIDAYS, or after ingest).

    \b
    Example:
        $ CONTRACTS_HOLIDAYS=holidays.txt contracts resolve
    """
    ids = [contract_id] if contract_id is not None else None
    if contract_id is not None:
        get_contract(db, contract_id)
    done = schedule.resolve_store(db, ids, actor=lifecycle.actor_name(None),
                                  holidays=_holidays())  # fmt: skip
    _resolution_lines(done)
    echo_err(f"{len(done)} due date(s) changed")


# --- views -----------------------------------------------------------------------------------
STATE_COLOURS = {"overdue": "red", "due soon": "yellow", "waived": "bright_black",
                 "cancelled": "bright_black"}  # fmt: skip


def _colour_lines(text: str, states: list[str]) -> str:
    if not use_colour():
        return text
    lines = text.split("\n")
    for index, state in enumerate(states, start=2):
        colour = STATE_COLOURS.get(state) or ("green" if state.startswith("done") else None)
        if colour:
            lines[index] = click.style(lines[index], fg=colour)
    return "\n".join(lines)


@commands.command()
@click.option("--overdue", is_flag=True, help="Only overdue milestones.")
@click.option("--due-within", type=DAYS, help="Only those due within N days (30d, 4w).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only this status (repeatable); shows closed ones too.")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(MILESTONE_KINDS),
              help="Only this kind (repeatable).")
@click.option("--contract", "contract_id", type=int, help="Only this contract.")
@click.option("--party", help="Only contracts with a party whose name contains this.")
@click.option("--all", "include_closed", is_flag=True,
              help="Include milestones that need nothing more (paid, waived...).")
@as_of_option
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV.")
@json_option
@db_option
@library_errors
def milestones(db, overdue, due_within, statuses, kinds, contract_id, party, include_closed,
               as_of, as_csv, as_json):  # fmt: skip
    """The working list: milestones by due date, with days late or left.

    By default it lists milestones that still need something; --overdue and --due-within
    combine (overdue OR due soon). A due date marked * was derived from a relative deadline.

    \b
    Example:
        $ contracts milestones --overdue --due-within 30d
        $ contracts milestones --party Acme --kind payment --as-of 2025-06-30 --csv
    """
    filters = views.Filters(overdue=overdue, due_within=due_within, statuses=statuses,
                            kinds=kinds, contract_id=contract_id, party=party,
                            include_closed=include_closed)  # fmt: skip
    rows = views.list_milestones(db, filters, as_of=as_of, holidays=_holidays())
    if as_json:
        click.echo(to_json(views.json_rows(rows)))
    elif as_csv:
        click.echo(to_csv(views.csv_rows(rows), list(views.JSON_FIELDS)), nl=False)
    elif not rows:
        echo_err("No milestones match.")
    else:
        text = table(views.table_rows(rows), views.HEADERS, max_width=32)
        click.echo(_colour_lines(text, [r["state"] for r in rows]))
        if any(r["due_derived"] for r in rows):
            echo_err("* due date derived from a relative deadline")


@commands.command()
@as_of_option
@click.option("--months", type=click.IntRange(1, 36), default=6, show_default=True,
              help="Months of cash-flow forecast.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV (section, item, currency, value).")
@click.option("--by", "by", type=click.Choice(["master"]),
              help="Roll up by master agreement: each with its statements of work.")
@json_option
@db_option
@library_errors
def report(db, as_of, months, as_csv, by, as_json):
    """The portfolio at a glance: statuses, overdue, what falls due, cash, on-time rate.

    Money is shown per currency, never summed across currencies. --as-of makes a report
    reproducible: the same store and date give the same report.

    \b
    Example:
        $ contracts report --as-of 2025-06-30 --months 12
        $ contracts report --json > report.json
        $ contracts report --by master
    """
    if by == "master":
        rows = family_views.master_rollup(db, as_of=as_of, holidays=_holidays())
        if as_json:
            click.echo(to_json(rows))
        elif as_csv:
            click.echo(to_csv([[views.plain(v) for v in r.values()] for r in rows],
                              list(rows[0]) if rows else []), nl=False)  # fmt: skip
        else:
            click.echo(family_views.rollup_text(rows, as_of or date.today()))
        return
    limit = None if (as_json or as_csv) else 20
    data = reports.portfolio_report(db, as_of=as_of, months=months, holidays=_holidays(),
                                    overdue_limit=limit)  # fmt: skip
    if as_json:
        click.echo(to_json(data))
    elif as_csv:
        rows = [[views.plain(value) for value in r] for r in reports.report_csv_rows(data)]
        click.echo(to_csv(rows, ["section", "item", "currency", "value"]), nl=False)
    else:
        click.echo(reports.report_text(data))


# --- exports and checklists ------------------------------------------------------------------
def _write(text: str | bytes, out: str | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        Path(out).write_bytes(data)
    except OSError as e:
        raise click.ClickException(f"cannot write {out}: {e.strerror or e}") from e


@commands.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "ics"]), default="csv",
              show_default=True, help="csv (Excel), json (JSON lines) or ics (calendar).")
@click.option("--contract", "contract_id", type=int, help="Only this contract.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option("--remind", type=click.IntRange(0, 365), default=3, show_default=True,
              help="Calendar reminder, days before the due date (0: none).")
@as_of_option
@db_option
@library_errors
def export(db, fmt, contract_id, out, remind, as_of):
    """Export milestones as CSV, JSON lines or an iCalendar file.

    The calendar has one all-day event per dated milestone; re-importing it updates the
    events instead of duplicating them.

    \b
    Example:
        $ contracts export --format ics -o milestones.ics
        $ contracts export --format csv --contract 3 -o contract3.csv
    """
    if contract_id is not None:
        get_contract(db, contract_id)
    rows = exports.export_rows(db, contract_id, as_of=as_of)
    if fmt == "csv":
        text = exports.export_csv(rows)
    elif fmt == "json":
        text = exports.export_jsonl(rows)
    else:
        text = exports.export_ics(db, rows, remind_days=remind)
    _write(text, out)
    if out:
        dated = sum(1 for r in rows if r["due_date"])
        count = dated if fmt == "ics" else len(rows)
        echo_err(f"wrote {count} milestones to {out}")


@commands.command(name="checklist")
@click.argument("target", metavar="CONTRACT|FILE")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "docx"]), default="md",
              show_default=True, help="Markdown, CSV or a Word document.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False),
              help="Write to FILE (needed for docx).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
              help="SQLite store (default: $CONTRACTS_DB or ./contracts.db).")
@settings_options
def checklist_cmd(db_path, target, fmt, out, settings):
    """A milestone checklist for one contract: from the store, or straight from a document.

    CONTRACT is a stored contract's id; FILE is a contract file read without storing it.

    \b
    Example:
        $ contracts checklist 3 --format docx -o checklist.docx
        $ contracts checklist signed/consulting.pdf
    """
    if fmt == "docx" and not out:
        raise click.UsageError("a DOCX checklist needs -o FILE.docx")
    if os.path.isfile(target):  # straight from the document: the store is not even opened
        contract, records = _extracted(target, settings), None
    elif target.isdigit():
        contract, records = _stored(db_path, int(target))
    else:
        raise click.ClickException(
            f"{target} is neither a contract id (see `contracts list`) nor a file"
        )
    items = checklist_lib.items(contract, records)
    if fmt == "docx":
        try:
            checklist_lib.to_docx(contract, items, out)
        except OSError as e:
            raise click.ClickException(f"cannot write {out}: {e.strerror or e}") from e
        echo_err(f"wrote a checklist of {len(items)} milestones to {out}")
        return
    text = checklist_lib.to_markdown(contract, items) if fmt == "md" else \
        checklist_lib.to_csv_text(items)  # fmt: skip
    _write(text, out)


def _stored(db_path: str | None, contract_id: int):
    try:
        db = open_store(db_path or default_db_path())
    except StoreError as e:
        raise click.ClickException(str(e)) from e
    try:
        record = get_contract(db, family_views.lead_of(db, contract_id))  # a copy: its lead's
    except NotFound as e:
        raise click.ClickException(str(e)) from e
    finally:
        db.conn.close()
    return record.contract, record.milestones


def _extracted(path: str, settings):
    from extractor import ExtractError, extract, load_document

    try:
        return extract(load_document(path), settings)
    except ExtractError as e:
        raise click.ClickException(str(e)) from e

