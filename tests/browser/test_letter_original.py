"""In a real browser: the original of a PDF letter, opened as "ur bifogat brev, s. 2" links to it, is served as a
PDF, opens in Chromium's own PDF viewer at that page, and its Content-Security-Policy (no script, nothing loaded,
framed only by Samråd) raises no console error."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from consultation.letters import files
from consultation.remiss import responses

from ..analysis.letters_data import letter_bytes
from ..factories import OrganisationFactory, UserFactory
from ..letters.files_for_tests import bergslunda_round_now
from .conftest import served_app
from .flows import database, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def live_server(tmp_path):
    with served_app(tmp_path, ANALYSIS_USE_EMBEDDINGS=False) as server:
        yield server


def viewer_page(page, expected: str) -> str:
    """The page Chromium's PDF viewer (an extension frame inside the tab) shows in its toolbar, once it shows
    `expected` or after ten seconds: it shows 0 while loading and may show 1 before it goes to the page asked for."""
    for _ in range(100):  # the viewer's frame attaches a moment after the navigation
        viewer = next((f for f in page.frames if f.url.startswith("chrome-extension://")), None)
        if viewer is not None:
            break
        page.wait_for_timeout(100)
    assert viewer is not None, [f.url for f in page.frames]
    selector = viewer.locator("viewer-page-selector input").first
    value = selector.input_value(timeout=10_000)
    for _ in range(100):
        if value == expected:
            break
        page.wait_for_timeout(100)
        value = selector.input_value()
    return value


def test_the_original_opens_in_the_pdf_viewer_at_its_page_without_a_csp_error(live_server, page):
    base = live_server.url
    with database(live_server) as session:
        round_ = bergslunda_round_now()
        ulvsjo = OrganisationFactory(name="Ulvsjö kommun")
        writer = UserFactory(roles=["stakeholder"], organisations=[ulvsjo], email="kari@ulvsjo.example")
        response = responses.open_response(session, writer, round_.id, f"org-{ulvsjo.id}", datetime.now(UTC))
        data = letter_bytes("01-ulvsjo-kommun.pdf")
        letter_id = files.attach_letter(session, writer, response.id, "ulvsjo.pdf", data, datetime.now(UTC)).id
    log_in(page, base, "kari@ulvsjo.example")
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))

    answer = page.goto(f"{base}/brev/{letter_id}/original#page=2")
    assert answer.status == 200 and answer.headers["content-type"] == "application/pdf"
    # all_headers(): Playwright's `headers` shows a PDF navigation's CSP as Chromium rewrote it for its viewer.
    assert "default-src 'none'" in answer.all_headers()["content-security-policy"]
    assert viewer_page(page, "2") == "2"
    page.wait_for_timeout(1000)  # a violation is reported as the viewer settles
    assert not [m for m in console if m.startswith("error")], console

    # The controls: without a page the viewer opens at page 1, and the listener hears this tab's console errors.
    # (Chromium shows a PDF in a wrapper document of its own whose CSP is only the response's frame-ancestors;
    # the letter's default-src 'none' governs the PDF itself, which the viewer renders without page script.)
    page.goto(f"{base}/brev/{letter_id}/original")
    assert viewer_page(page, "1") == "1"
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = '/finns-inte.png'; document.body.append(img); }"
    )
    page.wait_for_timeout(1000)
    assert any(m.startswith("error") and "404" in m for m in console), console
