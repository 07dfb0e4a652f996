"""Patterns for the contract's key dates: agreement, effective, signing and expiration dates,
the term, renewal and the notice period that stops a renewal. Used by ``contract_key_dates``.
"""

from __future__ import annotations

import re

from extractor.nlp.rules.entities import DAY_ORDINAL_WORDS, MONTHS

_MONTH = "|".join(sorted((m for m in MONTHS if len(m) > 3), key=len, reverse=True))
_ORDINAL = "|".join(sorted(DAY_ORDINAL_WORDS, key=len, reverse=True)).replace(" ", r"\s+")

COVER_SEARCH_CHARS = 3_000  # before the preamble: cover page "Dated: November 14, 2002"
NO_PREAMBLE_CHARS = 3_000  # without a preamble, the first chars are read as one
SENTENCE_MAX_CHARS = 900  # a term clause longer than this is cut
# Running headers and footers ("Source: ACME INC, 8-K, 11/6/2019") date the filing, not the deal.
FOOTER_LINE = re.compile(r"(?:^|\n)[^\S\n]*(?:Source|Page|Printed|Filed|Doc(?:ument)?\s+ID)\b[^\n]*$", re.IGNORECASE)
CUE_WINDOW = 60  # chars before a date where its cue ("dated as of") must be

# Written spellings dates.py cannot read, rewritten in place with the same length:
# "first (1st) day of" -> "first       day of"; "the 20 March day of 1998" -> "20 March 1998".
ORDINAL_ECHO = re.compile(r"\(\s*\d{1,2}\s*(?:st|nd|rd|th)?\s*\)(?=\s*day\s+of\b)", re.IGNORECASE)
DAY_MONTH_DAY_OF = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\s+(day\s+of)\s+(?:19|20)\d\d", re.IGNORECASE)
# Text-extraction artifacts, also rewritten in place: "10t h day" -> "10th  day" (an ordinal
# split by a space), "one (I) year" -> "one (1) year" (OCR), "two (2) year(s)" -> "years  ",
# "twelve (12) full calendar months" -> "twelve (12)                months".
SPLIT_ORDINAL = re.compile(r"\b(\d{1,2})(s t|n d|r d|t h|\nst|\nnd|\nrd|\nth)\b(?=\s+(?:day|of|,))",
                           re.IGNORECASE)
OCR_ONE = re.compile(r"(?<=\bone )\(I\)(?=\s+(?:year|month|week|day))", re.IGNORECASE)
PLURAL_PAREN = re.compile(r"\b(?:day|week|month|year)(\(s\))", re.IGNORECASE)
# Cheap scans for a piece every match of the rewrite above must hold (same flags): a text
# without one skips the slower full pattern.
SPLIT_ORDINAL_HINT = re.compile(r"\d(?:s t|n d|r d|t h|\nst|\nnd|\nrd|\nth)", re.IGNORECASE)
OCR_ONE_HINT = re.compile(r"one \(I\)", re.IGNORECASE)
PLURAL_PAREN_HINT = re.compile(r"[ykhr]\(s\)", re.IGNORECASE)
DAY_MONTH_DAY_OF_HINT = re.compile(r"day\s+of\s+(?:19|20)\d\d", re.IGNORECASE)
UNIT_FILLER = re.compile(r"(?<=\))\s+(?:full\s+)?(?:calendar|consecutive|complete)(?=\s+(?:day|week|month|year)s?\b)", re.IGNORECASE)

# A date left blank in the signed copy: "dated as of [•], 2020", "this ___ day of ____",
# "effective as of , 2020", "made this 30th day of April (the ...": no year.
BLANK_DATE = re.compile(
    r"(?:dated|as\s+of|made|entered\s+into|effective|this|on|date)\s*:?\s*(?:the\s+)?"
    r"(?:\[[\s•●_*.]{0,6}\]|_{2,}|,\s*(?:19|20)\d\d\b|day\s+of\b)"
    rf"|\b(?:{_MONTH})\s*(?:\[[\s•●_]{{0,6}}\]|_{{2,}})?\s*,\s*(?:19|20)\d\d\b"
    rf"|\bday\s+of\s+(?:{_MONTH})\b(?!\s*,?\s*(?:19|20)\d\d)"
    r"|\bday\s+of\s*(?:_{2,}|\[[\s•●_]{0,6}\]|,)",
    re.IGNORECASE,
)
# Cues that the date next to them is the date the agreement was made.
AGREEMENT_CUE = re.compile(
    r"(?:dated|as\s+of|made|entered\s+into|executed|effective|signed|on|this|date\s*:|"
    r"dated\s*:|day\s+of)\W*(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
# A defined term right after a date: (the "Effective Date"), ("Execution Date").
DEFINED_AFTER = re.compile(
    r"\W{0,3}\s*\((?:such\s+date,?\s*)?(?:the\s+|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?)?"
    r"[“\"']*\s*([^”\"')]{2,40}?)\s*[”\"']*\s*\)",
    re.IGNORECASE,
)
AGREEMENT_TERMS = re.compile(r"^(?:execution|agreement|signing|contract)\s+date$", re.IGNORECASE)
EFFECTIVE_TERM = re.compile(r"^effective\s*date(?:\s+of\s+(?:this|the)\s+(?:agreement|contract))?$", re.IGNORECASE)
# ("Second Amendment Effective Date"): the effective date of the document named so.
NAMED_EFFECTIVE_TERM = re.compile(r"^((?:[\w-]+\s+){1,3}?)effective\s+date$", re.IGNORECASE)
# Cues that the date next to them is when the agreement was made (not only when it takes effect).
MADE_BEFORE = re.compile(
    r"\b(?:made|entered\s+into|entered|signed|executed|dated|concluded)\b[\s,]*(?:and\s+(?:entered\s+into|"
    r"effective)\s+)?(?:as\s+of|on|at)?\s*(?:this|the)?\s*(?:\w+\s+)?$|\bis\s+dated\s+(?:as\s+of\s+)?$",
    re.IGNORECASE,
)
# "... that certain Reseller Agreement between Salesforce and Reseller dated as of": another contract.
OTHER_AGREEMENT_DATED = re.compile(
    r"\b(?:that\s+certain|amends|amending|amendment\s+to|pursuant\s+to|under)\s+(?:the\s+)?"
    r"[^.;()]{0,100}?\b(?:agreement|contract|lease|license)\b[^.;()]{0,80}?\bdated\s+(?:as\s+of\s+)?$",
    re.IGNORECASE,
)
# "governed by the Master Subscription Agreement between the parties dated": another contract; so
# is "the Vendor's proposal dated", "Quotation No. 4471 dated".
OTHER_DOCUMENT_DATED = re.compile(
    r"\b(?:governed\s+by|subject\s+to)\s+(?:the\s+)?[^.;()]{0,100}?\b(?:agreement|contract)\b[^.;()]{0,80}?"
    r"\bdated\s+(?:as\s+of\s+)?$|\b(?:proposal|quotation|quote|tender|bid|application|offer|invoice|"
    r"solicitation|rfp|rfq|letter|notice)\b[^.;()]{0,30}?\b(?:dated|issued(?:\s+on)?)\s+(?:as\s+of\s+)?$",
    re.IGNORECASE,
)
AGREEMENT_IS_DATED = re.compile(
    r"\b(?:this|the)\s+(?:[\w-]+\s+){0,3}?(?:agreement|contract|subcontract|deed|lease|licen[cs]e)\s+is\s+dated"
    r"\s+(?:as\s+of\s+)?(?:the\s+)?",
    re.IGNORECASE,
)
# The date of an order form or purchase order, given as a field: "Order Date: March 17, 2025".
ORDER_DATE_FIELD = re.compile(
    r"(?:^|\n)[^\S\n]*(?:(?:Purchase\s+)?Order(?:\s+Form)?|PO|P\.O\.|Issue|Contract|Agreement)\s+Date\s*:[^\S\n]*"
    r"|(?:^|\n)[^\S\n]*Date\s+of\s+(?:Order|Issue|Agreement)\s*:[^\S\n]*"
    # A numbered form box with the value on the next line ("1. DATE OF ORDER\n07/10/2020").
    r"|(?:^|\n)[^\S\n]*\d{1,2}[A-Z]?\.[^\S\n]+(?:Date\s+of\s+Order|Order\s+Date)[^\S\n]*\n[^\S\n]*",
    re.IGNORECASE,
)
ORDER_DATE_SEARCH_CHARS = 3_000
# A letter's date: a line holding only a date, above the salutation.
DATE_LINE = re.compile(r"(?:^|\n)[^\S\n]*(?P<date>[A-Z0-9][^\n]{5,30}?)[^\S\n]*(?=\n)")
# A date defined as the start of the agreement's performance, read as its effective date when no
# "Effective Date" is stated: (the "Start Date"), "Commencement Date" means 1st April 2025,
# "Subscription Start Date: April 1, 2025".
START_TERM = re.compile(
    r"^(?:(?:service|services|subscription|project|contract|agreement|licen[cs]e|engagement)\s+)?"
    r"(?:start|commencement)\s+date$",
    re.IGNORECASE,
)
# Dates given a name: <date> (the "Start Date"); "Commencement Date" means <date>; "End Date: <date>".
DATE_NAME = r"(?:[A-Z][\w-]*\s+){0,3}Date"
NAMED_DATE_AFTER = re.compile(rf"\(\s*(?:the\s+)?[“\"]\s*(?P<name>{DATE_NAME})\s*[”\"]\s*\)")
_DATE_AHEAD = r"(?=(?:the\s+)?\d|[A-Z][a-z]{2,8}\.?\s+\d)"
NAMED_DATE_DEFINED = re.compile(
    rf"[“\"](?P<name>{DATE_NAME})[”\"]\s+(?:means|shall\s+mean|is|shall\s+be)\s+{_DATE_AHEAD}"
)
# "The Service Start Date is 1 July 2025": found by its verb (fast), its name read backwards.
NAMED_DATE_VERB = re.compile(rf"(?<=Date)\s+(?:is|shall\s+be|will\s+be)\s+{_DATE_AHEAD}")
NAMED_DATE_SUBJECT = re.compile(r"\bThe\s+(?P<name>(?:[A-Z][\w-]*\s+){0,3}Date)$")
NAMED_DATE_FIELD = re.compile(
    r"(?:^|\n)[^\S\n]*(?P<name>(?:[A-Z][\w-]*[^\S\n]+){0,3}Date)[^\S\n]*:[^\S\n]*" + _DATE_AHEAD
)
NAMED_FIELD_SEARCH_CHARS = 8_000  # date fields sit on an order's first page
# "This PO is effective on the PO Date", "Order Form Effective Date: the Order Date": the effective
# date is the date the order was made.
EFFECTIVE_ON_ORDER_DATE = re.compile(
    r"\beffective\s+(?:on|as\s+of|from)\s+the\s+(?:PO|P\.O\.|order|purchase\s+order|order\s+form)\s+date"
    r"|\beffective\s+date\s*:\s*the\s+(?:PO|P\.O\.|order|purchase\s+order|order\s+form)\s+date",
    re.IGNORECASE,
)
WITNESS = re.compile(r"IN\s+WITNESS\s+(?:WHEREOF|THEREOF)", re.IGNORECASE)
EFFECTIVE_BEFORE = re.compile(
    r"\beffective\s+(?:as\s+of|on|from|date\s*:)?\s*(?:this\s+|the\s+)?(?:\w+\s+)?$", re.IGNORECASE
)
# "Effective Date" defined in the body.
EFFECTIVE_DEFINITION = re.compile(
    r"[“\"]?\bEffective\s+Date\b[,.]?[”\"]?(?:\s+of\s+this\s+(?:agreement|contract))?,?\s*"
    r"(?:(?:which\s+is\s+agreed\s+and\s+understood\s+to\s+)?(?:shall\s+)?mean|means|is|shall\s+be|refers\s+to|:|[-–—]|"
    r"shall\s+have\s+the\s+meaning|has\s+the\s+meaning)\s*",
    re.IGNORECASE,
)
# "Effective Date" defined somewhere (even as an event), and used as a defined term.
EFFECTIVE_DEFINED = re.compile(
    r"[“\"]\s*Effective\s*Date[,.]?\s*[”\"]|hereinafter\s+(?:called|referred\s+to\s+as)\s+(?:the\s+)?"
    r"Effective\s+Date|(?:^|\n)[^\S\n]*Effective\s+Date\s*:",
    re.IGNORECASE,
)
EFFECTIVE_USED = re.compile(r"\b(?:Effective\s+Date|EFFECTIVE\s+DATE)\b")
EFFECTIVE_FIELD = re.compile(  # also a details-table row: "| Item 2 | Effective Date | 10 March 2025 |"
    r"\|[ \t]*Effective\s+Date[ \t]*\|[ \t]*"
    r"|(?:^|\n)[ \t]*(?:(?:Order|Order\s+Form|Agreement|Contract|SOW|Statement\s+of\s+Work|Amendment|Addendum|"
    r"Licen[cs]e|Subscription|PO|Purchase\s+Order)\s+)?Effective\s+Date\s*:[ \t]*",
    re.IGNORECASE,
)
EFFECTIVE_PAREN = re.compile(
    r"\(\s*(?:such\s+date,?\s*)?(?:the\s+)?(?:[“\"]\s*Effective\s+Date\s*[”\"]|(?-i:Effective\s+Date))\s*\)",
    re.IGNORECASE,
)
COMMENCE_ON = re.compile(
    r"\b(?:(?:this\s+(?:agreement|contract)|the\s+term\s+of\s+this\s+(?:agreement|contract))\s+shall\s+"
    r"(?:commence|become\s+effective|be\s+effective|come\s+into\s+(?:force|effect))|shall\s+commence|"
    r"shall\s+become\s+effective|in\s+(?:full\s+)?(?:force\s+and\s+)?effect\s+commencing|"
    r"(?:the\s+(?:initial\s+)?term\s+of\s+)?this\s+(?:agreement|contract)\s+(?:begins|commences|starts|"
    r"(?:will|shall)\s+(?:begin|start)))"
    r"(?:\s+(?:on|as\s+of|from))?\s*$",
    re.IGNORECASE,
)
# "effective from the date first above written": the effective date is the agreement date.
EFFECTIVE_AS_AGREEMENT = re.compile(
    r"\b(?:effective|commenc\w+|in\s+force)\s+(?:on|as\s+of|from)\s+the\s+date\s+(?:and\s+year\s+)?"
    r"(?:first\s+(?:above\s+)?written|hereof|of\s+this\s+(?:agreement|contract))"
    r"|hereinafter\s+(?:called|referred\s+to\s+as)\s+(?:the\s+)?[“\"]?effective\s+date"
    r"|\beffective\s+date[”\"]?\s+(?:means|shall\s+mean|is)\s+the\s+date\s+(?:first\s+(?:above\s+)?written|hereof"
    r"|of\s+this\s+(?:agreement|contract))",
    re.IGNORECASE,
)
# The agreement takes effect on an event, not on a date: "shall become effective when ...".
EFFECTIVE_EVENT = re.compile(
    r"(?=[ti])(?:"
    r"\b(?:this\s+(?:agreement|contract)|it)\s+(?:shall|will)\s+(?:become\s+effective|begin|commence|take\s+effect)"
    r"\s+(?:when|upon|once|after)\b|\b(?:this\s+(?:agreement|contract)|it)\s+takes\s+effect\s+(?:when|upon|once|after)\b)",
    re.IGNORECASE,
)
EVENT_CLAUSE_CHARS = 120
# ... an event that is only the signing: "upon the signatures and seals of both Parties".
SIGNING_EVENT = re.compile(r"\W*(?:the\s+)?(?:date\s+of\s+)?(?:its\s+)?(?:signatures?|signing|execution)\b", re.IGNORECASE)
OTHER_EVENT = re.compile(r"\b(?:accept\w*|approv\w*|receiv\w*|receipt|clos\w+|condition\w*|consent\w*)", re.IGNORECASE)
# "This agreement takes effect on the Commencement Date": the date defined as that term.
TAKES_EFFECT = re.compile(
    r"\b(?:agreement|contract)\s+(?:takes|shall\s+take|will\s+take)\s+effect\s+(?:on|from)\s+the\s+"
    r"((?:[A-Z][\w-]*\s+)?Date)\b"
)
# The effective date is the date the last party signs.
LAST_SIGNATURE = re.compile(
    r"(?=[ld])(?:"
    r"last\s+(?:date|signature)|later\s+of\s+the\s+dates?|last\s+party\s+(?:hereto\s+)?(?:has\s+)?"
    r"(?:executed|signed)|date\s+of\s+(?:the\s+)?last\s+signature|"
    r"(?:latest|last)\s+date\s+(?:of|on)\s+(?:which|the)|date\s+(?:on\s+which|when)\s+(?:this\s+)?"
    r"(?:agreement|contract)\s+(?:is|has\s+been)\s+(?:signed|executed)\s+by\s+(?:both|all|each))",
    re.IGNORECASE,
)
# Signature blocks: "Date: 11/8/10", "Dated: May 5, 2020".
SIGNATURE_DATE = re.compile(  # the first group only lets through where a label can follow (1.5x faster)
    r"(?:^|(?=\s+[DdSs\u017f]))(?:^|\n|\s{2,}|(?<=\d)\s)(?:Date|Dated|Date\s+Signed|Signature\s+Date|Date\s+of)[^\S\n]*:+[^\S\n]*",
    re.IGNORECASE,
)
# Signature tables flattened to text put the labels after the values: "4/24/2018 04/25/2018 Date Date".
DATES_THEN_LABEL = re.compile(r"(?=\d)((?:\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\s+){1,3})(?:Dated?\b\s*){1,3}")
ANNEX_HEADING = re.compile(r"(?:^|\n)[^\S\n]*(?:APPENDIX|EXHIBIT|SCHEDULE|ANNEX|ATTACHMENT)\b")
SIGNATURE_DATE_REACH = 60  # chars after "Date:" where its date must start
SIGNATURE_FIELDS = re.compile(r"\b(?:By|Name|Title|Signature|Its|(?:Company\s+)?Seal)\s*:|/s/", re.IGNORECASE)
SIGNATURE_CONTEXT = 600  # chars before a "Date:" where a By:/Name:/Title: must be
SIGNATURE_CONTEXT_AFTER = 300  # ... or after it
COVER_DATE = re.compile(
    r"(?:^|\n)[^\S\n]*(?:(?:Effective\s+Date|Agreement\s+Date|Dated\s+as\s+of|Dated|Date)\s*:?\s*)?"
    r"(?P<date>[^\n]{6,40}?)[^\S\n]*(?=\n)",
)
# "IN WITNESS WHEREOF ... executed this Contract in Baoding on November 8, 2002."
WITNESS_SIGNED = re.compile(
    r"IN\s+WITNESS\s+WHEREOF[^.]{0,300}?\b(?:executed|signed)\b[^.]{0,150}?\b(?:on|as\s+of)\s+(?:this\s+|the\s+)?$",
    re.IGNORECASE,
)

# The clause that sets the term.
# A defined name for the agreement's whole period: "Contract Period" shall mean ... .
AGREEMENT_PERIOD = (
    r"(?:(?:initial|contract|licen[cs]e|agreement|endorsement|sponsorship|engagement)\s+)?(?:term|period)"
)
# The period of an order form, grant or engagement: "Subscription Term", "Grant Period".
NAMED_PERIOD = (
    r"(?:Subscription|Service|Services|Grant|Engagement|Project|Contract|Agreement|Licen[cs]e|Initial)"
    r"\s+(?:Term|Period)"
)
TERM_CLAUSE = re.compile(
    r"(?=(?-i:[tiefcTIEFCGPSALY(\n“\"]))(?:"
    r"\b(?:initial\s+)?term\s+of\s+(?:this|the)\s+(?:agreement|contract)(?:\s*\([^)]{0,30}\))?,?\s+"
    r"(?:shall|will|is|commences|begins|ends|expires)\b"
    r"|\b(?:this|the)\s+(?:(?:first|second|third|[\w-]+)\s+){0,2}?(?:agreement|contract|amendment|addendum"
    r"|sow|statement\s+of\s+work)(?:\s+and\s+the\s+provisions\s+hereof)?(?:,[^,.;]{0,60},)?\s+(?:(?:shall|will)\s+(?:\w+\s+){0,3}?|is\s+(?=effective))?"
    r"(?:commence|begin|continue|remain|expire|terminate\s+on|be\s+effective|become\s+effective|effective|"
    r"have\s+an?\s+(?:initial\s+)?term|be\s+for\s+a\s+term|be\s+in\s+(?:full\s+)?force|apply|"
    r"takes?\s+effect|ends)s?\b"
    r"|\bterm\s+(?:is|begins|commences|starts|ends|expires)\b"
    r"|\binitial\s+(?:term|period)\s+(?:of\s+(?:this\s+agreement\s+)?)?(?:shall|will|is)\b"
    r"|\binitial\s+term\s+of\s+the\s+\w+"
    r"|\(\s*(?:the\s+|hereinafter\s+(?:called|referred\s+to\s+as)\s+)?[“\"](?:initial\s+)?(?:term|period)[”\"]\s*\)"
    r"|\bcontract\s+term\b|(?:^|\n)\s*(?:\d+(?:\.\d+)*\.?\s+)?term\s*[:.]\s"
    r"|\btermination\s+date\s*:|\bthe\s+term\s+shall\s+(?:commence|begin|be|expire)\b"
    r"|\b(?:for|extend\s+for)\s+an?\s+initial\s+(?:term|period)\s+of\b"
    rf"|[“\"]{AGREEMENT_PERIOD}[”\"]\s+(?:shall\s+mean|means)\b"
    r"|\b(?-i:Period\s+of\s+Performance)\b|(?:^|\n)[^\S\n]*(?:[\w-]+\s+){0,2}?(?:end|expiration|expiry)\s+date\s*:"
    r"|\b(?:your|the|this)\s+engagement\s+(?:will|shall)\s+(?:commence|begin|start|run|continue)\b"
    rf"|(?:^|\n)[^\S\n]*(?-i:{NAMED_PERIOD})[^\S\n]*:"
    r"|\b(?:the\s+)?(?:services|work)\s+(?:will|shall)\s+be\s+(?:performed|provided|carried\s+out)\s+(?:from|between)\b"
    rf"|\b(?-i:{NAMED_PERIOD})\s+(?:shall|will)\s+(?:run|continue|commence|begin|end|expire|be)\b"
    rf"|\b(?-i:{NAMED_PERIOD})\s+(?:of\s+\w+(?:\s*\(\d+\))?\s+\w+\s+)?(?:commencing|starting|beginning|from|ending)\b)",
    re.IGNORECASE,
)
# A clause that only mentions the agreement being in effect ("So long as this Agreement remains
# in effect, ...") or says when it does not take effect.
SUBORDINATE_BEFORE = re.compile(r"(?<![A-Za-z])(?:so\s+long\s+as|as\s+long\s+as|while|if|when|during|after|until)\s*$", re.IGNORECASE)
NEGATED = re.compile(r"\b(?:not|never)\b", re.IGNORECASE)
# A definition of some other word ("“Calendar Year” means ...") is not the term clause.
OTHER_DEFINITION = re.compile(
    rf"^\W*[“\"](?!{AGREEMENT_PERIOD}[”\"])[^”\"]{{1,60}}[”\"]\s+(?:means|shall\s+mean|has\s+the\s+meaning)",
    re.IGNORECASE,
)
# Cues just before a date that make it the end of the term.
END_CUE = re.compile(
    r"(?:until|through|thru|to|ending(?:\s+on)?|end(?:s)?\s+(?:on|at)|expir(?:e|es|ing)\s+on|expiring|"
    r"terminat(?:e|es|ing)\s+on|conclud(?:e|es|ing)(?:\s+on)?|including|termination\s+date\s*:|"
    r"(?:end|expiration|expiry)\s+date\s*:|(?<=\d)\s*[–—]|(?<=\d)\s+-)"
    r"\W*(?:the\s+)?$",
    re.IGNORECASE,
)
START_CUE = re.compile(r"(?:commenc\w*|begin\w*|effective|from|start\w*)\s+(?:on|as\s+of)?\s*$", re.IGNORECASE)
# A term with no end date: perpetual, or until an event.
OPEN_ENDED = re.compile(
    r"\bperpetual|\bin\s+perpetuity\b|\bindefinite|\buntil\s+(?:terminated|either\s+party|the\s+"
    r"(?:expiration|termination|completion|later|last|date\s+of\s+expiration)|acceptance|completion"
    r"|[A-Z]\w+\s+(?:ceases|completes))|\bunless\s+and\s+until\b|\bthrough\s+the\s+completion\b"
    r"|\blast[\s-]+to[\s-]+expire\b|\broyalty\s+term\b"
    r"|\b(?:end|expire|terminate)\s+(?:up)?on\s+(?:the\s+)?(?:expiration|termination|completion|later|last)",
    re.IGNORECASE,
)
# Words before a period of time that make it the length of the term (not a notice period).
FOLLOW_UP_CHARS = 700  # a length-only term clause may be followed by its exact end date
TERM_LENGTH_BEFORE = re.compile(
    r"(?:period|term)\s+of\s*(?:at\s+least\s+)?$|\bfor\s+(?:an?\s+)?(?:(?:initial\s+)?(?:period|term)\s+of\s+)?"
    r"(?:at\s+least\s+)?(?:an?\s+(?:initial\s+)?period\s+of\s+)?$|\b(?:be|remain\s+in\s+effect\s+for|"
    r"initial\s+term\s+of|term\s*:|is)\s*$|^\s*$|\b(?:ending|ends?|expiring|terminating|lasting|"
    r"continuing|an?|the\s+date)\s*$|\blater\s+of\s*(?:\((?:i|a|1)\)\s*)?$",
    re.IGNORECASE,
)
NOT_TERM_LENGTH_AFTER = re.compile(
    r"\W*(?:prior|notice|before|in\s+advance|written\s+notice|after\s+(?:receipt|notice|written))",
    re.IGNORECASE,
)
ANNIVERSARY = re.compile(
    rf"\b(?:(?P<word>{_ORDINAL})|(?P<num>\d{{1,2}})(?:st|nd|rd|th)?)\s*(?:\(\s*\d{{1,2}}\s*\w{{0,2}}\s*\)\s*)?"
    r"anniversary\s+of\s+(?:the\s+)?(?P<anchor>[^,.;()]{3,60})",
    re.IGNORECASE,
)
# The anchor after a period: "from the Effective Date", "following the RFS Date", "thereafter".
ANCHOR_AFTER = re.compile(
    r"\W*(?:(?:period|term)\s+)?(?:commencing\s+(?:on|from)?|beginning\s+(?:on)?|from|after|following"
    r"|of|since)\s+"
    r"(?:the\s+)?(?P<anchor>[^,.;()]{3,60})|\W*(?P<there>thereafter|therefrom|thereof)",
    re.IGNORECASE,
)
ANCHORS = (
    (re.compile(r"^effective\s+date|^date\s+of\s+effectiveness", re.IGNORECASE), "effective_date"),
    (re.compile(r"^(?:date\s+(?:hereof|of\s+(?:this|the)\s+(?:agreement|contract)|first\s+(?:above\s+)?"
                r"written|of\s+(?:its\s+)?execution)|execution\s+date|agreement\s+date|signing)", re.IGNORECASE),
     "agreement_date"),
    (re.compile(r"^(?:[\w-]+\s+){0,2}?(?:commencement|start)\s+date", re.IGNORECASE), "effective_date"),
)
COMMENCE_ANCHOR = re.compile(
    r"\b(?:commenc\w*|begin\w*|effective|effect|start\w*)\s+(?:on|as\s+of|upon|from)\s+(?:the\s+)?"
    r"(?P<anchor>[^.;()]{3,40})",
    re.IGNORECASE,
)

# "until the end of the current calendar year": December 31 of the anchor's year.
CALENDAR_YEAR_END = re.compile(
    r"\buntil\s+the\s+end\s+of\s+the\s+(?:current|then[-\s]current|same)\s+calendar\s+year\b", re.IGNORECASE
)
# "continue in effect for the Service Period": the term is a period defined elsewhere.
DEFINED_PERIOD = re.compile(r"\bfor\s+the\s+((?-i:[A-Z][\w-]*\s+){0,3}(?-i:Period|Term))\b")

# Renewal and the notice that prevents it.
RENEWAL_CLAUSE = re.compile(
    r"(?=[arsmo])(?:"
    r"\bautomatic(?:ally)?\s+(?:be\s+)?(?:renew|extend|continue)|\brenew(?:ed|s)?\s+automatically\b"
    r"|\bsuccessive\b|\bshall\s+(?:be\s+)?(?:automatically\s+)?(?:renewed|extended)\b|\brenewal\s+term"
    r"|\bmay\s+(?:be\s+)?(?:renew|extend)|\boption\s+to\s+(?:renew|extend)|\bautomatic\s+renewal)",
    re.IGNORECASE,
)
# What a renewal clause renews: the agreement or its term ("Dates in this Section may be extended by
# written agreement" extends deadlines, not the agreement).
RENEWAL_SUBJECT = re.compile(
    r"\b(?<!written\s)(?:agreement|term|contract|subscription|licen[cs]e|engagement|lease|grant\s+period)s?\b",
    re.IGNORECASE,
)
RENEWAL_MIN_DAYS = 28  # "extended by no more than ten (10) business days": a deadline, not a renewal
# "renews for successive terms unless either party gives notice of non-renewal" is automatic too.
RENEWAL_AUTOMATIC = re.compile(
    r"\bautomatic|\bshall\s+(?:be\s+)?(?:renewed|extended)\b|\bnon-?renewal\b", re.IGNORECASE
)
RENEWAL_OPTIONAL = re.compile(r"\bmay\s+(?:be\s+)?(?:renew|extend)|\boption\b|\bmutual", re.IGNORECASE)
RENEWAL_PERIOD_AFTER = re.compile(r"(?:renew|extend|continu)\w*", re.IGNORECASE)
NOTICE_BEFORE_END = re.compile(
    r"\W*(?:\w+\s+){0,3}?(?:prior\s+to|before|in\s+advance\s+of|preceding)\s+(?:the\s+)?"
    r"(?:(?:subscription|service|initial|current|contract|grant)\s+)?"
    r"(?:end|expiration|expiry|renewal|commencement|then|last\s+day|termination|close)",
    re.IGNORECASE,
)
NOTICE_LEAD = re.compile(r"(?:at\s+least|not\s+less\s+than|no\s+less\s+than|minimum\s+of|upon)\s*$", re.IGNORECASE)
