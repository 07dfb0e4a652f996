"""Payment terms through the real pipeline: total value, Net-N, late fees, retainage, recurring
fees, deposits, schedule tables, and the money that is none of these."""

from __future__ import annotations

import hashlib

import pytest

from extractor.pipeline import extract
from extractor.tables import header_columns, read_table
from models import Document, Page, Table
from tests.conftest import make_document


def terms_of(text: str) -> dict:
    return extract(make_document(text)).payment_terms_summary()


def table_document(lead: str, rows: list[tuple[str, ...]], tail: str = "") -> Document:
    """A one-page document whose table is also written into the text, as the loaders do."""
    lines = [" | ".join(row) for row in rows]
    text = "\n".join([lead, *lines, tail])
    return Document(
        path="table.docx",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        format="docx",
        pages=(Page(1, text, tables=(Table(rows=tuple(rows), page=1),)),),
    )


# --- total contract value ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        (("The total fees under SOW No. 1 shall not exceed One Hundred Twenty Thousand Dollars "
         "($120,000.00)."), 120000.0, "USD"),
        (('Owner shall pay Contractor the sum of Eight Hundred Forty Thousand Dollars '
         '($840,000.00) (the "Contract Price").'), 840000.0, "USD"),
        ('Licensee shall pay a one-time license fee of USD 240,000 (the "License Fee").',
         240000.0, "USD"),
        ("5.1 Total contract value for the Initial Term: USD 81,500.", 81500.0, "USD"),
        ("The total charges under this agreement shall not exceed £40,500 excluding VAT.",
         40500.0, "GBP"),
        (('The Employer shall pay the Contractor the sum of £485,000 (four hundred and '
         'eighty-five thousand pounds) exclusive of VAT (the "Contract Sum").'), 485000.0, "GBP"),
        (("3.1 The Sponsor shall pay the Research Provider a research fee of EUR 50.000,00, plus "
         "VAT where applicable, in the following instalments:"), 50000.0, "EUR"),
        ("The total cost for the development of the project is $ 480,000.", 480000.0, "USD"),
    ],
)  # fmt: skip
def test_total_value(text, amount, currency):
    contract = extract(make_document(text))
    assert contract.total_value == amount
    assert contract.currency == currency
    total = next(t for t in contract.payment_terms if t.kind == "total_value")
    assert total.evidence.page == 1 and total.evidence.text


@pytest.mark.parametrize(
    "text",
    [
        ("Contractor shall maintain commercial general liability insurance of $2,000,000 per "
        "occurrence and $4,000,000 in the aggregate."),
        "Neither party's aggregate liability shall exceed $500,000.",
        ("The fee for the Services shall not exceed $7000 for additional journals, $2000 "
        "maintenance fee on existing journals and $2000 per Gigabyte."),
        ("If the contract is extended, it will likely be at a reduced level of effort and not to "
        "exceed $1.4 million."),
        "Notices shall be sent to 1800 Mission Road, Sacramento, California 95814.",
        "Licensee shall pay royalties of five percent (5%) of Net Sales.",
    ],
)
def test_no_total_value_from_caps_and_distractors(text):
    assert extract(make_document(text)).total_value is None


# --- Net-N, late fees, retainage -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Invoices are payable net thirty (30) days from receipt of invoice.", 30),
        ("Invoices are due net 30 from receipt of invoice.", 30),
        ("All invoices are payable within forty-five (45) days of the invoice date.", 45),
        ("The Customer shall pay each valid invoice within thirty (30) days of receipt.", 30),
        (("Each stage payment is payable within fourteen (14) days of receipt of the "
         "Contractor's valid VAT invoice."), 14),
        (("Owner shall pay each approved Application for Payment within twenty (20) days after "
         "receipt, less retainage."), 20),
        (("ExxonMobil agrees to pay FCE the amount of each invoice under this Agreement within "
         "thirty (30) days following ExxonMobil's receipt."), 30),
        ("Payment terms are net 30 days after the date of the invoice.", 30),
    ],
)  # fmt: skip
def test_net_days(text, days):
    assert terms_of(text)["net_days"] == days


@pytest.mark.parametrize(
    "text",
    [
        ("Invoices shall be delivered to the invoiced Party within three (3) days of the date of "
        "invoicing."),
        "$ 115,250.00 Net thirty (30) days from the Effective Date of this Agreement.",
        "Either party may terminate this Agreement on thirty (30) days written notice.",
    ],
)
def test_no_net_days(text):
    assert terms_of(text)["net_days"] is None


@pytest.mark.parametrize(
    ("text", "late_fee"),
    [
        (("Late payments bear interest at the lesser of 1.5% per month or the maximum rate "
         "permitted by law."), "1.5% per month"),
        (("Overdue payments shall accrue a late payment charge at the lesser of one and one half "
         "percent (1 1/2%) per month or the maximum rate allowed under applicable law."),
         "1.5% per month"),
        (("Amounts not paid when due bear interest at the rate of twelve percent (12%) per "
         "annum."), "12% per annum"),
        (("Any amount not paid when due incurs a late charge of five percent (5%) of the overdue "
         "amount."), "5% of the overdue amount"),
        (("If the Customer fails to pay any amount by the due date, it shall pay interest on the "
         "overdue amount at 4% per annum above the Bank of England's base rate."), "4% per annum"),
        ("Interest on late payment by either party shall be charged at 2% above base rate.",
         "2% above base rate"),
        (("Past due payments shall bear interest at the rate of (i) one and one-half percent "
         "(1-1/2%) per month, or (ii) the maximum rate permissible under law."), "1.5% per month"),
    ],
)  # fmt: skip
def test_late_fee(text, late_fee):
    assert terms_of(text)["late_fee"] == late_fee


def test_retainage():
    text = "Owner shall retain ten percent (10%) of each progress payment until final completion."
    assert terms_of(text)["retainage_percent"] == 10.0


def test_no_retainage_from_record_keeping():
    text = "Contractor shall retain all records for 10% longer than required by law."
    assert terms_of(text)["retainage_percent"] is None


# --- recurring fees and deposits -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "amount", "period"),
    [
        ("The Customer shall pay the Supplier a fixed monthly fee of £3,000 (exclusive of VAT).",
         3000.0, "monthly"),
        (("Client shall pay a service fee of Eighteen Thousand Dollars ($18,000.00) per calendar "
         "quarter, payable in advance."), 18000.0, "quarterly"),
        (("Licensee shall pay an annual maintenance and support fee of USD 36,000, payable "
         "annually in advance."), 36000.0, "annual"),
    ],
)  # fmt: skip
def test_recurring_fee(text, amount, period):
    recurring = terms_of(text)["recurring"]
    assert [(r["amount"], r["period"]) for r in recurring] == [(amount, period)]


@pytest.mark.parametrize(
    "text",
    [
        "TANF is a block grant that provides $16.6 billion annually to states.",
        "The Company shall reimburse pre-approved travel expenses of up to $2,500 per month.",
        "Liquidated damages of $2,500 per week of delay.",
    ],
)
def test_no_recurring_fee(text):
    assert terms_of(text)["recurring"] == []


def test_first_recurring_payment_is_a_milestone():
    text = (
        "Licensee shall pay an annual maintenance and support fee of USD 36,000, payable annually "
        "in advance beginning on the first anniversary of the Effective Date, June 2, 2026."
    )
    milestones = extract(make_document(text)).milestones
    assert [(m.name, m.kind, str(m.due_date), m.amount) for m in milestones] == [
        ("First annual payment", "payment", "2026-06-02", 36000.0)
    ]


def test_deposit():
    text = (
        "Client shall pay the Total Fee as follows: (a) a non-refundable deposit of Twenty-Five "
        "Thousand Dollars ($25,000.00) upon execution of this Agreement; and (b) the remaining "
        "balance of $42,500.00 no later than June 30, 2025."
    )
    terms = extract(make_document(text)).payment_terms
    deposit = next(t for t in terms if t.kind == "deposit")
    assert deposit.amount == 25000.0


# --- schedule tables -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "roles"),
    [
        (("Milestone", "Deliverable", "Due Date", "Amount", "%"),
         {"name": 0, "description": 1, "due": 2, "amount": 3, "percent": 4}),
        (("No.", "Milestone", "Due", "Payment"), {"name": 1, "due": 2, "amount": 3}),
        (("Stage", "Description", "Date", "% of Contract Sum", "Amount"),
         {"name": 0, "description": 1, "due": 2, "percent": 3, "amount": 4}),
        (("Service", "Fee", "Billing"), {"name": 0, "amount": 1, "due": 2}),
        (("Instalment", "Trigger", "Due", "Amount"),
         {"name": 0, "description": 1, "due": 2, "amount": 3}),
    ],
)  # fmt: skip
def test_header_columns(header, roles):
    assert header_columns(header) == roles


@pytest.mark.parametrize(
    "header",
    [
        ("Coverage", "Limit"),
        ("Name", "Address", "Email"),
        ("Annual Net Sales", "Royalty Rate"),
        ("Party", "Signature", "Date"),
    ],
)
def test_tables_that_are_not_schedules(header):
    assert header_columns(header) is None


def test_table_schedule_with_total_row():
    rows = [
        ("Milestone", "Due Date", "% of fees", "Amount"),
        ("Contract signing", "March 3, 2025", "20%", "$24,000.00"),
        ("Project kick-off", "March 17, 2025", "20%", "$24,000.00"),
        ("Delivery of Phase 1", "April 30, 2025", "30%", "$36,000.00"),
        ("Final payment", "Within thirty (30) days after Client's written acceptance", "30%",
         "$36,000.00"),
        ("Total", "", "100%", "$120,000.00"),
    ]  # fmt: skip
    contract = extract(table_document("3. Fees and Payment Schedule.", rows))
    assert contract.total_value == 120000.0
    got = [(m.name, m.kind, m.amount, m.percent) for m in contract.milestones]
    assert got == [
        ("Contract signing", "signing", 24000.0, 20.0),
        ("Project kick-off", "kickoff", 24000.0, 20.0),
        ("Delivery of Phase 1", "deliverable", 36000.0, 30.0),
        ("Final payment", "payment", 36000.0, 30.0),
    ]
    final = contract.milestones[-1]
    assert (final.due_rule.offset, final.due_rule.anchor) == (30, "acceptance")
    assert final.evidence.text.startswith("Final payment | Within thirty")
    assert all(m.confidence >= 0.85 for m in contract.milestones)


def test_table_rows_are_not_counted_twice():
    rows = [
        ("Phase", "Deliverable", "Due date", "Fee"),
        ("1", "Discovery and brand audit", "March 14, 2025", "$13,000.00"),
        ("2", "Campaign launch", "June 16, 2025", "$13,000.00"),
    ]
    contract = extract(table_document("4.1 Client shall pay the fees as follows:", rows))
    assert [m.name for m in contract.milestones] == ["Discovery and brand audit", "Campaign launch"]
    assert [m.kind for m in contract.milestones] == ["deliverable", "deliverable"]


def test_table_percent_resolves_to_amount_with_missing_amount_column():
    rows = [
        ("Milestone", "Due", "%"),
        ("Upon signing", "", "40%"),
        ("Delivery of the Software", "July 31, 2025", "60%"),
    ]
    text = 'The Contract Price is $50,000 (the "Contract Price").'
    contract = extract(table_document(text, rows))
    got = [(m.percent, m.amount) for m in contract.milestones]
    assert got == [(40.0, 20000.0), (60.0, 30000.0)]


def test_fee_table_rows_priced_per_period_are_recurring_fees():
    rows = [
        ("Service", "Fee", "Billing"),
        ("Premium Support", "$4,500.00 per month", "Monthly in advance"),
        ("Onboarding and system audit (one-time)", "$7,500.00",
         "Within fifteen (15) days after the Effective Date"),
        ("Additional hours", "$175.00 per hour", "Monthly in arrears"),
    ]  # fmt: skip
    contract = extract(table_document("4.1 Customer shall pay the following fees:", rows))
    summary = contract.payment_terms_summary()
    assert summary["recurring"] == [{"amount": 4500.0, "currency": "USD", "period": "monthly"}]
    assert [(m.name, m.kind, m.amount) for m in contract.milestones] == [
        ("Onboarding and system audit (one-time)", "payment", 7500.0)
    ]


def test_read_table_skips_repeated_header_and_blank_rows():
    table = Table(
        rows=(
            ("Milestone", "Amount"),
            ("Design", "$1,000"),
            ("", ""),
            ("Milestone", "Amount"),
            ("Build", "$2,000"),
        )
    )
    schedule = read_table(table)
    assert [row.name for row in schedule.milestone_rows()] == ["Design", "Build"]


# --- warnings ------------------------------------------------------------------------------
def test_redacted_amount_warns_with_the_page():
    document = make_document(
        "", pages=["1. Services.", "The Milestone Payment of $[***] is due upon delivery."]
    )
    warnings = extract(document).warnings
    assert "redacted amount [***] on page 2: the payment terms there are incomplete" in warnings


def test_no_redaction_warning_without_money_words():
    document = make_document("Exhibit [***] lists the locations of the Licensee's stores.")
    assert not [w for w in extract(document).warnings if "redacted" in w]
