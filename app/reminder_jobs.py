"""A round's scheduled reminders as a background job, and the one way a reminder mail is sent.

The job queue's sweep (the web process's worker thread, or `flask jobs worker` with Redis) asks
`reminder_schedule.queue_due_reminders` for the occasions that have come and queues one job each;
the job records a reminder row per invitee and commits it before the mail goes out, so that a job
resumed after its worker died, or handed on twice, sends no one a second reminder for that date.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from flask_babel import gettext as _

from consultation.jobs import JobContext, register, registry
from consultation.remiss import reminder_schedule, reminders
from consultation.remiss.rounds import get_round

from .mail import budget, external_url, send_mail

log = logging.getLogger(__name__)

FAILED_SEND_WAIT = timedelta(minutes=15)  # an SMTP failure: those not reached are tried again this much later


def send_reminder(mail: reminders.ReminderMail) -> None:
    """Render and send one reminder; raises OSError when the mail server does not take it."""
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):  # for the templates
        send_mail(
            mail.email,
            _("Påminnelse: %(title)s", title=mail.round.title),
            "reminder",
            mail=mail,
            link=external_url("remiss.round_page", round_id=mail.round.id),
        )


@register(reminder_schedule.REMINDER_JOB, max_attempts=3)
def reminder_job(context: JobContext) -> None:
    """Send the occasion's reminders to every invitee without an answer that has none for that date yet."""
    session = context.session
    round_id, remind_on = int(context.parameters["round_id"]), date.fromisoformat(context.parameters["remind_on"])
    now = datetime.now(UTC)
    reminder_schedule.hold_back(session, round_id, remind_on, None)  # a write first: see hold_back
    mails, capped = reminders.claim_recipients(session, get_round(session, round_id), remind_on, now, budget())
    if capped:
        reminder_schedule.hold_back(session, round_id, remind_on, now + reminder_schedule.HELD_BACK_WAIT)
    session.commit()  # the rows first: from here on a second run of this job skips these invitees
    failed = 0
    for done, mail in enumerate(mails, start=1):
        try:
            send_reminder(mail)
            delivered = True
        except OSError:
            delivered = False
            log.warning("Reminder to %s for round %s not sent", mail.email, round_id, exc_info=True)
        # The mail's template read the round and organisation: end that read, so that the write below
        # begins a transaction of its own (on SQLite a read cannot turn into a write once another
        # connection, e.g. a heartbeat, has committed; a first write waits its turn).
        session.rollback()
        if delivered:
            reminders.mark_sent(session, mail.reminder_id, datetime.now(UTC))
        else:
            failed += 1
            reminders.release(session, mail.reminder_id)
        session.commit()
        context.progress(done / len(mails))
    if failed:
        reminder_schedule.hold_back(session, round_id, remind_on, datetime.now(UTC) + FAILED_SEND_WAIT)
    log.info(
        "Reminders for round %s on %s: %s sent, %s failed, %s held back",
        round_id,
        remind_on,
        len(mails) - failed,
        failed,
        len(capped),
    )


registry.schedule(reminder_schedule.REMINDER_JOB, reminder_schedule.queue_due_reminders)
