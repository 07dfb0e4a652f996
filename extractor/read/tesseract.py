"""Tesseract as an OCR engine: the ``tesseract`` program (Debian: ``apt-get install
tesseract-ocr``) run once per page, its word boxes read from its TSV output.

No Python package is needed: the page goes to the program's standard input as a PGM image and
the words come back on its standard output. Each word becomes a box whose corners follow the
slope of its line, so ``extractor.read.ocr`` estimates the page skew from them as it does from
RapidOCR's boxes, and puts the words back in reading order (tables and forms included).
"""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import statistics
import subprocess
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image

from extractor.read.ocr import OcrUnavailable, Quad

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "Tesseract is not installed: apt-get install tesseract-ocr (Debian, Ubuntu) or "
    "brew install tesseract (macOS), or use --ocr-engine rapidocr"
)
LANGUAGE = "eng"
# Tesseract's OpenMP threads only add CPU time: a batch already runs one worker per core.
ENV = {"OMP_THREAD_LIMIT": "1"}
PAGE_TIMEOUT = 300  # seconds of wall clock for one page: a hung program must not hang the batch
# Page segmentation modes worth running on a contract page: 3 finds columns and blocks, 4 one
# column of lines of any size, 6 one block of text (no layout analysis; we order the words),
# 11 sparse text (every scrap of text, in no order).
PAGE_MODES = (3, 4, 6, 11)
PSM = 3
MIN_LINE_WORDS = 3  # words on a line before its slope says anything about the page's skew


@dataclass(frozen=True)
class Word:
    left: int
    top: int
    right: int
    bottom: int
    text: str
    line: tuple[int, int, int]  # (block, paragraph, line) as Tesseract numbers them


@dataclass(frozen=True)
class TesseractSettings:
    """How the program runs; the defaults are the measured choice, the bench varies them."""

    psm: int = PSM
    # The page is scaled by this before Tesseract reads it, the word boxes scaled back.
    scale: float = 1.0
    # tessedit_do_invert=0 skips the second pass over every line looking for white-on-black
    # text, which contracts do not have.
    config: tuple[str, ...] = ("tessedit_do_invert=0",)

    def __post_init__(self):
        if self.psm not in PAGE_MODES:
            raise ValueError(f"psm must be one of {PAGE_MODES}, got {self.psm}")
        if not 0.25 <= self.scale <= 1.0:
            raise ValueError(f"scale must be between 0.25 and 1, got {self.scale}")

    def args(self) -> list[str]:
        return ["--psm", str(self.psm), *(arg for item in self.config for arg in ("-c", item))]


Engine = Callable[[Image.Image], tuple[list[Quad], list[str]]]


def build(binary: str | None = None, settings: TesseractSettings | None = None) -> Engine:
    """A Tesseract engine. Raises OcrUnavailable when the program or its English data is
    missing."""
    settings = settings or TesseractSettings()
    path = binary or shutil.which("tesseract")
    if path is None:
        raise OcrUnavailable(INSTALL_HINT)
    try:
        listed = subprocess.run(
            [path, "--list-langs"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise OcrUnavailable(f"tesseract did not start ({error!r}): {INSTALL_HINT}") from None
    if LANGUAGE not in listed.split():
        raise OcrUnavailable(
            f"Tesseract has no English data ({LANGUAGE}): apt-get install tesseract-ocr-eng"
        )
    env = {**os.environ, **ENV}

    def run(image: Image.Image) -> tuple[list[Quad], list[str]]:
        gray = image.convert("L")
        if settings.scale != 1.0:
            size = (round(gray.width * settings.scale), round(gray.height * settings.scale))
            gray = gray.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)
        buffer = io.BytesIO()
        gray.save(buffer, "PPM")  # PGM: no compression to spend time on
        done = subprocess.run(
            [path, "stdin", "stdout", "-l", LANGUAGE, *settings.args(), "tsv"],
            input=buffer.getvalue(), capture_output=True, env=env, timeout=PAGE_TIMEOUT,
            check=False,
        )
        if done.returncode:
            message = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(f"tesseract exited with {done.returncode}: {' '.join(message)}")
        words = parse_tsv(done.stdout.decode("utf-8", errors="replace"))
        return word_quads(scaled(words, 1 / settings.scale) if settings.scale != 1.0 else words)

    return run


def parse_tsv(tsv: str) -> list[Word]:
    """The words (level 5 rows with text) of Tesseract's TSV output."""
    words = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        left, top = int(row["left"]), int(row["top"])
        words.append(Word(
            left, top, left + int(row["width"]), top + int(row["height"]), text,
            (int(row["block_num"]), int(row["par_num"]), int(row["line_num"])),
        ))
    return words


def scaled(words: Sequence[Word], factor: float) -> list[Word]:
    """The words with their boxes multiplied by ``factor`` (back to the page's pixels)."""
    return [
        Word(round(w.left * factor), round(w.top * factor), round(w.right * factor),
             round(w.bottom * factor), w.text, w.line)
        for w in words
    ]


def word_quads(words: Sequence[Word]) -> tuple[list[Quad], list[str]]:
    """A box per word, its corners on the slope of the page's lines (Tesseract's boxes are
    upright rectangles around tilted words), and the words' text."""
    slope = page_slope(words)
    quads = []
    for word in words:
        width = word.right - word.left
        middle = (word.top + word.bottom) / 2
        half = max((word.bottom - word.top) - abs(slope) * width, 1.0) / 2
        rise = slope * width / 2  # how much lower the right end sits than the centre
        quads.append([
            (word.left, middle - rise - half), (word.right, middle + rise - half),
            (word.right, middle + rise + half), (word.left, middle - rise + half),
        ])
    return quads, [word.text for word in words]


def page_slope(words: Sequence[Word]) -> float:
    """Median slope (dy/dx, y down) of the lines of words: least squares over the middles of
    the words of each line; 0 with no line long enough."""
    lines: dict[tuple[int, int, int], list[Word]] = defaultdict(list)
    for word in words:
        lines[word.line].append(word)
    slopes = []
    for line in lines.values():
        if len(line) < MIN_LINE_WORDS:
            continue
        xs = [(w.left + w.right) / 2 for w in line]
        ys = [(w.top + w.bottom) / 2 for w in line]
        mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
        spread = sum((x - mean_x) ** 2 for x in xs)
        if spread:
            slopes.append(sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread)
    return statistics.median(slopes) if slopes else 0.0
