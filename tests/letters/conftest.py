"""A round on the shared letters' draft (Bergslunda 2026–2040), a stakeholder for an organisation, and helpers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.extensions import db
from consultation.drafts import Document, DocumentVersion, Section, VersionStatus
from consultation.people import Role
from consultation.remiss import RoundAccess

from ..analysis.letters_data import LETTERS, letter_bytes, need
from ..factories import OrganisationFactory, ProcessFactory, add_round

__all__ = ["LETTERS", "letter_bytes"]


@pytest.fixture
def bergslunda_round(db_session):
    """An open round on the draft the shared letters answer: its 24 sections, keyed by their numbers."""
    from analysis.letters import sections_from_markdown

    process = ProcessFactory(code="RUS2040")
    document = Document(process=process, title="Regional utvecklingsstrategi för Bergslunda 2026–2040")
    version = DocumentVersion(
        document=document,
        number=1,
        title=document.title,
        status=VersionStatus.PUBLISHED,
        published_at=datetime.now(UTC),
    )
    draft = sections_from_markdown(need(LETTERS / "draft.md").read_text(encoding="utf-8"))
    for position, section in enumerate(draft):
        version.sections.append(
            Section(
                key=section.key,
                number=section.number,
                heading=section.heading.split(" ", 1)[1],
                body=section.text,
                level=section.key.count(".") + 1,
                position=position,
            )
        )
    db.session.add(document)
    db.session.flush()
    return add_round(process, version, access=RoundAccess.OPEN)


@pytest.fixture
def ulvsjo(db_session):
    return OrganisationFactory(name="Ulvsjö kommun")


@pytest.fixture
def writer(make_user, ulvsjo):
    return make_user(Role.STAKEHOLDER, organisations=[ulvsjo], email="kari@ulvsjo.example", name="Kari")


@pytest.fixture
def other_org_user(make_user):
    other = OrganisationFactory(name="Åhamns kommun")
    return make_user(Role.STAKEHOLDER, organisations=[other], email="eva@ahamn.example", name="Eva")


@pytest.fixture
def working_group(make_user):
    return make_user(Role.WORKING_GROUP, email="ag@region.example", name="Arbetsgruppen")


@pytest.fixture(autouse=True)
def _lexical_only(app, monkeypatch):
    """The e5 model's first load takes most of a minute on a loaded machine: the letter tests match by words."""
    monkeypatch.setitem(app.config, "ANALYSIS_USE_EMBEDDINGS", False)
