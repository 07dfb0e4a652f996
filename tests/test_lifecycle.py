"""The milestone lifecycle: the transition table, events, partial payments, reopening."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from models import Contract, DueRule, Evidence, Milestone, Party
from tests.conftest import make_document
from tracker import lifecycle
from tracker.lifecycle import LifecycleError, record_step
from tracker.queries import NotFound
from tracker.save import save_document

TODAY = date(2025, 12, 31)


def consulting_contract(document) -> Contract:
    """A small consulting agreement built by hand (no extractor involved)."""
    return Contract(
        file=document.path,
        sha256=document.sha256,
        format=document.format,
        pages=document.page_count,
        title="CONSULTING AGREEMENT",
        parties=(Party("Acme Corp.", "Client"), Party("Beta Consulting LLC", "Consultant")),
        effective_date=date(2025, 3, 3),
        expiration_date=date(2026, 3, 2),
        currency="USD",
        total_value=30000.0,
        milestones=(
            Milestone("Signing", "signing", due_date=date(2025, 3, 3)),
            Milestone("Kick-off meeting", "kickoff",
                      due_rule=DueRule("5 business days after the Effective Date", 5,
                                       "business_days", anchor="effective_date")),
            Milestone("Milestone 1 delivery: design document", "deliverable",
                      due_date=date(2025, 4, 1), evidence=Evidence(2, "Design by April 1.")),
            Milestone("Milestone 1 payment", "payment", amount=10000.0, currency="USD",
                      due_rule=DueRule("within 30 days after acceptance", 30, anchor="acceptance"),
                      evidence=Evidence(3, "USD 10,000 within 30 days after acceptance.")),
            Milestone("Milestone 2 delivery: prototype", "deliverable", due_date=date(2025, 6, 2)),
            Milestone("Milestone 2 payment", "payment", amount=20000.0, currency="USD",
                      due_rule=DueRule("15 business days after acceptance", 15,
                                       "business_days", anchor="acceptance")),
            Milestone("Final report", "deliverable",
                      due_rule=DueRule("2 weeks after kick-off", 2, "weeks", anchor="kickoff")),
            Milestone("Renewal notice", "notice",
                      due_rule=DueRule("60 days before expiration", 60, "days", "before",
                                       "expiration")),
        ),
    )  # fmt: skip


def euro_contract(document) -> Contract:
    return Contract(
        file=document.path, sha256=document.sha256, format="txt", pages=1,
        title="SUPPLY AGREEMENT",
        parties=(Party("Gamma GmbH", "Supplier"), Party("Acme Corp.", "Buyer")),
        effective_date=date(2025, 1, 15), currency="EUR",
        milestones=(
            Milestone("Deposit", "payment", due_date=date(2025, 2, 1), amount=5000.0,
                      currency="EUR"),
            Milestone("Delivery of goods", "deliverable", due_date=date(2025, 5, 15)),
        ),
    )  # fmt: skip


def add_consulting(db) -> int:
    document = make_document("This Consulting Agreement ...", path="consulting.txt")
    return save_document(db, document, consulting_contract(document))


def add_euro(db) -> int:
    document = make_document("This Supply Agreement ...", path="supply.txt")
    return save_document(db, document, euro_contract(document))


def ids(db) -> dict[str, int]:
    return {name: mid for mid, name in db.execute("SELECT id, name FROM milestones")}


def row(db, milestone_id: int) -> dict:
    return next(db.query("SELECT * FROM milestones WHERE id = ?", [milestone_id]))


def step(db, milestone_id, action, on=date(2025, 4, 2), **kwargs):
    return record_step(db, milestone_id, action, on=on, by="alice", today=TODAY,
                       holidays=frozenset(), **kwargs)  # fmt: skip


# --- the table -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kind, status, action, allowed",
    [
        ("deliverable", "pending", "complete", True),  # forward skip
        ("deliverable", "pending", "start", True),
        ("deliverable", "approved", "complete", False),  # no going back without reopen
        ("payment", "pending", "pay", True),
        ("payment", "invoiced", "pay", True),
        ("payment", "paid", "pay", False),
        ("payment", "paid", "waive", False),
        ("signing", "pending", "complete", True),
        ("signing", "pending", "approve", False),  # a signing is just done
        ("signing", "completed", "invoice", False),
        ("approval", "completed", "approve", True),
        ("approval", "approved", "invoice", False),
        ("kickoff", "in_progress", "cancel", True),
        ("other", "waived", "complete", False),
    ],
)
def test_transition_table(kind, status, action, allowed):
    target = lifecycle.ACTIONS[action]
    assert (target in lifecycle.TRANSITIONS[kind][status]) is allowed
    assert (action in lifecycle.allowed_actions(kind, status)) is allowed


def test_every_kind_has_a_path_and_every_status_a_row():
    from models import MILESTONE_KINDS, STATUSES

    assert set(lifecycle.TRANSITIONS) == set(MILESTONE_KINDS)
    for kind, rows in lifecycle.TRANSITIONS.items():
        assert set(rows) == set(lifecycle.KIND_PATHS[kind]) | set(lifecycle.ENDINGS)
        assert set(rows) <= set(STATUSES)


def test_illegal_step_names_the_allowed_next_steps(db):
    add_consulting(db)
    signing = ids(db)["Signing"]
    with pytest.raises(LifecycleError) as error:
        step(db, signing, "approve")
    assert str(error.value) == (
        f"milestone {signing} (Signing, signing) is pending: it cannot be approved. "
        "Allowed next steps: start, complete, waive, cancel"
    )
    step(db, signing, "complete")
    with pytest.raises(LifecycleError, match="Allowed next steps: reopen$"):
        step(db, signing, "complete")


def test_unknown_milestone_is_not_found(db):
    add_consulting(db)
    with pytest.raises(NotFound, match="no milestone 999 in the store"):
        step(db, 999, "complete")


def test_future_dates_are_refused(db):
    add_consulting(db)
    with pytest.raises(LifecycleError, match="in the future"):
        step(db, ids(db)["Signing"], "complete", on=date(2026, 1, 1))


# --- steps and the audit log -----------------------------------------------------------------
def test_a_step_updates_the_milestone_and_appends_an_event(db, monkeypatch):
    monkeypatch.setattr(lifecycle.getpass, "getuser", lambda: "os-user")
    add_consulting(db)
    design = ids(db)["Milestone 1 delivery: design document"]
    before = datetime.now(UTC).replace(microsecond=0)
    done = record_step(db, design, "complete", on=date(2025, 3, 28), note="sent by email",
                       ref="mail 42", today=TODAY, holidays=frozenset())  # fmt: skip
    after = datetime.now(UTC)
    assert (done.from_status, done.to_status) == ("pending", "completed")
    stored = row(db, design)
    assert stored["status"] == "completed"
    assert stored["completed_on"] == stored["status_date"] == "2025-03-28"
    event = next(db.query("SELECT * FROM events WHERE id = ?", [done.event_id]))
    assert event["action"] == "complete"
    assert event["actor"] == "os-user"
    assert (event["occurred_on"], event["note"], event["ref"]) == ("2025-03-28", "sent by email",
                                                                  "mail 42")  # fmt: skip
    # When it was recorded (now, in UTC), not the day it happened.
    recorded = datetime.fromisoformat(event["recorded_at"])
    assert before <= recorded <= after and recorded.utcoffset() == timedelta(0)


def test_skipping_steps_dates_the_skipped_ones(db):
    add_consulting(db)
    design = ids(db)["Milestone 1 delivery: design document"]
    step(db, design, "approve", on=date(2025, 4, 3))
    stored = row(db, design)
    assert (stored["completed_on"], stored["approved_on"]) == ("2025-04-03", "2025-04-03")


def test_partial_payments_leave_a_balance(db):
    add_consulting(db)
    payment = ids(db)["Milestone 1 payment"]
    step(db, payment, "invoice", on=date(2025, 4, 3), ref="INV-1")
    first = step(db, payment, "pay", on=date(2025, 4, 20), amount=4000)
    assert (first.to_status, first.partial, first.outstanding) == ("invoiced", True, 6000.0)
    assert lifecycle.status_label("invoiced", row(db, payment)["paid_amount"]) == (
        "invoiced (part paid)"
    )
    rest = step(db, payment, "pay", on=date(2025, 5, 2))
    assert (rest.to_status, rest.amount, rest.outstanding) == ("paid", 6000.0, 0.0)
    amounts = [r[0] for r in db.execute("SELECT amount FROM events WHERE action = 'pay'")]
    assert amounts == [4000.0, 6000.0]
    [(details,)] = db.execute("SELECT details FROM events WHERE action = 'pay' LIMIT 1")
    assert json.loads(details) == {"paid_amount": 4000.0, "outstanding": 6000.0}


def test_overpayment_is_refused(db):
    add_consulting(db)
    payment = ids(db)["Milestone 1 payment"]
    with pytest.raises(LifecycleError, match="exceeds the outstanding 10,000.00"):
        step(db, payment, "pay", amount=12000)
    assert row(db, payment)["paid_amount"] == 0


def test_invoice_amount_defaults_to_the_milestone_amount(db):
    add_consulting(db)
    payment = ids(db)["Milestone 2 payment"]
    assert step(db, payment, "invoice").amount == 20000.0
    assert row(db, payment)["invoiced_amount"] == 20000.0


@pytest.mark.parametrize(
    "steps, reopen_to, expected",
    [
        (["complete", "approve"], None, "completed"),  # default: the step before
        (["complete", "approve"], "pending", "pending"),
        (["start", "waive"], None, "in_progress"),  # back to what it was before it ended
    ],
)
def test_reopen(db, steps, reopen_to, expected):
    add_consulting(db)
    design = ids(db)["Milestone 1 delivery: design document"]
    for action in steps:
        step(db, design, action)
    reopened = step(db, design, "reopen", to=reopen_to)
    assert reopened.to_status == expected
    assert row(db, design)["approved_on"] is None


def test_reopen_errors(db):
    add_consulting(db)
    design = ids(db)["Milestone 1 delivery: design document"]
    with pytest.raises(LifecycleError, match="is pending: it cannot be reopened"):
        step(db, design, "reopen")
    step(db, design, "complete")
    with pytest.raises(LifecycleError, match="can be reopened to pending, in_progress, not paid"):
        step(db, design, "reopen", to="paid")


def test_sql_forms_agree_with_the_python_tables(db):
    add_consulting(db)
    design = ids(db)["Milestone 1 delivery: design document"]
    step(db, design, "complete")
    rows = db.execute(
        f"SELECT kind, status, amount IS NOT NULL, {lifecycle.closed_sql()} FROM milestones m"
    ).fetchall()
    for kind, status, has_amount, closed in rows:
        assert bool(closed) == lifecycle.is_closed(kind, status, bool(has_amount))
