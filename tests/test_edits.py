"""A person's corrections (edit, add) survive re-extraction and are in the audit log."""

from __future__ import annotations

import json
from datetime import date

import pytest

from models import Milestone
from tests.test_lifecycle import TODAY, add_consulting, consulting_contract, ids, row, step
from tracker import edits, schedule
from tracker.cli import cli
from tracker.edits import EditError
from tracker.queries import NotFound, stored_document
from tracker.save import reextract
from tracker.store import open_store


def edit(db, milestone_id, **changes):
    return edits.edit_milestone(db, milestone_id, by="bob", today=TODAY, holidays=frozenset(),
                                **changes)  # fmt: skip


def test_edit_marks_the_fields_and_logs_old_and_new(db):
    add_consulting(db)
    payment = ids(db)["Milestone 1 payment"]
    result = edit(db, payment, name="First payment", amount=12000.0, note="per amendment 1")
    assert result.changes == {"name": ["Milestone 1 payment", "First payment"],
                              "amount": [10000.0, 12000.0]}  # fmt: skip
    stored = row(db, payment)
    assert json.loads(stored["edited_fields"]) == ["name", "amount"]
    event = next(db.query("SELECT * FROM events WHERE id = ?", [result.event_id]))
    assert (event["action"], event["actor"], event["note"]) == ("edit", "bob", "per amendment 1")
    assert json.loads(event["details"])["changes"]["amount"] == [10000.0, 12000.0]


def test_edits_and_added_milestones_survive_reextraction(db):
    cid = add_consulting(db)
    m = ids(db)
    edit(db, m["Milestone 1 payment"], amount=12000.0, due=date(2025, 5, 30))
    added = edits.add_milestone(db, cid, name="Security review", kind="approval",
                                due=date(2025, 4, 15), today=TODAY, by="bob",
                                holidays=frozenset())  # fmt: skip
    document = stored_document(db, 1)
    fresh = consulting_contract(document)
    changed = tuple(
        Milestone(x.name, x.kind, x.due_date, x.due_rule, 9999.0 if x.amount else None,
                  x.currency, evidence=x.evidence)
        for x in fresh.milestones
    )  # fmt: skip
    reextract(db, cid, fresh.with_(milestones=changed))
    payment = row(db, m["Milestone 1 payment"])
    assert (payment["amount"], payment["due_date"]) == (12000.0, "2025-05-30")  # kept
    assert row(db, m["Milestone 2 payment"])["amount"] == 9999.0  # refreshed
    manual = row(db, added.milestone_id)
    assert (manual["name"], manual["source"]) == ("Security review", "manual")


def test_add_with_a_rule_resolves_like_an_extracted_milestone(db):
    cid = add_consulting(db)
    added = edits.add_milestone(db, cid, name="Holdback release", kind="payment", amount=500.0,
                                rule="within 10 business days after the Effective Date",
                                today=TODAY, by="bob", holidays=frozenset())  # fmt: skip
    stored = row(db, added.milestone_id)
    assert (stored["rule_unit"], stored["rule_anchor"]) == ("business_days", "effective_date")
    assert stored["due_date"] == "2025-03-17"
    assert stored["currency"] == "USD"  # the contract's


@pytest.mark.parametrize(
    "changes, message",
    [
        ({}, "nothing to change"),
        ({"name": "  "}, "--name is empty"),
        ({"amount": -1.0}, "--amount must be zero or more"),
        ({"currency": "dollars"}, "--currency must be an ISO 4217 code"),
        ({"due": "someday"}, "--due must be a date like 2025-06-30 or 'auto'"),
        ({"done_on": date(2025, 4, 1)}, "is pending: there is no step date to correct"),
        ({"name": "Signing"}, "already has these values"),
    ],
)
def test_edit_errors(db, changes, message):
    add_consulting(db)
    with pytest.raises(EditError, match=message):
        edit(db, ids(db)["Signing"], **changes)


def test_changing_kind_must_fit_the_status(db):
    add_consulting(db)
    design = ids(db)["Milestone 1 delivery: design document"]
    step(db, design, "approve")
    with pytest.raises(EditError, match="is approved, a status a signing milestone does not "
                                        "have: reopen it first"):  # fmt: skip
        edit(db, design, kind="signing")


def test_add_errors(db):
    cid = add_consulting(db)
    with pytest.raises(NotFound, match="no contract 42"):
        edits.add_milestone(db, 42, name="x", today=TODAY, by="bob")
    with pytest.raises(EditError, match="no deadline found in --rule 'when pigs fly'"):
        edits.add_milestone(db, cid, name="x", rule="when pigs fly", today=TODAY, by="bob")


# --- the commands ----------------------------------------------------------------------------
@pytest.fixture
def cli_store(db_path):
    db = open_store(db_path)
    add_consulting(db)
    schedule.resolve_store(db, holidays=frozenset())  # as ingest does
    db.conn.close()
    return db_path


def test_edit_and_add_commands(cli_store, runner):
    result = runner.invoke(cli, ["edit", "m4", "--due", "2025-06-30", "--by", "bob"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "milestone 4: due_date: None -> 2025-06-30\n"
    result = runner.invoke(cli, ["add", "1", "--name", "Holdback", "--kind", "payment",
                                 "--amount", "500", "--due", "2025-09-01", "--by", "bob"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "9\n"
    assert result.stderr == "added milestone 9 (Holdback) to contract 1\n"
    result = runner.invoke(cli, ["edit", "4", "--amount", "-3"])
    assert result.exit_code == 1
    assert result.stderr == "Error: --amount must be zero or more, got -3.0\n"
    result = runner.invoke(cli, ["add", "1", "--name", "x", "--due", "2025-01-01", "--rule",
                                 "30 days after invoice"])  # fmt: skip
    assert result.exit_code == 2


def test_history_of_a_milestone_and_of_a_contract(cli_store, runner):
    for args in (["complete", "3", "--on", "2025-03-28", "--by", "alice", "--ref", "mail 1"],
                 ["approve", "3", "--on", "2025-04-02", "--by", "Dana"],
                 ["edit", "1", "--name", "Contract signing", "--by", "bob"]):  # fmt: skip
        assert runner.invoke(cli, args).exit_code == 0
    result = runner.invoke(cli, ["history", "m3", "--json"])
    events = json.loads(result.stdout)
    assert [(e["action"], e["actor"], e["from_status"], e["to_status"], e["ref"]) for e in events] \
        == [("complete", "alice", "pending", "completed", "mail 1"),
            ("approve", "Dana", "completed", "approved", None)]  # fmt: skip
    result = runner.invoke(cli, ["history", "1", "--csv"])
    lines = result.stdout.splitlines()
    assert lines[0] == "id,on,recorded,by,milestone,action,change,amount,ref,note"
    actions = [line.split(",")[5] for line in lines[1:]]
    assert actions == ["resolve", "resolve", "complete", "approve", "resolve", "edit"]
    assert runner.invoke(cli, ["history", "-m", "3"]).stdout.splitlines()[0].split() == [
        "id", "on", "recorded", "by", "milestone", "action", "change", "amount", "ref", "note"]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["history"], 2, "give a contract id (3) or a milestone (m12 or -m 12)"),
        (["history", "99"], 1, "Error: no contract 99 in the store (see `contracts list`)"),
        (["history", "m99"], 1, "Error: no milestone 99 in the store (see `contracts milestones`)"),
        (["complete", "x12"], 2, "'x12' is not a milestone id like 12 or m12"),
        (["approve", "1"], 1, "Allowed next steps: start, complete, waive, cancel"),
    ],
)
def test_command_errors(cli_store, runner, args, code, message):
    result = runner.invoke(cli, args)
    assert result.exit_code == code
    assert message in result.stderr
