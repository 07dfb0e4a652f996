"""Plain data classes shared by the extractor and the tracker.

Dates are ``datetime.date`` in memory and ISO strings in the store and in JSON.
"""

from models.contract import (
    MILESTONE_KINDS,
    MONEY_CLASSES,
    RULE_UNITS,
    Contract,
    DueRule,
    Evidence,
    KeyDate,
    Milestone,
    MoneyMention,
    Party,
    PaymentTerm,
    Period,
    Recurrence,
    RenewalTerm,
)
from models.document import Document, Page, Table
from models.event import Event
from models.family import Change, FamilyInfo, ParentRef
from models.records import STATUSES, ContractRecord, IngestError, MilestoneRecord
from models.settings import ExtractionSettings

__all__ = [
    "MILESTONE_KINDS",
    "MONEY_CLASSES",
    "RULE_UNITS",
    "STATUSES",
    "Change",
    "Contract",
    "ContractRecord",
    "Document",
    "DueRule",
    "Event",
    "Evidence",
    "ExtractionSettings",
    "FamilyInfo",
    "IngestError",
    "KeyDate",
    "Milestone",
    "MilestoneRecord",
    "MoneyMention",
    "Page",
    "ParentRef",
    "Party",
    "PaymentTerm",
    "Period",
    "Recurrence",
    "RenewalTerm",
    "Table",
]
