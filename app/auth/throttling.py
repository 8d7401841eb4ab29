"""The web side of login throttling: the policy from the configuration, the client address, and
the signed "known device" cookie that lets a person log in from their own browser while an
attacker elsewhere is being held back."""

from __future__ import annotations

from datetime import timedelta

from flask import Response, current_app, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer

from consultation import audit
from consultation.people.login_throttle import ThrottlePolicy

KNOWN_DEVICE_COOKIE = "samrad_known_device"
KNOWN_ACCOUNTS_KEPT = 5  # a shared computer remembers only the last few accounts


def policy() -> ThrottlePolicy | None:
    config = current_app.config
    if not config.get("LOGIN_THROTTLE_ENABLED", True):
        return None
    return ThrottlePolicy(
        free_failures=config["LOGIN_FREE_FAILURES"],
        first_delay=timedelta(seconds=config["LOGIN_FIRST_DELAY_SECONDS"]),
        max_delay=timedelta(seconds=config["LOGIN_MAX_DELAY_SECONDS"]),
        forget_after=timedelta(seconds=config["LOGIN_FORGET_AFTER_SECONDS"]),
        address_max_failures=config["LOGIN_ADDRESS_MAX_FAILURES"],
        address_window=timedelta(seconds=config["LOGIN_ADDRESS_WINDOW_SECONDS"]),
    )


def secret() -> str:
    return current_app.config["SECRET_KEY"]


def client_address() -> str:
    """The address app/security.py took for this request (the audit log's too): request.remote_addr,
    which behind a proxy is the proxy unless TRUSTED_PROXIES is set."""
    return audit.client_address.get() or "unknown"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret(), salt="samrad-known-device")


def _max_age() -> int:
    return current_app.config["LOGIN_KNOWN_DEVICE_DAYS"] * 24 * 3600


def known_accounts() -> list[str]:
    """The account keys this browser has logged in with (from the signed cookie)."""
    raw = request.cookies.get(KNOWN_DEVICE_COOKIE)
    if not raw:
        return []
    try:
        keys = _serializer().loads(raw, max_age=_max_age())
    except BadSignature:
        return []
    return [k for k in keys if isinstance(k, str)] if isinstance(keys, list) else []


def remember_device(response: Response, key: str) -> None:
    keys = [key] + [k for k in known_accounts() if k != key]
    config = current_app.config
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        _serializer().dumps(keys[:KNOWN_ACCOUNTS_KEPT]),
        max_age=_max_age(),
        path=url_for("auth.login"),  # sent with login requests only
        httponly=True,
        secure=config["SESSION_COOKIE_SECURE"],
        samesite="Lax",
    )
