"""Logging in and out: POST only, CSRF-protected, and no hint about which accounts exist."""

from __future__ import annotations

import pytest

from consultation.people import Role

from ..conftest import PASSWORD, csrf_token


def test_login_greets_the_user_on_their_start_page(client, auth, make_user):
    make_user(Role.STAKEHOLDER, name="Anna Ek", email="anna@example.se")
    response = auth.login("ANNA@example.se")
    assert response.status_code == 302 and response.headers["Location"].endswith("/start")
    assert "Välkommen, Anna Ek" in client.get("/start").get_data(as_text=True)


@pytest.mark.parametrize("email, password", [("anna@example.se", "fel-losenord-123"), ("ingen@example.se", PASSWORD)])
def test_wrong_password_and_unknown_user_look_the_same(client, auth, make_user, email, password):
    make_user(Role.STAKEHOLDER, email="anna@example.se")
    response = auth.login(email, password)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Fel e-postadress eller lösenord." in html
    assert f'value="{email}"' in html  # the e-mail stays in the field
    assert client.get("/start").status_code == 302


def test_inactive_user_cannot_log_in(auth, make_user):
    make_user(Role.ADMIN, email="borta@example.se", is_active=False)
    assert auth.login("borta@example.se").status_code == 422


def test_logout_is_a_csrf_protected_post(client, auth, make_user):
    auth.login_as(make_user(Role.STAKEHOLDER))
    assert client.get("/logga-ut").status_code == 405
    assert client.post("/logga-ut").status_code == 400  # no token
    assert client.get("/start").status_code == 200  # still logged in
    assert auth.logout().status_code == 302
    assert client.get("/start").status_code == 302


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "javascript:alert(1)"])
def test_next_only_leads_to_this_site(client, make_user, target):
    make_user(Role.STAKEHOLDER, email="anna@example.se")
    token = csrf_token(client)
    response = client.post(
        "/logga-in", data={"email": "anna@example.se", "password": PASSWORD, "next": target, "csrf_token": token}
    )
    assert response.headers["Location"] == "/start"


def test_next_within_the_site_is_followed(client, make_user):
    make_user(Role.STAKEHOLDER, email="anna@example.se")
    token = csrf_token(client)
    response = client.post(
        "/logga-in", data={"email": "anna@example.se", "password": PASSWORD, "next": "/process/X", "csrf_token": token}
    )
    assert response.headers["Location"] == "/process/X"


def test_login_without_csrf_token_is_refused_in_swedish(client, make_user):
    make_user(Role.STAKEHOLDER, email="anna@example.se")
    response = client.post("/logga-in", data={"email": "anna@example.se", "password": PASSWORD})
    assert response.status_code == 400
    assert "Begäran kunde inte tas emot" in response.get_data(as_text=True)
