"""Patterns and matchers rewritten for speed (issue 15) must find exactly what the plain ones
they replace find, span for span, or extraction answers would move."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.nlp import numbers, sentences
from extractor.nlp.rules import jurisdictions
from extractor.nlp.rules import keydates as key_rules
from extractor.nlp.rules.entities import CASE_FOLD_EXTRAS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# The patterns as they were written before, with their flags.
PLAIN = {
    "money": (numbers.MONEY_ANCHOR, re.compile(
        r"[\$£¥€₹]|(?<![A-Za-z])(?:(?:AUD|BRL|C(?:AD|HF|NY)|DKK|EUR|GBP|HKD|I(?:LS|NR)|JPY|KRW|"
        r"MXN|N(?:OK|ZD)|R(?:MB|s\.)|S(?:EK|GD)|USD|ZAR)|(?i:(?:dollar(?:s)?|euro(?:s)?|francs|"
        r"pounds|rupees|sterling|yen)))")),
    "percent": (numbers.PERCENT_ANCHOR, re.compile(r"%|per\s?cent|pct", re.IGNORECASE)),
    "duration": (numbers.DURATION_ANCHOR, re.compile(r"day|week|month|year", re.IGNORECASE)),
    "sentence boundary": (sentences._BOUNDARY, re.compile(
        sentences._BOUNDARY.pattern.replace(r"(?=[\n.?!])", "", 1), re.VERBOSE)),
    "caps heading": (sentences._CAPS_HEADING, re.compile(
        r"^[^\S\n]*(?=[^\n]*[A-Z]{2})[^a-z\n]{3,60}\n[^\S\n]*(?=[A-Z][a-z]|\()", re.MULTILINE)),
    "signature date": (key_rules.SIGNATURE_DATE, re.compile(
        r"(?:^|\n|\s{2,}|(?<=\d)\s)(?:Date|Dated|Date\s+Signed|Signature\s+Date|Date\s+of)"
        r"[^\S\n]*:+[^\S\n]*", re.IGNORECASE)),
    "laws of": (jurisdictions.LAWS_OF, re.compile(
        r"\b(?:laws?|legislation)\b(?:\s+and\s+[a-z]+(?:\s+[a-z]+)?)?\s*"
        r"(?:in\s+force\s+in|applicable\s+in|of|(?=State\s+of))", re.IGNORECASE)),
    "laws thereof": (jurisdictions.LAWS_THEREOF, re.compile(r"\blaws\s+thereof\b", re.IGNORECASE)),
    "adjective law": (jurisdictions.ADJECTIVE_LAW, re.compile(
        r"\b(?P<adj>English|German|French|Dutch|Swiss|Irish|Scottish|Swedish|Italian|Spanish|"
        r"Israeli|Indian|Chinese|Japanese|Singapore|Hong\s+Kong|New\s+York|Delaware|California|PRC)"
        r"\s+(?:substantive\s+)?(?i:laws?)\b")),
}
# Each hint must match wherever its rewrite does (the rewrite is skipped otherwise).
HINTS = [
    (key_rules.SPLIT_ORDINAL_HINT, key_rules.SPLIT_ORDINAL),
    (key_rules.OCR_ONE_HINT, key_rules.OCR_ONE),
    (key_rules.PLURAL_PAREN_HINT, key_rules.PLURAL_PAREN),
    (key_rules.DAY_MONTH_DAY_OF_HINT, key_rules.DAY_MONTH_DAY_OF),
]

# Pieces the patterns care about, glued at random: words in any case, digits, signs, folds.
PIECES = [
    "USD", "usd", "EUR", "Euros", "DOLLARS", "dollar", "Rs.", "rs.", "Sterling", "\u017fterling",
    "$", "€", "£", "¥", "₹", "%", "per cent", "PerCent", "pct", "PCT", "Day", "WEEK", "month",
    "Year", "days", "1999", "2024", "2019", "12/31/24", "1-2-2020", "3.4.99", "19", "20", "0",
    "7", "th", "s t", "\nnd", "one (I)", "(i)", "year(s)", "(s)", "day of", "June", "1st",
    "\u212a", "\u0130", "\u0131", "a", "X", "z", " ", "  ", "\n", "-", "/", ".", "(", ")", "٣",
    "PAYMENT TERMS", "Date:", "dated :", "Signature Date", "\u017fignature date:", "1.", "(ii)", "Page 2 of 5", "?", "! ", "Section 4", "e.g.", "| ", "Fees",
]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


def spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_case_fold_extras_are_every_code_point_ignorecase_adds():
    every = "".join(map(chr, range(0x110000)))
    for letter in string.ascii_lowercase:
        found = set(re.findall(f"(?i:{letter})", every))
        assert found == {letter, letter.upper(), *CASE_FOLD_EXTRAS.get(letter, "")}, letter


@settings(max_examples=400, deadline=None)
@given(texts)
def test_anchors_find_what_the_plain_patterns_find(text):
    for name, (fast, plain) in PLAIN.items():
        assert spans(fast, text) == spans(plain, text), name


@settings(max_examples=400, deadline=None)
@given(texts)
def test_a_rewrite_never_matches_where_its_hint_does_not(text):
    for hint, rewrite in HINTS:
        if rewrite.search(text):
            assert hint.search(text), hint.pattern


RARE = {"laws thereof", "adjective law"}  # in none of the first fixtures: checked below


@pytest.mark.parametrize("text", [
    "governed by the laws thereof; the LAWS THEREOF, bylaws thereof, outlaws thereof",
    "English law, New York substantive laws, Hong  Kong Laws, DelawareLaw, xEnglish law, PRC laws",
    "the laws of the State of Delaware, legislation in force in France, Laws State of Ohio",
])
def test_rare_law_patterns_find_what_the_plain_ones_find(text):
    for name in sorted(RARE | {"laws of"}):
        fast, plain = PLAIN[name]
        assert spans(fast, text) == spans(plain, text), name
    assert any(spans(PLAIN[name][1], text) for name in RARE | {"laws of"})


@pytest.mark.parametrize("name", sorted(set(PLAIN) - RARE))
def test_anchors_on_the_fixture_contracts(name):
    from extractor import load_document

    fast, plain = PLAIN[name]
    found = 0
    for path in sorted(FIXTURES.glob("*.pdf"))[:8]:
        text = load_document(path, ocr="never").text
        assert spans(fast, text) == spans(plain, text), path.name
        found += len(spans(plain, text))
    assert found  # the contracts hold some of each: the comparison is not of empty lists


cell_words = st.lists(st.lists(st.sampled_from(["a", "ab", "b", "1", "$5", "a|", "|b", "|", "b.a"]),
                               min_size=1, max_size=3), min_size=1, max_size=3)
row_texts = st.lists(st.sampled_from(["a", "ab", "b", "1", "$5", "|", " ", "\n", "\u2003", "  | ", "."]),
                     max_size=30).map("".join)


@settings(max_examples=600, deadline=None)
@given(cell_words, row_texts, st.integers(0, 30), st.integers(0, 30))
def test_table_cells_are_found_where_the_row_regex_finds_them(words, text, lo, hi):
    from extractor.nlp.clauses import find_cells

    pattern = re.compile(r"(?:\s*\|)*\s*".join(r"\s+".join(map(re.escape, cell)) for cell in words))
    match = pattern.search(text, lo, hi)
    assert find_cells(text, words, lo, hi) == (match.span() if match else None)


names = st.text(alphabet="abcdefgh ,.NA", min_size=0, max_size=30)


@settings(max_examples=600, deadline=None)
@given(names, names)
def test_similar_names_decide_as_the_plain_ratio(a, b):
    from difflib import SequenceMatcher

    from extractor.learn.partydecide import SAME_NAME_RATIO, _similar

    plain = bool(a and b) and (a == b or SequenceMatcher(None, a, b).ratio() >= SAME_NAME_RATIO)
    assert _similar(a, b) == plain
