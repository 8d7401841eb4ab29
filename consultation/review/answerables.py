"""Reading what there is to answer: a run's comments and meeting notes, each with its position.

Everything here is seen through an analysis run, the working group's frame for reading the
input, but a position belongs to the comment or note itself: it is found through them, so it
survives a re-run. Recording positions is `positions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from ..drafts import Section
from ..errors import N_, NotFound, msg
from ..paging import Page, page_count
from ..people.access import Actor
from ..remiss import Comment, Response
from ..remiss.reading import require_reader
from .analysis_results import get_run, theme_of_run
from .compilation_queries import WHOLE
from .models import AnalysisItem, AnalysisRun, Campaign, Position, RunStatus, Theme


@dataclass(frozen=True)
class Subject:
    """What a position answers: a comment or a meeting note."""

    kind: Literal["comment", "note"]
    id: int

    @classmethod
    def of(cls, item: AnalysisItem) -> Subject:
        return cls("comment", item.comment_id) if item.comment_id is not None else cls("note", item.note_id)


@dataclass(frozen=True)
class Answerable:
    """One analysed item with its current position (None: not answered yet)."""

    item: AnalysisItem
    position: Position | None

    @property
    def subject(self) -> Subject:
        return Subject.of(self.item)


def with_positions(session: Session, query) -> list[Answerable]:
    """Each item of the query with its position, found through the comment or the note."""
    by_comment, by_note = aliased(Position), aliased(Position)
    rows = session.execute(
        query.add_columns(by_comment, by_note)
        .outerjoin(by_comment, by_comment.comment_id == AnalysisItem.comment_id)
        .outerjoin(by_note, by_note.note_id == AnalysisItem.note_id)
        .options(
            selectinload(AnalysisItem.campaign), selectinload(by_comment.decided_by), selectinload(by_note.decided_by)
        )
        .order_by(AnalysisItem.id)
    ).all()
    return [Answerable(item, comment_position or note_position) for item, comment_position, note_position in rows]


def answerables(
    session: Session,
    actor: Actor,
    run_id: int,
    *,
    theme_id: int | None = None,
    campaign_id: int | None = None,
    only_unanswered: bool = False,
    section_key: str | None = None,
) -> list[Answerable]:
    """The run's items (of one theme or campaign, or one section if given), each with its position."""
    get_run(session, actor, run_id)
    query = select(AnalysisItem).where(AnalysisItem.run_id == run_id)
    if theme_id is not None:
        get_theme(session, actor, run_id, theme_id)
        query = query.where(AnalysisItem.theme_id == theme_id)
    if campaign_id is not None:
        get_campaign(session, actor, run_id, campaign_id)
        query = query.where(AnalysisItem.campaign_id == campaign_id)
    if section_key == WHOLE:  # comments on the document as a whole
        query = query.where(AnalysisItem.section_key.is_(None))
    elif section_key:
        query = query.where(AnalysisItem.section_key == section_key)
    found = with_positions(session, query)
    return [a for a in found if a.position is None] if only_unanswered else found


def _unanswered_items(session: Session, actor: Actor, run_id: int, theme_id: int | None, section_key: str | None):
    get_run(session, actor, run_id)
    query = select(AnalysisItem).where(
        AnalysisItem.run_id == run_id,
        ~exists().where(Position.comment_id == AnalysisItem.comment_id),
        ~exists().where(Position.note_id == AnalysisItem.note_id),
    )
    if theme_id is not None:
        get_theme(session, actor, run_id, theme_id)
        query = query.where(AnalysisItem.theme_id == theme_id)
    if section_key == WHOLE:
        query = query.where(AnalysisItem.section_key.is_(None))
    elif section_key:
        query = query.where(AnalysisItem.section_key == section_key)
    return query


def unanswered_page(
    session: Session,
    actor: Actor,
    run_id: int,
    *,
    theme_id: int | None = None,
    section_key: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> Page[Answerable]:
    """One page of the run's items without a position (of one theme or section if given), in analysis order.

    A page past the end is the last page: answering the last page's items shortens the list."""
    query = _unanswered_items(session, actor, run_id, theme_id, section_key)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page = min(max(1, page), page_count(total, per_page))
    rows = with_positions(session, query.offset((page - 1) * per_page).limit(per_page))
    return Page(rows, page, per_page, total)


def unanswered_ids(
    session: Session, actor: Actor, run_id: int, *, theme_id: int | None = None, section_key: str | None = None
) -> list[int]:
    """The ids of every item the unanswered filter holds, on all its pages (for "the whole selection")."""
    query = _unanswered_items(session, actor, run_id, theme_id, section_key)
    return list(session.scalars(query.with_only_columns(AnalysisItem.id).order_by(AnalysisItem.id)))


def get_answerable(session: Session, actor: Actor, run_id: int, subject: Subject) -> Answerable:
    """One comment or note as it entered the run, with its position; NotFound if the run did not analyse it."""
    get_run(session, actor, run_id)
    column = AnalysisItem.comment_id if subject.kind == "comment" else AnalysisItem.note_id
    found = with_positions(session, select(AnalysisItem).where(AnalysisItem.run_id == run_id, column == subject.id))
    if not found:
        raise NotFound(msg(N_("Texten finns inte i den här analysen.")))
    return found[0]


@dataclass(frozen=True)
class CommentAnswer:
    """Where a comment is answered (the newest finished run of its round that holds it) and its position."""

    run_id: int
    position: Position | None


def answers_of_response(
    session: Session, actor: Actor, response: Response
) -> dict[str | None, tuple[int, CommentAnswer]]:
    """Per section key of a response's comments (None: the whole draft): the comment and where it is answered.

    Comments no finished run holds are left out. Two queries, whatever the number of comments.
    """
    require_reader(actor)
    rows = session.execute(
        select(Comment.id, Section.key, AnalysisItem.run_id)
        .outerjoin(Section, Section.id == Comment.section_id)
        .join(AnalysisItem, AnalysisItem.comment_id == Comment.id)
        .join(AnalysisRun, AnalysisRun.id == AnalysisItem.run_id)
        .where(
            Comment.response_id == response.id,
            AnalysisRun.round_id == response.round_id,
            AnalysisRun.status == RunStatus.DONE,
        )
        .order_by(AnalysisRun.id)
    ).all()
    newest = {comment_id: (key, run_id) for comment_id, key, run_id in rows}  # ascending: the newest run wins
    positions = {p.comment_id: p for p in session.scalars(select(Position).where(Position.comment_id.in_(newest)))}
    return {
        key: (comment_id, CommentAnswer(run_id, positions.get(comment_id)))
        for comment_id, (key, run_id) in newest.items()
    }


def get_theme(session: Session, actor: Actor, run_id: int, theme_id: int) -> Theme:
    """A theme of an existing run, one merged into another included."""
    get_run(session, actor, run_id)
    return theme_of_run(session, run_id, theme_id, merged=True)


def get_campaign(session: Session, actor: Actor, run_id: int, campaign_id: int) -> Campaign:
    get_run(session, actor, run_id)
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.run_id != run_id:
        raise NotFound(msg(N_("Kampanjen finns inte.")))
    return campaign
