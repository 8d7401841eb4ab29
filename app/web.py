"""Small helpers shared by the blueprints: the acting user and domain errors on forms."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask_login import current_user
from flask_wtf import FlaskForm

from consultation.errors import ValidationFailed
from consultation.people import User

from .extensions import db
from .i18n import translate

T = TypeVar("T")


def acting_user() -> User | None:
    """The signed-in user as the domain sees it, or None for an anonymous visitor."""
    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def show_domain_errors(form: FlaskForm, error: ValidationFailed) -> None:
    """Put a service's validation messages on the form's fields (or on the form itself)."""
    for name, messages in error.errors.items():
        field = getattr(form, name, None)
        texts = [translate(m) for m in messages]
        if field is not None and hasattr(field, "errors"):
            field.errors = list(field.errors) + texts
        else:
            form.form_errors.extend(texts)


def commit_or_show_errors(form: FlaskForm, action: Callable[[], T]) -> T | None:
    """Run one service call and commit; if the domain refuses the input, roll back and show why on the form."""
    try:
        result = action()
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        show_domain_errors(form, error)
        return None
    return result


def form_status(form: FlaskForm) -> int:
    """422 when the form comes back with errors, so that tools and tests can tell."""
    return 422 if form.errors or form.form_errors else 200
