"""A login hashes the password with no transaction open: no lock is held across the costly part."""

from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from consultation.audit import Action, AuditEvent
from consultation.people import Role, User, login_throttle

from ..conftest import PASSWORD, csrf_token
from ..factories import UserFactory


def test_the_password_is_hashed_outside_any_transaction_and_the_login_still_counts(live_server, monkeypatch):
    app = live_server
    with app.app_context():
        UserFactory(roles=[Role.STAKEHOLDER], email="anna@k.example")
        db.session.commit()
    real = login_throttle.verify_password
    open_during_hash = []

    def watched(stored, password):
        open_during_hash.append(db.session().in_transaction())
        return real(stored, password)

    monkeypatch.setattr(login_throttle, "verify_password", watched)
    client = app.test_client()
    for password in ("fel-losenord-ja", PASSWORD):
        client.post(
            "/logga-in", data={"email": "anna@k.example", "password": password, "csrf_token": csrf_token(client)}
        )

    assert open_during_hash == [False, False]
    with app.app_context():
        assert db.session.scalar(select(User.last_login_at)) is not None
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions == [str(Action.LOGIN_FAILED), str(Action.LOGIN_SUCCEEDED)]
