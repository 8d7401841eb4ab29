"""Is the compilation ready to publish? What the admin must see before publishing a round.

The readiness check lists what the public would otherwise meet unprepared: points without a
position, theme names no person has set (they are published as "Tema 3"), private persons
shown without name, and the redactions made. Publishing (`publication.publish_compilation`)
takes a `Checked` made from this check and refuses when the round changed since it was read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..collation import sort_key
from ..paging import Page
from ..people.access import Actor, require_admin
from ..remiss.models import Comment, ConsultationRound, Response, ResponseStatus
from ..remiss.rounds import get_round
from ..text import shortened
from .compilation_queries import (
    Entry,
    attach_positions,
    comment_entries,
    is_anonymous,
    latest_done_run,
    note_entries,
)
from .models import AnalysisItem, AnalysisRun, Redaction

PER_PAGE = 50
EXCERPT = 160  # characters of a point shown in the list


@dataclass(frozen=True)
class Unanswered:
    """A point that would be published without the working group's position."""

    key: str  # "c<comment id>" or "n<note id>"
    reference: str
    sender: str
    section_label: str
    excerpt: str
    comment_id: int | None
    note_id: int | None
    response_id: int | None
    in_run: bool  # answerable through the analysis (else on the response's own page)


@dataclass(frozen=True)
class UnnamedTheme:
    theme_id: int
    number: int  # published as "Tema <number>"
    label: str  # the analysis's own label, never published
    size: int


@dataclass(frozen=True)
class RedactionMade:
    comment_id: int
    reference: str
    reason: str
    redacted_at: datetime


@dataclass(frozen=True)
class Checked:
    """What the admin saw on the readiness page and chose: publishing refuses if the round moved on."""

    run_id: int | None
    unanswered: int
    publish_unanswered: bool = False


@dataclass
class Readiness:
    round: ConsultationRound
    now: datetime
    run: AnalysisRun | None  # the analysis that would be published
    unanswered_total: int
    unanswered: Page[Unanswered]
    unnamed_themes: list[UnnamedTheme]
    anonymous_references: list[str]  # private persons published without name
    redactions: list[RedactionMade]

    @property
    def deadline_passed(self) -> bool:
        return self.now >= self.round.closes_at

    @property
    def run_id(self) -> int | None:
        return self.run.id if self.run else None

    def checked(self, publish_unanswered: bool = False) -> Checked:
        return Checked(self.run_id, self.unanswered_total, publish_unanswered)


def _excerpt(text: str) -> str:
    return shortened(text, EXCERPT)


def publishable_points(session: Session, round_: ConsultationRound, run: AnalysisRun | None) -> list[Entry]:
    """Every comment and note that publishing with `run` would show, each with its position."""
    items = list(session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == run.id))) if run else []
    entries = comment_entries(session, round_, for_public=False) + note_entries(session, round_, items)
    attach_positions(session, entries)
    return entries


def _in_run(session: Session, run: AnalysisRun | None) -> set[str]:
    if run is None:
        return set()
    rows = session.execute(select(AnalysisItem.comment_id, AnalysisItem.note_id).where(AnalysisItem.run_id == run.id))
    return {f"c{c}" if c is not None else f"n{n}" for c, n in rows}


def unanswered_count(session: Session, round_: ConsultationRound, run: AnalysisRun | None) -> int:
    return sum(1 for entry in publishable_points(session, round_, run) if entry.decision is None)


def _unanswered(session: Session, round_: ConsultationRound, run: AnalysisRun | None) -> list[Unanswered]:
    in_run = _in_run(session, run)
    positions = {s.key: s.position for s in round_.version.sections}
    found = [e for e in publishable_points(session, round_, run) if e.decision is None]
    found.sort(
        key=lambda e: (e.note_id is not None, positions.get(e.section_key, -1), e.reference, e.comment_id or e.note_id)
    )
    return [
        Unanswered(
            key=e.key,
            reference=e.reference,
            sender=e.sender,
            section_label=e.section_label,
            excerpt=_excerpt(e.text),
            comment_id=e.comment_id,
            note_id=e.note_id,
            response_id=e.response_id,
            in_run=e.key in in_run,
        )
        for e in found
    ]


def _unnamed_themes(run: AnalysisRun | None) -> list[UnnamedTheme]:
    if run is None:
        return []
    return [
        UnnamedTheme(theme.id, theme.rank, theme.label, theme.size)
        for theme in run.themes
        if theme.merged_into_id is None and theme.named_by_id is None
    ]


def _anonymous_references(session: Session, round_: ConsultationRound) -> list[str]:
    responses = session.scalars(
        select(Response)
        .where(
            Response.round_id == round_.id, Response.status == ResponseStatus.SUBMITTED, Response.reference.is_not(None)
        )
        .options(selectinload(Response.organisation), selectinload(Response.person))
    )
    return sorted((r.reference for r in responses if is_anonymous(r, for_public=True)), key=sort_key)


def _redactions(session: Session, round_: ConsultationRound) -> list[RedactionMade]:
    rows = session.execute(
        select(Redaction, Response.reference)
        .join(Comment, Comment.id == Redaction.comment_id)
        .join(Response, Response.id == Comment.response_id)
        .where(Response.round_id == round_.id)
        .order_by(Redaction.redacted_at, Redaction.id)
    )
    return [RedactionMade(r.comment_id, reference or "", r.reason, r.redacted_at) for r, reference in rows]


def readiness(session: Session, actor: Actor, round_id: int, now: datetime, page: int = 1) -> Readiness:
    """Everything the admin must see before publishing the round's compilation (admins only)."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    run = latest_done_run(session, round_id)
    unanswered = _unanswered(session, round_, run)
    page = max(1, page)
    start = (page - 1) * PER_PAGE
    return Readiness(
        round=round_,
        now=now,
        run=run,
        unanswered_total=len(unanswered),
        unanswered=Page(unanswered[start : start + PER_PAGE], page, PER_PAGE, len(unanswered)),
        unnamed_themes=_unnamed_themes(run),
        anonymous_references=_anonymous_references(session, round_),
        redactions=_redactions(session, round_),
    )
