"""OCR: accuracy and speed of the engine, extraction F1 on scans, and the 18F award's form.

    python bench/ocr_bench.py [--engines ROW,ROW] [--pages N] [--skip PART ...]
                              [--fixtures-engine auto|rapidocr|tesseract] [--corpus DIR] [--json]

Parts (``--skip`` any of them):

engine    Text pages of corpus PDFs, rendered at 200 dpi and degraded as fixtures/make_scanned.py
          degrades a scan (turned under 1 degree, sensor noise, JPEG), are read by each engine
          and compared with the page's own text layer: word recall and precision (multisets of
          lower-cased letter/digit words) and character error rate (edit distance over the words
          joined by spaces, so reading order counts). One row per engine and setting (SETTINGS),
          each in a fresh process: pages per CPU second (the process and its children:
          Tesseract runs as a child process), pages per wall second, and peak RSS (the larger of
          the process and its biggest child). "tesseract" needs the tesseract program
          (apt-get install tesseract-ocr); its rows are skipped without it.
fixtures  Extraction F1 (micro, over every scored field) of the text PDFs in fixtures/ against
          scans of the same documents: the committed fixtures/scanned/ set and, as held-out
          data, the other fixtures scanned the same way into a temporary folder; read by the
          engine of --fixtures-engine.
award     The 18F award (corpus): pages 1-2 have no text layer; which of the values the form
          states OCR recovers, and what extraction makes of them.

Numbers depend on the machine's load: CPU seconds per page are the stable figure.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # Tesseract's OpenMP threads only slow it down

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium
from PIL import Image

from extractor.read import ocr
from fixtures import make_scanned

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
ENGINE_DPI = 200
SAMPLES = (  # (file, 0-based pages): text-layer pages of varied print, old and new
    ("cuad-accuray-distributor-agreement-2010.pdf", (1, 2)),
    ("cuad-airspannetworks-distributor-agreement-2000.pdf", (1, 5)),
    ("cuad-clickstream-development-agreement-2020.pdf", (0, 3)),
    ("cuad-dynamex-transportation-services-agreement-1996.pdf", (0, 2)),
    ("cuad-globaltechnologies-consulting-agreement-2020.pdf", (1, 3)),
    ("cuad-halitron-sponsorship-and-development-agreement-2005.pdf", (0, 2)),
    ("cuad-teardropgolf-endorsement-agreement-1996.pdf", (1, 3)),
    ("cuad-medalistdiversifiedreit-consulting-agreement-2020.pdf", (0, 2)),
)
AWARD = "18f-tdrs-software-development-fully-executed-base-award-2020.pdf"
AWARD_VALUES = ("NET 30 DAYS", "07/12/2021", "$1,360,064.27", "07/10/2020", "47QTCA18D003V",
                "47QPCA20F0019")
WORD = re.compile(r"[a-z0-9]+")


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (two rows; ~1 s for two 4,000-character pages)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]


def text_scores(reference: str, read: str) -> dict[str, float]:
    ref, got = WORD.findall(reference.lower()), WORD.findall(read.lower())
    common = sum((Counter(ref) & Counter(got)).values())
    joined_ref, joined_got = " ".join(ref), " ".join(got)
    return {
        "recall": common / max(len(ref), 1),
        "precision": common / max(len(got), 1),
        "cer": edit_distance(joined_ref, joined_got) / max(len(joined_ref), 1),
    }


def scanned_image(page: pdfium.PdfPage, seed: int) -> Image.Image:
    """The page as make_scanned.py writes it: turned, noisy, JPEG-compressed grayscale."""
    image = make_scanned.scan_page(
        page.render(scale=ENGINE_DPI / 72, grayscale=True).to_pil(), seed)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=make_scanned.JPEG_QUALITY)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


# engine x setting: name -> (engine, RapidSettings or TesseractSettings overrides). The first row
# of each engine is its product default; the others are what was measured to choose it (README
# of bench/).
SETTINGS = {
    "rapidocr": ("rapidocr", {}),
    "rapidocr before": ("rapidocr", {"det_side": None, "rec_batch": 6}),  # det@page, batch 6
    "rapidocr det@page": ("rapidocr", {"det_side": None}),
    "rapidocr det 1280": ("rapidocr", {"det_side": 1280}),
    "rapidocr rec batch 6": ("rapidocr", {"rec_batch": 6}),
    "rapidocr 2 threads": ("rapidocr", {"threads": 2}),
    "rapidocr +angle cls": ("rapidocr", {"use_cls": True}),
    "rapidocr no trim": ("rapidocr", {"trim": False}),
    "tesseract": ("tesseract", {}),
    "tesseract psm 3": ("tesseract", {"psm": 3}),
    "tesseract psm 4": ("tesseract", {"psm": 4}),
    "tesseract psm 6": ("tesseract", {"psm": 6}),
    "tesseract psm 11": ("tesseract", {"psm": 11}),
    "tesseract psm 6 at 0.75": ("tesseract", {"psm": 6, "scale": 0.75}),
    "tesseract psm 3 at 0.75": ("tesseract", {"psm": 3, "scale": 0.75}),
    "tesseract psm 3 at 0.85": ("tesseract", {"psm": 3, "scale": 0.85}),
}


def build_reader(name: str):
    """(read(image) -> text) for one row of SETTINGS, or raises OcrUnavailable."""
    engine, overrides = SETTINGS[name]
    if engine == "tesseract":
        from extractor.read import tesseract

        run = tesseract.build(settings=tesseract.TesseractSettings(**overrides))
    else:
        from extractor.read import rapid

        run = rapid.build(rapid.RapidSettings(**overrides))
    ocr.AUTO_ORDER = ("_bench",)
    ocr._load_engine.cache_clear()
    ocr.get_engine = lambda _name="auto": run  # the layout code reads with this engine
    return lambda image: ocr.read_image(image, dpi=ENGINE_DPI).text


def bench_setting(corpus: Path, name: str, limit: int) -> dict:
    """One row, in this process: run it in a fresh process (``--one``) for its own peak RSS."""
    pages = [(file, index, n * 10) for n, (file, indexes) in enumerate(SAMPLES)
             for index in indexes][:limit]
    try:
        read = build_reader(name)
    except ocr.OcrUnavailable as error:
        return {"skipped": str(error)}
    read(Image.new("L", (400, 100), 255))  # load models outside the timing
    wall, cpu, references, texts = 0.0, 0.0, [], []
    for file, index, seed in pages:  # one page image at a time, as a worker holds them
        pdf = pdfium.PdfDocument(corpus / file)
        references.append(pdf[index].get_textpage().get_text_range())
        image = scanned_image(pdf[index], seed)
        pdf.close()
        started, cpu_started = time.perf_counter(), cpu_seconds()
        texts.append(read(image))
        wall += time.perf_counter() - started
        cpu += cpu_seconds() - cpu_started
        del image
    peak = max(resource.getrusage(who).ru_maxrss for who in
               (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    scores = [text_scores(reference, text) for reference, text in zip(references, texts)]
    return {
        "pages": len(pages),
        **{k: round(sum(s[k] for s in scores) / len(scores), 4) for k in scores[0]},
        "pages_per_s": round(len(pages) / wall, 3),
        "cpu_s_per_page": round(cpu / len(pages), 2),
        "pages_per_cpu_s": round(len(pages) / cpu, 3),
        "peak_rss_mb": round(peak / 1024),
    }


def bench_engines(corpus: Path, names: list[str], limit: int, as_json: bool = False) -> dict:
    results = {}
    for name in names:
        done = subprocess.run(
            [sys.executable, __file__, "--one", name, "--pages", str(limit),
             "--corpus", str(corpus)],
            capture_output=True, text=True, check=False,
        )
        if done.returncode:
            results[name] = {"skipped": f"failed: {done.stderr.strip()[-300:]}"}
        else:
            results[name] = json.loads(done.stdout)
        if not as_json:  # a row as soon as it is done: the whole table takes an hour
            print_report({"engine": {name: results[name]}})
    return results


def micro_f1(report) -> dict:
    fields = report.fields
    tp = sum(f.tp for f in fields.values())
    fp = sum(f.fp for f in fields.values())
    fn = sum(f.fn for f in fields.values())
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {
        "docs": len(report.documents), "pages": report.pages, "f1": round(f1, 4),
        "milestones_f1": round(fields["milestones"].f1, 4) if "milestones" in fields else None,
        "seconds": round(report.seconds, 1),
        "per_field": {name: round(score.f1, 3) for name, score in fields.items()},
    }


def bench_fixtures() -> dict:
    """F1 of text PDFs and of their scans, on the committed scans and on held-out ones."""
    from extractor.evaluate.fixtures import evaluate_dir

    fixtures = ROOT / "fixtures"
    committed = fixtures / "scanned"
    slugs = sorted(p.name.removesuffix(".expected.json") for p in fixtures.glob("*.expected.json"))
    scanned = {p.name.removesuffix(".expected.json") for p in committed.glob("*.expected.json")}
    others = [slug for slug in slugs if slug not in scanned]
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        folders = {name: Path(tmp) / name for name in ("text-6", "text-8", "scanned-8")}
        for folder in folders.values():
            folder.mkdir()
        for slug in slugs:
            text = folders["text-6" if slug in scanned else "text-8"]
            for suffix in (".pdf", ".expected.json"):
                (text / f"{slug}{suffix}").write_bytes((fixtures / f"{slug}{suffix}").read_bytes())
        for n, slug in enumerate(others):  # the committed set's kinds of scan, in turn
            dpi, kind = ((150, "gray"), (200, "gray"), (300, "bw"))[n % 3]
            pages = make_scanned.render_scans(fixtures / f"{slug}.pdf", dpi, kind, seed=n)
            held_out = folders["scanned-8"]
            (held_out / f"{slug}.pdf").write_bytes(make_scanned.write_pdf(pages, dpi))
            (held_out / f"{slug}.expected.json").write_bytes(
                (fixtures / f"{slug}.expected.json").read_bytes())
        out["text (committed 6)"] = micro_f1(evaluate_dir(folders["text-6"], ("pdf",)))
        out["scanned (committed 6)"] = micro_f1(evaluate_dir(committed, ("pdf",)))
        out["text (held-out 8)"] = micro_f1(evaluate_dir(folders["text-8"], ("pdf",)))
        out["scanned (held-out 8)"] = micro_f1(evaluate_dir(folders["scanned-8"], ("pdf",)))
    return out


def bench_award(corpus: Path) -> dict:
    from extractor.nlp.pipeline import extract
    from extractor.read.load import load_document

    started, cpu_started = time.perf_counter(), cpu_seconds()
    document = load_document(corpus / AWARD)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    form = " ".join(" ".join(p.text for p in document.pages[:2]).split())
    contract = extract(document).to_dict()
    on_form = [m for m in contract["milestones"] if m["evidence"]["page"] <= 2]
    return {
        "ocr_pages": [p.number for p in document.pages if p.ocr],
        "needs_ocr": document.needs_ocr,
        "load_seconds": round(seconds, 1),
        "load_cpu_seconds": round(cpu, 1),
        "found_in_text": {value: value in form for value in AWARD_VALUES},
        "extracted": {
            "net_days": contract["payment_terms"]["net_days"],
            "total_value": contract["total_value"],
            "key_dates": [(k["kind"], k["date"], k.get("evidence", {}).get("page"))
                          for k in contract["key_dates"]],
            "milestones_on_pages_1_2": [(m["name"], m["due_date"], m["amount"]) for m in on_form],
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default=",".join(SETTINGS),
                        help="rows of SETTINGS, comma-separated")
    parser.add_argument("--one", choices=list(SETTINGS), help=argparse.SUPPRESS)
    parser.add_argument("--fixtures-engine", default="auto", choices=ocr.ENGINES)
    parser.add_argument("--pages", type=int, default=len(SAMPLES) * 2)
    parser.add_argument("--skip", nargs="*", default=[], choices=("engine", "fixtures", "award"))
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.one:  # a child process: one row of the table, as JSON
        print(json.dumps(bench_setting(args.corpus, args.one, args.pages)))
        return 0
    if args.fixtures_engine != "auto":
        ocr.AUTO_ORDER = (args.fixtures_engine,)
    if not ocr.available():
        print(f"note: {ocr.INSTALL_HINT}", file=sys.stderr)
    parts = {
        "engine": lambda: bench_engines(args.corpus, args.engines.split(","), args.pages,
                                        args.json),
        "fixtures": bench_fixtures,
        "award": lambda: bench_award(args.corpus),
    }
    results: dict = {}
    for name, run in parts.items():
        if name in args.skip or (name != "fixtures" and not args.corpus.exists()):
            continue
        results[name] = run()
        if not args.json and name != "engine":
            print_report({name: results[name]})
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


def print_report(results: dict) -> None:
    for name, row in results.get("engine", {}).items():
        if "skipped" in row:
            print(f"engine {name}: skipped ({row['skipped']})")
            continue
        print(f"engine {name:28} {row['pages']} pages  word recall {row['recall']:.4f}  "
              f"precision {row['precision']:.4f}  CER {row['cer']:.4f}  "
              f"{row['pages_per_cpu_s']:.3f} pages/CPU-s ({row['cpu_s_per_page']:.2f} CPU s/page)"
              f"  {row['pages_per_s']:.3f} pages/s  peak RSS {row['peak_rss_mb']} MB")
    for name, row in results.get("fixtures", {}).items():
        print(f"fixtures {name:22} {row['docs']:2} docs {row['pages']:3} pages  "
              f"F1 {row['f1']:.4f}  milestones F1 {row['milestones_f1']:.4f}  "
              f"{row['seconds']:.1f} s")
        worst = sorted(row["per_field"].items(), key=lambda item: item[1])[:3]
        print("    lowest fields: " + ", ".join(f"{k} {v:.3f}" for k, v in worst))
    if award := results.get("award"):
        print(f"award: OCR pages {award['ocr_pages']}, needs_ocr {award['needs_ocr']}, "
              f"load {award['load_seconds']} s ({award['load_cpu_seconds']} CPU s)")
        print("    in the OCR text: " + ", ".join(
            f"{value} {'yes' if found else 'NO'}" for value, found in
            award["found_in_text"].items()))
        print(f"    extracted: {json.dumps(award['extracted'])}")
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
