"""Patterns and tables for the governing-law clause and its jurisdiction. Used by
``contract_jurisdiction`` (extractor/nlp/jurisdiction.py).

A jurisdiction is named as CUAD's "Governing Law" answers name it ("New York", "Delaware",
"England and Wales", "Germany") and mapped to a public-holiday calendar code of the
``holidays`` package ("US-NY", "GB-ENG", "DE") where one exists.
"""

from __future__ import annotations

import re

US_STATES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
    "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC",
    "Florida": "FL", "Georgia": "GA", "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL",
    "Indiana": "IN", "Iowa": "IA", "Kansas": "KS", "Kentucky": "KY", "Louisiana": "LA",
    "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA", "Michigan": "MI", "Minnesota": "MN",
    "Mississippi": "MS", "Missouri": "MO", "Montana": "MT", "Nebraska": "NE", "Nevada": "NV",
    "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM", "New York": "NY",
    "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK",
    "Oregon": "OR", "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC",
    "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT",
    "Virginia": "VA", "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI",
    "Wyoming": "WY", "Puerto Rico": "PR",
}  # fmt: skip

# Other jurisdictions: the name as written (lower case) -> (name as CUAD writes it, code).
PLACES = {
    "england and wales": ("England and Wales", "GB-ENG"),
    "england & wales": ("England and Wales", "GB-ENG"),
    "england": ("England", "GB-ENG"),
    "scotland": ("Scotland", "GB-SCT"),
    "northern ireland": ("Northern Ireland", "GB-NIR"),
    "the united kingdom": ("United Kingdom", "GB-ENG"),
    "united kingdom": ("United Kingdom", "GB-ENG"),
    "ireland": ("Ireland", "IE"),
    "the republic of ireland": ("Ireland", "IE"),
    "germany": ("Germany", "DE"),
    "the federal republic of germany": ("Germany", "DE"),
    "federal republic of germany": ("Germany", "DE"),
    "bavaria": ("Bavaria", "DE-BY"),
    "france": ("France", "FR"),
    "the netherlands": ("Netherlands", "NL"),
    "netherlands": ("Netherlands", "NL"),
    "switzerland": ("Switzerland", "CH"),
    "sweden": ("Sweden", "SE"),
    "italy": ("Italy", "IT"),
    "spain": ("Spain", "ES"),
    "belgium": ("Belgium", "BE"),
    "luxembourg": ("Luxembourg", "LU"),
    "denmark": ("Denmark", "DK"),
    "norway": ("Norway", "NO"),
    "finland": ("Finland", "FI"),
    "austria": ("Austria", "AT"),
    "israel": ("Israel", "IL"),
    "the state of israel": ("Israel", "IL"),
    "india": ("India", "IN"),
    "the people's republic of china": ("China", "CN"),
    "people's republic of china": ("China", "CN"),
    "the prc": ("China", "CN"),
    "prc": ("China", "CN"),
    "the r.o.c.": ("Taiwan", "TW"),
    "r.o.c.": ("Taiwan", "TW"),
    "the republic of china": ("Taiwan", "TW"),
    "china": ("China", "CN"),
    "hong kong": ("Hong Kong", "HK"),
    "the hong kong special administrative region": ("Hong Kong", "HK"),
    "singapore": ("Singapore", "SG"),
    "the republic of singapore": ("Singapore", "SG"),
    "japan": ("Japan", "JP"),
    "korea": ("Korea", "KR"),
    "the republic of korea": ("Korea", "KR"),
    "taiwan": ("Taiwan", "TW"),
    "mexico": ("Mexico", "MX"),
    "brazil": ("Brazil", "BR"),
    "bermuda": ("Bermuda", "BM"),
    "the cayman islands": ("Cayman Islands", "KY"),
    "cayman islands": ("Cayman Islands", "KY"),
    "the british virgin islands": ("British Virgin Islands", "VG"),
    "canada": ("Canada", "CA"),
    "ontario": ("Ontario", "CA-ON"),
    "the province of ontario": ("Ontario", "CA-ON"),
    "british columbia": ("British Columbia", "CA-BC"),
    "the province of british columbia": ("British Columbia", "CA-BC"),
    "quebec": ("Quebec", "CA-QC"),
    "the province of quebec": ("Quebec", "CA-QC"),
    "alberta": ("Alberta", "CA-AB"),
    "the province of alberta": ("Alberta", "CA-AB"),
    "new south wales": ("New South Wales", "AU-NSW"),
    "victoria": ("Victoria", "AU-VIC"),
    "queensland": ("Queensland", "AU-QLD"),
    "western australia": ("Western Australia", "AU-WA"),
    "australia": ("Australia", "AU"),
    "the republic of kazakhstan": ("Kazakhstan", "KZ"),
    "kazakhstan": ("Kazakhstan", "KZ"),
    "colombia": ("Colombia", "CO"),
    "the republic of south africa": ("South Africa", "ZA"),
    "south africa": ("South Africa", "ZA"),
    "new zealand": ("New Zealand", "NZ"),
    "the united states": ("United States", "US"),
    "the united states of america": ("United States", "US"),
    "united states": ("United States", "US"),
}  # fmt: skip
# "English law", "German law": adjectives that name a jurisdiction.
ADJECTIVES = {
    "english": "england", "german": "germany", "french": "france", "dutch": "netherlands",
    "swiss": "switzerland", "irish": "ireland", "scottish": "scotland", "swedish": "sweden",
    "italian": "italy", "spanish": "spain", "israeli": "israel", "indian": "india",
    "chinese": "china", "japanese": "japan", "singapore": "singapore",
    "hong kong": "hong kong", "new york": "new york", "delaware": "delaware",
    "california": "california", "prc": "prc",
}  # fmt: skip

# Words that say a sentence is the governing-law clause.
GOVERNS = re.compile(
    r"\bgovern(?:ed|s|ing)?\b|\bconstrued\b|\binterpreted\b|\bconstruction\b|\benforced\b"
    r"|\bcontroll?(?:ed|s)?\s+by\b|\bin\s+accordance\s+with\s+the\s+(?:internal\s+)?laws?\b"
    r"|\bapplication\s+of\s+the\s+laws?\b|\bshall\s+apply\b"
    r"|\bgoverning\s+law\b|\bchoice\s+of\s+law\b|\bapplicable\s+law\b|\bsubject\s+to\s+the\s+laws?\b",
    re.IGNORECASE,
)
# Where a jurisdiction is named: "the laws of [the State of] X", "the law in force in X",
# "X law" (English law, New York law). Each pattern first looks ahead at its first char, so re
# skips the other positions in C (a leading \b is tried everywhere; 2x faster, same matches).
LAWS_OF = re.compile(
    r"(?=[lL])\b(?:laws?|legislation)\b(?:\s+and\s+[a-z]+(?:\s+[a-z]+)?)?\s*"
    r"(?:in\s+force\s+in|applicable\s+in|of|(?=State\s+of))",
    re.IGNORECASE,
)
# "in the State of Nevada and shall be governed by ... the laws thereof": the place is before.
LAWS_THEREOF = re.compile(r"(?=[lL])\blaws\s+thereof\b", re.IGNORECASE)
ADJECTIVE_LAW = re.compile(
    r"(?=[CDEFGHIJNPS])\b(?P<adj>English|German|French|Dutch|Swiss|Irish|Scottish|Swedish|Italian|Spanish|"
    r"Israeli|Indian|Chinese|Japanese|Singapore|Hong\s+Kong|New\s+York|Delaware|California|PRC)"
    r"\s+(?:substantive\s+)?(?i:laws?)\b",
)
# "a corporation organized under the laws of Delaware" describes a party, not the contract.
ORGANIZED = re.compile(
    r"\b(?:organi[sz]ed|incorporated|existing|formed|registered|chartered|constituted|"
    r"established|standing)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
# A strong cue near "laws of": the clause says the laws govern the agreement.
STRONG = re.compile(r"\bgovern|\bconstrued\b|\binterpret", re.IGNORECASE)
CONTEXT_BEFORE = 220  # chars before "laws of" where the governing cue must be
CONTEXT_AFTER = 160
PLACE_CHARS = 110  # chars after "laws of" where the place is named
PLACE_STOP = re.compile(r";|\.\s+[A-Z]|\n\s*\n")
# Federal law named alongside a state's ("the laws of the United States and the State of
# Florida") is not the answer: the state is.
FEDERAL = {"United States"}
