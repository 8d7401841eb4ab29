"""A round's reminders on the real transports: the web process's job thread, and two `flask jobs worker`
processes on the machine's Redis, each sweeping for due reminders; the reminder goes out once."""

from __future__ import annotations

import signal
import time as clock
from datetime import UTC, datetime, timedelta
from datetime import time as wall_clock

from sqlalchemy import func, select

from app.extensions import db
from app.mail import outbox_messages
from consultation.jobs import Job, JobStatus
from consultation.remiss import Invitation, InvitationStatus, Reminder, ReminderStatus, reminder_schedule
from consultation.timezones import local_to_utc, to_local

from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
from .test_rq_worker import kill, rq_app, start_worker, wait_until  # noqa: F401  (rq_app is a fixture)

SOON = 3  # seconds from now to the reminder: long enough for the schedule to be saved before it is due


def a_round_with_a_reminder_soon(app) -> int:
    """A round with one invitee to remind and one that answered; its schedule's reminder is due in SOON seconds."""
    with app.app_context():
        now = datetime.now(UTC)
        due = to_local(now + timedelta(seconds=SOON)).replace(microsecond=0)
        process = ProcessFactory(code=f"P{now:%H%M%S}")
        round_ = add_round(
            process, add_draft(process), closes_at=local_to_utc(due.date() + timedelta(days=2), wall_clock(12))
        )
        quiet = OrganisationFactory(name="Tyst kommun", email="tyst@kommun.example")
        answered = OrganisationFactory(name="Svarat AB", email="svarat@ab.example")
        db.session.add_all(
            [
                Invitation(round_id=round_.id, organisation_id=quiet.id),
                Invitation(round_id=round_.id, organisation_id=answered.id, status=InvitationStatus.RESPONDED),
            ]
        )
        admin = UserFactory(roles=["admin"], email="samordnare@region.example")
        reminder_schedule.save_schedule(db.session, admin, round_.id, "2", due.time(), now)
        db.session.commit()
        round_id = round_.id
        db.session.remove()
    return round_id


def recorded(app) -> tuple[list[tuple[str, str]], int]:
    """The reminder rows (address, status) and the number of reminder jobs."""
    with app.app_context():
        rows = [(r.email, r.status) for r in db.session.scalars(select(Reminder))]
        jobs = db.session.scalar(select(func.count()).where(Job.kind == reminder_schedule.REMINDER_JOB))
        db.session.remove()
    return rows, jobs


def sent(app) -> list[str]:
    return [message["To"] for message in outbox_messages(app.config["MAIL_OUTBOX_DIR"])]


def test_the_web_process_job_thread_sends_a_reminder_when_it_is_due_once(live_server):
    app = live_server(JOBS_TRANSPORT="thread")
    a_round_with_a_reminder_soon(app)
    app.extensions["samrad_jobs"].start()  # as the first request after a start does

    assert sent(app) == []  # not before its time
    assert wait_until(lambda: sent(app), SOON + 20)
    clock.sleep(10 * app.config["JOBS_SWEEP_SECONDS"])  # more sweeps find nothing more to send
    assert sent(app) == ["tyst@kommun.example"]
    assert recorded(app) == ([("tyst@kommun.example", ReminderStatus.SENT)], 1)


def test_two_rq_workers_sweeping_send_a_due_reminder_once(rq_app, queue_name, tmp_path):  # noqa: F811
    a_round_with_a_reminder_soon(rq_app)
    output = tmp_path / "workers.log"
    workers = [start_worker(rq_app, queue_name, output) for _ in range(2)]
    try:
        assert wait_until(lambda: sent(rq_app), SOON + 40), output.read_text(errors="replace")
        clock.sleep(10 * rq_app.config["JOBS_SWEEP_SECONDS"])
    finally:
        for worker in workers:
            kill(worker, signal.SIGTERM)
    assert sent(rq_app) == ["tyst@kommun.example"], output.read_text(errors="replace")
    assert recorded(rq_app) == ([("tyst@kommun.example", ReminderStatus.SENT)], 1), output.read_text(errors="replace")
    with rq_app.app_context():
        [job] = db.session.scalars(select(Job).where(Job.kind == reminder_schedule.REMINDER_JOB)).all()
        assert job.status == JobStatus.DONE and job.worker.split(":")[1] in {str(w.pid) for w in workers}
        db.session.remove()
