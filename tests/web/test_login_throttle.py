"""Login throttling: repeated failures slow an account down, then refuse it for a while; an address too.

The clock is the login view's `now`, moved by the tests; nothing sleeps.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete, func, select

from app import create_app
from app.extensions import db
from consultation.audit import AuditEvent
from consultation.people import LoginAttempt, Role, login_throttle, passwords
from consultation.people.login_throttle import ThrottlePolicy

from ..conftest import CSRF_INPUT, PASSWORD, IsolatedClient, reset_database

WRONG = "fel-losenord-123"
REFUSED = "För många inloggningsförsök."


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr("app.auth.routes.now", lambda: clock.now)
    return clock


class Browser:
    """One browser at one client address, posting the login form as a person would."""

    def __init__(self, app, address: str):
        self.client = app.test_client()
        self.client.environ_base["REMOTE_ADDR"] = address
        self._token = None

    def token(self) -> str:
        if self._token is None:
            html = self.client.get("/logga-in").get_data(as_text=True)
            match = CSRF_INPUT.search(html)
            self._token = match.group(1) or match.group(2)
        return self._token

    def login(self, email: str, password: str = PASSWORD):
        return self.client.post("/logga-in", data={"email": email, "password": password, "csrf_token": self.token()})

    def logout(self):
        html = self.client.get("/start").get_data(as_text=True)
        match = CSRF_INPUT.search(html)
        self._token = None
        return self.client.post("/logga-ut", data={"csrf_token": match.group(1) or match.group(2)})


@pytest.fixture
def browser(app):
    return lambda address="192.0.2.10": Browser(app, address)


@pytest.fixture
def anna(make_user):
    return make_user(Role.STAKEHOLDER, email="anna@example.se", name="Anna")


def fail(browser: Browser, email: str, times: int, clock: Clock | None = None, step=timedelta(0)) -> None:
    for _ in range(times):
        assert browser.login(email, WRONG).status_code == 422
        if clock is not None:
            clock.now += step


def refusal_of(response) -> tuple[int, int, str]:
    """What a refused person sees: status, Retry-After, and the message."""
    html = response.get_data(as_text=True)
    message = re.search(r"För många inloggningsförsök\.[^<]*", html)
    return response.status_code, int(response.headers["Retry-After"]), message.group(0) if message else ""


def test_an_account_is_slowed_then_refused_and_the_form_keeps_the_email(clock, browser, anna):
    person = browser()
    fail(person, "anna@example.se", 5)  # five failures are free
    refused = person.login("Anna@Example.se", PASSWORD)  # even the right password is not checked now
    html = refused.get_data(as_text=True)
    assert refusal_of(refused) == (429, 30, "För många inloggningsförsök. Vänta en minut och försök igen.")
    assert 'value="Anna@Example.se"' in html and PASSWORD not in html
    assert person.client.get("/start").status_code == 302  # not logged in

    clock.advance(seconds=31)
    assert person.login("anna@example.se", WRONG).status_code == 422  # one more try, checked
    assert refusal_of(person.login("anna@example.se", WRONG))[:2] == (429, 60)  # the wait doubles
    clock.advance(seconds=61)
    fail(person, "anna@example.se", 1)
    status, wait, message = refusal_of(person.login("anna@example.se"))
    assert (status, wait) == (429, 120) and message.endswith("Vänta 2 minuter och försök igen.")
    clock.advance(seconds=120)
    assert person.login("anna@example.se").status_code == 302  # the wait is over: the right password works


def test_the_wait_stops_growing_at_fifteen_minutes(clock, browser, anna):
    person = browser()
    fail(person, "anna@example.se", 5)
    waits = []
    for _ in range(8):
        clock.advance(seconds=waits[-1] if waits else 30)
        fail(person, "anna@example.se", 1)
        waits.append(refusal_of(person.login("anna@example.se", WRONG))[1])
    assert waits == [60, 120, 240, 480, 900, 900, 900, 900]
    clock.advance(minutes=15)
    assert person.login("anna@example.se").status_code == 302


def test_an_unknown_address_is_treated_exactly_like_a_wrong_password(clock, browser, anna, monkeypatch):
    hashes = []
    real = passwords._HASHER

    class CountingHasher:
        def hash(self, *args, **kwargs):
            hashes.append(1)
            return real.hash(*args, **kwargs)

        def verify(self, *args, **kwargs):
            hashes.append(1)
            return real.verify(*args, **kwargs)

        def check_needs_rehash(self, *args, **kwargs):
            return real.check_needs_rehash(*args, **kwargs)

    monkeypatch.setattr(passwords, "_HASHER", CountingHasher())
    seen = {}
    for email, address in (("anna@example.se", "192.0.2.1"), ("ingen@example.se", "192.0.2.2")):
        person = browser(address)
        hashes.clear()
        failed = person.login(email, WRONG)
        work = len(hashes)  # the same password hashing work for both: no timing difference to measure
        fail(person, email, 4)
        refused = person.login(email, WRONG)
        seen[email] = (
            failed.status_code,
            "Fel e-postadress eller lösenord." in failed.get_data(as_text=True),
            work,
            refusal_of(refused),
        )
    assert (
        seen["anna@example.se"]
        == seen["ingen@example.se"]
        == (422, True, 1, (429, 30, "För många inloggningsförsök. Vänta en minut och försök igen."))
    )


def test_a_successful_login_clears_the_account_count(clock, browser, anna):
    person = browser()
    fail(person, "anna@example.se", 4)
    assert person.login("anna@example.se").status_code == 302
    person.logout()
    fail(person, "anna@example.se", 5)  # five free failures again, not one
    assert person.login("anna@example.se").status_code == 429


def test_failures_are_forgotten_after_a_quiet_hour(clock, browser, anna):
    person = browser()
    fail(person, "anna@example.se", 5)
    clock.advance(minutes=61)
    fail(person, "anna@example.se", 5)
    assert person.login("anna@example.se", WRONG).status_code == 429


def test_an_address_is_refused_after_twenty_failures_and_others_are_not(clock, browser, anna):
    sprayer = browser("203.0.113.9")
    for n in range(20):  # one or two guesses on many accounts: no account reaches its limit
        fail(sprayer, f"person{n % 10}@example.se", 1, clock, timedelta(seconds=10))
    refused = sprayer.login("anna@example.se")
    status, wait, message = refusal_of(refused)
    # Refused until the oldest of the twenty failures is fifteen minutes old.
    assert (status, wait) == (429, 15 * 60 - 200) and "Vänta 12 minuter" in message
    assert browser("198.51.100.4").login("anna@example.se").status_code == 302  # another address is not held back
    clock.advance(seconds=wait)
    assert sprayer.login("anna@example.se").status_code == 302


def test_an_attacker_cannot_lock_the_real_user_out_beyond_the_cap(clock, browser, anna):
    home = browser("198.51.100.7")
    assert home.login("anna@example.se").status_code == 302  # Anna has logged in from her own browser before
    home.logout()

    attacker = browser("203.0.113.66")
    refused_waits = []
    for _ in range(300):  # ten seconds apart for fifty minutes; refused tries do not push the wait further
        response = attacker.login("anna@example.se", WRONG)
        if response.status_code == 429:
            refused_waits.append(int(response.headers["Retry-After"]))
        clock.advance(seconds=10)
    assert refused_waits and max(refused_waits) <= 15 * 60
    last_checked = clock.now  # the attacker stops

    # At home, with the browser she logged in from before, Anna is not held back at all.
    assert home.login("anna@example.se").status_code == 302
    # In a new browser (another computer) she waits at most the cap.
    elsewhere = browser("198.51.100.8")
    response = elsewhere.login("anna@example.se")
    if response.status_code == 429:
        assert int(response.headers["Retry-After"]) <= 15 * 60
        clock.now = last_checked + timedelta(minutes=15)
        response = elsewhere.login("anna@example.se")
    assert response.status_code == 302


def test_the_known_device_cookie_is_signed_and_only_sent_to_the_login_page(clock, browser, anna):
    home = browser()
    response = home.login("anna@example.se")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("samrad_known_device="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/logga-in" in cookie
    assert "anna@example.se" not in cookie
    # A forged cookie is ignored: the account's own limit still applies.
    forger = browser("203.0.113.5")
    forger.client.set_cookie("samrad_known_device", "forged.value.here", path="/logga-in")
    fail(forger, "anna@example.se", 5)
    assert forger.login("anna@example.se").status_code == 429


def test_refused_and_failed_logins_are_counted_without_the_password(clock, browser, anna, db_session):
    person = browser("192.0.2.44")
    fail(person, "anna@example.se", 5)
    person.login("anna@example.se", WRONG)
    rows = db_session.scalars(select(LoginAttempt).where(LoginAttempt.address == "192.0.2.44")).all()
    assert len(rows) == 5 and not any(r.succeeded for r in rows)  # the refused one did not count
    stored = " ".join(f"{r.account_key} {r.address}" for r in rows)
    assert "anna" not in stored and WRONG not in stored


def test_day_old_attempts_are_pruned(db_session):
    policy = ThrottlePolicy()
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    login_throttle.record(db_session, policy, "k" * 64, "192.0.2.50", start, succeeded=False)
    login_throttle.record(db_session, policy, "k" * 64, "192.0.2.50", start + timedelta(hours=23), succeeded=False)
    login_throttle.record(db_session, policy, "k" * 64, "192.0.2.50", start + timedelta(hours=25), succeeded=False)
    kept = db_session.scalar(select(func.count()).select_from(LoginAttempt).where(LoginAttempt.address == "192.0.2.50"))
    assert kept == 2


def test_the_policy_in_numbers():
    policy = ThrottlePolicy()
    assert [policy.delay_after(n).total_seconds() for n in range(4, 12)] == [0, 30, 60, 120, 240, 480, 900, 900]
    assert policy.longest_chain == 10
    assert ThrottlePolicy(max_delay=timedelta(seconds=30)).delay_after(400) == timedelta(seconds=30)


def test_throttling_can_be_turned_off(clock, browser, anna, app, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_THROTTLE_ENABLED", False)
    person = browser()
    fail(person, "anna@example.se", 8)
    assert person.login("anna@example.se").status_code == 302


# --- several workers ---------------------------------------------------------------------------


@pytest.fixture
def two_workers(tmp_path, app):
    """Two separate app instances (as two gunicorn workers would be) on one committed database."""
    shared_url = os.environ.get("TEST_DATABASE_URL")
    url = shared_url or f"sqlite:///{tmp_path / 'workers.sqlite3'}"
    config = {"CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": url, "MAIL_OUTBOX_DIR": str(tmp_path / "outbox")}
    first, second = create_app(dict(config)), create_app(dict(config))
    if not shared_url:
        with first.app_context():
            reset_database(db.engine)
            upgrade()
    for worker in (first, second):
        worker.test_client_class = IsolatedClient
    yield first, second
    for worker in (first, second):
        with worker.app_context():
            if shared_url:  # the suite's own database: leave no rows behind
                db.session.execute(delete(LoginAttempt).where(LoginAttempt.address.like("198.18.%")))
                db.session.execute(delete(AuditEvent).where(AuditEvent.address.like("198.18.%")))
                db.session.commit()
            db.session.remove()
            db.engine.dispose()


def test_a_second_app_instance_sees_the_same_counters(clock, two_workers):
    first, second = two_workers
    on_first, on_second = Browser(first, "198.18.0.1"), Browser(second, "198.18.0.2")
    fail(on_first, "delad@example.se", 3)
    fail(on_second, "delad@example.se", 2)  # the fifth failure, counted on the other worker
    assert refusal_of(on_first.login("delad@example.se", WRONG))[:2] == (429, 30)
    assert refusal_of(on_second.login("delad@example.se", WRONG))[:2] == (429, 30)
