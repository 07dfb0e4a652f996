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

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain, compress, pairwise

import numpy as np

# Every code point for which str.isspace() is true (where str.split and spaCy split);
# tests/test_speed_same_answers.py checks the list against Python's.
SPACE_CODES = np.array(
    [9, 10, 11, 12, 13, 28, 29, 30, 31, 32, 133, 160, 5760, *range(8192, 8203), 8232, 8233, 8239,
     8287, 12288], dtype=np.uint32)  # fmt: skip
CACHE_LIMIT = 200_000  # distinct chunks kept (a few tens of MB at most)
Split = Callable[[list[str]], list[tuple[int, ...]]]
_inner: dict[str, tuple[int, ...]] = {}  # chunk -> offsets of its tokens after the first
_AT_START = (0,)
_found: dict[frozenset[str], dict[str, tuple[int, ...]]] = {}  # words -> chunk -> their offsets


@dataclass(frozen=True)
class Tokens:
    """Token start offsets of ``text``, sorted, exactly as spaCy's tokenizer gives them."""

    text: str
    starts: list[int]
    chunks: list[str] = field(default_factory=list)  # text.split()
    chunk_starts: list[int] = field(default_factory=list)  # where each chunk starts

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

    def words_at(self, words: frozenset[str]) -> list[int]:
        """Starts of the tokens whose lower-case text is one of ``words``, in order (none is
        whitespace: each is found in its chunk, once per distinct chunk)."""
        found = _found.setdefault(words, {})
        new = set(self.chunks).difference(found)
        if len(found) + len(new) > CACHE_LIMIT:
            found.clear()
            new = set(self.chunks)
        for chunk in new:
            found[chunk] = _words_in(chunk, words)
        hits = [found[chunk] for chunk in self.chunks]
        return [start + offset for start, offsets in compress(zip(self.chunk_starts, hits), hits)
                for offset in offsets]  # fmt: skip


def _words_in(chunk: str, words: frozenset[str]) -> tuple[int, ...]:
    """Offsets of the tokens of ``chunk`` (a chunk already tokenised) that are ``words``."""
    inner = _inner[chunk]
    if not inner:  # one token, most chunks
        return _AT_START if chunk.lower() in words else ()
    bounds = [0, *inner, len(chunk)]
    return tuple(start for start, end in pairwise(bounds) if chunk[start:end].lower() in words)


def tokenize(text: str, split: Split) -> Tokens:
    """The token starts of ``text``; ``split(chunks)`` gives, for each chunk, the offsets of
    spaCy's tokens in it after the first."""
    if not text:
        return Tokens(text, [])
    chunks = text.split()
    new = set(chunks).difference(_inner)
    if new:
        if len(_inner) + len(new) > CACHE_LIMIT:
            _inner.clear()
            new = set(chunks)
        ordered = sorted(new)
        _inner.update(zip(ordered, split(ordered)))
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
    starts = np.sort(np.concatenate(parts), kind="stable").tolist()
    return Tokens(text, starts, chunks, chunk_starts.tolist())


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
            offsets = _inner[text[start:end]] = split([text[start:end]])[0]
        if offsets:
            out += [start + o for o in offsets]
    return np.array(out, dtype=np.int64)
