"""Swedish by default; a person may choose English, remembered in the session and their account."""

from __future__ import annotations

from flask import Flask, current_app, session
from flask_babel import gettext, ngettext
from flask_login import current_user

from consultation.errors import Message

from .extensions import babel


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def translate(message: Message | str) -> str:
    """Translate a domain message (a Swedish msgid with parameters)."""
    if isinstance(message, Message):
        if message.plural is not None:
            params = {k: v for k, v in message.params.items() if k != "num"}
            return ngettext(message.text, message.plural, message.count, **params)
        return gettext(message.text, **message.params)
    return gettext(message)


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path) + "/translations",
    )

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale() or "sv")}
