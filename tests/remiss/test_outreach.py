"""Getting in: invitation links, colleagues, self-registration with confirmation, and reminders."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from app.mail import outbox_messages
from consultation.errors import NotAllowed
from consultation.people import Organisation, Role, User
from consultation.people.access import SYSTEM
from consultation.people.mail_caps import MailBudget, MailCaps
from consultation.remiss import Invitation, InvitationStatus, outreach
from consultation.timezones import local_to_utc, local_today

from ..factories import OrganisationFactory

BUDGET = MailBudget(MailCaps(), "a test key")


def link_in(message) -> str:
    body = message.get_content()
    return re.search(r"http://localhost(/\S+)", body).group(1)


def test_invitation_link_creates_an_account_once_and_joins_the_organisation(
    client, auth, db_session, open_round, outbox, make_user
):
    org = OrganisationFactory(name="Granmo kommun", email="reg@granmo.example")
    db_session.add(Invitation(round=open_round, organisation=org))
    auth.login_as(make_user(Role.ADMIN))
    db_session.commit()
    assert (
        auth.post(
            f"/admin/rundor/{open_round.id}/skicka-inbjudningar", {}, form_url=f"/admin/rundor/{open_round.id}"
        ).status_code
        == 302
    )
    [mail] = outbox_messages(outbox)
    assert mail["To"] == "reg@granmo.example" and "Granmo kommun" in mail.get_content()
    url = link_in(mail)
    auth.logout()

    page = client.get(url)
    assert page.status_code == 200 and "Granmo kommun" in page.get_data(as_text=True)
    created = auth.post(
        url, {"name": "Greta", "password": "ett-langt-losenord", "password_again": "ett-langt-losenord"}
    )
    assert created.status_code == 302
    user = db_session.scalar(select(User).where(User.email == "reg@granmo.example"))
    assert user.is_member_of(org.id) and Role.STAKEHOLDER in user.roles
    auth.logout()
    again = client.get(url)
    assert again.status_code == 410 and "redan använts" in again.get_data(as_text=True)

    # A second run sends nothing new.
    auth.login_as(make_user(Role.ADMIN))
    auth.post(f"/admin/rundor/{open_round.id}/skicka-inbjudningar", {}, form_url=f"/admin/rundor/{open_round.id}")
    assert len(outbox_messages(outbox)) == 1


def test_expired_and_forged_links_are_refused(db_session, open_round):
    org = OrganisationFactory(email="a@b.example")
    db_session.add(Invitation(round=open_round, organisation=org))
    sent_at = datetime.now(UTC) - timedelta(days=31)
    open_round.opens_at = sent_at  # a short round: the link's 30 days are the limit
    open_round.closes_at = sent_at + timedelta(days=20)
    db_session.flush()
    [mail], _, _ = outreach.prepare_invitation_mails(db_session, SYSTEM, open_round.id, sent_at, BUDGET)
    with pytest.raises(outreach.InvalidToken, match="slutat gälla"):
        outreach.describe_link(db_session, mail.token, datetime.now(UTC))
    with pytest.raises(outreach.InvalidToken, match="ogiltig"):
        outreach.describe_link(db_session, mail.token[:-2] + "xx", sent_at)


def test_an_invitation_link_lasts_as_long_as_its_round_and_then_the_person_signs_in(
    clock, client, auth, db_session, process, version
):
    from ..factories import add_round

    opens = datetime.now(UTC) + timedelta(days=1)
    round_ = add_round(process, version, opens_at=opens, closes_at=opens + timedelta(days=60))
    org = OrganisationFactory(name="Granmo kommun", email="reg@granmo.example")
    db_session.add(Invitation(round=round_, organisation=org))
    db_session.flush()
    [mail], _, _ = outreach.prepare_invitation_mails(db_session, SYSTEM, round_.id, datetime.now(UTC), BUDGET)
    db_session.commit()
    url = f"/inbjudan/{mail.token}"

    clock.move_to(opens + timedelta(days=45))  # past the old 30 days, before the deadline
    assert client.get(url).status_code == 200
    created = auth.post(
        url, {"name": "Greta", "password": "ett-langt-losenord", "password_again": "ett-langt-losenord"}
    )
    assert created.status_code == 302
    auth.logout()
    # Used once: the link says so and points to the login, where the account works as any other.
    again = client.get(url)
    assert again.status_code == 410 and 'href="/logga-in' in again.get_data(as_text=True)
    assert auth.login("reg@granmo.example", "ett-langt-losenord").status_code == 302

    # An unused link ends with the round.
    db_session.add(Invitation(round=round_, organisation=OrganisationFactory(email="sen@byn.example")))
    db_session.flush()
    [late], _, _ = outreach.prepare_invitation_mails(db_session, SYSTEM, round_.id, opens, BUDGET)
    assert outreach.describe_link(db_session, late.token, round_.closes_at - timedelta(minutes=1))
    with pytest.raises(outreach.InvalidToken, match="slutat gälla"):
        outreach.describe_link(db_session, late.token, round_.closes_at)


def test_a_member_invites_a_colleague_but_not_into_another_organisation(
    client, auth, db_session, stakeholder, outsider, outbox, fjallby
):
    auth.login_as(stakeholder)
    response = auth.post(f"/organisation/{fjallby.id}/bjud-in", {"email": "ny@fjallby.example"})
    assert response.status_code == 302
    [mail] = outbox_messages(outbox)
    assert mail["To"] == "ny@fjallby.example" and "Fjällby kommun" in mail.get_content()
    other = outsider.organisations[0]
    assert client.get(f"/organisation/{other.id}/bjud-in").status_code == 404
    with pytest.raises(NotAllowed):
        outreach.invite_colleague(db_session, stakeholder, other.id, "x@y.example", datetime.now(UTC))


def test_registration_tells_what_happens_to_personal_data(client, open_round):
    html = client.get("/registrera").get_data(as_text=True)
    notice = html[html.index("Dina personuppgifter") : html.index("Skapa konto</button>")]
    assert "e-postadress" in notice
    # Choosing not to publish one's name does not make a submitted response secret.
    assert "allmän handling" in notice and "vad du än väljer om att publicera ditt namn" in notice


def test_registration_in_an_open_round_confirms_the_address_and_waits_for_approval(
    client, auth, db_session, open_round, outbox, make_user
):
    form = {
        "name": "Nora",
        "email": "nora@example.se",
        "password": "ett-langt-losenord",
        "password_again": "ett-langt-losenord",
        "kind": "organisation",
        "organisation_name": "Nya Bygdeföreningen",
        "actor_type": "civil_society",
    }
    response = auth.post("/registrera", form)
    assert response.status_code == 200 and "nora@example.se" in response.get_data(as_text=True)
    user = db_session.scalar(select(User).where(User.email == "nora@example.se"))
    assert not user.is_active
    org = db_session.scalar(select(Organisation).where(Organisation.name == "Nya Bygdeföreningen"))
    assert org.approved is False

    url = link_in(outbox_messages(outbox)[0])
    assert client.get(url).status_code == 200  # GET changes nothing
    db_session.refresh(user)
    assert not user.is_active
    assert auth.post(url, {}).status_code == 302
    db_session.refresh(user)
    assert user.is_active

    auth.logout()
    auth.login_as(make_user(Role.ADMIN))
    pending = client.get("/admin/organisationer/vantande").get_data(as_text=True)
    assert "Nya Bygdeföreningen" in pending
    auth.post("/admin/organisationer/vantande", {"organisation_id": org.id})
    db_session.refresh(org)
    assert org.approved


def test_registration_cannot_join_an_existing_organisation(auth, db_session, open_round, fjallby):
    form = {
        "name": "Inkräktare",
        "email": "in@example.se",
        "password": "ett-langt-losenord",
        "password_again": "ett-langt-losenord",
        "kind": "organisation",
        "organisation_name": "FJÄLLBY KOMMUN",
        "actor_type": "municipality",
    }
    response = auth.post("/registrera", form)
    assert response.status_code == 422
    assert "finns redan" in response.get_data(as_text=True)
    assert db_session.scalar(select(User).where(User.email == "in@example.se")) is None


def test_reminders_go_once_per_date_to_those_who_have_not_answered(
    clock, runner, db_session, open_round, outbox, fjallby
):
    quiet = OrganisationFactory(name="Tyst kommun", email="tyst@kommun.example")
    declined = OrganisationFactory(name="Avstår AB", email="avstar@ab.example")
    db_session.add_all(
        [
            Invitation(round=open_round, organisation=quiet),
            Invitation(round=open_round, organisation=declined, status=InvitationStatus.DECLINED),
            Invitation(round=open_round, organisation=fjallby, status=InvitationStatus.RESPONDED),
        ]
    )
    # The clock is pinned: past midnight between this line and the command, the mail would say "om 4 dagar".
    open_round.closes_at = local_to_utc(local_today() + timedelta(days=5), time(23, 59))
    db_session.commit()

    first = runner.invoke(args=["remiss", "remind", "--round", str(open_round.id), "--days", "14,7,2"])
    assert first.exit_code == 0 and "1 av 1" in first.output
    [mail] = outbox_messages(outbox)
    assert mail["To"] == "tyst@kommun.example" and "om 5 dagar" in mail.get_content()
    second = runner.invoke(args=["remiss", "remind", "--round", str(open_round.id), "--days", "14,7,2"])
    assert "0 av 0" in second.output
    invitation = db_session.scalar(select(Invitation).where(Invitation.organisation_id == quiet.id))
    db_session.refresh(invitation)
    assert len(invitation.reminders) == 1


def test_remind_reports_an_unknown_round(runner):
    result = runner.invoke(args=["remiss", "remind", "--round", "99999"])
    assert result.exit_code != 0 and "finns inte" in result.output


def test_confirming_an_address_starts_a_fresh_session(client, auth, db_session, open_round, outbox, make_user):
    """Whoever was signed in before (or whatever was planted in the session) does not carry over."""
    form = {
        "name": "Nora",
        "email": "nora@example.se",
        "password": "ett-langt-losenord",
        "password_again": "ett-langt-losenord",
        "kind": "organisation",
        "organisation_name": "Nya Bygdeföreningen",
        "actor_type": "civil_society",
    }
    auth.post("/registrera", form)
    url = link_in(outbox_messages(outbox)[0])
    auth.login_as(make_user(Role.STAKEHOLDER, name="Tidigare Inloggad"))
    with client.session_transaction() as session:
        session["planted"] = "före inloggningen"
        session["locale"] = "sv"
    assert auth.post(url, {}).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session and session["locale"] == "sv"
    start = client.get("/start").get_data(as_text=True)
    assert "Nora" in start and "Tidigare Inloggad" not in start


def test_a_member_changes_the_organisations_contact_from_a_shared_mailbox(
    client, auth, db_session, open_round, stakeholder, outsider, fjallby
):
    fjallby.email = "registrator@fjallby.example"
    db_session.add(Invitation(round=open_round, organisation=fjallby, contact_email="info@fjallby.example"))
    db_session.commit()
    url = f"/organisation/{fjallby.id}/kontakt"
    auth.login_as(outsider)
    assert client.get(url).status_code == 404
    auth.logout()

    auth.login_as(stakeholder)
    assert f'href="{url}"' in client.get("/start").get_data(as_text=True)
    assert 'value="registrator@fjallby.example"' in client.get(url).get_data(as_text=True)
    bad = auth.post(url, {"email": "anna på fjällby"})
    assert bad.status_code == 422 and 'value="anna på fjällby"' in bad.get_data(as_text=True)
    assert auth.post(url, {"email": "Anna.Svensson@Fjallby.example"}).status_code == 302
    db_session.expire_all()
    assert fjallby.email == "anna.svensson@fjallby.example"
    # The running round's invitation now goes to the named person, not the CSV's shared mailbox.
    [mail], _, _ = outreach.prepare_invitation_mails(db_session, SYSTEM, open_round.id, datetime.now(UTC), BUDGET)
    assert mail.email == "anna.svensson@fjallby.example"
