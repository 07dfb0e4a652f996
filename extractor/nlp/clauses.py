"""Reading helpers shared by contract_payments and contract_milestones: clauses that hold a
trigger word, schedules (loader tables and text-column tables), names, kinds and due parsing."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
from spacy.attrs import IDX, LOWER
from spacy.tokens import Doc

from extractor.nlp.dates import find_dates, parse_date
from extractor.nlp.duerules import (
    anchor_phrase,
    find_due_rules,
)
from extractor.nlp.evidence import evidence_for
from extractor.nlp.extensions import SENTENCES_KEY, TOKENS_KEY, doc_text
from extractor.nlp.rules import milestones as rules
from extractor.nlp.rules import payments as prules
from extractor.nlp.tables import Schedule, ScheduleRow, read_schedules, read_table
from extractor.nlp.texttables import TextTable, text_tables
from models import DueRule, Evidence, ExtractionSettings

_I = re.IGNORECASE
_SPACES = re.compile(r"\s+")
_FALLBACK_SPLIT = re.compile(
    r"(?<=[.;:])\s+(?=[A-Z(•●▪])|\n\s*\n|\n(?=\s*(?:\(?[a-z0-9]{1,3}[.)]\s|[•●▪]))"
)
_EVENTS = [(re.compile(pattern, _I), kind) for pattern, kind in rules.EVENTS]
_PAYMENT_NAME = re.compile(rules.PAYMENT_NAME_RE, _I)
_EVENT_TERM = re.compile(rules.EVENT_TERM_RE)
_FOOTER = re.compile(rules.FOOTER_RE)
_TITLE_ITEM = re.compile(
    r"\W*(?:\(?\s*(?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x|\d{1,2})\s*[.)]\s+)[^\n]*[.:]\s*$"
)
_MONEY_SIGN = re.compile(r"[$€£%]|\d{1,3},\d{3}")
_EVENT_OF_ANCHOR = {"signing": "signing", "kickoff": "kickoff"}
_DECLARED_DOLLARS = re.compile(prules.DECLARED_DOLLARS_RE, re.IGNORECASE)
_DOLLAR_CODE_AFTER = re.compile(prules.DOLLAR_CODE_AFTER_RE)
_US_DOLLARS = re.compile(prules.US_DOLLARS_RE, re.IGNORECASE)
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_ENUMERATOR = re.compile(r"^\W*(?:\(?\s*(?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x|\d{1,2})\s*[.)]\s*)+")
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
_SCHEDULES_KEY = "contracts.schedules"
_CURRENCY_KEY = "contracts.currency"
_TEXT_TABLES_KEY = "contracts.text_tables"
MAX_CLAUSE_CHARS = 2500
MAX_ITEMS = 12
MAX_TITLE_CHARS = 100
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
    found = doc.user_data.get(SENTENCES_KEY)
    if found is not None:
        return found
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
    """Char offsets of the tokens whose lower-case form is one of ``words``."""
    tokens = doc.user_data.get(TOKENS_KEY)
    if tokens is not None:
        return tokens.words_at(frozenset(words))
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
    for start, end in _with_titles(text, bounds, sorted(picked)):
        for part_start, part_end in _outside(start, end, skip):
            if part_end - part_start <= MAX_CLAUSE_CHARS:
                out.append(Clause(part_start, part_end, text[part_start:part_end]))
    return out


def _with_titles(text: str, bounds, indexes: list[int]) -> list[tuple[int, int]]:
    """Spans of the picked sentences; an item's title sentence ("(a) Milestone 1 – Kick-off.")
    and the body after it on the same line are one clause."""
    spans: list[tuple[int, int]] = []
    for index in indexes:
        start, end = bounds[index]
        if index > 0 and _is_title(text, bounds[index - 1], start):
            start = bounds[index - 1][0]
        elif index + 1 < len(bounds) and _is_title(text, (start, end), bounds[index + 1][0]):
            end = bounds[index + 1][1]
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _is_title(text: str, title: tuple[int, int], next_start: int) -> bool:
    """A short enumerated sentence followed on its line by a sentence that is no new item."""
    start, end = title
    body = text[start:end].rstrip()
    if len(body) > MAX_TITLE_CHARS or "\n" in text[start + len(body) : next_start]:
        return False
    if not _TITLE_ITEM.match(text, start, end) or _ENUMERATOR.match(text, next_start):
        return False
    return not _MONEY_SIGN.search(text, start, end)


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


def document_currency(doc: Doc) -> str:
    """The currency a bare "$" is in: what the contract declares ("all references to "$" are to
    Canadian dollars"), else the settings' default."""
    currency = doc.user_data.get(_CURRENCY_KEY)
    if currency is None:
        currency = settings_of(doc).default_currency
        text = doc_text(doc)
        declared = _DECLARED_DOLLARS.search(text)
        if declared:
            country = _SPACES.sub(" ", declared.group("country")).lower().replace(".", "")
            currency = prules.DOLLAR_COUNTRIES.get(country, currency)
        else:
            currency = _dollars_by_code(text) or currency
        doc.user_data[_CURRENCY_KEY] = currency
    return currency


def _dollars_by_code(text: str) -> str | None:
    """"$55 CAD per hour" in a contract that never names US dollars: its "$" is Canadian."""
    coded = _DOLLAR_CODE_AFTER.search(text)
    if coded is None or _US_DOLLARS.search(text):
        return None
    return prules.DOLLAR_CODES.get(coded.group("code").upper())


def document_schedules(doc: Doc) -> list[Schedule]:
    """Schedules in the loader's tables and in tables laid out as text columns."""
    schedules = doc.user_data.get(_SCHEDULES_KEY)
    if schedules is None:
        document = doc._.document
        currency = document_currency(doc)
        tables = [table for page in document.pages for table in page.tables] if document else []
        schedules = read_schedules(tables, currency)
        for found in document_text_tables(doc):
            schedule = read_table(found.table, currency, found.spans)
            if schedule and schedule.rows:
                schedules.append(schedule)
        doc.user_data[_SCHEDULES_KEY] = schedules
    return schedules


def document_text_tables(doc: Doc) -> list[TextTable]:
    """Text-column tables of the pages the loader found no table on."""
    found = doc.user_data.get(_TEXT_TABLES_KEY)
    if found is None:
        document = doc._.document
        pages = [page for page in document.pages if not page.tables] if document else []
        found = [table for page in pages for table in text_tables(page.text, page.number)]
        doc.user_data[_TEXT_TABLES_KEY] = found
    return found


def row_span(doc: Doc, row: ScheduleRow) -> tuple[int, int] | None:
    """Where this table row sits in doc.text: a text-column row's own span, or where the loader
    wrote the row ("cell | cell")."""
    if row.span:
        starts = doc._.page_starts or [0]
        offset = starts[row.page - 1] if row.page - 1 < len(starts) else 0
        return offset + row.span[0], offset + row.span[1]
    return cells_span(doc, row.cells, row.page)


def cells_span(doc: Doc, cells, page: int) -> tuple[int, int] | None:
    cells = [cell for cell in cells if cell and cell.strip()]
    if not cells:
        return None
    text = doc_text(doc)
    words = [cell.split() for cell in cells]
    starts = doc._.page_starts or [0]
    lo = starts[page - 1] if page - 1 < len(starts) else 0
    hi = starts[page] if page < len(starts) else len(text)
    return find_cells(text, words, lo, hi) or find_cells(text, words, 0, len(text))


def find_cells(text: str, words: list[list[str]], lo: int, hi: int) -> tuple[int, int] | None:
    r"""The first span of ``text[lo:hi]`` holding the cells' words in order, whitespace between
    the words of a cell, whitespace and "|" between cells: what the regex
    ``(?:\s*\|)*\s*``.join(``\s+``.join(words of a cell)) finds, without compiling one per row."""
    if any("|" in word for cell in words for word in cell):  # a separator could end in the word
        pattern = r"(?:\s*\|)*\s*".join(r"\s+".join(map(re.escape, cell)) for cell in words)
        match = re.compile(pattern).search(text, lo, hi)
        return (match.start(), match.end()) if match else None
    hi = min(hi, len(text))
    first = words[0][0]
    start = text.find(first, lo, hi)
    while start != -1:
        end = _cells_end(text, words, start, hi)
        if end is not None:
            return start, end
        start = text.find(first, start + 1, hi)
    return None


def _cells_end(text: str, words: list[list[str]], at: int, hi: int) -> int | None:
    """Where the cells' words end when read from ``at``; None if they are not there. Words hold
    no whitespace and no "|", so each separator takes all it can, as the regex's does."""
    i = at
    for c, cell in enumerate(words):
        for w, word in enumerate(cell):
            if w:  # \s+
                j = i
                while j < hi and text[j].isspace():
                    j += 1
                if j == i:
                    return None
                i = j
            elif c:  # (?:\s*\|)*\s*
                while i < hi and (text[i] == "|" or text[i].isspace()):
                    i += 1
            if not text.startswith(word, i, hi):
                return None
            i += len(word)
    return i


def table_spans(doc: Doc) -> list[tuple[int, int]]:
    """Where every table row sits in doc.text: prose reading skips them (tables are read as
    tables, and rows of tables that are no schedule are no milestones)."""
    spans = doc.user_data.get(_SPANS_KEY)
    if spans is None:
        document = doc._.document
        tables = [t for p in document.pages for t in p.tables] if document else []
        spans = [span for t in tables for row in t.rows if (span := cells_span(doc, row, t.page))]
        starts = doc._.page_starts or [0]
        for found in document_text_tables(doc):
            offset = starts[found.table.page - 1] if found.table.page - 1 < len(starts) else 0
            spans += [(offset + start, offset + end) for start, end in found.spans]
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
    core = _PARENTHETICAL.sub(" ", name).strip() or name  # "Commencement (mobilisation payment)"
    if _PAYMENT_NAME.search(core):
        return "payment"
    named = kind_of(core)
    if named is None and rule and rule.offset == 0 and rule.anchor in _EVENT_OF_ANCHOR:
        return _EVENT_OF_ANCHOR[rule.anchor]  # "Mobilisation | On signature": due at signing
    kind = named or default
    if rule and rule.offset > 0 and rules.KIND_ANCHORS.get(kind) == rule.anchor:
        return "payment"
    return kind


def schedule_kind(schedule: Schedule, name: str, rule: DueRule | None, default: str) -> str:
    """A row's kind; rows dated by acceptance ("Target Acceptance Date") are approvals."""
    kind = item_kind(name, rule, default)
    if schedule.of_approvals and kind not in ("signing", "kickoff", "payment"):
        return "approval"
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

