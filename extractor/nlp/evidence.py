"""Turn a character span of the joined document text into Evidence (page, span, quote)."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span

from extractor.nlp.extensions import doc_text
from models import Evidence

MAX_QUOTE = 400
_SPACES = re.compile(r"\s+")


def page_of(doc: Doc, char: int) -> int:
    """1-based page holding the character at ``char`` of ``doc.text``."""
    starts = doc._.page_starts or [0]
    return max(1, bisect.bisect_right(starts, char))


def quote(text: str, limit: int = MAX_QUOTE) -> str:
    text = _SPACES.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def evidence_for(doc: Doc, start_char: int, end_char: int, text: str | None = None) -> Evidence:
    """Evidence for ``doc.text[start_char:end_char]``; ``text`` overrides the quoted text."""
    page = page_of(doc, start_char)
    starts = doc._.page_starts or [0]
    offset = starts[page - 1] if page - 1 < len(starts) else 0
    document = doc._.document
    page_obj = document.pages[page - 1] if document and page - 1 < len(document.pages) else None
    return Evidence(
        page=page,
        text=quote(text if text is not None else doc_text(doc)[start_char:end_char]),
        file=document.path if document else "",
        start=start_char - offset,
        end=end_char - offset,
        ocr=bool(page_obj and page_obj.ocr),
    )


def span_evidence(span: Span) -> Evidence:
    """Evidence quoting the sentence that holds ``span``."""
    sent = span.sent if span.doc.has_annotation("SENT_START") else span
    return evidence_for(span.doc, sent.start_char, sent.end_char)
