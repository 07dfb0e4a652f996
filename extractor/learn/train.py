"""Train the key-date and party models from labelled contracts.

    python -m extractor.learn.train [--seed 13] [--report]

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


@dataclass
class Trained:
    model: linear.LinearModel
    cv_accuracy: float
    reliability: list[tuple[str, int, float]]
    rules_accuracy: float | None = None

    def report(self) -> list[str]:
        rules = f" (rules alone {self.rules_accuracy:.3f})" if self.rules_accuracy is not None else ""
        lines = [(f"{self.model.name}: cross-validated accuracy {self.cv_accuracy:.3f}{rules}, "
                 f"C={self.model.meta['C']}, threshold {self.model.threshold:.2f}")]
        lines += [f"  confidence {bucket}: {count:4d} values, {acc:.3f} right"
                  for bucket, count, acc in self.reliability]
        return lines


# Each trainer turns the labelled contracts into trained models: (data, seed) -> [Trained].
TRAINERS = {  # name -> module with train_models(data, seed)
    "key dates": "extractor.learn.train_dates",
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


def fit(groups: Sequence[Group], c: float, seed: int):
    from sklearn.linear_model import LogisticRegression

    rows = [f for g in groups for f in g.features]
    labels = [y for g in groups for y in g.labels]
    matrix, vocabulary = vectorise(rows)
    model = LogisticRegression(C=c, max_iter=2000, random_state=seed, class_weight="balanced")
    model.fit(matrix, labels)
    weights = {name: float(model.coef_[0][i]) for name, i in vocabulary.items() if model.coef_[0][i] != 0.0}
    return weights, float(model.intercept_[0])


def raw_score(weights: dict[str, float], intercept: float, features: dict[str, float]) -> float:
    z = intercept + sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + np.exp(-z))


def out_of_fold(groups: Sequence[Group], c: float, seed: int) -> list[tuple[float, object]]:
    """(top score, top value) per group, each group scored by a model that never saw it."""
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(groups))
    folds = [order[i::FOLDS] for i in range(FOLDS)]
    out: list[tuple[float, object]] = [(0.0, None)] * len(groups)
    for fold in folds:
        held = set(fold.tolist())
        weights, intercept = fit([g for i, g in enumerate(groups) if i not in held], c, seed)
        for i in held:
            out[i] = best(groups[i], weights, intercept)
    return out


def best(group: Group, weights: dict[str, float], intercept: float) -> tuple[float, object]:
    if not group.features:
        return 0.0, None
    scores = [raw_score(weights, intercept, f) for f in group.features]
    top = int(np.argmax(scores))
    return float(scores[top]), group.values[top]


def choose_threshold(groups: Sequence[Group], tops: Sequence[tuple[float, object]]) -> tuple[float, float]:
    """The abstention threshold that maximises accuracy, and that accuracy."""
    best_t, best_acc = 0.0, -1.0
    for t in np.linspace(0.0, 0.99, 100):
        acc = np.mean([g.correct(v if s >= t else None) for g, (s, v) in zip(groups, tops)])
        if acc > best_acc + 1e-9:
            best_t, best_acc = float(t), float(acc)
    return best_t, best_acc


def calibration(groups: Sequence[Group], tops: Sequence[tuple[float, object]]):
    """Isotonic regression of "the top candidate is right" on its raw score (out of fold)."""
    from sklearn.isotonic import IsotonicRegression

    xs = [s for (s, v) in tops if v is not None]
    ys = [float(g.correct(v)) for g, (s, v) in zip(groups, tops) if v is not None]
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(xs, ys)
    return tuple(float(x) for x in iso.X_thresholds_), tuple(float(y) for y in iso.y_thresholds_)


def reliability(groups, tops, cx, cy, threshold) -> list[tuple[str, int, float]]:
    rows = []
    taken = [(float(np.interp(s, cx, cy)), g.correct(v)) for g, (s, v) in zip(groups, tops)
             if v is not None and s >= threshold]
    for low, high in itertools.pairwise(BUCKETS):
        inside = [right for p, right in taken if low <= p < high]
        if inside:
            rows.append((f"{low:.2f}-{min(high, 1.0):.2f}", len(inside), float(np.mean(inside))))
    return rows


def train(name: str, groups: Sequence[Group], seed: int, cs=(0.03, 0.1, 0.3, 1.0)) -> Trained:
    """Pick C by out-of-fold accuracy, then fit on everything, calibrate, set the threshold."""
    results = []
    for c in cs:
        tops = out_of_fold(groups, c, seed)
        threshold, accuracy = choose_threshold(groups, tops)
        results.append((accuracy, -c, c, tops, threshold))
    accuracy, _, c, tops, threshold = max(results, key=lambda r: (r[0], r[1]))
    cx, cy = calibration(groups, tops)
    weights, intercept = fit(groups, c, seed)
    model = linear.LinearModel(
        name=name, weights=weights, intercept=intercept, calibration_x=cx, calibration_y=cy,
        threshold=threshold, meta={"extractor_version": EXTRACTOR_VERSION, "C": c, "seed": seed,
                                   "groups": len(groups), "cv_accuracy": round(accuracy, 4)},
    )
    return Trained(model, accuracy, reliability(groups, tops, cx, cy, threshold))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.learn.train", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--report", action="store_true", help="print cross-validated scores")
    parser.add_argument("--dry-run", action="store_true", help="do not write the model files")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    data = examples("tune")
    sys.stderr.write(f"{len(data)} labelled contracts loaded in {time.perf_counter() - started:.0f}s\n")
    for module in TRAINERS.values():
        for trained in importlib.import_module(module).train_models(data, args.seed):
            if not args.dry_run:
                linear.save(trained.model)
            if args.report:
                print("\n".join(trained.report()))
    sys.stderr.write(f"trained in {time.perf_counter() - started:.0f}s\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
