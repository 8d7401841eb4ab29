"""A round's reminder schedule, set on its page, and the occasions the scheduler has turned into jobs."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, Date, ForeignKey, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...base import Base, UTCDateTime, utcnow
from ...jobs.models import Job
from ...people.models import User
from .rounds import ConsultationRound


class ReminderSchedule(Base):
    """When a round's reminders go out: so many days before the deadline, at a Stockholm wall-clock time."""

    __tablename__ = "reminder_schedule"

    round_id: Mapped[int] = mapped_column(ForeignKey("consultation_round.id", ondelete="CASCADE"), primary_key=True)
    days_before: Mapped[list[int]] = mapped_column(JSON, default=list)  # largest first, e.g. [14, 7, 2]
    # A wall-clock time in Europe/Stockholm, not an instant: 09:00 is 08:00 UTC in winter, 07:00 in summer.
    local_time: Mapped[time] = mapped_column(Time)
    # Occasions that were already due when the schedule was saved are not sent: saving a schedule
    # ten days before the deadline must not mail everyone the "14 days left" reminder at once.
    active_from: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    round: Mapped[ConsultationRound] = relationship()
    updated_by: Mapped[User | None] = relationship()


class ReminderOccasion(Base):
    """One reminder date of a round that came due and was handed to a job; unique, so it is queued once."""

    __tablename__ = "reminder_occasion"
    __table_args__ = (UniqueConstraint("round_id", "remind_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("consultation_round.id", ondelete="CASCADE"))
    remind_on: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("background_job.id", ondelete="SET NULL"))
    # Set when some recipients were held back by the day's cap on round mail: queue again from then.
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    job: Mapped[Job | None] = relationship()
