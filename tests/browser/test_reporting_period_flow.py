"""In a real browser: the coordinator opens a reporting period, an owner organisation reports on all its insatser
on the one page its e-mail links to (one submit), the completeness view shows who is missing, and one click
sends them a reminder; published, the goal-area page and the annual Word report show the report."""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest
from docx import Document as WordDocument

from consultation.drafts.adoption import Decision, adopt_version
from consultation.followup import initiatives
from consultation.followup.initiatives import IndicatorData, InitiativeData
from consultation.people.access import SYSTEM
from consultation.timezones import local_today

from ..factories import OrganisationFactory, UserFactory
from .flows import check_page, database, log_in, log_out, outbox, seed_process

pytestmark = pytest.mark.browser


def mails_to(live_server, address: str, count: int = 1, seconds: float = 20) -> list:
    """The live server's mails to one address, waited for: its jobs run on a worker thread."""
    deadline = time.monotonic() + seconds
    while True:
        found = [m for m in outbox(live_server) if m["To"] == address]
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_coordinator_opens_a_period_an_owner_reports_and_the_missing_are_reminded(live_server, page):
    base = live_server.url
    with database(live_server) as session:
        _process, version = seed_process()
        adopt_version(session, SYSTEM, version.id, Decision("Regionfullmäktige", local_today(), "§ 40"), local_today())
        fjallby = OrganisationFactory(name="Fjällby kommun", email="registrator@fjallby.example")
        dalbo = OrganisationFactory(name="Dalbo kommun", email="registrator@dalbo.example")
        UserFactory(roles=["admin"], email="samordnare@region.example", name="Sam Samordnare")
        UserFactory(roles=["stakeholder"], organisations=[fjallby], email="anna@fjallby.example", name="Anna")
        goal_area = sorted(version.sections, key=lambda s: s.position)[0]
        for title, owner, indicator in [
            ("Kompetenslyft", fjallby, [IndicatorData("Utbildade", "personer", 0, 400)]),
            ("Företagslots", fjallby, []),
            ("Vägbygge", dalbo, []),
        ]:
            initiatives.create_initiative(
                session,
                SYSTEM,
                "RUS2040",
                InitiativeData(
                    title=title,
                    organisation_id=owner.id,
                    section_ids=[goal_area.id],
                    status="ongoing",
                    progress=10,
                    indicators=indicator,
                ),
                datetime.now(UTC),
            )

    log_in(page, base, "samordnare@region.example")
    page.goto(f"{base}/process/RUS2040/uppfoljning")
    page.get_by_role("link", name="Uppföljningsperioder").click()
    page.get_by_label("Namn").fill("Uppföljning 2027, våren")
    page.get_by_label("Sista dag att rapportera").fill((local_today() + timedelta(days=30)).isoformat())
    page.get_by_label("Påminnelser, dagar före sista dagen").fill("7, 2")
    check_page(page, "samordnare: öppna uppföljningsperiod")
    page.get_by_role("button", name="Öppna perioden och skicka e-post").click()
    page.get_by_text("Perioden Uppföljning 2027, våren är öppnad.").wait_for()
    log_out(page)

    opening = mails_to(live_server, "registrator@fjallby.example")
    assert len(opening) == 1 and "Dags att rapportera" in opening[0]["Subject"]
    link = re.search(r"https?://\S+/rapport/\d+", opening[0].get_content()).group(0)
    assert len(mails_to(live_server, "registrator@dalbo.example")) == 1

    log_in(page, base, "anna@fjallby.example")
    page.goto(base + urlsplit(link).path)
    page.get_by_role("heading", level=1, name="Fjällby kommun: Uppföljning 2027, våren").wait_for()
    assert page.locator("fieldset.report-line").count() == 2  # both of its insatser, on one page
    assert page.get_by_text("Vägbygge").count() == 0  # another organisation's insats is not here
    lift = page.locator("fieldset.report-line", has_text="Kompetenslyft")
    lift.get_by_label("Status").select_option(label="Genomförd")
    lift.get_by_label("Framsteg i procent").fill("100")
    lift.get_by_label("Utbildade (personer)").fill("412,5")
    lift.get_by_label("Kort kommentar").fill("Alla kurser är genomförda.")
    lots = page.locator("fieldset.report-line", has_text="Företagslots")
    lots.get_by_label("Framsteg i procent").fill("55")
    page.get_by_role("button", name="Skicka in", exact=True).click()
    page.get_by_text("Tack! Rapporten för Fjällby kommun är inskickad.").wait_for()
    # Checked once submitted (the same page): with the check (axe, then full-page screenshots at 1280 and
    # 320 px) run just before it, Playwright's click on "Skicka in" fired no submit event in headless
    # Chromium, while a script's click did. Not understood yet; the page is checked here instead.
    check_page(page, "aktör: rapport för en uppföljningsperiod, inskickad", "uppfoljning-rapport")
    assert page.locator("fieldset.report-line", has_text="Kompetenslyft").get_by_label(
        "Kort kommentar"
    ).input_value() == ("Alla kurser är genomförda.")
    log_out(page)

    log_in(page, base, "samordnare@region.example")
    page.goto(f"{base}/process/RUS2040/uppfoljning")
    page.get_by_role("link", name="Uppföljningsperioder").click()
    page.get_by_role("link", name="Uppföljning 2027, våren").click()
    page.get_by_text("1 av 2 organisationer").wait_for()
    rows = page.locator("table", has=page.get_by_text("Organisationer, de som saknas först")).locator("tbody tr")
    assert "Dalbo kommun" in rows.nth(0).inner_text() and "Inte påbörjad" in rows.nth(0).inner_text()
    assert "Inskickad" in rows.nth(1).inner_text()
    check_page(page, "samordnare: fullständighet för en period", "uppfoljning-fullstandighet")
    page.get_by_role("button", name="Skicka påminnelse till 1 organisation som saknas").click()
    page.get_by_text("En påminnelse skickas nu till de organisationer som inte har rapporterat.").wait_for()
    reminded = mails_to(live_server, "registrator@dalbo.example", count=2)
    assert len(reminded) == 2 and "Påminnelse" in reminded[1]["Subject"]
    assert len(mails_to(live_server, "registrator@fjallby.example", seconds=0)) == 1  # who reported gets none
    page.reload()
    assert "Påminnelse, skickad av samordnaren" in rows.nth(0).inner_text()

    # Published: the public goal-area page and the annual report show what Fjällby reported.
    page.get_by_role("button", name="Publicera perioden").click()
    page.get_by_text("Perioden Uppföljning 2027, våren är publicerad och syns för alla.").wait_for()
    log_out(page)
    page.goto(f"{base}/process/RUS2040/uppfoljning")
    page.locator("a[href*='/uppfoljning/mal/']").first.click()
    lift_row = page.locator("li, tr, article", has_text="Kompetenslyft").last
    lift_row.get_by_text("Kommentar, Uppföljning 2027, våren:").wait_for()
    assert "Alla kurser är genomförda." in lift_row.inner_text()
    check_page(page, "allmänheten: målområde med publicerad period", "uppfoljning-malomrade-publicerad")
    page.goto(f"{base}/process/RUS2040/uppfoljning")
    with page.expect_download() as download:
        page.get_by_role("link", name="Word Uppföljning 2027, våren").click()
    word = WordDocument(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs) + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    assert "Kompetenslyft" in text and "Alla kurser är genomförda." in text
