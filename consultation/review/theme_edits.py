"""The working group shapes a run's themes: rename, merge, split, move items, mark items off-topic.

Every edit is recorded with who, when, what and the state it replaced, so it can be undone;
an edit can be undone as long as no later edit (still in force) touched the same themes or
items. Placements made by a person survive a re-run: see `theme_carry_over`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..base import utcnow
from ..errors import N_, Conflict, NotFound, ValidationFailed, msg
from ..people.access import Actor, user_id_of
from ..remiss.reading import require_reader
from .analysis_results import theme_of_run
from .models import AnalysisItem, AnalysisRun, EditAction, RunStatus, Theme, ThemeEdit

MAX_LABEL = 300


def _run(session: Session, actor: Actor, run_id: int) -> AnalysisRun:
    require_reader(actor)
    run = session.get(AnalysisRun, run_id)
    if run is None or run.status != RunStatus.DONE:
        raise NotFound(msg(N_("Analysen finns inte eller är inte klar.")))
    return run


def _items(session: Session, run: AnalysisRun, item_ids: Iterable[int]) -> list[AnalysisItem]:
    wanted = sorted(set(item_ids))
    if not wanted:
        raise ValidationFailed({"item_ids": [msg(N_("Välj minst en text."))]})
    items = session.scalars(
        select(AnalysisItem).where(AnalysisItem.run_id == run.id, AnalysisItem.id.in_(wanted))
    ).all()
    if len(items) != len(wanted):
        raise NotFound(msg(N_("Någon av de valda texterna finns inte i analysen.")))
    return list(items)


def _clean_label(label: str, field: str = "label") -> str:
    label = " ".join((label or "").split())
    if not label:
        raise ValidationFailed({field: [msg(N_("Ge temat ett namn."))]})
    if len(label) > MAX_LABEL:
        raise ValidationFailed({field: [msg(N_("Namnet får vara högst %(max)s tecken."), max=MAX_LABEL)]})
    return label


def _item_state(item: AnalysisItem) -> list:
    return [item.theme_id, item.placed_by_id, item.off_topic]


def _texts(count: int) -> str:
    # The history of edits is kept as written, in Swedish (not a catalogue text): "1 text", "3 texter".
    return f"{count} text" if count == 1 else f"{count} texter"


def _record(
    session: Session, actor: Actor, run: AnalysisRun, action: EditAction, description: str, before: dict
) -> ThemeEdit:
    edit = ThemeEdit(run_id=run.id, user_id=user_id_of(actor), action=action, description=description, before=before)
    session.add(edit)
    session.flush()
    return edit


def refresh_sizes(session: Session, run: AnalysisRun) -> None:
    """Theme sizes (items not marked off-topic) and ranks, largest first, after any change."""
    session.flush()
    counts: dict[int, int] = defaultdict(int)
    for theme_id, off_topic in session.execute(
        select(AnalysisItem.theme_id, AnalysisItem.off_topic).where(AnalysisItem.run_id == run.id)
    ):
        if not off_topic:
            counts[theme_id] += 1
    themes = session.scalars(select(Theme).where(Theme.run_id == run.id)).all()
    for theme in themes:
        theme.size = counts.get(theme.id, 0)
    live = sorted((t for t in themes if t.merged_into_id is None), key=lambda t: (-t.size, t.id))
    for rank, theme in enumerate(live, start=1):
        theme.rank = rank
    for offset, theme in enumerate((t for t in themes if t.merged_into_id is not None), start=len(live) + 1):
        theme.rank = offset
    record_agreement(session, run)


def record_agreement(session: Session, run: AnalysisRun) -> None:
    """Store the share of items still in the theme the machine put them in, per machine theme and overall.

    An item marked off-topic, moved, or whose theme was merged into another counts as changed by the group.
    """
    kept_by_theme: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for theme_id, machine_theme_id, off_topic in session.execute(
        select(AnalysisItem.theme_id, AnalysisItem.machine_theme_id, AnalysisItem.off_topic).where(
            AnalysisItem.run_id == run.id, AnalysisItem.machine_theme_id.is_not(None)
        )
    ):
        counts = kept_by_theme[machine_theme_id]
        counts[0] += int(theme_id == machine_theme_id and not off_topic)
        counts[1] += 1
    run.agreement = {
        "kept": sum(k for k, _ in kept_by_theme.values()),
        "total": sum(n for _, n in kept_by_theme.values()),
        "themes": {str(theme_id): counts for theme_id, counts in sorted(kept_by_theme.items())},
    }


def rename_theme(session: Session, actor: Actor, run_id: int, theme_id: int, label: str) -> ThemeEdit:
    run = _run(session, actor, run_id)
    theme = theme_of_run(session, run.id, theme_id)
    label = _clean_label(label)
    before = {"labels": {str(theme.id): [theme.label, theme.named_by_id]}}
    old = theme.label
    theme.label, theme.named_by_id = label, user_id_of(actor)
    return _record(session, actor, run, EditAction.RENAME, f"Bytte namn på ”{old}” till ”{label}”.", before)


def confirm_theme_name(session: Session, actor: Actor, run_id: int, theme_id: int) -> ThemeEdit:
    """A person keeps the analysis's name as it is: from now on it counts as named by the group.

    Recorded as a rename to the same name (the name is now the group's), so it is undone and
    carried over to the next run like any other rename.
    """
    run = _run(session, actor, run_id)
    theme = theme_of_run(session, run.id, theme_id)
    if theme.named_by_id is not None:
        raise Conflict(msg(N_("Namnet är redan satt eller bekräftat av arbetsgruppen.")))
    before = {"labels": {str(theme.id): [theme.label, theme.named_by_id]}}
    theme.named_by_id = user_id_of(actor)
    return _record(session, actor, run, EditAction.RENAME, f"Bekräftade namnet ”{theme.label}”.", before)


def merge_themes(session: Session, actor: Actor, run_id: int, target_id: int, source_ids: Iterable[int]) -> ThemeEdit:
    """Move every item of the source themes into the target; the sources stay (empty) for undo."""
    run = _run(session, actor, run_id)
    target = theme_of_run(session, run.id, target_id)
    sources = [
        theme_of_run(session, run.id, source_id) for source_id in sorted(set(source_ids)) if source_id != target_id
    ]
    if not sources:
        raise ValidationFailed({"source_ids": [msg(N_("Välj ett annat tema att slå ihop med."))]})
    source_ids = {s.id for s in sources}
    items = session.scalars(
        select(AnalysisItem).where(AnalysisItem.run_id == run.id, AnalysisItem.theme_id.in_(source_ids))
    ).all()
    before = {
        "items": {str(i.id): _item_state(i) for i in items},
        "merged": {str(s.id): None for s in sources},
        "target": target.id,
    }
    for item in items:
        item.theme_id, item.placed_by_id = target.id, user_id_of(actor)
    for source in sources:
        source.merged_into_id = target.id
    refresh_sizes(session, run)
    names = ", ".join(f"”{s.label}”" for s in sources)
    return _record(session, actor, run, EditAction.MERGE, f"Slog ihop {names} med ”{target.label}”.", before)


def split_theme(
    session: Session, actor: Actor, run_id: int, theme_id: int, groups: list[tuple[str, list[int]]]
) -> ThemeEdit:
    """New themes from chosen items of one theme: each (label, item ids) becomes a theme of its own."""
    run = _run(session, actor, run_id)
    theme = theme_of_run(session, run.id, theme_id)
    if not groups:
        raise ValidationFailed({"item_ids": [msg(N_("Välj minst en text."))]})
    chosen = [_items(session, run, ids) for _label, ids in groups]
    members = {i.id for i in session.scalars(select(AnalysisItem).where(AnalysisItem.theme_id == theme.id))}
    every = [item for group in chosen for item in group]
    if any(item.id not in members for item in every):
        raise ValidationFailed({"item_ids": [msg(N_("Välj bara texter ur det här temat."))]})
    if len({item.id for item in every}) == len(members):
        raise ValidationFailed({"item_ids": [msg(N_("Lämna minst en text kvar i temat."))]})
    before: dict = {"items": {str(i.id): _item_state(i) for i in every}, "created": []}
    created = []
    for (label, _ids), items in zip(groups, chosen, strict=True):
        new_theme = Theme(
            run_id=run.id,
            rank=0,
            label=_clean_label(label),
            terms=[],
            size=0,
            named_by_id=user_id_of(actor),
            previous_theme_id=theme.previous_theme_id,
        )
        session.add(new_theme)
        session.flush()
        created.append(new_theme)
        for item in items:
            item.theme_id, item.placed_by_id = new_theme.id, user_id_of(actor)
    before["created"] = [t.id for t in created]
    refresh_sizes(session, run)
    names = ", ".join(f"”{t.label}”" for t in created)
    return _record(session, actor, run, EditAction.SPLIT, f"Delade ”{theme.label}”: nytt tema {names}.", before)


def move_items(
    session: Session, actor: Actor, run_id: int, item_ids: Iterable[int], target_id: int | None
) -> ThemeEdit:
    run = _run(session, actor, run_id)
    if target_id is None:  # the form was sent without a theme chosen
        raise ValidationFailed({"target": [msg(N_("Välj vilket tema texterna ska flyttas till."))]})
    target = theme_of_run(session, run.id, target_id)
    items = _items(session, run, item_ids)
    before = {"items": {str(i.id): _item_state(i) for i in items}, "target": target.id}
    for item in items:
        item.theme_id, item.placed_by_id = target.id, user_id_of(actor)
    refresh_sizes(session, run)
    return _record(
        session, actor, run, EditAction.MOVE, f"Flyttade {_texts(len(items))} till ”{target.label}”.", before
    )


def set_off_topic(session: Session, actor: Actor, run_id: int, item_ids: Iterable[int], off_topic: bool) -> ThemeEdit:
    run = _run(session, actor, run_id)
    items = _items(session, run, item_ids)
    before = {"items": {str(i.id): _item_state(i) for i in items}}
    for item in items:
        item.off_topic = off_topic
        item.placed_by_id = user_id_of(actor)
    refresh_sizes(session, run)
    action = EditAction.OFF_TOPIC if off_topic else EditAction.ON_TOPIC
    text = (
        f"Markerade {_texts(len(items))} som ovidkommande."
        if off_topic
        else f"Tog tillbaka {_texts(len(items))} i temana."
    )
    return _record(session, actor, run, action, text, before)


def _footprint(edit: ThemeEdit) -> tuple[set[str], set[str], set[str]]:
    """(items whose state it changed, themes whose row it changed, themes it put items into)."""
    before = edit.before or {}
    items = set(before.get("items", {}))
    themes = set(before.get("labels", {})) | set(before.get("merged", {})) | {str(t) for t in before.get("created", [])}
    targets = {str(before["target"])} if before.get("target") is not None else set()
    return items, themes, targets | {str(t) for t in before.get("created", [])}


def history(session: Session, actor: Actor, run_id: int) -> list[ThemeEdit]:
    run = _run(session, actor, run_id)
    return list(
        session.scalars(
            select(ThemeEdit)
            .where(ThemeEdit.run_id == run.id)
            .order_by(ThemeEdit.created_at.desc(), ThemeEdit.id.desc())
            .options(selectinload(ThemeEdit.user))
        )
    )


def undoable(edits: list[ThemeEdit]) -> set[int]:
    """Ids of the edits that can be undone now: in force, and no later edit in force touched the
    same items or themes, or put items into a theme this edit created."""
    result = set()
    later_items: set[str] = set()
    later_themes: set[str] = set()
    later_targets: set[str] = set()
    for edit in sorted(edits, key=lambda e: e.id, reverse=True):
        if edit.undone_at is not None:
            continue
        items, themes, targets = _footprint(edit)
        created = {str(t) for t in (edit.before or {}).get("created", [])}
        if not (items & later_items) and not (themes & later_themes) and not (created & later_targets):
            result.add(edit.id)
        later_items |= items
        later_themes |= themes
        later_targets |= targets
    return result


def undo_edit(session: Session, actor: Actor, run_id: int, edit_id: int) -> ThemeEdit:
    run = _run(session, actor, run_id)
    edits = history(session, actor, run_id)
    edit = next((e for e in edits if e.id == edit_id), None)
    if edit is None or edit.undone_at is not None:
        raise NotFound(msg(N_("Ändringen finns inte eller är redan ångrad.")))
    if edit.id not in undoable(edits):
        raise Conflict(msg(N_("En senare ändring rör samma texter eller teman. Ångra den först.")))
    before = edit.before or {}
    for theme_id, (label, named_by_id) in before.get("labels", {}).items():
        theme = session.get(Theme, int(theme_id))
        if theme is not None:
            theme.label, theme.named_by_id = label, named_by_id
    for item_id, (theme_id, placed_by_id, off_topic) in before.get("items", {}).items():
        item = session.get(AnalysisItem, int(item_id))
        if item is not None:
            item.theme_id, item.placed_by_id, item.off_topic = theme_id, placed_by_id, off_topic
    for theme_id, merged_into in before.get("merged", {}).items():
        theme = session.get(Theme, int(theme_id))
        if theme is not None:
            theme.merged_into_id = merged_into
    session.flush()
    for theme_id in before.get("created", []):
        theme = session.get(Theme, int(theme_id))
        still_used = session.scalar(select(AnalysisItem.id).where(AnalysisItem.theme_id == int(theme_id)).limit(1))
        if theme is not None and still_used is None:  # never delete a theme that holds items
            session.delete(theme)
    edit.undone_at, edit.undone_by_id = utcnow(), user_id_of(actor)
    refresh_sizes(session, run)
    return edit
