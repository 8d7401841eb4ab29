"""Registration does not tell which addresses have accounts: the same answer for a known and an
unknown address, and the owner of an existing account gets an e-mail instead."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.mail import outbox_messages
from consultation.people import Role, User

from ..conftest import PASSWORD, AuthActions


def form(email: str, **extra) -> dict:
    return {
        "name": "Någon Annan",
        "email": email,
        "password": "ett-annat-langt-losenord",
        "password_again": "ett-annat-langt-losenord",
        "kind": "person",
        **extra,
    }


def answer(app, email: str, **extra):
    response = AuthActions(app.test_client()).post("/registrera", form(email, **extra))
    html = response.get_data(as_text=True).replace(email, "ADDRESS")
    return response.status_code, re.sub(r'name="csrf_token"[^>]*>', "", html)


@pytest.fixture
def owner(make_user):
    return make_user(Role.STAKEHOLDER, email="agare@example.se", name="Ägare Äldre")


def test_a_known_and_an_unknown_address_get_the_same_answer(app, round_, owner, outbox):
    known = answer(app, "agare@example.se")
    unknown = answer(app, "ny.person@example.se")
    assert known[0] == unknown[0] == 200
    assert known[1] == unknown[1]
    assert "Det finns redan ett konto" not in known[1]


def test_the_owner_is_told_by_mail_and_the_account_is_untouched(app, db_session, round_, owner, outbox):
    answer(app, "AGARE@example.se ")
    [mail] = outbox_messages(outbox)
    body = mail.get_content()
    assert mail["To"] == "agare@example.se"
    assert "redan ett konto" in mail["Subject"] and "Ägare Äldre" in body
    assert "http://localhost/logga-in" in body and "/bekrafta/" not in body
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(User).where(User.email == "agare@example.se")) == 1
    account = db_session.get(User, owner.id)
    assert account.name == "Ägare Äldre" and account.is_active
    assert AuthActions(app.test_client()).login("agare@example.se", PASSWORD).status_code == 302
    assert AuthActions(app.test_client()).login("agare@example.se", "ett-annat-langt-losenord").status_code == 422


def test_errors_in_the_form_are_shown_the_same_for_both(app, round_, owner):
    known = answer(app, "agare@example.se", password="kort", password_again="kort")
    unknown = answer(app, "ny.person@example.se", password="kort", password_again="kort")
    assert known[0] == unknown[0] == 422
    assert known[1] == unknown[1]


def test_registering_again_before_confirming_sends_a_new_link(app, db_session, round_, outbox):
    answer(app, "glomsk@example.se")
    answer(app, "glomsk@example.se")
    first, second = outbox_messages(outbox)
    links = [re.search(r"http://localhost(/bekrafta/\S+)", m.get_content()).group(1) for m in (first, second)]
    assert links[0] != links[1]
    assert db_session.scalar(select(func.count()).select_from(User).where(User.email == "glomsk@example.se")) == 1
    assert AuthActions(app.test_client()).post(links[1], {}).status_code == 302


def test_an_account_an_admin_turned_off_is_not_turned_on_by_registering(app, db_session, round_, make_user, outbox):
    turned_off = make_user(Role.STAKEHOLDER, email="avstangd@example.se", is_active=False)
    answer(app, "avstangd@example.se")
    [mail] = outbox_messages(outbox)
    assert "/bekrafta/" not in mail.get_content()
    db_session.expire_all()
    assert not db_session.get(User, turned_off.id).is_active


def test_registering_for_an_organisation_without_its_name_says_so_and_keeps_the_text(app, round_, db_session):
    client = app.test_client()
    data = {
        "name": "Nora",
        "email": "nora@example.se",
        "password": "ett-langt-losenord",
        "password_again": "ett-langt-losenord",
        "kind": "organisation",
        "organisation_name": "   ",
        "actor_type": "municipality",
    }
    page = AuthActions(client).post("/registrera", data)
    html = page.get_data(as_text=True)
    assert page.status_code == 422 and "Ange organisationens namn." in html and 'value="nora@example.se"' in html
    assert db_session.scalar(select(User).where(User.email == "nora@example.se")) is None
