"""A council meeting's agenda: points by goal area, the draft and its publication, minutes and commitments.

The strategic group's members (and the coordinator) prepare a meeting's agenda as a draft; the
council's convenor (or the coordinator) publishes it, and only then do members and the public see it.
Minutes, decisions and commitments are recorded on a published agenda by the convenor, the
coordinator or the meeting's facilitator. A commitment can become a proposed insats of its owner
organisation. Who holds which role is decided in `councils`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import audit
from ..drafts.models import Adoption, Process, Section
from ..errors import N_, Conflict, Message, NotAllowed, NotFound, ValidationFailed, msg
from ..meetings.models import Meeting, MeetingNote, NoteKind, NoteStatus
from ..people.access import Actor, user_id_of
from ..people.models import Organisation
from ..text import normalise_text
from . import initiatives
from .council_models import AgendaItem, Commitment, CommitmentStatus, Council, CouncilMeeting
from .councils import (
    TEXT_MAX,
    active_user,
    get_council,
    is_preparer,
    may_publish,
    may_record,
    may_see_draft,
    meeting_visible,
    one_line,
)
from .goal_areas import GoalArea, followed_up_process, goal_areas
from .models import Approval, Initiative

TITLE_MAX, COMMITMENT_MAX = 200, 2_000


@dataclass
class ItemData:
    title: str
    goal_area_id: int | None = None  # None: "övrigt"
    section_ids: tuple[int, ...] = ()
    initiative_ids: tuple[int, ...] = ()
    next_step_ids: tuple[int, ...] = ()


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
        selectinload(AgendaItem.next_steps).options(
            selectinload(MeetingNote.meeting), selectinload(MeetingNote.owner_organisation)
        ),
        commitments,
    )


def get_agenda(session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int) -> Agenda:
    """The agenda by goal area, then "Övrigt"; a draft only for those who prepare, publish or record it."""
    council_meeting = _council_meeting(session, actor, code, council_id, meeting_id, [_agenda_loading()])
    visible = meeting_visible(actor, council_meeting.meeting) and council_meeting.agenda_published
    if not visible and not may_see_draft(session, actor, council_meeting):
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
    """What an agenda item can point at: the goal areas, the adopted sections, the approved insatser, the next steps."""
    _areas, by_section = _adopted_areas(adoption)
    sections = sorted(adoption.version.sections, key=lambda s: s.position)
    approved = session.scalars(
        select(Initiative)
        .where(Initiative.process_id == process.id, Initiative.approval == Approval.APPROVED)
        .order_by(Initiative.title)
    )
    areas = [(section_id, area) for section_id, area in by_section.items()]
    return areas, sections, list(approved), next_step_choices(session, process)


def next_step_choices(session: Session, process: Process) -> list[MeetingNote]:
    """The next steps an agenda point can follow up: the published ones of the process's meetings, newest first."""
    return list(
        session.scalars(
            select(MeetingNote)
            .join(Meeting)
            .where(
                Meeting.process_id == process.id,
                MeetingNote.kind == NoteKind.NEXT_STEP,
                MeetingNote.status == NoteStatus.PUBLISHED,
            )
            .options(selectinload(MeetingNote.meeting), selectinload(MeetingNote.owner_organisation))
            .order_by(Meeting.starts_at.desc(), MeetingNote.id)
        )
    )


def _require_draft(council_meeting: CouncilMeeting) -> None:
    if council_meeting.agenda_published:
        raise Conflict(msg(N_("Dagordningen är redan publicerad och kan inte ändras.")))


def _draft_to_prepare(
    session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int
) -> CouncilMeeting:
    council_meeting = _council_meeting(session, actor, code, council_id, meeting_id)
    if not is_preparer(session, actor, council_meeting.council.process):
        raise NotAllowed(msg(N_("Bara strategiska gruppen och samordnaren förbereder dagordningen.")))
    _require_draft(council_meeting)
    return council_meeting


def _write_item(session: Session, actor: Actor | None, code: str, item: AgendaItem, data: ItemData) -> None:
    """Check a point's title and links against the adopted strategy and the process, and write them to `item`."""
    process, adoption = followed_up_process(session, actor, code)
    _areas, by_section = _adopted_areas(adoption)
    title = one_line(data.title)
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
    wanted_steps = set(data.next_step_ids)
    steps = [n for n in next_step_choices(session, process) if n.id in wanted_steps]
    if len(steps) != len(wanted_steps):
        errors["next_step_ids"] = [msg(N_("Välj bland de publicerade nästa stegen från processens möten."))]
    if errors:
        raise ValidationFailed(errors)
    item.title, item.goal_area_id = title, data.goal_area_id
    item.sections = list(session.scalars(select(Section).where(Section.id.in_(section_ids))))
    item.initiatives, item.next_steps = linked, steps


def add_item(
    session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int, data: ItemData, now: datetime
) -> AgendaItem:
    """A preparer adds a point to the draft agenda, under a goal area or "övrigt"."""
    council_meeting = _draft_to_prepare(session, actor, code, council_id, meeting_id)
    item = AgendaItem(
        position=max((i.position for i in council_meeting.items), default=0) + 1,
        created_at=now,
        created_by_id=user_id_of(actor),
    )
    _write_item(session, actor, code, item, data)
    council_meeting.items.append(item)
    session.flush()
    return item


def edit_item(
    session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int, item_id: int, data: ItemData
) -> AgendaItem:
    """A preparer changes a point of the draft agenda: its title, goal area and links."""
    council_meeting = _draft_to_prepare(session, actor, code, council_id, meeting_id)
    item = _item(session, council_meeting, item_id)
    _write_item(session, actor, code, item, data)
    session.flush()
    return item


def move_item(
    session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int, item_id: int, step: int
) -> AgendaItem:
    """Move a point one place up (step -1) or down (+1) among the points of its goal area; at either end, stay."""
    council_meeting = _draft_to_prepare(session, actor, code, council_id, meeting_id)
    item = _item(session, council_meeting, item_id)
    group = sorted(
        (i for i in council_meeting.items if i.goal_area_id == item.goal_area_id), key=lambda i: (i.position, i.id)
    )
    other = group.index(item) + step
    if 0 <= other < len(group):  # positions are unique within a meeting (each new point goes last)
        item.position, group[other].position = group[other].position, item.position
    session.flush()
    return item


def _item(session: Session, council_meeting: CouncilMeeting, item_id: int) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != council_meeting.meeting_id:
        raise NotFound(msg(N_("Punkten finns inte.")))
    return item


def remove_item(session: Session, actor: Actor | None, code: str, council_id: int, meeting_id: int, item_id: int):
    council_meeting = _draft_to_prepare(session, actor, code, council_id, meeting_id)
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
    audit.record(
        session,
        audit.Action.AGENDA_PUBLISHED,
        actor,
        council_meeting.meeting,
        {"council_id": council_meeting.council_id, "points": len(council_meeting.items)},
        now=now,
    )
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


def may_follow_up(actor: Actor | None, commitment: Commitment) -> bool:
    """The owner organisation's members, and those who record the meeting, carry a commitment on."""
    user = active_user(actor)
    if user is not None and user.is_member_of(commitment.owner_organisation_id):
        return True
    return may_record(actor, commitment.agenda_item.council_meeting)


def may_make_initiative(actor: Actor | None, commitment: Commitment) -> bool:
    return commitment.initiative_id is None and may_follow_up(actor, commitment)


def _commitment(session: Session, council_meeting: CouncilMeeting, commitment_id: int) -> Commitment:
    commitment = session.get(Commitment, commitment_id)
    if commitment is None or commitment.agenda_item.meeting_id != council_meeting.meeting_id:
        raise NotFound(msg(N_("Åtagandet finns inte.")))
    return commitment


def set_commitment_status(
    session: Session,
    actor: Actor | None,
    code: str,
    council_id: int,
    meeting_id: int,
    commitment_id: int,
    status: str,
) -> Commitment:
    """The owner (or whoever records the meeting) says how far the commitment has come."""
    council_meeting = _council_meeting(session, actor, code, council_id, meeting_id)
    commitment = _commitment(session, council_meeting, commitment_id)
    if not may_follow_up(actor, commitment):
        raise NotAllowed(msg(N_("Bara den ägande organisationen eller mötets protokollförare kan göra det.")))
    try:
        commitment.status = CommitmentStatus(status)
    except ValueError:
        raise ValidationFailed({"status": [msg(N_("Välj en status."))]}) from None
    session.flush()
    return commitment


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
    commitment = _commitment(session, council_meeting, commitment_id)
    if commitment.initiative_id is not None:
        raise Conflict(msg(N_("Åtagandet har redan blivit en insats.")))
    if not may_make_initiative(actor, commitment):
        raise NotAllowed(msg(N_("Bara den ägande organisationen eller mötets protokollförare kan göra det.")))
    process, adoption = followed_up_process(session, actor, code)
    data = initiatives.cleaned(
        initiatives.InitiativeData(
            title=initiatives.title_from(commitment.text),
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
