"""Follow-up of the adopted strategy: initiatives (insatser) under its goal areas, and their indicators."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Date, Float, ForeignKey, Integer, String, Table, Text
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
