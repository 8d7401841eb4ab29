"""The audit log: every sensitive action leaves an event, only admins read it, and it never holds secrets."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text

from app.extensions import db
from consultation import audit, meetings
from consultation.audit import Action, AuditEvent
from consultation.meetings import NoteKind
from consultation.people import Role
from consultation.people.access import SYSTEM
from consultation.remiss import Invitation, Response, RoundAccess, outreach

from ..conftest import PASSWORD, csrf_token
from ..factories import OrganisationFactory, ProcessFactory, add_draft, add_round
from ..htmlcheck import problems

ADDRESS = "192.0.2.77"


@pytest.fixture
def client(app):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ADDRESS
    return client


@pytest.fixture
def world(db_session, make_user):
    process = ProcessFactory(code="RUS2040")
    version = add_draft(process, sections=2)
    round_ = add_round(process, version, access=RoundAccess.INVITED)
    fjallby = OrganisationFactory(name="Fjällby kommun", email="registrator@fjallby.example")
    ahamn = OrganisationFactory(name="Åhamns kommun", email="kansli@ahamn.example")
    for org in (fjallby, ahamn):
        db_session.add(Invitation(round=round_, organisation=org))
    facilitator = make_user(Role.FACILITATOR, name="Johan", email="johan@region.example")
    process.facilitators.append(facilitator)
    db_session.flush()
    return SimpleNamespace(
        process=process,
        round=round_,
        fjallby=fjallby,
        ahamn=ahamn,
        facilitator=facilitator,
        admin=make_user(Role.ADMIN, name="Sara Samordnare", email="sara@region.example"),
        anna=make_user(Role.STAKEHOLDER, organisations=[fjallby], name="Anna", email="anna@fjallby.example"),
        eva=make_user(Role.STAKEHOLDER, organisations=[ahamn], name="Eva", email="eva@ahamn.example"),
        reader=make_user(Role.WORKING_GROUP, name="Wilma", email="wilma@region.example"),
    )


def events(db_session, action: Action | None = None) -> list[AuditEvent]:
    db_session.expire_all()
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(db_session.scalars(query))


def only(db_session, action: Action) -> AuditEvent:
    found = events(db_session, action)
    assert len(found) == 1, f"{action}: {found}"
    return found[0]


def submit_by_web(auth, user, round_, text: str, owner: str):
    """Open a response and submit it through the pages; returns the response id."""
    auth.login_as(user)
    started = auth.post(f"/remiss/{round_.id}/svar", {"owner": owner}, form_url=f"/remiss/{round_.id}")
    response_id = int(started.headers["Location"].rsplit("/", 1)[1])
    sent = auth.post(f"/svar/{response_id}", {"comment-whole": text, "action": "submit"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/kvitto")
    return response_id


# --- each action leaves an event --------------------------------------------------------------


def test_logins_failures_refusals_and_logout_are_logged(client, auth, world, db_session):
    assert auth.login("anna@fjallby.example", "fel-losenord-1").status_code == 422
    assert auth.login("ingen.alls@example.se", "fel-losenord-2").status_code == 422
    for _ in range(4):  # five failures in all
        assert auth.login("anna@fjallby.example", "fel-losenord-3").status_code == 422
    assert auth.login("anna@fjallby.example").status_code == 429
    auth.login_as(world.eva)
    auth.logout()

    failed = events(db_session, Action.LOGIN_FAILED)
    known, unknown = failed[0], failed[1]
    assert known.user_id == world.anna.id and known.details == {} and known.address == ADDRESS
    # An address without an account: only a keyed hash of it, never the address as typed.
    assert unknown.user_id is None and len(unknown.details["account_key"]) == 16
    assert "ingen.alls" not in str(unknown.details)
    throttled = only(db_session, Action.LOGIN_THROTTLED)
    assert throttled.user_id == world.anna.id and throttled.details == {"limit": "account", "retry_after": 30}
    assert only(db_session, Action.LOGIN_SUCCEEDED).user_id == world.eva.id
    logout = only(db_session, Action.LOGOUT)
    assert logout.user_id == world.eva.id and logout.address == ADDRESS


def test_admin_changes_to_users_are_logged_with_what_changed(client, auth, world, db_session):
    auth.login_as(world.admin)
    created = auth.post(
        "/admin/anvandare/ny",
        {
            "name": "Nils Ny",
            "email": "nils@example.se",
            "roles": ["stakeholder"],
            "organisation_ids": [str(world.fjallby.id)],
            "password": "ett-nytt-losenord",
            "is_active": "y",
        },
    )
    assert created.status_code == 302
    event = only(db_session, Action.USER_CREATED)
    nils_id = event.target_id
    assert (event.user_id, event.target_type) == (world.admin.id, "user_account")
    assert event.details == {"roles": ["stakeholder"], "organisation_ids": [world.fjallby.id]}

    changed = auth.post(
        f"/admin/anvandare/{nils_id}",
        {
            "name": "Nils Ny",
            "email": "nils@example.se",
            "roles": ["working_group"],
            "organisation_ids": [str(world.ahamn.id)],
            "password": "ett-annat-losenord",
        },
    )
    assert changed.status_code == 302
    roles = only(db_session, Action.ROLES_CHANGED)
    assert roles.target_id == nils_id and roles.details == {"added": ["working_group"], "removed": ["stakeholder"]}
    memberships = only(db_session, Action.MEMBERSHIPS_CHANGED)
    assert memberships.details == {"added": [world.ahamn.id], "removed": [world.fjallby.id]}
    rest = only(db_session, Action.USER_CHANGED)
    assert rest.details == {"fields": ["is_active", "password"], "is_active": False}


def test_approving_an_organisation_is_logged(client, auth, world, db_session):
    pending = OrganisationFactory(name="Ny förening", approved=False)
    auth.login_as(world.admin)
    assert auth.post("/admin/organisationer/vantande", {"organisation_id": pending.id}).status_code == 302
    event = only(db_session, Action.ORGANISATION_APPROVED)
    assert (event.user_id, event.target_type, event.target_id) == (world.admin.id, "organisation", pending.id)


def test_sending_invitations_is_logged(client, auth, world, db_session):
    auth.login_as(world.admin)
    sent = auth.post(f"/admin/rundor/{world.round.id}/skicka-inbjudningar", form_url=f"/admin/rundor/{world.round.id}")
    assert sent.status_code == 302
    event = only(db_session, Action.INVITATIONS_SENT)
    assert (event.target_type, event.target_id) == ("consultation_round", world.round.id)
    assert event.details == {"sent": 2, "failed": 0, "without_email": 0, "over_mail_cap": 0}


def test_inviting_a_colleague_and_accepting_are_logged(client, auth, app, world, db_session):
    auth.login_as(world.anna)
    url = f"/organisation/{world.fjallby.id}/bjud-in"
    assert auth.post(url, {"email": "Bo@Fjallby.example"}).status_code == 302
    invited = only(db_session, Action.COLLEAGUE_INVITED)
    assert (invited.user_id, invited.target_id, invited.details) == (
        world.anna.id,
        world.fjallby.id,
        {"email": "bo@fjallby.example"},
    )

    token = outreach.invite_colleague(
        db_session, world.anna, world.fjallby.id, "cecilia@fjallby.example", datetime.now(UTC)
    )
    db_session.commit()
    newcomer = app.test_client()
    accepted = newcomer.post(
        f"/inbjudan/{token}",
        data={
            "name": "Cecilia",
            "password": "cecilias-losenord",
            "password_again": "cecilias-losenord",
            "csrf_token": csrf_token(newcomer, f"/inbjudan/{token}"),
        },
    )
    assert accepted.status_code == 302
    event = only(db_session, Action.INVITATION_ACCEPTED)
    assert event.details == {"organisation_id": world.fjallby.id, "invited_by_id": world.anna.id, "new_account": True}
    assert event.user_id == event.target_id and event.user_id not in (None, world.anna.id)


def test_responses_submitted_revised_withdrawn_and_declined_are_logged(client, auth, world, db_session):
    response_id = submit_by_web(auth, world.anna, world.round, "Första versionen.", f"org-{world.fjallby.id}")
    submitted = only(db_session, Action.RESPONSE_SUBMITTED)
    assert (submitted.user_id, submitted.target_type, submitted.target_id) == (world.anna.id, "response", response_id)
    assert submitted.details["version"] == 1 and submitted.details["reference"].startswith("RUS2040-")

    assert (
        auth.post(
            f"/svar/{response_id}", {"comment-whole": "Andra versionen.", "revision-whole": "1", "action": "submit"}
        ).status_code
        == 302
    )
    assert only(db_session, Action.RESPONSE_REVISED).details["version"] == 2
    assert auth.post(f"/svar/{response_id}/aterkalla", form_url=f"/svar/{response_id}").status_code == 302
    assert only(db_session, Action.RESPONSE_WITHDRAWN).target_id == response_id

    auth.logout()
    auth.login_as(world.eva)
    declined = auth.post(
        f"/remiss/{world.round.id}/avsta", {"organisation_id": world.ahamn.id, "reason": "Frågan berör inte oss."}
    )
    assert declined.status_code == 302
    event = only(db_session, Action.INVITATION_DECLINED)
    assert event.user_id == world.eva.id and event.target_type == "invitation"
    assert event.details == {"round_id": world.round.id, "organisation_id": world.ahamn.id, "with_reason": True}


def test_publishing_meeting_notes_is_logged(client, auth, world, db_session):
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    meeting = meetings.save_meeting(
        db_session,
        world.facilitator,
        world.process.id,
        meetings.MeetingData(
            kind="dialogue",
            title="Träff",
            theme="Kompetens",
            description="",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            location="Fjällby",
            is_published=True,
            facilitator_ids=[world.facilitator.id],
        ),
    )
    note = meetings.save_note(
        db_session, world.facilitator, meeting.id, meetings.NoteData(NoteKind.PROPOSAL, "Förslag.")
    )
    db_session.commit()
    auth.login_as(world.facilitator)
    url = f"/dialogtraffar/{meeting.id}/publicera"
    assert auth.post(url, {"note_ids": [note.id]}, form_url=f"/dialogtraffar/{meeting.id}/hantera").status_code == 302
    event = only(db_session, Action.NOTES_PUBLISHED)
    assert (event.user_id, event.target_type, event.target_id, event.details) == (
        world.facilitator.id,
        "meeting",
        meeting.id,
        {"note_ids": [note.id]},
    )


def test_publication_redaction_and_every_working_group_export_are_logged(client, auth, world, db_session):
    response_id = submit_by_web(
        auth, world.anna, world.round, "Ring Anna på 070-1234567 om detta.", f"org-{world.fjallby.id}"
    )
    auth.logout()
    world.round.closes_at = datetime.now(UTC) - timedelta(minutes=1)
    db_session.commit()
    comment_id = db_session.get(Response, response_id).comments[0].id

    auth.login_as(world.admin)
    review = f"/arbetsgrupp/rundor/{world.round.id}/sammanstallning"
    # Published from the readiness page, with what it showed and the choice to publish unanswered points.
    page = client.get(f"{review}/publicera").get_data(as_text=True)
    shown = dict(re.findall(r'name="(run_id|unanswered)" type="hidden" value="([^"]*)"', page))
    assert auth.post(f"{review}/publicera", {**shown, "publish_unanswered": "y"}).status_code == 302
    published = only(db_session, Action.COMPILATION_PUBLISHED)
    assert (published.user_id, published.target_type, published.target_id) == (
        world.admin.id,
        "consultation_round",
        world.round.id,
    )
    redact_url = f"/arbetsgrupp/synpunkter/{comment_id}/maskering"
    assert auth.post(redact_url, {"passage": "070-1234567", "reason": "Telefonnummer."}).status_code == 302
    redacted = only(db_session, Action.COMMENT_REDACTED)
    assert (redacted.target_type, redacted.target_id, redacted.details["response_id"]) == (
        "comment",
        comment_id,
        response_id,
    )
    assert "070" not in str(redacted.details) and "Telefon" not in str(redacted.details)
    assert auth.post(f"{review}/avpublicera", form_url=review).status_code == 302
    assert only(db_session, Action.COMPILATION_UNPUBLISHED).target_id == world.round.id
    auth.logout()

    auth.login_as(world.reader)
    downloads = [
        (f"/arbetsgrupp/rundor/{world.round.id}/synpunkter.csv", {"export": "comments", "format": "csv"}),
        (f"/arbetsgrupp/rundor/{world.round.id}/synpunkter.xlsx", {"export": "comments", "format": "xlsx"}),
        (
            "/arbetsgrupp/process/RUS2040/anteckningar?format=csv",
            {"export": "meeting_notes", "format": "csv", "notes": 0},
        ),
        (
            "/arbetsgrupp/process/RUS2040/anteckningar?format=xlsx",
            {"export": "meeting_notes", "format": "xlsx", "notes": 0},
        ),
        *[
            (f"{review}.{fmt}?ordning=tema", {"export": "compilation", "format": fmt, "order": "theme"})
            for fmt in ("docx", "xlsx", "csv")
        ],
    ]
    for url, _details in downloads:
        got = client.get(url)
        assert got.status_code == 200 and "attachment" in got.headers["Content-Disposition"], url
    exported = events(db_session, Action.EXPORT_DOWNLOADED)
    assert [e.details for e in exported] == [d for _url, d in downloads]
    assert {e.user_id for e in exported} == {world.reader.id}


def test_public_downloads_are_not_logged(client, auth, world, db_session):
    """The published compilation is public: who downloads it is nobody's business (and no personal data)."""
    world.round.closes_at = datetime.now(UTC) - timedelta(minutes=1)
    world.round.compilation_published_at = datetime.now(UTC)
    db_session.commit()
    got = client.get(f"/process/RUS2040/remiss/{world.round.id}/sammanstallning.csv")
    assert got.status_code == 200
    assert events(db_session, Action.EXPORT_DOWNLOADED) == []


# --- the admin's page ----------------------------------------------------------------------------


def test_only_admins_read_the_log(client, auth, world):
    assert client.get("/admin/logg").status_code == 302
    assert "/logga-in" in client.get("/admin/logg").headers["Location"]
    for user in (world.anna, world.reader, world.facilitator):
        auth.login_as(user)
        assert client.get("/admin/logg").status_code == 403
        assert "Händelselogg" not in client.get("/start").get_data(as_text=True)
        auth.logout()
    assert client.post("/admin/logg").status_code == 405


def test_the_admin_sees_events_newest_first_with_swedish_labels(client, auth, world, db_session):
    auth.login("anna@fjallby.example", "fel-losenord-1")
    auth.login_as(world.admin)
    start = client.get("/start").get_data(as_text=True)
    assert 'href="/admin/logg"' in start
    page = client.get("/admin/logg")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and problems(html) == []
    assert page.headers["Cache-Control"] == "no-store"
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert html.index("Inloggning</td>") < html.index("Misslyckad inloggning</td>")  # newest first
    assert "Sara Samordnare" in html and ADDRESS in html


def test_filters_by_action_user_and_dates(client, auth, world, db_session):
    today = datetime.now(UTC)
    audit.record(db_session, Action.ORGANISATION_APPROVED, world.admin, world.fjallby, now=today - timedelta(days=40))
    audit.record(db_session, Action.LOGOUT, world.anna, now=today - timedelta(days=2))
    audit.record(db_session, Action.LOGOUT, world.eva, now=today - timedelta(days=1))
    db_session.commit()
    auth.login_as(world.admin)

    def rows(query: str) -> tuple[int, str]:
        response = client.get(f"/admin/logg?{query}")
        html = response.get_data(as_text=True)
        body = html[html.index("<tbody>") : html.index("</tbody>")]
        return response.status_code, body

    status, body = rows("action=logout")
    assert status == 200 and body.count("<tr>") == 2 and "Utloggning" in body
    status, body = rows(f"action=logout&user={world.anna.id}")
    assert body.count("<tr>") == 1 and ">Anna<" in body
    forty_days_ago = (today - timedelta(days=40)).date()
    status, body = rows(f"from_day={forty_days_ago - timedelta(days=1)}&to_day={forty_days_ago + timedelta(days=1)}")
    assert body.count("<tr>") == 1 and "Organisation godkänd" in body
    status, body = rows("from_day=inte-ett-datum&action=logout")
    assert status == 422 and body.count("<tr>") == 2  # the wrong date is pointed out and left out of the filter
    status, body = rows("action=finns-inte")
    assert status == 422 and body.count("<tr>") == 4  # all four events: three added, and the admin's login


def test_the_log_is_paged(client, auth, world, db_session):
    for n in range(55):
        audit.record(db_session, Action.LOGOUT, world.anna, now=datetime.now(UTC) - timedelta(minutes=n + 1))
    db_session.commit()
    auth.login_as(world.admin)  # one more event: 56 in all
    first = client.get("/admin/logg").get_data(as_text=True)
    assert "56 händelser" in first and "Sida 1 av 2" in first and 'rel="next"' in first
    second = client.get("/admin/logg?sida=2&action=").get_data(as_text=True)
    body = second[second.index("<tbody>") : second.index("</tbody>")]
    assert body.count("<tr>") == 6 and 'rel="prev"' in second and problems(second) == []


def test_the_log_refuses_secrets_in_details(db_session):
    for key in ("password", "token", "body", "reason"):
        with pytest.raises(ValueError):
            audit.record(db_session, Action.LOGOUT, SYSTEM, details={key: "x"})


# --- never a secret -------------------------------------------------------------------------------


def test_no_password_token_or_comment_text_reaches_the_log_or_the_audit_table(
    client, auth, app, world, db_session, caplog
):
    caplog.set_level(logging.DEBUG)
    marker = "UNIK-SYNPUNKT-7f3a9c"
    token = outreach.invite_colleague(
        db_session, world.anna, world.fjallby.id, "dora@fjallby.example", datetime.now(UTC)
    )
    db_session.commit()
    new_password = "doras-hemliga-losenord-42"
    newcomer = app.test_client()
    csrf = csrf_token(newcomer, f"/inbjudan/{token}")
    assert (
        newcomer.post(
            f"/inbjudan/{token}",
            data={"name": "Dora", "password": new_password, "password_again": new_password, "csrf_token": csrf},
        ).status_code
        == 302
    )

    assert auth.login("anna@fjallby.example", "anna-skrev-fel-losenord").status_code == 422
    submit_by_web(auth, world.anna, world.round, f"Vår synpunkt {marker}.", f"org-{world.fjallby.id}")
    auth.logout()

    # An operator who turns on SQL logging (sqlalchemy.engine at INFO) sees statements, never their values.
    # The requests above share the test's connection, opened before; a new one logs as production would.
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    with db.engine.connect() as connection:
        assert connection.execute(text("SELECT :secret"), {"secret": marker}).scalar() == marker
    assert "SELECT" in "\n".join(r.getMessage() for r in caplog.records)

    secrets = [PASSWORD, new_password, "anna-skrev-fel-losenord", token, csrf, marker]
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records)
    rows = "\n".join(f"{e.action} {e.target_type} {e.address} {e.details!r}" for e in events(db_session))
    assert len(events(db_session)) >= 6  # accepted, failed, login, submitted, logout ...
    for secret in secrets:
        assert secret not in logged, f"{secret!r} in the Python log"
        assert secret not in rows, f"{secret!r} in the audit table"


def test_the_log_shows_names_not_codes_or_ids(client, auth, world, db_session):
    """Roles, exports, organisations and the person concerned are named, as the admin reads them (issue 18)."""
    auth.login_as(world.admin)
    user_id = world.anna.id
    changed = auth.post(
        f"/admin/anvandare/{user_id}",
        {
            "name": "Anna",
            "email": "anna@fjallby.example",
            "roles": ["working_group"],
            "organisation_ids": [str(world.ahamn.id)],
            "is_active": "y",
        },
    )
    assert changed.status_code == 302
    audit.record(
        db_session, Action.EXPORT_DOWNLOADED, world.reader, world.round, {"export": "comments", "format": "csv"}
    )
    db_session.commit()
    html = client.get("/admin/logg").get_data(as_text=True)
    assert "working_group" not in html and "stakeholder" not in html and ": comments" not in html
    assert "Tillagt: Arbetsgrupp" in html and "Borttaget: Aktör" in html
    assert "Tillagt: Åhamns kommun" in html and "Borttaget: Fjällby kommun" in html
    assert "Export: Synpunkter" in html and "Remissrunda: Remiss" in html
    assert "Användare: Anna" in html and f"Användare {user_id}" not in html
