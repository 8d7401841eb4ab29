"""Friendly error pages in Swedish; never a traceback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from flask import Flask, render_template, request
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, SecurityError
from wtforms import HiddenField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

from consultation.errors import Conflict, NotAllowed, NotFound

from ..database import is_locked
from ..extensions import db
from ..security import posted_from_this_site

# Only the text boxes of the site's forms are given back, each at most as long as the longest text
# a form takes (a comment), and no more of them than a long draft has sections: never whatever
# fields a request made up (a flood of made-up fields once came back as a 184 MB page).
MAX_KEPT_FIELDS = 100
MAX_KEPT_CHARACTERS = 30_000
_COMMENT_BOX = re.compile(r"comment-(?:whole|[0-9]{1,10})")  # the response form's boxes (app/remiss/editing.py)
_NOT_TEXT = ("csrf_token", "next", "pending")


def _form_classes(base: type) -> Iterator[type]:
    for subclass in base.__subclasses__():
        yield subclass
        yield from _form_classes(subclass)


@cache
def text_field_names() -> frozenset[str]:
    """The names of the text boxes (never passwords or hidden fields) of every form of the site."""
    names = set()
    for form_class in _form_classes(FlaskForm):
        for name in dir(form_class):
            field = getattr(form_class, name, None)
            if (
                isinstance(field, UnboundField)
                and issubclass(field.field_class, StringField | TextAreaField)
                and not issubclass(field.field_class, PasswordField | HiddenField)
            ):
                names.add(name)
    return frozenset(names) - set(_NOT_TEXT)


def _is_text_box(name: str) -> bool:
    return name in text_field_names() or _COMMENT_BOX.fullmatch(name) is not None


UNTRUSTED_HOST_PAGE = (
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Begäran kunde inte tas emot</title></head>'
    "<body><h1>Begäran kunde inte tas emot</h1><p>Adressen i begäran hör inte till den här webbplatsen.</p></body></html>"
)


def kept_texts() -> list[tuple[str, str]]:
    """What the person typed into a form that could not be accepted, to give it back."""
    if request.method != "POST" or not posted_from_this_site():
        return []  # another site must not put text of its choosing on this site's pages
    try:
        form = request.form
    except HTTPException:  # the body itself was refused (too large): nothing to give back
        return []
    kept = []
    for name, value in form.items(multi=True):
        if _is_text_box(name) and value.strip() and not value.isdigit():
            kept.append((name, value[:MAX_KEPT_CHARACTERS]))
            if len(kept) == MAX_KEPT_FIELDS:
                break
    return kept


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

    @app.errorhandler(StaleDataError)
    @app.errorhandler(IntegrityError)
    def concurrent_write(error):
        # Two requests changed the same row at once and a service did not turn it into a Conflict:
        # still "someone else got there first" with the text kept, never a 500.
        db.session.rollback()
        app.logger.warning("concurrent write on %s: %s", request.endpoint, type(error).__name__)
        return _page(409)

    @app.errorhandler(OperationalError)
    def database_busy(error):
        db.session.rollback()
        if not is_locked(error):
            app.logger.exception("database error on %s", request.endpoint)
            return _page(500)
        page, status = _page(503)
        return page, status, {"Retry-After": "5"}

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _page(400, error)

    @app.errorhandler(SecurityError)
    def untrusted_host(_error):
        """A Host header outside TRUSTED_HOSTS: no page of the site can be built for it (every link
        would need that host), so a short page of its own."""
        return UNTRUSTED_HOST_PAGE, 400, {"Content-Type": "text/html; charset=utf-8"}

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
