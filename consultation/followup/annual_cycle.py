"""The årshjul: one year of the follow-up's cycle as a timeline, month by month, for the process page.

The reporting periods (opening and deadline) and the process's meetings of the year (dialogue
meetings, the councils' meetings, the yearly strategy day), as each person may see them: a period
only once published, unless one is the coordinator; a meeting as the meetings part shows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy.orm import Session

from ..drafts.models import Process
from ..meetings.planning import list_meetings
from ..people.access import Actor
from ..timezones import to_local
from .periods import periods_of


class EventKind(StrEnum):
    PERIOD_OPENS = "period_opens"
    PERIOD_DEADLINE = "period_deadline"
    MEETING = "meeting"


@dataclass(frozen=True)
class CycleEvent:
    day: date
    kind: EventKind
    title: str
    target_id: int
    meeting_kind: str | None = None  # for a meeting: dialogue, council, workshop or strategy


def year_events(session: Session, actor: Actor | None, process: Process, year: int) -> list[CycleEvent]:
    """The year's events in date order (the periods first on a day they share with a meeting)."""
    events = []
    for period in periods_of(session, actor, process.id):
        opened = to_local(period.opens_at).date()
        if opened.year == year:
            events.append(CycleEvent(opened, EventKind.PERIOD_OPENS, period.name, period.id))
        if period.deadline_on.year == year:
            events.append(CycleEvent(period.deadline_on, EventKind.PERIOD_DEADLINE, period.name, period.id))
    for meeting in list_meetings(session, actor, process):
        day = to_local(meeting.starts_at).date()
        if day.year == year:
            events.append(CycleEvent(day, EventKind.MEETING, meeting.title, meeting.id, str(meeting.kind)))
    order = list(EventKind)
    return sorted(events, key=lambda e: (e.day, order.index(e.kind), e.title))


def by_month(events: list[CycleEvent]) -> list[tuple[int, list[CycleEvent]]]:
    """Every month of the year (1-12) with its events, empty months too: the wheel has twelve spokes."""
    return [(month, [e for e in events if e.day.month == month]) for month in range(1, 13)]
