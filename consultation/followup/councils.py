"""The councils: who sets them up and their members, which meetings are theirs, and who may do what there.

The coordinator creates councils, their members and links meetings to them. Who prepares, publishes
and records a meeting's agenda is decided here too (`is_preparer`, `may_publish`, `may_record`); the
agenda itself, its points and commitments are `agendas`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import audit
from ..drafts.models import Process
from ..errors import N_, Message, NotFound, ValidationFailed, msg
from ..meetings.models import Meeting
from ..meetings.planning import can_manage
from ..people.access import Actor, is_admin, require_admin
from ..people.models import Organisation, User
from ..text import normalise_text
from .council_models import Council, CouncilKind, CouncilMeeting, CouncilMember
from .goal_areas import followed_up_process

NAME_MAX, TEXT_MAX = 200, 20_000


@dataclass
class CouncilData:
    name: str
    kind: str
    description: str = ""
    convenor_id: int | None = None


def one_line(text: str | None) -> str:
    return " ".join(normalise_text(text).split())


def active_user(actor: Actor | None) -> User | None:
    return actor if isinstance(actor, User) and actor.is_active else None


# --- who may do what -------------------------------------------------------------------------------


def is_preparer(session: Session, actor: Actor | None, process: Process) -> bool:
    """The coordinator, and the members of the process's strategic group (in person or through their organisation)."""
    if is_admin(actor):
        return True
    user = active_user(actor)
    if user is None:
        return False
    organisation_ids = [o.id for o in user.organisations]
    member = (
        select(CouncilMember.id)
        .join(Council)
        .where(Council.process_id == process.id, Council.kind == CouncilKind.STRATEGIC)
        .where((CouncilMember.user_id == user.id) | CouncilMember.organisation_id.in_(organisation_ids))
    )
    return session.scalar(member.limit(1)) is not None


def may_publish(actor: Actor | None, council: Council) -> bool:
    """The council's convenor, or the coordinator."""
    user = active_user(actor)
    return is_admin(actor) or (user is not None and council.convenor_id == user.id)


def may_record(actor: Actor | None, council_meeting: CouncilMeeting) -> bool:
    """The convenor, the coordinator, and whoever facilitates the meeting (or manages the process's meetings)."""
    if may_publish(actor, council_meeting.council):
        return True
    user = active_user(actor)
    meeting = council_meeting.meeting
    if user is None:
        return False
    return any(f.id == user.id for f in meeting.facilitators) or can_manage(user, meeting.process)


def may_see_draft(session: Session, actor: Actor | None, council_meeting: CouncilMeeting) -> bool:
    return (
        may_record(actor, council_meeting)
        or is_preparer(session, actor, council_meeting.council.process)
        or can_manage(actor, council_meeting.meeting.process)
    )


def meeting_visible(actor: Actor | None, meeting: Meeting) -> bool:
    return meeting.is_published or can_manage(actor, meeting.process)


# --- councils and their members ---------------------------------------------------------------------


def list_councils(session: Session, actor: Actor | None, code: str) -> tuple[Process, list[Council]]:
    process, _adoption = followed_up_process(session, actor, code)
    found = session.scalars(
        select(Council)
        .where(Council.process_id == process.id)
        .options(selectinload(Council.members), selectinload(Council.meetings))
        .order_by(Council.id)
    )
    return process, list(found)


def _check_council(session: Session, process: Process, data: CouncilData) -> CouncilData:
    data = CouncilData(one_line(data.name), data.kind, normalise_text(data.description), data.convenor_id)
    errors: dict[str, list[Message]] = {}
    if not data.name:
        errors["name"] = [msg(N_("Skriv rådets namn."))]
    elif len(data.name) > NAME_MAX:
        errors["name"] = [msg(N_("Namnet får vara högst %(max)s tecken."), max=NAME_MAX)]
    elif session.scalar(select(Council.id).where(Council.process_id == process.id, Council.name == data.name)):
        errors["name"] = [msg(N_("Det finns redan ett råd med det namnet i processen."))]
    if data.kind not in {k.value for k in CouncilKind}:
        errors["kind"] = [msg(N_("Välj vilket slags råd det är."))]
    if len(data.description) > TEXT_MAX:
        errors["description"] = [msg(N_("Beskrivningen får vara högst %(max)s tecken."), max=TEXT_MAX)]
    if data.convenor_id is not None:
        convenor = session.get(User, data.convenor_id)
        if convenor is None or not convenor.is_active:
            errors["convenor_id"] = [msg(N_("Sammankallande finns inte bland användarna."))]
    if errors:
        raise ValidationFailed(errors)
    return data


def create_council(session: Session, actor: Actor | None, code: str, data: CouncilData, now: datetime) -> Council:
    """The coordinator sets up a standing body of the process."""
    require_admin(actor)
    process, _adoption = followed_up_process(session, actor, code)
    data = _check_council(session, process, data)
    council = Council(
        process=process,
        name=data.name,
        kind=CouncilKind(data.kind),
        description=data.description,
        convenor_id=data.convenor_id,
        created_at=now,
    )
    session.add(council)
    session.flush()
    audit.record(session, audit.Action.COUNCIL_CREATED, actor, council, {"kind": council.kind}, now=now)
    return council


def get_council(session: Session, actor: Actor | None, code: str, council_id: int) -> Council:
    process, _adoption = followed_up_process(session, actor, code)
    council = session.get(Council, council_id)
    if council is None or council.process_id != process.id:
        raise NotFound(msg(N_("Rådet finns inte.")))
    return council


def add_member(
    session: Session,
    actor: Actor | None,
    council: Council,
    organisation_id: int | None = None,
    user_id: int | None = None,
) -> CouncilMember:
    """The coordinator adds an organisation from the register or a person with an account."""
    require_admin(actor)
    if (organisation_id is None) == (user_id is None):
        raise ValidationFailed({"member": [msg(N_("Välj en organisation eller en person."))]})
    if organisation_id is not None:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None or not organisation.approved:
            raise ValidationFailed({"organisation_id": [msg(N_("Organisationen finns inte."))]})
        if any(m.organisation_id == organisation_id for m in council.members):
            raise ValidationFailed({"organisation_id": [msg(N_("Organisationen är redan medlem i rådet."))]})
    else:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            raise ValidationFailed({"user_id": [msg(N_("Personen finns inte bland användarna."))]})
        if any(m.user_id == user_id for m in council.members):
            raise ValidationFailed({"user_id": [msg(N_("Personen är redan medlem i rådet."))]})
    member = CouncilMember(organisation_id=organisation_id, user_id=user_id)
    council.members.append(member)
    session.flush()
    return member


def remove_member(session: Session, actor: Actor | None, council: Council, member_id: int) -> None:
    require_admin(actor)
    member = session.get(CouncilMember, member_id)
    if member is None or member.council_id != council.id:
        raise NotFound(msg(N_("Medlemmen finns inte.")))
    council.members.remove(member)
    session.flush()


def meetings_to_link(session: Session, council: Council) -> list[Meeting]:
    """The process's meetings that no council holds yet, newest first."""
    linked = select(CouncilMeeting.meeting_id)
    query = (
        select(Meeting)
        .where(Meeting.process_id == council.process_id, Meeting.id.not_in(linked))
        .order_by(Meeting.starts_at.desc())
    )
    return list(session.scalars(query))


def link_meeting(session: Session, actor: Actor | None, council: Council, meeting_id: int | None) -> CouncilMeeting:
    """The coordinator makes one of the process's meetings a meeting of the council, with an empty draft agenda."""
    require_admin(actor)
    meeting = session.get(Meeting, meeting_id) if meeting_id is not None else None
    if meeting is None or meeting.process_id != council.process_id:
        raise ValidationFailed({"meeting_id": [msg(N_("Välj ett möte i processen."))]})
    if session.get(CouncilMeeting, meeting.id) is not None:
        raise ValidationFailed({"meeting_id": [msg(N_("Mötet hör redan till ett råd."))]})
    council_meeting = CouncilMeeting(meeting=meeting)
    council.meetings.append(council_meeting)
    session.flush()
    return council_meeting


def council_meetings(session: Session, actor: Actor | None, council: Council) -> list[CouncilMeeting]:
    """The council's meetings the reader may see, in date order."""
    shown = [cm for cm in council.meetings if meeting_visible(actor, cm.meeting)]
    return sorted(shown, key=lambda cm: cm.meeting.starts_at)
