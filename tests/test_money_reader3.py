"""Issue 10, round 3: stricter classes where the clause says a rate, a cap or no due, and the
tune part's remaining misses, in general form with other numbers. Each test runs
``contracts extract`` on a real file, as a user does."""

from __future__ import annotations

from tests.conftest import cli_extract_text

HEAD = ("SERVICES AGREEMENT\n\nThis Agreement is made as of March 3, 2025 between Acme Corp. "
        "(\"Client\") and Widget LLC (\"Supplier\").\n\n")  # fmt: skip


def extract_file(tmp_path, text: str, name: str = "agreement.txt") -> dict:
    return cli_extract_text(tmp_path, HEAD + text, name)


def money_class(data: dict, amount: float) -> str:
    return next(m["class"] for m in data["money"] if m["amount"] == amount)


def paid(data: dict) -> list[float]:
    return [m["amount"] for m in data["milestones"] if m.get("amount") is not None]


def test_a_fee_named_like_a_one_off_with_no_due_is_no_milestone(tmp_path):
    """"The Development Fee of $20,000 shall be applied against the initial franchise fee": no
    due is stated, so no payment a tracker can plan; a one-time fee stays one."""
    data = extract_file(tmp_path, (
        "3. Fees. The Development Fee of $20,000 shall be applied against the initial franchise "
        "fee payable under the Franchise Agreement.\n\n4. Set-up. Client shall pay a "
        "one-time set-up fee of $5,000.\n"))
    assert money_class(data, 20_000.0) == "other"
    assert money_class(data, 5_000.0) == "scheduled"
    assert paid(data) == [5_000.0]


def test_caps_and_prices_in_payment_lists_never_become_milestones(tmp_path):
    """A cap after "exceed:", a minimum purchase table and a price list with a payment word in
    its lead-in are terms, not payments; the real milestone payment beside them stays one."""
    data = extract_file(tmp_path, (
        "5. Milestone Payments. Client shall pay Supplier the following milestone payments:\n"
        "(a) upon delivery of the Prototype: $250,000;\n"
        "(b) In no event shall the total Milestone Payments under this Agreement exceed: "
        "$900,000.\n\n"
        "6. Minimum purchases. The payment schedule of minimum purchases is as follows:\n"
        "(a) Upon contract signing $100,000\n\n"
        "7. Price list. Payment due in advance as follows:\n"
        "(a) Retail $1,295 License\n"))
    assert money_class(data, 900_000.0) == "cap"
    assert money_class(data, 100_000.0) != "scheduled"
    assert money_class(data, 1_295.0) != "scheduled"
    assert paid(data) == [250_000.0]


def test_a_payment_named_in_the_terms_of_a_share_option_is_no_milestone(tmp_path):
    """"an option to acquire 22,000 Shares ... on terms which include an upfront payment of
    USD24,000,000": a condition of a grant, not cash this contract pays."""
    data = extract_file(tmp_path, (
        "4. Options. You will be granted an option to acquire 22,000 ordinary shares following the "
        "completion of a transaction on terms which include an upfront payment of USD24,000,000.\n"
        "5. Fee. Client shall pay Supplier an upfront fee of $40,000 within 30 days after the "
        "date of this Agreement.\n"))
    assert money_class(data, 24_000_000.0) == "other"
    assert paid(data) == [40_000.0]


def test_a_minimum_guarantee_the_licensee_pays_each_year_is_a_fee(tmp_path):
    """"shall pay ... a minimum guarantee of $1,250,000 ... each year", increased "after the
    first five (5) years": a recurring fee of five dated payments, not a cap; a sales minimum
    stays a cap."""
    data = extract_file(tmp_path, (
        "5. Fees. Licensee shall pay to Licensor a minimum guarantee of one million two hundred "
        "and fifty thousand dollars ($1,250,000) (the \"Annual Guarantee\") each year during the "
        "Term; provided that after the first five (5) years of the Term, the Annual Guarantee "
        "shall increase by three percent (3%) on a year-over-year basis.\n"
        "6. Sales. Licensee's Net Sales in each year shall be a minimum of $500,000.\n"))
    assert money_class(data, 1_250_000.0) == "recurring"
    assert money_class(data, 500_000.0) == "cap"
    assert paid(data) == [1_250_000.0] * 5


def test_fee_column_header_gives_the_rows_their_period_and_year(tmp_path):
    """A services table whose column header reads "Monthly Fee (USD) – Commencement Date – 2020"
    above rows that state only "$10,000": monthly fees from the Commencement Date its preamble
    defines, to the end of 2020 (eleven from February 4), one series per row; an hourly rate
    in the same table stays a rate."""
    data = extract_file(tmp_path, (
        "Effective February 4, 2020 (the \"Commencement Date\"), Client is separating its business "
        "from Supplier.\n\nEXHIBIT A\nTransition Services\n"
        "Service Name Description of Service Term\nMonthly Fee\n(USD) –\nCommencement\n"
        "Date – 2020\nMonthly\nFee\n(USD) –\n2021\n"
        "A1.1 Hosting Provision of data center hosting. $10,000 TBD\n"
        "A1.2 Email Provision of email services. $2,500 TBD\n"
        "A1.3 Projects Project Manager at $150 / hour\n"))
    assert money_class(data, 10_000.0) == "recurring"
    assert money_class(data, 150.0) == "rate"
    hosting = [m for m in data["milestones"] if m.get("amount") == 10_000.0]
    assert len(hosting) == 11
    assert hosting[0]["due_date"] == "2020-02-04" and hosting[-1]["due_date"] == "2020-12-04"
    assert len([m for m in data["milestones"] if m.get("amount") == 2_500.0]) == 11
    assert 150.0 not in paid(data)


def test_figures_after_the_currency_word_of_an_amount_split_by_a_parenthesis(tmp_path):
    """"Seventy Thousand U.S. (Jan. 1, 1997-Dec. 31, 1997) Dollars (70,000)": the figures in
    parentheses after "Dollars" are the amount, a contract year's fee like the rows around it."""
    data = extract_file(tmp_path, (
        "8. RETAINER FEE. Sponsor shall pay the following Retainer Fee:\n"
        "CONTRACT YEAR RETAINER FEE\n"
        "First (1st) Contract Year Fifty-Five Thousand U.S.\n"
        "(Jan. 1, 2026-Dec. 31, 2026) Dollars ($55,000)\n"
        "Second (2nd) Contract Year Seventy Thousand U.S.\n"
        "(Jan. 1, 2027-Dec. 31, 2027) Dollars (70,000)\n"
        "Said Retainer Fee shall be paid in four (4) equal installments on or before the first "
        "(1st) day of February, May, August and November in each Contract Year.\n"))
    assert money_class(data, 70_000.0) == "recurring"
    assert paid(data).count(17_500.0) == 4


def test_a_guaranteed_minimum_royalty_is_a_fee_not_a_cap(tmp_path):
    """"agrees to guarantee ... a minimum Royalty Compensation of $20,000": the licensee owes it
    whatever the sales, so it is a fee; "royalties in excess of $20,000" stays a threshold."""
    data = extract_file(tmp_path, (
        "11. ROYALTY. Client agrees to guarantee to Supplier a minimum Royalty Compensation of "
        "Twenty Thousand U.S. Dollars ($20,000) in each Contract Year.\n"
        "12. BONUS. Client shall pay a bonus on royalties in excess of $90,000.\n"))
    assert money_class(data, 20_000.0) == "recurring"
    assert money_class(data, 90_000.0) == "cap"


def test_a_down_payment_row_with_no_date_is_due_on_signing(tmp_path):
    """"● $30,000. - down payment." in a schedule: due when the agreement is signed."""
    data = extract_file(tmp_path, (
        "4. Fees. The Client agrees to pay to the Developer $90,000 according to the following "
        "schedule:\n● $30,000. - down payment.\n● $30,000.- mid payment (Week 6).\n"
        "● $30,000.- final payment (Week 12).\n"))
    down = next(m for m in data["milestones"] if m.get("amount") == 30_000.0)
    assert down["due_date"] == "2025-03-03" or (down.get("due_rule") or {}).get("anchor") == "signing"


def test_rows_under_invoice_for_payment_as_follows_are_scheduled_payments(tmp_path):
    """"Supplier shall invoice the Client for payment as follows:" then "On 30 January 2026
    $100,000": each row is a scheduled payment, with its date or event."""
    data = extract_file(tmp_path, (
        "19. Cost and Payment\n19.2. Supplier shall invoice the Client for payment as follows:\n"
        "19.2.1. On 30 January 2026\n$100,000\n"
        "19.2.2. On acceptance of the Specification $150,000\n"))
    assert money_class(data, 100_000.0) == "scheduled"
    assert money_class(data, 150_000.0) == "scheduled"
    assert "2026-01-30" in [m.get("due_date") for m in data["milestones"] if m.get("amount") == 100_000.0]


def test_a_payment_is_no_total_of_later_payments_its_clause_does_not_announce(tmp_path):
    """An upfront payment of $10,000,000 and, a section later, milestone payments of $5,000,000
    each: their sum is the upfront amount by chance, so it stays a payment of its own."""
    data = extract_file(tmp_path, (
        "3. Upfront. Client shall on the Effective Date pay to Supplier a non-refundable amount of "
        "Ten Million United States Dollars (U.S. $10,000,000).\n"
        "4. Reports. Supplier shall report to Client on its work every quarter.\n"
        "5. Milestones. Client shall pay the following milestone payments:\n"
        "(a) upon initiation of the Phase I Study: $5,000,000;\n"
        "(b) upon initiation of the Phase II Study: $5,000,000.\n"))
    assert money_class(data, 10_000_000.0) == "scheduled"
    assert 10_000_000.0 in paid(data)
