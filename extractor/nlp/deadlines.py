"""Notice deadlines before the end of the term, and the expiration of the term."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from extractor.nlp.clauses import Clause
from extractor.nlp.duerules import anchor_for, find_due_rules, number_value, unit_name
from extractor.nlp.evidence import evidence_for
from extractor.nlp.extensions import doc_text
from extractor.nlp.rules import milestones as rules
from models import DueRule, Milestone

_I = re.IGNORECASE
_NOTICE_WORD = re.compile(rules.NOTICE_WORD_RE, _I)
_NOTICE_NAMES = [(re.compile(pattern, _I), name) for pattern, name in rules.NOTICE_NAMES]
_REQUEST = re.compile(r"\brequests?\b", _I)
CONTEXT_CHARS = 300
_SPACES = re.compile(r"\s+")
_TERM_END = re.compile(rules.TERM_END_RE, _I)
_PERIOD_NOTICE = re.compile(rules.PERIOD_NOTICE_RE.format(num=rules.NUMBER_RE, unit=rules.UNIT_RE),
                            _I)  # fmt: skip
_ANCHORS = ("effective_date", "agreement_date", "signing", "kickoff", "delivery", "acceptance")


def notice_in(doc: Doc, clause: Clause) -> list[Milestone]:
    """The last day to give a notice or make a request before the term ends: non-renewal,
    renewal, extension ("written notice not less than three months before the expiry")."""
    text = clause.text
    low = text.lower()
    if "before" not in low and "prior" not in low and " end of " not in low and "expir" not in low:
        return []
    if not _NOTICE_WORD.search(text):
        return []
    rule = next((r for _, _, r in find_due_rules(text)
                 if r.direction == "before" and r.anchor == "expiration"), None)  # fmt: skip
    if rule is None:
        rule = _notice_before_end(text)
    if rule is None:
        return []
    before = doc_text(doc)[max(0, clause.start - CONTEXT_CHARS) : clause.start]
    return [
        Milestone(
            name=notice_name(text, before),
            kind="notice",
            due_rule=rule,
            evidence=evidence_for(doc, clause.start, clause.end),
            confidence=0.8,
        )
    ]


def _notice_before_end(text: str) -> DueRule | None:
    """"terminate at the end of the Initial Term by giving not less than six (6) months' written
    notice": the notice is due that long before the term ends."""
    end = _TERM_END.search(text)
    notice = _PERIOD_NOTICE.search(text)
    if not end or not notice:
        return None
    offset = number_value(notice.group("num"))
    if not offset:
        return None
    unit = unit_name(notice.group("unit"))
    return DueRule(_SPACES.sub(" ", notice.group(0)).strip(), offset, unit, "before", "expiration")


def notice_name(text: str, before: str = "") -> str:
    """What the notice is for, from the clause (or, for "such request", the sentence before)."""
    for context in (text, before):
        for pattern, name in _NOTICE_NAMES:
            if pattern.search(context):
                if name.startswith("Extension") and _REQUEST.search(text):
                    return "Extension request deadline"
                return name
    return "Request deadline" if _REQUEST.search(text) else "Notice deadline"


def expiration_milestones(doc: Doc, found: list[Milestone]) -> list[Milestone]:
    """The end of the term, from doc._.key_dates, as a milestone to track (with the term's rule:
    "3 years after the Effective Date"). A dated "End Date" already found is that milestone."""
    for key_date in doc._.key_dates or ():
        if key_date.kind == "expiration_date" and key_date.value:
            rule = key_date.rule if key_date.rule and key_date.rule.direction == "after" else None
            if rule and rule.anchor not in _ANCHORS:
                rule = replace(rule, anchor=anchor_for(rule.anchor))  # "effective date"
            twin = next((m for m in found if m.kind == "expiration"
                         and m.due_date == key_date.value), None)  # fmt: skip
            if twin:
                found[found.index(twin)] = replace(twin, due_rule=twin.due_rule or rule)
                return []
            initial = re.search(r"[\"“]Initial Term[\"”]", doc_text(doc))
            return [
                Milestone(
                    name="Expiration of Initial Term" if initial else "Expiration of term",
                    kind="expiration",
                    due_date=key_date.value,
                    due_rule=rule,
                    approximate=key_date.approximate,
                    evidence=key_date.evidence,
                    confidence=0.8,
                )
            ]
    return []
