"""Headers, cookies and configuration that keep the platform safe by default."""

from __future__ import annotations

import pytest

from app import create_app
from consultation.people import Role

from ..conftest import CSRF_INPUT, PASSWORD, csrf_token


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
    monkeypatch.setenv("SAMRAD_BASE_URL", "https://samrad.region.example")
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


def set_cookies(response) -> dict[str, str]:
    """The Set-Cookie headers of a real response, by cookie name."""
    return {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}


def test_no_strict_transport_security_without_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_production_cookies_are_secure_and_https_is_pinned(app, make_user, monkeypatch):
    """ProductionConfig's settings (Secure cookies) on the suite's app, so that a real login answers."""
    import config

    assert config.ProductionConfig.SESSION_COOKIE_SECURE and config.ProductionConfig.REMEMBER_COOKIE_SECURE
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    monkeypatch.setitem(app.config, "REMEMBER_COOKIE_SECURE", True)
    user = make_user(Role.STAKEHOLDER, email="anna@example.se")
    client = app.test_client()
    page = client.get("/logga-in", base_url="https://localhost").get_data(as_text=True)
    token = CSRF_INPUT.search(page).group(2)
    response = client.post(
        "/logga-in",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/logga-in"},
    )
    assert response.status_code == 302
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookies = set_cookies(response)
    for name in ("session", "samrad_known_device"):
        assert {"Secure", "HttpOnly", "SameSite=Lax"} <= {part.strip() for part in cookies[name].split(";")}, name
    assert "remember_token" not in cookies  # no "remember me" cookie: the session ends with the working day


def test_development_cookies_are_http_only_and_lax_but_not_secure(client, make_user):
    user = make_user(Role.STAKEHOLDER, email="anna@example.se")
    token = csrf_token(client)
    response = client.post("/logga-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    cookies = set_cookies(response)
    parts = {part.strip() for part in cookies["session"].split(";")}
    assert {"HttpOnly", "SameSite=Lax"} <= parts and "Secure" not in parts
    assert "remember_token" not in cookies


def test_pages_for_signed_in_people_are_never_stored(client, auth, make_user):
    assert client.get("/").headers.get("Cache-Control") != "no-store"  # public pages may be cached
    auth.login_as(make_user(Role.STAKEHOLDER))
    for url in ("/", "/start", "/logga-in"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
    static = client.get("/static/style.css")
    assert static.status_code == 200 and static.headers.get("Cache-Control") != "no-store"
    static.close()


def test_the_client_address_comes_from_the_proxy_only_when_configured(app):
    from flask import request

    def address_app(trusted: int):
        built = create_app(
            {
                "CONFIG": "testing",
                "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                "TRUSTED_PROXIES": trusted,
            }
        )
        built.add_url_rule("/_address", "address", lambda: request.remote_addr or "")
        return built.test_client()

    headers = {"X-Forwarded-For": "198.51.100.23"}
    direct = address_app(0).get("/_address", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    proxied = address_app(1).get("/_address", headers=headers, environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert direct.get_data(as_text=True) == "10.0.0.2"  # a client cannot pick its own address
    assert proxied.get_data(as_text=True) == "198.51.100.23"
