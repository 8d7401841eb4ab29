"""Getting people in: invitation links to a round, accepting a link, and inviting colleagues.

Links carry a random token; only its SHA-256 is stored (`tokens`). The services here decide who
gets which link; the web layer writes and sends the e-mails. Self-registration is in
`registration`, reminders before the deadline in `reminders`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..errors import N_, NotAllowed, NotFound, ValidationFailed, msg
from ..people.access import Actor, require_admin
from ..people.accounts import email_error, normalise_email
from ..people.mail_caps import MailBudget, MailKind
from ..people.models import Membership, Organisation, Role, User, UserRole
from ..people.passwords import MIN_LENGTH, hash_password
from .models import AccountToken, ConsultationRound, Invitation, TokenPurpose

# Tokens and self-registration have modules of their own; their names stay reachable here too
# (outreach.register, outreach.InvalidToken), where the callers of the outreach services find them.
from .registration import (  # noqa: F401
    NewAccount,
    Registration,
    RegistrationOutcome,
    approve_organisation,
    check_confirmation,
    check_new_account,
    confirm_email,
    new_stakeholder,
    open_rounds,
    pending_organisations,
    register,
)
from .rounds import get_round
from .tokens import TOKEN_LIFETIME, InvalidToken, find_token, issue_token  # noqa: F401

# --- invitations to a round ------------------------------------------------------------


@dataclass(frozen=True)
class InvitationMail:
    email: str
    organisation: Organisation
    round: ConsultationRound
    token: str
    invitation: Invitation


class Held(StrEnum):
    """Why an invitation was not mailed this time."""

    NO_ADDRESS = "no_address"  # neither the invitation nor the organisation has an address
    OVER_CAP = "over_cap"  # the address has had its day's round mail: the next attempt sends it


def unsent_invitations(session: Session, actor: Actor, round_id: int) -> list[int]:
    """The ids of the round's invitations not yet e-mailed, in order: what a sending job works through."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    return list(
        session.scalars(
            select(Invitation.id)
            .where(Invitation.round_id == round_.id, Invitation.sent_at.is_(None))
            .order_by(Invitation.id)
        )
    )


def take_invitation(
    session: Session, actor: Actor, invitation_id: int, now: datetime, budget: MailBudget
) -> InvitationMail | Held | None:
    """Mark one invitation sent and give its mail (with a new link), or say why it is held; None if already sent.

    The mark comes first: the caller commits it, then sends, so that a job resumed after a crash
    never mails anyone twice (at worst the one mail in flight when it crashed is not sent).
    """
    require_admin(actor)
    invitation = session.get(Invitation, invitation_id, with_for_update=True)
    if invitation is None or invitation.sent_at is not None:
        return None
    email = invitation.contact_email or invitation.organisation.email
    if not email:
        return Held.NO_ADDRESS
    if not budget.take(
        session, MailKind.ROUND_INVITATION, email, now, sender=actor if isinstance(actor, User) else None
    ):
        return Held.OVER_CAP
    token = issue_token(
        session, TokenPurpose.INVITATION, email, now, organisation=invitation.organisation, round_=invitation.round
    )
    invitation.sent_at = now
    session.flush()
    return InvitationMail(email, invitation.organisation, invitation.round, token, invitation)


def prepare_invitation_mails(
    session: Session, actor: Actor, round_id: int, now: datetime, budget: MailBudget
) -> tuple[list[InvitationMail], list[Organisation], list[Organisation]]:
    """A link for every invited organisation not yet e-mailed; also those that lack an address, and those
    whose address is over the day's cap on round mail (they stay unsent, for the next attempt)."""
    mails, missing, capped = [], [], []
    for invitation_id in unsent_invitations(session, actor, round_id):
        taken = take_invitation(session, actor, invitation_id, now, budget)
        if isinstance(taken, InvitationMail):
            mails.append(taken)
        elif taken is not None:
            organisation = session.get(Invitation, invitation_id).organisation
            (missing if taken == Held.NO_ADDRESS else capped).append(organisation)
    return mails, missing, capped


class LinkForAnotherAddress(NotAllowed):
    """An invitation binds to the address it was sent to: nobody signed in as another may use it."""


def check_link_is_for(token: AccountToken, signed_in: User | None) -> None:
    """Signed out (a new account for the invited address) or signed in as that address; else refused."""
    if signed_in is not None and normalise_email(signed_in.email) != token.email:
        raise LinkForAnotherAddress(
            msg(
                N_(
                    "Inbjudan skickades till %(invited)s, men du är inloggad som %(email)s. En inbjudan kan"
                    " bara användas av den som fick den."
                ),
                invited=token.email,
                email=signed_in.email,
            )
        )


def accept_link(
    session: Session,
    raw: str,
    now: datetime,
    *,
    signed_in: User | None = None,
    account: NewAccount | None = None,
) -> User:
    """Join the organisation of an invitation or colleague link, with a new or the signed-in account."""
    token = find_token(session, raw, {TokenPurpose.INVITATION, TokenPurpose.COLLEAGUE}, now)
    check_link_is_for(token, signed_in)
    if signed_in is not None:
        user = signed_in
        if Role.STAKEHOLDER not in user.roles:
            user.role_grants.append(UserRole(role=Role.STAKEHOLDER))
    else:
        if account is None:
            raise ValidationFailed({"name": [msg(N_("Ange ditt namn."))]})
        check_new_account(session, token.email, account)
        user = new_stakeholder(token.email, account, active=True)
        session.add(user)
    if token.organisation is not None and not any(m.organisation_id == token.organisation_id for m in user.memberships):
        user.memberships.append(Membership(organisation=token.organisation))
    token.used_at = now
    token.user = user
    session.flush()
    audit.record(
        session,
        audit.Action.INVITATION_ACCEPTED,
        user,
        user,
        {
            "organisation_id": token.organisation_id,
            "invited_by_id": token.created_by_id,
            "new_account": signed_in is None,
        },
        now=now,
    )
    return user


def describe_link(session: Session, raw: str, now: datetime) -> AccountToken:
    """The invitation behind a link, to show before the person accepts it."""
    return find_token(session, raw, {TokenPurpose.INVITATION, TokenPurpose.COLLEAGUE}, now)


def invite_colleague(session: Session, user: User, organisation_id: int, email: str, now: datetime) -> str:
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
    return issue_token(session, TokenPurpose.COLLEAGUE, email, now, organisation=organisation, created_by=user)


# --- a user an admin created chooses their own password ---------------------------------


def password_link(session: Session, actor: Actor, user_id: int, now: datetime) -> str:
    """A one-time link for a user an admin created: the person sets the password, nobody else knows it."""
    require_admin(actor)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(msg(N_("Användaren finns inte.")))
    return issue_token(
        session,
        TokenPurpose.SET_PASSWORD,
        user.email,
        now,
        user=user,
        created_by=actor if isinstance(actor, User) else None,
    )


def describe_password_link(session: Session, raw: str, now: datetime) -> AccountToken:
    return find_token(session, raw, {TokenPurpose.SET_PASSWORD}, now)


def set_password_from_link(session: Session, raw: str, password: str, now: datetime) -> User:
    """Set the password of the link's user; the link then stops working."""
    token = find_token(session, raw, {TokenPurpose.SET_PASSWORD}, now)
    user = token.user
    if user is None or user.email != token.email:
        # The admin changed the address after sending: the link was for someone else's mailbox.
        raise InvalidToken(msg(N_("Länken är ogiltig. Kontrollera att hela adressen kom med.")))
    if len(password or "") < MIN_LENGTH:
        raise ValidationFailed(
            {"password": [msg(N_("Lösenordet måste vara minst %(length)s tecken långt."), length=MIN_LENGTH)]}
        )
    user.password_hash = hash_password(password)
    token.used_at = now
    session.flush()
    audit.record(session, audit.Action.USER_CHANGED, user, user, {"fields": ["password"], "by_link": True}, now=now)
    return user


# --- an organisation's own contact address -----------------------------------------------


def change_contact(session: Session, user: User, organisation_id: int, email: str, now: datetime) -> Organisation:
    """A member names the organisation's contact (a person instead of registrator@): invitations and reminders go there."""
    if not (user.has_role(Role.STAKEHOLDER) and user.is_member_of(organisation_id)):
        raise NotFound(msg(N_("Organisationen finns inte.")))
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(msg(N_("Organisationen finns inte.")))
    email = normalise_email(email)
    if error := email_error(email):
        raise ValidationFailed({"email": [error]})
    organisation.email = email
    # Rounds still running write to the new contact too, also where the CSV import named another address.
    running = select(ConsultationRound.id).where(ConsultationRound.closes_at > now)
    for invitation in session.scalars(
        select(Invitation).where(Invitation.organisation_id == organisation_id, Invitation.round_id.in_(running))
    ):
        invitation.contact_email = None
    session.flush()
    audit.record(session, audit.Action.ORGANISATION_CONTACT_CHANGED, user, organisation, {"email": email}, now=now)
    return organisation
