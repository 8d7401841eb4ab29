"""Who may read and write a remissvar, and writing it without overwriting a colleague's change.

A remissvar registered from a received letter is the coordinator's work (Samråd has no registrator
role of its own: the samordnare registers): only admins write it, and the organisation's members
see it once it is submitted, never while it is being registered.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import N_, Conflict, NotFound, msg
from ..people.access import has_role, is_admin
from ..people.models import Role, User
from .models import Response
from .rounds import require_open


def is_owner_member(user: User | None, response: Response) -> bool:
    """Members of the owning organisation, or the private person themself."""
    if user is None or not user.is_active or not user.has_role(Role.STAKEHOLDER):
        return False
    if response.is_registration and response.reference is None:
        return False  # a registration in progress is not the organisation's to read yet
    if response.organisation_id is not None:
        return user.is_member_of(response.organisation_id)
    return response.person_id == user.id


def can_read_submitted(user: User | None) -> bool:
    return has_role(user, Role.WORKING_GROUP) or is_admin(user)


def may_register(user: User | None) -> bool:
    """Who registers remissvar received by e-mail or post: the coordinators (admins)."""
    return is_admin(user)


def may_work_on(user: User | None, response: Response) -> bool:
    """Who writes a response: its organisation's members, or for a registered one, the coordinators."""
    if response.is_registration:
        return may_register(user)
    return is_owner_member(user, response)


def require_writable(response: Response, now: datetime) -> None:
    """A response is written while its round is open; a registered one also after the deadline, since
    the day the letter was received, not the day it is registered, decides whether it is on time."""
    if response.is_registration:
        return
    require_open(response.round, now)


def is_writable(response: Response, now: datetime) -> bool:
    return response.is_registration or response.round.is_open_at(now)


def get_own_response(session: Session, user: User, response_id: int) -> Response:
    """The response for its owner to work on; anyone else is told it does not exist."""
    response = session.get(Response, response_id)
    if response is None or not may_work_on(user, response):
        raise NotFound(msg(N_("Remissvaret finns inte.")))
    return response


def lock_own_response(session: Session, user: User, response_id: int) -> Response:
    """`get_own_response`, with the row locked until the transaction ends and read afresh.

    PostgreSQL takes a row lock (SELECT ... FOR UPDATE), so a twin request waits for this one to
    commit and then reads what it wrote; SQLite has no row locks, but a writing request there holds
    the database's write lock from its first statement (app/database.py), which serialises the same.
    """
    response = session.get(Response, response_id, with_for_update=True, populate_existing=True)
    if response is None or not may_work_on(user, response):
        raise NotFound(msg(N_("Remissvaret finns inte.")))
    return response


def get_submitted_response(session: Session, user: User | None, response_id: int) -> Response:
    """A response as submitted, for its owner, the working group and admins."""
    response = session.get(Response, response_id)
    if response is None:
        raise NotFound(msg(N_("Remissvaret finns inte.")))
    if is_owner_member(user, response):
        return response
    if response.reference is None or not can_read_submitted(user):
        raise NotFound(msg(N_("Remissvaret finns inte.")))
    return response


def flush_or_conflict(session: Session, message: str) -> None:
    """Write now; a row someone else changed since we read it becomes a Conflict, not a silent overwrite."""
    try:
        session.flush()
    except StaleDataError as error:
        raise Conflict(msg(message)) from error
