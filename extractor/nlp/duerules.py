"""Relative deadlines: "within thirty (30) days after acceptance" -> DueRule(30, days, after, ...).

``find_due_rules(text)`` finds every relative deadline in a clause, ``parse_due_rule(text)``
the first one, and ``resolve(rule, anchors)`` turns a rule into a date when its anchor's date
is known (``key_date_anchors(doc)`` gives the anchors the key dates fix). The vocabulary
(anchors, units, direction words) lives in extractor/rules/milestones.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta

from spacy.tokens import Doc

from extractor.nlp.numbers import parse_number_words
from extractor.nlp.rules import milestones as rules
from models import DueRule, Milestone

_SPACES = re.compile(r"\s+")
_RELATIVE = re.compile(
    rf"(?:\b(?P<lead>{rules.LEAD_RE})\s+)?(?:the\s+)?(?P<num>{rules.NUMBER_RE})\s*[-]?\s*"
    rf"(?P<unit>{rules.UNIT_RE})(?:['’]s?)?\s+(?:immediately\s+|next\s+)?"
    rf"(?P<dir>{rules.DIRECTION_RE})\s+(?P<anchor>[^;.:\n]{{2,{rules.MAX_ANCHOR_CHARS}}})",
    re.IGNORECASE,
)
_NET = re.compile(
    rf"{rules.NET_RE}(?:\s+(?:from|after|following|of)\s+(?P<anchor>[^;.:\n]{{2,"
    rf"{rules.MAX_ANCHOR_CHARS}}}))?",
    re.IGNORECASE,
)
_ZERO = re.compile(rf"{rules.ZERO_OFFSET_RE}(?P<anchor>[^;.:\n]{{2,{rules.MAX_ANCHOR_CHARS}}})",
                   re.IGNORECASE)  # fmt: skip
_WEEK = re.compile(rules.WEEK_RE, re.IGNORECASE)
_ANNIVERSARY = re.compile(rules.ANNIVERSARY_RE, re.IGNORECASE)
_NTH_DAY = re.compile(rules.NTH_DAY_RE, re.IGNORECASE)
_PERIOD_END = re.compile(rules.PERIOD_END_RE.format(num=rules.NUMBER_RE, unit=rules.UNIT_RE),
                         re.IGNORECASE)  # fmt: skip
_LEAD_ANCHOR = re.compile(rules.LEAD_ANCHOR_RE, re.IGNORECASE)
_BARE_WITHIN = re.compile(rules.BARE_WITHIN_RE.format(num=rules.NUMBER_RE, unit=rules.UNIT_RE),
                          re.IGNORECASE)  # fmt: skip
_ORDINAL_WORDS = {re.sub(r"\s+", " ", k): v for k, v in rules.ORDINAL_WORDS.items()}
_ANCHORS = [(re.compile(pattern, re.IGNORECASE), anchor) for pattern, anchor in rules.anchors()]
_ANCHOR_END = re.compile(
    r",|\s+(?:and|or|provided|unless|subject|whichever|in\s+accordance|pursuant|as\s+set|as"
    r"\s+described|which|that|who|during|occurs?|shall|will|if|(?<![Dd]ate\s)for|by|to"
    r"|in\s+which)\b"
    r"|\s*\(|\s*[$€£]"
    r"|\s+\d{1,3}(?:,\d{3})+",
    re.IGNORECASE,
)
_DETERMINERS = re.compile(
    r"^(?:the|a|an|such|each|any|its|their|this|that|your|our|receipt\s+(?:by\s+\S+\s+)?of|"
    r"(?:[A-Z][\w.&-]*\s+){0,3}?[\w.&-]+['’]s)\s+",
    re.IGNORECASE,
)
_RECEIPT = re.compile(
    r"^(?:the\s+)?(?:[\w.&-]+['’]s\s+)?(?:receipt\s+(?:by\s+\S+\s+)?of|receiving|receipt\b)",
    re.IGNORECASE,
)
_NOT_DELIVERED = re.compile(
    r"\b(?:notices?(?!\s+of\s+(?:readiness|completion|delivery))|notification|requests?|claims?"
    r"|demands?|complaints?|orders?|payments?|funds"
    r"|invoices?|comments|objections?)\b",
    re.IGNORECASE,
)
_RECURRENCE = re.compile(r"^(?:anniversary|month|quarter|year|week|day)\b", re.IGNORECASE)
_MILESTONE_NAME = re.compile(r"\bmilestone\s+(?:no\.?\s*)?(\d+|[A-Z])\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_UNIT_WORD = re.compile(r"\b(?:days?|weeks?|months?|years?)\b", re.IGNORECASE)
LEAD_REACH = 80  # chars before a unit where "no later than thirty (30)" may start
_ZERO_ANCHORS = ("signing", "kickoff", "delivery", "acceptance", "invoice", "effective_date",
                 "agreement_date", "expiration")  # fmt: skip
# An event named by a defined term may be a milestone: "on the Subscription Start Date".
_DEFINED_EVENT = re.compile(rules.EVENT_TERM_RE)


def number_value(text: str) -> int | None:
    """30 for "thirty (30)", "30", "thirty"; None when it is not a whole number."""
    digits = _DIGITS.findall(text)
    if digits:
        return int(digits[-1])
    value = parse_number_words(text)
    return int(value) if value is not None and float(value).is_integer() else None


def unit_name(text: str) -> str:
    """"business days" -> business_days, "calendar months" -> months."""
    low = text.lower()
    for key, unit in rules.UNIT_NAMES.items():
        if key in low:
            return unit
    return "days"


def direction_of(word: str) -> str:
    return rules.DIRECTION_WORDS.get(_SPACES.sub(" ", word.lower()), "after")


def clean_anchor_phrase(phrase: str) -> str:
    """The event a deadline hangs on, without articles, possessives or trailing clauses."""
    phrase = _SPACES.sub(" ", phrase).strip()
    end = _ANCHOR_END.search(phrase)
    if end:
        phrase = phrase[: end.start()]
    for _ in range(3):
        stripped = _DETERMINERS.sub("", phrase, count=1)
        if stripped == phrase:
            break
        phrase = stripped
    return phrase.strip(" \"'“”’")


def anchor_for(phrase: str) -> str:
    """Map an anchor phrase to the anchor vocabulary, else to ``milestone:<name>`` or the event.

    "receipt of the Transition Plan" is its delivery (but "receipt of a notice" is no delivery).
    """
    received = _RECEIPT.match(_SPACES.sub(" ", phrase).strip())
    phrase = clean_anchor_phrase(phrase)
    named = _MILESTONE_NAME.search(phrase[:40])
    if named:
        return f"milestone:Milestone {named.group(1).upper()}"
    for pattern, anchor in _ANCHORS:
        if pattern.search(phrase):
            if not anchor:
                break  # "regulatory approval" is no acceptance: the event itself
            return anchor
    if received and phrase and not _NOT_DELIVERED.search(phrase) and not _RECEIPT.match(phrase):
        return "delivery"
    words = phrase.lower().split()
    return " ".join(words[:6]) if words else "effective_date"


def find_due_rules(text: str) -> list[tuple[int, int, DueRule]]:
    """Every relative deadline in ``text`` as (start, end, rule), in reading order."""
    found: list[tuple[int, int, DueRule]] = []
    for pattern, read in ((_PERIOD_END, _period_end_rule), (_ANNIVERSARY, _anniversary_rule),
                          (_NTH_DAY, _nth_day_rule)):  # fmt: skip
        if pattern is _PERIOD_END and "period" not in text.lower():
            continue
        for match, rule in _scan(pattern, text, read):
            if rule and not _overlaps(found, match.start(), match.end()):
                found.append((match.start(), match.start() + len(rule.text), rule))
    found += _lead_anchor_rules(text, found)
    position = 0
    for unit in _UNIT_WORD.finditer(text):
        # The rule's number and lead words sit just before its unit: search only there.
        start = max(position, unit.start() - LEAD_REACH)
        if unit.start() < position:
            continue
        match = _RELATIVE.search(text, start, unit.end() + rules.MAX_ANCHOR_CHARS + 40)
        if not match or match.start("unit") > unit.start():
            continue
        if _overlaps(found, match.start("num"), match.end("unit")):
            continue
        rule = _relative_rule(match)
        if rule:
            end = match.start() + len(rule.text)
            found.append((match.start(), end, rule))
            position = max(end, unit.end())
    for pattern, read in ((_NET, _net_rule), (_ZERO, _zero_rule)):
        for match, rule in _scan(pattern, text, read):
            if rule and not _overlaps(found, match.start(), match.end()):
                found.append((match.start(), match.start() + len(rule.text), rule))
    for match in _WEEK.finditer(text):
        if not _overlaps(found, match.start(), match.end()):
            week = int(match.group("week"))
            rule = DueRule(_quote(match.group(0)), week, "weeks", "after", "kickoff")
            found.append((match.start(), match.end(), rule))
    return sorted(found, key=lambda item: item[0])


def _scan(pattern: re.Pattern, text: str, read) -> Iterator[tuple[re.Match, DueRule | None]]:
    """Each match of ``pattern`` and its rule. The next search starts where the rule's words
    end, not where the match does: a match's event runs on to the end of the clause and would
    hide the next rule ("upon signing of this Agreement and 50% upon delivery of the Goods")."""
    position = 0
    while match := pattern.search(text, position):
        rule = read(match)
        yield match, rule
        position = match.start() + max(len(rule.text) if rule else 0, 1)


def _ordinal(text: str) -> int | None:
    digits = _DIGITS.search(text)
    if digits:
        return int(digits.group(0))
    return _ORDINAL_WORDS.get(_SPACES.sub(" ", text.lower().strip()))


def _anchored(match: re.Match, offset: int, unit: str, direction: str = "after") -> DueRule | None:
    """The rule of a match whose "anchor" group names the event, cut to that event."""
    phrase = clean_anchor_phrase(match.group("anchor"))
    if not phrase:
        return None
    return DueRule(_cut_after(match.group(0), phrase), offset, unit, direction,
                   anchor_for(match.group("anchor")))  # fmt: skip


def _anniversary_rule(match: re.Match) -> DueRule | None:
    """"the first anniversary of the Effective Date" -> 1 year after effective_date."""
    nth = _ordinal(match.group("nth"))
    return _anchored(match, nth, "years") if nth and nth <= 50 else None


def _nth_day_rule(match: re.Match) -> DueRule | None:
    """"the 15th day following approval" -> 15 days after acceptance."""
    nth = _ordinal(match.group("nth"))
    if not nth or nth > 365:
        return None
    return _anchored(match, nth, unit_name(match.group("unit")), direction_of(match.group("dir")))


def _period_end_rule(match: re.Match) -> DueRule | None:
    """"completion of the thirty (30) day hypercare period following Go-Live" -> 30 days after."""
    offset = number_value(match.group("num"))
    if offset is None or offset > 3650:
        return None
    return _anchored(match, offset, unit_name(match.group("unit")))


def _lead_anchor_rules(text: str, found) -> list[tuple[int, int, DueRule]]:
    """"Following completion of the SAT, the Buyer shall, within ten (10) Business Days, ..."."""
    lead = _LEAD_ANCHOR.match(text)
    if not lead:
        return []
    within = _BARE_WITHIN.search(text, lead.end(), lead.end() + 120)
    if not within or _overlaps(found, within.start(), within.end()):
        return []
    offset = number_value(within.group("num"))
    phrase = clean_anchor_phrase(lead.group("anchor"))
    if offset is None or not phrase or len(phrase.split()) > 10:
        return []
    rule_text = _quote(text[lead.start("dir") : within.end()])
    rule = DueRule(rule_text, offset, unit_name(within.group("unit")), "after", anchor_for(phrase))
    return [(within.start(), within.end(), rule)]


def parse_due_rule(text: str) -> DueRule | None:
    """The first relative deadline in ``text``, or None."""
    found = find_due_rules(text)
    return found[0][2] if found else None


def _relative_rule(match: re.Match) -> DueRule | None:
    offset = number_value(match.group("num"))
    if offset is None or offset > 3650:
        return None
    if match.group("dir").lower() == "of" and not match.group("lead"):
        return None  # "the first six months of Year 1" is a period, "within 30 days of" a deadline
    phrase = clean_anchor_phrase(match.group("anchor"))
    if not phrase:
        return None
    return DueRule(
        text=_cut_after(match.group(0), phrase),
        offset=offset,
        unit=unit_name(match.group("unit")),
        direction=direction_of(match.group("dir")),
        anchor=anchor_for(match.group("anchor")),
    )


def _net_rule(match: re.Match) -> DueRule | None:
    offset = number_value(match.group("num"))
    if offset is None or offset > 365:
        return None
    unit = unit_name(match.group("unit")) if match.group("unit") else "days"
    phrase = match.group("anchor")
    anchor = anchor_for(phrase) if phrase else "invoice"
    if phrase and anchor not in ("effective_date", "agreement_date", "signing", "invoice",
                                 "delivery", "acceptance", "kickoff"):  # fmt: skip
        anchor = "invoice"
    text = _cut_after(match.group(0), clean_anchor_phrase(phrase)) if phrase else match.group(0)
    return DueRule(_quote(text), offset, unit, "after", anchor)


def _zero_rule(match: re.Match) -> DueRule | None:
    """"upon signing" -> 0 days after signing; only for events in the anchor vocabulary."""
    phrase = clean_anchor_phrase(match.group("anchor"))
    if not phrase or len(phrase.split()) > 10 or _RECURRENCE.match(phrase):
        return None  # "on each anniversary of ..." recurs: no one deadline
    anchor = anchor_for(match.group("anchor"))
    known = anchor in _ZERO_ANCHORS or anchor.startswith("milestone:")
    if not known and not _DEFINED_EVENT.match(phrase):
        return None
    return DueRule(_cut_after(match.group(0), phrase), 0, "days", "after", anchor)


def _cut_after(text: str, phrase: str) -> str:
    """The rule's words up to the end of its event (``phrase``, cleaned by clean_anchor_phrase,
    its spaces collapsed), so the text is searched with its spaces collapsed too: PDF text often
    has two spaces between words, and the rule must not run on into the next clause."""
    text = _quote(text)
    cut = text.find(phrase) if phrase else -1
    return text[: cut + len(phrase)] if cut >= 0 else text


def _overlaps(found: list[tuple[int, int, DueRule]], start: int, end: int) -> bool:
    return any(start < f_end and f_start < end for f_start, f_end, _ in found)


def _quote(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# --- resolving a rule to a date ------------------------------------------------------------
def add_offset(day: date, offset: int, unit: str, direction: str = "after") -> date:
    """``day`` moved ``offset`` units; business days skip weekends (not holidays)."""
    sign = -1 if direction == "before" else 1
    if unit == "days":
        return day + timedelta(days=sign * offset)
    if unit == "weeks":
        return day + timedelta(weeks=sign * offset)
    if unit == "business_days":
        return _add_business_days(day, sign * offset)
    months = offset * (12 if unit == "years" else 1)
    return _add_months(day, sign * months)


def resolve(rule: DueRule, anchors: dict[str, date]) -> date | None:
    """The rule's date when its anchor's date is in ``anchors``, else None."""
    base = anchors.get(rule.anchor)
    return add_offset(base, rule.offset, rule.unit, rule.direction) if base else None


def _add_business_days(day: date, count: int) -> date:
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    while remaining:
        day += timedelta(days=step)
        if day.weekday() < 5:
            remaining -= 1
    return day


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


_PHRASE_AFTER_UNIT = re.compile(
    rf"(?:{rules.UNIT_RE})(?:['’]s?)?\s+(?:immediately\s+|next\s+)?{rules.DIRECTION_RE}\s+(?P<p>.+)$",
    re.IGNORECASE,
)
_PHRASE_AFTER_TRIGGER = re.compile(
    r"^(?:upon|on|at|following|after|with|when|once|from|net\s+\S+\s+(?:days?\s+)?from)\s+"
    r"(?:the\s+)?(?:time\s+of\s+)?(?P<p>.+)$",
    re.IGNORECASE,
)


_PHRASE_AFTER_LEAD = re.compile(r"^(?:following|after|upon|on)\s+(?P<p>[^,]+),", re.IGNORECASE)
_PHRASE_AFTER_ORDINAL = re.compile(
    r"\b(?:anniversary|day|period)\s+(?:immediately\s+)?(?:of|following|after|from|succeeding"
    r"|starting\s+on|commencing\s+on)\s+(?P<p>.+)$",
    re.IGNORECASE,
)


def anchor_phrase(rule_text: str) -> str:
    """The words naming the anchor in a rule's text ("Substantial Completion" in "within 45 days
    after Substantial Completion"), cleaned of articles and possessives."""
    match = (_PHRASE_AFTER_LEAD.search(rule_text) or _PHRASE_AFTER_UNIT.search(rule_text)
             or _PHRASE_AFTER_ORDINAL.search(rule_text)
             or _PHRASE_AFTER_TRIGGER.search(rule_text))  # fmt: skip
    return clean_anchor_phrase(match.group("p")) if match else ""


# --- resolving milestones ------------------------------------------------------------------
def key_date_anchors(doc: Doc) -> dict[str, date]:
    """Anchor -> date from doc._.key_dates (effective date, signing, expiration...)."""
    by_kind: dict[str, date] = {}
    for key_date in doc._.key_dates or ():
        if key_date.value and key_date.kind not in by_kind:
            by_kind[key_date.kind] = key_date.value
    anchors = {}
    for anchor, kinds in rules.KEY_DATE_ANCHORS.items():
        value = next((by_kind[kind] for kind in kinds if kind in by_kind), None)
        if value:
            anchors[anchor] = value
    return anchors


def resolve_milestone(m: Milestone, anchors: dict[str, date], total: float | None = None,
                      currency: str | None = None) -> Milestone:  # fmt: skip
    changes: dict = {}
    rule = m.due_rule
    if m.due_date is None and rule is not None:
        resolved = resolve(rule, anchors)
        if resolved:
            changes["due_date"] = resolved
            if rule.offset == 0 and rule.anchor in _DATED_ANCHORS + tuple(
                a for a in anchors if a.startswith("milestone:")
            ):
                changes["due_rule"] = None  # "on the Effective Date" is that date, not a rule
    if m.amount is None and m.percent is not None and total:
        changes["amount"] = round(total * m.percent / 100, 2)
        changes["currency"] = m.currency or currency
    return replace(m, **changes) if changes else m


_DATED_ANCHORS = ("effective_date", "agreement_date", "signing", "expiration")
