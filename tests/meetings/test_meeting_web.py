"""The meeting pages: a facilitator's flow, uploads of hostile files, and access by role."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from consultation import meetings
from consultation.meetings import Meeting, MeetingDocument
from consultation.people import Role
from consultation.people.access import SYSTEM

from ..factories import add_round
from .conftest import meeting_data

XSS_FILES = Path(__file__).resolve().parents[3] / "shared" / "data" / "xss" / "files"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_facilitator_creates_a_meeting_registers_attendance_and_publishes_notes(
    client, auth, db_session, process, facilitator, org, stakeholder
):
    auth.login_as(facilitator)
    created = auth.post(
        "/process/RUS2040/dialogtraffar/ny",
        {
            "kind": "dialogue",
            "title": "Dialogträff om pendling",
            "theme": "Transporter",
            "starts_on": "2026-03-29",
            "starts_time": "13:00",
            "ends_time": "16:00",
            "location": "Åhamn",
            "facilitator_ids": [str(facilitator.id)],
            "invited_organisation_ids": [str(org.id)],
            "is_published": "y",
        },
    )
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    meeting = db_session.scalar(select(Meeting))
    assert meeting.starts_at == datetime(2026, 3, 29, 11, 0, tzinfo=UTC)  # 13:00 summer time
    manage = f"/dialogtraffar/{meeting.id}/hantera"
    assert client.get(manage).status_code == 200

    assert (
        auth.post(
            f"/dialogtraffar/{meeting.id}/narvaro",
            {
                "organisation_ids": [str(org.id)],
                "participant_count": "14",
                "others": "Karin Sjödin, rektor\nOla Berg",
            },
        ).status_code
        == 302
    )
    section = process.documents[0].latest_version.sections[0]
    assert (
        auth.post(
            f"/dialogtraffar/{meeting.id}/anteckningar/ny",
            {
                "kind": "challenge",
                "body": "Bussen går <b>för sällan</b>.",
                "tags": "pendling, buss",
                "section_ids": [str(section.id)],
                "step_status": "open",
            },
        ).status_code
        == 302
    )
    public = client.get(f"/dialogtraffar/{meeting.id}")
    assert "för sällan" in public.get_data(as_text=True)  # the facilitator sees the draft
    auth.logout()
    assert "för sällan" not in client.get(f"/dialogtraffar/{meeting.id}").get_data(as_text=True)

    auth.login_as(facilitator)
    assert auth.post(f"/dialogtraffar/{meeting.id}/publicera", {}, form_url=manage).status_code == 302
    auth.logout()
    html = client.get(f"/dialogtraffar/{meeting.id}").get_data(as_text=True)
    assert "Bussen går &lt;b&gt;för sällan&lt;/b&gt;." in html and "#pendling" in html


def test_stakeholder_signs_up_for_their_organisation_and_sees_it(client, auth, meeting, stakeholder, org, facilitator):
    auth.login_as(stakeholder)
    page = f"/dialogtraffar/{meeting.id}"
    assert auth.post(f"{page}/anmalan", {"organisation_id": str(org.id)}, form_url=page).status_code == 302
    assert "Du är anmäld för Fjällby kommun." in client.get(page).get_data(as_text=True)
    auth.logout()
    auth.login_as(facilitator)
    assert "Anna, Fjällby kommun" in client.get(f"{page}/hantera").get_data(as_text=True)


def upload(auth, meeting, name, data, content_type="application/octet-stream"):
    return auth.post(
        f"/dialogtraffar/{meeting.id}/dokument",
        {"title": "Dokument", "file": (io.BytesIO(data), name, content_type)},
        form_url=f"/dialogtraffar/{meeting.id}/hantera",
        content_type="multipart/form-data",
    )


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("minnesanteckningar.pdf", b"<html><script>alert(1)</script></html>", "Filtypen stöds inte"),
        (
            "bild.pdf",
            (XSS_FILES / "SVG_XSS1.svg").read_bytes()
            if (XSS_FILES / "SVG_XSS1.svg").exists()
            else b"<svg onload=alert(1)>",
            "Filtypen stöds inte",
        ),
        (
            "sida.pdf",
            (XSS_FILES / "xss.xhtml").read_bytes() if (XSS_FILES / "xss.xhtml").exists() else b"<x/>",
            "Filtypen stöds inte",
        ),
        (
            "foto.pdf",
            (XSS_FILES / "payload_in_all_known_metadata.png").read_bytes()
            if (XSS_FILES / "payload_in_all_known_metadata.png").exists()
            else b"\x89PNG",
            "Filtypen stöds inte",
        ),
        ("tom.pdf", b"", "tom"),
        ("stor.pdf", PDF + b"0" * (20 * 1024 * 1024), "för stor"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(
    client, auth, db_session, meeting, facilitator, app, name, data, message
):
    auth.login_as(facilitator)
    response = upload(auth, meeting, name, data)
    assert response.status_code in (413, 422)
    if response.status_code == 422:
        assert message in response.get_data(as_text=True)
    assert db_session.scalar(select(MeetingDocument)) is None


def test_a_pdf_with_a_traversal_name_is_stored_under_a_generated_name_and_served_as_a_download(
    client, auth, db_session, meeting, facilitator, app
):
    auth.login_as(facilitator)
    response = upload(auth, meeting, "../../etc/passwd\x00<script>.pdf", PDF)
    assert response.status_code == 302
    document = db_session.scalar(select(MeetingDocument))
    assert "/" not in document.original_filename and ".." not in document.original_filename.replace("...", "")
    assert "<" not in document.original_filename and "\x00" not in document.original_filename
    stored = Path(app.config["UPLOAD_DIR"]) / "meetings" / document.stored_name
    assert stored.is_file() and stored.read_bytes() == PDF
    assert document.stored_name.endswith(".pdf") and len(document.stored_name) == 36
    download = client.get(f"/dialogtraffar/{meeting.id}/dokument/{document.id}")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert "sandbox" in download.headers["Content-Security-Policy"]


@pytest.mark.parametrize(
    "who, manage, edit_other, read_hidden_note",
    [
        ("anonymous", 302, 302, 404),
        ("stakeholder", 403, 403, 404),
        ("working_group", 403, 403, 404),
        ("other_facilitator", 403, 403, 404),
        ("facilitator", 200, 200, 200),
        ("admin", 200, 200, 200),
    ],
)
def test_access_per_role(
    client,
    auth,
    db_session,
    process,
    meeting,
    make_user,
    facilitator,
    other_facilitator,
    stakeholder,
    who,
    manage,
    edit_other,
    read_hidden_note,
):
    note = meetings.save_note(
        db_session, facilitator, meeting.id, meetings.NoteData(kind="challenge", body="Hemligt utkast.")
    )
    hidden = meetings.save_meeting(
        db_session,
        facilitator,
        process.id,
        __import__("tests.meetings.conftest", fromlist=["x"]).meeting_data(is_published=False, title="Opublicerad"),
    )
    db_session.commit()
    people = {
        "stakeholder": stakeholder,
        "working_group": make_user(Role.WORKING_GROUP),
        "other_facilitator": other_facilitator,
        "facilitator": facilitator,
        "admin": make_user(Role.ADMIN),
    }
    db_session.commit()
    if who != "anonymous":
        auth.login_as(people[who])
    assert client.get(f"/dialogtraffar/{meeting.id}/hantera").status_code == manage
    assert client.get(f"/dialogtraffar/{meeting.id}/anteckningar/{note.id}").status_code == edit_other
    assert client.get(f"/dialogtraffar/{hidden.id}").status_code == read_hidden_note
    public = client.get(f"/dialogtraffar/{meeting.id}").get_data(as_text=True)
    assert ("Hemligt utkast." in public) == (read_hidden_note == 200)
    if who not in ("facilitator", "admin"):
        before = note.body
        response = client.post(
            f"/dialogtraffar/{meeting.id}/anteckningar/{note.id}", data={"kind": "challenge", "body": "Kapad"}
        )
        assert response.status_code in (302, 400, 403)
        db_session.refresh(note)
        assert note.body == before


def test_notes_appear_in_the_working_groups_list_and_in_the_exports(
    client, auth, db_session, process, past_meeting, make_user
):
    version = process.documents[0].latest_version
    add_round(process, version)
    section = version.sections[2]
    meetings.save_note(
        db_session,
        SYSTEM,
        past_meeting.id,
        meetings.NoteData(
            kind="proposal", body='=cmd|"/c calc"!A1 bygg fler cykelvägar', section_ids=[section.id], tags=["cykel"]
        ),
    )
    meetings.save_note(db_session, SYSTEM, past_meeting.id, meetings.NoteData(kind="challenge", body="Ingen tagg."))
    meetings.publish_notes(db_session, SYSTEM, past_meeting.id, [], datetime.now(UTC))
    reader = make_user(Role.WORKING_GROUP)
    db_session.commit()
    auth.login_as(reader)
    listing = client.get("/arbetsgrupp/process/RUS2040/anteckningar?tag=cykel").get_data(as_text=True)
    assert "bygg fler cykelvägar" in listing and "Ingen tagg." not in listing
    by_kind = client.get("/arbetsgrupp/process/RUS2040/anteckningar?kind=challenge").get_data(as_text=True)
    assert "Ingen tagg." in by_kind and "cykelvägar" not in by_kind

    round_id = db_session.scalar(select(__import__("consultation.remiss", fromlist=["x"]).ConsultationRound.id))
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/arbetsgrupp/rundor/{round_id}/synpunkter.csv").data.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    notes = [r for r in rows[1:] if r[0].startswith("Dialogträff: Förra träffen")]
    assert len(notes) == 2
    proposal = next(r for r in notes if "cykelvägar" in r[7])
    assert proposal[7].startswith("'=") and proposal[5] == section.number


def field(html: str, name: str) -> str:
    """The <input> tag of the field called `name`."""
    [tag] = re.findall(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    return tag


def test_a_meeting_from_22_to_01_the_next_day_is_created_edited_and_shown_with_its_end_date(
    client, auth, db_session, process, facilitator
):
    auth.login_as(facilitator)
    form = {
        "kind": "dialogue",
        "title": "Kvällsträff om trygghet",
        "theme": "Trygghet",
        "description": "Vi går runt i byn.",
        "starts_on": "2026-11-20",
        "starts_time": "22:00",
        "ends_time": "01:00",
        "location": "Torget, Fjällby",
    }
    new = auth.post("/process/RUS2040/dialogtraffar/ny", form)  # no end date: it would end before it starts
    assert new.status_code == 422
    html = new.get_data(as_text=True)
    assert (
        'href="#ends_time">Slutar klockan: Träffen måste sluta efter att den börjar. Slutar den efter midnatt?' in html
    )
    assert 'aria-describedby="ends_time-error"' in field(html, "ends_time")
    assert 'aria-describedby="ends_on-hint"' in field(html, "ends_on")
    assert "Lämna tomt om träffen slutar samma dag som den börjar." in html
    assert 'value="Kvällsträff om trygghet"' in field(html, "title") and "Vi går runt i byn." in html  # nothing lost
    assert db_session.scalar(select(Meeting)) is None

    created = auth.post("/process/RUS2040/dialogtraffar/ny", {**form, "ends_on": "2026-11-21"})
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    meeting = db_session.scalar(select(Meeting))
    assert (meeting.starts_at, meeting.ends_at) == (
        datetime(2026, 11, 20, 21, tzinfo=UTC),
        datetime(2026, 11, 21, 0, tzinfo=UTC),
    )

    # The edit form starts from the end date, so it can be sent back as it is shown.
    edit = f"/dialogtraffar/{meeting.id}/andra"
    shown = client.get(edit).get_data(as_text=True)
    assert 'value="2026-11-21"' in field(shown, "ends_on") and 'value="01:00"' in field(shown, "ends_time")
    assert auth.post(edit, {**form, "ends_on": "2026-11-21", "ends_time": "02:00"}).status_code == 302
    db_session.refresh(meeting)
    assert meeting.ends_at == datetime(2026, 11, 21, 1, tzinfo=UTC)

    span = '20 november 2026 kl. 22:00</time> – <time datetime="2026-11-21T02:00+01:00">21 november 2026 kl. 02:00'
    for page in (
        f"/dialogtraffar/{meeting.id}",
        f"/dialogtraffar/{meeting.id}/hantera",
        "/process/RUS2040/dialogtraffar",
    ):
        assert span in client.get(page).get_data(as_text=True), page

    # Back to one evening: an end date on the start day, or none, is the same day.
    assert auth.post(edit, {**form, "ends_on": "", "ends_time": "23:30"}).status_code == 302
    assert 'value=""' in field(client.get(edit).get_data(as_text=True), "ends_on")
    assert "20 november 2026 kl. 22:00</time>–<time" in client.get(f"/dialogtraffar/{meeting.id}").get_data(
        as_text=True
    )


def test_the_export_names_a_meeting_called_dialogtraff_once(client, auth, db_session, process, make_user):
    version = process.documents[0].latest_version
    round_ = add_round(process, version)
    held = meetings.save_meeting(
        db_session, SYSTEM, process.id, meeting_data(days=-30, title="Dialogträff: Grön omställning")
    )
    meetings.save_note(db_session, SYSTEM, held.id, meetings.NoteData(kind="challenge", body="Elnätet räcker inte."))
    meetings.publish_notes(db_session, SYSTEM, held.id, [], datetime.now(UTC))
    reader = make_user(Role.WORKING_GROUP)
    db_session.commit()
    auth.login_as(reader)
    export = client.get(f"/arbetsgrupp/rundor/{round_.id}/synpunkter.csv").data.decode("utf-8-sig")
    [row] = [r for r in csv.reader(io.StringIO(export), delimiter=";") if "Elnätet" in r[7]]
    assert row[0].startswith("Dialogträff: Grön omställning, 20")


def test_after_saving_publishing_or_uploading_the_confirmation_is_at_the_top_of_the_page_and_announced(
    client, auth, db_session, meeting, facilitator
):
    """No #anchor below the message: the page opens at its top, where the message is, and the message is a
    status region that app.js gives focus to."""
    auth.login_as(facilitator)
    manage = f"/dialogtraffar/{meeting.id}/hantera"
    note = {"kind": "challenge", "body": "Bussen.", "step_status": "open"}
    actions = [
        (lambda: auth.post(f"/dialogtraffar/{meeting.id}/anteckningar/ny", note), "Anteckningen är sparad som utkast."),
        (
            lambda: auth.post(f"/dialogtraffar/{meeting.id}/publicera", {}, form_url=manage),
            "1 anteckning är publicerad.",
        ),
        (lambda: upload(auth, meeting, "dagordning.pdf", PDF), "Dokumentet dagordning.pdf är uppladdat."),
    ]
    for send, message in actions:
        response = send()
        assert response.status_code == 302 and "#" not in response.headers["Location"]
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert re.search(
            r'<div class="flash-messages" role="status" tabindex="-1" data-flash>\s*<p class="flash flash-success">'
            + re.escape(message),
            page,
        ), message


def test_removing_a_document_or_a_note_asks_for_confirmation_first(client, auth, db_session, meeting, facilitator):
    from consultation.meetings import MeetingNote, NoteKind, NoteStatus

    auth.login_as(facilitator)
    assert upload(auth, meeting, "program.pdf", PDF).status_code == 302
    note = MeetingNote(
        meeting=meeting, kind=NoteKind.CHALLENGE, status=NoteStatus.DRAFT, body="Bussen <b>går</b> inte."
    )
    db_session.add(note)
    db_session.commit()
    document = db_session.scalar(select(MeetingDocument))
    manage = client.get(f"/dialogtraffar/{meeting.id}/hantera").get_data(as_text=True)
    remove_url = f"/dialogtraffar/{meeting.id}/dokument/{document.id}/ta-bort"
    assert f'href="{remove_url}"' in manage and f'action="{remove_url}"' not in manage

    for url, shown in (
        (remove_url, "program.pdf"),
        (f"/dialogtraffar/{meeting.id}/anteckningar/{note.id}/ta-bort", "Bussen &lt;b&gt;går&lt;/b&gt; inte."),
    ):
        confirm = client.get(url)
        assert confirm.status_code == 200
        html = confirm.get_data(as_text=True)
        assert "kan inte återställas" in html and shown in html and f'action="{url}"' in html
    db_session.expire_all()
    assert db_session.get(MeetingDocument, document.id) is not None and db_session.get(MeetingNote, note.id) is not None

    assert auth.post(remove_url, {}, form_url=remove_url).status_code == 302
    db_session.expire_all()
    assert db_session.scalar(select(MeetingDocument)) is None
    # Another meeting's id in the address: not found, as if it did not exist.
    assert client.get(f"/dialogtraffar/{meeting.id}/anteckningar/{note.id + 1000}/ta-bort").status_code == 404
