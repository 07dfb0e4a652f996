"""load_document on real crafted files (tests/files, made by tests/make_bad_files.py) and on
the corpus: what a user sees when a file loads, and the message when it does not."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from extractor.errors import (
    CorruptFile,
    EmptyFile,
    EncryptedFile,
    UnreadableFile,
    UnsafeArchive,
    UnsupportedFileType,
    WrongExtension,
)
from extractor.read import pdf, word
from extractor.read.load import load_document, sniff_format
from extractor.read.text import normalise
from models import Table

FILES = Path(__file__).parent / "files"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MILESTONES = (
    ("Milestone", "Due date", "Amount"),
    ("Kick-off", "March 15, 2024", "$10,000"),
    ("Beta delivery", "June 30, 2024", "$25,000"),
    ("Final acceptance", "September 30, 2024", "$15,000"),
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def load(name: str):
    return load_document(FILES / name, display_path=name)


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        ("empty.pdf", EmptyFile, "empty.pdf is empty (0 bytes): export or download it again"),
        (
            "encrypted.pdf",
            EncryptedFile,
            (
                "encrypted.pdf is password-protected: remove the password (e.g. qpdf --decrypt) "
                "and ingest again"
            ),
        ),
        (
            "truncated.pdf",
            CorruptFile,
            (
                "truncated.pdf is not a readable PDF (PDFium: Data format error): it does not end "
                "with %%EOF, so it is probably truncated: download or copy it again"
            ),
        ),
        (
            "not_word.docx",
            CorruptFile,
            "not_word.docx is not a Word document: the zip has no word/document.xml",
        ),
        ("text_named.pdf", WrongExtension, "text_named.pdf is named .pdf but contains plain text"),
        (
            "latin1.txt",
            CorruptFile,
            "latin1.txt is not UTF-8 text (byte 0xe9 at offset 3): save it as UTF-8",
        ),
        (
            "entity_bomb.docx",
            UnsafeArchive,
            (
                "entity_bomb.docx: word/document.xml declares a DTD or XML entities, "
                "which Word never writes: refusing a possible entity bomb "
                "(open and re-save it in Word)"
            ),
        ),
        (
            "nested_ok.zip",
            UnsupportedFileType,
            "nested_ok.zip is a zip archive: pass it as an input to read its files",
        ),
    ],
)
def test_bad_file_message(name, error, message):
    with pytest.raises(error) as caught:
        load(name)
    assert str(caught.value) == message


def test_message_names_the_path_as_given():
    with pytest.raises(EmptyFile, match=r"^.*tests/files/empty\.pdf is empty"):
        load_document(str(FILES / "empty.pdf"))


def test_scanned_pages_are_flagged_and_the_rest_is_read():
    document = load_document(FILES / "scanned.pdf", display_path="scanned.pdf", ocr="never")
    assert document.needs_ocr
    assert document.warnings == ("pages 1-2 have no text layer (scanned?): run OCR",)
    assert [page.text for page in document.pages[:2]] == ["", ""]
    assert document.pages[2].text.startswith("Statement of Work: the Provider delivers")


def test_pdf_without_any_text_is_returned_not_refused():
    document = load_document(FILES / "image_only.pdf", display_path="image_only.pdf", ocr="never")
    assert (document.page_count, document.needs_ocr) == (1, True)
    assert document.warnings == ("page 1 has no text layer (scanned?): run OCR",)


def test_pdf_text_and_ruled_table():
    document = load("table.pdf")
    assert document.format == "pdf" and document.page_count == 2
    assert "\r" not in document.text
    assert document.pages[0].text.startswith("SERVICES AGREEMENT\nThis Services Agreement")
    assert document.pages[0].tables == ()
    assert document.pages[1].tables == (Table(rows=MILESTONES, page=2),)
    assert "Beta delivery June 30, 2024 $25,000" in document.pages[1].text
    assert (document.needs_ocr, document.warnings) == (False, ())


def test_values_typed_into_pdf_form_fields_are_read():
    assert load("form.pdf").text == "ORDER FORM - Total price:\nUSD 12,345.00"


def test_pdfplumber_only_sees_pages_with_rules():
    scans = pdf.scan_pages((FILES / "table.pdf").read_bytes(), "table.pdf")
    assert [scan.ruled for scan in scans] == [False, True]


def test_document_identity_fields():
    data = (FILES / "table.pdf").read_bytes()
    document = load_document("ignored.pdf", display_path="deals.zip!acme/table.pdf", data=data)
    assert document.path == "deals.zip!acme/table.pdf"
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)


def test_docx_pages_tables_header_footer_and_numbering():
    document = load("sample.docx")
    first, second, third = document.pages
    assert first.text.splitlines()[:5] == [
        "ACME CONFIDENTIAL",
        "Services Agreement",
        "This Agreement is made on March 1, 2024 between Acme Corp. and Widget LLC.",
        "1. Client pays each invoice within 30 days.",
        "2. Provider delivers monthly reports.",
    ]
    assert "Kick-off | March 15, 2024 | $10,000" in first.text.splitlines()
    assert "Payment schedule | Total" in first.text.splitlines()
    assert first.tables == (
        Table(rows=MILESTONES, page=1),
        Table(rows=(("Payment schedule", "", "Total"), ("Net 30", "Monthly", "$50,000")), page=1),
    )
    assert first.text.endswith("End of page one.")
    assert second.text == "Start of page two.\nTerm: two years from the Effective Date."
    assert third.text.splitlines() == [
        "Signature page: Acme Corp. by its CEO.",
        "",
        "Same page after a continuous section break.",
        "Services Agreement v2",
    ]
    assert document.text.count("ACME CONFIDENTIAL") == 1
    assert (document.format, document.warnings) == ("docx", ())


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def docx_with_body(body: str) -> bytes:
    """The smallest package the loader reads: word/document.xml alone."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}" '
        f'xmlns:mc="{MC_NS}"><w:body>{body}</w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("word/document.xml", xml)
    return out.getvalue()


def run(text: str) -> str:
    return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"


MERGED_TABLE = (
    "<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr><w:p>"
    f"{run('Phase 1')}</w:p></w:tc><w:tc><w:p>{run('$5')}</w:p></w:tc></w:tr>"
    "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
    f"<w:tc><w:p>{run('$7')}</w:p></w:tc></w:tr></w:tbl>"
)


@pytest.mark.parametrize(
    ("body", "pages"),
    [
        (f"<w:p>{run('Net')}<w:r><w:tab/></w:r>{run('30')}</w:p>", ["Net\t30"]),
        (f"<w:p>{run('a')}<w:r><w:br/></w:r>{run('b')}</w:p>", ["a\nb"]),
        (f"<w:p>{run('one')}<w:r><w:br w:type='page'/></w:r>{run('two')}</w:p>", ["one", "two"]),
        (
            f"<w:p>{run('one')}</w:p><w:p><w:pPr><w:pageBreakBefore/></w:pPr>{run('two')}</w:p>",
            ["one", "two"],
        ),
        (
            f"<w:p><w:r><w:lastRenderedPageBreak/></w:r>{run('kept on one page')}</w:p>",
            ["kept on one page"],
        ),
        (
            (
                f"<w:p>{run('pay ')}<w:del><w:r><w:delText>old </w:delText></w:r></w:del>"
                f"<w:ins>{run('new')}</w:ins></w:p>"
            ),
            ["pay new"],
        ),
        (
            (
                f"<w:p><w:r><w:instrText>PAGE</w:instrText></w:r>{run('non')}"
                f"<w:r><w:noBreakHyphen/></w:r>{run('exclusive')}</w:p>"
            ),
            ["non-exclusive"],
        ),
        (
            (
                "<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>"
                f"<w:p>{run('in a control')}</w:p></w:sdtContent></w:sdt>"
            ),
            ["in a control"],
        ),
        (
            (
                f"<w:p><mc:AlternateContent><mc:Choice>{run('box')}</mc:Choice>"
                f"<mc:Fallback>{run('box')}</mc:Fallback></mc:AlternateContent></w:p>"
            ),
            ["box"],
        ),
        (
            (
                f"<w:p><w:pPr><w:sectPr/></w:pPr>{run('s1')}</w:p><w:p>{run('s2')}</w:p>"
                "<w:sectPr><w:type w:val='continuous'/></w:sectPr>"
            ),
            ["s1\ns2"],
        ),
        (
            f"<w:p><w:pPr><w:sectPr/></w:pPr>{run('s1')}</w:p><w:p>{run('s2')}</w:p><w:sectPr/>",
            ["s1", "s2"],
        ),
        (MERGED_TABLE, ["Phase 1 | $5\n$7"]),
    ],
)
def test_docx_body_text(body, pages):
    document = load_document("t.docx", data=docx_with_body(body))
    assert [page.text for page in document.pages] == pages


def test_docx_vertically_merged_cell_appears_once():
    [table] = load_document("t.docx", data=docx_with_body(MERGED_TABLE)).pages[0].tables
    assert table.rows == (("Phase 1", "$5"), ("", "$7"))


def test_docx_part_size_is_capped(monkeypatch):
    monkeypatch.setattr(word, "MAX_PART_BYTES", 1000)
    with pytest.raises(
        UnsafeArchive,
        match=r"word/document.xml would unpack to [\d,]+ bytes "
        r"\(limit 1,000 bytes\): refusing a possible zip bomb",
    ):
        load("sample.docx")


@pytest.mark.parametrize(
    ("data", "name", "error", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n" + bytes(40),
            "logo.png",
            UnsupportedFileType,
            (
                "logo.png: unsupported file type (a PNG image); "
                "supported: PDF, DOCX, TXT and .zip archives of them"
            ),
        ),
        (
            OLE + bytes(600),
            "old.docx",
            CorruptFile,
            "old.docx is not a Word document: it is a legacy Office .doc/.xls/.ppt file, not a zip",
        ),
        (
            OLE + bytes(100) + "EncryptedPackage".encode("utf-16-le"),
            "locked.docx",
            EncryptedFile,
            (
                "locked.docx is password-protected: open it in Word, remove the password "
                "(File > Info > Protect Document) and save it again"
            ),
        ),
        (
            bytes(range(256)) * 4,
            "blob.pdf",
            CorruptFile,
            "blob.pdf is not a PDF: it has no %PDF- header (damaged, or not a PDF)",
        ),
    ],
)
def test_unsupported_content_message(data, name, error, message):
    with pytest.raises(error) as caught:
        load_document(name, data=data)
    assert str(caught.value) == message


def test_pdf_named_docx_is_read_as_pdf_with_a_warning():
    data = (FILES / "table.pdf").read_bytes()
    document = load_document("contract.docx", data=data)
    assert document.format == "pdf"
    assert document.warnings == ("named .docx but contains a PDF: read it as PDF",)


@pytest.mark.parametrize(
    ("data", "pages"),
    [
        (b"Net 30 days.", ["Net 30 days."]),
        (b"\xef\xbb\xbfWith a BOM\r\nand CRLF", ["With a BOM\nand CRLF"]),
        (b"page one\fpage two\f", ["page one", "page two"]),
        ("Unicode BOM text".encode("utf-16"), ["Unicode BOM text"]),
        (b"caf\xc3\xa9\xc2\xa0fee\x07 due on signing", ["caf\u00e9 fee due on signing"]),
    ],
)
def test_text_pages(data, pages):
    document = load_document("notes.txt", data=data)
    assert [page.text for page in document.pages] == pages


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("non\ufffeexclusive", "non-exclusive"),  # PDFium's hyphen marker
        ("Bojeong\u00adDong", "Bojeong-Dong"),
        ("\ufb01nal de\ufb02ection", "final deflection"),
        ("place\u00a0of\u2003business", "place of business"),
        ("a\x00b\u200bc", "abc"),
        ("co-\nowner", "co-\nowner"),  # hyphenation is kept as it is
        ("page\fbreak", "page\nbreak"),  # form feeds only ever separate pages
        ("a\n\n\n\nb  \n", "a\n\nb"),
    ],
)
def test_normalise(raw, clean):
    assert normalise(raw) == clean


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (b"%PDF-1.7\n", "x.docx", "pdf"),
        (b"\r\n\r\n%PDF-1.4\n", "x.pdf", "pdf"),
        ((FILES / "sample.docx").read_bytes(), "x.bin", "docx"),
        ((FILES / "not_word.docx").read_bytes(), "x.docx", "zip"),
        (b"PK\x03\x04 truncated", "x.docx", "zip"),
        (b"plain words\n", "x.pdf", "txt"),
        (b"caf\xe9", "x.txt", "txt"),  # not UTF-8, but text: the loader says which byte
        (b"\x89PNG\r\n\x1a\n", "x.txt", None),
        (b"{\\rtf1\\ansi Contract}", "x.txt", None),
        (b"abc\x00\x01\x02", "x.txt", None),
        (b"", "x.txt", None),
    ],
)
def test_sniff_format(data, name, expected):
    assert sniff_format(data, name) == expected


@pytest.mark.parametrize(
    ("text", "paths", "image_share", "flags"),
    [
        ("", 0, 0.0, (False, False, False)),  # a blank page is not a scan
        ("", 0, 0.9, (True, False, False)),  # only an image
        ("", 2566, 0.0, (True, False, False)),  # text drawn as outlines (18F award, page 1)
        ("*** ***\n" * 40, 426, 0.0, (False, False, False)),  # a redacted table has a text layer
        ("Exhibit B-1 Source: RITTER PHARMACEUTICALS INC", 1, 0.6, (False, True, False)),
        ("\ue001\ue002\ue003\ue004" * 10 + "ab", 0, 0.0, (False, False, True)),
        # an OCR'd scan: the page image under a full text layer
        ("The Provider shall deliver the software. " * 8, 5, 0.9, (False, False, False)),
    ],
)
def test_page_without_usable_text(text, paths, image_share, flags):
    scan = pdf.PageScan.of_text(text)
    scan.paths, scan.image_share = paths, image_share
    assert (scan.no_text_layer, scan.scanned_image, scan.garbage) == flags


@pytest.mark.parametrize(
    ("numbers", "phrase"),
    [
        ([3], "page 3 has"),
        ([1, 2], "pages 1-2 have"),
        ([1, 2, 5, 7, 8, 9], "pages 1-2, 5, 7-9 have"),
    ],
)
def test_pages_phrase(numbers, phrase):
    assert pdf.pages_phrase(numbers) == phrase


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(UnreadableFile, match=r"nope\.pdf: no such file$"):
        load_document(tmp_path / "nope.pdf", display_path="nope.pdf")
    with pytest.raises(UnreadableFile, match=r"^deals is a folder: pass it as an input"):
        load_document(tmp_path, display_path="deals")


def test_permission_denied_message(monkeypatch):
    """Runs everywhere (root ignores chmod): the OS refusal becomes UnreadableFile."""

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(UnreadableFile) as caught:
        load_document(FILES / "table.pdf", display_path="table.pdf")
    assert str(caught.value) == "table.pdf: permission denied: make the file readable (chmod +r)"


def test_permission_denied(tmp_path):
    locked = tmp_path / "locked.pdf"
    locked.write_bytes((FILES / "table.pdf").read_bytes())
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: file permissions are not enforced")
        with pytest.raises(UnreadableFile) as caught:
            load_document(locked, display_path="locked.pdf")
        assert (
            str(caught.value) == "locked.pdf: permission denied: make the file readable (chmod +r)"
        )
    finally:
        locked.chmod(0o600)


CORPUS_FILES = (
    sorted(CORPUS.glob("*.pdf")) + sorted(CORPUS.glob("*.docx")) if CORPUS.exists() else []
)


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus beside the checkout")
def test_award_scanned_order_form_is_flagged():
    document = load_document(
        CORPUS / "18f-tdrs-software-development-fully-executed-base-award-2020.pdf", ocr="never"
    )
    assert document.needs_ocr
    assert document.warnings == ("pages 1-2 have no text layer (scanned?): run OCR",)
    assert document.page_count == 59 and document.pages[2].text.startswith("General Services")


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus beside the checkout")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda path: path.name)
def test_corpus_file_loads(path):
    document = load_document(path, ocr="never")  # OCR has its own tests; here it would cost ~40 s
    assert document.pages and any(page.text.strip() for page in document.pages)


def test_txt_tables_drawn_with_pipes_become_page_tables(tmp_path):
    path = tmp_path / "sow.txt"
    path.write_text(
        "4. DELIVERABLES\n\n"
        "  +----+---------------------------------+--------------+\n"
        "  | #  | Deliverable                     | Due Date     |\n"
        "  +====+=================================+==============+\n"
        "  | D1 | Current-State Assessment Report | May 30, 2025 |\n"
        "  | D2 | Target Operating Model          | July 25, 2025|\n"
        "  +----+---------------------------------+--------------+\n\n"
        "Each Deliverable is subject to acceptance. | not a table |\n",
        encoding="utf-8",
    )
    [table] = load_document(path).pages[0].tables
    assert table.rows == (
        ("#", "Deliverable", "Due Date"),
        ("D1", "Current-State Assessment Report", "May 30, 2025"),
        ("D2", "Target Operating Model", "July 25, 2025"),
    )


def test_txt_tables_without_outer_pipes_are_read_too(tmp_path):
    path = tmp_path / "fees.txt"
    path.write_text(
        "2.3 Fee schedule.\n\nPhase | Target Completion | Payment\n"
        "Schematic Design | June 13, 2025 | $49,600.00\nTotal | | $248,000.00\n\n"
        "Owner shall pay each invoice within thirty (30) days.\n",
        encoding="utf-8",
    )
    [table] = load_document(path).pages[0].tables
    assert table.rows[1] == ("Schematic Design", "June 13, 2025", "$49,600.00")
    assert len(table.rows) == 3


def test_txt_schedule_in_a_pipe_table_gives_milestones(tmp_path):
    from extractor.nlp.pipeline import extract

    path = tmp_path / "sow.txt"
    path.write_text(
        'This Statement of Work is entered into as of April 14, 2025 by and between A Inc. '
        '("Consultant") and B Co. ("Client").\n\n'
        "| Milestone        | Due Date      | Amount     |\n"
        "|------------------|---------------|------------|\n"
        "| Kick-off         | May 1, 2025   | $10,000.00 |\n"
        "| Final Report     | June 30, 2025 | $30,000.00 |\n",
        encoding="utf-8",
    )
    found = {(m.due_date.isoformat(), m.amount) for m in extract(load_document(path)).milestones}
    assert {("2025-05-01", 10000.0), ("2025-06-30", 30000.0)} <= found
