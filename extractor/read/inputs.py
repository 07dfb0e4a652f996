"""Walk the command line's inputs: files, folders (recursively) and zip archives (nested too).

``iter_inputs`` yields an InputItem for each document to load and an InputProblem for each
thing it will not load, in a deterministic order (arguments as given, folder and archive
entries sorted by name). Archives are read in memory, never extracted to disk, and guarded
against path traversal, zip bombs and deep nesting by ArchiveLimits.

Names are made fit to show and store (``readable_name``): bytes that are not UTF-8 (a file name
from an old system, a zip written in a DOS code page) and control characters never reach the
terminal or the store as they are. A zip with two members of the same name reads both, the
second shown as ``name (2).pdf``; a member that is a symbolic link is not read.
"""

from __future__ import annotations

import io
import os
import stat
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from extractor.errors import CorruptFile, ExtractError, UnsafeArchive, size_phrase
from extractor.read.sniff import (
    ARCHIVE_EXTENSIONS,
    FORMAT_BY_EXTENSION,
    PDF_MAGIC,
    SUPPORTED_TYPES,
    WORD_MAIN_PART,
    ZIP_MAGICS,
    describe,
    extension,
    is_hidden,
    sniff_format,
)
from models import Document

MB = 1024 * 1024
RATIO_MIN_BYTES = 1 * MB  # a small member may compress 100:1 (blank lines); a bomb cannot be small
READ_CHUNK = 1 * MB
HEAD_BYTES = 64 * 1024  # enough to tell PDF, zip and text apart
MAX_FOLDER_DEPTH = 100
UTF8_NAMES = 0x800  # zip general purpose flag bit 11: member names are UTF-8
# Bidirectional overrides disguise a name: "invoice\u202efdp.exe" shows as "invoiceexe.pdf".
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class ArchiveLimits:
    """How much of a zip archive we are willing to unpack."""

    max_depth: int = 3  # archives in a chain: a.zip!b.zip!c.zip is 3
    max_ratio: float = 100.0  # unpacked / packed size of one member over 1 MB
    max_member_bytes: int = 200 * MB
    # Per top-level archive, nested archives included: bounds the time a bomb of many members
    # can cost (memory is bounded per member). A real archive of PDFs compresses ~1:1.
    max_total_bytes: int = 16 * 1024 * MB
    max_members: int = 100_000

    def __post_init__(self) -> None:
        for name in ("max_depth", "max_member_bytes", "max_total_bytes", "max_members"):
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"ArchiveLimits.{name} must be a positive integer, got {value!r}")
        if not self.max_ratio >= 1:
            raise ValueError(f"ArchiveLimits.max_ratio must be >= 1, got {self.max_ratio!r}")


@dataclass(frozen=True)
class InputItem:
    """A document to load: a file on disk (``path``) or an archive member's bytes (``data``)."""

    display_path: str
    path: Path | None
    data: bytes | None = field(default=None, repr=False)
    explicit: bool = False  # named on the command line

    def __post_init__(self) -> None:
        if (self.path is None) == (self.data is None):
            raise ValueError("InputItem needs exactly one of path and data")

    def load(self) -> Document:
        """load_document for this item; raises an ExtractError subclass when it cannot."""
        from extractor.read.load import load_document  # the PDF reader: only when reading

        source = self.path if self.path is not None else self.display_path
        return load_document(source, display_path=self.display_path, data=self.data)


@dataclass(frozen=True)
class InputProblem:
    """Something not loaded. ``reason`` is a full sentence naming the input.

    skipped=True: a type we do not read, met inside a folder or archive (not a failure).
    """

    display_path: str
    reason: str
    skipped: bool = False


Found = Iterator[InputItem | InputProblem]


def iter_inputs(paths: Iterable[str | Path], *, limits: ArchiveLimits = ArchiveLimits()) -> Found:
    """Documents to load from files, folders and zip archives, and problems met on the way."""
    walker = Walker(limits)
    for path in paths:
        yield from walker.argument(Path(path), str(path))


@dataclass
class Budget:
    """Bytes still allowed to be unpacked from one top-level archive."""

    remaining: int


class Walker:
    """Remembers what was visited, so symlink loops end and no file is read twice."""

    def __init__(self, limits: ArchiveLimits) -> None:
        self.limits = limits
        self.seen: set[tuple[int, int]] = set()  # (device, inode) of folders and files

    def argument(self, path: Path, display: str) -> Found:
        display = readable_name(display)
        try:
            info = path.stat()
        except FileNotFoundError:
            what = "is a broken symbolic link" if path.is_symlink() else "does not exist"
            yield InputProblem(display, f"{display} {what}")
            return
        except OSError as error:
            yield InputProblem(display, os_reason(display, error))
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self.folder(path, display, info, depth=1)
        elif stat.S_ISREG(info.st_mode):
            yield from self.file(path, display, info, explicit=True)
        else:
            yield InputProblem(display, f"{display} is not a regular file (a pipe or device?)")

    def first_visit(self, info: os.stat_result) -> bool:
        key = (info.st_dev, info.st_ino)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def folder(self, path: Path, display: str, info: os.stat_result, depth: int) -> Found:
        if not self.first_visit(info):
            yield InputProblem(
                display, f"{display} was already read (listed twice, or a symbolic link loop)", True
            )
            return
        if depth > MAX_FOLDER_DEPTH:
            yield InputProblem(display, f"{display} is nested over {MAX_FOLDER_DEPTH} folders deep")
            return
        try:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            yield InputProblem(display, os_reason(display, error))
            return
        for entry in entries:
            yield from self.entry(entry, os.path.join(display, readable_name(entry.name)), depth)

    def entry(self, entry: os.DirEntry, display: str, depth: int) -> Found:
        if is_hidden(entry.name):
            yield InputProblem(display, f"{display} is a hidden or system file: skipped", True)
            return
        try:
            info = entry.stat()  # follows symbolic links
        except FileNotFoundError:
            yield InputProblem(display, f"{display} is a broken symbolic link")
            return
        except OSError as error:
            yield InputProblem(display, os_reason(display, error))
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self.folder(Path(entry.path), display, info, depth + 1)
        elif stat.S_ISREG(info.st_mode):
            yield from self.file(Path(entry.path), display, info, explicit=False)
        else:
            yield InputProblem(display, f"{display} is not a regular file: skipped", True)

    def file(self, path: Path, display: str, info: os.stat_result, *, explicit: bool) -> Found:
        if not self.first_visit(info):
            yield InputProblem(display, f"{display} was already read (same file): skipped", True)
            return
        ext = extension(path.name)
        if ext in ARCHIVE_EXTENSIONS:
            yield from self.archive_file(path, display)
        elif ext in FORMAT_BY_EXTENSION:
            yield InputItem(display, path, None, explicit)
        else:
            yield from self.by_content(path, display, ext, explicit)

    def by_content(self, path: Path, display: str, ext: str, explicit: bool) -> Found:
        """A name we do not know: PDF and Word content is read whatever the name (load_document
        warns); text without an extension only when named on the command line."""
        try:
            with path.open("rb") as stream:
                head = stream.read(HEAD_BYTES)
        except OSError as error:
            yield InputProblem(display, os_reason(display, error))
            return
        content = sniff_format(head, path.name)
        if content == "zip" or head.startswith(ZIP_MAGICS):
            content = "docx" if WORD_MAIN_PART in zip_names_on_disk(path) else "zip"
        if content in ("pdf", "docx") or (explicit and not ext and content == "txt"):
            yield InputItem(display, path, None, explicit)
        elif explicit and not ext and content == "zip":
            yield from self.archive_file(path, display)
        elif explicit:
            yield InputProblem(display, unsupported_reason(display, ext, content, head))
        else:
            shown = ext or "no extension"
            yield InputProblem(
                display, f"{display} is not a contract file type ({shown}): skipped", True
            )

    def archive_file(self, path: Path, display: str) -> Found:
        try:
            archive = zipfile.ZipFile(path)
        except UnicodeDecodeError:
            yield InputProblem(display, names_not_utf8(display))
            return
        except (zipfile.BadZipFile, ValueError) as error:
            yield InputProblem(display, f"{display} is not a readable zip archive ({error})")
            return
        except OSError as error:
            yield InputProblem(display, os_reason(display, error))
            return
        with archive:
            yield from self.archive(archive, display, 1, Budget(self.limits.max_total_bytes))

    def archive(self, archive: zipfile.ZipFile, display: str, depth: int, budget: Budget) -> Found:
        infos = archive.infolist()
        try:
            check_archive(infos, display, self.limits, budget)
        except UnsafeArchive as error:
            yield InputProblem(display, str(error))
            return
        names: Counter[str] = Counter()
        for info in sorted(infos, key=lambda i: i.filename):
            if info.is_dir():
                continue
            name = member_name(info)
            names[name] += 1
            if names[name] > 1:  # the same name twice: both are read, the second renamed
                name = numbered(name, names[name], names)
            yield from self.member(archive, info, f"{display}!{name}", depth, budget)

    def member(
        self,
        archive: zipfile.ZipFile,
        info: zipfile.ZipInfo,
        display: str,
        depth: int,
        budget: Budget,
    ) -> Found:
        try:
            check_member(info, display, self.limits)
        except ExtractError as error:
            yield InputProblem(display, str(error))
            return
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if any(is_hidden(part) for part in parts):
            yield InputProblem(display, f"{display} is a hidden or system file: skipped", True)
            return
        ext = extension(parts[-1])
        nested = ext in ARCHIVE_EXTENSIONS
        if nested and depth + 1 > self.limits.max_depth:
            limit = self.limits.max_depth
            yield InputProblem(
                display,
                f"{display}: archives nested more than {limit} deep are not read "
                f"(limit max_depth={limit}): unpack it and ingest its files",
            )
            return
        if not nested and ext not in FORMAT_BY_EXTENSION and ext:
            yield InputProblem(
                display, f"{display} is not a contract file type ({ext}): skipped", True
            )
            return
        try:
            data = read_member(archive, info, display, self.limits, budget)
        except ExtractError as error:
            yield InputProblem(display, str(error))
            return
        if nested:
            yield from self.nested(data, display, depth + 1, budget)
        elif ext or data.startswith((PDF_MAGIC, *ZIP_MAGICS)):
            yield InputItem(display, None, data, explicit=False)
        else:
            yield InputProblem(
                display, f"{display} is not a contract file type (no extension): skipped", True
            )

    def nested(self, data: bytes, display: str, depth: int, budget: Budget) -> Found:
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except UnicodeDecodeError:
            yield InputProblem(display, names_not_utf8(display))
            return
        except (zipfile.BadZipFile, ValueError) as error:
            yield InputProblem(display, f"{display} is not a readable zip archive ({error})")
            return
        with archive:
            yield from self.archive(archive, display, depth, budget)


def check_archive(
    infos: list[zipfile.ZipInfo], display: str, limits: ArchiveLimits, budget: Budget
) -> None:
    """Refuse the whole archive on its declared sizes, before reading anything."""
    if len(infos) > limits.max_members:
        raise UnsafeArchive(
            f"{display} has {len(infos)} members (limit {limits.max_members}): refusing it"
        )
    declared = sum(info.file_size for info in infos)
    if declared > budget.remaining:
        raise UnsafeArchive(
            f"{display} would unpack to {size_phrase(declared)} "
            f"(limit {size_phrase(limits.max_total_bytes)} per archive): "
            "refusing a possible zip bomb"
        )


def check_member(info: zipfile.ZipInfo, display: str, limits: ArchiveLimits) -> None:
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":") or ".." in name.split("/"):
        raise UnsafeArchive(
            f"{display}: unsafe path in the archive (absolute or with '..'): member not read"
        )
    if stat.S_ISLNK(info.external_attr >> 16):
        raise UnsafeArchive(
            f"{display} is a symbolic link inside the archive: not followed, not read"
        )
    if info.flag_bits & 0x1:
        raise CorruptFile(
            f"{display} is encrypted in the zip: unzip it with its password and ingest the file"
        )
    if info.file_size > limits.max_member_bytes:
        raise UnsafeArchive(
            f"{display} would unpack to {size_phrase(info.file_size)} "
            f"(limit {size_phrase(limits.max_member_bytes)} per member): member not read"
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_MIN_BYTES and ratio > limits.max_ratio:
        raise UnsafeArchive(
            f"{display} is compressed {ratio:.0f}:1 (limit {limits.max_ratio:.0f}:1): "
            "refusing a possible zip bomb"
        )


def read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    display: str,
    limits: ArchiveLimits,
    budget: Budget,
) -> bytes:
    """The member's bytes, counting what is actually unpacked: declared sizes can lie."""
    cap = min(limits.max_member_bytes, budget.remaining)
    chunks, total = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(READ_CHUNK):
                total += len(chunk)
                if total > cap:
                    raise UnsafeArchive(
                        f"{display} unpacks to more than {size_phrase(cap)}: "
                        "refusing a possible zip bomb"
                    )
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise CorruptFile(f"{display} is damaged in the zip ({error})") from None
    except NotImplementedError as error:
        raise CorruptFile(f"{display} uses a compression method we cannot read ({error})") from None
    budget.remaining -= total
    return b"".join(chunks)


def readable_name(name: str) -> str:
    """``name`` fit to show and store: bytes that were not UTF-8 (Python keeps them as surrogate
    escapes, which SQLite and terminals refuse) become U+FFFD, control characters and
    bidirectional overrides become "?"."""
    if any("\ud800" <= ch <= "\udfff" for ch in name):
        name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(
        "?" if ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs") else ch
        for ch in name
    )


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name for display. Without the UTF-8 flag zipfile decodes names as DOS
    code page 437; many tools (macOS, old 7-Zip) wrote UTF-8 without setting the flag, so bytes
    that are valid UTF-8 are read as UTF-8, anything else stays as code page 437 decoded it."""
    name = info.filename
    if not info.flag_bits & UTF8_NAMES:
        try:
            name = name.encode("cp437").decode("utf-8")
        except UnicodeError:
            pass
    return readable_name(name)


def numbered(name: str, count: int, taken: Counter[str]) -> str:
    """ "deal/contract (2).pdf": the extension stays last, so the type is still known."""
    stem, dot, ext = name.rpartition(".")
    if not dot or "/" in ext:
        stem, dot, ext = name, "", ""
    candidate = f"{stem} ({count}){dot}{ext}"
    while candidate in taken:
        count += 1
        candidate = f"{stem} ({count}){dot}{ext}"
    taken[candidate] += 1
    return candidate


def names_not_utf8(display: str) -> str:
    return (
        f"{display} is a damaged zip archive: its member names are marked UTF-8 but are not; "
        "re-create the archive (7-Zip, or `zip -r`)"
    )


def unsupported_reason(display: str, ext: str, content: str | None, head: bytes) -> str:
    if content == "txt":
        return f"{display}: unsupported file type {ext} (plain text): rename it to .txt to read it"
    shown = ext or "without an extension"
    return f"{display}: unsupported file type {shown} ({describe(head)}); {SUPPORTED_TYPES}"


def zip_names_on_disk(path: Path) -> set[str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return set()


def os_reason(display: str, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return f"{display}: permission denied"
    return f"{display} could not be read: {error.strerror or error}"
