"""clause_sentencizer: sentences a lawyer would quote, on spacy.blank("en")."""

from __future__ import annotations

import pytest
import spacy

from extractor.nlp import sentences  # noqa: F401  (registers the factory)


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("clause_sentencizer")
    return nlp


def sents(nlp, text):
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Client shall pay Acme Inc. the fee. Payment is due in 30 days.",
            ["The Client shall pay Acme Inc. the fee.", "Payment is due in 30 days."],
        ),
        (
            (
                "Interest accrues at 1.5% per month on $25,000.00. See Sec. 4 and No. 5 of the "
                "U.S. rules, e.g. the FAR. Acme Corp. and Beta Co. and Gamma Ltd. agree."
            ),
            [
                "Interest accrues at 1.5% per month on $25,000.00.",
                "See Sec. 4 and No. 5 of the U.S. rules, e.g. the FAR.",
                "Acme Corp. and Beta Co. and Gamma Ltd. agree.",
            ],
        ),
        (  # hard line wraps inside a sentence do not split
            "The Supplier shall deliver the Goods to the\nCustomer within thirty (30)\ndays.",
            ["The Supplier shall deliver the Goods to the\nCustomer within thirty (30)\ndays."],
        ),
        (  # Windows line ends from PDF text
            "The Supplier shall deliver the Goods \r\nto the Customer. It shall invoice\r\nmonthly.",
            ["The Supplier shall deliver the Goods \r\nto the Customer.",
             "It shall invoice\r\nmonthly."],
        ),
        (
            "The parties agree as follows:\n4.2 Fees. The fee is due.\n4.2.1 Late fees apply.",
            ["The parties agree as follows:", "4.2 Fees.", "The fee is due.",
             "4.2.1 Late fees apply."],
        ),
        (
            "Deliverables include:\n(a) the design; and\n(b) the code;\n(iv) the manual.",
            ["Deliverables include:", "(a) the design; and", "(b) the code;",
             "(iv) the manual."],
        ),
        (  # a number after "Section" at a line start is a wrapped reference
            "Fees are payable as set forth in Section\n4.3 hereof and in\n(b) above.",
            ["Fees are payable as set forth in Section\n4.3 hereof and in\n(b) above."],
        ),
        (
            "first paragraph without a stop\n\nsecond paragraph",
            ["first paragraph without a stop", "second paragraph"],
        ),
        (
            "Section 5. Term\nSection 5.1 The term is three years.",
            ["Section 5. Term", "Section 5.1 The term is three years."],
        ),
        (
            "2.3.1. Opportunity. Once Distributor has found a Customer, it shall ask.",
            ["2.3.1. Opportunity.", "Once Distributor has found a Customer, it shall ask."],
        ),
        (
            "Schedule:\nMilestone | Date | Amount\nKickoff | March 1, 2025 | $5,000\nAfter it.",
            ["Schedule:", "Milestone | Date | Amount", "Kickoff | March 1, 2025 | $5,000",
             "After it."],
        ),
        (
            "PAYMENT TERMS\nThe Client shall pay monthly.",
            ["PAYMENT TERMS", "The Client shall pay monthly."],
        ),
        (
            "1.1 Purpose\nIn fiscal year 2020 the Office entered into an agreement.",
            ["1.1 Purpose", "In fiscal year 2020 the Office entered into an agreement."],
        ),
        (
            "John A. Smith signed Exhibit A. The end is near.",
            ["John A. Smith signed Exhibit A.", "The end is near."],
        ),
        (
            "The fee is (i) due. (ii) Late fees apply.",
            ["The fee is (i) due.", "(ii) Late fees apply."],
        ),
    ],
)
def test_sentences(nlp, text, expected):
    assert sents(nlp, text) == expected


def test_every_token_has_a_boundary_decision(nlp):
    doc = nlp("One sentence. Two sentence.")
    assert doc.has_annotation("SENT_START")
    assert doc[0].is_sent_start


def test_long_sentence_is_capped_at_semicolons(nlp):
    clause = "the Supplier shall maintain insurance of the types listed in the schedule"
    text = "; ".join([clause] * 20) + "."
    doc = nlp(text)
    lengths = [len(s) for s in doc.sents]
    assert len(lengths) > 1
    assert max(lengths) <= 120
    assert all(s.text.strip().startswith("the Supplier") for s in doc.sents)


def test_long_sentence_without_breaks_is_cut_hard(nlp):
    doc = nlp(" ".join(["word"] * 300))
    assert max(len(s) for s in doc.sents) <= 120


def test_empty_doc(nlp):
    assert list(nlp("").sents) == []
