"""Deliverables with deadlines, kick-off, retainage releases and dated defined terms, read
from trigger clauses and from schedule tables."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from extractor.nlp.clauses import (
    Clause,
    anchor_ok,
    kind_of,
    parse_due,
    row_evidence,
    schedule_kind,
    sentence_bounds,
    short_name,
)
from extractor.nlp.dates import find_dates, parse_date
from extractor.nlp.duerules import (
    find_due_rules,
)
from extractor.nlp.evidence import evidence_for
from extractor.nlp.extensions import doc_text
from extractor.nlp.rules import milestones as rules
from extractor.nlp.tables import Schedule
from models import DueRule, Milestone

_I = re.IGNORECASE
_SPACES = re.compile(r"\s+")
_DELIVERY_VERB = re.compile(rules.DELIVERY_VERB_RE, _I)
_PASSIVE = re.compile(rules.PASSIVE_VERB_RE, _I)
_PROVIDE_OBJECT = re.compile(rules.PROVIDE_OBJECT_RE, _I)
_DUE_LEAD = re.compile(rules.DUE_LEAD_RE, _I)
_SEGMENT_CUT = re.compile(rules.SEGMENT_CUT_RE, _I)
_OBLIGATION = re.compile(r"\b(?:shall|will|must|agrees?\s+to|is\s+(?:to|due)|are\s+(?:to|due)"
                         r"|due)\b", _I)  # fmt: skip
_WEEK_ITEM = re.compile(r"^\W*week\s+(?P<week>\d{1,3})\s*(?:-+>|->|–|—|:|-)\s*(?P<obj>.{3,})$", _I)
_DISTRACTOR = re.compile(rules.DISTRACTOR_RE)
_KICKOFF = re.compile(rules.KICKOFF_RE, _I)
_RELEASE = re.compile(rules.RELEASE_RE, _I)
_MODAL = re.compile(r"\b(?:shall|will|must|may)\b", _I)
_DEFINED_DATE = re.compile(rules.DEFINED_DATE_RE)
_DEFINED_PAREN = re.compile(r"\((?:the\s+|each\s+a\s+)?[\"“][^\"”]{3,40}[\"”]\)")
_KEY_DATE_TERM = re.compile(rules.KEY_DATE_TERM_RE, _I)
_RANGE_START = re.compile(rules.DATE_RANGE_START_RE)
_DEFINED_DATE_DISTRACTOR = re.compile(rules.DEFINED_DATE_DISTRACTOR_RE, _I)
_DATED = re.compile(r"\b(?:dated|as\s+of|of|after|before|prior\s+to)\s*$", _I)
_QUOTED_TERM = re.compile(r"\((?:the\s+)?[\"“](?P<term>[^\"”]{2,40})[\"”]\)")
_CAPITAL_TERM = re.compile(r"^(?P<term>[A-Z][\w\-/&]*(?:\s+[A-Z0-9][\w\-/&]*)*)\s+of\s+[a-z]")
_TO_PARTY = re.compile(r"\s+to\s+(?:the\s+)?[A-Z]\w+\s*$")
_ENUMERATOR = re.compile(r"^\W*(?:\(?\s*(?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x|\d{1,2})\s*[.)]\s*)+")
_LEAD_CONJUNCTION = re.compile(r"^[\s,;:]*(?:and|or|then|also)?\s*", _I)
_NOT_MILESTONE_OBJECT = re.compile(
    r"^(?:notice|notices|written\s+notice|any|all|such|it|them|this|that|these|those|services"
    r"|the\s+services|a\s+copy|copies|information|assistance|access|support|reports?\s+of|payment"
    r"|evidence|into|in|on|out|up|escrow|invoices?|final\s+invoice|fees?|amounts?|documentation\s+of"
    r"|records?|by|no|not|within|before|prior|on\s+or|same|its|their|his|her|written\s+objection"
    r"|objections?|consent|approval|notification|(?:written\s+|consolidated\s+)?comments"
    r"|feedback|(?:a\s+)?responses?|(?:a\s+)?rejection)\b",
    _I,
)
_BRING_TO = re.compile(rules.BRING_TO_RE, _I)
_EVENT_SUBJECT = re.compile(r"(?:^|\s)(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3}\s*$")
_ANCHOR_REFERENCE = re.compile(
    r"\b(?:of|after|following|from|before|prior\s+to|until|since)\s+(?:the\s+)?$", _I
)
_KEY_DATE_ROW = re.compile(rules.KEY_DATE_ROW_RE, _I)
_DOCUMENT = re.compile(rules.DOCUMENT_OBJECT_RE, _I)
_OBJECT_TAIL = re.compile(rules.OBJECT_TAIL_RE, _I)
_CLAUSE_HEADING = re.compile(rules.CLAUSE_HEADING_RE)
_FRONTED_LEAD = re.compile(rules.FRONTED_DUE_LEAD_RE)
_CLAUSE_NUMBER = re.compile(r"^\W*\d{1,2}(?:\.\d{1,3})+\.?\s+")
_BAD_OBJECT = re.compile(r"\b(?:and|or|of|the)\s*$|\bthis\s+(?:Agreement|Contract)\b", _I)
_LEADING_WORDS = re.compile(r"^(?:the|a|an|all|each|any|such|its|their|to\s+\w+)\s+", _I)
_KNOWN_ANCHORS = ("effective_date", "agreement_date", "signing", "kickoff", "delivery",
                  "acceptance", "invoice", "expiration")  # fmt: skip
_BOUNDS_KEY = "contracts.sentence_bounds"


# --- deliverables --------------------------------------------------------------------------
def table_deliverables(doc: Doc, schedules: list[Schedule], dayfirst: bool) -> list[Milestone]:
    """Rows of schedules without amounts: each row with a due date or rule is a milestone."""
    out = []
    for schedule in schedules:
        priced = bool(schedule.roles & {"amount", "percent"})
        for row in schedule.milestone_rows():
            if priced and (row.amount or row.percent is not None or row.redacted):
                continue  # payment rows are read by contract_payments
            if _KEY_DATE_ROW.match(row.name):
                continue  # "Date of this Subcontract": a key date, not a milestone
            due_date, approximate, rule = parse_due(row.due_text or row.name, dayfirst)
            rule = anchor_ok(rule)
            if due_date is None and rule is None:
                continue
            out.append(
                Milestone(
                    name=short_name(row.name),
                    kind=schedule_kind(schedule, row.name, rule, "deliverable"),
                    due_date=due_date,
                    due_rule=rule,
                    approximate=approximate,
                    evidence=row_evidence(doc, row),
                    confidence=0.85 if due_date else 0.75,
                )
            )
    return out


@dataclass(frozen=True)
class Due:
    """A deadline inside a clause: where its lead words start, where it ends, what it says."""

    start: int
    end: int
    date: date | None
    approximate: bool
    rule: DueRule | None


def due_points(text: str, dayfirst: bool) -> list[Due]:
    """Deadlines in a clause: dates after "by"/"no later than", and relative rules."""
    found = []
    for start, end, rule in find_due_rules(text):
        if rule.offset > 0 and anchor_ok(rule):
            lead = _DUE_LEAD.search(text, max(0, start - 30), start)  # "no later than the 30th day"
            found.append(Due(lead.start() if lead else start, end, None, False, rule))
    for start, end, parsed in find_dates(text, dayfirst=dayfirst):
        lead = _DUE_LEAD.search(text, max(0, start - 30), start)
        if lead and not any(d.start <= start < d.end for d in found):
            found.append(Due(lead.start(), end, parsed.value, parsed.approximate, None))
    return sorted(found, key=lambda due: due.start)


def deliverables_in(doc: Doc, clause: Clause, dayfirst: bool, lead_verb: str | None = None):
    """Deliverables with their deadlines; one clause may name several ("X by ... and Y by ...")."""
    text = clause.text
    week = _WEEK_ITEM.match(text)
    if week:
        return [_week_item(doc, clause, week)]
    brought = _brought_to(doc, clause, dayfirst)
    if brought:
        return brought
    verbs = list(_DELIVERY_VERB.finditer(text))
    passives = list(_PASSIVE.finditer(text))
    if not (verbs or passives or lead_verb):
        return []
    if not (lead_verb or passives or _OBLIGATION.search(text)):
        return []
    dues = due_points(text, dayfirst)
    if not dues or _DISTRACTOR.search(text) or _KICKOFF.search(text):
        return []
    out, boundary = [], 0
    heading = _heading_before(doc, clause)
    for due in dues:
        named = _deliverable_at(text, due, boundary, verbs, passives, lead_verb, heading)
        boundary = due.end
        if named is None:
            continue
        name, verb = named
        before = due.rule is not None and due.rule.direction == "before"
        notice = verb in ("provide", "give") and before and not _DOCUMENT.search(name)
        out.append(
            Milestone(
                name=name,
                kind="notice" if notice else kind_of(name) or "deliverable",
                due_date=due.date,
                due_rule=due.rule,
                approximate=due.approximate,
                evidence=evidence_for(doc, clause.start, clause.end),
                confidence=0.75 if due.date else 0.65,
            )
        )
    return out


def _brought_to(doc: Doc, clause: Clause, dayfirst: bool) -> list[Milestone]:
    """"bring Separable Portion 1 to Practical Completion by 14 November 2025 and the whole of
    the Works to Practical Completion by 27 March 2026": one completion per part."""
    text = clause.text
    if "bring" not in text.lower():
        return []
    dues = due_points(text, dayfirst)
    out = []
    for match in _BRING_TO.finditer(text):
        due = next((d for d in dues if 0 <= d.start - match.end() <= 3), None)
        obj = match.group("obj")
        if due is None or (match.group("verb").lower() == "and" and not (
                obj[:1].isupper() or obj.lower().startswith("the "))):  # fmt: skip
            continue
        part = _LEADING_WORDS.sub("", obj)
        out.append(Milestone(
            name=short_name(f"{match.group('event')} – {part}"), kind="deliverable",
            due_date=due.date, due_rule=due.rule, approximate=due.approximate,
            evidence=evidence_for(doc, clause.start, clause.end), confidence=0.75,
        ))  # fmt: skip
    return out


def _deliverable_at(text, due: Due, boundary: int, verbs, passives, lead_verb, heading=None):
    """(name, verb) of the deliverable whose deadline is ``due``, or None."""
    passive = next((p for p in passives if 0 <= due.start - p.end() <= 2), None)
    verb = next((v for v in reversed(verbs) if boundary <= v.start() and v.end() <= due.start),
                None)  # fmt: skip
    if passive:
        cut = max((m.end() for m in _SEGMENT_CUT.finditer(text, boundary, passive.start())),
                  default=boundary)  # fmt: skip
        segment = text[cut : passive.start()]
        if passive.group("occur") and not _EVENT_SUBJECT.search(segment):
            return None  # "the meeting will take place": only a defined event occurs by a date
        verb_word = (passive.group("verb") or "achieved")[:-1].rstrip("e")
    elif verb:
        segment, verb_word = text[verb.end() : due.start], verb.group("verb")
    elif boundary and (lead_verb or verbs):
        segment, verb_word = text[boundary : due.start], lead_verb or verbs[-1].group("verb")
    elif lead_verb:
        segment, verb_word = _ENUMERATOR.sub("", text[: due.start]), lead_verb
    elif not boundary and (fronted := _fronted_object(text, due, verbs)):
        segment, verb_word = fronted
    else:
        return None
    verb_word = next((v for v in rules.DELIVERY_VERBS if verb_word.lower().startswith(v[:5])),
                     "deliver")  # fmt: skip
    name = object_name(segment, verb_word)
    if name is None and heading and not boundary:
        bare = re.sub(r"\([^()]*\)", " ", segment)  # too long a description: the heading names it
        name = heading if len(bare.split()) > 8 and not _MODAL.search(bare) else None
    return (name, verb_word) if name else None


def _heading_before(doc: Doc, clause: Clause) -> str | None:
    """"2.3 Final Gallery." right before the clause (the sentencizer cuts headings off)."""
    before = doc_text(doc)[max(0, clause.start - 80) : clause.start]
    heading = _CLAUSE_HEADING.search(before)
    return heading.group("heading") if heading else None


def _fronted_object(text: str, due: Due, verbs) -> tuple[str, str] | None:
    """"Within 60 days after X, the Contractor shall deliver <object>.": the deadline opens the
    clause (only a number or heading before it) and the verb follows in the same sentence."""
    if not (_FRONTED_LEAD.match(text[: due.start]) and text[due.end : due.end + 2].startswith(",")):
        return None
    stop = re.search(r"[.;](?:\s|$)", text[due.end :])
    end = due.end + stop.start() if stop else len(text)
    verb = next((v for v in verbs if due.end <= v.start() < end), None)
    if verb is None or _MODAL.search(text[verb.end() : end]):
        return None
    return text[verb.end() : end], verb.group("verb")


def object_name(segment: str, verb: str) -> str | None:
    """The deliverable named by the words between the verb and its deadline."""
    bare = re.sub(r"\([^()]*\)", " ", segment)
    if _MODAL.search(bare):
        return None  # the deadline belongs to another obligation further on
    if verb in ("provide", "give") and not _PROVIDE_OBJECT.search(segment):
        return None
    quoted = _QUOTED_TERM.search(segment)
    if quoted:
        return quoted.group("term").strip()  # "... test report (the "Transfer Package"),"
    segment = _OBJECT_TAIL.split(segment, maxsplit=1)[0]
    if len(re.sub(r"\([^()]*\)", " ", segment).split()) > 20:
        return None
    segment = _ENUMERATOR.sub("", _CLAUSE_NUMBER.sub("", segment.strip()))
    segment = _LEAD_CONJUNCTION.sub("", segment)
    segment = _TO_PARTY.sub("", segment.split("(")[0]).strip(" ,;:")
    segment = _LEADING_WORDS.sub("", segment)
    if not segment or _NOT_MILESTONE_OBJECT.match(segment) or len(segment.split()) > 8:
        return None
    if _BAD_OBJECT.search(segment):
        return None
    term = _CAPITAL_TERM.match(segment)
    if term:
        return term.group("term")
    if segment[:1].islower() and rules.DELIVERY_VERBS[verb] and verb != "deliver":
        return f"{rules.DELIVERY_VERBS[verb]} of {segment}"
    return short_name(segment)


def _week_item(doc: Doc, clause: Clause, match: re.Match) -> Milestone:
    week = int(match.group("week"))
    obj = re.split(r"\s+subject\s+to\b", match.group("obj"))[0]
    return Milestone(
        name=short_name(obj),
        kind=kind_of(obj) or "deliverable",
        due_rule=DueRule(f"Week {week}", week, "weeks", "after", "kickoff"),
        evidence=evidence_for(doc, clause.start, clause.end),
        confidence=0.6,
    )


# --- kick-off, notice deadlines, retainage release -----------------------------------------
def kickoff_in(doc: Doc, clause: Clause, dayfirst: bool) -> list[Milestone]:
    text = clause.text
    low = text.lower()
    if "kick" not in low and "commence" not in low and "proceed" not in low and "start" not in low:
        return []
    match = _KICKOFF.search(text)
    if not match or _DISTRACTOR.search(text):
        return []
    if _ANCHOR_REFERENCE.search(text, max(0, match.start() - 20), match.start()):
        return []  # "within 20 Business Days of the Project Start Date" only refers to it
    due = next((d for d in due_points(text, dayfirst) if d.start >= match.start() or d.date), None)
    if due is None or (due.rule and due.rule.anchor not in _KNOWN_ANCHORS):
        return []
    name = "Project kick-off" if not match.group("obj") else f"Commencement of {match.group('obj')}"
    return [
        Milestone(
            name=short_name(name),
            kind="kickoff",
            due_date=due.date,
            due_rule=due.rule,
            approximate=due.approximate,
            evidence=evidence_for(doc, clause.start, clause.end),
            confidence=0.75,
        )
    ]



def release_in(doc: Doc, clause: Clause, dayfirst: bool) -> list[Milestone]:
    """"Within 30 days after Substantial Completion, Owner shall release the retainage"."""
    text = clause.text
    if "release" not in text.lower():
        return []
    match = _RELEASE.search(text)
    if not match:
        return []
    due = next(iter(due_points(text, dayfirst)), None)
    if due is None:
        return []
    what = (match.group("what") or match.group("what2")).lower()
    part = re.sub(r"^the\s+|\s+", " ", match.group("part") or "").strip().lower()
    return [
        Milestone(
            name=f"Release of {part} of {what}" if part else f"Release of {what}",
            kind="payment",
            due_date=due.date,
            due_rule=due.rule,
            evidence=evidence_for(doc, clause.start, clause.end),
            confidence=0.7,
        )
    ]


# --- dated defined terms -------------------------------------------------------------------
def defined_date_milestones(doc: Doc, dayfirst: bool) -> list[Milestone]:
    """"1 April 2025 (the "Commencement Date")", "The Date for Possession is 7 April 2025"."""
    text = doc_text(doc)
    out = []
    for match in _DEFINED_PAREN.finditer(text):
        window = text[max(0, match.start() - 60) : match.start()]
        dates = find_dates(window, dayfirst=dayfirst)
        if not dates or dates[-1][1] < len(window) - 2:
            continue
        if _DATED.search(window, 0, dates[-1][0]):
            continue  # "specifications ... dated April 4, 2025 (the "Contract Documents")"
        clause = _sentence_around(doc, match.start(), match.end())
        if _DEFINED_DATE_DISTRACTOR.search(text, clause[0], clause[1]):
            continue
        defined = _DEFINED_DATE.match(text, match.start() - (len(window) - dates[-1][1]))
        if defined is None:
            continue  # the parenthesis does not define a date term ("(the "Licensed Patents")")
        term = defined.group("term")
        value = _range_start(window[: dates[-1][0]], dates[-1][2].value)
        out += _term_milestone(doc, term, value, match.start() - len(window) + dates[-1][0],
                               match.end())  # fmt: skip
    for match in _TERM_IS_DATE_SCAN.finditer(text):
        parsed = find_dates(text[match.end() : match.end() + 40], dayfirst=dayfirst)
        if parsed and parsed[0][0] == 0:
            end = match.end() + parsed[0][1]
            out += _term_milestone(doc, match.group("term"), parsed[0][2].value, match.start(), end)
    for pattern in (_TERM_MEANS, _TERM_LABEL):
        for match in pattern.finditer(text):
            term = match.group("term")
            if not (kind_of(term) or _END_TERM.search(term)):
                continue  # "PO Date: May 12, 2025" is a key date, not an event
            parsed = find_dates(text[match.end() : match.end() + 40], dayfirst=dayfirst)
            if parsed and parsed[0][0] == 0:
                end = match.end() + parsed[0][1]
                out += _term_milestone(doc, term, parsed[0][2].value, match.start(), end)
    return out


_TERM_IS_DATE_SCAN = re.compile(rules.TERM_IS_DATE_RE.rstrip("$"))
_TERM_MEANS = re.compile(rules.TERM_MEANS_DATE_RE)
_TERM_LABEL = re.compile(rules.TERM_LABEL_DATE_RE)
_END_TERM = re.compile(rules.END_TERM_RE, _I)


def _range_start(before: str, end_value: date) -> date:
    """"October 16 through October 18, 2025" starts on October 16, 2025."""
    match = _RANGE_START.search(before)
    if not match:
        return end_value
    parsed = parse_date(f"{match.group('month')} {match.group('day')}, {end_value.year}")
    return parsed.value if parsed and parsed.value <= end_value else end_value


def _term_milestone(doc: Doc, term: str, value: date, start: int, end: int) -> list[Milestone]:
    term = _SPACES.sub(" ", term).strip()
    if len(term.split()) > 5:
        return []
    if _END_TERM.search(term):
        kind = "expiration"  # "31 May 2027 (the "End Date")"
    elif _KEY_DATE_TERM.search(term):
        return []
    else:
        kind = kind_of(term) or "other"
    clause = _sentence_around(doc, start, end)
    return [
        Milestone(
            name=term,
            kind=kind,
            due_date=value,
            evidence=evidence_for(doc, clause[0], clause[1]),
            confidence=0.7,
        )
    ]


def _sentence_around(doc: Doc, start: int, end: int) -> tuple[int, int]:
    bounds = doc.user_data.get(_BOUNDS_KEY) or sentence_bounds(doc)
    index = bisect.bisect_right([s for s, _ in bounds], start) - 1
    return bounds[index] if index >= 0 and bounds[index][1] >= end else (start, end)


