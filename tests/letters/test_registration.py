"""The coordinator registers a remissvar that came by e-mail or post: on time by the day it was received,
read and reviewed like a sender's own letter, submitted on the organisation's behalf, with its receipt."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app import letter_jobs
from app.extensions import db
from app.mail import outbox_messages
from consultation import audit
from consultation.errors import NotAllowed, NotFound, ValidationFailed
from consultation.letters import Letter, LetterStatus, files, reading, registration, review
from consultation.people import Organisation, Role
from consultation.remiss import Response, ResponseStatus, responses

from ..factories import OrganisationFactory
from .conftest import letter_bytes

PDF = "01-ulvsjo-kommun.pdf"


def now():
    return datetime.now(UTC)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.ADMIN, email="registrator@region.example", name="Rut Registrator")


@pytest.fixture
def closed_round(clock, bergslunda_round):
    """The round closed three days ago (at midnight, Stockholm): its last day was four days ago."""
    bergslunda_round.opens_at = now() - timedelta(days=40)
    bergslunda_round.closes_at = datetime(2026, 6, 13, 22, 0, tzinfo=UTC)  # 14 June 00:00 in Stockholm
    db.session.flush()
    assert bergslunda_round.deadline_date == date(2026, 6, 13)
    return bergslunda_round


def register(user, round_, received_on, organisation=None, **options):
    incoming = registration.IncomingResponse(
        received_on=received_on,
        organisation_id=organisation.id if organisation is not None else None,
        files=options.pop("files", [("yttrande.pdf", letter_bytes(PDF))]),
        **options,
    )
    return registration.register_response(db.session, user, round_.id, incoming, now())


def read_confirm_submit(user, registered):
    letter = registered.letters[0]
    job = reading.queue_reading(db.session, user, letter.id, now())
    db.session.commit()
    letter_jobs.run_job(job.id)
    db.session.expire_all()
    review.confirm_letter(db.session, user, letter.id, now())
    return responses.submit_response(db.session, user, registered.response.id, now())


def test_received_before_the_deadline_and_registered_after_it_is_on_time(closed_round, coordinator, ulvsjo):
    registered = register(coordinator, closed_round, date(2026, 6, 12), ulvsjo, diarienummer="RS 2026/0412")
    submission = read_confirm_submit(coordinator, registered)
    db.session.commit()
    response = db.session.get(Response, registered.response.id)
    assert response.status == ResponseStatus.SUBMITTED and response.reference
    assert not response.received_late
    assert submission.submitted_by_id == coordinator.id and response.registered_by_id == coordinator.id
    assert response.diarienummer == "RS 2026/0412" and response.comments
    # The deadline day itself is on time too.
    other = OrganisationFactory(name="Åhamns kommun")
    assert not register(coordinator, closed_round, date(2026, 6, 13), other).response.received_late


def test_received_after_the_deadline_is_kept_and_marked_late(client, auth, closed_round, coordinator, ulvsjo):
    registered = register(coordinator, closed_round, date(2026, 6, 14), ulvsjo)
    read_confirm_submit(coordinator, registered)
    db.session.commit()
    assert registered.response.received_late and registered.response.status == ResponseStatus.SUBMITTED
    auth.login_as(coordinator)
    listing = client.get(f"/arbetsgrupp/rundor/{closed_round.id}/svar").get_data(as_text=True)
    assert "Inkom efter sista svarsdag" in listing and "Registrerat av Rut Registrator" in listing
    page = client.get(f"/arbetsgrupp/svar/{registered.response.id}").get_data(as_text=True)
    assert "Inkom efter sista svarsdag" in page and "14 juni 2026" in page


def test_the_registration_is_audited_and_shown_to_the_working_group(
    client, auth, closed_round, coordinator, ulvsjo, working_group
):
    registered = register(coordinator, closed_round, date(2026, 6, 12), ulvsjo, diarienummer="RS <2026>/0412")
    read_confirm_submit(coordinator, registered)
    db.session.commit()
    event = db.session.scalar(select(audit.AuditEvent).where(audit.AuditEvent.action == "response.registered"))
    assert event.user_id == coordinator.id and event.target_id == registered.response.id
    assert event.details["received_on"] == "2026-06-12" and event.details["late"] is False
    auth.login_as(working_group)
    page = client.get(f"/arbetsgrupp/svar/{registered.response.id}").get_data(as_text=True)
    assert "Registrerat av Rut Registrator 17 juni 2026" in page
    assert "RS &lt;2026&gt;/0412" in page and "RS <2026>" not in page
    assert "12 juni 2026" in page and "(i tid)" in page


def web_register(auth, round_, **fields):
    files_ = fields.pop("files", [(io.BytesIO(letter_bytes(PDF)), "Yttrande Ulvsjö.pdf")])
    url = f"/admin/rundor/{round_.id}/registrera-remissvar"
    return auth.post(url, {**fields, "files": files_}, content_type="multipart/form-data", form_url=url)


def submit_on_behalf(client, auth, response_id, send_receipt):
    edit_url = f"/svar/{response_id}"
    shown = auth.post(edit_url, {"action": "review"}, form_url=edit_url)
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "Skicka kvitto till organisationens kontaktperson" in page
    digest = re.search(r'name="reviewed" value="([^"]+)"', page).group(1)
    data = {"action": "submit", "reviewed": digest, **({"send_receipt": "1"} if send_receipt else {})}
    return auth.post(edit_url, data, form_url=edit_url)


def test_the_whole_registration_on_the_web_after_the_deadline_with_a_receipt_sent_once(
    client, auth, outbox, closed_round, coordinator
):
    ulvsjo = OrganisationFactory(name="Ulvsjö kommun", email="registrator@ulvsjo.example")
    auth.login_as(coordinator)
    overview = client.get(f"/admin/rundor/{closed_round.id}").get_data(as_text=True)
    assert "Registrera inkommet remissvar" in overview
    made = web_register(
        auth, closed_round, organisation_id=str(ulvsjo.id), received_on="2026-06-12", diarienummer="RS 2026/77"
    )
    assert made.status_code == 302, made.get_data(as_text=True)
    letter_url = made.headers["Location"]
    assert "Läs in synpunkterna ur brevet" in client.get(letter_url).get_data(as_text=True)
    assert auth.post(letter_url + "/las-in", form_url=letter_url).status_code == 302
    assert "Granska förslaget" in client.get(letter_url).get_data(as_text=True)
    confirmed = auth.post(letter_url + "/bekrafta", form_url=letter_url)
    assert confirmed.status_code == 302
    response = db.session.scalar(select(Response))
    edit_page = client.get(f"/svar/{response.id}").get_data(as_text=True)
    assert "Registrerat av Rut Registrator" in edit_page and "RS 2026/77" in edit_page

    sent = submit_on_behalf(client, auth, response.id, send_receipt=True)
    assert sent.status_code == 302 and "epost=kontakt" in sent.headers["Location"]
    receipt = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "organisationens kontaktperson, registrator@ulvsjo.example" in receipt
    mails = outbox_messages(outbox)
    assert [m["To"] for m in mails] == ["registrator@ulvsjo.example"]
    body = mails[0].get_content()
    assert "Hej Ulvsjö kommun!" in body and "Registrerat av Rut Registrator" in body and "RS 2026/77" in body
    db.session.expire_all()
    assert db.session.get(Response, response.id).status == ResponseStatus.SUBMITTED
    # Sent again unchanged (a double click): no second submission, no second receipt.
    again = submit_on_behalf(client, auth, response.id, send_receipt=True)
    assert again.status_code == 302 and len(outbox_messages(outbox)) == 1


def test_no_receipt_unless_asked(client, auth, outbox, closed_round, coordinator):
    ulvsjo = OrganisationFactory(name="Ulvsjö kommun", email="registrator@ulvsjo.example")
    registered = register(coordinator, closed_round, date(2026, 6, 12), ulvsjo)
    letter = registered.letters[0]
    job = reading.queue_reading(db.session, coordinator, letter.id, now())
    db.session.commit()
    letter_jobs.run_job(job.id)
    db.session.expire_all()
    review.confirm_letter(db.session, coordinator, letter.id, now())
    db.session.commit()
    auth.login_as(coordinator)
    sent = submit_on_behalf(client, auth, registered.response.id, send_receipt=False)
    assert sent.status_code == 302 and "epost=nej" in sent.headers["Location"]
    assert outbox_messages(outbox) == []
    assert "Inget kvitto har skickats" in client.get(sent.headers["Location"]).get_data(as_text=True)


def test_only_coordinators_register(closed_round, ulvsjo, writer, working_group, make_user):
    facilitator = make_user(Role.FACILITATOR, email="pl@region.example")
    for user in (writer, working_group, facilitator):
        with pytest.raises(NotAllowed):
            register(user, closed_round, date(2026, 6, 12), ulvsjo)


def test_the_pages_are_the_coordinators_only(client, auth, closed_round, writer, working_group):
    url = f"/admin/rundor/{closed_round.id}/registrera-remissvar"
    for user in (writer, working_group):
        auth.login_as(user)
        assert client.get(url).status_code in (403, 404)
        auth.logout()


def test_a_registration_in_progress_is_no_stakeholders_business(
    client, auth, closed_round, coordinator, ulvsjo, writer, other_org_user, working_group
):
    """Not even its own organisation's members see it before it is submitted; after, they read what was sent."""
    registered = register(coordinator, closed_round, date(2026, 6, 12), ulvsjo)
    db.session.commit()
    response, letter = registered.response, registered.letters[0]
    with pytest.raises(NotFound):
        files.get_own_letter(db.session, writer, letter.id)
    with pytest.raises(NotFound):
        files.get_readable_letter(db.session, writer, letter.id)
    with pytest.raises(NotFound):
        responses.get_own_response(db.session, writer, response.id)
    urls = [f"/svar/{response.id}", f"/brev/{letter.id}", f"/brev/{letter.id}/original", f"/brev/{letter.id}/forlopp"]
    for user in (writer, other_org_user, working_group):
        auth.login_as(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.email, url)
        auth.logout()
    read_confirm_submit(coordinator, registered)
    db.session.commit()
    auth.login_as(writer)
    assert client.get(f"/svar/{response.id}/version/1").status_code == 200
    assert client.get(f"/brev/{letter.id}/original").status_code == 200
    assert client.get(f"/svar/{response.id}").status_code == 404  # read, not written, by the members
    auth.logout()
    auth.login_as(other_org_user)
    assert client.get(f"/brev/{letter.id}/original").status_code == 404


def test_bad_input_says_why_in_swedish_and_gives_the_text_back(client, auth, closed_round, coordinator, ulvsjo):
    auth.login_as(coordinator)
    refused = web_register(
        auth,
        closed_round,
        organisation_id="",
        new_organisation_name="",
        received_on="2099-01-01",
        diarienummer="<b>" + "x" * 70,
        files=[(io.BytesIO(b"<svg onload=alert(1)>"), "brev.pdf")],
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "kan inte ligga i framtiden" in page
    assert "Diarienumret får vara högst 60 tecken" in page
    assert "Filtypen stöds inte" in page and "Filen brev.pdf kunde inte tas emot" in page
    assert "Välj organisationen i registret" in page
    assert 'value="&lt;b&gt;' + "x" * 70 + '"' in page and "<b>xxx" not in page
    assert 'value="2099-01-01"' in page
    missing = web_register(auth, closed_round, organisation_id=str(ulvsjo.id), received_on="", files=[])
    text = missing.get_data(as_text=True)
    assert missing.status_code == 422 and "Ange datumet då remissvaret kom in" in text
    assert "Välj brevet (PDF eller Word) att registrera" in text
    garbled = web_register(auth, closed_round, organisation_id=str(ulvsjo.id), received_on="12 juni")
    assert garbled.status_code == 422 and "Ange datumet som ÅÅÅÅ-MM-DD" in garbled.get_data(as_text=True)
    assert db.session.scalar(select(Response)) is None and db.session.scalar(select(Letter)) is None


def test_a_new_organisation_is_created_inline(client, auth, closed_round, coordinator, ulvsjo):
    auth.login_as(coordinator)
    made = web_register(
        auth,
        closed_round,
        new_organisation_name="Trafikverket Region Mitt",
        new_organisation_email="Mitt@Trafikverket.example",
        new_organisation_actor_type="agency",
        received_on="2026-06-10",
    )
    assert made.status_code == 302, made.get_data(as_text=True)
    organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Trafikverket Region Mitt"))
    assert organisation.email == "mitt@trafikverket.example" and organisation.actor_type == "agency"
    response = db.session.scalar(select(Response))
    assert response.organisation_id == organisation.id and response.received_on == date(2026, 6, 10)
    assert db.session.scalar(select(Letter)).status == LetterStatus.UPLOADED
    # The same name again, or no address: said, nothing made.
    clash = web_register(
        auth, closed_round, new_organisation_name="Ulvsjö  kommun", new_organisation_email="", received_on="2026-06-10"
    )
    page = clash.get_data(as_text=True)
    assert clash.status_code == 422 and "Det finns redan en organisation med det namnet" in page
    assert "Ange kontaktpersonens e-postadress" in page and 'value="Ulvsjö  kommun"' in page
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Ulvsjö  kommun")) is None


def test_an_organisation_that_already_answered_is_not_registered_twice(closed_round, coordinator, ulvsjo):
    register(coordinator, closed_round, date(2026, 6, 12), ulvsjo)
    with pytest.raises(ValidationFailed) as refused:
        register(coordinator, closed_round, date(2026, 6, 12), ulvsjo)
    assert "organisation_id" in refused.value.errors


def test_the_organisations_members_are_told_their_letter_is_being_registered_and_cannot_start_another(
    clock, client, auth, bergslunda_round, coordinator, ulvsjo, writer
):
    registered = register(coordinator, bergslunda_round, date(2026, 6, 16), ulvsjo)
    db.session.commit()
    response_id = registered.response.id
    auth.login_as(writer)
    round_url = f"/remiss/{bergslunda_round.id}"
    page = client.get(round_url).get_data(as_text=True)
    assert "ert brev har kommit in och registreras av regionen" in page and f"/svar/{response_id}" not in page
    assert "Ert brev har kommit in och registreras av regionen" in client.get("/start").get_data(as_text=True)
    started = auth.post(f"{round_url}/svar", {"owner": f"org-{ulvsjo.id}"}, form_url=round_url)
    assert started.status_code == 302 and started.headers["Location"].endswith(round_url)
    assert "registreras av regionen; det skrivs inte här" in client.get(round_url).get_data(as_text=True)
    assert db.session.scalars(select(Response)).all() == [registered.response]

    read_confirm_submit(coordinator, registered)
    db.session.commit()
    page = client.get(round_url).get_data(as_text=True)
    assert "inkom som brev och är registrerat av regionen" in page and f"/svar/{response_id}/version/1" in page


def test_a_registered_letter_that_declines_says_so_to_the_coordinator(client, auth, closed_round, coordinator, ulvsjo):
    from ..analysis.letters_data import docx

    data = docx([("p", "Ulvsjö kommun"), ("p", "Kommunen avstår från att yttra sig i ärendet."), ("p", "Kari Berg")])
    registered = register(coordinator, closed_round, date(2026, 6, 12), ulvsjo, files=[("avstar.docx", data)])
    letter = registered.letters[0]
    job = reading.queue_reading(db.session, coordinator, letter.id, now())
    db.session.commit()
    letter_jobs.run_job(job.id)
    auth.login_as(coordinator)
    page = client.get(f"/brev/{letter.id}").get_data(as_text=True)
    assert "organisationen avstår från att yttra sig" in page and "Ett avstående är inget remissvar" in page
    assert f"/remiss/{closed_round.id}/avsta" not in page  # the stakeholder's own way to decline is not theirs


def test_a_registration_racing_another_for_the_same_organisation_is_told_not_crashed(
    closed_round, coordinator, ulvsjo, monkeypatch
):
    """The check for an existing response passes for both; the database's unique index decides, with a message."""
    register(coordinator, closed_round, date(2026, 6, 12), ulvsjo)
    real_scalar = db.session.scalar

    def blind(statement, *args, **kwargs):  # this registration does not see the other one yet
        if "FROM response" in str(statement) and "organisation_id" in str(statement):
            return None
        return real_scalar(statement, *args, **kwargs)

    monkeypatch.setattr(db.session, "scalar", blind)
    with pytest.raises(ValidationFailed) as refused:
        register(coordinator, closed_round, date(2026, 6, 13), ulvsjo)
    assert refused.value.errors["organisation_id"][0].params["name"] == "Ulvsjö kommun"
    monkeypatch.undo()
    assert len(db.session.scalars(select(Response)).all()) == 1
