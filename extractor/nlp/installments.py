"""Installments: the payment schedule in prose ("payable as follows: (a) 20% upon signing; (b)
...") and in schedule tables, as payment milestones with amounts, shares and due dates."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc

from extractor.nlp.clauses import (
    Clause,
    anchor_ok,
    clean_text,
    item_kind,
    kind_of,
    parse_due,
    row_evidence,
    schedule_kind,
    short_name,
)
from extractor.nlp.dates import find_dates
from extractor.nlp.evidence import evidence_for
from extractor.nlp.extensions import doc_text
from extractor.nlp.numbers import Money, find_money, find_percents
from extractor.nlp.rules import milestones as mrules
from extractor.nlp.rules import payments as rules
from extractor.nlp.tables import Schedule, ScheduleRow
from extractor.nlp.totals import is_lead, total_in
from models import DueRule, Evidence, Milestone

_I = re.IGNORECASE
_SPACES = re.compile(r"\s+")
_DOWN_PAYMENT = re.compile(r"\bdown\s*payment\b|\bup-?\s?front\s+(?:fee|payment)\b|\bsigning\s+(?:fee|payment)\b", _I)
_TOTAL_DISTRACTOR = re.compile(rules.TOTAL_DISTRACTOR_RE, _I)
_DATED_ANCHORS = ("effective_date", "agreement_date", "signing")
_INSTALLMENTS_WORD = re.compile(r"\b(?P<noun>install?ment|tranche)s\b", _I)
_LABELS = [(re.compile(pattern, _I), label) for pattern, label in rules.INSTALLMENT_LABELS]
_INSTALLMENT_DISTRACTOR = re.compile(rules.INSTALLMENT_DISTRACTOR_RE, _I)
_PAYMENT_WORDS = re.compile(mrules.PAYMENT_WORDS_RE, _I)
_PERCENT_DISTRACTOR = re.compile(mrules.PERCENT_DISTRACTOR_RE, _I)
_PERCENT_OF_PRICE = re.compile(r"\)?\s*" + mrules.PERCENT_OF_PRICE_RE.removeprefix(r"%\)?"), _I)
_PERCENT_OF_TERM = re.compile(mrules.PERCENT_OF_TERM_RE)
_PERCENT_WHEN = re.compile(
    r"\)?\s*(?:of\s+[\w\s]{0,30}?)?\b(?:upon|on(?!\s+time)|at|within|due|after|following|payable"
    r"|no\s+later)\b",
    _I,
)
_RECURRING_ITEM = re.compile(rules.RECURRING_ITEM_RE, _I)
_NAMED_REPORT = re.compile(rules.NAMED_REPORT_RE, _I)
_MILESTONE_LEAD = re.compile(rules.MILESTONE_LEAD_RE, _I)
_SALES_MILESTONE = re.compile(rules.SALES_MILESTONE_RE, _I)
_UPON_EVENT = re.compile(rules.UPON_EVENT_RE)
# "may claim a mobilisation payment", "each progress claim": a payment claim, no damages claim.
_PAYMENT_CLAIM = re.compile(r"\b(?:payment|progress)\s+claims?\b|\bclaim\s+(?:a|an|the)\s+[\w-]+"
                            r"\s+payment\b", _I)  # fmt: skip
_BALANCE = re.compile(mrules.BALANCE_RE, _I)
_ITEM_SPLIT = re.compile(
    mrules.ITEM_SPLIT_RE + r"|\n(?=\s*" + mrules.NOT_ENUM + r"(?:\(?[a-z0-9]{1,3}[.)]\s|[●•▪$]))", _I
)
_TITLE = re.compile(rules.MILESTONE_TITLE_RE, _I)
_EACH_OF = re.compile(rules.EQUAL_INSTALLMENTS_RE, _I)
_DEFINED_FEE = re.compile(rules.DEFINED_FEE_RE)
_LINE = re.compile(r"[^\n]*\n?")
_WORDS_AND_DIGITS = re.compile(r"\b[a-z]+(?:[- ][a-z]+)*\s*\((\d+)\)", _I)
_BARE_NUMBER_NAME = re.compile(r"^(?:#|no\.?\s*)?\d{1,2}\.?$|^[A-Z]\d{0,2}$", _I)
_EVENT_KINDS = {"signing": "signing", "kickoff": "kickoff", "delivery": "deliverable",
                "acceptance": "approval"}  # fmt: skip
_TRIGGER_WORD = re.compile(r"^(?:upon|on|at|following|after|with|when|once)\s+(?:the\s+)?", _I)
_PER_PERIOD = re.compile(rules.ROW_RECURRING_RE, _I)
_ROW_EVENT = re.compile(rules.MILESTONE_HEADER_RE + r"|\bpayments?\b|\bfees?\b", _I)
_PER_UNIT = re.compile(rules.ROW_RATE_RE, _I)
MAX_SCHEDULE_GAP = 3  # chars of non-space text allowed between a schedule lead-in and its items



def items_of(text: str) -> list[str]:
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
    for index, clause in enumerate(clauses):
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
            in_schedule = context or len(spans) > 1
            founds = installment_in(item, in_schedule, currency, dayfirst, lead)
            if not founds and len(spans) == 1:
                founds = _due_in_next(item, clauses[index + 1 : index + 2], currency, dayfirst)
            for found in founds:
                group.append((found, start, end))
                found_here += 1
        if is_lead(clause.text):
            if context and found_here == 0:
                out += _flush(doc, group, lead, total)
                group = []
            lead = clause.text
        elif not (context and found_here):
            out += _flush(doc, group, lead, total)
            lead, group = "", []
        last_end = clause.end
    return out + _flush(doc, group, lead, total)


def _due_in_next(item: str, following: list[Clause], currency: str, dayfirst: bool):
    """"a one-time fee of $7,500.00 (the "Onboarding Fee") ... The Onboarding Fee is due and
    payable within fifteen (15) days after the Effective Date.": the due date is one sentence on."""
    defined = _DEFINED_FEE.search(item)
    if not (defined and following):
        return []
    term = defined.group("term")
    after = clean_text(following[0].text)
    if not re.match(rf"(?:the\s+)?{re.escape(term)}\s+(?:is|shall\s+be)\s+", after, _I):
        return []
    return [replace(found, name=term) if found.name.startswith("Payment ") else found
            for found in installment_in(f"{item} {after}", False, currency, dayfirst)]


def _flush(doc: Doc, group, lead: str, total: float | None) -> list[Milestone]:
    group = settle_balance(group, total)
    word = _INSTALLMENTS_WORD.search(lead)
    if word:
        noun = "tranche" if word.group("noun").lower() == "tranche" else "installment"
        group = [(_ordinal(found, position, noun), start, end)
                 for position, (found, start, end) in enumerate(group)]  # fmt: skip
    return [_milestone(found, evidence_for(doc, start, end)) for found, start, end in group]


def _ordinal(found: Found, position: int, noun: str = "installment") -> Found:
    """"(a) $12,000 within ten days after the Effective Date" of an installment schedule is the
    "First installment" (items tied to an event keep the event's name)."""
    dated = found.rule is None or found.rule.anchor in _DATED_ANCHORS
    if found.kind != "payment" or not found.name.startswith("Payment") or not dated:
        return found
    if _TITLE.match(found.name):
        return found  # "Payment 1 – Deposit" names itself
    if position >= len(mrules.ORDINAL_NAMES):
        return found
    return replace(found, name=f"{mrules.ORDINAL_NAMES[position]} {noun}")


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
              or price_percents(raw[span[0] : span[1]])]  # fmt: skip
    if len(priced) < 2:
        lines = lineitems_of(raw)
        spans = lines if len(lines) > 1 else timed_shares(raw)
    return [(clause.start + s, clause.start + e) for s, e in spans if e > s]


def timed_shares(raw: str) -> list[tuple[int, int]]:
    """"50% upon signing of this Agreement and 50% upon delivery of the Goods": one item per
    share of the price that says when it is due, when the shares add up to at most the price."""
    starts, total = [], 0.0
    for start, end, value in find_percents(raw):
        local = raw[max(0, start - 40) : end + 40]
        if 0 < value <= 100 and _PERCENT_WHEN.match(raw, end) and not _PERCENT_DISTRACTOR.search(local):
            starts.append(start)
            total += value
    if len(starts) < 2 or total > 100.001:
        return [(0, len(raw))]
    cuts = [0, *starts[1:], len(raw)]
    return list(itertools.pairwise(cuts))


def lineitems_of(raw: str) -> list[tuple[int, int]]:
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
        elif money or price_percents(line):
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


def installment_in(item: str, in_schedule: bool, currency: str, dayfirst: bool,
                   lead: str = "") -> list[Found]:  # fmt: skip
    """The installment(s) in one item: an amount or a share of the price, due at a time.

    "four equal installments of $12,677.50 on July 1, October 1, ..." gives one per date.
    """
    money = [m for _, _, m in find_money(item, currency) if m.amount > 0]
    percents = price_percents(item, strict=not in_schedule)
    balance = bool(_BALANCE.search(item))
    if not (money or percents or balance):
        return []
    if not (in_schedule or _PAYMENT_WORDS.search(item)):
        return []
    if _distracted(item, bool(in_schedule and _MILESTONE_LEAD.search(lead))):
        return []
    each = _EACH_OF.search(item)
    if each:
        return _spread(item, find_money(item[each.end() :], currency), dayfirst)
    if _RECURRING_ITEM.search(_NAMED_REPORT.sub(" ", item)):
        return []  # "a monthly fee of $3,250": a recurring fee, not an installment
    if len(money) > 1 and len(find_dates(item, dayfirst=dayfirst)) > 1:
        return []  # "$1,500,000 $500,000 payment due on: July 23, October 1, ...": ambiguous
    stated = total_in(item, currency)
    if money and stated and stated[0] >= 2 and stated[1].amount == money[0].amount:
        return []  # the price itself ("a fixed price of $150,000, payable on completion ...")
    due_date, approximate, rule = parse_due(item, dayfirst)
    rule = anchor_ok(rule)
    label = installment_label(item)
    if not (due_date or rule) and label and _DOWN_PAYMENT.search(label):
        rule = DueRule("on signing", 0, "days", "after", "signing")  # "$30,000 - down payment"
    title = _TITLE.search(item)
    event = _UPON_EVENT.search(item) if not (label or title or rule) else None
    if not (due_date or rule or label or title or (event and in_schedule)):
        return []
    if balance and not (money or percents) and not (due_date or rule):
        return []
    kind, name = "payment", label
    if event:
        # "€ 60.000 upon the First Commercial Sale": a business event's milestone payment
        kind, name = "other", short_name(f"Payment on {event.group('event')}")
    if title:
        name = short_name(title.group("title"))
        kind = item_kind(name, rule, "deliverable")
        if rule and rule.offset == 0 and mrules.KIND_ANCHORS.get(kind) == rule.anchor:
            rule = None  # "Milestone 2 – Delivery of X ... upon delivery of X": the event itself
    elif not label and rule and rule.offset == 0 and rule.anchor in _EVENT_KINDS:
        kind, name = _EVENT_KINDS[rule.anchor], event_name(rule.text)
        rule = None if due_date else rule  # "upon Go-Live, which ... no later than Nov 3, 2025"
    if kind == "payment" and rule and rule.anchor == "signing":
        kind = "signing"  # "a deposit payable within ten days of execution": due on signing
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


def _distracted(item: str, milestone_lead: bool) -> bool:
    """Money that is no installment: damages, caps, royalties... Under a lead-in announcing
    milestone payments, sales thresholds are the milestones ("upon Net Sales first exceeding")."""
    hits = [m.group(0) for m in _INSTALLMENT_DISTRACTOR.finditer(item)]
    hits += [m.group(0) for m in _TOTAL_DISTRACTOR.finditer(item)]
    if milestone_lead:
        hits = [hit for hit in hits if not _SALES_MILESTONE.fullmatch(hit)]
    if _PAYMENT_CLAIM.search(item):
        hits = [hit for hit in hits if not hit.lower().startswith("claim")]
    return bool(hits)


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


def price_percents(item: str, strict: bool = False) -> list[float]:
    """Percents that are a share of the price, not a royalty, an interest rate or a discount.

    ``strict`` (outside a schedule): the percent must say so ("25% of the License Fee") or be
    followed by when it is due ("20% upon signing").
    """
    out = []
    for start, end, value in find_percents(item):
        local = item[max(0, start - 40) : end + 40]
        if not 0 < value <= 100 or _PERCENT_DISTRACTOR.search(local):
            continue
        if strict and not (_PERCENT_OF_PRICE.match(item, end) or _PERCENT_WHEN.match(item, end)
                           or _PERCENT_OF_TERM.match(item, end)):  # fmt: skip
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
            if found and schedule.of_approvals:
                kind = schedule_kind(schedule, found.name, found.rule, default)
                found = replace(found, kind=kind)
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
    if not (due_date or rule or balance or default_kind == "deliverable" or _ROW_EVENT.search(name)
            or installment_label(name) or kind_of(name)):  # fmt: skip
        return None  # an undated priced line ("0001 | Facilitator | 1 lot | $208,216.70")
    name = short_name(name)
    if name.lower() in ("signing", "execution"):
        name = "Contract signing"
    confidence = 0.7 + (0.2 if due_date else 0.15 if rule else 0.0)
    kind = item_kind(name, rule, default_kind)
    if kind == "signing" and not (due_date or rule):
        rule = DueRule("on signing", 0, "days", "after", "signing")  # "SOW signature | 20%"
    return Found(
        name=name,
        amount=row.amount,
        percent=row.percent,
        balance=balance and not row.amount and row.percent is None,
        due_date=due_date,
        approximate=approximate,
        rule=rule,
        confidence=min(confidence, 0.9),
        kind=kind,
    )
