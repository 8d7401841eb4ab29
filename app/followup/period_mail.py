"""Mail about a reporting period as a background job: the opening, the schedule's reminders, the re-send.

Each notice row is committed before its mail goes out (`periods.claim_notices`), so that a job resumed
after its worker died, or handed on twice, mails no organisation twice for the same occasion; a mail
the server refuses is released again, for the next attempt. The job queue's sweep asks
`periods.queue_due_reminders` for the reminder dates that have come.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from consultation.errors import N_, NotFound, msg
from consultation.followup import ReportingPeriod, periods
from consultation.followup.models import NoticeKind
from consultation.jobs import Job, JobContext, register, registry

from ..mail import budget, external_url, send_mail

log = logging.getLogger(__name__)

SUBJECTS = {
    NoticeKind.OPENING: N_("Dags att rapportera: %(name)s"),
    NoticeKind.REMINDER: N_("Påminnelse: %(name)s"),
    NoticeKind.RESEND: N_("Påminnelse: %(name)s"),
}


def send_notice(mail: periods.NoticeMail) -> None:
    """Render and send one notice, in Swedish; raises OSError when the mail server does not take it."""
    period = mail.period
    link = external_url(
        "followup_reports.report_page",
        code=period.process.code,
        period_id=period.id,
        organisation_id=mail.organisation.id,
    )
    join_link = None
    if mail.join_token is not None:  # no account in the organisation yet: make one, then on to the report
        report_path = urlsplit(link).path
        join_link = external_url("accounts.accept", token=mail.join_token, next=report_path)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]), force_locale("sv"):
        send_mail(
            mail.email,
            _(SUBJECTS[mail.kind], name=period.name),
            "period_notice",
            mail=mail,
            link=link,
            join_link=join_link,
        )


@register(periods.PERIOD_MAIL_JOB, max_attempts=3)
def period_mail_job(context: JobContext) -> None:
    """Mail every owner organisation this occasion is for and that has not had it; the result counts them."""
    session = context.session
    period = session.get(ReportingPeriod, int(context.parameters["period_id"]))
    if period is None:
        raise NotFound(msg(N_("Uppföljningsperioden finns inte.")))
    occasion = str(context.parameters["occasion"])
    mails, missing, capped = periods.claim_notices(session, period, occasion, datetime.now(UTC), budget())
    session.commit()  # the rows first: from here on a second run of this job skips these organisations
    failed = []
    for done, mail in enumerate(mails, start=1):
        try:
            send_notice(mail)
            delivered = True
        except OSError:
            delivered = False
            log.warning("Period notice to %s for period %s not sent", mail.email, period.id, exc_info=True)
        session.rollback()  # end the template's read, so the write below starts its own transaction
        if delivered:
            periods.mark_sent(session, mail.notice_id, datetime.now(UTC))
        else:
            failed.append(mail.organisation.name)
            periods.release(session, mail.notice_id)
        session.commit()
        context.progress(done / len(mails))
    job = session.get(Job, context.job_id)
    job.result = {
        "sent": len(mails) - len(failed),
        "failed": failed,
        "missing": [o.name for o in missing],
        "capped": [o.name for o in capped],
    }


registry.schedule(periods.PERIOD_MAIL_JOB, periods.queue_due_reminders)
