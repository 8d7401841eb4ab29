"""The remiss compilation (remissammanställning): every submitted point, grouped, with its position.

One function, `build_compilation`, gathers the data that the web page and every export are
made from, so that they can never disagree: it groups the texts by section or by theme and
shows each campaign once. With `for_public=True` it applies the rules of publication (names
of private persons, redactions, withdrawn responses), which the queries in
`compilation_queries` carry out; the rules for changing what is published live in
`publication`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..base import utcnow
from ..collation import swedish_sorted
from ..errors import N_, NotFound, msg
from ..people.access import Actor
from ..remiss.models import ConsultationRound
from ..remiss.reading import require_reader
from .compilation_queries import (
    WHOLE,
    ActorTypeLists,
    Entry,
    attach_positions,
    chosen_run,
    comment_entries,
    invitation_lists,
    note_entries,
    section_label,
)
from .models import AnalysisItem, AnalysisRun, Campaign, Decision, SectionSummary

Order = Literal["section", "theme"]


@dataclass
class PositionView:
    decision: Decision | None
    motivation: str
    count: int = 1  # how many of a campaign's texts got this answer


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
    # A theme's number (its rank); in public a theme no person named has no title, only "Tema <number>".
    theme_number: int = 0
    named: bool = True  # False: a theme whose name is still the analysis's own
    entries: list[Entry] = field(default_factory=list)
    campaigns: list[CampaignEntry] = field(default_factory=list)

    @property
    def has_summary(self) -> bool:
        return self.kind in ("section", "theme")

    @property
    def size(self) -> int:
        return len(self.entries) + sum(c.count for c in self.campaigns)


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
    unanswered: int = 0  # points without a position (each text of a campaign counted)
    by_stance: bool = False  # a theme's points grouped by stance: tillstyrker, avstyrker, föreslår ändringar, neutral


# --- grouping ----------------------------------------------------------------------------


def _campaign(campaign_id: int, members: list[Entry], representative_text: str) -> CampaignEntry:
    representative = next((m for m in members if m.text == representative_text), members[0])
    positions = Counter((m.decision, m.motivation) for m in members)
    return CampaignEntry(
        campaign_id=campaign_id,
        text=representative.text,
        count=len(members),
        senders=swedish_sorted({m.sender for m in members if not m.anonymous}),
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
    summaries = {
        s.section_key: s for s in session.scalars(select(SectionSummary).where(SectionSummary.round_id == round_.id))
    }
    sections = [(WHOLE, "")] + [
        (s.key, section_label(s)) for s in sorted(round_.version.sections, key=lambda s: s.position)
    ]
    groups = []
    for key, title in sections:
        summary = summaries.get(key)
        groups.append(
            Group(
                kind="section",
                key=key,
                title=title,
                summary=summary.text if summary else "",
                summary_revision=summary.revision if summary else 0,
                entries=[e for e in entries if e.section_key == key],
            )
        )
    known = {key for key, _ in sections}
    # Notes linked to a section of another version of the draft: on the document as a whole.
    groups[0].entries += [e for e in entries if e.section_key not in known]
    if not groups[0].entries and not groups[0].summary:
        groups.pop(0)
    return groups


def _by_theme(run: AnalysisRun | None, entries: list[Entry], theme_of: dict[str, int], for_public: bool) -> list[Group]:
    """One group per live theme; in public, a machine label never leaves here as a theme's name."""
    if run is None:
        return []
    groups = []
    for theme in run.themes:
        if theme.merged_into_id is not None:  # merged themes keep their row but no items
            continue
        named = theme.named_by_id is not None
        groups.append(
            Group(
                kind="theme",
                key=str(theme.id),
                title=theme.label if named or not for_public else "",
                theme_number=theme.rank,
                named=named,
                summary=theme.summary or "",
                summary_revision=theme.summary_revision,
                theme_id=theme.id,
                entries=[e for e in entries if theme_of.get(e.key) == theme.id],
            )
        )
    return groups


def _group_by_stance(groups: list[Group], item_key: dict) -> None:
    """Within each theme, the points in stance order (support, oppose, change, neutral), each marked with it.

    Read from the text the compilation shows, in the language the analysis found for it."""
    from .analysis_results import STANCES, stance_label

    for group in groups:
        if group.kind != "theme":
            continue
        for entry in group.entries:
            entry.stance = stance_label(entry.text, item_key[entry.key].language)
        group.entries.sort(key=lambda e: STANCES.index(e.stance))  # stable: document order inside a stance


def _document_order(round_: ConsultationRound):
    positions = {s.key: s.position for s in round_.version.sections}

    def key(entry: Entry):
        return (
            entry.note_id is not None,
            -1 if entry.section_key == WHOLE else positions.get(entry.section_key, 10**6),
            entry.reference,
            entry.comment_id or entry.note_id or 0,
        )

    return key


def _item_rows(session: Session, run: AnalysisRun):
    """What the compilation needs of each item of the run (where it belongs), as rows in one query:
    not the items themselves, whose texts it never shows."""
    return session.execute(
        select(
            AnalysisItem.comment_id,
            AnalysisItem.note_id,
            AnalysisItem.theme_id,
            AnalysisItem.language,
            AnalysisItem.campaign_id,
            AnalysisItem.off_topic,
            AnalysisItem.section_key,
            AnalysisItem.section_label,
            Campaign.text.label("campaign_text"),
        )
        .outerjoin(Campaign, AnalysisItem.campaign_id == Campaign.id)
        .where(AnalysisItem.run_id == run.id)
    ).all()


def build_compilation(
    session: Session,
    actor: Actor | None,
    round_id: int,
    order: Order = "section",
    for_public: bool = False,
    by_stance: bool = False,
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
    items = _item_rows(session, run) if run else []
    entries = comment_entries(session, round_, for_public) + note_entries(session, round_, items)
    entries.sort(key=_document_order(round_))
    attach_positions(session, entries)

    item_key = {(f"c{i.comment_id}" if i.comment_id else f"n{i.note_id}"): i for i in items}
    off_topic = [e for e in entries if e.key in item_key and item_key[e.key].off_topic]
    on_topic = [e for e in entries if not (e.key in item_key and item_key[e.key].off_topic)]
    if order == "theme":
        groups = _by_theme(run, on_topic, {k: i.theme_id for k, i in item_key.items()}, for_public)
        if by_stance:
            _group_by_stance(groups, item_key)
        placed = {e.key for g in groups for e in g.entries}
        unanalysed = [e for e in on_topic if e.key not in placed]
    else:
        groups, unanalysed = _by_section(session, round_, on_topic), []
    if off_topic:
        groups.append(Group(kind="off_topic", key="off_topic", title=N_("Utanför ämnet"), entries=off_topic))
    if unanalysed:
        groups.append(Group(kind="unanalysed", key="unanalysed", title=N_("Inte med i analysen"), entries=unanalysed))
    campaign_of = {k: i.campaign_id for k, i in item_key.items() if i.campaign_id is not None}
    campaign_texts = {i.campaign_id: i.campaign_text for i in items if i.campaign_id is not None}
    _fold_campaigns(groups, campaign_of, campaign_texts)

    return Compilation(
        round_id=round_.id,
        round_title=round_.title,
        process_code=round_.process.code,
        process_title=round_.process.title,
        document_title=round_.version.title,
        opens_at=round_.opens_at,
        closes_at=round_.closes_at,
        published_at=round_.compilation_published_at,
        order=order,
        run_id=run.id if run else None,
        for_public=for_public,
        groups=groups,
        invitations=invitation_lists(session, round_, for_public),
        responses=len({e.response_id for e in entries if e.response_id}),
        comments=sum(1 for e in entries if e.comment_id),
        notes=sum(1 for e in entries if e.note_id),
        made_at=utcnow(),
        unanswered=sum(1 for e in entries if e.decision is None),
        by_stance=by_stance and order == "theme",
    )
