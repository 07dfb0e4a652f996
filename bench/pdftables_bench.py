"""Ruled tables: extractor.read.pdftables (PDFium) against pdfplumber's find_tables, page by page.

    python bench/pdftables_bench.py [PDF or DIR ...] [--all-pages] [--json] [--verbose]

With no arguments it reads fixtures/*.pdf, tests/files/table.pdf and ../shared/corpus/*.pdf (when
there). The pages are those pdf.py sends to the table reader (``PageScan.ruled``); --all-pages
takes every page (slow: pdfplumber lays out each one).

For every page both readers run on the same page, and the tables they keep (``to_table``: rows of
normalised strings, empty rows dropped, under 2x2 left out) are compared: same number of tables,
same rows, same cells. Times are CPU time of this process (other processes do not move them):
ours is ``find_tables`` on an open page and text page (pdf.py has both open while it scans);
pdfplumber's is ``page.find_tables()`` + ``extract()`` + ``to_table`` on a page of an open PDF.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber
import pypdfium2 as pdfium

from extractor.read.pdf import scan_pages
from extractor.read.pdftables import find_tables
from extractor.read.text import to_table
from models import Table

DEFAULT_INPUTS = [ROOT / "fixtures", ROOT / "tests" / "files" / "table.pdf"]
CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_MS = 10.0
SLOWEST = 5


@dataclass
class Result:
    pages: int = 0
    same_pages: int = 0
    table_pages: int = 0  # pages where either reader keeps a table
    tables_ref: int = 0
    tables_ours: int = 0
    cells: int = 0  # cells of pdfplumber's kept tables on pages where the shapes agree
    same_cells: int = 0
    ours_s: list[float] = field(default_factory=list)
    plumber_s: list[float] = field(default_factory=list)
    timed: list[tuple[float, float, str, int]] = field(default_factory=list)
    differences: list[dict] = field(default_factory=list)


def pdf_files(inputs: list[Path]) -> list[Path]:
    files: list[Path] = []
    for item in inputs:
        files.extend(sorted(item.glob("*.pdf")) if item.is_dir() else [item])
    return files


def pages_to_read(data: bytes, name: str, all_pages: bool) -> list[int]:
    scans = scan_pages(data, name)
    if all_pages:
        return list(range(1, len(scans) + 1))
    return [n for n, s in enumerate(scans, 1) if s.ruled and not (s.no_text_layer or s.garbage)]


def ours(pdf: pdfium.PdfDocument, number: int) -> tuple[tuple[Table, ...], float]:
    page = pdf[number - 1]
    textpage = page.get_textpage()
    try:
        start = time.process_time()
        tables = find_tables(page, textpage, number)
        return tables, time.process_time() - start
    finally:
        textpage.close()
        page.close()


def plumber(pdf: pdfplumber.PDF, number: int) -> tuple[tuple[Table, ...], float]:
    page = pdf.pages[number - 1]
    try:
        start = time.process_time()
        found = (to_table(t.extract(), number) for t in page.find_tables())
        tables = tuple(t for t in found if t is not None)
        return tables, time.process_time() - start
    finally:
        page.close()


def compare(result: Result, name: str, number: int, mine, ref) -> None:
    result.pages += 1
    result.tables_ours += len(mine)
    result.tables_ref += len(ref)
    if mine or ref:
        result.table_pages += 1
    shapes = [(len(t.rows), len(t.rows[0])) for t in mine] == [
        (len(t.rows), len(t.rows[0])) for t in ref
    ]
    if shapes:
        for a, b in zip(mine, ref):
            for row_a, row_b in zip(a.rows, b.rows):
                result.cells += len(row_b)
                result.same_cells += sum(x == y for x, y in zip(row_a, row_b))
    if mine == ref:
        result.same_pages += 1
        return
    cells = []
    if shapes:
        cells = [
            {"ours": x, "pdfplumber": y}
            for a, b in zip(mine, ref)
            for row_a, row_b in zip(a.rows, b.rows)
            for x, y in zip(row_a, row_b)
            if x != y
        ]
    result.differences.append(
        {
            "file": name,
            "page": number,
            "ours": [[len(t.rows), len(t.rows[0])] for t in mine],
            "pdfplumber": [[len(t.rows), len(t.rows[0])] for t in ref],
            "cells": cells,
        }
    )


def run(files: list[Path], all_pages: bool) -> Result:
    result = Result()
    warm = pdfium.PdfDocument(str(files[0]))  # first call pays for imports, not for tables
    ours(warm, 1)
    warm.close()
    for path in files:
        data = path.read_bytes()
        numbers = pages_to_read(data, path.name, all_pages)
        if not numbers:
            continue
        pdf = pdfium.PdfDocument(data)
        with pdfplumber.open(path) as plumber_pdf:
            for number in numbers:
                mine, mine_s = ours(pdf, number)
                ref, ref_s = plumber(plumber_pdf, number)
                result.ours_s.append(mine_s)
                result.plumber_s.append(ref_s)
                result.timed.append((mine_s, ref_s, path.name, number))
                compare(result, path.name, number, mine, ref)
        pdf.close()
    return result


def summary(result: Result) -> dict:
    def ms(values: list[float]) -> dict:
        if not values:
            return {}
        return {
            "mean": 1000 * statistics.fmean(values),
            "median": 1000 * statistics.median(values),
            "max": 1000 * max(values),
            "total": 1000 * sum(values),
        }

    return {
        "pages": result.pages,
        "pages_same": result.same_pages,
        "table_pages": result.table_pages,
        "tables": {"ours": result.tables_ours, "pdfplumber": result.tables_ref},
        "cells": {"compared": result.cells, "same": result.same_cells},
        "ms_per_page": {"ours": ms(result.ours_s), "pdfplumber": ms(result.plumber_s)},
        "slowest": [
            {"file": name, "page": number, "ours_ms": 1000 * a, "pdfplumber_ms": 1000 * b}
            for a, b, name, number in sorted(result.timed, reverse=True)[:SLOWEST]
        ],
        "differences": result.differences,
    }


def render(report: dict, verbose: bool) -> str:
    ours_ms, ref_ms = report["ms_per_page"]["ours"], report["ms_per_page"]["pdfplumber"]
    lines = [
        f"pages read: {report['pages']} (tables kept on {report['table_pages']})",
        f"pages with identical tables: {report['pages_same']}/{report['pages']}",
        f"tables: ours {report['tables']['ours']}, pdfplumber {report['tables']['pdfplumber']}",
        f"cells equal: {report['cells']['same']}/{report['cells']['compared']}",
        "",
        f"{'ms/page (CPU)':<16}{'mean':>8}{'median':>8}{'max':>8}{'total':>10}",
    ]
    for label, row in (("ours", ours_ms), ("pdfplumber", ref_ms)):
        if row:
            lines.append(
                f"{label:<16}{row['mean']:>8.2f}{row['median']:>8.2f}{row['max']:>8.1f}"
                f"{row['total']:>10.0f}"
            )
    if ours_ms and ref_ms:
        lines.append(
            f"speed-up: {ref_ms['total'] / max(ours_ms['total'], 1e-9):.0f}x; "
            f"target < {TARGET_MS:.0f} ms per table page: "
            f"{'met' if ours_ms['mean'] < TARGET_MS else 'NOT met'}"
        )
    for slow in report["slowest"]:
        lines.append(
            f"slow: {slow['file']} p{slow['page']}: ours {slow['ours_ms']:.1f} ms, "
            f"pdfplumber {slow['pdfplumber_ms']:.0f} ms"
        )
    for diff in report["differences"]:
        lines.append(
            f"differs: {diff['file']} p{diff['page']}: tables (rows, cols) ours {diff['ours']}, "
            f"pdfplumber {diff['pdfplumber']}, {len(diff['cells'])} cells differ"
        )
        if verbose:
            for cell in diff["cells"]:
                lines.append(f"    ours:       {cell['ours']!r}")
                lines.append(f"    pdfplumber: {cell['pdfplumber']!r}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, help="PDF files or folders")
    parser.add_argument("--all-pages", action="store_true", help="every page, not only ruled")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--verbose", action="store_true", help="print the cells that differ")
    args = parser.parse_args()
    inputs = args.inputs or DEFAULT_INPUTS + ([CORPUS] if CORPUS.exists() else [])
    report = summary(run(pdf_files(inputs), args.all_pages))
    print(json.dumps(report, indent=2) if args.json else render(report, args.verbose))


if __name__ == "__main__":
    main()
