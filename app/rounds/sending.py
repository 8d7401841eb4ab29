"""Sending a round's invitations as a background job, one recipient at a time, never twice.

Each invitation is marked sent (with its new link) and committed before its mail goes out, and
the count sent so far is kept in the job's result in the same commit: a job resumed after its
worker died goes on with the invitations still unmarked and never mails anyone twice. At worst
the one mail in flight at the crash is not sent; a failed send is unmarked again, so that the
next "Skicka" sends it. The round's page reads the job's progress and result.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask_babel import force_locale
from flask_babel import gettext as _

from consultation import audit
from consultation.errors import N_, NotAllowed, msg
from consultation.jobs import Job, JobContext, queue, register
from consultation.people.access import Actor
from consultation.remiss import Invitation, outreach

from ..extensions import db
from ..mail import budget as mail_budget
from ..mail import external_url, send_mail

INVITATIONS_JOB = "remiss.invitations"


@register(INVITATIONS_JOB, max_attempts=3)
def send_invitations_job(context: JobContext) -> None:
    """Mail every invitation of the round not yet sent; the result says how many went and which did not."""
    session = context.session
    job = session.get(Job, context.job_id)
    actor = job.started_by
    if actor is None:  # the admin's account was deleted meanwhile: nobody may send in their name
        raise NotAllowed(msg(N_("Den som startade utskicket finns inte längre.")))
    round_id = int(context.parameters["round_id"])
    # Only the count survives an attempt: the held and failed ones are unsent, so this attempt meets them again.
    result = {"sent": int((job.result or {}).get("sent", 0)), "missing": [], "capped": [], "failed": []}
    budget = mail_budget()
    waiting = outreach.unsent_invitations(session, actor, round_id)
    for done, invitation_id in enumerate(waiting, start=1):
        taken = outreach.take_invitation(session, actor, invitation_id, datetime.now(UTC), budget)
        if isinstance(taken, outreach.InvitationMail):
            result["sent"] += 1
            _keep(session, job, result)  # the mark and the count, before the mail goes out
            if not _send(taken):
                taken.invitation.sent_at = None  # so that the next attempt sends it again
                result["sent"] -= 1
                result["failed"].append(taken.organisation.name)
                _keep(session, job, result)
        elif taken is not None:
            name = session.get(Invitation, invitation_id).organisation.name
            result["missing" if taken == outreach.Held.NO_ADDRESS else "capped"].append(name)
        context.progress(done / len(waiting))
    audit.record(
        session,
        audit.Action.INVITATIONS_SENT,
        actor,
        ("consultation_round", round_id),
        {
            "sent": result["sent"],
            "failed": len(result["failed"]),
            "without_email": len(result["missing"]),
            "over_mail_cap": len(result["capped"]),
        },
    )
    job.result = dict(result)  # committed with the job's finish


def start_sending(actor: Actor, round_id: int) -> Job:
    """Queue the round's invitations for sending (the row is committed before a worker is told)."""
    from .. import jobs

    outreach.unsent_invitations(db.session, actor, round_id)  # the admin check, before a job exists
    return jobs.enqueue(INVITATIONS_JOB, {"round_id": round_id}, started_by=actor)


def latest_sending(actor: Actor, round_id: int) -> Job | None:
    """The round's most recent sending job, for its page."""
    return queue.latest_job(db.session, actor, INVITATIONS_JOB, "round_id", round_id)


def _send(mail: outreach.InvitationMail) -> bool:
    try:
        with force_locale("sv"):  # to the invited, in Swedish whatever language the admin's page had
            send_mail(
                mail.email,
                _("Inbjudan att lämna remissvar: %(title)s", title=mail.round.title),
                "invitation",
                mail=mail,
                link=external_url("accounts.accept", token=mail.token),
            )
    except OSError:
        return False
    return True


def _keep(session, job: Job, result: dict) -> None:
    job.result = {key: list(value) if isinstance(value, list) else value for key, value in result.items()}
    session.commit()
