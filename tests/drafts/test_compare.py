"""Comparing two versions of the draft: sections matched by key, changed word by word."""

from __future__ import annotations

import pytest

from app.extensions import db
from consultation.drafts.compare import Change, compare_versions
from consultation.drafts.word_diff import Op
from consultation.errors import NotFound
from consultation.people import Role
from consultation.review import Decision
from consultation.review.change_reasons import reasons_for


def test_sections_are_matched_by_key_and_marked_changed_new_removed_or_unchanged(revised):
    comparison = compare_versions(db.session, None, "RUS2040", None, None)

    assert (comparison.old.number, comparison.new.number) == (1, 2)
    assert [(c.section.number, c.change) for c in comparison.sections] == [
        ("1", Change.UNCHANGED),
        ("2", Change.CHANGED),
        ("3", Change.CHANGED),
        ("4", Change.REMOVED),  # where it stood, after 3
        ("5", Change.NEW),
    ]
    assert comparison.counts == {Change.UNCHANGED: 1, Change.CHANGED: 2, Change.REMOVED: 1, Change.NEW: 1}


def test_a_changed_heading_and_text_show_their_insertions_and_deletions(revised):
    comparison = compare_versions(db.session, None, "RUS2040", 1, 2)
    transport = comparison.sections[2]

    assert [(p.op, p.text) for p in transport.heading] == [
        (Op.EQUAL, "3 Kollektivtrafik"),
        (Op.INSERT, " och pendling"),
    ]
    inserted = {p.text.strip() for p in transport.body if p.op is Op.INSERT}
    deleted = {p.text.strip() for p in transport.body if p.op is Op.DELETE}
    assert "byggas ut" in deleted and "utvecklas" in inserted
    assert "hållbart" in inserted
    removed = comparison.sections[3]
    assert [p.op for p in removed.body] == [Op.DELETE]


def test_the_comparison_runs_either_way_and_refuses_versions_that_do_not_exist(revised):
    backwards = compare_versions(db.session, None, "RUS2040", 2, 1)
    assert [c.change for c in backwards.sections].count(Change.NEW) == 1  # Bredband comes back
    with pytest.raises(NotFound):
        compare_versions(db.session, None, "RUS2040", 1, 3)
    with pytest.raises(NotFound):
        compare_versions(db.session, None, "RUS2040", 0, 2)


def test_each_change_lists_the_positions_that_point_at_it(revised, make_user):
    comparison = compare_versions(db.session, None, "RUS2040", 1, 2)
    reasons = reasons_for(db.session, make_user(Role.WORKING_GROUP), comparison)

    skills = reasons[revised.key("2")]
    assert sorted((r.kind, r.decision) for r in skills.reasons) == [
        ("comment", Decision.ACCEPTED),
        ("note", Decision.PARTLY),
    ]
    assert skills.decisions == {Decision.ACCEPTED: 1, Decision.PARTLY: 1}
    assert all(r.run_id == revised.run.id for r in skills.reasons)
    assert [r.sender for r in reasons[revised.key("3")].reasons] == ["Fjällby Buss AB"]
    assert revised.key("1") not in reasons  # unchanged: nothing to explain


@pytest.mark.parametrize("role", [None, Role.STAKEHOLDER, Role.FACILITATOR])
def test_positions_are_the_working_groups_until_published(revised, make_user, role):
    comparison = compare_versions(db.session, None, "RUS2040", 1, 2)
    actor = make_user(role) if role else None
    assert reasons_for(db.session, actor, comparison) == {}
