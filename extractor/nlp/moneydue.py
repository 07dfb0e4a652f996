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
from dataclasses import dataclass, replace
from datetime import date

from extractor.nlp.clauses import anchor_ok, short_name
from extractor.nlp.dates import find_dates
from extractor.nlp.duerules import find_due_rules
from extractor.nlp.rules import money as rules
from models import DueRule

_I = re.IGNORECASE
_GENERAL = re.compile(rules.GENERAL_PAYMENT_RULE_RE, _I)
_FOLLOW_UP = re.compile(rules.FOLLOW_UP_RE, _I)
_DEFINED_AFTER = re.compile(rules.DEFINED_NAME_AFTER_RE)
_FEE_BEFORE = re.compile(rules.FEE_NAME_BEFORE_RE, _I)
_ENUMERATOR = re.compile(r"^\W*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2}(?:\.\d{1,2})*)[.)]\s*)+", _I)
_LABEL_JUNK = re.compile(r"[*•●▪|:–—-]+|\s+")
_UPON_EVENT = re.compile(rules.UPON_EVENT_RE, _I)
_SPACES = re.compile(r"\s+")
_PAY_VERB = re.compile(r"^(?:(?:shall|will|to|agrees?\s+to)\s+)?(?:pay|pays|paid|receive)\s+", _I)
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


def dues_in(local: str, at: int, dayfirst: bool, listed: bool = True) -> list[Due]:
    """Dues in ``local`` (the amount sits at ``at``): the nearest date or rule; every date when
    the text lists several for the one amount ("on July 23, 2013; October 1, 2013; ...")."""
    dates = _not_ranges(local, find_dates(local, dayfirst=dayfirst))
    found_rules = [(s, e, r) for s, e, r in find_due_rules(local) if anchor_ok(r)]
    if listed and len(dates) >= 2 and rules_listed(local):
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


def _not_ranges(text: str, dates: list) -> list:
    """"(Jan. 1, 1996-Dec. 31, 1996)" is a period, not two due dates."""
    drop = set()
    for (s1, e1, _), (s2, e2, _) in itertools.pairwise(dates):
        if _RANGE_GAP.fullmatch(text, e1, s2):
            drop.update((s1, s2))
    return [d for d in dates if d[0] not in drop]


def rules_listed(text: str) -> bool:
    return bool(re.search(rules.LISTED_DATES_RE, text, _I))


def _distance(start: int, end: int, at: int) -> int:
    if end <= at:
        return at - end
    return (start - at) + 5  # a due after the amount is a little further than one before


def general_rule(text: str) -> DueRule | None:
    """The contract's rule for paying milestone payments: "within sixty (60) days after the
    achievement of the applicable milestone" -> 60 days after the milestone event."""
    match = _GENERAL.search(text)
    if not match:
        return None
    found = find_due_rules(match.group(0))
    if not found:
        return None
    rule = found[0][2]
    if rule.offset == 0 or rule.anchor in ("effective_date", "agreement_date", "signing"):
        return None
    return rule


def with_general(due: Due, general: DueRule | None) -> Due:
    """A payment due "upon" an event gets the general offset ("within 60 days after")."""
    if general is None or due.rule is None or due.rule.offset != 0:
        return due
    if due.rule.anchor in _EVENT_ANCHORS:
        return due
    if general.anchor == "invoice":
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
    label = _ENUMERATOR.sub("", row_label).strip()
    label = _LABEL_JUNK.sub(" ", label).strip()
    if _good_label(label):
        return short_name(label)
    if due and due.rule:
        text = re.sub(r"^(?:upon|on|at|following|when|once)\s+", "", due.rule.text, flags=_I)
        return short_name(f"Payment on {text}" if due.rule.offset == 0 else f"Payment {text}")
    if due and due.due_date:
        return f"Payment due {due.due_date.isoformat()}"
    return "Payment"
