"""read_letter: each file kind, its structure and pages, and every way a file is refused."""

from __future__ import annotations

import io
import os
import re
import zipfile

import pytest

from analysis.letters import (
    EncryptedFile,
    FileTooLarge,
    LetterError,
    Limits,
    TooManyPages,
    UnsupportedFile,
    ZipBomb,
    ocr,
    read_letter,
)

from .letters_data import HOSTILE, docx, letter_bytes, need, rasterised


def styles(letter):
    return [(p.style, p.text) for p in letter.paragraphs]


def test_docx_keeps_headings_lists_tables_and_header_footer_in_reading_order():
    data = docx(
        [
            ("p", "Kommunen har beretts tillfälle att yttra sig."),
            ("h2", "Avsnitt 4.1 Kollektivtrafik"),
            ("p", "Kommunen vill ha fler bussar.\u00a0Det är viktigt."),
            ("bold", "Energi och klimat"),
            ("list", "Fler laddstolpar"),
        ],
        header=["Exempelby kommun"],
        footer=["Sida 1 av 1"],
        table=[["Indikator", "Källa"], ["Andel med bredband", "PTS"]],
    )
    letter = read_letter(data, "yttrande.docx")
    assert letter.kind == "docx"
    assert styles(letter) == [
        ("header", "Exempelby kommun"),
        ("body", "Kommunen har beretts tillfälle att yttra sig."),
        ("heading", "Avsnitt 4.1 Kollektivtrafik"),
        ("body", "Kommunen vill ha fler bussar.\u00a0Det är viktigt."),
        ("heading", "Energi och klimat"),
        ("list", "Fler laddstolpar"),
        ("table_row", "Indikator | Källa"),
        ("table_row", "Andel med bredband | PTS"),
        ("footer", "Sida 1 av 1"),
    ]


def test_pdf_paragraphs_cross_the_page_break_and_footers_leave_the_running_text():
    letter = read_letter(letter_bytes("01-ulvsjo-kommun.pdf"), "brev.pdf")
    assert letter.kind == "pdf" and letter.pages == 2 and letter.ocr_pages == []
    body = [p for p in letter.paragraphs if p.style not in ("header", "footer")]
    footers = [p.text for p in letter.paragraphs if p.style == "footer"]
    assert "Sida 1 av 2" in footers and "Sida 2 av 2" in footers
    assert not any(re.search(r"Sida \d av", p.text) for p in body)
    # the heading is its own paragraph, and body text keeps its page
    headings = [p for p in body if p.style == "heading"]
    assert any(p.text == "Avsnitt 4.2 Väg och järnväg" and p.page == 2 for p in headings)
    assert all("  " not in p.text for p in body)


def test_pdf_and_docx_of_the_same_letter_give_the_same_words():
    from_pdf = read_letter(letter_bytes("02-lansstyrelsen-bergslunda.pdf"), "a.pdf")
    from_docx = read_letter(letter_bytes("02-lansstyrelsen-bergslunda.docx"), "a.docx")

    def words(letter):
        return {w for p in letter.paragraphs for w in re.findall(r"\w+", p.text.lower())}

    assert words(from_pdf) == words(from_docx)
    footers = [p.text for p in from_pdf.paragraphs if p.style == "footer"]
    assert len(footers) == 2 and footers[0] == footers[1]  # on both pages, and out of the running text


def test_odt_is_read_with_headings_and_lists():
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        "<office:body><office:text>"
        '<text:h text:outline-level="2">Avsnitt 5.2 Energi</text:h>'
        "<text:p>Vi vill ha mer<text:line-break/>vindkraft.</text:p>"
        "<text:list><text:list-item><text:p>Solceller</text:p></text:list-item></text:list>"
        "</office:text></office:body></office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        package.writestr("content.xml", content)
    letter = read_letter(buffer.getvalue(), "brev.odt")
    assert styles(letter) == [
        ("heading", "Avsnitt 5.2 Energi"),
        ("body", "Vi vill ha mer\nvindkraft."),
        ("list", "Solceller"),
    ]


def test_the_content_decides_the_kind_not_the_name():
    data = docx([("p", "Ett brev.")])
    assert read_letter(data, "brev.pdf").kind == "docx"
    with pytest.raises(UnsupportedFile) as refused:
        read_letter(b"%PDX not really" + b"x" * 100, "brev.pdf")
    assert "varken en PDF" in refused.value.message


def test_an_encrypted_pdf_is_refused_with_a_swedish_message():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(letter_bytes("06-privatperson-olofsson.pdf"))))
    writer.encrypt(user_password="hemligt", owner_password="hemligt", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(EncryptedFile) as refused:
        read_letter(buffer.getvalue(), "lösenord.pdf")
    assert "lösenordsskyddad" in refused.value.message and refused.value.code == "encrypted"


def test_a_docx_zip_bomb_is_refused_before_it_is_parsed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<w:document>" + b" " * (30 * 1024 * 1024) + b"</w:document>")
    data = buffer.getvalue()
    assert len(data) < 100_000
    with pytest.raises(ZipBomb) as refused:
        read_letter(data, "bomb.docx")
    assert "zip-bomb" in refused.value.message


def test_a_docx_that_unpacks_past_the_cap_is_refused():
    data = docx([("p", "Text. " * 20_000)])
    with pytest.raises(FileTooLarge):
        read_letter(data, "stor.docx", Limits(zip_total_bytes=64 * 1024))


def test_size_and_page_caps():
    with pytest.raises(FileTooLarge) as refused:
        read_letter(b"%PDF-1.7\n" + b"0" * 2048, "stor.pdf", Limits(max_bytes=1024))
    assert "MB" in refused.value.message
    with pytest.raises(TooManyPages) as refused:
        read_letter(letter_bytes("01-ulvsjo-kommun.pdf"), "lång.pdf", Limits(max_pages=1))
    assert "högst 1 sidor" in refused.value.message


def test_a_broken_pdf_or_package_gives_a_letter_error_never_a_crash():
    pdf = letter_bytes("01-ulvsjo-kommun.pdf")
    for data in (pdf[: len(pdf) // 3], b"PK\x03\x04" + b"\x00" * 200, docx([("p", "x")])[:600]):
        with pytest.raises(LetterError):
            read_letter(data, "trasig")


def test_hostile_files_are_refused_as_not_letters():
    files = sorted(need(HOSTILE).iterdir())
    assert files
    for path in files:
        with pytest.raises(UnsupportedFile):
            read_letter(path.read_bytes(), path.name + ".pdf")


def test_hostile_text_inside_a_letter_comes_back_verbatim_for_the_web_layer_to_escape():
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    letter = read_letter(docx([("p", payload), ("h2", payload)]), "x.docx")
    assert [p.text for p in letter.paragraphs] == [payload, payload]


def test_a_scanned_page_without_tesseract_is_flagged_not_a_crash(monkeypatch):
    monkeypatch.setattr(ocr, "languages", lambda: None)
    scanned = rasterised(letter_bytes("06-privatperson-olofsson.pdf"), dpi=50)
    letter = read_letter(scanned, "skannad.pdf")
    assert letter.paragraphs == [] and letter.unread_pages == [1] and letter.ocr_pages == []
    assert any("sidan kunde inte läsas" in warning for warning in letter.warnings)


def test_a_scanned_letter_is_read_by_ocr():
    if not ocr.available():
        if os.environ.get("CI") == "true":
            pytest.fail("Tesseract with Swedish is missing (make tesseract)")
        pytest.skip("Tesseract with Swedish is missing (make tesseract)")
    original = letter_bytes("06-privatperson-olofsson.pdf")
    letter = read_letter(rasterised(original), "skannad.pdf")
    assert letter.ocr_pages == [1] and not letter.warnings
    expected = [w for p in read_letter(original, "a.pdf").paragraphs for w in re.findall(r"\w+", p.text.lower())]
    got = {w for p in letter.paragraphs for w in re.findall(r"\w+", p.text.lower())}
    assert sum(w in got for w in expected) / len(expected) > 0.95
    assert any(p.text.startswith("Jag bor i Stenåker") for p in letter.paragraphs)
