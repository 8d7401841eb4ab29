"""Shaping themes: rename, merge, split, move, off-topic; every edit recorded and undoable; edits survive a re-run."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.analysis_jobs import run_job
from consultation.errors import Conflict, NotAllowed, ValidationFailed
from consultation.people import Role
from consultation.review import AnalysisItem, AnalysisRun, Theme, ThemeEdit, analysis_runs, theme_edits

from ..factories import OrganisationFactory
from .conftest import HOUSING, SKILLS, TRANSPORT, submitted_response


@pytest.fixture
def member(make_user):
    return make_user(Role.WORKING_GROUP, email="grupp@region.example", name="Greta Grupp")


def analyse_round(db_session, user, round_, n_themes=3) -> AnalysisRun:
    run = analysis_runs.start_run(db_session, user, round_.id, analysis_runs.RunParameters(n_themes=n_themes))
    db_session.commit()
    run_job(run.id)
    db_session.expire_all()
    return db_session.get(AnalysisRun, run.id)


@pytest.fixture
def run(db_session, member, analysed_round):
    return analyse_round(db_session, member, analysed_round)


def items_of(db_session, theme) -> list[AnalysisItem]:
    return list(db_session.scalars(select(AnalysisItem).where(AnalysisItem.theme_id == theme.id)))


def theme_holding(db_session, run, text) -> Theme:
    item = db_session.scalars(
        select(AnalysisItem).where(AnalysisItem.run_id == run.id, AnalysisItem.text == text)
    ).one()
    return db_session.get(Theme, item.theme_id)


def test_rename_is_recorded_and_undone(db_session, member, run):
    theme = run.themes[0]
    old = theme.label
    edit = theme_edits.rename_theme(db_session, member, run.id, theme.id, "  Resor   och pendling ")
    assert theme.label == "Resor och pendling" and theme.named_by_id == member.id
    assert edit.user_id == member.id and old in edit.description
    theme_edits.undo_edit(db_session, member, run.id, edit.id)
    assert theme.label == old and theme.named_by_id is None
    assert edit.undone_at is not None and edit.undone_by_id == member.id


def test_confirming_the_analysis_name_makes_it_the_groups_and_can_be_undone(db_session, member, run):
    theme = run.themes[0]
    label = theme.label
    assert theme.named_by_id is None  # a machine label until a person says otherwise
    edit = theme_edits.confirm_theme_name(db_session, member, run.id, theme.id)
    assert theme.label == label and theme.named_by_id == member.id
    assert "Bekräftade namnet" in edit.description and label in edit.description
    with pytest.raises(Conflict):  # once is enough
        theme_edits.confirm_theme_name(db_session, member, run.id, theme.id)
    theme_edits.undo_edit(db_session, member, run.id, edit.id)
    assert theme.named_by_id is None


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.FACILITATOR])
def test_only_the_working_group_and_admins_confirm_names(db_session, make_user, run, role):
    with pytest.raises(NotAllowed):
        theme_edits.confirm_theme_name(db_session, make_user(role), run.id, run.themes[0].id)
    assert run.themes[0].named_by_id is None


def test_a_blank_name_is_refused(db_session, member, run):
    with pytest.raises(ValidationFailed) as error:
        theme_edits.rename_theme(db_session, member, run.id, run.themes[0].id, "   ")
    assert "label" in error.value.errors


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.FACILITATOR])
def test_only_the_working_group_and_admins_shape_themes(db_session, make_user, run, role):
    with pytest.raises(NotAllowed):
        theme_edits.rename_theme(db_session, make_user(role), run.id, run.themes[0].id, "Nytt namn")


def test_merge_moves_every_item_and_undo_brings_the_theme_back(db_session, member, run):
    target, source = run.themes[0], run.themes[1]
    total = target.size + source.size
    moved = {i.id for i in items_of(db_session, source)}
    edit = theme_edits.merge_themes(db_session, member, run.id, target.id, [source.id])
    assert target.size == total and source.merged_into_id == target.id and source.size == 0
    assert all(
        i.theme_id == target.id and i.placed_by_id == member.id for i in items_of(db_session, target) if i.id in moved
    )
    summaries = analysis_runs.summarise(db_session, member, run)
    assert source.id not in {s.theme.id for s in summaries}
    theme_edits.undo_edit(db_session, member, run.id, edit.id)
    assert source.merged_into_id is None and {i.id for i in items_of(db_session, source)} == moved
    assert target.size + source.size == total


def test_split_by_chosen_items_makes_a_new_theme_and_undo_removes_it(db_session, member, run):
    theme = run.themes[0]
    chosen = [i.id for i in items_of(db_session, theme)][:2]
    edit = theme_edits.split_theme(db_session, member, run.id, theme.id, [("Nattåg", chosen)])
    new_theme = db_session.scalars(select(Theme).where(Theme.run_id == run.id, Theme.label == "Nattåg")).one()
    assert {i.id for i in items_of(db_session, new_theme)} == set(chosen) and new_theme.size == 2
    theme_edits.undo_edit(db_session, member, run.id, edit.id)
    assert db_session.scalars(select(Theme).where(Theme.label == "Nattåg")).first() is None
    assert set(chosen) <= {i.id for i in items_of(db_session, theme)}


def test_a_split_must_leave_something_behind(db_session, member, run):
    theme = run.themes[0]
    with pytest.raises(ValidationFailed):
        theme_edits.split_theme(
            db_session, member, run.id, theme.id, [("Allt", [i.id for i in items_of(db_session, theme)])]
        )


def test_off_topic_items_are_not_counted_and_can_come_back(db_session, member, run):
    theme = run.themes[0]
    item = items_of(db_session, theme)[0]
    size = theme.size
    edit = theme_edits.set_off_topic(db_session, member, run.id, [item.id], True)
    assert theme.size == size - 1 and item.off_topic
    assert edit.description == "Markerade 1 text som ovidkommande."  # not "1 texter" (issue 18)
    assert item in analysis_runs.off_topic_items(db_session, member, run)
    theme_edits.set_off_topic(db_session, member, run.id, [item.id], False)
    assert theme.size == size


def test_an_edit_under_a_later_one_cannot_be_undone_until_the_later_one_is(db_session, member, run):
    first, second = run.themes[0], run.themes[1]
    item = items_of(db_session, first)[0]
    move = theme_edits.move_items(db_session, member, run.id, [item.id], second.id)
    back = theme_edits.move_items(db_session, member, run.id, [item.id], first.id)
    edits = theme_edits.history(db_session, member, run.id)
    assert [e.id for e in edits] == [back.id, move.id]
    assert theme_edits.undoable(edits) == {back.id}
    with pytest.raises(Conflict):
        theme_edits.undo_edit(db_session, member, run.id, move.id)
    theme_edits.undo_edit(db_session, member, run.id, back.id)
    theme_edits.undo_edit(db_session, member, run.id, move.id)
    assert item.theme_id == first.id and item.placed_by_id is None


def test_edits_survive_a_rerun_and_new_texts_are_marked(db_session, member, analysed_round, version, author, run):
    transport = theme_holding(db_session, run, TRANSPORT[0])
    housing = theme_holding(db_session, run, HOUSING[0])
    assert transport.id != housing.id
    theme_edits.rename_theme(db_session, member, run.id, transport.id, "Kollektivtrafik på landsbygden")
    transport.summary = "Många vill ha tätare turer."
    moved = db_session.scalars(
        select(AnalysisItem).where(AnalysisItem.run_id == run.id, AnalysisItem.text == SKILLS[2])
    ).one()
    theme_edits.move_items(db_session, member, run.id, [moved.id], housing.id)
    off = db_session.scalars(
        select(AnalysisItem).where(AnalysisItem.run_id == run.id, AnalysisItem.text == SKILLS[0])
    ).one()
    theme_edits.set_off_topic(db_session, member, run.id, [off.id], True)
    late = "Nattbussen mellan Fjällby och Åhamn behövs för alla som arbetar kväll."
    submitted_response(analysed_round, OrganisationFactory(), {version.sections[0]: late}, author=author)
    db_session.commit()

    rerun = analyse_round(db_session, member, analysed_round)
    renamed = theme_holding(db_session, rerun, TRANSPORT[0])
    assert renamed.label == "Kollektivtrafik på landsbygden" and renamed.named_by_id == member.id
    assert renamed.previous_theme_id == transport.id and renamed.summary == "Många vill ha tätare turer."
    assert theme_holding(db_session, rerun, SKILLS[2]).id == theme_holding(db_session, rerun, HOUSING[0]).id
    new_items = db_session.scalars(
        select(AnalysisItem).where(AnalysisItem.run_id == rerun.id, AnalysisItem.is_new.is_(True))
    ).all()
    assert [i.text for i in new_items] == [late]
    still_off = db_session.scalars(
        select(AnalysisItem).where(AnalysisItem.run_id == rerun.id, AnalysisItem.text == SKILLS[0])
    ).one()
    assert still_off.off_topic
    # The old run and its history are kept as they were.
    assert db_session.scalar(select(ThemeEdit.id).where(ThemeEdit.run_id == run.id)) is not None


def test_agreement_counts_the_items_still_where_the_machine_put_them(db_session, member, run):
    total = run.item_count
    assert analysis_runs.agreement(db_session, run, shaped=False) is None  # nothing shaped yet: nothing to say
    first, second = run.themes[:2]
    moved = items_of(db_session, first)[0]
    theme_edits.move_items(db_session, member, run.id, [moved.id], second.id)
    shown = analysis_runs.agreement(db_session, run, shaped=True)
    assert (shown.kept, shown.total) == (total - 1, total)
    per_theme = {theme.id: (kept, size) for theme, kept, size in shown.themes}
    assert per_theme[first.id] == (first.size, first.size + 1)  # first lost one of its own
    assert per_theme[second.id][0] == per_theme[second.id][1]  # the item it gained was never the machine's
    assert sum(size for _, size in per_theme.values()) == total

    theme_edits.merge_themes(db_session, member, run.id, first.id, [second.id])
    after_merge = analysis_runs.agreement(db_session, run, shaped=True)
    # second's own items all left their theme; the item moved out of first is back in first with the merge
    assert after_merge.kept == total - per_theme[second.id][1]
    assert 0 <= after_merge.percent < shown.percent

    edits = theme_edits.history(db_session, member, run.id)
    for edit in edits:  # newest first: undo everything and the machine's placement is whole again
        theme_edits.undo_edit(db_session, member, run.id, edit.id)
    assert (run.agreement["kept"], run.agreement["total"]) == (total, total)


def test_agreement_is_stored_with_the_run(db_session, member, run):
    first = run.themes[0]
    theme_edits.set_off_topic(db_session, member, run.id, [items_of(db_session, first)[0].id], True)
    db_session.commit()
    db_session.expire_all()
    stored = db_session.get(AnalysisRun, run.id).agreement
    assert stored["kept"] == stored["total"] - 1 and stored["themes"][str(first.id)][0] == first.size
