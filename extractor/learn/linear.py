"""A trained linear model read from JSON: sparse named features -> calibrated probability.

The file holds the feature names and weights of a logistic regression, its intercept, and a
calibration curve (isotonic regression on out-of-fold scores, as points to interpolate), so
that ``probability`` is the share of values at that score that were right in cross-validation.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

MODELS = Path(__file__).with_name("models")
# A value the rules did not give is taken only when it was right at least this often in
# cross-validation; below it the field stays empty and a warning names the best guess. A model
# file states its own bar (the trainer picks it out of fold); this is for older files.
ABSTAIN_BELOW = 0.65


class ModelError(Exception):
    """A model file is missing or was trained for another version of the extractor."""


@dataclass(frozen=True)
class LinearModel:
    name: str
    weights: dict[str, float]
    intercept: float
    calibration_x: tuple[float, ...] = ()
    calibration_y: tuple[float, ...] = ()
    # the share right at each calibration_x as cross-validation saw it, before calibration_y's
    # steps were lowered to a cautious bound: what the abstain decision weighs
    share_y: tuple[float, ...] = ()
    abstain_below: float = ABSTAIN_BELOW
    threshold: float = 0.5  # below it the best candidate is not taken (abstain)
    review_below: float = 0.9  # below it a value taken is marked needs_review
    kind: str = "binary"  # "choice": a softmax over a group's options (see choose)
    override: float = 0.0  # the confidence a choice needs to overrule the rules' value ...
    fill: float = 0.0  # ... and to give a value where the rules found none
    meta: dict = field(default_factory=dict)

    def linear(self, features: dict[str, float]) -> float:
        weights = self.weights
        return self.intercept + sum(weights.get(name, 0.0) * value for name, value in features.items())

    def probabilities(self, options: list[dict[str, float]], null: dict[str, float]) -> np.ndarray:
        """A choice model's softmax over [none, *options]."""
        rows = [{"null:bias": 1.0, **{f"null:{k}": v for k, v in null.items()}}, *options]
        scores = np.array([self.linear(row) for row in rows])
        p = np.exp(scores - scores.max())
        return p / p.sum()

    def decide(self, options: list[dict[str, float]], null: dict[str, float], values: list,
               rule) -> tuple[object, float, object]:
        """(value, calibrated confidence, refused) by ``decide_value``'s policy; ``refused`` is
        the value left out because the model was too unsure of it (see ABSTAIN_BELOW), or the
        rules' value the model overruled with none."""
        p = self.probabilities(options, null)
        value, probability = decide_value(p, values, rule, self.threshold, self.override, self.fill)
        confidence = self.calibrate(probability)
        if value is not None and value != rule and self.share(probability) < self.abstain_below:
            return None, confidence, value
        if value is None and rule is not None:
            return None, confidence, rule
        return value, confidence, None

    def score(self, features: dict[str, float]) -> float:
        """A binary model's raw probability (logistic regression)."""
        z = self.linear(features)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probability(self, features: dict[str, float]) -> float:
        """A binary model's calibrated probability that the candidate is right."""
        return self.calibrate(self.score(features))

    def calibrate(self, raw: float) -> float:
        if not self.calibration_x:
            return raw
        return float(np.interp(raw, self.calibration_x, self.calibration_y))

    def share(self, raw: float) -> float:
        """The share of values right at this raw score in cross-validation (uncautious)."""
        if not self.share_y:
            return self.calibrate(raw)
        return float(np.interp(raw, self.calibration_x, self.share_y))

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "override": self.override,
            "fill": self.fill,
            "review_below": self.review_below,
            "abstain_below": self.abstain_below,
            "calibration": {"x": list(self.calibration_x), "y": list(self.calibration_y),
                            **({"share": list(self.share_y)} if self.share_y else {})},
            "meta": self.meta,
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        calibration = data.get("calibration") or {}
        return cls(
            name=data["name"],
            weights={k: float(v) for k, v in data["weights"].items()},
            intercept=float(data["intercept"]),
            calibration_x=tuple(calibration.get("x", ())),
            calibration_y=tuple(calibration.get("y", ())),
            share_y=tuple(calibration.get("share", ())),
            threshold=float(data.get("threshold", 0.5)),
            review_below=float(data.get("review_below", 0.9)),
            abstain_below=float(data.get("abstain_below", ABSTAIN_BELOW)),
            kind=data.get("kind", "binary"),
            override=float(data.get("override", 0.0)),
            fill=float(data.get("fill", data.get("override", 0.0))),
            meta=data.get("meta", {}),
        )


def decide_value(p: np.ndarray, values: list, rule, threshold: float, override: float,
                 fill: float | None = None) -> tuple[object, float]:
    """The value a choice model settles on, and the probability it gives that value.

    The model takes its most likely candidate when it believes some candidate is right
    (1 - P(none) >= ``threshold``), else none. Where that differs from the rules' choice
    (``rule``, None for none), the model wins only when it is at least ``override`` sure of
    its own answer (``fill`` where the rules found nothing): rules written for drafting the
    training data lacks keep their say.
    """
    p_none = float(p[0])
    model_value = None
    if len(p) > 1 and 1.0 - p_none >= threshold:
        model_value = values[int(np.argmax(p[1:]))]
    if model_value != rule:
        sure = (1.0 - p_none) if model_value is not None else p_none
        if sure < (override if rule is not None or fill is None else fill):
            model_value = rule
    if model_value is None:
        return None, p_none
    share = sum(float(q) for q, v in zip(p[1:], values) if v == model_value)
    return model_value, share


def save(model: LinearModel, folder: Path = MODELS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{model.name}.json"
    path.write_text(json.dumps(model.to_json(), indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return path


@cache
def load(name: str, folder: Path = MODELS) -> LinearModel | None:
    """The model ``name`` shipped with the package; None when there is none (rules decide)."""
    path = folder / f"{name}.json"
    if not path.is_file():
        return None
    return LinearModel.from_json(json.loads(path.read_text(encoding="utf-8")))
