"""What the public sees of the reporting periods: values and comments of submitted reports in published periods.

A period's reports stay with the coordinator and the owners until the coordinator publishes it; a draft
never shows, even in a published period. Read for one page of insatser at a time, in three queries
whatever the number of periods.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Indicator, IndicatorValue, Initiative, InitiativeReport, PeriodReport, ReportingPeriod, ReportStatus
from .periods import published_periods


@dataclass(frozen=True)
class Point:
    period: ReportingPeriod
    value: float | None


@dataclass(frozen=True)
class Series:
    """One indicator's value in each published period (None where none was reported), against its target."""

    indicator: Indicator
    points: list[Point]

    @property
    def reported(self) -> list[Point]:
        return [p for p in self.points if p.value is not None]

    @property
    def scale(self) -> float:
        """The largest number the chart must fit: a value, the target or the baseline."""
        numbers = [p.value for p in self.reported] + [self.indicator.target or 0, self.indicator.baseline or 0]
        return max([abs(n) for n in numbers] + [0]) or 1.0


@dataclass
class PublishedPicture:
    periods: list[ReportingPeriod]
    series: dict[int, Series] = field(default_factory=dict)  # by indicator id
    comments: dict[int, str] = field(default_factory=dict)  # by initiative id, the latest period's

    @property
    def latest(self) -> ReportingPeriod | None:
        return self.periods[-1] if self.periods else None


def published_picture(session: Session, process_id: int, initiatives: list[Initiative]) -> PublishedPicture:
    """The published periods' values of these insatser's indicators, and their comments in the latest one."""
    return picture_of(session, published_periods(session, process_id), initiatives)


def picture_of(session: Session, periods: list[ReportingPeriod], initiatives: list[Initiative]) -> PublishedPicture:
    """These periods' submitted values of the insatser's indicators, and their comments in the last period."""
    picture = PublishedPicture(list(periods))
    if not picture.periods or not initiatives:
        return picture
    period_ids = [p.id for p in picture.periods]
    indicators = [i for initiative in initiatives for i in initiative.indicators]
    submitted = select(PeriodReport.period_id, PeriodReport.organisation_id).where(
        PeriodReport.period_id.in_(period_ids), PeriodReport.status == ReportStatus.SUBMITTED
    )
    done = {(period_id, organisation_id) for period_id, organisation_id in session.execute(submitted)}
    owner = {i.id: initiative.organisation_id for initiative in initiatives for i in initiative.indicators}
    values: dict[tuple[int, int], float] = {}
    if indicators:
        for indicator_id, period_id, value in session.execute(
            select(IndicatorValue.indicator_id, IndicatorValue.period_id, IndicatorValue.value).where(
                IndicatorValue.indicator_id.in_([i.id for i in indicators]), IndicatorValue.period_id.in_(period_ids)
            )
        ):
            if (period_id, owner[indicator_id]) in done:
                values[(indicator_id, period_id)] = value
    for indicator in indicators:
        picture.series[indicator.id] = Series(
            indicator, [Point(p, values.get((indicator.id, p.id))) for p in picture.periods]
        )
    latest = picture.latest
    for initiative_id, comment in session.execute(
        select(InitiativeReport.initiative_id, InitiativeReport.comment)
        .join(PeriodReport, PeriodReport.id == InitiativeReport.report_id)
        .where(
            PeriodReport.period_id == latest.id,
            PeriodReport.status == ReportStatus.SUBMITTED,
            InitiativeReport.initiative_id.in_([i.id for i in initiatives]),
            InitiativeReport.comment != "",
        )
    ):
        picture.comments[initiative_id] = comment
    return picture
