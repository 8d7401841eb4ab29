"""The clock rules of a consultation round: when it is open, and who may answer in it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..drafts.models import Process
from ..errors import N_, DomainError, NotFound, msg
from ..people.models import Organisation, Role, User
from .models import ConsultationRound, Invitation, RoundAccess


class RoundClosed(DomainError):
    """The deadline has passed: nothing more may be written, submitted or withdrawn."""


class RoundNotOpen(DomainError):
    """The round has not opened yet."""


def require_open(round_: ConsultationRound, now: datetime) -> None:
    """Open from `opens_at` up to, not including, `closes_at` (both UTC instants)."""
    if now >= round_.closes_at:
        raise RoundClosed(msg(N_("Remissrundan stängde och tar inte längre emot svar.")))
    if now < round_.opens_at:
        raise RoundNotOpen(msg(N_("Remissrundan har inte öppnat ännu.")))


class RoundState(StrEnum):
    """Where a round stands on the clock: kommande, öppen or stängd."""

    UPCOMING = "upcoming"
    OPEN = "open"
    CLOSED = "closed"


def round_state(round_: ConsultationRound, now: datetime) -> RoundState:
    """The same instants as require_open: open from `opens_at`, closed from `closes_at`."""
    if now >= round_.closes_at:
        return RoundState.CLOSED
    if now < round_.opens_at:
        return RoundState.UPCOMING
    return RoundState.OPEN


def get_round(session: Session, round_id: int) -> ConsultationRound:
    round_ = session.get(ConsultationRound, round_id)
    if round_ is None:
        raise NotFound(msg(N_("Remissrundan finns inte.")))
    return round_


@dataclass(frozen=True)
class Owner:
    """Whom a response belongs to: an organisation, or one person answering for themself."""

    organisation: Organisation | None = None
    person: User | None = None

    @property
    def key(self) -> str:
        return f"org-{self.organisation.id}" if self.organisation else "person"


def invited_organisation_ids(session: Session, round_: ConsultationRound) -> set[int]:
    return set(session.scalars(select(Invitation.organisation_id).where(Invitation.round_id == round_.id)))


def invitations_of(session: Session, round_: ConsultationRound, owners: list[Owner]) -> dict[int, Invitation]:
    """The round's invitations of these owners' organisations, by organisation id.

    Only theirs: the round page asked for every invitation of the round, hundreds of objects for
    a real remiss, to look up the one or two of the person reading it."""
    ids = [o.organisation.id for o in owners if o.organisation is not None]
    if not ids:
        return {}
    found = session.scalars(
        select(Invitation).where(Invitation.round_id == round_.id, Invitation.organisation_id.in_(ids))
    )
    return {i.organisation_id: i for i in found}


def owners_for(session: Session, user: User, round_: ConsultationRound) -> list[Owner]:
    """Every way this user may answer the round: for an organisation they belong to, or as themself."""
    if not (user.is_active and user.has_role(Role.STAKEHOLDER)):
        return []
    invited = invited_organisation_ids(session, round_)
    owners = [
        Owner(organisation=org) for org in user.organisations if round_.access == RoundAccess.OPEN or org.id in invited
    ]
    if round_.access == RoundAccess.OPEN:
        owners.append(Owner(person=user))
    return owners


def rounds_of(session: Session, process: Process) -> list[ConsultationRound]:
    return list(
        session.scalars(
            select(ConsultationRound)
            .where(ConsultationRound.process_id == process.id)
            .order_by(ConsultationRound.opens_at)
        )
    )
