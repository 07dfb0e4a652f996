"""Schedule checks: find the problem in a payment schedule before its deadline.

Each check reads the stored milestones of a contract (waived and cancelled ones left out) and
returns :class:`Finding`s with a severity, the milestones involved and the evidence they were
read from. A finding's id is stable (``c3-duplicate-m12-m14``), so a person can silence it
(:func:`dismiss`, logged in the audit log) and it stays silent while the problem is the same.

Checks (``CHECKS`` says what each means):

- ``instalments-total``: the amounts of a contract's money milestones do not add up to its
  stated total (same currency; instalments of a recurring fee are not part of the total);
- ``percent-total``: the percentages of its payments do not add up to 100 %;
- ``outside-term``: a deadline before the effective date or after the term's end (contracts
  that renew automatically have no such end; post-term obligations anchored on the
  expiration are meant to fall after it);
- ``payment-before-work``: a payment due before the deliverable or acceptance it pays for;
- ``not-business-day``: a stated deadline on a weekend or public holiday in a contract that
  counts business days (holidays: $CONTRACTS_HOLIDAYS and the contract's jurisdiction);
- ``duplicate``: the same milestone twice (same kind, name, date and amount);
- ``two-currencies``: amounts in more than one currency in one schedule;
- ``payment-no-date``: a payment with an amount but no date and no trigger;
- ``acceptance-too-long``: an acceptance period that runs past the next deadline that
  depends on it (a fixed-date payment for the deliverable, or the term's end).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from tracker import calendars, lifecycle, schedule
from tracker.output import money
from tracker.queries import NotFound
from tracker.save import milestone_key, now
from tracker.store import insert_row, transaction

# code: (severity, what it means)
CHECKS = {
    "instalments-total": ("error", "instalments do not add up to the stated total"),
    "percent-total": ("error", "percentages do not add up to 100 %"),
    "outside-term": ("warning", "a deadline before the effective date or after the term's end"),
    "payment-before-work": ("error", "a payment due before the work it pays for"),
    "not-business-day": ("warning", "a deadline on a weekend or holiday, in business days"),
    "duplicate": ("warning", "the same milestone twice"),
    "two-currencies": ("warning", "two currencies in one schedule"),
    "payment-no-date": ("warning", "a payment with an amount but no date or trigger"),
    "acceptance-too-long": ("warning", "an acceptance period past the next dependent deadline"),
}  # fmt: skip
SEVERITIES = ("error", "warning")
CHECKS_VERSION = 2  # part of the kept findings' key: change it when a check changes
TOLERANCE = 0.005  # relative: rounding of percentages into amounts
# Instalments adding up to less than half or more than twice the stated "total" are not its
# instalments: that figure is a cap or a budget ("research costs will not exceed $45,000,000").
TOTAL_BAND = (0.5, 2.0)
# A payment "pays for" a deliverable when its name or rule says so ("on delivery of Phase 1").
PAYS_FOR = re.compile(r"\b(deliver|accept|approv|complet|upon|on\s+receipt|sign[- ]?off)",
                      re.IGNORECASE)  # fmt: skip
# Kinds whose date is not a deadline to check against the term.
NOT_TERM_BOUND = ("signing", "expiration", "notice")
# Rules that are meant to fall after the term (post-term obligations, final payments).
AFTER_TERM_ANCHORS = ("expiration",)
EVIDENCE_CHARS = 240


class CheckError(Exception):
    """A finding that cannot be dismissed (unknown id)."""


@dataclass(frozen=True)
class Finding:
    id: str
    contract_id: int
    code: str
    severity: str
    message: str
    milestones: tuple[int, ...] = ()
    names: tuple[str, ...] = ()
    page: int | None = None
    evidence: str | None = None
    dismissed: bool = False

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "contract_id": self.contract_id,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "milestones": list(self.milestones),
            "names": list(self.names),
            "page": self.page,
            "evidence": self.evidence,
            "dismissed": self.dismissed,
        }


# --- reading the store -----------------------------------------------------------------------
CONTRACT_SQL = """
SELECT c.id, c.title, c.effective_date, c.agreement_date, c.expiration_date, c.total_value,
       c.currency, c.jurisdiction, c.terminated_on,
       json_extract(c.renewal_term, '$.automatic') AS renews,
       (SELECT t.page || '|' || COALESCE(t.evidence, '') FROM payment_terms t
          WHERE t.contract_id = c.id AND t.kind = 'total_value' LIMIT 1) AS total_evidence,
       (SELECT group_concat(t.amount) FROM payment_terms t WHERE t.contract_id = c.id
          AND t.kind = 'recurring_fee' AND t.amount IS NOT NULL) AS recurring
FROM agreements c {where}
"""
# Lean rows (100,000 milestones are read in well under a second): the evidence text is read
# afterwards, for the milestones a finding names.
MILESTONE_COLUMNS = ("id", "contract_id", "seq", "name", "kind", "due_date", "resolved_from",
                     "rule_text", "rule_offset", "rule_unit", "rule_direction", "rule_anchor",
                     "amount", "currency", "percent", "acceptance_days", "status", "page",
                     "series", "source")  # fmt: skip
_SELECT = {"resolved_from": "m.resolved_from IS NOT NULL",
           "rule_text": "CASE WHEN m.kind = 'payment' THEN m.rule_text END",
           "due_date": "COALESCE(m.due_date, f.due)"}  # derived on the fly when not stored
MILESTONE_SQL = (f"SELECT {', '.join(_SELECT.get(c, 'm.' + c) for c in MILESTONE_COLUMNS)} "
                 f"FROM milestones m LEFT JOIN {schedule.FILL_TABLE} f ON f.milestone_id = m.id "
                 "WHERE m.status NOT IN ('waived', 'cancelled') {where}")


# "Business days" near a word about deadlines or money, or defined: the contract counts its
# deadlines in business days (an e-mail answered "within one business day" does not count).
BUSINESS_DAY_MATCH = " OR ".join(
    [f'NEAR("business day" {word}, 12)' for word in ("pay", "payment", "paid", "due",
                                                     "invoice*", "deadline", "period*")]
    + [f'NEAR("business day" {word}, 2)' for word in ("means", "defined")])  # fmt: skip


def _business_day_contracts(db: sqlite_utils.Database, ids: set[int] | None) -> set[int]:
    """Contracts that count business days: a rule in business days, or the phrase in a
    sentence about payments, deadlines or its definition (found with the full-text index,
    not by scanning every document)."""
    found = {row[0] for row in db.execute(
        "SELECT DISTINCT contract_id FROM milestones WHERE rule_unit = 'business_days'")}
    found |= {row[0] for row in db.execute(
        "SELECT c.id FROM documents_fts JOIN contracts c ON c.document_id = documents_fts.rowid "
        "WHERE documents_fts MATCH ?", [BUSINESS_DAY_MATCH])}  # fmt: skip
    return found if ids is None else found & ids


# Which contracts each check could find something in, by one SQL scan each: only their
# milestones are then read and checked in Python (the checks themselves decide).
_LIVE = "m.status NOT IN ('waived', 'cancelled') AND m.source != 'renewal'"
_DUE = "COALESCE(m.due_date, f.due)"
_FIXED = f"{_DUE} IS NOT NULL AND (m.rule_offset IS NULL OR m.rule_direction = 'before')"
_FROM = (f"FROM milestones m JOIN contracts c ON c.id = m.contract_id "
         f"LEFT JOIN {schedule.FILL_TABLE} f ON f.milestone_id = m.id")
_CUES = " OR ".join(f"m.name LIKE '%{cue}%' OR m.rule_text LIKE '%{cue}%'" for cue in
                    ("deliver", "accept", "approv", "complet", "upon", "receipt", "sign"))
_TERM_END = ("CASE WHEN json_extract(c.renewal_term, '$.automatic') THEN c.terminated_on "
             "ELSE min(COALESCE(c.expiration_date, c.terminated_on), "
             "COALESCE(c.terminated_on, c.expiration_date)) END")
# One grouped scan gives, per contract, what each check needs to possibly find something.
CANDIDATES_SQL = f"""
SELECT m.contract_id,
    c.total_value > 0 AND count(m.amount) >= 2 AND abs(total(CASE WHEN
        COALESCE(m.currency, c.currency) IS c.currency THEN m.amount END) - c.total_value)
        > max(0.005 * c.total_value, 1) AS totals,
    count(m.percent) >= 2 AND abs(total(m.percent) - 100) >= 0.01 AS percents,
    max(m.kind NOT IN ('signing', 'expiration', 'notice') AND {_DUE} IS NOT NULL
        AND ({_DUE} < c.effective_date OR {_DUE} > {_TERM_END})) AS term,
    max({_FIXED} AND (m.kind = 'payment' OR (m.kind IN ('deliverable', 'approval') AND m.amount))
        AND (m.rule_anchor IN ('delivery', 'acceptance') OR {_CUES})) AS payers,
    max(m.rule_offset IS NULL AND m.resolved_from IS NULL AND {_DUE} IS NOT NULL
        AND m.kind NOT IN ('signing', 'expiration')
        AND (strftime('%w', {_DUE}) IN ('0', '6') OR :holidays OR c.jurisdiction IS NOT NULL))
        AS business,
    count(DISTINCT CASE WHEN m.amount IS NOT NULL THEN COALESCE(m.currency, c.currency) END) > 1
        AS currencies,
    max(m.amount IS NOT NULL AND {_DUE} IS NULL AND m.rule_offset IS NULL
        AND m.status IN ('pending', 'in_progress', 'completed', 'approved')) AS undated,
    max(m.kind IN ('deliverable', 'approval') AND m.acceptance_days > 0) AS acceptance
{_FROM} WHERE {_LIVE} GROUP BY m.contract_id
"""
DUPLICATES_SQL = f"""SELECT DISTINCT m.contract_id {_FROM} WHERE {_LIVE}
    GROUP BY m.contract_id, m.kind, {_DUE}, m.amount HAVING count(*) > 1"""


def candidates(db, holidays, business: set[int], among: list[int] | None = None) -> set[int]:
    """The contracts worth checking in the whole store, or ``among`` these (a superset of
    those with findings)."""
    params = {"holidays": int(bool(holidays)), "ids": json.dumps(among)}
    found = {row[0] for row in db.execute(_among(DUPLICATES_SQL, among), params)}
    for cid, *flags in db.execute(_among(CANDIDATES_SQL, among), params):
        totals, percents, term, payers, on_weekend, currencies, undated, acceptance = flags
        if (totals or percents or term or payers or currencies or undated or acceptance
                or (on_weekend and cid in business)):  # fmt: skip
            found.add(cid)
    return found


def _among(sql: str, among: list[int] | None) -> str:
    """``sql`` (one of the scans above) restricted to the contracts ``among``, if given."""
    if among is None:
        return sql
    return sql.replace(f"WHERE {_LIVE}",
                       f"WHERE m.contract_id IN (SELECT value FROM json_each(:ids)) AND {_LIVE}")


def _rows(db, contract_id: int | None, holidays, business: set[int],
          among: list[int] | None = None):  # fmt: skip
    schedule.fill_static_dues(db, holidays)
    if contract_id is not None:
        ids = [contract_id]
        if db.execute("SELECT 1 FROM contracts WHERE id = ?", ids).fetchone() is None:
            raise NotFound(f"no contract {contract_id} in the store (see `contracts list`)")
    else:
        ids = sorted(candidates(db, holidays, business, among))
    chosen = {"ids": json.dumps(ids)}  # read with json_each: nothing is written
    contracts = {row["id"]: row for row in db.query(CONTRACT_SQL.format(
        where="WHERE c.id IN (SELECT value FROM json_each(:ids))"), chosen)}  # fmt: skip
    milestones: dict[int, list[dict]] = defaultdict(list)
    columns = MILESTONE_COLUMNS
    where = "AND m.contract_id IN (SELECT value FROM json_each(:ids))"
    for values in db.execute(MILESTONE_SQL.format(where=where), chosen):
        row = dict(zip(columns, values))
        if row["currency"] is None:
            row["currency"] = contracts[row["contract_id"]]["currency"]
        milestones[row["contract_id"]].append(row)
    return contracts, milestones


def _with_evidence(db, findings: list[Finding]) -> list[Finding]:
    """Quote the evidence of the first milestone (with a page) each finding names."""
    wanted = {m for f in findings if f.evidence is None for m in f.milestones}
    if not wanted:
        return findings
    quotes: dict[int, tuple] = {}
    listed = sorted(wanted)
    for start in range(0, len(listed), 500):
        chunk = listed[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for mid, page, text in db.execute(
                f"SELECT id, page, evidence FROM milestones WHERE id IN ({marks})", chunk):
            quotes[mid] = (page, text)
    out = []
    for f in findings:
        quoted = next((quotes[m] for m in f.milestones if f.evidence is None
                       and quotes.get(m, (None, None))[1]), None)  # fmt: skip
        if quoted is not None:
            f = Finding(**{**f.__dict__, "page": quoted[0], "evidence": _quote(quoted[1])})
        out.append(f)
    return out


# --- the checks ------------------------------------------------------------------------------
def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _quote(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"


def _finding(contract: dict, code: str, message: str, rows: list[dict] = (), *,
             page: int | None = None, evidence: str | None = None, key: str = "") -> Finding:  # fmt: skip
    ids = tuple(r["id"] for r in rows)
    suffix = "-".join(f"m{i}" for i in ids) or key
    fid = f"c{contract['id']}-{code}" + (f"-{suffix}" if suffix else "")
    if page is None:
        page = next((r["page"] for r in rows if r.get("page")), None)
    return Finding(fid, contract["id"], code, CHECKS[code][0], message, ids,
                   tuple(r["name"] for r in rows), page, _quote(evidence))  # fmt: skip


def _is_money(row: dict) -> bool:
    return row["amount"] is not None and row["source"] != "renewal"


def check_totals(contract: dict, rows: list[dict]) -> list[Finding]:
    total, currency = contract["total_value"], contract["currency"]
    if not total:
        return []
    # A recurring fee is not an instalment of the total: its series, and a milestone for one
    # period of it ("First annual support fee"), are left out.
    recurring = {round(float(a), 2) for a in (contract["recurring"] or "").split(",") if a}
    parts = [r for r in rows if _is_money(r) and not r["series"]
             and round(r["amount"], 2) not in recurring
             and (r["currency"] or currency) == currency]  # fmt: skip
    if len(parts) < 2:
        return []
    added = round(sum(r["amount"] for r in parts), 2)
    if abs(added - total) <= max(TOLERANCE * total, 1.0):
        return []
    if not TOTAL_BAND[0] <= added / total <= TOTAL_BAND[1]:
        return []  # so far off that the "total" is something else: a cap, a cost budget
    if added < total and (contract["recurring"] or any(r["series"] for r in rows)):
        return []  # the rest is a recurring fee, not part of the instalments
    gap = "short" if added < total else "over"
    message = (f"instalments add up to {money(added, currency)}, the stated total is "
               f"{money(total, currency)} ({money(abs(total - added), currency)} {gap})")
    page, evidence = None, None
    if contract["total_evidence"]:
        page_text, evidence = contract["total_evidence"].split("|", 1)
        page = int(page_text) if page_text.isdigit() else None
    return [_finding(contract, "instalments-total", message, parts, page=page,
                     evidence=evidence or None)]  # fmt: skip


def check_percentages(contract: dict, rows: list[dict]) -> list[Finding]:
    parts = [r for r in rows if r["percent"] is not None and r["source"] != "renewal"]
    if len(parts) < 2:
        return []
    added = round(sum(r["percent"] for r in parts), 4)
    if abs(added - 100.0) < 0.01:
        return []
    unpriced = [r for r in rows if _is_money(r) and r["percent"] is None]
    if added < 100.0 and unpriced:
        return []  # the rest may be in the payments that state an amount instead
    message = f"percentages of the payments add up to {added:g} %, not 100 %"
    return [_finding(contract, "percent-total", message, parts)]


def _term_end(contract: dict) -> date | None:
    if contract["renews"]:
        return _date(contract["terminated_on"])
    ends = [d for d in (_date(contract["expiration_date"]), _date(contract["terminated_on"])) if d]
    return min(ends) if ends else None


def check_term(contract: dict, rows: list[dict]) -> list[Finding]:
    start = _date(contract["effective_date"])
    end = _term_end(contract)
    out = []
    for row in rows:
        due = _date(row["due_date"])
        if due is None or row["kind"] in NOT_TERM_BOUND or row["source"] == "renewal":
            continue
        if start and due < start and row["rule_anchor"] not in ("signing", "agreement_date"):
            message = (f"{row['name']} is due {due.isoformat()}, before the effective date "
                       f"{start.isoformat()}")  # fmt: skip
            out.append(_finding(contract, "outside-term", message, [row]))
        elif end and due > end and row["rule_anchor"] not in AFTER_TERM_ANCHORS:
            message = (f"{row['name']} is due {due.isoformat()}, after the term ends on "
                       f"{end.isoformat()}")  # fmt: skip
            out.append(_finding(contract, "outside-term", message, [row]))
    return out


# What a payment pays for, by the words of its name or rule: kinds of the work it follows.
PAID_KINDS = (
    (re.compile(r"\baccept|\bapprov|sign[- ]?off", re.IGNORECASE), ("approval", "deliverable")),
    (re.compile(r"\bdeliver|\bcomplet|\bon\s+receipt", re.IGNORECASE), ("deliverable",)),
    (re.compile(r"\bupon\b", re.IGNORECASE), ("deliverable", "approval")),
)
ANCHOR_KINDS = {"delivery": ("deliverable",), "acceptance": ("deliverable", "approval")}


def _paid_for(payer: dict, rows: list[dict]) -> list[dict]:
    """The deliverables or acceptances a payment pays for, by its rule or by its name
    ("USD 10,000 upon delivery of the Design Document"). A fee filed under its own event
    ("Delivery of Phase 1", with an amount) pays for that event listed without the amount."""
    if payer["kind"] == "payment" and payer["rule_anchor"] in ANCHOR_KINDS:
        return schedule.linked_milestones(payer, rows, ANCHOR_KINDS[payer["rule_anchor"]])
    text = payer["name"] + " " + (payer["rule_text"] or "")
    kinds = next((k for pattern, k in PAID_KINDS if pattern.search(text)), None)
    if kinds is None:
        return []
    if payer["kind"] != "payment":
        kinds = (payer["kind"],) if payer["kind"] in kinds else ()
    wanted = schedule.name_words(payer)
    if not wanted or not kinds:
        return []
    scored = []
    for row in rows:
        if row["kind"] not in kinds or row["id"] == payer["id"]:
            continue
        if payer["kind"] != "payment" and row["amount"] is not None:
            continue
        words = schedule.name_words(row)
        # Every word that names the work ("Interim Report" is not "Final Report").
        if wanted <= words:
            scored.append((len(words & wanted), row))
    best = max((score for score, _ in scored), default=0)
    return [r for score, r in scored if best and score == best]


def _fixed(row: dict) -> bool:
    """A date stated as a date, not derived from a rule after its anchor."""
    return row["due_date"] is not None and (row["rule_offset"] is None
                                            or row["rule_direction"] == "before")  # fmt: skip


def _payers(rows: list[dict]) -> list[dict]:
    return [r for r in rows if _fixed(r) and (r["kind"] == "payment" or (
        r["kind"] in ("deliverable", "approval") and r["amount"]))]  # fmt: skip


def check_payment_order(contract: dict, rows: list[dict]) -> list[Finding]:
    out = []
    for payment in _payers(rows):
        due = _date(payment["due_date"])
        for work in _paid_for(payment, rows):
            work_due = _date(work["due_date"])
            if work_due and due < work_due:
                message = (f"{payment['name']} ({money(payment['amount'], payment['currency'])}) "
                           f"is due {due.isoformat()}, before {work['name']} "
                           f"({work_due.isoformat()}) that it pays for")  # fmt: skip
                out.append(_finding(contract, "payment-before-work", message, [payment, work]))
    return out


def check_business_days(contract: dict, rows: list[dict], holidays) -> list[Finding]:
    out = []
    for row in rows:
        if row["kind"] in ("signing", "expiration") or row["resolved_from"] or row["source"] == "renewal":
            continue
        if row["rule_offset"] is not None:  # derived from a rule: business days already skip
            continue
        due = _date(row["due_date"])
        if due is None:
            continue
        if due.weekday() >= 5:
            why = due.strftime("%A")
        elif due in holidays:
            why = holidays.name_of(due) if hasattr(holidays, "name_of") else "a holiday"
        else:
            continue
        article = "a " if due.weekday() >= 5 else ""
        message = (f"{row['name']}: due {due.isoformat()}, {article}{why}: the contract counts "
                   "business days")  # fmt: skip
        out.append(_finding(contract, "not-business-day", message, [row]))
    return out


def check_duplicates(contract: dict, rows: list[dict]) -> list[Finding]:
    """Same kind, date and amount, and the same name (or, for money with a date, any name)."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        if row["source"] != "renewal":
            groups[(row["kind"], row["due_date"], row["amount"])].append(row)
    out = []
    for (_kind, due, amount), found in groups.items():
        if len(found) < 2:
            continue
        if not (amount is not None and due is not None and not any(r["series"] for r in found)):
            by_name: dict[str, list[dict]] = defaultdict(list)
            for row in found:
                by_name[milestone_key(row["name"], row["kind"])].append(row)
            found = max(by_name.values(), key=len)
            if len(found) < 2:
                continue
        first = found[0]
        when = f" due {due}" if due else ""
        worth = f" for {money(amount, first['currency'])}" if amount else ""
        message = f"{len(found)} milestones {' / '.join(r['name'] for r in found)}{when}{worth}"
        out.append(_finding(contract, "duplicate", message + ": the same milestone twice?", found))
    return out


def check_currencies(contract: dict, rows: list[dict]) -> list[Finding]:
    by_currency: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if _is_money(row) and row["currency"]:
            by_currency[row["currency"]].append(row)
    if len(by_currency) < 2:
        return []
    main = contract["currency"] if contract["currency"] in by_currency else \
        max(by_currency, key=lambda c: len(by_currency[c]))  # fmt: skip
    others = [r for c, found in sorted(by_currency.items()) if c != main for r in found]
    codes = ", ".join(sorted(by_currency))
    message = (f"the schedule mixes {codes}: {', '.join(r['name'] for r in others)} "
               f"in {', '.join(sorted({r['currency'] for r in others}))}, the rest in {main}")
    return [_finding(contract, "two-currencies", message, others)]


def check_undated_payments(contract: dict, rows: list[dict]) -> list[Finding]:
    out = []
    for row in rows:
        if not _is_money(row) or row["due_date"] or row["rule_offset"] is not None:
            continue
        if lifecycle.STATUS_RANK.get(row["status"], 0) >= lifecycle.STATUS_RANK["invoiced"]:
            continue
        message = (f"{row['name']} ({money(row['amount'], row['currency'])}) has no due date and "
                   "no trigger: it will never show as due")  # fmt: skip
        out.append(_finding(contract, "payment-no-date", message, [row]))
    return out


def _acceptance_window(row: dict, rows: list[dict], holidays):
    """(the delivery it follows, delivery date, end of the acceptance period) of a deliverable
    or approval that states an acceptance period."""
    days = row["acceptance_days"]
    if not days:
        return None
    delivery = row
    if row["kind"] == "approval":
        linked = [r for r in schedule.linked_milestones(row, rows, ("deliverable",))
                  if r["due_date"]]  # fmt: skip
        if not linked:
            return None
        delivery = linked[0]
    start = _date(delivery["due_date"])
    if start is None:
        return None
    unit = "business_days" if row["rule_unit"] == "business_days" else "days"
    return delivery, start, schedule.add_offset(start, days, unit, "after", holidays)


def check_acceptance(contract: dict, rows: list[dict], holidays) -> list[Finding]:
    out, seen = [], set()
    end_of_term = _term_end(contract)
    for row in rows:
        if row["kind"] not in ("deliverable", "approval"):
            continue
        window = _acceptance_window(row, rows, holidays)
        if window is None:
            continue
        delivery, start, ends = window
        period = (f"the {row['acceptance_days']}-day acceptance period after {delivery['name']} "
                  f"({start.isoformat()}) runs to {ends.isoformat()}")  # fmt: skip
        dependents = [r for r in _payers(rows) if r["id"] != delivery["id"] and (
            r["id"] == row["id"] or row in _paid_for(r, rows) or delivery in _paid_for(r, rows))]
        for dependent in dependents:
            due = _date(dependent["due_date"])
            key = tuple(sorted({row["id"], delivery["id"], dependent["id"]}))
            if start <= due < ends and key not in seen:
                seen.add(key)
                message = f"{period}, past {dependent['name']} due {due.isoformat()}"
                involved = [r for r in rows if r["id"] in key]
                out.append(_finding(contract, "acceptance-too-long", message, involved))
        if end_of_term and ends > end_of_term and start <= end_of_term:
            message = f"{period}, past the end of the term on {end_of_term.isoformat()}"
            out.append(_finding(contract, "acceptance-too-long", message, [row], key="term"))
    return out


def check_contract(contract: dict, rows: list[dict], holidays, business_days: bool) -> list[Finding]:
    found = []
    found += check_totals(contract, rows)
    found += check_percentages(contract, rows)
    found += check_term(contract, rows)
    found += check_payment_order(contract, rows)
    if business_days:
        found += check_business_days(contract, rows, holidays)
    found += check_duplicates(contract, rows)
    found += check_currencies(contract, rows)
    found += check_undated_payments(contract, rows)
    found += check_acceptance(contract, rows, holidays)
    return found


# --- the store's findings --------------------------------------------------------------------
def dismissed_ids(db: sqlite_utils.Database) -> set[str]:
    return {row[0] for row in db.execute("SELECT finding FROM finding_dismissals")}


def check_store(
    db: sqlite_utils.Database,
    contract_id: int | None = None,
    holidays: frozenset[date] | None = None,
    include_dismissed: bool = False,
) -> list[Finding]:
    """Every finding of one contract (or of the whole store), errors first.

    The whole store's findings are kept in the ``findings`` table for the checks' version and
    the holidays they were computed with; only the contracts changed since
    (``findings_stale``, filled by triggers) are checked again."""
    holidays = schedule.load_holidays() if holidays is None else holidays
    if contract_id is not None:
        return _compute(db, contract_id, holidays, include_dismissed)
    found = kept_findings(db, holidays)
    return found if include_dismissed else [f for f in found if not f.dismissed]


def _key(holidays) -> str:
    return f"{CHECKS_VERSION}|{calendars.fingerprint(holidays)}"


def refresh_findings(db: sqlite_utils.Database, holidays) -> None:
    """Bring the kept findings up to date: every contract's when the checks or the holidays
    are not those they were computed with, else those of the contracts changed since."""
    key = _key(holidays)
    if _kept_key(db) == key and db.execute("SELECT 1 FROM findings_stale").fetchone() is None:
        return
    with transaction(db):  # the write lock: no change slips in between reading and keeping
        if _kept_key(db) != key:
            save_findings(db, _compute(db, None, holidays, True))
            db.execute("INSERT OR REPLACE INTO store_state VALUES ('findings', ?)", [key])
        else:
            stale = [row[0] for row in db.execute("SELECT contract_id FROM findings_stale")]
            save_findings(db, _compute(db, None, holidays, True, among=stale), stale)
        db.execute("DELETE FROM findings_stale")


def _kept_key(db) -> str | None:
    row = db.execute("SELECT value FROM store_state WHERE key = 'findings'").fetchone()
    return row[0] if row else None


FINDINGS_SQL = """SELECT id, contract_id, code, severity, message, milestones, names, page,
    evidence, dismissed FROM findings {where}
    ORDER BY CASE severity WHEN 'error' THEN 0 ELSE 1 END, contract_id, id {limit}"""


def kept_findings(db: sqlite_utils.Database, holidays, limit: int | None = None,
                  include_dismissed: bool = True) -> list[Finding]:  # fmt: skip
    """The whole store's findings (brought up to date), errors first; the first ``limit``."""
    refresh_findings(db, holidays)
    sql = FINDINGS_SQL.format(where="" if include_dismissed else "WHERE NOT dismissed",
                              limit=f"LIMIT {int(limit)}" if limit is not None else "")
    return [Finding(r[0], r[1], r[2], r[3], r[4], tuple(json.loads(r[5])),
                    tuple(json.loads(r[6])), r[7], r[8], bool(r[9]))
            for r in db.execute(sql)]  # fmt: skip


def count_findings(db: sqlite_utils.Database, holidays, include_dismissed: bool = False) -> int:
    refresh_findings(db, holidays)
    where = "" if include_dismissed else " WHERE NOT dismissed"
    return db.execute(f"SELECT count(*) FROM findings{where}").fetchone()[0]


def _compute(db, contract_id: int | None, holidays, include_dismissed: bool,
             among: list[int] | None = None) -> list[Finding]:  # fmt: skip
    chosen = [contract_id] if contract_id is not None else among
    business = _business_day_contracts(db, None if chosen is None else set(chosen))
    contracts, milestones = _rows(db, contract_id, holidays, business, among)
    dismissed = dismissed_ids(db)
    regional: dict = {}
    out = []
    for cid, contract in contracts.items():
        rows = milestones.get(cid, [])
        if not rows:
            continue
        code = contract["jurisdiction"]
        if code not in regional:
            regional[code] = calendars.region(code, holidays)
        for finding in check_contract(contract, rows, regional[code], cid in business):
            if finding.id in dismissed:
                if not include_dismissed:
                    continue
                finding = Finding(**{**finding.__dict__, "dismissed": True})
            out.append(finding)
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return _with_evidence(db, sorted(out, key=lambda f: (order[f.severity], f.contract_id, f.id)))


def save_findings(db: sqlite_utils.Database, findings: list[Finding],
                  contract_ids: list[int] | None = None) -> None:  # fmt: skip
    """Keep the findings in the ``findings`` table (for views and the web): those of the whole
    store, or of the contracts ``contract_ids``."""
    stamp = now()
    with transaction(db):
        if contract_ids is None:
            db.execute("DELETE FROM findings")
        else:
            db.execute("DELETE FROM findings WHERE contract_id IN (SELECT value FROM "
                       "json_each(?))", [json.dumps(list(contract_ids))])  # fmt: skip
        db.conn.executemany(
            "INSERT OR REPLACE INTO findings (id, contract_id, code, severity, message, "
            "milestones, names, page, evidence, dismissed, checked_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(f.id, f.contract_id, f.code, f.severity, f.message, json.dumps(list(f.milestones)),
              json.dumps(list(f.names)), f.page, f.evidence, int(f.dismissed), stamp)
             for f in findings],
        )  # fmt: skip


def dismiss(
    db: sqlite_utils.Database,
    finding_id: str,
    *,
    note: str | None = None,
    by: str | None = None,
    today: date | None = None,
    holidays: frozenset[date] | None = None,
) -> Finding:
    """Silence one finding (it must be found now); logged as a ``dismiss`` event."""
    match = re.match(r"^c(\d+)-", finding_id)
    if not match:
        raise CheckError(f"{finding_id!r} is not a finding id like c3-duplicate-m12-m14 "
                         "(see `contracts check`)")  # fmt: skip
    contract_id = int(match.group(1))
    found = {f.id: f for f in check_store(db, contract_id, holidays, include_dismissed=True)}
    finding = found.get(finding_id)
    if finding is None:
        raise CheckError(f"no finding {finding_id} on contract {contract_id} now "
                         f"(see `contracts check {contract_id}`)")  # fmt: skip
    if finding.dismissed:
        raise CheckError(f"finding {finding_id} is already dismissed")
    actor = lifecycle.actor_name(by)
    with transaction(db):
        db.execute("INSERT INTO finding_dismissals (finding, contract_id, dismissed_at, actor, "
                   "note) VALUES (?, ?, ?, ?, ?)",
                   [finding_id, contract_id, now(), actor, note])  # fmt: skip
        insert_row(db, "events", {
            "contract_id": contract_id, "action": "dismiss",
            "occurred_on": (today or date.today()).isoformat(), "recorded_at": now(),
            "actor": actor, "note": note,
            "details": json.dumps({"finding": finding_id, "code": finding.code,
                                   "message": finding.message}),
        })  # fmt: skip
        db.execute("UPDATE findings SET dismissed = 1 WHERE id = ?", [finding_id])
    return Finding(**{**finding.__dict__, "dismissed": True})


def finding_lines(findings: list[Finding]) -> list[str]:
    """Findings as text lines (for `show` and the digest)."""
    lines = []
    for f in findings:
        where = f" [p. {f.page}]" if f.page else ""
        silenced = " (dismissed)" if f.dismissed else ""
        lines.append(f"{f.severity}: {f.message}{where}  ({f.id}){silenced}")
        if f.evidence:
            lines.append(f'    "{f.evidence}"')
    return lines


