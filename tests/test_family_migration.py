"""A store made before contract families (issue 11) migrates forward: the contracts that are
copies of one agreement are merged, and what people recorded on either copy is kept.

tests/files/store-before-families.db was written by tests/make_old_store.py with the code of
main at de8eaaa (schema version 3): consulting-agreement.pdf and .docx stored as two contracts,
a person's steps, an edit, a hand-added milestone and the same invoice recorded on both.
"""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from tests.conftest import TEST_FILES
from tracker.cli import cli
from tracker.store import SCHEMA_VERSION, open_store

OLD_STORE = TEST_FILES / "store-before-families.db"


@pytest.fixture
def old_store(tmp_path, monkeypatch):
    path = tmp_path / "contracts.db"
    shutil.copyfile(OLD_STORE, path)
    monkeypatch.setenv("CONTRACTS_DB", str(path))
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    return path


def run(runner, *args):
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_the_old_store_is_what_the_old_code_made():
    with sqlite3.connect(OLD_STORE) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM contracts").fetchone()[0] == 3


def test_duplicates_are_merged_and_money_counts_once(old_store, runner):
    before = sqlite3.connect(old_store)
    events_before = before.execute("SELECT count(*) FROM events").fetchone()[0]
    before.close()
    listed = json.loads(run(runner, "list", "--json").stdout)
    assert [(r["id"], r["copies"]) for r in listed] == [(1, 1), (3, 0)]
    report = json.loads(run(runner, "report", "--as-of", "2025-07-01", "--json").stdout)
    assert report["currencies"][0]["contracted"] == 168000.0  # was 216,000: 48,000 twice
    assert report["currencies"][0]["collected"] == 12000.0
    assert report["currencies"][0]["invoiced"] == 12000.0  # the same invoice, recorded twice
    db = open_store(old_store)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT family_role, parent_id FROM contracts WHERE id = 2").fetchone() \
        == ("copy", 1)
    assert db.execute("SELECT count(*) FROM milestones WHERE contract_id = 2").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM parties WHERE contract_id = 2").fetchone()[0] == 0
    # Nothing of the audit log is lost; the merge is in it.
    events = db.execute("SELECT count(*) FROM events").fetchone()[0]
    assert events > events_before
    db.conn.close()


def test_statuses_edits_and_added_milestones_of_both_copies_are_kept(old_store, runner):
    shown = json.loads(run(runner, "show", "1", "--json").stdout)
    milestones = {(m["name"], m["status"]): m for m in shown["milestones"]}
    assert ("Interim Report", "approved") in milestones  # steps on the PDF's contract
    assert ("First installment", "paid") in milestones
    final = next(m for (name, _), m in milestones.items() if name == "Final Report")
    assert final["due_date"] == "2025-06-06"  # the person's edit made on the Word file's copy
    assert final["id"] == 10  # the edited milestone itself, with its history
    assert ("Steering committee briefing", "pending") in milestones  # added by hand on the copy
    # The same invoice recorded on both copies: the one that went further stays, the other is
    # kept (with its history) but cancelled as a duplicate, so the money counts once.
    assert ("First installment", "cancelled") in milestones
    assert sum(1 for name, status in milestones if name == "First installment"
               and status != "cancelled") == 1
    history = json.loads(run(runner, "history", "1", "--json").stdout)
    actions = [e["action"] for e in history]
    for action in ("complete", "approve", "invoice", "pay", "edit", "add", "link"):
        assert action in actions, action
    assert "another file of contract 1" in run(runner, "show", "2").stderr


def test_a_migrated_store_links_new_copies_to_the_merged_contract(old_store, runner):
    from tests.conftest import FIXTURES

    run(runner, "ingest", "--jobs", "1", "--ocr", "never", FIXTURES / "professional-services-sow.docx")
    listed = json.loads(run(runner, "list", "--json").stdout)
    assert [(r["id"], r["copies"]) for r in listed] == [(1, 1), (3, 1)]
