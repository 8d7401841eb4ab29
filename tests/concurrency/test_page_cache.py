"""Kept pages (app/page_cache.py): a page read again is served without being built, and never once
anything was written, for somebody else, in another language, or with a token that is not the reader's.

On a committed database of its own (live_server): the suite's per-test rollback would take the
change counter back with the data, so there the cache steps aside, as it does for any connection
that has written in its open transaction.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, select

from app.extensions import db
from consultation import meetings
from consultation.drafts import Process, processes
from consultation.people import Role
from consultation.people.access import SYSTEM

from ..conftest import CSRF_INPUT, AuthActions
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
from ..meetings.conftest import meeting_data


def _set_up(app) -> int:
    with app.app_context():
        process = ProcessFactory(code="RUS2040", title="Regional utvecklingsstrategi 2040")
        add_draft(process, sections=2)
        organisation = OrganisationFactory(name="Fjällby kommun")
        UserFactory(roles=[Role.STAKEHOLDER], organisations=[organisation], email="anna@k.example", name="Anna Ek")
        UserFactory(roles=[Role.STAKEHOLDER], organisations=[organisation], email="bo@k.example", name="Bo Lind")
        db.session.flush()
        meeting = meetings.save_meeting(db.session, SYSTEM, process.id, meeting_data(title="Dialogträff om kompetens"))
        db.session.commit()
        meeting_id = meeting.id
        db.session.remove()
    return meeting_id


@contextmanager
def _statements(app):
    """The SQL statements the requests inside send."""
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _signed_in(app, email: str):
    client = app.test_client()
    assert AuthActions(client).login(email).status_code == 302
    return client


def _token(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


def test_a_page_read_again_is_served_kept_until_something_is_written(live_server):
    app = live_server
    meeting_id = _set_up(app)
    anna = _signed_in(app, "anna@k.example")
    page = f"/dialogtraffar/{meeting_id}"

    first = anna.get(page).get_data(as_text=True)
    with _statements(app) as seen:
        again = anna.get(page)
    assert again.status_code == 200
    assert "Dialogträff om kompetens" in again.get_data(as_text=True)
    assert len(seen) <= 3, seen  # the reader and the change counter; the meeting page itself is not built
    assert again.get_data(as_text=True).replace(_token(again.get_data(as_text=True)), "") == first.replace(
        _token(first), ""
    )

    # A write through the web (Anna signs up) shows at once, with its message, then without it.
    signed_up = anna.post(
        f"/dialogtraffar/{meeting_id}/anmalan", data={"csrf_token": _token(first), "organisation_id": ""}
    )
    assert signed_up.status_code == 302
    assert "Ta bort min anmälan" not in first
    after = anna.get(page).get_data(as_text=True)
    assert 'class="flash flash-success">Du är anmäld.' in after
    assert "Ta bort min anmälan" in after
    later = anna.get(page).get_data(as_text=True)
    assert "flash-success" not in later
    assert "Ta bort min anmälan" in later

    # A write from outside any request (a background job, another worker) ends the kept page too.
    with app.app_context():
        found = meetings.get_meeting(db.session, SYSTEM, meeting_id)
        found.title = "Dialogträff om kompetens och bostäder"
        db.session.commit()
    assert "Dialogträff om kompetens och bostäder" in anna.get(page).get_data(as_text=True)


def test_nobody_is_served_a_page_kept_for_somebody_else(live_server):
    app = live_server
    meeting_id = _set_up(app)
    page = f"/dialogtraffar/{meeting_id}"
    anna, bo, visitor = _signed_in(app, "anna@k.example"), _signed_in(app, "bo@k.example"), app.test_client()
    for _ in range(2):
        assert "Inloggad som Anna Ek" in anna.get(page).get_data(as_text=True)
        bo_page = bo.get(page).get_data(as_text=True)
        assert "Inloggad som Bo Lind" in bo_page
        assert "Anna Ek" not in bo_page
        public = visitor.get(page).get_data(as_text=True)
        assert "Inloggad som" not in public
        assert "Logga in" in public


def test_a_kept_page_carries_the_readers_own_token_and_language(live_server):
    app = live_server
    _set_up(app)
    first, second = app.test_client(), app.test_client()
    page = "/process/RUS2040"
    first_html = first.get(page).get_data(as_text=True)
    second_html = second.get(page).get_data(as_text=True)  # kept: built for the first visitor
    assert "Regional utvecklingsstrategi 2040" in second_html
    assert _token(second_html) != _token(first_html)
    assert "\x00" not in second_html

    # The second visitor's token works: the language switch on the kept page is accepted.
    switched = second.post("/sprak", data={"csrf_token": _token(second_html), "locale": "en", "next": page})
    assert switched.status_code == 302
    english = second.get(page).get_data(as_text=True)
    assert '<html lang="en">' in english
    assert '<html lang="sv">' in first.get(page).get_data(as_text=True)


def test_the_cache_can_be_turned_off(live_server):
    app = live_server
    meeting_id = _set_up(app)
    app.config["PAGE_CACHE_SECONDS"] = 0
    visitor = app.test_client()
    visitor.get(f"/dialogtraffar/{meeting_id}")
    with _statements(app) as seen:
        assert visitor.get(f"/dialogtraffar/{meeting_id}").status_code == 200
    assert len(seen) > 3


def test_a_round_page_kept_before_the_deadline_is_not_served_after_it(live_server):
    app = live_server
    _set_up(app)
    with app.app_context():
        process = db.session.scalar(select(Process).where(Process.code == "RUS2040"))
        closes_at = datetime.now(UTC) + timedelta(seconds=2)
        round_id = add_round(process, processes.current_version(process), closes_at=closes_at).id
        db.session.commit()
        db.session.remove()
    anna = _signed_in(app, "anna@k.example")
    page = f"/remiss/{round_id}"
    assert "har stängt" not in anna.get(page).get_data(as_text=True)
    with _statements(app) as seen:
        assert "har stängt" not in anna.get(page).get_data(as_text=True)
    assert len(seen) <= 3  # kept
    time.sleep(max(0.0, (closes_at - datetime.now(UTC)).total_seconds()) + 0.2)
    assert "Remissrundan har stängt och tar inte längre emot svar." in anna.get(page).get_data(as_text=True)
