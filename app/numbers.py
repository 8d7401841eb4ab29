"""Whole numbers from requests (ids, revisions, counts), read strictly: ASCII digits, and no larger than a column holds.

`str.isdigit()` is true for "²" and "٣", which `int()` then refuses or reads (a 500), and an id of
25 digits passes Python but not PostgreSQL (another 500). Every number a form, a query string or
a URL carries goes through here, or through `consultation.text.parse_id` beneath it.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField

from consultation.text import MAX_DATABASE_INT, grouped, parse_id

__all__ = ["MAX_DATABASE_INT", "WholeNumberField", "database_id", "page_number", "parse_id"]


def database_id(value: object) -> int:
    """`coerce=` for select and checkbox fields: a ValueError (a form error, not a 500) for a bad number."""
    number = parse_id(value)
    if number is None:
        raise ValueError("not a whole number in range")
    return number


def page_number(value: object) -> int:
    """`type=` for a ?sida= parameter: anything but a sensible page number is the first page."""
    number = parse_id(value)
    return number if number is not None and 1 <= number <= 100_000 else 1


class WholeNumberField(IntegerField):
    """An IntegerField that takes ASCII digits only (not "²" or "1_000") and nothing a column cannot hold."""

    def process_formdata(self, valuelist):
        if not valuelist or valuelist[0].strip() == "":
            self.data = None
            return
        text = valuelist[0].strip()
        number = parse_id(text.removeprefix("-"))
        self.data = None if number is None else (-number if text.startswith("-") else number)
        if self.data is None:
            raise ValueError(_l("Ange ett heltal med siffrorna 0–9 (högst %(max)s).", max=grouped(MAX_DATABASE_INT)))
