"""``contract_family``: what kind of document this is and how it hangs on another agreement.

It reads, into ``doc._.family`` (a :class:`models.FamilyInfo`, ``Contract.family`` in the JSON):

- the kind: an ``amendment`` (amendment, addendum, change order, variation), a ``sow`` (statement
  of work, work or task order; an order form or purchase order that names its master agreement)
  or an ``agreement``, from the title and the first lines, with its number ("Amendment No. 2",
  "Second Amendment", "Addendum II" -> 2). "Amended and Restated" agreements are agreements;
- the parent it names: "amends the Software Development Agreement dated as of April 7, 2025",
  "issued under the Master Services Agreement dated February 3, 2025 between A and B";
- whether it is signed (/s/ or a dated signature block) or says it is a draft or a form;
- for an amendment, the changes it states: a milestone's due date moved ("The due date of
  Milestone 2 is changed from August 29, 2025 to September 26, 2025"), a fee changed ("The
  payment for Milestone 3 is increased from $30,000.00 to $36,000.00"; the contract price when
  the sentence names it), a milestone added ("The following milestone is added ...: <name>, due
  <date>, <amount>"), the term extended ("extended until June 30, 2026" or "by twelve (12)
  months"). Each change carries the sentence it came from as evidence.

What it does not read: changes written as replaced clause text ("Section 2.2 is deleted and
replaced with ..."), which a person applies with `contracts edit`. The tracker decides from this
reading which stored contract is the parent (tracker/families.py) and applies the changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.clauses import sentence_bounds
from extractor.nlp.dates import find_dates
from extractor.nlp.evidence import evidence_for
from extractor.nlp.extensions import doc_text
from extractor.nlp.numbers import find_durations, find_money
from extractor.nlp.rules import amendments as rules
from extractor.nlp.rules.entities import ORDINALS
from models import Change, FamilyInfo, Milestone, ParentRef, Period

_I = re.IGNORECASE
_RESTATED = re.compile(rules.RESTATED, _I)
_AMENDMENT = re.compile(rules.AMENDMENT_HEADING, _I)
_SOW = re.compile(rules.SOW_HEADING, _I)
_ORDER = re.compile(rules.ORDER_HEADING, _I)
_SKIP = re.compile(rules.HEADING_SKIP, _I)
_SOW_NAMED = re.compile(rules.SOW_NAMED, _I)
_AGREEMENT_NOUN = re.compile(rules.AGREEMENT_NOUN, _I)
_HEADING_PARENT = re.compile(rules.HEADING_PARENT, _I)
_PARENT = re.compile(rules.PARENT_CUE + rules.PARENT_NAME)
_PARENT_CUE_ONLY = re.compile(rules.PARENT_CUE, _I)
_DATE_CUE = re.compile(rules.PARENT_DATE_CUE, _I)
_PARTIES = re.compile(rules.PARENT_PARTIES)
_SIGNED = re.compile(rules.SIGNED_MARK)
_DRAFT = re.compile(rules.DRAFT_MARK, re.MULTILINE)
_BLANK_SIGNATURE = re.compile(rules.BLANK_SIGNATURE)
_CHANGE_VERB = re.compile(rules.CHANGE_VERB, _I)
_DUE = re.compile(rules.DUE_SUBJECT, _I)
_DUE_ALT = re.compile(rules.DUE_SUBJECT_ALT, _I)
_FEE = re.compile(rules.FEE_SUBJECT, _I)
_TOTAL = re.compile(rules.TOTAL_SUBJECT, _I)
_TERM = re.compile(rules.TERM_SUBJECT, _I)
_TERM_VERB = re.compile(rules.TERM_VERB, _I)
_TERM_DATE_CUE = re.compile(rules.TERM_DATE_CUE, _I)
_OWN_TERM = re.compile(rules.OWN_TERM, _I)
_ADD = re.compile(rules.ADD_CUE, _I)
_DELIVERABLE = re.compile(rules.DELIVERABLE_NAME, _I)
_SPACES = re.compile(r"\s+")
_FROM = re.compile(rules.OLD_VALUE_CUE, _I)
_EXTENSION = re.compile(rules.TERM_EXTENSION, _I)
_SENTENCE_END = re.compile(rules.SENTENCE_END)


@dataclass(frozen=True)
class Kind:
    kind: str = "agreement"
    number: int | None = None
    heading: str = ""  # the line that says so


def _number(match: re.Match) -> int | None:
    if match.groupdict().get("ord"):
        return ORDINALS.get(match.group("ord").lower())
    value = match.groupdict().get("num")
    if not value:
        return None
    return int(value) if value.isdigit() else rules.ROMAN.get(value.lower())


def heading_lines(text: str, title: str | None) -> list[str]:
    """The first lines of the document, then its title: where its kind is written (the first
    lines first: a heading split over two lines gives the title its second half only)."""
    lines: list[str] = []
    for line in text[: rules.HEADING_CHARS].splitlines():
        line = line.strip()
        if line and not _SKIP.match(line):
            lines.append(line)
        if len(lines) >= rules.HEADING_LINES:
            break
    return lines + ([title] if title else [])


def document_kind(text: str, title: str | None) -> Kind:
    """Amendment, SOW, order or agreement: the first of the first lines (then the title) that
    names a kind of document decides ("This Second Amendment ..." counts: the opening words of a line
    of prose are read too). Within a line an amendment beats a SOW, an order and an agreement:
    "AMENDMENT NO. 2 TO ... AGREEMENT", "ENDORSEMENT AGREEMENT ADDENDUM I"."""
    for line in heading_lines(text, title):
        head = line if len(line) <= rules.HEADING_MAX_CHARS else line[: rules.OPENING_CHARS]
        if _RESTATED.search(head):
            return Kind("agreement", None, line)
        for pattern, kind in ((_AMENDMENT, "amendment"), (_SOW, "sow"), (_ORDER, "order")):
            match = pattern.search(head)
            if match:
                return Kind(kind, _number(match), line)
        if _AGREEMENT_NOUN.search(head):
            return Kind("agreement", None, line)
    return Kind()


def heading_parent(heading: str) -> str | None:
    """The agreement an amendment's heading names: "FIRST AMENDMENT TO SERVICES AGREEMENT"."""
    match = _HEADING_PARENT.search(heading)
    if not match:
        return None
    return _SPACES.sub(" ", match.group("before") or match.group("after")).strip()


# --- the parent it names -----------------------------------------------------------------------
def parent_reference(text: str, dayfirst: bool = False) -> tuple[ParentRef, int, int] | None:
    """The first agreement the opening names as the one this document amends or belongs to,
    with the date and parties it gives that agreement; (ref, start, end) of the sentence."""
    region = text[: rules.PARENT_SEARCH_CHARS]
    for match in _PARENT.finditer(region):
        name = _SPACES.sub(" ", match.group("title")).strip(" ,")
        words = name.split()
        while words and words[0].lower() in rules.PARENT_NAME_WORDS_SKIP:
            words = words[1:]
        if len(words) < 2 or not _PARENT_CUE_ONLY.match(match.group(0)):
            continue  # "the Agreement": no name to look for
        name = " ".join(words)
        window = region[match.end() : match.end() + rules.PARENT_DATE_WINDOW]
        date = _date_after(window, dayfirst)
        parties = _parties_in(window)
        end = match.end() + len(window)
        return ParentRef(title=name, date=date, parties=parties), match.start(), end
    return None


def _date_after(window: str, dayfirst: bool):
    cut = _SENTENCE_END.search(window)
    window = window[: cut.start()] if cut else window
    for start, _end, parsed in find_dates(window, dayfirst=dayfirst):
        if _DATE_CUE.search(window[max(0, start - 40) : start]) and not parsed.approximate:
            return parsed.value
    return None


def _parties_in(window: str) -> tuple[str, ...]:
    match = _PARTIES.search(window)
    if not match:
        return ()
    names = (_SPACES.sub(" ", match.group(g)).strip(" ,") for g in ("a", "b"))
    return tuple(n for n in names if n.lower() not in ("them", "the parties"))


# --- signed or draft ---------------------------------------------------------------------------
def signed_state(text: str, has_signing_date: bool) -> tuple[bool, bool]:
    """(signed, draft). Signed: /s/ marks or a dated signature block; a document whose only
    signature lines are blank ("By: ______") is not. Draft: it says so near the top."""
    draft = bool(_DRAFT.search(text[: rules.DRAFT_SEARCH_CHARS]))
    marks = bool(_SIGNED.search(text))
    signed = marks or (has_signing_date and not _BLANK_SIGNATURE.search(text))
    return signed, draft


# --- the changes an amendment states -----------------------------------------------------------
@dataclass(frozen=True)
class FoundChange:
    change: Change
    start: int
    end: int


def changes_in(text: str, sentences: list[tuple[int, int]], dayfirst: bool = False,
               currency: str = "USD") -> list[FoundChange]:  # fmt: skip
    """Every change stated in ``sentences`` (char spans of ``text``), in reading order."""
    found = []
    for start, end in sentences:
        sentence = text[start:end]
        if len(sentence) > rules.MAX_CHANGE_SENTENCE:
            continue
        for change in _sentence_changes(sentence, dayfirst, currency):
            found.append(FoundChange(change, start, end))
    return found


def _sentence_changes(sentence: str, dayfirst: bool, currency: str) -> list[Change]:
    added = _ADD.search(sentence)
    if added:
        change = _added(sentence[added.end() :], dayfirst, currency)
        return [change] if change else []
    if _OWN_TERM.search(sentence):
        return []
    money = find_money(sentence, currency)
    if money and _CHANGE_VERB.search(sentence):
        change = _fee_change(sentence, money)
        return [change] if change else []
    dates = [(s, e, p) for s, e, p in find_dates(sentence, dayfirst=dayfirst) if not p.approximate]
    if _TERM.search(sentence) and _TERM_VERB.search(sentence):
        change = _term_change(sentence, dates)
        return [change] if change else []
    if dates and (_CHANGE_VERB.search(sentence) or _DUE_ALT.search(sentence)):
        change = _due_change(sentence, dates)
        return [change] if change else []
    return []


def _old_and_new(sentence: str, spans: list[tuple[int, int, object]]):
    """The value introduced by "from"/"instead of" is the old one; the last other is the new."""
    old = new = None
    for start, _end, value in spans:
        if _FROM.search(sentence[max(0, start - 20) : start]):
            old = value
        else:
            new = value
    return old, new


def _target(match: re.Match | None) -> str | None:
    if match is None:
        return None
    target = _SPACES.sub(" ", match.group("target")).strip(" ,")
    return target or None


def _due_change(sentence: str, dates) -> Change | None:
    target = _target(_DUE.search(sentence) or _DUE_ALT.search(sentence))
    old, new = _old_and_new(sentence, dates)
    if target is None or new is None:
        return None
    return Change("due_date", target=target, new_date=new.value,
                  old_date=old.value if old else None)  # fmt: skip


def _fee_change(sentence: str, money) -> Change | None:
    total = _TOTAL.search(sentence)
    fee = _FEE.search(sentence)
    old, new = _old_and_new(sentence, money)
    if new is None:
        return None
    # "The Contract Price is increased ...": no milestone named, the contract's total (target None).
    target = _target(fee) if fee and not (total and total.start() <= fee.start()) else None
    if target is None and total is None:
        return None
    return Change("amount", target=target, amount=new.amount,
                  old_amount=old.amount if old else None, currency=new.currency)  # fmt: skip


def _term_change(sentence: str, dates) -> Change | None:
    for start, _end, parsed in reversed(dates):
        if _TERM_DATE_CUE.search(sentence[max(0, start - 25) : start]):
            return Change("expiration", new_date=parsed.value)
    extension = _EXTENSION.search(sentence)
    if extension:
        for start, _end, duration in find_durations(sentence[extension.end() :]):
            if start < 40 and duration.unit in ("days", "weeks", "months", "years"):
                return Change("term", period=Period(duration.amount, duration.unit))
    return None


def _added(rest: str, dayfirst: bool, currency: str) -> Change | None:
    """"...is added to the payment schedule: Third freezer room installed, due September 12,
    2025, $8,000.00." The name runs to the first comma or "due"."""
    colon = rest.find(":")
    body = rest[colon + 1 :] if colon >= 0 else rest
    name = re.split(r",|\bdue\b|\(", body, maxsplit=1)[0]
    name = _SPACES.sub(" ", name).strip(" .\"'“”")
    if not name or len(name) > 100:
        return None
    dates = [d for d in find_dates(body, dayfirst=dayfirst) if not d[2].approximate]
    money = find_money(body, currency)
    due = dates[0][2].value if dates else None
    amount = money[0][2] if money else None
    if due is None and amount is None:
        return None
    kind = "deliverable" if _DELIVERABLE.search(name) or amount is None else "payment"
    milestone = Milestone(name=name, kind=kind, due_date=due,
                          amount=amount.amount if amount else None,
                          currency=amount.currency if amount else None, confidence=0.8)
    return Change("add_milestone", target=name, new_date=due,
                  amount=amount.amount if amount else None,
                  currency=amount.currency if amount else None, milestone=milestone)


# --- the component -----------------------------------------------------------------------------
def read_family(doc: Doc) -> FamilyInfo:
    text = doc_text(doc)
    settings = doc._.settings
    dayfirst = bool(settings and settings.dayfirst)
    currency = doc._.currency or (settings.default_currency if settings else "USD")
    found = document_kind(text, doc._.title)
    signing = any(k.kind == "signing_date" and k.value for k in doc._.key_dates or ())
    signed, draft = signed_state(text, signing)
    kind = found.kind
    parent = None
    if kind != "agreement":
        reference = parent_reference(text, dayfirst)
        if reference is not None:
            ref, start, end = reference
            parent = ParentRef(ref.title, ref.date, ref.parties, evidence_for(doc, start, end))
        elif kind == "amendment" and heading_parent(found.heading):
            parent = ParentRef(title=heading_parent(found.heading))
        # An order form, or a page headed "SOW", standing alone is an agreement of its own.
        if kind == "order" or (kind == "sow" and not _SOW_NAMED.search(found.heading)):
            kind = "sow" if parent is not None else "agreement"
    changes: tuple[Change, ...] = ()
    if kind == "amendment":
        spans = sentence_bounds(doc)
        changes = tuple(
            _with_evidence(doc, f) for f in changes_in(text, spans, dayfirst, currency)
        )
    number = found.number if kind != "agreement" else None
    heading = found.heading if kind != "agreement" and len(found.heading) <= 150 else None
    return FamilyInfo(kind=kind, number=number, parent=parent, signed=signed, draft=draft,
                      changes=changes, heading=heading)  # fmt: skip


def _with_evidence(doc: Doc, found: FoundChange) -> Change:
    evidence = evidence_for(doc, found.start, found.end)
    change = found.change
    milestone = change.milestone
    if milestone is not None:
        milestone = Milestone(**{**milestone.__dict__, "evidence": evidence})
    return Change(**{**change.__dict__, "evidence": evidence, "milestone": milestone})


class FamilyComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.family = read_family(doc)
        return doc


@Language.factory("contract_family")
def make_component(nlp: Language, name: str) -> FamilyComponent:
    return FamilyComponent()

