"""The stakeholder flow with the keyboard only (Tab, Shift+Tab, Enter, Space and typing; no clicks, no
.fill()): the Tab order starts at the skip link, then the main menu, then the form fields in the order
they are seen; whatever has focus shows it; and a form with an error puts focus on the error summary,
whose links take focus to the field in question."""

from __future__ import annotations

import itertools
import re

import pytest

from ..conftest import PASSWORD
from .flows import ROUND_TITLE, check_page, seed_invited_round

pytestmark = pytest.mark.browser

# What has focus, where it is, and its focus styles; and the previous focused element's styles now that
# it has lost focus (so that the indicator is proved to come from focus, not from the element's own look).
_FOCUS_STEP = """() => {
  const style = (e) => {
    const s = getComputedStyle(e);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
      ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : "none";
    return {outline, shadow: s.boxShadow};
  };
  const e = document.activeElement;
  const result = {previous: null, focused: null};
  if (window.__kbPrevious && window.__kbPrevious !== e && window.__kbPrevious.isConnected) {
    result.previous = {description: window.__kbPreviousDescription, focused: window.__kbPreviousStyle,
                       unfocused: style(window.__kbPrevious)};
  }
  if (!e || e === document.body) {
    window.__kbPrevious = null;
    return result;
  }
  const r = e.getBoundingClientRect();
  const label = e.labels && e.labels.length ? e.labels[0].innerText : e.getAttribute("aria-label") || "";
  const text = (e.innerText || e.value || "").trim();
  result.focused = {
    tag: e.tagName.toLowerCase(), id: e.id, text, label: label.trim(),
    name: (label || text).replace(/\\s+/g, " ").trim(),
    area: e.closest("main") ? "main" : e.closest("nav[aria-label]") && e.closest("header") ? "menu"
        : e.closest("header") ? "header" : e.closest("footer") ? "footer" : "other",
    skip: e.classList.contains("skip-link"),
    inSummary: !!e.closest(".error-summary"),
    top: r.top + scrollY, left: r.left + scrollX, width: r.width, height: r.height,
    inViewport: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
    style: style(e),
  };
  // <main> takes focus only from the skip link, as a starting point: it is not a control and has no indicator.
  window.__kbPrevious = e.tagName === "MAIN" ? null : e;
  window.__kbPreviousStyle = result.focused.style;
  window.__kbPreviousDescription = `${result.focused.tag} "${result.focused.name}"`;
  return result;
}"""


def press(page, key: str) -> dict | None:
    """Press one key and check focus: the focused element is on screen with a visible indicator that it
    did not have before, and the element that lost focus also lost that indicator."""
    page.keyboard.press(key)
    step = page.evaluate(_FOCUS_STEP)
    previous, focused = step["previous"], step["focused"]
    if previous is not None:
        assert previous["unfocused"] != previous["focused"], (
            f"{previous['description']} looks the same with and without focus: {previous['focused']}"
        )
    if focused is not None and focused["tag"] != "main":
        what = f'{focused["tag"]} "{focused["name"]}"'
        assert focused["style"]["outline"] != "none" or focused["style"]["shadow"] != "none", (
            f"{what} has focus but no outline or box-shadow"
        )
        assert focused["width"] > 0 and focused["height"] > 0 and focused["inViewport"], f"{what} has focus off screen"
    return focused


def tab_to(page, name: str | re.Pattern, key: str = "Tab", limit: int = 80) -> dict:
    """Tab (or Shift+Tab) until the element with this accessible name or label has focus."""
    seen = []
    for _ in range(limit):
        focused = press(page, key)
        if focused is None:
            continue
        seen.append(focused["name"])
        matches = re.search(name, focused["name"]) if isinstance(name, re.Pattern) else focused["name"] == name
        if matches:
            return focused
    raise AssertionError(f"{name!r} never got focus with {key}; focus went through {seen}")


def activate(page, key: str = "Enter") -> None:
    """Follow the focused link or press the focused button, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)
    page.evaluate("() => { window.__kbPrevious = null; }")


def active_in_error_summary(page) -> bool:
    try:
        page.wait_for_function("() => !!document.activeElement.closest('.error-summary')", timeout=3000)
    except Exception:
        return False
    return True


def has_focus_indicator(page) -> bool:
    return page.evaluate("""() => {
      const s = getComputedStyle(document.activeElement);
      return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
    }""")


def in_reading_order(fields: list[dict]) -> list[tuple[str, str]]:
    """Pairs where the later element in Tab order is seen before the earlier one (above, or to the left on one row)."""
    wrong = []
    for before, after in itertools.pairwise(fields):
        below = after["top"] > before["top"] + 2
        same_row_right = abs(after["top"] - before["top"]) <= 2 and after["left"] > before["left"]
        if not (below or same_row_right):
            wrong.append((before["name"], after["name"]))
    return wrong


@pytest.fixture
def invited_round(live_server):
    return seed_invited_round(live_server)


def test_the_stakeholder_flow_with_the_keyboard_only(live_server, invited_round, page):
    base = live_server.url
    page.goto(f"{base}/logga-in")
    check_page(page, "tangentbord: inloggning")

    # --- Tab order: skip link, then the main menu, then the form fields in the order they are seen ----
    order = [press(page, "Tab")]
    while order[-1] is None or order[-1]["area"] != "main":
        order.append(press(page, "Tab"))
        assert len(order) < 20, f"the Tab order never reached the main content: {[o and o['name'] for o in order]}"
    assert order[0]["skip"] and order[0]["name"] == "Hoppa till innehållet", order[0]
    menu = [o["name"] for o in order if o["area"] == "menu"]
    assert menu == ["Processer", "Dialogträffar"]
    first_menu = next(i for i, o in enumerate(order) if o["area"] == "menu")
    assert [o["area"] for o in order[1:first_menu]] == ["header"], "only the site name comes between skip link and menu"
    assert [o["area"] for o in order[first_menu : first_menu + len(menu)]] == ["menu"] * len(menu)
    fields = [order[-1]]
    while True:
        focused = press(page, "Tab")
        if focused["area"] != "main":
            break
        fields.append(focused)
    assert [f["name"] for f in fields] == ["E-postadress", "Lösenord", "Logga in"], fields
    assert in_reading_order(fields) == []
    # Shift+Tab walks back the same way.
    assert press(page, "Shift+Tab")["name"] == "Logga in"
    assert press(page, "Shift+Tab")["id"] == "password"

    # --- the skip link takes focus past the header; a login with an error -----------------------
    page.goto(f"{base}/logga-in")
    assert press(page, "Tab")["skip"]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    assert press(page, "Tab")["id"] == "email"
    page.keyboard.type("anna@fjallby.example")
    assert press(page, "Tab")["id"] == "password"
    activate(page, "Enter")  # submits the form with the password left empty
    assert active_in_error_summary(page), page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")
    assert has_focus_indicator(page), "the error summary has focus but does not show it"
    summary = page.locator(".error-summary")
    assert "Lösenord: Ange ditt lösenord." in summary.inner_text()
    assert page.get_by_label("E-postadress").input_value() == "anna@fjallby.example"
    check_page(page, "tangentbord: inloggning med fel", "tangentbord-01-inloggning-fel-fokus")
    link = press(page, "Tab")
    assert link["inSummary"] and link["tag"] == "a" and link["name"] == "Lösenord: Ange ditt lösenord."
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'password'", timeout=3000)
    page.keyboard.type(PASSWORD)
    activate(page, "Enter")
    assert page.url.endswith("/start")
    check_page(page, "tangentbord: startsida")

    # --- to the response, by Tab and Enter --------------------------------------------------------
    tab_to(page, "Till remissen")
    activate(page, "Enter")
    assert page.get_by_role("heading", level=1).inner_text() == ROUND_TITLE
    check_page(page, "tangentbord: remissrundan")
    tab_to(page, "Skriv eller fortsätt på svaret")
    activate(page, " ")  # Space presses a button
    assert page.get_by_role("heading", level=1).inner_text() == "Remissvar från Fjällby kommun"
    check_page(page, "tangentbord: nytt tomt svar")

    # The response form: every field reached, in the order they are seen, from the skip link on.
    assert press(page, "Tab")["skip"]
    page.keyboard.press("Enter")
    fields = []
    while True:
        focused = press(page, "Tab")
        if focused is None or focused["area"] != "main":
            break
        fields.append(focused)
    assert in_reading_order(fields) == []
    boxes = [f["label"] for f in fields if f["tag"] == "textarea"]
    assert boxes == [
        "Synpunkt på förslaget som helhet",
        "Synpunkt på 1 Inledning",
        "Synpunkt på 2 Kompetensförsörjning",
        "Synpunkt på 2.1 Högre utbildning",
        "Synpunkt på 3 Transporter och tillgänglighet",
    ]
    assert [f["name"] for f in fields if f["tag"] == "button"][-2:] == ["Spara utkast", "Skicka in"]
    assert press(page, "Shift+Tab")["name"] == "Skicka in"
    assert press(page, "Shift+Tab")["name"] == "Spara utkast"
    assert press(page, "Shift+Tab")["label"] == "Synpunkt på 3 Transporter och tillgänglighet"

    # Submitting an empty response: the error summary gets focus.
    tab_to(page, "Skicka in")
    activate(page, "Enter")
    assert active_in_error_summary(page)
    assert "Svaret är tomt" in page.locator(".error-summary").inner_text()
    check_page(page, "tangentbord: tomt svar skickat (fel)", "tangentbord-02-svar-fel-fokus")
    assert has_focus_indicator(page), "the error summary has focus but does not show it"

    # Also when the address has a #fragment (a bookmark; the skip link without JavaScript): the browser
    # moves focus to the fragment when the answer loads, and app.js gives it back to the error summary.
    page.goto(page.url.split("#")[0] + "#main")
    tab_to(page, "Skicka in")
    activate(page, "Enter")
    assert page.url.endswith("#main")
    assert active_in_error_summary(page), page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")

    # Write, save with Space, write more, submit with Enter.
    tab_to(page, "Synpunkt på 1 Inledning")
    page.keyboard.type("Inledningen bör nämna fjällkommunerna.")
    tab_to(page, "Spara utkast")
    activate(page, " ")
    assert page.get_by_text(re.compile(r"Utkastet är sparat")).is_visible()
    tab_to(page, "Synpunkt på 3 Transporter och tillgänglighet")
    page.keyboard.type("Nattåget behövs.")
    tab_to(page, "Skicka in")
    activate(page, "Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Skicka in remissvaret?"
    tab_to(page, "Bekräfta och skicka in")
    activate(page, "Enter")
    assert page.get_by_role("heading", level=1).inner_text() == "Tack! Ditt remissvar är inskickat"
    assert re.search(r"Antal synpunkter\s+2\b", page.locator(".receipt").inner_text())
    check_page(page, "tangentbord: kvitto")
    tab_to(page, "Läs det inskickade svaret")
    activate(page, "Enter")
    main = page.locator("main").inner_text()
    assert "Inledningen bör nämna fjällkommunerna." in main and "Nattåget behövs." in main
    check_page(page, "tangentbord: inskickat svar")
    assert page.dialogs == []
