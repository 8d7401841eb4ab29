"""In a real browser, as a stakeholder of an invited organisation: read the draft, write comments on
three sections over two visits (saved with the button and by autosave), a colleague continues the same
draft, submit, get a receipt, revise, and after the deadline find the response read only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from consultation.remiss import ConsultationRound, Response

from .flows import ROUND_TITLE as ROUND
from .flows import check_page, database, log_in, log_out, outbox, past, seed_invited_round

pytestmark = pytest.mark.browser

INTRO = "Vi på Fjällby kommun välkomnar strategins inriktning."
SKILLS = "Vuxenutbildningen i Fjällby behöver fler platser inom vård och omsorg."
SKILLS_BY_COLLEAGUE = " Bo tillägger: yrkeshögskolan bör få en filial i inlandet."
TRANSPORT = "Nattåget till Fjällby måste finnas kvar i strategin."
INTRO_REVISED = "Fjällby kommun ställer sig bakom strategin, med tillägg om kompetens och transporter."


@pytest.fixture
def invited_round(live_server):
    return seed_invited_round(live_server)


def box(page, section: str):
    """The comment box of one section, found by its label as a person (or screen reader) finds it."""
    return page.get_by_label(f"Synpunkt på {section}")


def open_own_response(page):
    """From the start page to the organisation's response, the way a returning person goes."""
    page.get_by_role("link", name="Till remissen").click()
    page.get_by_role("heading", level=1, name=ROUND).wait_for()
    page.get_by_role("button", name="Skriv eller fortsätt på svaret").click()
    page.get_by_role("heading", level=1, name="Remissvar från Fjällby kommun").wait_for()


def test_stakeholder_reads_writes_over_two_visits_submits_revises_and_is_read_only_after_the_deadline(
    live_server, invited_round, page
):
    base = live_server.url

    # --- first visit: find the round and read the draft -------------------------------------
    log_in(page, base, "anna@fjallby.example")
    stakeholder_panel = page.locator("section", has=page.get_by_role("heading", name="Aktör", exact=True))
    assert "Fjällby kommun" in stakeholder_panel.inner_text()
    assert "Ni har inte börjat på ett svar." in stakeholder_panel.inner_text()
    check_page(page, "aktör: startsida utan svar", "aktor-01-start")

    page.get_by_role("link", name="Till remissen").click()
    page.get_by_role("heading", level=1, name=ROUND).wait_for()
    assert page.get_by_text("Inbjudna remissinstanser").is_visible()
    check_page(page, "aktör: remissrundan, inget svar påbörjat", "aktor-02-remissrunda")

    page.get_by_role("link", name="Förslag till regional utvecklingsstrategi 2040").click()
    page.get_by_role("heading", level=1, name="Förslag till regional utvecklingsstrategi 2040").wait_for()
    toc = page.get_by_role("navigation", name="Innehåll")
    assert [t.strip() for t in toc.get_by_role("link").all_inner_texts()] == [
        "1 Inledning",
        "2 Kompetensförsörjning",
        "2.1 Högre utbildning",
        "3 Transporter och tillgänglighet",
    ]
    toc.get_by_role("link", name="2.1 Högre utbildning").click()
    assert page.url.endswith("#avsnitt-2.1")
    section = page.locator("section#avsnitt-2\\.1")
    assert section.get_by_text("Fler ska kunna studera på distans").is_visible()
    assert section.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
    check_page(page, "aktör: förslaget avsnitt för avsnitt", "aktor-03-forslag")

    page.get_by_role("navigation", name="Du är här").get_by_role(
        "link", name="Regional utvecklingsstrategi 2040"
    ).click()
    page.get_by_role("heading", level=1, name="Regional utvecklingsstrategi 2040").wait_for()
    check_page(page, "aktör: processens sida")
    page.get_by_role("link", name=ROUND).click()

    # --- the empty response, and an empty submission refused with the reason -----------------
    page.get_by_role("button", name="Skriv eller fortsätt på svaret").click()
    page.get_by_role("heading", level=1, name="Remissvar från Fjällby kommun").wait_for()
    boxes = page.locator("main textarea")
    assert boxes.count() == 5  # the whole document and the four sections
    assert all(text == "" for text in [boxes.nth(i).input_value() for i in range(boxes.count())])
    check_page(page, "aktör: nytt tomt svar", "aktor-04-svar-tomt")

    page.get_by_role("button", name="Skicka in", exact=True).click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert "Svaret är tomt. Skriv minst en synpunkt innan du skickar in." in summary.inner_text()
    assert page.evaluate("() => !!document.activeElement.closest('.error-summary')"), (
        "focus is not on the error summary"
    )
    check_page(page, "aktör: tomt svar skickat (fel)", "aktor-05-svar-fel")

    # Section 1 through the save button, section 2 by autosave only.
    box(page, "1 Inledning").fill(INTRO)
    page.get_by_role("button", name="Spara utkast").click()
    page.get_by_text(re.compile(r"Utkastet är sparat \d\d:\d\d")).wait_for()
    assert box(page, "1 Inledning").input_value() == INTRO

    box(page, "2 Kompetensförsörjning").press_sequentially(SKILLS)
    page.get_by_text(re.compile(r"Sparat automatiskt kl\. \d\d:\d\d:\d\d")).wait_for(timeout=15_000)
    log_out(page)

    # --- the colleague continues the same draft ---------------------------------------------
    log_in(page, base, "bo@fjallby.example")
    assert "Ert svar: utkast, inte inskickat" in page.locator("main").inner_text()
    check_page(page, "aktör (kollega): startsida med påbörjat svar")
    open_own_response(page)
    assert box(page, "1 Inledning").input_value() == INTRO
    assert box(page, "2 Kompetensförsörjning").input_value() == SKILLS
    box(page, "2 Kompetensförsörjning").press("End")
    box(page, "2 Kompetensförsörjning").press_sequentially(SKILLS_BY_COLLEAGUE)
    page.get_by_role("button", name="Spara utkast").click()
    page.get_by_text(re.compile(r"Utkastet är sparat")).wait_for()
    check_page(page, "aktör (kollega): utkast sparat")
    log_out(page)

    # --- second visit: everything is still there; the third section, then submit --------------
    log_in(page, base, "anna@fjallby.example")
    open_own_response(page)
    assert box(page, "1 Inledning").input_value() == INTRO
    assert box(page, "2 Kompetensförsörjning").input_value() == SKILLS + SKILLS_BY_COLLEAGUE
    box(page, "3 Transporter och tillgänglighet").fill(TRANSPORT)
    check_page(page, "aktör: ifyllt svar", "aktor-06-svar-ifyllt")
    page.get_by_role("button", name="Skicka in", exact=True).click()
    # The confirmation step shows what is sent before anything is.
    page.get_by_role("heading", level=1, name="Skicka in remissvaret?").wait_for()
    assert TRANSPORT in page.locator("main").inner_text()
    check_page(page, "aktör: bekräfta inskickning")
    page.get_by_role("button", name="Bekräfta och skicka in").click()

    page.get_by_role("heading", level=1, name="Tack! Ditt remissvar är inskickat").wait_for()
    facts = page.locator(".receipt").inner_text()
    reference = re.search(r"Diarienummer\s+(RUS2040-\d{4}-\d+)", facts)
    assert reference, facts
    reference = reference.group(1)
    assert re.search(r"Version\s+1\b", facts) and re.search(r"Antal synpunkter\s+3\b", facts)
    check_page(page, "aktör: kvitto version 1", "aktor-07-kvitto")
    receipts = [m for m in outbox(live_server) if reference in m["Subject"]]
    assert [m["To"] for m in receipts] == ["anna@fjallby.example"]

    # --- revise: a second version, both kept -------------------------------------------------
    page.get_by_role("link", name="Tillbaka till svaret").click()
    assert f"inskickat, diarienummer {reference}" in page.locator("dl.facts").inner_text()
    box(page, "1 Inledning").fill(INTRO_REVISED)
    page.get_by_role("button", name="Skicka in igen").click()
    page.get_by_role("button", name="Bekräfta och skicka in").click()
    page.get_by_role("heading", level=1, name="Tack! Ditt remissvar är inskickat").wait_for()
    facts = page.locator(".receipt").inner_text()
    assert reference in facts and re.search(r"Version\s+2\b", facts)

    page.get_by_role("link", name="Tillbaka till svaret").click()
    versions = page.locator("dl.facts").get_by_role("link")
    assert [re.sub(r"\s*\(.*\)", "", v) for v in versions.all_inner_texts()] == ["version 1", "version 2"]
    check_page(page, "aktör: inskickat svar med två versioner", "aktor-08-svar-inskickat")
    versions.first.click()
    page.get_by_role("heading", level=1, name=f"Remissvar {reference}").wait_for()
    main = page.locator("main").inner_text()
    assert INTRO in main and INTRO_REVISED not in main and re.search(r"Version\s+1 av 2", main)
    check_page(page, "aktör: inskickad version 1", "aktor-09-version-1")
    page.go_back()
    page.locator("dl.facts").get_by_role("link", name=re.compile("version 2")).click()
    main = page.locator("main").inner_text()
    assert INTRO_REVISED in main and TRANSPORT in main and re.search(r"Version\s+2 av 2", main)

    # --- after the deadline: read only, and the page says why ----------------------------------
    with database(live_server) as session:
        round_ = session.get(ConsultationRound, invited_round["round"])
        round_.closes_at = past(minutes=1)
        response_id = session.scalars(select(Response.id).where(Response.round_id == round_.id)).one()
    page.goto(f"{base}/svar/{response_id}")
    assert page.get_by_text("Remissrundan är stängd. Svaret kan läsas men inte ändras.").is_visible()
    boxes = page.locator("main textarea")
    assert boxes.count() == 5
    assert not any(boxes.nth(i).is_editable() for i in range(boxes.count()))
    assert box(page, "1 Inledning").input_value() == INTRO_REVISED
    assert page.locator("main").get_by_role("button").count() == 0  # no save, submit or withdraw
    assert "Du kan spara och fortsätta senare" not in page.locator("main").inner_text()
    check_page(page, "aktör: svar efter sista svarsdag (läsläge)", "aktor-10-svar-last")

    page.get_by_role("navigation", name="Du är här").get_by_role("link", name=ROUND).click()
    assert page.get_by_text("Remissrundan har stängt och tar inte längre emot svar.").is_visible()
    assert page.get_by_role("button", name="Skriv eller fortsätt på svaret").count() == 0
    check_page(page, "aktör: stängd remissrunda")
    assert page.dialogs == []
