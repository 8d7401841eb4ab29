"""A round's reminder schedule set on its page, and the job queue's sweep that sends what has come due, once."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from app.jobs import dispatch, runner
from app.mail import outbox_messages
from consultation.errors import NotAllowed, ValidationFailed
from consultation.jobs import Job, JobStatus
from consultation.people import Role
from consultation.remiss import (
    Invitation,
    InvitationStatus,
    Reminder,
    ReminderSchedule,
    ReminderStatus,
    reminder_schedule,
    reminders,
)
from consultation.timezones import STOCKHOLM, local_to_utc, to_local

from ..factories import OrganisationFactory, add_round

BUDGET_KEY = "a test key"


def sweep_and_run() -> list[int]:
    """What a worker does every JOBS_SWEEP_SECONDS: sweep, and hand on (here: run in place) what it queued."""
    queued = runner.sweep()
    for job_id in queued:
        dispatch(job_id)
    return queued


@pytest.fixture
def invitees(db_session, open_round, fjallby):
    """One invitee still to answer, one that answered, one that declined."""
    quiet = OrganisationFactory(name="Tyst kommun", email="tyst@kommun.example")
    declined = OrganisationFactory(name="Avstår AB", email="avstar@ab.example")
    db_session.add_all(
        [
            Invitation(round=open_round, organisation=quiet),
            Invitation(round=open_round, organisation=fjallby, status=InvitationStatus.RESPONDED),
            Invitation(round=open_round, organisation=declined, status=InvitationStatus.DECLINED),
        ]
    )
    db_session.commit()
    return quiet


@pytest.fixture
def admin(auth, make_user):
    """Logs the coordinator in: call it once the test's objects are made (a request ends the session they are in)."""
    user = make_user(Role.ADMIN, email="samordnare@region.example")
    return lambda: auth.login_as(user)


@pytest.fixture
def round_id(open_round) -> int:
    return open_round.id


def page(client, round_id: int) -> str:
    return " ".join(client.get(f"/admin/rundor/{round_id}").get_data(as_text=True).split())


def test_a_reminder_scheduled_a_minute_ahead_is_sent_once_to_whoever_has_not_answered(
    clock, client, auth, admin, db_session, open_round, round_id, invitees, outbox
):
    now = datetime.now(UTC)
    soon = (to_local(now) + timedelta(minutes=1)).replace(second=0, microsecond=0)
    open_round.closes_at = local_to_utc(soon.date() + timedelta(days=2), time(23, 59))
    title = open_round.title
    db_session.commit()
    admin()
    saved = auth.post(
        f"/admin/rundor/{round_id}/paminnelser",
        {"days": "2", "local_time": soon.strftime("%H:%M")},
        form_url=f"/admin/rundor/{round_id}",
    )
    assert saved.status_code == 302
    assert "Planerad" in page(client, round_id)

    assert sweep_and_run() == [] and outbox_messages(outbox) == []  # not yet: its minute has not come

    clock.move_to(soon + timedelta(seconds=1))
    assert len(sweep_and_run()) == 1
    [mail] = outbox_messages(outbox)
    assert mail["To"] == "tyst@kommun.example"
    assert mail["Subject"] == f"Påminnelse: {title}"
    assert "om 2 dagar" in mail.get_content()

    # Later sweeps, another worker's sweep, and the job run once more all send nothing more.
    clock.move_to(soon + timedelta(minutes=5))
    assert sweep_and_run() == []
    [job] = db_session.scalars(select(Job).where(Job.kind == reminder_schedule.REMINDER_JOB)).all()
    assert job.status == JobStatus.DONE
    job.status = JobStatus.QUEUED  # as if Redis handed the finished job to a second worker
    db_session.commit()
    dispatch(job.id)
    assert len(outbox_messages(outbox)) == 1
    [reminder] = db_session.scalars(select(Reminder)).all()
    assert (reminder.email, reminder.status) == ("tyst@kommun.example", ReminderStatus.SENT)

    shown = page(client, round_id)
    assert "Skickad till 1 remissinstans" in shown
    assert "Tyst kommun" in shown and "tyst@kommun.example" in shown
    assert "Fjällby kommun</th> <td>fjallby" not in shown  # the one that answered got none


def test_a_job_that_died_between_recording_and_sending_does_not_send_again(
    clock, client, admin, db_session, open_round, round_id, invitees, outbox, app
):
    from app.mail import budget

    remind_on = to_local(open_round.closes_at).date() - timedelta(days=1)
    with app.test_request_context():
        mails, _ = reminders.claim_recipients(db_session, open_round, remind_on, datetime.now(UTC), budget())
    db_session.commit()  # the rows are kept; the worker then died before sending
    assert [m.email for m in mails] == ["tyst@kommun.example"]
    with app.test_request_context():
        again, _ = reminders.claim_recipients(db_session, open_round, remind_on, datetime.now(UTC), budget())
    assert again == [] and outbox_messages(outbox) == []
    admin()
    assert "okänt om den kom fram" in page(client, round_id)


def test_changing_the_schedule_changes_what_is_planned(clock, client, auth, admin, db_session, open_round, round_id):
    open_round.closes_at = local_to_utc(date(2026, 7, 10), time(23, 59))  # the clock says 17 June 2026
    db_session.commit()
    admin()
    url = f"/admin/rundor/{round_id}/paminnelser"
    auth.post(url, {"days": "14, 7, 2", "local_time": "09:00"}, form_url=f"/admin/rundor/{round_id}")
    shown = page(client, round_id)
    for day in ("26 juni 2026 kl. 09:00", "3 juli 2026 kl. 09:00", "8 juli 2026 kl. 09:00"):
        assert day in shown
    assert 'value="14, 7, 2"' in shown

    auth.post(url, {"days": "30 3", "local_time": "10:30"}, form_url=f"/admin/rundor/{round_id}")
    schedule = db_session.get(ReminderSchedule, round_id)
    db_session.refresh(schedule)
    assert schedule.days_before == [30, 3] and schedule.local_time == time(10, 30)
    shown = page(client, round_id)
    assert "7 juli 2026 kl. 10:30" in shown and "8 juli 2026 kl. 09:00" not in shown
    # 30 days before was 10 June, before the schedule was saved: it is not sent late to everyone.
    assert "10 juni 2026 kl. 10:30" in shown and "Hoppas över" in shown
    [planned] = [o for o in _occasions(db_session, round_id) if o.state == reminder_schedule.OccasionState.PLANNED]
    assert planned.remind_on == date(2026, 7, 7)

    auth.post(url, {"days": "", "local_time": "09:00"}, form_url=f"/admin/rundor/{round_id}")
    assert db_session.get(ReminderSchedule, round_id, populate_existing=True) is None
    assert "Inga påminnelser är planerade." in page(client, round_id)


def _occasions(session, round_id):
    return reminder_schedule.reminder_overview(session, _admin(session), round_id, datetime.now(UTC)).occasions


def _admin(session):
    from consultation.people import User

    return session.scalar(select(User).where(User.email == "samordnare@region.example"))


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("14, sju, 2", "Ange dagar före sista svarsdag som heltal"),
        ("0", "mellan 1 och 365"),
        ("400", "mellan 1 och 365"),
        ("1 2 3 4 5 6 7 8 9 10 11", "högst 10"),
        ("<b>14</b>", "som heltal"),
    ],
)
def test_a_bad_schedule_is_refused_in_swedish_with_the_text_given_back(
    client, auth, admin, db_session, open_round, round_id, days, message
):
    admin()
    answer = auth.post(
        f"/admin/rundor/{round_id}/paminnelser",
        {"days": days, "local_time": "09:00"},
        form_url=f"/admin/rundor/{round_id}",
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert message in html and "Det finns fel i formuläret" in html
    assert f'value="{days.replace("<", "&lt;").replace(">", "&gt;")}"' in html
    assert db_session.get(ReminderSchedule, round_id) is None


def test_a_schedule_without_a_time_is_refused(client, auth, admin, open_round, round_id):
    admin()
    answer = auth.post(f"/admin/rundor/{round_id}/paminnelser", {"days": "7"}, form_url=f"/admin/rundor/{round_id}")
    assert answer.status_code == 422 and "Ange klockslag" in answer.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.FACILITATOR, Role.WORKING_GROUP])
def test_only_a_coordinator_sets_a_schedule(client, auth, make_user, db_session, open_round, round_id, role):
    auth.login_as(make_user(role))
    answer = auth.post(f"/admin/rundor/{round_id}/paminnelser", {"days": "7", "local_time": "09:00"}, form_url="/")
    assert answer.status_code == 403
    assert db_session.get(ReminderSchedule, round_id) is None
    user = make_user(role)
    with pytest.raises(NotAllowed):
        reminder_schedule.save_schedule(db_session, user, round_id, "7", time(9), datetime.now(UTC))
    with pytest.raises(NotAllowed):
        reminder_schedule.reminder_overview(db_session, user, round_id, datetime.now(UTC))


def test_parse_days_reads_commas_spaces_and_nothing():
    assert reminder_schedule.parse_days("14, 7,2") == [14, 7, 2]
    assert reminder_schedule.parse_days(" 2 7 7 ") == [7, 2]
    assert reminder_schedule.parse_days("") == []
    with pytest.raises(ValidationFailed):
        reminder_schedule.parse_days("7²")


# --- 09:00 Stockholm time across the daylight-saving changes --------------------------------------


def test_nine_in_stockholm_is_eight_utc_in_winter_and_seven_in_summer():
    # Summer time begins 28 March 2027 and ends 31 October 2027.
    assert reminder_schedule.due_at(date(2027, 3, 22), time(9)) == datetime(2027, 3, 22, 8, 0, tzinfo=UTC)
    assert reminder_schedule.due_at(date(2027, 4, 3), time(9)) == datetime(2027, 4, 3, 7, 0, tzinfo=UTC)
    assert reminder_schedule.due_at(date(2027, 10, 29), time(9)) == datetime(2027, 10, 29, 7, 0, tzinfo=UTC)
    assert reminder_schedule.due_at(date(2027, 11, 3), time(9)) == datetime(2027, 11, 3, 8, 0, tzinfo=UTC)
    # 02:30 does not exist on the spring day: the reminder goes when the clocks show 03:30.
    assert reminder_schedule.due_at(date(2027, 3, 28), time(2, 30)) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    # 02:30 happens twice on the autumn day: the first one.
    assert reminder_schedule.due_at(date(2027, 10, 31), time(2, 30)) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_a_summer_time_reminder_goes_at_nine_on_the_wall_clock_not_an_hour_late(
    clock, db_session, process, version, outbox, make_user
):
    clock.move_to(datetime(2027, 3, 15, 12, 0, tzinfo=UTC))  # winter time: 13:00 in Stockholm
    round_ = add_round(process, version, closes_at=local_to_utc(date(2027, 4, 5), time(12, 0)))
    late = OrganisationFactory(email="sen@kommun.example")
    db_session.add(Invitation(round=round_, organisation=late))
    reminder_schedule.save_schedule(db_session, make_user(Role.ADMIN), round_.id, "14, 2", time(9), datetime.now(UTC))
    db_session.commit()

    clock.move_to(datetime(2027, 3, 22, 7, 59, tzinfo=UTC))  # 08:59 CET
    assert sweep_and_run() == []
    clock.move_to(datetime(2027, 3, 22, 8, 0, 1, tzinfo=UTC))  # 09:00 CET
    assert len(sweep_and_run()) == 1 and len(outbox_messages(outbox)) == 1

    clock.move_to(datetime(2027, 4, 3, 6, 59, tzinfo=UTC))  # 08:59 CEST, after the change
    assert sweep_and_run() == []
    clock.move_to(datetime(2027, 4, 3, 7, 0, 1, tzinfo=UTC))  # 09:00 CEST
    assert len(sweep_and_run()) == 1
    mails = outbox_messages(outbox)
    assert len(mails) == 2 and "om 2 dagar" in mails[-1].get_content()
    sent = db_session.scalars(select(Reminder).order_by(Reminder.remind_on)).all()
    assert [to_local(r.sent_at).strftime("%Y-%m-%d %H:%M") for r in sent] == ["2027-03-22 09:00", "2027-04-03 09:00"]
    assert all(r.sent_at.astimezone(STOCKHOLM).hour == 9 for r in sent)


def test_only_the_latest_due_occasion_is_sent_after_an_outage(clock, db_session, process, version, outbox, make_user):
    round_ = add_round(process, version, closes_at=local_to_utc(date(2026, 7, 10), time(23, 59)))
    late = OrganisationFactory(email="sen@kommun.example")
    db_session.add(Invitation(round=round_, organisation=late))
    reminder_schedule.save_schedule(db_session, make_user(Role.ADMIN), round_.id, "14, 7", time(9), datetime.now(UTC))
    db_session.commit()
    clock.move_to(datetime(2026, 7, 4, 12, 0, tzinfo=UTC))  # no worker ran on 26 June nor on 3 July
    assert len(sweep_and_run()) == 1
    [mail] = outbox_messages(outbox)
    assert "om 6 dagar" in mail.get_content()


def test_a_reminder_the_mail_server_refused_is_sent_on_a_later_sweep(
    clock, db_session, process, version, outbox, make_user, monkeypatch
):
    import app.reminder_jobs

    round_ = add_round(process, version, closes_at=local_to_utc(date(2026, 7, 10), time(23, 59)))
    late = OrganisationFactory(email="sen@kommun.example")
    db_session.add(Invitation(round=round_, organisation=late))
    reminder_schedule.save_schedule(db_session, make_user(Role.ADMIN), round_.id, "7", time(9), datetime.now(UTC))
    db_session.commit()

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    with monkeypatch.context() as patched:
        patched.setattr(app.reminder_jobs, "send_mail", refuse)
        clock.move_to(datetime(2026, 7, 3, 7, 0, 1, tzinfo=UTC))
        assert len(sweep_and_run()) == 1
    assert db_session.scalars(select(Reminder)).all() == [] and outbox_messages(outbox) == []
    assert sweep_and_run() == []  # not at once: the server is given a while
    clock.move_to(datetime(2026, 7, 3, 7, 20, tzinfo=UTC))
    assert len(sweep_and_run()) == 1
    [mail] = outbox_messages(outbox)
    assert mail["To"] == "sen@kommun.example"
