"""Craft the hostile archives and PDFs the batch-import tests feed to `contracts ingest`.

Run from the repository root to regenerate tests/files/hostile/ (standard library only):

    python tests/make_hostile_files.py

Each file is small (the largest ~100 KB) and regenerates byte for byte. What each one tries:

- symlink_member.zip: a member stored as a Unix symbolic link to /etc/passwd (external_attr
  S_IFLNK), beside an ordinary contract.
- duplicate_names.zip: two different members both named deal/contract.txt.
- legacy_names.zip: member names without the UTF-8 flag: one in DOS code page 437, one in UTF-8
  (as macOS writes them), one in Shift-JIS, one with terminal escape codes and a newline.
- bad_utf8_names.zip: the UTF-8 flag set on a name that is not UTF-8.
- many_pages.pdf: 3,000 pages (page objects in a compressed object stream, so the file is tiny).
- huge_page.pdf: one page of 200 x 200 inches (14,400 points, the PDF maximum) with text.
- huge_scan.pdf: one page of 200 x 200 inches covered by an image and no text: what an OCR
  that renders at a fixed resolution would turn into a 60,000 x 60,000 pixel bitmap.
- stream_bomb.pdf: a page whose content stream inflates from ~100 KB to 100 MB.

Not stored, made by the tests in a temporary folder (``grid_table_pdf``): a 3 KB page ruled by
180 x 180 lines. It looks like a table, and pdfplumber's table finder (worse than quadratic in
the edges) spends ~15 CPU seconds on it: a parser that spins. Stored under tests/files, every
test that ingests that folder would wait for it.
"""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from pathlib import Path

HOSTILE = Path(__file__).parent / "files" / "hostile"
DATE = (2024, 1, 2, 3, 4, 5)
CONTRACT = (
    "SERVICES AGREEMENT\n\nThis Services Agreement is made on March 1, 2024 between "
    'Acme Corp. ("Client") and Widget LLC ("Provider").\n'
    "1. Payment. Client shall pay each invoice within thirty (30) days.\n"
)
MAX_POINTS = 14_400  # 200 inches: the largest page PDF 1.7 allows at the default user unit


def member(name: str, data: bytes, archive: zipfile.ZipFile, attr: int | None = None) -> None:
    info = zipfile.ZipInfo(name, DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    if attr is not None:
        info.create_system = 3  # Unix: the high 16 bits of external_attr are st_mode
        info.external_attr = attr << 16
    archive.writestr(info, data)


def zip_bytes(members: list[tuple[str, bytes, int | None]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data, attr in members:
            member(name, data, archive, attr)
    return out.getvalue()


def symlink_member_zip() -> bytes:
    link = stat.S_IFLNK | 0o777
    return zip_bytes(
        [("contract.txt", CONTRACT.encode(), None), ("passwd.txt", b"/etc/passwd", link)]
    )


def duplicate_names_zip() -> bytes:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate: that is the point
        return zip_bytes(
            [
                ("deal/contract.txt", CONTRACT.encode(), None),
                ("deal/contract.txt", CONTRACT.replace("Acme", "Zenith").encode(), None),
            ]
        )


def with_raw_names(data: bytes, names: dict[bytes, bytes], utf8_flag: bool = False) -> bytes:
    """Replace ASCII placeholder names by raw bytes of the same length in both headers;
    zipfile itself only writes ASCII or flagged UTF-8 names."""
    out = bytearray(data)
    for placeholder, raw in names.items():
        assert len(placeholder) == len(raw) and out.count(placeholder) == 2
        out = bytearray(bytes(out).replace(placeholder, raw))
    if utf8_flag:
        for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            start = 0
            while (start := out.find(signature, start)) >= 0:
                out[start + flag_offset + 1] |= 0x08  # bit 11 of the flags
                start += 4
    return bytes(out)


LEGACY_NAMES = {
    "Vertrag_Müller.txt".encode("cp437"): "DOS code page 437",
    "Contrat_été.txt".encode(): "UTF-8 without the flag",
    "契約書_2019.txt".encode("shift_jis"): "Shift-JIS",
}


def legacy_names_zip() -> bytes:
    members, raw_names = [], {}
    for n, raw in enumerate(LEGACY_NAMES):
        placeholder = f"N{n}".encode().ljust(len(raw) - 4, b"_") + b".txt"
        members.append((placeholder.decode(), CONTRACT.replace("Acme", f"Acme {n}").encode(), None))
        raw_names[placeholder] = raw
    members.append(("\x1b[2J\x1b[31mred\nline.txt", CONTRACT.replace("Acme", "Red").encode(), None))
    return with_raw_names(zip_bytes(members), raw_names)


def bad_utf8_names_zip() -> bytes:
    data = zip_bytes([("contract_XX.txt", CONTRACT.encode(), None)])
    return with_raw_names(data, {b"contract_XX.txt": b"contract_\xff\xfe.txt"}, utf8_flag=True)


def pdf(objects: dict[int, bytes], root: int = 1) -> bytes:
    """A classic PDF from numbered object bodies (each the bytes between `obj` and `endobj`)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    size = max(objects) + 1
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    for number in range(1, size):
        out.write(b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0" * 10 + b" 65535 f \n")
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def text_content(lines: list[str], x: int = 72, y: int = 720) -> bytes:
    body = b"BT /F1 12 Tf 14 TL %d %d Td " % (x, y)
    for line in lines:
        body += b"(" + line.encode("latin-1") + b") Tj T* "
    return body + b"ET"


def many_pages_pdf(count: int = 3000) -> bytes:
    """Page objects packed in one compressed object stream, found through an xref stream."""
    first_page = 10
    pages = [first_page + i for i in range(count)]
    kids = b" ".join(b"%d 0 R" % p for p in pages)
    header, bodies, offset = [], [], 0
    for n, number in enumerate(pages):
        body = b"<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>" % (4 + n % 2)
        header.append(b"%d %d" % (number, offset))
        bodies.append(body)
        offset += len(body) + 1
    head = b" ".join(header) + b"\n"
    packed = head + b"\n".join(bodies)
    objstm = 6
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> >> >>" % (kids, count),
        3: FONT,
        4: stream(text_content(["Schedule 7 - Equipment List (continued)", "Item  Qty  Unit"])),
        5: stream(text_content(["Schedule 7 - Equipment List (continued)", "See next page."])),
        objstm: stream(packed, b" /Type /ObjStm /N %d /First %d" % (count, len(head)), True),
    }
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    xref_number = first_page + count
    offsets[xref_number] = out.tell()
    rows = [b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows.append(b"\x01" + offsets[number].to_bytes(4, "big") + b"\x00\x00")
        elif number >= first_page:
            rows.append(b"\x02" + objstm.to_bytes(4, "big") + (number - first_page).to_bytes(2, "big"))
        else:
            rows.append(b"\x00" + b"\x00" * 4 + b"\xff\xff")
    extra = b" /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R" % (xref_number + 1)
    out.write(b"%d 0 obj\n" % xref_number + stream(b"".join(rows), extra, True) + b"\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % offsets[xref_number])
    return out.getvalue()


def huge_page_pdf() -> bytes:
    lines = [line for line in CONTRACT.splitlines() if line]
    return pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>" % (MAX_POINTS, MAX_POINTS),
            4: FONT,
            5: stream(text_content(lines, 72, MAX_POINTS - 72)),
        }
    )


def huge_scan_pdf() -> bytes:
    image = stream(b"\x80", b" /Type /XObject /Subtype /Image /Width 1 /Height 1 "
                   b"/ColorSpace /DeviceGray /BitsPerComponent 8")
    draw = b"q %d 0 0 %d 0 0 cm /Im1 Do Q" % (MAX_POINTS, MAX_POINTS)
    return pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
            b"/Resources << /XObject << /Im1 4 0 R >> >> /Contents 5 0 R >>"
            % (MAX_POINTS, MAX_POINTS),
            4: image,
            5: stream(draw),
        }
    )


def stream_bomb_pdf(size: int = 100 * 1024 * 1024) -> bytes:
    """Text, then 100 MB of spaces: a content stream ~1000:1 compressed."""
    content = text_content([line for line in CONTRACT.splitlines() if line])
    compressor = zlib.compressobj(9)
    packed = compressor.compress(content + b"\n")
    chunk = b" " * (1024 * 1024)
    for _ in range(size // len(chunk)):
        packed += compressor.compress(chunk)
    packed += compressor.flush()
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    return pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            4: FONT,
            5: body,
        }
    )


def grid_table_pdf(lines: int = 180) -> bytes:
    ops = []
    for i in range(lines):
        y, x = 20 + i * 750 / lines, 20 + i * 570 / lines
        ops.append(b"20 %.2f m 590 %.2f l S %.2f 20 m %.2f 770 l S" % (y, y, x, x))
    text = text_content(["SCHEDULE A - MILESTONES", "See the table below for each payment."])
    content = zlib.compress(b"0.2 w " + b" ".join(ops) + b" " + text, 9)
    return pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            4: FONT,
            5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
            + content
            + b"\nendstream",
        }
    )


MAKERS = {
    "symlink_member.zip": symlink_member_zip,
    "duplicate_names.zip": duplicate_names_zip,
    "legacy_names.zip": legacy_names_zip,
    "bad_utf8_names.zip": bad_utf8_names_zip,
    "many_pages.pdf": many_pages_pdf,
    "huge_page.pdf": huge_page_pdf,
    "huge_scan.pdf": huge_scan_pdf,
    "stream_bomb.pdf": stream_bomb_pdf,
}


def main() -> None:
    HOSTILE.mkdir(parents=True, exist_ok=True)
    for name, make in MAKERS.items():
        data = make()
        (HOSTILE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
