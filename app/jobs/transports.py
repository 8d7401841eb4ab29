"""How a queued job reaches a worker: in the caller, in a thread of this process, or through RQ.

Only the job's id travels; the worker claims the row and reads the rest from the database.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

from ..extensions import db
from . import runner

log = logging.getLogger(__name__)

PERFORM = "app.jobs.worker.perform"  # what an RQ worker calls, by name: the web side never imports the worker


class InlineTransport:
    """Runs the job at once in the caller, attempt after attempt (tests, commands that wait anyway)."""

    def __init__(self, app: Flask) -> None:
        self.app = app

    def dispatch(self, job_id: int) -> None:
        while runner.run_one(job_id, heartbeat_thread=False):  # a failed attempt with attempts left is queued again
            pass


class ThreadTransport:
    """The embedded default: one worker thread per process that takes queued jobs from the database.

    Every web process has one, so several gunicorn workers share the queue (a claim is atomic);
    a job left queued or running by a process that stopped is taken up by the next sweep of any.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def dispatch(self, job_id: int) -> None:
        self.start()
        self.wake.set()

    def start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="samrad-jobs", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        """Let the thread end after its current job (tests; a web process just exits)."""
        self.stopping.set()
        self.wake.set()
        if self._thread is not None:
            self._thread.join()

    def _work(self) -> None:
        interval = self.app.config["JOBS_SWEEP_SECONDS"]
        while not self.stopping.is_set():
            with self.app.app_context():
                try:
                    runner.sweep()
                    while not self.stopping.is_set() and runner.run_one():
                        pass
                except Exception:  # the thread must outlive a broken database connection
                    log.exception("Jobs: the worker thread met an error; it goes on")
                finally:
                    db.session.remove()
            self.wake.wait(interval)
            self.wake.clear()


class RQTransport:
    """Production: the job's id goes to an RQ queue on Redis, for `flask jobs worker` on any machine."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._queue = None

    def queue(self):
        if self._queue is None:
            from redis import Redis
            from rq import Queue

            connection = Redis.from_url(self.app.config["REDIS_URL"])
            self._queue = Queue(self.app.config["JOBS_QUEUE"], connection=connection)
        return self._queue

    def dispatch(self, job_id: int) -> None:
        try:
            # No RQ timeout: the heartbeat, not a guess at the longest analysis, tells a dead job.
            self.queue().enqueue(PERFORM, job_id, job_timeout=-1, result_ttl=0, failure_ttl=24 * 3600)
        except Exception:
            # The row is kept, queued: a worker's sweep hands it on once Redis answers again.
            log.exception("Jobs: job %s could not be handed to Redis; a worker's sweep will", job_id)


TRANSPORTS = {"inline": InlineTransport, "thread": ThreadTransport, "rq": RQTransport}


def make_transport(app: Flask):
    name = app.config["JOBS_TRANSPORT"]
    if name not in TRANSPORTS:
        raise RuntimeError(f"JOBS_TRANSPORT must be one of {', '.join(TRANSPORTS)}, not {name!r}")
    if name == "rq" and not app.config.get("REDIS_URL"):
        raise RuntimeError("JOBS_TRANSPORT=rq needs REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    return TRANSPORTS[name](app)
