"""The audit log: who did what to which object, when and from which address.

Services call `record` inside the transaction of the action itself, so an action and its
event are committed (or rolled back) together. The web layer tells this module the client
address of the current request through `client_address` (a context variable), so services
need no request object.

The log never holds secrets or user text: no passwords, no tokens, no comment or note bodies,
no reasons typed by users. `record` refuses details under names that suggest them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Integer, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    # For annotations only: the log sits below every part of the domain, people included,
    # so that every part can record events; it refers to the acting user by id.
    from .people.access import Actor
    from .people.models import User


class Action(StrEnum):
    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    LOGIN_THROTTLED = "login.throttled"
    LOGOUT = "logout"
    LOGOUT_EVERYWHERE = "logout.everywhere"
    USER_CREATED = "user.created"
    USER_REGISTERED = "user.registered"
    USER_CHANGED = "user.changed"
    ROLES_CHANGED = "user.roles_changed"
    MEMBERSHIPS_CHANGED = "user.memberships_changed"
    INVITATION_ACCEPTED = "invitation.accepted"
    ORGANISATION_APPROVED = "organisation.approved"
    ORGANISATION_REJECTED = "organisation.rejected"
    ORGANISATION_MERGED = "organisation.merged"
    ORGANISATION_CONTACT_CHANGED = "organisation.contact_changed"
    INVITATIONS_SENT = "invitations.sent"
    COLLEAGUE_INVITED = "colleague.invited"
    RESPONSE_SUBMITTED = "response.submitted"
    RESPONSE_REVISED = "response.revised"
    RESPONSE_REGISTERED = "response.registered"
    LETTER_ATTACHED = "letter.attached"
    LETTER_CONFIRMED = "letter.confirmed"
    RESPONSE_WITHDRAWN = "response.withdrawn"
    INVITATION_DECLINED = "invitation.declined"
    NOTES_PUBLISHED = "meeting.notes_published"
    COMPILATION_PUBLISHED = "compilation.published"
    COMPILATION_UNPUBLISHED = "compilation.unpublished"
    FEEDBACK_MAILED = "compilation.feedback_mailed"
    VERSION_PUBLISHED = "version.published"
    VERSION_ADOPTED = "version.adopted"
    INITIATIVE_APPROVED = "initiative.approved"
    INITIATIVE_REJECTED = "initiative.rejected"
    INITIATIVES_IMPORTED = "initiatives.imported"
    PERIOD_OPENED = "period.opened"
    PERIOD_PUBLISHED = "period.published"
    COUNCIL_CREATED = "council.created"
    AGENDA_PUBLISHED = "council.agenda_published"
    COMMENT_REDACTED = "comment.redacted"
    EXPORT_DOWNLOADED = "export.downloaded"
    ACCESSIBILITY_REPORTED = "accessibility.reported"


# Detail names that would carry a secret or a person's text; `record` refuses them.
FORBIDDEN_DETAILS = frozenset(
    {"password", "password_hash", "token", "csrf_token", "body", "text", "reason", "passage", "motivation"}
)


class AuditEvent(Base):
    """Who did what to which object, when and from where. Rows are only ever added.

    `action` has no CHECK constraint on purpose: a new kind of event must not need a migration
    of the log; the codes live in consultation.audit.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(40), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    target_type: Mapped[str | None] = mapped_column(String(40))
    target_id: Mapped[int | None] = mapped_column(Integer)
    address: Mapped[str | None] = mapped_column(String(64))
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    user: Mapped[User | None] = relationship("User")

    def __repr__(self) -> str:
        return f"<AuditEvent {self.id} {self.action} by {self.user_id}>"


client_address: ContextVar[str | None] = ContextVar("audit_client_address", default=None)


@contextmanager
def from_address(address: str | None) -> Iterator[None]:
    """Attribute the events recorded inside the block to this client address."""
    token = client_address.set(address)
    try:
        yield
    finally:
        client_address.reset(token)


def _user_id_of(actor: Actor | None) -> int | None:
    """The acting person's id; None for the system (a person is the one actor with an id)."""
    return getattr(actor, "id", None)


def _target_of(target: Any) -> tuple[str | None, int | None]:
    if target is None:
        return None, None
    if isinstance(target, tuple):
        return target
    return type(target).__tablename__, target.id


def record(
    session: Session,
    action: Action,
    actor: Actor | None = None,
    target: Any = None,
    details: Mapping[str, Any] | None = None,
    *,
    user_id: int | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Add one event to the session (the caller commits it with the action).

    `target` is a model instance (its table name and id are kept) or a (type, id) pair.
    """
    details = dict(details or {})
    leaked = FORBIDDEN_DETAILS & {key.lower() for key in details}
    if leaked:
        raise ValueError(f"the audit log never keeps {', '.join(sorted(leaked))}")
    if target is not None and not isinstance(target, tuple) and target.id is None:
        session.flush()
    target_type, target_id = _target_of(target)
    event = AuditEvent(
        occurred_at=now or utcnow(),
        action=str(action),
        user_id=user_id if user_id is not None else _user_id_of(actor),
        target_type=target_type,
        target_id=target_id,
        address=client_address.get(),
        details=details,
    )
    session.add(event)
    return event


def count_from_address(session: Session, action: Action, address: str | None, since: datetime) -> int:
    """How many events of this kind came from this client address since then (a simple rate limit)."""
    if address is None:
        return 0
    return (
        session.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == str(action), AuditEvent.address == address, AuditEvent.occurred_at >= since)
        )
        or 0
    )
