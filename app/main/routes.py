from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from consultation import meetings, processes
from consultation.dashboard import start_page
from consultation.timezones import local_today

from ..extensions import db
from ..web import acting_user

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template(
        "main/index.html", processes=processes.list_processes(db.session, acting_user())
    )


@bp.get("/process/<code>")
def process(code: str):
    found = processes.get_process(db.session, acting_user(), code)
    return render_template(
        "main/process.html",
        process=found,
        timeline=processes.timeline(found, local_today()),
        version=processes.current_version(found),
        rounds=processes.rounds_of(db.session, found),
        dialogue=meetings.dialogue_summary(db.session, found, datetime.now(UTC)),
        upcoming=[m for m in meetings.list_meetings(db.session, acting_user(), found) if m.ends_at >= datetime.now(UTC)],
    )


@bp.get("/process/<code>/forslag")
def draft(code: str):
    found = processes.get_process(db.session, acting_user(), code)
    version = processes.get_version(db.session, found, None)
    return render_template("main/draft.html", process=found, version=version)


@bp.get("/start")
@login_required
def start():
    page = start_page(db.session, current_user, datetime.now(UTC))
    return render_template("main/start.html", page=page)


@bp.get("/om-tjansten")
def about():
    return render_template("main/about.html")
