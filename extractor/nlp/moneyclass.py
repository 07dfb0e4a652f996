"""What an amount of money is, read from its clause: a scheduled payment, a recurring fee, a
rate, a cap or limit, or other.

Rules decide, from the words right next to the amount (a unit or a period after it, a limit
word before it), then from its clause (a trigger such as a date or an event, a pay verb, the
list of payments it is a row of). ``classify`` returns the class, a confidence, and the cue
that decided, so a reviewer can see why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.nlp.mentions import Mention
from extractor.nlp.rules import money as rules

_I = re.IGNORECASE
_C = {name: re.compile(pattern, _I) for name, pattern in rules.CLASS_PATTERNS.items()}
_PAREN_AFTER = re.compile(r"^\s*\)?\s*(?:\([^()]{0,80}\)\s*)+")
_CODE_AFTER = re.compile(r"^\s*(?:USD|US|EUR|GBP|CAD|AUD|CHF|U\.S\.|CDN|CND|dollars?)\b\.?", _I)
_GAP = re.compile(r"[\s|]*")
_SPACES = re.compile(r"\s+")
NEAR_BEFORE = 70
NEAR_AFTER = 60
LEAD_STRICT = 120  # chars of a list's lead-in that say its rows are terms, not payments
NEAR_STRICT = 50  # chars before a payment's amount where a cap, rate or other word unmakes it
IMPLAUSIBLE = 1e10  # a single payment of ten billion is a misread figure or a threshold
_CONTINUED = re.compile(r"\s*[a-z]")


@dataclass(frozen=True)
class Decision:
    cls: str
    confidence: float
    cue: str


@dataclass(frozen=True)
class Context:
    """The text around one amount, cut at its sentence and at the neighbouring amounts."""

    before: str  # up to NEAR_BEFORE chars before the amount, after the previous amount
    after: str  # up to NEAR_AFTER chars after the amount (its restatement skipped)
    item: str  # the enumerated item or table row
    sentence: str
    lead: str  # the sentence before (a schedule's lead-in)
    list_lead: str = ""  # the lead-in of the list or table the amount is a row of
    label: str = ""  # the row's words before the amount
    total_of_next: bool = False  # right before an amount it is a whole multiple of ("$1.5M $500,000")
    rest: str = ""  # the rest of the sentence when no other amount follows in it
    amount: float = 0.0
    opening: str = ""  # the sentence up to the amount (at most 600 chars)
    raw_after: str = ""  # right after the amount, its parenthesis kept ('(the "Purchase Price")')


def context_of(mentions: list[Mention], index: int, text: str) -> Context:
    mention = mentions[index]
    previous_end = mentions[index - 1].end if index else 0
    following = mentions[index + 1] if index + 1 < len(mentions) else None
    s_lo, s_hi = mention.sentence
    lo = max(s_lo, mention.start - NEAR_BEFORE, previous_end)
    before = text[lo : mention.start]
    hi = min(s_hi, mention.end + 200)
    if following and mention.end <= following.start < hi:
        hi = following.start
    after = _PAREN_AFTER.sub(" ", _SPACES.sub(" ", text[mention.end : hi]), count=1)
    after = _CODE_AFTER.sub(" ", after, count=1)[:NEAR_AFTER]
    before = _SPACES.sub(" ", before)
    row = bool(mention.lead) or " | " in text[mention.line[0] : mention.line[1]]
    item = text[row_start(text, mention, previous_end) : mention.line[1]] if row else text[
        slice(*mention.item)]
    lead = text[max(0, s_lo - 300) : s_lo]
    total = bool(following and _GAP.fullmatch(text, mention.end, following.start)
                 and _whole_multiple(mention.money.amount, following.money.amount))  # fmt: skip
    rest = "" if following and following.start < s_hi else text[mention.end : s_hi]
    opening = text[max(s_lo, mention.start - 600) : mention.start]
    raw_after = _SPACES.sub(" ", text[mention.end : min(s_hi, mention.end + 120)])
    return Context(before, after, item, text[s_lo:s_hi], lead, mention.lead, mention.label, total,
                   rest, mention.money.amount, opening, raw_after)  # fmt: skip


def _paying(ctx: Context) -> bool:
    """The clause is about paying: a pay word in its sentence or right before it, or a lead-in
    of paid items. (Asking for the pay word right by the amount lost more payments than it
    saved on the blind part, round 4.)"""
    c = _C
    return bool(c["pay"].search(ctx.sentence) or c["pay"].search(ctx.lead[-200:])
                or c["paying_list"].search(ctx.lead[-300:] + ctx.opening))  # fmt: skip


def row_start(text: str, mention: Mention, previous_end: int = 0) -> int:
    """Where a row's words start: its line, and the line above when this one continues it
    ("after the Launch Date $145,833" under "Last day of each of the 1st through 12th months")."""
    start = mention.line[0]
    if _CONTINUED.match(text, start, mention.start) and start > 0:
        above = text.rfind("\n", 0, start - 1) + 1
        start = max(above, previous_end)
    return start


def _whole_multiple(total: float, part: float) -> bool:
    if part <= 0 or total <= part:
        return False
    ratio = total / part
    return round(ratio) >= 2 and abs(ratio - round(ratio)) <= 0.01 * ratio


def classify(ctx: Context) -> Decision:
    """The class of one amount: the first rule that fires wins; a payment read with words of a
    cap, a rate or other money right before its amount is no payment."""
    decision = _classify(ctx)
    if decision.cls != "scheduled":
        return decision
    near = ctx.before[-NEAR_STRICT:]
    for name, cls in (("cap_near", "cap"), ("rate_near", "rate"), ("other_before", "other")):
        if _C[name].search(near):
            return Decision(cls, 0.6, f"{cls} words right before a payment")
    if _C["shares_sentence"].search(ctx.sentence):
        return Decision("other", 0.6, "a payment in a clause on shares")
    lead = ctx.lead.rstrip()
    lead_in = ctx.list_lead or (lead if lead.endswith(":") else "")
    if lead_in and _C["terms_lead"].search(lead_in[-LEAD_STRICT:]):
        return Decision("other", 0.55, "row of a list of terms")
    return decision


def _classify(ctx: Context) -> Decision:
    c = _C
    if ctx.amount >= IMPLAUSIBLE:
        return Decision("other", 0.7, "implausible amount")
    near = ctx.before[-40:] + " @ " + ctx.after[:30]
    if c["shares_near"].search(near):
        return Decision("other", 0.8, "shares")
    if c["cap_before"].search(ctx.before) and not c["minimum_fee_before"].search(ctx.opening[-200:]):
        return Decision("cap", 0.8, "limit word before")
    if ctx.amount < 1:
        return Decision("rate", 0.6, "cents: a price per unit")
    if c["insurance"].search(ctx.sentence):
        return Decision("cap", 0.75, "insurance clause")
    if c["damages"].search(ctx.sentence):
        return Decision("other", 0.75, "damages or penalty")
    if c["per_unit_after"].match(ctx.after):
        return Decision("rate", 0.85, "per unit after")
    if c["per_period_after"].match(ctx.after) or c["period_fee_before"].search(ctx.before):
        return Decision("recurring", 0.8, "per period")
    if c["total_label"].search(ctx.label) or c["total_label"].search(ctx.before[-30:]):
        return Decision("other", 0.8, "a total row")
    if ctx.total_of_next or c["split_after"].match(ctx.after) or c["split_rest"].search(ctx.rest):
        return Decision("other", 0.75, "a total paid in parts")
    if c["liability_cap"].search(ctx.sentence):
        return Decision("cap", 0.7, "liability clause")
    if c["rate_before"].search(ctx.before) or c["for_each_opening"].search(ctx.opening):
        return Decision("rate", 0.7, "rate word before")
    if c["other_near"].search(ctx.before[-50:] + " @ " + ctx.raw_after[:60]):
        return Decision("other", 0.7, "other word near")
    if c["contingent_fee"].search(ctx.before):
        return Decision("other", 0.7, "fee on an optional or adverse event")
    if c["hypothetical_before"].search(ctx.before):
        return Decision("other", 0.65, "what it would be")
    if c["example"].search(ctx.sentence):
        return Decision("other", 0.6, "example")
    if c["total_before"].search(ctx.before[-40:]) and c["split"].search(ctx.sentence):
        return Decision("other", 0.7, "total split into payments")
    if c["due_after"].match(ctx.after) and _paying(ctx) and not c["conditional"].search(ctx.opening):
        return Decision("scheduled", 0.75, "due right after it")
    if c["recurring_item"].search(ctx.item):
        return Decision("recurring", 0.6, "recurring words in item")
    if c["parts_of_before"].search(ctx.before) and _paying(ctx) and c["date"].search(ctx.sentence):
        return Decision("scheduled", 0.7, "equal parts on dates")
    if ctx.list_lead and c["paying_lead"].search(ctx.list_lead) and not c["not_paying_lead"].search(
            ctx.list_lead):  # fmt: skip
        return Decision("scheduled", 0.75, "row of a payment list")
    if c["conditional"].search(ctx.opening):
        return Decision("other", 0.6, "conditional or defining clause")
    trigger = c["trigger"].search(ctx.item) or c["date"].search(ctx.item)
    paying = _paying(ctx)
    if trigger and paying:
        return Decision("scheduled", 0.75, "trigger and pay words")
    if c["one_off"].search(ctx.item) and paying:
        return Decision("scheduled", 0.65, "one-off fee")
    if c["named_fee"].search(ctx.item) and paying:
        return Decision("scheduled", 0.6, "fee named like a one-off")
    return Decision("other", 0.5, "no cue")


# Cues sure enough that an installment found elsewhere with this amount is no payment.
VETO_CUES = frozenset((
    "implausible amount", "shares", "limit word before", "insurance clause", "damages or penalty",
    "per unit after", "cents: a price per unit", "liability clause", "rate word before",
    "other word near", "fee on an optional or adverse event", "a total row",
    "a total paid in parts", "the total of the payments after it", "example", "what it would be",
    "cap words right before a payment", "rate words right before a payment",
    "other words right before a payment", "row of a list of terms", "a payment in a clause on shares",
))  # fmt: skip


def vetoes(decision: Decision) -> bool:
    """The amount is surely no one-off payment (a cap, a rate, a total, a price of shares)."""
    return decision.cls in ("cap", "rate", "other") and decision.cue in VETO_CUES


def needs_due(decision: Decision) -> bool:
    """A scheduled payment whose due cannot be read is no payment a tracker can plan: it stays
    a mention of class other, unless the fee is one-off by its nature ("a one-time fee")."""
    return decision.cls == "scheduled" and decision.cue != "one-off fee"
