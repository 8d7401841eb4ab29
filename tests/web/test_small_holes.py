"""Small holes the outside probe found: a confirmation link that cannot be used, and server versions."""

from __future__ import annotations

import threading
import urllib.request
from datetime import UTC, datetime, timedelta

import gunicorn
from werkzeug.serving import make_server

from consultation.remiss import TokenPurpose, outreach


def test_an_unknown_confirmation_link_is_gone_like_a_used_one(client):
    page = client.get("/bekrafta/inte-en-riktig-lank")
    assert page.status_code == 410
    assert "Länken är ogiltig" in page.get_data(as_text=True)
    assert "Bekräfta och logga in" not in page.get_data(as_text=True)


def test_a_used_or_expired_confirmation_link_is_gone_before_the_button(client, db_session, make_user):
    pending = make_user(is_active=False, email="vantar@example.se")
    now = datetime.now(UTC)
    used = outreach.issue_token(db_session, TokenPurpose.CONFIRM_EMAIL, pending.email, now, user=pending)
    expired = outreach.issue_token(
        db_session, TokenPurpose.CONFIRM_EMAIL, pending.email, now - timedelta(days=3), user=pending
    )
    outreach.confirm_email(db_session, used, now)
    db_session.commit()
    assert "redan använts" in client.get(f"/bekrafta/{used}").get_data(as_text=True)
    assert client.get(f"/bekrafta/{used}").status_code == 410
    assert client.get(f"/bekrafta/{expired}").status_code == 410


def test_the_development_server_names_no_versions(app):
    server = make_server("127.0.0.1", 0, app, threaded=False)
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.port}/tillganglighet", timeout=10) as reply:
            header = reply.headers["Server"]
    finally:
        thread.join(timeout=10)
        server.server_close()
    assert header and not any(char.isdigit() for char in header), header
    assert "Werkzeug" not in header and "Python" not in header


def test_gunicorn_names_itself_without_a_version():
    # gunicorn writes `Server: <gunicorn.SERVER>`; the version is only in SERVER_SOFTWARE (the WSGI environ).
    assert gunicorn.SERVER == "gunicorn"
