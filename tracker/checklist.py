"""A milestone checklist for one contract, as Markdown, CSV or a Word table.

Built from a stored contract (with each milestone's status) or straight from an extraction
that was never stored. Each item: a checkbox, the milestone, its due date (or rule), amount,
the party responsible for it (from the parties' roles) and the evidence page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from models import Contract, MilestoneRecord, Party
from tracker import lifecycle
from tracker.output import to_csv
from tracker.render import amount_text, due_text

BOX, TICKED = "☐", "☑"

# Roles that pay and approve, and roles that deliver (party roles are free text, lowercased).
PAYER_ROLES = frozenset({
    "client", "customer", "buyer", "purchaser", "licensee", "lessee", "tenant", "employer",
    "owner", "sponsor",
})  # fmt: skip
PROVIDER_ROLES = frozenset({
    "supplier", "vendor", "contractor", "subcontractor", "consultant", "seller", "licensor",
    "developer", "manufacturer", "provider", "lessor", "landlord", "distributor", "reseller",
    "agent", "investigator",
})  # fmt: skip
# Which side does a milestone of each kind: "payer", "provider", "all" or nobody in particular.
RESPONSIBLE_SIDE = {
    "payment": "payer",
    "approval": "payer",
    "deliverable": "provider",
    "kickoff": "provider",
    "signing": "all",
}
HEADERS = ["done", "milestone", "kind", "due", "amount", "responsible", "status", "page"]


@dataclass(frozen=True)
class Item:
    done: bool
    name: str
    kind: str
    due: str
    amount: str
    responsible: str
    status: str
    page: int | None
    evidence: str

    @property
    def box(self) -> str:
        return TICKED if self.done else BOX

    def row(self) -> list:
        return [self.box, self.name, self.kind, self.due, self.amount, self.responsible,
                self.status, self.page or ""]  # fmt: skip


def _side_party(parties: tuple[Party, ...], roles: frozenset[str]) -> Party | None:
    for party in parties:
        words = set((party.role or "").lower().replace("-", " ").split())
        if words & roles:
            return party
    return None


def responsible(kind: str, parties: tuple[Party, ...]) -> str:
    side = RESPONSIBLE_SIDE.get(kind)
    if side == "all":
        return "all parties" if parties else ""
    if side is None:
        return ""
    party = _side_party(parties, PAYER_ROLES if side == "payer" else PROVIDER_ROLES)
    if party is None:
        return ""
    return f"{party.name} ({party.role})" if party.role else party.name


def items(contract: Contract, records: tuple[MilestoneRecord, ...] | None = None) -> list[Item]:
    """One item per milestone; ``records`` (from the store) adds status and ticks closed ones."""
    out = []
    pairs = (
        [(r.milestone, r) for r in records]
        if records is not None
        else [(m, None) for m in contract.milestones]
    )
    for milestone, record in pairs:
        status = record.status if record else ""
        done = bool(record) and lifecycle.is_closed(
            milestone.kind, record.status, milestone.amount is not None
        )
        if record:
            status = lifecycle.status_label(record.status, record.paid_amount)
        evidence = milestone.evidence
        out.append(Item(
            done=done,
            name=milestone.name,
            kind=milestone.kind,
            due=due_text(milestone),
            amount=amount_text(milestone),
            responsible=responsible(milestone.kind, contract.parties),
            status=status,
            page=evidence.page if evidence else None,
            evidence=evidence.text if evidence else "",
        ))  # fmt: skip
    return out


def title_of(contract: Contract) -> str:
    return contract.title or Path(contract.file).name or "Contract"


def to_markdown(contract: Contract, checklist: list[Item]) -> str:
    lines = [f"# Checklist: {title_of(contract)}", "", f"File: `{contract.file}`"]
    if contract.parties:
        names = "; ".join(
            f"{p.name} ({p.role})" if p.role else p.name for p in contract.parties
        )
        lines.append(f"Parties: {names}")
    lines.append("")
    if not checklist:
        lines.append("_No milestones found._")
    for item in checklist:
        parts = [f"**{item.name}** ({item.kind})"]
        parts += [f"due {item.due}"] if item.due else []
        parts += [item.amount] if item.amount else []
        parts += [f"responsible: {item.responsible}"] if item.responsible else []
        parts += [f"status: {item.status}"] if item.status else []
        parts += [f"p. {item.page}"] if item.page else []
        lines.append(f"- [{'x' if item.done else ' '}] " + " — ".join(parts))
    return "\n".join(lines) + "\n"


def to_csv_text(checklist: list[Item]) -> str:
    return "\ufeff" + to_csv([item.row() for item in checklist], HEADERS)


def to_docx(contract: Contract, checklist: list[Item], out: str | Path | IO[bytes]) -> None:
    """A Word document whose checklist is a real table (header row repeats on each page)."""
    from docx import Document as WordDocument
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    word = WordDocument()
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    word.add_heading(f"Checklist: {title_of(contract)}", level=1)
    word.add_paragraph(f"File: {contract.file}")
    for party in contract.parties:
        word.add_paragraph(party.name + (f" ({party.role})" if party.role else ""),
                           style="List Bullet")  # fmt: skip
    headers = [BOX, "Milestone", "Kind", "Due", "Amount", "Responsible", "Status", "Page"]
    grid = word.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    header_props = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_props.append(repeat)
    for item in checklist:
        cells = grid.add_row().cells
        values = [item.box, item.name, item.kind, item.due, item.amount, item.responsible,
                  item.status, str(item.page or "")]  # fmt: skip
        for cell, value in zip(cells, values):
            cell.text = value
        if item.evidence:
            quote = cells[1].add_paragraph().add_run(item.evidence[:300])
            quote.italic, quote.font.size = True, Pt(8)
    if not checklist:
        word.add_paragraph("No milestones found.")
    word.save(out)
