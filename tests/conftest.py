from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from models import Document, Page
from tests.reviewstore import store, template_store  # noqa: F401 - fixtures for all
from tracker.store import open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TEST_FILES = Path(__file__).resolve().parent / "files"
# ../shared beside the checkout; $CONTRACTS_SHARED points elsewhere (a git worktree sits one level deeper).
SHARED = Path(os.environ.get("CONTRACTS_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
CUAD_TRAIN = SHARED / "cuad-train"

needs_corpus = pytest.mark.skipif(
    not CORPUS.exists(), reason="../shared/corpus is not here (it is not part of a clone)"
)
needs_cuad_train = pytest.mark.skipif(
    not CUAD_TRAIN.exists(), reason="../shared/cuad-train is not here (it is not part of a clone)"
)


def cli_extract_text(folder: Path, text: str, name: str = "agreement.txt") -> dict:
    """``contracts extract`` on a text file holding ``text``, as a user runs it: its JSON."""
    import json

    from tracker.cli import cli

    path = folder / name
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def golden_contract(path: Path):
    """(document, contract) of a fixture file with its golden extraction (``.expected.json``),
    so a tracker test does not depend on the extractor's quality."""
    import json

    from extractor.read.load import load_document
    from models import Contract

    document = load_document(str(path))
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    contract = Contract.from_dict({**expected, "file": document.path, "sha256": document.sha256,
                                   "format": document.format, "pages": document.page_count})
    return document, contract


def make_document(text: str, path: str = "sample.txt", pages: list[str] | None = None) -> Document:
    """A Document from strings, for pipeline tests that need no file."""
    texts = pages or [text]
    sha = hashlib.sha256("\f".join(texts).encode()).hexdigest()
    return Document(
        path=path,
        sha256=sha,
        format="txt",
        pages=tuple(Page(number=i, text=t) for i, t in enumerate(texts, start=1)),
        size=sum(len(t) for t in texts),
    )


@pytest.fixture
def db():
    database = open_store(":memory:")
    yield database
    database.conn.close()


@pytest.fixture
def db_path(tmp_path, monkeypatch):
    path = tmp_path / "contracts.db"
    monkeypatch.setenv("CONTRACTS_DB", str(path))
    return path


@pytest.fixture
def runner():
    return CliRunner()
