"""In a real browser, as a stakeholder: attach the organisation's PDF letter, have it read in the background,
move one excerpt to another section and mark one as not a comment, confirm, and submit the response."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from consultation.letters import Letter, LetterStatus
from consultation.remiss import Response, ResponseStatus

from ..analysis.letters_data import LETTERS, need
from ..factories import OrganisationFactory, UserFactory
from ..letters.files_for_tests import bergslunda_round_now
from .conftest import served_app
from .flows import check_page, database, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(tmp_path):
    # The e5 model's first load takes most of a minute on a loaded machine: this server matches by words.
    with served_app(tmp_path, ANALYSIS_USE_EMBEDDINGS=False) as server:
        yield server


def test_stakeholder_uploads_a_pdf_letter_adjusts_two_excerpts_and_submits(live_server, page):
    base = live_server.url
    with database(live_server):
        round_id = bergslunda_round_now().id
        ulvsjo = OrganisationFactory(name="Ulvsjö kommun")
        UserFactory(roles=["stakeholder"], organisations=[ulvsjo], email="kari@ulvsjo.example", name="Kari Berg")

    log_in(page, base, "kari@ulvsjo.example")
    page.goto(f"{base}/remiss/{round_id}")
    page.get_by_role("button", name="Skriv eller fortsätt på svaret").click()
    page.get_by_role("heading", level=1, name="Remissvar från Ulvsjö kommun").wait_for()

    page.get_by_role("link", name="Bifoga brev").click()
    page.get_by_label("Brevet").set_input_files(str(need(LETTERS / "01-ulvsjo-kommun.pdf")))
    page.get_by_label("Vilket organ som beslutade (frivilligt)").fill("Kommunstyrelsen")
    page.get_by_label("Paragraf (frivilligt)").fill("§ 112")
    page.get_by_role("button", name="Bifoga brevet").click()
    page.get_by_text("Brevet 01-ulvsjo-kommun.pdf är bifogat.").wait_for()
    check_page(page, "aktör: bifogat brev, inte inläst")

    page.get_by_role("button", name="Läs in synpunkterna ur brevet").click()
    # The page follows the job and shows the review when the reading is done (a thread of the server).
    page.get_by_role("heading", name="Granska förslaget").wait_for(timeout=120_000)
    check_page(page, "aktör: granska brevets utdrag", "aktor-brev-granska")

    excerpts = page.locator("li.letter-excerpt:not(.not-a-comment)")
    first, second = excerpts.nth(0), excerpts.nth(1)
    moved_text = first.locator(".letter-text p").nth(1).inner_text()
    dropped_text = second.locator(".letter-text p").nth(1).inner_text()
    first.get_by_label("Hör till").select_option(label="6.2 Uppföljning")
    first.get_by_role("button", name=re.compile("^Ändra")).click()
    page.get_by_role("heading", name="Granska förslaget").wait_for()
    second = page.locator("li.letter-excerpt:not(.not-a-comment)").nth(1)
    second.get_by_label("Hör till").select_option(label="Inte en synpunkt")
    second.get_by_role("button", name=re.compile("^Ändra")).click()
    page.get_by_role("heading", name="Granska förslaget").wait_for()
    assert (
        page.locator("li.letter-excerpt", has_text=moved_text).get_by_text("Synpunkt på 6.2 Uppföljning").is_visible()
    )
    assert page.locator("li.letter-excerpt", has_text=dropped_text).get_by_text("Inte en synpunkt").first.is_visible()

    page.get_by_role("button", name="Bekräfta och för in synpunkterna i svaret").click()
    page.get_by_role("heading", level=1, name="Remissvar från Ulvsjö kommun").wait_for()
    assert moved_text in page.get_by_label("Synpunkt på 6.2 Uppföljning").input_value()
    check_page(page, "aktör: svaret med synpunkterna ur brevet")

    page.get_by_role("button", name="Skicka in", exact=True).click()
    page.get_by_role("button", name="Bekräfta och skicka in").click()
    page.get_by_role("heading", level=1, name="Tack! Ditt remissvar är inskickat").wait_for()

    with database(live_server) as session:
        response = session.scalar(select(Response))
        assert response.status == ResponseStatus.SUBMITTED and response.reference
        assert any(moved_text in c.body for c in response.comments if c.section and c.section.key == "6.2")
        assert all(dropped_text not in c.body for c in response.comments)
        assert session.scalar(select(Letter)).status == LetterStatus.CONFIRMED
