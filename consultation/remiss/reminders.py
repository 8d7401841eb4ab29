"""Reminders before a round closes: to invitees without an answer, once per reminder date.

Two ways lead here: the round's schedule (`reminder_schedule`), whose due occasions the job queue's
sweep turns into jobs, and `flask remiss remind` for those who run it from cron. Both record a
`Reminder` row per invitation and date before the mail goes out, so neither sends one twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..people.access import Actor, require_admin
from ..people.mail_caps import MailBudget, MailKind
from ..people.models import Organisation, User
from ..timezones import local_today, to_local
from .models import ConsultationRound, Invitation, InvitationStatus, Reminder, ReminderStatus
from .rounds import get_round


@dataclass(frozen=True)
class ReminderMail:
    email: str
    organisation: Organisation
    round: ConsultationRound
    days_left: int
    reminder_id: int | None = None


def reminder_dates(round_: ConsultationRound, days_before: list[int]) -> list[date]:
    closing_day = to_local(round_.closes_at).date()
    return sorted({closing_day - timedelta(days=d) for d in days_before if d > 0})


def due_reminders(
    session: Session, actor: Actor, round_id: int, days_before: list[int], now: datetime, budget: MailBudget
) -> tuple[list[ReminderMail], list[Organisation]]:
    """Invitees without an answer, for the latest reminder date that has come; once per date. Also those
    whose address is over the day's cap on round mail: they get the reminder on a later run."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    if now >= round_.closes_at or now < round_.opens_at:
        return [], []
    today = local_today(now)
    due = [d for d in reminder_dates(round_, days_before) if d <= today]
    if not due:
        return [], []
    sender = actor if isinstance(actor, User) else None
    return claim_recipients(session, round_, due[-1], now, budget, sender=sender, status=ReminderStatus.SENT)


def claim_recipients(
    session: Session,
    round_: ConsultationRound,
    remind_on: date,
    now: datetime,
    budget: MailBudget,
    *,
    sender: User | None = None,
    status: ReminderStatus = ReminderStatus.SENDING,
) -> tuple[list[ReminderMail], list[Organisation]]:
    """Record a reminder for every invitee still without an answer and without one for this date.

    Each row is inserted on its own savepoint: a row that another worker (or the cron command) has
    just inserted for the same invitation and date makes this one skip it instead of failing. The
    caller commits before sending, so that a job run twice finds the rows and sends nothing twice.
    Those over the day's cap on round mail are returned apart and get no row: a later attempt.
    """
    if now >= round_.closes_at or now < round_.opens_at:
        return [], []
    closing_day = to_local(round_.closes_at).date()
    days_left = (closing_day - local_today(now)).days
    already = set(
        session.scalars(
            select(Reminder.invitation_id)
            .join(Invitation)
            .where(Invitation.round_id == round_.id, Reminder.remind_on == remind_on)
        )
    )
    mails, capped = [], []
    for invitation in session.scalars(
        select(Invitation)
        .where(Invitation.round_id == round_.id, Invitation.status == InvitationStatus.INVITED)
        .order_by(Invitation.id)
    ):
        email = invitation.contact_email or invitation.organisation.email
        if invitation.id in already or not email:
            continue
        if not budget.take(session, MailKind.REMINDER, email, now, sender=sender):
            capped.append(invitation.organisation)
            continue
        reminder = Reminder(invitation_id=invitation.id, remind_on=remind_on, email=email, sent_at=now, status=status)
        try:
            with session.begin_nested():
                session.add(reminder)
        except IntegrityError:  # recorded a moment ago by someone else: theirs to send
            continue
        mails.append(ReminderMail(email, invitation.organisation, round_, days_left, reminder.id))
    session.flush()
    return mails, capped


# Single statements, not a read and then a write: on SQLite a transaction that has read cannot start
# writing once another connection (the job's heartbeat) has committed, while a first write waits its turn.


def mark_sent(session: Session, reminder_id: int, now: datetime) -> None:
    session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id)
        .values(status=ReminderStatus.SENT, sent_at=now)
        .execution_options(synchronize_session=False)
    )


def release(session: Session, reminder_id: int) -> None:
    """Forget a reminder whose mail could not be sent, so that a later attempt sends it."""
    session.execute(delete(Reminder).where(Reminder.id == reminder_id).execution_options(synchronize_session=False))
