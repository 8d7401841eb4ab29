"""In a real browser, on the demo as `flask demo load` leaves it: the earlier strategy RUS 2030 shows its
whole story out of the box — adopted version, what the group did with each section, the changes with
the points behind them, and a respondent's own points with their positions."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.demo.loader import load_demo_data
from consultation.drafts import Process
from consultation.remiss import ConsultationRound

from ..conftest import PASSWORD
from .flows import check_page, database, log_in, log_out

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server) -> int:
    with database(live_server) as session:
        load_demo_data(session, PASSWORD)
        process = session.scalar(select(Process).where(Process.code == "RUS2030"))
        return session.scalars(select(ConsultationRound).where(ConsultationRound.process_id == process.id)).one().id


def test_the_earlier_process_shows_the_way_from_remiss_to_decision(page, live_server, demo):
    base = live_server.url
    page.goto(f"{base}/")
    page.get_by_role("link", name="Regional utvecklingsstrategi 2030").click()
    assert page.get_by_text("Antagen av Regionfullmäktige").is_visible()
    check_page(page, "earlier process page", "demo-earlier-process")

    page.get_by_role("link", name="Vi frågade, ni svarade, vi gjorde").click()
    page.get_by_role("heading", level=1, name="Vi frågade, ni svarade, vi gjorde", exact=False).wait_for()
    assert page.get_by_text("Avsnittet är borttaget i version 2.").is_visible()  # the merged målområde
    check_page(page, "earlier round's outcome", "demo-earlier-outcome")

    log_in(page, base, "arbetsgrupp@samrad.example")
    page.goto(f"{base}/process/RUS2030")
    page.get_by_role("link", name="Vad har ändrats sedan version 1?").click()
    page.get_by_text("7 avsnitt ändrade, 1 nytt, 1 borttaget").wait_for()
    reasons = page.get_by_text("Ändrat med anledning av")
    assert reasons.count() >= 4
    check_page(page, "comparison v1 to v2 with reasons", "demo-earlier-compare")
    log_out(page)

    log_in(page, base, "aktor@samrad.example")
    page.goto(f"{base}/remiss/{demo}")
    page.get_by_role("link", name="Öppna svaret").click()
    page.get_by_role("link", name="Se hur era synpunkter har hanterats").click()
    page.get_by_text("Genomförandet beskrivs som ett gemensamt ansvar", exact=False).wait_for()
    check_page(page, "Fjällby kommun's points and positions", "demo-earlier-feedback")
