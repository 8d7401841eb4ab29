"""Ending one browser's session (a plain logout) without ending the account's other sessions.

Each signed-in browser's session carries a random id of its own. Logging out remembers that id as
ended, so a copy of the cookie (taken from a shared computer, say) opens nothing afterwards, while
the person's phone stays signed in. "Logga ut överallt" and a new password raise the account's
session version instead (`accounts.end_sessions`), which ends every session at once.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session, joinedload

from .models import EndedSession, User


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def end_session(session: Session, session_id: str, now: datetime, max_age: timedelta) -> None:
    """Remember this session as ended (the caller commits), and forget the ones no copy could use."""
    if session.get(EndedSession, session_id) is None:
        session.add(EndedSession(session_id=session_id, ended_at=now))
    # A session older than max_age is refused anyway, so an id ended before then needs no keeping.
    session.execute(delete(EndedSession).where(EndedSession.ended_at < now - max_age))
    session.flush()


def signed_in_user(
    session: Session, user_id: int, session_id: str, started: datetime, now: datetime, max_age: timedelta
) -> User | None:
    """The active user (with their roles) of a session that is neither logged out nor too old, in one query; else None."""
    if not session_id or started > now or now - started > max_age:
        return None
    ended = exists().where(EndedSession.session_id == session_id)
    # The roles come in the same query: nearly every page asks them (navigation, access rules), and
    # loading them on first use was a second query on every signed-in request.
    query = (
        select(User).where(User.id == user_id, User.is_active.is_(True), ~ended).options(joinedload(User.role_grants))
    )
    return session.scalars(query).unique().first()
