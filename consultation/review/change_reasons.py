"""Why a section changed: the positions whose "acted on in section" points at it, for the comparison page."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from ..drafts import compare
from ..drafts.models import DocumentVersion
from ..meetings.models import MeetingNote
from ..people.access import Actor, has_role, is_admin
from ..people.models import Role
from ..remiss.models import Comment, ConsultationRound, Response
from ..text import shortened
from .compilation_queries import sender_of
from .models import AnalysisItem, AnalysisRun, Decision, Position, RunStatus

EXCERPT_CHARACTERS = 160


@dataclass(frozen=True)
class Reason:
    kind: str  # "comment" or "note"
    subject_id: int
    run_id: int | None  # the newest finished analysis that holds it: where its position is read and changed
    decision: Decision
    sender: str  # the organisation or person, or the meeting
    excerpt: str


@dataclass
class SectionReasons:
    reasons: list[Reason] = field(default_factory=list)

    @property
    def decisions(self) -> Counter[Decision]:
        return Counter(r.decision for r in self.reasons)


@dataclass(frozen=True)
class TracedComparison:
    comparison: compare.Comparison
    reasons: dict[str, SectionReasons]  # by section key; only the changed, new and removed sections
    shows_reasons: bool  # positions are the working group's until published: others see the changes only


def may_read_reasons(actor: Actor | None) -> bool:
    return is_admin(actor) or has_role(actor, Role.WORKING_GROUP)


def _excerpt(text: str) -> str:
    return shortened(text, EXCERPT_CHARACTERS)


def _from_rounds_between(comment: Comment, old: DocumentVersion, new: DocumentVersion) -> bool:
    """A comment on a version from the older of the two up to (not including) the newer one."""
    version = comment.response.round.version
    low, high = sorted((old.number, new.number))
    return version.document_id == old.document_id and low <= version.number < max(high, low + 1)


def reasons_for(session: Session, actor: Actor | None, comparison: compare.Comparison) -> dict[str, SectionReasons]:
    """The points behind each changed section; three queries, whatever the number of sections or points."""
    keys = [s.key for s in comparison.sections if s.change is not compare.Change.UNCHANGED]
    if not keys or not may_read_reasons(actor):
        return {}
    positions = session.scalars(
        select(Position)
        .where(Position.acted_on_section_key.in_(keys))
        .options(
            joinedload(Position.comment)
            .joinedload(Comment.response)
            .options(
                joinedload(Response.round).joinedload(ConsultationRound.version),
                joinedload(Response.organisation),
                joinedload(Response.person),
            ),
            joinedload(Position.note).joinedload(MeetingNote.meeting),
        )
        .order_by(Position.id)
    ).all()
    kept = [
        p
        for p in positions
        if (p.comment is not None and _from_rounds_between(p.comment, comparison.old, comparison.new))
        or (p.note is not None and p.note.meeting.process_id == comparison.process.id)
    ]
    runs = _answered_in(session, kept)
    found: dict[str, SectionReasons] = {key: SectionReasons() for key in keys}
    for position in kept:
        if position.comment is not None:
            subject = ("comment", position.comment.id)
            sender, text = sender_of(position.comment.response, for_public=False), position.comment.body
        else:
            subject = ("note", position.note.id)  # type: ignore[union-attr]
            sender, text = position.note.meeting.title, position.note.body  # type: ignore[union-attr]
        found[position.acted_on_section_key].reasons.append(  # type: ignore[index]
            Reason(subject[0], subject[1], runs.get(subject), Decision(position.decision), sender, _excerpt(text))
        )
    return found


def _answered_in(session: Session, positions: list[Position]) -> dict[tuple[str, int], int]:
    comment_ids = [p.comment_id for p in positions if p.comment_id is not None]
    note_ids = [p.note_id for p in positions if p.note_id is not None]
    if not comment_ids and not note_ids:
        return {}
    rows = session.execute(
        select(AnalysisItem.comment_id, AnalysisItem.note_id, AnalysisItem.run_id)
        .join(AnalysisRun, AnalysisRun.id == AnalysisItem.run_id)
        .where(
            AnalysisRun.status == RunStatus.DONE,
            AnalysisItem.comment_id.in_(comment_ids) | AnalysisItem.note_id.in_(note_ids),
        )
        .order_by(AnalysisItem.run_id)
    ).all()
    found: dict[tuple[str, int], int] = {}
    for comment_id, note_id, run_id in rows:  # ascending: the newest run wins
        found[("comment", comment_id) if comment_id is not None else ("note", note_id)] = run_id
    return found


def traced_comparison(
    session: Session, actor: Actor | None, code: str, old_number: int | None, new_number: int | None
) -> TracedComparison:
    """The comparison of two versions with, for the working group, the points behind each change."""
    comparison = compare.compare_versions(session, actor, code, old_number, new_number)
    return TracedComparison(comparison, reasons_for(session, actor, comparison), may_read_reasons(actor))


__all__ = [
    "Reason",
    "SectionReasons",
    "TracedComparison",
    "may_read_reasons",
    "reasons_for",
    "traced_comparison",
]
