"""spaCy Doc and Span extensions the pipeline components read and write, registered once."""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS = {
    "document": None,  # models.Document being read
    "page_starts": None,  # char offset in doc.text where each page starts
    "settings": None,  # models.ExtractionSettings
    "title": None,
    "parties": None,  # list[models.Party]
    "key_dates": None,  # list[models.KeyDate]
    "term": None,
    "renewal": None,
    "renewal_term": None,
    "governing_law": None,
    "jurisdiction": None,  # holidays calendar code of the governing law ("US-NY")
    "notice_period": None,
    "currency": None,
    "total_value": None,
    "payment_terms": None,  # list[models.PaymentTerm]
    "milestones": None,  # list[models.Milestone]
    "installments": None,  # list[models.Milestone]: payment milestones found by contract_payments
    "money": None,  # list[models.MoneyMention]: every amount, classified (contract_payments)
    "warnings": None,  # list[str]
    "family": None,  # models.FamilyInfo: kind of document, the agreement it names, its changes
}
SPAN_EXTENSIONS = {
    "value": None,  # normalised value of an entity span (date, Money, percent, Duration)
    "approximate": False,  # a date like "Q3 2025"
}


def register() -> None:
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


register()

TEXT_KEY = "contracts.text"
TOKENS_KEY = "contracts.tokens"  # extractor.nlp.tokens.Tokens: where spaCy would start tokens
SENTENCES_KEY = "contracts.sentences"  # [(start_char, end_char)] the sentencizer found


def doc_text(doc: Doc) -> str:
    """``doc.text`` built once per doc: spaCy re-joins every token on each access (~0.2 ms/page)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
