"""In a real browser: from the round's responses to a published compilation, as the working group
and the coordinator would click it (the review issue's 'done means')."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from docx import Document as WordDocument
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from consultation.people import ActorType
from consultation.review import AnalysisItem, Campaign, Position

from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
from ..themes.conftest import HOUSING, SKILLS, TRANSPORT, submitted_response
from .flows import check_page, log_in

pytestmark = pytest.mark.browser

CAMPAIGN = (
    "Rädda byskolan i Granmo! Om skolan läggs ned flyttar barnfamiljerna och byn dör. "
    "Regionen måste ta ansvar för servicen på landsbygden."
)


@pytest.fixture
def closed_round(live_server):
    """A round that closed yesterday, with comments on three themes and a four-person campaign."""
    with live_server.app.app_context():
        process = ProcessFactory(code="RUS2040")
        version = add_draft(process, sections=3)
        now = datetime.now(UTC)
        round_ = add_round(
            process,
            version,
            title="Remiss RUS 2040",
            opens_at=now - timedelta(days=30),
            closes_at=now - timedelta(days=1),
        )
        author = UserFactory(roles=["stakeholder"], email="aktor@kommun.example")
        UserFactory(roles=["working_group"], email="grupp@region.example", name="Greta Grupp")
        UserFactory(roles=["admin"], email="samordnare@region.example", name="Sam Ordnare")
        for section, texts in zip(version.sections, (TRANSPORT, SKILLS, HOUSING), strict=True):
            for text in texts:
                submitted_response(round_, OrganisationFactory(), {section: text}, author=author)
        for name, ending in (
            ("Lisa", ""),
            ("Erik", " Tänk om!"),
            ("Maja", " Jag har bott här i fyrtio år."),
            ("Olle", ""),
        ):
            person = OrganisationFactory(name=f"{name} i Granmo", actor_type=ActorType.PRIVATE_PERSON)
            submitted_response(round_, person, {version.sections[2]: CAMPAIGN + ending}, author=author)
        db.session.commit()
        ids = {"round": round_.id, "code": process.code}
        db.session.remove()
    return ids


def test_from_analysis_to_a_published_compilation(live_server, closed_round, page):
    base, round_id = live_server.url, closed_round["round"]
    log_in(page, base, "grupp@region.example")

    # Start the analysis from the list of responses and wait for the themes (the page follows the job).
    page.goto(f"{base}/arbetsgrupp/rundor/{round_id}/svar")
    check_page(page, "arbetsgrupp: inkomna svar")
    page.get_by_role("link", name="Temaanalys").click()
    check_page(page, "arbetsgrupp: temaanalys utan körning")
    page.get_by_label("Antal teman").fill("3")
    page.get_by_role("button", name="Starta analysen").click()
    page.get_by_role("heading", name="Teman i remissvaren").wait_for(timeout=180_000)
    check_page(page, "arbetsgrupp: teman i analysen", "arbetsgrupp-01-teman")
    run_id = int(re.search(r"/analys/(\d+)", page.url).group(1))

    # Rename one theme and merge another into it.
    page.locator(".theme-card h3 a").first.click()
    page.get_by_label("Nytt namn på temat").fill("Resor och pendling")
    page.get_by_role("button", name="Byt namn").click()
    page.get_by_text("Temat har fått nytt namn.").wait_for()
    page.get_by_label("Slå ihop med").select_option(index=0)
    page.get_by_role("button", name="Slå ihop").click()
    page.get_by_text("Temana är sammanslagna.").wait_for()
    check_page(page, "arbetsgrupp: ett tema efter namnbyte och sammanslagning", "arbetsgrupp-02-tema")
    assert page.get_by_text("Resor och pendling").first.is_visible()

    # Answer the whole campaign in one step.
    with live_server.app.app_context():
        campaign = db.session.scalars(select(Campaign).where(Campaign.run_id == run_id)).one()
        members = [
            i.comment_id
            for i in db.session.scalars(select(AnalysisItem).where(AnalysisItem.campaign_id == campaign.id))
        ]
        db.session.remove()
    assert len(members) == 4
    page.goto(f"{base}/arbetsgrupp/analys/{run_id}/kampanjer/{campaign.id}/svara")
    check_page(page, "arbetsgrupp: svara på en kampanj")
    page.get_by_label("Beaktas delvis").check()
    page.get_by_label("Motivering").fill("Servicen på landsbygden lyfts i avsnitt 3; skolfrågan är kommunal.")
    page.locator("main form").get_by_role("button").last.click()
    page.wait_for_load_state()
    check_page(page, "arbetsgrupp: kampanjen besvarad", "arbetsgrupp-03-kampanj-besvarad")
    with live_server.app.app_context():
        decided = db.session.scalars(select(Position).where(Position.comment_id.in_(members))).all()
        assert sorted(p.comment_id for p in decided) == sorted(members)
        assert {p.decision for p in decided} == {"partly"}
        db.session.remove()

    # The compilation, and its downloads.
    page.goto(f"{base}/arbetsgrupp/rundor/{round_id}/svar")
    page.get_by_role("link", name="Remissammanställning").click()
    check_page(page, "arbetsgrupp: remissammanställningen", "arbetsgrupp-04-sammanstallning")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som Word (.docx)").click()
    word = WordDocument(io.BytesIO(download.value.path().read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs) + "".join(
        c.text for t in word.tables for r in t.rows for c in r.cells
    )
    assert "Servicen på landsbygden lyfts i avsnitt 3" in text
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som Excel (.xlsx)").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert any("Rädda byskolan" in str(cell.value) for row in sheet.iter_rows() for cell in row)

    # The coordinator publishes; anyone can then read it.
    page.get_by_role("button", name="Logga ut").click()
    log_in(page, base, "samordnare@region.example")
    page.goto(f"{base}/arbetsgrupp/rundor/{round_id}/sammanstallning")
    page.get_by_role("link", name="Granska och publicera").click()
    # The readiness page: with points still unanswered, publishing needs the explicit choice.
    unanswered = page.get_by_label("Publicera ändå, med synpunkter som saknar ställningstagande")
    if unanswered.count():
        unanswered.check()
    page.get_by_role("button", name="Publicera sammanställningen och remissvaren").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Logga ut").click()
    page.goto(f"{base}/process/{closed_round['code']}")
    page.get_by_role("link", name="Remissammanställning").click()
    check_page(page, "allmänheten: publicerad remissammanställning", "allmanhet-03-sammanstallning")
    assert page.get_by_text("Servicen på landsbygden lyfts i avsnitt 3").first.is_visible()
    # Private persons who did not consent are not named in public.
    assert page.get_by_text("Lisa i Granmo").count() == 0
    assert page.dialogs == []
