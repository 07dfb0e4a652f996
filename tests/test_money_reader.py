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


# --- round 2: the tune part's biggest misses, in general form ------------------------------
def _extract_file(tmp_path, text: str) -> dict:
    """``contracts extract`` on a real file, as a user runs it."""
    import json

    from click.testing import CliRunner

    from tracker.cli import cli

    path = tmp_path / "services.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_term_column_before_a_monthly_fee_counts_its_instalments(tmp_path):
    """A service table row "12 months from the Commencement Date $1,630 per month": twelve
    monthly payments from the start, one series."""
    data = _extract_file(tmp_path, (
        "TRANSITION SERVICES AGREEMENT\n\nThis Agreement is made as of February 4, 2020 (the "
        "\"Effective Date\") between Parent Inc. and Spinco Inc.\n\nSCHEDULE A - SERVICES\n"
        "Service Name Description of Service Term Fee (USD)\n"
        "G8.6 General Services - Real Estate Support of lease administration and facility issues. "
        "12 months from the Commencement Date $1,630 per month\n"))  # fmt: skip
    fees = [m for m in data["milestones"] if m.get("amount") == 1630.0]
    assert len(fees) == 12
    assert len({m["series"] for m in fees}) == 1
    assert fees[0]["due_date"] == "2020-02-04" and fees[-1]["due_date"] == "2021-01-04"


def test_fee_paid_early_in_the_following_month_is_due_that_day(tmp_path):
    """"Commencing on 20 August 2020 ... $8,500 per calendar month ... paid within the first five
    days of the following calendar month": each month's fee falls on the 5th of the month after
    its period ends."""
    data = _extract_file(tmp_path, (
        "CONSULTING AGREEMENT\n\nThis Agreement is made as of August 1, 2020 between Widget Corp. "
        "(the \"Company\") and Jane Roe (the \"Consultant\").\n\n1. Term. This Agreement has a term "
        "of one (1) year.\n\n2. Compensation. Commencing on 20 August 2020, the Company shall pay "
        "the Consultant a fee of $8,500 per calendar month for twelve (12) months. Monthly payments "
        "of the fee shall be paid within the first five days of the following calendar month.\n"))  # fmt: skip
    dues = [m["due_date"] for m in data["milestones"] if m.get("amount") == 8500.0]
    assert dues[:3] == ["2020-10-05", "2020-11-05", "2020-12-05"]
    assert len(dues) == 12


def test_annual_fee_split_into_dated_halves_for_each_year_of_the_stated_term(tmp_path):
    """The key dates read no term, but the term clause says ten Contract Years; the annual fee is
    "payable in two (2) equal semiannual installments ... on or before March 1 and September 1
    of each Contract Year; with the first installment due on March 1, 2014"."""
    data = _extract_file(tmp_path, (
        "SPONSORSHIP AGREEMENT\n\nThis Agreement is entered into as of June 13, 2012 (the "
        "\"Effective Date\") by Stadium Co. and Sponsor Inc.\n\n2. Term. This Agreement shall "
        "commence on the Effective Date and shall continue for ten (10) Contract Years, unless "
        "terminated earlier.\n\n5. Sponsorship Fee.\n(a) Fee. Sponsor shall pay an annual fee (the "
        "\"Sponsorship Fee\") during each Contract Year of the Term. The Sponsorship Fee shall be "
        "four-million U.S. Dollars (USD $4,000,000.00) during each Contract Year.\n(c) Payment "
        "Schedule. The Sponsorship Fee shall be payable in two (2) equal semiannual installments per "
        "year on or before March 1 and September 1 of each Contract Year; with the first "
        "installment due on March 1, 2014.\n"))  # fmt: skip
    got = [(m["amount"], m["due_date"]) for m in data["milestones"] if m.get("amount")]
    assert len(got) == 20
    assert got[:3] == [(2_000_000.0, "2014-03-01"), (2_000_000.0, "2014-09-01"), (2_000_000.0, "2015-03-01")]
    assert got[-1] == (2_000_000.0, "2023-09-01")
    assert not [m for m in data["milestones"] if m.get("amount") == 4_000_000.0]


def test_monthly_fee_for_the_duration_of_a_one_year_engagement(tmp_path):
    data = _extract_file(tmp_path, (
        "ENDORSEMENT AGREEMENT\n\nThis Agreement is made as of November 1, 2003 by and between Pat "
        "Star (\"CELEBRITY\") and Shop Corp. (the \"COMPANY\").\n\n1. ENGAGEMENT\nThe COMPANY agrees "
        "to a one year engagement to contract the CELEBRITY to speak at the company meetings.\n\n"
        "2. TERMS FOR THE COMPANY\n(i) CELEBRITY will receive $6,000 per month for entire duration "
        "of the agreement.\n"))  # fmt: skip
    dues = [m["due_date"] for m in data["milestones"] if m.get("amount") == 6000.0]
    assert len(dues) == 12 and dues[0] == "2003-11-01" and dues[-1] == "2004-10-01"


def test_fees_per_contract_year_listed_on_one_line_take_their_own_year(tmp_path):
    data = _extract_file(tmp_path, (
        "LICENSE AGREEMENT\n\nThis License Agreement is made as of March 1, 2020 (the \"Effective "
        "Date\") between Pharma AG and Bio Inc.\n\n3. Annual Fee. The annual license fee for each "
        "Contract Year shall be as follows: Year 1 (2020/21): $150,000; Year 2: $155,000; Year 3: "
        "$160,000. The annual fee shall be paid in four (4) equal instalments on the first day of "
        "each calendar quarter.\n"))  # fmt: skip
    got = [(m["amount"], m["due_date"][:4]) for m in data["milestones"] if m.get("amount")]
    assert len(got) == 12
    assert {a for a, _ in got} == {37_500.0, 38_750.0, 40_000.0}
    assert [y for a, y in got if a == 40_000.0] == ["2022"] * 4


def test_equal_instalments_of_an_amount_on_listed_dates(tmp_path):
    data = _extract_file(tmp_path, (
        "PROMOTION AGREEMENT\n\nThis Agreement is made as of July 2, 2009 between Charity Co. and "
        "Sponsor Inc.\n\nThe Fee shall be payable to Charity Co. in two equal installments of "
        "$58,802.80 (plus applicable taxes) due to Charity Co. on October 1, 2009 and November 1, "
        "2009, respectively payable upon receipt of invoice.\n"))  # fmt: skip
    got = [(m["amount"], m["due_date"]) for m in data["milestones"] if m.get("amount")]
    assert got == [(58_802.8, "2009-10-01"), (58_802.8, "2009-11-01")]
    assert [m["class"] for m in data["money"]] == ["scheduled"]


def test_quarterly_payments_on_a_day_of_each_calendar_quarter(tmp_path):
    """The due day is stated in the next sentence, which names no fee but the payments."""
    data = _extract_file(tmp_path, (
        "ENDORSEMENT AGREEMENT\n\nThis Agreement is made as of November 1, 2017 between Water Inc. "
        "(\"Company\") and Players Assoc. (\"NFLA\").\n\nB. A one-time $10,000 (Ten Thousand Dollars) "
        "promotional fee payable to NFLA. The $10,000 promotional fee shall be payable in four (4) "
        "quarterly payments beginning in 2018: Q1 ($2500); Q2 ($2500); Q3 ($2500); Q4 ($2500). Each "
        "payment shall be delivered by no later than the 10th day of the first month of each "
        "quarter.\n"))  # fmt: skip
    dues = [m["due_date"] for m in data["milestones"] if m.get("amount") == 2500.0]
    assert dues == ["2018-01-10", "2018-04-10", "2018-07-10", "2018-10-10"]
    assert not [m for m in data["milestones"] if m.get("amount") == 10_000.0]  # their total


@pytest.mark.parametrize(
    ("text", "amount", "expected"),
    [
        (("Under the program the Initial Fee for the first restaurant developed would be $40,000, "
         "payable on signing of the franchise agreement."), 40_000.0, "other"),
        (("A total of seven hundred thousand ($700,000) dollars shall be paid by Reseller in quarterly "
         "instalments of $175,000 on each of March 1, June 1, September 1 and December 1, 2005."),
         700_000.0, "other"),
    ],
)  # fmt: skip
def test_hypothetical_prices_and_totals_before_their_parts_are_no_payments(text, amount, expected):
    contract = contract_of('This Agreement is made as of January 1, 2005.\n' + text)
    assert {m.amount: m.kind for m in contract.money}[amount] == expected
    assert amount not in [m.amount for m in contract.milestones]


def test_two_shares_of_the_price_in_one_sentence_are_two_payments(tmp_path):
    """"50% upon signing ... and 50% upon delivery": both shares, each with its amount from the
    price stated in prose ("The price of the Goods is $100,000")."""
    data = _extract_file(tmp_path, (
        "PURCHASE AGREEMENT\n\nThis Purchase Agreement is made as of March 3, 2025 between Acme "
        "Corp. (\"Buyer\") and Widget LLC (\"Seller\").\n\nThe price of the Goods is $100,000. "
        "Buyer shall pay 50% upon signing of this Agreement and 50% upon delivery of the Goods.\n"))
    assert data["total_value"] == 100000.0
    shares = [(m["percent"], m["amount"], m.get("due_date"), (m.get("due_rule") or {}).get("anchor"))
              for m in data["milestones"] if m.get("percent")]
    assert shares == [(50.0, 50000.0, "2025-03-03", None), (50.0, 50000.0, None, "delivery")]


def test_shares_that_add_up_to_more_than_the_price_stay_one_clause(tmp_path):
    """Two percents that are not a split of the price (a discount after a share) are not cut."""
    data = _extract_file(tmp_path, (
        "SERVICES AGREEMENT\n\nThis Agreement is made as of March 3, 2025 between Acme Corp. and "
        "Widget LLC.\n\nThe price of the Services is $100,000. Client shall pay 80% upon signing "
        "and 40% upon delivery.\n"))
    assert len([m for m in data["milestones"] if m.get("percent")]) == 1
