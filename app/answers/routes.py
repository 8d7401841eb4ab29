"""Answering every point: the working group records a position on each comment and meeting note."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from consultation.errors import Conflict
from consultation.followup import origins
from consultation.remiss import reading
from consultation.review import analysis_runs, answer_progress, answerables, positions
from consultation.review.answerables import Subject
from consultation.review.positions import PositionConflict, PositionInput, Selection

from ..auth.routes import safe_next
from ..extensions import db
from ..i18n import translate
from ..numbers import page_number, parse_id
from ..page_cache import cached_page
from ..web import acting_user, commit_or_show_errors, form_status
from .forms import BulkPositionForm, PositionForm, UnansweredFilterForm
from .labels import DECISION_HINTS, DECISIONS

bp = Blueprint("answers", __name__)


@bp.before_request
@login_required
def _readers_only():
    reading.require_reader(acting_user())


@bp.context_processor
def _decision_labels():
    return {"decisions": DECISIONS, "decision_hints": DECISION_HINTS}


def _input(form) -> PositionInput:
    return PositionInput(form.decision.data, form.motivation.data or "", form.acted_on_section_key.data)


def _record_bulk(form: BulkPositionForm, run_id: int, selection: Selection):
    """Save one position for the selection and say what happened; None (errors on the form) if refused."""
    try:
        result = commit_or_show_errors(
            form,
            lambda: positions.record_positions(
                db.session, acting_user(), run_id, selection, _input(form), overwrite=bool(form.overwrite.data)
            ),
        )
    except Conflict as error:
        db.session.rollback()
        form.form_errors.append(translate(error.message))
        return None
    if result is not None:
        decision = str(DECISIONS[form.decision.data]).lower()  # inside a sentence
        flash(
            _("Texter som fick ställningstagandet ”%(decision)s”: %(n)s.", decision=decision, n=result.answered),
            "success",
        )
        if result.skipped:
            flash(
                _(
                    "Texter som redan hade ett annat ställningstagande och behöll det: %(n)s. Kryssa i ”Skriv över "
                    "befintliga ställningstaganden” om de också ska ändras.",
                    n=result.skipped,
                ),
                "info",
            )
    return result


def _record_one(form: PositionForm, run_id: int, subject: Subject):
    """Save the item's position: (the position, None), or (None, theirs) when a colleague saved first."""
    try:
        saved = commit_or_show_errors(
            form,
            lambda: positions.record_position(
                db.session, acting_user(), run_id, subject, _input(form), form.expected_revision
            ),
        )
    except PositionConflict as error:
        db.session.rollback()
        form.revision.data = str(error.theirs.revision)  # saving again now knowingly replaces theirs
        return None, error.theirs
    return saved, None


@bp.get("/analys/<int:run_id>/svara")
def overview(run_id: int):
    run = analysis_runs.get_run(db.session, acting_user(), run_id)
    found = answer_progress.progress(db.session, acting_user(), run_id)
    return render_template("answers/overview.html", run=run, round=run.round, progress=found)


@bp.route("/analys/<int:run_id>/teman/<int:theme_id>/svara", methods=["GET", "POST"])
def theme(run_id: int, theme_id: int):
    found = answerables.get_theme(db.session, acting_user(), run_id, theme_id)
    rows = answerables.answerables(db.session, acting_user(), run_id, theme_id=theme_id)
    form = BulkPositionForm(
        found.run.round.version.sections,
        [r.item for r in rows],
        ngettext("Temats enda text", "Alla %(num)s texter i temat", len(rows)),
    )
    if form.validate_on_submit():
        selection = (
            Selection(theme_id=theme_id)
            if form.scope.data == "all"
            else Selection(item_ids=tuple(form.item_ids.data or ()))
        )
        if _record_bulk(form, run_id, selection) is not None:
            return redirect(request.full_path if request.query_string else request.path)
    return render_template(
        "answers/items.html", run=found.run, round=found.run.round, theme=found, rows=rows, form=form, page="theme"
    ), form_status(form)


@bp.route("/analys/<int:run_id>/kampanjer/<int:campaign_id>/svara", methods=["GET", "POST"])
def campaign(run_id: int, campaign_id: int):
    found = answerables.get_campaign(db.session, acting_user(), run_id, campaign_id)
    rows = answerables.answerables(db.session, acting_user(), run_id, campaign_id=campaign_id)
    form = BulkPositionForm(found.run.round.version.sections, [], _("Hela kampanjen"))
    if form.validate_on_submit() and _record_bulk(form, run_id, Selection(campaign_id=campaign_id)) is not None:
        return redirect(request.path)
    return render_template(
        "answers/items.html",
        run=found.run,
        round=found.run.round,
        campaign=found,
        rows=rows,
        form=form,
        page="campaign",
    ), form_status(form)


@bp.route("/analys/<int:run_id>/obesvarade", methods=["GET", "POST"])
@cached_page
def unanswered(run_id: int):
    run = analysis_runs.get_run(db.session, acting_user(), run_id)
    filters = UnansweredFilterForm(run, request.args)
    selection = {"theme_id": parse_id(filters.theme.data), "section_key": filters.section.data or None}
    found = answerables.unanswered_page(
        db.session,
        acting_user(),
        run_id,
        **selection,
        page=request.args.get("sida", 1, type=page_number),
        per_page=current_app.config["LIST_PAGE_SIZE"],
    )
    form = BulkPositionForm(
        run.round.version.sections,
        [r.item for r in found.items],
        ngettext("Den enda obesvarade texten i urvalet", "Alla %(num)s obesvarade texter i urvalet", found.total),
    )
    if form.validate_on_submit():
        chosen = (
            answerables.unanswered_ids(db.session, acting_user(), run_id, **selection)
            if form.scope.data == "all"
            else (form.item_ids.data or [])
        )
        if _record_bulk(form, run_id, Selection(item_ids=tuple(chosen))) is not None:
            return redirect(request.full_path if request.query_string else request.path)
    return render_template(
        "answers/items.html",
        run=run,
        round=run.round,
        rows=found.items,
        found=found,
        form=form,
        filters=filters,
        page="unanswered",
    ), form_status(form)


@bp.route(
    "/analys/<int:run_id>/synpunkter/<int:subject_id>",
    methods=["GET", "POST"],
    endpoint="comment",
    defaults={"kind": "comment"},
)
@bp.route(
    "/analys/<int:run_id>/anteckningar/<int:subject_id>",
    methods=["GET", "POST"],
    endpoint="note",
    defaults={"kind": "note"},
)
def item(run_id: int, subject_id: int, kind: str):
    subject = Subject(kind, subject_id)
    found = answerables.get_answerable(db.session, acting_user(), run_id, subject)
    form = PositionForm.for_position(
        found.item.run.round.version.sections, found.position, request.args.get("next", "")
    )
    theirs = None
    if form.validate_on_submit():
        back = safe_next(form.next.data, request.path)
        if request.form.get("action") == "keep_theirs":
            flash(_("Kollegans ställningstagande gäller. Ditt sparades inte."), "info")
            return redirect(back)
        saved, theirs = _record_one(form, run_id, subject)
        if saved is not None:
            flash(_("Ställningstagandet är sparat."), "success")
            return redirect(back)
        found = answerables.get_answerable(db.session, acting_user(), run_id, subject)
    status = 409 if theirs is not None else form_status(form)
    return render_template(
        "answers/item.html",
        run=found.item.run,
        round=found.item.run.round,
        found=found,
        form=form,
        theirs=theirs,
        make_initiative=origins.may_make_initiatives(db.session, acting_user(), found.item.run.round.process),
    ), status
