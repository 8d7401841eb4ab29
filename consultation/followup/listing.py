"""Lists of insatser: what the public sees, the coordinator's list, an organisation's own."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..drafts.models import Process
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
