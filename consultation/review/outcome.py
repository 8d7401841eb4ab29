""" "Vi frågade, ni svarade, vi gjorde": per section of a published round, what came in and what became of it.

For each section the round consulted on (and the draft as a whole): how many points came in
(each text of a campaign counted), the themes they fell in (a theme only by a name a person
confirmed, otherwise by its number, as in the public compilation), the working group's
positions, and what the newest published version did with the section (changed, unchanged,
removed) with the number of positions that said they were acted on there. Read from what the
public compilation already shows, so nothing unpublished leaves here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..drafts import compare
from ..drafts.models import DocumentVersion
from ..drafts.publication import current_version
from ..remiss.models import ConsultationRound
from .compilation import Group, build_compilation
from .compilation_queries import WHOLE, Entry
from .models import AnalysisItem, Decision, Position, Theme
from .public_reading import published_round


@dataclass(frozen=True)
class ThemeShare:
    number: int  # the theme's rank
    name: str  # "" when no person has confirmed a name: shown as "Tema <number>"
    count: int


@dataclass
class SectionOutcome:
    key: str  # a section key, or WHOLE
    title: str  # "3.2 Kompetensförsörjning"; "" for the draft as a whole
    points: int
    themes: list[ThemeShare] = field(default_factory=list)
    decisions: Counter[Decision | None] = field(default_factory=Counter)
    change: compare.Change | None = None  # None: no newer published version to compare with
    acted_on: int = 0  # positions that say the newer version acted on the point in this section

    @property
    def unanswered(self) -> int:
        return self.decisions[None]


@dataclass(frozen=True)
class RoundOutcome:
    round: ConsultationRound
    consulted: DocumentVersion
    newer: DocumentVersion | None  # the newest published version, when it is not the one consulted on
    sections: list[SectionOutcome]


def _members(group: Group) -> list[Entry]:
    return [*group.entries, *(m for c in group.campaigns for m in c.members)]


def _theme_shares(entries: list[Entry], theme_of: dict[str, Theme]) -> list[ThemeShare]:
    counts = Counter(theme_of[e.key].id for e in entries if e.key in theme_of)
    themes = {t.id: t for t in theme_of.values()}
    return [
        ThemeShare(themes[i].rank, themes[i].label if themes[i].named_by_id is not None else "", n)
        for i, n in sorted(counts.items(), key=lambda item: (-item[1], themes[item[0]].rank))
    ]


def round_outcome(session: Session, code: str, round_id: int) -> RoundOutcome:
    """What came of each section of a published round (NotFound before publication)."""
    round_ = published_round(session, code, round_id)
    compiled = build_compilation(session, None, round_.id, order="section", for_public=True)
    theme_of: dict[str, Theme] = {}
    if compiled.run_id is not None:
        themes = {t.id: t for t in session.scalars(select(Theme).where(Theme.run_id == compiled.run_id))}
        for item in session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == compiled.run_id)):
            theme = themes.get(item.theme_id)
            while theme is not None and theme.merged_into_id is not None:
                theme = themes.get(theme.merged_into_id)
            if theme is not None and not item.off_topic:
                theme_of[f"c{item.comment_id}" if item.comment_id else f"n{item.note_id}"] = theme
    newest = current_version(round_.process)
    newer = newest if newest is not None and newest.id != round_.version_id else None
    changes = (
        {c.key: c.change for c in compare.compare_sections(round_.version.sections, newer.sections)} if newer else {}
    )
    # Every point, off-topic ones too, under the section it was made on (notes on another version's
    # section, like the compilation, under the draft as a whole).
    titles = {g.key: g.title for g in compiled.groups if g.kind == "section"}
    titles.setdefault(WHOLE, "")
    by_section: dict[str, list[Entry]] = {}
    for entry in (m for g in compiled.groups for m in _members(g)):
        by_section.setdefault(entry.section_key if entry.section_key in titles else WHOLE, []).append(entry)
    everything = [e for entries in by_section.values() for e in entries]
    acted = Counter(
        p.acted_on_section_key
        for p in session.scalars(
            select(Position).where(
                Position.acted_on_section_key.is_not(None),
                Position.comment_id.in_([e.comment_id for e in everything if e.comment_id])
                | Position.note_id.in_([e.note_id for e in everything if e.note_id]),
            )
        )
    )
    order = [WHOLE] + [s.key for s in sorted(round_.version.sections, key=lambda s: s.position)]
    sections = []
    for key in order:
        members = by_section.get(key, [])
        if key == WHOLE and not members:
            continue
        sections.append(
            SectionOutcome(
                key=key,
                title=titles.get(key, ""),
                points=len(members),
                themes=_theme_shares(members, theme_of),
                decisions=Counter(e.decision for e in members),
                change=changes.get(key) if newer and key != WHOLE else None,
                acted_on=acted.get(key, 0) if newer else 0,
            )
        )
    return RoundOutcome(round=round_, consulted=round_.version, newer=newer, sections=sections)
