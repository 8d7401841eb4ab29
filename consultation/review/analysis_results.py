"""Reading an analysis run: the run, its themes and their items, and the themes as the result page sums them up."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from analysis.stance import stance_of

from ..errors import N_, NotFound, msg
from ..people.access import Actor
from ..remiss.reading import require_reader
from .models import AnalysisItem, AnalysisRun, Campaign, Theme


def get_run(session: Session, actor: Actor, run_id: int) -> AnalysisRun:
    require_reader(actor)
    run = session.get(AnalysisRun, run_id)
    if run is None:
        raise NotFound(msg(N_("Analysen finns inte.")))
    return run


def theme_of_run(session: Session, run_id: int, theme_id: int, *, merged: bool = False) -> Theme:
    """The theme of this run, or NotFound; a theme merged into another counts only with `merged`."""
    theme = session.get(Theme, theme_id)
    if theme is None or theme.run_id != run_id or (theme.merged_into_id is not None and not merged):
        raise NotFound(msg(N_("Temat finns inte.")))
    return theme


def get_theme(session: Session, actor: Actor, run_id: int, theme_id: int) -> Theme:
    """A theme of the run that is still in use (not merged into another), for the working group."""
    require_reader(actor)
    return theme_of_run(session, run_id, theme_id)


def typical_first(item: AnalysisItem) -> tuple:
    """The order of a theme's items: the most typical (the analysis's representatives) first, then input order."""
    return (item.representative_rank is None, item.representative_rank or 0, item.id)


def theme_items(session: Session, theme: Theme) -> list[AnalysisItem]:
    """The theme's items, most typical first, then the others in input order."""
    items = session.scalars(
        select(AnalysisItem)
        .where(AnalysisItem.theme_id == theme.id)
        .options(selectinload(AnalysisItem.campaign), selectinload(AnalysisItem.comment))  # its link to the response
    ).all()
    return sorted(items, key=typical_first)


@dataclass(frozen=True)
class StanceBalance:
    """How many of a theme's texts support, oppose, ask for a change in, or take no position on the draft."""

    support: int = 0
    oppose: int = 0
    change: int = 0
    neutral: int = 0


# A pure function of the text, so a cache per process is right in every worker; the theme page
# read each of its texts with some forty expressions on every view (~10 ms of CPU for a theme of
# 65 texts on the demo data). Bounded, so a large round cannot grow a worker without limit.
@lru_cache(maxsize=8192)
def _stance_label(text: str, language: str | None) -> str:
    return stance_of(text, language).label


def stance_label(text: str, language: str | None) -> str:
    """The stance (support, oppose, change, neutral) one text takes, read from it."""
    return _stance_label(text or "", language)


def stance_balance(items: list[AnalysisItem]) -> StanceBalance:
    """The balance of stances among the items, read from their text on the fly.

    Stances are not stored with a run: the reading is a handful of regular expressions per text
    (analysis.stance), cheap enough to redo whenever a theme page is shown, and it follows the
    theme as the working group reshapes it.
    """
    counts = Counter(stances_of(items))
    return StanceBalance(**{label: counts[label] for label in STANCES})


STANCES = ("support", "oppose", "change", "neutral")


def stances_of(items: list[AnalysisItem]) -> list[str]:
    """Each item's stance label (support, oppose, change, neutral), in the items' order, read from its text."""
    return [_stance_label(item.text or "", item.language) for item in items]


def with_stance(items: list[AnalysisItem], stance: str) -> list[AnalysisItem]:
    """The items whose text takes the given stance, in the order given; an unknown stance keeps them all."""
    if stance not in STANCES:
        return items
    return [item for item, label in zip(items, stances_of(items), strict=True) if label == stance]


@dataclass(frozen=True)
class Agreement:
    """How much of the machine's placement the group kept: overall and per theme the machine made."""

    kept: int
    total: int
    themes: list[tuple[Theme, int, int]]  # (the machine's theme as it is now named, kept, total), largest first

    @property
    def percent(self) -> int:
        return round(100 * self.kept / self.total) if self.total else 100


def agreement(session: Session, run: AnalysisRun, shaped: bool) -> Agreement | None:
    """The stored agreement with the people, once the group has shaped the run (or carried placements over)."""
    stored = run.agreement
    if not stored or not stored.get("total") or not (shaped or stored["kept"] < stored["total"]):
        return None
    themes = {t.id: t for t in run.themes}
    rows = [(themes[int(key)], kept, total) for key, (kept, total) in stored["themes"].items() if int(key) in themes]
    return Agreement(stored["kept"], stored["total"], sorted(rows, key=lambda row: (-row[2], row[0].id)))


# --- breakdowns for the result page ------------------------------------------------------


def count_actor_types(items: list[AnalysisItem]) -> list[tuple[str, int]]:
    """(actor type code, count) of the items' senders, largest first; off-topic items are not counted."""
    counts = Counter(item.actor_type or "" for item in items if not item.off_topic)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


@dataclass
class ThemeSummary:
    theme: Theme
    quotes: list[AnalysisItem]
    by_section: list[tuple[str, int]]  # (section label, count), largest first
    by_actor_type: list[tuple[str, int]]  # (actor type code, count), largest first
    uncertain: int
    new: int = 0  # items the round's previous analysis did not have


def summarise(session: Session, actor: Actor, run: AnalysisRun, quotes: int = 3) -> list[ThemeSummary]:
    """The run's themes (merged ones left out) with quotes and breakdowns; off-topic items not counted."""
    require_reader(actor)
    # The page lists every campaign with its senders and its theme: loaded with the run here, not one campaign at a
    # time while the page is drawn.
    session.scalars(
        select(AnalysisRun)
        .where(AnalysisRun.id == run.id)
        .options(selectinload(AnalysisRun.campaigns).selectinload(Campaign.items).selectinload(AnalysisItem.theme))
    ).one()
    items = session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == run.id)).all()
    grouped: dict[int, list[AnalysisItem]] = {}
    for item in items:
        if not item.off_topic:
            grouped.setdefault(item.theme_id, []).append(item)
    summaries = []
    for theme in sorted((t for t in run.themes if t.merged_into_id is None), key=lambda t: (t.rank, t.id)):
        members = grouped.get(theme.id, [])
        sections: dict[str, int] = {}
        for item in members:
            sections[item.section_label or ""] = sections.get(item.section_label or "", 0) + 1
        ranked = sorted(members, key=typical_first)
        summaries.append(
            ThemeSummary(
                theme=theme,
                quotes=ranked[:quotes],
                by_section=sorted(sections.items(), key=lambda kv: (-kv[1], kv[0])),
                by_actor_type=count_actor_types(members),
                uncertain=sum(1 for i in members if i.uncertain),
                new=sum(1 for i in members if i.is_new),
            )
        )
    return summaries


def off_topic_items(session: Session, actor: Actor, run: AnalysisRun) -> list[AnalysisItem]:
    require_reader(actor)
    return list(
        session.scalars(
            select(AnalysisItem)
            .where(AnalysisItem.run_id == run.id, AnalysisItem.off_topic.is_(True))
            .order_by(AnalysisItem.id)
        )
    )
