"""The demo's councils for the adopted RUS 2030 (issue 17): three councils and two meetings with agendas.

Authored in data/rus2030-rad.toml and added through the councils' own services, as the coordinator and
the strategic group would, so the demo obeys the same rules: the past meeting's agenda is published with
minutes, decisions and commitments (for a visitor to make into insatser), the coming one is a draft.
"""

from __future__ import annotations

import tomllib
from datetime import datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation import meetings
from consultation.followup import Initiative, agendas, councils
from consultation.people import Organisation, User
from consultation.timezones import local_days_from_today, local_today

DATA_FILE = Path(__file__).parent / "data" / "rus2030-rad.toml"
OTHER = "övrigt"


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def load_councils(
    session: Session,
    code: str,
    sections_by_number: dict[str, int],
    organisations: dict[str, Organisation],
    coordinator: User,
    now: datetime,
) -> int:
    """Add the councils and their meetings to the followed-up process; returns how many meetings."""
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    made: dict[str, councils.Council] = {}
    for row in data["councils"]:
        council = councils.create_council(
            session,
            coordinator,
            code,
            councils.CouncilData(row["name"], row["kind"], row["description"], coordinator.id),
            now,
        )
        for name in row["members"]:
            councils.add_member(session, coordinator, council, organisation_id=organisations[name].id)
        made[row["name"]] = council
    process = made[data["councils"][0]["name"]].process
    by_title = {i.title: i.id for i in session.scalars(select(Initiative).where(Initiative.process_id == process.id))}
    today = local_today(now)
    for row in data["meetings"]:
        council = made[row["council"]]
        starts_at = local_days_from_today(row["in_days"], _clock(row["time"]), now)
        meeting = meetings.save_meeting(
            session,
            coordinator,
            process.id,
            meetings.MeetingData(
                kind="council",
                title=row["title"],
                theme="",
                description="",
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=row["hours"]),
                location=row["location"],
                is_published=True,
            ),
        )
        councils.link_meeting(session, coordinator, council, meeting.id)
        ids = (code, council.id, meeting.id)
        prepared = []
        for item in row["items"]:
            data_ = agendas.ItemData(
                item["title"],
                goal_area_id=None if item["area"] == OTHER else sections_by_number[item["area"]],
                initiative_ids=tuple(by_title[title] for title in item.get("initiatives", [])),
            )
            prepared.append((item, agendas.add_item(session, coordinator, *ids, data_, now)))
        if row.get("draft"):
            continue
        agendas.publish_agenda(session, coordinator, *ids, starts_at - timedelta(days=7))
        for item, agenda_item in prepared:
            agendas.record_minutes(
                session, coordinator, *ids, agenda_item.id, item.get("minutes", ""), item.get("decision", ""), now
            )
            for given in item.get("commitments", []):
                agendas.add_commitment(
                    session,
                    coordinator,
                    *ids,
                    agenda_item.id,
                    agendas.CommitmentData(
                        organisations[given["owner"]].id, given["text"], today + timedelta(days=given["due_in_days"])
                    ),
                    now,
                )
    session.flush()
    return len(data["meetings"])
