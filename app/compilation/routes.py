"""The remiss compilation (remissammanställning): web page, .docx, .xlsx, .csv, and its publication.

Registered without a URL prefix: the working group's pages live under /arbetsgrupp/..., the
published compilation and responses under /process/<code>/remiss/<round>/...
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask import Response as HttpResponse
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import login_required

from consultation.errors import Conflict
from consultation.jobs import JobStatus
from consultation.remiss import reading
from consultation.remiss.rounds import get_round
from consultation.review import (
    CompilationFile,
    Theme,
    compilation,
    compilation_files,
    feedback,
    outcome,
    public_reading,
    publication,
    readiness,
)

from ..downloads import CSV, DOCX, XLSX, attachment, audited
from ..extensions import db
from ..i18n import translate
from ..jobs import dispatch, enqueue
from ..numbers import page_number
from ..page_cache import cached_page
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


def _file_name(result: compilation.Compilation, fmt: str) -> str:
    code = re.sub(r"[^A-Za-z0-9_-]", "", result.process_code) or "remiss"
    return f"sammanstallning-{code}-{result.round_id}-{texts.ORDERS[result.order]}.{fmt}"


def _download(result: compilation.Compilation, fmt: str, file_page) -> HttpResponse:
    """The file; a large compilation's Word file comes from a job, followed on `file_page(file_id)`."""
    if fmt == "docx" and compilation_files.points_of(result) >= current_app.config["COMPILATION_FILE_JOB_FROM"]:
        found, hand_on = compilation_files.request_file(db.session, result, _locale(), acting_user())
        db.session.commit()
        if hand_on:
            dispatch(found.job_id)
            db.session.expire(found)  # the inline transport has built it already
        if found.built_at is None:
            return redirect(file_page(found.id), code=303)
        return attachment(found.data, DOCX, _file_name(result, fmt))
    # Deferred: python-docx is a tenth of the app's start-up and only a Word download needs it.
    from .documents import build_docx

    data = {"docx": build_docx, "xlsx": as_xlsx, "csv": as_csv}[fmt](result)
    return attachment(data, DOWNLOADS[fmt], _file_name(result, fmt))


def _locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def _file_status(found: CompilationFile) -> dict:
    job = found.job
    failed = found.built_at is None and (job is None or job.status == JobStatus.FAILED)
    if found.built_at is not None:
        message = _("Word-filen är klar.")
    elif failed:
        message = _("Word-filen kunde inte byggas. Försök igen; hjälper inte det, kontakta förvaltaren.")
    elif job.status == JobStatus.RUNNING:
        message = _("Word-filen byggs …")
    else:
        message = _("Word-filen väntar på att byggas …")
    return {
        "finished": found.built_at is not None or failed,
        "failed": failed,
        "percent": 100 if found.built_at is not None else round((job.progress if job is not None else 0) * 100),
        "stage_label": message,
        "message": message,
    }


def _file_page(found: CompilationFile, round_, download_url: str, again_url: str, back_url: str, public: bool):
    status = _file_status(found)
    if request.accept_mimetypes.best == "application/json":
        return status
    return render_template(
        "compilation/file.html",
        round=round_,
        file=found,
        status=status,
        download_url=download_url,
        again_url=again_url,
        back_url=back_url,
        public=public,
    )


def _file_order_args(found: CompilationFile) -> dict:
    _public, order, by_stance, _locale_name = compilation_files.parse_variant(found.variant)
    args = {"ordning": texts.ORDERS[order]}
    if by_stance:
        args["installning"] = "ja"
    return args


# --- the working group's pages -------------------------------------------------------------


def _by_stance() -> bool:
    return texts.stance_from(request.args.get("installning"))


@bp.get("/arbetsgrupp/rundor/<int:round_id>/sammanstallning", endpoint="review")
@readers_only
@cached_page
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
        compilation.build_compilation(db.session, acting_user(), round_id, order, by_stance=_by_stance()),
        fmt,
        lambda file_id: url_for("compilation.review_file", round_id=round_id, file_id=file_id),
    )
    if response.status_code != 200:  # the file is being built: its download is audited when it is taken
        return response
    return audited(response, "compilation", fmt, ("consultation_round", round_id), order=order)


@bp.get("/arbetsgrupp/rundor/<int:round_id>/sammanstallning/filer/<int:file_id>", endpoint="review_file")
@readers_only
def review_file(round_id: int, file_id: int):
    """A large compilation's Word file being built: its progress, then the download."""
    found = compilation_files.get_file(db.session, acting_user(), round_id, file_id, compilation_files.REVIEW)
    args = _file_order_args(found)
    return _file_page(
        found,
        get_round(db.session, round_id),
        url_for("compilation.review_file_download", round_id=round_id, file_id=file_id),
        url_for("compilation.review_download", round_id=round_id, fmt="docx", **args),
        url_for("compilation.review", round_id=round_id, **args),
        public=False,
    )


@bp.get("/arbetsgrupp/rundor/<int:round_id>/sammanstallning/filer/<int:file_id>.docx", endpoint="review_file_download")
@readers_only
def review_file_download(round_id: int, file_id: int):
    found = compilation_files.get_file(db.session, acting_user(), round_id, file_id, compilation_files.REVIEW)
    _for_public, order, by_stance, _locale_name = compilation_files.parse_variant(found.variant)
    result = compilation.build_compilation(db.session, acting_user(), round_id, order, by_stance=by_stance)
    again = url_for("compilation.review_download", round_id=round_id, fmt="docx", **_file_order_args(found))
    response = _built_file(found, result, again)
    if response.status_code != 200:
        return response
    return audited(response, "compilation", "docx", ("consultation_round", round_id), order=order)


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
@cached_page
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
        lambda file_id: url_for("compilation.public_file", code=code, round_id=round_id, file_id=file_id),
    )


@bp.get("/process/<code>/remiss/<int:round_id>/sammanstallning/filer/<int:file_id>", endpoint="public_file")
def public_file(code: str, round_id: int, file_id: int):
    """A large published compilation's Word file being built: its progress, then the download."""
    round_ = public_reading.published_round(db.session, code, round_id)
    found = compilation_files.get_file(db.session, acting_user(), round_.id, file_id, compilation_files.PUBLIC)
    args = _file_order_args(found)
    return _file_page(
        found,
        round_,
        url_for("compilation.public_file_download", code=code, round_id=round_id, file_id=file_id),
        url_for("compilation.public_download", code=code, round_id=round_id, fmt="docx", **args),
        url_for("compilation.public", code=code, round_id=round_id, **args),
        public=True,
    )


@bp.get(
    "/process/<code>/remiss/<int:round_id>/sammanstallning/filer/<int:file_id>.docx", endpoint="public_file_download"
)
def public_file_download(code: str, round_id: int, file_id: int):
    round_ = public_reading.published_round(db.session, code, round_id)
    found = compilation_files.get_file(db.session, acting_user(), round_.id, file_id, compilation_files.PUBLIC)
    _public, order, by_stance, _locale_name = compilation_files.parse_variant(found.variant)
    result = compilation.build_compilation(
        db.session, acting_user(), round_.id, order, for_public=True, by_stance=by_stance
    )
    again = url_for("compilation.public_download", code=code, round_id=round_id, fmt="docx", **_file_order_args(found))
    return _built_file(found, result, again)


def _built_file(found: CompilationFile, result: compilation.Compilation, again_url: str) -> HttpResponse:
    """The built file while it still shows the compilation as it stands; else a new build is asked for."""
    if found.built_at is None:
        return redirect(again_url, code=303)
    if not compilation_files.is_current(found, result, _locale()):
        flash(_("Sammanställningen har ändrats sedan filen byggdes. En ny Word-fil byggs."), "info")
        return redirect(again_url, code=303)
    return attachment(found.data, DOCX, _file_name(result, "docx"))


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
