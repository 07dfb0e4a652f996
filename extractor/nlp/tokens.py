"""Where spaCy's tokenizer starts each token of a text, without building a Doc.

The components read tokens for two things only: where sentences may start (the sentencizer
maps its boundaries to token starts and caps sentences at a number of tokens) and which
tokens are trigger words. Building a spaCy Doc over the whole text cost more than both.

spaCy splits a text at whitespace first: a run of non-space chars (a chunk) is tokenised on
its own, a whitespace run after a word gives up its first ' ' to that word and the rest (if
any) is tokenised as a span too. So the token starts are the chunk starts, plus the inner
starts of the chunks spaCy splits ("Agreement," "(a)"), plus the whitespace tokens. Each
distinct chunk is tokenised once by spaCy itself; most are single words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from itertools import chain

import numpy as np

# Every code point for which str.isspace() is true (where str.split and spaCy split);
# tests/test_speed_same_answers.py checks the list against Python's.
SPACE_CODES = np.array(
    [9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239,
     8287, 12288], dtype=np.uint32)  # fmt: skip
CACHE_LIMIT = 200_000  # distinct chunks kept (a few tens of MB at most)
_inner: dict[str, tuple[int, ...]] = {}  # chunk -> offsets of its tokens after the first


@dataclass(frozen=True)
class Tokens:
    """Token start offsets of ``text``, sorted, exactly as spaCy's tokenizer gives them."""

    text: str
    starts: list[int]

    def __len__(self) -> int:
        return len(self.starts)

    def end(self, index: int) -> int:
        """End offset of token ``index``: the next token's start, less the one ' ' a word
        token keeps as its trailing space."""
        text, starts = self.text, self.starts
        stop = starts[index + 1] if index + 1 < len(starts) else len(text)
        if stop > 0 and text[stop - 1] == " " and not text[starts[index]].isspace():
            return stop - 1
        return stop

    def spans(self, first_tokens: list[int]) -> list[tuple[int, int]]:
        """(start_char, end_char) of the runs of tokens starting at each of ``first_tokens``
        (sorted, the first 0): spaCy's sentence spans."""
        bounds = [*first_tokens[1:], len(self.starts)]
        return [(self.starts[a], self.end(b - 1)) for a, b in zip(first_tokens, bounds)]

    @cached_property
    def lowered(self) -> str | None:
        """``text.lower()`` when it keeps every offset (it does unless a char lowers to two)."""
        lowered = self.text.lower()
        return lowered if len(lowered) == len(self.text) else None

    def words_at(self, words: frozenset[str]) -> list[int]:
        """Starts of the tokens whose lower-case text is one of ``words``, in order."""
        lowered, starts = self.lowered, self.starts
        if lowered is None:
            return [s for i, s in enumerate(starts) if self.text[s : self.end(i)].lower() in words]
        out = []
        for match in _word_pattern(words).finditer(lowered):
            start = match.start()
            index = bisect.bisect_left(starts, start)
            at_token = index < len(starts) and starts[index] == start
            if at_token and lowered[start : self.end(index)] in words:
                out.append(start)
        return out


@lru_cache(maxsize=16)
def _word_pattern(words: frozenset[str]) -> re.Pattern:
    """Every position where one of ``words`` starts (a lookahead, so overlapping ones too)."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    first = "".join(sorted({re.escape(w[0]) for w in words}))
    return re.compile(rf"(?=[{first}])(?=({alternatives}))")


def tokenize(text: str, split: Callable[[str], Iterable[int]]) -> Tokens:
    """The token starts of ``text``; ``split(chunk)`` gives spaCy's token offsets in a chunk."""
    if not text:
        return Tokens(text, [])
    chunks = text.split()
    new = set(chunks).difference(_inner)
    if new:
        if len(_inner) + len(new) > CACHE_LIMIT:
            _inner.clear()
            new = set(chunks)
        for chunk in new:
            _inner[chunk] = tuple(split(chunk))[1:]
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    space = np.isin(codes, SPACE_CODES)
    after_space = np.empty_like(space)
    after_space[0] = True
    after_space[1:] = space[:-1]
    chunk_starts = np.flatnonzero(~space & after_space)
    inner = [_inner[chunk] for chunk in chunks]
    counts = np.fromiter(map(len, inner), dtype=np.int64, count=len(inner))
    parts = [chunk_starts, np.repeat(chunk_starts, counts)
             + np.fromiter(chain.from_iterable(inner), dtype=np.int64, count=int(counts.sum()))]
    parts.append(_whitespace_tokens(text, codes, space, after_space, split))
    # three sorted runs of distinct offsets: a stable sort (timsort) merges them
    return Tokens(text, np.sort(np.concatenate(parts), kind="stable").tolist())


def _whitespace_tokens(text, codes, space, after_space, split) -> np.ndarray:
    """Starts of the whitespace tokens: a run after a word gives its first ' ' to the word and
    is a token when anything is left; a run at the start of the text is a token whole."""
    run_starts = np.flatnonzero(space & ~after_space)
    run_ends = np.flatnonzero(~space[1:] & space[:-1]) + 1  # first non-space after a run
    if space[0]:
        run_starts = np.concatenate(([0], run_starts))
    if space[-1]:
        run_ends = np.append(run_ends, len(text))
    firsts = run_starts + ((codes[run_starts] == 32) & (run_starts > 0))
    keep = firsts < run_ends
    out = []
    for start, end in zip(firsts[keep].tolist(), run_ends[keep].tolist()):
        out.append(start)
        offsets = _inner.get(text[start:end])
        if offsets is None:
            offsets = _inner[text[start:end]] = tuple(split(text[start:end]))[1:]
        if offsets:
            out += [start + o for o in offsets]
    return np.array(out, dtype=np.int64)
