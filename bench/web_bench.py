"""How fast does the web view answer on a big store? The 10,000-contract, 100,000-milestone
store of report_bench.py, served by `contracts serve`'s Datasette app (in process, through its
ASGI client: rendering included, network excluded).

    python bench/web_bench.py                 # build in a temp folder, time, print
    python bench/web_bench.py --db big.db     # keep the store (reused if it exists)

Target: the `overdue` and `cash_by_month` pages and a contract page each under 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from report_bench import AS_OF, build

from tracker.store import open_store
from tracker.web.app import ServeOptions, make_datasette

PAGES = [
    ("overdue (HTML page)", "/contracts/overdue"),
    ("overdue (JSON)", "/contracts/overdue.json?_shape=objects"),
    ("cash_by_month (HTML page)", "/contracts/cash_by_month"),
    ("cash_by_month (JSON)", "/contracts/cash_by_month.json?_shape=objects"),
    ("contract page", "/-/contract/5000"),
    ("due_soon, 30 days (HTML page)", "/contracts/due_soon?days=30"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="Store to build (or reuse); default: a temp file.")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = Path(args.db) if args.db else Path(folder.name) / "bench.db"
    if not path.exists():
        db = open_store(path)
        started = time.perf_counter()
        build(db, 10_000, 10)
        db.conn.close()
        print(f"built {path} in {time.perf_counter() - started:.1f}s")
    ds = make_datasette(str(path), ServeOptions(as_of=AS_OF))
    size = path.stat().st_size
    print(f"store: {size / 1e6:.1f} MB, as of {AS_OF}")

    async def run():
        print(f"{'page':<32}{'median ms':>10}{'best ms':>9}{'cpu ms':>8}{'rows':>7}  status")
        for label, url in PAGES:
            response = await ds.client.get(url)  # warm-up: schema, statements
            times, cpu = [], []
            for _ in range(args.repeat):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = await ds.client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
            rows = "" if "json" not in url else str(len(response.json()["rows"]))
            if "json" not in url and "<tbody>" in response.text:
                rows = str(response.text.count("<tr>") - 1)
            median = statistics.median(times)
            verdict = "ok" if median < 300 else "OVER 300 ms"
            print(f"{label:<32}{median:>10.0f}{min(times):>9.0f}"
                  f"{statistics.median(cpu):>8.0f}{rows:>7}  "
                  f"{response.status_code} {verdict}")

    asyncio.run(run())
    db = open_store(path)
    total = db.execute(
        "SELECT count(*) FROM milestones WHERE status NOT IN ('paid', 'approved', 'completed', "
        "'waived', 'cancelled') AND due_date < ?", [AS_OF.isoformat()]
    ).fetchone()[0]
    db.conn.close()
    print(f"(about {total:,} open milestones are past due; the overdue page shows the first "
          f"200; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs: wall times "
          "grow with it, CPU times (all threads of this process) much less)")


if __name__ == "__main__":
    main()
