"""Whether the learned decisions run: on by default, off to see what the rules alone extract
(training reads the rules' choices as features; evaluation compares the two)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

_state = {"on": os.environ.get("CONTRACTS_RULES_ONLY", "") == ""}


def models_on() -> bool:
    return _state["on"]


@contextmanager
def models_off() -> Iterator[None]:
    before = _state["on"]
    _state["on"] = False
    try:
        yield
    finally:
        _state["on"] = before


@lru_cache(maxsize=1)
def rules_version() -> str:
    """A hash of the rule code, so cached rule extractions are redone when the rules change."""
    digest = hashlib.sha256()
    nlp = Path(__file__).resolve().parents[1] / "nlp"
    for path in sorted([*nlp.glob("*.py"), *nlp.glob("rules/*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
