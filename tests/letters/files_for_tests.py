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


# A fictional letter from a municipality that came by post, scanned by the registrator: no text layer.
SCANNED_LETTER = [
    "Norrbacka kommun",
    "Kommunstyrelsen",
    "Region Bergslunda",
    "Yttrande över förslag till regional utvecklingsstrategi för Bergslunda 2026–2040",
    "Norrbacka kommun har beretts tillfälle att yttra sig över förslaget och lämnar följande synpunkter.",
    "4.1 Kollektivtrafik och hållbart resande",
    "Kommunen vill att busstrafiken mellan Norrbacka och residensstaden får fler turer på morgonen och"
    " kvällen, så att det går att pendla till arbete och studier utan bil. Anropsstyrd trafik behövs i"
    " byarna där den ordinarie linjetrafiken inte räcker.",
    "3.2 Kompetensförsörjning",
    "Vården och skolan i kommunen har svårt att rekrytera. Strategin bör peka ut hur regionen och"
    " kommunerna tillsammans ska utbilda fler undersköterskor och lärare på hemmaplan.",
    "Med vänlig hälsning",
    "Anna Lind, kommunstyrelsens ordförande",
]


def scanned_pdf(paragraphs: list[str], dpi: int = 200) -> bytes:
    """The paragraphs drawn as an A4 page image with Pillow and saved as an image-only PDF, as a scanner would."""
    from pathlib import Path

    from PIL import Image, ImageDraw, ImageFont

    font_path = Path(__file__).resolve().parents[2] / "app" / "fonts" / "DejaVuSans.ttf"
    font = ImageFont.truetype(str(font_path), size=round(11 * dpi / 72))
    width, height, margin = round(8.27 * dpi), round(11.69 * dpi), round(0.9 * dpi)
    pages: list[Image.Image] = []
    page = draw = None
    y = height
    line_height = round(font.size * 1.45)
    for paragraph in paragraphs:
        words, lines, line = paragraph.split(), [], ""
        for word in words:
            candidate = f"{line} {word}".strip()
            if draw is None or font.getlength(candidate) <= width - 2 * margin:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
        if page is None or y + line_height * len(lines) > height - margin:
            page = Image.new("L", (width, height), 255)
            draw = ImageDraw.Draw(page)
            pages.append(page)
            y = margin
        for text in lines:
            draw.text((margin, y), text, font=font, fill=0)
            y += line_height
        y += line_height  # a blank line between paragraphs
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    return buffer.getvalue()
