"""The ``contract_title`` component: the contract's title as written ("SUPPLY AGREEMENT").

The title is the heading nearest above the preamble that names a kind of contract; headings
split over lines ("COLLABORATIVE RESEARCH, DEVELOPMENT AND COMMERCIALIZATION / AGREEMENT") are
joined. Without a heading, the preamble's own words are used ("This Distributor Agreement").
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.extensions import doc_text
from extractor.nlp.parties import find_preambles
from extractor.nlp.rules import parties as party_rules
from extractor.nlp.rules import title as rules

_SPACES = re.compile(r"\s+")
_BARRIER = "\x00"  # stands for a blank line among the heading lines


def find_title(text: str) -> str | None:
    """The title of the contract in ``text``, or None."""
    subject = _letter_subject(text)
    if subject:
        return subject
    preambles = find_preambles(text)
    end = preambles[0].start if preambles else min(len(text), rules.TITLE_SEARCH_CHARS)
    # A blank line separates headings: a title split over lines never spans one.
    lines = rules.SOFT_LINE_BREAK.split(rules.BLANK_LINE.sub(f"\n{_BARRIER}\n", text[:end]))
    opening = rules.HEADING_OPENING.match(text, end) if preambles else None
    if opening:  # "LICENSE AGREEMENT between ...": the preamble opens with the title
        lines += rules.SOFT_LINE_BREAK.split(opening.group("title"))
    seen = [line.strip() for line in lines if line.strip()]
    counts = Counter(seen)
    # A line printed on several pages is a running header, not the title.
    lines = [line for line in seen if counts[line] < 3 or line == _BARRIER]
    headings = _headings(lines)
    rich = [h for h in headings if len(h.split()) >= 2]
    # A title ends with its noun ("SUPPLY AGREEMENT"); "AGREEMENT DETAILS" is a section heading.
    named = [h for h in rich if rules.TITLE_END.search(h)]
    if named or rich or headings:
        return (named or rich or headings)[-1]
    if preambles:
        named = rules.PREAMBLE_TITLE.search(text, preambles[0].start, preambles[0].body)
        if named and len(named.group(1).split()) >= 2:
            return _SPACES.sub(" ", named.group(1))
    return None


def _letter_subject(text: str) -> str | None:
    """The "Re:" line above a letter's salutation, when it names an agreement or engagement."""
    salutation = party_rules.LETTER_SALUTATION.search(text, 0, party_rules.LETTER_SEARCH_CHARS)
    if salutation is None:
        return None
    subject = rules.SUBJECT_LINE.search(text, 0, salutation.start() + 1)
    return _SPACES.sub(" ", subject.group("title")).strip() if subject else None


def _headings(lines: list[str]) -> list[str]:
    out = []
    for index, line in enumerate(lines):
        if _is_title_line(line) and rules.TITLE_NOUN.search(line):
            out.append(_join_upwards(lines, index))
    return out


def _is_title_line(line: str, continued: bool = False) -> bool:
    line = rules.TITLE_TAIL.sub("", line)
    if not continued and rules.TOC_LINE.search(line):
        return False
    if not line or len(line) > rules.TITLE_MAX_CHARS or rules.TITLE_SKIP.search(line):
        return False
    words = re.findall(r"[A-Za-z][\w'’\-]*", line)
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in _MINOR)
    return capitalised == len(words)


_MINOR = {"and", "of", "for", "to", "the", "a", "an", "in", "on", "with", "between", "by"}


def _join_upwards(lines: list[str], index: int) -> str:
    parts = [rules.TITLE_TAIL.sub("", lines[index])]
    for previous in reversed(lines[max(0, index - rules.TITLE_MAX_LINES + 1) : index]):
        if not _continues_title(previous):
            break
        parts.insert(0, previous)
    return _SPACES.sub(" ", " ".join(parts)).strip()


def _continues_title(line: str) -> bool:
    """An upper-case heading fragment above the title line (not a company name, not a label)."""
    if not _is_title_line(line, continued=True) or not line.isupper() or len(line) > 70:
        return False
    if rules.TITLE_NOUN.search(line) or party_rules.ORG_SUFFIX_END.search(line):
        return False
    return not re.match(r"(?:BY\s+AND\s+)?(?:BETWEEN|AMONG|AND)\b", line)


class TitleComponent:
    def __call__(self, doc: Doc) -> Doc:
        doc._.title = find_title(doc_text(doc))
        return doc


@Language.factory("contract_title")
def make_component(nlp: Language, name: str) -> TitleComponent:
    return TitleComponent()
