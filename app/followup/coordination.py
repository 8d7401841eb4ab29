"""The coordinator's follow-up pages: every insats by approval state, approving, editing, import and export."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required
from sqlalchemy import select

from consultation.collation import swedish_sorted
from consultation.errors import ValidationFailed
from consultation.followup import Approval, initiatives, listing, origins, sheets
from consultation.people import Organisation
from consultation.people.access import require_admin

from .. import uploads
from ..downloads import XLSX, attachment, audited
from ..exports import to_xlsx
from ..extensions import db
from ..i18n import translate
from ..numbers import page_number
from ..web import acting_user, commit_or_show_errors, form_status, show_domain_errors
from .forms import ConfirmForm, InitiativeForm, InitiativeUploadForm, posted_revision
from .routes import _followed_up, goal_sections

bp = Blueprint("followup_admin", __name__)

# The filter's words in the address bar, and the approval states they stand for.
FILTERS = {"foreslagna": Approval.PROPOSED, "godkanda": Approval.APPROVED, "avslagna": Approval.REJECTED}


@bp.before_request
@login_required
def _coordinators_only():
    require_admin(acting_user())


def _organisations():
    return swedish_sorted(
        db.session.scalars(select(Organisation).where(Organisation.approved.is_(True))), key=lambda o: o.name
    )


@bp.get("/processer/<code>/uppfoljning")
def list_page(code: str):
    process, _adoption = _followed_up(code)
    state = request.args.get("visa", "")
    found = listing.coordinator_page(
        db.session, acting_user(), process, FILTERS.get(state), page=request.args.get("sida", 1, type=page_number)
    )
    return render_template(
        "followup/admin_list.html",
        process=process,
        initiatives=found,
        state=state if state in FILTERS else "",
        filters=FILTERS,
        confirm_form=ConfirmForm(),
    )


@bp.route("/processer/<code>/uppfoljning/ny", methods=["GET", "POST"])
def create(code: str):
    process, adoption = _followed_up(code)
    form = InitiativeForm(goal_sections(adoption), _organisations())
    if form.validate_on_submit():
        created = commit_or_show_errors(
            form,
            lambda: initiatives.create_initiative(
                db.session,
                acting_user(),
                process.code,
                form.data_for_service(),
                datetime.now(UTC),
                form.origin_choice(),
            ),
        )
        if created is not None:
            flash(_("Insatsen är sparad och godkänd."), "success")
            return redirect(url_for(".list_page", code=process.code))
    # Shown beside the form: the source a "Gör till insats" link names, or the one a refused form carried.
    origin = _linked_origin(process, adoption, form) if request.method == "GET" else _posted_origin(process, form)
    return render_template(
        "followup/edit.html",
        process=process,
        form=form,
        heading=_("Ny insats"),
        action="create",
        origin=origins.coordinator_view(origin),
    ), form_status(form)


def _linked_origin(process, adoption, form: InitiativeForm):
    """ "Gör till insats" on a remiss point or a meeting note opens the form filled in from it."""
    form.origin_comment.data = request.args.get("synpunkt", "")
    form.origin_note.data = request.args.get("anteckning", "")
    try:
        origin = origins.find_origin(db.session, process, form.origin_choice())
    except ValidationFailed as error:
        show_domain_errors(form, error)
        form.origin_comment.data = form.origin_note.data = ""
        return None
    if origin is not None:
        form.fill_from_data(initiatives.proposal_from(origin, adoption))
    return origin


def _posted_origin(process, form: InitiativeForm):
    """The source a posted form named, to show beside the form again (None if it names none that exists)."""
    try:
        return origins.find_origin(db.session, process, form.origin_choice())
    except ValidationFailed:
        return None


@bp.route("/processer/<code>/uppfoljning/insatser/<int:initiative_id>", methods=["GET", "POST"])
def edit(code: str, initiative_id: int):
    found = initiatives.get_initiative(db.session, acting_user(), code, initiative_id)
    process, adoption = _followed_up(code)
    form = InitiativeForm(goal_sections(adoption), _organisations())
    if request.method == "GET":
        form.fill_from(found)
    elif form.validate_on_submit():
        saved = commit_or_show_errors(
            form,
            lambda: initiatives.edit_initiative(
                db.session,
                acting_user(),
                found.id,
                form.data_for_service(),
                datetime.now(UTC),
                posted_revision(form.revision),
                keep_origin=not form.drop_origin.data,
            ),
        )
        if saved is not None:
            flash(_("Ändringarna är sparade."), "success")
            return redirect(url_for(".list_page", code=process.code))
    return render_template(
        "followup/edit.html",
        process=process,
        form=form,
        initiative=found,
        heading=_("Ändra insats"),
        action="edit",
        origin=origins.coordinator_view(origins.origin_of(db.session, found)),
        confirm_form=ConfirmForm(),
    ), form_status(form)


@bp.post("/processer/<code>/uppfoljning/insatser/<int:initiative_id>/<any(godkann, avsla):decision>")
def decide(code: str, initiative_id: int, decision: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    found = initiatives.get_initiative(db.session, acting_user(), code, initiative_id)
    if decision == "godkann":
        initiatives.approve_initiative(db.session, acting_user(), found.id, datetime.now(UTC))
        flash(_("Insatsen %(title)s är godkänd och syns nu för alla.", title=found.title), "success")
    else:
        initiatives.reject_initiative(db.session, acting_user(), found.id, datetime.now(UTC))
        flash(_("Insatsen %(title)s är avslagen.", title=found.title), "success")
    db.session.commit()
    return redirect(url_for(".list_page", code=code, visa=request.args.get("visa") or None))


@bp.route("/processer/<code>/uppfoljning/importera", methods=["GET", "POST"])
def import_page(code: str):
    process, _adoption = _followed_up(code)
    form = InitiativeUploadForm()
    preview = None
    if form.validate_on_submit():
        upload = request.files.get("file")
        data = upload.read() if upload and upload.filename else uploads.fetch(form.pending.data)
        if data is None:
            form.file.errors = [_("Välj en .xlsx- eller CSV-fil att importera.")]
        elif request.form.get("action") == "import":
            try:
                result = sheets.import_initiatives(db.session, acting_user(), process.code, data, datetime.now(UTC))
                db.session.commit()
            except ValidationFailed as error:
                db.session.rollback()
                show_domain_errors(form, error)
                preview = sheets.preview_import(db.session, acting_user(), process.code, data)
            else:
                uploads.discard(form.pending.data)
                flash(
                    ngettext("%(num)s insats är importerad.", "%(num)s insatser är importerade.", result.initiatives),
                    "success",
                )
                return redirect(url_for(".list_page", code=process.code))
        else:
            preview = sheets.preview_import(db.session, acting_user(), process.code, data)
            form.pending.data = uploads.stash(data)
    status = 422 if form.errors or form.form_errors or (preview and not preview.ok) else 200
    return render_template(
        "followup/import.html", process=process, form=form, preview=preview, translate=translate
    ), status


@bp.get("/processer/<code>/uppfoljning/insatser.xlsx")
def export(code: str):
    process, _adoption = _followed_up(code)
    header, rows = sheets.export_rows(db.session, acting_user(), process.code)
    data = to_xlsx(_("Insatser"), header, rows)
    return audited(
        attachment(data, XLSX, f"insatser-{process.code}.xlsx"), "initiatives", "xlsx", ("process", process.id)
    )
