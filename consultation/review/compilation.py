"""The remiss compilation (remissammanställning): every submitted point, grouped, with its position.

One function, `build_compilation`, gathers the data that the web page and every export are
made from, so that they can never disagree. With `for_public=True` it applies the rules of
publication (names of private persons, redactions, withdrawn responses); the rules for
changing what is published live in `consultation.publication`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..people.access import Actor
from ..errors import N_, NotFound, msg
from ..people.models import ActorType
from .models import (
    AnalysisItem,
    AnalysisRun,
    Decision,
    Position,
    Redaction,
    RunStatus,
    SectionSummary,
    Theme,
)
from ..remiss.models import (
    Comment,
    ConsultationRound,
    Invitation,
    InvitationStatus,
    Response,
    ResponseStatus,
)
from ..meetings.models import MeetingNote, NoteStatus
from ..base import utcnow
from ..remiss.reading import actor_type_of, require_reader

Order = Literal["section", "theme"]
WHOLE = "whole"  # the section key of comments on the document as a whole
ANONYMOUS = N_("Privatperson")  # what the public sees instead of a private person's name
NOTE_SOURCE = "dialogue_meeting"


@dataclass
class PositionView:
    decision: Decision | None
    motivation: str
    count: int = 1  # how many of a campaign's texts got this answer


@dataclass
class Entry:
    """One comment or meeting note as the compilation shows it."""

    key: str  # "c<comment id>" or "n<note id>"
    text: str
    sender: str
    anonymous: bool  # the sender is a private person shown without name
    actor_type: str  # an ActorType value, or NOTE_SOURCE
    reference: str = ""
    section_key: str = WHOLE
    section_label: str = ""
    comment_id: int | None = None
    note_id: int | None = None
    response_id: int | None = None
    decision: Decision | None = None
    motivation: str = ""
    redacted: bool = False


@dataclass
class CampaignEntry:
    """Near-identical texts from many senders, shown once with the count and who sent them."""

    campaign_id: int
    text: str
    count: int
    senders: list[str]  # named senders, in alphabetical order
    anonymous_senders: int  # private persons shown without name
    actor_types: list[str]
    positions: list[PositionView]
    members: list[Entry] = field(default_factory=list)


@dataclass
class Group:
    """A section of the draft, a theme, or one of the closing groups (off topic, not analysed)."""

    kind: Literal["section", "theme", "off_topic", "unanalysed"]
    key: str  # section key ("whole" too), theme id as text, or the kind
    title: str
    summary: str = ""
    summary_revision: int = 0  # 0: no summary written yet
    theme_id: int | None = None
    entries: list[Entry] = field(default_factory=list)
    campaigns: list[CampaignEntry] = field(default_factory=list)

    @property
    def has_summary(self) -> bool:
        return self.kind in ("section", "theme")

    @property
    def size(self) -> int:
        return len(self.entries) + sum(c.count for c in self.campaigns)


@dataclass
class ActorTypeLists:
    """Who was invited, who answered and who declined, for one actor type."""

    actor_type: str
    invited: list[str] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)
    anonymous_answered: int = 0
    declined: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)
    not_answered: list[str] = field(default_factory=list)


@dataclass
class Compilation:
    round_id: int
    round_title: str
    process_code: str
    process_title: str
    document_title: str
    opens_at: datetime
    closes_at: datetime
    published_at: datetime | None
    order: Order
    run_id: int | None
    for_public: bool
    groups: list[Group]
    invitations: list[ActorTypeLists]
    responses: int
    comments: int
    notes: int
    made_at: datetime


# --- the chosen analysis -----------------------------------------------------------------


def chosen_run(session: Session, round_: ConsultationRound, for_public: bool = False) -> AnalysisRun | None:
    """The published run once published; before that, the latest finished run of the round."""
    if round_.compilation_published_at is not None or for_public:
        return session.get(AnalysisRun, round_.published_run_id) if round_.published_run_id else None
    return latest_done_run(session, round_.id)


def latest_done_run(session: Session, round_id: int) -> AnalysisRun | None:
    return session.scalars(
        select(AnalysisRun)
        .where(AnalysisRun.round_id == round_id, AnalysisRun.status == RunStatus.DONE)
        .order_by(AnalysisRun.finished_at.desc(), AnalysisRun.id.desc())
        .limit(1)
    ).first()


# --- texts as the reader may see them ----------------------------------------------------


def published_texts(session: Session, comment_ids: list[int]) -> dict[int, str]:
    """The latest redacted text of each comment that has a redaction."""
    texts: dict[int, str] = {}
    for start in range(0, len(comment_ids), 500):
        chunk = comment_ids[start : start + 500]
        for redaction in session.scalars(
            select(Redaction).where(Redaction.comment_id.in_(chunk)).order_by(Redaction.redacted_at, Redaction.id)
        ):
            texts[redaction.comment_id] = redaction.published_text
    return texts


def is_anonymous(response: Response, for_public: bool) -> bool:
    """A private person is published without name unless they agreed to it when submitting."""
    return for_public and actor_type_of(response) == ActorType.PRIVATE_PERSON and not response.publish_name_consent


def sender_of(response: Response, for_public: bool) -> str:
    if is_anonymous(response, for_public):
        return ANONYMOUS
    if response.organisation is not None:
        return response.organisation.name
    return response.person.name if response.person else ""


def submitted_comments(session: Session, round_id: int) -> list[Comment]:
    """Only what was submitted, and never a withdrawn response."""
    return list(session.scalars(
        select(Comment)
        .join(Response)
        .where(
            Response.round_id == round_id,
            Response.status == ResponseStatus.SUBMITTED,
            Response.reference.is_not(None),
            Comment.submitted_body.is_not(None),
        )
        .options(selectinload(Comment.response).selectinload(Response.organisation),
                 selectinload(Comment.response).selectinload(Response.person),
                 selectinload(Comment.section))
        .order_by(Comment.id)
    ))


def section_label(section) -> str:
    return f"{section.number} {section.heading}" if section is not None else ""


def _comment_entries(session: Session, round_: ConsultationRound, for_public: bool) -> list[Entry]:
    comments = submitted_comments(session, round_.id)
    redacted = published_texts(session, [c.id for c in comments]) if for_public else {}
    entries = []
    for comment in comments:
        text = redacted.get(comment.id, comment.submitted_body or "")
        if not text.strip():
            continue
        response = comment.response
        entries.append(Entry(
            key=f"c{comment.id}", text=text, sender=sender_of(response, for_public),
            anonymous=is_anonymous(response, for_public), actor_type=actor_type_of(response).value,
            reference=response.reference or "",
            section_key=comment.section.key if comment.section else WHOLE,
            section_label=section_label(comment.section), comment_id=comment.id, response_id=response.id,
            redacted=comment.id in redacted,
        ))
    return entries


def _note_entries(session: Session, round_: ConsultationRound, items: list[AnalysisItem]) -> list[Entry]:
    """The meeting notes of the chosen run that are still published."""
    note_items = {item.note_id: item for item in items if item.note_id is not None}
    if not note_items:
        return []
    notes = session.scalars(
        select(MeetingNote)
        .where(MeetingNote.id.in_(list(note_items)), MeetingNote.status == NoteStatus.PUBLISHED)
        .options(selectinload(MeetingNote.meeting))
        .order_by(MeetingNote.id)
    )
    entries = []
    for note in notes:
        if note.meeting.process_id != round_.process_id or not (note.body or "").strip():
            continue
        item = note_items[note.id]
        entries.append(Entry(
            key=f"n{note.id}", text=note.body, sender=note.meeting.title, anonymous=False,
            actor_type=NOTE_SOURCE, section_key=item.section_key or WHOLE, section_label=item.section_label,
            note_id=note.id,
        ))
    return entries


def _attach_positions(session: Session, entries: list[Entry]) -> None:
    comment_ids = [e.comment_id for e in entries if e.comment_id is not None]
    note_ids = [e.note_id for e in entries if e.note_id is not None]
    by_comment: dict[int, Position] = {}
    by_note: dict[int, Position] = {}
    for start in range(0, max(len(comment_ids), len(note_ids)), 500):
        for position in session.scalars(select(Position).where(
            Position.comment_id.in_(comment_ids[start : start + 500])
            | Position.note_id.in_(note_ids[start : start + 500])
        )):
            if position.comment_id is not None:
                by_comment[position.comment_id] = position
            else:
                by_note[position.note_id] = position
    for entry in entries:
        found = by_comment.get(entry.comment_id) if entry.comment_id else by_note.get(entry.note_id)
        if found is not None:
            entry.decision, entry.motivation = Decision(found.decision), found.motivation or ""


# --- grouping ----------------------------------------------------------------------------


def _campaign(campaign_id: int, members: list[Entry], representative_text: str) -> CampaignEntry:
    representative = next((m for m in members if m.text == representative_text), members[0])
    positions = Counter((m.decision, m.motivation) for m in members)
    return CampaignEntry(
        campaign_id=campaign_id, text=representative.text, count=len(members),
        senders=sorted({m.sender for m in members if not m.anonymous}, key=str.casefold),
        anonymous_senders=sum(1 for m in members if m.anonymous),
        actor_types=sorted({m.actor_type for m in members}),
        positions=[PositionView(d, mot, n) for (d, mot), n in positions.most_common()],
        members=members,
    )


def _fold_campaigns(groups: list[Group], campaign_of: dict[str, int], campaign_texts: dict[int, str]) -> None:
    """Each campaign once: in the group that holds most of its texts, taken out of every group."""
    members: dict[int, list[Entry]] = {}
    home: dict[int, Counter] = {}
    for index, group in enumerate(groups):
        for entry in group.entries:
            if entry.key in campaign_of:
                campaign_id = campaign_of[entry.key]
                members.setdefault(campaign_id, []).append(entry)
                home.setdefault(campaign_id, Counter())[index] += 1
    for campaign_id, found in members.items():
        if len(found) < 2:  # a campaign of one (the others withdrawn) is just a comment
            continue
        keys = {e.key for e in found}
        for group in groups:
            group.entries = [e for e in group.entries if e.key not in keys]
        target = min(home[campaign_id].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        groups[target].campaigns.append(_campaign(campaign_id, found, campaign_texts.get(campaign_id, "")))


def _by_section(session: Session, round_: ConsultationRound, entries: list[Entry]) -> list[Group]:
    summaries = {s.section_key: s for s in session.scalars(
        select(SectionSummary).where(SectionSummary.round_id == round_.id))}
    sections = [(WHOLE, "")] + [(s.key, section_label(s)) for s in sorted(round_.version.sections, key=lambda s: s.position)]
    groups = []
    for key, title in sections:
        summary = summaries.get(key)
        groups.append(Group(kind="section", key=key, title=title,
                            summary=summary.text if summary else "",
                            summary_revision=summary.revision if summary else 0,
                            entries=[e for e in entries if e.section_key == key]))
    known = {key for key, _ in sections}
    # Notes linked to a section of another version of the draft: on the document as a whole.
    groups[0].entries += [e for e in entries if e.section_key not in known]
    if not groups[0].entries and not groups[0].summary:
        groups.pop(0)
    return groups


def _by_theme(run: AnalysisRun | None, entries: list[Entry], theme_of: dict[str, int]) -> list[Group]:
    if run is None:
        return []
    groups = []
    for theme in run.themes:
        if theme.merged_into_id is not None:  # merged themes keep their row but no items
            continue
        groups.append(Group(kind="theme", key=str(theme.id), title=theme.label, summary=theme.summary or "",
                            summary_revision=theme.summary_revision, theme_id=theme.id,
                            entries=[e for e in entries if theme_of.get(e.key) == theme.id]))
    return groups


def _document_order(round_: ConsultationRound):
    positions = {s.key: s.position for s in round_.version.sections}

    def key(entry: Entry):
        return (entry.note_id is not None, -1 if entry.section_key == WHOLE else positions.get(entry.section_key, 10**6),
                entry.reference, entry.comment_id or entry.note_id or 0)

    return key


def build_compilation(
    session: Session, actor: Actor | None, round_id: int, order: Order = "section", for_public: bool = False,
) -> Compilation:
    """The compilation of a round, grouped by section or by theme; public mode needs no reader."""
    round_ = session.get(ConsultationRound, round_id)
    if round_ is None:
        raise NotFound(msg(N_("Remissrundan finns inte.")))
    if for_public:
        if round_.compilation_published_at is None:
            raise NotFound(msg(N_("Remissammanställningen är inte publicerad.")))
    else:
        require_reader(actor)
    run = chosen_run(session, round_, for_public)
    items = list(session.scalars(
        select(AnalysisItem).where(AnalysisItem.run_id == run.id).options(selectinload(AnalysisItem.campaign))
    )) if run else []
    entries = _comment_entries(session, round_, for_public) + _note_entries(session, round_, items)
    entries.sort(key=_document_order(round_))
    _attach_positions(session, entries)

    item_key = {(f"c{i.comment_id}" if i.comment_id else f"n{i.note_id}"): i for i in items}
    off_topic = [e for e in entries if e.key in item_key and item_key[e.key].off_topic]
    on_topic = [e for e in entries if not (e.key in item_key and item_key[e.key].off_topic)]
    if order == "theme":
        groups = _by_theme(run, on_topic, {k: i.theme_id for k, i in item_key.items()})
        placed = {e.key for g in groups for e in g.entries}
        unanalysed = [e for e in on_topic if e.key not in placed]
    else:
        groups, unanalysed = _by_section(session, round_, on_topic), []
    if off_topic:
        groups.append(Group(kind="off_topic", key="off_topic", title=N_("Utanför ämnet"), entries=off_topic))
    if unanalysed:
        groups.append(Group(kind="unanalysed", key="unanalysed", title=N_("Inte med i analysen"), entries=unanalysed))
    campaign_of = {k: i.campaign_id for k, i in item_key.items() if i.campaign_id is not None}
    campaign_texts = {i.campaign_id: i.campaign.text for i in items if i.campaign is not None}
    _fold_campaigns(groups, campaign_of, campaign_texts)

    return Compilation(
        round_id=round_.id, round_title=round_.title, process_code=round_.process.code,
        process_title=round_.process.title, document_title=round_.version.document.title,
        opens_at=round_.opens_at, closes_at=round_.closes_at, published_at=round_.compilation_published_at,
        order=order, run_id=run.id if run else None, for_public=for_public, groups=groups,
        invitations=invitation_lists(session, round_, for_public),
        responses=len({e.response_id for e in entries if e.response_id}),
        comments=sum(1 for e in entries if e.comment_id), notes=sum(1 for e in entries if e.note_id),
        made_at=utcnow(),
    )


def invitation_lists(session: Session, round_: ConsultationRound, for_public: bool) -> list[ActorTypeLists]:
    """Per actor type: invited, answered (invited or not), declined with reason, and not answered."""
    by_type: dict[str, ActorTypeLists] = {t.value: ActorTypeLists(t.value) for t in ActorType}
    answered_orgs: set[int] = set()
    for response in session.scalars(
        select(Response).where(Response.round_id == round_.id, Response.status == ResponseStatus.SUBMITTED,
                               Response.reference.is_not(None))
        .options(selectinload(Response.organisation), selectinload(Response.person))
    ):
        lists = by_type[actor_type_of(response).value]
        if is_anonymous(response, for_public):
            lists.anonymous_answered += 1
        else:
            lists.answered.append(sender_of(response, for_public))
        if response.organisation_id is not None:
            answered_orgs.add(response.organisation_id)
    for invitation in session.scalars(
        select(Invitation).where(Invitation.round_id == round_.id).options(selectinload(Invitation.organisation))
    ):
        organisation = invitation.organisation
        lists = by_type[ActorType(organisation.actor_type).value]
        lists.invited.append(organisation.name)
        if invitation.status == InvitationStatus.DECLINED:
            lists.declined.append((organisation.name, invitation.decline_reason or ""))
        elif organisation.id not in answered_orgs:
            lists.not_answered.append(organisation.name)
    result = []
    for lists in by_type.values():
        if lists.invited or lists.answered or lists.anonymous_answered:
            lists.invited.sort(key=str.casefold)
            lists.answered.sort(key=str.casefold)
            lists.declined.sort(key=lambda pair: pair[0].casefold())
            lists.not_answered.sort(key=str.casefold)
            result.append(lists)
    return result
