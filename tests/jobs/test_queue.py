"""The job queue in the database: a job is claimed once, a silent worker's job is taken up again, attempts count."""

from __future__ import annotations

from datetime import timedelta

import pytest

from consultation.base import utcnow
from consultation.errors import Conflict, NotAllowed
from consultation.jobs import Job, JobLost, JobStatus, queue
from consultation.people import Role

from ..factories import UserFactory

STALE = timedelta(minutes=2)


def test_jobs_are_claimed_oldest_first_and_each_once(db_session):
    first = queue.enqueue(db_session, "test", {"n": 1})
    second = queue.enqueue(db_session, "test", {"n": 2})

    a = queue.claim(db_session, "worker-a")
    b = queue.claim(db_session, "worker-b")

    assert (a.job_id, a.parameters, a.attempt) == (first.id, {"n": 1}, 1)
    assert b.job_id == second.id
    assert queue.claim(db_session, "worker-c") is None
    assert db_session.get(Job, first.id).status == JobStatus.RUNNING
    assert db_session.get(Job, first.id).worker == "worker-a"


def test_a_job_id_handed_to_two_workers_runs_in_one(db_session):
    job = queue.enqueue(db_session, "test")

    assert queue.claim(db_session, "worker-a", job.id) is not None
    assert queue.claim(db_session, "worker-b", job.id) is None


def test_finish_marks_the_job_done_once(db_session):
    job = queue.enqueue(db_session, "test")
    held = queue.claim(db_session, "worker-a")
    queue.heartbeat(db_session, held, progress=0.5)
    assert db_session.get(Job, job.id).progress == 0.5

    queue.finish(db_session, held)

    found = db_session.get(Job, job.id)
    assert (found.status, found.progress) == (JobStatus.DONE, 1.0)
    assert found.finished_at is not None
    with pytest.raises(JobLost):
        queue.finish(db_session, held)


def test_a_silent_workers_job_is_queued_again_and_its_old_claim_is_void(db_session):
    job = queue.enqueue(db_session, "test")
    started = utcnow() - timedelta(minutes=10)
    killed = queue.claim(db_session, "worker-a", now=started)

    assert queue.reclaim_stale(db_session, STALE, now=started + timedelta(minutes=1)) == []
    assert queue.reclaim_stale(db_session, STALE) == [job.id]

    again = queue.claim(db_session, "worker-b")
    assert (again.job_id, again.attempt) == (job.id, 2)
    # The first worker wakes up: it may neither report nor finish.
    with pytest.raises(JobLost):
        queue.heartbeat(db_session, killed)
    with pytest.raises(JobLost):
        queue.finish(db_session, killed)
    queue.finish(db_session, again)
    assert db_session.get(Job, job.id).status == JobStatus.DONE


def test_a_job_that_keeps_losing_its_worker_fails_for_good_in_swedish(db_session):
    job = queue.enqueue(db_session, "test", max_attempts=2)
    long_ago = utcnow() - timedelta(hours=1)
    for _attempt in range(2):
        queue.claim(db_session, "worker", now=long_ago)
        queue.reclaim_stale(db_session, STALE)

    found = db_session.get(Job, job.id)
    assert (found.status, found.attempts) == (JobStatus.FAILED, 2)
    assert found.error == queue.GAVE_UP
    assert queue.claim(db_session, "worker") is None


def test_a_failed_attempt_is_retried_until_attempts_run_out(db_session):
    job = queue.enqueue(db_session, "test", max_attempts=2)

    first = queue.fail(db_session, queue.claim(db_session, "w"), "Filen gick inte att läsa.", "OSError: boom")
    assert (first.status, first.error) == (JobStatus.QUEUED, "Filen gick inte att läsa.")
    second = queue.fail(db_session, queue.claim(db_session, "w"), "Filen gick inte att läsa.", "OSError: boom")

    assert (second.status, second.attempts, second.error_detail) == (JobStatus.FAILED, 2, "OSError: boom")
    assert db_session.get(Job, job.id).finished_at is not None


def test_a_failure_that_cannot_pass_is_not_retried(db_session):
    queue.enqueue(db_session, "test", max_attempts=5)
    found = queue.fail(db_session, queue.claim(db_session, "w"), "Analysen finns inte.", retry=False)
    assert (found.status, found.attempts) == (JobStatus.FAILED, 1)


def test_an_admin_retries_a_failed_job_with_fresh_attempts(db_session):
    admin = UserFactory(roles=[Role.ADMIN])
    job = queue.enqueue(db_session, "test", max_attempts=1)
    queue.fail(db_session, queue.claim(db_session, "w"), "Fel.")

    queue.retry(db_session, admin, job.id)

    found = db_session.get(Job, job.id)
    assert (found.status, found.attempts, found.error) == (JobStatus.QUEUED, 0, None)
    assert queue.claim(db_session, "w").job_id == job.id
    with pytest.raises(Conflict):  # running, not failed
        queue.retry(db_session, admin, job.id)


@pytest.mark.parametrize("role", [Role.WORKING_GROUP, Role.FACILITATOR, Role.STAKEHOLDER])
def test_only_admins_see_and_retry_jobs(db_session, role):
    person = UserFactory(roles=[role])
    job = queue.enqueue(db_session, "test", max_attempts=1)
    queue.fail(db_session, queue.claim(db_session, "w"), "Fel.")

    with pytest.raises(NotAllowed):
        queue.retry(db_session, person, job.id)
    with pytest.raises(NotAllowed):
        queue.list_jobs(db_session, person)
    assert db_session.get(Job, job.id).status == JobStatus.FAILED


def test_the_list_shows_who_started_what_newest_first(db_session):
    admin = UserFactory(roles=[Role.ADMIN], name="Alva Samordnare")
    older = queue.enqueue(db_session, "test", started_by=admin)
    newer = queue.enqueue(db_session, "test")
    older.created_at = utcnow() - timedelta(minutes=5)
    queue.fail(db_session, queue.claim(db_session, "w", newer.id), "Fel.", retry=False)

    everything = queue.list_jobs(db_session, admin)
    failed = queue.list_jobs(db_session, admin, JobStatus.FAILED)

    assert [job.id for job in everything.items] == [newer.id, older.id]
    assert everything.items[1].started_by.name == "Alva Samordnare"
    assert [job.id for job in failed.items] == [newer.id]
    assert queue.count_by_status(db_session, admin)[JobStatus.QUEUED] == 1
