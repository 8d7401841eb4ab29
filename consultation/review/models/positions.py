"""The working group's positions on comments and meeting notes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...base import Base, UTCDateTime, utcnow, values_check
from ...meetings.models import MeetingNote
from ...people.models import User
from ...remiss.models import Comment, Response


class Decision(StrEnum):
    ACCEPTED = "accepted"  # beaktas
    PARTLY = "partly"  # beaktas delvis
    NOT_ACCEPTED = "not_accepted"  # beaktas ej
    NOTED = "noted"  # noteras


class Position(Base):
    """A ställningstagande: the answer to exactly one comment or one meeting note."""

    __tablename__ = "position"
    __table_args__ = (
        values_check("decision", Decision),
        CheckConstraint("(comment_id IS NULL) <> (note_id IS NULL)", name="one_subject"),
        CheckConstraint("revision >= 1", name="revision_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), unique=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_note.id", ondelete="CASCADE"), unique=True)
    decision: Mapped[Decision] = mapped_column(String(15))
    motivation: Mapped[str] = mapped_column(Text, default="")
    # Where the next draft acted on it, by the section's stable key.
    acted_on_section_key: Mapped[str | None] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    comment: Mapped[Comment | None] = relationship()
    note: Mapped[MeetingNote | None] = relationship()
    decided_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": revision}


class SectionSummary(Base):
    """The working group's short summary of what came in on one section, for the compilation."""

    __tablename__ = "section_summary"
    __table_args__ = (UniqueConstraint("round_id", "section_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("consultation_round.id", ondelete="CASCADE"))
    section_key: Mapped[str] = mapped_column(String(40))  # "whole": the document as a whole
    text: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": revision}


class Redaction(Base):
    """A passage removed from a published comment, with the reason; the original stays archived here."""

    __tablename__ = "redaction"
    __table_args__ = (CheckConstraint("length(trim(reason)) > 0", name="reason_given"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    original_text: Mapped[str] = mapped_column(Text)  # the comment's submitted text before this redaction
    published_text: Mapped[str] = mapped_column(Text)  # what the public sees from now on
    reason: Mapped[str] = mapped_column(Text)
    redacted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    redacted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    comment: Mapped[Comment] = relationship()
    redacted_by: Mapped[User | None] = relationship()


class FeedbackMail(Base):
    """The e-mail that told one respondent what became of their points, once per publication.

    `published_at` is the round's `compilation_published_at` when the mail went out: publishing
    again keeps that stamp (no second mail), unpublishing and publishing anew gives a new one.
    """

    __tablename__ = "feedback_mail"
    __table_args__ = (UniqueConstraint("response_id", "published_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)
    email: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    response: Mapped[Response] = relationship()
