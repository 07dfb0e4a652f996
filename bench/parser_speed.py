"""How fast the free-text scanners read: dates, money, percentages and durations, in MB/s.

    python bench/parser_speed.py [--repeat N] [--json]

Each scanner (``find_dates``, ``find_money``, ``find_percents``, ``find_durations``) reads the
same contract-like text (a paragraph of dates, amounts and periods, repeated 5,000 times,
~1.3 MB) in this process; the best of N runs is kept, as CPU seconds, which other processes on
the machine do not move. Target: >= 1 MB/s each (a regex that backtracks badly falls far below).
The tests check what the scanners find, never how fast (speed depends on the machine).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor.nlp.dates import find_dates
from extractor.nlp.numbers import find_durations, find_money, find_percents

TARGET_MB_PER_S = 1.0
PARAGRAPH = (
    "The Supplier shall deliver the Goods within thirty (30) days after March 15, 2025. "
    "Payment of $25,000.00 (Twenty-Five Thousand Dollars) is due on 4/1/2025 per Section 4.2, "
    "with a retention of five percent (5%) released ninety (90) days after acceptance.\n"
)
SCANNERS = {
    "find_dates": find_dates,
    "find_money": find_money,
    "find_percents": find_percents,
    "find_durations": find_durations,
}


def measure(repeat: int) -> list[dict]:
    text = PARAGRAPH * 5000
    rows = []
    for name, scan in SCANNERS.items():
        best, found = float("inf"), 0
        for _ in range(repeat):
            start = time.process_time()
            found = len(scan(text))
            best = min(best, time.process_time() - start)
        rate = len(text) / 1e6 / max(best, 1e-9)
        rows.append({"scanner": name, "mb": round(len(text) / 1e6, 2), "found": found,
                     "cpu_seconds": round(best, 3), "mb_per_s": round(rate, 2),
                     "meets_target": rate >= TARGET_MB_PER_S})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per scanner (best kept)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args(argv)
    rows = measure(args.repeat)
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    print(f"{'scanner':<16}{'MB':>6}{'found':>8}{'cpu s':>8}{'MB/s':>8}  target >= "
          f"{TARGET_MB_PER_S:g} MB/s")
    for r in rows:
        mark = "ok" if r["meets_target"] else "SLOW"
        print(f"{r['scanner']:<16}{r['mb']:>6}{r['found']:>8}{r['cpu_seconds']:>8}"
              f"{r['mb_per_s']:>8}  {mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
