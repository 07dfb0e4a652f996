"""Payment schedule and deliverable tables: ``models.Table`` rows -> :class:`ScheduleRow`.

A schedule is a table whose header names a milestone/deliverable column and at least one of
due date, amount or percent (columns found by keyword, missing ones tolerated). A table without
a header counts when its rows hold an amount next to a date or an event. Total rows are kept
apart: they give the contract value, never a milestone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from extractor.nlp.dates import find_dates
from extractor.nlp.numbers import Money, parse_money, parse_percent, to_float
from extractor.nlp.rules import payments as rules
from models import Table

_I = re.IGNORECASE
_COLUMNS = [(role, re.compile(pattern, _I)) for role, pattern in rules.SCHEDULE_COLUMNS]
_AMOUNT_WORDS = re.compile(dict(rules.SCHEDULE_COLUMNS)["amount"], _I)
_DESCRIPTION = re.compile(rules.DESCRIPTION_HEADER_RE, _I)
_TABLE_DISTRACTOR = re.compile(rules.TABLE_DISTRACTOR_RE, _I)
_TOTAL_ROW = re.compile(rules.TOTAL_ROW_RE, _I)
_REDACTED = re.compile(rules.REDACTED_RE, _I)
_MILESTONE_HEADER = re.compile(rules.MILESTONE_HEADER_RE, _I)
_APPROVAL_HEADER = re.compile(rules.APPROVAL_HEADER_RE, _I)
_HEADER_CURRENCY = re.compile(rules.HEADER_CURRENCY_RE, _I)
_INDEX_HEADER = re.compile(r"^(?:payments?|install?ments?|tranches?)(?:\s*(?:no\.?|#|number))?$", _I)
_STRONG_AMOUNT = re.compile(r"\b(?:amount|fees?|price|sum|value|cost)\b|[$€£]", _I)
_BARE_NUMBER = re.compile(r"^\s*\$?\s*(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)\s*$")
_SPACES = re.compile(r"\s+")
_EVENT_WORDS = re.compile(
    r"\b(?:upon|on|after|following|within|signing|execution|delivery|acceptance|completion"
    r"|kick[- ]?off|due)\b",
    _I,
)
MAX_HEADER_ROW = 3


@dataclass(frozen=True)
class ScheduleRow:
    page: int
    cells: tuple[str, ...]
    name: str
    description: str = ""
    due_text: str = ""
    amount: Money | None = None
    percent: float | None = None
    redacted: bool = False
    is_total: bool = False
    index: int = 0  # position among the schedule's milestone rows (0-based)
    span: tuple[int, int] | None = None  # where a text-column row sits in its page's text

    @property
    def text(self) -> str:
        """The row as the loader writes it into the page text: cells joined by " | "."""
        return " | ".join(cell for cell in self.cells if cell)


@dataclass(frozen=True)
class Schedule:
    page: int
    columns: tuple[tuple[str, int], ...]  # (role, column index)
    rows: tuple[ScheduleRow, ...]
    total: Money | None = None
    name_header: str = ""  # "Milestone", "Deliverable", "Item", "Service"...
    due_header: str = ""  # "Due Date", "Target Acceptance Date"...

    @property
    def of_approvals(self) -> bool:
        """Rows are approvals: their dates are acceptance dates ("Target Acceptance Date")."""
        return bool(_APPROVAL_HEADER.search(self.due_header))

    @property
    def of_milestones(self) -> bool:
        """Rows are milestones (deliverables, phases) rather than priced items or services."""
        return bool(_MILESTONE_HEADER.search(self.name_header))

    @property
    def roles(self) -> set[str]:
        return {role for role, _ in self.columns}

    def milestone_rows(self) -> list[ScheduleRow]:
        return [row for row in self.rows if not row.is_total]


def clean(cell: str | None) -> str:
    return _SPACES.sub(" ", cell or "").strip()


def header_columns(cells: Iterable[str]) -> dict[str, int] | None:
    """Column roles of a header row, or None when the row is not a schedule header."""
    cells = [clean(cell) for cell in cells]
    joined = " ".join(cells)
    if not joined or _TABLE_DISTRACTOR.search(joined) or parse_money(joined):
        return None
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = _role_of(cell, roles)
        if role and role not in roles:
            roles[role] = index
        elif role == "name" and "description" not in roles:
            roles["description"] = index
    roles = _prefer_amount_column(cells, roles)
    if "name" not in roles or not roles.keys() & {"due", "amount", "percent"}:
        return None
    return roles


def _prefer_amount_column(cells: list[str], roles: dict[str, int]) -> dict[str, int]:
    """"Payment | Event | % | Amount": the "Payment" column numbers the rows; "Amount" has the
    money."""
    amount = roles.get("amount")
    if amount is None or not _INDEX_HEADER.match(cells[amount]):
        return roles
    better = next((i for i, cell in enumerate(cells) if i != amount and i not in roles.values()
                   and _STRONG_AMOUNT.search(cell)), None)  # fmt: skip
    if better is None:
        return roles
    roles = dict(roles, amount=better)
    if "name" not in roles:
        roles["name"] = amount
    return roles


def _role_of(cell: str, roles: dict[str, int]) -> str | None:
    if not cell or len(cell) > 60:
        return None
    for role, pattern in _COLUMNS:
        if pattern.search(cell):
            if role == "name" and "name" in roles and _AMOUNT_WORDS.search(cell):
                return "amount"  # "Milestone | Milestone Payment"
            if role == "name" and "name" in roles and _DESCRIPTION.search(cell):
                return "description"
            return role
    return None


def read_table(table: Table, default_currency: str = "USD",
               spans: tuple[tuple[int, int], ...] | None = None) -> Schedule | None:  # fmt: skip
    """The schedule a table holds, or None when it is not a payment or deliverable schedule.

    ``spans`` (text-column tables) says where each row of ``table.rows`` sits in the page text.
    """
    spans = spans or (None,) * len(table.rows)
    pairs = [(tuple(clean(cell) for cell in row), span) for row, span in zip(table.rows, spans)]
    pairs = [(row, span) for row, span in pairs if any(row)]
    rows = [row for row, _ in pairs]
    row_spans = [span for _, span in pairs]
    if len(rows) < 2:
        return _headerless(rows, table.page, default_currency)
    for position, row in enumerate(rows[:MAX_HEADER_ROW]):
        columns = header_columns(row)
        if columns:
            amount_header = row[columns["amount"]] if "amount" in columns else ""
            stated = _HEADER_CURRENCY.search(amount_header)
            currency = stated.group("code").upper() if stated else default_currency
            schedule = _schedule(rows[position + 1 :], columns, table.page, currency,
                                 row_spans[position + 1 :])  # fmt: skip
            indexes = (columns["name"], columns.get("description"))
            headers = [row[i] for i in indexes if i is not None]
            due_header = row[columns["due"]] if "due" in columns else ""
            return replace(schedule, name_header=" ".join(headers),
                           due_header=due_header) if schedule else None  # fmt: skip
    return _headerless(rows, table.page, default_currency)


def read_schedules(tables: Iterable[Table], default_currency: str = "USD") -> list[Schedule]:
    schedules = []
    for table in tables:
        schedule = read_table(table, default_currency)
        if schedule and schedule.rows:
            schedules.append(schedule)
    return schedules


def _schedule(rows, columns: dict[str, int], page: int, currency: str,
              spans=None) -> Schedule | None:  # fmt: skip
    out: list[ScheduleRow] = []
    total = None
    for cells, span in zip(rows, spans or (None,) * len(rows)):
        row = _row(cells, columns, page, currency)
        if row is None:
            continue
        row = replace(row, span=span) if span else row
        if row.is_total:
            total = total or row.amount
            out.append(row)
            continue
        out.append(_with_index(row, sum(1 for r in out if not r.is_total)))
    if not out:
        return None
    ordered = tuple(sorted(columns.items(), key=lambda item: item[1]))
    return Schedule(page=page, columns=ordered, rows=tuple(out), total=total)


def _with_index(row: ScheduleRow, index: int) -> ScheduleRow:
    return replace(row, index=index)


def _cell(cells: tuple[str, ...], columns: dict[str, int], role: str) -> str:
    index = columns.get(role)
    return cells[index] if index is not None and index < len(cells) else ""


def _row(cells, columns: dict[str, int], page: int, currency: str) -> ScheduleRow | None:
    name = _cell(cells, columns, "name")
    description = _cell(cells, columns, "description")
    due = _cell(cells, columns, "due")
    amount_text = _cell(cells, columns, "amount")
    percent_text = _cell(cells, columns, "percent")
    if not any((name, description, due, amount_text, percent_text)):
        return None
    if header_columns(cells):  # header repeated on a new page
        return None
    first = next((cell for cell in cells if cell), "")
    is_total = bool(_TOTAL_ROW.search(name) or _TOTAL_ROW.search(first))
    amount = _amount(amount_text, currency)
    percent = parse_percent(percent_text) if percent_text else None
    if percent is None and amount_text and "%" in amount_text:
        percent = parse_percent(amount_text)  # "USD 14,400 (15%)", "20% of the Price ($30,000)"
        if amount and amount.text.strip().endswith("%"):
            amount = None
    if percent is not None and not 0 < percent <= 100:
        percent = None
    redacted = bool(_REDACTED.search(amount_text) or _REDACTED.search(percent_text))
    if not (name or description) and not is_total:
        return None
    return ScheduleRow(
        page=page,
        cells=tuple(cells),
        name=name or description,
        description=description if name else "",
        due_text=due,
        amount=amount,
        percent=percent,
        redacted=redacted,
        is_total=is_total,
    )


def _amount(text: str, currency: str) -> Money | None:
    if not text:
        return None
    money = parse_money(text, currency)
    if money:
        return money
    bare = _BARE_NUMBER.match(text)
    if bare and "%" not in text:
        value = to_float(bare.group(1), currency)
        return Money(value, currency, text) if value else None
    return None


def _dated_or_event(cell: str) -> bool:
    """A headerless schedule names when each amount is due: a date or an event, not a number."""
    return bool(_EVENT_WORDS.search(cell) or find_dates(cell))


def _headerless(rows, page: int, currency: str) -> Schedule | None:
    """A table of "event or date | amount" rows without a header."""
    if not rows or max(len(row) for row in rows) < 2:
        return None
    width = max(len(row) for row in rows)
    money_hits = [0] * width
    for row in rows:
        for index, cell in enumerate(row):
            if parse_money(cell, currency) and len(cell) < 40:
                money_hits[index] += 1
    amount_col = max(range(width), key=lambda i: money_hits[i])
    if money_hits[amount_col] < 2 or money_hits[amount_col] < len(rows) // 2:
        return None
    name_col = next((i for i in range(width) if i != amount_col), None)
    if name_col is None:
        return None
    if _TABLE_DISTRACTOR.search(" ".join(rows[0])):
        return None
    named = [row for row in rows if name_col < len(row) and _dated_or_event(row[name_col])]
    if len(named) < 2:
        return None
    columns = {"name": name_col, "due": name_col, "amount": amount_col}
    return _schedule(rows, columns, page, currency)
