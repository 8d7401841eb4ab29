"""Getting people in: invitation links, colleagues, self-registration and reminders.

Links carry a random token; only its SHA-256 is stored. The services here decide who
gets which link; the web layer writes and sends the e-mails.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..people.access import Actor, require_admin
from ..people.accounts import email_error, normalise_email, organisation_by_name
from ..errors import N_, DomainError, NotAllowed, NotFound, ValidationFailed, msg
from .models import (
    AccountToken,
    ConsultationRound,
    Invitation,
    InvitationStatus,
    Reminder,
    RoundAccess,
    TokenPurpose,
)
from ..people.models import ActorType, Membership, Organisation, Role, User, UserRole
from ..people.passwords import MIN_LENGTH, hash_password
from .rounds import get_round
from ..timezones import local_today, to_local

TOKEN_LIFETIME = {
    TokenPurpose.INVITATION: timedelta(days=30),
    TokenPurpose.COLLEAGUE: timedelta(days=14),
    TokenPurpose.CONFIRM_EMAIL: timedelta(days=2),
}


class InvalidToken(DomainError):
    """The link is unknown, used or expired."""


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_token(
    session: Session,
    purpose: TokenPurpose,
    email: str,
    now: datetime,
    *,
    organisation: Organisation | None = None,
    user: User | None = None,
    round_: ConsultationRound | None = None,
    created_by: User | None = None,
) -> str:
    raw = secrets.token_urlsafe(32)
    session.add(
        AccountToken(
            purpose=purpose,
            token_hash=_hash(raw),
            email=normalise_email(email),
            organisation=organisation,
            user=user,
            round_id=round_.id if round_ else None,
            created_by_id=created_by.id if created_by else None,
            created_at=now,
            expires_at=now + TOKEN_LIFETIME[purpose],
        )
    )
    session.flush()
    return raw


def find_token(session: Session, raw: str, purposes: set[TokenPurpose], now: datetime) -> AccountToken:
    token = session.scalar(select(AccountToken).where(AccountToken.token_hash == _hash(raw or "")))
    if token is None or token.purpose not in purposes:
        raise InvalidToken(msg(N_("Länken är ogiltig. Kontrollera att hela adressen kom med.")))
    if token.used_at is not None:
        raise InvalidToken(msg(N_("Länken har redan använts. Logga in med ditt konto i stället.")))
    if now >= token.expires_at:
        raise InvalidToken(msg(N_("Länken har slutat gälla. Be om en ny inbjudan.")))
    return token


# --- invitations to a round ------------------------------------------------------------


@dataclass(frozen=True)
class InvitationMail:
    email: str
    organisation: Organisation
    round: ConsultationRound
    token: str
    invitation: Invitation


def prepare_invitation_mails(
    session: Session, actor: Actor, round_id: int, now: datetime
) -> tuple[list[InvitationMail], list[Organisation]]:
    """A link for every invited organisation not yet e-mailed; also those that lack an address."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    mails, missing = [], []
    invitations = session.scalars(
        select(Invitation)
        .where(Invitation.round_id == round_.id, Invitation.sent_at.is_(None))
        .order_by(Invitation.id)
    )
    for invitation in invitations:
        email = invitation.contact_email or invitation.organisation.email
        if not email:
            missing.append(invitation.organisation)
            continue
        token = issue_token(
            session, TokenPurpose.INVITATION, email, now,
            organisation=invitation.organisation, round_=round_,
        )
        invitation.sent_at = now
        mails.append(InvitationMail(email, invitation.organisation, round_, token, invitation))
    session.flush()
    return mails, missing


@dataclass
class NewAccount:
    name: str
    password: str


def _check_new_account(session: Session, email: str, account: NewAccount) -> None:
    errors = {}
    if not account.name.strip():
        errors["name"] = [msg(N_("Ange ditt namn."))]
    if len(account.password or "") < MIN_LENGTH:
        errors["password"] = [
            msg(N_("Lösenordet måste vara minst %(count)s tecken långt."), count=MIN_LENGTH)
        ]
    if session.scalar(select(User).where(User.email == email)) is not None:
        errors["email"] = [
            msg(N_("Det finns redan ett konto med e-postadressen %(email)s. Logga in och öppna länken igen."),
                email=email)
        ]
    if errors:
        raise ValidationFailed(errors)


def _new_stakeholder(email: str, account: NewAccount, active: bool) -> User:
    return User(
        name=" ".join(account.name.split()),
        email=email,
        password_hash=hash_password(account.password),
        is_active=active,
        role_grants=[UserRole(role=Role.STAKEHOLDER)],
    )


def accept_link(
    session: Session, raw: str, now: datetime, *, signed_in: User | None = None,
    account: NewAccount | None = None,
) -> User:
    """Join the organisation of an invitation or colleague link, with a new or the signed-in account."""
    token = find_token(session, raw, {TokenPurpose.INVITATION, TokenPurpose.COLLEAGUE}, now)
    if signed_in is not None:
        user = signed_in
        if Role.STAKEHOLDER not in user.roles:
            user.role_grants.append(UserRole(role=Role.STAKEHOLDER))
    else:
        if account is None:
            raise ValidationFailed({"name": [msg(N_("Ange ditt namn."))]})
        _check_new_account(session, token.email, account)
        user = _new_stakeholder(token.email, account, active=True)
        session.add(user)
    if token.organisation is not None and not any(
        m.organisation_id == token.organisation_id for m in user.memberships
    ):
        user.memberships.append(Membership(organisation=token.organisation))
    token.used_at = now
    token.user = user
    session.flush()
    audit.record(session, audit.Action.INVITATION_ACCEPTED, user, user, {
        "organisation_id": token.organisation_id, "invited_by_id": token.created_by_id,
        "new_account": signed_in is None,
    }, now=now)
    return user


def describe_link(session: Session, raw: str, now: datetime) -> AccountToken:
    """The invitation behind a link, to show before the person accepts it."""
    return find_token(session, raw, {TokenPurpose.INVITATION, TokenPurpose.COLLEAGUE}, now)


def invite_colleague(
    session: Session, user: User, organisation_id: int, email: str, now: datetime
) -> str:
    """A member invites a colleague into the same organisation."""
    if not (user.has_role(Role.STAKEHOLDER) and user.is_member_of(organisation_id)):
        raise NotAllowed(msg(N_("Du kan bara bjuda in kollegor till din egen organisation.")))
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(msg(N_("Organisationen finns inte.")))
    if not organisation.approved:
        raise NotAllowed(
            msg(N_("Organisationen väntar på att godkännas av en samordnare; då kan du bjuda in kollegor."))
        )
    email = normalise_email(email)
    if error := email_error(email):
        raise ValidationFailed({"email": [error]})
    existing = session.scalar(select(User).where(User.email == email))
    if existing is not None and existing.is_member_of(organisation_id):
        raise ValidationFailed({"email": [msg(N_("Personen är redan medlem i organisationen."))]})
    audit.record(session, audit.Action.COLLEAGUE_INVITED, user, organisation, {"email": email}, now=now)
    return issue_token(
        session, TokenPurpose.COLLEAGUE, email, now, organisation=organisation, created_by=user
    )


# --- registering in a round open to everyone ---------------------------------------------


@dataclass
class Registration:
    name: str
    email: str
    password: str
    organisation_name: str | None = None  # None: as a private person
    actor_type: ActorType | str | None = None
    municipality: str | None = None


def open_rounds(session: Session, now: datetime) -> list[ConsultationRound]:
    return list(
        session.scalars(
            select(ConsultationRound).where(
                ConsultationRound.access == RoundAccess.OPEN,
                ConsultationRound.opens_at <= now,
                ConsultationRound.closes_at > now,
            )
        )
    )


def register(session: Session, data: Registration, now: datetime) -> tuple[User, str]:
    """Create an inactive account (and a new organisation awaiting approval); returns the confirmation link token."""
    if not open_rounds(session, now):
        raise NotAllowed(msg(N_("Det finns ingen öppen remissrunda att registrera sig för just nu.")))
    email = normalise_email(data.email)
    errors = {}
    if error := email_error(email):
        errors["email"] = [error]
    organisation = None
    if data.organisation_name and data.organisation_name.strip():
        name = " ".join(data.organisation_name.split())
        if data.actor_type not in {t.value for t in ActorType} - {ActorType.PRIVATE_PERSON.value}:
            errors["actor_type"] = [msg(N_("Välj vilken sorts organisation det är."))]
        existing = organisation_by_name(session, name)
        if existing is not None:
            errors["organisation_name"] = [
                msg(N_("%(name)s finns redan. Be en kollega som redan har ett konto att bjuda in dig."),
                    name=existing.name)
            ]
        organisation = Organisation(
            name=name, actor_type=data.actor_type or ActorType.OTHER,
            municipality=(data.municipality or "").strip() or None, approved=False,
        )
    try:
        _check_new_account(session, email, NewAccount(data.name, data.password))
    except ValidationFailed as error:
        errors.update(error.errors)
    if errors:
        raise ValidationFailed(errors)
    user = _new_stakeholder(email, NewAccount(data.name, data.password), active=False)
    if organisation is not None:
        session.add(organisation)
        user.memberships.append(Membership(organisation=organisation))
    session.add(user)
    session.flush()
    audit.record(session, audit.Action.USER_REGISTERED, user, user,
                 {"organisation_id": organisation.id if organisation else None}, now=now)
    token = issue_token(session, TokenPurpose.CONFIRM_EMAIL, email, now, user=user)
    return user, token


def confirm_email(session: Session, raw: str, now: datetime) -> User:
    token = find_token(session, raw, {TokenPurpose.CONFIRM_EMAIL}, now)
    user = token.user
    if user is None:
        raise InvalidToken(msg(N_("Länken är ogiltig. Kontrollera att hela adressen kom med.")))
    user.is_active = True
    token.used_at = now
    session.flush()
    return user


def pending_organisations(session: Session, actor: Actor) -> list[Organisation]:
    require_admin(actor)
    return list(
        session.scalars(select(Organisation).where(Organisation.approved.is_(False)).order_by(Organisation.name))
    )


def approve_organisation(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    require_admin(actor)
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(msg(N_("Organisationen finns inte.")))
    organisation.approved = True
    session.flush()
    audit.record(session, audit.Action.ORGANISATION_APPROVED, actor, organisation)
    return organisation


# --- reminders -------------------------------------------------------------------------


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
