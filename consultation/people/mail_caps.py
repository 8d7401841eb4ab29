"""Caps on the e-mail that people (signed in or not) can make the site send: per recipient address, per
sender and per client address, counted in the database (`outgoing_mail`) so that every worker sees them.

Without them one person could make the site send 25 invitations to one address, or an anonymous
visitor a confirmation mail per registration to anyone's address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..errors import N_, DomainError, msg
from .login_throttle import account_key
from .models import OutgoingMail, User


class MailKind(StrEnum):
    COLLEAGUE_INVITATION = "colleague_invitation"
    REGISTRATION = "registration"  # the confirmation link, or "you already have an account"
    RECEIPT = "receipt"  # to the person who submitted, at their own address
    ROUND_INVITATION = "round_invitation"  # the admin's invitations to a round's remissinstanser
    REMINDER = "reminder"  # before a round closes, to those who have not answered
    FEEDBACK = "feedback"  # after publication, to each respondent: what became of their points


class MailGroup(StrEnum):
    """Mail is capped per group, each counting only its own kinds: a colleague invitation is someone
    choosing an address to mail; a receipt goes to the sender's own address; round mail is the
    coordinator's work, sent to the register in bulk. One must not use up another's allowance."""

    REQUESTED = "requested"
    RECEIPT = "receipt"
    ROUND = "round"


GROUPS = {
    MailKind.COLLEAGUE_INVITATION: MailGroup.REQUESTED,
    MailKind.REGISTRATION: MailGroup.REQUESTED,
    MailKind.RECEIPT: MailGroup.RECEIPT,
    MailKind.ROUND_INVITATION: MailGroup.ROUND,
    MailKind.REMINDER: MailGroup.ROUND,
    MailKind.FEEDBACK: MailGroup.ROUND,
}


class Limit(StrEnum):
    RECIPIENT = "recipient"
    SENDER = "sender"
    CLIENT_ADDRESS = "client_address"


@dataclass(frozen=True)
class MailCaps:
    per_recipient: int = 3  # mails people ask for to one address per day (invitations, registrations)
    per_sender: int = 20  # such mails one signed-in person has the site send per day
    per_client_address: int = 5  # such mails asked for from one client address per hour
    receipts_per_recipient: int = 10  # receipts to one address per day (each a new version submitted)
    round_mail_per_recipient: int = 3  # round invitations and reminders to one address per day
    # An admin's bulk sending: a round invites hundreds, so the colleagues' cap of 20 would stop it.
    round_mail_per_sender: int = 2000
    recipient_window: timedelta = timedelta(days=1)
    sender_window: timedelta = timedelta(days=1)
    address_window: timedelta = timedelta(hours=1)
    keep_for: timedelta = timedelta(days=2)

    def recipient_cap(self, group: MailGroup) -> int:
        return {
            MailGroup.REQUESTED: self.per_recipient,
            MailGroup.RECEIPT: self.receipts_per_recipient,
            MailGroup.ROUND: self.round_mail_per_recipient,
        }[group]

    def sender_cap(self, group: MailGroup) -> int:
        return self.round_mail_per_sender if group is MailGroup.ROUND else self.per_sender


class MailCapReached(DomainError):
    def __init__(self, limit: Limit, message):
        super().__init__(message)
        self.limit = limit


MESSAGES = {
    Limit.RECIPIENT: N_("Den adressen har redan fått flera brev från Samråd i dag. Försök igen i morgon."),
    Limit.SENDER: N_("Du har skickat många inbjudningar i dag. Försök igen i morgon."),
    Limit.CLIENT_ADDRESS: N_("Det har skickats många brev härifrån den senaste timmen. Försök igen om en stund."),
}


def _count(session: Session, group: MailGroup, condition, since: datetime) -> int:
    kinds = [kind.value for kind, in_group in GROUPS.items() if in_group is group]
    query = (
        select(func.count())
        .select_from(OutgoingMail)
        .where(condition, OutgoingMail.kind.in_(kinds), OutgoingMail.sent_at > since)
    )
    return session.scalar(query) or 0


def reached(
    session: Session,
    caps: MailCaps,
    secret: str | bytes,
    recipient: str,
    now: datetime,
    *,
    kind: MailKind,
    sender: User | None = None,
    address: str | None = None,
) -> Limit | None:
    """The first cap this mail would go over, or None."""
    group = GROUPS[kind]
    if address and (
        _count(session, group, OutgoingMail.address == address, now - caps.address_window) >= caps.per_client_address
    ):
        return Limit.CLIENT_ADDRESS
    if sender is not None and (
        _count(session, group, OutgoingMail.sender_id == sender.id, now - caps.sender_window) >= caps.sender_cap(group)
    ):
        return Limit.SENDER
    key = account_key(recipient, secret)
    if _count(session, group, OutgoingMail.recipient_key == key, now - caps.recipient_window) >= caps.recipient_cap(
        group
    ):
        return Limit.RECIPIENT
    return None


def reserve(
    session: Session,
    caps: MailCaps,
    secret: str | bytes,
    kind: MailKind,
    recipient: str,
    now: datetime,
    *,
    sender: User | None = None,
    address: str | None = None,
) -> None:
    """Count a mail about to be sent; MailCapReached (nothing counted) if it would go over a cap."""
    limit = reached(session, caps, secret, recipient, now, kind=kind, sender=sender, address=address)
    if limit is not None:
        raise MailCapReached(limit, msg(MESSAGES[limit]))
    session.add(
        OutgoingMail(
            sent_at=now,
            kind=kind,
            recipient_key=account_key(recipient, secret),
            sender_id=sender.id if sender is not None else None,
            address=address,
        )
    )
    session.execute(delete(OutgoingMail).where(OutgoingMail.sent_at < now - caps.keep_for))
    session.flush()


@dataclass(frozen=True)
class MailBudget:
    """The caps and the key that hashes addresses, for the services that send mail in bulk."""

    caps: MailCaps
    secret: str | bytes

    def take(self, session: Session, kind: MailKind, recipient: str, now: datetime, *, sender: User | None) -> bool:
        """Count one mail if it stays within the caps; False, with nothing counted, if it would go over."""
        try:
            reserve(session, self.caps, self.secret, kind, recipient, now, sender=sender)
        except MailCapReached:
            return False
        return True
