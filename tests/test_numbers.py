"""Number words, money, percentages and durations."""

from __future__ import annotations

import pytest

from extractor.nlp.durations import Duration, find_durations, parse_duration
from extractor.nlp.numbers import (
    Money,
    find_money,
    find_percents,
    parse_money,
    parse_number_words,
    parse_percent,
    to_float,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thirty", 30),
        ("Twenty-Five Thousand", 25000),
        ("one hundred and twenty", 120),
        ("ninety", 90),
        ("Two Million Five Hundred Thousand", 2_500_000),
        ("a hundred", 100),
        ("one thousand two hundred thirty-four", 1234),
        ("1,200", 1200),
        ("thirty days", None),
        ("a", None),
        ("", None),
    ],
)
def test_parse_number_words(text, expected):
    assert parse_number_words(text) == expected


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$25,000.00", 25000.0, "USD"),
        ("Twenty-Five Thousand Dollars ($25,000.00)", 25000.0, "USD"),
        ("Twenty-Five Thousand and 00/100 Dollars", 25000.0, "USD"),
        ("five thousand dollars", 5000.0, "USD"),
        ("$25,000 (Twenty-Five Thousand Dollars)", 25000.0, "USD"),
        ("USD 5,000", 5000.0, "USD"),
        ("US$5,000", 5000.0, "USD"),
        ("EUR 12.500,00", 12500.0, "EUR"),
        ("EUR 12.500", 12500.0, "EUR"),
        ("12.500,00 €", 12500.0, "EUR"),
        ("€12,500", 12500.0, "EUR"),
        ("£3,000", 3000.0, "GBP"),
        ("GBP 3,000.50", 3000.5, "GBP"),
        ("$1.2 million", 1_200_000.0, "USD"),
        ("$5M", 5_000_000.0, "USD"),
        ("5,000 dollars", 5000.0, "USD"),
        ("CAD 7,500", 7500.0, "CAD"),
        ("a fee of $ 1,500 per month", 1500.0, "USD"),
        ("$1.500", 1.5, "USD"),
    ],
)
def test_parse_money(text, amount, currency):
    money = parse_money(text)
    assert money is not None
    assert (money.amount, money.currency) == (amount, currency)


@pytest.mark.parametrize("text", ["$[***]", "[***]", "30", "Section 4.2", "1.5%", "", "dollars"])
def test_parse_money_none(text):
    assert parse_money(text) is None


def test_dollar_sign_follows_default_currency():
    assert parse_money("$100", default_currency="CAD") == Money(100.0, "CAD", "$100")
    assert parse_money("$100", default_currency="EUR").currency == "USD"
    assert parse_money("US$100", default_currency="CAD").currency == "USD"


def test_money_text_covers_words_and_digits():
    text = "a fee of Twenty-Five Thousand Dollars ($25,000.00), payable"
    [(start, end, money)] = find_money(text)
    assert text[start:end] == "Twenty-Five Thousand Dollars ($25,000.00)" == money.text


@pytest.mark.parametrize(
    ("digits", "currency", "expected"),
    [
        ("12,500.00", "USD", 12500.0),
        ("12.500,00", "EUR", 12500.0),
        ("12.500", "EUR", 12500.0),
        ("12.500", "USD", 12.5),
        ("1.234.567", "USD", 1234567.0),
        ("12,50", "EUR", 12.5),
        ("1,000,000", "USD", 1_000_000.0),
    ],
)
def test_to_float(digits, currency, expected):
    assert to_float(digits, currency) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5%", 1.5),
        ("1.5 %", 1.5),
        ("ten percent (10%)", 10.0),
        ("10 per cent", 10.0),
        ("one and one-half percent (1.5%)", 1.5),
        ("one and one-half percent", 1.5),
        ("five (5) percent", 5.0),
        ("ten (10%) percent", 10.0),
        ("interest at 18 percent per annum", 18.0),
        ("Section 1.5", None),
        ("100 units", None),
    ],
)
def test_parse_percent(text, expected):
    assert parse_percent(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thirty (30) days", Duration(30, "days")),
        ("ten (10) business days", Duration(10, "business_days")),
        ("30 calendar days", Duration(30, "days")),
        ("three (3) years", Duration(3, "years")),
        ("six months", Duration(6, "months")),
        ("90-day", Duration(90, "days")),
        ("sixty (60)-day notice", Duration(60, "days")),
        ("two weeks", Duration(2, "weeks")),
        ("five working days", Duration(5, "business_days")),
        ("twelve\n(12) months", Duration(12, "months")),
        ("one (1) year", Duration(1, "year"[:4] + "s")),
        ("$30 days", None),
        ("Section 30", None),
        ("1.5 years", None),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


def test_duration_str():
    assert str(Duration(1, "years")) == "1 year"
    assert str(Duration(10, "business_days")) == "10 business days"


def test_find_durations_spans():
    text = "within thirty (30) days after receipt, and a 90-day cure period"
    found = [(text[s:e], d) for s, e, d in find_durations(text)]
    assert found == [("thirty (30) days", Duration(30, "days")), ("90-day", Duration(90, "days"))]


# --- scanning long documents: every amount once, wherever it stands -------------------------
LONG = ("Fee: $1,000 and $2,000. " + "x " * 400 + "Then $3,000, 10% and 30 days. " + "y " * 400
        + "Finally $4,000, 5% and 2 weeks.")  # fmt: skip


def test_every_amount_percentage_and_period_of_a_long_text_is_found_once():
    assert [m.text for _, _, m in find_money(LONG)] == ["$1,000", "$2,000", "$3,000", "$4,000"]
    assert [value for _, _, value in find_percents(LONG)] == [10.0, 5.0]
    assert [str(d) for _, _, d in find_durations(LONG)] == ["30 days", "2 weeks"]


def test_an_amount_at_the_very_start_of_the_text_is_found():
    assert find_money("$5,000 on signing") == [(0, 6, Money(5000.0, "USD", "$5,000"))]
    assert find_percents("5% now") == [(0, 2, 5.0)]
    assert find_durations("30 days later") == [(0, 7, Duration(30, "days"))]


# --- currencies, words and figures ----------------------------------------------------------
def test_a_bare_dollar_sign_takes_the_contracts_dollar():
    assert find_money("pay $5 now", "CAD") == [(4, 6, Money(5.0, "CAD", "$5"))]
    assert parse_money("100 dollars", "CAD") == Money(100.0, "CAD", "100 dollars")
    assert parse_money("Ten Dollars ($10)", "CAD").currency == "CAD"
    assert parse_money("Ten Dollars", "CAD").currency == "CAD"
    assert parse_money("US $ 100", "EUR") == Money(100.0, "USD", "US $ 100")


def test_words_and_figures_together():
    assert parse_money("Twenty-Five Thousand and 50/100 Dollars") == Money(
        25000.5, "USD", "Twenty-Five Thousand and 50/100 Dollars")  # fmt: skip
    assert parse_money("One Million Five Hundred Thousand Dollars (US$1.5 million)").amount == (
        1_500_000.0)
    # The figures win when the two disagree (the words are the typist's, the figures checked).
    assert parse_money("Ten Thousand Dollars ($12,000)").amount == 12000.0
    assert parse_money("Twelve Thousand Five Hundred Euros (€12.500)") == Money(
        12500.0, "EUR", "Twelve Thousand Five Hundred Euros (€12.500)")  # fmt: skip
    assert parse_money("12.500 euros") == Money(12500.0, "EUR", "12.500 euros")


@pytest.mark.parametrize(
    "text, value",
    [("a thousand and five", 1005), ("hundred thousand", 100_000), ("a", None),
     ("a dollar", None), ("thousand", 1000)],
)  # fmt: skip
def test_number_words_with_a_and_bare_scales(text, value):
    assert parse_number_words(text) == value


@pytest.mark.parametrize(
    "digits, currency, value",
    [
        ("12\u00a0500,00", "", 12500.0),  # no-break space thousands (French)
        ("12\u202f500,00", "", 12500.0),  # narrow no-break space
        ("12 500,00", "", 12500.0),
        ("12,5", "", 12.5),  # a decimal comma with one digit
        (",50", "", 0.5),
        ("1234.567", "EUR", 1234.567),  # four digits before the dot: not thousands
        ("1.234", "EUR", 1234.0),
        ("1.234", "USD", 1.234),
        ("1,234.567,89", "", None),  # separators mixed: not an amount
        ("1.234,567.89", "", None),
    ],
)
def test_to_float_reads_the_separators_of_each_convention(digits, currency, value):
    assert to_float(digits, currency) == value


def test_a_period_in_units_we_do_not_count_is_no_duration():
    assert parse_duration("two calendar weeks") is None


def test_an_archaic_an_before_hundred():
    assert parse_number_words("an hundred") == 100  # "an hundred pounds", old drafting
