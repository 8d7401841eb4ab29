"""Login throttling: repeated failures slow down, then refuse, further attempts for a while.

Two counters, both kept in the database so that every web worker and machine sees them:

* Per account, keyed by a keyed hash of the e-mail address as typed, so an address without an
  account is throttled exactly like one with an account. The first `free_failures` failures
  cost nothing; after that each attempt must wait `first_delay`, doubling with every further
  failure up to `max_delay`. Attempts inside the wait are refused without checking the
  password and do not count, so an attacker cannot push the wait further out. A failure is
  forgotten after `forget_after` without failures, and a successful login clears the count.
* Per client address: at `address_max_failures` failures within `address_window`, the address
  is refused until the oldest of those failures is `address_window` old.

An attacker must not be able to lock the real user out: the account wait is capped, and a
browser where the account has logged in before ("known device", a signed cookie the web
layer sets) has its own account counter and is not held back by its address's counter.

Concurrent attempts are counted one after the other, without a lock held across the password
hash: an attempt first takes a row lock per account key and client address (`login_lock`, an
INSERT ... ON CONFLICT DO UPDATE, which PostgreSQL holds until the commit and which takes
SQLite's write lock), and while holding it reads the counters and, when the password may be
checked, records the attempt as a failure at once (a reservation). That short transaction ends;
the password is hashed with no transaction open; a correct password then turns the reserved
attempt into a success. So forty wrong passwords sent at once still get exactly `free_failures`
password checks, and no other write waits for a hash.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .. import audit
from ..base import utcnow
from .accounts import normalise_email
from .models import LoginAttempt, LoginLock, User
from .passwords import hash_password, needs_rehash, verify_password


@dataclass(frozen=True)
class ThrottlePolicy:
    free_failures: int = 5
    first_delay: timedelta = timedelta(seconds=30)
    max_delay: timedelta = timedelta(minutes=15)
    forget_after: timedelta = timedelta(hours=1)
    address_max_failures: int = 20
    address_window: timedelta = timedelta(minutes=15)
    keep_for: timedelta = timedelta(days=1)

    def delay_after(self, failures: int) -> timedelta:
        """How long the next attempt must wait after this many failures in a row."""
        if failures < self.free_failures:
            return timedelta(0)
        doublings = failures - self.free_failures
        # Past about 30 doublings any delay is beyond the cap; avoid a huge multiplier.
        if doublings > 30:
            return self.max_delay
        return min(self.first_delay * (2**doublings), self.max_delay)

    @property
    def longest_chain(self) -> int:
        """Failures beyond this many in a row no longer lengthen the delay."""
        count = self.free_failures
        while self.delay_after(count) < self.max_delay and count <= self.free_failures + 30:
            count += 1
        return count


class Reason(StrEnum):
    ACCOUNT = "account"
    ADDRESS = "address"


@dataclass(frozen=True)
class Refusal:
    reason: Reason
    until: datetime

    def retry_after(self, now: datetime) -> int:
        """Whole seconds to wait, at least one."""
        return max(1, math.ceil((self.until - now).total_seconds()))


def account_key(email: str, secret: str | bytes) -> str:
    """A keyed hash of the normalised e-mail address: counts per account without storing it."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hmac.new(key, normalise_email(email).encode("utf-8"), hashlib.sha256).hexdigest()


def _account_refusal(
    session: Session, policy: ThrottlePolicy, key: str, known_device: bool, now: datetime
) -> Refusal | None:
    recent = session.execute(
        select(LoginAttempt.attempted_at, LoginAttempt.succeeded)
        .where(
            LoginAttempt.account_key == key,
            LoginAttempt.attempted_at <= now,
            LoginAttempt.succeeded.is_(True) | (LoginAttempt.known_device == known_device),
        )
        .order_by(LoginAttempt.attempted_at.desc(), LoginAttempt.id.desc())
        .limit(policy.longest_chain)
    ).all()
    failures: list[datetime] = []
    later = now
    for attempted_at, succeeded in recent:
        if succeeded or later - attempted_at >= policy.forget_after:
            break
        failures.append(attempted_at)
        later = attempted_at
    if not failures:
        return None
    until = failures[0] + policy.delay_after(len(failures))
    return Refusal(Reason.ACCOUNT, until) if now < until else None


def _address_refusal(session: Session, policy: ThrottlePolicy, address: str, now: datetime) -> Refusal | None:
    limit = policy.address_max_failures
    if limit <= 0:
        return None
    recent = session.scalars(
        select(LoginAttempt.attempted_at)
        .where(
            LoginAttempt.address == address,
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at > now - policy.address_window,
            LoginAttempt.attempted_at <= now,
        )
        .order_by(LoginAttempt.attempted_at.desc())
        .limit(limit)
    ).all()
    if len(recent) < limit:
        return None
    return Refusal(Reason.ADDRESS, recent[-1] + policy.address_window)


def hold(session: Session, keys: Collection[str], now: datetime) -> None:
    """Lock the throttle's rows for these keys until the transaction ends (waiting for whoever holds them).

    Call it first in the transaction, before any read: on SQLite a read first would take a shared lock
    that two attempts could then not both turn into the write lock."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for key in sorted(keys):  # always in the same order, so two attempts never wait for each other
        statement = insert(LoginLock).values(key=key, touched_at=now)
        session.execute(statement.on_conflict_do_update(index_elements=[LoginLock.key], set_={"touched_at": now}))


def check(
    session: Session,
    policy: ThrottlePolicy,
    key: str,
    address: str,
    now: datetime,
    *,
    known_device: bool = False,
) -> Refusal | None:
    """Whether an attempt may check a password now; a Refusal says until when it may not."""
    refusals = [_account_refusal(session, policy, key, known_device, now)]
    if not known_device:
        refusals.append(_address_refusal(session, policy, address, now))
    found = [r for r in refusals if r is not None]
    return max(found, key=lambda r: r.until) if found else None


def record(
    session: Session,
    policy: ThrottlePolicy,
    key: str,
    address: str,
    now: datetime,
    *,
    succeeded: bool,
    known_device: bool = False,
) -> LoginAttempt:
    """Remember a checked password (never the password itself), and forget day-old attempts."""
    attempt = LoginAttempt(
        attempted_at=now,
        account_key=key,
        address=address,
        known_device=known_device,
        succeeded=succeeded,
    )
    session.add(attempt)
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < now - policy.keep_for))
    session.execute(delete(LoginLock).where(LoginLock.touched_at < now - policy.keep_for))
    session.flush()
    return attempt


@dataclass(frozen=True)
class LoginOutcome:
    account_key: str
    user: User | None = None
    refusal: Refusal | None = None


@dataclass(frozen=True)
class LoginCheck:
    """What a login attempt read and reserved before the password is checked: nothing in it needs the
    database again until `finish_login`."""

    account_key: str
    known_device: bool
    account_id: int | None
    password_hash: str | None = field(repr=False)
    refusal: Refusal | None
    # The attempt recorded as a failure while the throttle's rows were locked; a correct password turns it
    # into a success. None without throttling, or when the attempt was refused.
    attempt_id: int | None = None

    def password_matches(self, password: str) -> bool:
        """The costly part (the password hash), with no database work: run it outside any transaction."""
        if self.refusal is not None:
            return False  # a refused attempt never checks the password
        return verify_password(self.password_hash, password)

    def replacement_hash(self, password: str) -> str | None:
        """A new hash for a correct password stored with older settings (scrypt): also made outside any transaction."""
        if self.password_hash is None or not needs_rehash(self.password_hash):
            return None
        return hash_password(password)


def check_login(
    session: Session,
    policy: ThrottlePolicy | None,
    secret: str | bytes,
    email: str,
    address: str,
    now: datetime,
    *,
    known_accounts: Collection[str] = (),
) -> LoginCheck:
    """The first, short half of a login: lock the throttle's rows, read the account and the counters, and
    reserve the attempt (counted as a failure until `finish_login` says otherwise). Commit it before the
    password is hashed."""
    key = account_key(email, secret)
    known_device = key in known_accounts
    if policy is not None:
        hold(session, [f"account:{key}"] + ([] if known_device else [f"address:{address}"]), now)
    account = session.scalar(select(User).where(User.email == normalise_email(email)))
    refusal = check(session, policy, key, address, now, known_device=known_device) if policy else None
    attempt_id = None
    if policy is not None and refusal is None:
        attempt_id = record(session, policy, key, address, now, succeeded=False, known_device=known_device).id
    return LoginCheck(
        account_key=key,
        known_device=known_device,
        account_id=account.id if account else None,
        password_hash=account.password_hash if account else None,
        refusal=refusal,
        attempt_id=attempt_id,
    )


def finish_login(
    session: Session,
    checked: LoginCheck,
    password_ok: bool,
    now: datetime,
    *,
    new_hash: str | None = None,
) -> LoginOutcome:
    """The second half: a correct password turns the reserved attempt into a success and notes the login on
    the account (with its new hash, if any); the attempt is logged either way."""
    unknown = {} if checked.account_id is not None else {"account_key": checked.account_key[:16]}
    if checked.refusal is not None:
        details = {**unknown, "limit": str(checked.refusal.reason), "retry_after": checked.refusal.retry_after(now)}
        audit.record(session, audit.Action.LOGIN_THROTTLED, user_id=checked.account_id, details=details, now=now)
        return LoginOutcome(checked.account_key, refusal=checked.refusal)
    user = session.get(User, checked.account_id) if password_ok and checked.account_id is not None else None
    if user is not None and not user.is_active:
        user = None
    if user is not None:
        if new_hash is not None and user.password_hash == checked.password_hash:
            user.password_hash = new_hash
        user.last_login_at = utcnow()
        attempt = session.get(LoginAttempt, checked.attempt_id) if checked.attempt_id is not None else None
        if attempt is not None:
            attempt.succeeded = True
    action = audit.Action.LOGIN_SUCCEEDED if user else audit.Action.LOGIN_FAILED
    audit.record(session, action, user_id=checked.account_id, details=unknown, now=now)
    session.flush()
    return LoginOutcome(checked.account_key, user=user)


def attempt_login(
    session: Session,
    policy: ThrottlePolicy | None,
    secret: str | bytes,
    email: str,
    password: str,
    address: str,
    now: datetime,
    *,
    known_accounts: Collection[str] = (),
) -> LoginOutcome:
    """Check a login against the throttle (None: no throttling), then the password; count it and log it.

    An unknown address and a wrong password look the same to the caller and cost the same; a
    refused attempt never checks the password. The audit event names the account when the
    address belongs to one, and otherwise only a keyed hash of what was typed. `known_accounts`
    are the account keys this browser has logged in with before. In one transaction: the web
    login commits `check_login` and then runs `finish_login`, with the password hashed between them.
    """
    checked = check_login(session, policy, secret, email, address, now, known_accounts=known_accounts)
    password_ok = checked.password_matches(password)
    new_hash = checked.replacement_hash(password) if password_ok else None
    return finish_login(session, checked, password_ok, now, new_hash=new_hash)
