"""The evaluation harness: matching rules, P/R/F1 arithmetic, and the floor on fixtures/."""

from __future__ import annotations

import json
import re

import pytest

from extractor.evaluate import fixtures as evaluate
from extractor.evaluate.fixtures import (
    EvalReport,
    FieldScore,
    evaluate_dir,
    match_milestones,
    name_overlap,
    norm_party,
    norm_text,
    score_document,
)
from tests.conftest import FIXTURES

KICKOFF = {
    "name": "Project kick-off",
    "kind": "kickoff",
    "due_date": "2025-03-17",
    "due_rule": None,
    "amount": 24000.0,
    "currency": "USD",
    "percent": 20.0,
    "evidence": {"page": 2},
}
FINAL = {
    "name": "Final payment",
    "kind": "payment",
    "due_date": None,
    "due_rule": {"offset": 30, "unit": "days", "direction": "after", "anchor": "acceptance"},
    "amount": 36000.0,
    "currency": "USD",
    "percent": 30.0,
    "evidence": {"page": 2},
}
GOLD = {
    "file": "sample",
    "title": "Master Services Agreement",
    "parties": [{"name": "Acme Corp.", "role": "Client"}, {"name": "Beta LLC", "role": "Vendor"}],
    "agreement_date": "2025-03-03",
    "effective_date": "2025-03-03",
    "expiration_date": None,
    "currency": "USD",
    "total_value": 120000.0,
    "payment_terms": {
        "net_days": 30,
        "late_fee": "1.5% per month",
        "retainage_percent": None,
        "recurring": [{"amount": 4500.0, "currency": "USD", "period": "monthly"}],
    },
    "milestones": [KICKOFF, FINAL],
}


def milestone(**changes) -> dict:
    return {**KICKOFF, **changes}


# --- arithmetic -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "precision", "recall", "f1"),
    [
        (3, 1, 1, 0.75, 0.75, 0.75),
        (2, 0, 2, 1.0, 0.5, 2 / 3),
        (1, 3, 0, 0.25, 1.0, 0.4),
        (0, 0, 2, 0.0, 0.0, 0.0),  # found nothing
        (0, 2, 0, 0.0, 0.0, 0.0),  # invented values where there are none
        (0, 0, 0, 1.0, 1.0, 1.0),  # nothing to find, nothing wrong
    ],
)
def test_field_score_arithmetic(tp, fp, fn, precision, recall, f1):
    score = FieldScore(tp, fp, fn)
    assert (score.precision, score.recall) == pytest.approx((precision, recall))
    assert score.f1 == pytest.approx(f1)
    assert score.support == tp + fn


def test_scores_add_up_over_documents():
    report = EvalReport([score_document(GOLD, GOLD), score_document({}, GOLD)])
    milestones = report.fields["milestones"]
    assert (milestones.tp, milestones.fp, milestones.fn) == (2, 0, 2)
    assert milestones.f1 == pytest.approx(2 / 3)


# --- single-valued fields ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "predicted", "counts"),
    [
        ("2025-03-03", "2025-03-03", (1, 0, 0)),
        ("2025-03-03", "2025-03-04", (0, 1, 1)),  # wrong: an FP and an FN
        ("2025-03-03", None, (0, 0, 1)),
        (None, "2025-03-03", (0, 1, 0)),  # predicted where the contract has none
        (None, None, (0, 0, 0)),  # not counted
    ],
)
def test_date_counts(gold, predicted, counts):
    result = score_document({"effective_date": predicted}, {"effective_date": gold})
    score = result.fields["effective_date"]
    assert (score.tp, score.fp, score.fn) == counts


def test_null_gold_and_null_prediction_is_not_counted():
    report = EvalReport([score_document({"expiration_date": None}, {"expiration_date": None})])
    score = report.fields["expiration_date"]
    assert not score.counted and score.support == 0
    assert re.search(r"\nexpiration_date +- +- +- +0 +0 +0 +0\n", report.render_table())


def test_a_key_absent_from_gold_is_not_scored():
    result = score_document({"title": "X", "effective_date": "2025-01-01"}, {"title": "X"})
    assert set(result.fields) == {"title"}


@pytest.mark.parametrize(
    ("field", "gold", "predicted", "right"),
    [
        ("title", "Master Services Agreement", "MASTER SERVICES AGREEMENT.", True),
        ("title", "Master Services Agreement", "Services Agreement", False),
        ("total_value", 120000.0, 120500.0, True),  # 0.42 %
        ("total_value", 120000.0, 121000.0, False),  # 0.83 %
        ("currency", "USD", "usd", True),
        ("currency", "USD", "EUR", False),
    ],
)
def test_scalar_equality(field, gold, predicted, right):
    score = score_document({field: predicted}, {field: gold}).fields[field]
    assert (score.tp == 1) is right


@pytest.mark.parametrize(
    ("path", "gold", "predicted", "right"),
    [
        ("net_days", 30, 30, True),
        ("net_days", 30, 45, False),
        ("late_fee", "1.5% per month", "interest at 1.5% per month on overdue sums", True),
        ("late_fee", "1.5% per month", "Interest: 1.5 % per Month.", True),
        ("late_fee", "1.5% per month", "15% per month", False),
        ("retainage_percent", 10.0, 10.0, True),
        ("retainage_percent", 10.0, 5.0, False),
    ],
)
def test_payment_terms(path, gold, predicted, right):
    result = score_document({"payment_terms": {path: predicted}}, {"payment_terms": {path: gold}})
    assert (result.fields[f"payment_terms.{path}"].tp == 1) is right


def test_norm_text_keeps_decimals_and_percent():
    assert norm_text("Interest at 1.5% per month.") == "interest at 1.5% per month"


# --- parties ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Acme Corp.", "ACME CORPORATION", True),
        ("The Widget Company, Inc.", "Widget Co", True),
        ("Acme, L.L.C.", "Acme LLC", True),
        ("Smith & Sons Ltd", "Smith and Sons Limited", True),
        ("Acme Corp", "Acme Holdings Corp", False),
        ("Acme Corp", "Acme Inc", True),
        ("Beta", "Alpha", False),
    ],
)
def test_party_names_normalise(a, b, same):
    assert (norm_party(a) == norm_party(b)) is same


def test_parties_one_to_one_and_roles_on_matched_only():
    predicted = {
        "parties": [
            {"name": "ACME CORPORATION", "role": "Customer"},  # right name, wrong role
            {"name": "Acme Corp", "role": "Client"},  # a repeat: FP
            {"name": "Gamma Inc.", "role": "Vendor"},  # not a party
        ]
    }
    result = score_document(predicted, GOLD)
    parties, roles = result.fields["parties"], result.fields["party roles"]
    assert (parties.tp, parties.fp, parties.fn) == (1, 2, 1)
    assert (roles.tp, roles.fp, roles.fn) == (0, 1, 1)
    party_misses = [(m.field, m.kind) for m in result.misses if m.field.startswith("part")]
    assert sorted(party_misses) == [
        ("parties", "extra"),
        ("parties", "extra"),
        ("parties", "missing"),
        ("party roles", "wrong"),
    ]


# --- recurring fees ---------------------------------------------------------------------------


def test_recurring_fees_match_on_amount_and_period():
    gold = {"payment_terms": {"recurring": GOLD["payment_terms"]["recurring"]}}
    predicted = {
        "payment_terms": {
            "recurring": [
                {"amount": 4500.0, "currency": "USD", "period": "quarterly"},
                {"amount": 4500.0, "currency": "USD", "period": "per month"},
            ]
        }
    }
    score = score_document(predicted, gold).fields["payment_terms.recurring"]
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


# --- milestones -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("predicted", "matches"),
    [
        (milestone(), True),
        (milestone(name="Kickoff meeting", due_date=None, percent=None), True),  # amount + name
        (milestone(name="Start", amount=None, percent=None), True),  # date + kind
        (milestone(name="Kick-off", kind="other", amount=None, percent=None), True),  # date+name
        (milestone(name="Delivery", kind="deliverable"), False),  # values agree, identity not
        (milestone(amount=1.0, due_date="2025-04-01", percent=None), False),  # identity only
        (milestone(amount=24200.0, due_date=None, percent=None), True),  # within 1 %
        (milestone(amount=24300.0, due_date=None, percent=None), False),  # 1.25 % off
        (milestone(amount=None, due_date=None, percent=20.0), True),  # percent agrees
    ],
)
def test_milestone_match_rule(predicted, matches):
    assert bool(match_milestones([KICKOFF], [predicted])) is matches


def test_due_rule_agreement_matches():
    predicted = {**FINAL, "name": "Balance", "amount": None, "percent": None}
    assert match_milestones([FINAL], [predicted]) == [(0, 0)]
    other_anchor = {**predicted, "due_rule": {**FINAL["due_rule"], "anchor": "invoice"}}
    assert match_milestones([FINAL], [other_anchor]) == []


def test_gold_without_values_needs_kind_and_name():
    gold = {"name": "Client approval of design", "kind": "approval"}
    assert match_milestones([gold], [{"name": "Approval of the design", "kind": "approval"}])
    assert not match_milestones([gold], [{"name": "Approval of the design", "kind": "other"}])


def test_milestones_pair_best_score_first_and_one_to_one():
    a = milestone(name="Phase 1", amount=100.0, due_date="2025-01-01", percent=None)
    b = milestone(name="Phase 2", amount=100.0, due_date="2025-02-01", percent=None)
    p1 = milestone(name="Phase 2", amount=100.0, due_date="2025-02-01", percent=None)
    p2 = milestone(name="Phase 1", amount=100.0, due_date="2025-01-01", percent=None)
    assert match_milestones([a, b], [p1, p2]) == [(0, 1), (1, 0)]
    result = score_document({"milestones": [p2, dict(p2)]}, {"milestones": [a]})
    score = result.fields["milestones"]
    assert (score.tp, score.fp, score.fn) == (1, 1, 0)


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        ("Project kick-off", "Kickoff", 1.0),
        ("Final payment", "Payment of the final invoice", 1.0),
        ("Delivery of Phase 1 Software", "Phase 1 deliverable", 2 / 3),
        ("Acceptance", "Kickoff", 0.0),
        ("", "Kickoff", 0.0),
    ],
)
def test_name_overlap(a, b, overlap):
    assert name_overlap(a, b) == pytest.approx(overlap)


def test_attribute_accuracy_over_matched_pairs():
    wrong_rule = {**FINAL["due_rule"], "anchor": "invoice"}
    predicted = {
        "milestones": [
            milestone(evidence={"page": 3, "text": "Kick-off: $24,000 (20%)"}),
            {**FINAL, "due_rule": wrong_rule, "percent": None, "evidence": None},
        ]
    }
    result = score_document(predicted, {"milestones": [KICKOFF, FINAL]})
    attrs = result.attributes
    assert result.matched_milestones == 2
    assert (attrs["due_rule"].correct, attrs["due_rule"].total) == (0, 1)  # both-null not counted
    assert (attrs["due_date"].correct, attrs["due_date"].total) == (1, 1)
    assert (attrs["amount"].correct, attrs["amount"].total) == (2, 2)
    assert (attrs["percent"].correct, attrs["percent"].total) == (1, 2)
    assert (attrs["evidence_page"].correct, attrs["evidence_page"].total) == (0, 2)
    assert attrs["name"].accuracy == attrs["kind"].accuracy == 1.0
    misses = [m for m in result.misses if m.field == "milestone attr"]
    assert len(misses) == 2  # one per pair, listing what it got wrong
    assert "due_rule 30 days after acceptance" in misses[1].gold
    assert "due_rule 30 days after invoice; percent null" in misses[1].predicted


@pytest.mark.parametrize(
    ("gold", "predicted", "counted"),
    [
        ({"acceptance_days": 10}, {"acceptance_days": 10}, (1, 1)),
        ({"acceptance_days": 10}, {}, (0, 1)),
        ({}, {"acceptance_days": 5}, (0, 1)),  # an acceptance window gold does not have
        ({}, {}, (0, 0)),
        ({"deemed_acceptance": True}, {"deemed_acceptance": True}, (1, 1)),
        ({"deemed_acceptance": False}, {}, (0, 0)),  # false is no value
    ],
)
def test_acceptance_attributes(gold, predicted, counted):
    result = score_document(
        {"milestones": [{**KICKOFF, **predicted}]}, {"milestones": [{**KICKOFF, **gold}]}
    )
    name = next(iter(gold or predicted or {"acceptance_days": 0}))
    accuracy = result.attributes.get(name)
    assert ((accuracy.correct, accuracy.total) if accuracy else (0, 0)) == counted


def test_a_missed_milestone_shows_the_unmatched_prediction_it_resembles():
    wrong_anchor = {**FINAL, "amount": None, "percent": None}
    wrong_anchor["due_rule"] = {**FINAL["due_rule"], "anchor": "invoice"}
    result = score_document({"milestones": [wrong_anchor]}, {"milestones": [FINAL]})
    score = result.fields["milestones"]
    assert (score.tp, score.fp, score.fn) == (0, 1, 1)
    missing = next(m for m in result.misses if m.kind == "missing")
    assert "30 days after invoice" in missing.predicted
    assert "near" in evaluate.render_miss(missing)


# --- running over a directory -----------------------------------------------------------------


def write_pair(directory, slug: str, gold: dict, text: str = "sample") -> None:
    (directory / f"{slug}.txt").write_text(text, encoding="utf-8")
    (directory / f"{slug}.expected.json").write_text(json.dumps(gold), encoding="utf-8")


def test_evaluate_dir_with_a_stand_in_extractor(tmp_path):
    write_pair(tmp_path, "alpha", {**GOLD, "file": "alpha"})
    write_pair(tmp_path, "beta", {**GOLD, "file": "beta", "title": "Pilot Agreement"})
    (tmp_path / "alpha.pdf").write_bytes(b"not looked at: only txt is asked for")

    def predict(path, settings):
        if path.stem == "beta":
            raise ValueError("cannot read")
        return dict(GOLD), 3

    report = evaluate_dir(tmp_path, formats=("txt",), predict=predict)
    assert [(d.file, d.format) for d in report.documents] == [("alpha", "txt"), ("beta", "txt")]
    assert report.pages == 3 and report.docs_per_s > 0
    assert [d.file for d in report.errors] == ["beta"]
    assert report.fields["title"].f1 == pytest.approx(2 / 3)  # beta found nothing
    assert report.for_format("txt").fields["milestones"].support == 4
    table = report.render_table()
    assert "ERROR beta.txt: ValueError: cannot read" in table
    assert '"Pilot Agreement"' in report.render_misses()


def test_evaluate_cli_runs_the_real_pipeline(tmp_path, capsys):
    pytest.importorskip("docx")
    import docx

    write_pair(tmp_path, "alpha", GOLD, "MASTER SERVICES AGREEMENT\n\nThis Agreement is made.")
    document = docx.Document()
    document.add_paragraph("PILOT AGREEMENT")
    document.save(tmp_path / "beta.docx")
    (tmp_path / "beta.expected.json").write_text(json.dumps({"title": "Pilot Agreement"}))
    assert evaluate.main([str(tmp_path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(r["file"], r["format"], r["error"]) for r in report["results"]] == [
        ("alpha", "txt", None),
        ("beta", "docx", None),
    ]
    assert report["fields"]["title"]["support"] == 2


# F1 on fixtures/ (pdf + docx) when the harness landed, rounded down: the lead raises these as
# extraction improves (target 0.95 everywhere); never lower one to make a change pass.
# Issue 3's target is F1 >= 0.95 on every field; today every field scores 1.0 but milestones
# (0.994). A drop below these fails CI.
FIXTURE_F1_FLOOR = {
    "title": 0.98,
    "parties": 0.98,
    "party roles": 0.98,
    "agreement_date": 0.98,
    "effective_date": 0.98,
    "expiration_date": 0.98,
    "currency": 0.98,
    "total_value": 0.98,
    "payment_terms.net_days": 0.98,
    "payment_terms.late_fee": 0.98,
    "payment_terms.retainage_percent": 0.98,
    "payment_terms.recurring": 0.98,
    "milestones": 0.97,
}


@pytest.mark.skipif(
    not list(FIXTURES.glob("*.expected.json")), reason="fixtures/ holds no expected JSON yet"
)
def test_fixture_scores_keep_their_floor():
    report = evaluate_dir(FIXTURES, formats=("pdf", "docx"))
    assert report.documents and not report.errors
    below = {
        name: round(report.fields[name].f1, 3)
        for name, floor in FIXTURE_F1_FLOOR.items()
        if report.fields[name].f1 < floor
    }
    assert not below, f"F1 below its floor: {below}\n{report.render_table()}"
