"""Schedule checks on contracts with planted problems (tests/files/monitoring/): each planted
problem is found with its severity, milestones and evidence; a person can dismiss a finding,
and `show` lists what is found."""

from __future__ import annotations

import json

import pytest

from tests.conftest import TEST_FILES
from tests.test_renewals import store_fixture
from tracker.cli import cli
from tracker.store import open_store

MONITORING = TEST_FILES / "monitoring"
EXPECTED = json.loads((MONITORING / "expected_findings.json").read_text(encoding="utf-8"))
PLANTED = sorted(slug for slug in EXPECTED if not slug.startswith("_"))


@pytest.fixture(autouse=True)
def no_holiday_file(monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")


def run(runner, *args, code=0):
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


@pytest.mark.parametrize("slug", PLANTED)
def test_planted_problems_are_found(slug, db_path, runner):
    store_fixture(MONITORING / f"{slug}.txt", db_path)
    found = json.loads(run(runner, "check", "1", "--json").stdout)
    got = sorted((f["code"], sorted(f["names"])) for f in found)
    wanted = sorted((e["code"], sorted(e["milestones"])) for e in EXPECTED[slug])
    # A finding may name more milestones than the planted problem (all the instalments).
    assert len(got) == len(wanted), got
    for (code, names), (want_code, want_names) in zip(got, wanted):
        assert code == want_code and set(want_names) <= set(names)


def test_a_finding_names_its_milestones_and_quotes_the_evidence(db_path, runner):
    store_fixture(MONITORING / "planted-instalments-short.txt", db_path)
    text = run(runner, "check").stdout
    assert text.splitlines()[:4] == [
        "error    c1-instalments-total-m2-m3-m4",
        ("  instalments add up to USD 90,000.00, the stated total is USD 100,000.00 "
        "(USD 10,000.00 short)"),
        "  milestones: m2 First installment; m3 Second installment; m4 Third installment",
        '  p. 1: "2. FEES. The total fee for the Services is USD 100,000.00 (the "Fee")."',
    ]


def test_holiday_where_the_contract_counts_business_days(db_path, runner):
    store_fixture(MONITORING / "planted-business-days.txt", db_path)
    found = json.loads(run(runner, "check", "--json").stdout)
    assert [f["message"] for f in found] == [
        ("Data mapping specification: due 2025-06-14, a Saturday: the contract counts business "
        "days"),
        ("Payment due 2025-12-25: due 2025-12-25, Christmas Day (US-NY): the contract counts "
        "business days"),
    ]


def test_dismiss_silences_a_finding_and_logs_it(db_path, runner):
    store_fixture(MONITORING / "planted-duplicate-currencies.txt", db_path)
    [currencies] = [f for f in json.loads(run(runner, "check", "--json").stdout)
                    if f["code"] == "two-currencies"]
    done = run(runner, "check", "--dismiss", currencies["id"], "--note", "EUR by design")
    assert done.stderr.startswith(f"dismissed {currencies['id']}: the schedule mixes EUR, USD")
    codes = [f["code"] for f in json.loads(run(runner, "check", "--json").stdout)]
    assert codes == ["duplicate"]
    shown = json.loads(run(runner, "check", "--all", "--json").stdout)
    assert [f["dismissed"] for f in shown if f["code"] == "two-currencies"] == [True]
    history = json.loads(run(runner, "history", "1", "--json").stdout)
    assert [(e["action"], e["note"]) for e in history][-1] == ("dismiss", "EUR by design")
    again = run(runner, "check", "--dismiss", currencies["id"], code=1)
    assert "already dismissed" in again.output
    unknown = run(runner, "check", "--dismiss", "c1-duplicate-m99", code=1)
    assert "no finding c1-duplicate-m99 on contract 1 now" in unknown.output


def test_show_lists_the_findings(db_path, runner):
    store_fixture(MONITORING / "planted-payment-before-work.txt", db_path)
    text = run(runner, "show", "1").stdout
    assert "Findings (`contracts check 1`):" in text
    assert ("error: Delivery of Design Document (USD 10,000.00) is due 2025-03-28, before "
            "Design Document (2025-04-15) that it pays for [p. 1]") in text
    data = json.loads(run(runner, "show", "1", "--json").stdout)
    assert [f["code"] for f in data["findings"]] == ["payment-before-work"]


def test_a_clean_contract_has_no_findings(db_path, runner):
    store_fixture(MONITORING / "renewal-annual-60days.txt", db_path)
    assert run(runner, "check").stderr == "No findings in the store.\n"
    assert "Findings" not in run(runner, "show", "1").stdout


def test_a_change_checks_its_contract_again_and_keeps_the_others(db_path, runner):
    store_fixture(MONITORING / "planted-instalments-short.txt", db_path)
    store_fixture(MONITORING / "planted-duplicate-currencies.txt", db_path)
    before = json.loads(run(runner, "check", "--json").stdout)
    assert {f["contract_id"] for f in before} == {1, 2}
    db = open_store(db_path)
    kept = db.execute("SELECT id, checked_at FROM findings WHERE contract_id = 2").fetchall()
    third = db.execute("SELECT id FROM milestones WHERE contract_id = 1 AND name = "
                       "'Third installment'").fetchone()[0]  # fmt: skip
    db.execute("UPDATE findings SET checked_at = 'kept' WHERE contract_id = 2")
    db.conn.commit()
    # The instalments now add up to the total: contract 1 has no finding left.
    run(runner, "edit", third, "--amount", 40000, "--note", "the real figure")
    after = json.loads(run(runner, "check", "--json").stdout)
    assert [f for f in after if f["contract_id"] == 1] == []
    assert [f for f in after if f["contract_id"] == 2] == [f for f in before
                                                           if f["contract_id"] == 2]
    assert {row[0] for row in kept} == {row[0] for row in db.execute(
        "SELECT id FROM findings WHERE contract_id = 2 AND checked_at = 'kept'")}  # not redone
    # The same as checking every contract from scratch.
    db.execute("DELETE FROM store_state WHERE key = 'findings'")
    db.conn.commit()
    db.conn.close()
    assert json.loads(run(runner, "check", "--json").stdout) == after
