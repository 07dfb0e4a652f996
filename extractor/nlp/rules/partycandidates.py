"""Patterns that propose candidate parties (``partycandidates.py``): broad on purpose, a learned
model decides which candidates are the parties."""

from __future__ import annotations

import re

from extractor.nlp.rules.parties import PARENTHETICAL, QUOTED_TERM  # noqa: F401  (one pattern for both)

HEAD_CHARS = 12_000  # the top of the contract, where parties are named
HEAD_PREAMBLES = 2  # the head reaches past this many candidate preambles (later ones are "between the parties")
NAME_REACH = 400  # chars before a defined term where its name may start
MAX_PER_SOURCE = 12
SIGNATURE_CHARS = 6_000  # after "IN WITNESS WHEREOF"
TAIL_CHARS = 5_000  # the end of the text, where signature blocks sit without a witness clause

# Words a candidate's key leaves out (the scorer's conventions: legal suffixes, "the", "and its").
KEY_DROP = frozenset(
    ["inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "plc",
     "lp", "llp", "gmbh", "ag", "sa", "sas", "bv", "nv", "na", "pte", "pty", "ab", "oy", "spa",
     "srl", "sarl", "kg", "the", "and", "its", "affiliates"]
)

# Title words and connectors a capitalised run picks up before the name: "THIS AGREEMENT BETWEEN
# ACME INC.", "AND BETA LLC".
LEADING_WORDS = re.compile(
    r"^(?:(?:THIS|This|THE|AGREEMENT|Agreement|CONTRACT|BETWEEN|Between|AMONG|Among|AND|And|BY|By|WITH|"
    r"TO|FROM|FOR|OF|ON|IN|AT|EXHIBIT|Exhibit|SCHEDULE|ANNEX|LICENSE|LICENCE|DISTRIBUTION|SUPPLY|"
    r"SERVICES?|MASTER|DATED|Dated|MADE|Made|ENTERED|INTO|PARTIES|Parties|WHEREAS|Whereas|NOW|THEREFORE|"
    r"WITNESSETH|RECITALS?|Recitals?|BACKGROUND|Background|PREAMBLE|Ladies|Gentlemen|Dear|Re|RE|ATTEST|"
    r"Attest|Initialed|Signed|SIGNED)(?:[\s:,.]+|$)"
    r"|\d+(?:\.\d+)+[A-Za-z]?\s+|\d{1,3}\.?\s+(?=[A-Z])|\(?[A-Za-z]\)\s*|[A-H]\.\s*(?=[A-Z][a-z])|[●•▪◦·\-–—*]+\s*)+"
)
# A sentence ending inside a candidate ("Service. The Company"): the name is what follows.
INNER_SENTENCE_END = re.compile(
    r"(?<=[a-z]{3})[.:;]\s+(?=[A-Z])(?!(?:Inc|INC|Ltd|LTD|LLC|Corp|CORP|Co|CO|Limited|LIMITED|Corporation|"
    r"CORPORATION|GmbH|AG|S\.A|plc|PLC|L\.P|LP)\b)"  # "Telecommunications. Inc." is one name
)
# "JSC NOC KazakhOil, hereinafter referred to as the "Company", in the person of ...".
HEREINAFTER = re.compile(
    r"(?<=[,\s])((?:hereinafter|herein|hereafter)\s+(?:(?:referred\s+to|called|named|designated)\s+)?(?:as\s+)?"
    r"(?:the\s+)?[“\"][^“”\"\n]{1,40}[”\"])",
    re.IGNORECASE,
)

_SUFFIX = (
    r"Inc|INC|Incorporated|INCORPORATED|LLC|L\.L\.C|Ltd|LTD|Limited|LIMITED|Corp|CORP|Corporation|"
    r"CORPORATION|Co|CO|Company|COMPANY|plc|PLC|LP|L\.P|LLP|L\.L\.P|GmbH|GMBH|AG|SA|S\.A|S\.A\.S|SAS|NV|N\.V|"
    r"BV|B\.V|A/S|Oy|SpA|S\.p\.A|SPA|Srl|S\.r\.l|SRL|SARL|S\.à\s?r\.l|S\.À\s?R\.L|KG|KGaA|KGAA|Pte|PTE|Pty|PTY|"
    r"N\.A|PLLC|P\.C|KK|Trust|TRUST|Bank|BANK|Association|ASSOCIATION|University|UNIVERSITY|Fund|FUND|"
    r"Partnership|PARTNERSHIP"
)
_NAME_WORD = r"(?:[A-Z0-9][\w&'’.\-/®™]*|\([A-Z][\w&'’.\- ]{0,30}\))"
_CONNECT = r"(?:of|and|the|de|du|des|la|le|del|für|&|-|y|e|for)"
# A capitalised run ending in a legal suffix, on one line: "Acme Widgets, Inc.", "Dai Nippon
# Printing Co., Ltd.", "ECOPETROL S.A.".
SUFFIXED_NAME = re.compile(
    rf"(?<![\w&.\-])(?P<name>{_NAME_WORD}(?:[^\S\n]+(?:{_CONNECT}[^\S\n]+)?{_NAME_WORD}){{0,8}}?"
    rf"(?:,?[^\S\n]+(?:{_SUFFIX})\b\.?)+)"
)
SUFFIX_WORD = re.compile(rf"\b(?:{_SUFFIX})\b")
BETWEEN = re.compile(r"\b(?:by\s+and\s+between|between|by\s+and\s+among|among)\b\s*:?", re.IGNORECASE)
# "BETWEEN" / "AND" / "BY AND BETWEEN:" alone on its line: the party is on the next line.
BLOCK_CONNECTOR_LINE = re.compile(
    r"^[^\S\n]*(?:(?:by\s+and\s+)?(?:between|among)|and|-\s*and\s*-)[^\S\n]*:?[^\S\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
BLOCK_LINE = re.compile(r"^[^\S\n]*(?P<marker>\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])?[^\S\n]*(?P<line>\S[^\n]*)$",
                        re.MULTILINE)
BLOCK_LINES = 12  # how many lines after the connector a numbered list may run
SIGNATURE_START = re.compile(
    r"IN\s+WITNESS\s+(?:WHEREOF|THEREOF)|In\s+Witness\s+Whereof|In\s+witness\s+whereof|SIGNATURES?\s*\n"
    r"|(?:AGREED|ACCEPTED)\s+(?:AND|&)\s+(?:AGREED|ACCEPTED)|Agreed\s+and\s+(?:A|a)ccepted"
)
HAS_SUFFIX = re.compile(rf"(?:,?\s+(?:{_SUFFIX})\b\.?)$")
SPACED_INITIALS = re.compile(r"\b[A-Za-z]\.(?:\s[A-Za-z]\.?)+(?!\w)")  # "N. A", "L. P."
AND_SPLIT = re.compile(r"\s+(?:and|AND)\s+(?:the\s+)?(?=[A-Z])")
# Suffix-like words that also sit inside a name ("Bank of America", "Savings Fund Society"), and
# what shows that the name goes on after one (a capitalised word or "of"), rather than an address.
INNER_SUFFIX_END = re.compile(r"\b(?:Trust|TRUST|Bank|BANK|Association|ASSOCIATION|University|UNIVERSITY|Fund|FUND|"
                              r"Partnership|PARTNERSHIP)\.?$")
NAME_GOES_ON = re.compile(r"^[^\S\n]*(?:of|OF|[A-Z][A-Za-z]+)\b(?![^\S\n]*\d)")
# A date is not a name ("January 18", "18 January 2020").
DATE_NAME = re.compile(
    r"^(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+\d{1,4}\b.*)?$",
    re.IGNORECASE)
