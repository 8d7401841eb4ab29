"""A concurrency error that no service turned into a Conflict is still a page with the text kept, never a 500."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from consultation.people import Role
from consultation.remiss import Comment, comments

from ..factories import OrganisationFactory, ProcessFactory, add_draft, add_round

TEXT = "Kommunen tillstyrker <b>med</b> ändringar."


@pytest.fixture
def edit_url(db_session, auth, make_user):
    process = ProcessFactory(code="RUS2040")
    round_ = add_round(process, add_draft(process, sections=2))
    organisation = OrganisationFactory(name="Fjällby kommun")
    auth.login_as(make_user(Role.STAKEHOLDER, organisations=[organisation], email="anna@fjallby.example"))
    started = auth.post(
        f"/remiss/{round_.id}/svar", {"owner": f"org-{organisation.id}"}, form_url=f"/remiss/{round_.id}"
    )
    return started.headers["Location"]


def _locked() -> OperationalError:
    return OperationalError("UPDATE comment ...", {}, sqlite3.OperationalError("database is locked"))


@pytest.mark.parametrize(
    "error",
    [
        StaleDataError("UPDATE statement on table 'response' expected to update 1 row(s); 0 were matched."),
        IntegrityError("INSERT INTO comment ...", {}, Exception("duplicate key")),
    ],
    ids=["stale", "integrity"],
)
def test_a_concurrent_write_gives_the_conflict_page_with_the_text(auth, edit_url, monkeypatch, error):
    def clash(*args, **kwargs):
        raise error

    monkeypatch.setattr(comments, "flush_or_conflict", clash)
    answer = auth.post(edit_url, {"comment-whole": TEXT, "action": "submit"})
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "Någon annan hann före" in html
    assert "Kommunen tillstyrker &lt;b&gt;med&lt;/b&gt; ändringar." in html


def test_a_database_still_locked_after_the_retries_gives_a_busy_page_with_the_text(auth, edit_url, monkeypatch):
    def locked(*args, **kwargs):
        raise _locked()

    monkeypatch.setattr(comments, "flush_or_conflict", locked)
    answer = auth.post(edit_url, {"comment-whole": TEXT, "action": "save"})
    assert answer.status_code == 503
    assert answer.headers["Retry-After"]
    html = answer.get_data(as_text=True)
    assert "Det är många inne just nu" in html
    assert "Kommunen tillstyrker &lt;b&gt;med&lt;/b&gt; ändringar." in html


def test_a_write_that_met_the_lock_is_run_again_and_saved(auth, edit_url, monkeypatch, db_session, app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("only SQLite has one lock for the whole database; PostgreSQL waits on row locks")
    real = comments.flush_or_conflict
    calls = []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise _locked()
        return real(*args, **kwargs)

    monkeypatch.setattr(comments, "flush_or_conflict", locked_once)
    answer = auth.post(edit_url, {"comment-whole": TEXT, "action": "save"})
    assert answer.status_code == 302
    assert db_session.scalars(select(Comment.body)).all() == [TEXT]
