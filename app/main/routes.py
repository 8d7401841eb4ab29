from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, get_template_attribute, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consultation import audit, meetings
from consultation.dashboard import start_page
from consultation.drafts import adoption, processes, publication
from consultation.drafts import compare as draft_compare
from consultation.followup import annual_cycle
from consultation.people.access import is_admin
from consultation.remiss import rounds
from consultation.review import change_reasons
from consultation.timezones import local_today

from ..downloads import DOCX, attachment
from ..extensions import db
from ..mail import send_mail
from ..numbers import parse_id
from ..page_cache import cached_page
from ..web import acting_user, form_status
from .forms import AccessibilityReportForm

bp = Blueprint("main", __name__)


@bp.get("/")
def index():
    return render_template("main/index.html", processes=processes.list_processes(db.session, acting_user()))


@bp.get("/process/<code>")
@cached_page
def process(code: str):
    found = processes.get_process(db.session, acting_user(), code)
    adopted = adoption.adoption_of(db.session, found)
    year = local_today().year
    cycle = annual_cycle.year_events(db.session, acting_user(), found, year) if adopted else []
    return render_template(
        "main/process.html",
        cycle_year=year,
        cycle=[(date(year, month, 1), events) for month, events in annual_cycle.by_month(cycle)] if cycle else [],
        process=found,
        timeline=processes.timeline(found, local_today(), adopted.decided_on if adopted else None),
        version=processes.current_version(found),
        adopted=adopted,
        may_adopt=is_admin(acting_user()),
        versions=publication.visible_versions(acting_user(), found),
        may_write=publication.may_see_drafts(acting_user()),
        rounds=rounds.rounds_of(db.session, found),
        dialogue=meetings.dialogue_summary(db.session, found, datetime.now(UTC)),
        upcoming=[
            m for m in meetings.list_meetings(db.session, acting_user(), found) if m.ends_at >= datetime.now(UTC)
        ],
    )


@bp.get("/process/<code>/forslag")
@bp.get("/process/<code>/forslag/v<int:number>", endpoint="draft_version")
@cached_page
def draft(code: str, number: int | None = None):
    """The current published version, or one numbered version (a draft only to those who write it)."""
    found = processes.get_process(db.session, acting_user(), code)
    version = publication.get_version(acting_user(), found, number)
    return render_template(
        "main/draft.html",
        process=found,
        version=version,
        current=processes.current_version(found),
        rounds=[r for r in rounds.rounds_of(db.session, found) if r.version_id == version.id],
        may_publish=publication.may_see_drafts(acting_user()),
        adopted=adoption.adoption_of(db.session, found),
    )


def _version_number(name: str) -> int | None:
    """A version number from the query string; absent means the default, anything unreadable none that exists."""
    value = request.args.get(name)
    if value is None or value == "":
        return None
    number = parse_id(value)
    return 0 if number is None else number


@bp.get("/process/<code>/forslag/jamfor")
def compare(code: str):
    traced = change_reasons.traced_comparison(
        db.session, acting_user(), code, _version_number("fran"), _version_number("till")
    )
    return render_template("main/compare.html", traced=traced, comparison=traced.comparison)


@bp.get("/process/<code>/forslag/jamfor.docx")
def compare_docx(code: str):
    # Deferred: python-docx is a tenth of the app's start-up and only a Word download needs it.
    from .compare_document import build_comparison_docx

    comparison = draft_compare.compare_versions(
        db.session, acting_user(), code, _version_number("fran"), _version_number("till")
    )
    summary = get_template_attribute("main/_diff.html", "summary")(comparison.counts)
    data = build_comparison_docx(comparison, str(summary))
    name = f"jamforelse-{comparison.process.code}-v{comparison.old.number}-v{comparison.new.number}.docx"
    return attachment(data, DOCX, re.sub(r"[^A-Za-z0-9_.-]", "", name))


@bp.get("/process/<code>/strategi")
def strategy(code: str):
    """ "Antagen strategi": the adopted version with the decision, once the council has adopted one."""
    adopted = adoption.adopted_strategy(db.session, acting_user(), code)
    return render_template(
        "main/strategy.html",
        strategy=adopted,
        process=adopted.process,
        version=adopted.version,
        compilations=_published_compilations(adopted.process),
    )


def _published_compilations(process) -> list:
    return [r for r in rounds.rounds_of(db.session, process) if r.compilation_published_at]


@bp.get("/process/<code>/strategi.docx")
def strategy_docx(code: str):
    # Deferred: python-docx is a tenth of the app's start-up and only a Word download needs it.
    from .strategy_document import build_strategy_docx

    adopted = adoption.adopted_strategy(db.session, acting_user(), code)
    name = re.sub(r"[^A-Za-z0-9_.-]", "", f"antagen-strategi-{adopted.process.code}.docx")
    compilations = [
        (r.title, url_for("compilation.public", code=adopted.process.code, round_id=r.id, _external=True))
        for r in _published_compilations(adopted.process)
    ]
    return attachment(build_strategy_docx(adopted, compilations), DOCX, name)


@bp.get("/start")
@login_required
def start():
    page = start_page(db.session, current_user, datetime.now(UTC))
    return render_template("main/start.html", page=page)


@bp.get("/om-tjansten")
def about():
    return render_template("main/about.html")


@bp.get("/tillganglighet")
def accessibility():
    """The accessibility statement (tillgänglighetsredogörelse) that lag 2018:1937 requires."""
    config = current_app.config
    return render_template(
        "main/accessibility.html",
        reported_page=_page_of_referrer(),
        made=date.fromisoformat(config["ACCESSIBILITY_STATEMENT_MADE"]),
        reviewed=date.fromisoformat(config["ACCESSIBILITY_STATEMENT_REVIEWED"]),
    )


def _page_of_referrer() -> str:
    """The page a person came from, when it is a page of this site (other sites' addresses are not kept)."""
    referrer = request.referrer or ""
    parts = urlsplit(referrer)
    if parts.netloc != request.host or parts.path.startswith("/tillganglighet"):
        return ""
    return referrer


@bp.route("/tillganglighet/rapportera", methods=["GET", "POST"])
def report_accessibility():
    form = AccessibilityReportForm()
    if request.method == "GET":
        form.page.data = request.args.get("sida", "")[:500] or _page_of_referrer()[:500]
    if form.validate_on_submit():
        reporter = acting_user()
        email = (form.email.data or "").strip()
        contact = current_app.config["ACCESSIBILITY_CONTACT_EMAIL"]
        if _too_many_reports():
            form.form_errors.append(
                _(
                    "Många rapporter har skickats härifrån den senaste timmen. Din text finns kvar: försök igen om en "
                    "stund, eller skicka den med e-post till %(email)s.",
                    email=contact,
                )
            )
            return render_template("main/accessibility_report.html", form=form), 429
        if not _send_report(form, reporter, email, contact):
            form.form_errors.append(
                _(
                    "Meddelandet kunde inte skickas just nu. Din text finns kvar: försök igen om en stund, eller skicka den "
                    "med e-post till %(email)s.",
                    email=contact,
                )
            )
            return render_template("main/accessibility_report.html", form=form), 503
        audit.record(db.session, audit.Action.ACCESSIBILITY_REPORTED, reporter)  # never the text or the address given
        db.session.commit()
        return render_template("main/accessibility_reported.html", wants_answer=form.wants_answer.data, email=email)
    return render_template("main/accessibility_report.html", form=form), form_status(form)


def _too_many_reports() -> bool:
    """As many reports from this address in the last hour as the site takes: anyone can post the form."""
    since = datetime.now(UTC) - timedelta(hours=1)
    sent = audit.count_from_address(db.session, audit.Action.ACCESSIBILITY_REPORTED, audit.client_address.get(), since)
    return sent >= current_app.config["ACCESSIBILITY_REPORTS_PER_HOUR"]


def _send_report(form: AccessibilityReportForm, reporter, email: str, contact: str) -> bool:
    """Mail the report to those who answer it; False (and logged) when it cannot be sent."""
    try:
        with force_locale("sv"):  # to the people who answer, in Swedish whatever language the page had
            send_mail(
                contact,
                _("Tillgänglighetsproblem rapporterat i Samråd"),
                "accessibility_report",
                page=(form.page.data or "").strip(),
                description=form.description.data.strip(),
                email=email,
                wants_answer=form.wants_answer.data,
                reporter=reporter.name if reporter else "",
            )
    except OSError:  # smtplib's errors included
        current_app.logger.exception("Could not send an accessibility report")
        return False
    return True
