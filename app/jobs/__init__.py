"""Background jobs in the web layer: one `enqueue` for every kind of job, whatever the transport.

The job's row (consultation/jobs) is the truth; the transport only carries its id to a worker:
in the embedded default a thread of the web process, with REDIS_URL an RQ queue on Redis served
by `flask jobs worker`. Job functions register themselves by kind and are written once.
"""

from __future__ import annotations

import importlib

import click
from flask import Flask, current_app

from consultation.jobs import Job, queue
from consultation.people.access import Actor

from ..extensions import db
from .transports import ThreadTransport, make_transport


def add(kind: str, parameters: dict | None = None, started_by: Actor | None = None) -> Job:
    """Add the job's row to the current transaction; `dispatch` it after the commit."""
    return queue.enqueue(db.session, kind, parameters, started_by=started_by)


def dispatch(job_id: int) -> None:
    """Hand a committed job to the transport (a worker thread, RQ, or the caller)."""
    current_app.extensions["samrad_jobs"].dispatch(job_id)


def enqueue(kind: str, parameters: dict | None = None, started_by: Actor | None = None) -> Job:
    """Queue a job of `kind` and hand it on: the row is committed first, so no worker misses it."""
    job = add(kind, parameters, started_by)
    db.session.commit()
    dispatch(job.id)
    return job


jobs_cli = click.Group("jobs", help="Bakgrundsjobb.")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Avsluta när kön är tom.")
def worker_command(burst):
    """Starta en arbetsprocess som kör bakgrundsjobb från Redis (kräver REDIS_URL)."""
    if current_app.config["JOBS_TRANSPORT"] != "rq":
        raise click.ClickException(
            "Ange REDIS_URL (till exempel redis://127.0.0.1:6379/0): utan den körs jobben i webbprocessen."
        )
    from .worker import run_worker

    run_worker(burst=burst)


def init_app(app: Flask) -> None:
    from .. import analysis_jobs, letter_jobs, reminder_jobs  # noqa: F401  (register the job functions)
    from ..compilation import building  # noqa: F401  (registers the building of large Word files)
    from ..followup import period_mail  # noqa: F401  (registers the mail about reporting periods)
    from ..rounds import sending  # noqa: F401  (registers the sending of invitations)

    for module in app.config["JOBS_MODULES"]:
        importlib.import_module(module)
    transport = make_transport(app)
    app.extensions["samrad_jobs"] = transport
    app.cli.add_command(jobs_cli)
    if isinstance(transport, ThreadTransport):
        # A process that (re)starts takes up what was left queued as soon as it serves a request.
        app.before_request(transport.start)
