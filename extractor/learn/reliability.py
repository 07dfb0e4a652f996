"""How often the parties the shipped model gives are right, per confidence bucket.

    python -m extractor.learn.reliability [--part blind|tune]

Runs the parties decision as the pipeline does on each contract of the part, matches the parties
given with CUAD's one to one (the scorer's conventions: ``extractor.evaluate.cuad``), and prints
the share right per bucket of calibrated confidence, and how many were marked ``needs_review``.
Aggregates only: the blind part's contracts are never listed. Training-time only.
"""

from __future__ import annotations

import argparse
import itertools
import sys

from extractor.evaluate.cuad import gold_parties
from extractor.learn import linear, partydecide
from extractor.learn.dataset import examples
from extractor.learn.train import BUCKETS
from extractor.learn.train_parties import matched


def outcomes(part: str) -> list[tuple[float, bool, bool]]:
    """(confidence, right, needs_review) of every party given on the part's contracts."""
    out = []
    for example in examples(part):
        decision = partydecide.decide(example.text)
        chosen = list(decision.parties) if decision else []
        rights = matched([c.candidate for c in chosen], gold_parties(example.answers.get("Parties", "")))
        out += [(c.confidence, right, c.needs_review) for c, right in zip(chosen, rights)]
    return out


def table(rows: list[tuple[float, bool, bool]]) -> list[str]:
    lines = ["confidence   parties  right   share right  needs_review"]
    for low, high in itertools.pairwise(BUCKETS):
        inside = [(right, review) for p, right, review in rows if low <= p < high]
        if inside:
            right = sum(r for r, _ in inside)
            lines.append(f"{low:.2f}-{min(high, 1.0):.2f}  {len(inside):8d} {right:6d}   {right / len(inside):11.3f}"
                         f"  {sum(v for _, v in inside):12d}")
    high = [right for p, right, _ in rows if p >= 0.9]
    if high:
        lines.append(f">= 0.90     {len(high):8d} {sum(high):6d}   {sum(high) / len(high):11.3f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.learn.reliability", description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["blind", "tune"], default="blind")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    model = linear.load(partydecide.MODEL)
    if model is None:
        sys.stderr.write("no parties model is shipped: train one with python -m extractor.learn.train\n")
        return 2
    rows = outcomes(args.part)
    print(f"parties given on the {args.part} part: {len(rows)} (review below {model.review_below:.2f})")
    print("\n".join(table(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
