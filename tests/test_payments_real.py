"""Every real contract of ../shared (the corpus and cuad-train) extracts without an exception,
and its money mentions and payment milestones are well formed (issue 10).

Slow-ish (about 7,000 pages): documents are read with ``ocr="never"`` and extracted in a few
worker processes, in ``strict`` mode so a component that raises fails the test instead of
becoming a warning. Skipped without ../shared ($CONTRACTS_SHARED points elsewhere).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from extractor.evaluate.payments import shared_dir

SHARED = shared_dir()
WORKERS = max(1, min(4, os.cpu_count() or 1))


def real_contracts(shared: Path = SHARED) -> list[Path]:
    corpus = sorted(p for p in (shared / "corpus").glob("*") if p.suffix.lower() in (".pdf", ".docx"))
    return corpus + sorted((shared / "cuad-train" / "pdf").glob("*"))


def extract_one(path: Path) -> str | None:
    """None when the file extracts cleanly, else what went wrong."""
    from extractor.nlp.pipeline import extract
    from extractor.read.load import load_document
    from models import ExtractionSettings

    try:
        contract = extract(load_document(path, ocr="never"), ExtractionSettings(strict=True))
        contract.to_dict()
    except Exception as error:  # noqa: BLE001 - the test reports every failure, not the first
        return f"{path.name}: {type(error).__name__}: {error}"
    bad = [m for m in contract.money if not m.amount >= 0 or not m.currency]
    bad += [m for m in contract.milestones if m.series and m.amount is None]
    return f"{path.name}: malformed {bad[0]}" if bad else None


@pytest.mark.skipif(not (SHARED / "cuad-train").exists(), reason="../shared is not here")
def test_every_real_contract_extracts_without_an_exception():
    paths = real_contracts()
    assert len(paths) >= 373
    with ProcessPoolExecutor(WORKERS) as pool:
        failures = [f for f in pool.map(extract_one, paths, chunksize=4) if f]
    assert failures == []
