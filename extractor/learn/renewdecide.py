"""The learned renewal term and notice period: which length (or none) among the candidates
that renewfeatures proposes. The notice counts only where the contract renews."""

from __future__ import annotations

from dataclasses import dataclass, replace

from extractor.learn import linear
from extractor.learn.renewfeatures import PERPETUAL, Candidate, Inputs, candidates, same_value
from models import Period, RenewalTerm

MODELS = ("renewal_term", "notice_period")


@dataclass(frozen=True)
class Decision:
    value: Period | str | None  # a length, PERPETUAL, or None
    confidence: float
    candidate: Candidate | None = None  # where the value was read (None: no value)
    best_guess: Period | str | None = None  # a value left out as too unsure (a warning names it)


def rule_choice(values: list, rule) -> object:
    """The rules' value as one of ``values`` (12 months is the candidate "1 year"), else itself."""
    if rule is None:
        return None
    return next((v for v in values if same_value(v, rule)), rule)


def decide_with(model: linear.LinearModel, options: list[Candidate], null: dict[str, float], rule,
                features: list[dict[str, float]] | None = None) -> Decision:
    values = [c.value for c in options]
    features = [c.features for c in options] if features is None else features
    value, confidence, refused = model.decide(features, null, values, rule_choice(values, rule))
    if value is None:
        return Decision(None, confidence, None, refused)
    return Decision(value, confidence, next((c for c in options if c.value == value), None))


def decide_renewal(text: str, rule_renewal: RenewalTerm | None, rule_notice: Period | None,
                   rule_term: str | None) -> dict[str, Decision]:
    """The learned renewal term and notice period of ``text`` (as keydates.readable gives it),
    given the rules' values; a field without a shipped model is absent."""
    out: dict[str, Decision] = {}
    models = {name: linear.load(name) for name in MODELS}
    if not any(models.values()):
        return out
    found = candidates(text, rule_renewal, rule_notice, rule_term)
    if models["renewal_term"] is not None:
        rule = (rule_renewal.period or PERPETUAL) if rule_renewal is not None else None
        out["renewal_term"] = decide_with(models["renewal_term"], found.renewals, found.renewal_null, rule)
    if models["notice_period"] is not None:
        out["notice_period"] = decide_with(models["notice_period"], found.notices, notice_null(found, out),
                                           rule_notice, notice_features(found, out))
    return out


def notice_null(found: Inputs, decided: dict[str, Decision]) -> dict[str, float]:
    """The notice's "none" features, with whether the renewal decided before renews."""
    renewal = decided.get("renewal_term")
    if renewal is None:
        return found.notice_null
    return {**found.notice_null, "renews" if renewal.value is not None else "renews:no": 1.0}


def notice_features(found: Inputs, decided: dict[str, Decision]) -> list[dict[str, float]]:
    """The notice candidates' features, with where each stands to the renewal decided before:
    its own length, in the same sentence, in the sentence after."""
    renewal = decided.get("renewal_term")
    if renewal is None or renewal.value is None:
        return [c.features for c in found.notices]
    own = renewal.candidate.sentences if renewal.candidate is not None else set()
    order = {start: i for i, start in enumerate(found.sentence_starts)}
    following = {found.sentence_starts[order[s] + 1] for s in own if order.get(s, -2) + 1 < len(order)}
    out = []
    for candidate in found.notices:
        extra = {"renewal:perpetual" if renewal.value == PERPETUAL else "renewal:length": 1.0}
        if same_value(candidate.value, renewal.value):
            extra["is_renewal_length"] = 1.0
        if candidate.sentences & own:
            extra["with_renewal"] = 1.0
        elif candidate.sentences & following:
            extra["after_renewal"] = 1.0
        else:
            extra["apart_from_renewal"] = 1.0
        out.append({**candidate.features, **extra})
    return out


def needs_review(name: str, decision: Decision) -> bool:
    model = linear.load(name)
    return model is not None and decision.value is not None and decision.confidence < model.review_below


def renewal_fields(text: str, renewal: str | None, term: RenewalTerm | None, notice: Period | None,
                   term_length: str | None) -> tuple[str | None, RenewalTerm | None, Period | None, list[str]]:
    """The rules' renewal (free text), renewal term and notice period as the shipped models
    decide them, each value with its calibrated confidence; and a warning for each value left
    out as too unsure. Without shipped models the rules' values stand."""
    decisions = decide_renewal(text, term, notice, term_length)
    warnings = []
    decision = decisions.get("renewal_term")
    if decision is not None:
        if decision.value is None:
            warnings += _refused("renewal term", decision)
            renewal, term = None, None
        else:
            if term is None or not same_value(term.period or PERPETUAL, decision.value):
                term = _renewal_term(decision)
                renewal = renewal_text(term, decision.candidate)
            term = replace(term, confidence=decision.confidence,
                           needs_review=needs_review("renewal_term", decision))
    decision = decisions.get("notice_period")
    if decision is not None:
        if decision.value is None:
            warnings += _refused("notice period", decision)
            notice = None
        else:
            value = notice if notice is not None and same_value(notice, decision.value) else decision.value
            notice = replace(value, confidence=decision.confidence,
                             needs_review=needs_review("notice_period", decision))
    return renewal, term, notice, warnings


def _renewal_term(decision: Decision) -> RenewalTerm:
    automatic = decision.candidate.automatic if decision.candidate is not None else True
    if decision.value == PERPETUAL:
        return RenewalTerm(automatic)
    return RenewalTerm(automatic, decision.value.value, decision.value.unit)


def renewal_text(term: RenewalTerm, candidate: Candidate | None) -> str:
    """"automatic, successive 1 year" as the rules write it; "automatic, no stated length"."""
    words = ["automatic" if term.automatic else "optional"]
    if candidate is not None and candidate.features.get("cue:successive"):
        words.append("successive")
    return f"{', '.join(words)} {term.period}" if term.period else f"{', '.join(words)}, no stated length"


def _refused(name: str, decision: Decision) -> list[str]:
    if decision.best_guess is None:
        return []
    guess = "renews, length not stated" if decision.best_guess == PERPETUAL else str(decision.best_guess)
    return [f"{name} left empty: the best guess, {guess}, is too unsure (confidence {decision.confidence:.2f})"]
