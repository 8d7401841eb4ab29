"""Who may read and write a remissvar, and writing it without overwriting a colleague's change."""

from __future__ import annotations

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import N_, Conflict, NotFound, msg
from ..people.access import has_role, is_admin
from ..people.models import Role, User
from .models import Response


def is_owner_member(user: User | None, response: Response) -> bool:
    """Members of the owning organisation, or the private person themself."""
    if user is None or not user.is_active or not user.has_role(Role.STAKEHOLDER):
        return False
    if response.organisation_id is not None:
        return user.is_member_of(response.organisation_id)
    return response.person_id == user.id


def can_read_submitted(user: User | None) -> bool:
    return has_role(user, Role.WORKING_GROUP) or is_admin(user)


def get_own_response(session: Session, user: User, response_id: int) -> Response:
    """The response for its owner to work on; anyone else is told it does not exist."""
    response = session.get(Response, response_id)
    if response is None or not is_owner_member(user, response):
        raise NotFound(msg(N_("Remissvaret finns inte.")))
    return response


def lock_own_response(session: Session, user: User, response_id: int) -> Response:
    """`get_own_response`, with the row locked until the transaction ends and read afresh.

    PostgreSQL takes a row lock (SELECT ... FOR UPDATE), so a twin request waits for this one to
    commit and then reads what it wrote; SQLite has no row locks, but a writing request there holds
    the database's write lock from its first statement (app/database.py), which serialises the same.
    """
    response = session.get(Response, response_id, with_for_update=True, populate_existing=True)
    if response is None or not is_owner_member(user, response):
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
