"""Telling every respondent what became of their points: their own page, and one e-mail per publication.

Once the compilation is published, a respondent's page ("Era synpunkter och hur de har hanterats")
lists each point they submitted with the working group's position, its motivation and the section
of the newest published version it led to. The same publication mails every respondent a link to
that page once: each mail is recorded (`FeedbackMail`) in the transaction that sends it, so a job
that is run again after a worker died sends only what was not recorded. A mail whose worker died
between the SMTP hand-over and the commit is the one that can go twice; none is ever skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..drafts.models import DocumentVersion, Section
from ..drafts.publication import current_version
from ..errors import N_, NotFound, msg
from ..people.access import Actor, require_admin
from ..people.mail_caps import MailBudget, MailKind
from ..people.models import User
from ..remiss.models import Comment, ConsultationRound, Response, ResponseStatus
from ..remiss.response_access import get_submitted_response
from .compilation_queries import section_label, sender_of
from .models import Decision, FeedbackMail, Position


@dataclass(frozen=True)
class ActedOn:
    """The section of a published version that a point led to."""

    version_number: int
    section_key: str
    section_number: str
    heading: str


@dataclass(frozen=True)
class FeedbackPoint:
    comment_id: int
    section_label: str  # "" for the draft as a whole
    text: str
    decision: Decision | None  # None: the working group has not taken a position on it
    motivation: str
    acted_on: ActedOn | None


@dataclass(frozen=True)
class Feedback:
    response: Response
    round: ConsultationRound
    sender: str
    points: list[FeedbackPoint]

    def count(self, decision: Decision | None) -> int:
        return sum(1 for p in self.points if p.decision == decision)


def _require_published(round_: ConsultationRound) -> None:
    if round_.compilation_published_at is None:
        raise NotFound(msg(N_("Arbetsgruppen har inte publicerat hur synpunkterna har hanterats ännu.")))


def _acted_on(versions: list[DocumentVersion], key: str | None) -> ActedOn | None:
    """The section with the stable `key` in the first of `versions` that has it."""
    if key is None:
        return None
    for version in versions:
        section: Section | None = next((s for s in version.sections if s.key == key), None)
        if section is not None:
            return ActedOn(version.number, key, section.number, section.heading)
    return None


def feedback_for_response(session: Session, user: User | None, response_id: int) -> Feedback:
    """The respondent's points with their positions, for the respondent, the working group and admins."""
    response = get_submitted_response(session, user, response_id)
    round_ = response.round
    if response.reference is None or response.status != ResponseStatus.SUBMITTED:
        raise NotFound(msg(N_("Remissvaret finns inte.")))
    _require_published(round_)
    comments = list(
        session.scalars(
            select(Comment)
            .where(Comment.response_id == response.id, Comment.submitted_body.is_not(None))
            .options(selectinload(Comment.section))
            .order_by(Comment.id)
        )
    )
    positions = {
        p.comment_id: p
        for p in session.scalars(select(Position).where(Position.comment_id.in_([c.id for c in comments])))
    }
    newest = current_version(round_.process)
    versions = [v for v in (newest, round_.version) if v is not None]
    order = {s.key: s.position for s in round_.version.sections}
    points = []
    for comment in sorted(comments, key=lambda c: (-1 if c.section is None else order.get(c.section.key, 10**6), c.id)):
        if not (comment.submitted_body or "").strip():
            continue
        position = positions.get(comment.id)
        points.append(
            FeedbackPoint(
                comment_id=comment.id,
                section_label=section_label(comment.section),
                text=comment.submitted_body or "",
                decision=Decision(position.decision) if position else None,
                motivation=position.motivation if position else "",
                acted_on=_acted_on(versions, position.acted_on_section_key) if position else None,
            )
        )
    return Feedback(response=response, round=round_, sender=sender_of(response, False), points=points)


# --- the e-mail ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackMailDue:
    response_id: int
    reference: str
    email: str


def _address(response: Response) -> str | None:
    """Whoever submitted the latest version; a private person's own address otherwise."""
    if response.submissions:
        return response.submissions[-1].submitted_by.email
    return response.person.email if response.person is not None else None


def feedback_due(session: Session, round_id: int, published_at: datetime) -> list[FeedbackMailDue]:
    """The respondents not yet mailed for this publication; empty once the round is unpublished or republished."""
    round_ = session.get(ConsultationRound, round_id)
    if round_ is None or round_.compilation_published_at != published_at:
        return []
    mailed = set(
        session.scalars(
            select(FeedbackMail.response_id)
            .join(Response)
            .where(Response.round_id == round_id, FeedbackMail.published_at == published_at)
        )
    )
    due = []
    for response in session.scalars(
        select(Response)
        .where(
            Response.round_id == round_id,
            Response.status == ResponseStatus.SUBMITTED,
            Response.reference.is_not(None),
        )
        .options(selectinload(Response.submissions), selectinload(Response.person))
        .order_by(Response.id)
    ):
        email = _address(response)
        if response.id not in mailed and email:
            due.append(FeedbackMailDue(response.id, response.reference or "", email))
    return due


def record_feedback_mail(
    session: Session, budget: MailBudget, due: FeedbackMailDue, published_at: datetime, now: datetime
) -> bool:
    """Count and record one mail (the caller sends it, then commits); False when the address is over its cap."""
    if not budget.take(session, MailKind.FEEDBACK, due.email, now, sender=None):
        return False
    session.add(FeedbackMail(response_id=due.response_id, published_at=published_at, email=due.email, sent_at=now))
    session.flush()
    return True


@dataclass(frozen=True)
class FeedbackMailing:
    published_at: datetime | None
    sent: int
    due: int


def feedback_mailing(session: Session, actor: Actor, round_id: int) -> FeedbackMailing:
    """How far the current publication's mail has come, for the compilation page."""
    require_admin(actor)
    round_ = session.get(ConsultationRound, round_id)
    if round_ is None or round_.compilation_published_at is None:
        return FeedbackMailing(None, 0, 0)
    published_at = round_.compilation_published_at
    sent = len(
        session.scalars(
            select(FeedbackMail.id)
            .join(Response)
            .where(Response.round_id == round_id, FeedbackMail.published_at == published_at)
        ).all()
    )
    return FeedbackMailing(published_at, sent, len(feedback_due(session, round_id, published_at)))
