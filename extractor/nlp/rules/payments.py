"""Vocabulary for payment terms: total value, Net-N, late fees, retainage, recurring fees,
deposits, installment schedules, and the money that is none of these.

Compiled by extractor.nlp.payments and extractor.nlp.tables.
"""

from __future__ import annotations

# A cheap first pass over the tokens (lower-case forms): only sentences holding one are read.
TRIGGER_WORDS = frozenset(
    (
        "$", "us$", "€", "£", "¥", "%", "usd", "eur", "gbp", "cad", "aud", "dollars", "dollar",
        "euros", "euro", "percent", "cent", "net", "payable", "invoice", "invoices", "invoiced",
        "retainage", "retention", "holdback", "balance", "remainder", "deposit", "payment",
        "payments", "paid", "pay", "fee", "fees", "charge", "charges", "instalment", "instalments",
        "installment", "installments", "invoiced",
    )
)  # fmt: skip

# "All amounts in this Agreement are expressed in Canadian dollars": what a bare "$" is in.
DECLARED_DOLLARS_RE = (
    r"\b(?:all\s+(?:dollar\s+)?(?:amounts|sums|prices|fees|payments|monetary\s+amounts)"
    r"|(?:all\s+)?references\s+to\s+(?:[\"“']?\$[\"”']?|dollars))[^.;]{0,80}?\b(?:are|is|shall\s+be)\s+"
    r"(?:expressed\s+|stated\s+)?(?:in|to)\s+(?P<country>Canadian|Australian|New\s+Zealand"
    r"|Singapore|Hong\s+Kong|United\s+States|U\.S\.|US)\s+dollars\b"
)
DOLLAR_COUNTRIES = {
    "canadian": "CAD", "australian": "AUD", "new zealand": "NZD", "singapore": "SGD",
    "hong kong": "HKD", "united states": "USD", "us": "USD",
}  # fmt: skip
# "$55 CAD per hour", "$117,605.60 CDN": a dollar amount followed by a code says what "$" is,
# unless the contract names US dollars anywhere.
DOLLAR_CODE_AFTER_RE = r"\$\s?\d[\d,.]*\s?(?P<code>CAD|CDN|CND|AUD|NZD|SGD|HKD)\b"
DOLLAR_CODES = {"CAD": "CAD", "CDN": "CAD", "CND": "CAD", "AUD": "AUD", "NZD": "NZD",
                "SGD": "SGD", "HKD": "HKD"}  # fmt: skip
US_DOLLARS_RE = r"\bUS\s?\$|\bUSD\b|\bU\.S\.\s*(?:\$|dollars)|\bUnited\s+States\s+dollars"
# A column header naming its currency ("Amount (CAD)") prices its "$" cells in it.
HEADER_CURRENCY_RE = r"\b(?P<code>USD|CAD|AUD|NZD|SGD|HKD)\b"

# --- total contract value ------------------------------------------------------------------
# Phrases that introduce the total price; the amount must follow within TOTAL_WINDOW chars.
TOTAL_RE = (
    r"\b(?:total|aggregate|maximum|overall)\s+(?:contract\s+|project\s+|agreement\s+|fixed\s+"
    r"|development\s+|purchase\s+)?(?:price|value|fees?|amount|compensation|cost|consideration"
    r"|sum|budget|payments?|charges)\b|\bthe\s+sum\s+of\b"
    r"|\bcontract\s+(?:price|sum|value|amount)\b|\bfixed\s+(?:fee|price)\b"
    r"|\b(?:fees?|compensation|payments?|price|costs?)\b[^.;]{0,40}?(?:shall|will)\s+not\s+"
    r"(?:in\s+the\s+aggregate\s+)?exceed\b|\bnot[- ]to[- ]exceed\b|\baggregate\s+amount\s+of\b"
    r"|\btotal\s+(?:of|is)\b|\bgrand\s+total\b|\bin\s+the\s+amount\s+of\b"
    # "The price of the Goods is $100,000", "The price is EUR 98.500,00"
    r"|\bthe\s+(?:purchase\s+)?price\s+(?:of\s+the\s+[\w-]+(?:\s+[\w-]+){0,2}\s+)?(?:is|shall\s+be)\s+(?=\S{0,4}\d|[A-Z]{3}\b|[$€£])"
)
TOTAL_WINDOW = 140
# Right before a total phrase: the amount after it is a share ("30% of the Contract Price").
SHARE_BEFORE_RE = r"(?:%\)?|\bpercent(?:\s*\(\s*\d+(?:\.\d+)?\s*%\s*\))?)\s+of\s+(?:the\s+)?$"
# Right after an amount: the contract defines it as its price.
DEFINED_TOTAL_RE = (
    r"\s*(?:\([^()$€£]{0,80}\)\s*)?[^$€£();]{0,40}?\((?:the\s+)?[\"“](?:total\s+)?"
    r"(?:contract\s+(?:price|sum|value|amount)|fees?|project\s+fee|license\s+fee|purchase\s+price"
    r"|price|fixed\s+fee|compensation|consideration|research\s+fee|total\s+contract\s+value"
    r"|contract\s+fee|services?\s+fee|grant|award|not[- ]to[- ]exceed\s+(?:amount|price|sum)"
    r"|nte\s+amount)[\"”]\)"
)
# A not-to-exceed cap covers fees and expenses alike: "including ... reimbursable expenses, shall
# not exceed $195,500.00 (the "Not-to-Exceed Amount")" is still the total.
NTE_TERM_RE = r"not[- ]to[- ]exceed\s+(?:amount|price|sum)|\bnte\s+amount"
NTE_IGNORED_RE = r"\bexpenses?\b|\btravel\b"
# Right before an amount: a defined term of the price is given its value
# ('"Subcontract Sum" means AUD 1,284,000.00').
DEFINED_TOTAL_BEFORE_RE = (
    r"[\"“](?:[A-Z][\w-]*\s+){0,2}(?:Sum|Price|Value|Consideration)[\"”]\s+"
    r"(?:means|shall\s+mean|is)\s+(?:the\s+(?:sum|amount)\s+of\s+)?$"
)
# Between the trigger and the amount: the amount is a share or a part of the total, not it.
TOTAL_PART_RE = r"\bof\s+the\s+(?:total|aggregate)\b|\(\d+/\d+\)|%|\bpercent\b|\beach\b|\bper\b"
# Sentences with these name a cap or limit that is not the price of the work.
TOTAL_DISTRACTOR_RE = (
    r"\binsurance\b|\bper\s+occurrence\b|\bcoverage\b|\bliabilit(?:y|ies)\b|\bliable\b"
    r"|\bindemnif|\bdamages\b|\bin\s+the\s+aggregate\b|\bpolicy\b|\bpolicies\b|\bclaims?\b"
    r"|\bpenalt|\broyalt|\bcommission|\bcapitali[sz]ation\b|\bnet\s+worth\b|\brevenue\b"
    r"|\bsales\b|\bexpenses?\b|\btravel\b|\binterest\b|\bshares?\b|\bstock\b|\blikely\b"
    r"|\bestimated?\b|\banticipated?\b|\bapproximately\b"
    r"|\bmarket\s+cap|\bbond\b|\bescrow\b|\bper\s+(?:calendar\s+)?(?:hour|month|quarter|year|annum"
    r"|unit|user|email)\b"
)
# Whole-table or whole-document totals in schedule rows.
TOTAL_ROW_RE = (
    r"^\s*(?:grand\s+|sub-?\s*)?totals?\b"
    r"|^\s*total\s+(?:contract|project|fees?|price|value|cost|amount)\b"
    r"|^\s*(?:the\s+)?(?:sub)?contract\s+(?:sum|price|value)\s*$"
)

# --- Net-N ---------------------------------------------------------------------------------
# "in accordance with Section 5.2 of the MSA, within thirty (30) days": a section number
# is no sentence end.
NET_DAYS_RE = (
    r"\bnet\s*[-:]?\s*(?P<num>{num})(?:\s*(?:calendar\s+)?days?)?\b"
    r"|(?:payable|paid|due|made|remitted|pay(?:s)?\b[^.;]{{0,100}}?)\s+(?:in\s+full\s+)?"
    r"(?:within|no\s+later\s+than|not\s+later\s+than)\s+(?P<num2>{num})\s*(?:calendar\s+)?days?\s+"
    r"(?:after|of|from|following|upon)\s+(?:[\w.’']+\s+){{0,6}}?(?:invoices?|payment\s+claims?"
    r"|claims?\s+for\s+payment|applications?\s+for\s+payment)\b"
    r"|\bT\s*\+\s*(?P<num5>\d{{1,3}})\b"
    r"|\b(?:pay|paid|payable|remit)\b[^.;]{{0,60}}?\b(?:invoices?|applications?\s+for\s+payment"
    r"|pay\s+applications?|statements?|bills?)\b(?:[^.;]|\.(?=\d)){{0,80}}?\bwithin\s+"
    r"(?P<num4>{num})\s*"
    r"(?:calendar\s+)?days?\s+(?:after|of|from|following|upon)\s+(?:the\s+)?(?:[\w.]+['’]s\s+)?"
    r"(?:receipt|date)\b"
    r"|\binvoices?\s+(?:are|is|shall\s+be|will\s+be)\s+(?:due\s+and\s+)?(?:payable|due)\s+"
    r"(?:in\s+full\s+)?(?:(?:within|in)\s+)?(?P<num3>{num})\s*(?:calendar\s+)?days?"
)
NET_MAX_DAYS = 180
# "Net 30 days from the Effective Date" dates an installment; it is not a Net-N term.
NET_NOT_INVOICE_RE = (
    r"^\s*(?:calendar\s+)?(?:days?\s+)?(?:from|after|following)\s+(?:the\s+)?(?:effective|execution"
    r"|signing|date\s+of\s+this|commencement|delivery|acceptance)"
)

# --- late fees -----------------------------------------------------------------------------
LATE_CONTEXT_RE = (
    r"\blate\b|\boverdue\b|\bpast[- ]due\b|\bdelinquent\b|\bnot\s+paid\s+when\s+due\b"
    r"|\bunpaid\b|\bfail(?:s|ure)?\s+to\s+pay\b|\bafter\s+(?:the\s+)?due\s+date\b"
    r"|\bnot\s+(?:received|paid)\s+(?:by|within|on)\b"
)
# "1.5% per month", "one and one half percent (1 1/2%) per month", "18% per annum".
# Read right after a percent: "(1 1/2%) per month", "per annum", "of the overdue amount",
# "above the Bank of England base rate".
LATE_PERIOD_RE = (
    r"\s*(?:\(\s*\d+(?:\.\d+)?(?:\s+\d/\d)?\s*%\s*\)\s*)?(?P<period>per\s+(?:calendar\s+)?"
    r"(?:month|annum|year|day|week)|a\s+(?:month|year)|monthly|annually)\b"
)
LATE_OVERDUE_RE = (
    r"\s+of\s+(?:the\s+|any\s+|such\s+)?(?:overdue|unpaid|late|outstanding|past[- ]due"
    r"|delinquent)\s+(?:amount|balance|sum|invoice|payment)"
)
LATE_ABOVE_RE = (
    r"\s+(?:per\s+annum\s+)?(?:above|over|plus)\s+(?:the\s+)?(?P<base>[\w\s'’]{0,40}?"
    r"(?:base|prime|reference|lending)\s+rate)"
)
PERIODS = {
    "month": "monthly",
    "annum": "annual",
    "year": "annual",
    "annually": "annual",
    "monthly": "monthly",
    "day": "daily",
    "week": "weekly",
    "quarter": "quarterly",
    "quarterly": "quarterly",
}
# A flat late fee: "a late fee of $50".
LATE_FLAT_RE = r"\blate\s+(?:fee|charge|payment\s+(?:fee|charge))\s+(?:of|equal\s+to)\s+"

# --- retainage -----------------------------------------------------------------------------
RETAINAGE_RE = (
    r"\bretainage\b|\bretention\b|\bholdback\b|\bhold\s*back\b"
    r"|\b(?:retain|withhold)(?:s|ed)?\s+(?:an\s+amount\s+equal\s+to\s+)?(?:\w+\s+){0,3}?"
    r"(?:percent|\(?\d+(?:\.\d+)?\s*%)\)?\s+(?:\(\d+(?:\.\d+)?\s*%\)\s+)?(?:of|from)\s+"
    r"(?:each|every|all|any|the\s+amount\s+of\s+each)\b"
)
RETAINAGE_DISTRACTOR_RE = r"\brecords?\b|\bcop(?:y|ies)\b|\bdocuments?\b|\bconfidential|\btax"

# --- recurring fees ------------------------------------------------------------------------
RECURRING_RE = (
    r"\bper\s+(?P<p1>month|quarter|year|annum|calendar\s+month|calendar\s+quarter)\b"
    r"|\b(?P<p2>monthly|quarterly|annual|yearly|annually)\s+(?:fee|fees|subscription|retainer"
    r"|charge|license\s+fee|maintenance\s+fee|support\s+fee|service\s+fee|payment|rate|amount)\b"
    r"|\beach\s+(?P<p3>month|quarter|year)\b|\b(?P<p4>monthly|quarterly|annually)\b"
)
# A recurring amount must read as a fee the contract charges.
FEE_CONTEXT_RE = (
    r"\b(?:fees?|pay|pays|paid|payable|charges?|subscription|rent|retainer|price|compensation"
    r"|invoice[ds]?|billed)\b"
)
# "beginning on", "first payment due on": when the first recurring payment falls.
FIRST_PAYMENT_RE = (
    r"\b(?:beginning|starting|commencing)\s+(?:on|with)\b|\bfirst\s+(?:payment|installment"
    r"|instalment|invoice)\s+(?:is\s+|shall\s+be\s+)?(?:due|payable)\b"
)
RECURRING_PERIODS = {
    "month": "monthly",
    "calendar month": "monthly",
    "monthly": "monthly",
    "quarter": "quarterly",
    "calendar quarter": "quarterly",
    "quarterly": "quarterly",
    "year": "annual",
    "annum": "annual",
    "annual": "annual",
    "yearly": "annual",
    "annually": "annual",
}
RECURRING_DISTRACTOR_RE = (
    r"\binsurance\b|\bliabilit|\bdamages\b|\bsalary\b|\bwages?\b|\bexpenses?\b|\bbudget\b"
    r"|\brevenue\b|\bsales\b|\bvolume\b|\bminimum\s+(?:purchase|order)|\broyalt|\bbonus\b"
    r"|\binterest\b|\blate\b|\boverdue\b|\bcredit\b|\bper\s+(?:hour|unit|user|seat|email|kg"
    r"|kilogram|pound|item|transaction)\b|\bhourly\b|\bup\s+to\b|\bexceed"
)

# In a fee table: a row priced per period is a recurring fee, a row priced per unit a rate.
ROW_RECURRING_RE = r"\bper\s+(?:calendar\s+)?(?P<period>month|quarter|year|annum)\b"
ROW_RATE_RE = (
    r"\bper\s+(?:hour|day|user|seat|unit|item|page|gigabyte|gb|license|email)\b|\bhourly\b"
)

# --- deposits ------------------------------------------------------------------------------
DEPOSIT_RE = (
    r"\b(?:security\s+)?deposit\b|\bdown\s*payment\b|\badvance\s+payment\b|\bup[- ]?front\s+"
    r"(?:fee|payment)\b|\bmobili[sz]ation\s+(?:fee|payment)\b|\binitial\s+payment\b"
    r"|\bretainer\b"
)
DEPOSIT_DISTRACTOR_RE = (
    r"\bescrow\b|\bsource\s+code\b|\bdeposit\s+account\b|\bbank\b|\bcheck\b|\bdeposited\b"
)

# A one-off fee named right after its amount: "$7,500.00 (the "Onboarding Fee")".
DEFINED_FEE_RE = (
    r"\d\)?\s*\((?:the\s+)?[\"“](?P<term>(?:[A-Z][\w-]*\s+){0,4}"
    r"(?:Fee|Payment|Deposit|Charge))[\"”]\)"
)

# --- installments --------------------------------------------------------------------------
# Lead-ins that announce a schedule of payments in the following items.
SCHEDULE_LEAD_RE = (
    r"\bas\s+follows\b|\bfollowing\s+(?:payment\s+)?schedule\b"
    r"|\bin\s+(?:\w+\s+){0,2}(?:install?ments|stages|tranches|milestone\s+payments)\b"
    r"|\bpayment\s+schedule\b|\bpayable\s+as\s+follows\b"
    r"|:\s*$"
)
# Labels that name an installment when the text gives one ("down payment", "final payment").
INSTALLMENT_LABELS = [
    ((r"\b(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+"
     r"(?:and\s+final\s+)?(?:milestone\s+)?(?:install?ment|payment|milestone\s+payment)\b"), None),
    (r"\bdown\s*payment\b", "Down payment"),
    (r"\bmid(?:dle)?[- ]?(?:term\s+)?payment\b", "Mid payment"),
    (r"\b(?:final|last)\s+(?:milestone\s+)?(?:payment|install?ment)\b", "Final payment"),
    (r"\bmobili[sz]ation(?:\s+(?:fee|payment))?\b", None),
    (r"\b(?:deposit|advance\s+payment)\b", "Deposit"),
    (r"\bup[- ]?front\s+(?:fee|payment)\b", "Up-front payment"),
    ((r"\b(?:the|any|entire|unpaid|outstanding|remaining)\s+(?:unpaid\s+)?balance\b"
     r"|\bremainder\s+of\s+the\s+(?:contract\s+price|price|fees?|license\s+fee)\b"), "Balance"),
    (r"\bmilestone\s+payment\b", "Milestone payment"),
    (r"\b(?:initial|first)\s+payment\b", "Initial payment"),
    (r"\bsigning\s+(?:fee|payment|bonus)\b", "Signing payment"),
]  # fmt: skip
# A single installment is not due "monthly": such an item is a recurring fee.
RECURRING_ITEM_RE = (
    r"\b(?:monthly|quarterly|annual|annually|yearly|weekly)\b|\bper\s+(?:calendar\s+)?(?:month|quarter"
    r"|year|annum|week)\b|\beach\s+(?:calendar\s+)?(?:month|quarter|year)\b"
)
# "the First Annual Report", "an annual service review": named once, not a recurring fee.
NAMED_REPORT_RE = (
    r"\bannual\s+(?:[\w-]+\s+){0,3}?(?:reports?|reviews?|meetings?|plans?|statements?|audits?"
    r"|accounts|returns?|conference)\b"
)
# A lead-in announcing milestone payments: the events they are due on may be sales thresholds.
MILESTONE_LEAD_RE = r"\bmilestone\s+(?:fees?|payments?)\b|\bmilestones?\s+(?:as\s+follows|below)\b"
# Distractor words that name such a milestone, not a cap or a royalty.
SALES_MILESTONE_RE = r"net\s+sales|sales|revenue|exceeds?|in\s+excess\s+of|threshold"
# "upon the First Commercial Sale of a Licensed Product": a payment due on a business event.
UPON_EVENT_RE = (
    r"\b(?:[Uu]pon|[Ff]ollowing)\s+(?:the\s+)?(?:(?:first|initial|cumulative)\s+)?"
    r"(?P<event>(?:[A-Z][\w-]*\s+){0,4}(?:Sale|Sales|Approval|Launch|Completion|Filing|Submission"
    r"|Achievement|Closing|Clearance|Registration|Listing|Dosing|Enrollment|Initiation|Go-Live"
    r"|Acceptance|Delivery|Commencement)(?:\s+(?:of\s+(?:a|an|the)\s+)?[A-Z][\w-]*){0,3})\b"
)
# "in four (4) equal quarterly installments of $12,677.50 on July 1, ..., and April 1".
EQUAL_INSTALLMENTS_RE = (
    r"\binstall?ments\s+(?:each\s+)?(?:of|in\s+the\s+amount\s+of)\b(?=[^.;]{0,80}?\b(?:on|due)\b)"
)
# "Milestone 1: Proof of Concept" at the start of an item names it.
MILESTONE_TITLE_RE = (
    r"^\W*(?:\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})[.)]\s+)?"
    r"(?P<title>(?:milestone|phase|stage|deliverable|install?ment|payment)\s+(?:no\.?\s*)?"
    r"(?:\d{1,2}|[A-H]|[ivx]{1,4})\b(?:\s*[:.\-–—]\s*[^$€£;:\n]{2,60}?)?)"
    r"(?=\s+(?:\d|US\s*\$|[$€£])|\s+(?:upon|on|within|due|by|no\s+later|following|after|at"
    r"|payable)\b|\s*[:;,(]|\.\s|\s*$)"
)
# Money in these items is not an installment of the contract price.
INSTALLMENT_DISTRACTOR_RE = (
    r"\binsurance\b|\binsured\b|\bper\s+occurrence\b|\bcoverage\b|\bliabilit(?:y|ies)\b"
    r"|\bliable\b|\bindemnif|\bdamages\b|\bpenalt(?:y|ies)\b|\broyalt(?:y|ies)\b|\bnet\s+sales\b"
    r"|\bcommission\b|\binterest\b|\blate\s+(?:fee|charge|payment)|\boverdue\b"
    r"|\bper\s+(?:hour|annum|month|year|quarter|week|day|unit|user|seat|email|gigabyte)\b"
    r"|\bhourly\b|\brefund(?:s|ed|ing)?\b|\bcancel|\bcredit(?:ed)?\s+(?:against|towards?)\b|\bnot\s+to\s+exceed\b"
    r"|\bshall\s+not\s+exceed\b|\bup\s+to\b|\bshares?\b|\bstock\b|\bequity\b|\btax(?:es)?\b"
    r"|\bminimum\s+(?:purchase|order|sell)|\bexpenses?\b|\breimburse|\bworth\s+of\b"
    r"|\bbonus\b|\bcap\b|\bthreshold\b|\bin\s+excess\s+of\b|\bexceeds?\b|\bsalary\b"
    r"|\bprize\b|\bpots?\b|\bwinners?\b|\baround\b|\bapproximately\b"
    r"|\bcondition\s+precedent\b|\bundertakings?\b|\bletters?\s+of\s+credit\b"
    r"|\b(?:each|every)\s+time\b"
    r"|\bbank\s+guarantees?\b|\bas\s+security\b"
    r"|\bif\s+any\b|\bless\s+than\b|\bshortfall\b|\d\s*%\s*/\s*\d"
    r"|\d/\d{1,2}/\d{2,4}\s*[-–]\s*\d{1,2}/"
    r"|\bpayable\s+(?:annually|monthly|quarterly|yearly)\b|\beach\s+(?:calendar\s+)?(?:month|quarter"
    r"|year)\b"
)
# A percent is a share of the price only when the item reads as one.
# Words near a redaction that make it a redacted amount worth a warning.
REDACTION_CONTEXT_RE = (
    r"\$|€|£|\b(?:fees?|pay|pays|paid|payable|payments?|price|rates?|charged?|costs?|amount"
    r"|royalt\w*|commission|milestone|install?ments?|invoice)\b"
)
REDACTED_RE = r"\[\s*…?\s*\*+\s*…?\s*\]|\[\s*(?:redacted|omitted)\s*\]"

# --- schedule tables -----------------------------------------------------------------------
# Header cell -> column role, tried in order; a header needs a name column and one of
# due/amount/percent. "%" is checked before "amount" so "Payment %" is a percent column.
SCHEDULE_COLUMNS = [
    ("percent", r"%|\bpercent(?:age)?\b|\bpct\b|\bshare\b"),
    ("due", (r"\b(?:due|dates?|deadline|timing|when|target|week|month|by|period|billing|billed"
            r"|invoiced)\b")),
    ("name", (r"\b(?:milestones?|deliverables?|phases?|events?|stages?|tasks?|triggers?"
             r"|install?ments?|work\s+products?)\b")),
    ("amount", (r"\b(?:amount|fees?|price|payments?|values?|costs?|sum|usd|eur|gbp|invoice)\b"
               r"|\$|€|£")),
    ("name", r"\b(?:items?|descriptions?|names?|activit(?:y|ies)|reports?|titles?|services?)\b"),
]  # fmt: skip
# A name column headed like this holds milestones (kind from the name, deliverable by default);
# otherwise rows are priced items ("Service", "Item") and default to payments.
MILESTONE_HEADER_RE = (
    r"\b(?:milestones?|deliverables?|phases?|stages?|events?|triggers?|tasks?|work\s+products?)\b"
)
# A due column headed like this holds acceptance dates: its rows are approvals.
APPROVAL_HEADER_RE = r"\b(?:accept(?:ance|ed)?|approv(?:al|ed)|sign[- ]?off)\b"
# Header cells that look like a name but describe it ("Description" after "Milestone").
DESCRIPTION_HEADER_RE = r"\b(?:descriptions?|titles?|details?|acceptance\s+criteria|notes?)\b"
# Tables whose header says they are not schedules (rates, insurance, contacts).
TABLE_DISTRACTOR_RE = (
    r"\binsurance\b|\bcoverage\b|\blimits?\b|\brates?\b|\bhourly\b|\bper\s+hour\b|\broyalt"
    r"|\bcontact\b|\baddress\b|\bphone\b|\bemail\b|\bsignature\b|\bname\s+and\s+title\b"
)
