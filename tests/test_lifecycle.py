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


# --- money to the cent ------------------------------------------------------------------------
def _one_payment(db, amount) -> int:
    """A contract with one payment milestone of ``amount`` (None: no amount); its id."""
    document = make_document(f"Payment of {amount}.", path=f"pay-{amount}.txt")
    save_document(db, document, Contract(
        file=document.path, sha256=document.sha256, format="txt", pages=1, currency="USD",
        milestones=(Milestone("Fee", "payment", due_date=date(2025, 6, 1), amount=amount,
                              currency="USD"),)))  # fmt: skip
    return db.execute("SELECT max(id) FROM milestones").fetchone()[0]


def test_paying_an_amount_that_is_not_in_whole_cents_pays_it_rounded_to_the_cent(db):
    fee = _one_payment(db, 1000 / 3)  # a third of a fee: 333.333...
    done = step(db, fee, "pay")
    assert (done.to_status, done.amount, done.paid_amount) == ("paid", 333.33, 333.33)
    assert row(db, fee)["paid_amount"] == 333.33


def test_paying_the_last_few_cents_without_an_amount(db):
    fee = _one_payment(db, 100.0)
    step(db, fee, "pay", amount=99.5)
    rest = step(db, fee, "pay")
    assert (rest.to_status, rest.amount, rest.paid_amount, rest.outstanding) == (
        "paid", 0.5, 100.0, 0.0)  # fmt: skip


def test_a_payment_on_a_milestone_without_an_amount_records_no_money(db):
    fee = _one_payment(db, None)
    with pytest.raises(LifecycleError, match=rf"^milestone {fee} \(Fee, payment\) carries no "
                       "amount: it cannot be paid"):  # fmt: skip
        step(db, fee, "pay")
    assert (row(db, fee)["paid_amount"], row(db, fee)["invoiced_amount"]) == (0.0, None)
    assert db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_the_invoiced_amount_is_what_is_owed(db):
    fee = _one_payment(db, 10000.0)
    invoiced = step(db, fee, "invoice", amount=9000.0)
    assert (invoiced.amount, invoiced.due_amount, invoiced.outstanding) == (9000.0, 9000.0, 9000.0)
    assert row(db, fee)["invoiced_amount"] == 9000.0
    paid = step(db, fee, "pay")
    assert (paid.to_status, paid.amount, paid.paid_amount) == ("paid", 9000.0, 9000.0)


def test_a_first_payment_without_an_invoice_invoices_the_contracted_amount(db):
    fee = _one_payment(db, 10000.0)
    done = step(db, fee, "pay", amount=2500.0)
    assert (done.to_status, done.due_amount, done.outstanding) == ("invoiced", 10000.0, 7500.0)
    assert row(db, fee)["invoiced_amount"] == 10000.0
    [(details,)] = db.execute("SELECT details FROM events WHERE action = 'pay'")
    assert json.loads(details) == {"paid_amount": 2500.0, "outstanding": 7500.0,
                                   "invoiced_amount": 10000.0}  # the payment stands for the invoice


@pytest.mark.parametrize("action, noun", [("invoice", "invoice"), ("pay", "payment")])
@pytest.mark.parametrize("amount", [0, -5, 0.5])
def test_an_amount_must_be_positive(db, action, noun, amount):
    fee = _one_payment(db, 100.0)
    if amount > 0:  # half a unit is a real amount
        assert step(db, fee, action, amount=amount).amount == amount
        return
    with pytest.raises(LifecycleError) as refused:
        step(db, fee, action, amount=amount)
    assert str(refused.value) == f"{noun} amount must be positive, got {amount}"


def test_an_overpayment_names_what_is_still_owed(db):
    fee = _one_payment(db, 100.0)
    step(db, fee, "pay", amount=40.0)
    with pytest.raises(LifecycleError) as refused:
        step(db, fee, "pay", amount=70.0)
    assert str(refused.value) == (
        f"a payment of 70.00 exceeds the outstanding 60.00 on milestone {fee} (Fee, payment): "
        f"record the amount actually owed, correct the milestone with "
        f"`contracts edit {fee} --amount N`, or add --overpay to credit the excess to the contract"
    )


def test_the_step_says_which_milestone_of_which_contract_in_which_currency(db):
    add_euro(db)
    deposit = ids(db)["Deposit"]
    done = step(db, deposit, "pay", amount=1000.0)
    assert (done.milestone_id, done.contract_id, done.name, done.currency) == (
        deposit, 1, "Deposit", "EUR")  # fmt: skip


# --- statuses, labels and messages ------------------------------------------------------------
@pytest.mark.parametrize(
    "kind, status, has_amount, closed",
    [
        ("deliverable", "completed", False, False),
        ("deliverable", "approved", False, True),  # nothing to pay: done once approved
        ("deliverable", "approved", True, False),  # money on it: done once paid
        ("deliverable", "paid", True, True),
        ("other", "completed", False, True),
        ("payment", "invoiced", True, False),
        ("payment", "paid", False, True),
        ("signing", "completed", False, True),
        ("signing", "in_progress", False, False),
        ("approval", "approved", False, True),
        ("notice", "waived", False, True),
        ("payment", "cancelled", True, True),
    ],
)
def test_when_a_milestone_needs_nothing_more(kind, status, has_amount, closed):
    assert lifecycle.is_closed(kind, status, has_amount) is closed


@pytest.mark.parametrize(
    "status, paid, label",
    [("invoiced", 10.0, "invoiced (part paid)"), ("invoiced", 0.0, "invoiced"),
     ("paid", 100.0, "paid"), ("approved", 0.0, "approved")],
)  # fmt: skip
def test_status_labels(status, paid, label):
    assert lifecycle.status_label(status, paid) == label


def test_without_a_login_name_the_actor_is_unknown(db, monkeypatch):
    def no_user():
        raise KeyError("getpwuid(): uid not found: 1000")

    monkeypatch.setattr(lifecycle.getpass, "getuser", no_user)
    assert lifecycle.actor_name(None) == "unknown"
    assert lifecycle.actor_name("alice") == "alice"


def test_messages_for_a_future_date_an_unknown_action_and_an_unknown_kind(db):
    add_consulting(db)
    signing = ids(db)["Signing"]
    with pytest.raises(LifecycleError) as future:
        step(db, signing, "complete", on=date(2026, 1, 1))
    assert str(future.value) == ("--on 2026-01-01 is in the future: record a step once it has "
                                 "happened")  # fmt: skip
    with pytest.raises(LifecycleError) as unknown:
        step(db, signing, "finish")
    assert str(unknown.value) == ("unknown action 'finish': use one of start, complete, approve, "
                                  "invoice, pay, waive, cancel, reopen")  # fmt: skip
    with pytest.raises(LifecycleError) as kind:
        lifecycle.check_kind("party")
    assert str(kind.value).startswith("unknown kind 'party': use one of signing, kickoff, ")


# --- reopening --------------------------------------------------------------------------------
def test_reopening_goes_one_step_back_on_the_path_not_to_the_status_before(db):
    add_consulting(db)
    design = ids(db)["Milestone 1 delivery: design document"]
    step(db, design, "complete", on=date(2025, 3, 28))  # straight from pending
    assert step(db, design, "reopen").to_status == "in_progress"


def test_reopening_to_a_step_keeps_that_steps_date(db):
    fee = _one_payment(db, 100.0)
    step(db, fee, "pay", on=date(2025, 6, 3))  # completed, approved, invoiced, paid on June 3
    step(db, fee, "reopen", to="approved")
    stored = row(db, fee)
    assert (stored["completed_on"], stored["approved_on"]) == ("2025-06-03", "2025-06-03")
    assert (stored["invoiced_on"], stored["paid_on"]) == (None, None)
    assert stored["paid_amount"] == 100.0  # reopening never changes recorded money


def test_a_cancelled_milestone_whose_kind_changed_reopens_to_pending(db):
    from tracker import edits

    add_consulting(db)
    design = ids(db)["Milestone 1 delivery: design document"]
    step(db, design, "approve")
    step(db, design, "cancel")
    edits.edit_milestone(db, design, kind="signing", today=TODAY, by="alice",
                         holidays=frozenset())  # fmt: skip
    assert step(db, design, "reopen").to_status == "pending"  # "approved" is not a signing's


def test_a_status_its_kind_does_not_have_is_refused_not_a_crash(db):
    """A store edited by hand (or by an older version) may hold a signing that is "paid"."""
    add_consulting(db)
    signing = ids(db)["Signing"]
    db.execute("UPDATE milestones SET status = 'paid' WHERE id = ?", [signing])
    for action, verb in (("complete", "completed"), ("reopen", "reopened")):
        with pytest.raises(LifecycleError) as refused:
            step(db, signing, action)
        assert str(refused.value) == (f"milestone {signing} (Signing, signing) is paid: it cannot "
                                      f"be {verb}. Allowed next steps: reopen")  # fmt: skip


# --- the deadlines that hang on a step --------------------------------------------------------
def test_a_step_resolves_its_dependants_on_its_own_date_with_the_holidays_given(db, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "2025-04-04")  # not the calendar passed in
    add_consulting(db)
    m = ids(db)
    payment = m["Milestone 2 payment"]
    step(db, m["Milestone 2 delivery: prototype"], "approve", on=date(2025, 4, 2))
    # 15 business days after Wed 2 April 2025, no holiday: Wed 23 April.
    assert row(db, payment)["due_date"] == "2025-04-23"
    event = next(db.query("SELECT * FROM events WHERE action = 'resolve' AND milestone_id = ?",
                          [payment]))  # fmt: skip
    assert event["occurred_on"] == "2025-04-02"
    assert json.loads(event["details"])["cause"] == (
        f"approve of milestone {m['Milestone 2 delivery: prototype']}")


def test_a_payment_is_recorded_to_the_cent(db):
    fee = _one_payment(db, 1000 / 3)
    done = step(db, fee, "pay", amount=33.333)
    assert (done.paid_amount, row(db, fee)["paid_amount"]) == (33.33, 33.33)
    [(details,)] = db.execute("SELECT details FROM events WHERE action = 'pay'")
    assert json.loads(details) == {"paid_amount": 33.33, "outstanding": 300.0, "invoiced_amount": 333.33}
    step(db, fee, "pay", amount=100.0)
    [_, (details,)] = db.execute("SELECT details FROM events WHERE action = 'pay' ORDER BY id")
    assert json.loads(details) == {"paid_amount": 133.33, "outstanding": 200.0}


def test_the_outstanding_balance_in_the_log_is_rounded_to_the_cent(db):
    fee = _one_payment(db, 1000 / 3)  # 333.333...
    step(db, fee, "pay", amount=100.0)
    [(details,)] = db.execute("SELECT details FROM events WHERE action = 'pay'")
    assert json.loads(details) == {"paid_amount": 100.0, "outstanding": 233.33, "invoiced_amount": 333.33}


def test_any_step_may_carry_an_amount_for_the_log(db):
    add_consulting(db)
    design = ids(db)["Milestone 1 delivery: design document"]
    done = step(db, design, "complete", amount=500.0)
    assert done.amount == 500.0
    [(amount,)] = db.execute("SELECT amount FROM events WHERE id = ?", [done.event_id])
    assert amount == 500.0


def test_a_step_after_a_part_payment_reports_what_was_paid(db):
    fee = _one_payment(db, 100.0)
    step(db, fee, "pay", amount=40.0)
    waived = step(db, fee, "waive")
    assert (waived.to_status, waived.paid_amount, waived.outstanding) == ("waived", 40.0, 60.0)


def test_every_kind_status_and_amount_reads_the_same_in_sql_and_python(db):
    """The overdue and closed rules exist twice (Python for steps, SQL for lists and reports):
    every combination of kind, status and amount must agree, and so must the date a milestone
    reached the status its due date is for."""
    fee = _one_payment(db, 100.0)
    dates = {"completed_on": "2025-01-01", "approved_on": "2025-01-02",
             "invoiced_on": "2025-01-03", "paid_on": "2025-01-04"}  # fmt: skip
    query = (f"SELECT {lifecycle.closed_sql()}, {lifecycle.reached_sql()}, "
             f"{lifecycle.target_on_sql()} FROM milestones m WHERE id = ?")  # fmt: skip
    for kind, path in lifecycle.KIND_PATHS.items():
        for status in path + lifecycle.ENDINGS:
            for amount in (None, 100.0):
                db.execute("UPDATE milestones SET kind = ?, status = ?, amount = ?, "
                           "completed_on = ?, approved_on = ?, invoiced_on = ?, paid_on = ? "
                           "WHERE id = ?", [kind, status, amount, *dates.values(), fee])  # fmt: skip
                closed, reached, target_on = db.execute(query, [fee]).fetchone()
                case = (kind, status, amount)
                assert bool(closed) == lifecycle.is_closed(kind, status, amount is not None), case
                target = lifecycle.due_target(kind)
                rank = lifecycle.STATUS_RANK
                assert bool(reached) == (rank.get(status, -1) >= rank[target]), case
                assert target_on == dates[lifecycle.STEP_COLUMNS[target]], case
