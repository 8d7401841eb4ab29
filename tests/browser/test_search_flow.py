"""In a real browser: the working group searches the input of a process, as issue 15 asks.

A word form finds its other forms ("pendling" finds "Pendlingen", "kollektivtrafiken" finds
"kollektivtrafik"), the matched words are marked, a filter narrows the hits, and a hit opens
the response it came from. User text in a hit stays text.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from consultation.people import ActorType
from consultation.remiss import ResponseStatus, responses

from ..factories import OrganisationFactory, ProcessFactory, UserFactory, add_draft, add_round
from ..themes.conftest import TRANSPORT, submitted_response
from .flows import check_page, log_in

pytestmark = pytest.mark.browser

PIA = "Pendlingen till jobbet tar för lång tid och tåget är alltid sent."
HOSTILE = 'Pendling kräver <img src=x onerror="window.hacked=1"> bättre bussar.'


@pytest.fixture
def searched_process(live_server):
    """A round with the transport comments (from municipalities), one from a private person, and one hostile."""
    with live_server.app.app_context():
        # Not RUS2040: the factory numbers its responses RUS2040-2026-…, the service by the process's code.
        process = ProcessFactory(code="RUS2050")
        version = add_draft(process, sections=3)
        now = datetime.now(UTC)
        round_ = add_round(process, version, opens_at=now - timedelta(days=30), closes_at=now + timedelta(days=1))
        author = UserFactory(roles=["stakeholder"], email="aktor@kommun.example")
        UserFactory(roles=["working_group"], email="grupp@region.example", name="Greta Grupp")
        for n, text in enumerate(TRANSPORT):
            submitted_response(
                round_, OrganisationFactory(name=f"Kommun {n}"), {version.sections[0]: text}, author=author
            )
        # Submitted through the service, so that the hit opens a response as the page shows it.
        person = OrganisationFactory(name="Pia Pendlare", actor_type=ActorType.PRIVATE_PERSON)
        pia = UserFactory(roles=["stakeholder"], email="pia@example.se", organisations=[person])
        draft = submitted_response(round_, person, {version.sections[1]: PIA}, status=ResponseStatus.DRAFT, author=pia)
        responses.submit_response(db.session, pia, draft.id, now)
        hostile = OrganisationFactory(name="Ond förening", actor_type=ActorType.CIVIL_SOCIETY)
        submitted_response(round_, hostile, {version.sections[2]: HOSTILE}, author=author)
        db.session.commit()
        ids = {"code": process.code}
        db.session.remove()
    return ids


def test_the_working_group_finds_word_forms_filters_and_opens_a_hit(live_server, searched_process, page):
    base = live_server.url
    log_in(page, base, "grupp@region.example")
    page.goto(f"{base}/arbetsgrupp/process/{searched_process['code']}/sok")
    check_page(page, "search, empty", "search-empty")

    search = page.get_by_role("searchbox", name="Sök efter")
    search.fill("pendling")
    page.locator("main").get_by_role("button", name="Sök").click()
    hits = page.locator(".search-hit")
    hits.first.wait_for()
    marked = [text.lower() for text in page.locator(".search-hit mark").all_inner_texts()]
    assert "pendlingen" in marked and "pendling" in marked  # the form typed and another form of it
    assert hits.count() == 3  # two comments from organisations, one from a private person
    assert page.evaluate("window.hacked") is None  # the hostile text is shown, not run
    assert page.locator(".search-hit", has_text='<img src=x onerror="window.hacked=1">').count() == 1
    check_page(page, "search, hits", "search-hits")

    search.fill("kollektivtrafiken")
    page.locator("main").get_by_role("button", name="Sök").click()
    page.get_by_role("heading", name="2 träffar").wait_for()
    assert sorted(page.locator(".search-hit mark").all_inner_texts()) == ["Kollektivtrafiken", "kollektivtrafik"]

    # A filter narrows the hits: of the texts on pendling, the private person's only.
    search.fill("pendling")
    page.get_by_label("Aktörstyp").select_option(label="Privatperson")
    page.locator("main").get_by_role("button", name="Sök").click()
    page.get_by_role("heading", name="1 träff").wait_for()
    assert "tåget är alltid sent" in hits.first.inner_text()
    assert "actor_type=private_person" in page.url

    with page.expect_navigation():
        hits.first.get_by_role("link", name="Visa remissvaret").click()
    opened = page.locator("main").inner_text()
    assert "Pia Pendlare" in opened and "tåget är alltid sent" in opened, opened[:500]
    check_page(page, "search, opened hit")
