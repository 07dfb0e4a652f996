"""Precision and recall of `contracts check` on contracts with planted problems.

    python bench/checks_eval.py                 # golden extractions (the checks alone)
    python bench/checks_eval.py --extract       # what the extractor reads from the same files

tests/files/monitoring/ holds small contracts, each with one or two planted schedule problems
(``expected_findings.json``). The 14 sample contracts of fixtures/ are added as clean ones:
every finding on them counts as a false alarm. A finding matches a planted problem when the
code is the same and it names the problem's milestones; matching is one-to-one.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import extract, load_document
from models import Contract
from tracker import checks
from tracker.save import save_document
from tracker.schedule import resolve_store
from tracker.store import open_store

PLANTED = ROOT / "tests" / "files" / "monitoring"
CLEAN = ROOT / "fixtures"


def golden(path: Path, expected: Path, document) -> Contract:
    data = json.loads(expected.read_text(encoding="utf-8"))
    terms = data.get("payment_terms") or {}
    if "terms" not in terms:  # fixtures/ gold lists recurring fees in their summary only
        terms = {**terms, "terms": [{"kind": "recurring_fee", "text": "", **r}
                                    for r in terms.get("recurring", [])]}  # fmt: skip
    return Contract.from_dict({**data, "payment_terms": terms, "file": document.path,
                               "sha256": document.sha256, "format": document.format,
                               "pages": document.page_count})  # fmt: skip


def sources() -> list[tuple[str, Path, Path]]:
    """(slug, file, golden json) of every planted and clean contract."""
    out = []
    for folder, suffixes in ((PLANTED, (".txt",)), (CLEAN, (".docx",))):
        for expected in sorted(folder.glob("*.expected.json")):
            slug = expected.name.removesuffix(".expected.json")
            file = next(folder / f"{slug}{s}" for s in suffixes if (folder / f"{slug}{s}").exists())
            out.append((slug, file, expected))
    return out


def run(use_extractor: bool) -> tuple[dict[str, list[checks.Finding]], dict[int, str]]:
    db = open_store(":memory:")
    slugs = {}
    for slug, file, expected in sources():
        document = load_document(str(file))
        contract = extract(document) if use_extractor else golden(file, expected, document)
        slugs[save_document(db, document, contract)] = slug
    resolve_store(db, holidays=frozenset())
    found: dict[str, list[checks.Finding]] = {slug: [] for slug in slugs.values()}
    for finding in checks.check_store(db, holidays=frozenset()):
        found[slugs[finding.contract_id]].append(finding)
    return found, slugs


def match(found: dict[str, list[checks.Finding]], expected: dict) -> tuple[Counter, list, list]:
    """Per-code counts of true positives, false positives, misses; the unmatched findings."""
    counts: Counter = Counter()
    false_alarms, misses = [], []
    for slug, findings in found.items():
        wanted = list(expected.get(slug, []))
        for finding in findings:
            hit = next((w for w in wanted if w["code"] == finding.code
                        and set(w["milestones"]) <= set(finding.names)), None)  # fmt: skip
            if hit is not None:
                wanted.remove(hit)
                counts[(finding.code, "tp")] += 1
            else:
                counts[(finding.code, "fp")] += 1
                false_alarms.append((slug, finding))
        for miss in wanted:
            counts[(miss["code"], "fn")] += 1
            misses.append((slug, miss))
    return counts, false_alarms, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extract", action="store_true",
                        help="Check what the extractor reads instead of the golden extraction.")
    args = parser.parse_args()
    expected = json.loads((PLANTED / "expected_findings.json").read_text(encoding="utf-8"))
    found, slugs = run(args.extract)
    counts, false_alarms, misses = match(found, expected)
    source = "extractor" if args.extract else "golden extraction"
    print(f"checks on {len(slugs)} contracts ({source}): "
          f"{sum(len(v) for k, v in expected.items() if not k.startswith('_'))} planted problems")
    print(f"{'check':<22} {'tp':>3} {'fp':>3} {'fn':>3}")
    for code in checks.CHECKS:
        tp, fp, fn = (counts[(code, k)] for k in ("tp", "fp", "fn"))
        print(f"{code:<22} {tp:>3} {fp:>3} {fn:>3}")
    tp, fp, fn = (sum(v for (c, k), v in counts.items() if k == key) for key in ("tp", "fp", "fn"))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"{'all':<22} {tp:>3} {fp:>3} {fn:>3}   precision {precision:.1%}, recall {recall:.1%}")
    for slug, finding in false_alarms:
        print(f"  false alarm {slug}: {finding.code}: {finding.message}")
    for slug, miss in misses:
        print(f"  missed {slug}: {miss['code']} {miss['milestones']}")


if __name__ == "__main__":
    main()
