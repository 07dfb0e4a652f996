"""The floor every benchmark compares against: raw pypdfium2 text of every page."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium


def pdfium_text_pages(files: list[Path]) -> int:
    """Read the text of every page of ``files`` with nothing else done; returns the page count."""
    pages = 0
    for path in files:
        pdf = pdfium.PdfDocument(path)
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
                pages += 1
        finally:
            pdf.close()
    return pages
