"""Similarity of document pairs under the copy fingerprint (issue 11): where COPY_THRESHOLD sits.

    python bench/family_pairs.py [--shared DIR] [--ocr never|auto] [--json]

Pairs, by what they are:

- copy, text: the same contract in two files with a text layer (the fixtures' PDF and Word
  files, the family fixtures' PDF/DOCX and draft/signed, CUAD's "form of" content licence and its
  executed version);
- copy, OCR: a scan read by OCR against the PDF and the Word file it was made from
  (fixtures/scanned/, the family triple); skipped with --ocr never;
- near miss: different contracts written from one template (two SOWs under one MSA, two
  amendments of one agreement, CUAD's three amendments of one manufacturing agreement, its two
  amendments of one content licence);
- amendment vs parent: an amendment and the agreement it amends;
- unrelated: every other pair of the fixtures and of ../shared/corpus.

Prints per class the number of pairs, min, median and max similarity, the lowest copy and the
highest non-copy, and the thresholds. Pairs whose files are missing (no ../shared) are skipped.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import load_document
from extractor.nlp.fingerprint import (
    COPY_THRESHOLD,
    OCR_COPY_THRESHOLD,
    fingerprint,
    similarity,
)

FIXTURES = ROOT / "fixtures"
FAMILIES = FIXTURES / "families"
TRAIN = "cuad-train/pdf"
BELLRING = "BellringBrandsInc_20190920_S-1_EX-10.12_11817081_EX-10.12_Manufacturing Agreement{}.pdf"
GLU = "GluMobileInc_20070319_S-1A_EX-10.09_436630_EX-10.09_Content License Agreement{}.pdf"


def pairs(shared: Path, ocr: bool) -> dict[str, list[tuple[Path, Path]]]:
    slugs = sorted(p.stem for p in FIXTURES.glob("*.expected.json"))
    slugs = [s.removesuffix(".expected") for s in slugs]
    train = shared / TRAIN
    out: dict[str, list[tuple[Path, Path]]] = {
        "copy, text": [(FIXTURES / f"{s}.pdf", FIXTURES / f"{s}.docx") for s in slugs] + [
            (FAMILIES / "lakeside-facility-services.pdf",
             FAMILIES / "lakeside-facility-services.docx"),
            (FAMILIES / "orchard-marketing-draft.docx", FAMILIES / "orchard-marketing-signed.pdf"),
            (train / "IdeanomicsInc_20151124_8-K_EX-10.2_9354744_EX-10.2_Content License "
                     "Agreement.pdf",
             train / "IdeanomicsInc_20160330_10-K_EX-10.26_9512211_EX-10.26_Content License "
                     "Agreement.pdf"),
        ],
        "copy, OCR": [],
        "near miss": [
            (FAMILIES / "harborview-sow-1.pdf", FAMILIES / "harborview-sow-2.docx"),
            (FAMILIES / "atlas-amendment-1.pdf", FAMILIES / "atlas-amendment-2.docx"),
            *[(train / BELLRING.format(a), train / BELLRING.format(b))
              for a, b in ((2, 3), (2, 4), (3, 4))],
            (train / GLU.format(3), train / GLU.format(4)),
        ],
        "amendment vs parent": [
            (FAMILIES / "atlas-amendment-1.pdf", FAMILIES / "atlas-development-agreement.pdf"),
            (FAMILIES / "greenfield-change-order-1.pdf",
             FAMILIES / "greenfield-installation-agreement.pdf"),
            (train / "BIOAMBERINC_04_10_2013-EX-10.34-DEVELOPMENT AGREEMENT - First Amendment.pdf",
             shared / "corpus" / "cuad-bioamber-development-agreement-1-2013.pdf"),
            (train / "ScansourceInc_20190822_10-K_EX-10.39_11793959_EX-10.39_Distributor "
                     "Agreement.pdf",
             train / "ScansourceInc_20190822_10-K_EX-10.38_11793958_EX-10.38_Distributor "
                     "Agreement1.pdf"),
            (train / GLU.format(3), train / GLU.format(1)),
        ],
    }
    if ocr:
        for scan in sorted((FIXTURES / "scanned").glob("*.pdf")):
            out["copy, OCR"] += [(FIXTURES / scan.name, scan),
                                 (FIXTURES / f"{scan.stem}.docx", scan)]
        triple = FAMILIES / "lakeside-facility-services.scan.pdf"
        out["copy, OCR"] += [(FAMILIES / "lakeside-facility-services.pdf", triple),
                             (FAMILIES / "lakeside-facility-services.docx", triple)]
    related = {frozenset(p) for group in out.values() for p in group}
    others = [FIXTURES / f"{s}.pdf" for s in slugs] + sorted((shared / "corpus").glob("*.pdf"))
    out["unrelated"] = [p for p in itertools.combinations(others, 2)
                        if frozenset(p) not in related]
    return {name: [p for p in group if p[0].exists() and p[1].exists()]
            for name, group in out.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--ocr", choices=["never", "auto"], default="auto")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    groups = pairs(args.shared, args.ocr == "auto")
    cache: dict[Path, bytes | None] = {}
    started = time.process_time()
    pages = 0

    def signature(path: Path) -> bytes | None:
        nonlocal pages
        if path not in cache:
            document = load_document(str(path), ocr=args.ocr)
            pages += document.page_count
            cache[path] = fingerprint(document.text)
        return cache[path]

    result = {}
    for name, group in groups.items():
        scores = sorted((similarity(signature(a), signature(b)), a.name, b.name)
                        for a, b in group)  # fmt: skip
        result[name] = scores
    if args.json:
        print(json.dumps({k: [list(s) for s in v] for k, v in result.items()}, indent=1))
        return 0
    print(f"{'class':22} {'pairs':>5} {'min':>6} {'median':>7} {'max':>6}")
    for name, scores in result.items():
        values = [s for s, _, _ in scores]
        if values:
            print(f"{name:22} {len(values):5d} {min(values):6.3f} "
                  f"{statistics.median(values):7.3f} {max(values):6.3f}")
    copies = [s for k in ("copy, text", "copy, OCR") for s in result[k]]
    others = [s for k in ("near miss", "amendment vs parent", "unrelated") for s in result[k]]
    if copies and others:
        low, high = min(copies), max(others)
        print(f"\nlowest copy:      {low[0]:.3f}  {low[1]} ~ {low[2]}")
        print(f"highest non-copy: {high[0]:.3f}  {high[1]} ~ {high[2]}")
    print(f"COPY_THRESHOLD = {COPY_THRESHOLD} (text), OCR_COPY_THRESHOLD = {OCR_COPY_THRESHOLD} "
          "(either side read by OCR, with dates and parties checked)")
    print(f"{len(cache)} documents, {pages} pages read and fingerprinted in "
          f"{time.process_time() - started:.1f} CPU s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
