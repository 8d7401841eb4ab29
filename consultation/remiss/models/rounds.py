"""Consultation rounds, invitations, responses and their comments."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...base import Base, UTCDateTime, utcnow, values_check
from ...drafts.models import DocumentVersion, Process, Section
from ...people.models import Organisation, User
from ...timezones import to_local

if TYPE_CHECKING:
    from .outreach import Reminder


class RoundAccess(StrEnum):
    OPEN = "open"  # anyone may respond
    INVITED = "invited"  # only invited organisations


class InvitationStatus(StrEnum):
    INVITED = "invited"
    RESPONDED = "responded"
    DECLINED = "declined"


class ResponseStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class ConsultationRound(Base):
    __tablename__ = "consultation_round"
    __table_args__ = (
        values_check("access", RoundAccess),
        CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    introduction: Mapped[str] = mapped_column(Text, default="")
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    access: Mapped[RoundAccess] = mapped_column(String(10), default=RoundAccess.INVITED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    compilation_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The analysis whose themes the published compilation is ordered by.
    published_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("analysis_run.id", ondelete="SET NULL", use_alter=True)
    )

    process: Mapped[Process] = relationship()
    version: Mapped[DocumentVersion] = relationship()
    invitations: Mapped[list[Invitation]] = relationship(back_populates="round", cascade="all, delete-orphan")

    def is_open_at(self, moment: datetime) -> bool:
        return self.opens_at <= moment < self.closes_at

    @property
    def deadline_date(self) -> date:
        """The last day (Europe/Stockholm) on which the round takes answers: a round closing at midnight
        closes at the end of the day before, not on the day that starts at that instant."""
        return to_local(self.closes_at - timedelta(microseconds=1)).date()


class Invitation(Base):
    """An organisation invited to a round (a remissinstans)."""

    __tablename__ = "invitation"
    __table_args__ = (
        UniqueConstraint("round_id", "organisation_id"),
        values_check("status", InvitationStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("consultation_round.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    status: Mapped[InvitationStatus] = mapped_column(String(10), default=InvitationStatus.INVITED)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    # The address the invitation went to (from the imported list); the register's otherwise.
    contact_email: Mapped[str | None] = mapped_column(String(254))

    round: Mapped[ConsultationRound] = relationship(back_populates="invitations")
    organisation: Mapped[Organisation] = relationship()
    reminders: Mapped[list[Reminder]] = relationship(
        back_populates="invitation", cascade="all, delete-orphan", order_by="Reminder.sent_at"
    )


class Response(Base):
    """A remissvar: belongs to an organisation, or to one person answering as a private person."""

    __tablename__ = "response"
    __table_args__ = (
        values_check("status", ResponseStatus),
        CheckConstraint("(organisation_id IS NULL) <> (person_id IS NULL)", name="one_owner"),
        CheckConstraint("status = 'draft' OR reference IS NOT NULL", name="submitted_has_reference"),
        CheckConstraint("revision >= 1", name="revision_positive"),
        CheckConstraint("registered_at IS NULL OR received_on IS NOT NULL", name="registered_has_received_on"),
        # One response per organisation, and one per private person, in each round.
        Index(
            "uq_response_round_organisation",
            "round_id",
            "organisation_id",
            unique=True,
            sqlite_where=text("organisation_id IS NOT NULL"),
            postgresql_where=text("organisation_id IS NOT NULL"),
        ),
        Index(
            "uq_response_round_person",
            "round_id",
            "person_id",
            unique=True,
            sqlite_where=text("person_id IS NOT NULL"),
            postgresql_where=text("person_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("consultation_round.id", ondelete="CASCADE"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    status: Mapped[ResponseStatus] = mapped_column(String(10), default=ResponseStatus.DRAFT)
    # "<process code>-<year>-<sequence>", given on first submission and never reused.
    reference: Mapped[str | None] = mapped_column(String(40), unique=True)
    # Private persons choose whether their name may be published with the response.
    publish_name_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A remissvar that came by e-mail or post, registered by the coordinator (the registrator's work):
    # the day it was received decides whether it is on time, whenever it was registered.
    received_on: Mapped[date | None] = mapped_column(Date)
    diarienummer: Mapped[str | None] = mapped_column(String(60))  # the region's own, free text
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[ConsultationRound] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    person: Mapped[User | None] = relationship(foreign_keys=[person_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    comments: Mapped[list[Comment]] = relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="Comment.id"
    )
    submissions: Mapped[list[ResponseSubmission]] = relationship(
        back_populates="response",
        cascade="all, delete-orphan",
        order_by="ResponseSubmission.number",
    )

    __mapper_args__ = {"version_id_col": revision}

    @property
    def is_registration(self) -> bool:
        """Registered from a received letter (kept so even when the registrator's account is removed)."""
        return self.registered_at is not None

    @property
    def received_late(self) -> bool:
        """Received after the round's last day: kept, and marked late."""
        return self.received_on is not None and self.received_on > self.round.deadline_date


class ResponseSubmission(Base):
    """A frozen copy of a response as it was submitted; every submission is kept."""

    __tablename__ = "response_submission"
    __table_args__ = (UniqueConstraint("response_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    # [{"section_key": ..., "section_number": ..., "heading": ..., "body": ...}, ...]
    snapshot: Mapped[list] = mapped_column(JSON)

    response: Mapped[Response] = relationship(back_populates="submissions")
    submitted_by: Mapped[User] = relationship()


class Comment(Base):
    """A synpunkt: text against one section, or against the document as a whole (no section)."""

    __tablename__ = "comment"
    __table_args__ = (
        CheckConstraint("revision >= 1", name="revision_positive"),
        UniqueConstraint("response_id", "section_id"),
        Index(
            "uq_comment_response_whole_document",
            "response_id",
            unique=True,
            sqlite_where=text("section_id IS NULL"),
            postgresql_where=text("section_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id"), index=True)
    # The text being worked on; empty once cleared (kept until the next submission).
    body: Mapped[str] = mapped_column(Text)
    # The text as last submitted: the only text the working group ever sees.
    submitted_body: Mapped[str | None] = mapped_column(Text)
    # Optimistic locking: two colleagues saving the same comment never overwrite silently.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    response: Mapped[Response] = relationship(back_populates="comments")
    section: Mapped[Section | None] = relationship()
    updated_by: Mapped[User | None] = relationship()

    # The revision counts changes of the working text only (the services bump it), so that
    # submitting does not make a colleague's open page look out of date.
    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}
