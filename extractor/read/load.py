"""load_document: any supported file (by content, not by name) -> models.Document.

The content decides how a file is read. When the name disagrees:
- a PDF or DOCX under another name (report.docx holding a PDF) is read by its content and the
  Document carries a warning: the bytes are unambiguous and the contract is still there;
- plain text named .pdf or .docx raises WrongExtension: that is usually a failed download or a
  saved web page, not a contract, and reading it as text would hide the problem;
- a zip that is not a Word document named .docx raises CorruptFile.
"""

from __future__ import annotations

import hashlib
import logging
import stat
from pathlib import Path

from extractor.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    UnreadableFile,
    UnsupportedFileType,
    WrongExtension,
)
from extractor.read.ocr import ENGINES as OCR_ENGINES
from extractor.read.pdf import load_pdf
from extractor.read.sniff import (
    FORMAT_BY_EXTENSION,
    SUPPORTED_TYPES,
    WORD_MAIN_PART,
    describe,
    extension,
    is_encrypted_office,
    sniff_format,
)
from extractor.read.text import load_txt
from extractor.read.word import load_docx
from models import Document

__all__ = ["load_document", "read_bytes", "sniff_format"]

log = logging.getLogger(__name__)
CONTENT_NAMES = {
    "pdf": "a PDF",
    "docx": "a Word document",
    "txt": "plain text",
    "zip": "a zip archive",
}


OCR_MODES = ("auto", "always", "never")


def load_document(
    path: str | Path,
    *,
    display_path: str | None = None,
    data: bytes | None = None,
    ocr: str = "auto",
    ocr_engine: str = "auto",
) -> Document:
    """Read a PDF, DOCX or UTF-8 text file. ``data`` (bytes of an archive member) spares the
    disk read; ``display_path`` (``archive.zip!member.pdf``) names the file in the Document
    and in every message. ``ocr``: auto (pages without a usable text layer), always, never;
    ``ocr_engine``: auto (rapidocr, else tesseract), rapidocr, tesseract.
    Raises an ExtractError subclass when the file cannot be read."""
    if ocr not in OCR_MODES:
        raise ValueError(f"ocr must be one of {OCR_MODES}, got {ocr!r}")
    if ocr_engine not in OCR_ENGINES:
        raise ValueError(f"ocr_engine must be one of {OCR_ENGINES}, got {ocr_engine!r}")
    name = display_path or str(path)
    if data is None:
        data = read_bytes(Path(path), name)
    if not data:
        raise EmptyFile(f"{name} is empty (0 bytes): export or download it again")
    fmt, warnings = resolve_format(data, name)
    needs_ocr = False
    if fmt == "pdf":
        pages, needs_ocr, more = load_pdf(data, name, ocr, ocr_engine=ocr_engine)
    elif fmt == "docx":
        pages, more = load_docx(data, name)
    else:
        pages = load_txt(data, name)
        more = [] if any(page.text.strip() for page in pages) else ["no text found"]
    for warning in (*warnings, *more):
        log.warning("%s: %s", name, warning)
    return Document(
        path=name,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        pages=pages,
        size=len(data),
        needs_ocr=needs_ocr,
        warnings=tuple(warnings + more),
    )


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes, or UnreadableFile saying why not (permissions, missing, not a file)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableFile(f"{name} is a folder: pass it as an input to read the files in it")
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(
                f"{name} is not a regular file (a pipe or device?): copy it to a file"
            )
        return path.read_bytes()
    except PermissionError:
        raise UnreadableFile(
            f"{name}: permission denied: make the file readable (chmod +r)"
        ) from None
    except FileNotFoundError:
        raise UnreadableFile(f"{name}: no such file") from None
    except OSError as error:
        raise UnreadableFile(f"{name} could not be read: {error.strerror or error}") from None


def resolve_format(data: bytes, name: str) -> tuple[str, list[str]]:
    """The format to read the file as, and a warning when its name says otherwise."""
    ext = extension(name)
    named = FORMAT_BY_EXTENSION.get(ext)
    content = sniff_format(data, name)
    if content in ("pdf", "docx"):
        if ext and named != content:
            kind = CONTENT_NAMES[content]
            return content, [f"named {ext} but contains {kind}: read it as {content.upper()}"]
        return content, []
    if content == "txt":
        if named in ("pdf", "docx"):
            raise WrongExtension(f"{name} is named {ext} but contains plain text")
        return "txt", []
    if content == "zip":
        raise zip_error(name, ext)
    raise unknown_error(data, name, ext)


def zip_error(name: str, ext: str) -> Exception:
    if ext == ".docx":
        return CorruptFile(f"{name} is not a Word document: the zip has no {WORD_MAIN_PART}")
    if ext == ".zip":
        return UnsupportedFileType(
            f"{name} is a zip archive: pass it as an input to read its files"
        )
    if ext in FORMAT_BY_EXTENSION:
        return WrongExtension(f"{name} is named {ext} but contains a zip archive")
    return UnsupportedFileType(
        f"{name}: unsupported file type (a zip archive that is not a Word document); "
        f"{SUPPORTED_TYPES}"
    )


def unknown_error(data: bytes, name: str, ext: str) -> Exception:
    if ext == ".docx" and is_encrypted_office(data):
        return EncryptedFile(
            f"{name} is password-protected: open it in Word, remove the password "
            "(File > Info > Protect Document) and save it again"
        )
    if ext == ".pdf":
        return CorruptFile(f"{name} is not a PDF: it has no %PDF- header (damaged, or not a PDF)")
    if ext == ".docx":
        return CorruptFile(f"{name} is not a Word document: it is {describe(data)}, not a zip")
    return UnsupportedFileType(
        f"{name}: unsupported file type ({describe(data)}); {SUPPORTED_TYPES}"
    )
