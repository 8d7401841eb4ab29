"""One-time links, reminders and reference counters: the paperwork around a round."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...base import Base, UTCDateTime, utcnow, values_check
from ...people.models import Organisation, User
from .rounds import Invitation


class TokenPurpose(StrEnum):
    INVITATION = "invitation"  # an invited organisation's contact creates an account
    COLLEAGUE = "colleague"  # a member invites a colleague into the organisation
    CONFIRM_EMAIL = "confirm_email"  # a self-registered person confirms their address
    SET_PASSWORD = "set_password"  # a person an admin created chooses their own password


class AccountToken(Base):
    """A one-time link: only its SHA-256 is stored, it expires, and it works once."""

    __tablename__ = "account_token"
    __table_args__ = (values_check("purpose", TokenPurpose),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[TokenPurpose] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_round.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class ReminderStatus(StrEnum):
    # The row is committed before the mail goes out, so that a job run twice never sends twice; a
    # row left "sending" means the worker stopped in between and the mail may or may not have gone.
    SENDING = "sending"
    SENT = "sent"


class Reminder(Base):
    """A reminder e-mailed to an invitee that had not answered, at most once per reminder date."""

    __tablename__ = "reminder"
    __table_args__ = (UniqueConstraint("invitation_id", "remind_on"), values_check("status", ReminderStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id", ondelete="CASCADE"))
    remind_on: Mapped[date] = mapped_column(Date)
    email: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[ReminderStatus] = mapped_column(String(10), default=ReminderStatus.SENT)

    invitation: Mapped[Invitation] = relationship(back_populates="reminders")


class ReferenceCounter(Base):
    """The last sequence number given out per process and year; numbers are never reused."""

    __tablename__ = "reference_counter"

    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)
