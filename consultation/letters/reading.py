"""Reading a letter in the background: queue the job, then keep what the reading found, once.

The reading itself (`analysis.letters`) is pure and is called by the job function the web layer
registers; this module only queues the job and stores its outcome. Storing is idempotent: a job
run again after its worker died replaces the excerpts it proposed before, and a letter already
confirmed is never read over.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from ..errors import N_, ValidationFailed, msg
from ..jobs import queue
from ..jobs.models import Job
from ..people.models import User
from ..remiss.response_access import require_writable
from .files import get_own_letter
from .models import ExcerptKind, Letter, LetterExcerpt, LetterStatus

READING_JOB = "letter_reading"


def queue_reading(session: Session, user: User, letter_id: int, now: datetime) -> Job:
    """ "Läs in synpunkterna ur brevet": the letter's reading job, queued (the caller commits and dispatches it)."""
    letter = get_own_letter(session, user, letter_id)
    require_writable(letter.response, now)
    if letter.status == LetterStatus.CONFIRMED:
        raise ValidationFailed({"letter": [msg(N_("Synpunkterna ur brevet är redan inlästa och bekräftade."))]})
    if letter.status == LetterStatus.READING and letter.job is not None and not letter.job.finished:
        return letter.job
    job = queue.enqueue(session, READING_JOB, {"letter_id": letter.id}, started_by=user, max_attempts=2)
    letter.status, letter.job, letter.error = LetterStatus.READING, job, None
    session.flush()
    return job


@dataclass(frozen=True)
class DraftSection:
    key: str
    number: str
    heading: str
    text: str


def letter_to_read(session: Session, letter_id: int) -> Letter | None:
    """The letter a reading job is for, or None when there is nothing (more) to do."""
    letter = session.get(Letter, letter_id)
    if letter is None or letter.status != LetterStatus.READING:
        return None
    return letter


def draft_sections(letter: Letter) -> list[DraftSection]:
    """The sections of the version the letter's round consults on, for matching its passages."""
    return [
        DraftSection(s.key, s.number, f"{s.number} {s.heading}", s.body or "")
        for s in letter.response.round.version.sections
    ]


@dataclass(frozen=True)
class FoundPassage:
    """One passage the reading proposes: its paragraphs' texts and pages, and where it goes."""

    paragraphs: list[str]
    pages: list[int]
    kind: str  # "comment" or "boilerplate"
    section_key: str | None
    reason: str
    confidence: float


@dataclass
class Reading:
    pages: int
    passages: list[FoundPassage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ocr_pages: list[int] = field(default_factory=list)
    declines: bool = False


def store_reading(session: Session, letter: Letter, reading: Reading, now: datetime) -> None:
    """Replace the letter's proposed excerpts with this reading's (the caller commits with the job's finish)."""
    sections = {s.key: s for s in letter.response.round.version.sections}
    letter.excerpts.clear()
    session.flush()
    for position, passage in enumerate(reading.passages):
        section = sections.get(passage.section_key) if passage.section_key else None
        letter.excerpts.append(
            LetterExcerpt(
                position=position,
                text="\n\n".join(passage.paragraphs),
                paragraph_pages=list(passage.pages),
                kind=ExcerptKind.COMMENT if passage.kind == "comment" else ExcerptKind.BOILERPLATE,
                section=section if passage.kind == "comment" else None,
                reason=passage.reason,
                confidence=passage.confidence,
            )
        )
    letter.pages = reading.pages
    letter.warnings = list(reading.warnings)
    letter.ocr_pages = list(reading.ocr_pages)
    letter.declines = reading.declines
    letter.status, letter.read_at, letter.error = LetterStatus.READ, now, None
    session.flush()


def store_failure(session: Session, letter_id: int, message: str) -> None:
    """The file could not be read: say why, in Swedish, on the letter."""
    letter = session.get(Letter, letter_id)
    if letter is not None and letter.status == LetterStatus.READING:
        letter.status, letter.error = LetterStatus.FAILED, message[:2000]
        session.flush()
