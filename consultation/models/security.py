"""Login attempts (for throttling) and the audit log of sensitive actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .people import User


class LoginAttempt(Base):
    """One checked password, kept for a day so that every web worker sees the same counters.

    The e-mail address is never stored: `account_key` is a keyed hash of the address as typed
    (normalised), so the counters work the same whether an account exists or not.
    """

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_account_key_attempted_at", "account_key", "attempted_at"),
        Index("ix_login_attempt_address_attempted_at", "address", "attempted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    account_key: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    # From a browser where this account has logged in before (a signed cookie says so).
    known_device: Mapped[bool] = mapped_column(Boolean, default=False)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


class AuditEvent(Base):
    """Who did what to which object, when and from where. Rows are only ever added.

    `action` has no CHECK constraint on purpose: a new kind of event must not need a migration
    of the log; the codes live in consultation.audit.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} by {self.user_id}>"
