"""Relative deadlines: parsing "within thirty (30) days after acceptance" and resolving it."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.nlp.duerules import (
    add_offset,
    anchor_for,
    anchor_phrase,
    find_due_rules,
    parse_due_rule,
    resolve,
)
from models import DueRule


@pytest.mark.parametrize(
    ("text", "offset", "unit", "direction", "anchor"),
    [
        ("within thirty (30) days after Client's written acceptance", 30, "days", "after",
         "acceptance"),
        ("ten (10) business days after delivery", 10, "business_days", "after", "delivery"),
        ("net 30 from receipt of invoice", 30, "days", "after", "invoice"),
        ("Net 45", 45, "days", "after", "invoice"),
        ("payable within 30 days of receipt of invoice", 30, "days", "after", "invoice"),
        ("no later than 90 days before expiry of the Term", 90, "days", "before", "expiration"),
        ("at least sixty (60) days prior to the end of the then-current term", 60, "days",
         "before", "expiration"),
        ("upon signing", 0, "days", "after", "signing"),
        ("upon execution of this Agreement", 0, "days", "after", "signing"),
        ("on the Effective Date", 0, "days", "after", "effective_date"),
        ("within fifteen (15) days after the date of this Contract", 15, "days", "after",
         "agreement_date"),
        ("within 3 days of the effective date of this contract", 3, "days", "after",
         "effective_date"),
        ("Within 30 days after the contract award", 30, "days", "after", "signing"),
        ("within ten (10) days of such Milestone's Acceptance Test Date", 10, "days", "after",
         "delivery"),
        ("twelve (12) months after Effective Date", 12, "months", "after", "effective_date"),
        ("within two (2) weeks after kick-off", 2, "weeks", "after", "kickoff"),
        ("upon FCE achieving Milestone 1", 0, "days", "after", "milestone:Milestone 1"),
        ("within ten (10) calendar days following receipt of the invoice", 10, "days", "after",
         "invoice"),
        ("mid payment (Week 6)", 6, "weeks", "after", "kickoff"),
        ("Twelve (12) months after Practical Completion", 12, "months", "after", "delivery"),
    ],
)  # fmt: skip
def test_parse_due_rule(text, offset, unit, direction, anchor):
    rule = parse_due_rule(text)
    assert rule is not None
    got = (rule.offset, rule.unit, rule.direction, rule.anchor)
    assert got == (offset, unit, direction, anchor)


@pytest.mark.parametrize(
    "text",
    [
        "on thirty (30) days written notice",
        "upon thirty (30) days written notice of termination",
        "for a period of two (2) years thereafter",
        "the first and second six months of Year 1",
        "Contractor shall target 100% on time delivery",
        "the Master Agreement dated May 1, 2010",
    ],
)
def test_not_a_deadline(text):
    assert parse_due_rule(text) is None


def test_rule_text_quotes_the_clause_words():
    rule = parse_due_rule("paid within thirty (30) days after Final Acceptance, less retainage")
    assert rule.text == "within thirty (30) days after Final Acceptance"


def test_finds_every_rule_in_reading_order():
    text = (
        "achieve Substantial Completion no later than 120 days after the Effective Date, and "
        "Final Completion within forty-five (45) days after Substantial Completion"
    )
    found = [rule for _, _, rule in find_due_rules(text)]
    assert [(r.offset, r.anchor) for r in found] == [(120, "effective_date"), (45, "delivery")]


@pytest.mark.parametrize(
    ("rule_text", "phrase"),
    [
        ("within forty-five (45) days after Substantial Completion", "Substantial Completion"),
        ("no later than thirty (30) days before the first day of the Event",
         "first day of the Event"),
        ("on the Subscription Start Date", "Subscription Start Date"),
        ("within 30 days after Client's written acceptance", "written acceptance"),
    ],
)  # fmt: skip
def test_anchor_phrase(rule_text, phrase):
    assert anchor_phrase(rule_text) == phrase


@pytest.mark.parametrize(
    ("phrase", "anchor"),
    [
        ("the Effective Date", "effective_date"),
        ("receipt of Contractor's invoice", "invoice"),
        ("the expiration of the Initial Term", "expiration"),
        ("delivery of the Beta Release", "delivery"),
        ("Customer's written acceptance of the Final Report", "acceptance"),
        ("the first day of the Event", "first day of the event"),
    ],
)
def test_anchor_vocabulary(phrase, anchor):
    assert anchor_for(phrase) == anchor


@pytest.mark.parametrize(
    ("start", "offset", "unit", "direction", "expected"),
    [
        (date(2025, 1, 13), 10, "days", "after", date(2025, 1, 23)),
        (date(2025, 3, 14), 10, "business_days", "after", date(2025, 3, 28)),  # skips weekends
        (date(2025, 1, 31), 1, "months", "after", date(2025, 2, 28)),  # clamps to month end
        (date(2024, 2, 29), 1, "years", "after", date(2025, 2, 28)),
        (date(2028, 6, 30), 90, "days", "before", date(2028, 4, 1)),
        (date(2025, 4, 1), 2, "weeks", "after", date(2025, 4, 15)),
        (date(2025, 3, 17), 3, "business_days", "before", date(2025, 3, 12)),
    ],
)
def test_add_offset(start, offset, unit, direction, expected):
    assert add_offset(start, offset, unit, direction) == expected


# --- anniversaries, Nth days, periods, lead anchors, named anchors ------------------------
@pytest.mark.parametrize(
    ("text", "offset", "unit", "direction", "anchor"),
    [
        ("payable on the first anniversary of the Effective Date", 1, "years", "after",
         "effective_date"),
        ("on or before the second anniversary of the Commencement Date", 2, "years", "after",
         "effective_date"),
        ("no later than the 15th day following our approval of the Report", 15, "days", "after",
         "acceptance"),
        ("not later than the tenth (10th) day after delivery of the Goods", 10, "days", "after",
         "delivery"),
        ("upon completion of the thirty (30) day hypercare period immediately following Go-Live",
         30, "days", "after", "delivery"),
        ("upon expiry of the 90-day warranty period following Acceptance", 90, "days", "after",
         "acceptance"),
        (("Following completion of the Site Test, the Buyer shall, within ten (10) Business Days, "
         "either accept the Works"), 10, "business_days", "after", "delivery"),
        ("within thirty (30) days of the Start Date", 30, "days", "after", "effective_date"),
        ("no later than ninety (90) days before the End Date", 90, "days", "before", "expiration"),
        ("at least 60 days before the Subscription End Date", 60, "days", "before", "expiration"),
        ("within twenty-one (21) days after the Date for Commencement", 21, "days", "after",
         "kickoff"),
        ("within 10 Business Days of receipt of the Transition Plan", 10, "business_days",
         "after", "delivery"),
        ("within ten (10) business days of receiving it", 10, "business_days", "after",
         "delivery"),
        ("within five (5) business days of your countersignature of this letter", 5,
         "business_days", "after", "signing"),
        ("no later than three (3) months before the end of the Initial Term", 3, "months",
         "before", "expiration"),
    ],
)  # fmt: skip
def test_more_deadline_phrasings(text, offset, unit, direction, anchor):
    rule = parse_due_rule(text)
    assert rule is not None
    assert (rule.offset, rule.unit, rule.direction, rule.anchor) == (offset, unit, direction, anchor)


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("on each anniversary of the Effective Date", None),  # recurs: no one deadline
        ("on the 15th day of each month", None),  # a day of the month
        ("within 30 days of receipt of notice", "notice"),  # a notice is no delivery
        ("ten (10) Business Days after the receipt by Ono of invoice for the fee", "receipt"),
        ("within 30 days following receipt", "receipt"),
        ("upon the first Regulatory Approval of a Licensed Product", None),  # no acceptance
    ],
)
def test_deadline_distractors(text, anchor):
    rule = parse_due_rule(text)
    assert (rule.anchor if rule else None) == anchor


def test_resolve_needs_the_anchor_date():
    rule = DueRule("within 30 days after the Effective Date", 30, "days", "after", "effective_date")
    assert resolve(rule, {"effective_date": date(2025, 1, 1)}) == date(2025, 1, 31)
    assert resolve(rule, {"expiration": date(2025, 1, 1)}) is None


# --- the words quoted, where the rule stops, and the limits -----------------------------------
@pytest.mark.parametrize(
    ("text", "quoted", "offset", "unit", "anchor"),
    [
        ("Net 30 from receipt of invoice, by wire transfer to the account below",
         "Net 30 from receipt of invoice", 30, "days", "invoice"),
        ("Net 45 days", "Net 45 days", 45, "days", "invoice"),
        ("net 365", "net 365", 365, "days", "invoice"),  # a year of credit: the longest read
        ("upon signing of this Agreement by both parties; the balance later",
         "upon signing of this Agreement", 0, "days", "signing"),
        ("payable on the first anniversary of the Effective Date, together with interest",
         "the first anniversary of the Effective Date", 1, "years", "effective_date"),
        ("on the 50th anniversary of the Effective Date",
         "the 50th anniversary of the Effective Date", 50, "years", "effective_date"),
        ("not later than the tenth (10th) day after delivery of the Goods to the Site, in full",
         "the tenth (10th) day after delivery of the Goods", 10, "days", "delivery"),
        ("not later than the 365th day after delivery", "the 365th day after delivery", 365,
         "days", "delivery"),
        ("upon expiry of the 90-day warranty period following Acceptance, provided that no defect",
         "expiry of the 90-day warranty period following Acceptance", 90, "days", "acceptance"),
        ("upon expiry of the 3650-day period following Acceptance",
         "expiry of the 3650-day period following Acceptance", 3650, "days", "acceptance"),
        ("within 3650 days after delivery", "within 3650 days after delivery", 3650, "days",
         "delivery"),
        ("mid payment (Week 6) of the project", "Week 6", 6, "weeks", "kickoff"),
        (("Following completion of the Site Test, the Buyer shall, within ten (10) Business Days, "
          "either accept the Works"),
         "Following completion of the Site Test, the Buyer shall, within ten (10) Business Days",
         10, "business_days", "delivery"),
        ("within five (5) days after signature of the delivery note by the Customer, in writing",
         "within five (5) days after signature of the delivery note", 5, "days", "signing"),
    ],
)  # fmt: skip
def test_the_rule_quotes_the_clause_up_to_its_anchor(text, quoted, offset, unit, anchor):
    rule = parse_due_rule(text)
    assert (rule.text, rule.offset, rule.unit, rule.anchor) == (quoted, offset, unit, anchor)


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("within thirty (30) days after the Effective  Date, and monthly after that",
         "within thirty (30) days after the Effective Date"),
        ("net 30 from delivery of  the goods,  by wire", "net 30 from delivery of the goods"),
        ("upon  final acceptance of the  Deliverables, in full",
         "upon final acceptance of the Deliverables"),
        ("on the first anniversary of the Effective  Date, with interest",
         "the first anniversary of the Effective Date"),
    ],
)  # fmt: skip
def test_two_spaces_in_the_event_do_not_carry_the_rule_into_the_next_clause(text, quoted):
    """PDF text often has two spaces between words. The event is read with its spaces
    collapsed, and was then looked for in the text as written: not found, so the quoted rule
    ran on to the end of the clause ("... Effective Date, and monthly after that")."""
    assert parse_due_rule(text).text == quoted


@pytest.mark.parametrize(
    "text, too_long",
    [
        ("net 366", 366),
        ("within 3651 days after delivery", 3651),
        ("not later than the 366th day after delivery", 366),
        ("on the 51st anniversary of the Effective Date", 51),
        ("upon expiry of the 3651-day period following Acceptance", 3651),
    ],
)
def test_implausible_periods_are_not_read_as_deadlines(text, too_long):
    rule = parse_due_rule(text)
    assert rule is None or rule.offset != too_long


def test_a_period_that_is_no_deadline_does_not_hide_the_one_after_it():
    text = ("for a period of two (2) years thereafter; Client shall pay within 30 days after "
            "delivery, and the balance within sixty (60) days after acceptance")
    found = [rule for _, _, rule in find_due_rules(text)]
    assert [(r.offset, r.anchor) for r in found] == [(30, "delivery"), (60, "acceptance")]


def test_resolving_a_rule_before_its_anchor_counts_back():
    rule = DueRule("90 days before the end of the Term", 90, "days", "before", "expiration")
    assert resolve(rule, {"expiration": date(2028, 6, 30)}) == date(2028, 4, 1)


# --- dating the milestones of one document ----------------------------------------------------
def _doc_with(*key_dates):
    """What key_date_anchors reads of a spaCy Doc: its key dates."""
    from types import SimpleNamespace

    return SimpleNamespace(_=SimpleNamespace(key_dates=list(key_dates)))


def test_the_key_dates_give_the_anchors_the_first_of_each_kind_winning():
    from extractor.nlp.duerules import key_date_anchors
    from models import KeyDate

    doc = _doc_with(KeyDate("agreement_date", None), KeyDate("agreement_date", date(2025, 1, 5)),
                    KeyDate("agreement_date", date(2025, 2, 1)),
                    KeyDate("expiration_date", date(2026, 1, 4)))  # fmt: skip
    assert key_date_anchors(doc) == {
        "effective_date": date(2025, 1, 5),  # no effective date: the agreement date
        "agreement_date": date(2025, 1, 5),
        "signing": date(2025, 1, 5),
        "expiration": date(2026, 1, 4),
    }
    both = _doc_with(KeyDate("effective_date", date(2025, 1, 13)),
                     KeyDate("signing_date", date(2025, 1, 9)),
                     KeyDate("agreement_date", date(2025, 1, 5)))  # fmt: skip
    assert key_date_anchors(both) == {"effective_date": date(2025, 1, 13),
                                      "agreement_date": date(2025, 1, 5),
                                      "signing": date(2025, 1, 9)}  # fmt: skip
    assert key_date_anchors(_doc_with()) == {}


ANCHORS = {"effective_date": date(2025, 1, 13), "milestone:Milestone 1": date(2025, 3, 1)}


@pytest.mark.parametrize(
    "rule, due, kept_rule",
    [
        (DueRule("within 30 days after the Effective Date", 30, anchor="effective_date"),
         date(2025, 2, 12), True),
        (DueRule("on the Effective Date", 0, anchor="effective_date"), date(2025, 1, 13), False),
        (DueRule("upon Milestone 1", 0, anchor="milestone:Milestone 1"), date(2025, 3, 1), False),
        (DueRule("upon acceptance", 0, anchor="acceptance"), None, True),  # not dated yet
    ],
)  # fmt: skip
def test_a_milestone_gets_its_date_when_its_anchor_is_known(rule, due, kept_rule):
    from extractor.nlp.duerules import resolve_milestone
    from models import Milestone

    dated = resolve_milestone(Milestone("Payment", "payment", due_rule=rule), ANCHORS)
    assert (dated.due_date, dated.due_rule is not None) == (due, kept_rule)


def test_a_milestone_with_a_date_keeps_it_and_a_percentage_becomes_an_amount():
    from extractor.nlp.duerules import resolve_milestone
    from models import Milestone

    rule = DueRule("within 30 days after the Effective Date", 30, anchor="effective_date")
    written = Milestone("Payment", "payment", due_date=date(2025, 6, 1), due_rule=rule)
    assert resolve_milestone(written, ANCHORS) is written  # nothing to change
    share = Milestone("Deposit", "payment", percent=12.5)
    assert resolve_milestone(share, {}, total=1000.0, currency="EUR") == Milestone(
        "Deposit", "payment", percent=12.5, amount=125.0, currency="EUR")  # fmt: skip
    assert resolve_milestone(share, {}, total=10.01, currency="EUR").amount == 1.25  # cents
    own = Milestone("Deposit", "payment", percent=10.0, currency="USD")
    assert resolve_milestone(own, {}, total=500.0, currency="EUR").currency == "USD"
    assert resolve_milestone(share, {}, total=None) is share
    fixed = Milestone("Deposit", "payment", percent=10.0, amount=70.0)
    assert resolve_milestone(fixed, {}, total=500.0).amount == 70.0  # the amount written wins


@pytest.mark.parametrize(
    ("text", "quoted", "anchor"),
    [
        ("net 30 from signing", "net 30 from signing", "signing"),
        ("net 30 from delivery of the goods, by wire", "net 30 from delivery of the goods",
         "delivery"),
        ("net 30 from acceptance", "net 30 from acceptance", "acceptance"),
        ("net 30 from kick-off", "net 30 from kick-off", "kickoff"),
        ("net 30 from the Effective Date, in euros", "net 30 from the Effective Date",
         "effective_date"),
        ("net 45 from the date of this Agreement", "net 45 from the date of this Agreement",
         "agreement_date"),
        # An event we cannot date is no anchor for a credit term: it runs from the invoice.
        ("net 30 from the end of the quarter", "net 30 from the end of the quarter", "invoice"),
        ("net thirty (30) days", "net thirty (30) days", "invoice"),
        ("net 2 weeks", "net 2 weeks", "invoice"),
    ],
)  # fmt: skip
def test_net_terms_and_what_they_run_from(text, quoted, anchor):
    rule = parse_due_rule(text)
    assert (rule.text, rule.anchor, rule.direction) == (quoted, anchor, "after")
    assert (rule.offset, rule.unit) == ((2, "weeks") if "weeks" in text else
                                        (45 if "45" in text else 30, "days"))  # fmt: skip


def test_the_small_readers_of_a_rule():
    from extractor.nlp.duerules import clean_anchor_phrase, direction_of, number_value, unit_name

    assert [number_value(t) for t in ("thirty", "thirty (30)", "30", "one half", "no")] == [
        30, 30, 30, None, None]  # fmt: skip
    assert (unit_name("fortnights"), unit_name("Business Days")) == ("days", "business_days")
    assert [direction_of(w) for w in ("prior to", "following", "PRIOR  TO", "by")] == [
        "before", "after", "before", "after"]  # fmt: skip
    assert clean_anchor_phrase('the "Acceptance"') == "Acceptance"
    assert clean_anchor_phrase("the the the the Report") == "the Report"  # three at most
    assert anchor_for("") == "effective_date"
    assert anchor_for("Milestone 2b delivery") == "delivery"
    assert anchor_for("completion of milestone b") == "milestone:Milestone B"


def test_an_event_of_ten_words_is_a_deadline_and_of_eleven_is_prose():
    ten = parse_due_rule("upon Go-Live of the new payroll system at all the sites")
    assert (ten.text, ten.offset, ten.anchor) == (
        "upon Go-Live of the new payroll system at all the sites", 0, "delivery")
    assert parse_due_rule("upon Go-Live of the new payroll system at all of the sites") is None


def test_an_event_outside_the_vocabulary_is_named_by_its_first_six_words():
    rule = parse_due_rule(
        "within 30 days after publication of the annual report on the company website")
    assert rule.anchor == "publication of the annual report on"


def test_a_milestone_named_past_the_first_forty_characters_is_not_the_anchor():
    """"Milestone 3" must start the event's first 40 characters to anchor on that milestone;
    further on, the event is what the phrase starts with (here completion: a delivery)."""
    assert anchor_for("completion of the works under Milestone 3") == "delivery"
    assert anchor_for("completion of works under Milestone 3") == "milestone:Milestone 3"


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("50% is due upon signing of this Agreement and 50% upon delivery of the Goods.",
         ["upon signing of this Agreement", "upon delivery of the Goods"]),
        (("The fee is due on the first anniversary of the Effective Date and on the second "
          "anniversary of the Effective Date."),
         ["the first anniversary of the Effective Date",
          "the second anniversary of the Effective Date"]),
        ("Invoices are payable net 30 from delivery and net 45 from acceptance.",
         ["net 30 from delivery", "net 45 from acceptance"]),
        (("Reports are due on the 10th day following acceptance of the plan and the audit on "
          "the 30th day following delivery of the Goods."),
         ["the 10th day following acceptance of the plan",
          "the 30th day following delivery of the Goods"]),
    ],
)  # fmt: skip
def test_two_deadlines_of_one_kind_in_one_clause_are_both_found(text, quoted):
    """The first rule's event runs on to the end of the clause when matched; it is cut at the
    event, and the second rule was hidden in what was cut off ("... and 50% upon delivery")."""
    assert [rule.text for _, _, rule in find_due_rules(text)] == quoted


def test_a_clause_with_every_kind_of_deadline_reads_each_once_in_order():
    text = ("Following completion of the Site Test, the Buyer shall, within ten (10) Business "
            "Days, accept the Works. The Seller invoices on the first anniversary of the "
            "Effective Date and on the second anniversary of the Effective Date. Support ends on "
            "the 30th day following acceptance of the Works. Fees are payable net 30 from "
            "delivery. The deposit is due upon signing of this Agreement; the training fee upon "
            "request. Workshop fee (Week 6). Invoices are paid within five (5) days after "
            "delivery of the report.")  # fmt: skip
    assert [(r.offset, r.unit, r.anchor) for _, _, r in find_due_rules(text)] == [
        (10, "business_days", "delivery"), (1, "years", "effective_date"),
        (2, "years", "effective_date"), (30, "days", "acceptance"), (30, "days", "delivery"),
        (0, "days", "signing"), (6, "weeks", "kickoff"), (5, "days", "delivery"),
    ]  # fmt: skip


def test_a_period_far_before_a_deadline_or_inside_one_hides_nothing():
    pilot = ("The pilot runs for 90 days. " + "The parties will meet weekly to review progress "
             "and agree any change to the plan in writing. " * 2
             + "Payment is due within 30 days after delivery.")  # fmt: skip
    assert [r.text for _, _, r in find_due_rules(pilot)] == ["within 30 days after delivery"]
    trial = ("Payment is due within 10 days after the end of the 3 months trial, and the balance "
             "within 5 days after delivery.")  # fmt: skip
    assert [r.text for _, _, r in find_due_rules(trial)] == [
        "within 10 days after the end of the 3 months trial", "within 5 days after delivery"]


def test_a_leading_event_needs_its_period_close_by_and_a_short_name():
    """"Following X, the Buyer shall, within ten (10) Business Days, ..." counts from X only
    when the period follows within 120 characters and X is named in ten words at most."""
    far = ("Following completion of the Site Test, the Buyer and the Seller shall meet and record "
           "the results of the tests in a report signed by both of them and the Buyer shall, "
           "within ten (10) Business Days, either accept the Works")  # fmt: skip
    assert "business_days" not in [r.unit for _, _, r in find_due_rules(far)]
    long_name = ("Following completion of the Site Test of every single one of the machines at "
                 "the plant, the Buyer shall, within ten (10) Business Days, either accept")
    assert find_due_rules(long_name) == []


def test_ordinals_in_two_words_and_events_ending_in_a_capital_x():
    rule = parse_due_rule("not later than the twenty first day following delivery of the Goods")
    assert (rule.offset, rule.anchor) == (21, "delivery")
    assert anchor_phrase("within 10 days after delivery of Annex X") == "delivery of Annex X"
    assert anchor_phrase("Net 30") == ""  # no event named: the invoice, by default
