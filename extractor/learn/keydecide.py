"""The learned choice of the agreement and effective dates among every date of the text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from extractor.learn import linear
from extractor.learn.datefeatures import (
    DateCandidate,
    Mention,
    date_candidates,
    document_features,
    read_mentions,
)


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


@dataclass
class Reading:
    """A text as the key-date decisions read it: the original, the rewritten ``readable`` text
    (same offsets), the preamble, and its date mentions (read once, for every decision)."""

    text: str
    readable: str
    preamble: tuple[int, int]
    dayfirst: bool = False
    _mentions: list[Mention] | None = None

    @classmethod
    def of(cls, text: str, dayfirst: bool = False) -> Reading:
        from extractor.nlp.keydates import preamble_region, readable

        return cls(text, readable(text), preamble_region(text), dayfirst)

    @property
    def mentions(self) -> list[Mention]:
        if self._mentions is None:
            self._mentions = read_mentions(self.readable, self.preamble, self.dayfirst)
        return self._mentions


def document_candidates(reading: Reading, rule_dates) -> list[DateCandidate]:
    if not isinstance(rule_dates, dict):
        rule_dates = rule_dates_of(rule_dates)
    return date_candidates(reading.mentions, rule_dates)


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


def term_inputs(reading: Reading, rule_dates: dict[str, date | None],
                anchors: dict[str, date | None]) -> tuple[list[DateCandidate], dict[str, float]]:
    """The expiration's candidates and null features, counted from ``anchors``."""
    from extractor.learn.termfeatures import term_candidates, term_null_features

    candidates = term_candidates(reading.readable, reading.mentions, anchors, rule_dates)
    return candidates, term_null_features(reading.text, candidates, rule_dates)


KEY_DATE_MODELS = ("agreement_date", "effective_date", "expiration_date")


def decide_key_dates(reading: Reading, rule_dates: dict[str, date | None]) -> dict[str, Decision]:
    """The learned agreement, effective and expiration dates of a text, given the rules' own
    choices; a field without a shipped model is absent. The expiration counts from the
    agreement and effective dates decided first."""
    out: dict[str, Decision] = {}
    candidates = document_candidates(reading, rule_dates)
    null = null_features(reading.text, candidates, rule_dates)
    for name in ("agreement_date", "effective_date"):
        decision = decide(name, candidates, null, rule_dates.get(name))
        if decision is not None:
            out[name] = decision
    if linear.load("expiration_date") is not None:
        anchors = {name: (out[name].value if name in out else rule_dates.get(name))
                   for name in ("agreement_date", "effective_date")}
        anchors["signing_date"] = rule_dates.get("signing_date")
        term_candidates, term_null = term_inputs(reading, rule_dates, anchors)
        out["expiration_date"] = decide("expiration_date", term_candidates, term_null,
                                        rule_dates.get("expiration_date"))
    return out


def needs_review(name: str, decision: Decision) -> bool:
    model = linear.load(name)
    return model is not None and decision.value is not None and decision.confidence < model.review_below
