"""Dialogue meetings, who signed up and came, their notes and documents."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, UTCDateTime, utcnow, values_check
from ..drafts.models import Process, Section
from ..people.models import Organisation, User

__all__ = [
    "Attendance",
    "Meeting",
    "MeetingDocument",
    "MeetingKind",
    "MeetingNote",
    "NextStepStatus",
    "NoteKind",
    "NoteStatus",
    "NoteTag",
    "Signup",
    "meeting_facilitator",
    "meeting_invited_organisation",
    "note_section",
]


class MeetingKind(StrEnum):
    DIALOGUE = "dialogue"  # tematisk dialogträff
    COUNCIL = "council"  # rådsmöte
    WORKSHOP = "workshop"
    STRATEGY_DAY = "strategy"  # the yearly strategy day of the follow-up (årshjulet)


class NoteKind(StrEnum):
    CHALLENGE = "challenge"
    OPPORTUNITY = "opportunity"
    PROPOSAL = "proposal"
    NEXT_STEP = "next_step"


class NoteStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class NextStepStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


meeting_facilitator = Table(
    "meeting_facilitator",
    Base.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)

meeting_invited_organisation = Table(
    "meeting_invited_organisation",
    Base.metadata,
    Column("meeting_id", ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True),
)

note_section = Table(
    "note_section",
    Base.metadata,
    Column("note_id", ForeignKey("meeting_note.id", ondelete="CASCADE"), primary_key=True),
    Column("section_id", ForeignKey("section.id", ondelete="CASCADE"), primary_key=True),
)


class Meeting(Base):
    __tablename__ = "meeting"
    __table_args__ = (
        values_check("kind", MeetingKind),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity > 0", name="capacity_positive"),
        CheckConstraint(
            "participant_count IS NULL OR participant_count >= 0",
            name="participant_count_not_negative",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(String(300), default="")
    online_url: Mapped[str | None] = mapped_column(String(500))
    capacity: Mapped[int | None] = mapped_column(Integer)
    registration_open: Mapped[bool] = mapped_column(Boolean, default=True)
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    # Filled in after the meeting: everyone who came, registered organisations or not.
    participant_count: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process: Mapped[Process] = relationship()
    facilitators: Mapped[list[User]] = relationship(secondary=meeting_facilitator)
    invited_organisations: Mapped[list[Organisation]] = relationship(secondary=meeting_invited_organisation)
    signups: Mapped[list[Signup]] = relationship(back_populates="meeting", cascade="all, delete-orphan")
    attendances: Mapped[list[Attendance]] = relationship(back_populates="meeting", cascade="all, delete-orphan")
    notes: Mapped[list[MeetingNote]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="MeetingNote.id"
    )
    documents: Mapped[list[MeetingDocument]] = relationship(back_populates="meeting", cascade="all, delete-orphan")


class Signup(Base):
    __tablename__ = "signup"
    __table_args__ = (UniqueConstraint("meeting_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    # Set when the person signs up on behalf of their organisation.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="signups")
    user: Mapped[User] = relationship()
    organisation: Mapped[Organisation | None] = relationship()


class Attendance(Base):
    """Who came: an organisation from the register, or a participant who is not in it."""

    __tablename__ = "attendance"
    __table_args__ = (
        CheckConstraint(
            "(organisation_id IS NULL) <> (participant_name IS NULL)",
            name="organisation_or_participant",
        ),
        Index(
            "uq_attendance_meeting_organisation",
            "meeting_id",
            "organisation_id",
            unique=True,
            sqlite_where=text("organisation_id IS NOT NULL"),
            postgresql_where=text("organisation_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    participant_name: Mapped[str | None] = mapped_column(String(200))
    participant_affiliation: Mapped[str | None] = mapped_column(String(200))

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")
    organisation: Mapped[Organisation | None] = relationship()


class MeetingNote(Base):
    """One item said at a meeting: a challenge, an opportunity, a proposal or a next step."""

    __tablename__ = "meeting_note"
    __table_args__ = (
        values_check("kind", NoteKind),
        values_check("status", NoteStatus),
        values_check("step_status", NextStepStatus),
        CheckConstraint(
            "kind = 'next_step' OR (step_status IS NULL AND due_on IS NULL"
            " AND owner_organisation_id IS NULL AND owner_name IS NULL)",
            name="step_fields_only_on_next_steps",
        ),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    kind: Mapped[NoteKind] = mapped_column(String(12))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[NoteStatus] = mapped_column(String(10), default=NoteStatus.DRAFT)
    owner_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    owner_name: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date | None] = mapped_column(Date)
    step_status: Mapped[NextStepStatus | None] = mapped_column(String(12))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="notes")
    sections: Mapped[list[Section]] = relationship(secondary=note_section)
    tags: Mapped[list[NoteTag]] = relationship(
        back_populates="note", cascade="all, delete-orphan", order_by="NoteTag.tag"
    )
    owner_organisation: Mapped[Organisation | None] = relationship()

    __mapper_args__ = {"version_id_col": revision}


class NoteTag(Base):
    __tablename__ = "note_tag"
    __table_args__ = (CheckConstraint("length(trim(tag)) > 0", name="tag_not_blank"),)

    note_id: Mapped[int] = mapped_column(ForeignKey("meeting_note.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)

    note: Mapped[MeetingNote] = relationship(back_populates="tags")


class MeetingDocument(Base):
    """A file of the meeting's own (agenda, minutes); stored under a generated name."""

    __tablename__ = "meeting_document"
    __table_args__ = (CheckConstraint("size_bytes >= 0", name="size_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    original_filename: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="documents")
