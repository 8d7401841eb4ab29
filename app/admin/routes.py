from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation import audit_names
from consultation.people import accounts, pending
from consultation.people import audit_log as event_log
from consultation.people.access import require_admin
from consultation.remiss import outreach

from ..extensions import db
from ..mail import external_url, send_mail
from ..numbers import page_number, parse_id
from ..web import acting_user, commit_or_show_errors, form_status
from . import audit_labels
from .forms import ApproveForm, AuditFilterForm, ListSearchForm, OrganisationForm, UserForm

bp = Blueprint("admin", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every admin page needs a login; the services decide whether the person may act."""


def _organisation_data(form: OrganisationForm) -> accounts.OrganisationData:
    return accounts.OrganisationData(
        name=form.name.data or "",
        actor_type=form.actor_type.data or "",
        municipality=form.municipality.data,
        organisation_number=form.organisation_number.data,
        email=form.email.data,
    )


def _register_form(form, existing, *, create, update, saved_text, list_endpoint: str, template: str, **context):
    """A form page of the register: a valid post creates (or updates `existing`) and leads back to the list."""
    if form.validate_on_submit():
        saved = commit_or_show_errors(form, create if existing is None else update)
        if saved is not None:
            flash(saved_text(saved.name), "success")
            return redirect(url_for(list_endpoint))
    return render_template(template, form=form, **context), form_status(form)


@bp.get("/organisationer")
def organisations():
    form = ListSearchForm(request.args)
    query = (form.q.data or "").strip() if form.validate() else ""
    found = accounts.list_organisations(db.session, acting_user(), query)
    return render_template("admin/organisations.html", organisations=found, form=form, query=query), form_status(form)


@bp.route("/organisationer/ny", methods=["GET", "POST"])
@bp.route("/organisationer/<int:organisation_id>", methods=["GET", "POST"])
def organisation(organisation_id: int | None = None):
    actor = acting_user()
    require_admin(actor)
    existing = accounts.get_organisation(db.session, actor, organisation_id) if organisation_id else None
    form = OrganisationForm(obj=existing)
    return _register_form(
        form,
        existing,
        create=lambda: accounts.create_organisation(db.session, actor, _organisation_data(form)),
        update=lambda: accounts.update_organisation(db.session, actor, existing.id, _organisation_data(form)),
        saved_text=lambda name: _("Organisationen %(name)s är sparad.", name=name),
        list_endpoint="admin.organisations",
        template="admin/organisation_form.html",
        organisation=existing,
    )


def _user_data(form: UserForm) -> accounts.UserData:
    return accounts.UserData(
        name=form.name.data or "",
        email=form.email.data or "",
        roles=form.roles.data or [],
        organisation_ids=form.organisation_ids.data or [],
        password=form.password.data or None,
        is_active=bool(form.is_active.data),
    )


@bp.get("/anvandare")
def users():
    form = ListSearchForm(request.args)
    query = (form.q.data or "").strip() if form.validate() else ""
    found = accounts.list_users(db.session, acting_user(), query)
    return render_template("admin/users.html", users=found, form=form, query=query), form_status(form)


@bp.route("/anvandare/ny", methods=["GET", "POST"])
@bp.route("/anvandare/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int | None = None):
    actor = acting_user()
    require_admin(actor)
    existing = accounts.get_user(db.session, actor, user_id) if user_id else None
    form = UserForm(accounts.list_organisations(db.session, actor), obj=existing)
    if existing is not None and not form.is_submitted():
        form.roles.data = sorted(r.value for r in existing.roles)
        form.organisation_ids.data = [m.organisation_id for m in existing.memberships]
    if existing is None:
        return _new_user(form, actor)
    return _register_form(
        form,
        existing,
        create=lambda: accounts.create_user(db.session, actor, _user_data(form)),
        update=lambda: accounts.update_user(db.session, actor, existing.id, _user_data(form)),
        saved_text=lambda name: _("Användaren %(name)s är sparad.", name=name),
        list_endpoint="admin.users",
        template="admin/user_form.html",
        user=existing,
    )


def _new_user(form: UserForm, actor):
    """Create the user without a password and e-mail them a link to choose one (the admin never knows it)."""
    if form.validate_on_submit():
        form.password.data = None

        def create():
            user = accounts.create_user(db.session, actor, _user_data(form))
            return user, outreach.password_link(db.session, actor, user.id, datetime.now(UTC))

        created = commit_or_show_errors(form, create)
        if created is not None:
            user, token = created
            try:
                send_mail(
                    user.email,
                    _("Ditt konto i Samråd"),
                    "set_password",
                    user=user,
                    link=external_url("accounts.set_password", token=token),
                )
            except OSError:
                flash(_("Användaren %(name)s är skapad, men e-brevet kunde inte skickas.", name=user.name), "error")
            else:
                flash(
                    _(
                        "Användaren %(name)s är skapad. En länk för att välja lösenord är skickad till %(email)s.",
                        name=user.name,
                        email=user.email,
                    ),
                    "success",
                )
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None), form_status(form)


@bp.route("/organisationer/vantande", methods=["GET", "POST"])
def pending_organisations():
    actor = acting_user()
    form = ApproveForm()
    if form.validate_on_submit():
        done = commit_or_show_errors(form, lambda: _decide_pending(form, actor))
        if done is not None:
            flash(done, "success")
            return redirect(url_for("admin.pending_organisations"))
    waiting = outreach.pending_organisations(db.session, actor)
    others = [o for o in accounts.list_organisations(db.session, actor) if o.approved]
    return render_template("admin/pending.html", organisations=waiting, others=others, form=form), form_status(form)


def _decide_pending(form: ApproveForm, actor) -> str | None:
    """Approve, reject or merge the chosen organisation; the text to confirm it with."""
    organisation_id = form.organisation_id.data
    if form.action.data == "reject":
        if not form.confirm_reject.data:
            form.form_errors.append(_("Kryssa i rutan för att bekräfta att organisationen ska avvisas."))
            return None
        name = pending.reject_organisation(db.session, actor, organisation_id)
        return _("%(name)s är avvisad och borttagen. Personerna som registrerade den har kvar sina konton.", name=name)
    if form.action.data == "merge":
        if not form.into_id.data:
            form.form_errors.append(_("Välj vilken organisation den ska slås ihop med."))
            return None
        target = pending.merge_organisation(db.session, actor, organisation_id, form.into_id.data)
        return _("Organisationen är sammanslagen med %(name)s.", name=target.name)
    return _("%(name)s är godkänd.", name=outreach.approve_organisation(db.session, actor, organisation_id).name)


@bp.get("/logg")
def audit_log():
    """The audit log, newest first, filtered by action, person and dates (Stockholm days)."""
    actor = acting_user()
    form = AuditFilterForm(audit_labels.ACTIONS, event_log.people_in_log(db.session, actor), request.args)
    form.validate()  # a wrong value is shown as an error and left out of the filter

    def valid(field):
        return field.data if field.data and not field.errors else None

    filters = event_log.EventFilter(
        action=valid(form.action),
        user_id=parse_id(valid(form.user)),
        from_day=valid(form.from_day),
        to_day=valid(form.to_day),
    )
    found = event_log.list_events(db.session, actor, filters, page=request.args.get("sida", 1, type=page_number))
    query = {k: v for k, v in request.args.items() if k != "sida" and v}
    return render_template(
        "admin/audit_log.html",
        form=form,
        found=found,
        names=audit_names.names_for(db.session, actor, found.items),
        query=query,
        labels_for=audit_labels,
    ), form_status(form)
