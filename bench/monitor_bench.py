"""How fast are `contracts digest` and `contracts check` on a big store? Builds the 10,000-
contract store of report_bench.py (100,000 milestones), gives a third of the contracts an
automatic renewal with a notice period and flags some values for review, then times both.

    python bench/monitor_bench.py                 # build in a temp folder, time, print
    python bench/monitor_bench.py --db big.db     # keep the store (reused if it exists)

Target: under 1 second each.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report_bench import AS_OF, build

from tracker import checks, digest
from tracker.store import open_store, transaction


def add_monitoring(db, seed: int = 11) -> None:
    """Renewal terms, notice periods, review flags and business-day rules on the bench store."""
    rng = random.Random(seed)
    ids = [row[0] for row in db.execute("SELECT id FROM contracts")]
    renewing = rng.sample(ids, len(ids) // 3)
    notice = [json.dumps({"value": rng.choice((30, 60, 90)), "unit": rng.choice(
        ("days", "days", "business_days"))}) for _ in renewing]  # fmt: skip
    with transaction(db):
        db.conn.executemany(
            "UPDATE contracts SET renewal_term = ?, notice_period = ?, jurisdiction = ? "
            "WHERE id = ?",
            [(json.dumps({"automatic": True, "value": 1, "unit": "years"}), n,
              rng.choice((None, "US-NY", "GB-ENG")), cid) for cid, n in zip(renewing, notice)],
        )  # fmt: skip
        db.execute("UPDATE milestones SET needs_review = 1 WHERE id % 97 = 0")
        db.execute("UPDATE parties SET needs_review = 1 WHERE id % 89 = 0")
        db.execute("UPDATE milestones SET rule_unit = 'business_days' WHERE rule_unit IS NOT NULL "
                   "AND id % 3 = 0")  # fmt: skip
    db.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contracts", type=int, default=10_000)
    parser.add_argument("--per-contract", type=int, default=10)
    parser.add_argument("--db", help="Store to build (or reuse); default: a temp file.")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = Path(args.db) if args.db else Path(folder.name) / "bench.db"
    fresh = not path.exists()
    db = open_store(path)
    if fresh:
        started = time.perf_counter()
        build(db, args.contracts, args.per_contract)
        add_monitoring(db)
        print(f"built {path} in {time.perf_counter() - started:.1f}s")
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("contracts", "milestones", "events")]  # fmt: skip
    print(f"store: {counts[0]:,} contracts, {counts[1]:,} milestones, {counts[2]:,} events")

    started = time.perf_counter()
    first = digest.build(db, AS_OF, holidays=frozenset(), today=AS_OF)
    print(f"digest.build() first run (records {len(first.rolls):,} renewals): "
          f"{(time.perf_counter() - started) * 1000:.0f} ms")

    def touch():  # one contract changed (the kept findings of the others may be reused)
        db.execute("UPDATE contracts SET title = title WHERE id = 17")

    def cold():  # the kept findings dropped (new checks, other holidays): all computed again
        db.execute("DELETE FROM store_state WHERE key = 'findings'")

    data = digest.build(db, AS_OF, holidays=frozenset(), today=AS_OF)
    sections = ", ".join(f"{k} {v:,}" for k, v in data.counts().items())
    print(f"sections: {sections}")
    rows = [
        ("digest.build(), findings kept", None,
         lambda: digest.build(db, AS_OF, holidays=frozenset(), today=AS_OF)),
        ("digest.build(), one contract changed", touch,
         lambda: digest.build(db, AS_OF, holidays=frozenset(), today=AS_OF)),
        ("digest.build(), findings dropped", cold,
         lambda: digest.build(db, AS_OF, holidays=frozenset(), today=AS_OF)),
        ("check_store(), findings kept", None, lambda: checks.check_store(db, holidays=frozenset())),
        ("check_store(), one contract changed", touch,
         lambda: checks.check_store(db, holidays=frozenset())),
        ("check_store(), findings dropped", cold,
         lambda: checks.check_store(db, holidays=frozenset())),
    ]  # fmt: skip
    for label, before, func in rows:
        walls, cpus = [], []
        for _ in range(args.repeat):
            if before:
                before()
            wall, cpu = time.perf_counter(), time.process_time()
            func()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(f"{label}: median {statistics.median(walls) * 1000:.0f} ms "
              f"(CPU {statistics.median(cpus) * 1000:.0f} ms)")
    db.conn.close()

    from click.testing import CliRunner

    from tracker.cli import cli

    runner = CliRunner()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for name, arguments in (("digest", ["digest", "--as-of", AS_OF.isoformat()]),
                            ("check", ["check"])):  # fmt: skip
        arguments = [*arguments, "--db", str(path)]
        times, cpus = [], []
        for _ in range(args.repeat):
            started, cpu = time.perf_counter(), time.process_time()
            runner.invoke(cli, arguments, env={"CONTRACTS_HOLIDAYS": ""})
            times.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
        print(f"`contracts {name}` in process (imports done): "
              f"median {statistics.median(times) * 1000:.0f} ms "
              f"(CPU {statistics.median(cpus) * 1000:.0f} ms)")
        command = [sys.executable, "-c", "from tracker.cli import cli; cli()", *arguments]
        times, cpus = [], []
        for _ in range(args.repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, cwd=ROOT,
                           env={"CONTRACTS_HOLIDAYS": "", "PATH": ""})  # fmt: skip
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        print(f"`contracts {name}` as a new process (start-up and imports included): "
              f"median {statistics.median(times) * 1000:.0f} ms "
              f"(CPU {statistics.median(cpus) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
