"""Family commands: link a contract to its parent as a copy, amendment or SOW, unlink it, and
review the families ingest could not settle on its own (tracker/families.py)."""

from __future__ import annotations

import click

from tracker import families, family_views
from tracker.cli_common import db_option, errors_as_messages, json_option
from tracker.output import echo_err, table, to_json

commands = click.Group()  # gathered into ``contracts`` by tracker/cli.py


family_errors = errors_as_messages(families.FamilyError)


def _change_lines(result: families.LinkResult) -> None:
    for entry in result.changes:
        what = entry["milestone"] or "contract"
        echo_err(f"  {entry['status']}: {what} {entry['field']} {entry['old']} -> {entry['new']}")


@commands.command()
@click.argument("child", type=int)
@click.argument("parent", type=int)
@click.option("--as", "role", type=click.Choice(families.ROLES),
              help="What CHILD is to PARENT (default: what CHILD reads as: amendment or SOW).")
@click.option("--by", help="Who (default: your login name).")
@click.option("--note", help="Why (kept in the audit log).")
@db_option
@family_errors
def link(db, child, parent, role, by, note):
    """Link contract CHILD to PARENT: another file of it (copy), an amendment, or a SOW.

    A copy's milestones, statuses and history join PARENT's (the contract counts once); an
    amendment's changes are applied to PARENT, each an entry of `contracts history PARENT`; a
    SOW keeps its milestones and rolls up under PARENT (`contracts report --by master`). Your
    link is final: ingest never moves it.

    \b
    Example:
        $ contracts link 7 3 --as amendment --note "confirmed with legal"
        $ contracts link 12 4 --as copy
    """
    result = families.link(db, child, parent, role, by=by, note=note)
    echo_err(f"contract {child} linked as {result.role} of contract {parent}")
    _change_lines(result)


@commands.command()
@click.argument("child", type=int)
@click.option("--by", help="Who (default: your login name).")
@click.option("--note", help="Why (kept in the audit log).")
@db_option
@family_errors
def unlink(db, child, by, note):
    """Take contract CHILD out of its family.

    A copy becomes a contract of its own again (with its own milestones); an amendment's changes
    are taken back from its former parent, unless someone changed those values since. Ingest
    will not link it again: use `contracts link` to place it.

    \b
    Example:
        $ contracts unlink 12 --note "a different contract from the same template"
    """
    result = families.unlink(db, child, by=by, note=note)
    what = {"amendment": "an amendment", "sow": "a SOW"}.get(result.role or "")
    role = f" (still {what}, without a parent)" if what else " (a contract of its own)"
    echo_err(f"contract {child} unlinked{role}")


@commands.command()
@click.argument("contract_id", metavar="[CONTRACT]", type=int, required=False)
@click.option("--review", is_flag=True,
              help="Amendments and SOWs whose parent was not found, or is to be confirmed.")
@json_option
@db_option
@family_errors
def family(db, contract_id, review, as_json):
    """Show a contract's family, or (--review) the links a person has to settle.

    \b
    Example:
        $ contracts family 3
        $ contracts family --review
    """
    if review or contract_id is None:
        rows = family_views.review_rows(db)
        if as_json:
            click.echo(to_json(rows))
            return
        if not rows:
            echo_err("Nothing to review: every amendment and SOW has its parent.")
            return
        body = [[r["id"], r["role"], r["title"] or r["path"], r["note"] or "",
                 f"contracts link {r['id']} {r['suggested_parent_id']} --as {r['role']}"
                 if r["suggested_parent_id"] else ""] for r in rows]  # fmt: skip
        click.echo(table(body, ["id", "role", "title", "why", "to confirm"], max_width=60))
        return
    lead = families.root_of(db, contract_id)
    if as_json:
        click.echo(to_json(family_views.show_json(db, contract_id)))
        return
    row = families.contract_row(db, lead)
    lines = [f"Contract {lead}: {row['title'] or '(untitled)'}"]
    lines += family_views.show_lines(db, lead)
    if len(lines) == 1:
        lines.append("No other files, amendments or SOWs.")
    click.echo("\n".join(lines))
