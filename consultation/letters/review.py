"""The sender's review of a read letter: move, merge, split and drop excerpts, then confirm them as comments."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from .. import audit
from ..errors import N_, NotFound, ValidationFailed, msg
from ..people.models import User
from ..remiss.models import Comment
from ..remiss.response_access import flush_or_conflict, require_writable
from .files import get_own_letter
from .models import ExcerptKind, Letter, LetterExcerpt, LetterStatus

WHOLE = "whole"  # "förslaget som helhet"
NONE = "none"  # "inte en synpunkt"


def reviewable_letter(session: Session, user: User, letter_id: int, now: datetime) -> Letter:
    letter = get_own_letter(session, user, letter_id)
    require_writable(letter.response, now)
    if letter.status != LetterStatus.READ:
        raise ValidationFailed({"letter": [msg(N_("Brevet är inte inläst och väntar inte på granskning."))]})
    return letter


def _excerpt(letter: Letter, excerpt_id: int) -> LetterExcerpt:
    found = next((e for e in letter.excerpts if e.id == excerpt_id), None)
    if found is None:
        raise NotFound(msg(N_("Utdraget finns inte.")))
    return found


def _renumber(letter: Letter) -> None:
    for position, excerpt in enumerate(sorted(letter.excerpts, key=lambda e: (e.position, e.id or 0))):
        excerpt.position = position


def target_of(excerpt: LetterExcerpt) -> str:
    """The excerpt's target as the review form names it: "section-<id>", "whole" or "none"."""
    if excerpt.kind == ExcerptKind.BOILERPLATE:
        return NONE
    return WHOLE if excerpt.section_id is None else f"section-{excerpt.section_id}"


def set_target(session: Session, user: User, letter_id: int, excerpt_id: int, target: str, now: datetime) -> None:
    """Send an excerpt to another section, to the draft as a whole, or mark it as not a comment."""
    letter = reviewable_letter(session, user, letter_id, now)
    excerpt = _excerpt(letter, excerpt_id)
    if target == NONE:
        excerpt.kind, excerpt.section_id = ExcerptKind.BOILERPLATE, None
    elif target == WHOLE:
        excerpt.kind, excerpt.section_id = ExcerptKind.COMMENT, None
    else:
        sections = {f"section-{s.id}": s for s in letter.response.round.version.sections}
        if target not in sections:
            raise ValidationFailed({f"target-{excerpt.id}": [msg(N_("Välj ett avsnitt i förslaget."))]})
        excerpt.kind, excerpt.section = ExcerptKind.COMMENT, sections[target]
    excerpt.reason = "ändrat av dig"  # the reading's reason no longer says why it is here
    session.flush()


def merge_with_previous(session: Session, user: User, letter_id: int, excerpt_id: int, now: datetime) -> None:
    """Join an excerpt to the one before it, which keeps its target."""
    letter = reviewable_letter(session, user, letter_id, now)
    excerpt = _excerpt(letter, excerpt_id)
    ordered = sorted(letter.excerpts, key=lambda e: e.position)
    index = ordered.index(excerpt)
    if index == 0:
        raise ValidationFailed({"letter": [msg(N_("Det första utdraget har inget utdrag före sig."))]})
    previous = ordered[index - 1]
    previous.text = f"{previous.text}\n\n{excerpt.text}"
    previous.paragraph_pages = [*previous.paragraph_pages, *excerpt.paragraph_pages]
    letter.excerpts.remove(excerpt)
    _renumber(letter)
    session.flush()


def split_excerpt(
    session: Session, user: User, letter_id: int, excerpt_id: int, at_paragraph: int, now: datetime
) -> LetterExcerpt:
    """Cut an excerpt before its paragraph `at_paragraph` (1-based count of paragraphs kept); both keep its target."""
    letter = reviewable_letter(session, user, letter_id, now)
    excerpt = _excerpt(letter, excerpt_id)
    paragraphs = excerpt.paragraphs
    if not 1 <= at_paragraph < len(paragraphs):
        raise ValidationFailed({f"split-{excerpt.id}": [msg(N_("Välj var utdraget ska delas."))]})
    pages = list(excerpt.paragraph_pages) or [0] * len(paragraphs)
    rest = LetterExcerpt(
        position=excerpt.position,
        text="\n\n".join(paragraphs[at_paragraph:]),
        paragraph_pages=pages[at_paragraph:],
        kind=excerpt.kind,
        section_id=excerpt.section_id,
        reason=excerpt.reason,
        confidence=excerpt.confidence,
    )
    excerpt.text = "\n\n".join(paragraphs[:at_paragraph])
    excerpt.paragraph_pages = pages[:at_paragraph]
    for later in letter.excerpts:
        if later.position > excerpt.position:
            later.position += 1
    rest.position = excerpt.position + 1
    letter.excerpts.append(rest)
    session.flush()
    return rest


def confirm_letter(session: Session, user: User, letter_id: int, now: datetime) -> int:
    """The letter's comment excerpts become the response's comments (added to any typed on the same section).

    Returns how many comments were made or added to. The excerpts keep a link to their comment, so
    that the page of the letter each came from can be shown with it.
    """
    letter = reviewable_letter(session, user, letter_id, now)
    response = letter.response
    comments = {c.section_id: c for c in response.comments}
    touched = set()
    for excerpt in sorted(letter.excerpts, key=lambda e: e.position):
        if excerpt.kind != ExcerptKind.COMMENT or not excerpt.text.strip():
            continue
        comment = comments.get(excerpt.section_id)
        if comment is None:
            comment = Comment(section_id=excerpt.section_id, body=excerpt.text, updated_by=user)
            response.comments.append(comment)
            comments[excerpt.section_id] = comment
        else:
            comment.body = f"{comment.body}\n\n{excerpt.text}" if comment.body else excerpt.text
            comment.updated_by = user
            if comment.id is not None:
                comment.revision += 1
        excerpt.comment = comment
        touched.add(excerpt.section_id)
    letter.status, letter.confirmed_at = LetterStatus.CONFIRMED, now
    flush_or_conflict(session, N_("En kollega ändrade svaret precis samtidigt. Ladda om sidan."))
    audit.record(
        session,
        audit.Action.LETTER_CONFIRMED,
        user,
        response,
        {"letter_id": letter.id, "comments": len(touched)},
        now=now,
    )
    return len(touched)
