"""The payments scorer (extractor/evaluate/payments.py): its matching conventions, and a floor
under the reader on tune contracts of the labelled set (skipped without ../shared)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from extractor.evaluate import payments as scorer
from extractor.evaluate.payments import (
    LABELS,
    anchor_category,
    due_agrees,
    match_mentions,
    rule_key,
    score_contract,
    shared_dir,
    split_slugs,
)

needs_shared = pytest.mark.skipif(not (shared_dir() / "cuad-train").exists(),
                                  reason="../shared is not here (set $CONTRACTS_SHARED)")  # fmt: skip


def rule(offset, unit="days", direction="after", anchor="effective_date"):
    return {"offset": offset, "unit": unit, "direction": direction, "anchor": anchor}


@pytest.mark.parametrize(
    ("anchor", "category"),
    [
        ("effective_date", "effective_date"),
        ("invoice", "invoice"),
        ("milestone:first patient dosed in Phase II", "event"),
        ("event:receipt of term sheet", "event"),
        ("first commercial sale", "event"),
        ("milestone:acceptance of Specification", "acceptance"),
        ("event:execution of the Engagement Letter", "signing"),
        ("milestone:Delivery of the Final Report", "delivery"),
        ("event:receipt of invoice", "invoice"),
    ],
)
def test_anchor_categories(anchor, category):
    assert anchor_category(anchor) == category


def test_rule_keys_count_years_as_months_and_zero_offsets_alike():
    assert rule_key(rule(1, "years")) == rule_key(rule(12, "months"))
    assert rule_key(rule(2, "weeks")) == rule_key(rule(14, "days"))
    assert rule_key(rule(0, "months")) == rule_key(rule(0, "days", "before"))
    assert rule_key(rule(30, anchor="milestone:FDA approval")) == rule_key(rule(30, anchor="fda"))
    assert rule_key(rule(30)) != rule_key(rule(30, direction="before"))


def test_due_agreement():
    gold = {"due_date": "2021-03-01", "due_rule": None}
    assert due_agrees(gold, {"due_date": "2021-03-01"})
    assert not due_agrees(gold, {"due_date": "2021-03-02"})
    event = {"due_date": None, "due_rule": rule(60, anchor="milestone:first patient dosed")}
    assert due_agrees(event, {"due_rule": rule(60, anchor="first patient dosed in a trial")})
    assert not due_agrees(event, {"due_rule": rule(30, anchor="first patient dosed")})
    assert due_agrees({"due_date": None, "due_rule": None}, {"due_date": None})
    # a gold rule on a key date agrees with the date the extractor resolved from its own key date
    on_signing = {"due_date": None, "due_rule": rule(15, anchor="effective_date")}
    anchors = {"effective_date": date(2021, 1, 4)}
    assert due_agrees(on_signing, {"due_date": "2021-01-19"}, anchors)
    assert not due_agrees(on_signing, {"due_date": "2021-01-19"})


def test_mentions_match_by_amount_currency_and_page():
    gold = [{"class": "cap", "amount": 1000.0, "currency": "USD", "page": 3},
            {"class": "scheduled", "amount": 1000.0, "currency": "USD", "page": 5}]  # fmt: skip
    pred = [{"class": "scheduled", "amount": 1009.0, "currency": "USD", "evidence": {"page": 6}},
            {"class": "cap", "amount": 1000.0, "currency": "EUR", "evidence": {"page": 3}},
            {"class": "cap", "amount": 1000.0, "currency": "USD", "evidence": {"page": 1}}]  # fmt: skip
    # within 1 % and one page: the scheduled pair; a wrong currency or two pages off: no pair
    assert match_mentions(gold, pred) == [(1, 0)]


def test_contract_score_classes_confusion_and_caps_in_the_schedule():
    gold = {
        "money": [
            {"class": "scheduled", "amount": 500.0, "currency": "USD", "page": 1},
            {"class": "cap", "amount": 900.0, "currency": "USD", "page": 1},
            {"class": "rate", "amount": 20.0, "currency": "USD", "page": 2},
        ],
        "milestones": [{"name": "Fee", "kind": "payment", "amount": 500.0, "currency": "USD",
                        "due_date": "2024-01-01", "due_rule": None, "evidence": {"page": 1}}],
    }  # fmt: skip
    predicted = {
        "money": [
            {"class": "scheduled", "amount": 500.0, "currency": "USD", "evidence": {"page": 1}},
            {"class": "scheduled", "amount": 900.0, "currency": "USD", "evidence": {"page": 1}},
            {"class": "other", "amount": 77.0, "currency": "USD", "evidence": {"page": 2}},
        ],
        "milestones": [
            {"name": "Fee", "kind": "payment", "amount": 500.0, "currency": "USD",
             "due_date": "2024-01-02", "evidence": {"page": 1}},
            {"name": "Cap", "kind": "payment", "amount": 900.0, "currency": "USD",
             "due_date": None, "evidence": {"page": 1}},
            {"name": "Kick-off", "kind": "kickoff", "amount": None, "evidence": {"page": 1}},
        ],
    }  # fmt: skip
    score = score_contract("x", gold, predicted)
    assert (score.recall.hit, score.recall.total) == (1, 1)
    assert (score.precision.hit, score.precision.total) == (1, 2)  # the kick-off is no payment
    assert (score.due.hit, score.due.total) == (0, 1)
    assert score.rate_cap_milestones == 1
    assert score.confusion[("cap", "scheduled")] == 1
    assert score.confusion[("rate", "-")] == 1 and score.confusion[("-", "other")] == 1
    assert (score.class_precision["scheduled"].hit, score.class_precision["scheduled"].total) == (1, 2)


def test_micro_and_macro_differ_when_one_contract_dominates():
    big, small = scorer.ContractScore("big"), scorer.ContractScore("small")
    big.recall, small.recall = scorer.Ratio(90, 100), scorer.Ratio(0, 2)
    summary = scorer.Summary([big, small])
    assert summary.micro(lambda s: s.recall) == pytest.approx(90 / 102)
    assert summary.macro(lambda s: s.recall) == pytest.approx(0.45)


def test_the_split_is_disjoint_and_every_label_file_is_in_it():
    tune, blind = set(split_slugs("tune")), set(split_slugs("blind"))
    assert not tune & blind
    labelled = {p.name.removesuffix(".expected.json") for p in LABELS.glob("*.expected.json")}
    assert labelled == tune | blind
    for slug in labelled:
        gold = json.loads((LABELS / f"{slug}.expected.json").read_text(encoding="utf-8"))
        assert {m["class"] for m in gold["money"]} <= set(scorer.CLASSES)


def test_blind_contracts_are_never_scored_one_by_one(capsys):
    with pytest.raises(SystemExit):
        scorer.main(["--part", "blind", "--contract", split_slugs("blind")[0]])
    assert "only in aggregate" in capsys.readouterr().err


# Tune contracts whose schedules the reader reads: lists of dated instalments, quarterly and
# monthly series, a milestone table, a fee per month for a stated period, fees on events.
FLOOR_CONTRACTS = (
    "cuad-diversinet-reseller-agreement-2012",
    "cuad-clickstream-development-agreement-2020",
    "cuad-healthgatedata-hosting-and-management-agreement-1-1999",
    "cuad-musclepharm-co-branding-agreement-2017",
    "uaghinc-04-14-2004-ex-10-18-maintenance-agreement",
    "bangiinc-05-25-2005-ex-10-premium-managed-hosting-agreement",
    "ashworthinc-01-29-1999-ex-10-d-promotion-agreement-and-nantz-communications-inc-",
    "loyaltypointinc-11-16-2004-ex-10-2-reseller-agreement",
)


@needs_shared
def test_floor_on_tune_contracts_the_reader_reads():
    summary = scorer.score_part("tune", only=list(FLOOR_CONTRACTS), cache=None)
    assert len(summary.contracts) == len(FLOOR_CONTRACTS)
    assert summary.micro(lambda s: s.recall) >= 0.95
    assert summary.micro(lambda s: s.precision) >= 0.95
    assert summary.micro(lambda s: s.due) >= 0.9
    assert summary.rate_cap_milestones == 0
