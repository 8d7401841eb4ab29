"""axe-core (WCAG 2.1 A and AA) on every HTML page, for a visitor and for every role, in the states a
person meets: empty, filled in, with errors (the 422 page with its error summary), read only, the error
pages, in English and at 320 px (reflow). Zero violations is the bar; no rule is disabled and nothing
excluded. The world and the page lists are in axe_site.py.

One server and one seeded world for the whole module; one browser context per role, signed in once.
`test_every_html_page_of_the_app_is_checked` keeps the lists honest: a GET page in the app's url_map
that none of them opens fails it.
"""

from __future__ import annotations

import re

import pytest

from app.extensions import db

from ..conftest import PASSWORD
from .axe import CHECKED, accessibility_problems, assert_accessible
from .axe_site import (
    DRAFT_MD,
    EMAILS,
    INVITATIONS_CSV,
    NOT_HTML,
    PDF,
    REFLOW_PAGES,
    ROLES,
    error_states,
    pages_for,
    seed,
)
from .conftest import served_app
from .flows import log_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """One server for the module (the conftest's starts one per test); its name keeps the per-test rollback away.

    Posting is mostly of invalid forms; the few that save something (a registration, a report, a meeting
    saved unchanged) change nothing another check depends on."""

    def crash_page(app):
        @app.get("/test/fel-500")
        def crash():  # the 500 page, which no real page shows on purpose
            raise RuntimeError("axe-test: the 500 page")

    with served_app(
        tmp_path_factory.mktemp("axe"),
        prepare=crash_page,
        JOBS_TRANSPORT="inline",
        MAX_CONTENT_LENGTH=1024 * 1024,
        PROPAGATE_EXCEPTIONS=False,
    ) as server:  # the app's own 500 page, as in production
        yield server


@pytest.fixture(scope="module")
def site(live_server):
    """Two processes: RUS2040 with an open round (filled, empty and pending-analysis states), a closed round
    with an analysis, positions and a published compilation (read only), meetings with and without notes;
    RUS2050 with nothing in it (the empty states)."""
    with live_server.app.app_context():
        ids = seed(live_server.app)
        db.session.remove()
    return ids


@pytest.fixture(scope="module")
def pages(browser, live_server, site):
    """One browser context per role, signed in once; closed at the end of the module."""
    opened: dict = {}

    def page_for(who: str):
        if who not in opened:
            context = browser.new_context(locale="sv-SE")
            page = context.new_page()
            if who != "anonymous":
                log_in(page, live_server.url, EMAILS[who])
            opened[who] = page
        return opened[who]

    yield page_for
    for page in opened.values():
        page.context.close()


def check(page, label: str, failures: list[str]) -> None:
    found = accessibility_problems(page, label)
    if found:
        failures.append(found)


@pytest.mark.parametrize("who", ROLES)
def test_every_page_passes_axe(live_server, site, pages, who):
    page = pages(who)
    failures: list[str] = []
    for label, url, status in pages_for(who, site):
        response = page.goto(live_server.url + url)
        assert response.status == status, f"{who}: {label} ({url}) gave {response.status}, expected {status}"
        if "utskrift" not in url:  # the print view has no site chrome
            assert page.locator('footer a[href="/tillganglighet"]').count() == 1, f"{who}: {label}: no statement link"
        check(page, f"{who}: {label}", failures)
    assert not failures, "\n\n".join(failures)


# --- states reached by posting a form ------------------------------------------------------------------

_FILL = """(form, values) => {
  for (const [name, value] of Object.entries(values)) {
    const fields = form.querySelectorAll(`[name="${name}"]`);
    if (!fields.length) throw new Error(`no field ${name}`);
    for (const field of fields) {
      if (field.type === "radio" || field.type === "checkbox") field.checked = field.value === value;
      else field.value = value;  // as a person could type it: past maxlength, any text in any box
    }
  }
}"""


def post_form(page, base: str, url: str, values: dict, button: str = "button[type=submit]", files: dict | None = None):
    """Open `url`, fill the form that has the first of `values`' fields, press its button; the response status."""
    page.goto(base + url)
    form = page.locator(f'main form:has([name="{next(iter(values))}"])').first
    form.evaluate(_FILL, {name: value for name, value in values.items() if value is not None})
    for name, payload in (files or {}).items():
        form.locator(f'[name="{name}"]').set_input_files(payload)
    with page.expect_navigation() as navigation:
        form.locator(button).last.click()
    return navigation.value.status


@pytest.mark.parametrize("who", ROLES)
def test_forms_sent_with_errors_pass_axe(live_server, site, pages, who):
    page = pages(who)
    failures: list[str] = []
    for label, url, values, button in error_states(who, site):
        try:
            status = post_form(page, live_server.url, url, values, button)
        except Exception as error:
            raise AssertionError(f"{who}: {label} ({url}): {error}") from error
        assert status == 422, f"{who}: {label} ({url}) gave {status}, expected 422"
        assert page.locator(".error-summary").count() >= 1, f"{who}: {label}: no error summary"
        check(page, f"{who}: {label} (422)", failures)
    assert not failures, "\n\n".join(failures)


# --- other states: previews, confirmations, flash messages, live regions, error pages ------------------


def test_previews_confirmations_and_error_pages_pass_axe(live_server, site, pages):
    base, s = live_server.url, site
    failures: list[str] = []

    def expect(label: str, status: int, actual: int, page) -> None:
        assert actual == status, f"{label}: {actual}, expected {status}"
        check(page, label, failures)

    page = pages("anonymous")
    # A form whose session expired (CSRF) comes back as 400 with the text kept.
    page.goto(base + "/tillganglighet/rapportera")
    page.get_by_label("Beskriv problemet").fill("Fokusramen syns inte på knapparna.")
    page.locator('main input[name="csrf_token"]').evaluate("field => field.value = 'utgången'")
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    expect("anonymous: expired form (400, text kept)", 400, navigation.value.status, page)
    assert "Fokusramen syns inte på knapparna." in page.content()
    # A form sent after being signed out comes back as 401 with the text kept.
    page.goto(base + "/tillganglighet/rapportera")
    page.locator("main form").evaluate(
        "(form, url) => { form.action = url; form.querySelector('textarea').value = 'Text som inte får försvinna.'; }",
        f"/organisation/{s.kommun}/bjud-in",
    )
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    expect("anonymous: form sent when signed out (401, text kept)", 401, navigation.value.status, page)
    status = post_form(page, base, "/tillganglighet/rapportera", {"description": "Tabellen saknar rubriker."})
    expect("anonymous: accessibility report sent", 200, status, page)
    status = post_form(
        page,
        base,
        "/registrera",
        {"name": "Ulla Ny", "email": "ulla@example.se", "password": PASSWORD, "password_again": PASSWORD},
    )
    expect("anonymous: registration, check your e-mail", 200, status, page)

    page = pages("admin")
    page.goto(base + "/admin/processer/RUS2040/forslag/importera")
    page.locator('main input[name="file"]').set_input_files(
        {"name": "forslag.md", "mimeType": "text/markdown", "buffer": DRAFT_MD.encode()}
    )
    with page.expect_navigation() as navigation:
        page.locator("main button[value=preview]").click()
    expect("admin: draft import preview", 200, navigation.value.status, page)
    page.goto(base + f"/admin/rundor/{s.open_round}/remissinstanser")
    page.locator('main input[name="file"]').set_input_files(
        {"name": "instanser.csv", "mimeType": "text/csv", "buffer": INVITATIONS_CSV.encode()}
    )
    with page.expect_navigation() as navigation:
        page.locator("main button[value=preview]").click()
    expect("admin: invitations import preview with a bad row (422)", 422, navigation.value.status, page)
    expect("admin: audit log, invalid date", 422, page.goto(base + "/admin/logg?from_day=fel").status, page)

    page = pages("facilitator")
    # Saved: the page after the redirect, with its flash message.
    status = post_form(page, base, f"/dialogtraffar/{s.quiet_meeting}/andra", {"title": "Verkstad om bostäder"})
    expect("facilitator: meeting saved (flash message)", 200, status, page)
    assert page.locator(".flash-success").count() == 1
    # Someone else changed the note meanwhile: 409 with the text kept.
    page.goto(base + f"/dialogtraffar/{s.meeting}/anteckningar/{s.note}")
    page.locator('main input[name="revision"]').evaluate("field => field.value = '0'")
    page.locator('main textarea[name="body"]').fill("Min nya text som inte får försvinna.")
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").first.click()
    expect("facilitator: note changed by someone else (409, text kept)", 409, navigation.value.status, page)
    # A file over the size limit: 413.
    status = post_form(
        page,
        base,
        f"/dialogtraffar/{s.meeting}/hantera",
        {"title": "För stort"},
        files={"file": {"name": "stor.pdf", "mimeType": "application/pdf", "buffer": PDF + b"0" * (1024 * 1024 + 10)}},
    )
    expect("facilitator: too large a file (413)", 413, status, page)

    page = pages("newcomer")
    expect("newcomer: a new response without comments", 200, page.goto(base + f"/svar/{s.empty}").status, page)
    expect("newcomer: start page with a draft", 200, page.goto(base + "/start").status, page)

    page = pages("stakeholder")
    # Autosave's live message, after typing in a comment box.
    page.goto(base + f"/svar/{s.filled}")
    page.locator("textarea").nth(2).fill("En ny synpunkt som sparas automatiskt.")
    page.locator("[data-autosave-status]").filter(has_text=re.compile(".+")).wait_for(timeout=15_000)
    check(page, "stakeholder: response with the autosave message", failures)
    assert not failures, "\n\n".join(failures)


# axe runs again at 320 px on these; every page of the role is checked for sideways scrolling.
_WIDER_THAN_THE_VIEWPORT = """() => [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-scroll'))
    .slice(0, 5).map(e => e.outerHTML.slice(0, 120))"""


@pytest.mark.parametrize("who", ROLES)
def test_pages_reflow_at_320_px(live_server, site, pages, who):
    """WCAG 1.4.10: at 320 CSS px (1280 px at 400 %) no page scrolls sideways; a wide data table scrolls in
    its own region. axe runs again at this width on the main pages."""
    page = pages(who)
    page.set_viewport_size({"width": 320, "height": 640})
    with_axe = {url.format(**vars(site)) for url in REFLOW_PAGES[who]}
    failures: list[str] = []
    try:
        for label, url, _status in pages_for(who, site):
            page.goto(live_server.url + url)
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > 320:
                failures.append(
                    f"{who}: {label} ({url}) is {width} px wide at 320 px; wider elements outside a "
                    f"scroll region: {page.evaluate(_WIDER_THAN_THE_VIEWPORT)}"
                )
            if url in with_axe:
                check(page, f"{who}: {label} at 320 px", failures)
                with_axe.discard(url)
    finally:
        page.set_viewport_size({"width": 1280, "height": 720})
    assert not with_axe, f"not in pages_for({who!r}): {with_axe}"
    assert not failures, "\n\n".join(failures)


def test_pages_in_english_pass_axe(browser, live_server, site):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    failures: list[str] = []
    try:
        page.goto(live_server.url + "/")
        with page.expect_navigation():
            page.get_by_role("button", name="In English").click()
        assert page.locator("html").get_attribute("lang") == "en"
        for url in ["/", "/process/RUS2040", f"/remiss/{site.open_round}", "/tillganglighet", "/logga-in"]:
            page.goto(live_server.url + url)
            check(page, f"anonymous, English: {url}", failures)
        status = post_form(page, live_server.url, "/logga-in", {"email": "", "password": ""}, "button")
        assert status == 422
        check(page, "anonymous, English: login with errors", failures)
    finally:
        context.close()
    assert not failures, "\n\n".join(failures)


def test_every_html_page_of_the_app_is_checked(live_server, site):
    """Each GET endpoint in the url_map is opened by at least one role above, or is listed as not HTML."""
    app = live_server.app
    adapter = app.url_map.bind("127.0.0.1")
    checked = set()
    for who in ROLES:
        urls = [url for _, url, _ in pages_for(who, site)] + [url for _, url, _, _ in error_states(who, site)]
        for url in urls:
            try:
                endpoint, _ = adapter.match(url.split("?")[0], method="GET")
            except Exception:  # a 404 or 405 page on purpose
                continue
            checked.add(endpoint)
    pages = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in (rule.methods or ())}
    missing = sorted(pages - checked - NOT_HTML)
    assert not missing, f"GET pages no axe check opens (add them to pages_for): {missing}"


# --- the checks themselves, and the keyboard -----------------------------------------------------------


def test_the_axe_check_fails_on_a_page_with_violations(live_server, pages):
    page = pages("anonymous")
    page.goto(live_server.url + "/tillganglighet")
    page.evaluate("""() => {
        const main = document.querySelector('main');
        main.append(Object.assign(document.createElement('img'), {src: '/static/none.png'}));
        main.append(Object.assign(document.createElement('button'), {className: 'button'}));
    }""")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_accessible(page, "a page made inaccessible on purpose")
    message = str(failure.value)
    assert "image-alt" in message and "button-name" in message
    assert "a page made inaccessible on purpose" in message and "/tillganglighet" in message
    assert CHECKED[-1] == ("a page made inaccessible on purpose", page.url)


_FOCUS = """() => {
    const e = document.activeElement, style = getComputedStyle(e), box = e.getBoundingClientRect();
    return {tag: e.tagName, text: (e.innerText || e.value || '').trim().slice(0, 60), id: e.id, name: e.name || '',
            visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
            ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none'};
}"""


def tab_to(page, matches, limit: int = 80) -> dict:
    """Press Tab until `matches(focused)`; every element on the way must show where focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUS)
        assert focused["visible"] and focused["ring"], f"focus is not visible on {focused}"
        if matches(focused):
            return focused
    raise AssertionError("never reached by Tab")


def test_reporting_a_problem_works_with_the_keyboard_alone(live_server, site, browser):
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    try:
        base = live_server.url
        page.goto(base + "/dialogtraffar")
        skip = tab_to(page, lambda f: True, limit=1)
        assert skip["text"] == "Hoppa till innehållet"
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.id") == "main"
        tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "Tillgänglighet")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        tab_to(page, lambda f: f["text"] == "Rapportera ett tillgänglighetsproblem")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_label("Vilken sida gäller det?").input_value() == base + "/dialogtraffar"

        # Sent empty: the error summary takes focus, and its link leads to the field.
        tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Skicka")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.matches('[data-error-summary]')")
        tab_to(page, lambda f: f["tag"] == "A" and f["text"].startswith("Beskriv problemet"))
        page.keyboard.press("Enter")
        assert page.evaluate("() => document.activeElement.name") == "description"
        page.keyboard.type("Listan över dialogträffar går inte att nå med tangentbordet.")
        tab_to(page, lambda f: f["name"] == "email")
        page.keyboard.type("anna@kommun.example")
        tab_to(page, lambda f: f["name"] == "wants_answer")
        page.keyboard.press("Space")
        tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"] == "Skicka")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.get_by_role("heading", name="Tack för din rapport").is_visible()
        assert page.get_by_text("Vi svarar till anna@kommun.example inom fem arbetsdagar.").is_visible()
        assert_accessible(page, "anonymous: accessibility report sent by keyboard")
    finally:
        context.close()
