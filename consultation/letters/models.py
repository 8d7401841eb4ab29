"""A remissvar that arrived as a letter: the original file, and the excerpts its reading proposed."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, UTCDateTime, utcnow, values_check
from ..drafts.models import Section
from ..jobs.models import Job
from ..people.models import User
from ..remiss.models import Comment, Response


class LetterStatus(StrEnum):
    UPLOADED = "uploaded"  # stored, not read yet
    READING = "reading"  # its reading job is queued or running
    READ = "read"  # excerpts proposed, waiting for the sender's review
    FAILED = "failed"  # the file could not be read (the reason is in `error`)
    CONFIRMED = "confirmed"  # the excerpts became the response's comments


class ExcerptKind(StrEnum):
    COMMENT = "comment"
    BOILERPLATE = "boilerplate"  # "inte en synpunkt": letterhead, salutations, signatures …


class Letter(Base):
    """The original letter attached to a response, with what reading it found."""

    __tablename__ = "letter"
    __table_args__ = (
        values_check("status", LetterStatus),
        CheckConstraint("kind IN ('pdf', 'docx', 'odt')", name="kind_valid"),
        CheckConstraint("size_bytes >= 0", name="size_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"), index=True)
    # The name as uploaded, cleaned for display and download; the bytes are kept in the row, so that a
    # worker on another machine reads the same file the web process received (20 MB at most).
    filename: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(10))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pages: Mapped[int | None] = mapped_column(Integer)
    # The decision behind the letter (protokollsutdrag), all optional: which body, when, which paragraph.
    decision_body: Mapped[str | None] = mapped_column(String(300))
    decision_date: Mapped[date | None] = mapped_column(Date)
    decision_paragraph: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[LetterStatus] = mapped_column(String(10), default=LetterStatus.UPLOADED)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("background_job.id", ondelete="SET NULL"))
    error: Mapped[str | None] = mapped_column(Text)  # Swedish, for the person who uploaded it
    warnings: Mapped[list] = mapped_column(JSON, default=list)  # Swedish, e.g. pages OCR could not read
    ocr_pages: Mapped[list] = mapped_column(JSON, default=list)
    declines: Mapped[bool] = mapped_column(Boolean, default=False)  # "avstår från att yttra sig"
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    response: Mapped[Response] = relationship()
    job: Mapped[Job | None] = relationship()
    uploaded_by: Mapped[User | None] = relationship()
    excerpts: Mapped[list[LetterExcerpt]] = relationship(
        back_populates="letter", cascade="all, delete-orphan", order_by="LetterExcerpt.position"
    )


class LetterExcerpt(Base):
    """One passage of a letter and where it goes: a section, the draft as a whole (no section), or nowhere."""

    __tablename__ = "letter_excerpt"
    # No unique position: a split or merge renumbers the letter's excerpts, and a unique index would
    # trip over the order in which the rows are written.
    __table_args__ = (values_check("kind", ExcerptKind),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letter.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    # Paragraphs separated by a blank line; splitting happens at those.
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[ExcerptKind] = mapped_column(String(12))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id"))
    reason: Mapped[str] = mapped_column(Text, default="")  # Swedish words: "nämner avsnitt 4.1"
    confidence: Mapped[float] = mapped_column(Float, default=0.0)
    # The page each paragraph starts on, one per paragraph of `text`, so that a split keeps its pages.
    paragraph_pages: Mapped[list] = mapped_column(JSON, default=list)
    # Set when the letter is confirmed: the comment this passage became part of (several passages on one
    # section become one comment), so that the working group sees which page of the letter it came from.
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="SET NULL"), index=True)

    letter: Mapped[Letter] = relationship(back_populates="excerpts")
    section: Mapped[Section | None] = relationship()
    comment: Mapped[Comment | None] = relationship()

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n\n")

    @property
    def pages(self) -> list[int]:
        return sorted({int(p) for p in self.paragraph_pages or []})

    @property
    def is_comment(self) -> bool:
        return self.kind == ExcerptKind.COMMENT
