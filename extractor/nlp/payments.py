"""Payment terms: total contract value, Net-N, late fees, retainage, recurring fees, deposits
and the installment schedule (read by extractor.nlp.totals and extractor.nlp.installments).

``contract_payments`` writes ``doc._.total_value``, ``doc._.currency``, ``doc._.payment_terms``
and ``doc._.installments`` (payment milestones, picked up by ``contract_milestones``). It
reads only sentences that hold money, a percent or a payment word.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.clauses import (
    Clause,
    anchor_ok,
    clauses_with,
    document_currency,
    document_schedules,
    parse_due,
    row_evidence,
    settings_of,
    table_spans,
)
from extractor.nlp.duerules import number_value
from extractor.nlp.evidence import evidence_for, page_of
from extractor.nlp.extensions import doc_text
from extractor.nlp.installments import (
    items_of,
    price_percents,
    prose_installments,
    table_installments,
)
from extractor.nlp.money import open_ended_terms, read_money, total_warning
from extractor.nlp.numbers import Money, find_money, find_percents
from extractor.nlp.rules import milestones as mrules
from extractor.nlp.rules import payments as rules
from extractor.nlp.tables import Schedule
from extractor.nlp.totals import find_total
from models import Evidence, Milestone, PaymentTerm

_I = re.IGNORECASE
_SPACES = re.compile(r"\s+")
_NET = re.compile(rules.NET_DAYS_RE.format(num=mrules.NUMBER_RE), _I)
_NET_NOT_INVOICE = re.compile(rules.NET_NOT_INVOICE_RE, _I)
_LATE_CONTEXT = re.compile(rules.LATE_CONTEXT_RE, _I)
_LATE_PERIOD = re.compile(rules.LATE_PERIOD_RE, _I)
_LATE_OVERDUE = re.compile(rules.LATE_OVERDUE_RE, _I)
_LATE_ABOVE = re.compile(rules.LATE_ABOVE_RE, _I)
_FRACTION_PERCENT = re.compile(r"\s*\(\s*(\d+)[\s-]+(\d)/(\d)\s*%\s*\)")
_LATE_FLAT = re.compile(rules.LATE_FLAT_RE, _I)
_RETAINAGE = re.compile(rules.RETAINAGE_RE, _I)
_RETAINAGE_DISTRACTOR = re.compile(rules.RETAINAGE_DISTRACTOR_RE, _I)
_RECURRING = re.compile(rules.RECURRING_RE, _I)
_RECURRING_DISTRACTOR = re.compile(rules.RECURRING_DISTRACTOR_RE, _I)
_FEE_CONTEXT = re.compile(rules.FEE_CONTEXT_RE, _I)
_FIRST_PAYMENT = re.compile(rules.FIRST_PAYMENT_RE, _I)
_DEPOSIT = re.compile(rules.DEPOSIT_RE, _I)
_DEPOSIT_DISTRACTOR = re.compile(rules.DEPOSIT_DISTRACTOR_RE, _I)
_INSTALLMENT_DISTRACTOR = re.compile(rules.INSTALLMENT_DISTRACTOR_RE, _I)
_REDACTED = re.compile(rules.REDACTED_RE, _I)
_REDACTION_CONTEXT = re.compile(rules.REDACTION_CONTEXT_RE, _I)
_PER_PERIOD = re.compile(rules.ROW_RECURRING_RE, _I)
_PER_UNIT = re.compile(rules.ROW_RATE_RE, _I)


@Language.factory("contract_payments")
def make_payments(nlp: Language, name: str) -> PaymentFinder:
    return PaymentFinder()


class PaymentFinder:
    """Total value, Net-N, late fee, retainage, recurring fees, deposits and installments."""

    def __call__(self, doc: Doc) -> Doc:
        settings = settings_of(doc)
        currency = document_currency(doc)
        schedules = [s for s in document_schedules(doc) if s.roles & {"amount", "percent"}]
        clauses = clauses_with(doc, rules.TRIGGER_WORDS, table_spans(doc))
        total = find_total(doc, clauses, schedules, currency)
        total_amount = total.amount if total else None
        dayfirst = settings.dayfirst
        installments = prose_installments(doc, clauses, currency, dayfirst, total_amount)
        installments += table_installments(doc, schedules, dayfirst, total_amount)
        recurring, first_payments = table_recurring(doc, schedules, dayfirst)
        recurring += recurring_terms(doc, clauses, currency)
        first_payments += first_recurring_payments(doc, recurring, dayfirst)
        terms = [total] if total else []
        terms += net_terms(doc, clauses)
        terms += late_fee_terms(doc, clauses, currency)
        terms += retainage_terms(doc, clauses)
        terms += _unique_recurring(recurring)
        terms += deposit_terms(doc, clauses, currency)
        terms += [installment_term(m) for m in installments if m.kind == "payment"]
        installments += first_payments
        money, installments, more = read_money(doc, installments)
        installments += more
        terms += open_ended_terms(money, terms)
        doc._.total_value = total_amount
        doc._.currency = contract_currency(total, installments, terms)
        doc._.payment_terms = terms
        doc._.installments = installments
        doc._.money = money
        warnings = redaction_warnings(doc)
        mismatch = total_warning(total_amount, doc._.currency, installments)
        warnings += [mismatch] if mismatch else []
        doc._.warnings = list(doc._.warnings or []) + warnings
        return doc


def _evidence(doc: Doc, clause: Clause) -> Evidence:
    return evidence_for(doc, clause.start, clause.end)


def contract_currency(total: PaymentTerm | None, installments, terms) -> str | None:
    if total and total.currency:
        return total.currency
    codes = Counter(m.currency for m in installments if m.currency)
    codes.update(t.currency for t in terms if t.currency)
    return codes.most_common(1)[0][0] if codes else None


# --- Net-N ---------------------------------------------------------------------------------
def net_terms(doc: Doc, clauses: list[Clause]) -> list[PaymentTerm]:
    """Distinct Net-N terms, the surest first ("net 30" beats "such payment ... 15 days")."""
    found: dict[int, tuple[int, int, PaymentTerm]] = {}
    for order, clause in enumerate(clauses):
        text = clause.text
        for match in _NET.finditer(text):
            group = next(g for g in ("num", "num2", "num3", "num4", "num5") if match.group(g))
            days = number_value(match.group(group))
            if not days or days > rules.NET_MAX_DAYS:
                continue
            if group == "num" and _NET_NOT_INVOICE.search(text[match.end() : match.end() + 60]):
                continue
            score = 3 if group == "num" else 2
            if re.search(r"\bsuch\s+payment|\bthat\s+payment|\bthe\s+(?:first|initial)", text, _I):
                score -= 1
            term = PaymentTerm(kind="net_days", text=_SPACES.sub(" ", match.group(0)), days=days,
                               evidence=_evidence(doc, clause))  # fmt: skip
            if days not in found or score > found[days][0]:
                found[days] = (score, -order, term)
    ranked = sorted(found.values(), key=lambda item: (item[0], item[1]), reverse=True)
    return [term for _, _, term in ranked]


# --- late fees -----------------------------------------------------------------------------
def late_fee_terms(doc: Doc, clauses: list[Clause], currency: str) -> list[PaymentTerm]:
    for clause in clauses:
        text = clause.text
        if not _LATE_CONTEXT.search(text):
            continue
        term = late_fee_in(text, currency)
        if term:
            return [replace(term, evidence=_evidence(doc, clause))]
    return []


def late_fee_in(text: str, currency: str) -> PaymentTerm | None:
    """"1.5% per month" from "the lesser of 1.5% per month or the maximum rate by law"."""
    for start, end, value in _late_percents(text):
        if not 0 < value <= 36:
            continue
        period = _LATE_PERIOD.match(text, end)
        if period:
            words = period.group("period").lower().split()
            unit = {"annually": "annum", "monthly": "month"}.get(words[-1], words[-1])
            above = _LATE_ABOVE.match(text, period.end())  # "8% per annum above the base rate"
            base = f" above {_base_rate(above)}" if above else ""
            return PaymentTerm(kind="late_fee", text=f"{value:g}% per {unit}{base}", percent=value,
                               period=rules.PERIODS.get(words[-1], words[-1]))  # fmt: skip
        if _LATE_OVERDUE.match(text, end) and value <= 25:
            return PaymentTerm(kind="late_fee", text=f"{value:g}% of the overdue amount",
                               percent=value)  # fmt: skip
        above = _LATE_ABOVE.match(text, end)
        if above:
            return PaymentTerm(kind="late_fee", text=f"{value:g}% above {_base_rate(above)}",
                               percent=value)  # fmt: skip
    flat = _LATE_FLAT.search(text)
    if flat:
        money = find_money(text[flat.end() : flat.end() + 60], currency)
        if money:
            amount = money[0][2]
            return PaymentTerm(kind="late_fee", text=f"{amount.text} late fee",
                               amount=amount.amount, currency=amount.currency)  # fmt: skip
    return None


def _base_rate(above: re.Match) -> str:
    """"the base rate", "the Bank of England base rate": the base as the clause names it."""
    base = _SPACES.sub(" ", above.group("base")).strip()
    named_the = re.match(r"\s*(?:per\s+annum\s+)?\w+\s+the\b", above.group(0), _I)
    return f"the {base}" if named_the else base


def _late_percents(text: str) -> list[tuple[int, int, float]]:
    """Percents in a clause; "one and one half percent (1 1/2%)" is 1.5 up to its ")"."""
    found = []
    for start, end, value in find_percents(text):
        fraction = _FRACTION_PERCENT.match(text, end)
        if fraction:
            whole, num, den = (int(g) for g in fraction.groups())
            value, end = whole + num / den, fraction.end()
        found.append((start, end, value))
    return found


# --- retainage, recurring fees, deposits ---------------------------------------------------
def retainage_terms(doc: Doc, clauses: list[Clause]) -> list[PaymentTerm]:
    for clause in clauses:
        text = clause.text
        match = _RETAINAGE.search(text)
        if not match or _RETAINAGE_DISTRACTOR.search(text):
            continue
        for start, end, percent in find_percents(text):
            if abs(start - match.start()) < 120 and 0 < percent <= 50:
                return [PaymentTerm(kind="retainage", text=_SPACES.sub(" ", text[start:end]),
                                    percent=percent, evidence=_evidence(doc, clause))]  # fmt: skip
    return []


def recurring_terms(doc: Doc, clauses: list[Clause], currency: str) -> list[PaymentTerm]:
    out, seen = [], set()
    for clause in clauses:
        text = clause.text
        if _RECURRING_DISTRACTOR.search(text) or not _FEE_CONTEXT.search(text):
            continue
        for match in _RECURRING.finditer(text):
            money = _nearest_money(text, match, currency)
            if not money or money.amount < 1:
                continue
            period = _period(match)
            if (clause.start, money.amount) not in seen:  # "annual fee, payable monthly": once
                seen.add((clause.start, money.amount))
                out.append(PaymentTerm(kind="recurring_fee", text=f"{money.text} {period}",
                                       amount=money.amount, currency=money.currency,
                                       period=period, evidence=_evidence(doc, clause)))  # fmt: skip
    return out


def _unique_recurring(terms: list[PaymentTerm]) -> list[PaymentTerm]:
    seen, out = set(), []
    for term in terms:
        if (term.amount, term.period) not in seen:
            seen.add((term.amount, term.period))
            out.append(term)
    return out


def _period(match: re.Match) -> str:
    word = next(match.group(g) for g in ("p1", "p2", "p3", "p4") if match.group(g))
    return rules.RECURRING_PERIODS.get(_SPACES.sub(" ", word.lower()), "monthly")


def first_recurring_payments(doc: Doc, terms: list[PaymentTerm], dayfirst: bool) -> list[Milestone]:
    """"payable annually in advance beginning on June 2, 2026": the first payment is a milestone."""
    out = []
    for term in terms:
        if term.kind != "recurring_fee" or not term.evidence:
            continue
        start = _FIRST_PAYMENT.search(term.evidence.text)
        if not start:
            continue
        due_date, approximate, rule = parse_due(term.evidence.text[start.start() :], dayfirst)
        rule = anchor_ok(rule)
        if due_date or rule:
            out.append(Milestone(
                name=f"First {term.period} payment", kind="payment", due_date=due_date,
                due_rule=None if due_date else rule, amount=term.amount, currency=term.currency,
                evidence=term.evidence, confidence=0.7, approximate=approximate,
            ))  # fmt: skip
    return out


def _nearest_money(text: str, match: re.Match, currency: str, reach: int = 60) -> Money | None:
    """The amount closest to "per month" / "monthly fee of", before or after it."""
    lo = max(0, match.start() - reach)
    before = find_money(text[lo : match.start()], currency)
    after = find_money(text[match.end() : match.end() + reach], currency)
    gap_before = match.start() - (lo + before[-1][1]) if before else reach + 1
    gap_after = after[0][0] if after else reach + 1
    if not before and not after:
        return None
    return before[-1][2] if gap_before <= gap_after else after[0][2]


def deposit_terms(doc: Doc, clauses: list[Clause], currency: str) -> list[PaymentTerm]:
    for clause in clauses:
        text = clause.text
        for item in items_of(text):
            match = _DEPOSIT.search(item)
            if not match or _DEPOSIT_DISTRACTOR.search(item):
                continue
            if _INSTALLMENT_DISTRACTOR.search(item):
                continue
            money = find_money(item, currency)
            percents = price_percents(item)
            if money or percents:
                amount = money[0][2] if money else None
                return [PaymentTerm(
                    kind="deposit",
                    text=f"{_SPACES.sub(' ', match.group(0)).lower()}: "
                    + (amount.text if amount else f"{percents[0]:g}%"),
                    amount=amount.amount if amount else None,
                    currency=amount.currency if amount else None,
                    percent=None if amount else percents[0],
                    evidence=_evidence(doc, clause),
                )]  # fmt: skip
    return []


def table_recurring(doc: Doc, schedules: list[Schedule], dayfirst: bool):
    """Recurring fees in fee tables ("$4,500.00 per month"), and their first payment if dated."""
    terms, first = [], []
    for schedule in schedules:
        for row in schedule.milestone_rows():
            match = _PER_PERIOD.search(row.text)
            if not row.amount or not match or _PER_UNIT.search(row.text):
                continue
            period = rules.RECURRING_PERIODS.get(match.group("period").lower(), "monthly")
            evidence = row_evidence(doc, row)
            terms.append(PaymentTerm(kind="recurring_fee", text=f"{row.amount.text} {period}",
                                     amount=row.amount.amount, currency=row.amount.currency,
                                     period=period, evidence=evidence))  # fmt: skip
            start = _FIRST_PAYMENT.search(row.due_text)
            if start:
                due_date, approximate, rule = parse_due(row.due_text[start.start() :], dayfirst)
                if due_date or anchor_ok(rule):
                    first.append(Milestone(
                        name=f"First {period} payment", kind="payment", due_date=due_date,
                        due_rule=None if due_date else rule, amount=row.amount.amount,
                        currency=row.amount.currency, evidence=evidence, confidence=0.75,
                        approximate=approximate,
                    ))  # fmt: skip
    return terms, first


def installment_term(m: Milestone) -> PaymentTerm:
    return PaymentTerm(kind="installment", text=m.name, amount=m.amount, currency=m.currency,
                       percent=m.percent, evidence=m.evidence)  # fmt: skip


# --- warnings ------------------------------------------------------------------------------
def redaction_warnings(doc: Doc) -> list[str]:
    """One warning naming the pages where an amount, a rate or a fee is redacted ("[***]")."""
    text = doc_text(doc)
    pages: dict[int, str] = {}
    for match in _REDACTED.finditer(text):
        window = text[max(0, match.start() - 160) : match.end() + 80]
        if _REDACTION_CONTEXT.search(window):
            pages.setdefault(page_of(doc, match.start()), _SPACES.sub("", match.group(0)))
    if not pages:
        return []
    marker = next(iter(pages.values()))
    where = ("page " if len(pages) == 1 else "pages ") + _page_ranges(sorted(pages))
    return [f"redacted amount {marker} on {where}: the payment terms there are incomplete"]


def _page_ranges(pages: list[int]) -> str:
    """[2, 3, 4, 5, 13] -> "2-5, 13"."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in runs)
