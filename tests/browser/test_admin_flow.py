"""In a real browser, as the coordinator (samordnare): import the draft from a Markdown file, open a
round, import the remissinstanser from a CSV file, see the sections and the invited organisations, and
send the invitations (which land in the outbox folder with a link that works)."""

from __future__ import annotations

import re
import time

import pytest

from ..factories import OrganisationFactory, UserFactory
from .flows import DRAFT_MARKDOWN, check_page, database, future, log_in, outbox, past, seed_process

pytestmark = pytest.mark.browser

ROUND = "Remiss av RUS 2040"
CSV = (
    "Namn;Aktörstyp;Kommun;Organisationsnummer;E-post\n"
    "Fjällby kommun;kommun;Fjällby;212000-1234;registrator@fjallby.example\n"
    "Västerfjälls universitet;akademi;Norrlid;2021005555;info@vfu.example\n"
    "Företagarna i Fjälland;näringsliv;;;kontakt@foretagarna.example\n"
    "Trasig rad;rymdvarelse;;12345;inte-en-adress\n"
)


@pytest.fixture
def empty_process(live_server):
    """A process without a draft; Fjällby kommun is already in the register, without an e-mail address."""
    with database(live_server):
        process, _ = seed_process(with_draft=False)
        OrganisationFactory(name="Fjällby kommun", organisation_number="212000-1234", email=None)
        UserFactory(roles=["admin"], email="samordnare@region.example", name="Sam Ordnare")
        return {"code": process.code, "title": process.title}


def upload(page, label: str, name: str, text: str, mime: str) -> None:
    page.get_by_label(label).set_input_files({"name": name, "mimeType": mime, "buffer": text.encode("utf-8")})


def send_invitations(page, result: str) -> None:
    """Send; the sending is a background job whose result the round's page shows once it has ended."""
    page.get_by_role("button", name="Skicka inbjudningar som inte har skickats").click()
    deadline = time.monotonic() + 30
    while not page.get_by_text(result).is_visible():
        assert time.monotonic() < deadline, f"after 30 s the page still does not say {result!r}"
        page.wait_for_timeout(300)
        page.reload()


def focus_is_in_error_summary(page) -> bool:
    page.wait_for_function("() => !!document.activeElement.closest('.error-summary')", timeout=3000)
    return True


def test_admin_imports_a_draft_and_remissinstanser_and_sends_invitations(live_server, empty_process, page, browser):
    base, title = live_server.url, empty_process["title"]

    log_in(page, base, "samordnare@region.example")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Processer").click()
    check_page(page, "samordnare: processer")
    page.get_by_role("link", name=f"Hantera {title}").click()
    page.get_by_role("heading", level=1, name=f"Hantera {title}").wait_for()
    assert page.get_by_text("Inget förslag är importerat ännu.").is_visible()
    assert page.get_by_role("link", name="Ny remissrunda").count() == 0  # nothing to send out yet
    check_page(page, "samordnare: process utan förslag", "samordnare-01-process-tom")

    # --- the draft: a file without headings is refused with the reason, then the real one --------
    page.get_by_role("link", name="Importera förslag (ny version)").click()
    page.get_by_role("heading", level=1, name="Importera förslag").wait_for()
    check_page(page, "samordnare: importera förslag (tom)", "samordnare-02-importera-forslag")
    upload(page, "Fil med förslaget", "anteckningar.md", "Bara löptext, inga rubriker alls.", "text/markdown")
    page.get_by_label("Dokumentets titel").fill("Förslag till RUS 2040")
    page.get_by_role("button", name="Förhandsgranska").click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert focus_is_in_error_summary(page)
    assert "inga rubriker" in summary.inner_text()
    assert page.get_by_label("Dokumentets titel").input_value() == "Förslag till RUS 2040"
    check_page(page, "samordnare: importera förslag med fel", "samordnare-03-importera-forslag-fel")

    upload(page, "Fil med förslaget", "forslag.md", DRAFT_MARKDOWN, "text/markdown")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_text("Filen forslag.md gav 4 avsnitt. Kontrollera dem nedan och spara.").wait_for()
    preview = page.locator(".preview-sections li strong")
    assert preview.all_inner_texts() == [
        "1 Inledning",
        "2 Kompetensförsörjning",
        "2.1 Högre utbildning",
        "3 Transporter och tillgänglighet",
    ]
    check_page(page, "samordnare: förhandsgranskning av förslaget", "samordnare-04-forhandsgranskning")
    page.get_by_role("button", name="Spara som ny version").click()
    page.get_by_text("Version 1 av förslaget är sparad med 4 avsnitt.").wait_for()
    assert re.search(r"Version 1: 4 avsnitt, .*\(forslag\.md\)", page.locator("main").inner_text())

    # An imported version is a draft (utkast) until it is published, through a confirmation page.
    page.get_by_role("link", name="Publicera version 1").click()
    check_page(page, "samordnare: publicera version 1")
    page.get_by_role("button", name="Ja, publicera version 1").click()
    page.get_by_text("Version 1 är publicerad och kan läsas av alla.").wait_for()

    # The sections as everyone reads them.
    page.get_by_role("navigation", name="Du är här").get_by_role("link", name=title).click()
    check_page(page, "samordnare: processens publika sida med förslag")
    page.get_by_role("link", name="Läs Förslag till RUS 2040").click()
    toc = page.get_by_role("navigation", name="Innehåll")
    assert [t.strip() for t in toc.get_by_role("link").all_inner_texts()] == [
        "1 Inledning",
        "2 Kompetensförsörjning",
        "2.1 Högre utbildning",
        "3 Transporter och tillgänglighet",
    ]
    assert page.get_by_text("Fler ska kunna studera på distans från hela länet.").is_visible()
    check_page(page, "samordnare: det importerade förslaget", "samordnare-05-forslaget")
    page.go_back()
    page.get_by_role("link", name="Hantera processen").click()

    # --- a round for invited organisations ------------------------------------------------------
    page.get_by_role("link", name="Ny remissrunda").click()
    page.get_by_role("heading", level=1, name="Ny remissrunda").wait_for()
    check_page(page, "samordnare: ny remissrunda (tom)", "samordnare-06-ny-runda")
    page.get_by_label("Rubrik", exact=True).fill(ROUND)
    page.get_by_label("Öppnar datum").fill(past(days=1).date().isoformat())
    page.get_by_label("Sista svarsdag", exact=True).fill(future(days=30).date().isoformat())
    page.get_by_label("Bara inbjudna remissinstanser").check()
    page.locator("main form").get_by_role("button", name="Spara").click()
    page.get_by_text("Remissrundan är sparad.").wait_for()
    page.get_by_role("heading", level=1, name=ROUND).wait_for()
    assert page.get_by_text("Inga inbjudningar ännu.").is_visible()
    check_page(page, "samordnare: remissrundans översikt utan inbjudna", "samordnare-07-runda-tom")

    # --- the remissinstanser: a file with a bad row, imported without it -------------------------
    page.get_by_role("link", name="Importera remissinstanser (CSV)").click()
    page.get_by_role("heading", level=1, name="Importera remissinstanser").wait_for()
    check_page(page, "samordnare: importera remissinstanser (tom)", "samordnare-08-importera-instanser")
    upload(page, "CSV-fil med remissinstanser", "remissinstanser.csv", CSV, "text/csv")
    page.get_by_role("button", name="Förhandsgranska").click()
    page.get_by_text("1 av 4 rader har fel.", exact=False).wait_for()
    # The bad rows are in an error summary that gets the focus, readable without scrolling the table.
    summary = page.locator("[data-error-summary]")
    assert "Rad 5 (Trasig rad):" in summary.inner_text() and "rymdvarelse" in summary.inner_text()
    page.wait_for_function("document.activeElement && document.activeElement.hasAttribute('data-error-summary')")
    rows = page.get_by_role("table", name="Rader i filen").locator("tbody tr")
    results = {
        rows.nth(i).locator("td").first.inner_text(): rows.nth(i).locator("td").last.inner_text() for i in range(4)
    }
    assert results["Fjällby kommun"] == "Finns i registret: Fjällby kommun"
    assert results["Västerfjälls universitet"] == results["Företagarna i Fjälland"] == "Ny organisation"
    assert "rymdvarelse" in results["Trasig rad"] and "e-postadress" in results["Trasig rad"]
    check_page(page, "samordnare: remissinstanser med en felaktig rad", "samordnare-09-instanser-fel")
    page.get_by_label("Importera bara raderna utan fel").check()
    page.get_by_role("button", name="Importera", exact=True).click()
    page.get_by_text("Importen är klar: 2 nya organisationer, 1 fanns redan, 3 nya inbjudningar.").wait_for()

    invited = page.get_by_role("table", name="3 inbjudna").locator("tbody tr")
    assert sorted(invited.locator("th").all_inner_texts()) == [
        "Fjällby kommun",
        "Företagarna i Fjälland",
        "Västerfjälls universitet",
    ]
    assert [invited.nth(i).locator("td").nth(1).inner_text() for i in range(3)] == ["inte skickad"] * 3
    check_page(page, "samordnare: remissrundan med inbjudna", "samordnare-10-runda-inbjudna")

    # --- send the invitations ---------------------------------------------------------------------
    send_invitations(page, "3 inbjudningar skickade.")
    assert [invited.nth(i).locator("td").nth(1).inner_text() != "inte skickad" for i in range(3)] == [True] * 3
    check_page(page, "samordnare: inbjudningar skickade", "samordnare-11-inbjudningar-skickade")

    mails = outbox(live_server)
    assert sorted(m["To"] for m in mails) == [
        "info@vfu.example",
        "kontakt@foretagarna.example",
        "registrator@fjallby.example",
    ]
    assert {m["Subject"] for m in mails} == {f"Inbjudan att lämna remissvar: {ROUND}"}
    by_address = {m["To"]: m.get_content() for m in mails}
    body = by_address["info@vfu.example"]
    assert "Västerfjälls universitet är inbjuden att lämna synpunkter på Remiss av RUS 2040." in body
    link = re.search(r"http://127\.0\.0\.1:\d+/inbjudan/\S+", body)
    assert link, body

    # The link in the e-mail opens the invitation for the right organisation.
    invitee = browser.new_page(locale="sv-SE")
    invitee.goto(link.group(0))
    assert invitee.get_by_text("Du är inbjuden att företräda Västerfjälls universitet.").is_visible()
    assert invitee.get_by_text("Skapa ditt konto för info@vfu.example.").is_visible()
    check_page(invitee, "inbjuden: inbjudningslänken", "inbjuden-01-inbjudan")
    invitee.context.close()

    # Sending again sends nothing twice.
    send_invitations(page, "0 inbjudningar skickade.")
    assert len(outbox(live_server)) == 3
    assert page.dialogs == []
