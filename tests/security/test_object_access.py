"""Object-level access: the right role is not enough, it has to be the right object.

Another organisation's response, another process's meeting, another meeting's note, another
analysis's theme: reached by changing an id in the URL or in a form field, each is refused and
the database is left exactly as it was. Extra form fields (organisation_id, status, user_id, ...)
posted along with a valid form change nothing they name.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from consultation import meetings
from consultation.drafts import Section
from consultation.errors import NotAllowed, NotFound
from consultation.meetings import Meeting, MeetingDocument, MeetingNote, NoteStatus, Signup
from consultation.people import Organisation, Role, User
from consultation.remiss import (
    Comment,
    ConsultationRound,
    Invitation,
    InvitationStatus,
    Response,
    ResponseStatus,
    TokenPurpose,
    outreach,
    responses,
)
from consultation.remiss.responses import CommentInput
from consultation.review import AnalysisRun, Position, positions, theme_edits
from consultation.review.positions import PositionInput, Subject

from ..compilation.conftest import analyse_by_hand
from .conftest import DRAFT_ONLY_TEXT, PDF, SUBMITTED_TEXT, changed_tables, fingerprint

B_DRAFT_TEXT = "B:s utkast."


@contextmanager
def nothing_changes():
    """Every table has exactly the rows and values it had before."""
    before = fingerprint()
    yield
    changed = changed_tables(before, fingerprint())
    assert not changed, f"a refused request changed {changed}"


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def comment_of(response_id: int, section_id: int | None) -> Comment:
    db.session.expire_all()
    return db.session.scalar(
        select(Comment).where(
            Comment.response_id == response_id,
            Comment.section_id.is_(None) if section_id is None else Comment.section_id == section_id,
        )
    )


def text_of(response) -> str:
    return response.get_data(as_text=True)


# --- responses ---------------------------------------------------------------------------------


INTRUDERS = ["stakeholder_b", "lonely", "facilitator", "working_group", "admin"]


def test_no_one_outside_the_organisation_reads_or_changes_its_response(world, visitors):
    ids = world.ids
    a = ids["response_a"]
    owner = visitors("stakeholder")
    assert DRAFT_ONLY_TEXT in text_of(owner.get(f"/svar/{a}"))  # the owner does see it: the check can fail
    for intruder in INTRUDERS:
        refused_a_response(world, visitors(intruder), intruder)
    assert fresh(Response, a).status == ResponseStatus.SUBMITTED


def refused_a_response(world, visitor, intruder: str) -> None:
    ids = world.ids
    a, s1 = ids["response_a"], ids["s1"]
    for url in (f"/svar/{a}", f"/svar/{a}/kvitto"):
        response = visitor.get(url)
        assert response.status_code == 404, url
        assert DRAFT_ONLY_TEXT not in text_of(response) and SUBMITTED_TEXT not in text_of(response)
    version = visitor.get(f"/svar/{a}/version/1")
    if intruder in ("working_group", "admin"):  # they read what was submitted, never the working text
        assert version.status_code == 200 and SUBMITTED_TEXT in text_of(version)
    else:
        assert version.status_code == 404 and SUBMITTED_TEXT not in text_of(version)
    assert DRAFT_ONLY_TEXT not in text_of(version)

    revision = comment_of(a, s1).revision
    hijack = {f"comment-{s1}": "Kapad text", f"revision-{s1}": str(revision), "comment-whole": "Kapad helhet"}
    with nothing_changes():
        assert visitor.post(f"/svar/{a}", {**hijack, "action": "save"}).status_code == 404
        assert visitor.post(f"/svar/{a}", {**hijack, "action": "submit"}).status_code == 404
        assert visitor.post(f"/svar/{a}/autospara", hijack).status_code == 404
        assert visitor.post(f"/svar/{a}/aterkalla").status_code == 404


def test_a_private_persons_response_is_theirs_alone(world, visitors):
    ids = world.ids
    lonely = visitors("lonely")
    started = lonely.post(f"/remiss/{ids['open_round']}/svar", {"owner": "person"})
    assert started.status_code == 302 and "/svar/" in started.location
    own = int(started.location.rstrip("/").split("/")[-1])
    assert lonely.post(f"/svar/{own}/autospara", {"comment-whole": "Min egen privata synpunkt."}).status_code == 200
    for intruder in ("stakeholder", "stakeholder_b", "working_group"):
        visitor = visitors(intruder)
        with nothing_changes():
            page = visitor.get(f"/svar/{own}")
            assert page.status_code == 404 and "Min egen privata synpunkt." not in text_of(page)
            assert visitor.post(f"/svar/{own}/autospara", {"comment-whole": "Kapad"}).status_code == 404
    assert comment_of(own, None).body == "Min egen privata synpunkt."


def test_an_unpublished_meeting_and_its_documents_exist_only_for_those_who_manage_it(world, visitors):
    ids = world.ids
    other, document = ids["other_meeting"], ids["other_document"]
    meeting = db.session.get(Meeting, other)
    meeting.is_published = False
    db.session.commit()
    db.session.expunge_all()
    manager = visitors("other_facilitator")
    assert manager.get(f"/dialogtraffar/{other}").status_code == 200
    assert manager.get(f"/dialogtraffar/{other}/dokument/{document}").status_code == 200
    for role in ("anonymous", "stakeholder_b", "facilitator", "working_group"):
        visitor = visitors(role)
        for url in (f"/dialogtraffar/{other}", f"/dialogtraffar/{other}/dokument/{document}"):
            page = visitor.get(url)
            assert page.status_code == 404, (role, url)
            assert "Annan process träff" not in text_of(page) and page.data != PDF
        assert "Annan process träff" not in text_of(visitor.get("/dialogtraffar"))


def test_the_owner_can_autosave_and_withdraw_so_the_refusals_above_are_about_who(world, visitors):
    ids = world.ids
    a, s1 = ids["response_a"], ids["s1"]
    owner = visitors("stakeholder")
    revision = comment_of(a, s1).revision
    saved = owner.post(f"/svar/{a}/autospara", {f"comment-{s1}": "Ny text", f"revision-{s1}": str(revision)})
    assert saved.status_code == 200 and saved.get_json()["ok"]
    assert comment_of(a, s1).body == "Ny text"
    assert owner.post(f"/svar/{a}/aterkalla").status_code == 302
    assert fresh(Response, a).status == ResponseStatus.WITHDRAWN


def test_ids_and_extra_fields_in_the_response_form_reach_nothing_but_the_own_response(world, visitors):
    ids = world.ids
    a, b, s1 = ids["response_a"], ids["response_b"], ids["s1"]
    a_before = {
        c: (comment_of(a, c).body, comment_of(a, c).submitted_body, comment_of(a, c).revision) for c in (None, s1)
    }
    bertil = visitors("stakeholder_b")
    extra = {
        # a section of another process's draft, and fields the form does not have
        f"comment-{ids['other_s1']}": "Om ett avsnitt i en annan process",
        f"comment-{ids['s1']}": "B om avsnitt 1",
        "response_id": str(a),
        "organisation_id": str(ids["org_a"]),
        "round_id": str(ids["closed_round"]),
        "status": "submitted",
        "reference": "RUS2040-2026-9999",
        "submitted_at": "2020-01-01T00:00:00",
        "person_id": str(ids["user_a"]),
        "created_by_id": str(ids["user_a"]),
        "comment_id": str(ids["comment_a_s1"]),
        "section_id": str(s1),
        "publish_name_consent": "1",
        "is_published": "1",
    }
    assert bertil.post(f"/svar/{b}", {**extra, "action": "save"}).status_code == 302
    assert bertil.post(f"/svar/{b}/autospara", extra).status_code == 200

    response_b = fresh(Response, b)
    assert (
        response_b.organisation_id,
        response_b.round_id,
        response_b.status,
        response_b.reference,
        response_b.submitted_at,
        response_b.person_id,
    ) == (ids["org_b"], ids["open_round"], ResponseStatus.DRAFT, None, None, None)
    assert sorted((c.section_id, c.body) for c in response_b.comments) == [
        (s1, "B om avsnitt 1"),
        (ids["s2"], B_DRAFT_TEXT),
    ]
    assert {
        c: (comment_of(a, c).body, comment_of(a, c).submitted_body, comment_of(a, c).revision) for c in (None, s1)
    } == a_before
    assert fresh(Response, a).organisation_id == ids["org_a"]


def test_no_one_acts_for_an_organisation_they_do_not_belong_to(world, visitors):
    ids = world.ids
    open_round, org_a = ids["open_round"], ids["org_a"]
    for intruder in ("stakeholder_b", "lonely"):
        visitor = visitors(intruder)
        with nothing_changes():
            started = visitor.post(f"/remiss/{open_round}/svar", {"owner": f"org-{org_a}"})
            assert started.status_code == 302 and f"/svar/{ids['response_a']}" not in started.location
            declined = visitor.post(f"/remiss/{open_round}/avsta", {"organisation_id": str(org_a), "reason": "Nej"})
            assert declined.status_code in (404, 422)
            assert visitor.get(f"/organisation/{org_a}/bjud-in").status_code == 404
            invited = visitor.post(f"/organisation/{org_a}/bjud-in", {"email": "kompis@example.se"})
            assert invited.status_code == 404
            signed = visitor.post(f"/dialogtraffar/{ids['meeting']}/anmalan", {"organisation_id": str(org_a)})
            assert signed.status_code == 302
    assert fresh(Invitation, _invitation_id(open_round, org_a)).status == InvitationStatus.RESPONDED  # not declined
    assert count(Signup) == 0


def _invitation_id(round_id: int, organisation_id: int) -> int:
    return db.session.scalar(
        select(Invitation.id).where(Invitation.round_id == round_id, Invitation.organisation_id == organisation_id)
    )


# --- meetings ----------------------------------------------------------------------------------


def meeting_form(title: str = "Ny rubrik", **extra) -> dict:
    day = (datetime.now(UTC) + timedelta(days=9)).date().isoformat()
    return {
        "kind": "dialogue",
        "title": title,
        "theme": "Tema",
        "description": "Text",
        "starts_on": day,
        "starts_time": "09:00",
        "ends_time": "12:00",
        "location": "Fjällby",
        **extra,
    }


def note_form(body: str = "Något som sades.", **extra) -> dict:
    return {"kind": "proposal", "body": body, "tags": "ny", "step_status": "open", **extra}


def test_a_facilitator_of_another_process_cannot_touch_its_meetings(world, visitors, upload_dir):
    ids, values = world.ids, world.values
    other, note, document = ids["other_meeting"], ids["other_note"], ids["other_document"]
    assert visitors("other_facilitator").get(f"/dialogtraffar/{other}/hantera").status_code == 200
    fia = visitors("facilitator")
    for url in (
        f"/dialogtraffar/{other}/hantera",
        f"/dialogtraffar/{other}/andra",
        f"/dialogtraffar/{other}/narvaro",
        f"/dialogtraffar/{other}/anteckningar/ny",
        f"/dialogtraffar/{other}/anteckningar/{note}",
        f"/process/{values['other_code']}/dialogtraffar/ny",
    ):
        assert fia.get(url).status_code == 403, url
    shown = text_of(fia.get(f"/dialogtraffar/{other}"))
    assert (
        "Publicerat nästa steg (Annan process träff)" in shown
        and "Opublicerat utkast (Annan process träff)" not in shown
    )
    stored = upload_dir / fresh(MeetingDocument, document).stored_name

    with nothing_changes():
        posts = {
            f"/dialogtraffar/{other}/andra": meeting_form(),
            f"/process/{values['other_code']}/dialogtraffar/ny": meeting_form(),
            f"/dialogtraffar/{other}/anteckningar/ny": note_form(),
            f"/dialogtraffar/{other}/anteckningar/{note}": note_form("Ändrad av fel person"),
            f"/dialogtraffar/{other}/anteckningar/{note}/ta-bort": {},
            f"/dialogtraffar/{other}/publicera": {},
            f"/dialogtraffar/{other}/narvaro": {"participant_count": "99", "organisation_ids": str(ids["org_a"])},
            f"/dialogtraffar/{other}/dokument/{document}/ta-bort": {},
            f"/dialogtraffar/{other}/anmalan/stang": {},
        }
        for url, data in posts.items():
            assert fia.post(url, data).status_code == 403, url
        upload = fia.post(
            f"/dialogtraffar/{other}/dokument",
            {"title": "Elak", "file": (_pdf(), "elak.pdf")},
            content_type="multipart/form-data",
        )
        assert upload.status_code == 403
    assert stored.is_file() and len(list(upload_dir.iterdir())) == 2  # the world's two documents, nothing more


def _pdf():
    import io

    return io.BytesIO(PDF)


def test_note_and_document_ids_of_another_meeting_are_refused_through_ones_own_meeting(world, visitors, upload_dir):
    ids = world.ids
    mine, other_note, other_draft, other_document = (
        ids["meeting"],
        ids["other_note"],
        ids["other_draft_note"],
        ids["other_document"],
    )
    fia = visitors("facilitator")
    stored = upload_dir / fresh(MeetingDocument, other_document).stored_name
    with nothing_changes():
        assert fia.get(f"/dialogtraffar/{mine}/anteckningar/{other_note}").status_code == 404
        assert fia.post(f"/dialogtraffar/{mine}/anteckningar/{other_note}", note_form("Kapad")).status_code == 404
        assert fia.post(f"/dialogtraffar/{mine}/anteckningar/{other_note}/ta-bort").status_code == 404
        assert fia.post(f"/dialogtraffar/{mine}/dokument/{other_document}/ta-bort").status_code == 404
        assert fia.get(f"/dialogtraffar/{mine}/dokument/{other_document}").status_code == 404
        # Publishing "the chosen notes" with only another meeting's draft chosen publishes nothing.
        assert fia.post(f"/dialogtraffar/{mine}/publicera", {"note_ids": str(other_draft)}).status_code == 302
        # A section of another process's draft, a facilitator of another process: refused with a message.
        assert (
            fia.post(f"/dialogtraffar/{mine}/anteckningar/ny", note_form(section_ids=str(ids["other_s1"]))).status_code
            == 422
        )
        assert (
            fia.post(
                f"/dialogtraffar/{mine}/andra",
                meeting_form(facilitator_ids=str(world_user(world, "other_facilitator"))),
            ).status_code
            == 422
        )
    assert stored.is_file()
    assert fresh(MeetingNote, other_draft).status == NoteStatus.DRAFT
    assert fresh(MeetingNote, ids["draft_note"]).status == NoteStatus.DRAFT


def world_user(world, role: str) -> int:
    return db.session.scalar(select(User.id).where(User.email == world.emails[role]))


def test_extra_fields_on_meeting_and_note_forms_change_nothing_they_name(world, visitors):
    ids = world.ids
    mine, other = ids["meeting"], ids["other_meeting"]
    fia = visitors("facilitator")
    admin_id = world_user(world, "admin")
    notes_of_other = count(MeetingNote, MeetingNote.meeting_id == other)
    extra = {
        "meeting_id": str(other),
        "status": "published",
        "published_at": "2020-01-01T00:00:00",
        "created_by_id": str(admin_id),
        "id": str(ids["other_note"]),
        "is_published": "1",
    }
    assert fia.post(f"/dialogtraffar/{mine}/anteckningar/ny", note_form("Med extra fält", **extra)).status_code == 302
    db.session.expire_all()
    note = db.session.scalar(select(MeetingNote).where(MeetingNote.body == "Med extra fält"))
    assert (note.meeting_id, note.status, note.published_at, note.created_by_id) == (
        mine,
        NoteStatus.DRAFT,
        None,
        world_user(world, "facilitator"),
    )
    assert count(MeetingNote, MeetingNote.meeting_id == other) == notes_of_other
    assert fresh(MeetingNote, ids["other_note"]).body == "Publicerat nästa steg (Annan process träff)."

    moved = fia.post(
        f"/dialogtraffar/{mine}/andra",
        meeting_form("Flyttad?", process_id=str(ids["other_process"]), created_by_id=str(admin_id), id=str(other)),
    )
    assert moved.status_code == 302
    meeting = fresh(Meeting, mine)
    assert (meeting.title, meeting.process_id) == ("Flyttad?", ids["process"])
    assert fresh(Meeting, other).title == "Annan process träff"


# --- sign-ups, invitations, registration: fields that would grant something --------------------


def test_fields_that_would_grant_roles_membership_or_approval_are_ignored(world, visitors, app):
    ids = world.ids
    grants = {
        "roles": "admin",
        "role": "admin",
        "is_active": "1",
        "approved": "1",
        "organisation_id": str(ids["org_b"]),
        "organisation_ids": str(ids["org_b"]),
        "user_id": str(ids["user_a"]),
    }

    # Registering in an open round: an inactive stakeholder, with an organisation awaiting approval.
    anonymous = visitors("anonymous")
    registered = anonymous.post(
        "/registrera",
        {
            "name": "Ny Person",
            "email": "ny.person@example.se",
            "password": "ett-langt-losenord",
            "password_again": "ett-langt-losenord",
            "kind": "organisation",
            "organisation_name": "Nya föreningen",
            "actor_type": "civil_society",
            **grants,
        },
    )
    assert registered.status_code == 200
    db.session.expire_all()
    newcomer = db.session.scalar(select(User).where(User.email == "ny.person@example.se"))
    assert not newcomer.is_active and newcomer.roles == {Role.STAKEHOLDER}
    assert [(m.organisation.name, m.organisation.approved) for m in newcomer.memberships] == [("Nya föreningen", False)]

    # Accepting a colleague invitation to A while signed in as its address: membership of A, nothing else.
    lonely = visitors("lonely")
    link = outreach.issue_token(
        db.session,
        TokenPurpose.COLLEAGUE,
        world.emails["lonely"],
        datetime.now(UTC),
        organisation=db.session.get(Organisation, ids["org_a"]),
    )
    db.session.commit()
    assert lonely.post(f"/inbjudan/{link}", grants).status_code == 302
    db.session.expire_all()
    person = db.session.scalar(select(User).where(User.email == world.emails["lonely"]))
    assert person.roles == {Role.STAKEHOLDER}
    assert sorted(m.organisation_id for m in person.memberships) == [ids["org_a"]]
    assert fresh(User, ids["user_a"]).roles == {Role.STAKEHOLDER}

    # Signing up for a meeting on one's own behalf: the sign-up is the signed-in person's own.
    anna = visitors("stakeholder")
    assert (
        anna.post(
            f"/dialogtraffar/{ids['meeting']}/anmalan",
            {"organisation_id": str(ids["org_a"]), "user_id": str(ids["user_b"])},
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert [(s.user_id, s.organisation_id) for s in db.session.scalars(select(Signup))] == [
        (ids["user_a"], ids["org_a"])
    ]

    # Cancelling is always one's own sign-up: another person's "cancel" leaves Anna's in place.
    bertil = visitors("stakeholder_b")
    assert bertil.post(f"/dialogtraffar/{ids['meeting']}/avanmalan", {"user_id": str(ids["user_a"])}).status_code == 302
    assert count(Signup, Signup.user_id == ids["user_a"]) == 1


def test_a_position_is_recorded_on_the_item_in_the_url_by_the_person_signed_in(world, visitors):
    ids = world.ids
    run, subject = ids["run"], ids["closed_comment_b"]
    greta = visitors("working_group")
    saved = greta.post(
        f"/arbetsgrupp/analys/{run}/synpunkter/{subject}",
        {
            "decision": "noted",
            "motivation": "Noteras.",
            "revision": "",
            "comment_id": str(ids["closed_comment_a"]),
            "note_id": str(ids["note"]),
            "decided_by_id": str(world_user(world, "admin")),
            "subject_id": str(ids["closed_comment_a"]),
        },
    )
    assert saved.status_code == 302
    db.session.expire_all()
    position = db.session.scalar(select(Position).where(Position.comment_id == subject))
    assert position.decided_by_id == world_user(world, "working_group") and position.motivation == "Noteras."
    on_a = db.session.scalar(select(Position).where(Position.comment_id == ids["closed_comment_a"]))
    assert on_a.motivation == "Vi skärper målet."  # the world's position, untouched
    assert db.session.scalar(select(Position).where(Position.note_id == ids["note"])) is None


# --- the working group ------------------------------------------------------------------------


def test_the_working_group_sees_submitted_text_only_never_drafts(world, visitors):
    ids, code = world.ids, world.values["code"]
    greta = visitors("working_group")
    a, b, open_round = ids["response_a"], ids["response_b"], ids["open_round"]
    for url in (f"/arbetsgrupp/svar/{a}", f"/svar/{a}/version/1"):
        page = greta.get(url)
        assert page.status_code == 200 and SUBMITTED_TEXT in text_of(page) and DRAFT_ONLY_TEXT not in text_of(page)
    for url in (f"/arbetsgrupp/svar/{b}", f"/svar/{b}/version/1"):  # never submitted: it does not exist for them
        page = greta.get(url)
        assert page.status_code == 404 and B_DRAFT_TEXT not in text_of(page)
    for url in (
        f"/arbetsgrupp/rundor/{open_round}/svar",
        f"/arbetsgrupp/rundor/{open_round}/avsnitt/{ids['s1']}",
        f"/arbetsgrupp/rundor/{open_round}/avsnitt/{ids['s2']}",
        f"/arbetsgrupp/rundor/{open_round}/synpunkter.csv",
    ):
        page = greta.get(url)
        assert page.status_code == 200, url
        assert DRAFT_ONLY_TEXT not in text_of(page) and B_DRAFT_TEXT not in text_of(page), url
    notes = text_of(greta.get(f"/arbetsgrupp/process/{code}/anteckningar"))
    assert "Publicerat nästa steg (Dialogträff om kompetens)" in notes
    assert "Opublicerat utkast" not in notes and "Annan process träff" not in notes
    assert "Opublicerat utkast" not in text_of(greta.get(f"/dialogtraffar/{ids['meeting']}"))


def test_the_public_reaches_published_responses_only_through_their_own_round_and_process(world, visitors):
    ids, values = world.ids, world.values
    anonymous = visitors("anonymous")
    closed = ids["closed_round"]
    assert anonymous.get(f"/process/{values['code']}/remiss/{closed}/svar/{ids['closed_a']}").status_code == 200
    for url in (
        f"/process/{values['code']}/remiss/{closed}/svar/{ids['response_a']}",  # a response of another round
        f"/process/{values['other_code']}/remiss/{closed}/svar/{ids['closed_a']}",  # another process's code
        f"/process/{values['other_code']}/remiss/{closed}/sammanstallning",
        f"/process/{values['code']}/remiss/{ids['open_round']}/sammanstallning",
    ):  # not published
        page = anonymous.get(url)
        assert page.status_code == 404, url
        assert SUBMITTED_TEXT not in text_of(page) and DRAFT_ONLY_TEXT not in text_of(page)


@pytest.fixture
def second_run(world):
    """An analysis of the open round: themes, items and edits that belong to another run than the world's."""
    round_ = db.session.get(ConsultationRound, world.ids["open_round"])
    run = analyse_by_hand(round_, {"Helheten": []}, include_notes=False)
    db.session.commit()
    theme = run.themes[0]
    ids = {"run": run.id, "theme": theme.id, "item": theme.items[0].id}
    db.session.expunge_all()
    return ids


def test_themes_items_edits_and_subjects_of_another_run_are_refused(world, visitors, second_run):
    ids = world.ids
    run, theme, other_theme = ids["run"], ids["theme"], ids["other_theme"]
    db.session.expire_all()
    item = fresh(AnalysisRun, run).themes[0].items[0].id
    greta = visitors("working_group")
    with nothing_changes():
        assert (
            greta.post(f"/arbetsgrupp/analys/{run}/teman/{second_run['theme']}/namn", {"label": "Kapat"}).status_code
            == 404
        )
        # Move an item of this run into a theme of the other run.
        assert (
            greta.post(
                f"/arbetsgrupp/analys/{run}/teman/{theme}/texter",
                {"action": "move", "item_ids": str(item), "target": str(second_run["theme"])},
            ).status_code
            == 404
        )
        # Move an item of the other run through this run's theme page.
        moved = greta.post(
            f"/arbetsgrupp/analys/{run}/teman/{theme}/texter",
            {"action": "move", "item_ids": str(second_run["item"]), "target": str(other_theme)},
        )
        assert moved.status_code in (404, 422)
        assert greta.post(f"/arbetsgrupp/analys/{second_run['run']}/andringar/{ids['edit']}/angra").status_code == 404
        # Answer a comment the run never analysed, a theme of the other run, items of the other run.
        assert (
            greta.post(
                f"/arbetsgrupp/analys/{run}/synpunkter/{ids['comment_a_s1']}",
                {"decision": "accepted", "motivation": "", "revision": ""},
            ).status_code
            == 404
        )
        assert (
            greta.post(
                f"/arbetsgrupp/analys/{run}/teman/{second_run['theme']}/svara", {"decision": "noted", "scope": "all"}
            ).status_code
            == 404
        )
        assert greta.post(
            f"/arbetsgrupp/analys/{run}/obesvarade",
            {"decision": "noted", "scope": "selected", "item_ids": str(second_run["item"])},
        ).status_code in (404, 422)
        # A summary for a theme of another round, a section of another process.
        assert (
            greta.post(
                f"/arbetsgrupp/rundor/{ids['open_round']}/sammanstallning/teman/{theme}/sammanfattning",
                {"text": "Kapad", "revision": "0"},
            ).status_code
            == 404
        )
        other_key = db.session.scalar(select(Section.key).where(Section.id == ids["other_s1"]))
        summary = f"/arbetsgrupp/rundor/{ids['closed_round']}/sammanstallning/avsnitt/{other_key}/sammanfattning"
        assert greta.get(summary).status_code == 404
        assert greta.post(summary, {"text": "Kapad", "revision": "0"}).status_code == 404
    assert count(Position, Position.comment_id == ids["comment_a_s1"]) == 0


def test_an_admin_cannot_redact_a_draft_or_a_comment_of_a_round_still_open(world, visitors):
    ids = world.ids
    admin = visitors("admin")
    with nothing_changes():
        assert admin.get(f"/arbetsgrupp/synpunkter/{ids['comment_b_s2']}/maskering").status_code == 404
        refused = admin.post(
            f"/arbetsgrupp/synpunkter/{ids['comment_a_s1']}/maskering", {"passage": "Inskickad", "reason": "Test"}
        )
        assert refused.status_code == 422


# --- the services themselves, without the web layer ---------------------------------------------


def test_the_services_refuse_the_wrong_person_on_their_own(world, db_session, second_run):
    ids, now = world.ids, datetime.now(UTC)
    bertil = db_session.get(User, ids["user_b"])
    fia = db_session.scalar(select(User).where(User.email == world.emails["facilitator"]))
    greta = db_session.scalar(select(User).where(User.email == world.emails["working_group"]))
    refusals = {
        "save another's comments": lambda: responses.save_comments(
            db_session, bertil, ids["response_a"], [CommentInput(ids["s1"], "Kapad")], now
        ),
        "submit another's response": lambda: responses.submit_response(db_session, bertil, ids["response_a"], now),
        "withdraw another's response": lambda: responses.withdraw_response(db_session, bertil, ids["response_a"], now),
        "read another's draft": lambda: responses.get_own_response(db_session, bertil, ids["response_a"]),
        "read a draft as submitted": lambda: responses.get_submitted_response(db_session, greta, ids["response_b"]),
        "answer for another organisation": lambda: responses.open_response(
            db_session, bertil, ids["open_round"], f"org-{ids['org_a']}", now
        ),
        "decline for another organisation": lambda: responses.decline_invitation(
            db_session, bertil, ids["open_round"], ids["org_a"], "", now
        ),
        "invite into another organisation": lambda: outreach.invite_colleague(
            db_session, bertil, ids["org_a"], "x@example.se", now
        ),
        "sign up for another organisation": lambda: meetings.sign_up(
            db_session, bertil, ids["meeting"], ids["org_a"], now
        ),
        "a section of another draft": lambda: responses.save_comments(
            db_session, bertil, ids["response_b"], [CommentInput(ids["other_s1"], "Fel avsnitt")], now
        ),
        "manage another process's meeting": lambda: meetings.save_note(
            db_session, fia, ids["other_meeting"], meetings.NoteData(kind="proposal", body="Kapad")
        ),
        "edit another meeting's note": lambda: meetings.save_note(
            db_session, fia, ids["meeting"], meetings.NoteData(kind="proposal", body="Kapad"), ids["other_note"]
        ),
        "delete another meeting's note": lambda: meetings.delete_note(
            db_session, fia, ids["meeting"], ids["other_note"]
        ),
        "a theme of another run": lambda: theme_edits.rename_theme(
            db_session, greta, ids["run"], second_run["theme"], "X"
        ),
        "an edit of another run": lambda: theme_edits.undo_edit(db_session, greta, second_run["run"], ids["edit"]),
        "an item the run never analysed": lambda: positions.record_position(
            db_session,
            greta,
            ids["run"],
            Subject("comment", ids["comment_a_s1"]),
            PositionInput("accepted", "", None),
            None,
        ),
    }
    failures = []
    for name, call in refusals.items():
        before = fingerprint()
        try:
            call()
        except (NotFound, NotAllowed):
            pass
        else:
            failures.append(f"{name}: allowed")
        db_session.rollback()
        if changed_tables(before, fingerprint()):
            failures.append(f"{name}: changed {changed_tables(before, fingerprint())}")
    assert not failures, "\n".join(failures)
