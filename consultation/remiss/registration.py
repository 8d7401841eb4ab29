"""Self-registration in a round open to everyone: new stakeholder accounts, confirming the
e-mail address, and the coordinators' approval of the organisations registered that way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..collation import swedish_sorted
from ..errors import N_, NotAllowed, ValidationFailed, msg
from ..people.access import Actor, require_admin
from ..people.accounts import email_error, get_organisation, normalise_email, organisation_by_name
from ..people.models import ActorType, Membership, Organisation, Role, User, UserRole
from ..people.passwords import MIN_LENGTH, hash_password
from .models import AccountToken, ConsultationRound, RoundAccess, TokenPurpose
from .tokens import InvalidToken, find_token, issue_token

# --- new stakeholder accounts (also made by accepting an invitation link) ----------------


@dataclass
class NewAccount:
    name: str
    password: str


def _account_errors(account: NewAccount) -> dict:
    errors = {}
    if not account.name.strip():
        errors["name"] = [msg(N_("Ange ditt namn."))]
    if len(account.password or "") < MIN_LENGTH:
        errors["password"] = [msg(N_("Lösenordet måste vara minst %(length)s tecken långt."), length=MIN_LENGTH)]
    return errors


def check_new_account(session: Session, email: str, account: NewAccount) -> None:
    errors = _account_errors(account)
    if session.scalar(select(User).where(User.email == email)) is not None:
        errors["email"] = [
            msg(
                N_("Det finns redan ett konto med e-postadressen %(email)s. Logga in och öppna länken igen."),
                email=email,
            )
        ]
    if errors:
        raise ValidationFailed(errors)


def new_stakeholder(email: str, account: NewAccount, active: bool) -> User:
    return User(
        name=" ".join(account.name.split()),
        email=email,
        password_hash=hash_password(account.password),
        is_active=active,
        role_grants=[UserRole(role=Role.STAKEHOLDER)],
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


@dataclass(frozen=True)
class RegistrationOutcome:
    """What a registration led to. The person registering is told the same either way (check your
    e-mail), so that the form does not reveal which addresses have accounts; the e-mail differs."""

    email: str
    user: User | None = None  # the new, inactive account ...
    token: str | None = None  # ... and its confirmation link
    existing: User | None = None  # or: the address already has this account; its owner is told


def _awaits_confirmation(session: Session, user: User) -> bool:
    """Inactive because the address was never confirmed (not because an admin turned the account off)."""
    pending = select(AccountToken.id).where(
        AccountToken.user_id == user.id,
        AccountToken.purpose == TokenPurpose.CONFIRM_EMAIL,
        AccountToken.used_at.is_(None),
    )
    return not user.is_active and session.scalar(pending.limit(1)) is not None


def register(session: Session, data: Registration, now: datetime) -> RegistrationOutcome:
    """Create an inactive account (and a new organisation awaiting approval) with a confirmation link; for an
    address that already has an account, nothing is created."""
    if not open_rounds(session, now):
        raise NotAllowed(msg(N_("Det finns ingen öppen remissrunda att registrera sig för just nu.")))
    if data.organisation_name is not None and not data.organisation_name.strip():
        # Registering for an organisation without naming it: said first, alone, before anything is checked.
        raise ValidationFailed({"organisation_name": [msg(N_("Ange organisationens namn."))]})
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
                msg(
                    N_("%(name)s finns redan. Be en kollega som redan har ett konto att bjuda in dig."),
                    name=existing.name,
                )
            ]
        organisation = Organisation(
            name=name,
            actor_type=data.actor_type or ActorType.OTHER,
            municipality=(data.municipality or "").strip() or None,
            approved=False,
        )
    errors.update(_account_errors(NewAccount(data.name, data.password)))
    if errors:
        raise ValidationFailed(errors)
    existing = session.scalar(select(User).where(User.email == email))
    if existing is not None:
        hash_password(data.password)  # the same cost as a new account, so the time does not tell either
        if _awaits_confirmation(session, existing):
            # Registered before and never confirmed: a new link, as the first mail may be lost.
            token = issue_token(session, TokenPurpose.CONFIRM_EMAIL, email, now, user=existing)
            return RegistrationOutcome(email, user=existing, token=token)
        return RegistrationOutcome(email, existing=existing)
    user = new_stakeholder(email, NewAccount(data.name, data.password), active=False)
    if organisation is not None:
        session.add(organisation)
        user.memberships.append(Membership(organisation=organisation))
    session.add(user)
    session.flush()
    audit.record(
        session,
        audit.Action.USER_REGISTERED,
        user,
        user,
        {"organisation_id": organisation.id if organisation else None},
        now=now,
    )
    token = issue_token(session, TokenPurpose.CONFIRM_EMAIL, email, now, user=user)
    return RegistrationOutcome(email, user=user, token=token)


def _confirmation_token(session: Session, raw: str, now: datetime) -> AccountToken:
    token = find_token(session, raw, {TokenPurpose.CONFIRM_EMAIL}, now)
    if token.user is None:
        raise InvalidToken(msg(N_("Länken är ogiltig. Kontrollera att hela adressen kom med.")))
    return token


def check_confirmation(session: Session, raw: str, now: datetime) -> User:
    """The account a confirmation link would activate; InvalidToken if the link is unknown, used or expired."""
    return _confirmation_token(session, raw, now).user


def confirm_email(session: Session, raw: str, now: datetime) -> User:
    token = _confirmation_token(session, raw, now)
    user = token.user
    user.is_active = True
    token.used_at = now
    session.flush()
    return user


def pending_organisations(session: Session, actor: Actor) -> list[Organisation]:
    require_admin(actor)
    return swedish_sorted(
        session.scalars(select(Organisation).where(Organisation.approved.is_(False))), key=lambda o: o.name
    )


def approve_organisation(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    organisation = get_organisation(session, actor, organisation_id)
    organisation.approved = True
    session.flush()
    audit.record(session, audit.Action.ORGANISATION_APPROVED, actor, organisation)
    return organisation
