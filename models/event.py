"""An entry of the append-only audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Event:
    """Something that happened to a contract or a milestone, as a person recorded it.

    ``occurred_on`` is when it happened (``--on``); ``recorded_at`` is when it was written.
    """

    action: str
    contract_id: int | None = None
    milestone_id: int | None = None
    from_status: str | None = None
    to_status: str | None = None
    occurred_on: date | None = None
    recorded_at: datetime | None = None
    actor: str = ""
    note: str | None = None
    amount: float | None = None
    ref: str | None = None
    details: str | None = None  # JSON text: what changed (old/new values)
    id: int | None = None

    def __post_init__(self) -> None:
        if not self.action:
            raise ValueError("event action is empty")
        if self.contract_id is None and self.milestone_id is None:
            raise ValueError("an event belongs to a contract or a milestone")
