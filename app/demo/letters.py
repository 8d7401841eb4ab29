"""Demo remissvar that came as letters, written here and generated at load time (no binary files in the repo):
a municipality's PDF with its decision paragraph and an agency's Word file, both attached by their senders,
and a scanned PDF that came by post, registered by the coordinator. Each is read by the real letter_reading
job, confirmed and submitted, so the working group sees "ur bifogat brev, s. N" beside the excerpts.

The demo reads them by their words: loading the e5 model would add most of a minute to `flask demo load`.
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from consultation.letters import LetterStatus, files, reading, registration, review
from consultation.people import ActorType, Organisation, Role, User
from consultation.people.access import SYSTEM
from consultation.people.accounts import OrganisationData, create_organisation
from consultation.remiss import ConsultationRound, responses
from consultation.timezones import local_today

from .responses import _stand_in

FONT = Path(__file__).resolve().parent.parent / "fonts" / "DejaVuSans.ttf"
BOLD = FONT.with_name("DejaVuSans-Bold.ttf")

# (style, text): "heading" lines are set in bold; "break" starts a new page.
STORSJO = [
    ("body", "Storsjö kommun"),
    ("body", "Kommunstyrelsen"),
    ("body", "Dnr KS 2026/311"),
    ("body", "Region Västerfjäll, Regionkansliet"),
    ("heading", "Yttrande över förslag till regional utvecklingsstrategi 2040"),
    ("body", "Storsjö kommun har beretts tillfälle att yttra sig över förslaget och lämnar följande yttrande."),
    ("heading", "Sammanfattning"),
    (
        "body",
        "Kommunen ställer sig bakom strategins inriktning men saknar en tydlig plan för hur målen ska nås i de"
        " glest befolkade delarna av länet. Strategin behöver säga vem som gör vad, och när.",
    ),
    ("heading", "4.1 Kollektivtrafik och pendling"),
    (
        "body",
        "Pendlingen mellan Storsjö och Fjällby är i dag nästan helt beroende av bil. Kommunen vill att strategin"
        " anger en turtäthet för de regionala busslinjerna till och från länets kommuncentra, med avgångar"
        " anpassade till skiftarbete inom vård och industri.",
    ),
    ("break", ""),
    ("heading", "3.1 Kompetensförsörjning"),
    (
        "body",
        "Kommunens äldreomsorg och skola har svårt att rekrytera. Strategin bör peka ut hur regionen, kommunerna"
        " och lärosätena tillsammans kan erbjuda utbildning till undersköterska och lärare på distans, med"
        " praktik på hemorten.",
    ),
    ("heading", "4.4 Landsbygdens service"),
    (
        "body",
        "När butiker och bensinstationer stänger försvinner också ombud för apotek och post. Kommunen föreslår"
        " att strategin tar upp servicepunkter i byarna som ett gemensamt ansvar för region och kommun.",
    ),
    ("body", "Beslut i detta ärende har fattats av kommunstyrelsen den 12 maj 2026, § 87."),
    ("body", "Eva Sundin, kommunstyrelsens ordförande"),
    ("body", "Mats Ek, kommundirektör"),
]

FJALLMYNDIGHETEN = [
    ("body", "Statens fjällmyndighet"),
    ("body", "Region Västerfjäll"),
    ("heading", "Remissvar: Regional utvecklingsstrategi 2040"),
    ("body", "Statens fjällmyndighet har tagit del av förslaget och lämnar följande synpunkter."),
    (
        "body",
        "Myndigheten välkomnar att strategin ser fjällen som en tillgång för hela länet, och vill att den"
        " också säger hur fjällmiljön ska skyddas när länet växer.",
    ),
    ("heading", "5.1 Energiomställning"),
    (
        "body",
        "Myndigheten delar bedömningen att utbyggnaden av vindkraft och elnät är avgörande för länets"
        " omställning. Strategin bör samtidigt säga hur rennäring, friluftsliv och naturvärden i fjällen vägs in"
        " tidigt i planeringen, så att konflikter hanteras innan tillstånd söks.",
    ),
    ("heading", "4.2 Digital infrastruktur"),
    (
        "body",
        "Mobiltäckningen längs fjällederna är en säkerhetsfråga. Myndigheten föreslår att strategin anger"
        " täckning längs de mest besökta lederna som ett mål för 2030.",
    ),
    ("heading", "6.2 Indikatorer"),
    (
        "body",
        "Indikatorerna mäter främst befolkning och sysselsättning. Myndigheten föreslår en indikator för"
        " biologisk mångfald i fjällmiljön, med data från den nationella miljöövervakningen.",
    ),
    ("body", "Med vänlig hälsning"),
    ("body", "Karin Fors, generaldirektör"),
]

HEDSJO = [
    ("body", "Hedsjö byalag"),
    ("body", "Till Region Västerfjäll"),
    ("heading", "Synpunkter på utvecklingsstrategin"),
    ("body", "Byalaget har läst förslaget på ett möte i bygdegården och vill framföra följande."),
    ("heading", "4.4 Landsbygdens service"),
    (
        "body",
        "Skolan i Hedsjö är byns hjärta. Strategin bör säga att små skolor på landsbygden är en del av"
        " servicen som gör det möjligt att bo kvar, och att skolskjutsar och kollektivtrafik planeras ihop.",
    ),
    ("heading", "4.1 Kollektivtrafik och pendling"),
    (
        "body",
        "Bussen till Åhamn går två gånger om dagen. Anropsstyrd trafik som kan bokas dagen före skulle göra"
        " stor skillnad för äldre och för ungdomar utan körkort.",
    ),
    ("body", "Med vänlig hälsning"),
    ("body", "Gunnel Persson, ordförande"),
]


def _pdf(lines: list[tuple[str, str]]) -> bytes:
    """A letter with a text layer, as a word processor would export it."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(BOLD))
    pdf.set_margins(25, 25)
    pdf.add_page()
    for style, text in lines:
        if style == "break":
            pdf.add_page()
            continue
        pdf.set_font("DejaVu", "B" if style == "heading" else "", 13 if style == "heading" else 11)
        pdf.multi_cell(0, 6, text)
        pdf.ln(6)  # a blank line between paragraphs, as a letter has
    return bytes(pdf.output())


def _docx(lines: list[tuple[str, str]]) -> bytes:
    from docx import Document

    document = Document()
    for style, text in lines:
        if style == "heading":
            document.add_heading(text, level=2)
        elif style == "body":
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _scanned(lines: list[tuple[str, str]], dpi: int = 200) -> bytes:
    """The letter as page images only (a scan): Pillow draws the text, and the PDF has no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    fonts = {
        "body": ImageFont.truetype(str(FONT), size=round(11 * dpi / 72)),
        "heading": ImageFont.truetype(str(BOLD), size=round(13 * dpi / 72)),
    }
    width, height, margin = round(8.27 * dpi), round(11.69 * dpi), round(0.9 * dpi)
    page = Image.new("L", (width, height), 255)
    draw, y = ImageDraw.Draw(page), margin
    for style, text in lines:
        font = fonts.get(style, fonts["body"])
        words, line = text.split(), ""
        for word in [*words, None]:
            candidate = f"{line} {word}".strip() if word else line
            if word is not None and font.getlength(candidate) <= width - 2 * margin:
                line = candidate
                continue
            draw.text((margin, y), line, font=font, fill=0)
            y += round(font.size * 1.45)
            line = word or ""
        y += round(fonts["body"].size * 1.2)
    buffer = io.BytesIO()
    page.save(buffer, format="PDF", resolution=dpi)
    return buffer.getvalue()


def _read_and_confirm(session: Session, user: User, letter_id: int, when: datetime) -> bool:
    """Read the letter through its job, here and now, and confirm the excerpts; False if nothing came of it."""
    from ..letter_jobs import run_job

    job = reading.queue_reading(session, user, letter_id, when)
    session.commit()  # the job runner claims the job in the same session and commits as it goes
    config = current_app.config
    before = config.get("ANALYSIS_USE_EMBEDDINGS", True)
    config["ANALYSIS_USE_EMBEDDINGS"] = False
    try:
        run_job(job.id)
    finally:
        config["ANALYSIS_USE_EMBEDDINGS"] = before
    letter = files.get_own_letter(session, user, letter_id)
    session.refresh(letter)
    if letter.status != LetterStatus.READ or not any(e.is_comment for e in letter.excerpts):
        return False  # e.g. a scan where Tesseract is not installed: left for a person to finish
    review.confirm_letter(session, user, letter_id, when)
    return True


def _organisation(session: Session, name: str, actor_type: ActorType, email: str) -> Organisation:
    return create_organisation(session, SYSTEM, OrganisationData(name=name, actor_type=actor_type, email=email))


def _uploaded(session, round_, organisation, sender, filename, data, when, decision=None) -> int:
    response = responses.open_response(session, sender, round_.id, f"org-{organisation.id}", when)
    letter = files.attach_letter(session, sender, response.id, filename, data, when, decision)
    if _read_and_confirm(session, sender, letter.id, when):
        responses.submit_response(session, sender, response.id, when)
        return 1
    return 0


def load_demo_letters(session: Session, round_: ConsultationRound, now: datetime) -> int:
    """The three letters, read, confirmed and submitted; the number of responses they became."""
    count = 0
    storsjo = _organisation(session, "Storsjö kommun", ActorType.MUNICIPALITY, "kommun@storsjo.example")
    clerk = _stand_in(session, "Lena Holm, nämndsekreterare", "brev1@demo.example", storsjo)
    count += _uploaded(
        session,
        round_,
        storsjo,
        clerk,
        "Storsjö kommun, yttrande RUS 2040.pdf",
        _pdf(STORSJO),
        now - timedelta(days=3),
        files.Decision("Kommunstyrelsen", local_today(now) - timedelta(days=20), "§ 87"),
    )
    agency = _organisation(session, "Statens fjällmyndighet", ActorType.AGENCY, "registrator@fjallmyndigheten.example")
    officer = _stand_in(session, "Olof Berg, handläggare", "brev2@demo.example", agency)
    count += _uploaded(
        session, round_, agency, officer, "Remissvar RUS 2040.docx", _docx(FJALLMYNDIGHETEN), now - timedelta(days=2)
    )

    # A letter that came by post, scanned by the registrator and registered by the coordinator.
    coordinator = next(u for u in session.scalars(select(User).order_by(User.id)) if u.has_role(Role.ADMIN))
    registered = registration.register_response(
        session,
        coordinator,
        round_.id,
        registration.IncomingResponse(
            received_on=local_today(now) - timedelta(days=2),
            new_organisation=registration.NewOrganisation(
                "Hedsjö byalag", "byalaget@hedsjo.example", ActorType.CIVIL_SOCIETY
            ),
            diarienummer="RV 2026/1187",
            files=[("Skannat brev från Hedsjö byalag.pdf", _scanned(HEDSJO))],
        ),
        now - timedelta(days=1),
    )
    if _read_and_confirm(session, coordinator, registered.letters[0].id, now - timedelta(days=1)):
        responses.submit_response(session, coordinator, registered.response.id, now - timedelta(days=1))
        count += 1
    session.flush()
    return count
