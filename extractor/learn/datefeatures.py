"""Date mentions as candidates for a contract's key dates, with the features a model scores.

Every date the text holds is a candidate (``find_dates`` on the text as ``keydates.readable``
rewrites it). A candidate is described by:

- the words just before and after it ("made as of", "effective", "Date:", "until", "expires");
- where it is: the preamble, the cover above it, a signature block, a footer, the first page,
  how far into the text, the how-manieth date it is;
- what it looks like: blank or approximate, numeric or with a month name, its year against the
  document's other dates, how often the same date recurs;
- what the rules made of it: the date the rules chose as agreement, effective, expiration or
  signing date (the rules' judgement is one feature among others, so the model learns where to
  trust them).

A value's features are those of its mentions merged (the strongest of each), so one value gets
one score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from extractor.nlp.rules import keydates as rules
from extractor.nlp.scans import dates_in

WORD = re.compile(r"[a-z]+|\d+|[:()\"“”]", re.IGNORECASE)
LEFT_CHARS = 90
RIGHT_CHARS = 60
LEFT_WORDS = 6
RIGHT_WORDS = 4
EFFECTIVE_DEFINED = re.compile(r"[“\"]\s*Effective\s*Date\s*[”\"]", re.IGNORECASE)
EFFECTIVE_MENTION = re.compile(r"\beffective\s+date\b", re.IGNORECASE)
EFFECTIVE_AS_OF = re.compile(r"\beffective\s+(?:as\s+of|on|from)\b", re.IGNORECASE)
OPENING_CHARS = 3_000
SIGNATURE = re.compile(r"\b(?:By|Name|Title|Its)\s*:|/s/|IN\s+WITNESS", re.IGNORECASE)
HEADINGS = re.compile(r"\b(?:term|termination|expir\w*|renew\w*|commence\w*)\b", re.IGNORECASE)
POSITION_BUCKETS = (300, 1_000, 2_500, 6_000, 15_000, 40_000)
# Features that mean more when the text has no dated preamble (conjunctions a linear model
# cannot form itself): a signature date is the agreement date only when nothing better exists.
KEY_FEATURES = ("in_preamble", "before_preamble", "near_signature", "after_witness",
                "witness_sentence", "cue:made", "cue:effective", "own_line", "label:date",
                "latest_signature_date", "first_in_text")
DATE_LABEL = re.compile(r"\b(?:date|dated)\s*:?\s*$", re.IGNORECASE)


@dataclass
class DateCandidate:
    """One date value of the text, with the merged features of its mentions."""

    value: date
    start: int  # the first mention's span
    end: int
    features: dict[str, float] = field(default_factory=dict)
    mentions: int = 0


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def _bucket(offset: int) -> str:
    for limit in POSITION_BUCKETS:
        if offset < limit:
            return f"<{limit}"
    return f">={POSITION_BUCKETS[-1]}"


def mention_features(text: str, start: int, end: int, preamble: tuple[int, int],
                     witness: int | None, effective_names: frozenset[str] = frozenset()) -> dict[str, float]:
    """Features of one date mention at ``text[start:end]``."""
    out: dict[str, float] = {}
    left = words(text[max(0, start - LEFT_CHARS) : start])[-LEFT_WORDS:]
    right = words(text[end : end + RIGHT_CHARS])[:RIGHT_WORDS]
    for i, word in enumerate(reversed(left)):
        out[f"L:{word}"] = 1.0
        if i < 2:
            out[f"L{i + 1}:{word}"] = 1.0
    if len(left) >= 2:
        out[f"LB:{left[-2]}_{left[-1]}"] = 1.0
    for i, word in enumerate(right):
        out[f"R:{word}"] = 1.0
        if i < 2:
            out[f"R{i + 1}:{word}"] = 1.0
    out[f"pos:{_bucket(start)}"] = 1.0
    relative = start / max(len(text), 1)
    out[f"rel:{min(9, int(relative * 10))}"] = 1.0
    p_start, p_end = preamble
    if p_start <= start < p_end:
        out["in_preamble"] = 1.0
    elif start < p_start:
        out["before_preamble"] = 1.0
    if witness is not None and start > witness:
        out["after_witness"] = 1.0
        if start - witness < 500 and "." not in text[witness:start].rstrip(". "):
            out["witness_sentence"] = 1.0
    if DATE_LABEL.search(text, max(0, start - 12), start):
        out["label:date"] = 1.0
    if SIGNATURE.search(text, max(0, start - 250), min(len(text), end + 250)):
        out["near_signature"] = 1.0
    if rules.MADE_BEFORE.search(text, max(0, start - 40), start):
        out["cue:made"] = 1.0
    if rules.EFFECTIVE_BEFORE.search(text, max(0, start - 30), start):
        out["cue:effective"] = 1.0
    defined = rules.DEFINED_AFTER.match(text, end, end + 80)
    if defined:
        term = re.sub(r"\s+", " ", defined.group(1)).strip().lower()
        out["defined"] = 1.0
        out[f"defined:{_defined_kind(term)}"] = 1.0
        if re.sub(r"^the\s+", "", term) in effective_names and not rules.EFFECTIVE_TERM.match(term):
            out["defined:takes_effect_on"] = 1.0
    if rules.OTHER_AGREEMENT_DATED.search(text, max(0, start - 160), start):
        out["other_agreement"] = 1.0
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if len(line.strip()) <= (end - start) + 12:
        out["own_line"] = 1.0
    if rules.FOOTER_LINE.match(text, max(0, line_start - 1), start):
        out["footer"] = 1.0
    sentence = text[max(0, start - 300) : end + 200]
    if HEADINGS.search(sentence):
        out["term_words"] = 1.0
    return out


TAKES_EFFECT_ON = re.compile(
    r"\b(?:takes?\s+effect|(?:become|be|is)\s+effective|effective|commences?|begins?|enters?\s+into\s+"
    r"force)\s+(?:on|as\s+of|from|with)\s+(?:the\s+)?((?:[A-Z][\w-]*\s+){0,3}Date)\b")


def _effective_names(text: str) -> frozenset[str]:
    """Dates the agreement takes effect on by name ("This agreement takes effect on the
    Commencement Date", "shall commence on the Start Date"), lower-cased."""
    return frozenset(" ".join(m.group(1).lower().split()) for m in TAKES_EFFECT_ON.finditer(text))


def _defined_kind(term: str) -> str:
    term = re.sub(r"^the\s+", "", term)
    if rules.EFFECTIVE_TERM.match(term):
        return "effective"
    if rules.AGREEMENT_TERMS.match(term):
        return "agreement"
    if rules.START_TERM.match(term):
        return "start"
    if "expir" in term or "end" in term or "termination" in term:
        return "end"
    if "effective" in term:
        return "named_effective"
    return "other"


@dataclass(frozen=True)
class Mention:
    """One complete date written in the text, with the features of where it stands."""

    start: int
    end: int
    value: date
    features: dict[str, float]


def read_mentions(text: str, preamble: tuple[int, int], dayfirst: bool = False) -> list[Mention]:
    """Every complete date of ``text`` (``keydates.readable`` text) with its mention features."""
    witness_match = rules.WITNESS.search(text)
    witness = witness_match.start() if witness_match else None
    effective_names = _effective_names(text)
    out = []
    for start, end, parsed in dates_in(text, dayfirst):
        if parsed.approximate:
            continue  # "March 2025", a blank day: never a key date CUAD would give
        features = mention_features(text, start, end, preamble, witness, effective_names)
        features[f"nth:{min(len(out), 5)}"] = 1.0
        out.append(Mention(start, end, parsed.value, features))
    return out


def merge(mentions: Iterable[Mention], extra=None) -> dict[date, DateCandidate]:
    """Mentions merged by value: a value's features are the strongest of its mentions'."""
    by_value: dict[date, DateCandidate] = {}
    for mention in mentions:
        features = mention.features if extra is None else {**mention.features, **extra(mention)}
        add_to(by_value, mention.value, mention.start, mention.end, features)
    return by_value


def add_to(by_value: dict[date, DateCandidate], value: date, start: int, end: int,
           features: dict[str, float]) -> None:
    candidate = by_value.get(value)
    if candidate is None:
        candidate = by_value[value] = DateCandidate(value, start, end)
    candidate.mentions += 1
    for name, weight in features.items():
        candidate.features[name] = max(candidate.features.get(name, 0.0), weight)


def date_candidates(mentions: list[Mention], rule_dates: dict[str, date | None]) -> list[DateCandidate]:
    """Every complete date value with its features (see the module docstring)."""
    candidates = list(merge(mentions).values())
    add_document_features(candidates, rule_dates)
    add_conjunctions(candidates)
    return candidates


def add_conjunctions(candidates: list[DateCandidate]) -> None:
    signed = [c for c in candidates if c.features.get("near_signature") or c.features.get("after_witness")]
    if signed:
        latest = max(signed, key=lambda c: c.value)
        latest.features["latest_signature_date"] = 1.0
        if len({c.value for c in signed}) == 1:
            latest.features["only_signature_date"] = 1.0
    flags = []
    if not any(c.features.get("in_preamble") for c in candidates):
        flags.append("no_preamble_date")
    if not any(c.features.get("cue:made") or c.features.get("cue:effective") for c in candidates):
        flags.append("no_cued_date")
    if not any(c.features.get("rule:agreement_date") for c in candidates):
        flags.append("no_rule_agreement")
    for candidate in candidates:
        for feature in KEY_FEATURES:
            if candidate.features.get(feature):
                for flag in flags:
                    candidate.features[f"{feature}&{flag}"] = 1.0


def document_features(text: str, candidates: list[DateCandidate],
                      rule_dates: dict[str, date | None]) -> dict[str, float]:
    """Features of the option "no date": what the whole text says about its dates (does it
    define an effective date at all? is the date left blank?) and what the rules found."""
    out = {f"candidates:{min(len(candidates), 6)}": 1.0}
    for kind in ("agreement_date", "effective_date"):
        if rule_dates.get(kind) is None:
            out[f"rule:no_{kind}"] = 1.0
    if rules.BLANK_DATE.search(text, 0, OPENING_CHARS):
        out["doc:blank_date_opening"] = 1.0
    if not any(c.features.get("in_preamble") for c in candidates):
        out["doc:no_preamble_date"] = 1.0
    if not any(c.features.get("cue:made") or c.features.get("cue:effective") for c in candidates):
        out["doc:no_cued_date"] = 1.0
    if EFFECTIVE_DEFINED.search(text):
        out["doc:effective_defined"] = 1.0
    elif EFFECTIVE_MENTION.search(text):
        out["doc:effective_mentioned"] = 1.0
    else:
        out["doc:no_effective_date"] = 1.0
    if EFFECTIVE_AS_OF.search(text, 0, OPENING_CHARS):
        out["doc:effective_as_of_opening"] = 1.0
    if rules.WITNESS.search(text):
        out["doc:witness"] = 1.0
    return out


def add_document_features(candidates: Iterable[DateCandidate], rule_dates: dict[str, date | None]) -> None:
    """Features that compare a value with the others and with the rules' choices."""
    candidates = list(candidates)
    if not candidates:
        return
    values = sorted(c.value for c in candidates)
    first_value = min(candidates, key=lambda c: c.start).value
    for candidate in candidates:
        f = candidate.features
        f[f"mentions:{min(candidate.mentions, 4)}"] = 1.0
        if candidate.value == first_value:
            f["first_in_text"] = 1.0
        if candidate.value == values[0]:
            f["earliest"] = 1.0
        if candidate.value == values[-1]:
            f["latest"] = 1.0
        if candidate.value.day == 1:
            f["first_of_month"] = 1.0
        for kind, value in rule_dates.items():
            if value is not None and candidate.value == value:
                f[f"rule:{kind}"] = 1.0
        agreement = rule_dates.get("agreement_date")
        if agreement is not None and candidate.value != agreement:
            years = (candidate.value - agreement).days / 365.25
            f["after_rule_agreement" if years > 0 else "before_rule_agreement"] = 1.0
            if abs(years - round(years)) < 0.01 and round(years) > 0:
                f["whole_years_after_agreement"] = 1.0
