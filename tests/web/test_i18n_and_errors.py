"""Swedish by default, English on request; friendly error pages without tracebacks."""

from __future__ import annotations

from consultation.people import Role

from ..conftest import csrf_token


def test_swedish_by_default_english_when_chosen(client, db_session):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="sv">' in html and "Hoppa till innehållet" in html
    token = csrf_token(client, "/")
    assert client.post("/sprak", data={"locale": "en", "next": "/", "csrf_token": token}).status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="en">' in html and "Skip to content" in html and "Regional development strategies" in html


def test_a_signed_in_users_choice_is_kept_on_the_account(client, auth, make_user, db_session):
    user = make_user(Role.STAKEHOLDER)
    auth.login_as(user)
    auth.post("/sprak", {"locale": "en", "next": "/start"}, form_url="/start")
    db_session.refresh(user)
    assert user.locale == "en"


def test_error_pages_are_swedish_and_friendly(client, auth, make_user):
    assert "Sidan finns inte" in client.get("/finns-inte").get_data(as_text=True)
    assert "Det går inte att göra så" in client.get("/logga-ut").get_data(as_text=True)
    auth.login_as(make_user(Role.STAKEHOLDER))
    forbidden = client.get("/admin/anvandare")
    assert forbidden.status_code == 403 and "Du har inte behörighet" in forbidden.get_data(as_text=True)


def test_an_unexpected_error_shows_no_traceback(app):
    from app import create_app

    other = create_app(
        {
            "CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "PROPAGATE_EXCEPTIONS": False,
        }
    )

    @other.get("/krasch")
    def crash():
        raise RuntimeError("hemlig detalj i stacken")

    response = other.test_client().get("/krasch")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Något gick fel hos oss" in html
    assert "Traceback" not in html and "hemlig detalj" not in html


def test_english_dates_say_at_not_kl(client, db_session, clock, round_):
    """The process page shows when the round is open: "kl." in Swedish, "at" in English."""
    url = f"/process/{round_.process.code}"
    assert "kl." in client.get(url).get_data(as_text=True)
    token = csrf_token(client, "/")
    client.post("/sprak", data={"locale": "en", "next": "/", "csrf_token": token})
    html = client.get(url).get_data(as_text=True)
    assert "kl." not in html
    assert " at " in html and "June 2026" in html
