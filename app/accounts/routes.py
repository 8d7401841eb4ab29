from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consultation.errors import NotAllowed, ValidationFailed
from consultation.people import Organisation
from consultation.people.mail_caps import Limit, MailCapReached, MailKind
from consultation.remiss import outreach

from ..auth import begin_session
from ..auth.routes import safe_next
from ..extensions import db
from ..i18n import translate
from ..mail import external_url, send_mail, short_name
from ..mail import reserve as reserve_mail
from ..web import acting_user, commit_or_show_errors, form_status, show_domain_errors
from .forms import AcceptForm, ContactForm, InviteColleagueForm, NewAccountForm, RegisterForm, SetPasswordForm

bp = Blueprint("accounts", __name__)


def now() -> datetime:
    return datetime.now(UTC)


@bp.route("/inbjudan/<token>", methods=["GET", "POST"])
def accept(token: str):
    try:
        link = outreach.describe_link(db.session, token, now())
    except outreach.InvalidToken as error:
        return render_template("accounts/invalid_link.html", message=translate(error.message)), 410
    signed_in = acting_user()
    try:
        outreach.check_link_is_for(link, signed_in)
    except outreach.LinkForAnotherAddress as error:
        # Nothing changes: the link stays unused for the person it was sent to.
        return render_template("accounts/link_for_another_address.html", message=translate(error.message)), 403
    form = AcceptForm() if signed_in else NewAccountForm()
    if form.validate_on_submit():
        account = None if signed_in else outreach.NewAccount(form.name.data, form.password.data)
        try:
            user = outreach.accept_link(db.session, token, now(), signed_in=signed_in, account=account)
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            show_domain_errors(form, error)
        else:
            if not signed_in:
                begin_session(user)
            flash(
                _("Välkommen! Du är nu medlem i %(name)s.", name=link.organisation.name if link.organisation else ""),
                "success",
            )
            # A link in a follow-up mail goes on to the organisation's report page.
            return redirect(safe_next(request.args.get("next"), url_for("main.start")))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/accept.html", form=form, link=link, signed_in=signed_in), status


@bp.route("/valj-losenord/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """The link an admin-created user gets: choose a password, then be signed in."""
    try:
        link = outreach.describe_password_link(db.session, token, now())
    except outreach.InvalidToken as error:
        return render_template("accounts/invalid_link.html", message=translate(error.message)), 410
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = outreach.set_password_from_link(db.session, token, form.password.data, now())
            db.session.commit()
        except outreach.InvalidToken as error:
            db.session.rollback()
            return render_template("accounts/invalid_link.html", message=translate(error.message)), 410
        except ValidationFailed as error:
            db.session.rollback()
            show_domain_errors(form, error)
        else:
            if not user.is_active:
                flash(_("Lösenordet är sparat. Kontot är inte aktiverat än; samordnaren meddelar dig."), "success")
                return redirect(url_for("auth.login"))
            begin_session(user)
            flash(_("Lösenordet är sparat och du är inloggad."), "success")
            return redirect(url_for("main.start"))
    return render_template("accounts/set_password.html", form=form, link=link), form_status(form)


@bp.route("/registrera", methods=["GET", "POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.start"))
    rounds = outreach.open_rounds(db.session, now())
    form = RegisterForm()
    if rounds and form.validate_on_submit():
        moment = now()
        try:
            outcome = outreach.register(db.session, _registration(form), moment)
            send = _may_send(outcome.email, moment)
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            show_domain_errors(form, error)
        except MailCapReached as error:  # too many registrations from this client address
            db.session.rollback()
            form.form_errors.append(translate(error.message))
            return render_template("accounts/register.html", form=form, rounds=rounds), 429
        else:
            if send:
                _send_registration_mail(outcome)
            # The same page whether or not the address had an account (or its mail was capped):
            # only the owner of the address learns which.
            return render_template("accounts/check_mail.html", email=outcome.email)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("accounts/register.html", form=form, rounds=rounds), status


def _registration(form: RegisterForm) -> outreach.Registration:
    """The form as the service takes it; an organisation's name is "" (not None) when left out."""
    as_organisation = form.kind.data == "organisation"
    return outreach.Registration(
        name=form.name.data,
        email=form.email.data,
        password=form.password.data,
        organisation_name=(form.organisation_name.data or "") if as_organisation else None,
        actor_type=form.actor_type.data if as_organisation else None,
        municipality=form.municipality.data if as_organisation else None,
    )


def _may_send(email: str, moment: datetime) -> bool:
    """Count the registration's mail; False when the address has had its share today (nothing is said)."""
    try:
        reserve_mail(MailKind.REGISTRATION, email, moment)
    except MailCapReached as error:
        if error.limit != Limit.RECIPIENT:
            raise
        return False
    return True


def _send_registration_mail(outcome: outreach.RegistrationOutcome) -> None:
    if outcome.existing is not None:
        send_mail(
            outcome.email,
            _("Du har redan ett konto i Samråd"),
            "account_exists",
            user=outcome.existing,
            link=external_url("auth.login"),
        )
    else:
        send_mail(
            outcome.email,
            _("Bekräfta din e-postadress i Samråd"),
            "confirm",
            user=outcome.user,
            link=external_url("accounts.confirm", token=outcome.token),
        )


@bp.route("/bekrafta/<token>", methods=["GET", "POST"])
def confirm(token: str):
    """GET shows a button; the POST changes state (no state changes on GET). A link that cannot
    be used is 410 on both, so it looks the same as a used invitation link."""
    try:
        outreach.check_confirmation(db.session, token, now())
    except outreach.InvalidToken as error:
        return render_template("accounts/invalid_link.html", message=translate(error.message)), 410
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            user = outreach.confirm_email(db.session, token, now())
            db.session.commit()
        except outreach.InvalidToken as error:
            db.session.rollback()
            return render_template("accounts/invalid_link.html", message=translate(error.message)), 410
        begin_session(user)
        flash(_("Tack! Din e-postadress är bekräftad och du är inloggad."), "success")
        return redirect(url_for("main.start"))
    return render_template("accounts/confirm.html", form=form)


@bp.route("/organisation/<int:organisation_id>/bjud-in", methods=["GET", "POST"])
@login_required
def invite_colleague(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id)
    user = acting_user()
    if organisation is None or not user.is_member_of(organisation_id):
        abort(404)
    form = InviteColleagueForm()
    if form.validate_on_submit():
        moment, capped = now(), False

        def invite() -> str:
            token = outreach.invite_colleague(db.session, user, organisation_id, form.email.data, moment)
            reserve_mail(MailKind.COLLEAGUE_INVITATION, form.email.data, moment, sender=user)
            return token

        try:
            token = commit_or_show_errors(form, invite)
        except (NotAllowed, MailCapReached) as error:
            db.session.rollback()
            form.form_errors.append(translate(error.message))
            token, capped = None, isinstance(error, MailCapReached)
        if capped:
            return render_template("accounts/invite_colleague.html", form=form, organisation=organisation), 429
        if token is not None:
            send_mail(
                form.email.data,
                _("%(name)s bjuder in dig till Samråd", name=short_name(user.name)),
                "colleague",
                inviter=user,
                organisation=organisation,
                link=external_url("accounts.accept", token=token),
            )
            flash(_("Inbjudan är skickad till %(email)s.", email=form.email.data), "success")
            return redirect(url_for(".invite_colleague", organisation_id=organisation_id))
    return render_template("accounts/invite_colleague.html", form=form, organisation=organisation), form_status(form)


@bp.route("/organisation/<int:organisation_id>/kontakt", methods=["GET", "POST"])
@login_required
def contact(organisation_id: int):
    """A member changes where the organisation's invitations and reminders go."""
    user = acting_user()
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not user.is_member_of(organisation_id):
        abort(404)
    form = ContactForm(data={"email": organisation.email} if request.method == "GET" else None)
    if form.validate_on_submit():
        saved = commit_or_show_errors(
            form, lambda: outreach.change_contact(db.session, user, organisation_id, form.email.data, now())
        )
        if saved is not None:
            flash(_("Kontaktadressen för %(name)s är nu %(email)s.", name=saved.name, email=saved.email), "success")
            return redirect(url_for("main.start"))
    return render_template("accounts/contact.html", form=form, organisation=organisation), form_status(form)
