"""Score the payment reader against the payments labelled by hand (fixtures/payments).

    python -m extractor.evaluate.payments [--part tune|blind] [--contract SLUG] [--misses]

Each label file names a contract of ``../shared`` (``cuad-train`` or ``corpus``); the contract is
loaded from there (text layer only, ``ocr="never"``) and extracted. ``$CONTRACTS_SHARED`` points
elsewhere when the checkout has no ``../shared``. Contracts that are missing are skipped and
counted. The blind part prints figures in aggregate only: never a contract's row or a miss.

How it scores (tests/test_evaluate_payments.py pins these conventions):

* **Money mentions.** The extractor exposes every amount it reads as ``Contract.money`` (the
  ``money`` list of the JSON), each with a ``class``: scheduled, recurring, rate, cap, other.
  A predicted mention may match a gold mention when the currency is equal, the amounts are
  within 1 % and the pages at most one apart. Matching is one-to-one, best first: same page
  before a neighbouring page, then the same class, then reading order. Per class, a TP is a
  matched pair where both sides have that class; precision = TP / predicted of the class,
  recall = TP / gold of the class. The confusion table counts matched pairs by (gold class,
  predicted class), plus gold mentions nothing matched (``-`` column) and predicted mentions
  no gold matched (``-`` row).
* **Scheduled payments.** The predicted payment milestones are the milestones with an amount
  or of kind ``payment``. One matches a gold milestone (all gold milestones are payments) when
  the currency is equal and the amounts are within 1 % (a predicted milestone without an amount
  never matches). Matching is one-to-one, best first: a pair whose due agrees before one whose
  due does not, then the nearest evidence page, then reading order. Amount recall = matched /
  gold milestones; amount precision = matched / predicted payment milestones.
* **Due agreement**, over matched pairs: right when both give a ``due_date`` and the dates are
  equal, or both give a ``due_rule`` that agrees in offset, unit, direction and anchor category
  (years count as 12 months and weeks as 7 days; an offset of 0 has no unit or direction); a pair where
  neither side gives a due is right too. The anchor category is the anchor itself for the named
  anchors (effective_date, agreement_date, signing, kickoff, delivery, acceptance, invoice,
  expiration). Any other anchor (``milestone:<name>``, ``event:<text>``, an event named in free
  text) is stripped of its prefix and a leading "the"/"client"/"customer"/"company", and takes
  the named anchor its text starts with (acceptance or approval -> acceptance; delivery ->
  delivery; signing, execution, signature -> signing; invoice or receipt of invoice -> invoice;
  effective date -> effective_date), else ``event``: any named event matches any other.
  When the gold gives only a rule on a key date (effective_date, agreement_date, signing,
  expiration) and the prediction only a date (the extractor dates a rule whose anchor it
  knows), the pair agrees when the gold rule applied to the predicted key date gives that date
  (with the extractor's fallbacks: effective <-> agreement date; signing: the first signature,
  else the agreement, else the effective date).
* **Rates and caps in the schedule**: predicted payment milestones that match no gold milestone
  but whose amount and currency match a gold ``rate`` or ``cap`` mention of the contract.
* **Micro and macro.** Micro sums the counts over all contracts; macro averages each contract's
  ratio over the contracts where it is defined (recall: contracts with gold; precision: contracts
  with predictions; due: contracts with matched pairs). One tune contract (a fee schedule of 557
  monthly instalments) dominates the micro figures; macro gives each contract one vote.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "fixtures" / "payments"
SPLIT = LABELS / "split.json"
CLASSES = ("scheduled", "recurring", "rate", "cap", "other")
NAMED_ANCHORS = frozenset(("effective_date", "agreement_date", "signing", "kickoff", "delivery",
                           "acceptance", "invoice", "expiration"))  # fmt: skip
EVENT_CATEGORIES = (  # the event a free anchor starts with -> its named anchor
    (r"(?:written\s+)?(?:acceptance|approval)\b", "acceptance"),
    (r"(?:delivery|receipt\s+of\s+(?:the\s+)?deliverable)", "delivery"),
    (r"(?:signing|execution|signature)\b", "signing"),
    (r"(?:receipt\s+of\s+(?:an?\s+|the\s+)?)?invoice", "invoice"),
    (r"effective\s+date\b", "effective_date"),
)
KEY_DATE_FALLBACKS = {  # as extractor.nlp.rules.milestones.KEY_DATE_ANCHORS
    "effective_date": ("effective_date", "agreement_date"),
    "agreement_date": ("agreement_date", "effective_date"),
    "signing": ("signing_date", "agreement_date", "effective_date"),
    "expiration": ("expiration_date",),
}
UNIT_SCALE = {"years": (12, "months"), "weeks": (7, "days")}
AMOUNT_TOLERANCE = 0.01
CACHE = Path(os.environ.get("CONTRACTS_LEARN_CACHE", "/tmp/contracts-learn-cache")) / "documents"


def shared_dir() -> Path:
    """``$CONTRACTS_SHARED``, else ``../shared`` beside the checkout."""
    env = os.environ.get("CONTRACTS_SHARED")
    return Path(env) if env else ROOT.parent / "shared"


# --- gold ----------------------------------------------------------------------------------
def split_slugs(part: str, split: Path = SPLIT) -> list[str]:
    return list(json.loads(split.read_text(encoding="utf-8"))[part])


def load_gold(slug: str, labels: Path = LABELS) -> dict:
    return json.loads((labels / f"{slug}.expected.json").read_text(encoding="utf-8"))


def contract_path(gold: dict, shared: Path) -> Path:
    return shared / gold["source"] / gold["file"]


# --- matching rules ------------------------------------------------------------------------
def same_amount(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    if a == b:
        return True
    return abs(a - b) <= AMOUNT_TOLERANCE * max(abs(a), abs(b))


def anchor_category(anchor: str | None) -> str | None:
    """The named anchors stay themselves; any other anchor (``milestone:<name>``,
    ``event:<text>``, free text) is the named anchor its event starts with ("milestone:acceptance
    of the Specification" is ``acceptance``), else ``event``: any named event matches any other."""
    if not anchor:
        return None
    if anchor in NAMED_ANCHORS:
        return anchor
    event = re.sub(r"^(?:milestone|event):", "", anchor).strip().lower()
    event = re.sub(r"^(?:the|client|customer|company)\s+", "", event)
    for pattern, category in EVENT_CATEGORIES:
        if re.match(pattern, event):
            return category
    return "event"


def rule_key(rule: dict | None) -> tuple | None:
    """(offset, unit, direction, anchor category); years count as 12 months, weeks as 7 days,
    and "0 months after" is "0 days after"."""
    if not rule:
        return None
    offset, unit = int(rule["offset"]), rule.get("unit", "days")
    if unit in UNIT_SCALE:
        factor, unit = UNIT_SCALE[unit]
        offset *= factor
    if offset == 0:
        return (0, "days", "after", anchor_category(rule.get("anchor")))
    return (offset, unit, rule.get("direction", "after"), anchor_category(rule.get("anchor")))


def due_agrees(gold: dict, pred: dict, anchors: dict[str, date] | None = None) -> bool:
    """Equal due dates, or due rules equal in offset, unit, direction and anchor category, or a
    gold rule on a key date that gives the predicted date from the predicted key date."""
    if gold.get("due_date") and gold.get("due_date") == pred.get("due_date"):
        return True
    gold_rule, pred_rule = rule_key(gold.get("due_rule")), rule_key(pred.get("due_rule"))
    if gold_rule and gold_rule == pred_rule:
        return True
    if anchors and gold.get("due_rule") and pred.get("due_date") and not gold.get("due_date"):
        rule = gold["due_rule"]
        base = anchors.get(rule.get("anchor"))
        if base and _shifted(base, rule) == date.fromisoformat(pred["due_date"]):
            return True
    no_gold = not (gold.get("due_date") or gold.get("due_rule"))
    no_pred = not (pred.get("due_date") or pred.get("due_rule"))
    return no_gold and no_pred


def _shifted(base: date, rule: dict) -> date:
    from extractor.nlp.duerules import add_offset

    return add_offset(base, int(rule["offset"]), rule.get("unit", "days"), rule.get("direction", "after"))


def key_date_anchors(predicted: dict) -> dict[str, date]:
    """The predicted contract's key dates by rule anchor, as the extractor resolves rules: the
    effective date falls back on the agreement date and back, signing on the first signature,
    then the agreement and effective dates."""
    found = {key: date.fromisoformat(predicted[key]) for key in
             ("effective_date", "agreement_date", "expiration_date") if predicted.get(key)}  # fmt: skip
    signed = sorted(k["date"] for k in predicted.get("key_dates", []) if k.get("kind") == "signing_date"
                    and k.get("date"))  # fmt: skip
    if signed:
        found["signing_date"] = date.fromisoformat(signed[0])
    anchors = {}
    for anchor, keys in KEY_DATE_FALLBACKS.items():
        value = next((found[k] for k in keys if k in found), None)
        if value:
            anchors[anchor] = value
    return anchors


def _page(item: dict) -> int | None:
    if item.get("page") is not None:
        return int(item["page"])
    evidence = item.get("evidence") or {}
    return int(evidence["page"]) if evidence.get("page") is not None else None


def _page_gap(gold: dict, pred: dict) -> int:
    a, b = _page(gold), _page(pred)
    return abs(a - b) if a is not None and b is not None else 0


def greedy_pairs(gold: list[dict], pred: list[dict], can: Callable[[dict, dict], bool],
                 rank: Callable[[dict, dict], tuple]) -> list[tuple[int, int]]:  # fmt: skip
    """One-to-one pairs, best ``rank`` first (ties: gold order, then predicted order)."""
    candidates = [(rank(g, p), gi, pi) for gi, g in enumerate(gold) for pi, p in enumerate(pred)
                  if can(g, p)]  # fmt: skip
    candidates.sort()
    used_gold, used_pred, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def _same_money(gold: dict, pred: dict) -> bool:
    return gold.get("currency") == pred.get("currency") and same_amount(gold.get("amount"),
                                                                         pred.get("amount"))


def match_mentions(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    def can(g, p):
        return _same_money(g, p) and _page_gap(g, p) <= 1

    def rank(g, p):
        return (_page_gap(g, p), g["class"] != p.get("class"))

    return greedy_pairs(gold, pred, can, rank)


def payment_milestones(milestones: list[dict]) -> list[dict]:
    return [m for m in milestones if m.get("amount") is not None or m.get("kind") == "payment"]


def match_milestones(gold: list[dict], pred: list[dict],
                     anchors: dict[str, date] | None = None) -> list[tuple[int, int]]:  # fmt: skip
    def rank(g, p):
        return (not due_agrees(g, p, anchors), _page_gap(g, p))

    return greedy_pairs(gold, pred, _same_money, rank)


# --- scores --------------------------------------------------------------------------------
@dataclass
class Ratio:
    hit: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.hit / self.total if self.total else None

    def add(self, other: Ratio) -> None:
        self.hit += other.hit
        self.total += other.total


@dataclass
class ContractScore:
    slug: str
    recall: Ratio = field(default_factory=Ratio)  # scheduled-payment amounts
    precision: Ratio = field(default_factory=Ratio)
    due: Ratio = field(default_factory=Ratio)  # due right over matched pairs
    class_recall: dict[str, Ratio] = field(default_factory=dict)
    class_precision: dict[str, Ratio] = field(default_factory=dict)
    confusion: Counter = field(default_factory=Counter)  # (gold class or "-", pred class or "-")
    rate_cap_milestones: int = 0
    misses: list[str] = field(default_factory=list)
    error: str | None = None


def score_contract(slug: str, gold: dict, predicted: dict) -> ContractScore:
    """Compare one contract's extraction (``Contract.to_dict()``) with its labels."""
    score = ContractScore(slug)
    _score_mentions(score, gold.get("money", []), predicted.get("money", []))
    _score_schedule(score, gold, predicted)
    return score


def _score_mentions(score: ContractScore, gold: list[dict], pred: list[dict]) -> None:
    pairs = match_mentions(gold, pred)
    for cls in CLASSES:
        score.class_recall[cls] = Ratio(0, sum(g["class"] == cls for g in gold))
        score.class_precision[cls] = Ratio(0, sum(p.get("class") == cls for p in pred))
    for gi, pi in pairs:
        g, p = gold[gi]["class"], pred[pi].get("class")
        score.confusion[(g, p)] += 1
        if g == p:
            score.class_recall[g].hit += 1
            score.class_precision[g].hit += 1
        else:
            score.misses.append(f"class {g} read as {p}: {_show(gold[gi])}")
    matched_gold, matched_pred = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    for gi, g in enumerate(gold):
        if gi not in matched_gold:
            score.confusion[(g["class"], "-")] += 1
            score.misses.append(f"mention missed ({g['class']}): {_show(g)}")
    for pi, p in enumerate(pred):
        if pi not in matched_pred:
            score.confusion[("-", p.get("class"))] += 1
            score.misses.append(f"mention not in gold ({p.get('class')}): {_show(p)}")


def _score_schedule(score: ContractScore, gold: dict, predicted: dict) -> None:
    gold_ms = gold.get("milestones", [])
    pred_ms = payment_milestones(predicted.get("milestones", []))
    anchors = key_date_anchors(predicted)
    pairs = match_milestones(gold_ms, pred_ms, anchors)
    score.recall = Ratio(len(pairs), len(gold_ms))
    score.precision = Ratio(len(pairs), len(pred_ms))
    for gi, pi in pairs:
        right = due_agrees(gold_ms[gi], pred_ms[pi], anchors)
        score.due.hit += right
        score.due.total += 1
        if not right:
            score.misses.append(f"due wrong: gold {_show(gold_ms[gi])} / got {_show(pred_ms[pi])}")
    matched_gold, matched_pred = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
    limits = [g for g in gold.get("money", []) if g["class"] in ("rate", "cap")]
    for pi, p in enumerate(pred_ms):
        if pi in matched_pred:
            continue
        if any(_same_money(g, p) for g in limits):
            score.rate_cap_milestones += 1
            score.misses.append(f"rate or cap made a milestone: {_show(p)}")
        else:
            score.misses.append(f"payment not in gold: {_show(p)}")
    for gi, g in enumerate(gold_ms):
        if gi not in matched_gold:
            score.misses.append(f"payment missed: {_show(g)}")


def _show(item: dict) -> str:
    amount = item.get("amount")
    money = f"{item.get('currency')} {amount:,.2f}" if amount is not None else "no amount"
    due = item.get("due_date") or ""
    rule = item.get("due_rule")
    if rule:
        due += (" " if due else "") + (f"{rule['offset']} {rule['unit']} {rule['direction']} "
                                       f"{rule['anchor']}")  # fmt: skip
    text = item.get("quote") or item.get("name") or item.get("text") or ""
    return f"p.{_page(item)} {money} [{due or 'no due'}] {text[:110]!r}"


# --- totals --------------------------------------------------------------------------------
@dataclass
class Summary:
    contracts: list[ContractScore] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def micro(self, get: Callable[[ContractScore], Ratio]) -> float | None:
        total = Ratio()
        for score in self.contracts:
            total.add(get(score))
        return total.value

    def macro(self, get: Callable[[ContractScore], Ratio]) -> float | None:
        values = [v for score in self.contracts if (v := get(score).value) is not None]
        return sum(values) / len(values) if values else None

    def count(self, get: Callable[[ContractScore], Ratio]) -> Ratio:
        total = Ratio()
        for score in self.contracts:
            total.add(get(score))
        return total

    @property
    def confusion(self) -> Counter:
        total: Counter = Counter()
        for score in self.contracts:
            total.update(score.confusion)
        return total

    @property
    def rate_cap_milestones(self) -> int:
        return sum(score.rate_cap_milestones for score in self.contracts)

    def headline(self) -> dict:
        """The issue's figures: amount recall/precision and due agreement, micro and macro."""
        out = {}
        for name, get in (("recall", _recall), ("precision", _precision), ("due", _due)):
            out[name] = {"micro": self.micro(get), "macro": self.macro(get)}
        out["rate_cap_milestones"] = self.rate_cap_milestones
        return out


def _recall(score: ContractScore) -> Ratio:
    return score.recall


def _precision(score: ContractScore) -> Ratio:
    return score.precision


def _due(score: ContractScore) -> Ratio:
    return score.due


def extract_contract(path: Path, cache: Path | None = CACHE) -> dict:
    from extractor.evaluate.cuad import load
    from extractor.nlp.pipeline import extract

    return extract(load(path, cache)).to_dict()


def score_part(part: str, shared: Path | None = None, only: list[str] | None = None,
               cache: Path | None = CACHE) -> Summary:  # fmt: skip
    shared = shared or shared_dir()
    summary = Summary()
    for slug in only or split_slugs(part):
        gold = load_gold(slug)
        path = contract_path(gold, shared)
        if not path.exists():
            summary.missing.append(slug)
            continue
        summary.contracts.append(score_contract(slug, gold, extract_contract(path, cache)))
    return summary


# --- report --------------------------------------------------------------------------------
def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def format_summary(summary: Summary, part: str, per_contract: bool, misses: bool) -> str:
    lines = []
    if per_contract:
        lines.append(f"{'contract':58} {'gold':>5} {'pred':>5} {'recall':>6} {'prec':>6} "
                     f"{'due':>6}")  # fmt: skip
        for s in summary.contracts:
            lines.append(f"{s.slug[:58]:58} {s.recall.total:5d} {s.precision.total:5d} "
                         f"{_fmt(s.recall.value):>6} {_fmt(s.precision.value):>6} "
                         f"{_fmt(s.due.value):>6}")  # fmt: skip
        lines.append("")
    n = len(summary.contracts)
    lines.append(f"{part}: {n} contracts" + (f" ({len(summary.missing)} missing from ../shared)"
                                             if summary.missing else ""))  # fmt: skip
    lines.append(f"{'scheduled payments':24} {'count':>13} {'micro':>6} {'macro':>6}")
    for name, get in (("amount recall", _recall), ("amount precision", _precision),
                      ("due right on matched", _due)):  # fmt: skip
        ratio = summary.count(get)
        lines.append(f"{name:24} {ratio.hit:6d}/{ratio.total:<6d} {_fmt(summary.micro(get)):>6} "
                     f"{_fmt(summary.macro(get)):>6}")  # fmt: skip
    lines.append(f"rates or caps made milestones: {summary.rate_cap_milestones}")
    lines.append("")
    lines.append(f"{'money class':12} {'gold':>5} {'pred':>5} {'P micro':>8} {'R micro':>8} "
                 f"{'P macro':>8} {'R macro':>8}")  # fmt: skip
    for cls in CLASSES:
        def p(s, c=cls):
            return s.class_precision.get(c, Ratio())

        def r(s, c=cls):
            return s.class_recall.get(c, Ratio())

        lines.append(f"{cls:12} {summary.count(r).total:5d} {summary.count(p).total:5d} "
                     f"{_fmt(summary.micro(p)):>8} {_fmt(summary.micro(r)):>8} "
                     f"{_fmt(summary.macro(p)):>8} {_fmt(summary.macro(r)):>8}")  # fmt: skip
    lines.append("")
    lines.append("confusion (rows gold, columns predicted; - = none)")
    labels = (*CLASSES, "-")
    lines.append(f"{'':10}" + "".join(f"{c:>10}" for c in labels))
    confusion = summary.confusion
    for g in labels:
        lines.append(f"{g:10}" + "".join(f"{confusion.get((g, p), 0):>10}" for p in labels))
    if misses:
        for s in summary.contracts:
            if s.misses:
                lines.append(f"\n{s.slug}")
                lines += [f"  {m}" for m in s.misses]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.evaluate.payments",
                                     description=__doc__.split("\n")[0])  # fmt: skip
    parser.add_argument("--part", choices=("tune", "blind"), default="tune")
    parser.add_argument("--contract", action="append", help="only this tune contract (slug)")
    parser.add_argument("--misses", action="store_true", help="print every miss (tune only)")
    parser.add_argument("--json", action="store_true", help="the headline figures as JSON")
    args = parser.parse_args(argv)
    if args.contract and any(slug in split_slugs("blind") for slug in args.contract):
        parser.error("blind contracts are scored only in aggregate")
    summary = score_part(args.part, only=args.contract)
    if not summary.contracts:
        print(f"no labelled contract found under {shared_dir()}: set $CONTRACTS_SHARED",
              file=sys.stderr)  # fmt: skip
        return 1
    if args.json:
        print(json.dumps(summary.headline(), indent=2))
        return 0
    tune = args.part == "tune"
    print(format_summary(summary, args.part, per_contract=tune, misses=tune and args.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
