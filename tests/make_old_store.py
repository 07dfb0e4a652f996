"""Write tests/files/store-before-families.db: a store made by the code before contract families
(issue 11), in which the same agreement was ingested twice (its PDF and its Word file) and a
person worked on both copies. tests/test_family_migration.py opens it with today's code.

Run it with the code of a commit before families, for example main at de8eaaa:

    git archive de8eaaa | tar -x -C /tmp/before && cd /tmp/before && \\
        PYTHONPATH=. python /path/to/tests/make_old_store.py --fixtures /path/to/fixtures

What the store holds (contract ids as the old code gave them):

1. consulting-agreement.pdf: "Interim Report" completed on 2025-03-12 and approved on
   2025-03-20; "First installment" invoiced on 2025-01-20 and paid on 2025-02-10.
2. consulting-agreement.docx (the same agreement): "Final Report" due date edited by a person to
   2025-06-06; "First installment" also invoiced (on 2025-01-21) — the same payment recorded on
   both copies; a milestone added by hand ("Steering committee briefing").
3. professional-services-sow.pdf, on its own, untouched.
"""

from __future__ import annotations

import argparse
import sqlite3
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=HERE.parent / "fixtures")
    parser.add_argument("--out", type=Path, default=HERE / "files" / "store-before-families.db")
    args = parser.parse_args()

    from tracker import edits, lifecycle
    from tracker.ingest import ingest
    from tracker.store import open_store

    args.out.unlink(missing_ok=True)
    db = open_store(args.out)
    files = [args.fixtures / name for name in ("consulting-agreement.pdf",
                                               "consulting-agreement.docx",
                                               "professional-services-sow.pdf")]  # fmt: skip
    summary = ingest(db, [str(f) for f in files], jobs=1, ocr="never")
    assert summary.counts["stored"] == 3, summary.counts
    ids = {(c, n): m for m, c, n in db.execute("SELECT id, contract_id, name FROM milestones")}
    today = date(2025, 7, 1)

    def step(contract, name, action, on, **kw):
        lifecycle.record_step(db, ids[(contract, name)], action, on=date.fromisoformat(on),
                              by="Elena", today=today, holidays=frozenset(), **kw)

    step(1, "Interim Report", "complete", "2025-03-12")
    step(1, "Interim Report", "approve", "2025-03-20")
    step(1, "First installment", "invoice", "2025-01-20", ref="INV-1")
    step(1, "First installment", "pay", "2025-02-10", ref="wire 77")
    edits.edit_milestone(db, ids[(2, "Final Report")], due=date(2025, 6, 6), note="agreed",
                         by="Elena", today=today, holidays=frozenset())
    step(2, "First installment", "invoice", "2025-01-21", ref="INV-1")
    edits.add_milestone(db, 2, name="Steering committee briefing", kind="other",
                        due=date(2025, 4, 2), by="Elena", today=today, holidays=frozenset())
    db.conn.close()
    conn = sqlite3.connect(args.out)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    conn.close()
    print(f"{args.out}: {args.out.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
