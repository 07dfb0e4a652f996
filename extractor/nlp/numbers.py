"""Numbers, money, percentages and durations as written in contracts.

``find_money`` / ``find_percents`` scan free text with one compiled regex each and return
``(start, end, value)``; the ``parse_*`` functions return the first value found in ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.nlp.rules.entities import (
    CURRENCY_PREFIXES,
    CURRENCY_SUFFIXES,
    DIGITS_RE,
    DOLLAR_CURRENCIES,
    DOT_THOUSANDS_CURRENCIES,
    DURATION_UNITS,
    FRACTIONS,
    MULTIPLIERS,
    NUMBER_PHRASE_RE,
    SCALES,
    UNITS,
    after_lead,
    lead_chars,
    word_pattern,
)


def windowed_finditer(
    pattern: re.Pattern, anchor: re.Pattern, text: str, before: int, after: int
):
    """``pattern.finditer`` run only near ``anchor`` hits: a cheap scan finds the anchors
    (a year, a currency sign...), the full pattern runs on the merged windows around them.

    Every match must contain an anchor and reach at most ``before``/``after`` chars from it.
    """
    return finditer_around(pattern, text, ((a.start(), a.end()) for a in anchor.finditer(text)),
                           before, after)  # fmt: skip


def finditer_around(pattern: re.Pattern, text: str, spans, before: int, after: int):
    """``pattern.finditer`` on the merged windows from ``before`` chars ahead of each of the
    sorted ``spans`` (start, end) to ``after`` chars past it."""
    n, start, end = len(text), -1, -1
    for a_start, a_end in spans:
        lo, hi = max(0, a_start - before), min(n, a_end + after)
        if lo <= end:
            end = hi
            continue
        if end > start:
            yield from pattern.finditer(text, start, end)
        start, end = lo, hi
    if end > start:
        yield from pattern.finditer(text, start, end)


_WORD_SPLIT = re.compile(r"[\s,\-]+")
_PLAIN_INT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")


def parse_number_words(text: str) -> int | None:
    """``"Twenty-Five Thousand"`` -> 25000; plain digits ("1,200") are accepted too.

    Returns None when ``text`` holds anything but number words.
    """
    text = text.strip()
    if _PLAIN_INT.fullmatch(text):
        return int(text.replace(",", ""))
    words = [w for w in _WORD_SPLIT.split(text.lower()) if w and w != "and"]
    if not words:
        return None
    total = current = 0
    for i, word in enumerate(words):
        if word in ("a", "an"):
            if i + 1 >= len(words) or words[i + 1] not in SCALES:
                return None
            current += 1
        elif word in UNITS:
            current += UNITS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _alternation(keys, boundary: bool, digits_after: bool = False) -> str:
    parts = []
    for key in sorted(keys, key=len, reverse=True):
        pattern = re.escape(key).replace(r"\ ", r"\s*")
        # Letter codes need word boundaries ("USD" but not "CUSDA"); symbols do not. A code
        # before the amount may touch its digits ("USD370,000").
        if boundary and key[0].isalpha():
            pattern = rf"\b{pattern}"
        if boundary and key[-1].isalpha():
            pattern = rf"{pattern}(?![A-Za-z])" if digits_after else rf"{pattern}\b"
        parts.append(pattern)
    return "(?:{})".format("|".join(parts))


_PREFIX = _alternation(CURRENCY_PREFIXES, boundary=True, digits_after=True)
_SUFFIX = _alternation(CURRENCY_SUFFIXES, boundary=True)
_MULT = r"(?:\s?(?:million|billion|thousand|mil|bn)\b|(?:mm|MM|[kKmMbB])\b)"
_AMOUNT = rf"(?<![\d.,])(?:{DIGITS_RE})"
_CENTS = r"(?:\s+and\s+(?P<cents>\d{1,2})/100|\s+and\s+no/100)"
# "(Twenty-Five Thousand Dollars)" after a numeric amount: part of the same mention.
_WORDS_PAREN = rf"(?:\s*\([A-Za-z][A-Za-z\s,\-./]*?(?:\s{_SUFFIX}|dollars|euros)[^()]{{0,20}}\))"

MONEY_RE = re.compile(
    rf"""
    (?<![A-Za-z0-9])  # start at a word start: rejects most positions at once
    (?:
    (?P<words>{NUMBER_PHRASE_RE}){_CENTS}?\s+(?P<wcur>{_SUFFIX})
        (?:\s*\(\s*(?P<ppre>{_PREFIX})\s?(?P<pamt>{_AMOUNT})(?P<pmult>{_MULT})?\s*\))?
    | (?P<pre>{_PREFIX})\s?(?P<amt>{_AMOUNT})(?P<mult>{_MULT})?{_WORDS_PAREN}?
    | (?P<amt2>{_AMOUNT})(?P<mult2>{_MULT})?\s?(?P<suf>{_SUFFIX})(?!\s?\d)  # "2025 EUR 12.500"
    | (?P<suf3>{_SUFFIX})\s?\(\s?(?P<amt3>(?<![\d.,])\d{{1,3}}(?:[,.']\d{{3}})+(?:[.,]\d{{2}})?)\s?\)  # "Dollars (70,000)"
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _money_anchor() -> re.Pattern:
    """Cheap scan for anything that can mark an amount as money: a sign, a code, a word."""
    keys = {*CURRENCY_PREFIXES, *CURRENCY_SUFFIXES}
    signs = {k for k in keys if not k[0].isalpha()} | {c for k in keys for c in k if c in "$€£¥₹"}
    codes = {k for k in keys if k.isalpha() and k.isupper()} | {"Rs."}
    words = {k.split()[-1] for k in keys if k.islower() and k.upper() not in codes}
    sign_set = re.escape("".join(sorted(c for c in signs if len(c) == 1)))
    # The lookahead on the first char spares trying the branches at most positions (1.7x faster;
    # taking that char by a class, as DURATION_ANCHOR does, gains less: "e", "s" are common).
    lead = sign_set + re.escape(lead_chars(codes) + lead_chars(words, ignorecase=True))
    return re.compile(
        rf"(?=[{lead}])(?:[{sign_set}]|(?<![A-Za-z])(?:{word_pattern(codes)}|(?i:{word_pattern(words)})))"
    )


MONEY_ANCHOR = _money_anchor()
_PREFIX_LOOKUP = {re.sub(r"\s", "", k).lower(): v for k, v in CURRENCY_PREFIXES.items()}
_SUFFIX_LOOKUP = {re.sub(r"\s", "", k).lower(): v for k, v in CURRENCY_SUFFIXES.items()}


@dataclass(frozen=True)
class Money:
    amount: float
    currency: str
    text: str


def to_float(digits: str, currency: str = "") -> float | None:
    """Read "12,500.00" (US), "12.500,00" (European) or "1'200'000" (Swiss); "EUR 12.500" is
    12500; "250,000,00" is 250000.00 (a typed comma for the decimal point)."""
    s = digits.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    s = s.replace("'", "").replace("’", "")
    comma, dot = s.rfind(","), s.rfind(".")
    if comma >= 0 and dot >= 0:
        if comma > dot:
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif comma >= 0:
        tail = s.split(",")[1:]
        if len(tail) == 1 and (len(tail[0]) in (1, 2) or s.startswith("0,")):
            s = s.replace(",", ".")
        elif len(tail) > 1 and len(tail[-1]) == 2 and all(len(p) == 3 for p in tail[:-1]):
            s = s[:comma].replace(",", "") + "." + tail[-1]
        else:
            s = s.replace(",", "")
    elif dot >= 0:
        parts = s.split(".")
        thousands = all(len(p) == 3 for p in parts[1:]) and len(parts[0]) <= 3
        if thousands and (len(parts) > 2 or currency in DOT_THOUSANDS_CURRENCIES):
            s = s.replace(".", "")
        elif len(parts) > 2:
            return None
    try:
        return float(s)
    except ValueError:
        return None


def _currency(symbol: str, table: dict, default_currency: str) -> str:
    code = table.get(re.sub(r"\s", "", symbol).lower(), default_currency)
    if code == "$":
        return default_currency if default_currency in DOLLAR_CURRENCIES else "USD"
    return code


def _multiplier(mult: str | None) -> float:
    return MULTIPLIERS.get(mult.strip().lower(), 1.0) if mult else 1.0


def _money_from_match(m: re.Match, default_currency: str) -> Money | None:
    text = m.group(0)
    if m.group("words") is not None:
        if m.group("pamt"):
            currency = _currency(m.group("ppre"), _PREFIX_LOOKUP, default_currency)
            amount = to_float(m.group("pamt"), currency)
            if amount is not None:
                return Money(amount * _multiplier(m.group("pmult")), currency, text)
        value = parse_number_words(m.group("words"))
        if value is None:
            return None
        cents = int(m.group("cents") or 0) / 100
        return Money(value + cents, _currency(m.group("wcur"), _SUFFIX_LOOKUP, default_currency),
                     text)
    if m.group("amt") is not None:
        currency = _currency(m.group("pre"), _PREFIX_LOOKUP, default_currency)
        amount, mult = to_float(m.group("amt"), currency), m.group("mult")
    elif m.group("amt3") is not None:
        currency = _currency(m.group("suf3"), _SUFFIX_LOOKUP, default_currency)
        amount, mult = to_float(m.group("amt3"), currency), None
    else:
        currency = _currency(m.group("suf"), _SUFFIX_LOOKUP, default_currency)
        amount, mult = to_float(m.group("amt2"), currency), m.group("mult2")
    if amount is None:
        return None
    return Money(amount * _multiplier(mult), currency, text)


def find_money(text: str, default_currency: str = "USD") -> list[tuple[int, int, Money]]:
    out = []
    for m in windowed_finditer(MONEY_RE, MONEY_ANCHOR, text, 160, 140):
        money = _money_from_match(m, default_currency)
        if money is not None:
            out.append((m.start(), m.end(), money))
    return out


def parse_money(text: str, default_currency: str = "USD") -> Money | None:
    """First amount of money in ``text``; None for redactions ("$[***]") or no amount."""
    for m in MONEY_RE.finditer(text):
        money = _money_from_match(m, default_currency)
        if money is not None:
            return money
    return None


# --- percentages ---------------------------------------------------------------------------
_PCT_WORD = r"(?:percent|per\s?cent|pct)\b"
_FRACTION_WORDS = r"(?:one-half|one\s+half|a\s+half|half|one-quarter|one\s+quarter|a\s+quarter)"
_PCT_NUM = r"(?<![\d.,])\d+(?:\.\d+)?"
PERCENT_RE = re.compile(
    rf"""
    (?<![A-Za-z0-9])  # start at a word start: rejects most positions at once
    (?:
    (?P<words>(?P<int>{NUMBER_PHRASE_RE})(?:\s+and\s+(?P<frac>{_FRACTION_WORDS}))?)
        (?: \s*\(\s*(?P<pnum>{_PCT_NUM})\s*(?:%|{_PCT_WORD})?\s*\)\s*(?:%|{_PCT_WORD})
          | \s*\(\s*(?P<pnum2>{_PCT_NUM})\s*%\s*\)
          | \s+{_PCT_WORD}(?:\s*\(\s*(?P<pnum3>{_PCT_NUM})\s*(?:%|{_PCT_WORD})?\s*\))? )
    | (?P<num>{_PCT_NUM})\s?(?:%|{_PCT_WORD})
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

# "%|per\s?cent|pct" (ignoring case), the first char taken by one class (see _money_anchor)
PERCENT_ANCHOR = re.compile(r"[%pP](?:(?<=%)|(?i:(?<=p)(?:er\s?cent|ct)))")


def _percent_from_match(m: re.Match) -> float | None:
    for group in ("num", "pnum", "pnum2", "pnum3"):
        if m.group(group):
            return float(m.group(group))
    value = parse_number_words(m.group("int"))
    if value is None:
        return None
    frac = m.group("frac")
    if frac:
        value += FRACTIONS.get(frac.lower().split()[-1].replace("one-", ""), 0.0)
    return float(value)


def find_percents(text: str) -> list[tuple[int, int, float]]:
    out = []
    for m in windowed_finditer(PERCENT_RE, PERCENT_ANCHOR, text, 100, 40):
        value = _percent_from_match(m)
        if value is not None:
            out.append((m.start(), m.end(), value))
    return out


def parse_percent(text: str) -> float | None:
    """First percentage in ``text``: "1.5%" -> 1.5, "ten percent (10%)" -> 10.0."""
    for m in PERCENT_RE.finditer(text):
        value = _percent_from_match(m)
        if value is not None:
            return value
    return None


# --- durations -----------------------------------------------------------------------------
_UNIT = r"(?:(?:calendar|business|working|banking)\s+)?(?:days?|weeks?|months?|years?)\b"
DURATION_RE = re.compile(
    rf"""
    (?<![A-Za-z0-9])  # start at a word start: rejects most positions at once
    (?:
    (?: (?P<words>{NUMBER_PHRASE_RE})\s*\(\s*(?P<wnum>\d{{1,4}})\s*\)
      | \(\s*(?P<pnum>\d{{1,4}})\s*\)
      | (?<![\d.,$])(?P<num>\d{{1,4}})(?![.,]\d)
      | (?P<words2>{NUMBER_PHRASE_RE}) )
    \s*-?\s*(?P<unit>{_UNIT})
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
_UNITS = ("day", "week", "month", "year")
# "day|week|month|year" (ignoring case), the first char taken by one class (see _money_anchor)
DURATION_ANCHOR = re.compile(f"[{lead_chars(_UNITS, ignorecase=True)}]{after_lead(_UNITS, ignorecase=True)}")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str  # one of models.contract.RULE_UNITS

    def __str__(self) -> str:
        unit = self.unit.replace("_", " ")
        return f"{self.amount} {unit[:-1] if self.amount == 1 else unit}"


def _duration_from_match(m: re.Match) -> Duration | None:
    digits = m.group("wnum") or m.group("pnum") or m.group("num")
    amount = int(digits) if digits else parse_number_words(m.group("words2"))
    if amount is None:
        return None
    unit_text = _SPACES.sub(" ", m.group("unit").lower())
    unit = DURATION_UNITS.get(unit_text) or DURATION_UNITS.get(unit_text + "s")
    return Duration(amount, unit) if unit else None


def find_durations(text: str) -> list[tuple[int, int, Duration]]:
    out = []
    for m in windowed_finditer(DURATION_RE, DURATION_ANCHOR, text, 80, 20):
        duration = _duration_from_match(m)
        if duration is not None:
            out.append((m.start(), m.end(), duration))
    return out


def parse_duration(text: str) -> Duration | None:
    """First period of time in ``text``; the digits win over the words when both are given."""
    for m in DURATION_RE.finditer(text):
        duration = _duration_from_match(m)
        if duration is not None:
            return duration
    return None
