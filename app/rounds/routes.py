from __future__ import annotations

from datetime import UTC, datetime, time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from consultation.drafts import processes
from consultation.drafts.files import read_draft
from consultation.errors import ValidationFailed
from consultation.letters import files as letter_files
from consultation.letters import registration as letter_registration
from consultation.people import ActorType
from consultation.people.access import require_admin
from consultation.people.accounts import list_organisations
from consultation.remiss import ConsultationRound, invitations, reminder_schedule, rounds, setup
from consultation.timezones import to_local

from .. import labels, uploads
from ..extensions import db
from ..i18n import translate
from ..web import acting_user, commit_or_show_errors, form_status, show_domain_errors
from . import sending
from .forms import (
    ConfirmForm,
    DraftUploadForm,
    InvitationUploadForm,
    RegisterResponseForm,
    ReminderScheduleForm,
    RoundForm,
)

bp = Blueprint("rounds", __name__)


@bp.before_request
@login_required
def _admins_only():
    require_admin(acting_user())


def _process(code: str):
    return processes.get_process(db.session, acting_user(), code)


@bp.get("/processer/<code>")
def process(code: str):
    found = _process(code)
    found_rounds = rounds.rounds_of(db.session, found)
    return render_template(
        "rounds/process.html",
        process=found,
        rounds=found_rounds,
        states={r.id: rounds.round_state(r, datetime.now(UTC)) for r in found_rounds},
        in_use={v.id: setup.version_in_use(db.session, v) for d in found.documents for v in d.versions},
    )


@bp.route("/processer/<code>/forslag/importera", methods=["GET", "POST"])
def import_draft(code: str):
    found = _process(code)
    form = DraftUploadForm()
    preview = matching = None
    choices: dict[int, str] = {}
    if form.validate_on_submit():
        upload = request.files.get("file")
        data = upload.read() if upload and upload.filename else uploads.fetch(form.pending.data)
        filename = upload.filename if upload and upload.filename else form.filename.data
        if data is None:
            form.file.errors = [_("Välj en fil att importera.")]
        else:
            try:
                preview = read_draft(filename or "", data)
            except ValidationFailed as error:
                show_domain_errors(form, error)
            else:
                matching = setup.proposed_matching(db.session, acting_user(), found.id, preview)
                choices = _match_choices(request.form, len(preview.sections))
                version = None
                if request.form.get("action") == "save" and form.pending.data:
                    try:
                        version = setup.import_draft(
                            db.session,
                            acting_user(),
                            found.id,
                            preview,
                            title=form.title.data,
                            source_filename=filename,
                            note=form.note.data or "",
                            choices=choices,
                        )
                    except ValidationFailed as error:  # two sections of the file given one counterpart
                        db.session.rollback()
                        show_domain_errors(form, error)
                if version is not None:
                    db.session.commit()
                    uploads.discard(form.pending.data)
                    flash(
                        ngettext(
                            "Version %(number)s av förslaget är sparad med %(num)s avsnitt.",
                            "Version %(number)s av förslaget är sparad med %(num)s avsnitt.",
                            len(version.sections),
                            number=version.number,
                        ),
                        "success",
                    )
                    return redirect(url_for(".process", code=found.code))
                form.pending.data = uploads.stash(data)
                form.filename.data = filename
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "rounds/import_draft.html",
        form=form,
        process=found,
        preview=preview,
        matching=matching,
        choices=choices,
        previous=found.documents[-1].latest_version if matching is not None else None,
    ), status


def _match_choices(posted, count: int) -> dict[int, str]:
    """The person's corrections of the proposed matching: `match-<index>` = a previous section's key, or ""."""
    return {i: posted[f"match-{i}"] for i in range(count) if f"match-{i}" in posted}


def _round_form(found, round_: ConsultationRound | None) -> RoundForm:
    form = RoundForm(obj=round_)
    versions = [
        v for d in found.documents for v in d.versions if v.is_published or (round_ and v.id == round_.version_id)
    ]
    form.version_id.choices = [(v.id, f"{v.title}, version {v.number}") for v in reversed(versions)]
    if round_ is not None and not form.is_submitted():
        opens, closes = to_local(round_.opens_at), to_local(round_.closes_at)
        form.opens_on.data, form.opens_time.data = opens.date(), opens.time()
        form.closes_on.data, form.closes_time.data = closes.date(), closes.time()
    elif round_ is None and not form.is_submitted():
        form.opens_time.data, form.closes_time.data = time(8, 0), time(23, 59)
    return form


@bp.route("/processer/<code>/rundor/ny", methods=["GET", "POST"])
@bp.route("/processer/<code>/rundor/<int:round_id>", methods=["GET", "POST"])
def edit_round(code: str, round_id: int | None = None):
    found = _process(code)
    round_ = db.session.get(ConsultationRound, round_id) if round_id else None
    if round_id and (round_ is None or round_.process_id != found.id):
        abort(404)
    form = _round_form(found, round_)
    if form.validate_on_submit():
        data = setup.RoundData(
            title=form.title.data,
            version_id=form.version_id.data,
            opens_on=form.opens_on.data,
            opens_time=form.opens_time.data,
            closes_on=form.closes_on.data,
            closes_time=form.closes_time.data,
            access=form.access.data,
            introduction=form.introduction.data or "",
        )
        saved = commit_or_show_errors(
            form, lambda: setup.save_round(db.session, acting_user(), found.id, data, round_id)
        )
        if saved is not None:
            flash(_("Remissrundan är sparad."), "success")
            return redirect(url_for(".overview", round_id=saved.id))
    return render_template("rounds/round_form.html", form=form, process=found, round=round_), form_status(form)


@bp.get("/rundor/<int:round_id>")
def overview(round_id: int):
    return _overview(round_id, None)


def _overview(round_id: int, reminder_form: ReminderScheduleForm | None):
    data = setup.round_overview(db.session, acting_user(), round_id)
    now = datetime.now(UTC)
    planned = reminder_schedule.reminder_overview(db.session, acting_user(), round_id, now)
    if reminder_form is None:
        reminder_form = ReminderScheduleForm(formdata=None)
        schedule = planned.schedule
        reminder_form.days.data = ", ".join(map(str, schedule.days_before)) if schedule else ""
        reminder_form.local_time.data = schedule.local_time if schedule else reminder_schedule.DEFAULT_TIME
    return render_template(
        "rounds/overview.html",
        overview=data,
        round=data.round,
        state=rounds.round_state(data.round, now),
        invitations=setup.invitation_list(db.session, acting_user(), round_id),
        confirm_form=ConfirmForm(),
        reminders=planned,
        reminder_form=reminder_form,
        sending=sending.latest_sending(acting_user(), round_id),
        translate=translate,
    ), form_status(reminder_form)


@bp.post("/rundor/<int:round_id>/paminnelser")
def save_reminders(round_id: int):
    form = ReminderScheduleForm()
    if form.validate_on_submit():
        try:
            schedule = reminder_schedule.save_schedule(
                db.session, acting_user(), round_id, form.days.data or "", form.local_time.data, datetime.now(UTC)
            )
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            show_domain_errors(form, error)
        else:
            flash(_("Påminnelserna är sparade.") if schedule else _("Inga påminnelser planeras."), "success")
            return redirect(url_for(".overview", round_id=round_id, _anchor="reminders-title"))
    return _overview(round_id, form)


@bp.route("/rundor/<int:round_id>/remissinstanser", methods=["GET", "POST"])
def import_invitations(round_id: int):
    round_ = db.session.get(ConsultationRound, round_id) or abort(404)
    form = InvitationUploadForm()
    preview = result = None
    if form.validate_on_submit():
        upload = request.files.get("file")
        data = upload.read() if upload and upload.filename else uploads.fetch(form.pending.data)
        if data is None:
            form.file.errors = [_("Välj en CSV-fil att importera.")]
        elif request.form.get("action") == "import":
            try:
                result = invitations.import_invitations(
                    db.session, acting_user(), round_id, data, good_rows_only=form.good_rows_only.data
                )
                db.session.commit()
            except ValidationFailed as error:
                db.session.rollback()
                show_domain_errors(form, error)
                preview = invitations.preview_import(db.session, acting_user(), round_id, data)
            else:
                uploads.discard(form.pending.data)
                flash(
                    _(
                        "Importen är klar: %(new)s nya organisationer, %(matched)s fanns redan, %(invited)s nya inbjudningar.",
                        new=result.created_organisations,
                        matched=result.matched_organisations,
                        invited=result.invitations,
                    ),
                    "success",
                )
                return redirect(url_for(".overview", round_id=round_id))
        else:
            preview = invitations.preview_import(db.session, acting_user(), round_id, data)
            form.pending.data = uploads.stash(data)
    status = 422 if form.errors or form.form_errors or (preview and not preview.ok) else 200
    return render_template("rounds/import_invitations.html", form=form, round=round_, preview=preview), status


@bp.post("/rundor/<int:round_id>/skicka-inbjudningar")
def send_invitations(round_id: int):
    # A job, not this request: hundreds of mails outlast a request, and a resumed job sends none twice.
    if not ConfirmForm().validate_on_submit():
        abort(400)
    job = sending.start_sending(acting_user(), round_id)
    if not job.finished:
        flash(_("Inbjudningarna skickas i bakgrunden. Sidan visar hur det går."), "success")
    return redirect(url_for(".overview", round_id=round_id))


def _registration_choices(form: RegisterResponseForm) -> None:
    form.organisation_id.choices = [("", _("Välj organisation"))] + [
        (str(o.id), o.name) for o in list_organisations(db.session, acting_user())
    ]
    form.new_organisation_actor_type.choices = [
        (t.value, labels.ACTOR_TYPES[t]) for t in ActorType if t != ActorType.PRIVATE_PERSON
    ]
    if not form.new_organisation_actor_type.data:
        form.new_organisation_actor_type.data = ActorType.OTHER.value


def _incoming(form: RegisterResponseForm) -> letter_registration.IncomingResponse:
    uploads_ = [f for f in request.files.getlist(form.files.name) if f and f.filename]
    name = (form.new_organisation_name.data or "").strip()
    new = (
        letter_registration.NewOrganisation(
            name=name,
            email=form.new_organisation_email.data or "",
            actor_type=form.new_organisation_actor_type.data or ActorType.OTHER,
        )
        if name or (form.new_organisation_email.data or "").strip()
        else None
    )
    chosen = form.organisation_id.data
    return letter_registration.IncomingResponse(
        received_on=form.received_on.data,
        organisation_id=int(chosen) if chosen and chosen.isdigit() and new is None else None,
        new_organisation=new,
        diarienummer=form.diarienummer.data or "",
        files=[(f.filename, f.read(letter_files.MAX_LETTER_BYTES + 1)) for f in uploads_],
    )


@bp.route("/rundor/<int:round_id>/registrera-remissvar", methods=["GET", "POST"])
def register_response(round_id: int):
    """ "Registrera inkommet remissvar": a letter received by e-mail or post, registered with the day it came in."""
    round_ = db.session.get(ConsultationRound, round_id) or abort(404)
    form = RegisterResponseForm()
    _registration_choices(form)
    if form.is_submitted():
        if form.received_on.raw_data and form.received_on.raw_data[0] and form.received_on.data is None:
            form.received_on.errors = [_("Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-05-20.")]
        elif form.validate():
            registered = commit_or_show_errors(
                form,
                lambda: letter_registration.register_response(
                    db.session, acting_user(), round_id, _incoming(form), datetime.now(UTC)
                ),
            )
            if registered is not None:
                flash(
                    _(
                        "Remissvaret från %(name)s är registrerat. Läs in synpunkterna ur brevet och granska dem.",
                        name=registered.response.organisation.name,
                    ),
                    "success",
                )
                return redirect(url_for("letters.show", letter_id=registered.letters[0].id))
        if request.files.getlist(form.files.name) and any(f.filename for f in request.files.getlist(form.files.name)):
            form.form_errors.append(_("Välj filen med brevet igen: en webbläsare skickar inte om filer."))
    return render_template(
        "rounds/register_response.html",
        form=form,
        round=round_,
        deadline=round_.deadline_date,
        in_progress=letter_registration.registrations_in_progress(db.session, acting_user(), round_id),
    ), form_status(form)
