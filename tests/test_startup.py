"""Commands that only read the store start fast: they never import spaCy, the PDF reader or an
OCR engine (bench/startup_bench.py times them; here we check what they import)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("spacy", "onnxruntime", "rapidocr", "cv2", "pypdfium2", "pdfplumber",
         "extractor.read.ocr", "extractor.read.pdf", "extractor.nlp.pipeline")
PROBE = """
import json, sys
from tracker.cli import cli
try:
    cli(sys.argv[1:], prog_name="contracts")
except SystemExit as stop:
    code = stop.code
else:
    code = 0
print(json.dumps({"code": code, "heavy": [m for m in HEAVY if m in sys.modules]}),
      file=sys.stderr)
"""


def imports_of(args: list[str], db) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}", *args],
        capture_output=True, text=True, check=False, env={"CONTRACTS_DB": str(db), "PATH": ""},
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["list"], ["report"], ["ingest", "--help"],
                                  ["extract", "--help"]])
def test_commands_that_read_no_document_import_no_extractor(tmp_path, args):
    assert imports_of(args, tmp_path / "contracts.db") == {"code": 0, "heavy": []}


def test_the_probe_sees_a_heavy_import(tmp_path):
    """The check above can fail: extracting a file does import the PDF reader and spaCy."""
    from tests.conftest import FIXTURES

    result = imports_of(["extract", str(FIXTURES / "consulting-agreement.pdf")],
                        tmp_path / "contracts.db")
    assert result["code"] == 0
    assert {"spacy", "pypdfium2", "extractor.read.pdf"} <= set(result["heavy"])


def test_the_store_imports_without_numpy_and_numpy_still_imports_after():
    probe = ("import sys, tracker.store; print('numpy' in sys.modules); import numpy, sqlite_utils; "
             "print(numpy.arange(3).sum(), sqlite_utils.Database(memory=True)['t'].insert("
             "{'a': 1}).count)")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True, env={"PATH": ""})  # fmt: skip
    assert done.stdout.split() == ["False", "3", "1"]
