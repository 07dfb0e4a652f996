"""Periods of time: "thirty (30) days", "ten (10) business days", "90-day", "three years"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor.numbers import parse_number_words, windowed_finditer
from extractor.rules.entities import DURATION_UNITS, NUMBER_PHRASE_RE

_UNIT = r"(?:(?:calendar|business|working|banking)\s+)?(?:days?|weeks?|months?|years?)\b"
DURATION_RE = re.compile(
    rf"""
    (?: (?P<words>{NUMBER_PHRASE_RE})\s*\(\s*(?P<wnum>\d{{1,4}})\s*\)
      | \(\s*(?P<pnum>\d{{1,4}})\s*\)
      | (?<![\d.,$])(?P<num>\d{{1,4}})(?![.,]\d)
      | (?P<words2>{NUMBER_PHRASE_RE}) )
    \s*-?\s*(?P<unit>{_UNIT})
    """,
    re.IGNORECASE | re.VERBOSE,
)
DURATION_ANCHOR = re.compile(r"day|week|month|year", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Duration:
    amount: int
    unit: str  # one of models.contract.RULE_UNITS

    def __str__(self) -> str:
        unit = self.unit.replace("_", " ")
        return f"{self.amount} {unit[:-1] if self.amount == 1 else unit}"


def _duration_from_match(m: re.Match) -> Duration | None:
    digits = m.group("wnum") or m.group("pnum") or m.group("num")
    amount = int(digits) if digits else parse_number_words(m.group("words2"))
    if amount is None:
        return None
    unit_text = _SPACES.sub(" ", m.group("unit").lower())
    unit = DURATION_UNITS.get(unit_text) or DURATION_UNITS.get(unit_text + "s")
    return Duration(amount, unit) if unit else None


def find_durations(text: str) -> list[tuple[int, int, Duration]]:
    out = []
    for m in windowed_finditer(DURATION_RE, DURATION_ANCHOR, text, 80, 20):
        duration = _duration_from_match(m)
        if duration is not None:
            out.append((m.start(), m.end(), duration))
    return out


def parse_duration(text: str) -> Duration | None:
    """First period of time in ``text``; the digits win over the words when both are given."""
    for m in DURATION_RE.finditer(text):
        duration = _duration_from_match(m)
        if duration is not None:
            return duration
    return None
