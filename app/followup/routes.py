"""The follow-up pages everyone reads (per goal area, per insats) and the forms of the owner organisations."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation.followup import (
    agendas,
    goal_areas,
    initiatives,
    listing,
    origins,
    overview,
    periods,
    published,
    reporting,
)
from consultation.people import User

from ..extensions import db
from ..numbers import page_number
from ..web import acting_user, commit_or_show_errors, form_status
from .forms import InitiativeForm, ProgressForm, posted_revision

bp = Blueprint("followup", __name__)


def _followed_up(code: str):
    return goal_areas.followed_up_process(db.session, acting_user(), code)


@bp.get("/process/<code>/uppfoljning")
def overview_page(code: str):
    process, adoption = _followed_up(code)
    return render_template(
        "followup/overview.html",
        process=process,
        adoption=adoption,
        summaries=overview.summaries(db.session, process, adoption),
        own=listing.own_initiatives(db.session, acting_user(), process),
        reports=reporting.open_reports_for(db.session, acting_user(), process.id),
        published=periods.published_periods(db.session, process.id),
    )


@bp.get("/process/<code>/uppfoljning/mal/<key>")
def goal_area(code: str, key: str):
    process, adoption = _followed_up(code)
    summary = overview.goal_area_summary(
        db.session, process, adoption, key, page=request.args.get("sida", 1, type=page_number)
    )
    return render_template(
        "followup/goal_area.html",
        process=process,
        summary=summary,
        picture=published.published_picture(db.session, process.id, summary.initiatives.items),
    )


def _initiative_page(code: str, initiative_id: int, form: ProgressForm | None = None):
    initiative = initiatives.get_initiative(db.session, acting_user(), code, initiative_id)
    areas = goal_areas.goal_areas(initiative.version)
    may_report = initiatives.may_report(acting_user(), initiative)
    if form is None and may_report:
        form = ProgressForm(status=initiative.status, progress=initiative.progress, revision=str(initiative.revision))
    return render_template(
        "followup/initiative.html",
        process=initiative.process,
        initiative=initiative,
        areas=[a for a in areas if a.section_ids & {s.id for s in initiative.sections}],
        form=form if may_report else None,
        commitment=agendas.commitment_behind(db.session, initiative),
        origin=origins.origin_for_reader(db.session, acting_user(), initiative),
    ), (form_status(form) if form is not None and may_report else 200)


@bp.get("/process/<code>/uppfoljning/insats/<int:initiative_id>")
def initiative(code: str, initiative_id: int):
    return _initiative_page(code, initiative_id)


@bp.post("/process/<code>/uppfoljning/insats/<int:initiative_id>/lage")
@login_required
def report(code: str, initiative_id: int):
    found = initiatives.get_initiative(db.session, acting_user(), code, initiative_id)
    form = ProgressForm()
    if form.validate_on_submit():
        saved = commit_or_show_errors(
            form,
            lambda: initiatives.report_progress(
                db.session,
                acting_user(),
                found.id,
                form.status.data,
                form.progress.data,
                datetime.now(UTC),
                posted_revision(form.revision),
            ),
        )
        if saved is not None:
            flash(_("Läget för insatsen är sparat."), "success")
            return redirect(url_for(".initiative", code=code, initiative_id=found.id))
    elif not initiatives.may_report(acting_user(), found):
        abort(403)
    return _initiative_page(code, initiative_id, form)


def _proposal_form(adoption, user: User) -> InitiativeForm:
    """The form offers the member's own organisations only; someone with none has nothing to propose for."""
    if not user.organisations:
        abort(403)
    return InitiativeForm(goal_sections(adoption), user.organisations)


def goal_sections(adoption):
    """The sections an insats can be linked to: every section of the adopted version, in order."""
    return sorted(adoption.version.sections, key=lambda s: s.position)


@bp.route("/process/<code>/uppfoljning/foresla", methods=["GET", "POST"])
@login_required
def propose(code: str):
    process, adoption = _followed_up(code)
    user = acting_user()
    form = _proposal_form(adoption, user)
    if form.validate_on_submit():
        proposed = commit_or_show_errors(
            form,
            lambda: initiatives.propose_initiative(
                db.session, user, process.code, form.data_for_service(), datetime.now(UTC)
            ),
        )
        if proposed is not None:
            flash(_("Tack! Insatsen är föreslagen. Samordnaren granskar den innan den visas för alla."), "success")
            return redirect(url_for(".initiative", code=process.code, initiative_id=proposed.id))
    return render_template(
        "followup/edit.html", process=process, form=form, heading=_("Föreslå en insats"), action="propose"
    ), form_status(form)
