"""What every command prints: aligned tables (long cells cut), JSON, money and colour."""

from __future__ import annotations

import io
from datetime import date

from tracker.output import cell, money, table, to_json, use_colour


def test_a_cell_longer_than_the_width_is_cut_with_an_ellipsis():
    text = table([["x" * 60], ["y" * 61]], ["name"])
    assert text.splitlines() == ["name", "-" * 60, "x" * 60, "y" * 59 + "…"]
    narrow = table([["abcdef"]], ["n"], max_width=4)
    assert narrow.splitlines()[-1] == "abc…"


def test_numbers_are_right_aligned_and_text_left_aligned():
    text = table([["Deposit", "USD 5,000.00"], ["Fee", "500.00"]], ["name", "amount"])
    assert text.splitlines() == [
        "name           amount",
        "-------  ------------",
        "Deposit  USD 5,000.00",
        "Fee            500.00",
    ]


def test_cells_read_as_people_write_them():
    assert [cell(None), cell(1234.5), cell(date(2025, 3, 4)), cell(7)] == [
        "", "1,234.50", "2025-03-04", "7"]  # fmt: skip
    assert money(1234.5, "EUR") == "EUR 1,234.50" and money(None, "EUR") == ""
    assert money(12.0) == "12.00"


def test_json_is_indented_keeps_accents_and_writes_dates_as_iso():
    assert to_json({"name": "café", "due": date(2025, 3, 4)}) == (
        '{\n  "name": "café",\n  "due": "2025-03-04"\n}'
    )


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(Terminal()) is True
    assert use_colour(io.StringIO()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour(Terminal()) is False
