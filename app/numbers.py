"""Whole numbers from requests (ids, revisions, counts), read strictly: ASCII digits, and no larger than a column holds.

`str.isdigit()` is true for "²" and "٣", which `int()` then refuses or reads (a 500), and an id of
25 digits passes Python but not PostgreSQL (another 500). Every number a form, a query string or
a URL carries goes through here.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField

# The largest value of an integer column on PostgreSQL (ids, revisions, counts).
MAX_DATABASE_INT = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(value: object) -> int | None:
    """A whole number from 0 up to what a database column holds, or None for anything else ("²", "-1", "1e3", 10**30)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_DATABASE_INT else None
    if not isinstance(value, str) or not _DIGITS.fullmatch(value.strip()):
        return None
    number = int(value.strip())
    return number if number <= MAX_DATABASE_INT else None


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
            raise ValueError(
                _l("Ange ett heltal med siffrorna 0–9 (högst %(max)s).", max=f"{MAX_DATABASE_INT:,}".replace(",", " "))
            )
