"""Organisations, users, roles and memberships."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..base import Base, UTCDateTime, utcnow, values_check
from ..collation import swedish_sorted


class ActorType(StrEnum):
    MUNICIPALITY = "municipality"
    REGION = "region"
    AGENCY = "agency"
    BUSINESS = "business"
    ACADEMIA = "academia"
    CIVIL_SOCIETY = "civil_society"
    PRIVATE_PERSON = "private_person"
    OTHER = "other"


class Role(StrEnum):
    ADMIN = "admin"
    FACILITATOR = "facilitator"
    WORKING_GROUP = "working_group"
    STAKEHOLDER = "stakeholder"


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (
        values_check("actor_type", ActorType),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    actor_type: Mapped[ActorType] = mapped_column(String(20))
    municipality: Mapped[str | None] = mapped_column(String(100))
    organisation_number: Mapped[str | None] = mapped_column(String(11), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    # An organisation that registered itself waits for an admin before it speaks for anyone.
    approved: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name!r}>"


class User(Base):
    __tablename__ = "user_account"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("length(trim(name)) > 0", name="name_not_blank"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Every signed session carries the version it began with; raising it ends them all ("log out
    # everywhere", a new password), copies of the cookie included. A plain logout is an EndedSession.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    role_grants: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserRole.role"
    )
    memberships: Mapped[list[Membership]] = relationship(back_populates="user", cascade="all, delete-orphan")

    # The session protocol the web layer expects of a signed-in user (Flask-Login's, by duck typing).
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def roles(self) -> set[Role]:
        return {Role(grant.role) for grant in self.role_grants}

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def organisations(self) -> list[Organisation]:
        return swedish_sorted((m.organisation for m in self.memberships), key=lambda o: o.name)

    def is_member_of(self, organisation_id: int) -> bool:
        return any(m.organisation_id == organisation_id for m in self.memberships)

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email!r}>"


class UserRole(Base):
    __tablename__ = "user_role"
    __table_args__ = (values_check("role", Role),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="role_grants")


class Membership(Base):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "organisation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")


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


class LoginLock(Base):
    """One row per account key and client address being tried: a login holds its rows' locks while it
    counts, checks the password and records the attempt, so that concurrent attempts are counted one
    after the other and no more passwords are checked than the throttle allows."""

    __tablename__ = "login_lock"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    touched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class OutgoingMail(Base):
    """One e-mail sent on someone's request, kept for a day or two so that mail can be capped: per
    recipient, per sender and per client address. The recipient is a keyed hash, never the address."""

    __tablename__ = "outgoing_mail"
    __table_args__ = (
        Index("ix_outgoing_mail_recipient_key_sent_at", "recipient_key", "sent_at"),
        Index("ix_outgoing_mail_sender_id_sent_at", "sender_id", "sent_at"),
        Index("ix_outgoing_mail_address_sent_at", "address", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    recipient_key: Mapped[str] = mapped_column(String(64))
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    address: Mapped[str | None] = mapped_column(String(64))


class EndedSession(Base):
    """A browser's session that was logged out: its copies (a cookie taken along) open nothing after.

    Kept only as long as such a copy could otherwise still be used (the sessions' longest life), then
    forgotten. Ending every session of an account is the user's `session_version` instead."""

    __tablename__ = "ended_session"
    __table_args__ = (Index("ix_ended_session_ended_at", "ended_at"),)

    session_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
