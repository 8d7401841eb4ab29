"""In a real browser: the coordinator imports 30 insatser from an .xlsx, confirms the preview and reads a goal
area's bars; a member of an organisation proposes an insats and the coordinator approves it."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from consultation.drafts.adoption import Decision, adopt_version
from consultation.followup import Approval, Initiative
from consultation.people.access import SYSTEM
from consultation.timezones import local_today

from ..factories import OrganisationFactory, UserFactory
from .flows import check_page, database, log_in, log_out, seed_process

pytestmark = pytest.mark.browser

GOAL_AREAS = ["1", "2 Kompetensförsörjning", "Transporter och tillgänglighet"]  # by number, both, or heading
STATUSES = ["planerad", "pågår", "genomförd", "pausad", "avbruten"]


def sheet(organisations: list[str]) -> bytes:
    """30 insatser as a region keeps them in Excel: ten per goal area, each with an indicator."""
    from openpyxl import Workbook

    workbook = Workbook()
    rows = workbook.active
    rows.append(["Rubrik", "Organisation", "Målområde", "Status", "Framsteg (%)", "Startdatum", "Slutdatum",
                 "Kontaktperson", "Indikator", "Enhet", "Utgångsvärde", "Målvärde"])  # fmt: skip
    for n in range(30):
        rows.append(
            [f"Insats {n + 1:02d}", organisations[n % len(organisations)], GOAL_AREAS[n % 3],
             STATUSES[n % 5], (n * 7) % 101, "2026-01-01", "2029-12-31", f"Kontakt {n + 1}",
             "Deltagare", "personer", 0, 100 + n]
        )  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_coordinator_imports_30_insatser_and_approves_a_members_proposal(live_server, page):
    base = live_server.url
    with database(live_server) as session:
        _process, version = seed_process()
        adopt_version(session, SYSTEM, version.id, Decision("Regionfullmäktige", local_today(), "§ 40"), local_today())
        organisations = [OrganisationFactory(name=f"Organisation {n + 1:02d}") for n in range(15)]
        UserFactory(roles=["admin"], email="samordnare@region.example", name="Sam Samordnare")
        UserFactory(
            roles=["stakeholder"], organisations=[organisations[0]], email="anna@org1.example", name="Anna Andersson"
        )
        names = [o.name for o in organisations]

    log_in(page, base, "samordnare@region.example")
    page.goto(f"{base}/process/RUS2040")
    page.get_by_role("link", name=re.compile("^Uppföljning")).click()
    page.get_by_role("heading", level=1, name="Uppföljning av strategin").wait_for()
    page.get_by_role("link", name="Hantera insatser").click()
    page.get_by_role("link", name="Importera från .xlsx eller CSV").click()
    page.get_by_label("Fil med insatser (.xlsx eller CSV)").set_input_files(
        {
            "name": "insatser.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": sheet(names),
        }
    )
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_text("Filen innehåller 30 insatser utan fel.").wait_for()
    assert page.locator("table tbody tr").count() == 30
    check_page(page, "samordnare: förhandsgranskning av import av insatser", "samordnare-insatser-import")
    with database(live_server) as session:
        assert session.scalar(select(Initiative.id)) is None  # a preview imports nothing
    page.get_by_role("button", name="Importera", exact=True).click()
    page.get_by_text("30 insatser är importerade.").wait_for()

    page.goto(f"{base}/process/RUS2040/uppfoljning")
    area = page.locator("section.goal-area", has=page.get_by_role("link", name="2 Kompetensförsörjning"))
    assert "10 insatser" in area.inner_text()
    page.get_by_role("link", name="2 Kompetensförsörjning").click()
    page.get_by_role("heading", level=1, name="2 Kompetensförsörjning").wait_for()
    assert page.locator("article.initiative").count() == 10
    bars = page.locator("article.initiative svg.bar rect.bar-fill")
    assert bars.count() == 10
    first = page.locator("article.initiative", has_text="Insats 02")
    assert first.locator("rect.bar-fill").get_attribute("width") == "7"
    assert " ".join(first.locator(".bar-value").text_content().split()) == "Framsteg: 7 %"  # the bar's value, in text
    check_page(page, "allmänheten: målområde med staplar", "uppfoljning-malomrade")
    log_out(page)

    log_in(page, base, "anna@org1.example")
    page.goto(f"{base}/process/RUS2040/uppfoljning")
    page.get_by_role("link", name="Föreslå insats").click()
    page.get_by_label("Rubrik").fill("Sommarjobb för unga")
    page.get_by_label("Ägande organisation").select_option(label="Organisation 01")
    page.get_by_label("3 Transporter och tillgänglighet").check()
    page.get_by_label("Kort beskrivning").fill("Hundra sommarjobb i länets kommuner.")
    page.locator('[name="indicator_1_name"]').fill("Sommarjobb")
    page.locator('[name="indicator_1_target"]').fill("100")
    check_page(page, "aktör: föreslå insats")
    page.get_by_role("button", name="Föreslå insatsen").click()
    page.get_by_text("Tack! Insatsen är föreslagen.").wait_for()
    page.get_by_text("Insatsen är föreslagen och syns bara för den egna organisationen").wait_for()
    log_out(page)

    log_in(page, base, "samordnare@region.example")
    page.goto(f"{base}/admin/processer/RUS2040/uppfoljning")
    page.get_by_role("link", name="Föreslagna").click()
    row = page.locator("tr", has_text="Sommarjobb för unga")
    assert page.locator("tbody tr").count() == 1
    row.get_by_role("button", name="Godkänn Sommarjobb för unga").click()
    page.get_by_text("Insatsen Sommarjobb för unga är godkänd och syns nu för alla.").wait_for()
    with database(live_server) as session:
        approved = session.scalar(select(Initiative).where(Initiative.title == "Sommarjobb för unga"))
        assert approved.approval == Approval.APPROVED
    log_out(page)

    page.goto(f"{base}/process/RUS2040/uppfoljning")
    transport = page.locator("section.goal-area", has=page.get_by_role("link", name="3 Transporter och tillgänglighet"))
    assert "11 insatser" in transport.inner_text()
