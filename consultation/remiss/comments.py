"""Writing a remissvar's comments: one box per section, their lengths, and each box's revision.

A comment has two texts: `body`, the text being worked on, and `submitted_body`, the
text as last submitted. Colleagues in the same organisation see and continue the same
working text; a box someone else changed meanwhile becomes a conflict, not an overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from ..drafts.models import Section
from ..errors import N_, NotFound, ValidationFailed, msg
from ..people.models import User
from ..text import grouped, normalise_text
from .models import Comment, Response
from .response_access import flush_or_conflict, get_own_response, require_writable

MAX_COMMENT_LENGTH = 30_000


@dataclass(frozen=True)
class CommentInput:
    section_id: int | None  # None: the document as a whole
    body: str
    # The revision the person started from; None if the box was empty when the page loaded.
    base_revision: int | None = None


@dataclass(frozen=True)
class CommentConflict:
    section_id: int | None
    mine: str
    theirs: str
    theirs_revision: int
    theirs_updated_by: str | None
    theirs_updated_at: datetime


@dataclass
class SaveResult:
    saved: int = 0
    conflicts: list[CommentConflict] = field(default_factory=list)


def _sections_of(response: Response) -> dict[int, Section]:
    return {s.id: s for s in response.round.version.sections}


def _check_lengths(inputs: list[CommentInput], sections: dict[int, Section]) -> None:
    errors = {}
    for item in inputs:
        if item.section_id is not None and item.section_id not in sections:
            raise NotFound(msg(N_("Avsnittet hör inte till förslaget i den här remissrundan.")))
        if len(normalise_text(item.body)) > MAX_COMMENT_LENGTH:
            name = f"section-{item.section_id}" if item.section_id else "whole-document"
            errors[name] = [
                msg(
                    N_("Synpunkten är för lång: högst %(max)s tecken, du har skrivit %(count)s."),
                    max=grouped(MAX_COMMENT_LENGTH),
                    count=grouped(len(normalise_text(item.body))),
                )
            ]
    if errors:
        raise ValidationFailed(errors)


def save_comments(
    session: Session, user: User, response_id: int, inputs: list[CommentInput], now: datetime
) -> SaveResult:
    """Save the boxes a person sent; a box someone else changed meanwhile becomes a conflict."""
    response = get_own_response(session, user, response_id)
    require_writable(response, now)
    sections = _sections_of(response)
    _check_lengths(inputs, sections)
    existing = {c.section_id: c for c in response.comments}
    result = SaveResult()
    for item in inputs:
        body = normalise_text(item.body)
        comment = existing.get(item.section_id)
        if comment is None:
            if body:
                response.comments.append(Comment(section_id=item.section_id, body=body, updated_by=user))
                result.saved += 1
            continue
        if body == comment.body:
            continue
        if item.base_revision != comment.revision:
            result.conflicts.append(
                CommentConflict(
                    section_id=item.section_id,
                    mine=body,
                    theirs=comment.body,
                    theirs_revision=comment.revision,
                    theirs_updated_by=comment.updated_by.name if comment.updated_by else None,
                    theirs_updated_at=comment.updated_at,
                )
            )
            continue
        if not body and comment.submitted_body is None:
            response.comments.remove(comment)  # never submitted: clearing the box removes it
        else:
            comment.body = body
            comment.updated_by = user
            comment.revision += 1
        result.saved += 1
    flush_or_conflict(session, N_("En kollega sparade samma synpunkt precis samtidigt. Ladda om sidan."))
    return result
