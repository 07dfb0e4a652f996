"""Every amount of money in a contract, what it is, and the payments a tracker should follow.

``read_money(doc, installments)`` (called by ``contract_payments``) finds every money mention
(extractor.nlp.mentions), classifies it from its clause (extractor.nlp.moneyclass), and turns
the scheduled payments into payment milestones with their due date or rule
(extractor.nlp.moneydue) and the recurring fees with a stated count or term into one dated
milestone per instalment (extractor.nlp.series). Payments the installment reader already found
are not repeated. The mentions go to ``Contract.money``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Doc

from extractor.nlp.clauses import document_currency, settings_of
from extractor.nlp.duerules import key_date_anchors, resolve
from extractor.nlp.evidence import evidence_for
from extractor.nlp.feecolumns import FeeColumn, fee_column
from extractor.nlp.mentions import Mention, find_mentions, reading_text
from extractor.nlp.moneyclass import (
    VETO_CUES,
    Context,
    Decision,
    classify,
    context_of,
    needs_due,
    vetoes,
)
from extractor.nlp.moneydue import Due, general_rule, payment_name, read_dues, with_general
from extractor.nlp.rules import money as money_rules
from extractor.nlp.series import (
    PER_YEAR,
    STEP,
    THRESHOLD_REACH,
    Term,
    count_in,
    expand,
    recurrence_in,
    start_in,
    threshold_start,
    until_count,
)
from extractor.nlp.series import count_number as _count_number
from extractor.nlp.yearfees import instalment_rule, split_near, year_instalments, year_of
from models import DueRule, Milestone, MoneyMention, PaymentTerm, Recurrence

_SPACES = re.compile(r"\s+")
_AT_SIGNING = re.compile(r"\b(?:down\s*payment|signing\s+(?:fee|bonus|payment)|up-?\s?front)\b[^$€£]*$",
                         re.IGNORECASE)  # fmt: skip
_UPFRONT_AFTER = re.compile(r"\s*[.,]?\s*[-–—:]?\s*(?:up-?\s?front|down\s*payment|signing\s+(?:fee|bonus|payment))\b",
                            re.IGNORECASE)  # "$30,000. - down payment."
_MONEY_SIGN = re.compile(r"[$€£]|\d{1,3},\d{3}")
_NOT_FEES = re.compile(r"\b(?:sales|revenues?|targets?|minimum\s+(?:purchase|order|sales)|at\s+least"
                       r"|volume|threshold|royalt\w*|discount|budget|spend)\b", re.IGNORECASE)  # fmt: skip
_ANNOUNCES_PARTS = re.compile(r":|\bas\s+follows\b|\binstall?ments\b|\btranches\b|\bpayable\s+in\b"
                              r"|\bfollowing\b", re.IGNORECASE)  # fmt: skip
_UNIT_AFTER = re.compile(r"^\s*\)?\s*(?:per|/|an|a|each|for\s+each)\s+[\w-]+(?:\s+(?:per|/)\s+[\w-]+)?",
                         re.IGNORECASE)  # fmt: skip
_IN_ADVANCE = re.compile(r"\bin\s+advance\b", re.IGNORECASE)
_TERM_LENGTH = re.compile(money_rules.TERM_LENGTH_RE.format(num=money_rules.COUNT_NUMBER_RE), re.IGNORECASE)
_SPLIT_SENTENCE = re.compile(r"[^.;]*\b(?:install?ments|one-half|half)\b[^.;]*(?:;[^.;]*)?", re.IGNORECASE)
_PARTS_OR_DAYS = re.compile(r"\binstall?ments\b|\bhalf\b", re.IGNORECASE)
_LIST_LEAD = re.compile(r"[:;]\s+(?=\S)")
_FEE_WORD = re.compile(r"\b(?:fees?|charges?|invoices?|payments?|install?ments?)\b", re.IGNORECASE)
ANNUAL_SPLIT_REACH = 800  # chars after an annual fee where the rule that splits it is read
NO_DUE = "no due for a payment"
REVIEW_BELOW = 0.7  # payment milestones less sure than this are marked needs_review
SAME_PAYMENT_PAGES = 1
MAX_TERM_FEES = 2  # recurring fees a contract may have for term-inferred counts to apply
YEAR_LEAD_REACH = 400  # chars before a table of yearly amounts that say what they are
TOTAL_REACH = 3000
PARTS_REACH = 300  # chars after a total's sentence where the next one may announce its parts
_SENTENCE_END = re.compile(r"[.;:](?=\s)")
MAX_RATE_TERMS = 12  # a tariff of fifty rates is in Contract.money; the terms keep the first
FEE_FOLLOW_UP = 300  # chars after a fee's sentence read for how it is paid  # chars after a total within which its parts are listed


@dataclass(frozen=True)
class Reading:
    """One mention as read: its class, and what the clause says of when it is paid."""

    mention: Mention
    context: Context
    decision: Decision
    dues: tuple[Due, ...] = ()
    recurrence: Recurrence | None = None
    name: str | None = None
    expand: bool = True  # False for a fee whose instalments are stated apart
    inferred: bool = False  # the recurrence's count comes from the contract's term
    instalments: tuple[Milestone, ...] = ()  # a contract year's fee, dated (extractor.nlp.yearfees)
    span: tuple[int, int] = (0, 0)  # where the recurrence was read


def read_money(doc: Doc, installments: list[Milestone]):
    """The money mentions of the document, the installments it keeps (not those it knows for a
    cap, a rate or a total), and the payment milestones it adds."""
    text = reading_text(doc)
    currency = document_currency(doc)
    dayfirst = settings_of(doc).dayfirst
    mentions = find_mentions(doc, currency)
    term = _term(doc, text)
    general = cache(lambda: general_rule(text))
    readings = [_read(doc, text, mentions, i, term, general, dayfirst) for i in range(len(mentions))]
    readings = _totals_of_parts(_parts_not_totals(_term_counts_for_main_fees(readings)), text)
    readings = _year_fees(doc, readings, text, term)
    readings = _split_annual_fees(doc, readings, text, term, dayfirst)
    money: list[MoneyMention] = []
    found: list[Milestone] = []
    moved: set[tuple] = set()  # (amount, currency, start) of series first paid after their start
    for reading in readings:
        dated = _distinct_series(_milestones(doc, reading, text, dayfirst, term), found)
        rec = reading.recurrence
        if dated and rec and rec.start and dated[0].due_date and dated[0].due_date != rec.start:
            moved.add((reading.mention.money.amount, reading.mention.money.currency, rec.start))
        if dated and rec and dated[0].series and rec.count != len(dated):
            reading = replace(reading, recurrence=replace(rec, count=len(dated)))  # as expanded
        money.append(_money_mention(doc, reading))
        found += dated
    vetoed = {(r.mention.money.amount, r.mention.money.currency, r.mention.page)
              for r in readings if vetoes(r.decision)}  # fmt: skip
    # "Commencing on 20 August 2020 ... paid within the first five days of the following month":
    # the start day the installment reader took for a payment is no payment of its own.
    kept = [m for m in installments if not _vetoed(m, vetoed)
            and (m.amount, m.currency, m.due_date) not in moved]  # fmt: skip
    found = _not_series_totals(found)
    return money, kept, _new_payments(found, kept, key_date_anchors(doc))


def _not_series_totals(found: list[Milestone]) -> list[Milestone]:
    """"A one-time $10,000 promotional fee ... payable in four (4) quarterly payments: Q1 ($2500)
    ...": a payment with no due that is the sum of a series stated beside it is that series' total."""
    totals: dict[str, tuple[float, str | None, int]] = {}
    for m in found:
        if m.series and m.amount is not None:
            amount, _, page = totals.get(m.series, (0.0, m.currency, _page(m)))
            totals[m.series] = (amount + m.amount, m.currency, page)

    def is_total(m: Milestone) -> bool:
        if m.series or m.amount is None or m.due_date or m.due_rule:
            return False
        return any(currency == m.currency and abs(amount - m.amount) <= 0.01 * m.amount
                   and abs(page - _page(m)) <= SAME_PAYMENT_PAGES for amount, currency, page in totals.values())  # fmt: skip

    return [m for m in found if not is_total(m)]


def _page(m: Milestone) -> int:
    return m.evidence.page if m.evidence else 0


def _vetoed(m: Milestone, vetoed: set) -> bool:
    """An installment whose amount the money reader knows for a cap, a rate or a total."""
    if m.amount is None or m.evidence is None:
        return False
    return (m.amount, m.currency, m.evidence.page) in vetoed


def _term(doc: Doc, text: str) -> Term:
    dates = {k.kind: k.value for k in reversed(doc._.key_dates or ()) if k.value}
    return Term.of(doc._.term or stated_term(text), dates.get("effective_date"),
                   dates.get("expiration_date"))  # fmt: skip


def stated_term(text: str) -> str | None:
    """"shall continue for ten (10) Contract Years" -> "10 years", when the key dates read no
    term: a fee paid "during each Contract Year of the Term" needs its count."""
    match = _TERM_LENGTH.search(text)
    if not match:
        return None
    value = _count_number(match.group("num"))
    if not value or value > 50:
        return None
    unit = "years" if match.group("unit").lower().startswith("year") else "months"
    return f"{value} {unit}"


def _read(doc: Doc, text: str, mentions: list[Mention], index: int, term: Term, general,
          dayfirst: bool) -> Reading:  # fmt: skip
    mention = mentions[index]
    previous = mentions[index - 1].end if index else 0
    context = context_of(mentions, index, text)
    decision = classify(context)
    reading = Reading(mention, context, decision)
    if decision.cue == "no cue":
        column = fee_column(text, mention.start)
        if column:
            return _column_fee(reading, column, text[slice(*fee_span(mentions, index))], term)
    if decision.cls == "scheduled":
        dues = read_dues(text, mentions, index, dayfirst)
        if not dues and (_AT_SIGNING.search(context.before[-40:]) or _UPFRONT_AFTER.match(context.after)):
            dues = (Due(None, DueRule("on signing", 0, "days", "after", "signing")),)
        if not dues and needs_due(decision):
            return replace(reading, decision=Decision("other", 0.5, NO_DUE))
        local_before = text[max(mention.item[0], previous) : mention.start]
        row = mention.label if mention.lead else ""
        raw_after = text[mention.end : mention.end + 120]
        name = payment_name(local_before, raw_after, row, dues[0] if dues else None)
        dues = tuple(with_general(due, general) for due in dues)
        return replace(reading, dues=dues, name=name)
    if decision.cls == "recurring":
        lo, hi = fee_span(mentions, index)
        in_prose = " | " not in text[slice(*mention.line)]
        if context.rest and in_prose and text[lo:hi].rstrip().endswith(";"):
            hi = max(hi, mention.sentence[1])  # "... during the Term; provided that after the first five years"
        clause = text[lo:hi]
        recurrence, inferred = recurrence_in(context.before, context.after, clause, term, dayfirst)
        if recurrence is None:
            return reading
        recurrence = threshold_start(recurrence, text[max(0, mention.start - THRESHOLD_REACH) : mention.start])
        if inferred:  # the count comes from the contract's term: a person should confirm it
            decision = replace(decision, confidence=min(decision.confidence, 0.6))
            reading = replace(reading, decision=decision, inferred=True)
        raw_after = text[mention.end : mention.end + 120]
        name = payment_name(context.before, raw_after, mention.label if mention.lead else "", None)
        if name == "Payment":
            name = f"{recurrence.period.capitalize()} fee"
        return replace(reading, recurrence=recurrence, name=name, span=fee_span(mentions, index))
    return reading


def _column_fee(reading: Reading, column: FeeColumn, clause: str, term: Term) -> Reading:
    """A row's amount under a "Monthly Fee (USD) – 2020" column: a fee of that period, for the
    row's own stated term or to the end of the column's year, whichever comes first."""
    count = count_in(clause, column.period, term)
    start = term.effective or column.start
    if column.until and start and column.until > start:
        to_year_end = until_count(start, column.until, column.period)
        count = min(count, to_year_end) if count and to_year_end else count or to_year_end
    rule = DueRule("from the effective date", 0, STEP[column.period][1], "after", "effective_date")
    recurrence = Recurrence(column.period, count, None, rule)
    decision = Decision("recurring", 0.6, "period in the column header")
    return replace(reading, decision=decision, recurrence=recurrence,
                   name=f"{column.period.capitalize()} fee")  # fmt: skip


def _term_counts_for_main_fees(readings: list[Reading]) -> list[Reading]:
    """A count inferred from the contract's term fits the contract's own fee, not the lines of
    a price list: with more than MAX_TERM_FEES recurring fees, inferred counts are dropped."""
    inferred = [r for r in readings if r.recurrence and r.inferred]
    fees = {r.mention.money.amount for r in readings if r.decision.cls == "recurring"}
    if not inferred or len(fees) <= MAX_TERM_FEES:
        return readings
    return [replace(r, recurrence=replace(r.recurrence, count=None), inferred=False)
            if r in inferred else r for r in readings]  # fmt: skip


def _year_fees(doc: Doc, readings: list[Reading], text: str, term: Term) -> list[Reading]:
    """"Year 1 (2019/20): $150,000 ... Year 4: $163,900" with "payable in four (4) equal
    instalments on the first day of each calendar quarter": each year's fee, dated."""
    rows = [(i, year) for i, r in enumerate(readings)
            if r.decision.cls in ("recurring", "scheduled", "other") and r.decision.cue not in VETO_CUES
            and (year := year_of(_row_label(text, r.mention, readings[i - 1].mention.end if i else 0))
                     or year_of(_line_above(text, r.mention)))]  # fmt: skip
    if len(rows) < 2:
        return readings
    first, last = readings[rows[0][0]].mention, readings[rows[-1][0]].mention
    if _NOT_FEES.search(text, max(0, first.start - YEAR_LEAD_REACH), first.start):
        return readings  # "generate at least the following amount of new sales": targets
    split = split_near(text, first.start, last.end)
    out = list(readings)
    for index, year in rows:
        r = readings[index]
        m = r.mention
        decision = Decision("recurring", 0.7, "fee of a contract year")
        dated = year_instalments(year, m.money.amount, m.money.currency, split, term.effective,
                                 evidence_for(doc, *_quote_span(m)), 0.7)  # fmt: skip
        out[index] = replace(r, decision=decision, recurrence=Recurrence("annual", 1),
                             name=f"Annual fee year {year}", instalments=tuple(dated))  # fmt: skip
    return out


def _split_annual_fees(doc: Doc, readings: list[Reading], text: str, term: Term,
                       dayfirst: bool) -> list[Reading]:  # fmt: skip
    """"The Sponsorship Fee shall be $4,000,000 during each Contract Year", then "payable in two
    (2) equal semiannual installments per year on or before March 1 and September 1 of each
    Contract Year; with the first installment due on March 1, 2014": each year's fee, split."""
    out = list(readings)
    for index, r in enumerate(readings):
        rec = r.recurrence
        if (r.instalments or not r.expand or r.decision.cls != "recurring" or not rec or rec.period != "annual"
                or not rec.count):
            continue
        after = text[r.mention.end : r.mention.end + ANNUAL_SPLIT_REACH]
        split = instalment_rule(after)
        if split is None or split.parts < 2:
            continue
        sentence = next((m.group(0) for m in _SPLIT_SENTENCE.finditer(after)
                         if _PARTS_OR_DAYS.search(m.group(0))), "")  # fmt: skip
        first, _ = start_in(sentence, dayfirst)  # year 1 starts where its first instalment falls
        base = first or term.effective
        m = r.mention
        evidence = evidence_for(doc, *_quote_span(m))
        dated = [s for year in range(1, rec.count + 1)
                 for s in year_instalments(year, m.money.amount, m.money.currency, split, base, evidence,
                                           min(r.decision.confidence, 0.7))]  # fmt: skip
        name = r.name or "Annual fee"
        dated = [replace(s, name=s.name.replace("Annual fee", name, 1), series=name) for s in dated]
        out[index] = replace(r, instalments=tuple(dated))
    return out


def _row_label(text: str, m: Mention, previous_end: int = 0) -> str:
    """The row's words before the amount; in a list run on one line ("Year 1 (2020/21):
    $150,000; Year 2: $155,000"), those after the previous amount."""
    label = text[max(m.line[0], previous_end) : m.start]
    return _LIST_LEAD.split(label)[-1]  # "... as follows: Year 1 (2020/21): " -> "Year 1 (2020/21): "


def _line_above(text: str, m: Mention) -> str:
    """The line above a row when it holds no amount (a row label wrapped onto two lines)."""
    lo = text.rfind("\n", 0, max(0, m.line[0] - 1)) + 1
    above = text[lo : max(lo, m.line[0] - 1)]
    return "" if _MONEY_SIGN.search(above) else above


def _parts_not_totals(readings: list[Reading]) -> list[Reading]:
    """"An annual fee of $30,000, paid in quarterly installments of $7,500": the cash falls in
    the instalments, so only the shorter period is expanded into milestones."""
    out = list(readings)
    for index, reading in enumerate(readings):
        rec = reading.recurrence
        if rec is None:
            continue
        for other in readings:
            orec = other.recurrence
            if (other is not reading and orec and other.mention.sentence == reading.mention.sentence
                    and PER_YEAR[orec.period] > PER_YEAR[rec.period]):  # fmt: skip
                out[index] = replace(reading, expand=False)
                break
    return out


def _totals_of_parts(readings: list[Reading], text: str) -> list[Reading]:
    """"A one-time license fee of USD 240,000" followed by instalments of 60,000, 60,000, 72,000
    and 48,000: the first amount is the total of the others, not one more payment."""
    out = list(readings)
    for index, reading in enumerate(readings):
        if reading.decision.cls != "scheduled":
            continue
        total, m = 0.0, reading.mention
        parts = 0
        for other in readings[index + 1 :]:
            o = other.mention
            if o.start - m.end > TOTAL_REACH:
                break
            is_part = other.decision.cls in ("scheduled", "recurring") or other.decision.cue == NO_DUE
            if not is_part or o.money.currency != m.money.currency:  # a payment whose due is unread
                continue  # is still a part ("... after acceptance of the Final Report EUR 25.000,00")
            if m.lead and o.lead == m.lead:
                break  # rows of one schedule are its parts, none the total of the next ones
            if parts == 0 and not _ANNOUNCES_PARTS.search(text, m.end, min(o.start, _next_sentence_end(text, m))):
                break  # a total announces its parts ("payable as follows:") in its sentence or the next
            total += o.money.amount
            parts += 1
            if parts >= 2 and abs(total - m.money.amount) <= 0.005 * m.money.amount:
                decision = Decision("other", 0.75, "the total of the payments after it")
                out[index] = replace(reading, decision=decision, dues=(), name=None)
                break
            if total > m.money.amount * 1.005:
                break
    return out


def _next_sentence_end(text: str, m: Mention) -> int:
    """Where the sentence after the amount's own ends ("... USD 240,000. This fee shall be paid
    in instalments:" reaches the colon)."""
    end = _SENTENCE_END.search(text, m.sentence[1] + 1, m.sentence[1] + PARTS_REACH)
    return end.end() if end else m.sentence[1] + PARTS_REACH


def _money_mention(doc: Doc, reading: Reading) -> MoneyMention:
    m = reading.mention
    due = reading.dues[0] if len(reading.dues) == 1 else None
    return MoneyMention(
        kind=reading.decision.cls,
        amount=m.money.amount,
        currency=m.money.currency,
        text=_SPACES.sub(" ", m.money.text),
        evidence=evidence_for(doc, *_quote_span(m)),
        name=reading.name,
        due_date=due.due_date if due else None,
        due_rule=due.rule if due else None,
        recurrence=reading.recurrence,
        confidence=reading.decision.confidence,
        cue=reading.decision.cue,
    )


def _quote_span(m: Mention) -> tuple[int, int]:
    lo, hi = m.item
    if hi - lo > 300:
        lo, hi = max(lo, m.start - 150), min(hi, m.end + 150)
    return lo, hi


def _milestones(doc: Doc, reading: Reading, text: str, dayfirst: bool,
                term: Term) -> list[Milestone]:  # fmt: skip
    m = reading.mention
    evidence = evidence_for(doc, *_quote_span(m))
    confidence = reading.decision.confidence
    if reading.instalments:
        return [_review(s) for s in reading.instalments]
    if reading.decision.cls == "recurring" and reading.recurrence and reading.expand:
        clause = _fee_clause(text, m, reading.span)
        series = expand(reading.recurrence, m.money.amount, m.money.currency, reading.name or "Fee",
                        evidence, clause, dayfirst, confidence, term)  # fmt: skip
        return [_review(s) for s in series]
    if reading.decision.cls != "scheduled":
        return []
    dues = reading.dues or (Due(),)
    series = reading.name if len(dues) > 1 else None
    out = []
    for index, due in enumerate(dues):
        name = reading.name or "Payment"
        if len(dues) > 1:
            name = f"{name} {index + 1} of {len(dues)}"
        sure = confidence if due.known else confidence - 0.2
        out.append(_review(Milestone(
            name=name, kind="payment", due_date=due.due_date, due_rule=due.rule,
            amount=m.money.amount, currency=m.money.currency, evidence=evidence,
            confidence=max(0.3, min(0.9, sure)), approximate=due.approximate, series=series,
        )))  # fmt: skip
    return out


def fee_span(mentions: list[Mention], index: int) -> tuple[int, int]:
    """Where a fee's period, count and start are read: a list row's own words (between its
    neighbours), else its enumerated item, else its sentence."""
    m = mentions[index]
    previous = mentions[index - 1].end if index else 0
    following = mentions[index + 1].start if index + 1 < len(mentions) else m.sentence[1]
    if m.lead:
        lo = max(m.sentence[0], previous)
        return lo, max(m.line[1], min(following, m.sentence[1]))
    lo, hi = m.item if m.item != m.sentence else m.sentence
    return max(lo, previous), min(hi, following)


def _fee_clause(text: str, m: Mention, span: tuple[int, int]) -> str:
    """The fee's clause, and the next sentences that say how a fee is paid ("The Supplier
    shall invoice the monthly fee monthly in arrears") unless its own says "in advance"."""
    own = text[span[0] : span[1]]
    if _IN_ADVANCE.search(text[slice(*m.line)]) or _IN_ADVANCE.search(own):
        return own
    follow = text[m.sentence[1] : m.sentence[1] + FEE_FOLLOW_UP]
    return " ".join([own, *(s for s in re.split(r"(?<=\.)\s", follow) if _FEE_WORD.search(s))])


def _distinct_series(new: list[Milestone], found: list[Milestone]) -> list[Milestone]:
    """Two fees both read as "Monthly fee" are two series: the second one's label gets its
    amount ("Monthly fee USD 7,500")."""
    taken = {m.series for m in found if m.series}
    label = new[0].series if new else None
    if label is None or label not in taken:
        return new
    other = f"{label} {new[0].currency} {new[0].amount:,.2f}".removesuffix(".00")
    return [replace(m, series=other, name=m.name.replace(label, other, 1)) for m in new]


def _review(milestone: Milestone) -> Milestone:
    if milestone.confidence < REVIEW_BELOW:
        return replace(milestone, needs_review=True)
    return milestone


# --- merging with the installment reader ---------------------------------------------------
def _new_payments(found: list[Milestone], installments: list[Milestone],
                  anchors: dict | None = None) -> list[Milestone]:  # fmt: skip
    """The payments the installment reader did not find; one of each repeated payment. Of a
    series, only an instalment the reader dated the same (or its first one) can be known."""
    out: list[Milestone] = []
    seen_series: set[str] = set()
    for milestone in found:
        first = milestone.series is not None and milestone.series not in seen_series
        if milestone.series:
            seen_series.add(milestone.series)
        known = [o for o in installments if _same_payment(milestone, o, anchors)]
        if milestone.series and known:
            known = [o for o in known if first or (o.due_date and o.due_date == milestone.due_date)]
        if known:
            continue
        if milestone.series is None and any(_repeated(milestone, other) for other in out):
            continue
        out.append(milestone)
    return out


def _same_payment(new: Milestone, old: Milestone, anchors: dict | None = None) -> bool:
    if new.amount is None or old.amount is None or abs(new.amount - old.amount) > 0.01 * new.amount:
        return False
    due = new.due_date or (resolve(new.due_rule, anchors) if new.due_rule and anchors else None)
    if due and old.due_date and due != old.due_date:
        return False
    if new.due_rule and old.due_rule and _key(new.due_rule) != _key(old.due_rule):
        return False
    pages = (new.evidence.page if new.evidence else 0, old.evidence.page if old.evidence else 0)
    return abs(pages[0] - pages[1]) <= SAME_PAYMENT_PAGES


def _repeated(new: Milestone, old: Milestone) -> bool:
    """The same payment stated twice: same amount and the same due (or none)."""
    if old.series or new.amount != old.amount or new.currency != old.currency:
        return False
    return new.due_date == old.due_date and _rule_key(new) == _rule_key(old)


def _key(rule: DueRule) -> tuple:
    return (rule.offset, rule.unit, rule.direction, rule.anchor)


def _rule_key(m: Milestone) -> tuple | None:
    rule = m.due_rule
    return (rule.offset, rule.unit, rule.direction, rule.anchor) if rule else None


# --- payment terms -------------------------------------------------------------------------
def open_ended_terms(money: list[MoneyMention], terms: list[PaymentTerm]) -> list[PaymentTerm]:
    """Open-ended fees are payment terms, not milestones: the rates (per hour, per unit...) and
    the recurring fees without a count, each once, at most MAX_RATE_TERMS rates."""
    seen = {(t.amount, t.period) for t in terms if t.kind == "recurring_fee"}
    out: list[PaymentTerm] = []
    rates = 0
    for m in money:
        if m.kind == "recurring" and m.recurrence and not m.recurrence.count:
            key = (m.amount, m.recurrence.period)
            if key not in seen:
                seen.add(key)
                out.append(PaymentTerm(kind="recurring_fee", text=f"{m.text} {m.recurrence.period}",
                                       amount=m.amount, currency=m.currency,
                                       period=m.recurrence.period, evidence=m.evidence))  # fmt: skip
        elif m.kind == "rate" and rates < MAX_RATE_TERMS and (m.amount, "rate") not in seen:
            seen.add((m.amount, "rate"))
            rates += 1
            out.append(PaymentTerm(kind="rate", text=_rate_text(m), amount=m.amount,
                                   currency=m.currency, evidence=m.evidence))  # fmt: skip
    return out


def _rate_text(m: MoneyMention) -> str:
    """"$150.00 per hour": the amount and the unit it is charged by, from its quote."""
    quote = m.evidence.text if m.evidence else ""
    unit = _UNIT_AFTER.search(quote[quote.find(m.text) + len(m.text) :] if m.text in quote else "")
    return f"{m.text} {unit.group(0).strip()}" if unit else m.text


# --- warnings ------------------------------------------------------------------------------
def total_warning(total: float | None, currency: str | None, milestones: list[Milestone]) -> str | None:
    """"the payments add up to USD 90,000.00 but the stated total is USD 100,000.00"."""
    if not total:
        return None
    amounts = [m.amount for m in milestones if m.kind == "payment" and m.amount is not None
               and (m.currency or currency) == currency]  # fmt: skip
    if len(amounts) < 2 or any(abs(a - total) <= 0.005 * total for a in amounts):
        return None  # a total that is one of the payments was misread
    paid = round(sum(amounts), 2)
    if abs(paid - total) <= 0.01 * total:
        return None
    return (f"the payment milestones add up to {currency} {paid:,.2f} but the stated total is "
            f"{currency} {total:,.2f}")  # fmt: skip


def money_currency(money: list[MoneyMention]) -> str | None:
    codes = Counter(m.currency for m in money if m.kind in ("scheduled", "recurring"))
    return codes.most_common(1)[0][0] if codes else None
