"""Vocabulary of contract families (``contract_family``): what kind of document this is, the
agreement it names as its parent, whether it is signed or a draft, and the changes an amendment
states. Compiled by extractor.nlp.amendments; every pattern is matched case-insensitively unless
it says otherwise.
"""

from __future__ import annotations

from extractor.nlp.rules.entities import ORDINALS

HEADING_CHARS = 600  # the kind is read from the title and the first lines
HEADING_LINES = 5
PARENT_SEARCH_CHARS = 4_000  # the parent is named in the opening paragraphs
PARENT_DATE_WINDOW = 220  # "... Agreement between A and B dated July 1, 2017": chars after the name
MAX_CHANGE_SENTENCE = 600

# "Amended and Restated Services Agreement" replaces its parent: it is a whole agreement.
RESTATED = r"\bamended\s+and\s+restated\b"
ORDINAL_WORDS = "|".join(sorted((w for w in ORDINALS if " " not in w and "-" not in w), key=len,
                                reverse=True))  # fmt: skip
_NUMBER = r"(?:no\.?|number|#)?\s*(?P<{g}>\d{{1,3}}|[ivx]{{1,5}}\b)"
AMENDMENT_HEADING = (
    rf"\b(?P<ord>{ORDINAL_WORDS})\s+(?:amendment|addendum|change\s+order)\b"
    rf"|\b(?:amendment|addendum|change\s+order|variation)(?:\s+{_NUMBER.format(g='num')})?"
    r"(?=\s|$|\b)"
)
SOW_HEADING = (
    r"\b(?:statement\s+of\s+work|sow|work\s+order|task\s+order)\b"
    rf"(?:\s+{_NUMBER.format(g='num')})?"
)
# Order forms and purchase orders are children only when they name their master agreement.
ORDER_HEADING = r"\b(?:order\s+form|purchase\s+order|service\s+order)\b" + (
    rf"(?:\s+{_NUMBER.format(g='num')})?"
)
SOW_NAMED = r"\b(?:statement\s+of\s+work|work\s+order|task\s+order)\b|\bsow\s+(?:no\.?|number|#)"
# A line naming a whole agreement; the first line naming any kind of document decides.
AGREEMENT_NOUN = r"\b(?:agreement|contract|lease|licen[cs]e|terms\s+and\s+conditions|deed)\b"
HEADING_MAX_CHARS = 150  # a longer line is prose: only its opening words can name the kind
OPENING_CHARS = 60
# "ENDORSEMENT AGREEMENT ADDENDUM I", "AMENDMENT NO. 2 TO SOFTWARE DEVELOPMENT AGREEMENT": the
# heading names the parent.
HEADING_PARENT = (
    r"^(?P<before>.+?(?:agreement|contract))\s+(?:addendum|amendment)"
    r"|\bto\s+(?:the\s+|that\s+certain\s+)?(?P<after>.+?(?:agreement|contract))\s*$"
)
# Lines above the title that are not the title: "EXHIBIT 10.1", "Execution Version", "[LOGO]".
HEADING_SKIP = r"^\s*(?:exhibit\s+[\d.]+|execution\s+(?:copy|version)|\[logo\]|confidential|draft\b)"
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
         "x": 10}  # fmt: skip

# The parent agreement named in the opening: "amends that certain Manufacturing Agreement",
# "issued under the Master Services Agreement", "to the Development Agreement", "parties to that
# certain Distributor Agreement", "Reference is hereby made to that certain ... Agreement".
PARENT_CUE = (
    r"\b(?:amends?|amending|supplements?|modif(?:y|ies)|under|pursuant\s+to|parties\s+to|to"
    r"|entered\s+into|executed|governed\s+by|made\s+(?:to|under)|part\s+of|forms?\s+part\s+of"
    r"|incorporat(?:es|ed)\s+into|in\s+accordance\s+with)\s+"
    r"(?:that\s+certain\s+|the\s+|an?\s+)?(?:fully\s+executed\s+|existing\s+|original\s+)?"
)
# A name ending in the kind of agreement, in Title Case or capitals; CASE-SENSITIVE.
_SEP = r"(?:[^\S\n]*\n[^\S\n]*|[^\S\n]+)"  # a space or one line break (a wrapped line)
PARENT_NAME = (
    rf"(?P<title>(?:[A-Z][\w’'&.\-]*,?{_SEP}|(?:and|of|for|&){_SEP}){{1,10}}?"
    r"(?:Agreement|AGREEMENT|Contract|CONTRACT|Lease|LEASE|Order|ORDER|MSA))\b"
)
PARENT_NAME_WORDS_SKIP = {"this", "the", "that", "such", "said", "an", "a", "which"}
# The date a reference gives its agreement follows one of these within the window.
PARENT_DATE_CUE = (
    r"\b(?:dated|entered\s+into|effective|executed|made|signed|of)\b|\bas\s+of\b"
    r"|having\s+an\s+effective\s+date\s+of"
)
PARENT_PARTIES = r"\bbetween\s+(?P<a>[^,;()]{3,80}?)\s+and\s+(?P<b>[^,;()]{3,80}?)(?=\s*[(,;.]|\s+dated\b)"

# --- signed or draft -----------------------------------------------------------------------
SIGNED_MARK = r"/s/|\bs/\s*[A-Z]"
DRAFT_MARK = (  # CASE-SENSITIVE: "DRAFT" or "Draft" as a marker, not "drafting"
    r"\bDRAFT\b|\bDraft\s+(?:for|version|v\d|\d)|\bNOT\s+FOR\s+SIGNATURE\b"
    r"|\bFOR\s+DISCUSSION\s+(?:ONLY|PURPOSES)\b|^\s*FORM\s+OF\b|\bForm\s+of\s+[A-Z]"
)
DRAFT_SEARCH_CHARS = 1_500  # a draft says so at the top
BLANK_SIGNATURE = r"\bBy:\s*_{5,}"

# --- changes an amendment states ---------------------------------------------------------------
CHANGE_VERB = (
    r"\b(?:changed|amended|extended|moved|postponed|deferred|revised|rescheduled|accelerated"
    r"|replaced|increased|decreased|reduced|raised|adjusted|modified)\b|\binstead\s+of\b"
)
DUE_SUBJECT = (
    r"\b(?:due\s+date|deadline|delivery\s+date|completion\s+date|target\s+date|date)\s+"
    r"(?:of|for)\s+(?:the\s+)?(?P<target>.{3,120}?)\s+(?:is|are|shall|will)\b"
)
DUE_SUBJECT_ALT = r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:[A-Z][\w ]{0,30}\.\s+)?(?P<target>.{3,120}?)\s+(?:is|are|shall\s+be|will\s+be)\s+(?:now\s+)?due\b"
FEE_SUBJECT = (
    r"\b(?:fee|fees|payment|price|amount|compensation|charge|instal(?:l)?ment)\s+"
    r"(?:for|of|due\s+(?:on|upon|for|at))\s+(?:the\s+)?(?P<target>.{3,120}?)\s+"
    r"(?:is|are|shall|will)\b"
)
TOTAL_SUBJECT = (
    r"\b(?P<target>(?:total\s+)?(?:contract\s+(?:price|sum|value|amount)|total\s+(?:fees?|price"
    r"|value|contract\s+value|compensation)|fixed\s+(?:fee|price)|agreement\s+price"
    r"|purchase\s+price))\b"
)
TERM_SUBJECT = (
    r"\b(?:the\s+)?(?:term|initial\s+term|expiration\s+date|end\s+date|termination\s+date)\b"
    r"(?:\s+of\s+(?:the|this)\s+(?:agreement|contract))?"
)
TERM_VERB = (
    r"\b(?:extended|renewed|changed|amended|shall\s+(?:now\s+)?(?:end|expire|continue|run))\b"
)
TERM_DATE_CUE = r"\b(?:until|to|through|on|ending|expire\s+on|end\s+on)\s*$"
TERM_EXTENSION = r"\bextended\s+(?:by|for)\s+(?:an?\s+(?:additional|further)\s+)?"
# Before the old value: "from $30,000 to ...", "(instead of August 29, 2025)".
OLD_VALUE_CUE = r"\b(?:from|instead\s+of|previously|formerly|rather\s+than)\s*$"
SENTENCE_END = r"\.\s+[A-Z]|\n\s*\n"
# "This Amendment shall expire on ...": the amendment's own term, not the parent's.
OWN_TERM = r"\bthis\s+(?:\w+\s+)?(?:amendment|addendum|change\s+order)\s+(?:shall|will)\b"
ADD_CUE = (
    r"\b(?:milestones?|payments?|deliverables?|instal(?:l)?ments?)\s+(?:is|are)\s+(?:hereby\s+)?"
    r"added\b|\badd(?:s|ed)?\s+(?:the\s+following|a\s+new|an\s+additional|a)\s+(?:payment\s+)?"
    r"(?:milestones?|payments?|deliverables?)\b|\bnew\s+(?:payment\s+)?milestone\b"
)
DELIVERABLE_NAME = (
    r"\b(?:deliver\w*|install\w*|complet\w*|launch\w*|go-live|release|report|acceptance"
    r"|commission\w*|phase|design|build|training|migration)\b"
)
