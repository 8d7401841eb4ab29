"""Accounts in the web layer: Flask-Login wiring and the login and logout pages."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask, current_app, session
from flask_login import login_user, logout_user

from consultation.people import User, sessions

from ..extensions import db, login_manager
from ..numbers import parse_id

SESSION_VERSION = "_session_version"
SESSION_ID = "_session_id"
SESSION_STARTED = "_session_started"


def begin_session(user: User) -> None:
    """Sign a person in on a fresh session: nothing from before carries over but the language,
    so a session id or flag someone planted before the login is worth nothing after it."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)
    session[SESSION_VERSION] = user.session_version
    session[SESSION_ID] = sessions.new_session_id()
    session[SESSION_STARTED] = int(datetime.now(UTC).timestamp())
    session.permanent = True


def end_this_session() -> None:
    """Log this browser out for good: its id is remembered as ended (the caller commits), so a copy
    of the cookie opens nothing, while the account's other browsers stay signed in."""
    if session.get(SESSION_ID):
        sessions.end_session(db.session, session[SESSION_ID], datetime.now(UTC), current_app.config["SESSION_MAX_AGE"])


def end_session() -> None:
    """Sign out here (after `end_this_session`, or after the account's session version was raised)."""
    logout_user()
    session.clear()


def _started() -> datetime | None:
    try:
        return datetime.fromtimestamp(int(session.get(SESSION_STARTED)), UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"

    @login_manager.unauthorized_handler
    def unauthorized():
        """Send visitors to the login page; but a form posted after the login expired keeps its text."""
        from flask import flash, redirect, render_template, request, url_for
        from flask_babel import gettext as _

        from ..errors import kept_texts

        kept = kept_texts()
        if kept:
            return render_template("errors/401.html", kept=kept), 401
        flash(_("Logga in för att se sidan."), "info")
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        number, started = parse_id(user_id), _started()
        if number is None or started is None:
            return None
        user = sessions.signed_in_user(
            db.session,
            number,
            str(session.get(SESSION_ID) or ""),
            started,
            datetime.now(UTC),
            current_app.config["SESSION_MAX_AGE"],
        )
        # A session from before the last "log out everywhere" or password change (or a copy of its
        # cookie) is over; so is a logged-out one (signed_in_user checks its id).
        return user if user is not None and session.get(SESSION_VERSION) == user.session_version else None
