"""Reading the audit log: the admin's view of who did what, filtered and one page at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..audit import AuditEvent
from ..collation import swedish_sorted
from ..paging import Page, page_count
from ..timezones import local_to_utc
from .access import Actor, require_admin
from .models import User


@dataclass(frozen=True)
class EventFilter:
    action: str | None = None
    user_id: int | None = None
    from_day: date | None = None  # Stockholm dates, inclusive
    to_day: date | None = None


def list_events(
    session: Session, actor: Actor | None, filters: EventFilter, page: int = 1, per_page: int = 50
) -> Page[AuditEvent]:
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
        query = query.where(AuditEvent.occurred_at < local_to_utc(filters.to_day + timedelta(days=1), time(0)))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(max(1, page), page_count(total, per_page))
    events = list(
        session.scalars(
            query.options(selectinload(AuditEvent.user))
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    return Page(events, page, per_page, total)


def people_in_log(session: Session, actor: Actor | None) -> list[User]:
    """Everyone who appears in the log, for the filter's list of users."""
    require_admin(actor)
    ids = select(AuditEvent.user_id).where(AuditEvent.user_id.is_not(None)).distinct()
    return swedish_sorted(session.scalars(select(User).where(User.id.in_(ids))), key=lambda u: u.name)
