"""A round's invitations go out as a background job: the page follows it, and a resumed job sends nobody twice."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.jobs import runner
from app.mail import outbox_messages
from app.rounds import sending
from consultation.base import utcnow
from consultation.jobs import Job, JobStatus, queue
from consultation.people import Role
from consultation.remiss import Invitation

from ..factories import OrganisationFactory


class WorkerKilled(BaseException):
    """What the job meets when its process is killed: nothing in the job catches it."""


@pytest.fixture
def invited(db_session, open_round):
    """Five organisations with addresses and one without, invited to the round."""
    organisations = [OrganisationFactory(name=f"Kommun {n}", email=f"registrator{n}@kommun.example") for n in range(5)]
    organisations.append(OrganisationFactory(name="Adresslös förening", email=None))
    db_session.add_all(Invitation(round=open_round, organisation=o) for o in organisations)
    db_session.commit()
    return organisations


def recipients(outbox) -> Counter:
    return Counter(message["To"] for message in outbox_messages(outbox))


def test_the_round_page_shows_what_the_sending_job_did(auth, make_user, open_round, invited, outbox):
    auth.login_as(make_user(Role.ADMIN))
    overview = f"/admin/rundor/{open_round.id}"
    page = auth.post(f"{overview}/skicka-inbjudningar", {}, form_url=overview, follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Senaste utskicket av inbjudningar" in html
    assert "5 inbjudningar skickade." in html and "Saknar e-postadress: Adresslös förening." in html
    assert len(recipients(outbox)) == 5


def test_the_round_page_says_a_queued_sending_is_under_way(auth, db_session, make_user, open_round, invited, outbox):
    admin = make_user(Role.ADMIN)
    queue.enqueue(db_session, sending.INVITATIONS_JOB, {"round_id": open_round.id}, started_by=admin)
    db_session.commit()  # queued, and no worker has taken it yet
    auth.login_as(admin)
    html = auth.client.get(f"/admin/rundor/{open_round.id}").get_data(as_text=True)
    assert "Inbjudningarna skickas i bakgrunden: 0 % klart." in html
    assert outbox_messages(outbox) == []


def test_a_job_killed_right_after_a_mail_went_out_resumes_without_sending_twice(
    db_session, make_user, open_round, invited, outbox, monkeypatch
):
    admin = make_user(Role.ADMIN)
    job = queue.enqueue(db_session, sending.INVITATIONS_JOB, {"round_id": open_round.id}, started_by=admin)
    db_session.commit()
    real_send = sending.send_mail
    sent_here = []

    def send_then_die_on_the_third(*args, **kwargs):
        message = real_send(*args, **kwargs)
        sent_here.append(message)
        if len(sent_here) == 3:
            raise WorkerKilled  # the mail is out; the process dies before anything else is written
        return message

    monkeypatch.setattr(sending, "send_mail", send_then_die_on_the_third)
    with pytest.raises(WorkerKilled):
        runner.run_one(job.id, heartbeat_thread=False)
    db_session.rollback()
    assert len(outbox_messages(outbox)) == 3
    assert db_session.get(Job, job.id, populate_existing=True).status == JobStatus.RUNNING  # as the dead worker left it

    # The queue gives the silent job to the next worker, which goes on where the marks say.
    monkeypatch.setattr(sending, "send_mail", real_send)
    assert queue.reclaim_stale(db_session, timedelta(minutes=2), now=utcnow() + timedelta(minutes=5)) == [job.id]
    db_session.commit()
    assert runner.run_one(job.id, heartbeat_thread=False)

    db_session.refresh(job)
    assert (job.status, job.attempts) == (JobStatus.DONE, 2)
    counts = recipients(outbox)
    assert sorted(counts) == [f"registrator{n}@kommun.example" for n in range(5)]
    assert set(counts.values()) == {1}  # everyone once
    assert job.result == {"sent": 5, "missing": ["Adresslös förening"], "capped": [], "failed": []}
    unsent = db_session.scalars(select(Invitation).where(Invitation.sent_at.is_(None))).all()
    assert [invitation.organisation.name for invitation in unsent] == ["Adresslös förening"]


def test_a_mail_that_cannot_be_sent_stays_unsent_for_the_next_attempt(
    db_session, make_user, open_round, invited, outbox, monkeypatch
):
    admin = make_user(Role.ADMIN)
    real_send = sending.send_mail

    def refuse_kommun_2(to, *args, **kwargs):
        if to == "registrator2@kommun.example":
            raise OSError("mail server said no")
        return real_send(to, *args, **kwargs)

    monkeypatch.setattr(sending, "send_mail", refuse_kommun_2)
    job = queue.enqueue(db_session, sending.INVITATIONS_JOB, {"round_id": open_round.id}, started_by=admin)
    db_session.commit()
    assert runner.run_one(job.id, heartbeat_thread=False)
    db_session.refresh(job)
    assert job.result["sent"] == 4 and job.result["failed"] == ["Kommun 2"]

    monkeypatch.setattr(sending, "send_mail", real_send)
    again = queue.enqueue(db_session, sending.INVITATIONS_JOB, {"round_id": open_round.id}, started_by=admin)
    db_session.commit()
    assert runner.run_one(again.id, heartbeat_thread=False)
    db_session.refresh(again)
    assert again.result["sent"] == 1
    assert set(recipients(outbox).values()) == {1} and len(recipients(outbox)) == 5
