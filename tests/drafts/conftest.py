"""Two versions of a draft, revised the way a working group revises one, and the points behind the changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from consultation.drafts.publication import publish_version
from consultation.drafts.versions import add_version, parse_markdown
from consultation.meetings import Meeting, MeetingKind, MeetingNote, NoteKind, NoteStatus
from consultation.people import ActorType
from consultation.people.access import SYSTEM
from consultation.remiss import RoundAccess
from consultation.review import Decision, Position

from ..compilation.conftest import analyse_by_hand, respond
from ..factories import OrganisationFactory, ProcessFactory, add_round

V1 = """# Regional utvecklingsstrategi

## 1 Inledning

Regionen växer och förändras.

## 2 Kompetensförsörjning

Regionen ska verka för att kompetensförsörjningen stärks i hela länet, särskilt inom vård och omsorg.

## 3 Kollektivtrafik

Kollektivtrafiken ska byggas ut så att fler kan pendla mellan länets orter.

## 4 Bredband

Bredband ska finnas i alla hushåll senast 2025.
"""

V2 = """# Regional utvecklingsstrategi

## 1 Inledning

Regionen växer och förändras.

## 2 Kompetensförsörjning

Regionen ska aktivt verka för att kompetensförsörjningen stärks i alla delar av länet, särskilt inom vård, omsorg och industrin.

## 3 Kollektivtrafik och pendling

Kollektivtrafiken ska utvecklas så att fler kan pendla hållbart mellan länets orter.

## 5 Klimat <script>alert(1)</script>

Målet är ett klimatneutralt län år 2040 & <b>inget annat</b>.
"""


@dataclass
class Revised:
    process: object
    v1: object
    v2: object
    round: object
    run: object
    comments: dict
    note: object

    def key(self, number: str) -> str:
        return next(s.key for s in self.v1.sections if s.number == number)


@pytest.fixture
def revised(db_session) -> Revised:
    now = datetime.now(UTC)
    process = ProcessFactory(code="RUS2040", title="RUS 2040")
    from consultation.drafts import Document

    document = Document(process=process, title="Förslag till regional utvecklingsstrategi")
    db.session.add(document)
    v1 = publish_version(db.session, SYSTEM, add_version(db.session, document, parse_markdown(V1)).id)
    round_ = add_round(
        process, v1, access=RoundAccess.OPEN, opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=1)
    )
    s1, s2, s3, _s4 = v1.sections
    kommun = OrganisationFactory(name="Fjällby kommun", actor_type=ActorType.MUNICIPALITY)
    foretag = OrganisationFactory(name="Fjällby Buss AB", actor_type=ActorType.BUSINESS)
    tyst = OrganisationFactory(name="Tysta föreningen", actor_type=ActorType.CIVIL_SOCIETY)
    comments = {
        "kommun": respond(round_, {s2: "Nämn vården och industrin."}, organisation=kommun).comments[0],
        "foretag": respond(round_, {s3: "Pendlingen måste bli hållbar."}, organisation=foretag).comments[0],
        "tyst": respond(round_, {s1: "Inledningen är bra."}, organisation=tyst).comments[0],
    }
    meeting = Meeting(
        process=process,
        kind=MeetingKind.DIALOGUE,
        title="Dialogträff om kompetens",
        theme="Kompetens",
        starts_at=now - timedelta(days=40),
        ends_at=now - timedelta(days=40, hours=-3),
        is_published=True,
    )
    note = MeetingNote(
        meeting=meeting,
        kind=NoteKind.PROPOSAL,
        status=NoteStatus.PUBLISHED,
        body="Lyft kompetensen i hela länet, inte bara i staden.",
        published_at=now - timedelta(days=39),
    )
    db.session.add_all([meeting, note])
    db.session.flush()
    run = analyse_by_hand(round_, {"Allt": []})
    db.session.add_all(
        [
            Position(comment=comments["kommun"], decision=Decision.ACCEPTED, acted_on_section_key=s2.key),
            Position(
                comment=comments["foretag"],
                decision=Decision.PARTLY,
                motivation="Hållbar pendling, men ingen ny linje.",
                acted_on_section_key=s3.key,
            ),
            Position(comment=comments["tyst"], decision=Decision.NOTED),
            Position(note=note, decision=Decision.PARTLY, motivation="Delvis.", acted_on_section_key=s2.key),
        ]
    )
    v2 = publish_version(db.session, SYSTEM, add_version(db.session, document, parse_markdown(V2)).id)
    return Revised(process, v1, v2, round_, run, comments, note)
