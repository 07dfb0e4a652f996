"""What extraction finds in a contract, and its stable JSON form.

``Contract.to_dict()`` is the documented JSON of ``contracts extract``; ``from_dict`` reads it
back (the store and the golden files use the same shape).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.family import FamilyInfo

MILESTONE_KINDS = (
    "signing",
    "kickoff",
    "deliverable",
    "approval",
    "payment",
    "expiration",
    "notice",
    "other",
)
RULE_UNITS = ("days", "business_days", "weeks", "months", "years")
RULE_DIRECTIONS = ("after", "before")
KEY_DATE_KINDS = ("agreement_date", "effective_date", "expiration_date", "signing_date")
MONEY_CLASSES = ("scheduled", "recurring", "rate", "cap", "other")
RECURRENCE_PERIODS = ("weekly", "monthly", "quarterly", "semiannual", "annual")
PAYMENT_TERM_KINDS = (
    "total_value",
    "net_days",
    "late_fee",
    "retainage",
    "recurring_fee",
    "installment",
    "deposit",
    "rate",
    "cap",
    "other",
)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _check_confidence(value: float | None) -> None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise ValueError(f"confidence must be within 0..1, got {value}")


def _add_review(out: dict, confidence: float | None, needs_review: bool) -> None:
    if confidence is not None:
        out["confidence"] = round(confidence, 2)
    if needs_review:
        out["needs_review"] = True


@dataclass(frozen=True)
class Evidence:
    """Where a value came from: file, 1-based page, char span in the page text, quoted text."""

    page: int
    text: str
    file: str = ""
    start: int | None = None
    end: int | None = None
    ocr: bool = False

    def __post_init__(self) -> None:
        if self.page < 1:
            raise ValueError(f"evidence page must be >= 1, got {self.page}")

    def to_dict(self) -> dict:
        out = {"page": self.page, "text": self.text}
        if self.start is not None:
            out["start"], out["end"] = self.start, self.end
        if self.ocr:
            out["ocr"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict | None, file: str = "") -> Evidence | None:
        if not data:
            return None
        return cls(
            page=int(data.get("page") or 1),
            text=data.get("text", ""),
            file=file,
            start=data.get("start"),
            end=data.get("end"),
            ocr=bool(data.get("ocr", False)),
        )


@dataclass(frozen=True)
class Party:
    name: str
    role: str | None = None
    evidence: Evidence | None = None
    confidence: float | None = None  # calibrated: the share of such values that are right
    needs_review: bool = False  # below the review threshold: a person should confirm it

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValueError("party name is empty")
        _check_confidence(self.confidence)

    def to_dict(self) -> dict:
        out: dict = {"name": self.name, "role": self.role}
        _add_review(out, self.confidence, self.needs_review)
        if self.evidence:
            out["evidence"] = self.evidence.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict, file: str = "") -> Party:
        return cls(data["name"], data.get("role"), Evidence.from_dict(data.get("evidence"), file),
                   data.get("confidence"), bool(data.get("needs_review", False)))


@dataclass(frozen=True)
class DueRule:
    """A relative deadline: ``offset`` ``unit`` ``direction`` ``anchor``.

    Anchors: effective_date, agreement_date, signing, kickoff, delivery, acceptance, invoice,
    expiration, milestone:<name>, or another event named in the text.
    """

    text: str
    offset: int
    unit: str = "days"
    direction: str = "after"
    anchor: str = "effective_date"

    def __post_init__(self) -> None:
        if self.unit not in RULE_UNITS:
            raise ValueError(f"due rule unit must be one of {RULE_UNITS}, got {self.unit!r}")
        if self.direction not in RULE_DIRECTIONS:
            raise ValueError(f"due rule direction must be after/before, got {self.direction!r}")
        if self.offset < 0:
            raise ValueError(f"due rule offset must be >= 0, got {self.offset}")

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "offset": self.offset,
            "unit": self.unit,
            "direction": self.direction,
            "anchor": self.anchor,
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> DueRule | None:
        if not data:
            return None
        return cls(
            text=data.get("text", ""),
            offset=int(data["offset"]),
            unit=data.get("unit", "days"),
            direction=data.get("direction", "after"),
            anchor=data.get("anchor", "effective_date"),
        )


PERIOD_UNITS = RULE_UNITS


@dataclass(frozen=True)
class Period:
    """A length of time as a contract states it: ``90 days``, ``10 business days``, ``1 years``."""

    value: int
    unit: str = "days"
    # calibrated, when a model chose the value (a notice period); not part of equality
    confidence: float | None = field(default=None, compare=False)
    needs_review: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if self.unit not in PERIOD_UNITS:
            raise ValueError(f"period unit must be one of {PERIOD_UNITS}, got {self.unit!r}")
        if self.value < 0:
            raise ValueError(f"period must be >= 0, got {self.value}")
        _check_confidence(self.confidence)

    def __str__(self) -> str:
        unit = self.unit.replace("_", " ")
        return f"{self.value} {unit[:-1] if self.value == 1 else unit}"

    def to_dict(self) -> dict:
        out = {"value": self.value, "unit": self.unit}
        _add_review(out, self.confidence, self.needs_review)
        return out

    @classmethod
    def from_dict(cls, data) -> Period | None:
        """From the JSON object; also reads the JSON string the store keeps, and the free text
        ("90 days before end of term") of extractions made before the field was structured."""
        if not data:
            return None
        if isinstance(data, str):
            data = _period_text(data)
            if data is None:
                return None
        return cls(int(data["value"]), data.get("unit", "days"), data.get("confidence"),
                   bool(data.get("needs_review", False)))


def _period_text(text: str) -> dict | None:
    import json
    import re

    text = text.strip()
    if text.startswith("{"):
        return json.loads(text)
    match = re.match(r"(\d+)\s+(business days?|days?|weeks?|months?|years?)\b", text)
    if not match:
        return None
    unit = match.group(2).replace(" ", "_")
    return {"value": int(match.group(1)), "unit": unit if unit.endswith("s") else unit + "s"}


@dataclass(frozen=True)
class RenewalTerm:
    """How a contract renews without a new agreement (CUAD's "Renewal Term").

    ``automatic`` is False for a renewal at one party's option; ``value``/``unit`` are the
    length of each renewal term, None when the contract renews without saying for how long.
    """

    automatic: bool
    value: int | None = None
    unit: str | None = None
    # calibrated, when a model chose the value; not part of equality
    confidence: float | None = field(default=None, compare=False)
    needs_review: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if self.unit is not None and self.unit not in PERIOD_UNITS:
            raise ValueError(f"renewal unit must be one of {PERIOD_UNITS}, got {self.unit!r}")
        _check_confidence(self.confidence)

    @property
    def period(self) -> Period | None:
        return Period(self.value, self.unit) if self.value is not None and self.unit else None

    def __str__(self) -> str:
        how = "automatic" if self.automatic else "optional"
        return f"{how}, {self.period}" if self.period else how

    def to_dict(self) -> dict:
        out = {"automatic": self.automatic, "value": self.value, "unit": self.unit}
        _add_review(out, self.confidence, self.needs_review)
        return out

    @classmethod
    def from_dict(cls, data) -> RenewalTerm | None:
        if not data:
            return None
        if isinstance(data, str):
            import json

            data = json.loads(data)
        return cls(bool(data["automatic"]), data.get("value"), data.get("unit"), data.get("confidence"),
                   bool(data.get("needs_review", False)))


@dataclass(frozen=True)
class Milestone:
    name: str
    kind: str = "other"
    due_date: date | None = None
    due_rule: DueRule | None = None
    amount: float | None = None
    currency: str | None = None
    percent: float | None = None
    evidence: Evidence | None = None
    confidence: float = 0.5
    approximate: bool = False  # due date is an approximation ("Q3 2025")
    acceptance_days: int | None = None  # acceptance period for deliverables
    deemed_acceptance: bool = False
    needs_review: bool = False  # below the review threshold: a person should confirm it
    series: str | None = None  # instalments of one recurring fee share a series label

    def __post_init__(self) -> None:
        if self.kind not in MILESTONE_KINDS:
            raise ValueError(f"milestone kind must be one of {MILESTONE_KINDS}, got {self.kind!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be within 0..1, got {self.confidence}")
        if self.percent is not None and not 0.0 <= self.percent <= 100.0:
            raise ValueError(f"percent must be within 0..100, got {self.percent}")

    def to_dict(self) -> dict:
        out = {
            "name": self.name,
            "kind": self.kind,
            "due_date": _iso(self.due_date),
            "due_rule": self.due_rule.to_dict() if self.due_rule else None,
            "amount": self.amount,
            "currency": self.currency,
            "percent": self.percent,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "confidence": round(self.confidence, 2),
        }
        if self.approximate:
            out["approximate"] = True
        if self.acceptance_days is not None:
            out["acceptance_days"] = self.acceptance_days
        if self.deemed_acceptance:
            out["deemed_acceptance"] = True
        if self.needs_review:
            out["needs_review"] = True
        if self.series:
            out["series"] = self.series
        return out

    @classmethod
    def from_dict(cls, data: dict, file: str = "") -> Milestone:
        return cls(
            name=data["name"],
            kind=data.get("kind", "other"),
            due_date=_date(data.get("due_date")),
            due_rule=DueRule.from_dict(data.get("due_rule")),
            amount=data.get("amount"),
            currency=data.get("currency"),
            percent=data.get("percent"),
            evidence=Evidence.from_dict(data.get("evidence"), file),
            confidence=float(data.get("confidence", 0.5)),
            approximate=bool(data.get("approximate", False)),
            acceptance_days=data.get("acceptance_days"),
            deemed_acceptance=bool(data.get("deemed_acceptance", False)),
            needs_review=bool(data.get("needs_review", False)),
            series=data.get("series"),
        )


@dataclass(frozen=True)
class PaymentTerm:
    """One payment term: Net-N, a late fee, retainage, a recurring fee, an installment..."""

    kind: str
    text: str = ""
    amount: float | None = None
    currency: str | None = None
    percent: float | None = None
    days: int | None = None
    period: str | None = None  # monthly, quarterly, annual for recurring fees; per month for interest
    evidence: Evidence | None = None

    def __post_init__(self) -> None:
        if self.kind not in PAYMENT_TERM_KINDS:
            raise ValueError(f"payment term kind must be one of {PAYMENT_TERM_KINDS}, got {self.kind!r}")

    def to_dict(self) -> dict:
        out = {"kind": self.kind, "text": self.text}
        for key in ("amount", "currency", "percent", "days", "period"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.evidence:
            out["evidence"] = self.evidence.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict, file: str = "") -> PaymentTerm:
        return cls(
            kind=data["kind"],
            text=data.get("text", ""),
            amount=data.get("amount"),
            currency=data.get("currency"),
            percent=data.get("percent"),
            days=data.get("days"),
            period=data.get("period"),
            evidence=Evidence.from_dict(data.get("evidence"), file),
        )


@dataclass(frozen=True)
class Recurrence:
    """How often a recurring fee falls due: ``count`` payments (None: open-ended) every
    ``period``, the first on ``start`` or by ``start_rule``."""

    period: str
    count: int | None = None
    start: date | None = None
    start_rule: DueRule | None = None

    def __post_init__(self) -> None:
        if self.period not in RECURRENCE_PERIODS:
            raise ValueError(f"period must be one of {RECURRENCE_PERIODS}, got {self.period!r}")
        if self.count is not None and self.count < 1:
            raise ValueError(f"count must be >= 1, got {self.count}")

    def to_dict(self) -> dict:
        return {"period": self.period, "count": self.count, "start": _iso(self.start),
                "start_rule": self.start_rule.to_dict() if self.start_rule else None}  # fmt: skip

    @classmethod
    def from_dict(cls, data: dict | None) -> Recurrence | None:
        if not data:
            return None
        return cls(data["period"], data.get("count"), _date(data.get("start")),
                   DueRule.from_dict(data.get("start_rule")))  # fmt: skip


@dataclass(frozen=True)
class MoneyMention:
    """One amount of money the contract states, and what it is.

    ``kind`` (the JSON's ``class``): scheduled (a one-off payment due on a date or an event),
    recurring (a fee per period), rate (a price per unit of use), cap (a ceiling, floor or
    threshold), other. Scheduled payments carry their due date or rule, recurring fees their
    recurrence; both become payment milestones when they can be dated.
    """

    kind: str
    amount: float
    currency: str
    text: str = ""  # the amount as written
    evidence: Evidence | None = None
    name: str | None = None
    percent: float | None = None
    due_date: date | None = None
    due_rule: DueRule | None = None
    recurrence: Recurrence | None = None
    confidence: float | None = None
    cue: str = ""  # what decided the class ("per unit after", "limit word before"...)

    def __post_init__(self) -> None:
        if self.kind not in MONEY_CLASSES:
            raise ValueError(f"money class must be one of {MONEY_CLASSES}, got {self.kind!r}")
        _check_confidence(self.confidence)

    def to_dict(self) -> dict:
        out: dict = {"class": self.kind, "amount": self.amount, "currency": self.currency,
                     "text": self.text, "name": self.name, "percent": self.percent,
                     "due_date": _iso(self.due_date),
                     "due_rule": self.due_rule.to_dict() if self.due_rule else None,
                     "recurrence": self.recurrence.to_dict() if self.recurrence else None}  # fmt: skip
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 2)
        if self.cue:
            out["cue"] = self.cue
        if self.evidence:
            out["evidence"] = self.evidence.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict, file: str = "") -> MoneyMention:
        return cls(
            kind=data["class"],
            amount=float(data["amount"]),
            currency=data.get("currency") or "",
            text=data.get("text", ""),
            evidence=Evidence.from_dict(data.get("evidence"), file),
            name=data.get("name"),
            percent=data.get("percent"),
            due_date=_date(data.get("due_date")),
            due_rule=DueRule.from_dict(data.get("due_rule")),
            recurrence=Recurrence.from_dict(data.get("recurrence")),
            confidence=data.get("confidence"),
            cue=data.get("cue", ""),
        )


@dataclass(frozen=True)
class KeyDate:
    """A dated fact about the contract (agreement, effective, expiration, a signature)."""

    kind: str
    value: date | None
    evidence: Evidence | None = None
    rule: DueRule | None = None  # e.g. expiration = 3 years after effective_date
    approximate: bool = False
    confidence: float | None = None  # calibrated: the share of such values that are right
    needs_review: bool = False  # below the review threshold: a person should confirm it

    def __post_init__(self) -> None:
        if self.kind not in KEY_DATE_KINDS:
            raise ValueError(f"key date kind must be one of {KEY_DATE_KINDS}, got {self.kind!r}")
        _check_confidence(self.confidence)

    def to_dict(self) -> dict:
        out: dict = {"kind": self.kind, "date": _iso(self.value)}
        _add_review(out, self.confidence, self.needs_review)
        if self.rule:
            out["rule"] = self.rule.to_dict()
        if self.approximate:
            out["approximate"] = True
        if self.evidence:
            out["evidence"] = self.evidence.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: dict, file: str = "") -> KeyDate:
        return cls(
            kind=data["kind"],
            value=_date(data.get("date")),
            evidence=Evidence.from_dict(data.get("evidence"), file),
            rule=DueRule.from_dict(data.get("rule")),
            approximate=bool(data.get("approximate", False)),
            confidence=data.get("confidence"),
            needs_review=bool(data.get("needs_review", False)),
        )


@dataclass(frozen=True)
class Contract:
    """The extraction of one document."""

    file: str
    sha256: str
    format: str
    pages: int
    title: str | None = None
    parties: tuple[Party, ...] = ()
    agreement_date: date | None = None
    effective_date: date | None = None
    expiration_date: date | None = None
    term: str | None = None  # "3 years"
    renewal: str | None = None  # free text: "automatic, successive 1 year"
    renewal_term: RenewalTerm | None = None
    notice_period: Period | None = None  # notice needed to stop a renewal
    governing_law: str | None = None  # jurisdiction named by the governing-law clause
    jurisdiction: str | None = None  # its public-holiday calendar code: "US-NY", "GB-ENG"
    currency: str | None = None
    total_value: float | None = None
    payment_terms: tuple[PaymentTerm, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    key_dates: tuple[KeyDate, ...] = ()
    warnings: tuple[str, ...] = ()
    needs_ocr: bool = False
    money: tuple[MoneyMention, ...] = ()  # every amount stated, with its class
    family: FamilyInfo | None = None  # kind of document, the agreement it names, its changes

    def with_(self, **changes) -> Contract:
        return replace(self, **changes)

    def payment_terms_summary(self) -> dict:
        """The ``payment_terms`` object of the JSON: the headline terms plus every term found."""
        summary: dict = {"net_days": None, "late_fee": None, "retainage_percent": None}
        recurring = []
        for term in self.payment_terms:
            if term.kind == "net_days" and summary["net_days"] is None:
                summary["net_days"] = term.days
            elif term.kind == "late_fee" and summary["late_fee"] is None:
                summary["late_fee"] = term.text
            elif term.kind == "retainage" and summary["retainage_percent"] is None:
                summary["retainage_percent"] = term.percent
            elif term.kind == "recurring_fee":
                recurring.append(
                    {"amount": term.amount, "currency": term.currency, "period": term.period}
                )
        summary["recurring"] = recurring
        summary["terms"] = [term.to_dict() for term in self.payment_terms]
        return summary

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "title": self.title,
            "parties": [party.to_dict() for party in self.parties],
            "agreement_date": _iso(self.agreement_date),
            "effective_date": _iso(self.effective_date),
            "expiration_date": _iso(self.expiration_date),
            "term": self.term,
            "renewal": self.renewal,
            "renewal_term": self.renewal_term.to_dict() if self.renewal_term else None,
            "notice_period": self.notice_period.to_dict() if self.notice_period else None,
            "governing_law": self.governing_law,
            "jurisdiction": self.jurisdiction,
            "key_dates": [key_date.to_dict() for key_date in self.key_dates],
            "currency": self.currency,
            "total_value": self.total_value,
            "payment_terms": self.payment_terms_summary(),
            "milestones": [milestone.to_dict() for milestone in self.milestones],
            "money": [mention.to_dict() for mention in self.money],
            "warnings": list(self.warnings),
            "needs_ocr": self.needs_ocr,
            "family": self.family.to_dict() if self.family else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Contract:
        from models.family import FamilyInfo

        file = data.get("file", "")
        terms = data.get("payment_terms") or {}
        return cls(
            file=file,
            sha256=data.get("sha256", ""),
            format=data.get("format", ""),
            pages=int(data.get("pages") or 0),
            title=data.get("title"),
            parties=tuple(Party.from_dict(p, file) for p in data.get("parties", [])),
            agreement_date=_date(data.get("agreement_date")),
            effective_date=_date(data.get("effective_date")),
            expiration_date=_date(data.get("expiration_date")),
            term=data.get("term"),
            renewal=data.get("renewal"),
            renewal_term=RenewalTerm.from_dict(data.get("renewal_term")),
            notice_period=Period.from_dict(data.get("notice_period")),
            governing_law=data.get("governing_law"),
            jurisdiction=data.get("jurisdiction"),
            currency=data.get("currency"),
            total_value=data.get("total_value"),
            payment_terms=tuple(PaymentTerm.from_dict(t, file) for t in terms.get("terms", [])),
            milestones=tuple(Milestone.from_dict(m, file) for m in data.get("milestones", [])),
            key_dates=tuple(KeyDate.from_dict(k, file) for k in data.get("key_dates", [])),
            warnings=tuple(data.get("warnings", [])),
            needs_ocr=bool(data.get("needs_ocr", False)),
            money=tuple(MoneyMention.from_dict(m, file) for m in data.get("money", [])),
            family=FamilyInfo.from_dict(data.get("family"), file),
        )
