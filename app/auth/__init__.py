"""Accounts in the web layer: Flask-Login wiring and the login and logout pages."""

from __future__ import annotations

from flask import Flask, session
from flask_login import login_user, logout_user

from consultation.people import User

from ..extensions import db, login_manager
from ..numbers import parse_id

SESSION_VERSION = "_session_version"


def begin_session(user: User) -> None:
    """Sign a person in on a fresh session: nothing from before carries over but the language,
    so a session id or flag someone planted before the login is worth nothing after it."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)
    session[SESSION_VERSION] = user.session_version
    session.permanent = True


def end_session() -> None:
    """Sign out here; the caller has raised the account's session version, so copies end too."""
    logout_user()
    session.clear()


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
        number = parse_id(user_id)
        user = db.session.get(User, number) if number is not None else None
        if user is None or not user.is_active:
            return None
        # A session from before the last logout or password change (or a copy of its cookie) is over.
        return user if session.get(SESSION_VERSION) == user.session_version else None
