"""The review queue from the command line, on the real consulting-agreement fixture: items,
accept, correct, reject, what survives re-extraction, and corrections as labelled data."""

from __future__ import annotations

import json
import re

import pytest

from extractor.evaluate.fixtures import main as evaluate_main
from extractor.evaluate.gold import score_partial
from tests.reviewstore import SOURCE, WARNING
from tracker import review
from tracker.cli import cli
from tracker.store import open_store


def run(runner, *args):
    return runner.invoke(cli, [str(a) for a in args])


def queue(runner) -> dict[str, dict]:
    result = run(runner, "review", "--json")
    assert result.exit_code == 0, result.output
    return {item["item"]: item for item in json.loads(result.stdout)}


def shown(runner) -> str:
    result = run(runner, "show", "1")
    assert result.exit_code == 0, result.output
    return result.stdout


def reextract(runner):
    result = run(runner, "ingest", "--reextract", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "re-extracted 1" in result.stderr


def test_the_queue_lists_value_confidence_quote_and_page(store, runner):
    _path, ids = store
    result = run(runner, "review")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert "Elena Marquez (Consultant)" in lines[ids["party"]]
    assert " 0.42 " in lines[ids["party"]] and "Elena Marquez, an individual" in lines[ids["party"]]
    assert "effective date  2025-01-13" in lines[ids["effective_date"]]
    assert "First installment · 2025-01-23 · USD 12,000.00" in lines[ids["payment"]]
    assert "redacted amount [*] on page 2" in lines["w1.1"]
    items = queue(runner)
    assert items[ids["payment"]]["page"] == 2 and items[ids["payment"]]["target"] == "milestone"
    assert "Twelve Thousand Dollars" in items[ids["payment"]]["quote"]
    assert items["w1.1"]["page"] == 2 and items["w1.1"]["confidence"] is None


def test_accept_confirms_the_value_and_logs_who_and_when(store, runner):
    path, ids = store
    result = run(runner, "review", "accept", ids["party"], "--by", "dana", "--note", "checked")
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{ids['party']}: confirmed Elena Marquez (Consultant)\n"
    assert ids["party"] not in queue(runner)
    history = run(runner, "history", "1").stdout
    assert "dana" in history and "confirmed: Elena Marquez (Consultant)" in history
    db = open_store(path)
    assert db.execute("SELECT review, needs_review FROM parties WHERE name LIKE '%Marquez%'"
                      ).fetchone() == ("confirmed", 0)  # fmt: skip


def test_a_corrected_key_date_shows_moves_its_deadlines_and_survives_reextraction(store, runner):
    _path, ids = store
    result = run(runner, "review", "correct", ids["effective_date"], "--value", "2025-01-15",
                 "--by", "dana")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "effective_date: 2025-01-13 -> 2025-01-15" in result.stderr
    assert "Effective date: 2025-01-15" in shown(runner)
    # "within ten (10) days after the Effective Date" follows the corrected date
    assert "First installment" in shown(runner) and "2025-01-25" in shown(runner)
    reextract(runner)
    after = shown(runner)
    assert "Effective date: 2025-01-15" in after and "2025-01-13" not in after
    assert ids["effective_date"] not in queue(runner)


def test_a_corrected_party_survives_reextraction_once(store, runner):
    _path, ids = store
    result = run(runner, "review", "correct", ids["party"], "--value", "Elena M. Marquez")
    assert result.exit_code == 0, result.output
    reextract(runner)
    page = shown(runner)
    assert "Party: Elena M. Marquez (Consultant)" in page
    assert "Party: Elena Marquez" not in page  # the extracted name does not come back


@pytest.mark.parametrize(("value", "field", "expected"), [
    ("13000", "amount", "USD 13,000.00"),
    ("USD 13,500.00", "amount", "USD 13,500.00"),
    ("2025-02-01", "due", "2025-02-01"),
    ("within 20 days after the Effective Date", "rule", "2025-02-02"),
    ("Initial installment", "name", "Initial installment"),
])  # fmt: skip
def test_a_milestone_correction_is_read_from_the_value(store, runner, value, field, expected):
    _path, ids = store
    assert review.guess_field(value) == field
    result = run(runner, "review", "correct", ids["payment"], "--value", value)
    assert result.exit_code == 0, result.output
    line = next(line for line in shown(runner).splitlines()
                if line.startswith(f"{ids['payment'][1:]:>2} "))  # fmt: skip
    assert expected in line
    reextract(runner)
    assert expected in shown(runner)
    assert ids["payment"] not in queue(runner)


def test_reject_drops_a_milestone_for_good(store, runner):
    _path, ids = store
    result = run(runner, "review", "reject", ids["report"], "--note", "a recital")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"{ids['report']}: rejected Final Report · deliverable")
    final_report = re.compile(r"^\s*\d+\s+Final Report\s", re.MULTILINE)
    assert final_report.search(shown(runner)) is None
    reextract(runner)
    assert final_report.search(shown(runner)) is None
    history = run(runner, "history", "1").stdout
    assert "reject" in history and "a recital" in history


def test_a_warning_is_an_item_until_noted(store, runner):
    _path, _ids = store
    result = run(runner, "review", "correct", "w1.1", "--value", "x")
    assert result.exit_code == 1
    assert "is a warning, not a value" in result.stderr
    result = run(runner, "review", "accept", "w1.1")
    assert result.exit_code == 0 and WARNING in result.stderr
    assert "w1.1" not in queue(runner)


@pytest.mark.parametrize(("args", "message"), [
    (["accept", "z9"], "'z9' is not a review item like p12, k5, m7, r3, n3 or w3.1"),
    (["accept", "m999"], "no milestone 999 in the store"),
    (["correct", "{effective_date}", "--value", "March 1"], "'March 1' is not a date"),
    (["correct", "{payment}", "--value", "x", "--field", "amount"], "'x' is not an amount"),
])  # fmt: skip
def test_errors_say_what_to_do(store, runner, args, message):
    _path, ids = store
    result = run(runner, "review", *[a.format(**ids) for a in args])
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_milestone_with_recorded_steps_is_cancelled_not_rejected(store, runner):
    _path, ids = store
    assert run(runner, "complete", ids["report"][1:], "--on", "2025-05-01").exit_code == 0
    result = run(runner, "review", "reject", ids["report"])
    assert result.exit_code == 1
    assert "cancel it instead (`contracts cancel" in result.stderr


def test_corrections_export_as_gold_and_score_the_extractor(store, runner, tmp_path, capsys):
    _path, ids = store
    for args in (["accept", ids["party"]], ["correct", ids["effective_date"], "--value",
                 "2025-01-15"], ["correct", ids["payment"], "--value", "13000"],
                 ["reject", ids["report"]]):  # fmt: skip
        assert run(runner, "review", *args).exit_code == 0
    out = tmp_path / "corrections.jsonl"
    result = run(runner, "review", "export", "--format", "jsonl", "-o", out)
    assert result.exit_code == 0
    assert "wrote 1 document(s)" in result.stderr
    (line,) = [json.loads(text) for text in out.read_text().splitlines()]
    assert line["file"] == str(SOURCE) and line["partial"] is True
    assert line["effective_date"] == "2025-01-15"
    assert line["parties"] == [{"name": "Elena Marquez", "role": "Consultant"}]
    assert line["milestones"][0]["amount"] == 13000.0
    assert line["rejected"]["milestones"][0]["name"] == "Final Report"
    assert evaluate_main(["--gold", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    fields = report["fields"]
    # The extractor still reads 2025-01-13 and 12,000: the team's corrections score it down.
    assert fields["effective_date"]["fn"] == 1 and fields["effective_date"]["tp"] == 0
    assert fields["parties"] == {**fields["parties"], "tp": 1, "fp": 0, "fn": 0}
    assert fields["milestones"]["fp"] == 1  # it finds the rejected Final Report again
    assert report["milestone_attributes"]["amount"]["correct"] == 0


def test_partial_gold_counts_only_reviewed_and_rejected_values():
    predicted = {"parties": [{"name": "Acme, Inc."}, {"name": "Bob Smith"}, {"name": "Recital"}],
                 "milestones": [{"name": "Kickoff", "kind": "kickoff", "due_date": "2025-01-01"},
                                {"name": "Report", "kind": "deliverable",
                                 "due_date": "2025-02-01"}]}  # fmt: skip
    gold = {"partial": True, "parties": [{"name": "Acme Inc"}],
            "rejected": {"parties": [{"name": "Recital"}],
                         "milestones": [{"name": "Kickoff", "kind": "kickoff",
                                         "due_date": "2025-01-01"}]}}  # fmt: skip
    result = score_partial(predicted, gold)
    assert (result.fields["parties"].tp, result.fields["parties"].fp) == (1, 1)
    assert result.fields["milestones"].fp == 1
    assert {m.quote.split(";")[0] for m in result.misses} == {"rejected in review"}
