"""A fingerprint of a document's words that survives layout and OCR noise: MinHash of shingles.

The text is normalised (lower case, words of letters and digits only, page footers such as
"Page 2 of 5" and lines holding only a page number dropped), cut into overlapping shingles of
``SHINGLE_WORDS`` words, and summarised by ``PERMUTATIONS`` minimum hashes. The share of equal
minimum hashes of two fingerprints estimates the Jaccard similarity of their shingle sets
(standard error ~0.04 at 0.7). A PDF and the Word file it was made from share every shingle
(similarity 1.0); a scan read by OCR keeps most of them.

``COPY_THRESHOLD`` was measured on real pairs (``python bench/family_pairs.py``): copies of the
same contract (PDF/DOCX/scan of the fixtures, a draft and its signed version, a "form of"
agreement and its executed version in CUAD) score 0.80-1.00; different contracts written from
one template (three amendments of one CUAD manufacturing agreement, two statements of work under
one master agreement) score at most 0.59, an amendment against its agreement at most 0.13,
unrelated contracts at most 0.21. The threshold sits in that gap; the tracker also checks
titles and document kinds before it calls two documents copies.

Text read by OCR loses shingles to every misread word (a word error rate of 4% keeps ~0.8, 10%
~0.6-0.8): when either document was read by OCR, ``OCR_COPY_THRESHOLD`` applies instead, and
the tracker then also wants the same date and parties before it calls them copies.

``band_keys`` cuts the fingerprint into ``BANDS`` bands for locality-sensitive lookup: two
documents whose similarity is 0.7 share at least one band key with probability 0.9998, at 0.3
with probability 0.23, so the store finds candidates with one indexed query, not a scan.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

import numpy as np

SHINGLE_WORDS = 3
PERMUTATIONS = 128
BANDS = 32
ROWS = PERMUTATIONS // BANDS
COPY_THRESHOLD = 0.70
OCR_COPY_THRESHOLD = 0.50
MIN_SHINGLES = 20  # fewer than this (a blank or unread scan): no fingerprint, nothing to compare
# Only the beginning counts (~50 pages): copies share it, and a 500-page exhibit costs no more
# than a 50-page contract.
MAX_CHARS = 150_000
_CHUNK = 8192  # shingles hashed at a time: bounds memory to PERMUTATIONS x _CHUNK x 4 bytes

# Page furniture a PDF has and its Word original lacks. Anchored on plain characters: a regex
# starting with \b or ^ is tried at every position and costs ten times as much.
_PAGE_OF = re.compile(r"page\s+\d+\s+(?:of|/)\s+\d+")
_PAGE_NUMBER = re.compile(r"[\n\f][ \t\-–—]*\d{1,4}[ \t\-–—]*(?=[\n\f]|$)")
_WORD = re.compile(r"[a-z]{2,}|\d+")
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)
# Fixed multipliers and offsets of the hashes: fingerprints made by any process, any day,
# compare with each other. The permutations are affine maps modulo 2**32 (odd multipliers) of
# shingle hashes that are already well mixed: three times as fast as 64-bit multiply-shift, and
# as close to the exact Jaccard similarity on the fixtures and corpus pairs (RMSE 0.015).
_RNG = np.random.default_rng(20250611)
_A = (_RNG.integers(0, 2**31, PERMUTATIONS, dtype=np.uint32) * np.uint32(2) + np.uint32(1))[:, None]
_B = _RNG.integers(0, 2**32, PERMUTATIONS, dtype=np.uint32)[:, None]
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9][:SHINGLE_WORDS],
                dtype=np.uint64)  # fmt: skip
_CODES: dict[str, int] = {}  # word -> its hash: contracts reuse a small vocabulary
_CODES_MAX = 500_000


def words(text: str) -> list[str]:
    """The normalised words of ``text``: what the fingerprint is made of."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = _PAGE_NUMBER.sub(" ", _PAGE_OF.sub(" ", text.lower()))
    return _WORD.findall(text)


def _codes(tokens: list[str]) -> np.ndarray:
    """The hash of each word; new words are hashed once, the rest are looked up in C."""
    new = set(tokens).difference(_CODES)
    if new:
        if len(_CODES) + len(new) > _CODES_MAX:
            _CODES.clear()
            new = set(tokens)
        _CODES.update((token, zlib.crc32(token.encode())) for token in new)
    return np.fromiter(map(_CODES.__getitem__, tokens), dtype=np.uint64, count=len(tokens))


def _shingle_hashes(tokens: list[str]) -> np.ndarray:
    codes = _codes(tokens)
    count = len(codes) - SHINGLE_WORDS + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for offset in range(SHINGLE_WORDS):
        mixed += codes[offset : offset + count] * _MIX[offset]  # wraps modulo 2**64
    return np.unique(((mixed ^ (mixed >> _SHIFT32)) & _MASK32).astype(np.uint32))


def fingerprint(text: str) -> bytes | None:
    """The MinHash signature of ``text`` (PERMUTATIONS uint32, little-endian), or None when it
    has too few words to compare (a page that still needs OCR, an empty file)."""
    tokens = words(text[:MAX_CHARS])
    if len(tokens) < SHINGLE_WORDS + MIN_SHINGLES - 1:
        return None
    shingles = _shingle_hashes(tokens)
    signature = np.full(PERMUTATIONS, np.iinfo(np.uint32).max, dtype=np.uint32)
    for start in range(0, len(shingles), _CHUNK):
        block = shingles[start : start + _CHUNK][None, :]
        np.minimum(signature, (_A * block + _B).min(axis=1), out=signature)  # wraps mod 2**32
    return signature.astype("<u4").tobytes()


def similarity(a: bytes | None, b: bytes | None) -> float:
    """Estimated Jaccard similarity of the two documents' shingle sets (0.0 when either has no
    fingerprint)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    left, right = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(left == right)) / len(left)


def band_keys(signature: bytes) -> list[int]:
    """One key per band of ROWS hashes, as signed 63-bit integers (SQLite INTEGER)."""
    values = np.frombuffer(signature, dtype="<u4")
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        key = (band << 56) ^ (zlib.crc32(chunk) << 24) ^ zlib.adler32(chunk)
        keys.append(key & 0x7FFF_FFFF_FFFF_FFFF)
    return keys
