"""Letters on the web: attach one to a response, have it read, review its excerpts, confirm, download the original."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import quote

from flask import Blueprint, Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required

from consultation.errors import Conflict, ValidationFailed
from consultation.jobs import JobStatus
from consultation.letters import LetterStatus, files, reading, review
from consultation.remiss import responses
from consultation.remiss.rounds import RoundClosed, RoundNotOpen

from ..extensions import db
from ..i18n import translate
from ..jobs import dispatch
from ..remiss.forms import ConfirmForm
from ..web import acting_user, commit_or_show_errors, form_status
from .forms import LetterForm

bp = Blueprint("letters", __name__)

REFUSALS = (RoundClosed, RoundNotOpen, ValidationFailed, Conflict)


LETTER_STATES = {
    LetterStatus.UPLOADED: _l("bifogat, inte inläst"),
    LetterStatus.READING: _l("läses in"),
    LetterStatus.READ: _l("inläst, väntar på din granskning"),
    LetterStatus.FAILED: _l("kunde inte läsas"),
    LetterStatus.CONFIRMED: _l("synpunkterna är införda i svaret"),
}


@bp.app_context_processor
def letter_labels() -> dict:
    return {"letter_states": LETTER_STATES}


def now() -> datetime:
    return datetime.now(UTC)


def _refusal_text(error) -> str:
    if isinstance(error, ValidationFailed):
        return " ".join(translate(m) for messages in error.errors.values() for m in messages)
    return translate(error.message)


@bp.route("/svar/<int:response_id>/brev", methods=["GET", "POST"])
@login_required
def attach(response_id: int):
    """ "Bifoga brev": the organisation's letter, with the decision behind it."""
    user = acting_user()
    response = responses.get_own_response(db.session, user, response_id)
    form = LetterForm()
    if form.validate_on_submit():
        upload = request.files.get("file")
        if not upload or not upload.filename:
            form.file.errors = [_("Välj brevet att ladda upp.")]
        else:
            data = upload.read(files.MAX_LETTER_BYTES + 1)
            decision = files.Decision(
                form.decision_body.data or "", form.decision_date.data, form.decision_paragraph.data or ""
            )
            try:
                letter = commit_or_show_errors(
                    form,
                    lambda: files.attach_letter(db.session, user, response.id, upload.filename, data, now(), decision),
                )
            except (RoundClosed, RoundNotOpen) as error:
                db.session.rollback()
                form.form_errors.append(translate(error.message))
                letter = None
            if letter is not None:
                flash(_("Brevet %(name)s är bifogat.", name=letter.filename), "success")
                return redirect(url_for(".show", letter_id=letter.id))
    return render_template("letters/attach.html", response=response, form=form), form_status(form)


@bp.post("/brev/<int:letter_id>/las-in")
@login_required
def read(letter_id: int):
    """ "Läs in synpunkterna ur brevet": queued as a job; the letter's page follows it."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        job = reading.queue_reading(db.session, acting_user(), letter_id, now())
        db.session.commit()
    except REFUSALS as error:
        db.session.rollback()
        flash(_refusal_text(error), "error")
        return redirect(url_for(".show", letter_id=letter_id))
    dispatch(job.id)
    return redirect(url_for(".show", letter_id=letter_id))


def _progress(letter) -> dict:
    job = letter.job
    finished = letter.status != LetterStatus.READING or (job is not None and job.status == JobStatus.FAILED)
    percent = round(100 * (job.progress if job is not None else 0))
    return {"finished": finished, "percent": percent, "status": str(letter.status)}


@bp.get("/brev/<int:letter_id>")
@login_required
def show(letter_id: int):
    """The letter: its reading's progress, or its excerpts to review beside the letter's text, or what became of them."""
    letter = files.get_own_letter(db.session, acting_user(), letter_id)
    response = letter.response
    sections = list(response.round.version.sections)
    return render_template(
        "letters/letter.html",
        letter=letter,
        response=response,
        sections=sections,
        progress=_progress(letter),
        is_open=responses.is_writable(response, now()),
        target_of=review.target_of,
        form=ConfirmForm(),
    )


@bp.get("/brev/<int:letter_id>/forlopp")
@login_required
def status(letter_id: int):
    letter = files.get_own_letter(db.session, acting_user(), letter_id)
    return jsonify(_progress(letter))


@bp.post("/brev/<int:letter_id>/utdrag/<int:excerpt_id>")
@login_required
def change_excerpt(letter_id: int, excerpt_id: int):
    """One change to one excerpt: its target, merged with the one before, or split at a paragraph."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user, action = acting_user(), request.form.get("action", "target")
    try:
        if action == "merge":
            review.merge_with_previous(db.session, user, letter_id, excerpt_id, now())
        elif action == "split":
            at = request.form.get(f"split-{excerpt_id}", "")
            review.split_excerpt(db.session, user, letter_id, excerpt_id, int(at) if at.isdigit() else 0, now())
        else:
            review.set_target(
                db.session, user, letter_id, excerpt_id, request.form.get(f"target-{excerpt_id}", ""), now()
            )
        db.session.commit()
    except REFUSALS as error:
        db.session.rollback()
        flash(_refusal_text(error), "error")
    return redirect(url_for(".show", letter_id=letter_id) + f"#excerpt-{excerpt_id}")


@bp.post("/brev/<int:letter_id>/bekrafta")
@login_required
def confirm(letter_id: int):
    """The excerpts become the response's comments; the response page shows them to edit and submit."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    letter = files.get_own_letter(db.session, acting_user(), letter_id)
    try:
        count = review.confirm_letter(db.session, acting_user(), letter_id, now())
        db.session.commit()
    except REFUSALS as error:
        db.session.rollback()
        flash(_refusal_text(error), "error")
        return redirect(url_for(".show", letter_id=letter_id))
    flash(
        ngettext(
            "Synpunkterna ur brevet finns nu i svaret (%(num)s avsnitt). Läs igenom dem och skicka in svaret.",
            "Synpunkterna ur brevet finns nu i svaret (%(num)s avsnitt). Läs igenom dem och skicka in svaret.",
            count,
        ),
        "success",
    )
    return redirect(url_for("remiss.edit", response_id=letter.response_id))


@bp.get("/brev/<int:letter_id>/original")
@login_required
def original(letter_id: int):
    """The letter as received. A PDF opens in the browser (so that #page=3 works) with script and plugins of
    its own forbidden; Word and OpenDocument files are always downloads."""
    letter, data = files.original(db.session, acting_user(), letter_id)
    download = Response(data, mimetype=files.CONTENT_TYPES[letter.kind])
    disposition = "inline" if letter.kind == "pdf" else "attachment"
    download.headers["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(letter.filename, safe='')}"
    download.headers["X-Content-Type-Options"] = "nosniff"
    download.headers["Content-Security-Policy"] = (
        "default-src 'none'; frame-ancestors 'self'" if letter.kind == "pdf" else "sandbox; default-src 'none'"
    )
    download.headers["Cache-Control"] = "private, no-store"
    return download
