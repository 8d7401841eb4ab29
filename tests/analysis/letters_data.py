"""Letters for the tests: the shared dev letters (skipped without them, failing on CI) and small made ones."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

SHARED_DATA = Path(os.environ.get("SAMRAD_SHARED_DATA") or Path(__file__).resolve().parents[3] / "shared" / "data")
LETTERS = SHARED_DATA / "remissvar"
HOSTILE = SHARED_DATA / "xss" / "files"


def need(path: Path) -> Path:
    if not path.exists():
        reason = f"{path} is missing (set SAMRAD_SHARED_DATA)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def letter_bytes(name: str) -> bytes:
    return need(LETTERS / name).read_bytes()


def draft_sections():
    from analysis.letters import sections_from_markdown

    return sections_from_markdown(need(LETTERS / "draft.md").read_text(encoding="utf-8"))


def docx(body: list[tuple[str, str]], header: list[str] = (), footer: list[str] = (), table=None) -> bytes:
    """A .docx: body as (style, text) with style "p", "h1", "h2", "bold", "list"; an optional table after it."""
    from docx import Document

    document = Document()
    section = document.sections[0]
    for text in header:
        section.header.add_paragraph(text)
    for text in footer:
        section.footer.add_paragraph(text)
    for style, text in body:
        if style in ("h1", "h2"):
            document.add_heading(text, level=int(style[1]))
        elif style == "bold":
            document.add_paragraph().add_run(text).bold = True
        elif style == "list":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rasterised(pdf: bytes, dpi: int = 200) -> bytes:
    """The PDF as page images in a new PDF without a text layer (a scanned letter)."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf)
    out = pdfium.PdfDocument.new()
    for n in range(len(source)):
        width, height = source[n].get_size()
        bitmap = source[n].render(scale=dpi / 72, grayscale=True)
        page = out.new_page(width, height)
        image = pdfium.PdfImage.new(out)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)
        page.gen_content()
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()
