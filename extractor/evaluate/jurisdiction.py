"""Score the governing law found by ``contract_jurisdiction`` against CUAD's "Governing Law".

``python -m extractor.evaluate.jurisdiction [--labels ../shared/cuad-train/labels.json]
[--split blind|tune|all] [--misses]`` reads each labelled PDF's text (pypdfium2, the text layer
the loader reads), finds the governing law and prints accuracy, precision and recall.

The split is fixed: a seeded shuffle puts 20 % of the contracts in a blind part, scored only
to report; the rules were tuned on the rest. Scoring: an answer is reduced to the jurisdictions
it names (with the component's own tables, so "Ontario, Canada" is Ontario and "People's
Republic of China" is China); a prediction is right when its holidays code is among them, or
when there is no answer and nothing was predicted. CUAD answers that name no jurisdiction in
the tables ("the state in which the breach occurs") count as misses of the component.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from extractor.nlp.jurisdiction import _names, find_governing_law

DEFAULT_LABELS = Path(__file__).resolve().parents[2].parent / "shared" / "cuad-train" / "labels.json"
BLIND_SHARE = 0.2
SEED = 12


def split(contracts: list[dict], part: str) -> list[dict]:
    order = list(range(len(contracts)))
    random.Random(SEED).shuffle(order)
    blind = set(order[: round(len(order) * BLIND_SHARE)])
    if part == "all":
        return contracts
    wanted = part == "blind"
    return [c for i, c in enumerate(contracts) if (i in blind) == wanted]


def answer_codes(answer: str) -> set[str]:
    """The calendar codes of the jurisdictions a CUAD answer names."""
    pattern, table = _names()
    return {table[" ".join(m.group(0).lower().split())][1] for m in pattern.finditer(answer)}


def pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        pages = []
        for index in range(len(pdf)):
            textpage = pdf[index].get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
        return "\n\n".join(pages)
    finally:
        pdf.close()


@dataclass
class Score:
    total: int = 0
    right: int = 0
    labelled: int = 0
    predicted: int = 0
    right_labelled: int = 0  # predicted and right, among contracts with an answer

    def line(self, name: str) -> str:
        accuracy = self.right / self.total if self.total else 0.0
        precision = self.right_labelled / self.predicted if self.predicted else 0.0
        recall = self.right_labelled / self.labelled if self.labelled else 0.0
        return (f"{name}: {self.total} contracts, accuracy {accuracy:.1%} ({self.right}); "
                f"with an answer {self.labelled}: precision {precision:.1%}, recall {recall:.1%}")


def score(contracts: list[dict], root: Path, misses: list | None = None) -> Score:
    result = Score()
    for contract in contracts:
        answer = contract["answers"].get("Governing Law", "").strip()
        found = find_governing_law(pdf_text(root / contract["file"]))
        gold = answer_codes(answer) if answer else set()
        result.total += 1
        result.labelled += bool(answer)
        result.predicted += bool(found) and bool(answer)
        right = (found is None and not answer) or (found is not None and found[1] in gold)
        result.right += right
        result.right_labelled += bool(answer) and right
        if not right and misses is not None:
            misses.append((contract["file"], answer, found[0] if found else None))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=DEFAULT_LABELS)
    parser.add_argument("--split", choices=("blind", "tune", "all"), default="blind")
    parser.add_argument("--misses", action="store_true", help="List every miss.")
    args = parser.parse_args(argv)
    if not args.labels.exists():
        print(f"{args.labels} not found (it is in ../shared, not in a clone)", file=sys.stderr)
        return 1
    contracts = json.loads(args.labels.read_text(encoding="utf-8"))["contracts"]
    misses: list = []
    result = score(split(contracts, args.split), args.labels.parent, misses)
    print(result.line(f"Governing law ({args.split})"))
    if args.misses:
        for file, answer, found in misses:
            print(f"  {Path(file).name[:70]}: CUAD {answer!r}, found {found!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
