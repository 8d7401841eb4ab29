"""A stakeholder writes, saves, submits and revises a response, through the web pages."""

from __future__ import annotations

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
