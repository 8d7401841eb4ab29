"""The coordinator's picture of a period: who has reported, who has not, per goal area and actor type.

Built from plain rows in a handful of queries (owners and their goal areas, the period's reports,
its notices), whatever the number of insatser.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..people.models import ActorType, Organisation
from .goal_areas import GoalArea, followed_up_process, goal_area_of, goal_areas
from .models import Approval, Initiative, PeriodNotice, PeriodReport, ReportingPeriod, ReportStatus, initiative_section
from .periods import closes_at, coordinator_period


@dataclass
class OwnerRow:
    organisation: Organisation
    initiatives: int
    goal_area_keys: set[str]
    report: PeriodReport | None = None
    notices: list[PeriodNotice] = field(default_factory=list)  # newest first

    @property
    def state(self) -> str:
        if self.report is None:
            return "missing"
        return "submitted" if self.report.status == ReportStatus.SUBMITTED else "draft"

    @property
    def last_notice(self) -> PeriodNotice | None:
        return self.notices[0] if self.notices else None


@dataclass(frozen=True)
class Tally:
    total: int
    submitted: int

    @property
    def missing(self) -> int:
        return self.total - self.submitted


@dataclass
class Completeness:
    period: ReportingPeriod
    rows: list[OwnerRow]
    by_goal_area: list[tuple[GoalArea, Tally]]
    by_actor_type: list[tuple[ActorType, Tally]]
    closes_at: datetime

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.state == "submitted")

    @property
    def missing(self) -> list[OwnerRow]:
        return [r for r in self.rows if r.state != "submitted"]

    def is_late(self, row: OwnerRow) -> bool:
        return bool(row.report and row.report.submitted_at and row.report.submitted_at >= self.closes_at)


def completeness(session: Session, actor, code: str, period_id: int) -> Completeness:
    """Every owner organisation with its report's state and the mails it got; those missing first."""
    period = coordinator_period(session, actor, code, period_id)
    _process, adoption = followed_up_process(session, actor, code)
    areas = goal_areas(adoption.version)
    counts: dict[int, int] = dict(
        session.execute(
            select(Initiative.organisation_id, func.count())
            .where(Initiative.process_id == period.process_id, Initiative.approval == Approval.APPROVED)
            .group_by(Initiative.organisation_id)
        ).all()
    )
    keys: dict[int, set[str]] = defaultdict(set)
    for organisation_id, section_id in session.execute(
        select(Initiative.organisation_id, initiative_section.c.section_id)
        .join(initiative_section, initiative_section.c.initiative_id == Initiative.id)
        .where(Initiative.process_id == period.process_id, Initiative.approval == Approval.APPROVED)
        .distinct()
    ):
        area = goal_area_of(areas, section_id)
        if area is not None:
            keys[organisation_id].add(area.key)
    organisations = session.scalars(select(Organisation).where(Organisation.id.in_(list(counts))))
    rows = {o.id: OwnerRow(o, counts[o.id], keys[o.id]) for o in organisations}
    for report in session.scalars(select(PeriodReport).where(PeriodReport.period_id == period.id)):
        if report.organisation_id in rows:
            rows[report.organisation_id].report = report
    for notice in session.scalars(
        select(PeriodNotice)
        .where(PeriodNotice.period_id == period.id)
        .order_by(PeriodNotice.sent_at.desc(), PeriodNotice.id.desc())
    ):
        if notice.organisation_id in rows:
            rows[notice.organisation_id].notices.append(notice)
    ordered = sorted(rows.values(), key=lambda r: (r.state == "submitted", r.organisation.name.casefold()))

    def tally(selected: list[OwnerRow]) -> Tally:
        return Tally(len(selected), sum(1 for r in selected if r.state == "submitted"))

    by_area = [(a, tally([r for r in ordered if a.key in r.goal_area_keys])) for a in areas]
    by_type = [(t, tally([r for r in ordered if r.organisation.actor_type == t])) for t in ActorType]
    return Completeness(period, ordered, by_area, [(t, c) for t, c in by_type if c.total], closes_at(period))
