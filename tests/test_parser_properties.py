"""Properties of the parsers (issue 14), checked on generated inputs with hypothesis.

- No string makes a parser raise: contract text is whatever a scan or a Word file holds.
- Amounts, numbers, durations and dates written the way contracts write them read back to
  themselves.
- An amount is never read from a date, nor a date from an amount, even side by side.

Example counts are kept small (the whole file runs in a few seconds in CI); the examples are
derived from a fixed seed, so a run is repeatable and a failure shows the input that broke.
"""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal
from itertools import pairwise

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractor.nlp.dates import ParsedDate, find_dates, parse_date
from extractor.nlp.duerules import find_due_rules, parse_due_rule
from extractor.nlp.numbers import (
    Duration,
    find_durations,
    find_money,
    find_percents,
    parse_duration,
    parse_money,
    parse_number_words,
    parse_percent,
    to_float,
)

FAST = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
FUZZ = settings(max_examples=300, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip

# --- inputs ------------------------------------------------------------------------------------

# Text a contract may hold: letters, digits, the signs of money and dates, odd spaces and
# control characters, and the words the parsers look for, mixed at random.
WORDS = ["$", "USD", "EUR", "€", "£", "dollars", "million", "percent", "%", "days", "business",
         "months", "after", "within", "thirty", "(30)", "March", "May", "Q3", "2025", "1,000",
         "12.500,00", "/", "-", ".", ",", "and", "no/100", "[***]", "___", "day of", "net"]  # fmt: skip
contract_text = st.lists(
    st.one_of(st.sampled_from(WORDS), st.text(max_size=6),
              st.text(string.digits + ",.-/ ", max_size=8)),
    max_size=20,
).map(" ".join)
any_text = st.one_of(st.text(max_size=120), contract_text)

UNDER_TWENTY = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                "seventeen", "eighteen", "nineteen"]  # fmt: skip
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    """English words for 0 <= n < 10**12, as contracts spell them: "twenty-five thousand"."""
    if n < 20:
        return UNDER_TWENTY[n]
    if n < 100:
        return TENS[n // 10] + (f"-{UNDER_TWENTY[n % 10]}" if n % 10 else "")
    if n < 1000:
        rest = f" {words(n % 100)}" if n % 100 else ""
        return f"{UNDER_TWENTY[n // 100]} hundred{rest}"
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= scale:
            rest = f" {words(n % scale)}" if n % scale else ""
            return f"{words(n // scale)} {name}{rest}"
    raise ValueError(n)


# Whole cents from 1.00 to 99 million: what a contract pays.
cents = st.integers(min_value=100, max_value=9_999_999_999)
# The 4-digit years the date patterns read (19xx and 20xx).
dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


def us_amount(value_cents: int) -> str:
    return f"{Decimal(value_cents) / 100:,.2f}"


def european_amount(value_cents: int) -> str:  # 12.500,00
    return us_amount(value_cents).replace(",", " ").replace(".", ",").replace(" ", ".")


MONEY_FORMS = {
    "$12,500.00": lambda c: (f"${us_amount(c)}", "USD"),
    "USD 12,500.00": lambda c: (f"USD {us_amount(c)}", "USD"),
    "12,500.00 dollars": lambda c: (f"{us_amount(c)} dollars", "USD"),
    "€12.500,00": lambda c: (f"€{european_amount(c)}", "EUR"),
    "EUR 12.500,00": lambda c: (f"EUR {european_amount(c)}", "EUR"),
    "12.500,00 EUR": lambda c: (f"{european_amount(c)} EUR", "EUR"),
    "£12,500.00": lambda c: (f"£{us_amount(c)}", "GBP"),
    "CHF 12,500.00": lambda c: (f"CHF {us_amount(c)}", "CHF"),
    # Whole amounts: the cents are dropped (generated values round down to whole units).
    "$12,500": lambda c: (f"${c // 100:,}", "USD"),
    "€12.500": lambda c: (f"€{c // 100:,}".replace(",", "."), "EUR"),
    "GBP 12,500": lambda c: (f"GBP {c // 100:,}", "GBP"),
}
WHOLE = ("$12,500", "€12.500", "GBP 12,500")


def written_amount(form: str, value_cents: int) -> tuple[str, str, int]:
    """(text, currency, the cents it says) for a generated amount written in ``form``."""
    text, currency = MONEY_FORMS[form](value_cents)
    said = value_cents // 100 * 100 if form in WHOLE else value_cents
    return text, currency, said
money_forms = st.sampled_from(sorted(MONEY_FORMS))

DATE_FORMS = {
    "March 5, 2025": lambda d: f"{d:%B} {d.day}, {d.year}",
    "Mar 5 2025": lambda d: f"{d:%b} {d.day} {d.year}",
    "5 March 2025": lambda d: f"{d.day} {d:%B} {d.year}",
    "5th of March, 2025": lambda d: f"{d.day}{ordinal_suffix(d.day)} of {d:%B}, {d.year}",
    "05-Mar-2025": lambda d: f"{d:%d-%b-%Y}",
    "2025-03-05": lambda d: d.isoformat(),
    "3/5/2025": lambda d: f"{d.month}/{d.day}/{d.year}",
    "03/05/2025": lambda d: f"{d:%m/%d/%Y}",
}
date_forms = st.sampled_from(sorted(DATE_FORMS))


def ordinal_suffix(day: int) -> str:
    if day in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


# --- no string makes a parser raise ------------------------------------------------------------

PARSERS = [parse_money, find_money, parse_percent, find_percents, parse_duration, find_durations,
           parse_date, find_dates, parse_number_words, to_float, parse_due_rule, find_due_rules]  # fmt: skip


@FUZZ
@given(text=any_text)
@example(text="$[***]")
@example(text="12.500.000,00.00 EUR")
@example(text="Thirty-One and no/100 Dollars")
@example(text="the ___ day of ___, 20__")
def test_no_string_makes_a_parser_raise(text):
    for parse in PARSERS:
        parse(text)
    parse_date(text, dayfirst=True)
    find_dates(text, dayfirst=True)


@FAST
@given(text=any_text)
def test_what_the_scanners_find_lies_inside_the_text_in_order(text):
    for scan in (find_money, find_percents, find_durations, find_dates):
        spans = [(start, end) for start, end, _ in scan(text)]
        assert all(0 <= start < end <= len(text) for start, end in spans), scan.__name__
        assert spans == sorted(spans), scan.__name__
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), scan.__name__  # no overlap


# --- written amounts read back to themselves ---------------------------------------------------


@FAST
@given(value=cents, form=money_forms)
def test_a_written_amount_reads_back_to_itself(value, form):
    text, currency, said = written_amount(form, value)
    money = parse_money(text)
    assert money is not None, text
    assert (round(money.amount * 100), money.currency, money.text) == (said, currency, text)


@FAST
@given(value=cents, form=money_forms)
def test_an_amount_in_a_sentence_is_found_once_with_its_span(value, form):
    text, currency, said = written_amount(form, value)
    sentence = f"The Client shall pay {text} to the Provider."
    [(start, end, money)] = find_money(sentence)
    assert sentence[start:end] == text
    assert (round(money.amount * 100), money.currency) == (said, currency)


@FAST
@given(tenths=st.integers(min_value=1, max_value=9999),
       scale=st.sampled_from([("million", 10**6), ("M", 10**6), ("billion", 10**9),
                              ("thousand", 10**3), ("k", 10**3)]))  # fmt: skip
def test_an_amount_with_a_scale_word_reads_back_to_itself(tenths, scale):
    word, factor = scale
    space = " " if len(word) > 1 else ""
    text = f"${tenths / 10:g}{space}{word}"
    money = parse_money(f"a fee of {text} per year")
    # To the cent: 32.7 x 1e6 is 32700000.000000004 in floating point.
    assert (round(money.amount * 100), money.currency, money.text) == (tenths * factor * 10,
                                                                       "USD", text)  # fmt: skip


@FAST
@given(n=st.integers(min_value=0, max_value=999_999_999_999))
def test_number_words_read_back_to_their_number(n):
    assert parse_number_words(words(n)) == n
    assert parse_number_words(words(n).title()) == n  # "Twenty-Five Thousand"
    assert parse_number_words(f"{n:,}") == n


@FAST
@given(n=st.integers(min_value=1, max_value=999_999))
def test_an_amount_in_words_and_figures_reads_as_one(n):
    text = f"{words(n).title()} Dollars (${n:,}.00)"
    [(start, end, money)] = find_money(f"pay {text} on signing")
    assert (money.amount, money.currency, start, end) == (n, "USD", 4, 4 + len(text))


@FAST
@given(n=st.integers(min_value=0, max_value=1000), decimals=st.integers(0, 2))
def test_a_percentage_reads_back_to_itself(n, decimals):
    value = n / 10**decimals
    assert parse_percent(f"{value:.{decimals}f}%") == value
    assert parse_percent(f"{words(n)} percent ({n}%)") == n


DURATION_UNIT_WORDS = {"days": "days", "business days": "business_days",
                       "calendar days": "days", "weeks": "weeks", "months": "months",
                       "years": "years"}  # fmt: skip


@FAST
@given(n=st.integers(min_value=2, max_value=9999), unit=st.sampled_from(sorted(DURATION_UNIT_WORDS)))
def test_a_duration_reads_back_to_itself(n, unit):
    expected = Duration(n, DURATION_UNIT_WORDS[unit])
    assert parse_duration(f"{n} {unit}") == expected
    assert parse_duration(f"within {words(n)} ({n}) {unit} after delivery") == expected
    if n < 1000:
        assert parse_duration(f"{words(n)} {unit}") == expected


# --- written dates read back to themselves -----------------------------------------------------


@FAST
@given(day=dates, form=date_forms)
def test_a_written_date_reads_back_to_itself(day, form):
    text = DATE_FORMS[form](day)
    assert parse_date(text) == ParsedDate(day, False, text)


@FAST
@given(day=dates)
def test_day_first_is_a_setting_not_a_guess(day):
    text = f"{day.day}/{day.month}/{day.year}"
    assert parse_date(text, dayfirst=True) == ParsedDate(day, False, text)
    month_first = parse_date(text)
    if day.day <= 12:  # ambiguous: read month first unless told otherwise
        assert month_first.value == date(day.year, day.day, day.month)
    else:  # 15/3/2025 can only be day first
        assert month_first.value == day


@FAST
@given(day=dates, form=date_forms)
def test_a_date_in_a_sentence_is_found_once_with_its_span(day, form):
    text = DATE_FORMS[form](day)
    sentence = f"The Report shall be delivered by {text}, at the latest."
    [(start, end, parsed)] = find_dates(sentence)
    assert (sentence[start:end], parsed.value, parsed.approximate) == (text, day, False)


# --- amounts and dates side by side ------------------------------------------------------------


@FAST
@given(day=dates, date_form=date_forms)
def test_no_amount_is_read_from_a_date(day, date_form):
    text = DATE_FORMS[date_form](day)
    assert find_money(f"due on {text}") == []
    assert parse_money(text) is None
    assert find_percents(text) == [] and find_durations(text) == []


@FAST
@given(value=cents, form=money_forms)
def test_no_date_is_read_from_an_amount(value, form):
    text, _, _ = written_amount(form, value)
    assert find_dates(f"the sum of {text} only") == []
    assert parse_date(text) is None


@FAST
@given(value=cents, money_form=money_forms, day=dates, date_form=date_forms,
       date_first=st.booleans())  # fmt: skip
def test_an_amount_and_a_date_side_by_side_are_each_read_once(value, money_form, day, date_form,
                                                              date_first):  # fmt: skip
    amount, currency, said = written_amount(money_form, value)
    when = DATE_FORMS[date_form](day)
    if date_first:
        sentence = f"On {when}, the Client shall pay {amount}."
    else:
        sentence = f"The Client shall pay {amount} on {when}."
    [(_, _, money)] = find_money(sentence)
    [(_, _, parsed)] = find_dates(sentence)
    assert (round(money.amount * 100), money.currency, money.text) == (said, currency, amount)
    assert (parsed.value, parsed.text) == (day, when)


# --- scanning near the anchors finds what a scan of the whole text finds ----------------------
FILLER = st.sampled_from(["x " * 100, "Section 4.2 applies. ", "\n\n", "(see Schedule B) "])
document = st.lists(st.one_of(contract_text, FILLER, cents.map(lambda c: f"${us_amount(c)}"),
                              dates.map(lambda d: f"{d:%B} {d.day}, {d.year}")),
                    max_size=12).map(" ".join)  # fmt: skip


@FAST
@given(text=document)
def test_the_windowed_scan_finds_what_a_full_scan_finds(text):
    from extractor.nlp import dates as date_module
    from extractor.nlp import numbers

    scans = [
        (numbers.MONEY_RE, numbers.MONEY_ANCHOR, 160, 140),
        (numbers.PERCENT_RE, numbers.PERCENT_ANCHOR, 100, 40),
        (numbers.DURATION_RE, numbers.DURATION_ANCHOR, 80, 20),
        (date_module.DATE_RE, date_module.DATE_ANCHOR, 90, 25),
    ]
    for pattern, anchor, before, after in scans:
        windowed = [m.span() for m in numbers.windowed_finditer(pattern, anchor, text, before,
                                                                after)]  # fmt: skip
        assert windowed == [m.span() for m in pattern.finditer(text)], pattern.pattern[:40]
