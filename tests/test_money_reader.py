"""Issue 10: every amount of money read and classified; payment schedules beyond the fixtures.

The texts are the kinds of clauses the issue lists, in general form with other numbers.
"""

from __future__ import annotations

from datetime import date

import pytest

from extractor.nlp.numbers import find_money
from extractor.nlp.pipeline import extract
from models import Contract, MoneyMention
from tests.conftest import make_document


def contract_of(text: str) -> Contract:
    return extract(make_document(text))


def payments(contract: Contract) -> list[tuple]:
    """(amount, currency, due date, rule key, series) of each payment milestone, in order."""
    out = []
    for m in contract.milestones:
        if m.amount is None:
            continue
        rule = m.due_rule
        key = (rule.offset, rule.unit, rule.direction, rule.anchor) if rule else None
        out.append((m.amount, m.currency, m.due_date, key, m.series))
    return out


def classes(contract: Contract) -> list[tuple[str, float]]:
    return [(m.kind, m.amount) for m in contract.money]


# --- amounts as written --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("$2.25M", 2_250_000.0, "USD"),
        ("US$450,000", 450_000.0, "USD"),
        ("CHF 1'200'000", 1_200_000.0, "CHF"),
        ("EUR 24.750,00", 24_750.0, "EUR"),
        ("£7,400 (seven thousand four hundred pounds)", 7_400.0, "GBP"),
        ("$.42 per account per month", 0.42, "USD"),
        ("USD370,000 per annum", 370_000.0, "USD"),
        ("USD$6.745.000", 6_745_000.0, "USD"),
        ("$250,000,00 cash compensation", 250_000.0, "USD"),
    ],
)
def test_amount_formats_of_the_issue(text, amount, currency):
    (_, _, money), *_ = find_money(text)
    assert (money.amount, money.currency) == (amount, currency)


def test_a_year_before_a_currency_column_is_no_amount():
    """"15 April 2025 EUR 12.500,00": the year is no "2025 EUR"."""
    assert [m.amount for _, _, m in find_money("15 April 2025 EUR 12.500,00")] == [12_500.0]


def test_amount_in_words_and_figures_is_one_mention():
    contract = contract_of("Client shall pay Fifteen thousand dollars ($ 15,000USD) on or before "
                           "July 1, 2011.")  # fmt: skip
    assert classes(contract) == [("scheduled", 15_000.0)]


def test_bare_dollar_follows_a_dollar_code_the_contract_uses():
    text = ("Support is charged at a rate of $55 CAD per hour. Managed hosting fees are $175 per "
            "month for a period of 12 months.")  # fmt: skip
    assert {m.currency for m in contract_of(text).money} == {"CAD"}


# --- classes -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fees shall not exceed $5,000 in any month.", "cap"),
        ("Consultant shall be paid $150 per hour.", "rate"),
        ("Hosting costs $.42 per account per month.", "rate"),
        ("Provider's liability is limited to $1,000,000.", "cap"),
        ("Consultant shall maintain insurance of $2,000,000 per occurrence.", "cap"),
        ("Late delivery incurs liquidated damages of $500 per day.", "other"),
        ("The Company shall pay a monthly retainer of $4,000.", "recurring"),
        (("Licensee shall pay an upfront fee of $450,000 within fifteen (15) days after the "
         "Effective Date."), "scheduled"),
        ("The Investor shall purchase 100,000 shares at $10.00 per share.", "other"),
    ],
)  # fmt: skip
def test_money_class_from_the_clause(text, expected):
    (mention,) = contract_of(text).money
    assert mention.kind == expected


def test_rates_and_caps_never_become_milestones():
    text = ("The fees shall not exceed $5,000 in any month. Consultant shall be paid $150 per hour. "
            "Liability is limited to $1,000,000. Late delivery incurs liquidated damages of $500 "
            "per day.")  # fmt: skip
    assert payments(contract_of(text)) == []


def test_money_mentions_are_in_the_json_with_their_class():
    data = contract_of("Licensee shall pay an upfront fee of $450,000 within fifteen (15) days "
                       "after the Effective Date.").to_dict()  # fmt: skip
    (mention,) = data["money"]
    assert (mention["class"], mention["amount"], mention["due_rule"]["offset"]) == (
        "scheduled", 450_000.0, 15)  # fmt: skip
    assert Contract.from_dict(data).money[0] == MoneyMention.from_dict(mention, data["file"])


# --- schedules -----------------------------------------------------------------------------
def test_lettered_schedule_with_short_amounts():
    text = ("This Agreement is effective as of January 4, 2021. The License Fee shall be paid as "
            "follows: (i) Within fifteen (15) days of signing: $2.25M; (ii) March 1, 2021: $2.25M; "
            "(iii) September 1, 2021: $2.25M.")  # fmt: skip
    got = payments(contract_of(text))
    assert [(a, d) for a, _, d, _, _ in got] == [
        (2_250_000.0, date(2021, 1, 19)), (2_250_000.0, date(2021, 3, 1)),
        (2_250_000.0, date(2021, 9, 1))]  # fmt: skip


def test_fees_per_contract_year_in_quarterly_instalments():
    text = ('This Agreement is effective as of July 1, 2019 (the "Effective Date") and continues '
            "for four years. The annual fee is as follows:\nYear 1 (2019/20): $150,000\n"
            "Year 2 (2020/21): $154,500\nYear 3 (2021/22): $159,100\nYear 4 (2022/23): $163,900\n"
            "The annual fee for each Contract Year is payable in four (4) equal instalments on "
            "the first day of each calendar quarter.")  # fmt: skip
    got = payments(contract_of(text))
    assert len(got) == 16
    assert got[:4] == [(37_500.0, "USD", date(y, m, 1), None, "Annual fee year 1")
                       for y, m in ((2019, 7), (2019, 10), (2020, 1), (2020, 4))]  # fmt: skip
    assert got[-1][:3] == (40_975.0, "USD", date(2023, 4, 1))


def test_half_of_the_annual_fee_on_two_dates_of_each_contract_year():
    text = ('This Agreement is effective as of June 1, 2020 (the "Effective Date").\n'
            "Contract Year 1: $200,000\nContract Year 2: $220,000\n"
            "One-half of the annual fee is due on or before March 1 and September 1 of each "
            "Contract Year.")  # fmt: skip
    got = payments(contract_of(text))
    assert [(a, d) for a, _, d, _, _ in got] == [
        (100_000.0, date(2020, 9, 1)), (100_000.0, date(2021, 3, 1)),
        (110_000.0, date(2021, 9, 1)), (110_000.0, date(2022, 3, 1))]  # fmt: skip


def test_counted_monthly_series_and_a_later_rate():
    text = ('This Agreement is effective as of March 1, 2024 (the "Start Date"). Client shall pay '
            "Consultant $18,000 per month for each of the first three (3) months after the Start "
            "Date, the first due thirty days after the Start Date, and $7,500 per month for months "
            "four through six.")  # fmt: skip
    got = payments(contract_of(text))
    assert [(a, d) for a, _, d, _, _ in got] == [
        (18_000.0, date(2024, 3, 31)), (18_000.0, date(2024, 4, 30)), (18_000.0, date(2024, 5, 31)),
        (7_500.0, date(2024, 6, 1)), (7_500.0, date(2024, 7, 1)), (7_500.0, date(2024, 8, 1))]  # fmt: skip
    assert len({s for *_, s in got}) == 2  # two series, each grouped


def test_fixed_monthly_charge_runs_for_the_term_and_is_marked_for_review():
    text = ("This Agreement commences on 1 April 2025 and continues for twelve (12) months. The "
            "Customer shall pay the Supplier a fixed monthly charge of £14,300.")  # fmt: skip
    contract = contract_of(text)
    series = [m for m in contract.milestones if m.series]
    assert len(series) == 12 and {m.amount for m in series} == {14_300.0}
    assert series[0].due_date == date(2025, 4, 1) and series[-1].due_date == date(2026, 3, 1)
    assert all(m.needs_review for m in series)  # the count comes from the term, not the clause


def test_open_ended_fee_is_a_term_not_milestones():
    contract = contract_of("Licensee shall pay a royalty of $2.00 per unit sold and a monthly "
                           "hosting fee of $900 until terminated by either party.")  # fmt: skip
    assert payments(contract) == []
    assert ("recurring", 900.0) in classes(contract)


def test_percent_instalments_take_their_amount_from_the_price():
    text = ("The Contract Price is EUR 98.500,00. The Buyer shall pay: 40 % advance payment within "
            "10 days of the order; 50 % within 30 days after factory acceptance; 10 % after site "
            "acceptance: EUR 9.850,00.")  # fmt: skip
    got = [(m.amount, m.percent) for m in contract_of(text).milestones if m.percent]
    assert got == [(39_400.0, 40.0), (49_250.0, 50.0), (9_850.0, 10.0)]


def test_milestone_payments_take_the_general_payment_rule():
    text = ("Licensee shall make the following milestone payments, each payable within sixty (60) "
            "days after the milestone event occurs:\n(a) upon first patient dosed in a Phase II "
            "trial: US$750,000;\n(b) upon FDA approval: US$5,000,000.")  # fmt: skip
    got = payments(contract_of(text))
    assert [(a, rule[:3]) for a, _, _, rule, _ in got] == [
        (750_000.0, (60, "days", "after")), (5_000_000.0, (60, "days", "after"))]  # fmt: skip


def test_deliverable_list_of_a_sow():
    text = ("Deliverables:\n1. Discovery report. Due: June 2, 2025 — Fee: $12,400.\n"
            "2. Final report. Due: July 14, 2025 — Fee: $18,600.")  # fmt: skip
    got = payments(contract_of(text))
    assert [(a, d) for a, _, d, _, _ in got] == [(12_400.0, date(2025, 6, 2)),
                                                 (18_600.0, date(2025, 7, 14))]  # fmt: skip


def test_total_stated_apart_from_its_instalments_is_no_payment():
    text = ("Client shall pay a one-time transition fee of $12,000.00 in two equal installments: "
            "(i) $6,000.00 on the Effective Date; and (ii) $6,000.00 upon completion of the "
            "transition.")  # fmt: skip
    contract = contract_of(text)
    assert classes(contract)[0] == ("other", 12_000.0)
    assert [a for a, *_ in payments(contract)] == [6_000.0, 6_000.0]


def test_instalments_that_do_not_add_up_to_the_total_are_warned_about():
    text = ('The Contract Price is $100,000 (the "Contract Price"), payable as follows: (a) $40,000 '
            "on March 1, 2025; (b) $50,000 on June 1, 2025.")  # fmt: skip
    warnings = contract_of(text).warnings
    assert ("the payment milestones add up to USD 90,000.00 but the stated total is USD "
            "100,000.00") in warnings
