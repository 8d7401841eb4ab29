"""Theme analyses of a round's input: each run with its parameters, themes, items and campaigns,
and the cache of sentence vectors that makes a re-run cheap."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...base import Base, UTCDateTime, utcnow, values_check
from ...jobs.models import Job
from ...meetings.models import MeetingNote
from ...people.models import User
from ...remiss.models import Comment, ConsultationRound


class RunStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class AnalysisRun(Base):
    """One clustering of a round's comments (and optionally the process's meeting notes); kept for good."""

    __tablename__ = "analysis_run"
    __table_args__ = (
        values_check("status", RunStatus),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("consultation_round.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # {"include_notes": bool, "section_keys": [...], "actor_types": [...], "n_themes": int | None}
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[RunStatus] = mapped_column(String(10), default=RunStatus.QUEUED)
    stage: Mapped[str] = mapped_column(String(20), default="")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    # Written by the worker as it goes, so that a run whose worker died can be told apart.
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    item_count: Mapped[int] = mapped_column(Integer, default=0)
    embedding_model: Mapped[str | None] = mapped_column(String(80))
    timings: Mapped[dict] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    # The background job that computes the run: while the run is unfinished, its status is the job's.
    job_id: Mapped[int | None] = mapped_column(ForeignKey("background_job.id", ondelete="SET NULL"))
    # How much of the machine's placement the working group kept, redone on every edit (theme_edits):
    # {"kept": int, "total": int, "themes": {machine theme id: [kept, total]}}; None before the first count.
    agreement: Mapped[dict | None] = mapped_column(JSON)

    round: Mapped[ConsultationRound] = relationship(foreign_keys=[round_id])
    job: Mapped[Job | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    themes: Mapped[list[Theme]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="Theme.rank"
    )
    campaigns: Mapped[list[Campaign]] = relationship(
        back_populates="run", cascade="all, delete-orphan", order_by="Campaign.id"
    )

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class Theme(Base):
    __tablename__ = "analysis_theme"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(Integer)  # 1 = largest
    label: Mapped[str] = mapped_column(String(300))
    terms: Mapped[list] = mapped_column(JSON, default=list)
    size: Mapped[int] = mapped_column(Integer, default=0)
    # Set when a person named the theme: the name then carries over to the matching theme
    # of the next run instead of the analysis's own label.
    named_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The theme of the previous run of the round that this one continues (most items shared).
    previous_theme_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_theme.id", ondelete="SET NULL"))
    # A theme merged into another keeps its row (for undo) but no items.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_theme.id", ondelete="SET NULL"))
    summary: Mapped[str] = mapped_column(Text, default="")  # the working group's summary for the compilation
    # The analysis's own summary: two or three sentences quoted from the theme's texts when the
    # run made it (analysis Theme.summary). Named apart from `summary`, which a person writes.
    gist: Mapped[list] = mapped_column(JSON, default=list)
    summary_revision: Mapped[int] = mapped_column(Integer, default=1)

    run: Mapped[AnalysisRun] = relationship(back_populates="themes")
    items: Mapped[list[AnalysisItem]] = relationship(
        back_populates="theme", order_by="AnalysisItem.id", cascade="all, delete-orphan"
    )


class Campaign(Base):
    """Near-identical texts sent by many (a form letter), counted once when themes are formed."""

    __tablename__ = "analysis_campaign"

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"), index=True)
    size: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # the form letter as its commonest sender wrote it

    run: Mapped[AnalysisRun] = relationship(back_populates="campaigns")
    items: Mapped[list[AnalysisItem]] = relationship(back_populates="campaign", order_by="AnalysisItem.id")


class AnalysisItem(Base):
    """One comment or meeting note as it entered a run: the text then, its theme and how sure that is."""

    __tablename__ = "analysis_item"
    __table_args__ = (
        CheckConstraint("(comment_id IS NULL) <> (note_id IS NULL)", name="one_subject"),
        CheckConstraint("confidence >= 0 AND confidence <= 1", name="confidence_share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[int] = mapped_column(ForeignKey("analysis_theme.id", ondelete="CASCADE"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("analysis_campaign.id", ondelete="SET NULL"), index=True)
    comment_id: Mapped[int | None] = mapped_column(ForeignKey("comment.id", ondelete="CASCADE"), index=True)
    note_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_note.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    sender: Mapped[str] = mapped_column(String(300), default="")
    actor_type: Mapped[str | None] = mapped_column(String(20))
    section_key: Mapped[str | None] = mapped_column(String(40))
    section_label: Mapped[str] = mapped_column(String(400), default="")
    language: Mapped[str] = mapped_column(String(5), default="sv")
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    uncertain: Mapped[bool] = mapped_column(Boolean, default=False)
    # 1 = the most typical item of its theme; None = not among the representative quotes.
    representative_rank: Mapped[int | None] = mapped_column(Integer)
    # Set when a person moved the item (or merged or split its theme): such a placement
    # survives a re-run. None: placed by the analysis.
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The theme the clustering put the item in, before carry-over or any person's edit: the yardstick of
    # AnalysisRun.agreement. None for items stored before it was kept. No foreign key: a second key to
    # analysis_theme would make every plain join of items and themes ambiguous, and a machine theme's row
    # is never deleted before its run (merged themes keep theirs).
    machine_theme_id: Mapped[int | None] = mapped_column(Integer)
    off_topic: Mapped[bool] = mapped_column(Boolean, default=False)
    is_new: Mapped[bool] = mapped_column(Boolean, default=False)  # not in the round's previous run

    run: Mapped[AnalysisRun] = relationship()
    theme: Mapped[Theme] = relationship(back_populates="items")
    campaign: Mapped[Campaign | None] = relationship(back_populates="items")
    comment: Mapped[Comment | None] = relationship()
    note: Mapped[MeetingNote | None] = relationship()


class EditAction(StrEnum):
    RENAME = "rename"
    MERGE = "merge"
    SPLIT = "split"
    MOVE = "move"
    OFF_TOPIC = "off_topic"
    ON_TOPIC = "on_topic"


class ThemeEdit(Base):
    """One change a person made to a run's themes: who, when, what, and what undoing it restores."""

    __tablename__ = "theme_edit"
    __table_args__ = (values_check("action", EditAction),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("analysis_run.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    action: Mapped[EditAction] = mapped_column(String(12))
    description: Mapped[str] = mapped_column(Text, default="")  # for the history list, in Swedish
    # What to restore on undo, e.g. {"labels": {theme_id: [label, named_by_id]},
    # "items": {item_id: [theme_id, placed_by_id, off_topic]}, "merged": {theme_id: merged_into_id}}
    before: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class EmbeddingVector(Base):
    """A sentence vector, keyed by a hash of the model and the text: each text is embedded once."""

    __tablename__ = "embedding_vector"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(80))
    dimensions: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # little-endian float32
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
