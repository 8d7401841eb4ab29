"""A session ends for good: a copied session cookie opens nothing after logout, a new password
or "Logga ut överallt"; a plain logout ends only its own browser's session."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from consultation.audit import Action, AuditEvent
from consultation.people import EndedSession, Role, sessions

from ..conftest import ORDINARY_NOON, AuthActions, csrf_token


@pytest.fixture
def anna(make_user):
    return make_user(Role.STAKEHOLDER, name="Anna Andersson", email="anna@example.se")


def signed_in(app, user):
    """A browser of its own, signed in as the user, and a copy of its session cookie."""
    client = app.test_client()
    AuthActions(client).login_as(user)
    return client, client.get_cookie("session").value


def replay(app, cookie: str):
    """Someone else's browser, sending a copied session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/start")


def test_a_copied_cookie_works_while_the_session_lasts(app, anna):
    _, cookie = signed_in(app, anna)
    page = replay(app, cookie)
    assert page.status_code == 200 and "Anna Andersson" in page.get_data(as_text=True)


def test_a_copied_cookie_opens_nothing_after_logout(app, anna):
    client, cookie = signed_in(app, anna)
    AuthActions(client).logout()
    page = replay(app, cookie)
    assert page.status_code == 302 and "/logga-in" in page.location


def test_a_new_password_ends_the_sessions_that_knew_the_old_one(app, anna, make_user):
    _, cookie = signed_in(app, anna)
    admin_browser = app.test_client()
    admin = AuthActions(admin_browser)
    admin.login_as(make_user(Role.ADMIN))
    changed = admin.post(
        f"/admin/anvandare/{anna.id}",
        {
            "name": anna.name,
            "email": anna.email,
            "roles": "stakeholder",
            "is_active": "y",
            "password": "ett-helt-nytt-losenord",
        },
    )
    assert changed.status_code == 302, changed.get_data(as_text=True)
    page = replay(app, cookie)
    assert page.status_code == 302 and "/logga-in" in page.location
    assert AuthActions(app.test_client()).login(anna.email, "ett-helt-nytt-losenord").status_code == 302


def test_logging_out_everywhere_ends_every_browser_of_the_account(app, anna, db_session):
    laptop, laptop_cookie = signed_in(app, anna)
    phone, phone_cookie = signed_in(app, anna)
    start = laptop.get("/start").get_data(as_text=True)
    assert "Logga ut överallt" in start
    done = laptop.post("/logga-ut-overallt", data={"csrf_token": csrf_token(laptop, "/start")}, follow_redirects=True)
    assert "Du är utloggad på alla datorer" in done.get_data(as_text=True)
    for browser, cookie in ((laptop, laptop_cookie), (phone, phone_cookie)):
        assert browser.get("/start").status_code == 302
        assert replay(app, cookie).status_code == 302
    actions = db_session.scalars(select(AuditEvent.action).where(AuditEvent.user_id == anna.id)).all()
    assert Action.LOGOUT_EVERYWHERE in actions
    # ... and the account itself is fine: it logs in again.
    assert AuthActions(phone).login(anna.email).status_code == 302
    assert phone.get("/start").status_code == 200


def test_logging_out_everywhere_needs_the_forms_token(app, anna):
    client, cookie = signed_in(app, anna)
    assert client.post("/logga-ut-overallt").status_code == 400
    assert replay(app, cookie).status_code == 200


def test_a_plain_logout_ends_this_browser_only(app, anna):
    laptop, laptop_cookie = signed_in(app, anna)
    phone, phone_cookie = signed_in(app, anna)
    assert AuthActions(laptop).logout().status_code == 302
    assert laptop.get("/start").status_code == 302
    assert replay(app, laptop_cookie).status_code == 302
    # The phone was not logged out: it, and a copy of its cookie, still open the start page.
    assert phone.get("/start").status_code == 200
    page = replay(app, phone_cookie)
    assert page.status_code == 200 and "Anna Andersson" in page.get_data(as_text=True)


def test_logging_in_again_after_a_logout_gives_a_new_session(app, anna):
    browser, old_cookie = signed_in(app, anna)
    AuthActions(browser).logout()
    AuthActions(browser).login_as(anna)
    assert browser.get("/start").status_code == 200
    assert replay(app, old_cookie).status_code == 302


def test_a_login_ends_after_its_longest_life_however_active(clock, app, anna):
    browser, _ = signed_in(app, anna)
    max_age = app.config["SESSION_MAX_AGE"]
    elapsed = timedelta(0)
    # Used every ten hours, so the cookie itself (12 hours without use) never runs out.
    while elapsed + timedelta(hours=10) < max_age:
        elapsed += timedelta(hours=10)
        clock.move_to(ORDINARY_NOON + elapsed)
        assert browser.get("/start").status_code == 200, elapsed
    clock.move_to(ORDINARY_NOON + max_age + timedelta(minutes=1))
    assert browser.get("/start").status_code == 302


def test_ended_sessions_are_forgotten_once_no_copy_could_be_used(db_session):
    max_age = timedelta(days=7)
    sessions.end_session(db_session, "first", ORDINARY_NOON, max_age)
    sessions.end_session(db_session, "first", ORDINARY_NOON, max_age)  # a second logout of the same
    sessions.end_session(db_session, "second", ORDINARY_NOON + max_age, max_age)
    assert db_session.scalar(select(func.count()).select_from(EndedSession)) == 2
    sessions.end_session(db_session, "third", ORDINARY_NOON + max_age + timedelta(seconds=1), max_age)
    kept = set(db_session.scalars(select(EndedSession.session_id)))
    assert kept == {"second", "third"}
