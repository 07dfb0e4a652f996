"""Patterns and keyword tables for finding the parties of a contract.

Everything the ``contract_parties`` component matches lives here as data (the title's tables are
in ``rules/title.py``).
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
        r"|entered\s+into\s+by|made\s+by|executed\s+by|issued\s+by|B\s?E\s?T\s?W\s?E\s?E\s?N"
        r"|parties\s+to\s+this(?:\s+[\w-]+){0,4}?\s+(?:agreement|contract))\b"
        r"|(?<=\n)[^\S\n]*(?-i:PARTIES)[^\S\n]*:?(?=[^\S\n]*\n)"
        r"(?:\s*:)?",
        re.IGNORECASE,
    )


def preamble_opening() -> re.Pattern:
    """"This ... Agreement" (or "THE PARTIES TO THIS CONTRACT") before the party keyword; or a
    title in capitals opening a line and going on ("SUPPORT AGREEMENT dated as of ... between"),
    group ``title``: the keyword must then follow in the same paragraph. A title alone on its line
    is a cover page's."""
    return re.compile(
        rf"\b(?:this|these)\b(?!\s*[“\"”])[^\n]{{0,250}}?\b(?:{_NOUNS})\b|\bparties\s+to\s+this\b"
        rf"|(?:^|\n)[^\n]{{0,150}}?\b(?:{_NOUNS})\b\s*\(\s*(?:this|the)?\s*[“\"](?:agreement|contract)"
        r"|(?:^|\n)[^\S\n]*(?P<title>(?-i:[A-Z][A-Z0-9&,.'’\-/ ]{2,150}?(?:AGREEMENT|CONTRACT|LEASE|LICENSE)))"
        r"(?=,?[^\S\n]+(?-i:[a-z]))",
        re.IGNORECASE,
    )


def preamble_end() -> re.Pattern:
    """Where the preamble stops: recitals, the operative words, the first numbered clause."""
    return re.compile(
        r"\bW\s?H\s?E\s?R\s?E\s?A\s?S\b|(?:^|\n)\s*Whereas\b|\bRECITALS?\b|\bW\s?I\s?T\s?N\s?E\s?S\s?S\s?E\s?T\s?H\b"
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
        "affiliates", "mou", "the agreement", "sec", "exchange act", "securities act", "common stock",
        "code", "irs", "fda", "msa", "nda", "sla", "psa", "po",
    }
)
# Pronoun terms ("you" or the "Consultant"): a party's role only when no other term is given.
PRONOUN_TERMS = frozenset({"we", "us", "our", "you", "your", "i", "me"})
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
    rf"\b(?:{CORPORATE_SUFFIX}|st|no|mr|mrs|ms|dr|u\.s|n\.a|s\.a|v|vs|e\.g|i\.e|ave|rd|blvd|ln|pkwy|hwy|ste|fl|[A-Z])$",
    re.IGNORECASE,
)
# A numbered list item inside a preamble: "1. Baoding ...", "(2) NIGEL CROCKETT".
LIST_MARKER = re.compile(
    r"(?:^|\n)\s*(?:\(?\d{1,2}[.)]|\([a-z]\))\s+(?=[A-Z])|\bParty\s+[A-Z1-9]\b\s*(?:\([^()]{1,40}\))?\s*:\s*"
)
# "Franchisee (as defined below)": a role word standing for a party named later.
# A party block closed by a dashed definition line (German style): "Rheinwerk GmbH\n<address>\n# - hereinafter the "Licensor" -".
DASHED_DEFINITION = re.compile(
    r"^[^\S\n]*[-–—][^\S\n]*(hereinafter[^\n]{1,80}?)[^\S\n]*[-–—][^\S\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
BLOCK_CONNECTOR = re.compile(r"^\s*(?:by\s+and\s+)?(?:between|and)\s*:?\s*$", re.IGNORECASE)
AS_DEFINED = re.compile(r"^\s*as\s+(?:hereinafter\s+)?defined\b", re.IGNORECASE)

# Words in a parenthetical that say the quoted term covers several parties.
GROUP_WORDS = re.compile(r"\b(?:together|collectively|jointly|each\s+(?:a|an)|both)\b", re.IGNORECASE)

# Connectors between two parties inside the preamble.
LEADING_JUNK = re.compile(
    r"^(?:[\s,;:.\-–—_)]|\band\b|\bAND\b|\bor\b|\bbetween\b|\bamong\b|\bBETWEEN\b|"
    r"\bon\s+the\s+(?:one|other)\s+hand\b|\bas\s+well\s+as\b|\(?\b\d{1,2}[.)](?=\s)|"
    r"\([a-z1-9]\)|-\s*and\s*-|[●•▪◦·]|"
    r"\bParty\s+[A-Z1-9]\b\s*(?:\([^()]{1,40}\))?\s*:|"  # "Party A (Shipper): ZTO Express Co., Ltd."
    r"\b(?:its|their)\s+(?:[A-Z][\w-]*\s+){0,2}[A-Z][\w-]*,\s*)+"  # "its Reseller, Schoolpop, Inc."
)
# A new party starts after "; and", ", and", "AND 2." inside a chunk that begins with the
# previous party's descriptor; "for the services of" introduces the person a loan-out lends.
PARTY_CONNECTOR = re.compile(
    r"(?:[,;]\s*and\s+|;\s+|\s(?:AND|and)[,:]?\s+(?:\(?\d{1,2}[.)]\s+)?|\bfor\s+(?:the\s+)?services\s+of\s+"
    r"|\bf/s/o\s+|\bon\s+behalf\s+of\s+(?:the\s+)?)(?=(?:the\s+|The\s+)?[A-Z0-9])"
)
# A registration number in brackets after a name: "(ACN 123 456 789)", "(company number 0987)",
# "(UEN 201512345K)", "(registered number 30117R)", "(KvK 71234567)".
REGISTRATION = (
    r"(?-i:[A-Z]{2,5})\.?\s*(?:no\.?\s*|number\s*|:\s*)?[\dA-Z]?[\d\s-]{4,}|(?:company|registered|registration|"
    r"reg\.?|charity|business|corporate)\s+(?:no\b|number|registration)"
)
# A trailing state after a public body: "the County of Marlow, Kentucky" is "County of Marlow".
US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|"
    "Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|"
    "Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|"
    "New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|"
    "South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|"
    "Wisconsin|Wyoming"
)
# Where a party's name stops and its description begins.
ENTITY_WORDS = (
    r"company|corporation|corp\b|limited|partnership|llc|l\.l\.c|trust|bank|association|"
    r"institution|individual|entity|organi[sz]ation|division|subsidiary|member|body|"
    r"society|university|agency|authority|fund|foundation|cooperative|societe|société|sole"
)
DESCRIPTOR_START = re.compile(
    r",\s*(?:an?|the)\s+(?!\s*(?:division|subsidiary|member)\s+of\s+[A-Z][\w]+\s*$)"
    r"|,\s*(?-i:[A-Z][a-z]+)(?:\s+(?-i:[A-Z][a-z]+))?\s+(?-i:corporation|company|limited\s+liability\s+company|"
    r"limited\s+partnership|partnership)\b"  # "Apollo Endosurgery, Delaware corporation"
    rf"|\s(?:an?)\s+(?:[\w.\-]+\s+){{0,4}}?(?:{ENTITY_WORDS})"
    r"|,?\s+(?:having|with\s+(?:its|a|an|offices?|principal|registered|headquarters)|whose"
    r"|located|organi[sz]ed|incorporated\s+(?:in|under)|existing|residing|formerly|doing\s+business|d/b/a"
    r"|trading\s+as|operating\s+(?:as|with)|on\s+behalf|acting|by\s+its|represented|through"
    r"|registered|established|c/o|care\s+of|at\s+\d|of\s+\d|duly|which|who|domiciled"
    r"|also\s+known|a/k/a|aka\b|hereinafter|herein|as\s+(?:agent|trustee)|under\s+the"
    r"|for\s+(?:the|its)\s+(?:performance|purpose|provision|benefit))\b"
    r"|,\s*(?:each|both|together|collectively|individually|and\s+(?=[a-z]))\b"
    r"|,\s*(?-i:incorporated|registered|organi[sz]ed|established|existing)\b"
    r"|,\s*\d|\s+of\s*$|\s+of\s+(?=\d)|\s+of\s*\(|\s*\((?![A-Z][\w .&-]{0,30}\)\s+(?-i:[A-Z]))|\s*\[|,\s*$"
    rf"|\s*\((?={REGISTRATION})|\s+of\s+(?=(?:level|suite|unit|floor|flat|building|p\.?\s?o\.?\s+box)\s)"
    rf"|,\s*(?:the\s+)?(?-i:{US_STATES})\s*$",
    re.IGNORECASE,
)
SUFFIX_AFTER_COMMA = re.compile(
    rf",\s*(?:{CORPORATE_SUFFIX})\b\.?(?!\s+(?:and|in|under|registered)\b)", re.IGNORECASE
)
ORG_SUFFIX_END = re.compile(rf"\b(?:{CORPORATE_SUFFIX})\.?,?\s*$", re.IGNORECASE)
# "Consolidated Artists Inc., Sommerville House, ...": an address straight after the suffix.
SUFFIX_THEN_ADDRESS = re.compile(
    rf"\b(?:{CORPORATE_SUFFIX})\b\.?(?=\s*,\s*(?!(?:{CORPORATE_SUFFIX})\b|and\b)\S|\s+\d{{1,6}}\s+[A-Z])", re.IGNORECASE
)
# "RIDGEBACK SERVICES PTY LTD of 17 Foundry Lane": "of" after a suffix starts the address.
SUFFIX_THEN_OF = re.compile(
    r"\b(?:ltd|limited|pty|plc|inc|llc|llp|gmbh|b\.v|bv|pte|s\.a|sa|ag)\b\.?(?=\s+of\s)", re.IGNORECASE
)
# A name block: the name's own line ends in its suffix, its address follows on the next lines
# ("Boehringer Ingelheim International GmbH\nBinger Straße 173\n55216 Ingelheim").
SUFFIX_LINE_END = re.compile(
    rf"^\s*(?P<name>[^\n]*?\b(?:{CORPORATE_SUFFIX})\b\.?)[^\S\n]*\n"
    rf"(?![^\S\n]*(?:[,(]|(?-i:[a-z])|(?:{CORPORATE_SUFFIX})\b|(?:and|&)\b))",
    re.IGNORECASE,
)
# "VITALIBIS INC a Nevada corporation": the name ends at its suffix (capitalised suffixes only).
SUFFIX_THEN_ARTICLE = re.compile(
    r"\b(?:Inc|INC|LLC|L\.L\.C|Ltd|LTD|Limited|LIMITED|Corp|CORP|Corporation|CORPORATION|Co|CO|Company|"
    r"COMPANY|plc|PLC|LP|L\.P|LLP|GmbH|AG|S\.A|SA|N\.V|NV|B\.V|BV)\.?(?=,?\s+an?\s+[A-Z])"
)
# Lowercase words a party name may hold ("Bank of America", "... LLC and its Affiliates"); any
# other lowercase word ends the name ("Client on the Effective Date").
NAME_LOWER_WORDS = frozenset(
    ["and", "of", "the", "for", "de", "du", "des", "da", "di", "la", "le", "del", "von", "van", "der", "den", "zur", "zum", "für", "y", "e", "et", "its", "all", "their", "respective", "subsidiaries", "affiliates", "related", "companies", "&"]
)
# After the last defined term: "..., and Uniquest Corporation 780 Montague Expressway".
TRAILING_PARTY = re.compile(r"[\s,;)]*\band\s+(?=[A-Z])")
# Connectors between parties named without defined terms ("between Acme Inc. and Beta LLC").
UNMARKED_SPLIT = re.compile(r"(?:[,;]\s*and\s+|;\s+|(?P<bare>\s(?:AND|and)\s+)|-\s*and\s*-)(?=[A-Z0-9])")
# A lowercase brand opening a name: "salesforce.com", "bw-3", "edge2net", "iPass".
BRAND_WORD = re.compile(r"[a-z][a-z]*(?:[.\-\d][\w.\-]*|[A-Z]\w*)\b")
# A field list instead of a preamble: "Party A (Shipper): ZTO Express Co., Ltd. Address: ...".
PARTY_FIELD = re.compile(
    r"(?:^|\n|[^\S\n]{2,})[^\S\n]*(?P<label>Party\s+[A-Z1-9])\b[^\S\n]*(?:\((?P<role>[^()\n]{1,40})\))?[^\S\n]*:\s*"
    r"(?P<value>(?:(?!\bParty\s+[A-Z1-9]\b[^\S\n]*(?:\([^()\n]*\))?[^\S\n]*:)[^\n]){2,200})"
)
PARTY_LABEL = re.compile(r"\bParty\s+[A-Z1-9]\b")
MAX_FIELD_PARTIES = 6
FIELD_VALUE_END = re.compile(
    r"\s+(?:Address|Add|Tel|Telephone|Fax|Contact|Seal|Signature|By(?=\s*:)"
    r"|(?i:legal|authori[sz]ed)\s+(?i:representative)|Regist(?:ered|ration)\s+(?i:address|office))\b"
    r"|[^\S\n]{3,}"
)
# "the above-named Supplier": the name is in a cover-sheet field ("Company Name: Acme Inc.").
# "the vendor named above" (purchase orders): the name is in the "VENDOR" block at the top.
ABOVE_NAMED = re.compile(r"\babove[-\s]named\s+(\w+)|\b(\w+)\s+(?:named|identified|listed)\s+above\b", re.IGNORECASE)
NAME_FIELD = re.compile(r"^[ \t]*(?:Company|Supplier|Vendor|Customer|Contractor|Client|Party)\s+Name\s*:[ \t]*(\S[^\n]{1,100})$", re.MULTILINE)


def role_field(role: str) -> re.Pattern:
    """A field naming the party of ``role``: "Vendor: X", "Vendor Name: X", or "VENDOR" over X."""
    word = re.escape(role)
    return re.compile(
        rf"^[ \t]*(?i:{word})(?:\s+(?i:name))?[ \t]*(?::[ \t]*|\n[ \t]*)(?P<name>[A-Z0-9][^\n]{{1,100}})$",
        re.MULTILINE,
    )
# Chunks that are not a party name even when they precede a quoted term.
NOT_A_NAME = re.compile(
    r"^(?:the\s+)?(?:this|such|said|each|either|any|all|both|its|their|his|her|which|that|"
    r"who|whose|hereinafter|collectively|together|individually|jointly|party|parties|"
    r"agreement|effective|dated|date|as\s+of|made|entered|address|tel|fax|contact|attention|attn|e-?mail)\b"
    r"|(?:in|if|upon|when|where|under|from|with|by|to|at)\s+(?-i:[a-z])",
    re.IGNORECASE,
)

# A sentence opens with these words; a name never does.
SENTENCE_OPENER = re.compile(
    r"(?:After|Based|On|Except|Notwithstanding|If|In|Upon|Unless|Subject|Pursuant|Provided|During|"
    r"For|When|Where|Whereas|Within|Without|Each|Either|Neither|Any|All|No|This|These|That|Such|"
    r"Our|Your|We|You|It|Its|Their|His|Her|As|At|By|To|From|With|Under|Until|Prior|Following|"
    r"Instead|Although|While|Because|Since|Both|Other|Further|Also|Then|Thereafter|Here|There|"
    r"Note|Please|Attention|Section|Article|Exhibit|Schedule|Agreed|Accepted|Signed|Dated|Date|"
    r"Name|Title|Address|Telephone|Tel|Fax|Email|Attn)\b(?!\s*(?:&|and\s+[A-Z]))",
)
# Address lines: street words, suites, post codes, post boxes.
ADDRESS_LINE = re.compile(
    r"\b(?:street|st\.|avenue|ave\.?|road|rd\.|boulevard|blvd|drive|suite|floor|building|p\.?\s?o\.?\s+box|"
    r"parkway|lane|highway|square|plaza|route)\b|\b\d{5}(?:-\d{4})?\b|^\d+\s+\w+",
    re.IGNORECASE,
)

# Signature blocks.
WITNESS = re.compile(r"IN\s+WITNESS\s+(?:WHEREOF|THEREOF)|In\s+Witness\s+Whereof|SIGNATURES?\s*\n")
SIGNATORY_HINT = re.compile(
    r"\bsignator(?:y|ies)\b|\b(?:set\s+forth|listed|named)\s+on\s+the\s+signature\s+pages?\b", re.IGNORECASE
)
ON_BEHALF = re.compile(r"^\s*(?:for\s+and\s+\.?on\s+behalf\s+of|on\s+behalf\s+of)\s*:?\s*(.*)$", re.IGNORECASE)
SIGNATURE_LINE = re.compile(r"(?:(?!\s(?:By|BY)\s*:)[^\n])+?(?=\n|[^\S\n]{3,}|\s(?:By|BY)\s*:|$)")
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
# Two signature blocks side by side read as one line: a name ending in its suffix, then another
# name ending in one ("CENTRACK INTERNATIONAL, INC. I-ON INTERACTIVE, INC.").
TWO_COLUMNS = re.compile(
    r"(?P<suffix>\b(?:INC|Inc|LLC|Ltd|LTD|Corp|CORP|Corporation|CORPORATION|GmbH|AG|B\.V|N\.V|S\.A|L\.P|LP|plc|PLC)\b\.?)"
    r",?\s+(?!(?:Ltd|LTD|Limited|LIMITED|Inc|INC|Co|CO|and|AND|&)\b)(?=[A-Z][\w-]*\s+\S.*\b(?:INC|Inc|LLC|Ltd|LTD|"
    r"Corp|CORP|Corporation|CORPORATION|GmbH|AG|B\.V|N\.V|S\.A|SA|L\.P|LP|plc|PLC)\b\.?$)"
)
UPPER_NAME_LINE = re.compile(r"^[A-Z0-9][A-Z0-9&.,'’\-/ ]{2,90}$")

# Letter agreements: a salutation opens the body, the writer signs after a closing, the addressee
# countersigns under "Accepted and agreed".
LETTER_SEARCH_CHARS = 4_000  # the salutation must come this early
LETTER_SALUTATION = re.compile(r"(?:^|\n)[^\S\n]*Dear\s+[^\n]{1,80}?[,:]?[^\S\n]*(?=\n)")
LETTER_CLOSING = re.compile(
    r"(?:^|\n)[^\S\n]*(?:Yours\s+(?:sincerely|faithfully|truly)|(?:Very\s+)?(?:truly|sincerely)\s+yours"
    r"|Sincerely|(?:Kind|Best|With\s+kind)\s+regards|Regards)\s*,?[^\S\n]*(?=\n)",
    re.IGNORECASE,
)
LETTER_ACCEPTANCE = re.compile(
    r"(?:^|\n)[^\S\n]*(?:(?:AGREED|ACCEPTED|ACKNOWLEDGED|CONFIRMED)(?:\s+(?:AND|&)\s+(?:AGREED|ACCEPTED|"
    r"ACKNOWLEDGED|CONFIRMED))?|(?i:(?:agreed|accepted|acknowledged|confirmed)\s+(?:and|&)\s+"
    r"(?:agreed|accepted|acknowledged|confirmed)))\b[^\n]{0,60}"
)
LETTER_BLOCK_CHARS = 500  # a closing's or acceptance's signature block
SIGNED_NAME = re.compile(r"^\s*/s/\s*(?P<name>[A-Z][^\n,]{1,60})")
# A person's name alone on a line ("Adaeze Okafor, d/b/a Okafor Brand Studio" -> "Adaeze Okafor").
PERSON_LINE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+)?(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})(?:,|$)")
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+")
LETTER_ROLE_REACH = 120  # chars after the name in the body where its defined-term parenthetical starts
# An order form's or purchase order's header names the parties by role: "Customer: Beta Corp.",
# "VENDOR" over "Pinecrest Document Solutions, Inc.". Only organisations count ("Buyer: Jan Lee"
# on a purchase order is the procurement officer).
ROLE_FIELD = re.compile(
    r"(?:^|\n)[^\S\n]*(?P<label>(?i:customer|client|supplier|vendor|provider|service\s+provider|buyer|seller|"
    r"purchaser|licensor|licensee|contractor|consultant|subscriber|lessor|lessee))(?:\s+(?i:name))?"
    r"(?:[^\S\n]*:[^\S\n]*|[^\S\n]*\n[^\S\n]*)(?P<value>[A-Za-z0-9][^\n]{1,120})"
)
ROLE_FIELD_SEARCH_CHARS = 5_000
# The same fields as rows of a details table: "| Item 3 | Developer | Pixel & Pine Pty Ltd (ABN ..) |".
TABLE_ROLE_FIELD = re.compile(
    r"\|[^\S\n]*(?P<label>(?i:customer|client|supplier|vendor|provider|service\s+provider|buyer|seller|"
    r"purchaser|licensor|licensee|contractor|consultant|subscriber|lessor|lessee|developer|agency|"
    r"owner|principal|distributor|manufacturer|landlord|tenant))(?:\s+(?i:name))?[^\S\n]*\|"
    r"[^\S\n]*(?P<value>[A-Za-z0-9][^|\n]{1,120}?)[^\S\n]*\|"
)

