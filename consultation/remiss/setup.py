"""The coordinator's set-up of a round: drafts in, rounds created, and the overview of a round."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..collation import swedish_sorted
from ..drafts.matching import Matching, apply_choices, match_sections
from ..drafts.models import Document, DocumentVersion, Process, Section
from ..drafts.versions import ParsedDraft, add_version
from ..errors import N_, NotFound, ValidationFailed, msg
from ..people.access import Actor, require_admin
from ..people.models import ActorType
from ..timezones import local_to_utc_or_error, to_local
from .models import (
    Comment,
    ConsultationRound,
    Invitation,
    InvitationStatus,
    Response,
    ResponseStatus,
    RoundAccess,
)
from .rounds import get_round


def version_in_use(session: Session, version: DocumentVersion) -> bool:
    """A version that a round uses is frozen; changes make a new version."""
    return bool(
        session.scalar(
            select(func.count()).select_from(ConsultationRound).where(ConsultationRound.version_id == version.id)
        )
    )


MAX_DOCUMENT_TITLE = 300  # Document.title


def import_draft(
    session: Session,
    actor: Actor,
    process_id: int,
    draft: ParsedDraft,
    *,
    title: str | None = None,
    source_filename: str | None = None,
    note: str = "",
    choices: dict[int, str] | None = None,
) -> DocumentVersion:
    """Add the draft as a new draft version of the process's document (created on first import).

    Nothing public changes: the new version is an utkast until it is published, and the earlier
    versions keep their titles and sections.
    """
    require_admin(actor)
    process = session.get(Process, process_id)
    if process is None:
        raise NotFound(msg(N_("Processen finns inte.")))
    # A title typed at the import wins over the file's own `# Title` line.
    title = (title or "").strip() or " ".join(draft.title.split())[:MAX_DOCUMENT_TITLE]
    document = process.documents[-1] if process.documents else None
    if document is None:
        document = Document(process=process, title=title or f"Förslag till {process.title}")
        session.add(document)
    matching = None
    if choices and document.latest_version is not None:
        previous = document.latest_version.sections
        matching = apply_choices(match_sections(previous, draft.sections), previous, choices)
    return add_version(
        session, document, draft, note=note, source_filename=source_filename, title=title, matching=matching
    )


def proposed_matching(session: Session, actor: Actor, process_id: int, draft: ParsedDraft) -> Matching | None:
    """How the file's sections continue the latest version's (None on the first import), for the import page."""
    require_admin(actor)
    process = session.get(Process, process_id)
    if process is None:
        raise NotFound(msg(N_("Processen finns inte.")))
    document = process.documents[-1] if process.documents else None
    if document is None or document.latest_version is None:
        return None
    return match_sections(document.latest_version.sections, draft.sections)


def update_section(session: Session, actor: Actor, section_id: int, heading: str, body: str) -> Section:
    """Correct a section of a version that no round uses yet."""
    require_admin(actor)
    section = session.get(Section, section_id)
    if section is None:
        raise NotFound(msg(N_("Avsnittet finns inte.")))
    if section.version.is_published or version_in_use(session, section.version):
        raise ValidationFailed(
            {"body": [msg(N_("Versionen är publicerad eller används av en remissrunda och kan inte ändras."))]}
        )
    if not heading.strip():
        raise ValidationFailed({"heading": [msg(N_("Ange en rubrik."))]})
    section.heading = " ".join(heading.split())
    section.body = body.replace("\r\n", "\n").strip("\n")
    session.flush()
    return section


@dataclass
class RoundData:
    title: str
    version_id: int | None
    opens_on: date | None
    opens_time: time | None
    closes_on: date | None
    closes_time: time | None
    access: RoundAccess | str
    introduction: str = ""


def _moment(errors: dict, field_name: str, day: date | None, clock: time | None) -> datetime | None:
    if day is None or clock is None:
        errors[field_name] = [msg(N_("Ange datum och klockslag."))]
        return None
    return local_to_utc_or_error(errors, field_name, day, clock)


def save_round(
    session: Session, actor: Actor, process_id: int, data: RoundData, round_id: int | None = None
) -> ConsultationRound:
    """Create or change a round; times are Stockholm wall-clock times, stored in UTC."""
    require_admin(actor)
    process = session.get(Process, process_id)
    if process is None:
        raise NotFound(msg(N_("Processen finns inte.")))
    errors: dict = {}
    if not data.title.strip():
        errors["title"] = [msg(N_("Ange en rubrik för remissrundan."))]
    version = session.get(DocumentVersion, data.version_id) if data.version_id else None
    if version is None or version.document.process_id != process.id:
        errors["version_id"] = [msg(N_("Välj vilken version av förslaget som ska ut på remiss."))]
    elif not version.is_published:
        # A round is public: the text it consults on must be published first, and so never change.
        errors["version_id"] = [
            msg(
                N_("Version %(number)s är ett utkast. Publicera den innan den går ut på remiss."), number=version.number
            )
        ]
    if data.access not in {a.value for a in RoundAccess}:
        errors["access"] = [msg(N_("Välj vem som får svara."))]
    opens_at = _moment(errors, "opens_on", data.opens_on, data.opens_time)
    closes_at = _moment(errors, "closes_on", data.closes_on, data.closes_time)
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_on"] = [msg(N_("Sista svarsdag måste komma efter att rundan öppnar."))]
    round_ = session.get(ConsultationRound, round_id) if round_id else None
    if round_id and (round_ is None or round_.process_id != process.id):
        raise NotFound(msg(N_("Remissrundan finns inte.")))
    if round_ is not None and version is not None and version.id != round_.version_id:
        has_responses = session.scalar(select(func.count()).select_from(Response).where(Response.round_id == round_.id))
        if has_responses:
            errors["version_id"] = [msg(N_("Rundan har redan svar; versionen kan inte bytas."))]
    if errors:
        raise ValidationFailed(errors)
    if round_ is None:
        round_ = ConsultationRound(process=process)
        session.add(round_)
    round_.title = " ".join(data.title.split())
    round_.version = version
    round_.opens_at, round_.closes_at = opens_at, closes_at
    round_.access = RoundAccess(data.access)
    round_.introduction = data.introduction.replace("\r\n", "\n").strip()
    session.flush()
    return round_


@dataclass
class RoundOverview:
    round: ConsultationRound
    invitations_by_type: dict[ActorType, Counter] = field(default_factory=dict)
    invitation_totals: Counter = field(default_factory=Counter)
    responses_per_day: list[tuple[date, int]] = field(default_factory=list)
    comments_per_section: list[tuple[Section | None, int]] = field(default_factory=list)
    responses_by_status: Counter = field(default_factory=Counter)


def round_overview(session: Session, actor: Actor, round_id: int) -> RoundOverview:
    """Invitations by actor type and status, responses per day, comments per section."""
    require_admin(actor)
    round_ = get_round(session, round_id)
    overview = RoundOverview(round=round_)
    by_type: dict[ActorType, Counter] = defaultdict(Counter)
    for invitation in round_.invitations:
        actor_type = ActorType(invitation.organisation.actor_type)
        status = InvitationStatus(invitation.status)
        by_type[actor_type][status] += 1
        overview.invitation_totals[status] += 1
    overview.invitations_by_type = dict(sorted(by_type.items(), key=lambda kv: list(ActorType).index(kv[0])))

    responses = list(session.scalars(select(Response).where(Response.round_id == round_.id)))
    overview.responses_by_status = Counter(ResponseStatus(r.status) for r in responses)
    days = Counter(to_local(r.submissions[0].submitted_at).date() for r in responses if r.submissions)
    overview.responses_per_day = sorted(days.items())

    counts = dict(
        session.execute(
            select(Comment.section_id, func.count())
            .join(Response)
            .where(
                Response.round_id == round_.id,
                Response.status == ResponseStatus.SUBMITTED,
                Comment.submitted_body.is_not(None),
            )
            .group_by(Comment.section_id)
        )
        .tuples()
        .all()
    )
    overview.comments_per_section = [(None, counts.get(None, 0))] + [
        (s, counts.get(s.id, 0)) for s in round_.version.sections
    ]
    return overview


def invitation_list(session: Session, actor: Actor, round_id: int) -> list[Invitation]:
    """The round's remissinstanser in Swedish alphabetical order of their names."""
    require_admin(actor)
    invitations = session.scalars(select(Invitation).where(Invitation.round_id == round_id))
    return swedish_sorted(invitations, key=lambda i: i.organisation.name)
