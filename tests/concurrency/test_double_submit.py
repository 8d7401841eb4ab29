"""A double-clicked "Skicka in": two submits of the same response at the same moment are one submission."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from app.mail import outbox_messages
from consultation.audit import Action, AuditEvent
from consultation.people import Role
from consultation.remiss import Response, ResponseStatus, ResponseSubmission

from ..conftest import AuthActions, csrf_token
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
from .conftest import Together

PAIRS = 4  # responses double-submitted at once: eight requests in flight together


def _set_up(app) -> tuple[int, list[tuple[str, int]]]:
    """An open round and PAIRS stakeholders, each in an organisation of their own."""
    with app.app_context():
        process = ProcessFactory(code="RUS2040")
        round_ = add_round(process, add_draft(process, sections=2))
        people = []
        for index in range(PAIRS):
            organisation = OrganisationFactory(name=f"Kommun {index}")
            user = UserFactory(roles=[Role.STAKEHOLDER], organisations=[organisation], email=f"aktor{index}@k.example")
            people.append((user.email, organisation.id))
        db.session.commit()
        ids = round_.id, people
        db.session.remove()
    return ids


def _browser(app, email: str):
    client = app.test_client()
    auth = AuthActions(client)
    assert auth.login(email).status_code == 302
    return client, auth


def _open_response(app, round_id: int, email: str, organisation_id: int) -> str:
    _, auth = _browser(app, email)
    started = auth.post(f"/remiss/{round_id}/svar", {"owner": f"org-{organisation_id}"}, form_url=f"/remiss/{round_id}")
    assert started.status_code == 302
    return started.headers["Location"]


def test_a_double_clicked_submit_is_one_submission_with_one_receipt(live_server):
    app = live_server
    round_id, people = _set_up(app)
    edit_urls = [_open_response(app, round_id, email, organisation_id) for email, organisation_id in people]
    # Two requests per response, as a double click sends them: the same form, the same text, twice.
    posts = []
    for (email, _), edit_url in zip(people, edit_urls, strict=True):
        text = f"Synpunkt från {email}: tillstyrker med ändringar."
        for _click in range(2):
            client, _auth = _browser(app, email)
            posts.append((client, edit_url, text, csrf_token(client, edit_url)))

    def submit(index: int):
        client, edit_url, text, token = posts[index]
        answer = client.post(edit_url, data={"comment-whole": text, "action": "submit", "csrf_token": token})
        return answer.status_code, answer.headers.get("Location", ""), answer.get_data(as_text=True)

    answers = Together(len(posts)).run(submit)

    assert [status for status, _, _ in answers] == [302] * len(posts), [body[:300] for _, _, body in answers]
    assert all(location.endswith("/kvitto") for _, location, _ in answers)
    with app.app_context():
        for (email, organisation_id), (_, _, text, _) in zip(people, posts[::2], strict=True):
            response = db.session.scalar(select(Response).where(Response.organisation_id == organisation_id))
            assert response.status == ResponseStatus.SUBMITTED
            assert [s.snapshot[0]["body"] for s in response.submissions] == [text], email
            assert response.comments[0].submitted_body == text
        assert db.session.scalar(select(func.count()).select_from(ResponseSubmission)) == PAIRS
        submitted_events = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == str(Action.RESPONSE_SUBMITTED))
        )
        assert submitted_events == PAIRS
        references = db.session.scalars(select(Response.reference).order_by(Response.reference)).all()
        assert len(set(references)) == PAIRS
    # One receipt per response, not one per click.
    assert len(outbox_messages(app.config["MAIL_OUTBOX_DIR"])) == PAIRS


def test_both_clicks_are_answered_with_the_same_receipt(live_server):
    app = live_server
    round_id, people = _set_up(app)
    email, organisation_id = people[0]
    edit_url = _open_response(app, round_id, email, organisation_id)
    clients = [_browser(app, email)[0] for _ in range(2)]
    tokens = [csrf_token(client, edit_url) for client in clients]

    def submit(index: int):
        data = {"comment-whole": "Samma text två gånger.", "action": "submit", "csrf_token": tokens[index]}
        return clients[index].post(edit_url, data=data, follow_redirects=True)

    pages = Together(2).run(submit)

    assert [page.status_code for page in pages] == [200, 200]
    with app.app_context():
        reference = db.session.scalar(select(Response.reference))
    for page in pages:
        html = page.get_data(as_text=True)
        assert reference in html
        assert "<dt>Version</dt><dd>1</dd>" in html  # the first submission's receipt, not a second version
