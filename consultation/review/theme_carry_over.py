"""A re-run continues the previous run: its themes are matched to the previous run's by their texts.

What people did carries over to the matching themes: the names they gave, the summaries,
the texts they placed and the off-topic marks; texts the previous run did not have are
marked new. `store_result` calls `carry_over` once the new run's themes are stored.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AnalysisItem, AnalysisRun, RunStatus, Theme
from .theme_edits import refresh_sizes


def _subject(item: AnalysisItem) -> tuple[str, int]:
    return ("c", item.comment_id) if item.comment_id is not None else ("n", item.note_id)


def previous_run(session: Session, run: AnalysisRun) -> AnalysisRun | None:
    return session.scalars(
        select(AnalysisRun)
        .where(AnalysisRun.round_id == run.round_id, AnalysisRun.status == RunStatus.DONE, AnalysisRun.id < run.id)
        .order_by(AnalysisRun.id.desc())
        .limit(1)
    ).first()


MATCH_AT_LEAST = 0.3  # share of the smaller theme's items two themes must share to be "the same"


def carry_over(session: Session, run: AnalysisRun) -> None:
    """Match the new run's themes to the previous run's by their items and keep what people did.

    Names people gave carry over to the matching theme, as do the summaries; items a person
    placed (moved, merged, split) go to the theme matching where they were put, and
    off-topic marks stay; items the previous run did not have are marked new.
    """
    previous = previous_run(session, run)
    session.flush()
    new_items = session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == run.id)).all()
    if previous is None:
        return
    old_items = session.scalars(select(AnalysisItem).where(AnalysisItem.run_id == previous.id)).all()
    old_by_subject = {_subject(i): i for i in old_items}
    old_members: dict[int, set] = defaultdict(set)
    for item in old_items:
        old_members[item.theme_id].add(_subject(item))
    new_members: dict[int, set] = defaultdict(set)
    for item in new_items:
        new_members[item.theme_id].add(_subject(item))
        item.is_new = _subject(item) not in old_by_subject

    old_themes = {t.id: t for t in previous.themes if t.merged_into_id is None}
    new_themes = {t.id: t for t in run.themes}
    pairs = []
    for new_id, members in new_members.items():
        for old_id, old in old_members.items():
            if old_id not in old_themes:
                continue
            shared = len(members & old)
            if shared and shared / min(len(members), len(old)) >= MATCH_AT_LEAST:
                pairs.append((-shared, new_id, old_id))
    match_of_old: dict[int, int] = {}
    matched_new: set[int] = set()
    for _shared, new_id, old_id in sorted(pairs):
        if new_id in matched_new or old_id in match_of_old:
            continue
        match_of_old[old_id] = new_id
        matched_new.add(new_id)
        theme, old_theme = new_themes[new_id], old_themes[old_id]
        theme.previous_theme_id = old_id
        theme.summary = old_theme.summary
        if old_theme.named_by_id is not None:
            theme.label, theme.named_by_id = old_theme.label, old_theme.named_by_id

    for item in new_items:
        old = old_by_subject.get(_subject(item))
        if old is None:
            continue
        item.off_topic = old.off_topic
        if old.placed_by_id is None:
            continue
        target = match_of_old.get(old.theme_id)
        if target is None:  # a theme people made that the analysis did not find again: keep it
            old_theme = old_themes.get(old.theme_id) or session.get(Theme, old.theme_id)
            fresh = Theme(
                run_id=run.id,
                rank=0,
                label=old_theme.label,
                terms=list(old_theme.terms or []),
                size=0,
                named_by_id=old_theme.named_by_id,
                previous_theme_id=old_theme.id,
                summary=old_theme.summary,
            )
            session.add(fresh)
            session.flush()
            match_of_old[old.theme_id] = target = fresh.id
        item.theme_id, item.placed_by_id = target, old.placed_by_id
    _drop_empty_themes(session, run)
    refresh_sizes(session, run)


def _drop_empty_themes(session: Session, run: AnalysisRun) -> None:
    session.flush()
    used = set(session.scalars(select(AnalysisItem.theme_id).where(AnalysisItem.run_id == run.id)))
    for theme in list(run.themes):
        if theme.id not in used:
            run.themes.remove(theme)
