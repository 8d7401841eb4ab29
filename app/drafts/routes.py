from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation.drafts import processes, publication

from ..extensions import db
from ..web import acting_user, commit_or_show_errors
from .forms import ConfirmForm

bp = Blueprint("drafts", __name__)


@bp.before_request
@login_required
def _signed_in():
    """Every page here writes or publishes versions; the services decide who may."""


def _version(code: str, number: int):
    found = processes.get_process(db.session, acting_user(), code)
    publication.require_draft_writer(acting_user())
    return found, publication.get_version(acting_user(), found, number)


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
