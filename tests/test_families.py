"""Contract families (issue 11) from the command line, on the family fixtures of
fixtures/families/ and their gold (``<family>.family.json``, written by fixtures/generate.py):

- an MSA with two SOWs; an agreement with two amendments (a moved milestone date, a raised fee
  and an extended term); one contract as DOCX, PDF and scan; a change order that arrives before
  its agreement; a Word draft and the signed PDF that differ in one date;
- each family ingested in several orders (and with --jobs 2) ends in the same store: the same
  contracts, files, links, values, milestones, applied changes and money;
- `show`, `history`, `list`, `report` and `report --by master` say so; `link`/`unlink` correct it.
"""

from __future__ import annotations

import json
import os
from itertools import permutations
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tracker.cli import cli
from tracker.store import open_store

FAMILIES = FIXTURES / "families"
pytestmark = pytest.mark.skipif(not FAMILIES.exists(), reason="family fixtures not generated")


def gold(name: str) -> dict:
    return json.loads((FAMILIES / f"{name}.family.json").read_text(encoding="utf-8"))


def files_of(name: str) -> list[Path]:
    return [FAMILIES / file for file in gold(name)["documents"]]


def run(runner, *args, code: int = 0):
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def ingest(runner, *files):
    return run(runner, "ingest", "--jobs", "1", "--ocr", "never", *files)


def as_json(runner, *args):
    return json.loads(run(runner, *args, "--json").stdout)


def by_file(db_path) -> dict[str, dict]:
    """Each stored file's row: its role, the file of its parent, its contract id."""
    db = open_store(db_path)
    rows = {os.path.basename(r["path"]): dict(r) for r in db.query(
        "SELECT c.id, c.family_role, c.parent_id, c.link_note, c.suggested_parent_id, d.path "
        "FROM contracts c JOIN documents d ON d.id = c.document_id")}  # fmt: skip
    names = {row["id"]: name for name, row in rows.items()}
    for row in rows.values():
        row["parent"] = names.get(row["parent_id"])
    db.conn.close()
    return rows


def contract_of(rows: dict, name: str) -> int:
    """The contract a file counts in (a copy counts in its lead)."""
    row = rows[name]
    return row["parent_id"] if row["family_role"] == "copy" else row["id"]


def state(db_path) -> dict:
    """The store with ids replaced by files: what must not depend on the ingest order."""
    rows = by_file(db_path)
    db = open_store(db_path)
    names = {row["id"]: name for name, row in rows.items()}
    out = {}
    for contract_id in sorted({contract_of(rows, name) for name in rows}):
        files = sorted(n for n in rows if contract_of(rows, n) == contract_id)
        row = dict(next(db.query("SELECT * FROM contracts WHERE id = ?", [contract_id])))
        parent = rows[names[contract_id]]["parent"]
        milestones = sorted(
            (m["name"], m["kind"], m["due_date"], m["amount"], m["status"], m["source"])
            for m in db.query("SELECT * FROM milestones WHERE contract_id = ?", [contract_id]))
        applied = sorted(
            (names[a["amendment_id"]], a["field"], a["new"], a["status"])
            for a in db.query("SELECT * FROM applied_changes WHERE parent_id = ?", [contract_id]))
        out[tuple(files)] = {
            "role": row["family_role"],
            "parent": tuple(sorted(n for n in rows if parent and contract_of(rows, n)
                                   == contract_of(rows, parent))) if parent else None,
            "values": {k: row[k] for k in ("title", "agreement_date", "effective_date",
                                           "expiration_date", "total_value", "currency")},
            "milestones": milestones,
            "applied": applied,
        }
    db.conn.close()
    return out


def money(runner) -> dict:
    report = as_json(runner, "report", "--as-of", "2025-07-01")
    return {c["currency"]: c["contracted"] for c in report["currencies"]}


@pytest.fixture
def store(db_path, runner, monkeypatch):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    return db_path


def check_gold(runner, db_path, name: str) -> None:
    """The store holds what the family's gold says."""
    expected = gold(name)
    rows = by_file(db_path)
    for file, want in expected["documents"].items():
        row = rows[file]
        if "copy_of" in want:
            assert contract_of(rows, file) == contract_of(rows, want["copy_of"]), file
        if "role" in want:
            assert row["family_role"] == want["role"], file
        if want.get("parent"):
            assert row["parent"] == want["parent"], file
    listed = as_json(runner, "list")
    assert len(listed) == expected["listed"]
    assert money(runner) == expected["money"]
    db = open_store(db_path)
    ledger = list(db.query(
        "SELECT a.*, m.name AS milestone, d.path FROM applied_changes a "
        "JOIN contracts c ON c.id = a.amendment_id JOIN documents d ON d.id = c.document_id "
        "LEFT JOIN milestones m ON m.id = a.milestone_id WHERE a.status = 'applied'"))
    assert len(ledger) == len(expected["applied"])
    for want in expected["applied"]:
        found = [e for e in ledger if os.path.basename(e["path"]) == want["file"]
                 and e["field"] == want["field"] and json.loads(e["new"]) == want["new"]
                 and (want["milestone"] is None or want["milestone"] in (e["milestone"] or ""))]
        assert len(found) == 1, (want, ledger)
        if want["old"] is not None:
            assert json.loads(found[0]["old"]) == want["old"]
    for file, value in expected.get("expiration_date", {}).items():
        assert db.execute("SELECT expiration_date FROM contracts WHERE id = ?",
                          [contract_of(rows, file)]).fetchone()[0] == value
    for file, value in expected.get("total_value", {}).items():
        assert db.execute("SELECT total_value FROM contracts WHERE id = ?",
                          [contract_of(rows, file)]).fetchone()[0] == value
    db.conn.close()


# --- the extraction side of the gold -----------------------------------------------------------
FAMILY_NAMES = ["harborview-msa-sows", "atlas-amendments", "lakeside-triple",
                "greenfield-change-order", "orchard-draft-signed"]  # fmt: skip


@pytest.mark.parametrize("name", FAMILY_NAMES)
def test_each_document_reads_as_its_gold_says(runner, name):
    for file, want in gold(name)["documents"].items():
        if file.endswith(".scan.pdf"):
            continue  # the scan is read in test_one_contract_as_docx_pdf_and_scan
        family = json.loads(run(runner, "extract", FAMILIES / file).stdout)["family"]
        assert family["kind"] == want["kind"], file
        for key in ("number", "signed", "draft"):
            if key in want:
                assert family[key] == want[key], (file, key)
        if "parent_title" in want:
            assert family["parent"]["title"] == want["parent_title"]
            assert family["parent"]["date"] == want["parent_date"]
        if "changes" in want:
            got = [{k: c.get(k) for k in w} for c, w in zip(family["changes"], want["changes"])]
            assert got == want["changes"], file
            assert all(c["evidence"]["page"] == 1 and c["evidence"]["text"]
                       for c in family["changes"])


# --- each family, end to end -------------------------------------------------------------------
def test_msa_with_two_sows_rolls_up_under_its_master(store, runner):
    ingest(runner, *files_of("harborview-msa-sows"))
    check_gold(runner, store, "harborview-msa-sows")
    rows = by_file(store)
    master = rows["harborview-msa.pdf"]["id"]
    shown = run(runner, "show", master).stdout
    assert "Statements of work:" in shown
    assert "STATEMENT OF WORK NO. 1           4  USD 70,000.00" in shown
    assert "STATEMENT OF WORK NO. 2           4  USD 40,000.00" in shown
    assert "Total with its SOWs: USD 110,000.00" in shown
    rollup = as_json(runner, "report", "--by", "master", "--as-of", "2025-07-01")
    mine = [r for r in rollup if r["master"] == master]
    assert [(r["sows"], r["currency"], r["contracted"]) for r in mine] == [(2, "USD", 110000.0)]
    text = run(runner, "report", "--by", "master", "--as-of", "2025-07-01").stdout
    assert "MASTER SERVICES AGREEMENT" in text and "110,000.00" in text
    csv_text = run(runner, "report", "--by", "master", "--as-of", "2025-07-01", "--csv").stdout
    assert csv_text.splitlines()[0].startswith("master,title,sows,currency")
    assert f"{master},MASTER SERVICES AGREEMENT,2,USD" in csv_text
    family = run(runner, "family", master).stdout
    assert "Statements of work:" in family and "Total with its SOWs: USD 110,000.00" in family
    # The SOWs keep their milestones: each SOW's own `show` lists them, not the master's.
    sow = rows["harborview-sow-1.pdf"]["id"]
    assert "Go-live of data warehouse" in run(runner, "show", sow).stdout
    assert f"Statement of work of contract {master}" in run(runner, "show", sow).stdout
    listed = {r["id"]: r for r in as_json(runner, "list")}
    assert (listed[master]["sows"], listed[sow]["family_role"]) == (2, "sow")
    assert "2 SOWs" in run(runner, "list").stdout


def test_amendments_move_a_date_raise_a_fee_and_extend_the_term(store, runner):
    ingest(runner, *files_of("atlas-amendments"))
    check_gold(runner, store, "atlas-amendments")
    agreement = by_file(store)["atlas-development-agreement.pdf"]["id"]
    shown = as_json(runner, "show", agreement)
    due = {m["name"]: (m["due_date"], m["amount"]) for m in shown["milestones"]}
    assert due["Milestone 2 (Beta Release)"] == ("2025-09-26", 40000.0)
    assert due["Milestone 3 (Final Acceptance)"] == ("2025-10-31", 36000.0)
    assert due["Expiration of term"][0] == "2026-06-30"
    assert shown["expiration_date"] == "2026-06-30"
    history = as_json(runner, "history", agreement)
    amends = [e for e in history if e["action"] == "amend"]
    assert len(amends) == 4
    moved = next(e for e in amends if e["milestone"] == "Milestone 2 (Beta Release)")
    details = json.loads(moved["details"])
    assert (details["old"], details["new"], details["page"]) == ("2025-08-29", "2025-09-26", 1)
    assert details["file"].endswith("atlas-amendment-1.pdf")
    assert "changed from August 29, 2025 to September 26, 2025" in details["quote"]
    assert moved["occurred_on"] == "2025-07-01"  # when the amendment took effect
    text = run(runner, "history", agreement).stdout
    assert "due_date: 2025-08-29 -> 2025-09-26" in text
    assert "amount: 30000.0 -> 36000.0" in text
    page = run(runner, "show", agreement).stdout
    assert "Changed by its amendments" in page and "applied" in page
    assert "Amendments:" in page
    assert "2 amendments" in run(runner, "list").stdout


def test_one_contract_as_docx_pdf_and_scan(store, runner):
    pytest.importorskip("rapidocr")
    run(runner, "ingest", "--jobs", "1", *reversed(files_of("lakeside-triple")))
    check_gold(runner, store, "lakeside-triple")
    rows = by_file(store)
    lead = contract_of(rows, "lakeside-facility-services.pdf")
    listed = run(runner, "list").stdout
    assert "+2 files" in listed
    shown = run(runner, "show", lead).stdout
    assert "Files (3)" in shown and "read by OCR" in shown
    assert shown.count("Completion of phase 1") == 1
    report = as_json(runner, "report", "--as-of", "2025-07-01")
    assert report["counts"]["total"] == 4  # the contract's milestones, once
    assert report["overdue_total"] == 2  # not twice, not three times


def test_amendment_before_its_parent_waits_then_applies(store, runner):
    change_order, agreement = FAMILIES / "greenfield-change-order-1.pdf", \
        FAMILIES / "greenfield-installation-agreement.pdf"
    ingest(runner, change_order)
    rows = by_file(store)
    waiting = rows["greenfield-change-order-1.pdf"]
    assert waiting["family_role"] == "amendment" and waiting["parent_id"] is None
    assert waiting["link_note"].startswith("parent not found")
    review = run(runner, "family", "--review").stdout
    assert "parent not found" in review and "Equipment Installation Agreement" in review
    assert "amendment: parent not found" in run(runner, "list").stdout
    assert money(runner) == {}  # nothing counts before its parent is there
    shown = run(runner, "show", waiting["id"]).stdout
    assert "waiting for its parent" in shown
    ingest(runner, agreement)
    check_gold(runner, store, "greenfield-change-order")
    parent = by_file(store)["greenfield-installation-agreement.pdf"]["id"]
    milestones = {m["name"]: m for m in as_json(runner, "show", parent)["milestones"]}
    added = milestones["Third freezer room installed"]
    assert (added["due_date"], added["amount"], added["source"]) == ("2025-09-12", 8000.0,
                                                                     "amendment")
    assert "Nothing to review" in run(runner, "family", "--review").stderr


def test_draft_and_signed_version_the_signed_one_wins(store, runner):
    ingest(runner, *files_of("orchard-draft-signed"))  # the draft first: it leads
    check_gold(runner, store, "orchard-draft-signed")
    rows = by_file(store)
    lead = contract_of(rows, "orchard-marketing-draft.docx")
    assert rows["orchard-marketing-draft.docx"]["id"] == lead  # first stored keeps the id
    shown = as_json(runner, "show", lead)
    due = {m["name"]: m["due_date"] for m in shown["milestones"]}
    assert due["Campaign launch"] == "2025-06-16"  # the signed PDF's date
    assert shown["family_links"]["values_from"].endswith("orchard-marketing-signed.pdf")
    text = run(runner, "show", lead).stdout
    assert ("Warning: the files disagree on the due date of 'Campaign launch': 2025-06-16 in "
            "orchard-marketing-signed.pdf (signed, used), 2025-06-02 in "
            "orchard-marketing-draft.docx") in text
    copy = rows["orchard-marketing-signed.pdf"]["id"]
    result = run(runner, "show", copy)
    assert f"another file of contract {lead}" in result.stderr
    assert f"Contract {lead}:" in result.stdout


# --- order does not matter ---------------------------------------------------------------------
ORDERED = ["atlas-amendments", "greenfield-change-order", "orchard-draft-signed",
           "harborview-msa-sows"]  # fmt: skip


@pytest.mark.parametrize("name", ORDERED)
def test_ingest_order_does_not_change_the_result(tmp_path, runner, monkeypatch, name):
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    files = files_of(name)
    orders = list(permutations(files))
    orders = orders if len(orders) <= 6 else orders[:: len(orders) // 6]
    results, totals = [], []
    for number, order in enumerate(orders):
        monkeypatch.setenv("CONTRACTS_DB", str(tmp_path / f"order{number}.db"))
        ingest(runner, *order)
        results.append(state(tmp_path / f"order{number}.db"))
        totals.append(money(runner))
    assert all(result == results[0] for result in results[1:])
    assert all(total == gold(name)["money"] for total in totals)


def test_every_family_at_once_with_two_workers(tmp_path, runner, monkeypatch):
    """Two worker processes finish in any order; the single writer still ends in the store a
    one-by-one ingest in the opposite order makes."""
    monkeypatch.setenv("CONTRACTS_HOLIDAYS", "")
    files = [f for name in ORDERED for f in files_of(name)]
    stores = {}
    for jobs, order in (("2", files), ("1", files[::-1])):
        stores[jobs] = tmp_path / f"jobs{jobs}.db"
        monkeypatch.setenv("CONTRACTS_DB", str(stores[jobs]))
        run(runner, "ingest", "--jobs", jobs, "--ocr", "never", *order)
        assert money(runner) == {"USD": sum(gold(n)["money"]["USD"] for n in ORDERED)}
    assert state(stores["2"]) == state(stores["1"])


# --- a person's corrections --------------------------------------------------------------------
def test_link_and_unlink_a_copy_are_audited_and_keep_statuses(store, runner):
    draft, signed = FAMILIES / "orchard-marketing-draft.docx", \
        FAMILIES / "orchard-marketing-signed.pdf"
    ingest(runner, draft, signed)
    rows = by_file(store)
    lead, copy = rows["orchard-marketing-draft.docx"]["id"], rows["orchard-marketing-signed.pdf"]["id"]
    plan = next(m for m in as_json(runner, "show", lead)["milestones"] if m["name"] == "Campaign plan")
    run(runner, "invoice", plan["id"], "--on", "2025-05-09")
    run(runner, "unlink", copy, "--by", "Dana", "--note", "two separate campaigns")
    listed = {r["id"]: r for r in as_json(runner, "list")}
    assert listed[copy]["milestones"] == 4 and listed[lead]["copies"] == 0
    assert money(runner) == {"USD": 72000.0}  # two contracts now, as the person said
    events = as_json(runner, "history", copy)
    assert any(e["action"] == "unlink" and e["actor"] == "Dana" for e in events)
    run(runner, "link", copy, lead, "--as", "copy", "--by", "Dana")
    assert money(runner) == {"USD": 36000.0}
    statuses = {m["name"]: m["status"] for m in as_json(runner, "show", lead)["milestones"]}
    assert statuses["Campaign plan"] == "invoiced"  # the person's step survived both moves
    assert any(e["action"] == "link" and e["actor"] == "Dana"
               for e in as_json(runner, "history", lead))


def test_a_persons_edit_wins_over_an_amendment_and_the_conflict_shows(store, runner):
    agreement, first = FAMILIES / "atlas-development-agreement.pdf", \
        FAMILIES / "atlas-amendment-1.pdf"
    ingest(runner, agreement)
    parent = by_file(store)["atlas-development-agreement.pdf"]["id"]
    beta = next(m for m in as_json(runner, "show", parent)["milestones"]
                if m["name"] == "Milestone 2 (Beta Release)")
    run(runner, "edit", beta["id"], "--due", "2025-09-05", "--note", "agreed by email")
    ingest(runner, first)
    due = {m["name"]: m["due_date"] for m in as_json(runner, "show", parent)["milestones"]}
    assert due["Milestone 2 (Beta Release)"] == "2025-09-05"
    text = run(runner, "show", parent).stdout
    assert "conflict" in text
    assert "a person's edit keeps its own value" in text
    assert any(e["action"] == "amend-conflict" for e in as_json(runner, "history", parent))


def test_unlinking_an_amendment_takes_its_changes_back(store, runner):
    ingest(runner, FAMILIES / "atlas-development-agreement.pdf", FAMILIES / "atlas-amendment-2.docx")
    rows = by_file(store)
    parent, amendment = rows["atlas-development-agreement.pdf"]["id"], \
        rows["atlas-amendment-2.docx"]["id"]
    assert money(runner) == {"USD": 126000.0}
    run(runner, "unlink", amendment)
    assert money(runner) == {"USD": 120000.0}
    assert as_json(runner, "show", parent)["expiration_date"] == "2025-12-31"
    assert sum(e["action"] == "amend-revert" for e in as_json(runner, "history", parent)) == 3
    run(runner, "link", amendment, parent)  # --as defaults to what it reads as: amendment
    assert money(runner) == {"USD": 126000.0}
    assert as_json(runner, "show", parent)["expiration_date"] == "2026-06-30"


def test_link_refuses_loops_and_unknown_contracts(store, runner):
    ingest(runner, *files_of("harborview-msa-sows"))
    rows = by_file(store)
    master, sow = rows["harborview-msa.pdf"]["id"], rows["harborview-sow-1.pdf"]["id"]
    result = run(runner, "link", master, sow, "--as", "sow", code=1)
    assert "loop" in result.output
    result = run(runner, "link", sow, 99, code=1)
    assert "no contract 99" in result.output
    result = run(runner, "unlink", master, code=1)
    assert "not linked to a parent" in result.output
    result = run(runner, "link", master, master, "--as", "copy", code=1)
    assert "itself" in result.output


def test_family_commands_have_help_with_an_example(runner):
    for command in ("link", "unlink", "family"):
        assert "Example:" in run(runner, command, "--help").stdout


def test_a_low_confidence_parent_is_listed_to_confirm_then_linked(store, runner, tmp_path):
    """An amendment naming the right agreement by title and parties, but with another date:
    not linked on its own; `family --review` offers the link, and confirming it applies it."""
    amendment = tmp_path / "atlas-amendment-3.txt"
    amendment.write_text(
        "THIRD AMENDMENT TO SOFTWARE DEVELOPMENT AGREEMENT\n\n"
        'This Third Amendment (this "Amendment") is made as of November 3, 2025 between '
        'Meridian Freight Co. ("Customer") and Atlas Code Works, Inc. ("Developer") and amends '
        "the Software Development Agreement dated as of April 17, 2025 between them.\n\n"
        "1. The due date of Milestone 3 (Final Acceptance) is changed from October 31, 2025 to "
        "November 28, 2025.\n\nBy: /s/ Laura Kim\n", encoding="utf-8")
    ingest(runner, FAMILIES / "atlas-development-agreement.pdf", amendment)
    rows = by_file(store)
    parent, child = rows["atlas-development-agreement.pdf"]["id"], rows[amendment.name]["id"]
    assert rows[amendment.name]["parent_id"] is None
    assert rows[amendment.name]["suggested_parent_id"] == parent
    review = run(runner, "family", "--review").stdout
    assert f"contracts link {child} {parent} --as amendment" in review
    assert f"amends {parent}? (confirm)" in run(runner, "list").stdout
    run(runner, "link", child, parent, "--by", "Legal")
    due = {m["name"]: m["due_date"] for m in as_json(runner, "show", parent)["milestones"]}
    assert due["Milestone 3 (Final Acceptance)"] == "2025-11-28"
    assert "Nothing to review" in run(runner, "family", "--review").stderr


def test_reextract_keeps_the_families_and_logs_nothing_twice(store, runner):
    ingest(runner, *files_of("atlas-amendments"), *files_of("orchard-draft-signed"))
    before = state(store)
    events = len(as_json(runner, "history", by_file(store)["atlas-development-agreement.pdf"]["id"]))
    run(runner, "ingest", "--reextract")
    assert state(store) == before
    assert money(runner) == {"USD": 126000.0 + 36000.0}
    after = as_json(runner, "history", by_file(store)["atlas-development-agreement.pdf"]["id"])
    assert len(after) == events


CUAD_TRAIN = FIXTURES.parent.parent / "shared" / "cuad-train" / "pdf"
CORPUS = FIXTURES.parent.parent / "shared" / "corpus"


@pytest.mark.skipif(not CUAD_TRAIN.exists(), reason="../shared/cuad-train is not here")
def test_real_amendments_find_their_real_parents(store, runner, tmp_path):
    """CUAD exhibits: amendments filed apart from their agreement, a "form of" agreement and
    its executed version, and three amendments whose agreement is not in the set."""
    names = [
        "BIOAMBERINC_04_10_2013-EX-10.34-DEVELOPMENT AGREEMENT - First Amendment.pdf",
        "ScansourceInc_20190822_10-K_EX-10.38_11793958_EX-10.38_Distributor Agreement1.pdf",
        "ScansourceInc_20190822_10-K_EX-10.39_11793959_EX-10.39_Distributor Agreement.pdf",
        "GridironBionutrientsInc_20171206_8-K_EX-10.1_10972555_EX-10.1_Endorsement Agreement.pdf",
        "GridironBionutrientsInc_20171206_8-K_EX-10.2_10972556_EX-10.2_Endorsement Agreement.pdf",
        "IdeanomicsInc_20151124_8-K_EX-10.2_9354744_EX-10.2_Content License Agreement.pdf",
        "IdeanomicsInc_20160330_10-K_EX-10.26_9512211_EX-10.26_Content License Agreement.pdf",
        *(f"BellringBrandsInc_20190920_S-1_EX-10.12_11817081_EX-10.12_Manufacturing "
          f"Agreement{n}.pdf" for n in (2, 3, 4)),
    ]
    files = [CUAD_TRAIN / name for name in names] + \
        [CORPUS / "cuad-bioamber-development-agreement-1-2013.pdf"]  # fmt: skip
    ingest(runner, *files)
    rows = by_file(store)
    parent = {name: rows[name]["parent"] for name in rows}
    assert parent[names[0]] == "cuad-bioamber-development-agreement-1-2013.pdf"
    assert parent[names[2]] == names[1]
    assert parent[names[4]] == names[3]
    assert {rows[names[5]]["family_role"], rows[names[6]]["family_role"]} == {None, "copy"}
    for name in names[7:]:
        assert rows[name]["family_role"] == "amendment" and rows[name]["parent_id"] is None


def test_the_quick_start_counts_every_contract_once(store, runner):
    """`contracts ingest fixtures/` (the README's first command; scans left unread here): each
    sample contract is listed once with its Word file, and the report's money is the true
    total — USD 1,494,000, GBP 525,500 and EUR 50,000 of the fourteen samples (with the dated
    instalments of their recurring fees, issue 10), plus USD 378,000 of the five families — not
    twice or three times as much."""
    run(runner, "ingest", "--jobs", "2", "--ocr", "never", FIXTURES)
    listed = as_json(runner, "list")
    with_milestones = [r for r in listed if r["milestones"]]
    leads = [os.path.basename(r["path"]) for r in with_milestones if r["family_role"] is None]
    slugs = sorted(p.name.removesuffix(".expected.json")
                   for p in FIXTURES.glob("*.expected.json"))  # fmt: skip
    for slug in slugs:
        assert sum(lead.startswith(slug + ".") for lead in leads) == 1, slug
        row = next(r for r in with_milestones
                   if os.path.basename(r["path"]).startswith(slug + "."))
        assert row["copies"] >= 1, slug
    assert money(runner) == {"EUR": 50000.0, "GBP": 525500.0, "USD": 1494000.0 + 378000.0}
