"""Exports of the milestones: CSV for Excel, JSON lines for scripts, iCalendar for calendars.

- CSV: UTF-8 with a byte-order mark (Excel then reads accents right), ISO dates, CRLF rows,
  cells that start with = + - @ neutralised (``tracker.output.safe_csv_cell``).
- JSON lines: one milestone object a line.
- iCalendar (RFC 5545): one all-day VEVENT per dated milestone. Its UID
  (``milestone-<id>@<first 16 hex of the document's SHA-256>.contracts``) stays the same across
  exports so a calendar updates the event instead of duplicating it; SEQUENCE counts the
  milestone's audit events so a later export wins. Waived and cancelled milestones are exported
  with STATUS:CANCELLED so the calendar drops them. A VALARM reminds ``remind_days`` before.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import sqlite_utils

from tracker import views
from tracker.output import money, to_csv

BOM = "\ufeff"
CRLF = "\r\n"
PRODID = "-//contracts//milestone tracker//EN"


def export_rows(db: sqlite_utils.Database, contract_id: int | None = None,
                as_of: date | None = None) -> list[dict]:  # fmt: skip
    """Every milestone (closed ones too) of one contract or of the whole store."""
    filters = views.Filters(contract_id=contract_id, include_closed=True)
    return views.list_milestones(db, filters, as_of=as_of)


def export_csv(rows: list[dict]) -> str:
    return BOM + to_csv(views.csv_rows(rows), list(views.JSON_FIELDS))


def export_jsonl(rows: list[dict]) -> str:
    return "".join(
        json.dumps(item, ensure_ascii=False) + "\n" for item in views.json_rows(rows)
    )


# --- iCalendar -------------------------------------------------------------------------------
def escape_text(text: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets (continuations start with a space), never inside a
    UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation's leading space counts
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += char
        size += width
    out.append(current)
    return (CRLF + " ").join(out)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def milestone_uid(milestone_id: int, sha256: str) -> str:
    return f"milestone-{milestone_id}@{sha256[:16]}.contracts"


def _description(row: dict) -> str:
    lines = [f"Contract {row['contract_id']}: {row['title'] or row['path']}"]
    if row["parties"]:
        lines.append(f"Parties: {row['parties']}")
    lines.append(f"Kind: {row['kind']} · status: {row['status_label']}")
    if row["amount"] is not None:
        lines.append(f"Amount: {money(row['amount'], row['currency'])}")
    if row["outstanding"] and row["paid_amount"]:
        lines.append(f"Outstanding: {money(row['outstanding'], row['currency'])}")
    if row["rule_text"]:
        lines.append(f"Rule: {row['rule_text']}")
    if row["page"]:
        lines.append(f"Evidence: {row['path']}, page {row['page']}")
    return "\n".join(lines)


def _reminder(days: int) -> str:
    return "Due tomorrow: " if days == 1 else f"Due in {days} days: "


def _event_counts(db: sqlite_utils.Database) -> dict[int, int]:
    return dict(db.execute(
        "SELECT milestone_id, count(*) FROM events WHERE milestone_id IS NOT NULL GROUP BY 1"
    ).fetchall())  # fmt: skip


def export_ics(
    db: sqlite_utils.Database,
    rows: list[dict],
    remind_days: int = 3,
    stamp: datetime | None = None,
) -> str:
    """A VCALENDAR with one all-day VEVENT per dated milestone in ``rows``."""
    stamp_text = _stamp(stamp or datetime.now(UTC))
    sequences = _event_counts(db)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", "X-WR-CALNAME:Contract milestones"]  # fmt: skip
    for row in rows:
        if not row["due_date"]:
            continue
        due = date.fromisoformat(row["due_date"])
        summary = f"{row['name']} ({row['kind']})"
        if row["title"]:
            summary += f" — {row['title']}"
        cancelled = row["status"] in ("waived", "cancelled")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{milestone_uid(row['id'], row['sha256'])}",
            f"DTSTAMP:{stamp_text}",
            f"DTSTART;VALUE=DATE:{due.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(due + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SEQUENCE:{sequences.get(row['id'], 0)}",
            f"SUMMARY:{escape_text(summary)}",
            f"DESCRIPTION:{escape_text(_description(row))}",
            f"CATEGORIES:{escape_text(row['kind'])}",
            f"STATUS:{'CANCELLED' if cancelled else 'CONFIRMED'}",
            "TRANSP:TRANSPARENT",
        ]
        if remind_days > 0 and not cancelled and not row["closed"]:
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{escape_text(_reminder(remind_days) + summary)}",
                f"TRIGGER:-P{remind_days}D",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
