"""A meeting's own documents: checked by content, stored under generated names, served as downloads."""

from __future__ import annotations

import io
import re
import secrets
import unicodedata
import zipfile
from pathlib import Path

from ..errors import N_, NotFound, ValidationFailed, msg
from ..people.access import Actor, user_id_of
from ..uploads import check_zip
from .models import MeetingDocument
from .planning import get_managed_meeting, get_meeting, meeting_row

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
OFFICE_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".docx",
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ".pptx",
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xlsx",
    ),
}


def _fail(text: str, **params) -> ValidationFailed:
    return ValidationFailed({"file": [msg(text, **params)]})


def detect_type(data: bytes) -> tuple[str, str]:
    """(content type, extension) from the bytes themselves: PDF, or a Word/PowerPoint/Excel package."""
    if data.startswith(b"%PDF-"):
        return "application/pdf", ".pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            check_zip(data)  # before any XML is read
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                content_types = package.read("[Content_Types].xml").decode("utf-8", "replace")
        except (zipfile.BadZipFile, KeyError):
            content_types = ""
        for marker, kind in OFFICE_TYPES.items():
            if marker in content_types:
                return kind
    raise _fail(N_("Filtypen stöds inte. Ladda upp PDF, Word (.docx), PowerPoint (.pptx) eller Excel (.xlsx)."))


def safe_display_name(filename: str, extension: str) -> str:
    """The uploaded name, for display and download only: no folders, no control characters."""
    name = unicodedata.normalize("NFC", filename or "").replace("\\", "/").split("/")[-1]
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "", name).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{(stem or 'dokument')[:150]}{extension}"


def add_document(
    session,
    actor: Actor,
    meeting_id: int,
    title: str,
    filename: str,
    data: bytes,
    storage: Path,
) -> MeetingDocument:
    meeting = get_managed_meeting(session, actor, meeting_id)
    if not data:
        raise _fail(N_("Filen är tom."))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise _fail(N_("Filen är för stor: högst %(mb)s MB."), mb=MAX_DOCUMENT_BYTES // (1024 * 1024))
    content_type, extension = detect_type(data)
    stored_name = f"{secrets.token_hex(16)}{extension}"
    storage.mkdir(parents=True, exist_ok=True)
    (storage / stored_name).write_bytes(data)
    display = safe_display_name(filename, extension)
    document = MeetingDocument(
        meeting=meeting,
        title=" ".join((title or "").split())[:300] or display,
        original_filename=display,
        stored_name=stored_name,
        content_type=content_type,
        size_bytes=len(data),
        uploaded_by_id=user_id_of(actor),
    )
    session.add(document)
    session.flush()
    return document


def open_document(
    session, actor: Actor | None, meeting_id: int, document_id: int, storage: Path
) -> tuple[MeetingDocument, bytes]:
    """The document and its bytes, for anyone who may see the meeting."""
    meeting = get_meeting(session, actor, meeting_id)
    document = meeting_row(session, MeetingDocument, document_id, meeting, N_("Dokumentet finns inte."))
    path = storage / document.stored_name
    if path.parent != storage or not path.is_file():
        raise NotFound(msg(N_("Dokumentet finns inte.")))
    return document, path.read_bytes()


def remove_document(session, actor: Actor, meeting_id: int, document_id: int, storage: Path) -> None:
    meeting = get_managed_meeting(session, actor, meeting_id)
    document = meeting_row(session, MeetingDocument, document_id, meeting, N_("Dokumentet finns inte."))
    session.delete(document)
    session.flush()
    (storage / document.stored_name).unlink(missing_ok=True)
