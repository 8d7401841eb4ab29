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


class Limit(StrEnum):
    RECIPIENT = "recipient"
    SENDER = "sender"
    CLIENT_ADDRESS = "client_address"


@dataclass(frozen=True)
class MailCaps:
    per_recipient: int = 3  # mails to one address per day, of every kind together
    per_sender: int = 20  # mails one signed-in person has the site send per day
    per_client_address: int = 5  # mails asked for from one client address per hour
    recipient_window: timedelta = timedelta(days=1)
    sender_window: timedelta = timedelta(days=1)
    address_window: timedelta = timedelta(hours=1)
    keep_for: timedelta = timedelta(days=2)


class MailCapReached(DomainError):
    def __init__(self, limit: Limit, message):
        super().__init__(message)
        self.limit = limit


MESSAGES = {
    Limit.RECIPIENT: N_("Den adressen har redan fått flera brev från Samråd i dag. Försök igen i morgon."),
    Limit.SENDER: N_("Du har skickat många inbjudningar i dag. Försök igen i morgon."),
    Limit.CLIENT_ADDRESS: N_("Det har skickats många brev härifrån den senaste timmen. Försök igen om en stund."),
}


def _count(session: Session, condition, since: datetime) -> int:
    query = select(func.count()).select_from(OutgoingMail).where(condition, OutgoingMail.sent_at > since)
    return session.scalar(query) or 0


def reached(
    session: Session,
    caps: MailCaps,
    secret: str | bytes,
    recipient: str,
    now: datetime,
    *,
    sender: User | None = None,
    address: str | None = None,
) -> Limit | None:
    """The first cap this mail would go over, or None."""
    if (
        address
        and _count(session, OutgoingMail.address == address, now - caps.address_window) >= caps.per_client_address
    ):
        return Limit.CLIENT_ADDRESS
    if (
        sender is not None
        and _count(session, OutgoingMail.sender_id == sender.id, now - caps.sender_window) >= caps.per_sender
    ):
        return Limit.SENDER
    key = account_key(recipient, secret)
    if _count(session, OutgoingMail.recipient_key == key, now - caps.recipient_window) >= caps.per_recipient:
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
    limit = reached(session, caps, secret, recipient, now, sender=sender, address=address)
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
