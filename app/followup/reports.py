"""An owner organisation's report for a period: one page listing its insatser, saved, autosaved, submitted.

The same never-lose-text rules as a remissvar: a refused save shows every box as it was typed, a
colleague's change is shown beside one's own text (409), and autosave answers in JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from consultation.errors import Conflict, ValidationFailed
from consultation.followup import Initiative, annual_report, reporting
from consultation.timezones import to_local

from ..downloads import DOCX, XLSX, attachment
from ..extensions import db
from ..i18n import translate
from ..numbers import parse_id
from ..web import acting_user

bp = Blueprint("followup_reports", __name__)


def now() -> datetime:
    return datetime.now(UTC)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


@dataclass
class Row:
    """One insats on the page: the values to show (as typed, when the form comes back) and its messages."""

    initiative: Initiative
    status: str
    progress: str
    comment: str
    values: dict[int, str]
    revision: int | None
    errors: dict[str, str] = field(default_factory=dict)
    conflict: reporting.LineConflict | None = None


def read_lines(posted, page: reporting.ReportPage) -> list[reporting.LineInput]:
    return [
        reporting.LineInput(
            initiative_id=i.id,
            status=posted.get(f"status-{i.id}", ""),
            progress=posted.get(f"progress-{i.id}", ""),
            comment=posted.get(f"comment-{i.id}", ""),
            values={ind.id: posted.get(f"value-{ind.id}", "") for ind in i.indicators},
            base_revision=parse_id(posted.get(f"revision-{i.id}", "")),
        )
        for i in page.initiatives
    ]


def rows_of(page: reporting.ReportPage, posted=None, errors=None, conflicts=()) -> list[Row]:
    texts = {name: " ".join(str(translate(m)) for m in messages) for name, messages in (errors or {}).items()}
    by_initiative = {c.initiative_id: c for c in conflicts}
    rows = []
    for initiative in page.initiatives:
        line = page.lines.get(initiative.id)
        conflict = by_initiative.get(initiative.id)
        if posted is not None:
            row = Row(
                initiative,
                posted.get(f"status-{initiative.id}", ""),
                posted.get(f"progress-{initiative.id}", ""),
                posted.get(f"comment-{initiative.id}", ""),
                {i.id: posted.get(f"value-{i.id}", "") for i in initiative.indicators},
                parse_id(posted.get(f"revision-{initiative.id}", "")),
            )
            if line is not None and (conflict or row.revision is None):
                row.revision = line.revision  # saving again now keeps the text in the box, knowingly
        elif line is not None:
            row = Row(
                initiative,
                line.status,
                str(line.progress),
                line.comment,
                {i.id: _number(page.values.get(i.id)) for i in initiative.indicators},
                line.revision,
            )
        else:
            row = Row(
                initiative,
                initiative.status,
                str(initiative.progress),
                "",
                {i.id: _number(page.values.get(i.id)) for i in initiative.indicators},
                None,
            )
        row.conflict = conflict
        keys = [f"status-{initiative.id}", f"progress-{initiative.id}", f"comment-{initiative.id}"]
        keys += [f"value-{i.id}" for i in initiative.indicators]
        row.errors = {key: texts[key] for key in keys if key in texts}
        rows.append(row)
    return rows


def _render(page, status=200, posted=None, errors=None, conflicts=(), form_errors=()):
    return render_template(
        "followup/report.html",
        page=page,
        period=page.period,
        process=page.period.process,
        rows=rows_of(page, posted, errors, conflicts),
        conflicts=list(conflicts),
        form_errors=list(form_errors),
        is_open=not page.period.is_published,
        comment_max=reporting.COMMENT_MAX,
    ), status


ROUTE = "/process/<code>/uppfoljning/perioder/<int:period_id>/rapport/<int:organisation_id>"


@bp.route(ROUTE, methods=["GET", "POST"])
@login_required
def report_page(code: str, period_id: int, organisation_id: int):
    user = acting_user()
    page = reporting.report_page(db.session, user, code, period_id, organisation_id)
    if request.method == "GET":
        return _render(page)
    posted = request.form
    inputs = read_lines(posted, page)
    submitting = posted.get("action") == "submit"
    try:
        if submitting:
            _report, result = reporting.submit_report(db.session, user, code, period_id, organisation_id, inputs, now())
        else:
            result = reporting.save_report(db.session, user, code, period_id, organisation_id, inputs, now())
        db.session.commit()  # with conflicts, the lines without one are saved
    except ValidationFailed as error:
        db.session.rollback()
        return _render(page, 422, posted, errors=error.errors)
    except Conflict as error:
        db.session.rollback()
        return _render(page, 409, posted, form_errors=[translate(error.message)])
    page = reporting.report_page(db.session, user, code, period_id, organisation_id)
    if result.conflicts:
        return _render(page, 409, posted, conflicts=result.conflicts)
    if submitting:
        flash(_("Tack! Rapporten för %(name)s är inskickad.", name=page.organisation.name), "success")
    else:
        flash(_("Utkastet är sparat %(time)s.", time=to_local(now()).strftime("%H:%M")), "success")
    return redirect(url_for(".report_page", code=code, period_id=period_id, organisation_id=organisation_id))


@bp.post(ROUTE + "/autospara")
@login_required
def autosave(code: str, period_id: int, organisation_id: int):
    """Called by autosave.js; the same rules as the save button, answered in JSON."""
    user = acting_user()
    page = reporting.report_page(db.session, user, code, period_id, organisation_id)
    try:
        result = reporting.save_report(
            db.session, user, code, period_id, organisation_id, read_lines(request.form, page), now()
        )
        db.session.commit()
    except (ValidationFailed, Conflict) as error:
        db.session.rollback()
        if isinstance(error, ValidationFailed):
            message = _("Kunde inte spara automatiskt: rätta de markerade fälten och tryck på Spara utkast.")
        else:
            message = str(translate(error.message))
        return jsonify(ok=False, message=message), 409
    page = reporting.report_page(db.session, user, code, period_id, organisation_id)
    return jsonify(
        ok=True,
        saved_at=to_local(now()).strftime("%H:%M:%S"),
        revisions={str(i): line.revision for i, line in page.lines.items()},
        conflicts=[str(c.initiative_id) for c in result.conflicts],
    )


@bp.get("/process/<code>/uppfoljning/perioder/<int:period_id>/arsrapport.<any(docx, xlsx):fmt>")
def annual(code: str, period_id: int, fmt: str):
    """The annual report of a published period, for everyone (the coordinator's also before publishing)."""
    from .annual_document import build_annual_docx, build_annual_xlsx

    report = annual_report.annual_report(db.session, acting_user(), code, period_id)
    name = f"arsrapport-{report.period.process.code}-{report.period.id}.{fmt}"
    if fmt == "docx":
        return attachment(build_annual_docx(report), DOCX, name)
    return attachment(build_annual_xlsx(report), XLSX, name)
