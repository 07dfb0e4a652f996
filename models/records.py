"""What the store holds around an extraction: ids, status and what a person changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from models.contract import Contract, Milestone

STATUSES = (
    "pending",
    "in_progress",
    "completed",
    "approved",
    "invoiced",
    "paid",
    "waived",
    "cancelled",
)


@dataclass(frozen=True)
class MilestoneRecord:
    """A stored milestone: the extracted (or entered) milestone plus its tracking state."""

    id: int
    contract_id: int
    milestone: Milestone
    status: str = "pending"
    paid_amount: float = 0.0
    invoiced_amount: float | None = None
    status_date: date | None = None  # when the current status was reached
    completed_on: date | None = None
    source: str = "extracted"  # or "manual"
    edited_fields: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {self.status!r}")

    @property
    def outstanding(self) -> float | None:
        if self.milestone.amount is None:
            return None
        return round(self.milestone.amount - self.paid_amount, 2)


@dataclass(frozen=True)
class ContractRecord:
    """A stored contract with its document's facts."""

    id: int
    document_id: int
    contract: Contract
    ingested_at: str = ""
    milestones: tuple[MilestoneRecord, ...] = ()
    edited_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class IngestError:
    id: int
    path: str
    reason: str
    occurred_at: str
    sha256: str | None = None
