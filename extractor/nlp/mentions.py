"""Every amount of money in a document, with the text around it.

``find_mentions(doc, currency)`` returns one :class:`Mention` per amount (an amount written in
words and figures, "Ten Thousand Dollars ($10,000)", is one), in reading order, with the spans
a reader of its clause needs: the sentence, the line (a table row is a line), the enumerated
item, and, when the amount is one line of a list or table under a lead-in ("GSK shall make
the following milestone payments:" / "Milestone | Amount"), that lead-in and the row's label.

``reading_text(doc)`` is the document text with filing footers ("Source: ACME CORP, 10-K,
2/8/2017") blanked out, offsets unchanged: a footer's date is no payment date.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Doc

from extractor.nlp.clauses import sentence_bounds
from extractor.nlp.evidence import page_of
from extractor.nlp.extensions import doc_text
from extractor.nlp.numbers import Money
from extractor.nlp.rules import milestones as mrules
from extractor.nlp.rules import money as rules
from extractor.nlp.rules.entities import NUMBER_PHRASE_RE
from extractor.nlp.scans import money_in

_I = re.IGNORECASE
_REDACTED_AFTER = re.compile(r"\s*\[\s*\*+", _I)
_ITEM_START = re.compile(rules.ITEM_START_RE, re.MULTILINE)
# "five (5) equal installments": a number restated in figures opens no item
_RESTATED_NUMBER = re.compile(rf"\b{NUMBER_PHRASE_RE}\s*$", _I)
_RESTATED_GAP = re.compile(r"[\s(]{0,4}|\s*\)\s*\(?\s*")
_CLOSING = re.compile(r"\s*(?:USD|US|CDN|CAD|EUR|GBP|dollars)?\s*\)", _I)
_FOOTER = re.compile(mrules.FOOTER_RE)
_LIST_LINE = re.compile(rules.LIST_LINE_RE, _I)
_HEADER_LINE = re.compile(rules.LIST_HEADER_RE, _I)
_PAGE_NOISE = re.compile(rules.PAGE_NOISE_RE, _I)
_MONEY_HINT = re.compile(r"[$€£]|\b(?:USD|EUR|GBP|CHF|CAD|dollars)\b|\d{1,3},\d{3}", _I)
_UNIT_HEADER = re.compile(r"[$€£]\s?0{3}s?")  # "($000)": a column in thousands, no amount
_THOUSANDS = re.compile(rules.THOUSANDS_RE, _I)
_TEXT_KEY = "contracts.reading_text"
MAX_SENTENCE = 600  # chars of a (table-like) sentence read on each side of an amount
MAX_LIST_LINES = 30  # lines looked back for the lead-in of a list
MAX_PROSE_LINES = 2  # prose lines (wrapped item text) a list may hold between its rows


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    money: Money
    page: int
    sentence: tuple[int, int]
    line: tuple[int, int]
    item: tuple[int, int]  # the enumerated item ("(b) ...") or the sentence when none
    lead: str = ""  # the lead-in of the list or table the amount is a row of
    label: str = ""  # that row's words before the amount (and the group heading above it)


def reading_text(doc: Doc) -> str:
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = _FOOTER.sub(lambda m: " " * len(m.group(0)), doc_text(doc))
        doc.user_data[_TEXT_KEY] = text
    return text


def find_mentions(doc: Doc, currency: str) -> list[Mention]:
    text = reading_text(doc)
    bounds = sentence_bounds(doc)
    starts = [start for start, _ in bounds]
    out: list[Mention] = []
    for start, end, money in merge_restated(text, money_in(text, currency)):
        if money.amount < 0 or _REDACTED_AFTER.match(text, end) or _UNIT_HEADER.fullmatch(money.text):
            continue
        if _THOUSANDS.search(text, *_line(text, start, end)):  # "Payment ($000) $1,300 $800"
            money = Money(money.amount * 1000, money.currency, money.text)
        index = max(0, bisect.bisect_right(starts, start) - 1)
        s_start, s_end = bounds[index] if bounds else (0, len(text))
        sentence = (max(s_start, start - MAX_SENTENCE), min(s_end, end + MAX_SENTENCE))
        line = _line(text, start, end)
        item = _item(text, sentence, start)
        lead, label = list_context(text, line, start)
        out.append(Mention(start, end, money, page_of(doc, start), sentence, line, item, lead,
                           label))  # fmt: skip
    return out


def merge_restated(text: str, found: list[tuple[int, int, Money]]) -> list[tuple[int, int, Money]]:
    """"Fifteen thousand dollars ($ 15,000USD)": an amount restated in figures is one mention
    (the figures' value, the words' span too)."""
    out: list[tuple[int, int, Money]] = []
    for start, end, money in found:
        if out:
            p_start, p_end, previous = out[-1]
            same = abs(previous.amount - money.amount) <= 0.005 * max(previous.amount, money.amount)
            if same and _RESTATED_GAP.fullmatch(text, p_end, start):
                figures = previous if money.text[:1].isalpha() else money
                out[-1] = (p_start, _close_paren(text, end), figures)
                continue
        out.append((start, end, money))
    return out


def _close_paren(text: str, end: int) -> int:
    match = _CLOSING.match(text, end)
    return match.end() if match else end


def _line(text: str, start: int, end: int) -> tuple[int, int]:
    lo = text.rfind("\n", 0, start) + 1
    hi = text.find("\n", end)
    return lo, hi if hi >= 0 else len(text)


def _item(text: str, sentence: tuple[int, int], start: int) -> tuple[int, int]:
    """The enumerated item of the sentence that holds ``start`` ("(ii) ... ; (iii) ...")."""
    lo, hi = sentence
    cuts = [m.start() for m in _ITEM_START.finditer(text, lo, hi)
            if not _RESTATED_NUMBER.search(text, max(lo, m.start() - 25), m.start())]  # fmt: skip
    cuts += [lo + m.end() for m in re.finditer(r";\s", text[lo:hi])]
    cuts = sorted({lo, *cuts, hi})
    index = bisect.bisect_right(cuts, start) - 1
    return cuts[max(0, index)], cuts[min(len(cuts) - 1, index + 1)]


# --- lists and tables ----------------------------------------------------------------------
def list_context(text: str, line: tuple[int, int], start: int) -> tuple[str, str]:
    """(lead-in, row label) when the amount's line is a row of a list under a lead-in.

    Looking up from the row: rows (lines with an amount, an enumerator or a bullet), short
    lines (group headings, page numbers) and at most MAX_PROSE_LINES lines of wrapped text may
    stand between the row and its lead-in, which is a line ending with ":" or a table header
    ("Milestone  Amount"). Anything else (a paragraph) means the amount is no row.
    """
    label = text[line[0] : start].strip()
    group = ""
    cursor, prose = line[0], 0
    for _ in range(MAX_LIST_LINES):
        if cursor <= 0:
            break
        lo = text.rfind("\n", 0, cursor - 1) + 1
        above = text[lo : cursor - 1].strip()
        cursor = lo
        if not above or _PAGE_NOISE.fullmatch(above):
            continue
        if above.endswith(":") or _HEADER_LINE.fullmatch(above):
            lead = text[max(0, lo - 300) : lo] + above
            return _last_sentence(lead), _label(label, group)
        if _MONEY_HINT.search(above) or _LIST_LINE.match(above):
            prose = 0
            continue
        if len(above) <= 40:
            group = group or above  # "Registration" above "U.S. U.S.$30 Million"
            continue
        prose += 1
        if prose > MAX_PROSE_LINES:
            break
    return "", _label(label, "")


def _last_sentence(text: str) -> str:
    cut = max(text.rfind(". "), text.rfind(".\n"), text.rfind("\n\n"))
    return text[cut + 1 :].strip() if cut >= 0 else text.strip()


def _label(label: str, group: str) -> str:
    label = re.sub(r"\s+", " ", label).strip()
    if group and len(label) <= 20:
        return f"{group} {label}".strip()
    return label
