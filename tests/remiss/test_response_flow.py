"""A stakeholder writes, saves, submits and revises a response, through the web pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.mail import outbox_messages
from consultation.people import Role
from consultation.remiss import Response, ResponseStatus

from ..conftest import ORDINARY_NOON
from ..factories import OrganisationFactory, ProcessFactory, add_draft, add_round


@pytest.fixture
def open_round(db_session):
    process = ProcessFactory(code="RUS2040")
    version = add_draft(process, sections=3)
    return add_round(process, version)


@pytest.fixture
def stakeholder(make_user, db_session):
    org = OrganisationFactory(name="Fjällby kommun")
    return make_user(Role.STAKEHOLDER, organisations=[org], email="anna@fjallby.example", name="Anna")


def start_response(auth, round_, owner_key):
    response = auth.post(f"/remiss/{round_.id}/svar", {"owner": owner_key}, form_url=f"/remiss/{round_.id}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def test_write_save_submit_and_get_a_receipt(clock, client, auth, open_round, stakeholder, app, db_session):
    auth.login_as(stakeholder)
    org = stakeholder.organisations[0]
    edit_url = start_response(auth, open_round, f"org-{org.id}")
    sections = open_round.version.sections

    saved = auth.post(
        edit_url,
        {
            f"comment-{sections[0].id}": "Kommunen tillstyrker.\r\n\r\nMen vill framhålla landsbygden.",
            "comment-whole": "Ett bra förslag i stort.",
            "action": "save",
        },
    )
    assert saved.status_code == 302
    page = client.get(edit_url).get_data(as_text=True)
    assert "Kommunen tillstyrker.\n\nMen vill framhålla landsbygden." in page

    submitted = auth.post(
        edit_url,
        {
            f"comment-{sections[0].id}": "Kommunen tillstyrker.\n\nMen vill framhålla landsbygden.",
            f"revision-{sections[0].id}": "1",
            "comment-whole": "Ett bra förslag i stort.",
            "revision-whole": "1",
            "action": "submit",
        },
    )
    assert submitted.status_code == 302, submitted.get_data(as_text=True)
    receipt = client.get(submitted.headers["Location"]).get_data(as_text=True)
    response = db_session.scalar(select(Response))
    assert response.status == ResponseStatus.SUBMITTED
    assert response.reference == f"RUS2040-{ORDINARY_NOON.year}-0001"  # not the real clock's: it can turn
    assert response.reference in receipt

    mails = outbox_messages(app.config["MAIL_OUTBOX_DIR"])
    assert any(response.reference in m["Subject"] and m["To"] == "anna@fjallby.example" for m in mails)


def test_late_submission_is_refused_and_the_text_comes_back(client, auth, open_round, stakeholder, db_session):
    auth.login_as(stakeholder)
    org = stakeholder.organisations[0]
    edit_url = start_response(auth, open_round, f"org-{org.id}")
    open_round.closes_at = datetime.now(UTC) - timedelta(seconds=1)
    db_session.flush()
    text = "Vår synpunkt <script>alert(1)</script> skrevs i två timmar."
    late = auth.post(edit_url, {"comment-whole": text, "action": "submit"}, form_url=edit_url)
    assert late.status_code == 409
    html = late.get_data(as_text=True)
    assert "Vår synpunkt &lt;script&gt;alert(1)&lt;/script&gt; skrevs i två timmar." in html
    assert "<script>alert(1)" not in html
    assert db_session.scalar(select(Response)).status == ResponseStatus.DRAFT


def _field(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1)


def test_submitting_asks_for_confirmation_and_shows_what_is_sent(client, auth, open_round, stakeholder, db_session):
    auth.login_as(stakeholder)
    edit_url = start_response(auth, open_round, f"org-{stakeholder.organisations[0].id}")
    page = client.get(edit_url).get_data(as_text=True)
    assert 'name="action" value="review"' in page and 'value="submit"' not in page

    review = auth.post(edit_url, {"comment-whole": "Vi tillstyrker <b>förslaget</b>.", "action": "review"})
    assert review.status_code == 200
    html = review.get_data(as_text=True)
    assert "Skicka in remissvaret?" in html and "Vi tillstyrker &lt;b&gt;förslaget&lt;/b&gt;." in html
    assert "allmän handling" in html and "1 synpunkt skickas in" in html
    response = db_session.scalar(select(Response))
    assert response.status == ResponseStatus.DRAFT  # saved as a draft, not sent
    assert response.comments[0].body == "Vi tillstyrker <b>förslaget</b>."

    confirmed = auth.post(edit_url, {"action": "submit", "reviewed": _field(html, "reviewed")}, form_url=edit_url)
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith("/kvitto")
    db_session.expire_all()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.submissions[-1].snapshot[0]["body"] == "Vi tillstyrker <b>förslaget</b>."


def test_an_empty_response_is_refused_at_the_confirmation_step(client, auth, open_round, stakeholder, db_session):
    auth.login_as(stakeholder)
    edit_url = start_response(auth, open_round, f"org-{stakeholder.organisations[0].id}")
    refused = auth.post(edit_url, {"comment-whole": "", "action": "review"})
    assert refused.status_code == 422
    assert "Svaret är tomt" in refused.get_data(as_text=True)


def test_a_colleagues_change_after_the_confirmation_page_is_shown_again(
    client, auth, open_round, stakeholder, db_session
):
    from consultation.remiss import responses
    from consultation.remiss.responses import CommentInput

    auth.login_as(stakeholder)
    edit_url = start_response(auth, open_round, f"org-{stakeholder.organisations[0].id}")
    html = auth.post(edit_url, {"comment-whole": "Första texten.", "action": "review"}).get_data(as_text=True)
    response = db_session.scalar(select(Response))
    # Meanwhile (in another tab, or a colleague) the text changes under the confirmation page.
    responses.save_comments(
        db_session, stakeholder, response.id, [CommentInput(None, "Kollegans text.", 1)], datetime.now(UTC)
    )
    db_session.commit()
    again = auth.post(edit_url, {"action": "submit", "reviewed": _field(html, "reviewed")}, form_url=edit_url)
    assert again.status_code == 409
    assert "Svaret har ändrats" in again.get_data(as_text=True) and "Kollegans text." in again.get_data(as_text=True)
    db_session.expire_all()
    assert response.status == ResponseStatus.DRAFT


def test_withdrawing_asks_for_confirmation_first(client, auth, open_round, stakeholder, db_session):
    auth.login_as(stakeholder)
    edit_url = start_response(auth, open_round, f"org-{stakeholder.organisations[0].id}")
    html = auth.post(edit_url, {"comment-whole": "Text.", "action": "review"}).get_data(as_text=True)
    auth.post(edit_url, {"action": "submit", "reviewed": _field(html, "reviewed")}, form_url=edit_url)
    withdraw_url = edit_url + "/aterkalla"
    page = client.get(edit_url).get_data(as_text=True)
    assert f'href="{withdraw_url}"' in page and f'action="{withdraw_url}"' not in page

    confirm = client.get(withdraw_url)
    assert confirm.status_code == 200
    assert "Återkalla remissvaret?" in confirm.get_data(as_text=True)
    response = db_session.scalar(select(Response))
    assert response.status == ResponseStatus.SUBMITTED  # only asked, nothing done

    done = auth.post(withdraw_url, {}, form_url=withdraw_url)
    assert done.status_code == 302
    db_session.expire_all()
    assert response.status == ResponseStatus.WITHDRAWN
    # A response that is not submitted has nothing to withdraw: back to the response.
    assert client.get(withdraw_url).status_code == 302
