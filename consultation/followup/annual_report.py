"""The annual report of a published period, for the yearly strategy day: per goal area, what was done, by whom,
and how the indicators moved over the published periods up to it.

Public once the period is published (the coordinator may read it before); only submitted reports count.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..errors import N_, NotFound, msg
from ..people.access import Actor, is_admin
from .goal_areas import GoalArea, followed_up_process, goal_area_of, goal_areas
from .models import Approval, Initiative, InitiativeReport, PeriodReport, ReportingPeriod, ReportStatus
from .periods import periods_of
from .published import PublishedPicture, picture_of


@dataclass
class AreaReport:
    area: GoalArea
    initiatives: list[Initiative]


@dataclass
class AnnualReport:
    period: ReportingPeriod
    areas: list[AreaReport]
    lines: dict[int, InitiativeReport]  # by initiative id: what its owner reported this period
    picture: PublishedPicture  # the indicators over the periods up to this one, and this period's comments

    @property
    def reported(self) -> int:
        return len(self.lines)


def annual_report(session: Session, actor: Actor | None, code: str, period_id: int) -> AnnualReport:
    process, adoption = followed_up_process(session, actor, code)
    period = session.get(ReportingPeriod, period_id)
    if period is None or period.process_id != process.id or not (period.is_published or is_admin(actor)):
        raise NotFound(msg(N_("Uppföljningsperioden finns inte.")))
    shown = [p for p in periods_of(session, actor, process.id) if p.is_published or p.id == period.id]
    upto = shown[: [p.id for p in shown].index(period.id) + 1]
    found = list(
        session.scalars(
            select(Initiative)
            .where(Initiative.process_id == process.id, Initiative.approval == Approval.APPROVED)
            .options(
                selectinload(Initiative.sections),
                selectinload(Initiative.indicators),
                selectinload(Initiative.organisation),
            )
            .order_by(Initiative.title, Initiative.id)
        )
    )
    lines = {
        line.initiative_id: line
        for line in session.scalars(
            select(InitiativeReport)
            .join(PeriodReport, PeriodReport.id == InitiativeReport.report_id)
            .where(PeriodReport.period_id == period.id, PeriodReport.status == ReportStatus.SUBMITTED)
        )
    }
    areas = goal_areas(adoption.version)
    by_area: dict[str, list[Initiative]] = {a.key: [] for a in areas}
    for initiative in found:
        keys = {a.key for s in initiative.sections if (a := goal_area_of(areas, s.id)) is not None}
        for key in keys:
            by_area[key].append(initiative)
    return AnnualReport(
        period,
        [AreaReport(a, by_area[a.key]) for a in areas if by_area[a.key]],
        lines,
        picture_of(session, upto, found),
    )
