"""What everyone sees of the follow-up: per goal area, how many insatser stand where, and how far they have come.

The overview counts from plain rows (one per insats and linked section), never loading the insatser
themselves; a goal area's page loads one page of its own insatser (hundreds on one page are neither
quick to draw nor to read).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..drafts.models import Adoption, Process
from ..errors import N_, NotFound, msg
from ..paging import Page, page_count
from .goal_areas import GoalArea, goal_area_of, goal_areas
from .models import Approval, Initiative, InitiativeStatus, initiative_section


@dataclass
class GoalAreaSummary:
    area: GoalArea
    statuses: Counter = field(default_factory=Counter)
    progress_total: int = 0
    initiatives: Page[Initiative] | None = None  # one page of them, on the goal area's own page only

    @property
    def count(self) -> int:
        return sum(self.statuses.values())

    @property
    def by_status(self) -> list[tuple[InitiativeStatus, int]]:
        """Every status in its fixed order with its count (zeros too, so bars and tables line up)."""
        return [(status, self.statuses[status]) for status in InitiativeStatus]

    @property
    def mean_progress(self) -> int | None:
        return round(self.progress_total / self.count) if self.count else None


def summaries(session: Session, process: Process, adoption: Adoption) -> list[GoalAreaSummary]:
    """One summary per goal area of the adopted version; an insats under two goal areas counts in both."""
    areas = goal_areas(adoption.version)
    result = {area.key: GoalAreaSummary(area) for area in areas}
    rows = session.execute(
        select(Initiative.id, Initiative.status, Initiative.progress, initiative_section.c.section_id)
        .join(initiative_section, initiative_section.c.initiative_id == Initiative.id)
        .where(Initiative.process_id == process.id, Initiative.approval == Approval.APPROVED)
    )
    counted: set[tuple[int, str]] = set()
    for initiative_id, status, progress, section_id in rows:
        area = goal_area_of(areas, section_id)
        if area is None or (initiative_id, area.key) in counted:
            continue  # two sections of one goal area: one insats
        counted.add((initiative_id, area.key))
        summary = result[area.key]
        summary.statuses[InitiativeStatus(status)] += 1
        summary.progress_total += progress
    return list(result.values())


PER_PAGE = 50


def goal_area_summary(
    session: Session, process: Process, adoption: Adoption, key: str, page: int = 1, per_page: int = PER_PAGE
) -> GoalAreaSummary:
    """One goal area's summary with one page of its approved insatser, by title."""
    found = next((s for s in summaries(session, process, adoption) if s.area.key == key), None)
    if found is None:
        raise NotFound(msg(N_("Målområdet finns inte i den antagna strategin.")))
    linked = (
        select(initiative_section.c.initiative_id)
        .where(initiative_section.c.section_id.in_(found.area.section_ids))
        .scalar_subquery()
    )
    page = min(max(1, page), page_count(found.count, per_page))
    items = session.scalars(
        select(Initiative)
        .where(Initiative.process_id == process.id, Initiative.approval == Approval.APPROVED, Initiative.id.in_(linked))
        .options(selectinload(Initiative.indicators), selectinload(Initiative.organisation))
        .order_by(Initiative.title, Initiative.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    found.initiatives = Page(list(items), page, per_page, found.count)
    return found
