"""The RQ worker process (`flask jobs worker`): RQ's own worker with the app's settings.

RQ's SimpleWorker runs each job in the worker process itself instead of a fork per job: the
analysis's libraries and model are loaded once per worker, not once per job, and the database
connections are never shared across a fork. Beside it a sweeper thread queues again the jobs of
workers that died (on any machine) and hands on jobs Redis lost, so nothing waits for a click.
"""

from __future__ import annotations

import logging
import threading

from flask import Flask, current_app

from ..extensions import db
from . import runner

log = logging.getLogger(__name__)


def perform(job_id: int) -> None:
    """What RQ runs: claim the job's row and run it (a job already claimed elsewhere is left alone)."""
    try:
        runner.run_one(job_id)
    finally:
        db.session.remove()


def _sweep_forever(app: Flask, stop: threading.Event) -> None:
    transport = app.extensions["samrad_jobs"]
    while not stop.wait(app.config["JOBS_SWEEP_SECONDS"]):
        with app.app_context():
            try:
                for job_id in runner.sweep():
                    transport.dispatch(job_id)
            finally:
                db.session.remove()


def run_worker(burst: bool = False) -> None:
    from rq import SimpleWorker

    app = current_app._get_current_object()
    transport = app.extensions["samrad_jobs"]
    stop = threading.Event()
    sweeper = threading.Thread(target=_sweep_forever, args=(app, stop), name="samrad-jobs-sweep", daemon=True)
    with app.app_context():
        # A worker that starts hands on what is already overdue (e.g. after every worker was down).
        for job_id in runner.sweep():
            transport.dispatch(job_id)
        db.session.remove()
    sweeper.start()
    queue = transport.queue()
    try:
        SimpleWorker([queue], connection=queue.connection).work(burst=burst, logging_level="INFO")
    finally:
        stop.set()
