"""Renewals and notice windows: the renewal fixture (an auto-renewing one-year term with 60
days' notice) followed for three consecutive years with a moving --as-of, each renewal rolled
and logged; termination; contracts that do not renew."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from models import Period, RenewalTerm
from tests.conftest import TEST_FILES, golden_contract
from tracker import calendars, renewals
from tracker.cli import cli
from tracker.save import save_document
from tracker.schedule import resolve_store
from tracker.store import open_store

MONITORING = TEST_FILES / "monitoring"
RENEWAL = MONITORING / "renewal-annual-60days.txt"


def store_fixture(path: Path, db_path, **changes) -> int:
    """Store a fixture file with its golden extraction (so the test does not depend on the
    extractor's quality); returns the contract id."""
    document, contract = golden_contract(path)
    db = open_store(db_path)
    contract_id = save_document(db, document, contract.with_(**changes))
    resolve_store(db, holidays=frozenset())
    db.conn.close()
    return contract_id


@pytest.fixture
def renewal(db_path, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    return store_fixture(RENEWAL, db_path)


def run(runner, *args):
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


def listed(runner, as_of: str) -> list[dict]:
    return json.loads(run(runner, "renewals", "--as-of", as_of, "--json").stdout)


def test_notice_deadlines_for_three_consecutive_years(renewal, runner):
    # Year 1: the initial term ends 2023-03-01; notice is due 60 days before, 2022-12-31.
    [first] = listed(runner, "2022-11-01")
    assert (first["term"], first["term_end"], first["notice_deadline"], first["days_to_notice"],
            first["state"]) == (0, "2023-03-01", "2022-12-31", 60, "notice open")
    assert first["next_term_end"] == "2024-03-01" and first["page"] == 1
    # Year 2: no notice was given, so on 2023-03-01 it renewed until 2024-03-01 (a leap year:
    # 60 days before 1 March is 1 January).
    [second] = listed(runner, "2023-11-01")
    assert (second["term"], second["term_start"], second["term_end"],
            second["notice_deadline"], second["days_to_notice"]) == (
        1, "2023-03-01", "2024-03-01", "2024-01-01", 61)
    # Year 3.
    [third] = listed(runner, "2024-11-01")
    assert (third["term"], third["term_end"], third["notice_deadline"]) == (
        2, "2025-03-01", "2024-12-31")


def test_each_roll_is_logged_and_moves_the_milestones(renewal, runner):
    listed(runner, "2022-11-01")
    rolled = run(runner, "renewals", "--as-of", "2024-11-01")
    assert rolled.stderr.splitlines()[:2] == [
        ("renewed: contract 1 (HOSTED PAYROLL SERVICES AGREEMENT): renewed on 2023-03-01 for "
        "term 1, until 2024-03-01, notice deadline 2024-01-01"),
        ("renewed: contract 1 (HOSTED PAYROLL SERVICES AGREEMENT): renewed on 2024-03-01 for "
        "term 2, until 2025-03-01, notice deadline 2024-12-31"),
    ]
    history = json.loads(run(runner, "history", "1", "--json").stdout)
    renewed = [json.loads(e["details"]) for e in history if e["action"] == "renew"]
    assert [(r["term"], r["end"], r["notice_deadline"]) for r in renewed] == [
        (1, "2024-03-01", "2024-01-01"), (2, "2025-03-01", "2024-12-31")]
    notices = json.loads(run(runner, "milestones", "--kind", "notice", "--all", "--json").stdout)
    assert [(m["due_date"], m["status"]) for m in notices] == [
        ("2022-12-31", "waived"), ("2024-12-31", "pending")]
    expirations = json.loads(run(runner, "milestones", "--kind", "expiration", "--all",
                                 "--json").stdout)
    assert [(m["due_date"], m["status"]) for m in expirations] == [
        ("2023-03-01", "completed"), ("2025-03-01", "pending")]
    # Running again records nothing new.
    assert run(runner, "renewals", "--as-of", "2024-11-01").stderr.count("renewed:") == 0


def test_a_future_as_of_projects_without_writing(renewal, runner):
    today = date.today()
    far = date(today.year + 3, 11, 1).isoformat()
    [item] = listed(runner, far)
    assert item["notice_deadline"].endswith("-12-31") or item["notice_deadline"].endswith("-01-01")
    history = json.loads(run(runner, "history", "1", "--json").stdout)
    renewed = [e for e in history if e["action"] == "renew"]
    assert all(e["occurred_on"] <= today.isoformat() for e in renewed)


def test_the_window_between_the_notice_deadline_and_the_term_end(renewal, runner):
    [item] = listed(runner, "2023-01-15")
    assert (item["state"], item["days_to_end"], item["renews_on"]) == ("notice closed", 45,
                                                                       "2023-03-01")
    text = run(runner, "renewals", "--as-of", "2023-01-15").stdout
    assert "notice window closed: renews in 45 days" in text


def test_terminate_cancels_future_milestones_and_leaves_the_list(renewal, runner):
    listed(runner, "2023-11-01")
    result = run(runner, "terminate", "1", "--on", "2024-03-01", "--note", "non-renewal sent")
    assert result.stderr.splitlines()[0] == "contract 1: terminated on 2024-03-01"
    assert "cancelled milestone" in result.stderr  # the notice deadline of term 1
    assert listed(runner, "2023-11-01") == []
    assert listed(runner, "2024-11-01") == []  # and it never renews again
    history = json.loads(run(runner, "history", "1", "--json").stdout)
    assert [e["action"] for e in history][-2:] == ["terminate", "cancel"]
    again = runner.invoke(cli, ["terminate", "1", "--on", "2024-03-01"])
    assert again.exit_code == 1 and "already terminated on 2024-03-01" in again.output


def test_a_contract_without_automatic_renewal_shows_its_expiration(db_path, runner,
                                                                   monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    store_fixture(RENEWAL, db_path, renewal_term=None, notice_period=None, renewal=None)
    [item] = listed(runner, "2023-01-01")
    assert (item["state"], item["term_end"], item["notice_deadline"]) == ("expires",
                                                                          "2023-03-01", None)
    assert "expires in 59 days: no renewal" in run(
        runner, "renewals", "--as-of", "2023-01-01").stdout
    assert listed(runner, "2023-06-01") == []  # expired: nothing rolls


def test_notice_in_business_days_skips_weekends_and_holidays():
    gb = calendars.Calendar((), ("GB-ENG",))
    # 10 business days before Tuesday 6 January 2026: skips 1 January, Christmas, Boxing Day.
    assert renewals.notice_deadline(date(2026, 1, 6), Period(10, "business_days"), gb) == \
        date(2025, 12, 18)
    assert renewals.notice_deadline(date(2026, 1, 6), Period(10, "business_days"),
                                    frozenset()) == date(2025, 12, 23)
    assert renewals.notice_deadline(date(2026, 1, 6), Period(3, "months"), gb) == date(2025, 10, 6)


@pytest.mark.parametrize("unit, value, notice", [
    ("months", 1, Period(5, "days")), ("months", 1, Period(3, "business_days")),
    ("weeks", 2, Period(2, "days")), ("years", 1, Period(40, "business_days")),
])  # fmt: skip
def test_month_end_terms_roll_and_list_as_computed_day_by_day(db_path, monkeypatch, unit,
                                                                value, notice):
    # roll() and renewals(within=...) first choose their contracts in SQL and by cheap bounds
    # (SQLite adds months past a month's end); day by day, they must agree with the exact
    # computation on a term ending on 31 January.
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    renewal = RenewalTerm(True, value, unit)
    store_fixture(RENEWAL, db_path, expiration_date=date(2025, 1, 31), renewal_term=renewal,
                  notice_period=notice)  # fmt: skip
    db = open_store(db_path)
    holidays = calendars.Calendar((), ("US-NY",))
    day = date(2025, 1, 20)
    while day < date(2026, 3, 10):
        renewals.roll(db, as_of=day, today=day, holidays=holidays)
        stored = db.execute("SELECT term_number FROM contracts WHERE id = 1").fetchone()[0]
        assert stored == renewals.term_on(date(2025, 1, 31), renewal, day), day
        for within in (0, 3, 10):
            every = renewals.renewals(db, day, within=None, holidays=holidays)
            wanted = [r for r in every if day <= r.key_date <= day + timedelta(within)]
            assert renewals.renewals(db, day, within=within, holidays=holidays) == wanted, day
        day += timedelta(days=1 if unit != "years" else 5)
    db.conn.close()
