"""Payment terms: total contract value, Net-N, late fees, retainage, recurring fees, deposits
and the installment schedule (prose and tables).

``contract_payments`` writes ``doc._.total_value``, ``doc._.currency``, ``doc._.payment_terms``
and ``doc._.installments`` (payment milestones, picked up by ``contract_milestones``). It
reads only sentences that hold money, a percent or a payment word.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from extractor.dates import find_dates
from extractor.duerules import number_value
from extractor.evidence import evidence_for, page_of
from extractor.extensions import doc_text
from extractor.milestones import (
    Clause,
    anchor_ok,
    clauses_with,
    clean_text,
    document_schedules,
    item_kind,
    parse_due,
    row_evidence,
    settings_of,
    short_name,
    table_spans,
)
from extractor.numbers import Money, find_money, find_percents
from extractor.rules import milestones as mrules
from extractor.rules import payments as rules
from extractor.tables import Schedule, ScheduleRow
from models import DueRule, Evidence, Milestone, PaymentTerm

_I = re.IGNORECASE
_SPACES = re.compile(r"\s+")
_TOTAL = re.compile(rules.TOTAL_RE, _I)
_TOTAL_STRONG = re.compile(r"total\s+(?!of\b|is\b)\w|contract|aggregate|exceed|fixed", _I)
_INSTALLMENTS_OF = re.compile(r"\binstall?ments\s+(?:each\s+)?(?:of|in\s+the\s+amount\s+of)\b", _I)
_ENUMERATED = re.compile(r"^\W*\(?\s*(?:[a-h]|i{1,3}|iv|vi{0,3}|\d{1,2})\s*[.)]\s")
_TOTAL_DISTRACTOR = re.compile(rules.TOTAL_DISTRACTOR_RE, _I)
_TOTAL_PART = re.compile(rules.TOTAL_PART_RE, _I)
_DEFINED_TOTAL = re.compile(rules.DEFINED_TOTAL_RE, _I)
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
_SCHEDULE_LEAD = re.compile(rules.SCHEDULE_LEAD_RE, _I)
_DATED_ANCHORS = ("effective_date", "agreement_date", "signing")
_INSTALLMENTS_WORD = re.compile(r"\binstall?ments\b", _I)
_LABELS = [(re.compile(pattern, _I), label) for pattern, label in rules.INSTALLMENT_LABELS]
_INSTALLMENT_DISTRACTOR = re.compile(rules.INSTALLMENT_DISTRACTOR_RE, _I)
_PAYMENT_WORDS = re.compile(mrules.PAYMENT_WORDS_RE, _I)
_PERCENT_DISTRACTOR = re.compile(mrules.PERCENT_DISTRACTOR_RE, _I)
_PERCENT_OF_PRICE = re.compile(r"\)?\s*" + mrules.PERCENT_OF_PRICE_RE.removeprefix(r"%\)?"), _I)
_PERCENT_WHEN = re.compile(
    r"\)?\s*(?:of\s+[\w\s]{0,30}?)?\b(?:upon|on(?!\s+time)|at|within|due|after|following|payable"
    r"|no\s+later)\b",
    _I,
)
_RECURRING_ITEM = re.compile(rules.RECURRING_ITEM_RE, _I)
_BALANCE = re.compile(mrules.BALANCE_RE, _I)
_ITEM_SPLIT = re.compile(mrules.ITEM_SPLIT_RE + r"|\n(?=\s*(?:\(?[a-z0-9]{1,3}[.)]\s|[●•▪$]))", _I)
_REDACTED = re.compile(rules.REDACTED_RE, _I)
_REDACTION_CONTEXT = re.compile(rules.REDACTION_CONTEXT_RE, _I)
_TITLE = re.compile(rules.MILESTONE_TITLE_RE, _I)
_EACH_OF = re.compile(rules.EQUAL_INSTALLMENTS_RE, _I)
_LINE = re.compile(r"[^\n]*\n?")
_WORDS_AND_DIGITS = re.compile(r"\b[a-z]+(?:[- ][a-z]+)*\s*\((\d+)\)", _I)
_BARE_NUMBER_NAME = re.compile(r"^(?:#|no\.?\s*)?\d{1,2}\.?$|^[A-Z]\d{0,2}$", _I)
_EVENT_KINDS = {"signing": "signing", "kickoff": "kickoff", "delivery": "deliverable",
                "acceptance": "approval"}  # fmt: skip
_TRIGGER_WORD = re.compile(r"^(?:upon|on|at|following|after|with|when|once)\s+(?:the\s+)?", _I)
_PER_PERIOD = re.compile(rules.ROW_RECURRING_RE, _I)
_PER_UNIT = re.compile(rules.ROW_RATE_RE, _I)
MAX_SCHEDULE_GAP = 3  # chars of non-space text allowed between a schedule lead-in and its items


@Language.factory("contract_payments")
def make_payments(nlp: Language, name: str) -> PaymentFinder:
    return PaymentFinder()


class PaymentFinder:
    """Total value, Net-N, late fee, retainage, recurring fees, deposits and installments."""

    def __call__(self, doc: Doc) -> Doc:
        settings = settings_of(doc)
        currency = settings.default_currency
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
        doc._.total_value = total_amount
        doc._.currency = contract_currency(total, installments, terms)
        doc._.payment_terms = terms
        doc._.installments = installments
        doc._.warnings = list(doc._.warnings or []) + redaction_warnings(doc)
        return doc


def _evidence(doc: Doc, clause: Clause) -> Evidence:
    return evidence_for(doc, clause.start, clause.end)


def contract_currency(total: PaymentTerm | None, installments, terms) -> str | None:
    if total and total.currency:
        return total.currency
    codes = Counter(m.currency for m in installments if m.currency)
    codes.update(t.currency for t in terms if t.currency)
    return codes.most_common(1)[0][0] if codes else None


# --- total contract value ------------------------------------------------------------------
def find_total(doc: Doc, clauses: list[Clause], schedules: list[Schedule], currency: str):
    """The contract's total value: a stated total in prose, else a table's Total row."""
    best: tuple[int, int, PaymentTerm] | None = None
    for clause in clauses:
        found = total_in(clause.text, currency)
        if found and (best is None or found[0] > best[0]):
            money, score = found[1], found[0]
            term = PaymentTerm(kind="total_value", text=money.text, amount=money.amount,
                               currency=money.currency,
                               evidence=_evidence(doc, clause))  # fmt: skip
            best = (score, clause.start, term)
    if best:
        return best[2]
    for schedule in schedules:
        for row in schedule.rows:
            if row.is_total and row.amount:
                return PaymentTerm(kind="total_value", text=row.amount.text,
                                   amount=row.amount.amount, currency=row.amount.currency,
                                   evidence=row_evidence(doc, row))  # fmt: skip
    return None


def total_in(text: str, currency: str) -> tuple[int, Money] | None:
    """(strength, amount) of a total-value statement in one clause.

    3: the amount is defined as the price ("$840,000 (the "Contract Price")"); 2: a strong
    phrase ("total contract price", "shall not exceed"); 1: a schedule's lead-in with one amount.
    """
    money_found = [(s, e, m) for s, e, m in find_money(text, currency) if m.amount > 0]
    for start, end, money in money_found:
        defined = _DEFINED_TOTAL.match(text, end)
        if defined and not _TOTAL_DISTRACTOR.search(text[max(0, start - 60) : defined.end()]):
            return 3, money
    enumerated = bool(_ENUMERATED.match(text))
    for match in _TOTAL.finditer(text):
        if enumerated and not _TOTAL_STRONG.search(match.group(0)):
            continue  # "(a) A total of $400,000 shall be paid ..." is one installment
        for start, end, money in money_found:
            if start < match.end() or start > match.end() + rules.TOTAL_WINDOW:
                continue
            if _TOTAL_PART.search(text[match.end() : start]):
                break
            if any(0 < s2 - end < 60 and m2.amount != money.amount for s2, _, m2 in money_found):
                break  # "$7000 for additional journals, $2000 ..." is a rate card
            if _TOTAL_DISTRACTOR.search(text[max(0, match.start() - 60) : end + 30]):
                break
            return (2 if _TOTAL_STRONG.search(match.group(0)) else 1), money
    single = len({m.amount for _, _, m in money_found}) == 1
    if single and _is_lead(text) and not _INSTALLMENTS_OF.search(text):
        start, end, money = money_found[0]
        if not _TOTAL_DISTRACTOR.search(text) and not _INSTALLMENT_DISTRACTOR.search(text):
            return 1, money
    return None


# --- Net-N ---------------------------------------------------------------------------------
def net_terms(doc: Doc, clauses: list[Clause]) -> list[PaymentTerm]:
    """Distinct Net-N terms, the surest first ("net 30" beats "such payment ... 15 days")."""
    found: dict[int, tuple[int, int, PaymentTerm]] = {}
    for order, clause in enumerate(clauses):
        text = clause.text
        for match in _NET.finditer(text):
            group = next(g for g in ("num", "num2", "num3", "num4") if match.group(g))
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
            return PaymentTerm(kind="late_fee", text=f"{value:g}% per {unit}", percent=value,
                               period=rules.PERIODS.get(words[-1], words[-1]))  # fmt: skip
        if _LATE_OVERDUE.match(text, end) and value <= 25:
            return PaymentTerm(kind="late_fee", text=f"{value:g}% of the overdue amount",
                               percent=value)  # fmt: skip
        above = _LATE_ABOVE.match(text, end)
        if above:
            base = _SPACES.sub(" ", above.group("base")).strip()
            return PaymentTerm(kind="late_fee", text=f"{value:g}% above {base}", percent=value)
    flat = _LATE_FLAT.search(text)
    if flat:
        money = find_money(text[flat.end() : flat.end() + 60], currency)
        if money:
            amount = money[0][2]
            return PaymentTerm(kind="late_fee", text=f"{amount.text} late fee",
                               amount=amount.amount, currency=amount.currency)  # fmt: skip
    return None


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
        for item in _items(text):
            match = _DEPOSIT.search(item)
            if not match or _DEPOSIT_DISTRACTOR.search(item):
                continue
            if _INSTALLMENT_DISTRACTOR.search(item):
                continue
            money = find_money(item, currency)
            percents = _price_percents(item)
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


def _items(text: str) -> list[str]:
    return [part for part in _ITEM_SPLIT.split(text) if part and part.strip()]


# --- installments in prose -----------------------------------------------------------------
@dataclass(frozen=True)
class Found:
    """One installment read from an item of prose or a table row."""

    name: str
    amount: Money | None
    percent: float | None
    balance: bool
    due_date: date | None
    approximate: bool
    rule: DueRule | None
    confidence: float
    kind: str = "payment"


def prose_installments(doc: Doc, clauses: list[Clause], currency: str, dayfirst: bool,
                       total: float | None) -> list[Milestone]:  # fmt: skip
    """Installments in prose. A schedule runs from its lead-in ("payable as follows:") over the
    items right after it; "the balance" and ordinal names are settled over the whole run."""
    out: list[Milestone] = []
    text = doc_text(doc)
    lead, group, last_end = "", [], -1
    for clause in clauses:
        gap = text[last_end : clause.start] if last_end >= 0 else "x" * 10
        context = bool(lead) and len(gap.strip()) <= MAX_SCHEDULE_GAP
        if not context:
            out += _flush(doc, group, lead, total)
            lead, group = "", []
        spans = item_spans(clause)
        if len(spans) > 1 and _INSTALLMENT_DISTRACTOR.search(text[spans[0][0] : spans[0][1]]):
            spans = []  # "the following cancellation fee as liquidated damages:" is no schedule
        found_here = 0
        for start, end in spans:
            item = clean_text(text[start:end])
            for found in installment_in(item, context or len(spans) > 1, currency, dayfirst):
                group.append((found, start, end))
                found_here += 1
        if _is_lead(clause.text):
            if context and found_here == 0:
                out += _flush(doc, group, lead, total)
                group = []
            lead = clause.text
        elif not (context and found_here):
            out += _flush(doc, group, lead, total)
            lead, group = "", []
        last_end = clause.end
    return out + _flush(doc, group, lead, total)


def _is_lead(text: str) -> bool:
    """"The License Fee is payable in the following milestone payments:"."""
    return bool(_SCHEDULE_LEAD.search(text) and _PAYMENT_WORDS.search(text)
                and not _INSTALLMENT_DISTRACTOR.search(text))  # fmt: skip


def _flush(doc: Doc, group, lead: str, total: float | None) -> list[Milestone]:
    group = settle_balance(group, total)
    if _INSTALLMENTS_WORD.search(lead):
        group = [(_ordinal(found, position), start, end)
                 for position, (found, start, end) in enumerate(group)]  # fmt: skip
    return [_milestone(found, evidence_for(doc, start, end)) for found, start, end in group]


def _ordinal(found: Found, position: int) -> Found:
    """"(a) $12,000 within ten days after the Effective Date" of an installment schedule is the
    "First installment" (items tied to an event keep the event's name)."""
    dated = found.rule is None or found.rule.anchor in _DATED_ANCHORS
    if found.kind != "payment" or not found.name.startswith("Payment") or not dated:
        return found
    if position >= len(mrules.ORDINAL_NAMES):
        return found
    return replace(found, name=f"{mrules.ORDINAL_NAMES[position]} installment")


def item_spans(clause: Clause) -> list[tuple[int, int]]:
    """Doc char spans of the enumerated items of a clause (the clause itself when one).

    Items are split at enumerators, bullets and semicolons; a clause laid out as a text table
    (several lines that each hold an amount) is split into lines instead.
    """
    raw = clause.raw
    if len(find_money(raw)) + len(find_percents(raw)) < 2:
        return [(clause.start, clause.end)]
    spans, start = [], 0
    for match in _ITEM_SPLIT.finditer(raw):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(raw)))
    priced = [span for span in spans if find_money(raw[span[0] : span[1]])
              or _price_percents(raw[span[0] : span[1]])]  # fmt: skip
    if len(priced) < 2:
        lines = line_items(raw)
        spans = lines if len(lines) > 1 else [(0, len(raw))]
    return [(clause.start + s, clause.start + e) for s, e in spans if e > s]


def line_items(raw: str) -> list[tuple[int, int]]:
    """Lines that start with or hold an amount, each with the amount-less lines after it."""
    spans: list[list[int]] = []
    lead_end = 0
    for match in _LINE.finditer(raw):
        if not match.group(0):
            break
        line = match.group(0)
        money = find_money(line)
        if spans and line.lstrip()[:1].islower():
            spans[-1][1] = match.end()  # a wrapped sentence, not a new row
        elif money or _price_percents(line):
            spans.extend([match.start() + s, match.start() + e] for s, e in _pairs(line, money))
        elif spans:
            spans[-1][1] = match.end()
        else:
            lead_end = match.end()
    if len(spans) < 2:
        return []
    if lead_end:
        spans.insert(0, [0, lead_end])
    return [(start, end) for start, end in spans]


def _pairs(line: str, money) -> list[tuple[int, int]]:
    """A text-table line with several "date amount" columns split into one span per pair."""
    if len(money) < 2:
        return [(0, len(line))]
    dates = find_dates(line)
    if len(dates) != len(money) or any(d[0] > m[0] for d, m in zip(dates, money)):
        return [(0, len(line))]
    cuts = [0] + [start for start, _, _ in dates[1:]] + [len(line)]
    return list(itertools.pairwise(cuts))


def installment_in(item: str, in_schedule: bool, currency: str, dayfirst: bool) -> list[Found]:
    """The installment(s) in one item: an amount or a share of the price, due at a time.

    "four equal installments of $12,677.50 on July 1, October 1, ..." gives one per date.
    """
    money = [m for _, _, m in find_money(item, currency) if m.amount > 0]
    percents = _price_percents(item, strict=not in_schedule)
    balance = bool(_BALANCE.search(item))
    if not (money or percents or balance):
        return []
    if not (in_schedule or _PAYMENT_WORDS.search(item)):
        return []
    if _INSTALLMENT_DISTRACTOR.search(item) or _TOTAL_DISTRACTOR.search(item):
        return []
    each = _EACH_OF.search(item)
    if each:
        return _spread(item, find_money(item[each.end() :], currency), dayfirst)
    if _RECURRING_ITEM.search(item):
        return []  # "a monthly fee of $3,250": a recurring fee, not an installment
    if len(money) > 1 and len(find_dates(item, dayfirst=dayfirst)) > 1:
        return []  # "$1,500,000 $500,000 payment due on: July 23, October 1, ...": ambiguous
    stated = total_in(item, currency)
    if money and stated and stated[0] >= 2 and stated[1].amount == money[0].amount:
        return []  # the price itself ("a fixed price of $150,000, payable on completion ...")
    due_date, approximate, rule = parse_due(item, dayfirst)
    rule = anchor_ok(rule)
    label = installment_label(item)
    if not (due_date or rule or label):
        return []
    if balance and not (money or percents) and not (due_date or rule):
        return []
    kind, name = "payment", label
    title = _TITLE.search(item)
    if title:
        name = short_name(title.group("title"))
        kind = item_kind(name, rule, "deliverable")
    elif not label and rule and rule.offset == 0 and rule.anchor in _EVENT_KINDS:
        kind, name = _EVENT_KINDS[rule.anchor], event_name(rule.text)
        rule = None if due_date else rule  # "upon Go-Live, which ... no later than Nov 3, 2025"
    confidence = 0.6 + (0.2 if due_date or rule else 0.0) + (0.05 if in_schedule else 0.0)
    confidence += 0.05 if label else 0.0
    if len({m.amount for m in money}) > 1:
        confidence -= 0.15
    return [Found(
        name=name or _name_from_timing(due_date, rule),
        amount=money[0] if money else None,
        percent=percents[0] if percents else None,
        balance=balance and not money and not percents,
        due_date=due_date,
        approximate=approximate,
        rule=rule,
        confidence=min(confidence, 0.9),
        kind=kind,
    )]  # fmt: skip


def event_name(rule_text: str) -> str:
    """"upon installation of the Software in ..." -> "Installation of Software in ..."."""
    text = _TRIGGER_WORD.sub("", rule_text)
    name = short_name(text)
    return "Contract signing" if name.lower() in ("signing", "execution", "signature") else name


def _spread(item: str, money_after, dayfirst: bool) -> list[Found]:
    """Equal installments listed by date: one installment of the stated amount per date."""
    dates = find_dates(item, dayfirst=dayfirst)
    if not money_after or len(dates) < 2:
        return []
    amount = money_after[0][2]
    return [
        Found(name=f"Installment due {parsed.value.isoformat()}", amount=amount, percent=None,
              balance=False, due_date=parsed.value, approximate=parsed.approximate, rule=None,
              confidence=0.8)
        for _, _, parsed in dates
    ]  # fmt: skip


def _price_percents(item: str, strict: bool = False) -> list[float]:
    """Percents that are a share of the price, not a royalty, an interest rate or a discount.

    ``strict`` (outside a schedule): the percent must say so ("25% of the License Fee") or be
    followed by when it is due ("20% upon signing").
    """
    out = []
    for start, end, value in find_percents(item):
        local = item[max(0, start - 40) : end + 40]
        if not 0 < value <= 100 or _PERCENT_DISTRACTOR.search(local):
            continue
        if strict and not (_PERCENT_OF_PRICE.match(item, end) or _PERCENT_WHEN.match(item, end)):
            continue
        out.append(value)
    return out


def installment_label(item: str) -> str | None:
    for pattern, label in _LABELS:
        match = pattern.search(item)
        if match:
            if label is None:
                words = _SPACES.sub(" ", match.group(0)).lower()
                if not re.search(r"payment|fee|install?ment|deposit", words):
                    words += " payment"
                return words[:1].upper() + words[1:]
            return label
    return None


def _name_from_timing(due_date: date | None, rule: DueRule | None) -> str:
    if rule:
        text = _WORDS_AND_DIGITS.sub(r"\1", rule.text)
        text = text[:1].lower() + text[1:]
        if rule.offset == 0:
            text = re.sub(r"^(?:upon|on|at|following|after|with|when|once)\s+", "", text, flags=_I)
            return short_name(f"Payment on {text}")
        return short_name(f"Payment {text}")
    return f"Payment due {due_date.isoformat()}" if due_date else "Payment"


def settle_balance(group, total: float | None):
    """"the balance" gets what the other items leave of 100% (and of the total when known)."""
    if not any(found.balance for found, _, _ in group):
        return group
    others = [found for found, _, _ in group if not found.balance]
    out = []
    for found, start, end in group:
        if found.balance:
            percents = [f.percent for f in others]
            if others and all(p is not None for p in percents) and sum(percents) < 100:
                found = replace(found, percent=round(100 - sum(percents), 4))
            elif total and others and all(f.amount for f in others):
                left = total - sum(f.amount.amount for f in others)
                if left > 0:
                    cur = others[0].amount.currency
                    found = replace(found, amount=Money(round(left, 2), cur, "balance"))
        out.append((found, start, end))
    return out


def _milestone(found: Found, evidence: Evidence) -> Milestone:
    return Milestone(
        name=found.name,
        kind=found.kind,
        due_date=found.due_date,
        due_rule=found.rule,
        amount=found.amount.amount if found.amount else None,
        currency=found.amount.currency if found.amount else None,
        percent=found.percent,
        evidence=evidence,
        confidence=round(found.confidence, 2),
        approximate=found.approximate,
    )


# --- installments in tables ----------------------------------------------------------------
def table_installments(doc: Doc, schedules: list[Schedule], dayfirst: bool,
                       total: float | None) -> list[Milestone]:  # fmt: skip
    out = []
    for schedule in schedules:
        default = "deliverable" if schedule.of_milestones else "payment"
        group = []
        for row in schedule.milestone_rows():
            found = row_installment(row, dayfirst, default)
            if found:
                group.append((found, row, None))
        for found, row, _ in settle_balance(group, total):
            out.append(_milestone(found, row_evidence(doc, row)))
    return out


def row_installment(row: ScheduleRow, dayfirst: bool, default_kind: str) -> Found | None:
    balance = bool(_BALANCE.search(row.text))
    if not (row.amount or row.percent is not None or balance):
        return None
    if _PER_PERIOD.search(row.text) or _PER_UNIT.search(row.text):
        return None  # a recurring fee or a rate: see table_recurring
    due_date, approximate, rule = parse_due(row.due_text, dayfirst) if row.due_text else (
        None, False, None)  # fmt: skip
    if not (due_date or rule):
        due_date, approximate, rule = parse_due(row.name + " " + row.description, dayfirst)
    rule = anchor_ok(rule)
    name = row.name
    if _BARE_NUMBER_NAME.match(name):
        name = row.description or f"Installment {row.index + 1}"
    name = short_name(name)
    if name.lower() in ("signing", "execution"):
        name = "Contract signing"
    confidence = 0.7 + (0.2 if due_date else 0.15 if rule else 0.0)
    return Found(
        name=name,
        amount=row.amount,
        percent=row.percent,
        balance=balance and not row.amount and row.percent is None,
        due_date=due_date,
        approximate=approximate,
        rule=rule,
        confidence=min(confidence, 0.9),
        kind=item_kind(name, rule, default_kind),
    )


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
