"""Candidates for the renewal term and the notice that stops a renewal, with the features a
model scores.

Rules propose, for recall: every sentence that may renew the contract ("renew", "extend",
"successive", "automatically continue", "evergreen", "year to year", "thereafter", ...) and
every length in it. A length is one candidate renewal term; "renews, length unstated" (CUAD's
"perpetual") is one more, described by the renewal sentences that state no length of their own.
The notice candidates are every length in those sentences and in the sentences that follow
them or speak of non-renewal, each described by the words around it ("prior to the end of the
then-current term" against "to cure", "for convenience", "upon ... notice").

A value's features are those of its mentions merged (the strongest of each), so 12 months and
one year, said twice, are one candidate with one score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractor.learn.datefeatures import words
from extractor.nlp.durations import Duration, find_durations
from extractor.nlp.numbers import finditer_around
from models import Period

PERPETUAL = "perpetual"  # renews, with no length stated (CUAD's answer)
# A sentence that may renew the contract.
RENEW_CUE = re.compile(
    r"\b(?:renew\w*|extend\w*|extensions?|successive|automatic(?:ally)?\s+continu\w*|evergreen|"
    r"year[-\s]+to[-\s]+year|month[-\s]+to[-\s]+month|thereafter|additional\s+(?:\w+\s+)?(?:term|period)s?|"
    r"perpetu\w*|indefinite\w*|annual\s+periods?|"
    r"(?:continu\w*|remain\w*)\s+(?:in\s+(?:full\s+)?(?:force|effect)\s+)?(?:until|unless))\b",
    re.IGNORECASE,
)
# Every match of RENEW_CUE / NOTICE_CUE holds one of these words (lowercase): the patterns run
# only near them (str.find is many times faster than a case-blind regex over a long contract).
RENEW_WORDS = ("renew", "extend", "extension", "successive", "continu", "evergreen", "to year", "to-year",
               "to month", "to-month", "thereafter", "additional", "perpetu", "indefinite", "annual", "remain")
NOTICE_WORDS = ("renew", "extend", "intent", "prior", "before", "advance", "preceding")
# Lengths a renewal clause says without a number.
IMPLICIT = (
    (re.compile(r"\byear[-\s]+to[-\s]+year\b|\b(?:renew\w*|extend\w*|continu\w*)\s+annually\b|"
                r"\bannual\s+(?:renewals?|extensions?|periods?|terms?|basis)\b", re.IGNORECASE), Duration(1, "years")),
    (re.compile(r"\bmonth[-\s]+to[-\s]+month\b|\b(?:renew\w*|extend\w*)\s+monthly\b|"
                r"\bmonthly\s+(?:renewals?|extensions?|periods?|terms?|basis)\b", re.IGNORECASE), Duration(1, "months")),
    (re.compile(r"\bquarterly\s+(?:renewals?|extensions?|periods?|terms?|basis)\b", re.IGNORECASE),
     Duration(3, "months")),
)
# Sentences about the notice that stops a renewal, wherever they are.
NOTICE_CUE = re.compile(
    r"\bnon-?\s?renew\w*|\bnot\s+(?:to\s+)?(?:renew|extend)|\bintent\w*\s+(?:not\s+)?to\s+(?:renew|terminate)|"
    r"\b(?:prior\s+to|before|in\s+advance\s+of|preceding)\s+(?:the\s+)?(?:end|expir\w+|last\s+day)\s+of\s+"
    r"(?:the\s+|such\s+|any\s+|each\s+)?(?:then[-\s]+current|initial|renewal|current|applicable|"
    r"extended|original)",
    re.IGNORECASE,
)
# What the sentence of a candidate says (each a feature): words looked for in the sentence
# lowercased with its spaces squeezed.
SENTENCE_CUES = {
    "automatic": ("automatic",), "successive": ("successive", "succesive", "sucessive"), "renew": ("renew",),
    "extend": ("extend", "extension"), "option": ("option",), "may": (" may ",), "mutual": ("mutual",),
    "agreement_of": ("written agreement", "mutual agreement", "written consent", "mutual consent",
                     "agree in writing", "agreed in writing", "both parties", "mutually agree"),
    "notice": ("notice", "notif"), "unless": ("unless",), "initial": ("initial term", "original term"),
    "thereafter": ("thereafter",), "terminate": ("terminat",), "perpetual": ("perpetu", "evergreen", "indefinite"),
    "additional": ("additional", "further"), "year_to_year": ("year to year", "year-to-year"), "expire": ("expir",),
    "prior_end": ("prior to the end", "prior to the expir", "before the end", "before the expir", "prior to end",
                  "prior to expir", "prior to the last day"),
    "non_renewal": ("non-renew", "nonrenew", "non renew", "not to renew", "not renew", "not to extend"),
    "cure": ("cure", "breach", "default"), "convenience": ("convenience", "without cause", "for any reason"),
    "shall_continue": ("shall continue", "will continue", "remain in"), "each": (" each ",),
    "term_of": ("term of",), "until_terminated": ("until terminated", "until either", "until one party"),
    "license": ("licens", "licenc"), "lease": ("lease",), "price": ("price", "fee", "rate"),
    "warrant": ("warrant",), "payment": ("pay",), "period_of": ("period of", "periods of"), "upon": ("upon",),
    "written": ("written", "writing"), "right": ("right",), "approval": ("approv",),
    "anniversary": ("anniversar",), "calendar": ("calendar",), "patent": ("patent",),
    "means": ('" means', "” means", "shall mean"), "any_time": ("at any time",), "amend": ("amend",),
}
HEADING = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:term|renewal|duration)\b", re.IGNORECASE)
# Just before a length: a delay ("within 30 days", "at least 90 days") or a length of something.
BEFORE = {
    "within": r"\bwithin\s*$", "least": r"\b(?:at\s+least|not\s+less\s+than|no\s+less\s+than|minimum\s+of|"
    r"no\s+later\s+than|not\s+later\s+than)\s*$",
    "for": r"\bfor\s+(?:an?\s+)?(?:(?:additional|further|successive|renewal|consecutive|like)\s+)*"
    r"(?:(?:term|period)s?\s+of\s+)?(?:up\s+to\s+)?$",
    "of": r"\b(?:term|period)s?\s+of\s*(?:up\s+to\s+)?$", "upon": r"\bupon\s*$", "by": r"\bby\s*$",
    "additional": r"\b(?:additional|further|successive|consecutive|renewal)\s*$", "after": r"\bafter\s*$",
    "initial": r"\b(?:initial|original|first)\s+(?:term|period)\s+(?:of|shall\s+be|is|will\s+be)\s*(?:\w+\s+)?$",
}
BEFORE = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in BEFORE.items()}
AFTER = {
    "prior": r"^\W*(?:\w+\s+){0,3}?(?:prior|before|in\s+advance|preceding)\b",
    "notice": r"^\W*(?:\w+\s+){0,2}?(?:written\s+)?notice", "each": r"^\W*(?:each|apiece)\b",
    "terms": r"^\W*(?:renewal\s+|extension\s+|additional\s+)?(?:term|period)s?\b",
    "after": r"^\W*(?:after|following|from)\b", "thereafter": r"^\W*thereafter",
    "unless": r"^\W*unless\b",
    "before_end": r"^\W*(?:\w+\s+){0,3}?(?:prior\s+to|before|in\s+advance\s+of|preceding)\s+(?:the\s+)?"
                  r"(?:\w+\s+)?(?:end|expiration|expiry|renewal|last\s+day|anniversary|termination)",
}
AFTER = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in AFTER.items()}
SENTENCE_END = re.compile(r"[.;:!?)]\s*$")  # a sentence that ends here is not cut
PERPETUAL_SENTENCES = 4  # the renewal sentences that describe "renews, length unstated"
# The words a renewal length follows ("renew ... for successive one-year terms").
RENEW_VERB = re.compile(r"\b(?:renew\w*|extend\w*|extension|continu\w*|successive|additional)\b", re.IGNORECASE)
NOTICE_WORDS_BETWEEN = re.compile(r"\bnotice|\bprior\b|\bdays\b", re.IGNORECASE)
MAX_SENTENCES = 40  # a contract's renewal-like sentences looked at (the first ones)
UNIT_DAYS = {"days": 1, "business_days": 1.4, "weeks": 7, "months": 30.4375, "years": 365.25}


@dataclass
class Candidate:
    """One value (a Period, or PERPETUAL) with the merged features of its mentions."""

    value: Period | str
    start: int
    end: int
    features: dict[str, float] = field(default_factory=dict)
    mentions: int = 0
    automatic: bool = True  # the first mention's sentence renews by itself (not "may renew")
    sentences: set[int] = field(default_factory=set)  # where its mentions are (sentence starts)

    def add(self, features: dict[str, float], sentence: int) -> None:
        self.sentences.add(sentence)
        self.mentions += 1
        for name, weight in features.items():
            self.features[name] = max(self.features.get(name, 0.0), weight)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    renews: bool  # holds a renewal cue (else: a notice cue only, or the one after a renewal)
    order: int  # how many renewal sentences came before


def days(period: Period) -> float:
    return period.value * UNIT_DAYS[period.unit]


def same_length(a: Period, b: Period) -> bool:
    """12 months is 1 year (the scorer's convention, within 2 %)."""
    x, y = days(a), days(b)
    return abs(x - y) <= 0.02 * max(x, y)


def canonical(value: Period | str) -> Period | str:
    """One spelling per length: 24 months is 2 years (30 days stays apart from 1 month: a
    notice of 30 days and a renewal of one month are different mentions)."""
    if isinstance(value, Period) and value.unit == "months" and value.value % 12 == 0 and value.value:
        return Period(value.value // 12, "years")
    return value


def sentences(text: str) -> list[Sentence]:
    """The renewal-like sentences, the one after each, and the non-renewal notice sentences."""

    spans: dict[tuple[int, int], Sentence] = {}
    position = 0
    low = text.lower()
    for match in near_words(RENEW_CUE, RENEW_WORDS, text, low):
        if match.start() < position:
            continue
        s, e = _sentence(text, match.start(), match.end())
        position = e
        if (s, e) not in spans:
            spans[(s, e)] = Sentence(s, e, True, len(spans))
        if len(spans) >= MAX_SENTENCES:
            break
    renewing = list(spans.values())
    for sentence in renewing:
        nxt = _next_sentence(text, sentence.end)
        if nxt is not None and nxt not in spans:
            spans[nxt] = Sentence(nxt[0], nxt[1], False, sentence.order + 1)
    for match in near_words(NOTICE_CUE, NOTICE_WORDS, text, low):
        s, e = _sentence(text, match.start(), match.end())
        if (s, e) not in spans and not any(x.start <= match.start() < x.end for x in spans.values()):
            spans[(s, e)] = Sentence(s, e, False, len(renewing))
    return sorted(spans.values(), key=lambda x: x.start)


def near_words(pattern: re.Pattern, needles: tuple[str, ...], text: str, low: str,
               before: int = 60, after: int = 120):
    """``pattern.finditer(text)`` run only around the places ``low`` (``text`` lowercased)
    holds one of ``needles``: each match must hold one and reach at most ``before``/``after``
    chars from it."""
    hits = []
    for needle in needles:
        position = low.find(needle)
        while position >= 0:
            hits.append(position)
            position = low.find(needle, position + 1)
    hits.sort()
    yield from finditer_around(pattern, text, ((hit, hit) for hit in hits), before, after)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``text[start:end]``, carried over a page or paragraph break that
    cuts it ("for a period of 12 <page break> months")."""
    from extractor.nlp.keydates import sentence_around

    # (from start + 1: sentence_around splits before a capital only when it sees the capital)
    s, e = sentence_around(text, min(start + 1, end), end)
    if e < len(text) and not SENTENCE_END.search(text, max(s, e - 3), e):
        _, e = sentence_around(text, _skip(text, e), _skip(text, e) + 1)
    return s, e


def _skip(text: str, position: int) -> int:
    while position < len(text) - 1 and text[position].isspace():
        position += 1
    return position


def _next_sentence(text: str, end: int) -> tuple[int, int] | None:
    start = _skip(text, end)
    if start >= len(text) - 1 or start - end > 400:
        return None
    s, e = _sentence(text, start, start + 1)
    return (max(s, start), e) if e > start else None


def mentions(text: str, sentence: Sentence) -> list[tuple[int, int, Duration]]:
    """Every length in the sentence, the implicit ones ("year to year") included."""
    body = text[sentence.start : sentence.end]
    out = [(sentence.start + s, sentence.start + e, d) for s, e, d in find_durations(body)]
    for pattern, duration in IMPLICIT:
        for match in pattern.finditer(body):
            out.append((sentence.start + match.start(), sentence.start + match.end(), duration))
    return sorted(out, key=lambda m: m[0])


def sentence_features(text: str, sentence: Sentence, prefix: str) -> dict[str, float]:
    body = text[sentence.start : sentence.end]
    low = " " + " ".join(body.lower().split()) + " "
    out = {f"{prefix}cue:{name}": 1.0 for name, cues in SENTENCE_CUES.items() if any(c in low for c in cues)}
    if HEADING.match(body):
        out[f"{prefix}cue:heading_term"] = 1.0
    out[f"{prefix}renews" if sentence.renews else f"{prefix}follows"] = 1.0
    out[f"{prefix}order:{min(sentence.order, 5)}"] = 1.0
    return out


def mention_features(text: str, sentence: Sentence, start: int, end: int, duration: Duration,
                     prefix: str) -> dict[str, float]:
    out = sentence_features(text, sentence, prefix)
    left = words(text[max(sentence.start, start - 80) : start])[-6:]
    right = words(text[end : min(sentence.end, end + 70)])[:6]
    for word in left:
        out[f"{prefix}L:{word}"] = 1.0
    for word in right:
        out[f"{prefix}R:{word}"] = 1.0
    if left:
        out[f"{prefix}L1:{left[-1]}"] = 1.0
    if len(left) >= 2:
        out[f"{prefix}LB:{left[-2]}_{left[-1]}"] = 1.0
    if right:
        out[f"{prefix}R1:{right[0]}"] = 1.0
    before = text[max(sentence.start, start - 60) : start]
    after = text[end : min(sentence.end, end + 60)]
    for name, pattern in BEFORE.items():
        if pattern.search(before):
            out[f"{prefix}before:{name}"] = 1.0
    for name, pattern in AFTER.items():
        if pattern.search(after):
            out[f"{prefix}after:{name}"] = 1.0
    verbs = list(RENEW_VERB.finditer(text, sentence.start, start))
    if verbs:
        between = text[verbs[-1].end() : start]
        out[f"{prefix}verb_gap:{_gap(len(between.split()))}"] = 1.0
        if NOTICE_WORDS_BETWEEN.search(between):
            out[f"{prefix}notice_between"] = 1.0
    else:
        out[f"{prefix}verb_gap:none"] = 1.0
    cue = _nearest_cue(text, sentence, start)
    if cue is not None:
        out[f"{prefix}cue_{'before' if cue < start else 'after'}"] = 1.0
        out[f"{prefix}cue_dist:{_bucket(abs(cue - start))}"] = 1.0
    out[f"{prefix}unit:{duration.unit}"] = 1.0
    out[f"{prefix}amount:{_amount(duration.amount)}"] = 1.0
    length = duration.amount * UNIT_DAYS[duration.unit]
    out[f"{prefix}days:{_days_bucket(length)}"] = 1.0
    return out


def _nearest_cue(text: str, sentence: Sentence, position: int) -> int | None:
    best = None
    for match in RENEW_CUE.finditer(text, sentence.start, sentence.end):
        if best is None or abs(match.start() - position) < abs(best - position):
            best = match.start()
    return best


def _gap(count: int) -> str:
    for limit in (3, 7, 13):
        if count < limit:
            return f"<{limit}"
    return ">=13"


def _bucket(distance: int) -> str:
    for limit in (20, 60, 150, 300):
        if distance < limit:
            return f"<{limit}"
    return ">=300"


def _amount(amount: int) -> str:
    return str(amount) if amount <= 3 else ("4-12" if amount <= 12 else ">12")


def _days_bucket(length: float) -> str:
    for limit in (28, 95, 200, 400, 800, 2000):
        if length < limit:
            return f"<{limit}"
    return ">=2000"


@dataclass
class Inputs:
    """Everything one contract offers the two decisions."""

    renewals: list[Candidate]
    notices: list[Candidate]
    renewal_null: dict[str, float]
    notice_null: dict[str, float]
    sentence_starts: list[int] = field(default_factory=list)  # of the sentences looked at, in order


def _merge(candidates: list[Candidate], value: Period | str, start: int, end: int,
           features: dict[str, float], sentence: Sentence, automatic: bool = True) -> None:
    for candidate in candidates:
        if canonical(candidate.value) == canonical(value):
            candidate.add(features, sentence.start)
            return
    candidate = Candidate(value, start, end, automatic=automatic)
    candidate.add(features, sentence.start)
    candidates.append(candidate)


def as_period(duration: Duration) -> Period:
    return Period(duration.amount, duration.unit)


def candidates(text: str, rule_renewal, rule_notice: Period | None, rule_term: str | None) -> Inputs:
    """The renewal and notice candidates of ``text`` (as keydates.readable gives it), given the
    rules' renewal (a RenewalTerm or None), notice period and term length ("5 years")."""
    from extractor.nlp.rules import keydates as rules

    if "~" in text:
        text = text.replace("~", "-")  # "3~year": a hyphen as some PDFs' text layer gives it
    found = sentences(text)
    term = _term_period(rule_term)
    renewals: list[Candidate] = []
    notices: list[Candidate] = []
    bare = []  # renewal sentences with no length of their own
    for sentence in found:
        body = text[sentence.start : sentence.end]
        automatic = not rules.RENEWAL_OPTIONAL.search(body) or bool(rules.RENEWAL_AUTOMATIC.search(body))
        lengths = mentions(text, sentence)
        renewal_lengths = 0
        for start, end, duration in lengths:
            period = as_period(duration)
            features = mention_features(text, sentence, start, end, duration, "")
            if term is not None and same_length(term, period):
                features["same_as_term"] = 1.0
            _merge(notices, period, start, end, features, sentence)
            if sentence.renews:
                _merge(renewals, period, start, end, features, sentence, automatic)
                renewal_lengths += 1
        if sentence.renews and not renewal_lengths:
            bare.append(sentence)
    renewing = [sentence for sentence in found if sentence.renews]
    if renewing:
        features = {"perpetual": 1.0, f"bare:{min(len(bare), 3)}": 1.0}
        for sentence in renewing[:PERPETUAL_SENTENCES]:
            features.update({f"P:{k}": v for k, v in sentence_features(text, sentence, "").items()})
        for sentence in bare[:PERPETUAL_SENTENCES]:
            features.update({f"bare_{k}": v for k, v in sentence_features(text, sentence, "").items()})
        first = (bare or renewing)[0]
        body = text[first.start : first.end]
        automatic = not rules.RENEWAL_OPTIONAL.search(body) or bool(rules.RENEWAL_AUTOMATIC.search(body))
        _merge(renewals, PERPETUAL, first.start, first.end, features, first, automatic)
        renewals[-1].sentences.update(sentence.start for sentence in bare[:PERPETUAL_SENTENCES])
    _rule_features(renewals, notices, rule_renewal, rule_notice)
    renewal_null = _null(text, found, renewals, rule_renewal is not None, "renewal")
    notice_null = _null(text, found, notices, rule_notice is not None, "notice")
    return Inputs(renewals, notices, renewal_null, notice_null, [s.start for s in found])


def _term_period(term: str | None) -> Period | None:
    if not term:
        return None
    found = find_durations(term)
    return as_period(found[0][2]) if found else None


def rule_value(rule_renewal) -> Period | str | None:
    """The rules' renewal as a candidate value: its length, PERPETUAL, or None."""
    if rule_renewal is None:
        return None
    return rule_renewal.period or PERPETUAL


def _rule_features(renewals: list[Candidate], notices: list[Candidate], rule_renewal, rule_notice) -> None:
    chosen = rule_value(rule_renewal)
    for candidate in renewals:
        f = candidate.features
        if chosen is not None and _same(candidate.value, chosen):
            f["rule:renewal"] = 1.0
        if rule_notice is not None and _same(candidate.value, rule_notice):
            f["rule:is_notice"] = 1.0
        f[f"mentions:{min(candidate.mentions, 4)}"] = 1.0
    for candidate in notices:
        f = candidate.features
        if rule_notice is not None and _same(candidate.value, rule_notice):
            f["rule:notice"] = 1.0
        if chosen is not None and _same(candidate.value, chosen):
            f["rule:is_renewal"] = 1.0
        f[f"mentions:{min(candidate.mentions, 4)}"] = 1.0


def _same(a: Period | str, b: Period | str) -> bool:
    if isinstance(a, Period) and isinstance(b, Period):
        return same_length(a, b)
    return a == b


def _null(text: str, found: list[Sentence], options: list[Candidate], rule: bool, name: str) -> dict[str, float]:
    out = {f"candidates:{min(len(options), 6)}": 1.0, f"sentences:{min(sum(s.renews for s in found), 6)}": 1.0}
    out[f"rule:{name}" if rule else f"rule:no_{name}"] = 1.0
    for sentence in found[:MAX_SENTENCES]:
        body = text[sentence.start : sentence.end]
        low = " ".join(body.lower().split())
        for cue in ("automatic", "successive", "non_renewal", "prior_end", "option", "agreement_of"):
            if any(c in low for c in SENTENCE_CUES[cue]):
                out[f"doc:{cue}"] = 1.0
    return out


def same_value(a, b) -> bool:
    """Equal decisions: the same length (12 months is 1 year), both PERPETUAL, or both None."""
    if a is None or b is None:
        return a is b
    return _same(a, b)
