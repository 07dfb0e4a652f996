"""Monitoring commands: renewals and notice windows, terminate, the daily digest, checks.

These speak first: `contracts digest` is meant to run every morning from cron or a systemd
timer (see the README), and records the renewals that happened before it reports.
"""

from __future__ import annotations

import click

from tracker import checks, mail, renewals, schedule
from tracker import digest as digest_lib
from tracker.cli_common import (
    DATE,
    DAYS,
    as_of_option,
    db_option,
    errors_as_messages,
    json_option,
)
from tracker.output import echo_err, table, to_json

commands = click.Group()  # gathered into ``contracts`` by tracker/cli.py


library_errors = errors_as_messages(
    renewals.RenewalError, checks.CheckError, mail.MailError, schedule.ScheduleError
)


def _roll_lines(rolls) -> None:
    for roll in rolls:
        echo_err(f"renewed: {roll.text()}")


# --- renewals --------------------------------------------------------------------------------
def _what(r: renewals.Renewal) -> str:
    if r.state == "notice open":
        return f"{r.days_to_notice} days left to give notice"
    if r.state == "notice closed":
        return f"notice window closed: renews in {r.days_to_end} days"
    if r.state == "notice given":
        return f"notice given: ends in {r.days_to_end} days"
    return f"expires in {r.days_to_end} days: no renewal"


def _check(needs_review: bool) -> str:
    return " (check)" if needs_review else ""  # the model chose the value with low confidence


@commands.command(name="renewals")
@click.option("--within", type=DAYS, default=renewals.WITHIN_DAYS, show_default=True,
              help="Notice deadlines or term ends within N days (90d, 12w).")
@click.option("--all", "show_all", is_flag=True, help="Every contract with a known term end.")
@as_of_option
@json_option
@db_option
@library_errors
def renewals_cmd(db, within, show_all, as_of, as_json):
    """Contracts that renew or expire soon, with notice deadlines and days left.

    A contract renews automatically at the end of each term unless notice of non-renewal is
    given by the notice deadline (the term's end minus the notice period, in business days
    where the contract counts them). Renewals that have already happened (a term end before
    today, no termination recorded) are recorded first, each in the audit log; an --as-of in
    the future only projects.

    \b
    Example:
        $ contracts renewals --within 90d
        $ contracts renewals --as-of 2026-07-01 --json
    """
    holidays = schedule.load_holidays()
    _roll_lines(renewals.roll(db, as_of, holidays=holidays))
    found = renewals.renewals(db, as_of, within=None if show_all else within, holidays=holidays)
    if as_json:
        click.echo(to_json([r.to_dict() for r in found]))
        return
    if not found:
        echo_err("No contract renews or expires within "
                 f"{within} days." if not show_all else "No contract has a known term end.")
        return
    rows = [[r.contract_id, r.title or "", r.parties, r.term.number, r.term.end,
             (str(r.renewal_period or "-") if r.automatic else "none") + _check(r.renewal_review),
             str(r.notice_period or "-") + _check(r.notice_review), r.term.notice_deadline or "", _what(r),
             r.page or ""] for r in found]  # fmt: skip
    headers = ["id", "contract", "party", "term", "term ends", "renews for", "notice",
               "notice by", "what", "page"]  # fmt: skip
    click.echo(table(rows, headers, max_width=40))
    missing = renewals.automatic_without_end(db)
    if missing:
        echo_err(f"{missing} contract(s) renew automatically but have no known term end: "
                 "they are not tracked here (see `contracts list`)")  # fmt: skip


@commands.command()
@click.argument("contract_id", metavar="CONTRACT", type=int)
@click.option("--on", "on", type=DATE, required=True,
              help="The day the contract ends (a termination, or the term's end after a "
                   "notice of non-renewal).")
@click.option("--note", help="Why, or the notice's reference (kept in the audit log).")
@click.option("--by", help="Who (default: your login name).")
@json_option
@db_option
@library_errors
def terminate(db, contract_id, on, note, by, as_json):
    """Record a termination or a notice of non-renewal: the contract ends on --on.

    Its open milestones due after that day are cancelled (each one logged), and it leaves the
    renewal list. Undated open milestones are listed for a person to decide.

    \b
    Example:
        $ contracts terminate 3 --on 2026-09-30 --note "non-renewal notice sent 2026-07-15"
    """
    done = renewals.terminate(db, contract_id, on, note=note, by=by)
    if as_json:
        click.echo(to_json({"contract_id": done.contract_id, "terminated_on": done.on,
                            "event_id": done.event_id,
                            "cancelled": [s.milestone_id for s in done.cancelled],
                            "left_open": [m for m, _ in done.left_open]}))  # fmt: skip
    echo_err(f"contract {contract_id}: terminated on {on.isoformat()}")
    for step in done.cancelled:
        echo_err(f"  cancelled milestone {step.milestone_id} ({step.name})")
    for milestone_id, name in done.left_open:
        echo_err(f"  still open, undated: milestone {milestone_id} ({name}): waive or cancel "
                 f"it if it no longer applies (`contracts cancel {milestone_id}`)")  # fmt: skip


# --- the digest ------------------------------------------------------------------------------
@commands.command(name="digest")
@click.option("--days", type=DAYS, default=digest_lib.DAYS, show_default=True,
              help="The window ahead: due within, notice windows closing within.")
@click.option("--format", "fmt", type=click.Choice(["text", "md", "html", "json"]),
              default="text", show_default=True)
@click.option("--limit", type=click.IntRange(min=0), default=digest_lib.LIMIT,
              show_default=True, help="Items listed per section (0: all); each is counted.")
@click.option("--to", "to", multiple=True,
              help="Email the digest to ADDR (repeatable) instead of printing it.")
@click.option("--smtp", help="SMTP server HOST:PORT (default: $CONTRACTS_SMTP).")
@click.option("--from", "sender", help="Sender address (default: $CONTRACTS_SMTP_FROM).")
@as_of_option
@db_option
@library_errors
def digest_cmd(db, days, fmt, limit, to, smtp, sender, as_of):
    """What needs a person: overdue, due soon, notice windows closing, payments expected and
    to invoice, values to review, schedule findings.

    Each item names the contract, party, amount and evidence page. With --to, the digest is
    sent as an email with a plain-text and an HTML part (server from --smtp or
    $CONTRACTS_SMTP; also $CONTRACTS_SMTP_FROM, _USER, _PASSWORD, _STARTTLS=1).

    \b
    Example:
        $ contracts digest --days 14
        $ contracts digest --format html > digest.html
        $ contracts digest --to team@example.com --smtp localhost:25
    """
    server = mail.server_from(smtp) if to else None
    holidays = schedule.load_holidays()
    data = digest_lib.build(db, as_of, days=days, limit=limit or None, holidays=holidays)
    if to:
        sender = mail.sender_from(sender)
        message = mail.message(digest_lib.subject(data), digest_lib.to_text(data),
                               digest_lib.to_html(data), sender, list(to))  # fmt: skip
        mail.send(message, server)
        echo_err(f"sent the digest of {data.as_of.isoformat()} to {', '.join(to)} via {server}")
        return
    if fmt == "json":
        click.echo(to_json(data.to_dict()))
    elif fmt == "html":
        click.echo(digest_lib.to_html(data))
    elif data.empty:
        click.echo(digest_lib.empty_line(data))
    else:
        click.echo(digest_lib.to_text(data, markdown=fmt == "md"), nl=False)


# --- checks ----------------------------------------------------------------------------------
@commands.command(name="check")
@click.argument("contract_id", metavar="[CONTRACT]", type=int, required=False)
@click.option("--dismiss", "dismiss_id", metavar="FINDING",
              help="Silence a finding (its id, e.g. c3-duplicate-m12-m14); logged.")
@click.option("--note", help="Why it is dismissed (kept in the audit log).")
@click.option("--by", help="Who (default: your login name).")
@click.option("--all", "include_dismissed", is_flag=True, help="Show dismissed findings too.")
@json_option
@db_option
@library_errors
def check_cmd(db, contract_id, dismiss_id, note, by, include_dismissed, as_json):
    """Check payment schedules: totals, percentages, dates against the term, payments before
    the work they pay for, weekend and holiday deadlines, duplicates, currencies, undated
    payments, acceptance periods.

    Exit code 0 whatever is found; each finding has a severity (error, warning), the
    milestones involved and the evidence quoted. A finding a person has judged harmless is
    silenced with --dismiss (and stays silent while the problem is the same).

    \b
    Example:
        $ contracts check
        $ contracts check 3 --json
        $ contracts check --dismiss c3-two-currencies-m14 --note "fees in EUR by design"
    """
    holidays = schedule.load_holidays()
    if dismiss_id:
        finding = checks.dismiss(db, dismiss_id.strip(), note=note, by=by, holidays=holidays)
        echo_err(f"dismissed {finding.id}: {finding.message}")
        return
    found = checks.check_store(db, contract_id, holidays, include_dismissed=include_dismissed)
    if as_json:
        click.echo(to_json([f.to_dict() for f in found]))
        return
    if not found:
        where = f"contract {contract_id}" if contract_id is not None else "the store"
        echo_err(f"No findings in {where}.")
        return
    click.echo("\n".join(finding_block(f) for f in found))
    errors = sum(1 for f in found if f.severity == "error")
    echo_err(f"{len(found)} finding(s), {errors} error(s); silence one with "
             "`contracts check --dismiss ID`")


def finding_block(f: checks.Finding) -> str:
    """One finding for people: severity and id, what is wrong, the milestones, the evidence."""
    lines = [f"{f.severity:<7}  {f.id}" + ("  (dismissed)" if f.dismissed else ""),
             f"  {f.message}"]
    if f.milestones:
        lines.append("  milestones: " + "; ".join(f"m{i} {n}" for i, n in zip(f.milestones,
                                                                             f.names)))
    if f.evidence:
        lines.append(f"  p. {f.page}: \"{f.evidence}\"" if f.page else f"  \"{f.evidence}\"")
    return "\n".join(lines)
