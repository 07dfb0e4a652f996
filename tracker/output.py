"""Formatting for people and scripts: aligned tables, JSON, CSV, money and dates."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from collections.abc import Sequence
from datetime import date

import click

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What may start with "-" or "+" and still be left alone: the whole cell one plain number.
PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d+)?|\.\d+)")


def use_colour(stream=None) -> bool:
    stream = stream or sys.stdout
    return not os.environ.get("NO_COLOR") and hasattr(stream, "isatty") and stream.isatty()


def money(amount: float | None, currency: str | None = None) -> str:
    if amount is None:
        return ""
    text = f"{amount:,.2f}"
    return f"{currency} {text}" if currency else text


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def table(rows: Sequence[Sequence], headers: Sequence[str], max_width: int = 60) -> str:
    """An aligned plain-text table; long cells are cut with an ellipsis."""

    def clip(text: str) -> str:
        text = " ".join(text.split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    body = [[clip(cell(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in body:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    numeric = [
        all(_is_number(row[i]) for row in body if row[i]) and any(row[i] for row in body)
        for i in range(len(headers))
    ]

    def line(values):
        parts = [
            v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)
        ]
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out.extend(line(row) for row in body)
    return "\n".join(out)


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").split(" ")[-1])
    except ValueError:
        return False
    return True


def to_json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=cell)


def safe_csv_cell(value) -> str:
    """Neutralise cells a spreadsheet would run as formulas (OWASP CSV injection): a leading
    apostrophe, unless the whole cell is a plain number such as -1,250.00. Every CSV the tool
    writes goes through here."""
    text = cell(value)
    if text.startswith(FORMULA_PREFIXES) and not PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def to_csv(rows: Sequence[Sequence], headers: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([safe_csv_cell(v) for v in row])
    return buffer.getvalue()


def echo_err(message: str) -> None:
    click.echo(message, err=True)
