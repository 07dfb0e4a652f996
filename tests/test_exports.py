"""Exports: CSV for Excel (BOM, formula injection), JSON lines, and iCalendar."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta, timezone

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


# --- the calendar a calendar app receives, line by line ----------------------------------------
SUPPLY_ICS = [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//contracts//milestone tracker//EN",
    "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Contract milestones",
    "BEGIN:VEVENT", "UID:milestone-1@b4cd4398cc31ec46.contracts", "DTSTAMP:20250510T093000Z",
    "DTSTART;VALUE=DATE:20250201", "DTEND;VALUE=DATE:20250202", "SEQUENCE:2",
    "SUMMARY:Deposit (payment) — SUPPLY AGREEMENT",
    "DESCRIPTION:Contract 1: SUPPLY AGREEMENT\\nParties: Gamma GmbH\\; Acme Corp.\\",
    " nKind: payment · status: invoiced (part paid)\\nAmount: EUR 5\\,000.00\\nOut",
    " standing: EUR 3\\,000.00",
    "CATEGORIES:payment", "STATUS:CONFIRMED", "TRANSP:TRANSPARENT",
    "BEGIN:VALARM", "ACTION:DISPLAY",
    "DESCRIPTION:Due in 3 days: Deposit (payment) — SUPPLY AGREEMENT", "TRIGGER:-P3D",
    "END:VALARM", "END:VEVENT",
    "BEGIN:VEVENT", "UID:milestone-2@b4cd4398cc31ec46.contracts", "DTSTAMP:20250510T093000Z",
    "DTSTART;VALUE=DATE:20250515", "DTEND;VALUE=DATE:20250516", "SEQUENCE:0",
    "SUMMARY:Delivery of goods (deliverable) — SUPPLY AGREEMENT",
    "DESCRIPTION:Contract 1: SUPPLY AGREEMENT\\nParties: Gamma GmbH\\; Acme Corp.\\",
    " nKind: deliverable · status: pending",
    "CATEGORIES:deliverable", "STATUS:CONFIRMED", "TRANSP:TRANSPARENT",
    "BEGIN:VALARM", "ACTION:DISPLAY",
    "DESCRIPTION:Due in 3 days: Delivery of goods (deliverable) — SUPPLY AGREE", " MENT",
    "TRIGGER:-P3D", "END:VALARM", "END:VEVENT",
    "END:VCALENDAR",
]  # fmt: skip


@pytest.fixture
def supply(db):
    """The supply agreement alone: its deposit part paid (two audit events: the invoice the
    payment implies, and the payment), its delivery pending."""
    from tracker.lifecycle import record_step

    add_euro(db)
    record_step(db, ids(db)["Deposit"], "pay", on=date(2025, 2, 3), amount=2000.0, today=TODAY,
                by="eve", holidays=frozenset())  # fmt: skip
    return db


def supply_ics(db, **kwargs) -> str:
    rows = exports.export_rows(db, as_of=date(2025, 5, 10))
    return exports.export_ics(db, rows, stamp=STAMP, **kwargs)


def test_the_calendar_file_line_by_line(supply):
    assert supply_ics(supply) == "".join(line + "\r\n" for line in SUPPLY_ICS)


def test_the_stamp_is_utc_whatever_the_zone_of_the_clock(supply, monkeypatch):
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        paris = datetime(2025, 5, 10, 11, 30, tzinfo=timezone(timedelta(hours=2)))
        rows = exports.export_rows(supply, as_of=date(2025, 5, 10))
        assert "DTSTAMP:20250510T093000Z" in exports.export_ics(supply, rows, stamp=paris)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_reminders_say_tomorrow_or_in_n_days_and_can_be_switched_off(supply):
    assert "DESCRIPTION:Due tomorrow: Deposit (payment) — SUPPLY AGREEMENT" in supply_ics(
        supply, remind_days=1)  # fmt: skip
    assert "TRIGGER:-P1D" in supply_ics(supply, remind_days=1)
    assert "VALARM" not in supply_ics(supply, remind_days=0)


def test_paid_and_waived_milestones_get_no_reminder(supply):
    from tracker.lifecycle import record_step

    deposit, delivery = ids(supply)["Deposit"], ids(supply)["Delivery of goods"]
    record_step(supply, deposit, "pay", on=date(2025, 2, 5), today=TODAY, by="eve",
                holidays=frozenset())  # fmt: skip
    record_step(supply, delivery, "waive", on=date(2025, 3, 1), today=TODAY, by="eve",
                holidays=frozenset())  # fmt: skip
    events = supply_ics(supply).split("BEGIN:VEVENT")[1:]
    assert "STATUS:CONFIRMED" in events[0] and "VALARM" not in events[0]  # paid: closed
    assert "STATUS:CANCELLED" in events[1] and "VALARM" not in events[1]  # waived


def test_an_untitled_contract_is_described_by_its_file(db):
    from models import Contract, Milestone
    from tests.conftest import make_document
    from tracker.save import save_document

    document = make_document("An untitled deal.", path="deal-2025.txt")
    save_document(db, document, Contract(
        file=document.path, sha256=document.sha256, format="txt", pages=1,
        milestones=(Milestone("Payment", "payment", due_date=date(2025, 6, 1)),)))  # fmt: skip
    text = supply_ics(db)
    assert "SUMMARY:Payment (payment)\r\n" in text
    assert "DESCRIPTION:Contract 1: deal-2025.txt\\nKind: payment · status: pending\r\n" in text


def test_folding_happens_at_exactly_75_octets_then_74():
    line = "X" * 75
    assert exports.fold(line) == line
    assert exports.fold(line + "Y") == line + "\r\n Y"
    assert exports.fold("X" * (75 + 74 + 1)) == "X" * 75 + "\r\n " + "X" * 74 + "\r\n X"


@pytest.mark.parametrize("text, expected", [("a\r\nb", "a\\nb"), ("a\rb", "a\\nb")])
def test_ics_text_escaping_of_other_line_ends(text, expected):
    assert exports.escape_text(text) == expected


def test_export_rows_are_computed_as_of_the_day_given(store):
    rows = exports.export_rows(store, as_of=date(2025, 1, 20))
    deposit = next(r for r in rows if r["name"] == "Deposit")
    assert (deposit["state"], deposit["days_left"]) == ("due soon", 12)


def test_jsonl_keeps_accents_as_they_are(store):
    text = exports.export_jsonl(exports.export_rows(store, as_of=date(2025, 5, 10)))
    assert "naïve; café" in text and "\\u00ef" not in text


def test_every_dated_milestone_is_an_event_whatever_the_order_of_the_rows(store):
    rows = exports.export_rows(store, as_of=date(2025, 5, 10))
    rows.reverse()  # the undated ones first
    assert exports.export_ics(store, rows, stamp=STAMP).count("BEGIN:VEVENT") == 8


def test_an_unpaid_milestone_has_no_outstanding_line(store):
    text = exports.export_ics(store, exports.export_rows(store, as_of=date(2025, 5, 10)),
                              stamp=STAMP).replace("\r\n ", "")  # unfold  # fmt: skip
    deposit = text[text.index("SUMMARY:Deposit"):]
    deposit = deposit[: deposit.index("END:VEVENT")]
    assert "Amount: EUR 5\\,000.00" in deposit and "Outstanding" not in deposit
