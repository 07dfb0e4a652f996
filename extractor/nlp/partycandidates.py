"""Every name-like span that could be a party of the contract, for a learned model to choose from.

The rules of ``parties.py`` give their answer; the generators here add what they would miss,
tuned for recall rather than precision:

- ``defined``: a name before a defined-term parenthetical, ``X, a Delaware corporation ("Role")``,
  or before "hereinafter referred to as "Role"", anywhere near the top of the text;
- ``suffix``: a capitalised name ending in a legal suffix ("Acme Widgets, Inc.", "ECOPETROL S.A.");
- ``between``: the pieces of "between X and Y" without defined terms;
- ``block``: the line after a "BETWEEN" / "AND" line, and numbered "BETWEEN:" lists;
- ``signature``: the organisation line above a "By:" in a signature block, and "For and on
  behalf of X";
- ``field``: header fields ("Party A: X", "Customer: X"), and the parties of a letter.

A candidate names the same party as another when their names are the same once normalised, or
when one's name is the other's defined role (an acronym in quotes): they are merged, and the
party is the legal name with its role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from extractor.nlp import parties as found_parties
from extractor.nlp.rules import partycandidates as rules

SOURCES = ("rule", "defined", "suffix", "between", "block", "signature", "field")


@dataclass
class Candidate:
    """A name that may be a party, with the role it is given and every place it was proposed."""

    name: str
    role: str | None
    start: int
    end: int
    sources: set[str] = field(default_factory=set)
    rule_rank: int | None = None  # its place in the rules' own answer
    roles: list[str] = field(default_factory=list)  # every role a mention gives it
    aliases: list[str] = field(default_factory=list)  # merged short names
    first: int = -1  # where any mention of it starts first (``start``/``end``: the mention shown)

    def __post_init__(self) -> None:
        if self.first < 0:
            self.first = self.start

    @cached_property
    def key(self) -> str:
        return key_of(self.name)


def key_of(name: str) -> str:
    """The name without case, punctuation, legal suffixes or a leading "the"."""
    name = rules.SPACED_INITIALS.sub(lambda m: m.group(0).replace(" ", ""), name)
    words = re.sub(r"[^\w\s&]", " ", name.lower().replace(".", "")).split()
    kept = [w for w in words if w not in rules.KEY_DROP]
    return " ".join(kept or words)


def candidates(text: str) -> list[Candidate]:
    """Every candidate party of ``text``, merged, in order of first appearance."""
    head_end = _head_end(text)
    ruled = found_parties.find_parties(text)
    found = [_candidate(party, "rule", rank) for rank, party in enumerate(ruled)]
    found += _defined(text, head_end)
    generators = [(_suffixed, "suffix"), (_between, "between"), (_blocks, "block"), (_signatures, "signature")]
    if len(ruled) < 2:  # the rules read header fields and letters only without a preamble: so does this
        generators.append((_fields, "field"))
    for generator, source in generators:
        for party in generator(text, head_end):
            found.append(_candidate(party, source))
    return merge(found)


def _candidate(party: found_parties.FoundParty, source: str, rank: int | None = None) -> Candidate:
    name = _trim(party.name)
    return Candidate(name, party.role, party.start, party.end, {source}, rank,
                     [party.role] if party.role else [])


def _trim(name: str) -> str:
    ends = list(rules.INNER_SENTENCE_END.finditer(name))
    if ends:
        name = name[ends[-1].end() :]
    name = rules.LEADING_WORDS.sub("", name).strip(" ,;:")
    return name or "?"


def _head_end(text: str) -> int:
    """Where the top of the contract ends: the first pages, or past the first candidate preambles
    (a cover, a table of contents and a legend can push the preamble a few pages in)."""
    end = min(len(text), rules.HEAD_CHARS)
    for preamble in found_parties.find_preambles(text)[: rules.HEAD_PREAMBLES]:
        end = max(end, min(len(text), preamble.end + 200))
    return end


# ---------------------------------------------------------------- generators


def _defined(text: str, head_end: int) -> list[Candidate]:
    """A name before each defined-term parenthetical (or "hereinafter ... "Role"") of the head."""
    out = []
    boundary = 0
    marks = sorted([*rules.PARENTHETICAL.finditer(text, 0, head_end), *rules.HEREINAFTER.finditer(text, 0, head_end)],
                   key=lambda m: m.start())
    for mark in marks:
        if mark.start() < boundary:
            continue
        roles = found_parties.roles_of(mark.group(1))
        if not roles:
            if rules.QUOTED_TERM.search(mark.group(1)):
                boundary = mark.end()  # ("Agreement"): a name after it starts after it
            continue
        start = max(boundary, mark.start() - rules.NAME_REACH)
        keyword = None
        for keyword in rules.BETWEEN.finditer(text, start, mark.start()):
            pass
        party = found_parties.party_at(text, keyword.end() if keyword else start, mark)
        if party is not None:
            candidate = _candidate(party, "defined")
            candidate.roles = [party.role, *(r for r in roles if r != party.role)]
            out.append(candidate)
        boundary = mark.end()
        if len(out) >= rules.MAX_PER_SOURCE:
            break
    return out


def _suffixed(text: str, head_end: int) -> list[found_parties.FoundParty]:
    out = []
    line_end = 0
    for suffix in rules.SUFFIX_WORD.finditer(text, 0, head_end):
        if suffix.start() < line_end:
            continue  # this line is read already
        line_start = text.rfind("\n", 0, suffix.start()) + 1
        line_end = text.find("\n", suffix.end())
        line_end = head_end if line_end < 0 else min(line_end, head_end)
        for match in rules.SUFFIXED_NAME.finditer(text, line_start, line_end):  # only lines with a suffix
            name = _trim(_SPACES.sub(" ", match.group("name")))
            if found_parties.valid_name(name):
                out.append(found_parties.FoundParty(name, None, match.start("name"), match.end("name")))
        if len(out) >= rules.MAX_PER_SOURCE:
            break
    return out[: rules.MAX_PER_SOURCE]


def _between(text: str, head_end: int) -> list[found_parties.FoundParty]:
    out: list[found_parties.FoundParty] = []
    for keyword in rules.BETWEEN.finditer(text, 0, head_end):
        stop = found_parties.first_sentence_end(text, keyword.end(), min(len(text), keyword.end() + 600))
        body = text[keyword.end() : stop]
        for offset, piece in found_parties.unmarked_pieces(body):
            name = found_parties.clean_name(piece)
            names = [name, *rules.AND_SPLIT.split(name)] if name and rules.AND_SPLIT.search(name) else [name]
            for name in filter(None, names):  # "Galacticomm and Horst Entertainment Inc.": both, and each
                name = _trim(name)
                start = text.find(name.split()[0], keyword.end() + offset)
                out.append(found_parties.FoundParty(name, None, start, start + len(name)))
        if len(out) >= rules.MAX_PER_SOURCE:
            break
    return out


def _blocks(text: str, head_end: int) -> list[found_parties.FoundParty]:
    """The line after "BETWEEN" / "AND" alone on a line, or the items of a numbered list after it."""
    out = []
    for connector in rules.BLOCK_CONNECTOR_LINE.finditer(text, 0, head_end):
        lines = list(rules.BLOCK_LINE.finditer(text, connector.end() + 1, min(len(text), connector.end() + 2000)))
        numbered = bool(lines) and lines[0].group("marker") is not None
        for line in lines[: rules.BLOCK_LINES if numbered else 1]:
            if numbered and line.group("marker") is None:
                continue  # an item's second line (its address)
            name = found_parties.clean_name(line.group("line"))
            if name:
                start = line.start("line") + max(0, line.group("line").find(name.split()[0]))
                out.append(found_parties.FoundParty(name, None, start, start + len(name)))
        if len(out) >= rules.MAX_PER_SOURCE:
            break
    return out


def _signatures(text: str, head_end: int) -> list[found_parties.FoundParty]:
    out = []
    for witness in rules.SIGNATURE_START.finditer(text, head_end // 2):
        end = min(len(text), witness.end() + rules.SIGNATURE_CHARS)
        out += found_parties.signature_names(text, witness.end(), end)
        if len(out) >= rules.MAX_PER_SOURCE:
            break
    tail = max(head_end // 2, len(text) - rules.TAIL_CHARS)
    out += found_parties.signature_names(text, tail, len(text))
    return [piece for party in out for piece in _columns(party)]


def _columns(party: found_parties.FoundParty) -> list[found_parties.FoundParty]:
    """A signature line holding two columns ("ACME, INC.   BETA LLC" read as one line): each name."""
    split = found_parties.rules.TWO_COLUMNS.search(party.name)
    if split is None:
        return [party]
    first, second = party.name[: split.end("suffix")], party.name[split.end() :].strip(" ,")
    offset = party.start + split.end()
    return [party, found_parties.FoundParty(first, None, party.start, party.start + len(first)),
            found_parties.FoundParty(second, None, offset, offset + len(second))]


def _fields(text: str, head_end: int) -> list[found_parties.FoundParty]:
    return [*found_parties.parties_in_fields(text), *found_parties.parties_in_role_fields(text),
            *found_parties.parties_in_letter(text)]


# ---------------------------------------------------------------- merging

_SPACES = re.compile(r"\s+")


def merge(found: list[Candidate]) -> list[Candidate]:
    """One candidate per party: same names merge; a short name merges into the legal name whose
    role it is (``Acme Corp. ("ACME")`` and ``ACME``); a name followed by an address line merges
    into the same name alone."""
    by_key: dict[str, Candidate] = {}
    for candidate in found:
        key = candidate.key
        if not key or rules.DATE_NAME.match(candidate.name):
            continue  # "January 18" before ("Fund") is a date cut from "dated as of January 18, 2020"
        known = by_key.get(key)
        if known is None:
            by_key[key] = candidate
        else:
            _absorb(known, candidate)
    merged = sorted(by_key.values(), key=lambda c: c.first)
    out: list[Candidate] = []
    for candidate in merged:
        owner = next((o for o in merged if o is not candidate and _stands_for(candidate, o)), None)
        if owner is None:
            owner = next((o for o in merged if o is not candidate and _runs_on(candidate, o)), None)
        if owner is None:
            out.append(candidate)
        else:
            _absorb(owner, candidate, alias=True)
    return out


def _absorb(into: Candidate, other: Candidate, alias: bool = False) -> None:
    into.sources |= other.sources
    if other.rule_rank is not None and (into.rule_rank is None or other.rule_rank < into.rule_rank):
        into.rule_rank = other.rule_rank
    if alias and other.key in {key_of(r) for r in into.roles}:
        into.aliases.append(other.name)  # "ACME" standing for Acme Corp. ("ACME"): its own role is a thing's
        return
    into.roles += [r for r in other.roles if r not in into.roles]
    if into.role is None and other.role is not None:
        into.role = other.role
    if alias:
        into.aliases.append(other.name)
    into.first = min(into.first, other.first)


def _stands_for(short: Candidate, legal: Candidate) -> bool:
    """``short`` is the defined short name of ``legal`` (its role, or an acronym of its name)."""
    key = short.key
    if rules.HAS_SUFFIX.search(short.name) or len(short.name) >= len(legal.name):
        return False
    if any(key_of(role) == key for role in legal.roles):
        return True
    if short.role and key_of(short.role) != key:
        return False
    words = legal.key.split()
    return len(words) >= 2 and len(key) >= 2 and key == "".join(w[0] for w in words) and short.name.isupper()


def _runs_on(long: Candidate, name: Candidate) -> bool:
    """``long`` is ``name`` (a complete legal name) followed by an address or other words; not when
    ``name`` ends in a word that also starts or sits inside names ("The University" of "The
    University of Texas M. D. Anderson Cancer Center", "Wilmington Savings Fund" of "Wilmington
    Savings Fund Society, FSB")."""
    if not (long.key.startswith(name.key + " ") and rules.HAS_SUFFIX.search(name.name)
            and not rules.HAS_SUFFIX.search(long.name)):
        return False
    rest = long.name[len(name.name) :] if long.name.lower().startswith(name.name.lower()) else ""
    return not (rules.INNER_SUFFIX_END.search(name.name) and rules.NAME_GOES_ON.match(rest))
