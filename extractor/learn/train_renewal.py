"""Training of the renewal term and notice period models (see extractor.learn.train).

One group per contract and field: the candidate lengths of renewfeatures (and "renews, length
unstated" for the renewal), judged by the CUAD scorer's own conventions (``renewal_correct``,
``same_period``). The notice model reads whether the contract renews, as the renewal model
decided it out of fold (at run time: as it decides it).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from extractor.evaluate.cuad import gold_period, gold_renewal, renewal_correct, same_period
from extractor.learn import train as training
from extractor.learn.dataset import Example
from extractor.learn.renewdecide import Decision, notice_features, notice_null, rule_choice
from extractor.learn.renewfeatures import PERPETUAL, Inputs, candidates
from extractor.learn.train import Group, Trained
from extractor.nlp.keydates import readable
from models import Period, RenewalTerm

RENEWAL = "Renewal Term"
NOTICE = "Notice Period To Terminate Renewal"
# A renewal is stated in one contract in three, its notice in one in five: the default
# tolerance (three contracts in 300 given up for a more cautious policy) would cost 5 % of the
# contracts that state a notice. One contract in 300 here.
TOLERANCE = 0.003
# The fixtures' expected JSON holds no renewal: their answers, read by hand, are kept here.
FIXTURE_ANSWERS = Path(__file__).resolve().parents[2] / "fixtures" / "cuad" / "renewals.json"


def labelled(data: Sequence[Example]) -> list[Example]:
    """The examples whose renewal answers are known: CUAD's, and the fixtures listed in
    FIXTURE_ANSWERS (a fixture not listed there is left out rather than taken as "none")."""
    fixtures = json.loads(FIXTURE_ANSWERS.read_text(encoding="utf-8"))["answers"]
    out = []
    for example in data:
        if example.source == "fixtures":
            answers = fixtures.get(Path(example.file).stem)
            if answers is None:
                continue
            example = Example(example.file, example.source, example.document, example.rules,
                              {**example.answers, **answers})
        out.append(example)
    return out


def as_renewal(value: Period | str | None) -> RenewalTerm | None:
    if value is None:
        return None
    if value == PERPETUAL:
        return RenewalTerm(True)
    return RenewalTerm(True, value.value, value.unit)


def renewal_judge(answer: str) -> Callable[[object], bool]:
    return lambda value: renewal_correct(as_renewal(value), answer)


def notice_judge(answer: str) -> Callable[[object], bool]:
    gold = gold_period(answer)
    return lambda value: same_period(value, gold) if value is None or isinstance(value, Period) else False


def inputs_of(example: Example) -> Inputs:
    rules = example.rules
    return candidates(readable(example.text), rules.renewal_term, rules.notice_period, rules.term)


def renewal_group(example: Example, found: Inputs) -> Group:
    judge = renewal_judge(example.answers.get(RENEWAL, ""))
    values = [c.value for c in found.renewals]
    rule = example.rules.renewal_term
    rule_value = (rule.period or PERPETUAL) if rule is not None else None
    return Group(file=example.file, features=[c.features for c in found.renewals],
                 labels=[int(judge(v)) for v in values], values=values, correct=judge,
                 null=found.renewal_null, rule=rule_choice(values, rule_value))


def notice_group(example: Example, found: Inputs, renewal: Decision | None) -> Group:
    judge = notice_judge(example.answers.get(NOTICE, ""))
    values = [c.value for c in found.notices]
    decided = {"renewal_term": renewal} if renewal is not None else {}
    return Group(file=example.file, features=notice_features(found, decided),
                 labels=[int(judge(v)) for v in values], values=values, correct=judge,
                 null=notice_null(found, decided), rule=rule_choice(values, example.rules.notice_period))


def out_of_fold_decisions(trained: Trained, groups: Sequence[Group], found: Sequence[Inputs],
                          seed: int) -> list[Decision]:
    """What the renewal model, trained without each contract, decides for it."""
    model = trained.model
    probs = training.out_of_fold(groups, model.meta["C"], seed)
    picks = training.decisions(groups, probs, model.threshold, model.override, model.fill)
    out = []
    for (value, probability), group, inputs in zip(picks, groups, found):
        if value is not None and value != group.rule and model.share(probability) < model.abstain_below:
            value = None  # as LinearModel.decide abstains at run time
        out.append(Decision(value, probability, next((c for c in inputs.renewals if c.value == value), None)))
    return out


def train_models(data: Sequence[Example], seed: int) -> list[Trained]:
    data = labelled(data)
    found = [inputs_of(example) for example in data]
    renewals = [renewal_group(example, inputs) for example, inputs in zip(data, found)]
    renewal = training.train("renewal_term", renewals, seed, tolerance=TOLERANCE)
    renewal.rules_accuracy = float(np.mean([renewal_correct(e.rules.renewal_term, e.answers.get(RENEWAL, ""))
                                            for e in data]))
    decided = out_of_fold_decisions(renewal, renewals, found, seed)
    notices = [notice_group(example, inputs, decision) for example, inputs, decision in zip(data, found, decided)]
    notice = training.train("notice_period", notices, seed, tolerance=TOLERANCE)
    notice.rules_accuracy = float(np.mean([notice_judge(e.answers.get(NOTICE, ""))(e.rules.notice_period)
                                           for e in data]))
    renewal.notes = stated_scores(renewal, renewals, [e.rules.renewal_term for e in data],
                                  [gold_renewal(e.answers.get(RENEWAL, "")) is not None for e in data])
    notice.notes = stated_scores(notice, notices, [e.rules.notice_period for e in data],
                                 [gold_period(e.answers.get(NOTICE, "")) is not None for e in data])
    return [renewal, notice]


def stated_scores(trained: Trained, groups: Sequence[Group], rules: Sequence, states: Sequence[bool]) -> list[str]:
    """The figures the CUAD scorer prints, out of fold and for the rules alone: right where the
    contract states a value, and a value given where it states none."""
    lines = []
    rule_values = [as_rule_value(group, rule) for group, rule in zip(groups, rules)]
    for who, values in (("model (out of fold)", [v for v, _ in trained.picks]), ("rules alone", rule_values)):
        right = sum(g.correct(v) for g, v, s in zip(groups, values, states) if s)
        given = sum(v is not None for v, s in zip(values, states) if not s)
        stated, unstated = sum(states), len(states) - sum(states)
        lines.append(f"{who}: where stated {right / max(stated, 1):.3f} ({right}/{stated}); "
                     f"predicted where none {given / max(unstated, 1):.3f} ({given}/{unstated})")
    return lines


def as_rule_value(group: Group, rule) -> object:
    """The rules' value as the group's judge reads it (a renewal as its length or PERPETUAL)."""
    if isinstance(rule, RenewalTerm):
        return rule.period or PERPETUAL
    return rule
