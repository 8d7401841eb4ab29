"""Migrations run down and up again on a database full of data, losing nothing on the way back up.

SQLite drops a column by rebuilding the table, and its foreign keys refuse to drop a table other
rows point at (comments at sections); the migration environment switches them off while migrating
and checks them as a whole afterwards. Run as an operator would, with `flask db` in a process of
its own, on a file database with the demo data.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COUNTED = ("organisation", "document_version", "section", "response", "comment", "meeting_note")

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="rebuilding a table to drop a column is SQLite's; PostgreSQL alters it in place",
)


def flask(database: Path, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SAMRAD_LOG_LEVEL": "WARNING"}
    env.pop("TEST_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def counts(database: Path) -> dict[str, int]:
    with sqlite3.connect(database) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}


def test_down_to_before_versions_and_writing_and_up_again_keeps_every_row(tmp_path):
    database = tmp_path / "samrad.sqlite3"
    flask(database, "db", "upgrade")
    flask(database, "demo", "load")
    before = counts(database)
    assert before["comment"] > 0
    flask(database, "db", "downgrade", "0012")
    flask(database, "db", "upgrade")
    assert counts(database) == before
