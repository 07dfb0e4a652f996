"""Money always adds up: the walk-through's wrong payment is refused, overpayments are credits,
outstanding is never negative, and implied steps are logged as their own events."""

from __future__ import annotations

import json

import pytest

from models import Contract
from tests.conftest import FIXTURES, golden_contract
from tracker.cli import cli
from tracker.save import save_document
from tracker.schedule import resolve_store
from tracker.store import open_store

FIXTURE = FIXTURES / "consulting-agreement.docx"
EXPECTED = FIXTURES / "consulting-agreement.expected.json"

pytestmark = pytest.mark.skipif(not EXPECTED.exists(), reason="fixtures not generated")


@pytest.fixture
def ids(db_path, monkeypatch):
    """The consulting agreement stored from its golden extraction: milestone ids by name."""
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    document, contract = golden_contract(FIXTURE)
    db = open_store(db_path)
    save_document(db, document, contract)
    resolve_store(db)
    found = {name: mid for mid, name in db.execute("SELECT id, name FROM milestones")}
    db.conn.close()
    return found


def invoke(runner, *args):
    return runner.invoke(cli, [str(a) for a in args])


def test_paying_a_deliverable_without_amount_is_refused(ids, runner):
    """The walk-through defect: `pay 2 --amount 12000` on the Interim Report was accepted,
    moved the dependent deadlines and left the report at -4,000 outstanding."""
    interim = ids["Interim Report"]
    result = invoke(runner, "pay", interim, "--amount", "12000", "--on", "2025-04-01")
    assert result.exit_code == 1
    message = result.output
    assert f"milestone {interim} (Interim Report, deliverable) carries no amount" in message
    assert "The payment milestones of contract 1 are:" in message
    assert f"{ids['First installment']} First installment (USD 12,000.00, pending)" in message
    assert f"`contracts edit {interim} --amount N`" in message
    # Nothing moved: no event, no status, no resolved deadline.
    history = json.loads(invoke(runner, "history", "1", "--json").stdout)
    assert [e["action"] for e in history if e["action"] != "resolve"] == []
    report = json.loads(invoke(runner, "report", "--as-of", "2025-07-10", "--json").stdout)
    assert report["currencies"][0]["outstanding"] == 48000.0


def test_invoice_for_an_amount_on_a_milestone_without_one_is_refused(ids, runner):
    result = invoke(runner, "invoice", ids["Final Report"], "--amount", "5000")
    assert result.exit_code == 1
    assert "carries no amount: it cannot be invoiced for an amount" in result.output


def test_invoice_above_the_amount_is_refused(ids, runner):
    result = invoke(runner, "invoice", ids["First installment"], "--amount", "13000",
                    "--on", "2025-01-20")
    assert result.exit_code == 1
    assert "an invoice of 13,000.00 exceeds the amount" in result.output


def test_overpay_is_refused_then_credited_with_overpay(ids, runner):
    first = ids["First installment"]
    refused = invoke(runner, "pay", first, "--amount", "15000", "--on", "2025-01-25")
    assert refused.exit_code == 1
    assert "exceeds the outstanding 12,000.00" in refused.output
    assert "--overpay" in refused.output
    paid = invoke(runner, "pay", first, "--amount", "15000", "--on", "2025-01-25", "--overpay")
    assert paid.exit_code == 0, paid.output
    assert "credit: USD 3,000.00 above the balance credited to contract 1" in paid.stderr
    history = json.loads(invoke(runner, "history", f"m{first}", "--json").stdout)
    assert [(e["action"], e["amount"]) for e in history] == [
        ("invoice", 12000.0), ("pay", 12000.0), ("credit", 3000.0)]
    money = json.loads(invoke(runner, "report", "--as-of", "2025-02-01", "--json").stdout)
    usd = money["currencies"][0]
    assert (usd["collected"], usd["outstanding"], usd["credit"]) == (12000.0, 36000.0, 3000.0)


def test_outstanding_is_never_negative_after_a_cancelled_paid_milestone(ids, runner):
    first = ids["First installment"]
    assert invoke(runner, "pay", first, "--on", "2025-01-25").exit_code == 0
    assert invoke(runner, "reopen", first, "--to", "approved").exit_code == 0
    assert invoke(runner, "cancel", first, "--on", "2025-02-01").exit_code == 0
    usd = json.loads(invoke(runner, "report", "--as-of", "2025-03-01", "--json").stdout)[
        "currencies"][0]
    assert usd["contracted"] == 36000.0 and usd["collected"] == 12000.0
    assert usd["outstanding"] == 36000.0  # what is still owed on the live milestones


def test_paying_a_pending_deliverable_logs_the_implied_steps(db_path, runner, tmp_path):
    """A fee due on delivery is filed under the delivery: paying it implies delivery and
    acceptance, each logged, and a deadline hanging on the acceptance is dated from it."""
    from datetime import date

    from models import DueRule, Milestone
    from tests.conftest import make_document

    document = make_document("Phase 1 fee USD 5,000 on delivery.")
    contract = Contract(
        file=document.path, sha256=document.sha256, format="txt", pages=1, currency="USD",
        effective_date=date(2025, 1, 1),
        milestones=(
            Milestone("Delivery of Phase 1", "deliverable", due_date=date(2025, 3, 1),
                      amount=5000.0, currency="USD"),
            Milestone("Phase 2 kick-off", "other",
                      due_rule=DueRule("10 days after acceptance of Phase 1", 10,
                                       anchor="acceptance")),
        ),
    )  # fmt: skip
    db = open_store(db_path)
    save_document(db, document, contract)
    db.conn.close()
    result = invoke(runner, "pay", "1", "--on", "2025-03-05")
    assert result.exit_code == 0, result.output
    assert "pending -> paid on 2025-03-05 (USD 5,000.00)" in result.stderr
    assert "implied, each logged: completed, approved, invoiced on 2025-03-05" in result.stderr
    assert "due 2025-03-15" in result.stderr  # 10 days after the implied acceptance
    history = json.loads(invoke(runner, "history", "m1", "--json").stdout)
    assert [(e["action"], e["from_status"], e["to_status"], e["note"]) for e in history] == [
        ("complete", "pending", "completed", "implied by pay"),
        ("approve", "completed", "approved", "implied by pay"),
        ("invoice", "approved", "invoiced", "implied by pay"),
        ("pay", "invoiced", "paid", None),
    ]


def test_an_amount_cannot_be_edited_below_what_was_paid(ids, runner):
    first = ids["First installment"]
    assert invoke(runner, "pay", first, "--amount", "8000", "--on", "2025-01-25").exit_code == 0
    result = invoke(runner, "edit", first, "--amount", "5000")
    assert result.exit_code == 1
    assert "already has 12,000.00 invoiced or paid" in result.output
