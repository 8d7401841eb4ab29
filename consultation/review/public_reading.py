"""What the public sees of a round once its compilation is published: the round and its responses.

The round is found through its public process, and only while published; the responses are
the submitted ones, with the rules of publication applied (names of private persons without
consent left out, redacted passages replaced). The compilation itself is `build_compilation`
with `for_public=True`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from ..drafts import processes
from ..errors import N_, NotFound, msg
from ..remiss.models import ConsultationRound, Response
from ..remiss.reading import actor_type_of
from .compilation_queries import is_anonymous, published_texts, section_label, sender_of, submitted_comments


def published_round(session: Session, code: str, round_id: int) -> ConsultationRound:
    """A round of a public process whose compilation is published; anything else does not exist."""
    process = processes.get_process(session, None, code)
    round_ = session.get(ConsultationRound, round_id)
    if round_ is None or round_.process_id != process.id or round_.compilation_published_at is None:
        raise NotFound(msg(N_("Remissammanställningen är inte publicerad.")))
    return round_


@dataclass
class PublicComment:
    section_label: str  # "" for the document as a whole
    text: str
    redacted: bool


@dataclass
class PublicResponse:
    id: int
    reference: str
    sender: str
    anonymous: bool
    actor_type: str
    submitted_at: datetime | None
    comments: list[PublicComment] = field(default_factory=list)


def published_responses(session: Session, round_: ConsultationRound) -> list[PublicResponse]:
    """The submitted responses of a published round, as the public may see them."""
    if round_.compilation_published_at is None:
        raise NotFound(msg(N_("Remissammanställningen är inte publicerad.")))
    comments = submitted_comments(session, round_.id)
    redacted = published_texts(session, [c.id for c in comments])
    positions = {s.key: s.position for s in round_.version.sections}
    found: dict[int, PublicResponse] = {}
    for comment in sorted(
        comments, key=lambda c: (-1 if c.section is None else positions.get(c.section.key, 10**6), c.id)
    ):
        response = comment.response
        public = found.get(response.id) or found.setdefault(response.id, _public_response(response))
        text = redacted.get(comment.id, comment.submitted_body or "")
        if text.strip():
            public.comments.append(
                PublicComment(section_label=section_label(comment.section), text=text, redacted=comment.id in redacted)
            )
    return sorted(found.values(), key=lambda r: r.reference)


def _public_response(response: Response) -> PublicResponse:
    return PublicResponse(
        id=response.id,
        reference=response.reference or "",
        sender=sender_of(response, True),
        anonymous=is_anonymous(response, True),
        actor_type=actor_type_of(response).value,
        submitted_at=response.submitted_at,
    )


def published_response(session: Session, round_: ConsultationRound, response_id: int) -> PublicResponse:
    for response in published_responses(session, round_):
        if response.id == response_id:
            return response
    raise NotFound(msg(N_("Remissvaret finns inte.")))
