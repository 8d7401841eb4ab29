"""The demo's follow-up of the adopted RUS 2030 (issue 17): 40 insatser under its three goal areas.

The insatser are authored in data/rus2030-insatser.toml and added through the follow-up's own
service, as the coordinator adds approved ones, so they obey the same rules as an import.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from consultation.followup import initiatives
from consultation.followup.initiatives import IndicatorData, InitiativeData
from consultation.followup.models import InitiativeStatus
from consultation.people import Organisation, User
from consultation.timezones import local_today

DATA_FILE = Path(__file__).parent / "data" / "rus2030-insatser.toml"


def load_initiatives(
    session: Session,
    code: str,
    sections_by_number: dict[str, int],
    organisations: dict[str, Organisation],
    coordinator: User,
    now: datetime,
) -> int:
    """Add the authored insatser to the process's adopted version; returns how many."""
    year = local_today(now).year
    rows = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))["insatser"]
    for row in rows:
        organisation = organisations[row["organisation"]]
        indicators = [IndicatorData(*row["indicator"])] if "indicator" in row else []
        initiatives.create_initiative(
            session,
            coordinator,
            code,
            InitiativeData(
                title=row["title"],
                organisation_id=organisation.id,
                section_ids=[sections_by_number[row["area"]]],
                description=row["description"],
                contact_email=organisation.email,
                starts_on=date(year + row["start"], 1, 1),
                ends_on=date(year + row["end"], 12, 31),
                status=InitiativeStatus(row["status"]),
                progress=row["progress"],
                indicators=indicators,
            ),
            now,
        )
    return len(rows)
