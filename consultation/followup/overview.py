"""What everyone sees of the follow-up: per goal area, how many insatser stand where, and how far they have come."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..drafts.models import Adoption, Process
from ..errors import N_, NotFound, msg
from .goal_areas import GoalArea, goal_areas
from .initiatives import public_initiatives
from .models import Initiative, InitiativeStatus


@dataclass
class GoalAreaSummary:
    area: GoalArea
    initiatives: list[Initiative] = field(default_factory=list)

    @property
    def by_status(self) -> list[tuple[InitiativeStatus, int]]:
        """Every status in its fixed order with its count (zeros too, so bars and tables line up)."""
        counts = Counter(InitiativeStatus(i.status) for i in self.initiatives)
        return [(status, counts[status]) for status in InitiativeStatus]

    @property
    def mean_progress(self) -> int | None:
        if not self.initiatives:
            return None
        return round(sum(i.progress for i in self.initiatives) / len(self.initiatives))


def summaries(session: Session, process: Process, adoption: Adoption) -> list[GoalAreaSummary]:
    """One summary per goal area of the adopted version; an insats under two goal areas counts in both."""
    result = [GoalAreaSummary(area) for area in goal_areas(adoption.version)]
    for initiative in public_initiatives(session, process):
        section_ids = {s.id for s in initiative.sections}
        for summary in result:
            if section_ids & summary.area.section_ids:
                summary.initiatives.append(initiative)
    return result


def goal_area_summary(session: Session, process: Process, adoption: Adoption, key: str) -> GoalAreaSummary:
    found = next((s for s in summaries(session, process, adoption) if s.area.key == key), None)
    if found is None:
        raise NotFound(msg(N_("Målområdet finns inte i den antagna strategin.")))
    return found
