from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Blueprint, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from consultation import audit
from consultation.people import accounts, login_throttle
from consultation.people.login_throttle import Refusal

from ..extensions import db
from ..web import acting_user, form_status
from . import begin_session, end_session, end_this_session, throttling
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


def now() -> datetime:
    return datetime.now(UTC)


def _refused(form: LoginForm, refusal: Refusal, moment: datetime):
    """429 with the form again (the e-mail kept, never the password) and when to try again."""
    seconds = refusal.retry_after(moment)
    minutes = -(-seconds // 60)
    form.form_errors.append(
        _("För många inloggningsförsök. Vänta en minut och försök igen.")
        if minutes <= 1
        else ngettext(
            "För många inloggningsförsök. Vänta %(num)s minut och försök igen.",
            "För många inloggningsförsök. Vänta %(num)s minuter och försök igen.",
            minutes,
        )
    )
    response = make_response(render_template("auth/login.html", form=form), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/logga-in", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.start"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), form_status(form)
    moment = now()
    policy, address = throttling.policy(), throttling.client_address()
    # Lock the throttle's rows, count and reserve the attempt, and commit; then hash the password with no
    # transaction open (on SQLite a writing transaction holds the whole database's write lock); then write
    # the outcome. So concurrent attempts are counted one at a time and no write waits for a hash.
    checked = login_throttle.check_login(
        db.session,
        policy,
        throttling.secret(),
        form.email.data,
        address,
        moment,
        known_accounts=throttling.known_accounts(),
    )
    db.session.commit()
    password_ok = checked.password_matches(form.password.data)
    new_hash = checked.replacement_hash(form.password.data) if password_ok else None
    outcome = login_throttle.finish_login(db.session, checked, password_ok, moment, new_hash=new_hash)
    db.session.commit()
    if outcome.refusal is not None:
        return _refused(form, outcome.refusal, moment)
    if outcome.user is None:
        form.form_errors.append(_("Fel e-postadress eller lösenord."))
        return render_template("auth/login.html", form=form), 422
    begin_session(outcome.user)
    response = redirect(safe_next(form.next.data, url_for("main.start")))
    throttling.remember_device(response, outcome.account_key)
    return response


@bp.post("/logga-ut")
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        # Only this browser: the person's phone or work computer stays signed in.
        end_this_session()
        audit.record(db.session, audit.Action.LOGOUT, acting_user())
        db.session.commit()
        end_session()
        flash(_("Du är utloggad."), "success")
    return redirect(url_for("main.index"))


@bp.post("/logga-ut-overallt")
@login_required
def logout_everywhere():
    """For a forgotten login on a borrowed computer: every session of the account ends, this one too."""
    if LogoutForm().validate_on_submit():
        user = acting_user()
        accounts.end_sessions(user)
        audit.record(db.session, audit.Action.LOGOUT_EVERYWHERE, user)
        db.session.commit()
        end_session()
        flash(_("Du är utloggad på alla datorer och telefoner där du var inloggad."), "success")
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
