"""Load the demo process from `data/*.toml` and its draft from Markdown."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consultation.drafts import Document, Phase, PhaseKind, Process, VersionStatus
from consultation.drafts.versions import add_version, parse_markdown
from consultation.people import Organisation, Role, User, accounts
from consultation.people.access import SYSTEM
from consultation.remiss import ConsultationRound, RoundAccess
from consultation.timezones import local_days_from_today, local_today

if TYPE_CHECKING:
    from .earlier import EarlierSummary

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_FILE = DATA_DIR / "rus2040.toml"


@dataclass
class DemoSummary:
    process: Process
    organisations: int = 0
    sections: int = 0
    responses: int = 0
    meetings: int = 0
    users: list[tuple[User, str]] = field(default_factory=list)
    earlier: EarlierSummary | None = None

    def describe(self) -> str:
        lines = [
            f"Demodata laddad: {self.process.title} ({self.process.code}),"
            f" {self.sections} avsnitt, {self.organisations} organisationer,"
            f" {self.responses} inskickade remissvar, {self.meetings} dialogträffar.",
        ]
        if self.earlier is not None:
            lines.append(self.earlier.describe())
        return "\n".join(lines)


def database_is_empty(session: Session) -> bool:
    return not session.scalar(select(func.count()).select_from(Process))


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def new_process(data: dict, today: date) -> Process:
    """A demo data file's process with its phases, dated in days from `today`."""
    info = data["process"]
    process = Process(code=info["code"], title=info["title"], region=info["region"], description=info["description"])
    for phase in data["phases"]:
        process.phases.append(
            Phase(
                kind=PhaseKind(phase["kind"]),
                starts_on=today + timedelta(days=phase["starts_in_days"]),
                ends_on=today + timedelta(days=phase["ends_in_days"]),
                description=phase.get("description", ""),
            )
        )
    return process


def load_demo_data(
    session: Session,
    password: str,
    path: Path = DEFAULT_FILE,
    *,
    with_responses: bool = True,
    with_earlier: bool | None = None,
) -> DemoSummary:
    """Create the demo process, its register, draft, open round and users, relative to today.

    With the responses (and unless `with_earlier` is False) the earlier process RUS 2030 comes
    too: a closed round with positions, a published compilation and an adopted version 2.
    """
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    today = local_today()

    process = new_process(data, today)
    session.add(process)

    document = Document(process=process, title=data["document"]["title"])
    session.add(document)
    draft_file = DATA_DIR / data["document"]["draft_file"]
    version = add_version(
        session,
        document,
        parse_markdown(draft_file.read_text(encoding="utf-8")),
        source_filename=draft_file.name,
        note="Remissversion",
        status=VersionStatus.PUBLISHED,  # the version out on remiss in the open round
    )

    round_info = data["round"]
    round_ = ConsultationRound(
        process=process,
        version=version,
        title=round_info["title"],
        introduction=round_info["introduction"],
        opens_at=local_days_from_today(round_info["opens_in_days"], _clock(round_info["opens_at_time"])),
        closes_at=local_days_from_today(round_info["closes_in_days"], _clock(round_info["closes_at_time"])),
        access=RoundAccess(round_info["access"]),
    )
    session.add(round_)

    organisations: dict[str, Organisation] = {}
    for org in data["organisations"]:
        organisations[org["name"]] = accounts.create_organisation(
            session,
            SYSTEM,
            accounts.OrganisationData(
                name=org["name"],
                actor_type=org["actor_type"],
                municipality=org.get("municipality"),
                organisation_number=org.get("organisation_number"),
                email=org.get("email"),
            ),
        )

    summary = DemoSummary(process=process, organisations=len(organisations))
    summary.sections = len(version.sections)
    for person in data["users"]:
        user = accounts.create_user(
            session,
            SYSTEM,
            accounts.UserData(
                name=person["name"],
                email=person["email"],
                roles=person["roles"],
                organisation_ids=[organisations[name].id for name in person["organisations"]],
                password=password,
            ),
        )
        if Role.FACILITATOR.value in person["roles"]:
            process.facilitators.append(user)
        summary.users.append((user, password))
    session.flush()
    if with_responses:
        from .meetings import load_demo_meetings
        from .responses import load_demo_responses

        summary.responses = load_demo_responses(session, round_)
        summary.meetings = load_demo_meetings(session, process)
        # Last: reading a letter runs its job, which commits what is loaded so far.
        from .letters import load_demo_letters

        summary.responses += load_demo_letters(session, round_, datetime.now(UTC))
    if with_responses if with_earlier is None else with_earlier:
        from .earlier import load_earlier_process

        people = [user for user, _ in summary.users]
        summary.earlier = load_earlier_process(
            session,
            organisations,
            admin=next(u for u in people if Role.ADMIN in u.roles),
            working_group=next(u for u in people if Role.WORKING_GROUP in u.roles),
        )
    return summary


def describe_accounts(session: Session, password: str) -> str:
    """The demo accounts, one line each, for the terminal."""
    users = session.scalars(select(User).where(User.email.like("%@samrad.example")).order_by(User.id))
    lines = [f"Demokonton (lösenord för alla: {password}):"]
    for user in users:
        roles = ", ".join(sorted(r.value for r in user.roles)) or "-"
        orgs = ", ".join(o.name for o in user.organisations)
        lines.append(f"  {user.email:<34} {roles:<16} {orgs}")
    return "\n".join(lines)
