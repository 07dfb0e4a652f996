"""Milestones through the real pipeline: payment schedules in prose, deliverables, acceptance,
kick-off, notice deadlines, dated defined terms, and the sentences that must give nothing."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.loaders import load_document
from extractor.pipeline import extract
from tests.conftest import CORPUS, make_document, needs_corpus


def milestones_of(text: str, pages: list[str] | None = None):
    return extract(make_document(text, pages=pages)).milestones


def rule_of(milestone) -> tuple | None:
    rule = milestone.due_rule
    return (rule.offset, rule.unit, rule.direction, rule.anchor) if rule else None


# --- payment schedules in prose ------------------------------------------------------------
SCHEDULE = (
    'The total contract price is $100,000 (the "Contract Price"). Client shall pay the Contract '
    "Price as follows: (a) 20% upon signing of this Agreement; (b) 30% upon delivery of the "
    "Phase 1 Software; (c) the balance within thirty (30) days after Client's written acceptance "
    "of the Final Deliverable."
)


def test_prose_schedule_items():
    got = [(m.name, m.kind, m.percent, m.amount, rule_of(m)) for m in milestones_of(SCHEDULE)]
    assert got == [
        ("Contract signing", "signing", 20.0, 20000.0, (0, "days", "after", "signing")),
        ("Delivery of Phase 1 Software", "deliverable", 30.0, 30000.0,
         (0, "days", "after", "delivery")),
        ("Balance", "payment", 50.0, 50000.0, (30, "days", "after", "acceptance")),
    ]  # fmt: skip


def test_prose_schedule_evidence_quotes_the_item():
    balance = milestones_of(SCHEDULE)[-1]
    assert balance.evidence.page == 1
    assert balance.evidence.text.startswith("(c) the balance within thirty (30) days")
    assert balance.currency == "USD"


@pytest.mark.parametrize(
    ("item", "name", "kind", "amount", "due", "rule"),
    [
        ("(a) Twelve Thousand Dollars ($12,000.00) within ten (10) days after the Effective Date;",
         "First installment", "payment", 12000.0, None, (10, "days", "after", "effective_date")),
        ("(b) $18,000.00 within ten (10) business days after delivery of the Interim Report;",
         "Payment 10 business days after delivery of Interim Report", "payment", 18000.0, None,
         (10, "business_days", "after", "delivery")),
        (("(c) USD 72,000 upon Go-Live, which the parties shall achieve no later than November 3, "
         "2025; and"), "Go-Live", "deliverable", 72000.0, date(2025, 11, 3), None),
        ("(d) a second payment of $42,500.00 no later than June 30, 2025.", "Second payment",
         "payment", 42500.0, date(2025, 6, 30), None),
    ],
)  # fmt: skip
def test_prose_installment(item, name, kind, amount, due, rule):
    lead = "4.1 The Company shall pay the Consultant the Fee, payable in installments as follows:"
    text = f"{lead}\n{item}"
    found = milestones_of(text)
    assert [(m.name, m.kind, m.amount, m.due_date, rule_of(m)) for m in found] == [
        (name, kind, amount, due, rule)
    ]


def test_equal_installments_listed_by_date():
    text = (
        "Reseller shall pay a total of $700,000 in quarterly instalments of $175,000 on each of "
        "December 1, 2011, March 1, 2012, June 1, 2012 and September 1, 2012."
    )
    found = milestones_of(text)
    assert [(m.amount, m.due_date) for m in found] == [
        (175000.0, date(2011, 12, 1)),
        (175000.0, date(2012, 3, 1)),
        (175000.0, date(2012, 6, 1)),
        (175000.0, date(2012, 9, 1)),
    ]


def test_text_table_lines_with_milestone_titles():
    text = (
        "2.3 Bioamber shall also pay Cargill within thirty (30) days of achieving each of the "
        "milestones summarized below.\n"
        "Milestone Target Date Payment\n"
        "Milestone 1: Proof of Concept 12 months after Effective Date US $250,000.00\n"
        "Milestone 2: CB1 Strain Development 30 months after Effective Date US $300,000.00\n"
    )
    found = milestones_of(text)
    assert [(m.name, m.amount, rule_of(m)[:2]) for m in found] == [
        ("Milestone 1: Proof of Concept", 250000.0, (12, "months")),
        ("Milestone 2: CB1 Strain Development", 300000.0, (30, "months")),
    ]
    assert {rule_of(m)[2:] for m in found} == {("after", "effective_date")}


# --- deliverables, kick-off, acceptance, notices -------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3. Contractor shall deliver the Phase 1 Software on or before June 30, 2025.",
         [("Phase 1 Software", "deliverable", date(2025, 6, 30), None)]),
        (('2.2 The Research Provider shall deliver an interim report (the "Interim Report") by '
         '30 June 2025 and a final report (the "Final Report") by 31 October 2025.'),
         [("Interim Report", "deliverable", date(2025, 6, 30), None),
          ("Final Report", "deliverable", date(2025, 10, 31), None)]),
        (("2. Deliverables. (a) Project plan; (b) Phase 2 implementation roadmap, to be "
         "delivered no later than June 13, 2025."),
         [("Phase 2 implementation roadmap", "deliverable", date(2025, 6, 13), None)]),
        ("Provider shall complete implementation no later than November 14, 2025.",
         [("Completion of implementation", "deliverable", date(2025, 11, 14), None)]),
        ("The parties shall hold a project kick-off meeting on or before April 14, 2025.",
         [("Project kick-off", "kickoff", date(2025, 4, 14), None)]),
        ("2.1 Contractor shall commence the Work on or before June 2, 2025.",
         [("Commencement of Work", "kickoff", date(2025, 6, 2), None)]),
        (("Client shall provide Venue with a final guaranteed attendance number no later than "
         "ten (10) business days before the first day of the Conference."),
         [("Final guaranteed attendance number", "notice", None,
           (10, "business_days", "before", "first day of the conference"))]),
    ],
)  # fmt: skip
def test_deliverables_and_kickoff(text, expected):
    found = milestones_of(text)
    assert [(m.name, m.kind, m.due_date, rule_of(m)) for m in found] == expected


def test_deliverables_listed_after_a_lead_in():
    text = (
        "3.1 The Consultant shall deliver to the Company:\n"
        "(a) an interim findings report (the “Interim Report”) no later than March 14, 2025; and\n"
        "(b) a final report and recommendations (the “Final Report”) no later than May 30, 2025.\n"
    )
    assert [(m.name, m.due_date) for m in milestones_of(text)] == [
        ("Interim Report", date(2025, 3, 14)),
        ("Final Report", date(2025, 5, 30)),
    ]


def test_one_milestone_hangs_on_another():
    text = (
        "2.2 Contractor shall achieve Substantial Completion of the entire Work no later than "
        "November 14, 2025, and Final Completion within forty-five (45) days after Substantial "
        "Completion, subject to adjustments by Change Order."
    )
    found = milestones_of(text)
    assert [(m.name, m.due_date, rule_of(m)) for m in found] == [
        ("Substantial Completion", date(2025, 11, 14), None),
        # a deliverable's date is a deadline, so what hangs on it keeps its rule, not a date
        ("Final Completion", None, (45, "days", "after", "milestone:Substantial Completion")),
    ]


@pytest.mark.parametrize(
    ("text", "name", "days", "deemed"),
    [
        (("Client shall have ten (10) business days after delivery to accept or reject each "
         "Deliverable. Any Deliverable not rejected within such period shall be deemed accepted."),
         "Acceptance of deliverables", 10, True),
        (("3.2 The Company shall accept or reject the Final Report in writing within fifteen (15) "
         "days after its delivery."), "Acceptance of the Final Report", 15, False),
        (("Client shall approve each deliverable or request revisions within five (5) business "
         "days after delivery. If Client does not respond within that period, the deliverable is "
         "deemed approved."), "Approval of deliverables", 5, True),
    ],
)  # fmt: skip
def test_acceptance_period(text, name, days, deemed):
    (approval,) = milestones_of(text)
    assert (approval.name, approval.kind) == (name, "approval")
    assert (approval.acceptance_days, approval.deemed_acceptance) == (days, deemed)
    assert approval.due_rule.anchor == "delivery"


def test_acceptance_period_goes_on_an_existing_approval_milestone():
    text = (
        "4.1 Upon delivery of each Deliverable, Customer shall have fifteen (15) business days "
        '(the "Acceptance Period") to test it against the Specifications.\n'
        "4.2 If Customer does not deliver a written notice of rejection within the Acceptance "
        "Period, the Deliverable shall be deemed accepted.\n"
        "The Contract Price of $150,000 is payable as follows: (a) 70% upon delivery of the "
        "Production Release; (b) 30% upon Final Acceptance."
    )
    approvals = [m for m in milestones_of(text) if m.kind == "approval"]
    assert [(m.name, m.acceptance_days, m.deemed_acceptance) for m in approvals] == [
        ("Final Acceptance", 15, True)
    ]


def test_non_renewal_notice_deadline():
    text = (
        "2.2 This Agreement renews automatically for successive one (1) year terms unless either "
        "party gives written notice of non-renewal at least sixty (60) days before the end of "
        "the then-current term."
    )
    (notice,) = milestones_of(text)
    assert (notice.name, notice.kind) == ("Non-renewal notice deadline", "notice")
    assert rule_of(notice) == (60, "days", "before", "expiration")


def test_dated_defined_terms_and_what_hangs_on_them():
    text = (
        '1. The Services start on 1 April 2025 (the "Commencement Date").\n'
        "4.2 The Customer shall also pay a one-off mobilisation fee of £4,500 on the "
        "Commencement Date."
    )
    found = milestones_of(text)
    assert [(m.name, m.kind, m.due_date, m.amount) for m in found] == [
        ("Commencement Date", "kickoff", date(2025, 4, 1), None),
        ("Mobilisation fee", "payment", date(2025, 4, 1), 4500.0),
    ]
    assert found[1].due_rule is None  # "on the Commencement Date" is that date


def test_event_date_range_and_payment_before_it():
    text = (
        "Venue shall host Client's annual user conference on October 16 through October 18, 2025 "
        '(the "Event").\nClient shall pay the Total Fee as follows: (a) a deposit of $25,000.00 '
        "upon execution of this Agreement; and (b) the remaining balance of $42,500.00 no later "
        "than thirty (30) days before the first day of the Event."
    )
    found = {m.name: m for m in milestones_of(text)}
    assert found["Event"].due_date == date(2025, 10, 16)
    assert rule_of(found["Balance"]) == (30, "days", "before", "milestone:Event")
    assert found["Balance"].due_date == date(2025, 9, 16)


def test_week_schedule():
    text = "F. MILESTONES.\n● Week 1 -> UI Design + Logo\n● Week 6 -> Finished UI Design\n"
    found = milestones_of(text)
    assert [(m.name, rule_of(m)) for m in found] == [
        ("UI Design + Logo", (1, "weeks", "after", "kickoff")),
        ("Finished UI Design", (6, "weeks", "after", "kickoff")),
    ]
    assert all(m.confidence <= 0.6 for m in found)


def test_evidence_page_on_a_later_page():
    pages = ["1. Definitions. Nothing here.", ("5. Developer shall deliver the Beta Release no "
             "later than July 31, 2025.")]  # fmt: skip
    (milestone,) = milestones_of("", pages=pages)
    assert milestone.evidence.page == 2
    assert milestone.evidence.text.startswith("5. Developer shall deliver the Beta Release")


# --- what must give nothing ----------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        ("Contractor shall maintain commercial general liability insurance of $1,000,000 per "
        "occurrence and $2,000,000 in the aggregate."),
        ("Either party may terminate this Agreement upon thirty (30) days written notice of "
        "termination to the other party."),
        "This Agreement supersedes the Master Agreement dated May 1, 2010 between the parties.",
        ("Licensee shall pay royalties of five percent (5%) of Net Sales within thirty (30) days "
        "after the end of each calendar quarter."),
        "Notices to Owner: 300 North LaSalle Street, Suite 1200, Chicago, Illinois 60654.",
        '"Deliverable" means any software delivered under Section 4.2 of this Agreement.',
        ("Neither party's aggregate liability shall exceed the fees paid or payable in the twelve "
        "(12) months preceding the claim."),
        ("Developer warrants that each Deliverable will conform to the Specifications for ninety "
        "(90) days after delivery."),
        ("If Contractor fails to achieve Substantial Completion by the date in Section 2.2, "
        "Contractor shall pay Owner liquidated damages of $1,500 per day of delay."),
        ("The Consultant shall keep the Company's information confidential for three (3) years "
        "after the end of the term."),
        "Contractor shall target 100% on time delivery in compliance with the Due Date.",
        ("An initial milestone payment of 5,000 shares of restricted common stock shall become due "
        "if Net Sales reaches $2,000,000."),
        ("Manufacturer shall be deemed to have accepted Customer's Purchase Order unless it "
        "rejects it within ten (10) Business Days after receipt."),
        ("Client shall provide telemetry data and access to its asset register within ten (10) "
        "Business Days of the Commencement Date."),
        "The Client shall reimburse pre-approved travel expenses of up to $2,500 per month.",
        ("The Consultant's monthly base consulting fee shall be $3,250, payable on the first day "
        "of each month."),
        ("If Client cancels the Event, Client shall pay the following cancellation fee as "
        "liquidated damages:\nMore than 180 days before the Event The deposit\n90 to 180 days "
        "before the Event 50% of the Total Fee\n"),
    ],
)
def test_distractors_give_no_milestone(text):
    assert milestones_of(text) == ()


def test_unfilled_template_gives_nothing():
    text = (
        "Payment Period | {payment_terms}\nFees | [Describe fees, whether hourly, by project, by "
        "milestone, etc.]\nRejection Period: {rejection_period_value} {invoice_frequency_unit} "
        "from Deliverable submission"
    )
    contract = extract(make_document(text))
    assert contract.milestones == () and contract.total_value is None


def test_confidence_orders_the_sources():
    prose = milestones_of("Developer shall deliver the Beta Release no later than July 31, 2025.")
    week = milestones_of("● Week 6 -> Finished UI Design")
    schedule = milestones_of(SCHEDULE)
    assert week[0].confidence < prose[0].confidence < schedule[0].confidence


# --- real contracts ------------------------------------------------------------------------
@needs_corpus
def test_corpus_milestone_table_in_text():
    contract = extract(load_document(CORPUS / "cuad-bioamber-development-agreement-1-2013.pdf"))
    titled = [m for m in contract.milestones if m.name.startswith("Milestone")]
    assert [(m.name, m.amount) for m in titled] == [
        ("Milestone 1: Proof of Concept", 250000.0),
        ("Milestone 2: CB1 Strain Development", 300000.0),
        ("Milestone 3: CB1 Strain Optimization", 500000.0),
    ]
    assert any("redacted amount" in w for w in contract.warnings)


@needs_corpus
@pytest.mark.parametrize(
    "name",
    [
        "cuad-sightlife-surgical-strategic-sales-marketing-agreement.pdf",  # stock, sales targets
        "commonpaper-professional-services-agreement-v1.1-template.docx",  # unfilled form
    ],
)
def test_corpus_contracts_without_payment_milestones(name):
    contract = extract(load_document(CORPUS / name))
    assert [m for m in contract.milestones if m.kind not in ("expiration", "notice")] == []
