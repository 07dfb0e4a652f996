"""Human views of one contract: the `show` page and the Markdown checklist of `extract`."""

from __future__ import annotations

from models import Contract, Milestone, MilestoneRecord
from tracker.output import money, table


def rule_text(milestone: Milestone) -> str:
    rule = milestone.due_rule
    if rule is None:
        return ""
    unit = rule.unit.replace("_", " ")
    return f"{rule.offset} {unit} {rule.direction} {rule.anchor}"


def due_text(milestone: Milestone) -> str:
    if milestone.due_date:
        text = milestone.due_date.isoformat()
        return text + " (approx.)" if milestone.approximate else text
    return rule_text(milestone)


def amount_text(milestone: Milestone) -> str:
    text = money(milestone.amount, milestone.currency)
    if milestone.percent is not None:
        text = (text + f" ({milestone.percent:g}%)").strip()
    return text


def _header(contract: Contract) -> list[str]:
    lines = []
    for party in contract.parties:
        page = f"  [p. {party.evidence.page}]" if party.evidence else ""
        review = f"  (needs review, confidence {party.confidence:.2f})" if party.needs_review else ""
        lines.append(f"Party: {party.name}" + (f" ({party.role})" if party.role else "") + page + review)
    shown = set()
    for key_date in contract.key_dates:
        if (key_date.kind, key_date.value) in shown:  # both signature blocks carry the date
            continue
        shown.add((key_date.kind, key_date.value))
        page = f"  [p. {key_date.evidence.page}]" if key_date.evidence else ""
        label = key_date.kind.replace("_", " ").capitalize()
        value = key_date.value.isoformat() if key_date.value else "?"
        lines.append(f"{label}: {value}{page}")
    for label, value in (
        ("Term", contract.term),
        ("Renewal", contract.renewal and contract.renewal + _decided(contract.renewal_term)),
        ("Notice period", contract.notice_period and f"{contract.notice_period} before the end "
                          "of the term" + _decided(contract.notice_period)),
        ("Governing law", contract.governing_law and (
            contract.governing_law + (f" (holidays: {contract.jurisdiction})"
                                      if contract.jurisdiction else ""))),
    ):
        if value:
            lines.append(f"{label}: {value}")
    if contract.total_value is not None:
        lines.append(f"Total value: {money(contract.total_value, contract.currency)}")
    for term in contract.payment_terms:
        if term.kind in ("total_value", "installment", "deposit"):  # shown as milestones
            continue
        page = f"  [p. {term.evidence.page}]" if term.evidence else ""
        lines.append(f"Payment term ({term.kind.replace('_', ' ')}): {term.text}{page}")
    return lines


def show_text(contract: Contract, records: tuple[MilestoneRecord, ...], contract_id: int) -> str:
    """The `contracts show` page."""
    title = contract.title or "(untitled contract)"
    lines = [f"Contract {contract_id}: {title}", f"File: {contract.file} ({contract.pages} pages)"]
    lines += _header(contract)
    if records:
        rows = [
            [
                r.id,
                r.milestone.name,
                r.milestone.kind,
                due_text(r.milestone),
                amount_text(r.milestone),
                r.status,
                r.milestone.evidence.page if r.milestone.evidence else "",
                f"{r.milestone.confidence:.2f}",
            ]
            for r in records
        ]
        headers = ["id", "milestone", "kind", "due", "amount", "status", "page", "conf."]
        lines += ["", "Milestones:", table(rows, headers)]
    else:
        lines += ["", "No milestones found."]
    lines += [f"Warning: {w}" for w in contract.warnings]
    return "\n".join(lines)


def _decided(value) -> str:
    """How sure the model that chose a renewal term or notice period is (nothing for the rules')."""
    confidence = getattr(value, "confidence", None)
    if confidence is None:
        return ""
    return f"  (needs review, confidence {confidence:.2f})" if value.needs_review else f"  (confidence {confidence:.2f})"


def checklist_markdown(contract: Contract) -> str:
    """The Markdown view of `contracts extract --format md`: a checklist a person can tick."""
    source = f"*File:* `{contract.file}` ({contract.pages} pages, {contract.format})"
    lines = [f"# {contract.title or contract.file}", "", source, ""]
    lines += [f"- {line}" for line in _header(contract)]
    lines += ["", "## Milestones", ""]
    if not contract.milestones:
        lines.append("_No milestones found._")
    for m in contract.milestones:
        parts = [f"**{m.name}**", f"({m.kind})"]
        if due_text(m):
            parts.append(f"due {due_text(m)}")
        if amount_text(m):
            parts.append(f"— {amount_text(m)}")
        if m.evidence:
            parts.append(f"[p. {m.evidence.page}, confidence {m.confidence:.2f}]")
        lines.append("- [ ] " + " ".join(parts))
        if m.evidence:
            lines.append(f"  > {m.evidence.text}")
    if contract.warnings:
        lines += ["", "## Warnings", ""] + [f"- {w}" for w in contract.warnings]
    return "\n".join(lines) + "\n"
