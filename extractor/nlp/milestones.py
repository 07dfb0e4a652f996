"""Milestones: deliverables, acceptance, kick-off, notice deadlines, and the payment schedule.

``contract_milestones`` reads the clauses that hold a milestone trigger (never every sentence)
and deliverable tables, takes the payment milestones ``contract_payments`` left on
``doc._.installments``, folds a payment due on an event into that event's milestone, resolves
relative deadlines against ``doc._.key_dates`` and the milestones they name, and writes
``doc._.milestones`` in reading order. The readers live in extractor.nlp.deliverables,
extractor.nlp.acceptance and extractor.nlp.deadlines; shared clause helpers in extractor.nlp.clauses.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.acceptance import acceptances_in, attach_acceptance
from extractor.nlp.clauses import (
    Clause,
    clauses_with,
    document_schedules,
    name_words,
    settings_of,
    similar,
    table_spans,
)
from extractor.nlp.deadlines import expiration_milestones, notice_in
from extractor.nlp.deliverables import (
    defined_date_milestones,
    deliverables_in,
    kickoff_in,
    release_in,
    table_deliverables,
)
from extractor.nlp.duerules import (
    add_offset,
    anchor_phrase,
    key_date_anchors,
    resolve_milestone,
)
from extractor.nlp.rules import milestones as rules
from models import DueRule, Milestone

_I = re.IGNORECASE
_SPACES = re.compile(r"\s+")
_DELIVERY_VERB = re.compile(rules.DELIVERY_VERB_RE, _I)
_NOT_EVENTS = ("expiration", "notice")
_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?![\d,.]\d)")
_EVENT_NOUNS = re.compile(rules.EVENT_NOUNS_RE, _I)
_KNOWN_ANCHORS = ("effective_date", "agreement_date", "signing", "kickoff", "delivery",
                  "acceptance", "invoice", "expiration")  # fmt: skip
_KEY_DATE_ANCHORS = ("effective_date", "agreement_date", "signing", "expiration")
_EVENT_OF = re.compile(r"^(?:(?:client|customer|buyer|owner)\s+)?(?:delivery|receipt|submission"
                       r"|acceptance|approval|sign-off|review|receiving|completion)\s+of\s+")
_DATE_OF = re.compile(r"^(?:the\s+)?date\s+(?:for|of)\s+")
_PART_OF = re.compile(
    r"(?:first|last|final|start|beginning|commencement|end)\s+(?:day\s+)?of\s+(.+)$"
)
_TITLE_PREFIX = re.compile(r"^(?:milestone|phase|stage|deliverable|payment)\s+(?:no\.?\s*)?\w{1,3}"
                           r"\s*[:.\-–—]\s*")  # fmt: skip
_RECURRING = re.compile(rules.RECURRING_WORDS_RE, _I)
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_GENERIC_NAME = re.compile(rules.GENERIC_NAME_RE, _I)
_ENUMERATOR = re.compile(r"^\W*(?:\(?\s*(?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x|\d{1,2})\s*[.)]\s*)+")


# --- the component -------------------------------------------------------------------------
@Language.factory("contract_milestones")
def make_milestones(nlp: Language, name: str) -> MilestoneFinder:
    return MilestoneFinder()


class MilestoneFinder:
    """Writes doc._.milestones: deliverables, acceptance, kick-off, notices, payments, expiry."""

    def __call__(self, doc: Doc) -> Doc:
        dayfirst = settings_of(doc).dayfirst
        schedules = document_schedules(doc)
        found = table_deliverables(doc, schedules, dayfirst)
        clauses = clauses_with(doc, rules.TRIGGER_WORDS, table_spans(doc))
        found += prose_milestones(doc, clauses, dayfirst)
        found += defined_date_milestones(doc, dayfirst)
        found += list(doc._.installments or ())
        found = attach_acceptance(doc, found, acceptances_in(doc, clauses))
        found += expiration_milestones(doc, found)
        anchors = key_date_anchors(doc)
        doc._.milestones = finish(found, anchors, doc._.total_value, doc._.currency)
        return doc


def prose_milestones(doc: Doc, clauses: list[Clause], dayfirst: bool) -> list[Milestone]:
    """Deliverables, kick-off, notice deadlines and retainage releases, clause by clause."""
    out: list[Milestone] = []
    lead_verb: str | None = None
    for clause in clauses:
        text = clause.text
        enumerated = bool(_ENUMERATOR.match(text))
        context = lead_verb if enumerated else None
        out += deliverables_in(doc, clause, dayfirst, context)
        out += kickoff_in(doc, clause, dayfirst)
        out += notice_in(doc, clause)
        out += release_in(doc, clause, dayfirst)
        verb = _DELIVERY_VERB.search(text)
        if verb and text.rstrip().endswith(":"):
            lead_verb = verb.group("verb").lower()
        elif not enumerated:
            lead_verb = None
    return out




# --- merging and resolving -----------------------------------------------------------------
def finish(found: list[Milestone], anchors: dict[str, date], total: float | None = None,
           currency: str | None = None) -> list[Milestone]:  # fmt: skip
    """Merge duplicates, tie rules to named milestones, resolve dates, name uniquely, sort."""
    kept = fold_payments(merge_duplicates(found))
    named = [m for m in kept if m.kind in ("deliverable", "kickoff", "other", "approval")
             and not _GENERIC_NAME.match(m.name)]  # fmt: skip
    kept = [anchor_to_milestone(m, named) for m in kept]
    kept = [review_deadline(m, named) for m in kept]
    anchors = dict(anchors)
    for kind, anchor in (("kickoff", "kickoff"), ("expiration", "expiration")):
        dates = {m.due_date for m in kept if m.kind == kind and m.due_date}
        if len(dates) == 1:  # the one kick-off; a dated "End Date" when no key date gives one
            anchors.setdefault(anchor, dates.pop())
    for _ in range(3):  # chains: a payment 30 days before the Event, the Event's date
        # A deliverable's date is a deadline: what hangs on it is due by then at the latest.
        by_name = {f"milestone:{m.name}": m.due_date for m in kept if m.due_date}
        kept = [resolve_milestone(m, {**anchors, **by_name}, total, currency) for m in kept]
    kept.sort(key=_reading_order)
    return unique_names(kept)


def fold_payments(found: list[Milestone]) -> list[Milestone]:
    """A payment due on an event that is a milestone of its own is that milestone with the
    payment's amount: "USD 5,250 upon delivery of the Brand Audit Report" and "deliver the Brand
    Audit Report no later than October 17" are one milestone (quoting the payment)."""
    out = list(found)
    for payment in found:
        if payment.amount is None and payment.percent is None:
            continue
        event = next((m for m in out if m is not payment and _folds_into(payment, m)), None)
        if event is None or payment not in out:
            continue
        out[out.index(event)] = _folded(event, payment)
        out.remove(payment)
    return out


def _folds_into(payment: Milestone, event: Milestone) -> bool:
    if event.kind in _NOT_EVENTS or not (event.due_date or event.due_rule):
        return False
    if payment.kind not in ("payment", "other", event.kind):
        return False  # the payment names its own event ("Delivery of X" is not "Approval of X")
    if event.percent is not None or (event.amount is not None and (
            payment.amount is None or abs(event.amount - payment.amount) > 0.01)):  # fmt: skip
        return False
    rule = payment.due_rule
    if rule and rule.offset > 0:
        return False  # "30 days after acceptance of X" is a payment after X, not X
    if rule and rule.anchor != rules.KIND_ANCHORS.get(event.kind):
        phrase = _norm(anchor_phrase(rule.text) or rule.anchor)
        if phrase not in _name_keys(event.name):
            return False  # due on another event ("on the Effective Date")
    if payment.due_date and event.due_date and payment.due_date != event.due_date:
        return False
    quoted = payment.evidence.text if payment.evidence else ""
    if _RECURRING.search(quoted):
        return False  # the first of a recurring fee is no one-off event
    if _same_event(event.name, payment.name):
        return True
    words = name_words(_EVENT_NOUNS.sub(" ", _PARENTHETICAL.sub(" ", event.name)))
    if not words or not words <= name_words(quoted) or _numbers_differ(event.name, quoted):
        return False
    return len(words) > 1 or bool(re.search(rf"\b(?:of|upon|on)\s+(?:the\s+)?"
                                            rf"{re.escape(next(iter(words)))}\b", quoted, _I))


def _same_event(a: str, b: str) -> bool:
    """Names of one event: half the words of the shorter one and two at least, and no other
    number ("Deliverable 3" is not "Deliverable 4 – Final index load")."""
    wa, wb = name_words(a), name_words(b)
    shared = wa & wb
    if wa and wa == wb:
        return True  # "Go-Live" and "Go-Live"
    return len(shared) >= 2 and similar(a, b) and not _numbers_differ(a, b)


def _numbers_differ(a: str, b: str) -> bool:
    na, nb = set(_NUMBER.findall(a)), set(_NUMBER.findall(b))
    return bool(na) and not na & nb and bool(nb)


def _folded(event: Milestone, payment: Milestone) -> Milestone:
    kind = event.kind if event.kind not in ("payment", "other") else payment.kind
    return replace(
        event,
        kind=kind,
        amount=event.amount if event.amount is not None else payment.amount,
        currency=event.currency or payment.currency,
        percent=payment.percent,
        due_date=event.due_date or payment.due_date,
        due_rule=event.due_rule if event.due_date or event.due_rule else payment.due_rule,
        evidence=payment.evidence or event.evidence,
        confidence=max(event.confidence, payment.confidence),
    )


def _reading_order(m: Milestone) -> tuple:
    ev = m.evidence
    return (ev.page if ev else 10**6, ev.start if ev and ev.start is not None else 10**9)


def merge_duplicates(found: list[Milestone]) -> list[Milestone]:
    """One milestone seen twice (a table row and the clause that promises it) is kept once:
    the surer one, with the fields only the other one has."""
    kept: list[Milestone] = []
    for m in sorted(found, key=lambda m: -m.confidence):
        twin = next((k for k in kept if _same(k, m)), None)
        if twin is None:
            kept.append(m)
            continue
        kept[kept.index(twin)] = _fill(twin, m)
    return kept


def _same(a: Milestone, b: Milestone) -> bool:
    if a.amount is not None and b.amount is not None and abs(a.amount - b.amount) > 0.01:
        return False
    if (a.kind == "payment") != (b.kind == "payment") and a.amount is None and b.amount is None:
        return False
    same_due = (a.due_date and a.due_date == b.due_date) or (
        a.due_rule and b.due_rule and _rule_key(a.due_rule) == _rule_key(b.due_rule))
    if not same_due:
        return False
    words_a = a.name + " " + (a.evidence.text if a.evidence and " | " in a.evidence.text else "")
    words_b = b.name + " " + (b.evidence.text if b.evidence and " | " in b.evidence.text else "")
    return similar(a.name, words_b) or similar(b.name, words_a)


def _rule_key(rule: DueRule) -> tuple:
    return (rule.offset, rule.unit, rule.direction, rule.anchor)


def _fill(keep: Milestone, other: Milestone) -> Milestone:
    changes = {
        key: getattr(other, key)
        for key in ("due_date", "due_rule", "amount", "currency", "percent", "acceptance_days")
        if getattr(keep, key) is None and getattr(other, key) is not None
    }
    if other.deemed_acceptance and not keep.deemed_acceptance:
        changes["deemed_acceptance"] = True
    if _table_row(keep.evidence) and other.evidence and not _table_row(other.evidence) and (
            keep.amount is None or other.amount is not None):  # fmt: skip
        changes["evidence"] = other.evidence  # the clause that binds, not the summary table's row
    return replace(keep, **changes) if changes else keep


def _table_row(evidence) -> bool:
    return bool(evidence and " | " in evidence.text)


def _norm(name: str) -> str:
    text = re.sub(r"['’]s\b", "", name.lower())
    return _SPACES.sub(" ", re.sub(r"\b(?:the|a|an)\b", " ", text)).strip()


def anchor_to_milestone(m: Milestone, named: list[Milestone]) -> Milestone:
    """"45 days after Substantial Completion" hangs on the milestone of that name."""
    rule = m.due_rule
    if rule is None or rule.anchor.startswith("milestone:") or rule.anchor in _KEY_DATE_ANCHORS:
        return m  # key dates are the contract's own: "the Start Date" is the effective date
    if m.acceptance_days is not None:
        return m  # a review period runs from delivery (see review_deadline)
    phrase = anchor_phrase(rule.text)
    if not phrase and rule.anchor not in _KNOWN_ANCHORS:
        phrase = rule.anchor  # "completion of the 30 day period following Production Deployment"
    target = milestone_named(_norm(phrase), [n for n in named if n is not m])
    if target is None:
        return m
    return replace(m, due_rule=replace(rule, anchor=f"milestone:{target.name}"))


def review_deadline(m: Milestone, named: list[Milestone]) -> Milestone:
    """"Within 10 Business Days of receipt of the Transition Plan" ends 10 business days after
    the Transition Plan is due: the review of a dated deliverable gets a date (its rule stays
    "after delivery")."""
    rule = m.due_rule
    if m.due_date or m.acceptance_days is None or rule is None or rule.anchor != "delivery":
        return m
    phrases = [_EVENT_OF.sub("", _norm(anchor_phrase(rule.text))),
               _EVENT_OF.sub("", _norm(_PARENTHETICAL.sub(" ", m.name)))]
    for phrase in phrases:
        delivered = milestone_named(phrase, [n for n in named if n is not m]) if phrase else None
        if delivered and delivered.due_date:
            due = add_offset(delivered.due_date, rule.offset, rule.unit, rule.direction)
            return replace(m, due_date=due)
    return m


def milestone_named(phrase: str, named: list[Milestone]) -> Milestone | None:
    """The milestone an anchor phrase names: by its name, its name without the "Milestone 3 –"
    title or a parenthesis, or a name it starts ("Practical Completion" names the latest of
    "Practical Completion – Separable Portion 1" and "... – whole of the Works")."""
    phrase = _DATE_OF.sub("", phrase)
    part = _PART_OF.match(phrase)
    phrases = [phrase, part.group(1)] if part else [phrase]
    for wanted in phrases:
        exact = [m for m in named if wanted in _name_keys(m.name)]
        if exact:
            return exact[0]
    if len(phrase.split()) < 2:
        return None
    starting = [m for m in named if any(key.startswith(phrase + " ") for key in _name_keys(m.name))]
    return max(starting, key=lambda m: m.due_date or date.min) if starting else None


def _name_keys(name: str) -> set[str]:
    key = _norm(name)
    untitled = _TITLE_PREFIX.sub("", key)
    return {key, untitled, _EVENT_OF.sub("", untitled), _norm(_PARENTHETICAL.sub(" ", name))}


def unique_names(milestones: list[Milestone]) -> list[Milestone]:
    """Names identify milestones in the tracker: repeat names get their due text appended."""
    counts: dict[str, int] = {}
    for m in milestones:
        counts[m.name.lower()] = counts.get(m.name.lower(), 0) + 1
    seen: dict[str, int] = {}
    out = []
    for m in milestones:
        name = m.name
        if counts[name.lower()] > 1:
            rule_text = m.due_rule.text if m.due_rule else ""
            suffix = m.due_date.isoformat() if m.due_date else rule_text
            name = f"{name} ({suffix})" if suffix and suffix.lower() not in name.lower() else name
            seen[name.lower()] = seen.get(name.lower(), 0) + 1
            if seen[name.lower()] > 1:
                name = f"{name} #{seen[name.lower()]}"
        out.append(replace(m, name=name) if name != m.name else m)
    return out

