"""In a real browser, as a facilitator: create a dialogue meeting, register who came from the
organisation register, write notes in the template, publish them; then, as anyone, read the published
notes on the public meeting page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from consultation.people import ActorType
from consultation.timezones import local_today

from ..factories import OrganisationFactory, UserFactory
from .flows import check_page, database, log_in, log_out, seed_process

pytestmark = pytest.mark.browser

TITLE = "Dialogträff om kompetensförsörjning"
CHALLENGE = "Företagen i inlandet hittar inte undersköterskor och svetsare."
PROPOSAL = "Starta en regional yrkesutbildning på distans med praktik hos lokala arbetsgivare."
NEXT_STEP = "Kartlägga vilka utbildningar som saknas i inlandskommunerna."


@pytest.fixture
def facilitated_process(live_server):
    """A process with a draft, its facilitator, and an organisation register to pick attendance from."""
    with database(live_server):
        process, _ = seed_process()
        process.facilitators.append(UserFactory(roles=["facilitator"], email="johan@region.example", name="Johan Ek"))
        OrganisationFactory(name="Fjällby kommun")
        OrganisationFactory(name="Västerfjälls universitet", actor_type=ActorType.ACADEMIA)
        OrganisationFactory(name="Företagarna i Fjälland", actor_type=ActorType.BUSINESS)
        return {"code": process.code, "title": process.title}


def focus_is_in_error_summary(page) -> bool:
    page.wait_for_function("() => !!document.activeElement.closest('.error-summary')", timeout=3000)
    return True


def test_facilitator_records_a_meeting_and_the_public_reads_its_notes(live_server, facilitated_process, page, browser):
    base = live_server.url
    held_on = local_today() - timedelta(days=1)

    log_in(page, base, "johan@region.example")
    panel = page.locator("section", has=page.get_by_role("heading", name="Processledare", exact=True))
    assert "Inga planerade träffar." in panel.inner_text()
    check_page(page, "processledare: startsida", "processledare-01-start")

    # --- the meeting form: empty, refused with the reasons, then saved ------------------------
    panel.get_by_role("link", name="Ny dialogträff").click()
    page.get_by_role("heading", level=1, name="Ny dialogträff").wait_for()
    check_page(page, "processledare: ny dialogträff (tom)", "processledare-02-ny-traff")
    page.get_by_label("Tema", exact=True).fill("Kompetens")
    page.locator("main form").get_by_role("button", name="Spara").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert focus_is_in_error_summary(page)
    messages = summary.inner_text()
    assert "Rubrik: Ange en rubrik för träffen." in messages and "Datum: Ange datum." in messages
    assert page.get_by_label("Tema", exact=True).input_value() == "Kompetens"  # what was typed is kept
    check_page(page, "processledare: ny dialogträff med fel", "processledare-03-ny-traff-fel")
    summary.get_by_role("link", name=re.compile("^Rubrik")).click()
    assert page.evaluate("() => document.activeElement.id") == "title"

    page.get_by_label("Tematisk dialogträff").check()
    page.get_by_label("Rubrik", exact=True).fill(TITLE)
    page.get_by_label("Beskrivning", exact=True).fill(
        "Hur får arbetsgivare i hela länet tag i den kompetens de behöver?"
    )
    page.get_by_label("Datum", exact=True).fill(held_on.isoformat())
    page.get_by_label("Börjar klockan", exact=True).fill("09:00")
    page.get_by_label("Slutar klockan", exact=True).fill("12:00")
    page.get_by_label("Plats", exact=True).fill("Folkets hus, Fjällby")
    page.get_by_role("group", name="Processledare").get_by_label("Johan Ek").check()
    page.get_by_label("Publicera träffen så att aktörer kan se den och anmäla sig").check()
    page.locator("main form").get_by_role("button", name="Spara").click()
    page.get_by_text("Dialogträffen är sparad.").wait_for()
    page.get_by_role("heading", level=1, name=f"Hantera {TITLE}").wait_for()
    assert "Publicerad" in page.locator("main p.meta").first.inner_text()
    assert page.get_by_text("Inga anteckningar ännu.").is_visible()
    check_page(page, "processledare: hantera träffen utan närvaro och anteckningar", "processledare-04-hantera-tom")

    # --- attendance from the register ------------------------------------------------------------
    page.get_by_role("link", name="Registrera närvaro").click()
    group = page.get_by_role("group", name="Organisationer som deltog")
    assert group.get_by_role("checkbox").count() == 3
    check_page(page, "processledare: närvaro (tom)", "processledare-05-narvaro")
    group.get_by_label("Fjällby kommun").check()
    group.get_by_label("Västerfjälls universitet").check()
    page.get_by_label("Antal deltagare totalt", exact=True).fill("14")
    page.get_by_label("Deltagare som inte finns i registret").fill("Lisa Lind, pensionär\nOla Nord")
    page.get_by_role("button", name="Spara närvaro").click()
    page.get_by_text("Närvaron är registrerad.").wait_for()
    assert page.get_by_text(
        "2 organisationer ur registret, 2 övriga namngivna deltagare, 14 deltagare totalt."
    ).is_visible()
    check_page(page, "processledare: hantera träffen med närvaro")

    # --- notes in the template: an error first, then three notes -----------------------------------
    page.get_by_role("link", name="Ny anteckning").click()
    page.get_by_role("heading", level=1, name="Ny anteckning").wait_for()
    kinds = page.get_by_role("group", name="Sorts anteckning").get_by_role("radio")
    assert [kinds.nth(i).evaluate("e => e.labels[0].innerText") for i in range(kinds.count())] == [
        "Utmaning",
        "Möjlighet",
        "Förslag",
        "Nästa steg",
    ]
    check_page(page, "processledare: ny anteckning (tom)", "processledare-06-anteckning")
    page.get_by_label("Taggar", exact=True).fill("kompetens")
    page.locator("main form").get_by_role("button", name="Spara").click()
    page.locator(".error-summary").wait_for()
    assert focus_is_in_error_summary(page)
    assert "Vad sades: Skriv vad som sades." in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Taggar", exact=True).input_value() == "kompetens"
    check_page(page, "processledare: anteckning med fel", "processledare-07-anteckning-fel")

    page.get_by_label("Utmaning", exact=True).check()
    page.get_by_label("Vad sades", exact=True).fill(CHALLENGE)
    page.get_by_text("Koppla till avsnitt i förslaget").click()
    page.get_by_label("2 Kompetensförsörjning").check()
    page.locator("main form").get_by_role("button", name="Spara").click()
    page.get_by_text("Anteckningen är sparad som utkast.").wait_for()

    page.get_by_role("link", name="Ny anteckning").click()
    page.get_by_label("Förslag", exact=True).check()
    page.get_by_label("Vad sades", exact=True).fill(PROPOSAL)
    page.get_by_label("Taggar", exact=True).fill("distans, yrkesutbildning")
    page.locator("main form").get_by_role("button", name="Spara").click()
    page.get_by_text("Anteckningen är sparad som utkast.").wait_for()

    page.get_by_role("link", name="Ny anteckning").click()
    page.get_by_label("Nästa steg", exact=True).check()
    page.get_by_label("Vad sades", exact=True).fill(NEXT_STEP)
    page.get_by_label("Ansvarig organisation (nästa steg)").select_option(label="Västerfjälls universitet")
    page.get_by_label("Ansvarig person (nästa steg)").fill("Karin Holm")
    page.get_by_label("Klart senast (nästa steg)").fill((held_on + timedelta(days=60)).isoformat())
    page.locator("main form").get_by_role("button", name="Spara").click()
    page.get_by_text("Anteckningen är sparad som utkast.").wait_for()

    notes = page.locator("#anteckningar table tbody tr")
    assert notes.count() == 3
    assert [notes.nth(i).locator("td").nth(3).inner_text() for i in range(3)] == ["Utkast"] * 3
    check_page(page, "processledare: hantera träffen med utkast", "processledare-08-hantera-utkast")

    # Before publishing, the public does not see the drafts.
    meeting_url = page.get_by_role("navigation", name="Du är här").get_by_role("link", name=TITLE).get_attribute("href")
    anonymous = browser.new_page(locale="sv-SE")
    anonymous.goto(base + meeting_url)
    anonymous.get_by_role("heading", level=1, name=TITLE).wait_for()
    assert anonymous.get_by_text(CHALLENGE).count() == 0 and anonymous.get_by_text("Vad som sades").count() == 0
    anonymous.context.close()

    page.get_by_role("button", name="Publicera valda (eller alla) utkast").click()
    page.get_by_text("3 anteckningar är publicerade.").wait_for()
    assert [notes.nth(i).locator("td").nth(3).inner_text() for i in range(3)] == ["Publicerad"] * 3
    check_page(page, "processledare: hantera träffen, publicerad", "processledare-09-hantera-publicerad")
    log_out(page)

    # --- anyone: the process page, the list of meetings, the published notes -----------------------
    page.goto(f"{base}/process/{facilitated_process['code']}")
    assert page.get_by_text("1 dialogträff har hållits med 2 organisationer och 14 deltagare.").is_visible()
    check_page(page, "allmänheten: processens sida efter en dialogträff")
    page.get_by_role("link", name="Alla dialogträffar").click()
    check_page(page, "allmänheten: dialogträffar i processen", "allmanhet-01-dialogtraffar")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", level=1, name=TITLE).wait_for()
    assert page.url.endswith(meeting_url)
    said = page.locator("section", has=page.get_by_role("heading", name="Vad som sades"))
    for heading, text in (("Utmaningar", CHALLENGE), ("Förslag", PROPOSAL), ("Nästa steg", NEXT_STEP)):
        assert said.get_by_role("heading", level=3, name=heading, exact=True).is_visible()
        assert said.get_by_text(text).is_visible()
    text = said.inner_text()
    assert "2 Kompetensförsörjning" in text and "#distans" in text and "Västerfjälls universitet" in text
    assert "Utkast, inte publicerad" not in text
    assert page.get_by_role("link", name="Hantera träffen").count() == 0
    check_page(page, "allmänheten: dialogträff med publicerade anteckningar", "allmanhet-02-dialogtraff")
    assert page.dialogs == []
