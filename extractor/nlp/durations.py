"""Periods of time: "thirty (30) days", "ten (10) business days", "90-day", "three years".

The code lives in extractor.nlp.numbers (it shares the number-word parser); import from either.
"""

from __future__ import annotations

from extractor.nlp.numbers import DURATION_RE, Duration, find_durations, parse_duration

__all__ = ["DURATION_RE", "Duration", "find_durations", "parse_duration"]
