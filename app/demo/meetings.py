"""Demo dialogue meetings: read from `data/meetings.toml` and created through the meeting services."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation import meetings
from consultation.drafts import Process
from consultation.drafts.processes import current_version
from consultation.people import Organisation, User
from consultation.people.access import SYSTEM
from consultation.timezones import local_days_from_today, local_today

DATA_FILE = Path(__file__).parent / "data" / "meetings.toml"


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def load_demo_meetings(session: Session, process: Process, now: datetime | None = None) -> int:
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    now = now or datetime.now(UTC)
    organisations = {o.name: o for o in session.scalars(select(Organisation))}
    sections = {s.number: s.id for s in current_version(process).sections}
    facilitator_ids = [u.id for u in process.facilitators[:1]]
    for item in data["meetings"]:
        meeting = meetings.save_meeting(
            session,
            SYSTEM,
            process.id,
            meetings.MeetingData(
                kind=item["kind"],
                title=item["title"],
                theme=item.get("theme", ""),
                description=item.get("description", ""),
                starts_at=local_days_from_today(item["days_from_today"], _clock(item["start"]), now),
                ends_at=local_days_from_today(item["days_from_today"], _clock(item["end"]), now),
                location=item.get("location", ""),
                online_url=item.get("online_url"),
                capacity=item.get("capacity"),
                facilitator_ids=facilitator_ids,
                invited_organisation_ids=[organisations[n].id for n in item.get("attending", [])],
                is_published=True,
            ),
        )
        if item.get("attending"):
            meetings.register_attendance(
                session,
                SYSTEM,
                meeting.id,
                meetings.AttendanceData(
                    organisation_ids=[organisations[n].id for n in item["attending"]],
                    participant_count=item.get("participants"),
                    others=[tuple(o) for o in item.get("others", [])],
                ),
            )
        for note in item.get("notes", []):
            owner = organisations.get(note.get("owner_organisation", ""))
            meetings.save_note(
                session,
                SYSTEM,
                meeting.id,
                meetings.NoteData(
                    kind=note["kind"],
                    body=note["text"],
                    section_ids=[sections[n] for n in note.get("sections", [])],
                    tags=note.get("tags", []),
                    owner_organisation_id=owner.id if owner else None,
                    owner_name=note.get("owner"),
                    step_status=note.get("status"),
                    due_on=local_today(now) + timedelta(days=note["due_in_days"]) if "due_in_days" in note else None,
                ),
            )
        if item.get("notes"):
            meetings.publish_notes(session, SYSTEM, meeting.id, [], meeting.ends_at)
        for email in item.get("signups", []):
            user = session.scalar(select(User).where(User.email == email))
            organisation_id = user.memberships[0].organisation_id if user.memberships else None
            meetings.sign_up(session, user, meeting.id, organisation_id, now)
    session.flush()
    return len(data["meetings"])
