"""Contract families: one contract in several files, amendments, and SOWs under a master.

Every stored document keeps its own contracts row; ``contracts.family_role`` says how it hangs
on ``parent_id``:

- NULL: an agreement on its own, or a master agreement;
- ``copy``: another file of the parent contract (the PDF of a Word file, a scan, a draft). It has
  no parties, key dates, payment terms or milestones of its own: the contract counts once;
- ``amendment``: an amendment, addendum or change order. Its changes are applied to the parent's
  milestones and terms (tracker/amend.py), each as an event of the audit log; it holds no
  milestones of its own;
- ``sow``: a statement of work, order form or purchase order under a master agreement. Its
  milestones stay its own; reports can roll them up by master (tracker/family_views.py).

Which row leads: the first-ingested file of a contract keeps the contract's id (the id a person
has already used in commands, statuses and exported calendars); later files become its copies.
Whose values are in force is a separate choice made among all the files (``values_from``): a
signed version before an unsigned one, a text layer before OCR, then the later-dated one, so the
result is the same in any ingest order. `show` warns when the versions disagree.

Decisions at ingest are made here, in the writer, from what the workers read: the text
fingerprint (extractor.nlp.fingerprint) finds copies; the family reading (``Contract.family``)
names the parent of an amendment or SOW, found by its title, parties and date. A match below
``LINK_THRESHOLD`` is not linked but suggested for a person to confirm (`contracts family
--review`); an amendment or SOW whose parent is not stored yet waits, flagged, and is linked
when the parent arrives. A person's `contracts link`/`unlink` is final: automatic linking never
overrides it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import sqlite_utils

import extractor
from models import Contract, Document
from tracker import amend, schedule
from tracker.queries import NotFound
from tracker.save import insert_children, insert_document, milestone_key, now, refresh_rows
from tracker.store import insert_row, transaction

ROLES = ("copy", "amendment", "sow")
LINK_THRESHOLD = 0.75  # a parent matched at least this well is linked automatically
SUGGEST_THRESHOLD = 0.5  # ... at least this well is listed for a person to confirm
TIE_MARGIN = 0.05  # two candidates this close: ask a person
ACTOR = "contracts"  # automatic decisions in the audit log
# Parent matching: how much the title, the date and the parties named by the child weigh; a
# signal the child does not give counts half.
WEIGHTS = {"title": 0.4, "date": 0.35, "parties": 0.25}
_WORD = re.compile(r"[a-z0-9]+")
GENERIC_TITLE_WORDS = frozenset({"the", "this", "that", "agreement", "contract", "of", "and",
                                 "for", "to", "a", "an", "no", "number"})  # fmt: skip
PARTY_NOISE = frozenset({"inc", "llc", "ltd", "limited", "corp", "corporation", "co", "company",
                         "plc", "gmbh", "sa", "pc", "lp", "llp", "the", "and", "of", "n", "a"})  # fmt: skip
FORMAT_RANK = {"pdf": 0, "docx": 1, "txt": 2}


class FamilyError(Exception):
    """A link that cannot be made (a cycle, a copy as parent, an unknown role)."""


@dataclass(frozen=True)
class Placement:
    """Where a new document goes: a role under a parent, or an agreement of its own."""

    role: str | None = None
    parent_id: int | None = None
    score: float | None = None
    note: str | None = None
    suggested_id: int | None = None


@dataclass(frozen=True)
class LinkResult:
    child_id: int
    parent_id: int | None
    role: str | None
    changes: tuple[dict, ...] = ()


# --- reading the store -------------------------------------------------------------------------
def contract_row(db: sqlite_utils.Database, contract_id: int) -> dict:
    rows = list(db.query(
        "SELECT c.*, d.path, d.sha256, d.format, d.signed, d.draft, d.ocr_pages, d.fingerprint "
        "FROM contracts c JOIN documents d ON d.id = c.document_id WHERE c.id = ?", [contract_id]
    ))  # fmt: skip
    if not rows:
        raise NotFound(f"no contract {contract_id} in the store (see `contracts list`)")
    return rows[0]


def reading(db: sqlite_utils.Database, contract_id: int) -> Contract:
    """What this contract's own file says (its extraction when it was read)."""
    row = db.execute(
        "SELECT d.reading, c.extraction, d.path FROM contracts c JOIN documents d "
        "ON d.id = c.document_id WHERE c.id = ?", [contract_id]
    ).fetchone()  # fmt: skip
    if row is None:
        raise NotFound(f"no contract {contract_id} in the store (see `contracts list`)")
    return _parsed(row[0] or row[1]).with_(file=row[2])


@lru_cache(maxsize=64)
def _parsed(extraction: str) -> Contract:
    """A stored extraction parsed once: placing each new copy re-reads every version of its
    contract, which made ingest quadratic in the copies (Contracts are frozen: safe to share)."""
    return Contract.from_dict(json.loads(extraction))


def kind_of(contract: Contract) -> str:
    return contract.family.kind if contract.family else "agreement"


def copies_of(db: sqlite_utils.Database, contract_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT id FROM contracts WHERE parent_id = ? AND family_role = 'copy' ORDER BY id",
        [contract_id],
    )]  # fmt: skip


def root_of(db: sqlite_utils.Database, contract_id: int) -> int:
    """The contract a copy belongs to (itself for anything else)."""
    row = db.execute("SELECT family_role, parent_id FROM contracts WHERE id = ?",
                     [contract_id]).fetchone()  # fmt: skip
    if row and row[0] == "copy" and row[1] is not None:
        return row[1]
    return contract_id


# --- words, titles and parties -----------------------------------------------------------------
def words(text: str | None) -> set[str]:
    return set(_WORD.findall((text or "").lower()))


def title_words(title: str | None) -> set[str]:
    return words(title) - GENERIC_TITLE_WORDS


def party_words(name: str) -> set[str]:
    return {w for w in words(name) if w not in PARTY_NOISE and len(w) > 1}


def parties_overlap(named: list[str], stored: list[str]) -> float | None:
    """Share of ``stored`` parties that one of ``named`` names (None when either is empty)."""
    named_words = [party_words(n) for n in named if party_words(n)]
    stored_words = [party_words(s) for s in stored if party_words(s)]
    if not named_words or not stored_words:
        return None
    found = sum(1 for s in stored_words
                if any(len(s & n) / min(len(s), len(n)) >= 0.5 for n in named_words))  # fmt: skip
    return found / len(stored_words)


def same_contract(new: Contract, old: Contract, strict: bool = False) -> bool:
    """Beyond a similar text: the same kind of document, the same number, compatible titles
    (two SOWs of one template are not copies of each other). ``strict`` (a text read by OCR,
    less similar): the same date and the same parties too, where both say."""
    if kind_of(new) != kind_of(old):
        return False
    if strict:
        dates = [(a, b) for a, b in ((new.agreement_date, old.agreement_date),
                                     (new.effective_date, old.effective_date)) if a and b]
        if not dates or any(a != b for a, b in dates):
            return False
        overlap = parties_overlap([p.name for p in new.parties], [p.name for p in old.parties])
        if overlap is not None and overlap < 0.5:
            return False
    numbers = (new.family and new.family.number, old.family and old.family.number)
    if None not in numbers and numbers[0] != numbers[1]:
        return False
    if new.title and old.title:
        a, b = words(new.title), words(old.title)
        if {w for w in a if w.isdigit()} != {w for w in b if w.isdigit()}:
            return False
        if len(a & b) / len(a | b) < 0.5:
            return False
    return True


# --- copies ------------------------------------------------------------------------------------
def find_copy(db: sqlite_utils.Database, contract: Contract, fingerprint: bytes | None,
              exclude: int | None = None, ocr: bool = False) -> tuple[int, float] | None:  # fmt: skip
    """The stored contract this document is another file of, and the similarity; None.
    ``ocr``: the document was read by OCR (so is any candidate whose file was): the lower
    threshold applies, with a stricter check of dates and parties."""
    if not fingerprint:
        return None
    keys = extractor.band_keys(fingerprint)
    marks = ", ".join("?" for _ in keys)
    candidates = [r[0] for r in db.execute(
        f"SELECT DISTINCT contract_id FROM fingerprint_bands WHERE band IN ({marks})", keys
    ) if r[0] != exclude]  # fmt: skip
    best: tuple[float, int] | None = None
    for candidate in candidates:
        row = db.execute("SELECT d.fingerprint, d.ocr_pages FROM contracts c JOIN documents d "
                         "ON d.id = c.document_id WHERE c.id = ?", [candidate]).fetchone()  # fmt: skip
        score = extractor.similarity(fingerprint, row[0] if row else None)
        read_by_ocr = ocr or bool(json.loads(row[1] or "[]"))
        least = extractor.OCR_COPY_THRESHOLD if read_by_ocr else extractor.COPY_THRESHOLD
        if score < least:
            continue
        strict = score < extractor.COPY_THRESHOLD
        if not same_contract(contract, reading(db, candidate), strict=strict):
            continue
        if best is None or (score, -candidate) > (best[0], -best[1]):
            best = (score, candidate)
    if best is None:
        return None
    return root_of(db, best[1]), round(best[0], 3)


def add_bands(db: sqlite_utils.Database, contract_id: int, fingerprint: bytes | None) -> None:
    if fingerprint:
        db.conn.executemany("INSERT INTO fingerprint_bands (band, contract_id) VALUES (?, ?)",
                            [(key, contract_id) for key in extractor.band_keys(fingerprint)])


# --- parents of amendments and SOWs ------------------------------------------------------------
def hint_of(contract: Contract) -> dict | None:
    """What a child says about its parent, kept on its row for matching later arrivals."""
    family = contract.family
    if family is None or family.kind == "agreement":
        return None
    ref = family.parent
    own_date = contract.agreement_date or contract.effective_date
    return {
        "kind": family.kind,
        "number": family.number,
        "title": ref.title if ref else None,
        "date": ref.date.isoformat() if ref and ref.date else None,
        "parties": [p.name for p in contract.parties] + list(ref.parties if ref else ()),
        "own_date": own_date.isoformat() if own_date else None,
    }


def _candidates(db: sqlite_utils.Database, child_id: int | None, hint: dict,
                only: int | None = None) -> list[dict]:  # fmt: skip
    """Stored contracts that may be the parent: agreements (and SOWs, for an amendment)."""
    roles = "c.family_role IS NULL" if hint["kind"] == "sow" else \
        "(c.family_role IS NULL OR c.family_role = 'sow')"  # fmt: skip
    rows = db.query(
        "SELECT c.id, c.title, c.agreement_date, c.effective_date, "
        "(SELECT group_concat(name, char(31)) FROM parties p WHERE p.contract_id = c.id) AS parties "
        f"FROM contracts c WHERE {roles} AND c.id IS NOT ? AND (? IS NULL OR c.id = ?) "
        "ORDER BY c.id", [child_id, only, only]
    )  # fmt: skip
    return [dict(r, parties=(r["parties"] or "").split("\x1f") if r["parties"] else [])
            for r in rows]  # fmt: skip


def parent_score(hint: dict, candidate: dict) -> float:
    """How well a stored agreement fits what the child says about its parent (0..1)."""
    want, have = title_words(hint.get("title")), title_words(candidate["title"])
    title = None
    if want and have:
        shared = len(want & have)
        title = shared / len(want) * (0.8 + 0.2 * shared / len(have))
    named_date = hint.get("date")
    dates = {candidate["agreement_date"], candidate["effective_date"]} - {None}
    when = None if not named_date or not dates else float(named_date in dates)
    own = hint.get("own_date")
    if own and dates and min(dates) > own:  # a parent is not made after its amendment
        when = 0.0
    parties = parties_overlap(hint.get("parties") or [], candidate["parties"])
    signals = {"title": title, "date": when, "parties": parties}
    return round(sum(WEIGHTS[k] * (0.5 if v is None else v) for k, v in signals.items()), 3)


def find_parent(db: sqlite_utils.Database, child_id: int | None, hint: dict) -> Placement:
    """The best stored parent for a child: linked, suggested, or not found."""
    scored = sorted(((parent_score(hint, c), c["id"]) for c in _candidates(db, child_id, hint)),
                    key=lambda pair: (-pair[0], pair[1]))  # fmt: skip
    role = hint["kind"]
    named = _named(hint)
    if not scored or scored[0][0] < SUGGEST_THRESHOLD:
        return Placement(role, None, None, f"parent not found: {named}")
    best, best_id = scored[0]
    tie = len(scored) > 1 and best - scored[1][0] < TIE_MARGIN
    if best >= LINK_THRESHOLD and not tie:
        return Placement(role, best_id, best)
    why = f"two agreements fit ({best_id} and {scored[1][1]})" if tie else f"score {best:.2f}"
    return Placement(role, None, best, f"to confirm: parent {best_id}? ({why}; {named})",
                     suggested_id=best_id)


def _named(hint: dict) -> str:
    parts = [f"names {hint['title']!r}" if hint.get("title") else "names no agreement"]
    if hint.get("date"):
        parts.append(f"dated {hint['date']}")
    return " ".join(parts)


# --- ingest: place a new document, then settle the family --------------------------------------
def save_with_family(db: sqlite_utils.Database, document: Document, contract: Contract,
                     fingerprint: bytes | None) -> int:  # fmt: skip
    """Store a new document where it belongs, in one transaction; returns its contract id."""
    with transaction(db):
        placement = place(db, contract, fingerprint, ocr=any(p.ocr for p in document.pages))
        children = placement.role in (None, "sow")
        contract_id = insert_document(db, document, contract, children=children)
        signed, draft = _signed(contract, document.text)
        db.execute("UPDATE documents SET fingerprint = ?, signed = ?, draft = ? WHERE id = "
                   "(SELECT document_id FROM contracts WHERE id = ?)",
                   [fingerprint, int(signed), int(draft), contract_id])  # fmt: skip
        add_bands(db, contract_id, fingerprint)
        settle(db, contract_id, contract, placement)
    return contract_id


def _signed(contract: Contract, text: str) -> tuple[bool, bool]:
    if contract.family is not None:
        return contract.family.signed, contract.family.draft
    signing = any(k.kind == "signing_date" and k.value for k in contract.key_dates)
    return extractor.signed_state(text, signing)


def place(db: sqlite_utils.Database, contract: Contract, fingerprint: bytes | None,
          exclude: int | None = None, ocr: bool = False) -> Placement:  # fmt: skip
    copy = find_copy(db, contract, fingerprint, exclude, ocr)
    if copy is not None:
        return Placement("copy", copy[0], copy[1])
    hint = hint_of(contract)
    if hint is None:
        return Placement()
    return find_parent(db, exclude, hint)


def settle(db: sqlite_utils.Database, contract_id: int, contract: Contract,
           placement: Placement, actor: str = ACTOR, source: str = "auto") -> None:  # fmt: skip
    """Write the placement of a stored row, log it, and bring the family up to date."""
    hint = hint_of(contract)
    _set_link(db, contract_id, placement, source, hint)
    if placement.parent_id is not None:
        _log_link(db, contract_id, placement.parent_id, placement.role, placement.score, actor,
                  source)
    if placement.role == "copy":
        refresh(db, placement.parent_id, actor)  # a better version may have arrived
    elif placement.role == "amendment" and placement.parent_id is not None:
        refresh(db, placement.parent_id, actor)
    if placement.role in (None, "sow"):
        adopt(db, contract_id, actor)


def _set_link(db, contract_id: int, placement: Placement, source: str, hint: dict | None) -> None:
    db.execute(
        "UPDATE contracts SET family_role = ?, parent_id = ?, link_source = ?, link_score = ?, "
        "link_note = ?, suggested_parent_id = ?, family_hint = ?, updated_at = ? WHERE id = ?",
        [placement.role, placement.parent_id,
         source if placement.role or source == "person" else None, placement.score,
         placement.note, placement.suggested_id, json.dumps(hint) if hint else None, now(),
         contract_id],
    )  # fmt: skip


def _log_link(db, child_id: int, parent_id: int, role: str | None, score: float | None,
              actor: str, source: str, note: str | None = None, action: str = "link") -> None:  # fmt: skip
    how = "by a person" if source == "person" else f"automatically (score {score:.2f})" \
        if score is not None else "automatically"  # fmt: skip
    verb = "linked" if action == "link" else "unlinked"
    for contract_id, text in (
        (child_id, f"{verb} as {role} of contract {parent_id} {how}"),
        (parent_id, f"contract {child_id} {verb} as {role} {how}"),
    ):
        insert_row(db, "events", {
            "contract_id": contract_id, "action": action, "occurred_on": date.today().isoformat(),
            "recorded_at": now(), "actor": actor, "note": note or text,
            "details": json.dumps({"child": child_id, "parent": parent_id, "role": role,
                                   "score": score, "source": source}),
        })  # fmt: skip


def adopt(db: sqlite_utils.Database, agreement_id: int, actor: str = ACTOR) -> None:
    """A new agreement may be the parent that waiting amendments and SOWs name, or a better one
    than the parent they were linked to automatically: find their best parent again."""
    rows = list(db.query(
        "SELECT id, parent_id, link_score, family_hint FROM contracts WHERE family_role IN "
        "('amendment', 'sow') AND family_hint IS NOT NULL AND id != ? "
        "AND COALESCE(link_source, 'auto') != 'person'", [agreement_id]
    ))  # fmt: skip
    if not rows:
        return
    role = db.execute("SELECT family_role FROM contracts WHERE id = ?",
                      [agreement_id]).fetchone()[0]  # fmt: skip
    candidate = _candidates(db, None, {"kind": "amendment"}, only=agreement_id)[0]
    for row in rows:
        hint = json.loads(row["family_hint"])
        if hint["kind"] == "sow" and role == "sow":
            continue  # a SOW is ordered under a master, not under another SOW
        if parent_score(hint, candidate) < SUGGEST_THRESHOLD:
            continue
        placement = find_parent(db, row["id"], hint)
        if placement.parent_id == row["parent_id"] and placement.suggested_id is None:
            continue
        relink(db, row["id"], placement, actor)


def relink(db: sqlite_utils.Database, child_id: int, placement: Placement, actor: str) -> None:
    """Move an automatically placed child to its (new) best parent."""
    old = db.execute("SELECT parent_id, family_role, family_hint FROM contracts WHERE id = ?",
                     [child_id]).fetchone()  # fmt: skip
    hint = json.loads(old[2]) if old[2] else None
    _set_link(db, child_id, placement, "auto", hint)
    if old[0] is not None and old[0] != placement.parent_id:
        _log_link(db, child_id, old[0], old[1], None, actor, "auto", action="unlink",
                  note=f"contract {child_id} moved to a better-matching parent")
        if old[1] == "amendment":
            refresh(db, old[0], actor)
    if placement.parent_id is not None and placement.parent_id != old[0]:
        _log_link(db, child_id, placement.parent_id, placement.role, placement.score, actor,
                  "auto")
        if placement.role == "amendment":
            refresh(db, placement.parent_id, actor)


# --- versions: whose values are in force -------------------------------------------------------
def versions(db: sqlite_utils.Database, lead_id: int) -> list[dict]:
    """The lead and its copies, best first (see the module docstring for the order)."""
    rows = list(db.query(
        "SELECT c.id, d.path, d.format, d.sha256, d.signed, d.draft, d.ocr_pages, d.ingested_at "
        "FROM contracts c JOIN documents d ON d.id = c.document_id "
        "WHERE c.id = ? OR (c.parent_id = ? AND c.family_role = 'copy')", [lead_id, lead_id]
    ))  # fmt: skip
    for row in rows:
        row["reading"] = reading(db, row["id"])
        row["dated"] = _dated(row["reading"])
        row["ocr"] = bool(json.loads(row["ocr_pages"] or "[]"))
    return sorted(rows, key=_rank)


def _dated(contract: Contract) -> date | None:
    signed = [k.value for k in contract.key_dates if k.kind == "signing_date" and k.value]
    return max(signed) if signed else contract.agreement_date or contract.effective_date


def _rank(row: dict) -> tuple:
    """Signed first, then not a draft, a text layer, the later date, PDF before Word; files
    equal on all of these keep the first stored one in force (no churn between identical
    copies)."""
    dated = row["dated"].toordinal() if row["dated"] else 0
    return (-(row["signed"] or 0), row["draft"] or 0, row["ocr"], -dated,
            FORMAT_RANK.get(row["format"], 9), row["id"])  # fmt: skip


def version_label(row: dict) -> str:
    parts = ["signed" if row["signed"] else "not signed"]
    if row["draft"]:
        parts.append("draft")
    if row["ocr"]:
        parts.append("read by OCR")
    return ", ".join(parts)


def refresh(db: sqlite_utils.Database, contract_id: int, actor: str = ACTOR,
            force: bool = False) -> None:  # fmt: skip
    """Bring one contract up to date, in the caller's transaction: the values of its best
    version, then its amendments' changes, then its relative deadlines."""
    lead = root_of(db, contract_id)
    row = contract_row(db, lead)
    ranked = versions(db, lead)
    winner = ranked[0]
    current = row["values_from"] or lead
    if force or winner["id"] != current:
        if row["family_role"] == "amendment":
            _refresh_columns(db, lead, winner["reading"])
        else:
            refresh_rows(db, lead, winner["reading"])
        db.execute("UPDATE contracts SET values_from = ? WHERE id = ?",
                   [None if winner["id"] == lead else winner["id"], lead])  # fmt: skip
        if winner["id"] != current:
            _log_version(db, lead, winner, ranked, actor)
    if row["family_role"] == "amendment":
        if row["parent_id"] is not None:
            refresh(db, row["parent_id"], actor)
        return
    if amend.apply_amendments(db, lead, actor):  # moved dates may move the deadlines on them
        schedule.resolve_contract(db, lead, actor=actor, cause=f"amendment of contract {lead}")


def in_force(db: sqlite_utils.Database, contract_id: int) -> Contract:
    """The reading whose values are in force for this contract (its best version)."""
    values_from = db.execute("SELECT values_from FROM contracts WHERE id = ?",
                             [contract_id]).fetchone()  # fmt: skip
    return reading(db, values_from[0] if values_from and values_from[0] else contract_id)


def _refresh_columns(db, contract_id: int, contract: Contract) -> None:
    from tracker.save import contract_row as columns_of

    values = columns_of(contract)
    sets = ", ".join(f"[{k}] = ?" for k in values)
    db.execute(f"UPDATE contracts SET {sets}, extraction = ?, updated_at = ? WHERE id = ?",
               [*values.values(), json.dumps(contract.to_dict()), now(), contract_id])  # fmt: skip


def _log_version(db, lead: int, winner: dict, ranked: list[dict], actor: str) -> None:
    others = [r for r in ranked if r["id"] != winner["id"]]
    if not others:
        return
    note = (f"values now from {winner['path']} ({version_label(winner)}); other files: "
            + "; ".join(f"{r['path']} ({version_label(r)})" for r in others))  # fmt: skip
    insert_row(db, "events", {
        "contract_id": lead, "action": "version", "occurred_on": date.today().isoformat(),
        "recorded_at": now(), "actor": actor, "note": note,
        "details": json.dumps({"values_from": winner["id"], "file": winner["path"]}),
    })  # fmt: skip


# --- merging a stored contract into another as its copy ----------------------------------------
def retire_rows(db: sqlite_utils.Database, contract_id: int, into: int | None,
                actor: str) -> None:  # fmt: skip
    """Take away a contract's own parties, key dates, terms and milestones (it becomes a copy or
    an amendment). Milestones a person never touched are deleted; one with a status, an edit or
    a history moves to ``into`` (its lead) in place of the lead's untouched twin, or, when both
    have history, moves there cancelled as a duplicate. Without ``into`` (an amendment) such a
    milestone stays, cancelled, so that its history remains readable."""
    for table in ("parties", "key_dates", "payment_terms"):
        db.execute(f"DELETE FROM {table} WHERE contract_id = ?", [contract_id])
    lead = {milestone_key(m["name"], m["kind"]): m for m in _milestones(db, into)} if into else {}
    for milestone in _milestones(db, contract_id):
        history = _has_events(db, milestone["id"])
        if not history and not _touched(milestone):
            db.execute("DELETE FROM milestones WHERE id = ?", [milestone["id"]])
            continue
        twin = lead.get(milestone_key(milestone["name"], milestone["kind"]))
        if into is None:
            _cancel(db, milestone, actor, f"contract {contract_id} became an amendment")
            continue
        if twin is not None and not _has_events(db, twin["id"]) and not _touched(twin):
            db.execute("DELETE FROM milestones WHERE id = ?", [twin["id"]])
            twin = None
        db.execute("UPDATE milestones SET contract_id = ?, updated_at = ? WHERE id = ?",
                   [into, now(), milestone["id"]])  # fmt: skip
        if twin is not None:  # its money is the twin's: counted once
            _cancel(db, milestone, actor, f"duplicate of milestone {twin['id']} after contract "
                                          f"{contract_id} was merged into {into} as a copy",
                    clear_money=True)


def _milestones(db, contract_id: int | None) -> list[dict]:
    if contract_id is None:
        return []
    return list(db.query("SELECT * FROM milestones WHERE contract_id = ? ORDER BY seq, id",
                         [contract_id]))  # fmt: skip


def _has_events(db, milestone_id: int) -> bool:
    return db.execute("SELECT 1 FROM events WHERE milestone_id = ? LIMIT 1",
                      [milestone_id]).fetchone() is not None  # fmt: skip


def _touched(milestone: dict) -> bool:
    return (milestone["status"] != "pending" or milestone["source"] != "extracted"
            or json.loads(milestone["edited_fields"] or "[]") != [])  # fmt: skip


def _cancel(db, milestone: dict, actor: str, why: str, clear_money: bool = False) -> None:
    """Cancel a milestone with an event; ``clear_money``: a duplicate's invoiced and paid
    amounts are its twin's, so they stop counting (the event keeps them). Pay events recorded
    on both twins still both count as collected: a person recorded the payment twice."""
    if milestone["status"] == "cancelled":
        return
    sets = "status = 'cancelled', status_date = ?, updated_at = ?"
    if clear_money:
        sets += ", invoiced_amount = NULL, invoiced_on = NULL, paid_amount = 0"
    db.execute(f"UPDATE milestones SET {sets} WHERE id = ?",
               [date.today().isoformat(), now(), milestone["id"]])  # fmt: skip
    kept = {k: milestone[k] for k in ("invoiced_amount", "invoiced_on", "paid_amount")}
    insert_row(db, "events", {
        "contract_id": milestone["contract_id"], "milestone_id": milestone["id"],
        "action": "cancel", "from_status": milestone["status"], "to_status": "cancelled",
        "occurred_on": date.today().isoformat(), "recorded_at": now(), "actor": actor,
        "note": why, "details": json.dumps({"cleared": kept}) if clear_money else None,
    })  # fmt: skip


def restore_rows(db: sqlite_utils.Database, contract_id: int) -> None:
    """Give a contract its parties, key dates, terms and milestones back from its own reading
    (a copy or amendment that a person unlinks becomes an agreement of its own)."""
    insert_children(db, contract_id, reading(db, contract_id))


# --- a person's corrections --------------------------------------------------------------------
def _ancestors(db, contract_id: int) -> list[int]:
    out, seen = [], set()
    current = contract_id
    while current is not None and current not in seen:
        seen.add(current)
        row = db.execute("SELECT parent_id FROM contracts WHERE id = ?", [current]).fetchone()
        current = row[0] if row else None
        if current is not None:
            out.append(current)
    return out


def link(db: sqlite_utils.Database, child_id: int, parent_id: int, role: str | None = None,
         by: str | None = None, note: str | None = None) -> LinkResult:  # fmt: skip
    """Link CHILD to PARENT as a copy, amendment or SOW (a person's decision, audited)."""
    from tracker.lifecycle import actor_name

    actor = actor_name(by)
    with transaction(db):
        child, parent = contract_row(db, child_id), contract_row(db, parent_id)
        role = role or _default_role(db, child_id)
        _check_link(db, child, parent, role)
        if parent["family_role"] == "copy":
            raise FamilyError(f"contract {parent_id} is a copy of contract {parent['parent_id']}: "
                              f"link to {parent['parent_id']} instead")
        old_parent, old_role = child["parent_id"], child["family_role"]
        if role == "copy":
            _move_family(db, child_id, parent_id)
        if old_role in (None, "sow") and role in ("copy", "amendment"):
            retire_rows(db, child_id, parent_id if role == "copy" else None, actor)
        elif old_role in ("copy", "amendment") and role == "sow":
            restore_rows(db, child_id)
        hint = hint_of(reading(db, child_id)) if role != "copy" else None
        if hint is not None:
            hint["kind"] = role
        _set_link(db, child_id, Placement(role, parent_id, 1.0), "person", hint)
        _log_link(db, child_id, parent_id, role, None, actor, "person", note)
        if old_parent is not None and old_parent != parent_id:
            refresh(db, old_parent, actor)
        refresh(db, parent_id, actor, force=role == "copy")
        changes = tuple(amend.changes_of(db, parent_id, child_id))
    return LinkResult(child_id, parent_id, role, changes)


def _default_role(db, child_id: int) -> str:
    kind = kind_of(reading(db, child_id))
    if kind in ("amendment", "sow"):
        return kind
    raise FamilyError(f"contract {child_id} reads as an agreement: say what it is with "
                      "--as copy, --as amendment or --as sow")


def _check_link(db, child: dict, parent: dict, role: str) -> None:
    if role not in ROLES:
        raise FamilyError(f"--as must be one of {', '.join(ROLES)}, got {role!r}")
    if child["id"] == parent["id"]:
        raise FamilyError("a contract cannot be linked to itself")
    if child["id"] in _ancestors(db, parent["id"]):
        raise FamilyError(f"contract {parent['id']} already hangs on contract {child['id']}: "
                          "linking them would make a loop")
    if parent["family_role"] == "amendment":
        raise FamilyError(f"contract {parent['id']} is an amendment: link to the agreement it "
                          f"amends ({parent['parent_id'] or 'not found yet'})")


def _move_family(db, child_id: int, lead_id: int) -> None:
    """A contract that becomes a copy hands its own copies, amendments and SOWs to its lead."""
    db.execute("UPDATE contracts SET parent_id = ? WHERE parent_id = ?", [lead_id, child_id])
    db.execute("UPDATE contracts SET values_from = NULL WHERE id = ?", [child_id])


def unlink(db: sqlite_utils.Database, child_id: int, by: str | None = None,
           note: str | None = None) -> LinkResult:  # fmt: skip
    """Take a contract out of its family (a person's decision, audited). A copy becomes an
    agreement of its own again; an amendment's changes are taken back from its former parent;
    automatic linking leaves it alone from then on."""
    from tracker.lifecycle import actor_name

    actor = actor_name(by)
    with transaction(db):
        child = contract_row(db, child_id)
        parent_id, role = child["parent_id"], child["family_role"]
        if parent_id is None:
            raise FamilyError(f"contract {child_id} is not linked to a parent"
                              + (f" ({child['link_note']})" if child["link_note"] else ""))
        new_role = None if role == "copy" else role
        hint = json.loads(child["family_hint"]) if child["family_hint"] else None
        _set_link(db, child_id, Placement(new_role, None, None, "unlinked by a person"),
                  "person", hint)
        if role == "copy":
            restore_rows(db, child_id)
        _log_link(db, child_id, parent_id, role, None, actor, "person", note, action="unlink")
        refresh(db, parent_id, actor, force=role == "copy")
        if role == "copy":
            refresh(db, child_id, actor)
    return LinkResult(child_id, None, new_role)


# --- re-extraction and older stores ------------------------------------------------------------
def reextracted(db: sqlite_utils.Database, contract_id: int, contract: Contract) -> None:
    """A stored document was read again (`ingest --reextract`): keep its new reading, refresh
    the values of its family. In the caller's transaction."""
    db.execute("UPDATE documents SET reading = ? WHERE id = (SELECT document_id FROM contracts "
               "WHERE id = ?)", [json.dumps(contract.to_dict()), contract_id])  # fmt: skip
    role = db.execute("SELECT family_role FROM contracts WHERE id = ?",
                      [contract_id]).fetchone()[0]  # fmt: skip
    if role in ("copy", "amendment"):
        _refresh_columns(db, contract_id, contract)
        hint = hint_of(contract)
        if role == "amendment" and hint is not None:
            db.execute("UPDATE contracts SET family_hint = ? WHERE id = ?",
                       [json.dumps(hint), contract_id])  # fmt: skip
    refresh(db, contract_id, force=True)


def migrate_store(db: sqlite_utils.Database) -> None:
    """Bring a store made before families forward (inside its migration's transaction): each
    document's reading, fingerprint and signature state, then merge the contracts that are
    copies of an earlier one, keeping statuses, edits and history."""
    rows = list(db.query(
        "SELECT c.id, c.document_id, c.extraction, d.text, d.ocr_pages FROM contracts c "
        "JOIN documents d ON d.id = c.document_id ORDER BY c.id"
    ))  # fmt: skip
    for row in rows:
        contract = Contract.from_dict(json.loads(row["extraction"]))
        fingerprint = extractor.fingerprint(row["text"])
        signed, draft = _signed(contract, row["text"])
        db.execute("UPDATE documents SET reading = ?, fingerprint = ?, signed = ?, draft = ? "
                   "WHERE id = ?", [row["extraction"], fingerprint, int(signed), int(draft),
                                    row["document_id"]])  # fmt: skip
        copy = find_copy(db, contract, fingerprint, exclude=row["id"],
                         ocr=bool(json.loads(row["ocr_pages"] or "[]")))
        add_bands(db, row["id"], fingerprint)
        if copy is None:
            continue
        lead, score = copy
        retire_rows(db, row["id"], lead, ACTOR)
        _set_link(db, row["id"], Placement("copy", lead, score), "auto", None)
        _log_link(db, row["id"], lead, "copy", score, ACTOR, "auto",
                  note=f"merged as another file of contract {lead} when the store was upgraded "
                       f"(similarity {score:.2f})")
    leads = [r[0] for r in db.execute(
        "SELECT DISTINCT parent_id FROM contracts WHERE family_role = 'copy'")]  # fmt: skip
    for lead in leads:
        refresh(db, lead)
