"""Patterns and keyword tables for finding the title of a contract (``contract_title``)."""

from __future__ import annotations

import re

# Title: a heading line naming the kind of contract, above the preamble.
TITLE_NOUN = re.compile(
    r"\b(?:agreement|contract|lease|licen[cs]e|order\s+form|purchase\s+order|statement\s+of\s+work"
    r"|memorandum\s+of\s+(?:understanding|agreement)|addendum|amendment|terms\s+and\s+conditions"
    r"|terms\s+of\s+(?:service|use)|deed|indenture|letter\s+of\s+intent|term\s+sheet|charter"
    r"|engagement\s+letter|work\s+order|task\s+order|subcontract)\b",
    re.IGNORECASE,
)
# The noun closes a title, maybe followed by its number or a qualifier in brackets.
TITLE_END = re.compile(
    rf"(?:{TITLE_NOUN.pattern})(?:\s+(?:no\.?|number)\s*[\w\-]+)?(?:\s*\([^)]*\))?\s*$",
    re.IGNORECASE,
)
TITLE_SKIP = re.compile(
    r"^(?:exhibit|schedule|annex|appendix|attachment|source|page|table\s+of\s+contents|section"
    r"|article|confidential|execution|final|draft|certain|portions|note|redacted|this)\b"
    r"|^[\d(\[*]|\bthis\s+(?:agreement|exhibit|document)\b|\bhereto\b|\bomitted\b|\bnumber\b"
    r"|\bsecurities\s+and\s+exchange\b|\bpursuant\s+to\b|:\s|[.;]$"
    # A reference line under the title ("Contract No. GHP-FM-2025-03") and table rows.
    r"|^(?:contract|agreement|order|purchase\s+order|po|reference|ref)\.?\s*(?:no\.?|number|#)"
    r"|\|",
    re.IGNORECASE,
)
# A table-of-contents entry with its page number (but "STATEMENT OF WORK NO. 4" is a title).
TOC_LINE = re.compile(r"\.{4,}|(?<![Nn][Oo]\.)\s\d{1,3}$")
TITLE_MAX_CHARS = 120
TITLE_MAX_LINES = 4  # heading lines joined into one title
TITLE_SEARCH_CHARS = 4_000  # without a preamble, look this far
# The preamble names the contract when no heading does: "This Multiple LINAC ... Agreement (".
PREAMBLE_TITLE = re.compile(
    r"\b(?:THIS|This)\s+((?:[A-Z][\w&®\-/]*,?\s+|(?:and|of|for|to|&)\s+){1,12}?"
    r"(?:AGREEMENT|Agreement|CONTRACT|Contract|LEASE|Lease))\b"
)
# A trailing note on a heading line: "Supply Agreement — As amended on February 28, 2010".
TITLE_TAIL = re.compile(r"\s+[—–-]\s+(?:as\s+amended|dated|effective|execution|final)\b.*$", re.IGNORECASE)
# Layout gaps of three or more spaces stand for line breaks in text extracted without them
# ("Exhibit 10.10   Road Transportation Agreement   Party A ...").
SOFT_LINE_BREAK = re.compile(r"\n|[^\S\n]{3,}")
# A title in capitals that opens the preamble itself: "SUPPORT AGREEMENT dated as of ... between".
HEADING_OPENING = re.compile(
    r"[^\S\n]*(?P<title>[A-Z][A-Z0-9&,.'’\-/ ]{2,150}?(?:AGREEMENT|CONTRACT|LEASE|LICENSE))(?=,?[^\S\n]+[a-z])"
)
# A letter agreement's subject line names it: "Re: Letter Agreement – Brand Strategy Engagement".
SUBJECT_LINE = re.compile(r"(?:^|\n)[^\S\n]*(?:Re|RE|Subject|SUBJECT)\s*:[^\S\n]*(?P<title>[^\n]{3,150}?)[^\S\n]*(?=\n)")
BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
