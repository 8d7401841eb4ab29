"""The admins' "Bakgrundsjobb" page: what waits, runs, failed and finished, who started it, and one-click retry."""

from __future__ import annotations

from consultation.jobs import Job, JobStatus, queue
from consultation.people import Role

from ..conftest import csrf_token
from ..factories import UserFactory
from ..jobs import kinds


def failed_job(db_session, started_by, log):
    job = queue.enqueue(db_session, kinds.KIND, {"log": str(log), "steps": 1}, started_by=started_by, max_attempts=1)
    queue.fail(db_session, queue.claim(db_session, "worker"), queue.UNEXPECTED, "OSError: disk full")
    db_session.commit()
    return job


def test_an_admin_sees_a_failed_job_in_swedish_and_retries_it(client, auth, db_session, tmp_path):
    admin = auth.login_as(UserFactory(roles=[Role.ADMIN]))
    starter = UserFactory(roles=[Role.WORKING_GROUP], name="Greta Grupp")
    job = failed_job(db_session, starter, tmp_path / "log")

    html = client.get("/admin/jobb?status=failed").get_data(as_text=True)
    assert "Greta Grupp" in html and "Misslyckades" in html and "1 av 1" in html
    assert "Jobbet misslyckades på grund av ett oväntat fel." in html
    assert "disk full" not in html  # the technical cause stays in the log and the row
    assert "Försök igen" in html

    response = client.post(f"/admin/jobb/{job.id}/forsok-igen", data={"csrf_token": csrf_token(client, "/admin/jobb")})

    assert response.status_code == 302
    db_session.expire_all()
    found = db_session.get(Job, job.id)
    assert (found.status, found.attempts, found.error) == (JobStatus.DONE, 1, None)  # run again (inline in tests)
    assert admin.id != found.started_by_id  # who started it stays who started it
    assert "Jobbet är köat igen." in client.get(response.headers["Location"]).get_data(as_text=True)


def test_retrying_a_job_that_is_not_failed_says_why(client, auth, db_session):
    auth.login_as(UserFactory(roles=[Role.ADMIN]))
    job = queue.enqueue(db_session, kinds.KIND, {"log": "/dev/null"})
    db_session.commit()

    response = client.post(
        f"/admin/jobb/{job.id}/forsok-igen",
        data={"csrf_token": csrf_token(client, "/admin/jobb")},
        follow_redirects=True,
    )

    assert "Bara ett misslyckat jobb kan försökas igen." in response.get_data(as_text=True)
    assert db_session.get(Job, job.id).status == JobStatus.QUEUED


def test_the_page_counts_jobs_by_status(client, auth, db_session):
    auth.login_as(UserFactory(roles=[Role.ADMIN]))
    for _n in range(2):
        queue.enqueue(db_session, kinds.KIND, {"log": "/dev/null"})
    db_session.commit()

    html = client.get("/admin/jobb").get_data(as_text=True)

    assert "I kö (2)" in html and "Pågår (0)" in html and "2 jobb, nyast först" in html


def test_others_may_not_see_the_jobs(client, auth, db_session):
    auth.login_as(UserFactory(roles=[Role.WORKING_GROUP]))
    assert client.get("/admin/jobb").status_code == 403
