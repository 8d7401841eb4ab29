"""An app on a committed database of its own, for requests that run at the same time in threads.

The suite's per-test rollback cannot hold two sessions that really commit, so these tests use a
SQLite file in a temporary folder or, on the PostgreSQL run, a database beside the suite's
(`<name>_concurrent`). The fixture is named `live_server`, so that the rollback fixture stays away.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from flask import Flask
from flask_migrate import upgrade

from app import create_app
from app.extensions import db

from ..conftest import IsolatedClient, own_database_url, reset_database


@pytest.fixture
def live_server(tmp_path) -> Flask:
    app = create_app(
        {
            "CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": own_database_url(tmp_path, "concurrent"),
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
