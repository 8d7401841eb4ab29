"""An invitation link binds to the address it was sent to (the probe's "invitation hijack").

Signed out, the link makes an account for that address; signed in as that address, it joins;
signed in as anyone else, a page says why and nothing changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from consultation.people import Role, User
from consultation.remiss import AccountToken, outreach

from ..conftest import AuthActions


@pytest.fixture
def link(db_session, stakeholder, fjallby):
    """Anna of Fjällby invites a new person."""
    token = outreach.invite_colleague(
        db_session, stakeholder, fjallby.id, "ny.person@fjallby.example", datetime.now(UTC)
    )
    db_session.commit()
    return f"/inbjudan/{token}"


@pytest.fixture
def member_elsewhere(make_user):
    """Signed in as someone else: a working-group member who got hold of the link."""
    return make_user(Role.WORKING_GROUP, Role.STAKEHOLDER, email="gruppen@region.example", name="Greta Grupp")


def unused(db_session) -> bool:
    db_session.expire_all()
    token = db_session.scalar(select(AccountToken).where(AccountToken.email == "ny.person@fjallby.example"))
    return token.used_at is None and token.user_id is None


def test_signed_in_as_someone_else_the_link_explains_and_changes_nothing(
    client, auth, db_session, link, member_elsewhere, fjallby
):
    auth.login_as(member_elsewhere)
    page = client.get(link)
    html = page.get_data(as_text=True)
    assert page.status_code == 403
    assert "Inbjudan gäller en annan e-postadress" in html
    assert "ny.person@fjallby.example" in html and "gruppen@region.example" in html
    assert "Anslut mitt konto" not in html

    accepted = auth.post(link, {}, form_url="/start")
    assert accepted.status_code == 403
    db_session.expire_all()
    assert not db_session.get(User, member_elsewhere.id).is_member_of(fjallby.id)
    assert unused(db_session)
    assert client.get(f"/organisation/{fjallby.id}/bjud-in").status_code == 404


def test_the_service_refuses_another_signed_in_account_too(db_session, link, member_elsewhere):
    with pytest.raises(outreach.LinkForAnotherAddress):
        outreach.accept_link(db_session, link.rsplit("/", 1)[1], datetime.now(UTC), signed_in=member_elsewhere)
    assert unused(db_session)


def test_signed_in_as_the_invited_address_the_link_joins(client, auth, db_session, link, make_user, fjallby):
    invited = make_user(email="ny.person@fjallby.example", name="Nils Ny")
    auth.login_as(invited)
    assert "Anslut mitt konto" in client.get(link).get_data(as_text=True)
    assert auth.post(link, {}).status_code == 302
    db_session.expire_all()
    assert db_session.get(User, invited.id).is_member_of(fjallby.id)


def test_signed_out_the_link_makes_an_account_for_the_invited_address(app, db_session, link, fjallby):
    browser = AuthActions(app.test_client())
    created = browser.post(
        link, {"name": "Nils Ny", "password": "ett-langt-losenord", "password_again": "ett-langt-losenord"}
    )
    assert created.status_code == 302
    user = db_session.scalar(select(User).where(User.email == "ny.person@fjallby.example"))
    assert user.is_member_of(fjallby.id)
