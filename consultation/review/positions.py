"""The working group's positions (ställningstaganden): one per comment or meeting note, with reasons.

Everything here is seen through an analysis run, the working group's frame for reading the
input, but a position belongs to the comment or note itself, so it survives a re-run; what
there is to answer, with the positions it has, is read in `answerables`.

Two members answering the same item never overwrite each other silently: a single answer
carries the revision the person saw, and a save on top of someone else's raises
`PositionConflict` with both versions. A bulk answer leaves items that already have a
position alone unless the person explicitly asks to overwrite them; the result says how
many were skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ..errors import N_, Conflict, Message, NotFound, ValidationFailed, msg
from ..people.access import Actor, user_id_of
from ..text import grouped, normalise_text
from .analysis_results import get_run
from .answerables import Answerable, Subject, answerables, get_answerable, with_positions
from .models import AnalysisItem, AnalysisRun, Decision, Position

MAX_MOTIVATION_LENGTH = 5000
# A public body that does not follow a remiss point, wholly or partly, must say why.
NEEDS_MOTIVATION = frozenset({Decision.NOT_ACCEPTED, Decision.PARTLY})


@dataclass(frozen=True)
class PositionInput:
    decision: str | None
    motivation: str = ""
    acted_on_section_key: str | None = None  # None or "": not (yet) acted on in a section


@dataclass(frozen=True)
class PositionVersion:
    """A saved position as a colleague sees it in a conflict."""

    decision: Decision
    motivation: str
    acted_on_section_key: str | None
    decided_by: str | None
    decided_at: datetime
    revision: int

    @classmethod
    def of(cls, position: Position) -> PositionVersion:
        return cls(
            decision=Decision(position.decision),
            motivation=position.motivation,
            acted_on_section_key=position.acted_on_section_key,
            decided_by=position.decided_by.name if position.decided_by else None,
            decided_at=position.decided_at,
            revision=position.revision,
        )


class PositionConflict(Conflict):
    """Someone else saved a position on the item since the person loaded it: both versions, nothing written."""

    def __init__(self, theirs: PositionVersion, mine: PositionInput):
        self.theirs = theirs
        self.mine = mine
        super().__init__(msg(N_("En kollega har sparat ett ställningstagande för samma text medan du skrev.")))


def _validated(run: AnalysisRun, data: PositionInput) -> tuple[Decision, str, str | None]:
    errors: dict[str, list[Message]] = {}
    decision = data.decision if data.decision in {d.value for d in Decision} else None
    if decision is None:
        errors["decision"] = [msg(N_("Välj ett ställningstagande."))]
    motivation = normalise_text(data.motivation)
    if len(motivation) > MAX_MOTIVATION_LENGTH:
        errors["motivation"] = [
            msg(
                N_("Motiveringen är för lång: högst %(max)s tecken, du har skrivit %(count)s."),
                max=grouped(MAX_MOTIVATION_LENGTH),
                count=grouped(len(motivation)),
            )
        ]
    elif not motivation and decision in NEEDS_MOTIVATION:
        errors["motivation"] = [
            msg(N_("Skriv en motivering: när en synpunkt inte beaktas, helt eller delvis, ska skälen anges."))
        ]
    section_key = (data.acted_on_section_key or "").strip() or None
    if section_key is not None and section_key not in {s.key for s in run.round.version.sections}:
        errors["acted_on_section_key"] = [msg(N_("Välj ett avsnitt ur förslaget."))]
    if errors:
        raise ValidationFailed(errors)
    return Decision(decision), motivation, section_key


def _current_position(session: Session, subject: Subject) -> Position | None:
    column = Position.comment_id if subject.kind == "comment" else Position.note_id
    return session.scalar(select(Position).where(column == subject.id).execution_options(populate_existing=True))


def _new_position(subject: Subject) -> Position:
    return Position(comment_id=subject.id) if subject.kind == "comment" else Position(note_id=subject.id)


def _says(position: Position, decision: Decision, motivation: str, section_key: str | None) -> bool:
    return (position.decision, position.motivation, position.acted_on_section_key) == (
        decision,
        motivation,
        section_key,
    )


def _apply(position: Position, actor: Actor, decision: Decision, motivation: str, section_key: str | None) -> None:
    position.decision, position.motivation, position.acted_on_section_key = decision, motivation, section_key
    position.decided_by_id = user_id_of(actor)


def record_position(
    session: Session,
    actor: Actor,
    run_id: int,
    subject: Subject,
    data: PositionInput,
    expected_revision: int | None,
) -> Position:
    """Create or change the position on one item; `expected_revision` is the one the person saw (None: none)."""
    run = get_run(session, actor, run_id)
    get_answerable(session, actor, run_id, subject)
    decision, motivation, section_key = _validated(run, data)
    position = _current_position(session, subject)
    if position is not None and _says(position, decision, motivation, section_key):
        return position  # nothing to change, whoever saved it
    if position is not None and position.revision != expected_revision:
        raise PositionConflict(PositionVersion.of(position), data)
    try:
        # A savepoint, so that a lost race leaves the session usable for reading theirs.
        with session.begin_nested():
            if position is None:
                position = _new_position(subject)
                session.add(position)
            _apply(position, actor, decision, motivation, section_key)
            session.flush()
    except (StaleDataError, IntegrityError) as error:
        # A colleague saved between our read and our write (an UPDATE that matched no row,
        # or a second INSERT for the same item): show theirs instead of failing.
        theirs = _current_position(session, subject)
        if theirs is None:
            raise
        raise PositionConflict(PositionVersion.of(theirs), data) from error
    return position


@dataclass(frozen=True)
class Selection:
    """The items a bulk answer is for: exactly one of a campaign, a theme or chosen items of the run."""

    campaign_id: int | None = None
    theme_id: int | None = None
    item_ids: tuple[int, ...] = ()


@dataclass
class BulkResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0  # already had exactly this position
    skipped: int = 0  # had another position, kept because overwriting was not asked for

    @property
    def answered(self) -> int:
        return self.created + self.updated


def _selected(session: Session, actor: Actor, run_id: int, selection: Selection) -> list[Answerable]:
    if selection.campaign_id is not None:
        return answerables(session, actor, run_id, campaign_id=selection.campaign_id)
    if selection.theme_id is not None:
        return answerables(session, actor, run_id, theme_id=selection.theme_id)
    if not selection.item_ids:
        raise ValidationFailed({"item_ids": [msg(N_("Välj minst en text."))]})
    wanted = set(selection.item_ids)
    found = with_positions(
        session, select(AnalysisItem).where(AnalysisItem.run_id == run_id, AnalysisItem.id.in_(sorted(wanted)))
    )
    if len(found) != len(wanted):
        raise NotFound(msg(N_("Någon av de valda texterna finns inte i den här analysen.")))
    return found


def record_positions(
    session: Session,
    actor: Actor,
    run_id: int,
    selection: Selection,
    data: PositionInput,
    overwrite: bool = False,
) -> BulkResult:
    """Give many items one position and motivation; items that have a position keep it unless `overwrite`.

    Overwriting is the person's explicit choice, so it replaces whatever each position says
    when the answer is saved; a colleague saving one of the items at that very moment makes
    the whole answer a Conflict (nothing is written; the caller rolls back).
    """
    run = get_run(session, actor, run_id)
    decision, motivation, section_key = _validated(run, data)
    selected = _selected(session, actor, run_id, selection)
    result = BulkResult()
    seen: set[Subject] = set()
    try:
        with session.begin_nested():
            for answerable in selected:
                subject, position = answerable.subject, answerable.position
                if subject in seen:
                    continue
                seen.add(subject)
                if position is not None and _says(position, decision, motivation, section_key):
                    result.unchanged += 1
                elif position is not None and not overwrite:
                    result.skipped += 1
                elif position is not None:
                    _apply(position, actor, decision, motivation, section_key)
                    result.updated += 1
                else:
                    position = _new_position(subject)
                    session.add(position)
                    _apply(position, actor, decision, motivation, section_key)
                    result.created += 1
            session.flush()
    except (StaleDataError, IntegrityError) as error:
        raise Conflict(
            msg(
                N_(
                    "En kollega sparade ett ställningstagande för någon av texterna samtidigt. Inget sparades – försök igen."
                )
            )
        ) from error
    return result
