"""The working group's reading of submitted responses: lists, per-section views and export rows.

Only submitted text is ever shown here: a comment's `submitted_body`, never the working
text an organisation is still editing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..drafts.models import Section
from ..errors import N_, NotAllowed, msg
from ..paging import Page, page_count
from ..people.access import Actor, has_role, is_admin
from ..people.models import ActorType, Organisation, Role
from .models import Comment, Response, ResponseStatus
from .rounds import get_round


def may_read_responses(actor: Actor | None) -> bool:
    """The working group and the coordinators read incoming remissvar, senders and all."""
    return is_admin(actor) or has_role(actor, Role.WORKING_GROUP)


def require_reader(actor: Actor | None) -> None:
    if not may_read_responses(actor):
        raise NotAllowed(msg(N_("Bara arbetsgruppen och samordnare kan läsa inkomna remissvar.")))


@dataclass(frozen=True)
class ResponseFilter:
    actor_type: ActorType | None = None
    status: ResponseStatus | None = None  # submitted or withdrawn
    section_id: int | None = None


@dataclass(frozen=True)
class ResponseRow:
    """A submitted response in the list, with the number of its submitted comments."""

    response: Response
    comments: int


def submitted_responses(
    session: Session,
    actor: Actor,
    round_id: int,
    filters: ResponseFilter = ResponseFilter(),
    *,
    page: int = 1,
    per_page: int = 50,
) -> Page[ResponseRow]:
    """One page of a round's submitted responses, newest first; a page past the end is the last page.

    Three queries whatever the page holds: the count, the page with its comment counts, the senders."""
    require_reader(actor)
    get_round(session, round_id)
    query = (
        select(Response)
        .outerjoin(Organisation, Response.organisation_id == Organisation.id)
        .where(Response.round_id == round_id, Response.reference.is_not(None))
    )
    if filters.status is not None:
        query = query.where(Response.status == filters.status)
    if filters.actor_type is not None:
        if filters.actor_type == ActorType.PRIVATE_PERSON:
            query = query.where((Response.person_id.is_not(None)) | (Organisation.actor_type == filters.actor_type))
        else:
            query = query.where(Organisation.actor_type == filters.actor_type)
    if filters.section_id is not None:
        query = query.where(
            Response.comments.any((Comment.section_id == filters.section_id) & Comment.submitted_body.is_not(None))
        )
    total = session.scalar(select(func.count()).select_from(query.with_only_columns(Response.id).subquery())) or 0
    page = min(max(1, page), page_count(total, per_page))
    comments = (
        select(func.count(Comment.id))
        .where(Comment.response_id == Response.id, Comment.submitted_body.is_not(None), Comment.submitted_body != "")
        .correlate(Response)
        .scalar_subquery()
    )
    rows = session.execute(
        query.add_columns(comments)
        .options(selectinload(Response.organisation), selectinload(Response.person))
        .order_by(Response.submitted_at.desc(), Response.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return Page([ResponseRow(response, count) for response, count in rows], page, per_page, total)


def actor_type_of(response: Response) -> ActorType:
    if response.organisation is not None:
        return ActorType(response.organisation.actor_type)
    return ActorType.PRIVATE_PERSON


@dataclass(frozen=True)
class CommentRow:
    """One submitted comment with everything an export or a per-section view shows."""

    comment: Comment
    response: Response
    reference: str
    sender: str
    actor_type: ActorType
    municipality: str
    section_number: str
    section_heading: str
    text: str
    submitted_at: datetime


def _sender(response: Response) -> str:
    if response.organisation is not None:
        return response.organisation.name
    return response.person.name if response.person else ""


def comment_rows(
    session: Session,
    actor: Actor,
    round_id: int,
    section_id: int | None = None,
    whole_document_only: bool = False,
) -> list[CommentRow]:
    """Every submitted comment of the round (of one section, if given), in document order."""
    require_reader(actor)
    round_ = get_round(session, round_id)
    query = (
        select(Comment)
        .join(Response)
        .where(
            Response.round_id == round_id,
            Response.status == ResponseStatus.SUBMITTED,
            Comment.submitted_body.is_not(None),
        )
        .options(
            selectinload(Comment.response).options(selectinload(Response.organisation), selectinload(Response.person)),
            selectinload(Comment.section),
        )
    )
    if section_id is not None:
        query = query.where(Comment.section_id == section_id)
    elif whole_document_only:
        query = query.where(Comment.section_id.is_(None))
    positions = {s.id: s.position for s in round_.version.sections}
    comments = sorted(
        session.scalars(query),
        key=lambda c: (
            -1 if c.section_id is None else positions.get(c.section_id, 0),
            c.response.reference or "",
            c.id,
        ),
    )
    rows = []
    for comment in comments:
        response = comment.response
        section: Section | None = comment.section
        rows.append(
            CommentRow(
                comment=comment,
                response=response,
                reference=response.reference or "",
                sender=_sender(response),
                actor_type=actor_type_of(response),
                municipality=(response.organisation.municipality or "") if response.organisation else "",
                section_number=section.number if section else "",
                section_heading=section.heading if section else "",
                text=comment.submitted_body or "",
                submitted_at=response.submitted_at,
            )
        )
    return rows
