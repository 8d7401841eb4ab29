"""Zip bombs (.docx, .xlsx …) are refused before anything unpacks or parses them, wherever a package is uploaded.

The limits are made small here, so that a bomb of a few megabytes stands for one of gigabytes.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile

import pytest
from sqlalchemy import func, select

from consultation import uploads
from consultation.drafts.files import read_draft
from consultation.errors import ValidationFailed
from consultation.meetings import MeetingDocument
from consultation.meetings import files as meeting_files
from consultation.people.access import SYSTEM

from ..remiss.test_setup import docx_bytes

WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
EXCEL = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
BOMB_MESSAGE = "zip-bomb"
TOO_LARGE = "packas upp till mer än"


@pytest.fixture(autouse=True)
def small_limits(monkeypatch):
    monkeypatch.setattr(
        uploads, "LIMITS", uploads.ZipLimits(max_members=50, max_total_bytes=2 * 1024 * 1024, ratio_floor=64 * 1024)
    )


def package(main_type: str, members: dict[str, bytes]) -> bytes:
    content_types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>'
    ).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def document_xml_bomb(size: int) -> bytes:
    """A word/document.xml of `size` bytes of empty paragraphs: the probe's 763 kB → 256 MB, scaled down."""
    head = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    return package(WORD, {"word/document.xml": head + b"<w:p/>" * (size // 6) + b"</w:body></w:document>"})


def lying_header(data: bytes, member: str, declared: int) -> bytes:
    """The package with `member`'s uncompressed size in both headers replaced by `declared`."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", patched, info.header_offset + 22, declared)
    central = patched.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", patched, central + 28)[0]
        if patched[central + 46 : central + 46 + name_length] == member.encode():
            struct.pack_into("<I", patched, central + 24, declared)
            break
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def refusal(call) -> str:
    with pytest.raises(ValidationFailed) as refused:
        call()
    return " ".join(str(m) for m in refused.value.errors["file"])


BOMBS = {
    "document.xml over the total": (lambda: document_xml_bomb(3 * 1024 * 1024), TOO_LARGE),
    "packed a thousand times": (lambda: package(WORD, {"word/document.xml": b"\0" * (1024 * 1024)}), BOMB_MESSAGE),
    "many small parts": (lambda: package(WORD, {f"word/media/{i}.xml": b"<x/>" for i in range(60)}), "för många delar"),
    "spread over members": (
        lambda: package(WORD, {f"word/part{i}.xml": bytes(range(256)) * 1200 for i in range(8)}),
        TOO_LARGE,
    ),
}


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_refused_as_a_draft_before_the_word_reader_sees_it(name, monkeypatch):
    import docx

    monkeypatch.setattr(docx, "Document", lambda *_: pytest.fail("the Word reader was reached"))
    make, message = BOMBS[name]
    assert message in refusal(lambda: read_draft("forslag.docx", make()))


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_refused_as_a_meeting_document_and_nothing_is_stored(name, db_session, world, upload_dir):
    make, message = BOMBS[name]
    before = db_session.scalar(select(func.count()).select_from(MeetingDocument))
    text = refusal(
        lambda: meeting_files.add_document(
            db_session, SYSTEM, world.ids["meeting"], "Bomb", "bomb.docx", make(), upload_dir
        )
    )
    assert message in text
    assert db_session.scalar(select(func.count()).select_from(MeetingDocument)) == before


def test_an_excel_bomb_is_refused_as_a_meeting_document(db_session, world, upload_dir):
    bomb = package(EXCEL, {"xl/worksheets/sheet1.xml": b"<c/>" * (800 * 1024)})
    text = refusal(
        lambda: meeting_files.add_document(db_session, SYSTEM, world.ids["meeting"], "Bomb", "b.xlsx", bomb, upload_dir)
    )
    assert TOO_LARGE in text


def test_a_member_whose_header_understates_its_size_is_refused(db_session, world, upload_dir):
    honest = package(WORD, {"word/document.xml": random.Random(18).randbytes(100_000).hex().encode()})
    lying = lying_header(honest, "word/document.xml", 1000)
    assert "inte ett Word-dokument" in refusal(lambda: read_draft("forslag.docx", lying))
    assert "Word-dokument" in refusal(lambda: read_draft("forslag.docx", lying_header(honest, "word/document.xml", 2)))
    assert "Filtypen stöds inte" in refusal(
        lambda: meeting_files.add_document(db_session, SYSTEM, world.ids["meeting"], "B", "b.docx", lying, upload_dir)
    )


def test_an_ordinary_word_document_still_passes():
    draft = read_draft("forslag.docx", docx_bytes(("h1", "1 Inledning"), ("p", "Regionen växer.")))
    assert [s.heading for s in draft.sections] == ["Inledning"]


def test_the_upload_pages_answer_a_bomb_with_the_message_and_422(world, visitors):
    bomb = document_xml_bomb(3 * 1024 * 1024)
    facilitator = visitors("facilitator")
    response = facilitator.post(
        f"/dialogtraffar/{world.ids['meeting']}/dokument",
        {"title": "Program", "file": (io.BytesIO(bomb), "program.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and TOO_LARGE in response.get_data(as_text=True)
    admin = visitors("admin")
    response = admin.post(
        f"/admin/processer/{world.values['code']}/forslag/importera",
        {"title": "Förslag", "file": (io.BytesIO(bomb), "forslag.docx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and TOO_LARGE in response.get_data(as_text=True)
