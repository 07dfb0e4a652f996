"""How fast is `contracts report` on a big store? Builds 10,000 contracts with 100,000
milestones (straight SQL inserts, seeded), then times the report function and the command.

    python bench/report_bench.py                 # build in a temp folder, time, print
    python bench/report_bench.py --db big.db     # keep the store (reused if it exists)

Target: under 1 second for `contracts report`.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker import reports, views
from tracker.store import open_store, transaction

KINDS = ("signing", "kickoff", "deliverable", "deliverable", "approval", "payment", "payment",
         "payment", "notice", "expiration")  # fmt: skip
CURRENCIES = ("USD", "USD", "USD", "EUR", "GBP")
AS_OF = date(2025, 6, 30)
STAMP = "2025-01-01T00:00:00+00:00"


def build(db, contracts: int, per_contract: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    documents, contract_rows, parties, milestones, events = [], [], [], [], []
    milestone_id = 0
    for cid in range(1, contracts + 1):
        sha = hashlib.sha256(f"contract {cid}".encode()).hexdigest()
        documents.append((cid, sha, f"contracts/c{cid:05d}.pdf", "pdf", 12, 0, STAMP, "bench",
                          0, "[]", "[]", "[]", ""))  # fmt: skip
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(700))
        currency = rng.choice(CURRENCIES)
        contract_rows.append((cid, cid, f"AGREEMENT {cid}", start.isoformat(), start.isoformat(),
                              (start + timedelta(days=365)).isoformat(), currency, "{}", STAMP,
                              STAMP))  # fmt: skip
        parties += [(cid, f"Client {cid % 997}", "Client"), (cid, f"Vendor {cid}", "Vendor")]
        for seq in range(per_contract):
            milestone_id += 1
            kind = KINDS[seq % len(KINDS)]
            due = start + timedelta(days=30 * seq + rng.randrange(20))
            status = _status(rng, kind, due)
            amount = round(rng.uniform(1_000, 50_000), 2) if kind == "payment" else None
            rule = rng.random() < 0.1
            paid = amount if status == "paid" else 0.0
            if status == "invoiced" and rng.random() < 0.3:
                paid = round(amount * 0.4, 2)
            done_on = (due + timedelta(days=rng.randrange(-10, 15))).isoformat()
            reached = status in ("completed", "approved", "invoiced", "paid")
            milestones.append((
                milestone_id, cid, seq, f"Milestone {seq + 1}", kind,
                None if rule else due.isoformat(),
                "within 30 days after the Effective Date" if rule else None,
                30 if rule else None, "days" if rule else None, "after" if rule else None,
                "effective_date" if rule else None,
                amount, currency, status, paid,
                amount if status in ("invoiced", "paid") else None,
                done_on if reached else None,
                done_on if status in ("approved", "invoiced", "paid") else None,
                done_on if status in ("invoiced", "paid") else None,
                done_on if status == "paid" else None,
                STAMP, STAMP,
            ))  # fmt: skip
            if paid:
                events.append((cid, milestone_id, "pay", "invoiced", status, done_on, STAMP,
                               "bench", paid))  # fmt: skip
    with transaction(db):
        db.conn.executemany(f"INSERT INTO documents (id, sha256, path, format, pages, size, "
                            f"ingested_at, extractor_version, needs_ocr, warnings, ocr_pages, "
                            f"tables, text) VALUES ({_marks(13)})", documents)  # fmt: skip
        db.conn.executemany(f"INSERT INTO contracts (id, document_id, title, agreement_date, "
                            f"effective_date, expiration_date, currency, extraction, "
                            f"extracted_at, updated_at) VALUES ({_marks(10)})",
                            contract_rows)  # fmt: skip
        db.conn.executemany("INSERT INTO parties (contract_id, name, role) VALUES (?, ?, ?)",
                            parties)  # fmt: skip
        db.conn.executemany(f"INSERT INTO milestones (id, contract_id, seq, name, kind, due_date, "
                            f"rule_text, rule_offset, rule_unit, rule_direction, rule_anchor, "
                            f"amount, currency, status, paid_amount, invoiced_amount, "
                            f"completed_on, approved_on, invoiced_on, paid_on, created_at, "
                            f"updated_at) VALUES ({_marks(22)})", milestones)  # fmt: skip
        db.conn.executemany(f"INSERT INTO events (contract_id, milestone_id, action, from_status, "
                            f"to_status, occurred_on, recorded_at, actor, amount) "
                            f"VALUES ({_marks(9)})", events)  # fmt: skip
    db.execute("ANALYZE")


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


def _status(rng: random.Random, kind: str, due: date) -> str:
    if rng.random() < 0.03:
        return rng.choice(("waived", "cancelled"))
    if due > AS_OF:
        return "pending" if rng.random() < 0.8 else "in_progress"
    done = rng.random() < 0.75
    if kind == "payment":
        return rng.choice(("paid", "paid", "invoiced")) if done else "pending"
    if kind in ("deliverable", "approval"):
        return "approved" if done else rng.choice(("pending", "completed"))
    return "completed" if done else "pending"


def timed(func, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return times


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
        print(f"built {path} in {time.perf_counter() - started:.1f}s")
    counts = [db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
              for t in ("contracts", "milestones", "events")]  # fmt: skip
    print(f"store: {counts[0]:,} contracts, {counts[1]:,} milestones, {counts[2]:,} events")

    def report():
        return reports.portfolio_report(db, as_of=AS_OF, months=6, holidays=frozenset(),
                                        overdue_limit=20)  # fmt: skip

    data = report()
    times = timed(report, args.repeat)
    print(f"portfolio_report(): median {statistics.median(times) * 1000:.0f} ms, "
          f"best {min(times) * 1000:.0f} ms ({data['counts']['overdue']:,} overdue)")
    overdue = views.Filters(overdue=True)
    times = timed(lambda: views.list_milestones(db, overdue, AS_OF, frozenset()), args.repeat)
    print(f"list_milestones(--overdue): median {statistics.median(times) * 1000:.0f} ms")
    db.conn.close()

    from click.testing import CliRunner

    from tracker.cli import cli

    runner = CliRunner()
    arguments = ["report", "--db", str(path), "--as-of", AS_OF.isoformat()]
    times = timed(lambda: runner.invoke(cli, arguments), args.repeat)
    print(f"`contracts report` in process (imports done): "
          f"median {statistics.median(times) * 1000:.0f} ms")
    command = [sys.executable, "-c", "from tracker.cli import cli; cli()", *arguments]
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - started)
    print(f"`contracts report` as a new process (start-up and imports included): "
          f"median {statistics.median(times) * 1000:.0f} ms")

if __name__ == "__main__":
    main()
