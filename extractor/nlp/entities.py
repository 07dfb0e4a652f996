"""``contract_entities``: DATE, MONEY, PERCENT and DURATION spans with normalised values.

The finders in extractor.nlp.dates / extractor.nlp.numbers scan ``doc.text`` (cheap anchor scan, then
the full regex only near anchors); each hit becomes a span (``alignment_mode="expand"``) with
``span._.value`` = ParsedDate / Money / float / Duration and ``span._.approximate`` for dates
like "Q3 2025". Overlaps keep the longest span ("Twenty-Five Thousand Dollars ($25,000.00)"
wins over anything inside it); on equal length the label order in ``LABELS`` decides.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from extractor.nlp import extensions  # noqa: F401
from extractor.nlp.extensions import doc_text
from extractor.nlp.numbers import find_percents
from extractor.nlp.scans import dates_in, durations_in, money_in

LABELS = ("MONEY", "DATE", "PERCENT", "DURATION")
_RANK = {label: i for i, label in enumerate(LABELS)}


def find_entities(text: str, dayfirst: bool = False, default_currency: str = "USD"):
    """All entity hits in ``text`` as ``(start, end, label, value)``, overlapping, unsorted."""
    hits = [(s, e, "MONEY", v) for s, e, v in money_in(text, default_currency)]
    hits += [(s, e, "DATE", v) for s, e, v in dates_in(text, dayfirst)]
    hits += [(s, e, "PERCENT", v) for s, e, v in find_percents(text)]
    hits += [(s, e, "DURATION", v) for s, e, v in durations_in(text)]
    return hits


def _pick(cluster):
    """Longest first, then by label rank; keep a hit only if it overlaps none kept."""
    kept = []
    for hit in sorted(cluster, key=lambda h: (h[0] - h[1], _RANK[h[2]], h[0])):
        if not any(hit[0] < k[1] and k[0] < hit[1] for k in kept):
            kept.append(hit)
    return kept


def _non_overlapping(hits):
    """Resolve overlaps within each cluster of overlapping hits (clusters are small)."""
    out, cluster, cluster_end = [], [], -1
    for hit in sorted(hits, key=lambda h: (h[0], -h[1])):
        if cluster and hit[0] >= cluster_end:
            out += _pick(cluster) if len(cluster) > 1 else cluster
            cluster = []
        cluster.append(hit)
        cluster_end = max(cluster_end, hit[1]) if len(cluster) > 1 else hit[1]
    if cluster:
        out += _pick(cluster) if len(cluster) > 1 else cluster
    return sorted(out, key=lambda h: h[0])


def set_entities(doc: Doc) -> Doc:
    settings = doc._.settings
    dayfirst = bool(settings and settings.dayfirst)
    currency = settings.default_currency if settings else "USD"
    hits = _non_overlapping(find_entities(doc_text(doc), dayfirst, currency))
    spans: list[Span] = []
    last_end = 0
    for start, end, label, value in hits:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        # "expand" can widen a span into its neighbour's token ("$5,000-$10,000"): skip it.
        if span is None or span.start < last_end:
            continue
        span._.value = value
        if label == "DATE":
            span._.approximate = value.approximate
        spans.append(span)
        last_end = span.end
    doc.ents = spans
    return doc


class ContractEntities:
    def __call__(self, doc: Doc) -> Doc:
        return set_entities(doc)


@Language.factory("contract_entities")
def make_component(nlp: Language, name: str) -> ContractEntities:
    return ContractEntities()
