"""RapidOCR (PP-OCRv6 ONNX models shipped inside its wheel) on ONNX Runtime, as an OCR engine.

Built once per process from the model files inside the installed ``rapidocr`` package, so
nothing is ever downloaded. Returns the boxes of text it found on a page image (4 corners
each) and their text; ``extractor.read.ocr`` puts them in reading order.

Measured with ``bench/ocr_bench.py`` (see the README there): recognition costs most of the time
(the multilingual recogniser scores 18,710 characters at every step). Detection runs on the page
scaled to ``DET_SIDE`` pixels on its long side; recognition crops the lines from the page at full
resolution, one line at a time, so the answers do not move and memory stays under 500 MB.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from extractor.read.ocr import OcrUnavailable, Quad

log = logging.getLogger(__name__)

INSTALL_HINT = "OCR is not installed: pip install 'contracts[ocr]'"
MODEL_FILES = {  # inside the rapidocr wheel (3.10+): nothing is fetched at run time
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
# Detection on a 2,000-pixel page peaks at ~560 MB of activations and 3 CPU-s; at 1,280 at
# ~350 MB and ~1.4 CPU-s; at 1,024 at ~230 MB, which keeps a whole `contracts extract` worker
# (spaCy included) under 500 MB (487 vs 660 MB on a 3-page scan), at word recall 0.995 vs 0.997
# and the same fixture answers (960 loses words of small print).
DET_SIDE = 1024


@dataclass(frozen=True)
class RapidSettings:
    """How the engine runs; the defaults are the measured choice, the bench varies them."""

    det_side: int | None = DET_SIDE  # None: detect at the page's own resolution (up to 2,000)
    # The 180-degree line classifier flips good lines on noisy scans (word recall 0.92 with it,
    # 0.998 without), and upside-down pages are rare in contracts.
    use_cls: bool = False
    # One thread: batch import already runs one worker per core (and 2 threads were slower).
    threads: int = 1
    # Lines recognised per call. One at a time: a batch is padded to its widest line, and the
    # recogniser's output (18,710 scores a step) for 6 long lines took ~550 MB; one line at a
    # time is also faster on one thread (no padding to compute).
    rec_batch: int = 1
    # Hand the heap's free memory back to the system after each page (glibc's malloc_trim):
    # ONNX Runtime frees a page's tensors (arena off) but glibc keeps ~300 MB of them, and the
    # next page's detection tensors do not fit in those holes (peak 566 MB in 3 pages
    # without, 459 MB with, at the same CPU time).
    trim: bool = True

    def __post_init__(self):
        if self.det_side is not None and self.det_side < 320:
            raise ValueError(f"det_side must be at least 320 pixels, got {self.det_side}")
        if self.threads < 1 or self.rec_batch < 1:
            raise ValueError("threads and rec_batch must be at least 1")

    def params(self, models: Path) -> dict:
        params = {
            "Global.log_level": "error",
            "Global.use_cls": self.use_cls,
            "EngineConfig.onnxruntime.intra_op_num_threads": self.threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            "EngineConfig.onnxruntime.enable_cpu_mem_arena": False,  # memory goes back per page
            "Rec.rec_batch_num": self.rec_batch,
            **{f"{kind}.model_path": str(models / name) for kind, name in MODEL_FILES.items()},
        }
        if self.det_side is not None:
            params |= {"Det.limit_type": "max", "Det.limit_side_len": self.det_side}
        return params


Engine = Callable[[Image.Image], tuple[list[Quad], list[str]]]


def build(settings: RapidSettings | None = None) -> Engine:
    """A RapidOCR engine. Raises OcrUnavailable saying how to install it."""
    try:
        import onnxruntime  # noqa: F401 - rapidocr does not depend on it, but needs it
        import rapidocr
    except ImportError as error:
        log.debug("RapidOCR unavailable: %r", error)
        raise OcrUnavailable(INSTALL_HINT) from None
    _quiet(logging.getLogger("RapidOCR"))
    models = Path(rapidocr.__file__).parent / "models"
    if missing := [name for name in MODEL_FILES.values() if not (models / name).is_file()]:
        raise OcrUnavailable(
            f"OCR models {', '.join(missing)} are not in rapidocr "
            f"{getattr(rapidocr, '__version__', '?')}: pip install 'contracts[ocr]'"
        )
    try:
        engine = rapidocr.RapidOCR(params=(settings or RapidSettings()).params(models))
    except Exception as error:  # noqa: BLE001 - a broken install must not stop ingestion
        log.warning("OCR engine did not start: %r", error)
        raise OcrUnavailable(f"OCR engine did not start ({error}): {INSTALL_HINT}") from None
    return _wrap(engine, _malloc_trim() if (settings or RapidSettings()).trim else None)


def _malloc_trim() -> Callable[[], None] | None:
    """glibc's malloc_trim(0), or None where there is no glibc (macOS, musl)."""
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    return lambda: trim(0)


def _wrap(engine, trim: Callable[[], None] | None = None) -> Engine:
    def run(image: Image.Image) -> tuple[list[Quad], list[str]]:
        try:
            output = engine(np.asarray(image.convert("RGB")))
        finally:
            if trim is not None:
                trim()
        if output.boxes is None or output.txts is None:
            return [], []
        return [[tuple(map(float, p)) for p in quad] for quad in output.boxes], list(output.txts)

    return run


def _quiet(logger: logging.Logger) -> None:
    """RapidOCR prints through its own stderr handler; send its records to ours instead."""
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.propagate = True
