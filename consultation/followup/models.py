"""Follow-up of the adopted strategy: initiatives (insatser) under its goal areas, and their indicators."""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, UTCDateTime, utcnow, values_check
from ..drafts.models import DocumentVersion, Process, Section
from ..people.models import Organisation, User


class InitiativeStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    PAUSED = "paused"
    CANCELLED = "cancelled"


class Approval(StrEnum):
    """An organisation proposes; the coordinator approves or rejects. Only approved ones are public."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


initiative_section = Table(
    "initiative_section",
    Base.metadata,
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
    Column("section_id", ForeignKey("section.id", ondelete="CASCADE"), primary_key=True),
)


class Initiative(Base):
    """What one organisation does under one or more goal areas (sections) of the adopted version."""

    __tablename__ = "initiative"
    __table_args__ = (
        values_check("status", InitiativeStatus),
        values_check("approval", Approval),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    # The adopted version whose sections are the goal areas; kept, so a later version never moves an insats.
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[InitiativeStatus] = mapped_column(String(20), default=InitiativeStatus.PLANNED)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    approval: Mapped[Approval] = mapped_column(String(20), default=Approval.PROPOSED)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Who approved or rejected it, and when (None while proposed, or when the system did).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What it came from, when it came from input the process already holds.
    source_comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="SET NULL"))
    source_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id", ondelete="SET NULL"))
    source_note_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_note.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Counts the changes of its details, status and progress, so that the coordinator's edit and the owner's
    # report of the same insats get a conflict, never a silent overwrite (the services compare and bump it).
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    process: Mapped[Process] = relationship()
    version: Mapped[DocumentVersion] = relationship()
    organisation: Mapped[Organisation] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    sections: Mapped[list[Section]] = relationship(secondary=initiative_section, order_by=Section.position)
    indicators: Mapped[list[Indicator]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan", order_by="Indicator.position"
    )

    @property
    def is_approved(self) -> bool:
        return self.approval == Approval.APPROVED


class Indicator(Base):
    """A measure of an initiative: name, unit, where it started and where it should end.

    The values reported each period belong in a table of their own (indicator, period, value), so this
    one keeps only what does not change from period to period.
    """

    __tablename__ = "indicator"
    __table_args__ = (CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(50), default="")
    baseline: Mapped[float | None] = mapped_column(Float)
    target: Mapped[float | None] = mapped_column(Float)

    initiative: Mapped[Initiative] = relationship(back_populates="indicators")


# --- the annual cycle: reporting periods and the organisations' reports ---------------------------


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class NoticeKind(StrEnum):
    OPENING = "opening"  # the period was opened: here is your page
    REMINDER = "reminder"  # the schedule's reminder before the deadline
    RESEND = "resend"  # the coordinator's one click to those missing


class NoticeStatus(StrEnum):
    # The row is committed before the mail goes out, so that a job run twice never sends twice.
    SENDING = "sending"
    SENT = "sent"


class ReportingPeriod(Base):
    """One round of the annual cycle ("Uppföljning 2027, våren"): every owner organisation reports by its deadline."""

    __tablename__ = "reporting_period"
    __table_args__ = (
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        UniqueConstraint("process_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    opens_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The last day to report, in Europe/Stockholm; a report after it is still taken (late beats missing),
    # but reminders stop and the completeness view says it came late.
    deadline_on: Mapped[date] = mapped_column(Date)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Days before the deadline on which those who have not submitted are reminded, largest first,
    # at a Stockholm wall-clock time; like a round's schedule, occasions due before it was saved are not sent.
    reminder_days: Mapped[list[int]] = mapped_column(JSON, default=list)
    reminder_time: Mapped[time] = mapped_column(Time, default=lambda: time(9, 0))
    reminders_from: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process: Mapped[Process] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PeriodReport(Base):
    """One organisation's report for a period: a draft its members work on together, then submitted."""

    __tablename__ = "period_report"
    __table_args__ = (UniqueConstraint("period_id", "organisation_id"), values_check("status", ReportStatus))

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    status: Mapped[ReportStatus] = mapped_column(String(20), default=ReportStatus.DRAFT)
    # Counts every save and submission, so a submit confirms the report as the person last saw it.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    period: Mapped[ReportingPeriod] = relationship()
    organisation: Mapped[Organisation] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    lines: Mapped[list[InitiativeReport]] = relationship(back_populates="report", cascade="all, delete-orphan")


class InitiativeReport(Base):
    """Where one insats stood in a period: status, progress and a short comment."""

    __tablename__ = "initiative_report"
    __table_args__ = (
        UniqueConstraint("report_id", "initiative_id"),
        values_check("status", InitiativeStatus),
        CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("period_report.id", ondelete="CASCADE"))
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiative.id", ondelete="CASCADE"), index=True)
    status: Mapped[InitiativeStatus] = mapped_column(String(20))
    progress: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    # Per line, like a remissvar's comment: a colleague's change to the same insats is a conflict, not an overwrite.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    report: Mapped[PeriodReport] = relationship(back_populates="lines")
    initiative: Mapped[Initiative] = relationship()
    updated_by: Mapped[User | None] = relationship()


class IndicatorValue(Base):
    """An indicator's value in one period."""

    __tablename__ = "indicator_value"
    __table_args__ = (UniqueConstraint("indicator_id", "period_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Float)

    indicator: Mapped[Indicator] = relationship()


class PeriodNotice(Base):
    """A mail about a period to an owner organisation: the opening, a reminder or a re-send, once per occasion."""

    __tablename__ = "period_notice"
    __table_args__ = (
        UniqueConstraint("period_id", "organisation_id", "occasion"),
        values_check("kind", NoticeKind),
        values_check("status", NoticeStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    kind: Mapped[NoticeKind] = mapped_column(String(20))
    # What makes it once: "opening", a reminder's date ("2027-03-01"), or a re-send's day ("resend-2027-03-01").
    occasion: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(254))
    status: Mapped[NoticeStatus] = mapped_column(String(10), default=NoticeStatus.SENDING)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship()


class PeriodOccasion(Base):
    """A reminder date of a period that came due and was handed to a job; unique, so it is queued once."""

    __tablename__ = "period_occasion"
    __table_args__ = (UniqueConstraint("period_id", "remind_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("reporting_period.id", ondelete="CASCADE"))
    remind_on: Mapped[date] = mapped_column(Date)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("background_job.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
