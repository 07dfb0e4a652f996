"""The working list: filters, as-of timing (overdue, due soon, days left) and its output."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from tests.test_lifecycle import add_consulting, add_euro, ids, step
from tracker import views
from tracker.cli import cli
from tracker.store import open_store
from tracker.views import Filters, list_milestones

AS_OF = date(2025, 5, 10)


def names(rows) -> list[str]:
    return [r["name"] for r in rows]


@pytest.fixture
def store(db):
    add_consulting(db)
    add_euro(db)
    m = ids(db)
    step(db, m["Milestone 1 delivery: design document"], "approve", on=date(2025, 4, 2))
    step(db, m["Milestone 1 payment"], "pay", on=date(2025, 4, 20), amount=3000)
    return db


def listed(db, **filters):
    return list_milestones(db, Filters(**filters), as_of=AS_OF, holidays=frozenset())


def test_default_list_is_open_milestones_sorted_by_due_date(store):
    rows = listed(store)
    assert names(rows) == [
        "Deposit", "Signing", "Kick-off meeting", "Milestone 1 payment", "Delivery of goods",
        "Milestone 2 delivery: prototype", "Renewal notice", "Milestone 2 payment",
        "Final report",
    ]  # fmt: skip
    assert "Milestone 1 delivery: design document" not in names(rows)  # approved, no amount


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({"overdue": True}, ["Deposit", "Signing", "Kick-off meeting", "Milestone 1 payment"]),
        ({"due_within": 30}, ["Delivery of goods", "Milestone 2 delivery: prototype"]),
        ({"due_within": 5}, ["Delivery of goods"]),  # the last day counts
        ({"due_within": 4}, []),
        ({"overdue": True, "due_within": 5, "contract_id": 2}, ["Deposit", "Delivery of goods"]),
        ({"statuses": ("approved",)}, ["Milestone 1 delivery: design document"]),
        ({"kinds": ("payment",), "party": "gamma"}, ["Deposit"]),
        ({"party": "nobody"}, []),
        ({"party": "%"}, []),  # LIKE wildcards are matched literally
    ],
)
def test_filters(store, filters, expected):
    assert names(listed(store, **filters)) == expected


def test_timing_is_derived_from_the_as_of_date(store):
    rows = {r["name"]: r for r in listed(store, include_closed=True)}
    assert (rows["Deposit"]["state"], rows["Deposit"]["days_late"]) == ("overdue", 98)
    assert views.timing_text(rows["Deposit"]) == "98 days late"
    assert (rows["Delivery of goods"]["state"], rows["Delivery of goods"]["days_left"]) == (
        "due soon", 5)  # fmt: skip
    assert views.timing_text(rows["Milestone 2 delivery: prototype"]) == "23 days left"
    assert views.timing_text(rows["Milestone 1 delivery: design document"]) == "done 1 day late"
    assert rows["Milestone 1 delivery: design document"]["days_late"] == 1
    assert rows["Milestone 1 payment"]["status_label"] == "invoiced (part paid)"
    assert rows["Milestone 1 payment"]["outstanding"] == 7000.0
    later = list_milestones(store, Filters(), as_of=date(2025, 5, 15), holidays=frozenset())
    assert views.timing_text(next(r for r in later if r["name"] == "Delivery of goods")) == (
        "due today")  # fmt: skip


def test_nothing_is_stored_about_overdue(store):
    assert "overdue" not in {s for (s,) in store.execute("SELECT DISTINCT status FROM milestones")}


# --- the command -----------------------------------------------------------------------------
@pytest.fixture
def cli_store(db_path):
    db = open_store(db_path)
    add_consulting(db)
    add_euro(db)
    db.conn.close()
    return db_path


def test_milestones_command_prints_an_aligned_table(cli_store, runner):
    result = runner.invoke(cli, ["milestones", "--contract", "2", "--as-of", "2025-05-10"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        ("id  due         when          contract            party                   milestone"
        "          kind         status         amount  outstanding"),
        ("--  ----------  ------------  ------------------  ----------------------  -----------"
        "------  -----------  -------  ------------  -----------"),
        (" 9  2025-02-01  98 days late  2 SUPPLY AGREEMENT  Gamma GmbH; Acme Corp.  Deposit"
        "            payment      pending  EUR 5,000.00"),
        ("10  2025-05-15  5 days left   2 SUPPLY AGREEMENT  Gamma GmbH; Acme Corp.  "
         "Delivery of goods  deliverable  pending"),
    ]  # fmt: skip
    assert "\x1b[" not in result.stdout  # no colour when not on a terminal


def test_milestones_marks_derived_dates_and_says_so_on_stderr(cli_store, runner):
    result = runner.invoke(cli, ["milestones", "--kind", "notice", "--as-of", "2025-05-10"])
    assert result.exit_code == 0
    assert "2026-01-01*" in result.stdout
    assert result.stderr == "* due date derived from a relative deadline\n"


def test_milestones_json_and_csv(cli_store, runner):
    result = runner.invoke(cli, ["milestones", "--overdue", "--as-of", "2025-05-10", "--json"])
    data = json.loads(result.stdout)
    assert [(d["name"], d["days_late"], d["state"]) for d in data] == [
        ("Deposit", 98, "overdue"), ("Signing", 68, "overdue"), ("Kick-off meeting", 61, "overdue"),
        ("Milestone 1 delivery: design document", 39, "overdue"),
    ]  # fmt: skip
    result = runner.invoke(cli, ["milestones", "--overdue", "--as-of", "2025-05-10", "--csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["name"] == "Deposit" and rows[0]["amount"] == "5000.00"
    assert rows[0]["due_derived"] == "false"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--due-within", "soon"], "'soon' is not a number of days like 30d, 30 or 4w"),
        (["--as-of", "10/05/2025"], "'10/05/2025' is not a date like 2025-03-05"),
        (["--status", "late"], "'late' is not one of"),
    ],
)
def test_bad_options_are_usage_errors(cli_store, runner, args, message):
    result = runner.invoke(cli, ["milestones", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_due_within_accepts_weeks(cli_store, runner):
    result = runner.invoke(cli, ["milestones", "--due-within", "2w", "--as-of", "2025-05-10",
                                 "--json"])  # fmt: skip
    assert [d["name"] for d in json.loads(result.stdout)] == ["Delivery of goods"]


def test_empty_list_says_so_on_stderr(cli_store, runner):
    result = runner.invoke(cli, ["milestones", "--party", "nobody"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No milestones match.\n")


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    import click

    from tracker import cli_track, output

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert output.use_colour(Terminal())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not output.use_colour(Terminal())
    monkeypatch.setattr(cli_track, "use_colour", lambda: True)
    text = cli_track._colour_lines("head\n----\nlate row\nlater row", ["overdue", "upcoming"])
    assert text.splitlines() == ["head", "----", click.style("late row", fg="red"), "later row"]
