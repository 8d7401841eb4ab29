"""A second round on a new version: per section, what changed since the earlier round and what was said then.

When a process has an earlier round on an older version of the draft, a respondent of the new
round sees beside each section: whether it changed since that version (new, changed, unchanged),
how many points it got in the earlier round, and their own organisation's (or, for a private
person, their own) earlier comments on it with the position each got. Counts and positions are
the working group's until the earlier compilation is published, so they are shown only after;
the respondent's own earlier text is theirs and always shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..drafts import compare
from ..drafts.models import DocumentVersion
from ..remiss.models import Comment, ConsultationRound, Response
from .compilation_queries import submitted_comments_query
from .models import Decision, Position


@dataclass(frozen=True)
class EarlierComment:
    text: str
    decision: Decision | None  # None: no position, or not published yet
    motivation: str


@dataclass
class SectionHistory:
    change: compare.Change  # NEW: the section was not in the earlier version
    points: int | None  # None: the earlier compilation is not published
    own: list[EarlierComment] = field(default_factory=list)


@dataclass(frozen=True)
class EarlierRound:
    round: ConsultationRound
    version: DocumentVersion
    published: bool  # the earlier round's compilation is published: its counts and positions are public
    sections: dict[str, SectionHistory]  # by the current version's section key

    def of(self, section_key: str) -> SectionHistory | None:
        return self.sections.get(section_key)


def earlier_round_of(session: Session, round_: ConsultationRound) -> ConsultationRound | None:
    """The latest round of the same process on an older version of the draft, closed before this one opened."""
    candidates = session.scalars(
        select(ConsultationRound)
        .where(
            ConsultationRound.process_id == round_.process_id,
            ConsultationRound.id != round_.id,
            ConsultationRound.version_id != round_.version_id,
            ConsultationRound.closes_at <= round_.opens_at,
        )
        .order_by(ConsultationRound.closes_at.desc(), ConsultationRound.id.desc())
    )
    current = round_.version
    for candidate in candidates:
        older = candidate.version
        if older.document_id == current.document_id and older.number < current.number:
            return candidate
    return None


def _same_owner(response: Response):
    if response.organisation_id is not None:
        return Response.organisation_id == response.organisation_id
    return (Response.person_id == response.person_id) & Response.organisation_id.is_(None)


def earlier_round(session: Session, response: Response) -> EarlierRound | None:
    """The history of each section for the respondent of `response` (who is its owner; the caller checked)."""
    round_ = response.round
    earlier = earlier_round_of(session, round_)
    if earlier is None:
        return None
    published = earlier.compilation_published_at is not None
    old_keys = {s.id: s.key for s in earlier.version.sections}
    points: Counter[str] = Counter()
    if published:
        points.update(
            old_keys.get(section_id)
            for section_id in session.scalars(
                submitted_comments_query(earlier.id).with_only_columns(Comment.section_id)
            )
            if section_id is not None
        )
    own = list(
        session.scalars(
            submitted_comments_query(earlier.id)
            .where(_same_owner(response), Comment.section_id.is_not(None))
            .options(selectinload(Comment.section))
            .order_by(Comment.id)
        )
    )
    positions = (
        {p.comment_id: p for p in session.scalars(select(Position).where(Position.comment_id.in_([c.id for c in own])))}
        if published
        else {}
    )
    changes = {c.key: c.change for c in compare.compare_sections(earlier.version.sections, round_.version.sections)}
    sections: dict[str, SectionHistory] = {}
    for section in round_.version.sections:
        change = changes.get(section.key, compare.Change.NEW)
        history = SectionHistory(change=change, points=points.get(section.key, 0) if published else None)
        for comment in own:
            if comment.section.key == section.key and (comment.submitted_body or "").strip():
                position = positions.get(comment.id)
                history.own.append(
                    EarlierComment(
                        text=comment.submitted_body or "",
                        decision=Decision(position.decision) if position else None,
                        motivation=position.motivation if position else "",
                    )
                )
        sections[section.key] = history
    return EarlierRound(round=earlier, version=earlier.version, published=published, sections=sections)
