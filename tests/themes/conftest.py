from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.extensions import db
from consultation.meetings import Meeting, MeetingKind, MeetingNote, NoteKind, NoteStatus
from consultation.people import ActorType, Role
from consultation.remiss import Comment, Response, ResponseStatus

from ..factories import OrganisationFactory

TRANSPORT = [
    "Kollektivtrafiken på landsbygden måste bli tätare, bussen går bara två gånger om dagen.",
    "Vi vill se fler tågavgångar mellan länets städer så att det går att pendla till arbetet.",
    "Busslinjerna till byarna har lagts ned och nu måste alla ta bilen till jobbet.",
    "Pendlingen med tåg och buss behöver samordnas bättre, bytena mellan linjerna tar för lång tid.",
    "Utan fungerande kollektivtrafik kan unga på landsbygden inte ta sig till skola och arbete.",
]
SKILLS = [
    "Kompetensförsörjningen är det största hindret för företagen, vi hittar inte utbildad personal.",
    "Yrkesutbildningar och vuxenutbildning måste byggas ut så att fler kan omskola sig.",
    "Lärcentrum i de mindre kommunerna gör det möjligt att studera på högskolan utan att flytta.",
    "Bristen på undersköterskor och lärare blir värre, utbildningsplatserna räcker inte.",
    "Företagen behöver samarbeta med gymnasiet om praktikplatser och lärlingsutbildning.",
]
HOUSING = [
    "Det byggs för få hyresrätter och unga som vill flytta hit hittar ingen bostad.",
    "Bostadsbristen gör att företag inte kan rekrytera, nyanställda hittar ingen lägenhet.",
    "Kommunerna behöver stöd för att bygga bostäder där marknaden inte bygger själv.",
    "Äldre som vill lämna villan hittar inga mindre lägenheter, så bostadskarriären stannar.",
]
SECTION_OF = {0: TRANSPORT, 1: SKILLS, 2: HOUSING}
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> Bostäder åt unga behövs.'


_reference = iter(range(1, 10_000))


def submitted_response(round_, organisation, texts_by_section: dict, status=ResponseStatus.SUBMITTED, author=None):
    """A response as it stands after submission: each comment's submitted text set."""
    number = next(_reference)
    response = Response(
        round=round_,
        organisation=organisation,
        created_by=author,
        status=status,
        reference=None if status == ResponseStatus.DRAFT else f"RUS2040-2026-{number:04d}",
        submitted_at=None if status == ResponseStatus.DRAFT else datetime.now(UTC),
    )
    for section, text in texts_by_section.items():
        submitted = None if status == ResponseStatus.DRAFT else text
        response.comments.append(Comment(section=section, body=text, submitted_body=submitted))
    db.session.add(response)
    db.session.flush()
    return response


@pytest.fixture
def author(make_user):
    return make_user(Role.STAKEHOLDER, email="skribent@kommun.example", name="Skribent")


@pytest.fixture
def analysed_round(round_, version, author):
    """Fourteen submitted comments on three themes from organisations of several actor types."""
    types = [
        ActorType.MUNICIPALITY,
        ActorType.BUSINESS,
        ActorType.PRIVATE_PERSON,
        ActorType.ACADEMIA,
        ActorType.CIVIL_SOCIETY,
    ]
    for index, section in enumerate(version.sections):
        for n, text in enumerate(SECTION_OF[index]):
            organisation = OrganisationFactory(actor_type=types[n % len(types)])
            submitted_response(round_, organisation, {section: text}, author=author)
    return round_


@pytest.fixture
def published_note(process, version):
    meeting = Meeting(
        process=process,
        kind=MeetingKind.DIALOGUE,
        title="Dialogträff om resor",
        theme="Resor",
        starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
        ends_at=datetime(2026, 3, 2, 12, tzinfo=UTC),
        is_published=True,
    )
    note = MeetingNote(
        meeting=meeting,
        kind=NoteKind.CHALLENGE,
        status=NoteStatus.PUBLISHED,
        body="Deltagarna beskrev att bussen till byn är indragen och att pendlingen blivit omöjlig.",
        published_at=datetime(2026, 3, 2, 13, tzinfo=UTC),
    )
    note.sections.append(version.sections[0])
    draft = MeetingNote(
        meeting=meeting, kind=NoteKind.PROPOSAL, status=NoteStatus.DRAFT, body="Utkast som inte är publicerat."
    )
    db.session.add_all([meeting, note, draft])
    db.session.flush()
    return note
