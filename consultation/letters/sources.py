"""Where a comment came from when it came from a letter: the letter and the pages, for "ur bifogat brev, s. 3"."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..remiss.models import Comment, Response
from .models import Letter, LetterExcerpt, LetterStatus


@dataclass(frozen=True)
class LetterSource:
    letter_id: int
    pages: tuple[int, ...]  # the pages the comment's passages start on, in order

    @property
    def first_page(self) -> int | None:
        return self.pages[0] if self.pages else None


def sources_by_comment(session: Session, comment_ids: list[int]) -> dict[int, LetterSource]:
    """For each of the comments that came from a confirmed letter, that letter and its pages (one query)."""
    if not comment_ids:
        return {}
    rows = session.execute(
        select(LetterExcerpt.comment_id, LetterExcerpt.letter_id, LetterExcerpt.paragraph_pages)
        .join(Letter, Letter.id == LetterExcerpt.letter_id)
        .where(LetterExcerpt.comment_id.in_(comment_ids), Letter.status == LetterStatus.CONFIRMED)
        .order_by(LetterExcerpt.comment_id, LetterExcerpt.letter_id, LetterExcerpt.position)
    ).all()
    pages: dict[int, tuple[int, list[int]]] = {}
    for comment_id, letter_id, paragraph_pages in rows:
        letter, found = pages.setdefault(comment_id, (letter_id, []))
        if letter == letter_id:  # a comment made from two letters points to the first
            found += [int(p) for p in paragraph_pages or [] if int(p) not in found]
    return {cid: LetterSource(letter_id, tuple(found)) for cid, (letter_id, found) in pages.items()}


def sources_by_section_key(session: Session, response: Response) -> dict[str | None, LetterSource]:
    """The same for one response, keyed as its submitted snapshot is: by section key (None: the whole draft)."""
    comments = list(session.scalars(select(Comment).where(Comment.response_id == response.id)))
    found = sources_by_comment(session, [c.id for c in comments])
    return {(c.section.key if c.section else None): found[c.id] for c in comments if c.id in found}


def sent_letters(session: Session, response_ids: list[int]) -> dict[int, list[Letter]]:
    """The confirmed letters of the given responses, by response: which responses came as letters."""
    if not response_ids:
        return {}
    found: dict[int, list[Letter]] = {}
    for letter in session.scalars(
        select(Letter)
        .where(Letter.response_id.in_(response_ids), Letter.status == LetterStatus.CONFIRMED)
        .order_by(Letter.id)
    ):
        found.setdefault(letter.response_id, []).append(letter)
    return found
