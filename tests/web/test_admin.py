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


def test_admin_creates_a_user_who_chooses_a_password_through_a_link(client, auth, make_user, org, db_session, app):
    import re

    from app.mail import outbox_messages

    auth.login_as(make_user(Role.ADMIN))
    form = client.get("/admin/anvandare/ny").get_data(as_text=True)
    assert 'name="password"' not in form and "länk för att själv välja sitt lösenord" in form
    response = auth.post(
        "/admin/anvandare/ny",
        {
            "name": "Karin Berg",
            "email": "karin@example.se",
            "roles": ["stakeholder", "facilitator"],
            "organisation_ids": [str(org.id)],
            "password": "admin-vet-det-har",  # ignored: the admin never chooses it
            "is_active": "y",
            "password_hash": "injected",
            "id": "1",
        },
    )
    assert response.status_code == 302
    assert authenticate(db_session, "karin@example.se", "admin-vet-det-har") is None
    [mail] = [m for m in outbox_messages(app.config["MAIL_OUTBOX_DIR"]) if m["To"] == "karin@example.se"]
    link = re.search(r"http://localhost(/valj-losenord/\S+)", mail.get_content()).group(1)
    auth.logout()

    assert client.get(link).status_code == 200
    short = auth.post(link, {"password": "kort", "password_again": "kort"})
    assert short.status_code == 422 and "minst 10 tecken" in short.get_data(as_text=True)
    chosen = auth.post(link, {"password": "karins-eget-losenord", "password_again": "karins-eget-losenord"})
    assert chosen.status_code == 302
    assert "Karin Berg" in client.get("/start").get_data(as_text=True)  # signed in
    user = authenticate(db_session, "karin@example.se", "karins-eget-losenord")
    assert user is not None and user.roles == {Role.STAKEHOLDER, Role.FACILITATOR}
    assert [o.name for o in user.organisations] == ["Fjällby kommun"]
    auth.logout()
    assert client.get(link).status_code == 410  # once only


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


def test_a_pending_organisation_is_rejected_after_confirming(client, auth, make_user, db_session):
    from consultation.people import Membership

    registrant = make_user(Role.STAKEHOLDER, email="nora@example.se")
    bogus = OrganisationFactory(name="Inte en organisation", approved=False)
    db_session.add(Membership(user=registrant, organisation=bogus))
    db_session.commit()
    auth.login_as(make_user(Role.ADMIN))
    url = "/admin/organisationer/vantande"
    assert "Avvisa" in client.get(url).get_data(as_text=True)

    unconfirmed = auth.post(url, {"organisation_id": bogus.id, "action": "reject"})
    assert unconfirmed.status_code == 422 and "bekräfta" in unconfirmed.get_data(as_text=True)
    assert db_session.get(Organisation, bogus.id) is not None

    bogus_id = bogus.id
    done = auth.post(url, {"organisation_id": bogus_id, "action": "reject", "confirm_reject": "y"})
    assert done.status_code == 302
    db_session.expire_all()
    assert db_session.scalar(select(Organisation).where(Organisation.name == "Inte en organisation")) is None
    assert db_session.get(User, registrant.id).organisations == []  # the person keeps the account
    page = client.get(url).get_data(as_text=True)
    assert "Inte en organisation är avvisad" in page and "Godkänn Inte en organisation" not in page


def test_a_pending_organisation_with_a_response_is_merged_into_the_existing_one(
    client, auth, make_user, db_session, org, round_
):
    from datetime import UTC, datetime

    from consultation.people import Membership
    from consultation.remiss import Invitation, Response, responses
    from consultation.remiss.responses import CommentInput

    duplicate = OrganisationFactory(name="Fjällby kn", approved=False)
    nora = make_user(Role.STAKEHOLDER, email="nora@fjallby.example")
    db_session.add(Membership(user=nora, organisation=duplicate))
    db_session.flush()
    draft = responses.open_response(db_session, nora, round_.id, f"org-{duplicate.id}", datetime.now(UTC))
    responses.save_comments(db_session, nora, draft.id, [CommentInput(None, "Vårt utkast.")], datetime.now(UTC))
    db_session.commit()
    auth.login_as(make_user(Role.ADMIN))
    url = "/admin/organisationer/vantande"
    # Rejecting would lose the draft: refused, with the way out.
    refused = auth.post(url, {"organisation_id": duplicate.id, "action": "reject", "confirm_reject": "y"})
    assert refused.status_code == 422 and "Slå ihop den med en befintlig" in refused.get_data(as_text=True)

    duplicate_id = duplicate.id
    merged = auth.post(url, {"organisation_id": duplicate_id, "action": "merge", "into_id": org.id})
    assert merged.status_code == 302
    db_session.expire_all()
    assert db_session.get(Organisation, duplicate_id) is None
    assert db_session.get(User, nora.id).organisations == [org]
    response = db_session.get(Response, draft.id)
    assert response.organisation_id == org.id and response.comments[0].body == "Vårt utkast."

    # Both with a response to the same round: refused, nothing moved.
    twin = OrganisationFactory(name="Fjällby k:n", approved=False)
    db_session.add(Membership(user=nora, organisation=twin))
    db_session.add(Invitation(round=round_, organisation=twin))
    db_session.add(Invitation(round=round_, organisation=org))
    db_session.commit()
    clash = auth.post(url, {"organisation_id": twin.id, "action": "merge", "into_id": org.id})
    assert clash.status_code == 422 and "Ta bort dubbletten först" in clash.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Organisation, twin.id) is not None


@pytest.fixture
def register(db_session):
    return [
        OrganisationFactory(name="Östersunds kommun", municipality="Östersund", organisation_number="212000-2411"),
        OrganisationFactory(name="Åre kommun", municipality="Åre", email="kommun@are.se"),
        OrganisationFactory(
            name="Mittuniversitetet", municipality="Sundsvall", organisation_number="202100-2114", email="reg@miun.se"
        ),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("östersund", ["Östersunds kommun"]),  # any case, also outside A-Z (SQLite's lower() folds A-Z only)
        ("KOMMUN", ["Åre kommun", "Östersunds kommun"]),  # Swedish order: Å before Ö
        ("are.se", ["Åre kommun"]),  # e-mail
        ("2021002114", ["Mittuniversitetet"]),  # the number without its hyphen
        ("202100-2114", ["Mittuniversitetet"]),
        ("kommun sundsvall", []),  # every word must match
        ("<script>", []),
    ],
)
def test_the_admin_searches_the_register(client, auth, make_user, register, query, expected):
    auth.login_as(make_user(Role.ADMIN))
    page = client.get("/admin/organisationer", query_string={"q": query})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    shown = [name for name in ("Åre kommun", "Mittuniversitetet", "Östersunds kommun") if f">{name}</a>" in html]
    names = sorted(shown, key=lambda name: html.index(f">{name}</a>"))
    assert names == expected
    if not expected:
        assert "Inga träffar." in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_the_admin_searches_users_by_name_and_e_mail(client, auth, make_user):
    admin = make_user(Role.ADMIN, name="Sara Samordnare", email="sara@region.example")
    make_user(Role.STAKEHOLDER, name="Örjan Östlund", email="orjan@ostersund.se")
    make_user(Role.WORKING_GROUP, name="Greta Grupp", email="greta@region.example")
    auth.login_as(admin)
    html = client.get("/admin/anvandare", query_string={"q": "örjan"}).get_data(as_text=True)
    assert "Örjan Östlund" in html and "Greta Grupp" not in html
    assert "1 användare som matchar ”örjan”" in html
    html = client.get("/admin/anvandare", query_string={"q": "region.example"}).get_data(as_text=True)
    assert "Greta Grupp" in html and "Sara Samordnare" in html and "Örjan Östlund" not in html
    too_long = client.get("/admin/anvandare", query_string={"q": "x" * 201})
    assert too_long.status_code == 422 and "x" * 201 in too_long.get_data(as_text=True)
