"""The councils' rules: who sets them up, prepares and publishes agendas, records minutes and commitments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest

from app.extensions import db
from consultation.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from consultation.followup import Approval, CouncilKind, agendas, councils, initiatives
from consultation.followup.agendas import CommitmentData, ItemData
from consultation.followup.councils import CouncilData
from consultation.followup.initiatives import InitiativeData
from consultation.meetings import Meeting, MeetingKind
from consultation.people import Role

from ..factories import UserFactory

NOW = datetime(2026, 9, 1, 10, 0, tzinfo=UTC)


@dataclass
class Councils:
    strategy: object
    council: object  # Regionala utvecklingsrådet, convened by `convenor`
    group: object  # Strategiska gruppen, member_a in person
    meeting: Meeting
    convenor: object


def council_meeting(process, title="Rådsmöte", published=True, days=10) -> Meeting:
    meeting = Meeting(
        process=process,
        kind=MeetingKind.COUNCIL,
        title=title,
        starts_at=NOW + timedelta(days=days),
        ends_at=NOW + timedelta(days=days, hours=2),
        is_published=published,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


@pytest.fixture
def setup(strategy, db_session) -> Councils:
    convenor = UserFactory(roles=[Role.STAKEHOLDER], name="Carl Convenor")
    admin = strategy.admin
    council = councils.create_council(
        db_session, admin, "RUS2040", CouncilData("Regionala utvecklingsrådet", "regional", "", convenor.id), NOW
    )
    group = councils.create_council(db_session, admin, "RUS2040", CouncilData("Strategiska gruppen", "strategic"), NOW)
    councils.add_member(db_session, admin, group, user_id=strategy.member_a.id)
    councils.add_member(db_session, admin, council, organisation_id=strategy.org_b.id)
    meeting = council_meeting(strategy.process)
    councils.link_meeting(db_session, admin, council, meeting.id)
    return Councils(strategy, council, group, meeting, convenor)


def ids(setup):
    return "RUS2040", setup.council.id, setup.meeting.id


def test_only_the_coordinator_sets_up_councils_and_members(strategy, setup, db_session):
    for someone in (strategy.member_a, strategy.facilitator, setup.convenor, None):
        with pytest.raises(NotAllowed):
            councils.create_council(db_session, someone, "RUS2040", CouncilData("Nytt råd", "larger"), NOW)
        with pytest.raises(NotAllowed):
            councils.add_member(db_session, someone, setup.council, user_id=strategy.member_b.id)
    with pytest.raises(ValidationFailed) as same_name:
        councils.create_council(
            db_session, strategy.admin, "RUS2040", CouncilData("Strategiska  gruppen", "strategic"), NOW
        )
    assert "redan ett råd" in str(same_name.value)
    with pytest.raises(ValidationFailed):
        councils.create_council(db_session, strategy.admin, "RUS2040", CouncilData("X", "kungligt"), NOW)
    with pytest.raises(ValidationFailed):
        councils.add_member(db_session, strategy.admin, setup.group, user_id=strategy.member_a.id)  # already in
    _process, found = councils.list_councils(db_session, None, "RUS2040")
    assert [c.name for c in found] == ["Regionala utvecklingsrådet", "Strategiska gruppen"]
    assert found[1].kind == CouncilKind.STRATEGIC


def test_the_strategic_group_prepares_and_only_the_convenor_or_coordinator_publishes(strategy, setup, db_session):
    code, council_id, meeting_id = ids(setup)
    area = strategy.section("2")
    item = agendas.add_item(
        db_session, strategy.member_a, *ids(setup), ItemData("Kompetensförsörjning", goal_area_id=area.id), NOW
    )
    for outsider in (strategy.member_b, setup.convenor, strategy.facilitator, None):
        with pytest.raises(NotAllowed):
            agendas.add_item(db_session, outsider, *ids(setup), ItemData("Annan punkt"), NOW)
    # A subsection is no goal area of its own.
    with pytest.raises(ValidationFailed):
        agendas.add_item(
            db_session, strategy.admin, *ids(setup), ItemData("Fel", goal_area_id=strategy.section("1.1").id), NOW
        )
    # The draft is hidden from the council's members and the public, shown to the group and the convenor.
    for reader in (None, strategy.member_b, strategy.lonely):
        with pytest.raises(NotFound):
            agendas.get_agenda(db_session, reader, *ids(setup))
    assert agendas.get_agenda(db_session, setup.convenor, *ids(setup)).may_publish
    assert agendas.get_agenda(db_session, strategy.member_a, *ids(setup)).may_prepare
    with pytest.raises(NotAllowed):
        agendas.publish_agenda(db_session, strategy.member_a, *ids(setup), NOW)
    agendas.publish_agenda(db_session, setup.convenor, *ids(setup), NOW)
    agenda = agendas.get_agenda(db_session, None, *ids(setup))
    assert [g.area.title if g.area else "Övrigt" for g in agenda.groups] == [
        "1 Hållbar tillväxt",
        "2 Kompetens",
        "3 Tillgänglighet",
        "Övrigt",
    ]
    assert agenda.groups[1].items == [item] and not agenda.may_prepare and not agenda.may_record
    with pytest.raises(Conflict):
        agendas.add_item(db_session, strategy.admin, code, council_id, meeting_id, ItemData("Sent"), NOW)


def test_an_empty_agenda_is_not_published(strategy, setup, db_session):
    with pytest.raises(ValidationFailed):
        agendas.publish_agenda(db_session, strategy.admin, *ids(setup), NOW)


def test_an_agenda_of_another_council_is_not_found(strategy, setup, db_session):
    with pytest.raises(NotFound):
        agendas.get_agenda(db_session, strategy.admin, "RUS2040", setup.group.id, setup.meeting.id)


def _published_item(strategy, setup, db_session, area_number="2"):
    item = agendas.add_item(
        db_session,
        strategy.admin,
        *ids(setup),
        ItemData("Kompetensförsörjning", goal_area_id=strategy.section(area_number).id),
        NOW,
    )
    agendas.publish_agenda(db_session, strategy.admin, *ids(setup), NOW)
    return item


def test_minutes_and_commitments_are_for_the_convenor_coordinator_and_facilitator(strategy, setup, db_session):
    item = _published_item(strategy, setup, db_session)
    setup.meeting.facilitators.append(strategy.facilitator)
    for recorder in (setup.convenor, strategy.admin, strategy.facilitator):
        agendas.record_minutes(db_session, recorder, *ids(setup), item.id, "Diskussion.", "Rådet beslutar.", NOW)
    for outsider in (strategy.member_a, strategy.member_b, None):
        with pytest.raises(NotAllowed):
            agendas.record_minutes(db_session, outsider, *ids(setup), item.id, "x", "y", NOW)
        with pytest.raises(NotAllowed):
            agendas.add_commitment(
                db_session, outsider, *ids(setup), item.id, CommitmentData(strategy.org_a.id, "Gör något"), NOW
            )
    with pytest.raises(ValidationFailed) as blank:
        agendas.add_commitment(db_session, setup.convenor, *ids(setup), item.id, CommitmentData(None, "  "), NOW)
    assert set(blank.value.errors) == {"text", "owner_organisation_id"}
    made = agendas.add_commitment(
        db_session,
        setup.convenor,
        *ids(setup),
        item.id,
        CommitmentData(strategy.org_a.id, "Fjällby kommun tar fram en plan för yrkesvux.", date(2027, 3, 1)),
        NOW,
    )
    assert item.decision == "Rådet beslutar." and item.commitments == [made]


def test_a_draft_agenda_takes_no_minutes(strategy, setup, db_session):
    item = agendas.add_item(db_session, strategy.admin, *ids(setup), ItemData("Punkt"), NOW)
    with pytest.raises(Conflict):
        agendas.record_minutes(db_session, strategy.admin, *ids(setup), item.id, "x", "y", NOW)


def test_a_commitment_becomes_a_proposed_insats_of_its_owner_linked_back(strategy, setup, db_session):
    item = _published_item(strategy, setup, db_session)
    commitment = agendas.add_commitment(
        db_session,
        strategy.admin,
        *ids(setup),
        item.id,
        CommitmentData(strategy.org_a.id, "Plan för yrkesvux\nMed alla gymnasieskolor.", date(2027, 3, 1)),
        NOW,
    )
    # Another organisation's member may not; the owner's member may.
    with pytest.raises(NotAllowed):
        agendas.make_initiative(
            db_session, strategy.member_b, *ids(setup), commitment.id, agendas.default_sections(commitment), NOW
        )
    made = agendas.make_initiative(
        db_session, strategy.member_a, *ids(setup), commitment.id, agendas.default_sections(commitment), NOW
    )
    assert made.title == "Plan för yrkesvux" and made.organisation_id == strategy.org_a.id
    assert made.approval == Approval.PROPOSED and made.ends_on == date(2027, 3, 1)
    assert [s.number for s in made.sections] == ["2"]
    assert agendas.commitment_behind(db_session, made) == commitment
    with pytest.raises(Conflict):
        agendas.make_initiative(db_session, strategy.admin, *ids(setup), commitment.id, [strategy.section("2").id], NOW)
    initiatives.approve_initiative(db_session, strategy.admin, made.id, NOW)
    assert made.is_approved


def test_an_item_under_ovrigt_needs_a_goal_area_for_its_insats(strategy, setup, db_session):
    item = agendas.add_item(db_session, strategy.admin, *ids(setup), ItemData("Övrigt"), NOW)
    agendas.publish_agenda(db_session, strategy.admin, *ids(setup), NOW)
    commitment = agendas.add_commitment(
        db_session, strategy.admin, *ids(setup), item.id, CommitmentData(strategy.org_a.id, "Något"), NOW
    )
    assert agendas.default_sections(commitment) == []
    with pytest.raises(ValidationFailed) as missing:
        agendas.make_initiative(db_session, strategy.admin, *ids(setup), commitment.id, [], NOW)
    assert "section_ids" in missing.value.errors


def test_items_link_only_approved_insatser_of_the_process(strategy, setup, db_session):
    shared = {"organisation_id": strategy.org_a.id, "section_ids": [strategy.section("2").id]}
    approved = initiatives.create_initiative(db_session, strategy.admin, "RUS2040", InitiativeData("A", **shared), NOW)
    proposed = initiatives.propose_initiative(
        db_session, strategy.member_a, "RUS2040", InitiativeData("B", **shared), NOW
    )
    with pytest.raises(ValidationFailed):
        agendas.add_item(db_session, strategy.admin, *ids(setup), ItemData("P", initiative_ids=(proposed.id,)), NOW)
    item = agendas.add_item(
        db_session,
        strategy.admin,
        *ids(setup),
        ItemData("P", initiative_ids=(approved.id,), section_ids=(strategy.section("1.1").id,)),
        NOW,
    )
    assert item.initiatives == [approved] and [s.number for s in item.sections] == ["1.1"]


def test_an_unpublished_meeting_hides_even_a_published_agenda(strategy, setup, db_session):
    _published_item(strategy, setup, db_session)
    setup.meeting.is_published = False
    with pytest.raises(NotFound):
        agendas.get_agenda(db_session, None, *ids(setup))
    assert councils.council_meetings(db_session, None, setup.council) == []
    assert agendas.get_agenda(db_session, setup.convenor, *ids(setup))


def test_the_owner_or_a_recorder_says_how_far_a_commitment_has_come(strategy, setup, db_session):
    item = _published_item(strategy, setup, db_session)
    made = agendas.add_commitment(
        db_session, strategy.admin, *ids(setup), item.id, CommitmentData(strategy.org_a.id, "Plan för yrkesvux"), NOW
    )
    with pytest.raises(NotAllowed):
        agendas.set_commitment_status(db_session, strategy.member_b, *ids(setup), made.id, "done")
    with pytest.raises(ValidationFailed):
        agendas.set_commitment_status(db_session, strategy.member_a, *ids(setup), made.id, "klar")
    agendas.set_commitment_status(db_session, strategy.member_a, *ids(setup), made.id, "in_progress")
    assert made.status == "in_progress"
    agendas.set_commitment_status(db_session, setup.convenor, *ids(setup), made.id, "done")
    assert made.status == "done"
