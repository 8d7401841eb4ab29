"""In a real browser, as the coordinator: a municipality's letter came by post before the deadline and was
scanned (a PDF of page images, no text layer). After the deadline it is registered with the day it was
received, read by OCR in the background, reviewed, and submitted on the municipality's behalf: it counts as
on time, shows "Registrerat av" and the region's diarienummer, and the receipt goes to the contact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from analysis.letters import ocr
from consultation.letters import Letter, LetterStatus
from consultation.remiss import Response, ResponseStatus

from ..factories import OrganisationFactory, UserFactory
from ..letters.files_for_tests import SCANNED_LETTER, bergslunda_round_now, scanned_pdf
from .conftest import served_app
from .flows import check_page, database, log_in, outbox, past

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(tmp_path):
    # The e5 model's first load takes most of a minute on a loaded machine: this server matches by words.
    with served_app(tmp_path, ANALYSIS_USE_EMBEDDINGS=False) as server:
        yield server


def test_coordinator_registers_a_scanned_letter_received_before_the_deadline_after_it(live_server, page, tmp_path):
    if not ocr.available():
        pytest.skip("Tesseract is not installed: a scanned letter cannot be read (make tesseract)")
    base = live_server.url
    scan = tmp_path / "Norrbacka kommun, yttrande (skannat).pdf"
    scan.write_bytes(scanned_pdf(SCANNED_LETTER))
    with database(live_server):
        round_ = bergslunda_round_now(opens_at=past(days=40), closes_at=past(days=2))
        round_id, deadline = round_.id, round_.deadline_date
        OrganisationFactory(name="Norrbacka kommun", email="registrator@norrbacka.example")
        UserFactory(roles=["admin"], email="rut@region.example", name="Rut Registrator")

    log_in(page, base, "rut@region.example")
    page.goto(f"{base}/admin/rundor/{round_id}")
    page.get_by_role("link", name="Registrera inkommet remissvar").click()
    page.get_by_role("heading", level=1, name="Registrera inkommet remissvar").wait_for()
    check_page(page, "samordnare: registrera inkommet remissvar")
    page.get_by_label("Organisation i registret").select_option(label="Norrbacka kommun")
    page.get_by_label("Inkom datum").fill((deadline - timedelta(days=1)).isoformat())
    page.get_by_label("Regionens diarienummer (frivilligt)").fill("RS 2026/0815")
    page.get_by_label("Brevet").set_input_files(str(scan))
    page.get_by_role("button", name="Registrera remissvaret").click()
    page.get_by_text("Remissvaret från Norrbacka kommun är registrerat.").wait_for()

    page.get_by_role("button", name="Läs in synpunkterna ur brevet").click()
    # OCR in the background job (a thread of the server); the page follows it to the review.
    page.get_by_role("heading", name="Granska förslaget").wait_for(timeout=180_000)
    check_page(page, "samordnare: granska det skannade brevets utdrag")
    assert (
        page.locator("li.letter-excerpt", has_text="busstrafiken")
        .get_by_text("Synpunkt på 4.1 Kollektivtrafik och hållbart resande")
        .is_visible()
    )
    page.get_by_role("button", name="Bekräfta och för in synpunkterna i svaret").click()
    page.get_by_role("heading", level=1, name="Remissvar från Norrbacka kommun").wait_for()
    assert page.get_by_text("Registrerat av Rut Registrator").is_visible()
    assert page.get_by_text("RS 2026/0815").is_visible()
    check_page(page, "samordnare: det registrerade svaret efter sista svarsdag")

    page.get_by_role("button", name="Skicka in", exact=True).click()
    page.get_by_label("Skicka kvitto till organisationens kontaktperson").check()
    page.get_by_role("button", name="Bekräfta och skicka in").click()
    page.get_by_role("heading", level=1, name="Tack! Ditt remissvar är inskickat").wait_for()
    assert page.get_by_text("organisationens kontaktperson, registrator@norrbacka.example").is_visible()

    with database(live_server) as session:
        response = session.scalar(select(Response))
        assert response.status == ResponseStatus.SUBMITTED and response.reference
        assert not response.received_late and response.received_on < deadline + timedelta(days=1)
        assert response.registered_by.name == "Rut Registrator" and response.diarienummer == "RS 2026/0815"
        assert any("busstrafiken" in c.body for c in response.comments if c.section and c.section.key == "4.1")
        letter = session.scalar(select(Letter))
        assert letter.status == LetterStatus.CONFIRMED and letter.ocr_pages == [1]
        response_id = response.id
    assert [m["To"] for m in outbox(live_server)] == ["registrator@norrbacka.example"]

    # What the working group (and the coordinator) reads: on time, registered, with the region's number.
    page.goto(f"{base}/arbetsgrupp/svar/{response_id}")
    assert page.get_by_text("Registrerat av Rut Registrator").is_visible()
    assert page.get_by_text("(i tid)").is_visible()
    assert page.get_by_text("Inkom efter sista svarsdag").count() == 0
    check_page(page, "samordnare: det registrerade svaret som arbetsgruppen ser det")
