"""Dates as written in contracts: our own parser, no dateparser on free text."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.nlp.dates import ParsedDate, find_dates, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 15, 2025", date(2025, 3, 15)),
        ("March 15 2025", date(2025, 3, 15)),
        ("MARCH 15, 2025", date(2025, 3, 15)),
        ("March\n15, 2025", date(2025, 3, 15)),
        ("15 March 2025", date(2025, 3, 15)),
        ("the 5th day of January, 2025", date(2025, 1, 5)),
        ("5th day of January 2025", date(2025, 1, 5)),
        ("the fifth day of January, 2025", date(2025, 1, 5)),
        ("this twenty-first day of June, 2019", date(2019, 6, 21)),
        ("this first (1st) \nday of January, 1996", date(1996, 1, 1)),
        ("15th of March, 2025", date(2025, 3, 15)),
        ("January 5th, 2025", date(2025, 1, 5)),
        ("December 31st, 2024", date(2024, 12, 31)),
        ("3/4/2025", date(2025, 3, 4)),
        ("03-04-25", date(2025, 3, 4)),
        ("13/04/2025", date(2025, 4, 13)),  # unambiguous day first
        ("15.03.2025", date(2025, 3, 15)),
        ("20.3.98", date(1998, 3, 20)),
        ("2025-03-15", date(2025, 3, 15)),
        ("2025/03/15", date(2025, 3, 15)),
        ("Mar. 15, 2025", date(2025, 3, 15)),
        ("Sept. 1, 2025", date(2025, 9, 1)),
        ("01-Jan-2025", date(2025, 1, 1)),
        ("effective as of June 8, 2010 (the", date(2010, 6, 8)),
    ],
)
def test_parse_date_exact(text, expected):
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.value, parsed.approximate) == (expected, False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q3 2025", date(2025, 7, 1)),
        ("Q1 FY2026", date(2026, 1, 1)),
        ("2025 Q4", date(2025, 10, 1)),
        ("third quarter of 2025", date(2025, 7, 1)),
        ("March 2025", date(2025, 3, 1)),
        ("March, 2025", date(2025, 3, 1)),
        ("May 2025", date(2025, 5, 1)),
        ("this ___ day of March, 2025", date(2025, 3, 1)),
        ("July __, 2000", date(2000, 7, 1)),
        ("August ___ 2015", date(2015, 8, 1)),
        ("September XX, 2016", date(2016, 9, 1)),
        ("March [*], 2020", date(2020, 3, 1)),
    ],
)
def test_parse_date_approximate(text, expected):
    # The span read is the whole text ("this" is not part of the date).
    assert parse_date(text) == ParsedDate(expected, True, text.removeprefix("this "))


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("3/4/2025", False, date(2025, 3, 4)),
        ("3/4/2025", True, date(2025, 4, 3)),
        ("03-04-25", True, date(2025, 4, 3)),
        ("2025-03-04", True, date(2025, 3, 4)),
    ],
)
def test_dayfirst(text, dayfirst, expected):
    assert parse_date(text, dayfirst=dayfirst).value == expected


@pytest.mark.parametrize(
    "text",
    [
        "$25",
        "30",
        "Section 3.15",
        "Section 4.2.1",
        "1,000,000",
        "$1,000,000",
        "1/2",
        "555-123-4567",
        "3.15.25",
        "12.2.13",
        "December 31 of each year",
        "March 15",
        "in 2025",
        "February 30, 2025",
        "you may 2025",
        "1.5%",
        "",
    ],
)
def test_not_a_date(text):
    assert parse_date(text) is None


def test_find_dates_spans_and_order():
    text = (
        "This Agreement is dated March 15, 2025 and ends on 12/31/2027. "
        "Fees of $2,025 are due in Q3 2025; see Section 20.25."
    )
    found = [(text[s:e], p.value, p.approximate) for s, e, p in find_dates(text)]
    assert found == [
        ("March 15, 2025", date(2025, 3, 15), False),
        ("12/31/2027", date(2027, 12, 31), False),
        ("Q3 2025", date(2025, 7, 1), True),
    ]


def test_find_dates_reads_far_clause_table_without_false_days():
    # "52.203-1 Jul-04" is a FAR clause number and a month: not 1 July 2004.
    assert find_dates("FAR 52.203-1 Jul-04 Definitions") == []


def test_find_dates_reads_every_date_of_a_long_text():
    # Its speed (>= 1 MB/s) is measured by bench/parser_speed.py, not here.
    text = ("The Supplier shall deliver the Goods within thirty (30) days after March 15, 2025. "
            "Payment of $25,000.00 is due on 4/1/2025 per Section 4.2.\n") * 5000
    found = find_dates(text)
    assert len(found) == 10000
    assert {parsed.value for _, _, parsed in found} == {date(2025, 3, 15), date(2025, 4, 1)}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The goods are due on 15 March 25.", date(2025, 3, 15)),
        ("Invoice dated 01-Jan-25 is payable", date(2025, 1, 1)),
        ("due the 5th of March, 24, at noon", date(2024, 3, 5)),
    ],
)
def test_find_dates_reads_a_day_and_month_with_a_two_digit_year(text, expected):
    """parse_date read these, find_dates skipped them: its quick scan looked for 4-digit years
    and d/m/yy only (found by the property test of the windowed scan)."""
    [(_, _, parsed)] = find_dates(text)
    assert parsed.value == expected


# --- the last resort, and the edges of the numeric forms -------------------------------------
def test_an_odd_spelling_with_a_month_name_and_a_year_is_read_by_dateparser():
    assert parse_date("March the 15th, 2025") == ParsedDate(date(2025, 3, 15), False,
                                                            "March the 15th, 2025")  # fmt: skip
    assert parse_date("March the 15th, 2025", dayfirst=True).value == date(2025, 3, 15)
    # The last resort reads short spans only: 40 characters, not 41.
    padded = " " * 20 + "March the 15th, 2025"
    assert len(padded) == 40 and parse_date(padded).value == date(2025, 3, 15)
    assert parse_date(padded + " ") is None


def test_a_span_our_patterns_read_is_not_given_to_dateparser():
    # "may 2025" in lower case is a verb, not May: dateparser would say 1 May 2025.
    assert parse_date("we may 2025") is None


@pytest.mark.parametrize(
    "text, dayfirst, expected",
    [
        ("20.3.70", False, date(1970, 3, 20)),  # 70 and later: a year of the 1900s
        ("1.2.69", False, None),  # a clause number, not 1 Feb 2069
        ("1/2/70", False, date(1970, 1, 2)),
        ("1/2/69", False, date(2069, 1, 2)),
        ("03.04.2025", False, date(2025, 4, 3)),  # dots: day first whatever the setting
    ],
)
def test_two_digit_years_and_dotted_dates(text, dayfirst, expected):
    parsed = parse_date(text, dayfirst=dayfirst)
    assert (parsed.value if parsed else None) == expected


def test_day_words_with_odd_spacing_and_the_span_quoted():
    assert parse_date("the twenty  first day of March, 2025") == ParsedDate(
        date(2025, 3, 21), False, "twenty  first day of March, 2025")  # fmt: skip
    assert parse_date("the fifth day of January, 2025").text == "fifth day of January, 2025"


def test_find_dates_takes_the_day_first_setting():
    [(_, _, parsed)] = find_dates("Delivery by 3/4/2025.", dayfirst=True)
    assert parsed.value == date(2025, 4, 3)


def test_the_fallback_takes_the_first_of_the_month_and_may_find_nothing():
    parsed = parse_date("March (2025)")  # a month and a year only
    assert (parsed.value, parsed.text) == (date(2025, 3, 1), "March (2025)")
    assert parse_date("Signed in March of the year 2025") is None  # dateparser gives up too
