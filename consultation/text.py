"""Text as people type or paste it, made uniform before it is stored (shared by every part)."""

from __future__ import annotations

import re

# The largest value of an integer column on PostgreSQL (ids, revisions, counts).
MAX_DATABASE_INT = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def normalise_text(text: str | None) -> str:
    """Keep paragraphs as typed or pasted (from Word too); unify line ends, trim the ends."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\x00", "")
    return text.strip()


def shortened(text: str, limit: int) -> str:
    """The text on one line, cut with "…" to at most `limit` characters (for excerpts, titles, subjects)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parse_id(value: object) -> int | None:
    """A whole number from 0 up to what a database column holds, or None for anything else ("²", "-1", "1e3", 10**30).

    `str.isdigit()` is true for "²" and "٣", which `int()` then refuses or reads (a 500), and an id of
    25 digits passes Python but not PostgreSQL (another 500): every posted or queried number is read here.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value <= MAX_DATABASE_INT else None
    if not isinstance(value, str) or not _DIGITS.fullmatch(value.strip()):
        return None
    number = int(value.strip())
    return number if number <= MAX_DATABASE_INT else None


def grouped(number: int) -> str:
    """A number as Swedish text writes it, in groups of three digits with a space: "100 000"."""
    return f"{number:,}".replace(",", " ")
