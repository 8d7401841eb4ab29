"""Lists of insatser: what the public sees, the coordinator's list, an organisation's own."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..drafts.models import Process
from ..paging import Page, page_count
from ..people.access import Actor, require_admin
from ..people.models import User
from .models import Approval, Initiative


def _listing(process: Process):
    return (
        select(Initiative)
        .where(Initiative.process_id == process.id)
        .options(
            selectinload(Initiative.sections),
            selectinload(Initiative.indicators),
            selectinload(Initiative.organisation),
        )
        .order_by(Initiative.title, Initiative.id)
    )


def public_initiatives(session: Session, process: Process) -> list[Initiative]:
    """The approved insatser of the process: what everyone sees."""
    return list(session.scalars(_listing(process).where(Initiative.approval == Approval.APPROVED)))


def all_initiatives(
    session: Session, actor: Actor | None, process: Process, approval: Approval | None = None
) -> list[Initiative]:
    """Every insats of the process, or those in one approval state: the coordinator's list."""
    require_admin(actor)
    query = _listing(process)
    if approval is not None:
        query = query.where(Initiative.approval == approval)
    return list(session.scalars(query))


def own_initiatives(session: Session, actor: Actor | None, process: Process) -> list[Initiative]:
    """The insatser of the actor's organisations, proposals and rejected ones included."""
    if not isinstance(actor, User):
        return []
    ids = [m.organisation_id for m in actor.memberships]
    if not ids:
        return []
    return list(session.scalars(_listing(process).where(Initiative.organisation_id.in_(ids))))


COORDINATOR_PER_PAGE = 100


def coordinator_page(
    session: Session,
    actor: Actor | None,
    process: Process,
    approval: Approval | None = None,
    page: int = 1,
    per_page: int = COORDINATOR_PER_PAGE,
) -> Page[Initiative]:
    """One page of the coordinator's list, in one approval state or all; by title."""
    require_admin(actor)
    counted = select(func.count()).select_from(Initiative).where(Initiative.process_id == process.id)
    query = _listing(process)
    if approval is not None:
        counted = counted.where(Initiative.approval == approval)
        query = query.where(Initiative.approval == approval)
    total = session.scalar(counted) or 0
    page = min(max(1, page), page_count(total, per_page))
    items = list(session.scalars(query.offset((page - 1) * per_page).limit(per_page)))
    return Page(items, page, per_page, total)
