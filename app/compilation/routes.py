"""The remiss compilation (remissammanställning): web page, .docx, .xlsx, .csv, and its publication.

Registered without a URL prefix: the working group's pages live under /arbetsgrupp/..., the
published compilation and responses under /process/<code>/remiss/<round>/...
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask import Response as HttpResponse
from flask_babel import gettext as _
from flask_login import login_required

from consultation.errors import Conflict
from consultation.remiss import reading
from consultation.remiss.rounds import get_round
from consultation.review import Theme, compilation, feedback, outcome, public_reading, publication, readiness

from ..downloads import CSV, DOCX, XLSX, attachment, audited
from ..extensions import db
from ..i18n import translate
from ..jobs import enqueue
from ..numbers import page_number
from ..web import acting_user, commit_or_show_errors, form_status
from . import feedback as feedback_jobs
from . import texts
from .forms import ConfirmForm, PublishForm, RedactionForm, SummaryForm
from .tables import as_csv, as_xlsx

bp = Blueprint("compilation", __name__)

DOWNLOADS = {"docx": DOCX, "xlsx": XLSX, "csv": CSV}


def readers_only(view):
    """Signed in, and in the working group or an admin."""

    @wraps(view)
    @login_required
    def wrapper(*args, **kwargs):
        reading.require_reader(acting_user())
        return view(*args, **kwargs)

    return wrapper


def _download(result: compilation.Compilation, fmt: str) -> HttpResponse:
    # Deferred: python-docx is a tenth of the app's start-up and only a Word download needs it.
    from .documents import build_docx

    data = {"docx": build_docx, "xlsx": as_xlsx, "csv": as_csv}[fmt](result)
    code = re.sub(r"[^A-Za-z0-9_-]", "", result.process_code) or "remiss"
    name = f"sammanstallning-{code}-{result.round_id}-{texts.ORDERS[result.order]}.{fmt}"
    return attachment(data, DOWNLOADS[fmt], name)


# --- the working group's pages -------------------------------------------------------------


def _by_stance() -> bool:
    return texts.stance_from(request.args.get("installning"))


@bp.get("/arbetsgrupp/rundor/<int:round_id>/sammanstallning", endpoint="review")
@readers_only
def review(round_id: int):
    order = texts.order_from(request.args.get("ordning"))
    result = compilation.build_compilation(db.session, acting_user(), round_id, order, by_stance=_by_stance())
    return render_template(
        "compilation/review.html",
        round=get_round(db.session, round_id),
        compilation=result,
        summary_form=SummaryForm(),
        confirm_form=ConfirmForm(),
        now=datetime.now(UTC),
    )


@bp.get("/arbetsgrupp/rundor/<int:round_id>/sammanstallning.<any(docx, xlsx, csv):fmt>", endpoint="review_download")
@readers_only
def review_download(round_id: int, fmt: str):
    order = texts.order_from(request.args.get("ordning"))
    response = _download(
        compilation.build_compilation(db.session, acting_user(), round_id, order, by_stance=_by_stance()), fmt
    )
    return audited(response, "compilation", fmt, ("consultation_round", round_id), order=order)


def _summary_page(round_id: int, group_title: str, current, save, back_url: str):
    """Edit one summary; a save over a newer text keeps the typed text and shows the newer one."""
    form = SummaryForm()
    if request.method == "GET":
        form.text.data, revision = current()
        form.revision.data = str(revision)
    newer_text, status = None, None
    if form.validate_on_submit():
        try:
            if commit_or_show_errors(form, lambda: save(form.text.data or "", form.revision_number)) is not None:
                flash(_("Sammanfattningen är sparad."), "success")
                return redirect(back_url)
        except Conflict as error:
            db.session.rollback()
            form.form_errors.append(translate(error.message))
            newer_text, revision = current()
            form.revision.data, status = str(revision), 409
    return render_template(
        "compilation/summary.html",
        round=get_round(db.session, round_id),
        form=form,
        group_title=group_title,
        newer_text=newer_text,
        back_url=back_url,
    ), status or form_status(form)


@bp.route(
    "/arbetsgrupp/rundor/<int:round_id>/sammanstallning/avsnitt/<section_key>/sammanfattning",
    methods=["GET", "POST"],
    endpoint="section_summary",
)
@readers_only
def section_summary(round_id: int, section_key: str):
    round_ = get_round(db.session, round_id)
    section = next((s for s in round_.version.sections if s.key == section_key), None)
    if section is None and section_key != compilation.WHOLE:
        abort(404)

    def current():
        found = publication.section_summary(db.session, round_id, section_key)
        return (found.text, found.revision) if found else ("", 0)

    return _summary_page(
        round_id,
        section.title if section else _("Förslaget som helhet"),
        current,
        lambda text, revision: publication.save_section_summary(
            db.session, acting_user(), round_id, section_key, text, revision
        ),
        url_for(".review", round_id=round_id, ordning="avsnitt", _anchor=f"group-section-{section_key}"),
    )


@bp.route(
    "/arbetsgrupp/rundor/<int:round_id>/sammanstallning/teman/<int:theme_id>/sammanfattning",
    methods=["GET", "POST"],
    endpoint="theme_summary",
)
@readers_only
def theme_summary(round_id: int, theme_id: int):
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.run.round_id != round_id or theme.merged_into_id is not None:
        abort(404)

    def current():
        db.session.refresh(theme)
        return theme.summary or "", theme.summary_revision

    return _summary_page(
        round_id,
        theme.label,
        current,
        lambda text, revision: publication.save_theme_summary(db.session, acting_user(), theme_id, text, revision),
        url_for(".review", round_id=round_id, ordning="tema", _anchor=f"group-theme-{theme_id}"),
    )


@bp.route("/arbetsgrupp/rundor/<int:round_id>/sammanstallning/publicera", methods=["GET", "POST"], endpoint="publish")
@login_required
def publish(round_id: int):
    """The readiness page; the admin publishes only from it, with what it showed."""
    form, now = PublishForm(), datetime.now(UTC)
    if form.validate_on_submit():
        try:
            done = commit_or_show_errors(
                form,
                lambda: publication.publish_compilation(db.session, acting_user(), round_id, now, form.checked()),
            )
        except (publication.RoundStillOpen, publication.NotChecked, Conflict) as error:
            db.session.rollback()
            form.form_errors.append(translate(error.message))
            done = None
        if done is not None:
            # Committed: now every respondent is told what became of their points, once per publication.
            enqueue(feedback_jobs.KIND, feedback_jobs.parameters(done), started_by=acting_user())
            flash(
                _(
                    "Sammanställningen och remissvaren är publicerade på processens sida. Alla som svarat får"
                    " ett e-postmeddelande om hur deras synpunkter har hanterats."
                ),
                "success",
            )
            return redirect(url_for(".review", round_id=round_id, _anchor="publication"))
    found = readiness.readiness(db.session, acting_user(), round_id, now, page_number(request.args.get("sida")))
    form.show(found)
    return render_template("compilation/readiness.html", round=found.round, readiness=found, form=form), form_status(
        form
    )


@bp.get("/svar/<int:response_id>/hantering", endpoint="feedback")
@login_required
def feedback_page(response_id: int):
    """ "Era synpunkter och hur de har hanterats": for the respondent, the working group and admins."""
    found = feedback.feedback_for_response(db.session, acting_user(), response_id)
    return render_template("compilation/feedback.html", feedback=found)


@bp.post("/arbetsgrupp/rundor/<int:round_id>/sammanstallning/avpublicera", endpoint="unpublish")
@login_required
def unpublish(round_id: int):
    if ConfirmForm().validate_on_submit():
        publication.unpublish_compilation(db.session, acting_user(), round_id)
        db.session.commit()
        flash(_("Sammanställningen och remissvaren är inte längre publicerade."), "success")
    return redirect(url_for(".review", round_id=round_id, _anchor="publication"))


@bp.route("/arbetsgrupp/synpunkter/<int:comment_id>/maskering", methods=["GET", "POST"], endpoint="redact")
@login_required
def redact(comment_id: int):
    form = RedactionForm()
    if form.validate_on_submit():
        try:
            done = commit_or_show_errors(
                form,
                lambda: publication.redact_passage(
                    db.session, acting_user(), comment_id, form.passage.data, form.reason.data, datetime.now(UTC)
                ),
            )
        except publication.RoundStillOpen as error:
            db.session.rollback()
            form.form_errors.append(translate(error.message))
            done = None
        if done is not None:
            flash(_("Stycket är borttaget ur den publicerade texten. Originalet finns kvar i arkivet."), "success")
            return redirect(url_for(".redact", comment_id=comment_id))
    comment, current, redactions = publication.redactions_of(db.session, acting_user(), comment_id)
    return render_template(
        "compilation/redact.html",
        comment=comment,
        current=current,
        redactions=redactions,
        form=form,
        round=comment.response.round,
        round_open=datetime.now(UTC) < comment.response.round.closes_at,
    ), form_status(form)


# --- the public pages ----------------------------------------------------------------------


@bp.get("/process/<code>/remiss/<int:round_id>/sammanstallning", endpoint="public")
def public(code: str, round_id: int):
    round_ = public_reading.published_round(db.session, code, round_id)
    order = texts.order_from(request.args.get("ordning"))
    result = compilation.build_compilation(
        db.session, acting_user(), round_.id, order, for_public=True, by_stance=_by_stance()
    )
    return render_template("compilation/public.html", round=round_, compilation=result)


@bp.get("/process/<code>/remiss/<int:round_id>/sammanstallning.<any(docx, xlsx, csv):fmt>", endpoint="public_download")
def public_download(code: str, round_id: int, fmt: str):
    round_ = public_reading.published_round(db.session, code, round_id)
    order = texts.order_from(request.args.get("ordning"))
    return _download(
        compilation.build_compilation(
            db.session, acting_user(), round_.id, order, for_public=True, by_stance=_by_stance()
        ),
        fmt,
    )


@bp.get("/process/<code>/remiss/<int:round_id>/vi-gjorde", endpoint="outcome")
def outcome_page(code: str, round_id: int):
    """ "Vi frågade, ni svarade, vi gjorde": per section, what came in and what became of it."""
    found = outcome.round_outcome(db.session, code, round_id)
    return render_template("compilation/outcome.html", round=found.round, outcome=found)


@bp.get("/process/<code>/remiss/<int:round_id>/svar", endpoint="public_responses")
def public_responses(code: str, round_id: int):
    round_ = public_reading.published_round(db.session, code, round_id)
    return render_template(
        "compilation/public_responses.html",
        round=round_,
        responses=public_reading.published_responses(db.session, round_),
    )


@bp.get("/process/<code>/remiss/<int:round_id>/svar/<int:response_id>", endpoint="public_response")
def public_response(code: str, round_id: int, response_id: int):
    round_ = public_reading.published_round(db.session, code, round_id)
    return render_template(
        "compilation/public_response.html",
        round=round_,
        response=public_reading.published_response(db.session, round_, response_id),
    )


@bp.context_processor
def _helpers():
    return {"texts": texts}
