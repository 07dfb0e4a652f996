"""Vocabulary for milestones and relative deadlines: anchors, triggers, kinds and distractors.

Compiled by extractor.duerules and extractor.milestones. Order matters in the ordered tables:
the first matching entry wins.
"""

from __future__ import annotations

from extractor.rules.entities import NUMBER_PHRASE_RE

# --- relative deadlines --------------------------------------------------------------------
# "thirty (30)", "30", "ten", "forty-five (45)".
NUMBER_RE = rf"(?:(?:{NUMBER_PHRASE_RE})\s*\(\s*\d+\s*\)|\(?\d+\)?|{NUMBER_PHRASE_RE})"
UNIT_RE = (
    r"(?:(?:calendar|business|working|banking)\s+)?(?:days?|weeks?|months?|years?)"
    r"|(?:calendar\s+)?(?:day|week|month|year)s?"
)
UNIT_NAMES = {
    "business": "business_days",
    "working": "business_days",
    "banking": "business_days",
    "day": "days",
    "week": "weeks",
    "month": "months",
    "year": "years",
}
# Words between the number and the anchor that say which side of the anchor the deadline is.
DIRECTION_WORDS = {
    "after": "after",
    "following": "after",
    "from": "after",
    "of": "after",
    "upon": "after",
    "since": "after",
    "succeeding": "after",
    "subsequent to": "after",
    "after receipt of": "after",
    "before": "before",
    "prior to": "before",
    "preceding": "before",
    "in advance of": "before",
    "ahead of": "before",
}
DIRECTION_RE = (
    r"(?:subsequent\s+to|prior\s+to|in\s+advance\s+of|ahead\s+of|after|following|from|of"
    r"|upon|since|succeeding|before|preceding)"
)
# Lead-ins that make "N days" a deadline ("within", "no later than", "at least").
LEAD_RE = (
    r"(?:within|no\s+later\s+than|not\s+later\s+than|no\s+more\s+than|not\s+more\s+than"
    r"|at\s+least|not\s+less\s+than|no\s+less\s+than|by|on\s+or\s+before|on\s+the\s+date"
    r"|on)"
)
# "Net 30", "net thirty (30) days".
NET_RE = rf"\bnet\s*[-:]?\s*(?P<num>{NUMBER_RE})(?:\s*(?P<unit>{UNIT_RE}))?"
# Zero-offset triggers: "upon signing", "on delivery of", "at the time of acceptance".
ZERO_OFFSET_RE = (
    r"\b(?:upon|on|at|following|after|with|when|once)\s+(?:the\s+)?(?:time\s+of\s+)?"
    r"(?:the\s+)?(?:(?:Client|Customer|Buyer|Owner|Company|Purchaser|Licensee)['’]s\s+)?"
)
# Longest anchor phrase read after the direction word.
MAX_ANCHOR_CHARS = 90


def anchors() -> list[tuple[str, str]]:
    """(regex, anchor) pairs tried in order on the phrase after the direction word."""
    return [
        (r"acceptance\s+test(?:ing)?\s+date|submission\s+for\s+(?:acceptance\s+)?test", "delivery"),
        (r"\beffective\s+date\b|\bcommencement\s+date\b", "effective_date"),
        (r"\bdate\s+(?:hereof|of\s+this\s+(?:agreement|contract))\b|\bagreement\s+date\b",
         "agreement_date"),
        (r"\b(?:signing|execution|signature)\b|\bcontract\s+award\b|\baward\s+of\b"
         r"|\bsigned\b|\bexecuted\b", "signing"),
        (r"\bkick[- ]?off\b|\bnotice\s+to\s+proceed\b|\bproject\s+start\b"
         r"|\bcommencement\s+of\s+(?:the\s+)?(?:work|services|project)\b|\bstart\s+of\s+work\b",
         "kickoff"),
        (r"\binvoice", "invoice"),
        (r"\bexpir(?:y|ation|es?)\b|\bend\s+of\s+the\s+(?:then[- ]current\s+|initial\s+|renewal\s+)?"
         r"(?:term|agreement)\b|\brenewal\s+date\b|\banniversary\b", "expiration"),
        (r"\baccept(?:ance|ed|s)?\b|\bapprov(?:al|ed|es)\b|\bsign[- ]off\b", "acceptance"),
        (r"\bdeliver(?:y|ed|ies|able)?\b|\bcomplet(?:ion|ed)\b|\bsubmi(?:ssion|tted)\b"
         r"|\bship(?:ment|ped)\b|\binstall(?:ation|ed)\b|\bgo[- ]live\b|\blaunch\b",
         "delivery"),
    ]  # fmt: skip


# Anchors that have a date in doc._.key_dates (kind of KeyDate that resolves them).
KEY_DATE_ANCHORS = {
    "effective_date": ("effective_date", "agreement_date"),
    "agreement_date": ("agreement_date", "effective_date"),
    "signing": ("signing_date", "agreement_date", "effective_date"),
    "expiration": ("expiration_date",),
}

# --- milestone clauses ---------------------------------------------------------------------
# A cheap first pass over doc.text: sentences without one of these words are never read.
TRIGGER_RE = (
    r"\b(?:milestones?|deliver(?:y|ies|ables?|ed)?|install?ments?|kick[- ]?off|accept(?:ance|ed)"
    r"|approv(?:al|ed)|payments?|payable|due|upon\s+(?:signing|execution)|balance|deposit"
    r"|down\s+payment|retainer|non[- ]renewal|not\s+to\s+renew|intent(?:ion)?\s+to\s+renew"
    r"|complet(?:e|ion|ed)|submit(?:ted)?|submission|phase|week\s+\d+)\b"
)
# Words that make a sentence carrying an amount a payment obligation.
PAYMENT_WORDS_RE = (
    r"\b(?:pay(?:s|able|ment|ments)?|paid|install?ments?|invoice[ds]?|due|balance|deposit"
    r"|down\s+payment|advance|fees?|compensation|remit(?:ted)?|retainer)\b"
)
# Events a payment or deliverable can hang on: (regex, kind of the milestone, short name).
EVENTS = [
    (r"\b(?:signing|execution|signature)\s+of\s+(?:this|the)\s+(?:agreement|contract|sow"
     r"|statement\s+of\s+work|order)|\bupon\s+(?:signing|execution)|\bcontract\s+award"
     r"|\bat\s+signing", "signing", "signing"),
    (r"\bkick[- ]?off|\bnotice\s+to\s+proceed|\bproject\s+start|\bcommencement\s+of\s+"
     r"(?:the\s+)?(?:work|services|project)", "kickoff", "kick-off"),
    (r"\bfinal\s+acceptance|\bacceptance|\baccepted|\bapproval|\bsign[- ]off", "approval",
     "acceptance"),
    (r"\bdeliver(?:y|ed|ies)?\b|\bcomplet(?:ion|ed)\b|\bsubmi(?:ssion|tted)\b|\bship(?:ment|ped)\b"
     r"|\binstall(?:ation|ed)\b|\bgo[- ]live\b|\blaunch\b|\bachiev(?:ement|ing|ed)\b",
     "deliverable", "delivery"),
]  # fmt: skip
# Nouns that name a deliverable in "deliver the <object>" (no object -> not a deliverable).
DELIVERY_VERBS = {
    "deliver": "Delivery",
    "submit": "Submission",
    "complete": "Completion",
    "provide": "Delivery",
    "install": "Installation",
    "ship": "Shipment",
    "launch": "Launch",
}
DELIVERY_VERB_RE = (
    r"\b(?P<verb>deliver|submit|complete|provide|install|ship|launch)(?:s|ed|ing)?\s+"
    r"(?:to\s+(?:the\s+)?(?:Client|Customer|Owner|Company|Buyer|Government|Agency|[A-Z]\w+)\s+)?"
)
# Where the deliverable's name stops.
OBJECT_STOP_RE = (
    r"\s+(?:on|by|no|not|within|to|prior|before|in|at|for|as|under|pursuant|which|that|and\s+"
    r"(?:shall|will)|shall|will|according|consistent|\()\b|[,;:.()]"
)
NOTICE_RE = (
    r"\bnon[- ]renewal\b|\bnot\s+to\s+renew\b|\bintent(?:ion)?\s+(?:not\s+)?to\s+renew\b"
    r"|\belect(?:s|ion)?\s+not\s+to\s+renew\b|\bdoes\s+not\s+wish\s+to\s+renew\b"
    r"|\bprevent\s+(?:the\s+)?(?:automatic\s+)?renewal\b|\bnotice\s+of\s+(?:its\s+)?intent"
)
KICKOFF_RE = (
    r"\bkick[- ]?off\b|\bnotice\s+to\s+proceed\b|\bproject\s+start(?:\s+date)?\b"
    r"|\bcommence\s+(?:the\s+)?(?:work|services|performance)\b"
)
DEEMED_ACCEPTANCE_RE = (
    r"\bdeemed\s+(?:to\s+have\s+been\s+|to\s+be\s+|to\s+have\s+)?(?:accepted|approved)\b"
    r"|\bdeemed\s+(?:acceptance|approval)\b"
)
ACCEPTANCE_PERIOD_RE = (
    r"\b(?:accept(?:ance)?|reject(?:ion)?|review|test(?:ing)?|approv(?:e|al)|objection"
    r"|change\s+request|notif(?:y|ication)\s+of\s+(?:any\s+)?(?:non[- ]?conformit|defect|failure))"
)
# "Week 6" in a schedule: offset from project start.
WEEK_RE = r"\bweek\s+(?P<week>\d{1,3})\b"
# Enumerated items inside one clause: "(a) 20% upon signing; (b) ...", bullets, semicolons.
ITEM_SPLIT_RE = r";\s*(?:and\s+|or\s+)?|\s(?=\(\s*(?:[a-h]|i{1,3}|iv|v|vi{0,3}|\d{1,2})\s*\)\s)|[●•▪◦]\s*"
# "the balance", "the remainder", "remaining 30%" -> what is left of the total.
BALANCE_RE = (
    r"\b(?:the\s+)?(?:balance|remainder|remaining\s+(?:balance|amount|fees?|\d+\s*%))\b"
)
ORDINAL_NAMES = ("First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth",
                 "Ninth", "Tenth", "Eleventh", "Twelfth")  # fmt: skip

# --- things that are not milestones --------------------------------------------------------
# A sentence with one of these is not a payment schedule or a deliverable deadline.
DISTRACTOR_RE = (
    r"\binsurance\b|\binsured\b|\bper\s+occurrence\b|\bper\s+claim\b|\bcoverage\b"
    r"|\bliabilit(?:y|ies)\b|\bliable\b|\bindemnif|\bdamages\b|\bpenalt(?:y|ies)\b"
    r"|\broyalt(?:y|ies)\b|\bnet\s+sales\b|\bcommission\b|\binterest\b|\blate\s+(?:fee|charge|payment)"
    r"|\bper\s+(?:hour|annum|month|year|quarter|week|day|unit|user|seat)\b|\bhourly\b"
    r"|\bmonthly\b|\bquarterly\b|\bannual(?:ly)?\b|\beach\s+(?:month|quarter|year)\b"
    r"|\brefund|\bcredit\b|\bterminat|\bbreach\b|\bcure\b|\bwarrant|\bconfidential"
    r"|\bshares?\b|\bstock\b|\bequity\b|\btax(?:es)?\b|\bsublicens|\bvoting\b"
    r"|\bdated\s+(?:as\s+of\s+)?(?:[A-Z][a-z]+|\d)|\bagreement\s+dated\b"
)
# Words that make a percent something other than a share of the price.
PERCENT_DISTRACTOR_RE = (
    r"%\s+(?:of\s+(?:the\s+)?(?:net|gross|voting|outstanding|revenue|sales|profits?|shares?"
    r"|equity|service\s+fee|interest)|service\s+fee|markup|mark-up|discount|interest|per\s+)"
    r"|\b(?:royalt|commission|discount|markup|interest\s+rate|test\s+coverage|uptime|availability)"
)
# A percent names a share of the price when followed by one of these.
PERCENT_OF_PRICE_RE = (
    r"%\)?\s+of\s+(?:the\s+)?(?:total|contract|aggregate|fixed|project|purchase|agreement"
    r"|sow|license|development|fees?|price|compensation|amount|value|consideration)"
)
# Words that make a schedule row or sentence a total, not a milestone.
TOTAL_ROW_RE = r"^\s*(?:grand\s+)?(?:sub-?\s*)?totals?\b|\btotal\s+(?:amount|fees?|price|value|cost)\b"
