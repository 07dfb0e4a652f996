"""Training of the agreement and effective date models (see extractor.learn.train)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import numpy as np

from extractor.evaluate.cuad import date_correct, parse_cuad_dates
from extractor.learn.dataset import Example
from extractor.learn.datefeatures import DateCandidate
from extractor.learn.keydecide import (
    decide_with,
    document_candidates,
    null_features,
    rule_dates_of,
    term_inputs,
)
from extractor.learn.train import Group, Trained, train

KEY_DATES = {"agreement_date": "Agreement Date", "effective_date": "Effective Date"}


def date_groups(data: Sequence[Example], label: str) -> list[Group]:
    groups = []
    for example in data:
        answer = example.answers.get(label, "")
        gold = parse_cuad_dates(answer)
        candidates = document_candidates(example.reading, example.rules)
        null = null_features(example.text, candidates, example.rules)
        groups.append(Group(
            null=null,
            rule=getattr(example.rules, label.lower().replace(" ", "_")),
            file=example.file,
            features=[c.features for c in candidates],
            labels=[int(c.value in gold) for c in candidates],
            values=[c.value for c in candidates],
            correct=_judge(answer),
        ))
    return groups


def _judge(answer: str) -> Callable[[date | None], bool]:
    return lambda value: date_correct(value, answer)


def expiration_groups(data: Sequence[Example], anchors: list[dict]) -> list[Group]:
    groups = []
    for example, found in zip(data, anchors):
        answer = example.answers.get("Expiration Date", "")
        gold = parse_cuad_dates(answer)
        candidates, null = term_inputs(example.reading, rule_dates_of(example.rules), found)
        groups.append(Group(
            file=example.file,
            features=[c.features for c in candidates],
            labels=[int(c.value in gold) for c in candidates],
            values=[c.value for c in candidates],
            correct=_judge(answer),
            null=null,
            rule=example.rules.expiration_date,
        ))
    return groups


def train_models(data: Sequence[Example], seed: int) -> list[Trained]:
    out = []
    anchors: list[dict] = [{} for _ in data]
    for field_name, label in KEY_DATES.items():
        groups = date_groups(data, label)
        trained = train(field_name, groups, seed)
        trained.rules_accuracy = float(np.mean([g.correct(getattr(e.rules, field_name))
                                                for g, e in zip(groups, data)]))
        out.append(trained)
        for found, group in zip(anchors, groups):  # the expiration counts from the dates chosen
            decision = decide_with(trained.model, _candidates(group), group.null, group.rule)
            found[field_name] = decision.value
    for found, example in zip(anchors, data):
        found["signing_date"] = rule_dates_of(example.rules)["signing_date"]
    groups = expiration_groups(data, anchors)
    trained = train("expiration_date", groups, seed)
    trained.rules_accuracy = float(np.mean([g.correct(e.rules.expiration_date) for g, e in zip(groups, data)]))
    out.append(trained)
    return out


def _candidates(group: Group) -> list[DateCandidate]:
    return [DateCandidate(value, 0, 0, features) for value, features in zip(group.values, group.features)]
