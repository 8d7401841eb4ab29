"""Telling respondents what became of their points: the job that mails them once per publication.

The publish view queues `feedback_mail` after its commit; any worker runs it. Each mail is recorded
and committed as it goes out (consultation/review/feedback), so a run taken up again after a
worker died mails only those not yet recorded. An address over the day's cap on round mail is left
for a later run: publishing again, or the retry on the job's page, sends what is still due.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import current_app
from flask_babel import gettext as _

from consultation import audit
from consultation.jobs import JobContext, register
from consultation.remiss.models import ConsultationRound
from consultation.review import feedback

from ..mail import budget, external_url, send_mail, short_name

KIND = "feedback_mail"


def parameters(round_: ConsultationRound) -> dict:
    return {"round_id": round_.id, "published_at": round_.compilation_published_at.isoformat()}


@register(KIND, max_attempts=5)
def feedback_mail_job(context: JobContext) -> None:
    session = context.session
    round_id = context.parameters["round_id"]
    published_at = datetime.fromisoformat(context.parameters["published_at"])
    due = feedback.feedback_due(session, round_id, published_at)
    round_ = session.get(ConsultationRound, round_id)
    # Outside a request in a worker: the mail is in the platform's language, not the publisher's.
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        sent, capped = _send(context, due, published_at, round_)
    if due:
        audit.record(
            session, audit.Action.FEEDBACK_MAILED, None, round_, {"sent": sent, "over_cap": capped, "due": len(due)}
        )


def _send(
    context: JobContext, due: list[feedback.FeedbackMailDue], published_at: datetime, round_: ConsultationRound
) -> tuple[int, int]:
    """Mail each in turn, each committed with its record; (sent, left for later because over the cap)."""
    session, allowance, sent, capped = context.session, budget(), 0, 0
    for done, item in enumerate(due, start=1):
        if not feedback.record_feedback_mail(session, allowance, item, published_at, datetime.now(UTC)):
            capped += 1
            continue
        send_mail(
            item.email,
            _("Så har era synpunkter hanterats: %(title)s", title=short_name(round_.title)),
            "feedback",
            round=round_,
            reference=item.reference,
            link=external_url("compilation.feedback", response_id=item.response_id),
        )
        session.commit()  # recorded as sent with the send: a run taken up again skips it
        sent += 1
        context.progress(done / len(due))
    return sent, capped
