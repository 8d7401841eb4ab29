"""Rejecting a self-registered organisation, or merging it into one already in the register.

An organisation that registers itself waits for an admin (`remiss.registration.approve_organisation`).
Often it is a duplicate ("Fjällby kn" for "Fjällby kommun") or not an organisation at all; then the
admin merges it into the existing one or rejects it. The rows that point at an organisation live in
parts above this one (responses, invitations, meeting sign-ups, ...), so they are found through the
schema's foreign keys rather than by name: a part added later is covered without a change here.
"""

from __future__ import annotations

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..base import Base
from ..errors import N_, ValidationFailed, msg
from .access import Actor
from .accounts import get_organisation
from .models import Membership, Organisation

# What a rejected organisation may still have: its registrants' memberships and unused links.
_REMOVED_WITH_IT = frozenset({"membership", "account_token"})


def _references() -> list[tuple[Table, str]]:
    """Every (table, column) whose foreign key points at organisation.id."""
    found = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            if any(fk.column.table.name == "organisation" for fk in column.foreign_keys):
                found.append((table, column.name))
    return found


def _pending(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    organisation = get_organisation(session, actor, organisation_id)
    if organisation.approved:
        raise ValidationFailed({"organisation_id": [msg(N_("%(name)s är redan godkänd."), name=organisation.name)]})
    return organisation


def reject_organisation(session: Session, actor: Actor, organisation_id: int) -> str:
    """Remove a pending organisation that nothing but its registrants refers to; its people keep their accounts."""
    organisation = _pending(session, actor, organisation_id)
    for table, column in _references():
        if table.name in _REMOVED_WITH_IT:
            continue
        used = session.scalar(select(func.count()).select_from(table).where(table.c[column] == organisation.id))
        if used:
            raise ValidationFailed(
                {
                    "organisation_id": [
                        msg(
                            N_(
                                "%(name)s har redan remissvar, inbjudningar eller anmälningar och kan inte avvisas. "
                                "Slå ihop den med en befintlig organisation i stället."
                            ),
                            name=organisation.name,
                        )
                    ]
                }
            )
    name = organisation.name
    audit.record(
        session,
        audit.Action.ORGANISATION_REJECTED,
        actor,
        organisation,
        {"name": name, "members": len(organisation.memberships)},
    )
    for table, column in _references():
        if table.name in _REMOVED_WITH_IT:
            session.execute(delete(table).where(table.c[column] == organisation.id))
    session.expire(organisation, ["memberships"])
    session.delete(organisation)
    session.flush()
    return name


def merge_organisation(session: Session, actor: Actor, organisation_id: int, into_id: int) -> Organisation:
    """Move everything of a pending organisation (members, responses, sign-ups, ...) to an existing one."""
    source = _pending(session, actor, organisation_id)
    target = get_organisation(session, actor, into_id)
    if target.id == source.id:
        raise ValidationFailed({"into_id": [msg(N_("Välj en annan organisation att slå ihop med."))]})
    # A registrant who already belongs to the target needs no second membership.
    already = select(Membership.user_id).where(Membership.organisation_id == target.id)
    session.execute(delete(Membership).where(Membership.organisation_id == source.id, Membership.user_id.in_(already)))
    try:
        with session.begin_nested():
            for table, column in _references():
                session.execute(update(table).where(table.c[column] == source.id).values({column: target.id}))
    except IntegrityError as error:
        raise ValidationFailed(
            {
                "into_id": [
                    msg(
                        N_(
                            "%(name)s och %(target)s har båda svar, inbjudningar eller anmälningar till samma "
                            "remissrunda eller dialogträff. Ta bort dubbletten först."
                        ),
                        name=source.name,
                        target=target.name,
                    )
                ]
            }
        ) from error
    audit.record(
        session, audit.Action.ORGANISATION_MERGED, actor, target, {"merged_id": source.id, "merged_name": source.name}
    )
    session.expire_all()
    session.delete(session.get(Organisation, organisation_id))
    session.flush()
    return target
