"""What a file is, by its content (magic bytes), and what its name says it is."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

FORMAT_BY_EXTENSION = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".text": "txt"}
ARCHIVE_EXTENSIONS = frozenset({".zip"})
SUPPORTED_TYPES = "supported: PDF, DOCX, TXT and .zip archives of them"
# System clutter that is never a contract; skipped quietly inside folders and archives.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "__macosx", "icon\r"})

PDF_MAGIC = b"%PDF-"
PDF_HEADER_WINDOW = 1024  # readers accept junk before the header within the first KB
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OLE_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
WORD_MAIN_PART = "word/document.xml"
BINARY_KINDS = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (OLE_MAGIC, "a legacy Office .doc/.xls/.ppt file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip file"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"%!PS", "a PostScript file"),
)
TEXT_SAMPLE = 64 * 1024
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes that plain text never holds: C0 controls except tab, LF, VT, FF, CR, and ESC (used by
# some printers' text); DEL.
CONTROL_BYTES = bytes([*range(9), *range(14, 27), *range(28, 32), 127])


def extension(name: str) -> str:
    """ ".pdf" for "a.zip!docs/Contract.PDF": the suffix of the last path component, lowercased."""
    return PurePosixPath(name.rsplit("!", 1)[-1].replace("\\", "/")).suffix.lower()


def is_hidden(name: str) -> bool:
    """Dot files, Office lock files (~$x.docx) and OS clutter such as Thumbs.db."""
    return name.startswith((".", "~$")) or name.lower() in SYSTEM_FILES


def sniff_format(data: bytes, name: str) -> str | None:
    """ "pdf", "docx", "txt" or "zip" by content; None for empty or unknown binary content.

    ``name`` only tips the balance for text with a few control bytes when it ends in .txt.
    """
    if not data:
        return None
    if PDF_MAGIC in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(ZIP_MAGICS):
        return "docx" if WORD_MAIN_PART in zip_names(data) else "zip"
    if any(data.startswith(magic) for magic, _ in BINARY_KINDS):
        return None
    return "txt" if looks_like_text(data[:TEXT_SAMPLE], name) else None


def zip_names(data: bytes) -> set[str]:
    """Member names, or an empty set when the zip is too damaged to list."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return set()


def looks_like_text(sample: bytes, name: str) -> bool:
    """No NUL bytes and (almost) no control bytes; non-UTF-8 text counts too, so the text
    loader can say which byte is wrong instead of calling the file unsupported."""
    if sample.startswith(UTF16_BOMS):
        return True
    if b"\x00" in sample:
        return False
    controls = len(sample) - len(sample.translate(None, CONTROL_BYTES))
    share = 0.05 if extension(name) in (".txt", ".text") else 0.01
    return controls <= share * len(sample)


def describe(data: bytes) -> str:
    """A few words on what an unsupported file seems to be, for error messages."""
    if is_encrypted_office(data):
        return "a password-protected Office file"
    for magic, kind in BINARY_KINDS:
        if data.startswith(magic):
            return kind
    if data.startswith(ZIP_MAGICS):
        return "a zip archive that is not a Word document"
    return "binary data of an unknown type"


def is_encrypted_office(data: bytes) -> bool:
    """Word saves a password-protected .docx as an OLE file holding an EncryptedPackage stream."""
    return data.startswith(OLE_MAGIC) and OLE_ENCRYPTED_PACKAGE in data
