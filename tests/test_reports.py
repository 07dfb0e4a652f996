"""The portfolio report's figures on a small handmade store, and the `report` command."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.test_lifecycle import TODAY, add_consulting, add_euro, ids, step
from tracker import edits, reports
from tracker.cli import cli
from tracker.store import open_store

AS_OF = date(2025, 5, 10)


def build(db) -> None:
    """Two contracts (USD and EUR) with a few steps recorded."""
    add_consulting(db)
    add_euro(db)
    m = ids(db)
    step(db, m["Signing"], "complete", on=date(2025, 3, 3))
    step(db, m["Milestone 1 delivery: design document"], "complete", on=date(2025, 3, 28))
    step(db, m["Milestone 1 delivery: design document"], "approve", on=date(2025, 4, 2))
    step(db, m["Milestone 1 payment"], "invoice", on=date(2025, 4, 3))
    step(db, m["Milestone 1 payment"], "pay", on=date(2025, 4, 20), amount=3000)
    step(db, m["Renewal notice"], "waive", on=date(2025, 4, 1))
    step(db, m["Deposit"], "pay", on=date(2025, 2, 5))
    edits.edit_milestone(db, m["Milestone 2 payment"], due=date(2025, 6, 20), by="bob",
                         today=TODAY, holidays=frozenset())  # fmt: skip


@pytest.fixture
def report(db):
    build(db)
    return reports.portfolio_report(db, as_of=AS_OF, months=3, holidays=frozenset())


def test_counts_by_status_and_derived_counts(report):
    assert report["counts"] == {
        "by_status": {"pending": 5, "in_progress": 0, "completed": 1, "approved": 1,
                      "invoiced": 1, "paid": 1, "waived": 1, "cancelled": 0},
        "total": 10, "overdue": 2, "due_soon": 1, "undated_open": 1,
    }  # fmt: skip


def test_overdue_items_with_days_late_and_amounts(report):
    assert [(o["name"], o["due_date"], o["days_late"], o["outstanding"], o["currency"])
            for o in report["overdue"]] == [
        ("Kick-off meeting", "2025-03-10", 61, None, "USD"),
        ("Milestone 1 payment", "2025-05-02", 8, 7000.0, "USD"),
    ]  # fmt: skip
    assert report["overdue_total"] == 2


def test_due_windows(report):
    assert report["due_ahead"] == [
        {"days": 30, "count": 2, "amounts": {}},
        {"days": 60, "count": 3, "amounts": {"USD": 20000.0}},
        {"days": 90, "count": 3, "amounts": {"USD": 20000.0}},
    ]


def test_cash_flow_by_month_and_currency(report):
    flow = [(r["currency"], r["month"], r["expected"], r["collected"]) for r in report["cash_flow"]]
    assert flow == [
        ("EUR", "earlier", 0.0, 5000.0),
        ("EUR", "2025-05", 0.0, 0.0),
        ("EUR", "2025-06", 0.0, 0.0),
        ("EUR", "2025-07", 0.0, 0.0),
        ("USD", "earlier", 0.0, 3000.0),
        ("USD", "2025-05", 7000.0, 0.0),
        ("USD", "2025-06", 20000.0, 0.0),
        ("USD", "2025-07", 0.0, 0.0),
    ]


def test_money_per_currency_is_never_summed_across_currencies(report):
    assert report["currencies"] == [
        {"currency": "EUR", "contracted": 5000.0, "invoiced": 5000.0, "collected": 5000.0,
         "outstanding": 0.0, "receivable": 0.0, "credit": 0.0},
        {"currency": "USD", "contracted": 30000.0, "invoiced": 10000.0, "collected": 3000.0,
         "outstanding": 27000.0, "receivable": 7000.0, "credit": 0.0},
    ]  # fmt: skip


def test_on_time_rate(report):
    # Signing on its day, design early, the EUR deposit 4 days late.
    assert report["on_time"] == {"completed_with_due_date": 3, "on_time": 2, "late": 1,
                                 "rate": 0.6667}  # fmt: skip


def test_as_of_makes_the_report_reproducible(db):
    build(db)
    earlier = reports.portfolio_report(db, as_of=date(2025, 4, 10), holidays=frozenset())
    usd = next(c for c in earlier["currencies"] if c["currency"] == "USD")
    assert (usd["invoiced"], usd["collected"]) == (10000.0, 0.0)  # the payment came on 20 April
    again = reports.portfolio_report(db, as_of=date(2025, 4, 10), holidays=frozenset())
    assert again == earlier


def test_cancelled_payments_are_not_contracted(db):
    build(db)
    step(db, ids(db)["Milestone 2 payment"], "cancel", on=date(2025, 5, 1))
    data = reports.portfolio_report(db, as_of=AS_OF, holidays=frozenset())
    usd = next(c for c in data["currencies"] if c["currency"] == "USD")
    assert usd["contracted"] == 10000.0


def test_overdue_limit(db):
    build(db)
    data = reports.portfolio_report(db, as_of=AS_OF, holidays=frozenset(), overdue_limit=1)
    assert (len(data["overdue"]), data["overdue_total"]) == (1, 2)
    assert "… and 1 more (`contracts milestones --overdue`)" in reports.report_text(data)


# --- the command -----------------------------------------------------------------------------
@pytest.fixture
def cli_store(db_path):
    db = open_store(db_path)
    build(db)
    db.conn.close()
    return db_path


def test_report_command_text(cli_store, runner):
    result = runner.invoke(cli, ["report", "--as-of", "2025-05-10", "--months", "3"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Portfolio as of 2025-05-10: 10 milestones"
    assert "overdue (derived)                 2" in lines
    assert "Overdue: 2" in lines
    overdue_line = (" 4  2025-05-02          8  1 CONSULTING AGREEMENT  Milestone 1 payment  "
                    "invoiced  USD 7,000.00")
    assert overdue_line in lines
    assert "next 60 days      3  20,000.00" in lines
    assert "USD        30,000.00  10,000.00   3,000.00    27,000.00    7,000.00    0.00" in lines
    assert "EUR         5,000.00   5,000.00   5,000.00         0.00        0.00    0.00" in lines
    assert lines[-1] == "On time: 2 of 3 completed milestones with a due date (67%)"


def test_report_command_json_and_csv(cli_store, runner):
    result = runner.invoke(cli, ["report", "--as-of", "2025-05-10", "--json"])
    data = json.loads(result.stdout)
    assert data["as_of"] == "2025-05-10" and data["overdue_total"] == 2
    assert len(data["cash_flow"]) == 2 * (1 + 6)  # earlier + 6 months, per currency
    result = runner.invoke(cli, ["report", "--as-of", "2025-05-10", "--csv"])
    lines = result.stdout.splitlines()
    assert lines[0] == "section,item,currency,value"
    assert "money,receivable,USD,7000.00" in lines


def test_a_fee_filed_under_its_deliverable_counts_as_money(db):
    """Contracts tie fees to events ("$36,000 on delivery of Phase 1"); the cash is expected."""
    from models import Contract, Milestone
    from tests.conftest import make_document
    from tracker.save import save_document

    document = make_document("Phase 1 fee", path="phase.txt")
    contract = Contract(
        file=document.path, sha256=document.sha256, format="txt", pages=1, currency="USD",
        milestones=(Milestone("Delivery of Phase 1", "deliverable", due_date=date(2025, 6, 2),
                              amount=36000.0, currency="USD"),),
    )  # fmt: skip
    save_document(db, document, contract)
    report = reports.portfolio_report(db, as_of=AS_OF, months=2, holidays=frozenset())
    assert report["currencies"][0]["contracted"] == 36000.0
    june = [r for r in report["cash_flow"] if r["month"] == "2025-06"]
    assert june[0]["expected"] == 36000.0
