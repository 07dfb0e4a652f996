"""The walk-through of the README on the consulting-agreement fixture, command by command.

The document is the real fixture file; its extraction is the fixture's expected JSON (so the
walk-through does not depend on the extractor's quality). From there on every step is the
`contracts` command a person types:

    contracts ingest fixtures/consulting-agreement.docx
    contracts milestones --due-within 30d --as-of 2025-05-20      # Final Report, 10 days left
    contracts milestones --overdue --as-of 2025-05-20
    contracts complete 2 --on 2025-05-28 --by "Elena Marquez"     # Final Report delivered
    contracts approve 2 --on 2025-06-04 --ref "acceptance email"  # payment 6 now due 2025-07-04
    contracts report --as-of 2025-06-05                           # 18,000 expected in July
    contracts invoice 6 --on 2025-06-05 --ref INV-0042
    contracts pay 6 --amount 10000 --on 2025-07-01                # part paid, 8,000 outstanding
    contracts pay 6 --on 2025-07-03
    contracts report --as-of 2025-07-10                           # 18,000 collected in July
    contracts history m6
    contracts export --format ics -o milestones.ics
    contracts checklist 1 --format docx -o checklist.docx
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from docx import Document as WordDocument

from tests.conftest import FIXTURES, golden_contract
from tracker.cli import cli
from tracker.save import save_document
from tracker.schedule import resolve_store
from tracker.store import open_store

FIXTURE = FIXTURES / "consulting-agreement.docx"
EXPECTED = FIXTURES / "consulting-agreement.expected.json"

pytestmark = pytest.mark.skipif(not EXPECTED.exists(), reason="fixtures not generated")


@pytest.fixture
def store(db_path, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    document, contract = golden_contract(FIXTURE)
    db = open_store(db_path)
    save_document(db, document, contract)
    resolve_store(db)  # what ingest does with deadlines that hang on the contract's dates
    ids = {name: mid for mid, name in db.execute("SELECT id, name FROM milestones")}
    db.conn.close()
    return ids


def run(runner, *args: str):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_walkthrough(store, runner, tmp_path):
    final, payment = store["Final Report"], store["Payment on acceptance of the Final Report"]

    # 1. What is due in the next 30 days (and what is late)?
    due = run(runner, "milestones", "--due-within", "30d", "--as-of", "2025-05-20", "--json")
    assert [(m["name"], m["days_left"]) for m in json.loads(due.stdout)] == [("Final Report", 10)]
    late = run(runner, "milestones", "--overdue", "--as-of", "2025-05-20", "--json")
    assert [(m["name"], m["days_late"]) for m in json.loads(late.stdout)] == [
        ("First installment", 117), ("Interim Report", 67)]  # fmt: skip
    # The payment hangs on acceptance: no date yet.
    listed = run(runner, "milestones", "--kind", "payment", "--as-of", "2025-05-20", "--json")
    assert {m["name"]: m["due_date"] for m in json.loads(listed.stdout)}[
        "Payment on acceptance of the Final Report"] is None  # fmt: skip

    # 2. Complete and approve the deliverable: the payment's deadline resolves on approval.
    done = run(runner, "complete", str(final), "--on", "2025-05-28", "--by", "Elena Marquez")
    assert done.stderr.splitlines()[0] == (
        f"milestone {final} (Final Report): pending -> completed on 2025-05-28")
    approved = run(runner, "approve", str(final), "--on", "2025-06-04", "--by", "Northwind PMO",
                   "--ref", "acceptance email")  # fmt: skip
    assert approved.stderr.splitlines() == [
        f"milestone {final} (Final Report): completed -> approved on 2025-06-04",
        (f"  due date: milestone {payment} (Payment on acceptance of the Final Report): due "
        f"2025-07-04 (30 days after acceptance: approval of milestone {final} (Final Report) "
        "on 2025-06-04)"),
    ]
    report = json.loads(run(runner, "report", "--as-of", "2025-06-05", "--json").stdout)
    july = next(r for r in report["cash_flow"] if r["month"] == "2025-07")
    assert (july["expected"], july["collected"]) == (18000.0, 0.0)

    # 3. Invoice it, and get paid in two instalments.
    run(runner, "invoice", str(payment), "--on", "2025-06-05", "--ref", "INV-0042")
    part = run(runner, "pay", str(payment), "--amount", "10000", "--on", "2025-07-01")
    assert part.stderr == (f"milestone {payment} (Payment on acceptance of the Final Report): "
                           "paid USD 10,000.00 on 2025-07-01; outstanding USD 8,000.00 "
                           "(invoiced, part paid)\n")  # fmt: skip
    rest = run(runner, "pay", str(payment), "--on", "2025-07-03", "--ref", "wire 2")
    assert rest.stderr.endswith("invoiced -> paid on 2025-07-03 (USD 8,000.00)\n")

    # 4. The report moves: collected in July, nothing receivable, paid on time.
    report = json.loads(run(runner, "report", "--as-of", "2025-07-10", "--json").stdout)
    july = next(r for r in report["cash_flow"] if r["month"] == "2025-07")
    assert (july["expected"], july["collected"]) == (0.0, 18000.0)
    assert report["currencies"] == [{"currency": "USD", "contracted": 48000.0,
                                     "invoiced": 18000.0, "collected": 18000.0,
                                     "outstanding": 30000.0, "receivable": 0.0,
                                         "credit": 0.0}]  # fmt: skip
    assert report["counts"]["by_status"]["paid"] == 1
    assert report["on_time"]["on_time"] == report["on_time"]["completed_with_due_date"] == 2
    history = json.loads(run(runner, "history", f"m{payment}", "--json").stdout)
    assert [e["action"] for e in history] == ["resolve", "invoice", "pay", "pay"]

    # 5. The calendar, checked by a real iCalendar parser.
    icalendar = pytest.importorskip("icalendar")
    ics = tmp_path / "milestones.ics"
    run(runner, "export", "--format", "ics", "-o", str(ics))
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    paid = next(e for e in events if str(e["UID"]).startswith(f"milestone-{payment}@"))
    assert paid.decoded("DTSTART") == date(2025, 7, 4)
    assert str(paid["SUMMARY"]).startswith("Payment on acceptance of the Final Report")

    # 6. A Word checklist, read back.
    docx = tmp_path / "checklist.docx"
    run(runner, "checklist", "1", "--format", "docx", "-o", str(docx))
    [grid] = WordDocument(str(docx)).tables
    rows = {r.cells[1].text.split("\n")[0]: [c.text for c in r.cells] for r in grid.rows[1:]}
    assert rows["Payment on acceptance of the Final Report"][:7] == [
        "☑", "Payment on acceptance of the Final Report", "payment", "2025-07-04",
        "USD 18,000.00", "", "paid"]  # fmt: skip
    assert rows["Interim Report"][0] == "☐"


def test_walkthrough_on_the_real_extraction_of_the_fixture(runner, db_path, monkeypatch):
    """The same story with what `contracts ingest` really extracts, not the golden JSON."""
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    assert run(runner, "ingest", str(FIXTURES / "consulting-agreement.pdf")).exit_code == 0
    rows = json.loads(run(runner, "show", "1", "--json").stdout)["milestones"]
    report = next(m for m in rows if m["name"] == "Final Report")
    acceptance = next(m for m in rows if m["kind"] == "approval")
    payment = next(m for m in rows if (m["due_rule"] or {}).get("anchor") == "acceptance")
    # The contract's plan: acceptance 15 days after the report's due date.
    assert acceptance["due_date"] == "2025-06-14"
    run(runner, "complete", str(report["id"]), "--on", "2025-05-28")
    run(runner, "approve", str(acceptance["id"]), "--on", "2025-06-04")
    after = {m["id"]: m for m in json.loads(run(runner, "show", "1", "--json").stdout)["milestones"]}
    # Delivered early: the acceptance deadline follows the real delivery; payment follows approval.
    assert after[acceptance["id"]]["due_date"] == "2025-06-12"
    assert after[payment["id"]]["due_date"] == "2025-07-04"
    run(runner, "invoice", str(payment["id"]), "--on", "2025-06-05")
    run(runner, "pay", str(payment["id"]), "--on", "2025-07-03")
    money = json.loads(run(runner, "report", "--as-of", "2025-07-10", "--json").stdout)
    assert money["currencies"][0]["collected"] == payment["amount"] == 18000.0
