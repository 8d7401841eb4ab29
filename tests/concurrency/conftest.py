"""An app on a committed database of its own, for requests that run at the same time in threads.

The suite's per-test rollback cannot hold two sessions that really commit, so these tests use a
SQLite file in a temporary folder or, on the PostgreSQL run, a database beside the suite's
(`<name>_concurrent`). The fixture is named `live_server`, so that the rollback fixture stays away.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.extensions import db

from ..conftest import IsolatedClient, reset_database


def concurrent_database_url(folder: Path) -> str:
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return f"sqlite:///{folder / 'concurrent.sqlite3'}"
    suite = sa.engine.make_url(url)
    own = suite.set(database=f"{suite.database}_concurrent")
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


@pytest.fixture
def live_server(tmp_path) -> Flask:
    app = create_app(
        {
            "CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": concurrent_database_url(tmp_path),
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        reset_database(db.engine)
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@dataclass
class Together:
    """Run callables in threads released at the same instant (a barrier), and collect what they return."""

    count: int

    def run(self, work: Callable[[int], object], timeout: float = 60) -> list:
        barrier = threading.Barrier(self.count, timeout=timeout)

        def started(index: int):
            barrier.wait()
            return work(index)

        with ThreadPoolExecutor(max_workers=self.count) as pool:
            futures = [pool.submit(started, i) for i in range(self.count)]
            return [f.result(timeout=timeout) for f in futures]
