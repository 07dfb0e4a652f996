"""Patterns and keyword tables for finding the parties of a contract (and its title).

Everything the ``contract_parties`` and ``contract_title`` components match lives here as data.
"""

from __future__ import annotations

import re

# How far into the text to look for the preamble (covers, tables of contents and
# confidentiality legends can push it a few pages in).
PREAMBLE_SEARCH_CHARS = 60_000
PREAMBLE_LOOKBACK = 800  # chars before "between" where "This ... Agreement" must start
PREAMBLE_MAX_CHARS = 2_500  # a preamble longer than this after "between" is cut
SIGNATURE_SEARCH_CHARS = 30_000  # from "IN WITNESS WHEREOF" on
MAX_PARTY_WORDS = 16

# Corporate suffixes: a comma before them does not end the name ("Sekisui Diagnostics, LLC").
CORPORATE_SUFFIX = (
    r"inc|incorporated|llc|l\.l\.c|ltd|limited|corp|corporation|co|company|plc|lp|l\.p|llp|"
    r"gmbh|ag|sa|s\.a|sas|s\.a\.s|bv|b\.v|nv|n\.v|n\.a|na|pte|pty|kk|ab|as|a/s|oy|spa|s\.p\.a|"
    r"srl|s\.r\.l|sarl|kg|se|pllc|pc|p\.c"
)

# Words that name a contract document: the head noun of "This ... Agreement".
AGREEMENT_NOUNS = (
    "agreement", "contract", "lease", "licen[cs]e", "order", "memorandum", "addendum",
    "amendment", "deed", "indenture", "terms", "statement of work", "sow", "undertaking",
    "letter", "charter", "plan", "arrangement", "understanding", "instrument", "note",
)
_NOUNS = "|".join(AGREEMENT_NOUNS)


def party_keyword() -> re.Pattern:
    """The words that introduce the parties: "by and between", "among", "BETWEEN:"."""
    return re.compile(
        r"\b(?:by\s+and\s+(?:between|among)|between\s+and\s+among|between|among(?:st)?"
        r"|entered\s+into\s+by|made\s+by|executed\s+by|B\s?E\s?T\s?W\s?E\s?E\s?N"
        r"|parties\s+to\s+this(?:\s+[\w-]+){0,4}?\s+(?:agreement|contract))\b"
        r"|(?<=\n)[^\S\n]*(?-i:PARTIES)[^\S\n]*:?(?=[^\S\n]*\n)"
        r"(?:\s*:)?",
        re.IGNORECASE,
    )


def preamble_opening() -> re.Pattern:
    """"This ... Agreement" (or "THE PARTIES TO THIS CONTRACT") before the party keyword."""
    return re.compile(
        rf"\b(?:this|these)\b[^\n]{{0,250}}?\b(?:{_NOUNS})\b|\bparties\s+to\s+this\b"
        rf"|(?:^|\n)[^\n]{{0,150}}?\b(?:{_NOUNS})\b\s*\(\s*(?:this|the)?\s*[“\"](?:agreement|contract)",
        re.IGNORECASE,
    )


def preamble_end() -> re.Pattern:
    """Where the preamble stops: recitals, the operative words, the first numbered clause."""
    return re.compile(
        r"\bW\s?H\s?E\s?R\s?E\s?A\s?S\b|\bRECITALS?\b|\bW\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H\b"
        r"|\bBACKGROUND\b|\bPRELIMINARY\s+STATEMENTS?\b|\bNOW,?\s+THEREFORE\b|\bIT\s+IS\s+AGREED\b"
        r"|\bhereby\s+agrees?\b|\bagree\s+as\s+follows\b|\bPREAMBLE\b"
        r"|\n\s*(?:ARTICLE|Article|SECTION|CHAPTER)\s+[\dIVX]+\b|\n\s*(?:1|I)(?:\.\d{0,2})?\.?\s+[A-Z]",
    )


# A quoted defined term: “Supplier”, "Supplier", ‘Supplier’, ``Supplier''.
QUOTED_TERM = re.compile(r"(?:[“\"”]|‘‘|''|``|‘|'(?=[A-Z]))\s*([^“”\"‘’'`()]{1,60}?)\s*(?:[”\"“]|’’|''|’|')")
PARENTHETICAL = re.compile(r"\(([^()]{1,300})\)")
# (hereinafter referred to as Party A) / (hereinafter called the Effective Date): no quotes.
UNQUOTED_TERM = re.compile(
    r"^\s*(?:hereinafter|herein|below)?\s*(?:(?:referred\s+to|called|named|designated)\s+)?"
    r"(?:as\s+)?(?:the\s+)?([A-Z][\w.&\-]*(?:\s+[A-Z][\w.&\-]*){0,3})\s*$"
)
# A defined role that names no single party ("Party", "Parties", "AS Parties"); "Party A" is one.
COLLECTIVE_TERM = re.compile(
    r"\bparties\b|^(?:the\s+|a\s+|each\s+)?party$|\bboth\b|\bcollectively\b|\bsignator",
    re.IGNORECASE,
)
# Role words accepted without quotes: "(Developer)", "(hereinafter referred to as Party A)".
ROLE_WORDS = frozenset(
    ["buyer", "seller", "supplier", "customer", "client", "vendor", "contractor", "subcontractor", "consultant", "company", "licensor", "licensee", "distributor", "reseller", "developer", "manufacturer", "purchaser", "provider", "recipient", "employer", "employee", "lessor", "lessee", "landlord", "tenant", "owner", "agent", "franchisor", "franchisee", "sponsor", "university", "institution", "investigator", "partner"]
)
UNQUOTED_LEAD = re.compile(r"^\s*(?:hereinafter|herein)\b", re.IGNORECASE)
# Quoted terms in the preamble that are not roles of a party.
NON_PARTY_TERMS = frozenset(
    {
        "agreement", "contract", "this agreement", "effective date", "execution date",
        "commencement date", "signing date", "closing date", "agreement date", "term",
        "initial term", "amendment effective date", "order form", "statement of work", "sow",
        "system", "purpose", "program", "project", "services", "products", "territory",
        "affiliates", "affiliate", "mou", "the agreement",
    }
)
# A quoted term ending in one of these names a thing, not a party ("the Build Addendum").
NON_PARTY_ROLE_END = re.compile(
    r"\b(?:agreements?|addendum|amendment|schedule|exhibit|annex|appendix|date|term|costs?|"
    r"fees?|plan|products?|services|program|territory|field|patents?|rights|information|"
    r"materials?|law|act|committee|system|assets?|liabilities|business|technology|software)$",
    re.IGNORECASE,
)
# A sentence stops the preamble once two parties are known; these abbreviations do not end one.
SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s+(?=[A-Z])")
ABBREVIATION_BEFORE = re.compile(
    rf"\b(?:{CORPORATE_SUFFIX}|st|no|mr|mrs|ms|dr|u\.s|n\.a|s\.a|v|vs|e\.g|i\.e|[A-Z])$",
    re.IGNORECASE,
)
# A numbered list item inside a preamble: "1. Baoding ...", "(2) NIGEL CROCKETT".
LIST_MARKER = re.compile(r"(?:^|\n)\s*(?:\(?\d{1,2}[.)]|\([a-z]\))\s+(?=[A-Z])")
# "Franchisee (as defined below)": a role word standing for a party named later.
AS_DEFINED = re.compile(r"^\s*as\s+(?:hereinafter\s+)?defined\b", re.IGNORECASE)

# Words in a parenthetical that say the quoted term covers several parties.
GROUP_WORDS = re.compile(r"\b(?:together|collectively|jointly|each\s+(?:a|an)|both)\b", re.IGNORECASE)

# Connectors between two parties inside the preamble.
LEADING_JUNK = re.compile(
    r"^(?:[\s,;:.\-–—_)]|\band\b|\bAND\b|\bor\b|\bbetween\b|\bamong\b|\bBETWEEN\b|"
    r"\bon\s+the\s+(?:one|other)\s+hand\b|\bas\s+well\s+as\b|\(?\b\d{1,2}[.)](?=\s)|"
    r"\([a-z1-9]\)|-\s*and\s*-)+"
)
# A new party starts after "; and", ", and", "AND 2." inside a chunk that begins with the
# previous party's descriptor; "for the services of" introduces the person a loan-out lends.
PARTY_CONNECTOR = re.compile(
    r"(?:[,;]\s*and\s+|;\s+|\s(?:AND|and)[,:]?\s+(?:\(?\d{1,2}[.)]\s+)?|\bfor\s+(?:the\s+)?services\s+of\s+"
    r"|\bf/s/o\s+)(?=(?:the\s+|The\s+)?[A-Z0-9])"
)
# Where a party's name stops and its description begins.
ENTITY_WORDS = (
    r"company|corporation|corp\b|limited|partnership|llc|l\.l\.c|trust|bank|association|"
    r"institution|individual|entity|organi[sz]ation|division|subsidiary|member|body|"
    r"society|university|agency|authority|fund|foundation|cooperative|societe|société|sole"
)
DESCRIPTOR_START = re.compile(
    r",\s*(?:an?|the)\s+(?!\s*(?:division|subsidiary|member)\s+of\s+[A-Z][\w]+\s*$)"
    rf"|\s(?:an?)\s+(?:[\w.\-]+\s+){{0,4}}?(?:{ENTITY_WORDS})"
    r"|,?\s+(?:having|with\s+(?:its|a|an|offices?|principal|registered|headquarters)|whose"
    r"|located|organi[sz]ed|incorporated\s+(?:in|under)|existing|residing|formerly|doing\s+business|d/b/a"
    r"|trading\s+as|operating\s+(?:as|with)|on\s+behalf|acting|by\s+its|represented|through"
    r"|registered|established|c/o|care\s+of|at\s+\d|of\s+\d|duly|which|who|domiciled"
    r"|also\s+known|a/k/a|aka\b|hereinafter|herein|as\s+(?:agent|trustee)|under\s+the"
    r"|for\s+(?:the|its)\s+(?:performance|purpose|provision|benefit))\b"
    r"|,\s*(?:each|both|together|collectively|individually|and\s+(?=[a-z]))\b"
    r"|,\s*(?-i:incorporated|registered|organi[sz]ed|established|existing)\b"
    r"|,\s*\d|\s+of\s*$|\s+of\s+(?=\d)|\s+of\s*\(|\s*\(|\s*\[|,\s*$",
    re.IGNORECASE,
)
SUFFIX_AFTER_COMMA = re.compile(
    rf",\s*(?:{CORPORATE_SUFFIX})\b\.?(?!\s+(?:and|in|under|registered)\b)", re.IGNORECASE
)
ORG_SUFFIX_END = re.compile(rf"\b(?:{CORPORATE_SUFFIX})\.?,?\s*$", re.IGNORECASE)
# "Consolidated Artists Inc., Sommerville House, ...": an address straight after the suffix.
SUFFIX_THEN_ADDRESS = re.compile(
    rf"\b(?:{CORPORATE_SUFFIX})\b\.?(?=\s*,\s*(?!(?:{CORPORATE_SUFFIX})\b|and\b)\S)", re.IGNORECASE
)
# "the above-named Supplier": the name is in a cover-sheet field ("Company Name: Acme Inc.").
ABOVE_NAMED = re.compile(r"\babove[-\s]named\s+(\w+)", re.IGNORECASE)
NAME_FIELD = re.compile(r"^[ \t]*(?:Company|Supplier|Vendor|Customer|Contractor|Client|Party)\s+Name\s*:[ \t]*(\S[^\n]{1,100})$", re.MULTILINE)
# Chunks that are not a party name even when they precede a quoted term.
NOT_A_NAME = re.compile(
    r"^(?:the\s+)?(?:this|such|said|each|either|any|all|both|its|their|his|her|which|that|"
    r"who|whose|hereinafter|collectively|together|individually|jointly|party|parties|"
    r"agreement|effective|dated|date|as\s+of|made|entered)\b",
    re.IGNORECASE,
)

# Signature blocks.
WITNESS = re.compile(r"IN\s+WITNESS\s+(?:WHEREOF|THEREOF)|In\s+Witness\s+Whereof|SIGNATURES?\s*\n")
SIGNATORY_HINT = re.compile(r"\bsignator(?:y|ies)\b", re.IGNORECASE)
ON_BEHALF = re.compile(r"^\s*(?:for\s+and\s+\.?on\s+behalf\s+of|on\s+behalf\s+of)\s*:?\s*(.*)$", re.IGNORECASE)
BY_LINE = re.compile(r"^\s*By\s*:", re.IGNORECASE)
SIGNATURE_FIELD = re.compile(
    r"^\s*(?:By|Name|Title|Date|Its|Signature|Print(?:ed)?\s+Name|Address|Attest|Witness)\b\s*:?",
    re.IGNORECASE,
)
# A line in a signature block that names an organisation.
ORG_LINE = re.compile(
    rf"^[A-Z0-9][\w&.,'’\-/() ]{{1,90}}\b(?:{CORPORATE_SUFFIX}|university|hospital|"
    r"institute|authority|telecom|fund|trust|bank|group|partners)\b\.?,?(?:\s*\(.*\))?$",
    re.IGNORECASE,
)
UPPER_NAME_LINE = re.compile(r"^[A-Z0-9][A-Z0-9&.,'’\-/ ]{2,90}$")

# Title: a heading line naming the kind of contract, above the preamble.
TITLE_NOUN = re.compile(
    r"\b(?:agreement|contract|lease|licen[cs]e|order\s+form|purchase\s+order|statement\s+of\s+work"
    r"|memorandum\s+of\s+(?:understanding|agreement)|addendum|amendment|terms\s+and\s+conditions"
    r"|terms\s+of\s+(?:service|use)|deed|indenture|letter\s+of\s+intent|term\s+sheet|charter"
    r"|engagement\s+letter|work\s+order|task\s+order|subcontract)\b",
    re.IGNORECASE,
)
TITLE_SKIP = re.compile(
    r"^(?:exhibit|schedule|annex|appendix|attachment|source|page|table\s+of\s+contents|section"
    r"|article|confidential|execution|final|form\s+of|draft|certain|portions|note|redacted|this)\b"
    r"|^[\d(\[*]|\bthis\s+(?:agreement|exhibit|document)\b|\bhereto\b|\bomitted\b|\bnumber\b"
    r"|\bsecurities\s+and\s+exchange\b|\bpursuant\s+to\b|:\s|[.;]$",
    re.IGNORECASE,
)
TOC_LINE = re.compile(r"\.{4,}|\s\d{1,3}$")  # a table-of-contents entry with its page number
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
