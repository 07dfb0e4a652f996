"""Candidates for the expiration date: end dates the text states, and dates a stated term
length gives from each date it may run from.

- Stated: every complete date, described by the words around it ("until", "expire", "through",
  "terminate on") and the same placement features as the other key dates.
- Computed: every period of a month or more ("a term of three (3) years", "five-year") read
  from each anchor it may count from (the agreement and effective dates chosen before, dates
  the contract names as a start, the commencement date the rules found), on the same calendar
  day (CUAD's convention) and also the day before (some contracts end "on the day before the
  third anniversary"). A computed candidate carries its period's context words ("term",
  "initial", "renew", "notice"), its unit and its anchor kind.

Both kinds merge by value, so a stated end date that a term also gives scores higher.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from extractor.learn.datefeatures import DateCandidate, Mention, add_to, words
from extractor.nlp.duerules import add_offset
from extractor.nlp.durations import Duration
from extractor.nlp.rules import keydates as rules
from extractor.nlp.rules.entities import DAY_ORDINAL_WORDS
from extractor.nlp.scans import durations_in

MIN_DAYS = 28
ANNIVERSARY_WORD = re.compile(r"anniversary", re.IGNORECASE)
NOT_LENGTH_BEFORE = re.compile(r"\b(?:within|upon|least|than|after|before|prior)\W+(?:\w+\W+)?$",
                               re.IGNORECASE)
MAX_YEARS = 60
TERM_WORDS = re.compile(r"\b(?:term|period|expir\w*|terminat\w*|continu\w*|remain|effect|force|"
                        r"commenc\w*|renew\w*|extend\w*|notice)\b", re.IGNORECASE)
END_CUE = re.compile(r"\b(?:until|through|thru|expir\w*|terminat\w*|end\w*|ending|till|to|and)\W*"
                     r"(?:on\s+|at\s+)?(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)


def _days(amount: int, unit: str) -> float:
    return amount * {"days": 1, "business_days": 1.4, "weeks": 7, "months": 30.44, "years": 365.25}[unit]


def term_candidates(text: str, mentions: list[Mention], anchors: dict[str, date | None],
                    rule_dates: dict[str, date | None]) -> list[DateCandidate]:
    """Stated and computed expiration candidates of ``text`` (see the module docstring)."""
    by_value: dict[date, DateCandidate] = {}

    def add(value: date, start: int, end: int, features: dict[str, float]) -> None:
        add_to(by_value, value, start, end, features)

    for mention in mentions:
        start = mention.start
        end_cue = END_CUE.search(text, max(0, start - 40), start)
        term_words = TERM_WORDS.search(text, max(0, start - 150), start)
        if not (end_cue or term_words):
            continue  # a date in no clause about the term: never its end
        features = {"stated": 1.0, **mention.features}
        if end_cue:
            features["cue:end"] = 1.0
        if term_words:
            features["term_words_before"] = 1.0
        add(mention.value, start, mention.end, features)

    known = {kind: value for kind, value in anchors.items() if value is not None}
    for start, end, duration in [*durations_in(text), *anniversaries(text)]:
        days = _days(duration.amount, duration.unit)
        if days < MIN_DAYS or days > MAX_YEARS * 366:
            continue
        if not TERM_WORDS.search(text, max(0, start - 200), min(len(text), end + 120)):
            continue
        if NOT_LENGTH_BEFORE.search(text, max(0, start - 30), start):
            continue  # "within 90 days", "upon 30 days' notice": a delay, not the term's length
        context = _duration_features(text, start, end)
        context[f"unit:{duration.unit}"] = 1.0
        if "anniversary" in text[start:end].lower():
            context["anniversary"] = 1.0
        for kind, base in known.items():
            value = add_offset(base, duration.amount, duration.unit)
            features = {"computed": 1.0, f"anchor:{kind}": 1.0, **context}
            add(value, start, end, features)
            add(value - timedelta(days=1), start, end, {**features, "day_before": 1.0})
    rule_end = rule_dates.get("expiration_date")
    if rule_end is not None and rule_end not in by_value:
        add(rule_end, 0, 0, {"rule_only": 1.0})  # "until the end of the calendar year": read by the rules
    candidates = list(by_value.values())
    for candidate in candidates:
        f = candidate.features
        for kind, value in rule_dates.items():
            if value is not None and candidate.value == value:
                f[f"rule:{kind}"] = 1.0
        agreement = anchors.get("effective_date") or anchors.get("agreement_date")
        if agreement is not None:
            f["after_start" if candidate.value > agreement else "not_after_start"] = 1.0
        if f.get("stated") and f.get("computed"):
            f["stated_and_computed"] = 1.0
        f[f"mentions:{min(candidate.mentions, 4)}"] = 1.0
        if candidate.value.month == 12 and candidate.value.day == 31:
            f["year_end"] = 1.0
    return candidates


def anniversaries(text: str) -> list[tuple[int, int, Duration]]:
    """"the fifth anniversary of the Effective Date", "20th anniversary": N years."""
    out = []
    matches = []
    for cue in ANNIVERSARY_WORD.finditer(text):  # the full pattern only where the word is
        matches += rules.ANNIVERSARY.finditer(text, max(0, cue.start() - 40), cue.end() + 70)
    for match in dict.fromkeys(matches):
        word = (match.group("word") or "").lower()
        years = int(match.group("num")) if match.group("num") else DAY_ORDINAL_WORDS.get(" ".join(word.split()))
        if years:
            out.append((match.start(), match.end(), Duration(int(years), "years")))
    return out


def _duration_features(text: str, start: int, end: int) -> dict[str, float]:
    out: dict[str, float] = {}
    left = words(text[max(0, start - 90) : start])[-6:]
    right = words(text[end : end + 70])[:6]
    for word in left:
        out[f"DL:{word}"] = 1.0
    for word in right:
        out[f"DR:{word}"] = 1.0
    if len(left) >= 2:
        out[f"DLB:{left[-2]}_{left[-1]}"] = 1.0
    if len(right) >= 2:
        out[f"DRB:{right[0]}_{right[1]}"] = 1.0
    sentence = text[max(0, start - 250) : end + 250].lower()
    for cue in ("initial term", "term of this agreement", "renew", "notice", "anniversary",
                "commenc", "expire", "terminat", "prior to", "warrant", "payment", "within"):
        if cue in sentence:
            out[f"DS:{cue}"] = 1.0
    out[f"Dpos:{min(9, int(10 * start / max(len(text), 1)))}"] = 1.0
    return out


def term_null_features(text: str, candidates: list[DateCandidate], rule_dates: dict[str, date | None]) -> dict[str, float]:
    """Features of "no expiration date": open-ended, perpetual, until an event."""
    out = {f"candidates:{min(len(candidates) // 5, 6)}": 1.0}
    if rule_dates.get("expiration_date") is None:
        out["rule:no_expiration"] = 1.0
    low = text.lower()
    for cue in ("perpetual", "indefinite", "until terminated", "unless terminated", "in perpetuity",
                "no fixed term"):
        if cue in low:
            out[f"doc:{cue}"] = 1.0
    if not any(c.features.get("computed") for c in candidates):
        out["doc:no_period"] = 1.0
    return out
