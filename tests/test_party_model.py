"""The learned choice of parties: candidates proposed by rules, chosen by the shipped model.

Small texts through the real pipeline (``spacy.blank("en")`` and our components); the model is
the one shipped in ``extractor/learn/models/parties.json``.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from extractor import EXTRACTOR_VERSION
from extractor.learn import linear, partydecide, switch
from extractor.learn.partydecide import choose
from extractor.nlp.partycandidates import Candidate, candidates, merge
from extractor.nlp.pipeline import extract
from models import Contract
from tests.conftest import make_document

MERGED = (
    'This Supply Agreement (the "Agreement") is made as of March 3, 2021 by and between Acme Widgets '
    'Corporation, a Delaware corporation ("ACME"), and Beta Foods LLC, a Texas limited liability company '
    '("Beta").\n1. Supply. ACME shall supply the Products to Beta.\nIN WITNESS WHEREOF the parties have '
    "signed this Agreement.\nACME\nBy: ______\nBETA FOODS LLC\nBy: ______\n"
)
BETWEEN_LIST = (
    "THIS AGREEMENT is made on 3 February 2025\nBETWEEN:\n(1) HARBOUR LIGHT FOODS LIMITED, whose registered "
    "office is at 2 Quay Street, Bristol; and\n(2) ORCHARD RETAIL PLC, whose registered office is at 9 Mill "
    "Lane, Leeds.\nIT IS AGREED as follows:\n1. Supply of goods.\n"
)
SIGNATURE_ONLY = (
    "TERMS OF SERVICE\n1. The provider shall host the website.\n2. The customer shall pay $100 per month.\n"
    "IN WITNESS WHEREOF, the parties have executed this agreement.\nNORTHSTAR HOSTING, INC.\n"
    "By: ____________\nName: Jane Roe\nPINECREST BAKERY LLC\nBy: ____________\nName: John Doe\n"
)
ADDRESS_BLOCKS = (
    "This Collaboration Agreement (“Agreement”) is made by and among\nXencor, Inc.\n111 W. Lemon Ave.\n"
    "Monrovia,\nCA 91016\nUSA\n(hereinafter called “XENCOR”),\nand\nBoehringer Ingelheim International GmbH\n"
    "Binger Straße 173\n55216 Ingelheim\nGermany\n(hereinafter called “BII”)\n"
)
SENTENCE_OPENERS = (
    "This Services Agreement is made by and between the parties named below.\nAfter the Effective Date (the "
    '"Launch") the Customer pays the fees.\nNotwithstanding anything to the contrary (the "Override"), fees '
    'are capped. Based on the Forecast ("Forecast Volume") the Supplier ships. Except as set out in '
    'Schedule 2 ("Excluded Items") all goods are covered.\nIN WITNESS WHEREOF the parties have signed.\n'
    "ALPINE DATA SYSTEMS, INC.\nBy: ______\nRIVERSIDE CLINICS LLC\nBy: ______\n"
)

UNIVERSITY = (
    'This Strategic Alliance Agreement (the "Agreement") is made by and between The University of Texas '
    'M. D. Anderson Cancer Center ("MD Anderson"), a member institution of The University of Texas System, '
    'and Lion Biotechnologies, Inc., a Nevada corporation ("LBIO").\n1. Research. MD Anderson shall perform '
    "the Research.\nIN WITNESS WHEREOF the parties have signed this Agreement.\nTHE UNIVERSITY OF TEXAS M. D. "
    "ANDERSON CANCER CENTER\nBy: ______\nLION BIOTECHNOLOGIES, INC.\nBy: ______\n"
)


def parties_of(text: str) -> list[tuple[str, str | None]]:
    return [(p.name, p.role) for p in extract(make_document(text)).parties]


def test_a_defined_short_name_merges_into_the_legal_name():
    assert parties_of(MERGED) == [("Acme Widgets Corporation", "ACME"), ("Beta Foods LLC", "Beta")]
    acme = next(c for c in candidates(MERGED) if c.name == "Acme Widgets Corporation")
    assert "ACME" in acme.aliases and "signature" in acme.sources  # the "ACME" signature line is the same party


def test_sentence_initial_words_are_never_parties():
    assert parties_of(SENTENCE_OPENERS) == [("ALPINE DATA SYSTEMS, INC.", None), ("RIVERSIDE CLINICS LLC", None)]
    names = {c.name for c in candidates(SENTENCE_OPENERS)}
    assert not names & {"After the Effective Date", "Notwithstanding", "Based", "Except as"}


def test_address_lines_are_not_names():
    assert parties_of(ADDRESS_BLOCKS) == [("Xencor, Inc.", "XENCOR"), ("Boehringer Ingelheim International GmbH", "BII")]


def test_a_name_that_goes_on_past_a_suffix_like_word_is_kept_whole():
    # "University" ends legal names too ("The University"), but here the name goes on: not an address
    assert parties_of(UNIVERSITY) == [("The University of Texas M. D. Anderson Cancer Center", "MD Anderson"),
                                      ("Lion Biotechnologies, Inc.", "LBIO")]


def test_a_date_is_never_a_candidate_name():
    found = merge([Candidate("January 18", "Fund", 30, 40, {"rule"}), Candidate("18 March 2020", None, 50, 63, {"between"}),
                   Candidate("Integrity Funds Distributor, LLC", "Distributor", 80, 112, {"rule"})])
    assert [c.name for c in found] == ["Integrity Funds Distributor, LLC"]


def test_a_numbered_between_list_names_the_parties():
    assert parties_of(BETWEEN_LIST) == [("HARBOUR LIGHT FOODS LIMITED", None), ("ORCHARD RETAIL PLC", None)]


def test_parties_named_only_in_the_signature_blocks():
    assert parties_of(SIGNATURE_ONLY) == [("NORTHSTAR HOSTING, INC.", None), ("PINECREST BAKERY LLC", None)]


def test_every_party_carries_a_calibrated_confidence():
    model = linear.load(partydecide.MODEL)
    contract = extract(make_document(MERGED))
    for party in contract.parties:
        assert 0.0 < party.confidence <= 1.0
        assert party.needs_review is (party.confidence < model.review_below)
    data = contract.to_dict()["parties"][0]
    assert data["confidence"] == contract.parties[0].confidence
    assert Contract.from_dict(json.loads(json.dumps(contract.to_dict()))).parties == contract.parties


def test_a_weak_best_guess_warns_and_is_not_given(monkeypatch):
    strict = dataclasses.replace(linear.load(partydecide.MODEL), threshold=0.999)
    monkeypatch.setattr(partydecide.linear, "load", lambda name: strict)
    contract = extract(make_document(SIGNATURE_ONLY))
    assert contract.parties == ()
    warning = next(w for w in contract.warnings if w.startswith("parties not given"))
    assert "NORTHSTAR HOSTING, INC." in warning or "PINECREST BAKERY LLC" in warning


def test_no_name_at_all_warns():
    contract = extract(make_document("Payment is due within 30 days of invoice. Late payments bear interest."))
    assert contract.parties == ()
    assert any("no parties found" in w for w in contract.warnings)


def test_the_rules_alone_when_the_models_are_off():
    with switch.models_off():
        contract = extract(make_document(BETWEEN_LIST))
    assert contract.parties == ()  # the rules read no parties from a list without defined terms
    with switch.models_off():
        merged = extract(make_document(MERGED))
    assert [p.confidence for p in merged.parties] == [None, None]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([0.9, 0.3, 0.2], ["A", "B"]),  # the second party needs less than a third
        ([0.9, 0.8, 0.75], ["A", "B", "C"]),
        ([0.05, 0.04], []),  # below the abstention bar
    ],
)
def test_the_bars_for_first_second_and_further_parties(scores, expected):
    model = linear.LinearModel("parties", {}, 0.0, threshold=0.1, meta={"second": 0.25, "more": 0.7})
    ranked = [(s, Candidate(name, None, i * 10, i * 10 + 1)) for i, (s, name) in enumerate(zip(scores, "ABC"))]
    decision = choose(model, ranked)
    assert [c.candidate.name for c in decision.parties] == expected
    assert (decision.best_guess is not None) is (not expected)


def test_a_second_name_for_a_party_taken_is_skipped():
    model = linear.LinearModel("parties", {}, 0.0, threshold=0.1, meta={"second": 0.2, "more": 0.7})
    acme = Candidate("Acme Widgets Corporation", "ACME", 0, 10)
    again = Candidate("ACME", None, 50, 54)  # its role, as a name
    beta = Candidate("Beta Foods LLC", "Beta", 20, 30)
    decision = choose(model, [(0.9, acme), (0.8, again), (0.7, beta)])
    assert [c.candidate.name for c in decision.parties] == ["Acme Widgets Corporation", "Beta Foods LLC"]


def test_the_shipped_model_carries_the_extractor_version():
    model = linear.load(partydecide.MODEL)
    assert model is not None and model.meta["extractor_version"] == EXTRACTOR_VERSION
    assert 0.0 <= model.threshold <= model.meta["second"] <= model.meta["more"] <= 1.0


def _examples():
    from extractor.learn.dataset import Example

    texts = [MERGED, BETWEEN_LIST, SIGNATURE_ONLY, ADDRESS_BLOCKS, SENTENCE_OPENERS] * 2
    answers = [
        'Acme Widgets Corporation ("ACME"); Beta Foods LLC ("Beta")',
        "HARBOUR LIGHT FOODS LIMITED; ORCHARD RETAIL PLC",
        "NORTHSTAR HOSTING, INC.; PINECREST BAKERY LLC",
        'Xencor, Inc. ("XENCOR"); Boehringer Ingelheim International GmbH ("BII")',
        "ALPINE DATA SYSTEMS, INC.; RIVERSIDE CLINICS LLC",
    ] * 2
    out = []
    for i, (text, answer) in enumerate(zip(texts, answers)):
        document = make_document(text, path=f"c{i}.txt")
        with switch.models_off():
            rules = extract(document)
        out.append(Example(f"c{i}.txt", "test", document, rules, {"Parties": answer}))
    return out


def test_the_same_seed_trains_the_same_model():
    pytest.importorskip("sklearn")
    from extractor.learn.train_parties import train_models

    data = _examples()
    first, second = train_models(data, 7)[0], train_models(data, 7)[0]
    assert first.model.to_json() == second.model.to_json()
    assert first.model.meta["seed"] == 7 and first.model.meta["extractor_version"] == EXTRACTOR_VERSION
    assert first.reliability and all(0.0 <= right <= 1.0 for _, _, right in first.reliability)


def test_the_cli_shows_which_parties_need_review(runner, db_path, tmp_path, monkeypatch):
    from tracker.cli import cli

    shipped = linear.load(partydecide.MODEL)
    wary = dataclasses.replace(shipped, review_below=1.01)  # every party needs review
    monkeypatch.setattr(partydecide.linear, "load", lambda name: wary)
    contract = tmp_path / "hosting-terms.txt"
    contract.write_text(SIGNATURE_ONLY, encoding="utf-8")
    result = runner.invoke(cli, ["extract", str(contract)], catch_exceptions=False)
    assert result.exit_code == 0
    parties = json.loads(result.output)["parties"]
    assert [p["name"] for p in parties] == ["NORTHSTAR HOSTING, INC.", "PINECREST BAKERY LLC"]
    assert any(p.get("needs_review") for p in parties)
    runner.invoke(cli, ["ingest", str(contract)], catch_exceptions=False)
    shown = runner.invoke(cli, ["show", "1"], catch_exceptions=False).output
    for party in parties:
        line = next(line for line in shown.splitlines() if line.startswith(f"Party: {party['name']}"))
        flag = f"(needs review, confidence {party['confidence']:.2f})"
        assert (flag in line) is bool(party.get("needs_review"))
