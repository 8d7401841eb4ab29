"""The PDF copy of a submitted response: read back as a PDF reader shows it, for who may read it only."""

from __future__ import annotations

from datetime import UTC, datetime

import pypdfium2
import pytest

from app.mail import outbox_messages
from consultation.people import Role
from consultation.remiss import responses
from consultation.remiss.responses import CommentInput
from consultation.timezones import to_local

from ..factories import OrganisationFactory

SWEDISH = "Vi vill se fler cykelvägar längs älven, året om. ÅÄÖ åäö é ü ß ø æ."
EXOTIC_NAME = "Łódź Ǧǰ Nguyễn Thị Đặng, Þórður Ægisson, Αλεξάνδρα Παπαδοπούλου, Юлия Соколова"
PAYLOAD = '<script>alert("x")</script> <img src=x onerror=alert(1)> {{ 7*7 }} &amp;'


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    # PDFium ends wrapped lines with CR LF; joining them back gives the text as typed.
    return " ".join(" ".join(pages).replace("\r\n", " ").replace("\n", " ").split())


@pytest.fixture
def exotic(make_user, db_session):
    organisation = OrganisationFactory(name=f"{EXOTIC_NAME} <b>AB</b>")
    return make_user(Role.STAKEHOLDER, organisations=[organisation], email="lodz@example.pl", name=EXOTIC_NAME)


def submit(db_session, user, round_, comments):
    owner = f"org-{user.organisations[0].id}"
    response = responses.open_response(db_session, user, round_.id, owner, datetime.now(UTC))
    responses.save_comments(db_session, user, response.id, comments, datetime.now(UTC))
    submission = responses.submit_response(db_session, user, response.id, datetime.now(UTC))
    db_session.commit()
    return response, submission


def test_the_pdf_holds_what_was_sent_as_plain_text(client, auth, db_session, open_round, exotic):
    section = open_round.version.sections[1]
    long_word = "Regionutvecklingsstrategiarbetsgruppsmötesprotokollsanteckningar" * 3
    response, submission = submit(
        db_session,
        exotic,
        open_round,
        [
            CommentInput(None, f"{SWEDISH}\n\nAndra stycket.\tMed tabb."),
            CommentInput(section.id, f"{PAYLOAD} {long_word}"),
        ],
    )
    auth.login_as(exotic)
    download = client.get(f"/svar/{response.id}/version/1.pdf")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["Cache-Control"] == "no-store"
    assert download.headers["Content-Disposition"] == f'attachment; filename="{response.reference}-version-1.pdf"'
    text = pdf_text(download.data)
    assert f"Remissvar {response.reference}" in text
    assert open_round.title in text
    assert f"{EXOTIC_NAME} <b>AB</b>" in text  # the organisation, its markup as typed
    assert "Version 1 av 1" in text
    local = to_local(submission.submitted_at)
    assert f"{local:%H:%M}" in text and str(local.year) in text
    assert SWEDISH in text and "Andra stycket. Med tabb." in text
    assert "Förslaget som helhet" in text and f"{section.number} {section.heading}" in text
    assert PAYLOAD in text
    # A word longer than the line is broken, not cut off.
    assert long_word in text.replace(" ", "")


def test_receipt_page_the_version_page_and_the_email_offer_the_pdf(
    client, auth, db_session, open_round, stakeholder, outbox
):
    auth.login_as(stakeholder)
    response = responses.open_response(
        db_session, stakeholder, open_round.id, f"org-{stakeholder.organisations[0].id}", datetime.now(UTC)
    )
    db_session.commit()
    edit_url = f"/svar/{response.id}"
    sent = auth.post(edit_url, {"comment-whole": "Synpunkt.", "action": "submit"}, form_url=edit_url)
    assert sent.status_code == 302, sent.get_data(as_text=True)
    link = f"/svar/{response.id}/version/1.pdf"
    receipt = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert link in receipt and f"Ett kvitto har skickats till {stakeholder.email}." in receipt
    assert link in client.get(f"/svar/{response.id}/version/1").get_data(as_text=True)
    (mail,) = outbox_messages(outbox)
    assert f"http://localhost{link}" in mail.get_content()
    assert client.get(link).status_code == 200


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("owner", 200), ("other", 404), ("working_group", 200), ("admin", 200), ("facilitator", 404)],
)
def test_only_who_may_read_the_response_gets_its_pdf(
    client, auth, db_session, open_round, stakeholder, outsider, make_user, who, expected
):
    response, _ = submit(db_session, stakeholder, open_round, [CommentInput(None, "Hemlig synpunkt.")])
    people = {
        "owner": stakeholder,
        "other": outsider,
        "working_group": make_user(Role.WORKING_GROUP),
        "admin": make_user(Role.ADMIN),
        "facilitator": make_user(Role.FACILITATOR),
    }
    db_session.commit()
    if who != "anonymous":
        auth.login_as(people[who])
    got = client.get(f"/svar/{response.id}/version/1.pdf")
    assert got.status_code == expected
    if expected != 200:
        assert b"Hemlig synpunkt" not in got.data


def test_a_version_that_was_never_sent_has_no_pdf(client, auth, db_session, open_round, stakeholder):
    response, _ = submit(db_session, stakeholder, open_round, [CommentInput(None, "Synpunkt.")])
    auth.login_as(stakeholder)
    assert client.get(f"/svar/{response.id}/version/2.pdf").status_code == 404
    draft = responses.open_response(db_session, stakeholder, open_round.id, "person", datetime.now(UTC))
    db_session.commit()
    assert client.get(f"/svar/{draft.id}/version/1.pdf").status_code == 404
