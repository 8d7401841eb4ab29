"""In a real browser: from remiss to the next version (issue 14's 'done means').

The open round keeps showing version 1 while the working group writes version 2; the group edits
three sections, publishes v2 and sees in the comparison which points led to each change; the
coordinator publishes the compilation from the readiness page; a responding organisation's page
lists its points with their positions and the changed sections, and says what became of each
section on the public page; the coordinator marks version 2 adopted, and anyone reads the adopted
strategy as a page and downloads it as a Word file.
"""

from __future__ import annotations

import io
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document as WordDocument

from app.extensions import db
from consultation.people import Role
from consultation.remiss import ResponseSubmission
from consultation.review import Decision, Position
from consultation.timezones import local_today

from ..compilation.conftest import analyse_by_hand
from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
from ..themes.conftest import submitted_response
from .flows import check_page, log_in, log_out, outbox

pytestmark = pytest.mark.browser

POINTS = {
    0: "Kommunen vill att inledningen nämner landsbygdens kommuner.",
    1: "Kompetensförsörjningen måste omfatta vården och omsorgen.",
    2: "Bostadsbyggandet behöver fler hyresrätter för unga.",
}
NEW_TEXT = {
    0: "Regionen växer i hela länet, också i landsbygdens kommuner.",
    1: "Kompetensförsörjningen ska stärkas, särskilt inom vård och omsorg.",
    2: "Regionen ska verka för fler hyresrätter för unga.",
}


@pytest.fixture
def answered_round(live_server):
    """Version 1 out on two rounds: one closed with a municipality's three points answered, one open."""
    with live_server.app.app_context():
        now = datetime.now(UTC)
        process = ProcessFactory(code="RUS2040", title="Regional utvecklingsstrategi 2040")
        v1 = add_draft(process, sections=3)
        closed = add_round(
            process,
            v1,
            title="Remiss av RUS 2040",
            opens_at=now - timedelta(days=40),
            closes_at=now - timedelta(days=1),
        )
        add_round(process, v1, title="Öppen remiss om RUS 2040", closes_at=now + timedelta(days=20))
        kommun = OrganisationFactory(name="Fjällby kommun")
        kim = UserFactory(
            roles=[Role.STAKEHOLDER], organisations=[kommun], email="kim@fjallby.example", name="Kim Kommun"
        )
        UserFactory(roles=[Role.WORKING_GROUP], email="grupp@region.example", name="Greta Grupp")
        UserFactory(roles=[Role.ADMIN], email="samordnare@region.example", name="Sam Ordnare")
        response = submitted_response(closed, kommun, {v1.sections[i]: text for i, text in POINTS.items()}, author=kim)
        db.session.add(ResponseSubmission(response=response, number=1, submitted_at=now, submitted_by=kim, snapshot=[]))
        for comment, decision in zip(
            response.comments, (Decision.ACCEPTED, Decision.PARTLY, Decision.ACCEPTED), strict=True
        ):
            db.session.add(
                Position(
                    comment=comment,
                    decision=decision,
                    motivation=f"Motivering till {comment.section.number}.",
                    acted_on_section_key=comment.section.key,
                )
            )
        analyse_by_hand(closed, {"Allt": [f"c{c.id}" for c in response.comments]})
        db.session.commit()
        return {"closed": closed.id, "response": response.id, "headings": [s.heading for s in v1.sections]}


def test_the_next_version_traced_to_the_points_and_every_respondent_told(live_server, answered_round, page):
    base, headings = live_server.url, answered_round["headings"]

    # --- the working group writes version 2 while a round still consults on version 1 ------------
    log_in(page, base, "grupp@region.example")
    page.goto(f"{base}/process/RUS2040")
    page.get_by_role("button", name="Starta nästa version").click()
    page.get_by_role("heading", level=1).filter(has_text="version 2").wait_for()
    for index in range(3):
        page.get_by_role("link", name=re.compile(rf"^Ändra .*{re.escape(headings[index])}")).click()
        page.get_by_label("Text").fill(NEW_TEXT[index])
        page.get_by_role("button", name="Spara avsnittet").click()
        page.get_by_text("är sparat").wait_for()
    check_page(page, "arbetsgrupp: skriv version 2", "nasta-01-skriv-version")

    page.goto(f"{base}/remiss/{answered_round['closed'] + 1}")
    assert page.get_by_text("version 1").first.is_visible()
    page.goto(f"{base}/process/RUS2040/forslag")
    assert NEW_TEXT[0] not in page.content()  # the public still reads version 1

    page.goto(f"{base}/process/RUS2040/forslag/v2/publicera")
    page.get_by_role("button", name="Ja, publicera version 2").click()
    page.goto(f"{base}/process/RUS2040/forslag/jamfor?fran=1&till=2")
    reasons = page.get_by_text(re.compile(r"Ändrat med anledning av 1 synpunkt"))
    assert reasons.count() == 3
    check_page(page, "arbetsgrupp: jämförelse med skäl", "nasta-02-jamforelse")
    log_out(page)

    # --- the coordinator publishes the compilation from the readiness page ----------------------
    log_in(page, base, "samordnare@region.example")
    page.goto(f"{base}/arbetsgrupp/rundor/{answered_round['closed']}/sammanstallning/publicera")
    check_page(page, "samordnare: publiceringskontroll")
    page.get_by_role("button", name="Publicera sammanställningen och remissvaren").click()
    page.get_by_text("Alla som svarat får ett e-postmeddelande").wait_for()
    log_out(page)

    # --- the municipality is told, and reads what became of each of its points ------------------
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not any("hanterats" in str(m["Subject"]) for m in outbox(live_server)):
        time.sleep(0.2)
    mail = next(m for m in outbox(live_server) if "hanterats" in str(m["Subject"]))
    assert mail["To"] == "kim@fjallby.example"
    link = re.search(r"https?://\S+/svar/\d+/hantering", mail.get_content()).group(0)
    log_in(page, base, "kim@fjallby.example")
    page.goto(base + link[link.index("/svar/") :])
    page.get_by_role("heading", level=1, name="Era synpunkter och hur de har hanterats").wait_for()
    for index, text in POINTS.items():
        assert page.get_by_text(text).is_visible()
        assert page.get_by_role("link", name=re.compile(rf"{re.escape(headings[index])} i version 2")).is_visible()
    assert page.get_by_text("Beaktas delvis").is_visible()
    check_page(page, "aktör: era synpunkter", "nasta-03-era-synpunkter")

    page.goto(f"{base}/process/RUS2040/remiss/{answered_round['closed']}/vi-gjorde")
    assert page.get_by_text("Avsnittet är ändrat i version 2.").count() == 3
    check_page(page, "allmänheten: vi frågade, ni svarade, vi gjorde", "nasta-04-vi-gjorde")

    # --- the council adopts version 2; the adopted strategy is public, as a page and a Word file ---
    log_out(page)
    log_in(page, base, "samordnare@region.example")
    page.goto(f"{base}/process/RUS2040")
    page.get_by_role("link", name="Markera version 2 som antagen").click()
    decided = local_today() - timedelta(days=1)
    page.get_by_label("Beslutande organ").fill("Regionfullmäktige")
    page.get_by_label("Beslutsdatum").fill(decided.isoformat())
    page.get_by_label("Paragraf eller diarienummer").fill("§ 112, RS 2026/341")
    page.get_by_role("button", name="Ja, markera version 2 som antagen").click()
    page.get_by_text("Version 2 är markerad som antagen.").wait_for()
    log_out(page)

    page.goto(f"{base}/process/RUS2040")
    page.get_by_role("link", name=re.compile(r"^Läs den antagna strategin")).click()
    page.get_by_role("heading", level=1).wait_for()
    assert "/process/RUS2040/strategi" in page.url
    decision = page.locator(".strategy-decision")
    assert decision.get_by_text("Regionfullmäktige").is_visible()
    assert decision.get_by_text("§ 112, RS 2026/341").is_visible()
    assert page.get_by_role("heading", name=headings[0]).is_visible()
    assert page.get_by_text(NEW_TEXT[0]).is_visible()  # version 2's text, as the council adopted it
    page.get_by_role("navigation", name="Innehåll").get_by_role("link", name=headings[1]).click()
    assert page.url.endswith("#avsnitt-2")
    check_page(page, "allmänheten: antagen strategi", "nasta-05-antagen-strategi")
    page.emulate_media(media="print")  # printed: the strategy's text, not the site around it
    assert not page.locator(".site-header").is_visible() and not page.locator(".breadcrumbs").is_visible()
    assert page.get_by_text(NEW_TEXT[0]).is_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner strategin som Word-fil (.docx)").click()
    assert download.value.suggested_filename == "antagen-strategi-RUS2040.docx"
    word = WordDocument(io.BytesIO(download.value.path().read_bytes()))
    assert "Antagen av Regionfullmäktige den" in "\n".join(p.text for p in word.paragraphs[:4])
    assert NEW_TEXT[0] in [p.text for p in word.paragraphs]
    answer = page.request.get(f"{base}/process/RUS2040/strategi.docx")
    assert answer.headers["content-type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
