from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation import analysis_runs, reading
from consultation.errors import Conflict
from consultation.models import RunStatus, utcnow
from consultation.rounds import get_round

from .. import labels
from ..analysis_jobs import start_job
from ..extensions import db
from ..i18n import translate
from ..web import acting_user, commit_or_show_errors, form_status
from .forms import StartAnalysisForm

bp = Blueprint("themes", __name__)


@bp.before_request
@login_required
def _readers_only():
    reading.require_reader(acting_user())


@bp.route("/rundor/<int:round_id>/analys", methods=["GET", "POST"])
def runs(round_id: int):
    round_ = get_round(db.session, round_id)
    form = StartAnalysisForm(round_.version.sections)
    if form.validate_on_submit():
        params = analysis_runs.RunParameters(
            include_notes=bool(form.include_notes.data),
            section_keys=tuple(form.sections.data or ()),
            actor_types=tuple(form.actor_types.data or ()),
            n_themes=form.n_themes.data,
        )
        try:
            run = commit_or_show_errors(
                form, lambda: analysis_runs.start_run(db.session, acting_user(), round_id, params))
        except Conflict as error:
            db.session.rollback()
            form.form_errors.append(translate(error.message))
            run = None
        if run is not None:
            start_job(run.id)
            return redirect(url_for(".run", run_id=run.id))
    found = analysis_runs.list_runs(db.session, acting_user(), round_id)
    return render_template("themes/runs.html", round=round_, form=form, runs=found, now=utcnow(),
                           is_stalled=analysis_runs.is_stalled), form_status(form)


def _status(run) -> dict:
    stalled = analysis_runs.is_stalled(run, utcnow())
    return {
        "status": "failed" if stalled else str(run.status),
        "stage": run.stage,
        "stage_label": str(labels.ANALYSIS_STAGES.get(run.stage, run.stage)),
        "percent": int(round(run.progress * 100)),
        "finished": run.finished or stalled,
        "message": status_message(run, stalled),
    }


def status_message(run, stalled: bool = False) -> str:
    if stalled or run.error == "interrupted":
        return _("Analysen avbröts (servern startades om eller stoppades). Starta en ny analys.")
    if run.status == RunStatus.FAILED:
        return _("Analysen misslyckades. Försök igen; om felet kvarstår, kontakta samordnaren.")
    if run.status == RunStatus.DONE:
        return _("Analysen är klar.")
    if run.status == RunStatus.QUEUED:
        return _("Analysen väntar på att starta.")
    return _("%(stage)s – %(percent)s %% klart.", stage=labels.ANALYSIS_STAGES.get(run.stage, run.stage),
             percent=int(round(run.progress * 100)))


@bp.get("/analys/<int:run_id>")
def run(run_id: int):
    found = analysis_runs.get_run(db.session, acting_user(), run_id)
    if found.status != RunStatus.DONE:
        return render_template("themes/progress.html", run=found, round=found.round, status=_status(found))
    summaries = analysis_runs.summarise(db.session, acting_user(), found)
    return render_template("themes/run.html", run=found, round=found.round, summaries=summaries)


@bp.get("/analys/<int:run_id>/status")
def status(run_id: int):
    response = jsonify(_status(analysis_runs.get_run(db.session, acting_user(), run_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/analys/<int:run_id>/teman/<int:theme_id>")
def theme(run_id: int, theme_id: int):
    found = analysis_runs.get_theme(db.session, acting_user(), run_id, theme_id)
    items = analysis_runs.theme_items(db.session, found)
    only_uncertain = request.args.get("osakra") == "1"
    if only_uncertain:
        items = [item for item in items if item.uncertain]
    return render_template("themes/theme.html", run=found.run, round=found.run.round, theme=found, items=items,
                           only_uncertain=only_uncertain)
