"""The accessibility statement (lag 2018:1937, DIGG's model) and the form for reporting a problem."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from app.mail import outbox_messages
from consultation.audit import AuditEvent
from consultation.people import Role

from ..htmlcheck import problems

CONTACT = "tillganglighet@fjallby-region.example"


@pytest.fixture(autouse=True)
def statement_config(app, monkeypatch):
    monkeypatch.setitem(app.config, "ACCESSIBILITY_CONTACT_EMAIL", CONTACT)
    monkeypatch.setitem(app.config, "ACCESSIBILITY_ORGANISATION", "Region Fjällby")
    monkeypatch.setitem(app.config, "ACCESSIBILITY_STATEMENT_MADE", "2026-03-01")
    monkeypatch.setitem(app.config, "ACCESSIBILITY_STATEMENT_REVIEWED", "2026-11-20")


def text_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_the_statement_says_what_the_law_and_diggs_model_require(client):
    response = client.get("/tillganglighet")
    assert response.status_code == 200
    page = text_of(response)
    assert "<h1>Tillgänglighet för Samråd</h1>" in page
    # Who stands behind it and what it covers.
    assert "Region Fjällby står bakom Samråd" in page
    assert "Redogörelsen gäller hela webbplatsen localhost" in page
    # Compliance status, honestly, with the known shortcoming and what is outside the law.
    assert "Samråd är delvis förenlig med lagen om tillgänglighet till digital offentlig service" in page
    assert "WCAG 2.1 nivå AA" in page
    assert "Dokument som laddas upp till dialogträffar" in page
    assert "Innehåll som inte omfattas av lagstiftningen" in page
    # How to report, and how soon to expect an answer.
    assert f'href="mailto:{CONTACT}"' in page
    assert 'href="/tillganglighet/rapportera"' in page
    assert "Vi svarar inom fem arbetsdagar" in page
    # The supervisory authority and where to complain.
    assert "Myndigheten för digital förvaltning (DIGG)" in page
    assert 'href="https://www.digg.se/tdosanmalan"' in page
    # How it was tested, and when the statement was made and reviewed (from the configuration).
    assert (
        "Automatiska tester med axe-core" in page
        and "Tangentbordstester" in page
        and "manuell granskning med skärmläsare och förstoring har ännu inte gjorts" in page
    )
    assert "Redogörelsen upprättades den 1 mars 2026 och uppdaterades senast den 20 november 2026." in page
    assert not problems(response.get_data(as_text=True))


def test_the_statement_is_in_english_when_english_is_chosen(client):
    from ..conftest import csrf_token

    client.post("/sprak", data={"locale": "en", "next": "/tillganglighet", "csrf_token": csrf_token(client, "/")})
    page = text_of(client.get("/tillganglighet"))
    assert "Accessibility of Samråd" in page
    assert "Samråd is partially compliant with the Act on accessibility to digital public services" in page
    assert "This statement was prepared on 1 March 2026 and last updated on 20 November 2026." in page


def test_the_about_page_leads_to_the_statement(client):
    page = client.get("/om-tjansten").get_data(as_text=True)
    assert '<a href="/tillganglighet">Läs tillgänglighetsredogörelsen och rapportera brister</a>' in page


def test_the_report_link_remembers_the_page_you_came_from_on_this_site_only(client):
    page = text_of(client.get("/tillganglighet", headers={"Referer": "http://localhost/process/RUS2040/forslag"}))
    assert 'href="/tillganglighet/rapportera?sida=http://localhost/process/RUS2040/forslag"' in page
    page = text_of(client.get("/tillganglighet", headers={"Referer": "https://elsewhere.example/sida"}))
    assert "elsewhere.example" not in page
    assert 'href="/tillganglighet/rapportera"' in page


def test_the_form_is_prefilled_with_the_page_from_the_link_or_the_referrer(client):
    page = text_of(client.get("/tillganglighet/rapportera?sida=/dialogtraffar"))
    assert 'id="page" maxlength="500" name="page" type="text" value="/dialogtraffar"' in page
    page = text_of(client.get("/tillganglighet/rapportera", headers={"Referer": "http://localhost/om-tjansten"}))
    assert 'value="http://localhost/om-tjansten"' in page
    page = text_of(client.get("/tillganglighet/rapportera", headers={"Referer": "https://elsewhere.example/"}))
    assert "elsewhere.example" not in page


def test_a_report_sends_one_plain_text_mail_with_the_text_and_confirms(client, auth, outbox):
    description = 'Knappen "Skicka in" går inte att nå med tangentbordet <script>alert(1)</script> & NVDA.'
    response = auth.post(
        "/tillganglighet/rapportera",
        {
            "page": "http://localhost/svar/12",
            "description": description,
            "email": "anna@kommun.example",
            "wants_answer": "y",
        },
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Tack för din rapport" in page
    assert "Vi svarar till anna@kommun.example inom fem arbetsdagar." in page
    [mail] = outbox_messages(outbox)
    assert mail["To"] == CONTACT
    assert mail["Subject"] == "Tillgänglighetsproblem rapporterat i Samråd"
    assert mail.get_content_type() == "text/plain"
    body = mail.get_content()
    assert description in body  # exactly as written: plain text, nothing escaped or dropped
    assert "Sida: http://localhost/svar/12" in body
    assert "Avsändare: anna@kommun.example" in body
    assert "Vill ha svar: ja, inom fem arbetsdagar" in body


def test_an_anonymous_report_needs_only_a_description(client, auth, outbox):
    response = auth.post("/tillganglighet/rapportera", {"description": "Kontrasten i sidfoten är för låg."})
    assert response.status_code == 200
    assert "Vi svarar till" not in text_of(response)
    [mail] = outbox_messages(outbox)
    body = mail.get_content()
    assert "Kontrasten i sidfoten är för låg." in body
    assert "Sida: (inte angiven)" in body and "Avsändare: (ingen e-postadress)" in body and "Vill ha svar: nej" in body


def test_a_signed_in_reporter_is_named_and_the_mail_is_swedish_even_from_the_english_page(
    client, auth, outbox, make_user
):
    user = auth.login_as(make_user(Role.STAKEHOLDER, name="Stina Aktör"))
    auth.post("/sprak", {"locale": "en", "next": "/"}, form_url="/")
    response = auth.post("/tillganglighet/rapportera", {"description": "Tabellen läses fel."})
    assert "Thank you for your report" in text_of(response)
    [mail] = outbox_messages(outbox)
    assert mail["Subject"] == "Tillgänglighetsproblem rapporterat i Samråd"
    assert f"(inloggad som {user.name})" in mail.get_content()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"description": "", "page": "/start", "email": "anna@kommun.example"},
            "description",
            "Skriv vad som inte fungerar.",
        ),
        ({"description": "Fokus syns inte.", "email": "inte-en-adress"}, "email", "Ange en giltig e-postadress"),
        (
            {"description": "Fokus syns inte.", "wants_answer": "y"},
            "email",
            "Ange din e-postadress om du vill ha svar.",
        ),
        ({"description": "Fokus syns inte." + "x" * 5000}, "description", "Högst 5000 tecken."),
        ({"description": "Fokus syns inte.", "page": "/" + "p" * 600}, "page", "Högst 500 tecken."),
    ],
)
def test_errors_give_422_a_summary_and_keep_the_text(client, auth, outbox, data, field, message):
    response = auth.post("/tillganglighet/rapportera", data)
    assert response.status_code == 422
    page = text_of(response)
    assert "Det finns fel i formuläret" in page
    assert f'<a href="#{field}">' in page and message in page
    assert 'aria-invalid="true"' in page
    for name, value in data.items():
        if name == "description":
            assert f">\r\n{value}</textarea>" in page or f">{value}</textarea>" in page
        elif name != "wants_answer" and len(value) <= 500:
            assert f'value="{value}"' in page
    assert not problems(response.get_data(as_text=True))
    assert outbox_messages(outbox) == []


def test_without_a_csrf_token_nothing_is_sent(client, outbox):
    response = client.post("/tillganglighet/rapportera", data={"description": "Utan token."})
    assert response.status_code in (400, 422)
    assert "Utan token." in response.get_data(as_text=True)
    assert outbox_messages(outbox) == []


def test_when_the_mail_cannot_be_sent_the_text_is_kept(client, auth, outbox, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP nere")

    monkeypatch.setattr("app.main.routes.send_mail", broken)
    response = auth.post("/tillganglighet/rapportera", {"description": "Zoomen bryter menyn."})
    assert response.status_code == 503
    page = text_of(response)
    assert "Meddelandet kunde inte skickas just nu" in page and CONTACT in page
    assert "Zoomen bryter menyn.</textarea>" in page


def test_one_address_can_send_only_a_few_reports_an_hour_and_keeps_the_text(
    client, auth, outbox, app, monkeypatch, db_session
):
    monkeypatch.setitem(app.config, "ACCESSIBILITY_REPORTS_PER_HOUR", 2)
    for number in (1, 2):
        assert auth.post("/tillganglighet/rapportera", {"description": f"Problem nummer {number}."}).status_code == 200
    response = auth.post("/tillganglighet/rapportera", {"description": "Problem nummer 3."})
    assert response.status_code == 429
    page = text_of(response)
    assert "Många rapporter har skickats härifrån den senaste timmen" in page and CONTACT in page
    assert "Problem nummer 3.</textarea>" in page
    assert len(outbox_messages(outbox)) == 2
    # The audit log knows that reports were sent, never what they said.
    events = db_session.scalars(select(AuditEvent).where(AuditEvent.action == "accessibility.reported")).all()
    assert len(events) == 2 and all("Problem" not in str(e.details) for e in events)
    # Another address is not held back.
    other = auth.post(
        "/tillganglighet/rapportera",
        {"description": "Från en annan dator."},
        environ_base={"REMOTE_ADDR": "192.0.2.77"},
    )
    assert other.status_code == 200 and len(outbox_messages(outbox)) == 3


def test_every_page_has_the_accessibility_link_in_its_footer(client, auth, make_user):
    anonymous = [
        "/",
        "/om-tjansten",
        "/dialogtraffar",
        "/logga-in",
        "/registrera",
        "/tillganglighet",
        "/tillganglighet/rapportera",
        "/finns-inte",
    ]
    for url in anonymous:
        page = client.get(url).get_data(as_text=True)
        footer = page.split('<footer class="site-footer">', 1)[1]
        assert '<a href="/tillganglighet">Tillgänglighet</a>' in footer, url
    auth.login_as(make_user(Role.ADMIN))
    for url in ["/start", "/admin/anvandare", "/admin/organisationer"]:
        footer = client.get(url).get_data(as_text=True).split('<footer class="site-footer">', 1)[1]
        assert '<a href="/tillganglighet">Tillgänglighet</a>' in footer, url
