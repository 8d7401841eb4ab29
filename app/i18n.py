"""Swedish by default; a person may choose English, remembered in the session and their account."""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, session
from flask_babel import get_translations, gettext, ngettext
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from consultation.errors import Message

from .extensions import babel


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # a background job (mail from a worker): nobody's session to ask
        return current_app.config["BABEL_DEFAULT_LOCALE"]
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


def request_translations():
    """The catalogue of the request's language, looked up once per request.

    Flask-Babel's own template callables look it up again for every string (the request context
    three times, the locale's name once): 38 µs a `_()`, 12 ms of a page with 300 strings. The
    catalogue is kept beside Flask-Babel's locale in its per-request namespace and checked
    against that locale, so `flask_babel.refresh()` (a new locale) is seen at once."""
    try:
        state = g._flask_babel
        locale = state.babel_locale
        cached_locale, translations = state.samrad_translations
        if cached_locale is locale:
            return translations
    except (AttributeError, RuntimeError):  # not looked up yet in this request, or no request at all
        pass
    translations = get_translations()
    try:
        state = g._flask_babel
        state.samrad_translations = (state.babel_locale, translations)
    except (AttributeError, RuntimeError):
        pass
    return translations


def quick_gettext(string: str, **variables) -> str:
    """Flask-Babel's `gettext` with the catalogue looked up once per request (see above)."""
    text = request_translations().ugettext(string)
    return text % variables if variables else text


def quick_ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Flask-Babel's `ngettext` (`num` a parameter too) with the catalogue looked up once per request."""
    variables.setdefault("num", num)
    return request_translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    """Flask-Babel's `lazy_gettext`, translated through `quick_gettext`.

    The labels of the domain's codes (app/labels.py) are lazy strings read once per row of a list:
    Flask-Babel's own looks the catalogue up again each time (~100 µs under load), which made the
    labels a tenth of the compilation page's time."""
    return LazyString(quick_gettext, string, **variables)


@pass_eval_context
def template_gettext(eval_ctx: EvalContext, string: str, **variables) -> str:
    """`_()` in a template: translated, escaped where the template escapes, then its parameters filled in."""
    text = request_translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


@pass_eval_context
def template_ngettext(eval_ctx: EvalContext, singular: str, plural: str, num: int, **variables) -> str:
    """`ngettext()` in a template; `num` is a parameter too, as in Jinja's newstyle gettext."""
    variables.setdefault("num", num)
    text = request_translations().ungettext(singular, plural, num)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path) + "/translations",
    )
    # Flask-Babel installed Jinja's newstyle gettext (a string with %(name)s parameters, escaped in
    # HTML); these do the same with the catalogue found once per request and one call instead of
    # Jinja's three (`_` -> `gettext` -> the callable, each through Context.call).
    app.jinja_env.globals.update(_=template_gettext, gettext=template_gettext, ngettext=template_ngettext)

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale() or "sv")}
