"""In a real browser: the coordinator sets up the strategic group and a council, the group prepares a meeting's
agenda by goal area as a draft, the convenor publishes it, the coordinator records the decision and a
commitment, and the owner organisation makes the commitment an insats that the coordinator approves."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from consultation.drafts.adoption import Decision, adopt_version
from consultation.followup import Approval, Commitment, Initiative
from consultation.meetings import Meeting, MeetingKind
from consultation.people.access import SYSTEM
from consultation.timezones import local_today

from ..factories import OrganisationFactory, UserFactory
from .flows import check_page, database, future, log_in, log_out, seed_process

pytestmark = pytest.mark.browser

COORDINATOR, GROWTH, CHAIR = "samordnare@region.example", "tillvaxt@fjallby.example", "ordforande@region.example"


def _item(page, title: str):
    return page.locator("article.agenda-item", has=page.get_by_role("heading", level=3, name=re.compile(title)))


def test_a_council_meeting_with_an_agenda_by_goal_area_produces_a_commitment_that_becomes_an_insats(live_server, page):
    base = live_server.url
    with database(live_server) as session:
        process, version = seed_process()
        adopt_version(session, SYSTEM, version.id, Decision("Regionfullmäktige", local_today(), "§ 40"), local_today())
        fjallby = OrganisationFactory(name="Fjällby kommun")
        OrganisationFactory(name="Granmo kommun")
        UserFactory(roles=["admin"], email=COORDINATOR, name="Sam Samordnare")
        UserFactory(roles=["stakeholder"], organisations=[fjallby], email=GROWTH, name="Tove Tillväxtchef")
        UserFactory(roles=["stakeholder"], email=CHAIR, name="Olle Ordförande")
        starts = future(days=10)
        db.session.add(
            Meeting(
                process=process,
                kind=MeetingKind.COUNCIL,
                title="Rådsmöte i juni",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                is_published=True,
            )
        )

    # The coordinator sets up the strategic group (with Tove in it) and the council, convened by Olle.
    log_in(page, base, COORDINATOR)
    page.goto(f"{base}/process/RUS2040/uppfoljning")
    page.get_by_role("link", name="Samverkansråden och deras dagordningar").click()
    page.get_by_role("heading", level=1, name="Samverkansråd").wait_for()
    page.get_by_label("Namn").fill("Strategiska gruppen")
    page.get_by_label("Slags råd").select_option(label="Strategisk grupp")
    page.get_by_role("button", name="Skapa rådet").click()
    page.get_by_text("Rådet Strategiska gruppen är skapat.").wait_for()
    page.get_by_label("eller person").select_option(label=f"Tove Tillväxtchef ({GROWTH})")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    page.get_by_text("Medlemmen är tillagd.").wait_for()
    page.get_by_role("link", name="Samverkansråd").click()
    page.get_by_label("Namn").fill("Regionala utvecklingsrådet")
    page.get_by_label("Slags råd").select_option(label="Regionalt råd")
    page.get_by_label("Sammankallande").select_option(label=f"Olle Ordförande ({CHAIR})")
    page.get_by_role("button", name="Skapa rådet").click()
    page.get_by_label("Organisation").select_option(label="Fjällby kommun")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    page.get_by_label("Möte", exact=True).select_option(index=1)  # the process's one meeting that no council holds
    assert "Rådsmöte i juni" in page.get_by_label("Möte", exact=True).locator("option:checked").inner_text()
    page.get_by_role("button", name="Koppla mötet").click()
    page.get_by_text("Mötet hör nu till rådet.").wait_for()
    agenda_url = page.url.split("#")[0]
    log_out(page)

    # Tove prepares the draft: points under two goal areas and one under "Övrigt", added out of order.
    log_in(page, base, GROWTH)
    page.goto(agenda_url)
    page.get_by_text("Dagordningen är ett utkast").wait_for()
    for title, area in (
        ("Nästa möte", "Övrigt"),
        ("Pendling över kommungränserna", "3 Transporter och tillgänglighet"),
        ("Kompetensförsörjningen i vården", "2 Kompetensförsörjning"),
    ):
        page.get_by_label("Rubrik").fill(title)
        page.get_by_label("Målområde", exact=True).select_option(label=area)
        page.get_by_role("button", name="Lägg till punkten").click()
        page.get_by_text(f"Punkten {title} är tillagd i utkastet.").wait_for()
    assert page.get_by_role("button", name="Publicera dagordningen").count() == 0  # the convenor's to do
    log_out(page)
    assert page.goto(agenda_url).status == 404  # nobody else sees the draft

    log_in(page, base, CHAIR)
    page.goto(agenda_url)
    page.get_by_role("button", name="Publicera dagordningen").click()
    page.get_by_text("Dagordningen är publicerad").wait_for()
    log_out(page)

    # The coordinator records the decision on the goal area's point and hands Fjällby kommun a commitment.
    log_in(page, base, COORDINATOR)
    page.goto(agenda_url)
    headings = page.locator("main h2").all_inner_texts()
    assert headings[:3] == ["2 Kompetensförsörjning", "3 Transporter och tillgänglighet", "Övrigt"]
    point = _item(page, "Kompetensförsörjningen i vården")
    assert point.get_by_role("heading", level=3).inner_text() == "1. Kompetensförsörjningen i vården"
    point.get_by_label("Protokoll", exact=True).fill("Vården behöver fler undersköterskor i hela länet.")
    point.get_by_label("Beslut", exact=True).fill("Rådet ger Fjällby kommun i uppdrag att samordna praktiken.")
    point.get_by_role("button", name=re.compile("^Spara protokoll och beslut")).click()
    page.get_by_text("Protokoll och beslut för Kompetensförsörjningen i vården är sparade.").wait_for()
    point = _item(page, "Kompetensförsörjningen i vården")
    point.get_by_label("Åtagande", exact=True).fill("Samordnad praktik i vården\nEn plan tillsammans med Granmo.")
    point.get_by_label("Vem tar över").select_option(label="Fjällby kommun")
    point.get_by_label("Senast").fill((local_today() + timedelta(days=90)).isoformat())
    point.get_by_role("button", name=re.compile("^Lämna åtagandet")).click()
    page.get_by_text("Åtagandet är lämnat till Fjällby kommun.").wait_for()
    check_page(page, "samordnare: rådsmötets dagordning med protokoll och åtagande", "rad-dagordning")
    log_out(page)

    # Tove, of the owner organisation, makes the commitment an insats under the point's goal area.
    log_in(page, base, GROWTH)
    page.goto(agenda_url)
    row = page.locator("tr", has_text="Samordnad praktik i vården")
    assert row.get_by_label("Målområde eller avsnitt för insatsen").input_value() != ""  # the point's goal area
    row.get_by_role("button", name="Gör till insats").click()
    page.get_by_text("Åtagandet är nu en föreslagen insats.").wait_for()
    page.get_by_role("heading", level=1, name="Samordnad praktik i vården").wait_for()
    page.get_by_role("link", name="Åtagande från Regionala utvecklingsrådet, Rådsmöte i juni").wait_for()
    with database(live_server) as session:
        made = session.scalar(select(Initiative))
        assert made.approval == Approval.PROPOSED and made.organisation.name == "Fjällby kommun"
        assert [s.number for s in made.sections] == ["2"]
        assert session.scalar(select(Commitment)).initiative_id == made.id
    log_out(page)

    log_in(page, base, COORDINATOR)
    page.goto(f"{base}/admin/processer/RUS2040/uppfoljning?visa=foreslagna")
    page.get_by_role("button", name="Godkänn Samordnad praktik i vården").click()
    page.get_by_text("Insatsen Samordnad praktik i vården är godkänd").wait_for()
    log_out(page)

    # Everyone now sees the insats under its goal area and, from the agenda, what became of the commitment.
    page.goto(agenda_url)
    page.get_by_role("link", name="Samordnad praktik i vården").click()
    page.get_by_role("heading", level=1, name="Samordnad praktik i vården").wait_for()
    page.goto(f"{base}/process/RUS2040/uppfoljning")
    page.get_by_role("link", name="2 Kompetensförsörjning").click()
    page.get_by_text("Samordnad praktik i vården").first.wait_for()
