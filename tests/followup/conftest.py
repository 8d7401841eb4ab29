"""An adopted strategy with three goal areas (one with a subsection), two organisations and their members."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from app.extensions import db
from consultation.drafts import Adoption, Document, DocumentVersion, Process, Section, VersionStatus
from consultation.people import Organisation, Role, User

from ..factories import OrganisationFactory, ProcessFactory, UserFactory

GOAL_AREAS = [("1", "Hållbar tillväxt", 1), ("1.1", "Näringsliv", 2), ("2", "Kompetens", 1), ("3", "Tillgänglighet", 1)]


def adopt(process: Process, sections=GOAL_AREAS) -> Adoption:
    document = Document(process=process, title=f"Strategi för {process.title}")
    version = DocumentVersion(
        document=document,
        number=1,
        title=document.title,
        status=VersionStatus.PUBLISHED,
        published_at=datetime.now(UTC),
    )
    for position, (number, heading, level) in enumerate(sections):
        version.sections.append(
            Section(
                key=f"mal-{process.id}-{number}",
                number=number,
                heading=heading,
                level=level,
                position=position,
                body=f"Om {heading.lower()}.",
            )
        )
    adoption = Adoption(
        process=process, version=version, body="Regionfullmäktige", decided_on=date(2026, 5, 4), reference="§ 12"
    )
    db.session.add_all([document, adoption])
    db.session.flush()
    return adoption


@dataclass
class Strategy:
    process: Process
    adoption: Adoption
    org_a: Organisation
    org_b: Organisation
    member_a: User
    member_b: User
    lonely: User
    admin: User
    facilitator: User

    def section(self, number: str) -> Section:
        return next(s for s in self.adoption.version.sections if s.number == number)


@pytest.fixture
def strategy(db_session) -> Strategy:
    process = ProcessFactory(code="RUS2040")
    org_a = OrganisationFactory(name="Fjällby kommun")
    org_b = OrganisationFactory(name="Dalbo kommun")
    return Strategy(
        process=process,
        adoption=adopt(process),
        org_a=org_a,
        org_b=org_b,
        member_a=UserFactory(roles=[Role.STAKEHOLDER], organisations=[org_a], name="Anna A"),
        member_b=UserFactory(roles=[Role.STAKEHOLDER], organisations=[org_b], name="Bertil B"),
        lonely=UserFactory(roles=[Role.STAKEHOLDER], name="Ensam"),
        admin=UserFactory(roles=[Role.ADMIN], name="Sam Samordnare"),
        facilitator=UserFactory(roles=[Role.FACILITATOR], name="Fia"),
    )


def xlsx(rows: list[list[object]]) -> bytes:
    """A workbook as Excel would save it, first row the column names."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_xlsx(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
