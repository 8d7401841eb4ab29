"""All of a meeting's notes on one page: rows added without JavaScript, saved together, conflicts shown,
nothing typed ever lost; next steps that are overdue, and their status set from the list in one step."""

from __future__ import annotations

import html as markup
import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from consultation import meetings
from consultation.meetings import MeetingNote, NoteStatus

from ..factories import OrganisationFactory

CHALLENGE = "Bussen till byn går <b>för sällan</b>."
SECOND = "Unga flyttar när de inte hittar ett första jobb."
PROPOSAL = "Starta en regional yrkesutbildning på distans."
STEP = "Kartlägga vilka utbildningar som saknas."


def sheet_url(meeting) -> str:
    return f"/dialogtraffar/{meeting.id}/anteckningar"


def hidden_fields(page: str) -> dict[str, str]:
    """The sheet's hidden fields (row markers, note ids, revisions), as a browser sends them back."""
    return {
        name: value
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
        if name != "csrf_token"
    }


def stored(db_session, meeting) -> list[MeetingNote]:
    db_session.expire_all()
    query = select(MeetingNote).where(MeetingNote.meeting_id == meeting.id).order_by(MeetingNote.id)
    return list(db_session.scalars(query))


def text_of(page: str) -> str:
    return markup.unescape(page)


def test_rows_are_added_without_javascript_keeping_everything_typed_and_saved_together(
    client, auth, db_session, process, meeting, facilitator
):
    university = OrganisationFactory(name="Västerfjälls universitet")
    db_session.commit()
    auth.login_as(facilitator)
    page = client.get(sheet_url(meeting)).get_data(as_text=True)
    for heading in ("Utmaningar", "Möjligheter", "Förslag", "Nästa steg"):
        assert f">{heading}</h2>" in page
    typed = {
        **hidden_fields(page),
        "challenge-1-body": CHALLENGE,
        "challenge-1-tags": "pendling, buss",
        "challenge-1-sections": "2",
        "proposal-1-body": PROPOSAL,
        "next_step-1-body": STEP,
        "next_step-1-owner_organisation_id": str(university.id),
        "next_step-1-owner_name": "Karin Holm",
        "next_step-1-due_on": "2031-09-01",
        "next_step-1-step_status": "open",
    }
    added = auth.post(sheet_url(meeting), {**typed, "action": "add-challenge"})
    assert added.status_code == 200
    page = added.get_data(as_text=True)
    assert "challenge-2-row" in hidden_fields(page) and "proposal-2-row" not in hidden_fields(page)
    assert re.search(r'<textarea id="challenge-2-body"[^>]*autofocus', page)  # the new row is where focus goes
    for text in (CHALLENGE, "pendling, buss", PROPOSAL, STEP, "Karin Holm", "2031-09-01"):
        assert text in text_of(page), text
    assert f'<option value="{university.id}" selected>' in page
    assert stored(db_session, meeting) == []  # adding a row saves nothing

    saved = auth.post(
        sheet_url(meeting), {**typed, **hidden_fields(page), "challenge-2-body": SECOND, "action": "save"}
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith(sheet_url(meeting))  # no #anchor
    notes = stored(db_session, meeting)
    assert [(n.kind, n.body) for n in notes] == [
        ("challenge", CHALLENGE),
        ("challenge", SECOND),
        ("proposal", PROPOSAL),
        ("next_step", STEP),
    ]
    assert {n.status for n in notes} == {NoteStatus.DRAFT}
    assert [t.tag for t in notes[0].tags] == ["buss", "pendling"] and [s.number for s in notes[0].sections] == ["2"]
    step = notes[3]
    assert (step.owner_organisation_id, step.owner_name, step.due_on) == (university.id, "Karin Holm", date(2031, 9, 1))

    page = client.get(sheet_url(meeting)).get_data(as_text=True)
    assert "Anteckningarna är sparade som utkast." in page
    assert CHALLENGE in text_of(page) and "challenge-3-row" in hidden_fields(page)  # and a blank row to go on


def test_saving_the_sheet_again_writes_only_the_rows_that_changed(client, auth, db_session, meeting, facilitator):
    for body in (CHALLENGE, SECOND):
        meetings.save_note(db_session, facilitator, meeting.id, meetings.NoteData(kind="challenge", body=body))
    db_session.commit()
    auth.login_as(facilitator)
    page = client.get(sheet_url(meeting)).get_data(as_text=True)
    sent = {**hidden_fields(page), "challenge-1-body": CHALLENGE, "challenge-2-body": "Unga flyttar härifrån."}
    assert auth.post(sheet_url(meeting), {**sent, "action": "save"}).status_code == 302
    first, second = stored(db_session, meeting)
    assert (first.body, first.revision) == (CHALLENGE, 1)
    assert (second.body, second.revision) == ("Unga flyttar härifrån.", 2)
    # Sent back unchanged, nothing is written.
    assert auth.post(sheet_url(meeting), {**sent, "action": "save"}).status_code == 302
    assert "Inga ändringar att spara." in client.get(sheet_url(meeting)).get_data(as_text=True)


def test_a_refused_sheet_comes_back_with_every_row_and_says_what_to_fix(client, auth, db_session, meeting, facilitator):
    pending = OrganisationFactory(name="Väntande förening", approved=False)
    db_session.commit()
    auth.login_as(facilitator)
    page = client.get(sheet_url(meeting)).get_data(as_text=True)
    refused = auth.post(
        sheet_url(meeting),
        {
            **hidden_fields(page),
            "challenge-1-body": CHALLENGE,
            "challenge-1-sections": "2, 9",
            "proposal-1-tags": "bara en tagg",  # a row with tags and no text
            "next_step-1-body": STEP,
            "next_step-1-due_on": "1 september",
            "next_step-1-owner_organisation_id": str(pending.id),
            "action": "save",
        },
    )
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert 'href="#challenge-1-sections">Utmaning 1, Avsnitt: Avsnitt 9 finns inte i det aktuella förslaget.' in page
    assert 'href="#proposal-1-body">Förslag 1, Vad sades: Skriv vad som sades.' in page
    assert 'href="#next_step-1-due_on">Nästa steg 1, Klart senast: Ange datumet som ÅÅÅÅ-MM-DD.' in page
    assert "Nästa steg 1, Ansvarig organisation: En vald organisation finns inte i registret." in page
    assert (
        'aria-invalid="true"' in page
        and 'aria-describedby="challenge-1-sections-hint challenge-1-sections-error"' in page
    )
    for text in (CHALLENGE, "2, 9", "bara en tagg", STEP, "1 september"):
        assert text in text_of(page), text
    assert stored(db_session, meeting) == []  # all or nothing


def test_a_note_changed_or_removed_by_someone_else_is_a_conflict_and_the_typed_text_stays(
    client, auth, db_session, meeting, facilitator
):
    first = meetings.save_note(db_session, facilitator, meeting.id, meetings.NoteData(kind="challenge", body=CHALLENGE))
    second = meetings.save_note(db_session, facilitator, meeting.id, meetings.NoteData(kind="proposal", body=PROPOSAL))
    db_session.commit()
    auth.login_as(facilitator)
    page = client.get(sheet_url(meeting)).get_data(as_text=True)

    # Meanwhile a colleague rewrites the challenge and removes the proposal.
    meetings.save_note(
        db_session, facilitator, meeting.id, meetings.NoteData(kind="challenge", body="Kollegans text."), first.id
    )
    meetings.delete_note(db_session, facilitator, meeting.id, second.id)
    db_session.commit()

    typed = {"challenge-1-body": "Min text om bussen.", "proposal-1-body": "Mitt förslag."}
    conflict = auth.post(sheet_url(meeting), {**hidden_fields(page), **typed, "action": "save"})
    assert conflict.status_code == 409
    page = conflict.get_data(as_text=True)
    assert "Någon annan ändrade 2 av anteckningarna medan du skrev." in page
    assert "Min text om bussen." in page and "Mitt förslag." in page  # nothing typed is lost
    assert "Kollegans text." in page  # and the colleague's version is shown beside it
    assert "Någon annan tog bort den här anteckningen medan du skrev." in page
    assert [n.body for n in stored(db_session, meeting)] == ["Kollegans text."]  # nothing overwritten

    # Saving the page as it came back is a deliberate choice: mine wins, the removed one becomes new.
    again = auth.post(sheet_url(meeting), {**hidden_fields(page), **typed, "action": "save"})
    assert again.status_code == 302
    assert [n.body for n in stored(db_session, meeting)] == ["Min text om bussen.", "Mitt förslag."]


def test_save_and_publish_publishes_every_draft_of_the_meeting(client, auth, db_session, meeting, facilitator):
    meetings.save_note(db_session, facilitator, meeting.id, meetings.NoteData(kind="challenge", body=CHALLENGE))
    db_session.commit()
    auth.login_as(facilitator)
    page = client.get(sheet_url(meeting)).get_data(as_text=True)
    published = auth.post(
        sheet_url(meeting),
        {**hidden_fields(page), "challenge-1-body": CHALLENGE, "proposal-1-body": PROPOSAL, "action": "publish"},
    )
    assert published.status_code == 302
    assert {n.status for n in stored(db_session, meeting)} == {NoteStatus.PUBLISHED}
    assert "Anteckningarna är sparade och 2 utkast publicerade." in client.get(sheet_url(meeting)).get_data(
        as_text=True
    )
    auth.logout()
    assert PROPOSAL in client.get(f"/dialogtraffar/{meeting.id}").get_data(as_text=True)


@pytest.mark.parametrize("who, status", [("stakeholder", 403), ("working_group", 403), ("other_facilitator", 403)])
def test_only_those_who_manage_the_meeting_use_the_sheet(
    client, auth, db_session, make_user, meeting, stakeholder, other_facilitator, who, status
):
    from consultation.people import Role

    person = {"stakeholder": stakeholder, "other_facilitator": other_facilitator}.get(who) or make_user(
        Role.WORKING_GROUP
    )
    db_session.commit()
    auth.login_as(person)
    assert client.get(sheet_url(meeting)).status_code == status
    sent = auth.post(
        sheet_url(meeting), {"challenge-1-row": "1", "challenge-1-body": "Kapad", "action": "save"}, form_url="/"
    )
    assert sent.status_code == status
    assert stored(db_session, meeting) == []


def test_overdue_next_steps_are_marked_and_a_status_is_set_from_the_list_in_one_step(
    clock, client, auth, db_session, process, past_meeting, facilitator
):
    def step(body, due_on, status="open"):
        return meetings.save_note(
            db_session,
            facilitator,
            past_meeting.id,
            meetings.NoteData(kind="next_step", body=body, due_on=due_on, step_status=status),
        )

    late = step("Skicka inbjudan till nästa träff.", date(2026, 6, 16))  # the clock says 17 June 2026
    due_today = step("Boka lokal.", date(2026, 6, 17))
    step("Redan gjort.", date(2026, 6, 1), status="done")
    meetings.publish_notes(db_session, facilitator, past_meeting.id, [], datetime.now(UTC))
    db_session.commit()

    listing = client.get("/process/RUS2040/nasta-steg").get_data(as_text=True)
    rows = {
        body: row
        for row in re.findall(r"<tr>.*?</tr>", listing, re.S)
        for body in [late.body, due_today.body]
        if body in row
    }
    assert "Försenat" in rows[late.body] and "Försenat" not in rows[due_today.body]
    assert "nasta-steg/" not in listing  # the public reads the list; only managers change it

    auth.login_as(facilitator)
    sheet = client.get(sheet_url(past_meeting)).get_data(as_text=True)
    assert sheet.count("Försenat") == 1
    listing = client.get("/process/RUS2040/nasta-steg").get_data(as_text=True)
    form_url = "/process/RUS2040/nasta-steg"
    done = auth.post(
        f"/dialogtraffar/{past_meeting.id}/nasta-steg/{late.id}",
        {"step_status": "done", "revision": str(late.revision)},
        form_url=form_url,
    )
    assert done.status_code == 302 and done.headers["Location"].endswith(form_url)
    listing = client.get(form_url).get_data(as_text=True)
    assert "Nästa steg är sparat: Klar." in listing and late.body not in listing and due_today.body in listing

    # A stale list (someone changed the step since) is a conflict, and a made-up status is refused.
    stale = auth.post(
        f"/dialogtraffar/{past_meeting.id}/nasta-steg/{due_today.id}",
        {"step_status": "done", "revision": "99"},
        form_url=form_url,
    )
    assert stale.status_code == 409
    odd = auth.post(
        f"/dialogtraffar/{past_meeting.id}/nasta-steg/{due_today.id}", {"step_status": "klar²"}, form_url=form_url
    )
    assert odd.status_code == 302 and "Välj en status." in client.get(form_url).get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(MeetingNote, due_today.id).step_status == "open"
