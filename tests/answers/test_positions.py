"""The rules of positions: one per comment or note, reasons where required, no silent overwrite, bulk, progress."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select, update

from consultation.base import utcnow
from consultation.errors import NotAllowed, NotFound, ValidationFailed
from consultation.people import Role
from consultation.review import Decision, Position, answer_progress, positions
from consultation.review.positions import PositionConflict, PositionInput, Selection, Subject

from .conftest import CAMPAIGN_TEXT, ITEMS, THEMES, analyse_fixed

TRAINS = THEMES["Kollektivtrafik"][1][1]
RENTALS = THEMES["Bostäder"][1][1]
WHOLE = THEMES["Kompetensförsörjning"][2][1]


def position_of(db_session, subject: Subject) -> Position | None:
    column = Position.comment_id if subject.kind == "comment" else Position.note_id
    return db_session.scalar(select(Position).where(column == subject.id))


def test_a_member_records_and_then_changes_a_position(db_session, answer_run, member):
    subject = answer_run.subject(TRAINS)
    run_id = answer_run.run.id
    first = positions.record_position(
        db_session, member, run_id, subject, PositionInput("accepted", "  Tas in i avsnitt 1.  "), None
    )
    db_session.commit()
    assert (first.decision, first.motivation, first.revision, first.decided_by_id) == (
        "accepted",
        "Tas in i avsnitt 1.",
        1,
        member.id,
    )

    section_key = answer_run.run.round.version.sections[0].key
    second = positions.record_position(
        db_session, member, run_id, subject, PositionInput("partly", "Delvis: bara pendlingen.", section_key), 1
    )
    db_session.commit()
    assert second.id == first.id and second.revision == 2
    assert (second.decision, second.acted_on_section_key) == ("partly", section_key)
    assert db_session.scalar(select(func.count()).select_from(Position)) == 1


def test_a_position_on_a_meeting_note_attaches_to_the_note(db_session, answer_run, member):
    positions.record_position(
        db_session, member, answer_run.run.id, answer_run.note_subject, PositionInput("noted", ""), None
    )
    saved = position_of(db_session, answer_run.note_subject)
    assert saved.note_id == answer_run.note.id and saved.comment_id is None and saved.decision == "noted"


def test_the_second_of_two_members_gets_a_conflict_with_both_versions(db_session, answer_run, member, colleague):
    subject = answer_run.subject(TRAINS)
    run_id = answer_run.run.id
    # Both opened the item when it had no position; the colleague saves first.
    positions.record_position(db_session, colleague, run_id, subject, PositionInput("accepted", "Kalles skäl."), None)
    db_session.commit()
    with pytest.raises(PositionConflict) as caught:
        positions.record_position(
            db_session, member, run_id, subject, PositionInput("not_accepted", "Gretas skäl."), None
        )
    db_session.rollback()
    theirs, mine = caught.value.theirs, caught.value.mine
    assert (theirs.decision, theirs.motivation, theirs.decided_by, theirs.revision) == (
        Decision.ACCEPTED,
        "Kalles skäl.",
        "Kalle Kollega",
        1,
    )
    assert theirs.decided_at is not None
    assert (mine.decision, mine.motivation) == ("not_accepted", "Gretas skäl.")
    saved = position_of(db_session, subject)
    assert (saved.motivation, saved.decided_by_id) == ("Kalles skäl.", colleague.id)

    # Having seen theirs (revision 1), she may knowingly replace it.
    positions.record_position(db_session, member, run_id, subject, PositionInput("not_accepted", "Gretas skäl."), 1)
    db_session.commit()
    assert position_of(db_session, subject).motivation == "Gretas skäl."


def test_a_save_that_races_a_colleagues_save_becomes_a_conflict(db_session, answer_run, member, colleague, monkeypatch):
    subject = answer_run.subject(TRAINS)
    run_id = answer_run.run.id
    positions.record_position(db_session, colleague, run_id, subject, PositionInput("accepted", "Först."), None)
    db_session.commit()
    original = positions._current_position
    calls = []

    def colleague_saves_after_our_read(session, subject):
        position = original(session, subject)
        if not calls:  # the colleague's save lands between our read and our write
            calls.append(position)
            session.execute(
                update(Position.__table__)
                .where(Position.__table__.c.id == position.id)
                .values(motivation="Kalles andra skäl.", revision=Position.__table__.c.revision + 1)
            )
        return position

    monkeypatch.setattr(positions, "_current_position", colleague_saves_after_our_read)
    with pytest.raises(PositionConflict) as caught:
        positions.record_position(db_session, member, run_id, subject, PositionInput("noted", "Gretas."), 1)
    assert (caught.value.theirs.motivation, caught.value.theirs.revision) == ("Kalles andra skäl.", 2)
    # Only our savepoint was undone: the session still reads, and theirs is what is stored.
    assert position_of(db_session, subject).motivation == "Kalles andra skäl."


def test_saving_what_a_colleague_already_saved_is_no_conflict(db_session, answer_run, member, colleague):
    subject = answer_run.subject(TRAINS)
    positions.record_position(db_session, colleague, answer_run.run.id, subject, PositionInput("noted", "Samma."), None)
    same = positions.record_position(
        db_session, member, answer_run.run.id, subject, PositionInput("noted", "Samma."), None
    )
    assert same.revision == 1 and same.decided_by_id == colleague.id


@pytest.mark.parametrize(
    "data, field",
    [
        (PositionInput(None, "Skäl."), "decision"),
        (PositionInput("rejected", "Skäl."), "decision"),
        (PositionInput("not_accepted", "   "), "motivation"),
        (PositionInput("partly", ""), "motivation"),
        (PositionInput("accepted", "x" * 5001), "motivation"),
        (PositionInput("accepted", "Skäl.", "no-such-section"), "acted_on_section_key"),
    ],
)
def test_invalid_positions_are_refused_with_the_field_named(db_session, answer_run, member, data, field):
    with pytest.raises(ValidationFailed) as caught:
        positions.record_position(db_session, member, answer_run.run.id, answer_run.subject(TRAINS), data, None)
    assert list(caught.value.errors) == [field]
    assert position_of(db_session, answer_run.subject(TRAINS)) is None


@pytest.mark.parametrize("decision", ["accepted", "noted"])
def test_accepted_and_noted_need_no_motivation(db_session, answer_run, member, decision):
    saved = positions.record_position(
        db_session, member, answer_run.run.id, answer_run.subject(TRAINS), PositionInput(decision, "", ""), None
    )
    assert saved.motivation == "" and saved.acted_on_section_key is None
    long_enough = positions.record_position(
        db_session, member, answer_run.run.id, answer_run.subject(RENTALS), PositionInput(decision, "x" * 5000), None
    )
    assert len(long_enough.motivation) == 5000


def test_an_item_outside_the_run_is_not_found(db_session, answer_run, member):
    with pytest.raises(NotFound):
        positions.record_position(
            db_session, member, answer_run.run.id, Subject("comment", 999_999), PositionInput("noted"), None
        )
    with pytest.raises(NotFound):
        positions.record_position(db_session, member, 999_999, answer_run.subject(TRAINS), PositionInput("noted"), None)


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.FACILITATOR, None])
def test_only_the_working_group_and_admins_touch_positions(db_session, answer_run, make_user, role):
    actor = make_user(role) if role else None
    run_id = answer_run.run.id
    calls = [
        lambda: positions.record_position(
            db_session, actor, run_id, answer_run.subject(TRAINS), PositionInput("noted"), None
        ),
        lambda: positions.record_positions(
            db_session, actor, run_id, Selection(campaign_id=answer_run.campaign.id), PositionInput("noted")
        ),
        lambda: answer_progress.progress(db_session, actor, run_id),
        lambda: positions.answerables(db_session, actor, run_id, only_unanswered=True),
        lambda: positions.get_answerable(db_session, actor, run_id, answer_run.subject(TRAINS)),
    ]
    for call in calls:
        with pytest.raises(NotAllowed):
            call()
    assert db_session.scalar(select(func.count()).select_from(Position)) == 0


def test_an_admin_may_record_positions(db_session, answer_run, make_user):
    admin = make_user(Role.ADMIN)
    saved = positions.record_position(
        db_session, admin, answer_run.run.id, answer_run.subject(TRAINS), PositionInput("noted"), None
    )
    assert saved.decided_by_id == admin.id


# --- bulk ------------------------------------------------------------------------------------


def test_a_whole_campaign_is_answered_in_one_step(db_session, answer_run, member):
    result = positions.record_positions(
        db_session,
        member,
        answer_run.run.id,
        Selection(campaign_id=answer_run.campaign.id),
        PositionInput("not_accepted", "Kvällsbussen upphandlas av kommunerna."),
    )
    db_session.commit()
    assert (result.created, result.updated, result.skipped) == (3, 0, 0)
    for n in range(3):
        saved = position_of(db_session, answer_run.subject(CAMPAIGN_TEXT, n))
        assert (saved.decision, saved.motivation, saved.decided_by_id) == (
            "not_accepted",
            "Kvällsbussen upphandlas av kommunerna.",
            member.id,
        )
    assert db_session.scalar(select(func.count()).select_from(Position)) == 3


def test_a_bulk_answer_skips_items_that_have_a_position_unless_asked_to_overwrite(
    db_session, answer_run, member, colleague
):
    run_id = answer_run.run.id
    first = answer_run.subject(CAMPAIGN_TEXT, 0)
    positions.record_position(db_session, colleague, run_id, first, PositionInput("accepted", "Kalles eget."), None)
    db_session.commit()
    campaign = Selection(campaign_id=answer_run.campaign.id)

    kept = positions.record_positions(db_session, member, run_id, campaign, PositionInput("noted", "Gemensamt."))
    assert (kept.created, kept.skipped, kept.updated) == (2, 1, 0)
    assert position_of(db_session, first).motivation == "Kalles eget."

    again = positions.record_positions(db_session, member, run_id, campaign, PositionInput("noted", "Gemensamt."))
    assert (again.created, again.unchanged, again.skipped) == (0, 2, 1)

    replaced = positions.record_positions(
        db_session, member, run_id, campaign, PositionInput("noted", "Gemensamt."), overwrite=True
    )
    db_session.commit()
    assert (replaced.updated, replaced.unchanged, replaced.skipped) == (1, 2, 0)
    saved = position_of(db_session, first)
    assert (saved.motivation, saved.decided_by_id, saved.revision) == ("Gemensamt.", member.id, 2)


def test_a_whole_theme_includes_its_meeting_note(db_session, answer_run, member):
    theme = answer_run.themes["Kollektivtrafik"]
    result = positions.record_positions(
        db_session, member, answer_run.run.id, Selection(theme_id=theme.id), PositionInput("accepted", "")
    )
    assert result.created == 6
    assert position_of(db_session, answer_run.note_subject).decision == "accepted"
    assert position_of(db_session, answer_run.subject(RENTALS)) is None


def test_chosen_items_get_the_position_and_nothing_else(db_session, answer_run, member):
    chosen = (answer_run.item(TRAINS).id, answer_run.item(RENTALS).id)
    result = positions.record_positions(
        db_session, member, answer_run.run.id, Selection(item_ids=chosen), PositionInput("partly", "Delvis.")
    )
    assert result.created == 2
    assert db_session.scalar(select(func.count()).select_from(Position)) == 2


def test_a_bulk_selection_must_name_items_of_the_run(db_session, answer_run, member):
    run_id = answer_run.run.id
    with pytest.raises(ValidationFailed) as caught:
        positions.record_positions(db_session, member, run_id, Selection(item_ids=()), PositionInput("noted"))
    assert list(caught.value.errors) == ["item_ids"]
    with pytest.raises(NotFound):
        positions.record_positions(db_session, member, run_id, Selection(item_ids=(999_999,)), PositionInput("noted"))
    with pytest.raises(ValidationFailed) as caught:
        positions.record_positions(
            db_session, member, run_id, Selection(campaign_id=answer_run.campaign.id), PositionInput("partly", "")
        )
    assert list(caught.value.errors) == ["motivation"]
    assert db_session.scalar(select(func.count()).select_from(Position)) == 0


# --- progress --------------------------------------------------------------------------------


def test_progress_counts_per_theme_section_member_and_campaign(db_session, answer_run, member, colleague, make_user):
    run_id = answer_run.run.id
    positions.record_positions(
        db_session, member, run_id, Selection(campaign_id=answer_run.campaign.id), PositionInput("not_accepted", "Nej.")
    )
    positions.record_position(
        db_session, colleague, run_id, answer_run.subject(RENTALS), PositionInput("accepted"), None
    )
    positions.record_position(db_session, colleague, run_id, answer_run.subject(WHOLE), PositionInput("noted"), None)
    idle = make_user(Role.WORKING_GROUP, name="Ida Inaktiv-ännu")
    db_session.commit()

    found = answer_progress.progress(db_session, member, run_id)
    assert (found.total, found.answered, found.unanswered) == (ITEMS, 5, ITEMS - 5)
    assert found.by_decision == {Decision.ACCEPTED: 1, Decision.PARTLY: 0, Decision.NOT_ACCEPTED: 3, Decision.NOTED: 1}
    assert [(r.label, r.answered, r.total) for r in found.by_theme] == [
        ("Kollektivtrafik", 3, 6),
        ("Kompetensförsörjning", 1, 3),
        ("Bostäder", 1, 2),
    ]
    sections = answer_run.run.round.version.sections
    assert [(r.key, r.answered, r.total) for r in found.by_section] == [
        ("whole", 1, 1),
        (sections[0].key, 3, 6),
        (sections[1].key, 0, 2),
        (sections[2].key, 1, 2),
    ]
    assert [(r.name, r.answered) for r in found.by_member] == [
        ("Greta Grupp", 3),
        ("Kalle Kollega", 2),
        ("Ida Inaktiv-ännu", 0),
    ]
    assert idle.id in {r.user_id for r in found.by_member}
    assert [(r.answered, r.total) for r in found.by_campaign] == [(3, 3)]


def test_the_unanswered_filter_lists_only_items_without_a_position(db_session, answer_run, member):
    run_id = answer_run.run.id
    theme = answer_run.themes["Kompetensförsörjning"]
    positions.record_position(db_session, member, run_id, answer_run.subject(WHOLE), PositionInput("noted"), None)
    left = positions.answerables(db_session, member, run_id, only_unanswered=True)
    assert len(left) == ITEMS - 1 and all(a.position is None for a in left)
    in_theme = positions.answerables(db_session, member, run_id, theme_id=theme.id, only_unanswered=True)
    assert sorted(a.item.text for a in in_theme) == sorted(t for _, t, _ in THEMES["Kompetensförsörjning"][:2])
    whole = positions.answerables(db_session, member, run_id, section_key="whole", only_unanswered=True)
    assert whole == []


def test_positions_survive_a_new_analysis_run(db_session, answer_run, member):
    positions.record_positions(
        db_session,
        member,
        answer_run.run.id,
        Selection(campaign_id=answer_run.campaign.id),
        PositionInput("noted", "Tack."),
    )
    db_session.commit()
    rerun = analyse_fixed(answer_run.run.round)
    db_session.commit()
    assert rerun.id != answer_run.run.id
    found = answer_progress.progress(db_session, member, rerun.id)
    assert (found.total, found.answered) == (ITEMS, 3)


def test_two_first_answers_at_once_become_a_conflict(db_session, answer_run, member, colleague, monkeypatch):
    subject = answer_run.subject(TRAINS)
    original = positions._current_position
    calls = []

    def colleague_inserts_after_our_read(session, subject):
        found = original(session, subject)
        if not calls:  # we saw no position; the colleague's first answer lands before ours
            calls.append(found)
            session.execute(
                insert(Position.__table__).values(
                    comment_id=subject.id,
                    decision="accepted",
                    motivation="Kalles första.",
                    revision=1,
                    decided_by_id=colleague.id,
                    decided_at=utcnow(),
                )
            )
        return found

    monkeypatch.setattr(positions, "_current_position", colleague_inserts_after_our_read)
    with pytest.raises(PositionConflict) as caught:
        positions.record_position(
            db_session, member, answer_run.run.id, subject, PositionInput("noted", "Gretas."), None
        )
    assert calls == [None]
    assert (caught.value.theirs.motivation, caught.value.theirs.decided_by) == ("Kalles första.", "Kalle Kollega")
    assert db_session.scalar(select(func.count()).select_from(Position)) == 1
