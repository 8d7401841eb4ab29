"""Attaching a letter to a response: the file checked by its content, kept with its hash, and who may read it."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..errors import N_, NotFound, ValidationFailed, msg
from ..meetings.files import safe_display_name
from ..people.models import User
from ..remiss.models import Response
from ..remiss.response_access import get_own_response, get_submitted_response, may_work_on, require_writable
from ..text import normalise_text
from ..uploads import check_zip
from .models import Letter, LetterStatus

MAX_LETTER_BYTES = 20 * 1024 * 1024
MAX_LETTERS_PER_RESPONSE = 10
EXTENSIONS = {"pdf": ".pdf", "docx": ".docx", "odt": ".odt"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
_ODT_MIME = b"application/vnd.oasis.opendocument.text"


def _fail(text: str, field: str = "file", **params) -> ValidationFailed:
    return ValidationFailed({field: [msg(text, **params)]})


def detect_kind(data: bytes) -> str:
    """ "pdf", "docx" or "odt" from the bytes (never the name); a package is measured before it is opened."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            check_zip(data)  # a zip bomb is refused before any member is read
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                names = set(package.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "content.xml" in names and "mimetype" in names and package.read("mimetype").strip() == _ODT_MIME:
                    return "odt"
        except (zipfile.BadZipFile, KeyError):
            pass
    raise _fail(N_("Filtypen stöds inte. Ladda upp brevet som PDF, Word (.docx) eller OpenDocument (.odt)."))


def display_name(filename: str, kind: str) -> str:
    """The uploaded name, for display and download only, cleaned as a meeting document's is, with the right ending."""
    return safe_display_name(filename, EXTENSIONS[kind])


@dataclass(frozen=True)
class Decision:
    """The decision behind the letter (protokollsutdrag); every part optional."""

    body: str = ""
    decided_on: date | None = None
    paragraph: str = ""


def check_letter_file(data: bytes) -> str:
    """The letter's kind, or the reason it is refused (empty, too large, not a PDF or Word file)."""
    if not data:
        raise _fail(N_("Filen är tom."))
    if len(data) > MAX_LETTER_BYTES:
        raise _fail(N_("Filen är för stor: högst %(mb)s MB."), mb=MAX_LETTER_BYTES // (1024 * 1024))
    return detect_kind(data)


def attach_letter(
    session: Session,
    user: User,
    response_id: int,
    filename: str,
    data: bytes,
    now: datetime,
    decision: Decision | None = None,
) -> Letter:
    """Keep the organisation's letter with its response, checked by content and size; reading it is a job."""
    response = get_own_response(session, user, response_id)
    require_writable(response, now)
    return keep_letter(session, user, response, filename, data, now, decision)


def keep_letter(
    session: Session,
    user: User,
    response: Response,
    filename: str,
    data: bytes,
    now: datetime,
    decision: Decision | None = None,
) -> Letter:
    """The checks and the row every letter gets, whoever attaches it (the caller checked who may)."""
    kind = check_letter_file(data)
    count = session.scalar(select(func.count(Letter.id)).where(Letter.response_id == response.id)) or 0
    if count >= MAX_LETTERS_PER_RESPONSE:
        raise _fail(N_("Ett svar kan ha högst %(max)s bifogade brev."), max=MAX_LETTERS_PER_RESPONSE)
    decision = decision or Decision()
    body = normalise_text(decision.body)
    paragraph = normalise_text(decision.paragraph)
    if len(body) > 300:
        raise _fail(N_("Ange beslutsorganet med högst %(max)s tecken."), "decision_body", max=300)
    if len(paragraph) > 40:
        raise _fail(N_("Ange paragrafen med högst %(max)s tecken."), "decision_paragraph", max=40)
    letter = Letter(
        response=response,
        filename=display_name(filename, kind),
        kind=kind,
        size_bytes=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        data=data,
        decision_body=body or None,
        decision_date=decision.decided_on,
        decision_paragraph=paragraph or None,
        status=LetterStatus.UPLOADED,
        warnings=[],
        ocr_pages=[],
        uploaded_by_id=user.id,
        uploaded_at=now,
    )
    session.add(letter)
    session.flush()
    audit.record(
        session,
        audit.Action.LETTER_ATTACHED,
        user,
        response,
        {"letter_id": letter.id, "kind": kind, "size": len(data), "sha256": letter.sha256},
        now=now,
    )
    return letter


def letters_of(session: Session, response: Response) -> list[Letter]:
    return list(session.scalars(select(Letter).where(Letter.response_id == response.id).order_by(Letter.id)))


def get_own_letter(session: Session, user: User, letter_id: int) -> Letter:
    """A letter for its organisation's members (or, registered, the coordinators) to review; anyone else is
    told it does not exist."""
    letter = session.get(Letter, letter_id)
    if letter is None or not may_work_on(user, letter.response):
        raise NotFound(msg(N_("Brevet finns inte.")))
    return letter


def get_readable_letter(session: Session, user: User | None, letter_id: int) -> Letter:
    """A letter for its own organisation, or, once its response was submitted, for the working group and admins."""
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFound(msg(N_("Brevet finns inte.")))
    if may_work_on(user, letter.response):
        return letter
    try:
        response = get_submitted_response(session, user, letter.response_id)
    except NotFound as error:
        raise NotFound(msg(N_("Brevet finns inte."))) from error
    if may_work_on(user, response):
        return letter
    # Others read only what was sent: a letter confirmed before the response's latest submission.
    sent = (
        letter.status == LetterStatus.CONFIRMED
        and response.submitted_at is not None
        and letter.confirmed_at is not None
        and letter.confirmed_at <= response.submitted_at
    )
    if not sent:
        raise NotFound(msg(N_("Brevet finns inte.")))
    return letter


def original(session: Session, user: User | None, letter_id: int) -> tuple[Letter, bytes]:
    """The letter as it was received, for whoever may read it."""
    letter = get_readable_letter(session, user, letter_id)
    return letter, letter.data
