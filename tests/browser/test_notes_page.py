"""In a real browser, as a facilitator: a meeting's notes written on one page. With JavaScript off, "Lägg till
rad" gives a group another row and keeps everything typed; all rows are saved together; a refused page comes
back with every row; after saving, the confirmation is in view and has focus. axe-core checks each state."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from consultation import meetings
from consultation.people.access import SYSTEM
from consultation.timezones import local_days_from_today

from ..factories import OrganisationFactory, UserFactory
from .flows import check_page, database, log_in, seed_process

pytestmark = pytest.mark.browser

FIRST = "Bussen till byn går för sällan för att pendla."
SECOND = "Unga flyttar när de inte hittar sitt första jobb."
PROPOSAL = "Starta en regional yrkesutbildning på distans."
STEP = "Kartlägga vilka utbildningar som saknas."


@pytest.fixture
def held_meeting(live_server):
    with database(live_server) as session:
        process, _ = seed_process()
        johan = UserFactory(roles=["facilitator"], email="johan@region.example", name="Johan Ek")
        process.facilitators.append(johan)
        OrganisationFactory(name="Västerfjälls universitet")
        OrganisationFactory(name="Väntande förening", approved=False)
        session.flush()
        start = local_days_from_today(-1, time(9))
        meeting = meetings.save_meeting(
            session,
            SYSTEM,
            process.id,
            meetings.MeetingData(
                kind="dialogue",
                title="Dialogträff om kompetens",
                theme="Kompetens",
                description="",
                starts_at=start,
                ends_at=start + timedelta(hours=3),
                facilitator_ids=[johan.id],
                is_published=True,
            ),
        )
        return meeting.id


def group(page, name):
    return page.locator("section.note-group", has=page.get_by_role("heading", level=2, name=name, exact=True))


def row(page, name):
    return page.get_by_role("group", name=name)


def test_notes_are_written_on_one_page_rows_added_without_javascript(live_server, held_meeting, browser):
    base = live_server.url
    sheet = f"{base}/dialogtraffar/{held_meeting}/anteckningar"
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    log_in(page, base, "johan@region.example")
    page.goto(f"{base}/dialogtraffar/{held_meeting}/hantera")
    page.get_by_role("link", name="Skriv anteckningar").click()
    page.get_by_role("heading", level=1, name="Anteckningar från Dialogträff om kompetens").wait_for()
    assert [h.inner_text() for h in page.locator("section.note-group h2").all()] == [
        "Utmaningar",
        "Möjligheter",
        "Förslag",
        "Nästa steg",
    ]
    owners = row(page, "Nästa steg 1 (ny)").get_by_label("Ansvarig organisation")
    assert "Väntande förening" not in owners.inner_text()  # not approved: not in the register yet

    row(page, "Utmaning 1 (ny)").get_by_label("Vad sades").fill(FIRST)
    row(page, "Utmaning 1 (ny)").get_by_label("Avsnitt").fill("2")
    row(page, "Förslag 1 (ny)").get_by_label("Vad sades").fill(PROPOSAL)
    row(page, "Nästa steg 1 (ny)").get_by_label("Vad sades").fill(STEP)
    owners.select_option(label="Västerfjälls universitet")
    row(page, "Nästa steg 1 (ny)").get_by_label("Klart senast").fill("2031-09-01")
    group(page, "Utmaningar").get_by_role("button", name="Lägg till rad").click()

    # The page came back from the server with one more challenge row and every row as typed.
    row(page, "Utmaning 2 (ny)").wait_for()
    assert page.locator("fieldset.note-row").count() == 5
    assert row(page, "Utmaning 1 (ny)").get_by_label("Vad sades").input_value() == FIRST
    assert row(page, "Förslag 1 (ny)").get_by_label("Vad sades").input_value() == PROPOSAL
    assert row(page, "Nästa steg 1 (ny)").get_by_label("Klart senast").input_value() == "2031-09-01"
    assert page.evaluate("() => document.activeElement.id") == "challenge-2-body"  # autofocus, no script
    row(page, "Utmaning 2 (ny)").get_by_label("Vad sades").fill(SECOND)
    row(page, "Utmaning 2 (ny)").get_by_label("Avsnitt").fill("9")  # not a section of the draft

    page.get_by_role("button", name="Spara utkast").last.click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "Utmaning 2, Avsnitt: Avsnitt 9 finns inte i det aktuella förslaget." in summary.inner_text()
    assert row(page, "Utmaning 2 (ny)").get_by_label("Vad sades").input_value() == SECOND  # nothing lost
    refused_url = page.url
    row(page, "Utmaning 2 (ny)").get_by_label("Avsnitt").fill("")
    page.get_by_role("button", name="Spara utkast").last.click()
    page.get_by_text("Anteckningarna är sparade som utkast.").wait_for()
    assert row(page, "Utmaning 1 (utkast)").get_by_label("Vad sades").input_value() == FIRST
    assert row(page, "Utmaning 2 (utkast)").get_by_label("Vad sades").input_value() == SECOND
    assert row(page, "Nästa steg 1 (utkast)").get_by_label("Ansvarig organisation").input_value() != ""
    assert row(page, "Utmaning 3 (ny)").get_by_label("Vad sades").input_value() == ""
    context.close()

    # The same pages with JavaScript on, for axe-core and for the confirmation's focus.
    page = browser.new_page(locale="sv-SE")
    log_in(page, base, "johan@region.example")
    page.goto(sheet)
    check_page(page, "processledare: anteckningssidan med utkast", "anteckningar-01-utkast")
    row(page, "Möjlighet 1 (ny)").get_by_label("Vad sades").fill("Ett nytt lärcentrum i Åhamn.")
    group(page, "Möjligheter").get_by_role("button", name="Lägg till rad").click()
    row(page, "Möjlighet 2 (ny)").wait_for()
    check_page(page, "processledare: anteckningssidan med en rad till")
    row(page, "Möjlighet 2 (ny)").get_by_label("Taggar").fill("bara taggar")
    page.get_by_role("button", name="Spara utkast").first.click()
    page.locator(".error-summary").wait_for()
    assert page.evaluate("() => !!document.activeElement.closest('.error-summary')")
    check_page(page, "processledare: anteckningssidan med fel", "anteckningar-02-fel")
    assert refused_url.endswith("/anteckningar")

    row(page, "Möjlighet 2 (ny)").get_by_label("Taggar").fill("")
    page.get_by_role("button", name="Spara och publicera alla utkast").click()
    message = page.get_by_text("Anteckningarna är sparade och 5 utkast publicerade.")
    message.wait_for()
    page.wait_for_function("() => document.activeElement.matches('[data-flash]')", timeout=3000)
    box = page.locator("[data-flash]").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]  # in view, not scrolled past
    check_page(page, "processledare: anteckningarna publicerade", "anteckningar-03-publicerade")
    page.context.close()
