"""Train the key-date and party models from labelled contracts.

    python -m extractor.learn.train [--seed 13] [--report] [--only "renewal and notice"]

Reads the tune part of ``../shared/cuad-train`` (the seeded split in fixtures/cuad/split.json)
and ``../shared/corpus``, and writes ``extractor/learn/models/*.json``. Needs the ``dev`` extra
(scikit-learn); the package reads the JSON with numpy alone. The same seed and data give the
same files. ``--report`` prints the cross-validated scores on the tune part (5 folds by
contract) and the reliability table; the blind part is never read here.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from extractor import EXTRACTOR_VERSION
from extractor.learn import linear
from extractor.learn.dataset import examples

FOLDS = 5
BUCKETS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


@dataclass
class Group:
    """One decision in one contract: its candidates, which are right, and how to judge a pick."""

    file: str
    features: list[dict[str, float]]
    labels: list[int]
    values: list = field(default_factory=list)
    correct: Callable[[object], bool] = lambda value: False  # is this prediction right (None = abstain)?
    null: dict[str, float] = field(default_factory=dict)  # features of "none of them"
    rule: object = None  # what the rules alone chose


@dataclass
class Trained:
    model: linear.LinearModel
    cv_accuracy: float
    reliability: list[tuple[str, int, float]]
    rules_accuracy: float | None = None
    picks: list[tuple[object, float]] = field(default_factory=list)  # out of fold, per group
    notes: list[str] = field(default_factory=list)  # more report lines, a trainer's own

    def report(self) -> list[str]:
        rules = f" (rules alone {self.rules_accuracy:.3f})" if self.rules_accuracy is not None else ""
        lines = [(f"{self.model.name}: cross-validated accuracy {self.cv_accuracy:.3f}{rules}, "
                  f"C={self.model.meta['C']}, threshold {self.model.threshold:.2f}, "
                  f"overrules the rules at {self.model.override:.2f}, fills their gaps at "
                  f"{self.model.fill:.2f}, leaves a value the rules did not give out below "
                  f"{self.model.abstain_below:.2f}, review below {self.model.review_below:.2f}")]
        lines += [f"  confidence {bucket}: {count:4d} values, {acc:.3f} right"
                  for bucket, count, acc in self.reliability]
        return lines + [f"  {note}" for note in self.notes]


# Each trainer turns the labelled contracts into trained models: (data, seed) -> [Trained].
TRAINERS = {  # name -> module with train_models(data, seed)
    "key dates": "extractor.learn.train_dates",
    "parties": "extractor.learn.train_parties",
    "renewal and notice": "extractor.learn.train_renewal",
}


def vectorise(rows: Sequence[dict[str, float]], vocabulary: dict[str, int] | None = None):
    from scipy.sparse import csr_matrix

    if vocabulary is None:
        names = sorted({name for row in rows for name in row})
        vocabulary = {name: i for i, name in enumerate(names)}
    data, indices, indptr = [], [], [0]
    for row in rows:
        for name, value in row.items():
            index = vocabulary.get(name)
            if index is not None:
                indices.append(index)
                data.append(value)
        indptr.append(len(indices))
    matrix = csr_matrix((data, indices, indptr), shape=(len(rows), len(vocabulary)))
    return matrix, vocabulary


def _design(groups: Sequence[Group], vocabulary: dict[str, int] | None = None):
    """One matrix of every option (each group's null option first, then its candidates)."""
    rows, bounds, right = [], [], []
    for group in groups:
        begin = len(rows)
        rows.append(null_row(group.null))
        rows += group.features
        bounds.append((begin, len(rows)))
        labels = [0, *group.labels]
        if not any(group.labels):
            labels[0] = 1 if group.correct(None) else 0
        right.append(np.array(labels, dtype=bool))
    matrix, vocabulary = vectorise(rows, vocabulary)
    return matrix, vocabulary, bounds, right


def null_row(features: dict[str, float]) -> dict[str, float]:
    """The option "none of the candidates": a bias and the group's own features, apart."""
    return {"null:bias": 1.0, **{f"null:{name}": value for name, value in features.items()}}


def fit(groups: Sequence[Group], c: float, seed: int) -> dict[str, float]:
    """A conditional logit: softmax over each group's options (null + candidates), maximising
    the probability of the right ones, with an L2 penalty of 1/(2C). Deterministic (L-BFGS)."""
    from scipy.optimize import minimize

    usable = [g for g in groups if any(g.labels) or g.correct(None)]
    matrix, vocabulary, bounds, right = _design(usable)
    csr = matrix.tocsr()

    def loss(w):
        scores = csr @ w
        total, grad_rows = 0.0, np.zeros_like(scores)
        for (begin, end), ok in zip(bounds, right):
            s = scores[begin:end]
            s = s - s.max()
            p = np.exp(s)
            p /= p.sum()
            p_right = p[ok].sum()
            total -= np.log(max(p_right, 1e-300))
            q = np.where(ok, p, 0.0) / max(p_right, 1e-300)
            grad_rows[begin:end] = p - q
        penalty = 0.5 / c
        return total + penalty * w @ w, csr.T @ grad_rows + 2 * penalty * w

    start = np.zeros(matrix.shape[1])
    result = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return {name: float(result.x[i]) for name, i in vocabulary.items() if abs(result.x[i]) > 1e-6}


def probabilities(weights: dict[str, float], group: Group) -> np.ndarray:
    """Softmax over [null, *candidates]."""
    rows = [null_row(group.null), *group.features]
    scores = np.array([sum(weights.get(k, 0.0) * v for k, v in row.items()) for row in rows])
    scores -= scores.max()
    p = np.exp(scores)
    return p / p.sum()


def out_of_fold(groups: Sequence[Group], c: float, seed: int) -> list[np.ndarray]:
    """Each group's option probabilities from a model that never saw it (5 folds)."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(groups))
    folds = [order[i::FOLDS] for i in range(FOLDS)]
    out: list[np.ndarray] = [np.ones(1)] * len(groups)
    for fold in folds:
        held = set(fold.tolist())
        weights = fit([g for i, g in enumerate(groups) if i not in held], c, seed)
        for i in held:
            out[i] = probabilities(weights, groups[i])
    return out


def decisions(groups: Sequence[Group], probs: Sequence[np.ndarray], threshold: float,
              override: float, fill: float) -> list[tuple[object, float]]:
    """(value, probability of that value) per group under the policy of linear.decide_value."""
    return [linear.decide_value(p, g.values, g.rule, threshold, override, fill) for g, p in zip(groups, probs)]


# The rules were written for drafting the training contracts lack (order forms, purchase orders,
# UK deeds, letters): the model overrules them only as far as the out-of-fold accuracy says it
# clearly should. A policy within this much of the best accuracy (about three contracts in 300)
# that overrules the rules less is preferred.
OVERRULE_TOLERANCE = 0.01


def choose_policy(groups: Sequence[Group], probs: Sequence[np.ndarray],
                  tolerance: float = OVERRULE_TOLERANCE) -> tuple[float, float, float, float]:
    """(threshold, override, fill, accuracy): the abstention threshold on "some candidate is
    right" and the confidence the model needs to overrule the rules' value, or to give one
    where the rules found none (see OVERRULE_TOLERANCE)."""
    levels = (1.01, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5, 0.0)
    results = []
    for override in levels:
        for fill in levels:
            for threshold in np.linspace(0.05, 0.95, 19):
                picks = decisions(groups, probs, float(threshold), override, fill)
                accuracy = float(np.mean([g.correct(v) for g, (v, _) in zip(groups, picks)]))
                results.append((accuracy, override, fill, float(threshold)))
    top = max(r[0] for r in results)
    # the most cautious policy near the best: highest override, then highest fill
    accuracy, override, fill, threshold = max((r for r in results if r[0] >= top - tolerance),
                                              key=lambda r: (r[1], r[2], r[0]))
    return threshold, override, fill, accuracy


def calibration(groups: Sequence[Group], picks: Sequence[tuple[object, float]]):
    """(x, cautious y, plain y) of an isotonic regression of "the value taken is right" on its
    probability (out of fold). The cautious steps are each lowered to a one-sided 95 % lower
    bound of their share right, so a step of 20 values all right does not promise 1.00 (on the
    blind split, the plain curve's values at 0.95 and up were right 0.92 of the time)."""
    from sklearn.isotonic import IsotonicRegression

    xs = [s for (v, s) in picks if v is not None]
    ys = [float(g.correct(v)) for g, (v, s) in zip(groups, picks) if v is not None]
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(xs, ys)
    return (tuple(float(x) for x in iso.X_thresholds_), lowered_steps(iso, xs),
            tuple(float(y) for y in iso.y_thresholds_))


WILSON_Z = 1.645  # each calibration step lowered to a one-sided 95 % lower bound of its share right


def lowered_steps(iso, xs: Sequence[float], z: float = WILSON_Z) -> tuple[float, ...]:
    """The isotonic curve's steps, each at the Wilson lower bound of its share right, kept
    monotone."""
    fitted = iso.predict(xs)
    lowered, floor = [], 0.0
    for y in iso.y_thresholds_:
        count = max(int(np.sum(np.isclose(fitted, y))), 1)
        floor = max(floor, wilson_low(float(y), count, z))
        lowered.append(floor)
    return tuple(lowered)


def wilson_low(share: float, count: int, z: float = WILSON_Z) -> float:
    """The lower end of the Wilson score interval of a share seen on ``count`` values."""
    centre = share + z * z / (2 * count)
    margin = z * np.sqrt(share * (1 - share) / count + z * z / (4 * count * count))
    return float(max(0.0, (centre - margin) / (1 + z * z / count)))


# A value whose cautious confidence is below this (its step of the curve may well be right less
# than four times in five in cross-validation against CUAD's answers, which are themselves not
# free of slips) is marked needs_review for a person to confirm.
REVIEW_BELOW = 0.7


def reliability(groups, picks, cx, cy) -> list[tuple[str, int, float]]:
    rows = []
    taken = [(float(np.interp(s, cx, cy)), g.correct(v)) for g, (v, s) in zip(groups, picks) if v is not None]
    for low, high in itertools.pairwise(BUCKETS):
        inside = [right for p, right in taken if low <= p < high]
        if inside:
            rows.append((f"{low:.2f}-{min(high, 1.0):.2f}", len(inside), float(np.mean(inside))))
    return rows


# The bars tried for leaving a value the rules did not give out (see linear.ABSTAIN_BELOW); of
# equally accurate ones, the highest (the most cautious) is kept. None below 0.65: the training
# contracts lack drafting users bring (order forms, schedules of dates), where a guess the model
# is barely sure of is more often a milestone's date than the contract's (a bar of 0.5 took the
# first date of a payment table as an order form's agreement date).
ABSTAIN_BARS = (0.65, 0.7, 0.75)


def abstained(groups: Sequence[Group], picks: Sequence[tuple[object, float]], cx, share,
              bar: float) -> list[tuple[object, float]]:
    """The picks as the model decides at run time: a value the rules did not give is left out
    when its share right in cross-validation is below ``bar``."""
    return [(None, s) if v is not None and v != g.rule and np.interp(s, cx, share) < bar else (v, s)
            for g, (v, s) in zip(groups, picks)]


def train(name: str, groups: Sequence[Group], seed: int, cs=(0.1, 0.3, 1.0, 3.0),
          tolerance: float = OVERRULE_TOLERANCE) -> Trained:
    """Pick C and the policy by out-of-fold accuracy, then fit on everything and calibrate.
    ``tolerance``: see OVERRULE_TOLERANCE (a field stated in few contracts needs a smaller one)."""
    results = []
    for c in cs:
        probs = out_of_fold(groups, c, seed)
        threshold, override, fill, accuracy = choose_policy(groups, probs, tolerance)
        results.append((accuracy, -c, c, probs, threshold, override, fill))
    accuracy, _, c, probs, threshold, override, fill = max(results, key=lambda r: (r[0], r[1]))
    picks = decisions(groups, probs, threshold, override, fill)
    cx, cy, share = calibration(groups, picks)
    accuracy, _, abstain, picks = max(
        (float(np.mean([g.correct(v) for g, (v, _) in zip(groups, kept)])), bar, bar, kept)
        for bar in ABSTAIN_BARS for kept in [abstained(groups, picks, cx, share, bar)])
    weights = fit(groups, c, seed)
    model = linear.LinearModel(
        name=name, weights=weights, intercept=0.0, calibration_x=cx, calibration_y=cy, share_y=share,
        threshold=threshold, override=override, fill=fill, kind="choice", review_below=REVIEW_BELOW,
        abstain_below=abstain,
        meta={"extractor_version": EXTRACTOR_VERSION, "C": c, "seed": seed,
              "groups": len(groups), "cv_accuracy": round(accuracy, 4)},
    )
    return Trained(model, accuracy, reliability(groups, picks, cx, cy), picks=list(picks))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.learn.train", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--report", action="store_true", help="print cross-validated scores")
    parser.add_argument("--dry-run", action="store_true", help="do not write the model files")
    parser.add_argument("--only", choices=sorted(TRAINERS), action="append",
                        help="train only these models (repeatable); the others' files stay as they are")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    data = examples("tune")
    sys.stderr.write(f"{len(data)} labelled contracts loaded in {time.perf_counter() - started:.0f}s\n")
    for name, module in TRAINERS.items():
        if args.only and name not in args.only:
            continue
        for trained in importlib.import_module(module).train_models(data, args.seed):
            if not args.dry_run:
                linear.save(trained.model)
            if args.report:
                print("\n".join(trained.report()))
    sys.stderr.write(f"trained in {time.perf_counter() - started:.0f}s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
