"""The SQL the web view reads: views that read like the CLI tables, and the canned queries.

Everything is built from the same pieces as the CLI (tracker/lifecycle.py's status SQL,
tracker/reports.py's money SQL, tracker/review.py's queue), over the contracts that count
(``queries.COUNTED_CONTRACTS``: the one place a rule on which contracts count goes).

Two SQL functions, registered on every connection the web view opens (``register_functions``):

- ``contracts_today()``: the as-of date (``contracts serve --as-of``, default today);
- ``contracts_due(offset, unit, direction, anchor, effective, agreement, expiration)``: the due
  date of a rule that hangs on a contract date but was never resolved, computed like
  ``schedule.fill_static_dues`` (business days and holidays included).

The views use them, so they answer only on such a connection; plain ``sqlite3`` reports "no such
function" for the views (never for the tables).
"""

from __future__ import annotations

import functools
import sqlite3
from datetime import date

import sqlite_utils

from tracker import lifecycle, reports, schedule
from tracker.queries import COUNTED_CONTRACTS
from tracker.review import ITEMS_SQL
from tracker.store import transaction
from tracker.views import DUE_SOON_DAYS

ENDINGS = ", ".join(f"'{s}'" for s in lifecycle.ENDINGS)
STATIC = ", ".join(f"'{a}'" for a in schedule.STATIC_ANCHORS)
SELF_EVENTS = ", ".join(f"'{k}'" for k in lifecycle.SELF_EVENTS)
TODAY = "contracts_today()"
AS_OF_PARAM = f"COALESCE(NULLIF(:as_of, ''), {TODAY})"


def register_functions(conn: sqlite3.Connection, as_of: date | None = None,
                       holidays: frozenset[date] | None = None) -> None:  # fmt: skip
    holidays = schedule.load_holidays() if holidays is None else holidays

    @functools.lru_cache(maxsize=65536)  # milestones of one contract share their dates
    def due(offset, unit, direction, anchor, effective, agreement, expiration):
        dates = {"effective_date": effective, "agreement_date": agreement,
                 "expiration_date": expiration}  # fmt: skip
        base = next((dates[k] for k in schedule.STATIC_ANCHORS.get(anchor, ()) if dates[k]), None)
        if base is None or offset is None:
            return None
        day = date.fromisoformat(base)
        return schedule.add_offset(day, int(offset), unit or "days", direction or "after",
                                   holidays).isoformat()  # fmt: skip

    conn.create_function("contracts_due", 7, due, deterministic=True)
    conn.create_function("contracts_today", 0, lambda: (as_of or date.today()).isoformat())


def due_sql(m: str = "m", c: str = "c") -> str:
    """The effective due date: stored, else derived from a contract date (never stored)."""
    return (f"COALESCE({m}.due_date, CASE WHEN {m}.rule_offset IS NOT NULL AND {m}.rule_anchor "
            f"IN ({STATIC}) AND {m}.status NOT IN ({ENDINGS}) THEN contracts_due({m}.rule_offset, "
            f"{m}.rule_unit, {m}.rule_direction, {m}.rule_anchor, {c}.effective_date, "
            f"{c}.agreement_date, {c}.expiration_date) END)")  # fmt: skip


def milestones_sql(as_of: str = TODAY, where: str = "1", joined: bool = False) -> str:
    """Milestones as `contracts milestones` shows them: due date, timing, contract, parties,
    status, amount and outstanding balance, plus the quote behind each. ``where`` filters
    the milestones (alias m, contract c, ``asof.as_of``) before anything else is computed.
    ``joined``: parties from one grouped scan (fast for long lists); else a subquery per row
    (what Datasette's array facet on a view can read)."""
    if joined:
        parties = "party.parties, COALESCE(party.names, '[]') AS party_names"
        party_join = "LEFT JOIN party ON party.contract_id = timed.contract_id"
    else:
        parties = ("(SELECT group_concat(p.name, '; ') FROM parties p WHERE p.contract_id = "
                   "timed.contract_id) AS parties, (SELECT json_group_array(p.name) FROM "
                   "parties p WHERE p.contract_id = timed.contract_id) AS party_names")
        party_join = ""
    return f"""
WITH party AS MATERIALIZED (
    SELECT contract_id, group_concat(name, '; ') AS parties, json_group_array(name) AS names
    FROM parties GROUP BY contract_id
), asof AS MATERIALIZED (SELECT {as_of} AS as_of
), base AS (
    SELECT m.id, m.contract_id, c.title AS contract, m.name AS milestone, m.kind, m.status,
           m.amount, COALESCE(m.currency, c.currency) AS currency, m.paid_amount,
           m.invoiced_amount, m.rule_text AS rule, m.page, m.evidence, m.confidence,
           m.needs_review, c.document_id, m.seq, {due_sql()} AS due,
           {lifecycle.reached_sql()} AS reached, {lifecycle.target_on_sql()} AS target_on,
           asof.as_of
    FROM milestones m JOIN contracts c ON c.id = m.contract_id, asof
    WHERE m.contract_id IN ({COUNTED_CONTRACTS}) AND m.review IS NOT 'rejected' AND ({where})
), timed AS (
    SELECT *, CAST(julianday(due) - julianday(as_of) AS INTEGER) AS days,
        CASE WHEN status IN ({ENDINGS}) THEN status
             WHEN reached AND due IS NOT NULL AND target_on > due THEN 'done late'
             WHEN reached AND due IS NOT NULL AND target_on IS NOT NULL THEN 'done on time'
             WHEN reached THEN 'done'
             WHEN due IS NULL THEN 'undated'
             WHEN due < as_of AND kind IN ({SELF_EVENTS}) THEN 'passed'
             WHEN due < as_of THEN 'overdue'
             WHEN due <= date(as_of, '+{DUE_SOON_DAYS} days') THEN 'due soon'
             ELSE 'upcoming' END AS state
    FROM base
)
SELECT id, due,
    CASE state WHEN 'overdue' THEN -days || (CASE -days WHEN 1 THEN ' day' ELSE ' days' END)
                                   || ' late'
               WHEN 'due soon' THEN CASE days WHEN 0 THEN 'due today' WHEN 1 THEN '1 day left'
                                    ELSE days || ' days left' END
               WHEN 'upcoming' THEN days || ' days left'
               WHEN 'done late' THEN 'done ' || CAST(julianday(target_on) - julianday(due)
                                                     AS INTEGER) || ' days late'
               ELSE state END AS [when],
    state, timed.contract_id, contract, {parties},
    milestone, kind, status, amount, currency,
    CASE WHEN status NOT IN ({ENDINGS}) AND COALESCE(invoiced_amount, amount) IS NOT NULL
         THEN round(max(COALESCE(invoiced_amount, amount) - COALESCE(paid_amount, 0), 0), 2)
    END AS outstanding,
    rule, page, evidence, confidence, needs_review, document_id
FROM timed {party_join}"""


def contracts_sql() -> str:
    """Contracts as `contracts list` shows them, with what is left to review."""
    open_due = f"""(SELECT min({due_sql('m', 'c')}) FROM milestones m WHERE m.contract_id = c.id
          AND NOT {lifecycle.closed_sql()} AND m.review IS NOT 'rejected')"""
    flagged = " + ".join(
        f"(SELECT count(*) FROM {t} x WHERE x.contract_id = c.id AND x.needs_review "
        "AND x.review IS NULL)" for t in ("parties", "key_dates", "milestones")
    )
    return f"""
SELECT c.id, c.title,
    (SELECT group_concat(p.name, '; ') FROM parties p WHERE p.contract_id = c.id) AS parties,
    c.effective_date, c.expiration_date, c.currency, c.total_value AS value,
    (SELECT count(*) FROM milestones m WHERE m.contract_id = c.id
        AND m.review IS NOT 'rejected') AS milestones,
    {open_due} AS next_due,
    {flagged} AS to_review,
    c.governing_law, c.renewal, d.path AS file, d.format, d.pages, d.id AS document_id
FROM contracts c JOIN documents d ON d.id = c.document_id
WHERE c.id IN ({COUNTED_CONTRACTS})"""


def documents_sql() -> str:
    """Documents without their full text (search it with ?_search=, or the `search` query)."""
    return f"""
SELECT d.id, d.path, d.format, d.pages, d.size, d.needs_ocr, d.warnings, d.ingested_at,
       c.id AS contract_id, c.title
FROM documents d LEFT JOIN contracts c ON c.document_id = d.id
WHERE c.id IS NULL OR c.id IN ({COUNTED_CONTRACTS})"""


VIEWS = {
    "contract_list": contracts_sql,
    "milestone_list": milestones_sql,
    "document_list": documents_sql,
}


def ensure_views(db: sqlite_utils.Database) -> list[str]:
    """Create or update the web views; returns the names changed (none when up to date)."""
    changed = []
    existing = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'"))
    wanted = {name: f"CREATE VIEW {name} AS {make().strip()}" for name, make in VIEWS.items()}
    if all(existing.get(name) == sql for name, sql in wanted.items()):
        return changed
    with transaction(db):
        for name, sql in wanted.items():
            if existing.get(name) != sql:
                db.execute(f"DROP VIEW IF EXISTS {name}")
                db.execute(sql)
                changed.append(name)
    return changed


# --- canned queries --------------------------------------------------------------------------
LIST_COLUMNS = ("id, due, [when], contract_id, contract, parties, milestone, kind, status, "
                "amount, currency, outstanding, page, document_id")  # fmt: skip


LIVE = f"NOT {lifecycle.reached_sql()} AND m.status NOT IN ({ENDINGS})"
# The overdue and due-soon pages show the most urgent 200 (a page a person reads; sorting and
# rendering only those keeps them fast on a big store). All of them: the milestone_list view
# (?state=overdue, paginated) or `contracts milestones --overdue`.
SHOWN = 200


# A live milestone is never paid: with this exact term SQLite reads the open milestones by due
# date from their partial index (store._migration_read_speed) instead of every milestone.
OPEN = "m.status NOT IN ('paid', 'waived', 'cancelled')"


def _first_ids(test: str) -> str:
    """The ids of the first SHOWN live milestones whose due date (``{due}`` in ``test``)
    passes ``test``, by due date. Read in two parts, each an index range: the milestones with
    a stored date, and those whose date is derived from a contract date (there are fewer)."""
    # "+m.contract_id": not an index on the contract (SQLite would read every milestone).
    common = (f"{OPEN} AND +m.contract_id IN ({COUNTED_CONTRACTS}) AND m.review IS NOT "
              f"'rejected' AND {LIVE}")  # fmt: skip
    derived = "FROM milestones m JOIN contracts c ON c.id = m.contract_id WHERE m.due_date IS NULL"
    parts = [(f"FROM milestones m WHERE m.due_date IS NOT NULL AND {common}", "m.due_date"),
             (f"{derived} AND {common}", due_sql())]  # fmt: skip
    firsts = " UNION ALL ".join(
        f"SELECT * FROM (SELECT m.id, {due} AS due, m.contract_id {source} AND "
        f"{test.format(due=due)} ORDER BY due, m.contract_id, m.id LIMIT {SHOWN})"
        for source, due in parts)  # fmt: skip
    return f"SELECT id FROM ({firsts}) ORDER BY due, contract_id, id LIMIT {SHOWN}"


def _shown(test: str) -> str:
    """The list page of the first milestones passing ``test``: only they are read in full."""
    where = f"m.id IN ({_first_ids(test)})"
    return (f"SELECT {LIST_COLUMNS} FROM ({milestones_sql(AS_OF_PARAM, where)}) "
            "ORDER BY due, contract_id, id")


def overdue_sql() -> str:
    return _shown(f"{{due}} < {AS_OF_PARAM} AND {lifecycle.can_be_late_sql()}")


def due_soon_sql() -> str:
    days = "CAST(COALESCE(NULLIF(:days, ''), '30') AS INTEGER)"
    return _shown(f"{{due}} >= {AS_OF_PARAM} AND {{due}} <= date({AS_OF_PARAM}, '+' || {days} "
                  "|| ' days')")


def _cash_rows() -> str:
    """(currency, month, expected, collected) rows before grouping; never across currencies.

    Expected: unpaid balances of open money milestones by the month they fall due ('undated'
    when they have no date); collected: pay events by the month they happened. The same
    definitions as `contracts report` (tracker/reports.py)."""
    p = reports._sql_parts()
    return f"""
SELECT {p['cur']} AS currency, COALESCE(substr({due_sql()}, 1, 7), 'undated') AS month,
       {p['balance']} AS expected, 0 AS collected
FROM milestones m JOIN contracts c ON c.id = m.contract_id
WHERE m.contract_id IN ({COUNTED_CONTRACTS}) AND m.review IS NOT 'rejected' AND {p['money']}
  AND m.status NOT IN ('paid', {ENDINGS}) AND {p['balance']} > 0
UNION ALL
SELECT {p['cur']}, substr(e.occurred_on, 1, 7), 0, e.amount
FROM events e JOIN milestones m ON m.id = e.milestone_id JOIN contracts c ON c.id = m.contract_id
WHERE e.action = 'pay' AND e.amount IS NOT NULL AND m.contract_id IN ({COUNTED_CONTRACTS})"""


def cash_by_month_sql() -> str:
    return f"""
SELECT currency, month, round(sum(expected), 2) AS expected, round(sum(collected), 2) AS collected
FROM ({_cash_rows()})
GROUP BY currency, month ORDER BY currency, month = 'undated', month"""


def cash_chart_sql() -> str:
    """The same figures in long form (one row per measure) for the chart."""
    return f"""
WITH cash AS ({cash_by_month_sql()})
SELECT currency, month, 'expected' AS measure, expected AS amount FROM cash
WHERE month != 'undated'
UNION ALL
SELECT currency, month, 'collected', collected FROM cash WHERE month != 'undated'
ORDER BY currency, month"""


def status_chart_sql() -> str:
    ranks = " ".join(f"WHEN '{s}' THEN {i}" for i, s in
                     enumerate(lifecycle.PATH + lifecycle.ENDINGS))  # fmt: skip
    return f"""
SELECT m.status, count(*) AS milestones FROM milestones m
WHERE m.contract_id IN ({COUNTED_CONTRACTS}) AND m.review IS NOT 'rejected'
GROUP BY m.status ORDER BY CASE m.status {ranks} END"""


def renewals_sql() -> str:
    return f"""
SELECT c.id AS contract_id, c.title AS contract, c.expiration_date, c.renewal, c.renewal_term,
       c.notice_period, n.id AS notice_milestone, n.name AS notice, {due_sql('n')} AS notice_due,
       n.status AS notice_status
FROM contracts c LEFT JOIN milestones n ON n.contract_id = c.id AND n.kind = 'notice'
    AND n.review IS NOT 'rejected'
WHERE c.id IN ({COUNTED_CONTRACTS})
  AND (c.renewal IS NOT NULL OR c.renewal_term IS NOT NULL OR n.id IS NOT NULL)
ORDER BY COALESCE({due_sql('n')}, c.expiration_date) IS NULL,
         COALESCE({due_sql('n')}, c.expiration_date), c.id"""


def search_sql() -> str:
    return f"""
SELECT d.id AS document_id, c.id AS contract_id, c.title AS contract, d.path,
       snippet(documents_fts, 1, '[', ']', ' … ', 16) AS found
FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
LEFT JOIN contracts c ON c.document_id = d.id
WHERE documents_fts MATCH :q AND (c.id IS NULL OR c.id IN ({COUNTED_CONTRACTS}))
ORDER BY rank LIMIT 100"""


def review_queue_sql() -> str:
    return ITEMS_SQL.strip()
