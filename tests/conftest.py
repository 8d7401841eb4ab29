"""Fixtures: an app on a migrated test database, and a rolled-back transaction per test.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import contextvars
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade
from flask_sqlalchemy.session import Session as FlaskSession

from app import create_app
from app.extensions import db
from app.jobs.transports import ThreadTransport
from consultation.people import Role
from consultation.remiss import RoundAccess

from . import factories

PASSWORD = "ett-langt-testlosenord"

# Noon in Stockholm on an ordinary Wednesday in June: no midnight, month-end, year-end or daylight-saving change is
# near, whatever the hour the suite runs.
ORDINARY_NOON = datetime(2026, 6, 17, 10, 0, tzinfo=UTC)


def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


def own_database_url(folder: Path, suffix: str) -> str:
    """A committed database of a test's own: a SQLite file `<suffix>.sqlite3` in `folder`, or on the
    PostgreSQL run (TEST_DATABASE_URL) a database `<suite's name>_<suffix>` beside the suite's, made if
    missing, so that resetting it never touches the schema the other tests run on."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return f"sqlite:///{folder / f'{suffix}.sqlite3'}"
    suite = sa.engine.make_url(url)
    own = suite.set(database=f"{suite.database}_{suffix}")
    server = sa.create_engine(suite.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.scalar(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}
            )
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{own.database}"')
    finally:
        server.dispose()
    return own.render_as_string(hide_password=False)


def reset_database(engine: sa.Engine) -> None:
    """Drop every table (the suite builds the schema from the migrations, not from the models)."""
    metadata = sa.MetaData()
    metadata.reflect(engine)
    with engine.begin() as connection:
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        metadata.drop_all(connection)


class IsolatedClient(FlaskClient):
    """Each request gets its own app context (its own `g` and database session), as in production.

    Without this, Flask reuses the test's app context for every request, so `g` and the
    session's identity map would leak from one request to the next.
    """

    def open(self, *args, **kwargs):
        def in_fresh_context():
            _cv_app.set(None)
            return super(IsolatedClient, self).open(*args, **kwargs)

        return contextvars.copy_context().run(in_fresh_context)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        {
            "CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
            "MAIL_OUTBOX_DIR": str(tmp_path_factory.mktemp("outbox")),
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        reset_database(db.engine)
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


class _JoinedSession(FlaskSession):
    """Flask-SQLAlchemy's session ignores `bind`; a test session must use the test's connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return bind or self.bind


@pytest.fixture(autouse=True)
def _job_threads_end_with_their_test(request, monkeypatch):
    """A job thread started by a test's own app (a "thread" or production config) must end with it:
    left running, its sweeps would use whichever test's session `db.session` is by then."""
    if request.node.get_closest_marker("browser"):  # the browser tests' server keeps its thread
        yield
        return
    started: list[ThreadTransport] = []
    start = ThreadTransport.start

    def start_and_remember(transport: ThreadTransport) -> None:
        started.append(transport)
        start(transport)

    monkeypatch.setattr(ThreadTransport, "start", start_and_remember)
    yield
    for transport in started:
        transport.stop()


@pytest.fixture(autouse=True)
def db_session(request, app):
    """Run each test inside a transaction that is rolled back afterwards.

    Services and views still commit: with join_transaction_mode="create_savepoint" a
    commit releases a savepoint inside the test's outer transaction.
    """
    if "live_server" in request.fixturenames:
        yield None
        return
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        db.session = db._make_scoped_session(
            {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": _JoinedSession}
        )
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


@pytest.fixture
def clock(time_machine):
    """The clock pinned at ORDINARY_NOON and ticking on, in every thread (the app's too). Name it first among a
    test's fixtures, so that what they make is dated by it; `clock.move_to(moment)` travels on."""
    time_machine.move_to(ORDINARY_NOON)
    return time_machine


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def process(db_session):
    """A strategy process, RUS2040 (tests/meetings gives it a draft from the start)."""
    return factories.ProcessFactory(code="RUS2040")


@pytest.fixture
def version(process):
    """The process's draft: three sections."""
    return factories.add_draft(process, sections=3)


@pytest.fixture
def round_(process, version):
    """A remiss round of that draft, open now, for anyone."""
    return factories.add_round(process, version, access=RoundAccess.OPEN)


@pytest.fixture
def outbox(app):
    """The folder the app writes e-mail to (no SMTP server in tests), emptied first."""
    folder = Path(app.config["MAIL_OUTBOX_DIR"])
    for old in folder.glob("*.eml"):
        old.unlink()
    return folder


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, url: str = "/logga-in") -> str:
    html = client.get(url).get_data(as_text=True)
    match = CSRF_INPUT.search(html)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, email: str, password: str = PASSWORD, follow_redirects: bool = False):
        token = csrf_token(self.client)
        return self.client.post(
            "/logga-in",
            data={"email": email, "password": password, "csrf_token": token},
            follow_redirects=follow_redirects,
        )

    def login_as(self, user):
        response = self.login(user.email)
        assert response.status_code == 302, "login failed"
        return user

    def logout(self):
        token = csrf_token(self.client, "/")
        return self.client.post("/logga-ut", data={"csrf_token": token})

    def post(self, url: str, data: dict | None = None, form_url: str | None = None, **kwargs):
        """POST a form as a browser would: with the CSRF token from the page that shows it."""
        payload = dict(data or {})
        payload["csrf_token"] = csrf_token(self.client, form_url or url)
        return self.client.post(url, data=payload, **kwargs)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def make_user(db_session):
    """Create a user with roles (and organisations), all with the test password."""

    def make(*roles: Role | str, organisations=(), **kwargs):
        return factories.UserFactory(roles=roles, organisations=organisations, **kwargs)

    return make
