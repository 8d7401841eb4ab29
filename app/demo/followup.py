"""The demo's follow-up of the adopted RUS 2030 (issue 17): 40 insatser under its three goal areas, two periods.

The insatser are authored in data/rus2030-insatser.toml and added through the follow-up's own
service, as the coordinator adds approved ones, so they obey the same rules as an import.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation import meetings
from consultation.followup import ReportingPeriod, initiatives, periods, reporting
from consultation.followup.initiatives import IndicatorData, InitiativeData
from consultation.followup.models import InitiativeStatus, NoticeKind, NoticeStatus, PeriodNotice
from consultation.followup.origins import OriginChoice
from consultation.meetings import MeetingKind
from consultation.people import Organisation, User
from consultation.remiss import Comment, ConsultationRound, Response
from consultation.timezones import local_days_from_today, local_today

DATA_FILE = Path(__file__).parent / "data" / "rus2030-insatser.toml"


def load_initiatives(
    session: Session,
    code: str,
    sections_by_number: dict[str, int],
    organisations: dict[str, Organisation],
    coordinator: User,
    now: datetime,
) -> int:
    """Add the authored insatser to the process's adopted version; returns how many."""
    year = local_today(now).year
    rows = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))["insatser"]
    for row in rows:
        organisation = organisations[row["organisation"]]
        indicators = [IndicatorData(*row["indicator"])] if "indicator" in row else []
        initiatives.create_initiative(
            session,
            coordinator,
            code,
            InitiativeData(
                title=row["title"],
                organisation_id=organisation.id,
                section_ids=[sections_by_number[row["area"]]],
                description=row["description"],
                contact_email=organisation.email,
                starts_on=date(year + row["start"], 1, 1),
                ends_on=date(year + row["end"], 12, 31),
                status=InitiativeStatus(row["status"]),
                progress=row["progress"],
                indicators=indicators,
            ),
            now,
            OriginChoice(comment_id=_point(session, code, row["from_comment"])) if "from_comment" in row else None,
        )
    return len(rows)


def _point(session: Session, code: str, start: str) -> int:
    """The submitted remiss point of the process whose text starts so (the data file names exactly one)."""
    found = session.scalars(
        select(Comment.id)
        .join(Response)
        .join(ConsultationRound)
        .where(ConsultationRound.process.has(code=code), Comment.submitted_body.startswith(start, autoescape=True))
    ).all()
    if len(found) != 1:
        raise ValueError(f"the data file names no single remiss point starting with {start!r} (found: {found})")
    return found[0]


def _line(initiative, progress: int, share: float, value_share: float, comment: str) -> reporting.LineInput:
    values = {
        i.id: f"{(i.baseline or 0) + ((i.target or 0) - (i.baseline or 0)) * value_share:g}"
        for i in initiative.indicators
    }
    return reporting.LineInput(
        initiative.id, initiative.status, str(round(initiative.progress * share)), comment, values
    )


def load_periods(session: Session, code: str, coordinator: User, now: datetime) -> list[ReportingPeriod]:
    """The authored periods, with their reports: the first complete and published, the second half-reported."""
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))["perioder"]
    today = local_today(now)
    made = []
    authored: dict[int, int] = {}  # each insats's progress as the data file gives it, before any report moves it
    for row in data:
        # A period is opened through the service (which refuses a deadline already passed), then moved back
        # to the dates the demo's history gives it.
        period = periods.open_period(
            session,
            coordinator,
            code,
            row["name"].format(year=today.year + row["year"]),
            today + timedelta(days=max(row["deadline"], 0)),
            row.get("reminder_days", ""),
            now,
        )
        period.opens_at = period.reminders_from = now + timedelta(days=row["opened"])
        period.deadline_on = today + timedelta(days=row["deadline"])
        owners = periods.owner_organisations(session, period.process_id)
        comments = iter(row["comments"] * len(owners) * 5)
        for organisation in owners:
            session.add(
                PeriodNotice(
                    period_id=period.id,
                    organisation_id=organisation.id,
                    kind=NoticeKind.OPENING,
                    occasion="opening",
                    email=periods.contact_address(session, organisation, period.process_id) or "",
                    status=NoticeStatus.SENT,
                    sent_at=period.opens_at,
                )
            )
            submits = row["reported"] == "all" or organisation.name in row["reported"]
            if not submits and organisation.name not in row.get("draft", []):
                continue
            owned = reporting.reported_initiatives(session, period.process_id, organisation.id)
            authored.update({i.id: authored.get(i.id, i.progress) for i in owned})
            lines = [_line(i, authored[i.id], row["progress_share"], row["value_share"], next(comments)) for i in owned]
            moment = now + timedelta(days=min(row["deadline"], 0) - 3)
            if submits:
                reporting.submit_report(session, coordinator, code, period.id, organisation.id, lines, moment)
            else:
                reporting.save_report(session, coordinator, code, period.id, organisation.id, lines, moment)
        if row["published"]:
            periods.publish_period(session, coordinator, code, period.id, now + timedelta(days=row["deadline"] + 7))
        made.append(period)
    session.flush()
    return made


def load_strategy_day(session: Session, process_id: int, coordinator: User, now: datetime):
    """The year's strategy day, held about two months ago (or in two months early in a year): in the årshjul."""
    row = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))["strategidag"]
    today = local_today(now)
    shift = -60 if today.month > 2 else 60
    starts_at = local_days_from_today(shift, time(9), now)
    return meetings.save_meeting(
        session,
        coordinator,
        process_id,
        meetings.MeetingData(
            kind=MeetingKind.STRATEGY_DAY,
            title=row["title"].format(year=today.year),
            theme=row["theme"],
            description=row["description"],
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=7),
            location=row["location"],
            is_published=True,
        ),
    )
