"""Every page, for every role, in its empty, filled, error and read-only states passes the structural check."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from consultation.people import Role
from consultation.remiss import responses
from consultation.remiss.responses import CommentInput
from consultation.timezones import local_days_from_today, local_today

from ..factories import OrganisationFactory, ProcessFactory, add_draft, add_phases, add_round
from ..htmlcheck import problems


@pytest.fixture
def world(db_session, make_user):
    process = ProcessFactory(code="RUS2040")
    add_phases(process, local_today())
    version = add_draft(process, sections=4)
    round_ = add_round(process, version)
    org = OrganisationFactory(name="Fjällby kommun")
    people = {
        "stakeholder": make_user(Role.STAKEHOLDER, organisations=[org]),
        "admin": make_user(Role.ADMIN),
        "working_group": make_user(Role.WORKING_GROUP),
        "facilitator": make_user(Role.FACILITATOR),
    }
    process.facilitators.append(people["facilitator"])
    from consultation import meetings

    start = local_days_from_today(5, time(13))  # afternoon in Stockholm: never past midnight
    meeting = meetings.save_meeting(
        db_session,
        people["facilitator"],
        process.id,
        meetings.MeetingData(
            kind="dialogue",
            title="Dialogträff",
            theme="Kompetens",
            description="Beskrivning.",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            capacity=20,
            is_published=True,
            invited_organisation_ids=[org.id],
        ),
    )
    meetings.save_note(
        db_session,
        people["facilitator"],
        meeting.id,
        meetings.NoteData(
            kind="next_step", body="Gör något.", tags=["tagg"], owner_name="Regionen", step_status="open"
        ),
    )
    meetings.publish_notes(db_session, people["facilitator"], meeting.id, [], datetime.now(UTC))
    stakeholder = people["stakeholder"]
    response = responses.open_response(db_session, stakeholder, round_.id, f"org-{org.id}", datetime.now(UTC))
    responses.save_comments(
        db_session,
        stakeholder,
        response.id,
        [CommentInput(None, "Helheten.\n\nTvå stycken."), CommentInput(version.sections[1].id, "Om avsnitt 2.")],
        datetime.now(UTC),
    )
    responses.submit_response(db_session, stakeholder, response.id, datetime.now(UTC))
    db_session.commit()
    from app.analysis_jobs import run_job
    from consultation.review import analysis_runs

    analysis = analysis_runs.start_run(db_session, people["working_group"], round_.id, analysis_runs.RunParameters())
    db_session.commit()
    run_job(analysis.id)
    return {
        "analysis": analysis,
        "process": process,
        "round": round_,
        "response": response,
        "org": org,
        "people": people,
        "meeting": meeting,
    }


def pages_for(who, world):
    round_, response, org = world["round"], world["response"], world["org"]
    meeting = world["meeting"]
    public = [
        "/",
        "/process/RUS2040",
        "/process/RUS2040/forslag",
        "/process/RUS2040/forslag/v1",
        "/om-tjansten",
        f"/remiss/{round_.id}",
        "/finns-inte",
        "/dialogtraffar",
        "/process/RUS2040/dialogtraffar",
        f"/dialogtraffar/{meeting.id}",
        "/process/RUS2040/nasta-steg",
        "/tillganglighet",
        "/tillganglighet/rapportera",
    ]
    if who == "anonymous":
        return [*public, "/logga-in", "/registrera"]
    pages = [*public, "/start"]
    if who == "stakeholder":
        pages += [
            f"/svar/{response.id}",
            f"/svar/{response.id}/kvitto",
            f"/svar/{response.id}/version/1",
            f"/organisation/{org.id}/bjud-in",
        ]
    if who == "admin":
        user = world["people"]["stakeholder"]
        pages += [
            "/admin/organisationer",
            "/admin/organisationer/ny",
            f"/admin/organisationer/{org.id}",
            "/admin/anvandare",
            "/admin/anvandare/ny",
            f"/admin/anvandare/{user.id}",
            "/admin/organisationer/vantande",
            "/admin/processer/RUS2040",
            "/admin/processer/RUS2040/forslag/importera",
            "/admin/processer/RUS2040/rundor/ny",
            f"/admin/processer/RUS2040/rundor/{round_.id}",
            f"/admin/rundor/{round_.id}",
            f"/admin/rundor/{round_.id}/remissinstanser",
        ]
    if who in ("admin", "facilitator"):
        note = meeting.notes[0]
        pages += [
            f"/dialogtraffar/{meeting.id}/hantera",
            f"/dialogtraffar/{meeting.id}/andra",
            "/process/RUS2040/dialogtraffar/ny",
            f"/dialogtraffar/{meeting.id}/narvaro",
            f"/dialogtraffar/{meeting.id}/anteckningar/ny",
            f"/dialogtraffar/{meeting.id}/anteckningar/{note.id}",
        ]
    if who in ("admin", "working_group"):
        pages += [
            "/arbetsgrupp/process/RUS2040/anteckningar",
            "/arbetsgrupp/process/RUS2040/anteckningar?kind=next_step",
        ]
    if who in ("admin", "working_group"):
        pages += [
            f"/arbetsgrupp/rundor/{round_.id}/svar",
            f"/arbetsgrupp/svar/{response.id}",
            f"/arbetsgrupp/svar/{response.id}?utskrift=1",
            f"/arbetsgrupp/rundor/{round_.id}/avsnitt",
            f"/arbetsgrupp/rundor/{round_.id}/avsnitt/helhet",
            f"/arbetsgrupp/rundor/{round_.id}/avsnitt/{round_.version.sections[1].id}",
            f"/arbetsgrupp/rundor/{round_.id}/svar?actor_type=municipality&status=submitted",
        ]
        run = world["analysis"]
        pages += [
            f"/arbetsgrupp/rundor/{round_.id}/analys",
            f"/arbetsgrupp/analys/{run.id}",
            f"/arbetsgrupp/analys/{run.id}/teman/{run.themes[0].id}",
            f"/arbetsgrupp/analys/{run.id}/teman/{run.themes[0].id}?osakra=1",
        ]
    return pages


@pytest.mark.parametrize("who", ["anonymous", "stakeholder", "admin", "working_group", "facilitator"])
def test_every_page_is_structurally_accessible(client, auth, world, who):
    if who != "anonymous":
        auth.login_as(world["people"][who])
    failures = {}
    for url in pages_for(who, world):
        response = client.get(url)
        assert response.status_code in (200, 404), f"{url}: {response.status_code}"
        found = problems(response.get_data(as_text=True), full_page="utskrift" not in url)
        if found:
            failures[url] = found
    assert not failures, failures


def test_error_states_are_accessible_too(client, auth, world, make_user):
    auth.login_as(world["people"]["admin"])
    states = [
        ("/admin/organisationer/ny", {"name": "", "actor_type": "", "organisation_number": "1"}),
        ("/admin/anvandare/ny", {"name": "", "email": "fel"}),
        ("/admin/processer/RUS2040/rundor/ny", {"title": ""}),
        ("/admin/processer/RUS2040/forslag/importera", {}),
        (f"/admin/rundor/{world['round'].id}/remissinstanser", {}),
    ]
    meeting = world["meeting"]
    states += [
        ("/process/RUS2040/dialogtraffar/ny", {"title": "", "kind": "dialogue"}),
        (f"/dialogtraffar/{meeting.id}/anteckningar/ny", {"body": ""}),
        (f"/dialogtraffar/{meeting.id}/narvaro", {"participant_count": "-3"}),
        (f"/dialogtraffar/{meeting.id}/dokument", {"title": "x"}),
        (f"/arbetsgrupp/rundor/{world['round'].id}/analys", {"n_themes": "1"}),
    ]
    for url, data in states:
        response = auth.post(url, data)
        assert response.status_code == 422, url
        html = response.get_data(as_text=True)
        assert "error-summary" in html, url
        assert not problems(html), (url, problems(html))
    auth.logout()
    response = auth.post("/tillganglighet/rapportera", {"description": "", "email": "fel"})
    assert response.status_code == 422 and "error-summary" in response.get_data(as_text=True)
    assert not problems(response.get_data(as_text=True))
    response = auth.login("ingen@example.se", "fel-losenord")
    assert not problems(response.get_data(as_text=True))


def test_the_response_page_after_the_deadline_is_read_only_and_accessible(client, auth, world, db_session):
    world["round"].closes_at = datetime.now(UTC) - timedelta(minutes=1)
    db_session.commit()
    auth.login_as(world["people"]["stakeholder"])
    html = client.get(f"/svar/{world['response'].id}").get_data(as_text=True)
    assert "Remissrundan är stängd" in html and "readonly" in html and "Skicka in" not in html
    assert not problems(html)
