"""Apps on a committed database of their own for the transport tests, and the machine's Redis.

A worker thread or process commits for real, so these tests cannot use the suite's per-test
rollback: they use a SQLite file in a temporary folder or, on the PostgreSQL run, a database
beside the suite's (`<name>_jobs`). The fixture is named `live_server`, so that the rollback
fixture stays away.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.extensions import db

from ..conftest import own_database_url, reset_database

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
# Short enough that a killed worker's job is taken up within seconds, long enough for a busy CI machine.
FAST = {"JOBS_HEARTBEAT_SECONDS": 0.2, "JOBS_STALE_SECONDS": 2.0, "JOBS_SWEEP_SECONDS": 0.3}


@pytest.fixture
def redis_url() -> str:
    """The machine's Redis; CI fails without it (as for PostgreSQL), elsewhere the test is skipped."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis at {REDIS_URL} cannot be reached ({error}); CI fails rather than skips.")
        pytest.skip(f"Redis at {REDIS_URL} cannot be reached ({error}): start redis-server or set TEST_REDIS_URL")
    return REDIS_URL


def make_jobs_app(folder: Path, **config) -> Flask:
    app = create_app(
        {
            "CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": own_database_url(folder, "jobs"),
            "MAIL_OUTBOX_DIR": str(folder / "outbox"),
            "JOBS_MODULES": ["tests.jobs.kinds"],
            **FAST,
            **config,
        }
    )
    with app.app_context():
        reset_database(db.engine)
        upgrade()
    return app


@pytest.fixture
def live_server(tmp_path):
    """Builds an app on the committed database with the given overrides; disposes of what it made."""
    made: list[Flask] = []

    def build(**config) -> Flask:
        app = make_jobs_app(tmp_path, **config)
        made.append(app)
        return app

    yield build
    for app in made:
        if hasattr(app.extensions["samrad_jobs"], "stop"):
            app.extensions["samrad_jobs"].stop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def queue_name() -> str:
    return f"samrad-test-{uuid.uuid4().hex[:8]}"
