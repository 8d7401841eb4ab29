"""Between the meeting forms and the services: a form filled from what is stored, and a posted form read into data."""

from __future__ import annotations

from consultation import meetings
from consultation.meetings import Meeting, MeetingNote, NoteKind, note_sheet
from consultation.timezones import to_local

from ..extensions import db
from ..numbers import parse_id
from .forms import AttendanceForm, MeetingForm, NoteForm


def organisations():
    """The register, for the forms' lists of organisations."""
    return meetings.organisations_to_pick(db.session)


def fill_meeting_form(form: MeetingForm, meeting: Meeting) -> None:
    """The meeting's times in Stockholm and its people; the end date only when it ends on another day."""
    start, end = to_local(meeting.starts_at), to_local(meeting.ends_at)
    form.starts_on.data, form.starts_time.data, form.ends_time.data = start.date(), start.time(), end.time()
    form.ends_on.data = end.date() if end.date() != start.date() else None
    form.facilitator_ids.data = [u.id for u in meeting.facilitators]
    form.invited_organisation_ids.data = [o.id for o in meeting.invited_organisations]


def meeting_data(form: MeetingForm) -> meetings.MeetingData:
    """The posted meeting, its start and end read as Stockholm time."""
    starts_at, ends_at = meetings.local_span(
        form.starts_on.data, form.starts_time.data, form.ends_time.data, form.ends_on.data
    )
    return meetings.MeetingData(
        kind=form.kind.data,
        title=form.title.data or "",
        theme=form.theme.data or "",
        description=form.description.data or "",
        starts_at=starts_at,
        ends_at=ends_at,
        location=form.location.data or "",
        online_url=form.online_url.data or None,
        capacity=form.capacity.data,
        facilitator_ids=form.facilitator_ids.data or [],
        invited_organisation_ids=form.invited_organisation_ids.data or [],
        is_published=bool(form.is_published.data),
    )


def fill_attendance_form(form: AttendanceForm, meeting: Meeting) -> None:
    """Organisations from the register, and one line "name, organisation" per participant outside it."""
    form.organisation_ids.data = [a.organisation_id for a in meeting.attendances if a.organisation_id]
    form.others.data = "\n".join(
        f"{a.participant_name}, {a.participant_affiliation}" if a.participant_affiliation else a.participant_name
        for a in meeting.attendances
        if a.participant_name
    )


def attendance_data(form: AttendanceForm) -> meetings.AttendanceData:
    """The posted attendance; each line of others is "name" or "name, organisation"."""
    others = [tuple(([*line.split(",", 1), ""])[:2]) for line in (form.others.data or "").splitlines() if line.strip()]
    return meetings.AttendanceData(form.organisation_ids.data or [], form.participant_count.data, others)


def fill_note_form(form: NoteForm, note: MeetingNote) -> None:
    """The note's sections, tags and next-step fields, which the form cannot take from the note itself."""
    form.section_ids.data = [s.id for s in note.sections]
    form.tags.data = ", ".join(t.tag for t in note.tags)
    form.owner_organisation_id.data = str(note.owner_organisation_id or "")
    form.step_status.data = note.step_status or "open"


def note_data(form: NoteForm) -> meetings.NoteData:
    """The posted note; the owner is an organisation of the register, or none."""
    owner = form.owner_organisation_id.data
    return meetings.NoteData(
        kind=form.kind.data,
        body=form.body.data or "",
        section_ids=form.section_ids.data or [],
        tags=[form.tags.data or ""],
        owner_organisation_id=parse_id(owner),
        owner_name=form.owner_name.data,
        due_on=form.due_on.data,
        step_status=form.step_status.data,
    )


def note_rows(posted) -> dict[NoteKind, list[note_sheet.NoteRow]]:
    """The sheet's rows as posted, by kind: every row that was on the page, in its order, typed text as typed."""
    sheet = {}
    for kind in NoteKind:
        rows = []
        for number in range(1, note_sheet.MAX_ROWS + 1):
            key = f"{kind.value}-{number}"
            if f"{key}-row" not in posted:
                break
            text = {name: posted.get(f"{key}-{name}", "") for name in _ROW_TEXTS}
            rows.append(
                note_sheet.NoteRow(
                    key=key,
                    kind=kind.value,
                    **text,
                    note_id=parse_id(posted.get(f"{key}-id")),
                    base_revision=parse_id(posted.get(f"{key}-revision")),
                    status=posted.get(f"{key}-status", "")[:20],
                )
            )
        sheet[kind] = rows or [note_sheet.blank_row(kind, 1)]
    return sheet


_ROW_TEXTS = ("body", "tags", "sections", "owner_organisation_id", "owner_name", "due_on", "step_status")


def added_group(action: str) -> NoteKind | None:
    """The group whose "Lägg till rad" button was pressed, if any (its value is add-<kind>)."""
    return next((kind for kind in NoteKind if action == f"add-{kind.value}"), None)


def take_stored_revisions(rows: dict, current: dict) -> None:
    """After a conflict, the rows keep what was typed but answer the notes as they stand now, so that saving
    again is a deliberate choice: a removed note's row becomes a new note."""
    for group in rows.values():
        for row in group:
            stored = current.get(row.key)
            if stored is not None and stored.removed:
                row.note_id, row.base_revision, row.status = None, None, ""
            elif stored is not None:
                row.base_revision = stored.revision
