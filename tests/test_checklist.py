"""Checklists: Markdown, CSV and a real Word table, from the store or straight from a file."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from docx import Document as WordDocument

from models import Party
from tests.conftest import make_document
from tests.test_lifecycle import add_consulting, consulting_contract, ids, step
from tracker import checklist
from tracker.cli import cli
from tracker.queries import get_contract
from tracker.store import open_store


@pytest.mark.parametrize(
    "kind, expected",
    [
        ("payment", "Acme Corp. (Client)"),
        ("approval", "Acme Corp. (Client)"),
        ("deliverable", "Beta Consulting LLC (Consultant)"),
        ("signing", "all parties"),
        ("notice", ""),
    ],
)
def test_responsible_party_follows_the_roles(kind, expected):
    parties = (Party("Acme Corp.", "Client"), Party("Beta Consulting LLC", "Consultant"))
    assert checklist.responsible(kind, parties) == expected


def test_unknown_roles_leave_responsible_blank():
    assert checklist.responsible("payment", (Party("Acme", "Party A"),)) == ""


@pytest.fixture
def record(db):
    add_consulting(db)
    step(db, ids(db)["Signing"], "complete", on=date(2025, 3, 3))
    return get_contract(db, 1)


def test_markdown_ticks_what_is_done(record):
    text = checklist.to_markdown(record.contract, checklist.items(record.contract,
                                                                  record.milestones))
    lines = text.splitlines()
    assert lines[0] == "# Checklist: CONSULTING AGREEMENT"
    signing = "- [x] **Signing** (signing) — due 2025-03-03 — responsible: all parties — "
    assert signing + "status: completed" in lines
    assert ("- [ ] **Milestone 1 payment** (payment) — due 30 days after acceptance — "
            "USD 10,000.00 — responsible: Acme Corp. (Client) — status: pending — p. 3") in lines


def test_csv_checklist(record):
    text = checklist.to_csv_text(checklist.items(record.contract, record.milestones))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == checklist.HEADERS
    assert rows[1][:4] == ["☑", "Signing", "signing", "2025-03-03"]
    assert ["☐", "Milestone 1 delivery: design document", "deliverable", "2025-04-01", "",
            "Beta Consulting LLC (Consultant)", "pending", "2"] in rows  # fmt: skip


def test_docx_checklist_is_a_real_table(record, tmp_path):
    out = tmp_path / "checklist.docx"
    checklist.to_docx(record.contract, checklist.items(record.contract, record.milestones), out)
    word = WordDocument(str(out))
    assert word.paragraphs[0].text == "Checklist: CONSULTING AGREEMENT"
    [grid] = word.tables
    header = [c.text for c in grid.rows[0].cells]
    assert header == ["☐", "Milestone", "Kind", "Due", "Amount", "Responsible", "Status", "Page"]
    assert len(grid.rows) == 1 + 8
    payment = next(r for r in grid.rows if r.cells[1].text.startswith("Milestone 1 payment"))
    assert [c.text for c in payment.cells][2:] == [
        "payment", "30 days after acceptance", "USD 10,000.00", "Acme Corp. (Client)",
        "pending", "3"]  # fmt: skip
    assert "USD 10,000 within 30 days after acceptance." in payment.cells[1].text  # evidence
    assert grid.rows[1].cells[0].text == "☑"  # the signing is done


def test_checklist_straight_from_an_extraction_has_no_status():
    document = make_document("text")
    contract = consulting_contract(document)
    items = checklist.items(contract)
    assert len(items) == 8 and not any(item.done for item in items)
    assert {item.status for item in items} == {""}


# --- the command -----------------------------------------------------------------------------
@pytest.fixture
def cli_store(db_path):
    db = open_store(db_path)
    add_consulting(db)
    db.conn.close()
    return db_path


def test_checklist_command_from_the_store(cli_store, runner, tmp_path):
    result = runner.invoke(cli, ["checklist", "1"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "# Checklist: CONSULTING AGREEMENT"
    out = tmp_path / "c.docx"
    result = runner.invoke(cli, ["checklist", "1", "--format", "docx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote a checklist of 8 milestones to {out}\n"
    assert len(WordDocument(str(out)).tables[0].rows) == 9


def test_checklist_command_straight_from_a_file(cli_store, runner, tmp_path):
    source = tmp_path / "nda.txt"
    source.write_text(
        'CONSULTING AGREEMENT\n\nThis Consulting Agreement is made as of March 3, 2025 between '
        'Acme Corp. ("Client") and Beta LLC ("Consultant").\n\nClient shall pay USD 10,000 '
        "within thirty (30) days after acceptance of the final report.\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["checklist", str(source), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeffdone,milestone,kind,due,amount,responsible,status,page")
    assert open_store(cli_store).execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_checklist_of_a_file_creates_no_store(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CONTRACTS_DB", raising=False)
    (tmp_path / "a.txt").write_text("AGREEMENT\n\nClient shall pay USD 100 upon signing.\n")
    result = runner.invoke(cli, ["checklist", "a.txt"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "contracts.db").exists()


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["nothing-here"], 1, ("Error: nothing-here is neither a contract id (see `contracts "
                              "list`) nor a file\n")),
        (["7"], 1, "Error: no contract 7 in the store (see `contracts list`)\n"),
        (["1", "--format", "docx"], 2, "a DOCX checklist needs -o FILE.docx"),
    ],
)
def test_checklist_command_errors(cli_store, runner, args, code, message):
    result = runner.invoke(cli, ["checklist", *args])
    assert result.exit_code == code
    assert message in result.stderr
