"""The governing law: which jurisdiction's law governs the contract, and its holiday calendar.

``contract_jurisdiction`` finds the governing-law clause ("This Agreement shall be governed by
the laws of the State of New York") and writes ``doc._.governing_law`` (the jurisdiction as
CUAD names it: "New York", "England", "Germany") and ``doc._.jurisdiction`` (the calendar code
of the ``holidays`` package: "US-NY", "GB-ENG", "DE"), which the tracker uses to count
business days in that contract. Rules and tables: ``extractor/nlp/rules/jurisdictions.py``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.extensions import doc_text
from extractor.nlp.rules import jurisdictions as rules

_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=\bof)(?=the\b)")


@lru_cache(maxsize=1)
def _names() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """One pattern for every known jurisdiction name (longest first), and what each means."""
    table: dict[str, tuple[str, str]] = {}
    for state, code in rules.US_STATES.items():
        table[state.lower()] = (state, f"US-{code}")
    table.update(rules.PLACES)
    names = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
                         + r")\b", re.IGNORECASE)  # fmt: skip
    return pattern, table


def place_in(segment: str) -> tuple[str, str] | None:
    """The jurisdiction named first in ``segment`` (a state before its country)."""
    pattern, table = _names()
    stop = rules.PLACE_STOP.search(segment)
    segment = segment[: stop.start()] if stop else segment
    segment = _GLUED.sub(" ", segment)  # "ofthe State ofTexas": words run together by the PDF
    found = [table[" ".join(m.group(0).lower().split())] for m in pattern.finditer(segment)]
    local = [place for place in found if place[0] not in rules.FEDERAL]
    return (local or found or [None])[0]


def _last_place(text: str) -> tuple[str, str] | None:
    pattern, table = _names()
    found = [table[" ".join(m.group(0).lower().split())] for m in pattern.finditer(text)]
    return found[-1] if found else None


def find_governing_law(text: str) -> tuple[str, str, int] | None:
    """(jurisdiction, holidays code, offset of the clause) or None."""
    best: tuple[int, int, tuple[str, str]] | None = None
    spans = [(m.start(), m.end(), "of") for m in rules.LAWS_OF.finditer(text)]
    spans += [(m.start(), m.end(), "adjective") for m in rules.ADJECTIVE_LAW.finditer(text)]
    spans += [(m.start(), m.end(), "thereof") for m in rules.LAWS_THEREOF.finditer(text)]
    for start, end, how in spans:
        before = text[max(0, start - rules.CONTEXT_BEFORE) : start]
        if rules.ORGANIZED.search(before[-60:]):
            continue
        context = before + text[start : end + rules.CONTEXT_AFTER]
        if not rules.GOVERNS.search(context):
            continue
        if how == "of":
            place = place_in(text[end : end + rules.PLACE_CHARS])
        elif how == "adjective":
            adjective = rules.ADJECTIVE_LAW.match(text, start).group("adj")
            place = place_in(rules.ADJECTIVES[" ".join(adjective.lower().split())])
        else:
            place = _last_place(before)
        if place is None:
            continue
        score = 2 if rules.STRONG.search(before[-120:] + text[start : end + 60]) else 1
        if best is None or score > best[0]:
            best = (score, start, place)
    if best is None:
        return None
    return best[2][0], best[2][1], best[1]


class JurisdictionComponent:
    def __call__(self, doc: Doc) -> Doc:
        found = find_governing_law(doc_text(doc))
        if found is not None:
            doc._.governing_law, doc._.jurisdiction = found[0], found[1]
        return doc


@Language.factory("contract_jurisdiction")
def make_component(nlp: Language, name: str) -> JurisdictionComponent:
    return JurisdictionComponent()
