"""The coordinator's register of organisations and users, and who may touch it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from consultation.people import Organisation, Role, User
from consultation.people.accounts import authenticate

from ..factories import OrganisationFactory

PAGES = [
    "/admin/organisationer",
    "/admin/organisationer/ny",
    "/admin/organisationer/{org}",
    "/admin/anvandare",
    "/admin/anvandare/ny",
    "/admin/anvandare/{user}",
    "/admin/organisationer/vantande",
]


@pytest.fixture
def org(db_session):
    return OrganisationFactory(name="Fjällby kommun")


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, org, make_user, page):
    user = make_user(Role.STAKEHOLDER)
    response = client.get(page.format(org=org.id, user=user.id))
    assert response.status_code == 302 and "/logga-in" in response.headers["Location"]


@pytest.mark.parametrize("role", [Role.STAKEHOLDER, Role.FACILITATOR, Role.WORKING_GROUP])
def test_other_roles_get_403_and_change_nothing(client, auth, org, make_user, db_session, role):
    user = make_user(role)
    auth.login_as(user)
    for page in PAGES:
        assert client.get(page.format(org=org.id, user=user.id)).status_code == 403, page
    token_page = "/start"
    response = auth.post(
        f"/admin/organisationer/{org.id}", {"name": "Kapad", "actor_type": "other"}, form_url=token_page
    )
    assert response.status_code == 403
    response = auth.post(
        f"/admin/anvandare/{user.id}", {"name": "X", "email": user.email, "roles": "admin"}, form_url=token_page
    )
    assert response.status_code == 403
    db_session.expire_all()
    assert db_session.get(Organisation, org.id).name == "Fjällby kommun"
    assert Role.ADMIN not in db_session.get(User, user.id).roles


def test_admin_sees_every_page(client, auth, org, make_user):
    admin = make_user(Role.ADMIN)
    auth.login_as(admin)
    for page in PAGES:
        assert client.get(page.format(org=org.id, user=admin.id)).status_code == 200, page


def test_admin_creates_an_organisation_in_the_browser(client, auth, make_user, db_session):
    auth.login_as(make_user(Role.ADMIN))
    response = auth.post(
        "/admin/organisationer/ny",
        {
            "name": "Åhamns kommun",
            "actor_type": "municipality",
            "municipality": "Åhamn",
            "organisation_number": "212000-9999",
            "email": "Reg@Ahamn.example",
        },
    )
    assert response.status_code == 302
    listing = client.get("/admin/organisationer").get_data(as_text=True)
    assert "Åhamns kommun" in listing and "reg@ahamn.example" in listing


def test_validation_errors_are_tied_to_fields_and_keep_the_input(client, auth, make_user, org):
    auth.login_as(make_user(Role.ADMIN))
    response = auth.post(
        "/admin/organisationer/ny",
        {
            "name": "FJÄLLBY KOMMUN",
            "actor_type": "municipality",
            "municipality": "Norrlid <b>",
            "organisation_number": "12345",
            "email": "inte-en-adress",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-describedby="organisation_number-hint organisation_number-error"' in html
    assert 'id="organisation_number-error"' in html and "tio siffror" in html
    assert 'id="name-error"' in html and "finns redan en organisation" in html
    assert 'aria-invalid="true"' in html
    assert 'value="Norrlid &lt;b&gt;"' in html and 'value="12345"' in html


def test_admin_creates_a_user_who_can_then_log_in(client, auth, make_user, org, db_session):
    auth.login_as(make_user(Role.ADMIN))
    response = auth.post(
        "/admin/anvandare/ny",
        {
            "name": "Karin Berg",
            "email": "karin@example.se",
            "roles": ["stakeholder", "facilitator"],
            "organisation_ids": [str(org.id)],
            "password": "ett-langt-losenord",
            "is_active": "y",
            "password_hash": "injected",
            "id": "1",
        },
    )
    assert response.status_code == 302
    user = authenticate(db_session, "karin@example.se", "ett-langt-losenord")
    assert user is not None and user.roles == {Role.STAKEHOLDER, Role.FACILITATOR}
    assert [o.name for o in user.organisations] == ["Fjällby kommun"]


def test_editing_a_user_without_password_keeps_it_and_replaces_roles(client, auth, make_user, org, db_session):
    auth.login_as(make_user(Role.ADMIN))
    user = make_user(Role.STAKEHOLDER, email="bo@example.se", name="Bo")
    response = auth.post(
        f"/admin/anvandare/{user.id}",
        {
            "name": "Bo Ek",
            "email": "bo@example.se",
            "roles": ["working_group"],
            "is_active": "y",
        },
    )
    assert response.status_code == 302
    db_session.expire_all()
    edited = authenticate(db_session, "bo@example.se", "ett-langt-testlosenord")
    assert edited is not None and edited.name == "Bo Ek" and edited.roles == {Role.WORKING_GROUP}


def test_flask_users_create_and_web_agree_on_rules(runner, db_session):
    result = runner.invoke(
        args=["users", "create", "--name", "X", "--email", "inte-en-adress", "--password", "ett-langt-losenord"]
    )
    assert result.exit_code != 0 and "giltig e-postadress" in result.output
    assert db_session.scalar(select(User).where(User.name == "X")) is None
