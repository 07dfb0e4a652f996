"""The original documents behind the evidence.

The store keeps each document's text (one page per form feed), not its bytes. A quote links to
that stored page, which is always there; the original file is served too when it is still at
the path it was read from (relative paths are tried from the current folder, then from the
store's folder; ``a.zip!member.pdf`` is read from the archive) and its SHA-256 is still the one
stored, so the page a person opens is the page the value was read from.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
}


def _candidates(path: str, config: dict) -> list[Path]:
    given = Path(path)
    if given.is_absolute():
        return [given]
    found = [Path.cwd() / given]
    store = config.get("store")
    if store:
        found.append(Path(store).parent / given)
    return found


def _split_member(path: str) -> tuple[str, str | None]:
    if "!" in path:
        outer, member = path.split("!", 1)
        if outer.lower().endswith(".zip"):
            return outer, member
    return path, None


def locate(path: str, size: int | None, config: dict) -> dict | None:
    """Where the original is (cheap: path and size; the hash is checked when it is served)."""
    outer, member = _split_member(path)
    if member is not None and "!" in member:
        return None  # nested archives: only the stored text
    for candidate in _candidates(outer, config):
        if not candidate.is_file():
            continue
        if member is None and size and candidate.stat().st_size != size:
            continue
        return {"path": str(candidate), "member": member}
    return None


def read_original(doc: dict, config: dict) -> bytes | str:
    """The original's bytes, or why they cannot be served."""
    where = locate(doc["path"], doc["size"], config)
    if where is None:
        return (f"{doc['path']} is no longer where it was read from: the stored text of each "
                "page is still shown on the contract page")  # fmt: skip
    try:
        if where["member"] is None:
            data = Path(where["path"]).read_bytes()
        else:
            with zipfile.ZipFile(where["path"]) as archive:
                data = archive.read(where["member"])
    except (OSError, KeyError, zipfile.BadZipFile) as e:
        return f"{doc['path']} cannot be read: {e}"
    if hashlib.sha256(data).hexdigest() != doc["sha256"]:
        return (f"{doc['path']} has changed since it was read (its SHA-256 differs): "
                "re-ingest it to see the new version")  # fmt: skip
    return data


def highlight(text: str, quote: str) -> list[tuple[str, bool]]:
    """The page text cut around the quote: (part, is_quote) pairs, escaped by the template.

    The quote is found ignoring runs of whitespace (the stored sentence is one line, the page
    keeps its line breaks)."""
    words = quote.split()
    if not words:
        return [(text, False)]
    flat, index = [], []  # the text with single spaces, and each flat char's position in text
    previous_space = False
    for position, char in enumerate(text):
        space = char.isspace()
        if space and previous_space:
            continue
        flat.append(" " if space else char)
        index.append(position)
        previous_space = space
    start = "".join(flat).lower().find(" ".join(words).lower())
    if start < 0:
        return [(text, False)]
    end = index[start + len(" ".join(words)) - 1] + 1
    begin = index[start]
    return [(text[:begin], False), (text[begin:end], True), (text[end:], False)]
