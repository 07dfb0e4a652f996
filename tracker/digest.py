"""The digest: what needs a person, the reminder a team reads each morning.

Sections (``SECTIONS``): overdue milestones; milestones due within the window; notice windows
closing within the window; payments expected (invoiced, not yet paid); payments that should
be invoiced now; values waiting for review; schedule findings. Every item names its contract,
party, amount and evidence page. Each section is counted in full and lists its first
``limit`` items, soonest first.

"Should be invoiced now": a milestone with an amount, not yet invoiced, whose work is done
(completed or approved) or whose due date falls within the window.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

import sqlite_utils

from tracker import checks, lifecycle, renewals, schedule, views
from tracker.output import money

DAYS = 14
LIMIT = 25
SECTIONS = (
    ("overdue", "Overdue"),
    ("due", "Due within {days} days"),
    ("notice", "Notice windows closing within {days} days"),
    ("expected", "Payments expected (invoiced, not yet paid)"),
    ("to_invoice", "Payments to invoice now"),
    ("review", "Values waiting for review"),
    ("findings", "Schedule findings"),
)


@dataclass(frozen=True)
class Item:
    contract_id: int
    title: str | None
    party: str
    what: str  # the milestone, notice deadline, value or finding
    when: str = ""  # "2025-06-30 · 5 days late"
    amount: float | None = None
    currency: str | None = None
    page: int | None = None
    ref: str = ""  # m12, c3-duplicate-m12-m14: what to type in the next command

    def to_dict(self) -> dict:
        return dict(self.__dict__)

    @property
    def contract(self) -> str:
        return f"{self.contract_id} {self.title or '(untitled)'}"


@dataclass
class Section:
    key: str
    title: str
    total: int = 0
    items: list[Item] = field(default_factory=list)


@dataclass
class Digest:
    as_of: date
    days: int
    sections: list[Section]
    rolls: list[renewals.Roll] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(s.total for s in self.sections)

    def counts(self) -> dict[str, int]:
        return {s.key: s.total for s in self.sections}

    def to_dict(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "days": self.days,
            "empty": self.empty,
            "renewed": [r.text() for r in self.rolls],
            "sections": [{"key": s.key, "title": s.title, "total": s.total,
                          "items": [i.to_dict() for i in s.items]} for s in self.sections],
        }  # fmt: skip


# --- gathering -------------------------------------------------------------------------------
def _milestone_item(row: dict, when: str, amount: float | None = None) -> Item:
    shown = row["amount"] if amount is None else amount
    return Item(row["contract_id"], row["title"], row["parties"] or "",
                f"{row['name']} ({row['kind']})", when, shown, row["currency"], row["page"],
                f"m{row['id']}")  # fmt: skip


COUNT_FROM = f"""FROM milestones m JOIN contracts c ON c.id = m.contract_id
LEFT JOIN {schedule.FILL_TABLE} f ON f.milestone_id = m.id"""
# Every section lists milestones that are not paid, waived or cancelled: the term that lets
# SQLite read them from the partial index of open milestones (store._migration_read_speed).
OPEN = "m.status NOT IN ('paid', 'waived', 'cancelled')"
# The effective due date is COALESCE(m.due_date, f.due). Each section with a test on it reads
# the milestones in two disjoint parts, so the stored date's index serves the first: those
# with no date derived on the fly (their stored date, if any) and those with one (f.due).
STORED = (f"FROM milestones m WHERE {OPEN} AND (m.due_date IS NOT NULL OR NOT EXISTS "
          f"(SELECT 1 FROM {schedule.FILL_TABLE} f WHERE f.milestone_id = m.id))")  # fmt: skip
DERIVED = (f"FROM {schedule.FILL_TABLE} f JOIN milestones m ON m.id = f.milestone_id "
           f"WHERE {OPEN} AND m.due_date IS NULL")  # fmt: skip


def _query(db, where: str, params: list, limit: int | None, order: str) -> tuple[int, list[dict]]:
    """The section's count (one lean scan) and its first ``limit`` rows, in full."""
    total = db.execute(f"SELECT count(*) {COUNT_FROM} WHERE {where}", params).fetchone()[0]
    if not total:
        return 0, []
    # The first rows by a lean query; only those get the full row (parties, flags).
    tail = f" ORDER BY {order}" + (f" LIMIT {int(limit)}" if limit else "")
    ids = [row[0] for row in db.execute(f"SELECT m.id {COUNT_FROM} WHERE {where}{tail}", params)]
    return total, _full_rows(db, ids)


def _due_query(db, where: str, params: dict, limit: int | None) -> tuple[int, list[dict]]:
    """Like :func:`_query` for milestones not paid, waived or cancelled, where ``where``
    tests the effective due date as ``{due}``: the two parts counted and their first rows
    merged in due-date order (the same rows, in the same order, as one query would give)."""
    parts = [(STORED, "m.due_date"), (DERIVED, "f.due")]
    total = sum(db.execute(f"SELECT count(*) {source} AND {where.format(due=due)}",
                           params).fetchone()[0] for source, due in parts)  # fmt: skip
    if not total:
        return 0, []
    tail = " ORDER BY due, contract_id, seq, id" + (f" LIMIT {int(limit)}" if limit else "")
    firsts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT m.id, {due} AS due, m.contract_id, m.seq {source} "
        f"AND {where.format(due=due)}{tail})" for source, due in parts)  # fmt: skip
    ids = [row[0] for row in db.execute(f"SELECT id FROM ({firsts}){tail}", params)]
    return total, _full_rows(db, ids)


def _full_rows(db, ids: list[int]) -> list[dict]:
    rows = {row["id"]: row for row in db.query(
        views.milestone_sql() + " WHERE m.id IN (SELECT value FROM json_each(?))",
        [json.dumps(ids)])}  # fmt: skip
    return [rows[i] for i in ids]


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def build(
    db: sqlite_utils.Database,
    as_of: date | None = None,
    days: int = DAYS,
    limit: int | None = LIMIT,
    holidays: frozenset[date] | None = None,
    today: date | None = None,
) -> Digest:
    """Roll the renewals that happened, then gather every section."""
    as_of = as_of or date.today()
    holidays = schedule.load_holidays() if holidays is None else holidays
    rolls = renewals.roll(db, as_of, today=today, holidays=holidays)
    schedule.fill_static_dues(db, holidays)
    horizon = (as_of + timedelta(days=days)).isoformat()
    dates = {"d": as_of.isoformat(), "h": horizon}
    live = f"NOT {lifecycle.reached_sql()} AND m.status NOT IN ('waived', 'cancelled')"
    order = "COALESCE(m.due_date, f.due), m.contract_id, m.seq, m.id"
    sections = {key: Section(key, title.format(days=days)) for key, title in SECTIONS}

    notices = [r for r in renewals.renewals(db, as_of, within=days, holidays=holidays)
               if r.state == "notice open"]  # fmt: skip
    section = sections["notice"]
    section.total = len(notices)
    for r in notices[:limit or None]:
        section.items.append(Item(
            r.contract_id, r.title, r.parties,
            f"notice of non-renewal, or the contract renews on {r.term.end.isoformat()} for "
            f"{r.renewal_period}", f"{r.term.notice_deadline.isoformat()} · "
            f"{_days(r.days_to_notice)} left", page=r.page, ref=f"c{r.contract_id}"))  # fmt: skip
    in_notice = {r.contract_id for r in notices}
    not_listed = (f"AND NOT (m.kind = 'notice' AND m.contract_id IN "
                  f"({', '.join(str(i) for i in in_notice)}))" if in_notice else "")  # fmt: skip

    total, rows = _due_query(db, f"{live} AND {lifecycle.can_be_late_sql()} AND {{due}} < :d",
                             dates, limit)  # fmt: skip
    sections["overdue"].total = total
    for row in rows:
        late = (as_of - date.fromisoformat(row["due_date"])).days
        outstanding = _outstanding(row)
        sections["overdue"].items.append(
            _milestone_item(row, f"{row['due_date']} · {_days(late)} late", outstanding))

    total, rows = _due_query(db, f"{live} AND {{due}} >= :d AND {{due}} <= :h {not_listed}",
                             dates, limit)  # fmt: skip
    sections["due"].total = total
    for row in rows:
        left = (date.fromisoformat(row["due_date"]) - as_of).days
        text = "due today" if left == 0 else f"{_days(left)} left"
        sections["due"].items.append(_milestone_item(row, f"{row['due_date']} · {text}",
                                                     _outstanding(row)))  # fmt: skip

    total, rows = _query(db, "m.status = 'invoiced' AND COALESCE(m.invoiced_amount, m.amount) "
                             "- m.paid_amount > 0.005", [], limit, order)  # fmt: skip
    sections["expected"].total = total
    for row in rows:
        when = f"invoiced {row['invoiced_on'] or '?'}"
        if row["due_date"]:
            when += f" · due {row['due_date']}"
        sections["expected"].items.append(_milestone_item(row, when, _outstanding(row)))

    invoiced = lifecycle.STATUS_RANK["invoiced"]
    work_done = "m.status IN ('completed', 'approved')"
    total, rows = _due_query(
        db, f"m.amount > 0 AND m.status NOT IN ('waived', 'cancelled') AND "
            f"{lifecycle.status_rank_sql()} < {invoiced} AND ({work_done} OR {{due}} <= :h)",
        dates, limit)  # fmt: skip
    sections["to_invoice"].total = total
    for row in rows:
        why = f"{row['status']} on {row['status_date']}" if row["status"] in (
            "completed", "approved") else f"due {row['due_date']}"  # fmt: skip
        sections["to_invoice"].items.append(_milestone_item(row, why))

    section = sections["review"]
    section.total, section.items = _review(db, limit)

    # Only the first findings are read (and counted in SQL), not the store's thousands.
    found = checks.kept_findings(db, holidays, limit or None, include_dismissed=False)
    section = sections["findings"]
    section.total = checks.count_findings(db, holidays)
    titles = _titles(db, {f.contract_id for f in found})
    for f in found:
        title, party = titles.get(f.contract_id, (None, ""))
        section.items.append(Item(f.contract_id, title, party, f"{f.severity}: {f.message}",
                                  page=f.page, ref=f.id))  # fmt: skip
    return Digest(as_of, days, [sections[key] for key, _ in SECTIONS], rolls)


def _outstanding(row: dict) -> float | None:
    due = row["invoiced_amount"] if row["invoiced_amount"] is not None else row["amount"]
    if due is None:
        return None
    return round(max(due - (row["paid_amount"] or 0.0), 0.0), 2)


def _titles(db, ids: set[int]) -> dict[int, tuple[str | None, str]]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    return {row[0]: (row[1], row[2] or "") for row in db.execute(
        "SELECT c.id, c.title, (SELECT group_concat(p.name, '; ') FROM parties p "
        f"WHERE p.contract_id = c.id) FROM contracts c WHERE c.id IN ({marks})", list(ids))}


REVIEW_SQL = """
SELECT * FROM (
    SELECT p.contract_id, 'party' AS kind, p.name || COALESCE(' (' || p.role || ')', '') AS what,
           p.page, p.confidence, p.id AS ref FROM parties p WHERE p.needs_review
    UNION ALL
    SELECT k.contract_id, 'key date', replace(k.kind, '_', ' ') || ' ' || COALESCE(k.date, '?'),
           k.page, k.confidence, k.id FROM key_dates k WHERE k.needs_review
    UNION ALL
    SELECT m.contract_id, 'milestone', m.name || ' (' || m.kind || ')'
           || COALESCE(' due ' || m.due_date, ''), m.page, m.confidence, 'm' || m.id
    FROM milestones m WHERE m.needs_review AND m.status NOT IN ('waived', 'cancelled')
) r
"""


def _review(db, limit: int | None) -> tuple[int, list[Item]]:
    total = db.execute(f"SELECT count(*) FROM ({REVIEW_SQL})").fetchone()[0]
    if not total:
        return 0, []
    rows = db.execute(REVIEW_SQL + " ORDER BY r.contract_id, r.kind, r.page"
                      + (f" LIMIT {int(limit)}" if limit else "")).fetchall()  # fmt: skip
    titles = _titles(db, {r[0] for r in rows})
    items = []
    for contract_id, kind, what, page, confidence, ref in rows:
        title, party = titles.get(contract_id, (None, ""))
        conf = f" · confidence {confidence:.2f}" if confidence is not None else ""
        ref = ref if isinstance(ref, str) else f"c{contract_id}"
        items.append(Item(contract_id, title, party, f"{kind}: {what}", f"check it{conf}",
                          page=page, ref=ref))  # fmt: skip
    return total, items


# --- formats ---------------------------------------------------------------------------------
def empty_line(digest: Digest) -> str:
    return (f"Nothing needs a person on {digest.as_of.isoformat()}: nothing overdue, due, to "
            f"invoice or to review in the next {digest.days} days.")


def subject(digest: Digest) -> str:
    if digest.empty:
        return f"Contracts digest {digest.as_of.isoformat()}: nothing needs a person"
    counts = digest.counts()
    parts = [f"{counts['overdue']} overdue", f"{counts['due']} due"]
    if counts["notice"]:
        parts.append(f"{counts['notice']} notice deadlines")
    parts.append(f"{counts['to_invoice']} to invoice")
    return f"Contracts digest {digest.as_of.isoformat()}: " + ", ".join(parts)


def _item_text(item: Item) -> str:
    parts = [item.what]
    if item.amount is not None:
        parts.append(money(item.amount, item.currency))
    parts.append(f"contract {item.contract}")
    if item.party:
        parts.append(item.party)
    if item.page:
        parts.append(f"p. {item.page}")
    head = f"{item.when}  " if item.when else ""
    return head + " · ".join(parts) + (f"  [{item.ref}]" if item.ref else "")


def _more(section: Section) -> int:
    return section.total - len(section.items)


def to_text(digest: Digest, markdown: bool = False) -> str:
    if digest.empty:
        return empty_line(digest) + "\n"
    head = f"Contracts digest for {digest.as_of.isoformat()} (next {digest.days} days)"
    lines = [f"# {head}" if markdown else head, ""]
    for roll in digest.rolls:
        lines.append(f"Renewed: {roll.text()}")
    if digest.rolls:
        lines.append("")
    for section in digest.sections:
        if not section.total:
            continue
        title = f"{section.title} ({section.total})"
        lines.append(f"## {title}" if markdown else title)
        if markdown:
            lines.append("")
        for item in section.items:
            lines.append(("- " if markdown else "  - ") + _md(_item_text(item), markdown))
        if _more(section) > 0:
            lines.append(("- " if markdown else "  ") + f"… and {_more(section)} more")
        lines.append("")
    return "\n".join(lines)


def _md(text: str, markdown: bool) -> str:
    if not markdown:
        return text
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text


HTML_STYLE = ("body{font-family:sans-serif;font-size:14px}table{border-collapse:collapse}"
              "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}"
              "td.n{text-align:right;white-space:nowrap}")  # fmt: skip


def to_html(digest: Digest) -> str:
    title = f"Contracts digest for {digest.as_of.isoformat()}"
    out = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>",
           f"<style>{HTML_STYLE}</style></head><body>", f"<h1>{escape(title)}</h1>"]
    if digest.empty:
        out.append(f"<p>{escape(empty_line(digest))}</p></body></html>")
        return "\n".join(out)
    out.append(f"<p>Next {digest.days} days.</p>")
    for roll in digest.rolls:
        out.append(f"<p>Renewed: {escape(roll.text())}</p>")
    headers = ("when", "what", "amount", "contract", "party", "page", "ref")
    for section in digest.sections:
        if not section.total:
            continue
        out.append(f"<h2>{escape(section.title)} ({section.total})</h2><table><tr>"
                   + "".join(f"<th>{h}</th>" for h in headers) + "</tr>")  # fmt: skip
        for item in section.items:
            cells = [item.when, item.what, money(item.amount, item.currency), item.contract,
                     item.party, str(item.page or ""), item.ref]  # fmt: skip
            out.append("<tr>" + "".join(
                f"<td class='n'>{escape(c)}</td>" if i == 2 else f"<td>{escape(c)}</td>"
                for i, c in enumerate(cells)) + "</tr>")  # fmt: skip
        out.append("</table>")
        if _more(section) > 0:
            out.append(f"<p>… and {_more(section)} more</p>")
    out.append("</body></html>")
    return "\n".join(out)
