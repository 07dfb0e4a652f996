"""Plain-text files and the text clean-up every loader shares."""

from __future__ import annotations

import re

from extractor.errors import CorruptFile
from models import Page, Table

# Characters PDF text layers and Word files use that the NLP should see as something plainer.
REPLACEMENTS = str.maketrans(
    {
        "\ufffe": "-",  # PDFium's marker for a hyphen it kept ("non\ufffeexclusive")
        "\u00ad": "-",  # soft hyphen drawn as a visible hyphen in PDFs
        "\u2011": "-",  # non-breaking hyphen
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
# str.translate looks up every character of a page: ~5x slower than first looking for any of
# the few it would change (most pages have none).
TRANSLATED = re.compile("[" + "".join(chr(c) for c in REPLACEMENTS) + "]")
# Unicode spaces (NBSP, en/em/thin/hair spaces, ...) become a plain space: spaCy splits on " ".
SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# C0/C1 controls except tab, newline and form feed; zero-width marks; the BOM; unpaired surrogates.
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\uffff\ud800-\udfff]"
)
# A page's own text never holds a form feed: Document.text joins pages with them.
LINE_BREAKS = re.compile("[\r\f\u2028\u2029]")
BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
TRAILING_SPACE = re.compile(r"[ \t]+\n")
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def normalise(text: str) -> str:
    """Unix newlines, plain spaces, no control characters; hyphenation is left as it is."""
    text = LINE_BREAKS.sub("\n", text.replace("\r\n", "\n"))
    if TRANSLATED.search(text):
        text = text.translate(REPLACEMENTS)
    text = SPACES.sub(" ", text)
    text = CONTROL.sub("", text)
    text = TRAILING_SPACE.sub("\n", text + "\n")
    return BLANK_LINES.sub("\n\n", text).strip("\n")


def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is fine), or UTF-16 when it starts with a BOM (Windows "Unicode" text)."""
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise CorruptFile(
                f"{name} is damaged UTF-16 text ({error.reason}): save it as UTF-8"
            ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise CorruptFile(
            f"{name} is not UTF-8 text (byte 0x{byte:02x} at offset {error.start}): "
            "save it as UTF-8"
        ) from None


def load_txt(data: bytes, name: str) -> tuple[Page, ...]:
    """One page, or one page per form feed ("\\f") as printers and pdftotext write them.
    Tables drawn with pipes ("| D1 | Report | May 30, 2025 |") become the page's tables."""
    text = decode(data, name).replace("\r\n", "\n")
    chunks = text.split("\f")
    if len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()  # pdftotext ends every page, the last one too, with a form feed
    pages = []
    for number, chunk in enumerate(chunks, 1):
        page_text = normalise(chunk)
        pages.append(Page(number=number, text=page_text, tables=pipe_tables(page_text, number)))
    return tuple(pages)


# "| cell | cell |" or "cell | cell" rows, and the "+----+----+" or "|----|----|" rules
# between them.
PIPE_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$|^[ \t]*(\S(?:.*?[^ \t|])?[ \t]+\|[ \t]+.*?)[ \t]*$")
RULE_ROW = re.compile(r"^[ \t]*[+|]?[-=:+| ]*[-=][-=:+| ]*$")


def pipe_tables(text: str, page: int) -> tuple[Table, ...]:
    """Tables written with pipes in plain text, as system exports and e-mailed contracts do."""
    tables: list[Table] = []
    rows: list[tuple[str, ...]] = []

    def close() -> None:
        if is_table(rows):
            tables.append(Table(rows=tuple(rows), page=page))
        rows.clear()

    for line in text.split("\n"):
        if RULE_ROW.match(line) and line.strip():
            continue  # a rule inside or around a table neither adds nor ends a row
        row = PIPE_ROW.match(line)
        if row:
            cells = (row.group(1) if row.group(1) is not None else row.group(2)).split("|")
            rows.append(tuple(" ".join(cell.split()) for cell in cells))
        else:
            close()
    close()
    return tuple(tables)


def is_table(rows: list[tuple[str, ...]]) -> bool:
    """At least 2 rows and a row with 2 filled cells: a one-cell box around a clause is not a
    table (its text stays in the page text)."""
    return len(rows) >= 2 and max(sum(bool(cell) for cell in row) for row in rows) >= 2


def to_table(rows: list[list[str | None]], page: int) -> Table | None:
    """Cells as single-line strings; None for a box that is not a table (under 2x2 with text)."""
    cleaned = []
    for row in rows:
        cells = tuple(" ".join(normalise(cell or "").split()) for cell in row)
        if any(cells):
            cleaned.append(cells)
    return Table(rows=tuple(cleaned), page=page) if is_table(cleaned) else None
