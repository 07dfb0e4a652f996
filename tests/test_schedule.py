"""Relative deadlines: date arithmetic, holidays, resolution when the anchor happens."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_lifecycle import TODAY, add_consulting, ids, row, step
from tracker import calendars, edits, schedule, views
from tracker.save import reextract
from tracker.schedule import ScheduleError, add_offset, load_holidays


@pytest.mark.parametrize(
    "start, offset, unit, direction, expected",
    [
        (date(2025, 3, 7), 1, "business_days", "after", date(2025, 3, 10)),  # Fri -> Mon
        (date(2025, 3, 8), 1, "business_days", "after", date(2025, 3, 10)),  # Sat -> Mon
        (date(2025, 3, 3), 10, "business_days", "after", date(2025, 3, 17)),  # 2 weekends
        (date(2025, 3, 10), 1, "business_days", "before", date(2025, 3, 7)),  # Mon -> Fri
        (date(2025, 3, 3), 0, "business_days", "after", date(2025, 3, 3)),
        (date(2025, 1, 31), 1, "months", "after", date(2025, 2, 28)),  # month end clamps
        (date(2024, 1, 31), 1, "months", "after", date(2024, 2, 29)),  # leap year
        (date(2025, 3, 31), 1, "months", "before", date(2025, 2, 28)),
        (date(2025, 11, 30), 3, "months", "after", date(2026, 2, 28)),  # across a year
        (date(2024, 2, 29), 1, "years", "after", date(2025, 2, 28)),
        (date(2025, 3, 3), 30, "days", "after", date(2025, 4, 2)),
        (date(2026, 3, 2), 60, "days", "before", date(2026, 1, 1)),
        (date(2025, 3, 3), 2, "weeks", "after", date(2025, 3, 17)),
    ],
)
def test_add_offset(start, offset, unit, direction, expected):
    assert add_offset(start, offset, unit, direction) == expected


def test_business_days_skip_configured_holidays():
    # Good Friday 2025-04-18 and Easter Monday 2025-04-21 off: Thu + 1 business day = Tue.
    holidays = frozenset({date(2025, 4, 18), date(2025, 4, 21)})
    assert add_offset(date(2025, 4, 17), 1, "business_days", holidays=holidays) == date(2025, 4, 22)
    assert add_offset(date(2025, 4, 17), 1, "business_days") == date(2025, 4, 18)


def test_holidays_from_a_file_or_a_list(tmp_path, monkeypatch):
    path = tmp_path / "holidays.txt"
    path.write_text("# UK bank holidays\n2025-04-18 Good Friday\n\n2025-04-21  # Easter Monday\n")
    assert load_holidays(str(path)) == {date(2025, 4, 18), date(2025, 4, 21)}
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "2025-12-25, 2025-12-26")
    assert load_holidays() == {date(2025, 12, 25), date(2025, 12, 26)}
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    assert load_holidays() == frozenset()


def test_a_bad_holiday_entry_names_the_file_and_line(tmp_path):
    path = tmp_path / "holidays.txt"
    path.write_text("2025-04-18\nEaster\n")
    with pytest.raises(ScheduleError, match=r"holidays.txt: entry 2 \('Easter'\) is not an ISO"):
        load_holidays(str(path))


# --- resolution in the store -----------------------------------------------------------------
def test_payment_due_date_resolves_when_the_linked_deliverable_is_approved(db):
    add_consulting(db)
    m = ids(db)
    payment = m["Milestone 1 payment"]
    assert row(db, payment)["due_date"] is None
    step(db, m["Milestone 1 delivery: design document"], "complete", on=date(2025, 3, 28))
    assert row(db, payment)["due_date"] is None
    approved = step(db, m["Milestone 1 delivery: design document"], "approve", on=date(2025, 4, 2))
    [resolution] = [r for r in approved.resolutions if r.milestone_id == payment]
    assert (resolution.old, resolution.new) == (None, date(2025, 5, 2))
    stored = row(db, payment)
    assert stored["due_date"] == "2025-05-02"
    assert json.loads(stored["resolved_from"])["anchor_date"] == "2025-04-02"
    event = next(db.query("SELECT * FROM events WHERE id = ?", [resolution.event_id]))
    assert event["action"] == "resolve"
    assert event["note"] == (
        f"milestone {payment} (Milestone 1 payment): due 2025-05-02 (30 days after acceptance: "
        f"approval of milestone {m['Milestone 1 delivery: design document']} "
        "(Milestone 1 delivery: design document) on 2025-04-02)"
    )
    # Milestone 2's payment hangs on Milestone 2's deliverable (shared number), not this one.
    assert row(db, m["Milestone 2 payment"])["due_date"] is None


def test_business_day_rule_resolves_over_weekends_and_holidays(db):
    add_consulting(db)
    m = ids(db)
    holidays = frozenset({date(2025, 6, 19)})
    edits_on = {"on": date(2025, 6, 6), "by": "alice", "today": TODAY, "holidays": holidays}
    from tracker.lifecycle import record_step

    record_step(db, m["Milestone 2 delivery: prototype"], "approve", **edits_on)
    # 15 business days after Fri 6 June, skipping 19 June: Mon 30 June.
    assert row(db, m["Milestone 2 payment"])["due_date"] == "2025-06-30"


def test_changing_the_anchor_date_reschedules_and_logs_it(db):
    add_consulting(db)
    m = ids(db)
    design, payment = m["Milestone 1 delivery: design document"], m["Milestone 1 payment"]
    step(db, design, "approve", on=date(2025, 4, 2))
    result = edits.edit_milestone(db, design, done_on=date(2025, 4, 7), by="bob", today=TODAY,
                                  holidays=frozenset())  # fmt: skip
    [moved] = [r for r in result.resolutions if r.milestone_id == payment]
    assert (moved.old, moved.new) == (date(2025, 5, 2), date(2025, 5, 7))
    assert moved.text().startswith(f"milestone {payment} (Milestone 1 payment): due moved "
                                   "2025-05-02 -> 2025-05-07")  # fmt: skip
    logged = [json.loads(d) for (d,) in db.execute(
        "SELECT details FROM events WHERE action = 'resolve' AND milestone_id = ?", [payment])]
    assert [(d["old"], d["new"]) for d in logged] == [(None, "2025-05-02"),
                                                      ("2025-05-02", "2025-05-07")]  # fmt: skip


def test_reopening_the_anchor_clears_the_derived_date(db):
    add_consulting(db)
    m = ids(db)
    design, payment = m["Milestone 1 delivery: design document"], m["Milestone 1 payment"]
    step(db, design, "approve", on=date(2025, 4, 2))
    reopened = step(db, design, "reopen", on=date(2025, 4, 3))
    assert [r.new for r in reopened.resolutions if r.milestone_id == payment] == [None]
    assert row(db, payment)["due_date"] is None


def test_a_persons_due_date_wins_over_resolution(db):
    add_consulting(db)
    m = ids(db)
    design, payment = m["Milestone 1 delivery: design document"], m["Milestone 1 payment"]
    edits.edit_milestone(db, payment, due=date(2025, 6, 30), by="bob", today=TODAY,
                         holidays=frozenset())  # fmt: skip
    step(db, design, "approve", on=date(2025, 4, 2))
    assert row(db, payment)["due_date"] == "2025-06-30"
    edits.edit_milestone(db, payment, due=edits.AUTO, by="bob", today=TODAY, holidays=frozenset())
    assert row(db, payment)["due_date"] == "2025-05-02"
    assert "due_date" not in json.loads(row(db, payment)["edited_fields"])


def test_self_approval_resolves_when_nothing_is_linked(db):
    add_consulting(db)
    m = ids(db)
    # No deliverable before it shares a number with "Milestone 1 payment" once renamed.
    edits.edit_milestone(db, m["Milestone 1 delivery: design document"], kind="other",
                         by="bob", today=TODAY, holidays=frozenset())  # fmt: skip
    step(db, m["Milestone 1 payment"], "approve", on=date(2025, 4, 10))
    assert row(db, m["Milestone 1 payment"])["due_date"] == "2025-05-10"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Kick-off meeting", "2025-03-10"),  # 5 business days after Mon 3 March
        ("Renewal notice", "2026-01-01"),  # 60 days before 2 March 2026
    ],
)
def test_contract_date_anchors_resolve_on_the_fly_and_in_the_store(db, name, expected):
    add_consulting(db)
    listed = {r["name"]: r for r in views.list_milestones(db, as_of=date(2025, 3, 4),
                                                          holidays=frozenset())}  # fmt: skip
    assert listed[name]["due_date"] == expected
    assert listed[name]["due_derived"] is True
    assert row(db, ids(db)[name])["due_date"] is None  # reading writes nothing
    schedule.resolve_store(db, holidays=frozenset())
    assert row(db, ids(db)[name])["due_date"] == expected


def test_kickoff_anchor_waits_for_the_kickoff_to_happen(db):
    add_consulting(db)
    m = ids(db)
    schedule.resolve_store(db, holidays=frozenset())
    assert row(db, m["Final report"])["due_date"] is None
    step(db, m["Kick-off meeting"], "complete", on=date(2025, 3, 12))
    assert row(db, m["Final report"])["due_date"] == "2025-03-26"


def test_resolution_is_idempotent(db):
    add_consulting(db)
    assert len(schedule.resolve_store(db, holidays=frozenset())) == 2
    assert schedule.resolve_store(db, holidays=frozenset()) == []


def test_resolve_store_restores_derived_dates_after_reextraction(db):
    from tests.test_lifecycle import consulting_contract
    from tracker.queries import stored_document

    cid = add_consulting(db)
    m = ids(db)
    step(db, m["Milestone 1 delivery: design document"], "approve", on=date(2025, 4, 2))
    reextract(db, cid, consulting_contract(stored_document(db, 1)))
    schedule.resolve_store(db, [cid], holidays=frozenset())
    assert row(db, m["Milestone 1 payment"])["due_date"] == "2025-05-02"


# --- the command -----------------------------------------------------------------------------
def test_resolve_command_uses_the_holiday_calendar(db_path, runner, monkeypatch, tmp_path):
    from tracker.cli import cli
    from tracker.store import open_store

    db = open_store(db_path)
    add_consulting(db)
    db.conn.close()
    holidays = tmp_path / "holidays.txt"
    holidays.write_text("2025-03-05\n")
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", str(holidays))
    result = runner.invoke(cli, ["resolve"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith("  due date: milestone 2 (Kick-off meeting): due 2025-03-11 ")
    assert lines[-1] == "2 due date(s) changed"
    holidays.write_text("Easter\n")
    result = runner.invoke(cli, ["resolve"])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: holiday file {holidays}: entry 1 ('Easter') is not an ISO "
                             "date like 2025-12-25 (nor a holiday calendar code like US, "
                             "GB-ENG, DE-BY)\n")  # fmt: skip


def _contract_of(db, milestones, effective=date(2025, 3, 3), **dates) -> None:
    from models import Contract
    from tests.conftest import make_document
    from tracker.save import save_document

    document = make_document("A services agreement.", path="services.txt")
    save_document(db, document, Contract(
        file=document.path, sha256=document.sha256, format="txt", pages=1,
        effective_date=effective, milestones=tuple(milestones), **dates))  # fmt: skip


def test_when_two_deliverables_are_linked_the_earliest_delivery_counts(db):
    """The draft and the signed copy both match "the Final Report": the payment clock starts
    with the first of them to be delivered, whatever their order in the contract or the log."""
    from models import DueRule, Milestone

    _contract_of(db, [
        Milestone("Final Report (draft)", "deliverable"),
        Milestone("Final Report (signed)", "deliverable"),
        Milestone("Payment on delivery of the Final Report", "payment", amount=100.0,
                  due_rule=DueRule("10 days after delivery of the Final Report", 10,
                                   anchor="delivery")),
    ])  # fmt: skip
    m = ids(db)
    step(db, m["Final Report (draft)"], "complete", on=date(2025, 5, 20))
    step(db, m["Final Report (signed)"], "complete", on=date(2025, 5, 10))  # listed second
    assert row(db, m["Payment on delivery of the Final Report"])["due_date"] == "2025-05-20"


def test_when_two_kickoffs_happened_the_earliest_counts(db):
    from models import DueRule, Milestone

    _contract_of(db, [
        Milestone("Kick-off (remote)", "kickoff"),
        Milestone("Kick-off (on site)", "kickoff"),
        Milestone("Plan", "deliverable",
                  due_rule=DueRule("2 weeks after kick-off", 2, "weeks", anchor="kickoff")),
    ])  # fmt: skip
    m = ids(db)
    step(db, m["Kick-off (remote)"], "complete", on=date(2025, 3, 20))
    step(db, m["Kick-off (on site)"], "complete", on=date(2025, 3, 10))  # listed second
    assert row(db, m["Plan"])["due_date"] == "2025-03-24"


# --- what a resolution writes and says --------------------------------------------------------
def test_a_resolution_records_where_its_date_came_from(db):
    add_consulting(db)
    m = ids(db)
    design, payment = m["Milestone 1 delivery: design document"], m["Milestone 1 payment"]
    step(db, design, "approve", on=date(2025, 4, 2))
    via = (f"30 days after acceptance: approval of milestone {design} "
           "(Milestone 1 delivery: design document) on 2025-04-02")  # fmt: skip
    assert json.loads(row(db, payment)["resolved_from"]) == {
        "anchor": "acceptance", "anchor_date": "2025-04-02", "via": via}  # fmt: skip
    event = next(db.query("SELECT * FROM events WHERE action = 'resolve' AND milestone_id = ?",
                          [payment]))  # fmt: skip
    assert json.loads(event["details"]) == {
        "field": "due_date", "old": None, "new": "2025-05-02", "anchor": "acceptance",
        "cause": f"approve of milestone {design}"}  # fmt: skip
    assert (event["contract_id"], event["actor"], event["occurred_on"]) == (1, "alice",
                                                                            "2025-04-02")  # fmt: skip
    step(db, design, "reopen", on=date(2025, 4, 3))
    assert (row(db, payment)["due_date"], row(db, payment)["resolved_from"]) == (None, None)


def test_a_contract_date_anchor_says_which_date(db):
    add_consulting(db)
    [notice] = [r for r in schedule.resolve_store(db, holidays=frozenset())
                if r.name == "Renewal notice"]  # fmt: skip
    assert notice.text() == (f"milestone {notice.milestone_id} (Renewal notice): due 2026-01-01 "
                             "(60 days before expiration: the contract's expiration date on "
                             "2026-03-02)")  # fmt: skip


def test_an_invoice_anchor_counts_from_the_milestones_own_invoice(db):
    from models import DueRule, Milestone

    _contract_of(db, [Milestone("Fee", "payment", amount=500.0, due_rule=DueRule(
        "30 days after receipt of invoice", 30, anchor="invoice"))])  # fmt: skip
    fee = ids(db)["Fee"]
    [resolution] = step(db, fee, "invoice", on=date(2025, 4, 1)).resolutions
    assert resolution.text() == (f"milestone {fee} (Fee): due 2025-05-01 (30 days after invoice: "
                                 f"invoice of milestone {fee} (Fee) on 2025-04-01)")  # fmt: skip


def test_a_named_milestone_anchor_waits_for_that_milestone(db):
    from models import DueRule, Milestone

    _contract_of(db, [
        Milestone("Phase 2 review", "approval"),
        Milestone("Phase 2: Build", "deliverable"),
        Milestone("Phase 2 payment", "payment", amount=100.0, due_rule=DueRule(
            "10 days after completion of Phase 2 - Build", 10,
            anchor="milestone:Phase 2 - Build")),  # punctuation differs from the name
    ])  # fmt: skip
    m = ids(db)
    assert step(db, m["Phase 2 review"], "complete", on=date(2025, 5, 2)).resolutions == ()
    [resolution] = step(db, m["Phase 2: Build"], "complete", on=date(2025, 5, 5)).resolutions
    assert (resolution.milestone_id, resolution.new) == (m["Phase 2 payment"], date(2025, 5, 15))
    assert resolution.via.endswith(f"completion of milestone {m['Phase 2: Build']} "
                                   "(Phase 2: Build) on 2025-05-05")  # fmt: skip


def test_a_named_milestone_anchor_never_points_at_itself(db):
    from models import DueRule, Milestone

    _contract_of(db, [Milestone("Report", "deliverable", due_rule=DueRule(
        "5 days after the Report", 5, anchor="milestone:Report"))])  # fmt: skip
    assert step(db, ids(db)["Report"], "complete", on=date(2025, 5, 5)).resolutions == ()


def test_a_rule_stored_without_an_anchor_counts_from_the_effective_date(db):
    add_consulting(db)
    final = ids(db)["Final report"]
    db.execute("UPDATE milestones SET rule_anchor = NULL WHERE id = ?", [final])  # older stores
    schedule.resolve_store(db, holidays=frozenset())
    assert row(db, final)["due_date"] == "2025-03-17"  # 2 weeks after 3 March 2025


def test_an_unknown_unit_is_an_error_naming_it():
    with pytest.raises(ValueError) as refused:
        add_offset(date(2025, 3, 3), 2, "fortnights")
    assert str(refused.value) == "unknown rule unit 'fortnights'"


# --- anchors on the contract's own dates ------------------------------------------------------
SIGNED = date(2025, 2, 20)
AGREED = date(2025, 2, 10)
EFFECTIVE = date(2025, 3, 3)


@pytest.mark.parametrize(
    "signing_date, agreement_date, effective_date, expected, via",
    [
        (SIGNED, AGREED, EFFECTIVE, "2025-03-02", "signing date on 2025-02-20"),
        (None, AGREED, EFFECTIVE, "2025-02-20", "agreement date on 2025-02-10"),
        (None, None, EFFECTIVE, "2025-03-13", "effective date on 2025-03-03"),
    ],
)
def test_a_signing_anchor_without_a_signing_milestone_uses_the_contracts_dates(
    db, signing_date, agreement_date, effective_date, expected, via
):
    from models import DueRule, KeyDate, Milestone

    key_dates = (KeyDate("signing_date", signing_date),) if signing_date else ()
    _contract_of(db, [Milestone("Onboarding", "other", due_rule=DueRule(
        "10 days after signing", 10, anchor="signing"))], effective=effective_date,
        agreement_date=agreement_date, key_dates=key_dates)  # fmt: skip
    [resolution] = schedule.resolve_store(db, holidays=frozenset())
    assert (resolution.new.isoformat(), resolution.via) == (
        expected, f"10 days after signing: the contract's {via}")  # fmt: skip


@pytest.mark.parametrize(
    "effective, agreement, expected",
    [(EFFECTIVE, AGREED, "2025-03-17"), (None, AGREED, "2025-02-24")],
)
def test_a_kickoff_anchor_without_a_kickoff_milestone_counts_from_the_start(
    db, effective, agreement, expected
):
    from models import DueRule, Milestone

    _contract_of(db, [Milestone("Plan", "deliverable", due_rule=DueRule(
        "2 weeks after kick-off", 2, "weeks", anchor="kickoff"))], effective=effective,
        agreement_date=agreement)  # fmt: skip
    schedule.resolve_store(db, holidays=frozenset())
    assert row(db, ids(db)["Plan"])["due_date"] == expected


def test_an_effective_date_anchor_falls_back_on_the_agreement_date(db):
    from models import DueRule, Milestone

    _contract_of(db, [Milestone("Report", "deliverable", due_rule=DueRule(
        "30 days after the Effective Date", 30, anchor="effective_date"))], effective=None,
        agreement_date=AGREED)  # fmt: skip
    [resolution] = schedule.resolve_store(db, holidays=frozenset())
    assert resolution.via == ("30 days after effective_date: the contract's agreement date on "
                              "2025-02-10")  # fmt: skip


def test_a_waived_or_cancelled_milestone_keeps_no_derived_date(db):
    add_consulting(db)
    m = ids(db)
    step(db, m["Milestone 1 payment"], "waive", on=date(2025, 3, 20))
    step(db, m["Milestone 2 payment"], "cancel", on=date(2025, 3, 20))
    step(db, m["Milestone 1 delivery: design document"], "approve", on=date(2025, 4, 2))
    step(db, m["Milestone 2 delivery: prototype"], "approve", on=date(2025, 4, 2))
    assert row(db, m["Milestone 1 payment"])["due_date"] is None
    assert row(db, m["Milestone 2 payment"])["due_date"] is None


def test_dates_read_on_the_fly_use_the_holidays_given_not_the_environment(db, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "2025-03-05")
    add_consulting(db)
    listed = {r["name"]: r for r in views.list_milestones(db, as_of=date(2025, 3, 4),
                                                          holidays=frozenset())}  # fmt: skip
    assert listed["Kick-off meeting"]["due_date"] == "2025-03-10"
    with_env = {r["name"]: r for r in views.list_milestones(db, as_of=date(2025, 3, 4))}
    assert with_env["Kick-off meeting"]["due_date"] == "2025-03-11"


# --- which milestone a rule hangs on ----------------------------------------------------------
def _payment_after_delivery(name: str, rule: str):
    from models import DueRule, Milestone

    return Milestone(name, "payment", amount=100.0,
                     due_rule=DueRule(rule, 10, anchor="delivery"))  # fmt: skip


def test_only_milestones_of_the_anchors_kind_are_linked(db):
    from models import Milestone

    _contract_of(db, [
        Milestone("Design workshop", "kickoff"),  # shares "design", but is no delivery
        Milestone("Design document", "deliverable"),
        _payment_after_delivery("Design payment", "10 days after delivery of the design"),
    ])  # fmt: skip
    m = ids(db)
    step(db, m["Design workshop"], "complete", on=date(2025, 3, 5))
    step(db, m["Design document"], "complete", on=date(2025, 3, 20))
    assert row(db, m["Design payment"])["due_date"] == "2025-03-30"


def test_without_a_shared_word_the_nearest_deliverable_before_is_linked(db):
    from models import Milestone

    _contract_of(db, [
        Milestone("Inception report", "deliverable"),
        Milestone("Prototype", "deliverable"),
        _payment_after_delivery("Second installment", "10 days after delivery"),
        Milestone("Handbook", "deliverable"),
    ])  # fmt: skip
    m = ids(db)
    step(db, m["Inception report"], "complete", on=date(2025, 3, 5))
    step(db, m["Handbook"], "complete", on=date(2025, 3, 6))
    assert row(db, m["Second installment"])["due_date"] is None  # the prototype is not done
    step(db, m["Prototype"], "complete", on=date(2025, 4, 1))
    assert row(db, m["Second installment"])["due_date"] == "2025-04-11"


def test_one_shared_word_is_enough_to_link(db):
    from models import Milestone

    _contract_of(db, [
        Milestone("Prototype", "deliverable"),
        Milestone("Inception report", "deliverable"),  # nearest before, but another subject
        _payment_after_delivery("Prototype fee", "10 days after delivery"),
    ])  # fmt: skip
    m = ids(db)
    step(db, m["Inception report"], "complete", on=date(2025, 3, 5))
    step(db, m["Prototype"], "complete", on=date(2025, 4, 1))
    assert row(db, m["Prototype fee"])["due_date"] == "2025-04-11"


def test_the_words_of_the_rule_link_too_but_not_its_numbers(db):
    from models import Milestone

    _contract_of(db, [
        Milestone("Prototype", "deliverable"),
        Milestone("Phase 30 report", "deliverable"),  # "30" is in the rule, as a number of days
        _payment_after_delivery("Second installment",
                                "within 30 days after delivery of the Prototype"),
    ])  # fmt: skip
    m = ids(db)
    step(db, m["Phase 30 report"], "complete", on=date(2025, 3, 5))
    step(db, m["Prototype"], "complete", on=date(2025, 4, 1))
    assert row(db, m["Second installment"])["due_date"] == "2025-04-11"


def test_the_words_of_the_name_link_when_the_rule_names_nothing(db):
    from models import Milestone

    _contract_of(db, [
        Milestone("Prototype", "deliverable"),
        Milestone("Handbook", "deliverable"),
        _payment_after_delivery("Prototype Fee", "within ten days after delivery"),
    ])  # fmt: skip
    m = ids(db)
    step(db, m["Handbook"], "complete", on=date(2025, 3, 5))
    step(db, m["Prototype"], "complete", on=date(2025, 4, 1))
    assert row(db, m["Prototype Fee"])["due_date"] == "2025-04-11"


# --- older stores, holidays and the resolve command's defaults --------------------------------
def test_a_rule_stored_without_unit_or_direction_means_days_after(db):
    add_consulting(db)
    notice = ids(db)["Renewal notice"]  # 60 days before expiration (2 March 2026)
    db.execute("UPDATE milestones SET rule_unit = NULL, rule_direction = NULL WHERE id = ?",
               [notice])  # fmt: skip
    listed = {r["name"]: r for r in views.list_milestones(db, as_of=date(2025, 3, 4),
                                                          holidays=frozenset())}  # fmt: skip
    assert listed["Renewal notice"]["due_date"] == "2026-05-01"
    [resolution] = [r for r in schedule.resolve_store(db, holidays=frozenset())
                    if r.milestone_id == notice]  # fmt: skip
    assert resolution.new == date(2026, 5, 1)
    assert resolution.via.startswith("60 days after expiration: ")


def test_the_rule_phrase_spells_business_days(db):
    add_consulting(db)
    [kickoff] = [r for r in schedule.resolve_store(db, holidays=frozenset())
                 if r.name == "Kick-off meeting"]  # fmt: skip
    assert kickoff.via == ("5 business days after effective_date: the contract's effective date "
                           "on 2025-03-03")  # fmt: skip


def test_dates_read_on_the_fly_skip_the_holidays_given(db):
    add_consulting(db)
    listed = {r["name"]: r for r in views.list_milestones(
        db, as_of=date(2025, 3, 4), holidays=frozenset({date(2025, 3, 5)}))}  # fmt: skip
    assert listed["Kick-off meeting"]["due_date"] == "2025-03-11"


def test_a_waived_milestone_gets_no_date_on_the_fly(db):
    add_consulting(db)
    step(db, ids(db)["Renewal notice"], "waive", on=date(2025, 3, 20))
    every = views.Filters(include_closed=True)
    listed = {r["name"]: r for r in views.list_milestones(db, every, as_of=date(2025, 3, 4),
                                                          holidays=frozenset())}  # fmt: skip
    assert listed["Renewal notice"]["due_date"] is None


def test_dates_on_the_fly_fall_back_on_the_agreement_date(db):
    from models import DueRule, Milestone

    _contract_of(db, [Milestone("Report", "deliverable", due_rule=DueRule(
        "30 days after the Effective Date", 30, anchor="effective_date"))], effective=None,
        agreement_date=date(2025, 2, 10))  # fmt: skip
    [listed] = views.list_milestones(db, as_of=date(2025, 3, 4), holidays=frozenset())
    assert listed["due_date"] == "2025-03-12"


def test_resolve_store_logs_as_contracts_and_resolves_every_contract(db, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "2025-03-05")
    from models import DueRule, Milestone

    add_consulting(db)
    _contract_of(db, [Milestone("Kick-off", "kickoff", due_rule=DueRule(
        "5 business days after the Effective Date", 5, "business_days",
        anchor="effective_date"))])  # a second contract  # fmt: skip
    done = schedule.resolve_store(db)  # holidays from the environment
    assert {(r.name, r.new) for r in done if "ick" in r.name} == {
        ("Kick-off meeting", date(2025, 3, 11)), ("Kick-off", date(2025, 3, 11))}  # fmt: skip
    events = list(db.query("SELECT actor, details FROM events WHERE action = 'resolve'"))
    assert {e["actor"] for e in events} == {"contracts"}
    assert {json.loads(e["details"])["cause"] for e in events} == {"resolve"}
    again = schedule.resolve_store(db, holidays=frozenset())  # the calendar given wins
    assert {(r.name, r.new) for r in again} == {
        ("Kick-off meeting", date(2025, 3, 10)), ("Kick-off", date(2025, 3, 10))}  # fmt: skip


def test_a_step_without_a_calendar_uses_the_environments(db, monkeypatch):
    from tracker.lifecycle import record_step

    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "2025-04-04")
    add_consulting(db)
    m = ids(db)
    record_step(db, m["Milestone 2 delivery: prototype"], "approve", on=date(2025, 4, 2),
                by="alice", today=TODAY)  # fmt: skip
    assert row(db, m["Milestone 2 payment"])["due_date"] == "2025-04-24"  # 15 business days


def test_without_the_environment_variable_there_are_no_holidays(monkeypatch):
    monkeypatch.delenv("CONTRACTS_HOLIDAYS", raising=False)
    assert load_holidays() == frozenset()


def test_a_comment_may_hold_a_hash_and_the_variable_is_named_in_errors(tmp_path, monkeypatch):
    path = tmp_path / "holidays.txt"
    path.write_text("# UK bank holidays # England and Wales\n2025-12-25\n")
    assert load_holidays(str(path)) == {date(2025, 12, 25)}
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "2025-12-25,Boxing Day")
    with pytest.raises(ScheduleError) as refused:
        load_holidays()
    assert str(refused.value) == ("$CONTRACTS_HOLIDAYS: entry 2 ('Boxing') is not an ISO date "
                                  "like 2025-12-25 (nor a holiday calendar code like US, "
                                  "GB-ENG, DE-BY)")  # fmt: skip


# add_business_days counts weekdays by arithmetic and then the holidays passed over; stepping
# one day at a time is the definition it must agree with, on every start day (weekends too),
# both directions, listed dates and regional calendars.
@settings(max_examples=300, deadline=None)
@given(start=st.dates(date(2019, 1, 1), date(2031, 12, 31)), count=st.integers(-400, 400),
       listed=st.sets(st.dates(date(2018, 6, 1), date(2033, 6, 30)), max_size=40),
       codes=st.sampled_from([(), ("US",), ("GB-ENG", "US-NY")]))  # fmt: skip
def test_business_days_by_arithmetic_agree_with_stepping(start, count, listed, codes):
    holidays = calendars.Calendar(listed, codes) if codes else frozenset(listed)
    assert schedule.add_business_days(start, count, holidays) == schedule.step_business_days(
        start, count, holidays)


@pytest.mark.parametrize("start, count, expected", [
    (date(2025, 1, 3), 1, date(2025, 1, 6)),     # Friday + 1: Monday
    (date(2025, 1, 4), 1, date(2025, 1, 6)),     # Saturday + 1: Monday
    (date(2025, 1, 5), -1, date(2025, 1, 3)),    # Sunday - 1: Friday
    (date(2025, 12, 23), 2, date(2025, 12, 26)),  # over Christmas (a Thursday, listed)
    (date(2025, 12, 24), 0, date(2025, 12, 24)),
])  # fmt: skip
def test_business_days_known_answers(start, count, expected):
    assert schedule.add_business_days(start, count, frozenset({date(2025, 12, 25)})) == expected
