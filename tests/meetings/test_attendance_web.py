"""Who came to a meeting: editing attendance again and again, only approved organisations offered,
and the public page after the meeting."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from consultation import meetings
from consultation.errors import ValidationFailed
from consultation.meetings import Attendance

from ..factories import OrganisationFactory
from .conftest import meeting_data


def attendance_of(db_session, meeting) -> tuple[list[str], list[str], int | None]:
    db_session.expire_all()
    rows = list(db_session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id)))
    return (
        sorted(a.organisation.name for a in rows if a.organisation),
        sorted(a.participant_name for a in rows if a.participant_name),
        db_session.get(type(meeting), meeting.id).participant_count,
    )


def test_attendance_can_be_saved_again_unchanged_and_then_changed(
    client, auth, db_session, past_meeting, facilitator, org
):
    university = OrganisationFactory(name="Västerfjälls universitet")
    db_session.commit()
    auth.login_as(facilitator)
    url = f"/dialogtraffar/{past_meeting.id}/narvaro"
    form = {"organisation_ids": [str(org.id), str(university.id)], "participant_count": "14", "others": "Ola Berg"}
    for _ in range(3):  # the second save used to be a 500: the same organisation inserted before the old row went
        response = auth.post(url, form)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert attendance_of(db_session, past_meeting) == (["Fjällby kommun", "Västerfjälls universitet"], ["Ola Berg"], 14)

    changed = {"organisation_ids": [str(university.id)], "participant_count": "9", "others": "Lisa Lind\nOla Berg"}
    assert auth.post(url, changed).status_code == 302
    assert attendance_of(db_session, past_meeting) == (["Västerfjälls universitet"], ["Lisa Lind", "Ola Berg"], 9)
    # The form shows what is stored, and sending it back as shown changes nothing.
    html = client.get(url).get_data(as_text=True)
    ticked = re.findall(r'<input checked[^>]*name="organisation_ids"[^>]*value="(\d+)"', html)
    assert ticked == [str(university.id)] and "Lisa Lind\nOla Berg" in html
    assert auth.post(url, changed).status_code == 302
    assert attendance_of(db_session, past_meeting) == (["Västerfjälls universitet"], ["Lisa Lind", "Ola Berg"], 9)


def test_an_organisation_waiting_for_approval_is_offered_nowhere_and_refused(
    client, auth, db_session, process, past_meeting, facilitator, org
):
    pending = OrganisationFactory(name="Självregistrerade föreningen", approved=False)
    db_session.commit()
    auth.login_as(facilitator)
    for url in (
        f"/dialogtraffar/{past_meeting.id}/narvaro",
        f"/dialogtraffar/{past_meeting.id}/andra",
        "/process/RUS2040/dialogtraffar/ny",
        f"/dialogtraffar/{past_meeting.id}/anteckningar/ny",
    ):
        html = client.get(url).get_data(as_text=True)
        assert "Fjällby kommun" in html, url
        assert "Självregistrerade föreningen" not in html, url

    # A hand-made form with its id is refused with the reason, and the typed text comes back.
    refused = auth.post(
        f"/dialogtraffar/{past_meeting.id}/narvaro",
        {"organisation_ids": [str(pending.id)], "participant_count": "3", "others": "Ola Berg"},
    )
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert f"Organisationer som deltog: &#39;{pending.id}&#39; är inte ett giltigt val" in html and "Ola Berg" in html
    assert attendance_of(db_session, past_meeting) == ([], [], None)

    # The services refuse it too, whatever the form offered.
    with pytest.raises(ValidationFailed, match="finns inte i registret"):
        meetings.register_attendance(
            db_session, facilitator, past_meeting.id, meetings.AttendanceData([pending.id], None, [])
        )
    with pytest.raises(ValidationFailed, match="finns inte i registret"):
        meetings.save_meeting(
            db_session, facilitator, process.id, meeting_data(invited_organisation_ids=[pending.id]), past_meeting.id
        )


def test_the_public_page_shows_who_came_after_the_meeting_instead_of_the_signups(
    client, auth, db_session, process, facilitator, org
):
    held = meetings.save_meeting(db_session, facilitator, process.id, meeting_data(days=-3, capacity=30))
    coming = meetings.save_meeting(db_session, facilitator, process.id, meeting_data(days=3, capacity=30))
    university = OrganisationFactory(name="Västerfjälls universitet")
    meetings.register_attendance(
        db_session,
        facilitator,
        held.id,
        meetings.AttendanceData([org.id, university.id], 14, [("Lisa Lind", "pensionär")]),
    )
    db_session.commit()

    before = client.get(f"/dialogtraffar/{coming.id}").get_data(as_text=True)
    assert "0 av 30 anmälda" in before

    after = client.get(f"/dialogtraffar/{held.id}").get_data(as_text=True)
    assert "av 30 anmälda" not in after
    assert "<dt>Antal deltagare</dt><dd>14</dd>" in after
    assert "<dt>Organisationer som deltog</dt><dd>Fjällby kommun, Västerfjälls universitet</dd>" in after
    assert "Lisa Lind" not in after  # a person outside the register is not named in public

    unrecorded = meetings.save_meeting(db_session, facilitator, process.id, meeting_data(days=-1, capacity=30))
    db_session.commit()
    html = client.get(f"/dialogtraffar/{unrecorded.id}").get_data(as_text=True)
    assert "Närvaron är inte registrerad ännu." in html and "av 30 anmälda" not in html
