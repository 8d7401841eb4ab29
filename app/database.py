"""Engine settings that make SQLite behave like the database the domain expects, also under load.

SQLite (the embedded default, `make run`) allows one writer at a time. A transaction that first
reads and then writes cannot always be upgraded while another connection writes: SQLite refuses at
once with "database is locked", without waiting for the busy timeout. So, following SQLAlchemy's
pysqlite recipe, pysqlite's own BEGIN is switched off and SQLAlchemy emits BEGIN itself: a request
that may write (any method but GET/HEAD/OPTIONS) starts its transactions with BEGIN IMMEDIATE, which
takes the write lock first and waits its turn (busy timeout), and reads go on beside it (WAL).
Any other transaction (a GET, a background job) begins deferred and, at its first write, ends
its read and takes the write lock the same way, so that a job reading while its heartbeat
commits is not refused. What is left (a GET that writes, a lock still busy after the waits) is retried a few times, and
then answered with a 503 that keeps the typed text (app/errors), never a 500.
PostgreSQL needs none of this: it has row locks (`SELECT ... FOR UPDATE` where a service asks).
"""

from __future__ import annotations

import functools
import sqlite3
import time

from flask import Flask, g, has_app_context, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 5_000
# BEGIN IMMEDIATE waits BUSY_TIMEOUT_MS for the write lock, this many times at most.
BEGIN_ATTEMPTS = 3
# A request whose write met a lock (nothing of it committed yet) is run again this many times at most.
REQUEST_ATTEMPTS = 3


def is_locked(error: BaseException) -> bool:
    """SQLite's "database is locked" (or "table is locked"): another connection holds the write lock."""
    return isinstance(error, OperationalError) and "is locked" in str(error.orig)


def _may_write() -> bool:
    if not has_request_context():
        # Outside a request (commands, the analysis worker) transactions stay deferred: a worker
        # must not hold the write lock while it computes; its writes are short and retried.
        return False
    return request.method not in SAFE_METHODS


def configure_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # pysqlite's own transaction handling breaks SAVEPOINT and BEGIN IMMEDIATE; SQLAlchemy emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Readers never wait for the writer, nor the writer for readers; NORMAL is durable in WAL
        # but for the last commits on a power cut, never corrupt.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        statement = "BEGIN IMMEDIATE" if _may_write() else "BEGIN"
        for attempt in range(1, BEGIN_ATTEMPTS + 1):
            try:
                connection.exec_driver_sql(statement)
                break
            except OperationalError as error:
                if not is_locked(error) or attempt == BEGIN_ATTEMPTS:
                    raise
        connection.info[_READING] = statement == "BEGIN"
        connection.info[_SAVEPOINTS] = 0

    # A deferred transaction that has only read so far takes the write lock at its first write by
    # ending the read and beginning anew with BEGIN IMMEDIATE, which waits its turn. Kept as it was,
    # its write would be refused at once whenever another connection committed since its first read
    # (a job's heartbeat thread, a chunk of the same analysis, a person's request). Reads and writes
    # then see what others committed in between, as in PostgreSQL's READ COMMITTED, which the domain
    # is written for. Inside a savepoint (the test suite's transactions) nothing is changed.
    @event.listens_for(engine, "before_cursor_execute")
    def _before_execute(connection, cursor, statement, parameters, context, executemany) -> None:
        if connection.info.get(_READING) and not connection.info.get(_SAVEPOINTS) and _writes(statement):
            connection.info[_READING] = False
            raw = connection.connection.dbapi_connection
            raw.execute("COMMIT")
            for attempt in range(1, BEGIN_ATTEMPTS + 1):
                try:
                    raw.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as error:
                    if "locked" not in str(error) or attempt == BEGIN_ATTEMPTS:
                        raw.execute("BEGIN")  # the write itself meets the lock and says so, as before
                        return

    @event.listens_for(engine, "savepoint")
    def _on_savepoint(connection, _name) -> None:
        connection.info[_SAVEPOINTS] = connection.info.get(_SAVEPOINTS, 0) + 1

    @event.listens_for(engine, "release_savepoint")
    def _on_release(connection, _name, _context) -> None:
        connection.info[_SAVEPOINTS] = max(0, connection.info.get(_SAVEPOINTS, 0) - 1)

    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _on_end(connection) -> None:
        connection.info[_READING] = False
        connection.info[_SAVEPOINTS] = 0


_READING = "samrad_reading"  # the connection's transaction is deferred and has not written yet
_SAVEPOINTS = "samrad_savepoints"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _writes(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITES)


def _count_commit(_session) -> None:
    if has_app_context():
        g.samrad_commits = g.get("samrad_commits", 0) + 1


def _retrying(view, app: Flask):
    @functools.wraps(view)
    def run(*args, **kwargs):
        from .extensions import db

        for attempt in range(1, REQUEST_ATTEMPTS + 1):
            commits_before = g.get("samrad_commits", 0)
            try:
                return view(*args, **kwargs)
            except OperationalError as error:
                # Run again only what left nothing behind: no commit of this request happened yet.
                if not is_locked(error) or attempt == REQUEST_ATTEMPTS or g.get("samrad_commits", 0) != commits_before:
                    raise
                db.session.rollback()
                app.logger.info("database locked, running %s again (%s)", request.endpoint, attempt)
                time.sleep(0.05 * attempt)
        raise AssertionError("unreachable")

    return run


def retry_locked_requests(app: Flask) -> None:
    """On SQLite, run a request again when its write met the lock before anything of it was committed."""
    from .extensions import db

    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
    if not event.contains(Session, "after_commit", _count_commit):
        event.listen(Session, "after_commit", _count_commit)
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = _retrying(view, app)
