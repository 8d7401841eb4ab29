"""Links in e-mail come from the configured base URL, and unknown Host headers are refused (the probe's
registration with `Host: evil.example`)."""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.mail import outbox_messages
from consultation.people import Role

from ..conftest import csrf_token
from ..factories import OrganisationFactory

REGISTRATION = {
    "name": "Nora",
    "email": "nora@example.se",
    "password": "ett-langt-losenord",
    "password_again": "ett-langt-losenord",
    "kind": "person",
}


@pytest.fixture
def configured(app, monkeypatch):
    monkeypatch.setitem(app.config, "BASE_URL", "https://samrad.region.example/remiss")
    return app


def links_in(outbox) -> list[str]:
    return [link for mail in outbox_messages(outbox) for link in re.findall(r"\S+://\S+", mail.get_content())]


def test_a_registration_with_a_forged_host_gets_a_link_to_the_real_site(configured, round_, outbox):
    client = configured.test_client()
    client.environ_base["HTTP_HOST"] = "evil.example"
    token = csrf_token(client, "/registrera")
    response = client.post("/registrera", data={**REGISTRATION, "csrf_token": token})
    assert response.status_code == 200
    [link] = links_in(outbox)
    assert link.startswith("https://samrad.region.example/remiss/bekrafta/"), link
    assert "evil.example" not in link


def test_a_colleague_invitation_links_to_the_real_site(configured, client, auth, make_user, db_session, outbox):
    org = OrganisationFactory(name="Fjällby kommun")
    client.environ_base["HTTP_HOST"] = "evil.example"
    auth.login_as(make_user(Role.STAKEHOLDER, organisations=[org]))
    sent = auth.post(f"/organisation/{org.id}/bjud-in", {"email": "ny@fjallby.example"})
    assert sent.status_code == 302
    [link] = links_in(outbox)
    assert link.startswith("https://samrad.region.example/remiss/inbjudan/"), link


@pytest.fixture
def strict_app(tmp_path):
    app = create_app(
        {
            "CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'hosts.sqlite3'}",
            "TRUSTED_HOSTS": ["samrad.region.example"],
        }
    )
    yield app


def test_an_unknown_host_header_is_refused_in_swedish(strict_app):
    client = strict_app.test_client()
    refused = client.get("/om-tjansten", headers={"Host": "evil.example"})
    assert refused.status_code == 400
    assert "Begäran kunde inte tas emot" in refused.get_data(as_text=True)
    refused_post = client.post("/logga-in", data={"email": "a@b.se"}, headers={"Host": "evil.example"})
    assert refused_post.status_code == 400
    assert client.get("/om-tjansten", headers={"Host": "samrad.region.example"}).status_code == 200


def test_production_needs_an_https_base_url_and_trusts_only_its_host(monkeypatch):
    import importlib

    import config

    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    monkeypatch.delenv("SAMRAD_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SAMRAD_BASE_URL"):
        create_app("production")
    monkeypatch.setenv("SAMRAD_BASE_URL", "http://samrad.region.example")
    with pytest.raises(RuntimeError, match="SAMRAD_BASE_URL"):
        create_app("production")
    monkeypatch.setenv("SAMRAD_BASE_URL", "https://samrad.region.example")
    importlib.reload(config)
    try:
        app = create_app("production")
        assert app.config["BASE_URL"] == "https://samrad.region.example"
        assert app.config["TRUSTED_HOSTS"] == ["samrad.region.example"]
    finally:
        monkeypatch.undo()
        importlib.reload(config)
