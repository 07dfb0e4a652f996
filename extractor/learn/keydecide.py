"""The learned choice of the agreement and effective dates among every date of the text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from extractor.learn import linear
from extractor.learn.datefeatures import DateCandidate, date_candidates, document_features


@dataclass(frozen=True)
class Decision:
    value: date | None
    start: int | None
    end: int | None
    confidence: float
    best_guess: date | None = None  # a value left out as too unsure (a warning names it)


def rule_dates_of(contract) -> dict[str, date | None]:
    """The rules' choices, as the features name them."""
    signed = [k.value for k in contract.key_dates if k.kind == "signing_date" and k.value]
    return {
        "agreement_date": contract.agreement_date,
        "effective_date": contract.effective_date,
        "expiration_date": contract.expiration_date,
        "signing_date": max(signed) if signed else None,
    }


def document_candidates(text: str, rule_dates, dayfirst: bool = False) -> list[DateCandidate]:
    from extractor.nlp.keydates import preamble_region, readable

    if not isinstance(rule_dates, dict):
        rule_dates = rule_dates_of(rule_dates)
    return date_candidates(readable(text), preamble_region(text), rule_dates, dayfirst)


def null_features(text: str, candidates: list[DateCandidate], rule_dates) -> dict[str, float]:
    if not isinstance(rule_dates, dict):
        rule_dates = rule_dates_of(rule_dates)
    return document_features(text, candidates, rule_dates)


def decide(name: str, candidates: list[DateCandidate], null: dict[str, float],
           rule: date | None = None) -> Decision | None:
    """The model's pick among ``candidates`` or none, given the rules' own value ``rule``;
    None when no model is shipped for ``name``."""
    model = linear.load(name)
    return None if model is None else decide_with(model, candidates, null, rule)


def decide_with(model: linear.LinearModel, candidates: list[DateCandidate], null: dict[str, float],
                rule: date | None = None) -> Decision:
    values = [c.value for c in candidates]
    value, confidence, refused = model.decide([c.features for c in candidates], null, values, rule)
    if value is None:
        return Decision(None, None, None, confidence, best_guess=refused)
    top = next((c for c in candidates if c.value == value), None)
    return Decision(value, top.start if top else None, top.end if top else None, confidence)


def term_inputs(text: str, rule_dates: dict[str, date | None], anchors: dict[str, date | None],
                dayfirst: bool = False) -> tuple[list[DateCandidate], dict[str, float]]:
    """The expiration's candidates and null features, counted from ``anchors``."""
    from extractor.learn.termfeatures import term_candidates, term_null_features
    from extractor.nlp.keydates import preamble_region, readable

    candidates = term_candidates(readable(text), preamble_region(text), anchors, rule_dates, dayfirst)
    return candidates, term_null_features(text, candidates, rule_dates)


KEY_DATE_MODELS = ("agreement_date", "effective_date", "expiration_date")


def decide_key_dates(text: str, rule_dates: dict[str, date | None], dayfirst: bool = False) -> dict[str, Decision]:
    """The learned agreement, effective and expiration dates of ``text`` (the original text, as
    the rules read it), given the rules' own choices; a field without a shipped model is absent.
    The expiration counts from the agreement and effective dates decided first."""
    out: dict[str, Decision] = {}
    candidates = document_candidates(text, rule_dates, dayfirst)
    null = null_features(text, candidates, rule_dates)
    for name in ("agreement_date", "effective_date"):
        decision = decide(name, candidates, null, rule_dates.get(name))
        if decision is not None:
            out[name] = decision
    if linear.load("expiration_date") is not None:
        anchors = {name: (out[name].value if name in out else rule_dates.get(name))
                   for name in ("agreement_date", "effective_date")}
        anchors["signing_date"] = rule_dates.get("signing_date")
        term_candidates, term_null = term_inputs(text, rule_dates, anchors, dayfirst)
        out["expiration_date"] = decide("expiration_date", term_candidates, term_null,
                                        rule_dates.get("expiration_date"))
    return out


def needs_review(name: str, decision: Decision) -> bool:
    model = linear.load(name)
    return model is not None and decision.value is not None and decision.confidence < model.review_below
