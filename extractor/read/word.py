"""DOCX: body paragraphs and tables in reading order, headers and footers once, explicit pages.

We read the package with zipfile and lxml instead of python-docx: we only need four kinds of
part, python-docx would load every part (images too) into memory, and owning the parser lets
us refuse DTDs and cap part sizes before anything is parsed.

A "page" is the text between explicit page breaks (``<w:br w:type="page"/>``, "page break
before" paragraphs) and new-page section breaks. ``w:lastRenderedPageBreak`` is ignored: it
is where some program last laid the page out, not part of the document.
"""

from __future__ import annotations

import io
import itertools
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from extractor.errors import CorruptFile, UnsafeArchive, size_phrase
from extractor.read.sniff import WORD_MAIN_PART
from extractor.read.text import is_table, normalise
from extractor.read.word_numbering import Numbering, attr, w
from models import Page, Table

MAX_PART_BYTES = 64 * 1024 * 1024  # one XML part, unpacked; real contracts stay under 5 MB
DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS_PART = "word/_rels/document.xml.rels"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

P, TBL, TR, TC, T = w("p"), w("tbl"), w("tr"), w("tc"), w("t")
WRAPPERS = {w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")}  # content controls etc.
SKIPPED = {w("pPr"), w("rPr"), w("del"), w("moveFrom"), w("sdtPr"), w("tcPr"), MC_FALLBACK}
NEW_PAGE_SECTIONS = {"nextPage", "oddPage", "evenPage"}
PAGE = object()  # marks a page break inside a paragraph's pieces
SPACES = re.compile(r"\s+")


@dataclass
class Pager:
    """Collects lines and tables into pages as the body is walked."""

    lines: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    @property
    def number(self) -> int:
        return len(self.pages) + 1

    def add(self, text: str) -> None:
        self.lines.append(text)

    def break_page(self) -> None:
        text = normalise("\n".join(self.lines))
        self.pages.append(Page(number=self.number, text=text, tables=tuple(self.tables)))
        self.lines, self.tables = [], []

    def has_content(self) -> bool:
        return any(line.strip() for line in self.lines) or bool(self.tables)

    def finish(self) -> tuple[Page, ...]:
        if self.has_content() or not self.pages:
            self.break_page()
        return tuple(self.pages)


def load_docx(data: bytes, name: str) -> tuple[tuple[Page, ...], list[str]]:
    """(pages, warnings) for a DOCX held in ``data``."""
    with open_package(data, name) as package:
        body = read_part(package, WORD_MAIN_PART, name).find(w("body"))
        if body is None:
            raise CorruptFile(f"{name} is damaged: word/document.xml has no body")
        rels = Relationships.read(package, name)
        numbering = Numbering.parse(
            optional_part(package, rels.by_type.get("numbering"), name),
            optional_part(package, rels.by_type.get("styles"), name),
        )
        headers = header_footer_text(package, body, rels, "headerReference", name)
        footers = header_footer_text(package, body, rels, "footerReference", name)
    pager = Pager(lines=list(headers))
    walk_body(body, pager, numbering)
    pager.lines.extend(footers)
    pages = pager.finish()
    warnings = [] if any(page.text.strip() for page in pages) else ["no text found"]
    return pages, warnings


def open_package(data: bytes, name: str) -> zipfile.ZipFile:
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise CorruptFile(f"{name} is damaged ({error}): is it a truncated download?") from None
    if WORD_MAIN_PART not in package.namelist():
        package.close()
        raise CorruptFile(f"{name} is not a Word document: the zip has no {WORD_MAIN_PART}")
    return package  # only the few XML parts we parse are unpacked, each one size-capped


def read_part(package: zipfile.ZipFile, member: str, name: str) -> etree._Element:
    """Parse one XML part: size-capped, DTDs refused (no entity bombs, no external entities)."""
    info = package.getinfo(member)
    limit = size_phrase(MAX_PART_BYTES)
    if info.file_size > MAX_PART_BYTES:
        raise UnsafeArchive(
            f"{name}: {member} would unpack to {size_phrase(info.file_size)} (limit {limit}): "
            "refusing a possible zip bomb"
        )
    try:
        with package.open(info) as stream:
            raw = stream.read(MAX_PART_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as error:
        raise CorruptFile(f"{name} is damaged: {member} cannot be unpacked ({error})") from None
    if len(raw) > MAX_PART_BYTES:
        raise UnsafeArchive(f"{name}: {member} unpacks to over {limit}: refusing a zip bomb")
    if any(marker in raw for marker in DTD_MARKERS):
        raise UnsafeArchive(dtd_message(name, member))
    try:
        # A parser per call: lxml parsers must not be shared between threads.
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
        )
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as error:
        raise CorruptFile(f"{name} is damaged: {member} is not well-formed XML ({error})") from None
    if root.getroottree().docinfo.internalDTD is not None:  # e.g. a UTF-16 part hid the marker
        raise UnsafeArchive(dtd_message(name, member))
    return root


def dtd_message(name: str, member: str) -> str:
    return (
        f"{name}: {member} declares a DTD or XML entities, which Word never writes: "
        "refusing a possible entity bomb (open and re-save it in Word)"
    )


def optional_part(package: zipfile.ZipFile, member: str | None, name: str) -> etree._Element | None:
    if member is None or member not in package.namelist():
        return None
    return read_part(package, member, name)


@dataclass(frozen=True)
class Relationships:
    """Where word/document.xml's related parts live in the zip."""

    by_id: dict[str, str]  # "rId9" -> "word/header1.xml"
    by_type: dict[str, str]  # "numbering" -> "word/numbering.xml" (the first of each type)

    @classmethod
    def read(cls, package: zipfile.ZipFile, name: str) -> Relationships:
        by_id: dict[str, str] = {}
        by_type: dict[str, str] = {}
        if RELS_PART not in package.namelist():
            return cls(by_id, by_type)
        for rel in read_part(package, RELS_PART, name).iter(f"{{{PKG_REL_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            part = target[1:] if target.startswith("/") else posixpath.join("word", target)
            by_id[rel.get("Id", "")] = posixpath.normpath(part)
            by_type.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], posixpath.normpath(part))
        return cls(by_id, by_type)


def header_footer_text(
    package: zipfile.ZipFile, body: etree._Element, rels: Relationships, kind: str, name: str
) -> list[str]:
    """Each distinct header (or footer) text once, in the order the sections refer to them."""
    part_names = [rels.by_id.get(ref.get(f"{{{REL_NS}}}id", "")) for ref in body.iter(w(kind))]
    texts: list[str] = []
    for part_name in dict.fromkeys(part_names):  # sections often share one header
        part = optional_part(package, part_name, name)
        if part is None:
            continue
        pager = Pager()
        walk_body(part, pager, Numbering())
        text = normalise("\n".join(page.text for page in pager.finish()))
        if text and text not in texts:
            texts.append(text)
    return texts


def blocks(container: etree._Element):
    """Paragraphs and tables directly in ``container``, looking through content controls."""
    for child in container:
        if child.tag in (P, TBL):
            yield child
        elif child.tag in WRAPPERS:
            yield from blocks(child)


def walk_body(body: etree._Element, pager: Pager, numbering: Numbering) -> None:
    breaks_after = section_breaks(body)
    for block in blocks(body):
        if block.tag == TBL:
            add_table(block, pager)
            continue
        if page_break_before(block) and pager.has_content():
            pager.break_page()
        label = numbering.label(block)
        pieces = paragraph_pieces(block)
        if label:
            pieces.insert(0, label + " ")
        line: list[str] = []
        for piece in pieces:
            if piece is PAGE:
                pager.add("".join(line))
                pager.break_page()
                line = []
            else:
                line.append(piece)
        pager.add("".join(line))
        if block in breaks_after:
            pager.break_page()


def section_breaks(body: etree._Element) -> set[etree._Element]:
    """Paragraphs that end a section when the next section starts on a new page.

    A section's sectPr sits in its last paragraph (the body's own sectPr is the last section's)
    and its w:type says how *that* section starts; no w:type means a new page.
    """
    sections = [s for s in body.iter(w("sectPr")) if s.getparent() is body or in_paragraph(s)]
    ends = set()
    for current, following in itertools.pairwise(sections):
        if current.getparent() is not body and section_type(following) in NEW_PAGE_SECTIONS:
            ends.add(current.getparent().getparent())
    return ends


def in_paragraph(sect_pr: etree._Element) -> bool:
    """True for a paragraph's own sectPr (not one kept in a tracked-change record)."""
    parent = sect_pr.getparent()
    return parent.tag == w("pPr") and parent.getparent().tag == P


def section_type(sect_pr: etree._Element) -> str:
    return attr(sect_pr.find(w("type"))) or "nextPage"


def page_break_before(paragraph: etree._Element) -> bool:
    flag = paragraph.find(f"{w('pPr')}/{w('pageBreakBefore')}")
    return flag is not None and attr(flag) not in ("0", "false", "off")


def paragraph_pieces(element: etree._Element, pieces: list | None = None) -> list:
    """Text pieces of a paragraph in order, with PAGE where an explicit page break sits."""
    pieces = [] if pieces is None else pieces
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIPPED:
            continue  # comments, processing instructions, properties, deleted text
        if tag == T:
            pieces.append(child.text or "")
        elif tag == w("tab"):
            pieces.append("\t")
        elif tag == w("br"):
            pieces.append(PAGE if attr(child, "type") == "page" else "\n")
        elif tag in (w("cr"), P):
            pieces.append("\n")  # a paragraph here lives in a text box inside this one
            if tag == P:
                paragraph_pieces(child, pieces)
        elif tag == w("noBreakHyphen"):
            pieces.append("-")
        else:
            paragraph_pieces(child, pieces)
    return pieces


def add_table(table: etree._Element, pager: Pager) -> None:
    """The table goes in Page.tables and, one row per line, into the page text for the NLP."""
    rows = [row for row in table_rows(table) if any(row)]
    if is_table(rows):
        pager.tables.append(Table(rows=tuple(rows), page=pager.number))
    pager.lines.extend(" | ".join(cell for cell in row if cell) for row in rows)


def table_rows(table: etree._Element) -> list[tuple[str, ...]]:
    """Rows aligned on the table grid: a merged cell's text appears once, in its first grid
    column and first row; the columns and rows it spans hold ""."""
    rows = []
    for tr in children(table, TR):
        before = int_attr(tr.find(f"{w('trPr')}/{w('gridBefore')}"), 0)
        cells = [""] * before
        for tc in children(tr, TC):
            props = tc.find(w("tcPr"))
            span = int_attr(None if props is None else props.find(w("gridSpan")), 1)
            merge = None if props is None else props.find(w("vMerge"))
            continued = merge is not None and attr(merge) in (None, "continue")
            cells.append("" if continued else cell_text(tc))
            cells.extend([""] * (span - 1))
        rows.append(tuple(cells))
    return rows


def children(element: etree._Element, tag: str):
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            yield from children(child, tag)


def cell_text(cell: etree._Element) -> str:
    parts = []
    for block in blocks(cell):
        if block.tag == TBL:
            parts.extend(" | ".join(c for c in row if c) for row in table_rows(block))
        else:
            parts.append("".join(p for p in paragraph_pieces(block) if p is not PAGE))
    return SPACES.sub(" ", normalise(" ".join(parts))).strip()


def int_attr(element: etree._Element | None, default: int) -> int:
    try:
        value = int(attr(element) or default)
    except ValueError:
        return default
    return min(max(value, 0), 64)  # a hostile gridSpan must not build a million-cell row
