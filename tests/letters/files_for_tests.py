"""For the letter tests: the round the shared letters answer, and made letters (an .odt, an encrypted PDF, a zip bomb)."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from app.extensions import db
from consultation.drafts import Document, DocumentVersion, Section, VersionStatus
from consultation.remiss import ConsultationRound, RoundAccess

from ..analysis.letters_data import LETTERS, letter_bytes, need
from ..factories import ProcessFactory, add_round


def bergslunda_round_now(**round_options) -> ConsultationRound:
    """An open round (in `db.session`) on the shared letters' draft: its 24 sections, keyed by their numbers."""
    from analysis.letters import sections_from_markdown

    process = ProcessFactory(code="RUS2040")
    document = Document(process=process, title="Regional utvecklingsstrategi för Bergslunda 2026–2040")
    version = DocumentVersion(
        document=document,
        number=1,
        title=document.title,
        status=VersionStatus.PUBLISHED,
        published_at=datetime.now(UTC),
    )
    draft = sections_from_markdown(need(LETTERS / "draft.md").read_text(encoding="utf-8"))
    for position, section in enumerate(draft):
        version.sections.append(
            Section(
                key=section.key,
                number=section.number,
                heading=section.heading.split(" ", 1)[1],
                body=section.text,
                level=section.key.count(".") + 1,
                position=position,
            )
        )
    db.session.add(document)
    db.session.flush()
    return add_round(process, version, **{"access": RoundAccess.OPEN, **round_options})


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
