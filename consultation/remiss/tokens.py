"""The tokens of account links: random, stored only as their SHA-256, valid once and for a while."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import N_, DomainError, msg
from ..people.accounts import normalise_email
from ..people.models import Organisation, User
from .models import AccountToken, ConsultationRound, TokenPurpose

TOKEN_LIFETIME = {
    TokenPurpose.INVITATION: timedelta(days=30),
    TokenPurpose.COLLEAGUE: timedelta(days=14),
    TokenPurpose.CONFIRM_EMAIL: timedelta(days=2),
    TokenPurpose.SET_PASSWORD: timedelta(days=7),
}


def expires_at(
    purpose: TokenPurpose, now: datetime, round_: ConsultationRound | None = None, until: datetime | None = None
) -> datetime:
    """A link's end: its lifetime, and an invitation at least until the deadline it is for (a round's, or `until`)."""
    end = now + TOKEN_LIFETIME[purpose]
    if purpose == TokenPurpose.INVITATION and round_ is not None:
        end = max(end, round_.closes_at)
    if purpose == TokenPurpose.INVITATION and until is not None:
        end = max(end, until)
    return end


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
    until: datetime | None = None,
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
            expires_at=expires_at(purpose, now, round_, until),
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
