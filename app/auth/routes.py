from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from consultation.accounts import authenticate

from ..extensions import db
from .forms import LanguageForm, LoginForm, LogoutForm

bp = Blueprint("auth", __name__)


def safe_next(target: str | None, fallback: str) -> str:
    """Only redirect to a path on this site, never to another host."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.route("/logga-in", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.start"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        user = authenticate(db.session, form.email.data, form.password.data)
        if user is not None:
            db.session.commit()
            locale = session.get("locale")
            session.clear()  # nothing from before the login carries over, but the language
            if locale:
                session["locale"] = locale
            login_user(user)
            session.permanent = True
            return redirect(safe_next(form.next.data, url_for("main.start")))
        form.form_errors.append(_("Fel e-postadress eller lösenord."))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logga-ut")
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        logout_user()
        session.clear()
        flash(_("Du är utloggad."), "success")
    return redirect(url_for("main.index"))


@bp.post("/sprak")
def language():
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session.commit()
    return redirect(safe_next(form.next.data, url_for("main.index")))
