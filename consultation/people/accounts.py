"""Users, their roles and memberships, and the register of organisations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..base import utcnow
from ..collation import swedish_sorted
from ..errors import N_, Message, NotFound, ValidationFailed, msg
from .access import Actor, require_admin
from .models import ActorType, Membership, Organisation, Role, User, UserRole
from .passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password

ORGANISATION_NUMBER = re.compile(r"^\d{6}-\d{4}$")

T = TypeVar("T")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_error(email: str) -> Message | None:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        return msg(N_("Ange en giltig e-postadress, till exempel namn@exempel.se."))
    return None


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[Message]] = {}

    def add(self, name: str, message: Message) -> None:
        self.by_field.setdefault(name, []).append(message)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationFailed(self.by_field)


def name_key(name: str) -> str:
    """How two organisation names are compared: case and spacing do not matter (å = Å too)."""
    return " ".join(name.split()).casefold()


def organisation_names(session: Session) -> dict[str, Organisation]:
    """The register by name key; SQLite's lower() knows only ASCII, so this compares in Python."""
    return {name_key(o.name): o for o in session.scalars(select(Organisation))}


def organisation_by_name(session: Session, name: str) -> Organisation | None:
    exact = session.scalar(select(Organisation).where(Organisation.name == name))
    return exact if exact is not None else organisation_names(session).get(name_key(name))


@dataclass
class OrganisationData:
    name: str
    actor_type: ActorType | str
    municipality: str | None = None
    organisation_number: str | None = None
    email: str | None = None

    def cleaned(self) -> OrganisationData:
        def blank_to_none(value: str | None) -> str | None:
            value = (value or "").strip()
            return value or None

        return OrganisationData(
            name=" ".join(self.name.split()),
            actor_type=self.actor_type,
            municipality=blank_to_none(self.municipality),
            organisation_number=blank_to_none(self.organisation_number),
            email=normalise_email(self.email) if blank_to_none(self.email) else None,
        )


def _validate_organisation(session: Session, data: OrganisationData, existing_id: int | None) -> None:
    errors = _Errors()
    if not data.name:
        errors.add("name", msg(N_("Ange organisationens namn.")))
    elif len(data.name) > 200:
        errors.add("name", msg(N_("Namnet får vara högst 200 tecken.")))
    else:
        clash = organisation_by_name(session, data.name)
        if clash is not None and clash.id != existing_id:
            errors.add("name", msg(N_("Det finns redan en organisation med det namnet.")))
    if data.actor_type not in {t.value for t in ActorType}:
        errors.add("actor_type", msg(N_("Välj en aktörstyp.")))
    if data.organisation_number:
        if not ORGANISATION_NUMBER.match(data.organisation_number):
            errors.add(
                "organisation_number",
                msg(N_("Organisationsnumret ska skrivas som tio siffror: NNNNNN-NNNN.")),
            )
        else:
            clash = session.scalar(
                select(Organisation).where(Organisation.organisation_number == data.organisation_number)
            )
            if clash is not None and clash.id != existing_id:
                errors.add(
                    "organisation_number",
                    msg(N_("Organisationsnumret finns redan hos %(name)s."), name=clash.name),
                )
    if data.email and (error := email_error(data.email)):
        errors.add("email", error)
    errors.raise_any()


def create_organisation(session: Session, actor: Actor, data: OrganisationData) -> Organisation:
    require_admin(actor)
    data = data.cleaned()
    _validate_organisation(session, data, existing_id=None)
    organisation = Organisation(
        name=data.name,
        actor_type=ActorType(data.actor_type),
        municipality=data.municipality,
        organisation_number=data.organisation_number,
        email=data.email,
    )
    session.add(organisation)
    session.flush()
    return organisation


def update_organisation(session: Session, actor: Actor, organisation_id: int, data: OrganisationData) -> Organisation:
    require_admin(actor)
    organisation = get_organisation(session, actor, organisation_id)
    data = data.cleaned()
    _validate_organisation(session, data, existing_id=organisation.id)
    organisation.name = data.name
    organisation.actor_type = ActorType(data.actor_type)
    organisation.municipality = data.municipality
    organisation.organisation_number = data.organisation_number
    organisation.email = data.email
    session.flush()
    return organisation


def _get_as_admin(session: Session, actor: Actor, model: type[T], row_id: int, missing: str) -> T:
    """One row of the register, for an admin only; a missing row is NotFound with `missing`."""
    require_admin(actor)
    found = session.get(model, row_id)
    if found is None:
        raise NotFound(msg(missing))
    return found


def get_organisation(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    return _get_as_admin(session, actor, Organisation, organisation_id, N_("Organisationen finns inte."))


def list_organisations(session: Session, actor: Actor, matching: str = "") -> list[Organisation]:
    """The register in Swedish order; with `matching`, those whose name, e-mail, municipality or number contain it."""
    require_admin(actor)
    found = session.scalars(select(Organisation))
    if matching.strip():
        found = (o for o in found if contains(matching, o.name, o.email, o.municipality, number=o.organisation_number))
    return swedish_sorted(found, key=lambda o: o.name)


def contains(query: str, *texts: str | None, number: str | None = None) -> bool:
    """Whether every word of the query is in one of the texts, case and accent as a Swede types them.

    Compared in Python, not with the database's lower(), which on SQLite folds only A-Z ("Östersund"
    would not find "östersund"); the admin's lists are a few thousand rows at most. An organisation
    number matches with or without its hyphen.
    """
    folded = [t.casefold() for t in texts if t]
    digits = re.sub(r"\D", "", number or "")
    for word in query.casefold().split():
        in_number = bool(digits) and re.fullmatch(r"[\d-]{3,}", word) and word.replace("-", "") in digits
        if not in_number and not any(word in text for text in folded):
            return False
    return True


@dataclass
class UserData:
    name: str
    email: str
    roles: Iterable[Role | str] = ()
    organisation_ids: Iterable[int] = ()
    # None or empty: keep the current password (a new user without one chooses it through a link).
    password: str | None = None
    is_active: bool = True


def _validate_user(session: Session, data: UserData, existing: User | None) -> None:
    errors = _Errors()
    if not data.name.strip():
        errors.add("name", msg(N_("Ange personens namn.")))
    email = normalise_email(data.email)
    if not email:
        errors.add("email", msg(N_("Ange en e-postadress.")))
    elif error := email_error(email):
        errors.add("email", error)
    else:
        clash = session.scalar(select(User).where(User.email == email))
        if clash is not None and clash is not existing:
            errors.add("email", msg(N_("Det finns redan ett konto med den e-postadressen.")))
    unknown_roles = {str(r) for r in data.roles} - {r.value for r in Role}
    if unknown_roles:
        errors.add("roles", msg(N_("Okänd roll: %(roles)s."), roles=", ".join(sorted(unknown_roles))))
    if data.password and len(data.password) < MIN_LENGTH:
        errors.add(
            "password",
            msg(N_("Lösenordet måste vara minst %(length)s tecken långt."), length=MIN_LENGTH),
        )
    ids = set(data.organisation_ids)
    if ids:
        found = set(session.scalars(select(Organisation.id).where(Organisation.id.in_(ids))))
        if found != ids:
            errors.add("organisation_ids", msg(N_("En vald organisation finns inte.")))
    errors.raise_any()


def _apply_user(user: User, data: UserData) -> None:
    user.name = " ".join(data.name.split())
    user.email = normalise_email(data.email)
    user.is_active = data.is_active
    if data.password:
        user.password_hash = hash_password(data.password)
        end_sessions(user)  # whoever knew the old password is signed out too
    wanted_roles = {Role(r) for r in data.roles}
    user.role_grants = [g for g in user.role_grants if Role(g.role) in wanted_roles] + [
        UserRole(role=role) for role in sorted(wanted_roles - user.roles)
    ]
    wanted_orgs = set(data.organisation_ids)
    current = {m.organisation_id for m in user.memberships}
    user.memberships = [m for m in user.memberships if m.organisation_id in wanted_orgs] + [
        Membership(organisation_id=oid) for oid in sorted(wanted_orgs - current)
    ]


def end_sessions(user: User) -> None:
    """End every session of this account, on every device (the web layer checks the version)."""
    user.session_version = (user.session_version or 0) + 1


def create_user(session: Session, actor: Actor, data: UserData) -> User:
    require_admin(actor)
    _validate_user(session, data, existing=None)
    user = User(name="", email="")
    _apply_user(user, data)
    session.add(user)
    session.flush()
    audit.record(
        session,
        audit.Action.USER_CREATED,
        actor,
        user,
        {
            "roles": sorted(r.value for r in user.roles),
            "organisation_ids": sorted(m.organisation_id for m in user.memberships),
        },
    )
    return user


def _audit_changes(session: Session, actor: Actor, user: User, before: dict, after: dict) -> None:
    """One event for roles, one for memberships, one for the rest (which fields, not their values)."""
    for name, action in (("roles", audit.Action.ROLES_CHANGED), ("organisation_ids", audit.Action.MEMBERSHIPS_CHANGED)):
        added, removed = sorted(after[name] - before[name]), sorted(before[name] - after[name])
        if added or removed:
            audit.record(session, action, actor, user, {"added": added, "removed": removed})
    fields = [name for name in ("name", "email", "is_active", "password_hash") if before[name] != after[name]]
    if fields:
        shown = ["password" if name == "password_hash" else name for name in fields]
        audit.record(session, audit.Action.USER_CHANGED, actor, user, {"fields": shown, "is_active": user.is_active})


def _audited_state(user: User) -> dict:
    return {
        "roles": {r.value for r in user.roles},
        "organisation_ids": {m.organisation_id for m in user.memberships},
        "name": user.name,
        "email": user.email,
        "is_active": user.is_active,
        "password_hash": user.password_hash,
    }


def update_user(session: Session, actor: Actor, user_id: int, data: UserData) -> User:
    require_admin(actor)
    user = get_user(session, actor, user_id)
    _validate_user(session, data, existing=user)
    before = _audited_state(user)
    _apply_user(user, data)
    session.flush()
    _audit_changes(session, actor, user, before, _audited_state(user))
    return user


def get_user(session: Session, actor: Actor, user_id: int) -> User:
    return _get_as_admin(session, actor, User, user_id, N_("Användaren finns inte."))


def list_users(session: Session, actor: Actor, matching: str = "") -> list[User]:
    """Every user in Swedish order; with `matching`, those whose name or e-mail contain it."""
    require_admin(actor)
    found = session.scalars(select(User))
    if matching.strip():
        found = (u for u in found if contains(matching, u.name, u.email))
    return swedish_sorted(found, key=lambda u: u.name)


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None; both failures cost the same."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.is_active:
        return None
    if needs_rehash(user.password_hash):
        # An older (scrypt) hash, replaced while the password is at hand; hashed before this login writes anything,
        # so no write lock waits on the hash.
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    session.flush()
    return user
