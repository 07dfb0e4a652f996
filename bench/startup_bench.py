"""Start-up: wall seconds of `contracts` commands as new processes, beside the pypdfium2 floor.

    python bench/startup_bench.py [--runs N] [--root CHECKOUT] [--corpus DIR]

Each command runs ``--runs`` times (default 5) as ``python -c "from tracker.cli import cli;
cli()"`` in ``--root`` (default: this checkout; pass another checkout, e.g. main, for a "before"
row measured in the same run); the median is printed. ``list`` and ``report`` read an empty
store; ``extract`` reads one small fixture PDF. The modules each command imports that it should
not (spaCy, ONNX Runtime, the PDF and OCR readers) are listed beside it.

Target (issue 15): ``--help``, ``list`` and ``report`` import none of them; ``extract`` of one
small file under 0.8 s wall.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
SMALL = ROOT / "fixtures" / "consulting-agreement.pdf"
HEAVY = ("spacy", "onnxruntime", "rapidocr", "pypdfium2", "extractor.read.ocr")
PROBE = (
    "import sys, atexit, json\n"
    f"atexit.register(lambda: print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]),"
    " file=sys.stderr))\n"
    "from tracker.cli import cli\ncli()"
)
COMMANDS = {
    "contracts --help": ["--help"],
    "contracts list": ["list"],
    "contracts report": ["report"],
    "contracts extract small.pdf": ["extract", str(SMALL)],
}


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(root: Path, args: list[str], env: dict, runs: int) -> tuple[float, float, list[str]]:
    walls, cpus, heavy = [], [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), children_cpu()
        done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=root, env=env,
                              capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - started)
        cpus.append(children_cpu() - cpu)
        if done.returncode:
            raise SystemExit(f"{args} failed in {root}: {done.stderr[-500:]}")
        heavy = json.loads(done.stderr.strip().splitlines()[-1])
    return statistics.median(walls), statistics.median(cpus), heavy


def floor_seconds(corpus: Path) -> tuple[int, float]:
    sys.path.insert(0, str(ROOT / "bench"))
    from floor import pdfium_text_pages

    files = sorted(corpus.glob("*.pdf"))
    started = time.process_time()
    pages = pdfium_text_pages(files)
    return pages, time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, action="append",
                        help="checkout(s) to time (default: this one); repeat for before/after")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args(argv)
    roots = args.root or [ROOT]
    if args.corpus.is_dir():
        pages, cpu = floor_seconds(args.corpus)
        print(f"pypdfium2 raw text (floor): {pages} pages in {cpu:.2f} CPU s, "
              f"{pages / max(cpu, 1e-9):.0f} pages/CPU-s")
    print(f"load average {os.getloadavg()[0]:.1f}; median of {args.runs} runs (CPU: the "
          "process's own, which a busy machine moves less than the wall clock)")
    with tempfile.TemporaryDirectory() as tmp:
        for n, root in enumerate(roots):  # a store each: checkouts may differ in schema
            env = {**os.environ, "CONTRACTS_DB": str(Path(tmp) / f"contracts-{n}.db")}
            for label, command in COMMANDS.items():
                wall, cpu, heavy = timed(root, command, env, args.runs)
                print(f"{root!s:24} {label:30} {wall:6.3f} s wall {cpu:6.3f} CPU s  imports: "
                      f"{', '.join(heavy) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
