from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import gettext as _
from flask_login import login_required

from consultation import meetings
from consultation.drafts import processes
from consultation.letters import sources as letter_sources
from consultation.meetings import NoteKind
from consultation.people import ActorType
from consultation.remiss import ResponseStatus, reading, responses
from consultation.remiss.rounds import get_round
from consultation.review import answerables
from consultation.timezones import to_local

from .. import labels
from ..downloads import CSV, XLSX, attachment, audited
from ..exports import to_csv, to_xlsx
from ..extensions import db
from ..numbers import page_number, parse_id
from ..page_cache import cached_page
from ..web import acting_user
from .forms import NoteFilterForm, ResponseFilterForm

bp = Blueprint("review", __name__)


@bp.before_request
@login_required
def _readers_only():
    reading.require_reader(acting_user())


@bp.get("/rundor/<int:round_id>/svar", endpoint="responses")
@cached_page
def responses_list(round_id: int):
    round_ = get_round(db.session, round_id)
    form = ResponseFilterForm(round_.version.sections, request.args)
    filters = reading.ResponseFilter(
        actor_type=ActorType(form.actor_type.data) if form.actor_type.data in {t.value for t in ActorType} else None,
        status=ResponseStatus(form.status.data) if form.status.data in ("submitted", "withdrawn") else None,
        section_id=parse_id(form.section.data),
    )
    found = reading.submitted_responses(
        db.session,
        acting_user(),
        round_id,
        filters,
        page=request.args.get("sida", 1, type=page_number),
        per_page=current_app.config["LIST_PAGE_SIZE"],
    )
    return render_template(
        "review/responses.html", round=round_, found=found, form=form, actor_type_of=reading.actor_type_of
    )


@bp.get("/svar/<int:response_id>")
@cached_page
def response(response_id: int):
    found = responses.get_submitted_response(db.session, acting_user(), response_id)
    number = parse_id(request.args.get("version")) or len(found.submissions)
    submission = next((s for s in found.submissions if s.number == number), None) or abort(404)
    if request.args.get("utskrift"):
        return render_template(
            "review/print.html", response=found, submission=submission, actor_type=reading.actor_type_of(found)
        )
    # Each comment of the version links to where its position is recorded, once an analysis has read it.
    answers = answerables.answers_of_response(db.session, acting_user(), found)
    return render_template(
        "review/response.html",
        response=found,
        submission=submission,
        actor_type=reading.actor_type_of(found),
        answers=answers,
        letter_sources=letter_sources.sources_by_section_key(db.session, found),
        letters=letter_sources.sent_letters(db.session, [found.id]).get(found.id, []),
    )


@bp.get("/rundor/<int:round_id>/avsnitt")
def sections(round_id: int):
    round_ = get_round(db.session, round_id)
    rows = reading.comment_rows(db.session, acting_user(), round_id)
    counts: dict[int | None, int] = {}
    for row in rows:
        counts[row.comment.section_id] = counts.get(row.comment.section_id, 0) + 1
    return render_template("review/sections.html", round=round_, counts=counts)


@bp.get("/rundor/<int:round_id>/avsnitt/<section>")
def section(round_id: int, section: str):
    round_ = get_round(db.session, round_id)
    if section == "helhet":
        found, rows = None, reading.comment_rows(db.session, acting_user(), round_id, whole_document_only=True)
    else:
        found = next((s for s in round_.version.sections if str(s.id) == section), None) or abort(404)
        rows = reading.comment_rows(db.session, acting_user(), round_id, section_id=found.id)
    return render_template("review/section.html", round=round_, section=found, rows=rows)


EXPORT_HEADER = (
    "Källa",
    "Diarienummer",
    "Organisation",
    "Aktörstyp",
    "Kommun",
    "Avsnitt",
    "Rubrik",
    "Synpunkt",
    "Inskickad",
)


def _export_rows(round_id: int):
    """Every submitted comment of the round, then every published note of the process's meetings."""
    for row in reading.comment_rows(db.session, acting_user(), round_id):
        yield (
            _("Remissvar"),
            row.reference,
            row.sender,
            str(labels.ACTOR_TYPES[row.actor_type]),
            row.municipality,
            row.section_number or _("Helhet"),
            row.section_heading or _("Förslaget som helhet"),
            row.text,
            to_local(row.submitted_at).strftime("%Y-%m-%d %H:%M") if row.submitted_at else "",
        )
    round_ = get_round(db.session, round_id)
    yield from _note_rows(meetings.notes_of_process(db.session, acting_user(), round_.process))


def _note_rows(notes):
    for note in notes:
        source = f"{labels.meeting_source(note.meeting.title)}, {to_local(note.meeting.starts_at).strftime('%Y-%m-%d')}"
        sections = note.sections or [None]
        for section in sections:
            yield (
                source,
                f"{labels.NOTE_KINDS[note.kind]} {note.id}",
                "",
                "",
                "",
                section.number if section else "",
                section.heading if section else "",
                note.body,
                to_local(note.published_at).strftime("%Y-%m-%d %H:%M") if note.published_at else "",
            )


@bp.get("/process/<code>/anteckningar")
def notes(code: str):
    process = processes.get_process(db.session, acting_user(), code)
    version = processes.current_version(process)
    form = NoteFilterForm(
        meetings.list_meetings(db.session, acting_user(), process), version.sections if version else [], request.args
    )
    filters = meetings.NoteFilter(
        meeting_id=parse_id(form.meeting.data),
        kind=NoteKind(form.kind.data) if form.kind.data in {k.value for k in NoteKind} else None,
        section_id=parse_id(form.section.data),
        tag=(form.tag.data or "").strip() or None,
    )
    found = meetings.notes_of_process(db.session, acting_user(), process, filters)
    if request.args.get("format") in ("csv", "xlsx"):
        rows = _note_rows(found)
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        if request.args["format"] == "csv":
            download = attachment(to_csv(EXPORT_HEADER, rows), CSV, f"anteckningar-{process.code}-{stamp}.csv")
        else:
            download = attachment(
                to_xlsx("Anteckningar", EXPORT_HEADER, rows), XLSX, f"anteckningar-{process.code}-{stamp}.xlsx"
            )
        return audited(download, "meeting_notes", request.args["format"], ("process", process.id), notes=len(found))
    return render_template("review/notes.html", process=process, notes=found, form=form)


@bp.get("/rundor/<int:round_id>/synpunkter.csv")
def export_csv(round_id: int):
    round_ = get_round(db.session, round_id)
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    download = attachment(
        to_csv(EXPORT_HEADER, _export_rows(round_id)), CSV, f"synpunkter-{round_.process.code}-{stamp}.csv"
    )
    return audited(download, "comments", "csv", ("consultation_round", round_.id))


@bp.get("/rundor/<int:round_id>/synpunkter.xlsx")
def export_xlsx(round_id: int):
    round_ = get_round(db.session, round_id)
    stamp = datetime.now(UTC).strftime("%Y%m%d")
    download = attachment(
        to_xlsx("Synpunkter", EXPORT_HEADER, _export_rows(round_id)),
        XLSX,
        f"synpunkter-{round_.process.code}-{stamp}.xlsx",
    )
    return audited(download, "comments", "xlsx", ("consultation_round", round_.id))
