"""Training of the parties model (see extractor.learn.train).

Parties are a decision with several right answers per contract, so the generic one-pick
``train()`` does not fit: here every candidate is a row of a logistic regression (is it one of
CUAD's parties?), and the contract-level choice (the bars for the first, second and further
parties, see ``partydecide``) is tuned on out-of-fold scores for the scorer's own measure, the
macro F1 per contract. The calibration maps a raw score to the share of parties taken at that
score that matched a CUAD party, out of fold.

The comparison with a spaCy textcat is ``python -m extractor.learn.compare_parties``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from extractor import EXTRACTOR_VERSION
from extractor.evaluate.cuad import GoldParty, _similar, gold_parties, normal_name, party_matches
from extractor.learn import linear
from extractor.learn.dataset import Example
from extractor.learn.partydecide import MODEL, same_party
from extractor.learn.partyfeatures import described
from extractor.learn.train import BUCKETS, FOLDS, Trained, vectorise, wilson_low
from extractor.nlp.partycandidates import Candidate

CS = (0.03, 0.1, 0.3, 1.0)
WILSON_Z = 1.0  # the calibration's steps are lowered by this many standard errors
FIRST_BARS = (0.0, 0.02, 0.05, 0.1, 0.15, 0.2)  # below it, abstain
SECOND_BARS = (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
MORE_BARS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass
class PartyDoc:
    """One contract: its candidates, their features, which are CUAD parties, and CUAD's parties."""

    file: str
    candidates: list[Candidate]
    features: list[dict[str, float]]
    labels: list[int]
    gold: list[GoldParty]


@dataclass
class TrainedParties(Trained):
    bars: tuple[float, float, float] = (0.0, 0.5, 0.5)

    def report(self) -> list[str]:
        rules = f" (rules alone {self.rules_accuracy:.3f})" if self.rules_accuracy is not None else ""
        lines = [(f"{self.model.name}: cross-validated macro F1 {self.cv_accuracy:.3f}{rules}, C={self.model.meta['C']}, "
                  f"bars first/second/more {self.bars[0]:.2f}/{self.bars[1]:.2f}/{self.bars[2]:.2f}")]
        lines += [f"  confidence {bucket}: {count:4d} parties, {acc:.3f} right" for bucket, count, acc in self.reliability]
        return lines + [f"  {note}" for note in self.notes]


def label(candidate: Candidate, gold: Sequence[GoldParty]) -> int:
    """1 when the candidate's name (or a short name merged into it) is a CUAD party's name or role.

    A candidate whose role alone matches is not a positive: its name would be shown to a person.
    """
    names = [normal_name(n) for n in (candidate.name, *candidate.aliases)]
    golds = [normal_name(g) for party in gold for g in (party.name, *party.roles)]
    return int(any(_similar(n, g) for n in names for g in golds))


def party_docs(data: Sequence[Example]) -> list[PartyDoc]:
    docs = []
    for example in data:
        gold = gold_parties(example.answers.get("Parties", ""))
        found = described(example.text)
        docs.append(PartyDoc(example.file, [c for c, _ in found], [f for _, f in found],
                             [label(c, gold) for c, _ in found], gold))
    return docs


def fit(docs: Sequence[PartyDoc], c: float, seed: int) -> tuple[dict[str, float], float]:
    from sklearn.linear_model import LogisticRegression

    rows = [f for d in docs for f in d.features]
    labels = [y for d in docs for y in d.labels]
    matrix, vocabulary = vectorise(rows)
    model = LogisticRegression(C=c, max_iter=3000, random_state=seed).fit(matrix, labels)
    weights = {name: round(float(model.coef_[0][i]), 6) for name, i in vocabulary.items() if model.coef_[0][i] != 0.0}
    return weights, round(float(model.intercept_[0]), 6)


def folds(count: int, seed: int) -> list[set[int]]:
    order = np.random.default_rng(seed).permutation(count)
    return [set(order[i::FOLDS].tolist()) for i in range(FOLDS)]


def out_of_fold(docs: Sequence[PartyDoc], c: float, seed: int) -> list[list[float]]:
    """Raw scores of every candidate, each contract scored by a model that never saw it."""
    scores: list[list[float]] = [[] for _ in docs]
    for held in folds(len(docs), seed):
        model = _model(*fit([d for i, d in enumerate(docs) if i not in held], c, seed))
        for i in held:
            scores[i] = [model.score(f) for f in docs[i].features]
    return scores


def _model(weights: dict[str, float], intercept: float, bars=(0.0, 0.5, 0.5), **more) -> linear.LinearModel:
    return linear.LinearModel(MODEL, weights, intercept, threshold=bars[0],
                              meta={"second": bars[1], "more": bars[2], **more})


@dataclass
class Ranked:
    """A contract's candidates best first, without those naming a party already above them: the
    parties taken under any bars are a prefix of it, so one ranking serves the whole bar search."""

    candidates: list[Candidate]
    scores: list[float]
    right: list[bool]  # matches a CUAD party not matched higher up (the scorer's one-to-one matching)
    gold: int

    def taken(self, bars: tuple[float, float, float]) -> int:
        count = 0
        for score in self.scores:
            if score < bars[min(count, 2)]:
                break
            count += 1
        return count

    def f1(self, bars) -> float:
        count = self.taken(bars)
        hits = sum(self.right[:count])
        p = hits / count if count else 0.0
        r = hits / self.gold if self.gold else 1.0
        return 2 * p * r / (p + r) if p + r else 0.0


def ranked(docs: Sequence[PartyDoc], scores: Sequence[Sequence[float]]) -> list[Ranked]:
    out = []
    for doc, doc_scores in zip(docs, scores):
        order = sorted(zip(doc_scores, doc.candidates), key=lambda pair: -pair[0])
        kept: list[tuple[float, Candidate]] = []
        for score, candidate in order:
            if not any(same_party(candidate, other) for _, other in kept):
                kept.append((score, candidate))
        candidates = [c for _, c in kept]
        out.append(Ranked(candidates, [s for s, _ in kept], matched(candidates, doc.gold), len(doc.gold)))
    return out


def matched(taken: Sequence[Candidate], gold: Sequence[GoldParty]) -> list[bool]:
    """Which parties taken match a CUAD party, one to one, as the scorer matches them."""
    free = list(gold)
    out = []
    for candidate in taken:
        hit = next((g for g in free if party_matches(candidate.name, candidate.role, g)), None)
        if hit is not None:
            free.remove(hit)
        out.append(hit is not None)
    return out


def macro_f1(rankings: Sequence[Ranked], bars) -> float:
    return float(np.mean([r.f1(bars) for r in rankings])) if rankings else 0.0


def choose_bars(rankings: Sequence[Ranked]) -> tuple[tuple[float, float, float], float]:
    """The bars that maximise the macro F1; on ties the higher abstention bar (abstain when it costs nothing)."""
    best, best_f1 = (0.0, 0.5, 0.5), -1.0
    for bars in itertools.product(FIRST_BARS, SECOND_BARS, MORE_BARS):
        if bars[1] < bars[0]:
            continue
        f1 = macro_f1(rankings, bars)
        if f1 > best_f1 + 1e-9 or (abs(f1 - best_f1) <= 1e-9 and bars[0] > best[0]):
            best, best_f1 = bars, f1
    return best, best_f1


def outcomes(rankings: Sequence[Ranked], bars) -> tuple[list[float], list[float]]:
    """(raw score, 1.0 if right) of every party taken under ``bars``."""
    xs, ys = [], []
    for ranking in rankings:
        count = ranking.taken(bars)
        xs += ranking.scores[:count]
        ys += [float(r) for r in ranking.right[:count]]
    return xs, ys


def calibration(rankings: Sequence[Ranked], bars) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Isotonic regression of "the party taken is right" on its raw score, out of fold; each step
    of the curve lowered to the Wilson lower bound of its share right (one standard error), so that
    a step holding few parties does not promise more than it showed."""
    from sklearn.isotonic import IsotonicRegression

    xs, ys = outcomes(rankings, bars)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(xs, ys)
    fitted = iso.predict(xs)
    lowered, floor = [], 0.0
    for y in iso.y_thresholds_:
        count = int(np.sum(np.isclose(fitted, y)))
        floor = max(floor, wilson_low(float(y), max(count, 1), WILSON_Z))  # stays monotone
        lowered.append(floor)
    return tuple(round(float(x), 6) for x in iso.X_thresholds_), tuple(round(y, 6) for y in lowered)


def reliability(rankings: Sequence[Ranked], bars, model: linear.LinearModel) -> list[tuple[str, int, float]]:
    """Accuracy of the parties taken, per calibrated-confidence bucket."""
    xs, ys = outcomes(rankings, bars)
    calibrated = [model.calibrate(x) for x in xs]
    rows = []
    for low, high in itertools.pairwise(BUCKETS):
        inside = [y for p, y in zip(calibrated, ys) if low <= p < high]
        if inside:
            rows.append((f"{low:.2f}-{min(high, 1.0):.2f}", len(inside), float(np.mean(inside))))
    return rows


def rules_f1(docs: Sequence[PartyDoc], data: Sequence[Example]) -> float:
    """The macro F1 of the rules alone (the extraction the dataset cached with the models off)."""
    rankings = []
    for doc, example in zip(docs, data):
        taken = [Candidate(p.name, p.role, 0, 0) for p in example.rules.parties]
        rankings.append(Ranked(taken, [1.0] * len(taken), matched(taken, doc.gold), len(doc.gold)))
    return macro_f1(rankings, (0.0, 0.0, 0.0))


def train_models(data: Sequence[Example], seed: int) -> list[Trained]:
    docs = party_docs(data)
    results = []
    for c in CS:
        rankings = ranked(docs, out_of_fold(docs, c, seed))
        bars, f1 = choose_bars(rankings)
        results.append((f1, -c, c, bars, rankings))
    f1, _, c, bars, rankings = max(results, key=lambda r: (r[0], r[1]))
    cx, cy = calibration(rankings, bars)
    weights, intercept = fit(docs, c, seed)
    model = linear.LinearModel(
        MODEL, weights, intercept, calibration_x=cx, calibration_y=cy, threshold=bars[0],
        meta={"second": bars[1], "more": bars[2], "extractor_version": EXTRACTOR_VERSION, "C": c, "seed": seed,
              "contracts": len(docs), "cv_macro_f1": round(f1, 4)},
    )
    cuad = [i for i, example in enumerate(data) if example.source == "cuad-train"]
    note = (f"on the {len(cuad)} CUAD contracts alone: cross-validated macro F1 "
            f"{macro_f1([rankings[i] for i in cuad], bars):.3f} (rules alone "
            f"{rules_f1([docs[i] for i in cuad], [data[i] for i in cuad]):.3f})")
    return [TrainedParties(model, f1, reliability(rankings, bars, model), rules_f1(docs, data),
                           notes=[note], bars=bars)]
