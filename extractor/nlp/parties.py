"""The ``contract_parties`` component: who signs the contract, and the role each is given.

The preamble ("This Agreement ... by and between X, a Delaware corporation ("X"), and Y ("Y")")
names the parties and their defined terms; signature blocks are the fallback (and the only
source when the preamble says "the Parties signatory hereto").
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.evidence import evidence_for
from extractor.nlp.extensions import doc_text
from extractor.nlp.rules import parties as rules
from models import Party

log = logging.getLogger(__name__)
_SPACES = re.compile(r"\s+")
_NORMAL_DROP = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class FoundParty:
    """A party found in the text: its name as written, its defined role, and where."""

    name: str
    role: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Preamble:
    start: int  # "This ... Agreement"
    body: int  # just after "between" / "among"
    end: int
    first: bool = True  # the first candidate in the text


def normal(name: str) -> str:
    """Lowercase, punctuation-free form used to tell whether two names are the same party."""
    return " ".join(_NORMAL_DROP.sub(" ", name.lower()).split())


# ---------------------------------------------------------------- preamble


@lru_cache(maxsize=4)
def find_preambles(text: str) -> tuple[Preamble, ...]:
    """Candidate preambles, in text order: a party keyword preceded by "This ... Agreement"."""
    window = text[: rules.PREAMBLE_SEARCH_CHARS]
    found: list[Preamble] = []
    for match in rules.party_keyword().finditer(window):
        if match.group(0).lower().startswith("parties"):
            start = match.start()
        else:
            start = _opening_before(window, match.start())
        if start is None or not _plausible(text, start, match):
            continue
        end = _preamble_end(text, match.end())
        found.append(Preamble(start, match.end(), end, first=not found))
        if len(found) >= 8:
            break
    return tuple(found)


def _plausible(text: str, start: int, keyword: re.Match) -> bool:
    """"between the parties" and openings a sentence away are boilerplate, not a preamble."""
    after = text[keyword.end() : keyword.end() + 60]
    if re.match(r"\s*(?:the\s+|both\s+|such\s+)?part(?:y|ies)\b(?!\s+(?:hereto\s+)?signator)", after, re.IGNORECASE):
        return False
    if keyword.group(0).rstrip().endswith(":") or keyword.group(0).isupper():
        return True  # "THIS AGREEMENT made ... 1995.\nBETWEEN:"
    return not _sentence_ends(text, start, keyword.start())


def _opening_before(text: str, pos: int) -> int | None:
    look_from = max(0, pos - rules.PREAMBLE_LOOKBACK)
    openings = rules.preamble_opening().finditer(text, look_from, min(len(text), pos + 30))
    for opening in reversed([o for o in openings if o.end() <= pos]):
        title = opening.group("title")
        if title is None or re.match(r"TH(?:IS|ESE)\b", title):
            return opening.start() if title is None else opening.start("title")
        if not re.search(r"\n[^\S\n]*\n", text[opening.end() : pos]):
            return opening.start("title")  # "LICENSE AGREEMENT between ...", not a cover page
    return None


def _preamble_end(text: str, body: int) -> int:
    limit = min(len(text), body + rules.PREAMBLE_MAX_CHARS)
    for match in rules.preamble_end().finditer(text, body, limit):
        numbered = match.group(0).lstrip()[:1].isdigit() or match.group(0).lstrip()[:2] == "I "
        if numbered and match.start() < body + 80:
            continue  # "BETWEEN\n 1. HealthGate Data Corp." lists the parties
        return match.start()
    return limit


# ---------------------------------------------------------------- defined terms


def role_of(parenthetical: str) -> str | None:
    """The defined term a parenthetical gives a single party, or None ("Agreement", "Parties")."""
    terms = list(rules.QUOTED_TERM.finditer(parenthetical))
    named = [t for t in terms if t.group(1).strip(" ,.;:").lower() not in rules.PRONOUN_TERMS]
    for term in named or terms:  # ("you" or the "Consultant") -> Consultant
        value = _SPACES.sub(" ", term.group(1)).strip(" ,.;:")
        if not _is_role(value):
            continue
        prefix = parenthetical[: term.start()]
        if re.search(r"[A-Z]\w*\s+(?:and|&)\s+[A-Z]", prefix) and rules.GROUP_WORDS.search(prefix):
            return None  # "together, Blackwell and Munksgaard ... "the Publishers""
        return value
    if rules.QUOTED_TERM.search(parenthetical):
        return None
    bare = rules.UNQUOTED_TERM.match(parenthetical)
    if not bare:
        return None
    value = _SPACES.sub(" ", bare.group(1))
    lead = rules.UNQUOTED_LEAD.match(parenthetical)
    if (lead or value.lower() in rules.ROLE_WORDS) and _is_role(value):
        return value
    return None


def roles_of(parenthetical: str) -> list[str]:
    """Every defined term a parenthetical gives a party ("Acme" or the "Franchisor"): its role first."""
    first = role_of(parenthetical)
    if first is None:
        return []
    more = [_SPACES.sub(" ", t.group(1)).strip(" ,.;:") for t in rules.QUOTED_TERM.finditer(parenthetical)]
    return [first, *(r for r in more if r != first and _is_role(r))]


def _is_role(value: str) -> bool:
    low = value.lower().removeprefix("the ").strip()
    if not value or not value[0].isalnum() or low in rules.NON_PARTY_TERMS:
        return False
    if rules.NON_PARTY_ROLE_END.search(low):
        return False
    return not rules.COLLECTIVE_TERM.search(value) and not re.search(r"\bdate\b", low)


# ---------------------------------------------------------------- names


def clean_name(chunk: str) -> str | None:
    """The party name at the head of ``chunk`` (the text before its defined-term parenthetical)."""
    markers = list(rules.LIST_MARKER.finditer(chunk))
    if markers:
        chunk = chunk[markers[-1].end() :]
    block = rules.SUFFIX_LINE_END.match(rules.LEADING_JUNK.sub("", chunk))
    if block:
        chunk = block.group("name")  # the address lines below the name are not part of it
    chunk = _SPACES.sub(" ", chunk)
    chunk = rules.LEADING_JUNK.sub("", chunk)
    chunk = re.sub(r"^the\s+(?=[A-Z])", "", chunk)  # "the County of Marlow"
    if not _starts_name(chunk) or _not_a_name(chunk):
        connector = rules.PARTY_CONNECTOR.search(chunk)
        if not connector:
            return None
        chunk = rules.LEADING_JUNK.sub("", chunk[connector.end() :])
    name = _cut_descriptor(chunk).strip(" ,;:-–'’\"")
    return name if valid_name(name) else None


def _starts_name(chunk: str) -> bool:
    """A capital or a digit; or a lowercase brand whose name ends in a suffix ("salesforce.com, inc.")."""
    if not chunk:
        return False
    if chunk[0].isupper() or chunk[0].isdigit():
        return True
    if not rules.BRAND_WORD.match(chunk):
        return False  # "a Delaware corporation ...": not a name
    return bool(rules.ORG_SUFFIX_END.search(_cut_descriptor(chunk).strip(" ,;:-–")))


def _not_a_name(chunk: str) -> bool:
    return bool(rules.NOT_A_NAME.match(chunk))


def _cut_descriptor(chunk: str) -> str:
    for pattern in (rules.SUFFIX_THEN_ADDRESS, rules.SUFFIX_THEN_ARTICLE, rules.SUFFIX_THEN_OF):
        end = pattern.search(chunk)
        if end:
            chunk = chunk[: end.end()]
    for match in rules.DESCRIPTOR_START.finditer(chunk):
        if match.start() == 0:
            continue
        if rules.SUFFIX_AFTER_COMMA.match(chunk, match.start()):
            continue
        chunk = chunk[: match.start()]
        break
    return _cut_lowercase(chunk)


def _cut_lowercase(chunk: str) -> str:
    """The name up to its first lowercase word that no name holds ("Client on the Effective Date")."""
    for match in re.finditer(r"(?<=\s)([a-z][\w'’.-]*)", chunk):
        word = match.group(1)
        if word.rstrip(".,") in rules.NAME_LOWER_WORDS or re.search(r"[A-Z]", word):
            continue  # "of", "and its Affiliates", "iPass"
        if rules.ORG_SUFFIX_END.match(word.rstrip(",")):
            continue  # "inc."
        return chunk[: match.start()].rstrip(" ,;")
    return chunk


def valid_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > rules.MAX_PARTY_WORDS or len(name) < 2:
        return False
    lower_ok = bool(rules.BRAND_WORD.match(name) and rules.ORG_SUFFIX_END.search(name))  # "salesforce.com, inc."
    if not (name[0].isupper() or name[0].isdigit() or lower_ok) or _not_a_name(name):
        return False
    legal = rules.ORG_SUFFIX_END.search(name) and name.split()[-1][:1].isupper()  # not "Except as"
    if not legal and (rules.SENTENCE_OPENER.match(name) or rules.ADDRESS_LINE.search(name)):
        return False  # "Notwithstanding", "After the Effective Date", "Monrovia, CA 91016 USA"
    return name.lower().removeprefix("the ") not in rules.NON_PARTY_TERMS


# ---------------------------------------------------------------- preamble parties


def parties_in_preamble(text: str, preamble: Preamble) -> list[FoundParty]:
    """Each defined-term parenthetical names the party written just before it."""
    found: list[FoundParty] = []
    boundary = preamble.body
    for paren in rules.PARENTHETICAL.finditer(text, preamble.body, preamble.end):
        if len(found) >= 2 and _sentence_ends(text, boundary, paren.start()):
            break
        party = party_at(text, boundary, paren)
        if party is not None:
            found.append(party)
        if party is not None or rules.QUOTED_TERM.search(paren.group(1)):
            boundary = paren.end()
    if len(found) == 1:
        found += _trailing_party(text, boundary, preamble.end)
    if not found:
        found = _dashed_parties(text, preamble)
    if not found and preamble.first:
        found = _unmarked_parties(text, preamble)
    return _dedupe(found)


def _dashed_parties(text: str, preamble: Preamble) -> list[FoundParty]:
    """Blocks "between / Name / address lines / - hereinafter the "Licensor" -": the name is the
    block's first line."""
    found, boundary = [], preamble.body
    for dash in rules.DASHED_DEFINITION.finditer(text, preamble.body, preamble.end):
        role = role_of(dash.group(1))
        lines = [line for line in text[boundary : dash.start()].splitlines()
                 if line.strip() and not rules.BLOCK_CONNECTOR.match(line)]  # fmt: skip
        name = clean_name(lines[0]) if role and lines else None
        if name is not None:
            start = text.find(name.split()[0], boundary, dash.start())
            found.append(FoundParty(name, role, max(start, boundary), dash.end()))
        boundary = dash.end()
    return found


def _trailing_party(text: str, boundary: int, end: int) -> list[FoundParty]:
    """"between Tripath Technology, Inc. ("Tripath"), and Uniquest Corporation 780 Montague ...":
    the last party named without a defined term."""
    tail = rules.TRAILING_PARTY.match(text, boundary, end)
    if tail is None:
        return []
    stop = first_sentence_end(text, tail.end(), min(end, tail.end() + 300))
    name = clean_name(text[tail.end() : stop])
    if name is None or not rules.ORG_SUFFIX_END.search(name):
        return []
    start = text.find(name.split()[0], tail.end())
    return [FoundParty(name, None, start, start + len(name))]


def party_at(text: str, boundary: int, paren: re.Match) -> FoundParty | None:
    outer = boundary
    boundary = _last_sentence(text, boundary, paren.start())
    before = text[boundary : paren.start()]
    if rules.AS_DEFINED.match(paren.group(1)):
        name = clean_name(before)  # "Franchisee (as defined below)"
        if name and name.lower() in rules.ROLE_WORDS:
            return FoundParty(name, name, paren.start() - len(before.lstrip()), paren.end())
        return None
    role = role_of(paren.group(1))
    if role is None:
        return None
    name = _above_named(text, before) or clean_name(before)
    if name is None and outer < boundary and rules.ADDRESS_LINE.search(before):
        boundary, name = outer, clean_name(text[outer : paren.start()])  # "Ave.\nMonrovia, CA": the name is above
    if name is not None:
        start = text.find(name.split()[0], boundary, paren.start())
        return FoundParty(name, role, max(start, boundary), paren.end())
    if rules.LEADING_JUNK.sub("", before).strip():
        return None
    # "and (Client) Pelican Delivers Inc.": the role comes first, the name after it.
    after = text[paren.end() : paren.end() + 200]
    name = clean_name(after)
    return FoundParty(name, role, paren.start(), paren.end() + len(after)) if name else None


def _above_named(text: str, before: str) -> str | None:
    """"and the above-named Supplier, a corporation": the name sits in a cover-sheet field."""
    named = rules.ABOVE_NAMED.search(before)
    if not named:
        return None
    field = rules.NAME_FIELD.search(text)
    if field:
        return field.group(1).strip()
    role = named.group(1) or named.group(2)
    for field in rules.role_field(role).finditer(text, 0, rules.PREAMBLE_SEARCH_CHARS):
        name = clean_name(field.group("name"))
        if name:
            return name
    return None


def _last_sentence(text: str, start: int, stop: int) -> int:
    """Where the last sentence before ``stop`` starts: a party's name never spans two."""
    last = start
    for match in rules.SENTENCE_END.finditer(text, start, stop):
        if not rules.ABBREVIATION_BEFORE.search(text, max(0, match.start() - 8), match.start()):
            last = match.end()
    return last


def _sentence_ends(text: str, start: int, stop: int) -> bool:
    for match in rules.SENTENCE_END.finditer(text, start, stop):
        if not rules.ABBREVIATION_BEFORE.search(text, max(0, match.start() - 8), match.start()):
            return True
    return False


def _unmarked_parties(text: str, preamble: Preamble) -> list[FoundParty]:
    """"between Acme Inc. and Beta LLC." with no defined terms: split on the connectors."""
    stop = first_sentence_end(text, preamble.body, preamble.end)
    body = re.sub(r"\.\s*$", "", text[preamble.body : stop])  # the sentence's own full stop
    found: list[FoundParty] = []
    for offset, piece in unmarked_pieces(body):
        name = clean_name(piece)
        if name:
            start = text.find(name.split()[0], preamble.body + offset)
            role = name if name.lower() in rules.ROLE_WORDS else None  # "between Company and ..."
            found.append(FoundParty(name, role, start, start + len(name)))
    return found if len(found) >= 2 else []


def unmarked_pieces(body: str) -> list[tuple[int, str]]:
    """``body`` split at its connectors. A bare "and" splits only after a complete name (a suffix,
    an address, a role word): "THE HENRY FILM AND ENTERTAINMENT CORPORATION" is one name."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for match in rules.UNMARKED_SPLIT.finditer(body):
        left = body[start : match.start()]
        if match.group("bare") and not _complete_name(left):
            continue
        pieces.append((start, left))
        start = match.end()
    pieces.append((start, body[start:]))
    return pieces


def _complete_name(left: str) -> bool:
    left = left.strip()
    if re.search(r"[\d)]$", left) or rules.ORG_SUFFIX_END.search(left):
        return True
    if left.lower().removeprefix("the ") in rules.ROLE_WORDS:
        return True
    return _cut_descriptor(left).strip(" ,;") != left  # "Acme, located at 5 Elm St"


def first_sentence_end(text: str, start: int, stop: int) -> int:
    blank = text.find("\n\n", start, stop)
    stop = blank if blank >= 0 else stop
    for match in re.finditer(r"[.!?](?=\s|$)", text[start:stop]):
        end = start + match.start()
        if not rules.ABBREVIATION_BEFORE.search(text, max(0, end - 8), end):
            return end
    return stop


def _dedupe(found: list[FoundParty]) -> list[FoundParty]:
    seen: set[str] = set()
    out = []
    for party in found:
        key = normal(party.name)
        if key in seen:
            continue
        seen.add(key)
        out.append(party)
    return out


# ---------------------------------------------------------------- signature blocks


def parties_in_signatures(text: str) -> list[FoundParty]:
    """Organisations named in the signature blocks after "IN WITNESS WHEREOF"."""
    for witness in rules.WITNESS.finditer(text):
        block_end = min(len(text), witness.end() + rules.SIGNATURE_SEARCH_CHARS)
        found = signature_names(text, witness.end(), block_end)
        if found:
            return _dedupe(found)
    return []


def signature_names(text: str, start: int, end: int) -> list[FoundParty]:
    found: list[FoundParty] = []
    lines = _lines(text, start, end)
    pending_behalf = False
    for index, (line, offset) in enumerate(lines):
        if found and re.match(r"(?:EXHIBIT|SCHEDULE|ANNEX|APPENDIX|ATTACHMENT)\b", line):
            break
        behalf = rules.ON_BEHALF.match(line)
        if behalf:
            pending_behalf = not behalf.group(1).strip()
            if behalf.group(1).strip():
                _add_signature(found, behalf.group(1), offset + line.find(behalf.group(1)))
            continue
        if pending_behalf and _name_line(line):
            _add_signature(found, line, offset)
            pending_behalf = False
            continue
        if rules.BY_LINE.match(line):
            previous = _previous_org_line(lines, index)
            if previous:
                _add_signature(found, *previous)
    return found


def _lines(text: str, start: int, end: int) -> list[tuple[str, int]]:
    """The block's lines; wide gaps and "By:" also break a line (flattened signature tables)."""
    out = []
    for match in rules.SIGNATURE_LINE.finditer(text[start:end]):
        line = match.group(0).strip()
        if line and not re.fullmatch(r"[-_=.\s]+|\d{1,3}|Page\s*\d+.*", line):
            out.append((line, start + match.start() + match.group(0).find(line)))
    return out


def _name_line(line: str) -> bool:
    return bool(line[0].isalnum() and not rules.SIGNATURE_FIELD.match(line) and len(line) < 100)


def _previous_org_line(lines: list[tuple[str, int]], index: int) -> tuple[str, int] | None:
    for line, offset in reversed(lines[max(0, index - 3) : index]):
        if rules.SIGNATURE_FIELD.match(line):
            return None
        if rules.ORG_LINE.match(line) or rules.UPPER_NAME_LINE.match(line):
            return line, offset
    return None


def _add_signature(found: list[FoundParty], name: str, offset: int) -> None:
    name = _SPACES.sub(" ", name).strip().rstrip(",;:").strip()
    columns = rules.TWO_COLUMNS.search(name)
    if columns:  # "CENTRACK INTERNATIONAL, INC. I-ON INTERACTIVE, INC.": two blocks side by side
        _add_signature(found, name[: columns.end("suffix")], offset)
        _add_signature(found, name[columns.end() :], offset + columns.end())
        return
    lower_ok = bool(rules.ORG_SUFFIX_END.search(name))  # "edge2net Inc."
    if valid_name(name) or lower_ok and valid_name(name[0].upper() + name[1:]):
        found.append(FoundParty(name, None, offset, offset + len(name)))


# ---------------------------------------------------------------- all together


def find_parties(text: str) -> list[FoundParty]:
    """The parties of the contract in ``text``, preamble first, signature blocks as fallback."""
    best: list[FoundParty] = []
    signatory = False
    for preamble in find_preambles(text):
        found = parties_in_preamble(text, preamble)
        if len(found) > len(best):
            best = found
        if rules.SIGNATORY_HINT.search(text, preamble.start, preamble.end):
            signatory = True  # "between and among the Parties signatory hereto"
            break
        if len(best) >= 2:
            break
    if len(best) < 2 and not signatory:
        letter = parties_in_letter(text)
        if len(letter) >= 2:
            return letter
        fields = parties_in_fields(text)
        if len(fields) >= 2:
            return fields
    if len(best) >= 2 and not signatory:
        return best
    return _merge(best, parties_in_signatures(text))


def parties_in_fields(text: str) -> list[FoundParty]:
    """A field list instead of a preamble: "Party A (Shipper): ZTO Express Co., Ltd. Address: ..."."""
    found: list[FoundParty] = []
    if not rules.PARTY_LABEL.search(text, 0, rules.PREAMBLE_SEARCH_CHARS):
        return _dedupe(parties_in_role_fields(text))  # the field pattern is slow: look for its label first
    for field in rules.PARTY_FIELD.finditer(text, 0, rules.PREAMBLE_SEARCH_CHARS):
        value = field.group("value")
        cut = rules.FIELD_VALUE_END.search(value)
        name = clean_name(value[: cut.start()] if cut else value)
        if name is None:
            continue
        label = _SPACES.sub(" ", field.group("label"))
        start = field.start("value") + value.find(name.split()[0])
        found.append(FoundParty(name, label, start, start + len(name)))
        if len(found) >= rules.MAX_FIELD_PARTIES:
            break
    found = _dedupe(found)
    return found if len(found) >= 2 else _dedupe(found + parties_in_role_fields(text))


def parties_in_role_fields(text: str) -> list[FoundParty]:
    """An order's header fields: "Provider: Nimbus Ledger, Inc." / "Customer: Osterfeld Corp."."""
    found: list[FoundParty] = []
    roles: set[str] = set()
    head = text[: rules.ROLE_FIELD_SEARCH_CHARS]
    fields = [*rules.ROLE_FIELD.finditer(head), *rules.TABLE_ROLE_FIELD.finditer(head)]
    for field in sorted(fields, key=lambda field: field.start()):
        value = field.group("value")
        cut = rules.FIELD_VALUE_END.search(value)
        name = clean_name(value[: cut.start()] if cut else value)
        role = _SPACES.sub(" ", field.group("label")).title()
        if name is None or role in roles or not rules.ORG_SUFFIX_END.search(name):
            continue
        roles.add(role)
        start = field.start("value") + value.find(name.split()[0])
        found.append(FoundParty(name, role, start, start + len(name)))
    return found


# ---------------------------------------------------------------- letter agreements


def parties_in_letter(text: str) -> list[FoundParty]:
    """A letter agreement: the writer signs after "Yours sincerely", the addressee countersigns
    under "Accepted and agreed"; each takes its role from the first parenthetical after its name
    in the letter's body."""
    salutation = rules.LETTER_SALUTATION.search(text, 0, rules.LETTER_SEARCH_CHARS)
    if salutation is None:
        return []
    found: list[FoundParty] = []
    closing = rules.LETTER_CLOSING.search(text, salutation.end())
    if closing:
        writer = _letter_signer(text, closing.end(), persons=False) or _letterhead(text, salutation.start())
        if writer:
            found.append(writer)
    accepted = rules.LETTER_ACCEPTANCE.search(text, closing.end() if closing else salutation.end())
    if accepted:
        signer = _letter_signer(text, accepted.end(), persons=True)
        if signer:
            found.append(signer)
    found = _dedupe(found)
    return [_with_letter_role(text, salutation.end(), p) for p in found] if len(found) == 2 else []


def _letter_signer(text: str, start: int, persons: bool) -> FoundParty | None:
    """The organisation (or, for the addressee, the person) signing in the block after ``start``."""
    person = None
    for line, offset in _lines(text, start, min(len(text), start + rules.LETTER_BLOCK_CHARS)):
        behalf = rules.ON_BEHALF.match(line)
        if behalf and behalf.group(1).strip():
            name = clean_name(behalf.group(1)) or behalf.group(1).strip()
            return FoundParty(name, None, offset, offset + len(line))
        if rules.SIGNATURE_FIELD.match(line) and not line.lower().startswith(("by", "name")):
            continue
        if rules.ORG_LINE.match(line):
            name = clean_name(line)
            if name:
                return FoundParty(name, None, offset, offset + len(line))
        signed = rules.SIGNED_NAME.match(line) or rules.PERSON_LINE.match(line)
        if persons and person is None and signed and valid_name(signed.group("name").strip()):
            name = signed.group("name").strip()
            person = FoundParty(name, None, offset, offset + len(line))
    return person


def _letterhead(text: str, stop: int) -> FoundParty | None:
    for line, offset in _lines(text, 0, stop)[:3]:
        if rules.ORG_LINE.match(line):
            name = clean_name(line)
            if name:
                return FoundParty(name, None, offset, offset + len(line))
    return None


def _with_letter_role(text: str, body: int, party: FoundParty) -> FoundParty:
    words = [re.escape(w) for w in party.name.split()]
    pattern = re.compile(r"\s+".join(words), re.IGNORECASE)
    for mention in pattern.finditer(text, body):
        reach = min(len(text), mention.end() + rules.LETTER_ROLE_REACH)
        paren = rules.PARENTHETICAL.search(text, mention.end(), reach)
        if paren and not _sentence_ends(text, mention.end(), paren.start()):
            role = role_of(paren.group(1))
            if role:
                return FoundParty(party.name, role, party.start, party.end)
    return party


def _merge(first: list[FoundParty], more: list[FoundParty]) -> list[FoundParty]:
    known = {normal(p.name) for p in first} | {normal(p.role) for p in first if p.role}
    return first + [p for p in more if normal(p.name) not in known]


class PartiesComponent:
    def __call__(self, doc: Doc) -> Doc:
        from extractor.learn import partydecide, switch  # the learned choice builds on this module

        text = doc_text(doc)
        decision = partydecide.decide(text) if switch.models_on() else None
        if decision is not None:
            doc._.parties = [
                Party(c.candidate.name, c.candidate.role, evidence_for(doc, c.candidate.start, c.candidate.end),
                      c.confidence, c.needs_review)
                for c in decision.parties
            ]
            if decision.best_guess is not None:
                _warn(doc, f"parties not given: the best candidate, {decision.best_guess.name}, scored only "
                           f"{decision.best_confidence:.2f}; check the preamble and the signature blocks")
            elif not decision.parties:
                _warn(doc, "no parties found: no name in the text looks like a party")
            return doc
        found = find_parties(text)
        doc._.parties = [
            Party(p.name, p.role, evidence_for(doc, p.start, p.end)) for p in found
        ]
        if not found:
            _warn(doc, "no parties found: no preamble names them and no signature block either")
        elif len(found) == 1:
            _warn(doc, f"only one party found ({found[0].name})")
        return doc


def _warn(doc: Doc, message: str) -> None:
    log.info(message)
    doc._.warnings = [*(doc._.warnings or []), message]


@Language.factory("contract_parties")
def make_component(nlp: Language, name: str) -> PartiesComponent:
    return PartiesComponent()
