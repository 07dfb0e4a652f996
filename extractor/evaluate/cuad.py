"""Score title, parties and key dates against the CUAD labels of the shared corpus.

``python -m extractor.evaluate.cuad [--labels LABELS.json] [CORPUS_DIR]`` prints per-field accuracy,
parties P/R/F1, the speed of the components, and every miss. ``score_corpus(corpus_dir)`` returns
the same as data, so a test can keep a floor under the scores. The labels default to
``CORPUS_DIR/cuad_labels.json``; another file (a held-out set, shaped the same way) can be given,
with its texts (PDF or TXT) in CORPUS_DIR.

How it scores (the conventions are deliberate; see the module functions):

- Dates: CUAD answers are M/D/YY (two-digit years 00-69 are 20xx). A predicted date is right
  when it equals one of the answer's dates. Predicting no date is right when the answer holds no
  complete date: empty, "perpetual", or a blank left in the document ("[]/[]/2020").
- Parties: the CUAD answer "Name ("Role"); Name2 ("Role2")" gives one gold party per entry;
  entries that only define a collective term ("Party"/"Parties", "together, A and B ...",
  "each Party ...") are dropped. Roles CUAD wrote without parentheses or quotes
  (``Excite, Inc."Excite"``, ``("Manufacturer)``, ``Geno Auriemma (Auriemma)``) are read as roles,
  and "including its successors and permitted assigns" is not part of a name. A predicted party
  matches a gold party when its normalised name equals (or, for CUAD's typos, closely resembles)
  the gold name or one of the gold roles, or its role equals one of the gold roles. Matching is one-to-one. Micro P/R/F1 sum matches over all
  contracts; macro averages the per-contract F1.
- Title: right when the normalised title equals, contains or is contained in CUAD's
  "Document Name", or holds each of its spans when CUAD's answer joins several (blank lines).
"""

from __future__ import annotations

import argparse
import itertools
import json
import pickle
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from hashlib import sha256
from pathlib import Path

from models import Contract, Document, Page, Period, RenewalTerm

LABELS_FILE = "cuad_labels.json"
DATE_FIELDS = {
    "agreement_date": "Agreement Date",
    "effective_date": "Effective Date",
    "expiration_date": "Expiration Date",
}
MY_COMPONENTS = ("contract_title", "contract_parties", "contract_key_dates")
SUFFIXES = frozenset(
    ["inc", "incorporated", "llc", "ltd", "ltc", "limited", "corp", "corporation", "co", "company", "plc", "lp", "llp", "gmbh", "ag", "sa", "sas", "bv", "nv", "na", "pte", "pty", "ab", "as", "oy", "spa", "srl", "sarl", "kg", "se", "the", "and", "its", "affiliates"]
)
_CUAD_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$")
_QUOTED = re.compile(r"[\"“”'‘’]([^\"“”'‘’]{1,60})[\"“”'‘’]")
_COLLECTIVE = re.compile(r"\bparties\b|^(?:the\s+|a\s+|each\s+)?party\W*$", re.IGNORECASE)
_OUTSIDE_PARENS_SEMICOLON = re.compile(r";(?![^()]*\))")
_OPEN_QUOTE = re.compile(r"[\"“”]")
_TRAILING_PARENTHETICAL = re.compile(r"\(([^()\"“”]{1,40})\)\s*$")
_SUCCESSORS = re.compile(r",?\s*\b(?:including|and)\s+its\s+(?:respective\s+)?(?:successors|permitted)\b.*$")
_REFERRED = re.compile(r"\breferred\s+to\b|\bcollectively\b", re.IGNORECASE)
_GROUP_NAME = re.compile(r"^(?:\(|together|collectively|individually|each\b|both\b)", re.IGNORECASE)


# ---------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldParty:
    name: str
    roles: tuple[str, ...] = ()


def parse_cuad_dates(answer: str) -> list[date]:
    """The complete dates of a CUAD date answer ("5/1/16; 07/[]/2000" -> [2016-05-01])."""
    out = []
    for piece in answer.split(";"):
        match = _CUAD_DATE.match(piece)
        if not match:
            continue
        month, day, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000 if year < 70 else 1900
        try:
            out.append(date(year, month, day))
        except ValueError:
            continue
    return out


def gold_parties(answer: str) -> list[GoldParty]:
    """Gold parties of a CUAD "Parties" answer, without the collective entries."""
    out = []
    # "(Alamogordo Financial Corporation ("Company"); AF Mutual ...)": the whole list in parentheses
    answer = answer.strip().removeprefix("(")
    for entry in _OUTSIDE_PARENS_SEMICOLON.split(answer):
        entry = entry.strip().rstrip(",")
        if not entry:
            continue
        quoted = [m for m in re.finditer(r"\([^()]*\)|\([^()]*$", entry) if _QUOTED.search(m.group())]
        name = entry[: quoted[0].start()] if quoted else entry
        roles = [r.strip() for m in quoted for r in _QUOTED.findall(m.group())]
        name, more = _slipped_roles(name)
        name = " ".join(name.split()).strip(" ,(")
        roles = (*roles, *more)
        individual = tuple(r for r in roles if not _COLLECTIVE.search(r))
        if not name or _GROUP_NAME.match(name) or _REFERRED.search(name):
            continue
        if roles and not individual and re.search(r",|&|\band\b", name):
            continue  # "Stryker and Conformis ("Parties" ...)"
        out.append(GoldParty(name, individual))
    return _drop_groups(out)


def _slipped_roles(name: str) -> tuple[str, list[str]]:
    """CUAD's slips in writing a role: quotes without parentheses (``Excite, Inc."Excite"``), an
    unclosed quote (``("Manufacturer)``), or no quotes (``Geno Auriemma (Auriemma)``). The name
    is what precedes the role; the role is kept as a role."""
    quote = _OPEN_QUOTE.search(name)
    if quote is not None:
        rest = name[quote.start() :]
        roles = _QUOTED.findall(rest) or [rest.strip("\"“”'‘’() ")]
        return name[: quote.start()], [r.strip() for r in roles if r.strip()]
    bare = _TRAILING_PARENTHETICAL.search(name)
    if bare is not None and name[: bare.start()].strip(" ,("):
        return name[: bare.start()], [bare.group(1).strip(), name.strip()]  # or part of the name: "TELIA AB (publ)"
    return name, []


def _drop_groups(parties: list[GoldParty]) -> list[GoldParty]:
    """Drop "Stryker and Conformis" style entries made only of other entries' roles."""
    roles = {normal_name(r) for p in parties for r in p.roles}
    out = []
    for party in parties:
        pieces = [normal_name(x) for x in re.split(r",|\band\b|&", party.name) if x.strip()]
        if len(pieces) > 1 and all(piece in roles for piece in pieces):
            continue
        out.append(party)
    return out


def normal_name(name: str) -> str:
    """Lowercase words without punctuation, corporate suffixes or "and its Affiliates"."""
    name = name.lower().replace("&", " and ")
    name = re.sub(r"\band its (?:affiliates|subsidiaries)\b", " ", name)
    name = _SUCCESSORS.sub(" ", name)  # "MINDA INDUSTRIES LIMITED including its successors and permitted assigns"
    words = re.sub(r"[^\w\s]", " ", name.replace(".", "")).split()
    kept = [w for w in words if w not in SUFFIXES]
    return " ".join(kept or words)


def _similar(a: str, b: str) -> bool:
    if not a or not b:
        return False
    return a == b or SequenceMatcher(None, a, b).ratio() >= 0.88


def party_matches(name: str, role: str | None, gold: GoldParty) -> bool:
    """Does a predicted (name, role) stand for ``gold``? See the module docstring."""
    pred = normal_name(name)
    gold_names = [normal_name(gold.name)] + [normal_name(r) for r in gold.roles]
    if any(_similar(pred, g) for g in gold_names):
        return True
    return bool(role) and normal_name(role) in {normal_name(r) for r in gold.roles}


def title_matches(predicted: str | None, gold: str) -> bool:
    if not gold.strip():
        return not predicted
    if not predicted:
        return False
    a, b = (_squeeze(x) for x in (predicted, gold))
    if a and (a == b or a in b or b in a):
        return True
    # CUAD joins a title split over several spans with blank lines ("AMENDMENT NO. 2\n\nMANUFACTURING
    # AGREEMENT"): every span must then be in the predicted title.
    spans = [_squeeze(x) for x in re.split(r"\n\s*\n", gold) if x.strip()]
    return len(spans) > 1 and all(span in a for span in spans)


def _squeeze(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", "and"))


_PERIOD = re.compile(r"(\d+)\)?\s*(business\s+days?|days?|weeks?|months?|years?)", re.IGNORECASE)
_UNIT_DAYS = {"days": 1, "business_days": 1.4, "weeks": 7, "months": 30.4375, "years": 365.25}
PERPETUAL = "perpetual"


def gold_period(answer: str, last: bool = False) -> Period | None:
    """The period of a CUAD answer: "30 days" -> 30 days, "(6) months" -> 6 months.

    Renewal answers may count renewals before the length ("2 successive 5 years", "10 1 years",
    "5 years; 2 years"): with ``last`` the last period stated is the renewal's length.
    """
    found = _PERIOD.findall(answer.replace("-", " "))
    if not found:
        return None
    number, unit = found[-1] if last else found[0]
    unit = re.sub(r"\s+", "_", unit.lower())
    return Period(int(number), unit if unit.endswith("s") else unit + "s")


def gold_renewal(answer: str) -> Period | str | None:
    """A CUAD "Renewal Term" answer: its period, "perpetual" (renews with no stated length), or
    None when the contract states no renewal."""
    if not answer.strip():
        return None
    if PERPETUAL in answer.lower():
        return PERPETUAL
    return gold_period(answer, last=True)


def same_period(a: Period | None, b: Period | None) -> bool:
    """Equal lengths: 12 months is 1 year, 2 weeks is 14 days (within 2 %)."""
    if a is None or b is None:
        return a is b
    x, y = a.value * _UNIT_DAYS[a.unit], b.value * _UNIT_DAYS[b.unit]
    return abs(x - y) <= 0.02 * max(x, y)


def renewal_correct(predicted: RenewalTerm | None, answer: str) -> bool:
    gold = gold_renewal(answer)
    if gold is None or predicted is None:
        return gold is None and predicted is None
    if gold == PERPETUAL:
        return predicted.period is None
    return same_period(predicted.period, gold)


# ---------------------------------------------------------------- scoring


@dataclass
class Miss:
    file: str
    field: str
    predicted: str
    gold: str


@dataclass
class Report:
    contracts: int = 0
    correct: dict[str, int] = field(default_factory=dict)
    tp: int = 0
    predicted: int = 0
    gold: int = 0
    macro_f1: list[float] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)
    ms_per_doc: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # components that raised, per file
    # Fields scored only where the gold states a value: name -> [right, stated], and how often
    # a value is predicted where the gold states none: name -> [predicted, unstated].
    stated: dict[str, list[int]] = field(default_factory=dict)
    unstated: dict[str, list[int]] = field(default_factory=dict)
    scored: list[tuple[str, float, bool]] = field(default_factory=list)  # (field, confidence, right)

    def accuracy(self, name: str) -> float:
        return self.correct.get(name, 0) / self.contracts if self.contracts else 0.0

    def count(self, name: str, gold_states: bool, predicted: bool, right: bool) -> None:
        if gold_states:
            pair = self.stated.setdefault(name, [0, 0])
            pair[0] += right
            pair[1] += 1
        else:
            pair = self.unstated.setdefault(name, [0, 0])
            pair[0] += predicted
            pair[1] += 1

    def reliability(self, buckets=(0.0, 0.5, 0.65, 0.8, 0.9, 0.95, 1.01),
                    fields=tuple(DATE_FIELDS)) -> list[tuple[str, int, float]]:
        """(confidence bucket, values, share right) over every value of ``fields`` predicted with
        a confidence."""
        rows = []
        for low, high in itertools.pairwise(buckets):
            inside = [right for name, score, right in self.scored if name in fields and low <= score < high]
            if inside:
                rows.append((f"{low:.2f}-{min(high, 1.0):.2f}", len(inside), sum(inside) / len(inside)))
        return rows

    def where_stated(self, name: str) -> float:
        right, stated = self.stated.get(name, [0, 0])
        return right / stated if stated else 0.0

    def false_rate(self, name: str) -> float:
        predicted, unstated = self.unstated.get(name, [0, 0])
        return predicted / unstated if unstated else 0.0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def macro(self) -> float:
        return sum(self.macro_f1) / len(self.macro_f1) if self.macro_f1 else 0.0


def date_correct(predicted: date | None, answer: str) -> bool:
    gold = parse_cuad_dates(answer)
    return predicted in gold if predicted else not gold


def match_parties(contract: Contract, gold: list[GoldParty]) -> tuple[int, list[str], list[str]]:
    """(matches, unmatched predicted names, unmatched gold names), one-to-one."""
    free = list(gold)
    extra = []
    for party in contract.parties:
        hit = next((g for g in free if party_matches(party.name, party.role, g)), None)
        if hit is None:
            extra.append(f"{party.name} ({party.role})")
        else:
            free.remove(hit)
    return len(gold) - len(free), extra, [g.name for g in free]


def score_contract(report: Report, contract: Contract, record: dict) -> None:
    answers, name = record["answers"], record["file"]
    report.contracts += 1
    confidence = {k.kind: k.confidence for k in contract.key_dates if k.kind in DATE_FIELDS}
    for attr, label in DATE_FIELDS.items():
        predicted = getattr(contract, attr)
        right = date_correct(predicted, answers.get(label, ""))
        if right:
            report.correct[attr] = report.correct.get(attr, 0) + 1
        else:
            report.misses.append(Miss(name, attr, str(predicted), answers.get(label, "")))
        if predicted is not None and confidence.get(attr) is not None:
            report.scored.append((attr, confidence[attr], right))
    expiration = answers.get("Expiration Date", "")
    report.count("expiration_date", bool(parse_cuad_dates(expiration)), contract.expiration_date is not None,
                 date_correct(contract.expiration_date, expiration))
    renewal = answers.get("Renewal Term", "")
    right = renewal_correct(contract.renewal_term, renewal)
    report.count("renewal_term", gold_renewal(renewal) is not None, contract.renewal_term is not None, right)
    if not right:
        report.misses.append(Miss(name, "renewal_term", str(contract.renewal_term), renewal))
    if contract.renewal_term is not None and contract.renewal_term.confidence is not None:
        report.scored.append(("renewal_term", contract.renewal_term.confidence, right))
    notice = answers.get("Notice Period To Terminate Renewal", "")
    right = same_period(contract.notice_period, gold_period(notice))
    report.count("notice_period", gold_period(notice) is not None, contract.notice_period is not None, right)
    if not right:
        report.misses.append(Miss(name, "notice_period", str(contract.notice_period), notice))
    if contract.notice_period is not None and contract.notice_period.confidence is not None:
        report.scored.append(("notice_period", contract.notice_period.confidence, right))
    gold_title = answers.get("Document Name", "")
    if title_matches(contract.title, gold_title):
        report.correct["title"] = report.correct.get("title", 0) + 1
    else:
        report.misses.append(Miss(name, "title", str(contract.title), gold_title))
    gold = gold_parties(answers.get("Parties", ""))
    hits, extra, missing = match_parties(contract, gold)
    report.tp += hits
    report.predicted += len(contract.parties)
    report.gold += len(gold)
    p = hits / len(contract.parties) if contract.parties else 0.0
    r = hits / len(gold) if gold else 1.0
    report.macro_f1.append(2 * p * r / (p + r) if p + r else 0.0)
    if extra or missing:
        report.misses.append(Miss(name, "parties", "; ".join(extra), "; ".join(missing)))


# ---------------------------------------------------------------- running


def load_labels(path: Path) -> list[dict]:
    """The labelled contracts of a labels file, or of ``cuad_labels.json`` in a folder."""
    if path.is_dir():
        path = path / LABELS_FILE
    return json.loads(path.read_text(encoding="utf-8"))["contracts"]


def load(path: Path, cache: Path | None = None) -> Document:
    """The document through the project loader (text layer only: CUAD labels come from it).

    With ``cache``, a loaded document is kept there as a pickle named by the file's path, size
    and mtime, so repeated evaluations and training runs skip the PDF reading.
    """
    from extractor.read.load import load_document

    if cache is None:
        return load_document(path, ocr="never")
    stat = path.stat()
    key = sha256(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    cached = cache / f"{key}.pickle"
    if cached.exists():
        return pickle.loads(cached.read_bytes())
    document = load_document(path, ocr="never")
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(pickle.dumps(document))
    return document


def _pdfium_document(path: Path) -> Document:
    import pypdfium2 as pdfium

    data = path.read_bytes()
    pdf = pdfium.PdfDocument(data)
    pages = tuple(
        Page(i + 1, pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))
    )
    return Document(str(path), sha256(data).hexdigest(), "pdf", pages, size=len(data))


def run_timed(document: Document, timings: dict[str, float], errors: list[str] | None = None) -> Contract:
    """The extracted Contract, with each component's run time added to ``timings`` (seconds).

    A component that raises is recorded in ``errors`` and skipped, so one component's bug does
    not hide the scores of the others.
    """
    from extractor.nlp import pipeline

    doc = pipeline.make_doc(document, pipeline.ExtractionSettings())
    for name, component in pipeline.build_nlp().pipeline:
        started = time.perf_counter()
        try:
            doc = component(doc)
        except Exception as exc:  # scoring goes on; the error is reported
            if errors is None:
                raise
            errors.append(f"{Path(document.path).name}: {name}: {type(exc).__name__}: {exc}")
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
    assemble = getattr(pipeline, "assemble", None)
    return assemble(document, doc) if assemble else pipeline.extract(document)


RENEWAL_FIELDS = ("renewal_term", "notice_period")  # scored where stated, with their confidence


SPLIT_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "cuad" / "split.json"


def split_files(part: str, split: Path = SPLIT_FILE) -> set[str]:
    """The files of one part ("tune" or "blind") of the seeded split of cuad-train."""
    return set(json.loads(split.read_text(encoding="utf-8"))[part])


def score_corpus(corpus: Path, limit: int | None = None, labels: Path | None = None,
                 only: set[str] | None = None, cache: Path | None = None) -> Report:
    """Score every labelled contract of ``corpus`` (or those whose file is in ``only``)."""
    report = Report()
    timings: dict[str, float] = {}
    records = [r for r in load_labels(labels or corpus) if only is None or r["file"] in only]
    for record in records[:limit]:
        path = corpus / record["file"]
        if not path.exists():
            continue
        contract = run_timed(load(path, cache), timings, report.errors)
        score_contract(report, contract, record)
    count = max(report.contracts, 1)
    report.ms_per_doc = {name: 1000 * seconds / count for name, seconds in timings.items()}
    return report


def format_report(report: Report, misses: bool = True) -> str:
    lines = [f"CUAD contracts scored: {report.contracts}"]
    for name in ("agreement_date", "effective_date", "expiration_date", "title"):
        lines.append(f"  {name:<16} accuracy {report.accuracy(name):.3f}")
    lines.append(
        f"  parties          P {report.precision:.3f}  R {report.recall:.3f}  "
        f"F1 {report.f1:.3f} (micro, {report.tp}/{report.gold} gold)  macro F1 {report.macro:.3f}"
    )
    for name in ("expiration_date", "renewal_term", "notice_period"):
        right, stated = report.stated.get(name, [0, 0])
        wrong, unstated = report.unstated.get(name, [0, 0])
        lines.append(
            f"  {name:<16} where stated {report.where_stated(name):.3f} ({right}/{stated}); "
            f"predicted where none {report.false_rate(name):.3f} ({wrong}/{unstated})"
        )
    for what, fields in (("the dated values", tuple(DATE_FIELDS)), ("renewal and notice", RENEWAL_FIELDS)):
        rows = report.reliability(fields=fields)
        if not rows:
            continue
        lines.append(f"  reliability of {what} (confidence bucket: values, share right):")
        lines += [f"    {bucket}: {count:4d}  {share:.3f}" for bucket, count, share in rows]
        high = [right for name, score, right in report.scored if name in fields and score >= 0.9]
        if high:
            lines.append(f"    scored >= 0.90: {len(high)} values, {sum(high) / len(high):.3f} right")
    mine = sum(report.ms_per_doc.get(name, 0.0) for name in MY_COMPONENTS)
    speed = ", ".join(f"{k} {v:.1f}" for k, v in report.ms_per_doc.items())
    lines.append(f"  ms/doc: title+parties+key dates {mine:.1f}; all: {speed}")
    for error in report.errors:
        lines.append(f"  component error: {error}")
    if not misses:
        lines.append("misses: not shown (blind part: score it, do not read its errors)")
        return "\n".join(lines)
    lines.append("misses:")
    for miss in report.misses:
        lines.append(f"  {miss.file[:50]:<50} {miss.field:<16} got {miss.predicted!r} want {miss.gold!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extractor.evaluate.cuad", description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="folder of the contract files")
    parser.add_argument("--labels", type=Path, help=f"labels file (default: CORPUS/{LABELS_FILE})")
    parser.add_argument("--part", choices=["tune", "blind"],
                        help="only one part of the seeded cuad-train split (fixtures/cuad/split.json); "
                             "the blind part's misses are never printed")
    parser.add_argument("--cache", type=Path, help="keep loaded documents here between runs")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    corpus = args.corpus or Path(__file__).resolve().parents[3] / "shared" / "corpus"
    labels = args.labels or next(
        (corpus / name for name in (LABELS_FILE, "labels.json") if (corpus / name).is_file()),
        corpus / LABELS_FILE)
    if not labels.is_file():
        sys.stderr.write(f"no labels file {labels}: pass the corpus folder or --labels\n")
        return 2
    only = split_files(args.part) if args.part else None
    report = score_corpus(corpus, labels=labels, only=only, cache=args.cache)
    sys.stdout.write(format_report(report, misses=args.part != "blind") + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
