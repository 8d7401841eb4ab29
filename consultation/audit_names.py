"""The names behind the audit log's codes: who and what an event's target and details refer to.

The log keeps ids (a name can change, and a deleted row must not take its events with it); the
admin reads names. This read model sits above every part because a target can be any of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .audit import Action, AuditEvent
from .drafts.models import Process
from .followup.council_models import Council
from .followup.models import Initiative, ReportingPeriod
from .meetings.models import Meeting
from .people.access import Actor, require_admin
from .people.models import Organisation, User
from .remiss.models import Comment, ConsultationRound, Invitation, Response

# Detail fields that hold ids, and the table those ids point into.
DETAIL_TARGETS = {
    "organisation_ids": "organisation",
    "organisation_id": "organisation",
    "invited_by_id": "user_account",
    "round_id": "consultation_round",
    "response_id": "response",
    "council_id": "council",
}


def _detail_targets(event: AuditEvent) -> dict[str, str]:
    targets = dict(DETAIL_TARGETS)
    if event.action == Action.MEMBERSHIPS_CHANGED:
        targets |= {"added": "organisation", "removed": "organisation"}
    return targets


def referenced_ids(event: AuditEvent) -> Iterable[tuple[str, int]]:
    """Every (table, id) an event refers to: its target and the ids in its details."""
    if event.target_type and event.target_id is not None:
        yield event.target_type, event.target_id
    for key, table in _detail_targets(event).items():
        value = (event.details or {}).get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int) and not isinstance(item, bool):
                yield table, item


def _response_name(response: Response) -> str:
    owner = response.organisation.name if response.organisation else (response.person.name if response.person else "")
    return f"{response.reference} ({owner})" if response.reference else owner


def _names_of(session: Session, table: str, ids: set[int]) -> dict[int, str]:
    if table == "user_account":
        return {u.id: u.name for u in session.scalars(select(User).where(User.id.in_(ids)))}
    if table == "organisation":
        return {o.id: o.name for o in session.scalars(select(Organisation).where(Organisation.id.in_(ids)))}
    if table == "consultation_round":
        rounds = session.scalars(select(ConsultationRound).where(ConsultationRound.id.in_(ids)))
        return {r.id: r.title for r in rounds}
    if table == "response":
        return {r.id: _response_name(r) for r in session.scalars(select(Response).where(Response.id.in_(ids)))}
    if table == "invitation":
        invitations = session.scalars(select(Invitation).where(Invitation.id.in_(ids)))
        return {i.id: f"{i.organisation.name}, {i.round.title}" for i in invitations}
    if table == "meeting":
        return {m.id: m.title for m in session.scalars(select(Meeting).where(Meeting.id.in_(ids)))}
    if table == "process":
        return {p.id: f"{p.code} {p.title}" for p in session.scalars(select(Process).where(Process.id.in_(ids)))}
    if table == "initiative":
        return {i.id: i.title for i in session.scalars(select(Initiative).where(Initiative.id.in_(ids)))}
    if table == "reporting_period":
        return {p.id: p.name for p in session.scalars(select(ReportingPeriod).where(ReportingPeriod.id.in_(ids)))}
    if table == "council":
        return {c.id: c.name for c in session.scalars(select(Council).where(Council.id.in_(ids)))}
    if table == "comment":
        comments = session.scalars(select(Comment).where(Comment.id.in_(ids)))
        return {c.id: _response_name(c.response) for c in comments}
    return {}


def names_for(session: Session, actor: Actor | None, events: Iterable[AuditEvent]) -> dict[tuple[str, int], str]:
    """The current name of everything the events refer to; a deleted row has none (the id is shown)."""
    require_admin(actor)
    wanted: dict[str, set[int]] = defaultdict(set)
    for event in events:
        for table, id_ in referenced_ids(event):
            wanted[table].add(id_)
    return {(table, id_): name for table, ids in wanted.items() for id_, name in _names_of(session, table, ids).items()}
