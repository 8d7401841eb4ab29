"""Caps on outgoing mail: the probe sent 25 colleague invitations to one address (with the sender's
200-character name in the subject) and 10 anonymous registrations, each of them mailed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.mail import outbox_messages
from consultation.people import Role

from ..conftest import AuthActions

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
