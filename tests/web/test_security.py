"""Headers, cookies and configuration that keep the platform safe by default."""

from __future__ import annotations

import pytest

from app import create_app
from consultation.models import Role


def test_every_page_sends_the_security_headers(client, db_session):
    for url in ("/", "/logga-in", "/finns-inte"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert headers["X-Frame-Options"] == "DENY"


def test_session_cookie_is_http_only_and_same_site_lax(client, auth, make_user):
    auth.login_as(make_user(Role.STAKEHOLDER))
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


@pytest.mark.parametrize("key", [None, "dev-only-not-secret", "kort"])
def test_production_refuses_a_missing_default_or_short_secret_key(monkeypatch, key):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://x@127.0.0.1/x")
    if key is None:
        monkeypatch.delenv("SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_with_a_real_key_sends_secure_cookies(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    importlib.reload(config)
    try:
        app = create_app("production")
        assert app.config["SESSION_COOKIE_SECURE"] and app.config["SECRET_KEY"] == "k" * 48
        assert app.config["WTF_CSRF_TIME_LIMIT"] is None  # a two-hour remissvar never meets an expired form
    finally:
        monkeypatch.undo()
        importlib.reload(config)


def test_state_never_changes_on_get(client):
    assert client.get("/sprak?locale=en").status_code == 405
    assert client.get("/logga-ut").status_code == 405
