"""Caps on outgoing mail: the probe sent 25 colleague invitations to one address (with the sender's
200-character name in the subject) and 10 anonymous registrations, each of them mailed."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from app.mail import outbox_messages
from consultation.people import Role

from ..conftest import AuthActions
from ..factories import OrganisationFactory

TOO_MANY_TO_ADDRESS = "Den adressen har redan fått flera brev från Samråd i dag."
TOO_MANY_FROM_SENDER = "Du har skickat många inbjudningar i dag."
TOO_MANY_FROM_HERE = "Det har skickats många brev härifrån den senaste timmen."


def invite(auth, organisation, email: str):
    return auth.post(f"/organisation/{organisation.id}/bjud-in", {"email": email})


def register(client, email: str, **extra):
    data = {
        "name": "Nora",
        "email": email,
        "password": "ett-langt-losenord",
        "password_again": "ett-langt-losenord",
        "kind": "person",
        **extra,
    }
    return AuthActions(client).post("/registrera", data)


def test_one_address_gets_three_invitations_a_day_then_a_clear_refusal(clock, auth, stakeholder, fjallby, outbox):
    auth.login_as(stakeholder)
    answers = [invite(auth, fjallby, "mal@example.se").status_code for _ in range(6)]
    assert answers == [302, 302, 302, 429, 429, 429]
    assert len(outbox_messages(outbox)) == 3
    refused = invite(auth, fjallby, "mal@example.se")
    html = refused.get_data(as_text=True)
    assert TOO_MANY_TO_ADDRESS in html and 'value="mal@example.se"' in html  # the address is kept in the form
    clock.shift(timedelta(days=1, minutes=1))
    auth.login_as(stakeholder)  # the session of yesterday has ended
    assert invite(auth, fjallby, "mal@example.se").status_code == 302


def test_one_sender_sends_twenty_invitations_a_day(auth, stakeholder, fjallby, outbox):
    auth.login_as(stakeholder)
    sent = [invite(auth, fjallby, f"kollega{n}@example.se").status_code for n in range(20)]
    assert sent == [302] * 20
    refused = invite(auth, fjallby, "kollega20@example.se")
    assert refused.status_code == 429 and TOO_MANY_FROM_SENDER in refused.get_data(as_text=True)
    assert len(outbox_messages(outbox)) == 20


def test_the_subject_carries_only_a_short_name(auth, make_user, fjallby, outbox):
    long_name = "Anna " + "Långnamn" * 24
    auth.login_as(make_user(Role.STAKEHOLDER, organisations=[fjallby], name=long_name))
    assert invite(auth, fjallby, "ny@example.se").status_code == 302
    [mail] = outbox_messages(outbox)
    assert long_name not in mail["Subject"]
    assert mail["Subject"].startswith("Anna Långnamn") and len(mail["Subject"]) <= 70
    assert long_name in mail.get_content()  # the body may say who it is


def test_five_registrations_an_hour_from_one_client_address(clock, app, round_, outbox):
    client = app.test_client()
    answers = [register(client, f"person{n}@example.se").status_code for n in range(5)]
    assert answers == [200] * 5
    refused = register(client, "person5@example.se")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 429 and TOO_MANY_FROM_HERE in html and "person5@example.se" in html
    assert len(outbox_messages(outbox)) == 5
    other = app.test_client()
    other.environ_base["REMOTE_ADDR"] = "198.51.100.7"
    assert register(other, "person5@example.se").status_code == 200
    clock.shift(timedelta(hours=1, minutes=1))
    assert register(client, "person6@example.se").status_code == 200


@pytest.mark.parametrize("existing", [False, True])
def test_registering_one_address_again_and_again_mails_it_three_times(app, round_, make_user, outbox, existing):
    if existing:
        make_user(Role.STAKEHOLDER, email="offer@example.se")
    answers = []
    for n in range(5):
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"198.51.100.{n + 1}"
        answers.append(register(client, "offer@example.se").status_code)
    assert answers == [200] * 5  # the same answer every time: the cap tells nothing either
    assert [m["To"] for m in outbox_messages(outbox)] == ["offer@example.se"] * 3


# --- the site's own mail: receipts, the admin's round invitations, reminders --------------------------
# Each group has caps of its own and counts only its own kinds (consultation/people/mail_caps.py): a
# receipt does not use up the address's allowance of colleague invitations, and a round's bulk sending
# is not stopped by the cap of 20 a day meant for colleagues.


def submit_again(auth, response_id: int, text: str, revision: int):
    url = f"/svar/{response_id}"
    data = {"comment-whole": text, "action": "submit", "revision-whole": str(revision)}
    return auth.post(url, data, form_url=url)


def test_receipts_are_capped_but_the_submission_always_goes_through(
    clock, app, auth, db_session, round_, stakeholder, fjallby, outbox
):
    from consultation.remiss import Response, ResponseStatus

    auth.login_as(stakeholder)
    started = auth.post(f"/remiss/{round_.id}/svar", {"owner": f"org-{fjallby.id}"}, form_url=f"/remiss/{round_.id}")
    response_id = int(started.headers["Location"].rsplit("/", 1)[1])
    cap = app.config["MAIL_CAP_RECEIPTS_PER_RECIPIENT_PER_DAY"]
    for n in range(cap):
        assert submit_again(auth, response_id, f"Version {n + 1}.", n).status_code == 302
    assert len(outbox_messages(outbox)) == cap
    over = submit_again(auth, response_id, "Ännu en version.", cap)
    assert over.status_code == 302
    receipt = auth.client.get(over.headers["Location"]).get_data(as_text=True)
    assert "inget skickas med e-post" in receipt and f"/svar/{response_id}/version/{cap + 1}.pdf" in receipt
    assert "Ett kvitto har skickats" not in receipt
    assert len(outbox_messages(outbox)) == cap
    db_session.expire_all()
    response = db_session.get(Response, response_id)
    assert response.status == ResponseStatus.SUBMITTED and len(response.submissions) == cap + 1
    # The receipts did not use up the address's allowance of mail others ask for.
    assert invite(auth, fjallby, "ny.kollega@fjallby.example").status_code == 302
    assert len(outbox_messages(outbox)) == cap + 1
    clock.shift(timedelta(days=1, minutes=1))
    auth.login_as(stakeholder)
    assert submit_again(auth, response_id, "Nästa dag.", cap + 1).status_code == 302
    assert len(outbox_messages(outbox)) == cap + 2


def test_an_admins_round_invitations_are_not_held_to_the_colleagues_cap(auth, db_session, round_, make_user, outbox):
    from consultation.remiss import Invitation

    organisations = [OrganisationFactory(name=f"Kommun {n}", email=f"registrator{n}@kommun.example") for n in range(25)]
    db_session.add_all(Invitation(round=round_, organisation=o) for o in organisations)
    db_session.commit()
    auth.login_as(make_user(Role.ADMIN))
    overview = f"/admin/rundor/{round_.id}"
    sent = auth.post(f"{overview}/skicka-inbjudningar", {}, form_url=overview)
    assert sent.status_code == 302
    assert len(outbox_messages(outbox)) == 25


def test_one_address_gets_at_most_three_round_mails_a_day(clock, auth, runner, db_session, round_, make_user, outbox):
    from consultation.remiss import Invitation
    from consultation.timezones import local_to_utc, local_today

    # One shared mailbox is the contact of four organisations (a registrator for several municipalities).
    shared = [OrganisationFactory(name=f"Delad {n}", email="registrator@delad.example") for n in range(4)]
    db_session.add_all(Invitation(round=round_, organisation=o) for o in shared)
    round_.closes_at = local_to_utc(local_today() + timedelta(days=5), time(23, 59))
    db_session.commit()
    auth.login_as(make_user(Role.ADMIN))
    overview = f"/admin/rundor/{round_.id}"
    sent = auth.post(f"{overview}/skicka-inbjudningar", {}, form_url=overview, follow_redirects=True)
    page = sent.get_data(as_text=True)
    assert len(outbox_messages(outbox)) == 3
    assert "redan har fått flera brev om remissrundor i dag: Delad 3" in page
    # The one held back stays unsent, and a reminder today would be a fourth mail: both wait.
    reminded = runner.invoke(args=["remiss", "remind", "--round", str(round_.id), "--days", "7"])
    assert (
        reminded.exit_code == 0 and "0 av 0" in reminded.output and "Väntar till en senare körning" in reminded.output
    )
    assert len(outbox_messages(outbox)) == 3
    # The next day the invitation goes out; the reminders too, within the cap.
    clock.shift(timedelta(days=1, minutes=1))
    auth.login_as(make_user(Role.ADMIN, email="admin2@example.se"))
    auth.post(f"{overview}/skicka-inbjudningar", {}, form_url=overview)
    assert len(outbox_messages(outbox)) == 4
    runner.invoke(args=["remiss", "remind", "--round", str(round_.id), "--days", "7"])
    assert len(outbox_messages(outbox)) == 6
