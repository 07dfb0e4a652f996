"""Word tables and regex sources for DATE, MONEY, PERCENT and DURATION entities.

Compiled by extractor.nlp.numbers / extractor.nlp.durations / extractor.nlp.dates; kept here so the
vocabulary can grow without touching the parsing code.
"""

from __future__ import annotations

import re


def word_pattern(words) -> str:
    """One regex (a trie) matching any of ``words``, longest first; spaces match any whitespace.

    Much faster than a flat "a|b|c" alternation, which Python's re tries word by word.
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    branches = []
    for char in sorted(k for k in node if k):
        piece = r"\s+" if char == " " else re.escape(char)
        branches.append(piece + _trie_regex(node[char]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:{})".format("|".join(branches))
    return f"(?:{body})?" if "" in node else body


# Code points re.IGNORECASE matches to an ASCII letter besides its two cases (CPython's re;
# tests/test_anchors.py checks this against every code point).
CASE_FOLD_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def lead_chars(words, ignorecase: bool = False) -> str:
    """Every char one of ``words`` can start with (a superset under re.IGNORECASE), for a
    leading ``[...]`` class: re skips to such a char in C instead of trying each position."""
    firsts = {word[0] for word in words}
    if ignorecase:
        firsts |= {c for f in firsts for c in f.lower() + f.upper() + CASE_FOLD_EXTRAS.get(f.lower(), "")}
    return "".join(sorted(firsts))


def after_lead(words, ignorecase: bool = False) -> str:
    """``word_pattern(words)`` once its first char has been consumed by a leading class: one
    branch per first char, that char checked by a lookbehind ("(?<=C)(?:AD|HF)"), same matches."""
    by_first: dict[str, list[str]] = {}
    for word in words:
        by_first.setdefault(word[0], []).append(word[1:])
    body = "|".join(f"(?<={re.escape(first)}){word_pattern(rests)}" for first, rests in sorted(by_first.items()))
    return f"(?i:{body})" if ignorecase else f"(?:{body})"


# --- numbers -------------------------------------------------------------------------------
UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
FRACTIONS = {"half": 0.5, "one-half": 0.5, "quarter": 0.25, "one-quarter": 0.25}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
# Words a spelled-out number is made of ("a"/"an" only count when followed by a scale word).
NUMBER_WORD_RE = word_pattern(w for w in list(UNITS) + list(SCALES) if w not in ("a", "an"))
# "Twenty-Five Thousand", "one hundred and twenty", "ten": words joined by spaces/hyphens/"and".
NUMBER_PHRASE_RE = (
    rf"\b{NUMBER_WORD_RE}(?:(?:\s+and\s+|\s*-\s*|\s+){NUMBER_WORD_RE})*\b"
)
# Digits with optional thousands separators and decimals (US, European or Swiss style:
# "12,500.00", "12.500,00", "1'200'000"), or cents alone after a sign ("$.42").
DIGITS_RE = (r"\d{1,3}(?:[,.\u00a0 ]\d{3})+(?:[.,]\d{1,2})?(?!\d)|\d{1,3}(?:['’]\d{3})+(?:[.,]\d{1,2})?(?!\d)"
             r"|\d+(?:[.,]\d+)?|\.\d{1,4}(?![\d.,])")

# --- money ---------------------------------------------------------------------------------
# Symbol or code written before the amount -> ISO code ("$" resolves to the default dollar).
CURRENCY_PREFIXES = {
    "US$": "USD", "USD$": "USD", "U.S.$": "USD", "U.S. $": "USD", "USD": "USD", "US $": "USD",
    "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "A$": "AUD", "AU$": "AUD", "AUD": "AUD",
    "NZ$": "NZD", "NZD": "NZD", "S$": "SGD", "SGD": "SGD", "HK$": "HKD", "HKD": "HKD",
    "€": "EUR", "EUR": "EUR", "£": "GBP", "GBP": "GBP", "¥": "JPY", "JPY": "JPY",
    "CHF": "CHF", "SEK": "SEK", "NOK": "NOK", "DKK": "DKK", "INR": "INR", "Rs.": "INR",
    "₹": "INR", "RMB": "CNY", "CNY": "CNY", "MXN": "MXN", "BRL": "BRL", "ZAR": "ZAR",
    "ILS": "ILS", "KRW": "KRW", "$": "$",
}  # fmt: skip
# Words or codes written after the amount.
CURRENCY_SUFFIXES = {
    "us dollars": "USD", "u.s. dollars": "USD", "united states dollars": "USD",
    "canadian dollars": "CAD", "australian dollars": "AUD", "dollars": "$", "dollar": "$",
    "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "pounds": "GBP",
    "british pounds": "GBP", "swiss francs": "CHF", "yen": "JPY", "rupees": "INR",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "cad": "CAD", "aud": "AUD", "chf": "CHF",
    "jpy": "JPY", "€": "EUR", "£": "GBP",
}  # fmt: skip
DOLLAR_CURRENCIES = ("USD", "CAD", "AUD", "NZD", "SGD", "HKD")
# Currencies whose amounts are usually written "12.500,00".
DOT_THOUSANDS_CURRENCIES = ("EUR", "CHF", "DKK", "NOK", "SEK", "BRL")
MULTIPLIERS = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mm": 1e6, "m": 1e6, "mil": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9,
}  # fmt: skip

# --- durations -----------------------------------------------------------------------------
DURATION_UNITS = {
    "day": "days", "days": "days", "calendar day": "days", "calendar days": "days",
    "business day": "business_days", "business days": "business_days",
    "working day": "business_days", "working days": "business_days",
    "banking day": "business_days", "banking days": "business_days",
    "week": "weeks", "weeks": "weeks", "month": "months", "months": "months",
    "year": "years", "years": "years", "calendar month": "months", "calendar months": "months",
    "calendar year": "years", "calendar years": "years",
}  # fmt: skip

# --- dates ---------------------------------------------------------------------------------
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
QUARTER_WORDS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                 "fourth": 4, "4th": 4}  # fmt: skip
# Day ordinals in words: "the fifth day of", "the twenty-first day of".
DAY_ORDINAL_WORDS = dict(ORDINALS)
for _tens, _name in ((20, "twenty"), (30, "thirty")):
    for _unit, _ord in ((1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (5, "fifth"),
                        (6, "sixth"), (7, "seventh"), (8, "eighth"), (9, "ninth")):
        if _tens + _unit <= 31:
            DAY_ORDINAL_WORDS[f"{_name}-{_ord}"] = _tens + _unit
            DAY_ORDINAL_WORDS[f"{_name} {_ord}"] = _tens + _unit
DAY_ORDINAL_WORDS["thirty-first"] = DAY_ORDINAL_WORDS["thirty first"] = 31

# --- sentences -----------------------------------------------------------------------------
# Words ending in "." that do not end a sentence (compared lower-case, without the dot).


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ABBREVIATIONS = _words(
    """inc corp co ltd llc l.l.c plc no nos sec secs art u.s u.s.a u.k e.g i.e etc viz vs v
    cf al approx dept est fig jr sr mr mrs ms dr prof st ave blvd rd p.o n.a s.a n.v b.v
    gmbh ag pty pte para paras subsec sch ex exh incl min max mo yr yrs hr hrs
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
# A number/letter after these words is a reference, not a clause starting on a new line.
REFERENCE_WORDS = _words(
    """section sections article articles exhibit exhibits schedule schedules appendix annex
    clause clauses paragraph paragraphs subsection subsections subparagraph item items
    no no. part and or of to in under than"""
)
CLAUSE_HEAD_WORDS = ("Section", "SECTION", "Article", "ARTICLE", "Schedule", "SCHEDULE",
                     "Exhibit", "EXHIBIT", "Appendix", "APPENDIX", "Annex", "ANNEX")  # fmt: skip
