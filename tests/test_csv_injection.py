"""CSV injection (issue 14): no CSV the tool writes holds a cell a spreadsheet would run.

Every cell that starts with = + - @ tab or CR gets a leading apostrophe, unless the whole cell
is a plain number. The bug this guards: a cell whose *last word* was a number was left alone,
so ``=HYPERLINK("http://evil.example";"click") 2`` reached Excel as a live formula.

The hostile values come in the ways a user's data does: a file name, a milestone name, a note
and an actor typed at the command line. Each output is checked through the real CLI.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.output import safe_csv_cell, to_csv

# Kept here, not imported: a test that read the module's own list could not notice it shrink.
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d+)?|\.\d+)")

# One payload per prefix, each ending in a number: the shape that got through.
PAYLOADS = {
    "=": '=HYPERLINK("http://evil.example";"click") 2',
    "+": '+cmd|" /C calc"!A0 3',
    "-": '-2+3+cmd|" /C calc"!A0 4',
    "@": "@SUM(A1:A9) 1",
    "\t": "\t=1+1 5",
    "\r": "\r=1+1 6",
}
PRINTABLE = {k: v for k, v in PAYLOADS.items() if k not in "\t\r"}  # names are stripped

CONTRACT = (
    "SERVICES AGREEMENT\n\nThis Services Agreement is made on March 1, 2025 between Acme Inc. "
    '("Client") and Widget LLC ("Provider").\nClient shall pay Provider $5,000 within 30 days '
    "after delivery of the Report.\nThe Report shall be delivered by April 1, 2025.\n"
)
HOSTILE_FILE = '=HYPERLINK("evil-example";"click") 7'  # no "/" nor "." in a name: read as text


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def assert_no_live_formula(text: str) -> None:
    for row in rows_of(text):
        for value in row:
            assert not value.startswith(DANGEROUS) or PLAIN_NUMBER.fullmatch(value), value


def cells(text: str) -> set[str]:
    return {value for row in rows_of(text) for value in row}


# --- the shared cell function ------------------------------------------------------------------


@pytest.mark.parametrize("prefix", DANGEROUS)
@pytest.mark.parametrize("tail", ["cmd", "SUM(A1:A9) 1", "1+1", " 3", "-4", "x 1,000.50"])
def test_every_formula_prefix_is_neutralised(prefix, tail):
    value = prefix + tail
    assert safe_csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-12.50", "-1,234.00", "+3", "-0", "-.5", "42", "1,000"])
def test_a_plain_number_stays_a_number(value):
    assert safe_csv_cell(value) == value


@pytest.mark.parametrize(
    "value", ["-", "+", "-1-1", "-1e5", "- 5", "-5 ", "-5\n", "@", "=5", "-$5", "-1.", "-1.2.3"]
)
def test_almost_a_number_is_neutralised(value):
    assert safe_csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Deposit", "5,000.00", "2025-07-01", " =x", "'=x", "a=b", ""])
def test_ordinary_cells_are_left_alone(value):
    assert safe_csv_cell(value) == value


def test_numbers_and_none_are_written_plainly():
    assert safe_csv_cell(None) == ""
    assert safe_csv_cell(-5) == "-5"
    assert safe_csv_cell(-1234.5) == "-1,234.50"


def test_to_csv_neutralises_data_cells_and_keeps_excel_line_ends():
    text = to_csv([[PAYLOADS["="], -3]], ["name", "n"])
    assert text == 'name,n\r\n"\'=HYPERLINK(""http://evil.example"";""click"") 2",-3\r\n'


# --- every CSV the command line writes ---------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    """A store holding a contract read from a hostile file name, and one milestone per payload
    with the payload as its name, note and actor."""
    folder = tmp_path_factory.mktemp("hostile_csv")
    (folder / HOSTILE_FILE).write_text(CONTRACT, encoding="utf-8")
    db = folder / "store.db"
    runner = CliRunner()
    with contextlib.chdir(folder):  # the file named as a user would: a relative path
        result = runner.invoke(cli, ["ingest", "--db", str(db), "--jobs", "1", "--report",
                                     str(folder / "report.csv"), HOSTILE_FILE])
    assert result.exit_code == 0, result.output
    for n, payload in enumerate(PAYLOADS.values(), start=1):
        result = runner.invoke(cli, ["add", "1", "--db", str(db), "--name", payload,
                                     "--amount", str(100 * n), "--due", "2025-01-0" + str(n),
                                     "--note", payload, "--by", payload])
        assert result.exit_code == 0, result.output
    return folder, db


def run_csv(hostile_store, *args) -> str:
    _, db = hostile_store
    result = CliRunner().invoke(cli, [*args, "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "command",
    [
        ("export", "--format", "csv"),
        ("milestones", "--csv", "--as-of", "2025-05-01"),
        ("checklist", "1", "--format", "csv"),
    ],
    ids=["export", "milestones", "checklist"],
)
def test_milestone_names_are_neutralised_in_every_milestone_csv(hostile_store, command):
    text = run_csv(hostile_store, *command)
    assert_no_live_formula(text)
    shown = cells(text)
    for payload in PRINTABLE.values():
        assert "'" + payload in shown, payload
    assert "'=1+1 5" in shown and "'=1+1 6" in shown  # tab and CR payloads, stripped as names


def test_history_csv_neutralises_notes_and_actors_with_each_prefix(hostile_store):
    text = run_csv(hostile_store, "history", "1", "--csv")
    assert_no_live_formula(text)
    shown = cells(text)
    for payload in PAYLOADS.values():
        assert "'" + payload in shown, repr(payload)


def test_list_csv_neutralises_a_hostile_file_name(hostile_store):
    text = run_csv(hostile_store, "list", "--csv")
    assert_no_live_formula(text)
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert row["path"] == "'" + HOSTILE_FILE
    assert row["title"] == "SERVICES AGREEMENT"


def test_report_csv_has_no_live_formula_and_keeps_numbers(hostile_store):
    text = run_csv(hostile_store, "report", "--csv", "--as-of", "2025-05-01")
    assert_no_live_formula(text)
    overdue = [row for row in rows_of(text) if row[0] == "overdue"]
    assert any(PAYLOADS["@"] in row[1] for row in overdue)  # inside the label: harmless
    amounts = {row[3] for row in overdue if row[3]}  # the report's numbers stay numbers
    assert amounts == {f"{100 * n}.00" for n in range(1, len(PAYLOADS) + 1)}


def test_ingest_report_csv_neutralises_a_hostile_file_name(hostile_store):
    folder, _ = hostile_store
    text = (folder / "report.csv").read_text(encoding="utf-8")
    assert_no_live_formula(text)
    [row] = list(csv.DictReader(io.StringIO(text)))
    assert (row["path"], row["status"]) == ("'" + HOSTILE_FILE, "stored")


def test_list_csv_has_the_fields_of_list_json(hostile_store):
    import json

    _, db = hostile_store
    listed = json.loads(CliRunner().invoke(cli, ["list", "--json", "--db", str(db)]).stdout)
    [row] = list(csv.DictReader(io.StringIO(run_csv(hostile_store, "list", "--csv"))))
    assert list(row) == list(listed[0])
