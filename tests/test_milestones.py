"""Milestones through the real pipeline: payment schedules in prose, deliverables, acceptance,
kick-off, notice deadlines, dated defined terms, and the sentences that must give nothing."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.nlp.pipeline import extract
from extractor.read.load import load_document
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (('3.2 Onboarding Fee. Client shall pay a one-time onboarding fee of $7,500.00 (the '
          '"Onboarding Fee") covering recruitment. The Onboarding Fee is due and payable within '
          "fifteen (15) days after the Effective Date."),
         [("Onboarding Fee", 7500.0, (15, "days", "after", "effective_date"))]),
        (('Client shall pay a set-up fee of $2,000.00 (the "Set-up Fee"). The Set-up Fee shall be '
          "paid within thirty (30) days after the Effective Date."),
         [("Set-up Fee", 2000.0, (30, "days", "after", "effective_date"))]),
        # a one-off fee without a due is still a payment to follow, marked for review
        (('Client shall pay a set-up fee of $2,000.00 (the "Set-up Fee"). The Services are '
          "described in Schedule 1."), [("Set-up Fee", 2000.0, None)]),
    ],
)  # fmt: skip
def test_defined_fee_due_in_the_next_sentence(text, expected):
    found = milestones_of(text)
    assert [(m.name, m.amount, rule_of(m)) for m in found] == expected
    assert all(m.needs_review for m in found if not (m.due_date or m.due_rule))


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
        (("2.3 Baseline Report. Within sixty (60) days after the Effective Date, the Contractor "
         "shall inspect the equipment and deliver to the Owner a condition report (the "
         '"Baseline Report").'),
         [("Baseline Report", "deliverable", None, (60, "days", "after", "effective_date"))]),
        (("Within thirty (30) days after the Effective Date, Agency shall deliver to Client a "
         "written audit report."),
         [("Written audit report", "deliverable", None, (30, "days", "after", "effective_date"))]),
        (("1. Services.\n\n2.3 Final Gallery. Photographer shall deliver a private online gallery "
          "of no fewer than six hundred (600) professionally edited, high-resolution images within "
          "thirty (30) days after the Event Date.\n"),
         [("Final Gallery", "deliverable", None, (30, "days", "after", "event date"))]),
        (("2.3 Photographer shall deliver a private online gallery of no fewer than six hundred (600) "
          "professionally edited, high-resolution images within thirty (30) days after the Event "
          "Date.\n"), []),
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
        # a deliverable's date is a deadline: what hangs on it is due by then at the latest
        ("Final Completion", date(2025, 12, 29),
         (45, "days", "after", "milestone:Substantial Completion")),
    ]  # fmt: skip


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
        '1. The Services start on 1 April 2025 (the "Commencement Date").\n\n'
        "4.2 The Customer shall also pay a one-off mobilisation fee of £4,500 on the "
        "Commencement Date."
    )
    found = milestones_of(text)
    # the fee due on the Commencement Date is that milestone's payment, quoted from the fee
    assert [(m.name, m.kind, m.due_date, m.amount) for m in found] == [
        ("Commencement Date", "kickoff", date(2025, 4, 1), 4500.0),
    ]
    assert found[0].due_rule is None  # "on the Commencement Date" is that date
    assert found[0].evidence.text.startswith("4.2 The Customer shall also pay")


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
        # "thirty\n(30) days" is no enumerated item that would shed the cancellation context
        ("4.1 If Client cancels between ninety (90) and thirty\n(30) days before the Event Date, "
         "fifty percent (50%) of the Package Price of $8,400.00 is due.\n"),
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


# --- a payment due on an event is that event's milestone -----------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the payment on delivery of X and the deadline for X are one milestone
        (("You will deliver the Brand Audit Report no later than October 17, 2025.\n\n"
          "We will pay you the fee as follows: (a) USD 7,500.00 on signature of this letter; and "
          "(b) USD 5,250.00 upon delivery of the Brand Audit Report."),
         [("Brand Audit Report", "deliverable", date(2025, 10, 17), 5250.0)]),
        # an event named only inside the payment item ("upon ... the Factory Acceptance Test")
        (("4.1 The Factory Acceptance Test shall be completed no later than December 12, 2025.\n\n"
          "6.1 The Contract Price shall be paid in instalments as follows:\n"
          "(b) Payment 2 – FAT: thirty percent (30%) of the Contract Price, being $123,840.00, "
          "upon the Buyer's written confirmation that the Factory Acceptance Test has been "
          "successfully completed;"),
         [("Factory Acceptance Test", "approval", date(2025, 12, 12), 123840.0)]),
    ],
)  # fmt: skip
def test_payment_folds_into_its_event(text, expected):
    found = [m for m in milestones_of(text) if m.due_date and m.due_date.year == 2025
             and m.kind != "signing"]  # fmt: skip
    assert [(m.name, m.kind, m.due_date, m.amount) for m in found] == expected


@pytest.mark.parametrize(
    "text",
    [
        # a payment after the event (30 days after acceptance of X) is not the event
        ("The Supplier shall deliver the Final Report by May 30, 2025.\n\n"
         "The Client shall pay $18,000 within thirty (30) days after acceptance of the Final "
         "Report."),
        # other numbers: Deliverable 3 is not Deliverable 4
        ("(c) Deliverable 3 (Batch B) – on or before November 28, 2025.\n\n"
         "Line  Description                          Unit Price\n"
         "4     Deliverable 4 – Final index load     $16,500.00\n"),
        # the first of a recurring fee is not the start date's payment
        ('The Subscription Start Date is October 1, 2025.\n\nThe annual subscription fee of '
         '$36,000 is payable annually in advance, first payment due on the Subscription Start '
         'Date.'),
    ],
)  # fmt: skip
def test_payment_does_not_fold(text):
    amounts = [m.amount for m in milestones_of(text) if m.kind not in ("payment", "signing")]
    assert amounts == [None] * len(amounts)


# --- acceptance: named or general, deemed later, dated from the delivery -------------------
@pytest.mark.parametrize(
    ("text", "name", "days", "deemed", "due"),
    [
        (("You will deliver the Final Brand Playbook no later than November 21, 2025. We will "
          "review the Final Brand Playbook and either approve it or send you our comments within "
          "ten (10) business days of receiving it."),
         "Acceptance of the Final Brand Playbook", 10, False, date(2025, 12, 5)),
        (("5.1 The Supplier shall deliver the Transition Plan to the Customer on or before 30 June "
          "2025.\n\n5.2 The Customer shall, within 10 Business Days of receipt of the Transition "
          "Plan, either sign off the Transition Plan or notify the Supplier of its reasons for "
          "rejecting it."), "Sign-off of the Transition Plan", 10, False, date(2025, 7, 14)),
        (("5.1 Following completion of the Site Acceptance Test, the Buyer shall, within ten (10) "
          "Business Days, either issue a Final Acceptance Certificate or deliver a written notice "
          "of the failures. If the Buyer fails to do either within that period, Final Acceptance "
          "shall be deemed to have occurred on the last day of that period."),
         "Final Acceptance", 10, True, None),
        (("4.2 Within fifteen (15) business days after the Vendor's delivery of Deliverable 4, the "
          "County shall either issue a written Notice of Final Acceptance or notify the Vendor of "
          "any deficiencies.\n\n3.1 The Vendor shall deliver each Deliverable as follows:\n"
          "(d) Deliverable 4 (Final index load) – on or before December 19, 2025."),
         "Final Acceptance", 15, False, date(2026, 1, 9)),
    ],
)  # fmt: skip
def test_named_acceptance(text, name, days, deemed, due):
    (approval,) = [m for m in milestones_of(text) if m.kind == "approval"]
    assert (approval.name, approval.acceptance_days, approval.deemed_acceptance) == (
        name, days, deemed)  # fmt: skip
    assert approval.due_date == due
    assert approval.due_rule.anchor == "delivery"


def test_general_acceptance_goes_on_the_approval_rows_and_deemed_comes_later():
    text = (
        "6.2 The Customer shall, within ten (10) Business Days after receipt of the Vendor's "
        "notice of readiness, conduct the Acceptance Tests for that Milestone and either issue an "
        "Acceptance Certificate or give the Vendor a rejection notice.\n\n"
        "6.3 If the Customer rejects a Milestone, the Vendor shall remedy the failures.\n\n"
        "6.4 If the Customer fails to issue an Acceptance Certificate or a rejection notice within "
        "the period in clause 6.2, the Milestone shall be deemed Accepted.\n\n"
        "Milestone                          Target Acceptance Date      Milestone Fee\n"
        "Milestone 1: Solution Design       19 December 2025            $29,600\n"
        "Milestone 2: Go-Live               29 May 2026                 $44,400\n"
    )
    approvals = [m for m in milestones_of(text) if m.kind == "approval"]
    assert [(m.name, m.acceptance_days, m.deemed_acceptance) for m in approvals] == [
        ("Milestone 1: Solution Design", 10, True),
        ("Milestone 2: Go-Live", 10, True),
    ]


@pytest.mark.parametrize(
    "text",
    [
        ("The Joint Steering Committee shall review and approve any Development Plans within "
         "thirty (30) days following submission to the Joint Steering Committee."),
        ("Contractor will deliver the repaired or replacement unit to NICE within seven (7) Days "
         "of Contractor's receipt of such Product."),
        ("Client shall review each Deliverable upon delivery and notify Provider of any "
         "non-conformity; Provider shall correct it within ten (10) Business Days after receipt "
         "of such notice."),
    ],
)  # fmt: skip
def test_no_acceptance_period(text):
    assert [m for m in milestones_of(text) if m.kind in ("approval", "deliverable")] == []


# --- notices before the end of the term, expiry --------------------------------------------
@pytest.mark.parametrize(
    ("text", "name", "rule"),
    [
        (("The Customer may renew the support services for a further twelve (12) months by giving "
          "written notice no later than three (3) months before the end of the term."),
         "Renewal notice deadline", (3, "months", "before", "expiration")),
        (("The Customer may extend this Agreement by giving the Supplier written notice not less "
          "than three (3) months before the expiry of the Initial Term."),
         "Extension notice deadline", (3, "months", "before", "expiration")),
        (("The Institution may request a no-cost extension of the Grant Period. Any such request "
          "must be submitted in writing no later than ninety (90) days before the End Date."),
         "Extension request deadline", (90, "days", "before", "expiration")),
        (("Unless either party gives written notice of termination at least 60 days prior to the "
          "end of the Initial Term, this Agreement shall automatically renew."),
         "Non-renewal notice deadline", (60, "days", "before", "expiration")),
        (("Either party may terminate this Agreement with effect from the end of the Initial Term "
          "by giving not less than six (6) months' written notice."),
         "Termination notice deadline", (6, "months", "before", "expiration")),
        (("Unless either party gives the other written notice of non-renewal at least sixty (60) "
          "days before the Subscription End Date, the subscription will renew automatically."),
         "Non-renewal notice deadline", (60, "days", "before", "expiration")),
    ],
)  # fmt: skip
def test_notice_deadlines(text, name, rule):
    (notice,) = milestones_of(text)
    assert (notice.name, notice.kind, rule_of(notice)) == (name, "notice", rule)


@pytest.mark.parametrize(
    "text",
    [
        "Either party may terminate this Agreement for convenience on thirty (30) days' notice.",
        ("Provider will give Customer at least thirty (30) days' notice of any new sub-processor "
         "before it processes Customer Data."),
        ("Upon expiration or termination, Provider will make Customer Data available for export "
         "for thirty (30) days."),
    ],
)  # fmt: skip
def test_no_notice_deadline(text):
    assert [m for m in milestones_of(text) if m.kind == "notice"] == []


def test_expiration_carries_the_term_rule():
    text = (
        'THIS AGREEMENT is dated 3 November 2025 (the "Effective Date").\n\n'
        "2.1 This Agreement shall commence on the Effective Date and continue for a period of "
        "thirty-six (36) months, unless terminated earlier."
    )
    (expiry,) = [m for m in milestones_of(text) if m.kind == "expiration"]
    assert expiry.due_date == date(2028, 11, 3)
    assert rule_of(expiry) == (36, "months", "after", "effective_date")


# --- dated terms defined by "means", labels and end dates ----------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"Commencement Date" means 1st April 2025;',
         [("Commencement Date", "kickoff", date(2025, 4, 1))]),
        ('"Date for Commencement" means 4 August 2025.',
         [("Date for Commencement", "kickoff", date(2025, 8, 4))]),
        ("Subscription Start Date:    April 1, 2025\nSubscription End Date:      March 31, 2027",
         [("Subscription Start Date", "kickoff", date(2025, 4, 1)),
          ("Subscription End Date", "expiration", date(2027, 3, 31))]),
        ('The Grant Period shall run from the Start Date until 31 May 2027 (the "End Date").',
         [("End Date", "expiration", date(2027, 5, 31))]),
        ("PO Date:              May 12, 2025\nOrder Date: May 12, 2025", []),
        ('"Business Day" means a day other than a Saturday or Sunday.', []),
    ],
)  # fmt: skip
def test_defined_dates(text, expected):
    assert [(m.name, m.kind, m.due_date) for m in milestones_of(text)] == expected


# --- deliverable names ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "name"),
    [
        (("(b) The Institution shall submit a First Annual Report, comprising a scientific report "
          "and a statement of expenditure for the first twelve months, no later than 31 July "
          "2026."), "First Annual Report"),
        (("3.2 The Vendor shall deliver a detailed project plan consistent with Schedule 1 within "
          "fifteen (15) Business Days after the Effective Date."), "Detailed project plan"),
        (('3.1 The Licensor shall deliver to the Licensee the complete technology transfer '
          'package, comprising the source code of the library, the algorithm specification, '
          'validation datasets and the verification test report (the "Technology Transfer '
          'Package"), no later than 15 September 2025.'), "Technology Transfer Package"),
        ("4.1 The Factory Acceptance Test shall be completed no later than December 12, 2025.",
         "Factory Acceptance Test"),
        (("The Supplier shall submit to the Customer an Annual Service Review Report, covering "
          "performance against the Service Levels, on or before the first anniversary of the "
          "Commencement Date."), "Annual Service Review Report"),
    ],
)  # fmt: skip
def test_deliverable_names(text, name):
    (milestone,) = milestones_of(text)
    assert milestone.name == name


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (("The Subcontractor shall provide operation and maintenance manuals no later than twenty "
          "(20) Business Days before the Date for Practical Completion."), "deliverable"),
        (("Client shall provide Venue with a final guaranteed attendance number no later than ten "
          "(10) business days before the Event."), "notice"),
    ],
)  # fmt: skip
def test_what_is_given_before_an_event(text, kind):
    (milestone,) = milestones_of(text)
    assert milestone.kind == kind


def test_unqualified_event_hangs_on_the_latest_of_its_parts():
    text = (
        "Item                                              Date / Period\n"
        "Practical Completion – Separable Portion 1        14 November 2025\n"
        "Practical Completion – whole of the Works         27 March 2026\n"
        "Release of retention                              14 days after Date of Practical "
        "Completion\n"
    )
    release = next(m for m in milestones_of(text) if m.name == "Release of retention")
    assert rule_of(release) == (14, "days", "after",
                                "milestone:Practical Completion – whole of Works")  # fmt: skip
    assert release.due_date == date(2026, 4, 10)


def test_no_written_comments_deliverable():
    text = (
        "Client shall review the Data Platform Design and either approve it or deliver written "
        "comments within ten (10) Business Days following its delivery."
    )
    assert [m.kind for m in milestones_of(text)] == ["approval"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (("9.2 The Contractor shall release one-half of the retention held within fourteen (14) "
         "days after Practical Completion."), "Release of one-half of retention"),
        (("Within thirty (30) days after Substantial Completion, Owner shall release the "
         "retainage."), "Release of retainage"),
        ("The retention shall be released twelve (12) months after Practical Completion.",
         "Release of retention"),
    ],
)  # fmt: skip
def test_retention_release(text, name):
    (release,) = milestones_of(text)
    assert (release.name, release.kind) == (name, "payment")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Go-Live shall occur no later than 15 January 2026.",
         [("Go-Live", "deliverable", date(2026, 1, 15))]),
        ("The Closing shall take place on or before March 31, 2025.",
         [("Closing", "deliverable", date(2025, 3, 31))]),
        ("The meeting will take place on June 1, 2025 at the offices of counsel.", []),
        # a start date only referred to by a deadline is no kick-off
        (("(a) £100,000 within 20 Business Days of the Project Start Date; and (b) £50,000 on "
         "signature."), []),
    ],
)  # fmt: skip
def test_events_that_occur(text, expected):
    found = [m for m in milestones_of(text) if m.amount is None]
    assert [(m.name, m.kind, m.due_date) for m in found] == expected


def test_a_dated_end_date_anchors_deadlines_after_expiry():
    text = (
        'The Project shall run from 1 March 2025 to 28 February 2026 (the "Project End Date").\n\n'
        "The Grantee shall submit a Final Report within three (3) months after the Project End "
        "Date.\n\nAny request to vary the Project must be made at least sixty (60) days before "
        "the Project End Date."
    )
    found = {m.name: m for m in milestones_of(text)}
    assert found["Final Report"].due_date == date(2026, 5, 28)
    assert (found["Request deadline"].kind, found["Request deadline"].due_date) == (
        "notice", date(2025, 12, 30))  # fmt: skip


def test_undated_approval_row_is_due_after_the_delivery():
    text = (
        "The Supplier shall deliver the Solution Blueprint by 31 October 2025.\n\n"
        "The Customer will review each Deliverable within 5 Business Days of delivery and either "
        "accept it in writing or provide a list of defects.\n\n"
        "Payment   Event                                   Percentage   Amount\n"
        "1         Acceptance of the Solution Blueprint    30%          AUD 72,000\n"
    )
    approval = next(m for m in milestones_of(text) if m.kind == "approval")
    assert (approval.acceptance_days, approval.due_date) == (5, date(2025, 11, 7))


def test_parts_brought_to_completion():
    text = (
        "5.3 The Subcontractor shall bring Separable Portion 1 to Practical Completion by 14 "
        "November 2025 and the whole of the Works to Practical Completion by 27 March 2026."
    )
    assert [(m.name, m.due_date) for m in milestones_of(text)] == [
        ("Practical Completion – Separable Portion 1", date(2025, 11, 14)),
        ("Practical Completion – whole of Works", date(2026, 3, 27)),
    ]


def test_the_clause_is_the_evidence_of_a_summary_table_row():
    text = (
        "5.2 The Subcontractor shall submit coordinated shop drawings for all plant rooms to the "
        "Contractor within twenty-one (21) days after the Date for Commencement.\n\n"
        "Item                          Date / Period                          Amount\n"
        "Shop drawings submission      21 days after Date for Commencement    –\n"
    )
    (drawings,) = milestones_of(text)
    assert drawings.evidence.text.startswith("5.2 The Subcontractor shall submit")
