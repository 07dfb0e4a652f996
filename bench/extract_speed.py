"""How fast extraction reads text PDFs, stage by stage, in one process (a per-core figure).

    python bench/extract_speed.py [--corpus DIR] [--limit N] [--plumber-pages N] [--json]

Reads the text PDFs of the corpus (manifest.csv rows with format pdf and text_layer yes) and
prints, side by side: raw pypdfium2 text extraction (the floor), raw pdfplumber extract_text (on
a subset: it is slow), our load_document, and our full extract split by stage (load, tokenise,
each pipeline component, assemble), the ratio of ours to the floor, and peak RSS.

Every row has wall seconds and CPU seconds of this process. The per-core figure is pages per
CPU second: it does not move when other processes share the machine (wall time does).
Target: >= 100 pages/s per core end to end.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import profile_split  # bench/profile_split.py: this script's folder is on sys.path

from extractor.nlp import pipeline
from models import ExtractionSettings

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_PAGES_PER_S = 100.0
SLOWEST = 5


class Timer:
    """Wall and CPU seconds accumulated under names."""

    def __init__(self) -> None:
        self.wall: dict[str, float] = {}
        self.cpu: dict[str, float] = {}
        self.mark = (time.perf_counter(), time.process_time())

    def restart(self) -> None:
        self.mark = (time.perf_counter(), time.process_time())

    def lap(self, name: str) -> None:
        now = (time.perf_counter(), time.process_time())
        self.wall[name] = self.wall.get(name, 0.0) + now[0] - self.mark[0]
        self.cpu[name] = self.cpu.get(name, 0.0) + now[1] - self.mark[1]
        self.mark = now


def corpus_pdfs(corpus: Path, limit: int | None = None) -> list[Path]:
    """Text PDFs of the corpus: the manifest's text_layer == yes rows, else every *.pdf."""
    manifest = corpus / "manifest.csv"
    if manifest.exists():
        with manifest.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        names = [r["file"] for r in rows if r["format"] == "pdf" and r["text_layer"] == "yes"]
        files = sorted(corpus / name for name in names if (corpus / name).exists())
    else:
        files = sorted(corpus.glob("*.pdf"))
    return files[:limit] if limit else files


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def row(pages: int, docs: int, timer: Timer, name: str) -> dict:
    return {"pages": pages, "docs": docs, "wall": timer.wall[name], "cpu": timer.cpu[name]}


def pdfium_floor(files: list[Path]) -> dict:
    """Raw pypdfium2 text of every page: the fastest this can go."""
    from floor import pdfium_text_pages  # bench/floor.py: this script's folder is on sys.path

    timer = Timer()
    pages = pdfium_text_pages(files)
    timer.lap("pdfium")
    return row(pages, len(files), timer, "pdfium")


def pdfplumber_subset(files: list[Path], max_pages: int) -> dict:
    """Raw pdfplumber extract_text on the first ``max_pages`` pages of the corpus."""
    import pdfplumber

    pages, docs, timer = 0, 0, Timer()
    for path in files:
        if pages >= max_pages:
            break
        docs += 1
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages[: max_pages - pages]:
                page.extract_text()
                pages += 1
    timer.lap("plumber")
    return row(pages, docs, timer, "plumber")


def timed_extract(path: Path, timer: Timer, settings: ExtractionSettings) -> int:
    """Load and extract one file, each stage timed under its name; return its page count."""
    from extractor.read.load import load_document

    timer.restart()
    # Text PDFs are what the target is about: OCR of scanned exhibit pages is timed by
    # bench/ocr_bench.py (~5 CPU s a page), and would swamp this figure.
    document = load_document(path, ocr="never")
    timer.lap("load")
    doc = pipeline.make_doc(document, settings)
    timer.lap("tokenise")
    for name, component in pipeline.build_nlp().pipeline:  # as pipeline.run does
        doc = component(doc)
        timer.lap(name)
    pipeline.assemble(document, doc)
    timer.lap("assemble")
    return document.page_count


def ours(files: list[Path]) -> dict:
    settings = ExtractionSettings()
    timer = Timer()
    nlp = pipeline.build_nlp()
    timer.lap("startup")
    stages = ["load", "tokenise", *(name for name, _ in nlp.pipeline), "assemble"]
    for name in stages:
        timer.wall[name] = timer.cpu[name] = 0.0
    per_file, errors, pages = [], [], 0
    for path in files:
        before = sum(timer.cpu[name] for name in stages)
        try:
            count = timed_extract(path, timer, settings)
        except Exception as exc:  # noqa: BLE001 - a bench reports failures, it goes on
            errors.append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        pages += count
        per_file.append((path.name, count, sum(timer.cpu[name] for name in stages) - before))
    total = {
        "pages": pages,
        "docs": len(per_file),
        "wall": sum(timer.wall[name] for name in stages),
        "cpu": sum(timer.cpu[name] for name in stages),
    }
    return {
        "load_document": row(pages, len(per_file), timer, "load"),
        "extract": total,
        "stages": {name: {"wall": timer.wall[name], "cpu": timer.cpu[name]} for name in stages},
        "startup_seconds": timer.wall["startup"],
        "slowest": [
            {"file": name, "pages": n, "cpu": cpu, "pages_per_cpu_s": rate(n, cpu)}
            for name, n, cpu in sorted(per_file, key=lambda r: -r[2])[:SLOWEST]
        ],
        "errors": errors,
    }


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else 0.0


def with_rates(item: dict | None) -> dict | None:
    if item is None:
        return None
    return {
        **item,
        "pages_per_s": rate(item["pages"], item["wall"]),
        "pages_per_cpu_s": rate(item["pages"], item["cpu"]),
        "docs_per_cpu_s": rate(item["docs"], item["cpu"]),
    }


def run(corpus: Path, limit: int | None, plumber_pages: int, profile: bool = False) -> dict:
    files = corpus_pdfs(corpus, limit)
    for path in files:  # warm the OS file cache so the first reader is not penalised
        path.read_bytes()
    floor = with_rates(pdfium_floor(files))
    stats = None
    if profile:  # cProfile slows every call: the rows below are then only shares
        mine, stats = profile_split.profiled(lambda: ours(files))
    else:
        mine = ours(files)
    rss_ours = peak_rss_mb()
    plumber = with_rates(pdfplumber_subset(files, plumber_pages)) if plumber_pages else None
    extract = with_rates(mine["extract"])
    per_core = extract["pages_per_cpu_s"]
    return {
        "corpus": str(corpus),
        "files": len(files),
        "pypdfium2": floor,
        "pdfplumber": plumber,
        "load_document": with_rates(mine["load_document"]),
        "extract": extract,
        "stages": mine["stages"],
        "startup_seconds": mine["startup_seconds"],
        "ratio_to_floor": per_core / floor["pages_per_cpu_s"] if floor["pages_per_cpu_s"] else 0.0,
        "target_pages_per_s": TARGET_PAGES_PER_S,
        "target_met": per_core >= TARGET_PAGES_PER_S,
        "peak_rss_mb_after_ours": rss_ours,
        "peak_rss_mb": peak_rss_mb(),
        "slowest": mine["slowest"],
        "errors": mine["errors"],
        "profile": profile_split.split(stats) if stats else None,
    }


HEADER = (
    f"{'reader / stage':<34}{'pages':>6}{'wall s':>9}{'cpu s':>9}"
    f"{'pages/s':>9}{'pages/cpu-s':>12}{'docs/cpu-s':>11}{'cpu share':>10}"
)


def render_row(label: str, item: dict, share: float | None = None) -> str:
    pages = item.get("pages")
    text = f"{label:<34}{pages or '':>6}{item['wall']:>9.3f}{item['cpu']:>9.3f}"
    if pages:
        text += f"{item['pages_per_s']:>9.1f}{item['pages_per_cpu_s']:>12.1f}"
        docs = f"{item['docs_per_cpu_s']:.2f}" if item.get("docs") else ""
        text += f"{docs:>11}"
    else:
        text += " " * 32
    if share is not None:
        text += f"{share:>10.1%}"
    return text.rstrip()


def render(result: dict) -> str:
    floor, plumber, extract = result["pypdfium2"], result["pdfplumber"], result["extract"]
    lines = [
        f"Extraction speed: {result['files']} text PDFs from {result['corpus']}",
        "one process; per-core figure = pages per CPU second of this process",
        "",
        HEADER,
        render_row("pypdfium2 raw text (floor)", floor),
    ]
    if plumber:
        lines.append(render_row("pdfplumber extract_text (subset*)", plumber))
    lines.append(render_row("our load_document", result["load_document"]))
    lines.append(render_row("our extract, end to end", extract, 1.0))
    for name, item in result["stages"].items():
        label = "  tokenise (make_doc)" if name == "tokenise" else f"  {name}"
        lines.append(render_row(label, item, rate(item["cpu"], extract["cpu"])))
    target = result["target_pages_per_s"]
    verdict = "met" if result["target_met"] else "NOT met"
    lines += [
        "",
        f"ours / floor: {result['ratio_to_floor']:.3f} (end-to-end pages/cpu-s over pypdfium2's)",
        (
            f"target >= {target:.0f} pages/s per core end to end: {verdict} "
            f"({extract['pages_per_cpu_s']:.1f} pages/cpu-s, "
            f"{extract['docs_per_cpu_s']:.2f} docs/cpu-s)"
        ),
        f"spaCy start-up (build_nlp, not counted above): {result['startup_seconds']:.3f} s",
        (
            f"peak RSS: {result['peak_rss_mb_after_ours']:.0f} MB after our extraction, "
            f"{result['peak_rss_mb']:.0f} MB at the end (pdfplumber included)"
        ),
    ]
    if plumber:
        lines.append(
            f"* pdfplumber is slow: timed on the first {plumber['pages']} pages "
            f"({plumber['docs']} file{'' if plumber['docs'] == 1 else 's'}) only"
        )
    if result["slowest"]:
        lines += ["", "slowest documents (end to end, CPU time):"]
        for item in result["slowest"]:
            lines.append(
                f"  {item['file'][:60]:<61}{item['pages']:>5} pages {item['cpu']:>7.3f} s "
                f"{item['pages_per_cpu_s']:>7.1f} pages/s"
            )
    lines += [f"ERROR {error}" for error in result["errors"]]
    if result.get("profile"):
        total, rows = result["profile"]
        lines += ["", (f"--profile: own time by module (cProfile, {total:.2f} s; times above "
                       "are slowed by it, their shares hold)")]
        lines += [f"  {name[:62]:<63}{seconds:>8.3f} s{seconds / total:>8.1%}"
                  for name, seconds in rows[:25]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N PDFs")
    parser.add_argument(
        "--plumber-pages",
        type=int,
        default=60,
        help="pages to time pdfplumber on (it is slow); 0 skips it",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--profile", action="store_true",
                        help="run our extraction under cProfile and print own time by module")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"no corpus directory at {args.corpus}")
    if not corpus_pdfs(args.corpus, args.limit):
        parser.error(f"no text PDFs in {args.corpus}")
    result = run(args.corpus, args.limit, args.plumber_pages, args.profile)
    print(json.dumps(result, indent=2) if args.json else render(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
