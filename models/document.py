"""A loaded document: its pages, their text and their tables."""

from __future__ import annotations

from dataclasses import dataclass, field

FORMATS = ("pdf", "docx", "txt")


@dataclass(frozen=True)
class Table:
    """A table as rows of cell strings (empty cells are "")."""

    rows: tuple[tuple[str, ...], ...]
    page: int = 1

    def __post_init__(self) -> None:
        if self.page < 1:
            raise ValueError(f"table page must be >= 1, got {self.page}")


@dataclass(frozen=True)
class Page:
    """One page of text. For DOCX a page is a stretch between explicit page breaks."""

    number: int
    text: str
    tables: tuple[Table, ...] = ()
    ocr: bool = False  # text came from OCR, not from a text layer

    def __post_init__(self) -> None:
        if self.number < 1:
            raise ValueError(f"page number must be >= 1, got {self.number}")


@dataclass(frozen=True)
class Document:
    """What a loader returns. ``path`` is the display path (``archive.zip!member.pdf``)."""

    path: str
    sha256: str
    format: str
    pages: tuple[Page, ...]
    size: int = 0
    needs_ocr: bool = False
    warnings: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"unknown document format {self.format!r}")
        if len(self.sha256) != 64:
            raise ValueError("sha256 must be 64 hex digits")

    @property
    def text(self) -> str:
        """Full text, pages joined by form feeds (page N starts after N-1 form feeds)."""
        return "\f".join(page.text for page in self.pages)

    @property
    def page_count(self) -> int:
        return len(self.pages)
