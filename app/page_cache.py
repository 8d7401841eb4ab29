"""Rendered pages kept for the pages many people read and few change, until anything is written.

The working group's compilation, analysis and lists and the public process pages cost 10-50 ms of
CPU to build (issue 19), and are read far more often than the data behind them changes. Such a
view is marked `@cached_page`: its HTML is kept in this process, keyed by

- the address with its query string, the language, and who reads it (a user id, or anonymous):
  nobody is ever served a page built for somebody else, and access is checked as it was when the
  page was built for that same person;
- the database's change counter (consultation.changes), which every committed write raises in its
  own transaction: a page built before a write is never served after it, whichever worker,
  machine or background job made the write (writes to bookkeeping no kept page shows, NOT_SHOWN,
  leave it; a view showing such a thing, an analysis in progress, calls `dont_keep()`);
- a time window (PAGE_CACHE_SECONDS, 30 s by default): what depends on the clock alone (a phase
  that ends, "3 dagar kvar") is at most that old. A page that changes at a known moment (a round's
  opening and deadline) says so with `keep_until()` and is never served after it; the deadline
  itself is enforced by the services on every submit, never by a page.

The CSRF token in the kept HTML is replaced with the reader's own on every hit. A page is built
afresh, and not kept, when messages are waiting to be shown (flash), when the reader's own
connection has written in this transaction, or when the view answered anything but a 200 HTML page.
Set PAGE_CACHE_SECONDS=0 to turn it off.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from consultation import changes

from .extensions import db

_TOKEN = "\x00samrad-csrf\x00"  # stands for the reader's CSRF token in kept HTML; never in a real page
_WRITES = "samrad_writes"  # write statements in the connection's open transaction
_COUNTED = "samrad_counted"  # of which the counter has been raised for
# The table a write statement changes, as SQLAlchemy writes them.
_WRITTEN_TABLE = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)', re.I
)
# Bookkeeping that no kept page shows: a job's claim and heartbeat (several a second while jobs
# run), login attempts and their locks, mail waiting to go out, ended sessions. Their writes leave
# the kept pages as they are, and keep the short transactions of heartbeats and logins as short as
# they were (a heartbeat late by two seconds counts its worker as dead).
NOT_SHOWN = frozenset({"background_job", "login_attempt", "login_lock", "outgoing_mail", "ended_session"})
_KEPT_HEADERS_SKIP = {"content-length", "set-cookie"}
_has_counter: set[str] = set()  # the engines whose database has the counter table


@dataclass(frozen=True)
class _Page:
    body: str
    headers: tuple[tuple[str, str], ...]
    until: float | None = None  # epoch seconds after which the page is out of date (a deadline)


class PageStore:
    """The kept pages of one process, newest counter only, least recently used dropped past a size."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._pages: OrderedDict[tuple, _Page] = OrderedDict()
        self._bytes = 0
        self._counter = -1
        self._lock = threading.Lock()

    def _at(self, counter: int) -> bool:
        """Move on to a newer counter (dropping every page kept before it); False for an older one."""
        if counter > self._counter:
            self._pages.clear()
            self._bytes = 0
            self._counter = counter
        return counter == self._counter

    def get(self, key: tuple, counter: int) -> _Page | None:
        with self._lock:
            if not self._at(counter):
                return None
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: tuple, counter: int, page: _Page) -> None:
        size = len(page.body)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if not self._at(counter):
                return
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._pages[key] = page
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= len(dropped.body)


def _counter_exists(connection: Connection) -> bool:
    url = str(connection.engine.url)
    if url not in _has_counter and inspect(connection).has_table(changes.ChangeCounter.__tablename__):
        _has_counter.add(url)
    return url in _has_counter


def _count_write(connection, _cursor, statement, _parameters, _context, _executemany) -> None:
    written = _WRITTEN_TABLE.match(statement)
    if written and written.group(1).lower() not in NOT_SHOWN:
        connection.info[_WRITES] = connection.info.get(_WRITES, 0) + 1


def _transaction_ended(connection) -> None:
    connection.info.pop(_WRITES, None)
    connection.info.pop(_COUNTED, None)


def _raise_counter(session: Session) -> None:
    """Before a commit: raise the counter if this transaction wrote, as its last statement."""
    if not session.in_transaction():
        return
    if session.new or session.dirty or session.deleted:
        session.flush()  # the transaction's own row locks first, the counter's last: no deadlock between writers
    connection = session.connection()
    writes = connection.info.get(_WRITES, 0)
    if writes > connection.info.get(_COUNTED, 0) and _counter_exists(connection):
        changes.raise_counter(session)
        connection.info[_COUNTED] = connection.info.get(_WRITES, 0)


def init_app(app: Flask) -> None:
    app.config.setdefault("PAGE_CACHE_SECONDS", 30)
    app.config.setdefault("PAGE_CACHE_BYTES", 32 * 1024 * 1024)
    app.extensions["samrad_page_cache"] = PageStore(app.config["PAGE_CACHE_BYTES"])
    with app.app_context():
        engine = db.engine
    if not event.contains(engine, "before_cursor_execute", _count_write):
        event.listen(engine, "before_cursor_execute", _count_write)
        event.listen(engine, "commit", _transaction_ended)
        event.listen(engine, "rollback", _transaction_ended)
    # Every session, also a background job's: a write from anywhere makes the kept pages old.
    if not event.contains(Session, "before_commit", _raise_counter):
        event.listen(Session, "before_commit", _raise_counter)


def dont_keep() -> None:
    """For a view whose page shows what changes without a write that counts (a job's progress)."""
    g.samrad_dont_keep = True


def keep_until(moment: datetime | None) -> None:
    """The page changes at this moment without any write (a round opens or closes): never serve it after."""
    if moment is None:
        return
    at = moment.timestamp()
    earlier = g.get("samrad_keep_until")
    g.samrad_keep_until = at if earlier is None else min(earlier, at)


def _reader() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else "anonymous"


def cached_page(view):
    """Serve the view's 200 HTML page from the process's kept pages while nothing was written since."""

    @functools.wraps(view)
    def cached(*args, **kwargs):
        seconds = current_app.config["PAGE_CACHE_SECONDS"]
        if not seconds or request.method != "GET" or session.get("_flashes"):
            return view(*args, **kwargs)
        connection = db.session.connection()
        if connection.info.get(_WRITES) or not _counter_exists(connection):
            return view(*args, **kwargs)
        counter = changes.current(db.session)
        if counter is None:
            return view(*args, **kwargs)
        key = (request.endpoint, request.full_path, str(get_locale()), _reader(), int(time.time() // seconds))
        store: PageStore = current_app.extensions["samrad_page_cache"]
        page = store.get(key, counter)
        if page is not None and (page.until is None or time.time() < page.until):
            return Response(page.body.replace(_TOKEN, generate_csrf()), status=200, headers=list(page.headers))
        response = current_app.make_response(view(*args, **kwargs))
        if (
            response.status_code == 200
            and response.mimetype == "text/html"
            and not response.is_streamed
            and not g.get("samrad_dont_keep")
            and not db.session.connection().info.get(_WRITES)
        ):
            body = response.get_data(as_text=True)
            token = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
            if token:
                body = body.replace(token, _TOKEN)
            headers = tuple((k, v) for k, v in response.headers.items() if k.lower() not in _KEPT_HEADERS_SKIP)
            store.put(key, counter, _Page(body, headers, g.get("samrad_keep_until")))
        return response

    return cached
