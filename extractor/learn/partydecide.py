"""The learned choice of a contract's parties among the candidate names of its text.

Every candidate gets a score from the ``parties`` linear model. The best is taken unless it
scores below the model's abstention threshold (then no party is given, and the warning names the
best guess); the next best is taken above a lower bar (a contract has two parties far more often
than one), any further one above a higher bar. A candidate that names a party already taken (the
same role, or the same name) is skipped. Each party taken carries its calibrated confidence;
the parties are given in the order the text names them.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from extractor.learn import linear
from extractor.learn.partyfeatures import described
from extractor.nlp.partycandidates import Candidate, key_of

MODEL = "parties"
SAME_NAME_RATIO = 0.88


@dataclass(frozen=True)
class Chosen:
    candidate: Candidate
    confidence: float  # calibrated: the share of parties scored so that were right
    needs_review: bool


@dataclass(frozen=True)
class Decision:
    parties: tuple[Chosen, ...]
    best_guess: Candidate | None = None  # the top candidate when the model abstains
    best_confidence: float = 0.0


def decide(text: str) -> Decision | None:
    """The model's parties for ``text``; None when no model is shipped (the rules decide)."""
    model = linear.load(MODEL)
    if model is None:
        return None
    scored = sorted(((model.score(f), c) for c, f in described(text)), key=lambda pair: -pair[0])
    return choose(model, scored)


def choose(model: linear.LinearModel, scored: list[tuple[float, Candidate]]) -> Decision:
    """Parties from candidates sorted by raw score, best first (see the module docstring)."""
    if not scored:
        return Decision(())
    top_score, top = scored[0]
    if top_score < model.threshold:
        return Decision((), top, model.calibrate(top_score))
    bars = (model.threshold, model.meta.get("second", 0.5), model.meta.get("more", 0.5))
    taken: list[Chosen] = []
    for score, candidate in scored:
        if score < bars[min(len(taken), 2)]:
            break
        if any(same_party(candidate, chosen.candidate) for chosen in taken):
            continue
        confidence = round(model.calibrate(score), 2)  # as the JSON and the store keep it
        taken.append(Chosen(candidate, confidence, confidence < model.review_below))
    return Decision(tuple(sorted(taken, key=lambda chosen: chosen.candidate.start)))  # as the text names them


def same_party(a: Candidate, b: Candidate) -> bool:
    """Do two candidates name one party: the same role, or a name that is the other's name or role?"""
    if a.role and b.role and key_of(a.role) == key_of(b.role):
        return True
    if _similar(a.key, b.key):
        return True
    return bool(b.role and _similar(a.key, key_of(b.role)) or a.role and _similar(b.key, key_of(a.role)))


def _similar(a: str, b: str) -> bool:
    """The same name but for a typo or two ("Bank of America, N. A" and "Bank of America, N.A.")."""
    if not (a and b):
        return False
    if a == b:
        return True
    matcher = SequenceMatcher(None, a, b)  # the quick ratios bound ratio() from above, cheaply
    return (matcher.real_quick_ratio() >= SAME_NAME_RATIO and matcher.quick_ratio() >= SAME_NAME_RATIO
            and matcher.ratio() >= SAME_NAME_RATIO)
