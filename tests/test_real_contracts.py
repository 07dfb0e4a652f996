"""Every real contract of ../shared (the corpus and cuad-train, 373 files) extracts without an
exception in any component. Skips where ../shared is absent (a user's clone)."""

from __future__ import annotations

import logging

from extractor import ExtractError, extract, load_document
from tests.conftest import CORPUS, CUAD_TRAIN, needs_corpus, needs_cuad_train

SUFFIXES = {".pdf", ".docx", ".txt"}


def _extract_all(files) -> list[str]:
    problems = []
    for path in files:
        try:
            contract = extract(load_document(path, ocr="never"))
        except ExtractError:
            continue  # an unreadable file is refused with a reason: not a crash
        except Exception as error:  # noqa: BLE001 - a crash outside the components is what we look for
            problems.append(f"{path.name}: {type(error).__name__}: {error}")
            continue
        problems += [f"{path.name}: {w}" for w in contract.warnings if " failed (" in w]
    return problems


@needs_corpus
def test_every_corpus_contract_extracts_without_an_exception(caplog):
    caplog.set_level(logging.CRITICAL)
    files = sorted(p for p in CORPUS.iterdir() if p.suffix.lower() in SUFFIXES)
    assert len(files) >= 50
    assert _extract_all(files) == []


@needs_cuad_train
def test_every_cuad_train_contract_extracts_without_an_exception(caplog):
    caplog.set_level(logging.CRITICAL)
    files = sorted(p for p in (CUAD_TRAIN / "pdf").iterdir() if p.suffix.lower() == ".pdf")
    assert len(files) == 321
    assert _extract_all(files) == []
