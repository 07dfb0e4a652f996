"""The portfolio report: status counts, overdue items, what falls due, cash by month and by
currency, and the on-time rate — a handful of aggregate SQL queries, one scan each.

``--as-of`` fixes "today": overdue, due windows and the forecast count from it, money collected
counts pay events on or before it, invoiced counts invoices on or before it. Statuses are the
store's current ones.

Money is never summed across currencies. Money milestones are payment milestones, any
milestone with an amount (a fee due on delivery is filed under the delivery), and any other
milestone that was invoiced or paid. Per currency:

- contracted: amounts of money milestones not waived or cancelled
- invoiced: invoiced amounts; collected: pay events (what was applied to milestones)
- outstanding: per milestone not waived or cancelled, its amount less what was paid on it,
  never below zero; receivable: the same for invoiced amounts
- credit: overpayments credited to contracts (``pay --overpay``), never counted as collected
- cash-flow "expected": unpaid balances of open money milestones by the month they fall due
  ("earlier" = overdue before the first month, "later" = after the last one)
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlite_utils

from tracker import lifecycle, schedule
from tracker.schedule import add_months

WINDOWS = (30, 60, 90)


def _sql_parts() -> dict[str, str]:
    reached = lifecycle.reached_sql()
    live = f"(NOT {reached} AND m.status NOT IN ('waived', 'cancelled'))"
    return {
        "due": "COALESCE(m.due_date, f.due)",
        "cur": "COALESCE(m.currency, c.currency, '')",
        "live": live,
        "balance": "(COALESCE(m.invoiced_amount, m.amount) - m.paid_amount)",
        # Any milestone carrying an amount is money: contracts tie payments to deliverables
        # ("$36,000 on delivery of Phase 1"), which extraction files under the event's kind.
        "money": "(m.kind = 'payment' OR m.amount > 0 OR m.invoiced_amount IS NOT NULL "
        "OR m.paid_amount > 0)",
        "late": f"({live} AND {lifecycle.can_be_late_sql()})",  # may be overdue
        "reached": reached,
        "target_on": lifecycle.target_on_sql(),
    }


FROM = f"""FROM milestones m JOIN contracts c ON c.id = m.contract_id
LEFT JOIN {schedule.FILL_TABLE} f ON f.milestone_id = m.id"""
# What was paid on each milestone by the as-of date (pay events, as ``collected`` counts them).
PAID_BY = """LEFT JOIN (SELECT milestone_id, sum(amount) AS paid FROM events
    WHERE action = 'pay' AND amount IS NOT NULL AND occurred_on <= :d GROUP BY milestone_id) pd
    ON pd.milestone_id = m.id"""


def portfolio_report(
    db: sqlite_utils.Database,
    as_of: date | None = None,
    months: int = 6,
    holidays: frozenset[date] | None = None,
    overdue_limit: int | None = None,
) -> dict:
    """Everything ``contracts report`` shows, as plain data (amounts rounded to cents).

    Three scans: one aggregate grouped by currency and month, the overdue list, and the pay
    events; plus the status counts from the status index.
    """
    as_of = as_of or date.today()
    schedule.fill_static_dues(db, holidays)
    p = _sql_parts()
    groups = _groups(db, p, as_of)
    collected = _collected(db, as_of)
    credits = _credits(db, as_of)
    overdue, overdue_total = _overdue(db, p, as_of, overdue_limit)
    counts = _status_counts(db)
    counts.update(
        overdue=sum(g["overdue"] for g in groups),
        due_soon=sum(g["due_soon"] for g in groups),
        undated_open=sum(g["undated"] for g in groups),
    )
    return {
        "as_of": as_of.isoformat(),
        "counts": counts,
        "overdue": overdue,
        "overdue_total": overdue_total,
        "due_ahead": _due_ahead(groups),
        "cash_flow": _cash_flow(groups, collected, as_of, months),
        "currencies": _currencies(groups, collected, credits),
        "on_time": _on_time(groups),
    }


def _groups(db, p, as_of: date) -> list[dict]:
    """One row per (currency, month due) with every conditional sum the report needs."""
    params = {"d": as_of.isoformat(), "soon": (as_of + timedelta(days=14)).isoformat()}
    window_cols = []
    for days in WINDOWS:
        params[f"w{days}"] = (as_of + timedelta(days=days)).isoformat()
        inside = f"live AND due >= :d AND due <= :w{days}"
        window_cols.append(f"sum({inside}) AS n{days}, "
                           f"sum(CASE WHEN {inside} THEN balance END) AS a{days}")  # fmt: skip
    sql = f"""
WITH r AS MATERIALIZED (
    SELECT {p['cur']} AS cur, {p['due']} AS due, {p['live']} AS live,
           {lifecycle.can_be_late_sql()} AS can_late, {p['balance']} AS balance,
           {p['money']} AS money, m.status, m.amount, m.invoiced_amount, m.invoiced_on,
           {p['reached']} AS reached, {p['target_on']} AS target_on,
           COALESCE(pd.paid, 0) AS paid_d
    {FROM} {PAID_BY})
SELECT cur, substr(due, 1, 7) AS month,
    sum(live AND can_late AND due < :d) AS overdue,
    sum(live AND due >= :d AND due <= :soon) AS due_soon,
    sum(live AND due IS NULL) AS undated,
    {", ".join(window_cols)},
    sum(money) AS money_rows,
    sum(CASE WHEN money AND status NOT IN ('waived', 'cancelled') THEN amount END)
        AS contracted,
    sum(CASE WHEN invoiced_on <= :d THEN invoiced_amount END) AS invoiced,
    sum(CASE WHEN money AND status NOT IN ('waived', 'cancelled')
        THEN max(amount - paid_d, 0) END) AS owed,
    sum(CASE WHEN invoiced_on <= :d AND status NOT IN ('waived', 'cancelled')
        THEN max(invoiced_amount - paid_d, 0) END) AS receivable,
    sum(CASE WHEN money AND status NOT IN ('paid', 'waived', 'cancelled') AND balance > 0
        THEN balance END) AS expected,
    sum(reached AND due IS NOT NULL AND target_on <= :d) AS done_dated,
    sum(reached AND due IS NOT NULL AND target_on <= :d AND target_on <= due) AS on_time
FROM r GROUP BY cur, month"""
    counts = ("overdue", "due_soon", "undated", "money_rows", "done_dated", "on_time",
              *(f"n{days}" for days in WINDOWS))  # fmt: skip
    groups = []
    for row in db.query(sql, params):
        row.update({key: row[key] or 0 for key in counts})  # a sum over NULLs is NULL
        groups.append(row)
    return groups


def _status_counts(db) -> dict:
    counts = {status: 0 for status in lifecycle.PATH + lifecycle.ENDINGS}
    for status, number in db.execute("SELECT status, count(*) FROM milestones GROUP BY status"):
        counts[status] = number
    return {"by_status": counts, "total": sum(counts.values())}


def _collected(db, as_of: date) -> list[tuple[str, str, float]]:
    """(currency, month, amount) of pay events on or before the as-of date."""
    return db.execute(
        "SELECT COALESCE(m.currency, c.currency, ''), substr(e.occurred_on, 1, 7), "
        "sum(e.amount) FROM events e JOIN milestones m ON m.id = e.milestone_id "
        "JOIN contracts c ON c.id = m.contract_id WHERE e.action = 'pay' "
        "AND e.amount IS NOT NULL AND e.occurred_on <= ? GROUP BY 1, 2",
        [as_of.isoformat()],
    ).fetchall()


def _credits(db, as_of: date) -> dict[str, float]:
    """Overpayments credited to contracts by the as-of date, per currency."""
    return dict(db.execute(
        "SELECT COALESCE(m.currency, c.currency, ''), sum(e.amount) FROM events e "
        "JOIN contracts c ON c.id = e.contract_id LEFT JOIN milestones m ON m.id = e.milestone_id "
        "WHERE e.action = 'credit' AND e.occurred_on <= ? GROUP BY 1",
        [as_of.isoformat()],
    ).fetchall())  # fmt: skip


def _overdue(db, p, as_of: date, limit: int | None) -> tuple[list[dict], int]:
    where = f"WHERE {p['late']} AND {p['due']} < :d"
    rows = db.query(
        f"SELECT m.id, m.contract_id, c.title, m.name, m.kind, m.status, {p['due']} AS due_date, "
        f"m.amount, {p['cur']} AS currency, max({p['balance']}, 0) AS outstanding, "
        f"count(*) OVER () AS total {FROM} {where} ORDER BY {p['due']}, m.contract_id, m.id"
        + (" LIMIT :limit" if limit is not None else ""),
        {"d": as_of.isoformat(), "limit": limit},
    )
    items, total = [], 0
    for row in rows:
        total = row.pop("total")
        row["days_late"] = (as_of - date.fromisoformat(row["due_date"])).days
        row["currency"] = row["currency"] or None
        row["outstanding"] = _round(row["outstanding"])
        items.append(row)
    return items, total


def _due_ahead(groups: list[dict]) -> list[dict]:
    windows = []
    for days in WINDOWS:
        amounts: dict[str, float] = {}
        for group in groups:
            if group[f"a{days}"]:
                key = group["cur"] or "?"
                amounts[key] = amounts.get(key, 0.0) + group[f"a{days}"]
        windows.append({
            "days": days,
            "count": sum(g[f"n{days}"] for g in groups),
            "amounts": {c: _round(a) for c, a in sorted(amounts.items())},
        })  # fmt: skip
    return windows


def _month(day: date) -> str:
    return day.isoformat()[:7]


def _cash_flow(groups: list[dict], collected, as_of: date, months: int) -> list[dict]:
    first = as_of.replace(day=1)
    labels = [_month(add_months(first, i)) for i in range(months)]
    buckets: dict[tuple[str, str], dict] = {}

    def bucket(currency: str, month: str | None) -> dict:
        if month is None:
            label = "undated"
        elif month < labels[0]:
            label = "earlier"
        elif month > labels[-1]:
            label = "later"
        else:
            label = month
        key = (currency or "?", label)
        return buckets.setdefault(key, {"currency": key[0], "month": label, "expected": 0.0,
                                        "collected": 0.0})  # fmt: skip

    for group in groups:
        if group["expected"]:
            bucket(group["cur"], group["month"])["expected"] += group["expected"]
    for currency, month, amount in collected:
        bucket(currency, month)["collected"] += amount or 0.0
    order = {label: i for i, label in enumerate(["earlier", *labels, "later", "undated"])}
    for currency in {c for c, _ in buckets}:
        for label in labels:  # every month shows, even an empty one
            bucket(currency, label)
    rows = sorted(buckets.values(), key=lambda b: (b["currency"], order[b["month"]]))
    for row in rows:
        row["expected"], row["collected"] = _round(row["expected"]), _round(row["collected"])
    return rows


def _currencies(groups: list[dict], collected, credits: dict[str, float]) -> list[dict]:
    keys = ("contracted", "invoiced", "owed", "receivable")
    totals: dict[str, dict] = {}
    for group in groups:
        if not group["money_rows"]:
            continue
        entry = totals.setdefault(group["cur"], {k: 0.0 for k in (*keys, "collected")})
        for key in keys:
            entry[key] += group[key] or 0.0
    for currency, _month_label, amount in collected:
        if currency in totals:
            totals[currency]["collected"] += amount or 0.0
    out = []
    for currency, entry in sorted(totals.items()):
        out.append({
            "currency": currency or None,
            "contracted": _round(entry["contracted"]),
            "invoiced": _round(entry["invoiced"]),
            "collected": _round(entry["collected"]),
            "outstanding": _round(entry["owed"]),
            "receivable": _round(entry["receivable"]),
            "credit": _round(credits.get(currency, 0.0)),
        })  # fmt: skip
    return out


def _on_time(groups: list[dict]) -> dict:
    total = sum(g["done_dated"] for g in groups)
    on_time = sum(g["on_time"] for g in groups)
    rate = round(on_time / total, 4) if total else None
    return {"completed_with_due_date": total, "on_time": on_time, "late": total - on_time,
            "rate": rate}  # fmt: skip


def _round(value: float | None) -> float | None:
    return None if value is None else round(value + 0.0, 2)


# --- for people and spreadsheets -------------------------------------------------------------
def report_text(data: dict, overdue_shown: int | None = None) -> str:
    """The aligned-text report of ``contracts report``."""
    from tracker.output import money, table

    counts = data["counts"]
    lines = [f"Portfolio as of {data['as_of']}: {counts['total']} milestones", ""]
    status_rows = [[s, n] for s, n in counts["by_status"].items()]
    status_rows += [["overdue (derived)", counts["overdue"]],
                    ["due within 14 days (derived)", counts["due_soon"]]]  # fmt: skip
    lines += ["Milestones by status", table(status_rows, ["status", "count"]), ""]
    lines.append(f"Overdue: {data['overdue_total']}")
    if data["overdue"]:
        rows = [[o["id"], o["due_date"], o["days_late"], f"{o['contract_id']} {o['title'] or ''}",
                 o["name"], o["status"], money(o["outstanding"], o["currency"])]
                for o in data["overdue"]]  # fmt: skip
        headers = ["id", "due", "days late", "contract", "milestone", "status", "outstanding"]
        lines.append(table(rows, headers, max_width=40))
        hidden = data["overdue_total"] - len(data["overdue"])
        if hidden > 0:
            lines.append(f"… and {hidden} more (`contracts milestones --overdue`)")
    lines.append("")
    currencies = sorted({c for w in data["due_ahead"] for c in w["amounts"]})
    rows = [[f"next {w['days']} days", w["count"],
             *[money(w["amounts"].get(c), None) for c in currencies]]
            for w in data["due_ahead"]]  # fmt: skip
    lines += ["Falling due", table(rows, ["window", "count", *currencies]), ""]
    if data["cash_flow"]:
        rows = [[r["currency"], r["month"], money(r["expected"]), money(r["collected"])]
                for r in data["cash_flow"]]  # fmt: skip
        lines += ["Cash flow by month",
                  table(rows, ["currency", "month", "expected", "collected"]), ""]  # fmt: skip
    if data["currencies"]:
        rows = [[c["currency"] or "?", *[money(c[k]) for k in MONEY_KEYS]]
                for c in data["currencies"]]  # fmt: skip
        lines += ["Money by currency", table(rows, ["currency", *MONEY_KEYS]), ""]
    on_time = data["on_time"]
    if on_time["rate"] is None:
        lines.append("On time: no completed milestone with a due date yet")
    else:
        lines.append(f"On time: {on_time['on_time']} of {on_time['completed_with_due_date']} "
                     f"completed milestones with a due date ({on_time['rate']:.0%})")  # fmt: skip
    return "\n".join(lines)


MONEY_KEYS = ("contracted", "invoiced", "collected", "outstanding", "receivable", "credit")


def report_csv_rows(data: dict) -> list[list]:
    """The report flattened to (section, item, currency, value) rows."""
    rows: list[list] = [["as_of", "", "", data["as_of"]]]
    rows += [["status", s, "", n] for s, n in data["counts"]["by_status"].items()]
    derived = ("overdue", "due_soon", "undated_open")
    rows += [["derived", k, "", data["counts"][k]] for k in derived]
    for item in data["overdue"]:
        label = f"{item['id']} {item['name']} (due {item['due_date']}, {item['days_late']}d late)"
        rows.append(["overdue", label, item["currency"] or "", item["outstanding"]])
    for window in data["due_ahead"]:
        rows.append([f"due within {window['days']} days", "count", "", window["count"]])
        rows += [[f"due within {window['days']} days", "amount", c, a]
                 for c, a in window["amounts"].items()]  # fmt: skip
    for row in data["cash_flow"]:
        rows.append(["cash flow expected", row["month"], row["currency"], row["expected"]])
        rows.append(["cash flow collected", row["month"], row["currency"], row["collected"]])
    for money_row in data["currencies"]:
        rows += [["money", k, money_row["currency"] or "", money_row[k]] for k in MONEY_KEYS]
    on_time = data["on_time"]
    rows += [["on time", k, "", on_time[k]] for k in ("completed_with_due_date", "on_time",
                                                       "late", "rate")]  # fmt: skip
    return rows
