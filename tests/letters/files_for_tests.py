"""Letters made for the tests: an .odt, an encrypted PDF and a .docx zip bomb."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

from .conftest import letter_bytes


def make_odt(paragraphs: list[str]) -> bytes:
    """An OpenDocument text whose first paragraph is a heading."""
    body = "".join(
        f'<text:h text:outline-level="2">{escape(text)}</text:h>' if n == 0 else f"<text:p>{escape(text)}</text:p>"
        for n, text in enumerate(paragraphs)
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", content)
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(letter_bytes("06-privatperson-olofsson.pdf"))))
    writer.encrypt(user_password="hemligt", owner_password="hemligt", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def zip_bomb_docx() -> bytes:
    """About 60 kB packed, 60 MB unpacked: refused as a zip bomb before any XML is parsed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<w:document>" + b" " * (60 * 1024 * 1024) + b"</w:document>")
    return buffer.getvalue()
