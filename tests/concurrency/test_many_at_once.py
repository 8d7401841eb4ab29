"""Many people at once on the same database: logins and saved comments, none of them an error.

On SQLite (the embedded default) a transaction that reads and then writes used to fail at once with
"database is locked" when another wrote meanwhile; these run the same requests side by side.
"""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from consultation.people import Role, User
from consultation.remiss import Comment

from ..conftest import PASSWORD, AuthActions, csrf_token
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
from .conftest import Together

PEOPLE = 8


def _people(app, with_round: bool = False):
    with app.app_context():
        round_id = None
        if with_round:
            process = ProcessFactory(code="RUS2040")
            round_id = add_round(process, add_draft(process, sections=3)).id
        people = []
        for index in range(PEOPLE):
            organisation = OrganisationFactory(name=f"Kommun {index}")
            user = UserFactory(roles=[Role.STAKEHOLDER], organisations=[organisation], email=f"p{index}@k.example")
            people.append((user.email, organisation.id))
        db.session.commit()
        db.session.remove()
    return round_id, people


def test_people_logging_in_at_the_same_moment_all_get_in(live_server):
    app = live_server
    _, people = _people(app)
    clients = [app.test_client() for _ in people]
    tokens = [csrf_token(client) for client in clients]

    def log_in(index: int):
        data = {"email": people[index][0], "password": PASSWORD, "csrf_token": tokens[index]}
        return clients[index].post("/logga-in", data=data).status_code

    assert Together(PEOPLE).run(log_in) == [302] * PEOPLE
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(User.last_login_at.is_not(None))) == PEOPLE


def test_people_saving_and_autosaving_comments_at_the_same_moment_all_have_them_stored(live_server):
    app = live_server
    round_id, people = _people(app, with_round=True)
    work = []
    for email, organisation_id in people:
        client = app.test_client()
        auth = AuthActions(client)
        assert auth.login(email).status_code == 302
        started = auth.post(
            f"/remiss/{round_id}/svar", {"owner": f"org-{organisation_id}"}, form_url=f"/remiss/{round_id}"
        )
        edit_url = started.headers["Location"]
        work.append((client, edit_url, csrf_token(client, edit_url), f"Synpunkt från {email}."))

    def save(index: int):
        client, edit_url, token, text = work[index]
        if index % 2:  # half press "Spara utkast", half are autosaved by the page's script
            return client.post(
                edit_url, data={"comment-whole": text, "action": "save", "csrf_token": token}
            ).status_code
        answer = client.post(f"{edit_url}/autospara", data={"comment-whole": text, "csrf_token": token})
        return answer.status_code if answer.get_json()["ok"] else -1

    statuses = Together(PEOPLE).run(save)

    assert statuses == [200 if i % 2 == 0 else 302 for i in range(PEOPLE)]
    with app.app_context():
        stored = set(db.session.scalars(select(Comment.body)))
    assert stored == {text for *_, text in work}
