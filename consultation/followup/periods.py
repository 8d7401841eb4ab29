"""Reporting periods of the annual cycle: the coordinator opens and publishes them; mails about them go once.

Opening a period, a reminder date of its schedule and the coordinator's re-send each mail the owner
organisations (those with approved insatser) through a job. Every mail is a `PeriodNotice` row,
unique per period, organisation and occasion, committed before the mail goes out: a job resumed
after its worker died, or handed on twice, finds the rows and mails no one twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..errors import N_, Message, NotAllowed, NotFound, ValidationFailed, msg
from ..jobs import queue
from ..people.access import Actor, is_admin, require_admin, user_id_of
from ..people.accounts import normalise_email
from ..people.mail_caps import MailBudget, MailKind
from ..people.models import Organisation, User
from ..remiss.models import TokenPurpose
from ..remiss.reminder_schedule import DEFAULT_TIME, due_at, parse_days
from ..remiss.tokens import issue_token
from ..timezones import local_to_utc, local_today
from .goal_areas import followed_up_process
from .initiatives import _one_line
from .models import (
    Approval,
    Initiative,
    NoticeKind,
    NoticeStatus,
    PeriodNotice,
    PeriodOccasion,
    PeriodReport,
    ReportingPeriod,
    ReportStatus,
)

PERIOD_MAIL_JOB = "followup.period_mail"
NAME_MAX = 200


def closes_at(period: ReportingPeriod) -> datetime:
    """The end of the deadline day in Stockholm, as a UTC instant."""
    return local_to_utc(period.deadline_on + timedelta(days=1), time(0, 0))


def is_past_deadline(period: ReportingPeriod, now: datetime) -> bool:
    return now >= closes_at(period)


def _check(session: Session, process_id: int, name: str, deadline_on: date | None, now: datetime) -> None:
    errors: dict[str, list[Message]] = {}
    if not name:
        errors["name"] = [msg(N_("Ge perioden ett namn, till exempel Uppföljning 2027, våren."))]
    elif len(name) > NAME_MAX:
        errors["name"] = [msg(N_("Namnet får vara högst %(max)s tecken."), max=NAME_MAX)]
    elif session.scalar(
        select(ReportingPeriod.id).where(ReportingPeriod.process_id == process_id, ReportingPeriod.name == name)
    ):
        errors["name"] = [msg(N_("Det finns redan en period med det namnet."))]
    if deadline_on is None:
        errors["deadline_on"] = [msg(N_("Ange sista dag för rapporteringen."))]
    elif deadline_on < local_today(now):
        errors["deadline_on"] = [msg(N_("Sista dagen för rapporteringen har redan passerat."))]
    if errors:
        raise ValidationFailed(errors)


def open_period(
    session: Session,
    actor: Actor | None,
    code: str,
    name: str,
    deadline_on: date | None,
    reminder_days: str,
    now: datetime,
    reminder_time: time | None = None,
) -> ReportingPeriod:
    """The coordinator opens a period now; the caller queues its opening mail (`PERIOD_MAIL_JOB`)."""
    require_admin(actor)
    process, _adoption = followed_up_process(session, actor, code)
    name = _one_line(name)
    try:
        days = parse_days(reminder_days)
    except ValidationFailed as error:
        days, day_errors = [], {"reminder_days": error.errors["days"]}
    else:
        day_errors = {}
    try:
        _check(session, process.id, name, deadline_on, now)
    except ValidationFailed as error:
        raise ValidationFailed({**error.errors, **day_errors}) from None
    if day_errors:
        raise ValidationFailed(day_errors)
    period = ReportingPeriod(
        process=process,
        name=name,
        opens_at=now,
        deadline_on=deadline_on,
        created_by_id=user_id_of(actor),
        created_at=now,
        reminder_days=days,
        reminder_time=(reminder_time or DEFAULT_TIME).replace(tzinfo=None),
        reminders_from=now,
    )
    session.add(period)
    session.flush()
    audit.record(session, audit.Action.PERIOD_OPENED, actor, period, {"deadline_on": deadline_on.isoformat()}, now=now)
    return period


def periods_of(session: Session, actor: Actor | None, process_id: int) -> list[ReportingPeriod]:
    """The process's periods, oldest first: all of them for the coordinator, the published ones for others."""
    query = select(ReportingPeriod).where(ReportingPeriod.process_id == process_id)
    if not is_admin(actor):
        query = query.where(ReportingPeriod.published_at.is_not(None))
    return list(session.scalars(query.order_by(ReportingPeriod.opens_at, ReportingPeriod.id)))


def published_periods(session: Session, process_id: int) -> list[ReportingPeriod]:
    return list(
        session.scalars(
            select(ReportingPeriod)
            .where(ReportingPeriod.process_id == process_id, ReportingPeriod.published_at.is_not(None))
            .order_by(ReportingPeriod.opens_at, ReportingPeriod.id)
        )
    )


def get_period(session: Session, actor: Actor | None, code: str, period_id: int) -> ReportingPeriod:
    """A period of the process for anyone signed in who reports on it, or the coordinator; else not found."""
    process, _adoption = followed_up_process(session, actor, code)
    period = session.get(ReportingPeriod, period_id)
    if period is None or period.process_id != process.id:
        raise NotFound(msg(N_("Uppföljningsperioden finns inte.")))
    if not (is_admin(actor) or period.is_published or (isinstance(actor, User) and actor.is_active)):
        raise NotFound(msg(N_("Uppföljningsperioden finns inte.")))
    return period


def coordinator_period(session: Session, actor: Actor | None, code: str, period_id: int) -> ReportingPeriod:
    require_admin(actor)
    return get_period(session, actor, code, period_id)


def publish_period(session: Session, actor: Actor | None, code: str, period_id: int, now: datetime) -> ReportingPeriod:
    """The public sees the period's submitted values and comments from now on; publishing twice changes nothing."""
    period = coordinator_period(session, actor, code, period_id)
    if period.published_at is None:
        period.published_at = now
        session.flush()
        audit.record(session, audit.Action.PERIOD_PUBLISHED, actor, period, now=now)
    return period


def save_reminder_days(
    session: Session, actor: Actor | None, code: str, period_id: int, days_text: str, now: datetime
) -> ReportingPeriod:
    """A new reminder schedule; dates already due when it is saved are not sent (as for a round)."""
    period = coordinator_period(session, actor, code, period_id)
    try:
        period.reminder_days = parse_days(days_text)
    except ValidationFailed as error:
        raise ValidationFailed({"reminder_days": error.errors["days"]}) from None
    period.reminders_from = now
    session.flush()
    return period


# --- who gets mail about a period -----------------------------------------------------------------


def owner_organisations(session: Session, process_id: int) -> list[Organisation]:
    """The organisations with approved insatser in the process: those who report."""
    ids = select(Initiative.organisation_id).where(
        Initiative.process_id == process_id, Initiative.approval == Approval.APPROVED
    )
    return list(session.scalars(select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.id)))


def submitted_organisation_ids(session: Session, period_id: int) -> set[int]:
    return set(
        session.scalars(
            select(PeriodReport.organisation_id).where(
                PeriodReport.period_id == period_id, PeriodReport.status == ReportStatus.SUBMITTED
            )
        )
    )


def contact_address(session: Session, organisation: Organisation, process_id: int) -> str | None:
    """The organisation's own address, else the contact of its first insats with one."""
    if organisation.email:
        return organisation.email
    return session.scalar(
        select(Initiative.contact_email)
        .where(
            Initiative.process_id == process_id,
            Initiative.organisation_id == organisation.id,
            Initiative.approval == Approval.APPROVED,
            Initiative.contact_email.is_not(None),
        )
        .order_by(Initiative.id)
        .limit(1)
    )


@dataclass(frozen=True)
class NoticeMail:
    email: str
    organisation: Organisation
    period: ReportingPeriod
    kind: NoticeKind
    notice_id: int
    # A link to join the organisation in Samråd, for an address with no account in it (None: they have one).
    join_token: str | None = None


def has_member_account(session: Session, organisation: Organisation, email: str) -> bool:
    """Whether the address belongs to an active account that is a member of the organisation."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    return user is not None and user.is_active and user.is_member_of(organisation.id)


def noticed_organisation_ids(session: Session, period_id: int, occasion: str) -> set[int]:
    """The organisations that already have a notice for this occasion of the period (mailed or being mailed)."""
    return set(
        session.scalars(
            select(PeriodNotice.organisation_id).where(
                PeriodNotice.period_id == period_id, PeriodNotice.occasion == occasion
            )
        )
    )


def occasion_kind(occasion: str) -> NoticeKind:
    if occasion == "opening":
        return NoticeKind.OPENING
    return NoticeKind.RESEND if occasion.startswith("resend") else NoticeKind.REMINDER


def claim_notices(
    session: Session, period: ReportingPeriod, occasion: str, now: datetime, budget: MailBudget
) -> tuple[list[NoticeMail], list[Organisation], list[Organisation]]:
    """Record a notice for every owner organisation that should get this occasion's mail and has none for it.

    The opening goes to all; a reminder or a re-send only to those that have not submitted. Each row goes
    in on its own savepoint, so one another worker has just recorded is skipped, not a failure; the caller
    commits before sending. Also returned: those without an address, and those over the day's mail cap.
    """
    kind = occasion_kind(occasion)
    already = noticed_organisation_ids(session, period.id, occasion)
    done = set() if kind is NoticeKind.OPENING else submitted_organisation_ids(session, period.id)
    mails, missing, capped = [], [], []
    mail_kind = MailKind.ROUND_INVITATION if kind is NoticeKind.OPENING else MailKind.REMINDER
    for organisation in owner_organisations(session, period.process_id):
        if organisation.id in already or organisation.id in done:
            continue
        email = contact_address(session, organisation, period.process_id)
        if not email:
            missing.append(organisation)
            continue
        if not budget.take(session, mail_kind, email, now, sender=None):
            capped.append(organisation)
            continue
        notice = PeriodNotice(
            period_id=period.id, organisation_id=organisation.id, kind=kind, occasion=occasion, email=email, sent_at=now
        )
        try:
            with session.begin_nested():
                session.add(notice)
        except IntegrityError:  # recorded a moment ago by another worker: theirs to send
            continue
        join = None
        if not has_member_account(session, organisation, email):
            # The report page is for the organisation's members: the mail brings a way in, valid to the deadline.
            join = issue_token(
                session, TokenPurpose.INVITATION, email, now, organisation=organisation, until=closes_at(period)
            )
        mails.append(NoticeMail(email, organisation, period, kind, notice.id, join))
    session.flush()
    return mails, missing, capped


def mark_sent(session: Session, notice_id: int, now: datetime) -> None:
    # One statement, not a read then a write (see remiss.reminders on SQLite's write lock).
    session.execute(
        update(PeriodNotice)
        .where(PeriodNotice.id == notice_id)
        .values(status=NoticeStatus.SENT, sent_at=now)
        .execution_options(synchronize_session=False)
    )


def release(session: Session, notice_id: int) -> None:
    """Forget a notice whose mail could not be sent, so that a later attempt sends it."""
    session.execute(
        delete(PeriodNotice).where(PeriodNotice.id == notice_id).execution_options(synchronize_session=False)
    )


def start_resend(session: Session, actor: Actor | None, code: str, period_id: int, now: datetime):
    """The coordinator's one click: a job that mails every owner organisation that has not submitted."""
    period = coordinator_period(session, actor, code, period_id)
    if period.is_published:
        raise NotAllowed(msg(N_("Perioden är publicerad; den tar inte emot fler rapporter.")))
    # One re-send a day: a second click (or a double click) the same day mails nobody a second time.
    occasion = f"resend-{local_today(now).isoformat()}"
    reminded = noticed_organisation_ids(session, period.id, occasion)
    done = submitted_organisation_ids(session, period.id)
    if all(o.id in reminded or o.id in done for o in owner_organisations(session, period.process_id)):
        raise NotAllowed(
            msg(
                N_(
                    "Alla organisationer som inte har rapporterat har redan fått en påminnelse i dag. Försök igen i morgon."
                )
            )
        )
    return queue.enqueue(session, PERIOD_MAIL_JOB, {"period_id": period.id, "occasion": occasion}, started_by=actor)


def start_opening_mail(session: Session, actor: Actor | None, period: ReportingPeriod):
    return queue.enqueue(session, PERIOD_MAIL_JOB, {"period_id": period.id, "occasion": "opening"}, started_by=actor)


# --- the reminder schedule, swept like a round's ----------------------------------------------------


def reminder_moments(period: ReportingPeriod) -> list[tuple[date, datetime]]:
    """The schedule's dates (oldest first) with their UTC instants, those before the deadline's end only."""
    end = closes_at(period)
    dates = sorted({period.deadline_on - timedelta(days=d) for d in period.reminder_days or [] if d > 0})
    moments = [(day, due_at(day, period.reminder_time)) for day in dates]
    return [(day, moment) for day, moment in moments if moment < end]


def due_reminder(period: ReportingPeriod, now: datetime) -> date | None:
    """The latest reminder date that has come and was planned when the schedule was saved, if any."""
    due = [
        day
        for day, moment in reminder_moments(period)
        if moment <= now and moment >= period.reminders_from and moment >= period.opens_at
    ]
    return due[-1] if due else None


def queue_due_reminders(session: Session, now: datetime) -> list[int]:
    """Queue one job for each open period's latest due reminder date not yet queued; the caller commits."""
    periods = session.scalars(
        select(ReportingPeriod).where(
            ReportingPeriod.published_at.is_(None), ReportingPeriod.deadline_on >= local_today(now)
        )
    ).all()
    jobs = []
    for period in periods:
        remind_on = due_reminder(period, now)
        if remind_on is None or session.scalar(
            select(PeriodOccasion.id).where(
                PeriodOccasion.period_id == period.id, PeriodOccasion.remind_on == remind_on
            )
        ):
            continue
        try:
            with session.begin_nested():
                job = queue.enqueue(
                    session, PERIOD_MAIL_JOB, {"period_id": period.id, "occasion": remind_on.isoformat()}
                )
                session.add(PeriodOccasion(period_id=period.id, remind_on=remind_on, job_id=job.id, created_at=now))
        except IntegrityError:  # another worker's sweep queued it a moment ago
            continue
        jobs.append(job.id)
    session.flush()
    return jobs
