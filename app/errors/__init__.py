"""Friendly error pages in Swedish; never a traceback."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from consultation.errors import Conflict, NotAllowed, NotFound

from ..extensions import db

_NOT_TEXT = ("csrf_token", "revision-", "choice-", "action", "next", "pending", "password")


def kept_texts() -> list[tuple[str, str]]:
    """What the person typed into a form that could not be accepted, to give it back."""
    if request.method != "POST":
        return []
    try:
        form = request.form
    except HTTPException:  # the body itself was refused (too large): nothing to give back
        return []
    return [
        (name, value)
        for name, value in form.items(multi=True)
        if not name.startswith(_NOT_TEXT) and len(value.strip()) > 0 and not value.isdigit()
    ]


def _page(status: int, error=None):
    return render_template(f"errors/{status}.html", error=error, kept=kept_texts()), status


def init_app(app: Flask) -> None:
    @app.errorhandler(NotAllowed)
    def not_allowed(error):
        return _page(403, error)

    @app.errorhandler(NotFound)
    def not_found_domain(error):
        return _page(404, error)

    @app.errorhandler(Conflict)
    def conflict(error):
        return _page(409, error)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(400, error)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        if status in (400, 403, 404, 405, 409, 413):
            return _page(status, error)
        return error

    @app.errorhandler(500)
    def internal_error(error):
        db.session.rollback()
        return _page(500)
