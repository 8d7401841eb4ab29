"""An organisation's report for a period: one page with all its approved insatser, saved, autosaved, submitted.

Only the owner organisation's members (and the coordinator) read or write it; anyone else is told it
does not exist. Like a remissvar's comments, each insats's line has a revision: a line a colleague
changed since the page was loaded becomes a conflict with both texts, never an overwrite. Submitting
also makes the lines' status and progress the insatser's current ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ..errors import N_, Conflict, Message, NotFound, ValidationFailed, msg
from ..people.access import Actor, is_admin, user_id_of
from ..people.models import Organisation, User
from ..text import normalise_text
from .models import (
    Approval,
    IndicatorValue,
    Initiative,
    InitiativeReport,
    InitiativeStatus,
    PeriodReport,
    ReportingPeriod,
    ReportStatus,
)
from .periods import get_period

COMMENT_MAX = 2_000
_DECIMAL = re.compile(r"^-?\d{1,12}(?:[.,]\d{1,6})?$")


@dataclass(frozen=True)
class LineInput:
    """What the form sent for one insats; text as typed, so that a refused save shows it again."""

    initiative_id: int
    status: str
    progress: str
    comment: str = ""
    values: dict[int, str] = field(default_factory=dict)  # indicator id → the value as typed
    base_revision: int | None = None  # the line's revision when the page was loaded; None: it had none


@dataclass(frozen=True)
class LineConflict:
    initiative_id: int
    mine: str
    theirs: str
    theirs_revision: int
    theirs_updated_by: str | None
    theirs_updated_at: datetime


@dataclass
class SaveResult:
    saved: int = 0
    conflicts: list[LineConflict] = field(default_factory=list)


@dataclass
class ReportPage:
    period: ReportingPeriod
    organisation: Organisation
    initiatives: list[Initiative]
    report: PeriodReport | None
    lines: dict[int, InitiativeReport]  # by initiative id
    values: dict[int, float]  # by indicator id, this period's


def may_report_for(actor: Actor | None, organisation_id: int) -> bool:
    """The organisation's active members, and the coordinator (who enters a report sent by mail or phone)."""
    if is_admin(actor):
        return True
    return isinstance(actor, User) and actor.is_active and actor.is_member_of(organisation_id)


def reported_initiatives(session: Session, process_id: int, organisation_id: int) -> list[Initiative]:
    return list(
        session.scalars(
            select(Initiative)
            .where(
                Initiative.process_id == process_id,
                Initiative.organisation_id == organisation_id,
                Initiative.approval == Approval.APPROVED,
            )
            .options(selectinload(Initiative.indicators), selectinload(Initiative.sections))
            .order_by(Initiative.title, Initiative.id)
        )
    )


def _find_report(session: Session, period_id: int, organisation_id: int, lock: bool = False) -> PeriodReport | None:
    query = select(PeriodReport).where(
        PeriodReport.period_id == period_id, PeriodReport.organisation_id == organisation_id
    )
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return session.scalar(query)


def report_page(session: Session, actor: Actor | None, code: str, period_id: int, organisation_id: int) -> ReportPage:
    """The one page of an organisation's insatser for a period; not found for anyone else, or with none."""
    period = get_period(session, actor, code, period_id)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or not may_report_for(actor, organisation_id):
        raise NotFound(msg(N_("Rapporten finns inte.")))
    found = reported_initiatives(session, period.process_id, organisation_id)
    if not found:
        raise NotFound(msg(N_("Organisationen har inga godkända insatser att rapportera om.")))
    report = _find_report(session, period.id, organisation_id)
    lines = {line.initiative_id: line for line in report.lines} if report else {}
    indicator_ids = [i.id for initiative in found for i in initiative.indicators]
    values = dict(
        session.execute(
            select(IndicatorValue.indicator_id, IndicatorValue.value).where(
                IndicatorValue.period_id == period.id, IndicatorValue.indicator_id.in_(indicator_ids)
            )
        ).all()
    )
    return ReportPage(period, organisation, found, report, lines, values)


def parse_decimal(text: str) -> float | None:
    """12,5 as Swedes write it, or 12.5; empty is no value. Raises ValueError."""
    cleaned = (text or "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    if not _DECIMAL.match(cleaned):
        raise ValueError(cleaned)
    return float(cleaned.replace(",", "."))


@dataclass(frozen=True)
class _Clean:
    status: InitiativeStatus
    progress: int
    comment: str
    values: dict[int, float | None]


def _cleaned(inputs: list[LineInput], initiatives: dict[int, Initiative]) -> dict[int, _Clean]:
    """Every line checked at once, so that one save shows every mistake; the messages are keyed by field."""
    errors: dict[str, list[Message]] = {}
    result = {}
    for item in inputs:
        initiative = initiatives.get(item.initiative_id)
        if initiative is None:
            raise NotFound(msg(N_("Insatsen hör inte till organisationens rapport.")))
        key = item.initiative_id
        try:
            status = InitiativeStatus(item.status)
        except ValueError:
            errors[f"status-{key}"] = [msg(N_("Välj en status för insatsen."))]
            status = initiative.status
        try:
            progress = int(str(item.progress).strip().rstrip("%").strip())
        except ValueError:
            progress = -1
        if not 0 <= progress <= 100:
            errors[f"progress-{key}"] = [msg(N_("Ange hur långt insatsen har kommit i procent, från 0 till 100."))]
        comment = normalise_text(item.comment)
        if len(comment) > COMMENT_MAX:
            errors[f"comment-{key}"] = [
                msg(
                    N_("Kommentaren får vara högst %(max)s tecken, du har skrivit %(count)s."),
                    max=COMMENT_MAX,
                    count=len(comment),
                )
            ]
        own = {i.id for i in initiative.indicators}
        values: dict[int, float | None] = {}
        for indicator_id, text in item.values.items():
            if indicator_id not in own:
                raise NotFound(msg(N_("Indikatorn hör inte till insatsen.")))
            try:
                values[indicator_id] = parse_decimal(text)
            except ValueError:
                errors[f"value-{indicator_id}"] = [msg(N_("Ange ett tal, till exempel 12 eller 12,5."))]
        result[key] = _Clean(status, progress, comment, values)
    if errors:
        raise ValidationFailed(errors)
    return result


def _lock_or_create(session: Session, actor: Actor | None, period: ReportingPeriod, organisation_id: int, now):
    report = _find_report(session, period.id, organisation_id, lock=True)
    if report is not None:
        return report
    try:
        with session.begin_nested():
            report = PeriodReport(period_id=period.id, organisation_id=organisation_id, created_at=now)
            session.add(report)
    except IntegrityError:  # a colleague's first save came a moment before this one
        return _find_report(session, period.id, organisation_id, lock=True)
    return report


def _values_now(session: Session, period_id: int, indicator_ids: list[int]) -> dict[int, IndicatorValue]:
    return {
        v.indicator_id: v
        for v in session.scalars(
            select(IndicatorValue).where(
                IndicatorValue.period_id == period_id, IndicatorValue.indicator_id.in_(indicator_ids)
            )
        )
    }


def save_report(
    session: Session,
    actor: Actor | None,
    code: str,
    period_id: int,
    organisation_id: int,
    inputs: list[LineInput],
    now: datetime,
) -> SaveResult:
    """Save the lines a person sent; a line someone else changed meanwhile becomes a conflict (both texts kept)."""
    page = report_page(session, actor, code, period_id, organisation_id)
    if page.period.is_published:
        raise Conflict(msg(N_("Perioden är publicerad och tar inte emot fler ändringar. Din text finns kvar nedan.")))
    clean = _cleaned(inputs, {i.id: i for i in page.initiatives})
    report = _lock_or_create(session, actor, page.period, organisation_id, now)
    lines = {line.initiative_id: line for line in report.lines}
    stored = _values_now(session, page.period.id, [i for c in clean.values() for i in c.values])
    result = SaveResult()
    for item in inputs:
        wanted = clean[item.initiative_id]
        line = lines.get(item.initiative_id)
        values_now = {i: (stored[i].value if i in stored else None) for i in wanted.values}
        if (
            line is not None
            and (line.status, line.progress, line.comment)
            == (
                wanted.status,
                wanted.progress,
                wanted.comment,
            )
            and values_now == wanted.values
        ):
            continue
        if line is not None and item.base_revision != line.revision:
            result.conflicts.append(
                LineConflict(
                    item.initiative_id,
                    wanted.comment,
                    line.comment,
                    line.revision,
                    line.updated_by.name if line.updated_by else None,
                    line.updated_at,
                )
            )
            continue
        if line is None:
            line = InitiativeReport(initiative_id=item.initiative_id, revision=0)
            report.lines.append(line)
        line.status, line.progress, line.comment = wanted.status, wanted.progress, wanted.comment
        line.revision += 1
        line.updated_at, line.updated_by_id = now, user_id_of(actor)
        for indicator_id, value in wanted.values.items():
            if value is None:
                if indicator_id in stored:
                    session.delete(stored[indicator_id])
            elif indicator_id in stored:
                stored[indicator_id].value = value
            else:
                session.add(IndicatorValue(indicator_id=indicator_id, period_id=page.period.id, value=value))
        result.saved += 1
    if result.saved:
        report.revision += 1
        report.updated_at, report.updated_by_id = now, user_id_of(actor)
    session.flush()
    return result


def submit_report(
    session: Session,
    actor: Actor | None,
    code: str,
    period_id: int,
    organisation_id: int,
    inputs: list[LineInput],
    now: datetime,
) -> tuple[PeriodReport | None, SaveResult]:
    """Save, then submit when every insats has a line and nothing conflicted; the insatser take the reported state."""
    result = save_report(session, actor, code, period_id, organisation_id, inputs, now)
    if result.conflicts:
        return None, result
    page = report_page(session, actor, code, period_id, organisation_id)
    report = page.report
    missing = [i for i in page.initiatives if report is None or i.id not in page.lines]
    if missing:
        raise ValidationFailed(
            {f"status-{i.id}": [msg(N_("Ange status och framsteg för insatsen innan du skickar in."))] for i in missing}
        )
    for initiative in page.initiatives:
        line = page.lines[initiative.id]
        if (initiative.status, initiative.progress) != (line.status, line.progress):
            initiative.status, initiative.progress = line.status, line.progress
            initiative.revision += 1
            initiative.updated_at, initiative.updated_by_id = now, user_id_of(actor)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at, report.submitted_by_id = now, user_id_of(actor)
    report.revision += 1
    session.flush()
    return report, result


def reportable_organisations(session: Session, actor: Actor | None, process_id: int) -> list[Organisation]:
    """The actor's own organisations that have approved insatser in the process: whose report they can open."""
    if not isinstance(actor, User) or not actor.is_active:
        return []
    ids = [m.organisation_id for m in actor.memberships]
    owners = select(Initiative.organisation_id).where(
        Initiative.process_id == process_id,
        Initiative.approval == Approval.APPROVED,
        Initiative.organisation_id.in_(ids),
    )
    return list(session.scalars(select(Organisation).where(Organisation.id.in_(owners)).order_by(Organisation.name)))


def open_reports_for(
    session: Session, actor: Actor | None, process_id: int
) -> list[tuple[ReportingPeriod, Organisation]]:
    """The unpublished periods the actor's organisations report on, each with the organisation: their links."""
    organisations = reportable_organisations(session, actor, process_id)
    if not organisations:
        return []
    open_periods = session.scalars(
        select(ReportingPeriod)
        .where(ReportingPeriod.process_id == process_id, ReportingPeriod.published_at.is_(None))
        .order_by(ReportingPeriod.deadline_on, ReportingPeriod.id)
    )
    return [(period, organisation) for period in open_periods for organisation in organisations]
