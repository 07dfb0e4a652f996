"""A store with values to review, shared by the review, web and browser tests.

The consulting-agreement fixture is ingested once with the real `contracts ingest`; then, as
the extractor does for values below its review threshold, a party, a key date and two
milestones are marked ``needs_review`` (with their confidence) and the document gets a warning.
Each test works on its own copy of that store.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tracker.cli import cli
from tracker.store import open_store

SOURCE = Path(__file__).resolve().parent.parent / "fixtures" / "consulting-agreement.pdf"
WARNING = "redacted amount [*] on page 2: the payment terms there are incomplete"


def flag(path: Path) -> dict[str, str]:
    """Mark values for review; returns their item ids by what they are."""
    db = open_store(path)
    try:
        db.execute("UPDATE parties SET needs_review = 1, confidence = 0.42 "
                   "WHERE name LIKE '%Marquez%'")  # fmt: skip
        db.execute("UPDATE key_dates SET needs_review = 1, confidence = 0.5 "
                   "WHERE kind = 'effective_date'")  # fmt: skip
        db.execute("UPDATE milestones SET needs_review = 1 WHERE (kind = 'payment' AND "
                   "amount = 12000) OR name = 'Final Report'")  # fmt: skip
        db.execute("UPDATE documents SET warnings = ?", [f'["{WARNING}"]'])

        def one(sql):
            return db.execute(sql).fetchone()[0]

        party = one("SELECT id FROM parties WHERE name LIKE '%Marquez%'")
        effective = one("SELECT id FROM key_dates WHERE kind = 'effective_date'")
        payment = one("SELECT id FROM milestones WHERE amount = 12000")
        report = one("SELECT id FROM milestones WHERE name = 'Final Report'")
        return {
            "party": f"p{party}",
            "effective_date": f"k{effective}",
            "payment": f"m{payment}",
            "report": f"m{report}",
            "warning": "w1.1",
        }
    finally:
        db.conn.close()


@pytest.fixture(scope="session")
def template_store(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("template")
    path = folder / "contracts.db"
    result = CliRunner().invoke(cli, ["ingest", "--jobs", "1", "--db", str(path), str(SOURCE)])
    assert result.exit_code == 0, result.output
    return path, flag(path)


@pytest.fixture
def store(template_store, tmp_path, monkeypatch) -> tuple[Path, dict[str, str]]:
    """(path, item ids) of a fresh copy of the flagged store, also $CONTRACTS_DB."""
    source, items = template_store
    path = tmp_path / "contracts.db"
    shutil.copy(source, path)
    monkeypatch.setenv("CONTRACTS_DB", str(path))
    return path, items
