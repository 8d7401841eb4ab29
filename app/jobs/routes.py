"""The "Bakgrundsjobb" page: what is queued, running, failed and done, who started it, and retry."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation.errors import Conflict
from consultation.jobs import JobStatus, queue

from ..extensions import db
from ..i18n import translate
from ..numbers import page_number
from ..web import acting_user
from . import dispatch, labels
from .forms import RetryJobForm

bp = Blueprint("jobs", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every jobs page needs a login; the services decide whether the person may see it."""


@bp.get("/jobb")
def jobs_page():
    actor = acting_user()
    status = request.args.get("status", "")
    chosen = JobStatus(status) if status in set(JobStatus) else None
    found = queue.list_jobs(db.session, actor, chosen, page=request.args.get("sida", 1, type=page_number))
    return render_template(
        "jobs/jobs.html",
        found=found,
        counts=queue.count_by_status(db.session, actor),
        chosen=chosen,
        labels=labels,
        retry_form=RetryJobForm(),
        translate=translate,
    )


@bp.post("/jobb/<int:job_id>/forsok-igen")
def retry(job_id: int):
    # CSRFProtect has checked the form's token before the view runs; the button carries nothing else.
    try:
        queue.retry(db.session, acting_user(), job_id)
        db.session.commit()
    except Conflict as error:
        db.session.rollback()
        flash(translate(error.message), "error")
    else:
        dispatch(job_id)
        flash(_("Jobbet är köat igen."), "success")
    return redirect(url_for(".jobs_page", status="failed"))
