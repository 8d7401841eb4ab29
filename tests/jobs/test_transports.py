"""The embedded transports: a job runs in the caller (tests) or in the web process's worker thread."""

from __future__ import annotations

import time
from datetime import timedelta

from app import jobs
from app.extensions import db
from consultation.base import utcnow
from consultation.jobs import Job, JobStatus, queue

from . import kinds


def lines(path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


def wait_for(app, job_id: int, status: JobStatus, seconds: float = 20) -> Job:
    deadline = time.monotonic() + seconds
    while True:
        with app.app_context():
            job = db.session.get(Job, job_id)
            db.session.expunge_all()
            db.session.remove()
        if job.status == status or time.monotonic() > deadline:
            return job
        time.sleep(0.1)


def test_inline_a_job_runs_once_to_its_end(app, db_session, tmp_path):
    log = tmp_path / "log"
    job = jobs.enqueue(kinds.KIND, {"log": str(log), "steps": 3})

    found = db_session.get(Job, job.id)
    assert (found.status, found.attempts, found.progress) == (JobStatus.DONE, 1, 1.0)
    assert lines(log) == ["start 1", "step 1 1", "step 1 2", "step 1 3", "finish"]


def test_inline_a_failing_job_is_tried_its_attempts_then_fails_with_a_swedish_message(app, db_session, tmp_path):
    log = tmp_path / "log"
    job = jobs.enqueue(kinds.KIND, {"log": str(log), "steps": 1, "fail": True})

    found = db_session.get(Job, job.id)
    assert (found.status, found.attempts) == (JobStatus.FAILED, 3)
    assert found.error == queue.UNEXPECTED
    assert found.error_detail == "RuntimeError: asked to fail"
    assert [line for line in lines(log) if line.startswith("start")] == ["start 1", "start 2", "start 3"]


def test_a_job_of_an_unknown_kind_fails_at_once(app, db_session):
    job = jobs.enqueue("no.such.kind")

    found = db_session.get(Job, job.id)
    assert (found.status, found.attempts, found.error) == (JobStatus.FAILED, 1, queue.UNKNOWN_KIND)


def test_the_worker_thread_runs_a_queued_job(live_server, tmp_path):
    app = live_server(JOBS_TRANSPORT="thread")
    log = tmp_path / "log"
    with app.app_context():
        job_id = jobs.enqueue(kinds.KIND, {"log": str(log), "steps": 3}).id
        db.session.remove()

    found = wait_for(app, job_id, JobStatus.DONE)

    assert (found.status, found.attempts) == (JobStatus.DONE, 1)
    assert lines(log)[-1] == "finish"


def test_the_worker_thread_takes_up_a_job_whose_worker_died(live_server, tmp_path):
    app = live_server(JOBS_TRANSPORT="thread")
    log = tmp_path / "log"
    with app.app_context():
        # Another process claimed it and died: no heartbeat since.
        job_id = jobs.add(kinds.KIND, {"log": str(log), "steps": 2}).id
        queue.claim(db.session, "dead-host:1", job_id, now=utcnow() - timedelta(minutes=5))
        db.session.commit()
        db.session.remove()
        app.extensions["samrad_jobs"].start()  # as the first request after a restart does

    found = wait_for(app, job_id, JobStatus.DONE)

    assert (found.status, found.attempts) == (JobStatus.DONE, 2)
    assert lines(log) == ["start 2", "step 2 1", "step 2 2", "finish"]
