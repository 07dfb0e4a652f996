"""When a scheduled payment falls due, and what to call it.

The due is read nearest first: the words between this amount and its neighbours in the same
item, then the whole item, then its sentence, then the sentence after it when that one speaks
of "such payment" or the fee by name. A payment due on an event ("upon first commercial sale")
takes the contract's general rule for milestone payments when it states one ("each milestone
payment shall be paid within sixty (60) days after the milestone event occurs").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from extractor.nlp.clauses import anchor_ok, short_name
from extractor.nlp.dates import find_dates
from extractor.nlp.duerules import find_due_rules
from extractor.nlp.mentions import Mention
from extractor.nlp.rules import money as rules
from extractor.nlp.series import year_shared_dates
from models import DueRule

_I = re.IGNORECASE
_MILESTONE_WORD = re.compile(r"\bmilestone\s+(?:payment|event)s?\b|\b(?:each|such|any|the)\s+(?:[\w-]+\s+)?"
                             r"milestone\b", _I)  # fmt: skip
_PAY_WORD = re.compile(r"\b(?:pay|paid|payable|remit|payment)\b", _I)
_EVENT_OF_MILESTONE = re.compile(r"achiev|occur|notif|notice|milestone|attain|complet", _I)
GENERAL_REACH = 250
_FOLLOW_UP = re.compile(rules.FOLLOW_UP_RE, _I)
_DEFINED_AFTER = re.compile(rules.DEFINED_NAME_AFTER_RE)
_FEE_BEFORE = re.compile(rules.FEE_NAME_BEFORE_RE, _I)
_ENUMERATOR = re.compile(r"\W*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2}(?:\.\d{1,2})*)[.)]\s*)+", _I)
_LABEL_JUNK = re.compile(r"[*•●▪|:–—-]+|\s+")
_UPON_EVENT = re.compile(rules.UPON_EVENT_RE, _I)
_SPACES = re.compile(r"\s+")
_TRIGGER_WORD = re.compile(r"^(?:upon|on|at|following|after|when|once)\s+(?:the\s+)?", _I)
_TWO_DIGIT_YEAR = re.compile(r"\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\.?\s+\d{2}")
_YEAR_AFTER = re.compile(r",?\s*\d{4}\b")
_CLOSED = re.compile(r"[.;:]\s*$")
_MILESTONE_LEAD = re.compile(rules.MILESTONE_LEAD_RE, _I)
_PAY_VERB = re.compile(r"^(?:(?:shall|will|to|agrees?\s+to)\s+)?(?:pay|pays|paid|receive)\s+", _I)
_PERIOD_END_BEFORE = re.compile(r"\b(?:through|until|till|to|ending\s+on|expir\w*\s+on)\s+$", _I)
_RANGE_GAP = re.compile(r"\s*(?:-|–|—|to|through|until)\s*", _I)
_EVENT_ANCHORS = ("effective_date", "agreement_date", "signing", "kickoff", "invoice", "expiration")


@dataclass(frozen=True)
class Due:
    due_date: date | None = None
    rule: DueRule | None = None
    approximate: bool = False
    where: str = ""  # local, item, sentence, next: how far the due was found

    @property
    def known(self) -> bool:
        return self.due_date is not None or self.rule is not None


def read_dues(text: str, mentions: list[Mention], index: int, dayfirst: bool) -> tuple[Due, ...]:
    """Nearest first: between the neighbouring amounts of the item (a list row: its own line),
    the item, the sentence (read on over a page break), the sentence after when it speaks of
    "such payment"; a column of dates under a row of amounts; an event named after "upon"; the
    row label of a list of milestone payments."""
    mention = mentions[index]
    lo, hi = mention.item
    if index and mentions[index - 1].end > lo:
        lo = mentions[index - 1].end
    if index + 1 < len(mentions) and mentions[index + 1].start < hi:
        hi = mentions[index + 1].start
    line_lo, line_hi = mention.line
    if _ENUMERATOR.match(text, line_lo, mention.start) and lo < line_lo:
        lo = line_lo  # "19.2.4. On acceptance of System launch $150,000": its own item
    columns = column_dues(text, mentions, index, dayfirst)
    if columns:
        return columns
    if mention.lead:
        windows = [(lo, hi, True), (max(lo, line_lo), min(hi, line_hi) or hi, False)]
        if not _CLOSED.search(text, line_lo, line_hi) and "\n\n" in text[line_hi : line_hi + 3]:
            windows.append((max(lo, line_lo), min(len(text), line_hi + 200), False))
    else:
        s_lo, s_hi = mention.sentence
        windows = [(lo, hi, True), (*mention.item, False), (max(s_lo, mention.item[0]), s_hi, False)]
        if not _CLOSED.search(text, s_lo, s_hi):  # cut by a page break: read on
            windows.append((s_lo, min(len(text), s_hi + 300), False))
    for start, end, listed in windows:
        found = dues_in(text[start:end], mention.start - start, dayfirst, listed)
        if found:
            return tuple(found)
    s_end = mention.sentence[1]
    following = text[s_end : s_end + 400]
    if follows_up(following):
        found = dues_in(following.split(". ")[0], 0, dayfirst, False)
        if found:
            return tuple(found)
    # "upon Net Sales first exceeding € 5.000.000": the event may end with the next amount
    reach = mentions[index + 1].end if hi < mention.item[1] else hi
    event = event_due(text[lo:reach])
    if event is None and not mention.lead:
        event = event_due(text[slice(*mention.item)])
    if event is None and mention.lead and _MILESTONE_LEAD.search(mention.lead):
        event = label_due(mention.label)
    return (event,) if event else ()


def column_dues(text: str, mentions: list[Mention], index: int, dayfirst: bool) -> tuple[Due, ...]:
    """A row of amounts over (or under) a row of as many dates: the k-th amount is due on the
    k-th date ("Payment ($000) $1,000 $1,000 $1,000" / "Payment Due Date May 1, 2016 ...")."""
    mention = mentions[index]
    line_lo, line_hi = mention.line
    row = [m for m in mentions if m.line == mention.line]
    if len(row) < 2 or find_dates(text[line_lo:line_hi], dayfirst=dayfirst):
        return ()
    position = row.index(mention)
    for lo, hi in _neighbour_lines(text, line_lo, line_hi):
        dates = [p for _, _, p in find_dates(text[lo:hi], dayfirst=dayfirst) if not p.approximate]
        if len(dates) == len(row):
            return (Due(dates[position].value, None),)
    return ()


def _neighbour_lines(text: str, lo: int, hi: int, reach: int = 2) -> list[tuple[int, int]]:
    out, a, b = [], lo, hi
    for _ in range(reach):
        if b < len(text):
            nb = text.find("\n", b + 1)
            nb = len(text) if nb < 0 else nb
            out.append((b + 1, nb))
            b = nb
        if a > 0:
            na = text.rfind("\n", 0, a - 1) + 1
            out.append((na, a - 1))
            a = na
    return out


def _unnumbered(text: str) -> str:
    match = _ENUMERATOR.match(text)
    return text[match.end() :] if match else text


def label_due(label: str) -> Due | None:
    """"Initiation of Phase III  U.S.$25 Million" in a list of milestone payments: due when the
    milestone its row names is achieved."""
    name = _LABEL_JUNK.sub(" ", _unnumbered(label)).strip()
    name = _TRIGGER_WORD.sub("", name)
    if not _good_label(name[:1].upper() + name[1:]):
        return None
    name = short_name(name)
    return Due(None, DueRule(f"upon {name}", 0, "days", "after", f"milestone:{name}"))


def dues_in(local: str, at: int, dayfirst: bool, listed: bool = True) -> list[Due]:
    """Dues in ``local`` (the amount sits at ``at``): the nearest date or rule; every date when
    the text lists several for the one amount ("on July 23, 2013; October 1, 2013; ...")."""
    dates = _not_ranges(local, _dates(local, dayfirst))
    found_rules = [(s, e, r) for s, e, r in find_due_rules(local) if anchor_ok(r)]
    if listed and len(dates) >= 2 and rules_listed(local):
        shared = year_shared_dates(local[rules_listed_at(local) :])
        if len(shared) > len(dates):  # "November 29 and December 29, 1999 and ..."
            return [Due(d, None) for d in shared]
        return [Due(p.value, None, p.approximate) for _, _, p in dates if not p.approximate]
    candidates: list[tuple[int, Due]] = []
    for start, end, parsed in dates:
        candidates.append((_distance(start, end, at), Due(parsed.value, None, parsed.approximate)))
    for start, end, rule in found_rules:
        candidates.append((_distance(start, end, at), Due(None, rule)))
    if not candidates:
        return []
    candidates.sort(key=lambda pair: pair[0])
    best = candidates[0][1]
    if best.due_date and best.rule is None:
        # "On acceptance of Specification ... or 27 February 1998 whichever is later": the event
        zero = [r for _, _, r in found_rules if r.offset == 0]
        if zero and re.search(r"whichever\s+is\s+later", local, _I):
            return [Due(None, zero[0])]
    return [best]


def event_due(text: str) -> Due | None:
    """"upon cumulative Net Sales first exceeding ...", "when annual Net Sales first exceed":
    due on a business event the rules of extractor.nlp.duerules do not name."""
    match = _UPON_EVENT.search(text)
    if not match:
        return None
    phrase = _SPACES.sub(" ", match.group("event")).strip(" ,;:.")
    if len(phrase) < 4:
        return None
    words = " ".join(phrase.split()[:8])
    return Due(None, DueRule(match.group(0).strip(" ,;:."), 0, "days", "after", words.lower()))


def _dates(text: str, dayfirst: bool) -> list:
    """find_dates, except that "phase 1 May 30, 2025" is May 30, 2025 (not 1 May 2030): a
    two-digit year that a four-digit one follows is the day of the next date."""
    out = []
    for start, end, parsed in find_dates(text, dayfirst=dayfirst):
        if _TWO_DIGIT_YEAR.fullmatch(parsed.text) and _YEAR_AFTER.match(text, end):
            skip = start + parsed.text.index(" ") + 1
            again = find_dates(text[skip : end + 8], dayfirst=dayfirst)
            if again:
                s, e, better = again[0]
                out.append((skip + s, skip + e, better))
                continue
        out.append((start, end, parsed))
    return out


def _not_ranges(text: str, dates: list) -> list:
    """"(Jan. 1, 1996-Dec. 31, 1996)" is a period and "through December 31, 2004" its end, not
    due dates."""
    drop = set()
    for (s1, e1, _), (s2, e2, _) in itertools.pairwise(dates):
        if _RANGE_GAP.fullmatch(text, e1, s2):
            drop.update((s1, s2))
    for start, _, _ in dates:
        if _PERIOD_END_BEFORE.search(text, max(0, start - 40), start):
            drop.add(start)
    return [d for d in dates if d[0] not in drop]


def rules_listed(text: str) -> bool:
    return bool(re.search(rules.LISTED_DATES_RE, text, _I))


def rules_listed_at(text: str) -> int:
    match = re.search(rules.LISTED_DATES_RE, text, _I)
    return match.start() if match else 0


def _distance(start: int, end: int, at: int) -> int:
    if end <= at:
        return at - end
    return (start - at) + 5  # a due after the amount is a little further than one before


def general_rule(text: str) -> DueRule | None:
    """The contract's rule for paying milestone payments: "within sixty (60) days after the
    achievement of the applicable milestone", "in no event more than thirty (30) days after
    notification of the achievement of each such Development Milestone, remit payment" -> that
    offset after the milestone event. Of the rules near a milestone, the one nearest a pay verb."""
    best: tuple[int, DueRule] | None = None
    for hit in _MILESTONE_WORD.finditer(text):
        lo, hi = max(0, hit.start() - GENERAL_REACH), min(len(text), hit.end() + GENERAL_REACH)
        window = text[lo:hi]
        pays = [m.start() for m in _PAY_WORD.finditer(window)]
        if not pays:
            continue
        for start, end, rule in find_due_rules(window):
            if rule.offset == 0 or not _EVENT_OF_MILESTONE.search(rule.text):
                continue
            if rule.anchor in ("effective_date", "agreement_date", "signing", "invoice"):
                continue
            distance = min(abs(p - start) for p in pays)
            if best is None or distance < best[0]:
                best = (distance, rule)
    return best[1] if best else None


def with_general(due: Due, general: Callable[[], DueRule | None]) -> Due:
    """A payment due "upon" an event gets the general offset ("within 60 days after");
    ``general`` reads the contract's rule (only when a payment needs it: it is not cheap)."""
    if due.rule is None or due.rule.offset != 0 or due.rule.anchor in _EVENT_ANCHORS:
        return due
    general = general()
    if general is None or general.anchor == "invoice":
        return due
    return replace(due, rule=replace(due.rule, offset=general.offset, unit=general.unit,
                                     text=f"{general.text} ({due.rule.text})"))  # fmt: skip


def follows_up(sentence: str) -> bool:
    """"Such payment shall be made within ...": the next sentence tells when this one is due."""
    return bool(_FOLLOW_UP.match(sentence.strip()))


# --- names ---------------------------------------------------------------------------------
def _good_label(label: str) -> bool:
    """A row label that names something: not a wrapped word ("month"), a date or a number."""
    if not 3 <= len(label) <= 60 or find_dates(label) or not re.search(r"[A-Za-z]{3}", label):
        return False
    return label[:1].isupper() or len(label.split()) > 1 and not label[:1].islower()


def payment_name(before: str, after: str, row_label: str, due: Due | None) -> str:
    """A short name for a scheduled payment: the term the contract defines for it, the fee
    named before it, the label of its row in a list of payments, else when it is due."""
    defined = _DEFINED_AFTER.match(after)
    if defined:
        return defined.group("name").strip()
    fee = _FEE_BEFORE.search(before)
    if fee:
        return short_name(_PAY_VERB.sub("", fee.group("name")))
    label = _unnumbered(row_label).strip()
    label = _LABEL_JUNK.sub(" ", label).strip()
    if _good_label(label):
        return short_name(label)
    if due and due.rule:
        text = _TRIGGER_WORD.sub("", due.rule.text)
        if due.rule.offset == 0 and due.rule.anchor not in _EVENT_ANCHORS:
            return short_name(text)  # "First patient dosed in a Phase II trial"
        return short_name(f"Payment on {text}" if due.rule.offset == 0 else f"Payment {text}")
    if due and due.due_date:
        return f"Payment due {due.due_date.isoformat()}"
    return "Payment"
