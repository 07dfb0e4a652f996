"""The contract's total value: a price defined as such, a strong total phrase, a schedule's
lead-in with one amount, else a schedule table's Total row."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extractor.nlp.clauses import (
    Clause,
    row_evidence,
)
from extractor.nlp.evidence import evidence_for
from extractor.nlp.numbers import Money, find_money
from extractor.nlp.rules import milestones as mrules
from extractor.nlp.rules import payments as rules
from extractor.nlp.tables import Schedule
from models import PaymentTerm

_I = re.IGNORECASE
_TOTAL = re.compile(rules.TOTAL_RE, _I)
_TOTAL_STRONG = re.compile(r"total\s+(?!of\b|is\b)\w|contract|aggregate|exceed|fixed", _I)
_INSTALLMENTS_OF = re.compile(r"\binstall?ments\s+(?:each\s+)?(?:of|in\s+the\s+amount\s+of)\b", _I)
_ENUMERATED = re.compile(r"^\W*\(?\s*(?:[a-h]|i{1,3}|iv|vi{0,3}|\d{1,2})\s*[.)]\s")
_TOTAL_DISTRACTOR = re.compile(rules.TOTAL_DISTRACTOR_RE, _I)
_TOTAL_PART = re.compile(rules.TOTAL_PART_RE, _I)
_DEFINED_TOTAL = re.compile(rules.DEFINED_TOTAL_RE, _I)
_NTE_TERM = re.compile(rules.NTE_TERM_RE, _I)
_NTE_IGNORED = re.compile(rules.NTE_IGNORED_RE, _I)
_DEFINED_TOTAL_BEFORE = re.compile(rules.DEFINED_TOTAL_BEFORE_RE)
_SCHEDULE_LEAD = re.compile(rules.SCHEDULE_LEAD_RE, _I)
_INSTALLMENT_DISTRACTOR = re.compile(rules.INSTALLMENT_DISTRACTOR_RE, _I)
_PAYMENT_WORDS = re.compile(mrules.PAYMENT_WORDS_RE, _I)
_SHARE_BEFORE = re.compile(rules.SHARE_BEFORE_RE, _I)


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
                               evidence=evidence_for(doc, clause.start, clause.end))  # fmt: skip
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
        window = text[max(0, start - 60) : defined.end()] if defined else ""
        if defined and _NTE_TERM.search(defined.group(0)):
            window = _NTE_IGNORED.sub(" ", window)
        if defined and not _TOTAL_DISTRACTOR.search(window):
            return 3, money
        if _DEFINED_TOTAL_BEFORE.search(text[max(0, start - 60) : start]):
            return 3, money
    enumerated = bool(_ENUMERATED.match(text))
    for match in _TOTAL.finditer(text):
        if enumerated and not _TOTAL_STRONG.search(match.group(0)):
            continue  # "(a) A total of $400,000 shall be paid ..." is one installment
        if _SHARE_BEFORE.search(text, max(0, match.start() - 40), match.start()):
            continue  # "30% of the Contract Price, being $123,840" is a share of it
        for start, end, money in money_found:
            if start < match.end() or start > match.end() + rules.TOTAL_WINDOW:
                continue
            if _TOTAL_PART.search(text[match.end() : start]):
                break
            if any(0 < s2 - end < 60 and m2.amount != money.amount
                   and not _SCHEDULE_LEAD.search(text, end, s2) for s2, _, m2 in money_found):
                break  # "$7000 for additional journals, $2000 ..." is a rate card
            if _TOTAL_DISTRACTOR.search(text[max(0, match.start() - 60) : end + 30]):
                break
            return (2 if _TOTAL_STRONG.search(match.group(0)) else 1), money
    single = len({m.amount for _, _, m in money_found}) == 1
    if single and is_lead(text) and not _INSTALLMENTS_OF.search(text):
        start, end, money = money_found[0]
        if not _TOTAL_DISTRACTOR.search(text) and not _INSTALLMENT_DISTRACTOR.search(text):
            return 1, money
    return None


def is_lead(text: str) -> bool:
    """"The License Fee is payable in the following milestone payments:"."""
    return bool(_SCHEDULE_LEAD.search(text) and _PAYMENT_WORDS.search(text)
                and not _INSTALLMENT_DISTRACTOR.search(text))  # fmt: skip
