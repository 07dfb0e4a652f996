"""Word lists and patterns that describe a candidate party (``extractor.learn.partyfeatures``)."""

from __future__ import annotations

import re

WORD = re.compile(r"[a-z]+|\d+|[:;(),\"“”]")

# Defined roles beyond the rules' own role words.
MORE_ROLE_WORDS = frozenset(
    ["bank", "agent", "trustee", "lender", "borrower", "guarantor", "issuer", "underwriter", "servicer",
     "manager", "advisor", "adviser", "sub-adviser", "administrator", "publisher", "affiliate", "talent",
     "athlete", "celebrity", "endorser", "principal", "shipper", "carrier", "transporter", "sender",
     "licensor", "licensee", "sublicensee", "marketer", "partnership", "fund", "trust", "holder",
     "shareholder", "stockholder", "investor", "purchaser", "executive", "operator", "host", "network",
     "sponsor", "collaborator", "contractor", "subcontractor", "producer", "processor", "packager",
     "reseller", "retailer", "dealer", "franchisee", "franchisor", "developer", "parent", "spinco",
     "joint venture company", "jv", "jvc", "co-trustee", "consultant", "engineer", "service provider",
     "customer", "client", "supplier", "vendor", "distributor", "manufacturer", "institution"]
)
# A defined term that names a thing, not a party.
THING_WORDS = re.compile(
    r"\b(?:agreement|date|term|territory|products?|services?|fees?|marks?|shares?|stock|property|"
    r"premises|site|program|plan|notice|period|rights?|technology|patents?|know-how|information|"
    r"materials?|data|software|system|specifications?|price|royalt(?:y|ies)|costs?|event|act|code|"
    r"rules?|licen[cs]e|exhibit|schedule|appendix|annex|offering|transaction|closing|account|"
    r"budget|forecast|order|units?|area|field|brand|content|channel)\b",
    re.IGNORECASE,
)
# Words of an organisation's name beyond the legal suffixes.
ORG_WORD = re.compile(
    r"\b(?:bank|trust|fund|group|holdings?|partners|association|university|institute|foundation|"
    r"international|technologies|technology|systems|services|industries|enterprises|capital|"
    r"pharmaceuticals?|communications|media|entertainment|networks?|software|labs?|laboratories|"
    r"energy|resources|solutions|ventures|management|investments?|financial)\b",
    re.IGNORECASE,
)
# Words that name a document or one of its parts: a candidate holding them is a heading.
DOCUMENT_WORDS = re.compile(
    r"\b(?:agreement|contract|amendment|addendum|exhibit|schedule|appendix|annex|section|article|"
    r"clause|recitals?|whereas|witnesseth|confidential|execution\s+(?:copy|version)|page)\b",
    re.IGNORECASE,
)
# A person's name: two to four capitalised words, perhaps with an initial ("Geno Auriemma",
# "Shelby J. Butterfield").
PERSON = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][a-z'’\-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'’\-]+){1,2}$")
# What follows a party's name in a preamble.
DESCRIBED = re.compile(
    r"\s*,?\s*(?:an?\s+(?:[A-Z][\w.]*\s+){0,3}(?:corporation|company|limited|partnership|llc|bank|"
    r"association|entity|individual|trust)|organi[sz]ed|incorporated|having|with\s+(?:its|a|an)\s+"
    r"(?:principal|registered|office)|located|whose|residing|\()",
    re.IGNORECASE,
)
# A legal suffix followed by another capitalised name: two signature columns run together.
INNER_SUFFIX = re.compile(r"\b(?:Inc|INC|LLC|Ltd|LTD|Corp|CORP|Corporation|CORPORATION|GmbH|AG|B\.V|N\.V|S\.A|L\.P|LP|plc|PLC)"
                          r"\b\.?,?\s+(?!(?:Ltd|LTD|Limited|LIMITED|Inc|INC|Co|CO)\b)[A-Z][\w-]*\s+\w")
