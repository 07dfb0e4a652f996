"""The learned renewal term and notice period, end to end: `contracts extract` shows them with
the model's confidence, the store keeps it, and the renewals list reads the chosen values (and
says when a person should check them). The rules alone carry no confidence, so these tests fail
if the shipped models stop deciding."""

from __future__ import annotations

import json

import pytest

from extractor import EXTRACTOR_VERSION
from extractor.learn import linear, switch
from extractor.read.load import load_document
from tests.conftest import FIXTURES, TEST_FILES
from tracker.cli import cli
from tracker.store import open_store

MAINTENANCE = FIXTURES / "maintenance-support-monthly.pdf"  # renews yearly, 90 days' notice
RENEWAL = TEST_FILES / "monitoring" / "renewal-annual-60days.txt"  # renews yearly, 60 days' notice
NO_RENEWAL = FIXTURES / "consulting-agreement.pdf"


def run(runner, *args):
    result = runner.invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("name", ["renewal_term", "notice_period"])
def test_the_models_ship_with_the_extractor_version(name):
    model = linear.load(name)
    assert model is not None, f"extractor/learn/models/{name}.json is missing"
    assert model.meta["extractor_version"] == EXTRACTOR_VERSION


def test_extract_shows_the_chosen_renewal_and_notice_with_their_confidence(runner):
    data = json.loads(run(runner, "extract", MAINTENANCE).stdout)
    renewal, notice = data["renewal_term"], data["notice_period"]
    assert (renewal["automatic"], renewal["value"], renewal["unit"]) == (True, 1, "years")
    assert (notice["value"], notice["unit"]) == (90, "days")
    assert renewal["confidence"] >= 0.9 and notice["confidence"] >= 0.9
    assert "needs_review" not in renewal and "needs_review" not in notice

    page = run(runner, "extract", MAINTENANCE, "--format", "md").stdout
    assert "- Renewal: automatic, successive 1 year  (confidence " in page
    assert "- Notice period: 90 days before the end of the term  (confidence " in page


def test_a_contract_that_does_not_renew_gets_no_renewal(runner):
    data = json.loads(run(runner, "extract", NO_RENEWAL).stdout)
    assert data["renewal_term"] is None and data["notice_period"] is None


def test_the_rules_alone_give_no_confidence():
    from extractor import extract

    with switch.models_off():
        contract = extract(load_document(str(MAINTENANCE)))
    assert contract.renewal_term is not None and contract.renewal_term.confidence is None
    assert contract.notice_period is not None and contract.notice_period.confidence is None


def test_the_renewals_list_reads_the_extracted_renewal(db_path, runner, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    run(runner, "ingest", RENEWAL)
    db = open_store(db_path)
    row = db.execute("SELECT renewal_term, notice_period FROM contracts").fetchone()
    db.conn.close()
    stored = [json.loads(value) for value in row]
    assert all(value["confidence"] >= 0.9 for value in stored)  # the model's, kept in the store

    [first] = json.loads(run(runner, "renewals", "--as-of", "2022-11-01", "--json").stdout)
    assert (first["renewal_period"], first["notice_period"], first["notice_deadline"], first["state"],
            first["needs_review"]) == ("1 year", "60 days", "2022-12-31", "notice open", False)
    assert "(check)" not in run(runner, "renewals", "--as-of", "2022-11-01").stdout


def test_an_unsure_renewal_is_flagged_for_review(db_path, runner, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    run(runner, "ingest", RENEWAL)
    db = open_store(db_path)  # as the model stores a value below its review threshold
    db.execute("""UPDATE contracts SET notice_period = json_set(notice_period,
                  '$.confidence', 0.55, '$.needs_review', json('true'))""")
    db.conn.close()
    [first] = json.loads(run(runner, "renewals", "--as-of", "2022-11-01", "--json").stdout)
    assert first["needs_review"] is True
    shown = run(runner, "renewals", "--as-of", "2022-11-01").stdout
    assert "1 year      60 days (check)  2022-12-31  60 days left to give notice" in shown, shown
    page = run(runner, "show", "1").stdout
    assert "Notice period: 60 days before the end of the term  (needs review, confidence 0.55)" in page


def _unsure(db_path, column):
    db = open_store(db_path)  # as the model stores a value below its review threshold
    db.execute(f"""UPDATE contracts SET {column} = json_set({column},
                   '$.confidence', 0.55, '$.needs_review', json('true'))""")
    db.conn.close()


def test_an_unsure_notice_is_corrected_in_review_and_kept_on_reingest(db_path, runner, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    run(runner, "ingest", RENEWAL)
    _unsure(db_path, "notice_period")
    queue = run(runner, "review").stdout
    assert "n1" in queue and "60 days" in queue, queue

    out = run(runner, "review", "correct", "n1", "--value", "90 days", "--by", "ana").output
    assert "n1: corrected notice: 60 days -> 90 days" in out
    assert "n1" not in run(runner, "review").stdout
    [first] = json.loads(run(runner, "renewals", "--as-of", "2022-10-01", "--json").stdout)
    assert (first["notice_period"], first["notice_deadline"], first["needs_review"]) == \
        ("90 days", "2022-12-01", False)

    run(runner, "ingest", "--reextract", RENEWAL)
    [again] = json.loads(run(runner, "renewals", "--as-of", "2022-10-01", "--json").stdout)
    assert again["notice_period"] == "90 days"
    history = run(runner, "history", "1").stdout
    assert "ana" in history and "90 days" in history, history


def test_an_unsure_renewal_is_accepted_or_rejected_in_review(db_path, runner, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    run(runner, "ingest", RENEWAL)
    _unsure(db_path, "renewal_term")
    [item] = [i for i in json.loads(run(runner, "review", "--json").stdout) if i["item"] == "r1"]
    assert (item["target"], item["value"], item["confidence"]) == ("renewal", "automatic, 1 years", 0.55)
    assert "r1: confirmed automatic, 1 year" in run(runner, "review", "accept", "r1").output
    assert "r1" not in run(runner, "review").stdout
    assert "(check)" not in run(runner, "renewals", "--as-of", "2022-11-01").stdout

    assert "r1: rejected renewal automatic, 1 year" in run(runner, "review", "reject", "r1").output
    [first] = json.loads(run(runner, "renewals", "--as-of", "2022-11-01", "--all", "--json").stdout)
    assert first["renewal_period"] is None


def test_a_renewal_correction_that_cannot_be_read_names_the_forms(db_path, runner, monkeypatch):
    run(runner, "ingest", RENEWAL)
    _unsure(db_path, "renewal_term")
    result = runner.invoke(cli, ["review", "correct", "r1", "--value", "every so often"])
    assert result.exit_code != 0
    assert "'automatic, 1 year'" in result.output and "'none'" in result.output
