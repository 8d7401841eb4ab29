"""The world the axe-core checks seed (axe_site.py) holds at any hour of the day. No browser: the seed runs on the
suite's database and the pages are sent through the test client, with the clock pinned late in the evening and
just after midnight, Stockholm time."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

import lxml.html
import pytest

from consultation.meetings import Meeting
from consultation.timezones import STOCKHOLM, to_local

from .axe_site import EMAILS, seed


def shown_values(html: str) -> dict[str, list[str]]:
    """What the page's main form sends if its button is pressed without typing anything."""
    values = defaultdict(list)
    for name, value in lxml.html.fromstring(html).xpath("//main//form")[0].form_values():
        values[name].append(value)
    return dict(values)


@pytest.mark.parametrize("hour, minute", [(23, 30), (0, 30)], ids=["23.30", "00.30"])
def test_the_axe_world_seeded_at_night_saves_its_meeting_unchanged(
    app, client, auth, db_session, time_machine, monkeypatch, tmp_path, hour, minute
):
    time_machine.move_to(datetime(2026, 11, 20, hour, minute, tzinfo=STOCKHOLM))
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path))
    site = seed(app)
    for meeting_id in (site.meeting, site.quiet_meeting):
        meeting = db_session.get(Meeting, meeting_id)
        assert to_local(meeting.starts_at).date() == to_local(meeting.ends_at).date()

    # test_previews_confirmations_and_error_pages_pass_axe: "facilitator: meeting saved (flash message)".
    assert auth.login(EMAILS["facilitator"]).status_code == 302
    edit = f"/dialogtraffar/{site.quiet_meeting}/andra"
    saved = auth.post(edit, {**shown_values(client.get(edit).get_data(as_text=True)), "title": "Verkstad om bostäder"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    assert saved.headers["Location"].endswith(f"/dialogtraffar/{site.quiet_meeting}/hantera")
