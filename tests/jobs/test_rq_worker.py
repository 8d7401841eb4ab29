"""The production transport, for real: RQ on the machine's Redis and `flask jobs worker` processes.

The kill test: a worker is killed (SIGKILL, the whole process group, as when a machine dies or
systemd kills the service) in the middle of a job; another worker started afterwards takes the
job up once its heartbeat is stale and runs it to the end, and the job is finished exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis

from app import jobs
from app.extensions import db
from consultation.jobs import JobStatus

from . import kinds
from .conftest import FAST
from .test_transports import lines, wait_for

FLASK = str(Path(sys.executable).with_name("flask"))


def start_worker(app, queue_name: str, log_to: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "SAMRAD_CONFIG": "development",
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": app.config["REDIS_URL"],
        "JOBS_QUEUE": queue_name,
        "JOBS_MODULES": "tests.jobs.kinds",
        "MAIL_OUTBOX_DIR": app.config["MAIL_OUTBOX_DIR"],
        **{name: str(value) for name, value in FAST.items()},
    }
    env.pop("JOBS_TRANSPORT", None)
    return subprocess.Popen(
        [FLASK, "--app", "app", "jobs", "worker"],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        stdout=log_to.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, killed whole
    )


def kill(worker: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, sig)
    worker.wait(timeout=20)


@pytest.fixture
def rq_app(live_server, redis_url, queue_name):
    app = live_server(JOBS_TRANSPORT="rq", REDIS_URL=redis_url, JOBS_QUEUE=queue_name)
    yield app
    connection = Redis.from_url(redis_url)
    for key in connection.scan_iter(f"rq:*{queue_name}*"):
        connection.delete(key)


def wait_until(predicate, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_a_job_whose_worker_is_killed_mid_run_completes_exactly_once(rq_app, queue_name, tmp_path):
    log = tmp_path / "job.log"
    output = tmp_path / "workers.log"
    with rq_app.app_context():
        job_id = jobs.enqueue(kinds.KIND, {"log": str(log), "steps": 8, "step_seconds": 0.4}).id
        db.session.remove()

    first = start_worker(rq_app, queue_name, output)
    try:
        assert wait_until(lambda: "step 1 2" in lines(log)), output.read_text(errors="replace")
    finally:
        kill(first)
    assert "finish" not in lines(log)
    assert wait_for(rq_app, job_id, JobStatus.RUNNING, 1).status == JobStatus.RUNNING  # as the dead worker left it

    second = start_worker(rq_app, queue_name, output)
    try:
        found = wait_for(rq_app, job_id, JobStatus.DONE, 60)
    finally:
        kill(second, signal.SIGTERM)

    assert found.status == JobStatus.DONE, output.read_text(errors="replace")
    assert (found.attempts, found.progress, found.error) == (2, 1.0, None)
    written = lines(log)
    assert [line for line in written if line.startswith("start")] == ["start 1", "start 2"]
    assert written.count("finish") == 1
    assert written[-1] == "finish"
    assert found.worker.split(":")[1] == str(second.pid)  # the second worker finished it
