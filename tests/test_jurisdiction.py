"""The governing law and its holiday calendar: the clause as contracts write it, the component
in the pipeline, the calendar used for business days, and the score on CUAD's labels."""

from __future__ import annotations

import json
from datetime import date

import pytest

from extractor.nlp.jurisdiction import find_governing_law
from models import Contract, DueRule, Milestone
from tests.conftest import ROOT, TEST_FILES, make_document
from tracker import calendars
from tracker.save import save_document
from tracker.schedule import ScheduleError, load_holidays, resolve_store

CUAD_TRAIN = ROOT.parent / "shared" / "cuad-train" / "labels.json"


@pytest.mark.parametrize(("text", "name", "code"), [
    (("This Agreement shall be governed by and construed in accordance with the laws of the "
     "State of New York, without regard to its conflict of laws principles."), "New York", "US-NY"),
    ("THIS AGREEMENT SHALL BE GOVERNED BY THE LAWS OF THE STATE OF CALIFORNIA.", "California",
     "US-CA"),
    ("This Agreement shall be governed by the laws of the Commonwealth of Pennsylvania.",
     "Pennsylvania", "US-PA"),
    ("This agreement is governed by the laws of England and Wales.", "England and Wales",
     "GB-ENG"),
    ("This Agreement is governed by English law.", "England", "GB-ENG"),
    ("The validity of this Agreement shall be governed by the laws of PRC.", "China", "CN"),
    (("This Agreement shall be governed by the laws of the Province of Ontario and the federal "
     "laws of Canada applicable therein."), "Ontario", "CA-ON"),
    (("This Agreement shall be governed in all respects by the laws of the United States and the "
     "State of Florida."), "Florida", "US-FL"),
    (("This Agreement is accepted by Company in the State of Nevada and shall be governed by and "
     "construed in accordance with the laws thereof."), "Nevada", "US-NV"),
    ("This Agreement shall be construed in accordance with the laws ofthe State ofTexas.",
     "Texas", "US-TX"),
])  # fmt: skip
def test_governing_law_clauses(text, name, code):
    assert find_governing_law(text)[:2] == (name, code)


@pytest.mark.parametrize("text", [
    "Acme Inc., a corporation organized under the laws of the State of Delaware, and Beta LLC.",
    "Each party shall comply with all applicable laws.",
    "This Agreement may be signed in counterparts.",
])  # fmt: skip
def test_no_governing_law(text):
    assert find_governing_law(text) is None


def test_the_pipeline_fills_governing_law_and_jurisdiction():
    from extractor import extract, load_document

    contract = extract(load_document(str(TEST_FILES / "monitoring" /
                                         "planted-business-days.txt")))
    assert (contract.governing_law, contract.jurisdiction) == ("New York", "US-NY")
    assert contract.to_dict()["jurisdiction"] == "US-NY"


def test_holiday_codes_in_contracts_holidays(tmp_path):
    calendar = load_holidays("GB-ENG,2025-12-24")
    assert date(2025, 8, 25) in calendar  # August bank holiday (England)
    assert date(2025, 12, 24) in calendar  # listed
    assert date(2025, 8, 26) not in calendar
    assert date(2025, 1, 6) in load_holidays("DE-BY")  # Epiphany (Bavaria)
    assert date(2025, 1, 6) not in load_holidays("DE")
    assert date(2025, 7, 4) in load_holidays("US")
    listed = tmp_path / "holidays.txt"
    listed.write_text("US-NY  # the office calendar\n2025-12-26\n")
    assert date(2025, 2, 12) in load_holidays(str(listed))  # Lincoln's Birthday (New York)
    with pytest.raises(ScheduleError, match=r"entry 1: unknown holiday calendar 'XX'"):
        load_holidays("XX")


def test_a_contracts_jurisdiction_counts_in_its_business_days(db):
    document = make_document("Delivery 5 business days after the Effective Date.")
    contract = Contract(
        file=document.path, sha256=document.sha256, format="txt", pages=1,
        effective_date=date(2025, 8, 21), jurisdiction="GB-ENG",
        milestones=(Milestone("Delivery", "deliverable", due_rule=DueRule(
            "5 business days after the Effective Date", 5, "business_days",
            anchor="effective_date")),),
    )  # fmt: skip
    save_document(db, document, contract)
    resolve_store(db, holidays=calendars.Calendar())
    due = db.execute("SELECT due_date FROM milestones").fetchone()[0]
    assert due == "2025-08-29"  # Thursday 21 + 5 business days, skipping the bank holiday (25th)


@pytest.mark.skipif(not CUAD_TRAIN.exists(), reason="../shared/cuad-train is not here")
def test_governing_law_on_the_blind_part_of_cuad_train():
    from extractor.evaluate import jurisdiction

    contracts = json.loads(CUAD_TRAIN.read_text(encoding="utf-8"))["contracts"]
    score = jurisdiction.score(jurisdiction.split(contracts, "blind"), CUAD_TRAIN.parent)
    assert score.right / score.total >= 0.9  # 0.953 when the rules were written
