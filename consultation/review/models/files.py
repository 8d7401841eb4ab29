"""A compilation's Word file built by a background job, for compilations too large to build in a request."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...base import Base, UTCDateTime, utcnow
from ...jobs.models import Job
from ...remiss.models import ConsultationRound


class CompilationFile(Base):
    """One build of a compilation as a file: for one round, one variant, one state of its content.

    `variant` names what was built ("review:section:0:sv", "public:theme:1:en": audience, order,
    stance grouping, language); `digest` is the digest of the compilation's content when the build was asked for.
    A file is handed out only while the compilation still has that digest, so nobody gets a stale
    one; a newer build of the same round and variant replaces the older rows. `data` stays empty
    until the job has built it.
    """

    __tablename__ = "compilation_file"
    __table_args__ = (UniqueConstraint("round_id", "variant", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("consultation_round.id", ondelete="CASCADE"), index=True)
    variant: Mapped[str] = mapped_column(String(40))
    digest: Mapped[str] = mapped_column(String(64))
    job_id: Mapped[int | None] = mapped_column(ForeignKey("background_job.id", ondelete="SET NULL"))
    data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    built_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[ConsultationRound] = relationship()
    job: Mapped[Job | None] = relationship()
