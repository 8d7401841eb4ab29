"""Running one claimed job: its function, a heartbeat beside it, and an outcome recorded once.

Every transport ends here. The heartbeat is written by a thread of its own with its own session,
so that a job busy in one long step (embedding thousands of texts) still shows it is alive; if
the heartbeat finds the claim gone (the job was given up for dead and taken over), the job's
next `progress` call stops it, and its `finish` would be refused anyway.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app

from consultation.errors import DomainError
from consultation.jobs import JobContext, JobLost, queue, registry
from consultation.jobs.queue import Claim

from ..extensions import db

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


class Heartbeat:
    """Writes the claim's heartbeat (and the latest progress) every interval, until stopped."""

    def __init__(self, app: Flask, claim: Claim, interval: float) -> None:
        self.app, self.claim, self.interval = app, claim, interval
        self.progress: float | None = None
        self._last_here = 0.0
        self.lost = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"samrad-heartbeat-{claim.job_id}", daemon=True)

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def beat_here(self, session) -> None:
        """Without the thread (a job run in its caller): beat from the job's own session, now and then."""
        now = time.monotonic()
        if now - self._last_here >= self.interval:
            self._last_here = now
            try:
                queue.heartbeat(session, self.claim, progress=self.progress)
            except JobLost:
                self.lost.set()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()

    def _beat(self) -> None:
        with self.app.app_context():
            try:
                while not self._stop.wait(self.interval):
                    try:
                        queue.heartbeat(db.session, self.claim, progress=self.progress)
                        db.session.commit()
                    except JobLost:
                        db.session.rollback()
                        self.lost.set()
                        return
                    except Exception:  # a busy database: the next beat tries again
                        db.session.rollback()
                        log.warning("Job %s: heartbeat not written", self.claim.job_id, exc_info=True)
            finally:
                db.session.remove()


class _Context(JobContext):
    heartbeat: Heartbeat
    beat_here: bool

    def progress(self, share: float) -> None:
        self.heartbeat.progress = share
        if self.beat_here:
            self.heartbeat.beat_here(self.session)
        if self.heartbeat.lost.is_set():
            raise JobLost()


def run_one(job_id: int | None = None, worker: str | None = None, heartbeat_thread: bool = True) -> bool:
    """Claim the given job (or the oldest queued one) and run it; False when there was none to claim.

    `heartbeat_thread=False` beats from the job's own progress reports instead: for a job run in
    its caller, whose session may be one no other thread can share (a test's).
    """
    app = current_app._get_current_object()
    session = db.session
    claim = queue.claim(session, worker or worker_name(), job_id)
    session.commit()
    if claim is None:
        return False
    kind = registry.registry.get(claim.kind)
    if kind is None:
        queue.fail(session, claim, queue.UNKNOWN_KIND, f"no job function for {claim.kind!r}", retry=False)
        session.commit()
        return True
    beat = Heartbeat(app, claim, app.config["JOBS_HEARTBEAT_SECONDS"])
    if heartbeat_thread:
        beat.start()
    context = _Context(session=session, claim=claim)
    context.heartbeat, context.beat_here = beat, not heartbeat_thread
    try:
        kind.function(context)
        beat.stop()
        queue.finish(session, claim)
        session.commit()
        log.info("Job %s (%s) done, attempt %s", claim.job_id, claim.kind, claim.attempt)
    except JobLost:
        session.rollback()
        log.warning("Job %s (%s): taken over by another worker; this attempt stops", claim.job_id, claim.kind)
    except DomainError as error:  # the job cannot pass as it stands: trying again would fail again
        session.rollback()
        _record_failure(claim, str(error.message or error), f"{type(error).__name__}: {error}", retry=False)
    except Exception as error:
        session.rollback()
        log.exception("Job %s (%s) failed, attempt %s", claim.job_id, claim.kind, claim.attempt)
        _record_failure(claim, queue.UNEXPECTED, f"{type(error).__name__}: {error}", retry=True)
    finally:
        beat.stop()
    return True


def _record_failure(claim: Claim, error: str, detail: str, retry: bool) -> None:
    try:
        queue.fail(db.session, claim, error, detail, retry=retry)
        db.session.commit()
    except JobLost:
        db.session.rollback()


def sweep() -> list[int]:
    """Queue again the jobs of silent workers, queue what the schedulers find due, and name the queued
    jobs no worker has taken: the caller hands these on."""
    stale = timedelta(seconds=current_app.config["JOBS_STALE_SECONDS"])
    try:
        again = queue.reclaim_stale(db.session, stale)
        waiting = queue.overdue_queued(db.session, stale)
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.warning("Jobs: sweep failed; the next one tries again", exc_info=True)
        return []
    if again:
        log.warning("Jobs %s lost their worker and are queued again", again)
    return sorted(set(again) | set(waiting) | set(_run_schedulers()))


def _run_schedulers() -> list[int]:
    """Queue what has come due on the clock (a round's reminders): each scheduler in its own transaction."""
    queued: list[int] = []
    for name, scheduler in registry.registry.schedulers.items():
        try:
            queued += scheduler(db.session, datetime.now(UTC))
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.warning("Jobs: scheduler %s failed; the next sweep tries again", name, exc_info=True)
    return queued
