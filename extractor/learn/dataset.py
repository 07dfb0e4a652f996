"""The labelled contracts a model learns from: cuad-train's tune part plus the corpus.

Training-time only (the package never imports it at run time). Each example is the loaded
document, what the rules extract from it, and CUAD's answers. Loading and rule extraction are
cached under ``CACHE`` (a pickle per file), so a training run reads each PDF once.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from extractor.evaluate.cuad import load, load_labels, split_files
from extractor.nlp.pipeline import PAGE_SEPARATOR
from models import Contract, Document

# ../shared beside the checkout; CONTRACTS_SHARED points elsewhere (a git worktree sits one level deeper).
SHARED = Path(os.environ.get("CONTRACTS_SHARED", Path(__file__).resolve().parents[3] / "shared"))
CACHE = Path(os.environ.get("CONTRACTS_LEARN_CACHE", "/tmp/contracts-learn-cache"))


@dataclass
class Example:
    file: str
    source: str  # "cuad-train" or "corpus"
    document: Document
    rules: Contract  # what the rule pipeline extracts (models off)
    answers: dict

    @property
    def text(self) -> str:
        return PAGE_SEPARATOR.join(page.text for page in self.document.pages)

    @cached_property
    def reading(self):
        """The text as the key-date decisions read it (see keydecide.Reading), read once."""
        from extractor.learn.keydecide import Reading

        return Reading.of(self.text)


def sources(shared: Path = SHARED) -> dict[str, tuple[Path, Path]]:
    """name -> (folder of the files, labels file)."""
    return {
        "cuad-train": (shared / "cuad-train", shared / "cuad-train" / "labels.json"),
        "corpus": (shared / "corpus", shared / "corpus" / "cuad_labels.json"),
    }


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def examples(part: str = "tune", shared: Path = SHARED, cache: Path = CACHE) -> list[Example]:
    """The tune part (cuad-train's tune files, the corpus and the fixtures, which stand for
    contracts written like customer documents) or the blind part of cuad-train."""
    out = fixture_examples(cache) if part == "tune" else []
    for name, (folder, labels) in sources(shared).items():
        if name == "corpus" and part == "blind":
            continue
        only = split_files(part) if name == "cuad-train" else None
        for record in load_labels(labels):
            if only is not None and record["file"] not in only:
                continue
            path = folder / record["file"]
            if path.exists():
                out.append(example(path, name, record, cache))
    return out


def example(path: Path, source: str, record: dict, cache: Path) -> Example:
    document = load(path, cache / "documents")
    return Example(record["file"], source, document, rule_contract(document, cache), record["answers"])


def rule_contract(document: Document, cache: Path) -> Contract:
    """The rules' extraction with the learned models switched off (cached by document hash)."""
    from extractor.learn import switch
    from extractor.nlp.pipeline import extract

    key = hashlib.sha256((document.sha256 + switch.rules_version()).encode()).hexdigest()[:24]
    path = cache / "rules" / f"{key}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    with switch.models_off():
        contract = extract(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(contract))
    return contract


def fixture_examples(cache: Path = CACHE, folder: Path = FIXTURES) -> list[Example]:
    """The fixtures (PDF and DOCX) with their gold written as CUAD answers."""
    out = []
    for gold_path in sorted(folder.glob("*.expected.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        answers = cuad_answers(gold)
        slug = gold_path.name.removesuffix(".expected.json")
        for suffix in (".pdf", ".docx"):
            path = folder / (slug + suffix)
            if path.exists():
                out.append(example(path, "fixtures", {"file": path.name, "answers": answers}, cache))
    return out


def cuad_answers(gold: dict) -> dict:
    """A fixture's expected JSON as CUAD answers (M/D/YY dates, "Name ("Role")" parties)."""
    def cuad_date(value: str | None) -> str:
        if not value:
            return ""
        year, month, day = (int(x) for x in value.split("-"))
        return f"{month}/{day}/{year % 100:02d}"

    parties = "; ".join(f'{p["name"]} ("{p["role"]}")' if p.get("role") else p["name"]
                        for p in gold.get("parties", []))
    return {
        "Document Name": gold.get("title") or "",
        "Parties": parties,
        "Agreement Date": cuad_date(gold.get("agreement_date")),
        "Effective Date": cuad_date(gold.get("effective_date")),
        "Expiration Date": cuad_date(gold.get("expiration_date")),
    }
