"""Score extractions against expected JSON: precision, recall and F1 per field, and speed.

    python -m extractor.evaluate DIR [--format pdf|docx|txt|all] [--json] [--verbose]
    python -m extractor.evaluate --gold corrections.jsonl   (extractor/evaluate/gold.py)

For every ``<slug>.expected.json`` in DIR, ``<slug>.pdf`` / ``.docx`` / ``.txt`` is loaded and
extracted, and ``Contract.to_dict()`` is compared with the expected JSON.

What counts (the exact rules; tests/test_evaluate.py pins them):

* A key absent from the expected JSON is not annotated and not scored; a key present with
  ``null`` means "the contract has none".  An optional ``"settings"`` object in the expected
  JSON is passed to ``ExtractionSettings`` (e.g. ``{"dayfirst": true}``).
* Single-valued fields: gold null and predicted null is not counted; equal is a TP; predicted
  where gold is null is an FP; gold set and nothing predicted is an FN; both set but different
  is an FP and an FN.  ``title``: equal after normalising case, punctuation and spaces.
  Dates, ``currency``, ``net_days``: equal.  ``total_value``: within 0.5 %.
  ``late_fee``: the normalised gold text is contained in the normalised predicted text.
  ``retainage_percent``: within 0.01 points.
* ``parties``: one-to-one by normalised name (case, punctuation, ``&``/``and``, a leading "the",
  trailing corporate suffixes such as Inc, LLC, Ltd, Corp, Co, Company, Limited, PLC, GmbH).
  A predicted name that repeats a matched one is an FP.  ``party roles`` is scored over matched
  parties only (normalised role, like a single-valued field), so a wrong name never costs twice.
* ``payment_terms.recurring``: one-to-one by amount within 0.5 % and the same period
  (monthly/quarterly/annual/weekly, after mapping "per month", "annually", ... onto those).
* ``milestones``: a predicted milestone P may match a gold milestone G when
  (a) a value agrees: amount within 1 %, or due_date equal, or due_rule equal (offset, unit,
      direction, anchor), or percent within 0.01 points (only values G has can agree); and
  (b) an identity agrees: kind equal, or name overlap >= 0.5 (content words shared, divided by
      the word count of the shorter name; hyphens are dropped so "kick-off" == "kickoff").
  A gold milestone with none of amount/due_date/due_rule/percent needs kind AND name to agree.
  Candidate pairs get score 2*amount + 2*due_date + 2*due_rule + percent + kind + name overlap
  and are taken best first (ties: gold order, then predicted order), one-to-one.  Matched pairs
  are TPs, unmatched predictions FPs, unmatched gold FNs.
* Milestone attributes, over matched pairs: name (overlap >= 0.5), kind, due_date, due_rule,
  amount (1 %), percent (0.01), evidence page, acceptance_days, deemed_acceptance.  A pair
  counts for an attribute when gold or prediction has a value (evidence page: when gold has
  one; deemed_acceptance false is no value); accuracy = correct / counted.
* ``warnings_expected`` and keys not named here are not scored.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from models import ExtractionSettings

log = logging.getLogger(__name__)

EXPECTED_SUFFIX = ".expected.json"
ALL_FORMATS = ("pdf", "docx", "txt")
FIELD_ORDER = (
    "title",
    "parties",
    "party roles",
    "agreement_date",
    "effective_date",
    "expiration_date",
    "currency",
    "total_value",
    "payment_terms.net_days",
    "payment_terms.late_fee",
    "payment_terms.retainage_percent",
    "payment_terms.recurring",
    "milestones",
)
ATTRIBUTE_ORDER = (
    "name",
    "kind",
    "due_date",
    "due_rule",
    "amount",
    "percent",
    "evidence_page",
    "acceptance_days",
    "deemed_acceptance",
)
TOTAL_TOLERANCE = 0.005
MILESTONE_AMOUNT_TOLERANCE = 0.01
PERCENT_TOLERANCE = 0.01
NAME_OVERLAP = 0.5
CORPORATE_SUFFIXES = frozenset(
    ("inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company")
    + ("plc", "lp", "llp", "lllp", "pllc", "gmbh", "ag", "sa", "sas", "sarl", "nv", "bv")
    + ("pty", "pte", "srl", "spa", "kk", "ab", "as", "oy")
)
NAME_STOPWORDS = frozenset(
    ("the", "of", "a", "an", "and", "to", "for", "on", "upon", "in", "by", "at", "with", "from")
)
PERIOD_WORDS = {
    "monthly": ("month", "monthly"),
    "quarterly": ("quarter", "quarterly"),
    "annual": ("year", "yearly", "annual", "annually", "annum"),
    "weekly": ("week", "weekly"),
}
PERIODS = {word: period for period, words in PERIOD_WORDS.items() for word in words}
_NON_WORD = re.compile(r"[^\w%.]+")
_SPACE_PERCENT = re.compile(r"\s+%")
_STRAY_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")


# --- scores -----------------------------------------------------------------------------------


@dataclass
class FieldScore:
    """Counts for one field.  With nothing predicted and nothing to find, every ratio is 1.0."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def counted(self) -> bool:
        return bool(self.tp or self.fp or self.fn)

    def add(self, other: FieldScore) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def to_dict(self) -> dict:
        ratios = {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        counts = {"tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.support}
        return counts | {name: round(value, 4) for name, value in ratios.items()}


@dataclass
class Accuracy:
    """Per-attribute accuracy over matched milestone pairs."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def add(self, other: Accuracy) -> None:
        self.correct, self.total = self.correct + other.correct, self.total + other.total

    def to_dict(self) -> dict:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.accuracy, 4)}


@dataclass(frozen=True)
class Miss:
    """One disagreement: ``kind`` is "wrong", "missing" (FN only) or "extra" (FP only)."""

    field: str
    kind: str
    gold: str = ""
    predicted: str = ""
    quote: str = ""  # evidence the extractor gave for the predicted value

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class DocResult:
    """The scores of one extracted file."""

    file: str = ""
    format: str = ""
    pages: int = 0
    seconds: float = 0.0
    error: str | None = None
    fields: dict[str, FieldScore] = field(default_factory=dict)
    attributes: dict[str, Accuracy] = field(default_factory=dict)
    matched_milestones: int = 0
    misses: list[Miss] = field(default_factory=list)

    def score(self, name: str) -> FieldScore:
        return self.fields.setdefault(name, FieldScore())

    def attribute(self, name: str) -> Accuracy:
        return self.attributes.setdefault(name, Accuracy())

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "format": self.format,
            "pages": self.pages,
            "seconds": round(self.seconds, 4),
            "error": self.error,
            "fields": {k: v.to_dict() for k, v in self.fields.items()},
            "attributes": {k: v.to_dict() for k, v in self.attributes.items()},
            "misses": [miss.to_dict() for miss in self.misses],
        }


# --- normalisation and agreement --------------------------------------------------------------


def norm_text(text: str | None) -> str:
    """Lower case, punctuation to spaces (keeping "%" and decimal points), spaces collapsed."""
    if not text:
        return ""
    text = _STRAY_DOT.sub(" ", str(text).lower().replace("’", "'").replace("'", ""))
    text = _SPACE_PERCENT.sub("%", text)
    return " ".join(_NON_WORD.sub(" ", text).replace("_", " ").split())


def norm_party(name: str | None) -> str:
    """A party name without case, punctuation, a leading "the" or trailing corporate suffixes."""
    words = norm_text(str(name or "").replace(".", "").replace("&", " and ")).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in CORPORATE_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def name_words(name: str | None) -> set[str]:
    return set(norm_text(str(name or "").replace("-", "")).split()) - NAME_STOPWORDS


def name_overlap(gold: str | None, predicted: str | None) -> float:
    """Shared content words / words of the shorter name (0.0 when either name is empty)."""
    a, b = name_words(gold), name_words(predicted)
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def norm_period(period: str | None) -> str:
    words = norm_text(period).split()
    for word in reversed(words):
        if word in PERIODS:
            return PERIODS[word]
    return " ".join(words)


def close(a: float | None, b: float | None, relative: float) -> bool:
    """``a`` within ``relative`` (a fraction) of ``b``."""
    if a is None or b is None:
        return False
    return abs(float(a) - float(b)) <= relative * abs(float(b)) + 1e-9


def close_abs(a: float | None, b: float | None, tolerance: float) -> bool:
    if a is None or b is None:
        return False
    return abs(float(a) - float(b)) <= tolerance + 1e-9


def rule_key(rule: dict | None) -> tuple | None:
    if not rule:
        return None
    anchor = " ".join(str(rule.get("anchor") or "").lower().split())
    return (int(rule.get("offset") or 0), rule.get("unit"), rule.get("direction"), anchor)


def same_text(gold, predicted) -> bool:
    return norm_text(gold) == norm_text(predicted)


def same_value(gold, predicted) -> bool:
    return str(gold).strip().upper() == str(predicted).strip().upper()


def same_total(gold, predicted) -> bool:
    return close(predicted, gold, TOTAL_TOLERANCE)


def same_percent(gold, predicted) -> bool:
    return close_abs(predicted, gold, PERCENT_TOLERANCE)


def late_fee_contains(gold, predicted) -> bool:
    return bool(norm_text(gold)) and norm_text(gold) in norm_text(predicted)


# (field, path in the JSON, equality) for the single-valued fields.
SCALARS: tuple[tuple[str, tuple[str, ...], Callable], ...] = (
    ("title", ("title",), same_text),
    ("agreement_date", ("agreement_date",), same_value),
    ("effective_date", ("effective_date",), same_value),
    ("expiration_date", ("expiration_date",), same_value),
    ("currency", ("currency",), same_value),
    ("total_value", ("total_value",), same_total),
    ("payment_terms.net_days", ("payment_terms", "net_days"), same_value),
    ("payment_terms.late_fee", ("payment_terms", "late_fee"), late_fee_contains),
    ("payment_terms.retainage_percent", ("payment_terms", "retainage_percent"), same_percent),
)


# --- display ----------------------------------------------------------------------------------


def show(value) -> str:
    if value is None or value == "":
        return "null"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def show_rule(rule: dict | None) -> str:
    if not rule:
        return "null"
    return f"{rule.get('offset')} {rule.get('unit')} {rule.get('direction')} {rule.get('anchor')}"


def show_party(party: dict) -> str:
    return f"{show(party.get('name'))} ({party.get('role') or 'no role'})"


def show_money(amount, currency) -> str:
    return "no amount" if amount is None else f"{float(amount):,.2f} {currency or ''}".rstrip()


def show_milestone(m: dict) -> str:
    parts = [f"[{m.get('kind')}] {show(m.get('name'))}"]
    if m.get("due_date"):
        parts.append(f"due {m['due_date']}")
    if m.get("due_rule"):
        parts.append(show_rule(m["due_rule"]))
    if not m.get("due_date") and not m.get("due_rule"):
        parts.append("no date")
    parts.append(show_money(m.get("amount"), m.get("currency")))
    if m.get("percent") is not None:
        parts.append(f"{m['percent']:g}%")
    page = (m.get("evidence") or {}).get("page")
    if page:
        parts.append(f"p.{page}")
    return " | ".join(parts)


def show_recurring(fee: dict) -> str:
    return f"{show_money(fee.get('amount'), fee.get('currency'))} {fee.get('period') or '?'}"


def evidence_quote(item: dict | None) -> str:
    evidence = (item or {}).get("evidence") or {}
    text = " ".join(str(evidence.get("text") or "").split())
    if not text:
        return ""
    return f"p.{evidence.get('page')}: {text[:140]}{'...' if len(text) > 140 else ''}"


# --- scoring one document ---------------------------------------------------------------------


def lookup(data: dict, path: tuple[str, ...]) -> tuple[bool, object]:
    """(present, value) of a nested key; a missing or null parent counts as not present."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return False, None
        data = data[key]
    return True, data


def count(score: FieldScore, gold, predicted, same: Callable) -> str | None:
    """Count one gold/predicted pair; return the miss kind, or None when right or not counted."""
    gold, predicted = (None if v == "" else v for v in (gold, predicted))
    if gold is None and predicted is None:
        return None
    if gold is None:
        score.fp += 1
        return "extra"
    if predicted is None:
        score.fn += 1
        return "missing"
    if same(gold, predicted):
        score.tp += 1
        return None
    score.fp += 1
    score.fn += 1
    return "wrong"


def key_date_quote(predicted: dict, kind: str) -> str:
    for key_date in predicted.get("key_dates") or ():
        if key_date.get("kind") == kind:
            return evidence_quote(key_date)
    return ""


def score_scalars(result: DocResult, predicted: dict, gold: dict) -> None:
    for name, path, same in SCALARS:
        present, gold_value = lookup(gold, path)
        if not present:
            continue
        _, value = lookup(predicted, path)
        miss = count(result.score(name), gold_value, value, same)
        if miss:
            quote = key_date_quote(predicted, name) if value is not None else ""
            shown = (
                show(gold_value) if miss != "extra" else "",
                show(value) if value is not None else "",
            )
            result.misses.append(Miss(name, miss, *shown, quote))


def match_one_to_one(gold: list, predicted: list, key: Callable) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index) with equal non-empty keys, first come first served."""
    free: dict = {}
    for pi, item in enumerate(predicted):
        free.setdefault(key(item), []).append(pi)
    pairs = []
    for gi, item in enumerate(gold):
        k = key(item)
        if k and free.get(k):
            pairs.append((gi, free[k].pop(0)))
    return pairs


def score_matched(
    result: DocResult,
    name: str,
    gold: list[dict],
    predicted: list[dict],
    pairs: list[tuple[int, int]],
    display: Callable,
    near: dict[int, dict] | None = None,
) -> None:
    """Matched pairs are TPs, the rest of each side FNs and FPs (with their misses).

    ``near`` maps a missed gold index to the unmatched prediction it most resembles, shown
    beside it so a value extracted wrong reads as a near miss, not an unrelated FN and FP.
    """
    score = result.score(name)
    score.tp += len(pairs)
    matched_gold = {gi for gi, _ in pairs}
    matched_pred = {pi for _, pi in pairs}
    near = near or {}
    for gi, item in enumerate(gold):
        if gi not in matched_gold:
            score.fn += 1
            shown = display(near[gi]) if gi in near else ""
            result.misses.append(Miss(name, "missing", display(item), shown))
    for item in (item for pi, item in enumerate(predicted) if pi not in matched_pred):
        score.fp += 1
        result.misses.append(
            Miss(name, "extra", predicted=display(item), quote=evidence_quote(item))
        )


def score_parties(result: DocResult, predicted: dict, gold: dict) -> None:
    if "parties" not in gold:
        return
    gold_parties = [p for p in gold.get("parties") or () if p.get("name")]
    pred_parties = [p for p in predicted.get("parties") or () if p.get("name")]
    pairs = match_one_to_one(gold_parties, pred_parties, lambda p: norm_party(p.get("name")))
    score_matched(result, "parties", gold_parties, pred_parties, pairs, show_party)
    roles = result.score("party roles")
    for gi, pi in pairs:
        gold_role, role = gold_parties[gi].get("role"), pred_parties[pi].get("role")
        miss = count(roles, gold_role or None, role or None, same_text)
        if miss:
            who = show(gold_parties[gi].get("name"))
            result.misses.append(
                Miss("party roles", miss, f"{who} as {show(gold_role)}", show(role))
            )


def score_recurring(result: DocResult, predicted: dict, gold: dict) -> None:
    present, gold_fees = lookup(gold, ("payment_terms", "recurring"))
    if not present:
        return
    gold_fees = list(gold_fees or ())
    pred_fees = list(lookup(predicted, ("payment_terms", "recurring"))[1] or ())
    used: set[int] = set()
    pairs = []
    for gi, fee in enumerate(gold_fees):
        for pi, pred in enumerate(pred_fees):
            if pi in used:
                continue
            if close(pred.get("amount"), fee.get("amount"), TOTAL_TOLERANCE) and norm_period(
                pred.get("period")
            ) == norm_period(fee.get("period")):
                pairs.append((gi, pi))
                used.add(pi)
                break
    score_matched(result, "payment_terms.recurring", gold_fees, pred_fees, pairs, show_recurring)


def agreements(gold: dict, pred: dict) -> dict[str, float]:
    """How a predicted milestone agrees with a gold one, value by value (1.0 agrees)."""
    return {
        "amount": float(close(pred.get("amount"), gold.get("amount"), MILESTONE_AMOUNT_TOLERANCE)),
        "due_date": float(
            bool(gold.get("due_date")) and gold.get("due_date") == pred.get("due_date")
        ),
        "due_rule": float(
            rule_key(gold.get("due_rule")) is not None
            and rule_key(gold.get("due_rule")) == rule_key(pred.get("due_rule"))
        ),
        "percent": float(same_percent(gold.get("percent"), pred.get("percent"))),
        "kind": float(bool(gold.get("kind")) and gold.get("kind") == pred.get("kind")),
        "name": name_overlap(gold.get("name"), pred.get("name")),
    }


def pair_score(gold: dict, pred: dict) -> float | None:
    """The score of a candidate milestone pair, or None when the two may not be matched."""
    agree = agreements(gold, pred)
    name_ok = agree["name"] >= NAME_OVERLAP
    values = [k for k in ("amount", "due_date", "due_rule", "percent") if gold.get(k) is not None]
    if values:
        allowed = any(agree[k] for k in values) and (agree["kind"] or name_ok)
    else:
        allowed = bool(agree["kind"]) and name_ok
    if not allowed:
        return None
    weights = {"amount": 2, "due_date": 2, "due_rule": 2, "percent": 1, "kind": 1, "name": 1}
    return sum(weight * agree[key] for key, weight in weights.items())


def match_milestones(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), best pair score first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            score = pair_score(g, p)
            if score is not None:
                candidates.append((-score, gi, pi))
    candidates.sort()
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs = []
    for _score, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _page(milestone: dict) -> int | None:
    return (milestone.get("evidence") or {}).get("page")


# (attribute, value getter, equality, display) for matched milestone pairs.
ATTRIBUTES: tuple[tuple[str, Callable, Callable, Callable], ...] = (
    ("name", lambda m: m.get("name"), lambda g, p: name_overlap(g, p) >= NAME_OVERLAP, show),
    ("kind", lambda m: m.get("kind"), lambda g, p: g == p, show),
    ("due_date", lambda m: m.get("due_date"), lambda g, p: g == p, show),
    ("due_rule", lambda m: m.get("due_rule"), lambda g, p: rule_key(g) == rule_key(p), show_rule),
    (
        "amount",
        lambda m: m.get("amount"),
        lambda g, p: close(p, g, MILESTONE_AMOUNT_TOLERANCE),
        show,
    ),
    ("percent", lambda m: m.get("percent"), same_percent, show),
    ("evidence_page", _page, lambda g, p: g == p, show),
    ("acceptance_days", lambda m: m.get("acceptance_days"), lambda g, p: g == p, show),
    ("deemed_acceptance", lambda m: m.get("deemed_acceptance") or None, lambda g, p: g == p, show),
)


def score_attributes(result: DocResult, gold: dict, pred: dict) -> None:
    """Count each attribute of a matched pair; one miss lists all the attributes it got wrong."""
    wrong_gold, wrong_pred = [], []
    for name, get, same, display in ATTRIBUTES:
        gold_value, value = get(gold), get(pred)
        if gold_value is None and (value is None or name == "evidence_page"):
            continue
        accuracy = result.attribute(name)
        accuracy.total += 1
        if gold_value is not None and value is not None and same(gold_value, value):
            accuracy.correct += 1
        else:
            wrong_gold.append(f"{name} {display(gold_value)}")
            wrong_pred.append(f"{name} {display(value)}")
    if wrong_gold:
        gold_text = f"{show(gold.get('name'))}: " + "; ".join(wrong_gold)
        pred_text = f"{show(pred.get('name'))}: " + "; ".join(wrong_pred)
        result.misses.append(
            Miss("milestone attr", "wrong", gold_text, pred_text, evidence_quote(pred))
        )


def near_misses(gold: list[dict], pred: list[dict], pairs: list) -> dict[int, dict]:
    """Unmatched gold index -> unmatched prediction sharing its name (overlap >= 0.5), one-to-one,
    closest names first."""
    free_gold = set(range(len(gold))) - {gi for gi, _ in pairs}
    free_pred = set(range(len(pred))) - {pi for _, pi in pairs}
    scored = sorted(
        (-name_overlap(gold[gi].get("name"), pred[pi].get("name")), gi, pi)
        for gi in free_gold
        for pi in free_pred
    )
    near: dict[int, dict] = {}
    used: set[int] = set()
    for negative, gi, pi in scored:
        if -negative >= NAME_OVERLAP and gi not in near and pi not in used:
            near[gi] = pred[pi]
            used.add(pi)
    return near


def score_milestones(result: DocResult, predicted: dict, gold: dict) -> None:
    if "milestones" not in gold:
        return
    gold_ms = list(gold.get("milestones") or ())
    pred_ms = list(predicted.get("milestones") or ())
    pairs = match_milestones(gold_ms, pred_ms)
    score_matched(
        result,
        "milestones",
        gold_ms,
        pred_ms,
        pairs,
        show_milestone,
        near_misses(gold_ms, pred_ms, pairs),
    )
    result.matched_milestones += len(pairs)
    for gi, pi in pairs:
        score_attributes(result, gold_ms[gi], pred_ms[pi])


def score_document(predicted: dict, gold: dict) -> DocResult:
    """Compare one extraction (``Contract.to_dict()``) with its expected JSON."""
    result = DocResult(file=str(gold.get("file", "")))
    predicted = predicted or {}
    score_scalars(result, predicted, gold)
    score_parties(result, predicted, gold)
    score_recurring(result, predicted, gold)
    score_milestones(result, predicted, gold)
    return result


# --- the report -------------------------------------------------------------------------------


def plural(count: int, noun: str, nouns: str = "") -> str:
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def _ordered(names: Iterable[str], order: tuple[str, ...]) -> list[str]:
    names = set(names)
    return [n for n in order if n in names] + sorted(names - set(order))


@dataclass
class EvalReport:
    documents: list[DocResult] = field(default_factory=list)
    directory: str = ""

    @property
    def fields(self) -> dict[str, FieldScore]:
        totals: dict[str, FieldScore] = {}
        for doc in self.documents:
            for name, score in doc.fields.items():
                totals.setdefault(name, FieldScore()).add(score)
        return {name: totals[name] for name in _ordered(totals, FIELD_ORDER)}

    @property
    def attributes(self) -> dict[str, Accuracy]:
        totals: dict[str, Accuracy] = {}
        for doc in self.documents:
            for name, accuracy in doc.attributes.items():
                totals.setdefault(name, Accuracy()).add(accuracy)
        return {name: totals[name] for name in _ordered(totals, ATTRIBUTE_ORDER)}

    @property
    def matched_milestones(self) -> int:
        return sum(doc.matched_milestones for doc in self.documents)

    @property
    def formats(self) -> list[str]:
        return sorted({doc.format for doc in self.documents if doc.format})

    @property
    def errors(self) -> list[DocResult]:
        return [doc for doc in self.documents if doc.error]

    @property
    def seconds(self) -> float:
        return sum(doc.seconds for doc in self.documents)

    @property
    def pages(self) -> int:
        return sum(doc.pages for doc in self.documents)

    @property
    def docs_per_s(self) -> float:
        return len(self.documents) / self.seconds if self.seconds else 0.0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def for_format(self, fmt: str) -> EvalReport:
        return EvalReport([doc for doc in self.documents if doc.format == fmt], self.directory)

    def summary(self) -> str:
        by_format = ", ".join(
            f"{len(self.for_format(fmt).documents)} {fmt}" for fmt in self.formats
        )
        return (
            f"{plural(len(self.documents), 'document')} ({by_format or 'none'}), "
            f"{plural(self.pages, 'page')} in "
            f"{self.seconds:.3f} s: {self.docs_per_s:.1f} docs/s, {self.pages_per_s:.1f} pages/s"
        )

    def render_table(self) -> str:
        """Precision, recall, F1 and support per field, then milestone attribute accuracy."""
        formats = self.formats if len(self.formats) > 1 else []
        per_format = {fmt: self.for_format(fmt) for fmt in formats}
        lines = [f"Extraction scores on {self.directory or 'documents'}: {self.summary()}", ""]
        head = f"{'field':<33}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}{'support':>9}"
        lines.append(head + "".join(f"{'F1 ' + fmt:>9}" for fmt in formats))
        format_fields = {fmt: report.fields for fmt, report in per_format.items()}
        for name, s in self.fields.items():
            if not s.counted:
                row = f"{name:<33}{'-':>7}{'-':>7}{'-':>7}{0:>6}{0:>6}{0:>6}{0:>9}"
            else:
                row = (
                    f"{name:<33}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}"
                    f"{s.tp:>6}{s.fp:>6}{s.fn:>6}{s.support:>9}"
                )
            for fmt in formats:
                fs = format_fields[fmt].get(name)
                row += f"{fs.f1:>9.3f}" if fs and fs.counted else f"{'-':>9}"
            lines.append(row)
        lines += ["", f"milestone attributes over {self.matched_milestones} matched pairs"]
        lines.append(f"{'attribute':<33}{'accuracy':>9}{'correct':>9}{'counted':>9}")
        for name, a in self.attributes.items():
            lines.append(f"{name:<33}{a.accuracy:>9.3f}{a.correct:>9}{a.total:>9}")
        for doc in self.errors:
            lines.append(f"ERROR {doc.file}.{doc.format}: {doc.error}")
        return "\n".join(lines)

    def render_misses(self) -> str:
        """Every miss, document by document: gold against predicted, with the quoted evidence."""
        blocks = []
        for doc in self.documents:
            name = f"{doc.file}.{doc.format}" if doc.format else doc.file
            head = (
                f"== {name}  ({plural(doc.pages, 'page')}, {doc.seconds:.3f} s)  "
                f"{plural(len(doc.misses), 'miss', 'misses')}"
            )
            lines = [head]
            if doc.error:
                lines.append(f"  ERROR {doc.error}")
            lines += [render_miss(miss) for miss in doc.misses]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    def to_dict(self) -> dict:
        return {
            "directory": self.directory,
            "documents": len(self.documents),
            "pages": self.pages,
            "seconds": round(self.seconds, 4),
            "docs_per_s": round(self.docs_per_s, 2),
            "pages_per_s": round(self.pages_per_s, 2),
            "fields": {name: score.to_dict() for name, score in self.fields.items()},
            "by_format": {
                fmt: {n: s.to_dict() for n, s in self.for_format(fmt).fields.items()}
                for fmt in self.formats
            },
            "milestone_attributes": {n: a.to_dict() for n, a in self.attributes.items()},
            "matched_milestones": self.matched_milestones,
            "results": [doc.to_dict() for doc in self.documents],
        }


def render_miss(miss: Miss) -> str:
    label = miss.field.removeprefix("payment_terms.")
    pad = " " * 30
    if miss.kind == "wrong":
        text = f"gold {miss.gold}\n{pad}got  {miss.predicted}"
    elif miss.kind == "missing":
        text = f"gold {miss.gold}"
        text += f"\n{pad}near {miss.predicted} (unmatched)" if miss.predicted else ""
    else:
        text = f"got  {miss.predicted}"
    line = f"  {label:<18} {miss.kind:<8} {text}"
    return line + (f"\n{pad}     > {miss.quote}" if miss.quote else "")


# --- running the extractor --------------------------------------------------------------------

Predictor = Callable[[Path, ExtractionSettings], tuple[dict, int]]


def extract_file(path: Path, settings: ExtractionSettings) -> tuple[dict, int]:
    """Load and extract one file: (``Contract.to_dict()``, page count)."""
    from extractor.nlp.pipeline import extract
    from extractor.read.load import load_document

    document = load_document(path)
    return extract(document, settings).to_dict(), document.page_count


def evaluate_file(
    source: Path,
    gold: dict,
    predict: Predictor = extract_file,
    settings: ExtractionSettings | None = None,
) -> DocResult:
    if gold.get("settings"):
        settings = ExtractionSettings(**gold["settings"])
    settings = settings or ExtractionSettings()
    error, predicted, pages = None, {}, 0
    started = time.perf_counter()
    try:
        predicted, pages = predict(source, settings)
    except Exception as exc:  # a crash scores as nothing found, and is reported
        log.exception("extraction failed on %s", source)
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    result = score_document(predicted, gold)
    result.file = source.name[: -len(source.suffix)]
    result.format, result.pages, result.seconds, result.error = (
        source.suffix.lstrip(".").lower(),
        pages,
        seconds,
        error,
    )
    return result


def expected_files(path: str | Path) -> list[Path]:
    return sorted(Path(path).glob(f"*{EXPECTED_SUFFIX}"))


def evaluate_dir(
    path: str | Path,
    formats: Iterable[str] = ("pdf", "docx"),
    settings: ExtractionSettings | None = None,
    predict: Predictor | None = None,
) -> EvalReport:
    """Extract every ``<slug>.<format>`` that has a ``<slug>.expected.json`` and score it."""
    root = Path(path)
    if predict is None:
        from extractor.nlp.pipeline import build_nlp

        build_nlp()  # spaCy start-up is not extraction time
        predict = extract_file
    results = []
    for expected in expected_files(root):
        gold = json.loads(expected.read_text(encoding="utf-8"))
        slug = expected.name[: -len(EXPECTED_SUFFIX)]
        for fmt in formats:
            source = root / f"{slug}.{fmt}"
            if source.exists():
                results.append(evaluate_file(source, gold, predict, settings))
    return EvalReport(results, str(root))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m extractor.evaluate",
        description="Score extraction against <slug>.expected.json files.",
    )
    parser.add_argument("directory", type=Path, nargs="?")
    parser.add_argument("--format", choices=(*ALL_FORMATS, "all"), default="all")
    parser.add_argument("--gold", type=Path, metavar="FILE.jsonl",
                        help="score on reviewed values (contracts review export) instead")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--verbose", "-v", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    if (args.directory is None) == (args.gold is None):
        parser.error("give a DIRECTORY of expected files or --gold FILE.jsonl")
    if args.directory is not None and not expected_files(args.directory):
        parser.error(f"no *{EXPECTED_SUFFIX} files in {args.directory}")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    formats = ALL_FORMATS if args.format == "all" else (args.format,)
    if args.gold is not None:
        from extractor.evaluate.gold import GoldError, evaluate_gold

        try:
            report = evaluate_gold(args.gold)
        except GoldError as e:
            parser.error(str(e))
    else:
        report = evaluate_dir(args.directory, formats)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
        return 0
    if args.verbose:
        print(report.render_misses(), end="\n\n")
    print(report.render_table())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
