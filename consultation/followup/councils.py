"""The councils: who sets them up, who prepares and publishes their agendas, who records what was decided.

The coordinator creates councils, their members and links meetings to them. The strategic group's
members (and the coordinator) prepare a meeting's agenda as a draft; the council's convenor (or the
coordinator) publishes it, and only then do members and the public see it. Minutes, decisions and
commitments are recorded on a published agenda by the convenor, the coordinator or the meeting's
facilitator. A commitment can become a proposed insats of its owner organisation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..drafts.models import Adoption, Process, Section
from ..errors import N_, Conflict, Message, NotAllowed, NotFound, ValidationFailed, msg
from ..meetings.models import Meeting
from ..meetings.planning import can_manage
from ..people.access import Actor, is_admin, require_admin, user_id_of
from ..people.models import Organisation, User
from ..text import normalise_text
from . import initiatives
from .council_models import AgendaItem, Commitment, Council, CouncilKind, CouncilMeeting, CouncilMember
from .goal_areas import GoalArea, followed_up_process, goal_areas
from .models import Approval, Initiative

NAME_MAX, TITLE_MAX, TEXT_MAX, COMMITMENT_MAX = 200, 200, 20_000, 2_000


@dataclass
class CouncilData:
    name: str
    kind: str
    description: str = ""
    convenor_id: int | None = None


@dataclass
class ItemData:
    title: str
    goal_area_id: int | None = None  # None: "övrigt"
    section_ids: tuple[int, ...] = ()
    initiative_ids: tuple[int, ...] = ()


@dataclass
class CommitmentData:
    owner_organisation_id: int | None
    text: str
    due_on: date | None = None


@dataclass
class AgendaGroup:
    area: GoalArea | None  # None: "Övrigt"
    items: list[AgendaItem]


@dataclass
class Agenda:
    """One council meeting's agenda as its page shows it, with what the reader may do there."""

    council_meeting: CouncilMeeting
    groups: list[AgendaGroup]
    preparer: bool  # of the strategic group, or the coordinator
    publisher: bool  # the convenor, or the coordinator
    recorder: bool  # the convenor, the coordinator or the meeting's facilitator

    @property
    def draft(self) -> bool:
        return not self.council_meeting.agenda_published

    @property
    def may_prepare(self) -> bool:
        return self.draft and self.preparer

    @property
    def may_publish(self) -> bool:
        return self.draft and self.publisher

    @property
    def may_record(self) -> bool:
        return not self.draft and self.recorder

    @property
    def items(self) -> list[AgendaItem]:
        return [item for group in self.groups for item in group.items]

    @property
    def council(self) -> Council:
        return self.council_meeting.council

    @property
    def meeting(self) -> Meeting:
        return self.council_meeting.meeting


def _one_line(text: str | None) -> str:
    return " ".join(normalise_text(text).split())


def _user(actor: Actor | None) -> User | None:
    return actor if isinstance(actor, User) and actor.is_active else None


# --- who may do what -------------------------------------------------------------------------------


def is_preparer(session: Session, actor: Actor | None, process: Process) -> bool:
    """The coordinator, and the members of the process's strategic group (in person or through their organisation)."""
    if is_admin(actor):
        return True
    user = _user(actor)
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
    user = _user(actor)
    return is_admin(actor) or (user is not None and council.convenor_id == user.id)


def may_record(actor: Actor | None, council_meeting: CouncilMeeting) -> bool:
    """The convenor, the coordinator, and whoever facilitates the meeting (or manages the process's meetings)."""
    if may_publish(actor, council_meeting.council):
        return True
    user = _user(actor)
    meeting = council_meeting.meeting
    if user is None:
        return False
    return any(f.id == user.id for f in meeting.facilitators) or can_manage(user, meeting.process)


def _may_see_draft(session: Session, actor: Actor | None, council_meeting: CouncilMeeting) -> bool:
    return (
        may_record(actor, council_meeting)
        or is_preparer(session, actor, council_meeting.council.process)
        or can_manage(actor, council_meeting.meeting.process)
    )


def _meeting_visible(actor: Actor | None, meeting: Meeting) -> bool:
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
    data = CouncilData(_one_line(data.name), data.kind, normalise_text(data.description), data.convenor_id)
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
    shown = [cm for cm in council.meetings if _meeting_visible(actor, cm.meeting)]
    return sorted(shown, key=lambda cm: cm.meeting.starts_at)


# --- agendas ---------------------------------------------------------------------------------------


def _adopted_areas(adoption: Adoption) -> tuple[list[GoalArea], dict[int, GoalArea]]:
    """The goal areas, and each one by the id of its top-level section."""
    areas = goal_areas(adoption.version)
    by_key = {s.key: s.id for s in adoption.version.sections}
    return areas, {by_key[a.key]: a for a in areas}


def _council_meeting(
    session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int, options=()
) -> CouncilMeeting:
    council = get_council(session, actor, code, council_id)
    council_meeting = session.get(CouncilMeeting, meeting_id, options=list(options))
    if council_meeting is None or council_meeting.council_id != council.id:
        raise NotFound(msg(N_("Mötet finns inte.")))
    return council_meeting


def _agenda_loading():
    """The agenda's points with everything its page shows of them: a few queries, not a few per point."""
    commitments = selectinload(AgendaItem.commitments).options(
        selectinload(Commitment.owner_organisation), selectinload(Commitment.initiative)
    )
    return selectinload(CouncilMeeting.items).options(
        selectinload(AgendaItem.initiatives).selectinload(Initiative.organisation),
        selectinload(AgendaItem.sections),
        commitments,
    )


def get_agenda(session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int) -> Agenda:
    """The agenda by goal area, then "Övrigt"; a draft only for those who prepare, publish or record it."""
    council_meeting = _council_meeting(session, actor, code, council_id, meeting_id, [_agenda_loading()])
    visible = _meeting_visible(actor, council_meeting.meeting) and council_meeting.agenda_published
    if not visible and not _may_see_draft(session, actor, council_meeting):
        raise NotFound(msg(N_("Mötet finns inte.")))
    _process, adoption = followed_up_process(session, actor, code)
    areas, by_section = _adopted_areas(adoption)
    groups = [AgendaGroup(area, []) for area in areas] + [AgendaGroup(None, [])]
    index = {area.key: n for n, area in enumerate(areas)}
    for item in council_meeting.items:
        area = by_section.get(item.goal_area_id) if item.goal_area_id is not None else None
        groups[index[area.key] if area else -1].items.append(item)
    return Agenda(
        council_meeting=council_meeting,
        groups=groups,
        preparer=is_preparer(session, actor, council_meeting.council.process),
        publisher=may_publish(actor, council_meeting.council),
        recorder=may_record(actor, council_meeting),
    )


def agenda_choices(session: Session, process: Process, adoption: Adoption):
    """What an agenda item can point at: the goal areas, the adopted sections, the approved insatser."""
    _areas, by_section = _adopted_areas(adoption)
    sections = sorted(adoption.version.sections, key=lambda s: s.position)
    approved = session.scalars(
        select(Initiative)
        .where(Initiative.process_id == process.id, Initiative.approval == Approval.APPROVED)
        .order_by(Initiative.title)
    )
    return [(section_id, area) for section_id, area in by_section.items()], sections, list(approved)


def _require_draft(council_meeting: CouncilMeeting) -> None:
    if council_meeting.agenda_published:
        raise Conflict(msg(N_("Dagordningen är redan publicerad och kan inte ändras.")))


def add_item(
    session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int, data: ItemData, now: datetime
) -> AgendaItem:
    """A preparer adds a point to the draft agenda, under a goal area or "övrigt"."""
    council_meeting = _council_meeting(session, actor, code, council_id, meeting_id)
    if not is_preparer(session, actor, council_meeting.council.process):
        raise NotAllowed(msg(N_("Bara strategiska gruppen och samordnaren förbereder dagordningen.")))
    _require_draft(council_meeting)
    process, adoption = followed_up_process(session, actor, code)
    _areas, by_section = _adopted_areas(adoption)
    title = _one_line(data.title)
    errors: dict[str, list[Message]] = {}
    if not title:
        errors["title"] = [msg(N_("Skriv en rubrik för punkten."))]
    elif len(title) > TITLE_MAX:
        errors["title"] = [msg(N_("Rubriken får vara högst %(max)s tecken."), max=TITLE_MAX)]
    if data.goal_area_id is not None and data.goal_area_id not in by_section:
        errors["goal_area_id"] = [msg(N_("Välj ett målområde i den antagna strategin, eller Övrigt."))]
    section_ids = set(data.section_ids)
    if not section_ids <= {s.id for s in adoption.version.sections}:
        errors["section_ids"] = [msg(N_("Avsnittet finns inte i den antagna versionen."))]
    linked = list(session.scalars(select(Initiative).where(Initiative.id.in_(set(data.initiative_ids)))))
    if len(linked) != len(set(data.initiative_ids)) or any(
        i.process_id != process.id or not i.is_approved for i in linked
    ):
        errors["initiative_ids"] = [msg(N_("Välj bland processens godkända insatser."))]
    if errors:
        raise ValidationFailed(errors)
    item = AgendaItem(
        title=title,
        goal_area_id=data.goal_area_id,
        position=max((i.position for i in council_meeting.items), default=0) + 1,
        created_at=now,
        created_by_id=user_id_of(actor),
        sections=list(session.scalars(select(Section).where(Section.id.in_(section_ids)))),
        initiatives=linked,
    )
    council_meeting.items.append(item)
    session.flush()
    return item


def _item(session: Session, council_meeting: CouncilMeeting, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != council_meeting.meeting_id:
        raise NotFound(msg(N_("Punkten finns inte.")))
    return item


def remove_item(session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int, item_id: int):
    council_meeting = _council_meeting(session, actor, code, council_id, meeting_id)
    if not is_preparer(session, actor, council_meeting.council.process):
        raise NotAllowed(msg(N_("Bara strategiska gruppen och samordnaren förbereder dagordningen.")))
    _require_draft(council_meeting)
    council_meeting.items.remove(_item(session, council_meeting, item_id))
    session.flush()


def publish_agenda(
    session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int, now: datetime
) -> CouncilMeeting:
    """The convenor (or the coordinator) makes the draft the meeting's agenda, for members and the public."""
    council_meeting = _council_meeting(session, actor, code, council_id, meeting_id)
    if not may_publish(actor, council_meeting.council):
        raise NotAllowed(msg(N_("Bara rådets sammankallande eller samordnaren publicerar dagordningen.")))
    _require_draft(council_meeting)
    if not council_meeting.items:
        raise ValidationFailed({"agenda": [msg(N_("Dagordningen har inga punkter ännu."))]})
    council_meeting.agenda_published_at = now
    council_meeting.agenda_published_by_id = user_id_of(actor)
    session.flush()
    return council_meeting


def _recordable_item(session: Session, actor, code: str, council_id: int, meeting_id: int, item_id: int):
    council_meeting = _council_meeting(session, actor, code, council_id, meeting_id)
    if not may_record(actor, council_meeting):
        raise NotAllowed(msg(N_("Bara rådets sammankallande, mötets processledare eller samordnaren för protokollet.")))
    if not council_meeting.agenda_published:
        raise Conflict(msg(N_("Dagordningen är inte publicerad ännu.")))
    return _item(session, council_meeting, item_id)


def record_minutes(
    session: Session,
    actor: Actor | None,
    code: str,
    council_id: int,
    meeting_id: int,
    item_id: int,
    minutes: str,
    decision: str,
    now: datetime,
) -> AgendaItem:
    """What was said on a point and what the council decided."""
    item = _recordable_item(session, actor, code, council_id, meeting_id, item_id)
    minutes, decision = normalise_text(minutes), normalise_text(decision)
    errors: dict[str, list[Message]] = {}
    for name, text in (("minutes", minutes), ("decision", decision)):
        if len(text) > TEXT_MAX:
            errors[name] = [msg(N_("Texten får vara högst %(max)s tecken."), max=TEXT_MAX)]
    if errors:
        raise ValidationFailed(errors)
    item.minutes, item.decision, item.minutes_updated_at = minutes, decision, now
    session.flush()
    return item


def add_commitment(
    session: Session,
    actor: Actor | None,
    code: str,
    council_id: int,
    meeting_id: int,
    item_id: int,
    data: CommitmentData,
    now: datetime,
) -> Commitment:
    """A commitment handed to an owner organisation on a point of a published agenda."""
    item = _recordable_item(session, actor, code, council_id, meeting_id, item_id)
    text = normalise_text(data.text).strip()
    errors: dict[str, list[Message]] = {}
    if not text:
        errors["text"] = [msg(N_("Skriv vad åtagandet gäller."))]
    elif len(text) > COMMITMENT_MAX:
        errors["text"] = [msg(N_("Texten får vara högst %(max)s tecken."), max=COMMITMENT_MAX)]
    owner = session.get(Organisation, data.owner_organisation_id) if data.owner_organisation_id else None
    if owner is None or not owner.approved:
        errors["owner_organisation_id"] = [msg(N_("Välj vilken organisation som tar över åtagandet."))]
    if errors:
        raise ValidationFailed(errors)
    commitment = Commitment(
        owner_organisation=owner, text=text, due_on=data.due_on, created_at=now, created_by_id=user_id_of(actor)
    )
    item.commitments.append(commitment)
    session.flush()
    return commitment


def may_make_initiative(actor: Actor | None, commitment: Commitment) -> bool:
    """The owner organisation's members, and those who record the meeting."""
    if commitment.initiative_id is not None:
        return False
    user = _user(actor)
    if user is not None and user.is_member_of(commitment.owner_organisation_id):
        return True
    return may_record(actor, commitment.agenda_item.council_meeting)


def _title_from(text: str) -> str:
    first = _one_line(text.splitlines()[0] if text else "")
    return first if len(first) <= TITLE_MAX else first[: TITLE_MAX - 1].rstrip() + "…"


def make_initiative(
    session: Session,
    actor: Actor | None,
    code: str,
    council_id: int,
    meeting_id: int,
    commitment_id: int,
    section_ids: list[int],
    now: datetime,
) -> Initiative:
    """The commitment becomes a proposed insats of its owner organisation, which the coordinator then approves."""
    council_meeting = _council_meeting(session, actor, code, council_id, meeting_id)
    commitment = session.get(Commitment, commitment_id)
    if commitment is None or commitment.agenda_item.meeting_id != council_meeting.meeting_id:
        raise NotFound(msg(N_("Åtagandet finns inte.")))
    if commitment.initiative_id is not None:
        raise Conflict(msg(N_("Åtagandet har redan blivit en insats.")))
    if not may_make_initiative(actor, commitment):
        raise NotAllowed(msg(N_("Bara den ägande organisationen eller mötets protokollförare kan göra det.")))
    process, adoption = followed_up_process(session, actor, code)
    data = initiatives.cleaned(
        initiatives.InitiativeData(
            title=_title_from(commitment.text),
            organisation_id=commitment.owner_organisation_id,
            section_ids=list(section_ids),
            description=commitment.text,
            ends_on=commitment.due_on,
        )
    )
    errors = initiatives.check_initiative(data, {s.id for s in adoption.version.sections})
    if errors:
        raise ValidationFailed(errors)
    initiative = initiatives.new_initiative(session, process, adoption, data)
    initiative.approval = Approval.PROPOSED
    initiative.proposed_by_id = user_id_of(actor)
    initiative.created_at = now
    commitment.initiative = initiative
    session.flush()
    return initiative


def default_sections(commitment: Commitment) -> list[int]:
    """The goal area an insats from this commitment falls under: the point's goal area, or its linked sections."""
    item = commitment.agenda_item
    if item.goal_area_id is not None:
        return [item.goal_area_id]
    return [s.id for s in item.sections]


def commitment_behind(session: Session, initiative: Initiative) -> Commitment | None:
    """The council commitment an insats came from, if it came from one."""
    return session.scalar(select(Commitment).where(Commitment.initiative_id == initiative.id))
