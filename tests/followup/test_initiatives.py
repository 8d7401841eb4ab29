"""Who may propose, approve, edit, report on and see an insats: the rules, per role, in the services."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from consultation import audit
from consultation.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from consultation.followup import Approval, InitiativeStatus, initiatives, listing, overview
from consultation.followup.initiatives import IndicatorData, InitiativeData

from ..factories import ProcessFactory, add_draft
from .conftest import adopt

NOW = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


def data(strategy, **changes) -> InitiativeData:
    values = {
        "title": "Kompetenslyft i besöksnäringen",
        "organisation_id": strategy.org_a.id,
        "section_ids": [strategy.section("2").id],
        "description": "Utbildning för 200 anställda.",
        "contact_name": "Anna A",
        "contact_email": "Anna@Fjallby.example",
        "indicators": [IndicatorData("Utbildade", "personer", 0, 200)],
    } | changes
    return InitiativeData(**values)


def test_a_member_proposes_for_their_own_organisation_and_it_waits_for_the_coordinator(strategy, db_session):
    proposed = initiatives.propose_initiative(db_session, strategy.member_a, "RUS2040", data(strategy), NOW)
    assert proposed.approval == Approval.PROPOSED
    assert proposed.proposed_by_id == strategy.member_a.id
    assert proposed.contact_email == "anna@fjallby.example"
    assert [i.name for i in proposed.indicators] == ["Utbildade"]
    assert listing.public_initiatives(db_session, strategy.process) == []
    # The proposal is the member's organisation's to see, and the coordinator's; not anyone else's.
    assert initiatives.get_initiative(db_session, strategy.member_a, "RUS2040", proposed.id) is proposed
    assert initiatives.get_initiative(db_session, strategy.admin, "RUS2040", proposed.id) is proposed
    for outsider in (None, strategy.member_b, strategy.lonely, strategy.facilitator):
        with pytest.raises(NotFound):
            initiatives.get_initiative(db_session, outsider, "RUS2040", proposed.id)


def test_no_one_proposes_for_an_organisation_they_do_not_belong_to(strategy, db_session):
    for outsider in (strategy.member_b, strategy.lonely, strategy.facilitator):
        with pytest.raises(ValidationFailed) as refused:
            initiatives.propose_initiative(db_session, outsider, "RUS2040", data(strategy), NOW)
        assert "organisation_id" in refused.value.errors
    with pytest.raises(NotAllowed):
        initiatives.propose_initiative(db_session, None, "RUS2040", data(strategy), NOW)


def test_a_proposal_needs_a_title_a_goal_area_of_the_adopted_version_and_sensible_values(strategy, db_session):
    other = add_draft(ProcessFactory(code="ANNAN"), sections=1)
    wrong = data(
        strategy,
        title="  ",
        section_ids=[other.sections[0].id],
        contact_email="inte-en-adress",
        starts_on=datetime(2027, 1, 1).date(),
        ends_on=datetime(2026, 1, 1).date(),
        indicators=[IndicatorData("", "st", 1, 2)],
    )
    with pytest.raises(ValidationFailed) as refused:
        initiatives.propose_initiative(db_session, strategy.member_a, "RUS2040", wrong, NOW)
    assert set(refused.value.errors) == {"title", "section_ids", "contact_email", "ends_on", "indicators"}
    with pytest.raises(ValidationFailed) as none_chosen:
        initiatives.propose_initiative(db_session, strategy.member_a, "RUS2040", data(strategy, section_ids=[]), NOW)
    assert "section_ids" in none_chosen.value.errors


def test_nothing_is_followed_up_before_a_version_is_adopted(db_session, strategy):
    ProcessFactory(code="EJANTAGEN")
    with pytest.raises(NotFound):
        initiatives.propose_initiative(db_session, strategy.member_a, "EJANTAGEN", data(strategy), NOW)
    with pytest.raises(NotFound):
        initiatives.create_initiative(db_session, strategy.admin, "EJANTAGEN", data(strategy), NOW)


def test_the_coordinator_approves_and_then_everyone_sees_it(strategy, db_session):
    proposed = initiatives.propose_initiative(db_session, strategy.member_a, "RUS2040", data(strategy), NOW)
    for not_coordinator in (strategy.member_a, strategy.facilitator, None):
        with pytest.raises(NotAllowed):
            initiatives.approve_initiative(db_session, not_coordinator, proposed.id, NOW)
    initiatives.approve_initiative(db_session, strategy.admin, proposed.id, NOW)
    assert proposed.approval == Approval.APPROVED
    assert (proposed.decided_by_id, proposed.decided_at) == (strategy.admin.id, NOW)
    assert listing.public_initiatives(db_session, strategy.process) == [proposed]
    assert initiatives.get_initiative(db_session, None, "RUS2040", proposed.id) is proposed
    event = db_session.query(audit.AuditEvent).filter_by(action=audit.Action.INITIATIVE_APPROVED).one()
    assert (event.target_type, event.target_id) == ("initiative", proposed.id)


def test_a_rejected_proposal_stays_hidden_from_the_public(strategy, db_session):
    proposed = initiatives.propose_initiative(db_session, strategy.member_a, "RUS2040", data(strategy), NOW)
    initiatives.reject_initiative(db_session, strategy.admin, proposed.id, NOW)
    assert proposed.approval == Approval.REJECTED
    with pytest.raises(NotFound):
        initiatives.get_initiative(db_session, None, "RUS2040", proposed.id)
    assert listing.own_initiatives(db_session, strategy.member_a, strategy.process) == [proposed]


def test_the_coordinator_creates_approved_ones_and_edits_any(strategy, db_session):
    created = initiatives.create_initiative(db_session, strategy.admin, "RUS2040", data(strategy), NOW)
    assert created.approval == Approval.APPROVED
    with pytest.raises(NotAllowed):
        initiatives.create_initiative(db_session, strategy.member_a, "RUS2040", data(strategy), NOW)
    changed = data(strategy, title="Nytt namn", organisation_id=strategy.org_b.id, indicators=[])
    with pytest.raises(NotAllowed):
        initiatives.edit_initiative(db_session, strategy.member_a, created.id, changed, NOW)
    initiatives.edit_initiative(db_session, strategy.admin, created.id, changed, NOW)
    assert (created.title, created.organisation_id, created.indicators) == ("Nytt namn", strategy.org_b.id, [])


def test_only_the_owner_organisation_reports_progress_and_only_on_approved_ones(strategy, db_session):
    proposed = initiatives.propose_initiative(db_session, strategy.member_a, "RUS2040", data(strategy), NOW)
    with pytest.raises(NotAllowed):
        initiatives.report_progress(db_session, strategy.member_a, proposed.id, "ongoing", 10, NOW)
    initiatives.approve_initiative(db_session, strategy.admin, proposed.id, NOW)
    for outsider in (strategy.member_b, strategy.lonely, strategy.facilitator, None):
        with pytest.raises(NotAllowed):
            initiatives.report_progress(db_session, outsider, proposed.id, "ongoing", 10, NOW)
    initiatives.report_progress(db_session, strategy.member_a, proposed.id, "ongoing", "40 %", NOW)
    assert (proposed.status, proposed.progress, proposed.updated_by_id) == ("ongoing", 40, strategy.member_a.id)
    with pytest.raises(ValidationFailed) as refused:
        initiatives.report_progress(db_session, strategy.member_a, proposed.id, "klar", "140", NOW)
    assert set(refused.value.errors) == {"status", "progress"}
    assert proposed.progress == 40


def test_the_overview_counts_by_status_and_averages_progress_per_goal_area(strategy, db_session):
    def make(title, number, status, progress):
        created = initiatives.create_initiative(
            db_session,
            strategy.admin,
            "RUS2040",
            data(strategy, title=title, section_ids=[strategy.section(number).id], status=status, progress=progress),
            NOW,
        )
        return created

    make("A", "1", InitiativeStatus.ONGOING, 20)
    make("B", "1.1", InitiativeStatus.DONE, 100)  # a subsection counts under its goal area
    make("C", "2", InitiativeStatus.PLANNED, 0)
    proposal = initiatives.propose_initiative(
        db_session, strategy.member_a, "RUS2040", data(strategy, section_ids=[strategy.section("3").id]), NOW
    )
    both = make("D", "1", InitiativeStatus.PAUSED, 0)
    both.sections = [strategy.section("1"), strategy.section("1.1"), strategy.section("3")]  # counted once per area
    db_session.flush()
    summaries = overview.summaries(db_session, strategy.process, strategy.adoption)
    assert [s.area.number for s in summaries] == ["1", "2", "3"]
    growth, skills, access = summaries
    assert growth.count == 3 and growth.mean_progress == 40
    assert dict(growth.by_status) == {
        InitiativeStatus.PLANNED: 0,
        InitiativeStatus.ONGOING: 1,
        InitiativeStatus.DONE: 1,
        InitiativeStatus.PAUSED: 1,
        InitiativeStatus.CANCELLED: 0,
    }
    assert skills.count == 1 and skills.mean_progress == 0
    assert access.count == 1  # D only: the proposal is not counted
    assert proposal.approval == Approval.PROPOSED
    page = overview.goal_area_summary(db_session, strategy.process, strategy.adoption, strategy.section("1").key)
    assert [i.title for i in page.initiatives.items] == ["A", "B", "D"]
    second = overview.goal_area_summary(
        db_session, strategy.process, strategy.adoption, strategy.section("1").key, page=2, per_page=2
    )
    assert ([i.title for i in second.initiatives.items], second.initiatives.pages) == (["D"], 2)
    empty = ProcessFactory(code="TOM")
    assert all(s.count == 0 and s.mean_progress is None for s in overview.summaries(db_session, empty, adopt(empty)))


def test_an_insats_is_found_only_under_its_own_process(strategy, db_session):
    made = initiatives.create_initiative(db_session, strategy.admin, "RUS2040", data(strategy), NOW)
    adopt(ProcessFactory(code="ANNAN"))
    for actor in (None, strategy.member_a, strategy.admin):
        with pytest.raises(NotFound):
            initiatives.get_initiative(db_session, actor, "ANNAN", made.id)


def test_a_subsection_is_no_goal_area_of_its_own(strategy, db_session):
    with pytest.raises(NotFound):
        overview.goal_area_summary(db_session, strategy.process, strategy.adoption, strategy.section("1.1").key)
    found = overview.goal_area_summary(db_session, strategy.process, strategy.adoption, strategy.section("1").key)
    assert found.area.section_ids == {strategy.section("1").id, strategy.section("1.1").id}


def test_the_coordinators_edit_and_the_owners_report_never_overwrite_each_other(strategy, db_session):
    made = initiatives.create_initiative(db_session, strategy.admin, "RUS2040", data(strategy), NOW)
    seen = made.revision  # both open their forms now
    initiatives.report_progress(db_session, strategy.member_a, made.id, "ongoing", 60, NOW, base_revision=seen)
    with pytest.raises(Conflict):
        initiatives.edit_initiative(db_session, strategy.admin, made.id, data(strategy, progress=0), NOW, seen)
    assert made.progress == 60
    with pytest.raises(Conflict):
        initiatives.report_progress(db_session, strategy.member_a, made.id, "done", 100, NOW, base_revision=seen)
    initiatives.edit_initiative(db_session, strategy.admin, made.id, data(strategy, progress=70), NOW, made.revision)
    assert (made.progress, made.revision) == (70, seen + 2)
