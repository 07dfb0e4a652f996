"""Plain data classes shared by the extractor and the tracker.

Dates are ``datetime.date`` in memory and ISO strings in the store and in JSON.
"""

from models.contract import (
    MILESTONE_KINDS,
    RULE_UNITS,
    Contract,
    DueRule,
    Evidence,
    KeyDate,
    Milestone,
    Party,
    PaymentTerm,
    Period,
    RenewalTerm,
)
from models.document import Document, Page, Table
from models.event import Event
from models.records import STATUSES, ContractRecord, IngestError, MilestoneRecord
from models.settings import ExtractionSettings

__all__ = [
    "MILESTONE_KINDS",
    "RULE_UNITS",
    "STATUSES",
    "Contract",
    "ContractRecord",
    "Document",
    "DueRule",
    "Event",
    "Evidence",
    "ExtractionSettings",
    "IngestError",
    "KeyDate",
    "Milestone",
    "MilestoneRecord",
    "Page",
    "Party",
    "PaymentTerm",
    "Period",
    "RenewalTerm",
    "Table",
]
