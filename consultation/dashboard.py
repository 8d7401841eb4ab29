"""What each role sees first after logging in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .collation import swedish_sorted
from .drafts.models import Process, process_facilitator
from .meetings.models import Meeting
from .people.access import has_role, is_admin
from .people.models import Organisation, Role, User
from .remiss.models import ConsultationRound, Invitation, Response, ResponseStatus, RoundAccess


@dataclass(frozen=True)
class RoundStatus:
    round: ConsultationRound
    submitted: int = 0
    own_response: Response | None = None


@dataclass
class StartPage:
    admin_counts: dict[str, int] | None = None
    facilitated_processes: list[Process] = field(default_factory=list)
    upcoming_meetings: list[Meeting] = field(default_factory=list)
    review_rounds: list[RoundStatus] = field(default_factory=list)
    open_rounds: list[RoundStatus] = field(default_factory=list)
    # Rounds not open yet that the user may answer: open to all, or their organisation is invited.
    upcoming_rounds: list[RoundStatus] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)


def _submitted_counts(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(Response.round_id, func.count())
        .where(Response.status == ResponseStatus.SUBMITTED)
        .group_by(Response.round_id)
    )
    return dict(rows.tuples().all())


def _own_responses(session: Session, user: User, rounds: list[ConsultationRound]) -> dict[int, Response]:
    """The user's (or their organisation's) response in each round, by round id: one query for all the rounds."""
    organisation_ids = [m.organisation_id for m in user.memberships]
    query = select(Response).where(Response.round_id.in_([r.id for r in rounds]))
    if organisation_ids:
        query = query.where(Response.organisation_id.in_(organisation_ids))
    else:
        query = query.where(Response.person_id == user.id)
    found: dict[int, Response] = {}
    for response in session.scalars(query.order_by(Response.id)):
        found.setdefault(response.round_id, response)
    return found


def start_page(session: Session, user: User, now: datetime) -> StartPage:
    page = StartPage()
    if is_admin(user):
        page.admin_counts = {
            "processes": session.scalar(select(func.count()).select_from(Process)) or 0,
            "organisations": session.scalar(select(func.count()).select_from(Organisation)) or 0,
            "users": session.scalar(select(func.count()).select_from(User)) or 0,
            "pending": session.scalar(
                select(func.count()).select_from(Organisation).where(Organisation.approved.is_(False))
            )
            or 0,
        }
    if has_role(user, Role.FACILITATOR):
        page.facilitated_processes = swedish_sorted(
            session.scalars(select(Process).join(process_facilitator).where(process_facilitator.c.user_id == user.id)),
            key=lambda p: p.title,
        )
        process_ids = [p.id for p in page.facilitated_processes]
        page.upcoming_meetings = list(
            session.scalars(
                select(Meeting)
                .where(Meeting.process_id.in_(process_ids), Meeting.ends_at >= now)
                .order_by(Meeting.starts_at)
                .limit(10)
            )
        )
    if has_role(user, Role.WORKING_GROUP) or is_admin(user):
        counts = _submitted_counts(session)
        page.review_rounds = [
            RoundStatus(round=r, submitted=counts.get(r.id, 0))
            for r in session.scalars(select(ConsultationRound).order_by(ConsultationRound.closes_at.desc()))
        ]
    if has_role(user, Role.STAKEHOLDER):
        page.organisations = user.organisations
        open_rounds = session.scalars(
            select(ConsultationRound)
            .where(ConsultationRound.opens_at <= now, ConsultationRound.closes_at > now)
            .order_by(ConsultationRound.closes_at)
        ).all()
        own = _own_responses(session, user, list(open_rounds))
        page.open_rounds = [RoundStatus(round=r, own_response=own.get(r.id)) for r in open_rounds]
        invited = select(Invitation.round_id).where(
            Invitation.organisation_id.in_([m.organisation_id for m in user.memberships])
        )
        upcoming = session.scalars(
            select(ConsultationRound)
            .where(
                ConsultationRound.opens_at > now,
                (ConsultationRound.access == RoundAccess.OPEN) | ConsultationRound.id.in_(invited),
            )
            .order_by(ConsultationRound.opens_at)
        )
        page.upcoming_rounds = [RoundStatus(round=r) for r in upcoming]
    return page
