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
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from .access import Actor, require_admin, user_id_of
from .models import AuditEvent, User, utcnow
from .timezones import local_to_utc


class Action(StrEnum):
    LOGIN_SUCCEEDED = "login.succeeded"
    LOGIN_FAILED = "login.failed"
    LOGIN_THROTTLED = "login.throttled"
    LOGOUT = "logout"
    USER_CREATED = "user.created"
    USER_REGISTERED = "user.registered"
    USER_CHANGED = "user.changed"
    ROLES_CHANGED = "user.roles_changed"
    MEMBERSHIPS_CHANGED = "user.memberships_changed"
    INVITATION_ACCEPTED = "invitation.accepted"
    ORGANISATION_APPROVED = "organisation.approved"
    INVITATIONS_SENT = "invitations.sent"
    COLLEAGUE_INVITED = "colleague.invited"
    RESPONSE_SUBMITTED = "response.submitted"
    RESPONSE_REVISED = "response.revised"
    RESPONSE_WITHDRAWN = "response.withdrawn"
    INVITATION_DECLINED = "invitation.declined"
    NOTES_PUBLISHED = "meeting.notes_published"
    COMPILATION_PUBLISHED = "compilation.published"
    COMPILATION_UNPUBLISHED = "compilation.unpublished"
    COMMENT_REDACTED = "comment.redacted"
    EXPORT_DOWNLOADED = "export.downloaded"
    ACCESSIBILITY_REPORTED = "accessibility.reported"


# Detail names that would carry a secret or a person's text; `record` refuses them.
FORBIDDEN_DETAILS = frozenset(
    {"password", "password_hash", "token", "csrf_token", "body", "text", "reason", "passage", "motivation"}
)

client_address: ContextVar[str | None] = ContextVar("audit_client_address", default=None)


@contextmanager
def from_address(address: str | None) -> Iterator[None]:
    """Attribute the events recorded inside the block to this client address."""
    token = client_address.set(address)
    try:
        yield
    finally:
        client_address.reset(token)


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
        user_id=user_id if user_id is not None else user_id_of(actor),
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
    return session.scalar(
        select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == str(action), AuditEvent.address == address, AuditEvent.occurred_at >= since
        )
    ) or 0


@dataclass(frozen=True)
class EventFilter:
    action: str | None = None
    user_id: int | None = None
    from_day: date | None = None  # Stockholm dates, inclusive
    to_day: date | None = None


@dataclass(frozen=True)
class EventPage:
    events: list[AuditEvent]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def list_events(
    session: Session, actor: Actor | None, filters: EventFilter, page: int = 1, per_page: int = 50
) -> EventPage:
    """The log, newest first, one page at a time; only for admins."""
    require_admin(actor)
    query = select(AuditEvent)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.user_id is not None:
        query = query.where(AuditEvent.user_id == filters.user_id)
    if filters.from_day is not None:
        query = query.where(AuditEvent.occurred_at >= local_to_utc(filters.from_day, time(0)))
    if filters.to_day is not None:
        query = query.where(
            AuditEvent.occurred_at < local_to_utc(filters.to_day + timedelta(days=1), time(0))
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    events = list(
        session.scalars(
            query.options(selectinload(AuditEvent.user))
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    return EventPage(events, page, per_page, total)


def people_in_log(session: Session, actor: Actor | None) -> list[User]:
    """Everyone who appears in the log, for the filter's list of users."""
    require_admin(actor)
    ids = select(AuditEvent.user_id).where(AuditEvent.user_id.is_not(None)).distinct()
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))
