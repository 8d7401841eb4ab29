"""Background jobs: one row per piece of long work, the truth about it whichever transport carries it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, UTCDateTime, utcnow, values_check
from ..people.models import User


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Base):
    """A job's kind and parameters, where it stands, who started it and, if it failed, why (in Swedish)."""

    __tablename__ = "background_job"
    __table_args__ = (
        values_check("status", JobStatus),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_share"),
        CheckConstraint("attempts >= 0 AND max_attempts >= 1", name="attempts_counted"),
        # Workers look for the oldest queued job and for running jobs whose heartbeat stopped.
        Index("ix_background_job_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    parameters: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(String(10), default=JobStatus.QUEUED)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    # A new token for every attempt: a worker that was given up for dead and wakes up again finds
    # its token gone and stops, so that a job's result is written once.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    worker: Mapped[str | None] = mapped_column(String(120))  # host and process id, for the admin page
    # A running job's last sign of life; a queued job's time of queueing (or of its last hand-on).
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Swedish, for the person who started the job; the technical cause is in `error_detail` and the log.
    error: Mapped[str | None] = mapped_column(Text)
    error_detail: Mapped[str | None] = mapped_column(Text)
    # What the job reports when done, in plain values for its page (counts, names); None until then.
    result: Mapped[dict | None] = mapped_column(JSON)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    started_by: Mapped[User | None] = relationship()

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
