"""The learned choice of the agreement and effective dates among every date of the text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from extractor.learn import linear
from extractor.learn.datefeatures import DateCandidate, date_candidates


@dataclass(frozen=True)
class Decision:
    value: date | None
    start: int | None
    end: int | None
    confidence: float
    best_guess: date | None = None  # the top candidate when the model abstains


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


def decide(name: str, candidates: list[DateCandidate]) -> Decision | None:
    """The model's pick among ``candidates``; None when no model is shipped for ``name``."""
    model = linear.load(name)
    if model is None:
        return None
    if not candidates:
        return Decision(None, None, None, 0.0)
    scored = [(model.score(c.features), c) for c in candidates]
    raw, top = max(scored, key=lambda pair: pair[0])
    confidence = model.calibrate(raw)
    if raw < model.threshold:
        return Decision(None, None, None, confidence, best_guess=top.value)
    return Decision(top.value, top.start, top.end, confidence)
