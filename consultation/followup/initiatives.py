"""Initiatives (insatser): who may propose, approve, edit and report on them, and who may see them.

A member of an organisation proposes an insats for that organisation; the coordinator approves or
rejects it, edits it and can create approved ones directly; the owner organisation's members report
status and progress on approved ones; everyone sees the approved ones once a version is adopted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..drafts.models import Adoption, Process, Section
from ..errors import N_, Conflict, Message, NotAllowed, NotFound, ValidationFailed, msg
from ..people.access import Actor, is_admin, require_admin, user_id_of
from ..people.accounts import email_error, normalise_email
from ..people.models import Organisation, User
from ..text import normalise_text, shortened
from .goal_areas import followed_up_process
from .models import Approval, Indicator, Initiative, InitiativeStatus
from .origins import Origin, OriginChoice, find_origin, set_origin

TITLE_MAX, DESCRIPTION_MAX, NAME_MAX, UNIT_MAX = 200, 5_000, 200, 50
MAX_INDICATORS = 10


@dataclass
class IndicatorData:
    name: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None


@dataclass
class InitiativeData:
    title: str
    organisation_id: int | None
    section_ids: list[int]
    description: str = ""
    contact_name: str = ""
    contact_email: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    status: InitiativeStatus = InitiativeStatus.PLANNED
    progress: int = 0
    indicators: list[IndicatorData] = field(default_factory=list)


def _one_line(text: str | None) -> str:
    return " ".join(normalise_text(text).split())


def title_from(text: str) -> str:
    """A title for an insats made from a longer text: its first line, shortened to fit."""
    return shortened(normalise_text(text.splitlines()[0] if text else ""), TITLE_MAX)


def cleaned(data: InitiativeData) -> InitiativeData:
    """The data as it will be stored: one-line names, trimmed text, a lower-case address."""
    email = normalise_email(data.contact_email) if data.contact_email and data.contact_email.strip() else None
    return InitiativeData(
        title=_one_line(data.title),
        organisation_id=data.organisation_id,
        section_ids=list(dict.fromkeys(data.section_ids)),
        description=normalise_text(data.description),
        contact_name=_one_line(data.contact_name),
        contact_email=email,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        status=data.status,
        progress=data.progress,
        indicators=[
            IndicatorData(_one_line(i.name), _one_line(i.unit), i.baseline, i.target)
            for i in data.indicators
            if _one_line(i.name) or _one_line(i.unit) or i.baseline is not None or i.target is not None
        ],
    )


def check_initiative(data: InitiativeData, section_ids: set[int]) -> dict[str, list[Message]]:
    """What is wrong with cleaned data, by field; `section_ids` are the adopted version's sections."""
    errors: dict[str, list[Message]] = {}

    def add(name: str, message: Message) -> None:
        errors.setdefault(name, []).append(message)

    if not data.title:
        add("title", msg(N_("Skriv en rubrik för insatsen.")))
    elif len(data.title) > TITLE_MAX:
        add("title", msg(N_("Rubriken får vara högst %(max)s tecken."), max=TITLE_MAX))
    if data.organisation_id is None:
        add("organisation_id", msg(N_("Välj vilken organisation som äger insatsen.")))
    if not data.section_ids:
        add("section_ids", msg(N_("Välj minst ett målområde eller avsnitt i den antagna strategin.")))
    elif not set(data.section_ids) <= section_ids:
        add("section_ids", msg(N_("Avsnittet finns inte i den antagna versionen.")))
    if len(data.description) > DESCRIPTION_MAX:
        add("description", msg(N_("Beskrivningen får vara högst %(max)s tecken."), max=DESCRIPTION_MAX))
    if len(data.contact_name) > NAME_MAX:
        add("contact_name", msg(N_("Namnet får vara högst %(max)s tecken."), max=NAME_MAX))
    if data.contact_email and (error := email_error(data.contact_email)):
        add("contact_email", error)
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        add("ends_on", msg(N_("Slutdatumet ligger före startdatumet.")))
    if not 0 <= data.progress <= 100:
        add("progress", msg(N_("Ange hur långt insatsen har kommit i procent, från 0 till 100.")))
    if len(data.indicators) > MAX_INDICATORS:
        add("indicators", msg(N_("Högst %(max)s indikatorer per insats."), max=MAX_INDICATORS))
    for number, indicator in enumerate(data.indicators, start=1):
        if not indicator.name:
            add("indicators", msg(N_("Indikator %(number)s saknar namn."), number=number))
        elif len(indicator.name) > NAME_MAX:
            add("indicators", msg(N_("Indikator %(number)s: namnet är för långt."), number=number))
        if len(indicator.unit) > UNIT_MAX:
            add("indicators", msg(N_("Indikator %(number)s: enheten är för lång."), number=number))
    return errors


def proposal_from(origin: Origin, adoption: Adoption) -> InitiativeData:
    """A starting point for an insats made from a remiss point or a note, for the coordinator to finish.

    The text becomes the title (its first line) and the description; the sections are the adopted
    version's sections with the same key as the source's; a next step brings its owner and due date.
    """
    text = normalise_text(origin.text)
    sources = [origin.comment.section] if origin.comment else list(origin.note.sections)
    keys = {s.key for s in sources if s is not None}
    note = origin.note
    return InitiativeData(
        title=title_from(text),
        organisation_id=note.owner_organisation_id if note is not None else None,
        section_ids=[s.id for s in adoption.version.sections if s.key in keys],
        description=text[:DESCRIPTION_MAX],
        contact_name=_one_line(note.owner_name) if note is not None else "",
        ends_on=note.due_on if note is not None else None,
    )


def _organisation(session: Session, organisation_id: int | None) -> Organisation | None:
    return session.get(Organisation, organisation_id) if organisation_id is not None else None


def _validated(session: Session, adoption: Adoption, data: InitiativeData) -> InitiativeData:
    data = cleaned(data)
    errors = check_initiative(data, {s.id for s in adoption.version.sections})
    if data.organisation_id is not None and _organisation(session, data.organisation_id) is None:
        errors.setdefault("organisation_id", []).append(msg(N_("Organisationen finns inte.")))
    if errors:
        raise ValidationFailed(errors)
    return data


def _write(session: Session, initiative: Initiative, data: InitiativeData) -> None:
    initiative.title = data.title
    initiative.organisation_id = data.organisation_id
    initiative.description = data.description
    initiative.contact_name = data.contact_name
    initiative.contact_email = data.contact_email
    initiative.starts_on = data.starts_on
    initiative.ends_on = data.ends_on
    initiative.status = data.status
    initiative.progress = data.progress
    initiative.sections = list(session.scalars(select(Section).where(Section.id.in_(data.section_ids))))
    initiative.indicators = [
        Indicator(position=n, name=i.name, unit=i.unit, baseline=i.baseline, target=i.target)
        for n, i in enumerate(data.indicators)
    ]


def new_initiative(session: Session, process: Process, adoption: Adoption, data: InitiativeData) -> Initiative:
    """An insats added to the session, not yet approved or proposed by anyone (the callers decide)."""
    initiative = Initiative(process=process, version=adoption.version)
    _write(session, initiative, data)
    session.add(initiative)
    return initiative


def propose_initiative(
    session: Session, actor: Actor | None, code: str, data: InitiativeData, now: datetime
) -> Initiative:
    """A member proposes an insats for an organisation of their own; it waits for the coordinator."""
    if not isinstance(actor, User) or not actor.is_active:
        raise NotAllowed(msg(N_("Logga in för att föreslå en insats.")))
    process, adoption = followed_up_process(session, actor, code)
    data = _validated(session, adoption, data)
    organisation = _organisation(session, data.organisation_id)
    if not actor.is_member_of(organisation.id) or not organisation.approved:
        raise ValidationFailed(
            {"organisation_id": [msg(N_("Du kan bara föreslå insatser för din egen organisation."))]}
        )
    initiative = new_initiative(session, process, adoption, data)
    initiative.approval = Approval.PROPOSED
    initiative.proposed_by_id = actor.id
    initiative.created_at = now
    session.flush()
    return initiative


def create_initiative(
    session: Session,
    actor: Actor | None,
    code: str,
    data: InitiativeData,
    now: datetime,
    origin: OriginChoice | None = None,
) -> Initiative:
    """The coordinator adds an insats that is approved from the start, perhaps made from a remiss point or a note."""
    require_admin(actor)
    process, adoption = followed_up_process(session, actor, code)
    source = find_origin(session, process, origin or OriginChoice())
    initiative = new_initiative(session, process, adoption, _validated(session, adoption, data))
    set_origin(initiative, source)
    initiative.approval = Approval.APPROVED
    initiative.proposed_by_id = initiative.decided_by_id = user_id_of(actor)
    initiative.created_at = initiative.decided_at = now
    session.flush()
    return initiative


def _load(session: Session, initiative_id: int) -> Initiative:
    initiative = session.get(Initiative, initiative_id)
    if initiative is None:
        raise NotFound(msg(N_("Insatsen finns inte.")))
    return initiative


def may_see(actor: Actor | None, initiative: Initiative) -> bool:
    """Approved ones are public; a proposal (or a rejected one) only to its organisation and the coordinator."""
    if initiative.is_approved or is_admin(actor):
        return True
    return isinstance(actor, User) and actor.is_active and actor.is_member_of(initiative.organisation_id)


def may_report(actor: Actor | None, initiative: Initiative) -> bool:
    """Status and progress are reported by the owner organisation's members (and the coordinator)."""
    if not initiative.is_approved:
        return False
    if is_admin(actor):
        return True
    return isinstance(actor, User) and actor.is_active and actor.is_member_of(initiative.organisation_id)


def get_initiative(session: Session, actor: Actor | None, code: str, initiative_id: int) -> Initiative:
    """One insats of the process, if the actor may see it; anything else is not found."""
    process, _adoption = followed_up_process(session, actor, code)
    initiative = session.get(Initiative, initiative_id)
    if initiative is None or initiative.process_id != process.id or not may_see(actor, initiative):
        raise NotFound(msg(N_("Insatsen finns inte.")))
    return initiative


def _decide(session: Session, actor: Actor | None, initiative_id: int, approval: Approval, now: datetime) -> Initiative:
    require_admin(actor)
    initiative = _load(session, initiative_id)
    if initiative.approval == approval:
        return initiative
    initiative.approval = approval
    initiative.decided_by_id = user_id_of(actor)
    initiative.decided_at = now
    action = audit.Action.INITIATIVE_APPROVED if approval == Approval.APPROVED else audit.Action.INITIATIVE_REJECTED
    audit.record(session, action, actor, initiative, {"organisation_id": initiative.organisation_id})
    session.flush()
    return initiative


def approve_initiative(session: Session, actor: Actor | None, initiative_id: int, now: datetime) -> Initiative:
    return _decide(session, actor, initiative_id, Approval.APPROVED, now)


def reject_initiative(session: Session, actor: Actor | None, initiative_id: int, now: datetime) -> Initiative:
    return _decide(session, actor, initiative_id, Approval.REJECTED, now)


def _require_revision(initiative: Initiative, base_revision: int | None) -> None:
    """The insats is as the person saw it when they opened the form (None: a caller with no form, e.g. the CLI)."""
    if base_revision is not None and base_revision != initiative.revision:
        raise Conflict(
            msg(
                N_(
                    "Någon annan har ändrat insatsen sedan du öppnade den. Öppna den igen och gör din ändring "
                    "på nytt; din text finns kvar nedan."
                )
            )
        )


def _touch(initiative: Initiative, actor: Actor | None, now: datetime) -> None:
    initiative.revision += 1
    initiative.updated_at, initiative.updated_by_id = now, user_id_of(actor)


def edit_initiative(
    session: Session,
    actor: Actor | None,
    initiative_id: int,
    data: InitiativeData,
    now: datetime,
    base_revision: int | None = None,
    keep_origin: bool = True,
) -> Initiative:
    """The coordinator changes anything but the approval (that is approve or reject), and may drop the origin."""
    require_admin(actor)
    initiative = _load(session, initiative_id)
    _require_revision(initiative, base_revision)
    adoption = session.scalar(select(Adoption).where(Adoption.version_id == initiative.version_id))
    if adoption is None:  # the adoption was removed under it: nothing to check sections against
        raise NotFound(msg(N_("Insatsen finns inte.")))
    _write(session, initiative, _validated(session, adoption, data))
    if not keep_origin:
        set_origin(initiative, None)
    _touch(initiative, actor, now)
    session.flush()
    return initiative


def report_progress(
    session: Session,
    actor: Actor | None,
    initiative_id: int,
    status: str,
    progress: object,
    now: datetime,
    base_revision: int | None = None,
) -> Initiative:
    """The owner organisation says where an approved insats stands: its status and progress in percent."""
    initiative = _load(session, initiative_id)
    if not may_see(actor, initiative):
        raise NotFound(msg(N_("Insatsen finns inte.")))
    if not may_report(actor, initiative):
        raise NotAllowed(msg(N_("Bara den ägande organisationen kan rapportera om en godkänd insats.")))
    errors: dict[str, list[Message]] = {}
    try:
        status_value = InitiativeStatus(status)
    except ValueError:
        errors["status"] = [msg(N_("Välj en status."))]
    try:
        progress_value = int(str(progress).strip().rstrip("%").strip())
    except ValueError:
        progress_value = -1
    if not 0 <= progress_value <= 100:
        errors["progress"] = [msg(N_("Ange hur långt insatsen har kommit i procent, från 0 till 100."))]
    if errors:
        raise ValidationFailed(errors)
    _require_revision(initiative, base_revision)
    initiative.status, initiative.progress = status_value, progress_value
    _touch(initiative, actor, now)
    session.flush()
    return initiative
