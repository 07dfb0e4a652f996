"""Vocabulary for milestones and relative deadlines: anchors, triggers, kinds and distractors.

Compiled by extractor.nlp.duerules and extractor.nlp.milestones. Order matters in the ordered tables:
the first matching entry wins.
"""

from __future__ import annotations

from extractor.nlp.rules.entities import DAY_ORDINAL_WORDS, NUMBER_PHRASE_RE

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
# "15th", "fifteenth (15th)", "first": the Nth day or anniversary.
ORDINAL_WORDS = dict(DAY_ORDINAL_WORDS)
ORDINAL_RE = (
    r"(?:\d{1,3}(?:st|nd|rd|th)|"
    + "|".join(sorted((w.replace(" ", r"\s+") for w in ORDINAL_WORDS), key=len, reverse=True))
    + r")(?:\s*\(\s*\d{1,3}(?:st|nd|rd|th)?\s*\))?"
)
# "on the first anniversary of the Effective Date": N years after it ("each anniversary" is a
# recurrence, not a deadline).
ANNIVERSARY_RE = (
    rf"\b(?:the\s+)?(?P<nth>{ORDINAL_RE})\s+anniversary\s+of\s+"
    rf"(?P<anchor>[^;.:\n]{{2,{90}}})"
)
# "no later than the 15th day following our approval": N days after it ("the 15th day of each
# month" is a day of the month, not a deadline).
NTH_DAY_RE = (
    rf"\b(?:the\s+)?(?P<nth>{ORDINAL_RE})\s+(?P<unit>(?:calendar\s+|business\s+|working\s+)?"
    rf"day)\s+(?P<dir>after|following|from|succeeding)\s+(?P<anchor>[^;.:\n]{{2,90}})"
)
# "upon completion of the thirty (30) day hypercare period immediately following Go-Live".
PERIOD_END_RE = (
    r"\b(?:completion|expiry|expiration|end|lapse)\s+of\s+(?:the|a|an)\s+"
    r"(?P<num>{num})[\s-]*(?P<unit>{unit})\s+(?:[\w-]+\s+){{0,3}}?period\s+"
    r"(?:immediately\s+)?(?P<dir>following|after|from|starting\s+on|commencing\s+on)\s+"
    r"(?P<anchor>[^;.:\n]{{2,90}})"
)
# "Following completion of the SAT, the Buyer shall, within ten (10) Business Days, ...": the
# anchor leads the clause and the period after it names none.
LEAD_ANCHOR_RE = (
    r"^\W*(?:\d+(?:\.\d+)*\.?\s+)?(?:[A-Z][\w ]{2,40}\.\s+)?(?P<dir>following|after|upon|on)\s+"
    r"(?P<anchor>[^,;:.]{3,80}),"
)
BARE_WITHIN_RE = (
    r"\bwithin\s+(?P<num>{num})\s*(?P<unit>{unit})(?=\s*[,;]|\s+(?:either|to|conduct|issue)\b)"
)
# "Net 30", "net thirty (30) days".
NET_RE = rf"\bnet\s*[-:]?\s*(?P<num>{NUMBER_RE})(?:\s*(?P<unit>{UNIT_RE}))?"
# Zero-offset triggers: "upon signing", "on delivery of", "at the time of acceptance".
ZERO_OFFSET_RE = (
    r"\b(?:upon|on(?!\s+time\b)|at|as\s+of|following|after|with|when|once)\s+(?:the\s+)?"
    r"(?:time\s+of\s+)?"
    r"(?:the\s+)?(?:(?:Client|Customer|Buyer|Owner|Company|Purchaser|Licensee)['’]s\s+)?"
)
# An event named by a defined term that may be a milestone ("the Subscription Start Date",
# "Practical Completion", "the first day of the Event"): capitalised, ending in an event noun.
EVENT_TERM_RE = (
    r"^(?:(?:first|last|final)\s+day\s+of\s+(?:the\s+)?)?(?:[A-Z][\w-]*\s+){0,3}(?:Date|Day"
    r"|Completion|Closing|Event|Launch|Release|Go-Live|Acceptance|Delivery|Commencement|Start"
    r"|Deployment|Cut-?over|Sale|Approval|Handover|Sign-?off"
    r"|Possession|Cutover|Installation|Approval|Meeting|Conference)$|^Milestone\s+(?:\d+|[A-Z])$"
)
# Running headers and footers of filed copies ("Source: ACME INC, 8-K, 11/6/2019", "Page 3 of 9").
FOOTER_RE = r"(?m)^[^\S\n]*(?:Source:|Page\s+\d+\s+of\s+\d+)[^\n]*$"
# Longest anchor phrase read after the direction word.
MAX_ANCHOR_CHARS = 90


def anchors() -> list[tuple[str, str]]:
    """(regex, anchor) pairs tried in order on the phrase after the direction word."""
    return [
        (r"acceptance\s+test(?:ing)?\s+date|submission\s+for\s+(?:acceptance\s+)?test", "delivery"),
        (r"\beffective\s+date\b|\bcommencement\s+date\b|(?<!\w\s)\bstart\s+date\b",
         "effective_date"),
        (r"\bdate\s+(?:hereof|of\s+this\s+(?:agreement|contract))\b|\bagreement\s+date\b",
         "agreement_date"),
        ((r"\b(?:signing|execution|signature|countersignature|countersigning)\b"
          r"|\bcontract\s+award\b|\baward\s+of\b"
         r"|\bsigned\b|\bexecuted\b"), "signing"),
        ((r"\bkick[- ]?off\b|\bnotice\s+to\s+proceed\b|\bproject\s+start\b"
         r"|\bcommencement\s+of\s+(?:the\s+)?(?:work|works|services|project)\b"
         r"|\bstart\s+of\s+work\b|\bdate\s+for\s+(?:commencement|possession)\b"), "kickoff"),
        (r"\bdelivery\s+of\s+(?:this|the)\s+(?:agreement|contract)\b", "signing"),
        (r"\binvoice", "invoice"),
        ((r"^(?:(?:final|practical|substantial)\s+)?(?:completion|delivery|submission|installation)"
         r"\s+of\b"), "delivery"),  # "completion of the Site Acceptance Test": a delivery
        ((r"\bexpir(?:y|ation|es?)\b|\bend\s+of\s+the\s+"
          r"(?:then[- ]current\s+|initial\s+|renewal\s+)?(?:term|agreement)\b"
          r"|\brenewal\s+date\b|\bend\s+date\b|\bend\s+of\s+the\s+(?:[A-Z][\w-]*\s+)?Term\b"),
         "expiration"),
        (r"\b(?:regulatory|marketing|fda|ema|governmental?)\s+approval", ""),
        (r"\baccept(?:ance|ed|s)?\b|\bapprov(?:al|ed|es)\b|\bsign[- ]off\b", "acceptance"),
        (r"^receiv(?:ing|ed)\s+(?:it|them)$", "delivery"),
        ((r"\bdeliver(?:y|ed|ies|able)?\b|\bcomplet(?:ion|ed)\b|\bsubmi(?:ssion|tted)\b"
         r"|\bship(?:ment|ped)\b|\binstall(?:ation|ed)\b|\bgo[- ]live\b|\blaunch\b"),
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
# A cheap first pass over the tokens (lower-case forms): sentences without one are never read.
TRIGGER_WORDS = frozenset(
    (
        "milestone", "milestones", "deliver", "delivers", "delivered", "delivering", "delivery",
        "deliveries", "deliverable", "deliverables", "installment", "installments", "instalment",
        "instalments", "kick", "kickoff", "acceptance", "accepted", "accept", "approval", "approve",
        "approved", "review", "payment", "payments", "payable", "due", "signing", "execution",
        "balance", "deposit", "retainer", "renewal", "renew", "complete", "completed", "completion",
        "submit", "submitted", "submission", "phase", "week", "achieve", "commence", "commencing",
        "commencement", "start", "possession", "release", "provide", "install", "launch", "test",
        "notice", "notify", "request", "extend", "extension", "anniversary", "means", "occur",
        "place", "live",
    )
)  # fmt: skip
# Words that make a sentence carrying an amount a payment obligation.
PAYMENT_WORDS_RE = (
    r"\b(?:pay(?:s|able|ment|ments)?|paid|install?ments?|invoice[ds]?|due|balance|deposit"
    r"|down\s+payment|advance|fees?|compensation|remit(?:ted)?|retainer)\b"
)
# Words that name what happens to a thing, not the thing ("Acceptance of the Transition Plan").
EVENT_NOUNS_RE = (
    r"\b(?:acceptance|approval|sign[- ]?off|review|delivery|submission|completion|installation"
    r"|receipt)\b"
)
# A payment quoted with one of these recurs: it is not one event's payment.
RECURRING_WORDS_RE = (
    r"\b(?:monthly|quarterly|annual(?:ly)?|yearly|weekly)\b|\bper\s+(?:calendar\s+)?(?:month"
    r"|quarter|year|annum|week)\b|\beach\s+(?:calendar\s+)?(?:month|quarter|year)\b"
)
# Events a milestone can be: (regex, kind). kind_of() takes the earliest match in a name.
EVENTS = [
    (r"\b(?:signing|execution|signature)\b|\bcontract\s+award\b|\bsigned\b", "signing"),
    ((r"\bkick[- ]?off\b|\bnotice\s+to\s+proceed\b|\bproject\s+start\b|\bcommencement\b"
     r"|\bstart\s+date\b|\bpossession\b"), "kickoff"),
    (r"\bacceptance\b|\baccepted\b|\bapproval\b|\bapproved\b|\bsign[- ]off\b", "approval"),
    ((r"\bdeliver(?:y|ed|ies)?\b|\bcomplet(?:ion|ed|e)\b|\bsubmi(?:ssion|tted)\b"
     r"|\bship(?:ment|ped)\b|\binstall(?:ation|ed)?\b|\bgo[- ]live\b|\blaunch\b"
     r"|\bachiev(?:ement|ed)\b|\bcutover\b|\brelease\b|\breport\b"), "deliverable"),
]  # fmt: skip
# The standard anchor an event kind hangs on: a payment N days after its own event is a payment.
KIND_ANCHORS = {"signing": "signing", "kickoff": "kickoff", "approval": "acceptance",
                "deliverable": "delivery"}  # fmt: skip
# A milestone whose name says it is a payment is a payment, whatever event it names.
PAYMENT_NAME_RE = (
    r"\b(?:payments?|install?ments?|balance|deposit|fees?|retainer|invoice)\b"
    r"|\brelease\s+of\s+(?:the\s+)?(?:retainage|retention|holdback)"
)
# Names that are an event phrase, never a defined milestone another one can hang on.
GENERIC_NAME_RE = (
    r"^(?:delivery|acceptance|approval|completion|submission|installation|payment|shipment"
    r"|launch)\b"
)
# Deliverable verbs: the object is the deliverable ("deliver the Beta Release by ...").
DELIVERY_VERBS = {
    "deliver": "Delivery",
    "submit": "Submission",
    "complete": "Completion",
    "achieve": "",
    "provide": "",
    "give": "",
    "install": "Installation",
    "ship": "Shipment",
    "launch": "Launch",
}
DELIVERY_VERB_RE = (
    r"\b(?P<verb>deliver|submit|complete|achieve|provide|give|install|ship|launch)s?\b"
    r"(?:\s+to\s+(?:the\s+)?(?-i:[A-Z][\w&.’'-]*(?:\s+(?:of\s+)?[A-Z][\w&.’'-]*)*))?"
    r"(?:\s+(?:the\s+)?(?-i:[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)*)\s+with\b)?"
)
# "bring Separable Portion 1 to Practical Completion by 14 November 2025".
BRING_TO_RE = (
    r"\b(?P<verb>bring|and)\s+(?P<obj>(?:the\s+)?(?!and\b)[\w&-]+(?:\s+(?!and\b)[\w&-]+){0,6}?)"
    r"\s+to\s+"
    r"(?P<event>(?:Practical|Substantial|Final|Mechanical)\s+Completion)\b"
)
# Where a deliverable's name ends and its description starts ("an Interim Progress Report,
# describing fieldwork completed").
OBJECT_TAIL_RE = (
    r",?\s+(?:describing|comprising|including|covering|setting\s+out|summari[sz]ing|containing"
    r"|consistent\s+with|in\s+accordance\s+with|as\s+described|for\s+(?:approval|review)"
    r"|together\s+with|which|that|using|for\s+(?:all|each|every|any))\b"
)
# A numbered clause's heading names its deliverable when the object is a long description:
# "2.3 Final Gallery. Photographer shall deliver a private online gallery of no fewer than ...".
CLAUSE_HEADING_RE = (
    r"(?:^|\n)\W*\d{1,2}(?:\.\d{1,3})+\.?\s+(?P<heading>[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4})\.\s+$"
)
# A deadline that opens its clause: "2.3 Baseline Asset Report. Within sixty (60) days after
# the Commencement Date, the Contractor shall deliver ...": only a number/heading precedes it.
FRONTED_DUE_LEAD_RE = r"^\W*(?:\d{1,2}(?:\.\d{1,3})*\.?\s+)?(?:[A-Z][\w'’&/-]*\.?\s+){0,6}$"
# "to be delivered", "shall be completed": the object comes before the verb.
PASSIVE_VERB_RE = (
    r",?\s+(?:(?:(?:shall|will|must|is\s+to|are\s+to)\s+be|to\s+be)\s+"
    r"(?P<verb>delivered|completed|submitted|installed|shipped|launched|provided|achieved)"
    r"|(?:shall|will|must)\s+(?P<occur>occur|take\s+place))\b"
)
# Only these objects make "provide X by <date>" a deliverable (not "provide access").
PROVIDE_OBJECT_RE = (
    r"\b(?:report|plan|roadmap|documentation|document|deliverables?|software|release|build"
    r"|prototype|design|specifications?|analysis|assessment|study|manual|drawings?|results"
    r"|certificate|number|list|roster|proposal|schedule|forecast)s?\b"
)
# Given before an event, these are deliverables ("provide as-built drawings no later than 20
# Business Days before Practical Completion"); anything else given then is a notice.
DOCUMENT_OBJECT_RE = (
    r"\b(?:reports?|plans?|manuals?|drawings?|documentation|documents?|specifications?|designs?"
    r"|software|prototypes?|deliverables?|study|analysis|assessment|programme|program)\b"
)
# Lead words right before a due date in a deliverable clause.
DUE_LEAD_RE = (
    r"(?:\b(?:on\s+or\s+before|no\s+later\s+than|not\s+later\s+than|by|before|on|prior\s+to"
    r"|scheduled\s+for|due(?:\s+on)?)\s*)$"
)
# Where a deliverable's object starts again: "... by June 30, 2025, and the Final Report by ...".
SEGMENT_CUT_RE = r"[;:(]|\b(?:and|or|then)\b|,"
NOTICE_RE = (
    r"\bnon[- ]renewal\b|\bnot\s+to\s+renew\b|\bintent(?:ion)?\s+(?:not\s+)?to\s+renew\b"
    r"|\belect(?:s|ion)?\s+not\s+to\s+renew\b|\bdoes\s+not\s+wish\s+to\s+renew\b"
    r"|\bprevent\s+(?:the\s+)?(?:automatic\s+)?renewal\b|\bnotice\s+of\s+(?:its\s+)?intent"
)
# A clause that sets a deadline before expiry must be about a notice or a request.
NOTICE_WORD_RE = r"\bnotice\b|\bnotif(?:y|ies|ication)\b|\brequests?\b|\belect(?:s|ion)?\b"
# What a notice deadline is for: (regex, name), first match wins.
NOTICE_NAMES = [
    ((r"\bnon[- ]renewal\b|\bnot\s+to\s+renew\b|\belect(?:s|ion)?\s+not\s+to\s+renew\b"
     r"|\bdoes\s+not\s+wish\s+to\s+renew\b|\bprevent\s+(?:the\s+)?(?:automatic\s+)?renewal\b"),
     "Non-renewal notice deadline"),
    ((r"^(?=.*\brenew)(?=.*(?:notice\s+of\s+termination|intention\s+to\s+terminate|notice\s+to"
     r"\s+terminate|elects?\s+to\s+terminate))"), "Non-renewal notice deadline"),
    ((r"^(?=.*(?:automatic(?:ally)?\s+(?:renew|extend)|(?:renew|extend)\w*\s+automatically))"
     r"(?=.*\bterminat)"), "Non-renewal notice deadline"),
    (r"\brenew", "Renewal notice deadline"),
    (r"\bextend|\bextension\b", "Extension notice deadline"),
    (r"\bterminat", "Termination notice deadline"),
    (r"\boption\b", "Option exercise deadline"),
]
# "with effect from the end of the Initial Term" / "at the expiry of the Term": a notice given
# for then is due its notice period before the term ends.
TERM_END_RE = (
    r"\b(?:at|on|with\s+effect\s+from|as\s+of|upon)\s+the\s+(?:end|expiry|expiration)\s+of\s+the\s+"
    r"(?:(?:initial|then[- ]current|current|renewal|minimum)\s+)?(?:term|period)\b"
)
PERIOD_NOTICE_RE = (
    r"(?:not\s+less\s+than|no\s+less\s+than|at\s+least|a\s+minimum\s+of)\s+(?P<num>{num})\s*"
    r"(?P<unit>{unit})['’]?s?['’]?\s+(?:prior\s+|advance\s+)?(?:written\s+)?notice"
)
KICKOFF_RE = (
    r"\b(?P<kick>kick[- ]?off)\b(?:\s+(?:meeting|workshop))?|\bnotice\s+to\s+proceed\b"
    r"|\bproject\s+start(?:\s+date)?\b"
    r"|\bcommence\s+(?P<obj>(?:the\s+)?(?:work|works|services|performance|project|construction)\b)"
)
# Defined terms that name a dated milestone: "1 April 2025 (the "Commencement Date")".
DEFINED_DATE_RE = r"\s*\((?:the\s+|each\s+a\s+)?[\"“](?P<term>[^\"”]{3,40})[\"”]\)"
TERM_IS_DATE_RE = (
    r"\bThe\s+(?P<term>(?:[A-Z][\w-]*\s+){0,3}(?:Date|Day)(?:\s+(?:for|of)\s+[A-Z]\w+)?)\s+"
    r"(?:is|shall\s+be|will\s+be)\s+$"
)
# '"Commencement Date" means 1st April 2025' and "Subscription Start Date:    April 1, 2025".
TERM_MEANS_DATE_RE = r"[\"“](?P<term>[A-Z][^\"”\n]{2,40})[\"”]\s+(?:means|shall\s+mean|is)\s+"
TERM_LABEL_DATE_RE = (
    r"(?m)^[ \t]*(?P<term>(?:[A-Z][\w-]*[ \t]+){0,3}(?:Date|Day)"
    r"(?:[ \t]+(?:for|of)[ \t]+[A-Z]\w+)?)"
    r"[ \t]*:[ \t]*"
)
# Defined dates that end the term: their milestone is the expiration.
END_TERM_RE = r"\b(?:end|expiry|expiration|termination)\s+date$"
# Which defined terms are key dates (skipped: contract_key_dates has them) and which are kick-off.
KEY_DATE_TERM_RE = (
    r"^(?:effective|agreement|execution|signature|expiration|expiry|termination|renewal"
    r"|end|closing|order|award)|\b(?:effective\s*date|initial\s+term|term|renewal\s+term)$"
    r"|dates$|\b(?:agreement|amendment|supplement|addendum|contract|order|plan|policy|documents?"
    r"|letter|license|lease|note|notes|indenture|guaranty|certificate|specifications?)\b"
)
# Schedule rows that restate a key date rather than name a milestone.
KEY_DATE_ROW_RE = (
    r"^(?:date\s+of\s+(?:this\s+)?\w+|(?:effective|agreement|execution|signature|order|po|award"
    r"|contract)\s+date)\s*$"
)
# A dated defined term in one of these sentences is not a milestone ("warrants that dates on or
# after January 1, 2000 ("Millennial Dates")", "amended on May 12, 1998 ("Fourth Supplement")").
DEFINED_DATE_DISTRACTOR_RE = (
    r"\bwarrant|\binsurance\b|\bliabilit|\bindemnif|\bamended\b|\bdated\b|\bsupplement"
)
DATE_RANGE_START_RE = (
    r"(?P<month>[A-Z][a-z]+)\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*(?:through|to|until|-|–|—)\s*$"
)
RELEASE_RE = (
    r"\brelease\s+(?:of\s+)?(?P<part>(?:the\s+)?(?:(?:first|second|other)\s+)?(?:one[- ])?half"
    r"|(?:the\s+)?(?:balance|remainder|remaining\s+\w+)|\d+(?:\.\d+)?\s*%|\w+\s+percent"
    r"(?:\s*\(\d+(?:\.\d+)?%\))?)?(?:\s+of)?\s*(?:the\s+|all\s+|any\s+)?"
    r"(?P<what>retainage|retention|holdback|retained\s+amounts?)\b"
    r"|\b(?:the\s+)?(?P<what2>retainage|retention|holdback)\s+(?:\w+\s+){0,3}?(?:shall|will)"
    r"\s+be\s+"
    r"(?:released|paid|returned)\b"
)
DEEMED_ACCEPTANCE_RE = (
    r"\bdeemed\s+(?:to\s+have\s+been\s+|to\s+be\s+|to\s+have\s+)?(?:accepted|approved)\b"
    r"|\bdeemed\s+(?:acceptance|approval)\b"
    r"|\b(?:acceptance|approval)\s+shall\s+be\s+deemed\s+to\s+have\s+(?:occurred|been\s+given)\b"
)
# An acceptance the clause names: "issue a Final Acceptance Certificate".
ACCEPTANCE_NAMED_RE = (
    r"\b(?P<name>(?:Final|Provisional|Interim|Partial|Substantial)\s+Acceptance)\b"
)
# An acceptance clause is about work delivered, not purchase orders or committee minutes.
ACCEPTANCE_CONTEXT_RE = (
    r"\b(?:deliverables?|software|work\s+product|reports?|system|release|build|milestones?"
    r"|specifications?|documentation|application|services)\b"
)
ACCEPTANCE_NOT_RE = r"\b(?:purchase\s+orders?|orders?\s+for|minutes|forecasts?|committee)\b"
ACCEPTANCE_PERIOD_RE = (
    r"\b(?:accept(?:ance)?|reject(?:ion)?|review|test(?:ing)?|approv(?:e|al)|objection"
    r"|sign[- ]off|inspect(?:ion)?"
    r"|change\s+request|notif(?:y|ication)\s+of\s+(?:any\s+)?(?:non[- ]?conformit|defect|failure))"
)
# The object of an acceptance clause: "accept or reject the Final Report", "approve each
# deliverable".
ACCEPTANCE_OBJECT_RE = (
    r"\b(?P<verb>accept|reject|approve|review|test|inspect|sign[- ]off)\w*\s+(?:(?:or|and)\s+"
    r"(?:either\s+)?(?:accept|reject|approve|request\s+revisions\s+to)\w*\s+)?"
    r"(?P<obj>(?:the|each|any|such|all|every)\s+[\w\- ]{2,40}?)"
    r"(?=\s+(?:within|in\s+writing|or\b|and\b|against|no\s+later)|[,.;])"
)
# "Week 6" in a schedule: offset from project start.
WEEK_RE = r"\bweek\s+(?P<week>\d{1,3})\b"
# Enumerated items inside one clause: "(a) 20% upon signing; (b) ...", bullets, semicolons.
# "thirty\n(30) days": a number restated in digits is no enumerator.
NOT_ENUM = r"(?!\(\d{1,3}\)\s+(?:calendar\s+|business\s+|working\s+)?(?:days?|weeks?|months?|years?|hours?)\b)"
_ENUM = NOT_ENUM + r"\(?\s*(?:[a-h]|i{1,3}|iv|vi{0,3}|ix|x|\d{1,2})\s*[.)]\s"
ITEM_SPLIT_RE = (
    rf";\s*(?:and\s+|or\s+)?|(?<=[:,])\s*(?={_ENUM})|\s(?:and|or)\s+(?={_ENUM})"
    rf"|\n\s*(?={_ENUM})|[●•▪◦]\s*"
)
# "the balance", "the remainder", "remaining 30%" -> what is left of the total.
BALANCE_RE = (
    r"\b(?:the|any|entire|unpaid|outstanding|remaining)\s+(?:unpaid\s+)?balance\b"
    r"|\bremainder\s+of\s+the\s+(?:contract\s+price|price|fees?|license\s+fee|contract\s+sum)\b"
    r"|\bremaining\s+(?:amount|fees?|\d+\s*%)"
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
    r"|\bescrow\b"
    r"|\bdated\s+(?:as\s+of\s+)?(?:[A-Z][a-z]+|\d)|\bagreement\s+dated\b"
    r"|\brepair(?:ed)?\s+or\s+replace"
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
# ... or a defined term naming the price ("50% of the Mobilisation Charge", "40% of the Grant").
PERCENT_OF_TERM_RE = (
    r"\)?\s+of\s+the\s+(?:[A-Z][\w-]*\s+){0,3}(?:Sum|Price|Fees?|Charges?|Grant|Value|Amount"
    r"|Consideration|Compensation|Award|Budget|Cost)\b"
)
