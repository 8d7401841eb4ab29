"""People: users, roles, organisations and memberships, passwords, login throttling, and who is acting.

The lowest part of the domain: it imports no other part, and every other part may use it.
"""

from . import access, accounts, audit_log, login_throttle, mail_caps, passwords, sessions
from .models import (
    ActorType,
    EndedSession,
    LoginAttempt,
    LoginLock,
    Membership,
    Organisation,
    OutgoingMail,
    Role,
    User,
    UserRole,
)

__all__ = [
    "ActorType",
    "EndedSession",
    "LoginAttempt",
    "LoginLock",
    "Membership",
    "Organisation",
    "OutgoingMail",
    "Role",
    "User",
    "UserRole",
    "access",
    "accounts",
    "audit_log",
    "login_throttle",
    "mail_caps",
    "passwords",
    "sessions",
]
