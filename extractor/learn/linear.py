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


class ModelError(Exception):
    """A model file is missing or was trained for another version of the extractor."""


@dataclass(frozen=True)
class LinearModel:
    name: str
    weights: dict[str, float]
    intercept: float
    calibration_x: tuple[float, ...] = ()
    calibration_y: tuple[float, ...] = ()
    threshold: float = 0.5  # below it the best candidate is not taken (abstain)
    review_below: float = 0.9  # below it a value taken is marked needs_review
    meta: dict = field(default_factory=dict)

    def score(self, features: dict[str, float]) -> float:
        """The raw probability of the logistic regression."""
        weights = self.weights
        z = self.intercept + sum(weights.get(name, 0.0) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probability(self, features: dict[str, float]) -> float:
        """The calibrated probability that the candidate is right."""
        return self.calibrate(self.score(features))

    def calibrate(self, raw: float) -> float:
        if not self.calibration_x:
            return raw
        return float(np.interp(raw, self.calibration_x, self.calibration_y))

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "review_below": self.review_below,
            "calibration": {"x": list(self.calibration_x), "y": list(self.calibration_y)},
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
            threshold=float(data.get("threshold", 0.5)),
            review_below=float(data.get("review_below", 0.9)),
            meta=data.get("meta", {}),
        )


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
