"""Reading strategy processes, their phases and current draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..collation import swedish_sorted
from ..errors import N_, NotFound, msg
from ..people.access import Actor, is_admin
from . import publication
from .models import PHASE_ORDER, DocumentVersion, Phase, PhaseKind, Process


def list_processes(session: Session, actor: Actor | None) -> list[Process]:
    """Public processes for everyone; an admin also sees the ones not yet public."""
    query = select(Process).options(selectinload(Process.phases))
    if not is_admin(actor):
        query = query.where(Process.is_public.is_(True))
    return swedish_sorted(session.scalars(query), key=lambda p: p.title)


def get_process(session: Session, actor: Actor | None, code: str) -> Process:
    process = session.scalar(select(Process).where(Process.code == code))
    if process is None or not (process.is_public or is_admin(actor)):
        raise NotFound(msg(N_("Processen finns inte.")))
    return process


@dataclass(frozen=True)
class TimelineStep:
    kind: PhaseKind
    phase: Phase | None
    state: str  # "past", "current", "future" or "unplanned"


def timeline(process: Process, today: date, adopted_on: date | None = None) -> list[TimelineStep]:
    """The four phases in their fixed order, each marked past, current or future.

    Once the council has adopted a version (`adopted_on`), the process is at its decision whatever
    the planned dates said: the planned phases before it are past, the decision is current until its
    own phase has ended.
    """
    by_kind = {PhaseKind(p.kind): p for p in process.phases}
    steps = []
    for kind in PHASE_ORDER:
        phase = by_kind.get(kind)
        if adopted_on is not None and kind == PhaseKind.DECISION:
            state = "past" if phase is not None and phase.ends_on < today else "current"
        elif phase is None:
            state = "unplanned"
        elif phase.ends_on < today or adopted_on is not None:
            state = "past"
        elif phase.starts_on <= today:
            state = "current"
        else:
            state = "future"
        steps.append(TimelineStep(kind=kind, phase=phase, state=state))
    return steps


def current_version(process: Process) -> DocumentVersion | None:
    """The version everyone reads now: the newest published one (drafts are not public)."""
    return publication.current_version(process)
