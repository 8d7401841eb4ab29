from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation.drafts import Section, adoption, processes, publication, writing
from consultation.errors import ValidationFailed
from consultation.people.access import require_admin
from consultation.timezones import local_today

from ..extensions import db
from ..i18n import translate
from ..numbers import parse_id
from ..web import acting_user, commit_or_show_errors, form_status, show_domain_errors
from .forms import AdoptionForm, ConfirmForm, SectionForm

bp = Blueprint("drafts", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here writes or publishes versions; the services decide who may."""


def _version(code: str, number: int):
    found = processes.get_process(db.session, acting_user(), code)
    publication.require_draft_writer(acting_user())
    return found, publication.get_version(acting_user(), found, number)


def _to_version(found, version):
    return redirect(url_for(".write", code=found.code, number=version.number))


@bp.route("/process/<code>/forslag/v<int:number>/publicera", methods=["GET", "POST"])
def publish(code: str, number: int):
    """A confirmation page, then the version is public for good."""
    found, version = _version(code, number)
    form = ConfirmForm()
    if version.is_published:
        flash(_("Version %(number)s är redan publicerad.", number=version.number), "info")
        return redirect(url_for("main.draft_version", code=found.code, number=version.number))
    if form.validate_on_submit():
        published = commit_or_show_errors(
            form, lambda: publication.publish_version(db.session, acting_user(), version.id)
        )
        if published is not None:
            flash(_("Version %(number)s är publicerad och kan läsas av alla.", number=published.number), "success")
            return redirect(url_for("main.draft_version", code=found.code, number=published.number))
    current = processes.current_version(found)
    status = 422 if form.form_errors else 200
    return render_template("drafts/publish.html", process=found, version=version, current=current, form=form), status


@bp.route("/process/<code>/forslag/v<int:number>/anta", methods=["GET", "POST"])
def adopt(code: str, number: int):
    """The council's decision on a published version, confirmed on this page before it is recorded."""
    found = processes.get_process(db.session, acting_user(), code)
    require_admin(acting_user())
    version = publication.get_version(acting_user(), found, number)
    form = AdoptionForm()
    if form.validate_on_submit():
        decision = adoption.Decision(form.body.data or "", form.decided_on.data, form.reference.data or "")
        adopted = commit_or_show_errors(
            form, lambda: adoption.adopt_version(db.session, acting_user(), version.id, decision, local_today())
        )
        if adopted is not None:
            flash(_("Version %(number)s är markerad som antagen.", number=version.number), "success")
            return redirect(url_for("main.process", code=found.code))
    existing = adoption.adoption_of(db.session, found)
    return render_template(
        "drafts/adopt.html", process=found, version=version, existing=existing, form=form
    ), form_status(form)


@bp.post("/process/<code>/forslag/nasta-version")
def start_next(code: str):
    """ "Starta nästa version": a draft copied from the latest version."""
    found = processes.get_process(db.session, acting_user(), code)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        version = writing.start_next_version(db.session, acting_user(), found.id)
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        flash(" ".join(translate(m) for messages in error.errors.values() for m in messages), "error")
        return redirect(url_for("main.process", code=found.code))
    flash(_("Version %(number)s är påbörjad som utkast, kopierad från den förra.", number=version.number), "success")
    return _to_version(found, version)


@bp.get("/process/<code>/forslag/v<int:number>/skriv")
def write(code: str, number: int):
    """The draft's sections in order, each to edit, move or remove."""
    found, version = _version(code, number)
    if version.is_published:
        return redirect(url_for("main.draft_version", code=found.code, number=version.number))
    return render_template(
        "drafts/write.html",
        process=found,
        version=version,
        previous=writing.previous_version(version),
        form=ConfirmForm(),
    )


def _edit_of(form: SectionForm) -> writing.SectionEdit:
    return writing.SectionEdit(
        heading=form.heading.data or "",
        body=form.body.data or "",
        number=form.number.data or "",
        level=form.level.data if isinstance(form.level.data, int) else 0,
        derived_from=tuple(form.derived_from.data or ()),
        base_revision=parse_id(form.base_revision.data),
    )


def _section_form(version, section: Section | None) -> SectionForm:
    form = SectionForm(obj=section)
    previous = writing.previous_version(version)
    form.derived_from.choices = [(s.key, s.title) for s in previous.sections] if previous else []
    if section is not None and not form.is_submitted():
        form.derived_from.data = section.derived_from_keys
        form.base_revision.data = str(section.revision)
    return form


@bp.route("/process/<code>/forslag/v<int:number>/avsnitt/<section_key>", methods=["GET", "POST"])
@bp.route("/process/<code>/forslag/v<int:number>/avsnitt/ny", methods=["GET", "POST"], endpoint="add_section")
def edit_section(code: str, number: int, section_key: str | None = None):
    """Edit (or add) one section, with a preview; a section someone else saved meanwhile is shown beside yours."""
    found, version = _version(code, number)
    section = next((s for s in version.sections if s.key == section_key), None)
    if section_key is not None and section is None:
        abort(404)
    form = _section_form(version, section)
    preview = conflict = None
    after = request.values.get("efter", "")
    if form.validate_on_submit():
        edit = _edit_of(form)
        if request.form.get("action") == "preview":
            preview = Section(heading=edit.heading or "-", body=edit.body, number=edit.number, level=1, position=0)
        else:
            saved = _save(form, version, section, after, edit)
            if isinstance(saved, Section):
                flash(_("Avsnitt %(title)s är sparat.", title=saved.title), "success")
                return _to_version(found, version)
            conflict = saved
    status = 409 if conflict else (422 if form.errors or form.form_errors else 200)
    return render_template(
        "drafts/section.html",
        process=found,
        version=version,
        section=section,
        form=form,
        preview=preview,
        conflict=conflict,
        after=after,
    ), status


def _save(form, version, section, after: str, edit: writing.SectionEdit):
    """Add or save the section and commit; None (errors on the form) or a conflict when it was not saved."""
    try:
        if section is None:
            saved = writing.add_section(db.session, acting_user(), version.id, after or None, edit)
        else:
            saved = writing.save_section(db.session, acting_user(), version.id, section.key, edit)
    except ValidationFailed as error:
        db.session.rollback()
        show_domain_errors(form, error)
        return None
    if isinstance(saved, writing.SectionConflict):
        db.session.rollback()
        form.base_revision.data = str(saved.theirs.revision)  # saving again keeps this person's text
        return saved
    db.session.commit()
    return saved


@bp.post("/process/<code>/forslag/v<int:number>/avsnitt/<section_key>/flytta")
def move_section(code: str, number: int, section_key: str):
    found, version = _version(code, number)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    step = -1 if request.form.get("riktning") == "upp" else 1
    _run(lambda: writing.move_section(db.session, acting_user(), version.id, section_key, step))
    return _to_version(found, version)


@bp.route("/process/<code>/forslag/v<int:number>/avsnitt/<section_key>/ta-bort", methods=["GET", "POST"])
def remove_section(code: str, number: int, section_key: str):
    found, version = _version(code, number)
    section = next((s for s in version.sections if s.key == section_key), None)
    if section is None:
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("drafts/remove_section.html", process=found, version=version, section=section, form=form)
    if _run(lambda: writing.remove_section(db.session, acting_user(), version.id, section_key)):
        flash(_("Avsnittet är borttaget ur version %(number)s.", number=version.number), "success")
    return _to_version(found, version)


@bp.post("/process/<code>/forslag/v<int:number>/numrera")
def renumber(code: str, number: int):
    found, version = _version(code, number)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if _run(lambda: writing.renumber(db.session, acting_user(), version.id)):
        flash(_("Avsnitten är numrerade om efter ordning och nivå."), "success")
    return _to_version(found, version)


def _run(action) -> bool:
    """One change of a draft's structure, committed; a refusal is shown as a message."""
    try:
        action()
        db.session.commit()
    except ValidationFailed as error:
        db.session.rollback()
        flash(" ".join(translate(m) for messages in error.errors.values() for m in messages), "error")
        return False
    return True
