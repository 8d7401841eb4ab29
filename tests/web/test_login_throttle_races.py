"""Login throttling counted atomically: wrong passwords sent at the same moment from many workers still
get only the free number of password checks (the probe got 7 checks of 5 with 40 requests on 3 workers)."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import delete
from sqlalchemy.orm import Session

from app import create_app
from app.extensions import db
from consultation.audit import AuditEvent
from consultation.people import LoginAttempt, LoginLock, login_throttle
from consultation.people.login_throttle import ThrottlePolicy

from ..conftest import reset_database

ATTEMPTS = 16
MOMENT = datetime(2026, 3, 3, 7, 13, 17, tzinfo=UTC)  # no other test commits rows at this moment


@pytest.fixture
def committed_app(tmp_path, app):
    """An app on a database that each thread commits to, as separate workers would."""
    shared_url = os.environ.get("TEST_DATABASE_URL")
    url = shared_url or f"sqlite:///{tmp_path / 'races.sqlite3'}"
    worker = create_app({"CONFIG": "testing", "SQLALCHEMY_DATABASE_URI": url})
    if not shared_url:
        with worker.app_context():
            reset_database(db.engine)
            upgrade()
    yield worker
    with worker.app_context(), Session(db.engine) as session:
        if shared_url:  # the suite's own database: leave no rows behind
            session.execute(delete(LoginAttempt).where(LoginAttempt.address.like("198.18.7.%")))
            session.execute(delete(AuditEvent).where(AuditEvent.occurred_at == MOMENT))
            session.execute(delete(LoginLock).where(LoginLock.touched_at == MOMENT))
            session.commit()
        db.engine.dispose()


@pytest.fixture
def counted_checks(monkeypatch):
    """How many passwords were actually checked (a hash run), whatever thread checked them."""
    checks = []
    real = login_throttle.verify_password

    def counting(stored, password):
        checks.append(password)
        return real(stored, password)

    monkeypatch.setattr(login_throttle, "verify_password", counting)
    return checks


def attempt_together(worker, count: int, address_of) -> list:
    start = threading.Barrier(count)
    with worker.app_context():
        engine = db.engine
    outcomes, errors = [], []

    def one(number: int) -> None:
        # A session of its own on the worker's engine (the suite's db.session is the test's transaction).
        with Session(engine) as session:
            try:
                start.wait(timeout=30)
                # As the login view does it: count and reserve, commit, hash with no transaction open, record.
                checked = login_throttle.check_login(
                    session, ThrottlePolicy(), "hemligt", "samtidig@example.se", address_of(number), MOMENT
                )
                session.commit()
                password_ok = checked.password_matches("fel-losenord-123")
                outcome = login_throttle.finish_login(session, checked, password_ok, MOMENT)
                session.commit()
                outcomes.append(outcome)
            except Exception as error:  # reported below: no attempt may fail
                session.rollback()
                errors.append(repr(error))

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "an attempt never finished"
    assert not errors, errors
    return outcomes


def test_concurrent_wrong_passwords_for_one_account_get_five_checks(committed_app, counted_checks):
    outcomes = attempt_together(committed_app, ATTEMPTS, lambda n: f"198.18.7.{n}")
    assert len(outcomes) == ATTEMPTS
    assert len(counted_checks) == ThrottlePolicy().free_failures
    assert sum(o.refusal is not None for o in outcomes) == ATTEMPTS - ThrottlePolicy().free_failures


def test_the_same_holds_from_one_address(committed_app, counted_checks):
    outcomes = attempt_together(committed_app, ATTEMPTS, lambda n: "198.18.7.200")
    assert len(counted_checks) == ThrottlePolicy().free_failures
    assert all(o.user is None for o in outcomes)
