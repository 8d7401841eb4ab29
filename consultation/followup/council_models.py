"""The councils (samverkansråd) that carry the strategy: members, their meetings' agendas and commitments.

A council's meetings are the meetings Samråd already has; `CouncilMeeting` links one to its council
and holds the agenda's state, so the meetings part never needs to know about councils.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, UTCDateTime, utcnow, values_check
from ..drafts.models import Process, Section
from ..meetings.models import Meeting, MeetingNote
from ..people.models import Organisation, User
from .models import Initiative


class CouncilKind(StrEnum):
    REGIONAL = "regional"  # regionalt råd: the region and all its municipalities
    LARGER = "larger"  # större samverkansråd: adds agencies, academia, business, civil society
    STRATEGIC = "strategic"  # strategisk grupp: prepares the councils' meetings


class CommitmentStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"


class Council(Base):
    __tablename__ = "council"
    __table_args__ = (
        values_check("kind", CouncilKind),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
        UniqueConstraint("process_id", "name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[CouncilKind] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text, default="")
    # The person who calls its meetings and publishes their agendas.
    convenor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process: Mapped[Process] = relationship()
    convenor: Mapped[User | None] = relationship()
    members: Mapped[list[CouncilMember]] = relationship(
        back_populates="council", cascade="all, delete-orphan", order_by="CouncilMember.id"
    )
    meetings: Mapped[list[CouncilMeeting]] = relationship(back_populates="council", cascade="all, delete-orphan")


class CouncilMember(Base):
    """An organisation or a person sitting on a council."""

    __tablename__ = "council_member"
    __table_args__ = (
        CheckConstraint("(organisation_id IS NULL) <> (user_id IS NULL)", name="organisation_or_person"),
        UniqueConstraint("council_id", "organisation_id"),
        UniqueConstraint("council_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))

    council: Mapped[Council] = relationship(back_populates="members")
    organisation: Mapped[Organisation | None] = relationship()
    user: Mapped[User | None] = relationship()


class CouncilMeeting(Base):
    """A meeting of a council, and whether its agenda is still a draft."""

    __tablename__ = "council_meeting"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id", ondelete="CASCADE"), index=True)
    agenda_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    agenda_published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    meeting: Mapped[Meeting] = relationship()
    council: Mapped[Council] = relationship(back_populates="meetings")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="council_meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )

    @property
    def agenda_published(self) -> bool:
        return self.agenda_published_at is not None


agenda_item_initiative = Table(
    "agenda_item_initiative",
    Base.metadata,
    Column("agenda_item_id", ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True),
    Column("initiative_id", ForeignKey("initiative.id", ondelete="CASCADE"), primary_key=True),
)

agenda_item_section = Table(
    "agenda_item_section",
    Base.metadata,
    Column("agenda_item_id", ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True),
    Column("section_id", ForeignKey("section.id", ondelete="CASCADE"), primary_key=True),
)

# The next steps (notes of kind next_step, from any of the process's meetings) a point follows up.
agenda_item_next_step = Table(
    "agenda_item_next_step",
    Base.metadata,
    Column("agenda_item_id", ForeignKey("agenda_item.id", ondelete="CASCADE"), primary_key=True),
    Column("note_id", ForeignKey("meeting_note.id", ondelete="CASCADE"), primary_key=True),
)


class AgendaItem(Base):
    """One point on a council meeting's agenda, under a goal area (or "övrigt" when it has none)."""

    __tablename__ = "agenda_item"
    __table_args__ = (CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("council_meeting.meeting_id", ondelete="CASCADE"), index=True)
    # The goal area's top-level section of the adopted version; None is "övrigt".
    goal_area_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)
    minutes: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    minutes_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    council_meeting: Mapped[CouncilMeeting] = relationship(back_populates="items")
    goal_area: Mapped[Section | None] = relationship(foreign_keys=[goal_area_id])
    initiatives: Mapped[list[Initiative]] = relationship(secondary=agenda_item_initiative, order_by=Initiative.title)
    sections: Mapped[list[Section]] = relationship(secondary=agenda_item_section, order_by=Section.position)
    next_steps: Mapped[list[MeetingNote]] = relationship(secondary=agenda_item_next_step, order_by=MeetingNote.id)
    commitments: Mapped[list[Commitment]] = relationship(
        back_populates="agenda_item", cascade="all, delete-orphan", order_by="Commitment.id"
    )


class Commitment(Base):
    """What a council hands on to an owner organisation (the budkavle), by a date; it may become an insats."""

    __tablename__ = "commitment"
    __table_args__ = (
        values_check("status", CommitmentStatus),
        CheckConstraint("length(trim(text)) > 0", name="text_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    owner_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    due_on: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[CommitmentStatus] = mapped_column(String(20), default=CommitmentStatus.OPEN)
    # The insats it became: what the insats came from, seen from the insats's side.
    initiative_id: Mapped[int | None] = mapped_column(ForeignKey("initiative.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="commitments")
    owner_organisation: Mapped[Organisation] = relationship()
    initiative: Mapped[Initiative | None] = relationship()
