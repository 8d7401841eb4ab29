"""Who is acting: a signed-in user, or the system itself (command line, demo loader)."""

from __future__ import annotations

from ..errors import N_, NotAllowed, msg
from .models import Role, User


class System:
    """The operator at the command line: trusted, like an admin, but not a person."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = System()
Actor = User | System


def user_id_of(actor: Actor | None) -> int | None:
    """The acting person's id, for who-did-it columns; None for the system (command line, demo)."""
    return actor.id if isinstance(actor, User) else None


def is_admin(actor: Actor | None) -> bool:
    return isinstance(actor, System) or (isinstance(actor, User) and actor.is_active and actor.has_role(Role.ADMIN))


def has_role(actor: Actor | None, *roles: Role) -> bool:
    return isinstance(actor, User) and actor.is_active and actor.has_role(*roles)


def require_admin(actor: Actor | None) -> None:
    if not is_admin(actor):
        raise NotAllowed(msg(N_("Bara samordnare får göra detta.")))


def require_role(actor: Actor | None, *roles: Role) -> None:
    if not (is_admin(actor) or has_role(actor, *roles)):
        raise NotAllowed(msg(N_("Du har inte behörighet att göra detta.")))
