"""Calendar dates as written in contracts, parsed by our own regexes.

``find_dates`` scans free text with one compiled regex (no dateparser: it reads "$25" and "30"
as dates and is slow). ``parse_date`` reads a short string; only when our patterns see a month
name and a year but cannot read the rest does it ask dateparser, on that short span alone.

Approximate dates: "March 2025" is 1 March 2025 and "Q3 2025" / "third quarter of 2025" is the
first day of the quarter (1 July 2025), both with ``approximate=True``. The first day, not the
last, so a tracker warns early rather than late. "the ___ day of March, 2025" (a blank left in
the signed copy) is 1 March, approximate.
"""

from __future__ import annotations

import datetime
import logging
import re
from dataclasses import dataclass

from extractor.nlp.numbers import windowed_finditer
from extractor.nlp.rules.entities import DAY_ORDINAL_WORDS, MONTHS, QUARTER_WORDS, word_pattern

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParsedDate:
    value: datetime.date
    approximate: bool = False
    text: str = ""


_MONTH_WORD = word_pattern(MONTHS)
_MONTH = rf"(?P<{{g}}>{_MONTH_WORD}\b\.?)"
_YEAR4 = r"(?:19|20)\d\d(?!\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_SUFFIX = r"(?:st|nd|rd|th)?"
_DAY_WORD = word_pattern(DAY_ORDINAL_WORDS)
# A day left blank ("July __, 2000", "September XX, 2016") or redacted ("March [*], 2020").
_BLANK = r"(?:_{2,}|XX?\b|\[[\s_*]*\])"
_QWORD = word_pattern(QUARTER_WORDS)

DATE_RE = re.compile(
    rf"""
    (?<![A-Za-z0-9])  # start at a word start: rejects most positions at once
    (?:
    # March 15, 2025 | Mar. 15 2025 | December 31st, 2024 | MARCH 15 , 2025 | July __, 2000
      {_MONTH.format(g="m1")}\s*(?:(?P<d1>{_DAY}){_SUFFIX}\b|(?P<b1>{_BLANK}))\s*,?\s*
        (?P<y1>{_YEAR4})
    # 15 March 2025 | the 5th day of January, 2025 | 15th of March, 2025 | 01-Jan-2025
    | (?<![\d.,/-])(?P<d2>{_DAY}){_SUFFIX}(?:\s+day\s+of|\s+of)?[\s-]+{_MONTH.format(g="m2")}
        [\s-]*,?\s*(?:in\s+the\s+year\s+)?(?P<y2>{_YEAR4}|\d\d(?![\d]))
    # the fifth day of January, 2025 | first (1st) day of May, 1996 | this ___ day of March, 2025
    | (?:(?P<dw>{_DAY_WORD})(?:\s*\(\s*\d{{1,2}}{_SUFFIX}\s*\))?|(?P<blank>{_BLANK}))\s+day\s+of\s+
        {_MONTH.format(g="m3")}\s*,?\s*(?P<y3>{_YEAR4})
    # 2025-03-15 | 2025/03/15
    | (?<![\d.,/-])(?P<y4>{_YEAR4})(?P<s4>[-/.])(?P<a4>0?[1-9]|1[0-2])(?P=s4)(?P<b4>{_DAY})(?![\d/-])
    # 3/4/2025 | 03-04-25 | 15.03.2025
    | (?<![\d.,/$-])(?P<a5>\d{{1,2}})(?P<s5>[/.-])(?P<b5>\d{{1,2}})(?P=s5)
        (?P<y5>{_YEAR4}|\d\d)(?![\d/%]|[.,-]\d)
    # Q3 2025 | Q3 FY2025 | 2025 Q3 | third quarter of 2025
    | \bQ(?P<q1>[1-4])\s*[,']?\s*(?:FY\s*|CY\s*)?(?P<y6>{_YEAR4})
    | \b(?P<y7>{_YEAR4})\s*-?\s*Q(?P<q2>[1-4])\b
    | \b(?P<qw>{_QWORD})\s+(?:calendar\s+|fiscal\s+)?quarter\s+(?:of\s+)?(?:the\s+)?
        (?:calendar\s+|fiscal\s+)?(?:year\s+)?(?P<y8>{_YEAR4})
    # March 2025 | March, 2025 | March of 2025
    | {_MONTH.format(g="m9")}\s*,?\s*(?:of\s+)?(?P<y9>{_YEAR4})
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Every date form holds a 4-digit year, a numeric d/m/yy date, or a month name and a 2-digit
# year ("15 March 25", "01-Jan-25"); scan for those first.
DATE_ANCHOR = re.compile(
    rf"(?:19|20)\d\d|\d[/.-]\d{{1,2}}[/.-]\d\d|(?i:\b{_MONTH_WORD}\b\.?[\s-]*,?\s*\d\d(?!\d))"
)
_FALLBACK_HINT = re.compile(rf"\b{_MONTH_WORD}\b.*\b(?:19|20)\d\d\b", re.IGNORECASE | re.DOTALL)
MAX_FALLBACK_CHARS = 40


def _month(text: str) -> int | None:
    word = text.rstrip(".").lower()
    # "may 2025" in lower case is a verb far more often than a month.
    if word == "may" and text[0] == "m":
        return None
    return MONTHS.get(word)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _make(year: int, month: int | None, day: int, text: str, approx: bool = False):
    if month is None:
        return None
    try:
        return ParsedDate(datetime.date(year, month, day), approx, text)
    except ValueError:
        return None


def _numeric(a: int, b: int, year: int, dayfirst: bool, text: str) -> ParsedDate | None:
    month, day = (b, a) if dayfirst else (a, b)
    if month > 12 >= day:  # unambiguous the other way round: 15/03/2025 read as day first
        month, day = day, month
    return _make(year, month, day, text)


def _from_match(m: re.Match, dayfirst: bool) -> ParsedDate | None:
    g, text = m.group, m.group(0)
    if g("m1"):
        day = int(g("d1")) if g("d1") else 1
        return _make(int(g("y1")), _month(g("m1")), day, text, approx=not g("d1"))
    if g("m2"):
        return _make(_year(g("y2")), _month(g("m2")), int(g("d2")), text)
    if g("m3"):
        if g("blank"):
            return _make(int(g("y3")), _month(g("m3")), 1, text, approx=True)
        day = DAY_ORDINAL_WORDS.get(re.sub(r"\s+", " ", g("dw").lower()))
        return _make(int(g("y3")), _month(g("m3")), day or 1, text, approx=day is None)
    if g("y4"):
        return _make(int(g("y4")), int(g("a4")), int(g("b4")), text)
    if g("y5"):
        if g("s5") == "." and len(g("y5")) == 2 and int(g("y5")) < 70:
            return None  # "1.2.25" is a clause number; "20.3.98" is a date
        return _numeric(int(g("a5")), int(g("b5")), _year(g("y5")), dayfirst or g("s5") == ".",
                        text)
    quarter = g("q1") or g("q2") or (QUARTER_WORDS.get(g("qw").lower()) if g("qw") else None)
    if quarter:
        year = int(g("y6") or g("y7") or g("y8"))
        return _make(year, 3 * (int(quarter) - 1) + 1, 1, text, approx=True)
    if g("m9"):
        return _make(int(g("y9")), _month(g("m9")), 1, text, approx=True)
    return None


def find_dates(text: str, *, dayfirst: bool = False) -> list[tuple[int, int, ParsedDate]]:
    """Every date in ``text`` as ``(start, end, ParsedDate)``, in order, not overlapping."""
    out = []
    for m in windowed_finditer(DATE_RE, DATE_ANCHOR, text, 90, 25):
        parsed = _from_match(m, dayfirst)
        if parsed is not None:
            out.append((m.start(), m.end(), parsed))
    return out


def parse_date(text: str, *, dayfirst: bool = False) -> ParsedDate | None:
    """The first date in ``text`` (a short string), or None: "$25", "30", "Section 4.2"."""
    matched = False
    for m in DATE_RE.finditer(text):
        matched = True
        parsed = _from_match(m, dayfirst)
        if parsed is not None:
            return parsed
    if not matched and len(text) <= MAX_FALLBACK_CHARS and _FALLBACK_HINT.search(text):
        return _dateparser(text, dayfirst)
    return None


def _dateparser(text: str, dayfirst: bool) -> ParsedDate | None:
    """Last resort for an odd spelling of a span that already has a month name and a year."""
    import dateparser  # slow import; rarely needed

    settings = {
        "DATE_ORDER": "DMY" if dayfirst else "MDY",
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        value = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, TypeError, OverflowError, LookupError, re.error) as exc:
        log.debug("dateparser failed on %r: %s", text, exc)
        return None
    return ParsedDate(value.date(), False, text.strip()) if value else None
