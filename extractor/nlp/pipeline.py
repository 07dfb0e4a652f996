"""The extraction pipeline: spacy.blank("en") plus our own components, then assembly.

Each component does one job and writes its findings on ``doc._``; ``extract`` turns them into
a :class:`models.Contract`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.vocab import Vocab

# Importing the modules registers their @Language.factory components.
from extractor.nlp import (  # noqa: F401
    amendments,
    entities,
    extensions,
    jurisdiction,
    keydates,
    milestones,
    parties,
    payments,
    sentences,
    title,
    tokens,
)
from models import Contract, Document, ExtractionSettings, Milestone

log = logging.getLogger(__name__)

COMPONENTS = (
    "clause_sentencizer",  # sentences.py: sentence boundaries that know numbered clauses
    # entities.py (contract_entities) hangs DATE/MONEY spans on a tokenised Doc; our Doc holds
    # no tokens and the components read the same finders' results from scans.py instead.
    "contract_title",  # title.py
    "contract_parties",  # parties.py
    "contract_key_dates",  # keydates.py: agreement/effective/expiration dates, term, renewal
    "contract_jurisdiction",  # jurisdiction.py: governing law and its holiday calendar
    "contract_payments",  # payments.py: total value, Net-N, late fees, retainage, recurring
    "contract_milestones",  # milestones.py: milestones from prose and tables
    "contract_family",  # amendments.py: amendment/SOW/agreement, its parent, stated changes
)
PAGE_SEPARATOR = "\n\n"
MAX_CHARS = 2_000_000  # spaCy's own default limit is 1,000,000
_PLAIN = re.compile(r"[A-Za-z]+|[0-9]+")


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """spacy.blank("en"): its vocabulary holds our Docs, its tokenizer says where tokens start."""
    nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS
    return nlp


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    nlp = blank_english()
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def make_doc(document: Document, settings: ExtractionSettings) -> spacy.tokens.Doc:
    """The Doc the components read: the document's pages joined, where each page starts, and
    where spaCy's tokenizer would start each token (``extractor.nlp.tokens``). The Doc itself
    holds no tokens: no component reads more than the text, sentence spans and trigger words,
    and tokenising the whole text into a Doc cost more than all three."""
    starts, parts, offset = [], [], 0
    for page in document.pages:
        starts.append(offset)
        parts.append(page.text)
        offset += len(page.text) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(parts)[:MAX_CHARS]
    doc = spacy.tokens.Doc(blank_english().vocab)
    doc.user_data[extensions.TEXT_KEY] = text
    doc.user_data[extensions.TOKENS_KEY] = tokens.tokenize(text, _token_offsets)
    doc._.document = document
    doc._.page_starts = starts
    doc._.settings = settings
    doc._.warnings = []
    return doc


@lru_cache(maxsize=1)
def _splitter() -> Tokenizer:
    """spaCy's English tokenizer with a vocabulary that computes no lexical attributes: the
    same token boundaries, a third faster on words it has not seen."""
    english = blank_english().tokenizer
    return Tokenizer(Vocab(lex_attr_getters={}), rules=english.rules,
                     prefix_search=english.prefix_search, suffix_search=english.suffix_search,
                     infix_finditer=english.infix_finditer, token_match=english.token_match,
                     url_match=english.url_match)  # fmt: skip


def _token_offsets(chunks: list[str]) -> list[tuple[int, ...]]:
    """Where spaCy's tokenizer starts each token of each chunk (a run without whitespace, or
    one whitespace span), after the first. ASCII letters only, or digits only, are one token
    unless a special case ("cannot", "10am"); the other chunks are tokenised in one call,
    joined by spaces (spaCy splits each chunk on its own: see tokens.py)."""
    tokenizer = _splitter()
    out: list[tuple[int, ...]] = [()] * len(chunks)
    hard = []
    for i, chunk in enumerate(chunks):
        if chunk[0].isspace():  # whitespace: on its own (joined ones would merge)
            out[i] = tuple(token.idx for token in tokenizer(chunk))[1:]
        elif not _PLAIN.fullmatch(chunk) or chunk in tokenizer.rules:
            hard.append(i)
    if not hard:
        return out
    lengths = np.array([len(chunks[i]) + 1 for i in hard], dtype=np.int64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    idx = tokenizer(" ".join(chunks[i] for i in hard)).to_array(IDX).astype(np.int64)
    which = np.searchsorted(starts, idx, side="right") - 1
    offsets = idx - starts[which]
    inner: dict[int, list[int]] = {}
    for chunk, offset in zip(which[offsets > 0].tolist(), offsets[offsets > 0].tolist()):
        inner.setdefault(chunk, []).append(offset)
    for chunk, found in inner.items():
        out[hard[chunk]] = tuple(found)
    return out


def run(document: Document, settings: ExtractionSettings | None = None) -> spacy.tokens.Doc:
    """Run every component; one that fails costs only its own findings (unless ``strict``)."""
    settings = settings or ExtractionSettings()
    doc = make_doc(document, settings)
    for name, component in build_nlp().pipeline:
        try:
            doc = component(doc)
        except Exception as error:
            if settings.strict:
                raise
            log.exception("%s: the %s component failed", document.path, name)
            doc._.warnings = [*(doc._.warnings or []),
                              f"{name} failed ({type(error).__name__}: {error}): what it finds is missing"]
    return doc


def extract(document: Document, settings: ExtractionSettings | None = None) -> Contract:
    """Run the pipeline on a loaded document and assemble the Contract."""
    return assemble(document, run(document, settings))


OCR_CONFIDENCE = 0.8  # a value read from an OCRed page is less certain than a text layer's


def _ocr_discount(milestone: Milestone) -> Milestone:
    if milestone.evidence and milestone.evidence.ocr:
        return replace(milestone, confidence=round(milestone.confidence * OCR_CONFIDENCE, 2))
    return milestone


def assemble(document: Document, doc: spacy.tokens.Doc) -> Contract:
    """The Contract from what the components left on ``doc._``."""
    warnings = list(document.warnings) + list(doc._.warnings or [])
    if document.needs_ocr:
        warnings.append("no text layer on some pages: they need OCR and were not read")
    key_dates = tuple(doc._.key_dates or ())
    dates = {kd.kind: kd.value for kd in key_dates if kd.value and kd.kind != "signing_date"}
    family = doc._.family
    heading = doc._.title
    if heading is None and family is not None and family.kind != "agreement":
        heading = family.heading  # "CHANGE ORDER NO. 1": a heading the title rules do not know
    return Contract(
        file=document.path,
        sha256=document.sha256,
        format=document.format,
        pages=document.page_count,
        title=heading,
        parties=tuple(doc._.parties or ()),
        agreement_date=dates.get("agreement_date"),
        effective_date=dates.get("effective_date"),
        expiration_date=dates.get("expiration_date"),
        term=doc._.term,
        renewal=doc._.renewal,
        renewal_term=doc._.renewal_term,
        governing_law=doc._.governing_law,
        jurisdiction=doc._.jurisdiction,
        notice_period=doc._.notice_period,
        currency=doc._.currency,
        total_value=doc._.total_value,
        payment_terms=tuple(doc._.payment_terms or ()),
        milestones=tuple(_ocr_discount(m) for m in doc._.milestones or ()),
        key_dates=key_dates,
        warnings=tuple(dict.fromkeys(warnings)),
        needs_ocr=document.needs_ocr,
        money=tuple(doc._.money or ()),
        family=doc._.family,
    )
