"""In a real browser, what issue 18's new user tripped over: confirmations that work without JavaScript
(submitting and withdrawing a response, removing a meeting's note and document), the redaction form filled from a selection, the admin's
set-password link, a pending organisation rejected and merged, and a meeting's attendance saved again.

One served world for the module (each test uses its own part of it), so the file stays quick."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from consultation import meetings
from consultation.meetings.files import add_document
from consultation.people import Organisation
from consultation.people.access import SYSTEM
from consultation.remiss import Response, ResponseStatus, RoundAccess, responses
from consultation.remiss.responses import CommentInput
from consultation.timezones import local_days_from_today

from ..factories import OrganisationFactory, UserFactory, add_round
from .conftest import served_app
from .flows import database, future, log_in, outbox, past, seed_process

pytestmark = pytest.mark.browser

PRIVATE = "Ring mig på 070-123 45 67 om ni undrar något."
OPEN_TEXT = f"Vi vill ha fler bussar till byarna. {PRIVATE} Och cykelvägar längs älven."


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, browser):
    """Named so that the suite's per-test rollback fixture stays out of the way (tests/conftest.py)."""
    folder = tmp_path_factory.mktemp("new-user-list")
    with served_app(folder) as server:
        with database(server) as session:
            process, version = seed_process()
            open_round = add_round(
                process,
                version,
                title="Öppen runda",
                opens_at=past(days=2),
                closes_at=future(days=20),
                access=RoundAccess.OPEN,
            )
            closed = add_round(
                process,
                version,
                title="Stängd runda",
                opens_at=past(days=2),
                closes_at=future(days=20),
                access=RoundAccess.OPEN,
            )
            fjallby = OrganisationFactory(name="Fjällby kommun")
            anna = UserFactory(roles=["stakeholder"], organisations=[fjallby], email="anna@fjallby.example")
            UserFactory(roles=["admin"], email="admin@region.example", name="Sara Samordnare")
            johan = UserFactory(roles=["facilitator"], email="johan@region.example", name="Johan Ek")
            process.facilitators.append(johan)
            OrganisationFactory(name="Granmo kommun")
            OrganisationFactory(name="Västerfjälls universitet")
            pending = [
                OrganisationFactory(name="Granmo kommun (dubblett)", approved=False),
                OrganisationFactory(name="Skräpföreningen", approved=False),
            ]
            session.flush()
            # A response submitted in the closed round, for the redaction (it closed after it was sent).
            owner = f"org-{fjallby.id}"
            sent = responses.open_response(session, anna, closed.id, owner, past(hours=1))
            responses.save_comments(session, anna, sent.id, [CommentInput(None, OPEN_TEXT)], past(hours=1))
            responses.submit_response(session, anna, sent.id, past(hours=1))
            closed.closes_at = past(minutes=5)
            start = local_days_from_today(-1, time(13))
            meeting = meetings.save_meeting(
                session,
                SYSTEM,
                process.id,
                meetings.MeetingData(
                    kind="dialogue",
                    title="Dialogträff om kompetens",
                    theme="Kompetens",
                    description="",
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    facilitator_ids=[johan.id],
                    is_published=True,
                ),
            )
            note = meetings.save_note(
                session, SYSTEM, meeting.id, meetings.NoteData(kind="challenge", body="Anteckning som ska bort.")
            )
            document = add_document(
                session,
                SYSTEM,
                meeting.id,
                "Presentation från träffen",
                "presentation.pdf",
                b"%PDF-1.4\n%%EOF\n",
                Path(server.app.config["UPLOAD_DIR"]) / "meetings",
            )
            session.flush()
            ids = {
                "note": note.id,
                "document": document.id,
                "open_round": open_round.id,
                "comment": sent.comments[0].id,
                "meeting": meeting.id,
                "pending": [o.id for o in pending],
            }
        server.ids = ids
        yield server


def new_page(browser, javascript: bool = True):
    context = browser.new_context(locale="sv-SE", java_script_enabled=javascript)
    return context, context.new_page()


def test_submitting_and_withdrawing_ask_first_without_javascript(live_server, browser):
    base = live_server.url
    context, page = new_page(browser, javascript=False)
    log_in(page, base, "anna@fjallby.example")
    page.goto(f"{base}/remiss/{live_server.ids['open_round']}")
    page.get_by_role("button", name="Skriv eller fortsätt på svaret").click()
    page.get_by_label("Synpunkt på förslaget som helhet").fill("Ett bra förslag, men glöm inte landsbygden.")
    page.get_by_role("button", name="Skicka in", exact=True).click()
    # The confirmation step shows what will be sent; nothing is sent yet.
    page.get_by_role("button", name="Bekräfta och skicka in").wait_for()
    assert "Ett bra förslag, men glöm inte landsbygden." in page.locator("main").inner_text()
    with database(live_server) as session:
        response = session.scalar(select(Response).where(Response.round_id == live_server.ids["open_round"]))
        assert response.status == ResponseStatus.DRAFT
        response_id = response.id
    page.get_by_role("button", name="Bekräfta och skicka in").click()
    page.get_by_role("heading", level=1, name="Tack! Ditt remissvar är inskickat").wait_for()
    pdf = page.get_by_role("link", name="Ladda ner svaret som PDF").get_attribute("href")
    assert pdf == f"/svar/{response_id}/version/1.pdf"

    page.get_by_role("link", name="Tillbaka till svaret").click()
    page.get_by_role("link", name="Återkalla inskickat svar").click()
    page.get_by_role("button", name="Ja, återkalla svaret").wait_for()
    with database(live_server) as session:
        assert session.get(Response, response_id).status == ResponseStatus.SUBMITTED  # asking changed nothing
    page.get_by_role("button", name="Ja, återkalla svaret").click()
    page.get_by_text("Svaret är återkallat.").wait_for()
    with database(live_server) as session:
        assert session.get(Response, response_id).status == ResponseStatus.WITHDRAWN
    context.close()


def test_a_selected_passage_fills_the_redaction_form(live_server, browser):
    base = live_server.url
    context, page = new_page(browser)
    log_in(page, base, "admin@region.example")
    page.goto(f"{base}/arbetsgrupp/synpunkter/{live_server.ids['comment']}/maskering")
    source = page.locator("[data-passage-source]")
    assert page.get_by_label("Stycke som ska tas bort").input_value() == ""
    # Select the passage as a person would, with the mouse: from its first letter to its last.
    source.evaluate(
        """(element, passage) => {
            const node = element.firstChild;
            const start = node.textContent.indexOf(passage);
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + passage.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            element.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        PRIVATE,
    )
    assert page.get_by_label("Stycke som ska tas bort").input_value() == PRIVATE
    page.get_by_text("Den markerade texten är ifylld nedan.").wait_for()
    page.get_by_label("Skäl").fill("Telefonnummer till en privatperson")
    page.get_by_role("button", name="Ta bort stycket").click()
    page.get_by_text("Stycket är borttaget ur den publicerade texten.").wait_for()
    assert page.locator("[data-passage-source]").inner_text() == (
        "Vi vill ha fler bussar till byarna. [borttaget] Och cykelvägar längs älven."
    )
    context.close()


def test_a_new_user_chooses_their_own_password_from_the_link(live_server, browser):
    base = live_server.url
    context, page = new_page(browser, javascript=False)
    log_in(page, base, "admin@region.example")
    page.goto(f"{base}/admin/anvandare/ny")
    page.get_by_label("Namn", exact=True).fill("Nina Ny")
    page.get_by_label("E-postadress").fill("nina@region.example")
    page.get_by_label("Arbetsgrupp").check()
    assert page.locator("main input[type=password]").count() == 0  # the admin never types it
    page.locator("main form").get_by_role("button", name="Spara").click()
    page.get_by_text("En länk för att välja lösenord är skickad till nina@region.example").wait_for()
    context.close()

    mail = next(m for m in reversed(outbox(live_server)) if m["To"] == "nina@region.example")
    link = re.search(r"http://127\.0\.0\.1:\d+/valj-losenord/\S+", mail.get_content()).group(0)
    context, page = new_page(browser, javascript=False)
    page.goto(link)
    page.get_by_label("Välj lösenord").fill("ninas-eget-losenord")
    page.get_by_label("Upprepa lösenordet").fill("ninas-eget-losenord")
    page.get_by_role("button", name="Spara lösenordet").click()
    page.wait_for_url(re.compile(r".*/start.*"))
    assert "Nina Ny" in page.locator("body").inner_text()
    # Used once: the link opens nothing the second time.
    assert page.goto(link).status == 410
    context.close()


def test_a_pending_organisation_is_merged_and_another_rejected(live_server, browser):
    base = live_server.url
    duplicate, junk = live_server.ids["pending"]
    context, page = new_page(browser, javascript=False)
    log_in(page, base, "admin@region.example")
    page.goto(f"{base}/admin/organisationer/vantande")
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Granmo kommun (dubblett)"))
    row.get_by_label("Samma som en befintlig organisation:").select_option(label="Granmo kommun")
    row.get_by_role("button", name="Slå ihop").click()
    page.get_by_role("rowheader", name="Skräpföreningen").wait_for()
    assert page.get_by_role("rowheader", name="Granmo kommun (dubblett)").count() == 0

    row = page.locator("tr", has=page.get_by_role("rowheader", name="Skräpföreningen"))
    row.get_by_role("button", name="Avvisa").click()  # without ticking "Ja, avvisa": nothing happens
    assert page.get_by_role("rowheader", name="Skräpföreningen").count() == 1
    row = page.locator("tr", has=page.get_by_role("rowheader", name="Skräpföreningen"))
    row.get_by_label("Ja, avvisa Skräpföreningen").check()
    row.get_by_role("button", name="Avvisa").click()
    page.get_by_text("Ingen organisation väntar.").wait_for()
    with database(live_server) as session:
        assert session.get(Organisation, duplicate) is None and session.get(Organisation, junk) is None
        assert session.scalar(select(Organisation).where(Organisation.name == "Granmo kommun")) is not None
    context.close()


def test_a_meetings_attendance_is_saved_again_unchanged(live_server, browser):
    base = live_server.url
    url = f"{base}/dialogtraffar/{live_server.ids['meeting']}/narvaro"
    context, page = new_page(browser, javascript=False)
    log_in(page, base, "johan@region.example")
    page.goto(url)
    page.get_by_label("Granmo kommun").check()
    page.get_by_label("Västerfjälls universitet").check()
    page.get_by_label("Antal deltagare totalt").fill("12")
    page.get_by_role("button", name="Spara närvaro").click()
    page.get_by_text("Närvaron är registrerad.").wait_for()
    for _ in range(2):  # saved again as it is: the bug was a 500 here
        page.goto(url)
        assert page.get_by_label("Granmo kommun").is_checked()
        assert page.get_by_label("Antal deltagare totalt").input_value() == "12"
        page.get_by_role("button", name="Spara närvaro").click()
        page.get_by_text("Närvaron är registrerad.").wait_for()
    page.goto(url)
    page.get_by_label("Västerfjälls universitet").uncheck()
    page.get_by_role("button", name="Spara närvaro").click()
    page.get_by_text("Närvaron är registrerad.").wait_for()
    page.goto(url)
    assert page.get_by_label("Granmo kommun").is_checked()
    assert not page.get_by_label("Västerfjälls universitet").is_checked()
    context.close()


@pytest.mark.parametrize(
    ("kind", "path", "shown"),
    [
        ("note", "anteckningar/{note}/ta-bort", "Anteckning som ska bort."),
        ("document", "dokument/{document}/ta-bort", "Presentation från träffen"),
    ],
)
def test_removing_a_note_or_a_document_asks_first_without_javascript(live_server, browser, kind, path, shown):
    from consultation.meetings import MeetingDocument, MeetingNote

    base = live_server.url
    meeting = live_server.ids["meeting"]
    url = f"{base}/dialogtraffar/{meeting}/" + path.format(**live_server.ids)
    model, row_id = (
        (MeetingNote, live_server.ids["note"])
        if kind == "note"
        else (
            MeetingDocument,
            live_server.ids["document"],
        )
    )
    context, page = new_page(browser, javascript=False)
    log_in(page, base, "johan@region.example")
    page.goto(url)
    assert shown in page.locator("main").inner_text()
    page.get_by_role("link", name="Nej, behåll").click()
    page.wait_for_url(re.compile(rf".*/dialogtraffar/{meeting}/hantera.*"))
    with database(live_server) as session:
        assert session.get(model, row_id) is not None  # asking, and saying no, removed nothing
    page.goto(url)
    page.get_by_role("button", name="Ja, ta bort").click()
    page.wait_for_url(re.compile(rf".*/dialogtraffar/{meeting}/hantera.*"))
    with database(live_server) as session:
        assert session.get(model, row_id) is None
    context.close()
