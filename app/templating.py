"""Filters and globals available in every template."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import format_date, format_datetime, get_locale

from consultation.text import grouped
from consultation.timezones import local_today, to_local

from . import labels
from .html import render_markdown, section_html
from .i18n import translate

# A date with its time, per interface language: "kl." is Swedish, so English gets its own pattern.
DATETIME_PATTERNS = {
    "sv": "d MMMM y 'kl.' HH:mm",
    "en": "d MMMM y 'at' HH:mm",
}


def local_datetime(moment: datetime | None, fmt: str | None = None) -> str:
    """A UTC moment as Stockholm wall-clock time, in the pattern of the interface language."""
    if moment is None:
        return ""
    if fmt is None:
        language = get_locale().language if get_locale() else "sv"
        fmt = DATETIME_PATTERNS.get(language, DATETIME_PATTERNS["sv"])
    return format_datetime(to_local(moment), fmt, rebase=False)


def long_date(day: date | None) -> str:
    return format_date(day, "d MMMM y") if day else ""


def month_name(day: date) -> str:
    """The month of a date by name, as it stands alone ("mars", "March")."""
    return format_date(day, "LLLL")


def local_date(moment: datetime) -> date:
    """The Stockholm calendar day of a UTC moment."""
    return to_local(moment).date()


def iso_local(moment: datetime) -> str:
    return to_local(moment).isoformat(timespec="minutes")


def decimal(value: float | None) -> str:
    """A measured value as Swedish text writes it: 12,5 and 1 200, never 1200.0."""
    if value is None:
        return ""
    whole = float(value).is_integer()
    text = f"{value:,.0f}" if whole else f"{value:,.6f}".rstrip("0")
    text = text.replace(",", " ").replace(".", ",")
    return text.replace(" ", "\u00a0")


def init_app(app: Flask) -> None:
    app.jinja_env.filters["local_datetime"] = local_datetime
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["month_name"] = month_name
    app.jinja_env.filters["iso_local"] = iso_local
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["section_html"] = section_html
    app.jinja_env.filters["grouped"] = grouped
    app.jinja_env.filters["decimal"] = decimal
    app.jinja_env.globals["labels"] = labels
    app.jinja_env.globals["local_today"] = local_today
    app.jinja_env.globals["translate"] = translate
