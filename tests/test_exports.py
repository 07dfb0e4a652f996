"""Exports: CSV for Excel (BOM, formula injection), JSON lines, and iCalendar."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.test_lifecycle import TODAY, add_consulting, add_euro, ids
from tracker import edits, exports
from tracker.cli import cli
from tracker.store import open_store

STAMP = datetime(2025, 5, 10, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(db):
    add_consulting(db)
    add_euro(db)
    # A hostile name: a spreadsheet must show it, not run it; a long one must be folded.
    edits.add_milestone(db, 1, name="=HYPERLINK(\"http://x\";\"click\"), naïve; café\\bar",
                        kind="other", due=date(2025, 7, 1), today=TODAY,
                        by="eve", holidays=frozenset())  # fmt: skip
    edits.add_milestone(db, 1, name="Sans date", kind="other", today=TODAY, by="eve",
                        holidays=frozenset())  # fmt: skip
    return db


def test_csv_has_a_bom_iso_dates_and_neutralised_formulas(store):
    text = exports.export_csv(exports.export_rows(store, as_of=date(2025, 5, 10)))
    assert text.startswith("\ufeffid,contract_id,title,")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    evil = next(r for r in rows if "HYPERLINK" in r["name"])
    assert evil["name"].startswith("'=HYPERLINK(")
    assert evil["due_date"] == "2025-07-01"
    deposit = next(r for r in rows if r["name"] == "Deposit")
    assert (deposit["amount"], deposit["currency"]) == ("5000.00", "EUR")


def test_jsonl_has_one_object_a_line(store):
    text = exports.export_jsonl(exports.export_rows(store, as_of=date(2025, 5, 10)))
    lines = text.splitlines()
    assert len(lines) == 12
    first = json.loads(lines[0])
    assert (first["name"], first["due_date"], first["state"]) == ("Deposit", "2025-02-01",
                                                                 "overdue")  # fmt: skip
    assert all(json.loads(line)["id"] for line in lines)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a,b;c", "a\\,b\\;c"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\nlines"),
    ],
)
def test_ics_text_escaping(text, expected):
    assert exports.escape_text(text) == expected


def test_folding_keeps_lines_within_75_octets_and_characters_whole():
    line = "DESCRIPTION:" + "é" * 100
    folded = exports.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join([parts[0]] + [p[1:] for p in parts[1:]]) == line


def _ics(store, **kwargs) -> str:
    rows = exports.export_rows(store, as_of=date(2025, 5, 10))
    return exports.export_ics(store, rows, stamp=STAMP, **kwargs)


def test_ics_structure(store):
    text = _ics(store)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends with CRLF
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert text.count("BEGIN:VEVENT") == 8  # of 12: "Sans date" and three rules are undated
    assert "DTSTAMP:20250510T093000Z" in text
    assert "DTSTART;VALUE=DATE:20250201\r\nDTEND;VALUE=DATE:20250202" in text


def test_ics_uid_is_stable_across_exports(store):
    uids = [line for line in _ics(store).split("\r\n") if line.startswith("UID:")]
    assert uids == [line for line in _ics(store).split("\r\n") if line.startswith("UID:")]
    sha = store.execute("SELECT sha256 FROM documents WHERE id = 2").fetchone()[0]
    deposit = ids(store)["Deposit"]
    assert f"UID:milestone-{deposit}@{sha[:16]}.contracts" in uids


def test_ics_parses_with_a_real_icalendar_parser(store):
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical(_ics(store, remind_days=5))
    events = calendar.walk("VEVENT")
    assert len(events) == 8
    deposit = next(e for e in events if str(e["SUMMARY"]).startswith("Deposit"))
    assert deposit.decoded("DTSTART") == date(2025, 2, 1)
    assert deposit.decoded("DTEND") == date(2025, 2, 2)
    assert str(deposit["SUMMARY"]) == "Deposit (payment) — SUPPLY AGREEMENT"
    assert "Amount: EUR 5,000.00" in str(deposit["DESCRIPTION"])
    [alarm] = deposit.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(days=5)
    evil = next(e for e in events if "HYPERLINK" in str(e["SUMMARY"]))
    assert str(evil["SUMMARY"]) == (
        '=HYPERLINK("http://x";"click"), naïve; café\\bar (other) — CONSULTING AGREEMENT'
    )


def test_cancelled_milestones_stay_in_the_calendar_as_cancelled(store):
    from tracker.lifecycle import record_step

    record_step(store, ids(store)["Deposit"], "cancel", on=date(2025, 1, 20), today=TODAY,
                by="eve", holidays=frozenset())  # fmt: skip
    text = _ics(store)
    block = text[text.index("SUMMARY:Deposit") :]
    block = block[: block.index("END:VEVENT")]
    assert "STATUS:CANCELLED" in block and "VALARM" not in block
    assert "SEQUENCE:1" in text[: text.index("SUMMARY:Deposit")].rsplit("BEGIN:VEVENT", 1)[1]


# --- the command -----------------------------------------------------------------------------
@pytest.fixture
def cli_store(db_path):
    db = open_store(db_path)
    add_consulting(db)
    add_euro(db)
    db.conn.close()
    return db_path


@pytest.mark.parametrize("fmt, start", [("csv", b"\xef\xbb\xbfid,"), ("json", b'{"id": '),
                                        ("ics", b"BEGIN:VCALENDAR\r\n")])  # fmt: skip
def test_export_command_writes_a_file(cli_store, runner, tmp_path, fmt, start):
    out = tmp_path / f"milestones.{fmt}"
    result = runner.invoke(cli, ["export", "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(start)
    count = 7 if fmt == "ics" else 10
    assert result.stderr == f"wrote {count} milestones to {out}\n"


def test_export_one_contract_to_stdout(cli_store, runner):
    result = runner.invoke(cli, ["export", "--format", "json", "--contract", "2"])
    assert [json.loads(line)["name"] for line in result.stdout.splitlines()] == [
        "Deposit", "Delivery of goods"]  # fmt: skip


def test_export_unknown_contract_is_an_error(cli_store, runner):
    result = runner.invoke(cli, ["export", "--contract", "9"])
    assert result.exit_code == 1
    assert result.stderr == "Error: no contract 9 in the store (see `contracts list`)\n"
