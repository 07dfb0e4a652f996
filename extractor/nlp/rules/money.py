"""Vocabulary of the money reader: the cues that say what an amount is (a scheduled payment, a
recurring fee, a rate, a cap or limit, or something else), where each cue is looked for, and
the phrases that give a recurring fee its period, count and start.

Compiled by extractor.nlp.mentions, extractor.nlp.moneyclass and extractor.nlp.series.
"""

from __future__ import annotations

MONEY_CLASSES = ("scheduled", "recurring", "rate", "cap", "other")

# Units an open-ended price is charged by ("$0.42 per account", "$55 per hour").
_UNIT_NOUNS = (
    r"hours?|hr|days?|units?|items?|accounts?|users?|seats?|barrels?|bbls?|gallons?|miles?"
    r"|pounds?|lbs?|transactions?|pages?|persons?|person[- ]days?|man[- ]days?|copies|copy"
    r"|tons?|tonnes?|kits?|notes?|address(?:es)?|minutes?|calls?|records?|cards?|e-?mails?"
    r"|messages?|downloads?|songs?|square\s+f(?:oo|ee)t|f(?:oo|ee)t|sq\.?\s*ft|kg|kilograms?"
    r"|meters?|mcf|mmbtu|dth|cases?|bottles?|doses?|vials?|tablets?|patients?|subjects?"
    r"|samples?|tests?|members?|subscribers?|participants?|employees?|locations?|stores?"
    r"|restaurants?|sites?|vehicles?|trucks?|loads?|trips?|shipments?|orders?|licen[cs]es?"
    r"|products?|pieces?|procedures?|claims?|invoices?|statements?|checks?|accounts?|visits?"
    r"|drawings?|photos?|articles?|impressions?|clicks?|leads?|referrals?|households?"
    r"|installations?|terminals?|devices?|instances?|servers?|gb|gigabytes?|mb|tb|boxes?"
    r"|pallets?|containers?|cartons?|runs?|batch(?:es)?|lots?|shares?\s+of\s+stock"
)
_PERIOD_NOUNS = r"(?:calendar\s+|contract\s+|fiscal\s+)?(?:month|quarter|year|annum|week)"

# (name, pattern, places): a cue fires when its pattern is found in one of the places around
# an amount: near (60 chars each side), left / right (60 chars on that side), item (the
# enumerated item or table row), line (the text line), sentence.
CUES = [
    # rates: an open-ended price per unit of use
    ("per_unit", (rf"^\W{{0,3}}(?:\)\s*)?(?:per|/|an?|each|for\s+each|for\s+every)\s+(?:additional\s+)?"
                 rf"(?:{_UNIT_NOUNS})\b"), ("right",)),
    ("per_other", (r"^\W{0,3}(?:\)\s*)?(?:per|/)\s+(?!cent\b|annum\b|month|quarter|year|week"
                  r"|calendar|contract\s+year|fiscal)\w+"), ("right",)),
    ("hourly", r"\bhourly\b|\bper\s+hour\b|\bday\s+rate\b|\bdaily\s+rate\b", ("near", "item")),
    ("rate_word", r"\brates?\b|\bprice\s+list\b|\bunit\s+price\b|\bcharged\s+at\b|\btariff\b",
     ("near", "item")),
    ("royalty", r"\broyalt|\bcommission", ("near", "sentence")),
    # recurring fees
    ("per_period", rf"^\W{{0,3}}(?:\)\s*)?(?:per|/|a|each|every)\s+{_PERIOD_NOUNS}\b",
     ("right",)),
    ("periodic", r"\b(?:monthly|quarterly|annual|annually|yearly|semi-?annual(?:ly)?|weekly)\b",
     ("near", "item")),
    ("each_period", rf"\b(?:each|every|per)\s+{_PERIOD_NOUNS}\b|\beach\s+of\s+the\s+first\b",
     ("near", "item")),
    ("retainer", (r"\bretainer\b|\bsubscription\b|\bmaintenance\s+fee|\bsupport\s+fee"
                 r"|\bhosting\s+fee|\blicen[cs]e\s+fee"), ("near", "item")),
    ("contract_year", (r"\bcontract\s+year\b|\byear\s+\d\b|\b(?:first|second|third|fourth|fifth)"
                      r"\s+(?:\(\d\)\s+)?(?:contract\s+)?year\b"), ("near", "item")),
    # caps, limits and thresholds
    ("not_exceed", (r"\b(?:not|never)\s+(?:to\s+)?exceed|\bshall\s+not\s+exceed|\bin\s+excess\s+of"
                   r"|\bexceed(?:s|ing)?\b|\bup\s+to\b|\bmaximum\b|\bmax\.?\b|\bcap(?:ped)?\b"
                   r"|\bceiling\b|\blimit(?:ed|s)?\b|\bno\s+more\s+than\b|\bat\s+most\b"),
     ("left", "near")),
    ("minimum", (r"\bminimum\b|\bat\s+least\b|\bno\s+less\s+than\b|\bnot\s+less\s+than\b"
                r"|\bfloor\b|\bthreshold\b|\bgreater\s+than\b|\bless\s+than\b|\bmore\s+than\b"
                r"|\bover\b|\bbelow\b|\babove\b"), ("left",)),
    ("insurance", (r"\binsurance\b|\binsured\b|\bcoverage\b|\bper\s+occurrence\b|\bpolicy\b"
                  r"|\bpolicies\b|\bdeductible\b|\bumbrella\b|\bbodily\s+injury\b"),
     ("near", "sentence")),
    ("liability", r"\bliabilit(?:y|ies)\b|\bliable\b|\bindemnif|\bdamages\b", ("near", "sentence")),
    ("sales_level", (r"\b(?:net\s+sales|gross\s+sales|sales|revenues?|turnover|purchases|volume)"
                    r"\b[^.;]{0,40}$"), ("left",)),
    ("aggregate", r"\bin\s+the\s+aggregate\b|\baggregate\b|\bcumulative\b", ("near",)),
    # other money
    ("shares", (r"\bpar\s+value\b|\bper\s+share\b|\bshares?\b|\bstock\b|\bwarrants?\b"
               r"|\boptions?\s+to\s+purchase\b"), ("near", "sentence")),
    ("price_of", (r"\bpurchase\s+price\b|\bsale\s+price\b|\bconsideration\b|\bloan\b|\bprincipal"
                 r"|\bnote\b|\bcapital\b|\bvaluation\b|\bdebt\b|\bmarket\s+value\b"),
     ("near",)),
    ("penalty", (r"\bliquidated\s+damages\b|\bpenalt|\bfine\b|\bforfeit|\blate\s+(?:fee|charge)"
                r"|\binterest\b"), ("near", "sentence")),
    ("expenses", (r"\bexpenses?\b|\breimburs|\bcosts?\b|\bbudget\b|\bout[- ]of[- ]pocket\b"
                 r"|\btravel\b"), ("near", "sentence")),
    ("total", r"\btotal\b|\baggregate\s+(?:amount|sum)\b|\bin\s+all\b|\bsum\s+of\b", ("left",)),
    ("example", r"\bfor\s+example\b|\be\.g\.|\bfor\s+instance\b|\bexample\b|\billustrat",
     ("sentence",)),
    ("bonus", r"\bbonus\b|\bincentive\b|\baward\b|\bprize\b", ("near",)),
    ("salary", r"\bsalary\b|\bwages?\b|\bcompensation\b", ("near",)),
    # scheduled payments
    ("upon", (r"\bupon\b|\bon\s+(?:the\s+)?(?:signing|execution|achievement|completion|receipt"
             r"|delivery|acceptance|closing|effective\s+date)|\bat\s+(?:signing|closing)\b"),
     ("near", "item")),
    ("within", (r"\bwithin\s+(?:\w+\s+)?(?:\(\d+\)\s+)?(?:business\s+|calendar\s+)?"
               r"(?:days?|weeks?|months?)\b"), ("item", "sentence")),
    ("on_or_before", (r"\bon\s+or\s+before\b|\bno\s+later\s+than\b|\bnot\s+later\s+than\b"
                     r"|\bprior\s+to\b|\bby\s+(?:no\s+later\s+than\s+)?[A-Z][a-z]+\s+\d"),
     ("item",)),
    ("upfront", (r"\bup[- ]?front\b|\bsigning\b|\bexecution\b|\binitial\s+(?:fee|payment)"
                r"|\bone[- ]time\b|\bnon[- ]refundable\b|\bnon[- ]creditable\b|\bdeposit\b"
                r"|\bactivation\b|\bset[- ]?up\b|\binitiation\s+fee|\bentry\s+fee"
                r"|\binitial\s+franchise\s+fee"), ("near", "item")),
    ("milestone", (r"\bmilestones?\b|\bachievement\b|\bapproval\b|\bfirst\s+commercial\s+sale"
                  r"|\bphase\s+(?:i|ii|iii|1|2|3|iia|iib)\b|\bfiling\b|\bdosing\b|\bdosed\b"
                  r"|\blaunch\b|\bregistration\b"), ("near", "item")),
    ("installment", r"\binstall?ments?\b|\btranches?\b|\bpayable\s+as\s+follows\b",
     ("near", "item", "sentence")),
    ("pay_verb", (r"\bshall\s+pay\b|\bwill\s+pay\b|\bagrees?\s+to\s+pay\b|\bshall\s+be\s+paid\b"
                 r"|\bpayable\b|\bdue\b|\bshall\s+remit\b|\bpay\s+to\b"), ("item", "sentence")),
    ("fee_word", r"\bfees?\b|\bpayments?\b|\bsum\s+of\b|\bamount\s+of\b", ("near",)),
    ("defined", r"^\s*\)?\s*\((?:the\s+)?[\"“]", ("right",)),
    ("balance", r"\bbalance\b|\bremainder\b|\bremaining\b|\bfinal\s+payment\b", ("near",)),
    ("enumerated", r"^\W{0,4}(?:\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})[.)]\s)", ("item", "line")),
]

# An enumerated item starts here ("(b) ", "ii) ", "2. " at a line start).
ITEM_START_RE = (r"(?:^|(?<=\s))\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})\)\s|^\s*\d{1,2}(?:\.\d{1,2})*\.\s"
                 r"|^\s*[a-h]\.\s")
# A date or a month name in an item.
DATE_HINT_RE = (
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov"
    r"|dec)[a-z]*\.?\s+\d{4}\b"
)

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
           r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")  # fmt: skip

# Patterns the rule classifier (extractor.nlp.moneyclass) reads, by name.
CLASS_PATTERNS = {
    # right before or after the amount
    "shares_near": r"\bpar\s+value\b|\bper\s+share\b|\bshares?\s+of\b|\bcommon\s+stock\b"
                   r"|\bexercise\s+price\b|\bper\s+unit\s+of\s+stock\b",
    # a minimum the contract makes one party pay: a fee, not a floor ("shall pay to PFHOF a
    # minimum guarantee of $1,250,000 ... each year", "a minimum annual fee of")
    "minimum_fee_before": r"\b(?:pay|paid|payable|guarantee[sd]?)\b[^.;$€£]{0,60}\bminimum\s+(?:annual\s+"
                          r"|quarterly\s+|monthly\s+|yearly\s+)?(?:guarantee|guaranteed\s+(?:payment|fee|amount)"
                          r"|fee|payment|license\s+fee|royalty(?:\s+(?:compensation|payment|fee))?|compensation)"
                          r"\s+(?:of|in\s+the\s+amount\s+of)\s*(?:[\w.]+\s+){0,8}?\(?$",
    "cap_before": r"(?:\b(?:not|never)\s+(?:to\s+)?exceed(?:ing)?|\bshall\s+not\s+exceed|\bin\s+excess\s+of"
                  r"|\bexceeds?|\bexceeding|\bup\s+to(?:\s+a\s+maximum\s+of)?|\bmaximum(?:\s+\w+){0,3}\s+of"
                  r"|\bmax(?:imum)?\.?|\bcap(?:ped)?\s+(?:of|at)|\bceiling\s+of|\blimit(?:ed)?\s+(?:of|to)"
                  r"|\bno\s+more\s+than|\bat\s+most|\bminimum(?:\s+[\w-]+){0,3}\s+of|\bminimum"
                  r"|\bat\s+least|\bno\s+less\s+than|\bnot\s+less\s+than|\bgreater\s+than"
                  r"|\bless\s+than|\bmore\s+than|\bover|\bbelow|\babove|\bthreshold\s+of"
                  r"|\b(?:net|gross)\s+sales\s+(?:of|reach|equal)\w*|\brevenues?\s+of"
                  r"|\b(?:revenues?|sales|turnover|purchases)\b(?:\s+[\w-]+){0,8}\s+(?:shall\s+be|is|equals?"
                  r"|reach(?:es)?|achieves?|attains?)|\breach(?:es|ing)?|\bachiev(?:es|ing)|\battain(?:s|ing)?"
                  r"|\b(?:on|for)\s+the\s+first|\baggregate\s+amount\s+of|\bin\s+the\s+aggregate"
                  r"|\broyalt\w*(?:\s+[\w-]+){0,4}\s+(?:of|in)|\bminimum\b[\w\s]{0,30}\b(?:shall\s+be|is"
                  r"|equals?)"
                  r"|\bbetween|\bin\s+amounts?\s+of|\bcoverage\s+of|\blimits?\s+of"
                  r"|\bin\s+the\s+(?:amount|sum)\s+of\s+not\s+less\s+than)"
                  r"[\s\w,():-]{0,12}?$",
    "per_unit_after": rf"^\W{{0,3}}(?:per|/|an|a|each|for\s+each|for\s+every|for\s+such)\s+"
                      rf"(?:additional\s+|\w+\s+)?(?:{_UNIT_NOUNS}|appearances?|events?|tournaments?"
                      rf"|restaurants?|franchises?|outlets?|units?)\b|^\W{{0,3}}each\s+time\b"
                      r"|^\W{0,3}per\s+(?!month|quarter|year|annum|week|calendar|contract"
                      r"|fiscal|cent)[a-z]+",
    "per_period_after": rf"^\W{{0,3}}(?:per|/|a|an|each|every|in\s+each|for\s+each)\s+{_PERIOD_NOUNS}\b"
                        r"|^\W{0,3}(?:monthly|quarterly|annually|yearly|per\s+annum)\b"
                        r"|^\W{0,3}\(?(?:per|a)\s+(?:month|year)\)",
    "period_fee_before": r"\b(?:monthly|quarterly|annual|yearly)\s+(?:fee|charge|retainer|payment)s?\b"
                         r"[^$€£\n]{0,40}$"
                         r"|\b(?:monthly|quarterly|annual|yearly|semi-?annual|weekly)\s+"
                         r"(?:[\w-]+\s+){0,3}?(?:fees?|retainer|charges?|payments?|installments?"
                         r"|instalments?|rent|salary|compensation|amount|sum|minimum|dues"
                         r"|guarantee)\s+(?:of|shall\s+be|is|equal\s+to|in\s+the\s+amount\s+of)"
                         r"\s*(?:\w+\s+){0,2}$|\bper\s+(?:month|annum|year)\s+of\s*$",
    "damages": r"\bliquidated\s+damages\b|\bpenalt(?:y|ies)\b|\bforfeit",
    # a sentence that opens "For each proposed offering, ...": a price per occurrence
    "for_each_opening": r"^\W{0,6}(?:\d+(?:\.\d+)*\s+)?for\s+each\s+[\w-]+(?:\s+[\w-]+){0,3}\s*,",
    "rate_before": r"\b(?:at\s+a\s+rate\s+of|rate\s+of|hourly|per\s+hour|per\s+diem|unit\s+price"
                   r"|price\s+per|fee\s+per|charge\s+per|cost\s+per|rates?\s*:)[^$€£]{0,30}$",
    "insurance": r"\binsurance\b|\binsured\b|\bper\s+occurrence\b|\bcoverage\b|\bpolicy\s+limits?"
                 r"|\bdeductible\b|\bumbrella\b|\bbodily\s+injury\b",
    "liability_cap": r"\b(?:aggregate\s+)?liabilit(?:y|ies)\b[^.]{0,120}\b(?:exceed|limited|cap)"
                     r"|\bin\s+no\s+event\b[^.]{0,120}\bliab",
    "other_near": r"\bliquidated\s+damages\b|\bpenalt(?:y|ies)\b|\bpurchase\s+price\b"
                  r"|\bprincipal\s+amount\b|\bpromissory\s+notes?\b|\bloan\b|\bstock\b"
                  r"|\bshares\b|\bvaluation\b|\bmarket\s+capitali[sz]ation\b|\bnet\s+worth\b"
                  r"|\bbudget\b|\breimburs\w*\b|\bexpenses?\b|\bcosts?\s+(?:of|incurred)\b"
                  r"|\binterest\s+(?:on|at|of)\b|\blate\s+(?:fee|charge)|\bcredit(?:ed)?\s+(?:to|against)"
                  r"|\brefund(?:ed|s)?\b(?!able)|\bprize\b|\bpurse\b|\bdebt\b|\bequity\b"
                  r"|\bplus\s+(?:accrued\s+)?interest\b|\binterest\s+accru|\bworking\s+capital\b"
                  r"|^\W{0,3}less\b|\bless\s*\(a\)"
                  r"|@[^\"“]{0,30}\((?:the\s+)?[\"“](?:[\w-]+\s+){0,3}(?:Working\s+Capital|Purchase\s+Price"
                  r"|Cap|Threshold|Minimum|Budget|Escrow|Deductible|Reserve|Holdback|Limit|Principal"
                  r"|Loan|Investment|Target)",
    # fees owed only on an optional or adverse event: no payment a tracker plans for
    "contingent_fee": r"\b(?:transfer|renewal|relocation|assignment|termination|cancell?ation|late"
                      r"|reinstatement|audit|inspection|re-?inspection|replacement|extension|default"
                      r"|successor|change|resale|early\s+termination|break|exit|kill|walk-?away"
                      r"|reactivation|restart|remediation|cure)\s+(?:[\w-]+\s+)?(?:fees?|charges?"
                      r"|payments?)\b[^$€£]{0,60}$|\bin\s+the\s+event\s+(?:of|that)\b[^$€£]{0,80}$"
                      r"|\bif\s+(?:\w+\s+){0,6}(?:terminat|fail|breach|default|elect|request|cancel)\w*"
                      r"[^$€£]{0,80}$",
    "example": r"\bfor\s+example\b|\be\.g\.|\bfor\s+instance\b|\bby\s+way\s+of\s+example\b"
               r"|\billustrat\w+\b|\bhypothetical",
    "total_before": r"\b(?:a\s+)?total\s+(?:of|amount\s+of|sum\s+of)?\s*(?:[\w-]+\s+){0,6}\(?\s*$"
                    r"|\baggregate\s+(?:amount|sum)\s+of\s*$|\btotal\s+(?:fees?|price|value"
                    r"|consideration|compensation|cost)\s+(?:of|is|shall\s+be)\s*$",
    "split": r"\binstall?ments\b|\btranches\b|\bpayments\s+of\b|\bas\s+follows\b",
    # right after an amount: it is a total paid in the parts that follow
    "split_after": r"^[\s,]{0,3}(?:\w+\s+){0,3}?(?:(?:shall\s+be\s+|to\s+be\s+)?(?:payable|paid|due|invoiced"
                   r"|billed)"
                   r"\s+(?:as\s+follows|in\s+(?:the\s+following\s+)?(?:\w+\s+){0,3}?(?:install?ments"
                   r"|tranches|payments|parts))|,?\s*such\s+fee\s+to\s+be\s+paid\s+in)",
    # the rest of the sentence announces the parts: "..., invoiced on delivery of each phase as
    # follows:", "... in two equal installments:"
    "split_rest": r"\b(?:as\s+follows|in\s+the\s+following\s+(?:[\w-]+\s+){0,2}(?:install?ments|payments"
                  r"|tranches|amounts))\s*:?\s*$|\bin\s+(?:\w+\s+){0,3}(?:install?ments|tranches)\s*:\s*$",
    "total_label": r"(?:^|\n)\W*(?:grand\s+|sub-?\s*)?totals?\b[^$€£\n]{0,40}$"
                   r"|(?:^|\n)\W*(?:the\s+)?(?:sub)?contract\s+(?:sum|price|value)\W*$",
    # the lead-in of a list of payments, and of lists that are not
    "paying_lead": r"\bmilestones?\b|\binstall?ments?\b|\btranches?\b|\bpayment\s+schedule\b"
                   r"|\bschedule\s+of\s+payments\b|\b(?:following|these)\s+(?:[\w-]+\s+){0,2}payments?\b"
                   r"|\b(?:payable|paid|pay|payments?|invoice[sd]?)\b[^.]{0,100}\bas\s+follows\b"
                   r"|\bdue\s+dates?\b|\bpayment\s+(?:dates?|amount)\b|\bfee\s+due\b",
    "not_paying_lead": r"\brates?\b|\binsurance\b|\bcoverage\b|\blimits?\b|\bdiscounts?\b"
                       r"|\broyalt|\bthresholds?\b|\btargets?\b|\bexpenses?\b|\bbudget\b"
                       r"|\bshares?\b|\bsales\b|\brevenues?\b|\bestimated?\b|\bper\s+(?:hour|unit)"
                       r"|\bminimum\b|\bpurchases\b|\bpric(?:ing|e\s+list)\b|\bretail\b|\bwholesale\b"
                       r"|\bliabilit|\bdamages\b|\bpenalt",
    "recurring_item": r"\beach\s+of\s+(?:the\s+)?\d{1,3}(?:st|nd|rd|th)?(?:/th/)?\s+(?:through|to)\s+\d"
                      r"|\b(?:monthly|quarterly|annual|annually|yearly|semi-?annual(?:ly)?)\s+"
                      r"(?:fee|retainer|payment|installment|instalment|charge|subscription|rent)"
                      r"|\beach\s+(?:calendar\s+|contract\s+)?(?:month|quarter|year)\b"
                      r"|\bper\s+(?:calendar\s+)?(?:month|quarter|annum|year)\b",
    "trigger": r"\bupon\b|\bwithin\s+(?:\w+\s+){0,2}(?:\(\d+\)\s+)?(?:business\s+|calendar\s+)?"
               r"(?:days?|weeks?|months?)\b|\bon\s+or\s+before\b|\bno\s+later\s+than\b"
               r"|\bnot\s+later\s+than\b|\bon\s+(?:the\s+)?(?:signing|execution|effective\s+date"
               r"|date\s+of|closing|achievement|completion|delivery|acceptance|receipt|first)"
               r"|\bat\s+(?:signing|closing|execution)\b|\bfollowing\s+(?:the\s+)?\w+"
               r"|\bafter\s+(?:the\s+)?\w+|\bprior\s+to\b|\bwhen\b|\bas\s+of\s+the\s+effective"
               r"|\bweek\s+\d|\bdue\s+(?:on|upon|at|by)\b|\bon\s+the\s+(?:[a-z]+\s+){0,3}date\b",
    "date": rf"\b{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+"
            rf"(?:day\s+of\s+)?{_MONTHS}\.?,?\s+\d{{4}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b",
    "pay": r"\bpa(?:y|id|yable|yment|yments)\b|\bdue\b|\bremit|\bfees?\b|\binvoice|\bcompensat"
           r"|\binstal|\bconsideration\b|\bpurchase\s+price\b|\bdeposit\b",
    # an enumerated item of a list whose lead-in speaks of paying: "... in two equal
    # installments: (i) $6,000 on ...; and (ii) $6,000 upon ..."
    "paying_list": r"(?:\bpa(?:y|id|yable|yment|yments)\b|\bfees?\b|\binstal\w*|\bdue\b)[^:]{0,200}:"
                   r"\s*(?:\(?(?:[a-h]|[ivx]{1,4}|\d{1,2})[.)]|[●•▪-])",
    # a due right after the amount: "$5,000 on the date of this Agreement", "$X, 30 days after"
    "due_after": rf"^\W{{0,3}}(?:(?:on|by|upon|due(?:\s+on)?|payable\s+on)\s+(?:or\s+before\s+)?(?:the\s+date\s+of"
                 rf"\s+(?:this|the)\s+agreement|the\s+effective\s+date|(?:the\s+)?(?:signing|execution)"
                 rf"|{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})|(?:within\s+)?(?:\w+\s+)?\(?\d{{1,3}}\)?\s+"
                 r"(?:business\s+|calendar\s+)?days?\s+(?:after|subsequent\s+to|following|from|of))",
    # a price stated as what it would be, not what is owed ("the Initial Fee ... would be $40,000")
    "hypothetical_before": r"\b(?:would|could|might)\s+(?:be|equal|cost|amount\s+to)\s+(?:\w+\s+){0,2}$",
    # right before the amount: it is each of several equal parts ("in two equal installments of")
    "parts_of_before": r"\b(?:install?ments|tranches|payments)\s+of\s*(?:\w+\s+){0,2}$",
    # right before an amount read as a payment: words of a limit, a threshold or a rate, which
    # no payment clause uses so close to its amount ("the insurance limit for each claim, $X")
    "cap_near": r"\b(?:limits?|limited|limitation|ceiling|maximum|minimum|threshold|exceed\w*|cap"
                r"|insurance|insured|coverage|liabilit\w+|indemni\w+|guarantee\s+of\s+not)\b[^$€£]*$",
    "rate_near": r"\b(?:rates?|per\s+(?:unit|item|hour|day|diem|piece|copy|user|seat)|hourly|unit\s+price"
                 r"|price\s+(?:per|for\s+each)|list\s+price|retail|wholesale)\b[^$€£]*$",
    "other_before": r"\b(?:damages|penalt(?:y|ies)|purchase\s+price|reimburs\w+|expenses?|loan|interest"
                    r"|credited|refund(?:s|ed)?)\b[^$€£]*$",
    # a clause on shares or options: an amount in it is a price or a condition of a grant,
    # not a payment ("an option to acquire 22,378 Shares ... on terms which include an upfront
    # payment of USD24,000,000")
    "shares_sentence": r"\boptions?\s+to\s+(?:acquire|purchase|buy)\b|\b(?:ordinary|common|preferred)\s+"
                       r"(?:shares|stock)\b|\bshares\s+of\s+(?:\w+\s+){0,3}stock\b|\bworth\s+of\b",
    # the lead-in of a list of terms, whatever payment words it holds: "The payment schedule
    # of minimum purchases is as follows:", "Price list. Payment due in advance:"
    "terms_lead": r"\bminimum\s+(?:purchase|order|sales|volume)s?\b|\bprice\s+list\b|\bpricing\b"
                  r"|\bretail\b|\bwholesale\b|\binsurance\b|\bliabilit(?:y|ies)\b|\brates?\s*:",
    # a clause that sets a condition or defines a term: what it names is no payment due
    "conditional": r"\b(?:if|in\s+the\s+event|should|unless|whereas|means|shall\s+mean|in\s+case"
                   r"|provided\s+(?:that|however))\b",
    # a fee paid once by its nature: a payment even when the clause says not when
    "one_off": r"\bup[- ]?front\b|\bone[- ](?:time|off)\b|\bnon[- ]?refundable\b|\bsigning\s+(?:fee|bonus"
               r"|payment)|\bset[- ]?up\s+fee\b|\bactivation\s+fee\b|\bsuccess\s+fee\b"
               r"|\blump\s+sum\b|\bentire\s+compensation\b",
    # a fee named like a one-off one ("the Initial Fee ... would be $40,000", "the Development
    # Fee shall be applied against"): a payment only when the clause says when it is due
    "named_fee": r"\binitial\s+(?:franchise\s+|license\s+|licen[cs]e\s+)?fee\b|\bdeposit\b"
                 r"|\bmilestone\s+payment\b|\bdevelopment\s+fee\b|\bsponsorship\s+fee\b"
                 r"|\blicen[cs]e\s+fee\b",
}

# --- recurring fees (extractor.nlp.series) -------------------------------------------------
# Right after the amount: its period ("$6,000 per month", "$150,000 per annum").
PERIOD_AFTER = [
    ((r"^\W{0,3}(?:per|/|a|an|each|every|in\s+each|for\s+each)\s+(?:calendar\s+)?month\b"
     r"|^\W{0,3}monthly\b|^\W{0,3}\(?per\s+month\)?"), "monthly"),
    ((r"^\W{0,3}(?:per|/|a|each|every|in\s+each|for\s+each)\s+(?:calendar\s+)?quarter\b"
     r"|^\W{0,3}quarterly\b"), "quarterly"),
    ((r"^\W{0,3}(?:per|/|a|each|every|in\s+each|for\s+each|during\s+each)\s+(?:calendar\s+|contract\s+"
     r"|fiscal\s+|license\s+|lease\s+)?(?:year|annum)\b|^\W{0,3}(?:annually|yearly|per\s+annum)\b"),
     "annual"),
    (r"^\W{0,3}(?:per|a|each|every)\s+week\b|^\W{0,3}weekly\b", "weekly"),
]  # fmt: skip
# Right before the amount: a fee named for its period ("a monthly retainer of",
# "in four (4) quarterly installments of").
PERIOD_BEFORE = [
    (r"\bmonthly\s+(?:fee|charge|retainer|payment)s?\b[^$€£\n]{0,40}$", "monthly"),
    (r"\bquarterly\s+(?:fee|charge|retainer|payment)s?\b[^$€£\n]{0,40}$", "quarterly"),
    (r"\b(?:annual|yearly)\s+(?:fee|charge|retainer|payment)s?\b[^$€£\n]{0,40}$", "annual"),
    ((r"\bmonthly\s+(?:[\w-]+\s+){0,4}?(?:of|is|shall\s+be|equal\s+to|at)\s*(?:\w+\s+){0,2}$"
     r"|\bper\s+month\s+of\s*$|\beach\s+month\s*$"), "monthly"),
    ((r"\bquarterly\s+(?:[\w-]+\s+){0,4}?(?:of|is|shall\s+be|equal\s+to|at)\s*(?:\w+\s+){0,2}$"
     r"|\beach\s+(?:calendar\s+)?quarter\s*$"), "quarterly"),
    (r"\bsemi-?annual(?:ly)?\s+(?:[\w-]+\s+){0,4}?(?:of|is|shall\s+be|equal\s+to)\s*(?:\w+\s+){0,2}$",
     "semiannual"),
    ((r"\b(?:annual|yearly)\s+(?:[\w-]+\s+){0,4}?(?:of|is|shall\s+be|equal\s+to|at)\s*(?:\w+\s+){0,2}$"
     r"|\bper\s+(?:annum|year)\s+of\s*$"), "annual"),
]  # fmt: skip
# The amount of one instalment ("in four (4) equal installments of Five Thousand U.S. Dollars
# ($5,000) ... on or before the first (1st) day of February, May, August and November in each
# Contract Year"): its period is the year split by the days listed (extractor.nlp.series).
INSTALMENT_OF_BEFORE_RE = r"\b(?:install?ments?|payments?)\s+of\s+[^$€£.;]{0,60}$"
EACH_YEAR_RE = r"\b(?:of|in)\s+each\s+(?:calendar\s+|contract\s+|fiscal\s+)?year\b|\bannually\b"
PERIOD_OF_DAYS_PER_YEAR = {12: "monthly", 4: "quarterly", 2: "semiannual", 1: "annual"}
# A sales milestone right before a fee ("Annual Worldwide Net Sales over U.S.$500 Million ...
# U.S.$10 Million per year for first five years"): the fee's years count from that event.
SALES_THRESHOLD_RE = (
    r"\b(?:net\s+sales|revenues?)\s+(?:of\s+)?(?:over|above|exceed(?:s|ing)?|greater\s+than"
    r"|in\s+excess\s+of|of\s+at\s+least)\b"
)
# Instalments timed by period anywhere in the clause.
PERIOD_IN_CLAUSE = [
    (r"\binstall?ments\b[^.;]{0,80}\b(?:of|in)\s+each\s+(?:calendar\s+|contract\s+)?year\b", "annual"),
    (r"\binstall?ments\b[^.;]{0,80}\b(?:of|in)\s+each\s+(?:calendar\s+)?quarter\b", "quarterly"),
    (r"\binstall?ments\b[^.;]{0,80}\b(?:of|in)\s+each\s+(?:calendar\s+)?month\b", "monthly"),
    (r"\beach\s+of\s+(?:the\s+)?\d{1,3}(?:st|nd|rd|th)?(?:/th/)?\s+(?:through|to)\s+\d{1,3}", "monthly"),
]  # fmt: skip
# "each of the 1st through 12th months after the Launch Date"
MONTH_RANGE_RE = (
    r"\beach\s+of\s+(?:the\s+)?(?P<first>\d{1,3})(?:st|nd|rd|th)?(?:/th/)?\s+(?:through|to)\s+"
    r"(?P<last>\d{1,3})(?:st|nd|rd|th)?(?:/th/)?\s+months?\s+(?:after|following|from)\s+"
    r"(?P<event>(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,4})"
)
# "for months four through six"
MONTH_SPAN_RE = (
    r"\bmonths\s+(?P<first>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:through|to|-|–)\s+(?P<last>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven"
    r"|twelve|eighteen|twenty-four|thirty-six)\b"
)
COUNT_NUMBER_RE = (
    r"(?:[a-z]+(?:[- ][a-z]+)?\s*\(\s*\d{1,3}\s*\)|\d{1,3}|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|eighteen|twenty|twenty-four|thirty-six|sixty)"
)
# (pattern, unit of its number): months, years, quarters, or payments (a count as such).
COUNT_PATTERNS = [
    ((r"\b(?:for|during|in)\s+(?:a\s+period\s+of\s+|each\s+of\s+)?(?:the\s+)?(?:first|initial|next)?\s*"
     r"(?P<num>{num})\s+(?:consecutive\s+)?(?:calendar\s+)?months?\b"), "months"),
    ((r"\b(?:for|during)\s+(?:a\s+period\s+of\s+|each\s+of\s+)?(?:the\s+)?(?:first|initial|next)?\s*"
     r"(?P<num>{num})\s+(?:consecutive\s+)?(?:calendar\s+|contract\s+)?years?\b"), "years"),
    ((r"\b(?:for|during)\s+(?:a\s+period\s+of\s+)?(?:the\s+)?(?:first|initial|next)?\s*"
     r"(?P<num>{num})\s+(?:consecutive\s+)?(?:calendar\s+)?quarters?\b"), "quarters"),
    ((r"\b(?:in|of)\s+(?P<num>{num})\s+(?:equal\s+|consecutive\s+|successive\s+)*(?:monthly\s+"
     r"|quarterly\s+|annual\s+|semi-?annual\s+|yearly\s+)?(?:install?ments|payments)\b"), "payments"),
    # the fee holds until a stated increase: "after the first five (5) years of the Term, the
    # Annual Guarantee shall increase by three percent"
    ((r"\bafter\s+the\s+(?:first|initial)\s+(?P<num>{num})\s+(?:contract\s+|calendar\s+)?years?\b"
     r"[^.;]{{0,80}}?\b(?:increase|escalate|be\s+adjusted)"), "years"),
    (r"\b(?P<num>{num})-year\s+term\b", "years"),
    (r"\b(?P<num>{num})-month\s+term\b", "months"),
    # a term column or clause before the fee: "12 months from the Commencement Date $1,630 per month"
    ((r"\b(?P<num>{num})\s+(?:consecutive\s+)?(?:calendar\s+)?months?\s+(?:from|after|following)\s+"
     r"(?:the\s+)?(?:[A-Z][\w-]*\s+){{0,2}}(?:Commencement|Effective|Start|Launch|Closing|Service)\s+Date\b"),
     "months"),
]  # fmt: skip
# The fee runs as long as the contract ("during the Term", "for the entire duration").
DURING_TERM_RE = (
    r"\b(?:during|for|throughout|over)\s+(?:the\s+)?(?:entire\s+|whole\s+|full\s+|initial\s+)?"
    r"(?:term|duration|life)\b|\b(?:each|every|per)\s+(?:contract\s+|agreement\s+|license\s+)?year"
    r"\s+(?:of|during)\s+the\s+(?:initial\s+)?term\b|\b(?:each|every|per)\s+contract\s+year\b"
)
# A fee that may or may not be charged: its count never comes from the contract's term.
CONDITIONAL_FEE_RE = (
    r"\b(?:optional|if\s+(?:any|requested|applicable|elected)|unless|in\s+the\s+event|upon\s+request"
    r"|as\s+requested|additional|per\s+(?:[\w-]+\s+)?(?:user|unit|account|location|institution|client"
    r"|store|employee|person|site|item|bank|member)s?\b|for\s+clients?\s+with|minimum|salary"
    r"|after\s+the\s+(?:initial\s+)?term|as\s+long\s+as|dues"
    r"|renewal\s+term|thereafter|royalt)"
)
# Payments on calendar period starts ("on the first day of each calendar quarter").
CALENDAR_ALIGNED_RE = (
    r"\bfirst\s+(?:business\s+)?day\s+of\s+each\s+calendar\s+(?:month|quarter)\b"
    r"|\bper\s+calendar\s+(?:month|quarter)\b[^.;]{0,80}\bfirst\s+day\s+of\s+each\s+(?:month|quarter)\b"
)
# Each instalment paid early in the month after its period: "paid within the first five days of
# the following calendar month", "on or before the 10th day of the following month".
NEXT_MONTH_DAY_RE = (
    r"\b(?:within\s+the\s+first\s+(?P<within>{num})\s+(?:business\s+)?days|(?:on\s+or\s+before|by|no\s+later"
    r"\s+than|not\s+later\s+than|on)\s+the\s+(?P<nth>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:business\s+)?day)\s+of\s+"
    r"(?:the|each)\s+(?:following|next|subsequent|succeeding)\s+(?:calendar\s+)?(?:month|quarter)\b"
)
# The contract's length as its term clause states it, read when the key dates found none:
# "shall continue for ten (10) Contract Years", "a one year engagement", "for a term of 24 months".
TERM_LENGTH_RE = (
    r"\b(?:(?:shall|will)\s+(?:continue|remain\s+in\s+(?:full\s+)?(?:force|effect)(?:\s+and\s+effect)?|run)"
    r"\s+for\s+(?:a\s+(?:period|term)\s+of\s+)?|(?:for\s+)?an?\s+(?:initial\s+)?term\s+of\s+"
    r"|\bagrees?\s+to\s+an?\s+(?=\w+\s+(?:\(\d+\)\s+)?years?\s+engagement))"
    r"(?P<num>{num})[\s-]+(?:consecutive\s+)?(?:contract\s+|calendar\s+)?(?P<unit>years?|months?)\b"
)
# Quarterly instalments on a day of each calendar quarter: "no later than the 10th day of the
# first month of each quarter".
QUARTER_DAY_RE = (
    r"\b(?P<nth>\d{1,2})(?:st|nd|rd|th)?\s+day\s+of\s+(?:the\s+first\s+month\s+of\s+)?each\s+"
    r"(?:calendar\s+)?quarter\b"
)
# The last day a fee runs.
END_RE = r"\b(?:through|until|till|up\s+to\s+and\s+including|ending\s+on)\s+(?:and\s+including\s+)?"
# When the first payment falls.
START_RE = (
    r"\b(?:beginning|starting|commencing|effective)\s+(?:on|with|in|as\s+of|upon|from)?\b"
    r"|\bthe\s+first\s+(?:one\s+)?(?:being\s+|is\s+|shall\s+be\s+)?(?:due|payable)\s+(?:on\s+)?"
    r"|\bfirst\s+(?:such\s+)?(?:payment|install?ment|fee)\s+(?:being\s+|is\s+|shall\s+be\s+|to\s+be\s+)?"
    r"(?:due|payable|paid|made)\s+(?:on|upon|by)?\b"
)
# A list of payment dates follows ("on each of", "on the following dates").
LISTED_DATES_RE = (
    r"\bon\s+each\s+of\b|\bon\s+the\s+following\s+dates\b|\bdue\s+on\s*:|\bon\s+(?=\w+\s+\d{1,2},?"
    r"\s+\d{4}\s*(?:,|and))|\bon\s+(?=\w+\s+\d{1,2}\s+and\s+\w+\s+\d{1,2})"
)
# "November 29 and December 29, 1999": month, day, and a year when stated
MONTH_DAY_YEAR_RE = (
    r"\b(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<year>\d{4}))?\b"
)

# --- scheduled payments (extractor.nlp.moneydue) -------------------------------------------
# A lead-in of a list of payments due on milestone events (each row names its event).
MILESTONE_LEAD_RE = (
    r"\bmilestones?\b|\bachievement\b|\bupon\s+(?:the\s+)?(?:occurrence|completion|attainment)\b"
    r"|\bevents?\b"
)
# A payment due on a business event: "upon first patient dosed in a Phase II trial", "when
# annual Net Sales first exceed CHF 20 million".
UPON_EVENT_RE = (
    r"\b(?:upon|when|once|on\s+(?=the\s+(?:first|initial|achievement|occurrence|completion))"
    r"|following|after)\s+(?:the\s+)?(?P<event>(?:(?:first|initial|achievement|occurrence|completion"
    r"|attainment|receipt)\b|[A-Za-z][\w-]*\s+(?:first|initially)\b|(?:cumulative|annual|aggregate)"
    r"\s+(?:net\s+)?sales\b|(?:[A-Z]{2,}|[A-Z][a-z]+)\s+(?:[\w-]+\s+){0,3}?(?:approval|clearance|launch"
    r"|filing|submission|acceptance|registration|listing|closing|dosing|enrollment|initiation"
    r"|commencement|sale|go-live))(?:[^.;:\n]|(?<=\d)[.,:](?=\d)){0,90})"
)
# A sentence that says when the payment of the sentence before is due.
FOLLOW_UP_RE = (
    r"(?:such|this|that|the\s+foregoing|each\s+such)\s+(?:payment|amount|fee|sum|installment"
    r"|instalment)s?\b|(?:the\s+)?(?:[A-Z][\w()®-]*\s+){1,3}(?:Fee|Payment|Deposit)\s+(?:is|shall|will)"
    r"|(?:payment|it)\s+(?:is|shall\s+be|will\s+be)\s+(?:due|made|paid|payable)"
)
# A name the contract gives the payment right after its amount: '$500,000 (the "Deposit")'.
DEFINED_NAME_AFTER_RE = (
    r"^[^()\"“]{0,30}?\(\s*(?:hereinafter\s+|herein\s+)?(?:referred\s+to\s+as\s+)?(?:the\s+)?[\"“]"
    r"(?P<name>[A-Z][^\"”]{2,50})[\"”]"
)
# A fee or payment named right before its amount: "an upfront Bonus Payment of".
FEE_NAME_BEFORE_RE = (
    r"(?P<name>(?:[A-Za-z][\w-]*\s+){0,3}(?:fee|payment|deposit|retainer|advance|bonus"
    r"|install?ment|charge|milestone|compensation|consideration))\s+(?:of|in\s+the\s+amount\s+of"
    r"|equal\s+to|in\s+an\s+amount\s+equal\s+to|totall?ing|:|-|–)?\s*(?:\w+\s+){0,1}$"
)

# --- lists and tables of amounts (extractor.nlp.mentions) ----------------------------------
# A row of a list: an enumerator or a bullet at the line start.
LIST_LINE_RE = r"^\W{0,3}(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2}(?:\.\d{1,2})*)[.)]\s|[●•▪◦■➢o*-]\s)"
# A table header row: only column words ("Milestone   Amount", "Event | Payment | Due Date").
LIST_HEADER_RE = (
    r"(?:(?:development\s+|regulatory\s+|sales\s+|commercial\s+)?(?:milestones?|events?|payments?"
    r"|amounts?|fees?|due\s+dates?|dates?|deliverables?|installments?|instalments?|triggers?"
    r"|description|timing|phase|stage|year|period|(?:payment\s+)?schedule|(?:milestone\s+)?payment"
    r"\s+amount|in\s+(?:us\s*)?\$|\(\$\))[\s|/]*){2,6}"
)
# A line whose amounts are in thousands: "Payment ($000)", "(in thousands of dollars)".
THOUSANDS_RE = r"\(\s*[$€£]\s?0{3}s?\s*\)|\((?:[$€£]\s)?in\s+thousands(?:\s+of\s+\w+)?\)"
# Lines between the rows of a list that carry nothing: page numbers and exhibit page marks.
PAGE_NOISE_RE = r"[-–\s]*(?:page\s+)?[a-z]?-?\d{1,3}[-–\s]*|\[\s*graphic\s+omitted\s*\]|\*+"

# --- fee tables whose column header names the period (extractor.nlp.feecolumns) -----------
# "Service Name  Description of Service  Term  Monthly Fee (USD) – Commencement Date – 2020":
# the header of a fee column, its words wrapped over lines as PDF tables print them.
FEE_COLUMN_RE = (
    r"(?:^|\n)[ \t]*(?P<period>monthly|quarterly|annual|yearly)\s+fees?\s*\(\s*(?:USD|US\$|\$|EUR|€|GBP|£"
    r"|CAD|AUD|CHF)\s*\)(?P<tail>[^\n$€£]{0,20}(?:\n[^\n$€£]{0,30}){0,3})"
)
# Other column words just before a fee column header: the header is a table's.
COLUMN_WORDS_RE = r"\b(?:description|service|item|term|quantity|deliverable)s?\b"
# A year the column is for: "– 2020".
COLUMN_YEAR_RE = r"\b(?P<year>(?:19|20)\d\d)\b"
# The start a column is counted from: "– Commencement Date – 2020".
COLUMN_START_RE = r"\b(?P<name>(?:[A-Z][a-z]+\s+){1,2}Date)\b"
# Where the contract defines that date: 'Effective February 4, 2020 (the "Commencement Date")'.
DEFINED_DATE_RE = r"\(\s*(?:the\s+|each\s+a\s+|either,\s+a\s+)?[\"“]{name}[\"”]\s*\)"

# --- fees per contract year (extractor.nlp.yearfees) ---------------------------------------
# A row naming a contract year: "Year 1 (2019/20)", "Contract Year 2", "Third (3rd) Contract Year".
YEAR_LABEL_RE = (
    r"^\W{0,4}(?:(?:contract|license|licence|agreement|sponsorship|lease)\s+)?year\s+"
    r"(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    r"|^\W{0,4}(?P<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s+"
    r"(?:\(\d{1,2}(?:st|nd|rd|th)\)\s+)?(?:contract\s+|license\s+|agreement\s+)?year\b"
)
# A sentence splitting an annual fee into instalments speaks of a year ...
ANNUAL_FEE_RE = (
    r"\b(?:annual|yearly|each\s+(?:contract\s+)?year|per\s+(?:contract\s+)?year|per\s+annum"
    r"|each\s+contract\s+year)\b"
)
# ... and says in how many parts: "in four (4) equal instalments", "two equal semiannual".
SPLIT_PARTS_RE = (
    r"\bin\s+(?P<parts>(?:\w+\s+)?(?:\(\d+\)\s+)?(?:equal\s+)?(?:quarterly|semi-?annual|monthly)?)\s*"
    r"(?:install?ments|payments|parts)\b"
)
# "on or before March 1 and September 1": the (month, day)s instalments fall on.
MONTH_DAYS_RE = (
    r"\b(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b"
    r"(?!,?\s+\d{4})"
)
# "the first (1st) day of February, May, August and November", "1st day of each June, ..."
MONTH_NAME_RE = (
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
DAY_OF_MONTHS_RE = (
    r"\b(?P<nth>first|1st|fifteenth|15th|last|\d{1,2}(?:st|nd|rd|th))\s+(?:\(\d{1,2}(?:st|nd|rd|th)\)\s+)?"
    r"day\s+of\s+(?:each\s+)?(?P<months>(?:(?:january|february|march|april|may|june|july|august"
    r"|september|october|november|december)(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)?){2,12})"
)
