"""Milestones: deliverables, acceptance, kick-off, notice deadlines, and the payment schedule.

``contract_milestones`` reads the clauses that hold a milestone trigger (never every sentence)
and deliverable tables, takes the payment milestones ``contract_payments`` left on
``doc._.installments``, resolves relative deadlines against ``doc._.key_dates`` and writes
``doc._.milestones`` in reading order.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import cached_property

import numpy as np
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from extractor.dates import find_dates, parse_date
from extractor.duerules import (
    anchor_phrase,
    find_due_rules,
    key_date_anchors,
    number_value,
    resolve_milestone,
    unit_name,
)
from extractor.evidence import evidence_for
from extractor.extensions import doc_text
from extractor.rules import milestones as rules
from extractor.tables import Schedule, ScheduleRow, read_schedules
from models import DueRule, Evidence, ExtractionSettings, Milestone

_I = re.IGNORECASE
_SPACES = re.compile(r"\s+")
_FALLBACK_SPLIT = re.compile(
    r"(?<=[.;:])\s+(?=[A-Z(•●▪])|\n\s*\n|\n(?=\s*(?:\(?[a-z0-9]{1,3}[.)]\s|[•●▪]))"
)
_DELIVERY_VERB = re.compile(rules.DELIVERY_VERB_RE, _I)
_PASSIVE = re.compile(rules.PASSIVE_VERB_RE, _I)
_PROVIDE_OBJECT = re.compile(rules.PROVIDE_OBJECT_RE, _I)
_DUE_LEAD = re.compile(rules.DUE_LEAD_RE, _I)
_SEGMENT_CUT = re.compile(rules.SEGMENT_CUT_RE, _I)
_OBLIGATION = re.compile(r"\b(?:shall|will|must|agrees?\s+to|is\s+(?:to|due)|are\s+(?:to|due)"
                         r"|due)\b", _I)  # fmt: skip
_WEEK_ITEM = re.compile(r"^\W*week\s+(?P<week>\d{1,3})\s*(?:-+>|->|–|—|:|-)\s*(?P<obj>.{3,})$", _I)
_DISTRACTOR = re.compile(rules.DISTRACTOR_RE)
_NOTICE = re.compile(rules.NOTICE_RE, _I)
_KICKOFF = re.compile(rules.KICKOFF_RE, _I)
_RELEASE = re.compile(rules.RELEASE_RE, _I)
_DEEMED = re.compile(rules.DEEMED_ACCEPTANCE_RE, _I)
_ACCEPT_WORDS = re.compile(rules.ACCEPTANCE_PERIOD_RE, _I)
_ACCEPT_OBJECT = re.compile(rules.ACCEPTANCE_OBJECT_RE, _I)
_ACCEPT_TERMS = re.compile(r"\bacceptance\s+(?:period|test(?:s|ing)?)\b|\bchange\s+request\b", _I)
_PAYMENT_CLAUSE = re.compile(r"\b(?:pay|pays|paid|payable|invoices?)\b", _I)
_ACCEPT_HAVE = re.compile(
    rf"\b(?:have|has|within)\s+(?P<num>{rules.NUMBER_RE})\s*(?P<unit>{rules.UNIT_RE})"
    r"(?:\s*\([^)]{0,60}\))?\s+(?:to|in\s+which\s+to|after\s+\w+\s+to)\s+(?:\w+\s+){0,3}?"
    r"(?:review|test|inspect|accept|reject|evaluate|approve)",
    _I,
)
_EVENTS = [(re.compile(pattern, _I), kind) for pattern, kind in rules.EVENTS]
_PAYMENT_NAME = re.compile(rules.PAYMENT_NAME_RE, _I)
_EVENT_TERM = re.compile(rules.EVENT_TERM_RE)
_FOOTER = re.compile(rules.FOOTER_RE)
_ACCEPT_CONTEXT = re.compile(rules.ACCEPTANCE_CONTEXT_RE, _I)
_ACCEPT_NOT = re.compile(rules.ACCEPTANCE_NOT_RE, _I)
_MODAL = re.compile(r"\b(?:shall|will|must|may)\b", _I)
_GENERIC_NAME = re.compile(rules.GENERIC_NAME_RE, _I)
_DEFINED_DATE = re.compile(rules.DEFINED_DATE_RE)
_DEFINED_PAREN = re.compile(r"\((?:the\s+|each\s+a\s+)?[\"“][^\"”]{3,40}[\"”]\)")
_TERM_IS_DATE = re.compile(rules.TERM_IS_DATE_RE)
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
    r"|objections?|consent|approval|notification)\b",
    _I,
)
_BAD_OBJECT = re.compile(r"\b(?:and|or|of|the)\s*$|\bthis\s+(?:Agreement|Contract)\b", _I)
_LEADING_WORDS = re.compile(r"^(?:the|a|an|all|each|any|such|its|their|to\s+\w+)\s+", _I)
_THIS_AGREEMENT = re.compile(
    r"\s+(?:of|under|to)\s+(?:this|the)\s+(?:Agreement|Contract|SOW)\b", _I
)
_INNER_THE = re.compile(
    r"\b(of|on|upon|after|before|to|from|following|within)\s+(?:the|such|each)\s+", _I
)
_NAME_WORD = re.compile(r"[a-z0-9%]+")
_NAME_STOPWORDS = frozenset(("the", "of", "a", "an", "and", "to", "for", "on", "upon", "in",
                             "by", "at", "with", "from"))  # fmt: skip
_KNOWN_ANCHORS = ("effective_date", "agreement_date", "signing", "kickoff", "delivery",
                  "acceptance", "invoice", "expiration")  # fmt: skip
_ARRAY_KEY = "contracts.lower_idx"
_BOUNDS_KEY = "contracts.sentence_bounds"
_SPANS_KEY = "contracts.table_spans"
MAX_CLAUSE_CHARS = 2500
MAX_ITEMS = 12
MAX_NAME_CHARS = 80


@dataclass(frozen=True)
class Clause:
    """A sentence (or fallback split) of doc.text that holds a trigger."""

    start: int
    end: int
    raw: str

    @cached_property
    def text(self) -> str:
        return clean_text(self.raw)


def clean_text(raw: str) -> str:
    """Text on one line, without the filing footers a PDF page break drops in."""
    return _SPACES.sub(" ", _FOOTER.sub(" ", raw)).strip()


# --- shared helpers (used by contract_payments too) ---------------------------------------
def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each sentence; a cheap split when no sentencizer ran."""
    if doc.has_annotation("SENT_START"):
        return [(sent.start_char, sent.end_char) for sent in doc.sents]
    bounds, start = [], 0
    text = doc_text(doc)
    for match in _FALLBACK_SPLIT.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if e > s]


def trigger_offsets(doc: Doc, words: Iterable[str]) -> list[int]:
    """Char offsets of the tokens whose lower-case form is one of ``words`` (numpy, no regex)."""
    array = doc.user_data.get(_ARRAY_KEY)
    if array is None:
        array = doc.user_data[_ARRAY_KEY] = doc.to_array([LOWER, IDX])
    if not len(array):
        return []
    hashes = np.array([doc.vocab.strings[word] for word in words], dtype=np.uint64)
    return array[np.isin(array[:, 0], hashes), 1].tolist()


def clauses_with(doc: Doc, words: Iterable[str], skip: list[tuple[int, int]] = ()) -> list[Clause]:
    """Sentences holding one of ``words``, in order, and the enumerated items after a lead-in
    ending with ":" ("shall deliver: (a) ... (b) ..."). Table rows in ``skip`` are cut out."""
    bounds = doc.user_data.get(_BOUNDS_KEY)
    if bounds is None:
        bounds = doc.user_data[_BOUNDS_KEY] = sentence_bounds(doc)
    starts = [start for start, _ in bounds]
    text = doc_text(doc)
    picked: dict[int, None] = {}
    for offset in trigger_offsets(doc, words):
        index = bisect.bisect_right(starts, offset) - 1
        if index >= 0:
            picked[index] = None
    for index in list(picked):
        if text[bounds[index][0] : bounds[index][1]].rstrip().endswith(":"):
            follow = index + 1
            while follow < len(bounds) and follow - index <= MAX_ITEMS and _ENUMERATOR.match(
                text[bounds[follow][0] : bounds[follow][1]]
            ):
                picked[follow] = None
                follow += 1
    out = []
    for index in sorted(picked):
        start, end = bounds[index]
        for part_start, part_end in _outside(start, end, skip):
            if part_end - part_start <= MAX_CLAUSE_CHARS:
                out.append(Clause(part_start, part_end, text[part_start:part_end]))
    return out


def _outside(start: int, end: int, spans) -> list[tuple[int, int]]:
    """The parts of [start, end) not covered by ``spans`` (table rows), at least 20 chars long."""
    parts, cursor = [], start
    for s_start, s_end in sorted(spans):
        if s_end <= cursor or s_start >= end:
            continue
        if s_start - cursor >= 20:
            parts.append((cursor, s_start))
        cursor = max(cursor, s_end)
    if end - cursor >= 20 or (cursor == start and end > start):
        parts.append((cursor, end))
    return parts


def _overlaps_any(start: int, end: int, spans) -> bool:
    return any(start < s_end and s_start < end for s_start, s_end in spans)


def settings_of(doc: Doc) -> ExtractionSettings:
    return doc._.settings or ExtractionSettings()


def document_schedules(doc: Doc) -> list[Schedule]:
    document = doc._.document
    if document is None:
        return []
    tables = [table for page in document.pages for table in page.tables]
    return read_schedules(tables, settings_of(doc).default_currency)


def row_span(doc: Doc, row: ScheduleRow) -> tuple[int, int] | None:
    """Where the loader wrote this table row into doc.text ("cell | cell"), if it did."""
    return cells_span(doc, row.cells, row.page)


def cells_span(doc: Doc, cells, page: int) -> tuple[int, int] | None:
    cells = [cell for cell in cells if cell and cell.strip()]
    if not cells:
        return None
    pattern = r"(?:\s*\|)*\s*".join(r"\s+".join(map(re.escape, cell.split())) for cell in cells)
    starts = doc._.page_starts or [0]
    lo = starts[page - 1] if page - 1 < len(starts) else 0
    text = doc_text(doc)
    hi = starts[page] if page < len(starts) else len(text)
    compiled = re.compile(pattern)
    match = compiled.search(text, lo, hi) or compiled.search(text)
    return (match.start(), match.end()) if match else None


def table_spans(doc: Doc) -> list[tuple[int, int]]:
    """Where every table row sits in doc.text: prose reading skips them (tables are read as
    tables, and rows of tables that are no schedule are no milestones)."""
    spans = doc.user_data.get(_SPANS_KEY)
    if spans is None:
        document = doc._.document
        tables = [t for p in document.pages for t in p.tables] if document else []
        spans = [span for t in tables for row in t.rows if (span := cells_span(doc, row, t.page))]
        doc.user_data[_SPANS_KEY] = spans
    return spans


def row_evidence(doc: Doc, row: ScheduleRow) -> Evidence:
    span = row_span(doc, row)
    if span:
        return evidence_for(doc, span[0], span[1], text=row.text)
    document = doc._.document
    return Evidence(page=row.page, text=row.text, file=document.path if document else "")


def short_name(text: str, limit: int = MAX_NAME_CHARS) -> str:
    text = _SPACES.sub(" ", text).strip(" \t-–—:;,.>●•")
    text = _THIS_AGREEMENT.sub("", text)
    text = _INNER_THE.sub(r"\1 ", text)
    for _ in range(2):
        text = _LEADING_WORDS.sub("", text)
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        text = text[: cut if cut > 20 else limit].rstrip(" ,;:-")
    return text[:1].upper() + text[1:]


def parse_due(text: str, dayfirst: bool = False) -> tuple[date | None, bool, DueRule | None]:
    """(absolute date, approximate, relative rule) of a due cell or an item of prose.

    Both may be set: "on acceptance of the Specification or 27 February 1998, whichever is
    later" keeps the event (the rule) and the date.
    """
    rules_found = find_due_rules(text)
    rule = rules_found[0][2] if rules_found else None
    dates = find_dates(text, dayfirst=dayfirst)
    if dates:
        parsed = dates[0][2]
        return parsed.value, parsed.approximate, rule if rule and rule.offset == 0 else None
    if rule is None and text and len(text) < 40:
        parsed = parse_date(text, dayfirst=dayfirst)
        if parsed:
            return parsed.value, parsed.approximate, None
    return None, False, rule


def kind_of(text: str) -> str | None:
    """signing / kickoff / approval / deliverable: the event named first in ``text``."""
    best: tuple[int, str] | None = None
    for pattern, kind in _EVENTS:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else None


def item_kind(name: str, rule: DueRule | None, default: str) -> str:
    """Kind of a schedule row or item: its name's event, or payment when it names a payment.

    "Acceptance of the Final Report" due 30 days after acceptance is the payment that follows
    the acceptance, not the acceptance itself.
    """
    if _PAYMENT_NAME.search(name):
        return "payment"
    kind = kind_of(name) or default
    if rule and rule.offset > 0 and rules.KIND_ANCHORS.get(kind) == rule.anchor:
        return "payment"
    return kind


def name_words(text: str) -> set[str]:
    words = _NAME_WORD.findall(text.lower().replace("-", ""))
    return {word for word in words if word not in _NAME_STOPWORDS}


def similar(a: str, b: str, threshold: float = 0.5) -> bool:
    """Content words shared, over the shorter name's word count (as the evaluator counts)."""
    wa, wb = name_words(a), name_words(b)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= threshold


def anchor_ok(rule: DueRule | None) -> DueRule | None:
    """Keep rules on known anchors, milestones, or a capitalised event that may name one."""
    if rule is None or rule.anchor in _KNOWN_ANCHORS or rule.anchor.startswith("milestone:"):
        return rule
    return rule if _EVENT_TERM.match(anchor_phrase(rule.text)) else None


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
        found = attach_acceptance(doc, found, acceptances_in(clauses))
        found += expiration_milestones(doc)
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


# --- deliverables --------------------------------------------------------------------------
def table_deliverables(doc: Doc, schedules: list[Schedule], dayfirst: bool) -> list[Milestone]:
    """Rows of schedules without amounts: each row with a due date or rule is a milestone."""
    out = []
    for schedule in schedules:
        if schedule.roles & {"amount", "percent"}:
            continue  # payment schedules are read by contract_payments
        for row in schedule.milestone_rows():
            due_date, approximate, rule = parse_due(row.due_text or row.name, dayfirst)
            rule = anchor_ok(rule)
            if due_date is None and rule is None:
                continue
            out.append(
                Milestone(
                    name=short_name(row.name),
                    kind=item_kind(row.name, rule, "deliverable"),
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
            found.append(Due(start, end, None, False, rule))
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
    for due in dues:
        named = _deliverable_at(text, due, boundary, verbs, passives, lead_verb)
        boundary = due.end
        if named is None:
            continue
        name, verb = named
        before = due.rule is not None and due.rule.direction == "before"
        notice = verb in ("provide", "give") and before
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


def _deliverable_at(text, due: Due, boundary: int, verbs, passives, lead_verb):
    """(name, verb) of the deliverable whose deadline is ``due``, or None."""
    passive = next((p for p in passives if 0 <= due.start - p.end() <= 2), None)
    verb = next((v for v in reversed(verbs) if boundary <= v.start() and v.end() <= due.start),
                None)  # fmt: skip
    if passive:
        cut = max((m.end() for m in _SEGMENT_CUT.finditer(text, boundary, passive.start())),
                  default=boundary)  # fmt: skip
        segment, verb_word = text[cut : passive.start()], passive.group("verb")[:-1].rstrip("e")
    elif verb:
        segment, verb_word = text[verb.end() : due.start], verb.group("verb")
    elif boundary and (lead_verb or verbs):
        segment, verb_word = text[boundary : due.start], lead_verb or verbs[-1].group("verb")
    elif lead_verb:
        segment, verb_word = _ENUMERATOR.sub("", text[: due.start]), lead_verb
    else:
        return None
    verb_word = next((v for v in rules.DELIVERY_VERBS if verb_word.lower().startswith(v[:5])),
                     "deliver")  # fmt: skip
    name = object_name(segment, verb_word)
    return (name, verb_word) if name else None


def object_name(segment: str, verb: str) -> str | None:
    """The deliverable named by the words between the verb and its deadline."""
    bare = re.sub(r"\([^()]*\)", " ", segment)
    if len(bare.split()) > 20 or _MODAL.search(bare):
        return None  # the deadline belongs to another obligation further on
    if verb in ("provide", "give") and not _PROVIDE_OBJECT.search(segment):
        return None
    quoted = _QUOTED_TERM.search(segment)
    if quoted:
        return quoted.group("term").strip()
    segment = _LEAD_CONJUNCTION.sub("", _ENUMERATOR.sub("", segment.strip()))
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


def notice_in(doc: Doc, clause: Clause) -> list[Milestone]:
    """The last day to give notice of non-renewal (N days before the term ends)."""
    text = clause.text
    if "renew" not in text.lower() or not _NOTICE.search(text):
        return []
    rule = next((r for _, _, r in find_due_rules(text)
                 if r.direction == "before" and r.anchor == "expiration"), None)  # fmt: skip
    if rule is None:
        return []
    return [
        Milestone(
            name="Non-renewal notice deadline",
            kind="notice",
            due_rule=rule,
            evidence=evidence_for(doc, clause.start, clause.end),
            confidence=0.8,
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
    return [
        Milestone(
            name=f"Release of {match.group('what').lower()}",
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
        term = _DEFINED_DATE.match(text, match.start() - (len(window) - dates[-1][1])).group("term")
        value = _range_start(window[: dates[-1][0]], dates[-1][2].value)
        out += _term_milestone(doc, term, value, match.start() - len(window) + dates[-1][0],
                               match.end())  # fmt: skip
    for match in _TERM_IS_DATE_SCAN.finditer(text):
        parsed = find_dates(text[match.end() : match.end() + 40], dayfirst=dayfirst)
        if parsed and parsed[0][0] == 0:
            end = match.end() + parsed[0][1]
            out += _term_milestone(doc, match.group("term"), parsed[0][2].value, match.start(), end)
    return out


_TERM_IS_DATE_SCAN = re.compile(rules.TERM_IS_DATE_RE.rstrip("$"))


def _range_start(before: str, end_value: date) -> date:
    """"October 16 through October 18, 2025" starts on October 16, 2025."""
    match = _RANGE_START.search(before)
    if not match:
        return end_value
    parsed = parse_date(f"{match.group('month')} {match.group('day')}, {end_value.year}")
    return parsed.value if parsed and parsed.value <= end_value else end_value


def _term_milestone(doc: Doc, term: str, value: date, start: int, end: int) -> list[Milestone]:
    term = _SPACES.sub(" ", term).strip()
    if _KEY_DATE_TERM.search(term) or len(term.split()) > 5:
        return []
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


# --- acceptance ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Acceptance:
    days: int
    unit: str
    deemed: bool
    clause: Clause
    name: str


def acceptances_in(clauses: list[Clause]) -> list[Acceptance]:
    found = []
    for position, clause in enumerate(clauses):
        following = clauses[position + 1].text if position + 1 < len(clauses) else ""
        acceptance = acceptance_in(clause, following)
        if acceptance and all(a.name != acceptance.name for a in found):
            found.append(acceptance)
    return found


def acceptance_in(clause: Clause, following: str = "") -> Acceptance | None:
    """The acceptance period of a clause ("10 business days after delivery to accept")."""
    text = clause.text
    if not _ACCEPT_WORDS.search(text) or _DISTRACTOR.search(text) or _PAYMENT_CLAUSE.search(text):
        return None
    if not (_ACCEPT_OBJECT.search(text) or _ACCEPT_HAVE.search(text) or _DEEMED.search(text)
            or _ACCEPT_TERMS.search(text)):  # fmt: skip
        return None
    if not _ACCEPT_CONTEXT.search(text) or _ACCEPT_NOT.search(text):
        return None
    days, unit = None, "days"
    have = _ACCEPT_HAVE.search(text)
    if have:
        days, unit = number_value(have.group("num")), unit_name(have.group("unit"))
    else:
        for _, _, rule in find_due_rules(text):
            if rule.direction == "after" and rule.offset > 0 and (
                rule.anchor == "delivery" or rule.anchor.startswith("receipt")
            ):
                days, unit = rule.offset, rule.unit
                break
    if not days or unit not in ("days", "business_days"):
        return None
    deemed = bool(_DEEMED.search(text) or _DEEMED.search(following))
    return Acceptance(days, unit, deemed, clause, _acceptance_name(text))


def _acceptance_name(text: str) -> str:
    match = _ACCEPT_OBJECT.search(text)
    noun = "Approval" if match and match.group("verb").lower() == "approve" else "Acceptance"
    if not match or re.match(r"(?:each|any|all|every|such)\b", match.group("obj"), _I):
        return f"{noun} of deliverables"
    obj = match.group("obj")
    if re.match(r"(?:the\s+)?(?:deliverables?|work\s+product)$", obj, _I):
        return f"{noun} of deliverables"
    return f"{noun} of {obj}"


def attach_acceptance(doc: Doc, found: list[Milestone], acceptances: list[Acceptance]):
    """The acceptance period goes on the approval milestones; without one it becomes one
    ("Acceptance of the Final Report", N days after delivery)."""
    if not acceptances:
        return found
    first = acceptances[0]
    has_approval = any(m.kind == "approval" for m in found)
    out = [
        replace(m, acceptance_days=first.days, deemed_acceptance=first.deemed)
        if m.kind == "approval" and m.acceptance_days is None
        else m
        for m in found
    ]
    if has_approval:
        return out
    for acceptance in acceptances:
        unit = acceptance.unit.replace("_", " ")
        rule = DueRule(f"{acceptance.days} {unit} after delivery", acceptance.days,
                       acceptance.unit, "after", "delivery")  # fmt: skip
        out.append(
            Milestone(
                name=acceptance.name,
                kind="approval",
                due_rule=rule,
                evidence=evidence_for(doc, acceptance.clause.start, acceptance.clause.end),
                confidence=0.6,
                acceptance_days=acceptance.days,
                deemed_acceptance=acceptance.deemed,
            )
        )
    return out


def expiration_milestones(doc: Doc) -> list[Milestone]:
    """The end of the term, from doc._.key_dates, as a milestone to track."""
    for key_date in doc._.key_dates or ():
        if key_date.kind == "expiration_date" and key_date.value:
            initial = re.search(r"[\"“]Initial Term[\"”]", doc_text(doc))
            return [
                Milestone(
                    name="Expiration of Initial Term" if initial else "Expiration of term",
                    kind="expiration",
                    due_date=key_date.value,
                    approximate=key_date.approximate,
                    evidence=key_date.evidence,
                    confidence=0.8,
                )
            ]
    return []


# --- merging and resolving -----------------------------------------------------------------
def finish(found: list[Milestone], anchors: dict[str, date], total: float | None = None,
           currency: str | None = None) -> list[Milestone]:  # fmt: skip
    """Merge duplicates, tie rules to named milestones, resolve dates, name uniquely, sort."""
    kept = merge_duplicates(found)
    named = {_norm(m.name): m.name for m in kept
             if m.kind in ("deliverable", "kickoff", "other") and not _GENERIC_NAME.match(m.name)}
    kept = [anchor_to_milestone(m, named) for m in kept]
    anchors = dict(anchors)
    kickoffs = [m.due_date for m in kept if m.kind == "kickoff" and m.due_date]
    if len(kickoffs) == 1:
        anchors.setdefault("kickoff", kickoffs[0])
    for _ in range(3):  # chains: a payment 30 days before the Event, the Event's date
        # A deliverable's date is a deadline (it may happen earlier): only fixed dates resolve.
        by_name = {f"milestone:{m.name}": m.due_date for m in kept
                   if m.due_date and m.kind in ("kickoff", "other", "signing")}  # fmt: skip
        kept = [resolve_milestone(m, {**anchors, **by_name}, total, currency) for m in kept]
    kept.sort(key=_reading_order)
    return unique_names(kept)


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
    return replace(keep, **changes) if changes else keep


def _norm(name: str) -> str:
    text = re.sub(r"['’]s\b", "", name.lower())
    return _SPACES.sub(" ", re.sub(r"\b(?:the|a|an)\b", " ", text)).strip()


def anchor_to_milestone(m: Milestone, named: dict[str, str]) -> Milestone:
    """"45 days after Substantial Completion" hangs on the milestone of that name."""
    rule = m.due_rule
    if rule is None or rule.anchor.startswith("milestone:") or rule.anchor == "expiration":
        return m
    phrase = _norm(anchor_phrase(rule.text))
    target = named.get(phrase)
    if target is None:
        part = re.match(r"(?:first|last|final|start|beginning|commencement|end)\s+(?:day\s+)?of\s+"
                        r"(.+)$", phrase)  # fmt: skip
        target = named.get(part.group(1)) if part else None
    if target is None or target == m.name:
        return m
    return replace(m, due_rule=replace(rule, anchor=f"milestone:{target}"))


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
