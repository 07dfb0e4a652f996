"""Candidate parties (``extractor.nlp.partycandidates``) described by the features a model scores.

A candidate is described by:

- who proposed it: the rules (and their rank), a defined-term parenthetical, a legal suffix,
  "between ... and ...", a "BETWEEN" block, a signature block, a header field;
- its role: none, a role word ("Licensee"), an acronym, a word of its own name, a pronoun; how
  often the role is used in the text (a party's defined term is used throughout);
- its name's shape: a legal suffix, capitals, length, digits, an address, a person's name, a
  sentence-initial word ("After", "Notwithstanding"), words that name a document;
- where it is: how far into the text, inside the rules' preamble or before it, at a line start,
  after "between" or "and", followed by a descriptor (", a Delaware corporation");
- whether it signs: its name again after "IN WITNESS WHEREOF" or in the last pages.
"""

from __future__ import annotations

import re

from extractor.nlp import parties as found_parties
from extractor.nlp.partycandidates import Candidate, candidates, key_of
from extractor.nlp.rules import partycandidates as candidate_rules
from extractor.nlp.rules import partyfeatures as rules

POSITION_BUCKETS = (300, 800, 1_500, 3_000, 6_000, 12_000)
COUNT_BUCKETS = (0, 1, 3, 9, 29)
COUNT_CHARS = 60_000
WORD_BUCKETS = (1, 2, 3, 5, 8)


def _bucket(value: int, limits: tuple[int, ...]) -> str:
    for limit in limits:
        if value <= limit:
            return f"<={limit}"
    return f">{limits[-1]}"


def described(text: str) -> list[tuple[Candidate, dict[str, float]]]:
    """Every candidate party of ``text`` with its features."""
    found = candidates(text)
    if not found:
        return []
    counted = text[:COUNT_CHARS]  # how often a role is used: the first pages tell as well as the whole
    preambles = found_parties.find_preambles(text)
    preamble = (preambles[0].start, preambles[0].end) if preambles else (-1, -1)
    witness = candidate_rules.SIGNATURE_START.search(text, len(text) // 3)
    signing = text[witness.start() :] if witness else text[-candidate_rules.TAIL_CHARS :]
    signing_key = key_of(signing[: 4 * candidate_rules.SIGNATURE_CHARS])
    ruled = sum(1 for c in found if "rule" in c.sources)
    role_keys = [key_of(c.role) for c in found if c.role]
    keys = [f" {c.key} " for c in found]
    out = []
    for order, candidate in enumerate(found):
        features = candidate_features(text, counted, candidate, preamble, signing_key)
        features[f"order:{min(order, 6)}"] = 1.0
        features[f"doc:rules:{min(ruled, 3)}"] = 1.0
        if "rule" in candidate.sources:
            features[f"rule_of:{min(ruled, 3)}"] = 1.0
        if candidate.key in role_keys and not (candidate.role and key_of(candidate.role) == candidate.key):
            features["name:others_role"] = 1.0  # "Distributor", defined as another name's role
        if candidate.role and role_keys.count(key_of(candidate.role)) > 1:
            features["role:shared"] = 1.0
        inner = f" {candidate.key} "
        for other in keys:
            if other != inner and inner in other:
                features["name:tail_of_other" if other.endswith(inner) else "name:part_of_other"] = 1.0
        out.append((candidate, features))
    _defined_order(out)
    return out


def _defined_order(described_: list[tuple[Candidate, dict[str, float]]]) -> None:
    """The how-manieth candidate with a role it is: parties are defined first."""
    rank = 0
    for candidate, features in described_:
        if candidate.role:
            features[f"role_order:{min(rank, 4)}"] = 1.0
            rank += 1


def candidate_features(text: str, counted: str, candidate: Candidate, preamble: tuple[int, int],
                       signing_key: str) -> dict[str, float]:
    out: dict[str, float] = {"bias": 1.0}
    for source in sorted(candidate.sources):
        out[f"src:{source}"] = 1.0
    out["srcs:" + "+".join(sorted(candidate.sources))] = 1.0
    out[f"nsrc:{min(len(candidate.sources), 4)}"] = 1.0
    if candidate.rule_rank is not None:
        out[f"rule_rank:{min(candidate.rule_rank, 3)}"] = 1.0
    if candidate.aliases:
        out["has_alias"] = 1.0
    out.update(_role_features(counted, candidate))
    kind = next((k.removeprefix("role:") for k in ("role:pronoun", "role:word", "role:acronym", "role:thing",
                                                  "role:in_name", "role:some", "role:none") if k in out), "none")
    out[f"srcs_role:{'+'.join(sorted(candidate.sources))}:{kind}"] = 1.0  # the proposers and the role together
    out.update(_name_features(candidate.name))
    out.update(_place_features(text, candidate, preamble))
    key = candidate.key
    if key and len(key) >= 3 and key in signing_key:
        out["signs"] = 1.0
    mentions = _count(counted, candidate.name.split()[0]) if candidate.name.split() else 0
    out[f"first_word_count:{_bucket(mentions, COUNT_BUCKETS)}"] = 1.0
    return out


def _count(text: str, word: str) -> int:
    """How often ``word`` occurs in ``text`` (as a substring: cheap, and close enough for a bucket)."""
    return text.count(word) if len(word) >= 2 else 0


def _role_features(text: str, candidate: Candidate) -> dict[str, float]:
    role = candidate.role
    if not role:
        return {"role:none": 1.0}
    out = {"role:some": 1.0}
    low = role.lower().removeprefix("the ")
    if low in found_parties.rules.ROLE_WORDS or low in rules.MORE_ROLE_WORDS:
        out["role:word"] = 1.0
    if low in found_parties.rules.PRONOUN_TERMS:
        out["role:pronoun"] = 1.0
    if role.isupper() and len(role) <= 8:
        out["role:acronym"] = 1.0
    if set(key_of(role).split()) & set(candidate.key.split()):
        out["role:in_name"] = 1.0
    if rules.THING_WORDS.search(role):
        out["role:thing"] = 1.0
    if len(candidate.roles) > 1:
        out["role:several"] = 1.0
    out[f"role_count:{_bucket(_count(text, role), COUNT_BUCKETS)}"] = 1.0
    return out


def _name_features(name: str) -> dict[str, float]:
    out: dict[str, float] = {}
    words = name.split()
    out[f"words:{_bucket(len(words), WORD_BUCKETS)}"] = 1.0
    if candidate_rules.HAS_SUFFIX.search(name) or found_parties.rules.ORG_SUFFIX_END.search(name):
        out["name:suffix"] = 1.0
    if rules.INNER_SUFFIX.search(name):
        out["name:inner_suffix"] = 1.0  # two names run together ("ACME, INC. BETA, INC.")
    if rules.ORG_WORD.search(name):
        out["name:org_word"] = 1.0
    letters = [c for c in name if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        out["name:caps"] = 1.0
    if re.search(r"\d", name):
        out["name:digit"] = 1.0
    if re.match(r"\d", name):
        out["name:digit_first"] = 1.0
    lower = [w for w in words[1:] if w[:1].islower() and w.lower() not in found_parties.rules.NAME_LOWER_WORDS]
    if lower:
        out["name:lower_word"] = 1.0
    if rules.DOCUMENT_WORDS.search(name):
        out["name:document_word"] = 1.0
    if found_parties.rules.SENTENCE_OPENER.match(name):
        out["name:opener"] = 1.0
    if found_parties.rules.ADDRESS_LINE.search(name):
        out["name:address"] = 1.0
    if rules.PERSON.match(name) and not out.get("name:suffix"):
        out["name:person"] = 1.0
    if name.lower().removeprefix("the ") in found_parties.rules.ROLE_WORDS:
        out["name:role_word"] = 1.0
    if re.search(r"\band\b|&", name):
        out["name:and"] = 1.0
    if len(name) <= 3:
        out["name:short"] = 1.0
    if not name[:1].isupper():
        out["name:lower_first"] = 1.0
    return out


def _place_features(text: str, candidate: Candidate, preamble: tuple[int, int]) -> dict[str, float]:
    out: dict[str, float] = {}
    start, end = candidate.first, candidate.end
    out[f"pos:{_bucket(start, POSITION_BUCKETS)}"] = 1.0
    if preamble[0] <= start < preamble[1]:
        out["in_preamble"] = 1.0
    elif 0 <= start < preamble[0]:
        out["before_preamble"] = 1.0
    elif preamble[0] < 0:
        out["no_preamble"] = 1.0
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip():
        out["line_start"] = 1.0
    before = rules.WORD.findall(text[max(0, start - 40) : start].lower())[-2:]
    for i, word in enumerate(reversed(before)):
        out[f"L{i + 1}:{word}"] = 1.0
    after = text[end : end + 60]
    following = rules.WORD.findall(after.lower())[:2]
    for i, word in enumerate(following):
        out[f"R{i + 1}:{word}"] = 1.0
    if found_parties.rules.DESCRIPTOR_START.match(after) or rules.DESCRIBED.match(after):
        out["descriptor_after"] = 1.0
    return out
