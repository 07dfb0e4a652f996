"""Batch import speed and memory: `contracts ingest` with 1 and with all cores (issue 5).

    python bench/ingest_bench.py [--n 500] [--jobs N] [--ocr never|auto] [--corpus DIR] [--json]

Builds a folder of N contracts in a temporary directory: the fixture PDFs and DOCX files and the
text PDFs of ../shared/corpus, in turn, each copy made unique (bytes after %%EOF for a PDF, a zip
comment for a DOCX) so no two share a SHA-256 and every one is parsed. Then prints, side by side:

- pypdfium2 raw text of every PDF page of that folder (the floor no pipeline can beat),
- pdfplumber extract_text on the first --plumber-pages pages (it is slow),
- `contracts ingest --jobs 1` and `--jobs N` (N: all cores) into fresh stores, as subprocesses,

with wall and CPU seconds, pages/s, docs/s, pages per CPU-second, the cores actually used (CPU
seconds over wall seconds), peak memory, the scaling of N jobs over 1 and the ratio of ours to
the floor. "per core" is pages over the seconds workers
spent on text PDFs (the report's cpu_seconds): what one core does, whatever else runs.

Peak memory of an ingest is sampled from /proc every 50 ms over the whole process tree (the
writer and its workers): RSS summed over processes (counts pages shared after fork once per
process, so it overstates) and PSS (shared pages split between the processes sharing them: the
honest total), and the largest single process.

The ingest runs use --ocr never by default: the targets are about text PDFs, and the few scanned
exhibit pages inside corpus PDFs would otherwise load the OCR engine (~1 GB per worker that
meets one) and spend ~5 CPU-seconds a page. --ocr auto measures that too.

Other work on the machine slows wall time (the load average is printed): compare CPU figures.
Targets: >= 100 pages/s per core on text PDFs, >= 1.7x scaling on 2 cores, peak < 500 MB.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
CONTRACTS = [sys.executable, "-c", "from tracker.cli import cli; cli()"]
SAMPLE_EVERY = 0.05


def corpus_pdfs(corpus: Path) -> list[Path]:
    """Text PDFs of the corpus (manifest text_layer == yes), else every *.pdf in it."""
    manifest = corpus / "manifest.csv"
    if manifest.exists():
        with manifest.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        names = [r["file"] for r in rows if r["format"] == "pdf" and r["text_layer"] == "yes"]
        return sorted(corpus / n for n in names if (corpus / n).exists())
    return sorted(corpus.glob("*.pdf"))


def build_corpus(folder: Path, n: int, corpus: Path) -> dict:
    """N unique files drawn in turn from fixture PDFs, fixture DOCX and corpus PDFs."""
    sources = [
        sorted(FIXTURES.glob("*.pdf")),
        sorted(FIXTURES.glob("*.docx")),
        corpus_pdfs(corpus) if corpus.exists() else [],
    ]
    sources = [s for s in sources if s]
    folder.mkdir(parents=True)
    kinds = {"pdf": 0, "docx": 0}
    for i in range(n):
        group = sources[i % len(sources)]
        source = group[(i // len(sources)) % len(group)]
        target = folder / f"{i:05d}-{source.name}"
        if source.suffix == ".docx":
            shutil.copyfile(source, target)
            with zipfile.ZipFile(target, "a") as archive:
                archive.comment = f"bench copy {i}".encode()
            kinds["docx"] += 1
        else:
            target.write_bytes(source.read_bytes() + f"\n% bench copy {i}\n".encode())
            kinds["pdf"] += 1
    return kinds


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def pdfium_floor(files: list[Path]) -> dict:
    from floor import pdfium_text_pages  # bench/floor.py: this script's folder is on sys.path

    wall, cpu = time.perf_counter(), cpu_seconds()
    pages = pdfium_text_pages(files)
    return {"docs": len(files), "pages": pages, "wall": time.perf_counter() - wall,
            "cpu": cpu_seconds() - cpu, "per_core": None, "rss": None, "pss": None}


def pdfplumber_subset(files: list[Path], max_pages: int) -> dict:
    import pdfplumber

    wall, cpu, pages, docs = time.perf_counter(), cpu_seconds(), 0, 0
    for path in files:
        if pages >= max_pages:
            break
        docs += 1
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages[: max_pages - pages]:
                page.extract_text()
                pages += 1
    return {"docs": docs, "pages": pages, "wall": time.perf_counter() - wall,
            "cpu": cpu_seconds() - cpu, "per_core": None, "rss": None, "pss": None}


class TreeSampler(threading.Thread):
    """Peak RSS and PSS summed over a process and its descendants, from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.rss, self.pss, self.processes, self.largest = pid, 0, 0, 0, 0
        self.stopped = threading.Event()

    def tree(self) -> list[int]:
        pids, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    todo.extend(int(c) for c in task.read_text().split())
                except OSError:
                    pass
        return pids

    def run(self) -> None:
        while not self.stopped.wait(SAMPLE_EVERY):
            rss = pss = 0
            pids = self.tree()
            for pid in pids:
                try:
                    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                        if line.startswith("Rss:"):
                            rss += int(line.split()[1])
                            self.largest = max(self.largest, int(line.split()[1]))
                        elif line.startswith("Pss:"):
                            pss += int(line.split()[1])
                except OSError:
                    pass
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self.processes = max(self.processes, len(pids))


def run_ingest(folder: Path, jobs: int, work: Path, ocr: str, root: Path = ROOT) -> dict:
    """``contracts ingest`` of the checkout at ``root`` (its code first on sys.path)."""
    tag = f"{jobs}-{abs(hash(str(root)))}"
    db, report = work / f"store-{tag}.db", work / f"report-{tag}.json"
    command = [*CONTRACTS, "ingest", "--db", str(db), "--jobs", str(jobs), "--quiet",
               "--ocr", ocr, "--report", str(report), str(folder)]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    sampler = TreeSampler(process.pid)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    sampler.stopped.set()
    sampler.join()
    summary = process.stderr.read().strip().splitlines()
    process.returncode = os.waitstatus_to_exitcode(status)
    rows = json.loads(report.read_text())
    read = [r for r in rows if r["status"] in ("stored", "needs_ocr")]
    pdf_rows = [r for r in read if r["path"].endswith(".pdf")]
    return {
        "docs": len(read),
        "pages": sum(r["pages"] for r in read),
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        # pages over the CPU seconds workers spent on text PDFs: one core's rate
        "per_core": sum(r["pages"] for r in pdf_rows)
        / max(sum(r["cpu_seconds"] for r in pdf_rows), 1e-9),
        "rss": sampler.rss / 1024,
        "pss": sampler.pss / 1024,
        # not usage.ru_maxrss: it counts this process's own size at fork, before the exec
        "max_proc": sampler.largest / 1024,
        "processes": sampler.processes,
        "failed": sum(r["status"] == "failed" for r in rows),
        "summary": summary[-1] if summary else "",
        "exit": process.returncode,
    }


def profile_ingest(folder: Path, work: Path, ocr: str) -> str:
    """``ingest --jobs 1`` in this process under cProfile: own time by module."""
    sys.path.insert(0, str(ROOT))
    import profile_split  # bench/profile_split.py: this script's folder is on sys.path

    from tracker import ingest as ingest_lib
    from tracker.store import open_store

    db = open_store(work / "store-profile.db")
    try:
        summary, stats = profile_split.profiled(
            lambda: ingest_lib.ingest(db, [str(folder)], jobs=1, timeout=None, ocr=ocr))
    finally:
        db.conn.close()
    return profile_split.render(
        stats, f"--profile: ingest --jobs 1 of {summary.pages} pages in this process")


def fmt(value, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def render(results: dict, meta: dict) -> str:
    header = (f"{'':34} {'docs':>5} {'pages':>6} {'wall s':>7} {'cpu s':>7} {'pages/s':>8} "
              f"{'pages/cpu-s':>11} {'per core':>8} {'docs/s':>7} {'cores':>5} {'RSS MB':>7} "
              f"{'PSS MB':>7}")
    kinds = meta["kinds"]
    lines = [
        (
            f"corpus: {meta['n']} files ({kinds['pdf']} PDF, {kinds['docx']} DOCX), "
            f"{meta['cores']} cores, --ocr {meta['ocr']}, "
            f"load average {meta['load_before']:.1f} before / "
            f"{meta['load_after']:.1f} after"
        ),
        header,
        "-" * len(header),
    ]
    for name, r in results.items():
        lines.append(
            f"{name:34} {r['docs']:>5} {r['pages']:>6} {r['wall']:>7.1f} {r['cpu']:>7.1f} "
            f"{r['pages'] / r['wall']:>8.0f} {r['pages'] / max(r['cpu'], 1e-9):>11.0f} "
            f"{fmt(r['per_core'], '>8.0f')} {r['docs'] / r['wall']:>7.1f} "
            f"{r['cpu'] / r['wall']:>5.2f} "
            f"{fmt(r['rss'], '>7.0f')} {fmt(r['pss'], '>7.0f')}"
        )
    floor = results["pypdfium2 raw text (floor)"]
    floor_rate = floor["pages"] / floor["cpu"]
    jobs = meta["jobs"]
    for label in meta["labels"]:
        one, many = results[f"ingest --jobs 1{label}"], results[f"ingest --jobs {jobs}{label}"]
        lines.append("")
        lines.append(
            f"scaling --jobs {jobs} over --jobs 1{label} (wall): {one['wall'] / many['wall']:.2f}x "
            f"(CPU seconds {one['cpu']:.1f} vs {many['cpu']:.1f})"
        )
        lines.append(
            f"ours / floor, pages per CPU-second: {one['pages'] / one['cpu'] / floor_rate:.2f} "
            f"(--jobs 1{label}); per core on text PDFs: {one['per_core'] / floor_rate:.2f}"
        )
        lines.append(
            f"peak memory of the ingest tree: --jobs 1 RSS {one['rss']:.0f} MB / PSS "
            f"{one['pss']:.0f} MB; --jobs {jobs} RSS {many['rss']:.0f} MB / PSS "
            f"{many['pss']:.0f} MB over {many['processes']} processes (largest one "
            f"{many['max_proc']:.0f} MB)"
        )
        for name in (f"ingest --jobs 1{label}", f"ingest --jobs {jobs}{label}"):
            lines.append(f"{name}: exit {results[name]['exit']}: {results[name]['summary']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=500, help="contracts in the corpus (500)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="workers for the parallel run (all cores)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--plumber-pages", type=int, default=60)
    parser.add_argument("--ocr", choices=["never", "auto"], default="never",
                        help="--ocr for the ingest runs (never: text only)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--root", type=Path, action="append",
                        help="checkout whose code ingests, repeatable: --root ../main --root . "
                             "times before and after in one run (default: this one)")
    parser.add_argument("--profile", action="store_true",
                        help="also run ingest --jobs 1 under cProfile: own time by module")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="ingest-bench-"))
    try:
        folder = work / "contracts"
        meta = {"n": args.n, "jobs": args.jobs, "cores": os.cpu_count(), "ocr": args.ocr,
                "kinds": build_corpus(folder, args.n, args.corpus),
                "load_before": os.getloadavg()[0]}
        pdfs = sorted(folder.glob("*.pdf"))
        results = {
            "pypdfium2 raw text (floor)": pdfium_floor(pdfs),
            f"pdfplumber extract_text ({args.plumber_pages} p)": pdfplumber_subset(
                pdfs, args.plumber_pages),
        }
        roots = [root.resolve() for root in args.root or [ROOT]]
        meta["labels"] = [f" ({root.name})" if len(roots) > 1 else "" for root in roots]
        for root, label in zip(roots, meta["labels"]):
            for jobs in (1, args.jobs):
                results[f"ingest --jobs {jobs}{label}"] = run_ingest(
                    folder, jobs, work, args.ocr, root)
        meta["load_after"] = os.getloadavg()[0]
        if args.json:
            print(json.dumps({"meta": meta, "results": results}, indent=2))
        else:
            print(render(results, meta))
        if args.profile:
            print("\n" + profile_ingest(folder, work, args.ocr))
    finally:
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
