"""``clause_sentencizer``: sentence boundaries a lawyer would quote.

Boundaries are found by a few regexes over ``doc.text`` (one pass each, no per-token Python)
and mapped to tokens with a binary search over token offsets:

- after ". " / "? " / "! " followed by a capital, a digit or an opening bracket, except after
  abbreviations ("Inc.", "No.", "U.S.", "e.g.") and initials;
- at blank lines (paragraphs, page joins);
- before a numbered clause at line start ("4.2", "4.2.1", "5.", "(a)", "(iv)", "a)",
  "Section 5"), unless the previous line ends with a word that takes a number ("Section\\n4.2");
- around table rows (lines holding " | ") and after a short heading line (ALL CAPS, or Title
  Case words optionally led by a clause number: "1.1 Purpose").

A single newline inside a sentence (PDF line wrap) never splits. Sentences longer than
``MAX_TOKENS`` are cut at ";" or a newline, or hard at the limit.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.extensions import SENTENCES_KEY, TOKENS_KEY, doc_text
from extractor.nlp.rules.entities import ABBREVIATIONS, CLAUSE_HEAD_WORDS, REFERENCE_WORDS

MAX_TOKENS = 120



_CLAUSE_NUMBER = (  # "thirty\n(30) days": a number restated in digits opens no clause
    r"(?!\(\d{1,3}\)\s+(?:calendar\s+|business\s+|working\s+)?(?:days?|weeks?|months?|years?"
    r"|hours?)\b)(?:\d{1,2}(?:\.\d{1,3})+\.?|\d{1,2}\.|[A-Z]\.|\((?:[a-z]{1,2}|[ivxlc]{1,6}|[A-Z]|\d{1,2})\)"
    r"|(?:[a-z]|[ivx]{1,5}|\d{1,2})\)|[●•▪◦■➢])(?=\s)"
)
_HEAD = "|".join(CLAUSE_HEAD_WORDS)
_BOUNDARY = re.compile(
    rf"""
    (?=[\n.?!])  # the first char of every branch: the branches are not tried elsewhere (2x faster)
    (?:
      \n[^\S\n]*\n\s*                                           # blank line
    | (?P<line>\n)[^\S\n]*(?=(?:{_CLAUSE_NUMBER}|(?:{_HEAD})\s+[\dIVX]))  # numbered clause
    | (?P<footer>\n)[^\S\n]*(?=(?:Page\s+)?-?\s?\d{{1,3}}(?:\s+of\s+\d{{1,3}})?\s?-?[^\S\n]*
        (?:\n[^\S\n]*\n|\Z))                                   # page number before a page join
    | (?P<punct>[.?!])["'”’)\]]*(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)           # ". " then a capital,
        (?=[“"'(\[]?[A-Z0-9]|\([a-z]{{1,4}}\))                       # a digit or "(ii)"
    )
    """,
    re.VERBOSE,
)
_TABLE_ROW = re.compile(r"^[^\n]*[ \t]\|[ \t][^\n]*$", re.MULTILINE)
# The first lookahead (what the line must be) fails at a prose line's first small letter; only
# then is the whole line searched for two capitals (3.5x faster, same matches).
_CAPS_HEADING = re.compile(
    r"^[^\S\n]*(?=[^a-z\n]{3,60}\n)(?=[^\n]*[A-Z]{2})[^a-z\n]{3,60}\n[^\S\n]*(?=[A-Z][a-z]|\()",
    re.MULTILINE,
)
# A short line followed by a line of prose; a heading if its words are Title Case (_is_heading).
_SHORT_LINE = re.compile(r"^[^\S\n]*([^\n]{2,60})\n[^\S\n]*(?=[A-Z][a-z])", re.MULTILINE)
_CLAUSE_NUMBER_RE = re.compile(_CLAUSE_NUMBER)
_HEADING_SMALL_WORDS = frozenset({"of", "and", "the", "for", "to", "in", "on", "or", "&", "a"})
_CUT = re.compile(r";|\n")
_CLAUSE_LABEL = re.compile(r"\d{1,2}(?:\.\d{1,3})*|[a-z]|[ivx]{1,5}")
_LAST_WORD = re.compile(r"\S*$")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_INITIAL_CONTEXT = frozenset({"exhibit", "schedule", "appendix", "annex", "attachment", "part"})


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the "." at ``dot`` ends an abbreviation rather than a sentence."""
    start = _LAST_WORD.search(text, max(0, dot - 25), dot).start()
    word = text[start:dot].lstrip("(“\"'").lower()
    if word in ABBREVIATIONS:
        return True
    if _CLAUSE_LABEL.fullmatch(word) and _at_line_start(text, start):
        return True  # "2.3.1. Opportunity." / "Section 5. Term": the number opens the clause
    if len(word) == 1 and word.isalpha():  # "John A. Smith" but not "Exhibit A. The"
        before = _WORD_BEFORE.search(text, max(0, start - 20), start)
        return not (before and before.group(1).lower() in _INITIAL_CONTEXT)
    return False


def _at_line_start(text: str, start: int) -> bool:
    """True if only whitespace or a clause head word ("Section") precedes ``start`` on its line."""
    line = text[max(0, start - 20) : start]
    prefix = line[line.rfind("\n") + 1 :].strip() if "\n" in line or start <= 20 else None
    return prefix is not None and (not prefix or prefix in CLAUSE_HEAD_WORDS)


def _is_heading(line: str) -> bool:
    """ "1.1 Purpose", "Payment Terms", "Method of Payment": at most 8 Title Case words."""
    line = line.strip()
    number = _CLAUSE_NUMBER_RE.match(line)
    words = line[number.end() if number else 0 :].split()
    if not words or len(words) > 8 or line[-1] in ",;:-":
        return False
    return words[0][0].isupper() and all(
        w[0].isupper() or w in _HEADING_SMALL_WORDS for w in words
    )


def _follows_reference(text: str, newline: int) -> bool:
    """True if the line before ``newline`` ends with "Section", "under", "and"... (a wrap)."""
    before = _WORD_BEFORE.search(text, max(0, newline - 30), newline)
    if not before:
        return False
    word = before.group(1).lower().rstrip(",")
    if word in ("and", "or"):  # "(a) first; and\n(b) second" is a list, not a wrap
        return not text[max(0, before.start() - 3) : before.start()].rstrip().endswith((";", ","))
    return word in REFERENCE_WORDS


def boundary_chars(text: str) -> list[int]:
    """Char offsets where a sentence starts (besides 0), sorted, possibly repeated."""
    out = []
    for m in _BOUNDARY.finditer(text):
        if m.group("punct") and m.group("punct") == "." and _is_abbreviation(text, m.start()):
            continue
        if m.group("line") and _follows_reference(text, m.start()):
            continue
        out.append(m.end())
    for m in _TABLE_ROW.finditer(text) if "|" in text else ():
        out.append(m.start())
        out.append(m.end())
    for m in _CAPS_HEADING.finditer(text):
        out.append(m.end())
    for m in _SHORT_LINE.finditer(text):
        if _is_heading(m.group(1)):
            out.append(m.end())
    out.sort()
    return out


def _cap_long(starts: list[int], idx: list[int], text: str, limit: int) -> list[int]:
    """Split sentences longer than ``limit`` tokens at ";" or a newline, else hard."""
    out, n = [], len(idx)
    bounds = starts + [n]
    for start, end in pairwise(bounds):
        out.append(start)
        while end - start > limit:
            lo, hi = idx[start], idx[min(start + limit, n - 1)]
            cut = None
            for m in _CUT.finditer(text, lo, hi):
                tok = bisect_right(idx, m.start())  # the token after the ";" or newline
                if start < tok < end:
                    cut = tok
            cut = cut or start + limit
            # skip whitespace tokens so the sentence starts on a word
            while cut < end and text[idx[cut]].isspace():
                cut += 1
            if cut >= end:
                break
            out.append(cut)
            start = cut
    return out


def set_sentences(doc: Doc, max_tokens: int = MAX_TOKENS) -> Doc:
    """Sentence starts on the tokens of ``doc``; on a Doc made by ``pipeline.make_doc`` (no
    tokens, their starts in user_data) the sentences' char spans go to user_data instead."""
    tokens = doc.user_data.get(TOKENS_KEY)
    if tokens is not None:
        first = sentence_starts(tokens.text, tokens.starts, max_tokens)
        doc.user_data[SENTENCES_KEY] = tokens.spans(first) if first else []
        return doc
    if len(doc) == 0:
        return doc
    ordered = sentence_starts(doc_text(doc), doc.to_array([IDX]).tolist(), max_tokens)
    values = np.full(len(doc), np.uint64(2**64 - 1), dtype=np.uint64)  # -1: not a start
    values[ordered] = 1
    doc.from_array([SENT_START], values)
    return doc


def sentence_starts(text: str, idx: list[int], max_tokens: int = MAX_TOKENS) -> list[int]:
    """Indexes of the tokens (starting at the offsets ``idx``) that start a sentence."""
    n = len(idx)
    if n == 0:
        return []
    starts = {0}
    for char in boundary_chars(text):
        tok = bisect_left(idx, char)
        if tok < n:
            while tok < n - 1 and text[idx[tok]].isspace():
                tok += 1
            starts.add(tok)
    return _cap_long(sorted(starts), idx, text, max_tokens)


class ClauseSentencizer:
    def __init__(self, max_tokens: int = MAX_TOKENS) -> None:
        self.max_tokens = max_tokens

    def __call__(self, doc: Doc) -> Doc:
        return set_sentences(doc, self.max_tokens)


@Language.factory("clause_sentencizer", default_config={"max_tokens": MAX_TOKENS})
def make_component(nlp: Language, name: str, max_tokens: int) -> ClauseSentencizer:
    return ClauseSentencizer(max_tokens)
