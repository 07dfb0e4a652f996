"""The ``contract_key_dates`` component: agreement, effective, signing and expiration dates,
plus the term ("5 years"), renewal ("automatic, successive 1 year") and renewal notice period.

Conventions (checked against CUAD's answers):

- Agreement date: the date of the preamble ("made as of May 1, 2016"); else a date line on the
  cover ("Dated: November 14, 2002"); else the latest signature date.
- Effective date: only when the document states one: a date marked ("Effective Date") or
  "effective as of" in the preamble, an "Effective Date" definition or field, "(such date, the
  "Effective Date")", "this Agreement shall commence on <date>", or "effective on the date of the
  last signature" (the latest signature date). Otherwise None: the agreement date stands in for
  it only as the anchor of the term.
- Expiration: an explicit end date ("until November 30, 2014"), or the term added to its anchor
  on the same calendar day: effective 2016-05-01 + 5 years -> 2021-05-01 (CUAD's convention, no
  "minus one day"). A term until an event or "perpetual" gives no date.
- A date left blank ("[ ], 2020", "___ day of ____", "June , 2010") gives no date and a warning.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from extractor.learn import keydecide, renewdecide, switch
from extractor.nlp.dates import ParsedDate, find_dates
from extractor.nlp.duerules import add_offset
from extractor.nlp.durations import Duration, find_durations
from extractor.nlp.evidence import evidence_for
from extractor.nlp.extensions import doc_text
from extractor.nlp.parties import find_preambles
from extractor.nlp.rules import keydates as rules
from extractor.nlp.rules import parties as party_rules
from extractor.nlp.rules.entities import DAY_ORDINAL_WORDS
from models import DueRule, KeyDate, Period, RenewalTerm

log = logging.getLogger(__name__)
_SPACES = re.compile(r"\s+")
_ABBREVIATION = re.compile(r"\b(?:inc|ltd|co|corp|no|st|n\.a|s\.a|u\.s|[A-Z])$", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """A date found in the text, with the span that justifies it."""

    value: date | None
    start: int
    end: int
    note: str = ""


@dataclass(frozen=True)
class Term:
    expiration: Found | None
    rule: DueRule | None = None
    length: str | None = None  # "5 years", "until 2014-11-30", "perpetual"


# ---------------------------------------------------------------- text helpers


def readable(text: str) -> str:
    """``text`` with spellings dates.py misses rewritten in place (same length, same offsets)."""
    low = text.lower()  # cheap substring tests skip the rewrites a text does not need
    if ") day of" in low or ")day of" in low:
        text = rules.ORDINAL_ECHO.sub(lambda m: " " * len(m.group(0)), text)
    if any(split in low for split in ("s t ", "n d ", "r d ", "t h ", "\nst ", "\nnd ", "\nrd ", "\nth ")) \
            and rules.SPLIT_ORDINAL_HINT.search(text):
        text = rules.SPLIT_ORDINAL.sub(lambda m: m.group(1) + m.group(2).replace(" ", "").replace("\n", "")
                                       + " ", text)
    if "(i)" in low and rules.OCR_ONE_HINT.search(text):
        text = rules.OCR_ONE.sub("(1)", text)
    if "(s)" in low and rules.PLURAL_PAREN_HINT.search(text):
        text = rules.PLURAL_PAREN.sub(lambda m: m.group(0)[: -3] + "s  ", text)
    if any(word in low for word in ("calendar", "consecutive", "complete")):
        text = rules.UNIT_FILLER.sub(lambda m: " " * len(m.group(0)), text)
    if "day of" in low and rules.DAY_MONTH_DAY_OF_HINT.search(text):
        text = rules.DAY_MONTH_DAY_OF.sub(lambda m: m.group(0).replace(m.group(1), " " * len(m.group(1))), text)
    return text


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` (cut at rules.SENTENCE_MAX_CHARS)."""
    left = max(0, start - rules.SENTENCE_MAX_CHARS // 2)
    begin = left
    for match in re.finditer(r"[.;:!?]\s+(?=[A-Z(])|\n\s*\n|\n\s*(?:\d+(?:\.\d+)*|\([a-z]\))\s", text[left:start]):
        if not _ABBREVIATION.search(text[max(0, left + match.start() - 6) : left + match.start()]):
            begin = left + match.end()
    stop = min(len(text), end + rules.SENTENCE_MAX_CHARS)
    for match in re.finditer(r"[.!?](?=\s+[A-Z(])|\n\s*\n", text[end:stop]):
        if not _ABBREVIATION.search(text[max(0, end + match.start() - 6) : end + match.start()]):
            return begin, end + match.end()
    return begin, stop


def preamble_region(text: str) -> tuple[int, int]:
    preambles = find_preambles(text)
    if preambles:
        return preambles[0].start, preambles[0].end
    return 0, min(len(text), rules.NO_PREAMBLE_CHARS)


def dates_in(text: str, start: int, end: int, dayfirst: bool) -> list[tuple[int, int, ParsedDate]]:
    return [(start + s, start + e, d) for s, e, d in find_dates(text[start:end], dayfirst=dayfirst)]


# ---------------------------------------------------------------- preamble dates


@dataclass(frozen=True)
class PreambleDates:
    agreement: Found | None = None
    effective: Found | None = None
    blank: str | None = None  # warning: the agreement date is left blank
    effective_only: bool = False  # the agreement date is only said to be "effective" ("is effective 7/1/98")
    cued: bool = False  # the agreement date is cued as the making of the agreement ("made on", "dated")


def preamble_dates(text: str, region: tuple[int, int], dayfirst: bool, cued_only: bool = False) -> PreambleDates:
    """The agreement and effective dates of the preamble (or a blank-date warning).

    A date cued as the making of the agreement ("made as of", "dated") wins over an uncued one, which
    wins over one only said to be "effective". ``cued_only``: uncued dates do not count (no
    preamble was found, so the region is only the opening of the text).
    """
    start, end = region
    witness = rules.WITNESS.search(text, start, end)
    end = witness.start() if witness else end  # dates after "IN WITNESS WHEREOF" are signatures
    events: list[tuple[int, int, ParsedDate | None]] = list(dates_in(text, start, end, dayfirst))
    events += [(m.start(), m.end(), None) for m in rules.BLANK_DATE.finditer(text, start, end)]
    events.sort(key=lambda e: e[0])
    made: list[Found] = []
    plain: list[Found] = []
    effective_only: list[Found] = []
    effective = None
    for s, e, parsed in events:
        is_made = bool(rules.MADE_BEFORE.search(text, max(start, s - 40), s))
        is_effective = bool(rules.EFFECTIVE_BEFORE.search(text, max(start, s - 30), s))
        if parsed is None or parsed.approximate:
            if (parsed is None or is_made or is_effective) and not (made or plain or effective_only):
                return PreambleDates(blank=f"agreement date is blank in the document ({_blank_quote(text, s, e)})")
            continue  # "in January 2000": a month, not a blank date
        if _signature_dated(text, s) or _in_footer(text, s) or _other_agreement_date(text, start, s):
            continue  # a signature block, a page footer, "amends the Agreement dated ..."
        kind = _defined_kind(text, start, _defined_after(text, e))
        if kind == "other" and not is_made:
            continue  # ("Commencement Date"): another event
        found = Found(parsed.value, s, e)
        is_effective = is_effective or kind == "effective"
        if is_effective and effective is None:
            effective = found
        if is_made or kind == "agreement":
            made.append(found)
        elif is_effective:
            effective_only.append(found)
        elif not cued_only:
            plain.append(found)
    if made or plain:
        return PreambleDates((made or plain)[0], effective, cued=bool(made))
    if effective_only:
        return PreambleDates(effective_only[0], effective, effective_only=True)
    return PreambleDates(None, effective)


def _defined_kind(text: str, start: int, term: str | None) -> str | None:
    """"effective", "agreement" or "other" for the term a date defines ("Effective Date")."""
    if not term:
        return None
    term = re.sub(r"^the\s+", "", term, flags=re.IGNORECASE)
    if rules.EFFECTIVE_TERM.match(term):
        return "effective"
    if rules.AGREEMENT_TERMS.match(term):
        return "agreement"
    named = rules.NAMED_EFFECTIVE_TERM.match(term)
    if named:  # ("Second Amendment Effective Date") in "This Second Amendment ...": this document's
        opening = _SPACES.sub(" ", text[start : start + 200]).lower()
        name = re.escape(_SPACES.sub(" ", named.group(1)).strip().lower())
        if re.match(rf"(?:this|the)\s+{name}\b", opening):
            return "effective"
        if re.match(rf"(?:this|the)\s+[^()\"“;]{{3,60}}\(\s*(?:the\s+)?[\"“]{name}[\"”]\s*\)",
                    opening):  # fmt: skip
            return "effective"  # "This Statement of Work No. 4 ("SOW") ... (the "SOW Effective Date")"
    return "other"


def _other_agreement_date(text: str, start: int, pos: int) -> bool:
    """"amends that certain Reseller Agreement ... dated as of August 1, 2015": not this one."""
    window = max(start, pos - 160)
    return bool(rules.OTHER_AGREEMENT_DATED.search(text, window, pos) or rules.OTHER_DOCUMENT_DATED.search(text, window, pos))


def _blank_quote(text: str, start: int, end: int) -> str:
    left = text.rfind(" ", 0, max(0, start - 15)) + 1
    right = text.find(" ", end + 12)
    return _SPACES.sub(" ", text[left : right if right > 0 else end + 12]).strip()


def _defined_after(text: str, end: int) -> str | None:
    match = rules.DEFINED_AFTER.match(text, end, end + 80)
    return _SPACES.sub(" ", match.group(1)).strip() if match else None


def cover_date(text: str, region_start: int, dayfirst: bool) -> Found | None:
    """A date standing alone on a line above the preamble ("Dated: November 14, 2002")."""
    start = max(0, region_start - rules.COVER_SEARCH_CHARS)
    for match in rules.COVER_DATE.finditer(text, start, region_start):
        found = find_dates(match.group("date"), dayfirst=dayfirst)
        if len(found) == 1 and not found[0][2].approximate:
            s, e, parsed = found[0]
            leftover = match.group("date")[:s] + match.group("date")[e:]
            if not re.search(r"[A-Za-z]{3,}", leftover):
                offset = match.start("date")
                return Found(parsed.value, offset + s, offset + e)
    return None


def dated_sentence(text: str, dayfirst: bool) -> Found | None:
    """"This Agreement is dated April 29, 2010." anywhere (often above the signatures)."""
    for match in rules.AGREEMENT_IS_DATED.finditer(text):
        found = dates_in(text, match.end(), min(len(text), match.end() + 40), dayfirst)
        if found and found[0][0] - match.end() <= 3 and not found[0][2].approximate:
            s, e, parsed = found[0]
            return Found(parsed.value, s, e)
    return None


def order_date(text: str, dayfirst: bool) -> Found | None:
    """An order form's or purchase order's date field: "Order Date: March 17, 2025"."""
    for match in rules.ORDER_DATE_FIELD.finditer(text, 0, rules.ORDER_DATE_SEARCH_CHARS):
        found = dates_in(text, match.end(), min(len(text), match.end() + 40), dayfirst)
        if found and found[0][0] == match.end() and not found[0][2].approximate:
            s, e, parsed = found[0]
            return Found(parsed.value, s, e)
    return None


def letter_date(text: str, dayfirst: bool) -> Found | None:
    """A letter agreement's date: the last line holding only a date above "Dear ...,"."""
    salutation = party_rules.LETTER_SALUTATION.search(text, 0, party_rules.LETTER_SEARCH_CHARS)
    if salutation is None:
        return None
    last = None
    for match in rules.DATE_LINE.finditer(text, 0, salutation.start() + 1):
        found = find_dates(match.group("date"), dayfirst=dayfirst)
        if len(found) == 1 and not found[0][2].approximate:
            s, e, parsed = found[0]
            if not re.search(r"[A-Za-z]{3,}", match.group("date")[:s] + match.group("date")[e:]):
                last = Found(parsed.value, match.start("date") + s, match.start("date") + e)
    return last


def named_dates(text: str, dayfirst: bool) -> dict[str, Found]:
    """Dates the contract names, by lowercase name: <date> (the "Start Date"), "Commencement
    Date" means <date>, "Subscription End Date: <date>". The first naming wins."""
    out: dict[str, Found] = {}
    fields = rules.NAMED_DATE_FIELD.finditer(text, 0, rules.NAMED_FIELD_SEARCH_CHARS)
    named = [(m.group("name"), m.end()) for m in [*rules.NAMED_DATE_DEFINED.finditer(text), *fields]]
    for verb in rules.NAMED_DATE_VERB.finditer(text):  # "The Service Start Date is 1 July 2025"
        subject = rules.NAMED_DATE_SUBJECT.search(text, max(0, verb.start() - 60), verb.start())
        if subject:
            named.append((subject.group("name"), verb.end()))
    for name, end in named:
        found = dates_in(text, end, min(len(text), end + 40), dayfirst)
        if found and found[0][0] - end <= 4 and not found[0][2].approximate:
            out.setdefault(_SPACES.sub(" ", name).lower(), Found(found[0][2].value, found[0][0], found[0][1]))
    if '"' in text or "“" in text:
        for match in rules.NAMED_DATE_AFTER.finditer(text):
            before = _date_before(text, match.start() + 1, dayfirst)
            if before is not None:
                out.setdefault(_SPACES.sub(" ", match.group("name")).lower(), before)
    return out


def start_date(named: dict[str, Found]) -> Found | None:
    """The date named as the start of performance ("Start Date", "Commencement Date")."""
    starts = [f for name, f in named.items() if rules.START_TERM.match(name)]
    return min(starts, key=lambda f: f.start) if starts else None


# ---------------------------------------------------------------- body dates


def signing_dates(text: str, dayfirst: bool) -> list[Found]:
    """Dates written in signature blocks: "Date: 11/8/10" near By:/Name:/Title: lines."""
    out = []
    for match in rules.SIGNATURE_DATE.finditer(text):
        if not _near_signature(text, match.start(), match.end()):
            continue
        window = text[match.end() : match.end() + rules.SIGNATURE_DATE_REACH + 20]
        found = find_dates(window, dayfirst=dayfirst)
        if not found or found[0][0] > rules.SIGNATURE_DATE_REACH or found[0][2].approximate:
            continue
        between = window[: found[0][0]]
        if rules.SIGNATURE_DATE.search(between):
            continue  # that date belongs to the next "Date:" label
        if between.strip() and not between.endswith("\n"):
            continue  # the date must follow the label, or open the next line
        if between.count("\n") > 1:
            continue
        s, e, parsed = found[0]
        out.append(Found(parsed.value, match.end() + s, match.end() + e))
    seen = {f.start for f in out}
    for match in rules.DATES_THEN_LABEL.finditer(text):  # "4/24/2018 04/25/2018 Date Date"
        if _near_signature(text, match.start(), match.end()):
            out += [Found(p.value, match.start() + s, match.start() + e)
                    for s, e, p in find_dates(match.group(1), dayfirst=dayfirst)
                    if not p.approximate and match.start() + s not in seen]
    return out + witness_dates(text, dayfirst)


def witness_dates(text: str, dayfirst: bool) -> list[Found]:
    """"IN WITNESS WHEREOF, the Parties have executed this Contract ... on November 8, 2002"."""
    out = []
    for witness in re.finditer(r"IN\s+WITNESS\s+WHEREOF", text, re.IGNORECASE):
        for s, e, parsed in dates_in(text, witness.start(), min(len(text), witness.start() + 500), dayfirst):
            if not parsed.approximate and rules.WITNESS_SIGNED.search(text, witness.start(), s):
                out.append(Found(parsed.value, s, e))
    return out


def _near_signature(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - rules.SIGNATURE_CONTEXT) : start]
    headings = list(rules.ANNEX_HEADING.finditer(before))
    if headings:
        before = before[headings[-1].end() :]  # "APPENDIX A ... Date: ...": not the signatures'
    after = text[end : end + rules.SIGNATURE_CONTEXT_AFTER]
    return bool(rules.SIGNATURE_FIELDS.search(before) or rules.SIGNATURE_FIELDS.search(after))


def _in_footer(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return bool(rules.FOOTER_LINE.match(text, max(0, line_start - 1), start))


def _signature_dated(text: str, start: int) -> bool:
    label = re.search(r"(?:Date|Dated|Date\s+Signed)\s*:+\s*$", text[max(0, start - 20) : start], re.IGNORECASE)
    return bool(label) and _near_signature(text, start, start)


def stated_effective_date(text: str, dayfirst: bool) -> Found | None:
    """An effective date stated outside the preamble (definition, field, parenthetical)."""
    for pattern in (rules.EFFECTIVE_DEFINITION, rules.EFFECTIVE_FIELD):
        for match in pattern.finditer(text):
            window = text[match.end() : match.end() + 60]
            found = find_dates(window, dayfirst=dayfirst)
            if found and found[0][0] <= 20 and not found[0][2].approximate:
                s, e, parsed = found[0]
                return Found(parsed.value, match.end() + s, match.end() + e)
    for match in rules.EFFECTIVE_PAREN.finditer(text):
        found = _date_before(text, match.start(), dayfirst)
        if found:
            return found
    takes = rules.TAKES_EFFECT.search(text)
    if takes:
        term = re.escape(takes.group(1)).replace(r"\ ", r"\s+")
        pattern = rf"\(\s*(?:the\s+)?[“\"]\s*{term}\s*[”\"]\s*\)"
        for match in re.finditer(pattern, text):
            found = _date_before(text, match.start(), dayfirst)
            if found:
                return found
    return None


def _date_before(text: str, pos: int, dayfirst: bool) -> Found | None:
    """A date ending just before ``pos`` ("April 1, 2025 (the ...)")."""
    found = dates_in(text, max(0, pos - 60), pos, dayfirst)
    if found and not found[-1][2].approximate and pos - found[-1][1] <= 8:
        s, e, parsed = found[-1]
        return Found(parsed.value, s, e)
    return None


def commencement_date(text: str, dayfirst: bool) -> Found | None:
    """"This Agreement shall commence on 1 January 1998": the effective date in the body."""
    for cue in re.finditer(r"commenc|effective|force|begin|start", text, re.IGNORECASE):
        found = dates_in(text, cue.start(), min(len(text), cue.end() + 60), dayfirst)
        for s, e, parsed in found[:1]:
            if not parsed.approximate and rules.COMMENCE_ON.search(text, max(0, s - 80), s):
                return Found(parsed.value, s, e)
    return None


def body_effective_date(text: str, region: tuple[int, int], agreement: Found | None,
                        last_signed: Found | None, dayfirst: bool,
                        named: dict[str, Found] | None = None) -> Found | None:
    """The effective date when the preamble does not mark one (see the module docstring)."""
    stated = stated_effective_date(text, dayfirst)
    if stated is not None:
        return stated
    if agreement is not None and rules.EFFECTIVE_ON_ORDER_DATE.search(text):
        return agreement  # "This PO is effective on the PO Date"
    started = start_date(named or {})
    if started is not None:
        return started
    if refers_to_last_signature(text, region):
        return last_signed
    commenced = commencement_date(text, dayfirst)
    if commenced is not None or agreement is None:
        return commenced
    if rules.EFFECTIVE_AS_AGREEMENT.search(text):
        return agreement
    event = rules.EFFECTIVE_EVENT.search(text)
    if event:  # "This Agreement shall become effective when each party has received a counterpart"
        clause = text[event.end() : event.end() + rules.EVENT_CLAUSE_CHARS].split(".")[0]
        if rules.SIGNING_EVENT.match(clause) and not rules.OTHER_EVENT.search(clause):
            return last_signed or agreement  # "takes effect upon the signatures of both Parties"
        return None
    # No effective date stated and none defined as an event: the agreement takes effect when made.
    return None if rules.EFFECTIVE_DEFINED.search(text) else agreement


def refers_to_last_signature(text: str, region: tuple[int, int]) -> bool:
    start, end = region
    if rules.LAST_SIGNATURE.search(text, start, end):
        return True
    for match in rules.EFFECTIVE_DEFINITION.finditer(text):
        if rules.LAST_SIGNATURE.search(text, match.end(), match.end() + 150):
            return True
    return any(
        rules.LAST_SIGNATURE.search(text, max(0, m.start() - 200), m.start())
        for m in rules.EFFECTIVE_PAREN.finditer(text)
    )


# ---------------------------------------------------------------- term and expiration


def find_term(text: str, start: int, anchors: dict[str, date], dayfirst: bool,
              stop: int | None = None) -> Term | None:
    """The first clause after ``start`` (before ``stop``: the fields of an order above its
    preamble) that sets the term, read into an expiration."""
    seen: set[int] = set()
    for match in rules.TERM_CLAUSE.finditer(text, start, len(text) if stop is None else stop):
        if _not_the_term(text, match):
            continue
        s, e = sentence_around(text, match.start(), match.end())
        if s in seen or rules.OTHER_DEFINITION.match(text[s:e]):
            continue
        seen.add(s)
        term = read_term(text, s, e, anchors, dayfirst)
        if term is not None:
            if term.rule is not None:  # a length only: an exact end date may follow
                return _exact_follow_up(text, e, anchors, dayfirst) or term
            return term
    return None


def _not_the_term(text: str, match: re.Match) -> bool:
    if rules.NEGATED.search(match.group(0)):
        return True  # "This Agreement will not take effect ... unless"
    return bool(rules.SUBORDINATE_BEFORE.search(text, max(0, match.start() - 25), match.start()))


def _exact_follow_up(text: str, start: int, anchors: dict[str, date], dayfirst: bool) -> Term | None:
    stop = min(len(text), start + rules.FOLLOW_UP_CHARS)
    for match in rules.TERM_CLAUSE.finditer(text, start, stop):
        s, e = sentence_around(text, match.start(), match.end())
        term = read_term(text, max(s, start), e, anchors, dayfirst)
        if term is not None and term.rule is None and term.expiration is not None:
            return term
    return None


def read_term(text: str, start: int, end: int, anchors: dict[str, date], dayfirst: bool,
              defined: bool = True) -> Term | None:
    """An explicit end date, else a length from an anchor, else open-ended, else None."""
    sentence = text[start:end]
    for s, e, parsed in find_dates(sentence, dayfirst=dayfirst):
        if not parsed.approximate and rules.END_CUE.search(sentence, max(0, s - 40), s):
            found = Found(parsed.value, start + s, start + e)
            return Term(found, None, f"until {parsed.value.isoformat()}")
    year_end = rules.CALENDAR_YEAR_END.search(sentence)
    base = anchors.get("effective_date") or anchors.get("agreement_date")
    if year_end and base:
        found = Found(date(base.year, 12, 31), start + year_end.start(), start + year_end.end())
        return Term(found, None, f"until {found.value.isoformat()}")
    length = _term_length(sentence)
    if length is not None:
        duration, anchor_text, _offset = length
        return _term_from_length(text, start, end, duration, anchor_text, anchors, dayfirst)
    if rules.OPEN_ENDED.search(sentence):
        return Term(None, None, None)
    if defined:
        return _defined_period(text, sentence, anchors, dayfirst)
    return None


def _defined_period(text: str, sentence: str, anchors: dict[str, date], dayfirst: bool) -> Term | None:
    """"continue in effect for the Service Period", where "Service Period" means "... through X"."""
    period = rules.DEFINED_PERIOD.search(sentence)
    if period is None:
        return None
    name = re.escape(_SPACES.sub(" ", period.group(1)).strip()).replace(r"\ ", r"\s+")
    definition = re.search(rf"[“\"]{name}[”\"]\s+(?:means|shall\s+mean)\b", text)
    if definition is None:
        return None
    _, e = sentence_around(text, definition.start(), definition.end())
    return read_term(text, definition.start(), e, anchors, dayfirst, defined=False)


def _term_length(sentence: str) -> tuple[Duration, str, int] | None:
    anniversary = rules.ANNIVERSARY.search(sentence)
    if anniversary:
        years = anniversary.group("num") or DAY_ORDINAL_WORDS.get(
            _SPACES.sub(" ", (anniversary.group("word") or "").lower())
        )
        if years:
            return Duration(int(years), "years"), anniversary.group("anchor"), anniversary.start()
    for s, e, duration in find_durations(sentence):
        if duration.unit not in ("months", "years", "days", "weeks"):
            continue
        if rules.NOT_TERM_LENGTH_AFTER.match(sentence, e):
            continue
        if not rules.TERM_LENGTH_BEFORE.search(sentence[max(0, s - 60) : s]):
            continue
        return duration, sentence[e : e + 80], s
    return None


def _term_from_length(
    text: str, start: int, end: int, duration: Duration, after: str, anchors: dict[str, date],
    dayfirst: bool,
) -> Term:
    sentence = text[start:end]
    anchor, base = _anchor_of(sentence, after, anchors, dayfirst)
    quote = _SPACES.sub(" ", sentence).strip()[:300]
    rule = DueRule(quote, duration.amount, duration.unit, "after", anchor)
    value = add_offset(base, duration.amount, duration.unit) if base else None
    found = Found(value, start, end) if value else None
    return Term(found, rule, str(duration))


def _anchor_of(sentence: str, after: str, anchors: dict[str, date], dayfirst: bool) -> tuple[str, date | None]:
    """(anchor name, its date): "from the Effective Date", "thereafter", "commence on <date>"."""
    match = rules.ANCHOR_AFTER.match(after)
    phrase = match.group("anchor") if match and match.group("anchor") else None
    if phrase is None and rules.EFFECTIVE_PAREN.search(sentence):
        phrase = "effective date"  # "... (the "Effective Date"), and shall continue ... thereafter"
    if phrase is None:
        commence = rules.COMMENCE_ANCHOR.search(sentence)
        phrase = commence.group("anchor") if commence else "effective date"
    phrase = _SPACES.sub(" ", phrase).strip()
    found = find_dates(phrase, dayfirst=dayfirst)
    if found and found[0][0] == 0 and not found[0][2].approximate:
        return "effective_date", found[0][2].value
    for pattern, anchor in rules.ANCHORS:
        if anchor == "effective_date" and pattern is rules.ANCHORS[-1][0]:
            named = _named_anchor(phrase, anchors)  # "the Service Commencement Date"
            if named is not None:
                return named
        if pattern.search(phrase):
            return anchor, anchors.get(anchor) or anchors.get("agreement_date")
    return " ".join(phrase.lower().split()[:6]), None


def _named_anchor(phrase: str, anchors: dict[str, date]) -> tuple[str, date] | None:
    """A date the contract names ("Service Commencement Date" means ...), as (anchor, date); the
    effective date's own anchor when it is that date."""
    low = phrase.lower()
    for name, value in anchors.items():
        if name.endswith(" date") and low.startswith(name):
            return ("effective_date" if value == anchors.get("effective_date") else name), value
    return None


# ---------------------------------------------------------------- renewal


def find_renewal(
    text: str, start: int
) -> tuple[str | None, RenewalTerm | None, Period | None, tuple[int, int] | None]:
    """(renewal as text, as a RenewalTerm, notice period, sentence span) from the first renewal
    clause after ``start``."""
    for match in rules.RENEWAL_CLAUSE.finditer(text, start):
        s, e = sentence_around(text, match.start(), match.end())
        sentence = text[s:e]
        if not rules.RENEWAL_SUBJECT.search(sentence):
            continue
        period = _renewal_period(sentence, match.start() - s)
        if period is None:
            continue
        kind = "automatic" if rules.RENEWAL_AUTOMATIC.search(sentence) else None
        if kind is None and rules.RENEWAL_OPTIONAL.search(sentence):
            kind = "optional"
        words = [w for w in (kind, "successive" if "successive" in sentence.lower() else None) if w]
        renewal = (", ".join(words) + " " if words else "") + str(period)
        term = RenewalTerm(kind != "optional", period.amount, period.unit)
        return renewal, term, notice_period(sentence), (s, e)
    return None, None, None, None


def _renewal_period(sentence: str, cue: int) -> Duration | None:
    for s, e, duration in find_durations(sentence):
        if s < cue - 200 or rules.NOT_TERM_LENGTH_AFTER.match(sentence, e):
            continue
        if rules.NOTICE_BEFORE_END.match(sentence, e):
            continue
        if duration.unit in ("days", "business_days", "weeks") and _days(duration) < rules.RENEWAL_MIN_DAYS:
            continue
        return duration
    return None


def _days(duration: Duration) -> float:
    return duration.amount * (7 if duration.unit == "weeks" else 1)


def notice_period(sentence: str) -> Period | None:
    """"not less than six (6) months before the end of the term" -> Period(6, "months")."""
    for s, e, duration in find_durations(sentence):
        if rules.NOTICE_BEFORE_END.match(sentence, e) or (
            rules.NOTICE_LEAD.search(sentence[max(0, s - 25) : s])
            and re.match(r"^\W*(?:\w+\s+){0,3}?(?:prior|notice|before|in\s+advance)", sentence[e:], re.IGNORECASE)
        ):
            return Period(duration.amount, duration.unit)
    return None


# ---------------------------------------------------------------- the component


class KeyDatesComponent:
    def __call__(self, doc: Doc) -> Doc:
        settings = doc._.settings
        dayfirst = bool(settings and settings.dayfirst)
        original = doc_text(doc)
        text = readable(original)  # same offsets: the preambles of the original text still apply
        region = preamble_region(original)
        found = preamble_dates(text, region, dayfirst, cued_only=not find_preambles(original))
        agreement, effective, blank = found.agreement, found.effective, found.blank
        signed = signing_dates(text, dayfirst)
        if blank:
            _warn(doc, blank)
        last_signed = max(signed, key=lambda f: f.value) if signed else None
        if found.effective_only and last_signed is not None:
            agreement = last_signed  # "This Agreement is effective 7/1/98": made when signed
        letter = letter_date(text, dayfirst)
        if letter is not None and not found.cued:
            agreement = letter  # a letter's preamble is its body: its dates are not the letter's
        ordered = None if found.cued else order_date(text, dayfirst)
        if ordered is not None:
            agreement = ordered
        if agreement is None and not blank:
            agreement = cover_date(text, region[0], dayfirst) or dated_sentence(text, dayfirst) or last_signed
        named = named_dates(text, dayfirst)
        if effective is None and not blank:
            effective = body_effective_date(text, region, agreement, last_signed, dayfirst, named)
        term = _find_term(text, region, agreement, effective, named, dayfirst)
        confidence: dict[str, float] = {}
        if switch.models_on():
            rule_dates = {"agreement_date": _value(agreement), "effective_date": _value(effective),
                          "expiration_date": _value(term.expiration) if term else None,
                          "signing_date": _value(last_signed)}
            reading = keydecide.Reading(original, text, region, dayfirst)
            decisions = keydecide.decide_key_dates(reading, rule_dates)
            agreement = _decided(doc, "agreement_date", decisions, agreement)
            effective = _decided(doc, "effective_date", decisions, effective)
            if (_value(agreement), _value(effective)) != (rule_dates["agreement_date"], rule_dates["effective_date"]):
                term = _find_term(text, region, agreement, effective, named, dayfirst)
            if "expiration_date" in decisions:
                term = _decided_term(doc, decisions["expiration_date"], term)
            confidence = {name: d.confidence for name, d in decisions.items() if d.value is not None}
        renewal, renewal_term, notice, _span = find_renewal(text, region[0])
        if switch.models_on():  # the learned choice among every renewal clause's lengths
            renewal, renewal_term, notice, refused = renewdecide.renewal_fields(
                text, renewal, renewal_term, notice, term.length if term else None)
            for message in refused:
                _warn(doc, message)
        doc._.key_dates = _key_dates(doc, agreement, effective, signed, term, confidence)
        doc._.term = term.length if term else None
        doc._.renewal = renewal
        doc._.renewal_term = renewal_term
        doc._.notice_period = notice
        return doc


def _find_term(text: str, region: tuple[int, int], agreement: Found | None, effective: Found | None,
               named: dict[str, Found], dayfirst: bool) -> Term | None:
    """The term clause read with the agreement and effective dates (and dates the contract
    names) as the anchors a length may count from."""
    anchors = {k: f.value for k, f in (("agreement_date", agreement), ("effective_date", effective)) if f}
    anchors.update((name, f.value) for name, f in named.items() if name not in anchors)
    if "effective_date" not in anchors and "agreement_date" in anchors:
        anchors["effective_date"] = anchors["agreement_date"]  # the term's anchor only
    return find_term(text, region[0], anchors, dayfirst) or find_term(text, 0, anchors, dayfirst, region[0])


def _value(found: Found | None) -> date | None:
    return found.value if found is not None else None


def _decided(doc: Doc, name: str, decisions: dict, rules_found: Found | None) -> Found | None:
    """The learned decision for ``name`` as a Found; an abstention is a warning naming the best
    guess. Without a shipped model the rules' value stands."""
    decision = decisions.get(name)
    if decision is None:
        return rules_found
    if decision.value is None:
        if decision.best_guess is not None:
            _warn(doc, f"{name.replace('_', ' ')} left empty: the best guess, {decision.best_guess.isoformat()}, "
                       f"is too unsure (confidence {decision.confidence:.2f})")
        return None
    if rules_found is not None and rules_found.value == decision.value:
        return rules_found  # the rules' span quotes the clause that made the date
    return Found(decision.value, decision.start, decision.end)


def _decided_term(doc: Doc, decision, term: Term | None) -> Term | None:
    """The term with the learned expiration: the rules' reading when it gives the same date."""
    if term is not None and _value(term.expiration) == decision.value:
        return term
    length = term.length if term is not None else None
    if decision.value is None:
        if decision.best_guess is not None:
            _warn(doc, f"expiration date left empty: the best guess, {decision.best_guess.isoformat()}, "
                       f"is too unsure (confidence {decision.confidence:.2f})")
        return Term(None, None, length) if term is not None else None
    return Term(Found(decision.value, decision.start, decision.end), None, length)


def _key_dates(doc: Doc, agreement: Found | None, effective: Found | None, signed: list[Found],
               term: Term | None, confidence: dict[str, float] | None = None) -> list[KeyDate]:
    confidence = confidence or {}
    out = []

    def dated(kind: str, value, evidence, rule=None) -> KeyDate:
        score = confidence.get(kind)
        review = score is not None and value is not None and keydecide.needs_review(
            kind, keydecide.Decision(value, None, None, score))
        return KeyDate(kind, value, evidence, rule, confidence=score, needs_review=review)

    for kind, found in (("agreement_date", agreement), ("effective_date", effective)):
        if found is not None:
            out.append(dated(kind, found.value, _evidence(doc, found)))
    for found in signed:
        out.append(KeyDate("signing_date", found.value, _evidence(doc, found)))
    if term is not None and (term.expiration is not None or term.rule is not None):
        found = term.expiration
        evidence = _evidence(doc, found) if found else None
        if found is None and term.rule is not None:
            _warn(doc, f"expiration date not computed: the term runs from {term.rule.anchor!r}, "
                       "whose date is not known")
        out.append(dated("expiration_date", found.value if found else None, evidence, term.rule))
    return out


def _evidence(doc: Doc, found: Found):
    s, e = sentence_around(doc_text(doc), found.start, found.end)
    return evidence_for(doc, s, e)


def _warn(doc: Doc, message: str) -> None:
    log.info(message)
    doc._.warnings = [*(doc._.warnings or []), message]


@Language.factory("contract_key_dates")
def make_component(nlp: Language, name: str) -> KeyDatesComponent:
    return KeyDatesComponent()
