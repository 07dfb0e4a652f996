"""The learned key-date decisions: shipped models, the policy, abstention, review flags."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from extractor import EXTRACTOR_VERSION, extract
from extractor.learn import linear, switch
from extractor.learn.train import Group, choose_policy, fit, probabilities
from tests.conftest import make_document

STATE_CONTRACT = (
    'This Contract is entered into by and between the State of Ohio ("State") and Acme Paving, Inc., '
    'an Ohio corporation with offices at 1 Main Street, Columbus ("Contractor").\n\n1. TERM. The term '
    "of this Contract begins on July 1, 2025 and ends on June 30, 2026."
)
ORDER_SCHEDULE = (
    "The Implementation Fee is invoiced in accordance with the following schedule:\n\n"
    "Milestone                              Due Date              Amount\n"
    "2. Configuration Complete              May 16, 2025          USD 8,400.00\n"
    "3. Go-Live (production cut-over)       June 27, 2025         USD 6,300.00\n"
)


@pytest.mark.parametrize("name", ["agreement_date", "effective_date", "expiration_date"])
def test_models_ship_inside_the_package_with_the_extractor_version(name):
    model = linear.load(name)
    assert model is not None, f"extractor/learn/models/{name}.json is missing"
    assert model.meta["extractor_version"] == EXTRACTOR_VERSION
    assert model.kind == "choice" and model.weights
    assert list(model.calibration_x) == sorted(model.calibration_x)
    assert list(model.calibration_y) == sorted(model.calibration_y)  # isotonic: never decreasing


def test_key_dates_carry_a_confidence_and_a_clear_date_needs_no_review():
    contract = extract(make_document(
        'THIS SUPPLY AGREEMENT (the "Agreement") is made and entered into as of March 3, 2021 (the '
        '"Effective Date") by and between Acme Inc. ("Acme") and Beta LLC ("Beta").\n'
        "1. Term. This Agreement shall continue for a period of three (3) years from the Effective Date."))
    dates = {k.kind: k for k in contract.key_dates}
    assert dates["agreement_date"].value == date(2021, 3, 3)
    assert dates["effective_date"].value == date(2021, 3, 3)
    assert dates["expiration_date"].value == date(2024, 3, 3)
    for kind in ("agreement_date", "effective_date"):
        assert dates[kind].confidence >= linear.load(kind).review_below and not dates[kind].needs_review


def test_a_date_the_rules_did_not_give_is_left_empty_or_flagged_for_review():
    contract = extract(make_document(STATE_CONTRACT))
    assert contract.agreement_date is None
    assert any(w.startswith("agreement date left empty: the best guess, 2025-07-01") for w in contract.warnings)
    effective = next(k for k in contract.key_dates if k.kind == "effective_date")
    assert effective.value == date(2025, 7, 1)
    assert effective.confidence < 0.9 and effective.needs_review


def test_an_unsure_date_is_flagged_for_review_in_the_json():
    contract = extract(make_document(
        'This Contract is entered into by and between the State of Ohio ("State") and Acme Paving, Inc. '
        '("Contractor"), effective July 1, 2025.\n\n1. TERM. The term of this Contract ends on June 30, 2026.'))
    agreement = next(k for k in contract.key_dates if k.kind == "agreement_date")
    assert agreement.value == date(2025, 7, 1)
    assert agreement.confidence < linear.load("agreement_date").review_below and agreement.needs_review
    data = next(k for k in contract.to_dict()["key_dates"] if k["kind"] == "agreement_date")
    assert data["needs_review"] is True and data["confidence"] == pytest.approx(agreement.confidence, abs=0.01)


def test_an_unsure_date_stays_empty_with_a_warning_naming_the_best_guess():
    contract = extract(make_document(ORDER_SCHEDULE))
    assert contract.agreement_date is None
    assert any(w.startswith("agreement date left empty: the best guess, 2025-0") for w in contract.warnings)


def test_with_models_off_the_rules_alone_decide():
    with switch.models_off():
        contract = extract(make_document(STATE_CONTRACT))
    assert contract.agreement_date is None  # the rules take no date that is not cued as the agreement's
    assert all(k.confidence is None for k in contract.key_dates)


def _group(values, features, labels, rule=None, answer=None):
    return Group(file="x", features=features, labels=labels, values=values, rule=rule,
                 correct=lambda v, a=answer: v == a, null={"short": 1.0})


def test_training_is_deterministic_and_learns_the_cue():
    groups = [
        _group(["a", "b"], [{"cue": 1.0}, {"other": 1.0}], [1, 0], answer="a"),
        _group(["c", "d"], [{"other": 1.0}, {"cue": 1.0}], [0, 1], answer="d"),
        _group(["e"], [{"other": 1.0}], [0], answer=None),
    ] * 4
    first, second = fit(groups, 1.0, 13), fit(groups, 1.0, 13)
    assert first == second
    assert first["cue"] > first["other"]
    p = probabilities(first, groups[0])
    assert p[1] > p[2] and np.isclose(p.sum(), 1.0)


def test_the_policy_keeps_the_rules_unless_the_model_is_clearly_better():
    # the rules are right on every group: the chosen policy never needs to overrule them
    groups = [_group(["a", "b"], [{"x": 1.0}, {"y": 1.0}], [1, 0], rule="a", answer="a")] * 5
    probs = [np.array([0.1, 0.3, 0.6])] * 5  # the model prefers the wrong "b"
    _threshold, override, _fill, accuracy = choose_policy(groups, probs)
    assert accuracy == 1.0 and override > 0.6


def test_model_files_are_plain_json():
    for path in linear.MODELS.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert {"name", "kind", "weights", "calibration", "threshold", "override", "fill"} <= set(data)
