"""Swedish alphabetical order for every list a person reads: å, ä, ö after z, case and accents second.

Sorting happens in Python after loading, with one key function, so SQLite and PostgreSQL give the
same order (a database collation would differ between them, and SQLite has none for Swedish).
The key comes from pyuca, the Unicode Collation Algorithm with its default table (DUCET), tailored
as CLDR's Swedish rules are: å < ä < ö follow z as letters of their own, æ sorts as ä and ø as ö
(a secondary, accent-like difference), ü as y. Lower case comes before upper case on the third
level, as in the default table. bench/collation.py measured it against PyICU's "sv" collator: the same order on
the reference pairs; PyICU is faster but has no wheels of its own on PyPI (it builds against the
system's ICU), while pyuca is pure Python from its author.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import TypeVar

T = TypeVar("T")

# Primary weights above every weight in the default table (implicit weights of unassigned code
# points reach 0xFBFF + 0xFFFF), so a letter given one of them sorts after every other letter.
_AFTER_Z = {"å": 0x10000, "ä": 0x10001, "ö": 0x10002}

# (characters as NFD code points, Swedish letter it sorts as, secondary weight: 0x20 is the letter itself)
_TAILORING = [
    ((0x61, 0x30A), "å", 0x20),  # å
    ((0x61, 0x308), "ä", 0x20),  # ä
    ((0xE6,), "ä", 0x21),  # æ
    ((0x6F, 0x308), "ö", 0x20),  # ö
    ((0xF8,), "ö", 0x21),  # ø
]


@cache
def _collator():
    # Deferred: reading the default table takes a moment, and only sorted lists need it.
    from pyuca import Collator

    collator = Collator()
    z_primary = collator.table.find_prefix([ord("z")])[1][0][0]
    lower_tertiary = collator.table.find_prefix([ord("a")])[1][0][2]
    upper_tertiary = collator.table.find_prefix([ord("A")])[1][0][2]
    for code_points, letter, secondary in _TAILORING:
        upper = tuple(ord(chr(c).upper()) if i == 0 else c for i, c in enumerate(code_points))
        for key, tertiary in ((code_points, lower_tertiary), (upper, upper_tertiary)):
            # "z" then a weight above all others: after every word that starts with z, before any other script.
            collator.table.add(list(key), [(z_primary, 0x20, tertiary), (_AFTER_Z[letter], secondary, tertiary)])
    y_elements = collator.table.find_prefix([ord("y")])[1]
    upper_y = collator.table.find_prefix([ord("Y")])[1]
    collator.table.add([0x75, 0x308], [(y_elements[0][0], 0x21, y_elements[0][2])])  # ü as y
    collator.table.add([0x55, 0x308], [(upper_y[0][0], 0x21, upper_y[0][2])])  # Ü as Y
    return collator


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[int, ...]:
    """The Swedish sort key of a text: compare keys, never the texts, to sort.

    pyuca computes about 10 000 keys a second (bench/collation.py), so the names a list shows again
    and again are kept: a page of the register sorts from the cache.
    """
    return tuple(_collator().sort_key(text or ""))


def swedish_sorted(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """`items` in Swedish alphabetical order of `key(item)` (or of the items themselves)."""
    if key is None:
        return sorted(items, key=lambda item: sort_key(str(item)))
    return sorted(items, key=lambda item: sort_key(key(item)))
