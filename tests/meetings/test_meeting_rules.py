"""The rules of dialogue meetings, through the services."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from consultation import meetings
from consultation.errors import NotAllowed, NotFound, ValidationFailed
from consultation.meetings import NoteStatus
from consultation.people import Role

from ..factories import OrganisationFactory
from .conftest import meeting_data


def test_only_the_process_facilitators_and_admins_plan_meetings(
    db_session, process, facilitator, other_facilitator, make_user
):
    with pytest.raises(NotAllowed):
        meetings.save_meeting(db_session, other_facilitator, process.id, meeting_data())
    with pytest.raises(NotAllowed):
        meetings.save_meeting(db_session, make_user(Role.WORKING_GROUP), process.id, meeting_data())
    created = meetings.save_meeting(db_session, make_user(Role.ADMIN), process.id, meeting_data())
    with pytest.raises(NotAllowed):
        meetings.save_meeting(db_session, other_facilitator, process.id, meeting_data(title="Kapad"), created.id)
    assert created.title == "Dialogträff om kompetens"


def test_meeting_validation(db_session, process, facilitator):
    start = datetime.now(UTC)
    with pytest.raises(ValidationFailed) as error:
        meetings.save_meeting(
            db_session,
            facilitator,
            process.id,
            meeting_data(
                title=" ",
                kind="fest",
                starts_at=start,
                ends_at=start - timedelta(hours=1),
                online_url="javascript:alert(1)",
                capacity=0,
            ),
        )
    assert set(error.value.errors) == {"title", "kind", "ends_on", "online_url", "capacity"}


def test_sign_up_for_self_or_own_organisation_until_full_or_closed(
    db_session, meeting, stakeholder, make_user, org, facilitator
):
    now = datetime.now(UTC)
    signup = meetings.sign_up(db_session, stakeholder, meeting.id, org.id, now)
    assert signup.organisation_id == org.id
    outsider_org = OrganisationFactory(name="Annan")
    with pytest.raises(NotAllowed):
        meetings.sign_up(db_session, make_user(Role.STAKEHOLDER), meeting.id, outsider_org.id, now)
    meeting.capacity = 1
    with pytest.raises(ValidationFailed, match="fullbokad"):
        meetings.sign_up(db_session, make_user(Role.STAKEHOLDER), meeting.id, None, now)
    meetings.set_registration(db_session, facilitator, meeting.id, False)
    with pytest.raises(ValidationFailed, match="stängd"):
        meetings.sign_up(db_session, stakeholder, meeting.id, None, now)


def test_unpublished_meetings_and_draft_notes_stay_hidden(db_session, process, facilitator, stakeholder, make_user):
    hidden = meetings.save_meeting(db_session, facilitator, process.id, meeting_data(is_published=False))
    with pytest.raises(NotFound):
        meetings.get_meeting(db_session, stakeholder, hidden.id)
    assert meetings.get_meeting(db_session, facilitator, hidden.id) is hidden
    hidden.is_published = True
    note = meetings.save_note(db_session, facilitator, hidden.id, meetings.NoteData(kind="challenge", body="Utkast."))
    assert meetings.visible_notes(hidden, stakeholder) == []
    assert meetings.visible_notes(hidden, facilitator) == [note]
    reader = make_user(Role.WORKING_GROUP)
    assert meetings.notes_of_process(db_session, reader, process) == []
    meetings.publish_notes(db_session, facilitator, hidden.id, [], datetime.now(UTC))
    assert note.status == NoteStatus.PUBLISHED
    assert meetings.notes_of_process(db_session, reader, process) == [note]
    with pytest.raises(NotAllowed):
        meetings.notes_of_process(db_session, stakeholder, process)


def test_attendance_from_the_register_plus_others(db_session, past_meeting, org):
    from consultation.people.access import SYSTEM

    with pytest.raises(ValidationFailed):
        meetings.register_attendance(db_session, SYSTEM, past_meeting.id, meetings.AttendanceData([999_999], 5, []))
    meetings.register_attendance(
        db_session,
        SYSTEM,
        past_meeting.id,
        meetings.AttendanceData([org.id], 12, [("Karin Sjödin", " rektor "), ("  ", "")]),
    )
    assert [a.organisation_id for a in past_meeting.attendances if a.organisation_id] == [org.id]
    assert [
        (a.participant_name, a.participant_affiliation) for a in past_meeting.attendances if a.participant_name
    ] == [("Karin Sjödin", "rektor")]
    with pytest.raises(ValidationFailed):
        meetings.register_attendance(
            db_session, SYSTEM, past_meeting.id, meetings.AttendanceData([], 0, [("A", ""), ("B", "")])
        )


def test_notes_link_sections_and_tags_and_next_steps_carry_owner_due_and_status(db_session, process, past_meeting, org):
    from consultation.people.access import SYSTEM

    section = process.documents[0].latest_version.sections[1]
    note = meetings.save_note(
        db_session,
        SYSTEM,
        past_meeting.id,
        meetings.NoteData(
            kind="next_step",
            body="Ta fram en plan.\r\n\r\nMed två stycken.",
            section_ids=[section.id],
            tags=["Kompetens, pendling;  kompetens"],
            owner_organisation_id=org.id,
            due_on=datetime(2027, 1, 15).date(),
            step_status="in_progress",
        ),
    )
    assert note.body == "Ta fram en plan.\n\nMed två stycken."
    assert [t.tag for t in note.tags] == ["kompetens", "pendling"]
    assert note.sections == [section] and note.step_status == "in_progress"
    challenge = meetings.save_note(
        db_session,
        SYSTEM,
        past_meeting.id,
        meetings.NoteData(
            kind="challenge", body="Svårt att rekrytera.", owner_name="Ska inte sparas", step_status="open"
        ),
    )
    assert challenge.owner_name is None and challenge.step_status is None
    with pytest.raises(ValidationFailed):
        meetings.save_note(
            db_session, SYSTEM, past_meeting.id, meetings.NoteData(kind="challenge", body="x", section_ids=[999_999])
        )


def test_open_next_steps_list_skips_done_and_orders_by_due_date(db_session, process, past_meeting):
    from consultation.people.access import SYSTEM

    def step(text, due, status):
        return meetings.save_note(
            db_session,
            SYSTEM,
            past_meeting.id,
            meetings.NoteData(kind="next_step", body=text, due_on=due, step_status=status),
        )

    today = datetime.now(UTC).date()
    step("Klar", today, "done")
    later = step("Senare", today + timedelta(days=30), "open")
    sooner = step("Snart", today + timedelta(days=3), "in_progress")
    undated = step("Utan datum", None, "open")
    meetings.publish_notes(db_session, SYSTEM, past_meeting.id, [], datetime.now(UTC))
    assert meetings.open_next_steps(db_session, None, process) == [sooner, later, undated]


def test_a_stale_note_edit_is_a_conflict(db_session, past_meeting):
    from consultation.errors import Conflict
    from consultation.people.access import SYSTEM

    note = meetings.save_note(db_session, SYSTEM, past_meeting.id, meetings.NoteData(kind="proposal", body="Först."))
    meetings.save_note(
        db_session, SYSTEM, past_meeting.id, meetings.NoteData(kind="proposal", body="Andra."), note.id, note.revision
    )
    with pytest.raises(Conflict):
        meetings.save_note(
            db_session, SYSTEM, past_meeting.id, meetings.NoteData(kind="proposal", body="Gammal."), note.id, 1
        )
    assert note.body == "Andra."


def test_a_meeting_may_end_after_midnight_or_on_another_day(db_session, process, facilitator):
    evening = date(2026, 11, 20)
    starts_at, ends_at = meetings.local_span(evening, time(22), time(1), evening + timedelta(days=1))
    assert (starts_at, ends_at) == (datetime(2026, 11, 20, 21, tzinfo=UTC), datetime(2026, 11, 21, 0, tzinfo=UTC))
    created = meetings.save_meeting(
        db_session, facilitator, process.id, meeting_data(starts_at=starts_at, ends_at=ends_at)
    )
    assert (created.starts_at, created.ends_at) == (starts_at, ends_at)

    # Edited into a two-day meeting; the autumn night is an hour longer (03:00 summer time is 02:00 winter time).
    starts_at, ends_at = meetings.local_span(date(2026, 10, 24), time(23), time(4), date(2026, 10, 25))
    assert ends_at - starts_at == timedelta(hours=6)
    edited = meetings.save_meeting(
        db_session, facilitator, process.id, meeting_data(starts_at=starts_at, ends_at=ends_at), created.id
    )
    assert edited.id == created.id and (edited.starts_at, edited.ends_at) == (starts_at, ends_at)


@pytest.mark.parametrize(
    "ends_time, ends_on, field, says",
    [
        (time(1), None, "ends_time", "Ange då ett slutdatum"),  # 22:00 to 01:00 without the end date
        (time(21), date(2026, 11, 20), "ends_time", "måste sluta efter att den börjar"),
        (time(23), date(2026, 11, 19), "ends_on", "före datumet då träffen börjar"),
        (time(2, 30), date(2027, 3, 28), "ends_time", "sommartid"),  # skipped by the spring change
    ],
    ids=["after-midnight-without-end-date", "same-day-end-before-start", "end-date-before-start", "end-in-spring-gap"],
)
def test_a_meeting_must_end_after_it_starts_and_the_error_names_the_field(ends_time, ends_on, field, says):
    with pytest.raises(ValidationFailed) as error:
        meetings.local_span(date(2026, 11, 20), time(22), ends_time, ends_on)
    assert list(error.value.errors) == [field]
    assert says in str(error.value.errors[field][0])


def test_a_next_steps_owner_is_an_approved_organisation_of_the_register(db_session, meeting, facilitator):
    pending = OrganisationFactory(name="Väntande förening", approved=False)
    for owner_id in (pending.id, pending.id + 1000):
        with pytest.raises(ValidationFailed) as error:
            meetings.save_note(
                db_session,
                facilitator,
                meeting.id,
                meetings.NoteData(kind="next_step", body="Boka lokal.", owner_organisation_id=owner_id),
            )
        assert set(error.value.errors) == {"owner_organisation_id"}
    approved = OrganisationFactory(name="Fjällby kommun")
    note = meetings.save_note(
        db_session,
        facilitator,
        meeting.id,
        meetings.NoteData(kind="next_step", body="Boka lokal.", owner_organisation_id=approved.id),
    )
    assert note.owner_organisation.name == "Fjällby kommun"


def test_dialogue_summary_counts_each_organisation_once_by_actor_type(db_session, process, facilitator):
    from consultation.people import ActorType
    from consultation.people.access import SYSTEM

    kommun = OrganisationFactory(name="Fjällby kommun", actor_type=ActorType.MUNICIPALITY)
    buss = OrganisationFactory(name="Fjällby Buss AB", actor_type=ActorType.BUSINESS)
    hidden = OrganisationFactory(name="Bara på en opublicerad träff", actor_type=ActorType.AGENCY)
    first = meetings.save_meeting(db_session, SYSTEM, process.id, meeting_data(days=-30, title="Första"))
    second = meetings.save_meeting(db_session, SYSTEM, process.id, meeting_data(days=-20, title="Andra"))
    unpublished = meetings.save_meeting(db_session, SYSTEM, process.id, meeting_data(days=-10, title="Opublicerad"))
    meetings.register_attendance(
        db_session, SYSTEM, first.id, meetings.AttendanceData([kommun.id], 8, [("Karin Sjödin", "rektor")])
    )
    meetings.register_attendance(db_session, SYSTEM, second.id, meetings.AttendanceData([kommun.id, buss.id], 5, []))
    meetings.register_attendance(db_session, SYSTEM, unpublished.id, meetings.AttendanceData([hidden.id], 3, []))
    first.is_published = second.is_published = True
    unpublished.is_published = False
    db_session.flush()

    summary = meetings.dialogue_summary(db_session, process, datetime.now(UTC))

    assert [m.title for m in summary.meetings_held] == ["Första", "Andra"]
    assert summary.organisations == 2
    assert dict(summary.organisations_by_type) == {ActorType.MUNICIPALITY: 1, ActorType.BUSINESS: 1}
    assert summary.participants == 13


def test_the_notes_page_keeps_a_notes_link_to_a_section_of_an_earlier_version(
    db_session, process, meeting, facilitator
):
    from consultation.drafts import DocumentVersion, Section, VersionStatus
    from consultation.meetings import note_sheet

    first = process.documents[0].latest_version
    meetings.save_note(
        db_session,
        facilitator,
        meeting.id,
        meetings.NoteData(kind="challenge", body="Om avsnitt 2.", section_ids=[first.sections[1].id]),
    )
    second = DocumentVersion(document=first.document, number=2, status=VersionStatus.PUBLISHED)
    for i in range(3):
        second.sections.append(
            Section(key=f"v2-{i}", number=str(i + 1), heading=f"Nytt {i + 1}", body="", level=1, position=i)
        )
    db_session.add(second)
    db_session.flush()
    db_session.expire_all()

    [row] = [
        r
        for r in note_sheet.rows_of(db_session.get(type(meeting), meeting.id))[meetings.NoteKind.CHALLENGE]
        if r.note_id
    ]
    assert row.sections == "2"
    row.body = "Om avsnitt 2, med mer text."
    new = note_sheet.NoteRow(key="challenge-2", kind="challenge", body="Om det nya avsnitt 2.", sections="2")
    note_sheet.save_note_rows(db_session, facilitator, meeting.id, [row, new])
    db_session.expire_all()
    kept, added = (db_session.get(meetings.MeetingNote, n.id) for n in sorted(meeting.notes, key=lambda n: n.id))
    assert [s.id for s in kept.sections] == [first.sections[1].id]  # not moved to the new version's section 2
    assert [s.id for s in added.sections] == [second.sections[1].id]
