"""Registering a remissvar that came by e-mail or post ("Registrera inkommet remissvar").

Samråd has no registrator role of its own: the coordinators (admins) register. The registered response
belongs to the organisation but is the coordinator's to work on: the same letter reading and review as
a sender's own upload, then submission on the organisation's behalf. The day the letter was *received*
decides whether it is on time, so registering works after the deadline too; a letter received after the
round's last day is kept and marked late (`Response.received_late`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..errors import N_, ValidationFailed, msg
from ..people.access import require_admin
from ..people.accounts import OrganisationData, create_organisation
from ..people.models import ActorType, Organisation, User
from ..remiss.models import Invitation, Response, ResponseStatus
from ..remiss.rounds import get_round
from ..text import normalise_text
from ..timezones import local_today
from .files import MAX_LETTERS_PER_RESPONSE, check_letter_file, keep_letter
from .models import Letter

MAX_DIARIENUMMER_LENGTH = 60


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    email: str
    actor_type: ActorType | str = ActorType.OTHER


@dataclass(frozen=True)
class IncomingResponse:
    """What the registrator types in from the letter that arrived."""

    received_on: date | None
    organisation_id: int | None = None  # from the register …
    new_organisation: NewOrganisation | None = None  # … or a new one
    diarienummer: str = ""
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (name as received, content)


@dataclass(frozen=True)
class Registered:
    response: Response
    letters: list[Letter]


def _organisation(session: Session, actor: User, incoming: IncomingResponse, errors: dict) -> Organisation | None:
    if incoming.new_organisation is not None:
        new = incoming.new_organisation
        if not (new.email or "").strip():
            errors["new_organisation_email"] = [msg(N_("Ange kontaktpersonens e-postadress."))]
        try:
            with session.begin_nested():
                return create_organisation(
                    session, actor, OrganisationData(name=new.name, actor_type=new.actor_type, email=new.email)
                )
        except ValidationFailed as error:
            for name, messages in error.errors.items():
                errors.setdefault(f"new_organisation_{name}", []).extend(messages)
            return None
    organisation = session.get(Organisation, incoming.organisation_id) if incoming.organisation_id else None
    if organisation is None:
        errors["organisation_id"] = [msg(N_("Välj organisationen i registret, eller lägg till en ny."))]
    return organisation


def register_response(
    session: Session, actor: User, round_id: int, incoming: IncomingResponse, now: datetime
) -> Registered:
    """A draft response for the organisation, with its letter(s) attached, waiting to be read and submitted.

    Everything is checked before anything is kept, and every mistake is said at once."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    errors: dict[str, list] = {}
    if incoming.received_on is None:
        errors["received_on"] = [msg(N_("Ange datumet då remissvaret kom in, till exempel 2026-05-20."))]
    elif incoming.received_on > local_today(now):
        errors["received_on"] = [msg(N_("Datumet då remissvaret kom in kan inte ligga i framtiden."))]
    diarienummer = " ".join(normalise_text(incoming.diarienummer or "").split())
    if len(diarienummer) > MAX_DIARIENUMMER_LENGTH:
        errors["diarienummer"] = [msg(N_("Diarienumret får vara högst %(max)s tecken."), max=MAX_DIARIENUMMER_LENGTH)]
    files = [(name, data) for name, data in incoming.files if name or data]
    if not files:
        errors["files"] = [msg(N_("Välj brevet (PDF eller Word) att registrera."))]
    elif len(files) > MAX_LETTERS_PER_RESPONSE:
        errors["files"] = [msg(N_("Ett svar kan ha högst %(max)s bifogade brev."), max=MAX_LETTERS_PER_RESPONSE)]
    else:
        for name, data in files:
            try:
                check_letter_file(data)
            except ValidationFailed as error:
                found = errors.setdefault("files", [])
                found.append(msg(N_("Filen %(name)s kunde inte tas emot:"), name=name or "?"))
                found.extend(m for messages in error.errors.values() for m in messages)
    organisation = _organisation(session, actor, incoming, errors)
    if organisation is not None and organisation.id is not None:
        existing = session.scalar(
            select(Response).where(Response.round_id == round_.id, Response.organisation_id == organisation.id)
        )
        if existing is not None:
            errors.setdefault("organisation_id", []).append(
                msg(N_("%(name)s har redan ett remissvar i remissrundan."), name=organisation.name)
            )
    if errors:
        raise ValidationFailed(errors)
    response = Response(
        round=round_,
        organisation=organisation,
        created_by=actor,
        status=ResponseStatus.DRAFT,
        received_on=incoming.received_on,
        diarienummer=diarienummer or None,
        registered_by=actor,
        registered_at=now,
    )
    try:
        with session.begin_nested():
            session.add(response)
            session.flush()
    except IntegrityError as error:
        # Another coordinator registered (or a member started) the organisation's response at the same moment.
        raise ValidationFailed(
            {"organisation_id": [msg(N_("%(name)s har redan ett remissvar i remissrundan."), name=organisation.name)]}
        ) from error
    letters = [keep_letter(session, actor, response, name, data, now) for name, data in files]
    audit.record(
        session,
        audit.Action.RESPONSE_REGISTERED,
        actor,
        response,
        {
            "round_id": round_.id,
            "organisation_id": organisation.id,
            "received_on": incoming.received_on.isoformat(),
            "late": response.received_late,
            "diarienummer": diarienummer or None,
            "letters": [letter.id for letter in letters],
            "new_organisation": incoming.new_organisation is not None,
        },
        now=now,
    )
    return Registered(response, letters)


def contact_address(session: Session, response: Response) -> str | None:
    """Where the organisation's receipt goes: the address its invitation went to, or the register's."""
    if response.organisation is None:
        return None
    invitation = session.scalar(
        select(Invitation).where(
            Invitation.round_id == response.round_id, Invitation.organisation_id == response.organisation_id
        )
    )
    return (invitation.contact_email if invitation is not None else None) or response.organisation.email


def registrations_in_progress(session: Session, actor: User, round_id: int) -> list[Response]:
    """Registered responses not yet submitted, for the coordinators to finish."""
    require_admin(actor)
    return list(
        session.scalars(
            select(Response)
            .where(Response.round_id == round_id, Response.registered_at.is_not(None), Response.reference.is_(None))
            .order_by(Response.registered_at)
        )
    )
