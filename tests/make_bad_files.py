"""Craft the small good and bad input files the loader and input-walker tests read.

Run from the repository root to regenerate tests/files/ (needs reportlab, the ``dev`` extra):

    python tests/make_bad_files.py

Every file is under 100 KB. PDFs are written with ``invariant=1`` and zips with a fixed
timestamp, so the files regenerate byte for byte.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_BREAK
from PIL import Image, ImageDraw
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FILES = Path(__file__).parent / "files"
DATE = (2024, 1, 2, 3, 4, 5)
CONTRACT_TEXT = (
    "SERVICES AGREEMENT\n\nThis Services Agreement is made on March 1, 2024 between "
    'Acme Corp. ("Client") and Widget LLC ("Provider").\n'
    "1. Payment. Client shall pay each invoice within thirty (30) days.\n"
)
MILESTONES = [
    ["Milestone", "Due date", "Amount"],
    ["Kick-off", "March 15, 2024", "$10,000"],
    ["Beta delivery", "June 30, 2024", "$25,000"],
    ["Final acceptance", "September 30, 2024", "$15,000"],
]


def table_pdf() -> bytes:
    """Two pages: prose, then a ruled milestone table on page 2."""
    out = io.BytesIO()
    styles = getSampleStyleSheet()
    table = Table(MILESTONES)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black)]))
    story = [
        Paragraph("SERVICES AGREEMENT", styles["Title"]),
        Paragraph(CONTRACT_TEXT.split("\n\n", 1)[1], styles["Normal"]),
        PageBreak(),
        Paragraph("Schedule A - Milestones", styles["Heading2"]),
        Spacer(1, 12),
        table,
        Spacer(1, 12),
        Paragraph("Each amount is due on acceptance of its milestone.", styles["Normal"]),
    ]
    SimpleDocTemplate(out, pagesize=LETTER, invariant=1).build(story)
    return out.getvalue()


def text_pdf(lines: list[str], encrypt: StandardEncryption | None = None) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LETTER, invariant=1, encrypt=encrypt)
    y = 720
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 16
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def form_pdf() -> bytes:
    """A fillable order form whose total was typed into a form field, not into the page."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LETTER, invariant=1)
    pdf.drawString(72, 720, "ORDER FORM - Total price:")
    pdf.acroForm.textfield(name="total", value="USD 12,345.00", x=250, y=712, width=150, height=20)
    pdf.showPage()
    pdf.save()
    return out.getvalue()


def scan_image(caption: str) -> ImageReader:
    """A 1-bit 'scan' of a page: text drawn as pixels, so the PDF has no text layer."""
    image = Image.new("1", (600, 780), 1)
    draw = ImageDraw.Draw(image)
    for i in range(12):
        draw.text((40, 40 + i * 50), f"{caption} - line {i + 1} of the signed order form", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return ImageReader(buffer)


def scanned_pdf(image_pages: int, text_page: bool) -> bytes:
    """``image_pages`` pages that are only an image, then optionally one page with real text."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=LETTER, invariant=1)
    for n in range(image_pages):
        pdf.drawImage(scan_image(f"Scanned page {n + 1}"), 36, 36, width=540, height=720)
        pdf.showPage()
    if text_page:
        pdf.drawString(72, 720, "Statement of Work: the Provider delivers the software by June 1.")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def sample_docx() -> bytes:
    """Header, footer, a table with merged cells, a page break and a new-page section."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "ACME CONFIDENTIAL"
    section.footer.paragraphs[0].text = "Services Agreement v2"
    document.add_heading("Services Agreement", level=1)
    document.add_paragraph(
        "This Agreement is made on March 1, 2024 between Acme Corp. and Widget LLC."
    )
    document.add_paragraph("Client pays each invoice within 30 days.", style="List Number")
    document.add_paragraph("Provider delivers monthly reports.", style="List Number")
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate(MILESTONES):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = document.add_table(rows=2, cols=3)
    top = merged.cell(0, 0).merge(merged.cell(0, 1))
    top.text = "Payment schedule"
    merged.cell(0, 2).text = "Total"
    merged.cell(1, 0).text = "Net 30"
    merged.cell(1, 1).text = "Monthly"
    merged.cell(1, 2).text = "$50,000"
    paragraph = document.add_paragraph("End of page one.")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run("Start of page two.")
    document.add_paragraph("Term: two years from the Effective Date.")
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("Signature page: Acme Corp. by its CEO.")
    document.add_section(WD_SECTION.CONTINUOUS)
    document.add_paragraph("Same page after a continuous section break.")
    out = io.BytesIO()
    document.save(out)
    return rezip(out.getvalue())


def rezip(data: bytes) -> bytes:
    """The same members with fixed timestamps, so the file regenerates byte for byte."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return make_zip([(info.filename, source.read(info)) for info in source.infolist()])


def make_zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = method
            archive.writestr(info, data)
    return out.getvalue()


def nested_zip(depth: int, leaf: tuple[str, bytes]) -> bytes:
    """level1.zip!level2.zip!...!leaf: ``depth`` archives in the chain, counting the outer one."""
    data = make_zip([leaf])
    for level in range(depth, 1, -1):
        data = make_zip([(f"level{level}.zip", data)])
    return data


def encrypted_member_zip() -> bytes:
    """A zip whose first member claims to be encrypted (flag bit 0), the way `zip -e` marks it."""
    data = bytearray(
        make_zip([("secret.txt", b"secret terms"), ("open.txt", CONTRACT_TEXT.encode())])
    )
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    for offset in (local + 6, central + 8):
        (flags,) = struct.unpack_from("<H", data, offset)
        struct.pack_into("<H", data, offset, flags | 0x1)
    return bytes(data)


def entity_bomb_docx() -> bytes:
    """A real .docx whose document.xml carries a 'billion laughs' DTD."""
    source = zipfile.ZipFile(io.BytesIO(sample_docx()))
    members = []
    for info in source.infolist():
        data = source.read(info)
        if info.filename == "word/document.xml":
            dtd = (
                b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            )
            head, rest = data.split(b"?>", 1)
            data = head + b"?>" + dtd + rest.replace(b"Start of page two.", b"&lol2;", 1)
        members.append((info.filename, data))
    return make_zip(members)


def build() -> dict[str, bytes]:
    good_pdf = table_pdf()
    contract_pdf = text_pdf(["SERVICES AGREEMENT", "Client pays within 30 days of invoice."])
    return {
        "table.pdf": good_pdf,
        "truncated.pdf": good_pdf[: len(good_pdf) // 3],
        "encrypted.pdf": text_pdf(
            ["Confidential pricing schedule"], encrypt=StandardEncryption("secret", "owner")
        ),
        "scanned.pdf": scanned_pdf(image_pages=2, text_page=True),
        "image_only.pdf": scanned_pdf(image_pages=1, text_page=False),
        "form.pdf": form_pdf(),
        "empty.pdf": b"",
        "sample.docx": sample_docx(),
        "not_word.docx": make_zip([("notes.txt", b"not a word document"), ("data.csv", b"a,b\n")]),
        "entity_bomb.docx": entity_bomb_docx(),
        "text_named.pdf": CONTRACT_TEXT.encode(),
        "latin1.txt": "Caf\u00e9 Services Agreement\nFee: 100 EUR\n".encode("latin-1"),
        "traversal.zip": make_zip(
            [
                ("../evil.txt", b"escape"),
                ("/etc/evil.txt", b"absolute"),
                ("docs/contract.txt", CONTRACT_TEXT.encode()),
            ]
        ),
        "nested_ok.zip": make_zip(
            [
                ("cover.txt", CONTRACT_TEXT.encode()),
                ("inner.zip", make_zip([("deal/contract.pdf", contract_pdf)])),
            ]
        ),
        "nested_deep.zip": nested_zip(4, ("deep.txt", CONTRACT_TEXT.encode())),
        # 50 MB of zeros deflate to ~50 KB: a ratio near 1000:1.
        "bomb.zip": make_zip([("zeros.txt", bytes(50 * 1024 * 1024)), ("ok.txt", b"fine")]),
        "encrypted_member.zip": encrypted_member_zip(),
        "mixed.zip": make_zip(
            [
                ("contract.txt", CONTRACT_TEXT.encode()),
                ("budget.xlsx", make_zip([("xl/workbook.xml", b"<workbook/>")])),
                ("logo.png", b"\x89PNG\r\n\x1a\n" + bytes(32)),
                ("__MACOSX/._contract.txt", b"\x00\x05\x16\x07"),
                ("folder/", b""),
            ]
        ),
    }


def main() -> None:
    FILES.mkdir(exist_ok=True)
    for name, data in build().items():
        assert len(data) < 100_000, f"{name} is {len(data)} bytes: keep committed files small"
        (FILES / name).write_bytes(data)


if __name__ == "__main__":
    main()
