"""Acceptance periods ("ten Business Days after delivery to accept or reject"), deemed
acceptance, and the approval milestones they belong to.

An acceptance clause names what is reviewed ("review the Final Brand Playbook and either approve
it", "either sign off the Transition Plan", "issue a Final Acceptance Certificate") or speaks of
every deliverable or milestone. A named one becomes (or goes on) that approval milestone; a
general one goes on every approval milestone, or becomes "Acceptance of deliverables".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from extractor.nlp.clauses import Clause
from extractor.nlp.duerules import find_due_rules, number_value, unit_name
from extractor.nlp.evidence import evidence_for
from extractor.nlp.extensions import doc_text
from extractor.nlp.rules import milestones as rules
from models import DueRule, Milestone

_I = re.IGNORECASE
_DISTRACTOR = re.compile(rules.DISTRACTOR_RE)
_DEEMED = re.compile(rules.DEEMED_ACCEPTANCE_RE, _I)
_ACCEPT_WORDS = re.compile(rules.ACCEPTANCE_PERIOD_RE, _I)
_ACCEPT_OBJECT = re.compile(rules.ACCEPTANCE_OBJECT_RE, _I)
_ACCEPT_NAMED = re.compile(rules.ACCEPTANCE_NAMED_RE)
_ACCEPT_TERMS = re.compile(r"\bacceptance\s+(?:period|test(?:s|ing)?)\b|\bchange\s+request\b", _I)
_PAYMENT_CLAUSE = re.compile(r"\b(?:pay|pays|paid|payable|invoices?)\b", _I)
_ACCEPT_HAVE = re.compile(
    rf"\b(?:have|has|within)\s+(?P<num>{rules.NUMBER_RE})\s*(?P<unit>{rules.UNIT_RE})"
    r"(?:\s*\([^)]{0,60}\))?\s+(?:to|in\s+which\s+to|(?:after|following|from)\s+(?:[\w-]+\s+){1,6}?"
    r"to)\s+(?:\w+\s+){0,3}?"
    r"(?:review|test|inspect|accept|reject|evaluate|approve)",
    _I,
)
_ACCEPT_CONTEXT = re.compile(rules.ACCEPTANCE_CONTEXT_RE, _I)
_ACCEPT_NOT = re.compile(rules.ACCEPTANCE_NOT_RE, _I)
_GENERIC_OBJECT = re.compile(
    r"^(?:(?:each|any|all|every|such|that|the\s+relevant|the\s+applicable)\b|(?:the\s+)?"
    r"(?:deliverables?|work\s+product|milestones?)$)",
    _I,
)
_CAPITALISED = re.compile(r"^the\s+(?:\w+\s+){0,2}[A-Z][a-z]\w*")  # "the Final Brand Playbook"
_SAME_NAME_WORDS = 2
DEEMED_REACH = 700  # chars after the clause where "shall be deemed accepted" may follow


@dataclass(frozen=True)
class Acceptance:
    days: int
    unit: str
    deemed: bool
    clause: Clause
    name: str
    general: bool = True  # about every deliverable, not one named thing
    rule_text: str = ""  # the period as written: "within 10 Business Days of receipt of X"


def acceptances_in(doc: Doc, clauses: list[Clause]) -> list[Acceptance]:
    text = doc_text(doc)
    found = []
    for clause in clauses:
        following = text[clause.end : clause.end + DEEMED_REACH]
        acceptance = acceptance_in(clause, following)
        if acceptance and all(a.name != acceptance.name for a in found):
            found.append(acceptance)
    return found


def acceptance_in(clause: Clause, following: str = "") -> Acceptance | None:
    """The acceptance period of a clause ("10 business days after delivery to accept")."""
    text = clause.text
    if not _ACCEPT_WORDS.search(text) or _DISTRACTOR.search(text) or _PAYMENT_CLAUSE.search(text):
        return None
    obj = _ACCEPT_OBJECT.search(text)
    named = _ACCEPT_NAMED.search(text)
    if not (obj or named or _ACCEPT_HAVE.search(text) or _DEEMED.search(text)
            or _ACCEPT_TERMS.search(text)):  # fmt: skip
        return None
    if _ACCEPT_NOT.search(text) or not (_ACCEPT_CONTEXT.search(text) or named or (
            obj and _CAPITALISED.match(obj.group("obj")))):  # fmt: skip
        return None
    days, unit, rule_text = None, "days", ""
    have = _ACCEPT_HAVE.search(text)
    if have:
        days, unit = number_value(have.group("num")), unit_name(have.group("unit"))
    else:
        for _, _, rule in find_due_rules(text):
            delivered = rule.anchor == "delivery" or rule.anchor.startswith("receipt")
            if rule.direction == "after" and rule.offset > 0 and delivered:
                days, unit, rule_text = rule.offset, rule.unit, rule.text
                break
    if not days or unit not in ("days", "business_days"):
        return None
    deemed = bool(_DEEMED.search(text) or _DEEMED.search(following))
    name, general = _acceptance_name(text)
    return Acceptance(days, unit, deemed, clause, name, general, rule_text)


def _acceptance_name(text: str) -> tuple[str, bool]:
    """("Acceptance of Transition Plan", False), or ("Acceptance of deliverables", True)."""
    named = _ACCEPT_NAMED.search(text)
    if named:
        return named.group("name"), False  # "issue a Final Acceptance Certificate"
    match = _ACCEPT_OBJECT.search(text)
    verb = match.group("verb").lower() if match else ""
    noun = {"approve": "Approval", "sign off": "Sign-off"}.get(re.sub(r"\s+", " ", verb),
                                                                "Acceptance")  # fmt: skip
    if not match or _GENERIC_OBJECT.match(match.group("obj")):
        return f"{noun} of deliverables", True
    return f"{noun} of {match.group('obj')}", False


def attach_acceptance(doc: Doc, found: list[Milestone], acceptances: list[Acceptance]):
    """A general acceptance period goes on every approval milestone (or, without one, becomes
    "Acceptance of deliverables"); a named one goes on the approval of that name or becomes it
    ("Acceptance of the Final Report", N days after delivery)."""
    out = list(found)
    for acceptance in acceptances:
        if acceptance.general:
            targets = [m for m in out if m.kind == "approval" and m.acceptance_days is None]
        else:
            targets = [m for m in out if m.kind == "approval" and m.acceptance_days is None
                       and _names_match(m.name, acceptance.name)]  # fmt: skip
        for target in targets:
            undated = not (target.due_date or target.due_rule)
            out[out.index(target)] = replace(
                target, acceptance_days=acceptance.days, deemed_acceptance=acceptance.deemed,
                due_rule=_rule(acceptance) if undated else target.due_rule,
            )  # an undated "Acceptance of the Blueprint" row is due N days after delivery
        if targets or (acceptance.general and any(m.kind == "approval" for m in found)):
            continue
        out.append(_approval(doc, acceptance))
    return out


def _names_match(a: str, b: str) -> bool:
    words_a, words_b = _words(a), _words(b)
    shared = words_a & words_b
    return len(shared) >= min(_SAME_NAME_WORDS, len(words_a), len(words_b)) and bool(shared) and (
        len(shared) * 2 >= min(len(words_a), len(words_b)))  # fmt: skip


def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in ("of", "the", "a")}


def _rule(acceptance: Acceptance) -> DueRule:
    unit = acceptance.unit.replace("_", " ")
    text = acceptance.rule_text or f"{acceptance.days} {unit} after delivery"
    return DueRule(text, acceptance.days, acceptance.unit, "after", "delivery")


def _approval(doc: Doc, acceptance: Acceptance) -> Milestone:
    return Milestone(
        name=acceptance.name,
        kind="approval",
        due_rule=_rule(acceptance),
        evidence=evidence_for(doc, acceptance.clause.start, acceptance.clause.end),
        confidence=0.6,
        acceptance_days=acceptance.days,
        deemed_acceptance=acceptance.deemed,
    )
