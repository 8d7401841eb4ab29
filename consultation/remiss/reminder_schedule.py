"""A round's reminder schedule: set on the round's page, planned in Stockholm time, queued as jobs when due.

The job queue's sweep calls `queue_due_reminders` (every worker thread or `flask jobs worker` does,
every `JOBS_SWEEP_SECONDS`); an occasion that has come is recorded once (`ReminderOccasion`, unique per
round and date, so two workers sweeping at once queue it once) together with its job, in one
transaction. The job then records and sends the reminders (`reminders.claim_recipients`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from ..errors import N_, ValidationFailed, msg
from ..jobs import queue
from ..people.access import Actor, require_admin, user_id_of
from ..timezones import NonexistentLocalTime, local_to_utc, to_local
from .models import ConsultationRound, Invitation, Reminder, ReminderOccasion, ReminderSchedule
from .reminders import reminder_dates
from .rounds import get_round

REMINDER_JOB = "round_reminders"
DEFAULT_TIME = time(9, 0)
MAX_DAYS = 365
MAX_OCCASIONS = 10
HELD_BACK_WAIT = timedelta(hours=1)  # a reminder held back by the day's mail cap is tried again this much later


class OccasionState(StrEnum):
    PLANNED = "planned"  # its time has not come
    QUEUED = "queued"  # handed to a job (which sends it, or has sent it)
    SKIPPED = "skipped"  # its time had passed when the schedule was saved, or the round had not opened
    LATE = "late"  # due, not yet picked up by the sweep


@dataclass(frozen=True)
class PlannedOccasion:
    remind_on: date
    days_before: int
    due_at: datetime  # UTC
    state: OccasionState


@dataclass
class ReminderOverview:
    schedule: ReminderSchedule | None
    occasions: list[PlannedOccasion] = field(default_factory=list)
    sent: list[Reminder] = field(default_factory=list)


def parse_days(text: str) -> list[int]:
    """ "14, 7, 2" → [14, 7, 2]; an empty text is no reminders. Raises ValidationFailed in Swedish."""
    parts = [part for part in re.split(r"[\s,;]+", text or "") if part]
    if not all(part.isascii() and part.isdigit() and len(part) <= 3 for part in parts):
        raise ValidationFailed(
            {"days": [msg(N_("Ange dagar före sista svarsdag som heltal åtskilda med komma, till exempel 14, 7, 2."))]}
        )
    days = sorted({int(part) for part in parts}, reverse=True)
    if any(d < 1 or d > MAX_DAYS for d in days):
        raise ValidationFailed(
            {"days": [msg(N_("Varje dag ska vara mellan 1 och %(max)s dagar före sista svarsdag."), max=MAX_DAYS)]}
        )
    if len(days) > MAX_OCCASIONS:
        raise ValidationFailed({"days": [msg(N_("Ange högst %(max)s påminnelsedagar."), max=MAX_OCCASIONS)]})
    return days


def due_at(remind_on: date, local_time: time) -> datetime:
    """The UTC instant of the wall-clock time in Stockholm that day; a time the spring change skips
    (02:00–03:00 on the last Sunday of March) is taken an hour later, when the clocks show it again."""
    try:
        return local_to_utc(remind_on, local_time)
    except NonexistentLocalTime:
        later = (datetime.combine(remind_on, local_time) + timedelta(hours=1)).time()
        return local_to_utc(remind_on, later)


def get_schedule(session: Session, round_id: int) -> ReminderSchedule | None:
    return session.get(ReminderSchedule, round_id)


def save_schedule(
    session: Session, actor: Actor, round_id: int, days_text: str, local_time: time | None, now: datetime
) -> ReminderSchedule | None:
    """Set (or, with no days, remove) the round's schedule; occasions already due from before are not sent."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    days = parse_days(days_text)
    schedule = get_schedule(session, round_.id)
    if not days:
        if schedule is not None:
            session.delete(schedule)
            session.flush()
        return None
    if schedule is None:
        schedule = ReminderSchedule(round_id=round_.id)
        session.add(schedule)
    schedule.days_before = days
    schedule.local_time = (local_time or DEFAULT_TIME).replace(tzinfo=None)
    schedule.active_from = schedule.updated_at = now
    schedule.updated_by_id = user_id_of(actor)
    session.flush()
    return schedule


def occasions(
    round_: ConsultationRound, schedule: ReminderSchedule, now: datetime, queued: set[date]
) -> list[PlannedOccasion]:
    """The schedule's reminder dates for this round, with their instants and where each stands."""
    closing_day = to_local(round_.closes_at).date()
    planned = []
    for remind_on in reminder_dates(round_, schedule.days_before):
        moment = due_at(remind_on, schedule.local_time)
        if remind_on in queued:
            state = OccasionState.QUEUED
        elif moment >= round_.closes_at:
            continue  # the deadline comes first (e.g. 09:00 on the last day when the round closes at 08:00)
        elif moment < schedule.active_from or moment < round_.opens_at:
            state = OccasionState.SKIPPED
        elif moment <= now:
            state = OccasionState.LATE
        else:
            state = OccasionState.PLANNED
        planned.append(PlannedOccasion(remind_on, (closing_day - remind_on).days, moment, state))
    return planned


def reminder_overview(session: Session, actor: Actor, round_id: int, now: datetime) -> ReminderOverview:
    """The round's schedule, what it plans (in order) and every reminder sent, newest first."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    schedule = get_schedule(session, round_.id)
    sent = list(
        session.scalars(
            select(Reminder)
            .join(Invitation)
            .where(Invitation.round_id == round_.id)
            .options(selectinload(Reminder.invitation).selectinload(Invitation.organisation))
            .order_by(Reminder.sent_at.desc(), Reminder.id.desc())
        )
    )
    if schedule is None:
        return ReminderOverview(None, [], sent)
    queued = set(session.scalars(select(ReminderOccasion.remind_on).where(ReminderOccasion.round_id == round_.id)))
    return ReminderOverview(schedule, occasions(round_, schedule, now, queued), sent)


def queue_due_reminders(session: Session, now: datetime) -> list[int]:
    """Queue a job for each round's latest reminder occasion that has come; returns the new jobs' ids.

    Only the latest due occasion of a round is sent (after an outage, one reminder rather than two
    at once). An occasion already queued is queued again only when its job held some back (the
    day's mail cap) and their wait is over. The caller commits.
    """
    rounds = session.scalars(
        select(ConsultationRound)
        .join(ReminderSchedule, ReminderSchedule.round_id == ConsultationRound.id)
        .where(ConsultationRound.opens_at <= now, ConsultationRound.closes_at > now)
    ).all()
    jobs = []
    for round_ in rounds:
        schedule = get_schedule(session, round_.id)
        due = [o for o in occasions(round_, schedule, now, set()) if o.state is OccasionState.LATE]
        if not due:
            continue
        latest = due[-1]
        occasion = session.scalar(
            select(ReminderOccasion).where(
                ReminderOccasion.round_id == round_.id, ReminderOccasion.remind_on == latest.remind_on
            )
        )
        parameters = {"round_id": round_.id, "remind_on": latest.remind_on.isoformat()}
        if occasion is None:
            try:
                with session.begin_nested():
                    job = queue.enqueue(session, REMINDER_JOB, parameters, max_attempts=3)
                    session.add(
                        ReminderOccasion(round_id=round_.id, remind_on=latest.remind_on, due_at=latest.due_at, job=job)
                    )
            except IntegrityError:  # another worker's sweep queued it a moment ago
                continue
        elif occasion.retry_at is not None and occasion.retry_at <= now:
            job = queue.enqueue(session, REMINDER_JOB, parameters, max_attempts=3)
            occasion.job, occasion.retry_at = job, None
        else:
            continue
        session.flush()
        jobs.append(job.id)
    return jobs


def hold_back(session: Session, round_id: int, remind_on: date, until: datetime | None) -> None:
    """Say when the occasion's job should run again for those it could not send to (None: all were sent).

    One UPDATE statement: the reminder job makes it the first statement of its transaction, so that on
    SQLite it takes the write lock (waiting its turn) before it reads whom to remind."""
    session.execute(
        update(ReminderOccasion)
        .where(ReminderOccasion.round_id == round_id, ReminderOccasion.remind_on == remind_on)
        .values(retry_at=until)
        .execution_options(synchronize_session=False)
    )
