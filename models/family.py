"""How a document relates to others: what kind of document it is, the agreement it names, and
the changes it states (an amendment's new due date, fee or term).

``FamilyInfo`` is what extraction reads from one document (``Contract.family``); the tracker
decides from it, and from the text fingerprint, which stored contract the document belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.contract import Evidence, Milestone, Period

# agreement: a contract standing on its own (or a master agreement); amendment: changes another
# contract (amendments, addenda, change orders); sow: work ordered under a master agreement
# (statements of work, order forms, purchase orders, work orders).
DOCUMENT_KINDS = ("agreement", "amendment", "sow")
# How a stored contract relates to its parent. copy: another file of the same contract.
ROLES = ("copy", "amendment", "sow")
CHANGE_KINDS = ("due_date", "amount", "add_milestone", "expiration", "term")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ParentRef:
    """The agreement a document names as the one it amends or is ordered under."""

    title: str | None = None  # "Software Development Agreement"
    date: date | None = None  # the date it gives that agreement ("dated as of April 7, 2025")
    parties: tuple[str, ...] = ()  # names it gives the parties of that agreement
    evidence: Evidence | None = None

    def to_dict(self) -> dict:
        out: dict = {"title": self.title, "date": _iso(self.date), "parties": list(self.parties)}
        if self.evidence:
            out["evidence"] = self.evidence.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict | None, file: str = "") -> ParentRef | None:
        if not data:
            return None
        return cls(data.get("title"), _date(data.get("date")), tuple(data.get("parties", ())),
                   Evidence.from_dict(data.get("evidence"), file))  # fmt: skip


@dataclass(frozen=True)
class Change:
    """One change an amendment states.

    - ``due_date``: the milestone named ``target`` is now due ``new_date``;
    - ``amount``: the fee named ``target`` is now ``amount`` (``target`` None: the contract's
      total value, "the Contract Price is increased to ...");
    - ``add_milestone``: ``milestone`` is added to the schedule;
    - ``expiration``: the contract now ends on ``new_date``;
    - ``term``: the term is extended by ``period``.
    """

    kind: str
    target: str | None = None
    new_date: date | None = None
    old_date: date | None = None
    amount: float | None = None
    old_amount: float | None = None
    currency: str | None = None
    period: Period | None = None
    milestone: Milestone | None = None
    evidence: Evidence | None = None

    def __post_init__(self) -> None:
        if self.kind not in CHANGE_KINDS:
            raise ValueError(f"change kind must be one of {CHANGE_KINDS}, got {self.kind!r}")
        needed = {"due_date": self.new_date, "expiration": self.new_date, "amount": self.amount,
                  "term": self.period, "add_milestone": self.milestone}  # fmt: skip
        if needed[self.kind] is None:
            raise ValueError(f"a {self.kind} change needs its new value")

    def to_dict(self) -> dict:
        out: dict = {"kind": self.kind, "target": self.target}
        for key, value in (("new_date", _iso(self.new_date)), ("old_date", _iso(self.old_date)),
                           ("amount", self.amount), ("old_amount", self.old_amount),
                           ("currency", self.currency)):  # fmt: skip
            if value is not None:
                out[key] = value
        if self.period:
            out["period"] = self.period.to_dict()
        if self.milestone:
            out["milestone"] = self.milestone.to_dict()
        if self.evidence:
            out["evidence"] = self.evidence.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict, file: str = "") -> Change:
        milestone = data.get("milestone")
        return cls(
            kind=data["kind"],
            target=data.get("target"),
            new_date=_date(data.get("new_date")),
            old_date=_date(data.get("old_date")),
            amount=data.get("amount"),
            old_amount=data.get("old_amount"),
            currency=data.get("currency"),
            period=Period.from_dict(data.get("period")),
            milestone=Milestone.from_dict(milestone, file) if milestone else None,
            evidence=Evidence.from_dict(data.get("evidence"), file),
        )


@dataclass(frozen=True)
class FamilyInfo:
    """What kind of document this is and how it hangs on another (``Contract.family``).

    ``signed``: the document carries signatures (a date or /s/ in a signature block); ``draft``:
    it says it is a draft or a form. ``number`` is the amendment's or SOW's number (2 for
    "Amendment No. 2" and for "Second Amendment").
    """

    kind: str = "agreement"
    number: int | None = None
    parent: ParentRef | None = None
    signed: bool = False
    draft: bool = False
    changes: tuple[Change, ...] = ()
    heading: str | None = None  # the line naming the kind: "CHANGE ORDER NO. 1"

    def __post_init__(self) -> None:
        if self.kind not in DOCUMENT_KINDS:
            raise ValueError(f"document kind must be one of {DOCUMENT_KINDS}, got {self.kind!r}")

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "number": self.number,
            "parent": self.parent.to_dict() if self.parent else None,
            "signed": self.signed,
            "draft": self.draft,
            "changes": [change.to_dict() for change in self.changes],
            "heading": self.heading,
        }

    @classmethod
    def from_dict(cls, data: dict | None, file: str = "") -> FamilyInfo | None:
        if not data:
            return None
        return cls(
            kind=data.get("kind", "agreement"),
            number=data.get("number"),
            parent=ParentRef.from_dict(data.get("parent"), file),
            signed=bool(data.get("signed", False)),
            draft=bool(data.get("draft", False)),
            changes=tuple(Change.from_dict(c, file) for c in data.get("changes", ())),
            heading=data.get("heading"),
        )
