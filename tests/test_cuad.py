"""CUAD scoring: the gold parsing conventions, and a floor under the scores on the corpus."""

from __future__ import annotations

import json
from datetime import date

import pytest

from extractor.evaluate import cuad
from extractor.evaluate.cuad import (
    date_correct,
    gold_parties,
    load_labels,
    normal_name,
    party_matches,
    run_timed,
    score_corpus,
    title_matches,
)
from tests.conftest import CORPUS, make_document, needs_corpus

# The scores reached on the 52 CUAD contracts, less a little slack for loader changes.
FLOORS = {"agreement_date": 0.94, "effective_date": 0.92, "expiration_date": 0.88, "title": 0.94}
PARTIES_F1_FLOOR = 0.95


@pytest.mark.parametrize(
    ("predicted", "answer", "correct"),
    [
        (date(2016, 5, 1), "5/1/16", True),
        (date(1998, 9, 2), "9/2/98", True),
        (None, "[]/[]/2020", True),
        (None, "perpetual", True),
        (None, "", True),
        (date(2020, 1, 1), "", False),
        (None, "07/31/2000; 07/[]/2000", False),
        (date(2000, 7, 31), "07/31/2000; 07/[]/2000", True),
    ],
)
def test_date_correct(predicted, answer, correct):
    assert date_correct(predicted, answer) is correct


def test_gold_parties_drop_collective_entries():
    answer = (
        'Microgenics Corporation ("Microgenics"); Achaogen Inc. ("Achaogen"); (individually '
        '"Party" and collectively "Parties"); Stryker and Conformis ("Parties")'
    )
    gold = gold_parties(answer)
    assert [(g.name, g.roles) for g in gold] == [
        ("Microgenics Corporation", ("Microgenics",)),
        ("Achaogen Inc.", ("Achaogen",)),
    ]


def test_gold_parties_read_roles_cuad_wrote_without_their_quotes_or_parentheses():
    answer = ('Geno Auriemma (Auriemma); Excite, Inc."Excite"; CyberShop "Client"; '
              'InnerScope Hearing Technologies, Inc. ("Manufacturer); Galen (Chemicals) Limited ("GALEN"); '
              'MS and MSCI individually as "Party" and collectively as the "Parties"')
    assert [(g.name, g.roles) for g in gold_parties(answer)] == [
        ("Geno Auriemma", ("Auriemma", "Geno Auriemma (Auriemma)")),
        ("Excite, Inc.", ("Excite",)),
        ("CyberShop", ("Client",)),
        ("InnerScope Hearing Technologies, Inc.", ("Manufacturer",)),
        ("Galen (Chemicals) Limited", ("GALEN",)),
    ]
    assert gold_parties("(sometimes commonly referred to as the Parties)") == []
    assert [g.name for g in gold_parties('(DGT Corp. ("DGT"); Dolphin Industries Limited ("Dolphin")')] == [
        "DGT Corp.", "Dolphin Industries Limited"]
    assert party_matches("TELIA AB (publ)", None, gold_parties("TELIA AB (publ)")[0])
    gold = gold_parties("MINDA INDUSTRIES LIMITED including its successors and permitted assigns ('MIL')")[0]
    assert party_matches("Minda Industries Limited", None, gold)
    assert party_matches("Excite, Inc.", "Excite", gold_parties('Excite, Inc."Excite"')[0])


def test_party_matching():
    gold = gold_parties('Howmedica Ostenonics Corp. ("Stryker")')[0]
    assert party_matches("Howmedica Osteonics Corp.", None, gold)  # CUAD's typo
    assert party_matches("Stryker Orthopaedics", "Stryker", gold)
    assert not party_matches("Conformis, Inc.", "Conformis", gold)
    assert normal_name("Sekisui Diagnostics, LLC and its Affiliates") == "sekisui diagnostics"


def test_title_matching():
    assert title_matches("SUPPLY AGREEMENT", "Supply Agreement")
    assert title_matches("OUTSOURCING AGREEMENT", "ASP and Outsourcing Agreement Order Form")
    assert not title_matches(None, "Supply Agreement")
    # CUAD joins a title split over several spans with a blank line
    assert title_matches("AMENDMENT NO. 2 TO MANUFACTURING AGREEMENT", "AMENDMENT NO. 2\n\nMANUFACTURING AGREEMENT")
    assert not title_matches("AMENDMENT NO. 3 TO SUPPLY AGREEMENT", "AMENDMENT NO. 2\n\nMANUFACTURING AGREEMENT")


def _held_out(tmp_path):
    """A one-contract labels file (shaped like cuad_labels.json) and its text, outside the corpus."""
    (tmp_path / "acme.txt").write_text(
        "SUPPLY AGREEMENT\nThis Supply Agreement is made as of May 1, 2016 by and between Acme Inc. "
        "(“Acme”) and Beta LLC (“Beta”).\n1. Term. This Agreement shall remain in effect for two (2) "
        "years from the Effective Date.\n",
        encoding="utf-8",
    )
    labels = tmp_path / "labels.json"
    labels.write_text(json.dumps({"contracts": [{"file": "acme.txt", "cuad_filename": "acme.pdf", "answers": {
        "Document Name": "SUPPLY AGREEMENT", "Parties": 'Acme Inc. ("Acme"); Beta LLC ("Beta")',
        "Agreement Date": "5/1/16", "Effective Date": "5/1/16", "Expiration Date": "5/1/18"}}]}))
    return labels


def test_scores_a_labels_file_with_its_texts(tmp_path):
    labels = _held_out(tmp_path)
    [contract] = load_labels(labels)
    assert (contract["file"], contract["answers"]["Agreement Date"]) == ("acme.txt", "5/1/16")
    folder = tmp_path / "corpus"  # a folder stands for the cuad_labels.json inside it
    folder.mkdir()
    (folder / "cuad_labels.json").write_bytes(labels.read_bytes())
    assert load_labels(folder) == [contract]
    report = score_corpus(tmp_path, labels=labels)
    assert report.contracts == 1 and not report.misses and not report.errors
    assert report.f1 == 1.0


def test_command_line_takes_a_labels_file(tmp_path, capsys):
    labels = _held_out(tmp_path)
    assert cuad.main(["--labels", str(labels), str(tmp_path)]) == 0
    assert "CUAD contracts scored: 1" in capsys.readouterr().out
    assert cuad.main(["--labels", str(tmp_path / "missing.json"), str(tmp_path)]) == 2


def test_a_failing_component_is_reported_not_fatal(monkeypatch):
    from types import SimpleNamespace

    from extractor.nlp import pipeline

    real = pipeline.build_nlp()

    def boom(doc):
        raise RuntimeError("boom")

    pipes = [("boom", boom), *real.pipeline]
    monkeypatch.setattr(pipeline, "build_nlp", lambda: SimpleNamespace(pipeline=pipes, make_doc=real.make_doc))
    errors: list[str] = []
    contract = run_timed(make_document("This Agreement is made as of May 1, 2016."), {}, errors)
    assert len(errors) == 1 and "boom: RuntimeError: boom" in errors[0]
    assert contract.agreement_date == date(2016, 5, 1)
    with pytest.raises(RuntimeError):
        run_timed(make_document("This Agreement is made as of May 1, 2016."), {})


@needs_corpus
def test_cuad_scores_stay_above_the_floor():
    report = score_corpus(CORPUS)
    assert report.contracts == 52
    for field, floor in FLOORS.items():
        assert report.accuracy(field) >= floor, (field, report.accuracy(field))
    assert report.f1 >= PARTIES_F1_FLOOR
