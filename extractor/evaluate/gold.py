"""Score the extractor on a team's own corrections (`contracts review export --format jsonl`).

    python -m extractor.evaluate --gold corrections.jsonl [--json] [--verbose]

Each line is the gold of one document, in the shape of an ``expected.json`` plus:

* ``file``: the document (relative paths are read from the current folder, then from the
  JSON lines file's folder; ``a.zip!member.pdf`` from the archive); ``sha256``: the content
  that was reviewed (a file that changed since is reported, not scored);
* ``partial: true``: ``parties`` and ``milestones`` hold only the values a person reviewed, so
  an extracted party or milestone that nobody reviewed is not counted as a false positive;
* ``rejected``: ``{"parties": [...], "milestones": [...]}`` a person dropped as wrong: finding
  one again is a false positive.

Everything else is scored exactly as ``python -m extractor.evaluate DIR`` scores fixtures.
"""

from __future__ import annotations

import hashlib
import json
import time
import zipfile
from pathlib import Path

from extractor.evaluate.fixtures import (
    DocResult,
    EvalReport,
    Miss,
    evidence_quote,
    match_milestones,
    norm_party,
    score_document,
    show_milestone,
    show_party,
)
from models import ExtractionSettings

PARTIAL_LISTS = ("parties", "milestones")


class GoldError(Exception):
    """A gold file that cannot be read."""


def read_gold(path: str | Path) -> list[dict]:
    lines = []
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise GoldError(f"cannot read {path}: {e.strerror or e}") from e
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            gold = json.loads(line)
        except ValueError as e:
            raise GoldError(f"{path}, line {number}: not JSON ({e})") from e
        if not isinstance(gold, dict) or not gold.get("file"):
            raise GoldError(f"{path}, line {number}: each line needs a \"file\"")
        lines.append(gold)
    return lines


def _read_bytes(name: str, base: Path) -> tuple[bytes, str] | None:
    outer, _, member = name.partition("!")
    for folder in (Path.cwd(), base):
        candidate = Path(outer) if Path(outer).is_absolute() else folder / outer
        if not candidate.is_file():
            continue
        if not member:
            return candidate.read_bytes(), str(candidate)
        with zipfile.ZipFile(candidate) as archive:
            return archive.read(member), f"{candidate}!{member}"
    return None


def score_partial(predicted: dict, gold: dict) -> DocResult:
    """``score_document``, with the partial lists and the rejected values handled."""
    result = score_document(predicted, gold)
    if not gold.get("partial"):
        return result
    for name in PARTIAL_LISTS:  # unreviewed predictions are not known to be wrong
        if name in result.fields:
            result.fields[name].fp = 0
    result.misses = [m for m in result.misses
                     if not (m.field in PARTIAL_LISTS and m.kind == "extra")]  # fmt: skip
    rejected = gold.get("rejected") or {}
    names = {norm_party(p.get("name")) for p in rejected.get("parties") or ()}
    for party in predicted.get("parties") or ():
        if norm_party(party.get("name")) in names:
            result.score("parties").fp += 1
            result.misses.append(Miss("parties", "extra", predicted=show_party(party),
                                      quote="rejected in review"))  # fmt: skip
    dropped = list(rejected.get("milestones") or ())
    predicted_ms = list(predicted.get("milestones") or ())
    for _gi, pi in match_milestones(dropped, predicted_ms):
        result.score("milestones").fp += 1
        result.misses.append(Miss("milestones", "extra", predicted=show_milestone(predicted_ms[pi]),
                                  quote="rejected in review; " + evidence_quote(predicted_ms[pi])))
    return result


def evaluate_gold(path: str | Path, settings: ExtractionSettings | None = None) -> EvalReport:
    """Extract every document named in the gold file and score it."""
    from extractor.nlp.pipeline import build_nlp, extract
    from extractor.read.load import load_document

    build_nlp()
    base = Path(path).resolve().parent
    results = []
    for gold in read_gold(path):
        name = gold["file"]
        result = DocResult(file=name, format=name.rsplit(".", 1)[-1].lower())
        found = _read_bytes(name, base)
        if found is None:
            result.error = f"{name} not found (from {Path.cwd()} or {base})"
            results.append(result)
            continue
        data, where = found
        if gold.get("sha256") and hashlib.sha256(data).hexdigest() != gold["sha256"]:
            result.error = f"{where} has changed since it was reviewed (SHA-256 differs)"
            results.append(result)
            continue
        started = time.perf_counter()
        own = ExtractionSettings(**gold["settings"]) if gold.get("settings") else settings
        try:
            document = load_document(name, display_path=name, data=data)
            predicted = extract(document, own or ExtractionSettings()).to_dict()
        except Exception as exc:  # noqa: BLE001 - a crash scores as nothing found, reported
            result.error = f"{type(exc).__name__}: {exc}"
            results.append(result)
            continue
        scored = score_partial(predicted, gold)
        scored.file, scored.format = name, result.format
        scored.pages, scored.seconds = document.page_count, time.perf_counter() - started
        results.append(scored)
    return EvalReport(results, str(path))
