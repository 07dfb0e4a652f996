"""`contracts ingest`, `list`, `show`, `errors` and `extract` run as a user would run them."""

from __future__ import annotations

import json
import shutil
import zipfile

import pytest

from tests.conftest import CORPUS, FIXTURES, TEST_FILES, needs_corpus
from tracker.cli import cli
from tracker.store import open_store

CONSULTING = FIXTURES / "consulting-agreement.pdf"


def run(runner, *args):
    return runner.invoke(cli, list(args), catch_exceptions=False)


def test_ingest_a_file_then_list_and_show_it(runner, db_path):
    result = run(runner, "ingest", str(CONSULTING))
    assert result.exit_code == 0, result.output
    assert "Ingested 1 · already in the store 0 · failed 0" in result.stderr
    listing = run(runner, "list")
    assert "CONSULTING AGREEMENT" in listing.stdout
    assert "Northwind Health Systems, Inc." in listing.stdout
    shown = run(runner, "show", "1")
    assert shown.exit_code == 0
    assert "Party: Northwind Health Systems, Inc. (Company)  [p. 1]" in shown.stdout
    assert "Milestones:" in shown.stdout


def test_same_content_under_another_name_is_stored_once(runner, db_path, tmp_path):
    copy = tmp_path / "renamed copy.pdf"
    shutil.copy(CONSULTING, copy)
    run(runner, "ingest", str(CONSULTING))
    result = run(runner, "ingest", str(copy), str(CONSULTING))
    assert result.exit_code == 0
    assert "Ingested 0 · already in the store 2 · failed 0" in result.stderr
    assert open_store(db_path).execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_db_option_overrides_environment(runner, db_path, tmp_path):
    other = tmp_path / "other.db"
    run(runner, "ingest", "--db", str(other), str(CONSULTING))
    assert not db_path.exists()
    assert "CONSULTING AGREEMENT" in run(runner, "list", "--db", str(other)).stdout


def test_bad_files_fail_with_a_reason_and_the_batch_goes_on(runner, db_path):
    result = run(runner, "ingest", "--ocr", "never", str(TEST_FILES))
    assert result.exit_code == 1
    expected_reasons = {
        "truncated.pdf": "probably truncated",
        "encrypted.pdf": "password-protected",
        "empty.pdf": "is empty (0 bytes)",
        "not_word.docx": "is not a Word document",
        "traversal.zip!../evil.txt": "unsafe path in the archive",
        "traversal.zip!/etc/evil.txt": "unsafe path in the archive",
        "nested_deep.zip!level2.zip!level3.zip!level4.zip": "nested more than 3 deep",
        "bomb.zip!zeros.txt": "possible zip bomb",
        "latin1.txt": "is not UTF-8 text",
    }
    errors = {e["path"]: e["reason"] for e in json.loads(run(runner, "errors", "--json").stdout)}
    for name, reason in expected_reasons.items():
        path = str(TEST_FILES / name)
        assert path in errors, f"{name} not reported"
        assert reason in errors[path]
        assert f"failed: {path}" in result.stderr
    # The readable files of the same batch were stored, the scanned one flagged.
    db = open_store(db_path)
    stored = {row[0] for row in db.execute("SELECT path FROM documents")}
    assert str(TEST_FILES / "table.pdf") in stored
    # A PDF two archives deep (its cover.txt has the text of another file: a duplicate).
    assert str(TEST_FILES / "nested_ok.zip") + "!inner.zip!deal/contract.pdf" in stored
    needs_ocr = db.execute(
        "SELECT needs_ocr FROM documents WHERE path = ?", [str(TEST_FILES / "scanned.pdf")]
    ).fetchone()
    assert needs_ocr == (1,)
    assert "need OCR" in result.stderr


def test_text_file_named_pdf_is_an_error_that_says_so(runner, db_path):
    result = run(runner, "ingest", str(TEST_FILES / "text_named.pdf"))
    assert result.exit_code == 1
    assert "text_named.pdf is named .pdf but contains plain text" in result.stderr


def test_unsupported_types_in_a_folder_are_skipped_but_named_ones_fail(runner, db_path, tmp_path):
    folder_path = tmp_path / "signed"
    folder_path.mkdir()
    (folder_path / "budget.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    (folder_path / "data.json").write_text("{}")
    shutil.copy(CONSULTING, folder_path / "contract.pdf")
    folder = run(runner, "ingest", str(folder_path))
    assert folder.exit_code == 0
    assert "skipped 2 (not a contract file type)" in folder.stderr
    named = run(runner, "ingest", str(folder_path / "data.json"))
    assert named.exit_code == 1
    assert "unsupported file type" in named.stderr


def test_zip_archives_are_read_member_by_member(runner, db_path, tmp_path):
    archive = tmp_path / "archive-2023.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(CONSULTING, "signed/consulting.pdf")
        zf.write(FIXTURES / "research-agreement-eur.docx", "signed/research.docx")
    result = run(runner, "ingest", str(archive))
    assert result.exit_code == 0
    assert "Ingested 2" in result.stderr
    paths = {r["path"] for r in json.loads(run(runner, "list", "--json").stdout)}
    assert paths == {f"{archive}!signed/consulting.pdf", f"{archive}!signed/research.docx"}


def test_a_failed_file_that_later_succeeds_leaves_no_error(runner, db_path, tmp_path):
    target = tmp_path / "late.pdf"
    target.write_bytes(b"")
    assert run(runner, "ingest", str(target)).exit_code == 1
    shutil.copy(CONSULTING, target)
    assert run(runner, "ingest", str(target)).exit_code == 0
    assert json.loads(run(runner, "errors", "--json").stdout) == []


def test_reextract_keeps_a_persons_status_change(runner, db_path):
    run(runner, "ingest", str(CONSULTING))
    db = open_store(db_path)
    first = db.execute("SELECT id, name FROM milestones ORDER BY id").fetchone()
    db.execute("UPDATE milestones SET status = 'completed' WHERE id = ?", [first[0]])
    db.conn.close()
    result = run(runner, "ingest", "--reextract")
    assert result.exit_code == 0
    assert "re-extracted 1" in result.stderr
    shown = json.loads(run(runner, "show", "1", "--json").stdout)
    statuses = {m["name"]: m["status"] for m in shown["milestones"]}
    assert statuses[first[1]] == "completed"


def test_show_unknown_contract_is_a_clear_error(runner, db_path):
    result = run(runner, "show", "42")
    assert result.exit_code == 1
    assert "Error: no contract 42 in the store (see `contracts list`)" in result.stderr


def test_ingest_without_paths_is_a_usage_error(runner, db_path):
    result = run(runner, "ingest")
    assert result.exit_code == 2
    assert "give at least one file" in result.stderr


def test_ingest_report_lists_every_input(runner, db_path, tmp_path):
    report = tmp_path / "report.json"
    run(runner, "ingest", "--report", str(report), str(CONSULTING), str(TEST_FILES / "empty.pdf"))
    rows = {r["path"]: r for r in json.loads(report.read_text())}
    assert rows[str(CONSULTING)]["status"] == "stored"
    assert rows[str(CONSULTING)]["pages"] == 3
    assert rows[str(TEST_FILES / "empty.pdf")]["status"] == "failed"


def test_extract_prints_json_without_touching_the_store(runner, db_path):
    result = run(runner, "extract", str(CONSULTING))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["format"] == "pdf" and data["pages"] == 3
    assert {"parties", "milestones", "payment_terms", "warnings"} <= set(data)
    assert not db_path.exists()


def test_extract_several_files_prints_an_array(runner):
    result = run(runner, "extract", str(CONSULTING), str(FIXTURES / "consulting-agreement.docx"))
    assert [d["format"] for d in json.loads(result.stdout)] == ["pdf", "docx"]


def test_extract_markdown_is_a_checklist(runner):
    result = run(runner, "extract", "--format", "md", str(CONSULTING))
    assert result.stdout.startswith("# CONSULTING AGREEMENT")
    assert "- [ ] **" in result.stdout


def test_extract_prints_every_readable_file_and_exits_1_naming_each_failure(runner):
    result = run(runner, "extract", str(CONSULTING), str(TEST_FILES / "encrypted.pdf"),
                 str(FIXTURES / "consulting-agreement.docx"), str(TEST_FILES / "empty.pdf"))
    assert result.exit_code == 1
    assert [d["format"] for d in json.loads(result.stdout)] == ["pdf", "docx"]
    assert "encrypted.pdf is password-protected" in result.stderr
    assert "empty.pdf" in result.stderr


def test_a_failing_component_costs_only_its_own_findings(runner, monkeypatch):
    from extractor.nlp import milestones

    def boom(self, doc):
        raise AttributeError("'NoneType' object has no attribute 'group'")

    monkeypatch.setattr(milestones.MilestoneFinder, "__call__", boom)
    result = run(runner, "extract", str(CONSULTING))
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["parties"] and data["agreement_date"] == "2025-01-05"  # the other components' results
    assert data["milestones"] == []
    assert any(w.startswith("contract_milestones failed (AttributeError") for w in data["warnings"])


def test_extract_of_a_bad_file_names_it(runner):
    result = run(runner, "extract", str(TEST_FILES / "encrypted.pdf"))
    assert result.exit_code == 1
    assert "encrypted.pdf is password-protected" in result.stderr


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(runner, command):
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"`contracts {command} --help` has no example"


@needs_corpus
def test_real_corpus_every_file_is_stored_or_explained(runner, db_path):
    result = run(runner, "ingest", str(CORPUS))
    db = open_store(db_path)
    documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    errors = db.execute("SELECT count(*) FROM ingest_errors").fetchone()[0]
    contracts = db.execute("SELECT count(*) FROM contracts").fetchone()[0]
    contract_files = [p for p in CORPUS.iterdir() if p.suffix in (".pdf", ".docx")]
    # Every contract of the corpus is read today (60 of 60): a file that starts failing is news.
    assert (documents, contracts, errors) == (len(contract_files), len(contract_files), 0)
    assert result.exit_code == 0, result.stderr
    assert f"Ingested {len(contract_files)} · already in the store 0 · skipped " in result.stderr
