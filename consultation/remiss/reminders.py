"""Reminders before a round closes: to invitees without an answer, once per reminder date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..people.access import Actor, require_admin
from ..people.mail_caps import MailBudget, MailKind
from ..people.models import Organisation, User
from ..timezones import local_today, to_local
from .models import ConsultationRound, Invitation, InvitationStatus, Reminder
from .rounds import get_round


@dataclass(frozen=True)
class ReminderMail:
    email: str
    organisation: Organisation
    round: ConsultationRound
    days_left: int


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
    remind_on = due[-1]
    closing_day = to_local(round_.closes_at).date()
    already = set(
        session.scalars(
            select(Reminder.invitation_id)
            .join(Invitation)
            .where(Invitation.round_id == round_.id, Reminder.remind_on == remind_on)
        )
    )
    mails, capped = [], []
    sender = actor if isinstance(actor, User) else None
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
        session.add(Reminder(invitation=invitation, remind_on=remind_on, email=email, sent_at=now))
        mails.append(ReminderMail(email, invitation.organisation, round_, (closing_day - today).days))
    session.flush()
    return mails, capped
