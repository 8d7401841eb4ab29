from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_required

from consultation import meetings
from consultation.drafts import processes
from consultation.errors import NotAllowed, ValidationFailed
from consultation.followup import origins
from consultation.meetings import NoteKind
from consultation.meetings import files as meeting_files
from consultation.timezones import local_today

from .. import labels
from ..extensions import db
from ..i18n import translate
from ..numbers import parse_id
from ..page_cache import cached_page
from ..web import acting_user, commit_or_show_errors, form_status
from . import editing
from .forms import AttendanceForm, ConfirmForm, DocumentForm, MeetingForm, NoteForm, SignupForm

bp = Blueprint("meetings", __name__)


def now() -> datetime:
    return datetime.now(UTC)


def storage() -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / "meetings"


# --- public ----------------------------------------------------------------------------


@bp.get("/dialogtraffar")
def upcoming():
    return render_template("meetings/upcoming.html", meetings=meetings.upcoming_meetings(db.session, now()))


@bp.get("/process/<code>/dialogtraffar")
def of_process(code: str):
    process = processes.get_process(db.session, acting_user(), code)
    actor = acting_user()
    return render_template(
        "meetings/of_process.html",
        process=process,
        meetings=meetings.list_meetings(db.session, actor, process),
        can_manage=meetings.can_manage(actor, process),
        now=now(),
    )


@bp.get("/dialogtraffar/<int:meeting_id>")
@cached_page
def show(meeting_id: int):
    actor = acting_user()
    meeting = meetings.get_meeting(db.session, actor, meeting_id)
    form = SignupForm()
    if actor is not None:
        form.organisation_id.choices = [("", _("Mig själv"))] + [
            (str(o.id), _("För %(name)s", name=o.name)) for o in actor.organisations
        ]
    own = next((s for s in meeting.signups if actor is not None and s.user_id == actor.id), None)
    notes = meetings.visible_notes(meeting, actor)
    return render_template(
        "meetings/show.html",
        meeting=meeting,
        form=form,
        own_signup=own,
        confirm_form=ConfirmForm(),
        notes_by_kind={k: [n for n in notes if n.kind == k] for k in NoteKind},
        can_manage=meetings.can_manage(actor, meeting.process),
        make_initiatives=origins.may_make_initiatives(db.session, actor, meeting.process),
        now=now(),
    )


@bp.post("/dialogtraffar/<int:meeting_id>/anmalan")
@login_required
def sign_up(meeting_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    organisation_id = parse_id(request.form.get("organisation_id", ""))
    try:
        meetings.sign_up(db.session, acting_user(), meeting_id, organisation_id, now())
        db.session.commit()
        flash(_("Du är anmäld."), "success")
    except (ValidationFailed, NotAllowed) as error:
        db.session.rollback()
        message = error.message if not isinstance(error, ValidationFailed) else next(iter(error.errors.values()))[0]
        flash(translate(message), "error")
    return redirect(url_for(".show", meeting_id=meeting_id))


@bp.post("/dialogtraffar/<int:meeting_id>/avanmalan")
@login_required
def cancel(meeting_id: int):
    if ConfirmForm().validate_on_submit():
        meetings.cancel_signup(db.session, acting_user(), meeting_id)
        db.session.commit()
        flash(_("Din anmälan är borttagen."), "success")
    return redirect(url_for(".show", meeting_id=meeting_id))


@bp.get("/dialogtraffar/<int:meeting_id>/dokument/<int:document_id>")
def download(meeting_id: int, document_id: int):
    document, data = meeting_files.open_document(db.session, acting_user(), meeting_id, document_id, storage())
    response = Response(data, mimetype=document.content_type)
    # Always a download, never shown inline: a file can carry script the browser would run.
    response.headers["Content-Disposition"] = "attachment; filename*=UTF-8''" + _quote(document.original_filename)
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


# --- the facilitator's pages -------------------------------------------------------------


@bp.route("/process/<code>/dialogtraffar/ny", methods=["GET", "POST"])
@bp.route("/dialogtraffar/<int:meeting_id>/andra", methods=["GET", "POST"])
@login_required
def edit(code: str | None = None, meeting_id: int | None = None):
    actor = acting_user()
    meeting = meetings.get_managed_meeting(db.session, actor, meeting_id) if meeting_id else None
    process = meeting.process if meeting else processes.get_process(db.session, actor, code)
    meetings.require_manager(actor, process)
    form = MeetingForm(process, editing.organisations(), obj=meeting)
    if meeting is not None and not form.is_submitted():
        editing.fill_meeting_form(form, meeting)
    if form.validate_on_submit():
        saved = commit_or_show_errors(
            form, lambda: meetings.save_meeting(db.session, actor, process.id, editing.meeting_data(form), meeting_id)
        )
        if saved is not None:
            flash(_("Dialogträffen är sparad."), "success")
            return redirect(url_for(".manage", meeting_id=saved.id))
    return render_template("meetings/edit.html", form=form, process=process, meeting=meeting), form_status(form)


@bp.get("/dialogtraffar/<int:meeting_id>/hantera")
@login_required
def manage(meeting_id: int):
    meeting = meetings.meeting_to_manage(db.session, acting_user(), meeting_id)
    return render_template(
        "meetings/manage.html", meeting=meeting, confirm_form=ConfirmForm(), document_form=DocumentForm(), now=now()
    )


@bp.post("/dialogtraffar/<int:meeting_id>/anmalan/<state>")
@login_required
def registration(meeting_id: int, state: str):
    if state not in ("oppna", "stang") or not ConfirmForm().validate_on_submit():
        abort(400)
    meetings.set_registration(db.session, acting_user(), meeting_id, state == "oppna")
    db.session.commit()
    flash(_("Anmälan är öppen.") if state == "oppna" else _("Anmälan är stängd."), "success")
    return redirect(url_for(".manage", meeting_id=meeting_id))


@bp.route("/dialogtraffar/<int:meeting_id>/narvaro", methods=["GET", "POST"])
@login_required
def attendance(meeting_id: int):
    actor = acting_user()
    meeting = meetings.get_managed_meeting(db.session, actor, meeting_id)
    form = AttendanceForm(editing.organisations(), obj=meeting)
    if not form.is_submitted():
        editing.fill_attendance_form(form, meeting)
    if form.validate_on_submit():
        data = editing.attendance_data(form)
        if commit_or_show_errors(form, lambda: meetings.register_attendance(db.session, actor, meeting_id, data)):
            flash(_("Närvaron är registrerad."), "success")
            return redirect(url_for(".manage", meeting_id=meeting_id))
    return render_template("meetings/attendance.html", form=form, meeting=meeting), form_status(form)


@bp.route("/dialogtraffar/<int:meeting_id>/anteckningar/ny", methods=["GET", "POST"])
@bp.route("/dialogtraffar/<int:meeting_id>/anteckningar/<int:note_id>", methods=["GET", "POST"])
@login_required
def note(meeting_id: int, note_id: int | None = None):
    actor = acting_user()
    meeting = meetings.get_managed_meeting(db.session, actor, meeting_id)
    existing = next((n for n in meeting.notes if n.id == note_id), None) if note_id else None
    if note_id and existing is None:
        abort(404)
    version = processes.current_version(meeting.process)
    # Only a shown form starts from the note: a posted one is what was sent (a missing field is empty,
    # never the note's relationship objects, e.g. its tags).
    form = NoteForm(
        version.sections if version else [], editing.organisations(), obj=existing if request.method == "GET" else None
    )
    if existing is not None and not form.is_submitted():
        editing.fill_note_form(form, existing)
    if form.validate_on_submit():
        data = editing.note_data(form)
        saved = commit_or_show_errors(
            form,
            lambda: meetings.save_note(
                db.session, actor, meeting_id, data, note_id, form.revision.data if existing else None
            ),
        )
        if saved is not None:
            flash(
                _("Anteckningen är sparad som utkast.") if saved.status == "draft" else _("Anteckningen är sparad."),
                "success",
            )
            return redirect(url_for(".manage", meeting_id=meeting_id))
    return render_template("meetings/note.html", form=form, meeting=meeting, note=existing), form_status(form)


@bp.route("/dialogtraffar/<int:meeting_id>/anteckningar", methods=["GET", "POST"])
@login_required
def notes(meeting_id: int):
    """All of the meeting's notes on one page; "Lägg till rad" gives a group one more row, keeping every row typed."""
    actor = acting_user()
    meeting = meetings.get_managed_meeting(db.session, actor, meeting_id)
    if request.method == "GET":
        return _notes_page(meeting, meetings.note_sheet.rows_of(meeting))
    rows = editing.note_rows(request.form)
    action = request.form.get("action", "save")
    added = editing.added_group(action)
    if added is not None:
        return _notes_page(meeting, rows, focus=meetings.note_sheet.add_row(rows, added))
    publish_at = now() if action == "publish" else None
    try:
        saved = meetings.note_sheet.save_note_rows(
            db.session, actor, meeting_id, [r for group in rows.values() for r in group], publish_at
        )
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        return _notes_page(meeting, rows, errors=error.errors), 422
    except meetings.note_sheet.NotesChanged as error:
        db.session.rollback()
        editing.take_stored_revisions(rows, error.current)
        return _notes_page(meeting, rows, changed=error.current, message=error.message), 409
    flash(_saved_notes_message(saved, published=publish_at is not None), "success")
    return redirect(url_for(".notes", meeting_id=meeting_id))


def _saved_notes_message(saved, published: bool) -> str:
    if published:
        return ngettext(
            "Anteckningarna är sparade och %(num)s utkast publicerat.",
            "Anteckningarna är sparade och %(num)s utkast publicerade.",
            saved.published,
        )
    return _("Anteckningarna är sparade som utkast.") if saved.saved else _("Inga ändringar att spara.")


def _notes_page(meeting, rows, focus=None, errors=None, changed=None, message=None):
    return render_template(
        "meetings/notes.html",
        meeting=meeting,
        rows=rows,
        focus=focus,
        errors={name: [translate(m) for m in messages] for name, messages in (errors or {}).items()},
        changed=changed or {},
        message=translate(message) if message else None,
        organisations=meetings.organisations_to_pick(db.session),
        today=local_today(now()),
    )


@bp.post("/dialogtraffar/<int:meeting_id>/publicera")
@login_required
def publish(meeting_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    ids = [n for n in map(parse_id, request.form.getlist("note_ids")) if n is not None]
    count = meetings.publish_notes(db.session, acting_user(), meeting_id, ids, now())
    db.session.commit()
    flash(ngettext("%(num)s anteckning är publicerad.", "%(num)s anteckningar är publicerade.", count), "success")
    return redirect(url_for(".manage", meeting_id=meeting_id))


def _confirm_removal(meeting_id: int, kind: str, row_id: int):
    """The confirmation step before removing a note or a document (GET); its button makes the POST."""
    meeting = meetings.get_managed_meeting(db.session, acting_user(), meeting_id)
    rows = meeting.notes if kind == "note" else meeting.documents
    row = next((r for r in rows if r.id == row_id), None) or abort(404)
    return render_template("meetings/confirm_removal.html", meeting=meeting, kind=kind, row=row, form=ConfirmForm())


@bp.route("/dialogtraffar/<int:meeting_id>/anteckningar/<int:note_id>/ta-bort", methods=["GET", "POST"])
@login_required
def delete_note(meeting_id: int, note_id: int):
    if request.method == "GET":
        return _confirm_removal(meeting_id, "note", note_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    meetings.delete_note(db.session, acting_user(), meeting_id, note_id)
    db.session.commit()
    flash(_("Anteckningen är borttagen."), "success")
    return redirect(url_for(".manage", meeting_id=meeting_id))


@bp.post("/dialogtraffar/<int:meeting_id>/dokument")
@login_required
def upload(meeting_id: int):
    actor = acting_user()
    meeting = meetings.get_managed_meeting(db.session, actor, meeting_id)
    form = DocumentForm()
    if form.validate_on_submit():
        upload_file = request.files.get("file")
        if not upload_file or not upload_file.filename:
            form.file.errors = [_("Välj en fil att ladda upp.")]
        else:
            data = upload_file.read(meeting_files.MAX_DOCUMENT_BYTES + 1)
            saved = commit_or_show_errors(
                form,
                lambda: meeting_files.add_document(
                    db.session, actor, meeting_id, form.title.data or "", upload_file.filename, data, storage()
                ),
            )
            if saved is not None:
                flash(_("Dokumentet %(name)s är uppladdat.", name=saved.original_filename), "success")
                return redirect(url_for(".manage", meeting_id=meeting_id))
    return render_template(
        "meetings/manage.html", meeting=meeting, confirm_form=ConfirmForm(), document_form=form, now=now()
    ), form_status(form)


@bp.route("/dialogtraffar/<int:meeting_id>/dokument/<int:document_id>/ta-bort", methods=["GET", "POST"])
@login_required
def remove_document(meeting_id: int, document_id: int):
    if request.method == "GET":
        return _confirm_removal(meeting_id, "document", document_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    meeting_files.remove_document(db.session, acting_user(), meeting_id, document_id, storage())
    db.session.commit()
    flash(_("Dokumentet är borttaget."), "success")
    return redirect(url_for(".manage", meeting_id=meeting_id))


@bp.get("/process/<code>/nasta-steg")
def next_steps(code: str):
    actor = acting_user()
    process = processes.get_process(db.session, actor, code)
    steps, today = meetings.open_next_steps(db.session, actor, process), local_today(now())
    return render_template(
        "meetings/next_steps.html",
        process=process,
        steps=steps,
        overdue={s.id for s in steps if meetings.is_overdue(s, today)},
        can_manage=meetings.can_manage(actor, process),
    )


@bp.post("/dialogtraffar/<int:meeting_id>/nasta-steg/<int:note_id>")
@login_required
def step_status(meeting_id: int, note_id: int):
    """A next step's new status, straight from the list of open next steps."""
    actor = acting_user()
    meeting = meetings.get_managed_meeting(db.session, actor, meeting_id)
    code = meeting.process.code
    status = request.form.get("step_status", "")
    revision = parse_id(request.form.get("revision"))
    try:
        meetings.update_step_status(db.session, actor, meeting_id, note_id, status, revision)
        db.session.commit()
        flash(_("Nästa steg är sparat: %(status)s.", status=labels.STEP_STATUSES[status]), "success")
    except ValidationFailed as error:
        db.session.rollback()
        flash(translate(next(iter(error.errors.values()))[0]), "error")
    return redirect(url_for(".next_steps", code=code))
