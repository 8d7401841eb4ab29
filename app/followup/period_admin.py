"""The coordinator's reporting periods: opening one (which mails the owners), completeness, re-send, publish."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation.errors import NotAllowed, ValidationFailed
from consultation.followup import completeness, periods
from consultation.people.access import require_admin

from .. import jobs
from ..extensions import db
from ..i18n import translate
from ..web import acting_user, show_domain_errors
from .forms import ConfirmForm, PeriodForm, ReminderDaysForm
from .routes import _followed_up

bp = Blueprint("followup_periods", __name__)


@bp.before_request
@login_required
def _coordinators_only():
    require_admin(acting_user())


@bp.route("/processer/<code>/uppfoljning/perioder", methods=["GET", "POST"])
def periods_page(code: str):
    process, _adoption = _followed_up(code)
    form = PeriodForm()
    if form.validate_on_submit():
        try:
            period = periods.open_period(
                db.session,
                acting_user(),
                process.code,
                form.name.data,
                form.deadline_on.data,
                form.reminder_days.data or "",
                datetime.now(UTC),
            )
            job = periods.start_opening_mail(db.session, acting_user(), period)
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            show_domain_errors(form, error)
        else:
            jobs.dispatch(job.id)
            flash(
                _("Perioden %(name)s är öppnad. Ägarna till insatserna får e-post med en länk.", name=period.name),
                "success",
            )
            return redirect(url_for(".period_page", code=process.code, period_id=period.id))
    return render_template(
        "followup/periods.html",
        process=process,
        periods=periods.periods_of(db.session, acting_user(), process.id),
        form=form,
    ), (422 if form.errors or form.form_errors else 200)


def _period_page(code: str, period_id: int, reminder_form: ReminderDaysForm | None = None, status: int = 200):
    found = completeness.completeness(db.session, acting_user(), code, period_id)
    if reminder_form is None:
        reminder_form = ReminderDaysForm(reminder_days=", ".join(str(d) for d in found.period.reminder_days))
    return render_template(
        "followup/period.html",
        process=found.period.process,
        seen=found,
        period=found.period,
        moments=periods.reminder_moments(found.period),
        reminder_form=reminder_form,
        confirm_form=ConfirmForm(),
        now=datetime.now(UTC),
    ), status


@bp.get("/processer/<code>/uppfoljning/perioder/<int:period_id>")
def period_page(code: str, period_id: int):
    return _period_page(code, period_id)


@bp.post("/processer/<code>/uppfoljning/perioder/<int:period_id>/paminnelser")
def reminder_days(code: str, period_id: int):
    form = ReminderDaysForm()
    if form.validate_on_submit():
        try:
            periods.save_reminder_days(
                db.session, acting_user(), code, period_id, form.reminder_days.data or "", datetime.now(UTC)
            )
            db.session.commit()
        except ValidationFailed as error:
            db.session.rollback()
            show_domain_errors(form, error)
        else:
            flash(_("Påminnelseschemat är sparat."), "success")
            return redirect(url_for(".period_page", code=code, period_id=period_id))
    return _period_page(code, period_id, form, 422)


@bp.post("/processer/<code>/uppfoljning/perioder/<int:period_id>/skicka-igen")
def resend(code: str, period_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        job = periods.start_resend(db.session, acting_user(), code, period_id, datetime.now(UTC))
        db.session.commit()
    except NotAllowed as error:
        db.session.rollback()
        flash(translate(error.message), "error")
    else:
        jobs.dispatch(job.id)
        flash(_("En påminnelse skickas nu till de organisationer som inte har rapporterat."), "success")
    return redirect(url_for(".period_page", code=code, period_id=period_id))


@bp.post("/processer/<code>/uppfoljning/perioder/<int:period_id>/publicera")
def publish(code: str, period_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    period = periods.publish_period(db.session, acting_user(), code, period_id, datetime.now(UTC))
    db.session.commit()
    flash(_("Perioden %(name)s är publicerad och syns för alla.", name=period.name), "success")
    return redirect(url_for(".period_page", code=code, period_id=period_id))
