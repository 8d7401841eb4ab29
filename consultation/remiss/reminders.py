"""Reminders before a round closes: to invitees without an answer, once per reminder date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..people.access import Actor, require_admin
from ..people.models import Organisation
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
    session: Session, actor: Actor, round_id: int, days_before: list[int], now: datetime
) -> list[ReminderMail]:
    """Invitees without an answer, for the latest reminder date that has come; once per date."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    if now >= round_.closes_at or now < round_.opens_at:
        return []
    today = local_today(now)
    due = [d for d in reminder_dates(round_, days_before) if d <= today]
    if not due:
        return []
    remind_on = due[-1]
    closing_day = to_local(round_.closes_at).date()
    already = set(
        session.scalars(
            select(Reminder.invitation_id)
            .join(Invitation)
            .where(Invitation.round_id == round_.id, Reminder.remind_on == remind_on)
        )
    )
    mails = []
    for invitation in session.scalars(
        select(Invitation)
        .where(Invitation.round_id == round_.id, Invitation.status == InvitationStatus.INVITED)
        .order_by(Invitation.id)
    ):
        email = invitation.contact_email or invitation.organisation.email
        if invitation.id in already or not email:
            continue
        session.add(Reminder(invitation=invitation, remind_on=remind_on, email=email, sent_at=now))
        mails.append(ReminderMail(email, invitation.organisation, round_, (closing_day - today).days))
    session.flush()
    return mails
