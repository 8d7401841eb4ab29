from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation.base import utcnow
from consultation.errors import Conflict
from consultation.letters import sources as letter_sources
from consultation.remiss import reading
from consultation.remiss.rounds import get_round
from consultation.review import RunStatus, Theme, analysis_runs, theme_edits

from .. import jobs, labels
from ..analysis_jobs import split_by_analysis
from ..extensions import db
from ..i18n import translate
from ..page_cache import cached_page, dont_keep
from ..web import acting_user, commit_or_show_errors, form_status
from .forms import ConfirmForm, ItemsForm, MergeThemeForm, ReclusterForm, RenameThemeForm, StartAnalysisForm

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
                form, lambda: analysis_runs.start_run(db.session, acting_user(), round_id, params)
            )
        except Conflict as error:
            db.session.rollback()
            form.form_errors.append(translate(error.message))
            run = None
        if run is not None:
            jobs.dispatch(run.job_id)
            return redirect(url_for(".run", run_id=run.id))
    found = analysis_runs.list_runs(db.session, acting_user(), round_id)
    return render_template(
        "themes/runs.html", round=round_, form=form, runs=found, now=utcnow(), is_stalled=analysis_runs.is_stalled
    ), form_status(form)


def _status(run) -> dict:
    stalled = analysis_runs.is_stalled(run, utcnow())
    return {
        "status": "failed" if stalled else str(run.status),
        "stage": run.stage,
        "stage_label": str(labels.ANALYSIS_STAGES.get(run.stage, run.stage)),
        "percent": round(run.progress * 100),
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
    if analysis_runs.is_resuming(run):
        return _("Arbetsprocessen som körde analysen stannade. Analysen startar om av sig själv om en stund.")
    if run.status == RunStatus.QUEUED:
        return _("Analysen väntar på att starta.")
    return _(
        "%(stage)s – %(percent)s %% klart.",
        stage=labels.ANALYSIS_STAGES.get(run.stage, run.stage),
        percent=round(run.progress * 100),
    )


@bp.get("/analys/<int:run_id>")
@cached_page
def run(run_id: int):
    found = analysis_runs.get_run(db.session, acting_user(), run_id)
    if found.status != RunStatus.DONE:
        dont_keep()  # its progress is written by the job's heartbeat, which raises no counter
        return render_template("themes/progress.html", run=found, round=found.round, status=_status(found))
    summaries = analysis_runs.summarise(db.session, acting_user(), found)
    edits = theme_edits.history(db.session, acting_user(), run_id)
    return render_template(
        "themes/run.html",
        run=found,
        round=found.round,
        summaries=summaries,
        edits=edits,
        undoable=theme_edits.undoable(edits),
        agreement=analysis_runs.agreement(db.session, found, shaped=any(e.undone_at is None for e in edits)),
        undo_form=ConfirmForm(),
        off_topic=analysis_runs.off_topic_items(db.session, acting_user(), found),
    )


@bp.get("/analys/<int:run_id>/status")
def status(run_id: int):
    response = jsonify(_status(analysis_runs.get_run(db.session, acting_user(), run_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


# The theme page's stance filter, in the address as the Swedish word a reader sees.
STANCE_PARAMETERS = {"tillstyrker": "support", "avstyrker": "oppose", "andringar": "change", "neutral": "neutral"}


def _live_themes(run):
    return sorted((t for t in run.themes if t.merged_into_id is None), key=lambda t: (t.rank, t.id))


def _theme_page(run_id: int, theme_id: int, rename=None, merge=None, items_form=None, recluster=None, status=200):
    found = analysis_runs.get_theme(db.session, acting_user(), run_id, theme_id)
    items = analysis_runs.theme_items(db.session, found)
    balance = analysis_runs.stance_balance(items)
    by_actor_type = analysis_runs.count_actor_types(items)
    only_uncertain = request.args.get("osakra") == "1"
    if only_uncertain:
        items = [item for item in items if item.uncertain]
    stance = STANCE_PARAMETERS.get(request.args.get("installning", ""))
    if stance:
        items = analysis_runs.with_stance(items, stance)
    themes = _live_themes(found.run)
    return render_template(
        "themes/theme.html",
        run=found.run,
        round=found.run.round,
        theme=found,
        items=items,
        balance=balance,
        by_actor_type=by_actor_type,
        only_uncertain=only_uncertain,
        stance=stance,
        stance_parameters=STANCE_PARAMETERS,
        rename_form=rename or RenameThemeForm(label=found.label),
        merge_form=merge or MergeThemeForm(themes, found),
        items_form=items_form or ItemsForm(items, themes, found),
        recluster_form=recluster or ReclusterForm(),
        letter_sources=letter_sources.sources_by_comment(db.session, [i.comment_id for i in items if i.comment_id]),
    ), status


@bp.get("/analys/<int:run_id>/teman/<int:theme_id>")
@cached_page
def theme(run_id: int, theme_id: int):
    return _theme_page(run_id, theme_id)


def _edit(form, action, run_id: int, theme_id: int, done: str, **page_forms):
    """Run one theme edit and commit; on refused input show the theme page again with the messages."""
    if form.validate_on_submit():
        try:
            result = commit_or_show_errors(form, action)
        except Conflict as error:
            db.session.rollback()
            form.form_errors.append(translate(error.message))
            result = None
        if result is not None:
            flash(done, "success")
            current = db.session.get(Theme, theme_id)
            if current is None or current.merged_into_id is not None:  # merged away or undone
                return redirect(url_for(".run", run_id=run_id))
            return redirect(url_for(".theme", run_id=run_id, theme_id=theme_id))
    return _theme_page(run_id, theme_id, status=422, **page_forms)


@bp.post("/analys/<int:run_id>/teman/<int:theme_id>/namn")
def rename(run_id: int, theme_id: int):
    form = RenameThemeForm()
    return _edit(
        form,
        lambda: theme_edits.rename_theme(db.session, acting_user(), run_id, theme_id, form.label.data),
        run_id,
        theme_id,
        _("Temat har fått nytt namn."),
        rename=form,
    )


@bp.post("/analys/<int:run_id>/teman/<int:theme_id>/bekrafta-namn")
def confirm_name(run_id: int, theme_id: int):
    """Keep the analysis's name as the group's own, so that it may be published."""
    if ConfirmForm().validate_on_submit():
        try:
            theme_edits.confirm_theme_name(db.session, acting_user(), run_id, theme_id)
            db.session.commit()
            flash(_("Namnet är bekräftat och kan publiceras."), "success")
        except Conflict as error:
            db.session.rollback()
            flash(translate(error.message), "info")
    return redirect(url_for(".theme", run_id=run_id, theme_id=theme_id))


@bp.post("/analys/<int:run_id>/teman/<int:theme_id>/sla-ihop")
def merge(run_id: int, theme_id: int):
    found = analysis_runs.get_theme(db.session, acting_user(), run_id, theme_id)
    form = MergeThemeForm(_live_themes(found.run), found)
    return _edit(
        form,
        lambda: theme_edits.merge_themes(db.session, acting_user(), run_id, theme_id, [form.source.data]),
        run_id,
        theme_id,
        _("Temana är sammanslagna."),
        merge=form,
    )


@bp.post("/analys/<int:run_id>/teman/<int:theme_id>/texter")
def items(run_id: int, theme_id: int):
    """Move, split off or mark the chosen texts; which one is the button that was pressed."""
    found = analysis_runs.get_theme(db.session, acting_user(), run_id, theme_id)
    form = ItemsForm(analysis_runs.theme_items(db.session, found), _live_themes(found.run), found)
    actor, chosen = acting_user(), lambda: form.item_ids.data or []
    actions = {
        "move": (
            lambda: theme_edits.move_items(db.session, actor, run_id, chosen(), form.target.data),
            _("Texterna är flyttade."),
        ),
        "split": (
            lambda: theme_edits.split_theme(db.session, actor, run_id, theme_id, [(form.new_label.data, chosen())]),
            _("Ett nytt tema är skapat av de valda texterna."),
        ),
        "off_topic": (
            lambda: theme_edits.set_off_topic(db.session, actor, run_id, chosen(), True),
            _("Texterna är markerade som ovidkommande."),
        ),
        "on_topic": (
            lambda: theme_edits.set_off_topic(db.session, actor, run_id, chosen(), False),
            _("Texterna räknas åter i temat."),
        ),
    }
    action, done = actions.get(request.form.get("action"), actions["move"])
    return _edit(form, action, run_id, theme_id, done, items_form=form)


@bp.post("/analys/<int:run_id>/teman/<int:theme_id>/dela-automatiskt")
def recluster(run_id: int, theme_id: int):
    form = ReclusterForm()
    return _edit(
        form,
        lambda: split_by_analysis(acting_user(), run_id, theme_id, form.parts.data),
        run_id,
        theme_id,
        _("Temat är uppdelat i delteman."),
        recluster=form,
    )


@bp.post("/analys/<int:run_id>/andringar/<int:edit_id>/angra")
def undo(run_id: int, edit_id: int):
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            theme_edits.undo_edit(db.session, acting_user(), run_id, edit_id)
            db.session.commit()
            flash(_("Ändringen är ångrad."), "success")
        except Conflict as error:
            db.session.rollback()
            flash(translate(error.message), "error")
    return redirect(url_for(".run", run_id=run_id, _anchor="history"))
