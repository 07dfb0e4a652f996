"""Training of the agreement and effective date models (see extractor.learn.train)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from extractor.evaluate.cuad import date_correct, parse_cuad_dates
from extractor.learn.dataset import Example
from extractor.learn.keydecide import document_candidates
from extractor.learn.train import Group, Trained, train

KEY_DATES = {"agreement_date": "Agreement Date", "effective_date": "Effective Date"}


def date_groups(data: Sequence[Example], label: str) -> list[Group]:
    groups = []
    for example in data:
        answer = example.answers.get(label, "")
        gold = parse_cuad_dates(answer)
        candidates = document_candidates(example.text, example.rules)
        groups.append(Group(
            file=example.file,
            features=[c.features for c in candidates],
            labels=[int(c.value in gold) for c in candidates],
            values=[c.value for c in candidates],
            correct=_judge(answer),
        ))
    return groups


def _judge(answer: str) -> Callable[[date | None], bool]:
    return lambda value: date_correct(value, answer)


def train_models(data: Sequence[Example], seed: int) -> list[Trained]:
    out = []
    for field_name, label in KEY_DATES.items():
        groups = date_groups(data, label)
        trained = train(field_name, groups, seed)
        trained.rules_accuracy = float(np.mean([g.correct(getattr(e.rules, field_name))
                                                for g, e in zip(groups, data)]))
        out.append(trained)
    return out
