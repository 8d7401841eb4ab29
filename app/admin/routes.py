from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation import accounts, outreach
from consultation.access import require_admin
from consultation.errors import ValidationFailed

from ..extensions import db
from ..web import acting_user, show_domain_errors
from .forms import ApproveForm, OrganisationForm, UserForm

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


@bp.get("/organisationer")
def organisations():
    found = accounts.list_organisations(db.session, acting_user())
    return render_template("admin/organisations.html", organisations=found)


@bp.route("/organisationer/ny", methods=["GET", "POST"])
@bp.route("/organisationer/<int:organisation_id>", methods=["GET", "POST"])
def organisation(organisation_id: int | None = None):
    actor = acting_user()
    require_admin(actor)
    existing = accounts.get_organisation(db.session, actor, organisation_id) if organisation_id else None
    form = OrganisationForm(obj=existing)
    if form.validate_on_submit():
        try:
            if existing is None:
                saved = accounts.create_organisation(db.session, actor, _organisation_data(form))
            else:
                saved = accounts.update_organisation(
                    db.session, actor, existing.id, _organisation_data(form)
                )
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            show_domain_errors(form, error)
        else:
            flash(_("Organisationen %(name)s är sparad.", name=saved.name), "success")
            return redirect(url_for("admin.organisations"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("admin/organisation_form.html", form=form, organisation=existing), status


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
    return render_template("admin/users.html", users=accounts.list_users(db.session, acting_user()))


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
    if form.validate_on_submit():
        try:
            if existing is None:
                saved = accounts.create_user(db.session, actor, _user_data(form))
            else:
                saved = accounts.update_user(db.session, actor, existing.id, _user_data(form))
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            show_domain_errors(form, error)
        else:
            flash(_("Användaren %(name)s är sparad.", name=saved.name), "success")
            return redirect(url_for("admin.users"))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("admin/user_form.html", form=form, user=existing), status


@bp.route("/organisationer/vantande", methods=["GET", "POST"])
def pending_organisations():
    actor = acting_user()
    form = ApproveForm()
    if form.validate_on_submit():
        approved = outreach.approve_organisation(db.session, actor, form.organisation_id.data)
        db.session.commit()
        flash(_("%(name)s är godkänd.", name=approved.name), "success")
        return redirect(url_for("admin.pending_organisations"))
    return render_template(
        "admin/pending.html", organisations=outreach.pending_organisations(db.session, actor), form=form
    )
