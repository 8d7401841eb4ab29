"""The analysis runs in a worker thread: the request that starts it returns at once, the page follows it."""

from __future__ import annotations

import time

import pytest
from flask_migrate import upgrade

from app import create_app
from app.extensions import db
from consultation.review import AnalysisRun, RunStatus

from ..conftest import AuthActions, csrf_token, reset_database
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
from .conftest import HOUSING, SKILLS, TRANSPORT, submitted_response


@pytest.fixture
def live_server(tmp_path):
    """An app on its own committed SQLite database (the per-test rollback stays out of the way)."""
    app = create_app(
        {
            "CONFIG": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'bg.sqlite3'}",
            "JOBS_TRANSPORT": "thread",
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),
        }
    )
    with app.app_context():
        reset_database(db.engine)
        upgrade()
        process = ProcessFactory(code="RUS2040")
        version = add_draft(process, sections=3)
        round_ = add_round(process, version)
        member = UserFactory(roles=["working_group"], email="grupp@region.example")
        author = UserFactory(roles=["stakeholder"], email="aktor@kommun.example")
        for section, texts in zip(version.sections, (TRANSPORT, SKILLS, HOUSING), strict=True):
            for text in texts:
                submitted_response(round_, OrganisationFactory(), {section: text}, author=author)
        db.session.commit()
        ids = {"round": round_.id, "member": member.email}
        db.session.remove()
    yield app, ids
    with app.app_context():
        db.engine.dispose()


def test_the_request_returns_at_once_and_the_worker_finishes_the_run(live_server):
    app, ids = live_server
    client = app.test_client()
    auth = AuthActions(client)
    assert auth.login(ids["member"]).status_code == 302
    url = f"/arbetsgrupp/rundor/{ids['round']}/analys"
    started = time.monotonic()
    response = client.post(url, data={"csrf_token": csrf_token(client, url), "include_notes": "y"})
    answered_in = time.monotonic() - started
    assert response.status_code == 302
    run_url = response.headers["Location"]
    status_url = run_url + "/status"
    deadline = time.monotonic() + 180
    status = client.get(status_url).get_json()
    while not status["finished"] and time.monotonic() < deadline:
        time.sleep(0.5)
        status = client.get(status_url).get_json()
    assert status["status"] == "done", status
    # The request did not wait for the analysis (which embeds, clusters and labels 14 texts).
    with app.app_context():
        run = db.session.scalars(db.select(AnalysisRun)).one()
        assert run.status == RunStatus.DONE and run.item_count == 14
        assert answered_in < sum(run.timings.values()) + 0.5
        db.session.remove()
    assert "Teman i remissvaren" in client.get(run_url).get_data(as_text=True)
