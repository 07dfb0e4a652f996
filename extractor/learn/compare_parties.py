"""Two kinds of party model side by side: the linear model over features and spaCy's textcat.

    python -m extractor.learn.compare_parties [--seed 13] [--blind]

Both score the same candidates (``partycandidates``) and choose with the same bars
(``partydecide.choose``, tuned out of fold). The linear model reads the features of
``partyfeatures``; the textcat (``TextCatBOW``, words and word pairs) reads the candidate in its
context: the words before it, the name, its role, the words after it, and which generators
proposed it. Prints the 5-fold cross-validated macro F1 on the tune part; with ``--blind``, both
models trained on the whole tune part and scored on the blind part (aggregates only).
Training-time only: needs the ``dev`` extra.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Sequence

from extractor.learn.dataset import examples
from extractor.learn.train_parties import (
    CS,
    PartyDoc,
    Ranked,
    choose_bars,
    fit,
    folds,
    macro_f1,
    party_docs,
    ranked,
)

CONTEXT_CHARS = 80
EPOCHS = 8


def context(text: str, doc: PartyDoc, index: int) -> str:
    """The candidate as the textcat reads it."""
    candidate = doc.candidates[index]
    left = text[max(0, candidate.start - CONTEXT_CHARS) : candidate.start]
    right = text[candidate.end : candidate.end + CONTEXT_CHARS // 2]
    sources = " ".join(f"src_{s}" for s in sorted(candidate.sources))
    role = f"role_{candidate.role}" if candidate.role else "role_none"
    return " ".join(f"{left} [ {candidate.name} ] {role} {right} {sources}".split())


def textcat_scores(train: Sequence[tuple[PartyDoc, str]], test: Sequence[tuple[PartyDoc, str]], seed: int):
    import spacy
    from spacy.training import Example

    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    nlp = spacy.blank("en")
    textcat = nlp.add_pipe("textcat", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2,
        "no_output_layer": False, "length": 262144}})
    textcat.add_label("PARTY")
    textcat.add_label("OTHER")
    rows = [(context(text, doc, i), y) for doc, text in train for i, y in enumerate(doc.labels)]
    examples_ = [Example.from_dict(nlp.make_doc(t), {"cats": {"PARTY": float(y), "OTHER": 1.0 - y}}) for t, y in rows]
    optimizer = nlp.initialize(lambda: examples_)
    for _ in range(EPOCHS):
        random.shuffle(examples_)
        for batch in spacy.util.minibatch(examples_, size=32):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    out = []
    for doc, text in test:
        texts = [context(text, doc, i) for i in range(len(doc.candidates))]
        out.append([d.cats["PARTY"] for d in nlp.pipe(texts)])
    return out


def linear_scores(train, test, c: float, seed: int):
    from extractor.learn.train_parties import _model

    model = _model(*fit([d for d, _ in train], c, seed))
    return [[model.score(f) for f in doc.features] for doc, _ in test]


def cross_validated(pairs, kind: str, seed: int, c: float = 0.1):
    scores = [[] for _ in pairs]
    for held in folds(len(pairs), seed):
        train = [p for i, p in enumerate(pairs) if i not in held]
        test_index = sorted(held)
        test = [pairs[i] for i in test_index]
        got = textcat_scores(train, test, seed) if kind == "textcat" else linear_scores(train, test, c, seed)
        for i, s in zip(test_index, got):
            scores[i] = s
    return scores


def summary(rankings: Sequence[Ranked], bars) -> str:
    hits = sum(sum(r.right[: r.taken(bars)]) for r in rankings)
    predicted = sum(r.taken(bars) for r in rankings)
    gold = sum(r.gold for r in rankings)
    return (f"macro F1 {macro_f1(rankings, bars):.3f}  P {hits / max(predicted, 1):.3f}  "
            f"R {hits / max(gold, 1):.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.learn.compare_parties", description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--blind", action="store_true", help="also score both kinds on the blind part")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    data = examples("tune")
    docs = party_docs(data)
    pairs = list(zip(docs, [e.text for e in data]))
    kinds = {}
    for kind in ("linear", "textcat"):
        started = time.perf_counter()
        best = None
        for c in (CS if kind == "linear" else (None,)):
            rankings = ranked(docs, cross_validated(pairs, kind, args.seed, c or 0.0))
            bars, f1 = choose_bars(rankings)
            if best is None or f1 > best[0]:
                best = (f1, c, bars, rankings)
        f1, c, bars, rankings = best
        kinds[kind] = (c, bars)
        print(f"{kind:8} tune 5-fold CV: {summary(rankings, bars)} "
              f"(C={c}, bars {bars}, {time.perf_counter() - started:.0f}s)")
    if args.blind:
        blind = examples("blind")
        blind_docs = party_docs(blind)
        blind_pairs = list(zip(blind_docs, [e.text for e in blind]))
        for kind, (c, bars) in kinds.items():
            if kind == "textcat":
                scores = textcat_scores(pairs, blind_pairs, args.seed)
            else:
                scores = linear_scores(pairs, blind_pairs, c, args.seed)
            print(f"{kind:8} blind ({len(blind_docs)}): {summary(ranked(blind_docs, scores), bars)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
