"""Payment terms through the real pipeline: total value, Net-N, late fees, retainage, recurring
fees, deposits, schedule tables, and the money that is none of these."""

from __future__ import annotations

import hashlib

import pytest

from extractor.nlp.installments import installment_in
from extractor.nlp.pipeline import extract
from extractor.nlp.tables import header_columns, read_table
from extractor.nlp.texttables import text_tables
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
         "overdue amount at 4% per annum above the Bank of England's base rate."),
         "4% per annum above the Bank of England's base rate"),
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


# --- text-column tables --------------------------------------------------------------------
TEXT_TABLE = (
    "The Implementation Fee is invoiced in accordance with the following schedule:\n\n"
    "Milestone                              Due Date              Amount\n"
    "-------------------------------------  --------------------  ---------------\n"
    "1. Execution of this Order Form        On signature          USD 6,300.00\n"
    "2. Configuration Complete              May 16, 2025          USD 8,400.00\n"
    "3. Go-Live (production cut-over)       June 27, 2025         USD 6,300.00\n"
    "-------------------------------------  --------------------  ---------------\n"
    "                                       Total                 USD 21,000.00\n\n"
    "Payment Terms: T+30 (payment due thirty (30) days from the invoice date)."
)


def test_text_column_table_is_a_schedule():
    contract = extract(make_document(TEXT_TABLE))
    got = [(m.name, m.kind, str(m.due_date), m.amount) for m in contract.milestones]
    assert got == [
        ("1. Execution of this Order Form", "signing", "None", 6300.0),
        ("2. Configuration Complete", "deliverable", "2025-05-16", 8400.0),
        ("3. Go-Live (production cut-over)", "deliverable", "2025-06-27", 6300.0),
    ]
    assert contract.total_value == 21000.0
    assert contract.milestones[1].evidence.text.startswith("2. Configuration Complete")


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a cell that runs into the next column one space apart is cut at the column
        (["Item                                              Date / Period       Amount",
          "Practical Completion – whole of Subcontract Works 27 March 2026     –",
          "Date for Commencement (mobilisation payment)      4 August 2025       AUD 64,200.00"],
         [("Practical Completion – whole of Subcontract Works", "27 March 2026", "–"),
          ("Date for Commencement (mobilisation payment)", "4 August 2025", "AUD 64,200.00")]),
        # a wrapped description continues the row above
        (["Line  Description                     Unit Price",
          "1     Deliverable 1 – Pilot batch and  $12,500.00",
          "      Quality Control Plan"],
         [("1", "Deliverable 1 – Pilot batch and Quality Control Plan", "$12,500.00")]),
    ],
)  # fmt: skip
def test_text_table_cells(lines, expected):
    (found,) = text_tables("\n".join(lines), 1)
    assert list(found.table.rows[1:]) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Name                 Address                Email\nJane Roe             1 Main St  jr@x.io",
        ("The parties agree that the Milestones shall be achieved in the order below and that each "
        "Due Date may move by agreement.\nNothing here is a table."),
        "Coverage             Limit\nGeneral liability    $1,000,000 per occurrence",
    ],
)
def test_text_that_is_no_schedule_table(text):
    assert [t for t in text_tables(text, 1) if read_table(t.table)] == []


def test_text_table_rows_without_amount_are_deliverables_and_key_dates_are_skipped():
    text = (
        "Item                          Date / Period                          Amount\n"
        "Date of this Subcontract      15 July 2025                           –\n"
        "Shop drawings submission      21 days after Date for Commencement    –\n"
        "Mobilisation payment          4 August 2025                          AUD 64,200.00\n"
        "Subcontract Sum                                                      AUD 1,284,000.00\n"
    )
    contract = extract(make_document(text))
    got = [(m.name, m.kind, m.amount) for m in contract.milestones]
    assert got == [
        ("Shop drawings submission", "deliverable", None),
        ("Mobilisation payment", "payment", 64200.0),
    ]
    assert contract.total_value == 1284000.0


def test_rows_dated_by_acceptance_are_approvals():
    text = (
        "Milestone                          Target Acceptance Date      Milestone Fee\n"
        "Milestone 1: Solution Design       19 December 2025            $29,600\n"
        "Milestone 2: Go-Live               29 May 2026                 $44,400\n"
    )
    assert [m.kind for m in extract(make_document(text)).milestones] == ["approval", "approval"]


def test_undated_priced_lines_are_no_milestones():
    rows = [
        ("ITEM NO.", "SUPPLIES OR SERVICES", "UNIT PRICE", "AMOUNT"),
        ("0001", "Facilitator", "$208,216.70", "$208,216.70"),
        ("0002", "Technical Lead", "$247,120.90", "$247,120.90"),
    ]
    assert extract(table_document("20. SCHEDULE", rows)).milestones == ()


# --- more payment-term phrasings -----------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Payment Terms: T+30 (payment due thirty (30) days from the invoice date).", 30),
        (("The Contractor shall pay the amount certified in the payment schedule, less any "
         "retention, within twenty-eight (28) days after receipt of the relevant payment claim."),
         28),
        (("Customer shall pay all undisputed amounts due in the currency specified in the "
         "applicable addendum within sixty (60) calendar days from the date of the invoice."), 60),
        (("Client shall pay invoices in accordance with Section 5.2 of the MSA, within thirty (30) "
          "days after receipt of a correct invoice."), 30),
    ],
)  # fmt: skip
def test_more_net_days(text, days):
    assert terms_of(text)["net_days"] == days


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ('"Subcontract Sum" means AUD 1,284,000.00, exclusive of GST.', 1284000.0),
        (('The Trust awards the Institution a grant of up to €240,000 (two hundred and forty '
         'thousand euro) (the "Grant").'), 240000.0),
        (("We will pay you a total fixed fee of USD 18,000.00, which will be payable as follows: "
         "(a) USD 7,500.00 on signature; and (b) USD 10,500.00 upon delivery of the Report."),
         18000.0),
        (("The total amount payable under this SOW, including professional fees and reimbursable "
          "expenses, shall not exceed One Hundred Ninety-Five Thousand Five Hundred Dollars "
          '($195,500.00) (the "Not-to-Exceed Amount"), of which no more than $9,500.00 may be '
          "applied to travel."), 195500.0),
    ],
)  # fmt: skip
def test_more_total_values(text, amount):
    assert extract(make_document(text)).total_value == amount


def test_a_share_of_the_price_is_not_the_price():
    text = (
        "(a) Payment 1 – Deposit: thirty percent (30%) of the Contract Price, being $123,840.00, "
        "payable within ten (10) days of execution of this Agreement;"
    )
    contract = extract(make_document(text))
    assert contract.total_value is None
    (deposit,) = contract.milestones
    assert (deposit.name, deposit.kind, deposit.amount, deposit.percent) == (
        "Payment 1 – Deposit", "signing", 123840.0, 30.0)  # fmt: skip


def test_late_fee_above_a_base_rate_keeps_the_base():
    text = (
        "If the Customer fails to pay any amount by the due date, it shall pay interest on the "
        "overdue amount at the rate of 8% per annum above the base rate of the Bank of England."
    )
    assert terms_of(text)["late_fee"] == "8% per annum above the base rate"


@pytest.mark.parametrize(
    "text",
    [
        ("If a Target Acceptance Date is missed by more than twenty (20) Business Days, the "
        "Customer may withhold 5% of the next Milestone Fee until the Milestone is Accepted."),
        "The Supplier shall retain 10% of the records for audit purposes.",
    ],
)
def test_no_retainage_from_conditional_withholding(text):
    assert terms_of(text)["retainage_percent"] is None


def test_withholding_from_each_payment_is_retainage():
    text = "The Owner shall withhold ten percent (10%) from each progress payment."
    assert terms_of(text)["retainage_percent"] == 10.0


# --- installments in prose: titles, shares of defined terms, business events ---------------
def test_item_titles_on_their_own_sentence():
    text = (
        'The total fixed fee is $186,000.00 (the "Fixed Fee").\n\n'
        "3. Payment Schedule. Fees shall be invoiced as follows:\n\n"
        "(a) Milestone 1 – Project Kick-off. Fifteen percent (15%) of the Fixed Fee, being "
        "$27,900.00, upon the kick-off meeting, which shall be held on or before April 28, 2025.\n\n"
        "(b) Milestone 2 – Design. The remaining eighty-five percent (85%) of the Fixed Fee, being "
        "$158,100.00, upon delivery of the Design, which shall be delivered by June 13, 2025.\n"
    )
    got = [(m.name, m.kind, str(m.due_date), m.amount, m.percent, m.due_rule)
           for m in extract(make_document(text)).milestones]  # fmt: skip
    assert got == [
        ("Milestone 1 – Project Kick-off", "kickoff", "2025-04-28", 27900.0, 15.0, None),
        ("Milestone 2 – Design", "deliverable", "2025-06-13", 158100.0, 85.0, None),
    ]


@pytest.mark.parametrize(
    ("item", "percent"),
    [
        (("1.2 Fifty percent (50%) of the Mobilisation Charge (GBP 4,500) shall be invoiced on "
         "the Commencement Date."), 50.0),
        (("(a) First instalment: €96,000 (forty percent (40%) of the Grant), within thirty (30) "
         "days of the Start Date;"), 40.0),
        (("a mobilisation payment of AUD 64,200.00 (being 5% of the Subcontract Sum) on the Date "
         "for Commencement"), 5.0),
    ],
)  # fmt: skip
def test_percent_of_a_defined_price_term(item, percent):
    (found,) = installment_in(item, False, "USD", False)
    assert found.percent == percent


def test_milestone_fees_on_business_events():
    text = (
        "4.2 Milestone Fees. The Licensee shall pay the following one-time milestone fees:\n"
        "(a) € 60.000 (sixty thousand euros) upon the First Commercial Sale of a Licensed "
        "Product, which shall occur on or before 30 June 2026; and\n"
        "(b) € 100.000 (one hundred thousand euros) upon cumulative Net Sales first exceeding "
        "€ 5.000.000 (five million euros).\n"
    )
    got = [(m.name, m.kind, str(m.due_date), m.amount)
           for m in extract(make_document(text)).milestones]  # fmt: skip
    assert got == [
        ("Payment on First Commercial Sale of a Licensed Product", "other", "2026-06-30", 60000.0),
        ("Payment on Net Sales", "other", "None", 100000.0),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # prize money each time a ranking is reached
        ("TPC shall pay the following bonuses: (b) $25,000 each time Player finishes in the top "
         "ten of the Official Money List; (c) $15,000 each time Player finishes eleventh."),
        # a bank undertaking for a share of the price is security, not a payment
        ("As a condition precedent to payment, the Subcontractor shall provide two unconditional "
         "undertakings, each for 2.5% of the Subcontract Sum."),
        # a named annual report is no recurring fee, but FAR listings are no payments either
        "FAR 52.222-36 Affirmative Action for Workers with Disabilities (Over $10,000) FAR 52.222-37",
    ],
)  # fmt: skip
def test_no_installment(text):
    assert [m for m in extract(make_document(text)).milestones if m.amount] == []


def test_sales_milestone_payment_is_due_on_the_event_and_its_threshold_is_a_cap():
    """Issue 10: "when Net Sales first exceed" a threshold, a one-off payment falls due."""
    text = "Licensee shall pay € 100.000 upon cumulative Net Sales first exceeding € 5.000.000."
    contract = extract(make_document(text))
    assert [(m.amount, m.due_rule.anchor) for m in contract.milestones if m.amount] == [
        (100000.0, "cumulative net sales first exceeding € 5.000.000")]
    assert [(m.kind, m.amount) for m in contract.money] == [
        ("scheduled", 100000.0), ("cap", 5000000.0)]


def test_named_annual_report_is_not_a_recurring_fee():
    item = (
        "(b) Second instalment: €72,000 (thirty percent (30%) of the Grant), within thirty (30) "
        "days of the Trust's approval of the First Annual Report; and"
    )
    (found,) = installment_in(item, True, "EUR", False)
    assert (found.name, found.amount.amount, found.rule.anchor) == (
        "Second instalment", 72000.0, "acceptance")  # fmt: skip


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        (("All amounts in this Agreement are expressed in Canadian dollars, and all references to "
          '"$" are to Canadian dollars. The Contract Price is $412,800.00 (the "Contract Price").'),
         "CAD"),
        ('All amounts are in Australian dollars. The Contract Price is $90,000 (the "Price").',
         "AUD"),
        (("All dollar amounts in this Contract are in Canadian dollars (CAD). The Total Contract "
          'Price is $471,000.00 (the "Total Contract Price").'), "CAD"),
        ('The Contract Price is $90,000 (the "Price"). Australian dollars are legal tender.', "USD"),
    ],
)  # fmt: skip
def test_declared_dollar_currency(text, currency):
    assert extract(make_document(text)).currency == currency


def test_table_header_names_the_currency():
    text = (
        "Instalment     Trigger                                   %      Amount (CAD)\n"
        "1              Signing of this Agreement                 25%    $50,000\n"
        "2              Delivery of the Prototype                 75%    $150,000\n"
    )
    assert {m.currency for m in extract(make_document(text)).milestones} == {"CAD"}


def test_payment_number_column_is_not_the_amount():
    roles = header_columns(("Payment", "Event", "Percentage", "Amount"))
    assert (roles["name"], roles["percent"], roles["amount"]) == (1, 2, 3)


def test_undated_signing_row_is_due_on_signing():
    text = (
        "Payment   Event                                   Percentage   Amount\n"
        "1         SOW signature                           20%          AUD 48,000\n"
        "2         Go-Live                                 80%          AUD 192,000\n"
    )
    first = extract(make_document(text)).milestones[0]
    assert (first.name, first.kind, first.amount, first.due_rule.anchor) == (
        "SOW signature", "signing", 48000.0, "signing")  # fmt: skip


def test_invoices_due_n_days_from_the_invoice_date():
    assert terms_of("Invoices are due 21 days from the date of the invoice.")["net_days"] == 21


def test_tranches_are_numbered():
    text = (
        "The Funding shall be paid in two tranches: (a) £100,000 within 20 Business Days of the "
        "Effective Date; and (b) £50,000 on 1 March 2026."
    )
    names = [m.name for m in extract(make_document(text)).milestones]
    assert names == ["First tranche", "Second tranche"]


def test_claiming_a_payment_is_no_damages_claim():
    item = (
        "7.2 The Subcontractor may claim a mobilisation payment of AUD 64,200.00 (being 5% of the "
        "Subcontract Sum) on the Date for Commencement."
    )
    (found,) = installment_in(item, False, "AUD", False)
    assert (found.amount.amount, found.percent) == (64200.0, 5.0)
    assert installment_in("Any claim for damages of $50,000 is payable on demand.", True, "USD",
                          False) == []  # fmt: skip
