"""Settings that change how a document is read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractionSettings:
    """``dayfirst`` reads 3/4/2025 as 3 April; the default (False) reads it as March 4.

    ``strict`` raises on a clause that cannot be parsed instead of logging a warning.
    """

    dayfirst: bool = False
    strict: bool = False
    default_currency: str = "USD"

    def __post_init__(self) -> None:
        if len(self.default_currency) != 3 or not self.default_currency.isupper():
            raise ValueError(f"default_currency must be an ISO 4217 code, got {self.default_currency!r}")
