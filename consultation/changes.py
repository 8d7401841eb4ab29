"""One number that every committed write raises: what was read at a lower number may be out of date.

A cache keyed by this number (the web layer's rendered pages) never serves what a later write
changed, whatever the write was and whichever process or machine made it: the number lives in the
database, is raised in the same transaction as the write and becomes visible with it. It is raised
once per commit, as the last statement before the commit, so the row is held only for the commit
itself (on PostgreSQL, writers queue for it at commit time, about a millisecond each).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base

_ROW = 1


class ChangeCounter(Base):
    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


def current(session: Session) -> int | None:
    """The number now, or None where the counter row is missing (a database made without the migrations)."""
    return session.scalar(select(ChangeCounter.value).where(ChangeCounter.id == _ROW))


def raise_counter(session: Session) -> None:
    session.execute(update(ChangeCounter).where(ChangeCounter.id == _ROW).values(value=ChangeCounter.value + 1))
