"""Strategy processes, their phases and the draft document with its versions and sections."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..base import Base, UTCDateTime, utcnow, values_check
from ..people.models import User
from ..rendering import markdown_to_stored_html


class VersionStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class PhaseKind(StrEnum):
    ANALYSIS_PLANNING = "analysis_planning"
    DIALOGUE = "dialogue"
    DRAFTING_REMISS = "drafting_remiss"
    DECISION = "decision"


PHASE_ORDER = list(PhaseKind)

process_facilitator = Table(
    "process_facilitator",
    Base.metadata,
    Column("process_id", ForeignKey("process.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
)


class Process(Base):
    __tablename__ = "process"
    __table_args__ = (
        CheckConstraint("length(trim(title)) > 0", name="title_not_blank"),
        CheckConstraint("length(trim(code)) > 0", name="code_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short code such as "RUS2040": used in URLs and in response reference numbers.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    phases: Mapped[list[Phase]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="Phase.starts_on"
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="Document.id"
    )
    facilitators: Mapped[list[User]] = relationship(secondary=process_facilitator)

    def current_phase(self, today: date) -> Phase | None:
        for phase in self.phases:
            if phase.starts_on <= today <= phase.ends_on:
                return phase
        return None

    def __repr__(self) -> str:
        return f"<Process {self.code}>"


class Phase(Base):
    __tablename__ = "phase"
    __table_args__ = (
        UniqueConstraint("process_id", "kind"),
        values_check("kind", PhaseKind),
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    kind: Mapped[PhaseKind] = mapped_column(String(20))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(Text, default="")

    process: Mapped[Process] = relationship(back_populates="phases")


class Document(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process: Mapped[Process] = relationship(back_populates="documents")
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="DocumentVersion.number",
    )

    @property
    def latest_version(self) -> DocumentVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def latest_published(self) -> DocumentVersion | None:
        published = [v for v in self.versions if v.is_published]
        return published[-1] if published else None


class DocumentVersion(Base):
    """One version of a draft: an utkast until it is published, and never edited once it is published."""

    __tablename__ = "document_version"
    __table_args__ = (
        UniqueConstraint("document_id", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        values_check("status", VersionStatus),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    # Each version keeps the title it was made with: a later version's new title never renames it.
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[VersionStatus] = mapped_column(String(20), default=VersionStatus.DRAFT)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(Text, default="")
    source_filename: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions")
    sections: Mapped[list[Section]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Section.position"
    )

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class Section(Base):
    """A numbered section ("3.2 Kompetensförsörjning"); `key` stays the same across versions."""

    __tablename__ = "section"
    __table_args__ = (
        UniqueConstraint("version_id", "key"),
        UniqueConstraint("version_id", "position"),
        UniqueConstraint("version_id", "number"),
        CheckConstraint("level BETWEEN 1 AND 6", name="level_range"),
        CheckConstraint("length(trim(heading)) > 0", name="heading_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(20))
    heading: Mapped[str] = mapped_column(String(300))
    # Markdown source; rendered through the project's sanitiser, never trusted as HTML.
    body: Mapped[str] = mapped_column(Text, default="")
    # The body rendered and sanitised once, when the section is made (a version never changes);
    # its headings keep the source's levels and each page shifts them below its own.
    body_html: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    # Counts edits of the heading and text while the version is a draft, so that two people editing
    # the same section get a conflict, not a silent overwrite (the services bump it).
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # Keys of the previous version's sections this one came from when it split or merged them
    # (space-separated); empty when it simply continues the section with its own key.
    derived_from: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    version: Mapped[DocumentVersion] = relationship(back_populates="sections")
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}

    @property
    def derived_from_keys(self) -> list[str]:
        return self.derived_from.split()

    @validates("body")
    def _render_body(self, _key: str, body: str) -> str:
        self.body_html = markdown_to_stored_html(body or "")
        return body

    @property
    def title(self) -> str:
        return f"{self.number} {self.heading}"


class Adoption(Base):
    """The decision that adopted one published version: by which body, on which day, under which paragraph.

    One row per process (the unique process_id), so a process never has two adopted versions.
    """

    __tablename__ = "adoption"
    __table_args__ = (
        UniqueConstraint("process_id"),
        UniqueConstraint("version_id"),
        CheckConstraint("length(trim(body)) > 0", name="body_not_blank"),
        CheckConstraint("length(trim(reference)) > 0", name="reference_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("process.id", ondelete="CASCADE"))
    version_id: Mapped[int] = mapped_column(ForeignKey("document_version.id", ondelete="CASCADE"))
    # The deciding body as the decision names it, e.g. "Regionfullmäktige".
    body: Mapped[str] = mapped_column(String(200))
    decided_on: Mapped[date] = mapped_column(Date)
    # The paragraph and/or diary number of the decision ("§ 112, RS 2026/341").
    reference: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    process: Mapped[Process] = relationship()
    version: Mapped[DocumentVersion] = relationship()
