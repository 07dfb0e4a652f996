"""Why a file could not be read. ``str(error)`` is one line that names the file and what to do."""

from __future__ import annotations


class ExtractError(Exception):
    """Base class: str(e) is a one-line reason a user can act on."""


class UnsupportedFileType(ExtractError):
    """The content is not a PDF, DOCX, plain text or zip archive."""


class CorruptFile(ExtractError):
    """The file claims a format we read but is damaged (truncated, not UTF-8, no document part)."""


class EncryptedFile(ExtractError):
    """The file needs a password."""


class EmptyFile(ExtractError):
    """The file has no bytes."""


class WrongExtension(ExtractError):
    """The content is X but the name says Y (a text file named .pdf)."""


class UnsafeArchive(ExtractError):
    """A zip or DOCX that could hurt the reader: path traversal, zip or entity bomb, nesting."""


class UnreadableFile(ExtractError):
    """The operating system would not let us read the file (permission denied, missing, a FIFO)."""


def size_phrase(size: int) -> str:
    """Sizes in messages: "52 MB", or "3,000 bytes" under a megabyte."""
    return f"{size / 2**20:,.0f} MB" if size >= 2**20 else f"{size:,} bytes"
