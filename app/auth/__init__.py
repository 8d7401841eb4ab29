"""Accounts in the web layer: Flask-Login wiring and the login and logout pages."""

from __future__ import annotations

from flask import Flask, session
from flask_login import login_user

from consultation.people import User

from ..extensions import db, login_manager


def begin_session(user: User) -> None:
    """Sign a person in on a fresh session: nothing from before carries over but the language,
    so a session id or flag someone planted before the login is worth nothing after it."""
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale
    login_user(user)
    session.permanent = True


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
        user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
        return user if user is not None and user.is_active else None
